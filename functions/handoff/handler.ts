import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoCaseStore } from '../../shared/adapters/dynamodb/case-store.js';
import { createLogger } from '../../shared/adapters/logger.js';
import { applyHandoff, type HandoffDeps } from '../../shared/app/handoff/apply-handoff.js';
import { handoffCommandSchema } from '../../shared/app/handoff/commands.js';
import { systemClock } from '../../shared/app/ports.js';
import { parseFunctionEnv } from '../../shared/config/env.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { sqsBatchHandler } from '../lib/sqs-batch.js';

const env = parseFunctionEnv();
const deps: HandoffDeps = {
  store: new DynamoCaseStore(new DynamoDBClient({}), env.TABLE_NAME),
  province: loadProvinceConfig(env.PROVINCE_CONFIG_PATH),
  clock: systemClock,
};

const logger = createLogger('handoff');

/**
 * Handoff queue consumer (FIFO, message group = case): applies assign,
 * transfer and return commands in order. Idempotency key: the command id.
 * A refused handoff (the case no longer allows it, or the staff member who
 * asked may no longer decide it) is not retried and changes nothing but the
 * case's history: a `handoffRefused` event with the reason in Chinese, which
 * the staff member who asked sees on the case and through
 * GET /cases/{caseNumber}/handoffs/{commandId}. It is logged as a warning,
 * with its code and reason (never the staff's own reason text).
 */
export const handler = sqsBatchHandler({
  logger,
  schema: handoffCommandSchema,
  inOrder: true,
  handle: async (command) => {
    const outcome = await applyHandoff(deps, command);
    if (outcome.outcome === 'refused') {
      logger.warn('handoff refused; kept on the case, nothing else changed', { command: command.id, action: command.action, by: command.by, caseNumber: outcome.caseNumber, code: outcome.code, reason: outcome.reason });
    }
    return { command: command.id, action: command.action, ...outcome };
  },
});
