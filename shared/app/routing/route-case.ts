import type { CaseDecision } from '../../domain/access.js';
import type { Case, CaseEvent, CaseMessage, Category } from '../../domain/case.js';
import { DomainError, InvalidTransition, VersionConflict } from '../../domain/errors.js';
import { formatChinaLastDay } from '../../domain/case-number.js';
import { repeatChain } from '../repeat-chain.js';
import { handledBelow, type HandledBelow } from '../../domain/handled-below.js';
import { accusedUnitsOf, decideRoute, provinceUnits, routingContextFrom, unionOfAccused, type RoutingContext, type RoutingDecision, type RoutingSuggestion } from '../../domain/routing/index.js';
import { accusedGovernments, outermostAccusedOver } from '../../domain/routing/accused-government.js';
import type { Province } from '../../domain/province.js';
import { placeByTerritory, type TerritorialPlacement } from '../../domain/routing/territory-first.js';
import { changeCase } from '../change-case.js';
import { acceptance, declining, redirection, triaging, type CaseDecisionDeps } from '../handoff/decisions.js';
import type { OutboxMessage } from '../outbox.js';
import type { CaseCommit, CaseRecords } from '../ports.js';
import { handingDown } from './hand-down.js';
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

/** What deciding a route reads: a repeat's earlier case (is its review final?) and, with `learned`, the office's model. */
export type RoutePlanDeps = { province: Province; store: Pick<CaseRecords, 'getCaseRecord'>; learned?: LearnedRoutingDeps };

/**
 * A routing decision on the case as read, before it is applied: a case
 * re-read after a lost race gets the same decision applied to it.
 */
type RoutePlan = (
  | { kind: 'decline'; notice: string; reasons: string[] }
  | { kind: 'redirect'; body: string; notice: string; reasons: string[] }
  /** 受理 with the 交办 (or the transfer up the tree) it carries; refused, the case goes to the triage list. */
  | { kind: 'accept'; outcome: 'assign' | 'redirect' | 'transferUp'; reasons: string[]; accused: string[]; handover: HandoffCommandInput; category?: Category }
  /** To another office: down to where the matter belongs, or (`up`) above a government the report accuses. */
  | { kind: 'handDown'; to: string; reasons: string[]; up?: true }
  | { kind: 'triage'; reasons: string[]; accused: string[]; suggestion?: RoutingSuggestion }
) & {
  /** Governments the report accuses (第三十条) and the units of their places, recorded on the case with the decision. */
  accusedGovernments?: { jurisdictions: string[]; units: string[] };
};

/** A plan applied to a case: the change to store (none when there is nothing left to do) and the outcome it reports. */
interface RouteTaken {
  outcome: RoutingDecision['kind'] | TerritorialPlacement['kind'];
  reasons: string[];
  change: CaseCommit | undefined;
}

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
  if (c.status !== 'registered' || c.triage) return { outcome: 'alreadyDecided', caseNumber: c.caseNumber };
  const plan = await planRoute(deps, c);
  let taken: RouteTaken | undefined;
  await changeCase(deps, c.caseNumber, ROUTER, DECISION_OF[plan.kind], ({ case: current }, at) => (taken = takeRoute(deps.province, plan, current, at)).change);
  const { outcome, reasons } = taken!;
  return { outcome, caseNumber: c.caseNumber, reasons };
}

/** How many times a case registered above may be handed down in its registration before the router takes over (the tree's depth is less). */
const MAX_HAND_DOWNS = 4;

/**
 * Routes a case in the change that registers it (the mail intake): the same
 * decision the router takes, applied to the new case before it is stored, so
 * it is written once — registered, accepted and assigned, each step its own
 * event — instead of again by the router after a trip through its queue.
 * A case handed down is routed again at once where it now is. The change's
 * outbox replaces the registration's request to the router, which stays only
 * where routing failed (a read of the learned model, say) or after
 * MAX_HAND_DOWNS hand-downs (docs/storage.md "Routing at registration").
 */
export async function routeAtRegistration(
  deps: RoutePlanDeps,
  registered: { case: Case; outbox: readonly OutboxMessage[] },
  at: string,
): Promise<{ case: Case; events: CaseEvent[]; outbox: OutboxMessage[]; messages: CaseMessage[]; outcome?: RouteTaken['outcome'] }> {
  let current = registered.case;
  const events: CaseEvent[] = [];
  // A letter for post or the phone a decision keeps (a 不予受理 or 告知 to a petitioner without email): stored with the case.
  const messages: CaseMessage[] = [];
  const outbox: OutboxMessage[] = registered.outbox.filter((message) => message.queue !== 'routing');
  // The request to the router stands until a step decides the case: the registration's, then a hand-down's.
  let pending: readonly OutboxMessage[] = registered.outbox.filter((message) => message.queue === 'routing');
  let outcome: RouteTaken['outcome'] | undefined;
  for (let hop = 0; hop < MAX_HAND_DOWNS; hop++) {
    let plan: RoutePlan;
    let taken: RouteTaken;
    try {
      plan = await planRoute(deps, current);
      taken = takeRoute(deps.province, plan, current, at);
    } catch {
      // Routing never costs a registration (its number is drawn): a model that cannot be read now is the router's to retry.
      break;
    }
    if (!taken.change) break;
    events.push(...(taken.change.precededBy ?? []), taken.change.event);
    if (taken.change.message) messages.push(taken.change.message);
    current = taken.change.case;
    outcome = taken.outcome;
    if (plan.kind === 'handDown') {
      pending = taken.change.outbox ?? [];
      continue;
    }
    outbox.push(...(taken.change.outbox ?? []));
    pending = [];
    break;
  }
  outbox.push(...pending);
  return { case: current, events, outbox, messages, outcome };
}

const DECISION_OF: Record<RoutePlan['kind'], CaseDecision> = { decline: 'decline', redirect: 'redirect', accept: 'accept', handDown: 'transfer', triage: 'claim' };

/** The router's decision on the case as read (a registered case outside any triage list). */
async function planRoute(deps: RoutePlanDeps, c: Case): Promise<RoutePlan> {
  const context = contextOf(deps.province);
  // 复核 is final: the same matter again is not accepted (《信访工作条例》第三十六条).
  const chain = await repeatChain(deps.store, c.repeatOf ? await deps.store.getCaseRecord(c.repeatOf) : undefined);
  const final = chain.find((earlier) => earlier.reviewLevel === 2);
  if (final) {
    const notice = `您反映的事项已于此前登记（编号 ${final.caseNumber}），并已经复核，复核意见为最终意见。依照《信访工作条例》，对同一事实和理由提出的投诉请求不再受理。`;
    return { kind: 'decline', notice, reasons: [`重复信访：与 ${final.caseNumber} 为同一事项，该事项已经复核，复核意见为最终意见，不再受理（《信访工作条例》第三十六条）。`] };
  }
  // 第十九条: handled below within its limits and raised again here (a visit, a call, the portal) — not accepted anew.
  // The mail intake links such an email to the open case before registering it; a registration is declined, saying where it is handled.
  const below = chain.map((earlier) => handledBelow(earlier, c.receivingOffice, c.receivedAt, deps.province.tree)).find((found) => found);
  if (below) return handledBelowDecline(deps.province, below);
  // Received (or handed down) at the level the report accuses: the level above decides everything, a decline included.
  const up = handUpFromAccused(c, context);
  if (up) return up;
  const routing = deps.learned ? { ...context, segmenter: deps.learned.segmenter } : context;
  let decision = decideRoute(c, routing);
  // The model is read only for a case the rules leave to staff: most cases cost no read.
  if (decision.kind === 'triage' && deps.learned) decision = decideRoute(c, { ...routing, learned: await learnedRoutingFor({ ...deps.learned, province: deps.province }, c.jurisdiction) });
  // A report against a local government: none of its offices or units is given the case either (第三十条).
  const governments = decision.kind === 'decline' ? [] : (decision.accusedJurisdictions ?? []);
  const under = unitsUnder(context, governments);
  const plan = planFor(c, decision, unionOfAccused(accusedOf(c, context), under), context);
  return governments.length ? { ...plan, accusedGovernments: { jurisdictions: governments, units: under } } : plan;
}

function planFor(c: Case, decision: RoutingDecision, accused: string[], context: RoutingContext): RoutePlan {
  switch (decision.kind) {
    case 'decline':
      return { kind: 'decline', notice: decision.notice, reasons: decision.reasons };
    case 'redirect':
      // The competent body is a unit in the tree: accept and hand it over, the petitioner is told who.
      if (decision.transferTo) return { kind: 'accept', outcome: 'redirect', reasons: decision.reasons, accused, handover: assignment(c, { lead: decision.transferTo.unit, cooperating: [], reasons: decision.reasons }) };
      return { kind: 'redirect', body: decision.body, notice: decision.notice, reasons: decision.reasons };
    case 'assign':
      return {
        kind: 'accept',
        outcome: 'assign',
        reasons: decision.reasons,
        accused,
        handover: assignment(c, decision),
        ...(decision.category && !c.category ? { category: decision.category } : {}),
      };
    case 'triage': {
      // 属地管理、分级负责: before the office's triage list, the level the matter belongs to — unless the matter is
      // another place's, which staff decide (a level below would not have it either).
      const placed = decision.outside ? undefined : placeByTerritory({ ...c, accusedUnits: accused }, decision, context);
      if (placed?.kind === 'handDown') return { kind: 'handDown', to: placed.to, reasons: placed.reasons };
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
        return { kind: 'accept', outcome: 'transferUp', reasons: placed.reasons, accused, handover: transfer };
      }
      return { kind: 'triage', reasons: decision.reasons, accused, ...(decision.suggestion ? { suggestion: decision.suggestion } : {}) };
    }
  }
}

/**
 * Applies a plan to the case as it stands. An assignment the case refuses (a
 * unit the report accuses, one that no longer exists) refuses the acceptance
 * too: the case goes to the office's triage list with the reason, for staff to decide.
 */
function takeRoute(province: Province, plan: RoutePlan, read: Case, at: string): RouteTaken {
  // Recorded with whatever the decision does, so no later handoff takes the case to them either.
  const governments = plan.accusedGovernments;
  const current: Case = governments
    ? { ...read, accusedJurisdictions: unionOfAccused(read.accusedJurisdictions, governments.jurisdictions), accusedUnits: unionOfAccused(read.accusedUnits, governments.units) }
    : read;
  switch (plan.kind) {
    case 'decline':
      return { outcome: 'decline', reasons: plan.reasons, change: declining(province, current, ROUTER, plan.notice, plan.reasons, at) };
    case 'redirect':
      return { outcome: 'redirect', reasons: plan.reasons, change: redirection(province, current, ROUTER, plan.body, plan.notice, plan.reasons, at) };
    case 'handDown':
      return {
        outcome: 'handDown',
        reasons: plan.reasons,
        change: handingDown(province, current, plan.to, plan.reasons, at, plan.up === true),
      };
    case 'triage':
      return { outcome: 'triage', reasons: plan.reasons, change: triaging(current, plan.reasons, plan.accused, plan.suggestion, at) };
    case 'accept':
      try {
        const opts = { reasons: plan.reasons, accusedUnits: plan.accused, thenAssign: plan.handover, ...(plan.category ? { category: plan.category } : {}) };
        return { outcome: plan.outcome, reasons: plan.reasons, change: acceptance(province, current, ROUTER, opts, at) };
      } catch (error) {
        if (!(error instanceof DomainError) || error instanceof VersionConflict || error instanceof InvalidTransition) throw error;
        const what = plan.handover.action === 'transfer' ? '转办' : '交办';
        const lead = 'lead' in plan.handover ? plan.handover.lead : plan.handover.caseNumber;
        // The refusal is the API's own English wording: shown as it is, after the Chinese.
        const reasons = [...plan.reasons, `${what}至${lead}未能完成（${error.message}），请人工分办。`];
        return { outcome: 'triage', reasons, change: triaging(current, reasons, plan.accused, undefined, at) };
      }
  }
}

/** The router's assignment to the unit in charge, applied with the acceptance (acceptance's thenAssign). */
function assignment(c: Case, decision: { lead: string; cooperating: string[]; reasons: string[] }): HandoffCommandInput {
  return {
    id: `route:${c.caseNumber}`,
    action: 'assign',
    caseNumber: c.caseNumber,
    lead: decision.lead,
    cooperating: decision.cooperating,
    by: ROUTER.system,
    // The office routing it now: the one it came to, or the one it was handed down to (which a return goes back to).
    byJurisdiction: c.jurisdiction,
    reason: decision.reasons.join(' '),
  };
}

/**
 * A report received at (or handed down to) a level whose government it
 * accuses goes to the office of the level above, before anything is decided
 * there: neither that level nor any below it handles it (第三十条).
 */
function handUpFromAccused(c: Case, context: RoutingContext): RoutePlan | undefined {
  const text = [c.subject, c.matter].filter((part) => part).join('\n');
  const governments = accusedGovernments({ text, ...(c.category ? { category: c.category } : {}), known: c.accusedJurisdictions, notAccused: c.notAccused?.places }, c.jurisdiction, context.tree);
  const accusedHere = outermostAccusedOver(c.jurisdiction, governments, context.tree);
  const above = accusedHere ? context.tree.parentOf(accusedHere) : undefined;
  if (!accusedHere || !above) return undefined;
  const reason = `举报涉及${context.tree.get(accusedHere).name}党委政府或其领导：不交${context.tree.get(accusedHere).name}及其下级办理，转${above.name}信访部门办理（《信访工作条例》第三十条）。`;
  return { kind: 'handDown', up: true, to: above.code, reasons: [reason], accusedGovernments: { jurisdictions: governments, units: unitsUnder(context, governments) } };
}

/** Every unit of the accused governments' jurisdictions and below. */
function unitsUnder(context: RoutingContext, governments: readonly string[]): string[] {
  if (governments.length === 0) return [];
  return provinceUnits(context)
    .filter((unit) => governments.some((government) => context.tree.isWithin(unit.jurisdiction, government)))
    .map((unit) => unit.id);
}

/** Units the report accuses, kept on the case so no later handoff reaches them either: those found at registration and since, plus any new. */
function accusedOf(c: Case, context: RoutingContext): string[] {
  return accusedUnitsOf(c, provinceUnits(context), [], context.tree);
}

/** 不予受理 under 第十九条: the matter stays with the level handling it, and the petitioner is told which and until when. */
function handledBelowDecline(province: Province, below: HandledBelow): RoutePlan {
  const holder = province.jurisdiction(below.jurisdiction).office.name;
  const until = below.suspended ? '办理期限现因听证、鉴定等依法中止，恢复后相应顺延' : `办理期限至${formatChinaLastDay(below.deadline)}`;
  return {
    kind: 'decline',
    notice: `您反映的事项已由${holder}受理（登记编号 ${below.caseNumber}），正在规定期限内办理，${until}。依照《信访工作条例》第十九条，信访事项已经受理或者正在办理，在规定期限内向上级机关再提出同一信访事项的，不再另行受理；该事项由${holder}继续办理并答复您。`,
    reasons: [`第十九条：与 ${below.caseNumber} 为同一事项，正由${holder}在规定期限内办理（${until}），不另行受理。`],
  };
}
