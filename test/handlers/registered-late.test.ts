import { describe, expect, it } from 'vitest';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { apiTestBed, LETTER } from '../fixtures/api-handler.js';
import { unpacked } from '../fixtures/stored-items.js';

/**
 * 收到当日登记: a letter staff register days after it came is recorded as
 * registered late (calendar days, China), on the case and its `registered`
 * event; one registered the day it came, however late in that China day, is not.
 */

// Monday 7 December 2026, 00:30 in China (still 6 December in UTC).
const { dynamo, invoke } = apiTestBed({ now: '2026-12-06T16:30:00Z' });

async function register(receivedAt: string) {
  dynamo.on(GetCommand).resolves({});
  dynamo.on(UpdateCommand).resolves({ Attributes: { seq: 7 } });
  dynamo.on(TransactWriteCommand).resolves({});
  const created = await invoke({ method: 'POST', path: '/cases', staffId: 'tonglu-registrar', body: { ...LETTER, receivedAt } });
  expect(created.status).toBe(201);
  const items = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!.flatMap((i) => (i.Put?.Item ? [unpacked(i.Put.Item)] : []));
  return { body: created.body, stored: items.find((item) => item.sk === 'CASE')!, event: items.find((item) => item.entity === 'event' && item.type === 'registered')! };
}

describe('逾期登记', () => {
  it('a letter received on Friday 4 December and registered on Monday 7 December is 3 days late, on the case and its event', async () => {
    const { body, stored, event } = await register('2026-12-04T16:00:00+08:00');
    expect(body.case.registeredLate).toBe(3);
    expect(stored.registeredLate).toBe(3);
    expect(event.detail).toMatchObject({ registeredLate: 3 });
  });

  it('counts China days: received at 23:50 on 6 December, registered at 00:30 the next day, is 1 day late', async () => {
    const { stored } = await register('2026-12-06T23:50:00+08:00');
    expect(stored.registeredLate).toBe(1);
  });

  it('registered the China day it came is not late', async () => {
    const { stored, event } = await register('2026-12-07T00:10:00+08:00');
    expect(stored.registeredLate).toBeUndefined();
    expect(event.detail.registeredLate).toBeUndefined();
  });
});
