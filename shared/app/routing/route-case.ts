import { handledBelowWords } from '../../domain/handled-below.js';
import { routingContextOf } from './context.js';
import type { CaseDecision } from '../../domain/access.js';
import type { Case, CaseEvent, CaseMessage, Category, Petitioner } from '../../domain/case.js';
import { DomainError, InvalidTransition, VersionConflict } from '../../domain/errors.js';
import { formatChinaLastDay } from '../../domain/case-number.js';
import { CLOCK_LABELS, CLOCK_PENDING_WORDS } from '../../domain/chase.js';
import { repeatChain } from '../repeat-chain.js';
import { readableWherever } from '../may-read.js';
import { sameMatterStanding, standingWords, type SameMatter } from '../../domain/same-matter.js';
import { accusedUnitsOf, decideRoute, provinceUnits, unionOfAccused, type RoutingContext, type RoutingDecision, type RoutingSuggestion } from '../../domain/routing/index.js';
import { accusedGovernments, outermostAccusedOver } from '../../domain/routing/accused-government.js';
import type { Province } from '../../domain/province.js';
import { placeByTerritory, type TerritorialPlacement } from '../../domain/routing/territory-first.js';
import { changeCase } from '../change-case.js';
import { acceptance, declining, redirection, triaging, type CaseDecisionDeps, type DecidingActor } from '../handoff/decisions.js';
import { bypassOf } from '../../domain/routing/bypass.js';
import { forwardNotice, withNotice } from '../handoff/notices.js';
import { repeatReceived, type OutboxMessage } from '../outbox.js';
import type { CaseCommit, CaseRecords } from '../ports.js';
import { HAND_DOWN_ACTOR, handingDown } from './hand-down.js';
import type { HandoffCommandInput } from '../handoff/commands.js';
import type { RoutingRequest } from '../notification.js';
import { learnedRoutingFor, type LearnedRoutingDeps } from './learn-routing.js';

const ROUTER = { system: 'system:router' } as const;

export type RouteOutcome =
  | { outcome: RoutingDecision['kind'] | TerritorialPlacement['kind']; caseNumber: string; reasons: string[] }
  | { outcome: 'alreadyDecided' | 'notFound'; caseNumber: string };

/** The router's deps; with `learned`, keywords match whole words and the office's learned model speaks where they are not confident. */
export type RouterDeps = CaseDecisionDeps & { learned?: LearnedRoutingDeps };

/** What deciding a route reads: a repeat's earlier case (is its review final?) and, with `learned`, the office's model. */
export type RoutePlanDeps = { province: Province; store: Pick<CaseRecords, 'getCaseRecord'>; learned?: LearnedRoutingDeps };

/**
 * A routing decision on the case as read, before it is applied: a case
 * re-read after a lost race gets the same decision applied to it.
 */
export type RoutePlan = (
  /** `merge`: a repeat's earlier case, still open, which gets this one's material. */
  | { kind: 'decline'; notice: string; reasons: string[]; merge?: string; supervise?: RoutingRequest['supervise']; bypass?: Case['bypass'] }
  | { kind: 'redirect'; body: string; notice: string; reasons: string[]; category?: Category }
  /** 受理 with the 交办 (or the transfer up the tree) it carries; refused, the case goes to the triage list. */
  | { kind: 'accept'; outcome: 'assign' | 'redirect' | 'transferUp'; reasons: string[]; accused: string[]; handover: HandoffCommandInput; category?: Category }
  /** To another office: down to where the matter belongs, or (`up`) above a government the report accuses. */
  | { kind: 'handDown'; to: string; reasons: string[]; up?: true }
  | { kind: 'triage'; reasons: string[]; accused: string[]; suggestion?: RoutingSuggestion; category?: Category }
) & {
  /** Governments the report accuses (第三十条) and the units of their places, recorded on the case with the decision. */
  accusedGovernments?: { jurisdictions: string[]; units: string[] };
  /** Decided by where the matter of a repeat stands (sameMatterStanding), not by the routing rules. */
  sameMatter?: true;
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
  if (c.status !== 'registered' || c.triage || reopenedByOffice(found.events)) return { outcome: 'alreadyDecided', caseNumber: c.caseNumber };
  const plan = await planRoute(deps, c);
  let taken: RouteTaken | undefined;
  await changeCase(deps, c.caseNumber, ROUTER, DECISION_OF[plan.kind], ({ case: current }, at) => (taken = takeRoute(deps.province, plan, current, at)).change);
  const { outcome, reasons } = taken!;
  return { outcome, caseNumber: c.caseNumber, reasons };
}

/**
 * An office that withdrew its decision (撤销原决定) puts the case back to
 * `registered` to decide it again itself: a routing request arriving after
 * that — redriven from the DLQ, a kept outbox item sent again — must not
 * decide it in the office's place (a second 不予受理 to a petitioner just told
 * the first was withdrawn). Requests follow a registration or a hand-down.
 */
function reopenedByOffice(events: readonly CaseEvent[]): boolean {
  const requested = events.findLastIndex((e) => e.type === 'registered' || (e.type === 'transferred' && e.actor === HAND_DOWN_ACTOR));
  return events.findLastIndex((e) => e.type === 'reopened') > requested;
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

/**
 * 关联为重复件 (shared/app/link-repeat.ts): what the router decides for a
 * case once it is linked as a repeat, when where the matter stands decides
 * it — declined as a 重复件 (its material for the open case), or to the triage
 * list for staff to judge — the very plan it takes for a repeat it flagged
 * itself. Undefined when the standing leaves the case to the routing rules
 * (nothing stands in the way; a report, routed as one).
 */
export async function planLinkedRepeat(deps: RoutePlanDeps, linked: Case): Promise<(RoutePlan & { kind: 'decline' | 'triage' }) | undefined> {
  const plan = await planRoute(deps, linked);
  return plan.sameMatter && (plan.kind === 'decline' || plan.kind === 'triage') ? plan : undefined;
}

/** That plan applied to the linked case as it stands, in the name of the staff member who linked it; undefined when it changes nothing (already on the triage list). */
export function takeLinkedRepeat(province: Province, plan: RoutePlan & { kind: 'decline' | 'triage' }, linked: Case, at: string, actor: DecidingActor): CaseCommit | undefined {
  return takeRoute(province, plan, linked, at, actor).change;
}

const DECISION_OF: Record<RoutePlan['kind'], CaseDecision> = { decline: 'decline', redirect: 'redirect', accept: 'accept', handDown: 'transfer', triage: 'claim' };

/** The router's decision on the case as read (a registered case outside any triage list). */
async function planRoute(deps: RoutePlanDeps, c: Case): Promise<RoutePlan> {
  const context = routingContextOf(deps.province);
  // The same petitioner's same matter: final, handled below, open, or answered with a review still to ask for.
  // Judged where the petition came, as 第十九条 reads: a case handed down from there is judged as it was there.
  // Only cases the offices reading this one may read: nothing here names (or declines it for) a case kept from them.
  const chain = await repeatChain(deps.store, c.repeatOf ? await deps.store.getCaseRecord(c.repeatOf) : undefined, readableWherever(c, deps.province.tree));
  const found = sameMatterStanding(chain, c.receivingOffice, c.receivedAt, deps.province.tree, deps.province);
  // Received (or handed down) at the level the report accuses: the level above decides everything, a decline included.
  const up = handUpFromAccused(c, context);
  // A report of someone's conduct is never folded into a case (or declined by an office) it may accuse: routed as any report, by the rules of 第三十条.
  const accuses = Boolean(up) || (c.accusedUnits?.length ?? 0) > 0 || (c.accusedJurisdictions?.length ?? 0) > 0;
  const standing = found && accuses && found.kind !== 'final' ? undefined : found;
  // Brought to the level that would review it, within the window: likely a 复查 request in other words, which staff register on the answered case.
  const toReviewer = standing?.kind === 'reviewOpen' && standing.reviewer === c.receivingOffice ? standing : undefined;
  // A group now raising what was raised without one (集体访, 条例 第二十条): the head count and representatives are new, and
  // collective action may be urgent — staff judge it; a 不予受理 letter would fold the group into a case that records none of it.
  const groupNow = c.collective && standing && standing.kind !== 'final' && !chain.some((earlier) => earlier.collective) ? standing : undefined;
  if (standing && standing.kind !== 'reviewLapsed' && !toReviewer && !groupNow) return { ...sameMatterDecline(deps.province, c, standing), sameMatter: true };
  if (up) return up;
  const routing = deps.learned ? { ...context, segmenter: deps.learned.segmenter } : context;
  let decision = decideRoute(c, routing);
  // The model is read only for a case the rules leave to staff: most cases cost no read.
  if (decision.kind === 'triage' && deps.learned) decision = decideRoute(c, { ...routing, learned: await learnedRoutingFor({ ...deps.learned, province: deps.province }, c.jurisdiction) });
  // A report against a local government: none of its offices or units is given the case either (第三十条).
  const governments = decision.kind === 'decline' ? [] : (decision.accusedJurisdictions ?? []);
  const under = unitsUnder(context, governments);
  const accused = unionOfAccused(accusedOf(c, context), under);
  // Answered, and no review asked for in time: not accepted without good reason (无正当理由), which staff judge.
  const staffJudge = groupNow
    ? collectiveRepeatReason(c, groupNow.caseNumber)
    : standing?.kind === 'reviewLapsed'
      ? reviewLapsedReason(deps.province, standing)
      : toReviewer
        ? reviewAskedReason(deps.province, toReviewer)
        : undefined;
  const plan: RoutePlan = staffJudge ? { kind: 'triage', reasons: [staffJudge], accused, sameMatter: true } : planFor(c, decision, accused, context);
  return governments.length ? { ...plan, accusedGovernments: { jurisdictions: governments, units: under } } : plan;
}

/** Whether a letter can reach the petitioner: by email, by phone or at a postal address, under a name or none. */
function reachable(p: Petitioner): boolean {
  return !p.anonymous && Boolean(p.email || p.phone || p.address || p.workUnit);
}

function unreachableReason(body: string, p: Petitioner): string {
  const who = p.anonymous ? '匿名信访' : '信访人未留联系方式';
  return `${who}，无法告知信访人向${body}提出：请将材料转送${body}，或另行处理`;
}

function planFor(c: Case, decision: RoutingDecision, accused: string[], context: RoutingContext): RoutePlan {
  switch (decision.kind) {
    case 'decline':
      return { kind: 'decline', notice: decision.notice, reasons: decision.reasons };
    case 'redirect':
      // The competent body is a unit in the tree: accept and hand it over, the petitioner is told who.
      if (decision.transferTo) return { kind: 'accept', outcome: 'redirect', reasons: decision.reasons, accused, handover: assignment(c, { lead: decision.transferTo.unit, cooperating: [], reasons: decision.reasons }) };
      // Nobody to tell (an anonymous letter, or no way to reach the writer): 告知 would end the matter unheard.
      // Staff forward the material to that body (转送), or decide otherwise.
      if (!reachable(c.petitioner)) return { kind: 'triage', reasons: [...decision.reasons, unreachableReason(decision.body, c.petitioner)], accused };
      return {
        kind: 'redirect',
        body: decision.body,
        notice: decision.notice,
        reasons: decision.reasons,
        // Staff's class stands: the router classes only a case nobody has.
        ...(decision.category && !c.category ? { category: decision.category } : {}),
      };
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
      return {
        kind: 'triage',
        reasons: decision.reasons,
        accused,
        ...(decision.suggestion ? { suggestion: decision.suggestion } : {}),
        ...(decision.category && !c.category ? { category: decision.category } : {}),
      };
    }
  }
}

/**
 * Applies a plan to the case as it stands. An assignment the case refuses (a
 * unit the report accuses, one that no longer exists) refuses the acceptance
 * too: the case goes to the office's triage list with the reason, for staff to decide.
 */
function takeRoute(province: Province, plan: RoutePlan, read: Case, at: string, actor: DecidingActor = ROUTER): RouteTaken {
  // Recorded with whatever the decision does, so no later handoff takes the case to them either.
  const governments = plan.accusedGovernments;
  const current: Case = governments
    ? { ...read, accusedJurisdictions: unionOfAccused(read.accusedJurisdictions, governments.jurisdictions), accusedUnits: unionOfAccused(read.accusedUnits, governments.units) }
    : read;
  switch (plan.kind) {
    case 'decline': {
      const declined = withBypass(declining(province, current, actor, plan.notice, plan.reasons, at), plan.bypass);
      const merge = plan.merge ? [repeatReceived(plan.merge, current.caseNumber, plan.supervise)] : [];
      return { outcome: 'decline', reasons: plan.reasons, change: { ...declined, outbox: [...(declined.outbox ?? []), ...merge] } };
    }
    case 'redirect':
      return { outcome: 'redirect', reasons: plan.reasons, change: redirection(province, current, actor, plan.body, plan.notice, plan.reasons, at, plan.category) };
    case 'handDown':
      return {
        outcome: 'handDown',
        reasons: plan.reasons,
        change: handingDown(province, current, plan.to, plan.reasons, at, plan.up === true),
      };
    case 'triage':
      return { outcome: 'triage', reasons: plan.reasons, change: handedDownTold(province, current, triaging(current, plan.reasons, plan.accused, plan.suggestion, at, actor, plan.category), at) };
    case 'accept':
      try {
        const opts = { reasons: plan.reasons, accusedUnits: plan.accused, thenAssign: plan.handover, ...(plan.category ? { category: plan.category } : {}) };
        return { outcome: plan.outcome, reasons: plan.reasons, change: acceptance(province, current, actor, opts, at) };
      } catch (error) {
        if (!(error instanceof DomainError) || error instanceof VersionConflict || error instanceof InvalidTransition) throw error;
        const what = plan.handover.action === 'transfer' ? '转办' : '交办';
        const lead = 'lead' in plan.handover ? plan.handover.lead : plan.handover.caseNumber;
        // The refusal is the API's own English wording: shown as it is, after the Chinese.
        const reasons = [...plan.reasons, `${what}至${lead}未能完成（${error.message}），请人工分办。`];
        return { outcome: 'triage', reasons, change: handedDownTold(province, current, triaging(current, reasons, plan.accused, undefined, at, actor), at) };
      }
  }
}

/**
 * 转送告知 for a petition the router handed down (or up, away from an office it
 * accuses) that now waits on another office's triage list: the petitioner, who
 * wrote to the receiving office, learns which office has it and until when it
 * decides (its own 15 days, 第二十三条). Told once, where it comes to rest — a
 * letter for each level it passed (省 → 市 → 县) would be posted twice for one
 * move; where the office below accepts, declines or redirects at once, that
 * letter names it instead.
 */
function handedDownTold(province: Province, current: Case, change: CaseCommit | undefined, at: string): CaseCommit | undefined {
  if (!change || current.jurisdiction === current.receivingOffice) return change;
  // Signed (and, on paper, posted) by the office the petitioner wrote to. Not when the report accuses that office's
  // government and the case went up away from it: that office may neither see the case nor its 待寄送 list (第三十条),
  // and the holder cannot say it forwarded the case to itself — its own 受理 decision, within its 15 days, tells them.
  const receiver = current.receivingOffice;
  if (current.accusedJurisdictions?.some((place) => province.tree.isWithin(receiver, place))) return change;
  return withNotice(change, forwardNotice(province, change.case, `forwarded:${current.caseNumber}:handedDown:${current.jurisdiction}`, at, receiver));
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
  const governments = accusedGovernments(
    { text, ...(c.category ? { category: c.category } : {}), known: c.accusedJurisdictions, notAccused: c.notAccused?.places, officials: context.officialsOf, holder: c.jurisdiction },
    c.jurisdiction,
    context.tree,
  );
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

/** A decline of a petition brought above the level handling it (第十九条): the case and its event record the 越级 (Case.bypass). */
function withBypass(change: CaseCommit, bypass: Case['bypass']): CaseCommit {
  if (!bypass) return change;
  return { ...change, case: { ...change.case, bypass }, event: { ...change.event, detail: { ...change.event.detail, bypass: bypass.levels } } };
}

/**
 * 不予受理 of a repeat whose matter stands elsewhere (sameMatterStanding):
 * the petitioner is told where it stands and what they may do; an open
 * case's holder gets the new material (a `repeatReceived` request to the router).
 */
function sameMatterDecline(province: Province, c: Case, standing: Exclude<SameMatter, { kind: 'reviewLapsed' }>): RoutePlan {
  const officeOf = (jurisdiction: string) => province.jurisdiction(jurisdiction).office.name;
  switch (standing.kind) {
    case 'final':
      return {
        kind: 'decline',
        // The rule (第三十六条) and what is left open: new facts and reasons are a matter of their own.
        notice:
          `您反映的事项已于此前登记（编号 ${standing.caseNumber}），并已经复核，复核意见为最终意见。依照《信访工作条例》第三十六条，信访事项经复核后，信访人以同一事实和理由再次提出的，不再受理。` +
          '如您有新的事实和理由，可以另行反映，并写明新的情况。',
        reasons: [`重复信访：与 ${standing.caseNumber} 为同一事项，该事项已经复核，复核意见为最终意见，不再受理（《信访工作条例》第三十六条）。`],
      };
    case 'handledBelow': {
      // Brought above the level handling it within its limits: 越级, counted and told as a hand-down's is — unless the
      // petitioner brought it here before and it was handed down from here (they came back to the office they wrote to).
      const bypass = standing.handedDownFromHere ? undefined : bypassOf(province.tree, c, standing.jurisdiction);
      // 谁承办谁答复: the unit handling it answers, as the petitioner's acceptance notice and the same refusal by email say.
      const holder = standing.unit ? province.unit(standing.unit).name : officeOf(standing.jurisdiction);
      const { doing, until } = standingWords(standing, c.receivedAt);
      return {
        kind: 'decline',
        // The level handling it gets what was brought up here, as an email on it would be added (linkIfHandledBelow).
        merge: standing.caseNumber,
        ...(bypass ? { bypass } : {}),
        notice: `您反映的事项已登记（登记编号 ${standing.caseNumber}），${handledBelowWords(standing, holder, doing, until)}；该事项由${holder}继续${doing}并答复您。`,
        reasons: [
          standing.handedDownFromHere
            ? `重复信访：与 ${standing.caseNumber} 为同一事项，本机关已交由${holder}办理，正在规定期限内${doing}（${until}），不另行受理。`
            : `第十九条：与 ${standing.caseNumber} 为同一事项，正由${holder}在规定期限内${doing}（${until}），不另行受理。`,
        ],
      };
    }
    case 'open': {
      // Whoever answers: the unit handling it, as the petitioner's acceptance notice said, else the office.
      const holder = standing.unit ? province.unit(standing.unit).name : officeOf(standing.jurisdiction);
      const { doing, until } = standingWords(standing, c.receivedAt);
      const when = until ? `，${until}` : '';
      return {
        kind: 'decline',
        merge: standing.caseNumber,
        notice: `您反映的事项已于此前登记（登记编号 ${standing.caseNumber}），${holder}正在${doing}${when}。您此次反映的是同一事项，已作为重复信访登记，您提供的情况和材料已转入原件一并${doing === '办理' ? '办理' : '审查'}，不再另行受理；该事项由${holder}继续${doing}并答复您。`,
        reasons: [`重复信访：与 ${standing.caseNumber} 为同一事项，正由${holder}${doing}${until ? `（${until}）` : ''}；本件材料并入原件，不另行受理。`],
      };
    }
    case 'overdueBelow': {
      // 谁承办谁答复: the unit handling it answers, as the petitioner's acceptance notice said, else that office.
      const holder = standing.unit ? province.unit(standing.unit).name : officeOf(standing.jurisdiction);
      const office = officeOf(c.jurisdiction);
      const lapsed = `${CLOCK_LABELS[standing.clock]}已于${formatChinaLastDay(standing.deadline)}届满`;
      return {
        kind: 'decline',
        // The material goes onto the case below, which is supervised from here (mergeRepeat: 督办, result reported up).
        merge: standing.caseNumber,
        supervise: { by: c.jurisdiction, clock: standing.clock, deadline: standing.deadline },
        notice:
          `您反映的事项已于此前登记（登记编号 ${standing.caseNumber}），由${holder}办理，${lapsed}，${CLOCK_PENDING_WORDS[standing.clock]}。` +
          `${office}已就该事项向${officeOf(standing.jurisdiction)}督办，要求抓紧办理、尽快答复您，并将办理结果报送${office}。您此次提供的情况和材料已转入原件一并办理，不再另行登记办理。`,
        reasons: [`逾期督办：与 ${standing.caseNumber} 为同一事项，由${holder}办理，${lapsed}（已超出规定期限，第十九条不再适用）；本件材料并入原件，由${office}督办，办理结果报送本机关，不另行登记办理。`],
      };
    }
    case 'reviewOpen': {
      const answered = standing.answeringUnit ? province.unit(standing.answeringUnit).name : officeOf(standing.answeredBy);
      const reviewer = officeOf(standing.reviewer);
      const review = standing.level === 1 ? '复查' : '复核';
      const by = formatChinaLastDay(standing.requestBy);
      return {
        kind: 'decline',
        notice:
          `您反映的事项已于此前登记（登记编号 ${standing.caseNumber}），${answered}已作出书面答复。您此次以同一事实和理由再次反映，不另行受理。` +
          `对答复意见不服的，可以向${reviewer}请求${review}，最迟于${by}提出：${standing.byEmail ? `回复答复意见书邮件并写明“申请${review}”及理由，或` : ''}凭查询码在网上信访申请，也可以到${reviewer}信访接待场所当面提出（《信访工作条例》第${standing.level === 1 ? '三十五' : '三十六'}条）。`,
        reasons: [`重复信访：与 ${standing.caseNumber} 为同一事项，${answered}已书面答复；不服的途径是向${reviewer}请求${review}（最迟于${by}提出），不另行受理（《信访工作条例》第${standing.level === 1 ? '三十五' : '三十六'}条）。`],
      };
    }
  }
}

/** Why a repeat brought to the level that would review the answer waits for staff: it may be the request for that review. */
function reviewAskedReason(province: Province, standing: Extract<SameMatter, { kind: 'reviewOpen' }>): string {
  const review = standing.level === 1 ? '复查' : '复核';
  return (
    `重复信访：与 ${standing.caseNumber} 为同一事项，${standing.answeringUnit ? province.unit(standing.answeringUnit).name : province.jurisdiction(standing.answeredBy).office.name}已书面答复，本机关是其${review}机关，请求${review}的期限至${formatChinaLastDay(standing.requestBy)}。` +
    `信访人不服答复的，请在原件 ${standing.caseNumber} 上登记${review}申请，本件不另行受理；反映新的事实和理由的，按新件办理。`
  );
}

/** Why a group's petition on a matter raised without one waits for staff (第二十条): the head count and representatives are new. */
function collectiveRepeatReason(c: Case, earlier: string): string {
  return (
    `集体访（${c.collective!.headCount}人）反映的事项与 ${earlier} 相同，该件未作集体访登记。` +
    `请核实人数和代表后决定：如属同一事项，可作不予受理（重复件）处理，并在原件中记录集体访情况；如有新的事实和理由，可另行受理。注意是否需要按紧急事项报告。`
  );
}

/** Why a repeat of an answered matter whose review window passed unused waits for staff: only good reason, or new facts, let it in. */
function reviewLapsedReason(province: Province, standing: Extract<SameMatter, { kind: 'reviewLapsed' }>): string {
  const review = standing.level === 1 ? '复查' : '复核';
  return (
    `重复信访：与 ${standing.caseNumber} 为同一事项，${standing.answeringUnit ? province.unit(standing.answeringUnit).name : province.jurisdiction(standing.answeredBy).office.name}已书面答复，请求${review}的期限已于${formatChinaLastDay(standing.requestBy)}届满而未请求。` +
    `无正当理由又以同一事实和理由提出的，不予受理；请核实有无正当理由或新的事实和理由后决定。`
  );
}
