import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, MAX_CURSOR_CHARS, mergeShardedQuery, type ShardedQuery } from '../../shared/adapters/dynamodb/sharded-query.js';
import { fakeIndexQuery } from '../fixtures/fake-index-query.js';

/**
 * Random listings merged over many partitions, paged to the end through the cursor as a caller does (encoded, decoded):
 * whatever the layout, the filter, the limits, the direction and the key range, a staff member paging a list sees every
 * entry the filter keeps exactly once — none lost, none twice — and the listing ends. Order across pages may be
 * imperfect (a partition reading on from a position of its own can hand out an entry before the page boundary), so the
 * pages are compared with the expected list as a multiset; the list is checked to end within a bound of pages.
 */
type Row = { pk: string; sk: string; gsi2pk: string; gsi2sk: string; keep: boolean };

/** mulberry32: a seed's layout is the same on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

type Layout = { rows: Row[]; query: ShardedQuery; expected: string[] };

function randomLayout(seed: number, options: { longKeys?: boolean; partitions?: number; twins?: boolean } = {}): Layout {
  const r = rng(seed);
  const int = (n: number) => Math.floor(r() * n);
  const partitionCount = options.partitions ?? 1 + int(12);
  const partitions = Array.from({ length: partitionCount }, (_, i) => ({ id: `p${i}`, value: `UNIT#${i}` }));
  // Few distinct times, so keys of different partitions interleave closely; the case number keeps each key unique.
  const times = 1 + int(40);
  const pad = (s: string) => (options.longKeys ? `${s}-${Array.from({ length: 200 }, () => 'abcdefghijklmnopqrstuvwxyz0123456789'[int(36)]).join('')}` : s);
  const rows: Row[] = [];
  let n = 0;
  for (const partition of partitions) {
    // Some partitions mostly filtered out (they stop short, behind the others), some kept whole.
    const keepRate = [0.02, 0.2, 0.5, 1][int(4)]!;
    const count = int(4) === 0 ? 0 : int(30);
    for (let i = 0; i < count; i++) {
      const caseNumber = `C${String(n++).padStart(5, '0')}`;
      const at = `2026-12-${String(1 + int(times)).padStart(2, '0')}T00:00:00.000Z`;
      rows.push({ pk: pad(`CASE#${caseNumber}`), sk: 'CASE', gsi2pk: partition.value, gsi2sk: `${at}#${caseNumber}`, keep: r() < keepRate });
      // Two items of one case under one index key (a case's REGISTERED item beside its registration's event item).
      if (options.twins && r() < 0.4) rows.push({ ...rows.at(-1)!, sk: 'REGISTERED', keep: r() < keepRate });
    }
  }
  const limit = 1 + (int(2) === 0 ? int(3) : int(8));
  const readLimit = int(3) === 0 ? limit + int(10) : undefined;
  const newestFirst = r() < 0.5;
  const day = (d: number) => `2026-12-${String(d).padStart(2, '0')}`;
  const fromDay = int(3) === 0 ? 1 + int(times) : undefined;
  const beforeDay = int(3) === 0 ? 1 + int(times + 1) : undefined;
  const sortKeyRange = fromDay !== undefined || beforeDay !== undefined ? { ...(fromDay !== undefined ? { from: day(fromDay) } : {}), ...(beforeDay !== undefined ? { before: day(beforeDay) } : {}) } : undefined;
  const filtered = r() < 0.7;
  const query: ShardedQuery = {
    tableName: 't',
    indexName: 'byUnit',
    partitionKey: 'gsi2pk',
    sortKey: 'gsi2sk',
    partitions,
    newestFirst,
    limit,
    ...(readLimit !== undefined ? { readLimit } : {}),
    ...(sortKeyRange ? { sortKeyRange } : {}),
    ...(filtered ? { filter: { expression: 'keep = :t', values: { ':t': true } } } : {}),
  };
  const expected = rows
    .filter((row) => (!filtered || row.keep) && (!sortKeyRange?.from || row.gsi2sk >= sortKeyRange.from) && (!sortKeyRange?.before || row.gsi2sk < sortKeyRange.before))
    .map((row) => `${row.pk}|${row.sk}`)
    .sort();
  return { rows, query, expected };
}

async function pageThrough({ rows, query }: Layout): Promise<{ seen: string[]; pages: number; ended: boolean; longest: number }> {
  const doc = fakeIndexQuery(rows);
  const seen: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  let longest = 0;
  // Every page either hands out an entry or moves a partition on by at least one entry looked at.
  const bound = rows.length + query.partitions.length + 5;
  do {
    const page = await mergeShardedQuery(doc, { ...query, state: decodeCursor(cursor) });
    expect(page.items.length).toBeLessThanOrEqual(query.limit);
    seen.push(...page.items.map((item) => `${String(item.pk)}|${String(item.sk)}`));
    cursor = encodeCursor(page.state);
    longest = Math.max(longest, cursor?.length ?? 0);
    pages += 1;
  } while (cursor && pages <= bound);
  return { seen: seen.sort(), pages, ended: cursor === undefined, longest };
}

describe('a listing merged over random partitions, paged to the end', () => {
  it.each(Array.from({ length: 300 }, (_, i) => i + 1))('layout %i: every kept entry once, and the listing ends', async (seed) => {
    const layout = randomLayout(seed);
    const result = await pageThrough(layout);
    expect(result.ended).toBe(true);
    expect(result.seen).toEqual(layout.expected);
  });

  // Long table keys (random, so deflate cannot shrink them) make the positions of the partitions that stopped short
  // overflow the cursor: the pages then cut at the earliest stop.
  // 1316: two entries under the key the page was cut at (the earliest stop), found by a longer run.
  it.each([...Array.from({ length: 60 }, (_, i) => 1000 + i), 1316])('layout %i with positions too long for a cursor: every kept entry once, every cursor short enough', async (seed) => {
    const layout = randomLayout(seed, { longKeys: true, partitions: 40 + (seed % 30), twins: seed % 2 === 0 || seed === 1316 });
    const result = await pageThrough(layout);
    expect(result.ended).toBe(true);
    expect(result.seen).toEqual(layout.expected);
    expect(result.longest).toBeLessThanOrEqual(MAX_CURSOR_CHARS);
  });

  it.each(Array.from({ length: 300 }, (_, i) => 2000 + i))('layout %i with two entries under one key: each once, and the listing ends', async (seed) => {
    const layout = randomLayout(seed, { twins: true });
    const result = await pageThrough(layout);
    expect(result.ended).toBe(true);
    expect(result.seen).toEqual(layout.expected);
  });

  // 新登记 lists "the last 7 days", its start computed at every request: the range's start moves on between pages (and
  // a due list's end with the clock). A position left behind it must not reach DynamoDB, which refuses a starting key
  // outside the key condition (a 500 to the staff member paging to the end of the week). Entries the range left are
  // gone from the list; every entry still in it is listed once.
  it.each(Array.from({ length: 200 }, (_, i) => 3000 + i))('layout %i with a range that moves on between pages: each entry still in range once', async (seed) => {
    const { rows, query } = randomLayout(seed);
    const doc = fakeIndexQuery(rows);
    let from = '2026-12-01';
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await mergeShardedQuery(doc, { ...query, sortKeyRange: { from }, state: decodeCursor(cursor) });
      seen.push(...page.items.map((item) => `${String(item.pk)}|${String(item.sk)}`));
      cursor = encodeCursor(page.state);
      pages += 1;
      from = `2026-12-${String(1 + pages * 2).padStart(2, '0')}`;
    } while (cursor && pages <= rows.length + query.partitions.length + 5);
    expect(cursor).toBeUndefined();
    expect(new Set(seen).size).toBe(seen.length);
    const filtered = query.filter !== undefined;
    const stillIn = rows.filter((row) => (!filtered || row.keep) && row.gsi2sk >= from).map((row) => `${row.pk}|${row.sk}`);
    expect(seen).toEqual(expect.arrayContaining(stillIn));
  });
});

/**
 * A partition that stopped short far behind the others (its filter dropped all it read) when the range's start moves
 * past its position: it reads on from the new start, not from the page boundary — its letters between the two were
 * never handed out.
 */
describe('a position left behind when the range starts later', () => {
  const row = (gsi2pk: string, day: string, id: string, keep: boolean): Row => ({ pk: `CASE#${id}`, sk: 'CASE', gsi2pk, gsi2sk: `2026-12-${day}T00:00:00.000Z#${id}`, keep });
  const rows = [row('P', '01', 'p1', false), row('P', '02', 'p2', false), row('P', '10', 'p3', true), row('P', '11', 'p4', true), row('Q', '03', 'q1', true), row('Q', '20', 'q2', true), row('Q', '21', 'q3', true)];
  const query: ShardedQuery = {
    tableName: 't',
    indexName: 'byUnit',
    partitionKey: 'gsi2pk',
    sortKey: 'gsi2sk',
    partitions: [
      { id: 'P', value: 'P' },
      { id: 'Q', value: 'Q' },
    ],
    newestFirst: false,
    limit: 2,
    filter: { expression: 'keep = :t', values: { ':t': true } },
  };

  it('lists what the partition has between the new start and the boundary', async () => {
    const doc = fakeIndexQuery(rows);
    const first = await mergeShardedQuery(doc, { ...query, sortKeyRange: { from: '2026-12-01' } });
    expect(first.items.map((item) => item.pk)).toEqual(['CASE#q1', 'CASE#q2']);
    const seen: string[] = [];
    let cursor = encodeCursor(first.state);
    let pages = 0;
    while (cursor && pages++ < 10) {
      const page = await mergeShardedQuery(doc, { ...query, sortKeyRange: { from: '2026-12-05' }, state: decodeCursor(cursor) });
      seen.push(...page.items.map((item) => String(item.pk)));
      cursor = encodeCursor(page.state);
    }
    expect(seen.sort()).toEqual(['CASE#p3', 'CASE#p4', 'CASE#q3']);
  });
});
