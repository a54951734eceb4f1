import { describe, expect, it } from 'vitest';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { apiTestBed, STORED_LETTER_CASE } from '../fixtures/api-handler.js';

/**
 * A refusal answers in English for API readers (`message`) and in Chinese for
 * the staff console (`messageZh`), the Chinese of a rule's field issue with
 * it: a lifecycle step refused by the state machine alone, one refused with
 * its reason, a rule about a field of the body, a case that is not there.
 */
// Monday 23 November 2026, 10:00 in China.
const { dynamo, invoke } = apiTestBed({ now: '2026-11-23T02:00:00Z' });

const CASE_NUMBER = STORED_LETTER_CASE.caseNumber;

function stored(changes: Record<string, unknown>) {
  const item = { ...STORED_LETTER_CASE, ...changes };
  dynamo.on(QueryCommand).resolves({ Items: [item] });
  dynamo.on(GetCommand).resolves({ Item: item });
}

describe('a refusal in Chinese beside the English (messageZh)', () => {
  it('an InvalidTransition without a reason says the status and the action: 不予受理 cannot be 受理', async () => {
    stored({ status: 'declined', version: 2 });
    const response = await invoke({ method: 'POST', path: `/cases/${CASE_NUMBER}/accept`, staffId: 'tonglu-office', body: {} });
    expect(response.status).toBe(409);
    expect(response.body.error).toEqual({
      code: 'InvalidTransition',
      message: 'cannot accept a case that is declined',
      messageZh: '该信访事项当前状态为“不予受理”，不能受理',
    });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('an InvalidTransition with its reason says that reason: only a case being handled is extended (延期)', async () => {
    stored({ status: 'registered' });
    const response = await invoke({ method: 'POST', path: `/cases/${CASE_NUMBER}/extension`, staffId: 'tonglu-office', body: { days: 10, reason: '需要现场勘验' } });
    expect(response.status).toBe(409);
    expect(response.body.error).toEqual({
      code: 'InvalidTransition',
      message: 'only a case being handled can be extended',
      messageZh: '只有正在办理的事项才能申请延期',
    });
  });

  it('a RuleViolation about a field of the body says it in Chinese there too: the lead named again as cooperating (交办)', async () => {
    stored({ status: 'accepted', version: 2 });
    const response = await invoke({
      method: 'POST',
      path: `/cases/${CASE_NUMBER}/assign`,
      staffId: 'tonglu-office',
      body: { lead: '330122-housing', cooperating: ['330122-hrss', '330122-housing'] },
    });
    expect(response.status).toBe(422);
    expect(response.body.error).toEqual({
      code: 'RuleViolation',
      message: 'the lead unit 330122-housing cannot also be a cooperating unit',
      messageZh: '主办单位 330122-housing 不能同时作为协办单位',
      issues: [{ path: 'body.cooperating.1', kind: 'rule', message: 'the lead unit 330122-housing cannot also be a cooperating unit', messageZh: '主办单位 330122-housing 不能同时作为协办单位' }],
    });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('CaseNotFound names the number in Chinese', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo.on(GetCommand).resolves({});
    const response = await invoke({ method: 'GET', path: '/cases/330122-2026-000999', staffId: 'tonglu-office' });
    expect(response.status).toBe(404);
    expect(response.body.error).toEqual({ code: 'CaseNotFound', message: 'no case numbered 330122-2026-000999', messageZh: '没有登记编号为 330122-2026-000999 的信访事项' });
  });

  it('a schema’s problems keep their kinds and carry no Chinese of their own (the screen says them by kind)', async () => {
    stored({ status: 'registered' });
    const response = await invoke({ method: 'POST', path: `/cases/${CASE_NUMBER}/decline`, staffId: 'tonglu-office', body: { reason: '' } });
    expect(response.status).toBe(400);
    expect(response.body.error.messageZh).toBe('填写的内容有 1 处问题');
    expect(response.body.error.issues).toEqual([{ path: 'body.reason', message: expect.any(String), kind: 'missing' }]);
  });
});
