import { beforeAll, describe, expect, it, vi } from 'vitest';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { apiTestBed, STORED_LETTER_CASE } from '../fixtures/api-handler.js';
import { loadHandoffHandler, queuedHandoffs, type HandoffHandler } from '../fixtures/handoff-handler.js';
import { captureLogs } from '../fixtures/log-capture.js';

/**
 * A unit's 退回, checked and queued by the API, reaches the handoff function
 * after the case went to another unit: the function asks again whether the
 * staff member may return the case as it is now, refuses it (not retried),
 * keeps the refusal on the case as a handoffRefused event in the transaction
 * of the command's idempotency record and logs it as a warning; delivered
 * again, it answers the same and writes nothing.
 */
const { dynamo, sqs, invoke } = apiTestBed({ now: '2026-12-02T02:00:00.000Z' });

let handoff: HandoffHandler;
beforeAll(async () => {
  // The handoff function logs at INFO here (the API's test bed set ERROR): its warnings are what is checked.
  vi.stubEnv('LOG_LEVEL', 'INFO');
  handoff = await loadHandoffHandler();
});

const NUMBER = '330122-2026-000007';
const ledBy = (unit: string, version: number) => ({
  ...STORED_LETTER_CASE,
  status: 'assigned',
  version,
  subject: '拖欠工资',
  acceptedAt: '2026-11-27T02:00:00.000Z',
  handling: { lead: unit, cooperating: [] },
  assignedBy: { staffId: 'tonglu-office', jurisdiction: '330122' },
  deadlines: { handling: '2027-01-20T16:00:00.000Z' },
  objectionWindow: { unit, from: '330122', receivedAt: '2026-12-01T02:00:00.000Z', until: '2026-12-08T16:00:00.000Z' },
});

describe('a queued 退回 whose unit no longer holds the case', () => {
  it('is refused by the handoff function: nothing written but the refusal, kept on the case once, a warning logged, the same answer when delivered again', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [ledBy('330122-housing', 5)] });
    const asked = await invoke({ method: 'POST', path: `/cases/${NUMBER}/return`, staffId: 'tonglu-housing-handler', body: { reason: '不属本单位职责' } });
    expect(asked.status).toBe(202);
    const [delivery] = queuedHandoffs(sqs);

    // Before it is delivered, the office has given the case to 人社局.
    dynamo.on(QueryCommand).resolves({ Items: [ledBy('330122-hrss', 7)] });
    dynamo.on(GetCommand).resolves({});
    // The refusal reads the case item alone (and no idempotency record is there yet).
    dynamo.on(GetCommand, { Key: { pk: `CASE#${NUMBER}`, sk: 'CASE' } }).resolves({ Item: ledBy('330122-hrss', 7) });
    dynamo.on(PutCommand).resolves({});
    dynamo.on(TransactWriteCommand).resolves({});
    const logs = captureLogs();
    try {
      expect(await handoff(delivery!)).toEqual({ batchItemFailures: [] });
      // One transaction: the case as it was (version + 1), the handoffRefused event, the command's idempotency record.
      const [written] = dynamo.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems!);
      expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
      const items = written!.map((item) => item.Put?.Item ?? {});
      expect(written![0]!.Put!.ConditionExpression).toBe('version = :expected');
      expect(JSON.stringify(items)).toContain('"type":"handoffRefused"');
      expect(JSON.stringify(items)).toContain('提交后该信访事项已有变化，提交人已无权退回该事项');
      expect(items.filter((item) => item.entity === 'idempotency')).toEqual([expect.objectContaining({ outcome: 'refused:NotAuthorised', caseNumber: NUMBER })]);
      expect(dynamo.commandCalls(PutCommand).map((c) => c.args[0].input.Item!).filter((item) => item.entity === 'idempotency')).toEqual([]);
      const warning = logs.entries().find((e) => e.level === 'WARN');
      expect(warning).toMatchObject({ message: 'handoff refused; kept on the case, nothing else changed', action: 'return', by: 'tonglu-housing-handler', caseNumber: NUMBER, code: 'NotAuthorised' });
      expect(warning!.reason).toContain('tonglu-housing-handler may no longer return case');
      // The staff member's own reason text stays out of the log.
      expect(logs.text()).not.toContain('不属本单位职责');

      // Delivered again (a DLQ redrive): the record answers, nothing is tried or written.
      logs.clear();
      dynamo.on(GetCommand).resolves({ Item: { outcome: 'refused:NotAuthorised' } });
      dynamo.on(QueryCommand).resolves({ Items: [ledBy('330122-housing', 9)] });
      expect(await handoff(delivery!)).toEqual({ batchItemFailures: [] });
      expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
      expect(logs.entries().find((e) => e.message === 'message handled')).toMatchObject({ outcome: 'refused', code: 'NotAuthorised' });
    } finally {
      logs.restore();
    }
  });

  it('is applied as before while the unit still holds it, naming that unit as the one that returned it', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [ledBy('330122-housing', 5)] });
    dynamo.on(GetCommand).resolves({});
    dynamo.on(TransactWriteCommand).resolves({});
    expect((await invoke({ method: 'POST', path: `/cases/${NUMBER}/return`, staffId: 'tonglu-housing-handler', body: { reason: '不属本单位职责' } })).status).toBe(202);

    expect(await handoff(queuedHandoffs(sqs)[0]!)).toEqual({ batchItemFailures: [] });

    const [written] = dynamo.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems!);
    expect(JSON.stringify(written)).toContain('"returnedBy":"330122-housing"');
  });
});
