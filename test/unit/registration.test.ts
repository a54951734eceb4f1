import { describe, expect, it } from 'vitest';
import type { Petitioner } from '../../shared/domain/case.js';
import { RuleViolation } from '../../shared/domain/errors.js';
import { contactsOf, MAX_REPRESENTATIVES, registerPetition, type NewPetition } from '../../shared/domain/registration.js';
import { DEFAULT_TIME_LIMITS, type TimeLimitSettings } from '../../shared/domain/time-limits.js';
import { loadHolidayCalendar } from '../../shared/config/holidays.js';
import type { WorkingCalendar } from '../../shared/domain/calendar.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { provinceUnits, routingContextFrom, type RoutingUnit } from '../../shared/domain/routing/index.js';

const CALENDAR = loadHolidayCalendar(new URL('../../config/holidays', import.meta.url).pathname);
const province = loadProvinceConfig(new URL('../../config/province.yaml', import.meta.url).pathname);
/** All the province's units, as registration is given them. */
const UNITS = provinceUnits(routingContextFrom(province.config, province.tree));

const DEFAULTS: TimeLimitSettings = { base: DEFAULT_TIME_LIMITS };

function petition(overrides: Partial<NewPetition> = {}): NewPetition {
  return {
    jurisdiction: '330122',
    channel: 'letter',
    // Monday 2026-11-23, 10:00 China time
    receivedAt: '2026-11-23T02:00:00.000Z',
    matter: '小区加装电梯，一楼住户反对，协调三个月无果。',
    petitioner: { anonymous: false, name: '张三', gender: 'male', phone: '13800001111' },
    ...overrides,
  };
}

function meta(overrides: Partial<{ caseNumber: string; at: string; actor: string; timeLimits: TimeLimitSettings; calendar: WorkingCalendar; units: readonly RoutingUnit[] }> = {}) {
  return {
    caseNumber: '330122-2026-000042',
    at: '2026-11-23T03:00:00.000Z',
    actor: 'staff-tl-001',
    timeLimits: DEFAULTS,
    calendar: CALENDAR,
    units: UNITS,
    ...overrides,
  };
}

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('registerPetition', () => {
  it('builds a registered case at version 1 with the acceptance deadline', () => {
    const { case: c, event } = registerPetition(petition(), meta());
    expect(c).toEqual({
      caseNumber: '330122-2026-000042',
      jurisdiction: '330122',
      receivingOffice: '330122',
      channel: 'letter',
      status: 'registered',
      matter: '小区加装电梯，一楼住户反对，协调三个月无果。',
      petitioner: { anonymous: false, name: '张三', gender: 'male', phone: '13800001111' },
      urgent: false,
      reviewLevel: 0,
      receivedAt: '2026-11-23T02:00:00.000Z',
      registeredAt: '2026-11-23T03:00:00.000Z',
      registeredBy: 'staff-tl-001',
      // 15 calendar days from Monday 23 Nov → last day 8 Dec → ends 9 Dec 00:00 China time
      deadlines: {
        acceptance: '2026-12-08T16:00:00.000Z',
        started: { acceptance: '2026-11-23T02:00:00.000Z' },
        // How it was counted, from the same count: nothing skipped or rolled (8 Dec is a Tuesday).
        explanations: {
          acceptance: {
            startedAt: '2026-11-23T02:00:00.000Z',
            startDay: '2026-11-23',
            firstCountedDay: '2026-11-24',
            rule: { days: 15, count: 'calendar', source: 'national' },
            skipped: [],
            adjustedWorkdays: [],
            countedLastDay: '2026-12-08',
            lastDay: '2026-12-08',
            at: '2026-12-08T16:00:00.000Z',
            adjustments: [],
          },
        },
      },
      attachments: [],
      version: 1,
      updatedAt: '2026-11-23T03:00:00.000Z',
    });
    expect(c.handling).toBeUndefined();
    expect(c.deadlines.handling).toBeUndefined();
    expect(event).toStrictEqual({
      caseNumber: '330122-2026-000042',
      seq: 1,
      type: 'registered',
      at: '2026-11-23T03:00:00.000Z',
      actor: 'staff-tl-001',
      to: 'registered',
      detail: { channel: 'letter', jurisdiction: '330122' },
    });
  });

  it('keeps the optional fields the petitioner gave', () => {
    const { case: c } = registerPetition(
      petition({
        channel: 'email',
        subject: '关于加装电梯',
        category: 'complaint',
        incidentAddress: '桐庐县富春江镇某小区',
        urgent: true,
        collective: {
          headCount: 30,
          representatives: [
            { anonymous: false, name: '李四' },
            { anonymous: false, name: '王五' },
          ],
        },
      }),
      meta(),
    );
    expect(c.subject).toBe('关于加装电梯');
    expect(c.category).toBe('complaint');
    expect(c.incidentAddress).toBe('桐庐县富春江镇某小区');
    expect(c.urgent).toBe(true);
    expect(c.collective?.headCount).toBe(30);
    expect(c.collective?.representatives.map((r) => r.name)).toEqual(['李四', '王五']);
  });

  it('the acceptance clock counts from receipt, not from registration', () => {
    // Received Friday 27 Nov 23:30 China, registered Monday 30 Nov: 15 days → Sat 12 Dec → Mon 14 Dec.
    const { case: c } = registerPetition(
      petition({ receivedAt: '2026-11-27T15:30:00.000Z' }),
      meta({ at: '2026-11-30T01:00:00.000Z' }),
    );
    expect(c.deadlines.acceptance).toBe('2026-12-14T16:00:00.000Z');
  });

  it('marks the clock provisional when its year has no holiday calendar yet, instead of refusing to register', () => {
    const { case: c } = registerPetition(
      petition({ receivedAt: '2026-12-28T02:00:00.000Z' }),
      meta({ at: '2026-12-28T03:00:00.000Z' }),
    );
    // 15 days from 28 Dec 2026 end in 2027, whose calendar is not configured: weekends only, marked provisional.
    expect(c.deadlines.acceptance).toBe('2027-01-12T16:00:00.000Z');
    expect(c.deadlines.provisional).toEqual(['acceptance']);
  });

  it('accepts a petition registered at the very instant it was received', () => {
    const { case: c } = registerPetition(petition(), meta({ at: '2026-11-23T02:00:00.000Z' }));
    expect(c.status).toBe('registered');
  });

  it('received after registration is a RuleViolation', () => {
    const error = catchError(() => registerPetition(petition({ receivedAt: '2026-11-23T03:00:01.000Z' }), meta()));
    expect(error).toBeInstanceOf(RuleViolation);
    expect((error as RuleViolation).code).toBe('RuleViolation');
  });

  describe('collective petitions choose at most 5 representatives', () => {
    const reps = (n: number): Petitioner[] => Array.from({ length: n }, (_, i) => ({ anonymous: false, name: `代表${i + 1}` }));

    it('MAX_REPRESENTATIVES is 5', () => {
      expect(MAX_REPRESENTATIVES).toBe(5);
    });

    it.each([0, 1, 5])('%i representatives are fine', (n) => {
      const { case: c } = registerPetition(petition({ collective: { headCount: 40, representatives: reps(n) } }), meta());
      expect(c.collective?.representatives).toHaveLength(n);
    });

    it.each([6, 10])('%i representatives are a RuleViolation', (n) => {
      const error = catchError(() =>
        registerPetition(petition({ collective: { headCount: 40, representatives: reps(n) } }), meta()),
      );
      expect(error).toBeInstanceOf(RuleViolation);
      expect((error as RuleViolation).message).toContain('第二十条');
    });
  });

  describe('acceptance limit from the settings', () => {
    const settings: TimeLimitSettings = {
      base: DEFAULT_TIME_LIMITS,
      jurisdiction: { acceptance: { days: 10, count: 'calendar' } },
      byChannel: { phone: { acceptance: { days: 5, count: 'working' } } },
      byCategory: { consultation: { acceptance: { days: 3, count: 'working' } } },
    };
    // All received Friday 2026-11-27 10:00 China time.
    const friday = '2026-11-27T02:00:00.000Z';

    it.each([
      // 15 calendar days → last day Sat 12 Dec, a rest day → the period ends with Monday 14 Dec.
      ['letter', undefined, DEFAULTS, '2026-12-14T16:00:00.000Z'],
      ['phone', undefined, DEFAULTS, '2026-12-14T16:00:00.000Z'], // no phone override set
      ['letter', undefined, settings, '2026-12-07T16:00:00.000Z'], // jurisdiction: 10 calendar days
      ['phone', undefined, settings, '2026-12-04T16:00:00.000Z'], // phone: 5 working days → Fri 4 Dec
      ['email', undefined, settings, '2026-12-07T16:00:00.000Z'],
      ['phone', 'consultation', settings, '2026-12-02T16:00:00.000Z'], // category: 3 working days → Wed 2 Dec
      ['phone', 'complaint', settings, '2026-12-04T16:00:00.000Z'],
    ] as const)('%s / category %s / settings %$ → ends %s', (channel, category, timeLimits, expected) => {
      const { case: c } = registerPetition(
        petition({ channel, receivedAt: friday, ...(category ? { category } : {}) }),
        meta({ at: '2026-11-27T03:00:00.000Z', timeLimits }),
      );
      expect(c.deadlines.acceptance).toBe(expected);
    });
  });

  describe('a report carries the units it accuses from birth (条例第三十条)', () => {
    it('names them on the case and in the registration event, before any router has run', () => {
      const { case: c, event } = registerPetition(
        petition({
          subject: '实名举报桐庐县住建局违规发放危房改造补助',
          matter: '我举报桐庐县住房和城乡建设局在城南街道危房改造补助发放中弄虚作假，把补助发给不符合条件的亲属。',
        }),
        meta(),
      );
      expect(c.accusedUnits).toEqual(['330122-housing']);
      expect(event.detail).toEqual({ channel: 'letter', jurisdiction: '330122', accusedUnits: ['330122-housing'] });
    });

    it('counts every unit named in a petition registered as a report (category), with or without 举报', () => {
      const { case: c } = registerPetition(petition({ category: 'report', matter: '桐庐县人社局对欠薪投诉不闻不问，拖了半年。' }), meta());
      expect(c.accusedUnits).toEqual(['330122-hrss']);
    });

    it('adds nothing to a petition that accuses no unit', () => {
      const { case: c } = registerPetition(petition({ matter: '请桐庐县住建局督促开发商维修楼顶漏水。' }), meta());
      expect(c).not.toHaveProperty('accusedUnits');
    });
  });

  it('registers an anonymous petition', () => {
    const { case: c } = registerPetition(petition({ petitioner: { anonymous: true } }), meta());
    expect(c.petitioner).toEqual({ anonymous: true });
    expect(c.status).toBe('registered');
  });
});

describe('contactsOf', () => {
  it.each<[string, Petitioner, string[]]>([
    ['email lower-cased and trimmed', { anonymous: false, email: '  Zhang.San@Example.COM ' }, ['email:zhang.san@example.com']],
    ['+86 mobile with dashes', { anonymous: false, phone: '+86 138-0000-1111' }, ['phone:13800001111']],
    ['86 mobile without plus', { anonymous: false, phone: '8613800001111' }, ['phone:13800001111']],
    ['plain mobile', { anonymous: false, phone: '13800001111' }, ['phone:13800001111']],
    ['mobile with spaces', { anonymous: false, phone: '138 0000 1111' }, ['phone:13800001111']],
    ['landline with area code', { anonymous: false, phone: '0571-8888 6666' }, ['phone:057188886666']],
    ['7-digit local number kept', { anonymous: false, phone: '8888666' }, ['phone:8888666']],
    ['too short dropped', { anonymous: false, phone: '12345' }, []],
    ['6 digits dropped', { anonymous: false, phone: '123-456' }, []],
    ['no digits dropped', { anonymous: false, phone: '无' }, []],
    [
      'both, email first',
      { anonymous: false, name: '张三', email: 'ZS@163.com', phone: '+86 138-0000-1111' },
      ['email:zs@163.com', 'phone:13800001111'],
    ],
    ['name only', { anonymous: false, name: '张三', address: '桐庐县' }, []],
    ['anonymous petitioner', { anonymous: true }, []],
  ])('%s', (_why, petitioner, expected) => {
    expect(contactsOf(petitioner)).toEqual(expected);
  });

  it('the same person written two ways gives the same contacts', () => {
    expect(contactsOf({ anonymous: false, email: 'Li@QQ.com', phone: '+86 139 1234 5678' })).toEqual(
      contactsOf({ anonymous: false, email: ' li@qq.com', phone: '13912345678' }),
    );
  });
});

describe('contactsOf: the same phone or address written differently is one contact', () => {
  it.each([
    ['+86 571 8888 6666', 'phone:057188886666'],
    ['0571-8888 6666', 'phone:057188886666'],
    ['(0571)8888-6666', 'phone:057188886666'],
    ['0086 138 0000 1111', 'phone:13800001111'],
    ['86-13800001111', 'phone:13800001111'],
    ['12345', undefined],
  ])('%s → %s', (phone, expected) => {
    expect(contactsOf({ anonymous: false, phone })).toEqual(expected ? [expected] : []);
  });

  it('ignores a blank email instead of making every blank-email petitioner one contact', () => {
    expect(contactsOf({ anonymous: false, email: '   ' })).toEqual([]);
  });
});
