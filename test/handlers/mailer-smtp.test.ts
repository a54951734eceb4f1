import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { readFileSync } from 'node:fs';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { LOCAL_SMTP_CA, startSmtpCapture, type LocalSmtpCapture } from '../../local/servers/smtp-capture.js';
import { SmtpSender } from '../../shared/adapters/smtp/smtp-sender.js';
import { notificationTag } from '../../shared/app/notification.js';
import { replyTagger } from '../../shared/app/intake/reply-tag.js';
import { handlerEnv } from '../fixtures/handler-env.js';
import { unpacked } from '../fixtures/stored-items.js';
import { captureLogs } from '../fixtures/log-capture.js';
import { queueContext, sqsEvent, sqsRecord } from '../fixtures/sqs-event.js';

/*
 * The mailer with MAIL_SENDER=smtp: the account from Secrets Manager (mocked),
 * a real SMTP submission server on 127.0.0.1 (the local capture: STARTTLS,
 * AUTH) receiving what nodemailer sends.
 */

const dynamo = mockClient(DynamoDBDocumentClient);
const secretsManager = mockClient(SecretsManagerClient);
const ses = mockClient(SESv2Client);
const ACCOUNT = { username: 'noreply@petitions.example', password: 'kP3v9sQx2mZ7wR4tY8uN' };

type Handler = (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse>;
let handler: Handler;
let provider: LocalSmtpCapture;
const received: { raw: Buffer; envelope: { from: string; to: string[] } }[] = [];

beforeAll(async () => {
  provider = await startSmtpCapture({
    host: '127.0.0.1',
    port: 0,
    account: ACCOUNT,
    capture: async (raw, envelope) => {
      received.push({ raw, envelope });
      return {} as never;
    },
    deliverReport: async () => undefined,
    onError: (error) => {
      throw error;
    },
  });
  const env = { ...handlerEnv('INFO'), MAIL_SENDER: 'smtp', SMTP_HOST: '127.0.0.1', SMTP_PORT: String(provider.port), SMTP_RATE_PER_SECOND: '5', SMTP_SECRET_ID: 'xinfang-cn/smtp' };
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  secretsManager.on(GetSecretValueCommand, { SecretId: 'xinfang-cn/smtp' }).resolves({ SecretString: JSON.stringify({ ...ACCOUNT, ca: LOCAL_SMTP_CA }) });
  handler = (await import('../../functions/mailer/handler.js')).handler;
});

afterAll(async () => {
  await provider?.close();
});

/** Notification claims as the table keeps them (NOTE#<tag>), with the claim's condition evaluated. */
let notes: Map<string, Record<string, any>>;
/** Case items removed (retention): a letter sent afterwards is not kept on them. */
const removedCases = new Set<string>();
let logs: ReturnType<typeof captureLogs>;

beforeEach(() => {
  dynamo.reset();
  received.length = 0;
  notes = new Map();
  removedCases.clear();
  dynamo.on(PutCommand).callsFake((input) => {
    const item = input.Item!;
    const existing = notes.get(item.pk);
    const values = input.ExpressionAttributeValues ?? {};
    // Unconditional: the record of the letter sent, which replaces the claim.
    if (input.ConditionExpression && existing && !(existing.status === values[':sending'] && existing.claimedAt < values[':staleBefore'])) {
      throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    }
    notes.set(item.pk, { ...item });
    return {};
  });
  // The cases the letters belong to stand, unless a test removed one (`removedCases`).
  dynamo.on(GetCommand).callsFake((input) => ({ Item: String(input.Key!.pk).startsWith('CASE#') ? (removedCases.has(input.Key!.pk) ? undefined : { pk: input.Key!.pk }) : notes.get(input.Key!.pk) }));
  // A batch of plain puts: the record of the letter sent, with its copy on the case.
  dynamo.on(BatchWriteCommand).callsFake((input) => {
    for (const request of Object.values(input.RequestItems ?? {}).flat() as { PutRequest?: { Item?: Record<string, unknown> } }[]) {
      const item = request.PutRequest?.Item;
      if (item && String(item.pk).startsWith('NOTE#')) notes.set(item.pk as string, { ...item });
    }
    return {};
  });
  logs = captureLogs();
});

afterEach(() => logs.restore());

const ack = {
  id: 'ack:330122-2026-000043',
  kind: 'acknowledgement',
  caseNumber: '330122-2026-000043',
  to: ['zhangwei1978@163.example'],
  fromName: '桐庐县信访局',
  replyTo: 'xinfang@tonglu.petitions.example',
  subject: '【330122-2026-000043】您的信访事项已登记 — 桐庐县信访局',
  text: '张伟：\n\n您好！您的来信已收到并登记，登记编号为 330122-2026-000043。\n\n桐庐县信访局\n',
  references: [],
  autoSubmitted: 'auto-replied',
};
const deliver = (messageId: string, receiveCount = 1) =>
  handler(sqsEvent(sqsRecord({ messageId, queue: 'xinfang-test-notify', receiveCount, body: JSON.stringify(ack) })), queueContext('xinfang-test-mailer'));

describe('the mailer over SMTP', () => {
  it('sends the letter as composed (our Message-ID, the envelope from the sending address), once, and files it under that Message-ID only', async () => {
    expect(await deliver('m-1')).toEqual({ batchItemFailures: [] });
    expect(await deliver('m-1', 2)).toEqual({ batchItemFailures: [] });

    expect(received).toHaveLength(1);
    expect(received[0]!.envelope).toEqual({ from: 'noreply@petitions.example', to: ['zhangwei1978@163.example'] });
    const sent = await simpleParser(received[0]!.raw);
    const ourId = `${replyTagger(handlerEnv('INFO').REPLY_TAG_KEY!).messageIdPart('ack:330122-2026-000043')}@petitions.example`;
    expect(ourId).toMatch(new RegExp(`^${Buffer.from(notificationTag('ack:330122-2026-000043'), 'base64url').toString('hex')}\\.[0-9a-f]{20}@`));
    expect(sent.messageId).toBe(`<${ourId}>`);
    expect(sent.subject).toBe(ack.subject);
    expect(sent.headers.get('auto-submitted')).toBe('auto-replied');

    // Marked sent with the provider's queue id; kept on the case with no SES id (SMTP relays keep ours).
    // The record names the case: it is the thread entry of that Message-ID, so the case needs no other.
    const note = [...notes.values()][0]!;
    expect(note).toMatchObject({ status: 'sent', messageId: ourId, caseNumber: '330122-2026-000043', providerMessageId: expect.stringMatching(/^[0-9A-F]{12}$/) });
    const filed = Object.values(dynamo.commandCalls(BatchWriteCommand)[0]!.args[0].input.RequestItems!)[0]!.map((request) => unpacked(request.PutRequest!.Item!));
    expect(filed.find((i) => i.entity === 'message')).toMatchObject({ messageIds: [ourId] });
    expect(filed.filter((i) => i.entity === 'thread')).toHaveLength(0);
    expect(ses.calls()).toHaveLength(0);
  });

  it('reads the account once per container, not per message', async () => {
    await deliver('m-2');
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });
});

describe('a recipient the SMTP server refuses', () => {
  it('fails the send with the reply code, and the error the mailer logs names no address (nodemailer keeps the refused ones on it)', async () => {
    const refusing = new SMTPServer({
      key: readFileSync(new URL('../../local/servers/tls/localhost-key.pem', import.meta.url), 'utf8'),
      cert: LOCAL_SMTP_CA,
      logger: false,
      onAuth: (_auth, _session, done) => done(null, { user: ACCOUNT.username }),
      onRcptTo: (address, _session, done) =>
        done(Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected: User unknown in virtual mailbox table`), { responseCode: 550 })),
    });
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', () => resolve()));
    const port = (refusing.server.address() as { port: number }).port;
    const sender = SmtpSender.fromSecret({ ...ACCOUNT, ca: LOCAL_SMTP_CA }, { host: '127.0.0.1', port, ratePerSecond: 5, maxConnections: 1 });
    const raw = new TextEncoder().encode('From: noreply@petitions.example\r\nTo: zhangwei1978@163.example\r\nSubject: x\r\nMessage-ID: <z@petitions.example>\r\n\r\nx\r\n');

    const failed = await sender.sendRaw(raw, { from: 'noreply@petitions.example', to: ['zhangwei1978@163.example'] }).then(
      () => undefined,
      (error: unknown) => error as Error & Record<string, unknown>,
    );
    await new Promise<void>((resolve) => refusing.close(() => resolve()));

    expect(failed).toMatchObject({ responseCode: 550, code: 'EENVELOPE', message: expect.stringContaining('Recipient address rejected') });
    // As the logger writes an error: every enumerable property, its stack too.
    expect(JSON.stringify({ ...failed, message: failed!.message, stack: failed!.stack })).not.toContain('zhangwei1978');
  });
});

describe('the SMTP sender’s TLS', () => {
  it('refuses a server that does not offer STARTTLS: nothing is sent in clear', async () => {
    let accepted = 0;
    const plain = new SMTPServer({ disabledCommands: ['STARTTLS'], authOptional: true, logger: false, onData: (stream, _s, done) => stream.on('end', () => (accepted++, done())).resume() });
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', () => resolve()));
    const port = (plain.server.address() as { port: number }).port;
    const sender = SmtpSender.fromSecret({ ...ACCOUNT, ca: LOCAL_SMTP_CA }, { host: '127.0.0.1', port, ratePerSecond: 5, maxConnections: 1 });
    const raw = new TextEncoder().encode('From: noreply@petitions.example\r\nTo: a@b.example\r\nSubject: x\r\nMessage-ID: <x@petitions.example>\r\n\r\nx\r\n');

    await expect(sender.sendRaw(raw, { from: 'noreply@petitions.example', to: ['a@b.example'] })).rejects.toThrow(/STARTTLS/);
    expect(accepted).toBe(0);
    await new Promise<void>((resolve) => plain.close(() => resolve()));
  });

  it('refuses a certificate it cannot verify (no CA given for the local one)', async () => {
    const sender = SmtpSender.fromSecret(ACCOUNT, { host: '127.0.0.1', port: provider.port, ratePerSecond: 5, maxConnections: 1 });
    const raw = new TextEncoder().encode('From: noreply@petitions.example\r\nTo: a@b.example\r\nSubject: x\r\nMessage-ID: <y@petitions.example>\r\n\r\nx\r\n');
    await expect(sender.sendRaw(raw, { from: 'noreply@petitions.example', to: ['a@b.example'] })).rejects.toThrow(/self[- ]signed|certificate/i);
    expect(received).toHaveLength(0);
  });
});
