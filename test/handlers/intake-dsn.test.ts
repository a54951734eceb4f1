import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { threadIndexKey } from '../../shared/adapters/dynamodb/keys.js';
import { replyTagger } from '../../shared/app/intake/reply-tag.js';
import { threadKey } from '../../shared/domain/messages.js';
import { handlerEnv } from '../fixtures/handler-env.js';
import { arrive, FakeTable, resetIntakeAws } from '../fixtures/intake-aws.js';
import { dsnBounce, ndrHeadersOnly, wageArrearsUtf8Base64 } from '../fixtures/emails.js';
import { postfixDelayWarning } from '../fixtures/dsn.js';
import { captureLogs } from '../fixtures/log-capture.js';
import { queueContext, sqsEvent } from '../fixtures/sqs-event.js';

/*
 * Bounces of mail sent over SMTP come back as DSNs to the sending mailbox and
 * reach the intake like any stored email (SES receipt rule or IMAP polling):
 * they must never become a case, and are recorded on the case of the letter
 * they quote, as SES's bounce events are.
 */

type Handler = (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse>;
let handler: Handler;

beforeAll(async () => {
  for (const [k, v] of Object.entries(handlerEnv('INFO'))) vi.stubEnv(k, v);
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

const at = (iso: string) => vi.setSystemTime(new Date(iso));
const deliver = (...records: Parameters<typeof sqsEvent>) => handler(sqsEvent(...records), queueContext('xinfang-test-intake'));

const TONGLU = 'xinfang@tonglu.petitions.example';
const SENDER = 'noreply@petitions.example';
/** The acknowledgement's Message-ID as the mailer writes it: the notification tag at the sending domain. */
/** The acknowledgement's Message-ID as the mailer made it (its tag and the stage's mac). */
const ACK_ID = `${replyTagger(handlerEnv('INFO').REPLY_TAG_KEY!).messageIdPart('ack:330122-2026-000043')}@petitions.example`;

/** Registers the wage-arrears petition (330122-2026-000043) and files our acknowledgement's Message-ID on it, as the mailer does. */
async function caseWithSentAcknowledgement(): Promise<string> {
  table.seed({ pk: 'SEQ#330122#2026', sk: 'SEQ', entity: 'sequence', seq: 42 });
  at('2026-01-12T01:14:35.000Z');
  await deliver(arrive(`raw/${TONGLU}/0123abcdtq1vjo6kq8i5n3c0m7p2e4r9a1s5d7g1`, wageArrearsUtf8Base64(), '2026-01-12T01:14:31.000Z')('m-petition'));
  table.seed({ ...threadIndexKey(threadKey(ACK_ID)), entity: 'thread', caseNumber: '330122-2026-000043' });
  return '330122-2026-000043';
}

const events = (caseNumber: string) => table.partition(`CASE#${caseNumber}`).filter((i) => i.entity === 'event');
const caseCount = () => table.all().filter((i) => i.entity === 'case').length;

describe('a DSN in the sending mailbox', () => {
  it('Postfix: recorded on the case of the letter it quotes, with SES’s bounce words, and no case or answer of its own', async () => {
    const caseNumber = await caseWithSentAcknowledgement();
    at('2026-01-12T01:15:10.000Z');
    const dsn = arrive(`raw/${SENDER}/0123abcdz9y8x7w6v5u4t3s2r1q0p9o8n7m6l5k4`, dsnBounce(ACK_ID), '2026-01-12T01:15:08.000Z');

    expect(await deliver(dsn('m-dsn'))).toEqual({ batchItemFailures: [] });

    expect(caseCount()).toBe(1);
    const bounce = events(caseNumber).find((e) => e.type === 'bounceRecorded');
    expect(bounce).toMatchObject({
      actor: 'system:intake',
      reason: '邮件无法送达信访人',
      detail: { feedback: 'bounce', bouncedMessageId: ACK_ID, bounceType: 'Permanent', bounceSubType: 'General', diagnostic: 'smtp; 550 Mailbox not found.' },
    });
    // Nothing goes out for a bounce: the only letter is the petition's acknowledgement.
    expect(table.all().filter((i) => i.entity === 'outbox' && i.queue === 'notify')).toHaveLength(1);
    expect(logs.text()).not.toContain('wu.xiaoli');
  });

  it('delivered twice (an SQS redelivery, or the mailbox polled again): recorded once', async () => {
    const caseNumber = await caseWithSentAcknowledgement();
    at('2026-01-12T01:15:10.000Z');
    const dsn = arrive(`raw/${SENDER}/0123abcdz9y8x7w6v5u4t3s2r1q0p9o8n7m6l5k4`, ndrHeadersOnly(ACK_ID), '2026-01-12T01:15:08.000Z');

    await deliver(dsn('m-dsn-1'));
    await deliver(dsn('m-dsn-2', 2));

    expect(events(caseNumber).filter((e) => e.type === 'bounceRecorded')).toHaveLength(1);
    expect(events(caseNumber).find((e) => e.type === 'bounceRecorded')!.detail).toMatchObject({ bounceType: 'Permanent', bounceSubType: 'NoEmail' });
    expect(caseCount()).toBe(1);
  });

  it('a bounce that comes before the mailer filed the letter waits (retried), then is recorded', async () => {
    table.seed({ pk: 'SEQ#330122#2026', sk: 'SEQ', entity: 'sequence', seq: 42 });
    at('2026-01-12T01:14:35.000Z');
    await deliver(arrive(`raw/${TONGLU}/0123abcdtq1vjo6kq8i5n3c0m7p2e4r9a1s5d7g1`, wageArrearsUtf8Base64(), '2026-01-12T01:14:31.000Z')('m-petition'));
    const dsn = arrive(`raw/${SENDER}/0123abcdz9y8x7w6v5u4t3s2r1q0p9o8n7m6l5k4`, dsnBounce(ACK_ID), '2026-01-12T01:15:08.000Z');

    at('2026-01-12T01:15:09.000Z');
    expect(await deliver(dsn('m-dsn'))).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-dsn' }] });

    table.seed({ ...threadIndexKey(threadKey(ACK_ID)), entity: 'thread', caseNumber: '330122-2026-000043' });
    at('2026-01-12T01:16:40.000Z');
    expect(await deliver(dsn('m-dsn', 2))).toEqual({ batchItemFailures: [] });
    expect(events('330122-2026-000043').filter((e) => e.type === 'bounceRecorded')).toHaveLength(1);
  });

  it('a bounce quoting a Message-ID made up from the case number (no mac) records nothing', async () => {
    const caseNumber = await caseWithSentAcknowledgement();
    at('2026-01-12T01:15:10.000Z');
    const madeUp = ACK_ID.replace(/\.[0-9a-f]{20}@/, '@');
    // Filed under that form too, as letters were before their Message-IDs carried a mac.
    table.seed({ ...threadIndexKey(threadKey(madeUp)), entity: 'thread', caseNumber });
    const dsn = arrive(`raw/${SENDER}/0123abcdz9y8x7w6v5u4t3s2r1q0p9o8n7m6l5k4`, dsnBounce(madeUp), '2026-01-12T01:15:08.000Z');

    expect(await deliver(dsn('m-dsn-forged'))).toEqual({ batchItemFailures: [] });

    expect(events(caseNumber).filter((e) => e.type === 'bounceRecorded')).toEqual([]);
    expect(caseCount()).toBe(1);
  });

  it('a delay warning records nothing: the letter is still being retried', async () => {
    const caseNumber = await caseWithSentAcknowledgement();
    at('2026-01-12T05:15:10.000Z');
    const warning = arrive(`raw/${SENDER}/0123abcdy8x7w6v5u4t3s2r1q0p9o8n7m6l5k4j3`, postfixDelayWarning(ACK_ID), '2026-01-12T05:15:08.000Z');

    expect(await deliver(warning('m-delay'))).toEqual({ batchItemFailures: [] });
    expect(events(caseNumber).some((e) => e.type === 'bounceRecorded')).toBe(false);
    expect(caseCount()).toBe(1);
  });
});
