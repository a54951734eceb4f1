import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadHolidayCalendar } from '../../shared/config/holidays.js';
import { readConfigFile } from '../../shared/config/config-file.js';
import { dateOfDay, dayNumber, WorkingCalendar, type HolidayName, type HolidayRange, type HolidayYear } from '../../shared/domain/calendar.js';

/**
 * config/holidays against chinese-days (a maintained data package of China's
 * holidays and adjusted working days, pinned in package.json, its data shipped
 * as JSON): a typo in a year's file — a break a day short, a working Saturday
 * forgotten — fails here, naming the days on which the two disagree.
 */
const data = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as { holidays: Record<string, string>; workdays: Record<string, string> };
const calendar = loadHolidayCalendar(fileURLToPath(new URL('../../config/holidays', import.meta.url)));

/** Days of a year on which our calendar and chinese-days disagree, as `date: ours / theirs`. */
function disagreements(year: HolidayYear): string[] {
  const ours = new WorkingCalendar([year]);
  const found: string[] = [];
  for (let day = dayNumber(`${year.year}-01-01`)!; day <= dayNumber(`${year.year}-12-31`)!; day += 1) {
    const date = dateOfDay(day);
    const weekend = [0, 6].includes(new Date(day * 86_400_000).getUTCDay());
    const theirs = date in data.holidays ? 'holiday' : date in data.workdays && weekend ? 'adjusted working day' : weekend ? 'weekend' : 'working day';
    const mine = ours.holidayOn(date) ? 'holiday' : ours.isWorkingDay(date) ? (weekend ? 'adjusted working day' : 'working day') : 'weekend';
    if (mine !== theirs) found.push(`${date}: config/holidays says ${mine}, chinese-days says ${theirs}`);
  }
  return found;
}

describe('the holiday calendar agrees with chinese-days, day by day', () => {
  it.each(calendar.yearData().map((y) => [y.year, y] as const))('%i', (_year, year) => {
    expect(disagreements(year)).toEqual([]);
  });

  it('a typo in a year’s file is caught: 春节 2026 a day short, the working Saturday after it forgotten', () => {
    const year = calendar.yearData().find((y) => y.year === 2026)!;
    const typo: HolidayYear = {
      ...year,
      holidays: year.holidays.map((h) => (h.name === '春节' ? { ...h, to: '2026-02-22' } : h)),
      workdays: year.workdays.filter((d) => d !== '2026-02-28'),
    };
    expect(disagreements(typo)).toEqual([
      '2026-02-23: config/holidays says working day, chinese-days says holiday',
      '2026-02-28: config/holidays says weekend, chinese-days says adjusted working day',
    ]);
  });
});

/**
 * config/holidays/statutory.yaml against chinese-days' lunar calendar and solar
 * terms: each year's 除夕 (the day before 正月初一), 清明, 五月初五 and 八月十五.
 * For 2025 and 2026, whose notices are in, every day the law fixes must be
 * inside a break of the notice.
 */
const lunar = createRequire(import.meta.url)('chinese-days') as {
  getSolarDateFromLunar(date: string): { date: string };
  getSolarTermDate(year: number, month: number, term: 'pure_brightness'): string;
};
const statutory = readConfigFile(fileURLToPath(new URL('../../config/holidays/statutory.yaml', import.meta.url))) as { years: { year: number; holidays: HolidayRange[] }[] };

/** The law's days of a year, by chinese-days, as the table writes them. */
function lawOf(year: number): HolidayRange[] {
  const day = (date: string) => dayNumber(date)!;
  const newYear = day(lunar.getSolarDateFromLunar(`${year}-01-01`).date);
  const one = (name: HolidayName, date: string): HolidayRange => ({ name, from: date, to: date });
  return [
    one('元旦', `${year}-01-01`),
    { name: '春节', from: dateOfDay(newYear - 1), to: dateOfDay(newYear + 2) },
    one('清明节', lunar.getSolarTermDate(year, 4, 'pure_brightness')),
    { name: '劳动节', from: `${year}-05-01`, to: `${year}-05-02` },
    one('端午节', lunar.getSolarDateFromLunar(`${year}-05-05`).date),
    one('中秋节', lunar.getSolarDateFromLunar(`${year}-08-15`).date),
    { name: '国庆节', from: `${year}-10-01`, to: `${year}-10-03` },
  ];
}

describe('the statutory holidays agree with chinese-days’ lunar calendar', () => {
  it('has 2027 to 2035, so clocks started now (into 2027) have them', () => {
    expect(statutory.years.map((y) => y.year)).toEqual([2027, 2028, 2029, 2030, 2031, 2032, 2033, 2034, 2035]);
  });

  it.each(statutory.years.map((y) => [y.year, y] as const))('%i', (year, row) => {
    expect(row.holidays).toEqual(lawOf(year));
  });

  it('春节 2027 is Saturday 6 February, so 除夕 is Friday 5 February', () => {
    expect(statutory.years[0]!.holidays[1]).toEqual({ name: '春节', from: '2027-02-05', to: '2027-02-08' });
  });

  it.each([2025, 2026])('every day the law fixes in %i is inside a break of its notice', (year) => {
    const notice = new WorkingCalendar(calendar.yearData().filter((y) => y.year === year));
    const outside = lawOf(year).flatMap((range) => {
      const days: string[] = [];
      for (let d = dayNumber(range.from)!; d <= dayNumber(range.to)!; d += 1) if (notice.holidayOn(dateOfDay(d)) === undefined) days.push(`${dateOfDay(d)} ${range.name}`);
      return days;
    });
    expect(outside).toEqual([]);
  });
});
