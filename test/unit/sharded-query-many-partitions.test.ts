import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, MAX_CURSOR_CHARS, mergeShardedQuery } from '../../shared/adapters/dynamodb/sharded-query.js';

/**
 * A province leader's 待签发 reads one partition a post: the province office,
 * every unit and every level below whose approvers may fall to the leader — in
 * a real province hundreds. The page's cursor must take the reader to page 2
 * and on, every letter once, however many posts; and still refuse a cursor
 * tampered with.
 */
const POSTS = 400;
const posts = Array.from({ length: POSTS }, (_, i) => `SIGNOFF#UNIT#33${String(1000 + i)}-unit-${String(i).padStart(3, '0')}`);
// One letter waiting in every third post, two in every seventh: the rest of the posts have none.
const entries = posts.flatMap((post, i) =>
  Array.from({ length: (i % 3 === 0 ? 1 : 0) + (i % 7 === 0 ? 1 : 0) }, (_, n) => {
    const caseNumber = `330122-2026-${String(i * 10 + n).padStart(6, '0')}`;
    return { pk: `CASE#${caseNumber}`, sk: 'SIGNOFF', gsi2pk: post, gsi2sk: `2026-12-${String(1 + ((i * 7 + n) % 28)).padStart(2, '0')}T01:00:00.000Z#${caseNumber}`, caseNumber };
  }),
);

/** The index as DynamoDB answers a Query: one partition, in sort-key order, Limit at a time after ExclusiveStartKey. */
const doc = {
  send: async (command: { input: { Limit: number; ExclusiveStartKey?: { gsi2sk: string }; ExpressionAttributeValues: { ':pk': string } } }) => {
    const { Limit, ExclusiveStartKey, ExpressionAttributeValues } = command.input;
    const all = entries.filter((e) => e.gsi2pk === ExpressionAttributeValues[':pk']).sort((a, b) => (a.gsi2sk < b.gsi2sk ? -1 : 1));
    const from = ExclusiveStartKey ? all.findIndex((e) => e.gsi2sk === ExclusiveStartKey.gsi2sk) + 1 : 0;
    const read = all.slice(from, from + Limit);
    const last = read.at(-1);
    return { Items: read, ...(from + Limit < all.length && last ? { LastEvaluatedKey: { pk: last.pk, sk: last.sk, gsi2pk: last.gsi2pk, gsi2sk: last.gsi2sk } } : {}) };
  },
} as unknown as DynamoDBDocumentClient;

const listing = { tableName: 't', indexName: 'byUnit', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', partitions: posts.map((p) => ({ id: p, value: p })), newestFirst: false, limit: 50 };

describe(`a listing of ${POSTS} partitions (a province leader's 待签发)`, () => {
  it('goes on to page 2 and to the end with the cursor each page gave, every letter once, in order', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await mergeShardedQuery(doc, { ...listing, state: decodeCursor(cursor) });
      seen.push(...page.items.map((item) => String(item.caseNumber)));
      cursor = encodeCursor(page.state);
      pages += 1;
    } while (cursor && pages < 20);
    expect(entries.length).toBeGreaterThan(100);
    expect(pages).toBe(Math.ceil(entries.length / 50));
    expect(seen).toEqual([...entries].sort((a, b) => (a.gsi2sk < b.gsi2sk ? -1 : 1)).map((e) => e.caseNumber));
  });

  it('refuses a cursor of another listing, or one naming a partition outside it', async () => {
    const first = await mergeShardedQuery(doc, listing);
    const cursor = encodeCursor(first.state)!;
    await expect(mergeShardedQuery(doc, { ...listing, partitions: listing.partitions.slice(1), state: decodeCursor(cursor) })).rejects.toThrow('the cursor is not one this listing gave out');
    expect(() => decodeCursor(`${cursor.slice(0, -4)}AAAA`)).toThrow();
  });
});

/**
 * Every post with a letter still waiting after each page: the merged order
 * takes the first letter of all 400 posts before the second of any, so after
 * a few pages hundreds of partitions are read part way at once. The cursor
 * must still fit (it travels in a URL) and take the reader to the end — the
 * reader must never get a 500 on page 5.
 */
describe('a listing with hundreds of partitions read part way at once', () => {
  const LETTERS = 3;
  const many = posts.flatMap((post, i) =>
    Array.from({ length: LETTERS }, (_, n) => {
      const caseNumber = `330122-2026-${String(i * 10 + n).padStart(6, '0')}`;
      const at = new Date(Date.parse('2026-12-01T01:00:00.000Z') + n * 86_400_000 + i * 60_000).toISOString();
      return { pk: `CASE#${caseNumber}`, sk: 'SIGNOFF', gsi2pk: post, gsi2sk: `${at}#${caseNumber}`, caseNumber };
    }),
  );
  type Input = { Limit: number; ScanIndexForward: boolean; KeyConditionExpression: string; ExclusiveStartKey?: { gsi2sk: string }; ExpressionAttributeValues: Record<string, string> };
  /** As DynamoDB answers: the key condition on the sort key (>=, <=, <, BETWEEN), in order, Limit at a time after ExclusiveStartKey. */
  const dynamo = {
    send: async ({ input }: { input: Input }) => {
      const { Limit, ExclusiveStartKey, ExpressionAttributeValues: v, KeyConditionExpression: k, ScanIndexForward } = input;
      const inRange = (sk: string) =>
        k.includes('BETWEEN') ? sk >= v[':from']! && sk <= v[':before']! : k.includes('>=') ? sk >= v[':from']! : k.includes('<=') ? sk <= v[':before']! : k.includes('<') ? sk < v[':before']! : true;
      const all = many.filter((e) => e.gsi2pk === v[':pk'] && inRange(e.gsi2sk)).sort((a, b) => (a.gsi2sk < b.gsi2sk ? -1 : 1));
      if (!ScanIndexForward) all.reverse();
      const from = ExclusiveStartKey ? all.findIndex((e) => e.gsi2sk === ExclusiveStartKey.gsi2sk) + 1 : 0;
      const read = all.slice(from, from + Limit);
      const last = read.at(-1);
      return { Items: read, ...(from + Limit < all.length && last ? { LastEvaluatedKey: { pk: last.pk, sk: last.sk, gsi2pk: last.gsi2pk, gsi2sk: last.gsi2sk } } : {}) };
    },
  } as unknown as DynamoDBDocumentClient;

  it.each([
    ['oldest first', false],
    ['newest first', true],
  ])('pages to the end %s, every letter once and in order, each cursor short enough for a URL', async (_, newestFirst) => {
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
    } while (cursor && pages < 100);
    const expected = [...many].sort((a, b) => (a.gsi2sk < b.gsi2sk ? -1 : 1)).map((e) => e.caseNumber);
    expect(seen).toEqual(newestFirst ? expected.reverse() : expected);
    expect(pages).toBe(Math.ceil(many.length / 50));
    expect(Math.max(...lengths)).toBeLessThanOrEqual(MAX_CURSOR_CHARS);
  });

  it('keeps to the range asked for (due before a time) while it pages on', async () => {
    const before = '2026-12-02T03:00:00.000Z';
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await mergeShardedQuery(dynamo, { ...listing, sortKeyRange: { before }, state: decodeCursor(cursor) });
      seen.push(...page.items.map((item) => String(item.caseNumber)));
      cursor = encodeCursor(page.state);
      pages += 1;
    } while (cursor && pages < 100);
    expect(seen).toEqual([...many].filter((e) => e.gsi2sk < before).sort((a, b) => (a.gsi2sk < b.gsi2sk ? -1 : 1)).map((e) => e.caseNumber));
  });
});

describe('a cursor whose boundary lies past the range asked for', () => {
  it('ends the listing (nothing left), never a query DynamoDB would refuse as a 500', async () => {
    const sent: string[] = [];
    const strict = {
      send: async ({ input }: { input: { KeyConditionExpression: string; ExpressionAttributeValues: Record<string, string> } }) => {
        const v = input.ExpressionAttributeValues;
        if (input.KeyConditionExpression.includes('BETWEEN') && v[':from']! > v[':before']!) throw new Error('ValidationException: Invalid KeyConditionExpression');
        sent.push(input.KeyConditionExpression);
        return { Items: [] };
      },
    } as unknown as DynamoDBDocumentClient;
    const ranged = { ...listing, partitions: listing.partitions.slice(0, 3), sortKeyRange: { from: '2026-12-01T00:00:00.000Z', before: '2026-12-02T00:00:00.000Z' } };
    const first = await mergeShardedQuery(strict, ranged);
    expect(first.state).toBeUndefined();
    const listingDigest = (await import('node:crypto')).createHash('sha256').update(['byUnit', ranged.partitions.map((p) => p.value).join(',')].join('|')).digest('base64url').slice(0, 22);
    const page = await mergeShardedQuery(strict, { ...ranged, state: decodeCursor(encodeCursor({ listing: listingDigest, done: [], after: [], boundary: '2026-12-09T00:00:00.000Z#330122-2026-000001' })) });
    expect(page).toEqual({ items: [], state: undefined });
  });
});
