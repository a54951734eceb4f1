import { describe, expect, it } from 'vitest';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { handoffCommandSchema } from '../../shared/app/handoff/commands.js';
import { planHandoff } from '../../shared/app/handoff/plan.js';
import type { Case } from '../../shared/domain/case.js';
import { applyCommand } from '../../shared/domain/lifecycle.js';
import { registerPetition } from '../../shared/domain/registration.js';
import { reportBackOffices } from '../../shared/domain/report-back.js';
import { ledgerEntryOf } from '../../shared/domain/ledger.js';
import { withSupervisor } from '../../shared/domain/supervision.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

/** 交办 down the tree: every office that handed the case down is owed its result, whoever handed it on after. */
const province = loadProvinceConfig(DEMO_CONFIG);

function atProvince(): Case {
  const registered = registerPetition(
    { jurisdiction: '330000', channel: 'letter', receivedAt: '2026-12-01T01:00:00.000Z', subject: '小区楼顶漏水', matter: '桐庐县城南小区楼顶漏水多年无人维修。', petitioner: { anonymous: false, name: '张伟' } },
    { caseNumber: '330000-2026-000012', at: '2026-12-01T01:05:00.000Z', actor: 'zj-registrar', timeLimits: province.timeLimitsFor('330000'), calendar: province.calendar, units: [] },
  ).case;
  return applyCommand(registered, { action: 'accept' }, { at: '2026-12-01T02:00:00.000Z', actor: 'zj-office' }).case;
}
const handoff = (c: Case, command: Record<string, unknown>, at: string) => planHandoff(c, handoffCommandSchema.parse({ caseNumber: c.caseNumber, ...command }), province, at).case;

describe('交办 report-back down the tree', () => {
  const atCity = handoff(atProvince(), { id: 'h-1', action: 'transfer', toJurisdiction: '330100', by: 'zj-office', byJurisdiction: '330000', reason: '交杭州市办理' }, '2026-12-02T02:00:00.000Z');
  const atCounty = handoff(atCity, { id: 'h-2', action: 'assign', lead: '330122-housing', by: 'hz-office', byJurisdiction: '330100' }, '2026-12-03T02:00:00.000Z');

  it('the city that passes a 省交办件 on owes the province still: both are reported to, nearest first', () => {
    expect(reportBackOffices(atCity)).toEqual(['330000']);
    expect(atCounty).toMatchObject({ jurisdiction: '330122', reportBackTo: '330100', reportBackAbove: ['330000'] });
  });

  it('the lists tag the case with every office above owed its result, and whether it handed it down or supervises it', () => {
    expect(ledgerEntryOf(atProvince()).superiors).toBeUndefined();
    expect(ledgerEntryOf(atCounty).superiors).toEqual([
      { office: '330100', relation: 'assigned' },
      { office: '330000', relation: 'assigned' },
    ]);
    // A case of the county's own that the city presses (上级督办) is the city's 督办件; the province's hand-down stays 交办.
    const { reportBackTo: _r, reportBackAbove: _a, ...own } = atCounty;
    expect(ledgerEntryOf(withSupervisor(own, '330100', province.tree)).superiors).toEqual([{ office: '330100', relation: 'supervised' }]);
    expect(ledgerEntryOf(withSupervisor(atCounty, '330000', province.tree)).superiors).toEqual([
      { office: '330100', relation: 'assigned' },
      { office: '330000', relation: 'assigned' },
    ]);
  });

  it('returned to the city, the case owes the province alone again', () => {
    const back = handoff(atCounty, { id: 'h-3', action: 'return', by: 'tonglu-housing-head', byJurisdiction: '330122', reason: '不属本单位职责' }, '2026-12-04T02:00:00.000Z');
    expect(back.jurisdiction).toBe('330100');
    expect(reportBackOffices(back)).toEqual(['330000']);
  });
});
