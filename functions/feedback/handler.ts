import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoCaseStore } from '../../shared/adapters/dynamodb/case-store.js';
import { createLogger } from '../../shared/adapters/logger.js';
import { handleMailFeedback, sesFeedbackSchema, type FeedbackDeps } from '../../shared/app/mail-feedback.js';
import { systemClock } from '../../shared/app/ports.js';
import { parseFunctionEnv } from '../../shared/config/env.js';
import { sqsBatchHandler } from '../lib/sqs-batch.js';

const env = parseFunctionEnv();
const deps: FeedbackDeps = { store: new DynamoCaseStore(new DynamoDBClient({}), env.TABLE_NAME), clock: systemClock };

/** SES events about our mail (through SNS and the feedback queue): sends close the mailer's claims, bounces and complaints go on their cases. */
export const handler = sqsBatchHandler({
  logger: createLogger('feedback'),
  schema: sesFeedbackSchema,
  handle: async (feedback) => {
    const result = await handleMailFeedback(deps, feedback);
    return { eventType: feedback.eventType, ...result };
  },
});
