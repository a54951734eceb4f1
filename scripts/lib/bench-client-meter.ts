/**
 * Counts what one DynamoDBClient does — calls, items read, capacity consumed —
 * with a middleware on that client's stack (and so on every
 * DynamoDBDocumentClient built from it, which shares the stack). Unlike
 * scripts/lib/bench-capacity.ts, which wraps `send` on the prototypes to reach
 * the clients the functions create at module load, this meters only the client
 * the benchmark hands to the code under test.
 *
 * The middleware sits in the `initialize` step, the outermost: it adds
 * `ReturnConsumedCapacity: 'INDEXES'` (the total, and its split between the
 * table and each global secondary index) to the input of the data-plane calls
 * that did not ask for capacity themselves (the case store's due-index query
 * asks for TOTAL and keeps it), and reads the deserialized (for the document
 * client: unmarshalled) output once the call, retries included, is done.
 */
import { itemsRead } from './bench-capacity.js';
import type { ConsumedCapacity, DynamoDBClient } from '@aws-sdk/client-dynamodb';

type Kind = 'read' | 'write';

const OPERATIONS: Record<string, Kind> = {
  GetItem: 'read',
  Query: 'read',
  Scan: 'read',
  BatchGetItem: 'read',
  TransactGetItems: 'read',
  PutItem: 'write',
  UpdateItem: 'write',
  DeleteItem: 'write',
  BatchWriteItem: 'write',
  TransactWriteItems: 'write',
};

export interface OperationTotals {
  calls: number;
  failed: number;
  rcu: number;
  wcu: number;
  itemsRead: number;
  /** Successful calls whose answer carried no ConsumedCapacity. */
  withoutCapacity: number;
  /** Time in the calls (retries included), summed. */
  ms: number;
}

export interface ClientTotals {
  calls: number;
  failed: number;
  rcu: number;
  wcu: number;
  /** Items returned by queries of a secondary index, by index name. */
  indexItemsRead: Record<string, number>;
  /** Items returned from the table itself (GetItem, BatchGetItem, table queries). */
  tableItemsRead: number;
  /** Read units of queries on an index, by index name (the rest of `rcu` is the table's). */
  indexRcu: Record<string, number>;
  /** Write units split between `table` and each index, where the answer gave the split. */
  wcuByTarget: Record<string, number>;
  withoutCapacity: number;
  byOperation: Record<string, OperationTotals>;
}

const emptyTotals = (): ClientTotals => ({ calls: 0, failed: 0, rcu: 0, wcu: 0, indexItemsRead: {}, tableItemsRead: 0, indexRcu: {}, wcuByTarget: {}, withoutCapacity: 0, byOperation: {} });

type Input = Record<string, unknown>;
type Output = Record<string, unknown> & { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] };


export class ClientMeter {
  private totals = emptyTotals();

  private constructor() {}

  /** Adds the metering middleware to `client`; it stays for the client's life. */
  static attach(client: DynamoDBClient): ClientMeter {
    const meter = new ClientMeter();
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const op = (context.commandName ?? '').replace(/Command$/, '');
        const kind = OPERATIONS[op];
        if (!kind) return next(args);
        const input = args.input as Input;
        const withCapacity = input.ReturnConsumedCapacity === undefined ? { ...args, input: { ...input, ReturnConsumedCapacity: 'INDEXES' } } : args;
        const started = performance.now();
        try {
          const result = await next(withCapacity);
          meter.record(op, kind, input, result.output as unknown as Output, performance.now() - started);
          return result;
        } catch (error) {
          meter.recordFailure(op, performance.now() - started);
          throw error;
        }
      },
      { step: 'initialize', name: 'benchClientMeter', override: true },
    );
    return meter;
  }

  reset(): void {
    this.totals = emptyTotals();
  }

  snapshot(): ClientTotals {
    return structuredClone(this.totals);
  }

  private operation(op: string): OperationTotals {
    return (this.totals.byOperation[op] ??= { calls: 0, failed: 0, rcu: 0, wcu: 0, itemsRead: 0, withoutCapacity: 0, ms: 0 });
  }

  private recordFailure(op: string, ms: number): void {
    const o = this.operation(op);
    this.totals.calls++;
    this.totals.failed++;
    o.calls++;
    o.failed++;
    o.ms += ms;
  }

  private record(op: string, kind: Kind, input: Input, output: Output, ms: number): void {
    const t = this.totals;
    const o = this.operation(op);
    t.calls++;
    o.calls++;
    o.ms += ms;
    const read = itemsRead(op, output);
    o.itemsRead += read;
    const index = typeof input.IndexName === 'string' ? input.IndexName : undefined;
    if (index) t.indexItemsRead[index] = (t.indexItemsRead[index] ?? 0) + read;
    else t.tableItemsRead += read;

    const consumed = output.ConsumedCapacity;
    const entries = consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed];
    if (entries.length === 0) {
      t.withoutCapacity++;
      o.withoutCapacity++;
    }
    for (const c of entries) {
      const units = c.CapacityUnits ?? 0;
      const rcu = c.ReadCapacityUnits ?? (c.WriteCapacityUnits === undefined && kind === 'read' ? units : 0);
      const wcu = c.WriteCapacityUnits ?? (c.ReadCapacityUnits === undefined && kind === 'write' ? units : 0);
      t.rcu += rcu;
      t.wcu += wcu;
      o.rcu += rcu;
      o.wcu += wcu;
      if (index) t.indexRcu[index] = (t.indexRcu[index] ?? 0) + rcu;
      if (kind === 'write' && c.Table) {
        t.wcuByTarget.table = (t.wcuByTarget.table ?? 0) + (c.Table.WriteCapacityUnits ?? c.Table.CapacityUnits ?? 0);
        for (const [name, cap] of Object.entries(c.GlobalSecondaryIndexes ?? {})) {
          t.wcuByTarget[name] = (t.wcuByTarget[name] ?? 0) + (cap.WriteCapacityUnits ?? cap.CapacityUnits ?? 0);
        }
      }
    }
  }
}
