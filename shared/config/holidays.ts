import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { calendarIssues, dayNumber, HOLIDAY_NAMES, statutoryIssues, WorkingCalendar, type StatutoryYear } from '../domain/calendar.js';
import { ConfigError, issuesFromZod } from './config-error.js';
import { readConfigFile } from './config-file.js';

/**
 * The holiday calendar: one file per year in config/holidays/, named
 * `<year>.yaml`, copied from the State Council General Office's yearly notice
 * (国务院办公厅关于<year>年部分节假日安排的通知); beside them `statutory.yaml`,
 * the days the law fixes (《全国年节及纪念日放假办法》第二条) year by year, for
 * the years without a notice.
 */
/** The statutory holiday table's file name in the folder (a deployed function's copy is `statutory.json`). */
const STATUTORY_FILE = /^statutory\.(yaml|json)$/;

const date = z
  .string({ error: 'must be a date YYYY-MM-DD' })
  .refine((value) => dayNumber(value) !== undefined, { error: 'must be a date YYYY-MM-DD' });

export const holidayYearSchema = z.strictObject({
  year: z.number({ error: 'must be a year, e.g. 2026' }).int().min(1949).max(2200),
  /** The notice's title and document number. */
  source: z.string({ error: 'must name the notice (title and document number)' }).trim().min(1, 'must name the notice (title and document number)'),
  holidays: z.array(
    z.strictObject({
      name: z.enum(HOLIDAY_NAMES, { error: `must be one of ${HOLIDAY_NAMES.join(', ')}` }),
      from: date,
      to: date,
    }),
  ),
  workdays: z.array(date),
});

export type HolidayYearConfig = z.infer<typeof holidayYearSchema>;

const holidayRange = holidayYearSchema.shape.holidays.element;

const statutoryHolidaysSchema = z.strictObject({
  /** The law and its version. */
  source: z.string({ error: 'must name the law (title and version)' }).trim().min(1, 'must name the law (title and version)'),
  years: z.array(
    z.strictObject({
      year: holidayYearSchema.shape.year,
      holidays: z.array(holidayRange),
    }),
  ),
});

function readStatutory(path: string): StatutoryYear[] {
  const parsed = statutoryHolidaysSchema.safeParse(readConfigFile(path));
  if (!parsed.success) throw new ConfigError(path, issuesFromZod(parsed.error));
  const issues = statutoryIssues(parsed.data.years);
  if (issues.length > 0) {
    // The path inside the file: years[i] is the i-th row.
    throw new ConfigError(path, issues.map(({ year, path: where, message }) => ({ path: `years[${parsed.data.years.findIndex((y) => y.year === year)}].${where}`, message })));
  }
  return parsed.data.years;
}

function readYear(path: string, file: string): HolidayYearConfig {
  const raw = readConfigFile(path);
  const parsed = holidayYearSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(path, issuesFromZod(parsed.error));
  const expected = Number(file.slice(0, 4));
  if (parsed.data.year !== expected) {
    throw new ConfigError(path, [{ path: 'year', message: `is ${parsed.data.year} but the file is named ${file}` }]);
  }
  const issues = calendarIssues([parsed.data]);
  if (issues.length > 0) throw new ConfigError(path, issues.map(({ path: where, message }) => ({ path: where, message })));
  return parsed.data;
}

/**
 * Reads every `*.yaml` in `dir` (one `<year>.yaml` per year, and
 * `statutory.yaml` if there; a deployed function's copies are `.json`,
 * written at synth), validates each and returns the working calendar. Throws ConfigError naming the file, the
 * path inside it and the reason, e.g.
 * `config/holidays/2026.yaml has 1 problem: - holidays[2].to: must be a date YYYY-MM-DD`.
 */
export function loadHolidayCalendar(dir = 'config/holidays'): WorkingCalendar {
  let files: string[];
  try {
    files = readdirSync(dir).filter((name) => name.endsWith('.yaml') || name.endsWith('.json')).sort();
  } catch (error) {
    throw new ConfigError(dir, [{ path: '(folder)', message: `cannot read the holiday calendar folder: ${(error as Error).message}` }]);
  }
  const statutoryFile = files.find((name) => STATUTORY_FILE.test(name));
  files = files.filter((name) => !STATUTORY_FILE.test(name));
  const misnamed = files.filter((name) => !/^\d{4}\.(yaml|json)$/.test(name));
  if (misnamed.length > 0) {
    throw new ConfigError(dir, misnamed.map((name) => ({ path: name, message: 'must be named <year>.yaml, e.g. 2026.yaml (or statutory.yaml)' })));
  }
  if (files.length === 0) {
    throw new ConfigError(dir, [{ path: '(folder)', message: 'has no <year>.yaml files; add the holiday calendar of each year in use' }]);
  }
  const years = files.map((file) => readYear(join(dir, file), file));
  // Without the table, a year without a notice counts weekends only.
  const statutory = statutoryFile ? readStatutory(join(dir, statutoryFile)) : [];
  try {
    return new WorkingCalendar(years, statutory);
  } catch (error) {
    throw new ConfigError(dir, [{ path: '(calendar)', message: (error as Error).message }]);
  }
}
