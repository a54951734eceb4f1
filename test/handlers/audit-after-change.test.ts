import { describe, expect, it } from 'vitest';
import { ConditionalCheckFailedException, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { apiTestBed, LETTER, STORED_LETTER_CASE } from '../fixtures/api-handler.js';
import { captureLogs } from '../fixtures/log-capture.js';

const { dynamo, invoke } = apiTestBed({ now: '2026-11-21T02:00:00.000Z' });
const throttled = () => new ProvisionedThroughputExceededException({ message: 'throttled', $metadata: {} });
const auditPuts = () => dynamo.commandCalls(PutCommand).filter((c) => c.args[0].input.Item?.entity === 'audit');

/**
 * A change is committed before its audit entry is written: a failing append
 * must not tell staff that a change which stands did not happen (they would
 * do it again), nor may a read be answered without its entry.
 */
describe('the audit trail of a committed change', () => {
  const declined = () => {
    dynamo.on(QueryCommand).resolves({ Items: [{ ...STORED_LETTER_CASE, petitioner: { anonymous: false, name: '张伟', email: 'zw@163.example' } }] });
    dynamo.on(TransactWriteCommand).resolves({});
  };
  const decline = () => invoke({ method: 'POST', path: '/cases/330122-2026-000007/decline', staffId: 'tonglu-office', body: { reason: '该事项已进入诉讼程序，请通过法律途径解决' } });

  it('tries the entry again when the append is throttled once, and answers the change', async () => {
    declined();
    dynamo.on(PutCommand).rejectsOnce(throttled()).resolves({});
    const answer = await decline();
    expect(answer.status).toBe(200);
    expect(answer.body.case.status).toBe('declined');
    expect(auditPuts()).toHaveLength(2);
    expect(auditPuts()[1]!.args[0].input.Item).toMatchObject({ action: 'decline', outcome: 'allowed', actor: 'tonglu-office' });
    // The same entry, under the same key: had the first try stored it after all, the second would find it there.
    expect(auditPuts()[1]!.args[0].input.Item!.sk).toBe(auditPuts()[0]!.args[0].input.Item!.sk);
  });

  it('takes an entry an earlier try stored (its answer lost) as stored', async () => {
    declined();
    dynamo.on(PutCommand).rejectsOnce(throttled()).rejectsOnce(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} })).resolves({});
    const logs = captureLogs();
    try {
      expect((await decline()).status).toBe(200);
      expect(auditPuts()).toHaveLength(2);
      expect(logs.entries().filter((entry) => entry.level === 'ERROR')).toEqual([]);
    } finally {
      logs.restore();
    }
  });

  it('answers the committed change even when the entry cannot be stored, and logs it as an error', async () => {
    declined();
    dynamo.on(PutCommand).rejects(throttled());
    const logs = captureLogs();
    try {
      const answer = await decline();
      expect(answer.status).toBe(200);
      expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
      expect(auditPuts()).toHaveLength(3);
      expect(logs.entries().filter((entry) => entry.level === 'ERROR')).toEqual([
        // The whole entry, for an operator to append it again.
        expect.objectContaining({
          message: 'audit entry of a committed change not stored',
          entry: expect.objectContaining({ caseNumber: '330122-2026-000007', action: 'decline', actor: 'tonglu-office', outcome: 'allowed', at: '2026-11-21T02:00:00.000Z' }),
        }),
      ]);
    } finally {
      logs.restore();
    }
  });

  it('still answers no read whose entry could not be stored', async () => {
    declined();
    dynamo.on(PutCommand).rejects(throttled());
    const logs = captureLogs();
    try {
      const answer = await invoke({ method: 'GET', path: '/cases/330122-2026-000007', staffId: 'tonglu-office' });
      expect(answer.status).toBeGreaterThanOrEqual(500);
      expect(JSON.stringify(answer.body)).not.toContain('张伟');
    } finally {
      logs.restore();
    }
  });
});

/**
 * Registering at the desk is the first action on a case: the trail says who registered it and when, as it
 * says who accepted or declined it — and a retry with the same Idempotency-Key, answered the case, is a read of it.
 */
describe('the audit trail of a registration', () => {
  const key = { 'idempotency-key': 'desk-1-000456' };

  it('writes who registered the case, and a retry that answers it as a read', async () => {
    dynamo.on(GetCommand).resolves({});
    dynamo.on(UpdateCommand).resolves({ Attributes: { seq: 7 } });
    dynamo.on(TransactWriteCommand).resolves({});
    dynamo.on(PutCommand).resolves({});
    const first = await invoke({ method: 'POST', path: '/cases', staffId: 'tonglu-registrar', body: LETTER, headers: key });
    expect(first.status).toBe(201);
    expect(auditPuts().map((c) => c.args[0].input.Item)).toEqual([
      expect.objectContaining({ caseNumber: '330122-2026-000007', actor: 'tonglu-registrar', action: 'register', outcome: 'allowed', at: '2026-11-21T02:00:00.000Z' }),
    ]);

    const record = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![0]!.Put!.Item!;
    dynamo.reset();
    dynamo.on(GetCommand).resolves({ Item: record });
    dynamo.on(QueryCommand).resolves({ Items: [STORED_LETTER_CASE] });
    dynamo.on(PutCommand).resolves({});
    const again = await invoke({ method: 'POST', path: '/cases', staffId: 'tonglu-registrar', body: LETTER, headers: key });
    expect(again.status).toBe(200);
    expect(auditPuts().map((c) => c.args[0].input.Item)).toEqual([expect.objectContaining({ caseNumber: '330122-2026-000007', actor: 'tonglu-registrar', action: 'read', outcome: 'allowed' })]);
  });
});
