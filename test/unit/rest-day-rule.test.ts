import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadHolidayCalendar } from '../../shared/config/holidays.js';
import { parseProvinceConfig } from '../../shared/config/province.js';
import { deadlineOrProvisional } from '../../shared/domain/deadlines.js';
import { explanationSentence, extendedDeadline } from '../../shared/domain/explain-deadline.js';
import { moveDeadline } from '../../shared/domain/suspension.js';
import { limitFor, type RestDayRule, type TimeLimit } from '../../shared/domain/time-limits.js';

/**
 * An office's rule for a calendar-day period whose last day is a rest day
 * (defaults.lastDayOnRestDay, jurisdictions[].lastDayOnRestDay, or a limit's
 * own): on to the next working day (民法典 第二百零三条, the default), past a
 * holiday break only, or not at all.
 */
const calendar = loadHolidayCalendar(fileURLToPath(new URL('../../config/holidays', import.meta.url)));
const DEMO = fileURLToPath(new URL('../../config/province.yaml', import.meta.url));
const days15 = (rule?: RestDayRule): TimeLimit => ({ days: 15, count: 'calendar', ...(rule ? { lastDayOnRestDay: rule } : {}) });
// Received Friday 7 November 2025: the 15th day is Saturday 22 November.
const ON_SATURDAY = '2025-11-07T10:00:00+08:00';
// Received 1 February 2026: the 15th day is in the 春节 break.
const IN_SPRING_FESTIVAL = '2026-02-01T10:00:00+08:00';

describe('the deadline engine under each rule', () => {
  it('rolls past a weekend and a holiday by default', () => {
    expect(deadlineOrProvisional(ON_SATURDAY, days15(), calendar).explanation.lastDay).toBe('2025-11-24');
    expect(deadlineOrProvisional(IN_SPRING_FESTIVAL, days15(), calendar).explanation.lastDay).toBe('2026-02-24');
  });

  it('holidaysOnly: a weekend stays, a holiday break still rolls — and the letter says why it stayed', () => {
    const weekend = deadlineOrProvisional(ON_SATURDAY, days15('holidaysOnly'), calendar);
    expect(weekend.explanation).toMatchObject({ lastDay: '2025-11-22', unrolled: { kind: 'weekend' }, rule: { lastDayOnRestDay: 'holidaysOnly' } });
    expect(explanationSentence(weekend.explanation, '收到')).toContain('第15日为休息日，按本机关规定，期满日为周末的不顺延，至2025年11月22日（星期六）届满');
    expect(deadlineOrProvisional(IN_SPRING_FESTIVAL, days15('holidaysOnly'), calendar).explanation.lastDay).toBe('2026-02-24');
  });

  it('none: the period ends on the rest day, without waiting for a year’s calendar', () => {
    const holiday = deadlineOrProvisional(IN_SPRING_FESTIVAL, days15('none'), calendar);
    expect(holiday.explanation).toMatchObject({ lastDay: '2026-02-16', unrolled: { kind: 'holiday', holiday: '春节' } });
    expect(explanationSentence(holiday.explanation, '收到')).toContain('第15日为春节假期，按本机关规定，期满日遇休息日不顺延');
    // 2027 has no calendar yet: a period that never rolls does not need one.
    const next = deadlineOrProvisional('2026-12-20T10:00:00+08:00', days15('none'), calendar);
    expect(next).toMatchObject({ provisional: false, explanation: { lastDay: '2027-01-04' } });
    expect(deadlineOrProvisional('2026-12-20T10:00:00+08:00', days15(), calendar).provisional).toBe(true);
  });

  it('a working-day limit is not touched by it', () => {
    const working = deadlineOrProvisional(ON_SATURDAY, { days: 5, count: 'working', lastDayOnRestDay: 'none' }, calendar);
    expect(working.explanation.rule).not.toHaveProperty('lastDayOnRestDay');
  });

  it('an extension and a resumed suspension end as the clock’s own rule says', () => {
    // A handling deadline at the end of Friday 7 November 2025, extended 15 days: the 15th is Saturday 22 November.
    const deadline = '2025-11-07T16:00:00.000Z';
    const extension = { days: 15, reason: '需要鉴定', approvedBy: 'tonglu-leader-petitions', at: '2025-11-01T02:00:00.000Z' };
    expect(extendedDeadline(deadline, extension, calendar).at).toBe('2025-11-24T16:00:00.000Z');
    expect(extendedDeadline(deadline, extension, calendar, 'none').at).toBe('2025-11-22T16:00:00.000Z');
    expect(moveDeadline(deadline, 15, 'calendar', calendar)).toBe('2025-11-24T16:00:00.000Z');
    expect(moveDeadline(deadline, 15, 'calendar', calendar, 'holidaysOnly')).toBe('2025-11-22T16:00:00.000Z');
  });
});

describe('set by the province and by an office', () => {
  const raw = () => parseYaml(readFileSync(DEMO, 'utf8')) as { defaults: Record<string, unknown>; jurisdictions: Record<string, unknown>[] };
  const index = (config: ReturnType<typeof raw>, code: string) => config.jurisdictions.findIndex((j) => j.code === code);

  it('an office’s rule applies to each of its calendar-day limits that does not set its own', () => {
    const config = raw();
    config.jurisdictions[index(config, '330122')]!.lastDayOnRestDay = 'none';
    config.jurisdictions[index(config, '330122')]!.timeLimits = { reply: { days: 5, lastDayOnRestDay: 'nextWorkingDay' } };
    const province = parseProvinceConfig(config, 'test configuration', calendar);
    expect(limitFor('acceptance', province.timeLimitsFor('330122'))).toEqual({ days: 15, count: 'calendar', lastDayOnRestDay: 'none' });
    expect(limitFor('reply', province.timeLimitsFor('330122'))).toEqual({ days: 5, count: 'calendar', lastDayOnRestDay: 'nextWorkingDay' });
    expect(limitFor('acceptance', province.timeLimitsFor('330127'))).toEqual({ days: 15, count: 'calendar' });
  });

  it('a rule that is not one is refused with its path', () => {
    const config = raw();
    config.defaults.lastDayOnRestDay = 'sometimes';
    expect(() => parseProvinceConfig(config, 'test configuration', calendar)).toThrow(/defaults\.lastDayOnRestDay: must be one of nextWorkingDay, holidaysOnly, none/);
  });
});
