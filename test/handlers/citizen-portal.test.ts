import { beforeAll, describe, expect, it, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { BatchGetCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { TEST_TABLE } from '../fixtures/handler-env.js';
import { apiTestBed, importApiHandler, STORED_LETTER_CASE, type ApiHandler } from '../fixtures/api-handler.js';
import { outboxMessages, unpacked } from '../fixtures/stored-items.js';
import { httpEvent, lambdaContext } from '../fixtures/http-event.js';
import { PHOTO_PNG, PORTAL_PETITION } from '../fixtures/portal.js';
import { hashQueryCode } from '../../shared/app/query-code.js';

// Monday 23 November 2026, 10:00 in China.
const bed = apiTestBed({ now: '2026-11-23T02:00:00Z' });
const s3 = mockClient(S3Client);
// The same module instance the test bed imported (its cold start happened there): pages are read raw, not as JSON.
let handler: ApiHandler;
beforeAll(async () => {
  handler = await importApiHandler('ERROR');
});

const FORM_TOKEN = 'tok_portal_handler_0001';
const CODE = 'K7QM2WXD9RBT';

/** A form post as a browser sends it, to the API function as API Gateway delivers it (from a citizen's address). */
async function postForm(path: string, fields: Record<string, string>, files: { name: string; type: string; bytes: Uint8Array }[] = [], sourceIp = '203.0.113.10', cookies: string[] = []) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const file of files) form.append('attachments', new Blob([file.bytes], { type: file.type }), file.name);
  const request = new Request('https://portal.example/x', { method: 'POST', body: form });
  const event = httpEvent({ method: 'POST', path, headers: { 'content-type': request.headers.get('content-type')! } });
  event.body = Buffer.from(await request.arrayBuffer()).toString('base64');
  event.isBase64Encoded = true;
  event.requestContext.http.sourceIp = sourceIp;
  if (cookies.length) event.cookies = cookies;
  delete (event.requestContext as { authorizer?: unknown }).authorizer;
  const result = await handler(event, lambdaContext);
  return { status: result.statusCode, headers: result.headers ?? {}, page: result.body ?? '' };
}

/** The text next to a field: its error paragraph. */
const errorOf = (page: string, field: string) => new RegExp(`<p class="error" id="e-${field}">([^<]+)</p>`).exec(page)?.[1];
const codeOn = (page: string) => /<p class="code" id="query-code">([^<]+)<\/p>/.exec(page)?.[1];
const valueOf = (page: string, field: string) => new RegExp(`name="${field}"[^>]* value="([^"]*)"`).exec(page)?.[1];

/** Allowances are taken until `refused` is reached; that one finds its limit used up. */
function allowancesUntil(refused?: RegExp) {
  bed.dynamo.on(UpdateCommand).callsFake((input: { Key: { pk: string } }) => {
    if (refused?.test(input.Key.pk)) throw new ConditionalCheckFailedException({ message: 'limit', $metadata: {} });
    return input.Key.pk.startsWith('SEQ#') ? { Attributes: { seq: 42 } } : {};
  });
}

const sent = () => bed.dynamo.commandCalls(TransactWriteCommand);

describe('POST /public/petitions: what the citizen is told', () => {
  it('shows each problem next to its field in Chinese, keeps what was typed, and registers nothing', async () => {
    allowancesUntil();
    const { status, page } = await postForm('/public/petitions', { formToken: FORM_TOKEN, jurisdiction: '330122', subject: '', matter: PORTAL_PETITION.matter, email: 'zhangwei@', phone: '' });
    expect(status).toBe(422);
    expect(errorOf(page, 'subject')).toBe('请填写标题（一句话概括您反映的事项）');
    expect(errorOf(page, 'name')).toBe('请填写姓名，或选择“匿名反映”');
    expect(errorOf(page, 'email')).toBe('请填写有效的电子邮箱地址，例如 zhangwei@example.com');
    expect(page).toContain('提交未成功，有 3 处需要修改');
    expect(page).toContain(`>${PORTAL_PETITION.matter}</textarea>`);
    expect(valueOf(page, 'email')).toBe('zhangwei@');
    expect(page).toMatch(/<option value="330122" selected>桐庐县信访局<\/option>/);
    // The same form token stays, so the corrected post is the same petition.
    expect(valueOf(page, 'formToken')).toBe(FORM_TOKEN);
    expect(sent()).toHaveLength(0);
  });

  it('refuses a phone number the office could not dial: a mobile one digit short, a landline without its area code', async () => {
    allowancesUntil();
    const short = await postForm('/public/petitions', { formToken: FORM_TOKEN, ...PORTAL_PETITION, phone: '1380000111' });
    expect(short.status).toBe(422);
    expect(errorOf(short.page, 'phone')).toBe('手机号码应为 1 开头的 11 位数字，请核对');
    const local = await postForm('/public/petitions', { formToken: FORM_TOKEN, ...PORTAL_PETITION, phone: '8765432' });
    expect(errorOf(local.page, 'phone')).toBe('固定电话请加区号，例如 0571-87654321');
    expect(sent()).toHaveLength(0);
  });

  it('carries the service’s icon in the page itself: the browser asks the API for no /favicon.ico', async () => {
    allowancesUntil();
    const { page } = await postForm('/public/petitions', { formToken: FORM_TOKEN, jurisdiction: '330122', subject: '', matter: '', phone: '' });
    const href = /<link rel="icon" type="image\/svg\+xml" href="data:image\/svg\+xml,([^"]+)">/.exec(page)?.[1];
    expect(decodeURIComponent(href ?? '')).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>.*<\/svg>$/);
  });

  it('names each township office with its county, so a petitioner can tell one 新市镇 from another', async () => {
    allowancesUntil();
    const { page } = await postForm('/public/petitions', { formToken: FORM_TOKEN, jurisdiction: '330122', subject: '', matter: '', phone: '' });
    expect(page).toContain('>桐庐县富春江镇社会治理中心（信访办）</option>');
    // A county's own office is named as it is.
    expect(page).toContain('>桐庐县信访局</option>');
  });

  it('says plainly what anonymity costs and refuses a name on an anonymous petition', async () => {
    const { status, page } = await postForm('/public/petitions', { ...PORTAL_PETITION, formToken: FORM_TOKEN, anonymous: 'on' });
    expect(status).toBe(422);
    expect(errorOf(page, 'anonymous')).toBe('匿名反映时请不要填写姓名、住址和联系方式；如需书面答复，请取消“匿名反映”（匿名反映仍可凭登记编号和查询码查询进展）');
    expect(page).toContain('不能向您书面答复或告知办理结果');
  });

  it('asks whether it is a joint petition when a head count or representative is given without ticking 多人联名, dropping nothing', async () => {
    const { status, page } = await postForm('/public/petitions', { ...PORTAL_PETITION, formToken: FORM_TOKEN, headCount: '30', rep1Name: '李强' });
    expect(status).toBe(422);
    expect(errorOf(page, 'collective')).toBe('您填写了联名人数或代表：如是多人联名反映，请勾选“多人联名”；如不是，请清空联名人数和代表栏');
    expect(valueOf(page, 'headCount')).toBe('30');
    expect(sent()).toHaveLength(0);
  });

  it('asks a collective petition for its head count and a representative (第二十条)', async () => {
    const { status, page } = await postForm('/public/petitions', { ...PORTAL_PETITION, formToken: FORM_TOKEN, collective: 'on', rep2Phone: '13900002222' });
    expect(status).toBe(422);
    expect(errorOf(page, 'headCount')).toBe('请填写联名人数（2 人以上）');
    expect(errorOf(page, 'rep1Name')).toBe('请推选代表并至少填写一位代表的姓名（至多 5 人）');
    expect(errorOf(page, 'rep2Name')).toBe('请填写第 2 位代表的姓名');
  });

  it('refuses a head count smaller than the representatives the group named', async () => {
    const { status, page } = await postForm('/public/petitions', { ...PORTAL_PETITION, formToken: FORM_TOKEN, collective: 'on', headCount: '2', rep1Name: '王强', rep2Name: '赵敏', rep3Name: '孙磊' });
    expect(status).toBe(422);
    expect(errorOf(page, 'headCount')).toBe('联名人数不能少于所填代表人数（3 人），请核对');
  });

  it('refuses a program, even one named .jpg, by the email attachment rules, naming the file and the reason', async () => {
    const program = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);
    program.write('PE\0\0', 0x80);
    program.writeUInt32LE(0x80, 0x3c);
    const exe = await postForm('/public/petitions', { ...PORTAL_PETITION, formToken: FORM_TOKEN }, [{ name: '说明.exe', type: 'application/octet-stream', bytes: program }]);
    expect(exe.status).toBe(422);
    expect(errorOf(exe.page, 'attachments')).toBe('“说明.exe”未能接收：不接受可执行程序或脚本文件。请去掉或更换后重新选择附件。');
    const disguised = await postForm('/public/petitions', { ...PORTAL_PETITION, formToken: FORM_TOKEN }, [{ name: '照片.jpg', type: 'image/jpeg', bytes: program }]);
    expect(disguised.status).toBe(422);
    expect(errorOf(disguised.page, 'attachments')).toMatch(/^“照片\.jpg”未能接收：(文件实际内容是可执行程序|文件内容与文件名)/);
    expect(valueOf(disguised.page, 'subject')).toBe(PORTAL_PETITION.subject);
    expect(sent()).toHaveLength(0);
  });

  describe('a forwarded letter (.eml) is judged by what it carries, as an email’s is', () => {
    const program = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(510, 0x90)]);
    program.writeUInt32LE(0x80, 0x3c);
    program.write('PE\0\0', 0x80, 'latin1');
    const pdf = Buffer.from('%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');
    const eml = (name: string, type: string, bytes: Buffer) =>
      Buffer.from(
        [
          'From: zhenzhengfu@tonglu-town.example',
          'Subject: reply',
          'Content-Type: multipart/mixed; boundary="=_b"',
          '',
          '--=_b',
          'Content-Type: text/plain; charset=UTF-8',
          '',
          'reply',
          '--=_b',
          `Content-Type: ${type}; name="${name}"`,
          `Content-Disposition: attachment; filename="${name}"`,
          'Content-Transfer-Encoding: base64',
          '',
          bytes.toString('base64'),
          '--=_b--',
          '',
        ].join('\r\n'),
      );

    it('refuses an .eml carrying a program, naming the program, and registers nothing', async () => {
      const { status, page } = await postForm('/public/petitions', { ...PORTAL_PETITION, formToken: FORM_TOKEN }, [{ name: 'evidence.eml', type: 'message/rfc822', bytes: eml('invoice.exe', 'application/x-msdownload', program) }]);
      expect(status).toBe(422);
      expect(errorOf(page, 'attachments')).toBe('“evidence.eml”未能接收：转发的邮件中附带“invoice.exe”，不接受可执行程序或脚本文件。请去掉或更换后重新选择附件。');
      expect(sent()).toHaveLength(0);
    });

    it('keeps an .eml whose attachment is a PDF', async () => {
      allowancesUntil();
      bed.dynamo.on(GetCommand).resolves({});
      bed.dynamo.on(QueryCommand).resolves({ Items: [] });
      s3.reset();
      s3.on(PutObjectCommand).resolves({});
      bed.dynamo.on(TransactWriteCommand).resolves({});
      const { status } = await postForm('/public/petitions', { ...PORTAL_PETITION, formToken: FORM_TOKEN }, [{ name: 'evidence.eml', type: 'message/rfc822', bytes: eml('答复.pdf', 'application/pdf', pdf) }]);
      expect(status).toBe(201);
      expect(s3.commandCalls(PutObjectCommand)[0]!.args[0].input.Key).toBe('attachments/330122-2026-000042/1-evidence.eml');
    });
  });

  it('refuses files over 4 MB together with 413, the form kept', async () => {
    const big = new Uint8Array(4 * 1024 * 1024 + 10);
    const { status, page } = await postForm('/public/petitions', { ...PORTAL_PETITION, formToken: FORM_TOKEN }, [{ name: '录像.mp4', type: 'video/mp4', bytes: big }]);
    expect(status).toBe(413);
    expect(errorOf(page, 'attachments')).toBe('附件合计超过 4 MB，未能提交。请压缩图片或减少附件后重新选择；更多材料可以来信或来访提交。');
    expect(valueOf(page, 'name')).toBe(PORTAL_PETITION.name);
    expect(sent()).toHaveLength(0);
  });

  it('answers 429 with when to try again once an address has sent its petitions for the day', async () => {
    allowancesUntil(/^ALLOW#portal-submit-address:/);
    bed.dynamo.on(GetCommand).resolves({});
    const { status, headers, page } = await postForm('/public/petitions', { ...PORTAL_PETITION, formToken: FORM_TOKEN });
    expect(status).toBe(429);
    // Midnight in China is 14 hours after 10:00.
    expect(headers['retry-after']).toBe(String(14 * 3600));
    expect(page).toContain('提交次数过多');
    expect(page).toContain('请于 <strong>11月24日 00:00</strong>（北京时间）以后再试');
    expect(sent()).toHaveLength(0);
  });

  it('answers a contact over its limit with the same words, telling nothing of its other petitions', async () => {
    allowancesUntil(/^ALLOW#portal-submit-contact:/);
    bed.dynamo.on(GetCommand).resolves({});
    const { status, page } = await postForm('/public/petitions', { ...PORTAL_PETITION, formToken: FORM_TOKEN });
    expect(status).toBe(429);
    expect(page).toContain('同一网络或同一联系方式每天可提交的信访事项有数量限制');
    expect(page).not.toMatch(/已有|其他信访事项|330122-/);
  });

  it('registers a good post as a web case with its photo and the query code’s hash only, and shows number and code once', async () => {
    allowancesUntil();
    bed.dynamo.on(GetCommand).resolves({});
    bed.dynamo.on(QueryCommand).resolves({ Items: [] });
    s3.reset();
    s3.on(PutObjectCommand).resolves({});
    bed.dynamo.on(TransactWriteCommand).resolves({});
    const { status, page } = await postForm('/public/petitions', { ...PORTAL_PETITION, formToken: FORM_TOKEN, category: 'complaint' }, [{ name: '楼顶漏水.png', type: 'image/png', bytes: PHOTO_PNG }]);
    expect(status).toBe(201);
    expect(page).toContain('<dd class="code" id="case-number">330122-2026-000042</dd>');
    const code = /id="query-code">([^<]+)</.exec(page)![1]!;
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){2}$/);
    expect(page).toContain('查询码只显示这一次');

    const items = sent()[0]!.args[0].input.TransactItems!.map((t) => (t.Put ? { ...t.Put, Item: unpacked(t.Put.Item as Record<string, unknown>) } : {}) as { Item?: Record<string, unknown> });
    // Only the letter on its way (an outbox item, which expires 14 days after it was written) holds the code; the case and its items never.
    const kept = JSON.stringify(items.filter((i) => !String(i.Item?.sk).startsWith('OUTBOX#')));
    expect(kept).not.toContain(code);
    expect(kept).not.toContain(code.replace(/-/g, ''));
    const caseItem = items.find((i) => i.Item?.entity === 'case')!.Item!;
    expect(caseItem).toMatchObject({ channel: 'web', category: 'complaint', registeredBy: 'system:web', acknowledgement: 'queued' });
    expect(caseItem.attachments).toEqual([expect.objectContaining({ filename: '楼顶漏水.png', key: 'attachments/330122-2026-000042/1-楼顶漏水.png' })]);
    expect(items.find((i) => i.Item?.sk === 'QUERYCODE')!.Item).toMatchObject({ entity: 'queryCode', scheme: 'scrypt-n16384-r8-p1', hash: expect.any(String), salt: expect.any(String) });
    // The acknowledgement (in the outbox) carries the code to the petitioner, and says to withhold it from the kept copy.
    const ack = outboxMessages(items.map((i) => i.Item)).find((m) => m.queue === 'notify' && m.body.kind === 'acknowledgement')!.body as { text: string; withheld: string[] };
    expect(ack.text).toContain(`查询码：${code}`);
    expect(ack.withheld).toEqual([code]);
    // In the body, before the signature, and worded as this email is: not "shown only once" in the mail that shows it.
    expect(ack.text.indexOf(`查询码：${code}`)).toBeLessThan(ack.text.indexOf('本邮件由系统自动发送。'));
    expect(ack.text.trimEnd().endsWith('桐庐县信访局')).toBe(true);
    expect(ack.text).not.toContain('查询码只在提交时显示一次');
    expect(ack.text).toContain('查询码已在提交后的页面上显示，并只通过本邮件发送这一次');
    expect(s3.commandCalls(PutObjectCommand)[0]!.args[0].input.Key).toBe('attachments/330122-2026-000042/1-楼顶漏水.png');
  });
});

describe('POST /public/petitions: anonymous and collective petitions', () => {
  const registering = () => {
    allowancesUntil();
    bed.dynamo.on(GetCommand).resolves({});
    bed.dynamo.on(QueryCommand).resolves({ Items: [] });
    bed.dynamo.on(TransactWriteCommand).resolves({});
  };
  const storedItems = () => sent()[0]!.args[0].input.TransactItems!.map((t) => unpacked(((t.Put ?? {}) as { Item?: Record<string, unknown> }).Item ?? {}));

  it('registers an anonymous petition without any contact, sends no letter, and says what the petitioner will not get', async () => {
    registering();
    const { status, page } = await postForm('/public/petitions', { formToken: FORM_TOKEN, jurisdiction: '330122', subject: PORTAL_PETITION.subject, matter: PORTAL_PETITION.matter, anonymous: 'on' });
    expect(status).toBe(201);
    expect(page).toContain('您选择了匿名反映：我们将依法办理，但不能向您书面答复。');
    expect(page).toMatch(/id="query-code">/);
    const items = storedItems();
    expect(items.find((i) => i.entity === 'case')).toMatchObject({ petitioner: { anonymous: true }, acknowledgement: 'notApplicable' });
    expect(items.filter((i) => String(i.sk).startsWith('OUTBOX#notify#'))).toEqual([]);
    expect(items.filter((i) => i.entity === 'contact')).toEqual([]);
  });

  it('registers a collective petition with its head count and representatives (第二十条)', async () => {
    registering();
    const { status } = await postForm('/public/petitions', {
      ...PORTAL_PETITION,
      formToken: FORM_TOKEN,
      collective: 'on',
      headCount: '27',
      rep1Name: '张伟',
      rep1Phone: '13800001111',
      rep2Name: '王秀兰',
    });
    expect(status).toBe(201);
    expect(storedItems().find((i) => i.entity === 'case')!.collective).toEqual({
      headCount: 27,
      representatives: [
        { anonymous: false, name: '张伟', phone: '13800001111' },
        { anonymous: false, name: '王秀兰' },
      ],
    });
  });
});

describe('POST /public/petitions: the challenge under a surge from one address', () => {
  /** The challenges kept, by id, as the table would keep them: removed when taken, so a second answer finds none. */
  let challenges: Map<string, string>;
  /** A table where the address has registered `used` petitions this hour. */
  function surgeOf(used: number) {
    challenges = new Map();
    allowancesUntil();
    bed.dynamo.on(GetCommand).callsFake((input: { Key: { pk: string } }) => (input.Key.pk.startsWith('ALLOW#portal-submit-surge:') && used > 0 ? { Item: { used } } : {}));
    bed.dynamo.on(QueryCommand).resolves({ Items: [] });
    bed.dynamo.on(TransactWriteCommand).resolves({});
    bed.dynamo.on(PutCommand).callsFake((input: { Item: { pk: string; answerHash: string } }) => {
      challenges.set(input.Item.pk, input.Item.answerHash);
      return {};
    });
    bed.dynamo.on(DeleteCommand).callsFake((input: { Key: { pk: string } }) => {
      const answerHash = challenges.get(input.Key.pk);
      if (answerHash === undefined) throw new ConditionalCheckFailedException({ message: 'gone', $metadata: {} });
      challenges.delete(input.Key.pk);
      return { Attributes: { answerHash } };
    });
  }
  const DIGITS = '一二三四五六七八九';
  /** The question a page asks, its id, and the right answer worked out from the words. */
  function challengeOf(page: string) {
    const asked = /<label for="f-challengeAnswer">请回答：([一二三四五六七八九])(加|减)([一二三四五六七八九])等于几？<\/label>/.exec(page);
    const id = valueOf(page, 'challengeId');
    if (!asked || !id) return undefined;
    const [a, b] = [DIGITS.indexOf(asked[1]!) + 1, DIGITS.indexOf(asked[3]!) + 1];
    return { id, answer: String(asked[2] === '加' ? a + b : a - b) };
  }
  const petition = { ...PORTAL_PETITION, formToken: FORM_TOKEN };

  it('asks nothing below the surge: the petition is registered and counted for the hour', async () => {
    surgeOf(2);
    const { status, page } = await postForm('/public/petitions', petition);
    expect(status).toBe(201);
    expect(page).not.toContain('challengeId');
    // No question kept (the registration's own number reservation is no challenge).
    expect(bed.dynamo.commandCalls(PutCommand).filter((c) => String(c.args[0].input.Item!.pk).startsWith('CHALLENGE#'))).toHaveLength(0);
    expect(sent()).toHaveLength(1);
    const counted = bed.dynamo.commandCalls(UpdateCommand).map((c) => c.args[0].input.Key!.pk as string);
    expect(counted.some((pk) => /^ALLOW#portal-submit-surge:[\w-]+#2026-11-23T10$/.test(pk))).toBe(true);
    // The address is hashed in the key, never kept as sent.
    expect(counted.join()).not.toContain('203.0.113.10');
  });

  it('over the surge, registers nothing without an answer and gives the form back as typed with a question', async () => {
    surgeOf(3);
    const { status, page } = await postForm('/public/petitions', petition, [{ name: '楼顶漏水.png', type: 'image/png', bytes: PHOTO_PNG }]);
    expect(status).toBe(422);
    expect(sent()).toHaveLength(0);
    expect(errorOf(page, 'challengeAnswer')).toBe('请回答下面的问题后再提交（填写阿拉伯数字）');
    expect(page).toContain('提交未成功，有 1 处需要修改');
    expect(page).toContain('您填写的内容已保留，附件需要重新选择');
    expect(page).toMatch(/<input id="f-challengeAnswer" name="challengeAnswer" type="text" value="" required autocomplete="off" inputmode="numeric" maxlength="20" aria-describedby="h-challengeAnswer e-challengeAnswer" aria-invalid="true">/);
    expect(valueOf(page, 'subject')).toBe(PORTAL_PETITION.subject);
    expect(valueOf(page, 'formToken')).toBe(FORM_TOKEN);
    expect(page).toContain(`>${PORTAL_PETITION.matter}</textarea>`);
    const asked = challengeOf(page)!;
    expect(asked.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    // Kept by id with the answer's hash only, for ten minutes.
    const kept = bed.dynamo.commandCalls(PutCommand)[0]!.args[0].input.Item!;
    expect(kept).toEqual({ pk: `CHALLENGE#${asked.id}`, sk: 'CHALLENGE', entity: 'challenge', answerHash: expect.any(String), expiresAt: Date.parse('2026-11-23T02:10:00Z') / 1000 });
    expect(JSON.stringify(kept)).not.toContain(`"${asked.answer}"`);
  });

  it('refuses a wrong answer, using the question up, and asks a new one', async () => {
    surgeOf(3);
    const first = challengeOf((await postForm('/public/petitions', petition)).page)!;
    const wrong = String(Number(first.answer) + 1);
    const { status, page } = await postForm('/public/petitions', { ...petition, challengeId: first.id, challengeAnswer: wrong });
    expect(status).toBe(422);
    expect(sent()).toHaveLength(0);
    expect(errorOf(page, 'challengeAnswer')).toBe('答案不正确，事项未提交。请回答下面的新问题后再提交');
    const second = challengeOf(page)!;
    expect(second.id).not.toBe(first.id);
    // The right answer to the first question comes too late: it was used up.
    const late = await postForm('/public/petitions', { ...petition, challengeId: first.id, challengeAnswer: first.answer });
    expect(late.status).toBe(422);
    expect(errorOf(late.page, 'challengeAnswer')).toBe('这道问题已失效（每道问题只能回答一次，10 分钟内有效），事项未提交。请回答下面的新问题后再提交');
    expect(sent()).toHaveLength(0);
  });

  it('registers the petition on the right answer (typed in full-width digits too), and lets that answer through once only', async () => {
    surgeOf(3);
    const asked = challengeOf((await postForm('/public/petitions', petition)).page)!;
    const fullWidth = asked.answer.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    const passed = await postForm('/public/petitions', { ...petition, challengeId: asked.id, challengeAnswer: fullWidth });
    expect(passed.status).toBe(201);
    expect(sent()).toHaveLength(1);
    const taken = bed.dynamo.commandCalls(DeleteCommand)[0]!.args[0].input;
    expect(taken).toMatchObject({ Key: { pk: `CHALLENGE#${asked.id}`, sk: 'CHALLENGE' }, ConditionExpression: 'attribute_exists(pk) AND expiresAt > :now', ReturnValues: 'ALL_OLD' });

    const reused = await postForm('/public/petitions', { ...petition, formToken: 'tok_portal_handler_0002', challengeId: asked.id, challengeAnswer: asked.answer });
    expect(reused.status).toBe(422);
    expect(errorOf(reused.page, 'challengeAnswer')).toMatch(/^这道问题已失效/);
    expect(challengeOf(reused.page)!.id).not.toBe(asked.id);
    expect(sent()).toHaveLength(1);
  });

  it('still holds the hard daily limit after a right answer', async () => {
    surgeOf(3);
    const asked = challengeOf((await postForm('/public/petitions', petition)).page)!;
    allowancesUntil(/^ALLOW#portal-submit-address:/);
    const { status } = await postForm('/public/petitions', { ...petition, challengeId: asked.id, challengeAnswer: asked.answer });
    expect(status).toBe(429);
    expect(sent()).toHaveLength(0);
  });
});

describe('POST /public/petitions: whose allowance a post spends', () => {
  it('counts every address of one IPv6 line (its /64) as one network, and a mapped IPv4 address as itself', async () => {
    allowancesUntil();
    bed.dynamo.on(GetCommand).resolves({});
    bed.dynamo.on(TransactWriteCommand).resolves({});
    const keyFrom = async (sourceIp: string, token: string) => {
      bed.dynamo.resetHistory();
      await postForm('/public/petitions', { ...PORTAL_PETITION, formToken: token }, [], sourceIp);
      return bed.dynamo.commandCalls(UpdateCommand).map((c) => String(c.args[0].input.Key!.pk)).find((pk) => pk.startsWith('ALLOW#portal-submit-address:'));
    };
    const first = await keyFrom('2001:db8:1234:5678::1', 'tok_ipv6_line_000001');
    expect(first).toBeDefined();
    expect(await keyFrom('2001:db8:1234:5678:9abc::7', 'tok_ipv6_line_000002')).toBe(first);
    expect(await keyFrom('2001:db8:1234:5679::1', 'tok_ipv6_line_000003')).not.toBe(first);
    expect(await keyFrom('::ffff:203.0.113.10', 'tok_ipv6_line_000004')).toBe(await keyFrom('203.0.113.10', 'tok_ipv6_line_000005'));
  });
});

describe('POST /public/petitions: the same form sent twice', () => {
  it('answers the same form posted again with its case, spending none of the day’s limits on it', async () => {
    allowancesUntil();
    bed.dynamo.on(GetCommand).resolves({});
    bed.dynamo.on(QueryCommand).resolves({ Items: [] });
    bed.dynamo.on(TransactWriteCommand).resolves({});
    const first = await postForm('/public/petitions', { ...PORTAL_PETITION, formToken: FORM_TOKEN });
    expect(first.status).toBe(201);
    const items = sent()[0]!.args[0].input.TransactItems!.map((t) => unpacked((t.Put?.Item ?? {}) as Record<string, unknown>));
    const idempotency = items.find((i) => i.entity === 'idempotency')!;
    const registered = items.find((i) => i.entity === 'case')!;
    const allowancesTaken = bed.dynamo.commandCalls(UpdateCommand).filter((c) => String(c.args[0].input.Key!.pk).startsWith('ALLOW#')).length;
    expect(allowancesTaken).toBeGreaterThan(0);

    // The answer was lost; the phone posts the same form again.
    bed.dynamo.on(GetCommand).resolves({ Item: { caseNumber: registered.caseNumber, outcome: 'registered', fingerprint: idempotency.fingerprint } });
    bed.dynamo.on(QueryCommand).resolves({ Items: [registered] });
    const again = await postForm('/public/petitions', { ...PORTAL_PETITION, formToken: FORM_TOKEN });
    expect(again.page).toContain(String(registered.caseNumber));
    expect(sent()).toHaveLength(1);
    expect(bed.dynamo.commandCalls(UpdateCommand).filter((c) => String(c.args[0].input.Key!.pk).startsWith('ALLOW#'))).toHaveLength(allowancesTaken);
  });


  it('shows the query code again to the same form posted again after its answer was lost, while that code still opens the case', async () => {
    allowancesUntil();
    bed.dynamo.on(GetCommand).resolves({});
    bed.dynamo.on(TransactWriteCommand).resolves({});
    const first = await postForm('/public/petitions', { ...PORTAL_PETITION, formToken: FORM_TOKEN });
    const shown = codeOn(first.page)!;
    expect(shown).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const items = sent()[0]!.args[0].input.TransactItems!.map((t) => unpacked((t.Put?.Item ?? {}) as Record<string, unknown>));
    const idempotency = items.find((i) => i.entity === 'idempotency')!;
    const registered = items.find((i) => i.entity === 'case')!;
    const queryCode = items.find((i) => i.entity === 'queryCode')!;
    // Only sealed: the table alone does not give the code away.
    expect(JSON.stringify(items)).not.toContain(shown.replaceAll('-', ''));
    let current = queryCode;
    bed.dynamo.on(GetCommand).callsFake((input: { Key: { pk: string; sk: string } }) => {
      if (input.Key.pk.startsWith('IDEM#')) return { Item: idempotency };
      if (input.Key.sk === 'QUERYCODE') return { Item: current };
      return {};
    });
    bed.dynamo.on(QueryCommand).resolves({ Items: [registered] });

    const again = await postForm('/public/petitions', { ...PORTAL_PETITION, formToken: FORM_TOKEN });
    expect(again.status).toBe(200);
    expect(again.page).toContain('这份表单已经提交过，事项已登记，没有重复登记。');
    expect(codeOn(again.page)).toBe(shown);
    expect(sent()).toHaveLength(1);

    // A new code issued since replaced it: the old one opens nothing and is not shown.
    current = { ...queryCode, ...(await hashQueryCode(CODE)) };
    const replaced = await postForm('/public/petitions', { ...PORTAL_PETITION, formToken: FORM_TOKEN });
    expect(codeOn(replaced.page)).toBeUndefined();
    expect(replaced.page).toContain('查询码在第一次提交时已显示，并已发送到您的电子邮箱。');
    expect(replaced.page).toContain('可以<a href="/public/track/code">用登记时留下的邮箱领取新的查询码</a>；也可以携带身份证件到<strong>桐庐县信访局</strong>（地址：桐庐县行政服务中心一楼来访接待大厅；电话：');

    // A day later the page left in the browser's history shows it no more.
    current = queryCode;
    vi.setSystemTime(new Date(Date.parse(String(registered.registeredAt)) + 25 * 3_600_000));
    const later = await postForm('/public/petitions', { ...PORTAL_PETITION, formToken: FORM_TOKEN });
    expect(later.page).toContain(String(registered.caseNumber));
    expect(codeOn(later.page)).toBeUndefined();
  });

  it('answers the same petition sent again from a fresh form of another browser by its contact: nothing registered, no repeat to decline, and no case named', async () => {
    allowancesUntil();
    bed.dynamo.on(GetCommand).resolves({});
    bed.dynamo.on(TransactWriteCommand).resolves({});
    const first = await postForm('/public/petitions', { ...PORTAL_PETITION, formToken: FORM_TOKEN });
    expect(first.status).toBe(201);
    const registered = sent()[0]!.args[0].input.TransactItems!.map((t) => unpacked((t.Put?.Item ?? {}) as Record<string, unknown>)).find((i) => i.entity === 'case')!;
    // The petitioner's contact finds that case, with these very words, registered a minute ago.
    bed.dynamo.on(QueryCommand, { IndexName: 'byContact' }).resolves({ Items: [{ caseNumber: registered.caseNumber }] });
    bed.dynamo.on(BatchGetCommand).resolves({ Responses: { [TEST_TABLE]: [{ caseNumber: registered.caseNumber, status: 'registered', registeredAt: registered.registeredAt, matter: registered.matter, receivingOffice: registered.receivingOffice }] } });
    bed.dynamo.on(GetCommand, { Key: { pk: `CASE#${String(registered.caseNumber)}`, sk: 'CASE' } }).resolves({ Item: registered });
    vi.setSystemTime(new Date(Date.parse(String(registered.registeredAt)) + 60_000));

    const again = await postForm('/public/petitions', { ...PORTAL_PETITION, formToken: 'tok_portal_handler_0002' });
    expect(again.status).toBe(200);
    expect(again.page).toContain('已经提交过');
    expect(again.page).toContain('没有重复登记');
    // Whoever knows the petitioner's phone and words learns no number of theirs.
    expect(again.page).not.toContain(String(registered.caseNumber));
    expect(again.page).not.toMatch(/\d{6}-\d{4}-\d{6}/);
    expect(sent()).toHaveLength(1);
    // Other words are another petition.
    const other = await postForm('/public/petitions', { ...PORTAL_PETITION, matter: `${PORTAL_PETITION.matter}另外，电梯也坏了。`, formToken: 'tok_portal_handler_0003' });
    expect(other.status).toBe(201);
    // The same words with the photo forgotten the first time: registered, the photo kept, not told 没有重复登记.
    s3.reset();
    s3.on(PutObjectCommand).resolves({});
    const withPhoto = await postForm('/public/petitions', { ...PORTAL_PETITION, formToken: 'tok_portal_handler_0004' }, [{ name: '楼顶漏水.png', type: 'image/png', bytes: PHOTO_PNG }]);
    expect(withPhoto.status).toBe(201);
    expect(withPhoto.page).not.toContain('没有重复登记');
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(1);
  });

  it('links a petition only to an earlier case the office it is sent to may read: not to a report against 桐庐县 held by the city', async () => {
    allowancesUntil();
    bed.dynamo.on(GetCommand).resolves({});
    bed.dynamo.on(TransactWriteCommand).resolves({});
    // The petitioner's earlier case on the same matter (in other words): as 桐庐县 holds it, then as a report the city holds.
    const earlier = {
      caseNumber: '330122-2026-000005',
      status: 'accepted',
      registeredAt: '2026-11-10T02:00:00.000Z',
      matter: '迎春小区5幢楼顶漏水已三个月，多次找物业维修无果，请求督促处理。',
      jurisdiction: '330122',
      receivingOffice: '330122',
    };
    bed.dynamo.on(QueryCommand, { IndexName: 'byContact' }).resolves({ Items: [{ caseNumber: earlier.caseNumber }] });
    const registeredWith = async (stored: Record<string, unknown>, formToken: string) => {
      bed.dynamo.on(BatchGetCommand).resolves({ Responses: { [TEST_TABLE]: [stored] } });
      const before = sent().length;
      expect((await postForm('/public/petitions', { ...PORTAL_PETITION, formToken })).status).toBe(201);
      const items = sent()[before]!.args[0].input.TransactItems!.map((t) => unpacked((t.Put?.Item ?? {}) as Record<string, unknown>));
      return { case: items.find((i) => i.entity === 'case')!, event: items.find((i) => i.entity === 'event')! };
    };

    const visible = await registeredWith(earlier, 'tok_portal_handler_0005');
    expect(visible.case.repeatOf).toBe(earlier.caseNumber);

    const hidden = await registeredWith({ ...earlier, jurisdiction: '330100', accusedJurisdictions: ['330122'] }, 'tok_portal_handler_0006');
    expect(hidden.case.repeatOf).toBeUndefined();
    expect((hidden.case.intakeFlags as { repeatSimilarity?: number } | undefined)?.repeatSimilarity).toBeUndefined();
    expect(JSON.stringify(hidden.event)).not.toContain(earlier.caseNumber);
  });

  it('refuses other content under a form already used, and gives a fresh form to send it as a new petition', async () => {
    allowancesUntil();
    bed.dynamo.on(GetCommand).resolves({ Item: { caseNumber: '330122-2026-000007', outcome: 'registered', fingerprint: 'the-first-petition' } });
    const { status, page } = await postForm('/public/petitions', { ...PORTAL_PETITION, formToken: FORM_TOKEN });
    expect(status).toBe(422);
    expect(page).toContain('这份表单已经提交过其他内容。如要再反映一件事，请直接再次提交本页（已为您换用新的表单）。');
    expect(valueOf(page, 'formToken')).not.toBe(FORM_TOKEN);
    expect(valueOf(page, 'subject')).toBe(PORTAL_PETITION.subject);
    expect(page).not.toContain('330122-2026-000007');
    expect(sent()).toHaveLength(0);
  });
});

describe('POST /public/track: what a lookup reveals', () => {
  const lookup = (fields: Record<string, string>, sourceIp = '203.0.113.10') => {
    const event = httpEvent({ method: 'POST', path: '/public/track', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
    event.requestContext.http.sourceIp = sourceIp;
    return handler(event, lambdaContext).then((r) => ({ status: r.statusCode, headers: r.headers ?? {}, page: r.body ?? '' }));
  };
  const caseNumber = STORED_LETTER_CASE.caseNumber;

  async function storedCase(extensionReason = '需要现场勘验') {
    const hashed = await hashQueryCode(CODE);
    bed.dynamo.on(GetCommand, { Key: { pk: `CASE#${caseNumber}`, sk: 'QUERYCODE' } }).resolves({ Item: { pk: `CASE#${caseNumber}`, sk: 'QUERYCODE', entity: 'queryCode', ...hashed } });
    bed.dynamo.on(QueryCommand).resolves({
      Items: [
        {
          ...STORED_LETTER_CASE,
          channel: 'web',
          status: 'inProgress',
          subject: '城南小区楼顶漏水',
          acceptedAt: '2026-11-20T02:00:00.000Z',
          handling: { lead: '330122-housing', cooperating: [] },
          accusedUnits: ['330122-market'],
          deadlines: { handling: '2027-02-01T16:00:00.000Z' },
          extension: { days: 15, reason: '需要现场勘验', requestedBy: 'tonglu-housing-head', requestedAt: '2026-11-21T01:00:00.000Z', status: 'approved', decidedBy: 'tonglu-leader', decidedAt: '2026-11-21T02:00:00.000Z' },
        },
        { pk: `CASE#${caseNumber}`, sk: 'EVENT#00000001', entity: 'event', caseNumber, seq: 1, type: 'registered', at: '2026-11-20T01:20:00.000Z', actor: 'system:web', to: 'registered', detail: { channel: 'web' } },
        { pk: `CASE#${caseNumber}`, sk: 'EVENT#00000002', entity: 'event', caseNumber, seq: 2, type: 'accepted', at: '2026-11-20T02:00:00.000Z', actor: 'tonglu-office', to: 'accepted' },
        { pk: `CASE#${caseNumber}`, sk: 'EVENT#00000003', entity: 'event', caseNumber, seq: 3, type: 'noted', at: '2026-11-20T03:00:00.000Z', actor: 'tonglu-office', reason: '内部备注：此人多次来访', detail: {} },
        { pk: `CASE#${caseNumber}`, sk: 'EVENT#00000004', entity: 'event', caseNumber, seq: 4, type: 'assigned', at: '2026-11-20T04:00:00.000Z', actor: 'tonglu-office', to: 'assigned', detail: { lead: '330122-housing' } },
        { pk: `CASE#${caseNumber}`, sk: 'EVENT#00000005', entity: 'event', caseNumber, seq: 5, type: 'extensionApproved', at: '2026-11-21T02:00:00.000Z', actor: 'tonglu-leader', reason: extensionReason, detail: { days: 15 } },
      ],
    });
  }

  it('shows status, office, unit, the clock and the public steps — no staff, notes or accused units', async () => {
    allowancesUntil();
    await storedCase();
    const { status, page } = await lookup({ caseNumber, code: 'k7qm 2wxd-9rbt' });
    expect(status).toBe(200);
    expect(page).toContain('<strong id="status">承办单位正在办理</strong>');
    expect(page).toContain('<dd>桐庐县信访局</dd>');
    expect(page).toContain('<dd>桐庐县住房和城乡建设局</dd>');
    expect(page).toContain('最迟应于 2027年2月1日办结');
    expect(page).toContain('办理期限延长 15 日，理由：需要现场勘验');
    for (const hidden of ['内部备注', '此人多次来访', 'tonglu-', '俞志明', '桐庐县市场监督管理局', '330122-market', '张伟']) expect(page).not.toContain(hidden);
  });

  it('writes each opening with the code to the case’s audit trail, before the page is shown; a wrong code writes nothing', async () => {
    allowancesUntil();
    await storedCase();
    bed.dynamo.on(PutCommand).resolves({});
    const trail = () => bed.dynamo.commandCalls(PutCommand).map((c) => c.args[0].input.Item!).filter((i) => i.entity === 'audit');
    expect((await lookup({ caseNumber, code: 'ABCD-EFGH-JKMN' })).status).toBe(404);
    expect(trail()).toEqual([]);
    expect((await lookup({ caseNumber, code: CODE })).status).toBe(200);
    expect(trail()).toEqual([expect.objectContaining({ caseNumber, actor: 'system:web', action: 'read:portal', outcome: 'allowed', at: '2026-11-23T02:00:00.000Z' })]);
  });

  it('does not name a case that is not the petitioner’s, typed into a reason (a report against them): 另案', async () => {
    allowancesUntil();
    const report = '330100-2026-000005';
    await storedCase(`需要现场勘验，并核实 ${report} 所涉情况`);
    bed.dynamo.on(GetCommand, { Key: { pk: `CASE#${report}`, sk: 'CASE' } }).resolves({});
    const { status, page } = await lookup({ caseNumber, code: CODE });
    expect(status).toBe(200);
    expect(page).toContain('理由：需要现场勘验，并核实 另案 所涉情况');
    expect(page).not.toContain(report);
  });

  it('answers a wrong code and an unknown number with the same not-found page', async () => {
    allowancesUntil();
    await storedCase();
    const wrong = await lookup({ caseNumber, code: 'ABCD-EFGH-JKMN' });
    bed.dynamo.on(GetCommand).resolves({});
    const unknown = await lookup({ caseNumber, code: CODE });
    expect(wrong.status).toBe(404);
    expect(wrong.page).toContain('未找到相符的信访事项');
    expect(unknown).toEqual(wrong);
    expect(wrong.page).not.toContain('ABCD');
  });

  it('reads a case number typed with full-width digits, as a Chinese keyboard gives them', async () => {
    allowancesUntil();
    await storedCase();
    const fullWidth = caseNumber.replace(/[0-9-]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
    const { status } = await lookup({ caseNumber: ` ${fullWidth} `, code: CODE });
    expect(status).toBe(200);
  });

  it('asks for the fields it needs, in Chinese', async () => {
    const { status, page } = await lookup({ caseNumber: '12345', code: '' });
    expect(status).toBe(400);
    expect(errorOf(page, 'caseNumber')).toBe('登记编号的格式如 330122-2026-000042，请核对');
    expect(errorOf(page, 'code')).toBe('请填写查询码');
  });

  it('limits wrong codes tried for one case, and says when to try again, but never refuses the petitioner’s right code', async () => {
    allowancesUntil(/^ALLOW#portal-lookup-case:/);
    await storedCase();
    // Strangers used up the case's wrong tries for the day: the petitioner's own code still opens it.
    const owner = await lookup({ caseNumber, code: CODE });
    expect(owner.status).toBe(200);
    expect(owner.page).toContain(caseNumber);
    const { status, headers, page } = await lookup({ caseNumber, code: 'ABCD-EFGH-JKMN' });
    expect(status).toBe(429);
    expect(headers['retry-after']).toBe(String(14 * 3600));
    // What is held back is wrong codes only: the page must not send the holder of the right code away.
    expect(page).toContain('<h1>查询码错误次数过多</h1>');
    expect(page).toContain('同一登记编号每天输错查询码至多 20 次');
    expect(page).toContain('<strong>正确的查询码不受此限制，仍然可以随时查询。</strong>');
    expect(page).toContain('输错的次数于 <strong>11月24日 00:00</strong>（北京时间）重新计算');
    expect(page).not.toContain('以后再试');
    expect(page).not.toContain('查询次数过多');
    expect(page).not.toContain('承办单位');
  });

  it('limits lookups from one address by the hour', async () => {
    allowancesUntil(/^ALLOW#portal-lookup-address:/);
    const { status, headers, page } = await lookup({ caseNumber, code: CODE });
    expect(status).toBe(429);
    expect(headers['retry-after']).toBe('3600');
    expect(page).toContain('<h1>查询次数过多</h1>');
    expect(page).toContain('同一网络（例如同一单位、小区的网络）每小时至多查询 30 次');
    expect(page).toContain('请于 <strong>11月23日 11:00</strong>（北京时间）以后再试');
  });
});

describe('GET /public/petition?address=: finding the office from an address', () => {
  const lookUp = async (address: string) => {
    const event = httpEvent({ method: 'GET', path: '/public/petition', query: { address } });
    delete (event.requestContext as { authorizer?: unknown }).authorizer;
    const result = await handler(event, lambdaContext);
    return { status: result.statusCode, page: result.body ?? '' };
  };

  it('chooses the office of the place the address names, says so, and keeps the address as the incident address', async () => {
    const { status, page } = await lookUp('杭州市桐庐县富春江镇滨江路 8 号');
    expect(status).toBe(200);
    expect(page).toContain('已为您选择<strong>富春江镇');
    expect(page).toMatch(/<option value="330122101" selected>/);
    expect(valueOf(page, 'incidentAddress')).toBe('杭州市桐庐县富春江镇滨江路 8 号');
  });

  it('says plainly when the address does not decide, and leaves the choice to the citizen', async () => {
    const { status, page } = await lookUp('人民路 1 号');
    expect(status).toBe(200);
    expect(page).toContain('未能从地址“人民路 1 号”确定信访机构');
    expect(page).not.toMatch(/<option value="\d+" selected>/);
  });

  it('does not ask an address in a municipality (北京市朝阳区) or another province for the county it already names', async () => {
    for (const address of ['北京市朝阳区建国路 1 号', '上海市浦东新区世纪大道 100 号', '江苏省南京市玄武区中山路 1 号']) {
      const { page } = await lookUp(address);
      expect(page).not.toContain('请写明所在县（市、区）');
      expect(page).toContain(`地址“${address}”不在下方所列信访机构的辖区内，未能为您选择。事情发生在该地的，请向当地的信访机构反映；事情发生在浙江省的，请在下方列表中选择事情发生地的信访机构。`);
      expect(page).not.toMatch(/<option value="\d+" selected>/);
    }
    // An address of this province that stops above the county is still asked for it.
    expect((await lookUp('宁波市中山路 1 号')).page).toContain('请写明所在县（市、区）');
  });
});

describe('POST /public/petitions: an anonymous petition sent again from the same browser', () => {
  /** Two browsers' ids, as the form page gives them (portal-browser.ts): 43 base64url characters. */
  const BROWSER = 'A'.repeat(20) + 'browser-one_' + 'B'.repeat(11);
  const OTHER_BROWSER = 'C'.repeat(20) + 'browser-two_' + 'D'.repeat(11);
  const cookie = (id: string) => [`xf_portal_browser=${id}`];
  const anonymous = { jurisdiction: '330122', subject: '路灯', matter: '路灯坏了', anonymous: 'on' };
  const NEIGHBOURS = '203.0.113.10';

  /**
   * A table as DynamoDB keeps it: gets read what was written; a transaction
   * is refused whole, with a reason per item, when a put conditioned on a new
   * key finds it taken. `together` holds transactions until that many have
   * arrived, so posts sent at once have all looked before either writes.
   */
  function table(together = 1) {
    const kept = new Map<string, Record<string, unknown>>();
    const at = (key: { pk?: unknown; sk?: unknown }) => `${String(key.pk)}|${String(key.sk)}`;
    let sequence = 0;
    let arrived = 0;
    let release: () => void = () => undefined;
    const all = new Promise<void>((resolve) => (release = resolve));
    bed.dynamo.on(UpdateCommand).callsFake((input: { Key: { pk: string } }) => (input.Key.pk.startsWith('SEQ#') ? { Attributes: { seq: ++sequence } } : {}));
    bed.dynamo.on(GetCommand).callsFake((input: { Key: { pk: string; sk: string } }) => ({ Item: kept.get(at(input.Key)) }));
    bed.dynamo.on(QueryCommand).resolves({ Items: [] });
    bed.dynamo.on(TransactWriteCommand).callsFake(async (input: { TransactItems: { Put?: { Item: Record<string, unknown>; ConditionExpression?: string } }[] }) => {
      if (++arrived >= together) release();
      await all;
      const reasons = input.TransactItems.map((t) => ({ Code: t.Put?.ConditionExpression === 'attribute_not_exists(pk)' && kept.has(at(t.Put.Item)) ? 'ConditionalCheckFailed' : 'None' }));
      if (reasons.some((r) => r.Code !== 'None')) throw new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: reasons });
      for (const t of input.TransactItems) if (t.Put) kept.set(at(t.Put.Item), t.Put.Item);
      return {};
    });
    const cases = () => [...kept.values()].filter((i) => i.entity === 'case').map((i) => unpacked(i));
    return { kept, cases };
  }

  it('gives the browser a random id on the form page: HttpOnly, SameSite=Lax, the portal’s paths only, long-lived; Secure over https', async () => {
    const form = async (headers: Record<string, string> = {}, cookies: string[] = []) => {
      const event = httpEvent({ method: 'GET', path: '/public/petition', headers });
      if (cookies.length) event.cookies = cookies;
      delete (event.requestContext as { authorizer?: unknown }).authorizer;
      return handler(event, lambdaContext);
    };
    const first = await form();
    expect(first.statusCode).toBe(200);
    const [set] = first.cookies ?? [];
    expect(set).toMatch(/^xf_portal_browser=[A-Za-z0-9_-]{43}; Path=\/public; Max-Age=31536000; HttpOnly; SameSite=Lax$/);
    // 32 random bytes: another browser gets another id.
    expect((await form()).cookies![0]!.split(';')[0]).not.toBe(set!.split(';')[0]);
    expect((await form({ 'x-forwarded-proto': 'https' })).cookies![0]).toMatch(/; HttpOnly; SameSite=Lax; Secure$/);
    // A browser that has its id keeps it.
    expect((await form({}, cookie(BROWSER))).cookies ?? []).toEqual([]);
  });

  it('answers Back-then-submit with the case already registered (已经提交过), its number and no code, and registers nothing more', async () => {
    allowancesUntil();
    const { cases, kept } = table();
    const first = await postForm('/public/petitions', { ...anonymous, formToken: FORM_TOKEN }, [], NEIGHBOURS, cookie(BROWSER));
    expect(first.status).toBe(201);
    expect(codeOn(first.page)).toBeDefined();
    const [registered] = cases();
    // The resend key is written with the case, on condition, naming no browser, network or words in the clear.
    const resend = [...kept.values()].find((i) => i.outcome === 'resendOf')!;
    expect(resend).toMatchObject({ entity: 'idempotency', caseNumber: registered!.caseNumber, expiresAt: expect.any(Number) });
    const written = sent()[0]!.args[0].input.TransactItems!.find((t) => t.Put?.Item?.outcome === 'resendOf')!;
    expect(written.Put!.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(JSON.stringify(resend)).not.toContain(BROWSER);
    expect(JSON.stringify(resend)).not.toContain('路灯坏了');
    expect(JSON.stringify(resend)).not.toContain(NEIGHBOURS);
    // Lapses after the next China day.
    expect(Number(resend.expiresAt)).toBeLessThanOrEqual(Date.parse('2026-11-24T16:00:00Z') / 1000 + 1);

    // Back, then 提交 again: a fresh form, the same words (a space more), the same browser.
    vi.setSystemTime(new Date(Date.parse(String(registered!.registeredAt)) + 60_000));
    const again = await postForm('/public/petitions', { ...anonymous, matter: ' 路灯坏了 ', formToken: 'tok_portal_handler_0002' }, [], NEIGHBOURS, cookie(BROWSER));
    expect(again.status).toBe(200);
    expect(again.page).toContain('已经提交过');
    expect(again.page).toContain(`<dd class="code" id="case-number">${String(registered!.caseNumber)}</dd>`);
    expect(again.page).toContain('查询码在第一次提交时已经显示');
    expect(codeOn(again.page)).toBeUndefined();
    expect(again.page).not.toMatch(/[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}/);
    expect(again.page).not.toContain('不会重新发放');
    expect(sent()).toHaveLength(1);
    expect(cases()).toHaveLength(1);
  });

  it('tells a petitioner without email who submits again where a new query code is issued: the receiving office, its address and telephone', async () => {
    allowancesUntil();
    const { cases } = table();
    const noEmail = { ...PORTAL_PETITION, email: '' };
    const first = await postForm('/public/petitions', { ...noEmail, formToken: FORM_TOKEN }, [], NEIGHBOURS, cookie(BROWSER));
    expect(first.status).toBe(201);
    const [registered] = cases();
    vi.setSystemTime(new Date(Date.parse(String(registered!.registeredAt)) + 60_000));
    const again = await postForm('/public/petitions', { ...noEmail, formToken: 'tok_portal_handler_0002' }, [], NEIGHBOURS, cookie(BROWSER));
    expect(again.status).toBe(200);
    expect(again.page).toContain('已经提交过');
    expect(again.page).not.toContain('不会重新发放');
    // No email on record: no email route offered, the desk or the post instead, with the office as configured.
    expect(again.page).not.toContain('/public/track/code');
    expect(again.page).toContain('申请发放新的查询码：工作人员当面发放，或者邮寄到您登记的地址');
    expect(again.page).toContain('<strong>桐庐县信访局</strong>（地址：桐庐县行政服务中心一楼来访接待大厅；电话：<a href="tel:057164600000">0571-64600000</a>）');
  });

  it('registers the same words from another browser on the same network: two neighbours, two cases', async () => {
    allowancesUntil();
    const { cases } = table();
    const mine = await postForm('/public/petitions', { ...anonymous, formToken: FORM_TOKEN }, [], NEIGHBOURS, cookie(BROWSER));
    const theirs = await postForm('/public/petitions', { ...anonymous, formToken: 'tok_portal_handler_0002' }, [], NEIGHBOURS, cookie(OTHER_BROWSER));
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(codeOn(theirs.page)).toBeDefined();
    expect(theirs.page).not.toContain('已经提交过');
    expect(cases()).toHaveLength(2);
  });

  it('registers other words from the same browser, another office, or the same words with a photo: each another petition', async () => {
    allowancesUntil();
    const { cases } = table();
    s3.reset();
    s3.on(PutObjectCommand).resolves({});
    const first = await postForm('/public/petitions', { ...anonymous, formToken: FORM_TOKEN }, [], NEIGHBOURS, cookie(BROWSER));
    const other = await postForm('/public/petitions', { ...anonymous, matter: '路灯坏了，井盖也丢了', formToken: 'tok_portal_handler_0002' }, [], NEIGHBOURS, cookie(BROWSER));
    const elsewhere = await postForm('/public/petitions', { ...anonymous, jurisdiction: '330122101', formToken: 'tok_portal_handler_0003' }, [], NEIGHBOURS, cookie(BROWSER));
    const withPhoto = await postForm('/public/petitions', { ...anonymous, formToken: 'tok_portal_handler_0004' }, [{ name: '路灯.png', type: 'image/png', bytes: PHOTO_PNG }], NEIGHBOURS, cookie(BROWSER));
    expect([first.status, other.status, elsewhere.status, withPhoto.status]).toEqual([201, 201, 201, 201]);
    expect(cases()).toHaveLength(4);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(1);
  });

  it('without the cookie (blocked) works as before: a second case, and no resend key kept', async () => {
    allowancesUntil();
    const { cases, kept } = table();
    const first = await postForm('/public/petitions', { ...anonymous, formToken: FORM_TOKEN }, [], NEIGHBOURS);
    const again = await postForm('/public/petitions', { ...anonymous, formToken: 'tok_portal_handler_0002' }, [], NEIGHBOURS);
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(codeOn(again.page)).toBeDefined();
    expect(cases()).toHaveLength(2);
    expect([...kept.values()].filter((i) => i.outcome === 'resendOf')).toEqual([]);
    // A malformed id is no id.
    const forged = await postForm('/public/petitions', { ...anonymous, formToken: 'tok_portal_handler_0003' }, [], NEIGHBOURS, ['xf_portal_browser=short']);
    expect(forged.status).toBe(201);
    expect([...kept.values()].filter((i) => i.outcome === 'resendOf')).toEqual([]);
  });

  it('finds a named petition sent again from the same browser by its resend key too, and names its case there', async () => {
    allowancesUntil();
    const { cases, kept } = table();
    const named = await postForm('/public/petitions', { ...PORTAL_PETITION, formToken: FORM_TOKEN }, [], NEIGHBOURS, cookie(BROWSER));
    expect(named.status).toBe(201);
    expect([...kept.values()].filter((i) => i.outcome === 'resendOf')).toHaveLength(1);
    const [registered] = cases();
    vi.setSystemTime(new Date(Date.parse(String(registered!.registeredAt)) + 60_000));
    const again = await postForm('/public/petitions', { ...PORTAL_PETITION, formToken: 'tok_portal_handler_0002' }, [], NEIGHBOURS, cookie(BROWSER));
    expect(again.status).toBe(200);
    expect(again.page).toContain('已经提交过');
    expect(again.page).toContain(`<dd class="code" id="case-number">${String(registered!.caseNumber)}</dd>`);
    // An email on record: a new code by email, or from the office.
    expect(again.page).toContain('可以<a href="/public/track/code">用登记时留下的邮箱领取新的查询码</a>；也可以携带身份证件到<strong>桐庐县信访局</strong>');
    expect(cases()).toHaveLength(1);

    // Another person on the same browser (the hall's terminal, a clerk filing for residents), the same template words:
    // their own petition, registered in their name — never told 已经提交过 with the first person's number.
    const neighbour = await postForm('/public/petitions', { ...PORTAL_PETITION, name: '李娜', phone: '13900002222', email: 'lina@qq.example', formToken: 'tok_portal_handler_0003' }, [], NEIGHBOURS, cookie(BROWSER));
    expect(neighbour.status).toBe(201);
    expect(neighbour.page).not.toContain(String(registered!.caseNumber));
    expect(cases()).toHaveLength(2);
  });

  it('registers one case for two posts sent at once from the same browser: the other answers 已经提交过 with its number', async () => {
    allowancesUntil();
    const { cases } = table(2);
    const [a, b] = await Promise.all([
      postForm('/public/petitions', { ...anonymous, formToken: FORM_TOKEN }, [], NEIGHBOURS, cookie(BROWSER)),
      postForm('/public/petitions', { ...anonymous, formToken: 'tok_portal_handler_0002' }, [], NEIGHBOURS, cookie(BROWSER)),
    ]);
    // Both wrote: the conditional put refused the second.
    expect(sent()).toHaveLength(2);
    expect(cases()).toHaveLength(1);
    const [registered] = cases();
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    const loser = a.status === 200 ? a : b;
    expect(loser.page).toContain('已经提交过');
    expect(loser.page).toContain(String(registered!.caseNumber));
    expect(codeOn(loser.page)).toBeUndefined();
  });
});
