import { CalendarMissing, dateOfDay, dayNumber, type HolidayName } from './calendar.js';
import { DomainError } from './errors.js';

/**
 * Leader reception days (领导接待日): each jurisdiction publishes a rotation of
 * leaders, days and places (e.g. every Monday morning; the director on the last
 * Monday of the month). The rotation is configuration; this module expands it
 * into concrete sessions between two dates. Pure: dates and the calendar are passed in.
 *
 * Dates are China calendar dates `YYYY-MM-DD`; times are China time (UTC+8, no DST).
 */

/** 1 = Monday … 7 = Sunday, as Chinese calendars number the week (星期一 … 星期日). */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;
/** The n-th (1–4) such weekday of the month, or the last one. */
export type MonthWeek = number | 'last';

/** One line of the rotation: a leader, a recurring day, a time and a place. */
export interface ReceptionDay {
  /** Staff id of the receiving leader (role `leader` in the jurisdiction). */
  leader: string;
  /** Every week on this day… */
  weekday?: number;
  /** …or once a month: the n-th (or last) such weekday of the month… */
  monthly?: { week: MonthWeek; weekday: number };
  /** …or every month on these days of the month, e.g. [5, 15, 25] (每月逢5); a day the month lacks is skipped. */
  monthDays?: number[];
  /** A session that falls in a public holiday: cancelled (the default), or held the nearest day before that is not one (逢法定节假日提前一天). */
  onHoliday?: 'cancel' | 'dayBefore';
  /** `HH:MM-HH:MM`, China time. */
  time: string;
  place: string;
  /** Petitioners who may book one session. */
  capacity: number;
  /** What this leader receives petitioners about (e.g. 征地拆迁), if the office publishes it. */
  topics?: string[];
}

export interface ReceptionSession {
  /**
   * The slot as published, `<jurisdiction>:<YYYY-MM-DD>:<HHMM>` (its start,
   * China time): not who receives, so a leader replaced in the rotation
   * leaves the session, its bookings and its notes where they are.
   */
  id: string;
  jurisdiction: string;
  /** Who receives, as the rotation names them now. */
  leader: string;
  date: string;
  weekday: IsoWeekday;
  /** ISO 8601 with the China offset, e.g. `2026-10-12T09:00:00+08:00`. */
  startsAt: string;
  endsAt: string;
  time: string;
  place: string;
  capacity: number;
  topics: string[];
  /** The rotation's own day, when a public holiday moved the session earlier (onHoliday `dayBefore`). */
  movedFrom?: string;
}

/** The part of WorkingCalendar the rotation needs. */
export interface HolidayLookup {
  holidayOn(date: string): HolidayName | undefined;
  /** Working days, 调休 included; without it, a weekday outside a holiday. */
  isWorkingDay?(date: string): boolean;
  /** For a year without a notice, the holiday the law fixes on a day number (WorkingCalendar.statutoryHoliday). */
  statutoryHoliday?(day: number): HolidayName | undefined;
}

const TIME_RANGE = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;
const SLOT_ID = /^(\d{6}|\d{9}):(\d{4}-\d{2}-\d{2}):([01]\d|2[0-3])([0-5]\d)$/;
/** The id sessions had before slot ids, naming the leader: still in links given out and on bookings made then. */
const LEADER_KEYED_ID = /^(\d{6}|\d{9}):([a-z0-9][a-z0-9-]*):(\d{4}-\d{2}-\d{2})$/;
const WEEKDAY_NAMES = ['', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六', '星期日'] as const;

/** Problem with a `HH:MM-HH:MM` range, or undefined when it is a usable one. */
export function timeRangeProblem(range: string): string | undefined {
  const match = TIME_RANGE.exec(range);
  if (!match) return 'must be a China-time range HH:MM-HH:MM, e.g. 09:00-11:30';
  const start = Number(match[1]) * 60 + Number(match[2]);
  const end = Number(match[3]) * 60 + Number(match[4]);
  return start < end ? undefined : `must end after it starts (${range})`;
}

/** The slot of a session: its jurisdiction, day and start (`HH:MM`), e.g. `330122:2026-12-28:1430`. */
export function sessionId(jurisdiction: string, date: string, start: string): string {
  return `${jurisdiction}:${date}:${start.replace(':', '')}`;
}

/**
 * The id a session had when ids named its leader (`<jurisdiction>:<leader>:<date>`):
 * bookings made then are stored under it, and mails and pages of then link to it.
 */
export function leaderKeyedId(jurisdiction: string, leader: string, date: string): string {
  return `${jurisdiction}:${leader}:${date}`;
}

export type SessionIdParts =
  | { kind: 'slot'; jurisdiction: string; date: string; start: string }
  | { kind: 'leaderKeyed'; jurisdiction: string; leader: string; date: string };

/** The parts of a session id, a slot's or an earlier one naming the leader; undefined when it is neither. */
export function parseSessionId(id: string): SessionIdParts | undefined {
  const slot = SLOT_ID.exec(id);
  if (slot) return dayNumber(slot[2]!) === undefined ? undefined : { kind: 'slot', jurisdiction: slot[1]!, date: slot[2]!, start: `${slot[3]}:${slot[4]}` };
  const match = LEADER_KEYED_ID.exec(id);
  if (!match || dayNumber(match[3]!) === undefined) return undefined;
  return { kind: 'leaderKeyed', jurisdiction: match[1]!, leader: match[2]!, date: match[3]! };
}

/** 1 = Monday … 7 = Sunday of a day number (days since 1970-01-01, a Thursday). */
function isoWeekdayOf(day: number): IsoWeekday {
  return ((((day + 3) % 7) + 7) % 7 + 1) as IsoWeekday;
}

function requireDay(date: string): number {
  const day = dayNumber(date);
  if (day === undefined) throw new RangeError(`not a date YYYY-MM-DD: ${JSON.stringify(date)}`);
  return day;
}

/** Whether the rotation line falls on this date (before holidays are considered). */
export function fallsOn(rule: Pick<ReceptionDay, 'weekday' | 'monthly' | 'monthDays'>, date: string): boolean {
  const day = requireDay(date);
  const weekday = isoWeekdayOf(day);
  if (rule.weekday !== undefined) return weekday === rule.weekday;
  if (rule.monthDays) return rule.monthDays.includes(Number(date.slice(8, 10)));
  if (!rule.monthly || weekday !== rule.monthly.weekday) return false;
  const dayOfMonth = Number(date.slice(8, 10));
  if (rule.monthly.week === 'last') {
    // The last such weekday: a week later is already next month.
    return dateOfDay(day + 7).slice(0, 7) !== date.slice(0, 7);
  }
  return Math.ceil(dayOfMonth / 7) === rule.monthly.week;
}

/**
 * A public holiday (weekends inside a break included) cancels the session.
 * For a year whose holiday notice is not published yet only the holidays the
 * law fixes are known (元旦, 除夕 and 正月初一至初三, …): those cancel it; any
 * other day stands, as the rotation names its weekdays itself.
 */
function isHoliday(calendar: HolidayLookup, date: string): boolean {
  try {
    return calendar.holidayOn(date) !== undefined;
  } catch (error) {
    if (error instanceof CalendarMissing) return calendar.statutoryHoliday?.(requireDay(date)) !== undefined;
    throw error;
  }
}

/** A working day (调休 weekends included); for a year not yet published, a weekday. */
function isWorkingDay(calendar: HolidayLookup, date: string): boolean {
  try {
    if (calendar.isWorkingDay) return calendar.isWorkingDay(date);
  } catch (error) {
    if (!(error instanceof CalendarMissing)) throw error;
  }
  return isoWeekdayOf(requireDay(date)) <= 5 && !isHoliday(calendar, date);
}

/**
 * Whether a line's session can be held on its day: not in a public holiday;
 * and for days of the month, which fall on any weekday, not on a rest day
 * either (a line naming its weekday means that weekday, Saturday included).
 */
function heldOn(calendar: HolidayLookup, line: ReceptionDay, date: string): boolean {
  return line.monthDays ? isWorkingDay(calendar, date) : !isHoliday(calendar, date);
}

function chinaInstant(date: string, hhmm: string): string {
  return `${date}T${hhmm}:00+08:00`;
}

/** Longer than any holiday break (春节, 国庆: 8–9 days): how far ahead a session moved earlier may come from. */
const HOLIDAY_LOOKAHEAD_DAYS = 14;

/**
 * The sessions of a jurisdiction's rotation from `from` to `to` (inclusive
 * China dates), in order of start time. A day in a public holiday (or, for
 * days of the month, any rest day) cancels its session, or, for a line that
 * says so (`onHoliday: dayBefore`), moves it to the nearest working day
 * before — so a session of a few days after `to` may fall in the range.
 */
export function sessionsBetween(
  jurisdiction: string,
  rotation: readonly ReceptionDay[],
  range: { from: string; to: string },
  calendar: HolidayLookup,
): ReceptionSession[] {
  const first = requireDay(range.from);
  const last = requireDay(range.to);
  const sessions = new Map<string, ReceptionSession>();
  const hold = (line: ReceptionDay, day: number, movedFrom?: string) => {
    const date = dateOfDay(day);
    const [start, end] = line.time.split('-') as [string, string];
    const id = sessionId(jurisdiction, date, start);
    // The slot's own session that day stands; one moved onto it does not make a second.
    if (day < first || day > last || sessions.has(id)) return;
    sessions.set(id, {
      id,
      jurisdiction,
      leader: line.leader,
      date,
      weekday: isoWeekdayOf(day),
      startsAt: chinaInstant(date, start),
      endsAt: chinaInstant(date, end),
      time: line.time,
      place: line.place,
      capacity: line.capacity,
      topics: line.topics ?? [],
      ...(movedFrom ? { movedFrom } : {}),
    });
  };
  for (let day = first; day <= last + HOLIDAY_LOOKAHEAD_DAYS; day += 1) {
    const date = dateOfDay(day);
    for (const line of rotation) {
      if (!fallsOn(line, date)) continue;
      if (heldOn(calendar, line, date)) {
        hold(line, day);
        continue;
      }
      const before = line.onHoliday === 'dayBefore' ? nearestWorkingDayBefore(calendar, day) : undefined;
      if (before !== undefined) hold(line, before, date);
    }
  }
  return [...sessions.values()].sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.leader.localeCompare(b.leader));
}

/** The nearest working day before `day` (within the look-ahead), e.g. 30 September for a session in 国庆. */
function nearestWorkingDayBefore(calendar: HolidayLookup, day: number): number | undefined {
  for (let earlier = day - 1; earlier >= day - HOLIDAY_LOOKAHEAD_DAYS; earlier -= 1) {
    if (isWorkingDay(calendar, dateOfDay(earlier))) return earlier;
  }
  return undefined;
}

/** The sessions of a jurisdiction's rotation on one day, in order of start time. */
export function sessionsOn(
  jurisdiction: string,
  date: string,
  rotationOf: (jurisdiction: string) => readonly ReceptionDay[] | undefined,
  calendar: HolidayLookup,
): ReceptionSession[] {
  const rotation = rotationOf(jurisdiction);
  return rotation ? sessionsBetween(jurisdiction, rotation, { from: date, to: date }, calendar) : [];
}

/**
 * The session a slot id names, if the rotation really holds it (that day,
 * a line starting then, not a holiday). An id naming the leader is not a
 * slot: resolving it needs the store (shared/app/reception-sessions.ts).
 */
export function sessionOf(
  id: string,
  rotationOf: (jurisdiction: string) => readonly ReceptionDay[] | undefined,
  calendar: HolidayLookup,
): ReceptionSession | undefined {
  const parts = parseSessionId(id);
  if (parts?.kind !== 'slot') return undefined;
  return sessionsOn(parts.jurisdiction, parts.date, rotationOf, calendar).find((s) => s.id === id);
}

/**
 * Which of a day's sessions an id naming a leader meant, by the rotation
 * alone: the one that leader receives at, when they have exactly one that
 * day; else the day's only session. Undefined when the rotation cannot tell
 * (the leader replaced on a day with several sessions): then the store says
 * which slot was booked under that leader.
 */
export function sessionOfLeaderOn(daySessions: readonly ReceptionSession[], leader: string): ReceptionSession | undefined {
  const theirs = daySessions.filter((s) => s.leader === leader);
  if (theirs.length === 1) return theirs[0];
  return theirs.length === 0 && daySessions.length === 1 ? daySessions[0] : undefined;
}

/** `2026年10月12日（星期一）`, as a published schedule writes it. */
export function formatSessionDate(session: Pick<ReceptionSession, 'date' | 'weekday'>): string {
  const [year, month, day] = session.date.split('-').map(Number) as [number, number, number];
  return `${year}年${month}月${day}日（${WEEKDAY_NAMES[session.weekday]}）`;
}

/** Whether two rotation lines can fall on the same day (two starting at the same time would be one slot). */
export function rulesOverlap(a: Pick<ReceptionDay, 'weekday' | 'monthly' | 'monthDays'>, b: Pick<ReceptionDay, 'weekday' | 'monthly' | 'monthDays'>): boolean {
  if (a.monthDays && b.monthDays) return a.monthDays.some((d) => b.monthDays!.includes(d));
  // A day of the month is some month's Monday: it can meet any weekday rule.
  if (a.monthDays || b.monthDays) return true;
  const weekdayOf = (r: typeof a) => r.weekday ?? r.monthly?.weekday;
  if (weekdayOf(a) === undefined || weekdayOf(a) !== weekdayOf(b)) return false;
  if (!a.monthly || !b.monthly) return true;
  const weeks = new Set([a.monthly.week, b.monthly.week]);
  // The 4th such weekday is also the last one in a month that has only four.
  return weeks.size === 1 || (weeks.has(4) && weeks.has('last'));
}

/** Every place of the session is taken. */
export class ReceptionFull extends DomainError {
  readonly code = 'ReceptionFull';
  constructor(session: Pick<ReceptionSession, 'id' | 'capacity'>) {
    super(`all ${session.capacity} places of reception session ${session.id} are booked; please choose another reception day`, {
      sessionId: session.id,
      capacity: session.capacity,
    });
    this.chinese = `接待场次 ${session.id} 的 ${session.capacity} 个名额已约满，请选择其他接待日`;
  }
}

/** The id names no session of the published rotation (wrong day or time, a holiday, unknown jurisdiction). */
export class ReceptionSessionNotFound extends DomainError {
  readonly code = 'ReceptionSessionNotFound';
  constructor(id: string) {
    super(`no reception session ${id} in the published rotation (see GET /public/reception-days)`, { sessionId: id });
    this.chinese = `公布的领导接待安排中没有接待场次 ${id}`;
  }
}

export class ReceptionBookingNotFound extends DomainError {
  readonly code = 'ReceptionBookingNotFound';
  constructor(sessionId: string, bookingId: string) {
    super(`no booking ${bookingId} for reception session ${sessionId}`, { sessionId, bookingId });
    this.chinese = `接待场次 ${sessionId} 没有预约 ${bookingId}`;
  }
}
