import { beforeEach, describe, expect, it } from 'vitest';
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { apiTestBed, STORED_LETTER_CASE } from '../fixtures/api-handler.js';

/**
 * A case outside the caller's scope answers exactly as a case that does not
 * exist (404), on every route under /cases/{n}, so that a number is not
 * confirmed to be in use; the refusal is still audited. 403 stays for an
 * action on a case the caller may see.
 */
// Monday 23 November 2026, 10:00 in China.
const { dynamo, sqs, invoke } = apiTestBed({ now: '2026-11-23T02:00:00Z' });

const storedCase = STORED_LETTER_CASE;

describe('a case outside the caller’s scope answers exactly as a case that does not exist', () => {
  const EXISTING = '330122-2026-000007';
  const MISSING = '330122-2026-000999';
  const routes: [string, string, unknown][] = [
    ['GET', '', undefined],
    ['GET', '/audit', undefined],
    ['GET', '/decision-letter', undefined],
    ['POST', '/accept', {}],
    ['POST', '/decline', { reason: '不属于信访事项' }],
    ['POST', '/redirect', { body: '人民法院', reason: '已进入诉讼程序' }],
    ['POST', '/claim', {}],
    ['POST', '/assign', { lead: '330122-housing' }],
    ['POST', '/transfer', { toJurisdiction: '330100', reason: '上级管辖' }],
    ['POST', '/return', { reason: '不属本单位职责' }],
    ['POST', '/return-request', { reason: '不属本单位职责' }],
    ['POST', '/return-request/refusal', { reason: '属本单位职责' }],
    ['POST', '/bypass-notice', {}],
    ['POST', '/route', { lead: '330122-housing' }],
    ['POST', '/extension', { days: 10, reason: '需要现场勘验' }],
    ['POST', '/extension/decision', { approve: true }],
    ['POST', '/conclude', { facts: '经查', basis: '条例', decision: '支持', outcome: 'supported' }],
    ['POST', '/reply', {}],
    ['POST', '/review-request', { reason: '不服处理意见' }],
    ['POST', '/review-decision', { outcome: 'upheld', facts: '经复查', basis: '条例', decision: '维持' }],
    ['POST', '/follow-up', { satisfied: true }],
    ['POST', '/close', {}],
    ['POST', '/archive', {}],
    ['POST', '/recusals', { staffId: 'tonglu-office', reason: '亲属关系' }],
  ];

  beforeEach(() => {
    dynamo.on(QueryCommand).callsFake((input: { ExpressionAttributeValues: Record<string, string> }) => ({
      Items: input.ExpressionAttributeValues[':pk'] === `CASE#${EXISTING}` ? [storedCase] : [],
    }));
    dynamo.on(GetCommand).callsFake((input: { Key: { pk: string } }) => (input.Key.pk === `CASE#${EXISTING}` ? { Item: storedCase } : {}));
    dynamo.on(PutCommand).resolves({});
  });

  it.each(routes)('%s /cases/{n}%s: 404 CaseNotFound for another county’s staff, the refusal audited', async (method, tail, body) => {
    const call = (n: string) => invoke({ method, path: `/cases/${n}${tail}`, staffId: 'deqing-office', ...(body === undefined ? {} : { body }) });
    const hidden = await call(EXISTING);
    const absent = await call(MISSING);

    expect([hidden.status, absent.status]).toEqual([404, 404]);
    // The same in Chinese too: nothing tells a hidden number from a free one.
    expect(hidden.body).toEqual({ error: { code: 'CaseNotFound', message: `no case numbered ${EXISTING}`, messageZh: `没有登记编号为 ${EXISTING} 的信访事项` } });
    expect(absent.body).toEqual({ error: { code: 'CaseNotFound', message: `no case numbered ${MISSING}`, messageZh: `没有登记编号为 ${MISSING} 的信访事项` } });
    expect(hidden.headers).toEqual(absent.headers);
    // The refusal is still in the case's audit trail; nothing was changed or sent.
    const audit = dynamo.commandCalls(PutCommand).map((c) => c.args[0].input.Item!).filter((item) => item.entity === 'audit');
    expect(audit).toEqual([expect.objectContaining({ caseNumber: EXISTING, actor: 'deqing-office', outcome: 'denied' })]);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });

  it('is the same for a unit’s staff and a case their unit does not work', async () => {
    const response = await invoke({ method: 'GET', path: `/cases/${EXISTING}`, staffId: 'tonglu-housing-handler' });
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('CaseNotFound');
  });

  it('writes an attempt the input or the rules refused to the trail as refused, with the error’s code', async () => {
    const assigned = { ...storedCase, status: 'assigned', handling: { lead: '330122-housing', cooperating: [] } };
    dynamo.on(QueryCommand).resolves({ Items: [assigned] });
    dynamo.on(GetCommand).resolves({ Item: assigned });
    const tooLong = await invoke({ method: 'POST', path: `/cases/${EXISTING}/extension`, staffId: 'tonglu-housing-head', body: { days: 31, reason: '需要现场勘验' } });
    const nothingWaiting = await invoke({ method: 'POST', path: `/cases/${EXISTING}/extension/decision`, staffId: 'tonglu-leader-petitions', body: { approve: true } });

    expect([tooLong.status, nothingWaiting.status]).toEqual([400, 409]);
    const audit = dynamo.commandCalls(PutCommand).map((c) => c.args[0].input.Item!).filter((item) => item.entity === 'audit');
    expect(audit).toEqual([
      expect.objectContaining({ caseNumber: EXISTING, actor: 'tonglu-housing-head', action: 'extension', outcome: 'refused', detail: tooLong.body.error.code }),
      expect.objectContaining({ caseNumber: EXISTING, actor: 'tonglu-leader-petitions', action: 'extension/decision', outcome: 'refused', detail: 'InvalidTransition' }),
    ]);
  });

  it('refuses a body on an action that takes none, naming what would have been dropped', async () => {
    dynamo.on(GetCommand).resolves({ Item: { ...storedCase, status: 'replied' } });
    const response = await invoke({ method: 'POST', path: `/cases/${EXISTING}/close`, staffId: 'tonglu-office', body: { note: '已电话回访' } });
    expect(response.status).toBe(400);
    expect(response.body.error.issues).toEqual([{ path: 'body.note', message: 'Unrecognized key: "note" (this action takes no body)', kind: 'format' }]);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('keeps 403 for a case the caller may see but not act on', async () => {
    const assigned = { ...storedCase, status: 'assigned', handling: { lead: '330122-housing', cooperating: [] } };
    dynamo.on(QueryCommand).resolves({ Items: [assigned] });
    dynamo.on(GetCommand).resolves({ Item: assigned });
    for (const [method, tail] of [['POST', '/accept'], ['POST', '/close'], ['GET', '/audit']] as const) {
      const response = await invoke({ method, path: `/cases/${EXISTING}${tail}`, staffId: 'tonglu-housing-handler', ...(method === 'POST' ? { body: {} } : {}) });
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('OutOfScope');
    }
  });
});
