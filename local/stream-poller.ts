import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  TrimmedDataAccessException,
  type DynamoDBStreamsClient,
  type _Record as StreamRecord,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

export type StreamHandler = (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse | void>;

export interface StreamPollerOptions {
  dynamo: DynamoDBClient;
  streams: DynamoDBStreamsClient;
  tableName: string;
  region: string;
  batchSize: number;
  /** Tries of a failing batch before it is recorded on the failure queue and passed (Lambda's MaximumRetryAttempts). */
  retryAttempts: number;
  /** Lambda's event filter: only matching records reach the function (their batch still advances the stream). */
  filter: (record: StreamRecord) => boolean;
  /** Where the position in each shard is kept, so a restart resumes after the last batch handled. */
  checkpointFile: string;
  handler: StreamHandler;
  context: () => Context;
  /** Called with a batch that kept failing (as Lambda sends it to the on-failure destination). */
  onGiveUp: (failure: { shardId: string; firstSequenceNumber: string; lastSequenceNumber: string; size: number; reason: string }) => Promise<void>;
  onError: (error: unknown) => void;
  /** How long to wait when a shard has nothing new. */
  idleMs?: number;
}

const SHARD_LIST_MS = 5_000;

type Checkpoints = Record<string, { after?: string; closed?: boolean }>;

/**
 * The local stand-in for Lambda's DynamoDB stream event source mapping: reads
 * the table's stream from DynamoDB Local (the Streams API), applies the
 * trigger's filter, invokes the function with the same event shape, and
 * keeps its place per shard in a file written after each batch is handled —
 * so a crash between commit and dispatch means the batch is read again after
 * a restart (at least once; consumers recognise repeats by id).
 */
export function startStreamPoller(opts: StreamPollerOptions): { stop(): Promise<void> } {
  const abort = new AbortController();
  const loop = pollLoop(opts, abort.signal);
  return {
    stop: async () => {
      abort.abort();
      await loop;
    },
  };
}

async function pollLoop(opts: StreamPollerOptions, signal: AbortSignal): Promise<void> {
  const checkpoints = readCheckpoints(opts.checkpointFile);
  const saver = new CheckpointSaver(opts.checkpointFile, checkpoints);
  const iterators = new Map<string, string>();
  const failures = new Map<string, number>();
  let streamArn: string | undefined;
  // The shard list changes rarely (a new shard every few hours, or when one closes): not asked for on every read.
  let shards: Shard[] = [];
  let listedAt = 0;
  try {
    await readStream();
  } finally {
    saver.flush();
  }

  async function readStream(): Promise<void> {
    while (!signal.aborted) {
      try {
        streamArn ??= (await opts.dynamo.send(new DescribeTableCommand({ TableName: opts.tableName }))).Table?.LatestStreamArn;
        if (!streamArn) throw new Error(`table ${opts.tableName} has no stream`);
        if (Date.now() - listedAt > SHARD_LIST_MS) {
          shards = await listShards(opts.streams, streamArn);
          listedAt = Date.now();
        }
        let busy = false;
        for (const shard of shards) {
          if (signal.aborted) return;
          const shardId = shard.ShardId!;
          const mark = checkpoints[shardId] ?? {};
          if (mark.closed) continue;
          // A child shard waits until its parent is read to its end, so a case's changes stay in order.
          if (shard.ParentShardId && checkpoints[shard.ParentShardId] && !checkpoints[shard.ParentShardId]!.closed) continue;
          let iterator = iterators.get(shardId) ?? (await shardIterator(opts.streams, streamArn, shardId, mark.after));
          let page;
          try {
            page = await opts.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: opts.batchSize }));
          } catch (error) {
            if (!(error instanceof ExpiredIteratorException || error instanceof TrimmedDataAccessException)) throw error;
            iterators.delete(shardId);
            continue;
          }
          const records = page.Records ?? [];
          if (records.length > 0) {
            busy = true;
            const handled = await deliver(opts, streamArn, shardId, records, failures);
            if (!handled) {
              // Read the same batch again next time, from the last checkpoint.
              iterators.delete(shardId);
              continue;
            }
            checkpoints[shardId] = { after: records.at(-1)!.dynamodb!.SequenceNumber! };
            saver.changed();
          }
          if (page.NextShardIterator) {
            iterator = page.NextShardIterator;
            iterators.set(shardId, iterator);
          } else {
            checkpoints[shardId] = { ...checkpoints[shardId], closed: true };
            saver.changed();
            saver.flush();
            iterators.delete(shardId);
            listedAt = 0; // its child shard is to be read next
            busy = true;
          }
        }
        if (!busy) {
          saver.flush();
          await sleep(opts.idleMs ?? 100, signal);
        }
      } catch (error) {
        if (signal.aborted) return;
        opts.onError(error);
        await sleep(1_000, signal);
      }
    }
  }
}

/** Invokes the function for a batch; true when the stream may move past it. */
async function deliver(opts: StreamPollerOptions, streamArn: string, shardId: string, records: StreamRecord[], failures: Map<string, number>): Promise<boolean> {
  const matching = records.filter(opts.filter);
  if (matching.length === 0) return true;
  const event: DynamoDBStreamEvent = { Records: matching.map((r) => toLambdaRecord(r, streamArn, opts.region)) };
  let reason: string;
  try {
    const response = await opts.handler(event, opts.context());
    const failed = response?.batchItemFailures ?? [];
    if (failed.length === 0) {
      failures.delete(shardId);
      return true;
    }
    reason = `${failed.length} record(s) reported failed`;
  } catch (error) {
    reason = (error as Error).message;
  }
  const tries = (failures.get(shardId) ?? 0) + 1;
  failures.set(shardId, tries);
  if (tries <= opts.retryAttempts) {
    await sleep(Math.min(200 * 2 ** tries, 5_000));
    return false;
  }
  failures.delete(shardId);
  await opts.onGiveUp({
    shardId,
    firstSequenceNumber: records[0]!.dynamodb!.SequenceNumber!,
    lastSequenceNumber: records.at(-1)!.dynamodb!.SequenceNumber!,
    size: matching.length,
    reason,
  });
  return true;
}

async function listShards(streams: DynamoDBStreamsClient, streamArn: string): Promise<Shard[]> {
  const shards: Shard[] = [];
  let start: string | undefined;
  do {
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn, ...(start ? { ExclusiveStartShardId: start } : {}) }));
    shards.push(...(StreamDescription?.Shards ?? []));
    start = StreamDescription?.LastEvaluatedShardId;
  } while (start);
  return shards;
}

async function shardIterator(streams: DynamoDBStreamsClient, streamArn: string, shardId: string, after: string | undefined): Promise<string> {
  const { ShardIterator } = await streams.send(
    new GetShardIteratorCommand({
      StreamArn: streamArn,
      ShardId: shardId,
      ...(after ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after } : { ShardIteratorType: 'TRIM_HORIZON' }),
    }),
  );
  if (!ShardIterator) throw new Error(`no iterator for shard ${shardId}`);
  return ShardIterator;
}

function toLambdaRecord(record: StreamRecord, streamArn: string, region: string): DynamoDBRecord {
  const data = record.dynamodb!;
  return {
    eventID: record.eventID!,
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    eventSourceARN: streamArn,
    dynamodb: {
      ...(data.ApproximateCreationDateTime ? { ApproximateCreationDateTime: Math.floor(data.ApproximateCreationDateTime.getTime() / 1000) } : {}),
      Keys: data.Keys as NonNullable<DynamoDBRecord['dynamodb']>['Keys'],
      ...(data.NewImage ? { NewImage: data.NewImage as NonNullable<DynamoDBRecord['dynamodb']>['NewImage'] } : {}),
      SequenceNumber: data.SequenceNumber!,
      SizeBytes: data.SizeBytes ?? 0,
      StreamViewType: 'NEW_IMAGE',
    },
  };
}

function readCheckpoints(file: string): Checkpoints {
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Checkpoints;
  } catch {
    // A torn write cannot happen (rename is atomic); anything else unreadable means start over: consumers recognise repeats.
    return {};
  }
}

/** Written to a temporary file and renamed over the old one: a crash leaves the old or the new checkpoint, never half. */
/**
 * Writes the position at most every CHECKPOINT_MS while batches keep coming (a
 * file write and rename per batch cost more than dispatching it), and at once
 * when the stream goes quiet, a shard closes or the poller stops. A crash
 * re-reads at most that much of the stream: at least once, as on AWS.
 */
class CheckpointSaver {
  private dirty = false;
  private savedAt = 0;

  constructor(
    private readonly file: string,
    private readonly checkpoints: Checkpoints,
  ) {}

  changed(): void {
    this.dirty = true;
    if (Date.now() - this.savedAt >= CHECKPOINT_MS) this.flush();
  }

  flush(): void {
    if (!this.dirty) return;
    writeCheckpoints(this.file, this.checkpoints);
    this.dirty = false;
    this.savedAt = Date.now();
  }
}

const CHECKPOINT_MS = 250;

function writeCheckpoints(file: string, checkpoints: Checkpoints): void {
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, JSON.stringify(checkpoints));
  renameSync(temporary, file);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    // The abort listener goes with the timer: an idle poller sleeps ten times a second for as long as it runs.
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
