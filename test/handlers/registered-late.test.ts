import { describe, expect, it } from 'vitest';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { apiTestBed, LETTER } from '../fixtures/api-handler.js';
import { unpacked } from '../fixtures/stored-items.js';

/**
 * 收到当日登记: a letter staff register after the working day it was due is
 * recorded as registered late (working days), on the case and its
 * `registered` event; one registered the day it came, however late in that
 * China day, or on the first working day after a rest day it came on, is not.
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
  it('a letter received on Thursday 3 December and registered on Monday 7 December is 2 working days late, on the case and its event', async () => {
    const { body, stored, event } = await register('2026-12-03T16:00:00+08:00');
    expect(body.case.registeredLate).toBe(2);
    expect(stored.registeredLate).toBe(2);
    expect(event.detail).toMatchObject({ registeredLate: 2 });
  });

  it('a letter of Friday afternoon registered on Monday missed one working day', async () => {
    const { stored } = await register('2026-12-04T16:00:00+08:00');
    expect(stored.registeredLate).toBe(1);
  });

  it('one that came on Sunday 6 December at 20:00 and is registered at 00:30 on Monday is on time: Monday is the first working day it was due', async () => {
    const { stored, event } = await register('2026-12-06T20:00:00+08:00');
    expect(stored.registeredLate).toBeUndefined();
    expect(event.detail.registeredLate).toBeUndefined();
  });

  it('registered the China day it came is not late', async () => {
    const { stored, event } = await register('2026-12-07T00:10:00+08:00');
    expect(stored.registeredLate).toBeUndefined();
    expect(event.detail.registeredLate).toBeUndefined();
  });
});
