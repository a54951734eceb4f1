import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoCaseStore } from '../../shared/adapters/dynamodb/case-store.js';
import { DynamoHeldMail } from '../../shared/adapters/dynamodb/held-mail.js';
import { createLogger } from '../../shared/adapters/logger.js';
import { notifyLanes } from '../../shared/adapters/notify-lanes.js';
import { sendDigests, type DigestDeps } from '../../shared/app/sweep/digest.js';
import { DynamoReceptionStore } from '../../shared/adapters/dynamodb/reception-store.js';
import { remindLeaders, type ReminderDeps } from '../../shared/app/reception-reminders.js';
import { parseFunctionEnv } from '../../shared/config/env.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { scheduledHandler } from '../lib/scheduled.js';

const env = parseFunctionEnv();
const dynamo = new DynamoDBClient({});
const deps: DigestDeps & ReminderDeps = {
  store: new DynamoCaseStore(dynamo, env.TABLE_NAME),
  reception: new DynamoReceptionStore(dynamo, env.TABLE_NAME),
  province: loadProvinceConfig(env.PROVINCE_CONFIG_PATH),
  notify: notifyLanes(new SQSClient({}), env),
  held: new DynamoHeldMail(dynamo, env.TABLE_NAME),
};

/**
 * The daily run: each unit's and office's overdue and soon-due cases, one
 * email each per day (and each office whose held emails, 疑似广告, waited more than a working day); and each leader receiving petitioners tomorrow gets the
 * day's bookings (领导接待日). Both are keyed by date, so a rerun sends nothing new.
 */
export const handler = scheduledHandler({
  logger: createLogger('digest'),
  run: async (now) => {
    const digests = await sendDigests(deps, now);
    const leaders = await remindLeaders(deps, new Date(now));
    return { digests, leaderReminders: leaders.length, bookingsListed: leaders.reduce((sum, l) => sum + l.bookings, 0) };
  },
});
