import { describe, expect, it } from 'vitest';
import type { Category, Channel } from '../../shared/domain/case.js';
import {
  CLOCKS,
  type Clock,
  deadlineAfter,
  DEFAULT_TIME_LIMITS,
  limitAndSource,
  limitFor,
  limitRuleWords,
  type TimeLimit,
  type TimeLimitSettings,
} from '../../shared/domain/time-limits.js';

const cal = (days: number): TimeLimit => ({ days, count: 'calendar' });
const work = (days: number): TimeLimit => ({ days, count: 'working' });

describe('deadlineAfter', () => {
  describe('calendar days: the day of receipt is not counted; ends at midnight China time after the last day', () => {
    it.each([
      // received Monday 2026-11-23 10:00 China → 15 days → last day 2026-12-08 → ends 2026-12-09 00:00 China
      ['2026-11-23T10:00:00+08:00', 15, '2026-12-08T16:00:00.000Z'],
      // 23:30 the same China day: same deadline
      ['2026-11-23T23:30:00+08:00', 15, '2026-12-08T16:00:00.000Z'],
      // 00:00 the same China day (16:00Z the day before): same deadline
      ['2026-11-23T00:00:00+08:00', 15, '2026-12-08T16:00:00.000Z'],
      ['2026-11-22T16:00:00.000Z', 15, '2026-12-08T16:00:00.000Z'],
      // one second earlier is still 22 November in China: one day earlier
      ['2026-11-22T15:59:59.000Z', 15, '2026-12-07T16:00:00.000Z'],
      // 1 day: ends at the end of the next day
      ['2026-11-23T10:00:00+08:00', 1, '2026-11-24T16:00:00.000Z'],
      // 60 days handling from 2026-11-23 → last day 2027-01-22
      ['2026-11-23T10:00:00+08:00', 60, '2027-01-22T16:00:00.000Z'],
      // 5 days over the new year
      ['2026-12-30T09:00:00+08:00', 5, '2027-01-04T16:00:00.000Z'],
      // 30 days over the end of February (2027 is not a leap year)
      ['2027-02-10T09:00:00+08:00', 30, '2027-03-12T16:00:00.000Z'],
      // 2028 is a leap year: 29 February counts
      ['2028-02-10T09:00:00+08:00', 30, '2028-03-11T16:00:00.000Z'],
      // calendar days include weekends: Friday + 2 = Sunday
      ['2026-11-27T09:00:00+08:00', 2, '2026-11-29T16:00:00.000Z'],
    ])('received %s + %i calendar days → ends %s', (received, days, expected) => {
      expect(deadlineAfter(received, cal(days))).toBe(expected);
    });
  });

  describe('working days skip Saturdays and Sundays', () => {
    it.each([
      // Friday 2026-11-27 + 5 working days: Mon 30, Tue 1, Wed 2, Thu 3, Fri 4 Dec → end of Friday 2026-12-04
      ['2026-11-27T10:00:00+08:00', 5, '2026-12-04T16:00:00.000Z'],
      // Friday + 1 working day → end of Monday
      ['2026-11-27T10:00:00+08:00', 1, '2026-11-30T16:00:00.000Z'],
      // Saturday 07:00 China (still Friday in UTC) + 1 → end of Monday
      ['2026-11-28T07:00:00+08:00', 1, '2026-11-30T16:00:00.000Z'],
      // Sunday + 1 → end of Monday
      ['2026-11-29T12:00:00+08:00', 1, '2026-11-30T16:00:00.000Z'],
      // Monday + 1 → end of Tuesday
      ['2026-11-23T10:00:00+08:00', 1, '2026-11-24T16:00:00.000Z'],
      // Monday + 5 → end of next Monday
      ['2026-11-23T10:00:00+08:00', 5, '2026-11-30T16:00:00.000Z'],
      // Wednesday + 7 (calls and visits) → Thu, Fri, Mon, Tue, Wed, Thu, Fri → end of Friday 2026-12-04
      ['2026-11-25T10:00:00+08:00', 7, '2026-12-04T16:00:00.000Z'],
      // Friday 23:30 China (Friday 15:30 UTC) + 1 → end of Monday
      ['2026-11-27T23:30:00+08:00', 1, '2026-11-30T16:00:00.000Z'],
      // Friday 00:30 China is Thursday 16:30 UTC; it still counts from Friday → end of Monday
      ['2026-11-26T16:30:00.000Z', 1, '2026-11-30T16:00:00.000Z'],
      // Monday + 10 working days → two weeks later, Monday 2026-12-07
      ['2026-11-23T10:00:00+08:00', 10, '2026-12-07T16:00:00.000Z'],
    ])('received %s + %i working days → ends %s', (received, days, expected) => {
      expect(deadlineAfter(received, work(days))).toBe(expected);
    });
  });

  it('always ends exactly at midnight China time (16:00 UTC)', () => {
    for (const received of ['2026-11-23T00:00:01+08:00', '2026-11-23T12:00:00+08:00', '2026-11-23T23:59:59+08:00']) {
      for (const limit of [cal(3), work(3)]) {
        expect(deadlineAfter(received, limit)).toMatch(/T16:00:00\.000Z$/);
      }
    }
  });
});

describe('limitFor', () => {
  const settings: TimeLimitSettings = {
    base: DEFAULT_TIME_LIMITS,
    jurisdiction: { acceptance: cal(10), handling: cal(30) },
    byChannel: { phone: { acceptance: work(5), reply: cal(3) }, visit: { acceptance: work(7) } },
    byCategory: { consultation: { acceptance: work(3) }, report: { handling: cal(90) } },
  };

  it.each([
    // [clock, context, expected, why]
    ['acceptance', {}, cal(10), 'jurisdiction over base'],
    ['acceptance', { channel: 'email' }, cal(10), 'no email override → jurisdiction'],
    ['acceptance', { channel: 'phone' }, work(5), 'channel over jurisdiction'],
    ['acceptance', { channel: 'visit' }, work(7), 'channel over jurisdiction'],
    ['acceptance', { channel: 'phone', category: 'consultation' }, work(3), 'category over channel'],
    ['acceptance', { channel: 'letter', category: 'consultation' }, work(3), 'category over jurisdiction'],
    ['acceptance', { channel: 'phone', category: 'complaint' }, work(5), 'no complaint override → channel'],
    ['handling', { channel: 'phone' }, cal(30), 'no phone handling override → jurisdiction'],
    ['handling', { channel: 'phone', category: 'report' }, cal(90), 'category over jurisdiction'],
    ['reply', { channel: 'phone' }, cal(3), 'channel over base'],
    ['reply', { channel: 'letter' }, cal(5), 'base'],
    ['reply', { category: 'consultation' }, cal(5), 'category override for another clock does not apply'],
    ['reviewRequest', { channel: 'phone', category: 'report' }, cal(30), 'nothing overrides → base'],
    ['reReviewDecision', {}, cal(30), 'base'],
  ] as [Clock, { channel?: Channel; category?: Category }, TimeLimit, string][])('%s with %o → %o (%s)', (clock, context, expected) => {
    expect(limitFor(clock, settings, context)).toEqual(expected);
  });

  it('uses the base when there are no overrides at all', () => {
    const base: TimeLimitSettings = { base: DEFAULT_TIME_LIMITS };
    expect(limitFor('acceptance', base, { channel: 'phone', category: 'consultation' })).toEqual(cal(15));
    expect(limitFor('handling', base)).toEqual(cal(60));
  });
});

describe('DEFAULT_TIME_LIMITS (docs/domain.md, "Time limits")', () => {
  it('matches the table: 15 / 60 / 5 / 30 / 30 / 30 / 30 days', () => {
    expect(DEFAULT_TIME_LIMITS).toEqual({
      acceptance: { days: 15, count: 'calendar' },
      handling: { days: 60, count: 'calendar' },
      reply: { days: 5, count: 'calendar' },
      reviewRequest: { days: 30, count: 'calendar' },
      reviewDecision: { days: 30, count: 'calendar' },
      reReviewRequest: { days: 30, count: 'calendar' },
      reReviewDecision: { days: 30, count: 'calendar' },
    });
  });

  it('has a limit for every clock and nothing else', () => {
    expect(Object.keys(DEFAULT_TIME_LIMITS).sort()).toEqual([...CLOCKS].sort());
    expect([...CLOCKS].sort()).toEqual(
      ['acceptance', 'handling', 'reply', 'reviewRequest', 'reviewDecision', 'reReviewRequest', 'reReviewDecision'].sort(),
    );
  });
});

describe('limitRuleWords: whose rule a letter says a limit is', () => {
  it('cites the 条例 for its own limits only, and an office’s or the province’s own setting as theirs', () => {
    const national: TimeLimitSettings = { base: DEFAULT_TIME_LIMITS };
    expect(limitRuleWords('reviewDecision', limitAndSource('reviewDecision', national))).toBe('依照《信访工作条例》');
    const office: TimeLimitSettings = { base: DEFAULT_TIME_LIMITS, jurisdiction: { reviewDecision: cal(20) }, jurisdictionCode: '330127' };
    expect(limitRuleWords('reviewDecision', limitAndSource('reviewDecision', office))).toBe('按照本机关规定');
    const province: TimeLimitSettings = { base: { ...DEFAULT_TIME_LIMITS, handling: cal(45) } };
    expect(limitRuleWords('handling', limitAndSource('handling', province))).toBe('按照本省规定');
  });
});
