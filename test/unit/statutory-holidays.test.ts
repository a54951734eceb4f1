import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadHolidayCalendar } from '../../shared/config/holidays.js';
import { ConfigError } from '../../shared/config/config-error.js';
import { dateOfDay, dayNumber, workingOrWeekday } from '../../shared/domain/calendar.js';
import { deadlineOrProvisional } from '../../shared/domain/deadlines.js';
import { explanationSentence } from '../../shared/domain/explain-deadline.js';
import type { Case } from '../../shared/domain/case.js';
import { reviewRequestByNow, reviewRequestDeadline } from '../../shared/domain/closing.js';
import { DEFAULT_TIME_LIMITS } from '../../shared/domain/time-limits.js';

/**
 * A year without the State Council's notice (2027, as of December 2026) still
 * has the holidays the law fixes (《全国年节及纪念日放假办法》第二条, the table
 * config/holidays/statutory.yaml): deadlines roll off them and working days
 * skip them, the deadline still 约 until the notice is added. A year with a
 * notice is counted by the notice alone.
 */
const HOLIDAYS = fileURLToPath(new URL('../../config/holidays', import.meta.url));
const calendar = loadHolidayCalendar(HOLIDAYS);

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
function folder(files: Record<string, string>, copied: string[] = ['2025.yaml', '2026.yaml']): string {
  const dir = mkdtempSync(join(tmpdir(), 'holidays-'));
  dirs.push(dir);
  for (const file of copied) copyFileSync(join(HOLIDAYS, file), join(dir, file));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** The last day (China date) of a limit started at 10:00 China time on `day`. */
const lastDay = (day: string, days: number, count: 'calendar' | 'working', whose: 'office' | 'petitioner' = 'office') =>
  deadlineOrProvisional(`${day}T10:00:00+08:00`, { days, count }, calendar, { source: 'national' }, whose);

describe('a year without a notice: the statutory holidays are rest days, the deadline still provisional', () => {
  it('15 calendar days from 17 December 2026 end on 元旦 (Friday 1 January 2027): rolled to Monday 4 January', () => {
    expect(calendar.years()).not.toContain(2027);
    for (const whose of ['office', 'petitioner'] as const) {
      const due = lastDay('2026-12-17', 15, 'calendar', whose);
      expect(due.explanation.lastDay).toBe('2027-01-04');
      expect(due.at).toBe('2027-01-04T16:00:00.000Z');
      expect(due.provisional).toBe(true);
      expect(due.explanation.provisional?.missingYears).toEqual([2027]);
      expect(due.explanation.roll).toEqual({ from: '2027-01-01', to: '2027-01-04', kind: 'holiday', holiday: '元旦' });
    }
    expect(explanationSentence(lastDay('2026-12-17', 15, 'calendar').explanation, '收到信访事项')).toContain(
      '第15日2027年1月1日（星期五）为元旦假期，顺延至其后第一个工作日，至2027年1月4日（星期一）届满（2027年节假日安排尚未公布，期满日暂只按法定节日顺延，不因周末顺延，为约数）。',
    );
  });

  it('5 working days from Monday 28 December 2026 skip 元旦: Tuesday 5 January 2027', () => {
    const due = lastDay('2026-12-28', 5, 'working');
    expect(due.explanation.lastDay).toBe('2027-01-05');
    expect(due.provisional).toBe(true);
    expect(due.explanation.skipped).toEqual([
      { from: '2027-01-01', to: '2027-01-01', kind: 'holiday', holiday: '元旦' },
      { from: '2027-01-02', to: '2027-01-03', kind: 'weekend' },
    ]);
    expect(explanationSentence(due.explanation, '受理')).toContain('不计1月1日元旦假期、周末2天，至2027年1月5日（星期二）届满');
    expect(explanationSentence(due.explanation, '受理')).toContain('（2027年节假日安排尚未公布，暂只跳过周末和法定节日，为约数）');
  });

  it('60 days from 7 December 2026 end on 除夕 (Friday 5 February 2027): rolled past 正月初一至初三 to Tuesday 9 February', () => {
    for (const whose of ['office', 'petitioner'] as const) {
      const due = lastDay('2026-12-07', 60, 'calendar', whose);
      expect(due.explanation.countedLastDay).toBe('2027-02-05');
      expect(due.explanation.lastDay).toBe('2027-02-09');
      expect(due.explanation.roll).toMatchObject({ kind: 'holiday', holiday: '春节' });
      expect(due.provisional).toBe(true);
    }
  });

  it('an office’s limit ending on a plain weekend is still not rolled (that weekend may be a 调休 working day); a petitioner’s window is', () => {
    // 60 days from 1 December 2026: Saturday 30 January 2027.
    expect(lastDay('2026-12-01', 60, 'calendar').explanation).toMatchObject({ lastDay: '2027-01-30' });
    expect(lastDay('2026-12-01', 60, 'calendar').explanation).not.toHaveProperty('unrolled');
    expect(lastDay('2026-12-01', 60, 'calendar', 'petitioner').explanation.lastDay).toBe('2027-02-01');
  });

  it('counts the days of each statutory holiday of 2027 as rest days, and nothing else the notice may add', () => {
    const rest = (date: string) => !workingOrWeekday(dayNumber(date)!, calendar);
    // 除夕 and 正月初一至初三 (5–8 February), 清明 (5 April), 端午 (9 June), 中秋 (15 September): weekdays off by law.
    for (const date of ['2027-01-01', '2027-02-05', '2027-02-08', '2027-04-05', '2027-06-09', '2027-09-15', '2027-10-01']) expect(rest(date), date).toBe(true);
    // The days around them stay working days until the notice says otherwise (no 调休 guessed).
    for (const date of ['2027-01-04', '2027-02-04', '2027-02-09', '2027-04-06', '2027-05-03', '2027-10-04']) expect(rest(date), date).toBe(false);
    expect(calendar.statutoryHoliday(dayNumber('2027-02-05')!)).toBe('春节');
    // 中秋 2028 (3 October) falls inside 国庆节: the day is named for the break.
    expect(calendar.statutoryHoliday(dayNumber('2028-10-03')!)).toBe('国庆节');
  });

  it('past the last year of the table, a year without a notice counts weekends only, as before', () => {
    expect(calendar.statutoryYears().at(-1)).toBe(2035);
    expect(workingOrWeekday(dayNumber('2036-01-01')!, calendar)).toBe(true);
  });
});

describe('a year with a notice is counted by the notice alone', () => {
  it('2025 and 2026 give the same days and deadlines with or without the statutory table', () => {
    const without = loadHolidayCalendar(folder({}));
    expect(without.statutoryYears()).toEqual([]);
    for (let day = dayNumber('2025-01-01')!; day <= dayNumber('2026-12-31')!; day += 1) {
      const date = dateOfDay(day);
      expect([calendar.isWorkingDay(date), calendar.holidayOn(date)], date).toEqual([without.isWorkingDay(date), without.holidayOn(date)]);
    }
    for (let day = dayNumber('2025-01-01')!; day <= dayNumber('2026-11-15')!; day += 1) {
      const start = `${dateOfDay(day)}T10:00:00+08:00`;
      for (const limit of [{ days: 15, count: 'calendar' as const }, { days: 5, count: 'working' as const }, { days: 30, count: 'calendar' as const }]) {
        expect(deadlineOrProvisional(start, limit, calendar), `${start} ${limit.days} ${limit.count}`).toEqual(deadlineOrProvisional(start, limit, without));
      }
    }
  });

  it('once a year’s notice is added, its table row is not read: the notice wins entirely', () => {
    // A stand-in 2027 notice (not the official one) that leaves 除夕 a working day and makes Saturday 6 February one.
    const notice = [
      'year: 2027',
      'source: test fixture, not the official notice',
      'holidays:',
      '  - { name: 元旦, from: 2027-01-01, to: 2027-01-03 }',
      '  - { name: 春节, from: 2027-02-07, to: 2027-02-13 }',
      'workdays: [2027-02-06]',
      '',
    ].join('\n');
    const published = loadHolidayCalendar(folder({ '2027.yaml': notice }, ['2025.yaml', '2026.yaml', 'statutory.yaml']));
    expect(published.statutoryYears()).not.toContain(2027);
    expect(published.isWorkingDay('2027-02-05')).toBe(true);
    const due = deadlineOrProvisional('2026-12-07T10:00:00+08:00', { days: 60, count: 'calendar' }, published);
    expect(due.provisional).toBe(false);
    expect(due.explanation.lastDay).toBe('2027-02-05');
  });
});

describe('a review window stated before the year’s notice', () => {
  it('is counted again once the notice is in: a 国庆 break longer than the statutory days gives the later day', () => {
    const settings = { base: DEFAULT_TIME_LIMITS };
    const repliedAt = '2027-09-01T02:00:00.000Z';
    const before = { caseNumber: '330122-2027-000001', jurisdiction: '330122', channel: 'email', petitioner: { anonymous: false, name: '张伟' }, reviewLevel: 0 } as unknown as Case;
    // 30 days from 1 September end on 1 October, a statutory holiday (1–3 October): stated as the end of Monday 4 October.
    const stated = reviewRequestDeadline(before, 0, { at: repliedAt, settings, calendar })!;
    expect(stated).toBe('2027-10-04T16:00:00.000Z');
    const c = { ...before, reply: { at: repliedAt, by: 'x', letterId: 'l', delivery: 'email', level: 0, reviewRequestBy: stated } } as Case;
    const notice = ['year: 2027', 'source: test fixture, not the official notice', 'holidays:', '  - { name: 国庆节, from: 2027-10-01, to: 2027-10-07 }', 'workdays: []', ''].join('\n');
    const published = loadHolidayCalendar(folder({ '2027.yaml': notice }, ['2025.yaml', '2026.yaml', 'statutory.yaml']));
    expect(reviewRequestByNow(c, 0, { settings, calendar: published })).toBe('2027-10-08T16:00:00.000Z');
    // Without the notice the stated day stands.
    expect(reviewRequestByNow(c, 0, { settings, calendar })).toBe(stated);
  });
});

describe('the statutory table is checked as it is loaded', () => {
  const row = (holidays: string[]) =>
    ['source: 《全国年节及纪念日放假办法》', 'years:', '  - year: 2027', '    holidays:', ...holidays.map((h) => `      - ${h}`), ''].join('\n');
  const lawful = [
    '{ name: 元旦, from: 2027-01-01, to: 2027-01-01 }',
    '{ name: 春节, from: 2027-02-05, to: 2027-02-08 }',
    '{ name: 清明节, from: 2027-04-05, to: 2027-04-05 }',
    '{ name: 劳动节, from: 2027-05-01, to: 2027-05-02 }',
    '{ name: 端午节, from: 2027-06-09, to: 2027-06-09 }',
    '{ name: 中秋节, from: 2027-09-15, to: 2027-09-15 }',
    '{ name: 国庆节, from: 2027-10-01, to: 2027-10-03 }',
  ];
  const problems = (text: string) => {
    try {
      loadHolidayCalendar(folder({ 'statutory.yaml': text }));
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).issues;
    }
    return [];
  };

  it('takes a lawful row', () => {
    expect(problems(row(lawful))).toEqual([]);
  });

  it('names the row and the holiday when a holiday has the wrong number of days, the wrong date, or is missing', () => {
    expect(problems(row([lawful[0]!, '{ name: 春节, from: 2027-02-06, to: 2027-02-08 }', ...lawful.slice(2, 6)]))).toEqual([
      { path: 'years[0].holidays[1]', message: '春节 is 4 days by law, not 2027-02-06–2027-02-08' },
      { path: 'years[0].holidays', message: '国庆节 missing; every year has all seven' },
    ]);
    expect(problems(row([...lawful.slice(0, 3), '{ name: 劳动节, from: 2027-05-02, to: 2027-05-03 }', ...lawful.slice(4)]))).toEqual([
      { path: 'years[0].holidays[3].from', message: '劳动节 starts on 2027-05-01 by law, not 2027-05-02' },
    ]);
  });

  it('refuses fields a notice has and the law does not (调休 workdays)', () => {
    expect(problems(row(lawful).replace('    holidays:', '    workdays: []\n    holidays:')).map((i) => i.path)).toEqual(['years[0]']);
  });
});
