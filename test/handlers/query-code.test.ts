import { beforeAll, describe, expect, it } from 'vitest';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { apiTestBed, importApiHandler, STORED_LETTER_CASE, type ApiHandler } from '../fixtures/api-handler.js';
import { httpEvent, lambdaContext } from '../fixtures/http-event.js';
import { outboxMessages, unpacked } from '../fixtures/stored-items.js';
import { queryCodeMatches, type StoredQueryCode } from '../../shared/app/query-code.js';
import { normaliseQueryCode } from '../../shared/domain/query-code.js';

// 查询码 for petitioners of every channel (《信访工作条例》第二十一条): by email, or at the desk.
const bed = apiTestBed({ now: '2026-11-23T02:00:00.000Z' });
let handler: ApiHandler;
beforeAll(async () => {
  handler = await importApiHandler('ERROR');
});

const NUMBER = '330122-2026-000007';
/** An email petition of 张伟, accepted and with its unit. */
const EMAILED = {
  ...STORED_LETTER_CASE,
  channel: 'email',
  status: 'assigned',
  version: 3,
  subject: '楼顶漏水',
  petitioner: { anonymous: false, name: '张伟', email: 'ZhangWei@Example.com' },
  handling: { lead: '330122-housing' },
};

/** A form post from a citizen's browser, as API Gateway delivers it. */
async function postForm(path: string, fields: Record<string, string>) {
  const event = httpEvent({ method: 'POST', path, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  event.body = new URLSearchParams(fields).toString();
  event.requestContext.http.sourceIp = '203.0.113.10';
  delete (event.requestContext as { authorizer?: unknown }).authorizer;
  const result = await handler(event, lambdaContext);
  return { status: result.statusCode, page: result.body ?? '' };
}

const written = () => bed.dynamo.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems!);
const stored = (items: ReturnType<typeof written>[number]) => items.map((i) => (i.Put ? unpacked(i.Put.Item!) : {}));

function storedCase(c: Record<string, unknown> | undefined) {
  bed.dynamo.on(UpdateCommand).resolves({});
  bed.dynamo.on(GetCommand).resolves(c ? { Item: c } : {});
  bed.dynamo.on(TransactWriteCommand).resolves({});
}

describe('领取查询码: POST /public/track/code', () => {
  it('emails a new code to the address the case was registered with, storing only its hash, in one change', async () => {
    storedCase(EMAILED);
    const { status, page } = await postForm('/public/track/code', { caseNumber: NUMBER, email: ' zhangwei@example.COM ' });

    expect(status).toBe(200);
    expect(page).toContain('请查收邮件');
    const items = stored(written()[0]!);
    expect(items.map((i) => i.entity)).toEqual(['case', 'event', 'queryCode', 'outbox']);
    expect(items[1]).toMatchObject({ type: 'queryCodeIssued', actor: 'system:web', detail: { via: 'email' }, seq: 4 });
    const [letter] = outboxMessages(items);
    expect(letter).toMatchObject({ queue: 'notify', body: { kind: 'queryCode', to: ['ZhangWei@Example.com'], caseNumber: NUMBER } });
    const shown = /查询码：([2-9A-HJKMNP-Z-]{14})/.exec(letter!.body.text)![1]!;
    expect(letter!.body.withheld).toEqual([shown]);
    expect(letter!.body.text).toContain('http://127.0.0.1:3000/public/track');
    // Plain to one who did not ask: the new one is theirs, and whom to tell. Registered by email, they never had a code: none is said to be dead.
    expect(letter!.body.text).not.toContain('原来的查询码');
    expect(letter!.body.text).toContain('如果不是您本人申请的，本邮件中的新查询码仍然归您使用，请用它查询；您也可以告知桐庐县信访局（地址：桐庐县行政服务中心一楼来访接待大厅；电话：0571-64600000）。');
    expect(letter!.body.text).not.toContain('您无需处理');
    // The code in the email is the one the stored hash accepts; the event carries no code.
    expect(await queryCodeMatches(normaliseQueryCode(shown)!, items[2] as unknown as StoredQueryCode)).toBe(true);
    expect(JSON.stringify(items[1])).not.toContain(shown);
  });

  it('tells one who had a code (a web petition, or one given at the desk) that the old one no longer works', async () => {
    storedCase(EMAILED);
    bed.dynamo.on(GetCommand, { Key: { pk: `CASE#${NUMBER}`, sk: 'QUERYCODE' } }).resolves({ Item: { pk: `CASE#${NUMBER}`, sk: 'QUERYCODE', salt: 'AAAAAAAAAAAAAAAAAAAAAA', hash: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } });
    await postForm('/public/track/code', { caseNumber: NUMBER, email: 'zhangwei@example.com' });
    const [letter] = outboxMessages(stored(written()[0]!));
    expect(letter!.body.text).toContain('原来的查询码已经不能再使用，今后请使用上面的新查询码。凭登记编号和查询码，可在');
  });

  it('answers the same page, and writes and sends nothing, for another address, an anonymous case or an unknown number', async () => {
    storedCase(EMAILED);
    const other = await postForm('/public/track/code', { caseNumber: NUMBER, email: 'someone@example.com' });
    storedCase({ ...EMAILED, petitioner: { anonymous: true } });
    const anonymous = await postForm('/public/track/code', { caseNumber: NUMBER, email: 'zhangwei@example.com' });
    storedCase(undefined);
    const unknown = await postForm('/public/track/code', { caseNumber: '330122-2026-999999', email: 'zhangwei@example.com' });

    for (const answer of [other, anonymous, unknown]) {
      expect(answer.status).toBe(200);
      expect(answer.page).toContain('请查收邮件');
      expect(answer.page).toContain('本页不显示该事项是否存在');
    }
    expect(written()).toEqual([]);
  });

  it('shows what to correct next to each field, and refuses once the case’s requests for the day are used', async () => {
    storedCase(EMAILED);
    const bad = await postForm('/public/track/code', { caseNumber: '330122-26-7', email: 'zhangwei@' });
    expect(bad.status).toBe(422);
    expect(bad.page).toContain('登记编号的格式如 330122-2026-000042，请核对');
    expect(bad.page).toContain('请填写有效的电子邮箱地址');
    expect(bad.page).toContain('value="zhangwei@"');

    bed.dynamo.on(UpdateCommand).callsFake((input: { Key: { pk: string } }) => {
      if (input.Key.pk.startsWith('ALLOW#portal-code-case:')) throw new ConditionalCheckFailedException({ message: 'limit', $metadata: {} });
      return {};
    });
    const limited = await postForm('/public/track/code', { caseNumber: NUMBER, email: 'zhangwei@example.com' });
    expect(limited.status).toBe(429);
    expect(limited.page).toContain('领取查询码次数过多');
    expect(written()).toEqual([]);
  });

  it('the tracking form tells a petitioner without a code where to get one', async () => {
    const event = httpEvent({ method: 'GET', path: '/public/track' });
    delete (event.requestContext as { authorizer?: unknown }).authorizer;
    const result = await handler(event, lambdaContext);
    expect(result.body).toContain('<a href="/public/track/code">用邮箱领取查询码</a>');
    expect(result.body).toContain('向受理的信访机构索取');
  });
});

describe('发放查询码 at the desk: POST /cases/{n}/query-code', () => {
  it('gives the registrar a code once, stores its hash beside the case and records who gave it, never the code', async () => {
    const visit = { ...STORED_LETTER_CASE, channel: 'visit', petitioner: { anonymous: false, name: '张伟', phone: '13800001111' } };
    bed.dynamo.on(QueryCommand).resolves({ Items: [visit] });
    bed.dynamo.on(TransactWriteCommand).resolves({});

    const response = await bed.invoke({ method: 'POST', path: `/cases/${NUMBER}/query-code`, staffId: 'tonglu-registrar' });

    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ caseNumber: NUMBER, version: 2, trackingUrl: 'http://127.0.0.1:3000/public/track' });
    const code: string = response.body.queryCode;
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    const items = stored(written()[0]!);
    expect(items.map((i) => i.entity)).toEqual(['case', 'event', 'queryCode']);
    expect(items[1]).toMatchObject({ type: 'queryCodeIssued', actor: 'tonglu-registrar', detail: { via: 'desk' } });
    expect(await queryCodeMatches(normaliseQueryCode(code)!, items[2] as unknown as StoredQueryCode)).toBe(true);
    expect(JSON.stringify(items.slice(0, 2))).not.toContain(code.replace(/-/g, '').slice(0, 8));
  });

  it('tells a petitioner with an email on record that staff gave a new code and the old one stopped working, without the code', async () => {
    bed.dynamo.on(QueryCommand).resolves({ Items: [EMAILED] });
    bed.dynamo.on(TransactWriteCommand).resolves({});

    const response = await bed.invoke({ method: 'POST', path: `/cases/${NUMBER}/query-code`, staffId: 'tonglu-registrar' });

    expect(response.status).toBe(201);
    const code: string = response.body.queryCode;
    const items = stored(written()[0]!);
    expect(items.map((i) => i.entity)).toEqual(['case', 'event', 'queryCode', 'outbox']);
    const [notice] = outboxMessages(items);
    expect(notice).toMatchObject({ queue: 'notify', body: { to: ['ZhangWei@Example.com'], caseNumber: NUMBER, subject: `【${NUMBER}】查询码已重新发放 — 桐庐县信访局` } });
    expect(notice!.body.text).toContain('2026年11月23日 10:00，桐庐县信访局工作人员为您的信访事项（登记编号 330122-2026-000007，主题：楼顶漏水）重新发放了查询码（当面或电话告知），此前的查询码已经失效。');
    expect(notice!.body.text).toContain('http://127.0.0.1:3000/public/track/code');
    expect(notice!.body.text).not.toContain(code);
    expect(notice!.body.text).not.toContain(code.replace(/-/g, ''));
  });

  it('posts one to a petitioner who wrote with only an address: the answer says whom and where to post the slip to; no address, no post', async () => {
    const byPost = { ...STORED_LETTER_CASE, petitioner: { anonymous: false, name: '李秀英', address: '浙江省杭州市桐庐县城南街道白云源路12号' } };
    bed.dynamo.on(QueryCommand).resolves({ Items: [byPost] });
    bed.dynamo.on(TransactWriteCommand).resolves({});

    const response = await bed.invoke({ method: 'POST', path: `/cases/${NUMBER}/query-code`, staffId: 'tonglu-registrar', body: { via: 'post' } });

    expect(response.status).toBe(201);
    expect(response.body.postTo).toEqual({ name: '李秀英', address: '浙江省杭州市桐庐县城南街道白云源路12号' });
    const items = stored(written()[0]!);
    expect(items[1]).toMatchObject({ type: 'queryCodeIssued', detail: { via: 'post' } });
    // No letter with the code is kept on the case: the slip is printed from this answer.
    expect(items.map((i) => i.entity)).toEqual(['case', 'event', 'queryCode']);

    bed.dynamo.resetHistory();
    bed.dynamo.on(QueryCommand).resolves({ Items: [{ ...STORED_LETTER_CASE, petitioner: { anonymous: false, name: '张伟', phone: '13800001111' } }] });
    const nowhere = await bed.invoke({ method: 'POST', path: `/cases/${NUMBER}/query-code`, staffId: 'tonglu-registrar', body: { via: 'post' } });
    expect(nowhere.status).toBe(422);
    expect(nowhere.body.error.message).toMatch(/no postal address/);
    const typo = await bed.invoke({ method: 'POST', path: `/cases/${NUMBER}/query-code`, staffId: 'tonglu-registrar', body: { via: 'mail' } });
    expect(typo.status).toBe(400);
    expect(written()).toEqual([]);
  });

  it('is for the office the petitioner came to, after the case went up to the city', async () => {
    bed.dynamo.on(QueryCommand).resolves({ Items: [{ ...STORED_LETTER_CASE, jurisdiction: '330100', status: 'assigned', handling: { lead: '330100-urban-management' } }] });
    bed.dynamo.on(TransactWriteCommand).resolves({});
    const county = await bed.invoke({ method: 'POST', path: `/cases/${NUMBER}/query-code`, staffId: 'tonglu-office' });
    expect(county.status).toBe(201);
    expect(stored(written()[0]!)[1]).toMatchObject({ type: 'queryCodeIssued', actor: 'tonglu-office' });
  });

  it('is not for a handling unit, nor for an office outside the case’s jurisdiction', async () => {
    bed.dynamo.on(QueryCommand).resolves({ Items: [{ ...STORED_LETTER_CASE, status: 'assigned', handling: { lead: '330122-housing' } }] });
    const unit = await bed.invoke({ method: 'POST', path: `/cases/${NUMBER}/query-code`, staffId: 'tonglu-housing-handler' });
    expect(unit.status).toBe(403);
    const sideways = await bed.invoke({ method: 'POST', path: `/cases/${NUMBER}/query-code`, staffId: 'chunan-office' });
    expect(sideways.status).toBe(404);
    expect(written()).toEqual([]);
  });

  it('is offered to the desk in the case’s allowed actions', async () => {
    bed.dynamo.on(QueryCommand).resolves({ Items: [STORED_LETTER_CASE] });
    const desk = await bed.invoke({ method: 'GET', path: `/cases/${NUMBER}`, staffId: 'tonglu-registrar' });
    expect(desk.body.allowedActions).toContain('issueQueryCode');
  });
});
