import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
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

/**
 * Where each partition stands, by its place in the listing's partitions: exhausted (`done`), after a key (`after`:
 * its table keys and sort key — the partition key is the partition's own), or reading on from `boundary` (neither:
 * the sort key of the last item handed out, or from the start on the first page). `listing`: a
 * digest of the listing (index, partitions in order, filter), so a cursor names partitions by number, not by key.
 */
export type MergeState = { listing: string; done: number[]; after: [number, Key][]; boundary?: string };

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
 * order, one page at a time. The cursor remembers the last item handed out
 * (the boundary every partition with items left reads on from) and a position
 * for a partition only where DynamoDB stopped short of it, so no item is
 * skipped or repeated across pages.
 */
export async function mergeShardedQuery(
  doc: DynamoDBDocumentClient,
  query: ShardedQuery,
): Promise<{ items: Item[]; state: MergeState | undefined }> {
  // The filter is part of the listing (a cursor of another listing is refused); the key range is not,
  // as "due before now" moves between one page and the next.
  const listing = listingOf(query);
  if (query.state) checkState(query.state, listing, query);
  const boundary = query.state?.boundary;
  const done = new Set(query.state?.done);
  const previous = new Map((query.state?.after ?? []).map(([index, after]) => [index, { ...after, [query.partitionKey]: query.partitions[index]!.value }]));
  // The range moves between pages (新登记's "the last 7 days" starts later at every request) and a cursor is not trusted:
  // a position outside it would be DynamoDB's ValidationException (a starting key outside the key condition), a 500.
  // Past the range's end in the listing's order, nothing is left there; before its start, the partition reads from the
  // start (not from the boundary: what it has between the start and the boundary was not handed out). The position is
  // kept for the page's cursor: it stays behind the start, which only moves on.
  const outside = (at: string): 'past' | 'behind' | undefined => {
    const { from, before } = query.sortKeyRange ?? {};
    const [start, end] = query.newestFirst ? [before, from] : [from, before];
    if (end !== undefined && (query.newestFirst ? at <= end : at >= end)) return 'past';
    if (start !== undefined && (query.newestFirst ? at >= start : at < start)) return 'behind';
    return undefined;
  };
  const fetched = await Promise.all(
    query.partitions.map(async (partition, index) => {
      const position = previous.get(index);
      const where = position && outside(position[query.sortKey]!);
      const standing = { done: done.has(index) || where === 'past', after: where ? undefined : position };
      if (standing.done) return { partition, index, items: [] as Item[], more: false };
      // Not at a position of its own: every item up to the boundary was handed out, so it reads on from there.
      const from = standing.after || where === 'behind' ? undefined : boundary;
      const condition = keyCondition(query, from);
      // A boundary past the range (a cursor kept while "before" moved back, or forged): nothing left here, and DynamoDB
      // would refuse a BETWEEN whose bounds are the wrong way round.
      if (condition.values[':from'] !== undefined && condition.values[':before'] !== undefined && condition.values[':from'] > condition.values[':before'])
        return { partition, index, items: [] as Item[], more: false };
      const page = await doc.send(
        new QueryCommand({
          TableName: query.tableName,
          IndexName: query.indexName,
          KeyConditionExpression: condition.expression,
          ExpressionAttributeNames: { ...condition.names, ...query.filter?.names },
          ExpressionAttributeValues: { ':pk': partition.value, ...condition.values, ...query.filter?.values },
          ...(query.filter ? { FilterExpression: query.filter.expression } : {}),
          ScanIndexForward: !query.newestFirst,
          // Read on from a boundary, the first entry may be the one at it (handed out already): look past it.
          Limit: Math.max(query.limit, query.readLimit ?? 0, from !== undefined ? 2 : 1),
          ...(standing.after ? { ExclusiveStartKey: standing.after } : {}),
        }),
      );
      // The boundary is read inclusively (a key condition has one bound a side): the item at it was handed out.
      const items = (page.Items ?? []).filter((item) => from === undefined || String(item[query.sortKey]) !== from);
      return { partition, index, items, more: page.LastEvaluatedKey !== undefined, lastKey: page.LastEvaluatedKey as Key | undefined };
    }),
  );

  const direction = query.newestFirst ? -1 : 1;
  const candidates = fetched.flatMap(({ partition, items }) => items.map((item) => ({ partition: partition.id, item })));
  candidates.sort((a, b) => direction * compareKeys(String(a.item[query.sortKey]), String(b.item[query.sortKey])));
  const taken = candidates.slice(0, query.limit);
  const lastTaken = taken.at(-1)?.item;
  const lastTakenKey = lastTaken ? String(lastTaken[query.sortKey]) : undefined;
  const stateOf = { listing, fetched, done, previous, direction, query };

  // The boundary never moves back: every partition reading on from it had everything before it handed out already.
  const page = nextPage(stateOf, taken, furthest(direction, boundary, lastTakenKey), true);
  if (!page.state || fits(page.state)) return page;
  // Too many partitions stopped short at their own places (a filter dropping most of what they read) for their
  // positions to fit a cursor: hand out only what comes before the earliest of those stops — every partition has
  // read that far, so they all read on from one boundary. The page may be shorter; none is skipped or repeated.
  // (Partitions still at positions before the old boundary keep them: they came from a cursor that fitted.)
  const stops = fetched
    .filter(({ index, more, lastKey }) => !done.has(index) && more && lastKey)
    .map(({ lastKey }) => String(lastKey![query.sortKey]))
    .filter((stop) => boundary === undefined || direction * compareKeys(stop, boundary) >= 0);
  const earliest = [lastTakenKey, ...stops].filter((key): key is string => key !== undefined).sort((a, b) => direction * compareKeys(a, b))[0];
  const cut = furthest(direction, boundary, earliest);
  return nextPage(
    stateOf,
    taken.filter((t) => cut === undefined || direction * compareKeys(String(t.item[query.sortKey]), cut) <= 0),
    cut,
    false,
  );
}

type Fetched = { partition: Partition; index: number; items: Item[]; more: boolean; lastKey?: Key | undefined };
type Progress = {
  listing: string;
  fetched: Fetched[];
  done: Set<number>;
  previous: Map<number, Key>;
  direction: number;
  query: ShardedQuery;
};

/**
 * The page handed out and where each partition goes on from: exhausted, at a position of its own, or from the new
 * boundary (every item up to it handed out or never there). With `keepStops`, a partition whose every answered item
 * was handed out keeps where DynamoDB stopped even past the boundary (it need not read again what its filter dropped,
 * and a page of nothing but stops still moves on); without, only where it must (it stopped before the boundary).
 */
function nextPage(
  { listing, fetched, done, previous, direction, query }: Progress,
  handed: { partition: string; item: Item }[],
  cut: string | undefined,
  keepStops: boolean,
): { items: Item[]; state: MergeState | undefined } {
  const next: MergeState = { listing, done: [], after: [], ...(cut !== undefined ? { boundary: cut } : {}) };
  const before = (key: string) => cut !== undefined && direction * compareKeys(key, cut) < 0;
  const after = (key: string) => cut === undefined || direction * compareKeys(key, cut) > 0;
  let anyLeft = false;
  for (const { partition, index, items, more, lastKey } of fetched) {
    const handedHere = handed.filter((t) => t.partition === partition.id);
    const allHanded = handedHere.length === items.length;
    if (done.has(index) || (allHanded && !more)) {
      next.done.push(index);
      continue;
    }
    anyLeft = true;
    const last = handedHere.at(-1)?.item;
    if (allHanded) {
      // Everything it answered was handed out: go on from where DynamoDB stopped reading (with a filter, that can be
      // past items it read and dropped), not from the last item kept.
      const stop = lastKey ? keyOf(lastKey, query) : last ? keyOf(last, query) : previous.get(index);
      // Without keepStops, also a stop at the cut itself (the earliest stop is the cut): read again from the cut, a
      // partition holding two entries under that key (a case's REGISTERED item beside its registration's event) would
      // drop the one it did not reach, or, with Limit 2, stop there again and again.
      if (stop && (keepStops || !after(stop[query.sortKey]!))) next.after.push([index, withoutPartitionKey(stop, query)]);
      continue;
    }
    // It answered items not handed out: they sort after the page's last item, so it reads on from the boundary —
    // unless one of them lies before the boundary (a partition still behind an old boundary at a position of its own).
    const firstLeft = String(items[handedHere.length]![query.sortKey]);
    if (before(firstLeft) || firstLeft === cut) {
      const position = last ? keyOf(last, query) : previous.get(index);
      if (position) next.after.push([index, withoutPartitionKey(position, query)]);
    }
  }
  return { items: handed.map((t) => t.item), state: anyLeft ? next : undefined };
}

/** DynamoDB orders sort keys by their bytes; for the keys here (ASCII, `<ISO time>#<case>`) that is code-unit order. */
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The later of two keys in the listing's order (an absent key is the start). */
function furthest(direction: number, a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return direction * compareKeys(a, b) >= 0 ? a : b;
}

function fits(state: MergeState): boolean {
  return wireOf(state).length <= MAX_CURSOR_CHARS;
}

/**
 * The partition and the sort-key range, narrowed to the boundary when reading on from it (inclusive: the caller drops
 * the item at it). A key condition takes one bound a side, so the tighter of the range's and the boundary's is used.
 */
function keyCondition(query: ShardedQuery, boundary?: string): { expression: string; names: Record<string, string>; values: Record<string, string> } {
  const names: Record<string, string> = { '#pk': query.partitionKey };
  const values: Record<string, string> = {};
  let { from, before } = query.sortKeyRange ?? {};
  let upperInclusive = false;
  if (boundary !== undefined && !query.newestFirst && (from === undefined || boundary > from)) from = boundary;
  if (boundary !== undefined && query.newestFirst && (before === undefined || boundary < before)) {
    before = boundary;
    upperInclusive = true;
  }
  if (from === undefined && before === undefined) return { expression: '#pk = :pk', names, values };
  names['#sk'] = query.sortKey;
  if (from !== undefined) values[':from'] = from;
  if (before !== undefined) values[':before'] = before;
  // BETWEEN includes its upper bound; no key equals a bare bound (keys carry `#<case number>`), so this is [from, before).
  if (from !== undefined && before !== undefined) return { expression: '#pk = :pk AND #sk BETWEEN :from AND :before', names, values };
  return { expression: from !== undefined ? '#pk = :pk AND #sk >= :from' : upperInclusive ? '#pk = :pk AND #sk <= :before' : '#pk = :pk AND #sk < :before', names, values };
}

function keyOf(item: Item, query: ShardedQuery): Key {
  const key: Key = {};
  for (const name of [...TABLE_KEYS, query.partitionKey, query.sortKey]) key[name] = String(item[name]);
  return key;
}

/** A position as the cursor keeps it: the partition key is the partition's own, so it is not repeated. */
function withoutPartitionKey(key: Key, query: ShardedQuery): Key {
  const { [query.partitionKey]: _partition, ...rest } = key;
  return rest;
}

/** What the listing is — index, partitions in order, filter — as a digest: a cursor of another listing is refused. */
function listingOf(query: ShardedQuery): string {
  const fingerprint = [query.indexName, query.partitions.map((p) => p.value).join(','), ...(query.filter ? [JSON.stringify(query.filter)] : [])].join('|');
  return createHash('sha256').update(fingerprint).digest('base64url').slice(0, 22);
}

/**
 * The partitions a listing may merge: a province leader's 待签发 reads one a post (the province office, every unit,
 * the levels below), hundreds in a real province. A cursor names them by number, the exhausted ones as a bitmap, so
 * it grows with the partitions read part way, not with all of them; MAX_CURSOR_CHARS bounds what comes back.
 */
const MAX_PARTITIONS = 10_000;
/** The longest cursor given out or taken back: it travels in a URL's query string (8 KB at most at the edge). */
export const MAX_CURSOR_CHARS = 6_000;
/** What an inflated cursor may hold: a cursor is compressed, and nothing in it is trusted. */
const MAX_CURSOR_JSON_BYTES = 64 * 1024;
/** A key value as DynamoDB takes it back: a longer one (a sort key past 1,024 bytes) would be its ValidationException, a 500. */
const keyValue = z
  .string()
  .min(1)
  .max(1_024)
  .refine((value) => Buffer.byteLength(value) <= 1_024);
const wireSchema = z.strictObject({
  l: z.string().regex(/^[\w-]{22}$/),
  /** Exhausted partitions: bit i of the bitmap (base64url) set for partition i. */
  d: z.string().max(Math.ceil(MAX_PARTITIONS / 6) + 4).regex(/^[\w-]*$/),
  a: z.array(z.tuple([z.int().min(0).max(MAX_PARTITIONS - 1), z.record(z.string().max(64), keyValue)])).max(MAX_PARTITIONS),
  /** The sort key of the last item handed out: a key condition's value. */
  b: keyValue.optional(),
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
 * jurisdiction and statuses), name only its partitions (by their place in
 * it), and each position must be the rest of a complete key: its partition
 * key is the partition's own, put back when read. A cursor can then only
 * move within what the caller may list anyway, and never reaches DynamoDB
 * malformed (which would be a 500).
 */
function checkState(state: MergeState, listing: string, query: ShardedQuery): void {
  if (state.listing !== listing) throw refuseCursor('the cursor belongs to a different listing');
  const count = query.partitions.length;
  if ([...state.done, ...state.after.map(([index]) => index)].some((index) => index >= count)) throw refuseCursor('the cursor names a partition outside this listing');
  const done = new Set(state.done);
  const seen = new Set<number>();
  // The partition key is the partition's own (added back when read): the rest of a complete key, and nothing else.
  const keyNames = [...new Set([...TABLE_KEYS, query.partitionKey, query.sortKey])].filter((name) => name !== query.partitionKey).sort();
  for (const [index, after] of state.after) {
    if (done.has(index) || seen.has(index)) throw refuseCursor('malformed cursor');
    seen.add(index);
    const names = Object.keys(after).sort();
    if (names.length !== keyNames.length || names.some((name, i) => name !== keyNames[i])) throw refuseCursor('malformed cursor');
  }
}

export function encodeCursor(state: MergeState | undefined): string | undefined {
  if (!state) return undefined;
  const cursor = wireOf(state);
  // Given out, it would be refused when it comes back: a failure to see, not a page that cannot be followed.
  if (cursor.length > MAX_CURSOR_CHARS) throw new Error(`a cursor of ${cursor.length} characters (more than ${MAX_CURSOR_CHARS}): too many partitions read part way`);
  return cursor;
}

function wireOf(state: MergeState): string {
  const bits = Buffer.alloc(Math.ceil((Math.max(-1, ...state.done) + 1) / 8));
  for (const index of state.done) bits[index >> 3]! |= 1 << (index & 7);
  const wire: z.infer<typeof wireSchema> = { l: state.listing, d: bits.toString('base64url'), a: state.after, ...(state.boundary ? { b: state.boundary } : {}) };
  return deflateRawSync(JSON.stringify(wire)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): MergeState | undefined {
  if (cursor === undefined) return undefined;
  try {
    if (cursor.length > MAX_CURSOR_CHARS) throw new Error('too long');
    const wire = wireSchema.parse(JSON.parse(inflateRawSync(Buffer.from(cursor, 'base64url'), { maxOutputLength: MAX_CURSOR_JSON_BYTES }).toString('utf8')));
    const bits = Buffer.from(wire.d, 'base64url');
    const done: number[] = [];
    for (let index = 0; index < bits.length * 8; index++) if (bits[index >> 3]! & (1 << (index & 7))) done.push(index);
    return { listing: wire.l, done, after: wire.a, ...(wire.b ? { boundary: wire.b } : {}) };
  } catch {
    throw refuseCursor('malformed cursor');
  }
}
