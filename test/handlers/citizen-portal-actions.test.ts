import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { apiTestBed, importApiHandler, STORED_LETTER_CASE, type ApiHandler } from '../fixtures/api-handler.js';
import { outboxMessages, unpacked } from '../fixtures/stored-items.js';
import { httpEvent, lambdaContext } from '../fixtures/http-event.js';
import { PHOTO_PNG } from '../fixtures/portal.js';
import { hashQueryCode } from '../../shared/app/query-code.js';

/**
 * The tracking page's forms (issue 15): 补充材料, 评价 and 申请复查/复核, each
 * refused with the reason the citizen reads, done only with the right code,
 * and answered with a redirect to a confirmation (PRG) that a form sent
 * again answers too.
 */

// Monday 23 November 2026, 10:00 in China.
const bed = apiTestBed({ now: '2026-11-23T02:00:00Z' });
const s3 = mockClient(S3Client);
let handler: ApiHandler;
beforeAll(async () => {
  handler = await importApiHandler('ERROR');
});

const CODE = 'K7QM2WXD9RBT';
const FORM_TOKEN = 'tok_portal_action_00001';
const caseNumber = STORED_LETTER_CASE.caseNumber;
const idem = (key: string) => `IDEM#${createHash('sha256').update(key).digest('base64url')}`;

type Files = { name: string; type: string; bytes: Uint8Array }[];

/** A form of the tracking page as the browser posts it (multipart for material, urlencoded otherwise). */
async function postAction(path: string, fields: Record<string, string>, files?: Files, sourceIp = '203.0.113.10') {
  const all = { caseNumber, code: CODE, formToken: FORM_TOKEN, ...fields };
  let event;
  if (files) {
    const form = new FormData();
    for (const [name, value] of Object.entries(all)) form.append(name, value);
    for (const file of files) form.append('attachments', new Blob([file.bytes], { type: file.type }), file.name);
    const request = new Request('https://portal.example/x', { method: 'POST', body: form });
    event = httpEvent({ method: 'POST', path, headers: { 'content-type': request.headers.get('content-type')! } });
    event.body = Buffer.from(await request.arrayBuffer()).toString('base64');
    event.isBase64Encoded = true;
  } else {
    event = httpEvent({ method: 'POST', path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(all).toString() });
  }
  event.requestContext.http.sourceIp = sourceIp;
  delete (event.requestContext as { authorizer?: unknown }).authorizer;
  const result = await handler(event, lambdaContext);
  return { status: result.statusCode, headers: result.headers ?? {}, page: result.body ?? '' };
}

async function getPage(path: string) {
  const event = httpEvent({ method: 'GET', path });
  delete (event.requestContext as { authorizer?: unknown }).authorizer;
  const result = await handler(event, lambdaContext);
  return { status: result.statusCode, page: result.body ?? '' };
}

const reasonOf = (page: string) => /<p id="reason">([^<]+)<\/p>/.exec(page)?.[1];
const errorOf = (page: string, field: string) => new RegExp(`<p class="error" id="e-${field}">([^<]+)</p>`).exec(page)?.[1];
const written = () => bed.dynamo.commandCalls(TransactWriteCommand);
const writtenItems = () => written()[0]!.args[0].input.TransactItems!.map((t) => unpacked(((t.Put ?? {}) as { Item?: Record<string, unknown> }).Item ?? {}));

/** Allowances are taken until `refused` is reached. */
function allowancesUntil(refused?: RegExp) {
  bed.dynamo.on(UpdateCommand).callsFake((input: { Key: { pk: string } }) => {
    if (refused?.test(input.Key.pk)) throw new ConditionalCheckFailedException({ message: 'limit', $metadata: {} });
    return {};
  });
}

const REPLIED = {
  status: 'replied',
  acceptedAt: '2026-10-10T02:00:00.000Z',
  handling: { lead: '330122-housing', cooperating: [] },
  reply: { at: '2026-11-20T02:00:00.000Z', by: 'tonglu-housing-handler', letterId: 'decision:x', delivery: 'email', level: 0, reviewRequestBy: '2026-12-20T16:00:00.000Z' },
  followUp: { dueAt: '2026-11-27T02:00:00.000Z', round: 1 },
  result: { facts: '经查属实。', basis: '《物业管理条例》。', decision: '责令物业维修。', outcome: 'supported', concludedAt: '2026-11-19T02:00:00.000Z', concludedBy: 'tonglu-housing-handler', unit: '330122-housing' },
};

/** The case as stored, with its query code; `earlier` is an idempotency record of the form's token, if any. */
async function storedCase(changes: Record<string, unknown>, earlier?: { caseNumber: string; outcome: string }) {
  allowancesUntil();
  const hashed = await hashQueryCode(CODE);
  bed.dynamo.on(GetCommand).resolves({});
  bed.dynamo.on(GetCommand, { Key: { pk: `CASE#${caseNumber}`, sk: 'QUERYCODE' } }).resolves({ Item: { pk: `CASE#${caseNumber}`, sk: 'QUERYCODE', entity: 'queryCode', ...hashed } });
  bed.dynamo.on(GetCommand, { Key: { pk: `CASE#${caseNumber}`, sk: 'CASE' } }).resolves({ Item: { ...STORED_LETTER_CASE, channel: 'web', petitioner: { anonymous: false, name: '张伟', email: 'zhangwei@qq.example' }, ...changes } });
  if (earlier) bed.dynamo.on(GetCommand, { Key: { pk: idem(`web-action:${FORM_TOKEN}`), sk: 'IDEM' } }).resolves({ Item: { ...earlier, entity: 'idempotency' } });
  bed.dynamo.on(QueryCommand).resolves({
    Items: [
      { ...STORED_LETTER_CASE, channel: 'web', petitioner: { anonymous: false, name: '张伟', email: 'zhangwei@qq.example' }, ...changes },
      { pk: `CASE#${caseNumber}`, sk: 'EVENT#00000001', entity: 'event', caseNumber, seq: 1, type: 'registered', at: '2026-11-20T01:20:00.000Z', actor: 'system:web', to: 'registered', detail: { channel: 'web' } },
    ],
  });
  bed.dynamo.on(TransactWriteCommand).resolves({});
  s3.reset();
  s3.on(PutObjectCommand).resolves({});
}

describe('POST /public/track/material: 补充材料', () => {
  it('adds text and a photo to an open case as an emailed reply is, tells the unit, and redirects to a confirmation', async () => {
    await storedCase({ status: 'inProgress', acceptedAt: '2026-11-20T02:00:00.000Z', handling: { lead: '330122-housing', cooperating: [] } });
    const { status, headers } = await postAction('/public/track/material', { text: '楼顶又漏了，补充两张照片。' }, [{ name: '漏水.png', type: 'image/png', bytes: PHOTO_PNG }]);
    expect(status).toBe(303);
    expect(headers.location).toBe(`/public/track/done/${FORM_TOKEN}`);
    const items = writtenItems();
    const message = items.find((i) => i.entity === 'message')!;
    expect(message).toMatchObject({ direction: 'in', kind: 'petitionerReply', text: '楼顶又漏了，补充两张照片。', senderVerified: true, from: 'zhangwei@qq.example' });
    expect(message.attachments).toEqual([expect.objectContaining({ filename: '漏水.png', id: expect.stringMatching(/^w[A-Za-z0-9_-]{10}-1$/) })]);
    expect(items.find((i) => i.entity === 'event')).toMatchObject({ type: 'messageReceived', actor: 'system:web', detail: expect.objectContaining({ via: 'web', senderVerified: true, attachments: 1 }) });
    expect(items.find((i) => i.pk === idem(`web-action:${FORM_TOKEN}`))).toMatchObject({ caseNumber, outcome: 'web:material' });
    const notice = outboxMessages(items).find((m) => m.queue === 'notify')!.body as { kind: string; to: string[]; text: string };
    expect(notice.kind).toBe('petitionerMessage');
    expect(notice.to).toEqual(['housing@tonglu.petitions.example']);
    expect(notice.text).toContain('在网上信访提交了补充材料');
    expect(s3.commandCalls(PutObjectCommand)[0]!.args[0].input.Key).toMatch(new RegExp(`^attachments/${caseNumber}/w[A-Za-z0-9_-]{10}-1-漏水\\.png$`));
  });

  it('material accusing the government of the level holding the case asks the office above to consider taking it up', async () => {
    await storedCase({ status: 'inProgress', acceptedAt: '2026-11-20T02:00:00.000Z', handling: { lead: '330122-housing', cooperating: [] } });
    const { status } = await postAction('/public/track/material', { text: '补充：我要控告桐庐县政府违规干预，至今不给维修。' });
    expect(status).toBe(303);
    const notices = outboxMessages(writtenItems()).filter((m) => m.queue === 'notify').map((m) => m.body as { id: string; to: string[]; subject: string });
    expect(notices.find((n) => n.id.startsWith('holder-accused:'))).toMatchObject({ to: ['xinfang@hz.petitions.example'], subject: expect.stringContaining('请研究是否提级办理') });
  });

  for (const [status, reason] of [
    ['closed', '本事项已办结，不再接收补充材料。如有新的情况，请重新提交信访事项。'],
    ['archived', '本事项已办结归档，不再接收补充材料。如有新的情况，请重新提交信访事项。'],
    ['withdrawn', '本事项已由您撤回，办理已终止，不再接收补充材料。如有新的情况，请重新提交信访事项。'],
    ['replied', '本事项已书面答复，不再接收补充材料。对处理意见不服的，可以申请复查；对办理结果不满意的，可以在办理进展页评价“不满意”，事项将重新办理。'],
  ] as const) {
    it(`refuses material on a ${status} case with the reason`, async () => {
      await storedCase({ ...REPLIED, status });
      const { status: code, page } = await postAction('/public/track/material', { text: '补充' });
      expect(code).toBe(409);
      expect(page).toContain('<h1>未能补充材料</h1>');
      expect(reasonOf(page)).toBe(reason);
      expect(written()).toHaveLength(0);
    });
  }

  it('gives the typed text back, escaped and read-only, when the case was closed while the citizen wrote', async () => {
    await storedCase({ status: 'declined' });
    const typed = '楼顶又漏了 <b>三楼</b> & "四楼"\n第二段。';
    const { status: code, page } = await postAction('/public/track/material', { text: typed });
    expect(code).toBe(409);
    expect(page).toContain('<h1>未能补充材料</h1>');
    expect(page).toContain('您填写的内容（可复制保存）');
    expect(page).toContain('readonly aria-describedby="h-typed">楼顶又漏了 &lt;b&gt;三楼&lt;/b&gt; &amp; &quot;四楼&quot;\n第二段。</textarea>');
    expect(page).not.toContain('<b>三楼</b>');
    expect(written()).toHaveLength(0);
  });

  it('after a 复查 the refusal points to 复核, and after a 复核 says the matter is final', async () => {
    await storedCase({ ...REPLIED, reviewLevel: 1 });
    expect(reasonOf((await postAction('/public/track/material', { text: '补充' })).page)).toBe('本事项已书面答复，不再接收补充材料。对复查意见不服的，可以在期限内申请复核。');
    await storedCase({ ...REPLIED, reviewLevel: 2 });
    expect(reasonOf((await postAction('/public/track/material', { text: '补充' })).page)).toBe('本事项已作出复核意见，复核意见为最终意见，不再接收补充材料。');
    expect(written()).toHaveLength(0);
  });

  it('asks for text or a file, on the tracking page with the form as typed', async () => {
    await storedCase({ status: 'inProgress', acceptedAt: '2026-11-20T02:00:00.000Z', handling: { lead: '330122-housing', cooperating: [] } });
    const { status, page } = await postAction('/public/track/material', { text: '  ' }, []);
    expect(status).toBe(422);
    expect(errorOf(page, 'text')).toBe('请填写补充的内容，或选择要补充的附件');
    expect(page).toContain('<h1>办理进展</h1>');
    expect(page).toContain(`name="formToken" value="${FORM_TOKEN}"`);
    expect(written()).toHaveLength(0);
  });

  it('refuses a program by the email attachment rules, naming the file, and keeps the text', async () => {
    await storedCase({ status: 'inProgress', acceptedAt: '2026-11-20T02:00:00.000Z', handling: { lead: '330122-housing', cooperating: [] } });
    const program = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);
    const { status, page } = await postAction('/public/track/material', { text: '见附件' }, [{ name: '说明.exe', type: 'application/octet-stream', bytes: program }]);
    expect(status).toBe(422);
    expect(errorOf(page, 'attachments')).toBe('“说明.exe”未能接收：不接受可执行程序或脚本文件。请去掉或更换后重新选择附件。');
    expect(page).toContain('>见附件</textarea>');
    expect(written()).toHaveLength(0);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('refuses files over 4 MB together with 413', async () => {
    await storedCase({ status: 'inProgress', acceptedAt: '2026-11-20T02:00:00.000Z', handling: { lead: '330122-housing', cooperating: [] } });
    const { status, page } = await postAction('/public/track/material', { text: '录像' }, [{ name: '录像.mp4', type: 'video/mp4', bytes: new Uint8Array(4 * 1024 * 1024 + 10) }]);
    expect(status).toBe(413);
    expect(errorOf(page, 'attachments')).toBe('附件合计超过 4 MB，未能提交。请压缩图片或减少附件后重新选择。');
    expect(written()).toHaveLength(0);
  });

  it('answers a wrong code with the lookup’s not-found page and changes nothing', async () => {
    await storedCase({ status: 'inProgress' });
    const { status, page } = await postAction('/public/track/material', { text: '补充', code: 'ABCD-EFGH-JKMN' });
    expect(status).toBe(404);
    expect(page).toContain('未找到相符的信访事项');
    expect(page).not.toContain('ABCD');
    expect(written()).toHaveLength(0);
  });

  it('counts a post with a wrong code against the case: over its limit it says when to try again', async () => {
    await storedCase({ status: 'inProgress' });
    allowancesUntil(/^ALLOW#portal-lookup-case:/);
    const { status, headers, page } = await postAction('/public/track/material', { text: '补充', code: 'ABCD-EFGH-JKMN' });
    expect(status).toBe(429);
    expect(headers['retry-after']).toBe(String(14 * 3600));
    expect(page).toContain('<h1>查询码错误次数过多</h1>');
    expect(page).toContain('正确的查询码不受此限制');
    // The words typed are not lost with the refusal.
    expect(page).toContain('readonly aria-describedby="h-typed">补充</textarea>');
    expect(written()).toHaveLength(0);
  });

  it('answers the same form sent again with the same confirmation, adding nothing', async () => {
    await storedCase({ status: 'inProgress' }, { caseNumber, outcome: 'web:material' });
    const { status, headers } = await postAction('/public/track/material', { text: '补充' });
    expect(status).toBe(303);
    expect(headers.location).toBe(`/public/track/done/${FORM_TOKEN}`);
    expect(written()).toHaveLength(0);
  });
});

describe('POST /public/track/evaluate: 满意 / 不满意', () => {
  it('不满意 reopens the case for the unit, as the email’s link does', async () => {
    await storedCase(REPLIED);
    const { status, headers } = await postAction('/public/track/evaluate', { answer: 'unsatisfied', comment: '楼顶仍在漏水' });
    expect(status).toBe(303);
    expect(headers.location).toBe(`/public/track/done/${FORM_TOKEN}`);
    const items = writtenItems();
    expect(items.find((i) => i.entity === 'case')).toMatchObject({ status: 'inProgress', followUp: expect.objectContaining({ satisfied: false, via: 'web', comment: '楼顶仍在漏水' }) });
    expect(items.find((i) => i.entity === 'event')).toMatchObject({ type: 'reopened', actor: 'petitioner', reason: '楼顶仍在漏水' });
    expect(items.find((i) => i.pk === idem(`web-action:${FORM_TOKEN}`))).toMatchObject({ outcome: 'web:evaluate:reopened' });
    // The unit is told at once, with the petitioner's words.
    const [notice] = outboxMessages(items).filter((m) => m.id.startsWith('reopened:'));
    expect(notice!.body.to).toContain('housing@tonglu.petitions.example');
    expect(notice!.body.subject).toContain('【重新办理】');
    // No follow-up asked (none was sent yet): the petitioner evaluated on the portal, and the unit reads that.
    expect(notice!.body.subject).toContain('信访人在网上信访评价办理结果为不满意');
    expect(notice!.body.text).toContain('信访人在网上信访评价办理结果为不满意，现由你单位重新办理。');
    expect(notice!.body.text).not.toContain('经回访');
    expect(notice!.body.text).toContain('信访人意见：楼顶仍在漏水');
  });

  it('不满意 without a reason records the reopening as the portal’s evaluation, not as a 回访 nobody made', async () => {
    await storedCase(REPLIED);
    expect((await postAction('/public/track/evaluate', { answer: 'unsatisfied' })).status).toBe(303);
    const event = writtenItems().find((i) => i.entity === 'event');
    expect(event).toMatchObject({ type: 'reopened', reason: '网上信访评价不满意' });
  });

  it('不满意 is confirmed to the petitioner’s email: received when, the unit handling it again by its new deadline, and a new written answer', async () => {
    await storedCase(REPLIED);
    expect((await postAction('/public/track/evaluate', { answer: 'unsatisfied', comment: '楼顶仍在漏水' })).status).toBe(303);
    const items = writtenItems();
    const reopened = items.find((i) => i.entity === 'case')!;
    const mails = outboxMessages(items).filter((m) => m.queue === 'notify' && m.body.to.includes('zhangwei@qq.example'));
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail!.id).toBe(`unsatisfied-received:${caseNumber}:1`);
    expect(mail!.body).toMatchObject({ kind: 'notice', caseNumber, to: ['zhangwei@qq.example'], autoSubmitted: 'auto-generated' });
    expect(mail!.body.subject).toBe(`【${caseNumber}】您的“不满意”评价已收到 — 桐庐县信访局`);
    const text = mail!.body.text as string;
    expect(text).toContain('张伟：');
    expect(text).toContain(`您于2026年11月23日 10:00在网上信访对信访事项（登记编号 ${caseNumber}`);
    expect(text).toContain('作出了“不满意”的评价，评价已经收到并记录在案');
    // What follows: the unit, the new handling period's last day, and a written answer again.
    const deadline = new Date(Date.parse(String((reopened.deadlines as { handling: string }).handling)) + 8 * 3_600_000 - 1);
    expect(text).toContain(`本事项已重新交桐庐县住房和城乡建设局办理，最迟于${deadline.getUTCFullYear()}年${deadline.getUTCMonth() + 1}月${deadline.getUTCDate()}日办结。办结后5日内，将再次书面答复您`);
    expect(text).not.toContain('楼顶仍在漏水');
  });

  it('sends one confirmation when 不满意 is posted twice: the same form answers its receipt, another form is refused, neither writes', async () => {
    await storedCase(REPLIED);
    expect((await postAction('/public/track/evaluate', { answer: 'unsatisfied' })).status).toBe(303);
    const first = writtenItems();
    const answered = first.find((i) => i.entity === 'case')!;
    // The table as the first post left it: the form's key and the case answered and reopened.
    bed.dynamo.on(GetCommand, { Key: { pk: idem(`web-action:${FORM_TOKEN}`), sk: 'IDEM' } }).resolves({ Item: { caseNumber, outcome: 'web:evaluate:reopened', entity: 'idempotency' } });
    bed.dynamo.on(GetCommand, { Key: { pk: `CASE#${caseNumber}`, sk: 'CASE' } }).resolves({ Item: { ...STORED_LETTER_CASE, ...answered } });
    bed.dynamo.on(QueryCommand).resolves({ Items: [{ ...STORED_LETTER_CASE, ...answered }] });
    const again = await postAction('/public/track/evaluate', { answer: 'unsatisfied' });
    expect(again.status).toBe(303);
    const other = await postAction('/public/track/evaluate', { answer: 'unsatisfied', formToken: 'tok_portal_action_00002' });
    expect(other.status).toBe(409);
    expect(written()).toHaveLength(1);
    expect(outboxMessages(first).filter((m) => m.id.startsWith('unsatisfied-received:'))).toHaveLength(1);
  });

  it('满意 sends the petitioner nothing, as before; 不满意 without an email sends nothing and is recorded', async () => {
    await storedCase(REPLIED);
    expect((await postAction('/public/track/evaluate', { answer: 'satisfied' })).status).toBe(303);
    expect(outboxMessages(writtenItems())).toEqual([]);
    expect(writtenItems().find((i) => i.pk === idem(`web-action:${FORM_TOKEN}`))).toMatchObject({ outcome: 'web:evaluate:satisfied' });

    bed.dynamo.resetHistory();
    await storedCase({ ...REPLIED, petitioner: { anonymous: false, name: '张伟', phone: '13800001111' } });
    expect((await postAction('/public/track/evaluate', { answer: 'unsatisfied' })).status).toBe(303);
    expect(writtenItems().find((i) => i.entity === 'case')).toMatchObject({ status: 'inProgress' });
    expect(outboxMessages(writtenItems()).filter((m) => m.id.startsWith('unsatisfied-received:'))).toEqual([]);
  });

  it('after a 复查’s decision, 不满意 is confirmed as recorded, with the way on (复核) and where', async () => {
    await storedCase({
      ...REPLIED,
      reviewLevel: 1,
      reply: { ...REPLIED.reply, level: 1 },
      reviews: [{ level: 1, jurisdiction: '330100', requestedAt: '2026-10-01T02:00:00.000Z', requestedBy: 'petitioner', reason: '不服', outcome: 'upheld', decidedAt: '2026-11-20T02:00:00.000Z' }],
    });
    expect((await postAction('/public/track/evaluate', { answer: 'unsatisfied' })).status).toBe(303);
    const [mail] = outboxMessages(writtenItems()).filter((m) => m.id.startsWith('unsatisfied-received:'));
    expect(mail!.body.to).toEqual(['zhangwei@qq.example']);
    expect(mail!.body.text).toContain('本事项已经复查，不再重新办理。对复查意见不服的，可以自收到复查意见之日起30日内，向');
    expect(mail!.body.text).toContain('请求复核');
  });

  it('takes the evaluation of a petitioner reached only by phone, whose letter staff have yet to phone: they read it on the portal', async () => {
    const phoned = { id: 'decision:x', kind: 'decisionLetter', subject: '处理意见书', at: '2026-11-20T02:00:00.000Z', from: '330122', channel: 'phone' };
    await storedCase({ ...REPLIED, reply: { ...REPLIED.reply, delivery: 'phone' }, postalLetters: [phoned], petitioner: { anonymous: false, name: '张伟', phone: '13800001111' } });
    const { status } = await postAction('/public/track/evaluate', { answer: 'satisfied' });
    expect(status).toBe(303);
    expect(writtenItems().find((i) => i.entity === 'case')).toMatchObject({ followUp: expect.objectContaining({ satisfied: true, via: 'web' }) });
  });

  it('refuses before the written reply: nothing to evaluate yet', async () => {
    await storedCase({ status: 'inProgress' });
    const { status, page } = await postAction('/public/track/evaluate', { answer: 'satisfied' });
    expect(status).toBe(409);
    expect(page).toContain('<h1>未能评价</h1>');
    expect(reasonOf(page)).toBe('书面答复（处理意见书）出具后才能评价办理结果。本事项尚未书面答复，目前没有可以评价的内容。');
    expect(written()).toHaveLength(0);
  });

  it('refuses on a case that has its answer but is not evaluated now for that reason, not as if no answer was given', async () => {
    await storedCase({ ...REPLIED, status: 'archived', archive: { at: '2026-11-23T01:00:00.000Z', key: 'k', retainUntil: '2029-11-23T01:00:00.000Z' } });
    expect(reasonOf((await postAction('/public/track/evaluate', { answer: 'unsatisfied' })).page)).toBe('本事项已办结归档，不再接受评价。如有新的情况，可以重新提交信访事项。');
    await storedCase({ ...REPLIED, status: 'underReview', reviews: [{ level: 1, jurisdiction: '330100', requestedAt: '2026-11-22T02:00:00.000Z', requestedBy: 'petitioner', reason: '不服' }] });
    expect(reasonOf((await postAction('/public/track/evaluate', { answer: 'unsatisfied' })).page)).toBe('本事项正在复查，请在收到复查意见后再作评价。');
    await storedCase({ status: 'declined' });
    expect(reasonOf((await postAction('/public/track/evaluate', { answer: 'satisfied' })).page)).toBe('本事项已决定不予受理，没有可以评价的处理意见。');
    expect(written()).toHaveLength(0);
  });

  it('refuses a second evaluation of the same reply, saying what was answered', async () => {
    await storedCase({ ...REPLIED, followUp: { ...REPLIED.followUp, answeredAt: '2026-11-22T02:00:00.000Z', satisfied: true, via: 'link' } });
    const { status, page } = await postAction('/public/track/evaluate', { answer: 'unsatisfied', comment: '维修后仍漏水。' });
    expect(status).toBe(409);
    expect(page).toContain('readonly aria-describedby="h-typed">维修后仍漏水。</textarea>');
    expect(reasonOf(page)).toBe('您已对本次书面答复作出评价（满意），每次答复只能评价一次。');
    expect(written()).toHaveLength(0);
  });

  it('refuses an anonymous petition: no follow-up is made', async () => {
    const { followUp: _f, ...replied } = REPLIED;
    await storedCase({ ...replied, petitioner: { anonymous: true } });
    const { status, page } = await postAction('/public/track/evaluate', { answer: 'satisfied' });
    expect(status).toBe(409);
    expect(reasonOf(page)).toBe('匿名反映的事项不作回访，没有可以评价的答复。');
  });

  it('asks for 满意 or 不满意', async () => {
    await storedCase(REPLIED);
    const { status, page } = await postAction('/public/track/evaluate', { comment: '还行' });
    expect(status).toBe(422);
    expect(errorOf(page, 'answer')).toBe('请选择“满意”或“不满意”');
    expect(page).toContain('>还行</textarea>');
  });
});

describe('POST /public/track/review: 申请复查 / 复核', () => {
  it('registers a review request within its window with the reason, for the level above', async () => {
    await storedCase(REPLIED);
    const { status, headers } = await postAction('/public/track/review', { reason: '维修不彻底，仍在漏水。' });
    expect(status).toBe(303);
    expect(headers.location).toBe(`/public/track/done/${FORM_TOKEN}`);
    const items = writtenItems();
    expect(items.find((i) => i.entity === 'case')).toMatchObject({ status: 'underReview', reviews: [expect.objectContaining({ level: 1, jurisdiction: '330100', requestedBy: 'petitioner', reason: '维修不彻底，仍在漏水。' })] });
    // The confirmation will name the reviewing office and the last day of its 30 days.
    expect(items.find((i) => i.pk === idem(`web-action:${FORM_TOKEN}`))).toMatchObject({ outcome: 'web:review:1:330100:2026-12-23' });
  });

  it('refuses a late request with the words of the refusal email', async () => {
    await storedCase({ ...REPLIED, reply: { ...REPLIED.reply, reviewRequestBy: '2026-11-22T16:00:00.000Z' } });
    const { status, page } = await postAction('/public/track/review', { reason: '不服' });
    expect(status).toBe(409);
    expect(page).toContain('<h1>未能申请复查（复核）</h1>');
    expect(page).toContain('readonly aria-describedby="h-typed">不服</textarea>');
    expect(reasonOf(page)).toBe('复查申请应当自收到书面答复之日起30日内提出，本事项的申请期限已于2026年11月22日届满。');
    expect(written()).toHaveLength(0);
  });

  it('refuses after a re-review: the matter is final', async () => {
    await storedCase({ ...REPLIED, reviewLevel: 2, reply: { ...REPLIED.reply, level: 2, reviewRequestBy: undefined } });
    const { status, page } = await postAction('/public/track/review', { reason: '不服' });
    expect(status).toBe(409);
    expect(reasonOf(page)).toBe('该信访事项已经复核，复核意见为最终意见，依照《信访工作条例》不再受理。');
  });

  it('refuses before the written reply', async () => {
    await storedCase({ status: 'inProgress' });
    const { status, page } = await postAction('/public/track/review', { reason: '不服' });
    expect(status).toBe(409);
    expect(reasonOf(page)).toBe('复查（复核）申请应当在收到书面答复后提出。本事项尚未书面答复，请等待处理意见书。');
  });

  it('refuses on a filed case for its real reason — the day the window ended, or the final 复核 — never as if no answer was given', async () => {
    const filed = { ...REPLIED, status: 'archived', closedAt: '2026-11-21T02:00:00.000Z', reply: { ...REPLIED.reply, reviewRequestBy: '2026-11-22T16:00:00.000Z' }, archive: { at: '2026-11-23T01:00:00.000Z', key: 'k', retainUntil: '2029-11-23T01:00:00.000Z' } };
    await storedCase(filed);
    const late = await postAction('/public/track/review', { reason: '不服' });
    expect(late.status).toBe(409);
    expect(reasonOf(late.page)).toBe('复查申请应当自收到书面答复之日起30日内提出，本事项的申请期限已于2026年11月22日届满。');
    await storedCase({ ...filed, reviewLevel: 2, reply: { ...REPLIED.reply, level: 2, reviewRequestBy: undefined } });
    expect(reasonOf((await postAction('/public/track/review', { reason: '不服' })).page)).toBe('该信访事项已经复核，复核意见为最终意见，依照《信访工作条例》不再受理。');
    expect(written()).toHaveLength(0);
  });

  it('refuses on a case never to be answered with a 处理意见 for what it is, not “wait for the letter”', async () => {
    await storedCase({ status: 'withdrawn' });
    expect(reasonOf((await postAction('/public/track/review', { reason: '不服' })).page)).toBe('本事项已由您撤回，办理已终止，没有可以申请复查（复核）的处理意见。如有新的情况，可以重新提交信访事项。');
    await storedCase({ status: 'declined' });
    expect(reasonOf((await postAction('/public/track/review', { reason: '不服' })).page)).toBe('本事项已决定不予受理（理由见办理过程），没有可以申请复查（复核）的处理意见。如有新的事实和理由，可以重新提交信访事项。');
    await storedCase({ status: 'redirected' });
    expect(reasonOf((await postAction('/public/track/review', { reason: '不服' })).page)).toBe('本事项已告知向有权处理的机关提出，没有可以申请复查（复核）的处理意见，请按告知的途径向有权机关提出。');
  });

  it('asks for the reason', async () => {
    await storedCase(REPLIED);
    const { status, page } = await postAction('/public/track/review', { reason: '' });
    expect(status).toBe(422);
    expect(errorOf(page, 'reason')).toBe('请写明申请的理由：对处理意见哪些地方不服、为什么');
  });
});

describe('POST /public/track/withdraw: 撤回', () => {
  const IN_PROGRESS = { status: 'inProgress', acceptedAt: '2026-11-20T02:00:00.000Z', handling: { lead: '330122-housing', cooperating: [] } };

  it('withdraws a case being handled: it ends, the unit and the office are told to stop, and the petitioner gets it in writing', async () => {
    await storedCase(IN_PROGRESS);
    const { status, headers } = await postAction('/public/track/withdraw', { reason: '物业已经修好了，本人自愿撤回。', confirm: 'on' });
    expect(status).toBe(303);
    expect(headers.location).toBe(`/public/track/done/${FORM_TOKEN}`);
    const items = writtenItems();
    expect(items.find((i) => i.entity === 'case')).toMatchObject({ status: 'withdrawn', withdrawal: { how: 'online', by: 'petitioner', note: '物业已经修好了，本人自愿撤回。', from: 'inProgress' } });
    expect(items.find((i) => i.entity === 'event')).toMatchObject({ type: 'withdrawn', actor: 'petitioner', detail: expect.objectContaining({ how: 'online' }) });
    expect(items.find((i) => i.pk === idem(`web-action:${FORM_TOKEN}`))).toMatchObject({ outcome: 'web:withdraw' });
    const mails = outboxMessages(items).map((m) => m.body as { subject: string; to: string[]; text: string });
    const stop = mails.find((m) => m.subject.startsWith('【撤回】'));
    expect(stop?.to).toEqual(expect.arrayContaining(['xinfang@tonglu.petitions.example', 'housing@tonglu.petitions.example']));
    expect(stop?.text).toContain('通过网上信访提出撤回该事项');
    const told = mails.find((m) => m.to.includes('zhangwei@qq.example'));
    expect(told?.subject).toBe(`【${caseNumber}】信访事项撤回告知 — 桐庐县信访局`);
    expect(told?.text).toContain(`通过网上信访提出撤回所反映的信访事项（登记编号 ${caseNumber}，主题：`);
    expect(told?.text).toContain('撤回并非您本人真实意愿的，请直接回复本邮件，或来电、来访向桐庐县信访局（电话：0571-64600000；地址：桐庐县行政服务中心一楼来访接待大厅）说明情况。');
  });

  it('withdraws nothing when the reason says the petitioner is pressed, and asks the office to look into it', async () => {
    await storedCase(IN_PROGRESS);
    const { status, headers } = await postAction('/public/track/withdraw', { reason: '单位领导天天上门，逼我撤回，不撤就不给补偿。', confirm: 'on' });
    expect(status).toBe(303);
    const items = writtenItems();
    expect(items.find((i) => i.entity === 'case')).toMatchObject({ status: 'inProgress' });
    expect(items.find((i) => i.entity === 'case')).not.toHaveProperty('withdrawal');
    expect(items.find((i) => i.entity === 'event')).toMatchObject({ type: 'noted', detail: { withdrawalDoubted: '逼' } });
    const mails = outboxMessages(items).map((m) => m.body as { subject: string; to: string[]; text: string });
    // The office only: the unit may be the one pressing.
    expect(mails).toEqual([expect.objectContaining({ to: ['xinfang@tonglu.petitions.example'], subject: `【撤回存疑】${caseNumber} 信访人申请撤回，但称受到压力 — 桐庐县信访局` })]);
    bed.dynamo.on(GetCommand, { Key: { pk: idem(`web-action:${FORM_TOKEN}`), sk: 'IDEM' } }).resolves({ Item: { caseNumber, outcome: 'web:withdrawDoubted' } });
    expect((await getPage(String(headers.location))).page).toContain('本事项没有撤回，将继续依法办理');
  });

  it('asks for the reason and the confirmation, with the form as typed, and changes nothing', async () => {
    await storedCase(IN_PROGRESS);
    const { status, page } = await postAction('/public/track/withdraw', { reason: '不想反映了' });
    expect(status).toBe(422);
    expect(errorOf(page, 'confirm')).toContain('请勾选“我确认撤回该信访事项”');
    expect(page).toContain('>不想反映了</textarea>');
    expect(page).toMatch(/<details open><summary id="withdraw-title">/);
    // Not "cannot be undone": a withdrawal not of their will is objected to, to the office as configured, and taken back.
    expect(page).not.toContain('不能恢复');
    expect(page).toContain('撤回并非您本人真实意愿的（例如他人用您的查询码撤回，或者您受到压力），请尽快向<strong>桐庐县信访局</strong>（地址：桐庐县行政服务中心一楼来访接待大厅；电话：<a href="tel:057164600000">0571-64600000</a>）说明情况，经核实后恢复办理。');
    expect(written()).toHaveLength(0);
  });

  it('refuses once the matter is answered, pointing to 复查', async () => {
    await storedCase(REPLIED);
    const { status, page } = await postAction('/public/track/withdraw', { reason: '算了', confirm: 'on' });
    expect(status).toBe(409);
    expect(page).toContain('<h1>未能撤回</h1>');
    expect(page).toContain('readonly aria-describedby="h-typed">算了</textarea>');
    expect(reasonOf(page)).toContain('本事项已书面答复，不能再撤回');
    expect(written()).toHaveLength(0);
  });

  it('refuses a collective petition: its representatives withdraw it together, at the office', async () => {
    await storedCase({ ...IN_PROGRESS, collective: { headCount: 12, representatives: [{ anonymous: false, name: '李强' }] } });
    const { status, page } = await postAction('/public/track/withdraw', { reason: '已解决', confirm: 'on' });
    expect(status).toBe(409);
    expect(reasonOf(page)).toContain('由推选的代表共同向受理的信访机构');
    expect(written()).toHaveLength(0);
  });

  it('answers the same form sent again with the same confirmation, withdrawing nothing twice', async () => {
    await storedCase({ ...IN_PROGRESS, status: 'withdrawn' }, { caseNumber, outcome: 'web:withdraw' });
    const { status, headers } = await postAction('/public/track/withdraw', { reason: '物业已经修好了。', confirm: 'on' });
    expect(status).toBe(303);
    expect(headers.location).toBe(`/public/track/done/${FORM_TOKEN}`);
    expect(written()).toHaveLength(0);
  });
});

describe('the tracking page offers what applies, and the confirmation', () => {
  const track = async () => {
    const event = httpEvent({ method: 'POST', path: '/public/track', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ caseNumber, code: CODE }).toString() });
    event.requestContext.http.sourceIp = '203.0.113.10';
    return (await handler(event, lambdaContext)).body ?? '';
  };

  it('offers material while the case is worked, and evaluation and review once replied', async () => {
    await storedCase({ status: 'inProgress', acceptedAt: '2026-11-20T02:00:00.000Z', handling: { lead: '330122-housing', cooperating: [] } });
    const open = await track();
    expect(open).toContain('action="/public/track/material"');
    expect(open).not.toContain('action="/public/track/evaluate"');
    expect(open).not.toContain('action="/public/track/review"');
    expect(open).toContain('action="/public/track/withdraw"');
    await storedCase(REPLIED);
    const replied = await track();
    expect(replied).not.toContain('action="/public/track/material"');
    expect(replied).not.toContain('action="/public/track/withdraw"');
    expect(replied).toContain('action="/public/track/evaluate"');
    expect(replied).toContain('可以向杭州市信访局申请复查，最迟于 <strong>2026年12月20日</strong>（含当日）提出');
    expect(replied).toContain('不服的，可以请求复查，最迟于2026年12月20日提出。');
    expect(replied).not.toContain('前向杭州市信访局申请复查');
  });

  it('after a 复查 offers 复核 against the 复查意见, not against the first 处理意见', async () => {
    await storedCase({
      ...REPLIED,
      reviewLevel: 1,
      reviews: [{ level: 1, jurisdiction: '330100', requestedAt: '2026-11-22T02:00:00.000Z', requestedBy: 'petitioner', reason: '不服', decidedAt: '2026-11-25T02:00:00.000Z', decidedBy: 'hz-office', outcome: 'upheld' }],
      reply: { ...REPLIED.reply, at: '2026-11-25T02:00:00.000Z', level: 1, reviewRequestBy: '2026-12-25T16:00:00.000Z' },
    });
    const page = await track();
    expect(page).toContain('<h2 id="review-title">申请复核</h2>');
    expect(page).toContain('对复查意见不服的，可以向浙江省信访局申请复核');
    expect(page).toContain('写明对复查意见哪些地方不服、为什么。');
    expect(page).not.toContain('对处理意见不服的，可以向');
  });

  it('names the office a review went to, in the confirmation', async () => {
    bed.dynamo.on(GetCommand).resolves({});
    bed.dynamo.on(GetCommand, { Key: { pk: idem(`web-action:${FORM_TOKEN}`), sk: 'IDEM' } }).resolves({ Item: { caseNumber, outcome: 'web:review:1:330100' } });
    expect((await getPage(`/public/track/done/${FORM_TOKEN}`)).page).toContain('您的复查申请已转交杭州市信访局，将在法定期限内作出复查意见');
  });

  it('says by which day the review’s opinion is due, and for a 复核 that a hearing’s days are not counted', async () => {
    bed.dynamo.on(GetCommand).resolves({});
    bed.dynamo.on(GetCommand, { Key: { pk: idem(`web-action:${FORM_TOKEN}`), sk: 'IDEM' } }).resolves({ Item: { caseNumber, outcome: 'web:review:1:330100:2026-12-23' } });
    const review = (await getPage(`/public/track/done/${FORM_TOKEN}`)).page;
    expect(review).toContain('您的复查申请已转交杭州市信访局，最迟应于2026年12月23日作出复查意见并书面答复您。');
    expect(review).not.toContain('听证');
    bed.dynamo.on(GetCommand, { Key: { pk: idem(`web-action:${FORM_TOKEN}`), sk: 'IDEM' } }).resolves({ Item: { caseNumber, outcome: 'web:review:2:330000:2027-02-01' } });
    expect((await getPage(`/public/track/done/${FORM_TOKEN}`)).page).toContain('最迟应于2027年2月1日作出复核意见并书面答复您。举行听证的，听证所需时间不计算在内。');
  });

  it('shows the petitioner’s own acts among the steps, and the reviewing office while a review waits', async () => {
    await storedCase({ ...REPLIED, status: 'underReview', reviewLevel: 0, reviews: [{ level: 1, jurisdiction: '330100', requestedAt: '2026-11-22T02:00:00.000Z', requestedBy: 'petitioner', reason: '不服' }] });
    const events = [
      { pk: `CASE#${caseNumber}`, sk: 'EVENT#00000001', entity: 'event', caseNumber, seq: 1, type: 'registered', at: '2026-11-20T01:20:00.000Z', actor: 'system:web', to: 'registered', detail: { channel: 'web' } },
      { pk: `CASE#${caseNumber}`, sk: 'EVENT#00000002', entity: 'event', caseNumber, seq: 2, type: 'messageReceived', at: '2026-11-20T03:00:00.000Z', actor: 'system:intake', detail: { via: 'web', attachments: 2, senderVerified: true } },
      { pk: `CASE#${caseNumber}`, sk: 'EVENT#00000003', entity: 'event', caseNumber, seq: 3, type: 'messageReceived', at: '2026-11-20T04:00:00.000Z', actor: 'system:intake', detail: { senderVerified: false, unverifiedReason: 'noProof' } },
      { pk: `CASE#${caseNumber}`, sk: 'EVENT#00000004', entity: 'event', caseNumber, seq: 4, type: 'followUpAnswered', at: '2026-11-21T02:00:00.000Z', actor: 'petitioner', detail: { satisfied: false, via: 'web', round: 1 } },
    ];
    bed.dynamo.on(QueryCommand).resolves({ Items: [{ ...STORED_LETTER_CASE, channel: 'web', petitioner: { anonymous: false, name: '张伟', email: 'zhangwei@qq.example' }, ...REPLIED, status: 'underReview', reviews: [{ level: 1, jurisdiction: '330100', requestedAt: '2026-11-22T02:00:00.000Z', requestedBy: 'petitioner', reason: '不服' }] }, ...events] });
    const page = await track();
    expect(page).toContain('收到补充材料（网上信访，附件 2 个）');
    expect(page).toContain('评价办理结果：不满意');
    // What someone else sent in the petitioner's name is not shown as theirs.
    expect(page.match(/收到补充材料/g)).toHaveLength(1);
    expect(page).toContain('<dt>复查机关</dt><dd id="reviewer">杭州市信访局</dd>');
  });

  it('lists every decision letter sent, newest first with its day and kind, after 不满意 reopened the case and after a 复查', async () => {
    const message = (id: string, at: string, subject: string, text: string) => ({ pk: `CASE#${caseNumber}`, sk: `MSG#${at}#${id}`, entity: 'message', caseNumber, id, direction: 'out', at, to: ['zhangwei@qq.example'], subject, text, messageIds: [], attachments: [], kind: 'decisionLetter' });
    const first = message('decision:1', '2026-11-20T02:00:00.000Z', '信访事项处理意见书', '处理意见：责令物业维修。');
    const second = message('decision:2', '2026-12-10T02:00:00.000Z', '信访事项处理意见书', '处理意见：重新办理，物业已更换防水层。');
    const review = message('decision:3', '2027-01-05T02:00:00.000Z', '信访事项复查意见书', '复查意见：维持。');
    // The emailed copy of a letter (kind notice) is not a second letter.
    const copy = { ...first, sk: `MSG#2026-11-20T02:00:03.000Z#decision:1`, at: '2026-11-20T02:00:03.000Z', kind: 'notice' };
    const event = (seq: number, type: string, at: string, detail: Record<string, unknown>) => ({ pk: `CASE#${caseNumber}`, sk: `EVENT#0000000${seq}`, entity: 'event', caseNumber, seq, type, at, actor: 'x', detail });
    const stored = { ...STORED_LETTER_CASE, channel: 'web', petitioner: { anonymous: false, name: '张伟', email: 'zhangwei@qq.example' } };

    // 不满意 reopened the case: no reply now, and the first letter is still theirs to read.
    await storedCase({ status: 'inProgress', acceptedAt: '2026-10-10T02:00:00.000Z', handling: { lead: '330122-housing', cooperating: [] } });
    bed.dynamo.on(QueryCommand).resolves({ Items: [{ ...stored, status: 'inProgress', acceptedAt: '2026-10-10T02:00:00.000Z', handling: { lead: '330122-housing', cooperating: [] } }, event(1, 'replied', first.at, { letterId: 'decision:1' }), first, copy] });
    const reopened = await track();
    expect(reopened).toContain('<strong>2026年11月20日 处理意见书</strong>');
    expect(reopened).toContain('name="letter" value="1"');

    // Answered again, then a 复查: all three, newest first, each with its day and kind.
    bed.dynamo.on(QueryCommand).resolves({
      Items: [
        { ...stored, ...REPLIED, reviewLevel: 1, reply: { ...REPLIED.reply, letterId: 'decision:3', level: 1 } },
        event(1, 'replied', first.at, { letterId: 'decision:1' }),
        event(2, 'replied', second.at, { letterId: 'decision:2' }),
        event(3, 'reviewDecided', review.at, { level: 1, outcome: 'upheld', letterId: 'decision:3' }),
        // Posted afterwards: the posting names the letter, without a level, and does not make it a 处理意见书.
        event(4, 'letterPosted', '2027-01-05T06:00:00.000Z', { letterId: 'decision:3' }),
        first, copy, second, review,
      ],
    });
    const page = await track();
    const listed = [...page.matchAll(/<strong>(\d{4}年\d+月\d+日 [^<]+)<\/strong>/g)].map((m) => m[1]);
    expect(listed).toEqual(['2027年1月5日 复查意见书', '2026年12月10日 处理意见书', '2026年11月20日 处理意见书']);
    expect(page).toContain('本事项已向您出具 3 份书面意见');

    // Each opens by its number; without one, the newest.
    const read = async (fields: Record<string, string>) => {
      const post = httpEvent({ method: 'POST', path: '/public/track/letter', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ caseNumber, code: CODE, ...fields }).toString() });
      post.requestContext.http.sourceIp = '203.0.113.10';
      const result = await handler(post, lambdaContext);
      return { status: result.statusCode, page: result.body ?? '' };
    };
    expect((await read({ letter: '1' })).page).toContain('处理意见：责令物业维修。');
    expect((await read({})).page).toContain('复查意见：维持。');
    expect((await read({ letter: '4' })).status).toBe(404);
  });

  it('tells an anonymous petitioner how and within what period to ask for a 复查, as the letter does', async () => {
    const { followUp: _f, ...replied } = REPLIED;
    const { reviewRequestBy: _b, ...reply } = REPLIED.reply;
    await storedCase({ ...replied, reply: { ...reply, delivery: 'none' }, petitioner: { anonymous: true } });
    const page = await track();
    expect(page).toContain(
      '不服的，可以自收到书面答复之日起30日内，向杭州市信访局请求复查；请书面提出，写明登记编号和理由，寄送或当面递交杭州市信访局（地址：杭州市上城区市民中心来访接待大厅；电话：0571-85250000）。',
    );
    expect(page).not.toContain('可依法请求复查');
  });

  it('shows a confirmation for a posted form, and nothing for an unknown receipt', async () => {
    bed.dynamo.on(GetCommand).resolves({});
    bed.dynamo.on(GetCommand, { Key: { pk: idem(`web-action:${FORM_TOKEN}`), sk: 'IDEM' } }).resolves({ Item: { caseNumber, outcome: 'web:evaluate:reopened' } });
    const done = await getPage(`/public/track/done/${FORM_TOKEN}`);
    expect(done.status).toBe(200);
    expect(done.page).toContain('该事项已重新交承办单位办理');
    expect(done.page).toContain(caseNumber);
    const unknown = await getPage('/public/track/done/tok_nobody_posted_this1');
    expect(unknown.status).toBe(404);
    expect(unknown.page).toContain('未找到这份确认');
  });
});
