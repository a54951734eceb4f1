import { describe, expect, it } from 'vitest';
import { loadHolidayCalendar } from '../../shared/config/holidays.js';
import type { Case } from '../../shared/domain/case.js';
import { DEFAULT_CHASE_SETTINGS, escalationStepDueAt, planChase, reminderTimes, runningClock, sweepDueAt, type ChaseSettings } from '../../shared/domain/chase.js';
import type { EscalationStep } from '../../shared/domain/department.js';
import { chaseMail, describeOverdue } from '../../shared/app/sweep/chase-mail.js';
import { loadProvinceConfig } from '../../shared/config/province.js';

const calendar = loadHolidayCalendar(new URL('../../config/holidays', import.meta.url).pathname);
const everyone = () => true;

/** Accepted Mon 2 Nov 2026 10:00 China; 30-day handling clock ends with Wed 2 Dec. */
function handled(overrides: Partial<Case> = {}): Case {
  return {
    caseNumber: '330122-2026-000101',
    jurisdiction: '330122',
    receivingOffice: '330122',
    channel: 'email',
    status: 'inProgress',
    matter: '小区电梯长期故障。',
    petitioner: { anonymous: false },
    urgent: false,
    reviewLevel: 0,
    receivedAt: '2026-10-30T02:00:00.000Z',
    registeredAt: '2026-10-30T02:00:01.000Z',
    registeredBy: 'system:intake',
    handling: { lead: '330122-housing', cooperating: [] },
    deadlines: { handling: '2026-12-02T16:00:00.000Z', started: { handling: '2026-11-02T02:00:00.000Z' } },
    attachments: [],
    version: 4,
    updatedAt: '2026-11-02T02:00:00.000Z',
    ...overrides,
  };
}

/** Runs the plan and applies its state, as the sweep stores it. */
function sweepAt(c: Case, now: string, settings: ChaseSettings = DEFAULT_CHASE_SETTINGS, available: (s: EscalationStep) => boolean = everyone) {
  const plan = planChase(c, now, settings, calendar, available);
  return { plan, next: { ...c, ...(plan.state ? { chase: plan.state } : {}) } as Case };
}

describe('which clock runs', () => {
  it.each<[Case['status'], string | undefined]>([
    ['registered', 'acceptance'],
    ['accepted', 'handling'],
    ['assigned', 'handling'],
    ['inProgress', 'handling'],
    ['concluded', 'reply'],
    ['replied', undefined],
    ['closed', undefined],
    ['declined', undefined],
  ])('%s → %s', (status, clock) => {
    const c = handled({
      status,
      deadlines: { acceptance: '2026-11-14T16:00:00.000Z', handling: '2026-12-02T16:00:00.000Z', reply: '2026-12-07T16:00:00.000Z' },
    });
    expect(runningClock(c)?.clock).toBe(clock);
  });
});

describe('reminder times (催办)', () => {
  it('fall at 09:00 on the working day the 20% point falls in (not at 21:12 that night) and at 09:00 on the last working day', () => {
    // 30 days 10:00 2 Nov → midnight after 2 Dec: 20% left is 6 days 2.8 hours before the end.
    expect(reminderTimes(runningClock(handled())!, DEFAULT_CHASE_SETTINGS, calendar)).toEqual([
      { key: 'remaining:0.2', at: '2026-11-26T01:00:00.000Z' },
      { key: 'lastWorkingDay', at: '2026-12-02T01:00:00.000Z' },
    ]);
  });

  it('put the last-working-day reminder before a holiday break on the working day before it', () => {
    // Last day Sun 4 Oct 2026, inside 国庆 (a calendar period that does not extend, e.g. configured so).
    const c = handled({ deadlines: { handling: '2026-10-04T16:00:00.000Z', started: { handling: '2026-09-04T02:00:00.000Z' } } });
    const times = reminderTimes(runningClock(c)!, DEFAULT_CHASE_SETTINGS, calendar);
    // Wed 30 Sep is the last working day before the break (1–7 Oct).
    expect(times.find((t) => t.key === 'lastWorkingDay')?.at).toBe('2026-09-30T01:00:00.000Z');
  });
});

describe('planning a case', () => {
  it('a new clock is planned for its first reminder, with nothing sent', () => {
    const c = handled();
    expect(sweepDueAt(c)).toBe(c.updatedAt);
    const { plan, next } = sweepAt(c, '2026-11-02T02:15:00.000Z');
    expect(plan.action).toBeUndefined();
    expect(plan.changed).toBe(true);
    expect(next.chase).toEqual({ clock: 'handling', deadline: c.deadlines.handling, reminded: [], escalated: [], nextAt: '2026-11-26T01:00:00.000Z' });
    expect(sweepDueAt(next)).toBe('2026-11-26T01:00:00.000Z');
    expect(sweepAt(next, '2026-11-10T00:00:00.000Z').plan.changed).toBe(false);
  });

  it('reminds at 20%, then on the last working day, then escalates one step per interval of working time', () => {
    let c = sweepAt(handled(), '2026-11-02T02:15:00.000Z').next;
    const log: string[] = [];
    for (const now of [
      '2026-11-26T01:00:00.000Z',
      '2026-11-26T13:30:00.000Z',
      '2026-12-02T01:00:00.000Z',
      '2026-12-02T16:00:00.000Z',
      '2026-12-03T04:00:00.000Z',
      '2026-12-03T16:00:00.000Z',
      '2026-12-04T16:00:00.000Z',
      '2026-12-05T16:00:00.000Z',
      '2026-12-06T16:00:00.000Z',
      '2026-12-07T16:00:00.000Z',
      '2026-12-08T16:00:00.000Z',
      '2026-12-09T16:00:00.000Z',
      '2026-12-20T16:00:00.000Z',
    ]) {
      const { plan, next } = sweepAt(c, now);
      if (plan.action) log.push(`${now} ${plan.action.kind === 'remind' ? plan.action.reminder : plan.action.step}`);
      c = next;
    }
    expect(log).toEqual([
      '2026-11-26T01:00:00.000Z remaining:0.2',
      '2026-12-02T01:00:00.000Z lastWorkingDay',
      '2026-12-02T16:00:00.000Z handlingOfficial',
      '2026-12-03T16:00:00.000Z unitHead',
      '2026-12-04T16:00:00.000Z petitionsOffice',
      // Saturday 5 and Sunday 6 December are no one's working time: the office has Monday before the leader hears.
      '2026-12-07T16:00:00.000Z leaderInCharge',
      '2026-12-08T16:00:00.000Z principalLeader',
      '2026-12-09T16:00:00.000Z higherJurisdiction',
    ]);
    expect(c.chase?.nextAt).toBeUndefined();
    expect(sweepDueAt(c)).toBeUndefined();
  });

  it('after an outage sends only the latest reminder, not a burst', () => {
    const planned = sweepAt(handled(), '2026-11-02T02:15:00.000Z').next;
    const { plan, next } = sweepAt(planned, '2026-12-02T03:00:00.000Z');
    expect(plan.action).toMatchObject({ kind: 'remind', reminder: 'lastWorkingDay' });
    expect(next.chase?.reminded).toEqual(['remaining:0.2', 'lastWorkingDay']);
  });

  it('past the deadline skips reminders and starts the chain', () => {
    const { plan, next } = sweepAt(handled(), '2026-12-03T01:00:00.000Z');
    expect(plan.action).toMatchObject({ kind: 'escalate', step: 'handlingOfficial', number: 1 });
    expect(next.chase?.reminded).toEqual(['remaining:0.2', 'lastWorkingDay']);
    expect(next.chase?.nextAt).toBe('2026-12-04T01:00:00.000Z');
  });

  it('the same plan applied twice takes each step once', () => {
    const overdue = sweepAt(handled(), '2026-12-03T01:00:00.000Z').next;
    const again = sweepAt(overdue, '2026-12-03T01:00:00.000Z');
    expect(again.plan.action).toBeUndefined();
    expect(again.plan.changed).toBe(false);
  });

  it('passes over steps nobody fills without costing an interval', () => {
    const noHead = (step: EscalationStep) => step !== 'unitHead';
    let c = sweepAt(handled(), '2026-12-03T01:00:00.000Z', DEFAULT_CHASE_SETTINGS, noHead).next;
    const { plan } = sweepAt(c, '2026-12-04T01:00:00.000Z', DEFAULT_CHASE_SETTINGS, noHead);
    expect(plan.action).toMatchObject({ kind: 'escalate', step: 'petitionsOffice', number: 2, passedOver: ['unitHead'] });
    c = sweepAt(c, '2026-12-04T01:00:00.000Z', DEFAULT_CHASE_SETTINGS, noHead).next;
    expect(c.chase?.escalated).toEqual(['handlingOfficial', 'petitionsOffice']);
  });

  it('follows the configured chain and interval', () => {
    const settings: ChaseSettings = { ...DEFAULT_CHASE_SETTINGS, chain: ['unitHead', 'leaderInCharge'], intervalHours: 4 };
    let c = sweepAt(handled(), '2026-12-02T16:00:00.000Z', settings).next;
    expect(c.chase?.escalated).toEqual(['unitHead']);
    expect(sweepAt(c, '2026-12-02T19:59:00.000Z', settings).plan.action).toBeUndefined();
    c = sweepAt(c, '2026-12-02T20:00:00.000Z', settings).next;
    expect(c.chase).toMatchObject({ escalated: ['unitHead', 'leaderInCharge'] });
    expect(c.chase?.nextAt).toBeUndefined();
  });

  it('starts afresh when an extension moves the deadline', () => {
    const overdue = sweepAt(handled(), '2026-12-03T01:00:00.000Z').next;
    const extended = handled({ ...overdue, deadlines: { ...overdue.deadlines, handling: '2026-12-22T16:00:00.000Z' } });
    expect(sweepDueAt(extended)).toBe(extended.updatedAt);
    const { plan, next } = sweepAt(extended, '2026-12-03T02:00:00.000Z');
    expect(plan.action).toBeUndefined();
    expect(next.chase).toMatchObject({ deadline: '2026-12-22T16:00:00.000Z', escalated: [] });
  });

  it('forgets the chase when no clock runs any more', () => {
    const overdue = sweepAt(handled(), '2026-12-03T01:00:00.000Z').next;
    const replied = { ...overdue, status: 'replied' as const };
    expect(sweepDueAt(replied)).toBeUndefined();
    const plan = planChase(replied, '2026-12-04T01:00:00.000Z', DEFAULT_CHASE_SETTINGS, calendar, everyone);
    expect(plan).toEqual({ changed: true });
  });
});

describe('the 催办 letter on the handling clock', () => {
  const province = loadProvinceConfig(new URL('../../config/province.yaml', import.meta.url).pathname);
  const remindAt = (c: Case, now: string) => chaseMail(province, c, { kind: 'remind', reminder: 'remaining:0.2', at: now, clock: runningClock(c)! }, now).mail.text;

  it('says until when a 延期 may still be asked for, while it may', () => {
    // Due Wednesday 2 December: 5 working days before its last day is Wednesday 25 November.
    expect(remindAt(handled(), '2026-11-24T01:00:00.000Z')).toContain('确需延期的，最迟于2026年11月25日提出延期申请（期限届满5个工作日前）');
  });

  it('does not invite one the unit can no longer ask for: past that day, or once extended', () => {
    expect(remindAt(handled(), '2026-12-02T01:00:00.000Z')).not.toContain('延期');
    const extended = handled({ extension: { days: 10, reason: '鉴定', requestedBy: 'tonglu-housing-head', requestedAt: '2026-11-20T02:00:00.000Z', status: 'approved' } });
    expect(remindAt(extended, '2026-11-24T01:00:00.000Z')).not.toContain('延期');
  });

  it('the 督办 letter greets whom it goes to — the leader by name and post, the office above by its name — not the step’s label', () => {
    const escalateAt = (step: EscalationStep, number: number) =>
      chaseMail(province, handled(), { kind: 'escalate', step, number, passedOver: [], clock: runningClock(handled())! }, '2026-12-10T02:00:00.000Z').mail;
    const principal = escalateAt('principalLeader', 5);
    expect(principal.to).toEqual(['fang.jianhua@tonglu.petitions.example']);
    expect(principal.text.startsWith('方建华（县长）：\n')).toBe(true);
    expect(principal.text).toContain('现报主要领导督促办理');
    const above = escalateAt('higherJurisdiction', 6);
    expect(above.to).toEqual(['xinfang@hz.petitions.example']);
    expect(above.text.startsWith('杭州市信访局：\n')).toBe(true);
    expect(above.text).not.toContain('上一级信访部门：');
  });

  it('says 不足1小时 for a deadline just passed, not a whole hour', () => {
    expect(describeOverdue('2026-12-02T16:00:00.000Z', '2026-12-02T16:15:00.000Z')).toBe('已逾期不足1小时');
    expect(describeOverdue('2026-12-02T16:00:00.000Z', '2026-12-02T18:30:00.000Z')).toBe('已逾期2小时');
    // Days as the work lists count them: a day begun counts, so the mail and the list say the same.
    expect(describeOverdue('2026-12-02T16:00:00.000Z', '2026-12-04T01:00:00.000Z')).toBe('已逾期2天');
  });
});

describe('the interval between two steps of 督办 counts working time only', () => {
  it('a day’s interval from Friday 10:00 ends on Monday 10:00, not Saturday’s; 20 hours from then runs into Monday too', () => {
    // Escalated Friday 4 December 2026 at 10:00 China time.
    expect(escalationStepDueAt('2026-12-04T02:00:00.000Z', 24, calendar)).toBe('2026-12-07T02:00:00.000Z');
    expect(escalationStepDueAt('2026-12-04T02:00:00.000Z', 20, calendar)).toBe('2026-12-06T22:00:00.000Z');
    // Within the day.
    expect(escalationStepDueAt('2026-12-03T02:00:00.000Z', 6, calendar)).toBe('2026-12-03T08:00:00.000Z');
  });

  it('skips 春节 and counts its adjusted working Saturday (调休)', () => {
    // Friday 13 February 2026 at 09:00: Saturday the 14th is worked, the 15th to the 23rd are rest, the 24th is worked.
    expect(escalationStepDueAt('2026-02-13T01:00:00.000Z', 24, calendar)).toBe('2026-02-14T01:00:00.000Z');
    expect(escalationStepDueAt('2026-02-14T01:00:00.000Z', 24, calendar)).toBe('2026-02-24T01:00:00.000Z');
  });

  it('where the year’s calendar is not published, skips weekends as provisional deadlines do', () => {
    // Friday 7 January 2028.
    expect(escalationStepDueAt('2028-01-07T02:00:00.000Z', 24, calendar)).toBe('2028-01-10T02:00:00.000Z');
  });
});


describe('an overdue case handed to another unit (收回 and 交办 anew, or passed on)', () => {
  const province = loadProvinceConfig(new URL('../../config/province.yaml', import.meta.url).pathname);
  const run = (start: Case, times: string[]) => {
    let c = start;
    const log: string[] = [];
    const mails: { id: string; to: string[]; number: number; text: string }[] = [];
    for (const now of times) {
      const { plan, next } = sweepAt(c, now);
      if (plan.action?.kind === 'escalate') {
        log.push(`${now} ${plan.action.step}`);
        const { mail } = chaseMail(province, c, plan.action, now);
        mails.push({ id: mail.id, to: mail.to, number: plan.action.number, text: mail.text });
      }
      c = next;
    }
    return { c, log, mails };
  };
  const toHrss = (c: Case): Case => ({ ...c, handling: { lead: '330122-hrss', cooperating: [] } });

  it('chases the unit now holding it — its 承办人, then its 负责人 — before the chain goes on above', () => {
    const first = run(handled(), ['2026-12-02T16:00:00.000Z', '2026-12-03T16:00:00.000Z', '2026-12-04T16:00:00.000Z']);
    expect(first.log.map((l) => l.split(' ')[1])).toEqual(['handlingOfficial', 'unitHead', 'petitionsOffice']);
    const second = run(toHrss(first.c), ['2026-12-07T16:00:00.000Z', '2026-12-08T16:00:00.000Z', '2026-12-09T16:00:00.000Z', '2026-12-10T16:00:00.000Z', '2026-12-11T16:00:00.000Z']);
    expect(second.log).toEqual([
      '2026-12-07T16:00:00.000Z handlingOfficial',
      '2026-12-08T16:00:00.000Z unitHead',
      '2026-12-09T16:00:00.000Z leaderInCharge',
      '2026-12-10T16:00:00.000Z principalLeader',
      '2026-12-11T16:00:00.000Z higherJurisdiction',
    ]);
    // To the labour bureau and its head (严国平), in letters of their own — not taken for the ones the housing bureau got.
    expect(second.mails[0]!.to).toEqual(['hrss@tonglu.petitions.example']);
    expect(second.mails[1]!.to).toEqual(['yan.guoping@tonglu.petitions.example']);
    expect(new Set([...first.mails, ...second.mails].map((m) => m.id)).size).toBe(8);
    // Numbered on from the steps already taken.
    expect(second.mails.map((m) => m.number)).toEqual([4, 5, 6, 7, 8]);
    const { mail: headLetter } = chaseMail(province, { ...toHrss(first.c), chase: { ...first.c.chase!, escalated: ['petitionsOffice', 'handlingOfficial'], earlierSteps: 2, units: ['330122-housing', '330122-hrss'] } }, { kind: 'escalate', step: 'unitHead', number: 5, passedOver: [], clock: runningClock(handled())!, again: '330122-hrss' }, '2026-12-08T16:00:00.000Z');
    expect(headLetter.text).toContain('此前已逐级督办4次（原承办单位2次、信访部门、承办人）');
  });

  it('is swept again though the chain had run to its end before', () => {
    const done = run(handled(), ['2026-12-02T16:00:00.000Z', '2026-12-03T16:00:00.000Z', '2026-12-04T16:00:00.000Z', '2026-12-07T16:00:00.000Z', '2026-12-08T16:00:00.000Z', '2026-12-09T16:00:00.000Z']).c;
    expect(sweepDueAt(done)).toBeUndefined();
    const handed = { ...toHrss(done), updatedAt: '2026-12-14T02:00:00.000Z' };
    expect(sweepDueAt(handed)).toBeDefined();
    const again = run(handed, [sweepDueAt(handed)!, '2026-12-14T02:00:00.000Z', '2026-12-15T02:00:00.000Z', '2026-12-16T02:00:00.000Z']);
    expect(again.log.map((l) => l.split(' ')[1])).toEqual(['handlingOfficial', 'unitHead']);
    expect(sweepDueAt(again.c)).toBeUndefined();
  });

  it('the new unit\'s first 督办 counts the old unit\'s steps as the old unit\'s, not as its own', () => {
    const first = run(handled(), ['2026-12-02T16:00:00.000Z', '2026-12-03T16:00:00.000Z', '2026-12-04T16:00:00.000Z']);
    const second = run(toHrss(first.c), ['2026-12-07T16:00:00.000Z']);
    // 人社局's own 承办人 is reached only now: the letter must not tell the leaders the unit's staff were chased already.
    expect(second.mails[0]!.text).toContain('此前已逐级督办3次（原承办单位2次、信访部门）');
  });

  it('a case chased by the previous release (no units recorded) is chased at the unit it is handed to', () => {
    const first = run(handled(), ['2026-12-02T16:00:00.000Z', '2026-12-03T16:00:00.000Z', '2026-12-04T16:00:00.000Z', '2026-12-07T16:00:00.000Z', '2026-12-08T16:00:00.000Z', '2026-12-09T16:00:00.000Z']);
    // As the previous release stored it: no `units`, no `earlierSteps`.
    const { units: _u, earlierSteps: _e, ...stored } = first.c.chase!;
    const old: Case = { ...first.c, chase: stored };
    expect(sweepDueAt(old)).toBeUndefined();
    // Taken back and handed to 人社局 on Mon 14 Dec (its objection window opens then).
    const handed: Case = {
      ...toHrss(old),
      objectionWindow: { unit: '330122-hrss', from: '330122', receivedAt: '2026-12-14T02:00:00.000Z', until: '2026-12-18T16:00:00.000Z' },
      updatedAt: '2026-12-14T02:00:00.000Z',
    };
    expect(sweepDueAt(handed)).toBeDefined();
    const again = run(handed, [sweepDueAt(handed)!, '2026-12-15T02:00:00.000Z', '2026-12-16T02:00:00.000Z']);
    expect(again.log.map((l) => l.split(' ')[1])).toEqual(['handlingOfficial', 'unitHead']);
    expect(again.mails[0]!.to).toEqual(['hrss@tonglu.petitions.example']);
    expect(again.mails.map((m) => m.number)).toEqual([7, 8]);
    // Not the ids of the letters the housing bureau got (they would be taken as sent already).
    expect(again.mails.map((m) => m.id).some((id) => first.mails.some((m) => m.id === id))).toBe(false);
    // Once: the chain has run to its end again.
    expect(run(again.c, ['2026-12-21T02:00:00.000Z', '2026-12-22T02:00:00.000Z']).log).toEqual([]);
  });

  it('a unit that gets the case back a second time is chased again in letters of their own', () => {
    const atHousing = run(handled(), ['2026-12-02T16:00:00.000Z', '2026-12-03T16:00:00.000Z', '2026-12-04T16:00:00.000Z']);
    const atHrss = run(toHrss(atHousing.c), ['2026-12-07T16:00:00.000Z', '2026-12-08T16:00:00.000Z']);
    const atMarket = run({ ...atHrss.c, handling: { lead: '330122-market', cooperating: [] } }, ['2026-12-09T16:00:00.000Z', '2026-12-10T16:00:00.000Z']);
    const backAtHrss = run(toHrss(atMarket.c), ['2026-12-11T16:00:00.000Z', '2026-12-14T16:00:00.000Z']);
    expect(backAtHrss.log.map((l) => l.split(' ')[1])).toEqual(['handlingOfficial', 'unitHead']);
    const ids = [...atHousing.mails, ...atHrss.mails, ...atMarket.mails, ...backAtHrss.mails].map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('the unit a case is handed to is not chased the minute it receives it, but one interval later', () => {
    const done = run(handled(), ['2026-12-02T16:00:00.000Z', '2026-12-03T16:00:00.000Z', '2026-12-04T16:00:00.000Z', '2026-12-07T16:00:00.000Z', '2026-12-08T16:00:00.000Z', '2026-12-09T16:00:00.000Z']).c;
    // 交办 to 人社局 on Mon 14 Dec, 10:00: the 交办 letter itself tells it the case is overdue.
    const handed: Case = {
      ...toHrss(done),
      objectionWindow: { unit: '330122-hrss', from: '330122', receivedAt: '2026-12-14T02:00:00.000Z', until: '2026-12-18T16:00:00.000Z' },
      updatedAt: '2026-12-14T02:00:00.000Z',
    };
    const soon = run(handed, ['2026-12-14T02:05:00.000Z']);
    expect(soon.log).toEqual([]);
    expect(soon.c.chase?.nextAt).toBe(escalationStepDueAt('2026-12-14T02:00:00.000Z', DEFAULT_CHASE_SETTINGS.intervalHours, calendar));
    const later = run(soon.c, [soon.c.chase!.nextAt!]);
    expect(later.log.map((l) => l.split(' ')[1])).toEqual(['handlingOfficial']);
  });

  it('the same unit keeps its place in the chain: nothing is sent twice', () => {
    const first = run(handled(), ['2026-12-02T16:00:00.000Z', '2026-12-03T16:00:00.000Z']);
    const same = run({ ...first.c, version: first.c.version + 1 }, ['2026-12-04T16:00:00.000Z']);
    expect(same.log.map((l) => l.split(' ')[1])).toEqual(['petitionsOffice']);
  });
});
