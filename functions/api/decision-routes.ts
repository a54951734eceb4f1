import { randomUUID } from 'node:crypto';
import type { Route } from '@middy/http-router';
import {
  acceptCase,
  claimCase,
  decideCaseExtension,
  declineCase,
  redirectCase,
  requestCaseExtension,
  requestHandoff,
  type DecisionDeps,
} from '../../shared/app/handoff/decisions.js';
import { caseView } from '../../shared/app/read-cases.js';
import { actorOf, json, jsonBody, parseInput, type HttpEvent, type HttpResult } from '../lib/http.js';
import {
  acceptBodySchema,
  assignBodySchema,
  caseNumberParamSchema,
  claimBodySchema,
  declineBodySchema,
  extensionDecisionSchema,
  extensionRequestSchema,
  redirectBodySchema,
  returnBodySchema,
  routeBodySchema,
  transferBodySchema,
} from './schemas.js';

/**
 * What staff decide about a case. Accept, decline, redirect and claim take
 * effect at once (200 with the case); assign, transfer and return are
 * checked at once and then handed over through the handoff queue in order
 * (202 with the command id; the case shows the handoff moments later).
 */
export function decisionRoutes(deps: DecisionDeps): Route<HttpEvent, HttpResult>[] {
  const caseNumberOf = (event: HttpEvent) => parseInput(caseNumberParamSchema, event.pathParameters ?? {}, 'path').caseNumber;
  const handoff = async (event: HttpEvent, command: Record<string, unknown> & { action: 'assign' | 'transfer' | 'return' }) => {
    const actor = actorOf(event, deps.province);
    const caseNumber = caseNumberOf(event);
    const { commandId } = await requestHandoff(
      deps,
      { id: randomUUID(), caseNumber, by: actor.staffId, byJurisdiction: actor.jurisdiction, ...command } as Parameters<typeof requestHandoff>[1],
      actor,
    );
    return json(202, { commandId, caseNumber, action: command.action }, { location: `/cases/${caseNumber}` });
  };
  const post = (path: string, handler: (event: HttpEvent) => Promise<HttpResult>): Route<HttpEvent, HttpResult> => ({
    method: 'POST',
    path: `/cases/{caseNumber}/${path}`,
    handler,
  });
  return [
    post('accept', async (event) => {
      const body = parseInput(acceptBodySchema, jsonBody(event, {}), 'body');
      return json(200, { case: caseView(await acceptCase(deps, caseNumberOf(event), actorOf(event, deps.province), body)) });
    }),
    post('decline', async (event) => {
      const body = parseInput(declineBodySchema, jsonBody(event), 'body');
      const options = body.expectedVersion ? { expectedVersion: body.expectedVersion } : {};
      return json(200, { case: caseView(await declineCase(deps, caseNumberOf(event), actorOf(event, deps.province), body.reason, options)) });
    }),
    post('redirect', async (event) => {
      const body = parseInput(redirectBodySchema, jsonBody(event), 'body');
      const options = body.expectedVersion ? { expectedVersion: body.expectedVersion } : {};
      return json(200, { case: caseView(await redirectCase(deps, caseNumberOf(event), actorOf(event, deps.province), body.body, body.reason, options)) });
    }),
    post('claim', async (event) => {
      parseInput(claimBodySchema, jsonBody(event, {}), 'body');
      return json(200, { case: caseView(await claimCase(deps, caseNumberOf(event), actorOf(event, deps.province))) });
    }),
    post('assign', async (event) => handoff(event, { action: 'assign', ...parseInput(assignBodySchema, jsonBody(event), 'body') })),
    post('transfer', async (event) => handoff(event, { action: 'transfer', ...parseInput(transferBodySchema, jsonBody(event), 'body') })),
    post('return', async (event) => handoff(event, { action: 'return', ...parseInput(returnBodySchema, jsonBody(event), 'body') })),
    post('extension', async (event) => {
      const body = parseInput(extensionRequestSchema, jsonBody(event), 'body');
      return json(200, { case: caseView(await requestCaseExtension(deps, caseNumberOf(event), actorOf(event, deps.province), body)) });
    }),
    post('extension/decision', async (event) => {
      const body = parseInput(extensionDecisionSchema, jsonBody(event), 'body');
      return json(200, { case: caseView(await decideCaseExtension(deps, caseNumberOf(event), actorOf(event, deps.province), body)) });
    }),
    post('route', async (event) => {
      const body = parseInput(routeBodySchema, jsonBody(event), 'body');
      const actor = actorOf(event, deps.province);
      const caseNumber = caseNumberOf(event);
      const found = await deps.store.get(caseNumber);
      if (found?.case.status === 'registered') await acceptCase(deps, caseNumber, actor, body.category ? { category: body.category } : {});
      return handoff(event, { action: 'assign', lead: body.lead, cooperating: body.cooperating, reason: 'triage decision' });
    }),
  ];
}
