import { beforeAll, describe, expect, it } from 'vitest';
import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { apiTestBed, importApiHandler, STORED_LETTER_CASE, type ApiHandler } from '../fixtures/api-handler.js';
import { httpEvent, lambdaContext } from '../fixtures/http-event.js';

/** The follow-up email's links (回访): the page they open posts the answer, once per reply. */
const bed = apiTestBed({ now: '2026-11-30T02:00:00Z' });
let handler: ApiHandler;
beforeAll(async () => {
  handler = await importApiHandler('ERROR');
});

const TOKEN = 'followup-token-0123456789abcdef';
const caseNumber = STORED_LETTER_CASE.caseNumber;
const REPLIED = {
  ...STORED_LETTER_CASE,
  petitioner: { anonymous: false, name: '张伟', email: 'zhangwei@qq.example' },
  status: 'replied',
  acceptedAt: '2026-10-10T02:00:00.000Z',
  handling: { lead: '330122-housing', cooperating: [] },
  reply: { at: '2026-11-20T02:00:00.000Z', by: 'tonglu-housing-handler', letterId: 'decision:x', delivery: 'email', level: 0, reviewRequestBy: '2026-12-20T16:00:00.000Z' },
  result: { facts: '经查属实。', basis: '《物业管理条例》。', decision: '责令物业维修。', outcome: 'supported', concludedAt: '2026-11-19T02:00:00.000Z', concludedBy: 'tonglu-housing-handler', unit: '330122-housing' },
};

function stored(followUp: Record<string, unknown>) {
  bed.dynamo.on(QueryCommand).resolves({ Items: [{ ...REPLIED, followUp: { dueAt: '2026-11-27T02:00:00.000Z', round: 1, token: TOKEN, sentAt: '2026-11-27T02:00:00.000Z', ...followUp } }] });
  bed.dynamo.on(TransactWriteCommand).resolves({});
}

async function answer(value: 'satisfied' | 'unsatisfied') {
  const event = httpEvent({
    method: 'POST',
    path: `/public/follow-up/${caseNumber}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: TOKEN, answer: value }).toString(),
  });
  delete (event.requestContext as { authorizer?: unknown }).authorizer;
  const result = await handler(event, lambdaContext);
  return { status: result.statusCode, page: result.body ?? '' };
}

describe('POST /public/follow-up/{caseNumber}', () => {
  it('records the answer and thanks the petitioner', async () => {
    stored({});
    const { status, page } = await answer('satisfied');
    expect(status).toBe(200);
    expect(page).toContain('您的回访意见已记录');
    expect(bed.dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('answers the same answer sent twice (a double click) with the same thanks, writing nothing', async () => {
    stored({ answeredAt: '2026-11-29T02:00:00.000Z', satisfied: true, via: 'link' });
    const { status, page } = await answer('satisfied');
    expect(status).toBe(200);
    expect(page).toContain('您的回访意见已记录');
    expect(bed.dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('does not tell a petitioner their 不满意 was recorded when the round was answered 满意 before: it says which answer stands', async () => {
    stored({ answeredAt: '2026-11-29T02:00:00.000Z', satisfied: true, via: 'link' });
    const { status, page } = await answer('unsatisfied');
    expect(status).toBe(409);
    expect(page).not.toContain('您的回访意见已记录');
    expect(page).toContain('您已于2026年11月29日 10:00选择了“满意”，本次提交的评价未予记录。');
    expect(page).toContain('如对处理意见不服，可以在期限内向杭州市信访局申请复查。');
    expect(bed.dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});
