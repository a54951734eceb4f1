import { describe, expect, it } from 'vitest';
import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { apiTestBed, STORED_LETTER_CASE } from '../fixtures/api-handler.js';
import { unpacked } from '../fixtures/stored-items.js';

// 认领 (首问责任制), through the API: once per holder.
const { dynamo, invoke } = apiTestBed({ now: '2026-12-07T02:00:00.000Z' });

const PATH = '/cases/330122-2026-000007/claim';
const written = () => dynamo.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems!);

describe('POST /cases/{n}/claim (认领)', () => {
  it('makes the caller the case’s 承办人 with one claimed event', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [STORED_LETTER_CASE] });
    dynamo.on(TransactWriteCommand).resolves({});

    const response = await invoke({ method: 'POST', path: PATH, staffId: 'tonglu-registrar', body: {} });

    expect(response.status).toBe(200);
    expect(response.body.case.owner).toBe('tonglu-registrar');
    const items = written()[0]!.map((i) => unpacked(i.Put!.Item!));
    // …and the case on the claimer's 我承办的 list, in the same transaction.
    expect(items.map((i) => i.entity)).toEqual(['case', 'event', 'handler']);
    expect(items[1]).toMatchObject({ type: 'claimed', actor: 'tonglu-registrar' });
    expect(items[2]).toMatchObject({ pk: 'CASE#330122-2026-000007', sk: 'HANDLER', gsi2pk: 'HANDLER#tonglu-registrar' });
  });

  it('is not offered to the staff member who holds the case already, and claimed again changes nothing: no second event', async () => {
    const owned = { ...STORED_LETTER_CASE, owner: 'tonglu-registrar', version: 2 };
    dynamo.on(QueryCommand).resolves({ Items: [owned] });
    dynamo.on(TransactWriteCommand).resolves({});

    const mine = await invoke({ method: 'GET', path: '/cases/330122-2026-000007', staffId: 'tonglu-registrar' });
    expect(mine.body.allowedActions).not.toContain('claim');
    // A colleague of the same office may still take it over.
    const colleague = await invoke({ method: 'GET', path: '/cases/330122-2026-000007', staffId: 'tonglu-office' });
    expect(colleague.body.allowedActions).toContain('claim');

    const again = await invoke({ method: 'POST', path: PATH, staffId: 'tonglu-registrar', body: {} });
    expect(again.status).toBe(200);
    expect(again.body.case).toMatchObject({ owner: 'tonglu-registrar', version: 2 });
    expect(written()).toEqual([]);
  });
});
