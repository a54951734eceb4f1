import { beforeAll, describe, expect, it } from 'vitest';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
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

function stored(followUp: Record<string, unknown>, changes: Record<string, unknown> = {}) {
  const item = { ...REPLIED, ...changes, followUp: { dueAt: '2026-11-27T02:00:00.000Z', round: 1, token: TOKEN, sentAt: '2026-11-27T02:00:00.000Z', ...followUp } };
  bed.dynamo.on(QueryCommand).resolves({ Items: [item] });
  // The link's page reads the case item alone.
  bed.dynamo.on(GetCommand).resolves({ Item: item });
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
    expect(page).toContain('您已于2026年11月29日 10:00通过回访邮件中的链接选择了“满意”，本次提交的评价未予记录。');
    expect(page).toContain('对处理意见不服、要求复查的，请在 <strong>2026年12月20日</strong>（含当日）前向杭州市信访局另行申请复查');
    expect(page).not.toContain('确认提交');
    expect(bed.dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});

async function open(value: 'satisfied' | 'unsatisfied', token = TOKEN) {
  const event = httpEvent({ method: 'GET', path: `/public/follow-up/${caseNumber}`, query: { token, answer: value } });
  delete (event.requestContext as { authorizer?: unknown }).authorizer;
  const result = await handler(event, lambdaContext);
  return { status: result.statusCode, page: result.body ?? '' };
}

describe('GET /public/follow-up/{caseNumber}: the page the email link opens', () => {
  it('is a portal page naming the case and the office, saying what 不满意 does and that it is not a 复查 request, with a link to tracking', async () => {
    stored({});
    const { status, page } = await open('unsatisfied');
    expect(status).toBe(200);
    expect(page).toContain('<header><p>网上信访</p></header>');
    expect(page).toContain('<dd class="code" id="case-number">' + caseNumber + '</dd>');
    expect(page).toContain('<strong>桐庐县信访局</strong>（地址：桐庐县行政服务中心一楼来访接待大厅；电话：');
    expect(page).toContain('提交“不满意”后，该事项将重新交承办单位办理，办结后再次书面答复您。');
    expect(page).toContain('“不满意”不是复查申请。');
    expect(page).toContain('提交“不满意”、事项重新办理的，对重新作出的处理意见仍可以申请复查。');
    expect(page).toContain('<a href="/public/track">凭登记编号和查询码查询办理进展</a>');
    expect(page).toContain('<label for="f-comment">意见或理由');
    expect(page).toContain('确认提交“不满意”');
    expect(bed.dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('says a round answered already was answered, when and how, and offers no button', async () => {
    stored({ answeredAt: '2026-11-29T02:00:00.000Z', satisfied: false, via: 'email' });
    const { status, page } = await open('unsatisfied');
    expect(status).toBe(200);
    expect(page).toContain('<h1>该回访已经作答</h1>');
    expect(page).toContain('您已于2026年11月29日 10:00通过回复回访邮件选择了“不满意”。');
    expect(page).not.toContain('<button');
    expect(page).not.toContain('<form');
  });

  it('answers a wrong token like an unknown case, as a portal page', async () => {
    stored({});
    const { status, page } = await open('unsatisfied', 'B'.repeat(31));
    expect(status).toBe(403);
    expect(page).toContain('此链接无效或已失效。');
    expect(page).toContain('<header><p>网上信访</p></header>');
    expect(page).not.toContain('桐庐县信访局');
  });
});

describe('POST /public/follow-up/{caseNumber}: what follows 不满意', () => {
  it('says the case went back to the handling unit, its new last day, and when the answer comes', async () => {
    stored({});
    const { status, page } = await answer('unsatisfied');
    expect(status).toBe(200);
    expect(page).toContain('您的回访意见已记录。');
    expect(page).toMatch(/您表示不满意。该事项已重新交桐庐县住房和城乡建设局办理，最迟于 <strong>\d{4}年\d{1,2}月\d{1,2}日<\/strong> 办结。办结后5日内将再次书面答复您/);
    expect(page).toContain('<header><p>网上信访</p></header>');
  });
});

describe('the link of a case filed (归档) before the petitioner answered', () => {
  const FILED = { status: 'archived', closedAt: '2026-12-21T02:00:00.000Z', reply: { ...REPLIED.reply, reviewRequestBy: '2026-11-22T16:00:00.000Z' }, archive: { at: '2026-11-29T02:00:00.000Z', key: 'k', retainUntil: '2029-11-29T02:00:00.000Z' } };
  const SAYS = '该事项已办结归档，回访已经结束，不再记录评价。如有新的情况，可以重新提交信访事项。';

  it('offers no answer it would refuse, nor says the unit would handle it again, and says why', async () => {
    stored({}, FILED);
    const { status, page } = await open('unsatisfied');
    expect(status).toBe(409);
    expect(page).toContain(SAYS);
    expect(page).not.toContain('<form');
    expect(page).not.toContain('重新交承办单位办理');
  });

  it('refuses the answer posted all the same with the same reason', async () => {
    stored({}, FILED);
    const { status, page } = await answer('unsatisfied');
    expect(status).toBe(409);
    expect(page).toContain(SAYS);
    expect(bed.dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});
