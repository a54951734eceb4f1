import { S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { createLogger } from '../../shared/adapters/logger.js';
import { parseEmail } from '../../shared/adapters/mail/parse-email.js';
import { S3MailStore } from '../../shared/adapters/s3-mail-store.js';
import { precheckStoredEmail, type PrecheckOutcome, type UrgentPrecheckDeps } from '../../shared/app/intake/urgent-precheck.js';
import { parseFunctionEnv } from '../../shared/config/env.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { rawMailPrefix } from '../../shared/resources/definitions.js';
import { parseInput } from '../lib/http.js';
import { urgentIntakeLane } from '../lib/urgent-lane.js';
import { sesReceiptEventSchema } from './schema.js';

const env = parseFunctionEnv();
const logger = createLogger('precheck');
const province = loadProvinceConfig(env.PROVINCE_CONFIG_PATH);
const deps: UrgentPrecheckDeps = {
  mail: new S3MailStore(new S3Client({ forcePathStyle: env.S3_FORCE_PATH_STYLE === 'true' }), env.MAIL_BUCKET),
  parse: parseEmail,
  province,
  urgentLane: urgentIntakeLane(env, 'AWS:SESRECEIPTPRECHECK'),
};

/**
 * The urgent pre-check, SES's Lambda action after its S3 action: for each office mailbox the
 * rule matched, the email stored under raw/<mailbox>/<message id> is read, and put on the urgent
 * intake lane if its words make it urgent. Invoked as an event, so SES never waits for it; a
 * failure is retried by Lambda, and the email is registered from the intake queue either way.
 */
export async function handler(event: unknown, context?: Context): Promise<{ outcomes: PrecheckOutcome[] }> {
  if (context) logger.addContext(context);
  const { Records } = parseInput(sesReceiptEventSchema, event, 'event');
  const outcomes: PrecheckOutcome[] = [];
  for (const { ses } of Records) {
    const mailboxes = [...new Set(ses.receipt.recipients.map((r) => r.toLowerCase()))].filter((r) => province.isOfficeMailbox(r));
    for (const mailbox of mailboxes) {
      const outcome = await precheckStoredEmail(deps, `${rawMailPrefix(mailbox)}${ses.mail.messageId}`);
      outcomes.push(outcome);
      // The words matched are the email's content: only their number is logged.
      logger.info('email pre-checked', { key: outcome.key, urgent: outcome.urgent, ...(outcome.urgent ? { words: outcome.matched.length } : {}) });
    }
  }
  return { outcomes };
}
