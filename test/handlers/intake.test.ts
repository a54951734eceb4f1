import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { idempotencyKey, threadIndexKey } from '../../shared/adapters/dynamodb/keys.js';
import { handlerEnv, TEST_BUCKET, TEST_TABLE } from '../fixtures/handler-env.js';
import { arrive, dynamo, FakeTable, outboxOf, resetIntakeAws, s3, sqs } from '../fixtures/intake-aws.js';
import { InternalServerError } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { GetObjectCommand, PutObjectCommand, PutObjectTaggingCommand } from '@aws-sdk/client-s3';
import { ChangeMessageVisibilityCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { ALL_FIXTURES, exeAttachment, followUpWithCaseNumber, leakingRoofUtf8Qp, outlookAutoReply, urgentThreatRawGbkHeaders, wageArrearsUtf8Base64 } from '../fixtures/emails.js';
import { captureLogs } from '../fixtures/log-capture.js';
import { unpacked } from '../fixtures/stored-items.js';
import { queueContext, s3ObjectCreated, s3TestEvent, sqsEvent, sqsRecord } from '../fixtures/sqs-event.js';
import { selfHarmThreatUtf8 } from '../fixtures/urgent-email.js';
import { notificationSchema, type NotificationInput } from '../../shared/app/notification.js';


const TABLE = TEST_TABLE;
const BUCKET = TEST_BUCKET;
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
/** What each transaction stored of the case (its outbox items are read with `published`). */
const transactions = () =>
  dynamo
    .commandCalls(TransactWriteCommand)
    .map((c) => c.args[0].input.TransactItems!.map((i) => ({ ...i.Put!, Item: unpacked(i.Put!.Item!) })).filter((p) => p.Item.entity !== 'outbox'));

/** Every email address and name the fixtures hold: none may reach a log line. */
const PERSONAL = [
  ...ALL_FIXTURES.flatMap((f) => [f.expect.fromAddress, f.expect.fromName]),
  'hejianjun1975@163.example',
  '何建军',
].filter((v): v is string => Boolean(v));

function expectNothingPersonalLogged(): void {
  const text = logs.text().toLowerCase();
  expect(text).not.toBe('');
  for (const value of PERSONAL) expect(text, `the log names ${value}`).not.toContain(value.toLowerCase());
}

// Keys as SES's receipt rule writes them: raw/<office mailbox>/<SES message id>.
const TONGLU = 'xinfang@tonglu.petitions.example';
const WAGE_KEY = `raw/${TONGLU}/0123abcdtq1vjo6kq8i5n3c0m7p2e4r9a1s5d7g1`;
const ROOF_KEY = `raw/${TONGLU}/0123abcdu2m9vp1h6ol3c8d0qk4s7e5b2n9r3t81`;
const REPLY_KEY = `raw/${TONGLU}/0123abcdv7c3k0e9l2p5m8n1q4r6s3t0u9w2x5y1`;
const AUTO_REPLY_KEY = `raw/${TONGLU}/0123abcdh4k8m2n6p0q3r7s1t5u9v2w6x0y4z8a1`;
const URGENT_KEY = `raw/${TONGLU}/0123abcdj5l9n3p7r1t5v9x3z7b1d5f9h3k7m1q5`;
const SELF_HARM_KEY = `raw/${TONGLU}/0123abcdk6m0p4s8v2y6b0e4h8k2n6q0t4w8z2c6`;
const SIAN = 'xinfang@sian.changxing.petitions.example';
const EXE_KEY = `raw/${SIAN}/0123abcdm7q1u5y9c3g7k1o5s9w3a7e1i5m9q3u7`;

const WAGE_MESSAGE_ID = '2f3c1a9e.1b7e.19b9a3c5d2e.Coremail.zhangwei1978@163.example';
const REPLY_MESSAGE_ID = '6a0e7d21.3c44.19be1f2a7b0.Coremail.zhangwei1978@163.example';

// ---------------------------------------------------------------------------
// A new petition
// ---------------------------------------------------------------------------

describe('a new petition by email', () => {
  it('numbers it in the office’s yearly sequence and stores case, events, message, thread index and idempotency record in one transaction', async () => {
    table.seed({ pk: 'SEQ#330122#2026', sk: 'SEQ', entity: 'sequence', seq: 42 });
    const record = arrive(WAGE_KEY, wageArrearsUtf8Base64(), '2026-01-12T01:14:31.000Z');
    at('2026-01-12T01:14:35.000Z');

    const result = await deliver(record('059f36b4-87a3-44ab-83d2-661975830a7d'));

    expect(result).toEqual({ batchItemFailures: [] });
    // The S3 key arrives URL-encoded (%40); the object is read under its real name.
    expect(s3.commandCalls(GetObjectCommand).map((c) => c.args[0].input)).toEqual([{ Bucket: BUCKET, Key: WAGE_KEY }]);

    const counters = sequenceUpdates();
    expect(counters).toHaveLength(1);
    expect(counters[0]!.args[0].input).toMatchObject({
      TableName: TABLE,
      Key: { pk: 'SEQ#330122#2026', sk: 'SEQ' },
      UpdateExpression: 'ADD #seq :one SET entity = :entity',
      ExpressionAttributeValues: { ':one': 1 },
    });

    expect(transactions()).toHaveLength(1);
    const puts = transactions()[0]!;
    // The idempotency record first: the store reads a cancelled transaction's first reason as "already registered".
    // The case item is indexed by the petitioner's email; the phone gets a contact item. The idempotency
    // record, keyed by the email's Message-ID, is also its thread entry (no separate thread item).
    // The rules decide a wage arrears matter at once: registered, accepted and assigned in the same change, each step its own
    // event, the two that followed registration kept in its item (one item billed, not three).
    // The sender's name gets an entry beside the case for the desk's look-up by name (the case item carries the email).
    // Last, the sender item: the case its newest, on condition of the claim the intake took to register it (same-sender.ts).
    // The registration's event is also the case's entry on the office's 新登记 list (no item of its own).
    expect(puts.map((p) => String(p.Item!.sk).replace(/#.*/, ''))).toEqual(['IDEM', 'CASE', 'EVENT', 'MSG', 'CONTACT', 'NAME', 'INTAKE']);
    expect(puts.at(-1)).toMatchObject({
      Item: { sk: 'INTAKE', entity: 'senderIntake', latest: '330122-2026-000043', recent: [{ caseNumber: '330122-2026-000043', registeredAt: '2026-01-12T01:14:35.000Z' }] },
      ConditionExpression: '#claim = :claim',
    });
    expect(puts.at(-1)!.Item!.pk).toMatch(/^SENDER#[A-Za-z0-9_-]{43}$/);
    expect(puts.every((p) => p.TableName === TABLE)).toBe(true);
    const [idem, caseItem, event, message, contact] = puts;
    const [accepted, assigned] = event!.Item!.followedBy as Record<string, any>[];

    expect(idem).toMatchObject({
      Item: {
        pk: idempotencyKey('mail:2f3c1a9e.1b7e.19b9a3c5d2e.coremail.zhangwei1978@163.example').pk,
        sk: 'IDEM',
        entity: 'idempotency',
        caseNumber: '330122-2026-000043',
        outcome: 'registered',
        at: '2026-01-12T01:14:35.000Z',
        thread: true,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(caseItem).toMatchObject({
      Item: {
        pk: 'CASE#330122-2026-000043',
        sk: 'CASE',
        entity: 'case',
        caseNumber: '330122-2026-000043',
        jurisdiction: '330122',
        receivingOffice: '330122',
        channel: 'email',
        status: 'assigned',
        handling: { lead: '330122-hrss' },
        subject: '关于桐庐县华丰针织有限公司拖欠工人工资的投诉',
        petitioner: { anonymous: false, name: '张伟', email: 'zhangwei1978@163.example', phone: '13957100000' },
        urgent: false,
        receivedAt: '2026-01-12T01:14:31.000Z',
        registeredAt: '2026-01-12T01:14:35.000Z',
        registeredBy: 'system:intake',
        acceptedAt: '2026-01-12T01:14:35.000Z',
        attachments: [
          { id: '1', filename: '工资条.jpg', contentType: 'image/jpeg', size: 18_437, key: 'attachments/330122-2026-000043/1-工资条.jpg' },
          { id: '2', filename: '考勤记录.pdf', contentType: 'application/pdf', size: 9_862, key: 'attachments/330122-2026-000043/2-考勤记录.pdf' },
        ],
        acknowledgement: 'queued',
        version: 3,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(caseItem!.Item!.deadlines.handling).toBeDefined();
    expect(caseItem!.Item!.matter).toContain('公司自2025年9月起拖欠我们车间43名工人的工资');
    expect(caseItem!.Item!.refusedAttachments).toBeUndefined();
    expect(event).toMatchObject({
      Item: {
        pk: 'CASE#330122-2026-000043',
        sk: 'EVENT#00000001',
        entity: 'event',
        seq: 1,
        type: 'registered',
        actor: 'system:intake',
        to: 'registered',
        detail: { channel: 'email', jurisdiction: '330122', rawKey: WAGE_KEY },
        gsi2pk: 'REG#330122',
        gsi2sk: '2026-01-12T01:14:35.000Z#330122-2026-000043',
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(accepted).toMatchObject({ seq: 2, type: 'accepted', actor: 'system:router', from: 'registered', to: 'accepted' });
    expect(assigned).toMatchObject({ seq: 3, type: 'assigned', actor: 'system:router', from: 'accepted', to: 'assigned' });
    expect(accepted!.detail.reasons.join(' ')).toMatch(/拖欠|工资/);
    expect(message).toMatchObject({
      Item: {
        pk: 'CASE#330122-2026-000043',
        entity: 'message',
        id: WAGE_MESSAGE_ID,
        direction: 'in',
        kind: 'petition',
        at: '2026-01-12T01:14:31.000Z',
        from: 'zhangwei1978@163.example',
        to: [TONGLU],
        subject: '关于桐庐县华丰针织有限公司拖欠工人工资的投诉',
        rawKey: WAGE_KEY,
        messageIds: [WAGE_MESSAGE_ID],
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(message!.Item!.sk).toMatch(/^MSG#2026-01-12T01:14:31\.000Z#[A-Za-z0-9_-]{16}$/);
    // Contacts are indexed by hash: no address or phone number in a key.
    expect(contact!.Item!.caseNumber).toBe('330122-2026-000043');
    expect(caseItem!.Item!.gsi4pk).toMatch(/^CONTACT#[A-Za-z0-9_-]{43}$/);
    expect(contact!.Item!.gsi4pk).toMatch(/^CONTACT#[A-Za-z0-9_-]{43}$/);
    expect(contact!.Item!.gsi4pk).not.toBe(caseItem!.Item!.gsi4pk);
    const keys = JSON.stringify([contact!.Item!.pk, contact!.Item!.sk, contact!.Item!.gsi4pk, caseItem!.Item!.gsi4pk, caseItem!.Item!.gsi4sk]);
    expect(keys).not.toContain('zhangwei1978');
    expect(keys).not.toContain('13957100000');

    // The petitioner's earlier cases are read once, by each contact (email and phone), for 第十九条 and repeats alike.
    expect(dynamo.commandCalls(QueryCommand).filter((c) => c.args[0].input.IndexName === 'byContact')).toHaveLength(2);

    // The admitted attachments are stored under the case number.
    expect(s3.commandCalls(PutObjectCommand).map((c) => [c.args[0].input.Bucket, c.args[0].input.Key, c.args[0].input.ContentType, (c.args[0].input.Body as Uint8Array).byteLength])).toEqual([
      [BUCKET, 'attachments/330122-2026-000043/1-工资条.jpg', 'image/jpeg', 18_437],
      [BUCKET, 'attachments/330122-2026-000043/2-考勤记录.pdf', 'application/pdf', 9_862],
    ]);
  });

  it('queues the petitioner’s acknowledgement (ack:<caseNumber>) and, the rules routing it at once, the notices of its acceptance and assignment', async () => {
    table.seed({ pk: 'SEQ#330122#2026', sk: 'SEQ', entity: 'sequence', seq: 42 });
    const record = arrive(WAGE_KEY, wageArrearsUtf8Base64(), '2026-01-12T01:14:31.000Z');
    at('2026-01-12T01:14:35.000Z');

    await deliver(record('059f36b4-87a3-44ab-83d2-661975830a7d'));

    const notify = outboxOf('notify');
    // The acknowledgement, carrying the petitioner's 受理告知 (the mailer queues it once the acknowledgement is sent:
    // the two wait in different lanes); the unit's 交办 notice goes on its own, from the same change.
    expect(notify.map((m) => [m.id, m.body.to])).toEqual([
      ['ack:330122-2026-000043', ['zhangwei1978@163.example']],
      ['handoff:route:330122-2026-000043', ['hrss@tonglu.petitions.example']],
    ]);
    const { followedBy, ...ack } = notify[0]!.body;
    expect(followedBy?.map((letter: NotificationInput) => [letter.id, letter.to, letter.subject])).toEqual([
      ['accepted:330122-2026-000043', ['zhangwei1978@163.example'], '【330122-2026-000043】信访事项受理告知 — 桐庐县信访局'],
    ]);
    expect(ack).toEqual({
      id: 'ack:330122-2026-000043',
      kind: 'acknowledgement',
      caseNumber: '330122-2026-000043',
      to: ['zhangwei1978@163.example'],
      fromName: '桐庐县信访局',
      replyTo: TONGLU,
      subject: '【330122-2026-000043】您的信访事项已登记 — 桐庐县信访局',
      text: expect.any(String),
      inReplyTo: WAGE_MESSAGE_ID,
      references: [WAGE_MESSAGE_ID],
      autoSubmitted: 'auto-replied',
    });
    expect(ack.text).toMatch(/^张伟：\n/);
    expect(ack.text).toContain(
      '您于2026年1月12日 09:14发送至桐庐县信访局的电子邮件（主题：关于桐庐县华丰针织有限公司拖欠工人工资的投诉）已收到并登记，登记编号为 330122-2026-000043。',
    );
    // Accepted in the change that registered it: the acknowledgement says so, and promises no decision still to come.
    expect(ack.text).toContain('经审查，我们已决定受理该事项。《受理告知书》随后另行发送给您，载明办理单位和办理期限。');
    expect(ack.text).not.toContain('决定是否受理');
    expect(ack.text).not.toContain('以下附件未能接收');
    // The mailer will accept it.
    expect(() => notificationSchema.parse(notify[0]!.body)).not.toThrow();

    // Nothing is left for the router to do.
    expect(outboxOf('routing')).toEqual([]);
    // The daily acknowledgement allowance is keyed by a hash of the address, per China date.
    const allowance = dynamo.commandCalls(UpdateCommand).filter((c) => String(c.args[0].input.Key!.pk).startsWith('ALLOW#'));
    expect(allowance).toHaveLength(1);
    expect(allowance[0]!.args[0].input.Key).toEqual({ pk: expect.stringMatching(/^ALLOW#ack:[A-Za-z0-9_-]{43}#2026-01-12$/), sk: 'ALLOW' });
    expectNothingPersonalLogged();
  });

  it('files a later email that quotes the petition’s Message-ID on the same case: the idempotency record is its thread entry', async () => {
    table.seed({ pk: 'SEQ#330122#2026', sk: 'SEQ', entity: 'sequence', seq: 42 });
    await deliver(arrive(WAGE_KEY, wageArrearsUtf8Base64(), '2026-01-12T01:14:31.000Z')('059f36b4-87a3-44ab-83d2-661975830a7d'));
    expect(table.all().filter((item) => item.entity === 'thread')).toEqual([]);

    const followUp = [
      'From: =?UTF-8?B?5byg5Lyf?= <zhangwei1978@163.example>',
      `To: ${TONGLU}`,
      'Subject: =?UTF-8?B?UmU6IOWFs+S6juaLluasoOW3pei1hA==?=',
      'Message-ID: <7b1d2e3f.0a1b.19bb0c1d2e3.Coremail.zhangwei1978@163.example>',
      `In-Reply-To: <${WAGE_MESSAGE_ID}>`,
      `References: <${WAGE_MESSAGE_ID}>`,
      'Date: Tue, 13 Jan 2026 10:02:11 +0800',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=UTF-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      '补充一下：公司老板已经把车间的设备搬走了，请尽快处理。',
      '',
    ].join('\r\n');
    at('2026-01-13T02:02:20.000Z');
    const result = await deliver(arrive(REPLY_KEY, new TextEncoder().encode(followUp), '2026-01-13T02:02:15.000Z')('1b6e5a1c-2f0d-4e8a-9c3b-7d6e5f4a3b2c'));

    expect(result).toEqual({ batchItemFailures: [] });
    // No second case: the sequence was not taken again, and the text is on case 43.
    expect(sequenceUpdates()).toHaveLength(1);
    const appended = transactions()[1]!;
    expect(appended.find((p) => p.Item.entity === 'message')!.Item).toMatchObject({ caseNumber: '330122-2026-000043', kind: 'petitionerReply' });
    expect(appended.find((p) => p.Item.entity === 'message')!.Item.text).toContain('公司老板已经把车间的设备搬走了');
  });

  it('handles the same SQS message delivered twice once: no second number or transaction, the same messages re-published', async () => {
    table.seed({ pk: 'SEQ#330122#2026', sk: 'SEQ', entity: 'sequence', seq: 42 });
    const record = arrive(WAGE_KEY, wageArrearsUtf8Base64(), '2026-01-12T01:14:31.000Z');
    at('2026-01-12T01:14:35.000Z');
    await deliver(record('059f36b4-87a3-44ab-83d2-661975830a7d'));
    const first = { notify: outboxOf('notify'), routing: outboxOf('routing') };
    sqs.resetHistory();

    // SQS redelivers it (the first invocation timed out after publishing, say).
    at('2026-01-12T01:17:40.000Z');
    const result = await deliver(record('059f36b4-87a3-44ab-83d2-661975830a7d', 2));

    expect(result).toEqual({ batchItemFailures: [] });
    // The idempotency record was read, consistently, under the Message-ID.
    const idemReads = dynamo.commandCalls(GetCommand).filter((c) => String(c.args[0].input.Key!.pk).startsWith('IDEM#'));
    expect(idemReads.map((c) => c.args[0].input)).toEqual([
      { TableName: TABLE, Key: { pk: idempotencyKey('mail:2f3c1a9e.1b7e.19b9a3c5d2e.coremail.zhangwei1978@163.example').pk, sk: 'IDEM' }, ConsistentRead: true },
      { TableName: TABLE, Key: { pk: idempotencyKey('mail:2f3c1a9e.1b7e.19b9a3c5d2e.coremail.zhangwei1978@163.example').pk, sk: 'IDEM' }, ConsistentRead: true },
    ]);
    expect(transactions()).toHaveLength(1);
    expect(sequenceUpdates()).toHaveLength(1);
    expect(table.get('SEQ#330122#2026', 'SEQ')!.seq).toBe(43);
    // Nor is a second acknowledgement counted against the petitioner's daily allowance.
    expect(dynamo.commandCalls(UpdateCommand).filter((c) => String(c.args[0].input.Key!.pk).startsWith('ALLOW#'))).toHaveLength(1);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(2);
    // The case's own email, delivered again: still the case's, never tagged to expire by age.
    expect(s3.commandCalls(PutObjectTaggingCommand)).toHaveLength(0);

    const again = { notify: outboxOf('notify'), routing: outboxOf('routing') };
    expect(again.notify.map((m) => m.id)).toEqual(['ack:330122-2026-000043', 'handoff:route:330122-2026-000043']);
    expect(again.routing).toEqual([]);
    expect(again).toEqual(first);
    expect(logs.entries().filter((e) => e.message === 'message handled').at(-1)).toMatchObject({
      messageId: '059f36b4-87a3-44ab-83d2-661975830a7d',
      receiveCount: 2,
      outcomes: [{ key: WAGE_KEY, outcome: 'duplicate', first: 'registered', caseNumber: '330122-2026-000043' }],
    });
  });
  it('registers another sender’s petition that came under a Message-ID already used (a reused id, or one differing in case), and still knows its redelivery', async () => {
    table.seed({ pk: 'SEQ#330122#2026', sk: 'SEQ', entity: 'sequence', seq: 42 });
    await deliver(arrive(WAGE_KEY, wageArrearsUtf8Base64(), '2026-01-12T01:14:31.000Z')('059f36b4-87a3-44ab-83d2-661975830a7d'));

    // Another person, another matter; their mailer gave it the wage email's id in capitals.
    const other = [
      'From: =?UTF-8?B?5p2O5Y2O?= <lihua.fuchun@126.example>',
      `To: ${TONGLU}`,
      'Subject: =?UTF-8?B?5p2R6YGT5aGM5pa5?=',
      `Message-ID: <${WAGE_MESSAGE_ID.toUpperCase()}>`,
      'Date: Tue, 13 Jan 2026 08:30:00 +0800',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=UTF-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      '富春江镇芦茨村的村道上周塌方，至今无人修复，村民出行困难，请有关部门尽快处理。',
      '李华',
      '',
    ].join('\r\n');
    const record = arrive(ROOF_KEY, new TextEncoder().encode(other), '2026-01-13T00:30:05.000Z');
    at('2026-01-13T00:30:09.000Z');
    expect(await deliver(record('5d1f0c2a-7e3b-4c9d-8a6f-2b1c0d9e8f7a'))).toEqual({ batchItemFailures: [] });

    expect(logs.entries().filter((e) => e.message === 'message handled').at(-1)!.outcomes).toEqual([
      expect.objectContaining({ key: ROOF_KEY, outcome: 'registered', caseNumber: '330122-2026-000044' }),
    ]);
    expect(outboxOf('notify').map((m) => m.id)).toContain('ack:330122-2026-000044');
    // The wage case took nothing of it.
    expect(table.all().filter((item) => item.pk === 'CASE#330122-2026-000043' && item.entity === 'message')).toHaveLength(1);

    // Delivered again, it is the case it made, not a third.
    at('2026-01-13T00:33:10.000Z');
    expect(await deliver(record('5d1f0c2a-7e3b-4c9d-8a6f-2b1c0d9e8f7a', 2))).toEqual({ batchItemFailures: [] });
    expect(logs.entries().filter((e) => e.message === 'message handled').at(-1)!.outcomes).toEqual([
      expect.objectContaining({ key: ROOF_KEY, outcome: 'duplicate', first: 'registered', caseNumber: '330122-2026-000044' }),
    ]);
    expect(table.get('SEQ#330122#2026', 'SEQ')!.seq).toBe(44);
  });

  it('takes again, by its content, an email whose Message-ID another sender’s email took at the same moment', async () => {
    table.seed({ pk: 'SEQ#330122#2026', sk: 'SEQ', entity: 'sequence', seq: 42 });
    // Another sender's email under the same id commits while this one is registering.
    let raced = false;
    table.beforeTransaction = () => {
      if (raced) return;
      raced = true;
      table.seed({ ...idempotencyKey(`mail:${WAGE_MESSAGE_ID.toLowerCase()}`), entity: 'idempotency', outcome: 'registered', caseNumber: '330122-2026-000099', fingerprint: 'another-sender' });
    };
    const record = arrive(WAGE_KEY, wageArrearsUtf8Base64(), '2026-01-12T01:14:31.000Z');
    at('2026-01-12T01:14:35.000Z');
    // Not dropped as that email's duplicate: put back.
    expect(await deliver(record('3e2d1c0b-0000-4000-8000-0000000000a1'))).toEqual({ batchItemFailures: [{ itemIdentifier: '3e2d1c0b-0000-4000-8000-0000000000a1' }] });

    at('2026-01-12T01:15:10.000Z');
    expect(await deliver(record('3e2d1c0b-0000-4000-8000-0000000000a1', 2))).toEqual({ batchItemFailures: [] });
    expect(logs.entries().filter((e) => e.message === 'message handled').at(-1)!.outcomes).toEqual([expect.objectContaining({ key: WAGE_KEY, outcome: 'registered' })]);
    expect(outboxOf('notify').map((m) => m.id).filter((id) => id.startsWith('ack:'))).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------
// Machine mail, replies, urgent matters, refused attachments
// ---------------------------------------------------------------------------

describe('mail that is not a new petition', () => {
  it('records an auto-reply as ignored:autoReply and opens no case, even when it answers one of our notices', async () => {
    table.seed({ pk: threadIndexKey('notice.330122-2026-000042.2@petitions.example').pk, sk: 'THREAD', entity: 'thread', caseNumber: '330122-2026-000042' });
    const record = arrive(AUTO_REPLY_KEY, outlookAutoReply(), '2026-01-26T01:05:19.000Z');
    at('2026-01-26T01:05:21.000Z');

    const result = await deliver(record('7b3e2f10-5c4d-4e6f-9a8b-1c2d3e4f5a6b'));

    expect(result).toEqual({ batchItemFailures: [] });
    expect(dynamo.commandCalls(PutCommand).map((c) => c.args[0].input)).toEqual([
      {
        TableName: TABLE,
        Item: {
          pk: idempotencyKey('mail:seypr06mb52349c1d2e3f4a5b6c7d8e9f0a1b2c3d@seypr06mb5234.apcprd06.prod.outlook.example').pk,
          sk: 'IDEM',
          entity: 'idempotency',
          outcome: 'ignored:autoReply',
          at: '2026-01-26T01:05:21.000Z',
          fingerprint: expect.any(String),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    ]);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(sqs.calls()).toHaveLength(0);
    // Held by no case: tagged, so the bucket's lifecycle rule removes it after the retention period.
    expect(s3.commandCalls(PutObjectTaggingCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: BUCKET, Key: AUTO_REPLY_KEY, Tagging: { TagSet: [{ Key: 'retention', Value: 'age' }] } },
    ]);
  });

  it('appends a reply whose In-Reply-To is indexed to that case, conditional on its version, and tells the unit handling it', async () => {
    table.seed(
      { pk: threadIndexKey('ack.330122-2026-000042.1@petitions.example').pk, sk: 'THREAD', entity: 'thread', caseNumber: '330122-2026-000042' },
      { ...storedCase42, pk: 'CASE#330122-2026-000042', sk: 'CASE', entity: 'case' },
      sentAck42,
    );
    const record = arrive(REPLY_KEY, followUpWithCaseNumber(), '2026-01-21T11:33:22.000Z');
    at('2026-01-21T11:33:25.000Z');

    const result = await deliver(record('8c4f3a21-6d5e-4f70-8b9c-2d3e4f5a6b7c'));

    expect(result).toEqual({ batchItemFailures: [] });
    expect(dynamo.commandCalls(GetCommand).map((c) => c.args[0].input.Key)).toContainEqual({ pk: threadIndexKey('ack.330122-2026-000042.1@petitions.example').pk, sk: 'THREAD' });
    expect(sequenceUpdates()).toHaveLength(0);
    expect(transactions()).toHaveLength(1);
    const puts = transactions()[0]!;
    expect(puts.map((p) => String(p.Item!.sk).replace(/#.*/, ''))).toEqual(['CASE', 'EVENT', 'IDEM', 'MSG']);
    const [caseItem, event, idem, message] = puts;
    expect(caseItem).toMatchObject({
      Item: { pk: 'CASE#330122-2026-000042', caseNumber: '330122-2026-000042', status: 'assigned', version: 5, updatedAt: '2026-01-21T11:33:25.000Z' },
      ConditionExpression: 'version = :expected',
      ExpressionAttributeValues: { ':expected': 4 },
    });
    expect(event).toMatchObject({
      Item: {
        pk: 'CASE#330122-2026-000042',
        sk: 'EVENT#00000005',
        type: 'messageReceived',
        actor: 'system:intake',
        detail: { messageId: REPLY_MESSAGE_ID, rawKey: REPLY_KEY, attachments: 0 },
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(idem).toMatchObject({
      // Also the reply's thread entry: a later email quoting its Message-ID finds the case by it.
      Item: { pk: idempotencyKey('mail:6a0e7d21.3c44.19be1f2a7b0.coremail.zhangwei1978@163.example').pk, caseNumber: '330122-2026-000042', outcome: 'threaded', thread: true },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(message).toMatchObject({
      Item: { pk: 'CASE#330122-2026-000042', id: REPLY_MESSAGE_ID, direction: 'in', kind: 'petitionerReply', from: 'zhangwei1978@163.example', rawKey: REPLY_KEY },
    });
    expect(message!.Item!.text).toContain('有12名工友愿意作证');

    const notify = outboxOf('notify');
    expect(notify.map((m) => m.id)).toEqual([`pmsg:330122-2026-000042:${REPLY_MESSAGE_ID}`]);
    expect(notify[0]!.body).toMatchObject({
      kind: 'petitionerMessage',
      caseNumber: '330122-2026-000042',
      to: ['hrss@tonglu.petitions.example'],
      fromName: '桐庐县信访局',
      subject: '【330122-2026-000042】信访人补充了材料 — 桐庐县信访局',
      autoSubmitted: 'auto-generated',
    });
    expect(notify[0]!.body.text).toContain('的信访人于2026年1月21日 19:33回复了邮件，材料已归入该事项。');
    expect(notify[0]!.body.text).toContain('请查看：http://127.0.0.1:3000/cases/330122-2026-000042');
    // No new case (no number was drawn above), no acknowledgement to the petitioner, nothing to route.
    expect(outboxOf('routing')).toEqual([]);
    expectNothingPersonalLogged();
  });

  it('registers a reply to an archived case as a new petition, saying which case it answered, instead of failing on the closed file', async () => {
    table.seed(
      { pk: threadIndexKey('ack.330122-2026-000042.1@petitions.example').pk, sk: 'THREAD', entity: 'thread', caseNumber: '330122-2026-000042' },
      { ...storedCase42, status: 'archived', pk: 'CASE#330122-2026-000042', sk: 'CASE', entity: 'case' },
      sentAck42,
      { pk: 'SEQ#330122#2026', sk: 'SEQ', entity: 'sequence', seq: 60 },
    );
    const record = arrive(REPLY_KEY, followUpWithCaseNumber(), '2026-01-21T11:33:22.000Z');
    at('2026-01-21T11:33:25.000Z');

    const result = await deliver(record('8c4f3a21-6d5e-4f70-8b9c-2d3e4f5a6b7c'));

    expect(result).toEqual({ batchItemFailures: [] });
    // Nothing was written to the archived case; a new one was numbered and registered, with its acknowledgement.
    const written = transactions();
    expect(written.flat().map((p) => p.Item.pk)).not.toContain('CASE#330122-2026-000042');
    const created = written.flat().find((p) => p.Item.entity === 'case')!.Item;
    expect(created).toMatchObject({ caseNumber: '330122-2026-000061', status: expect.any(String), channel: 'email', subject: '就已归档的 330122-2026-000042 再次来信' });
    // The petitioner's own words, without our letter they quoted.
    expect(created.matter).toContain('有12名工友愿意作证');
    expect(created.matter).not.toContain('我局将在15日内告知您是否受理');
    expect(written.flat().find((p) => p.Item.entity === 'event' && p.Item.type === 'registered')!.Item.detail).toMatchObject({ answersArchived: '330122-2026-000042' });
    expect(outboxOf('notify').map((m) => m.id)).toContain('ack:330122-2026-000061');
  });

  it('registers a reply to a case removed after its retention (销毁) as a new petition tied to nothing, instead of parking it in the DLQ', async () => {
    table.seed(
      // The thread entry outlives the case: only the case and its trail are removed.
      { pk: threadIndexKey('ack.330122-2026-000042.1@petitions.example').pk, sk: 'THREAD', entity: 'thread', caseNumber: '330122-2026-000042' },
      { pk: 'SEQ#330122#2026', sk: 'SEQ', entity: 'sequence', seq: 60 },
    );
    const record = arrive(REPLY_KEY, followUpWithCaseNumber(), '2026-01-21T11:33:22.000Z');
    at('2026-01-21T11:33:25.000Z');

    const result = await deliver(record('8c4f3a21-6d5e-4f70-8b9c-2d3e4f5a6b7c'));

    expect(result).toEqual({ batchItemFailures: [] });
    const written = transactions();
    expect(written.flat().find((p) => p.Item.entity === 'case')!.Item).toMatchObject({ caseNumber: '330122-2026-000061', channel: 'email' });
    expect(written.flat().find((p) => p.Item.entity === 'event' && p.Item.type === 'registered')!.Item.detail?.answersArchived).toBeUndefined();
  });

  it('tells the office itself when no unit handles the case yet', async () => {
    const { handling: _handling, ...unassigned } = storedCase42;
    table.seed(
      { pk: threadIndexKey('ack.330122-2026-000042.1@petitions.example').pk, sk: 'THREAD', entity: 'thread', caseNumber: '330122-2026-000042' },
      { ...unassigned, status: 'registered', pk: 'CASE#330122-2026-000042', sk: 'CASE', entity: 'case' },
      sentAck42,
    );
    const record = arrive(REPLY_KEY, followUpWithCaseNumber(), '2026-01-21T11:33:22.000Z');
    at('2026-01-21T11:33:25.000Z');

    await deliver(record('8c4f3a21-6d5e-4f70-8b9c-2d3e4f5a6b7c'));

    expect(outboxOf('notify').map((m) => m.body.to)).toEqual([[TONGLU]]);
  });

  it('a reply delivered again changes nothing: its notice was committed with it, once', async () => {
    table.seed(
      { pk: threadIndexKey('ack.330122-2026-000042.1@petitions.example').pk, sk: 'THREAD', entity: 'thread', caseNumber: '330122-2026-000042' },
      { ...storedCase42, pk: 'CASE#330122-2026-000042', sk: 'CASE', entity: 'case' },
      sentAck42,
    );
    const record = arrive(REPLY_KEY, followUpWithCaseNumber(), '2026-01-21T11:33:22.000Z');
    at('2026-01-21T11:33:25.000Z');

    expect(await deliver(record('8c4f3a21-6d5e-4f70-8b9c-2d3e4f5a6b7c'))).toEqual({ batchItemFailures: [] });
    at('2026-01-21T11:36:30.000Z');
    expect(await deliver(record('8c4f3a21-6d5e-4f70-8b9c-2d3e4f5a6b7c', 2))).toEqual({ batchItemFailures: [] });

    expect(transactions()).toHaveLength(1);
    expect(sqs.calls()).toHaveLength(0);
    expect(outboxOf('notify').map((m) => m.id)).toEqual([`pmsg:330122-2026-000042:${REPLY_MESSAGE_ID}`]);
  });

  it('re-reads and retries when a clerk changed the case in the same moment', async () => {
    table.seed(
      { pk: threadIndexKey('ack.330122-2026-000042.1@petitions.example').pk, sk: 'THREAD', entity: 'thread', caseNumber: '330122-2026-000042' },
      { ...storedCase42, pk: 'CASE#330122-2026-000042', sk: 'CASE', entity: 'case' },
      sentAck42,
    );
    let clerkActed = false;
    table.beforeTransaction = () => {
      if (clerkActed) return;
      clerkActed = true;
      table.seed({ ...storedCase42, status: 'inProgress', version: 5, pk: 'CASE#330122-2026-000042', sk: 'CASE', entity: 'case' });
    };
    const record = arrive(REPLY_KEY, followUpWithCaseNumber(), '2026-01-21T11:33:22.000Z');
    at('2026-01-21T11:33:25.000Z');

    const result = await deliver(record('8c4f3a21-6d5e-4f70-8b9c-2d3e4f5a6b7c'));

    expect(result).toEqual({ batchItemFailures: [] });
    const attempts = transactions().map((puts) => ({ expected: puts[0]!.ExpressionAttributeValues![':expected'], version: puts[0]!.Item!.version, status: puts[0]!.Item!.status }));
    expect(attempts).toEqual([
      { expected: 4, version: 5, status: 'assigned' },
      { expected: 5, version: 6, status: 'inProgress' },
    ]);
    expect(table.get('CASE#330122-2026-000042', 'EVENT#00000006')).toMatchObject({ type: 'messageReceived' });
    expect(outboxOf('notify')).toHaveLength(1);
  });
});

describe('urgent matters', () => {
  it('alerts the jurisdiction’s leaders (from the configuration) and the office mailbox at once', async () => {
    table.seed({ pk: 'SEQ#330122#2026', sk: 'SEQ', entity: 'sequence', seq: 57 });
    const record = arrive(SELF_HARM_KEY, selfHarmThreatUtf8(), '2026-01-19T15:52:10.000Z');
    at('2026-01-19T15:52:14.000Z');

    const result = await deliver(record('9d5a4b32-7e6f-4081-9cad-3e4f5a6b7c8d'));

    expect(result).toEqual({ batchItemFailures: [] });
    const notify = outboxOf('notify');
    // The acknowledgement and the alert before any notice of the routing taken in the same change.
    expect(notify.map((m) => m.id).slice(0, 2)).toEqual(['ack:330122-2026-000058', 'urgent:330122-2026-000058']);
    const alert = notify[1]!.body;
    expect(alert).toMatchObject({
      id: 'urgent:330122-2026-000058',
      kind: 'urgentAlert',
      caseNumber: '330122-2026-000058',
      // 分管信访工作的领导 陈海燕, 主要领导 方建华, and the office.
      to: ['chen.haiyan@tonglu.petitions.example', 'fang.jianhua@tonglu.petitions.example', TONGLU],
      fromName: '桐庐县信访局',
      subject: '【紧急】330122-2026-000058 疑似紧急信访事项，请立即处置 — 桐庐县信访局',
      autoSubmitted: 'auto-generated',
    });
    expect(alert.text).toContain('桐庐县信访局于2026年1月19日 23:52收到一件可能涉及人身安全或群体性事件的信访事项，已登记为 330122-2026-000058。');
    expect(alert.text).toContain('触发词：跳楼');
    // 30 minutes from the registration (紧急响应, defaults.urgentResponseMinutes), as China time.
    expect(alert.text).toContain('请于2026年1月20日 00:22前查看并作出处置安排，并在系统中记录“紧急响应”：http://127.0.0.1:3000/cases/330122-2026-000058');
    // Leaders get the case link, not the petitioner's particulars.
    expect(alert.text).not.toContain('何建军');
    expect(alert.text).not.toContain('13905712468');
    expect(() => notificationSchema.parse(alert)).not.toThrow();

    const caseItem = transactions()[0]!.find((p) => p.Item!.entity === 'case')!.Item!;
    expect(caseItem).toMatchObject({ urgent: true, intakeFlags: { urgentWords: ['跳楼'] } });
    expect(transactions()[0]!.find((p) => p.Item!.entity === 'event')!.Item!.detail).toMatchObject({ urgent: true });
    // Routed in the same change: no rule or learned model deciding it, it waits in the triage list of the office whose
    // leaders were alerted — not handed down to the township where it arose, whose office was not.
    expect(caseItem).toMatchObject({ status: 'registered', receivingOffice: '330122', jurisdiction: '330122', triage: { since: '2026-01-19T15:52:14.000Z' } });
    const registered = transactions()[0]!.filter((p) => p.Item!.entity === 'event').map((p) => p.Item!);
    expect(registered.flatMap((e) => [e.type, ...(e.followedBy ?? []).map((f: { type: string }) => f.type)])).toEqual(['registered', 'sentToTriage']);
    expect(outboxOf('routing')).toEqual([]);
  });

  it('alerts the leaders for the fixture’s threat of self-harm (“再不解决我就从楼上跳下去”)', async () => {
    table.seed({ pk: 'SEQ#330122#2026', sk: 'SEQ', entity: 'sequence', seq: 57 });
    const record = arrive(URGENT_KEY, urgentThreatRawGbkHeaders(), '2026-01-19T15:52:12.000Z');
    at('2026-01-19T15:52:16.000Z');

    const result = await deliver(record('ae6b5c43-8f70-4192-adbe-4f5a6b7c8d9e'));

    expect(result).toEqual({ batchItemFailures: [] });
    const caseItem = transactions()[0]!.find((p) => p.Item!.entity === 'case')!.Item!;
    expect(caseItem.petitioner).toEqual({ anonymous: false, name: '陈国华', email: 'chenguohua1971@163.example', phone: '13868107788' });
    expect(caseItem.urgent).toBe(true);
    const alert = outboxOf('notify').find((m) => m.id === 'urgent:330122-2026-000058');
    expect(alert?.body.to).toEqual(['chen.haiyan@tonglu.petitions.example', 'fang.jianhua@tonglu.petitions.example', TONGLU]);
  });
});

describe('an email to several offices', () => {
  const HANGZHOU = 'xinfang@hz.petitions.example';
  const ID = '0123abcdw8y2a6c0e4g8i2k6m0o4q8s2u6w0y4a8';
  /** The wage petition written to the city office, the county office in copy: SES stores it once for each. */
  const toCityAndCounty = () =>
    new TextEncoder().encode(
      new TextDecoder()
        .decode(wageArrearsUtf8Base64())
        .replace(/^To: (.*)$/m, `To: <${HANGZHOU}>\r\nCc: $1`),
    );

  it('is registered once, by the county office nearest the matter, whichever copy intake meets first', async () => {
    table.seed({ pk: 'SEQ#330122#2026', sk: 'SEQ', entity: 'sequence', seq: 42 }, { pk: 'SEQ#330100#2026', sk: 'SEQ', entity: 'sequence', seq: 7 });
    const cityCopy = arrive(`raw/${HANGZHOU}/${ID}`, toCityAndCounty(), '2026-01-12T01:14:31.000Z');
    const countyCopy = arrive(`raw/${TONGLU}/${ID}`, toCityAndCounty(), '2026-01-12T01:14:31.000Z');
    at('2026-01-12T01:14:35.000Z');

    // The city's copy first: it stands aside, writing nothing, and draws no number.
    expect(await deliver(cityCopy('7b6a5c4d-0000-4000-8000-000000000001'))).toEqual({ batchItemFailures: [] });
    expect(sequenceUpdates()).toHaveLength(0);
    expect(transactions()).toHaveLength(0);

    expect(await deliver(countyCopy('7b6a5c4d-0000-4000-8000-000000000002'))).toEqual({ batchItemFailures: [] });
    expect(sequenceUpdates().map((c) => c.args[0].input.Key!.pk)).toEqual(['SEQ#330122#2026']);
    const caseItem = transactions()[0]!.find((p) => p.Item!.entity === 'case')!.Item!;
    expect(caseItem).toMatchObject({ caseNumber: '330122-2026-000043', receivingOffice: '330122' });
    expect(outboxOf('notify').map((m) => m.id)).toEqual(['ack:330122-2026-000043', 'handoff:route:330122-2026-000043']);
  });

  it('is registered by the county even when the city’s copy is met before the county’s is stored: the city’s waits once, briefly', async () => {
    table.seed({ pk: 'SEQ#330122#2026', sk: 'SEQ', entity: 'sequence', seq: 42 }, { pk: 'SEQ#330100#2026', sk: 'SEQ', entity: 'sequence', seq: 7 });
    sqs.on(GetQueueUrlCommand).resolves({ QueueUrl: 'https://sqs.cn-north-1.amazonaws.com.cn/123456789012/xinfang-test-intake' });
    const cityCopy = arrive(`raw/${HANGZHOU}/${ID}`, toCityAndCounty(), '2026-01-12T01:14:31.000Z');
    at('2026-01-12T01:14:32.000Z');

    // The county's copy is not stored yet: the city's is shown again in 10 s (DEEPER_COPY_GRACE_SECONDS), having drawn no number.
    expect(await deliver(cityCopy('7b6a5c4d-0000-4000-8000-000000000004'))).toEqual({ batchItemFailures: [{ itemIdentifier: '7b6a5c4d-0000-4000-8000-000000000004' }] });
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand).map((c) => c.args[0].input.VisibilityTimeout)).toEqual([10]);
    expect(sequenceUpdates()).toHaveLength(0);

    const countyCopy = arrive(`raw/${TONGLU}/${ID}`, toCityAndCounty(), '2026-01-12T01:14:33.000Z');
    at('2026-01-12T01:14:34.000Z');
    expect(await deliver(countyCopy('7b6a5c4d-0000-4000-8000-000000000005'))).toEqual({ batchItemFailures: [] });
    at('2026-01-12T01:14:43.000Z');
    expect(await deliver(cityCopy('7b6a5c4d-0000-4000-8000-000000000004', 2))).toEqual({ batchItemFailures: [] });

    expect(sequenceUpdates().map((c) => c.args[0].input.Key!.pk)).toEqual(['SEQ#330122#2026']);
    expect(table.all().filter((i) => i.entity === 'case').map((i) => i.caseNumber)).toEqual(['330122-2026-000043']);
  });

  it('is registered by the copy it has when the county office’s was never stored (the county was only named, not sent to)', async () => {
    table.seed({ pk: 'SEQ#330100#2026', sk: 'SEQ', entity: 'sequence', seq: 7 });
    const cityCopy = arrive(`raw/${HANGZHOU}/${ID}`, toCityAndCounty(), '2026-01-12T01:14:31.000Z');
    at('2026-01-12T01:14:35.000Z');

    // Waited for once (the county's copy may be a moment behind); met again, the city's copy acts.
    expect(await deliver(cityCopy('7b6a5c4d-0000-4000-8000-000000000003'))).toEqual({ batchItemFailures: [{ itemIdentifier: '7b6a5c4d-0000-4000-8000-000000000003' }] });
    expect(sequenceUpdates()).toHaveLength(0);
    at('2026-01-12T01:14:45.000Z');
    expect(await deliver(cityCopy('7b6a5c4d-0000-4000-8000-000000000003', 2))).toEqual({ batchItemFailures: [] });

    expect(sequenceUpdates().map((c) => c.args[0].input.Key!.pk)).toEqual(['SEQ#330100#2026']);
    expect(transactions()[0]!.find((p) => p.Item!.entity === 'case')!.Item!).toMatchObject({ receivingOffice: '330100' });
  });
});

describe('an email to two offices, copied to two more', () => {
  const HANGZHOU = 'xinfang@hz.petitions.example';
  const CHUNAN = 'xinfang@chunan.petitions.example';
  const PROVINCE = 'xinfang@zj.petitions.example';
  const ID = '4567abcdw8y2a6c0e4g8i2k6m0o4q8s2u6w0y4a8';
  /** The 桐庐县 wage petition To the city and 桐庐县, Cc 淳安县 and the province: SES stores a copy for each. */
  const addressed = () =>
    new TextEncoder().encode(new TextDecoder().decode(wageArrearsUtf8Base64()).replace(/^To: (.*)$/m, `To: <${HANGZHOU}>, $1\r\nCc: <${CHUNAN}>, <${PROVINCE}>`));

  it.each([
    ['淳安县 (only copied) first', [CHUNAN, HANGZHOU, PROVINCE, TONGLU]],
    ['桐庐县 first', [TONGLU, CHUNAN, PROVINCE, HANGZHOU]],
    ['the province first, 淳安县 last', [PROVINCE, HANGZHOU, TONGLU, CHUNAN]],
  ])('is registered once, by 桐庐县 (nearest the matter, and in To where 淳安县 is only in Cc), whichever copy is met first: %s', async (_order, mailboxes) => {
    table.seed({ pk: 'SEQ#330122#2026', sk: 'SEQ', entity: 'sequence', seq: 42 });
    const copies = mailboxes.map((mailbox) => arrive(`raw/${mailbox}/${ID}`, addressed(), '2026-01-12T01:14:31.000Z'));
    at('2026-01-12T01:14:35.000Z');
    for (const [i, copy] of copies.entries()) {
      expect(await deliver(copy(`7b6a5c4d-0000-4000-8000-00000000010${i}`))).toEqual({ batchItemFailures: [] });
    }

    expect(sequenceUpdates().map((c) => c.args[0].input.Key!.pk)).toEqual(['SEQ#330122#2026']);
    const cases = table.all().filter((i) => i.entity === 'case');
    expect(cases.map((c) => [c.caseNumber, c.receivingOffice])).toEqual([['330122-2026-000043', '330122']]);
    expect(outboxOf('notify').filter((m) => m.body.kind === 'acknowledgement')).toHaveLength(1);
    // The message keeps whom it was copied to, as the sender addressed it.
    const message = unpacked(table.all().find((i) => i.entity === 'message')!);
    expect(message).toMatchObject({ to: [HANGZHOU, TONGLU], cc: [CHUNAN, PROVINCE] });
  });

  it('a copy only Cc’d, met before 桐庐县’s is stored, waits for it instead of registering the matter itself', async () => {
    table.seed({ pk: 'SEQ#330122#2026', sk: 'SEQ', entity: 'sequence', seq: 42 });
    sqs.on(GetQueueUrlCommand).resolves({ QueueUrl: 'https://sqs.cn-north-1.amazonaws.com.cn/123456789012/xinfang-test-intake' });
    const chunanCopy = arrive(`raw/${CHUNAN}/${ID}`, addressed(), '2026-01-12T01:14:31.000Z');
    at('2026-01-12T01:14:32.000Z');
    expect(await deliver(chunanCopy('7b6a5c4d-0000-4000-8000-000000000110'))).toEqual({ batchItemFailures: [{ itemIdentifier: '7b6a5c4d-0000-4000-8000-000000000110' }] });
    expect(sequenceUpdates()).toHaveLength(0);

    const tongluCopy = arrive(`raw/${TONGLU}/${ID}`, addressed(), '2026-01-12T01:14:33.000Z');
    at('2026-01-12T01:14:34.000Z');
    expect(await deliver(tongluCopy('7b6a5c4d-0000-4000-8000-000000000111'))).toEqual({ batchItemFailures: [] });
    at('2026-01-12T01:14:43.000Z');
    expect(await deliver(chunanCopy('7b6a5c4d-0000-4000-8000-000000000110', 2))).toEqual({ batchItemFailures: [] });
    expect(table.all().filter((i) => i.entity === 'case').map((c) => c.receivingOffice)).toEqual(['330122']);
  });
});

describe('attachments', () => {
  it('refuses an .exe, stores the photo, and lists the refused file in the acknowledgement', async () => {
    const record = arrive(EXE_KEY, exeAttachment(), '2026-01-23T13:40:15.000Z');
    at('2026-01-23T13:40:19.000Z');

    const result = await deliver(record('bf7c6d54-9081-42a3-becf-5a6b7c8d9e0f'));

    expect(result).toEqual({ batchItemFailures: [] });
    // Received at 泗安镇's mailbox: registered there, first of the year.
    expect(sequenceUpdates()[0]!.args[0].input.Key).toEqual({ pk: 'SEQ#330522111#2026', sk: 'SEQ' });
    expect(s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key)).toEqual(['attachments/330522111-2026-000001/1-paiwu.jpg']);
    const caseItem = transactions()[0]!.find((p) => p.Item!.entity === 'case')!.Item!;
    // Registered where it was received; the same change sends the pollution matter up to the county (属地管理、分级负责).
    expect(caseItem).toMatchObject({
      caseNumber: '330522111-2026-000001',
      receivingOffice: '330522111',
      jurisdiction: '330522',
      channel: 'email',
      petitioner: { anonymous: false, email: 'qunzhong2026@163.example' },
      attachments: [{ id: '1', filename: 'paiwu.jpg', contentType: 'image/jpeg', size: 3_210, key: 'attachments/330522111-2026-000001/1-paiwu.jpg' }],
      refusedAttachments: [{ filename: '证据视频播放器.exe', reason: '不接受可执行程序或脚本文件' }],
    });

    const notify = outboxOf('notify');
    expect(notify.map((m) => m.id)).toEqual(['ack:330522111-2026-000001', 'handoff:route:330522111-2026-000001']);
    const ack = notify[0]!.body;
    expect(ack).toMatchObject({
      to: ['qunzhong2026@163.example'],
      fromName: '泗安镇社会治理中心（信访办）',
      replyTo: SIAN,
      subject: '【330522111-2026-000001】您的信访事项已登记 — 泗安镇社会治理中心（信访办）',
    });
    // "一个关心家乡的群众" is no name: the letter greets the petitioner generically.
    expect(ack.text).toMatch(/^信访人：\n/);
    expect(ack.text).toContain('以下附件未能接收，如需提交请改用常见格式（图片、PDF、Word 文档）或另行邮寄：\n- 证据视频播放器.exe：不接受可执行程序或脚本文件\n');
    // The photo kept is named as received; the program is not.
    expect(ack.text).toContain('随信访事项一并收到附件 1 个：paiwu.jpg。');
    // Accepted at registration by the township, which transferred it up to the county's unit: said so as its 受理告知 says
    // it (the township accepted), not as the county's decision, and not as a decision due by a date.
    expect(ack.followedBy?.map((letter: NotificationInput) => letter.text)).toEqual([expect.stringContaining('泗安镇社会治理中心（信访办）决定予以受理')]);
    expect(ack.text).toContain('经审查，我们已决定受理该事项。《受理告知书》随后另行发送给您');
    expect(ack.text).not.toContain('长兴县信访局已决定受理');
    expect(ack.text).not.toContain('决定是否受理');
  });

  /** SES's verdict lines, on top of the message as its receipt rule writes them. */
  const judged = (raw: Uint8Array, verdicts: { spam?: string; virus?: string; dmarc?: string }) =>
    new Uint8Array(
      Buffer.concat([
        Buffer.from(
          `X-SES-Spam-Verdict: ${verdicts.spam ?? 'PASS'}\r\nX-SES-Virus-Verdict: ${verdicts.virus ?? 'PASS'}\r\nAuthentication-Results: amazonses.com; spf=pass smtp.mailfrom=163.example; dkim=pass header.i=@163.example; dmarc=${verdicts.dmarc ?? 'pass'} header.from=163.example\r\n`,
        ),
        Buffer.from(raw),
      ]),
    );

  it('registers mail that failed the virus scan and DMARC, keeps none of its files, and writes nothing to the forged sender', async () => {
    const record = arrive(EXE_KEY, judged(exeAttachment(), { virus: 'FAIL', dmarc: 'fail' }), '2026-01-23T13:40:15.000Z');
    at('2026-01-23T13:40:19.000Z');
    expect(await deliver(record('cf7c6d54-9081-42a3-becf-5a6b7c8d9e0f'))).toEqual({ batchItemFailures: [] });

    expect(s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key)).toEqual([]);
    const caseItem = transactions()[0]!.find((p) => p.Item!.entity === 'case')!.Item!;
    expect(caseItem).toMatchObject({
      caseNumber: '330522111-2026-000001',
      attachments: [],
      refusedAttachments: [expect.objectContaining({ filename: 'paiwu.jpg', reason: '邮件未通过病毒扫描，附件未予接收' }), expect.objectContaining({ filename: '证据视频播放器.exe' })],
      intakeFlags: expect.objectContaining({ senderDistrusted: 'virus' }),
      acknowledgement: 'notApplicable',
    });
    // Its From was not vouched for, and it left no name or other contact: nobody of record to write to.
    expect(caseItem.petitioner).toEqual({ anonymous: true });
    expect(outboxOf('notify').map((m) => m.body.to).flat()).not.toContain('qunzhong2026@163.example');
  });

  it('registers mail judged spam, keeps its sender, but does not answer it', async () => {
    const record = arrive(EXE_KEY, judged(exeAttachment(), { spam: 'FAIL' }), '2026-01-23T13:40:15.000Z');
    at('2026-01-23T13:40:19.000Z');
    expect(await deliver(record('df7c6d54-9081-42a3-becf-5a6b7c8d9e0f'))).toEqual({ batchItemFailures: [] });
    const caseItem = transactions()[0]!.find((p) => p.Item!.entity === 'case')!.Item!;
    expect(caseItem).toMatchObject({ petitioner: { email: 'qunzhong2026@163.example' }, acknowledgement: 'heldBack', intakeFlags: expect.objectContaining({ spam: true }) });
    expect(outboxOf('notify').map((m) => m.id)).not.toContain('ack:330522111-2026-000001');
  });
});

// ---------------------------------------------------------------------------
// Failures and things that are not mail
// ---------------------------------------------------------------------------

describe('failures and non-mail', () => {
  it('reports a record whose DynamoDB write failed, while the other record of the batch is registered', async () => {
    table.seed({ pk: 'SEQ#330122#2026', sk: 'SEQ', entity: 'sequence', seq: 42 });
    table.failTransaction = (items) =>
      items.some((i) => i.pk === idempotencyKey('mail:2f3c1a9e.1b7e.19b9a3c5d2e.coremail.zhangwei1978@163.example').pk)
        ? new InternalServerError({ message: 'Internal server error', $metadata: { httpStatusCode: 500 } })
        : undefined;
    const wage = arrive(WAGE_KEY, wageArrearsUtf8Base64(), '2026-01-12T01:14:31.000Z');
    const roof = arrive(ROOF_KEY, leakingRoofUtf8Qp(), '2026-01-14T12:41:10.000Z');
    at('2026-01-14T12:41:14.000Z');

    const result = await deliver(wage('c08d7e65-a192-43b4-8fd0-6b7c8d9e0f1a'), roof('d19e8f76-b2a3-44c5-90e1-7c8d9e0f1a2b'));

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'c08d7e65-a192-43b4-8fd0-6b7c8d9e0f1a' }] });
    // The records of a batch are handled side by side: the failed one burnt one of 43 and 44, the roof has the other, and only its messages are queued.
    const roofNumber = ['330122-2026-000043', '330122-2026-000044'].find((n) => table.get(`CASE#${n}`, 'CASE'))!;
    expect(['330122-2026-000043', '330122-2026-000044'].filter((n) => table.get(`CASE#${n}`, 'CASE'))).toEqual([roofNumber]);
    expect(unpacked(table.get(`CASE#${roofNumber}`, 'CASE')!)).toMatchObject({
      petitioner: { anonymous: false, name: '李秀英', email: 'lixiuying1958@qq.example', phone: '13588001234' },
    });
    expect(outboxOf('notify').map((m) => [m.id, m.body.to])).toEqual([
      [`ack:${roofNumber}`, ['lixiuying1958@qq.example']],
      [`handoff:route:${roofNumber}`, ['housing@tonglu.petitions.example']],
    ]);
    expect(outboxOf('notify')[0]!.body.followedBy?.map((letter: NotificationInput) => letter.id)).toEqual([`accepted:${roofNumber}`]);

    const failure = logs.entries().find((e) => e.level === 'ERROR');
    expect(failure).toMatchObject({
      message: 'message failed; it will be retried, then parked in the dead-letter queue',
      messageId: 'c08d7e65-a192-43b4-8fd0-6b7c8d9e0f1a',
      receiveCount: 1,
      reason: 'Internal server error',
    });
    expectNothingPersonalLogged();
  });

  it('spends one acknowledgement of the sender’s day on an email however often its registration is retried', async () => {
    let failures = 3;
    table.failTransaction = () => (failures-- > 0 ? new InternalServerError({ message: 'Internal server error', $metadata: { httpStatusCode: 500 } }) : undefined);
    const wage = arrive(WAGE_KEY, wageArrearsUtf8Base64(), '2026-01-12T01:14:31.000Z');
    at('2026-01-12T01:14:35.000Z');
    for (let receive = 1; receive <= 4; receive++) await deliver(wage('059f36b4-87a3-44ab-83d2-661975830a7d', receive));

    expect(table.all().filter((i) => i.entity === 'case')).toHaveLength(1);
    const allowance = table.all().filter((i) => i.entity === 'allowance');
    // Four of the default five would have left the sender one more acknowledgement today.
    expect(allowance.map((a) => a.used)).toEqual([1]);
    expect(outboxOf('notify').filter((m) => m.id.startsWith('ack:'))).toHaveLength(1);
  });

  it('keeps the number it drew for an email whose registration failed: the retry registers it under that number, no gap in the office’s sequence', async () => {
    let failures = 2;
    table.failTransaction = () => (failures-- > 0 ? new InternalServerError({ message: 'Internal server error', $metadata: { httpStatusCode: 500 } }) : undefined);
    const wage = arrive(WAGE_KEY, wageArrearsUtf8Base64(), '2026-01-12T01:14:31.000Z');
    at('2026-01-12T01:14:35.000Z');
    for (let receive = 1; receive <= 3; receive++) await deliver(wage('059f36b4-87a3-44ab-83d2-661975830a7d', receive));

    expect(table.all().filter((i) => i.entity === 'case').map((i) => i.caseNumber)).toEqual(['330122-2026-000001']);
    expect(outboxOf('notify').filter((m) => m.id.startsWith('ack:')).map((m) => m.id)).toEqual(['ack:330122-2026-000001']);
  });

  it('keeps no number for a registration that succeeds at once: nothing written for it, nothing read before drawing', async () => {
    const wage = arrive(WAGE_KEY, wageArrearsUtf8Base64(), '2026-01-12T01:14:31.000Z');
    at('2026-01-12T01:14:35.000Z');
    await deliver(wage('5f0c6a1e-93b2-4d47-9a63-0f6f3c1d2b11', 1));

    expect(table.all().filter((i) => i.entity === 'case').map((i) => i.caseNumber)).toEqual(['330122-2026-000001']);
    expect(table.all().filter((i) => i.entity === 'numberReservation')).toEqual([]);
    expect(dynamo.commandCalls(GetCommand).filter((c) => String(c.args[0].input.Key?.pk).startsWith('NUMBER#'))).toEqual([]);
  });

  it('ignores S3’s test event and SES’s setup notification object without failing', async () => {
    const setup = (key: string, messageId: string) =>
      sqsRecord({ messageId, queue: 'xinfang-test-intake', body: s3ObjectCreated({ bucket: BUCKET, key, size: 137 }) });

    const result = await deliver(
      sqsRecord({ messageId: 'e2af9087-c3b4-45d6-a1f2-8d9e0f1a2b3c', queue: 'xinfang-test-intake', body: s3TestEvent(BUCKET) }),
      setup('raw/AMAZON_SES_SETUP_NOTIFICATION', 'f3b0a198-d4c5-46e7-b2a3-9e0f1a2b3c4d'),
      setup(`raw/${TONGLU}/AMAZON_SES_SETUP_NOTIFICATION`, '04c1b2a9-e5d6-47f8-83b4-0f1a2b3c4d5e'),
    );

    expect(result).toEqual({ batchItemFailures: [] });
    expect(s3.calls()).toHaveLength(0);
    expect(dynamo.calls()).toHaveLength(0);
    expect(sqs.calls()).toHaveLength(0);
    const handled = logs.entries().filter((e) => e.message === 'message handled');
    expect(handled.map((e) => e.messageId)).toEqual([
      'e2af9087-c3b4-45d6-a1f2-8d9e0f1a2b3c',
      'f3b0a198-d4c5-46e7-b2a3-9e0f1a2b3c4d',
      '04c1b2a9-e5d6-47f8-83b4-0f1a2b3c4d5e',
    ]);
    expect(handled[0]).toMatchObject({ outcome: 'ignored', reason: 'S3 test event' });
  });

  it('reports a body that is not JSON, naming the reason in the log but nothing personal from the body', async () => {
    // Someone put a raw email on the queue by hand: its headers name the petitioner.
    const body = Buffer.from(wageArrearsUtf8Base64()).toString('utf8').slice(0, 900);
    expect(body).toContain('zhangwei1978@163.example');

    const result = await deliver(sqsRecord({ messageId: '15d2c3ba-f6e7-4809-94c5-1a2b3c4d5e6f', queue: 'xinfang-test-intake', receiveCount: 5, body }));

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '15d2c3ba-f6e7-4809-94c5-1a2b3c4d5e6f' }] });
    expect(dynamo.calls()).toHaveLength(0);
    expect(sqs.calls()).toHaveLength(0);
    const entries = logs.entries();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      level: 'ERROR',
      service: 'intake',
      message: 'message failed; it will be retried, then parked in the dead-letter queue',
      messageId: '15d2c3ba-f6e7-4809-94c5-1a2b3c4d5e6f',
      receiveCount: 5,
      reason: 'the message body is not JSON',
      issues: [{ path: 'message', message: 'not JSON' }],
    });
    expectNothingPersonalLogged();
  });
});

/** Case 330122-2026-000042 as the table holds it some days after registration: assigned to the county's labour bureau. */
/** The acknowledgement we sent the petitioner of case 42: a reply quoting its Message-ID proves its sender received it. */
const sentAck42 = {
  pk: 'CASE#330122-2026-000042',
  sk: 'MSG#2026-01-12T01:14:40.000Z#ack42',
  entity: 'message',
  caseNumber: '330122-2026-000042',
  id: 'ack:330122-2026-000042',
  direction: 'out',
  at: '2026-01-12T01:14:40.000Z',
  to: ['zhangwei1978@163.example'],
  subject: '【330122-2026-000042】您的信访事项已登记 — 桐庐县信访局',
  text: '您的信访事项已登记。',
  messageIds: ['ack.330122-2026-000042.1@petitions.example'],
  attachments: [],
  kind: 'acknowledgement',
};

const storedCase42 = {
  caseNumber: '330122-2026-000042',
  jurisdiction: '330122',
  receivingOffice: '330122',
  channel: 'email',
  status: 'assigned',
  subject: '关于桐庐县华丰针织有限公司拖欠工人工资的投诉',
  matter: '公司自2025年9月起拖欠我们车间43名工人的工资，到现在已经整整四个月。',
  petitioner: { anonymous: false, name: '张伟', email: 'zhangwei1978@163.example', phone: '13957100000' },
  urgent: false,
  reviewLevel: 0,
  handling: { lead: '330122-hrss', cooperating: [] },
  receivedAt: '2026-01-12T01:14:31.000Z',
  registeredAt: '2026-01-12T01:14:35.000Z',
  registeredBy: 'system:intake',
  deadlines: { acceptance: '2026-01-27T16:00:00.000Z', handling: '2026-03-14T16:00:00.000Z' },
  attachments: [],
  acknowledgement: 'queued',
  version: 4,
  updatedAt: '2026-01-13T02:00:00.000Z',
};
