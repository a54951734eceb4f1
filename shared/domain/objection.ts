import type { Case, CaseEvent, ObjectionWindow, ReturnRequest } from './case.js';
import { chinaLastDay, formatChinaLastDay } from './case-number.js';
import { decisionReminderAt, deadlineOrProvisional } from './deadlines.js';
import type { WorkingCalendar } from './calendar.js';
import { InvalidTransition, RuleViolation, type Refusal } from './errors.js';
import { ACTION_LABELS } from './labels.js';
import { recordOnCase } from './messages.js';
import { isSuspended, openSuspension } from './suspension.js';
import { reportBackFrom } from './report-back.js';
import type { JurisdictionTree } from './jurisdiction.js';

/**
 * 条例 第二十三条: a unit handed a matter (交办, 转办) that it holds is not its
 * own may object — 退回 with its reasons — within 5 working days of
 * receiving it. After that a return needs the approval of the office that
 * handed it over: that office may still return it; the unit may not alone.
 */
export const OBJECTION_WORKING_DAYS = 5;

const WORKED = new Set<Case['status']>(['assigned', 'inProgress']);

/** The window a unit gets when a case is handed to it at `at`. */
export function objectionWindowFor(unit: string, from: string, at: string, calendar: WorkingCalendar): ObjectionWindow {
  return { unit, from, receivedAt: at, until: deadlineOrProvisional(at, { days: OBJECTION_WORKING_DAYS, count: 'working' }, calendar).at };
}

/**
 * Whether a window ending at `until` is open at `at`: before its end — and
 * while a 中止 begun before that end lasts, since the working days left run on
 * only after it (the end is moved on resumption, suspension.ts
 * objectionWindowAfterPause), so they have not run out.
 */
export function windowOpenAt(c: Case, until: string, at: string): boolean {
  const suspension = openSuspension(c);
  return at < until || (suspension !== undefined && suspension.suspendedAt < until);
}

/** The window of the unit now leading the case, while it is open at `at`. */
export function objectionOpen(c: Case, at: string): boolean {
  const window = c.objectionWindow;
  return window !== undefined && window.unit === c.handling?.lead && windowOpenAt(c, window.until, at);
}

/**
 * A return (退回) — or a transfer (转办), which hands the case off as surely —
 * by the handling unit's own staff at `at`: refused once its window has run
 * out, naming the office whose approval it now needs. The office's own
 * return or transfer is that approval and is not limited.
 */
export function assertUnitMayReturn(c: Case, at: string, officeName: string, action: 'return' | 'transfer' = 'return'): void {
  const window = c.objectionWindow;
  if (!window || window.unit !== c.handling?.lead || windowOpenAt(c, window.until, at)) return;
  throw new RuleViolation(
    `the 5 working days to object to this handoff ended on ${chinaLastDay(window.until)} (条例第二十三条); a ${action} now needs the approval of ${officeName}: ask it (申请退回, POST /cases/${c.caseNumber}/return-request), and it returns or transfers the case`,
    { objectionUntil: window.until, approvalBy: window.from },
  ).inChinese(
    `对本次交办提出异议的 5 个工作日已于${formatChinaLastDay(window.until)}届满（《信访工作条例》第二十三条）；现在${ACTION_LABELS[action]}须经${officeName}同意：请向其申请退回，由其退回或转送`,
  );
}

/** When the sweep must record the end of the window: while the unit that got it still has the case and it is not recorded. */
export function objectionWindowDueAt(c: Case): string | undefined {
  const window = c.objectionWindow;
  if (!window || window.closedAt || !WORKED.has(c.status) || window.unit !== c.handling?.lead || isSuspended(c)) return undefined;
  return window.until;
}

/** The sweep's record that the window ran out without an objection: from now a return needs the office. */
export function closeObjectionWindow(c: Case, now: string, actor: string): { case: Case; event: CaseEvent } | undefined {
  const due = objectionWindowDueAt(c);
  if (!due || now < due) return undefined;
  const recorded = recordOnCase(c, 'noted', { at: now, actor, detail: { objectionWindowClosed: { unit: c.objectionWindow!.unit, until: due, approvalBy: c.objectionWindow!.from } } });
  return { case: { ...recorded.case, objectionWindow: { ...c.objectionWindow!, closedAt: now } }, event: recorded.event };
}

/**
 * A return request waits for the office while the unit that asked still
 * leads the case as it was handed over: a transfer, a new assignment or the
 * unit's own conclusion answers it as surely as a decision does.
 */
export function pendingReturnRequest(c: Pick<Case, 'returnRequest' | 'status' | 'handling'>): ReturnRequest | undefined {
  const request = c.returnRequest;
  if (request?.status !== 'requested' || !WORKED.has(c.status) || c.handling?.lead !== request.unit) return undefined;
  return request;
}

/**
 * 申请退回: past its window the handling unit asks the office that handed it
 * the case to approve its return, with its reasons. Within the window it
 * returns the case itself; one request waits at a time.
 */
export function requestReturnApproval(
  c: Case,
  reason: string,
  meta: { at: string; actor: string; reminder?: { workingDays: number; calendar: WorkingCalendar } },
): { case: Case; event: CaseEvent } {
  if (!WORKED.has(c.status) || !c.handling) {
    throw new InvalidTransition('requestReturn', c.status, 'only a case a unit is handling can be returned').inChinese('只有单位正在办理的事项才能退回');
  }
  const window = c.objectionWindow;
  if (!window || window.unit !== c.handling.lead) {
    throw new RuleViolation('this case was not handed to the unit with a window to object (条例第二十三条); return it directly', {}).inChinese(
      '该事项交给本单位时没有异议期（《信访工作条例》第二十三条），请直接退回',
    );
  }
  if (meta.at < window.until) {
    throw new RuleViolation(`the 5 working days to object run until ${chinaLastDay(window.until)}: return the case directly, with the reasons`, {
      objectionUntil: window.until,
    }).inChinese(`提出异议的 5 个工作日至${formatChinaLastDay(window.until)}届满，在此之前请直接退回并说明理由`);
  }
  if (pendingReturnRequest(c)) throw new RuleViolation('a return request is already waiting for the office', { approvalBy: window.from }).inChinese('已有一份退回申请等待信访部门审批');
  if (reason.trim() === '') throw new RuleViolation('a return request needs the reasons the matter is not this unit’s').inChinese('申请退回需要说明该事项不属于本单位职责的理由');
  const remindAt = meta.reminder && meta.reminder.workingDays > 0 ? decisionReminderAt(meta.at, meta.reminder.workingDays, meta.reminder.calendar) : undefined;
  const request: ReturnRequest = {
    unit: window.unit,
    reason: reason.trim(),
    requestedBy: meta.actor,
    requestedAt: meta.at,
    approvalBy: window.from,
    status: 'requested',
    ...(remindAt ? { remindAt } : {}),
  };
  return changed(c, { ...c, returnRequest: request }, 'returnRequested', { at: meta.at, actor: meta.actor }, request.reason, { unit: request.unit, approvalBy: request.approvalBy });
}


/** When the sweep must remind the office of a request still waiting; once per request. */
export function returnRequestReminderDueAt(c: Case): string | undefined {
  const request = pendingReturnRequest(c);
  return request?.remindAt && !request.remindedAt ? request.remindAt : undefined;
}

/** The sweep's reminder of a waiting request, recorded on the case (its letter goes with it). */
export function remindReturnRequest(c: Case, now: string, actor: string): { case: Case; event: CaseEvent } | undefined {
  const due = returnRequestReminderDueAt(c);
  if (!due || now < due) return undefined;
  const request = c.returnRequest!;
  const recorded = recordOnCase(c, 'noted', {
    at: now,
    actor,
    detail: { returnRequestReminded: { unit: request.unit, approvalBy: request.approvalBy, requestedAt: request.requestedAt } },
  });
  return { case: { ...recorded.case, returnRequest: { ...request, remindedAt: now } }, event: recorded.event };
}

/** The office refuses the request with its reasons: the unit keeps the case, its deadline unchanged. */
export function refuseReturnRequest(c: Case, reason: string, meta: { at: string; actor: string }): { case: Case; event: CaseEvent } {
  const request = pendingReturnRequest(c);
  if (!request) throw new InvalidTransition('refuseReturn', c.status, 'no return request is waiting').inChinese('没有待审批的退回申请');
  if (reason.trim() === '') throw new RuleViolation('a refusal needs its reasons (they are sent to the unit)').inChinese('不同意退回需要说明理由（理由将发送给承办单位）');
  const refusal = reason.trim();
  const refused: ReturnRequest = { ...request, status: 'refused', decidedBy: meta.actor, decidedAt: meta.at, refusal };
  return changed(c, { ...c, returnRequest: refused }, 'returnRequestRefused', meta, refusal, { unit: request.unit, requestedAt: request.requestedAt });
}

/**
 * 收回: an office takes a case back from the unit it handed it to — the office
 * the case goes back to (the one that handed it over), its leaders included;
 * or an office that may approve the unit's waiting request to return it. An
 * office above hands the case on instead (改交, a transfer), in its own name.
 * Returns why not, or undefined when it may.
 */
export function officeReturnRefusal(actor: { jurisdiction: string }, c: Pick<Case, 'assignedBy' | 'jurisdiction' | 'returnRequest' | 'status' | 'handling'>, tree: JurisdictionTree): Refusal | undefined {
  const back = c.assignedBy?.jurisdiction ?? c.jurisdiction;
  if (actor.jurisdiction === back) return undefined;
  const request = pendingReturnRequest(c);
  if (request && tree.isWithin(request.approvalBy, actor.jurisdiction)) return undefined;
  return {
    message: `the case goes back to the office that handed it to the unit (${back}): only that office takes it back (收回); an office above transfers it (改交) in its own name`,
    chinese: `该事项应当回到交给承办单位的信访部门（${back}）：只有该部门可以收回；上级信访部门以自己的名义改交`,
  };
}

/** The office's own return answers a waiting request: approved, by whoever returned it. */
export function approvedByReturn(c: Case, meta: { at: string; actor: string }): { returnRequest?: ReturnRequest; detail: Record<string, unknown> } {
  const request = pendingReturnRequest(c);
  if (!request) return { detail: {} };
  return {
    returnRequest: { ...request, status: 'approved', decidedBy: meta.actor, decidedAt: meta.at },
    detail: { approvesRequest: { requestedBy: request.requestedBy, requestedAt: request.requestedAt } },
  };
}

/** A change of the case by an objection's step: the next version, and its event. */
export function changed(c: Case, next: Case, type: CaseEvent['type'], meta: { at: string; actor: string }, reason: string, detail: Record<string, unknown>) {
  const version = c.version + 1;
  return {
    case: { ...next, version, updatedAt: meta.at },
    event: { caseNumber: c.caseNumber, seq: version, type, at: meta.at, actor: meta.actor, reason, detail } satisfies CaseEvent,
  };
}

/**
 * 条例 第二十三条 for a petitions office: an office above that hands a case
 * down (属地管理 by the router, or 转送 by its staff) to the office of a level
 * below gives that office the same 5 working days to object that a unit gets
 * — the place may be in another county, the matter another level's. The
 * window is the unit's (ObjectionWindow) with the office as its holder.
 */
export const officeHolder = (jurisdiction: string): string => `office:${jurisdiction}`;

/** The window an office gets when `from`, above it, hands it case `c` at `at`; the sender's clocks kept for a return. */
export function handDownObjectionWindowFor(c: Case, from: string, to: string, at: string, calendar: WorkingCalendar): ObjectionWindow {
  return { ...objectionWindowFor(officeHolder(to), from, at, calendar), senderDeadlines: c.deadlines };
}

/** The office window of the office now holding the case, while it has not decided it (a case it accepted or passed on is its own choice). */
export function handDownWindow(c: Pick<Case, 'objectionWindow' | 'status' | 'jurisdiction'>): ObjectionWindow | undefined {
  const window = c.objectionWindow;
  return c.status === 'registered' && window?.unit === officeHolder(c.jurisdiction) ? window : undefined;
}

/** Whether the office holding the case may still object to its hand-down at `at` (without a time: while it has not decided the case). */
export function handDownWindowOpen(c: Pick<Case, 'objectionWindow' | 'status' | 'jurisdiction'>, at?: string): boolean {
  const window = handDownWindow(c);
  return window !== undefined && (at === undefined || at < window.until);
}

/**
 * 异议退回: the office a case was handed down to objects, with its reasons,
 * within its 5 working days: the case goes back, still registered, to the
 * office that handed it down — onto its triage list marked as returned, with
 * the clocks it had before — and the office is told. Past the window the
 * objection is refused, naming the day it closed.
 */
export function objectToHandDown(
  c: Case,
  reason: string,
  meta: { at: string; actor: string },
  names: { officeName: (jurisdiction: string) => string; tree: Pick<JurisdictionTree, 'isWithin'> },
): { case: Case; event: CaseEvent } {
  const window = handDownWindow(c);
  if (!window) {
    throw new InvalidTransition('objectHandDown', c.status, 'only a case an office above handed down to this office, not yet accepted or passed on, can be objected to and sent back').inChinese(
      '只有上级信访部门转送、交办到本机关且本机关尚未受理或转出的事项，才能提出异议并退回',
    );
  }
  const sender = names.officeName(window.from);
  if (meta.at >= window.until) {
    throw new RuleViolation(
      `the 5 working days to object to this hand-down ended on ${chinaLastDay(window.until)} (条例第二十三条): the case is this office's to decide now; if it is truly another's, ask ${sender} to take it back or transfer it`,
      { objectionUntil: window.until, from: window.from },
    ).inChinese(
      `对本次转送、交办提出异议的 5 个工作日已于${formatChinaLastDay(window.until)}届满（《信访工作条例》第二十三条），不能再退回；确不属于本机关管辖的，请与${sender}联系，由其收回或改送`,
    );
  }
  const why = reason.trim();
  if (why === '') throw new RuleViolation('an objection needs the reasons the matter is not this office’s (they are sent to the office above)').inChinese('提出异议需要说明该事项不属于本机关管辖的理由（理由将发送给上级信访部门）');
  const objecting = c.jurisdiction;
  const back = window.from;
  const { objectionWindow: _w, triage: _t, owner: _o, ...rest } = c;
  // Owed to the offices above the one it is back at, as before it was handed down.
  const reported = reportBackFrom(rest as Case, back, names.tree);
  const version = c.version + 1;
  const next: Case = {
    ...reported,
    jurisdiction: back,
    deadlines: window.senderDeadlines ?? c.deadlines,
    triage: { since: meta.at, reasons: [`${names.officeName(objecting)}提出异议退回：${why}`], returnedBy: objecting },
    version,
    updatedAt: meta.at,
  };
  return {
    case: next,
    event: {
      caseNumber: c.caseNumber,
      seq: version,
      type: 'returned',
      at: meta.at,
      actor: meta.actor,
      from: 'registered',
      to: 'registered',
      reason: why,
      detail: { handDownObjected: true, fromJurisdiction: objecting, backTo: back, receivedAt: window.receivedAt, objectionUntil: window.until },
    },
  };
}
