import { CalendarMissing, dateOfDay, dayNumber, type HolidayName, type WorkingCalendar } from './calendar.js';
import type { DeadlineExplanation, RestDays } from './deadline-explanation.js';
import type { LimitSourceOf, RestDayRule, TimeLimit } from './time-limits.js';

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
 * Anything that needs the calendar for a year without data throws CalendarMissing;
 * deadlineOrProvisional then counts provisionally: weekends and the statutory
 * holidays as rest days (provisionalDays).
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
export function instantMs(value: string, what: string): number {
  const ms = INSTANT.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw new RangeError(`${what} must be an ISO instant with an offset (e.g. 2026-02-13T10:00:00+08:00), not ${JSON.stringify(value)}`);
  return ms;
}

/** Day number (days since 1970-01-01) of the China calendar date at an instant. */
export function chinaDay(ms: number): number {
  return Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS);
}

/** The last day of a period and how it was reached; see deadline-explanation.ts. */
function lastDayNumber(start: string, limit: TimeLimit, calendar: WorkingCalendar, options: DeadlineOptions): number {
  return countPeriod(chinaDay(instantMs(start, 'the start')), limit, calendarDays(calendar), options).last;
}

/**
 * The one count behind every deadline and its explanation: from the start day
 * (not counted), `limit.days` days as the limit counts, then for calendar days
 * the roll past a rest day. `days` says what each day is; the trace records
 * every rest day skipped and every adjusted working day counted.
 */
export function countPeriod(startDay: number, limit: TimeLimit, days: DayKindOf, options: DeadlineOptions = {}): PeriodCount {
  if (!Number.isInteger(limit.days) || limit.days < 0) throw new RangeError(`a time limit must be a whole number of days ≥ 0, not ${limit.days}`);
  const trace: PeriodCount = { last: startDay, counted: startDay, skipped: [], adjustedWorkdays: [] };
  const nextWorking = (from: number): number => {
    let day = from;
    for (;;) {
      day += 1;
      const kind = days(day);
      if (kind.working) {
        if (kind.adjusted) trace.adjustedWorkdays.push(day);
        return day;
      }
      trace.skipped.push({ day, kind: kind.holiday ? 'holiday' : 'weekend', ...(kind.holiday ? { holiday: kind.holiday } : {}) });
    }
  };
  if (limit.count === 'working') {
    let day = startDay;
    for (let counted = 0; counted < limit.days; counted += 1) day = nextWorking(day);
    trace.last = trace.counted = day;
    return trace;
  }
  const last = startDay + limit.days;
  trace.last = trace.counted = last;
  const { extendPastHolidays = true, extendPastWeekends = true } = options;
  if (!extendPastHolidays) return trace;
  const kind = days(last);
  if (kind.working) return trace;
  if (!kind.holiday && !extendPastWeekends) {
    trace.unrolled = { kind: kind.holiday ? 'holiday' : 'weekend', ...(kind.holiday ? { holiday: kind.holiday } : {}) };
    return trace;
  }
  const rolledTo = nextWorking(last);
  trace.roll = { kind: kind.holiday ? 'holiday' : 'weekend', ...(kind.holiday ? { holiday: kind.holiday } : {}) };
  // The roll's own skipped days belong to the roll, not to the count.
  trace.skipped = [];
  trace.last = rolledTo;
  return trace;
}

/** What a day is, for counting: a working day (adjusted: a weekend day worked), else a rest day (in a holiday break, or a weekend). */
export type DayKindOf = (day: number) => { working: boolean; adjusted?: boolean; holiday?: HolidayName };

export interface PeriodCount {
  /** The last day of the period (day number), after any roll. */
  last: number;
  /** The last day by the count alone. */
  counted: number;
  /** Rest days skipped by a working-day count (none for calendar days). */
  skipped: { day: number; kind: 'weekend' | 'holiday'; holiday?: HolidayName }[];
  /** Adjusted working weekends (调休上班) counted, or rolled to. */
  adjustedWorkdays: number[];
  /** Calendar days: the last counted day was a rest day, so the period ran to `last`. */
  roll?: { kind: 'weekend' | 'holiday'; holiday?: HolidayName };
  /** Calendar days: the last day is a rest day the office's rule does not roll past (lastDayOnRestDay). */
  unrolled?: { kind: 'weekend' | 'holiday'; holiday?: HolidayName };
}

/** The engine's options for a limit's rest-day rule (TimeLimit.lastDayOnRestDay). */
export function restDayOptions(rule: RestDayRule | undefined): DeadlineOptions {
  return rule === 'none' ? { extendPastHolidays: false } : rule === 'holidaysOnly' ? { extendPastWeekends: false } : {};
}

/** Days by the holiday calendar (throws CalendarMissing for a year without data). */
export function calendarDays(calendar: WorkingCalendar): DayKindOf {
  return (day) => {
    const working = calendar.isWorkingDayNumber(day);
    const weekend = isWeekendDay(day);
    if (working) return weekend ? { working, adjusted: true } : { working };
    const holiday = calendar.holidayOn(dateOfDay(day));
    return holiday ? { working, holiday } : { working };
  };
}

/**
 * Days by the holiday calendar where a year is published; in a year that is
 * not, Monday to Friday outside the holidays the law fixes (statutory.yaml),
 * no 调休 — what a provisional deadline counts.
 */
function provisionalDays(calendar: WorkingCalendar): DayKindOf {
  const published = calendarDays(calendar);
  return (day) => {
    try {
      return published(day);
    } catch (error) {
      if (!(error instanceof CalendarMissing)) throw error;
      const holiday = calendar.statutoryHoliday(day);
      return holiday ? { working: false, holiday } : { working: !isWeekendDay(day) };
    }
  };
}

function isWeekendDay(day: number): boolean {
  const weekday = new Date(day * DAY_MS).getUTCDay();
  return weekday === 0 || weekday === 6;
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

/** Midnight China time after a day: the instant a period whose last day it is ends. */
const endOfDay = (day: number) => new Date((day + 1) * DAY_MS - CHINA_OFFSET_MS).toISOString();

/**
 * The deadline of a limit starting at `start`, by the holiday calendar, with
 * its explanation; when the calendar does not cover the period, a provisional
 * one, so no petition waits for a notice: in the year without a notice the
 * weekends and the holidays the law fixes (statutory.yaml: 元旦, 除夕 and
 * 正月初一至初三, 清明, 5月1–2日, 端午, 中秋, 10月1–3日) are rest days, and no
 * 调休 is known. A provisional deadline is recomputed once the year's calendar
 * is added (confirmProvisionalClocks). The office's own limits are then
 * rolled past a statutory holiday — certainly a rest day, whatever the notice
 * says (《民法典》第二百零三条) — but not past a plain weekend: the earlier
 * day, as an unknown 调休 weekend might be a working one. A petitioner's
 * window (`whose: 'petitioner'`, the review requests) is rolled past a weekend
 * too: stating a Sunday would refuse on Monday a request the law still allows.
 * The stated day is not rewritten; once the year's calendar is in, a request
 * is still taken up to the later day a holiday rolls it to (reviewRequestByNow).
 */
export function deadlineOrProvisional(
  start: string,
  limit: TimeLimit,
  calendar: WorkingCalendar,
  source: LimitSourceOf = { source: 'national' },
  whose: 'office' | 'petitioner' = 'office',
): { at: string; provisional: boolean; explanation: DeadlineExplanation } {
  const startDay = chinaDay(instantMs(start, 'the start'));
  let count: PeriodCount;
  let missing: number | undefined;
  const rule = limit.lastDayOnRestDay;
  try {
    count = countPeriod(startDay, limit, calendarDays(calendar), restDayOptions(rule));
    // Never rolled, the deadline needs no calendar; the calendar (or the week, without one) says only whether the day is a rest day.
    if (rule === 'none' && limit.count === 'calendar') {
      const kind = provisionalDays(calendar)(count.last);
      if (!kind.working) count.unrolled = { kind: kind.holiday ? 'holiday' : 'weekend', ...(kind.holiday ? { holiday: kind.holiday } : {}) };
    }
  } catch (error) {
    if (!(error instanceof CalendarMissing)) throw error;
    missing = error.year;
    // An office's limit rolls past a statutory holiday (certainly a rest day), not past a weekend (maybe a 调休 working one).
    count = countPeriod(startDay, limit, provisionalDays(calendar), { ...restDayOptions(rule), ...(whose === 'petitioner' ? {} : { extendPastWeekends: false }) });
    // Left on a weekend for want of the notice, not by the office's rule (lastDayOnRestDay): no `unrolled`.
    if (whose !== 'petitioner' && rule !== 'holidaysOnly') delete count.unrolled;
  }
  const days = missing === undefined ? calendarDays(calendar) : provisionalDays(calendar);
  const startKind = safeKind(days, startDay);
  const firstCounted = limit.count === 'working' ? firstWorkingAfter(startDay, days) : startDay + 1;
  const at = endOfDay(count.last);
  const explanation: DeadlineExplanation = {
    startedAt: start,
    startDay: dateOfDay(startDay),
    firstCountedDay: dateOfDay(firstCounted),
    ...(limit.count === 'working' && startKind && !startKind.working ? { startOnRestDay: true as const } : {}),
    rule: {
      days: limit.days,
      count: limit.count,
      source: source.source,
      ...(source.key ? { sourceKey: source.key } : {}),
      ...(rule && limit.count === 'calendar' ? { lastDayOnRestDay: rule } : {}),
    },
    skipped: runsOf(count.skipped),
    adjustedWorkdays: count.adjustedWorkdays.map(dateOfDay),
    countedLastDay: dateOfDay(count.counted),
    ...(count.roll ? { roll: { from: dateOfDay(count.counted), to: dateOfDay(count.last), ...count.roll } } : {}),
    ...(count.unrolled ? { unrolled: count.unrolled } : {}),
    lastDay: dateOfDay(count.last),
    at,
    ...(missing !== undefined
      ? {
          provisional: {
            missingYears: missingYears(startDay, count.last, calendar, missing),
            ...(whose === 'petitioner' ? { petitionerWindow: true as const, ...(breakCouldReach(calendar, count.last) ? {} : { settled: true as const }) } : {}),
          },
        }
      : {}),
    adjustments: [],
  };
  return { at, provisional: missing !== undefined, explanation };
}

/**
 * Whether a year's notice, once published, could make `day` a rest day: it
 * lies in a year without a notice and either beyond the statutory table or
 * near one of its statutory holidays — a notice's break runs from at most
 * BREAK_BEFORE days before the law's holiday to BREAK_AFTER days after it
 * (国庆 1–8 October, 春节 from 除夕 to 初七 or 初八).
 */
function breakCouldReach(calendar: WorkingCalendar, day: number): boolean {
  const year = new Date(day * DAY_MS).getUTCFullYear();
  if (calendar.years().includes(year)) return false;
  if (!calendar.statutoryYears().includes(year)) return true;
  for (let d = day - BREAK_AFTER; d <= day + BREAK_BEFORE; d += 1) if (calendar.statutoryHoliday(d) !== undefined) return true;
  return false;
}
const BREAK_BEFORE = 3;
const BREAK_AFTER = 8;

function safeKind<K>(days: (day: number) => K, day: number): K | undefined {
  try {
    return days(day);
  } catch (error) {
    if (error instanceof CalendarMissing) return undefined;
    throw error;
  }
}

function firstWorkingAfter(day: number, days: (day: number) => { working: boolean }): number {
  for (let d = day + 1; d < day + 60; d += 1) {
    const kind = safeKind(days, d);
    if (!kind || kind.working) return d;
  }
  return day + 1;
}

function runsOf(days: PeriodCount['skipped']): RestDays[] {
  const runs: RestDays[] = [];
  for (const d of days) {
    const last = runs.at(-1);
    if (last && dayNumber(last.to)! + 1 === d.day && last.kind === d.kind && last.holiday === d.holiday) last.to = dateOfDay(d.day);
    else runs.push({ from: dateOfDay(d.day), to: dateOfDay(d.day), kind: d.kind, ...(d.holiday ? { holiday: d.holiday } : {}) });
  }
  return runs;
}

function missingYears(startDay: number, lastDay: number, calendar: WorkingCalendar, first: number): number[] {
  const known = new Set(calendar.years());
  const from = new Date(startDay * DAY_MS).getUTCFullYear();
  const to = new Date(lastDay * DAY_MS).getUTCFullYear();
  const years = new Set<number>([first]);
  for (let y = from; y <= to; y += 1) if (!known.has(y)) years.add(y);
  return [...years].sort((a, b) => a - b);
}

/**
 * 09:00 China time on the working day after `workingDays` full working days from
 * `from`: the morning whoever must decide a request (an office a return, a leader
 * an extension) is reminded of one still waiting.
 */
export function decisionReminderAt(from: string, workingDays: number, calendar: WorkingCalendar): string {
  // The end of the next working day is China's midnight after it; 15 hours before is 09:00 that day.
  const endOfNextWorkingDay = deadlineOrProvisional(from, { days: workingDays + 1, count: 'working' }, calendar).at;
  return new Date(Date.parse(endOfNextWorkingDay) - 15 * 3_600_000).toISOString();
}
