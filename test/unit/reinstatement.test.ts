import { describe, expect, it } from 'vitest';
import { loadProvinceConfig } from '../../shared/config/province.js';
import type { Case } from '../../shared/domain/case.js';
import { InvalidTransition } from '../../shared/domain/errors.js';
import { applyCommand } from '../../shared/domain/lifecycle.js';
import { registerPetition } from '../../shared/domain/registration.js';
import { reinstate } from '../../shared/domain/reinstatement.js';
import { explainedDeadlines } from '../../shared/domain/explain-deadline.js';
import { suspendClock } from '../../shared/domain/suspension.js';
import { withdraw } from '../../shared/domain/withdrawal.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

/** 恢复办理: a withdrawal undone takes the case up where it stood, its clock moved on by the days withdrawn. */
const province = loadProvinceConfig(DEMO_CONFIG);
const meta = (at: string) => ({ at, actor: 'tonglu-office', settings: province.timeLimitsFor('330122'), calendar: province.calendar });

function registered(): Case {
  return registerPetition(
    { jurisdiction: '330122', channel: 'letter', receivedAt: '2026-11-02T01:00:00.000Z', subject: '小区楼顶漏水', matter: '城南小区楼顶漏水多年无人维修。', petitioner: { anonymous: false, name: '张伟' } },
    { caseNumber: '330122-2026-000501', at: '2026-11-02T01:05:00.000Z', actor: 'tonglu-registrar', timeLimits: province.timeLimitsFor('330122'), calendar: province.calendar, units: [] },
  ).case;
}
const withdrawnAt = (c: Case, at: string) => withdraw(c, { how: 'phone', note: '不想反映了' }, { at, actor: 'tonglu-office' }).case;

describe('reinstate (恢复办理)', () => {
  it('takes a case withdrawn before acceptance back to 待受理, its acceptance limit moved on by the days withdrawn', () => {
    const c = registered();
    // Withdrawn on Tuesday 3 November, taken up again on Tuesday 10 November: 7 calendar days.
    const back = reinstate(withdrawnAt(c, '2026-11-03T02:00:00.000Z'), '信访人称撤回并非本人意愿', meta('2026-11-10T02:00:00.000Z'));
    expect(back.case.status).toBe('registered');
    expect(back.case.withdrawal).toBeUndefined();
    expect(Date.parse(back.case.deadlines.acceptance!) - Date.parse(c.deadlines.acceptance!)).toBeGreaterThanOrEqual(7 * 86_400_000);
    expect(back.event).toMatchObject({ type: 'reinstated', from: 'withdrawn', to: 'registered', detail: expect.objectContaining({ clock: 'acceptance', days: 7 }) });
  });

  it('explains the deadline it moved: the days withdrawn are in the explanation, which ends where the case’s deadline is', () => {
    const c = registered();
    const back = reinstate(withdrawnAt(c, '2026-11-03T02:00:00.000Z'), '信访人称撤回并非本人意愿', meta('2026-11-10T02:00:00.000Z'));
    const explained = explainedDeadlines(back.case).acceptance!;
    expect(explained.explanation.adjustments).toEqual([
      { kind: 'withdrawal', from: '2026-11-03', until: '2026-11-10', days: 7, count: 'calendar', at: '2026-11-10T02:00:00.000Z', deadline: { from: c.deadlines.acceptance, to: back.case.deadlines.acceptance }, countedFrom: '2026-11-17', countedLastDay: '2026-11-24' },
    ]);
    expect(explained.sentence).toContain('撤回后恢复办理，撤回期间7日不计入');
    expect(explained.at).toBe(back.case.deadlines.acceptance);
  });

  it('leaves a suspended clock for its resumption to move, so no day counts twice', () => {
    const handled = applyCommand(applyCommand(registered(), { action: 'accept' }, { at: '2026-11-03T02:00:00.000Z', actor: 'tonglu-office' }).case, { action: 'assign', lead: '330122-housing', cooperating: [] }, { at: '2026-11-03T03:00:00.000Z', actor: 'tonglu-office' }).case;
    const running = { ...handled, deadlines: { ...handled.deadlines, handling: '2027-01-05T16:00:00.000Z' } };
    const suspended = suspendClock(running, { ground: 'hearing', reason: '组织听证' }, { at: '2026-11-05T02:00:00.000Z', actor: 'tonglu-office', grounds: { hearing: '听证' } }).case;
    const back = reinstate(withdrawnAt(suspended, '2026-11-06T02:00:00.000Z'), '信访人称撤回并非本人意愿', meta('2026-11-16T02:00:00.000Z'));
    expect(back.case.status).toBe('assigned');
    expect(back.case.deadlines.handling).toBe(suspended.deadlines.handling);
  });

  it('gives the unit what was left of its days to object', () => {
    const c: Case = { ...registered(), status: 'assigned', handling: { lead: '330122-housing', cooperating: [] }, objectionWindow: { unit: '330122-housing', from: '330122', receivedAt: '2026-11-03T02:00:00.000Z', until: '2026-11-09T16:00:00.000Z' } };
    const back = reinstate(withdrawnAt(c, '2026-11-05T02:00:00.000Z'), '信访人称撤回并非本人意愿', meta('2026-11-12T02:00:00.000Z'));
    expect(Date.parse(back.case.objectionWindow!.until)).toBeGreaterThan(Date.parse('2026-11-12T02:00:00.000Z'));
  });

  it('refuses a case that is not withdrawn', () => {
    expect(() => reinstate(registered(), '恢复', meta('2026-11-10T02:00:00.000Z'))).toThrow(InvalidTransition);
  });
});
