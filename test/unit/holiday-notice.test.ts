import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { holidayYearYaml, HolidayNoticeError, parseHolidayNotice } from '../../shared/config/holiday-notice.js';
import { loadHolidayCalendar } from '../../shared/config/holidays.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const notice = (year: number) => readFileSync(join(ROOT, `test/fixtures/holidays/notice-${year}.txt`), 'utf8');
const committed = (year: number) => readFileSync(join(ROOT, `config/holidays/${year}.yaml`), 'utf8');

/** The problems a notice is refused with. */
function refusal(text: string): string[] {
  try {
    parseHolidayNotice(text);
  } catch (error) {
    if (error instanceof HolidayNoticeError) return error.problems;
    throw error;
  }
  throw new Error('the notice was accepted');
}

describe('holidays:import reads the State Council notice as published', () => {
  it.each([2025, 2026])('the %i notice gives exactly the committed config/holidays file', (year) => {
    expect(holidayYearYaml(parseHolidayNotice(notice(year)))).toBe(committed(year));
  });

  it('reads 2025 as the notice says: 春节 28 January to 4 February with 26 January and 8 February worked, 国庆节 and 中秋节 one break', () => {
    const parsed = parseHolidayNotice(notice(2025));
    expect(parsed.source).toBe('国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）');
    expect(parsed.issued).toBe('2024-11-12');
    expect(parsed.holidays).toContainEqual({ name: '春节', from: '2025-01-28', to: '2025-02-04' });
    expect(parsed.holidays.at(-1)).toEqual({ name: '国庆节', from: '2025-10-01', to: '2025-10-08' });
    expect(parsed.workdays).toEqual(['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']);
  });

  it('refuses a date outside the year, naming the line', () => {
    const text = notice(2025).replace('一、元旦：1月1日（周三）放假1天', '一、元旦：2026年1月1日（周四）放假1天');
    expect(refusal(text)).toEqual([expect.stringMatching(/^一、元旦：2026年1月1日.*: 2026年1月1日（周四） \(2026-01-01\) is outside 2025, the year of the notice$/)]);
  });

  it('refuses an adjusted working day on a weekday', () => {
    const text = notice(2025).replace('4月27日（周日）上班', '4月28日（周一）上班');
    expect(refusal(text)).toEqual([expect.stringMatching(/^四、劳动节：.*: the adjusted working day 2025-04-28 is a 周一, not a Saturday or Sunday$/)]);
  });

  it('refuses overlapping breaks and a working day inside a break', () => {
    const overlap = notice(2025).replace('五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。', '五、端午节：5月5日（周一）至7日（周三）放假，共3天。');
    expect(refusal(overlap)).toEqual([expect.stringMatching(/^五、端午节：.*: 端午节 2025-05-05–2025-05-07 overlaps holidays\[3\]$/)]);
    const inside = notice(2026).replace('5月9日（周六）上班', '5月2日（周六）上班');
    expect(refusal(inside)).toEqual([expect.stringMatching(/^四、劳动节：.*: 2026-05-02 is inside holidays\[3\]$/)]);
  });

  it('refuses a weekday that does not match its date and a 共N天 that does not match the range', () => {
    const text = notice(2026).replace('三、清明节：4月4日（周六）至6日（周一）放假，共3天。', '三、清明节：4月4日（周五）至6日（周一）放假，共4天。');
    expect(refusal(text)).toEqual([
      expect.stringMatching(/^三、清明节：.*: 4月4日（周五）: 2026-04-04 is a 周六, not a 周五$/),
      expect.stringMatching(/^三、清明节：.*: says 共4天, but 2026-04-04 to 2026-04-06 is 3 days$/),
    ]);
  });

  it('refuses text that is not the holiday notice', () => {
    expect(refusal('关于做好节日期间值班工作的通知')).toEqual([expect.stringContaining('no title 国务院办公厅关于YYYY年部分节假日安排的通知 found')]);
  });
});

describe('npm run holidays:import -- notice.txt', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const run = (args: string[]) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/holidays-import.ts'), ...args], { cwd: ROOT }).then(
      (out) => ({ code: 0, ...out }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );

  it('writes the year’s file, which the calendar loads; refuses a contradictory notice with its problems and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'holidays-import-'));
    dirs.push(dir);
    const written = await run([join(ROOT, 'test/fixtures/holidays/notice-2026.txt'), '--dir', dir]);
    expect(written.code).toBe(0);
    expect(readFileSync(join(dir, '2026.yaml'), 'utf8')).toBe(committed(2026));
    expect(loadHolidayCalendar(dir).isWorkingDay('2026-02-14')).toBe(true);

    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, notice(2025).replace('2月8日（周六）上班', '2月7日（周五）上班'));
    const refused = await run([bad, '--dir', dir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('the adjusted working day 2025-02-07 is a 周五, not a Saturday or Sunday');
    expect(() => readFileSync(join(dir, '2025.yaml'))).toThrow();
  });
});
