import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { sqsPostpone, sqsRequeue } from '../../shared/adapters/sqs-postpone.js';
import { DynamoCaseStore } from '../../shared/adapters/dynamodb/case-store.js';
import { DynamoHeldMail } from '../../shared/adapters/dynamodb/held-mail.js';
import { createLogger } from '../../shared/adapters/logger.js';
import { parseEmail } from '../../shared/adapters/mail/parse-email.js';
import { S3MailStore } from '../../shared/adapters/s3-mail-store.js';
import { receiveEmail, type IntakeDeps } from '../../shared/app/intake/receive-email.js';
import { systemClock } from '../../shared/app/ports.js';
import { parseFunctionEnv, requireReplyTagKey } from '../../shared/config/env.js';
import { replyTagger } from '../../shared/app/intake/reply-tag.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { resourceNames } from '../../shared/resources/definitions.js';
import { learnedRouting } from '../lib/learned-routing.js';
import { sqsBatchHandler, waitedTurn } from '../lib/sqs-batch.js';
import { objectKeyOf, s3NotificationSchema } from './schema.js';

const env = parseFunctionEnv();
const logger = createLogger('intake');
const dynamodb = new DynamoDBClient({});
const sqs = new SQSClient({});
const province = loadProvinceConfig(env.PROVINCE_CONFIG_PATH);
const deps: IntakeDeps = {
  store: new DynamoCaseStore(dynamodb, env.TABLE_NAME),
  mail: new S3MailStore(new S3Client({ forcePathStyle: env.S3_FORCE_PATH_STYLE === 'true' }), env.MAIL_BUCKET),
  parse: parseEmail,
  province,
  clock: systemClock,
  learned: learnedRouting(dynamodb, env.TABLE_NAME, province),
  replyTags: replyTagger(requireReplyTagKey(env)),
  held: new DynamoHeldMail(dynamodb, env.TABLE_NAME),
};

/** The urgent lane's queue, by name: both lanes run this code (shared/resources/functions.ts). */
const urgentQueueName = resourceNames(env.STAGE).queues.intakeUrgent.name;

/**
 * Consumer of both intake lanes: each message is S3's notification of raw mail
 * stored by SES, or its copy the pre-check put on the urgent lane. Idempotency
 * key: the email's Message-ID (content hash without one).
 */
export const handler = sqsBatchHandler({
  logger,
  schema: s3NotificationSchema,
  handle: async (notification, message) => {
    if (!('Records' in notification)) return { outcome: 'ignored', reason: 'S3 test event' };
    const urgentLane = message.eventSourceARN.endsWith(`:${urgentQueueName}`);
    // Where a pre-check runs, an urgent email met first on the intake queue is left to its urgent copy.
    // A message sent again to wait its turn (same sender) counts from 1 again: it is not a first receive.
    const firstReceive = Number(message.attributes.ApproximateReceiveCount) <= 1 && !waitedTurn(message);
    const leaveUrgentToItsLane = env.URGENT_PRECHECK === 'true' && !urgentLane && firstReceive;
    const outcomes = [];
    for (const record of notification.Records) {
      if (!record.eventName.startsWith('ObjectCreated:')) continue;
      const key = objectKeyOf(record.s3.object.key);
      const result = await receiveEmail(deps, key, { leaveUrgentToItsLane, firstReceive });
      outcomes.push({ key, ...result });
    }
    return { outcomes };
  },
  // The intake queue's copy of an urgent email, and a copy waiting for a deeper office's, are looked at again soon
  // (URGENT_COPY_GRACE_SECONDS, DEEPER_COPY_GRACE_SECONDS), not after 180 s.
  postpone: sqsPostpone(sqs),
  // An email behind its sender's burst waits its turn as a new message (same-sender.ts), using up no receives.
  requeue: sqsRequeue(sqs),
});
