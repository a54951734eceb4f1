import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoCaseStore } from '../../shared/adapters/dynamodb/case-store.js';
import { DynamoRetentionStore } from '../../shared/adapters/dynamodb/retention-store.js';
import { createLogger } from '../../shared/adapters/logger.js';
import { S3MailStore } from '../../shared/adapters/s3-mail-store.js';
import { removeCasesAfterRetention, type RetentionDeps } from '../../shared/app/retention.js';
import { parseFunctionEnv } from '../../shared/config/env.js';
import { scheduledHandler } from '../lib/scheduled.js';

const env = parseFunctionEnv();
const logger = createLogger('retention');
const dynamo = new DynamoDBClient({});
const retention = new DynamoRetentionStore(dynamo, env.TABLE_NAME);
const deps: RetentionDeps = {
  store: new DynamoCaseStore(dynamo, env.TABLE_NAME),
  removals: retention,
  register: retention,
  mail: new S3MailStore(new S3Client({ forcePathStyle: env.S3_FORCE_PATH_STYLE === 'true' }), env.MAIL_BUCKET),
};

/** Leaves this much of the invocation for the cases in hand to finish; the rest waits for the next run. */
const SAFETY_MS = 30_000;

/** Cases that could not be removed this run: the invocation fails (the errors alarm), the next run retries them. */
export class RemovalsFailed extends Error {
  readonly code = 'RemovalsFailed';
}

/**
 * Daily: removes the archived cases whose retention ran out — each with its
 * objects, audit trail and items, and one line in the destruction register
 * (shared/app/retention.ts). Safe to run twice or at once. A case that fails
 * stays due; the run then fails as a whole, so its errors alarm calls an
 * operator, and the next run (or EventBridge's retry) takes it again.
 */
export const handler = scheduledHandler({
  logger,
  run: async (now, context) => {
    const stopAt = context ? Date.now() + context.getRemainingTimeInMillis() - SAFETY_MS : undefined;
    const report = await removeCasesAfterRetention(deps, now, {
      ...(stopAt !== undefined ? { stopAt } : {}),
      onError: (caseNumber, error) => logger.error('removing a case after its retention failed; the next run retries it', { caseNumber, error: (error as Error).name, message: (error as Error).message }),
    });
    if (report.failed > 0) {
      logger.error('retention run left cases due', { ...report });
      throw new RemovalsFailed(`${report.failed} case(s) due for removal could not be removed; they stay due`);
    }
    return report;
  },
});
