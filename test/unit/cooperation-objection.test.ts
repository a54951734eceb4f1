import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { handoffCommandSchema } from '../../shared/app/handoff/commands.js';
import { planHandoff } from '../../shared/app/handoff/plan.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import type { Actor } from '../../shared/domain/access.js';
import { allowedActions } from '../../shared/domain/allowed-actions.js';
import type { Case } from '../../shared/domain/case.js';
import { opinionsMissing } from '../../shared/domain/cooperation.js';
import { decideCooperationObjection, objectToCooperation, pendingCooperationObjections } from '../../shared/domain/cooperation-objection.js';
import { InvalidTransition, RuleViolation } from '../../shared/domain/errors.js';
import { applyCommand } from '../../shared/domain/lifecycle.js';
import { registerPetition } from '../../shared/domain/registration.js';

const province = loadProvinceConfig(fileURLToPath(new URL('../../config/province.yaml', import.meta.url)));
// Named on Monday 23 November 2026, 10:00 China time: 5 working days run to the end of Monday 30 November.
const NAMED_AT = '2026-11-23T02:00:00.000Z';
const WITHIN = '2026-11-30T08:00:00.000Z';
const REASON = '该工地不属于生态环境部门监管范围，本单位不承担该事项的配合职责';
const ecologyHandler: Actor = { staffId: 'tonglu-ecology-handler', jurisdiction: '330122', unit: '330122-ecology', roles: ['handler'] };
const office: Actor = { staffId: 'tonglu-office', jurisdiction: '330122', roles: ['petitionsOffice'] };

function assigned(at = NAMED_AT): Case {
  const registered = registerPetition(
    { jurisdiction: '330122', channel: 'letter', receivedAt: '2026-11-20T01:15:00.000Z', matter: '某工地夜间施工噪声扰民，并拖欠工人工资。', petitioner: { anonymous: false, name: '王强' } },
    { caseNumber: '330122-2026-000311', at: '2026-11-20T01:20:00.000Z', actor: 'tonglu-registrar', timeLimits: province.timeLimitsFor('330122'), calendar: province.calendar, units: [] },
  ).case;
  const accepted = applyCommand(registered, { action: 'accept' }, { at: '2026-11-20T02:00:00.000Z', actor: 'tonglu-office' }).case;
  const command = handoffCommandSchema.parse({ id: 'h-1', caseNumber: accepted.caseNumber, byJurisdiction: '330122', action: 'assign', lead: '330122-hrss', cooperating: ['330122-ecology', '330122-market'], by: 'tonglu-office' });
  return planHandoff(accepted, command, province, at).case;
}

const objects = (c: Case, at = WITHIN, reason = REASON) => objectToCooperation(c, reason, { at, actor: 'tonglu-ecology-handler', unit: '330122-ecology' });

describe('条例 第二十三条 for a cooperating unit: it objects to being named within 5 working days', () => {
  it('within the window the objection waits for the office that named it, the unit still cooperating', () => {
    const { case: c, event } = objects(assigned());
    expect(pendingCooperationObjections(c)).toEqual([expect.objectContaining({ unit: '330122-ecology', reason: REASON, decidesBy: '330122', namedAt: NAMED_AT, status: 'objected' })]);
    expect(c.handling?.cooperating).toEqual(['330122-ecology', '330122-market']);
    expect(event).toMatchObject({ type: 'cooperationObjected', actor: 'tonglu-ecology-handler', reason: REASON, detail: { unit: '330122-ecology', decidesBy: '330122' } });
  });

  it('after 5 working days it may not object by itself: the refusal names the day the window closed', () => {
    expect(() => objects(assigned(), '2026-12-01T01:00:00.000Z')).toThrow(RuleViolation);
    expect(() => objects(assigned(), '2026-12-01T01:00:00.000Z')).toThrow(/ended on 2026-11-30/);
    try {
      objects(assigned(), '2026-12-01T01:00:00.000Z');
    } catch (error) {
      expect((error as RuleViolation).chinese).toMatch(/2026年11月30日/);
    }
  });

  it('中止 stops the 5 working days too: while the case is suspended with days of the window left, the unit may still object', () => {
    // Suspended on Wednesday 25 November, three of the five working days left; still suspended on Wednesday 2 December.
    const suspended: Case = { ...assigned(), suspensions: [{ clock: 'handling', ground: 'appraisal', reason: '等待噪声检测结论', suspendedAt: '2026-11-25T02:00:00.000Z', suspendedBy: 'tonglu-office' }] };
    const later = '2026-12-02T02:00:00.000Z';
    expect(allowedActions(ecologyHandler, suspended, province.tree, { at: later } as never)).toContain('objectCooperation');
    expect(pendingCooperationObjections(objects(suspended, later).case)).toHaveLength(1);
    // Suspended after the window had ended, it stays ended.
    const lateSuspension: Case = { ...suspended, suspensions: [{ ...suspended.suspensions![0]!, suspendedAt: '2026-12-01T02:00:00.000Z' }] };
    expect(() => objects(lateSuspension, later)).toThrow(/ended on 2026-11-30/);
  });

  it('once per naming, with its reasons, and only a unit cooperating on the case', () => {
    const once = objects(assigned()).case;
    expect(() => objects(once)).toThrow(/once/);
    expect(() => objects(assigned(), WITHIN, '  ')).toThrow(RuleViolation);
    expect(() => objectToCooperation(assigned(), REASON, { at: WITHIN, actor: 'tonglu-housing-handler', unit: '330122-housing' })).toThrow(RuleViolation);
    const concluded = { ...assigned(), status: 'concluded' as const };
    expect(() => objects(concluded)).toThrow(InvalidTransition);
  });

  it('the office agrees: the unit leaves the cooperating list, recorded with who, when and why, and no opinion is waited for from it', () => {
    const objected = objects(assigned()).case;
    expect(opinionsMissing(objected)).toContain('330122-ecology');
    const { case: c, event } = decideCooperationObjection(objected, '330122-ecology', { agree: true, reason: '' }, { at: '2026-12-02T01:00:00.000Z', actor: 'tonglu-office' });
    expect(c.handling).toEqual({ lead: '330122-hrss', cooperating: ['330122-market'] });
    expect(opinionsMissing(c)).toEqual(['330122-market']);
    expect(pendingCooperationObjections(c)).toEqual([]);
    expect(c.cooperationObjections?.[0]).toMatchObject({ status: 'agreed', decidedBy: 'tonglu-office', decidedAt: '2026-12-02T01:00:00.000Z' });
    expect(event).toMatchObject({ type: 'cooperationReleased', actor: 'tonglu-office', reason: REASON, detail: { unit: '330122-ecology', objectedBy: 'tonglu-ecology-handler' } });
  });

  it('the office refuses with its reasons: the unit stays and must cooperate, and may not object again to the same naming', () => {
    const objected = objects(assigned()).case;
    expect(() => decideCooperationObjection(objected, '330122-ecology', { agree: false, reason: ' ' }, { at: '2026-12-02T01:00:00.000Z', actor: 'tonglu-office' })).toThrow(RuleViolation);
    const { case: c, event } = decideCooperationObjection(objected, '330122-ecology', { agree: false, reason: '噪声扰民属生态环境部门职责' }, { at: '2026-12-02T01:00:00.000Z', actor: 'tonglu-office' });
    expect(c.handling?.cooperating).toContain('330122-ecology');
    expect(c.cooperationObjections?.[0]).toMatchObject({ status: 'refused', refusal: '噪声扰民属生态环境部门职责' });
    expect(event).toMatchObject({ type: 'cooperationObjectionRefused', reason: '噪声扰民属生态环境部门职责', detail: { unit: '330122-ecology' } });
    expect(() => objects(c)).toThrow(/once/);
    expect(() => decideCooperationObjection(c, '330122-ecology', { agree: true, reason: '' }, { at: '2026-12-02T02:00:00.000Z', actor: 'tonglu-office' })).toThrow(InvalidTransition);
  });

  it('named again by a new handoff, the unit may object to that naming', () => {
    const refused = decideCooperationObjection(objects(assigned()).case, '330122-ecology', { agree: false, reason: '属于职责' }, { at: '2026-12-02T01:00:00.000Z', actor: 'tonglu-office' }).case;
    const renamed = planHandoff(
      refused,
      handoffCommandSchema.parse({ id: 'h-2', caseNumber: refused.caseNumber, byJurisdiction: '330122', action: 'transfer', toJurisdiction: '330122', lead: '330122-housing', cooperating: ['330122-ecology'], by: 'tonglu-office', reason: '改由住建局牵头' }),
      province,
      '2026-12-03T02:00:00.000Z',
    ).case;
    expect(pendingCooperationObjections(objects(renamed, '2026-12-04T02:00:00.000Z').case)).toHaveLength(1);
  });

  it('an objection left waiting when a new handoff names the unit again no longer waits: it was about the earlier naming, and the new one may be objected to once', () => {
    const waiting = objects(assigned()).case;
    const renamed = planHandoff(
      waiting,
      handoffCommandSchema.parse({ id: 'h-2', caseNumber: waiting.caseNumber, byJurisdiction: '330122', action: 'transfer', toJurisdiction: '330122', lead: '330122-housing', cooperating: ['330122-ecology'], by: 'tonglu-office', reason: '改由住建局牵头' }),
      province,
      '2026-12-03T02:00:00.000Z',
    ).case;
    expect(pendingCooperationObjections(renamed)).toEqual([]);
    expect(allowedActions(office, renamed, province.tree)).not.toContain('decideCooperationObjection');
    const again = objects(renamed, '2026-12-04T02:00:00.000Z').case;
    expect(pendingCooperationObjections(again)).toEqual([expect.objectContaining({ unit: '330122-ecology', namedAt: '2026-12-03T02:00:00.000Z' })]);
    // The office decides the objection to the naming that stands, not the earlier one.
    const { case: decided } = decideCooperationObjection(again, '330122-ecology', { agree: true, reason: '' }, { at: '2026-12-05T02:00:00.000Z', actor: 'tonglu-office' });
    expect(decided.cooperationObjections?.map((o) => [o.namedAt, o.status])).toEqual([
      [NAMED_AT, 'objected'],
      ['2026-12-03T02:00:00.000Z', 'agreed'],
    ]);
  });

  it('a decision asked for once the case is no longer handled is refused saying why, in Chinese', () => {
    const objected = objects(assigned()).case;
    const refusal = (c: Case) => {
      try {
        decideCooperationObjection(c, '330122-ecology', { agree: true, reason: '' }, { at: '2026-12-02T01:00:00.000Z', actor: 'tonglu-office' });
      } catch (error) {
        return (error as InvalidTransition).chinese;
      }
      return undefined;
    };
    expect(refusal({ ...objected, status: 'concluded' })).toBe('该事项已办结，协办异议不再审批');
    expect(refusal({ ...objected, status: 'withdrawn' })).toBe('该事项已撤回，协办异议不再审批');
    expect(refusal({ ...objected, handling: { lead: '330122-hrss', cooperating: ['330122-market'] } })).toBe('该单位已不是该事项的协办单位，协办异议无需审批');
    expect(refusal(assigned())).toBe('该单位没有待审批的协办异议');
  });

  it('the actions offered: the cooperating unit within its window, the office that named it while an objection waits', () => {
    const c = assigned();
    expect(allowedActions(ecologyHandler, c, province.tree, { at: WITHIN } as never)).toContain('objectCooperation');
    expect(allowedActions(ecologyHandler, c, province.tree, { at: '2026-12-01T01:00:00.000Z' } as never)).not.toContain('objectCooperation');
    expect(allowedActions(office, c, province.tree)).not.toContain('decideCooperationObjection');
    const objected = objects(c).case;
    expect(allowedActions(ecologyHandler, objected, province.tree)).not.toContain('objectCooperation');
    expect(allowedActions(office, objected, province.tree)).toContain('decideCooperationObjection');
    expect(allowedActions(ecologyHandler, objected, province.tree)).not.toContain('decideCooperationObjection');
  });
});
