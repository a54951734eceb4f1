import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { z } from 'zod';
import { InvalidInput } from '../../shared/domain/errors.js';
import { parseInput } from './http.js';
import { RetryLater } from '../../shared/app/ports.js';

/**
 * Runs `handle` for each record of an SQS batch and reports the failures, so
 * that only they are retried (ReportBatchItemFailures) and, after the queue's
 * maxReceiveCount, parked in its dead-letter queue. Every failure is logged
 * with its reason and receive count; nothing personal is logged.
 */
export function sqsBatchHandler<S extends z.ZodType>(opts: {
  logger: Logger;
  schema: S;
  handle: (body: z.output<S>, record: SQSRecord) => Promise<Record<string, unknown>>;
  /**
   * FIFO queues: after a failure, the rest of the batch is reported failed
   * without being tried, so a message group's order is kept.
   */
  inOrder?: boolean;
}) {
  return async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => {
    if (context) opts.logger.addContext(context);
    const failures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      const receiveCount = Number(record.attributes.ApproximateReceiveCount);
      if (opts.inOrder && failures.length > 0) {
        failures.push({ itemIdentifier: record.messageId });
        continue;
      }
      try {
        const body = parseInput(opts.schema, parseJson(record.body), 'message');
        const outcome = await opts.handle(body, record);
        opts.logger.info('message handled', { messageId: record.messageId, receiveCount, ...outcome });
      } catch (error) {
        failures.push({ itemIdentifier: record.messageId });
        if (error instanceof RetryLater) {
          opts.logger.warn('message put back to retry later', { messageId: record.messageId, receiveCount, reason: error.message });
          continue;
        }
        const reason = error instanceof Error ? error.message : String(error);
        opts.logger.error('message failed; it will be retried, then parked in the dead-letter queue', {
          messageId: record.messageId,
          receiveCount,
          reason,
          ...(error instanceof InvalidInput ? { issues: error.issues } : {}),
          ...(error instanceof Error && !(error instanceof InvalidInput) ? { error } : {}),
        });
      }
    }
    return { batchItemFailures: failures };
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidInput('the message body is not JSON', [{ path: 'message', message: 'not JSON' }]);
  }
}
