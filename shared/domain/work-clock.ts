import { CalendarMissing, dayNumber, type WorkingCalendar } from './calendar.js';
import { chinaDate, chinaLastDay } from './case-number.js';
import type { Case } from './case.js';
import { runningClock } from './chase.js';
import { isSuspended } from './suspension.js';

/**
 * How a work list shows a case's running clock: "剩余 3 个工作日" or
 * "已逾期 2 天". A deadline is the instant its period ends (midnight in China
 * after the last day), so on the last day one working day is left.
 */
export interface WorkClock {
  deadline: string;
  /** The last day of the period (China date), as letters state it. */
  lastDay: string;
  overdue: boolean;
  /** Working days from today to the last day, both counted (today counts if it is a working day). */
  workingDaysLeft?: number;
  /** Whole days past the deadline (calendar days, as the regulation's overdue notices count them). */
  daysOverdue?: number;
  /** True when a year on the way has no holiday calendar yet: working days were counted as Monday to Friday. */
  approximate?: true;
  /**
   * The clock stands still (中止, 条例 第三十六条: a hearing, an appraisal…):
   * never overdue meanwhile, no days counted; `deadline` is the one it stood
   * at, moved on by the time it stood still when it resumes.
   */
  suspended?: true;
}

const DAY_MS = 86_400_000;

/** The last day of a period (China date) from the instant it ends: midnight after that day. */
const lastDayOf = chinaLastDay;

export function workClock(deadline: string, now: Date, calendar: WorkingCalendar): WorkClock {
  const lastDay = lastDayOf(deadline);
  const left = Date.parse(deadline) - now.getTime();
  if (left <= 0) {
    return { deadline, lastDay, overdue: true, daysOverdue: Math.max(1, Math.ceil(-left / DAY_MS)) };
  }
  const today = requireDay(chinaDate(now.toISOString()));
  const last = requireDay(lastDay);
  let approximate = false;
  let count = 0;
  for (let day = today; day <= last; day += 1) {
    const working = isWorking(calendar, day);
    if (working === undefined) approximate = true;
    if (working ?? isWeekday(day, calendar)) count += 1;
  }
  return { deadline, lastDay, overdue: false, workingDaysLeft: count, ...(approximate ? { approximate: true as const } : {}) };
}

/** The clock a case's status runs (acceptance, handling, review…), with its deadline counted as work lists count it. */
export function caseWorkClock(c: Case, now: Date, calendar: WorkingCalendar): (WorkClock & { clock: string }) | undefined {
  const running = runningClock(c);
  if (!running) return undefined;
  if (isSuspended(c)) {
    return { clock: running.clock, deadline: running.deadline, lastDay: lastDayOf(running.deadline), overdue: false, suspended: true };
  }
  return { clock: running.clock, ...workClock(running.deadline, now, calendar) };
}

/** A listed case with the running clock of its next deadline, if it has one. */
export function withWorkClock<T extends { nextDueAt?: string }>(item: T, now: Date, calendar: WorkingCalendar): T & { clock?: WorkClock } {
  return item.nextDueAt ? { ...item, clock: workClock(item.nextDueAt, now, calendar) } : item;
}

/**
 * The instant the "due within n working days" window closes: just after the
 * end of the n-th working day counting today (if today is one), so that a
 * deadline at that day's end — midnight, as deadlines are — is inside it.
 */
export function dueSoonBefore(now: Date, calendar: WorkingCalendar, workingDays = 3): string {
  let day = requireDay(chinaDate(now.toISOString()));
  let counted = isWorking(calendar, day) ?? isWeekday(day, calendar) ? 1 : 0;
  while (counted < workingDays) {
    day += 1;
    if (isWorking(calendar, day) ?? isWeekday(day, calendar)) counted += 1;
  }
  return new Date((day + 1) * DAY_MS - 8 * 3_600_000 + 1).toISOString();
}

/** Whether a day is a working day, or undefined when its year has no calendar. */
function isWorking(calendar: WorkingCalendar, day: number): boolean | undefined {
  try {
    return calendar.isWorkingDayNumber(day);
  } catch (error) {
    if (error instanceof CalendarMissing) return undefined;
    throw error;
  }
}

/** Where the year has no calendar: a weekday outside the statutory holidays (no 调休 yet), as provisional deadlines count. */
const isWeekday = (day: number, calendar: WorkingCalendar) => {
  const weekday = new Date(day * DAY_MS).getUTCDay();
  return weekday !== 0 && weekday !== 6 && calendar.statutoryHoliday(day) === undefined;
};

function requireDay(date: string): number {
  const day = dayNumber(date);
  if (day === undefined) throw new RangeError(`not a date: ${date}`);
  return day;
}
