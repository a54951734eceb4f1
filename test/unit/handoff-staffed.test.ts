import { describe, expect, it } from 'vitest';
import { planHandoff } from '../../shared/app/handoff/plan.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import type { Case } from '../../shared/domain/case.js';
import { RuleViolation } from '../../shared/domain/errors.js';
import { Province } from '../../shared/domain/province.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

// A case handed to an office's own list must reach someone: 分水镇 has no petitions office staff in the system, 富春江镇 has.
const province = loadProvinceConfig(DEMO_CONFIG);

const accepted: Case = {
  caseNumber: '330122-2026-000300',
  jurisdiction: '330122',
  receivingOffice: '330122',
  channel: 'letter',
  status: 'accepted',
  matter: '分水镇某村道路损坏多年无人修。',
  petitioner: { anonymous: false, name: '张伟' },
  urgent: false,
  reviewLevel: 0,
  receivedAt: '2026-11-20T01:15:00.000Z',
  registeredAt: '2026-11-20T01:20:00.000Z',
  registeredBy: 'tonglu-registrar',
  deadlines: {},
  attachments: [],
  version: 2,
  updatedAt: '2026-11-20T01:20:00.000Z',
};

const transfer = (toJurisdiction: string, lead?: string) => ({
  id: `t-${toJurisdiction}-${lead ?? 'office'}`,
  action: 'transfer' as const,
  caseNumber: accepted.caseNumber,
  toJurisdiction,
  reason: '属地',
  cooperating: [],
  ...(lead ? { lead } : {}),
  by: 'tonglu-office',
  byJurisdiction: '330122',
});

describe('handing a case down to a township by hand', () => {
  it('is refused to an office with nobody in the system to take it up, saying what to do instead', () => {
    expect(() => planHandoff(accepted, transfer('330122109'), province, '2026-11-21T01:00:00.000Z')).toThrow(RuleViolation);
    expect(() => planHandoff(accepted, transfer('330122109'), province, '2026-11-21T01:00:00.000Z')).toThrow(/no staff in the system.*name a unit there/);
  });

  it('goes to a staffed unit of a township, or to a staffed township office', () => {
    expect(planHandoff(accepted, transfer('330122101', '330122101-enforcement'), province, '2026-11-21T01:00:00.000Z').case).toMatchObject({
      jurisdiction: '330122101',
      handling: { lead: '330122101-enforcement' },
    });
    expect(planHandoff(accepted, transfer('330122101'), province, '2026-11-21T01:00:00.000Z').case).toMatchObject({ jurisdiction: '330122101' });
  });
});

const assign = (lead: string, cooperating: string[] = []) => ({
  id: `a-${lead}`,
  action: 'assign' as const,
  caseNumber: accepted.caseNumber,
  lead,
  cooperating,
  by: 'tonglu-office',
  byJurisdiction: '330122',
});

// 谁承办谁答复: only the lead unit's own staff conclude and answer; 桐庐县教育局 and 分水镇村镇建设办公室 have nobody in the demo.
describe('giving a case to a unit with nobody in the system', () => {
  const at = '2026-11-21T01:00:00.000Z';

  it('is refused as lead of an assignment, naming the unit and what to do instead', () => {
    expect(() => planHandoff(accepted, assign('330122-education'), province, at)).toThrow(RuleViolation);
    expect(() => planHandoff(accepted, assign('330122-education'), province, at)).toThrow(
      '桐庐县教育局 has no staff in the system (no handler or unit head), so nobody could conclude the case there: choose a lead unit with staff (桐庐县教育局 may cooperate), or keep the case and handle it in the office (自办)',
    );
  });

  it('is refused as lead of a transfer, even to a township whose office could not take the case either', () => {
    expect(() => planHandoff(accepted, transfer('330122109', '330122109-construction'), province, at)).toThrow(/^分水镇村镇建设办公室 has no staff in the system/);
    expect(() => planHandoff(accepted, transfer('330122', '330122-education'), province, at)).toThrow(/^桐庐县教育局 has no staff in the system/);
  });

  it('may still cooperate with a staffed lead: the lead concludes, with or without its opinion', () => {
    expect(planHandoff(accepted, assign('330122-housing', ['330122-education']), province, at).case).toMatchObject({
      status: 'assigned',
      handling: { lead: '330122-housing', cooperating: ['330122-education'] },
    });
  });

  it('a staffed unit gets the case as before', () => {
    expect(planHandoff(accepted, assign('330122-ecology'), province, at).case).toMatchObject({ status: 'assigned', handling: { lead: '330122-ecology' } });
  });

  it('a configuration that names no staff at all takes every unit as staffed', () => {
    const nobodyNamed = new Province({ ...province.config, staff: [] }, province.calendar);
    expect(planHandoff(accepted, assign('330122-education'), nobodyNamed, at).case).toMatchObject({ status: 'assigned', handling: { lead: '330122-education' } });
  });
});

// 首问责任制 within an office: the 承办人 of a unit answers for the case while the unit works it, not after.
describe('the handling official when the case moves between units of one county', () => {
  const at = '2026-11-21T01:00:00.000Z';
  const workedByHousing: Case = { ...accepted, status: 'assigned', handling: { lead: '330122-housing', cooperating: [] }, owner: 'tonglu-housing-handler' };

  it('is no longer the housing bureau’s handler once another unit leads it (off their 我承办的 list), unless housing still cooperates', () => {
    expect(planHandoff(workedByHousing, transfer('330122', '330122-ecology'), province, at).case.owner).toBeUndefined();
    const stillCooperating = { ...transfer('330122', '330122-ecology'), cooperating: ['330122-housing'] };
    expect(planHandoff(workedByHousing, stillCooperating, province, at).case.owner).toBe('tonglu-housing-handler');
  });

  it('stays with the petitions office’s own staff member who took it on, whichever unit works it', () => {
    const officeOwned: Case = { ...workedByHousing, owner: 'tonglu-office' };
    expect(planHandoff(officeOwned, transfer('330122', '330122-ecology'), province, at).case.owner).toBe('tonglu-office');
  });
});
