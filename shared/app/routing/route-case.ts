import type { Case, Category } from '../../domain/case.js';
import { DomainError, InvalidTransition, VersionConflict } from '../../domain/errors.js';
import { accusedUnitsOf, decideRoute, provinceUnits, routingContextFrom, type RoutingContext, type RoutingDecision } from '../../domain/routing/index.js';
import type { Province } from '../../domain/province.js';
import { placeByTerritory, type TerritorialPlacement } from '../../domain/routing/territory-first.js';
import { acceptCase, declineCase, redirectCase, sendToTriage, type CaseDecisionDeps } from '../handoff/decisions.js';
import { handDownCase } from './hand-down.js';
import type { HandoffCommandInput } from '../handoff/commands.js';
import type { RoutingRequest } from '../notification.js';
import { learnedRoutingFor, type LearnedRoutingDeps } from './learn-routing.js';

const ROUTER = { system: 'system:router' } as const;

export type RouteOutcome =
  | { outcome: RoutingDecision['kind'] | TerritorialPlacement['kind']; caseNumber: string; reasons: string[] }
  | { outcome: 'alreadyDecided' | 'notFound'; caseNumber: string };

const contexts = new WeakMap<Province, RoutingContext>();
function contextOf(province: Province): RoutingContext {
  let context = contexts.get(province);
  if (!context) contexts.set(province, (context = routingContextFrom(province.config, province.tree)));
  return context;
}

/** The router's deps; with `learned`, keywords match whole words and the office's learned model speaks where they are not confident. */
export type RouterDeps = CaseDecisionDeps & { learned?: LearnedRoutingDeps };

/**
 * Routes a registered case ("属地管理、分级负责，谁主管、谁负责"): declines a
 * matter that belongs to a legal procedure, redirects another body's matter,
 * accepts and assigns it to the department in charge where the matter arose,
 * or leaves it in the office's triage list. Every decision is recorded with
 * the rules that made it. Safe to repeat: a case already decided is left alone;
 * the router's assignment is applied in the change that accepts the case.
 */
export async function routeCase(deps: RouterDeps, request: RoutingRequest): Promise<RouteOutcome> {
  try {
    return await routeOnce(deps, request);
  } catch (error) {
    // Two deliveries of one request raced and the other one decided first.
    if (error instanceof InvalidTransition) return { outcome: 'alreadyDecided', caseNumber: request.caseNumber };
    throw error;
  }
}

async function routeOnce(deps: RouterDeps, request: RoutingRequest): Promise<RouteOutcome> {
  const found = await deps.store.get(request.caseNumber);
  if (!found) return { outcome: 'notFound', caseNumber: request.caseNumber };
  const c = found.case;
  const context = contextOf(deps.province);
  if (c.status !== 'registered' || c.triage) return { outcome: 'alreadyDecided', caseNumber: c.caseNumber };

  // 复核 is final: the same matter again is not accepted (《信访工作条例》第三十五条).
  const final = c.repeatOf ? await deps.store.getCaseRecord(c.repeatOf) : undefined;
  if (final?.reviewLevel === 2) {
    const reasons = [`repeat of ${final.caseNumber}, re-reviewed and final`];
    const notice = `您反映的事项已于此前登记（编号 ${final.caseNumber}），并已经复核，复核意见为最终意见。依照《信访工作条例》，对同一事实和理由提出的投诉请求不再受理。`;
    await declineCase(deps, c.caseNumber, ROUTER, notice, { reasons });
    return { outcome: 'decline', caseNumber: c.caseNumber, reasons };
  }
  const routing = deps.learned ? { ...context, segmenter: deps.learned.segmenter } : context;
  let decision = decideRoute(c, routing);
  // The model is read only for a case the rules leave to staff: most cases cost no read.
  if (decision.kind === 'triage' && deps.learned) decision = decideRoute(c, { ...routing, learned: await learnedRoutingFor({ ...deps.learned, province: deps.province }, c.jurisdiction) });
  const accused = accusedOf(c, context);
  switch (decision.kind) {
    case 'decline':
      await declineCase(deps, c.caseNumber, ROUTER, decision.notice, { reasons: decision.reasons });
      break;
    case 'redirect':
      if (decision.transferTo) {
        // The competent body is a unit in the tree: accept and hand it over, the petitioner is told who.
        if (!(await acceptAndAssign(deps, c, decision.reasons, accused, { lead: decision.transferTo.unit, cooperating: [] }))) return triaged(c, decision.reasons);
      } else {
        await redirectCase(deps, c.caseNumber, ROUTER, decision.body, decision.notice, { reasons: decision.reasons });
      }
      break;
    case 'assign':
      if (!(await acceptAndAssign(deps, c, decision.reasons, accused, decision, decision.category && !c.category ? decision.category : undefined))) {
        return triaged(c, decision.reasons);
      }
      break;
    case 'triage': {
      // 属地管理、分级负责: before the office's triage list, the level the matter belongs to.
      const placed = placeByTerritory({ ...c, accusedUnits: accused }, decision, context);
      if (placed?.kind === 'handDown') {
        await handDownCase(deps, c.caseNumber, placed.to, placed.reasons);
        return { outcome: 'handDown', caseNumber: c.caseNumber, reasons: placed.reasons };
      }
      if (placed?.kind === 'transferUp') {
        const transfer: HandoffCommandInput = {
          id: `route:${c.caseNumber}`,
          action: 'transfer',
          caseNumber: c.caseNumber,
          toJurisdiction: placed.jurisdiction,
          lead: placed.unit,
          cooperating: [],
          by: ROUTER.system,
          byJurisdiction: c.jurisdiction,
          reason: placed.reasons.join(' '),
        };
        if (await acceptAndHandOver(deps, c, placed.reasons, accused, transfer)) return { outcome: 'transferUp', caseNumber: c.caseNumber, reasons: placed.reasons };
        return triaged(c, placed.reasons);
      }
      await sendToTriage(deps, c.caseNumber, decision.reasons, accused, decision.suggestion);
      break;
    }
  }
  return { outcome: decision.kind, caseNumber: c.caseNumber, reasons: decision.reasons };
}

/**
 * Accepts and assigns in one commit. An assignment the case refuses (a unit
 * the report accuses, one that no longer exists) refuses the acceptance too:
 * the case goes to the office's triage list with the reason, for staff to decide.
 */
async function acceptAndAssign(
  deps: CaseDecisionDeps,
  c: Case,
  reasons: string[],
  accused: string[],
  to: { lead: string; cooperating: string[] },
  category?: Category,
): Promise<boolean> {
  try {
    await acceptCase(deps, c.caseNumber, ROUTER, { reasons, accusedUnits: accused, ...(category ? { category } : {}), thenAssign: assignment(c, { ...to, reasons }) });
    return true;
  } catch (error) {
    if (!(error instanceof DomainError) || error instanceof VersionConflict || error instanceof InvalidTransition) throw error;
    await sendToTriage(deps, c.caseNumber, [...reasons, `the assignment to ${to.lead} was refused: ${error.message}; staff decide.`], accused);
    return false;
  }
}

/** Accepts and hands over in one commit (a transfer up the tree); refused: the office's triage list, with the reason. */
async function acceptAndHandOver(deps: CaseDecisionDeps, c: Case, reasons: string[], accused: string[], handover: HandoffCommandInput): Promise<boolean> {
  try {
    await acceptCase(deps, c.caseNumber, ROUTER, { reasons, accusedUnits: accused, thenAssign: handover });
    return true;
  } catch (error) {
    if (!(error instanceof DomainError) || error instanceof VersionConflict || error instanceof InvalidTransition) throw error;
    await sendToTriage(deps, c.caseNumber, [...reasons, `the transfer to ${'lead' in handover ? handover.lead : handover.caseNumber} was refused: ${error.message}; staff decide.`], accused);
    return false;
  }
}

const triaged = (c: Case, reasons: string[]): RouteOutcome => ({ outcome: 'triage', caseNumber: c.caseNumber, reasons });

/** The router's assignment to the unit in charge, applied with the acceptance (acceptCase's thenAssign). */
function assignment(c: Case, decision: { lead: string; cooperating: string[]; reasons: string[] }): HandoffCommandInput {
  return {
    id: `route:${c.caseNumber}`,
    action: 'assign',
    caseNumber: c.caseNumber,
    lead: decision.lead,
    cooperating: decision.cooperating,
    by: ROUTER.system,
    byJurisdiction: c.receivingOffice,
    reason: decision.reasons.join(' '),
  };
}

/** Units the report accuses, kept on the case so no later handoff reaches them either: those found at registration and since, plus any new. */
function accusedOf(c: Case, context: RoutingContext): string[] {
  return accusedUnitsOf(c, provinceUnits(context));
}
