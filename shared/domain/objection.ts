import type { Case, CaseEvent, ObjectionWindow } from './case.js';
import { chinaDate } from './case-number.js';
import { deadlineOrProvisional } from './deadlines.js';
import type { WorkingCalendar } from './calendar.js';
import { RuleViolation } from './errors.js';
import { recordOnCase } from './messages.js';
import { isSuspended } from './suspension.js';

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

/** The window of the unit now leading the case, while it is open at `at`. */
export function objectionOpen(c: Case, at: string): boolean {
  const window = c.objectionWindow;
  return window !== undefined && window.unit === c.handling?.lead && at < window.until;
}

/**
 * A return (退回) by the handling unit's own staff at `at`: refused once its
 * window has run out, naming the office whose approval it now needs. The
 * office's own return is that approval and is not limited.
 */
export function assertUnitMayReturn(c: Case, at: string, officeName: string): void {
  const window = c.objectionWindow;
  if (!window || window.unit !== c.handling?.lead || at < window.until) return;
  throw new RuleViolation(
    `the 5 working days to object to this handoff ended on ${chinaDate(new Date(Date.parse(window.until) - 1).toISOString())} (条例第二十三条); a return now needs the approval of ${officeName}, which returns it`,
    { objectionUntil: window.until, approvalBy: window.from },
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
