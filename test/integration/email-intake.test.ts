import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, SendMessageCommand, SetQueueAttributesCommand, SQSClient, StartMessageMoveTaskCommand } from '@aws-sdk/client-sqs';
import type { LocalSystem } from '../../local/system.js';
import type { CapturedMail } from '../../local/servers/ses-server.js';
import {
  collectivePetitionGb18030,
  dsnBounce,
  exeAttachment,
  forwardedProgram,
  hostileHtmlOnly,
  landCompensationGb2312Base64,
  leakingRoofUtf8Qp,
  listMail,
  outlookAutoReply,
  urgentThreatRawGbkHeaders,
  vacationReplyXAutoreply,
  wageArrearsUtf8Base64,
  big5FromHongKong,
  nightConstructionGbkQp,
} from '../fixtures/emails.js';
import { captureLogs } from '../fixtures/log-capture.js';
import { composeRaw, loginAs, removeDir, startTestSystem, type ApiClient, until } from './helpers.js';

const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const TONGLU = 'xinfang@tonglu.petitions.example';
let system: LocalSystem;
let staff: ApiClient; // 浙江省 administrator: sees every case
let smtp: ReturnType<typeof nodemailer.createTransport>;

// The functions log every message they handle; kept out of the test output (and checked where it matters).
const logs = captureLogs();

type MailIn = 'ses' | 'imap';
/**
 * A system per way mail comes in: SES's receipt path (the default) and, for the tests run on
 * both, IMAP polling (the SMTP server delivers into the local IMAP server's office mailboxes,
 * the `imap` function stores from there), started when first used.
 */
const systems: Partial<Record<MailIn, { system: LocalSystem; dataDir: string; staff: ApiClient; smtp: typeof smtp }>> = {};
async function use(mailIn: MailIn): Promise<void> {
  if (!systems[mailIn]) {
    const started = await startTestSystem({ mailIn });
    systems[mailIn] = {
      ...started,
      staff: await loginAs(started.system.apiUrl, 'zj-admin'),
      smtp: nodemailer.createTransport({ host: started.system.smtp.host, port: started.system.smtp.port, secure: false, ignoreTLS: true, pool: false }),
    };
  }
  ({ system, staff, smtp } = systems[mailIn]!);
  system.activate();
}

beforeAll(() => use('ses'));

afterAll(async () => {
  logs.restore();
  for (const started of Object.values(systems)) {
    started.smtp.close();
    await started.system.close();
    removeDir(started.dataDir);
  }
});

/** Delivers raw MIME as a mail server would: the envelope names the office mailbox. */
async function deliver(raw: Uint8Array, to = TONGLU, from = 'sender@mail.example'): Promise<void> {
  await smtp.sendMail({ envelope: { from, to: [to] }, raw: Buffer.from(raw) });
}

const mailTo = (address: string) => system.ses.list().filter((m) => m.to.includes(address.toLowerCase()));
/** Acknowledgements only: the petitioner may also get the acceptance notice once the case is routed. */
const acksTo = (address: string) => mailTo(address).filter((m) => m.headers['auto-submitted'] === 'auto-replied');
/** The acknowledgement answering a petition, found by its In-Reply-To. */
const ackFor = (messageId: string) =>
  until(`the acknowledgement of ${messageId}`, () => system.ses.list().find((m) => m.headers['in-reply-to']?.includes(messageId)));
const caseNumberIn = (mail: CapturedMail) => /【(\d{6,9}-\d{4}-\d{6,})】/.exec(mail.subject)![1]!;
const readCase = async (caseNumber: string) => (await staff.call('GET', `/cases/${caseNumber}`)).body;

describe.each(['ses', 'imap'] as const)('petitions by email become cases with an acknowledgement, mail in by %s', (mailIn) => {
  beforeAll(() => use(mailIn), 60_000);
  afterAll(() => use('ses'));

  it('registers a UTF-8 petition with its attachments, and acknowledges it in Chinese with the case number and limits', async () => {
    await deliver(wageArrearsUtf8Base64());
    const ack = await ackFor('2f3c1a9e.1b7e.19b9a3c5d2e.Coremail.zhangwei1978@163.example');
    expect(ack.to).toEqual(['zhangwei1978@163.example']);
    expect(ack.headers['auto-submitted']).toBe('auto-replied');
    // Replies go to the office mailbox tagged for this case (xinfang+<case>.<mac>@…): a reply there proves its sender got our mail.
    expect(ack.headers['reply-to']).toMatch(/^xinfang\+330122-2026-\d{6}\.[0-9a-f]{20}@tonglu\.petitions\.example$/);
    expect(ack.text).toContain('桐庐县信访局');
    // Accepted in the change that registered it (routing at registration): the acknowledgement says so rather than
    // promising a decision, and the 受理告知 that follows it carries the handling deadline.
    expect(ack.text).toContain('经审查，我们已决定受理该事项。《受理告知书》随后另行发送给您');
    expect(ack.text).not.toContain('决定是否受理');
    expect(ack.text).toContain('请直接回复本邮件');
    const acceptance = await until('the acceptance notice', () => mailTo('zhangwei1978@163.example').find((m) => m.subject.includes(`【${caseNumberIn(ack)}】信访事项受理告知`)));
    expect(acceptance.text).toMatch(/办理单位最迟于\d{4}年\d{1,2}月\d{1,2}日办结/);

    const { case: c, messages } = await readCase(caseNumberIn(ack));
    // Registered at the office it was sent to (the router may since have handed it to a unit there).
    expect(c).toMatchObject({ channel: 'email', receivingOffice: '330122', subject: '关于桐庐县华丰针织有限公司拖欠工人工资的投诉' });
    expect(system.province.tree.isWithin(c.jurisdiction, '330122')).toBe(true);
    expect(c.petitioner).toMatchObject({ name: '张伟', email: 'zhangwei1978@163.example', phone: '13957100000' });
    expect(c.attachments.map((a: { filename: string }) => a.filename)).toEqual(['工资条.jpg', '考勤记录.pdf']);
    expect(messages.find((m: { direction: string }) => m.direction === 'in').rawKey).toMatch(/^raw\/xinfang@tonglu\.petitions\.example\//);

    const s3 = new S3Client({ region: 'us-east-1', endpoint: system.endpoints.s3, credentials, forcePathStyle: true, responseChecksumValidation: 'WHEN_REQUIRED' });
    const photo = await s3.send(new GetObjectCommand({ Bucket: system.resources.bucketName, Key: c.attachments[0].key }));
    const stored = await photo.Body!.transformToByteArray();
    expect(stored.length).toBe(c.attachments[0].size);

    // Downloaded through the gateway as the console does: the bytes pass through base64 unchanged, named in UTF-8.
    const download = await fetch(`${system.apiUrl}/cases/${c.caseNumber}/attachments/${c.attachments[0].id}`, { headers: { authorization: `Bearer ${staff.token}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe(c.attachments[0].contentType);
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('工资条.jpg')}`);
    expect(Buffer.from(await download.arrayBuffer()).equals(Buffer.from(stored))).toBe(true);
  });

  it('stores the same email delivered twice once, and acknowledges it once', async () => {
    await deliver(leakingRoofUtf8Qp());
    await deliver(leakingRoofUtf8Qp());
    await ackFor('tencent_5F1E2D3C4B5A69788796A5B4C3D2E1F0A409@qq.example');
    await new Promise((r) => setTimeout(r, 1_500));
    expect(acksTo('lixiuying1958@qq.example')).toHaveLength(1);
    // Every open case of the county (the router may have moved it on from `registered`).
    const listed = await staff.call('GET', '/cases?jurisdiction=330122&limit=100');
    expect(listed.body.items.filter((i: { subject?: string }) => i.subject === '房屋漏水多年物业不管不问，请求帮助')).toHaveLength(1);
  });

  it.runIf(mailIn === 'imap')('leaves no stored petition in the office’s inbox: each is moved to 已入库 once stored', async () => {
    const inbox = system.imap!.store.folder(TONGLU, 'INBOX')!;
    // The poll moves a message after storing it: the duplicate just delivered may still be on its way.
    await until('the inbox emptied by the poll', () => inbox.messages.length === 0);
    expect(inbox.messages).toEqual([]);
    expect(system.imap!.store.folder(TONGLU, '已入库')!.messages.length).toBeGreaterThanOrEqual(3);
  });
});

describe('petitions by email become cases with an acknowledgement', () => {
  it.each([
    ['GB2312 base64', landCompensationGb2312Base64, '202601150923412186235@163.example', 'xinfang@qiandaohu.chunan.petitions.example', '王堃', '千岛湖'],
    ['GBK quoted-printable', nightConstructionGbkQp, '8b7c1f04-3d2e-4a0b-9f61-2c5e7d8a9b10@sina.example', 'xinfang@deqing.petitions.example', '赵镕', '施工'],
    ['Big5', big5FromHongKong, 'TY2PR01MB3641A7C0E2F4B5D6C7E8F9A0B1C2D3E4F5A6@TY2PR01MB3641.jpnprd01.prod.outlook.example', 'xinfang@linqi.chunan.petitions.example', undefined, '臨岐'],
  ])('decodes a %s petition (subject, sender, body) and registers it where it was sent', async (_label, fixture, messageId, mailbox, name, bodyWord) => {
    await deliver(fixture(), mailbox);
    const ack = await ackFor(messageId);
    const { case: c } = await readCase(caseNumberIn(ack));
    // Received where it was sent; the router may since have passed it on (land at 千岛湖镇 goes to 淳安县's bureau).
    expect(system.province.mailboxOwnerOf(mailbox)!.jurisdiction).toBe(c.receivingOffice);
    if (name) expect(c.petitioner.name).toBe(name);
    expect(c.matter).toContain(bodyWord);
    expect(c.subject).not.toMatch(/[\uFFFD]|=\?/);
  });

  it('keeps no trace of hostile HTML in what it stores and shows', async () => {
    await deliver(hostileHtmlOnly());
    const ack = await ackFor('20260122081245.2b9f7d3e@139.example');
    const { case: c, messages } = await readCase(caseNumberIn(ack));
    const stored = JSON.stringify({ c, messages });
    for (const hostile of ['<script', 'onerror', 'javascript:', '<iframe']) expect(stored).not.toContain(hostile);
    expect(c.matter.length).toBeGreaterThan(20);
  });

  it('refuses an executable attachment and tells the petitioner which file and why', async () => {
    await deliver(exeAttachment(), 'xinfang@sian.changxing.petitions.example');
    const ack = await ackFor('7d9e2b4a.5f61.19bf0c3d8e2.Coremail.qunzhong2026@163.example');
    expect(ack.text).toContain('以下附件未能接收');
    expect(ack.text).toMatch(/\.exe：不接受可执行程序或脚本文件/);
    const { case: c } = await readCase(caseNumberIn(ack));
    expect(c.attachments.every((a: { filename: string }) => !a.filename.endsWith('.exe'))).toBe(true);
    expect(c.refusedAttachments).toEqual([expect.objectContaining({ reason: '不接受可执行程序或脚本文件' })]);
  });
});

describe('a letter forwarded as an attachment (evidence.eml), by SMTP', () => {
  /** GET /cases/{n}/attachments/{id} as the console downloads it: the status, its name and its first bytes. */
  const download = async (caseNumber: string, id: string) => {
    const response = await fetch(`${system.apiUrl}/cases/${caseNumber}/attachments/${id}`, { headers: { authorization: `Bearer ${staff.token}` } });
    return { status: response.status, disposition: response.headers.get('content-disposition') ?? '', head: Buffer.from(await response.arrayBuffer()).subarray(0, 8).toString('latin1') };
  };

  it('refuses an .eml carrying invoice.exe, naming it; the petition, the forwarded words and the PDF are kept, and nothing serves the program', async () => {
    await deliver(forwardedProgram());
    const ack = await ackFor('fwd-program.19bfa3c2d11.Coremail.liuqiang1975@163.example');
    expect(ack.text).toContain('以下附件未能接收');
    expect(ack.text).toContain('- evidence.eml：转发的邮件中附带“invoice.exe”，不接受可执行程序或脚本文件');
    const caseNumber = caseNumberIn(ack);
    const { case: c } = await readCase(caseNumber);
    expect(c.matter).toContain('镇政府去年答复补偿款春节前发放，至今未发');
    expect(c.matter).toContain('补偿款将于春节前发放');
    expect(c.refusedAttachments).toEqual([{ filename: 'evidence.eml', reason: '转发的邮件中附带“invoice.exe”，不接受可执行程序或脚本文件' }]);
    expect(c.attachments.map((a: { id: string; filename: string }) => [a.id, a.filename])).toEqual([['1', '补偿协议.pdf']]);
    const first = await download(caseNumber, '1');
    expect(first).toMatchObject({ status: 200, head: '%PDF-1.7' });
    expect((await download(caseNumber, '2')).status).toBe(404);
  });

  it('keeps a forwarded reply whose attachment is a PDF whole, and serves it', async () => {
    await deliver(forwardedProgram(true));
    const ack = await ackFor('fwd-safe.19bfa3c2d11.Coremail.liuqiang1975@163.example');
    expect(ack.text).not.toContain('以下附件未能接收');
    const caseNumber = caseNumberIn(ack);
    const { case: c } = await readCase(caseNumber);
    expect(c.refusedAttachments).toBeUndefined();
    expect(c.attachments.map((a: { filename: string; contentType: string }) => [a.filename, a.contentType])).toEqual([
      ['evidence.eml', 'message/rfc822'],
      ['补偿协议.pdf', 'application/pdf'],
    ]);
    const eml = await download(caseNumber, '1');
    expect(eml.status).toBe(200);
    expect(eml.head).toBe('From: =?');
  });
});

describe('flags on intake', () => {
  it('flags a collective petition with its head count and at most five representatives', async () => {
    await deliver(collectivePetitionGb18030(), 'xinfang@changxing.petitions.example');
    const ack = await ackFor('20260118150233.7719@liuyan-pc');
    const { case: c } = await readCase(caseNumberIn(ack));
    expect(c.collective.headCount).toBe(32);
    expect(c.collective.representatives.length).toBeLessThanOrEqual(5);
    expect(c.collective.representatives[0]).toMatchObject({ name: '刘䶮' });
  });

  it('flags an urgent threat and alerts the jurisdiction’s leaders at once', async () => {
    await deliver(urgentThreatRawGbkHeaders());
    const ack = await ackFor('000801dc8905$3c2a1b40$0201a8c0@PC20110516XYZ');
    const caseNumber = caseNumberIn(ack);
    const tonglu = system.province.jurisdiction('330122');
    const leaders = [tonglu.leadership.inChargeOfPetitions, tonglu.leadership.principal].map((id) => system.province.staff(id!)!.email);
    const alert = await until('the urgent alert', () => system.ses.list().find((m) => m.subject.startsWith('【紧急】') && m.subject.includes(caseNumber)));
    expect(alert.to).toEqual(expect.arrayContaining([...leaders, TONGLU]));
    expect((await readCase(caseNumber)).case.urgent).toBe(true);
  });

  it('links a petitioner’s second email on the same matter to the first as a repeat', async () => {
    const first = await composeRaw({ from: '"刘建军" <liujianjun@qq.example>', subject: '华丰针织厂欠薪', text: '桐庐县华丰针织有限公司拖欠我三个月工资两万三千元，老板一直推脱不给，请帮助讨薪。' });
    const second = await composeRaw({ from: '"刘建军" <liujianjun@qq.example>', subject: '再次反映欠薪', text: '我再次反映，华丰针织有限公司老板拖欠我三个月工资两万三千元至今没有发放，请督促处理。' });
    await deliver(first.raw);
    const firstNumber = caseNumberIn(await ackFor(first.messageId));
    await deliver(second.raw);
    const secondNumber = caseNumberIn(await ackFor(second.messageId));
    expect(secondNumber).not.toBe(firstNumber);
    expect((await readCase(secondNumber)).case.repeatOf).toBe(firstNumber);
    // The first is still being handled here: the second is a 重复件, not accepted a second time, its words added to the first.
    const repeat = await until('the repeat declined', async () => ((await readCase(secondNumber)).case.status === 'declined' ? true : undefined));
    expect(repeat).toBe(true);
    const merged = await until('the repeat’s words on the first case', async () => (await readCase(firstNumber)).messages.find((m: { kind?: string }) => m.kind === 'repeat'));
    expect(merged.text).toContain('我再次反映，华丰针织有限公司老板拖欠我三个月工资');
    expect((await readCase(firstNumber)).case.status).not.toBe('declined');
  });
});

/** Waits until no mail has gone out for a second (the queues have drained). */
async function mailSettled(): Promise<void> {
  let count = system.ses.list().length;
  let quietSince = Date.now();
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; ) {
    await new Promise((r) => setTimeout(r, 200));
    const now = system.ses.list().length;
    if (now !== count) [count, quietSince] = [now, Date.now()];
    else if (Date.now() - quietSince >= 1_000) return;
  }
}

describe('noise never opens a case or gets an answer', () => {
  it.each([
    ['an Outlook auto-reply', outlookAutoReply],
    ['a vacation reply (X-Autoreply)', vacationReplyXAutoreply],
    ['list mail', listMail],
    ['a bounce of mail we never sent', () => withMessageId(dsnBounce('never-sent@petitions.example'), 'dsn-1@mta.mail.example')],
  ])('%s', async (_label, fixture) => {
    // Earlier tests' notices may still be on their way out: start from a quiet mailbox.
    await mailSettled();
    const before = await countRegistered();
    const mailBefore = system.ses.list().length;
    await deliver(fixture());
    await new Promise((r) => setTimeout(r, 2_500));
    expect(await countRegistered()).toBe(before);
    expect(system.ses.list().length).toBe(mailBefore);
  });
});

describe('replies join their case', () => {
  it('adds the petitioner’s reply to the acknowledgement to the case, tells the office, and records a bounce of our mail', async () => {
    const petition = await composeRaw({ from: '"孙立新" <sunlixin@126.example>', subject: '小区噪音扰民', text: '桐庐县城南街道某小区楼下烧烤店每天营业到凌晨两点，噪音和油烟严重影响休息。' });
    await deliver(petition.raw);
    const ack = await ackFor(petition.messageId);
    const caseNumber = caseNumberIn(ack);

    const reply = await composeRaw({
      from: '"孙立新" <sunlixin@126.example>',
      subject: `Re: ${ack.subject}`,
      text: '补充材料：附上凌晨拍摄的照片和录音，烧烤店昨晚又营业到两点半。',
      inReplyTo: ack.headers['message-id']!,
    });
    await deliver(reply.raw);
    const withReply = await until('the reply on the case', async () => {
      const found = await readCase(caseNumber);
      return found.events.some((e: { type: string }) => e.type === 'messageReceived') ? found : undefined;
    });
    expect(withReply.messages.filter((m: { direction: string }) => m.direction === 'in')).toHaveLength(2);
    // Whoever works the case (the unit it was routed to, or the office) is told of the new material.
    await until('the notice of the petitioner’s message', () => system.ses.list().find((m) => m.subject.includes(caseNumber) && m.subject.includes('补充了材料')));
    expect(acksTo('sunlixin@126.example')).toHaveLength(1); // no second acknowledgement

    await deliver(withMessageId(dsnBounce(ack.headers['message-id']!.replace(/^<|>$/g, '')), 'dsn-2@mta.mail.example'));
    await until('the bounce on the case', async () => {
      const found = await readCase(caseNumber);
      return found.events.some((e: { type: string }) => e.type === 'bounceRecorded') || undefined;
    });
  });

  it('threads on a case number in the subject only when the petitioner of that case writes', async () => {
    const petition = await composeRaw({ from: '"钱红" <qianhong@163.example>', subject: '养老保险断缴', text: '我在桐庐县某企业工作十年，单位断缴养老保险两年，请求社保部门处理。' });
    await deliver(petition.raw);
    const caseNumber = caseNumberIn(await ackFor(petition.messageId));

    const stranger = await composeRaw({ from: '"路人" <someone.else@163.example>', subject: `关于${caseNumber}号信访事项`, text: '我也有同样的养老保险断缴问题，单位不给缴。' });
    await deliver(stranger.raw);
    const strangerNumber = caseNumberIn(await ackFor(stranger.messageId));
    expect(strangerNumber).not.toBe(caseNumber);

    const own = await composeRaw({ from: '"钱红" <qianhong@163.example>', subject: `关于${caseNumber}号信访事项的补充`, text: '补充：单位名称为桐庐某机械厂。' });
    await deliver(own.raw);
    await until('the petitioner’s follow-up on the case', async () => {
      const found = await readCase(caseNumber);
      return found.events.some((e: { type: string }) => e.type === 'messageReceived') || undefined;
    });
  });
});

describe('the SMTP intake', () => {
  it('refuses mail for an address that is not an office mailbox, at RCPT', async () => {
    await expect(smtp.sendMail({ envelope: { from: 'a@mail.example', to: ['housing@tonglu.petitions.example'] }, raw: 'Subject: x\r\n\r\ny' })).rejects.toMatchObject({
      responseCode: 550,
      response: expect.stringContaining('not a petitions mailbox'),
    });
  });
});

describe('nothing is lost', () => {
  it('parks an email that keeps failing in the intake DLQ after bounded tries, and registers it once redriven after the cause is fixed', async () => {
    const sqs = new SQSClient({ region: 'us-east-1', endpoint: system.endpoints.sqs, credentials });
    const intake = system.resources.queues.intake;
    // Short visibility so the five tries happen within the test.
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: intake.url, Attributes: { VisibilityTimeout: '1' } }));
    const key = `raw/${TONGLU}/stored-late-0001`;
    const notification = { Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name: system.resources.bucketName }, object: { key } } }] };
    await sqs.send(new SendMessageCommand({ QueueUrl: intake.url, MessageBody: JSON.stringify(notification) }));
    await until(
      'the message in the DLQ',
      async () => {
        const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: intake.dlqUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
        return Number(Attributes?.ApproximateNumberOfMessages) === 1 || undefined;
      },
      30_000,
    );

    const petition = await composeRaw({ from: '"周敏" <zhoumin@qq.example>', subject: '低保申请被拒', text: '我家符合低保条件，申请被分水镇拒绝，请求复核。' });
    const s3 = new S3Client({ region: 'us-east-1', endpoint: system.endpoints.s3, credentials, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED' });
    // Stored without the bucket notification firing twice: the DLQ message is the only trigger we count on.
    await s3.send(new PutObjectCommand({ Bucket: system.resources.bucketName, Key: key, Body: petition.raw }));
    await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: intake.dlqArn }));
    await ackFor(petition.messageId);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(acksTo('zhoumin@qq.example')).toHaveLength(1);
  });
});

async function countRegistered(): Promise<number> {
  let total = 0;
  for (const code of ['330122', '330127', '330521', '330522', '330127100', '330127103', '330522111']) {
    const page = await staff.call('GET', `/cases?jurisdiction=${code}&limit=100`);
    total += page.body.items.length;
  }
  return total;
}

/** Every mail server gives its reports their own Message-ID; the fixture's is fixed. */
function withMessageId(raw: Uint8Array, messageId: string): Uint8Array {
  return Buffer.from(Buffer.from(raw).toString('latin1').replace(/^Message-Id: .*$/im, `Message-Id: <${messageId}>`), 'latin1');
}

