import { describe, expect, it } from 'vitest';
import { workListPage, type WorkListDeps } from '../../shared/app/work-lists.js';
import type { WorkListQuery } from '../../shared/app/ports.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import type { Actor } from '../../shared/domain/access.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

/**
 * A county leader decides for the townships below that have no leaders of
 * their own: their urgent matters and extension requests are on the
 * leader's lists, as their alerts and requests reach the leader by email.
 */
const province = loadProvinceConfig(DEMO_CONFIG);

function partitionsAsked(actor: Actor, list: 'urgent' | 'extensionRequests' | 'overdue') {
  const asked: WorkListQuery['partitions'][] = [];
  const store = { workListPage: async (query: WorkListQuery) => (asked.push(query.partitions), { items: [] }) } as unknown as WorkListDeps['store'];
  return workListPage({ store, province, clock: { now: () => new Date('2026-12-07T02:00:00Z') } }, actor, list, { limit: 20 }).then(() => asked[0]!);
}

describe('a county leader’s lists', () => {
  const leader: Actor = { staffId: 'tonglu-leader-petitions', jurisdiction: '330122', roles: ['leader'] };

  it('紧急 and 待审批延期 take in the townships without leaders: their offices and units', async () => {
    for (const list of ['urgent', 'extensionRequests'] as const) {
      const partitions = await partitionsAsked(leader, list);
      expect(partitions).toContainEqual({ office: '330122' });
      expect(partitions).toContainEqual({ office: '330122101' });
      expect(partitions).toContainEqual({ unit: '330122101-enforcement' });
    }
  });

  it('the county’s own work lists do not', async () => {
    const office: Actor = { staffId: 'tonglu-office', jurisdiction: '330122', roles: ['petitionsOffice'] };
    expect(await partitionsAsked(office, 'overdue')).not.toContainEqual({ office: '330122101' });
  });
});
