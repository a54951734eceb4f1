import type { operations } from '../../api/schema';

/** GET /admin/configuration, typed by the OpenAPI description. */
export type AdminConfiguration = operations['adminConfiguration']['responses'][200]['content']['application/json'];
export type Configuration = AdminConfiguration['configuration'];
export type ProvisionalClocks = AdminConfiguration['provisional'];
/** GET /admin/queues. */
export type QueueDepth = operations['adminQueues']['responses'][200]['content']['application/json']['queues'][number];
/** POST /admin/queues/{queue}/redrive. */
export type RedriveResult = operations['adminRedrive']['responses'][200]['content']['application/json'];
/** GET /admin/audit. */
export type AdminAudit = operations['adminAudit']['responses'][200]['content']['application/json'];
export type HandoverResult = operations['adminHandOverOwnedCases']['responses'][200]['content']['application/json'];
