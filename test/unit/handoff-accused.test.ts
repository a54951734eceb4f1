import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { planHandoff } from '../../shared/app/handoff/plan.js';
import { handoffCommandSchema, type HandoffCommandInput } from '../../shared/app/handoff/commands.js';
import { assertMayDecide, assertMayRead, type Actor } from '../../shared/domain/access.js';
import type { Case } from '../../shared/domain/case.js';
import { OutOfScope, RuleViolation } from '../../shared/domain/errors.js';
import { applyCommand } from '../../shared/domain/lifecycle.js';
import { registerPetition } from '../../shared/domain/registration.js';
import { provinceUnits, routingContextFrom, withAccusedUnits } from '../../shared/domain/routing/index.js';

const province = loadProvinceConfig(fileURLToPath(new URL('../../config/province.yaml', import.meta.url)));
const UNITS = provinceUnits(routingContextFrom(province.config, province.tree));
const AT = '2026-11-20T03:00:00.000Z';
const ACCUSED = '330122-housing';
const housingHandler: Actor = { staffId: 'tonglu-housing-handler', jurisdiction: '330122', unit: ACCUSED, roles: ['handler'] };
const housingHead: Actor = { staffId: 'tonglu-housing-head', jurisdiction: '330122', unit: ACCUSED, roles: ['unitHead'] };

function registered(matter: string): Case {
  return registerPetition(
    { jurisdiction: '330122', channel: 'letter', receivedAt: '2026-11-20T01:15:00.000Z', matter, petitioner: { anonymous: false, name: '王强' } },
    { caseNumber: '330122-2026-000301', at: AT, actor: 'tonglu-registrar', timeLimits: province.timeLimitsFor('330122'), calendar: province.calendar, units: UNITS },
  ).case;
}
const accepted = (c: Case) => applyCommand(c, { action: 'accept' }, { at: AT, actor: 'tonglu-office' }).case;
/** A handoff by 桐庐县's office; the schema checks the rest. */
const plan = (c: Case, command: { action: HandoffCommandInput['action'] } & Record<string, unknown>) =>
  planHandoff(c, handoffCommandSchema.parse({ id: 'h-1', caseNumber: c.caseNumber, by: 'tonglu-office', byJurisdiction: '330122', ...command }), province, AT);
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
};

const REPORT = '我实名举报桐庐县住房和城乡建设局在危房改造补助发放中弄虚作假，请上级查处。';

describe('handoffs of a report registered moments ago (条例第三十条)', () => {
  const c = accepted(registered(REPORT));

  it('never reach the accused unit: not as lead, not as cooperating unit, not by transfer', () => {
    for (const command of [
      { action: 'assign', lead: ACCUSED },
      { action: 'assign', lead: '330122-hrss', cooperating: [ACCUSED] },
      { action: 'transfer', toJurisdiction: '330122', lead: ACCUSED, reason: '住建领域' },
      { action: 'transfer', toJurisdiction: '330122', lead: '330122-hrss', cooperating: [ACCUSED], reason: '住建领域' },
    ] as const) {
      expect(refusal(() => plan(c, command)), JSON.stringify(command)).toBeInstanceOf(RuleViolation);
    }
    expect(plan(c, { action: 'assign', lead: '330122-hrss' }).case.handling).toEqual({ lead: '330122-hrss', cooperating: [] });
  });
});

describe('a case that comes to accuse the unit handling it', () => {
  // Assigned to the bureau about a leaking roof; the petitioner's next letter accuses the bureau.
  const assigned = plan(accepted(registered('城南小区楼顶漏水三个月，请住建部门督促维修。')), { action: 'assign', lead: ACCUSED }).case;
  const grown = withAccusedUnits(assigned, UNITS, ['住建局一直拖着不办，我现在要举报桐庐县住房和城乡建设局不作为。']);

  it('is taken from the unit at once: its staff can neither read it nor act on it', () => {
    expect(grown.accusedUnits).toEqual([ACCUSED]);
    expect(() => assertMayRead(housingHandler, assigned, province.tree)).not.toThrow();
    expect(() => assertMayRead(housingHandler, grown, province.tree)).toThrow(OutOfScope);
    expect(() => assertMayDecide(housingHead, 'return', grown, province.tree)).toThrow(OutOfScope);
    expect(() => assertMayDecide(housingHead, 'conclude', grown, province.tree)).toThrow(OutOfScope);
  });

  it('goes back to the office on a return, not to any unit, and cannot be handed to the accused unit again', () => {
    const returned = plan(grown, { action: 'return', reason: '被举报单位回避' }).case;
    expect(returned.status).toBe('accepted');
    expect(returned.handling).toBeUndefined();
    expect(returned.jurisdiction).toBe('330122');
    expect(returned.accusedUnits).toEqual([ACCUSED]);
    expect(refusal(() => plan(returned, { action: 'assign', lead: ACCUSED }))).toBeInstanceOf(RuleViolation);
    expect(plan(returned, { action: 'assign', lead: '330122-market' }).case.handling?.lead).toBe('330122-market');
  });
});
