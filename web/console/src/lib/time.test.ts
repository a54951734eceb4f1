import { describe, expect, it } from 'vitest';
import dayjs from 'dayjs';
import { chinaWallClock, clockTag, formatLastDay, fromChinaWallClock } from './time';

describe('deadlines as staff read them', () => {
  it('names the last day of the period, as the letters do (a deadline is the midnight after it, Beijing time)', () => {
    // The unit's letter says "请在2027年2月1日前办结" for this deadline.
    expect(formatLastDay('2027-02-01T16:00:00.000Z')).toBe('2027年2月1日');
    expect(formatLastDay('2026-12-31T16:00:00.000Z')).toBe('2026年12月31日');
  });

  it('shows the clock as the API counted it: working days left, orange in the last three, red once past', () => {
    expect(clockTag({ overdue: false, workingDaysLeft: 12 })).toEqual({ text: '剩余 12 个工作日', colour: 'green' });
    expect(clockTag({ overdue: false, workingDaysLeft: 3 })).toEqual({ text: '剩余 3 个工作日', colour: 'orange' });
    expect(clockTag({ overdue: true, daysOverdue: 2 })).toEqual({ text: '已逾期 2 天', colour: 'red' });
    expect(clockTag({ overdue: false, workingDaysLeft: 20, approximate: true }).text).toBe('剩余 20 个工作日（约）');
  });
});

describe('a China wall-clock time in a picker that works in local time', () => {
  it('shows the China time of an instant and gives the same instant back, whatever zone the computer is in', () => {
    const wall = chinaWallClock('2026-12-06T11:04:00.000Z');
    expect(wall.format('YYYY-MM-DD HH:mm')).toBe('2026-12-06 19:04');
    expect(fromChinaWallClock(wall)).toBe('2026-12-06T11:04:00.000Z');
    // A registrar typing 09:30 means half past nine in China.
    expect(fromChinaWallClock(dayjs('2026-12-01T09:30:00'))).toBe('2026-12-01T01:30:00.000Z');
  });
});
