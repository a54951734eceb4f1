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
  receivedAt: '2026-11-20T01:00:00.000Z',
  nextDueAt,
});

const CASES = [
  triaged('330122-2026-000001', '2026-12-08T16:00:00.000Z', false),
  triaged('330122-2026-000002', '2026-12-09T16:00:00.000Z', false),
  triaged('330122-2026-000003', '2026-12-20T16:00:00.000Z', true),
  triaged('330122-2026-000004', '2026-12-10T16:00:00.000Z', false),
  triaged('330122-2026-000005', '2026-12-22T16:00:00.000Z', true),
];

/**
 * The byUnit index as DynamoDB answers it: the office's partition soonest due
 * first, holding other cases than the triage list; each read looks at
 * `readLimit` entries (else `limit`) and only then filters, so a read can
 * keep none of them and still give a cursor; at most `limit` are handed out,
 * and the cursor goes on after the last one handed out, or after the last
 * entry read when all the kept ones were.
 */
function store(cases: CaseSummary[]) {
  const asked: WorkListQuery[] = [];
  const partition = [...cases].sort((a, b) => (a.nextDueAt ?? '').localeCompare(b.nextDueAt ?? ''));
  const workListPage = async (query: WorkListQuery): Promise<CasePage> => {
    asked.push(query);
    const from = query.cursor ? Number(query.cursor) : 0;
    const read = partition.slice(from, from + Math.max(query.limit, query.readLimit ?? 0)).map((c, i) => ({ c, at: from + i }));
    const kept = read.filter(
      ({ c }) =>
        (query.urgent === undefined || (c.urgent === true) === query.urgent) &&
        (query.triage === undefined || (c.triage === true) === query.triage) &&
        (query.statuses === undefined || query.statuses.includes(c.status)),
    );
    const taken = kept.slice(0, query.limit);
    const next = taken.length < kept.length ? taken.at(-1)!.at + 1 : from + read.length;
    return { items: taken.map(({ c }) => c), ...(next < partition.length ? { cursor: String(next) } : {}) };
  };
  const none = async (): Promise<CasePage> => ({ items: [] });
  return {
    asked,
    deps: {
      store: { workListPage, listByJurisdiction: none, lettersToPostPage: none, lettersToPhonePage: none, followUpsDuePage: none, returnRequestsPage: none, signOffPage: none, leaderReadingsPage: none, supervisingPage: none, registeredPage: none, handledPage: none } as unknown as WorkListDeps['store'],
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

  it('fills every page while cases remain, though the office’s partition holds many other cases due sooner', async () => {
    // 45 triage cases, none urgent, behind 60 of the office's other cases (待受理) due sooner: a read of 20
    // entries at a time kept none of them, so the first pages came back empty (0, 0, 20, 20, 5).
    const day = (n: number, hour: number) => `2026-12-${String(8 + (n % 20)).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;
    const others = Array.from({ length: 60 }, (_, i): CaseSummary => ({ ...triaged(`330122-2026-1${String(i).padStart(5, '0')}`, day(i, 1), false), triage: false }));
    const triage = Array.from({ length: 45 }, (_, i) => triaged(`330122-2026-0${String(i).padStart(5, '0')}`, `2027-01-${String(1 + Math.floor(i / 2)).padStart(2, '0')}T0${i % 2}:00:00.000Z`, false));
    const { deps } = store([...others, ...triage]);
    const first = await workListPage(deps, office, 'triage', { limit: 20 });
    expect(first.items.map((c) => c.caseNumber)).toEqual(triage.slice(0, 20).map((c) => c.caseNumber));
    expect(first.cursor).toBeDefined();
    const sizes: number[] = [first.items.length];
    const seen = first.items.map((c) => c.caseNumber);
    for (let cursor = first.cursor; cursor; ) {
      const page = await workListPage(deps, office, 'triage', { limit: 20, cursor });
      sizes.push(page.items.length);
      seen.push(...page.items.map((c) => c.caseNumber));
      cursor = page.cursor;
    }
    expect(sizes).toEqual([20, 20, 5]);
    expect(seen).toEqual(triage.map((c) => c.caseNumber));
    expect(await workListCounts(deps, office)).toContainEqual({ list: 'triage', count: 45 });
  });

  it('puts an urgent case found far down the partition on the first page, the others after it', async () => {
    const others = Array.from({ length: 300 }, (_, i): CaseSummary => ({ ...triaged(`330122-2026-1${String(i).padStart(5, '0')}`, '2026-12-08T16:00:00.000Z', false), triage: false }));
    const { deps } = store([...others, ...CASES]);
    const page = await workListPage(deps, office, 'triage', { limit: 3 });
    expect(page.items.map((c) => c.caseNumber)).toEqual(['330122-2026-000003', '330122-2026-000005', '330122-2026-000001']);
    expect(await whole(deps, 3)).toEqual(['330122-2026-000003', '330122-2026-000005', '330122-2026-000001', '330122-2026-000002', '330122-2026-000004']);
  });

  it('stops after a bounded number of reads and gives a cursor to ask again, never ending the list early', async () => {
    // 2,000 other cases before the one triage case: more than one request reads (10 reads of 100).
    const others = Array.from({ length: 2_000 }, (_, i): CaseSummary => ({ ...triaged(`330122-2026-1${String(i).padStart(5, '0')}`, '2026-12-08T16:00:00.000Z', false), triage: false }));
    const { deps, asked } = store([...others, triaged('330122-2026-000009', '2026-12-30T16:00:00.000Z', false)]);
    const first = await workListPage(deps, office, 'triage', { limit: 20 });
    expect(asked).toHaveLength(10);
    expect(first.items).toEqual([]);
    expect(first.cursor).toBeDefined();
    expect(await whole(deps, 20)).toEqual(['330122-2026-000009']);
  });

  it('refuses nothing itself: a cursor from before this order goes to the store, which refuses it as another listing’s', async () => {
    const { deps, asked } = store(CASES);
    await workListPage(deps, office, 'triage', { limit: 20, cursor: '3' });
    expect(asked[0]).toMatchObject({ urgent: false, cursor: '3' });
  });
});
