import { QueryCommand, type DynamoDBDocumentClient, type NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { InvalidInput } from '../../domain/errors.js';

type Item = Record<string, NativeAttributeValue>;
type Key = Record<string, string>;

export interface Partition {
  /** Stable name of the partition within this query (e.g. `registered#2`). */
  id: string;
  /** Value of the index partition key. */
  value: string;
}

/** Where each partition stands: not started (absent), after a key, or exhausted. */
export type MergeState = { fingerprint: string; partitions: Record<string, { after?: Key; done?: true }> };

export interface ShardedQuery {
  tableName: string;
  indexName: string;
  partitionKey: string;
  sortKey: string;
  partitions: Partition[];
  newestFirst: boolean;
  limit: number;
  /** Index entries each partition's read looks at (DynamoDB's Limit, applied before the filter); `limit` if absent. At most `limit` items are handed out. */
  readLimit?: number | undefined;
  state?: MergeState | undefined;
  /** Only sort keys in [from, before). */
  sortKeyRange?: { from?: string; before?: string };
  /** A filter on the index's projected attributes (e.g. status, triage); applied after the key condition. */
  filter?: { expression: string; names?: Record<string, string>; values?: Record<string, NativeAttributeValue> };
}

const TABLE_KEYS = ['pk', 'sk'];

/**
 * Queries every shard of a write-sharded index and merges the results in sort
 * order, one page at a time. The cursor remembers, per shard, the last item
 * handed out, so no item is skipped or repeated across pages.
 */
export async function mergeShardedQuery(
  doc: DynamoDBDocumentClient,
  query: ShardedQuery,
): Promise<{ items: Item[]; state: MergeState | undefined }> {
  // The filter is part of the listing (a cursor of another listing is refused); the key range is not,
  // as "due before now" moves between one page and the next.
  const fingerprint = [query.indexName, query.partitions.map((p) => p.value).join(','), ...(query.filter ? [JSON.stringify(query.filter)] : [])].join('|');
  const condition = keyCondition(query);
  if (query.state) checkState(query.state, fingerprint, query);
  const previous = query.state?.partitions ?? {};
  const fetched = await Promise.all(
    query.partitions.map(async (partition) => {
      const standing = previous[partition.id];
      if (standing?.done) return { partition, items: [] as Item[], more: false };
      const page = await doc.send(
        new QueryCommand({
          TableName: query.tableName,
          IndexName: query.indexName,
          KeyConditionExpression: condition.expression,
          ExpressionAttributeNames: { ...condition.names, ...query.filter?.names },
          ExpressionAttributeValues: { ':pk': partition.value, ...condition.values, ...query.filter?.values },
          ...(query.filter ? { FilterExpression: query.filter.expression } : {}),
          ScanIndexForward: !query.newestFirst,
          Limit: Math.max(query.limit, query.readLimit ?? 0),
          ...(standing?.after ? { ExclusiveStartKey: standing.after } : {}),
        }),
      );
      return { partition, items: page.Items ?? [], more: page.LastEvaluatedKey !== undefined, lastKey: page.LastEvaluatedKey as Key | undefined };
    }),
  );

  const direction = query.newestFirst ? -1 : 1;
  const candidates = fetched.flatMap(({ partition, items }) => items.map((item) => ({ partition: partition.id, item })));
  candidates.sort((a, b) => direction * String(a.item[query.sortKey]).localeCompare(String(b.item[query.sortKey])));
  const taken = candidates.slice(0, query.limit);

  const next: MergeState['partitions'] = {};
  let anyLeft = false;
  for (const { partition, items, more, lastKey } of fetched) {
    const standing = previous[partition.id];
    const takenHere = taken.filter((t) => t.partition === partition.id);
    const last = takenHere.at(-1)?.item;
    const allTaken = takenHere.length === items.length;
    if (standing?.done || (allTaken && !more)) {
      next[partition.id] = { done: true };
      continue;
    }
    anyLeft = true;
    // Everything this partition answered was handed out: go on from where DynamoDB stopped reading
    // (with a filter, that can be past items it read and dropped), not from the last item kept.
    const after = allTaken && lastKey ? keyOf(lastKey, query) : last ? keyOf(last, query) : standing?.after;
    next[partition.id] = after ? { after } : {};
  }
  return { items: taken.map((t) => t.item), state: anyLeft ? { fingerprint, partitions: next } : undefined };
}

function keyCondition(query: ShardedQuery): { expression: string; names: Record<string, string>; values: Record<string, string> } {
  const names: Record<string, string> = { '#pk': query.partitionKey };
  const values: Record<string, string> = {};
  const { from, before } = query.sortKeyRange ?? {};
  if (from === undefined && before === undefined) return { expression: '#pk = :pk', names, values };
  names['#sk'] = query.sortKey;
  if (from !== undefined) values[':from'] = from;
  if (before !== undefined) values[':before'] = before;
  // BETWEEN includes its upper bound; no key equals a bare bound (keys carry `#<case number>`), so this is [from, before).
  if (from !== undefined && before !== undefined) return { expression: '#pk = :pk AND #sk BETWEEN :from AND :before', names, values };
  return { expression: from !== undefined ? '#pk = :pk AND #sk >= :from' : '#pk = :pk AND #sk < :before', names, values };
}

function keyOf(item: Item, query: ShardedQuery): Key {
  const key: Key = {};
  for (const name of [...TABLE_KEYS, query.partitionKey, query.sortKey]) key[name] = String(item[name]);
  return key;
}

const MAX_PARTITIONS = 100;
const keyValue = z.string().min(1).max(2_048);
const stateSchema = z.strictObject({
  fingerprint: z.string().max(8_000),
  partitions: z
    .record(z.string().max(200), z.strictObject({ after: z.record(z.string().max(64), keyValue).optional(), done: z.literal(true).optional() }))
    .refine((partitions) => Object.keys(partitions).length <= MAX_PARTITIONS, 'too many partitions'),
});

const CURSOR_PROBLEMS_IN_CHINESE: Readonly<Record<string, string>> = {
  'the cursor belongs to a different listing': '该游标属于另一个列表',
  'the cursor names a partition outside this listing': '该游标指向本列表以外的分区',
  'malformed cursor': '游标格式不正确',
};
const refuseCursor = (message: 'the cursor belongs to a different listing' | 'the cursor names a partition outside this listing' | 'malformed cursor') =>
  new InvalidInput('the cursor is not one this listing gave out; start again without it', [{ path: 'query.cursor', message, chinese: CURSOR_PROBLEMS_IN_CHINESE[message]! }]).inChinese(
    '该游标不是本列表给出的，请不带游标重新查询',
  );

/**
 * A cursor comes back from the caller, so nothing in it is trusted: it must
 * belong to this very listing (same index and partitions, so the same
 * jurisdiction and statuses), name only its partitions, and each position must
 * be a complete key inside the partition it is for. A cursor can then only
 * move within what the caller may list anyway, and never reaches DynamoDB
 * malformed (which would be a 500).
 */
function checkState(state: MergeState, fingerprint: string, query: ShardedQuery): void {
  if (state.fingerprint !== fingerprint) throw refuseCursor('the cursor belongs to a different listing');
  const partitions = new Map(query.partitions.map((p) => [p.id, p.value]));
  const keyNames = [...new Set([...TABLE_KEYS, query.partitionKey, query.sortKey])].sort();
  for (const [id, standing] of Object.entries(state.partitions)) {
    const value = partitions.get(id);
    if (value === undefined) throw refuseCursor('the cursor names a partition outside this listing');
    if (!standing.after) continue;
    if (standing.done) throw refuseCursor('malformed cursor');
    const names = Object.keys(standing.after).sort();
    if (names.length !== keyNames.length || names.some((name, i) => name !== keyNames[i])) throw refuseCursor('malformed cursor');
    if (standing.after[query.partitionKey] !== value) throw refuseCursor('the cursor names a partition outside this listing');
  }
}

export function encodeCursor(state: MergeState | undefined): string | undefined {
  return state ? Buffer.from(JSON.stringify(state)).toString('base64url') : undefined;
}

export function decodeCursor(cursor: string | undefined): MergeState | undefined {
  if (cursor === undefined) return undefined;
  try {
    return stateSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))) as MergeState;
  } catch {
    throw refuseCursor('malformed cursor');
  }
}
