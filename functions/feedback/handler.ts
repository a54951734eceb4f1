import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoCaseStore } from '../../shared/adapters/dynamodb/case-store.js';
import { createLogger } from '../../shared/adapters/logger.js';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { handleMailFeedback, sentAmong, sesFeedbackSchema, type FeedbackDeps } from '../../shared/app/mail-feedback.js';
import { systemClock } from '../../shared/app/ports.js';
import { parseFunctionEnv } from '../../shared/config/env.js';
import { sqsBatchHandler } from '../lib/sqs-batch.js';

const env = parseFunctionEnv();
const deps: FeedbackDeps = { store: new DynamoCaseStore(new DynamoDBClient({}), env.TABLE_NAME), clock: systemClock };

const logger = createLogger('feedback');

/**
 * SES events about our mail (through SNS and the feedback queue): sends close the mailer's claims,
 * bounces and complaints go on their cases. The batch's Send events find their notifications
 * already sent by one batched read (sentAmong), per invocation: two batches may run side by side.
 */
export const handler = async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => {
  const knownSent = await sentAmong(deps, event.Records.map((record) => record.body));
  return sqsBatchHandler({
    logger,
    schema: sesFeedbackSchema,
    handle: async (feedback) => {
      const result = await handleMailFeedback(deps, feedback, knownSent);
      return { eventType: feedback.eventType, ...result };
    },
  })(event, context);
};
