import type { Route } from '@middy/http-router';
import { getCase, listCases } from '../../shared/app/read-cases.js';
import { registerCase, type RegisterDeps } from '../../shared/app/register-case.js';
import type { DecisionDeps } from '../../shared/app/handoff/decisions.js';
import { decisionRoutes } from './decision-routes.js';
import { closingRoutes } from './closing-routes.js';
import { openApiRoutes } from './openapi-routes.js';
import { audited } from './audit.js';
import type { ArchiveDeps } from '../../shared/app/closing/closing.js';
import { receptionRoutes } from './reception-routes.js';
import { statisticsRoutes, type StatisticsRouteDeps } from './statistics-routes.js';
import type { ReceptionDeps } from '../../shared/app/reception.js';
import { actorOf, json, jsonBody, parseInput, type HttpEvent, type HttpResult } from '../lib/http.js';
import { caseNumberParamSchema, idempotencyKeySchema, listQuerySchema, registerBodySchema } from './schemas.js';

export type ApiDeps = DecisionDeps & RegisterDeps & ReceptionDeps & StatisticsRouteDeps & ArchiveDeps;

/** Staff API routes: each parses its input, calls one use case and shapes the answer. */
export function apiRoutes(deps: ApiDeps): Route<HttpEvent, HttpResult>[] {
  return audited(caseRoutes(deps), deps);
}

function caseRoutes(deps: ApiDeps): Route<HttpEvent, HttpResult>[] {
  return [
    {
      method: 'POST',
      path: '/cases',
      handler: async (event: HttpEvent): Promise<HttpResult> => {
        const actor = actorOf(event, deps.province);
        const body = parseInput(registerBodySchema, jsonBody(event), 'body');
        const key = parseInput(idempotencyKeySchema, event.headers['idempotency-key'], 'header Idempotency-Key');
        const { receivedAt, ...petition } = body;
        const outcome = await registerCase(
          deps,
          { ...petition, receivedAt: new Date(receivedAt ?? deps.clock.now()).toISOString() },
          actor,
          key,
        );
        return json(outcome.created ? 201 : 200, { case: outcome.case }, { location: `/cases/${outcome.case.caseNumber}` });
      },
    },
    {
      method: 'GET',
      path: '/cases/{caseNumber}',
      handler: async (event: HttpEvent): Promise<HttpResult> => {
        const actor = actorOf(event, deps.province);
        const { caseNumber } = parseInput(caseNumberParamSchema, event.pathParameters ?? {}, 'path');
        const found = await getCase(deps, caseNumber, actor);
        return json(200, found);
      },
    },
    {
      method: 'GET',
      path: '/cases',
      handler: async (event: HttpEvent): Promise<HttpResult> => {
        const actor = actorOf(event, deps.province);
        const query = parseInput(listQuerySchema, event.queryStringParameters ?? {}, 'query');
        return json(200, await listCases(deps, query, actor));
      },
    },
    ...decisionRoutes(deps),
    ...receptionRoutes(deps),
    ...statisticsRoutes(deps),
    ...closingRoutes(deps),
    ...openApiRoutes(),
  ];
}
