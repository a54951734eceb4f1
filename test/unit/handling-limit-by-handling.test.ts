import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ConfigError, loadProvinceConfig, parseProvinceConfig } from '../../shared/config/province.js';
import { applyHandoff, withHandoffNotices, type HandoffDeps } from '../../shared/app/handoff/apply-handoff.js';
import { handoffCommandSchema } from '../../shared/app/handoff/commands.js';
import { acceptance } from '../../shared/app/handoff/decisions.js';
import { planHandoff } from '../../shared/app/handoff/plan.js';
import { acknowledgement } from '../../shared/app/intake/letters.js';
import type { CaseCommit } from '../../shared/app/ports.js';
import type { Actor } from '../../shared/domain/access.js';
import type { Case, Channel, Petitioner } from '../../shared/domain/case.js';
import { runningClock } from '../../shared/domain/chase.js';
import { explainedDeadlines } from '../../shared/domain/explain-deadline.js';
import { registerPetition } from '../../shared/domain/registration.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

/**
 * 自办信访件30日内办理完毕；转办、交办信访件90日内办结 (an office's own
 * regulation): 桐庐县 sets byHandling; the limit counts from acceptance
 * whoever has the case, by the period for how it is handled now.
 */
const demo = loadProvinceConfig(DEMO_CONFIG);
const raw = parseYaml(readFileSync(DEMO_CONFIG, 'utf8')) as { jurisdictions: { code: string; byHandling?: unknown }[] };

function provinceWith(byHandling: unknown) {
  const copy = structuredClone(raw);
  copy.jurisdictions.find((j) => j.code === '330122')!.byHandling = byHandling;
  return parseProvinceConfig(copy, 'test configuration', demo.calendar);
}
const province = provinceWith({ selfHandled: { handling: { days: 30 } }, assigned: { handling: { days: 90 } } });

const office: Actor = { staffId: 'tonglu-office', jurisdiction: '330122', roles: ['petitionsOffice'] };
const BY_EMAIL: Petitioner = { anonymous: false, name: '张伟', email: 'zhangwei@163.example' };
const ACCEPTED_AT = '2026-12-07T02:00:00.000Z';

/** A matter received by 桐庐县 on Friday 4 December 2026, accepted on Monday 7 December. */
function petition(channel: Channel = 'letter', petitioner: Petitioner = BY_EMAIL, p = province): Case {
  return registerPetition(
    { jurisdiction: '330122', channel, receivedAt: '2026-12-04T09:00:00+08:00', subject: '小区物业不作为', matter: '小区物业公司长期不履行物业服务合同，垃圾无人清运。', petitioner },
    { caseNumber: '330122-2026-000041', at: '2026-12-04T09:10:00+08:00', actor: 'tonglu-registrar', timeLimits: p.timeLimitsFor('330122'), calendar: p.calendar, units: [] },
  ).case;
}

const assign = (id: string) => handoffCommandSchema.parse({ id, action: 'assign', caseNumber: '330122-2026-000041', lead: '330122-housing', by: 'tonglu-office', byJurisdiction: '330122' });
const takeBack = handoffCommandSchema.parse({ id: 'cmd-back', action: 'return', caseNumber: '330122-2026-000041', by: 'tonglu-office', byJurisdiction: '330122', reason: '事项简单，由本机关自办' });

function handOff(c: Case, command: ReturnType<typeof assign>, at: string, p = province): CaseCommit {
  return withHandoffNotices(p, command, planHandoff(c, command, p, at), c, at);
}
const lastDay = (c: Case) => explainedDeadlines(c).handling!.lastDay;
const mailsTo = (change: CaseCommit, address: string) =>
  (change.outbox ?? []).filter((o) => o.queue === 'notify' && (o.body as { to: string[] }).to.includes(address)).map((o) => o.body as { text: string });

describe('the handling limit by how the case is handled (byHandling)', () => {
  it('a case the office handles itself (自办) has the 自办 limit, and its explanation says so', () => {
    const accepted = acceptance(province, petition(), office, {}, ACCEPTED_AT).case;
    expect(lastDay(accepted)).toBe('2027-01-06');
    expect(explainedDeadlines(accepted).handling!.sentence).toContain('自2026年12月7日（星期一）受理之日起算（当日不计），按本机关规定的自办信访件期限计30日');
  });

  it('a case handed to a unit on acceptance (交办) has the 交办、转办 limit, told to the petitioner with its reason', () => {
    const change = acceptance(province, petition(), office, { thenAssign: assign('cmd-1') }, ACCEPTED_AT);
    expect(lastDay(change.case)).toBe('2027-03-07');
    expect(explainedDeadlines(change.case).handling!.sentence).toContain('按本机关规定的转办、交办信访件期限计90日');
    const [notice] = mailsTo(change, BY_EMAIL.email!);
    expect(notice!.text).toContain('按照本机关规定，信访事项应当自受理之日起90日内办结：办理单位最迟于2027年3月7日办结');
  });

  it('自办, then assigned: the 90 days count from acceptance, not from the assignment, and reminders chase the new date', () => {
    const accepted = acceptance(province, petition(), office, {}, ACCEPTED_AT).case;
    const assigned = handOff(accepted, assign('cmd-2'), '2026-12-10T02:00:00.000Z');
    expect(lastDay(assigned.case)).toBe('2027-03-07');
    expect(assigned.case.deadlines.started?.handling).toBe(ACCEPTED_AT);
    expect(assigned.event.detail).toMatchObject({ handlingDeadline: { from: accepted.deadlines.handling, to: assigned.case.deadlines.handling } });
    expect(runningClock(assigned.case)).toMatchObject({ clock: 'handling', deadline: assigned.case.deadlines.handling, startedAt: ACCEPTED_AT });
    // Not yet told (the notice waited for the unit): the acceptance notice states the 90 days.
    expect(mailsTo(assigned, BY_EMAIL.email!)[0]!.text).toContain('自受理之日起90日内办结');
  });

  it('assigned, then taken back: the shorter 自办 period does not cut the date the petitioner was told', () => {
    const assigned = acceptance(province, petition(), office, { thenAssign: assign('cmd-3') }, ACCEPTED_AT).case;
    expect(assigned.acceptanceTold).toBeDefined();
    const back = handOff(assigned, takeBack, '2026-12-10T02:00:00.000Z');
    expect(back.case).toMatchObject({ status: 'accepted', handling: undefined });
    expect(back.case.deadlines.handling).toBe(assigned.deadlines.handling);
    expect(lastDay(back.case)).toBe('2027-03-07');
    expect(back.event.detail).toMatchObject({ handlingDeadlineKept: { at: assigned.deadlines.handling } });
    expect(explainedDeadlines(back.case).handling!.sentence).toContain(
      '至2027年3月7日（星期日）届满；现由本机关自办，按自办信访件期限计30日应于2027年1月6日（星期三）届满，因已告知信访人上述期满日，期满日不提前',
    );
    // Handed to a unit again: counted as it was, the note gone.
    const again = handOff(back.case, assign('cmd-3b'), '2026-12-11T02:00:00.000Z');
    expect(again.case.deadlines.handling).toBe(assigned.deadlines.handling);
    expect(explainedDeadlines(again.case).handling!.sentence).not.toContain('自办');
  });

  it('assigned, then taken back, nobody told of a date (anonymous): the 自办 period applies from acceptance', () => {
    const anonymous: Petitioner = { anonymous: true };
    const assigned = acceptance(province, petition('letter', anonymous), office, { thenAssign: assign('cmd-4') }, ACCEPTED_AT).case;
    expect(lastDay(assigned)).toBe('2027-03-07');
    const back = handOff(assigned, takeBack, '2026-12-10T02:00:00.000Z');
    expect(lastDay(back.case)).toBe('2027-01-06');
    expect(explainedDeadlines(back.case).handling!.sentence).toContain('按本机关规定的自办信访件期限计30日');
  });

  it('自办 told, then assigned: the longer period applies, and the 转办告知 says the date moved', () => {
    const accepted = acceptance(province, petition(), office, {}, '2026-12-21T03:00:00.000Z');
    // Accepted after the acceptance limit's last morning: told at once that the office handles it itself.
    expect(accepted.case.acceptanceTold).toBeDefined();
    const assigned = handOff(accepted.case, assign('cmd-5'), '2026-12-22T02:00:00.000Z');
    expect(lastDay(accepted.case)).toBe('2027-01-20');
    expect(lastDay(assigned.case)).toBe('2027-03-21');
    expect(mailsTo(assigned, BY_EMAIL.email!)[0]!.text).toContain('办理期限自受理之日起按现办理方式的期限重新计算（原告知的期满日为2027年1月20日）：办理单位最迟于2027年3月21日办结');
  });

  it('byChannel wins over byHandling: a call handled in 7 working days stays so when it is assigned', () => {
    const accepted = acceptance(province, petition('phone'), office, {}, ACCEPTED_AT).case;
    expect(explainedDeadlines(accepted).handling!.explanation.rule).toMatchObject({ days: 7, count: 'working', source: 'channel' });
    const assigned = handOff(accepted, assign('cmd-6'), '2026-12-08T02:00:00.000Z');
    expect(assigned.case.deadlines.handling).toBe(accepted.deadlines.handling);
    expect(assigned.event.detail).not.toHaveProperty('handlingDeadline');
  });

  it('without byHandling the clock runs on as before when the case is assigned or taken back', () => {
    const accepted = acceptance(demo, petition('letter', BY_EMAIL, demo), office, {}, ACCEPTED_AT).case;
    expect(lastDay(accepted)).toBe('2027-02-09');
    const assigned = handOff(accepted, assign('cmd-7'), '2026-12-08T02:00:00.000Z', demo);
    const back = handOff(assigned.case, takeBack, '2026-12-09T02:00:00.000Z', demo);
    expect([assigned.case.deadlines.handling, back.case.deadlines.handling]).toEqual([accepted.deadlines.handling, accepted.deadlines.handling]);
  });
});

describe('the acknowledgement of an email, before anyone knows who will handle it', () => {
  it('states both the 自办 and the 交办 limit, as the office’s own rule', () => {
    const text = acknowledgement(province, petition('email'))!.text;
    expect(text).toContain('受理后，按照本机关规定，一般在30日（由本机关自办的）或90日（转办、交办的）内办结');
  });

  it('states one limit where the office sets none by handling', () => {
    const text = acknowledgement(demo, petition('email', BY_EMAIL, demo))!.text;
    expect(text).toContain('受理后，一般在60日内办结');
  });
});

describe('the handoff function applying a queued assignment', () => {
  it('stores the case with the 交办 deadline and records the move; a second delivery changes nothing', async () => {
    let current = acceptance(province, petition(), office, {}, ACCEPTED_AT).case;
    const commits: CaseCommit[] = [];
    const outcomes = new Map<string, string>();
    const store: HandoffDeps['store'] = {
      get: async () => ({ case: current, events: [], messages: [] }),
      getCaseRecord: async () => current,
      commit: async (change: CaseCommit) => {
        if (change.idempotencyKey && outcomes.has(change.idempotencyKey)) return 'duplicate' as const;
        commits.push(change);
        if (change.idempotencyKey) outcomes.set(change.idempotencyKey, change.outcome ?? 'applied');
        current = change.case;
        return 'committed' as const;
      },
      findIdempotencyRecord: async (key: string) => (outcomes.has(key) ? { outcome: outcomes.get(key)! } : undefined),
      recordOutcome: async (key: string, outcome: string) => void outcomes.set(key, outcome),
    };
    const deps = { store, province, clock: { now: () => new Date('2026-12-10T02:00:00.000Z') } };
    const before = current.deadlines.handling;
    expect(await applyHandoff(deps, assign('cmd-q1'))).toMatchObject({ outcome: 'applied', status: 'assigned' });
    expect(lastDay(current)).toBe('2027-03-07');
    expect(commits[0]!.event.detail).toMatchObject({ handlingDeadline: { from: before, to: current.deadlines.handling } });
    expect(await applyHandoff(deps, assign('cmd-q1'))).toMatchObject({ outcome: 'duplicate' });
    expect(commits).toHaveLength(1);
  });
});

describe('byHandling in the configuration', () => {
  const problems = (byHandling: unknown) => {
    try {
      provinceWith(byHandling);
    } catch (error) {
      if (error instanceof ConfigError) return error.message;
      throw error;
    }
    return 'accepted';
  };

  it('names a misspelt handling mode and the ones it takes', () => {
    expect(problems({ selfHandeld: { handling: { days: 30 } } })).toMatch(/jurisdictions\[\d+\]\.byHandling: unknown selfHandeld: byHandling takes selfHandled \(自办\) and assigned \(交办、转办\)/);
  });

  it('refuses a clock other than handling', () => {
    expect(problems({ assigned: { reply: { days: 3 } } })).toMatch(/jurisdictions\[\d+\]\.byHandling\.assigned: only handling \(the limit to conclude\) can be set here, not reply/);
  });
});
