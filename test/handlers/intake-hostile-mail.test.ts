import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { idempotencyKey } from '../../shared/adapters/dynamodb/keys.js';
import { contentFingerprint } from '../../shared/adapters/mail/content-fingerprint.js';
import { handlerEnv, TEST_TABLE } from '../fixtures/handler-env.js';
import { unpacked } from '../fixtures/stored-items.js';
import { arrive, dynamo, FakeTable, outboxOf, resetIntakeAws, s3, sqs } from '../fixtures/intake-aws.js';
import { PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { boundaryMismatchGbk, fromUnitMailbox, hostileAttachments, noMessageIdDeliveries } from '../fixtures/emails.js';
import { captureLogs } from '../fixtures/log-capture.js';
import { queueContext, sqsEvent, sqsRecord } from '../fixtures/sqs-event.js';

/*
 * Hostile and broken mail through the intake handler (issue 11, items 4 and 5).
 * The AWS fixture (a fake table behind the mocked document client, S3, SQS) is
 * the one of intake.test.ts.
 */


const TABLE = TEST_TABLE;
const ENV = handlerEnv('INFO');

type Handler = (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse>;
let handler: Handler;

beforeAll(async () => {
  for (const [k, v] of Object.entries(ENV)) vi.stubEnv(k, v);
  handler = (await import('../../functions/intake/handler.js')).handler;
});

let table: FakeTable;

let logs: ReturnType<typeof captureLogs>;

beforeEach(() => {
  table = resetIntakeAws();
  logs = captureLogs();
  vi.useFakeTimers({ toFake: ['Date'] });
});

afterEach(() => {
  logs.restore();
  vi.useRealTimers();
});

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/** The intake's clock. */
const at = (iso: string) => vi.setSystemTime(new Date(iso));


const deliver = (...records: ReturnType<typeof sqsRecord>[]) => handler(sqsEvent(...records), queueContext('xinfang-test-intake'));

const sequenceUpdates = () => dynamo.commandCalls(UpdateCommand).filter((c) => String(c.args[0].input.Key!.pk).startsWith('SEQ#'));
const casePuts = () =>
  dynamo
    .commandCalls(TransactWriteCommand)
    .flatMap((c) => c.args[0].input.TransactItems!.map((i) => i.Put?.Item))
    .filter((item): item is Record<string, any> => item?.entity === 'case')
    .map(unpacked);
const allowanceUpdates = () => dynamo.commandCalls(UpdateCommand).filter((c) => String(c.args[0].input.Key!.pk).startsWith('ALLOW#'));
const handled = () => logs.entries().filter((e) => e.message === 'message handled');

const TONGLU = 'xinfang@tonglu.petitions.example';
const CHUNAN = 'xinfang@chunan.petitions.example';

// ---------------------------------------------------------------------------
// One email, one case
// ---------------------------------------------------------------------------

describe('the same email delivered twice without a Message-ID', () => {
  it('by two routes (own Return-Path, Received and X-SES headers each): one case, one acknowledgement', async () => {
    const [first, second] = noMessageIdDeliveries();
    const firstKey = `raw/${TONGLU}/0123abcdq1vjo6kq8i5n3c0m7p2e4r9a1s5d7g1h`;
    const secondKey = `raw/${TONGLU}/0123abcdv7c3k0e9l2p5m8n1q4r6s3t0u9w2x5y1`;
    const firstRecord = arrive(firstKey, first, '2026-01-28T01:05:14.000Z');
    const secondRecord = arrive(secondKey, second, '2026-01-28T01:19:47.000Z');

    at('2026-01-28T01:05:16.000Z');
    expect(await deliver(firstRecord('2b7d1c90-41f3-4a8e-9d2c-5e6f7a8b9c01'))).toEqual({ batchItemFailures: [] });
    at('2026-01-28T01:19:49.000Z');
    expect(await deliver(secondRecord('9e8d7c6b-5a49-4382-b1c0-d9e8f7a6b5c4'))).toEqual({ batchItemFailures: [] });

    expect(sequenceUpdates()).toHaveLength(1);
    expect(casePuts().map((c) => c.caseNumber)).toEqual(['330122-2026-000001']);
    expect(outboxOf('notify').map((m) => m.id)).toEqual(['ack:330122-2026-000001']);
    expect(allowanceUpdates()).toHaveLength(1);
    // Keyed by what the sender wrote: the second delivery finds the first one's record.
    const key = idempotencyKey(`mail:sha256:${contentFingerprint(first)}`).pk;
    expect(table.get(key, 'IDEM')).toMatchObject({ outcome: 'registered', caseNumber: '330122-2026-000001' });
    expect(handled().map((e) => e.outcomes)).toEqual([
      [{ key: firstKey, outcome: 'registered', caseNumber: '330122-2026-000001', flags: expect.any(Object), routed: expect.any(String) }],
      [{ key: secondKey, outcome: 'duplicate', first: 'registered', caseNumber: '330122-2026-000001' }],
    ]);
  });
});

// ---------------------------------------------------------------------------
// Our own mail
// ---------------------------------------------------------------------------

describe('mail from our own mailboxes', () => {
  it('a unit writing to its office: no case, no mail, recorded as ignored:ownMailbox', async () => {
    const key = `raw/${TONGLU}/0123abcdn3p7r1t5v9x3z7b1d5f9h3k7m1q5s9u3`;
    const record = arrive(key, fromUnitMailbox(), '2026-01-23T08:40:02.000Z');
    at('2026-01-23T08:40:04.000Z');

    expect(await deliver(record('c4d5e6f7-0819-4a2b-8c3d-4e5f60718293'))).toEqual({ batchItemFailures: [] });

    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(sequenceUpdates()).toHaveLength(0);
    expect(allowanceUpdates()).toHaveLength(0);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(PutCommand).map((c) => c.args[0].input)).toEqual([
      {
        TableName: TABLE,
        Item: {
          pk: idempotencyKey('mail:unit-20260123164000.1@tonglu.petitions.example').pk,
          sk: 'IDEM',
          entity: 'idempotency',
          outcome: 'ignored:ownMailbox',
          at: '2026-01-23T08:40:04.000Z',
          // Who sent it, hashed: another sender's mail under this Message-ID is not taken for it.
          fingerprint: expect.any(String),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    ]);
    expect(handled().at(-1)!.outcomes).toEqual([{ key, outcome: 'ignored', reason: 'ownMailbox: From: one of our own mailboxes' }]);
  });
});

// ---------------------------------------------------------------------------
// Broken MIME, hostile attachments
// ---------------------------------------------------------------------------

describe('mail whose MIME structure cannot be followed', () => {
  it('is registered with the text recovered from the raw message, flagged for staff, never as 空白邮件', async () => {
    const key = `raw/${CHUNAN}/0123abcdp8r2t6v0x4z8b2d6f0h4k8m2q6s0u4w8`;
    const record = arrive(key, boundaryMismatchGbk(), '2026-01-27T02:32:20.000Z');
    at('2026-01-27T02:32:22.000Z');

    expect(await deliver(record('d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6'))).toEqual({ batchItemFailures: [] });

    const [caseItem] = casePuts();
    expect(caseItem).toMatchObject({ caseNumber: '330127-2026-000001', intakeFlags: { textRecovered: true } });
    expect(caseItem!.matter).toContain('临岐镇卫生院从去年10月起，给村里老人看病时另收“服务费”每次30元');
    expect(caseItem!.matter).not.toContain('空白邮件');
    expect(caseItem!.petitioner).toMatchObject({ name: '李桂花', email: 'liguihua1966@126.example', phone: '13588764410' });
  });
});

describe('hostile attachments', () => {
  it('stores the photo and the text file; refuses the disguised programs, the script and the SVG, and says why', async () => {
    const key = `raw/${TONGLU}/0123abcdr9t3v7x1z5b9d3f7h1k5m9q3s7u1w5y9`;
    const record = arrive(key, hostileAttachments(), '2026-01-26T15:10:09.000Z');
    at('2026-01-26T15:10:11.000Z');

    expect(await deliver(record('e2f3a4b5-c6d7-4e8f-90a1-b2c3d4e5f607'))).toEqual({ batchItemFailures: [] });

    expect(s3.commandCalls(PutObjectCommand).map((c) => [c.args[0].input.Key, c.args[0].input.ContentType])).toEqual([
      ['attachments/330122-2026-000001/1-xianchang.jpg', 'image/jpeg'],
      ['attachments/330122-2026-000001/2-补充说明.txt', 'text/plain'],
    ]);
    const refused = [
      { filename: '证据视频播放器.exe', reason: '不接受可执行程序或脚本文件' },
      { filename: '查看证据.bat', reason: '不接受可执行程序或脚本文件' },
      { filename: '现场示意图.svg', reason: '不接受网页、SVG 图形或含宏文档等可能执行脚本的文件' },
      { filename: '工资条.jpg', reason: '文件实际内容是可执行程序或安装包（与文件名或类型不符）' },
      { filename: '举报材料fdp.exe', reason: '不接受可执行程序或脚本文件' },
    ];
    expect(casePuts()[0]!.refusedAttachments).toEqual(refused);
    const [ack] = outboxOf('notify');
    expect(ack!.body.text).toContain(`以下附件未能接收，如需提交请改用常见格式（图片、PDF、Word 文档）或另行邮寄：\n${refused.map((r) => `- ${r.filename}：${r.reason}`).join('\n')}\n`);
    expect(ack!.body.text).not.toContain('\u202E');
  });
});

describe('a forwarded letter (message/rfc822) carrying a program, and a Word 97 document with macros', () => {
  /** A Windows program's leading bytes: MZ, and the PE header where e_lfanew points. */
  const program = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(1022, 0x90)]);
  program.writeUInt32LE(0x80, 0x3c);
  program.write('PE\0\0', 0x80, 'latin1');
  /** A Compound File with the directory of a .doc holding a VBA project (Macros/VBA/_VBA_PROJECT). */
  const macroDoc = Buffer.alloc(512 + 128 * 8);
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(macroDoc, 0);
  macroDoc.writeUInt16LE(0xfffe, 28);
  macroDoc.writeUInt16LE(9, 30);
  (
    [
      ['Root Entry', 5],
      ['WordDocument', 2],
      ['1Table', 2],
      ['Macros', 1],
      ['VBA', 1],
      ['_VBA_PROJECT', 2],
    ] as const
  ).forEach(([name, kind], i) => {
    macroDoc.write(name, 512 + i * 128, 'utf16le');
    macroDoc.writeUInt16LE((name.length + 1) * 2, 512 + i * 128 + 64);
    macroDoc[512 + i * 128 + 66] = kind;
  });
  const b64 = (bytes: Buffer) => bytes.toString('base64').replace(/.{76}/g, '$&\r\n');
  const utf8Subject = (s: string) => `=?UTF-8?B?${Buffer.from(s).toString('base64')}?=`;
  const attachment = (type: string, name: string, bytes: Buffer) =>
    [`Content-Type: ${type}; name="${name}"`, `Content-Disposition: attachment; filename="${name}"`, 'Content-Transfer-Encoding: base64', '', b64(bytes)].join('\r\n');
  const letter = (headers: string[], boundary: string, text: string, parts: string[]) =>
    [
      ...headers,
      'MIME-Version: 1.0',
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=UTF-8',
      'Content-Transfer-Encoding: base64',
      '',
      b64(Buffer.from(text, 'utf8')),
      ...parts.flatMap((part) => [`--${boundary}`, part]),
      `--${boundary}--`,
      '',
    ].join('\r\n');
  /** The town's reply the petitioner forwards as evidence, with what it carried. */
  const townReply = (parts: string[]) =>
    letter(
      ['From: zhenzhengfu@tonglu-town.example', 'To: liuqiang1975@163.example', `Subject: ${utf8Subject('关于拆迁补偿的答复')}`, 'Date: Fri, 23 Jan 2026 09:12:00 +0800', 'Message-ID: <reply-77@tonglu-town.example>'],
      '=_inner_9f2',
      '刘强同志：您反映的拆迁补偿问题，经核实，补偿款将于春节前发放。',
      parts,
    );
  const forwarding = (parts: string[]) =>
    new TextEncoder().encode(
      letter(
        ['From: liuqiang1975@163.example', 'To: xinfang@tonglu.petitions.example', `Subject: ${utf8Subject('镇政府答应的补偿款至今未发')}`, 'Date: Mon, 26 Jan 2026 20:01:00 +0800', 'Message-ID: <fwd-31@163.example>'],
        '=_outer_4c1',
        '县信访局：镇政府去年答复补偿款春节前发放，至今未发。答复邮件见附件。刘强 13957100033',
        parts,
      ),
    );
  const evidence = (inner: string) => [`Content-Type: message/rfc822; name="evidence.eml"`, 'Content-Disposition: attachment; filename="evidence.eml"', '', inner].join('\r\n');
  const pdf = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');

  it('registers the petition with its words and the forwarded letter’s; refuses evidence.eml naming invoice.exe, stores and serves nothing of it, and says why', async () => {
    const key = `raw/${TONGLU}/0123abcdfw1x3v7x1z5b9d3f7h1k5m9q3s7u1w5y9`;
    const raw = forwarding([evidence(townReply([attachment('application/x-msdownload', 'invoice.exe', program)])), attachment('application/pdf', '补偿协议.pdf', pdf)]);
    const record = arrive(key, raw, '2026-01-26T12:01:09.000Z');
    at('2026-01-26T12:01:11.000Z');

    expect(await deliver(record('f1a2b3c4-d5e6-4f70-8192-a3b4c5d6e7f8'))).toEqual({ batchItemFailures: [] });

    expect(s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key)).toEqual(['attachments/330122-2026-000001/1-补偿协议.pdf']);
    const [caseItem] = casePuts();
    expect(caseItem!.matter).toContain('镇政府去年答复补偿款春节前发放，至今未发');
    expect(caseItem!.matter).toContain('补偿款将于春节前发放');
    const refused = [{ filename: 'evidence.eml', reason: '转发的邮件中附带“invoice.exe”，不接受可执行程序或脚本文件' }];
    expect(caseItem!.refusedAttachments).toEqual(refused);
    expect(caseItem!.attachments.map((a: { filename: string }) => a.filename)).toEqual(['补偿协议.pdf']);
    const [ack] = outboxOf('notify');
    expect(ack!.body.text).toContain(`- evidence.eml：转发的邮件中附带“invoice.exe”，不接受可执行程序或脚本文件\n`);
  });

  it('keeps a forwarded reply whose own attachment is a PDF, whole', async () => {
    const key = `raw/${TONGLU}/0123abcdfw2x3v7x1z5b9d3f7h1k5m9q3s7u1w5y9`;
    const record = arrive(key, forwarding([evidence(townReply([attachment('application/pdf', '答复意见书.pdf', pdf)]))]), '2026-01-26T12:01:09.000Z');
    at('2026-01-26T12:01:11.000Z');

    expect(await deliver(record('f1a2b3c4-d5e6-4f70-8192-a3b4c5d6e7f9'))).toEqual({ batchItemFailures: [] });

    expect(s3.commandCalls(PutObjectCommand).map((c) => [c.args[0].input.Key, c.args[0].input.ContentType])).toEqual([['attachments/330122-2026-000001/1-evidence.eml', 'message/rfc822']]);
    expect(casePuts()[0]!.refusedAttachments).toBeUndefined();
  });

  it('refuses a .doc with a VBA project as a macro document, as a .docm is', async () => {
    const key = `raw/${TONGLU}/0123abcdfw3x3v7x1z5b9d3f7h1k5m9q3s7u1w5y9`;
    const record = arrive(key, forwarding([attachment('application/msword', '补偿明细.doc', macroDoc)]), '2026-01-26T12:01:09.000Z');
    at('2026-01-26T12:01:11.000Z');

    expect(await deliver(record('f1a2b3c4-d5e6-4f70-8192-a3b4c5d6e7fa'))).toEqual({ batchItemFailures: [] });

    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(casePuts()[0]!.refusedAttachments).toEqual([{ filename: '补偿明细.doc', reason: '不接受网页、SVG 图形或含宏文档等可能执行脚本的文件' }]);
    expect(outboxOf('notify')[0]!.body.text).toContain('- 补偿明细.doc：不接受网页、SVG 图形或含宏文档等可能执行脚本的文件\n');
  });
});
