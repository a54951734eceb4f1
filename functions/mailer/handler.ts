import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent } from 'aws-lambda';
import { DynamoCaseStore } from '../../shared/adapters/dynamodb/case-store.js';
import { createLogger } from '../../shared/adapters/logger.js';
import { composeEmail } from '../../shared/adapters/mail/compose-email.js';
import { grantedNotifyLanes, SqsQueueDepth } from '../../shared/adapters/notify-lanes.js';
import { sqsPostpone } from '../../shared/adapters/sqs-postpone.js';
import { deliverNotification } from '../../shared/app/deliver-notification.js';
import { notificationLane, notificationSchema } from '../../shared/app/notification.js';
import { waitForBusierLanes } from '../../shared/app/notify-lane-wait.js';
import { systemClock } from '../../shared/app/ports.js';
import { parseFunctionEnv, requireQueueUrl, requireReplyTagKey } from '../../shared/config/env.js';
import { replyTagger } from '../../shared/app/intake/reply-tag.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { QUEUES, resourceNames } from '../../shared/resources/definitions.js';
import { sqsBatchHandler } from '../lib/sqs-batch.js';
import { createMailSender } from './sender.js';

const env = parseFunctionEnv();
const province = loadProvinceConfig(env.PROVINCE_CONFIG_PATH);
const logger = createLogger('mailer');
const sqs = new SQSClient({});
const deps = {
  store: new DynamoCaseStore(new DynamoDBClient({}), env.TABLE_NAME),
  sender: await createMailSender(env, province.config.mail.sendRatePerSecond),
  compose: composeEmail,
  province,
  clock: systemClock,
  replyTags: replyTagger(requireReplyTagKey(env)),
  // A letter that must follow another (an acknowledgement's 受理告知) is queued on its lane once that one is sent.
  followers: grantedNotifyLanes(sqs, env),
};
const routineQueue = resourceNames(env.STAGE).queues.notifyRoutine.name;
let busierLanes: SqsQueueDepth | undefined;

/**
 * Notify queue consumer, one function per lane (urgent alerts, acknowledgements,
 * routine mail; shared/resources/functions.ts): sends each notification through
 * SES or SMTP (MAIL_SENDER). Idempotency key: the notification id (a claim in the table), so a
 * redelivered message is not sent twice.
 */
const deliver = sqsBatchHandler({
  logger,
  schema: notificationSchema,
  handle: async (notification, record, context) => ({
    notification: notification.id,
    kind: notification.kind,
    caseNumber: notification.caseNumber,
    outcome: await deliverNotification(deps, notification, {
      ...(context ? { notAfter: Date.now() + context.getRemainingTimeInMillis() - SEND_MARGIN_MS } : {}),
      // Failed now, it is parked in the dead-letter queue: the letters it carries are released rather than parked with it.
      lastTry: Number(record.attributes.ApproximateReceiveCount) >= QUEUES[notificationLane(notification)].maxReceiveCount,
    }),
  }),
  // A letter another worker claimed is tried again when its claim would be taken over, not a whole timeout later.
  postpone: sqsPostpone(sqs),
});

/**
 * A send is not started with less of the invocation left than this: a batch
 * waiting on the sending rate gives its unsent messages back to the queue
 * (reported failed, retried after its visibility timeout) instead of being cut
 * off by the timeout mid-send, which would fail the whole batch, sent or not.
 */
const SEND_MARGIN_MS = 10_000;

export const handler = async (event: SQSEvent, context?: Context) => {
  // Routine mail waits (a bounded while, within the invocation) as long as alerts or acknowledgements are queued.
  if (event.Records[0]?.eventSourceARN.endsWith(`:${routineQueue}`)) {
    busierLanes ??= new SqsQueueDepth(sqs, [requireQueueUrl(env, 'notifyUrgent'), requireQueueUrl(env, 'notify')]);
    try {
      const waited = await waitForBusierLanes(busierLanes, { maxWaitMs: ROUTINE_MAX_WAIT_MS, pollMs: 2_000 });
      if (waited.ms > 0) logger.info('routine mail waited for the busier lanes', { waitedMs: waited.ms, stillWaiting: waited.waiting });
    } catch (error) {
      // Not knowing the other lanes' depth is no reason to hold mail back.
      logger.warn('could not read the busier lanes; sending without waiting', { reason: (error as Error).message });
    }
  }
  return deliver(event, context);
};

/** Well inside the function's 60 s: a batch that waited this long is sent anyway, so routine mail is late, never lost. */
const ROUTINE_MAX_WAIT_MS = 30_000;
