import { describe, expect, it } from 'vitest';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { accusableUnits } from '../../shared/app/accusable-units.js';
import { routingRequest } from '../../shared/app/outbox.js';
import { routeAtRegistration, routeCase } from '../../shared/app/routing/route-case.js';
import { registerPetition } from '../../shared/domain/registration.js';
import { reconsider } from '../../shared/domain/reconsideration.js';
import { VersionConflict } from '../../shared/domain/errors.js';
import type { Case, CaseEvent } from '../../shared/domain/case.js';
import type { CaseCommit } from '../../shared/app/ports.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

const province = loadProvinceConfig(DEMO_CONFIG);
const AT = '2026-11-20T01:20:00.000Z';

/** A one-case store with the version condition the real one has. */
function oneCaseStore(initial: Case, events: CaseEvent[]) {
  let current = initial;
  const commits: CaseCommit[] = [];
  return {
    commits,
    current: () => current,
    store: {
      get: async (n: string) => (n === current.caseNumber ? { case: current, events, messages: [] } : undefined),
      getCaseRecord: async (n: string) => (n === current.caseNumber ? current : undefined),
      commit: async (change: CaseCommit) => {
        const expected = change.case.version - 1 - (change.precededBy?.length ?? 0);
        if (current.version !== expected) throw new VersionConflict(current.caseNumber, expected);
        commits.push(change);
        current = change.case;
        return 'committed' as const;
      },
    },
  };
}

describe('a routing request that arrives late (redriven from its DLQ, a kept outbox item sent again)', () => {
  const registration = registerPetition(
    { jurisdiction: '330122', channel: 'email', receivedAt: '2026-11-20T01:15:00.000Z', subject: '工资纠纷', matter: '我已经申请了劳动仲裁，仲裁委正在审理，请信访局督促。', petitioner: { anonymous: false, name: '张伟', email: 'zhangwei@163.example' } },
    { caseNumber: '330122-2026-000001', at: AT, actor: 'system:intake', timeLimits: province.timeLimitsFor('330122'), calendar: province.calendar, units: accusableUnits(province) },
  );
  const deps = (store: ReturnType<typeof oneCaseStore>) => ({ province, store: store.store as never, clock: { now: () => new Date('2026-11-26T02:00:00.000Z') } });

  it('leaves a case the office reopened (撤销原决定) for the office: no second 不予受理', async () => {
    const routed = await routeAtRegistration({ province, store: { getCaseRecord: async () => undefined } }, { case: registration.case, outbox: [routingRequest(registration.case.caseNumber, 'registered')] }, AT);
    expect(routed.case.status).toBe('declined');
    const reopened = reconsider(routed.case, '原告知的途径有误，该事项属于信访事项', { at: '2026-11-25T02:00:00.000Z', actor: 'tonglu-office', settings: province.timeLimitsFor('330122'), calendar: province.calendar });
    expect(reopened.case.status).toBe('registered');

    const bed = oneCaseStore(reopened.case, [registration.event, ...routed.events, reopened.event]);
    const outcome = await routeCase(deps(bed), { caseNumber: registration.case.caseNumber, reason: 'registered' });

    expect(outcome.outcome).toBe('alreadyDecided');
    expect(bed.commits).toHaveLength(0);
    expect(bed.current().status).toBe('registered');
  });

  it('still routes a case registered and not yet decided', async () => {
    const bed = oneCaseStore(registration.case, [registration.event]);
    const outcome = await routeCase(deps(bed), { caseNumber: registration.case.caseNumber, reason: 'registered' });
    expect(outcome.outcome).toBe('decline');
    expect(bed.current().status).toBe('declined');
  });
});
