import { describe, expect, it } from 'vitest';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { withHandoffNotices } from '../../shared/app/handoff/apply-handoff.js';
import { handoffCommandSchema } from '../../shared/app/handoff/commands.js';
import { planHandoff } from '../../shared/app/handoff/plan.js';
import type { NotificationInput } from '../../shared/app/notification.js';
import type { CaseCommit } from '../../shared/app/ports.js';
import type { Case } from '../../shared/domain/case.js';
import { applyCommand } from '../../shared/domain/lifecycle.js';
import { registerPetition } from '../../shared/domain/registration.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

/**
 * 条例 第二十三条: a unit handed a case that is not its own may pass it on
 * (转办) within its 5 working days, as surely as it may return it — an
 * objection either way. The office that handed it the case answers for it
 * (交办 and 督办): it is told where its case went and why, as it is told of a
 * return (【退回】), not left to find it on another unit's list — or gone to
 * another county — at the next 督办.
 */
const province = loadProvinceConfig(DEMO_CONFIG);
const NUMBER = '330122-2026-000311';
const TONGLU = 'xinfang@tonglu.petitions.example';
const CHUNAN = 'xinfang@chunan.petitions.example';

/** A letter about unpaid wages, accepted by 桐庐县信访局 and assigned to 桐庐县人社局 on Monday 7 December 2026. */
function withHrss(): Case {
  const registered = registerPetition(
    {
      jurisdiction: '330122',
      channel: 'letter',
      receivedAt: '2026-12-07T09:00:00+08:00',
      subject: '物业公司拖欠保安工资',
      matter: '小区物业公司拖欠我们保安三个月工资，同时小区楼顶漏水无人维修。',
      petitioner: { anonymous: false, name: '陈志强', email: 'czq1975@163.example' },
    },
    { caseNumber: NUMBER, at: '2026-12-07T09:05:00+08:00', actor: 'tonglu-registrar', timeLimits: province.timeLimitsFor('330122'), calendar: province.calendar, units: [] },
  ).case;
  const accepted = applyCommand(registered, { action: 'accept' }, { at: '2026-12-07T10:00:00+08:00', actor: 'tonglu-office' }).case;
  return handOff(accepted, { id: 'assign-1', action: 'assign', lead: '330122-hrss', by: 'tonglu-office', byJurisdiction: '330122' }, '2026-12-07T10:30:00+08:00').case;
}

function handOff(c: Case, input: Record<string, unknown>, at: string): CaseCommit {
  const command = handoffCommandSchema.parse({ caseNumber: NUMBER, ...input });
  return withHandoffNotices(province, command, planHandoff(c, command, province, at), c, at);
}

const notices = (change: CaseCommit) => (change.outbox ?? []).filter((o) => o.queue === 'notify').map((o) => o.body as NotificationInput);
const mailTo = (change: CaseCommit, address: string) => notices(change).filter((n) => n.to.includes(address));

describe('a unit passing on a case it was handed (转办 within its objection window)', () => {
  it('to another unit of the county: the office that assigned it is told where it went and why', () => {
    const passed = handOff(withHrss(), { id: 'pass-1', action: 'transfer', toJurisdiction: '330122', lead: '330122-housing', by: 'tonglu-hrss-head', byJurisdiction: '330122', reason: '主要是楼顶漏水问题，属住建部门职责' }, '2026-12-08T09:00:00+08:00');
    expect(passed.case.handling?.lead).toBe('330122-housing');
    const told = mailTo(passed, TONGLU);
    expect(told).toHaveLength(1);
    expect(told[0]!.subject).toContain(NUMBER);
    expect(told[0]!.subject).toContain('桐庐县人力资源和社会保障局');
    expect(told[0]!.text).toContain('桐庐县住房和城乡建设局');
    expect(told[0]!.text).toContain('主要是楼顶漏水问题，属住建部门职责');
  });

  it('to a unit of another county: the office that assigned it is told, besides the office that now holds it', () => {
    const passed = handOff(withHrss(), { id: 'pass-2', action: 'transfer', toJurisdiction: '330127', lead: '330127-hrss', by: 'tonglu-hrss-head', byJurisdiction: '330122', reason: '用工单位在淳安县' }, '2026-12-08T09:00:00+08:00');
    expect(passed.case.jurisdiction).toBe('330127');
    expect(mailTo(passed, CHUNAN)).toHaveLength(1);
    const told = mailTo(passed, TONGLU);
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toContain('淳安县人力资源和社会保障局');
    expect(told[0]!.text).toContain('用工单位在淳安县');
  });

  it('the office transferring a case itself is not written to about its own act', () => {
    const moved = handOff(withHrss(), { id: 'move-1', action: 'transfer', toJurisdiction: '330122', lead: '330122-housing', by: 'tonglu-office', byJurisdiction: '330122', reason: '改由住建局办理' }, '2026-12-08T09:00:00+08:00');
    expect(mailTo(moved, TONGLU)).toEqual([]);
  });
});

describe('the 交办 letter to the unit a case was passed on to', () => {
  const HOUSING = province.unit('330122-housing').mailbox;
  const passOn = (c: Case, at = '2026-12-08T09:00:00+08:00') =>
    handOff(c, { id: 'pass-3', action: 'transfer', toJurisdiction: '330122', lead: '330122-housing', by: 'tonglu-hrss-head', byJurisdiction: '330122', reason: '主要是楼顶漏水问题，属住建部门职责' }, at);

  it('says which unit passed it on, and that the office had handed it out, not that the office handed it over', () => {
    const [letter] = mailTo(passOn(withHrss()), HOUSING);
    expect(letter!.text).toContain('桐庐县人力资源和社会保障局将信访事项 330122-2026-000311（主题：物业公司拖欠保安工资）转由你单位办理');
    expect(letter!.text).toContain('该事项原由桐庐县信访局交办');
    expect(letter!.text).not.toContain('桐庐县信访局将信访事项');
    // A return still goes to the office, which must approve a late one.
    expect(letter!.text).toContain('逾期退回须经桐庐县信访局同意');
    expect(letter!.subject).toMatch(/^【转办】/);
    expect(letter!.text).not.toContain('法定期限内前');
  });

  it('an overdue case is not given a day already past to conclude by: it says since when it is overdue and asks for it at once', () => {
    const c = withHrss();
    const overdue: Case = { ...c, deadlines: { ...c.deadlines, handling: '2026-12-07T16:00:00.000Z' } };
    const passed = passOn(overdue, '2026-12-09T09:00:00+08:00');
    expect(passed.case.deadlines.handling).toBe('2026-12-07T16:00:00.000Z');
    const [letter] = mailTo(passed, HOUSING);
    expect(letter!.subject).not.toContain('请在2026年12月7日前办结');
    expect(letter!.subject).toContain('已逾期');
    expect(letter!.text).not.toContain('请在2026年12月7日前办结');
    expect(letter!.text).toContain('办理期限已于2026年12月7日届满');
    expect(letter!.text).toContain('请立即办结');
  });
});
