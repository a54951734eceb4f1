import type { Case, CaseEvent, ClockSuspension, SuspendableClock } from './case.js';
import { dateOfDay, dayNumber, holidayOrStatutory, unpublishedYears, workingOrWeekday, type WorkingCalendar } from './calendar.js';
import type { DeadlineClock } from './deadline-explanation.js';
import { chinaDate, chinaLastDay } from './case-number.js';
import { countedEndOf } from './explain-deadline.js';
import { InvalidTransition, RuleViolation } from './errors.js';
import { limitFor, type DayCount, type RestDayRule, type TimeLimitSettings } from './time-limits.js';

/**
 * 中止 (条例 第三十六条: 听证所需时间不计算在复核期限内): a clock stops while a
 * hearing (听证), an expert appraisal (鉴定) or another configured ground
 * runs, and every deadline after it moves by the days it stood still,
 * counted as its limit counts. Recorded, and resumed, by the office or a
 * leader with the reason. Pure: `at`, the settings and the calendar are passed in.
 */

/** Grounds every office has; more are configured (`defaults.suspensionGrounds`). */
export const BUILT_IN_SUSPENSION_GROUNDS: Readonly<Record<string, string>> = { hearing: '听证', appraisal: '鉴定' };

/** The clocks a suspension may stop: the ones during which the matter is examined. */
export const SUSPENDABLE_CLOCKS: Readonly<Partial<Record<Case['status'], SuspendableClock>>> = {
  accepted: 'handling',
  assigned: 'handling',
  inProgress: 'handling',
  underReview: 'reviewDecision',
  underReReview: 'reReviewDecision',
};

const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The suspension now in force, if any. */
export function openSuspension(c: Case): ClockSuspension | undefined {
  const last = c.suspensions?.at(-1);
  return last && !last.resumedAt ? last : undefined;
}

export function isSuspended(c: Case): boolean {
  return openSuspension(c) !== undefined;
}

/** Whether the case's state allows a suspension now (who may is access's question). */
export function maySuspend(c: Case): boolean {
  const clock = SUSPENDABLE_CLOCKS[c.status];
  return clock !== undefined && c.deadlines[clock] !== undefined && !isSuspended(c);
}

export function suspendClock(
  c: Case,
  request: { ground: string; reason: string },
  meta: { at: string; actor: string; grounds: Readonly<Record<string, string>> },
): { case: Case; event: CaseEvent } {
  const clock = SUSPENDABLE_CLOCKS[c.status];
  if (!clock || c.deadlines[clock] === undefined) throw new InvalidTransition('suspend', c.status, 'only a running handling, review or re-review clock can be suspended').inChinese(
      '只有正在计算的办理、复查或复核期限才能中止计时',
    );
  if (isSuspended(c)) throw new RuleViolation('the clock is already suspended; resume it first', { ground: openSuspension(c)!.ground }).inChinese('期限已经中止计时，请先恢复计时');
  if (!(request.ground in meta.grounds)) {
    throw new RuleViolation(`a clock is suspended for ${Object.entries(meta.grounds).map(([id, label]) => `${id} (${label})`).join(', ')}, not ${request.ground}`, {
      ground: request.ground,
    }).inChinese(`中止计时的事由为${Object.values(meta.grounds).join('、')}，不能以“${request.ground}”中止`);
  }
  if (request.reason.trim() === '') throw new RuleViolation('a suspension needs a reason').inChinese('中止计时需要说明理由');
  if (meta.at >= c.deadlines[clock]!) {
    throw new RuleViolation('the deadline has passed: a clock that has run out cannot be suspended', { deadline: c.deadlines[clock] }).inChinese('期限已经届满，不能再中止计时');
  }
  const suspension: ClockSuspension = { clock, ground: request.ground, reason: request.reason, suspendedAt: meta.at, suspendedBy: meta.actor };
  return change(c, { ...c, suspensions: [...(c.suspensions ?? []), suspension] }, 'suspended', meta, { clock, ground: request.ground }, request.reason);
}

/**
 * Resumes the clock: the days it stood still — the China dates from the day
 * of suspension up to, not including, the day of resumption — are added to
 * its deadline as its limit counts them (calendar days, then past a rest day
 * as deadlines roll; or working days), and to the 第二十三条 objection window
 * when that was still open.
 */
export function resumeClock(
  c: Case,
  request: { reason: string },
  meta: { at: string; actor: string; settings: TimeLimitSettings; calendar: WorkingCalendar },
): { case: Case; event: CaseEvent } {
  const open = openSuspension(c);
  if (!open) throw new InvalidTransition('resume', c.status, 'the clock is not suspended').inChinese('期限没有中止计时');
  if (request.reason.trim() === '') throw new RuleViolation('resuming a clock needs a reason').inChinese('恢复计时需要说明理由');
  // As the clock counts: by the rule it started under (a limit changed since does not apply to it), else today's.
  const limit = c.deadlines.explanations?.[open.clock]?.rule ?? limitFor(open.clock, meta.settings, { channel: c.channel, ...(c.category ? { category: c.category } : {}) });
  const count = limit.count;
  const days = suspendedDays(open.suspendedAt, meta.at, count, meta.calendar);
  const from = c.deadlines[open.clock];
  // 不计算在期限内: the days go on the period's end by its count, not on the day a rest day rolled it to.
  const moved = from ? moveCountedEnd(from, countedEndOf(c, open.clock), days, count, meta.calendar, limit.lastDayOnRestDay) : undefined;
  const to = moved?.to;
  const shift =
    from && moved
      ? {
          days,
          count,
          from,
          to: moved.to,
          ...(moved.countedFrom ? { countedFrom: moved.countedFrom, countedLastDay: moved.countedLastDay! } : {}),
          // 约: counted into a year without its holiday notice; confirmProvisionalClocks counts it again.
          ...(movedProvisionally(open.suspendedAt, moved.to, meta.calendar) ? { provisional: true as const } : {}),
        }
      : undefined;
  const closed: ClockSuspension = { ...open, resumedAt: meta.at, resumedBy: meta.actor, resumeReason: request.reason, ...(shift ? { shift } : {}) };
  const window = objectionWindowAfterPause(c, open.suspendedAt, meta.at, meta.calendar);
  const next: Case = {
    ...c,
    suspensions: [...c.suspensions!.slice(0, -1), closed],
    deadlines: to ? withProvisionalMove(c.deadlines, open.clock, open.suspendedAt, to, meta.calendar) : c.deadlines,
    ...(window ? { objectionWindow: window } : {}),
  };
  return change(c, next, 'resumed', meta, { clock: open.clock, ground: open.ground, days, count, ...(shift ? { deadline: { from: shift.from, to: shift.to } } : {}) }, request.reason);
}

/**
 * The deadlines with a clock moved to `to` by days counted from `since`: marked
 * provisional when those days or the new end reach a year whose holiday
 * calendar is not published (counted by weekends and statutory holidays only),
 * so confirmProvisionalClocks counts it again once the notice is added — as
 * a clock counted into such a year is, never silently final.
 */
export function withProvisionalMove(deadlines: Case['deadlines'], clock: DeadlineClock, since: string, to: string, calendar: WorkingCalendar): Case['deadlines'] {
  const moved = { ...deadlines, [clock]: to };
  if (!movedProvisionally(since, to, calendar)) return moved;
  return { ...moved, provisional: [...(deadlines.provisional ?? []).filter((p) => p !== clock), clock] };
}

/** Whether days counted from `since` to a deadline `to` reach a year whose holiday calendar is not published. */
export function movedProvisionally(since: string, to: string, calendar: WorkingCalendar): boolean {
  return unpublishedYears(dayNumber(chinaDate(since))!, dayNumber(chinaLastDay(to))!, calendar).length > 0;
}

/**
 * A unit's window to object (第二十三条) still open when the case stood still
 * (`from`, a suspension or a withdrawal) runs on after `to` with the working
 * days it had left; undefined when there is no such window.
 */
export function objectionWindowAfterPause(c: Case, from: string, to: string, calendar: WorkingCalendar): Case['objectionWindow'] {
  const window = c.objectionWindow;
  if (!window || window.closedAt || window.until <= from) return undefined;
  return { ...window, until: moveDeadline(window.until, workingDays(from, to, calendar), 'working', calendar) };
}

/** Calendar days of the suspensions a case had (those ended by `until`, when given), for net handling time in statistics. */
export function totalSuspendedCalendarDays(c: Case, until?: string): number {
  return (c.suspensions ?? []).reduce((sum, s) => sum + (s.resumedAt && (until === undefined || s.resumedAt <= until) ? calendarDaysBetween(s.suspendedAt, s.resumedAt) : 0), 0);
}

/** The days a clock stood still, as its limit counts them. */
export function suspendedDays(from: string, to: string, count: DayCount, calendar: WorkingCalendar): number {
  return count === 'calendar' ? calendarDaysBetween(from, to) : workingDays(from, to, calendar);
}

function calendarDaysBetween(from: string, to: string): number {
  return Math.max(0, dayNumber(chinaDate(to))! - dayNumber(chinaDate(from))!);
}

/** Working days among the dates from `from`'s day up to `to`'s day (exclusive); weekends and statutory holidays only where a year is not published. */
function workingDays(from: string, to: string, calendar: WorkingCalendar): number {
  const first = dayNumber(chinaDate(from))!;
  const end = dayNumber(chinaDate(to))!;
  let n = 0;
  for (let day = first; day < end; day++) if (isWorking(day, calendar)) n++;
  return n;
}

const isWorking = workingOrWeekday;

/** A rest day in a public holiday; where the year is not published yet, a statutory holiday. */
function isHoliday(day: number, calendar: WorkingCalendar): boolean {
  return !isWorking(day, calendar) && holidayOrStatutory(day, calendar) !== undefined;
}

/**
 * A deadline moved by days that are not counted (中止, a withdrawal taken
 * back), added to the period's last day by its count alone (`countedFrom`,
 * countedEndOf) and then rolled as the clock rolls: the roll past a rest day
 * (《民法典》第二百零三条) belongs to the period's final end, so a 60th day on
 * 1 October (国庆) rolled to 8 October and then 10 days not counted ends on
 * 11 October (a Sunday), hence 12 October — not 18 October. Without
 * `countedFrom` (a record from before it was kept), moved from the deadline's
 * last day as moveDeadline does. Answers the new deadline and, with
 * `countedFrom`, the new last day by the count.
 */
export function moveCountedEnd(
  deadline: string,
  countedFrom: string | undefined,
  days: number,
  count: DayCount,
  calendar: WorkingCalendar,
  rule: RestDayRule = 'nextWorkingDay',
): { to: string; countedFrom?: string; countedLastDay?: string } {
  if (!countedFrom) return { to: moveDeadline(deadline, days, count, calendar, rule) };
  if (days === 0) return { to: deadline, countedFrom, countedLastDay: countedFrom };
  const to = moveDeadline(new Date((dayNumber(countedFrom)! + 1) * DAY_MS - CHINA_OFFSET_MS).toISOString(), days, count, calendar, rule);
  return { to, countedFrom, countedLastDay: count === 'calendar' ? dateOfDay(dayNumber(countedFrom)! + days) : chinaLastDay(to) };
}

/**
 * A deadline (midnight China time after its last day) moved by `days`: calendar
 * days, and when the new last day is a rest day, on to the next working day
 * (《民法典》第二百零三条, as deadlineOf); or working days.
 */
export function moveDeadline(deadline: string, days: number, count: DayCount, calendar: WorkingCalendar, rule: RestDayRule = 'nextWorkingDay'): string {
  if (days === 0) return deadline;
  const lastDay = Math.floor((Date.parse(deadline) - 1 + CHINA_OFFSET_MS) / DAY_MS);
  let last = lastDay;
  if (count === 'working') {
    for (let counted = 0; counted < days; ) if (isWorking(++last, calendar)) counted++;
  } else {
    last = lastDay + days;
    // As the office's clocks roll (TimeLimit.lastDayOnRestDay): past any rest day, past a holiday break only, or not at all.
    const rolls = rule === 'nextWorkingDay' || (rule === 'holidaysOnly' && isHoliday(last, calendar));
    // In a year without its notice a plain weekend may be a 调休 working day: the clock stays on it, the earlier
    // day, as deadlineOrProvisional leaves an office's clock; a statutory holiday is certainly a rest day.
    const unknownWeekend = !isWorking(last, calendar) && unpublishedYears(last, last, calendar).length > 0 && holidayOrStatutory(last, calendar) === undefined;
    if (rolls && !unknownWeekend) while (!isWorking(last, calendar)) last++;
  }
  return new Date((last + 1) * DAY_MS - CHINA_OFFSET_MS).toISOString();
}


function change(
  current: Case,
  next: Case,
  type: 'suspended' | 'resumed',
  meta: { at: string; actor: string },
  detail: Record<string, unknown>,
  reason: string,
): { case: Case; event: CaseEvent } {
  const version = current.version + 1;
  return {
    case: { ...next, version, updatedAt: meta.at },
    event: { caseNumber: current.caseNumber, seq: version, type, at: meta.at, actor: meta.actor, reason, detail },
  };
}
