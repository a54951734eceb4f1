import { describe, expect, it } from 'vitest';
import { handoffStatus, type HandoffStatusDeps } from '../../shared/app/handoff/handoff-status.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import type { Case, CaseEvent } from '../../shared/domain/case.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

const province = loadProvinceConfig(DEMO_CONFIG);
const office = { staffId: 'tonglu-office', jurisdiction: '330122', roles: province.staff('tonglu-office')!.roles };

const assigned = {
  caseNumber: '330122-2026-000401',
  jurisdiction: '330122',
  receivingOffice: '330122',
  channel: 'letter',
  status: 'assigned',
  subject: '欠薪',
  matter: '某公司拖欠工资三个月。',
  petitioner: { anonymous: false, name: '钱进' },
  urgent: false,
  reviewLevel: 0,
  handling: { lead: '330122-hrss', cooperating: [] },
  receivedAt: '2026-11-20T01:15:00.000Z',
  registeredAt: '2026-11-20T01:20:00.000Z',
  registeredBy: 'tonglu-office',
  deadlines: {},
  attachments: [],
  version: 6,
  updatedAt: '2026-12-02T02:00:00.000Z',
} as unknown as Case;

const refusal: CaseEvent = {
  caseNumber: assigned.caseNumber,
  seq: 6,
  type: 'handoffRefused',
  at: '2026-12-02T02:00:01.000Z',
  actor: 'system:handoff',
  reason: '该信访事项在您查看后已被修改1次（最近一次由 袁建军 修改）',
  detail: { commandId: 'cmd-2' },
};

describe('a 转办’s outcome looked up while the handoff function refuses it', () => {
  it('gives the refusal’s own reason, not a generic one, when the refusal lands between the two reads', async () => {
    // The refusal's event and its idempotency record are one transaction. A lookup that read the case before it
    // committed and the record after saw "refused" with no event, and answered a reason that says nothing.
    // The refusal commits right after the lookup's first read, whichever read that is.
    let committed = false;
    const read = <T>(value: () => T): T => {
      const seen = value();
      committed = true;
      return seen;
    };
    const deps: HandoffStatusDeps = {
      province,
      store: {
        get: async () => read(() => ({ case: assigned, events: committed ? [refusal] : [] })),
        findIdempotencyRecord: async () => read(() => (committed ? { outcome: 'refused:VersionConflict', caseNumber: assigned.caseNumber } : undefined)) as never,
      } as unknown as HandoffStatusDeps['store'],
    };
    const during = await handoffStatus(deps, assigned.caseNumber, 'cmd-2', office);
    // Still pending as far as this lookup can tell, or refused with the event's reason — never refused for no reason.
    if (during.status === 'refused') expect(during.reason).toBe(refusal.reason);
    else expect(during.status).toBe('pending');
    expect(await handoffStatus(deps, assigned.caseNumber, 'cmd-2', office)).toMatchObject({ status: 'refused', code: 'VersionConflict', reason: refusal.reason });
  });
});
