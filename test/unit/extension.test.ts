import { describe, expect, it } from 'vitest';
import type { Case } from '../../shared/domain/case.js';
import { InvalidTransition, RuleViolation } from '../../shared/domain/errors.js';
import { decideExtension, remindExtensionRequest, requestExtension } from '../../shared/domain/extension.js';
import { applyCommand } from '../../shared/domain/lifecycle.js';
import { giveCooperationOpinion, opinionsMissing } from '../../shared/domain/cooperation.js';
import { sweepDueAt } from '../../shared/domain/chase.js';
import { allowedActions } from '../../shared/domain/allowed-actions.js';
import { extensionDecidedNotice, extensionReportedNotices, extensionRequestNotice } from '../../shared/app/handoff/notices.js';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { loadHolidayCalendar } from '../../shared/config/holidays.js';
import { loadProvinceConfig, parseProvinceConfig } from '../../shared/config/province.js';
import { deadlineOf, deadlineOrProvisional, lastDayOf } from '../../shared/domain/deadlines.js';
import { withDeadline } from '../../shared/domain/explain-deadline.js';
import type { TimeLimit } from '../../shared/domain/time-limits.js';

const calendar = loadHolidayCalendar(new URL('../../config/holidays', import.meta.url).pathname);

/** A case in its unit, due at the end of Friday 4 December 2026 (China time). */
function handled(overrides: Partial<Case> = {}): Case {
  return {
    caseNumber: '330122-2026-000077',
    jurisdiction: '330122',
    receivingOffice: '330122',
    channel: 'letter',
    status: 'inProgress',
    matter: '反映拖欠工资问题。',
    petitioner: { anonymous: false, name: '李娜', email: 'lina@qq.example' },
    urgent: false,
    reviewLevel: 0,
    receivedAt: '2026-10-01T02:00:00.000Z',
    registeredAt: '2026-10-01T02:05:00.000Z',
    registeredBy: 'tonglu-registrar',
    handling: { lead: '330122-hrss', cooperating: [] },
    deadlines: { handling: '2026-12-04T16:00:00.000Z' },
    attachments: [],
    version: 5,
    updatedAt: '2026-11-01T02:00:00.000Z',
    ...overrides,
  };
}

const ask = (at: string, days = 20, c = handled()) => requestExtension(c, { days, reason: '需要现场勘验并委托鉴定' }, { at, actor: 'tonglu-hrss-head', calendar });

describe('requesting an extension (延期)', () => {
  it('is recorded with its reason and waits for a leader', () => {
    const { case: c, event } = ask('2026-11-25T02:00:00.000Z');
    expect(c.extension).toMatchObject({ days: 20, status: 'requested', requestedBy: 'tonglu-hrss-head' });
    expect(c.deadlines.handling).toBe('2026-12-04T16:00:00.000Z');
    expect(event).toMatchObject({ type: 'extensionRequested', seq: 6, reason: '需要现场勘验并委托鉴定' });
  });

  it('must come 5 working days before the deadline: Friday 27 November is the last day for Friday 4 December', () => {
    expect(() => ask('2026-11-27T09:00:00.000Z')).not.toThrow();
    expect(() => ask('2026-11-30T01:00:00.000Z')).toThrow(RuleViolation);
  });

  it('counts the 5 working days on the clock: asked during a hearing (中止) begun with 10 working days left, it is in time', () => {
    // The hearing began on Friday 20 November, 10 working days before the end of Friday 4 December; the clock has stood still since.
    const suspended = handled({ suspensions: [{ clock: 'handling', ground: 'hearing', reason: '组织听证', suspendedAt: '2026-11-20T02:00:00.000Z', suspendedBy: 'tonglu-office' }] });
    const { case: c } = ask('2026-12-01T02:00:00.000Z', 20, suspended);
    expect(c.extension).toMatchObject({ status: 'requested', days: 20 });
    // Begun with fewer than 5 working days left, the hearing does not give back a request already too late.
    const late = handled({ suspensions: [{ clock: 'handling', ground: 'hearing', reason: '组织听证', suspendedAt: '2026-11-30T02:00:00.000Z', suspendedBy: 'tonglu-office' }] });
    expect(() => ask('2026-12-01T02:00:00.000Z', 20, late)).toThrow(RuleViolation);
  });

  it('left undecided, reminds the leaders once, on the morning after 2 working days (an office may set its own, or 0 for never)', () => {
    // Asked Wednesday 25 November: Thursday and Friday pass undecided, the reminder is Monday 30 November at 09:00.
    const asked = requestExtension(handled(), { days: 20, reason: '需要现场勘验并委托鉴定' }, { at: '2026-11-25T02:00:00.000Z', actor: 'tonglu-hrss-head', calendar, rules: { maxDays: 30, requestLeadWorkingDays: 5, reminderWorkingDays: 2 } }).case;
    expect(asked.extension!.remindAt).toBe('2026-11-30T01:00:00.000Z');
    // With its clock's next step planned later (the last-working-day reminder), the extension's reminder is what the sweep looks for next.
    expect(sweepDueAt({ ...asked, chase: { clock: 'handling', deadline: asked.deadlines.handling!, reminded: [], escalated: [], nextAt: '2026-12-04T01:00:00.000Z' } })).toBe('2026-11-30T01:00:00.000Z');
    expect(remindExtensionRequest(asked, '2026-11-30T00:59:00.000Z', 'system:sweep')).toBeUndefined();
    const reminded = remindExtensionRequest(asked, '2026-11-30T01:00:00.000Z', 'system:sweep')!;
    expect(reminded.event).toMatchObject({ type: 'noted', detail: { extensionRequestReminded: { days: 20, requestedAt: '2026-11-25T02:00:00.000Z' } } });
    expect(reminded.case.extension).toMatchObject({ status: 'requested', remindedAt: '2026-11-30T01:00:00.000Z' });
    expect(remindExtensionRequest(reminded.case, '2026-12-01T01:00:00.000Z', 'system:sweep')).toBeUndefined();
    // Decided first, nothing to remind of.
    const decided = decideExtension(asked, { approve: true }, { at: '2026-11-26T02:00:00.000Z', actor: 'tonglu-leader-petitions', calendar }).case;
    expect(remindExtensionRequest(decided, '2026-11-30T01:00:00.000Z', 'system:sweep')).toBeUndefined();
    const never = requestExtension(handled(), { days: 20, reason: '需要现场勘验' }, { at: '2026-11-25T02:00:00.000Z', actor: 'tonglu-hrss-head', calendar, rules: { maxDays: 30, requestLeadWorkingDays: 5, reminderWorkingDays: 0 } }).case;
    expect(never.extension!.remindAt).toBeUndefined();
  });

  it('is at most 30 days, once per case, and only while the case is handled', () => {
    expect(() => ask('2026-11-20T02:00:00.000Z', 31)).toThrow(RuleViolation);
    const approved = decideExtension(ask('2026-11-20T02:00:00.000Z').case, { approve: true }, { at: '2026-11-21T02:00:00.000Z', actor: 'tonglu-leader-petitions', calendar }).case;
    expect(() => ask('2026-11-22T02:00:00.000Z', 5, approved)).toThrow(/only once/);
    // A refusal extended nothing: asked again for fewer days, it waits for a leader anew; the refusal stays in the events.
    const refused = decideExtension(ask('2026-11-20T02:00:00.000Z').case, { approve: false, reason: '理由不充分' }, { at: '2026-11-21T02:00:00.000Z', actor: 'tonglu-leader-petitions', calendar }).case;
    const again = ask('2026-11-22T02:00:00.000Z', 10, refused);
    expect(again.case.extension).toMatchObject({ status: 'requested', days: 10 });
    expect(() => ask('2026-11-22T03:00:00.000Z', 5, again.case)).toThrow(/already waiting/);
    // The leaders are written to about the new request: its own letter, not one the mailer has sent already.
    const letterOf = (x: Case) => extensionRequestNotice(loadProvinceConfig(new URL('../../config/province.yaml', import.meta.url).pathname), x)!.id;
    expect(letterOf(again.case)).not.toBe(letterOf(ask('2026-11-20T02:00:00.000Z').case));
    // The unit's head is offered 申请延期 again once refused, not while a request waits or after an approval.
    const tree = loadProvinceConfig(new URL('../../config/province.yaml', import.meta.url).pathname).tree;
    const head = { staffId: 'tonglu-hrss-head', jurisdiction: '330122', unit: '330122-hrss', roles: ['unitHead' as const] };
    expect(allowedActions(head, refused, tree)).toContain('requestExtension');
    expect(allowedActions(head, again.case, tree)).not.toContain('requestExtension');
    expect(allowedActions(head, approved, tree)).not.toContain('requestExtension');
    expect(() => ask('2026-11-20T02:00:00.000Z', 10, handled({ status: 'concluded' }))).toThrow(InvalidTransition);
  });
});

describe('the leaders asked to decide', () => {
  const province = loadProvinceConfig(new URL('../../config/province.yaml', import.meta.url).pathname);
  const leaderMail = (id: string) => province.staff(id)!.email;
  const requested = ask('2026-11-20T02:00:00.000Z').case;
  const recused = (...staffIds: string[]): Case => ({ ...requested, recused: staffIds.map((staffId) => ({ staffId, reason: '近亲属', at: '2026-11-01T02:00:00.000Z', by: 'tonglu-office' })) });

  it('are the leader in charge of petitions and the principal leader, unless recused from the case (回避)', () => {
    expect(extensionRequestNotice(province, requested)!.to).toEqual([leaderMail('tonglu-leader-petitions'), leaderMail('tonglu-leader-principal')]);
    const notice = extensionRequestNotice(province, recused('tonglu-leader-petitions'))!;
    expect(notice.to).toEqual([leaderMail('tonglu-leader-principal')]);
  });

  it('of a township without leaders in the system, are the county’s, not the township office that cannot decide', () => {
    const township: Case = { ...requested, jurisdiction: '330122101', handling: { lead: '330122101-enforcement', cooperating: [] } };
    expect(extensionRequestNotice(province, township)!.to).toEqual([leaderMail('tonglu-leader-petitions'), leaderMail('tonglu-leader-principal')]);
  });

  it('are told who asked: the unit of the staff member, or the office when the office asked', () => {
    const byUnit = { ...requested, extension: { ...requested.extension!, requestedBy: 'tonglu-housing-handler' } };
    expect(extensionRequestNotice(province, byUnit)!.text).toMatch(/^桐庐县住房和城乡建设局申请将信访事项/);
    const byOffice = { ...requested, extension: { ...requested.extension!, requestedBy: 'tonglu-office' } };
    expect(extensionRequestNotice(province, byOffice)!.text).toMatch(/^桐庐县信访局申请将信访事项/);
  });

  it('fall back to the office when every leader is recused, so that it finds one who may decide', () => {
    expect(extensionRequestNotice(province, recused('tonglu-leader-petitions', 'tonglu-leader-principal'))!.to).toEqual([province.jurisdiction('330122').office.mailbox]);
  });
});

describe('a leader decides', () => {
  it('approval moves the handling deadline by the requested days', () => {
    const { case: c, event } = decideExtension(ask('2026-11-20T02:00:00.000Z').case, { approve: true }, { at: '2026-11-21T02:00:00.000Z', actor: 'tonglu-leader-petitions', calendar });
    expect(c.deadlines.handling).toBe('2026-12-24T16:00:00.000Z');
    expect(c.extension).toMatchObject({ status: 'approved', decidedBy: 'tonglu-leader-petitions' });
    expect(event.type).toBe('extensionApproved');
  });

  it('refusal keeps the deadline and records why; a second decision is refused', () => {
    const { case: c } = decideExtension(ask('2026-11-20T02:00:00.000Z').case, { approve: false, reason: '可在原期限内办结' }, { at: '2026-11-21T02:00:00.000Z', actor: 'tonglu-leader-petitions', calendar });
    expect(c.deadlines.handling).toBe('2026-12-04T16:00:00.000Z');
    expect(c.extension).toMatchObject({ status: 'refused', refusal: '可在原期限内办结' });
    expect(() => decideExtension(c, { approve: true }, { at: '2026-11-22T02:00:00.000Z', actor: 'x', calendar })).toThrow(InvalidTransition);
  });

  it('is never the one who asked: a leader who requested it cannot approve or refuse it, nor is offered to', () => {
    const asked = requestExtension(handled(), { days: 15, reason: '需要补充调查' }, { at: '2026-11-20T02:00:00.000Z', actor: 'tonglu-leader-petitions', calendar }).case;
    expect(() => decideExtension(asked, { approve: true }, { at: '2026-11-20T02:00:01.000Z', actor: 'tonglu-leader-petitions', calendar })).toThrow(
      'the extension was requested by the same staff member: another leader of the jurisdiction or above decides it',
    );
    const tree = loadProvinceConfig(new URL('../../config/province.yaml', import.meta.url).pathname).tree;
    const self = { staffId: 'tonglu-leader-petitions', jurisdiction: '330122', roles: ['leader' as const] };
    const other = { staffId: 'tonglu-leader-principal', jurisdiction: '330122', roles: ['leader' as const] };
    expect(allowedActions(self, asked, tree)).not.toContain('decideExtension');
    expect(allowedActions(other, asked, tree)).toContain('decideExtension');
    expect(decideExtension(asked, { approve: true }, { at: '2026-11-21T02:00:00.000Z', actor: 'tonglu-leader-principal', calendar }).case.extension?.status).toBe('approved');
  });
});

describe('the unit that asked hears the decision', () => {
  const province = loadProvinceConfig(new URL('../../config/province.yaml', import.meta.url).pathname);
  const decided = (decision: { approve: true } | { approve: false; reason: string }) =>
    decideExtension(ask('2026-11-20T02:00:00.000Z').case, decision, { at: '2026-11-21T02:00:00.000Z', actor: 'tonglu-leader-petitions', calendar }).case;

  it('approved: the unit’s mailbox and the head who asked get the new deadline', () => {
    const mail = extensionDecidedNotice(province, decided({ approve: true }))!;
    expect(mail.to).toEqual([province.unit('330122-hrss').mailbox, province.staff('tonglu-hrss-head')!.email]);
    expect(mail.subject).toContain('同意延期');
    expect(mail.text).toContain('现办理期限：2026年12月24日');
    // It says how the petitioner hears of it: not 已告知 while the letter waits to be read out on the phone.
    const byPhone = extensionDecidedNotice(province, { ...decided({ approve: true }), petitioner: { anonymous: false, name: '李明', phone: '13800001111' } })!;
    expect(byPhone.text).toContain('延期理由将电话告知信访人。');
    expect(byPhone.text).not.toContain('已将延期理由');
  });

  it('asked by the office for the unit’s case: the unit is told who asked, not 「你单位申请」', () => {
    const asked = requestExtension(handled(), { days: 15, reason: '需要补充调查' }, { at: '2026-11-20T02:00:00.000Z', actor: 'tonglu-office', calendar }).case;
    const mail = extensionDecidedNotice(province, decideExtension(asked, { approve: true }, { at: '2026-11-21T02:00:00.000Z', actor: 'tonglu-leader-petitions', calendar }).case)!;
    expect(mail.text).toMatch(/^桐庐县人力资源和社会保障局：\n\n桐庐县信访局申请将信访事项/);
    expect(extensionDecidedNotice(province, decided({ approve: true }))!.text).toContain('你单位申请将信访事项');
  });

  it('refused: the reason, and that the old deadline stands', () => {
    const mail = extensionDecidedNotice(province, decided({ approve: false, reason: '可在原期限内办结' }))!;
    expect(mail.subject).toContain('不同意延期');
    expect(mail.text).toContain('理由：可在原期限内办结');
    expect(mail.text).toContain('现办理期限：2026年12月4日');
    expect(mail.text).toContain('请在原期限内办结');
  });
});

describe('the office above that handed the case down hears an approved extension (延期报备)', () => {
  const province = loadProvinceConfig(new URL('../../config/province.yaml', import.meta.url).pathname);
  const assigned = () => ({ ...ask('2026-11-20T02:00:00.000Z').case, reportBackTo: '330100' });

  it('approved: 杭州市信访局, which assigned it, gets the new deadline and the reason', () => {
    const c = decideExtension(assigned(), { approve: true }, { at: '2026-11-21T02:00:00.000Z', actor: 'tonglu-leader-petitions', calendar }).case;
    const [mail, ...more] = extensionReportedNotices(province, c);
    expect(more).toEqual([]);
    expect(mail!.to).toEqual([province.jurisdiction('330100').office.mailbox]);
    expect(mail!.subject).toBe(`【延期报备】${c.caseNumber} 经批准延期${c.extension!.days}日 — 桐庐县信访局`);
    expect(mail!.text).toContain('贵单位交办的信访事项');
    expect(mail!.text).toContain('办理期限延至2026年12月24日');
    expect(mail!.text).toContain(`延期理由：${c.extension!.reason}`);
    // What the petitioner was told, as it was: by email here; a letter waiting to be posted for one with only an address.
    expect(mail!.text).toContain('已将延期理由以电子邮件告知信访人');
    const byPost = { ...c, petitioner: { anonymous: false as const, name: '李娜', address: '桐庐县城南街道迎春路8号' } };
    expect(extensionReportedNotices(province, byPost)[0]!.text).toContain('延期办理告知书已列入待寄送');
    const anonymous = { ...c, petitioner: { anonymous: true as const } };
    expect(extensionReportedNotices(province, anonymous)[0]!.text).toContain('信访人匿名，无法告知');
  });

  it('refused, or a case owed to no office above: nothing', () => {
    const refused = decideExtension(assigned(), { approve: false, reason: '可在原期限内办结' }, { at: '2026-11-21T02:00:00.000Z', actor: 'tonglu-leader-petitions', calendar }).case;
    expect(extensionReportedNotices(province, refused)).toEqual([]);
    const own = decideExtension(ask('2026-11-20T02:00:00.000Z').case, { approve: true }, { at: '2026-11-21T02:00:00.000Z', actor: 'tonglu-leader-petitions', calendar }).case;
    expect(extensionReportedNotices(province, own)).toEqual([]);
  });
});

describe('a request still waiting when the unit’s handling ends', () => {
  const waiting = () => ask('2026-11-20T02:00:00.000Z').case;
  const ctx = { at: '2026-11-23T02:00:00.000Z', actor: 'tonglu-hrss-handler' };

  it('lapses when the case is concluded: no leader extends a period nobody works to, and the conclusion records it', () => {
    const concluded = applyCommand(waiting(), { action: 'conclude', summary: '已责令支付' }, ctx);
    expect(concluded.case.extension).toBeUndefined();
    expect(concluded.event.detail).toMatchObject({ extensionRequestLapsed: { days: 20, requestedBy: 'tonglu-hrss-head' } });
    // A decision on a stored case that still holds one (from before) is refused all the same, and not offered.
    const stale = { ...concluded.case, extension: waiting().extension };
    expect(() => decideExtension(stale, { approve: true }, { ...ctx, calendar })).toThrow(/no longer being handled/);
    const province = loadProvinceConfig(new URL('../../config/province.yaml', import.meta.url).pathname);
    const leader = { staffId: 'tonglu-leader-petitions', jurisdiction: '330122', roles: ['leader' as const] };
    expect(allowedActions(leader, waiting(), province.tree)).toContain('decideExtension');
    expect(allowedActions(leader, stale, province.tree)).not.toContain('decideExtension');
  });

  it('lapses when the unit returns the case, and when it goes to another unit; stays while the same unit works on', () => {
    expect(applyCommand(waiting(), { action: 'return', reason: '不属本单位职责' }, ctx).case.extension).toBeUndefined();
    expect(applyCommand(waiting(), { action: 'transfer', toJurisdiction: '330100', lead: '330100-hrss', reason: '上级管辖' }, ctx).case.extension).toBeUndefined();
    expect(applyCommand({ ...waiting(), status: 'assigned' }, { action: 'start' }, ctx).case.extension?.status).toBe('requested');
    // 自办: the office's own request does not travel with the case to another office.
    const selfHandled = { ...waiting(), status: 'accepted' as const, handling: undefined };
    expect(applyCommand(selfHandled, { action: 'transfer', toJurisdiction: '330100', reason: '上级管辖' }, ctx).case.extension).toBeUndefined();
  });

  it('counts only the 协办意见 of the current round: reassigned or reopened, the units are asked anew', () => {
    const cooperating: Case = { ...handled(), handling: { lead: '330122-hrss', cooperating: ['330122-housing'] }, handlingSince: '2026-11-01T02:00:00.000Z' };
    const given = giveCooperationOpinion(cooperating, '建议责令整改。', { at: '2026-11-10T02:00:00.000Z', actor: 'tonglu-housing-handler', unit: '330122-housing' }).case;
    expect(opinionsMissing(given)).toEqual([]);
    const reassigned = applyCommand({ ...given, status: 'accepted', handling: undefined }, { action: 'assign', lead: '330122-hrss', cooperating: ['330122-housing'] }, ctx).case;
    expect(opinionsMissing(reassigned)).toEqual(['330122-housing']);
  });
});

describe('a deadline in a year without a holiday calendar yet', () => {
  it('counts the 5 working days over weekends only instead of failing', () => {
    // Due Friday 5 March 2027: the last day to ask is Friday 26 February.
    const c = handled({ deadlines: { handling: '2027-03-05T16:00:00.000Z', provisional: ['handling'] } });
    expect(() => ask('2027-02-26T02:00:00.000Z', 10, c)).not.toThrow();
    expect(() => ask('2027-03-01T02:00:00.000Z', 10, c)).toThrow(RuleViolation);
  });
});

describe('deadlines with and without an extension, across 春节, 国庆 and adjusted weekends', () => {
  const cal = (days: number): TimeLimit => ({ days, count: 'calendar' });
  const work = (days: number): TimeLimit => ({ days, count: 'working' });
  type Row = [description: string, start: string, limit: TimeLimit, lastDay: string, extensionDays: number, extendedLastDay: string];

  it.each<Row>([
    ['60 days from 1 Dec 2025 end Fri 30 Jan; +20 days is 19 Feb, inside 春节 (15–23 Feb): runs to Tue 24 Feb', '2025-12-01T10:00:00+08:00', cal(60), '2026-01-30', 20, '2026-02-24'],
    ['60 days from 10 Dec 2025 end Sun 8 Feb, a rest day: Mon 9 Feb, the period’s last day (民法典 第二百零三条); +5 days is Sat 14 Feb, an adjusted working day', '2025-12-10T10:00:00+08:00', cal(60), '2026-02-09', 5, '2026-02-14'],
    ['15 working days from Tue 1 Sep 2026 count Sun 20 Sep (worked for 国庆): Mon 21 Sep; +10 days is 1 Oct, inside 国庆: Thu 8 Oct', '2026-09-01T09:00:00+08:00', work(15), '2026-09-21', 10, '2026-10-08'],
    ['30 days from 1 Sep 2026 end Thu 1 Oct, inside 国庆: Thu 8 Oct; +2 days is Sat 10 Oct, worked for 国庆 — an extension always gives days beyond the day told', '2026-09-01T09:00:00+08:00', cal(30), '2026-10-08', 2, '2026-10-10'],
    ['10 working days from Fri 13 Feb 2026 count Sat 14 and Sat 28 Feb and skip 春节: Thu 5 Mar; +30 days is Sat 4 Apr, inside 清明: Tue 7 Apr', '2026-02-13T10:00:00+08:00', work(10), '2026-03-05', 30, '2026-04-07'],
    ['60 days from 3 Nov 2026 end Sat 2 Jan 2027, in a year not yet published: provisionally Mon 4 Jan; +10 days Thu 14 Jan', '2026-11-03T09:00:00+08:00', { days: 60, count: 'calendar' }, '2027-01-04', 10, '2027-01-14'],
  ])('%s', (_description, start, limit, lastDay, extensionDays, extendedLastDay) => {
    const provisional = lastDay.startsWith('2027');
    const handling = provisional ? `${new Date(Date.parse(`${lastDay}T00:00:00+08:00`) + 86_400_000).toISOString()}` : deadlineOf(start, limit, calendar);
    if (!provisional) expect(lastDayOf(start, limit, calendar)).toBe(lastDay);
    // Started at acceptance with its explanation stored, as clocksAfterAcceptance does (the last row: a clock stored without one).
    const c = handled({ deadlines: provisional ? { handling, provisional: ['handling'] } : withDeadline({ started: { handling: start } }, 'handling', deadlineOrProvisional(start, limit, calendar)) });
    // Asked for as early as possible (the day after the start), decided the next day.
    const requestedAt = new Date(Date.parse(start) + 86_400_000).toISOString();
    const requested = requestExtension(c, { days: extensionDays, reason: '需要补充调查' }, { at: requestedAt, actor: 'tonglu-hrss-head', calendar }).case;
    const { case: extended } = decideExtension(requested, { approve: true }, { at: requestedAt, actor: 'tonglu-leader-petitions', calendar });
    const endOf = (day: string) => new Date(Date.parse(`${day}T00:00:00+08:00`) + 86_400_000).toISOString();
    expect(c.deadlines.handling).toBe(endOf(lastDay));
    expect(extended.deadlines.handling).toBe(endOf(extendedLastDay));
    expect(extended.deadlines.provisional ?? []).toEqual(provisional ? ['handling'] : []);
  });
});

describe('an office’s own extension rules (defaults.extension, jurisdictions[].extension)', () => {
  const province = loadProvinceConfig(new URL('../../config/province.yaml', import.meta.url).pathname);

  it('are the regulation’s 30 days and 5 working days unless an office sets its own', () => {
    expect(province.extensionRulesFor('330122')).toEqual({ maxDays: 30, requestLeadWorkingDays: 5, reminderWorkingDays: 2 });
    expect(province.extensionRulesFor('330127')).toEqual({ maxDays: 15, requestLeadWorkingDays: 3, reminderWorkingDays: 2 });
  });

  it('bound what a unit of that office may ask for, and until when', () => {
    const chunan = handled({ jurisdiction: '330127', caseNumber: '330127-2026-000012' });
    const rules = province.extensionRulesFor('330127');
    const askThere = (at: string, days: number) => requestExtension(chunan, { days, reason: '需要现场勘验' }, { at, actor: 'chunan-hrss-head', calendar, rules });
    expect(() => askThere('2026-11-25T02:00:00.000Z', 20)).toThrow('an extension is 1 to 15 days');
    expect(askThere('2026-11-25T02:00:00.000Z', 15).case.extension?.days).toBe(15);
    // Three working days before Friday 4 December is Tuesday 1 December: a request that day still counts, where 桐庐县 needed it by 27 November.
    expect(askThere('2026-12-01T02:00:00.000Z', 10).case.extension?.status).toBe('requested');
    expect(() => ask('2026-12-01T02:00:00.000Z', 10)).toThrow(RuleViolation);
    expect(() => askThere('2026-12-02T02:00:00.000Z', 10)).toThrow('must be requested by 2026-12-01');
  });

  it('may not exceed the regulation’s 30 days', () => {
    const raw = parseYaml(readFileSync(new URL('../../config/province.yaml', import.meta.url), 'utf8')) as { defaults: Record<string, unknown> };
    raw.defaults.extension = { maxDays: 45 };
    expect(() => parseProvinceConfig(raw, 'test configuration')).toThrow(/defaults\.extension\.maxDays: the regulation allows at most 30 days/);
  });
});
