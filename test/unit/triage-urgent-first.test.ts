import { describe, expect, it } from 'vitest';
import type { CasePage, CaseSummary, WorkListQuery } from '../../shared/app/ports.js';
import { workListCounts, workListPage, type WorkListDeps } from '../../shared/app/work-lists.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import type { Actor } from '../../shared/domain/access.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

/**
 * 待分办: the office's cases the router could not place. An urgent one (a
 * 跳桥 threat) goes before every ordinary letter, however much sooner theirs
 * is due (条例第二十五条); within each part the soonest due comes first.
 */
const province = loadProvinceConfig(DEMO_CONFIG);
const office: Actor = { staffId: 'tonglu-office', jurisdiction: '330122', roles: ['petitionsOffice'] };

const triaged = (caseNumber: string, nextDueAt: string, urgent: boolean): CaseSummary => ({
  caseNumber,
  jurisdiction: '330122',
  status: 'registered',
  channel: 'email',
  subject: urgent ? '讨薪无果，扬言跳桥' : '小区噪音扰民',
  urgent,
  triage: true,
  registeredAt: '2026-11-20T01:00:00.000Z',
  nextDueAt,
});

const CASES = [
  triaged('330122-2026-000001', '2026-12-08T16:00:00.000Z', false),
  triaged('330122-2026-000002', '2026-12-09T16:00:00.000Z', false),
  triaged('330122-2026-000003', '2026-12-20T16:00:00.000Z', true),
  triaged('330122-2026-000004', '2026-12-10T16:00:00.000Z', false),
  triaged('330122-2026-000005', '2026-12-22T16:00:00.000Z', true),
];

/** The byUnit index as DynamoDB answers it: soonest due first, the filter applied, a cursor while more is left. */
function store(cases: CaseSummary[]) {
  const asked: WorkListQuery[] = [];
  const workListPage = async (query: WorkListQuery): Promise<CasePage> => {
    asked.push(query);
    const matching = cases
      .filter((c) => query.urgent === undefined || c.urgent === query.urgent)
      .sort((a, b) => (a.nextDueAt ?? '').localeCompare(b.nextDueAt ?? ''));
    const from = query.cursor ? Number(query.cursor) : 0;
    const items = matching.slice(from, from + query.limit);
    return { items, ...(from + query.limit < matching.length ? { cursor: String(from + query.limit) } : {}) };
  };
  const none = async (): Promise<CasePage> => ({ items: [] });
  return {
    asked,
    deps: {
      store: { workListPage, listByJurisdiction: none, lettersToPostPage: none, lettersToPhonePage: none, followUpsDuePage: none, returnRequestsPage: none, supervisingPage: none } as unknown as WorkListDeps['store'],
      province,
      clock: { now: () => new Date('2026-12-07T02:00:00.000Z') },
    } satisfies WorkListDeps,
  };
}

async function whole(deps: WorkListDeps, limit: number): Promise<string[]> {
  const numbers: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await workListPage(deps, office, 'triage', { limit, ...(cursor ? { cursor } : {}) });
    numbers.push(...page.items.map((c) => c.caseNumber));
    cursor = page.cursor;
  } while (cursor);
  return numbers;
}

describe('待分办 puts urgent cases first', () => {
  it('lists the urgent cases before the others, each soonest due first, on one page', async () => {
    const page = await workListPage(store(CASES).deps, office, 'triage', { limit: 20 });
    expect(page.items.map((c) => [c.caseNumber, c.urgent])).toEqual([
      ['330122-2026-000003', true],
      ['330122-2026-000005', true],
      ['330122-2026-000001', false],
      ['330122-2026-000002', false],
      ['330122-2026-000004', false],
    ]);
    expect(page.cursor).toBeUndefined();
  });

  it('keeps the order page after page, whatever the page size, and the count matches', async () => {
    const order = ['330122-2026-000003', '330122-2026-000005', '330122-2026-000001', '330122-2026-000002', '330122-2026-000004'];
    for (const limit of [1, 2, 3, 4]) expect(await whole(store(CASES).deps, limit)).toEqual(order);
    expect(await workListCounts(store(CASES).deps, office)).toContainEqual({ list: 'triage', count: 5 });
  });

  it('asks for the triage of the office’s registered and accepted cases, urgent ones first', async () => {
    const { deps, asked } = store(CASES);
    await workListPage(deps, office, 'triage', { limit: 20 });
    expect(asked.map((q) => q.urgent)).toEqual([true, false]);
    expect(asked.every((q) => q.triage === true && q.statuses?.join() === 'registered,accepted')).toBe(true);
  });

  it('lists the ordinary letters soonest due first when none is urgent', async () => {
    expect(await whole(store(CASES.filter((c) => !c.urgent)).deps, 2)).toEqual(['330122-2026-000001', '330122-2026-000002', '330122-2026-000004']);
  });
});
