import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadHolidayCalendar } from '../../shared/config/holidays.js';
import { CalendarMissing } from '../../shared/domain/calendar.js';
import { deadlineOf, type DeadlineOptions, lastDayOf, remainingFraction } from '../../shared/domain/deadlines.js';
import { deadlineAfter, type TimeLimit } from '../../shared/domain/time-limits.js';

const calendar = loadHolidayCalendar(fileURLToPath(new URL('../../config/holidays', import.meta.url)));

const cal = (days: number): TimeLimit => ({ days, count: 'calendar' });
const work = (days: number): TimeLimit => ({ days, count: 'working' });
/** Midnight China time after a last day, as deadlineOf returns it. */
const endOf = (lastDay: string) => new Date(Date.parse(`${lastDay}T00:00:00+08:00`) + 86_400_000).toISOString();

type Case = [description: string, start: string, limit: TimeLimit, lastDay: string, options?: DeadlineOptions];

describe('deadlineOf: working days follow the holiday calendar', () => {
  it.each<Case>([
    [
      'phone petition, 7 working days, received Friday just before 春节 2026: Sat 14 Feb (worked) =1, break 15–23, 24–27 =2–5, Sat 28 Feb (worked) =6, Mon 2 Mar =7',
      '2026-02-13T10:00:00+08:00',
      work(7),
      '2026-03-02',
    ],
    ['1 working day from the Friday before 春节 2026 is the adjusted working Saturday', '2026-02-13T16:30:00+08:00', work(1), '2026-02-14'],
    ['received 01:00 China on Sat 14 Feb 2026 (17:00Z on the 13th): the 14th is the start day, not counted', '2026-02-13T17:00:00Z', work(1), '2026-02-24'],
    ['received 23:59:59 China on Fri 13 Feb 2026: still the 13th', '2026-02-13T15:59:59Z', work(1), '2026-02-14'],
    [
      'visit, 5 working days over the adjusted working Sunday before 国庆 2025: 25, 26, Sun 28 (worked), 29, 30',
      '2025-09-24T09:00:00+08:00',
      work(5),
      '2025-09-30',
    ],
    [
      '5 working days from the eve of 国庆 2025: break 1–8 Oct, 9, 10, Sat 11 (worked), 13, 14',
      '2025-09-30T15:00:00+08:00',
      work(5),
      '2025-10-14',
    ],
    ['received during 国庆 2025 (3 Oct): 9, 10, Sat 11 (worked)', '2025-10-03T11:00:00+08:00', work(3), '2025-10-11'],
    ['received the day before 除夕 2025: break 28 Jan–4 Feb, then 5, 6, 7 Feb', '2025-01-27T09:00:00+08:00', work(3), '2025-02-07'],
    ['received Saturday 25 Jan 2025: the next day, a Sunday, is worked for 春节', '2025-01-25T09:00:00+08:00', work(1), '2025-01-26'],
    [
      'over the year end and 元旦 2026: 1–3 Jan off, Sun 4 Jan (worked) =1, then 5–8 Jan',
      '2025-12-31T09:00:00+08:00',
      work(5),
      '2026-01-08',
    ],
    ['zero working days: ends at the end of the start day', '2026-02-15T09:00:00+08:00', work(0), '2026-02-15'],
  ])('%s', (_description, start, limit, lastDay, options) => {
    expect(lastDayOf(start, limit, calendar, options)).toBe(lastDay);
    expect(deadlineOf(start, limit, calendar, options)).toBe(endOf(lastDay));
  });

  it('differs from the weekend-only count of deadlineAfter across 春节', () => {
    expect(deadlineAfter('2026-02-13T10:00:00+08:00', work(7))).toBe(endOf('2026-02-24'));
    expect(deadlineOf('2026-02-13T10:00:00+08:00', work(7), calendar)).toBe(endOf('2026-03-02'));
  });
});

describe('deadlineOf: calendar days, extended past a last day that is a rest day', () => {
  it.each<Case>([
    // 15 days (acceptance) ending inside 国庆节、中秋节 2025: 18 Sep + 15 = Fri 3 Oct → first working day after the break
    ['15 days ending inside 国庆 2025 → Thu 9 Oct', '2025-09-18T10:00:00+08:00', cal(15), '2025-10-09'],
    ['15 days ending inside 国庆 2025, extendPastHolidays false → Fri 3 Oct', '2025-09-18T10:00:00+08:00', cal(15), '2025-10-03', { extendPastHolidays: false }],
    ['15 days ending on 劳动节 2025 (Sat 3 May) → Tue 6 May', '2025-04-18T10:00:00+08:00', cal(15), '2025-05-06'],
    // 60 days (handling)
    ['60 days ending on an ordinary Monday (19 Jan 2026): no extension', '2025-11-20T10:00:00+08:00', cal(60), '2026-01-19'],
    ['60 days ending inside 春节 2026 (16 Feb) → Tue 24 Feb', '2025-12-18T10:00:00+08:00', cal(60), '2026-02-24'],
    ['60 days ending inside 春节 2026, extendPastHolidays false → 16 Feb', '2025-12-18T10:00:00+08:00', cal(60), '2026-02-16', { extendPastHolidays: false }],
    // 5 days (reply) ending on 元旦 2026: Fri 2 Jan → the first working day after is Sunday 4 Jan, worked
    ['5 days ending on 元旦 2026 → the adjusted working Sunday 4 Jan', '2025-12-28T10:00:00+08:00', cal(5), '2026-01-04'],
    // adjusted working weekends are working days: no extension
    ['15 days ending on the adjusted working Sunday 28 Sep 2025: no extension', '2025-09-13T10:00:00+08:00', cal(15), '2025-09-28'],
    ['15 days ending on the adjusted working Saturday 14 Feb 2026: no extension', '2026-01-30T10:00:00+08:00', cal(15), '2026-02-14'],
    // ordinary weekends are rest days (法定休假日) by default; an office may extend past public holidays only
    ['15 days ending on an ordinary Saturday (22 Nov 2025) → Mon 24 Nov', '2025-11-07T10:00:00+08:00', cal(15), '2025-11-24'],
    ['15 days ending on an ordinary Saturday, extendPastWeekends false → Sat 22 Nov', '2025-11-07T10:00:00+08:00', cal(15), '2025-11-22', { extendPastWeekends: false }],
    ['15 days ending inside 春节 2026, extendPastWeekends false → still Tue 24 Feb', '2026-02-01T10:00:00+08:00', cal(15), '2026-02-24', { extendPastWeekends: false }],
    // the day of receipt is decided in China time
    ['received 23:30 China on 18 Sep 2025 (15:30Z)', '2025-09-18T15:30:00Z', cal(15), '2025-10-09'],
    ['received 00:30 China on 19 Sep 2025 (16:30Z on the 18th): 19 Sep + 15 = Sat 4 Oct, inside the break', '2025-09-18T16:30:00Z', cal(15), '2025-10-09'],
    ['received 00:30 China on 24 Sep 2025: + 15 = Thu 9 Oct, a working day', '2025-09-23T16:30:00Z', cal(15), '2025-10-09'],
  ])('%s', (_description, start, limit, lastDay, options) => {
    expect(lastDayOf(start, limit, calendar, options)).toBe(lastDay);
    expect(deadlineOf(start, limit, calendar, options)).toBe(endOf(lastDay));
  });

  it('returns the ISO instant of midnight China time after the last day', () => {
    expect(deadlineOf('2025-09-18T10:00:00+08:00', cal(15), calendar)).toBe('2025-10-09T16:00:00.000Z');
    expect(deadlineOf('2026-02-13T10:00:00+08:00', work(7), calendar)).toBe('2026-03-02T16:00:00.000Z');
  });
});

describe('deadlineOf: years without a calendar', () => {
  it('throws CalendarMissing when a working-day count enters 2027', () => {
    expect(() => deadlineOf('2026-12-28T10:00:00+08:00', work(7), calendar)).toThrow(CalendarMissing);
    expect(() => deadlineOf('2026-12-28T10:00:00+08:00', work(7), calendar)).toThrow(/config\/holidays\/2027\.yaml/);
  });

  it('throws CalendarMissing when the last calendar day is in 2027 and may need extending', () => {
    expect(() => deadlineOf('2026-12-20T10:00:00+08:00', cal(15), calendar)).toThrow(CalendarMissing);
  });

  it('needs no calendar for calendar days without the extension', () => {
    expect(deadlineOf('2026-12-20T10:00:00+08:00', cal(15), calendar, { extendPastHolidays: false })).toBe(endOf('2027-01-04'));
  });

  it('throws CalendarMissing for a start in 2024', () => {
    expect(() => deadlineOf('2024-12-20T10:00:00+08:00', work(1), calendar)).toThrow(CalendarMissing);
  });
});

describe('deadlineOf: input checks', () => {
  it('requires an ISO instant with an offset', () => {
    expect(() => deadlineOf('2026-02-13T10:00:00', cal(15), calendar)).toThrow(/ISO instant with an offset/);
    expect(() => deadlineOf('2026-02-13', cal(15), calendar)).toThrow(/ISO instant with an offset/);
    expect(() => deadlineOf('yesterday', cal(15), calendar)).toThrow(/ISO instant with an offset/);
  });

  it('requires a whole, non-negative number of days', () => {
    expect(() => deadlineOf('2026-02-13T10:00:00+08:00', cal(-1), calendar)).toThrow(/whole number of days/);
    expect(() => deadlineOf('2026-02-13T10:00:00+08:00', work(1.5), calendar)).toThrow(/whole number of days/);
  });
});

describe('remainingFraction', () => {
  const start = '2026-03-01T16:00:00.000Z';
  const deadline = '2026-03-11T16:00:00.000Z'; // 10 days later
  it.each([
    ['2026-02-28T00:00:00.000Z', 1], // before the start
    [start, 1],
    ['2026-03-02T16:00:00.000Z', 0.9],
    ['2026-03-06T16:00:00.000Z', 0.5],
    ['2026-03-08T16:00:00+00:00', 0.3],
    ['2026-03-12T00:00:00+08:00', 0], // the deadline, written in China time
    ['2026-04-01T00:00:00.000Z', 0], // overdue
  ])('at %s: %f left', (now, expected) => {
    expect(remainingFraction(start, deadline, now)).toBeCloseTo(expected, 10);
  });

  it('is 1 then 0 for a period of no length', () => {
    expect(remainingFraction(deadline, deadline, start)).toBe(1);
    expect(remainingFraction(deadline, deadline, deadline)).toBe(0);
  });

  it('rejects instants without an offset', () => {
    expect(() => remainingFraction(start, deadline, '2026-03-05 10:00')).toThrow(/ISO instant/);
  });
});
