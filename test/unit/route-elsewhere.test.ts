import { describe, expect, it } from 'vitest';
import { routeCase } from '../../shared/app/routing/route-case.js';
import type { CaseCommit } from '../../shared/app/ports.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import type { Case } from '../../shared/domain/case.js';
import { registerPetition } from '../../shared/domain/registration.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

/** A matter that happened in another place is staff's to forward (转送) or keep: the router neither assigns it nor hands it on. */
const province = loadProvinceConfig(DEMO_CONFIG);
const clock = { now: () => new Date('2026-12-07T01:05:00Z') };

function routed(jurisdiction: string, matter: string, address: string) {
  const receivedAt = '2026-12-07T09:00:00+08:00';
  let current: Case = registerPetition(
    { jurisdiction, channel: 'letter', receivedAt, subject: '反映问题', matter, petitioner: { anonymous: false, name: '张伟', address } },
    { caseNumber: `${jurisdiction}-2026-000031`, at: receivedAt, actor: 'tonglu-registrar', timeLimits: province.timeLimitsFor(jurisdiction), calendar: province.calendar, units: [] },
  ).case;
  const store = {
    get: async () => ({ case: current, events: [], messages: [] }),
    getCaseRecord: async () => current,
    commit: async (change: CaseCommit) => ((current = change.case), 'committed' as const),
  };
  return { run: () => routeCase({ store, province, clock }, { caseNumber: current.caseNumber, reason: 'registered' }), current: () => current };
}

describe('another place’s matter', () => {
  it('written to a township: on its triage list, not transferred up to the county’s bureau', async () => {
    const bed = routed('330122101', '德清县新市镇某化工厂夜间偷排污水，河水发黑发臭。', '桐庐县富春江镇俞赵村');
    expect((await bed.run()).outcome).toBe('triage');
    expect(bed.current()).toMatchObject({ jurisdiction: '330122101', status: 'registered' });
    expect(bed.current().triage?.reasons.at(-1)).toContain('事项涉及德清县、新市镇，不在富春江镇辖区内');
  });

  it('written to the city by a 桐庐 petitioner: on the city’s triage list, not handed down to 桐庐县', async () => {
    const bed = routed('330100', '德清县新市镇某化工厂夜间偷排污水，河水发黑发臭。', '桐庐县城南街道迎春路8号');
    expect((await bed.run()).outcome).toBe('triage');
    expect(bed.current().jurisdiction).toBe('330100');
  });
});
