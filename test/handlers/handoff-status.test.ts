import { beforeAll, describe, expect, it } from 'vitest';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { idempotencyKey } from '../../shared/adapters/dynamodb/keys.js';
import { apiTestBed, STORED_LETTER_CASE } from '../fixtures/api-handler.js';
import { loadHandoffHandler, queuedHandoffs, type HandoffHandler } from '../fixtures/handoff-handler.js';

/**
 * The tester's finding: three 交办 of one accepted case sent at once are all
 * answered 202; the handoff function applies the first and refuses the other
 * two. Each refusal is written to the case as a handoffRefused event, in the
 * transaction of its idempotency record, and whoever may read the case looks
 * up each command's outcome at GET /cases/{caseNumber}/handoffs/{commandId}.
 */
const { dynamo, sqs, invoke } = apiTestBed({ now: '2026-12-02T02:00:00.000Z' });

let handoff: HandoffHandler;
beforeAll(async () => {
  handoff = await loadHandoffHandler();
});

const NUMBER = '330122-2026-000007';
const ACCEPTED = {
  ...STORED_LETTER_CASE,
  status: 'accepted',
  version: 3,
  subject: '楼顶漏水',
  acceptedAt: '2026-11-27T02:00:00.000Z',
  deadlines: { handling: '2027-01-20T16:00:00.000Z' },
};
type Item = Record<string, unknown>;

/** What the transactions wrote, item by item. */
const written = (): Item[][] => dynamo.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems!.map((t) => (t.Put?.Item ?? {}) as Item));

describe('three 交办 at once', () => {
  it('are all 202; housing is applied, the other two refused and kept on the case; each command’s outcome can be looked up', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [ACCEPTED] });
    dynamo.on(GetCommand).resolves({});
    dynamo.on(PutCommand).resolves({});
    dynamo.on(TransactWriteCommand).resolves({});
    const leads = ['330122-housing', '330122-hrss', '330122-market'];
    const answers = await Promise.all(leads.map((lead) => invoke({ method: 'POST', path: `/cases/${NUMBER}/assign`, staffId: 'tonglu-office', body: { lead } })));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
    const ids = answers.map((a) => (a.body as { commandId: string }).commandId);

    // Delivered in order (one message group per case): the first is applied…
    const deliveries = queuedHandoffs(sqs);
    expect(deliveries).toHaveLength(3);
    expect(await handoff(deliveries[0]!)).toEqual({ batchItemFailures: [] });
    const [applied] = written();
    const assigned = applied![0]!;
    expect(assigned).toMatchObject({ status: 'assigned', version: 4 });
    // …and the other two find the case 已交办.
    dynamo.on(QueryCommand).resolves({ Items: [assigned] });
    dynamo.on(GetCommand, { Key: { pk: `CASE#${NUMBER}`, sk: 'CASE' } }).resolves({ Item: assigned });
    expect(await handoff(deliveries[1]!)).toEqual({ batchItemFailures: [] });
    const refusal = written()[1]!;
    expect(JSON.stringify(refusal[1])).toContain('"type":"handoffRefused"');
    expect(JSON.stringify(refusal[1])).toContain(ids[1]!);
    expect(JSON.stringify(refusal[1])).toContain('该信访事项当前状态为“已交办”，不能交办');
    const record = refusal.find((item) => item.entity === 'idempotency')!;
    expect(record).toMatchObject({ caseNumber: NUMBER, outcome: 'refused:InvalidTransition' });
    // The case item is the same but for its version and updatedAt: status, handling and deadlines as they were.
    const { version: _a, updatedAt: _b, ...after } = refusal[0]!;
    const { version: _c, updatedAt: _d, ...before } = assigned;
    expect(after).toEqual(before);
    expect(refusal[0]!.version).toBe(5);

    // Delivered twice (a redrive): the record answers, no second event.
    dynamo.on(GetCommand, { Key: idempotencyKey(`handoff:${ids[1]!}`) }).resolves({ Item: record });
    expect(await handoff(deliveries[1]!)).toEqual({ batchItemFailures: [] });
    expect(written()).toHaveLength(2);

    // The case as the table now holds it: read back by the status route.
    dynamo.on(QueryCommand).resolves({ Items: [refusal[0]!, refusal[1]!] });
    dynamo.on(GetCommand, { Key: idempotencyKey(`handoff:${ids[0]!}`) }).resolves({ Item: applied!.find((item) => item.entity === 'idempotency')! });
    const status = (id: string, staffId = 'tonglu-office') => invoke({ method: 'GET', path: `/cases/${NUMBER}/handoffs/${id}`, staffId });

    expect(await status(ids[1]!)).toMatchObject({
      status: 200,
      body: { commandId: ids[1], caseNumber: NUMBER, status: 'refused', code: 'InvalidTransition', reason: '该信访事项当前状态为“已交办”，不能交办', seq: 5 },
    });
    expect(await status(ids[0]!)).toMatchObject({ status: 200, body: { commandId: ids[0], status: 'applied' } });
    // Not yet delivered.
    expect(await status(ids[2]!)).toMatchObject({ status: 200, body: { commandId: ids[2], status: 'pending' } });
    // The look-up is on the audit trail as a read.
    const audit = dynamo.commandCalls(PutCommand).map((c) => c.args[0].input.Item!).filter((item) => String(item.action ?? '').startsWith('read:handoffs/'));
    expect(audit.map((item) => item.action)).toContain(`read:handoffs/${ids[1]}`);
  });

  it('is answered like the case to whoever may not read it (404), and a command of another case is 404 HandoffNotFound', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [ACCEPTED] });
    dynamo.on(GetCommand).resolves({ Item: { outcome: 'refused:InvalidTransition', caseNumber: '330122-2026-000099' } });
    dynamo.on(PutCommand).resolves({});

    const outsider = await invoke({ method: 'GET', path: `/cases/${NUMBER}/handoffs/00000000-0000-4000-8000-000000000000`, staffId: 'chunan-office' });
    expect(outsider).toMatchObject({ status: 404, body: { error: { code: 'CaseNotFound' } } });

    const other = await invoke({ method: 'GET', path: `/cases/${NUMBER}/handoffs/00000000-0000-4000-8000-000000000000`, staffId: 'tonglu-office' });
    expect(other).toMatchObject({ status: 404, body: { error: { code: 'HandoffNotFound' } } });
    expect(JSON.stringify(other.body)).not.toContain('330122-2026-000099');

    expect((await invoke({ method: 'GET', path: `/cases/${NUMBER}/handoffs/not%20an%20id`, staffId: 'tonglu-office' })).status).toBe(400);
  });
});
