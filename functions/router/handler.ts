import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoCaseStore } from '../../shared/adapters/dynamodb/case-store.js';
import { createLogger } from '../../shared/adapters/logger.js';
import type { CaseDecisionDeps } from '../../shared/app/handoff/decisions.js';
import { routingRequestSchema } from '../../shared/app/notification.js';
import { systemClock } from '../../shared/app/ports.js';
import { routeCase } from '../../shared/app/routing/route-case.js';
import { parseFunctionEnv } from '../../shared/config/env.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { sqsBatchHandler } from '../lib/sqs-batch.js';

const env = parseFunctionEnv();
const deps: CaseDecisionDeps = {
  store: new DynamoCaseStore(new DynamoDBClient({}), env.TABLE_NAME),
  province: loadProvinceConfig(env.PROVINCE_CONFIG_PATH),
  clock: systemClock,
};

/**
 * Routing queue consumer: routes each registered case. Idempotency: a case
 * already decided is left alone; its assignment is committed with its acceptance.
 */
export const handler = sqsBatchHandler({
  logger: createLogger('router'),
  schema: routingRequestSchema,
  handle: async (request) => {
    const outcome = await routeCase(deps, request);
    return { caseNumber: outcome.caseNumber, outcome: outcome.outcome, ...('reasons' in outcome ? { reasons: outcome.reasons } : {}) };
  },
});
