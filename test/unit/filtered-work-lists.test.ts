import { describe, expect, it } from 'vitest';
import type { CasePage, CaseSummary, WorkListQuery } from '../../shared/app/ports.js';
import { workListCounts, workListPage, type WorkListDeps, type WorkListId } from '../../shared/app/work-lists.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import type { Actor } from '../../shared/domain/access.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

/**
 * 待受理, 待交办 and the other filtered lists share the office's partition of
 * the byUnit index with every other case of the office, soonest due first.
 * DynamoDB reads `Limit` entries and only then filters, so a read of 20
 * entries ahead of which lie 300 cases 待交办 kept none of them: the clerk got
 * short or empty pages while cases waited. A page is now read on until it is
 * full or the list ends, within a bounded number of reads.
 */
const province = loadProvinceConfig(DEMO_CONFIG);
const office: Actor = { staffId: 'tonglu-office', jurisdiction: '330122', roles: ['petitionsOffice'] };
const housing: Actor = { staffId: 'tonglu-housing-handler', jurisdiction: '330122', unit: '330122-housing', roles: ['handler'] };

const at = (i: number) => new Date(Date.parse('2026-12-08T16:00:00.000Z') + i * 60_000).toISOString();
const summary = (caseNumber: string, status: CaseSummary['status'], due: string, extra: Partial<CaseSummary> = {}): CaseSummary => ({
  caseNumber,
  jurisdiction: '330122',
  status,
  channel: 'letter',
  urgent: false,
  registeredAt: '2026-12-01T02:00:00.000Z',
  receivedAt: '2026-11-30T02:00:00.000Z',
  nextDueAt: due,
  ...extra,
});

/**
 * The byUnit index as DynamoDB answers it, one partition: each read looks at
 * `readLimit` entries (else `limit`) and only then filters; at most `limit`
 * are handed out, and the cursor goes on after the last one handed out, or
 * after the last entry read when all the kept ones were.
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
      store: { workListPage, listByJurisdiction: none, lettersToPostPage: none, lettersToPhonePage: none, followUpsDuePage: none, returnRequestsPage: none, signOffPage: none, leaderReadingsPage: none, supervisingPage: none, registeredPage: none, cooperatingPage: none, ownedCasesPage: none, handledPage: none } as unknown as WorkListDeps['store'],
      province,
      clock: { now: () => new Date('2026-12-07T02:00:00.000Z') },
    } satisfies WorkListDeps,
  };
}

async function pages(deps: WorkListDeps, actor: Actor, list: WorkListId, limit: number): Promise<string[][]> {
  const all: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await workListPage(deps, actor, list, { limit, ...(cursor ? { cursor } : {}) });
    all.push(page.items.map((c) => c.caseNumber));
    cursor = page.cursor;
  } while (cursor);
  return all;
}

// 300 cases 待交办 (accepted) due sooner than any of the 30 letters 待受理 (registered), some among them.
const waitingAssignment = Array.from({ length: 300 }, (_, i) => summary(`330122-2026-1${String(i).padStart(5, '0')}`, 'accepted', at(i)));
const waitingAcceptance = Array.from({ length: 30 }, (_, i) => summary(`330122-2026-0${String(i).padStart(5, '0')}`, 'registered', at(250 + i * 5)));

describe('a filtered work list', () => {
  it('gives 待受理 a full page of 20 while its 30 cases lie among 300 others, then the last 10, in order', async () => {
    const { deps } = store([...waitingAssignment, ...waitingAcceptance]);
    const all = await pages(deps, office, 'awaitingAcceptance', 20);
    expect(all.map((page) => page.length)).toEqual([20, 10]);
    expect(all.flat()).toEqual(waitingAcceptance.map((c) => c.caseNumber));
    expect(await workListCounts(deps, office)).toContainEqual({ list: 'awaitingAcceptance', count: 30 });
  });

  it('reads more than a page of entries at a time, the filter applied by the store', async () => {
    const { deps, asked } = store([...waitingAssignment, ...waitingAcceptance]);
    await workListPage(deps, office, 'awaitingAcceptance', { limit: 20 });
    expect(asked[0]).toMatchObject({ statuses: ['registered'], triage: false, limit: 20, readLimit: 100 });
    // 300 entries before the last of the first 20 letters: four reads of 100.
    expect(asked).toHaveLength(4);
  });

  it('stops after a bounded number of reads with a cursor to ask again, never ending the list early', async () => {
    const others = Array.from({ length: 3_000 }, (_, i) => summary(`330122-2026-2${String(i).padStart(5, '0')}`, 'accepted', '2026-12-08T16:00:00.000Z'));
    const letter = summary('330122-2026-000099', 'registered', '2026-12-30T16:00:00.000Z');
    const { deps, asked } = store([...others, letter]);
    const first = await workListPage(deps, office, 'awaitingAcceptance', { limit: 20 });
    expect(asked).toHaveLength(10);
    expect(first.items).toEqual([]);
    expect(first.cursor).toBeDefined();
    expect((await pages(deps, office, 'awaitingAcceptance', 20)).flat()).toEqual(['330122-2026-000099']);
  });

  it('fills a unit’s page past the cases its staff may not see (回避)', async () => {
    // 25 open cases of 住建局; the handler is recused from 5 of the first 20.
    const cases = Array.from({ length: 25 }, (_, i) =>
      summary(`330122-2026-3${String(i).padStart(5, '0')}`, 'inProgress', at(i), {
        lead: '330122-housing',
        access: { receivingOffice: '330122', units: ['330122-housing'], recused: i % 4 === 0 && i < 20 ? [housing.staffId] : [] },
      }),
    );
    const { deps } = store(cases);
    const all = await pages(deps, housing, 'unitOpen', 10);
    expect(all.map((page) => page.length)).toEqual([10, 10]);
    expect(all.flat()).toHaveLength(20);
    expect(all.flat()).not.toContain('330122-2026-300000');
  });
});

describe('a queue of letters (待寄送) holds an entry a letter', () => {
  it('shows a case with several letters once a page, however many reads the page took', async () => {
    const x = summary('330122-2026-000007', 'declined', at(1));
    const y = summary('330122-2026-000008', 'declined', at(2));
    // The store collapses one read's entries to cases: X, X, Y read first, then X's third letter.
    const reads: CasePage[] = [{ items: [x, y], cursor: '3' }, { items: [x] }];
    const { deps } = store([]);
    const page = await workListPage({ ...deps, store: { ...deps.store, lettersToPostPage: async () => reads.shift()! } }, office, 'lettersToPost', { limit: 3 });
    expect(page.items.map((c) => c.caseNumber)).toEqual(['330122-2026-000007', '330122-2026-000008']);
  });
});
