import { describe, expect, it } from 'vitest';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { replyTagger } from '../../shared/app/intake/reply-tag.js';
import { handlerEnv } from '../fixtures/handler-env.js';
import { arrive, intakeHandlerBed, outboxOf, s3 } from '../fixtures/intake-aws.js';
import { unpacked } from '../fixtures/stored-items.js';

/**
 * The files a petitioner sends in a reply to their open case (the
 * acknowledgement says 如需补充材料，请直接回复本邮件): kept as a new
 * petition's are, listed on the message for staff to open, and the
 * petitioner told which were kept and which refused, and why.
 */
const ENV = handlerEnv('INFO');
const bed = intakeHandlerBed(ENV);
const { at, deliver } = bed;

const NUMBER = '330122-2026-000412';
const PETITIONER = 'zhangwei1979@163.example';
const TONGLU = 'xinfang@tonglu.petitions.example';
const TAGGED = replyTagger(ENV.REPLY_TAG_KEY!).tag(TONGLU, NUMBER, PETITIONER);

const working = {
  pk: `CASE#${NUMBER}`,
  sk: 'CASE',
  entity: 'case',
  caseNumber: NUMBER,
  jurisdiction: '330122',
  receivingOffice: '330122',
  channel: 'email',
  status: 'inProgress',
  subject: '迎春南路工地拖欠工资',
  matter: '桐庐县迎春南路安置房工地拖欠我们工资三个月。',
  petitioner: { anonymous: false, name: '张伟', email: PETITIONER },
  urgent: false,
  reviewLevel: 0,
  receivedAt: '2026-11-20T01:00:00.000Z',
  registeredAt: '2026-11-20T01:00:05.000Z',
  registeredBy: 'system:intake',
  acceptedAt: '2026-11-23T02:00:00.000Z',
  handling: { lead: '330122-hrss', cooperating: [] },
  deadlines: { handling: '2027-01-22T16:00:00.000Z' },
  attachments: [],
  acknowledgement: 'queued',
  version: 6,
  updatedAt: '2026-11-23T02:00:00.000Z',
};

const JPEG = Buffer.concat([Buffer.from('ffd8ffe000104a46494600010101004800480000ffdb004300080606070605080707070909080a0c140d0c0b0b0c1912130f', 'hex'), Buffer.alloc(4000, 7), Buffer.from('ffd9', 'hex')]);
const EXE = Buffer.concat([Buffer.from('4d5a90000300000004000000ffff0000b8000000000000004000000000000000', 'hex'), Buffer.alloc(600, 1)]);

const b64 = (text: string) => `=?UTF-8?B?${Buffer.from(text).toString('base64')}?=`;

function part(filename: string, contentType: string, content: Buffer): string {
  return [
    '--b1',
    `Content-Type: ${contentType}; name="${b64(filename)}"`,
    `Content-Disposition: attachment; filename="${b64(filename)}"`,
    'Content-Transfer-Encoding: base64',
    '',
    content.toString('base64').replace(/.{76}/g, '$&\r\n'),
  ].join('\r\n');
}

/** A QQ reply with files: to the case's tagged address (proven), or to the office's plain one (not proven). */
function reply(messageId: string, files: string[], to = TAGGED): Uint8Array {
  const raw = [
    'Date: Mon, 7 Dec 2026 20:14:00 +0800',
    `From: ${b64('张伟')} <${PETITIONER}>`,
    `To: ${to}`,
    `Subject: ${b64(`回复：【${NUMBER}】信访事项登记回执 — 桐庐县信访局`)}`,
    `Message-ID: <${messageId}>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from('补充一下，附上工资欠条照片。\r\n\r\n张伟\r\n', 'utf8').toString('base64'),
    ...files,
    '--b1--',
    '',
  ].join('\r\n');
  return new Uint8Array(Buffer.from(raw, 'utf8'));
}

const key = (id: string) => `raw/${TONGLU}/${id}`;
const items = () => bed.table().partition(`CASE#${NUMBER}`).map(unpacked);
const messages = () => items().filter((i) => i.entity === 'message');
const events = () => items().filter((i) => i.entity === 'event');
const attachmentPuts = () => s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key!).filter((k) => k.startsWith('attachments/'));
const toPetitioner = () => outboxOf('notify').filter((m) => m.body.to.includes(PETITIONER));

describe('files in a reply to an open case', () => {
  it('are stored once under the case, listed on the message for staff, and the petitioner told they were received — delivered twice', async () => {
    bed.table().seed(working);
    const record = arrive(key('1c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d'), reply('f1.zhangwei@qq.example', [part('工资欠条.jpg', 'image/jpeg', JPEG)]), '2026-12-07T12:14:05.000Z');
    at('2026-12-07T12:14:10.000Z');
    expect(await deliver(record('1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d'))).toEqual({ batchItemFailures: [] });
    expect(await deliver(record('1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5e', 2))).toEqual({ batchItemFailures: [] });

    expect(attachmentPuts()).toEqual([expect.stringMatching(new RegExp(`^attachments/${NUMBER}/m[0-9a-f]{10}-1-工资欠条\\.jpg$`))]);
    expect(messages()).toHaveLength(1);
    const [message] = messages();
    expect(message).toMatchObject({ senderVerified: true, attachments: [{ filename: '工资欠条.jpg', contentType: 'image/jpeg', size: JPEG.byteLength, key: attachmentPuts()[0] }] });
    expect(message!.attachments[0].id).toMatch(/^m[0-9a-f]{10}-1$/);
    expect(events()).toHaveLength(1);

    const received = toPetitioner().filter((m) => m.body.subject.includes('您补充的材料已收到'));
    expect(received).toHaveLength(1);
    expect(received[0]!.body.text).toContain('收到附件 1 个：工资欠条.jpg，已一并归入该事项');
    expect(received[0]!.body).toMatchObject({ inReplyTo: 'f1.zhangwei@qq.example' });
  });

  it('a refused file is named to the petitioner with the advice a new petition’s refusal gives, and on the event', async () => {
    bed.table().seed(working);
    const record = arrive(
      key('2c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d'),
      reply('f2.zhangwei@qq.example', [part('工资欠条.jpg', 'image/jpeg', JPEG), part('查看器.exe', 'application/octet-stream', EXE)]),
      '2026-12-07T12:14:05.000Z',
    );
    at('2026-12-07T12:14:10.000Z');
    expect(await deliver(record('2a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d'))).toEqual({ batchItemFailures: [] });

    expect(attachmentPuts()).toHaveLength(1);
    expect(messages()[0]!.attachments.map((a: { filename: string }) => a.filename)).toEqual(['工资欠条.jpg']);
    expect(events()[0]!.detail).toMatchObject({ attachments: 2, refusedAttachments: [{ filename: '查看器.exe', reason: '不接受可执行程序或脚本文件' }] });
    const received = toPetitioner().find((m) => m.body.subject.includes('您补充的材料已收到'));
    expect(received!.body.text).toContain('以下附件未能接收，如需提交请改用常见格式（图片、PDF、Word 文档）或另行邮寄：\n- 查看器.exe：不接受可执行程序或脚本文件');
  });

  it('from a sender not shown to be the petitioner: kept on the message, marked unverified, and nobody told they were received', async () => {
    bed.table().seed(working);
    // Its case number in the subject threads it; sent to the office's plain address, nothing proves the sender.
    const record = arrive(key('3c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d'), reply('f3.zhangwei@qq.example', [part('工资欠条.jpg', 'image/jpeg', JPEG)], TONGLU), '2026-12-07T12:14:05.000Z');
    at('2026-12-07T12:14:10.000Z');
    expect(await deliver(record('3a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d'))).toEqual({ batchItemFailures: [] });

    expect(attachmentPuts()).toHaveLength(1);
    expect(messages()[0]).toMatchObject({ senderVerified: false, attachments: [{ filename: '工资欠条.jpg' }] });
    expect(toPetitioner().map((m) => m.body.subject)).not.toContainEqual(expect.stringContaining('您补充的材料已收到'));
    expect(outboxOf('notify').map((m) => m.body.subject)).toContainEqual(expect.stringContaining('【发件人未验证】'));
  });
});
