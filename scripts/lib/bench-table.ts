/**
 * The case table for benchmarks that talk to DynamoDB Local directly (no
 * local system): created from CASE_TABLE exactly as local/provision.ts does,
 * and filled fast with BatchWriteItem.
 */
import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, type NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import { caseTableInput } from '../../local/provision.js';

type Item = Record<string, NativeAttributeValue>;

/**
 * The table, its key schema and every index with its projection, exactly as
 * local/provision.ts creates them — but without the stream. Under the sweep's
 * load (its reads and transactions of case items in flight together),
 * DynamoDB Local answers several times slower on a table with a stream
 * (3 December 2026, 2,000 cases stored: transactions 163 → 22 ms, reads 91 →
 * 19 ms; one call at a time of small items shows no difference), where on AWS
 * a stream costs a write nothing; these benchmarks have no stream consumer, so
 * their times would measure DynamoDB Local's stream alone.
 */
export async function createCaseTable(dynamo: DynamoDBClient, tableName: string): Promise<void> {
  const { StreamSpecification: _stream, ...table } = caseTableInput(tableName);
  await dynamo.send(new CreateTableCommand(table));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface BatchWriterStats {
  written: number;
  requests: number;
  /** Items DynamoDB handed back unprocessed and that were sent again. */
  retried: number;
}

/**
 * Writes items 25 to a request, `parallel` requests at a time, sending
 * UnprocessedItems again (with a short back-off) until all are in.
 */
export class BatchWriter {
  readonly stats: BatchWriterStats = { written: 0, requests: 0, retried: 0 };
  private readonly doc: DynamoDBDocumentClient;
  private readonly inFlight = new Set<Promise<void>>();
  private pending: Item[] = [];
  private failure: unknown;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
    private readonly parallel = 8,
  ) {
    // The same marshalling as the case store.
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  /** Queues one item; resolves once it may be followed by more (back-pressure). */
  async put(item: Item): Promise<void> {
    if (this.failure) throw this.failure;
    this.pending.push(item);
    if (this.pending.length < 25) return;
    const chunk = this.pending;
    this.pending = [];
    while (this.inFlight.size >= this.parallel) await Promise.race(this.inFlight);
    const request = this.write(chunk).catch((error: unknown) => void (this.failure ??= error));
    this.inFlight.add(request);
    void request.finally(() => this.inFlight.delete(request));
  }

  /** Writes what is queued and waits for every request. */
  async flush(): Promise<void> {
    if (this.pending.length) {
      const chunk = this.pending;
      this.pending = [];
      const request = this.write(chunk).catch((error: unknown) => void (this.failure ??= error));
      this.inFlight.add(request);
      void request.finally(() => this.inFlight.delete(request));
    }
    await Promise.all(this.inFlight);
    if (this.failure) throw this.failure;
  }

  private async write(items: Item[]): Promise<void> {
    let requests = items.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt > 0) {
        this.stats.retried += requests.length;
        if (attempt > 12) throw new Error(`BatchWriteItem left ${requests.length} items unprocessed ${attempt} times`);
        await sleep(Math.min(2000, 25 * 2 ** attempt));
      }
      this.stats.requests++;
      const result = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }));
      const before = requests.length;
      requests = (result.UnprocessedItems?.[this.tableName] ?? []) as typeof requests;
      this.stats.written += before - requests.length;
    }
  }
}
