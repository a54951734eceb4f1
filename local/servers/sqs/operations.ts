/** The SQS actions: each reads its (untrusted) input and acts on the store. */
import { SqsError, missingParameter, queueDoesNotExist } from './errors.js';
import { batchEntries, optInt, optString, optStringList, optStringMap, reqString, type Input } from './input.js';
import type { ReceiveOptions } from './long-poll.js';
import { attributesSize, parseMessageAttributes } from './messages.js';
import type { StateJournal } from './journal.js';
import { ACCOUNT_ID, type QueueState, type SqsStore } from './store.js';

const MAX_BATCH_BYTES = 1_048_576;

export interface RequestContext {
  signal: AbortSignal;
}

export type Operation = (store: SqsStore, input: Input, ctx: RequestContext) => Input | Promise<Input>;

function batchFailure(id: string, error: unknown): Input {
  if (error instanceof SqsError) return { Id: id, SenderFault: true, Code: error.code, Message: error.message };
  return { Id: id, SenderFault: false, Code: 'InternalError', Message: String(error) };
}

/** Runs `fn` per batch entry, collecting Successful/Failed like SQS batch actions. */
function runBatch(entries: Input[], fn: (entry: Input, id: string) => Input): Input {
  const successful: Input[] = [];
  const failed: Input[] = [];
  for (const entry of entries) {
    const id = entry['Id'] as string;
    try {
      successful.push({ Id: id, ...fn(entry, id) });
    } catch (error) {
      failed.push(batchFailure(id, error));
    }
  }
  return { Successful: successful, Failed: failed };
}

function receiveOptions(input: Input): ReceiveOptions {
  return {
    max: optInt(input, 'MaxNumberOfMessages', 1, 10) ?? 1,
    visibilityTimeout: optInt(input, 'VisibilityTimeout', 0, 43_200),
    systemAttributeNames: [...optStringList(input, 'AttributeNames'), ...optStringList(input, 'MessageSystemAttributeNames')],
    messageAttributeNames: optStringList(input, 'MessageAttributeNames'),
  };
}

function queueByArnOrThrow(store: SqsStore, input: Input, name: string): QueueState {
  const arn = reqString(input, name);
  const queue = store.queueByArn(arn);
  if (!queue) throw new SqsError('ResourceNotFoundException', `The resource that you specified for the ${name} parameter doesn't exist.`);
  return queue;
}

export const OPERATIONS: Record<string, Operation> = {
  CreateQueue(store, input) {
    const name = reqString(input, 'QueueName');
    const queue = store.createQueue(name, optStringMap(input, 'Attributes'), optStringMap(input, 'tags'));
    return { QueueUrl: store.urlOf(queue) };
  },

  GetQueueUrl(store, input) {
    const name = reqString(input, 'QueueName');
    const owner = optString(input, 'QueueOwnerAWSAccountId');
    const queue = store.queues.get(name);
    if (!queue || (owner !== undefined && owner !== ACCOUNT_ID)) throw queueDoesNotExist();
    return { QueueUrl: store.urlOf(queue) };
  },

  ListQueues(store, input) {
    const prefix = optString(input, 'QueueNamePrefix') ?? '';
    const maxResults = optInt(input, 'MaxResults', 1, 1000);
    const after = optString(input, 'NextToken');
    const startAfter = after ? Buffer.from(after, 'base64').toString('utf8') : '';
    const names = [...store.queues.keys()].filter((n) => n.startsWith(prefix) && n > startAfter).sort();
    const page = maxResults === undefined ? names.slice(0, 1000) : names.slice(0, maxResults);
    const out: Input = {};
    if (page.length > 0) out['QueueUrls'] = page.map((n) => store.urlOf(store.queues.get(n)!));
    if (maxResults !== undefined && names.length > page.length) out['NextToken'] = Buffer.from(page.at(-1)!, 'utf8').toString('base64');
    return out;
  },

  ListDeadLetterSourceQueues(store, input) {
    const queue = store.queueByUrl(input);
    return { queueUrls: store.deadLetterSources(queue).map((q) => store.urlOf(q)) };
  },

  GetQueueAttributes(store, input) {
    const queue = store.queueByUrl(input);
    const attributes = store.getAttributes(queue, optStringList(input, 'AttributeNames'));
    return Object.keys(attributes).length > 0 ? { Attributes: attributes } : {};
  },

  SetQueueAttributes(store, input) {
    const queue = store.queueByUrl(input);
    store.applyAttributes(queue, store.normalizeAttributes(optStringMap(input, 'Attributes'), queue.fifo, false));
    return {};
  },

  DeleteQueue(store, input) {
    store.deleteQueue(store.queueByUrl(input));
    return {};
  },

  PurgeQueue(store, input) {
    store.purge(store.queueByUrl(input));
    return {};
  },

  TagQueue(store, input) {
    store.tag(store.queueByUrl(input), optStringMap(input, 'Tags'), []);
    return {};
  },

  UntagQueue(store, input) {
    store.tag(store.queueByUrl(input), new Map(), optStringList(input, 'TagKeys'));
    return {};
  },

  ListQueueTags(store, input) {
    const queue = store.queueByUrl(input);
    return queue.tags.size > 0 ? { Tags: Object.fromEntries(queue.tags) } : {};
  },

  SendMessage(store, input) {
    return store.send(store.queueByUrl(input), input);
  },

  SendMessageBatch(store, input) {
    const queue = store.queueByUrl(input);
    const entries = batchEntries(input);
    const total = entries.reduce((sum, e) => sum + Buffer.byteLength(String(e['MessageBody'] ?? '')) + attributesSizeOf(e), 0);
    if (total > MAX_BATCH_BYTES) {
      throw new SqsError('BatchRequestTooLong', `Batch requests cannot be longer than ${MAX_BATCH_BYTES} bytes. You have sent ${total} bytes.`);
    }
    return runBatch(entries, (entry) => {
      const { MessageId, MD5OfMessageBody, MD5OfMessageAttributes, MD5OfMessageSystemAttributes, SequenceNumber } = store.send(queue, entry);
      return stripUndefined({ MessageId, MD5OfMessageBody, MD5OfMessageAttributes, MD5OfMessageSystemAttributes, SequenceNumber });
    });
  },

  async ReceiveMessage(store, input, ctx) {
    const queue = store.queueByUrl(input);
    const options = receiveOptions(input);
    const waitSeconds = optInt(input, 'WaitTimeSeconds', 0, 20) ?? Number(queue.attributes['ReceiveMessageWaitTimeSeconds']);
    let messages = store.receiveNow(queue, options, Date.now());
    if (messages.length === 0 && waitSeconds > 0) {
      messages = await store.waitForMessages(queue.name, options, waitSeconds * 1000, ctx.signal);
    }
    return messages.length > 0 ? { Messages: messages } : {};
  },

  DeleteMessage(store, input) {
    const queue = store.queueByUrl(input);
    store.deleteMessage(queue, reqString(input, 'ReceiptHandle'));
    return {};
  },

  DeleteMessageBatch(store, input) {
    const queue = store.queueByUrl(input);
    return runBatch(batchEntries(input), (entry) => {
      store.deleteMessage(queue, reqString(entry, 'ReceiptHandle'));
      return {};
    });
  },

  ChangeMessageVisibility(store, input) {
    const queue = store.queueByUrl(input);
    const handle = reqString(input, 'ReceiptHandle');
    const seconds = optInt(input, 'VisibilityTimeout', 0, 43_200);
    if (seconds === undefined) throw missingParameter('VisibilityTimeout');
    store.changeVisibility(queue, handle, seconds);
    return {};
  },

  ChangeMessageVisibilityBatch(store, input) {
    const queue = store.queueByUrl(input);
    return runBatch(batchEntries(input), (entry) => {
      const seconds = optInt(entry, 'VisibilityTimeout', 0, 43_200);
      if (seconds === undefined) throw missingParameter('VisibilityTimeout');
      store.changeVisibility(queue, reqString(entry, 'ReceiptHandle'), seconds);
      return {};
    });
  },

  StartMessageMoveTask(store, input) {
    const source = queueByArnOrThrow(store, input, 'SourceArn');
    const destination = input['DestinationArn'] == null ? undefined : queueByArnOrThrow(store, input, 'DestinationArn');
    const maxPerSecond = optInt(input, 'MaxNumberOfMessagesPerSecond', 1, 500);
    return { TaskHandle: store.startMoveTask(source, destination, maxPerSecond).TaskHandle };
  },

  ListMessageMoveTasks(store, input) {
    const source = queueByArnOrThrow(store, input, 'SourceArn');
    const maxResults = optInt(input, 'MaxResults', 1, 10) ?? 1;
    const arn = store.arnOf(source);
    const results = store.moveTasks
      .filter((t) => t.SourceArn === arn)
      .reverse()
      .slice(0, maxResults);
    return { Results: results };
  },

  CancelMessageMoveTask(_store, input) {
    reqString(input, 'TaskHandle');
    // Tasks run to completion synchronously here, so there is never one to cancel.
    throw new SqsError('ResourceNotFoundException', 'Only tasks in RUNNING status can be cancelled.');
  },
};

function attributesSizeOf(entry: Input): number {
  try {
    return attributesSize(parseMessageAttributes(entry['MessageAttributes']));
  } catch {
    return 0; // reported per entry later
  }
}

function stripUndefined(input: Input): Input {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
}


/**
 * Runs one action as a request or an in-process call does: what the answer acknowledges is
 * on disk before the caller hears of it, and held long polls look again at what it changed.
 */
export async function performAction(store: SqsStore, journal: StateJournal, action: string, input: Input, signal: AbortSignal): Promise<Input> {
  const operation = OPERATIONS[action];
  if (!operation) throw new SqsError('UnknownOperationException', `Unknown operation ${action}.`);
  try {
    const output = await operation(store, input, { signal });
    journal.flush();
    return output;
  } finally {
    store.kick();
  }
}
