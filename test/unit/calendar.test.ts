import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { holidayYearSchema, loadHolidayCalendar } from '../../shared/config/holidays.js';
import { ConfigError } from '../../shared/config/province.js';
import { CalendarMissing, type HolidayYear, WorkingCalendar } from '../../shared/domain/calendar.js';
import { DomainError } from '../../shared/domain/errors.js';

const HOLIDAYS_DIR = fileURLToPath(new URL('../../config/holidays', import.meta.url));
const calendar = loadHolidayCalendar(HOLIDAYS_DIR);

describe('the real holiday calendar (config/holidays/)', () => {
  it('covers 2025 and 2026', () => {
    expect(calendar.years()).toEqual([2025, 2026]);
  });

  it.each([
    // 2025 (国办发明电〔2024〕12号): 1+8+3+5+3+8 = 28 days off, 5 adjusted working weekends
    [2025, 28, 5],
    // 2026 (国办发明电〔2025〕7号): 3+9+3+5+3+3+7 = 33 days off, 6 adjusted working weekends
    [2026, 33, 6],
  ])('%i has %i days off and %i adjusted working weekends', (year, daysOff, workdays) => {
    const raw = holidayYearSchema.parse(parseYaml(readFileSync(join(HOLIDAYS_DIR, `${year}.yaml`), 'utf8')));
    let count = 0;
    for (const h of raw.holidays) count += (Date.parse(h.to) - Date.parse(h.from)) / 86_400_000 + 1;
    expect(count).toBe(daysOff);
    expect(raw.workdays).toHaveLength(workdays);
    expect(raw.source).toContain(`国务院办公厅关于${year}年部分节假日安排的通知`);
  });

  it.each([
    // 2025
    ['2025-01-01', false, '元旦 (Wednesday)'],
    ['2025-01-02', true, 'ordinary Thursday'],
    ['2025-01-26', true, 'Sunday worked for 春节'],
    ['2025-01-28', false, '除夕'],
    ['2025-02-04', false, '正月初七, last day of 春节'],
    ['2025-02-05', true, 'first working day after 春节'],
    ['2025-02-08', true, 'Saturday worked for 春节'],
    ['2025-02-09', false, 'ordinary Sunday'],
    ['2025-04-27', true, 'Sunday worked for 劳动节'],
    ['2025-06-02', false, '端午节 Monday'],
    ['2025-09-28', true, 'Sunday worked for 国庆节'],
    ['2025-10-08', false, 'Wednesday, last day of 国庆节、中秋节'],
    ['2025-10-09', true, 'first working day after 国庆节'],
    ['2025-10-11', true, 'Saturday worked for 国庆节'],
    ['2025-10-12', false, 'ordinary Sunday'],
    // 2026
    ['2026-01-02', false, '元旦 Friday'],
    ['2026-01-04', true, 'Sunday worked for 元旦'],
    ['2026-02-13', true, 'Friday before 春节'],
    ['2026-02-14', true, 'Saturday worked for 春节'],
    ['2026-02-16', false, '除夕'],
    ['2026-02-23', false, 'Monday, 正月初七'],
    ['2026-02-24', true, 'first working day after 春节'],
    ['2026-02-28', true, 'Saturday worked for 春节'],
    ['2026-03-07', false, 'ordinary Saturday'],
    ['2026-03-09', true, 'ordinary Monday'],
    ['2026-04-06', false, '清明节 Monday'],
    ['2026-05-05', false, '劳动节 Tuesday'],
    ['2026-05-09', true, 'Saturday worked for 劳动节'],
    ['2026-06-19', false, '端午节 Friday'],
    ['2026-09-20', true, 'Sunday worked for 国庆节'],
    ['2026-09-25', false, '中秋节 Friday'],
    ['2026-10-07', false, 'Wednesday, last day of 国庆节'],
    ['2026-10-08', true, 'first working day after 国庆节'],
    ['2026-10-10', true, 'Saturday worked for 国庆节'],
  ])('%s is a working day: %s (%s)', (date, expected) => {
    expect(calendar.isWorkingDay(date)).toBe(expected);
  });

  it('names the holiday a date falls in', () => {
    expect(calendar.holidayOn('2026-02-21')).toBe('春节');
    expect(calendar.holidayOn('2025-10-06')).toBe('国庆节');
    expect(calendar.holidayOn('2026-02-14')).toBeUndefined();
    expect(calendar.holidayOn('2026-03-07')).toBeUndefined();
  });
});

describe('nextWorkingDay and addWorkingDays', () => {
  it.each([
    ['2026-02-13', '2026-02-14'], // Friday → the adjusted working Saturday
    ['2026-02-14', '2026-02-24'], // over the whole of 春节
    ['2025-09-30', '2025-10-09'], // over 国庆节、中秋节
    ['2025-12-31', '2026-01-04'], // over the year end and 元旦 to the adjusted working Sunday
    ['2026-03-06', '2026-03-09'], // ordinary weekend
  ])('nextWorkingDay(%s) = %s', (date, expected) => {
    expect(calendar.nextWorkingDay(date)).toBe(expected);
  });

  it.each([
    ['2026-02-13', 0, '2026-02-13'], // zero: the day itself, even on a working day
    ['2026-02-15', 0, '2026-02-15'], // zero on a holiday: unchanged
    ['2026-02-13', 7, '2026-03-02'], // 14 Sat, 24, 25, 26, 27, 28 Sat, 2 Mar
    ['2025-09-24', 5, '2025-09-30'], // 25, 26, 28 Sun (worked), 29, 30
    ['2026-02-24', -1, '2026-02-14'], // counting back over 春节
    ['2026-03-02', -7, '2026-02-13'],
  ])('addWorkingDays(%s, %i) = %s', (date, n, expected) => {
    expect(calendar.addWorkingDays(date, n)).toBe(expected);
  });

  it('rejects a malformed date and a fractional count', () => {
    expect(() => calendar.isWorkingDay('2026-02-30')).toThrow(/not a date YYYY-MM-DD/);
    expect(() => calendar.isWorkingDay('2026/02/13')).toThrow(/not a date YYYY-MM-DD/);
    expect(() => calendar.addWorkingDays('2026-02-13', 1.5)).toThrow(/whole number/);
  });
});

describe('CalendarMissing', () => {
  it('is a domain error naming the year and the file to add', () => {
    let caught: unknown;
    try {
      calendar.isWorkingDay('2027-03-01');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CalendarMissing);
    expect(caught).toBeInstanceOf(DomainError);
    const error = caught as CalendarMissing;
    expect(error.code).toBe('CalendarMissing');
    expect(error.year).toBe(2027);
    expect(error.details).toEqual({ year: 2027 });
    expect(error.message).toContain('2027');
    expect(error.message).toContain('config/holidays/2027.yaml');
  });

  it('is thrown for a year before the configured ones too', () => {
    expect(() => calendar.isWorkingDay('2024-10-01')).toThrow(CalendarMissing);
    expect(() => calendar.nextWorkingDay('2024-12-30')).toThrow(/config\/holidays\/2024\.yaml/);
  });

  it('is thrown as soon as counting enters a year without data', () => {
    // 29, 30, 31 December 2026 count; 1 January 2027 has no calendar
    expect(() => calendar.addWorkingDays('2026-12-28', 7)).toThrow(CalendarMissing);
    expect(calendar.addWorkingDays('2026-12-28', 3)).toBe('2026-12-31');
  });
});

describe('WorkingCalendar validates its data', () => {
  const year2030 = (over: Partial<HolidayYear> = {}): HolidayYear => ({
    year: 2030,
    holidays: [{ name: '元旦', from: '2030-01-01', to: '2030-01-01' }],
    workdays: [],
    ...over,
  });

  it('accepts plain year data', () => {
    const c = new WorkingCalendar([year2030()]);
    expect(c.years()).toEqual([2030]);
    expect(c.isWorkingDay('2030-01-01')).toBe(false);
    expect(c.isWorkingDay('2030-01-02')).toBe(true);
  });

  it.each<[string, HolidayYear[], RegExp]>([
    ['a duplicate year', [year2030(), year2030()], /2030: year: 2030 is given more than once/],
    [
      'a holiday outside its year',
      [year2030({ holidays: [{ name: '元旦', from: '2029-12-31', to: '2030-01-01' }] })],
      /holidays\[0\]\.from: 2029-12-31 is not in 2030/,
    ],
    [
      'from after to',
      [year2030({ holidays: [{ name: '劳动节', from: '2030-05-05', to: '2030-05-01' }] })],
      /holidays\[0\]: 劳动节 starts on 2030-05-05, after it ends on 2030-05-01/,
    ],
    [
      'a malformed date',
      [year2030({ holidays: [{ name: '清明节', from: '2030-04-04', to: '2030-04-31' }] })],
      /holidays\[0\]\.to: must be a date YYYY-MM-DD/,
    ],
    [
      'overlapping holidays',
      [
        year2030({
          holidays: [
            { name: '国庆节', from: '2030-10-01', to: '2030-10-07' },
            { name: '中秋节', from: '2030-10-06', to: '2030-10-08' },
          ],
        }),
      ],
      /holidays\[1\]: 中秋节 2030-10-06–2030-10-08 overlaps holidays\[0\]/,
    ],
    // 2030-01-07 is a Monday
    ['a workday on a weekday', [year2030({ workdays: ['2030-01-07'] })], /workdays\[0\]: 2030-01-07 is not a Saturday or Sunday/],
    ['a workday in another year', [year2030({ workdays: ['2031-01-04'] })], /workdays\[0\]: 2031-01-04 is not in 2030/],
  ])('rejects %s with a clear message', (_what, data, message) => {
    expect(() => new WorkingCalendar(data)).toThrow(message);
  });
});

describe('loadHolidayCalendar', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const folder = (files: Record<string, string>): string => {
    const dir = mkdtempSync(join(tmpdir(), 'holidays-'));
    dirs.push(dir);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  };
  const real2025 = readFileSync(join(HOLIDAYS_DIR, '2025.yaml'), 'utf8');
  const real2026 = readFileSync(join(HOLIDAYS_DIR, '2026.yaml'), 'utf8');

  const configError = (dir: string): ConfigError => {
    try {
      loadHolidayCalendar(dir);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return error as ConfigError;
    }
    throw new Error('expected a ConfigError');
  };

  it('loads a folder of year files', () => {
    const c = loadHolidayCalendar(folder({ '2025.yaml': real2025, '2026.yaml': real2026, 'README.md': 'not a year' }));
    expect(c.years()).toEqual([2025, 2026]);
  });

  it('names the file, the path and the reason for a malformed date', () => {
    const broken = real2026.replace('{ name: 清明节, from: 2026-04-04, to: 2026-04-06 }', '{ name: 清明节, from: 2026-04-04, to: April 6 }');
    expect(broken).not.toBe(real2026);
    const error = configError(folder({ '2025.yaml': real2025, '2026.yaml': broken }));
    expect(error.source).toMatch(/2026\.yaml$/);
    expect(error.issues).toEqual([{ path: 'holidays[2].to', message: 'must be a date YYYY-MM-DD' }]);
    expect(error.message).toMatch(/2026\.yaml has 1 problem:\n {2}- holidays\[2\]\.to: must be a date YYYY-MM-DD/);
  });

  it.each([
    ['an unknown holiday name', (t: string) => t.replace('name: 端午节', 'name: 端午'), 'holidays[4].name', /must be one of 元旦/],
    ['an unknown key', (t: string) => t.replace('year: 2026', 'year: 2026\nyaer: 2026'), '(root)', /yaer/],
    ['a workday on a weekday', (t: string) => t.replace('- 2026-05-09', '- 2026-05-11'), 'workdays[3]', /not a Saturday or Sunday/],
    ['from after to', (t: string) => t.replace('from: 2026-06-19, to: 2026-06-21', 'from: 2026-06-21, to: 2026-06-19'), 'holidays[4]', /after it ends/],
    ['a year that does not match the file name', (t: string) => t.replace('year: 2026', 'year: 2027'), 'year', /file is named 2026\.yaml/],
    ['a missing source', (t: string) => t.replace(/^source: .*$/m, ''), 'source', /must name the notice/],
  ])('rejects %s', (_what, edit, path, message) => {
    const text = edit(real2026);
    expect(text).not.toBe(real2026);
    const error = configError(folder({ '2026.yaml': text }));
    expect(error.source).toMatch(/2026\.yaml$/);
    const issue = error.issues.find((i) => i.path === path);
    expect(issue, JSON.stringify(error.issues)).toBeDefined();
    expect(issue!.message).toMatch(message);
  });

  it('reports a YAML syntax error with its line', () => {
    const error = configError(folder({ '2026.yaml': 'year: 2026\nholidays: [\n' }));
    expect(error.source).toMatch(/2026\.yaml$/);
    expect(error.issues[0]!.path).toMatch(/^line \d+$/);
  });

  it('rejects a badly named file, an empty folder and a missing folder', () => {
    expect(configError(folder({ 'holidays-2026.yaml': real2026 })).issues[0]).toEqual({
      path: 'holidays-2026.yaml',
      message: 'must be named <year>.yaml, e.g. 2026.yaml (or statutory.yaml)',
    });
    expect(configError(folder({})).issues[0]!.message).toMatch(/no <year>\.yaml files/);
    expect(configError(join(tmpdir(), 'no-such-holidays-folder-xyz')).issues[0]!.path).toBe('(folder)');
  });
});
