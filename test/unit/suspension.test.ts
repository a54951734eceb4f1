import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadProvinceConfig } from '../../shared/config/province.js';
import type { Actor } from '../../shared/domain/access.js';
import { allowedActions } from '../../shared/domain/allowed-actions.js';
import type { Case } from '../../shared/domain/case.js';
import { DEFAULT_CHASE_SETTINGS, planChase, sweepDueAt } from '../../shared/domain/chase.js';
import { InvalidTransition, RuleViolation } from '../../shared/domain/errors.js';
import { ledgerEntryOf } from '../../shared/domain/ledger.js';
import { BUILT_IN_SUSPENSION_GROUNDS, resumeClock, suspendClock } from '../../shared/domain/suspension.js';
import { DEFAULT_TIME_LIMITS, type TimeLimitSettings } from '../../shared/domain/time-limits.js';
import { caseWorkClock } from '../../shared/domain/work-clock.js';
import { conclude, decideReview } from '../../shared/domain/closing.js';
import { publicCaseView } from '../../shared/domain/public-view.js';
import { caseIndexAttributes, nextDueAt } from '../../shared/adapters/dynamodb/keys.js';

const province = loadProvinceConfig(fileURLToPath(new URL('../../config/province.yaml', import.meta.url)));
const calendar = province.calendar;
const GROUNDS = { ...BUILT_IN_SUSPENSION_GROUNDS, verification: '调查核实' };
const calendarDays: TimeLimitSettings = { base: DEFAULT_TIME_LIMITS };
const workingDays: TimeLimitSettings = { base: { ...DEFAULT_TIME_LIMITS, handling: { days: 7, count: 'working' } } };
const office: Actor = { staffId: 'tonglu-office', jurisdiction: '330122', roles: ['petitionsOffice'] };
const unitHead: Actor = { staffId: 'tonglu-hrss-head', jurisdiction: '330122', unit: '330122-hrss', roles: ['unitHead'] };

/** A wage case in 桐庐县's labour bureau, due at the end of Wednesday 2 December 2026 (China time). */
function handled(overrides: Partial<Case> = {}): Case {
  return {
    caseNumber: '330122-2026-000088',
    jurisdiction: '330122',
    receivingOffice: '330122',
    channel: 'letter',
    status: 'inProgress',
    matter: '反映某建筑公司拖欠农民工工资，要求组织听证。',
    petitioner: { anonymous: false, name: '李娜', email: 'lina@qq.example' },
    urgent: false,
    reviewLevel: 0,
    receivedAt: '2026-10-01T02:00:00.000Z',
    registeredAt: '2026-10-01T02:05:00.000Z',
    registeredBy: 'tonglu-registrar',
    acceptedAt: '2026-10-03T02:00:00.000Z',
    handling: { lead: '330122-hrss', cooperating: [] },
    deadlines: { handling: '2026-12-02T16:00:00.000Z', started: { handling: '2026-10-03T02:00:00.000Z' } },
    attachments: [],
    version: 5,
    updatedAt: '2026-11-01T02:00:00.000Z',
    ...overrides,
  };
}

// Friday 6 November 10:00 to Monday 9 November 10:00, China time: three calendar days, one working day (the Friday).
const SUSPENDED_AT = '2026-11-06T02:00:00.000Z';
const RESUMED_AT = '2026-11-09T02:00:00.000Z';
const suspend = (c = handled()) => suspendClock(c, { ground: 'hearing', reason: '组织听证，听取劳资双方意见' }, { at: SUSPENDED_AT, actor: 'tonglu-office', grounds: GROUNDS });
const resume = (c: Case, settings = calendarDays) => resumeClock(c, { reason: '听证已结束' }, { at: RESUMED_AT, actor: 'tonglu-leader-petitions', settings, calendar });

describe('suspending a clock (中止)', () => {
  it('is recorded with the ground and the reason; the deadline stays until it resumes', () => {
    const { case: c, event } = suspend();
    expect(c.suspensions).toEqual([{ clock: 'handling', ground: 'hearing', reason: '组织听证，听取劳资双方意见', suspendedAt: SUSPENDED_AT, suspendedBy: 'tonglu-office' }]);
    expect(c.deadlines.handling).toBe('2026-12-02T16:00:00.000Z');
    expect(event).toMatchObject({ type: 'suspended', seq: 6, reason: '组织听证，听取劳资双方意见', detail: { clock: 'handling', ground: 'hearing' } });
  });

  it('a calendar-day limit moves by the calendar days suspended, and past a weekend to the next working day', () => {
    const { case: c, event } = resume(suspend().case);
    // 2 December + 3 days = Saturday 5 December → Monday 7 December.
    expect(c.deadlines.handling).toBe('2026-12-07T16:00:00.000Z');
    expect(c.suspensions![0]).toMatchObject({ resumedAt: RESUMED_AT, resumedBy: 'tonglu-leader-petitions', shift: { days: 3, count: 'calendar' } });
    expect(event).toMatchObject({ type: 'resumed', reason: '听证已结束', detail: { days: 3, count: 'calendar', deadline: { from: '2026-12-02T16:00:00.000Z', to: '2026-12-07T16:00:00.000Z' } } });
  });

  it('a working-day limit moves by the working days suspended', () => {
    const { case: c } = resume(suspend().case, workingDays);
    // One working day (Friday 6 November) after Wednesday 2 December: Thursday 3 December.
    expect(c.deadlines.handling).toBe('2026-12-03T16:00:00.000Z');
    expect(c.suspensions![0]!.shift).toMatchObject({ days: 1, count: 'working' });
  });

  it('suspended over a public holiday, working days skip the holiday', () => {
    // 30 September to 9 October 2026: 国庆 1–7 October, Saturday 10 October is an adjusted working day (not in the range).
    const c = suspendClock(handled(), { ground: 'appraisal', reason: '委托司法鉴定' }, { at: '2026-09-30T02:00:00.000Z', actor: 'tonglu-office', grounds: GROUNDS }).case;
    const resumed = resumeClock(c, { reason: '鉴定意见已出具' }, { at: '2026-10-09T02:00:00.000Z', actor: 'tonglu-office', settings: workingDays, calendar }).case;
    // Working days suspended: 30 September and 8 October.
    expect(resumed.suspensions![0]!.shift).toMatchObject({ days: 2, count: 'working' });
  });

  it('is refused without a known ground or a reason, twice, or with no running clock', () => {
    expect(() => suspendClock(handled(), { ground: 'weather', reason: '天气' }, { at: SUSPENDED_AT, actor: 'tonglu-office', grounds: GROUNDS })).toThrow(/hearing \(听证\), appraisal \(鉴定\), verification \(调查核实\)/);
    expect(() => suspendClock(handled(), { ground: 'hearing', reason: ' ' }, { at: SUSPENDED_AT, actor: 'tonglu-office', grounds: GROUNDS })).toThrow(RuleViolation);
    expect(() => suspend(suspend().case)).toThrow(/already suspended/);
    expect(() => suspend(handled({ status: 'concluded', deadlines: { reply: '2026-12-02T16:00:00.000Z' } }))).toThrow(InvalidTransition);
    expect(() => resume(handled())).toThrow(/not suspended/);
    expect(() => suspendClock(handled(), { ground: 'hearing', reason: '听证' }, { at: '2026-12-03T02:00:00.000Z', actor: 'tonglu-office', grounds: GROUNDS })).toThrow(/deadline has passed/);
  });

  it('a re-review clock (复核) stops for its hearing, as 条例 第三十六条 says', () => {
    const c = handled({ status: 'underReReview', reviewLevel: 1, deadlines: { reReviewDecision: '2026-12-02T16:00:00.000Z' } });
    const resumed = resume(suspend(c).case).case;
    expect(resumed.deadlines.reReviewDecision).toBe('2026-12-07T16:00:00.000Z');
  });
});

describe('while a clock is suspended', () => {
  it('the sweep sends nothing and the case leaves the due index; after resumption the chase starts on the new deadline', () => {
    const suspended = suspend().case;
    // On the deadline's last working day, well past the 20% reminder: nothing to send.
    expect(planChase(suspended, '2026-12-02T03:00:00.000Z', DEFAULT_CHASE_SETTINGS, calendar, () => true)).toEqual({ changed: false });
    expect(sweepDueAt(suspended)).toBeUndefined();
    const resumed = resume(suspended).case;
    expect(sweepDueAt(resumed)).toBe(resumed.updatedAt);
    const plan = planChase(resumed, '2026-12-03T03:00:00.000Z', DEFAULT_CHASE_SETTINGS, calendar, () => true);
    expect(plan.action).toMatchObject({ kind: 'remind', clock: { deadline: '2026-12-07T16:00:00.000Z' } });
  });

  it('the ledger shows it suspended, not due; statistics count net days', () => {
    expect(ledgerEntryOf(suspend().case)).toMatchObject({ suspended: true });
    expect(ledgerEntryOf(suspend().case).dueAt).toBeUndefined();
    expect(ledgerEntryOf(resume(suspend().case).case)).toMatchObject({ suspendedDays: 3, dueAt: '2026-12-07T16:00:00.000Z' });
  });

  it('past the deadline it stood at, it is shown standing still, never overdue: to staff, on work lists and to the petitioner', () => {
    const suspended = suspend().case;
    const afterDeadline = new Date('2026-12-04T02:00:00.000Z');
    expect(caseWorkClock(suspended, afterDeadline, calendar)).toEqual({ clock: 'handling', deadline: '2026-12-02T16:00:00.000Z', lastDay: '2026-12-02', overdue: false, suspended: true });
    // Not on 已逾期 nor 3个工作日内到期, nor in the digest: no due instant, and the list sorts it last.
    expect(nextDueAt(suspended)).toBeUndefined();
    expect(caseIndexAttributes(suspended).gsi2sk).toBe('9999#330122-2026-000088');
    const view = publicCaseView(suspended, [suspend().event], { office: '桐庐县信访局' }, caseWorkClock(suspended, afterDeadline, calendar));
    expect(view.clock).toEqual({ text: '期限中止计算（原最迟应于 2026年12月2日办结），恢复计算后相应顺延', overdue: false });
    expect(view.steps.map((step) => step.text)).toEqual(['期限中止计算：组织听证，听取劳资双方意见']);
    // Resumed, it runs again from the deadline moved on.
    const resumed = resume(suspended).case;
    expect(caseWorkClock(resumed, afterDeadline, calendar)).toMatchObject({ deadline: '2026-12-07T16:00:00.000Z', overdue: false, workingDaysLeft: 2 });
    expect(nextDueAt(resumed)).toBe('2026-12-07T16:00:00.000Z');
  });

  it('the office offers suspend, then resume; the handling unit offers neither', () => {
    const c = handled();
    expect(allowedActions(office, c, province.tree)).toContain('suspend');
    expect(allowedActions(office, c, province.tree)).not.toContain('resume');
    const suspended = suspend(c).case;
    expect(allowedActions(office, suspended, province.tree)).toEqual(expect.arrayContaining(['resume']));
    expect(allowedActions(office, suspended, province.tree)).not.toContain('suspend');
    expect(allowedActions(unitHead, suspended, province.tree)).not.toContain('resume');
    expect(allowedActions(unitHead, c, province.tree)).not.toContain('suspend');
  });

  it('the matter is not concluded while its hearing stops the clock: the resumption is recorded first', () => {
    const suspended = suspend().case;
    const ctx = { at: '2026-11-07T02:00:00.000Z', actor: 'tonglu-hrss-head', settings: calendarDays, calendar };
    const result = { outcome: 'supported' as const, facts: '经听证查明欠薪属实。', basis: '《劳动合同法》。', decision: '责令限期支付。' };
    expect(allowedActions(unitHead, suspended, province.tree)).not.toContain('conclude');
    expect(() => conclude(suspended, result, ctx)).toThrow('the clock is suspended (中止, 听证) since 2026-11-06: record that it resumes (恢复计时) before deciding the matter');
    const resumed = resume(suspended).case;
    expect(allowedActions(unitHead, resumed, province.tree)).toContain('conclude');
    expect(conclude(resumed, result, { ...ctx, at: RESUMED_AT }).case.status).toBe('concluded');
  });

  it('nor is a review decided while its hearing stops the review clock; a suspension left on another clock does not hold it up', () => {
    const reviews = [{ level: 1 as const, jurisdiction: '330100', requestedAt: '2026-11-01T02:00:00.000Z', requestedBy: 'petitioner', reason: '不服' }];
    const underReview = handled({ status: 'underReview', reviews, deadlines: { reviewDecision: '2026-12-02T16:00:00.000Z' } });
    const ctx = { at: '2026-11-07T02:00:00.000Z', actor: 'hz-office', settings: calendarDays, calendar, followUpAfterDays: 7 };
    const decision = { outcome: 'upheld' as const, summary: '维持原处理意见。', letterId: 'review-decision:1', delivery: 'email' as const };
    expect(() => decideReview(suspend(underReview).case, decision, ctx)).toThrow('the clock is suspended (中止, 听证)');
    const leftOnHandling = { ...underReview, suspensions: [{ clock: 'handling' as const, ground: 'hearing', reason: '听证', suspendedAt: SUSPENDED_AT, suspendedBy: 'tonglu-office' }] };
    expect(decideReview(leftOnHandling, decision, ctx).case.status).toBe('replied');
  });
});
