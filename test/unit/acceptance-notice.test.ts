import { describe, expect, it } from 'vitest';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { concludeCase } from '../../shared/app/closing/closing.js';
import { withHandoffNotices } from '../../shared/app/handoff/apply-handoff.js';
import { acceptance } from '../../shared/app/handoff/decisions.js';
import { handoffCommandSchema } from '../../shared/app/handoff/commands.js';
import { planHandoff } from '../../shared/app/handoff/plan.js';
import { extensionNotice } from '../../shared/app/handoff/notices.js';
import { chaseMail } from '../../shared/app/sweep/chase-mail.js';
import type { CaseCommit } from '../../shared/app/ports.js';
import { assertMayDecide, type Actor } from '../../shared/domain/access.js';
import { OutOfScope } from '../../shared/domain/errors.js';
import type { Case, Petitioner } from '../../shared/domain/case.js';
import { runningClock, sweepDueAt } from '../../shared/domain/chase.js';
import { allowedActions } from '../../shared/domain/allowed-actions.js';
import { registerPetition } from '../../shared/domain/registration.js';
import { tellAcceptanceAtLimit } from '../../shared/domain/acceptance-notice.js';
import { reinstate } from '../../shared/domain/reinstatement.js';
import { decideExtension, requestExtension } from '../../shared/domain/extension.js';
import { withdraw } from '../../shared/domain/withdrawal.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

/**
 * 受理告知 (条例 第二十二、二十三条) when the office accepts a case without naming
 * its unit: the notice waits for the unit it names, but never past the
 * acceptance limit, and comes before the answer of a case the office handles itself.
 */
const province = loadProvinceConfig(DEMO_CONFIG);
const office: Actor = { staffId: 'tonglu-office', jurisdiction: '330122', roles: ['petitionsOffice'] };
const BY_EMAIL: Petitioner = { anonymous: false, name: '张伟', email: 'zhangwei@163.example' };

/** A letter to 桐庐县 received on Friday 4 December 2026: its 15 days run to the end of Saturday 19 December, a rest day, so to Monday 21 December. */
function letter(petitioner: Petitioner = BY_EMAIL): Case {
  return registerPetition(
    { jurisdiction: '330122', channel: 'letter', receivedAt: '2026-12-04T09:00:00+08:00', subject: '小区物业不作为', matter: '小区物业公司长期不履行物业服务合同，垃圾无人清运。', petitioner },
    { caseNumber: '330122-2026-000041', at: '2026-12-04T09:10:00+08:00', actor: 'tonglu-registrar', timeLimits: province.timeLimitsFor('330122'), calendar: province.calendar, units: [] },
  ).case;
}

const mailsTo = (change: CaseCommit, address: string) =>
  (change.outbox ?? []).filter((o) => o.queue === 'notify' && (o.body as { to: string[] }).to.includes(address)).map((o) => o.body as { id: string; text: string });

describe('受理告知 for a case accepted without a unit', () => {
  it('waits for the unit, then names it, once', () => {
    const registered = letter();
    expect(registered.deadlines.acceptance).toBe('2026-12-21T16:00:00.000Z');
    const accepted = acceptance(province, registered, office, {}, '2026-12-07T02:00:00.000Z');
    expect(mailsTo(accepted, BY_EMAIL.email!)).toEqual([]);
    // Owed until 09:00 on the limit's last day; the sweep looks at the case then, if not before.
    expect(accepted.case.acceptanceNoticeDue).toBe('2026-12-21T01:00:00.000Z');
    expect(sweepDueAt(accepted.case)! <= '2026-12-21T01:00:00.000Z').toBe(true);

    const command = handoffCommandSchema.parse({ id: 'cmd-7', action: 'assign', caseNumber: registered.caseNumber, lead: '330122-housing', by: 'tonglu-office', byJurisdiction: '330122' });
    const handed = planHandoff(accepted.case, command, province, '2026-12-08T02:00:00.000Z');
    const assigned = withHandoffNotices(province, command, handed, accepted.case, '2026-12-08T02:00:00.000Z');
    const [notice] = mailsTo(assigned, BY_EMAIL.email!);
    expect(notice!.id).toBe('accepted:330122-2026-000041');
    // Why this body handles it (属地管理; the unit's duties) and the limit from acceptance, with its article.
    expect(notice!.text).toContain('经审查，属于桐庐县有关机关职权范围内的事项（属地管理、分级负责），桐庐县信访局决定予以受理，已交由桐庐县住房和城乡建设局办理（该事项属其职责范围）。');
    expect(notice!.text).toContain('依照《信访工作条例》第三十四条，信访事项应当自受理之日起60日内办结：办理单位最迟于2027年2月9日办结');
    expect(assigned.case).not.toHaveProperty('acceptanceNoticeDue');
  });

  it('an office’s own handling limit is said as its own rule, never as the regulation’s 60 days', () => {
    const chunan = registerPetition(
      { jurisdiction: '330127', channel: 'letter', receivedAt: '2026-12-04T09:00:00+08:00', subject: '民宿押金不退', matter: '千岛湖镇一民宿押金2000元拒不退还。', petitioner: BY_EMAIL },
      { caseNumber: '330127-2026-000008', at: '2026-12-04T09:10:00+08:00', actor: 'chunan-registrar', timeLimits: province.timeLimitsFor('330127'), calendar: province.calendar, units: [] },
    ).case;
    const chunanOffice: Actor = { staffId: 'chunan-office', jurisdiction: '330127', roles: ['petitionsOffice'] };
    const assign = { id: 'cmd-c1', action: 'assign' as const, caseNumber: chunan.caseNumber, lead: '330127-housing', cooperating: [], by: 'chunan-office', byJurisdiction: '330127' };
    const [notice] = mailsTo(acceptance(province, chunan, chunanOffice, { thenAssign: assign }, '2026-12-07T02:00:00.000Z'), BY_EMAIL.email!);
    expect(notice!.text).toContain('属于淳安县有关机关职权范围内的事项（属地管理、分级负责），淳安县信访局决定予以受理，已交由淳安县住房和城乡建设局办理（该事项属其职责范围）。');
    expect(notice!.text).toContain('按照本机关规定，信访事项应当自受理之日起30日内办结：办理单位最迟于2027年1月6日办结');
    expect(notice!.text).not.toContain('第三十四条');
  });

  it('names the county whose limit it is when the city tells it after a transfer, never calling 淳安’s 30 days its own', () => {
    const chunan = registerPetition(
      { jurisdiction: '330127', channel: 'letter', receivedAt: '2026-12-07T09:00:00+08:00', subject: '高铁征迁补偿标准', matter: '补偿标准由杭州市统一制定，县里答复无权调整，请求市里研究解决。', petitioner: BY_EMAIL },
      { caseNumber: '330127-2026-000009', at: '2026-12-07T09:10:00+08:00', actor: 'chunan-registrar', timeLimits: province.timeLimitsFor('330127'), calendar: province.calendar, units: [] },
    ).case;
    const chunanOffice: Actor = { staffId: 'chunan-office', jurisdiction: '330127', roles: ['petitionsOffice'] };
    const accepted = acceptance(province, chunan, chunanOffice, {}, '2026-12-07T02:00:00.000Z').case;
    const step = (before: Case, raw: Record<string, unknown>, at: string) => {
      const command = handoffCommandSchema.parse({ caseNumber: before.caseNumber, ...raw });
      return withHandoffNotices(province, command, planHandoff(before, command, province, at), before, at);
    };
    const transferred = step(accepted, { id: 'cmd-t1', action: 'transfer', toJurisdiction: '330100', reason: '补偿标准属市级职权', by: 'chunan-office', byJurisdiction: '330127' }, '2026-12-07T02:05:00.000Z');
    const assigned = step(transferred.case, { id: 'cmd-t2', action: 'assign', lead: '330100-housing', by: 'hz-office', byJurisdiction: '330100' }, '2026-12-07T03:00:00.000Z');
    const [notice] = mailsTo(assigned, BY_EMAIL.email!);
    // 淳安县信访局 accepted it; 杭州市信访局, holding it now, signs the letter and names its unit.
    // 淳安 did not hand it to a city bureau (交由): it went up by a transfer, and the letter says so.
    expect(notice!.text).toContain('淳安县信访局决定予以受理，现转由杭州市住房保障和房产管理局办理（该事项属其职责范围）');
    expect(notice!.text).not.toContain('已交由杭州市');
    expect(notice!.text).not.toContain('杭州市信访局决定予以受理');
    expect(notice!.text.trimEnd().endsWith('杭州市信访局')).toBe(true);
    // The 30 days are 淳安县's, who accepted it; 杭州市信访局, which signs the letter, keeps the regulation's 60.
    expect(notice!.text).not.toContain('按照本机关规定');
    expect(notice!.text).toContain('按照淳安县规定，信访事项应当自受理之日起30日内办结：办理单位最迟于2027年1月6日办结');
    expect(notice!.text).toContain('按淳安县规定的期限计30日');

    // Every later letter 杭州市信访局 signs says the same of the same limit: the 延期 notice, the 催办 to its unit.
    const requested = requestExtension(assigned.case, { days: 15, reason: '需市财政局会同测算补偿标准' }, { at: '2026-12-28T02:00:00.000Z', actor: 'hz-housing-handler', calendar: province.calendar, rules: province.extensionRulesFor('330100') }).case;
    const extended = decideExtension(requested, { approve: true }, { at: '2026-12-29T02:00:00.000Z', actor: 'hz-leader-petitions', calendar: province.calendar }).case;
    const extensionLetter = extensionNotice(province, extended, '2026-12-29T02:00:00.000Z').mail!;
    expect(extensionLetter.fromName).toBe('杭州市信访局');
    expect(extensionLetter.text).toContain('按淳安县规定的期限计30日');
    expect(extensionLetter.text).not.toContain('本地规定');
    const reminder = chaseMail(province, assigned.case, { kind: 'remind', reminder: 'remaining:0.2', at: '2027-01-04T01:00:00.000Z', clock: runningClock(assigned.case)! }, '2027-01-04T01:00:00.000Z').mail;
    expect(reminder.text).toContain('按淳安县规定的期限计30日');
    expect(reminder.text).not.toContain('本地规定');
  });

  it('an office above that accepts a county’s case says it decided, not the county it hands the case down to', () => {
    // 杭州市信访局 accepts 桐庐's case itself and hands it down (交办) to 桐庐's unit: the decision is the city's.
    const cityOffice: Actor = { staffId: 'hz-office', jurisdiction: '330100', roles: ['petitionsOffice'] };
    const assign = { id: 'cmd-h1', action: 'assign' as const, caseNumber: '330122-2026-000041', lead: '330122-housing', cooperating: [], by: 'hz-office', byJurisdiction: '330100' };
    const handedDown = acceptance(province, letter(), cityOffice, { thenAssign: assign }, '2026-12-07T02:00:00.000Z');
    expect(handedDown.case.acceptedIn).toBe('330100');
    const [notice] = mailsTo(handedDown, BY_EMAIL.email!);
    expect(notice!.text).toContain('属于桐庐县有关机关职权范围内的事项（属地管理、分级负责），杭州市信访局决定予以受理，已交由桐庐县住房和城乡建设局办理');
    expect(notice!.text).not.toContain('桐庐县信访局决定予以受理');

    // Accepted by the city with no unit named, the notice told by 桐庐 when 桐庐 names one still says whose decision it was.
    const accepted = acceptance(province, letter(), cityOffice, {}, '2026-12-07T02:00:00.000Z').case;
    const command = handoffCommandSchema.parse({ id: 'cmd-h2', action: 'assign', caseNumber: '330122-2026-000041', lead: '330122-housing', by: 'tonglu-office', byJurisdiction: '330122' });
    const [told] = mailsTo(withHandoffNotices(province, command, planHandoff(accepted, command, province, '2026-12-08T02:00:00.000Z'), accepted, '2026-12-08T02:00:00.000Z'), BY_EMAIL.email!);
    expect(told!.text).toContain('杭州市信访局决定予以受理，已交由桐庐县住房和城乡建设局办理');
    expect(told!.text.trimEnd().endsWith('桐庐县信访局')).toBe(true);
  });

  it('goes at once, in the office’s name, when the case is accepted after the limit’s last morning', () => {
    const late = acceptance(province, letter(), office, {}, '2026-12-21T03:00:00.000Z');
    const [notice] = mailsTo(late, BY_EMAIL.email!);
    expect(notice!.text).toContain('属于桐庐县有关机关职权范围内的事项（属地管理、分级负责），桐庐县信访局决定予以受理，由桐庐县信访局办理。');
    expect(late.case).not.toHaveProperty('acceptanceNoticeDue');
  });

  it('is not sent to a petitioner who withdrew the matter while it was owed, and is owed again if the case is taken up again', () => {
    const accepted = acceptance(province, letter(), office, {}, '2026-12-07T02:00:00.000Z').case;
    expect(sweepDueAt(accepted)).toBeDefined();
    const withdrawn = withdraw(accepted, { how: 'phone', note: '问题已解决' }, { at: '2026-12-08T02:00:00.000Z', actor: 'tonglu-office' }).case;
    expect(tellAcceptanceAtLimit(withdrawn, '2026-12-21T03:00:00.000Z', 'system:sweep')).toBeUndefined();
    expect(sweepDueAt(withdrawn)).toBeUndefined();
    const back = reinstate(withdrawn, '信访人称撤回并非本人意愿', { at: '2026-12-09T02:00:00.000Z', actor: 'tonglu-office', settings: province.timeLimitsFor('330122'), calendar: province.calendar }).case;
    expect(tellAcceptanceAtLimit(back, '2026-12-21T03:00:00.000Z', 'system:sweep')).toBeDefined();
  });

  it('is not owed when the unit is named in the same decision', () => {
    const change = acceptance(province, letter(), office, { thenAssign: { id: 'cmd-8', action: 'assign', caseNumber: '330122-2026-000041', lead: '330122-housing', cooperating: [], by: 'tonglu-office', byJurisdiction: '330122' } }, '2026-12-07T02:00:00.000Z');
    expect(change.case).not.toHaveProperty('acceptanceNoticeDue');
    expect(mailsTo(change, BY_EMAIL.email!)).toHaveLength(1);
  });

  it('goes before the answer when the office concludes the matter itself (自办)', async () => {
    const accepted = acceptance(province, letter(), office, {}, '2026-12-07T02:00:00.000Z').case;
    const commits: CaseCommit[] = [];
    const store = {
      get: async () => ({ case: accepted, events: [], messages: [] }),
      getCaseRecord: async () => accepted,
      commit: async (change: CaseCommit) => (commits.push(change), 'committed' as const),
    };
    const concluded = await concludeCase({ store, province, clock: { now: () => new Date('2026-12-09T02:00:00.000Z') } }, accepted.caseNumber, office, {
      facts: '经查，物业公司已恢复垃圾清运。',
      basis: '《物业管理条例》',
      decision: '责成物业公司按合同提供服务。',
      outcome: 'supported',
    });
    expect(concluded).toMatchObject({ status: 'concluded' });
    expect(concluded).not.toHaveProperty('acceptanceNoticeDue');
    const [notice] = mailsTo(commits[0]!, BY_EMAIL.email!);
    expect(notice!.text).toContain('决定予以受理，由桐庐县信访局办理。');
  });

  it('once told, a move to another unit or office is told as a 转办告知, the deadline unchanged', () => {
    const assign = handoffCommandSchema.parse({ id: 'cmd-9', action: 'assign', caseNumber: '330122-2026-000041', lead: '330122-housing', by: 'tonglu-office', byJurisdiction: '330122' });
    const accepted = acceptance(province, letter(), office, { thenAssign: assign }, '2026-12-07T02:00:00.000Z');
    expect(accepted.case.acceptanceTold).toEqual({ at: '2026-12-07T02:00:00.000Z', holder: '330122-housing' });

    const transfer = handoffCommandSchema.parse({ id: 'cmd-10', action: 'transfer', caseNumber: '330122-2026-000041', toJurisdiction: '330122', lead: '330122-hrss', by: 'tonglu-office', byJurisdiction: '330122', reason: '属劳动保障监察职责' });
    const moved = withHandoffNotices(province, transfer, planHandoff(accepted.case, transfer, province, '2026-12-09T02:00:00.000Z'), accepted.case, '2026-12-09T02:00:00.000Z');
    const [notice] = mailsTo(moved, BY_EMAIL.email!);
    expect(notice!.id).toBe('transferred:330122-2026-000041:cmd-10');
    expect(notice!.text).toContain('已受理，现转由桐庐县人力资源和社会保障局办理。');
    expect(notice!.text).toContain(`办理期限不变：办理单位最迟于2027年2月9日办结`);
    expect(moved.case.acceptanceTold).toEqual({ at: '2026-12-07T02:00:00.000Z', holder: '330122-hrss' });
  });

  it('a case not yet accepted is forwarded (转送) to the office whose matter it is, which decides; the petitioner is told where it went', () => {
    const registered = { ...letter(), triage: { since: '2026-12-04T01:10:00.000Z', reasons: ['事项涉及淳安县'] } };
    const forward = handoffCommandSchema.parse({ id: 'cmd-14', action: 'transfer', caseNumber: registered.caseNumber, toJurisdiction: '330127', by: 'tonglu-office', byJurisdiction: '330122', reason: '事发地在淳安县千岛湖镇' });
    const planned = planHandoff(registered, forward, province, '2026-12-07T02:00:00.000Z');
    // 淳安 decides within its own 15 days from the day it receives it (7 December), not what was left of 桐庐's.
    expect(registered.deadlines.acceptance).toBe('2026-12-21T16:00:00.000Z');
    expect(planned.case).toMatchObject({ status: 'registered', jurisdiction: '330127', deadlines: { acceptance: '2026-12-22T16:00:00.000Z', started: { acceptance: '2026-12-07T02:00:00.000Z' } } });
    expect(planned.case.triage).toMatchObject({ reasons: ['桐庐县信访局转送：事发地在淳安县千岛湖镇'] });
    expect(planned.event).toMatchObject({ type: 'transferred', from: 'registered', to: 'registered', detail: { forwarded: true, fromJurisdiction: '330122', toJurisdiction: '330127' } });

    const change = withHandoffNotices(province, forward, planned, registered, '2026-12-07T02:00:00.000Z');
    // On 淳安's triage list for its staff, not to its router (which could hand it back by the petitioner's 桐庐 address).
    expect(change.outbox!.filter((o) => o.queue === 'routing')).toEqual([]);
    const [toOffice] = mailsTo(change, province.jurisdiction('330127').office.mailbox);
    expect(toOffice!.text).toContain('桐庐县信访局将信访事项 330122-2026-000041（主题：小区物业不作为）转送你单位，请依法决定是否受理，于2026年12月22日前书面告知信访人。');
    const [told] = mailsTo(change, BY_EMAIL.email!);
    expect(told!.id).toBe('forwarded:330122-2026-000041:cmd-14');
    expect(told!.text).toContain('应由淳安县信访局处理。桐庐县信访局已将该事项转送淳安县信访局，由其依法决定是否受理并书面告知您（最迟于2026年12月22日作出决定）。');
    expect(told!.text).not.toContain('已受理');

    // 首问责任制: whoever took it on here owned it until it was handed over; 淳安 takes it on afresh, 桐庐 may not any more.
    const owned = planHandoff({ ...registered, owner: 'tonglu-registrar' }, forward, province, '2026-12-07T02:00:00.000Z');
    expect(owned.case.owner).toBeUndefined();
    const tongluDesk = { staffId: 'tonglu-registrar', jurisdiction: '330122', roles: ['registrar' as const] };
    expect(() => assertMayDecide(tongluDesk, 'claim', registered, province.tree)).not.toThrow();
    expect(() => assertMayDecide(tongluDesk, 'claim', owned.case, province.tree)).toThrow(OutOfScope);
    expect(() => assertMayDecide({ staffId: 'chunan-office', jurisdiction: '330127', roles: ['petitionsOffice'] }, 'claim', owned.case, province.tree)).not.toThrow();

    // The office there decides which unit: none is named with a 转送, nor is the case sent where it is.
    const withUnit = handoffCommandSchema.parse({ ...forward, id: 'cmd-15', lead: '330127-education' });
    expect(() => planHandoff(registered, withUnit, province, '2026-12-07T02:00:00.000Z')).toThrow(/name no unit \(转送\)/);
    const toItself = handoffCommandSchema.parse({ ...forward, id: 'cmd-16', toJurisdiction: '330122' });
    expect(() => planHandoff(registered, toItself, province, '2026-12-07T02:00:00.000Z')).toThrow(/with 桐庐县信访局 already/);
  });

  it('a 转送告知 for post stays on the forwarding office’s 待寄送 list, which may still mark it posted', () => {
    const byPost = letter({ anonymous: false, name: '张伟', address: '桐庐县城南街道白云小区3幢502' });
    const forward = handoffCommandSchema.parse({ id: 'cmd-18', action: 'transfer', caseNumber: byPost.caseNumber, toJurisdiction: '330127', by: 'tonglu-office', byJurisdiction: '330122', reason: '事发地在淳安县' });
    const change = withHandoffNotices(province, forward, planHandoff(byPost, forward, province, '2026-12-07T02:00:00.000Z'), byPost, '2026-12-07T02:00:00.000Z');
    expect(change.case.postalLetters).toEqual([expect.objectContaining({ id: 'forwarded:330122-2026-000041:cmd-18', kind: 'forwardNotice', from: '330122' })]);
    // It says by when 淳安 decides: its 15 days run from the day the case reached it (Monday 7 December → Tuesday 22 December).
    const text = change.message!.text;
    expect(text).toContain('由其依法决定是否受理并书面告知您（最迟于2026年12月22日作出决定）。本期限自2026年12月7日');
    expect(text).not.toContain('。。');
    expect(allowedActions(office, change.case, province.tree)).toContain('postLetter');
    // 淳安 holds it now and may post it as well.
    expect(() => assertMayDecide({ staffId: 'chunan-office', jurisdiction: '330127', roles: ['petitionsOffice'] }, 'postLetter', change.case, province.tree)).not.toThrow();
  });

  it('the lead unit is handed the case to answer; the cooperating unit is asked to help it, not to answer (协办)', () => {
    const assign = handoffCommandSchema.parse({ id: 'cmd-19', action: 'assign', caseNumber: '330122-2026-000041', lead: '330122-hrss', cooperating: ['330122-housing'], by: 'tonglu-office', byJurisdiction: '330122' });
    const accepted = acceptance(province, letter(), office, { thenAssign: assign }, '2026-12-07T02:00:00.000Z');
    const [toLead] = mailsTo(accepted, province.unit('330122-hrss').mailbox);
    const [toHelper] = mailsTo(accepted, province.unit('330122-housing').mailbox);
    expect(toLead!.text).toContain('交由你单位办理');
    expect(toLead!.text).toContain('配合单位：桐庐县住房和城乡建设局。请你单位牵头办理，汇总配合单位的意见后书面答复信访人。');
    expect(toHelper!.id).toBe('handoff:cmd-19:cooperating');
    expect(toHelper!.text).toContain('交由桐庐县人力资源和社会保障局牵头办理，请你单位配合');
    expect(toHelper!.text).toContain('你单位不直接答复信访人');
    expect(toHelper!.text).not.toContain('谁承办谁答复');

    // Handed across to another county's unit: that county's office, which now holds the case, is told as well.
    const across = handoffCommandSchema.parse({ id: 'cmd-20', action: 'transfer', caseNumber: '330122-2026-000041', toJurisdiction: '330127', lead: '330127-hrss', by: 'tonglu-office', byJurisdiction: '330122', reason: '用工单位在淳安县' });
    const moved = withHandoffNotices(province, across, planHandoff(accepted.case, across, province, '2026-12-09T02:00:00.000Z'), accepted.case, '2026-12-09T02:00:00.000Z');
    const [toChunan] = mailsTo(moved, province.jurisdiction('330127').office.mailbox);
    expect(toChunan!.text).toContain('桐庐县信访局将信访事项 330122-2026-000041（主题：小区物业不作为）转送你单位办理');
  });

  it('handed down by an office above straight to a unit below (交办), the office of that unit’s place, which now holds the case, is told too', () => {
    const provinceOffice: Actor = { staffId: 'zj-office', jurisdiction: '330000', roles: ['petitionsOffice'] };
    const atProvince = registerPetition(
      { jurisdiction: '330000', channel: 'letter', receivedAt: '2026-12-04T09:00:00+08:00', subject: '分水镇某厂拖欠工资', matter: '桐庐县分水镇宏达制笔厂拖欠我三个月工资，请求帮助追回欠薪。', petitioner: BY_EMAIL },
      { caseNumber: '330000-2026-000041', at: '2026-12-04T09:10:00+08:00', actor: 'zj-registrar', timeLimits: province.timeLimitsFor('330000'), calendar: province.calendar, units: [] },
    ).case;
    const down = handoffCommandSchema.parse({ id: 'cmd-21', action: 'assign', caseNumber: atProvince.caseNumber, lead: '330122-hrss', by: 'zj-office', byJurisdiction: '330000' });
    const accepted = acceptance(province, atProvince, provinceOffice, { thenAssign: down }, '2026-12-07T02:00:00.000Z');
    expect(accepted.case).toMatchObject({ jurisdiction: '330122', handling: { lead: '330122-hrss' } });
    const [toBureau] = mailsTo(accepted, province.unit('330122-hrss').mailbox);
    // 桐庐县信访局 watches its units' clocks and is chased when this one runs late (its office, then its leaders): it hears of it.
    const [toCounty] = mailsTo(accepted, province.jurisdiction('330122').office.mailbox);
    expect(toCounty).toBeDefined();
    expect(toCounty!.id).toBe(toBureau!.id);
    expect(toCounty!.text).toContain('浙江省信访局将信访事项 330000-2026-000041（主题：分水镇某厂拖欠工资）交由你单位办理');
  });

  it('a transfer tells the units it takes the case from where it went, but not the unit that passed it on', () => {
    const assign = handoffCommandSchema.parse({ id: 'cmd-11', action: 'assign', caseNumber: '330122-2026-000041', lead: '330122-hrss', cooperating: ['330122-housing'], by: 'tonglu-office', byJurisdiction: '330122' });
    const accepted = acceptance(province, letter(), office, { thenAssign: assign }, '2026-12-07T02:00:00.000Z');
    const housing = province.unit('330122-housing').mailbox;
    const hrss = province.unit('330122-hrss').mailbox;

    const transfer = handoffCommandSchema.parse({ id: 'cmd-12', action: 'transfer', caseNumber: '330122-2026-000041', toJurisdiction: '330122', lead: '330122-market', by: 'tonglu-office', byJurisdiction: '330122', reason: '物业收费属市场监管职责' });
    const moved = withHandoffNotices(province, transfer, planHandoff(accepted.case, transfer, province, '2026-12-09T02:00:00.000Z'), accepted.case, '2026-12-09T02:00:00.000Z');
    const [toHrss] = mailsTo(moved, hrss);
    expect(toHrss!.id).toBe('handed-away:330122-2026-000041:cmd-12:330122-hrss');
    expect(toHrss!.text).toContain('桐庐县信访局已将信访事项 330122-2026-000041（主题：小区物业不作为）转桐庐县市场监督管理局办理。');
    expect(toHrss!.text).toContain('理由：物业收费属市场监管职责');
    expect(mailsTo(moved, housing)).toHaveLength(1);

    // The lead unit passing the case on itself is not told what it did; its cooperating unit is.
    const byUnit = handoffCommandSchema.parse({ ...transfer, id: 'cmd-13', by: 'tonglu-hrss-handler' });
    const passed = withHandoffNotices(province, byUnit, planHandoff(accepted.case, byUnit, province, '2026-12-08T02:00:00.000Z'), accepted.case, '2026-12-08T02:00:00.000Z');
    expect(mailsTo(passed, hrss)).toEqual([]);
    expect(mailsTo(passed, housing)).toHaveLength(1);

    // A lead unit the report was found to accuse is taken off without a word: nothing of the report reaches it.
    const accusing = { ...accepted.case, accusedUnits: ['330122-hrss'] };
    const away = handoffCommandSchema.parse({ ...transfer, id: 'cmd-17', reason: '举报涉及县人社局工作人员，依照第三十条不交被举报单位办理' });
    const moved2 = withHandoffNotices(province, away, planHandoff(accusing, away, province, '2026-12-09T02:00:00.000Z'), accusing, '2026-12-09T02:00:00.000Z');
    expect(mailsTo(moved2, hrss)).toEqual([]);
    expect(mailsTo(moved2, housing)).toHaveLength(1);
  });

  it('told in the office’s name at the limit, the unit named later is told as well', () => {
    const late = acceptance(province, letter(), office, {}, '2026-12-21T03:00:00.000Z');
    const assign = handoffCommandSchema.parse({ id: 'cmd-11', action: 'assign', caseNumber: '330122-2026-000041', lead: '330122-housing', by: 'tonglu-office', byJurisdiction: '330122' });
    const assigned = withHandoffNotices(province, assign, planHandoff(late.case, assign, province, '2026-12-22T02:00:00.000Z'), late.case, '2026-12-22T02:00:00.000Z');
    const [notice] = mailsTo(assigned, BY_EMAIL.email!);
    expect(notice!.text).toContain('现转由桐庐县住房和城乡建设局办理');
  });

  it('a return assigned back to the unit the petitioner was told of sends nothing; a transfer to another office without a unit names that office', () => {
    const assign = handoffCommandSchema.parse({ id: 'cmd-12', action: 'assign', caseNumber: '330122-2026-000041', lead: '330122-housing', by: 'tonglu-office', byJurisdiction: '330122' });
    const told = acceptance(province, letter(), office, { thenAssign: assign }, '2026-12-07T02:00:00.000Z').case;
    const back = handoffCommandSchema.parse({ id: 'cmd-13', action: 'return', caseNumber: '330122-2026-000041', by: 'tonglu-housing-head', byJurisdiction: '330122', reason: '需补充材料后再交办' });
    const returned = withHandoffNotices(province, back, planHandoff(told, back, province, '2026-12-08T02:00:00.000Z'), told, '2026-12-08T02:00:00.000Z').case;
    const again = handoffCommandSchema.parse({ id: 'cmd-14', action: 'assign', caseNumber: '330122-2026-000041', lead: '330122-housing', by: 'tonglu-office', byJurisdiction: '330122' });
    const reassigned = withHandoffNotices(province, again, planHandoff(returned, again, province, '2026-12-09T02:00:00.000Z'), returned, '2026-12-09T02:00:00.000Z');
    expect(mailsTo(reassigned, BY_EMAIL.email!)).toEqual([]);

    const away = handoffCommandSchema.parse({ id: 'cmd-15', action: 'transfer', caseNumber: '330122-2026-000041', toJurisdiction: '330127', by: 'tonglu-office', byJurisdiction: '330122', reason: '事发地在淳安县' });
    const moved = withHandoffNotices(province, away, planHandoff(told, away, province, '2026-12-09T02:00:00.000Z'), told, '2026-12-09T02:00:00.000Z');
    const [notice] = mailsTo(moved, BY_EMAIL.email!);
    expect(notice!.text).toContain('现转由淳安县信访局办理');
    expect(moved.case.acceptanceTold).toMatchObject({ holder: 'office:330127' });
  });

  it('owes nothing to a petitioner no letter can reach, and records no notice as told', () => {
    const anonymous = acceptance(province, letter({ anonymous: true }), office, {}, '2026-12-07T02:00:00.000Z').case;
    expect(anonymous).not.toHaveProperty('acceptanceNoticeDue');
    expect(sweepDueAt(anonymous) ?? '').not.toBe('2026-12-21T01:00:00.000Z');
  });
});
