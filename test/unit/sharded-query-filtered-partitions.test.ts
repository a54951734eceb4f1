import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, MAX_CURSOR_CHARS, mergeShardedQuery } from '../../shared/adapters/dynamodb/sharded-query.js';
import { fakeIndexQuery } from '../fixtures/fake-index-query.js';

/**
 * A filtered listing over hundreds of partitions (e.g. a province's 逾期 list
 * read through every post, the filter keeping one entry in seventy): DynamoDB
 * looks at a page's worth of entries a partition and the filter drops most, so after
 * a page hundreds of partitions have stopped short at once, each at its own
 * place. Their positions no longer fit a cursor that travels in a URL; the
 * listing must still page to the end — every entry the filter keeps once, in
 * order — with every cursor short enough, never a 500.
 */
const POSTS = 1200;
const posts = Array.from({ length: POSTS }, (_, i) => `OVERDUE#UNIT#33${String(1000 + i)}-unit-${String(i).padStart(3, '0')}`);
const entries = posts.flatMap((post, i) =>
  Array.from({ length: 55 }, (_, n) => {
    const caseNumber = `330122-2026-${String(i * 100 + n).padStart(6, '0')}`;
    const at = new Date(Date.parse('2026-11-01T01:00:00.000Z') + n * 3_600_000 + i * 61_000).toISOString();
    return { pk: `CASE#${caseNumber}`, sk: 'CASE', gsi2pk: post, gsi2sk: `${at}#${caseNumber}`, caseNumber, keep: (i * 7 + n) % 70 === 0 };
  }),
);

const dynamo = fakeIndexQuery(entries);

const listing = {
  tableName: 't',
  indexName: 'byUnit',
  partitionKey: 'gsi2pk',
  sortKey: 'gsi2sk',
  partitions: posts.map((p) => ({ id: p, value: p })),
  limit: 50,
  filter: { expression: 'keep = :t', values: { ':t': true } },
};

describe(`a filtered listing of ${POSTS} partitions, hundreds stopped short at once`, () => {
  it.each([
    ['oldest first', false],
    ['newest first', true],
  ])('pages to the end %s, every kept entry once and in order, each cursor short enough for a URL', async (_, newestFirst) => {
    const seen: string[] = [];
    const lengths: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await mergeShardedQuery(dynamo, { ...listing, newestFirst, state: decodeCursor(cursor) });
      seen.push(...page.items.map((item) => String(item.caseNumber)));
      cursor = encodeCursor(page.state);
      if (cursor) lengths.push(cursor.length);
      pages += 1;
    } while (cursor && pages < 500);
    const kept = entries.filter((e) => e.keep).sort((a, b) => (a.gsi2sk < b.gsi2sk ? -1 : 1));
    expect(kept.length).toBeGreaterThan(150);
    expect(seen).toEqual((newestFirst ? kept.reverse() : kept).map((e) => e.caseNumber));
    expect(cursor).toBeUndefined();
    expect(Math.max(...lengths)).toBeLessThanOrEqual(MAX_CURSOR_CHARS);
  });
});

/**
 * One partition stops short on the first page (its filter dropped all it read) while another's letters are handed
 * out; on the next page the first one's letters, earlier than those, fill the page. The partition left part way
 * must not read again what it handed out already — every letter once.
 */
describe('a partition behind the others catching up', () => {
  const rows = [
    ...['01', '02', '03', '04', '05'].map((hour, n) => ({ post: 'P', sk: `2026-12-01T${hour}:00:00.000Z#p${n}`, keep: n >= 2 })),
    ...['10', '11', '12', '13'].map((hour, n) => ({ post: 'Q', sk: `2026-12-01T${hour}:00:00.000Z#q${n}`, keep: true })),
  ];
  const twoAtATime = fakeIndexQuery(rows.map((r) => ({ pk: `CASE#${r.sk.slice(-2)}`, sk: 'CASE', gsi2pk: r.post, gsi2sk: r.sk, keep: r.keep })));

  it('hands out every letter once', async () => {
    const query = { ...listing, partitions: [{ id: 'P', value: 'P' }, { id: 'Q', value: 'Q' }], newestFirst: false, limit: 2 };
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await mergeShardedQuery(twoAtATime, { ...query, state: decodeCursor(cursor) });
      seen.push(...page.items.map((item) => String(item.pk)));
      cursor = encodeCursor(page.state);
      pages += 1;
    } while (cursor && pages < 20);
    expect([...seen].sort()).toEqual(['CASE#p2', 'CASE#p3', 'CASE#p4', 'CASE#q0', 'CASE#q1', 'CASE#q2', 'CASE#q3']);
  });
});
