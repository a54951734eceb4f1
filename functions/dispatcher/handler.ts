import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { SQSClient } from '@aws-sdk/client-sqs';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent, DynamoDBBatchResponse } from 'aws-lambda';
import { outboxMessagesOf } from '../../shared/adapters/dynamodb/outbox-messages.js';
import { createLogger } from '../../shared/adapters/logger.js';
import { notifyLanes } from '../../shared/adapters/notify-lanes.js';
import { SqsPublisher } from '../../shared/adapters/sqs-publisher.js';
import { dispatchOutbox, type DispatchDeps } from '../../shared/app/dispatch-outbox.js';
import { outboxMessageSchema } from '../../shared/app/outbox.js';
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

async function dispatchRecord(record: DynamoDBRecord): Promise<void> {
  const image = record.dynamodb?.NewImage;
  // The event source's filter passes outbox inserts and updates only; anything else is not ours.
  if (!image) return;
  // The messages are packed (docs/storage.md "Packed attributes"); Lambda delivers them base64-encoded.
  const stored = outboxMessagesOf(unmarshall(image as Record<string, AttributeValue>));
  // All checked before any is sent: a malformed item sends nothing, and its record is retried, then parked.
  const messages = stored.map((message, i) => parseInput(outboxMessageSchema, message, `outbox item, message ${i + 1} of ${stored.length}`));
  for (const message of messages) {
    try {
      // In order, one after another: a failure retries the record, and its consumers recognise what was sent already.
      await dispatchOutbox(deps, message);
      logger.info('outbox item dispatched', { queue: message.queue, id: message.id, sequenceNumber: record.dynamodb?.SequenceNumber });
    } catch (error) {
      logger.error('outbox item not dispatched; the stream delivers it again', { queue: message.queue, id: message.id, reason: (error as Error).message });
      throw error;
    }
  }
}

/**
 * The outbox dispatcher: reads the case table's stream (new images of outbox
 * items) and moves each to its queue. A failed record is reported by its
 * sequence number, so the stream retries from it (bisecting the batch) and,
 * when retries run out, records the batch on the dispatcher's dead-letter queue.
 */
export const handler = async (event: DynamoDBStreamEvent, context?: Context): Promise<DynamoDBBatchResponse> => {
  if (context) logger.addContext(context);
  return processPartialResponse(event, dispatchRecord, new BatchProcessor(EventType.DynamoDBStreams), {
    ...(context ? { context } : {}),
    // In stream order: two handoffs of one case reach the FIFO queue in the order they were committed.
    processInParallel: false,
    throwOnFullBatchFailure: false,
  });
};
