import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { notificationKey, threadIndexKey } from '../../shared/adapters/dynamodb/keys.js';
import { notificationTag } from '../../shared/app/notification.js';
import { replyTagger } from '../../shared/app/intake/reply-tag.js';
import { threadKey } from '../../shared/domain/messages.js';
import { DEMO_CONFIG, handlerEnv, TEST_NOTIFY_ROUTINE_QUEUE } from '../fixtures/handler-env.js';
import { parseProvinceConfig } from '../../shared/config/province.js';
import { readConfigFile } from '../../shared/config/config-file.js';
import { loadHolidayCalendar } from '../../shared/config/holidays.js';
import { leaderReadingNotice } from '../../shared/app/handoff/notices.js';
import type { Case } from '../../shared/domain/case.js';
import { unpacked } from '../fixtures/stored-items.js';
import { mockClient } from 'aws-sdk-client-mock';
import { ConditionalCheckFailedException, DynamoDBClient, InternalServerError } from '@aws-sdk/client-dynamodb';
import { DynamoCaseStore } from '../../shared/adapters/dynamodb/case-store.js';
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { MessageRejected, SendEmailCommand, SESv2Client, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { ChangeMessageVisibilityCommand, GetQueueUrlCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { simpleParser } from 'mailparser';
import { captureLogs } from '../fixtures/log-capture.js';
import { queueContext, sqsEvent, sqsRecord } from '../fixtures/sqs-event.js';

// The store talks through the document client, so that is what is mocked; SES likewise.
const dynamo = mockClient(DynamoDBDocumentClient);
const ses = mockClient(SESv2Client);
const sqs = mockClient(SQSClient);
const NOTIFY_QUEUE_URL = 'https://sqs.ap-east-1.amazonaws.com/123456789012/xinfang-test-notify';

const TABLE = 'xinfang-test-cases';
const ENV = handlerEnv('INFO');
/** The mac half of a notification's Message-ID, as the mailer makes it with the stage's key. */
const replyMac = (notificationId: string) => replyTagger(ENV.REPLY_TAG_KEY!).messageIdPart(notificationId).split('.')[1];

type Handler = (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse>;
let handler: Handler;

beforeAll(async () => {
  for (const [k, v] of Object.entries(ENV)) vi.stubEnv(k, v);
  handler = (await import('../../functions/mailer/handler.js')).handler;
});

/** The acknowledgement the intake queued for case 330122-2026-000043 (see intake.test.ts). */
const ACK_TEXT = `张伟：

您好！您于2026年1月12日 09:14发送至桐庐县信访局的来信（主题：关于桐庐县华丰针织有限公司拖欠工人工资的投诉）已收到并登记，登记编号为 330122-2026-000043。

依照《信访工作条例》，我们将在2026年1月27日前决定是否受理并书面告知您；受理后，一般在60日内办结（情况复杂的，经批准可以延长，并告知您理由）。

如需补充材料，请直接回复本邮件，并保留主题中的登记编号，补充的材料将归入同一事项。

本邮件由系统自动发送。
桐庐县信访局
`;
const PETITION_MESSAGE_ID = '2f3c1a9e.1b7e.19b9a3c5d2e.Coremail.zhangwei1978@163.example';
const ack = {
  id: 'ack:330122-2026-000043',
  kind: 'acknowledgement',
  caseNumber: '330122-2026-000043',
  to: ['zhangwei1978@163.example'],
  fromName: '桐庐县信访局',
  replyTo: 'xinfang@tonglu.petitions.example',
  subject: '【330122-2026-000043】您的信访事项已登记 — 桐庐县信访局',
  text: ACK_TEXT,
  inReplyTo: PETITION_MESSAGE_ID,
  references: [PETITION_MESSAGE_ID],
  autoSubmitted: 'auto-replied',
};
const SES_MESSAGE_ID = '0100019bb0c4d5e6-7f8a9b0c-1d2e-4f3a-8b5c-7d8e9f0a1b2c-000000';

const notifyRecord = (messageId: string, body: unknown, receiveCount = 1) =>
  sqsRecord({
    messageId,
    queue: 'xinfang-test-notify',
    receiveCount,
    body: JSON.stringify(body),
    attributes: { messageId: (body as { id?: string }).id ?? '' },
  });
/** The items of a batch write to the case table, in order. */
const putsOf = (call: { args: [BatchWriteCommand, ...unknown[]] }) =>
  (call.args[0].input.RequestItems![TABLE] ?? []).map((request) => ({ Item: unpacked(request.PutRequest!.Item! as Record<string, unknown>) }));

const deliver = (...records: ReturnType<typeof sqsRecord>[]) => handler(sqsEvent(...records), queueContext('xinfang-test-mailer'));
const at = (iso: string) => vi.setSystemTime(new Date(iso));

/** Notification claims as the table keeps them (NOTE#<id>), with the claim's condition evaluated. */
let notes: Map<string, Record<string, any>>;
/** Case items removed (retention): a letter sent afterwards is not kept on them. */
const removedCases = new Set<string>();
/** A batch of plain puts: the record of a letter sent replaces its claim. */
const keepBatch = (input: { RequestItems: Record<string, { PutRequest?: { Item: Record<string, any> } }[]> }) => {
  for (const request of input.RequestItems[TABLE] ?? []) {
    const item = request.PutRequest?.Item;
    if (item && String(item.pk).startsWith('NOTE#')) notes.set(item.pk, { ...item });
  }
  return {};
};

beforeEach(() => {
  dynamo.reset();
  ses.reset();
  sqs.reset();
  sqs.on(GetQueueUrlCommand).resolves({ QueueUrl: NOTIFY_QUEUE_URL });
  notes = new Map();
  removedCases.clear();
  dynamo.on(PutCommand).callsFake((input) => {
    const item = input.Item!;
    if (!String(item.pk).startsWith('NOTE#')) throw new Error(`unexpected put of ${item.pk}`);
    if (!input.ConditionExpression) {
      // The record of a letter sent: it replaces the claim.
      notes.set(item.pk, { ...item });
      return {};
    }
    const existing = notes.get(item.pk);
    const values = input.ExpressionAttributeValues!;
    const free = (!existing || (existing.status === values[':sending'] && existing.claimedAt < values[':staleBefore'])) && existing?.voidedAt === undefined;
    if (!free) throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    notes.set(item.pk, { ...item });
    return {};
  });
  // The cases the letters belong to stand, unless a test removed one (`removedCases`).
  dynamo.on(GetCommand).callsFake((input) => ({ Item: String(input.Key!.pk).startsWith('CASE#') ? (removedCases.has(input.Key!.pk) ? undefined : { pk: input.Key!.pk }) : notes.get(input.Key!.pk) }));
  dynamo.on(BatchWriteCommand).callsFake(keepBatch);
  ses.on(SendEmailCommand).resolves({ MessageId: SES_MESSAGE_ID });
  logs = captureLogs();
  vi.useFakeTimers({ toFake: ['Date'] });
});

let logs: ReturnType<typeof captureLogs>;
afterEach(() => {
  logs.restore();
  vi.useRealTimers();
});

describe('sending a notification', () => {
  it('claims it, composes it, sends it once, marks it sent and keeps it on the case with its thread keys', async () => {
    at('2026-01-12T01:14:40.000Z');

    const result = await deliver(notifyRecord('2a7d9c10-3b4e-4f5a-8c6d-7e8f9a0b1c2d', ack));

    expect(result).toEqual({ batchItemFailures: [] });

    const [claim, ...otherPuts] = dynamo.commandCalls(PutCommand);
    expect(otherPuts).toEqual([]);
    expect([claim!.args[0].input]).toEqual([
      {
        TableName: TABLE,
        Item: {
          pk: notificationKey('ack:330122-2026-000043').pk,
          sk: 'NOTE',
          entity: 'notification',
          status: 'sending',
          claimedAt: '2026-01-12T01:14:40.000Z',
          // Kept 30 days, then expired by TTL.
          expiresAt: 1_770_772_480,
        },
        ConditionExpression: '(attribute_not_exists(pk) OR (#status = :sending AND claimedAt < :staleBefore)) AND attribute_not_exists(voidedAt)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sending': 'sending', ':staleBefore': '2026-01-12T01:13:40.000Z' },
      },
    ]);

    const sends = ses.commandCalls(SendEmailCommand);
    expect(sends).toHaveLength(1);
    const input = sends[0]!.args[0].input;
    expect(input.FromEmailAddress).toBe('noreply@petitions.example');
    expect(input.Destination).toEqual({ ToAddresses: ['zhangwei1978@163.example'] });
    // SES's Send event carries the tag back, so a send whose worker died is still recognised as sent.
    expect(input.EmailTags).toEqual([{ Name: 'notification', Value: notificationTag('ack:330122-2026-000043') }]);
    const raw = Buffer.from(input.Content!.Raw!.Data!);
    // The message on the wire is 7-bit: the Chinese subject and name travel as RFC 2047 encoded words.
    expect([...raw].every((b) => b < 0x80)).toBe(true);
    const headerBlock = raw.toString('latin1').split('\r\n\r\n')[0]!;
    expect(headerBlock).toMatch(/^Subject: =\?UTF-8\?B\?/m);
    expect(headerBlock).toMatch(/^Auto-Submitted: auto-replied\r?$/m);
    expect(headerBlock).toMatch(/^X-Case-Number: 330122-2026-000043\r?$/m);

    const mail = await simpleParser(raw);
    expect(mail.subject).toBe('【330122-2026-000043】您的信访事项已登记 — 桐庐县信访局');
    expect(mail.from?.value).toEqual([{ address: 'noreply@petitions.example', name: '桐庐县信访局' }]);
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value.map((a) => a.address) : []).toEqual(['zhangwei1978@163.example']);
    // Replies go to the case's tagged office address: a reply there proves its sender received this mail.
    expect(mail.replyTo?.value.map((a) => a.address)).toEqual([expect.stringMatching(/^xinfang\+330122-2026-000043\.[0-9a-f]{20}@tonglu\.petitions\.example$/)]);
    expect(mail.headers.get('auto-submitted')).toBe('auto-replied');
    expect(mail.headers.get('x-auto-response-suppress')).toBe('All');
    expect(mail.headers.get('x-case-number')).toBe('330122-2026-000043');
    expect(mail.inReplyTo).toBe(`<${PETITION_MESSAGE_ID}>`);
    expect(mail.references).toBe(`<${PETITION_MESSAGE_ID}>`);
    expect(mail.text?.replace(/\r\n/g, '\n').trim()).toBe(ACK_TEXT.trim());
    // One Message-ID per letter, whichever attempt sends it: the notification's tag, in hex, and a mac only we can make.
    expect(mail.messageId).toBe(`<${Buffer.from(notificationTag('ack:330122-2026-000043'), 'base64url').toString('hex')}.${replyMac('ack:330122-2026-000043')}@petitions.example>`);
    const ourMessageId = mail.messageId!.slice(1, -1);

    // Claimed before sending; after it, marked sent and kept on the case in one call: a batch of plain
    // puts (no transaction: nothing in it can conflict, and a transaction bills every item twice).
    const writes = dynamo.commandCalls(BatchWriteCommand);
    expect(writes).toHaveLength(1);
    expect(claim!.calledBefore(sends[0]!)).toBe(true);
    expect(sends[0]!.calledBefore(writes[0]!)).toBe(true);
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
    const [recorded, message, sesThread, ...more] = putsOf(writes[0]!);
    // The record names the case and stays (no expiry): it is the thread entry of our own Message-ID.
    expect(recorded!.Item).toEqual({
      pk: notificationKey('ack:330122-2026-000043').pk,
      sk: 'NOTE',
      entity: 'notification',
      status: 'sent',
      sentAt: '2026-01-12T01:14:40.000Z',
      providerMessageId: SES_MESSAGE_ID,
      messageId: ourMessageId,
      caseNumber: '330122-2026-000043',
    });
    expect(message!.Item).toMatchObject({
      pk: 'CASE#330122-2026-000043',
      entity: 'message',
      caseNumber: '330122-2026-000043',
      id: 'ack:330122-2026-000043',
      direction: 'out',
      kind: 'acknowledgement',
      at: '2026-01-12T01:14:40.000Z',
      from: 'noreply@petitions.example',
      to: ['zhangwei1978@163.example'],
      subject: '【330122-2026-000043】您的信访事项已登记 — 桐庐县信访局',
      text: ACK_TEXT,
      messageIds: [ourMessageId, `${SES_MESSAGE_ID}@email.amazonses.com`],
      attachments: [],
    });
    expect(message!.Item!.sk).toMatch(/^MSG#2026-01-12T01:14:40\.000Z#[A-Za-z0-9_-]{16}$/);
    // The petitioner's reply quotes our Message-ID, or the one SES substituted: both lead to the case,
    // ours through the record, SES's through a thread entry.
    expect(sesThread).toMatchObject({
      Item: { pk: threadIndexKey(`ses:${SES_MESSAGE_ID}`).pk, sk: 'THREAD', entity: 'thread', caseNumber: '330122-2026-000043' },
    });
    expect(more).toEqual([]);
    const store = new DynamoCaseStore(new DynamoDBClient({ region: 'ap-east-1', endpoint: 'http://127.0.0.1:9' }), TABLE);
    expect(await store.findCaseByThreadKey(threadKey(`<${ourMessageId}>`))).toBe('330122-2026-000043');

    expect(logs.entries().find((e) => e.message === 'message handled')).toMatchObject({
      notification: 'ack:330122-2026-000043',
      kind: 'acknowledgement',
      caseNumber: '330122-2026-000043',
      outcome: 'sent',
    });
    expect(logs.text()).not.toContain('zhangwei1978');
    expect(logs.text()).not.toContain('张伟');
  });

  it('does not send again when the same notification is delivered a second time', async () => {
    at('2026-01-12T01:14:40.000Z');
    await deliver(notifyRecord('2a7d9c10-3b4e-4f5a-8c6d-7e8f9a0b1c2d', ack));
    expect(notes.get(notificationKey('ack:330122-2026-000043').pk)).toMatchObject({ status: 'sent', providerMessageId: SES_MESSAGE_ID });

    // The intake re-published it after a redelivery of the email: a new SQS message, the same id.
    at('2026-01-12T01:17:45.000Z');
    const result = await deliver(notifyRecord('3b8eac21-4c5f-4a6b-9d7e-8f9a0b1c2d3e', ack));

    expect(result).toEqual({ batchItemFailures: [] });
    // The claim, then the second claim (refused: sent); the record went with the mail kept on the case.
    expect(dynamo.commandCalls(PutCommand).map((c) => c.args[0].input.Item!.status)).toEqual(['sending', 'sending']);
    expect(dynamo.commandCalls(GetCommand).map((c) => c.args[0].input).filter((input) => String(input.Key!.pk).startsWith('NOTE#'))).toEqual([
      { TableName: TABLE, Key: { pk: notificationKey('ack:330122-2026-000043').pk, sk: 'NOTE' }, ConsistentRead: true },
    ]);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    // Keeping it on the case is repeated (the first attempt may have stopped before it) and writes the same items.
    const keeps = dynamo.commandCalls(BatchWriteCommand).map((c) => c.args[0].input);
    expect(keeps).toHaveLength(2);
    expect(keeps[1]).toEqual(keeps[0]);
    expect(logs.entries().filter((e) => e.message === 'message handled').map((e) => e.outcome)).toEqual(['sent', 'alreadySent']);
  });

  it('sends a leader the 呈领导阅批 letter once, however often the outbox delivers it', async () => {
    const province = parseProvinceConfig(readConfigFile(DEMO_CONFIG), 'test', loadHolidayCalendar(new URL('../../config/holidays', import.meta.url).pathname));
    const reading = { seq: 5, leader: 'tonglu-leader-principal', opinion: '拟转县生态环境局牵头核查，请领导阅示。', submittedBy: 'tonglu-office', submittedAt: '2026-12-07T02:00:00.000Z', status: 'waiting' as const };
    const submitted: Case = {
      caseNumber: '330122-2026-000057', jurisdiction: '330122', receivingOffice: '330122', channel: 'letter', status: 'inProgress', subject: '化工厂夜间偷排废水',
      matter: '反映城南化工厂夜间向富春江偷排废水。', petitioner: { anonymous: false, name: '王建华', phone: '13900002222' }, urgent: false, reviewLevel: 0,
      receivedAt: '2026-12-01T01:15:00.000Z', registeredAt: '2026-12-01T01:20:00.000Z', registeredBy: 'tonglu-registrar', deadlines: {}, attachments: [], version: 5,
      updatedAt: '2026-12-07T02:00:00.000Z', leaderReadings: [reading],
    };
    const letter = leaderReadingNotice(province, submitted, reading)!;
    at('2026-12-07T02:00:05.000Z');
    await deliver(notifyRecord('5d0f2b31-6e7a-4b8c-9d0e-1f2a3b4c5d6e', letter));
    // The dispatcher moved the same outbox item again (a redelivery of the stream record): a new SQS message, the same id.
    at('2026-12-07T02:00:40.000Z');
    expect(await deliver(notifyRecord('6e1a3c42-7f8b-4c9d-8e1f-2a3b4c5d6e7f', letter))).toEqual({ batchItemFailures: [] });
    const sent = ses.commandCalls(SendEmailCommand);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.args[0].input.Destination?.ToAddresses).toEqual(['fang.jianhua@tonglu.petitions.example']);
  });

  it('keeps the sent mail on its case when recording it failed the first time, without sending it again', async () => {
    dynamo.on(BatchWriteCommand).rejectsOnce(new InternalServerError({ message: 'Internal server error', $metadata: { httpStatusCode: 500 } })).callsFake(keepBatch);
    at('2026-01-12T01:14:40.000Z');

    const first = await deliver(notifyRecord('8ad3f176-91ae-4fb0-82c3-3e4f5a6b7c8d', ack));
    expect(first).toEqual({ batchItemFailures: [{ itemIdentifier: '8ad3f176-91ae-4fb0-82c3-3e4f5a6b7c8d' }] });
    const sent = await simpleParser(Buffer.from(ses.commandCalls(SendEmailCommand)[0]!.args[0].input.Content!.Raw!.Data!));
    const ourMessageId = sent.messageId!.slice(1, -1);

    // The queue delivers the message again after its visibility timeout.
    at('2026-01-12T01:16:45.000Z');
    const second = await deliver(notifyRecord('8ad3f176-91ae-4fb0-82c3-3e4f5a6b7c8d', ack, 2));

    expect(second).toEqual({ batchItemFailures: [] });
    // The failed batch's record was put again alone: the retry found the letter sent.
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    expect(dynamo.commandCalls(PutCommand).map((c) => c.args[0].input.Item!.status)).toEqual(['sending', 'sent', 'sending']);
    // The mail the petitioner received is on the case, and a reply to it finds the case by either Message-ID.
    const writes = dynamo.commandCalls(BatchWriteCommand);
    expect(writes).toHaveLength(2);
    const keys = putsOf(writes[1]!).map((put) => put.Item.pk);
    expect(keys).toEqual([notificationKey('ack:330122-2026-000043').pk, 'CASE#330122-2026-000043', threadIndexKey(`ses:${SES_MESSAGE_ID}`).pk]);
    expect(notes.get(notificationKey('ack:330122-2026-000043').pk)).toMatchObject({ status: 'sent', messageId: ourMessageId, caseNumber: '330122-2026-000043' });
  });

  it('writes again what DynamoDB left unprocessed of keeping the mail on its case, and only that', async () => {
    let first = true;
    dynamo.on(BatchWriteCommand).callsFake((input: { RequestItems: Record<string, unknown[]> }) => {
      if (!first) return {};
      first = false;
      // Throttled: the thread entry was not written.
      return { UnprocessedItems: { [TABLE]: input.RequestItems[TABLE]!.slice(2) } };
    });
    at('2026-01-12T01:14:40.000Z');

    const result = await deliver(notifyRecord('9be4a287-0c1d-4e2f-a3b4-5c6d7e8f9a0b', ack));

    expect(result).toEqual({ batchItemFailures: [] });
    const writes = dynamo.commandCalls(BatchWriteCommand);
    expect(writes).toHaveLength(2);
    expect(putsOf(writes[0]!).map((put) => put.Item.entity)).toEqual(['notification', 'message', 'thread']);
    expect(putsOf(writes[1]!).map((put) => put.Item.entity)).toEqual(['thread']);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });

  it('keeps nothing under a case removed at the end of its retention while its letter waited: the record alone, expiring', async () => {
    removedCases.add('CASE#330122-2026-000043');
    at('2026-01-12T01:14:40.000Z');

    const result = await deliver(notifyRecord('6e1bd054-7f8c-4d9e-8a0b-1c2d3e4f5a6b', ack));

    expect(result).toEqual({ batchItemFailures: [] });
    expect(dynamo.commandCalls(BatchWriteCommand)).toHaveLength(0);
    const record = notes.get(notificationKey('ack:330122-2026-000043').pk)!;
    expect(record).toMatchObject({ status: 'sent', expiresAt: expect.any(Number) });
    expect(record).not.toHaveProperty('caseNumber');
  });

  it('does not send a letter whose decision was withdrawn while it waited (a DLQ redrive days later), and drops the message', async () => {
    // 撤销原决定 marked the 不予受理 letter void; the record has no status: it was never claimed.
    const id = 'declined:330122-2026-000043:3';
    notes.set(notificationKey(id).pk, { pk: notificationKey(id).pk, sk: 'NOTE', entity: 'notification', voidedAt: '2026-01-14T02:00:00.000Z' });
    at('2026-01-16T02:00:00.000Z');

    const result = await deliver(notifyRecord('5d0acf43-6e7b-4c8d-9f9a-0b1c2d3e4f5a', { ...ack, id, kind: 'notice' }));

    expect(result).toEqual({ batchItemFailures: [] });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(BatchWriteCommand)).toHaveLength(0);
    expect(logs.entries().filter((e) => e.message === 'message handled').map((e) => e.outcome)).toEqual(['void']);
  });

  it('leaves a notification another worker claimed moments ago to be retried, without sending', async () => {
    notes.set(notificationKey('ack:330122-2026-000043').pk, { pk: notificationKey('ack:330122-2026-000043').pk, sk: 'NOTE', entity: 'notification', status: 'sending', claimedAt: '2026-01-12T01:14:30.000Z' });
    at('2026-01-12T01:14:40.000Z');

    const result = await deliver(notifyRecord('4c9fbd32-5d6a-4b7c-8e8f-9a0b1c2d3e4f', ack, 2));

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '4c9fbd32-5d6a-4b7c-8e8f-9a0b1c2d3e4f' }] });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(BatchWriteCommand)).toHaveLength(0);
    expect(logs.entries().find((e) => e.level === 'WARN')).toMatchObject({
      messageId: '4c9fbd32-5d6a-4b7c-8e8f-9a0b1c2d3e4f',
      receiveCount: 2,
      reason: 'notification ack:330122-2026-000043 is being sent by another worker',
      retryAfterSeconds: 51,
    });
  });

  it('shows a busy notification again once the claim would be taken over (a worker that died), not a whole visibility timeout later', async () => {
    notes.set(notificationKey('ack:330122-2026-000043').pk, { pk: notificationKey('ack:330122-2026-000043').pk, sk: 'NOTE', entity: 'notification', status: 'sending', claimedAt: '2026-01-12T01:14:30.000Z' });
    at('2026-01-12T01:14:40.000Z');

    await deliver(notifyRecord('4c9fbd32-5d6a-4b7c-8e8f-9a0b1c2d3e4f', ack, 2));
    await deliver(notifyRecord('9e0f1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b', ack, 2));

    // Claimed at 01:14:30, taken over after a minute: shown again at 01:15:31, 51 s on.
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand).map((c) => c.args[0].input)).toEqual([
      { QueueUrl: NOTIFY_QUEUE_URL, ReceiptHandle: expect.any(String), VisibilityTimeout: 51 },
      { QueueUrl: NOTIFY_QUEUE_URL, ReceiptHandle: expect.any(String), VisibilityTimeout: 51 },
    ]);
  });

  it('still leaves a busy notification for later when SQS cannot postpone it (it comes back after its visibility timeout)', async () => {
    notes.set(notificationKey('ack:330122-2026-000043').pk, { pk: notificationKey('ack:330122-2026-000043').pk, sk: 'NOTE', entity: 'notification', status: 'sending', claimedAt: '2026-01-12T01:14:30.000Z' });
    sqs.on(ChangeMessageVisibilityCommand).rejects(new Error('Throttled'));
    at('2026-01-12T01:14:40.000Z');

    const result = await deliver(notifyRecord('4c9fbd32-5d6a-4b7c-8e8f-9a0b1c2d3e4f', ack, 2));

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '4c9fbd32-5d6a-4b7c-8e8f-9a0b1c2d3e4f' }] });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    expect(logs.entries().filter((e) => e.level === 'WARN').map((e) => e.message)).toEqual([
      'could not postpone the message; it comes back after its visibility timeout',
      'message put back to retry later',
    ]);
  });

  it('takes over a claim left by a worker that died (older than a minute) and sends', async () => {
    notes.set(notificationKey('ack:330122-2026-000043').pk, { pk: notificationKey('ack:330122-2026-000043').pk, sk: 'NOTE', entity: 'notification', status: 'sending', claimedAt: '2026-01-12T01:12:00.000Z' });
    at('2026-01-12T01:14:40.000Z');

    const result = await deliver(notifyRecord('5da0ce43-6e7b-4c8d-9f90-0b1c2d3e4f5a', ack, 2));

    expect(result).toEqual({ batchItemFailures: [] });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    expect(dynamo.commandCalls(PutCommand)[0]!.args[0].input.Item).toMatchObject({ status: 'sending', claimedAt: '2026-01-12T01:14:40.000Z' });
    expect(notes.get(notificationKey('ack:330122-2026-000043').pk)).toMatchObject({ status: 'sent', providerMessageId: SES_MESSAGE_ID });
  });

  it('does not send again after a worker died between SES accepting the letter and recording it: the Send event marked it sent', async () => {
    const key = notificationKey('ack:330122-2026-000043').pk;
    // The worker claimed and sent, then died: its claim is still open.
    notes.set(key, { pk: key, sk: 'NOTE', entity: 'notification', status: 'sending', claimedAt: '2026-01-12T01:12:00.000Z' });
    // SES's Send event, as the feedback function records it (see feedback.test.ts).
    notes.set(key, { ...notes.get(key), status: 'sent', sentAt: '2026-01-12T01:12:01.000Z', providerMessageId: SES_MESSAGE_ID });
    at('2026-01-12T01:14:40.000Z');

    const result = await deliver(notifyRecord('7fc2e065-8a9d-4eaf-b1b2-2d3e4f5a6b7c', ack, 2));

    expect(result).toEqual({ batchItemFailures: [] });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    // It is kept on the case under the Message-IDs it was sent with, so the petitioner's reply still finds the case.
    const keys = putsOf(dynamo.commandCalls(BatchWriteCommand)[0]!).map((put) => put.Item.pk);
    expect(keys).toEqual([key, 'CASE#330122-2026-000043', threadIndexKey(`ses:${SES_MESSAGE_ID}`).pk]);
    expect(notes.get(key)).toMatchObject({ status: 'sent', sentAt: '2026-01-12T01:12:01.000Z', caseNumber: '330122-2026-000043' });
  });

  it('gives a letter back to its queue unsent when the invocation is too near its end to start a send, and sends it once when it comes back', async () => {
    at('2026-01-12T01:12:39.000Z');
    // 10 s left: a send started now could be cut off by the timeout between SES and the record of it.
    const nearTheEnd = { ...queueContext('xinfang-test-mailer'), getRemainingTimeInMillis: () => 10_000 };
    const result = await handler(sqsEvent(notifyRecord('8c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f', ack)), nearTheEnd);

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '8c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f' }] });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    expect(logs.entries().find((e) => e.level === 'WARN')).toMatchObject({ messageId: '8c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f', reason: expect.stringContaining('goes back to its queue unsent') });
    expect(logs.entries().filter((e) => e.level === 'ERROR')).toEqual([]);

    // The queue shows it again after its visibility timeout (120 s), when the claim it left is stale.
    at('2026-01-12T01:14:40.000Z');
    const again = await deliver(notifyRecord('8c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f', ack, 2));

    expect(again).toEqual({ batchItemFailures: [] });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    expect(notes.get(notificationKey('ack:330122-2026-000043').pk)).toMatchObject({ status: 'sent', providerMessageId: SES_MESSAGE_ID });
  });

  describe('a letter that must follow the acknowledgement (an email petition accepted at registration)', () => {
    const acceptance = {
      id: 'accepted:330122-2026-000043',
      kind: 'notice',
      caseNumber: '330122-2026-000043',
      to: ['zhangwei1978@163.example'],
      fromName: '桐庐县信访局',
      replyTo: 'xinfang@tonglu.petitions.example',
      subject: '【330122-2026-000043】信访事项受理告知 — 桐庐县信访局',
      text: '张伟：\n\n您反映的信访事项（登记编号 330122-2026-000043）经审查，桐庐县信访局决定予以受理。\n',
      references: [],
    };
    const ackThenAcceptance = { ...ack, followedBy: [acceptance] };
    const routineRecord = (messageId: string, body: unknown) => sqsRecord({ messageId, queue: 'xinfang-test-notify-routine', body: JSON.stringify(body), attributes: { messageId: (body as { id: string }).id } });
    /** What reached the petitioner and the queues, in the order it happened. */
    let happened: string[];
    beforeEach(() => {
      happened = [];
      ses.on(SendEmailCommand).callsFake(async (input) => {
        const mail = await simpleParser(Buffer.from(input.Content!.Raw!.Data!));
        happened.push(`sent ${mail.subject}`);
        return { MessageId: SES_MESSAGE_ID };
      });
      sqs.on(SendMessageBatchCommand).callsFake((input) => {
        happened.push(...input.Entries!.map((e: { MessageBody: string }) => `queued ${input.QueueUrl === TEST_NOTIFY_ROUTINE_QUEUE ? 'routine' : input.QueueUrl} ${JSON.parse(e.MessageBody).id}`));
        return { Successful: input.Entries!.map((e: { Id: string }) => ({ Id: e.Id, MessageId: e.Id, MD5OfMessageBody: '' })), Failed: [] };
      });
    });

    it('is queued on the routine lane only once the acknowledgement is sent, and each letter reaches the petitioner once however often either is delivered', async () => {
      at('2026-01-12T01:14:40.000Z');
      expect(await deliver(notifyRecord('2a7d9c10-3b4e-4f5a-8c6d-7e8f9a0b1c2d', ackThenAcceptance))).toEqual({ batchItemFailures: [] });
      expect(happened).toEqual(['sent 【330122-2026-000043】您的信访事项已登记 — 桐庐县信访局', 'queued routine accepted:330122-2026-000043']);
      const queued = JSON.parse(sqs.commandCalls(SendMessageBatchCommand)[0]!.args[0].input.Entries![0]!.MessageBody!);
      expect(queued).toEqual({ ...acceptance });

      // The acknowledgement delivered again (a worker that died before SQS heard it was done): not sent again; its follower
      // queued again, in case the first worker died before queueing it.
      at('2026-01-12T01:16:45.000Z');
      await deliver(notifyRecord('3b8eac21-4c5f-4a6b-9d7e-8f9a0b1c2d3e', ackThenAcceptance));
      // The routine lane then delivers both copies of the 受理告知: sent once.
      at('2026-01-12T01:17:10.000Z');
      await deliver(routineRecord('4c9fbd32-5d6a-4b7c-8e9f-9a0b1c2d3e4f', queued));
      await deliver(routineRecord('5dae0e43-6e7b-4c8d-9fa0-0b1c2d3e4f5a', queued));

      expect(happened).toEqual([
        'sent 【330122-2026-000043】您的信访事项已登记 — 桐庐县信访局',
        'queued routine accepted:330122-2026-000043',
        'queued routine accepted:330122-2026-000043',
        'sent 【330122-2026-000043】信访事项受理告知 — 桐庐县信访局',
      ]);
      expect(logs.entries().filter((e) => e.message === 'message handled').map((e) => e.outcome)).toEqual(['sent', 'alreadySent', 'sent', 'alreadySent']);
    });

    it('is not queued while the acknowledgement could not be sent (SES throttled it): it waits with it', async () => {
      ses.on(SendEmailCommand).rejects(new TooManyRequestsException({ message: 'Maximum sending rate exceeded.', $metadata: { httpStatusCode: 429 } }));
      at('2026-01-12T01:14:40.000Z');
      const result = await deliver(notifyRecord('6eb1df54-7f8c-4d9e-a0a1-1c2d3e4f5a6b', ackThenAcceptance));
      expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '6eb1df54-7f8c-4d9e-a0a1-1c2d3e4f5a6b' }] });
      expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
    });

    it('is released on its own lane when the acknowledgement fails its last try before the dead-letter queue: the 受理告知 is not parked with a letter that may never go', async () => {
      // Refused for what it says (a provider's content filter, say): tried again it fails again, and a redrive does too.
      ses.on(SendEmailCommand).rejects(new MessageRejected({ message: 'Email rejected per DMARC policy', $metadata: { httpStatusCode: 400 } }));
      at('2026-01-12T01:14:40.000Z');
      // Not before the last try: it still waits for the acknowledgement.
      await deliver(notifyRecord('7fc2e065-8a9d-4eaf-b1b2-2d3e4f5a6b7c', ackThenAcceptance, 7));
      expect(happened).toEqual([]);

      at('2026-01-12T01:17:40.000Z');
      const result = await deliver(notifyRecord('7fc2e065-8a9d-4eaf-b1b2-2d3e4f5a6b7c', ackThenAcceptance, 8));

      // The acknowledgement is parked (a redrive tries it again); its letter goes on to the routine lane, sent there once.
      expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '7fc2e065-8a9d-4eaf-b1b2-2d3e4f5a6b7c' }] });
      expect(happened).toEqual(['queued routine accepted:330122-2026-000043']);
      expect(logs.entries().at(-1)).toMatchObject({ level: 'ERROR', message: 'message failed; it will be retried, then parked in the dead-letter queue', reason: 'Email rejected per DMARC policy' });
    });
  });

  it('reports SES throttling as a batch item failure and marks nothing sent', async () => {
    ses.on(SendEmailCommand).rejects(new TooManyRequestsException({ message: 'Maximum sending rate exceeded.', $metadata: { httpStatusCode: 429 } }));
    at('2026-01-12T01:14:40.000Z');

    const result = await deliver(notifyRecord('6eb1df54-7f8c-4d9e-a0a1-1c2d3e4f5a6b', ack));

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '6eb1df54-7f8c-4d9e-a0a1-1c2d3e4f5a6b' }] });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    expect(dynamo.commandCalls(BatchWriteCommand)).toHaveLength(0);
    expect(notes.get(notificationKey('ack:330122-2026-000043').pk)).toMatchObject({ status: 'sending' });
    expect(logs.entries().find((e) => e.level === 'ERROR')).toMatchObject({
      messageId: '6eb1df54-7f8c-4d9e-a0a1-1c2d3e4f5a6b',
      reason: 'Maximum sending rate exceeded.',
    });
  });

  it('logs a refused send without the petitioner’s address that SES quotes back: what failed and why, for the operator, no personal data', async () => {
    // SES names the recipients it refused (sandbox, suppression list): the address would reach CloudWatch with the error.
    ses.on(SendEmailCommand).rejects(
      new MessageRejected({
        message: 'Email address is not verified. The following identities failed the check in region CN-NORTHWEST-1: zhangwei1978@163.example',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    at('2026-01-12T01:14:40.000Z');

    const result = await deliver(notifyRecord('6eb1df54-7f8c-4d9e-a0a1-1c2d3e4f5a6b', ack));

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '6eb1df54-7f8c-4d9e-a0a1-1c2d3e4f5a6b' }] });
    expect(logs.text()).not.toContain('zhangwei1978');
    expect(logs.entries().find((e) => e.level === 'ERROR')).toMatchObject({
      messageId: '6eb1df54-7f8c-4d9e-a0a1-1c2d3e4f5a6b',
      reason: 'Email address is not verified. The following identities failed the check in region CN-NORTHWEST-1: [address]',
      error: { name: 'MessageRejected', httpStatusCode: 400 },
    });
  });

  it('refuses a notification without recipients, naming the field in the log', async () => {
    const { to: _to, ...withoutRecipients } = ack;
    at('2026-01-12T01:14:40.000Z');

    const result = await deliver(notifyRecord('7fc2e065-809d-4eaf-b1b2-2d3e4f5a6b7c', withoutRecipients));

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '7fc2e065-809d-4eaf-b1b2-2d3e4f5a6b7c' }] });
    expect(dynamo.calls()).toHaveLength(0);
    expect(ses.calls()).toHaveLength(0);
    const failure = logs.entries().find((e) => e.level === 'ERROR');
    expect(failure).toMatchObject({
      service: 'mailer',
      messageId: '7fc2e065-809d-4eaf-b1b2-2d3e4f5a6b7c',
      reason: 'the message has 1 problem',
      issues: [{ path: 'message.to', message: expect.any(String) }],
    });
    // The rest of the body (the petitioner's name in the letter) is not echoed.
    expect(logs.text()).not.toContain('张伟');
  });
});
