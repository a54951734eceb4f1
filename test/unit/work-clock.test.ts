import { describe, expect, it } from 'vitest';
import { loadHolidayCalendar } from '../../shared/config/holidays.js';
import { WorkingCalendar } from '../../shared/domain/calendar.js';
import { dueSoonBefore, workClock } from '../../shared/domain/work-clock.js';

const calendar = loadHolidayCalendar();
/** Midnight in China after `date`: how a deadline whose last day is `date` is stored. */
const endOf = (date: string) => new Date(Date.parse(`${date}T00:00:00+08:00`) + 86_400_000).toISOString();
const at = (instant: string) => new Date(instant);

describe('the running clock of a work list', () => {
  it('counts today and the last day among the working days left', () => {
    // Thursday 3 December 2026, 10:00; last day Monday 7 December: Thu, Fri, Mon.
    expect(workClock(endOf('2026-12-07'), at('2026-12-03T10:00:00+08:00'), calendar)).toEqual({
      deadline: endOf('2026-12-07'),
      lastDay: '2026-12-07',
      overdue: false,
      workingDaysLeft: 3,
    });
    // On the last day itself, one working day is left.
    expect(workClock(endOf('2026-12-07'), at('2026-12-07T23:00:00+08:00'), calendar).workingDaysLeft).toBe(1);
  });

  it('leaves out the Spring Festival break and counts its adjusted working Saturdays', () => {
    // 2026: break 15–23 February; Saturdays 14 and 28 February are working days (调休).
    const clock = workClock(endOf('2026-03-02'), at('2026-02-13T09:00:00+08:00'), calendar);
    // Fri 13, Sat 14, Tue 24 … Fri 27, Sat 28, Mon 2 March.
    expect(clock.workingDaysLeft).toBe(8);
    expect(clock.approximate).toBeUndefined();
  });

  it('says how many days a case is overdue, from the first day after its last', () => {
    expect(workClock(endOf('2026-11-30'), at('2026-12-03T10:00:00+08:00'), calendar)).toMatchObject({ overdue: true, daysOverdue: 3 });
    expect(workClock(endOf('2026-12-02'), at('2026-12-03T00:00:01+08:00'), calendar)).toMatchObject({ overdue: true, daysOverdue: 1 });
  });

  it('counts Monday to Friday, and says so, for a year without a holiday calendar', () => {
    const clock = workClock(endOf('2030-01-07'), at('2029-12-31T10:00:00+08:00'), new WorkingCalendar([]));
    expect(clock).toMatchObject({ workingDaysLeft: 6, approximate: true });
  });
});

describe('the due-within-3-working-days window', () => {
  it('closes just after the end of the third working day, today counted', () => {
    const before = dueSoonBefore(at('2026-12-03T10:00:00+08:00'), calendar);
    // Thu 3, Fri 4, Mon 7: a deadline at the end of Monday is inside, one at the end of Tuesday is not.
    expect(endOf('2026-12-07') < before).toBe(true);
    expect(endOf('2026-12-08') < before).toBe(false);
  });

  it('does not count today when it is a day off', () => {
    // Saturday 5 December: Mon 7, Tue 8, Wed 9.
    const before = dueSoonBefore(at('2026-12-05T10:00:00+08:00'), calendar);
    expect(endOf('2026-12-09') < before).toBe(true);
    expect(endOf('2026-12-10') < before).toBe(false);
  });
});
