import { describe, expect, it } from 'vitest';
import type { CasePage, CaseSummary } from '../../shared/app/ports.js';
import { listCases, type ReadDeps } from '../../shared/app/read-cases.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import type { Actor } from '../../shared/domain/access.js';
import { InvalidInput, OutOfScope } from '../../shared/domain/errors.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

/**
 * 全部在办 含下级: a higher level sees its subordinate levels (docs/domain.md). An office lists its own
 * jurisdiction's cases, then each level below, one jurisdiction's partitions a read (the cost of listing
 * that jurisdiction alone), within a bounded number of reads a page, with a cursor to go on.
 */
const province = loadProvinceConfig(DEMO_CONFIG);
const city: Actor = { staffId: 'hz-office', jurisdiction: '330100', roles: ['petitionsOffice'] };
const county: Actor = { staffId: 'tonglu-office', jurisdiction: '330122', roles: ['petitionsOffice'] };

const summary = (caseNumber: string, jurisdiction: string): CaseSummary => ({
  caseNumber,
  jurisdiction,
  status: 'inProgress',
  channel: 'letter',
  urgent: false,
  registeredAt: '2026-12-01T02:00:00.000Z',
  receivedAt: '2026-12-01T02:00:00.000Z',
});

/** byJurisdictionStatus as the store answers it: one jurisdiction a call, `limit` at a time, a cursor while more remain. */
function deps(cases: CaseSummary[]) {
  const asked: { jurisdiction: string; cursor?: string }[] = [];
  const listByJurisdiction = async (query: { jurisdiction: string; limit: number; cursor?: string }): Promise<CasePage> => {
    asked.push({ jurisdiction: query.jurisdiction, ...(query.cursor ? { cursor: query.cursor } : {}) });
    const own = cases.filter((c) => c.jurisdiction === query.jurisdiction);
    const from = query.cursor ? Number(query.cursor.split(':')[1]) : 0;
    const next = from + query.limit;
    return { items: own.slice(from, next), ...(next < own.length ? { cursor: `${query.jurisdiction}:${next}` } : {}) };
  };
  return {
    asked,
    deps: { store: { listByJurisdiction } as unknown as ReadDeps['store'], province, clock: { now: () => new Date('2026-12-07T02:00:00.000Z') } },
  };
}

async function pages(d: ReturnType<typeof deps>['deps'], actor: Actor, query: { jurisdiction: string; includeSubordinates?: boolean; limit: number }) {
  const all: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await listCases(d, { ...query, ...(cursor ? { cursor } : {}) }, actor);
    all.push(page.items.map((c) => c.caseNumber));
    cursor = page.cursor;
  } while (cursor && all.length < 50);
  return all;
}

const CASES = [
  summary('330100-2026-000001', '330100'),
  summary('330122-2026-000001', '330122'),
  summary('330122-2026-000002', '330122'),
  summary('330122-2026-000003', '330122'),
  summary('330122101-2026-000001', '330122101'),
  summary('330127103-2026-000001', '330127103'),
];

describe('全部在办 含下级', () => {
  it('lists the city’s own cases, then each level below it, each once, page after page', async () => {
    const { deps: d } = deps(CASES);
    const all = await pages(d, city, { jurisdiction: '330100', includeSubordinates: true, limit: 2 });
    expect(all.flat()).toEqual(CASES.map((c) => c.caseNumber));
    // Pages are full while cases remain.
    expect(all.slice(0, -1).every((page) => page.length === 2)).toBe(true);
  });

  it('lists the jurisdiction alone without it, as before', async () => {
    const { deps: d, asked } = deps(CASES);
    expect((await pages(d, city, { jurisdiction: '330100', limit: 2 })).flat()).toEqual(['330100-2026-000001']);
    expect(new Set(asked.map((a) => a.jurisdiction))).toEqual(new Set(['330100']));
  });

  it('reads at most 10 jurisdictions a page: a province of empty levels answers a short page with a cursor, never ending early', async () => {
    const far = summary('330522112-2026-000001', '330522112');
    const { deps: d, asked } = deps([far]);
    const first = await listCases(d, { jurisdiction: '330000', includeSubordinates: true, limit: 25 }, { staffId: 'zj-office', jurisdiction: '330000', roles: ['petitionsOffice'] });
    expect(asked).toHaveLength(10);
    expect(first.items).toEqual([]);
    expect(first.cursor).toBeDefined();
    const second = await listCases(d, { jurisdiction: '330000', includeSubordinates: true, limit: 25, cursor: first.cursor! }, { staffId: 'zj-office', jurisdiction: '330000', roles: ['petitionsOffice'] });
    expect(second.items.map((c) => c.caseNumber)).toEqual([far.caseNumber]);
    expect(second.cursor).toBeUndefined();
  });

  it('is the office’s own subtree only: a county may not list the city with its levels, and a made-up cursor is refused', async () => {
    const { deps: d } = deps(CASES);
    await expect(listCases(d, { jurisdiction: '330100', includeSubordinates: true, limit: 2 }, county)).rejects.toBeInstanceOf(OutOfScope);
    await expect(listCases(d, { jurisdiction: '330122', includeSubordinates: true, limit: 2, cursor: 's.99.' }, county)).rejects.toBeInstanceOf(InvalidInput);
    await expect(listCases(d, { jurisdiction: '330122', includeSubordinates: true, limit: 2, cursor: 'garbage' }, county)).rejects.toBeInstanceOf(InvalidInput);
    // The county with its townships: its own three, then 富春江镇's.
    expect((await pages(d, county, { jurisdiction: '330122', includeSubordinates: true, limit: 10 })).flat()).toEqual(['330122-2026-000001', '330122-2026-000002', '330122-2026-000003', '330122101-2026-000001']);
  });

  it('is not for a unit’s staff, who would have the whole subtree read to see none of it: refused, nothing read', async () => {
    const { deps: d, asked } = deps(CASES);
    const unit = { staffId: 'tonglu-housing-handler', jurisdiction: '330122', unit: '330122-housing', roles: ['handler' as const] } as Actor;
    const refused = listCases(d, { jurisdiction: '330122', includeSubordinates: true, limit: 10 }, unit);
    await expect(refused).rejects.toBeInstanceOf(OutOfScope);
    await expect(refused).rejects.toMatchObject({ chinese: expect.stringContaining('含下级仅供信访部门和领导') });
    expect(asked).toEqual([]);
  });
});
