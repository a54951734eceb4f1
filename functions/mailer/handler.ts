import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoCaseStore } from '../../shared/adapters/dynamodb/case-store.js';
import { createLogger } from '../../shared/adapters/logger.js';
import { composeEmail } from '../../shared/adapters/mail/compose-email.js';
import { deliverNotification } from '../../shared/app/deliver-notification.js';
import { notificationSchema } from '../../shared/app/notification.js';
import { systemClock } from '../../shared/app/ports.js';
import { parseFunctionEnv, requireReplyTagKey } from '../../shared/config/env.js';
import { replyTagger } from '../../shared/app/intake/reply-tag.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { sqsBatchHandler } from '../lib/sqs-batch.js';
import { createMailSender } from './sender.js';

const env = parseFunctionEnv();
const province = loadProvinceConfig(env.PROVINCE_CONFIG_PATH);
const deps = {
  store: new DynamoCaseStore(new DynamoDBClient({}), env.TABLE_NAME),
  sender: await createMailSender(env, province.config.mail.sendRatePerSecond),
  compose: composeEmail,
  province,
  clock: systemClock,
  replyTags: replyTagger(requireReplyTagKey(env)),
};

/**
 * Notify queue consumer: sends each notification through SES or SMTP (MAIL_SENDER). Idempotency key:
 * the notification id (a claim in the table), so a redelivered message is not sent twice.
 */
export const handler = sqsBatchHandler({
  logger: createLogger('mailer'),
  schema: notificationSchema,
  handle: async (notification) => ({
    notification: notification.id,
    kind: notification.kind,
    caseNumber: notification.caseNumber,
    outcome: await deliverNotification(deps, notification),
  }),
});
