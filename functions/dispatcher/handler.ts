import { SQSClient } from '@aws-sdk/client-sqs';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Context, DynamoDBStreamEvent, DynamoDBBatchResponse } from 'aws-lambda';
import { outboxMessagesOf } from '../../shared/adapters/dynamodb/outbox-messages.js';
import { createLogger } from '../../shared/adapters/logger.js';
import { notifyLanes } from '../../shared/adapters/notify-lanes.js';
import { SqsPublisher } from '../../shared/adapters/sqs-publisher.js';
import { dispatchOutboxes, type DispatchDeps } from '../../shared/app/dispatch-outbox.js';
import { outboxMessageSchema, type OutboxMessage } from '../../shared/app/outbox.js';
import { parseFunctionEnv, requireQueueUrl } from '../../shared/config/env.js';
import { parseInput } from '../lib/http.js';

const env = parseFunctionEnv();
const logger = createLogger('dispatcher');
const sqs = new SQSClient({});
const deps: DispatchDeps = {
  queues: {
    notify: notifyLanes(sqs, env),
    routing: new SqsPublisher(sqs, requireQueueUrl(env, 'routing')),
    handoff: new SqsPublisher(sqs, requireQueueUrl(env, 'handoff')),
  },
};

/** An outbox item's messages, each checked: a malformed one refuses the whole item, so nothing of it is sent. */
function messagesOf(image: Record<string, AttributeValue>): OutboxMessage[] {
  // The messages are packed (docs/storage.md "Packed attributes"); Lambda delivers them base64-encoded.
  const stored = outboxMessagesOf(unmarshall(image));
  return stored.map((message, i) => parseInput(outboxMessageSchema, message, `outbox item, message ${i + 1} of ${stored.length}`));
}

/**
 * The outbox dispatcher: reads the case table's stream (new images of outbox
 * items) and moves their messages to their queues, in batches (dispatchOutboxes).
 * A record that cannot be read or sent is reported by its sequence number, so
 * the stream retries from it (bisecting the batch) and, when retries run out,
 * records the batch on the dispatcher's dead-letter queue.
 */
export const handler = async (event: DynamoDBStreamEvent, context?: Context): Promise<DynamoDBBatchResponse> => {
  if (context) logger.addContext(context);
  const failures: string[] = [];
  const items: { sequenceNumber: string; messages: OutboxMessage[] }[] = [];
  for (const record of event.Records) {
    const sequenceNumber = record.dynamodb?.SequenceNumber ?? '';
    const image = record.dynamodb?.NewImage;
    // The event source's filter passes outbox inserts and updates only; anything else is not ours.
    if (!image) continue;
    try {
      items.push({ sequenceNumber, messages: messagesOf(image as Record<string, AttributeValue>) });
    } catch (error) {
      logger.error('outbox item refused; the stream delivers it again, then parks it', { sequenceNumber, reason: (error as Error).message });
      failures.push(sequenceNumber);
    }
  }
  const { unsent, byQueue, refused } = await dispatchOutboxes(deps, items.map((item) => item.messages));
  for (const { queue, reason } of refused) logger.error('queue refused outbox messages; their items come again from the stream', { queue, reason });
  for (const i of unsent) failures.push(items[i]!.sequenceNumber);
  if (items.length > unsent.length) logger.info('outbox items dispatched', { items: items.length - unsent.length, messages: byQueue });
  return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
};
