import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoCaseStore } from '../../shared/adapters/dynamodb/case-store.js';
import { createLogger } from '../../shared/adapters/logger.js';
import { sweep, type SweepDeps } from '../../shared/app/sweep/sweep.js';
import { systemClock } from '../../shared/app/ports.js';
import { parseFunctionEnv } from '../../shared/config/env.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { scheduledHandler } from '../lib/scheduled.js';

const env = parseFunctionEnv();
const logger = createLogger('sweep');
const deps: SweepDeps = {
  store: new DynamoCaseStore(new DynamoDBClient({}), env.TABLE_NAME),
  province: loadProvinceConfig(env.PROVINCE_CONFIG_PATH),
  clock: systemClock,
};

/** Leaves this much of the invocation for the last page to finish; the rest waits for the next run. */
const SAFETY_MS = 20_000;

/**
 * The scheduled sweep (every 15 minutes): reminders before deadlines, one
 * escalation step per interval after them. Safe to run twice or at once:
 * each step is stored with its email in one conditional transaction.
 */
export const handler = scheduledHandler({
  logger,
  run: (now, context) =>
    sweep(deps, now, {
      ...(context ? { stopAt: Date.now() + context.getRemainingTimeInMillis() - SAFETY_MS } : {}),
      onError: (caseNumber, error) => logger.error('chasing a case failed; the next sweep retries it', { caseNumber, error: (error as Error).name, message: (error as Error).message }),
    }),
});
