import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { mergeShardedQuery } from '../../shared/adapters/dynamodb/sharded-query.js';

/**
 * readLimit: DynamoDB looks at that many entries (its Limit, before the
 * filter), at most `limit` are handed out, and the next page goes on after
 * the last one handed out — none skipped, none repeated. The fake answers the
 * key condition's lower bound as DynamoDB does: a cursor reads on from the
 * last item handed out (its boundary), not from a position per partition.
 */
const entries = Array.from({ length: 10 }, (_, i) => ({ pk: `CASE#${i}`, sk: 'CASE', gsi2pk: 'OFFICE#330122', gsi2sk: `2026-12-${String(10 + i)}#${i}`, keep: i % 2 === 0 }));

function fakeDoc(limits: number[]): DynamoDBDocumentClient {
  return {
    send: async (command: { input: { Limit: number; ExclusiveStartKey?: { gsi2sk: string }; ExpressionAttributeValues: Record<string, unknown> } }) => {
      const { Limit, ExclusiveStartKey, ExpressionAttributeValues } = command.input;
      limits.push(Limit);
      // A page reads on from a position of its own (ExclusiveStartKey) or from the cursor's boundary (`#sk >= :from`), as DynamoDB does.
      const boundary = ExpressionAttributeValues[':from'];
      const from = ExclusiveStartKey
        ? entries.findIndex((e) => e.gsi2sk === ExclusiveStartKey.gsi2sk) + 1
        : typeof boundary === 'string'
          ? entries.findIndex((e) => e.gsi2sk >= boundary)
          : 0;
      const read = entries.slice(from, from + Limit);
      const last = read.at(-1);
      return { Items: read.filter((e) => e.keep), ...(from + Limit < entries.length && last ? { LastEvaluatedKey: { pk: last.pk, sk: last.sk, gsi2pk: last.gsi2pk, gsi2sk: last.gsi2sk } } : {}) };
    },
  } as unknown as DynamoDBDocumentClient;
}

describe('mergeShardedQuery with a read limit', () => {
  it('reads readLimit entries, hands out limit, and goes on after the last one handed out', async () => {
    const limits: number[] = [];
    const doc = fakeDoc(limits);
    const base = { tableName: 't', indexName: 'byUnit', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', partitions: [{ id: 'o', value: 'OFFICE#330122' }], newestFirst: false, limit: 2, readLimit: 6, filter: { expression: 'keep = :t', values: { ':t': true } } };
    const first = await mergeShardedQuery(doc, base);
    expect(first.items.map((i) => i.pk)).toEqual(['CASE#0', 'CASE#2']);
    const second = await mergeShardedQuery(doc, { ...base, state: first.state });
    expect(second.items.map((i) => i.pk)).toEqual(['CASE#4', 'CASE#6']);
    const third = await mergeShardedQuery(doc, { ...base, state: second.state });
    expect(third.items.map((i) => i.pk)).toEqual(['CASE#8']);
    expect(third.state).toBeUndefined();
    expect(limits).toEqual([6, 6, 6]);
  });
});
