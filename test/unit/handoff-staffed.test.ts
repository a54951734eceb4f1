import { describe, expect, it } from 'vitest';
import { planHandoff } from '../../shared/app/handoff/plan.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import type { Case } from '../../shared/domain/case.js';
import { RuleViolation } from '../../shared/domain/errors.js';
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

  it('goes to a unit of that township, whose mailbox receives it, or to a staffed township office', () => {
    expect(planHandoff(accepted, transfer('330122109', '330122109-construction'), province, '2026-11-21T01:00:00.000Z').case).toMatchObject({ jurisdiction: '330122109' });
    expect(planHandoff(accepted, transfer('330122101'), province, '2026-11-21T01:00:00.000Z').case).toMatchObject({ jurisdiction: '330122101' });
  });
});
