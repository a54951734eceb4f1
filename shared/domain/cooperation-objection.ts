import type { Case, CaseEvent, CooperationObjection } from './case.js';
import { chinaLastDay, formatChinaLastDay } from './case-number.js';
import { InvalidTransition, RuleViolation } from './errors.js';
import { STATUS_LABELS } from './labels.js';
import { changed, OBJECTION_WORKING_DAYS, pendingReturnRequest, windowOpenAt } from './objection.js';

/**
 * 条例 第二十三条 for a cooperating unit (配合单位): named on a case it holds
 * is not its duty, it objects — 本单位不承担该事项的配合职责, with its reasons —
 * within 5 working days of being named, once per naming. Unlike the lead,
 * which returns the case itself, it does not leave on its own word: the office
 * that named it decides. Agreed, it leaves the cooperating list (and the lead
 * waits for no 协办意见 from it); refused with reasons, it stays and cooperates.
 * Past the window it may no longer object by itself.
 */

const WORKED = new Set<Case['status']>(['assigned', 'inProgress']);

/**
 * When and by whom the cooperating units of the case were named, and until
 * when they may object: the handoff that named them is the one that gave the
 * lead its window (objection.ts), so they share it.
 */
export function cooperationWindow(c: Pick<Case, 'objectionWindow' | 'handling'>, unit: string): { from: string; namedAt: string; until: string } | undefined {
  const window = c.objectionWindow;
  if (!window || !c.handling || window.unit !== c.handling.lead || !c.handling.cooperating.includes(unit)) return undefined;
  return { from: window.from, namedAt: window.receivedAt, until: window.until };
}

/** Whether `unit` may still object to its naming at `at` (without a time: the window aside). */
export function mayObjectToCooperation(c: Case, unit: string, at?: string): boolean {
  const window = cooperationWindow(c, unit);
  return WORKED.has(c.status) && window !== undefined && (at === undefined || windowOpenAt(c, window.until, at)) && !objectedTo(c, unit, window.namedAt);
}

/**
 * The objections waiting for the office: of units still cooperating on a case
 * still handled, under the naming they objected to. A later handoff that names
 * the unit again (a new window) answers the earlier objection as surely as a
 * decision: the unit may object to the new naming, once.
 */
export function pendingCooperationObjections(c: Pick<Case, 'cooperationObjections' | 'status' | 'handling' | 'objectionWindow'>): CooperationObjection[] {
  if (!WORKED.has(c.status)) return [];
  return (c.cooperationObjections ?? []).filter((o) => o.status === 'objected' && cooperationWindow(c, o.unit)?.namedAt === o.namedAt);
}

/**
 * What puts a case on an office's 待批退回 list: the lead's 申请退回 waiting
 * for it, else the earliest 协办异议 waiting for it — both handoffs the unit
 * cannot make alone (条例第二十三条), which the office finds there rather than
 * only in its mailbox. One entry a case: the request first, as it holds the
 * whole case.
 */
export function awaitingOfficeApproval(c: Pick<Case, 'returnRequest' | 'cooperationObjections' | 'status' | 'handling' | 'objectionWindow'>): { office: string; since: string } | undefined {
  const request = pendingReturnRequest(c);
  if (request) return { office: request.approvalBy, since: request.requestedAt };
  const [first] = pendingCooperationObjections(c).sort((a, b) => a.at.localeCompare(b.at));
  return first ? { office: first.decidesBy, since: first.at } : undefined;
}

/** Why no objection of `unit` waits, as the office asking to decide one is told. */
function nothingToDecide(c: Case, unit: string): InvalidTransition {
  const refusal = new InvalidTransition('decideCooperationObjection', c.status, `no objection of ${unit} to cooperating waits`).inChinese(whyNothingWaits(c, unit));
  // The case's state is no field of the request; the other reasons are about the unit named.
  return waitedFor(c, unit) && !WORKED.has(c.status) ? refusal : refusal.about('unit');
}

const waitedFor = (c: Case, unit: string) => (c.cooperationObjections ?? []).some((o) => o.unit === unit && o.status === 'objected');

function whyNothingWaits(c: Case, unit: string): string {
  if (!waitedFor(c, unit)) return '该单位没有待审批的协办异议';
  if (!WORKED.has(c.status)) return `该事项${STATUS_LABELS[c.status]}，协办异议不再审批`;
  if (!c.handling?.cooperating.includes(unit)) return '该单位已不是该事项的协办单位，协办异议无需审批';
  return '该单位已被重新确定为协办单位，此前的协办异议无需审批；对本次确定可另行提出异议';
}

const objectedTo = (c: Pick<Case, 'cooperationObjections'>, unit: string, namedAt: string) => (c.cooperationObjections ?? []).some((o) => o.unit === unit && o.namedAt === namedAt);

export function objectToCooperation(c: Case, reason: string, meta: { at: string; actor: string; unit: string }): { case: Case; event: CaseEvent } {
  if (!WORKED.has(c.status) || !c.handling) {
    throw new InvalidTransition('objectCooperation', c.status, 'a cooperating unit objects while the lead handles the case').inChinese('协办单位应当在主办单位办理期间提出异议');
  }
  if (!c.handling.cooperating.includes(meta.unit)) {
    throw new RuleViolation(`${meta.unit} does not cooperate on this case`, { unit: meta.unit }).inChinese(`${meta.unit} 不是该事项的协办单位`);
  }
  const window = cooperationWindow(c, meta.unit);
  if (!window) {
    throw new RuleViolation('this unit was not named with a window to object (条例第二十三条); ask the office that named it', { unit: meta.unit }).inChinese(
      '本单位被确定为协办单位时没有异议期（《信访工作条例》第二十三条），请与确定协办单位的信访部门联系',
    );
  }
  if (!windowOpenAt(c, window.until, meta.at)) {
    throw new RuleViolation(
      `the ${OBJECTION_WORKING_DAYS} working days to object to being named a cooperating unit ended on ${chinaLastDay(window.until)} (条例第二十三条); the unit cooperates on the case — if it truly is not its duty, ask the office that named it`,
      { objectionUntil: window.until, decidesBy: window.from },
    ).inChinese(`对确定为协办单位提出异议的 ${OBJECTION_WORKING_DAYS} 个工作日已于${formatChinaLastDay(window.until)}届满（《信访工作条例》第二十三条），不能再自行提出；确不属于本单位职责的，请与确定协办单位的信访部门联系`);
  }
  if (objectedTo(c, meta.unit, window.namedAt)) {
    throw new RuleViolation('a unit objects once to being named a cooperating unit', { unit: meta.unit }).inChinese('本单位已对本次确定协办提出过异议，每次确定只能提出一次');
  }
  const why = reason.trim();
  if (why === '') {
    throw new RuleViolation('an objection needs the reasons the unit bears no duty to cooperate (they are sent to the office)').inChinese('提出异议需要说明本单位不承担该事项配合职责的理由（理由将发送给信访部门）').about('reason');
  }
  const objection: CooperationObjection = { unit: meta.unit, reason: why, by: meta.actor, at: meta.at, namedAt: window.namedAt, decidesBy: window.from, status: 'objected' };
  return changed(c, { ...c, cooperationObjections: [...(c.cooperationObjections ?? []), objection] }, 'cooperationObjected', meta, why, { unit: meta.unit, decidesBy: window.from, namedAt: window.namedAt });
}

/**
 * The office decides a waiting objection: agreed, the unit leaves the case's
 * cooperating units; refused, with reasons, it stays and must cooperate.
 */
export function decideCooperationObjection(c: Case, unit: string, decision: { agree: boolean; reason: string }, meta: { at: string; actor: string }): { case: Case; event: CaseEvent } {
  const waiting = pendingCooperationObjections(c).find((o) => o.unit === unit);
  if (!waiting) throw nothingToDecide(c, unit);
  const refusal = decision.reason.trim();
  if (!decision.agree && refusal === '') {
    throw new RuleViolation('a refusal needs its reasons (they are sent to the unit)').inChinese('不同意异议需要说明理由（理由将发送给协办单位）').about('reason');
  }
  const decided: CooperationObjection = { ...waiting, status: decision.agree ? 'agreed' : 'refused', decidedBy: meta.actor, decidedAt: meta.at, ...(decision.agree ? (refusal ? { note: refusal } : {}) : { refusal }) };
  const objections = (c.cooperationObjections ?? []).map((o) => (o === waiting ? decided : o));
  if (!decision.agree) return changed(c, { ...c, cooperationObjections: objections }, 'cooperationObjectionRefused', meta, refusal, { unit, objectedBy: waiting.by, objectedAt: waiting.at });
  const handling = { ...c.handling!, cooperating: c.handling!.cooperating.filter((u) => u !== unit) };
  return changed(c, { ...c, handling, cooperationObjections: objections }, 'cooperationReleased', meta, waiting.reason, { unit, objectedBy: waiting.by, objectedAt: waiting.at, ...(refusal ? { note: refusal } : {}) });
}
