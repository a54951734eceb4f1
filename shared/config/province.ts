import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { WorkingCalendar } from '../domain/calendar.js';
import { Province } from '../domain/province.js';
import { ConfigError, issuesFromZod } from './config-error.js';
import { checkReferences } from './province-references.js';
import { readConfigFile } from './config-file.js';

export { ConfigError, formatPath, issuesFromZod } from './config-error.js';
import { loadHolidayCalendar } from './holidays.js';
import { provinceConfigSchema } from './province-schema.js';

// The model lives in the domain; this module only loads and validates the files.
export { Province, type StaffMember } from '../domain/province.js';

/** Validates a parsed configuration object; throws ConfigError listing every problem. */
export function parseProvinceConfig(raw: unknown, source = 'province configuration', calendar?: WorkingCalendar): Province {
  const parsed = provinceConfigSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(source, issuesFromZod(parsed.error));
  const referenceIssues = checkReferences(parsed.data);
  if (referenceIssues.length > 0) throw new ConfigError(source, referenceIssues);
  return new Province(parsed.data, calendar);
}

/** The holiday calendar kept beside a province configuration file, in `holidays/<year>.yaml`. */
export function holidayFolderOf(configPath: string): string {
  return join(dirname(configPath), 'holidays');
}

/** Reads and validates a YAML (or JSON) province configuration file. */
export function loadProvinceConfig(path: string): Province {
  const raw = readConfigFile(path);
  const holidays = holidayFolderOf(path);
  // The calendar is data beside the configuration; without it every working-day clock is provisional.
  return parseProvinceConfig(raw, path, existsSync(holidays) ? loadHolidayCalendar(holidays) : undefined);
}

