import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { mailboxCursorKey } from '../../shared/adapters/dynamodb/keys.js';
import { ImapMailboxServer } from '../../shared/adapters/imap/imap-mailbox-server.js';
import { pollMailbox, type MailboxCursor, type MailboxServer } from '../../shared/app/poll-mailbox.js';
import { startImapServer, type LocalImap } from '../../local/servers/imap-server.js';
import { handlerEnv, TEST_BUCKET, TEST_INTAKE_URGENT_QUEUE } from '../fixtures/handler-env.js';
import { arrive, dynamo, FakeTable, outboxOf, resetIntakeAws, s3, sqs } from '../fixtures/intake-aws.js';
import { selfHarmThreatUtf8 } from '../fixtures/urgent-email.js';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { leakingRoofUtf8Qp, wageArrearsUtf8Base64 } from '../fixtures/emails.js';
import { captureLogs } from '../fixtures/log-capture.js';
import { queueContext, s3ObjectCreated, sqsEvent, sqsRecord } from '../fixtures/sqs-event.js';

/*
 * The IMAP poller (functions/imap) against a real IMAP server on 127.0.0.1
 * (the local runtime's), with S3, DynamoDB and Secrets Manager mocked. What it
 * stores is then handed to the intake function as S3's notification would,
 * to see what a citizen would: how many cases and acknowledgements.
 */

const TONGLU = 'xinfang@tonglu.petitions.example';
const SIAN = 'xinfang@sian.changxing.petitions.example';
const PASSWORD = 'imap-test-password-7f3a';
const STORED = '已入库';

const secrets = mockClient(SecretsManagerClient);
let imap: LocalImap;
let imapDir: string;
let table: FakeTable;
let logs: ReturnType<typeof captureLogs>;
/** Every raw key the poller put, in order (attachments the intake stores are not raw/). */
let rawPuts: string[];
/** Keys whose next PUT S3 refuses (a throttled request). */
let refuseOnce: Set<string>;

type IntakeHandler = (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse>;
let poll: typeof import('../../functions/imap/handler.js').handler;
let intake: IntakeHandler;

beforeAll(async () => {
  for (const [k, v] of Object.entries(handlerEnv('INFO'))) vi.stubEnv(k, v);
  poll = (await import('../../functions/imap/handler.js')).handler;
  intake = (await import('../../functions/intake/handler.js')).handler;
});

beforeEach(async () => {
  imapDir = mkdtempSync(join(tmpdir(), 'xinfang-imap-'));
  imap = await startImapServer({ host: '127.0.0.1', port: 0, dataDir: imapDir, authenticate: (user, pass) => (pass === PASSWORD ? user : undefined), onError: () => undefined });
  table = resetIntakeAws();
  secrets.reset();
  secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ password: PASSWORD }) });
  rawPuts = [];
  refuseOnce = new Set();
  // The bucket: what the poller stores is what the intake reads back.
  s3.on(PutObjectCommand).callsFake((input) => {
    if (refuseOnce.delete(input.Key!)) throw Object.assign(new Error('Please reduce your request rate.'), { name: 'SlowDown' });
    if (input.Key!.startsWith('raw/')) {
      rawPuts.push(input.Key!);
      arrive(input.Key!, input.Body as Uint8Array, new Date().toISOString());
    }
    return { ETag: '"0f343b0931126a20f133d67c2b018a3b"' };
  });
  logs = captureLogs();
});

afterEach(async () => {
  logs.restore();
  await imap.close();
  rmSync(imapDir, { recursive: true, force: true });
});

afterAll(() => {
  secrets.restore();
});

const mailbox = (address: string, overrides: Record<string, unknown> = {}) => ({
  address,
  host: '127.0.0.1',
  port: imap.port,
  tls: false,
  secretName: `xinfang-test/imap/${address.split('@')[1]}`,
  folder: 'INBOX',
  storedFolder: STORED,
  ...overrides,
});

/** The scheduled event of one batch's rule. */
const batchEvent = (...mailboxes: ReturnType<typeof mailbox>[]) => ({
  version: '0',
  id: 'cdc73f9d-aea9-11e3-9d5a-835b769c0d9c',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  time: '2026-12-03T02:15:00Z',
  detail: { id: 'batch-01', mailboxes },
});

/** S3's notification of every raw object stored so far (or of these keys), handed to the intake. */
let notified = 0;
async function notifyIntake(keys = rawPuts): Promise<void> {
  const records = keys.map((key) => sqsRecord({ messageId: `n-${(notified += 1)}`, queue: 'xinfang-test-intake', body: s3ObjectCreated({ bucket: TEST_BUCKET, key, size: 1 }) }));
  const result = await intake(sqsEvent(...records), queueContext('xinfang-test-intake'));
  expect(result.batchItemFailures).toEqual([]);
}

const cases = () => table.all().filter((item) => item.entity === 'case');
const acknowledgements = () => outboxOf('notify').filter((o) => o.body.kind === 'acknowledgement');
const inbox = (address: string) => imap.store.folder(address, 'INBOX')!.messages.length;
const storedFolder = (address: string) => imap.store.folder(address, STORED)?.messages.length ?? 0;
const cursorPuts = () => dynamo.commandCalls(PutCommand).filter((c) => String(c.args[0].input.Item!.pk).startsWith('MAILBOX#'));

describe('the IMAP poller', () => {
  it('stores each new message under raw/<mailbox>/, moves it to 已入库 after, and intake registers it with an acknowledgement', async () => {
    imap.store.deliver(TONGLU, wageArrearsUtf8Base64());
    imap.store.deliver(TONGLU, leakingRoofUtf8Qp());
    const uidValidity = imap.store.folder(TONGLU, 'INBOX')!.uidValidity;

    const result = await poll(batchEvent(mailbox(TONGLU)));

    expect(result.mailboxes).toEqual([expect.objectContaining({ mailbox: TONGLU, stored: 2, marked: 2, resynchronised: false, overtaken: false })]);
    expect(rawPuts).toEqual([`raw/${TONGLU}/imap-${uidValidity}-1`, `raw/${TONGLU}/imap-${uidValidity}-2`]);
    expect(inbox(TONGLU)).toBe(0);
    expect(storedFolder(TONGLU)).toBe(2);
    // The first cursor is put only if none exists yet.
    expect(cursorPuts().map((c) => c.args[0].input)).toEqual([
      expect.objectContaining({ ConditionExpression: 'attribute_not_exists(pk)', Item: expect.objectContaining({ uidValidity: String(uidValidity), lastUid: 2 }) }),
    ]);

    await notifyIntake();
    expect(cases().map((c) => [c.channel, c.receivingOffice])).toEqual([
      ['email', '330122'],
      ['email', '330122'],
    ]);
    expect(acknowledgements()).toHaveLength(2);
    // Nothing personal in the poller's logs: counts and office mailboxes only.
    expect(logs.text()).not.toContain('zhangwei1978');
  });

  it('puts an urgent message it stores on the urgent intake lane as well, and stores the rest only', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: '5e4f3a2b-0000-4000-8000-00000000000e' });
    imap.store.deliver(TONGLU, wageArrearsUtf8Base64());
    imap.store.deliver(TONGLU, selfHarmThreatUtf8());
    const uidValidity = imap.store.folder(TONGLU, 'INBOX')!.uidValidity;

    await poll(batchEvent(mailbox(TONGLU)));

    const sent = sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input);
    expect(sent.map((m) => m.QueueUrl)).toEqual([TEST_INTAKE_URGENT_QUEUE]);
    expect(JSON.parse(sent[0]!.MessageBody!).Records[0].s3.object.key).toBe(`raw/${encodeURIComponent(TONGLU)}/imap-${uidValidity}-2`);
    expect(storedFolder(TONGLU)).toBe(2);
  });

  it('still stores and moves a message whose pre-check fails: the intake queue has it either way', async () => {
    sqs.on(SendMessageCommand).rejects(Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable' }));
    imap.store.deliver(TONGLU, selfHarmThreatUtf8());

    const result = await poll(batchEvent(mailbox(TONGLU)));

    expect(result.mailboxes).toEqual([expect.objectContaining({ mailbox: TONGLU, stored: 1, marked: 1 })]);
    expect(storedFolder(TONGLU)).toBe(1);
    expect(logs.entries().some((e) => e.message === 'urgent pre-check failed; the email is registered in its turn')).toBe(true);
  });

  it('stores nothing again on the next poll, and from then on only what is new, with the cursor advanced conditionally', async () => {
    imap.store.deliver(TONGLU, wageArrearsUtf8Base64());
    await poll(batchEvent(mailbox(TONGLU)));
    const again = await poll(batchEvent(mailbox(TONGLU)));
    expect(again.mailboxes[0]).toMatchObject({ stored: 0, marked: 0 });
    expect(rawPuts).toHaveLength(1);

    imap.store.deliver(TONGLU, leakingRoofUtf8Qp());
    await poll(batchEvent(mailbox(TONGLU)));
    expect(rawPuts).toHaveLength(2);
    expect(rawPuts[1]).toMatch(/-2$/);
    expect(cursorPuts().at(-1)!.args[0].input).toMatchObject({
      ConditionExpression: 'uidValidity = :validity AND lastUid = :last',
      ExpressionAttributeValues: { ':last': 1 },
      Item: { lastUid: 2 },
    });
  });

  it('makes one case of a message the provider delivered twice, and acknowledges it once', async () => {
    imap.store.deliver(TONGLU, leakingRoofUtf8Qp());
    imap.store.deliver(TONGLU, leakingRoofUtf8Qp());
    await poll(batchEvent(mailbox(TONGLU)));
    expect(rawPuts).toHaveLength(2);
    await notifyIntake();
    expect(cases()).toHaveLength(1);
    expect(acknowledgements()).toHaveLength(1);
  });

  it('moves nothing when another poll of the mailbox advanced the cursor first, and that poll’s messages make no second case', async () => {
    imap.store.deliver(TONGLU, wageArrearsUtf8Base64());
    const uidValidity = String(imap.store.folder(TONGLU, 'INBOX')!.uidValidity);
    // The other poll stored UID 1 and moved the cursor after this one read it (this one read none).
    table.seed({ ...mailboxCursorKey(TONGLU, 'INBOX'), entity: 'mailboxCursor', uidValidity, lastUid: 1 });
    dynamo.on(GetCommand, { Key: mailboxCursorKey(TONGLU, 'INBOX') }).resolves({});

    const result = await poll(batchEvent(mailbox(TONGLU)));

    expect(result.mailboxes[0]).toMatchObject({ stored: 1, marked: 0, overtaken: true });
    expect(table.get(mailboxCursorKey(TONGLU, 'INBOX').pk, 'CURSOR')).toMatchObject({ lastUid: 1 });
    // Left for the poll that owns the cursor to move.
    expect(inbox(TONGLU)).toBe(1);
    await notifyIntake([...rawPuts, ...rawPuts]);
    expect(cases()).toHaveLength(1);
  });

  it('after a failure part-way keeps what it stored, fails the run naming the mailbox, and the next poll stores only the rest', async () => {
    imap.store.deliver(TONGLU, wageArrearsUtf8Base64());
    imap.store.deliver(TONGLU, leakingRoofUtf8Qp());
    imap.store.deliver(TONGLU, Buffer.from('From: 赵敏 <zhaomin@sina.example>\r\nTo: xinfang@tonglu.petitions.example\r\nSubject: =?UTF-8?B?5YWz5LqO6Lev54Gv5o2f5Z2P55qE5Y+N5pig?=\r\nMessage-ID: <road-light-3@sina.example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n城南路路灯坏了两个月，晚上很危险，请尽快修复。\r\n'));
    const uidValidity = imap.store.folder(TONGLU, 'INBOX')!.uidValidity;
    // S3 refuses the second message once (a throttled PUT).
    refuseOnce.add(`raw/${TONGLU}/imap-${uidValidity}-2`);

    await expect(poll(batchEvent(mailbox(TONGLU)))).rejects.toThrow(`1 of 1 mailbox(es) of batch-01 could not be polled: ${TONGLU}`);
    expect(inbox(TONGLU)).toBe(2);
    expect(storedFolder(TONGLU)).toBe(1);

    const next = await poll(batchEvent(mailbox(TONGLU)));
    expect(next.mailboxes[0]).toMatchObject({ stored: 2, marked: 2 });
    expect(rawPuts.map((k) => k.split('-').at(-1))).toEqual(['1', '2', '3']);
    await notifyIntake();
    expect(cases()).toHaveLength(3);
  });

  it('takes a folder again when its UIDVALIDITY changes, and intake makes no second case of what it already has', async () => {
    // Without a stored folder the messages stay in INBOX, flagged \Seen.
    const flagging = mailbox(TONGLU, { storedFolder: undefined });
    imap.store.deliver(TONGLU, wageArrearsUtf8Base64());
    await poll(batchEvent(flagging));
    expect(imap.store.folder(TONGLU, 'INBOX')!.messages.map((m) => m.flags)).toEqual([['\\Seen']]);
    await notifyIntake();

    // The provider restored the mailbox: new UIDVALIDITY, messages numbered anew, one new petition besides.
    const renumbered = imap.store.renumber(TONGLU);
    imap.store.deliver(TONGLU, leakingRoofUtf8Qp());
    const result = await poll(batchEvent(flagging));

    expect(result.mailboxes[0]).toMatchObject({ stored: 2, resynchronised: true });
    expect(rawPuts.slice(1)).toEqual([`raw/${TONGLU}/imap-${renumbered}-1`, `raw/${TONGLU}/imap-${renumbered}-2`]);
    await notifyIntake(rawPuts.slice(1));
    expect(cases()).toHaveLength(2);
    expect(acknowledgements()).toHaveLength(2);
  });

  it('goes on with the other mailboxes of the batch when one refuses the login, and fails the run naming that one', async () => {
    secrets.on(GetSecretValueCommand, { SecretId: 'xinfang-test/imap/sian.changxing.petitions.example' }).resolves({ SecretString: JSON.stringify({ password: 'changed-at-the-provider' }) });
    imap.store.deliver(SIAN, wageArrearsUtf8Base64());
    imap.store.deliver(TONGLU, leakingRoofUtf8Qp());

    await expect(poll(batchEvent(mailbox(SIAN), mailbox(TONGLU)))).rejects.toThrow(`could not be polled: ${SIAN}`);
    expect(storedFolder(TONGLU)).toBe(1);
    expect(inbox(SIAN)).toBe(1);
    expect(logs.text()).not.toContain('changed-at-the-provider');
  });
});

describe('bad input gets a clear error', () => {
  it('refuses a batch without mailboxes, naming the field', async () => {
    await expect(poll({ ...batchEvent(), detail: { id: 'batch-01', mailboxes: [] } })).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: 'event.detail.mailboxes', message: 'a batch names at least one mailbox' })],
    });
  });

  it('refuses plain IMAP to anything but the loopback address', async () => {
    await expect(poll(batchEvent(mailbox(TONGLU, { host: 'imap.exmail.example' })))).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: 'event.detail.mailboxes[0].tls', message: 'IMAP without TLS only to a loopback address (the local server)' })],
    });
  });

  it('names the secret and what is wrong with it when its JSON is not a login', async () => {
    // A secret of its own: the function keeps each secret it has read for the life of its container.
    const misfiled = 'xinfang-test/imap/misfiled.tonglu.petitions.example';
    secrets.on(GetSecretValueCommand, { SecretId: misfiled }).resolves({ SecretString: JSON.stringify({ username: 'xinfang', pass: 'x' }) });
    imap.store.deliver(TONGLU, leakingRoofUtf8Qp());
    await expect(poll(batchEvent(mailbox(TONGLU, { secretName: misfiled })))).rejects.toThrow(TONGLU);
    const failure = logs.entries().find((e) => e.message === 'mailbox poll failed; the next run tries again');
    expect(failure).toMatchObject({ error: 'ConfigError', reason: expect.stringContaining(`secret ${misfiled} has`) });
    expect(rawPuts).toEqual([]);
  });
});

describe('the use case over its ports, the credentials passed directly', () => {
  it('fails the poll, and only the poll, when the provider resets the connection mid-session', async () => {
    // A proxy in front of the provider that can cut the line as a NAT or the provider does.
    const sockets: Socket[] = [];
    const proxy = createServer((client) => {
      const upstream = connect(imap.port, '127.0.0.1');
      sockets.push(client);
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const port = (proxy.address() as { port: number }).port;
    imap.store.deliver(TONGLU, wageArrearsUtf8Base64());
    const imapServer = new ImapMailboxServer({ credentialsFor: async () => ({ user: TONGLU, password: PASSWORD }) });
    try {
      const open = await imapServer.open(mailbox(TONGLU, { port }));
      for (const socket of sockets) socket.resetAndDestroy();
      // Without a listener for the client's 'error', the reset would be an uncaught exception: the whole process down.
      await expect(open.uidsAfter(0)).rejects.toThrow();
      await open.close();
      expect(inbox(TONGLU)).toBe(1);
    } finally {
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });

  it('moves at the next poll what a poll stored but could not move, and stores it no second time', async () => {
    const cursors = new Map<string, MailboxCursor>();
    const stored: string[] = [];
    const imapServer = new ImapMailboxServer({ credentialsFor: async () => ({ user: TONGLU, password: PASSWORD }) });
    let moveFails = true;
    // The provider drops the connection as the first poll moves its messages.
    const server: MailboxServer = {
      open: async (m) => {
        const open = await imapServer.open(m);
        return Object.assign(Object.create(open) as typeof open, {
          markStored: async (uids: readonly number[]) => {
            if (moveFails) throw new Error('connection reset');
            return open.markStored(uids);
          },
        });
      },
    };
    const deps = {
      server,
      cursors: {
        read: async (mailbox: string) => cursors.get(mailbox),
        advance: async (mailbox: string, _folder: string, expected: MailboxCursor | undefined, next: MailboxCursor) => {
          if (JSON.stringify(cursors.get(mailbox)) !== JSON.stringify(expected)) return false;
          cursors.set(mailbox, next);
          return true;
        },
      },
      mail: { putObject: async (key: string) => void stored.push(key) },
      clock: { now: () => new Date('2026-12-03T02:15:00Z') },
    };
    imap.store.deliver(TONGLU, wageArrearsUtf8Base64());

    await expect(pollMailbox(deps, mailbox(TONGLU), { maxMessages: 50 })).rejects.toThrow('connection reset');
    expect(stored).toHaveLength(1);
    expect(inbox(TONGLU)).toBe(1);

    moveFails = false;
    const next = await pollMailbox(deps, mailbox(TONGLU), { maxMessages: 50 });
    expect(next).toMatchObject({ stored: 0, marked: 1 });
    expect(stored).toHaveLength(1);
    expect(inbox(TONGLU)).toBe(0);
    expect(storedFolder(TONGLU)).toBe(1);
  });
});
