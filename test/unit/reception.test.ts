import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadHolidayCalendar } from '../../shared/config/holidays.js';
import { ConfigError, loadProvinceConfig, parseProvinceConfig } from '../../shared/config/province.js';
import type { ConfigIssue } from '../../shared/config/province-references.js';
import { WorkingCalendar } from '../../shared/domain/calendar.js';
import {
  fallsOn,
  formatSessionDate,
  leaderKeyedId,
  parseSessionId,
  rulesOverlap,
  sessionOf,
  sessionOfLeaderOn,
  sessionsBetween,
  timeRangeProblem,
  type ReceptionDay,
} from '../../shared/domain/reception.js';

const HOLIDAYS_DIR = fileURLToPath(new URL('../../config/holidays', import.meta.url));
const DEMO_PATH = fileURLToPath(new URL('../../config/province.yaml', import.meta.url));
const calendar = loadHolidayCalendar(HOLIDAYS_DIR);

// 桐庐县: the deputy in charge of petitions every Monday morning, the principal leader the last Monday afternoon.
const TONGLU = '330122';
const weeklyMonday: ReceptionDay = { leader: 'tonglu-leader-petitions', weekday: 1, time: '09:00-11:30', place: '桐庐县社会矛盾纠纷调处化解中心', capacity: 8 };
const lastMonday: ReceptionDay = {
  leader: 'tonglu-leader-principal',
  monthly: { week: 'last', weekday: 1 },
  time: '14:30-17:00',
  place: '桐庐县社会矛盾纠纷调处化解中心',
  capacity: 5,
  topics: ['征地拆迁'],
};
const rotation = [weeklyMonday, lastMonday];
const dates = (from: string, to: string, days: readonly ReceptionDay[] = rotation) =>
  sessionsBetween(TONGLU, days, { from, to }, calendar).map((s) => `${s.date} ${s.leader}`);

describe('expanding the rotation into sessions', () => {
  it('holds the weekly session every Monday in the range, inclusive of both ends', () => {
    expect(dates('2026-11-23', '2026-12-14', [weeklyMonday])).toEqual([
      '2026-11-23 tonglu-leader-petitions',
      '2026-11-30 tonglu-leader-petitions',
      '2026-12-07 tonglu-leader-petitions',
      '2026-12-14 tonglu-leader-petitions',
    ]);
  });

  it('holds the monthly session on the last Monday of each month, whether the month has four Mondays or five', () => {
    // November 2026 has five Mondays (2…30), December four (7…28), August five ending on the 31st.
    expect(dates('2026-11-01', '2026-12-31', [lastMonday])).toEqual(['2026-11-30 tonglu-leader-principal', '2026-12-28 tonglu-leader-principal']);
    expect(dates('2026-08-01', '2026-08-31', [lastMonday])).toEqual(['2026-08-31 tonglu-leader-principal']);
  });

  it('tells the n-th weekday of the month from the last one', () => {
    const firstThursday = { monthly: { week: 1, weekday: 4 } };
    const fourthMonday = { monthly: { week: 4, weekday: 1 } };
    expect(fallsOn(firstThursday, '2026-12-03')).toBe(true); // December 2026 begins on a Tuesday
    expect(fallsOn(firstThursday, '2026-12-10')).toBe(false);
    expect(fallsOn(fourthMonday, '2026-11-23')).toBe(true);
    expect(fallsOn(fourthMonday, '2026-11-30')).toBe(false); // the fifth, and last, Monday
    expect(fallsOn({ monthly: { week: 'last', weekday: 1 } }, '2026-11-23')).toBe(false);
    expect(fallsOn({ weekday: 7 }, '2026-11-29')).toBe(true); // Sunday is 7
  });

  it('gives both leaders their session when their days coincide, in order of start time', () => {
    const sessions = sessionsBetween(TONGLU, rotation, { from: '2026-11-30', to: '2026-11-30' }, calendar);
    expect(sessions.map((s) => [s.id, s.startsAt, s.endsAt])).toEqual([
      ['330122:2026-11-30:0900', '2026-11-30T09:00:00+08:00', '2026-11-30T11:30:00+08:00'],
      ['330122:2026-11-30:1430', '2026-11-30T14:30:00+08:00', '2026-11-30T17:00:00+08:00'],
    ]);
    // The instants are China time: 09:00 in Tonglu is 01:00 UTC.
    expect(new Date(sessions[0]!.startsAt).toISOString()).toBe('2026-11-30T01:00:00.000Z');
    expect(sessions[1]).toMatchObject({ weekday: 1, capacity: 5, topics: ['征地拆迁'], place: '桐庐县社会矛盾纠纷调处化解中心' });
  });

  it('skips a reception day that falls in a public holiday (the Monday inside 国庆 2026, 1–7 October)', () => {
    expect(dates('2026-09-28', '2026-10-19', [weeklyMonday])).toEqual([
      '2026-09-28 tonglu-leader-petitions',
      // 2026-10-05 is 国庆节: no reception
      '2026-10-12 tonglu-leader-petitions',
      '2026-10-19 tonglu-leader-petitions',
    ]);
    // 春节 2026 (15–23 February) takes two Mondays.
    expect(dates('2026-02-09', '2026-03-02', [weeklyMonday])).toEqual(['2026-02-09 tonglu-leader-petitions', '2026-03-02 tonglu-leader-petitions']);
  });

  it('holds the sessions of a year whose holiday notice is not published yet (only weekends are known)', () => {
    expect(calendar.years()).not.toContain(2027);
    expect(dates('2027-01-01', '2027-01-11', [weeklyMonday])).toEqual(['2027-01-04 tonglu-leader-petitions', '2027-01-11 tonglu-leader-petitions']);
  });

  it('cancels a session on a holiday the law fixes, in a year whose notice is not published yet', () => {
    // 清明 2027 is Monday 5 April, 正月初三 Monday 8 February: holidays by law, whatever the notice will add.
    expect(dates('2027-02-01', '2027-02-15', [weeklyMonday])).toEqual(['2027-02-01 tonglu-leader-petitions', '2027-02-15 tonglu-leader-petitions']);
    expect(dates('2027-03-29', '2027-04-12', [weeklyMonday])).toEqual(['2027-03-29 tonglu-leader-petitions', '2027-04-12 tonglu-leader-petitions']);
  });

  it('lets other calendar errors through instead of guessing', () => {
    const broken = { holidayOn: () => { throw new Error('calendar store unavailable'); } };
    expect(() => sessionsBetween(TONGLU, rotation, { from: '2026-11-30', to: '2026-11-30' }, broken)).toThrow('calendar store unavailable');
  });

  it('holds a session on days of the month (每月逢5), and moves one in a public holiday to the day before (逢法定节假日提前一天)', () => {
    const onTheFives: ReceptionDay = { leader: 'tonglu-leader-petitions', monthDays: [5, 15, 25], onHoliday: 'dayBefore', time: '09:00-11:30', place: '县信访局接待大厅', capacity: 10 };
    // 25 September 2026 is 中秋节 (25–27 September): held on Thursday the 24th. 5 October is in 国庆 (1–7 October): held on
    // Wednesday 30 September, the last working day before it.
    const sessions = sessionsBetween(TONGLU, [onTheFives], { from: '2026-09-20', to: '2026-10-31' }, calendar);
    expect(sessions.map((s) => [s.date, s.movedFrom])).toEqual([
      ['2026-09-24', '2026-09-25'],
      ['2026-09-30', '2026-10-05'],
      ['2026-10-15', undefined],
      // Sunday 25 October is a rest day: a day of the month lands on any weekday, so a weekend moves it too (to Friday).
      ['2026-10-23', '2026-10-25'],
    ]);
    // Found by its id for a booking, though the rotation's own day is five days later.
    expect(sessionOf('330122:2026-09-30:0900', () => [onTheFives], calendar)).toMatchObject({ date: '2026-09-30', movedFrom: '2026-10-05', weekday: 3 });
    // Without onHoliday (or `cancel`), the holiday cancels it as before.
    expect(dates('2026-09-20', '2026-10-31', [{ ...onTheFives, onHoliday: undefined }])).toEqual(['2026-10-15 tonglu-leader-petitions']);
    // A month without a 31st has no session on it.
    expect(dates('2026-11-01', '2026-12-31', [{ ...onTheFives, monthDays: [31] }])).toEqual(['2026-12-31 tonglu-leader-petitions']);
  });

  it('expands nothing for an empty rotation or an empty range', () => {
    expect(dates('2026-11-23', '2026-12-31', [])).toEqual([]);
    expect(dates('2026-11-24', '2026-11-29')).toEqual([]);
  });
});

describe('finding a session by its id', () => {
  const rotationOf = (code: string) => (code === TONGLU ? rotation : undefined);

  it('finds a session the rotation holds by its slot: jurisdiction, day and start time', () => {
    expect(sessionOf('330122:2026-11-30:1430', rotationOf, calendar)).toMatchObject({ leader: 'tonglu-leader-principal', time: '14:30-17:00' });
  });

  it('keeps the slot when the rotation names another leader for the line: the id does not name who receives', () => {
    const replaced = [weeklyMonday, { ...lastMonday, leader: 'tonglu-leader-deputy' }];
    const before = sessionOf('330122:2026-12-28:1430', rotationOf, calendar)!;
    const after = sessionOf('330122:2026-12-28:1430', () => replaced, calendar)!;
    expect(after.id).toBe(before.id);
    expect([before.leader, after.leader]).toEqual(['tonglu-leader-principal', 'tonglu-leader-deputy']);
    expect(after).toMatchObject({ date: '2026-12-28', time: '14:30-17:00', place: lastMonday.place, capacity: 5 });
  });

  it.each([
    ['330122:2026-11-23:1430', 'the principal receives on the last Monday only'],
    ['330122:2026-11-30:1000', 'no line starts at 10:00'],
    ['330122:2026-11-24:0900', 'a Tuesday'],
    ['330122:2026-10-05:0900', 'a Monday in 国庆'],
    ['330127:2026-11-30:0900', 'a jurisdiction without this rotation'],
    ['330122:2026-02-30:0900', 'no such date'],
    ['330122:2026-11-30:2460', 'no such time'],
    ['330122:tonglu-leader-petitions:2026-11-30', 'an id naming the leader is resolved with the store, not here'],
    ['2026-11-30:0900', 'not an id'],
  ])('finds nothing for %s (%s)', (id) => {
    expect(sessionOf(id, rotationOf, calendar)).toBeUndefined();
  });

  it('reads the parts of a slot id and of an earlier id naming the leader', () => {
    expect(parseSessionId('330122101:2026-11-30:0900')).toEqual({ kind: 'slot', jurisdiction: '330122101', date: '2026-11-30', start: '09:00' });
    expect(parseSessionId('330122101:fcj-leader:2026-11-30')).toEqual({ kind: 'leaderKeyed', jurisdiction: '330122101', leader: 'fcj-leader', date: '2026-11-30' });
    expect(leaderKeyedId('330122', 'tonglu-leader-principal', '2026-12-28')).toBe('330122:tonglu-leader-principal:2026-12-28');
    expect(parseSessionId('330122:tonglu-leader-principal:2026-02-30')).toBeUndefined();
  });

  it('tells from the rotation which session of the day an id naming a leader meant, when it can', () => {
    const day = sessionsBetween(TONGLU, rotation, { from: '2026-12-28', to: '2026-12-28' }, calendar);
    expect(sessionOfLeaderOn(day, 'tonglu-leader-principal')?.id).toBe('330122:2026-12-28:1430');
    // The principal replaced: two sessions that day, and the rotation no longer says which was theirs.
    const replaced = sessionsBetween(TONGLU, [weeklyMonday, { ...lastMonday, leader: 'tonglu-leader-deputy' }], { from: '2026-12-28', to: '2026-12-28' }, calendar);
    expect(sessionOfLeaderOn(replaced, 'tonglu-leader-principal')).toBeUndefined();
    // On a day with one session it is that one.
    const monday = sessionsBetween(TONGLU, [{ ...weeklyMonday, leader: 'tonglu-leader-deputy' }], { from: '2026-12-07', to: '2026-12-07' }, calendar);
    expect(sessionOfLeaderOn(monday, 'tonglu-leader-petitions')?.id).toBe('330122:2026-12-07:0900');
  });
});

describe('small rules', () => {
  it('writes the date as a published schedule does', () => {
    expect(formatSessionDate({ date: '2026-11-30', weekday: 1 })).toBe('2026年11月30日（星期一）');
    expect(formatSessionDate({ date: '2026-12-06', weekday: 7 })).toBe('2026年12月6日（星期日）');
  });

  it.each([
    ['09:00-11:30', undefined],
    ['9:00-11:30', 'HH:MM-HH:MM'],
    ['09:00–11:30', 'HH:MM-HH:MM'],
    ['14:30-24:00', 'HH:MM-HH:MM'],
    ['11:30-09:00', 'must end after it starts'],
    ['09:00-09:00', 'must end after it starts'],
  ])('time range %s', (range, problem) => {
    if (problem === undefined) expect(timeRangeProblem(range)).toBeUndefined();
    else expect(timeRangeProblem(range)).toContain(problem);
  });

  it.each([
    [{ weekday: 1 }, { weekday: 1 }, true],
    [{ weekday: 1 }, { weekday: 2 }, false],
    [{ weekday: 1 }, { monthly: { week: 'last' as const, weekday: 1 } }, true],
    [{ monthly: { week: 1, weekday: 1 } }, { monthly: { week: 3, weekday: 1 } }, false],
    [{ monthly: { week: 4, weekday: 1 } }, { monthly: { week: 'last' as const, weekday: 1 } }, true],
    [{ monthly: { week: 2, weekday: 1 } }, { monthly: { week: 2, weekday: 3 } }, false],
    [{ monthDays: [5, 15] }, { monthDays: [25] }, false],
    [{ monthDays: [5, 15] }, { monthDays: [15] }, true],
    [{ monthDays: [5] }, { weekday: 1 }, true],
  ])('rules %j and %j overlap: %s', (a, b, expected) => {
    expect(rulesOverlap(a, b)).toBe(expected);
  });
});

describe('the reception days in the configuration', () => {
  const demo = loadProvinceConfig(DEMO_PATH);
  const raw = parseYaml(readFileSync(DEMO_PATH, 'utf8')) as { jurisdictions: { code: string; receptionDays?: Record<string, unknown>[] }[] };
  const at = (code: string) => raw.jurisdictions.findIndex((j) => j.code === code);

  function refusedWith(change: (j: { receptionDays?: Record<string, unknown>[] }) => void): ConfigIssue[] {
    const copy = structuredClone(raw);
    change(copy.jurisdictions[at(TONGLU)]!);
    try {
      parseProvinceConfig(copy, 'test configuration', new WorkingCalendar([]));
    } catch (error) {
      if (error instanceof ConfigError) return error.issues;
      throw error;
    }
    throw new Error('expected the configuration to be refused');
  }
  const path = (k: number, rest = '') => `jurisdictions[${at(TONGLU)}].receptionDays[${k}]${rest}`;
  const issue = (where: string, fragment: string) => ({ path: where, message: expect.stringContaining(fragment) });

  it('publishes rotations for 桐庐县, 淳安县 and 德清县 with their own leaders', () => {
    for (const code of ['330122', '330127', '330521']) {
      const days = demo.jurisdiction(code).receptionDays ?? [];
      expect(days.length, code).toBeGreaterThan(0);
      for (const day of days) {
        expect(demo.staff(day.leader)).toMatchObject({ jurisdiction: code, roles: expect.arrayContaining(['leader']) });
      }
    }
    expect(demo.jurisdiction(TONGLU).receptionDays).toContainEqual(expect.objectContaining({ leader: 'tonglu-leader-principal', monthly: { week: 'last', weekday: 1 } }));
  });

  it('refuses a reception leader who is not a leader, naming the line', () => {
    expect(refusedWith((j) => (j.receptionDays![0]!.leader = 'tonglu-registrar'))).toContainEqual(
      issue(path(0, '.leader'), 'tonglu-registrar must be a staff member of 330122 (桐庐县) with the role "leader"'),
    );
  });

  it('refuses a leader of another jurisdiction, and an unknown one', () => {
    expect(refusedWith((j) => (j.receptionDays![0]!.leader = 'hz-leader-petitions'))).toContainEqual(issue(path(0, '.leader'), 'must be a staff member of 330122'));
    expect(refusedWith((j) => (j.receptionDays![0]!.leader = 'nobody-here'))).toContainEqual(issue(path(0, '.leader'), 'is not a configured staff member'));
  });

  it('needs exactly one rule: weekday or monthly', () => {
    expect(refusedWith((j) => delete j.receptionDays![0]!.weekday)).toContainEqual(issue(path(0, '.weekday'), 'needs a day'));
    expect(refusedWith((j) => (j.receptionDays![0]!.monthly = { week: 1, weekday: 1 }))).toContainEqual(issue(path(0, '.monthly'), 'not weekday and monthly'));
    expect(refusedWith((j) => (j.receptionDays![0]!.monthDays = [5]))).toContainEqual(issue(path(0, '.monthDays'), 'not weekday and monthDays'));
    expect(refusedWith((j) => Object.assign(j.receptionDays![0]!, { weekday: undefined, monthDays: [5, 32, 5], onHoliday: 'later' }))).toEqual(
      expect.arrayContaining([issue(path(0, '.monthDays[1]'), 'a day of the month, 1 to 31'), issue(path(0, '.onHoliday'), 'cancel'), issue(path(0, '.monthDays'), 'names a day twice')]),
    );
  });

  it('explains each malformed field', () => {
    const issues = refusedWith((j) => {
      Object.assign(j.receptionDays![0]!, { weekday: 8, time: '9:00-11:30', capacity: 0, extra: true });
      j.receptionDays![1]!.monthly = { week: 5, weekday: 1 };
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        issue(path(0, '.weekday'), '1 (Monday) to 7 (Sunday)'),
        issue(path(0, '.time'), 'HH:MM-HH:MM'),
        issue(path(0, '.capacity'), 'at least 1'),
        issue(path(0), 'extra'),
        issue(path(1, '.monthly.week'), '1, 2, 3, 4 or "last"'),
      ]),
    );
  });

  it('refuses two lines of one day starting at the same time (they would be one slot)', () => {
    const issues = refusedWith((j) => j.receptionDays!.push({ ...j.receptionDays![1]!, leader: 'tonglu-leader-petitions', monthly: { week: 4, weekday: 1 } }));
    expect(issues).toContainEqual(issue(path(2, '.time'), 'starts at 14:30 like receptionDays[1]'));
  });

  it('lets one leader receive twice on a day at different times: a line re-assigned to a leader who has one that day', () => {
    const copy = structuredClone(raw);
    copy.jurisdictions[at(TONGLU)]!.receptionDays![1]!.leader = 'tonglu-leader-petitions';
    const province = parseProvinceConfig(copy, 'test configuration', new WorkingCalendar([]));
    const day = sessionsBetween(TONGLU, province.jurisdiction(TONGLU).receptionDays ?? [], { from: '2026-12-28', to: '2026-12-28' }, calendar);
    expect(day.map((s) => [s.id, s.leader])).toEqual([
      ['330122:2026-12-28:0900', 'tonglu-leader-petitions'],
      ['330122:2026-12-28:1430', 'tonglu-leader-petitions'],
    ]);
  });
});
