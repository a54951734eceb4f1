import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { handoffCommandSchema } from '../../shared/app/handoff/commands.js';
import { planHandoff } from '../../shared/app/handoff/plan.js';
import { handingDown } from '../../shared/app/routing/hand-down.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import type { Actor } from '../../shared/domain/access.js';
import { assertMayDecide } from '../../shared/domain/access.js';
import { allowedActions } from '../../shared/domain/allowed-actions.js';
import type { Case } from '../../shared/domain/case.js';
import { InvalidTransition, RuleViolation } from '../../shared/domain/errors.js';
import { applyCommand } from '../../shared/domain/lifecycle.js';
import { objectToHandDown } from '../../shared/domain/objection.js';
import { registerPetition } from '../../shared/domain/registration.js';

/**
 * 条例 第二十三条 for a petitions office: 杭州市信访局 hands a letter about a
 * place in another county down to 桐庐县信访局, which may send it back within
 * 5 working days of receipt, as a unit may object to a 交办.
 */
const province = loadProvinceConfig(fileURLToPath(new URL('../../config/province.yaml', import.meta.url)));
const at = (day: string, time = '10:00') => new Date(`${day}T${time}:00+08:00`).toISOString();
const endOf = (day: string) => new Date(Date.parse(`${day}T00:00:00+08:00`) + 86_400_000).toISOString();
const tongluOffice: Actor = { staffId: 'tonglu-office', jurisdiction: '330122', roles: ['petitionsOffice'] };
const cityOffice: Actor = { staffId: 'hz-office', jurisdiction: '330100', roles: ['petitionsOffice'] };
const REASON = '信中反映的小区位于建德市新安江街道，不在桐庐县辖区';
const names = { officeName: (code: string) => province.jurisdiction(code).office.name, tree: province.tree };

/** A letter to 杭州市信访局, received Mon 28 Sep 2026. */
function atCity(): Case {
  return registerPetition(
    { jurisdiction: '330100', channel: 'letter', receivedAt: at('2026-09-28', '09:00'), matter: '小区楼顶漏水三个月，物业不予维修，请求督促处理。', petitioner: { anonymous: false, name: '张伟' } },
    { caseNumber: '330100-2026-000457', at: at('2026-09-28', '09:10'), actor: 'hz-registrar', timeLimits: province.timeLimitsFor('330100'), calendar: province.calendar, units: [] },
  ).case;
}

/** Handed down by the router on Tue 29 Sep 10:00: 5 working days are 30 Sep, 8, 9, Sat 10 (调休) and 12 Oct — until the end of Mon 12 Oct. */
const handedDown = (): Case => handingDown(province, atCity(), '330122', ['地址：桐庐县'], at('2026-09-29'))!.case;
const UNTIL = endOf('2026-10-12');

describe('an office a case is handed down to may object within 5 working days (条例第二十三条)', () => {
  it('the router’s hand-down opens the window over 国庆, counting the worked Saturday, and keeps the city’s clocks for a return', () => {
    const city = atCity();
    const { case: c, event } = handingDown(province, city, '330122', ['地址：桐庐县'], at('2026-09-29'))!;
    expect(c.objectionWindow).toEqual({ unit: 'office:330122', from: '330100', receivedAt: at('2026-09-29'), until: UNTIL, senderDeadlines: city.deadlines });
    expect(event.detail).toMatchObject({ objectionUntil: UNTIL });
  });

  it('a staff 转送 down to the county opens it too; one up to the province does not', () => {
    const forward = (to: string) =>
      planHandoff(atCity(), handoffCommandSchema.parse({ id: 'h-1', caseNumber: '330100-2026-000457', byJurisdiction: '330100', action: 'transfer', toJurisdiction: to, by: 'hz-office', reason: '属地处理' }), province, at('2026-09-29')).case;
    expect(forward('330122').objectionWindow).toMatchObject({ unit: 'office:330122', from: '330100', until: UNTIL });
    expect(forward('330000').objectionWindow).toBeUndefined();
  });

  it('on the last day the county sends it back: at the city again, on its triage list marked as returned, with the city’s clocks', () => {
    const city = atCity();
    const { case: c, event } = objectToHandDown(handedDown(), `  ${REASON} `, { at: at('2026-10-12', '16:30'), actor: 'tonglu-office' }, names);
    expect(c).toMatchObject({ status: 'registered', jurisdiction: '330100', deadlines: city.deadlines });
    expect(c.triage).toEqual({ since: at('2026-10-12', '16:30'), reasons: [`桐庐县信访局提出异议退回：${REASON}`], returnedBy: '330122' });
    expect(c.objectionWindow).toBeUndefined();
    expect(c.reportBackTo).toBeUndefined();
    expect(event).toMatchObject({ type: 'returned', actor: 'tonglu-office', reason: REASON, detail: { handDownObjected: true, fromJurisdiction: '330122', backTo: '330100', objectionUntil: UNTIL } });
  });

  it('the next morning it is refused, saying in Chinese the day the window closed', () => {
    const late = () => objectToHandDown(handedDown(), REASON, { at: at('2026-10-13', '09:00'), actor: 'tonglu-office' }, names);
    expect(late).toThrow(RuleViolation);
    try {
      late();
    } catch (error) {
      expect((error as RuleViolation).chinese).toBe(
        '对本次转送、交办提出异议的 5 个工作日已于2026年10月12日届满（《信访工作条例》第二十三条），不能再退回；确不属于本机关管辖的，请与杭州市信访局联系，由其收回或改送',
      );
    }
  });

  it('needs its reasons, and is not for a case the county accepted or one it was never handed', () => {
    expect(() => objectToHandDown(handedDown(), '  ', { at: at('2026-10-09'), actor: 'tonglu-office' }, names)).toThrow(/needs the reasons/);
    const accepted = applyCommand(handedDown(), { action: 'accept' }, { at: at('2026-09-30'), actor: 'tonglu-office' }).case;
    expect(() => objectToHandDown(accepted, REASON, { at: at('2026-10-09'), actor: 'tonglu-office' }, names)).toThrow(InvalidTransition);
    expect(() => objectToHandDown(atCity(), REASON, { at: at('2026-10-09'), actor: 'hz-office' }, names)).toThrow(InvalidTransition);
  });

  it('is offered to the county’s office while the window is open — not to the city above, nor after it closes or once accepted', () => {
    const c = handedDown();
    const now = (iso: string) => ({ at: iso, limits: province });
    expect(allowedActions(tongluOffice, c, province.tree, now(at('2026-10-12', '16:30')))).toContain('objectHandDown');
    expect(allowedActions(tongluOffice, c, province.tree, now(at('2026-10-13', '09:00')))).not.toContain('objectHandDown');
    expect(allowedActions(cityOffice, c, province.tree, now(at('2026-10-09')))).not.toContain('objectHandDown');
    expect(() => assertMayDecide(cityOffice, 'objectHandDown', c, province.tree)).toThrow();
    const accepted = applyCommand(c, { action: 'accept' }, { at: at('2026-09-30'), actor: 'tonglu-office' }).case;
    expect(allowedActions(tongluOffice, accepted, province.tree, now(at('2026-10-09')))).not.toContain('objectHandDown');
  });
});
