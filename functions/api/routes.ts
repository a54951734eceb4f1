import type { Logger } from '@aws-lambda-powertools/logger';
import type { Route } from '@middy/http-router';
import type { HttpEvent, HttpResult } from '../lib/http.js';
import { adminRoutes } from './admin-routes.js';
import { attachmentRoutes } from './attachment-routes.js';
import { audited } from './audit.js';
import { caseRoutes } from './case-routes.js';
import { closingRoutes } from './closing-routes.js';
import { decisionRoutes } from './decision-routes.js';
import { directoryRoutes } from './directory-routes.js';
import { followUpRoutes } from './follow-up-routes.js';
import { heldMailRoutes } from './held-mail-routes.js';
import { ledgerRoutes } from './ledger-routes.js';
import { noteRoutes } from './note-routes.js';
import { leaderReadingRoutes } from './leader-reading-routes.js';
import { openApiRoutes } from './openapi-routes.js';
import { portalRoutes } from './portal-routes.js';
import { receptionPortalRoutes } from './reception-portal-routes.js';
import { receptionRoutes } from './reception-routes.js';
import type { ApiDeps, ApiRoute } from './route.js';
import { statisticsRoutes } from './statistics-routes.js';
import { suspensionRoutes } from './suspension-routes.js';
import { collectiveRoutes } from './collective-routes.js';
import { workListRoutes } from './work-list-routes.js';

export type { ApiDeps } from './route.js';

/**
 * Every route of the staff API, each with its OpenAPI description
 * (defineRoute in route.ts). The router serves this table and
 * GET /public/openapi.json describes it: add a route here and it is both.
 */
export const API_ROUTES: readonly ApiRoute[] = [
  ...caseRoutes,
  ...ledgerRoutes,
  ...workListRoutes,
  ...heldMailRoutes,
  ...attachmentRoutes,
  ...decisionRoutes,
  ...noteRoutes,
  ...leaderReadingRoutes,
  ...suspensionRoutes,
  ...collectiveRoutes,
  ...receptionRoutes,
  ...statisticsRoutes,
  ...directoryRoutes,
  ...closingRoutes,
  ...followUpRoutes,
  ...adminRoutes,
  ...portalRoutes,
  ...receptionPortalRoutes,
  ...openApiRoutes(() => API_ROUTES),
];

/** The table as the router takes it: each handler given the deps, each route on a case audited. */
export function apiRoutes(deps: ApiDeps, logger?: Pick<Logger, 'error'>): Route<HttpEvent, HttpResult>[] {
  const routes = API_ROUTES.map(({ method, path, handler }) => ({ method, path, handler: (event: HttpEvent) => handler(event, deps) }));
  return audited(routes, { ...deps, ...(logger ? { logger } : {}) });
}
