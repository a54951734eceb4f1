import { CalendarMissing, dateOfDay, type WorkingCalendar } from './calendar.js';
import { deadlineAfter, type TimeLimit } from './time-limits.js';

/**
 * The deadline engine: when a time limit that starts at an instant runs out.
 *
 * - The day of the start is not counted; the period ends at midnight China
 *   time (UTC+8) after its last day.
 * - Calendar days count every day. When the last day is a rest day (法定休假日),
 *   the period ends on the first working day after it (《民法典》第二百零三条:
 *   期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日; the
 *   same rule as 民事诉讼法 and 行政诉讼法 and common administrative practice).
 *   In that practice 法定休假日 covers the weekly rest days as well as the
 *   public holidays, and an adjusted working weekend (调休上班) is a working day.
 *   Offices differ, so both parts are options (see DeadlineOptions).
 * - Working days count only the working days of the holiday calendar: weekends
 *   and public holidays are skipped, adjusted working weekends are counted.
 *
 * Anything that needs the calendar for a year without data throws CalendarMissing.
 */
export interface DeadlineOptions {
  /**
   * Calendar-day limits only: when the last day is a rest day, the period ends
   * on the first working day after it. Default true. When false the holiday
   * calendar is not consulted for calendar-day limits at all.
   */
  extendPastHolidays?: boolean;
  /**
   * With extendPastHolidays: whether an ordinary Saturday or Sunday counts as a
   * rest day that extends the period (法定休假日 in the wide sense, the default),
   * or only days inside a public-holiday break do (false).
   */
  extendPastWeekends?: boolean;
}

const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
/** An ISO instant with its offset (Z or ±hh:mm); seconds optional, as people type it. */
export const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Milliseconds of an ISO instant; the offset (Z or ±hh:mm) is required so no local time zone is assumed. */
function instantMs(value: string, what: string): number {
  const ms = INSTANT.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw new RangeError(`${what} must be an ISO instant with an offset (e.g. 2026-02-13T10:00:00+08:00), not ${JSON.stringify(value)}`);
  return ms;
}

/** Day number (days since 1970-01-01) of the China calendar date at an instant. */
function chinaDay(ms: number): number {
  return Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS);
}

function lastDayNumber(start: string, limit: TimeLimit, calendar: WorkingCalendar, options: DeadlineOptions): number {
  if (!Number.isInteger(limit.days) || limit.days < 0) throw new RangeError(`a time limit must be a whole number of days ≥ 0, not ${limit.days}`);
  const startDay = chinaDay(instantMs(start, 'the start'));
  if (limit.count === 'working') return calendar.addWorkingDayNumbers(startDay, limit.days);

  const last = startDay + limit.days;
  const { extendPastHolidays = true, extendPastWeekends = true } = options;
  if (!extendPastHolidays || calendar.isWorkingDayNumber(last)) return last;
  const inHoliday = calendar.holidayOn(dateOfDay(last)) !== undefined;
  if (!inHoliday && !extendPastWeekends) return last;
  return calendar.addWorkingDayNumbers(last, 1);
}

/**
 * The last day of the period (China date `YYYY-MM-DD`), as letters to the
 * petitioner state it. See deadlineOf.
 */
export function lastDayOf(start: string, limit: TimeLimit, calendar: WorkingCalendar, options: DeadlineOptions = {}): string {
  return dateOfDay(lastDayNumber(start, limit, calendar, options));
}

/**
 * When a limit that starts at `start` (an ISO instant) runs out: the ISO
 * instant (UTC, `…T16:00:00.000Z`) of midnight China time after the last day.
 * The rules are in the comment at the top of this file.
 */
export function deadlineOf(start: string, limit: TimeLimit, calendar: WorkingCalendar, options: DeadlineOptions = {}): string {
  const last = lastDayNumber(start, limit, calendar, options);
  return new Date((last + 1) * DAY_MS - CHINA_OFFSET_MS).toISOString();
}

/**
 * The share of the period still left at `now`: 1 at (or before) the start,
 * 0 at (or after) the deadline, linear in between. For reminders such as
 * "remind when a third of the time is left".
 */
export function remainingFraction(start: string, deadline: string, now: string): number {
  const from = instantMs(start, 'the start');
  const to = instantMs(deadline, 'the deadline');
  const at = instantMs(now, 'now');
  if (at >= to) return 0;
  if (at <= from || to <= from) return 1;
  return (to - at) / (to - from);
}

/**
 * The deadline by the holiday calendar; when the calendar does not yet cover
 * the period (next year's notice is published each November), a provisional
 * one that skips weekends only, so no petition waits for a notice to be
 * registered or accepted. A provisional deadline is marked for recomputation
 * once the year's calendar is added.
 */
export function deadlineOrProvisional(start: string, limit: TimeLimit, calendar: WorkingCalendar): { at: string; provisional: boolean } {
  try {
    return { at: deadlineOf(start, limit, calendar), provisional: false };
  } catch (error) {
    if (!(error instanceof CalendarMissing)) throw error;
    return { at: deadlineAfter(start, limit), provisional: true };
  }
}
