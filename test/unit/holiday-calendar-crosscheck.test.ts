import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadHolidayCalendar } from '../../shared/config/holidays.js';
import { dateOfDay, dayNumber, WorkingCalendar, type HolidayYear } from '../../shared/domain/calendar.js';

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
