import type { Route } from '@middy/http-router';
import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { AuditEntry, CaseStore, Clock } from '../../shared/app/ports.js';
import { isCaseNumber } from '../../shared/domain/case-number.js';
import { CaseNotFound, DomainError, OutOfScope } from '../../shared/domain/errors.js';
import { actorOf, claimedStaffId, type HttpEvent, type HttpResult } from '../lib/http.js';
import { assertMayRead } from '../../shared/domain/access.js';
import type { Province } from '../../shared/domain/province.js';
import { isPublic } from './route.js';

/**
 * The audit trail (docs/domain.md, "Confidentiality and accountability"),
 * append-only: every staff route on one case writes who, when
 * and what — `read` for a GET, the action's name for a POST — an attempt
 * outside the staff member's scope as `denied`, and one the rules or the
 * input refused (a second extension, a blank reason) as `refused` with the
 * error's code. A read is answered only after its entry is
 * stored: no entry, no data. A change is answered once committed, its entry
 * tried again and, failing that, logged as an error (recordDone).
 */
export function audited(
  routes: Route<HttpEvent, HttpResult>[],
  deps: { store: CaseStore; clock: Clock; province: Province; logger?: Pick<Logger, 'error'> },
): Route<HttpEvent, HttpResult>[] {
  return routes.map((route) => {
    if (!route.path.includes('{caseNumber}') || isPublic(route.path)) return route;
    return {
      ...route,
      handler: async (event: HttpEvent, context: unknown) => {
        const caseNumber = event.pathParameters?.caseNumber;
        const actor = claimedStaffId(event) ?? 'unknown';
        const action = actionOf(route, event.pathParameters ?? {});
        const entry = (outcome: AuditEntry['outcome'], detail?: string): AuditEntry | undefined =>
          caseNumber && isCaseNumber(caseNumber)
            ? { caseNumber, at: deps.clock.now().toISOString(), actor, action, outcome, requestId: event.requestContext.requestId, ...(detail ? { detail } : {}) }
            : undefined;
        const record = async (outcome: AuditEntry['outcome'], detail?: string) => {
          const made = entry(outcome, detail);
          if (made) await deps.store.appendAudit(made);
        };
        try {
          const result = await (route.handler as (e: HttpEvent, c: unknown) => Promise<HttpResult>)(event, context);
          if (route.method === 'GET') await record('allowed');
          else {
            const done = entry('allowed');
            if (done) await recordDone(done, deps.store, deps.logger);
          }
          return result;
        } catch (error) {
          if (error instanceof OutOfScope) await record('denied');
          // An attempt the rules or the input refused is an action tried, and is on the trail too — judged on the case as it
          // is, since a body is checked before the case is read: none for a case that does not exist, `denied` for one the
          // caller may not see.
          else if (error instanceof DomainError && !(error instanceof CaseNotFound) && caseNumber && isCaseNumber(caseNumber)) {
            const visible = await mayRead(deps, event, caseNumber);
            if (visible !== undefined) await record(visible ? 'refused' : 'denied', visible ? error.code : undefined);
          }
          throw error;
        }
      },
    };
  });
}

/**
 * The entry of a change already committed: tried three times, and when it
 * still cannot be stored, logged as an error (an alarm) instead of failing
 * the request — the change stands, its event names who made it, and a 500
 * would tell staff it failed and invite them to do it twice.
 */
export async function recordDone(entry: AuditEntry, store: Pick<CaseStore, 'appendAudit'>, logger: Pick<Logger, 'error'> | undefined): Promise<void> {
  // One id for every try: a try that timed out after storing it is not stored twice.
  const entryId = randomUUID();
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await store.appendAudit(entry, entryId);
    } catch (error) {
      if (attempt >= AUDIT_ATTEMPTS_AFTER_CHANGE) {
        // The whole entry (no personal data: ids, the action, when), for an operator to append it again.
        (logger ?? console).error('audit entry of a committed change not stored', { entry, entryId, error });
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

const AUDIT_ATTEMPTS_AFTER_CHANGE = 3;

/**
 * `GET /cases/{caseNumber}` → `read`; `GET …/decision-letter` → `read:decision-letter`; `POST …/accept` → `accept`;
 * `GET …/attachments/{attachmentId}` → `read:attachments/2`: which file was read is part of the entry.
 * Exported for the console's test that every action a case's trail can hold has a name there.
 */
export function actionOf(route: Pick<Route<HttpEvent, HttpResult>, 'method' | 'path'>, params: Record<string, string | undefined>): string {
  const tail = (route.path.split('{caseNumber}')[1]?.replace(/^\//, '') ?? '').replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    // Only a well-formed id is written into the trail; anything else stays the placeholder.
    const value = params[name];
    return value !== undefined && /^[\w-]{1,64}$/.test(value) ? value : placeholder;
  });
  if (route.method === 'GET') return tail ? `read:${tail}` : 'read';
  return tail || route.method.toLowerCase();
}

/** Whether the caller may read the case: undefined when there is no such case (or no such caller). */
async function mayRead(deps: { store: CaseStore; province: Province }, event: HttpEvent, caseNumber: string): Promise<boolean | undefined> {
  // On the way out of a refusal: a failed read must not turn the caller's 4xx into a 500.
  const c = await deps.store.getCaseRecord(caseNumber).catch(() => undefined);
  if (!c) return undefined;
  try {
    assertMayRead(actorOf(event, deps.province), c, deps.province.tree);
    return true;
  } catch (error) {
    if (error instanceof DomainError) return false;
    throw error;
  }
}
