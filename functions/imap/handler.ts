import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Context } from 'aws-lambda';
import { DynamoMailboxCursors } from '../../shared/adapters/dynamodb/mailbox-cursors.js';
import { ImapMailboxServer } from '../../shared/adapters/imap/imap-mailbox-server.js';
import { SecretsManagerMailboxCredentials } from '../../shared/adapters/imap/secret-credentials.js';
import { createLogger } from '../../shared/adapters/logger.js';
import { parseEmail } from '../../shared/adapters/mail/parse-email.js';
import { S3MailStore } from '../../shared/adapters/s3-mail-store.js';
import { precheckEmail, type UrgentPrecheckDeps } from '../../shared/app/intake/urgent-precheck.js';
import { MAX_FETCH_TRIES, MailboxPollError, pollMailbox, type MailboxPollReport, type PollMailboxDeps } from '../../shared/app/poll-mailbox.js';
import { systemClock } from '../../shared/app/ports.js';
import { parseFunctionEnv } from '../../shared/config/env.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { MAX_MESSAGES_PER_POLL } from '../../shared/resources/mail-in.js';
import { parseInput } from '../lib/http.js';
import { urgentIntakeLane } from '../lib/urgent-lane.js';
import { mailboxPollEventSchema } from './schema.js';

const env = parseFunctionEnv();
const logger = createLogger('imap');
const precheck: Omit<UrgentPrecheckDeps, 'mail'> = {
  parse: parseEmail,
  province: loadProvinceConfig(env.PROVINCE_CONFIG_PATH),
  urgentLane: urgentIntakeLane(env, 'AWS:IMAPPOLLERPRECHECK'),
};
const deps: PollMailboxDeps = {
  server: new ImapMailboxServer(new SecretsManagerMailboxCredentials(new SecretsManagerClient({}))),
  cursors: new DynamoMailboxCursors(new DynamoDBClient({}), env.TABLE_NAME),
  mail: new S3MailStore(new S3Client({ forcePathStyle: env.S3_FORCE_PATH_STYLE === 'true' }), env.MAIL_BUCKET),
  clock: systemClock,
  // The urgent pre-check, as SES's receipt path runs it: an urgent email also goes on the urgent intake lane.
  afterStored: async (key, raw) => {
    try {
      const outcome = await precheckEmail(precheck, key, raw);
      if (outcome.urgent) logger.info('email pre-checked', { key, urgent: true, words: outcome.matched.length });
    } catch (error) {
      // Stored, so the bucket's notification queues it for intake anyway: only later.
      logger.warn('urgent pre-check failed; the email is registered in its turn', { key, reason: (error as Error).message });
    }
  },
};

/** A mailbox is not started with less than this left of the invocation; the next poll takes it. */
const START_MARGIN_MS = 60_000;

/**
 * The IMAP poller (mail in where SES cannot receive): each scheduled run polls
 * its batch of office mailboxes one after another and stores each new message
 * under raw/<mailbox>/, from where the bucket's notification queues it for
 * intake as it does SES's. Idempotency: the cursor (last UID per mailbox
 * folder, conditional write) and, behind it, intake's Message-ID. A mailbox
 * that fails does not stop the others; the run then fails, naming it, so the
 * function's error alarm fires, and the next run tries again.
 */
export async function handler(event: unknown, context?: Context): Promise<{ batch: string; mailboxes: MailboxPollReport[] }> {
  if (context) logger.addContext(context);
  const { detail } = parseInput(mailboxPollEventSchema, event, 'event');
  const reports: MailboxPollReport[] = [];
  const failed: string[] = [];
  for (const mailbox of detail.mailboxes) {
    if (context && context.getRemainingTimeInMillis() < START_MARGIN_MS) {
      logger.warn('mailbox left for the next poll: the run is nearly out of time', { batch: detail.id, mailbox: mailbox.address });
      continue;
    }
    try {
      const report = await pollMailbox(deps, mailbox, { maxMessages: MAX_MESSAGES_PER_POLL });
      reports.push(report);
      logger.info('mailbox polled', { batch: detail.id, ...report });
      // A message the provider would not serve, poll after poll, was passed over so the petitions after it go on: staff must read it there.
      if (report.skipped.length > 0) {
        logger.error(`message(s) passed over after ${MAX_FETCH_TRIES} failed fetches: left in the folder, to be read and registered by hand`, { batch: detail.id, mailbox: mailbox.address, folder: mailbox.folder, uids: report.skipped });
      }
    } catch (error) {
      failed.push(mailbox.address);
      if (error instanceof MailboxPollError) reports.push(error.report);
      logger.error('mailbox poll failed; the next run tries again', { batch: detail.id, mailbox: mailbox.address, error: (error as Error).name, reason: (error as Error).message });
    }
  }
  if (failed.length > 0) throw new Error(`${failed.length} of ${detail.mailboxes.length} mailbox(es) of ${detail.id} could not be polled: ${failed.join(', ')}`);
  return { batch: detail.id, mailboxes: reports };
}
