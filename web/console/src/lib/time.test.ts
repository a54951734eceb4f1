import { describe, expect, it } from 'vitest';
import { clockLabel, formatLastDay } from './time';

describe('deadlines as staff read them', () => {
  it('names the last day of the period, as the letters do (a deadline is the midnight after it, Beijing time)', () => {
    // The unit's letter says "请在2027年2月1日前办结" for this deadline.
    expect(formatLastDay('2027-02-01T16:00:00.000Z')).toBe('2027年2月1日');
    expect(formatLastDay('2026-12-31T16:00:00.000Z')).toBe('2026年12月31日');
  });

  it('runs the clock to that midnight: 剩余 N 天, orange in the last three, red once past', () => {
    const now = Date.parse('2027-01-30T02:00:00.000Z');
    expect(clockLabel('2027-02-01T16:00:00.000Z', now)).toEqual({ text: '剩余 3 天', colour: 'orange' });
    expect(clockLabel('2027-01-29T16:00:00.000Z', now)).toEqual({ text: '已逾期 1 天', colour: 'red' });
  });
});
