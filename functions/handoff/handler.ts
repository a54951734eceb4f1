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

/**
 * Handoff queue consumer (FIFO, message group = case): applies assign,
 * transfer and return commands in order. Idempotency key: the command id.
 */
export const handler = sqsBatchHandler({
  logger: createLogger('handoff'),
  schema: handoffCommandSchema,
  inOrder: true,
  handle: async (command) => ({ command: command.id, action: command.action, ...(await applyHandoff(deps, command)) }),
});
