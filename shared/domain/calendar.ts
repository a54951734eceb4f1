import { DomainError } from './errors.js';

/**
 * The working-day calendar of mainland China: Monday to Friday are working
 * days, Saturday and Sunday are not, except that the public holidays of the
 * State Council General Office's yearly notice (国务院办公厅关于<year>年部分
 * 节假日安排的通知) are days off and the adjusted working weekends (调休上班)
 * it names are working days. The calendar is data, one year at a time
 * (config/holidays/<year>.yaml); asking about a year without data is an error,
 * never a guess.
 *
 * For a year whose notice is not published yet, only what the law itself fixes
 * is known: the days of 《全国年节及纪念日放假办法》第二条 (statutory.yaml,
 * statutoryHoliday). The provisional counts (workingOrWeekday, and
 * deadlineOrProvisional in deadlines.ts) take those days and the weekends as
 * rest days; the notice's 调休 — weekends worked, weekdays given off — stays
 * unknown until the year's file is added, which then wins entirely.
 *
 * Dates are China calendar dates written `YYYY-MM-DD`.
 */

export const HOLIDAY_NAMES = ['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节'] as const;
export type HolidayName = (typeof HOLIDAY_NAMES)[number];

export interface HolidayRange {
  name: HolidayName;
  /** First day off, `YYYY-MM-DD`. */
  from: string;
  /** Last day off (inclusive), `YYYY-MM-DD`. */
  to: string;
}

export interface HolidayYear {
  year: number;
  /** The whole breaks, weekends inside them included. */
  holidays: HolidayRange[];
  /** Saturdays and Sundays that are working days (调休上班). */
  workdays: string[];
}

/**
 * How many days each holiday has by law (《全国年节及纪念日放假办法》第二条, as
 * amended by 国务院令第795号, in force 2025-01-01), and the fixed first day of
 * those that follow the solar calendar (MM-DD). 春节 is 农历除夕 and 正月初一至
 * 初三; 清明节 the day of the 清明 solar term; 端午节 农历五月初五; 中秋节
 * 农历八月十五.
 */
const STATUTORY_DAYS: Readonly<Record<HolidayName, { days: number; from?: string }>> = {
  元旦: { days: 1, from: '01-01' },
  春节: { days: 4 },
  清明节: { days: 1 },
  劳动节: { days: 2, from: '05-01' },
  端午节: { days: 1 },
  中秋节: { days: 1 },
  国庆节: { days: 3, from: '10-01' },
};

/** A year's holidays as the law fixes them, before (or without) the State Council's notice: no 调休. */
export interface StatutoryYear {
  year: number;
  /** Each of the seven holidays once, its statutory days only (中秋节 may fall inside 国庆节). */
  holidays: HolidayRange[];
}

/** A date was asked about in a year that has no holiday calendar configured. */
export class CalendarMissing extends DomainError {
  readonly code = 'CalendarMissing';
  constructor(readonly year: number) {
    super(
      `no holiday calendar for ${year}: working days in ${year} cannot be counted until config/holidays/${year}.yaml is added from the State Council General Office's notice for ${year}`,
      { year },
    );
    this.chinese = `没有 ${year} 年的节假日安排：须根据国务院办公厅 ${year} 年节假日安排的通知添加 config/holidays/${year}.yaml 后，才能计算 ${year} 年的工作日`;
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a `YYYY-MM-DD` date, or undefined when it is not a real date. */
export function dayNumber(date: string): number | undefined {
  const match = DATE.exec(date);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return undefined;
  return ms / 86_400_000;
}

/** The `YYYY-MM-DD` date of a day number (days since 1970-01-01). */
export function dateOfDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

function requireDay(date: string): number {
  const day = dayNumber(date);
  if (day === undefined) throw new RangeError(`not a date YYYY-MM-DD: ${JSON.stringify(date)}`);
  return day;
}

/** 0 = Sunday … 6 = Saturday. */
function weekdayOf(day: number): number {
  return new Date(day * 86_400_000).getUTCDay();
}

const isWeekend = (day: number) => {
  const weekday = weekdayOf(day);
  return weekday === 0 || weekday === 6;
};

export interface YearIssue {
  year: number;
  path: string;
  message: string;
}

/** Each year's problems by `check`, after the checks every year shares: a whole year, given once. */
function issuesByYear<T extends { year: number }>(years: readonly T[], check: (data: T, add: (path: string, message: string) => void) => void): YearIssue[] {
  const issues: YearIssue[] = [];
  const seen = new Set<number>();
  for (const data of years) {
    const { year } = data;
    const add = (path: string, message: string) => issues.push({ year, path, message });
    if (!Number.isInteger(year)) {
      add('year', `must be a whole year, not ${String(year)}`);
      continue;
    }
    if (seen.has(year)) add('year', `${year} is given more than once`);
    seen.add(year);
    check(data, add);
  }
  return issues;
}

/**
 * Problems in calendar data, each with a path inside its year
 * (`holidays[2].to`, `workdays[0]`) and, when several years are given, the year.
 * Empty when the data can be used. The loader uses this to point at the line.
 */
export function calendarIssues(years: readonly HolidayYear[]): YearIssue[] {
  return issuesByYear(years, (data, add) => {
    const { year } = data;
    const inYear = (date: string) => date.slice(0, 4) === String(year);
    const ranges: { from: number; to: number; index: number }[] = [];
    data.holidays.forEach((range, index) => {
      const from = dayNumber(range.from);
      const to = dayNumber(range.to);
      if (from === undefined) add(`holidays[${index}].from`, `must be a date YYYY-MM-DD, not ${JSON.stringify(range.from)}`);
      else if (!inYear(range.from)) add(`holidays[${index}].from`, `${range.from} is not in ${year}`);
      if (to === undefined) add(`holidays[${index}].to`, `must be a date YYYY-MM-DD, not ${JSON.stringify(range.to)}`);
      else if (!inYear(range.to)) add(`holidays[${index}].to`, `${range.to} is not in ${year}`);
      if (from === undefined || to === undefined) return;
      if (from > to) {
        add(`holidays[${index}]`, `${range.name} starts on ${range.from}, after it ends on ${range.to}`);
        return;
      }
      const overlap = ranges.find((other) => from <= other.to && other.from <= to);
      if (overlap) add(`holidays[${index}]`, `${range.name} ${range.from}–${range.to} overlaps holidays[${overlap.index}]`);
      ranges.push({ from, to, index });
    });
    const workdays = new Set<number>();
    data.workdays.forEach((date, index) => {
      const day = dayNumber(date);
      if (day === undefined) return add(`workdays[${index}]`, `must be a date YYYY-MM-DD, not ${JSON.stringify(date)}`);
      if (!inYear(date)) return add(`workdays[${index}]`, `${date} is not in ${year}`);
      if (!isWeekend(day)) return add(`workdays[${index}]`, `${date} is not a Saturday or Sunday; only weekend days can be adjusted working days`);
      if (workdays.has(day)) return add(`workdays[${index}]`, `${date} is listed twice`);
      workdays.add(day);
      const inside = ranges.find((r) => r.from <= day && day <= r.to);
      if (inside) add(`workdays[${index}]`, `${date} is inside holidays[${inside.index}]`);
    });
  });
}

/**
 * Problems in the table of statutory holidays (statutory.yaml), as calendarIssues:
 * dates real and in their year, each of the seven holidays exactly once, each as
 * many days as the law gives it, the solar-calendar ones on their fixed dates.
 * That 春节, 清明节, 端午节 and 中秋节 fall on the right lunar or solar-term day
 * is checked against a lunar calendar by a test, not here.
 */
export function statutoryIssues(years: readonly StatutoryYear[]): YearIssue[] {
  return issuesByYear(years, ({ year, holidays }, add) => {
    const named = new Map<HolidayName, number>();
    holidays.forEach((range, index) => {
      const rule = STATUTORY_DAYS[range.name];
      if (named.has(range.name)) add(`holidays[${index}].name`, `${range.name} is listed twice (also holidays[${named.get(range.name)}])`);
      named.set(range.name, index);
      const from = dayNumber(range.from);
      const to = dayNumber(range.to);
      if (from === undefined) add(`holidays[${index}].from`, `must be a date YYYY-MM-DD, not ${JSON.stringify(range.from)}`);
      else if (range.from.slice(0, 4) !== String(year)) add(`holidays[${index}].from`, `${range.from} is not in ${year}`);
      if (to === undefined) add(`holidays[${index}].to`, `must be a date YYYY-MM-DD, not ${JSON.stringify(range.to)}`);
      else if (range.to.slice(0, 4) !== String(year)) add(`holidays[${index}].to`, `${range.to} is not in ${year}`);
      if (from === undefined || to === undefined) return;
      if (to - from + 1 !== rule.days) add(`holidays[${index}]`, `${range.name} is ${rule.days} day${rule.days > 1 ? 's' : ''} by law, not ${range.from}–${range.to}`);
      else if (rule.from && range.from !== `${year}-${rule.from}`) add(`holidays[${index}].from`, `${range.name} starts on ${year}-${rule.from} by law, not ${range.from}`);
    });
    const missing = HOLIDAY_NAMES.filter((name) => !named.has(name));
    if (missing.length > 0) add('holidays', `${missing.join(', ')} missing; every year has all seven`);
  });
}

interface YearDays {
  /** Day number → holiday name. */
  holidays: Map<number, HolidayName>;
  workdays: Set<number>;
}

export class WorkingCalendar {
  private readonly byYear = new Map<number, YearDays>();
  /** Years without a notice: day number → the statutory holiday on it. */
  private readonly statutoryByYear = new Map<number, Map<number, HolidayName>>();

  /**
   * `data`: the notices, a year each. `statutory`: the holidays the law fixes,
   * used only for years `data` does not have (a notice wins entirely).
   * Throws an Error listing every problem when the data cannot be used.
   */
  constructor(
    private readonly data: readonly HolidayYear[],
    private readonly statutory: readonly StatutoryYear[] = [],
  ) {
    const years = data;
    const issues = [...calendarIssues(years), ...statutoryIssues(statutory).map((i) => ({ ...i, path: `statutory ${i.path}` }))];
    if (issues.length > 0) {
      throw new Error(
        `holiday calendar data is not usable:\n${issues.map((i) => `  - ${i.year}: ${i.path}: ${i.message}`).join('\n')}`,
      );
    }
    const noticed = new Set(data.map((y) => y.year));
    for (const { year, holidays } of statutory) {
      if (noticed.has(year)) continue;
      const days = new Map<number, HolidayName>();
      // 中秋节 inside 国庆节 (2028, 2031) is named for the longer break, as a notice names it: longest first, first name kept.
      const longestFirst = [...holidays].sort((a, b) => requireDay(b.to) - requireDay(b.from) - (requireDay(a.to) - requireDay(a.from)));
      for (const range of longestFirst) {
        const last = requireDay(range.to);
        for (let day = requireDay(range.from); day <= last; day += 1) if (!days.has(day)) days.set(day, range.name);
      }
      this.statutoryByYear.set(year, days);
    }
    for (const data of years) {
      const holidays = new Map<number, HolidayName>();
      for (const range of data.holidays) {
        const last = requireDay(range.to);
        for (let day = requireDay(range.from); day <= last; day += 1) holidays.set(day, range.name);
      }
      this.byYear.set(data.year, { holidays, workdays: new Set(data.workdays.map(requireDay)) });
    }
  }

  private provisional?: WorkingCalendar;

  /**
   * The calendar as it stood before any notice: the statutory holidays of
   * every year the table has, no 调休 — what a provisional day was counted
   * by, to tell such a day from one counted by a notice.
   */
  withoutNotices(): WorkingCalendar {
    this.provisional ??= new WorkingCalendar([], this.statutory);
    return this.provisional;
  }

  /** The years this calendar covers, ascending. */
  years(): number[] {
    return [...this.byYear.keys()].sort((a, b) => a - b);
  }

  /** The years without a notice whose statutory holidays are known (statutory.yaml), ascending. */
  statutoryYears(): number[] {
    return [...this.statutoryByYear.keys()].sort((a, b) => a - b);
  }

  /**
   * For a year without a notice, the holiday the law fixes on a day (a day
   * number), if any (《全国年节及纪念日放假办法》第二条): certain rest days
   * whatever the notice will add. Undefined for a year with a notice (ask
   * holidayOn) and for a year beyond the statutory table.
   */
  statutoryHoliday(day: number): HolidayName | undefined {
    return this.statutoryByYear.get(new Date(day * 86_400_000).getUTCFullYear())?.get(day);
  }

  /** Each year's holidays and adjusted working days as configured, ascending by year. */
  yearData(): HolidayYear[] {
    return [...this.data].sort((a, b) => a.year - b.year).map((y) => ({ year: y.year, holidays: y.holidays.map((h) => ({ ...h })), workdays: [...y.workdays] }));
  }

  /** A weekday that is not a public holiday, or an adjusted working weekend. Throws CalendarMissing. */
  isWorkingDay(date: string): boolean {
    return this.isWorkingDayNumber(requireDay(date));
  }

  /** The public holiday a date falls in (weekends inside a break included), if any. Throws CalendarMissing. */
  holidayOn(date: string): HolidayName | undefined {
    const day = requireDay(date);
    return this.yearOf(day).holidays.get(day);
  }

  /** The first working day strictly after `date`. */
  nextWorkingDay(date: string): string {
    return this.addWorkingDays(date, 1);
  }

  /**
   * The date `n` working days after `date`; the day of `date` itself is not
   * counted, so `addWorkingDays(d, 0)` is `d`. A negative `n` counts back.
   * Throws CalendarMissing as soon as the count enters a year without data.
   */
  addWorkingDays(date: string, n: number): string {
    if (!Number.isInteger(n)) throw new RangeError(`working days must be a whole number, not ${n}`);
    return dateOfDay(this.addWorkingDayNumbers(requireDay(date), n));
  }

  /** Same as addWorkingDays on day numbers (days since 1970-01-01); for the deadline engine. */
  addWorkingDayNumbers(start: number, n: number): number {
    const step = n < 0 ? -1 : 1;
    let day = start;
    for (let counted = 0; counted < Math.abs(n); ) {
      day += step;
      if (this.isWorkingDayNumber(day)) counted += 1;
    }
    return day;
  }

  /** isWorkingDay on a day number (days since 1970-01-01). */
  isWorkingDayNumber(day: number): boolean {
    const year = this.yearOf(day);
    if (year.workdays.has(day)) return true;
    if (year.holidays.has(day)) return false;
    return !isWeekend(day);
  }

  private yearOf(day: number): YearDays {
    const year = new Date(day * 86_400_000).getUTCFullYear();
    const data = this.byYear.get(year);
    if (!data) throw new CalendarMissing(year);
    return data;
  }
}

/**
 * Whether the day (a day number) is a working day — by the year's published
 * calendar, or, for a year not published yet, Monday to Friday outside the
 * statutory holidays (no 调休 yet), as the provisional deadlines count.
 */
export function workingOrWeekday(day: number, calendar: WorkingCalendar): boolean {
  try {
    return calendar.isWorkingDayNumber(day);
  } catch (error) {
    if (!(error instanceof CalendarMissing)) throw error;
    return !isWeekend(day) && calendar.statutoryHoliday(day) === undefined;
  }
}

/**
 * The public holiday a day (a day number) falls in — by the year's published
 * calendar, or, for a year not published yet, the statutory holiday on it.
 */
export function holidayOrStatutory(day: number, calendar: WorkingCalendar): HolidayName | undefined {
  try {
    return calendar.holidayOn(dateOfDay(day));
  } catch (error) {
    if (!(error instanceof CalendarMissing)) throw error;
    return calendar.statutoryHoliday(day);
  }
}

/**
 * The years from `from` to `to` (day numbers, in either order) that have no
 * published holiday calendar: a deadline counted or moved across one of them
 * is provisional until its notice is added.
 */
export function unpublishedYears(from: number, to: number, calendar: WorkingCalendar): number[] {
  const known = new Set(calendar.years());
  const year = (day: number) => new Date(day * 86_400_000).getUTCFullYear();
  const years: number[] = [];
  for (let y = year(Math.min(from, to)); y <= year(Math.max(from, to)); y += 1) if (!known.has(y)) years.push(y);
  return years;
}
