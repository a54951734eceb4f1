import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { holidayYearYaml, HolidayNoticeError, parseHolidayNotice } from '../shared/config/holiday-notice.js';

const USAGE = `usage: npm run holidays:import -- <notice.txt> [--dir config/holidays] [--force] [--print]

Reads the text of the State Council General Office's yearly notice
(国务院办公厅关于YYYY年部分节假日安排的通知, as published, copied into a UTF-8
text file) and writes <dir>/YYYY.yaml, the year's holiday calendar. A notice
that contradicts itself (a weekday that does not match its date, 共N天 that
does not match the range, a date outside the year, an adjusted working day on
a weekday, overlapping breaks) is refused with each problem and its line.

  --dir    the holiday calendar folder (default config/holidays)
  --force  replace a file of that year that says something else
  --print  print the file instead of writing it`;

function main(): number {
  let parsed;
  try {
    parsed = parseArgs({
      options: { dir: { type: 'string', default: 'config/holidays' }, force: { type: 'boolean', default: false }, print: { type: 'boolean', default: false }, help: { type: 'boolean' } },
      allowPositionals: true,
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    console.error(`give exactly one notice file\n\n${USAGE}`);
    return 2;
  }
  const file = positionals[0]!;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    console.error(`cannot read ${file}: ${(error as Error).message}`);
    return 1;
  }
  let yaml: string;
  let year: number;
  try {
    const notice = parseHolidayNotice(text);
    yaml = holidayYearYaml(notice);
    year = notice.year;
  } catch (error) {
    if (!(error instanceof HolidayNoticeError)) throw error;
    console.error(`${file}: ${error.message}`);
    return 1;
  }
  if (values.print) {
    process.stdout.write(yaml);
    return 0;
  }
  const target = join(values.dir!, `${year}.yaml`);
  if (existsSync(target)) {
    const current = readFileSync(target, 'utf8');
    if (current === yaml) {
      console.log(`${target} already says this; unchanged`);
      return 0;
    }
    if (!values.force) {
      console.error(`${target} exists and says something else; compare it with --print, then use --force to replace it`);
      return 1;
    }
  }
  writeFileSync(target, yaml);
  console.log(`wrote ${target}: ${year}, from ${file}`);
  return 0;
}

process.exitCode = main();
