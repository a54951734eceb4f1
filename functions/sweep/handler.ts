import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoCaseStore } from '../../shared/adapters/dynamodb/case-store.js';
import { DynamoLedgerStore } from '../../shared/adapters/dynamodb/ledger-store.js';
import { createLogger } from '../../shared/adapters/logger.js';
import { sweep, type SweepDeps } from '../../shared/app/sweep/sweep.js';
import { systemClock } from '../../shared/app/ports.js';
import { fileScreenings } from '../../shared/app/unresolved-disputes.js';
import { parseFunctionEnv } from '../../shared/config/env.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { scheduledHandler } from '../lib/scheduled.js';

const env = parseFunctionEnv();
const logger = createLogger('sweep');
const dynamo = new DynamoDBClient({});
const deps: SweepDeps = {
  store: new DynamoCaseStore(dynamo, env.TABLE_NAME),
  province: loadProvinceConfig(env.PROVINCE_CONFIG_PATH),
  clock: systemClock,
};
const ledger = new DynamoLedgerStore(dynamo, env.TABLE_NAME);

/** Leaves this much of the invocation for the last page to finish; the rest waits for the next run. */
const SAFETY_MS = 20_000;
/** Left of the run at least, to file the month's screening lists. */
const FILING_MS = 60_000;

/**
 * The scheduled sweep (every 15 minutes): reminders before deadlines, one
 * escalation step per interval after them. Safe to run twice or at once:
 * each step is stored with its email in one conditional transaction. Then,
 * at the first run of a month, last month's 矛盾纠纷排查 lists are filed (one
 * read a run after that); a run with little time left leaves them to the next.
 */
export const handler = scheduledHandler({
  logger,
  run: async (now, context) => {
    const stopAt = context ? Date.now() + context.getRemainingTimeInMillis() - SAFETY_MS : undefined;
    const report = await sweep(deps, now, {
      ...(stopAt !== undefined ? { stopAt } : {}),
      onError: (caseNumber, error) => logger.error('chasing a case failed; the next sweep retries it', { caseNumber, error: (error as Error).name, message: (error as Error).message }),
    });
    if (stopAt !== undefined && stopAt - Date.now() < FILING_MS) return report;
    try {
      return { ...report, screening: await fileScreenings({ ledger, province: deps.province }, new Date(now), stopAt) };
    } catch (error) {
      logger.error('filing the screening lists failed; the next sweep files what is left', { error: (error as Error).name, message: (error as Error).message });
      return report;
    }
  },
});
