import { BatchProcessor, EventType, processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type * as z from 'zod';
import { InvalidInput } from '../../shared/domain/errors.js';
import { parseInput } from './http.js';
import { RetryLater, WaitTurn } from '../../shared/app/ports.js';

/**
 * An SQS consumer on Powertools' batch processing: each record's body is
 * checked with `schema` and handed to `handle`; failures are reported
 * (ReportBatchItemFailures) so only they are retried and, after the queue's
 * maxReceiveCount, parked in its dead-letter queue. Every failure is logged
 * with its reason and receive count; nothing personal is logged.
 */
export function sqsBatchHandler<S extends z.ZodType>(opts: {
  logger: Logger;
  schema: S;
  /** `context` is the invocation's (absent when a test calls without one): its remaining time bounds work worth starting. */
  handle: (body: z.output<S>, record: SQSRecord, context?: Context) => Promise<Record<string, unknown>>;
  /**
   * FIFO queues: records are handled one after another, and after a failure
   * the rest of that message group is reported failed without being tried,
   * so a group's order is kept (other groups go on).
   */
  inOrder?: boolean;
  /**
   * Shows a record again after the given seconds (ChangeMessageVisibility): a RetryLater that
   * knows when trying again makes sense is then not held for the queue's whole visibility timeout.
   */
  postpone?: (record: SQSRecord, seconds: number) => Promise<void>;
  /**
   * Sends a record again as a new message after the given seconds, with the given message attributes added
   * (standard queues): a WaitTurn then waits on the queue without using up the record's receives, for up to
   * MAX_TURN_WAIT_SECONDS from its first arrival; after that, and when sending fails, it is put back as a RetryLater.
   */
  requeue?: Requeue;
}) {
  // Powertools hands each record handler the invocation's context (the `context` option below).
  const recordHandler = async (record: SQSRecord, context?: Context): Promise<void> => {
    const receiveCount = Number(record.attributes.ApproximateReceiveCount);
    try {
      const body = parseInput(opts.schema, parseJson(record.body), 'message');
      const outcome = await opts.handle(body, record, context);
      opts.logger.info('message handled', { messageId: record.messageId, receiveCount, ...outcome });
    } catch (error) {
      if (error instanceof WaitTurn && opts.requeue && (await waitsOnQueue(opts.requeue, record, error, opts.logger))) return;
      if (error instanceof RetryLater) {
        const retryAfterSeconds = opts.postpone && error.retryAfterSeconds !== undefined ? await postponed(opts.postpone, record, error.retryAfterSeconds, opts.logger) : undefined;
        opts.logger.warn('message put back to retry later', { messageId: record.messageId, receiveCount, reason: error.message, ...(retryAfterSeconds ? { retryAfterSeconds } : {}) });
      } else {
        opts.logger.error('message failed; it will be retried, then parked in the dead-letter queue', {
          messageId: record.messageId,
          receiveCount,
          reason: error instanceof Error ? error.message : String(error),
          ...(error instanceof InvalidInput ? { issues: error.issues } : {}),
          ...(error instanceof Error && !(error instanceof InvalidInput) ? { error } : {}),
        });
      }
      throw error;
    }
  };
  return async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => {
    if (context) opts.logger.addContext(context);
    // A batch that failed whole is reported like any other (no exception): the queue retries each record.
    if (opts.inOrder) {
      return processPartialResponse(event, recordHandler, new SqsFifoPartialProcessorAsync(), {
        ...(context ? { context } : {}),
        skipGroupOnError: true,
        throwOnFullBatchFailure: false,
      });
    }
    return processPartialResponse(event, recordHandler, new BatchProcessor(EventType.SQS), {
      ...(context ? { context } : {}),
      throwOnFullBatchFailure: false,
    });
  };
}

/** Sends a record again as a new message after `seconds`, with these message attributes added (shared/adapters/sqs-postpone.ts). */
type Requeue = (record: SQSRecord, seconds: number, attributes: Record<string, string>) => Promise<void>;

/** The message attribute a record waiting its turn carries: when it first arrived (ISO), kept across its sends. */
export const WAITING_SINCE_ATTRIBUTE = 'waitingSince';
/** The log line of a record sent again to wait its turn, which the monitoring counts its wait from. */
export const TURN_WAIT_LOG_MESSAGE = 'message waits its turn: sent again';
/** How long a message may wait its turn on the queue before its waits count as failed tries (an hour: a burst of thousands). */
export const MAX_TURN_WAIT_SECONDS = 3_600;

/** Whether the record has waited its turn on the queue before (a new message, so its receive count says nothing). */
export function waitedTurn(record: SQSRecord): boolean {
  return record.messageAttributes?.[WAITING_SINCE_ATTRIBUTE]?.stringValue !== undefined;
}

/**
 * Sends a WaitTurn's record again after its delay, keeping when it first arrived; true when sent (the record
 * is then done with, and deleted). False once it has waited MAX_TURN_WAIT_SECONDS, or when sending failed.
 */
async function waitsOnQueue(requeue: Requeue, record: SQSRecord, wait: WaitTurn, logger: Logger): Promise<boolean> {
  const since = record.messageAttributes?.[WAITING_SINCE_ATTRIBUTE]?.stringValue ?? new Date(Number(record.attributes.SentTimestamp) || Date.now()).toISOString();
  const waitedSeconds = (Date.now() - Date.parse(since)) / 1000;
  if (!(waitedSeconds < MAX_TURN_WAIT_SECONDS)) {
    logger.warn('message waited its turn too long; put back as a failed try', { messageId: record.messageId, reason: wait.message, waitingSince: since, waitedSeconds: Math.round(waitedSeconds) });
    return false;
  }
  const seconds = wait.retryAfterSeconds ?? 5;
  try {
    await requeue(record, seconds, { [WAITING_SINCE_ATTRIBUTE]: since });
  } catch (error) {
    logger.warn('could not send the message again to wait its turn; put back instead', { messageId: record.messageId, reason: (error as Error).message });
    return false;
  }
  // waitedSeconds feeds the dashboard's turn-wait metric (infra/constructs/monitoring.ts): each send restarts the queue's oldest-message age.
  logger.info(TURN_WAIT_LOG_MESSAGE, { messageId: record.messageId, reason: wait.message, retryAfterSeconds: seconds, waitingSince: since, waitedSeconds: Math.round(waitedSeconds) });
  return true;
}

/** The seconds the record was postponed by, or undefined if that failed (it then comes back after the visibility timeout). */
async function postponed(postpone: (record: SQSRecord, seconds: number) => Promise<void>, record: SQSRecord, seconds: number, logger: Logger): Promise<number | undefined> {
  try {
    await postpone(record, seconds);
    return seconds;
  } catch (error) {
    logger.warn('could not postpone the message; it comes back after its visibility timeout', { messageId: record.messageId, reason: (error as Error).message });
    return undefined;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidInput('the message body is not JSON', [{ path: 'message', message: 'not JSON' }]).inChinese('消息内容不是 JSON');
  }
}
