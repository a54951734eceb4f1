/**
 * Measures the DynamoDB capacity the functions consume, without touching
 * production code.
 *
 * How: the case store never asks for ReturnConsumedCapacity, and the functions
 * build their clients at module load (`new DynamoDBClient({})`, wrapped in a
 * DynamoDBDocumentClient), out of reach of a per-client middleware. But the
 * local system runs every function in this very process, importing the same
 * `@aws-sdk/client-dynamodb` and `@aws-sdk/lib-dynamodb` modules as this file.
 * So `send` is wrapped on the two client prototypes (DynamoDBClient and
 * DynamoDBDocumentClient; the document client has its own `send`, it does not
 * go through the wrapped client's), which reaches every client instance,
 * whenever it was created. The wrapper adds `ReturnConsumedCapacity: 'INDEXES'`
 * (TOTAL plus the split between table and each GSI) to the data-plane commands
 * — Get/Put/Update/Delete, Query/Scan, BatchGet/BatchWrite, TransactGet/TransactWrite
 * — and sums the `ConsumedCapacity` DynamoDB Local answers with (one object, or
 * an array for batches and transactions). A caller that asked for capacity
 * itself keeps its own setting. The wrapper is removed by `uninstall()`.
 *
 * Read and write units: `ReadCapacityUnits` / `WriteCapacityUnits` where the
 * answer gives them, otherwise `CapacityUnits` counted as read or write by the
 * operation. A request that fails (e.g. a conditional write whose condition
 * does not hold) returns no capacity, although DynamoDB charges it: those are
 * counted as failed calls per operation, so they can be accounted for.
 *
 * Which function made a call: each function module creates its own clients,
 * so the first call of a client is attributed from its (async) stack trace —
 * the first frame under functions/<id>/ — and remembered for that client.
 */
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand as QueryItemsCommand,
  ScanCommand as ScanItemsCommand,
  TransactGetItemsCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type ConsumedCapacity,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactGetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { CASE_TABLE } from '../../shared/resources/definitions.js';
import { PACKED_ATTRIBUTE, packedJson } from '../../shared/adapters/dynamodb/packed.js';

type Kind = 'read' | 'write';
type Operation = 'GetItem' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'Query' | 'Scan' | 'BatchGetItem' | 'BatchWriteItem' | 'TransactGetItems' | 'TransactWriteItems';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- command classes of two packages, told apart by constructor
type AnyCommandClass = abstract new (...args: any[]) => unknown;

const OPERATIONS = new Map<AnyCommandClass, { op: Operation; kind: Kind }>([
  [GetItemCommand, { op: 'GetItem', kind: 'read' }],
  [GetCommand, { op: 'GetItem', kind: 'read' }],
  [PutItemCommand, { op: 'PutItem', kind: 'write' }],
  [PutCommand, { op: 'PutItem', kind: 'write' }],
  [UpdateItemCommand, { op: 'UpdateItem', kind: 'write' }],
  [UpdateCommand, { op: 'UpdateItem', kind: 'write' }],
  [DeleteItemCommand, { op: 'DeleteItem', kind: 'write' }],
  [DeleteCommand, { op: 'DeleteItem', kind: 'write' }],
  [QueryItemsCommand, { op: 'Query', kind: 'read' }],
  [QueryCommand, { op: 'Query', kind: 'read' }],
  [ScanItemsCommand, { op: 'Scan', kind: 'read' }],
  [ScanCommand, { op: 'Scan', kind: 'read' }],
  [BatchGetItemCommand, { op: 'BatchGetItem', kind: 'read' }],
  [BatchGetCommand, { op: 'BatchGetItem', kind: 'read' }],
  [BatchWriteItemCommand, { op: 'BatchWriteItem', kind: 'write' }],
  [BatchWriteCommand, { op: 'BatchWriteItem', kind: 'write' }],
  [TransactGetItemsCommand, { op: 'TransactGetItems', kind: 'read' }],
  [TransactGetCommand, { op: 'TransactGetItems', kind: 'read' }],
  [TransactWriteItemsCommand, { op: 'TransactWriteItems', kind: 'write' }],
  [TransactWriteCommand, { op: 'TransactWriteItems', kind: 'write' }],
]);

export interface OperationTotals {
  calls: number;
  failed: number;
  /** Failures by error name, e.g. ConditionalCheckFailedException. */
  failures: Record<string, number>;
  rcu: number;
  wcu: number;
  /** Write units as AWS bills them (see AWS_BILLING). */
  billedWcu: number;
  itemsWritten: number;
  itemsRead: number;
  /** Time spent in the calls (the SDK's send, retries included), summed. */
  ms: number;
}

export interface FunctionTotals {
  calls: number;
  rcu: number;
  wcu: number;
  billedWcu: number;
  itemsWritten: number;
}

export interface CapacityTotals {
  calls: number;
  failed: number;
  rcu: number;
  wcu: number;
  billedWcu: number;
  /** Of all units, those charged to the table itself and to its global secondary indexes. */
  tableUnits: number;
  indexUnits: number;
  byIndex: Record<string, number>;
  itemsWritten: number;
  itemsRead: number;
  /** Successful calls whose answer carried no ConsumedCapacity. */
  callsWithoutCapacity: number;
  byOperation: Partial<Record<Operation, OperationTotals>>;
  /** By the function whose client made the call ('?' if it could not be told). */
  byFunction: Record<string, FunctionTotals>;
  /** Items put (alone or in transactions) by their `entity`: how many and their size (bytes as DynamoDB counts them). */
  putsByEntity: Record<string, { count: number; bytes: number }>;
  /**
   * The same by function, with what each kind bills: `units` for the item (2 per KB in a transaction, 1 alone),
   * `inTransaction` how many of them went in one, `indexUnits` for the index entries a created item makes
   * (an item replaced is left out: which of its entries changed only DynamoDB Local's per-call figure says).
   */
  putsByFunction: Record<string, Record<string, { count: number; bytes: number; units: number; inTransaction: number; indexUnits: number }>>;
  /** When the last metered call ended (epoch ms), to tell when the pipeline has gone quiet. */
  lastCallAt: number;
}

function emptyTotals(): CapacityTotals {
  return { calls: 0, failed: 0, rcu: 0, wcu: 0, billedWcu: 0, tableUnits: 0, indexUnits: 0, byIndex: {}, itemsWritten: 0, itemsRead: 0, callsWithoutCapacity: 0, byOperation: {}, byFunction: {}, putsByEntity: {}, putsByFunction: {}, lastCallAt: 0 };
}

type Input = Record<string, unknown>;
type Output = Record<string, unknown> & { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] };
type Send = (this: unknown, command: unknown, ...rest: unknown[]) => Promise<unknown>;

function itemsWritten(op: Operation, input: Input): number {
  switch (op) {
    case 'PutItem':
    case 'UpdateItem':
    case 'DeleteItem':
      return 1;
    case 'TransactWriteItems':
      return ((input.TransactItems as Input[] | undefined) ?? []).filter((i) => i.Put || i.Update || i.Delete).length;
    case 'BatchWriteItem':
      return Object.values((input.RequestItems as Record<string, unknown[]> | undefined) ?? {}).reduce((n, requests) => n + requests.length, 0);
    default:
      return 0;
  }
}

/** The puts of a write call, each as `{ Item, ConditionExpression? }`. */
function puts(op: Operation, input: Input): Input[] {
  if (op === 'PutItem') return [input];
  if (op === 'TransactWriteItems') return ((input.TransactItems as Input[] | undefined) ?? []).flatMap((i) => (i.Put ? [i.Put as Input] : []));
  if (op === 'BatchWriteItem') {
    const tables = Object.values((input.RequestItems as Record<string, Input[]> | undefined) ?? {});
    return tables.flatMap((requests) => requests.flatMap((r) => (r.PutRequest ? [r.PutRequest as Input] : [])));
  }
  return [];
}

/** Items a DynamoDB call's answer carries (shared with bench-client-meter.ts). */
export function itemsRead(op: string, output: Record<string, unknown>): number {
  switch (op) {
    case 'GetItem':
      return output.Item ? 1 : 0;
    case 'Query':
    case 'Scan':
      return Array.isArray(output.Items) ? output.Items.length : Number(output.Count ?? 0);
    case 'BatchGetItem':
      return Object.values((output.Responses as Record<string, unknown[]> | undefined) ?? {}).reduce((n, items) => n + items.length, 0);
    case 'TransactGetItems':
      return ((output.Responses as { Item?: unknown }[] | undefined) ?? []).filter((r) => r.Item).length;
    default:
      return 0;
  }
}

/**
 * AWS bills a transactional write 2 write request units per KB of each item
 * (rounded up per item), an ordinary write 1 per KB of each item, and each
 * index entry written 1 per KB of what the index holds of the item (a key
 * change: a delete and a put). A write whose condition fails is billed (1 unit
 * for our small claim and allowance items), a cancelled transaction its prepare
 * phase (taken as 1 unit per item).
 *
 * DynamoDB Local's ConsumedCapacity does not follow this. Measured on 3
 * December 2026: a transaction is charged 4 units per KB of all its items
 * together (1, 2, 3 or 6 items of 0.1 KB: 4 units each time), and each index
 * likewise for all its entries together; a lone Put 1 per KB. So the table's
 * share is priced here from the items themselves (`billedWrite`), and the
 * indexes from the items a write creates (every index key they carry is a new
 * entry), else from Local's per-index figure (which does tell which entries of
 * a replaced item changed, and a key change as two writes).
 */
export const AWS_BILLING = {
  transactionPerKb: 2,
  writePerKb: 1,
  indexEntryPerKb: 1,
  /** DynamoDB Local's units for one index entry of at most 1 KB in a transaction. */
  localTransactionIndexUnits: 4,
  failedConditionalWrite: 1,
  cancelledTransactionPerItem: 1,
} as const;

const KB = 1024;

/** A put's condition that it creates its item: every index key it carries is then a new entry. */
function createsItem(put: Input): boolean {
  return typeof put.ConditionExpression === 'string' && /^attribute_not_exists\(pk\)$/.test(put.ConditionExpression.trim());
}

/** Index entries a new item makes, and their billed units (1 per KB of keys and projected attributes). */
function newIndexEntries(item: Input): Map<string, number> {
  const entries = new Map<string, number>();
  for (const index of CASE_TABLE.indexes) {
    if (!(index.partitionKey in item)) continue;
    const projected: Input = {};
    for (const name of [CASE_TABLE.partitionKey, CASE_TABLE.sortKey, index.partitionKey, index.sortKey, ...index.projection]) if (name in item) projected[name] = item[name];
    entries.set(index.name, Math.max(1, Math.ceil(itemBytes(projected) / KB)) * AWS_BILLING.indexEntryPerKb);
  }
  return entries;
}

/**
 * The write units AWS bills for a successful write call, from its items and
 * DynamoDB Local's per-index figures (see AWS_BILLING).
 */
function billedWrite(op: Operation, input: Input, consumed: readonly ConsumedCapacity[]): number {
  const localIndex = new Map<string, number>();
  let localTotal = 0;
  for (const c of consumed) {
    localTotal += c.WriteCapacityUnits ?? c.CapacityUnits ?? 0;
    for (const [name, cap] of Object.entries(c.GlobalSecondaryIndexes ?? {})) localIndex.set(name, (localIndex.get(name) ?? 0) + (cap.CapacityUnits ?? 0));
  }
  const units = (item: Input, perKb: number) => Math.max(1, Math.ceil(itemBytes(item) / KB)) * perKb;
  if (op === 'TransactWriteItems') {
    let table = 0;
    const created = new Map<string, number>();
    for (const entry of (input.TransactItems as Input[] | undefined) ?? []) {
      const put = entry.Put as Input | undefined;
      if (put) {
        table += units(put.Item as Input, AWS_BILLING.transactionPerKb);
        if (createsItem(put)) for (const [name, n] of newIndexEntries(put.Item as Input)) created.set(name, (created.get(name) ?? 0) + n);
      } else {
        // Updates, deletes and condition checks of our small counters and claims.
        table += AWS_BILLING.transactionPerKb;
      }
    }
    let index = 0;
    for (const name of new Set([...created.keys(), ...localIndex.keys()])) {
      index += Math.max(created.get(name) ?? 0, (localIndex.get(name) ?? 0) / AWS_BILLING.localTransactionIndexUnits);
    }
    return table + index;
  }
  const indexUnits = [...localIndex.values()].reduce((sum, n) => sum + n, 0);
  if (op === 'PutItem') return units(input.Item as Input, AWS_BILLING.writePerKb) + indexUnits;
  if (op === 'BatchWriteItem') {
    let table = 0;
    for (const requests of Object.values((input.RequestItems as Record<string, Input[]> | undefined) ?? {})) {
      for (const request of requests) table += request.PutRequest ? units((request.PutRequest as Input).Item as Input, AWS_BILLING.writePerKb) : AWS_BILLING.writePerKb;
    }
    return table + indexUnits;
  }
  // UpdateItem and DeleteItem: Local prices them by the item's size, as AWS does.
  return localTotal;
}

export class CapacityMeter {
  private totals = emptyTotals();
  private paused = false;
  private readonly originals: [object, Send][] = [];
  private readonly clientFunction = new WeakMap<object, string>();
  /** With `samplePacked`, the JSON of the first packed attributes put, by entity (what pack-dictionary.ts is built from). */
  private readonly packedSamples = new Map<string, string[]>();
  private samplePacked = 0;

  private constructor(private readonly functionIds: ReadonlySet<string>) {}

  /** Keeps the packed JSON of up to `perEntity` items put of each entity, for samples(). */
  keepPackedSamples(perEntity: number): void {
    this.samplePacked = perEntity;
  }

  samples(): Record<string, string[]> {
    return Object.fromEntries(this.packedSamples);
  }

  /** Wraps `send` on both client prototypes; every DynamoDB call in this process is then metered. */
  static install(functionIds: Iterable<string> = []): CapacityMeter {
    const meter = new CapacityMeter(new Set(functionIds));
    for (const proto of [DynamoDBClient.prototype, DynamoDBDocumentClient.prototype] as object[]) {
      const original = (proto as { send: Send }).send;
      const hadOwn = Object.prototype.hasOwnProperty.call(proto, 'send');
      meter.originals.push([proto, hadOwn ? original : (undefined as unknown as Send)]);
      Object.defineProperty(proto, 'send', {
        configurable: true,
        writable: true,
        value: function meteredSend(this: unknown, command: unknown, ...rest: unknown[]) {
          return meter.send(original, this, command, rest);
        },
      });
    }
    return meter;
  }

  uninstall(): void {
    for (const [proto, original] of this.originals) {
      if (original) Object.defineProperty(proto, 'send', { configurable: true, writable: true, value: original });
      else delete (proto as { send?: Send }).send;
    }
    this.originals.length = 0;
  }

  /** Starts counting afresh (after start-up and provisioning). */
  reset(): void {
    this.totals = emptyTotals();
  }

  /** While paused, calls pass through unmetered and unchanged (the benchmark's own checks). */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }

  snapshot(): CapacityTotals {
    return structuredClone(this.totals);
  }

  private async send(original: Send, client: unknown, command: unknown, rest: unknown[]): Promise<unknown> {
    const operation = command && typeof command === 'object' ? OPERATIONS.get((command as object).constructor as AnyCommandClass) : undefined;
    const callback = rest.some((arg) => typeof arg === 'function');
    if (this.paused || !operation || callback) return original.call(client, command, ...rest);
    const input = ((command as { input?: Input }).input ??= {});
    // The document client marshals this same input object when it sends, so setting it here is enough.
    input.ReturnConsumedCapacity ??= 'INDEXES';
    const totals = this.totals;
    const fn = this.functionOf(client);
    const fnTotals = (totals.byFunction[fn] ??= { calls: 0, rcu: 0, wcu: 0, billedWcu: 0, itemsWritten: 0 });
    fnTotals.calls++;
    const opTotals = (totals.byOperation[operation.op] ??= { calls: 0, failed: 0, failures: {}, rcu: 0, wcu: 0, billedWcu: 0, itemsWritten: 0, itemsRead: 0, ms: 0 });
    const bill = (units: number) => {
      totals.billedWcu += units;
      opTotals.billedWcu += units;
      fnTotals.billedWcu += units;
    };
    totals.calls++;
    opTotals.calls++;
    let output: Output;
    const started = performance.now();
    try {
      output = (await original.call(client, command, ...rest)) as Output;
      opTotals.ms += performance.now() - started;
      totals.lastCallAt = Date.now();
    } catch (error) {
      opTotals.ms += performance.now() - started;
      totals.lastCallAt = Date.now();
      totals.failed++;
      opTotals.failed++;
      const name = error instanceof Error ? error.name : 'Error';
      opTotals.failures[name] = (opTotals.failures[name] ?? 0) + 1;
      // A write whose condition failed is billed all the same; a cancelled transaction, its prepare phase.
      if (name === 'ConditionalCheckFailedException') bill(AWS_BILLING.failedConditionalWrite);
      if (name === 'TransactionCanceledException') bill(AWS_BILLING.cancelledTransactionPerItem * itemsWritten(operation.op, input));
      throw error;
    }
    const written = itemsWritten(operation.op, input);
    const transaction = operation.op === 'TransactWriteItems';
    for (const put of puts(operation.op, input)) {
      const item = put.Item as Input;
      const entity = typeof item.entity === 'string' ? item.entity : typeof item.entity === 'object' && item.entity && 'S' in item.entity ? String(item.entity.S) : '?';
      const e = (totals.putsByEntity[entity] ??= { count: 0, bytes: 0 });
      e.count++;
      e.bytes += itemBytes(item);
      const byKind = (totals.putsByFunction[fn] ??= {});
      const k = (byKind[entity] ??= { count: 0, bytes: 0, units: 0, inTransaction: 0, indexUnits: 0 });
      k.count++;
      k.bytes += itemBytes(item);
      k.units += Math.max(1, Math.ceil(itemBytes(item) / KB)) * (transaction ? AWS_BILLING.transactionPerKb : AWS_BILLING.writePerKb);
      if (transaction) k.inTransaction++;
      if (createsItem(put)) for (const units of newIndexEntries(item).values()) k.indexUnits += units;
      const packed = item[PACKED_ATTRIBUTE] as Uint8Array | { B?: Uint8Array } | undefined;
      const bytes = packed instanceof Uint8Array ? packed : packed?.B;
      const kept = this.packedSamples.get(entity) ?? [];
      if (bytes && kept.length < this.samplePacked) this.packedSamples.set(entity, [...kept, packedJson(bytes)]);
    }
    const read = itemsRead(operation.op, output);
    totals.itemsWritten += written;
    opTotals.itemsWritten += written;
    fnTotals.itemsWritten += written;
    totals.itemsRead += read;
    opTotals.itemsRead += read;
    const consumed = output.ConsumedCapacity;
    const entries = consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed];
    if (entries.length === 0) totals.callsWithoutCapacity++;
    if (operation.kind === 'write') bill(billedWrite(operation.op, input, entries));
    for (const c of entries) {
      const units = c.CapacityUnits ?? 0;
      const rcu = c.ReadCapacityUnits ?? (c.WriteCapacityUnits === undefined && operation.kind === 'read' ? units : 0);
      const wcu = c.WriteCapacityUnits ?? (c.ReadCapacityUnits === undefined && operation.kind === 'write' ? units : 0);
      totals.rcu += rcu;
      totals.wcu += wcu;
      opTotals.rcu += rcu;
      opTotals.wcu += wcu;
      fnTotals.rcu += rcu;
      fnTotals.wcu += wcu;
      const tableUnits = c.Table?.CapacityUnits;
      const indexes = Object.entries(c.GlobalSecondaryIndexes ?? {});
      const indexUnits = indexes.reduce((sum, [, cap]) => sum + (cap.CapacityUnits ?? 0), 0);
      totals.tableUnits += tableUnits ?? units - indexUnits;
      totals.indexUnits += indexUnits;
      for (const [name, cap] of indexes) totals.byIndex[name] = (totals.byIndex[name] ?? 0) + (cap.CapacityUnits ?? 0);
    }
    return output;
  }

  private functionOf(client: unknown): string {
    if (!client || typeof client !== 'object') return '?';
    const known = this.clientFunction.get(client);
    if (known) return known;
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 80;
    const stack = new Error().stack ?? '';
    Error.stackTraceLimit = limit;
    for (const match of stack.matchAll(/[/\\]functions[/\\]([\w-]+)[/\\]/g)) {
      if (this.functionIds.has(match[1]!)) {
        this.clientFunction.set(client, match[1]!);
        return match[1]!;
      }
    }
    return '?';
  }
}

/**
 * An item's size as DynamoDB counts it for capacity: each attribute's name and
 * value in bytes (strings in UTF-8, binary as its bytes, a number about a byte
 * per two digits, a map or list 3 bytes plus its elements).
 */
export function itemBytes(item: Record<string, unknown>): number {
  let total = 0;
  for (const [name, value] of Object.entries(item)) total += Buffer.byteLength(name) + valueBytes(value);
  return total;
}

function valueBytes(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number' || typeof value === 'bigint') return Math.ceil(String(value).replace(/[-.]/g, '').length / 2) + 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, v) => sum + 1 + valueBytes(v), 0);
  if (value instanceof Set) return [...value].reduce((sum: number, v) => sum + valueBytes(v), 0);
  const av = value as Record<string, unknown>;
  const keys = Object.keys(av);
  // An attribute value of the low-level client ({ S: … }, { M: … }, …).
  if (keys.length === 1 && ['S', 'N', 'B', 'BOOL', 'NULL', 'M', 'L', 'SS', 'NS', 'BS'].includes(keys[0]!)) {
    const [type] = keys;
    const inner = av[type!];
    if (type === 'N') return valueBytes(Number(inner));
    if (type === 'M') return 3 + itemBytes(inner as Record<string, unknown>);
    if (type === 'L') return 3 + (inner as unknown[]).reduce((sum: number, v) => sum + 1 + valueBytes(v), 0);
    if (type === 'SS' || type === 'NS' || type === 'BS') return (inner as unknown[]).reduce((sum: number, v) => sum + valueBytes(v), 0);
    return valueBytes(inner);
  }
  return 3 + itemBytes(av);
}

const fixed = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

/** One line per function that called DynamoDB: its units, items and calls per unit of work (`n`: petitions, registrations). */
export function functionLines(capacity: CapacityTotals, n: number, extra: (fn: string, totals: FunctionTotals) => string = () => ''): string[] {
  return Object.entries(capacity.byFunction)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([fn, f]) => `    ${fn.padEnd(19)} RCU ${fixed(f.rcu / n).padStart(5)}  WCU ${fixed(f.wcu / n).padStart(6)}  items written ${fixed(f.itemsWritten / n).padStart(5)}  calls ${fixed(f.calls / n).padStart(5)}${extra(fn, f)}`);
}

/** One line per DynamoDB operation: calls, units and items per unit of work, the average time of a call, and failures by error. */
export function operationLines(capacity: CapacityTotals, n: number): string[] {
  return Object.entries(capacity.byOperation)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([op, t]) => {
      const failures = Object.entries(t.failures).map(([k, v]) => `${k} ${v}`).join(', ');
      return (
        `    ${op.padEnd(19)} ${fixed(t.calls / n).padStart(5)} calls  RCU ${fixed(t.rcu / n).padStart(5)}  WCU ${fixed(t.wcu / n).padStart(5)}  ` +
        `items written ${fixed(t.itemsWritten / n).padStart(5)}  ${fixed(t.ms / t.calls, 1).padStart(5)} ms avg${failures ? `  failed: ${failures}` : ''}`
      );
    });
}
