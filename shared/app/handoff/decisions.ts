import { assertMayDecide, type Actor, type CaseDecision } from '../../domain/access.js';
import { actorId, changeCase, versionConflict, type ChangeDeps, type ChangingActor } from '../change-case.js';
import type { Case, CaseEvent, Category } from '../../domain/case.js';
import { clocksAfterAcceptance, clocksStopped } from '../../domain/clocks.js';
import { CaseNotFound, IdempotencyKeyReused } from '../../domain/errors.js';
import { applyCommand, type CaseCommand } from '../../domain/lifecycle.js';
import { recordOnCase } from '../../domain/messages.js';
import { unionOfAccused, type RoutingSuggestion } from '../../domain/routing/index.js';
import { letters, type OutboxMessage } from '../outbox.js';
import type { NotificationInput } from '../notification.js';
import type { CaseCommit, CaseStore, Publisher } from '../ports.js';
import type { Province } from '../../domain/province.js';
import { withHandoffNotices } from './apply-handoff.js';
import { handoffCommandSchema, handoffIdempotencyKey, type HandoffCommand, type HandoffCommandInput } from './commands.js';
import { withAcceptanceNotice, decidedAboveNotice, declineNotice, extensionDecidedNotice, extensionNotice, extensionReportedNotices, extensionRequestNotice, redirectNotice, withNotice } from './notices.js';
import { acceptanceNoticeDueAt, owingAcceptanceNotice } from '../../domain/acceptance-notice.js';
import { decideExtension, requestExtension } from '../../domain/extension.js';
import { planHandoff } from './plan.js';

/** What a decision on a case needs: everything it causes leaves through the outbox of its change. */
export type CaseDecisionDeps = ChangeDeps;

export interface DecisionDeps extends CaseDecisionDeps {
  store: CaseStore;
  /** Staff handoff requests go straight to the handoff queue: they change nothing until applied there. */
  handoff: Publisher<HandoffCommandInput>;
}

/** A system actor (the router) or a staff member; staff are checked against their scope. */
export type DecidingActor = ChangingActor;

/** A decision on the case as it stands, with what its new state causes — letters, a handoff (see changeCase). */
function decide(
  deps: CaseDecisionDeps,
  caseNumber: string,
  actor: DecidingActor,
  decision: CaseDecision,
  change: (current: Case, at: string) => { case: Case; event: CaseEvent },
  expectedVersion?: number,
  causes: (next: CaseCommit, at: string) => CaseCommit = (next) => next,
): Promise<Case> {
  return changeCase(deps, caseNumber, actor, decision, (found, at) => causes(change(found.case, at), at), expectedVersion);
}

function transition(current: Case, command: CaseCommand, at: string, actor: DecidingActor, detail?: Record<string, unknown>) {
  const next = applyCommand(current, command, { at, actor: actorId(actor) });
  return { case: next.case, event: detail ? { ...next.event, detail: { ...next.event.detail, ...detail } } : next.event };
}

export interface AcceptOptions {
  category?: Category;
  reasons?: string[];
  expectedVersion?: number;
  accusedUnits?: string[];
  thenAssign?: HandoffCommandInput;
}

/**
 * 受理: the office takes the case on; the handling clock starts. With
 * `thenAssign`, the assignment (交办, or the transfer up the tree) is applied in
 * the same change, each step its own event: nothing is accepted without its
 * assignment, and the case is written once, not again by the handoff function.
 */
export function acceptCase(deps: CaseDecisionDeps, caseNumber: string, actor: DecidingActor, opts: AcceptOptions = {}) {
  return changeCase(deps, caseNumber, actor, 'accept', ({ case: current }, at) => acceptance(deps.province, current, actor, opts, at), opts.expectedVersion);
}

/**
 * The change acceptCase stores, as a pure function of the case as it stands
 * (the mail intake applies it to a case it is registering: see
 * shared/app/routing/route-case.ts). A refused assignment throws its DomainError.
 */
export function acceptance(province: Province, current: Case, actor: DecidingActor, opts: AcceptOptions, at: string): CaseCommit {
  const next = transition(current, { action: 'accept', ...(opts.category ? { category: opts.category } : {}) }, at, actor, opts.reasons ? { reasons: opts.reasons } : undefined);
  const { triage: _t, ...rest } = next.case;
  const accepted: Case = {
    ...rest,
    // The first acceptance counts for statistics; a transfer to another office accepts again.
    acceptedAt: current.acceptedAt ?? at,
    // Whose decision it was: an office above that accepts a case held below (and hands it down) decided it, not the holder.
    acceptedIn: decidedAbove(province, current, actor) ?? current.jurisdiction,
    deadlines: clocksAfterAcceptance(next.case, at, province.timeLimitsFor(current.jurisdiction), province.calendar),
    // Added to, never replaced: material may have accused more units since the router read the case.
    ...(opts.accusedUnits?.length ? { accusedUnits: unionOfAccused(current.accusedUnits, opts.accusedUnits) } : {}),
  };
  if (!opts.thenAssign) {
    // No unit to name yet: the notice waits for one, but never past the acceptance limit (条例 第二十三条).
    const owing = owingAcceptanceNotice(accepted, current.acceptedAt !== undefined, current.deadlines.acceptance, at);
    const due = acceptanceNoticeDueAt(owing);
    if (due === undefined || due > at) return { case: owing, event: next.event };
    return withAcceptanceNotice(province, { case: owing, event: next.event }, at);
  }
  // A unit that does not exist, or one the report accuses, refuses the whole decision.
  if (!('system' in actor)) assertMayDecide(actor, 'assign', accepted, province.tree);
  const command = handoffCommandSchema.parse(opts.thenAssign);
  const handed = planHandoff(accepted, command, province, at);
  const change: CaseCommit = {
    case: handed.case,
    event: handed.event,
    precededBy: [next.event],
    outbox: learnedFrom(current, actor, command, at),
    // A staff member's 分办 answers 202 with the command id like a queued handoff: its record says it was applied (GET …/handoffs/{commandId}).
    ...('system' in actor ? {} : { idempotencyKey: handoffIdempotencyKey(command.id), outcome: 'applied' }),
  };
  return withHandoffNotices(province, command, change, accepted, at);
}

/** Staff routing a case from the triage list also teach their office's routing model (learnFromDecision). */
function learnedFrom(current: Case, actor: DecidingActor, command: HandoffCommand, at: string): OutboxMessage[] {
  if (!current.triage || 'system' in actor || command.action !== 'assign') return [];
  const decision = { id: command.id, office: current.jurisdiction, lead: command.lead, at };
  return [{ queue: 'routing', id: `learn:${decision.id}`, body: { caseNumber: current.caseNumber, reason: 'decided', decision } }];
}

/** 不予受理: with the reason, told to the petitioner (e.g. the legal route for a matter in litigation). */
export function declineCase(deps: CaseDecisionDeps, caseNumber: string, actor: DecidingActor, reason: string, opts: { reasons?: string[]; expectedVersion?: number } = {}) {
  return changeCase(deps, caseNumber, actor, 'decline', ({ case: current }, at) => declining(deps.province, current, actor, reason, opts.reasons, at), opts.expectedVersion);
}

/** The change declineCase stores, as a pure function of the case as it stands. */
export function declining(province: Province, current: Case, actor: DecidingActor, reason: string, reasons: string[] | undefined, at: string): CaseCommit {
  const next = transition(current, { action: 'decline', reason }, at, actor, reasons ? { reasons } : undefined);
  const { triage: _t, ...rest } = next.case;
  const declined: Case = { ...rest, deadlines: clocksStopped(next.case) };
  const above = decidedAbove(province, current, actor);
  const change = withNotice({ case: declined, event: next.event }, declineNotice(province, declined, reason, at, above));
  return withHolderTold(change, above ? decidedAboveNotice(province, declined, { by: above, what: '不予受理', reason }) : undefined);
}

/** The change with the office that held the case told, when an office above decided it (decidedAboveNotice). */
function withHolderTold(change: CaseCommit, notice: NotificationInput | undefined): CaseCommit {
  return notice ? { ...change, outbox: [...(change.outbox ?? []), ...letters(notice)] } : change;
}

/** The office above the case's own that decides it (its staff act on a subordinate's case), if it is not the holder's own. */
function decidedAbove(province: Province, current: Case, actor: DecidingActor): string | undefined {
  if ('system' in actor || actor.jurisdiction === current.jurisdiction) return undefined;
  return province.tree.isWithin(current.jurisdiction, actor.jurisdiction) ? actor.jurisdiction : undefined;
}

/** Not this office's: the petitioner is told which body to turn to. */
export function redirectCase(
  deps: CaseDecisionDeps,
  caseNumber: string,
  actor: DecidingActor,
  body: string,
  reason: string,
  opts: { reasons?: string[]; expectedVersion?: number } = {},
) {
  return changeCase(deps, caseNumber, actor, 'redirect', ({ case: current }, at) => redirection(deps.province, current, actor, body, reason, opts.reasons, at), opts.expectedVersion);
}

/** The change redirectCase stores, as a pure function of the case as it stands. */
export function redirection(
  province: Province,
  current: Case,
  actor: DecidingActor,
  body: string,
  reason: string,
  reasons: string[] | undefined,
  at: string,
  /** The class the router gives a case nobody has classed (纪检监察: 检举控告); staff's class is never replaced. */
  category?: Category,
): CaseCommit {
  const classed = category && !current.category ? { category } : {};
  const next = transition(current, { action: 'redirect', reason, toBody: body, ...classed }, at, actor, reasons ? { reasons } : undefined);
  const { triage: _t, ...rest } = next.case;
  const redirected: Case = { ...rest, deadlines: clocksStopped(next.case) };
  const above = decidedAbove(province, current, actor);
  const change = withNotice({ case: redirected, event: next.event }, redirectNotice(province, redirected, body, reason, at, above));
  return withHolderTold(change, above ? decidedAboveNotice(province, redirected, { by: above, what: `告知信访人向${body}提出`, reason }) : undefined);
}

/**
 * 首问责任制: the staff member takes ownership of the case until it is handed
 * over. Claimed again by the one who holds it, the case is answered as it is:
 * no second event (a double click, a second tab), once the right is checked.
 */
export function claimCase(deps: CaseDecisionDeps, caseNumber: string, actor: Actor) {
  return changeCase(deps, caseNumber, actor, 'claim', ({ case: current }, at) => {
    if (current.owner === actor.staffId) return undefined;
    const next = recordOnCase(current, 'noted', { at, actor: actor.staffId, detail: { claimed: true, previousOwner: current.owner } });
    return { case: { ...next.case, owner: actor.staffId }, event: { ...next.event, type: 'claimed' as const } };
  });
}

/** The router could not decide: the case waits in the office's triage list, with the reasons. */
export async function sendToTriage(
  deps: CaseDecisionDeps,
  caseNumber: string,
  reasons: string[],
  accusedUnits: string[] = [],
  suggestion?: RoutingSuggestion,
): Promise<Case> {
  return changeCase(deps, caseNumber, { system: 'system:router' }, 'claim', ({ case: current }, at) => triaging(current, reasons, accusedUnits, suggestion, at));
}

/** The change sendToTriage stores; none for a case already in triage or decided (two deliveries of one routing request). */
export function triaging(
  current: Case,
  reasons: string[],
  accusedUnits: string[],
  suggestion: RoutingSuggestion | undefined,
  at: string,
  actor: DecidingActor = { system: 'system:router' },
  /** The class the router gives a case nobody has classed (a 检举控告 for the discipline body); staff's class is never replaced. */
  category?: Category,
): CaseCommit | undefined {
  if (current.status !== 'registered' || current.triage) return undefined;
  const classed = category && !current.category ? { category } : {};
  const next = recordOnCase(current, 'noted', { at, actor: actorId(actor), detail: { reasons, ...classed } });
  return {
    case: {
      ...next.case,
      ...classed,
      triage: { since: at, reasons, ...(suggestion ? { suggestion } : {}) },
      ...(accusedUnits.length ? { accusedUnits: unionOfAccused(current.accusedUnits, accusedUnits) } : {}),
    },
    event: { ...next.event, type: 'sentToTriage' as const },
  };
}

/**
 * Asks for a handoff (assign, transfer, return): checked now against the
 * case as it stands, so the caller hears at once what is not allowed, then
 * queued on the case's FIFO group to be applied in order by the handoff function.
 */
export async function requestHandoff(deps: DecisionDeps, command: HandoffCommandInput, actor: DecidingActor): Promise<{ commandId: string }> {
  const found = await deps.store.get(command.caseNumber);
  if (!found) throw new CaseNotFound(command.caseNumber);
  // Asked before under the same Idempotency-Key and already applied or refused: that command's answer, not a second one
  // (nor a 409 from the case it already changed, nor a 403 where it changed who may decide it — a unit's 退回, a
  // 转办 up the tree — to whoever may still read the case). Still waiting in the queue: queued again under its id, applied once.
  if (command.fingerprint !== undefined) {
    if (!('system' in actor)) assertMayDecide(actor, 'read', found.case, deps.province.tree);
    const before = await deps.store.findIdempotencyRecord(handoffIdempotencyKey(command.id));
    if (before?.fingerprint !== undefined && before.fingerprint !== command.fingerprint) {
      throw new IdempotencyKeyReused(`this Idempotency-Key was already used for another handoff of case ${command.caseNumber}`).inChinese('该请求编号已用于另一项交办、转办或退回，请刷新后重新提交');
    }
    if (before) return { commandId: command.id };
  }
  if (!('system' in actor)) assertMayDecide(actor, command.action, found.case, deps.province.tree);
  if (command.expectedVersion !== undefined && found.case.version !== command.expectedVersion) throw versionConflict(found, command.expectedVersion, deps.province);
  const at = deps.clock.now().toISOString();
  planHandoff(found.case, handoffCommandSchema.parse(command), deps.province, at);
  // When it was asked for: a refusal on the case says so (handoffRefused).
  const asked = { ...command, requestedAt: command.requestedAt ?? at };
  await deps.handoff.publish([{ id: command.id, body: asked, groupId: command.caseNumber }]);
  return { commandId: command.id };
}

/** 延期申请: the handling unit asks a leader for more time (once, at most 30 days, 5 working days ahead). */
export function requestCaseExtension(deps: CaseDecisionDeps, caseNumber: string, actor: Actor, request: { days: number; reason: string }) {
  return decide(
    deps,
    caseNumber,
    actor,
    'requestExtension',
    (current, at) => requestExtension(current, request, { at, actor: actor.staffId, calendar: deps.province.calendar, rules: deps.province.extensionRulesFor(current.jurisdiction) }),
    undefined,
    (requested) => ({ ...requested, outbox: letters(extensionRequestNotice(deps.province, requested.case)) }),
  );
}

/** A leader approves (the deadline moves, the petitioner is told why) or refuses (with a reason). */
export function decideCaseExtension(
  deps: CaseDecisionDeps,
  caseNumber: string,
  actor: Actor,
  decision: { approve: true } | { approve: false; reason: string },
) {
  return decide(
    deps,
    caseNumber,
    actor,
    'decideExtension',
    (current, at) => decideExtension(current, decision, { at, actor: actor.staffId, calendar: deps.province.calendar }),
    undefined,
    (decided, at) => {
      // The unit that asked hears the answer either way; the petitioner is told only of more time, and why.
      const told = {
        ...decided,
        outbox: [...(decided.outbox ?? []), ...letters(extensionDecidedNotice(deps.province, decided.case), ...extensionReportedNotices(deps.province, decided.case))],
      };
      return decision.approve ? withNotice(told, extensionNotice(deps.province, decided.case, at)) : told;
    },
  );
}

/**
 * The office's decision on a case in the triage list: accept it (if not yet)
 * and assign it, committed together — or, once accepted, the assignment alone.
 */
export async function decideTriage(
  deps: DecisionDeps,
  caseNumber: string,
  actor: Actor,
  decision: { lead: string; cooperating: string[]; category?: Category; commandId: string },
): Promise<{ commandId: string }> {
  const assign: HandoffCommandInput = {
    id: decision.commandId,
    action: 'assign',
    caseNumber,
    lead: decision.lead,
    cooperating: decision.cooperating,
    by: actor.staffId,
    byJurisdiction: actor.jurisdiction,
    reason: 'triage decision',
    requestedAt: deps.clock.now().toISOString(),
  };
  const found = await deps.store.getCaseRecord(caseNumber);
  if (found?.status !== 'registered') return requestHandoff(deps, assign, actor);
  await acceptCase(deps, caseNumber, actor, { ...(decision.category ? { category: decision.category } : {}), thenAssign: assign });
  return { commandId: assign.id };
}
