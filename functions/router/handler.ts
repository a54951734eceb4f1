import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoCaseStore } from '../../shared/adapters/dynamodb/case-store.js';
import { createLogger } from '../../shared/adapters/logger.js';
import { routingRequestSchema } from '../../shared/app/notification.js';
import { systemClock } from '../../shared/app/ports.js';
import { learnFromDecision } from '../../shared/app/routing/learn-routing.js';
import { mergeRepeat } from '../../shared/app/routing/merge-repeat.js';
import { routeCase, type RouterDeps } from '../../shared/app/routing/route-case.js';
import { parseFunctionEnv } from '../../shared/config/env.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { learnedRouting } from '../lib/learned-routing.js';
import { sqsBatchHandler } from '../lib/sqs-batch.js';

const env = parseFunctionEnv();
const client = new DynamoDBClient({});
const province = loadProvinceConfig(env.PROVINCE_CONFIG_PATH);
const learned = learnedRouting(client, env.TABLE_NAME, province);
const deps: RouterDeps = {
  store: new DynamoCaseStore(client, env.TABLE_NAME),
  province,
  clock: systemClock,
  learned,
};

/**
 * Routing queue consumer: routes each registered case, learns each staff
 * decision on a case from the triage list (reason `decided`), and adds a
 * declined repeat's material to the open case it repeats (`repeatReceived`).
 * Idempotency: a case already decided is left alone, its assignment committed
 * with its acceptance; a decision is learned once, on its id (a conditional
 * write); a repeat is merged once, on its number.
 */
export const handler = sqsBatchHandler({
  logger: createLogger('router'),
  schema: routingRequestSchema,
  handle: async (request) => {
    if (request.decision) {
      return { ...(await learnFromDecision({ ...deps, ...learned }, { ...request, decision: request.decision })) };
    }
    if (request.repeat) return { ...(await mergeRepeat(deps, { caseNumber: request.caseNumber, repeat: request.repeat, ...(request.supervise ? { supervise: request.supervise } : {}) })) };
    const outcome = await routeCase(deps, request);
    // The reasons quote the petitioner's words (a name, a place, what was said): they are on the case; the log counts them.
    return { caseNumber: outcome.caseNumber, outcome: outcome.outcome, ...('reasons' in outcome ? { reasons: outcome.reasons.length } : {}) };
  },
});
