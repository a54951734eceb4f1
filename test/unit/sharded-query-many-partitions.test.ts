import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, mergeShardedQuery } from '../../shared/adapters/dynamodb/sharded-query.js';

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
