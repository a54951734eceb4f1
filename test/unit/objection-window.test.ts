import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { handoffCommandSchema } from '../../shared/app/handoff/commands.js';
import { planHandoff } from '../../shared/app/handoff/plan.js';
import { loadProvinceConfig, parseProvinceConfig } from '../../shared/config/province.js';
import type { Actor } from '../../shared/domain/access.js';
import { allowedActions } from '../../shared/domain/allowed-actions.js';
import type { Case } from '../../shared/domain/case.js';
import { sweepDueAt } from '../../shared/domain/chase.js';
import { RuleViolation } from '../../shared/domain/errors.js';
import { applyCommand } from '../../shared/domain/lifecycle.js';
import { closeObjectionWindow, pendingReturnRequest, refuseReturnRequest, remindReturnRequest, requestReturnApproval } from '../../shared/domain/objection.js';
import { decisionReminderAt } from '../../shared/domain/deadlines.js';
import { registerPetition } from '../../shared/domain/registration.js';
import { resumeClock, suspendClock, BUILT_IN_SUSPENSION_GROUNDS } from '../../shared/domain/suspension.js';

const province = loadProvinceConfig(fileURLToPath(new URL('../../config/province.yaml', import.meta.url)));
// Assigned on Monday 23 November 2026, 10:00 China time: 5 working days run to the end of Monday 30 November.
const ASSIGNED_AT = '2026-11-23T02:00:00.000Z';
const WINDOW_END = '2026-11-30T16:00:00.000Z';
const unitHead: Actor = { staffId: 'tonglu-hrss-head', jurisdiction: '330122', unit: '330122-hrss', roles: ['unitHead'] };

function assigned(): Case {
  const registered = registerPetition(
    { jurisdiction: '330122', channel: 'letter', receivedAt: '2026-11-20T01:15:00.000Z', matter: '某工地拖欠我们十二名工人三个月工资共计十八万元。', petitioner: { anonymous: false, name: '王强' } },
    { caseNumber: '330122-2026-000302', at: '2026-11-20T01:20:00.000Z', actor: 'tonglu-registrar', timeLimits: province.timeLimitsFor('330122'), calendar: province.calendar, units: [] },
  ).case;
  const accepted = applyCommand(registered, { action: 'accept' }, { at: '2026-11-20T02:00:00.000Z', actor: 'tonglu-office' }).case;
  accepted.deadlines = { handling: '2027-01-19T16:00:00.000Z' };
  return handoff(accepted, { action: 'assign', lead: '330122-hrss', by: 'tonglu-office' }, ASSIGNED_AT).case;
}

const handoff = (c: Case, command: Record<string, unknown>, at: string) =>
  planHandoff(c, handoffCommandSchema.parse({ id: 'h-1', caseNumber: c.caseNumber, byJurisdiction: '330122', ...command }), province, at);
const unitReturns = (c: Case, at: string) => handoff(c, { action: 'return', by: 'tonglu-hrss-head', reason: '本案系工程款纠纷，不属于劳动保障监察职责' }, at);

describe('条例 第二十三条: a unit objects to a handoff within 5 working days', () => {
  it('the assignment opens the window, stated on its event', () => {
    const { case: c, event } = handoff(assigned(), { action: 'transfer', toJurisdiction: '330122', lead: '330122-housing', by: 'tonglu-office', reason: '改由住建局办理' }, ASSIGNED_AT);
    expect(c.objectionWindow).toEqual({ unit: '330122-housing', from: '330122', receivedAt: ASSIGNED_AT, until: WINDOW_END });
    expect(event.detail).toMatchObject({ objectionUntil: WINDOW_END });
  });

  it('within the window the unit returns it with its reasons', () => {
    const { case: c, event } = unitReturns(assigned(), '2026-11-30T08:00:00.000Z');
    expect(c).toMatchObject({ status: 'accepted', jurisdiction: '330122' });
    expect(c.objectionWindow).toBeUndefined();
    expect(event.detail).not.toHaveProperty('afterObjectionWindow');
  });

  it('after it the unit alone may not: the refusal names the office whose approval it needs', () => {
    expect(() => unitReturns(assigned(), '2026-12-01T01:00:00.000Z')).toThrow(RuleViolation);
    expect(() => unitReturns(assigned(), '2026-12-01T01:00:00.000Z')).toThrow(/ended on 2026-11-30.*approval of 桐庐县信访局/);
  });

  it('nor may it pass the case on by a transfer after it: a transfer is an objection too', () => {
    const unitTransfers = (at: string) => handoff(assigned(), { action: 'transfer', toJurisdiction: '330122', lead: '330122-housing', by: 'tonglu-hrss-head', reason: '改由住建局办理' }, at);
    expect(unitTransfers('2026-11-30T08:00:00.000Z').case.handling?.lead).toBe('330122-housing');
    expect(() => unitTransfers('2026-12-01T01:00:00.000Z')).toThrow(/ended on 2026-11-30.*a transfer now needs the approval of 桐庐县信访局/);
    // The office may.
    expect(handoff(assigned(), { action: 'transfer', toJurisdiction: '330122', lead: '330122-housing', by: 'tonglu-office', reason: '改由住建局办理' }, '2026-12-01T01:00:00.000Z').case.handling?.lead).toBe('330122-housing');
  });

  it('the office that assigned it may still return it, recorded as after the window', () => {
    const { case: c, event } = handoff(assigned(), { action: 'return', by: 'tonglu-office', reason: '经审核同意退回' }, '2026-12-01T01:00:00.000Z');
    expect(c.status).toBe('accepted');
    expect(event.detail).toMatchObject({ afterObjectionWindow: true });
  });

  it('is a clock the sweep watches: due at its end, recorded once, and then the unit is no longer offered return', () => {
    const c = assigned();
    expect(sweepDueAt(c)! <= WINDOW_END).toBe(true);
    expect(closeObjectionWindow(c, '2026-11-30T15:00:00.000Z', 'system:sweep')).toBeUndefined();
    expect(allowedActions(unitHead, c, province.tree)).toContain('return');
    const closed = closeObjectionWindow(c, WINDOW_END, 'system:sweep')!;
    expect(closed.event).toMatchObject({ type: 'noted', detail: { objectionWindowClosed: { unit: '330122-hrss', until: WINDOW_END, approvalBy: '330122' } } });
    expect(closeObjectionWindow(closed.case, '2026-12-01T01:00:00.000Z', 'system:sweep')).toBeUndefined();
    expect(allowedActions(unitHead, closed.case, province.tree)).not.toContain('return');
    expect(allowedActions(unitHead, closed.case, province.tree)).not.toContain('transfer');
  });

  it('a suspension of the clock moves the window by the working days suspended', () => {
    const grounds = BUILT_IN_SUSPENSION_GROUNDS;
    // Suspended Tuesday 24 to Thursday 26 November: two working days.
    const suspended = suspendClock(assigned(), { ground: 'appraisal', reason: '委托工资核算鉴定' }, { at: '2026-11-24T02:00:00.000Z', actor: 'tonglu-office', grounds }).case;
    expect(sweepDueAt(suspended)).toBeUndefined();
    const resumed = resumeClock(suspended, { reason: '鉴定完成' }, { at: '2026-11-26T02:00:00.000Z', actor: 'tonglu-office', settings: province.timeLimitsFor('330122'), calendar: province.calendar }).case;
    expect(resumed.objectionWindow!.until).toBe('2026-12-02T16:00:00.000Z');
  });

  it('stays open while a 中止 begun within it lasts: the days left run on only after it, so the unit may still return the case meanwhile', () => {
    const grounds = BUILT_IN_SUSPENSION_GROUNDS;
    const suspended = suspendClock(assigned(), { ground: 'appraisal', reason: '委托工资核算鉴定' }, { at: '2026-11-24T02:00:00.000Z', actor: 'tonglu-office', grounds }).case;
    // Weeks into the 中止, long past the window's first end.
    const during = '2026-12-10T02:00:00.000Z';
    expect(allowedActions(unitHead, suspended, province.tree)).toContain('return');
    expect(unitReturns(suspended, during).case).toMatchObject({ status: 'accepted' });
    // A 中止 begun after the window ended keeps it closed.
    const late = suspendClock(assigned(), { ground: 'appraisal', reason: '委托工资核算鉴定' }, { at: '2026-12-02T02:00:00.000Z', actor: 'tonglu-office', grounds }).case;
    expect(() => unitReturns(late, during)).toThrow(/ended on 2026-11-30/);
  });
});

describe('条例 第二十三条 after the window: the unit asks the office that handed the case over to approve its return', () => {
  const office: Actor = { staffId: 'tonglu-office', jurisdiction: '330122', roles: ['petitionsOffice'] };
  const cityOffice: Actor = { staffId: 'hz-office', jurisdiction: '330100', roles: ['petitionsOffice'] };
  const AFTER = '2026-12-01T01:00:00.000Z';
  const REASONS = '本案系工程款纠纷，应由住建部门处理';
  const windowClosed = (c: Case = assigned()) => closeObjectionWindow(c, WINDOW_END, 'system:sweep')!.case;
  const requested = (c: Case = windowClosed()) => requestReturnApproval(c, REASONS, { at: AFTER, actor: 'tonglu-hrss-head' });

  it('within the window there is nothing to ask: the unit returns the case itself', () => {
    expect(() => requestReturnApproval(assigned(), REASONS, { at: '2026-11-30T08:00:00.000Z', actor: 'tonglu-hrss-head' })).toThrow(/run until 2026-11-30: return the case directly/);
    expect(allowedActions(unitHead, assigned(), province.tree)).not.toContain('requestReturn');
  });

  it('after it the request waits for that office, which alone is offered the decision; one request at a time', () => {
    const before = windowClosed();
    expect(allowedActions(unitHead, before, province.tree)).toContain('requestReturn');
    const { case: c, event } = requested(before);
    expect(c.returnRequest).toEqual({ unit: '330122-hrss', reason: REASONS, requestedBy: 'tonglu-hrss-head', requestedAt: AFTER, approvalBy: '330122', status: 'requested' });
    expect(event).toMatchObject({ type: 'returnRequested', reason: REASONS, detail: { unit: '330122-hrss', approvalBy: '330122' } });
    expect(pendingReturnRequest(c)).toBeDefined();
    expect(allowedActions(unitHead, c, province.tree)).not.toContain('requestReturn');
    expect(allowedActions(office, c, province.tree)).toContain('decideReturnRequest');
    expect(() => requested(c)).toThrow(/already waiting/);
    // Still the unit may not return it alone.
    expect(() => unitReturns(c, AFTER)).toThrow(RuleViolation);
  });

  it('the office returning the case approves the request', () => {
    const { case: c, event } = handoff(requested().case, { action: 'return', by: 'tonglu-office', reason: '同意退回' }, '2026-12-02T01:00:00.000Z');
    expect(c.status).toBe('accepted');
    expect(c.returnRequest).toMatchObject({ status: 'approved', decidedBy: 'tonglu-office', decidedAt: '2026-12-02T01:00:00.000Z' });
    expect(event.detail).toMatchObject({ afterObjectionWindow: true, approvesRequest: { requestedBy: 'tonglu-hrss-head', requestedAt: AFTER } });
    expect(pendingReturnRequest(c)).toBeUndefined();
  });

  it('refused with reasons, the unit keeps the case and its deadline, and may ask again', () => {
    const waiting = requested().case;
    expect(() => refuseReturnRequest(waiting, '  ', { at: AFTER, actor: 'tonglu-office' })).toThrow(RuleViolation);
    const { case: c, event } = refuseReturnRequest(waiting, '拖欠工资属劳动保障监察职责', { at: '2026-12-02T01:00:00.000Z', actor: 'tonglu-office' });
    expect(c).toMatchObject({ status: 'assigned', handling: { lead: '330122-hrss' }, deadlines: { handling: waiting.deadlines.handling } });
    expect(c.returnRequest).toMatchObject({ status: 'refused', refusal: '拖欠工资属劳动保障监察职责', decidedBy: 'tonglu-office' });
    expect(event).toMatchObject({ type: 'returnRequestRefused', reason: '拖欠工资属劳动保障监察职责' });
    expect(() => refuseReturnRequest(c, '再次', { at: AFTER, actor: 'tonglu-office' })).toThrow(/no return request is waiting/);
    expect(allowedActions(office, c, province.tree)).not.toContain('decideReturnRequest');
    expect(allowedActions(unitHead, c, province.tree)).toContain('requestReturn');
  });

  it('a transfer to another unit answers it: the new holder starts afresh', () => {
    const { case: c } = handoff(requested().case, { action: 'transfer', toJurisdiction: '330122', lead: '330122-housing', by: 'tonglu-office', reason: '改由住建局办理' }, '2026-12-02T01:00:00.000Z');
    expect(c.returnRequest).toBeUndefined();
    expect(pendingReturnRequest(c)).toBeUndefined();
  });

  it('a case the city handed to a county’s unit is decided by the city, not the county', () => {
    const byCity = handoff(applyCommand(assigned(), { action: 'return', reason: '重新分办' }, { at: ASSIGNED_AT, actor: 'tonglu-office' }).case, { action: 'assign', lead: '330122-hrss', by: 'hz-office', byJurisdiction: '330100' }, ASSIGNED_AT).case;
    const { case: c } = requested(windowClosed(byCity));
    expect(c.returnRequest!.approvalBy).toBe('330100');
    expect(allowedActions(cityOffice, c, province.tree)).toContain('decideReturnRequest');
    expect(allowedActions(office, c, province.tree)).not.toContain('decideReturnRequest');
  });

  describe('a request the office leaves undecided is reminded once (the regulation sets no time; the province 3 working days)', () => {
    // Asked Tuesday 1 December, 09:00: three full working days (2, 3, 4 December), reminded Monday 7 December at 09:00.
    const REMIND_AT = '2026-12-07T01:00:00.000Z';
    // Its handling clock planned by the sweep: next due for the 20% reminder in January.
    const planned = (): Case => {
      const c = windowClosed();
      return { ...c, chase: { clock: 'handling', deadline: c.deadlines.handling!, reminded: [], escalated: [], nextAt: '2027-01-07T16:00:00.000Z' } };
    };
    const withReminder = (c: Case = planned()) =>
      requestReturnApproval(c, REASONS, { at: AFTER, actor: 'tonglu-hrss-head', reminder: { workingDays: province.returnRequestReminderWorkingDaysFor('330122'), calendar: province.calendar } });

    it('is due on the morning of the working day after its working days, and the sweep watches for it', () => {
      expect(province.returnRequestReminderWorkingDaysFor('330122')).toBe(3);
      const { case: c } = withReminder();
      expect(c.returnRequest!.remindAt).toBe(REMIND_AT);
      expect(decisionReminderAt(AFTER, 3, province.calendar)).toBe(REMIND_AT);
      // The chase of the handling clock comes later: the reminder is what the sweep looks for next.
      expect(sweepDueAt(c)).toBe(REMIND_AT);
    });

    it('is recorded once, naming the office and the unit, and then the case is due for its chase again', () => {
      const { case: c } = withReminder();
      expect(remindReturnRequest(c, '2026-12-07T00:59:00.000Z', 'system:sweep')).toBeUndefined();
      const reminded = remindReturnRequest(c, REMIND_AT, 'system:sweep')!;
      expect(reminded.event).toMatchObject({ type: 'noted', actor: 'system:sweep', detail: { returnRequestReminded: { unit: '330122-hrss', approvalBy: '330122', requestedAt: AFTER } } });
      expect(reminded.case.returnRequest).toMatchObject({ status: 'requested', remindedAt: REMIND_AT });
      expect(remindReturnRequest(reminded.case, '2026-12-08T01:00:00.000Z', 'system:sweep')).toBeUndefined();
      expect(sweepDueAt(reminded.case)).toBe('2027-01-07T16:00:00.000Z');
    });

    it('is set per province and per office; a value out of range stops the configuration with its path', () => {
      const raw = parseYaml(readFileSync(new URL('../../config/province.yaml', import.meta.url), 'utf8')) as { defaults: Record<string, unknown>; jurisdictions: Record<string, unknown>[] };
      raw.jurisdictions.find((j) => j.code === '330122')!.returnRequestReminderWorkingDays = 1;
      const custom = parseProvinceConfig(raw, 'test configuration');
      expect(custom.returnRequestReminderWorkingDaysFor('330122')).toBe(1);
      expect(custom.returnRequestReminderWorkingDaysFor('330100')).toBe(3);
      raw.defaults.returnRequestReminderWorkingDays = -1;
      expect(() => parseProvinceConfig(raw, 'test configuration')).toThrow(/defaults\.returnRequestReminderWorkingDays/);
    });

    it('is not sent once the request is answered, nor where the office reminds nobody (0 working days)', () => {
      const refused = refuseReturnRequest(withReminder().case, '拖欠工资属劳动保障监察职责', { at: '2026-12-02T01:00:00.000Z', actor: 'tonglu-office' }).case;
      expect(remindReturnRequest(refused, REMIND_AT, 'system:sweep')).toBeUndefined();
      const never = requestReturnApproval(windowClosed(), REASONS, { at: AFTER, actor: 'tonglu-hrss-head', reminder: { workingDays: 0, calendar: province.calendar } }).case;
      expect(never.returnRequest!.remindAt).toBeUndefined();
      expect(remindReturnRequest(never, '2027-01-01T01:00:00.000Z', 'system:sweep')).toBeUndefined();
    });
  });
});
