import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type DeleteMessageBatchCommandInput,
  type Message,
  type ReceiveMessageCommandInput,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { LocalSqs } from './servers/sqs-server.js';

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;

/** The two actions a poller takes on its queue. */
export interface PollerClient {
  receive(input: ReceiveMessageCommandInput, signal: AbortSignal): Promise<Message[]>;
  deleteBatch(input: DeleteMessageBatchCommandInput): Promise<void>;
}

/** Polls any SQS endpoint through the SDK. */
export function sdkPollerClient(sqs: SQSClient): PollerClient {
  return {
    receive: async (input, signal) => (await sqs.send(new ReceiveMessageCommand(input), { abortSignal: signal })).Messages ?? [],
    deleteBatch: async (input) => {
      await sqs.send(new DeleteMessageBatchCommand(input));
    },
  };
}

let pollerCallObserver: ((action: string, input: { QueueUrl?: string }) => void) | undefined;

/** Told of every action an in-process poller takes (the intake benchmark prices them as SQS requests); one observer at a time. */
export function observePollerCalls(observer: typeof pollerCallObserver): void {
  pollerCallObserver = observer;
}

/**
 * Polls the local SQS server of this same process directly: for every message the HTTP
 * request, signing and JSON of a receive and a delete, on both ends, cost as much CPU as
 * the server's work many times over, on the cores the functions need.
 */
export function inProcessPollerClient(server: Pick<LocalSqs, 'invoke'>): PollerClient {
  return {
    receive: async (input, signal) => {
      pollerCallObserver?.('ReceiveMessage', input);
      const output = await server.invoke('ReceiveMessage', { ...input }, signal);
      return ((output.Messages ?? []) as Message[]).map(sdkShaped);
    },
    deleteBatch: async (input) => {
      pollerCallObserver?.('DeleteMessageBatch', input);
      const output = await server.invoke('DeleteMessageBatch', { ...input });
      const failed = (output.Failed ?? []) as { Id?: string; Message?: string }[];
      if (failed.length > 0) throw new Error(`local SQS could not delete ${failed.length} message(s): ${failed[0]!.Message ?? ''}`);
    },
  };
}

/** The SDK decodes a binary attribute from the protocol's base64; so does this. */
function sdkShaped(message: Message): Message {
  if (!message.MessageAttributes) return message;
  const attributes = Object.fromEntries(
    Object.entries(message.MessageAttributes).map(([name, value]) => [
      name,
      typeof value.BinaryValue === 'string' ? { ...value, BinaryValue: Buffer.from(value.BinaryValue, 'base64') } : value,
    ]),
  );
  return { ...message, MessageAttributes: attributes };
}

export interface PollerOptions {
  client: PollerClient;
  queueUrl: string;
  queueArn: string;
  region: string;
  batchSize: number;
  /** How long a batch short of `batchSize` waits to fill, as Lambda's batching window (0: delivered as received). */
  batchingWindowMs?: number;
  /** Parallel pollers, like Lambda's concurrent batches (FIFO order is kept by the queue's group locking). */
  concurrency: number;
  handler: SqsHandler;
  context: () => Context;
  onError: (error: unknown) => void;
}

/**
 * The local stand-in for Lambda's SQS event source mapping: long-polls the
 * queue, invokes the function with a batch, and deletes what succeeded. With
 * ReportBatchItemFailures, only the listed failures stay on the queue; if the
 * function throws, the whole batch does, and comes back after its visibility
 * timeout (and to the DLQ after maxReceiveCount), as on AWS.
 */
export function startSqsPoller(opts: PollerOptions): { stop(): Promise<void> } {
  const abort = new AbortController();
  const loops = Array.from({ length: opts.concurrency }, () => pollLoop(opts, abort.signal));
  return {
    stop: async () => {
      abort.abort();
      await Promise.allSettled(loops);
    },
  };
}

async function pollLoop(opts: PollerOptions, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    try {
      const messages = await receive(opts, opts.batchSize, 2, signal);
      if (messages.length === 0) continue;
      // A batching window opens with the first message: the batch goes when full or when it closes.
      const closes = Date.now() + (opts.batchingWindowMs ?? 0);
      while (messages.length < opts.batchSize && Date.now() < closes && !signal.aborted) {
        messages.push(...(await receive(opts, opts.batchSize - messages.length, 1, signal)));
      }
      await deliver(opts, messages);
    } catch (error) {
      if (signal.aborted) return;
      opts.onError(error);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

function receive(opts: PollerOptions, max: number, waitSeconds: number, signal: AbortSignal): Promise<Message[]> {
  return opts.client.receive(
    { QueueUrl: opts.queueUrl, MaxNumberOfMessages: max, WaitTimeSeconds: waitSeconds, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'] },
    signal,
  );
}

async function deliver(opts: PollerOptions, messages: Message[]): Promise<void> {
  const event: SQSEvent = { Records: messages.map((m) => toRecord(m, opts)) };
  let failed = new Set<string>();
  try {
    const response = await opts.handler(event, opts.context());
    failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
  } catch (error) {
    opts.onError(error);
    return; // the whole batch becomes visible again after its timeout
  }
  const done = messages.filter((m) => !failed.has(m.MessageId ?? ''));
  if (done.length === 0) return;
  await opts.client.deleteBatch({ QueueUrl: opts.queueUrl, Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) });
}

function toRecord(message: Message, opts: PollerOptions): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId!,
    receiptHandle: message.ReceiptHandle!,
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      ...(attributes.MessageGroupId ? { MessageGroupId: attributes.MessageGroupId } : {}),
      ...(attributes.MessageDeduplicationId ? { MessageDeduplicationId: attributes.MessageDeduplicationId } : {}),
      ...(attributes.SequenceNumber ? { SequenceNumber: attributes.SequenceNumber } : {}),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
        name,
        {
          dataType: value.DataType ?? 'String',
          ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
          ...(value.BinaryValue !== undefined ? { binaryValue: Buffer.from(value.BinaryValue).toString('base64') } : {}),
          stringListValues: [],
          binaryListValues: [],
        },
      ]),
    ),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: opts.queueArn,
    awsRegion: opts.region,
  };
}
