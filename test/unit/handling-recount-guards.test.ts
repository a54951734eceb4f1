import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadProvinceConfig, parseProvinceConfig } from '../../shared/config/province.js';
import { withHandoffNotices } from '../../shared/app/handoff/apply-handoff.js';
import { handoffCommandSchema } from '../../shared/app/handoff/commands.js';
import { acceptance } from '../../shared/app/handoff/decisions.js';
import { planHandoff } from '../../shared/app/handoff/plan.js';
import { answerFollowUp as answerFollowUpBy, type ClosingDeps } from '../../shared/app/closing/closing.js';
import { conclude, reply } from '../../shared/domain/closing.js';
import type { CaseCommit } from '../../shared/app/ports.js';
import type { Actor } from '../../shared/domain/access.js';
import type { Case, Petitioner } from '../../shared/domain/case.js';
import { DEFAULT_CHASE_SETTINGS, planChase, type ChaseSettings } from '../../shared/domain/chase.js';
import { explainedDeadlines } from '../../shared/domain/explain-deadline.js';
import { registerPetition } from '../../shared/domain/registration.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

/**
 * What a handoff's recount by byHandling (自办30日 / 交办、转办90日) must not
 * do: move the deadline of a case counted before offices could set it, or of
 * a case already overdue (逾期).
 */
const demo = loadProvinceConfig(DEMO_CONFIG);
const raw = parseYaml(readFileSync(DEMO_CONFIG, 'utf8')) as { jurisdictions: { code: string; byHandling?: unknown }[] };
const copy = structuredClone(raw);
copy.jurisdictions.find((j) => j.code === '330122')!.byHandling = { selfHandled: { handling: { days: 30 } }, assigned: { handling: { days: 90 } } };
const province = parseProvinceConfig(copy, 'test configuration', demo.calendar);

const office: Actor = { staffId: 'tonglu-office', jurisdiction: '330122', roles: ['petitionsOffice'] };
const ANONYMOUS: Petitioner = { anonymous: true };
const ACCEPTED_AT = '2026-12-07T02:00:00.000Z';

function petition(p = province): Case {
  return registerPetition(
    { jurisdiction: '330122', channel: 'letter', receivedAt: '2026-12-04T09:00:00+08:00', subject: '小区物业不作为', matter: '小区物业公司长期不履行物业服务合同，垃圾无人清运。', petitioner: ANONYMOUS },
    { caseNumber: '330122-2026-000042', at: '2026-12-04T09:10:00+08:00', actor: 'tonglu-registrar', timeLimits: p.timeLimitsFor('330122'), calendar: p.calendar, units: [] },
  ).case;
}
const assign = (id: string) => handoffCommandSchema.parse({ id, action: 'assign', caseNumber: '330122-2026-000042', lead: '330122-housing', by: 'tonglu-office', byJurisdiction: '330122' });
const takeBack = handoffCommandSchema.parse({ id: 'cmd-back', action: 'return', caseNumber: '330122-2026-000042', by: 'tonglu-office', byJurisdiction: '330122', reason: '事项简单，由本机关自办' });
function handOff(c: Case, command: ReturnType<typeof assign>, at: string): CaseCommit {
  return withHandoffNotices(province, command, planHandoff(c, command, province, at), c, at);
}
const chase: ChaseSettings = { ...DEFAULT_CHASE_SETTINGS, intervalHours: 24 };

describe('a handoff does not recount a deadline it must leave alone', () => {
  it('a case accepted before offices set 自办 / 交办 limits keeps its 60 days when it is assigned', () => {
    // Accepted with the regulation's 60 days, stored without the byHandling mark (as every case accepted before it).
    const accepted = acceptance(demo, petition(demo), office, {}, ACCEPTED_AT).case;
    const { byHandling: _mark, ...legacy } = accepted.deadlines.explanations!.handling!;
    const before: Case = { ...accepted, deadlines: { ...accepted.deadlines, explanations: { ...accepted.deadlines.explanations, handling: legacy } } };
    expect(explainedDeadlines(before).handling!.lastDay).toBe('2027-02-09');
    const assigned = handOff(before, assign('cmd-l1'), '2026-12-10T02:00:00.000Z');
    expect(assigned.case.deadlines.handling).toBe(before.deadlines.handling);
    expect(assigned.event.detail).not.toHaveProperty('handlingDeadline');
    const back = handOff(assigned.case, takeBack, '2026-12-11T02:00:00.000Z');
    expect(back.case.deadlines.handling).toBe(before.deadlines.handling);
  });

  it('an overdue 自办 case handed to a unit stays overdue: the 90 days do not make it on time, and the 督办 ladder goes on', () => {
    const accepted = acceptance(province, petition(), office, {}, ACCEPTED_AT).case;
    expect(explainedDeadlines(accepted).handling!.lastDay).toBe('2027-01-06');
    // Overdue since 7 January; the sweep has pressed the handling official and the unit head.
    const chased = planChase({ ...accepted, status: 'accepted' }, '2027-01-07T02:00:00.000Z', chase, province.calendar, () => true);
    const overdue: Case = { ...accepted, chase: { ...chased.state!, escalated: ['handlingOfficial', 'unitHead'] } };
    const assigned = handOff(overdue, assign('cmd-o1'), '2027-01-20T02:00:00.000Z');
    expect(assigned.case.deadlines.handling).toBe(accepted.deadlines.handling);
    expect(assigned.case.chase).toMatchObject({ deadline: accepted.deadlines.handling, escalated: ['handlingOfficial', 'unitHead'] });
    // The next step is the office, not the handling official again.
    const next = planChase(assigned.case, '2027-01-25T02:00:00.000Z', chase, province.calendar, () => true);
    expect(next.action).toMatchObject({ kind: 'escalate', step: 'petitionsOffice' });
    expect(assigned.event.detail).toMatchObject({ handlingDeadlineOverdueKept: { overdue: accepted.deadlines.handling } });
    expect(explainedDeadlines(assigned.case).handling!.sentence).toContain('期满时尚未办结，已逾期，后交由承办单位办理，期满日不再按90日重新计算');
    // Taken back to be handled as it was counted: the note about the unit goes, the overdue deadline stays.
    const back = handOff(assigned.case, takeBack, '2027-01-26T02:00:00.000Z');
    expect(back.case.deadlines.handling).toBe(accepted.deadlines.handling);
    expect(explainedDeadlines(back.case).handling!.sentence).not.toContain('后交由承办单位办理');
  });

  it('an overdue assigned case taken back keeps its deadline: the shorter 自办 period does not restart its 督办', () => {
    const assigned = acceptance(province, petition(), office, { thenAssign: assign('cmd-o2') }, ACCEPTED_AT).case;
    expect(explainedDeadlines(assigned).handling!.lastDay).toBe('2027-03-07');
    const back = handOff(assigned, takeBack, '2027-03-20T02:00:00.000Z');
    expect(back.case.deadlines.handling).toBe(assigned.deadlines.handling);
  });
});

describe('a case handed to another office (转办, 交办 to its list, no unit named)', () => {
  it('is a 转办 case of the office that handed it on: 桐庐县’s 90 days from acceptance, not 淳安县’s own limit', () => {
    const accepted = acceptance(province, petition(), office, {}, ACCEPTED_AT).case;
    const across = handoffCommandSchema.parse({ id: 'cmd-t1', action: 'transfer', caseNumber: '330122-2026-000042', toJurisdiction: '330127', by: 'tonglu-office', byJurisdiction: '330122', reason: '事发地在淳安县' });
    const moved = handOff(accepted, across as ReturnType<typeof assign>, '2026-12-10T02:00:00.000Z');
    expect(moved.case).toMatchObject({ jurisdiction: '330127', handling: undefined });
    expect(explainedDeadlines(moved.case).handling!.lastDay).toBe('2027-03-07');
    expect(explainedDeadlines(moved.case).handling!.sentence).toContain('按本机关规定的转办、交办信访件期限计90日');
  });
});

describe('a superior’s 交办 handled again (回访不满意)', () => {
  const both = structuredClone(raw);
  both.jurisdictions.find((j) => j.code === '330100')!.byHandling = { assigned: { handling: { days: 90 } } };
  both.jurisdictions.find((j) => j.code === '330122')!.byHandling = { selfHandled: { handling: { days: 30 } }, assigned: { handling: { days: 45 } } };
  const twoLevels = parseProvinceConfig(both, 'test configuration', demo.calendar);

  it('counts the new handling period by the limit of the office that handed it down, as its first one was', async () => {
    const settings = twoLevels.timeLimitsFor('330122');
    const ctx = (at: string, actor = 'tonglu-housing-handler') => ({ at, actor, settings, calendar: twoLevels.calendar, followUpAfterDays: 7 });
    const handedDown: Case = {
      ...petition(twoLevels),
      status: 'inProgress',
      assignedBy: { staffId: 'hz-office', jurisdiction: '330100' },
      handling: { lead: '330122-housing', cooperating: [] },
      petitioner: { anonymous: false, name: '张伟', email: 'zhangwei@163.example' },
    };
    const concluded = conclude(handedDown, { facts: '查明物业公司未按合同清运垃圾。', basis: '《物业管理条例》。', decision: '责令限期整改。', outcome: 'supported' }, ctx('2027-01-04T02:00:00.000Z')).case;
    let current = reply(concluded, { letterId: 'decision:1', delivery: 'email' }, ctx('2027-01-05T02:00:00.000Z')).case;
    const store = {
      get: async () => ({ case: current, events: [], messages: [] }),
      getCaseRecord: async () => current,
      commit: async (change: CaseCommit) => {
        current = change.case;
        return 'committed' as const;
      },
      findIdempotencyRecord: async () => undefined,
      recordOutcome: async () => undefined,
    } as unknown as ClosingDeps['store'];
    const deps = { store, province: twoLevels, clock: { now: () => new Date('2027-01-15T02:00:00.000Z') } } as unknown as ClosingDeps;
    await answerFollowUpBy(deps, current.caseNumber, { system: 'test' }, { satisfied: false, via: 'staff', comment: '垃圾仍未清运' });
    expect(current.status).toBe('inProgress');
    // 杭州市’s 90 days for what it hands down, from the reopening on 15 January — not 桐庐县’s 45.
    expect(explainedDeadlines(current).handling!.explanation.rule).toMatchObject({ days: 90, source: 'handling', sourceKey: 'assigned' });
    expect(explainedDeadlines(current).handling!.lastDay).toBe('2027-04-15');
  });
});

describe('a shorter period already run out when the case changes hands', () => {
  it('an anonymous assigned case taken back after its 自办 30 days have gone keeps its date: taking it back does not make it overdue', () => {
    const assigned = acceptance(province, petition(), office, { thenAssign: assign('cmd-p1') }, ACCEPTED_AT).case;
    expect(explainedDeadlines(assigned).handling!.lastDay).toBe('2027-03-07');
    const back = handOff(assigned, takeBack, '2027-01-20T02:00:00.000Z');
    expect(back.case.deadlines.handling).toBe(assigned.deadlines.handling);
    expect(explainedDeadlines(back.case).handling!.sentence).toContain('现由本机关自办，按自办信访件期限计30日应于2027年1月6日（星期三）届满，改变办理方式时该日已过，期满日不提前');
  });
});

describe('a clock standing still (中止) past its deadline’s day', () => {
  it('is not overdue: handed to a unit, it takes the 90 days from acceptance', () => {
    const accepted = acceptance(province, petition(), office, {}, ACCEPTED_AT).case;
    // Suspended on 28 December for an appraisal, before the 自办 deadline of 6 January; still suspended on the 20th.
    const suspended: Case = {
      ...accepted,
      suspensions: [{ clock: 'handling', ground: 'appraisal', reason: '房屋质量鉴定', suspendedAt: '2026-12-28T02:00:00.000Z', suspendedBy: 'tonglu-office' }],
    };
    const assigned = handOff(suspended, assign('cmd-s1'), '2027-01-20T02:00:00.000Z');
    expect(explainedDeadlines(assigned.case).handling!.explanation.rule).toMatchObject({ days: 90, sourceKey: 'assigned' });
    expect(assigned.event.detail).not.toHaveProperty('handlingDeadlineOverdueKept');
  });
});
