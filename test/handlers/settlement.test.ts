import { describe, expect, it } from 'vitest';
import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { apiTestBed, STORED_LETTER_CASE } from '../fixtures/api-handler.js';
import { unpacked } from '../fixtures/stored-items.js';

// 息诉罢访 declared to the office, through the API.
const { dynamo, invoke } = apiTestBed({ now: '2026-12-07T02:00:00.000Z' });

const PATH = '/cases/330122-2026-000007/settlement';
const replied = {
  ...STORED_LETTER_CASE,
  status: 'replied',
  version: 9,
  handling: { lead: '330122-housing', cooperating: [] },
  result: { outcome: 'supported', facts: '属实', basis: '条例', decision: '维修', unit: '330122-housing', concludedAt: '2026-12-01T02:00:00.000Z', concludedBy: 'tonglu-housing-handler' },
};
const written = () => dynamo.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems!);

describe('POST /cases/{n}/settlement (息诉罢访)', () => {
  it('records how the petitioner declared it, with an event, and offers it no more', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [replied] });
    dynamo.on(TransactWriteCommand).resolves({});
    const before = await invoke({ method: 'GET', path: '/cases/330122-2026-000007', staffId: 'tonglu-registrar' });
    expect(before.body.allowedActions).toContain('recordSettlement');

    const response = await invoke({ method: 'POST', path: PATH, staffId: 'tonglu-registrar', body: { note: '来访时签订息诉罢访承诺书', expectedVersion: 9 } });

    expect(response.status).toBe(200);
    expect(response.body.case.settled).toEqual({ at: '2026-12-07T02:00:00.000Z', by: 'tonglu-registrar', how: 'declared', note: '来访时签订息诉罢访承诺书' });
    // Read back as stored: the page no longer offers it (the command's answer carries no allowedActions).
    dynamo.on(QueryCommand).resolves({ Items: [written()[0]!.find((i) => i.Put?.Item?.entity === 'case')!.Put!.Item!] });
    const after = await invoke({ method: 'GET', path: '/cases/330122-2026-000007', staffId: 'tonglu-registrar' });
    expect(after.body.case.settled).toBeDefined();
    expect(after.body.allowedActions).not.toContain('recordSettlement');
    const items = written()[0]!.map((i) => unpacked(i.Put!.Item!));
    expect(items.map((i) => i.entity)).toEqual(['case', 'event']);
    expect(items[1]).toMatchObject({ type: 'settled', actor: 'tonglu-registrar', reason: '来访时签订息诉罢访承诺书' });
    expect((items[0] as { ledger?: { settled?: boolean } }).ledger?.settled).toBe(true);
  });

  it('is refused before the reply (409), to a unit’s staff (403) and without the note (400)', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [{ ...replied, status: 'inProgress', result: undefined }] });
    expect((await invoke({ method: 'POST', path: PATH, staffId: 'tonglu-office', body: { note: '承诺' } })).status).toBe(409);
    dynamo.on(QueryCommand).resolves({ Items: [replied] });
    expect((await invoke({ method: 'POST', path: PATH, staffId: 'tonglu-housing-handler', body: { note: '承诺' } })).status).toBe(403);
    expect((await invoke({ method: 'POST', path: PATH, staffId: 'tonglu-office', body: { note: ' ' } })).status).toBe(400);
    expect(written()).toEqual([]);
  });
});
