/** The queues and their messages, with the SQS semantics the system relies on. */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { SqsError, invalidValue, missingParameter, queueDoesNotExist, receiptHandleExpired, receiptHandleIsInvalid } from './errors.js';
import { optInt, optString, reqString, type Input } from './input.js';
import { LongPolls, type ReceiveOptions } from './long-poll.js';
import {
  attributesSize,
  checkCharacters,
  checkFifoId,
  md5Hex,
  parseMessageAttributes,
  parseReceiptHandle,
  parseSystemAttributes,
  sendResult,
  toWire,
  type AttributeMap,
  type StoredMessage,
} from './messages.js';
import {
  BOOLEAN_ATTRIBUTES,
  COMPUTED_ATTRIBUTES,
  ENUM_ATTRIBUTES,
  FREE_ATTRIBUTES,
  NUMERIC_ATTRIBUTES,
  defaultAttributes,
  normalizeAttributes,
  type RedrivePolicy,
} from './queue-attributes.js';

export const ACCOUNT_ID = '000000000000';
const DEDUP_WINDOW_MS = 5 * 60_000;
const FIRST_SEQUENCE = 10_000_000_000_000_000_000n;

export interface DedupEntry {
  expiresAt: number;
  messageId: string;
  sequenceNumber?: string;
}

export interface QueueState {
  name: string;
  fifo: boolean;
  /** Settable attributes, as the strings GetQueueAttributes returns. */
  attributes: Record<string, string>;
  createdAt: number;
  modifiedAt: number;
  tags: Map<string, string>;
  messages: StoredMessage[];
  dedup: Map<string, DedupEntry>;
  nextSequence: bigint;
}

export interface MoveTask {
  TaskHandle: string;
  Status: 'COMPLETED' | 'FAILED';
  SourceArn: string;
  DestinationArn?: string;
  MaxNumberOfMessagesPerSecond?: number;
  ApproximateNumberOfMessagesMoved: number;
  ApproximateNumberOfMessagesToMove: number;
  FailureReason?: string;
  StartedTimestamp: number;
}

/**
 * Every change to durable state, as the store reports it for the journal. In-flight
 * visibility is left out on purpose: receipts do not survive a restart, so a message
 * received but not deleted becomes visible again (as on AWS once its timeout lapses).
 */
export type Mutation =
  | { op: 'createQueue'; queue: string; fifo: boolean; attributes: Record<string, string>; createdAt: number; modifiedAt: number; tags: [string, string][] }
  | { op: 'setAttributes'; queue: string; attributes: Record<string, string>; modifiedAt: number }
  | { op: 'setTags'; queue: string; tags: [string, string][] }
  | { op: 'deleteQueue'; queue: string }
  | { op: 'purge'; queue: string }
  | { op: 'send'; queue: string; message: StoredMessage; dedup?: [string, DedupEntry] }
  | { op: 'receive'; queue: string; ids: string[]; at: number }
  | { op: 'delete'; queue: string; id: string }
  /** `message` as it now is in `to` (same id). */
  | { op: 'move'; from: string; to: string; message: StoredMessage }
  | { op: 'moveTask'; task: MoveTask };

export const isVisible = (m: StoredMessage, now: number) => m.delayUntil <= now && m.invisibleUntil <= now;
const isInFlight = (m: StoredMessage, now: number) => m.invisibleUntil > now;

export class SqsStore {
  readonly queues = new Map<string, QueueState>();
  moveTasks: MoveTask[] = [];
  private readonly polls = new LongPolls(
    (name, options, now) => {
      const queue = this.queues.get(name);
      return queue ? this.receiveNow(queue, options, now) : undefined;
    },
    (names, now) => {
      let next = Infinity;
      for (const name of names) {
        for (const m of this.queues.get(name)?.messages ?? []) {
          const at = Math.max(m.delayUntil, m.invisibleUntil);
          if (at > now && at < next) next = at;
        }
      }
      return next;
    },
  );

  constructor(
    private readonly endpoint: () => string,
    private readonly partition: string,
    private readonly region: string,
    private readonly record: (mutation: Mutation) => void,
  ) {}

  // ----- naming -----

  arnOf(q: QueueState): string {
    return `arn:${this.partition}:sqs:${this.region}:${ACCOUNT_ID}:${q.name}`;
  }

  urlOf(q: QueueState): string {
    return `${this.endpoint()}/${ACCOUNT_ID}/${q.name}`;
  }

  /** Any partition/region is accepted so hand-built ARNs from config still resolve. */
  queueByArn(arn: string): QueueState | undefined {
    const match = /^arn:aws[a-z-]*:sqs:[a-z0-9-]*:(\d{12}):([A-Za-z0-9_.-]+)$/.exec(arn);
    if (!match || match[1] !== ACCOUNT_ID) return undefined;
    return this.queues.get(match[2]!);
  }

  /** Queue from a QueueUrl; the host part is ignored (localhost vs 127.0.0.1, docker names). */
  queueByUrl(input: Input): QueueState {
    const url = reqString(input, 'QueueUrl');
    let segments: string[];
    try {
      segments = new URL(url).pathname.split('/').filter(Boolean);
    } catch {
      throw queueDoesNotExist();
    }
    const [account, name] = segments.length === 2 ? segments : [undefined, undefined];
    const queue = account === ACCOUNT_ID && name ? this.queues.get(name) : undefined;
    if (!queue) throw queueDoesNotExist();
    this.dropExpired(queue, Date.now());
    return queue;
  }

  // ----- queues and their attributes -----

  normalizeAttributes(input: Map<string, string>, fifo: boolean, forCreate: boolean): Map<string, string> {
    return normalizeAttributes(input, fifo, forCreate, (arn) => this.queueByArn(arn)?.fifo);
  }

  redrivePolicyOf(q: QueueState): RedrivePolicy | undefined {
    const raw = q.attributes['RedrivePolicy'];
    return raw ? (JSON.parse(raw) as RedrivePolicy) : undefined;
  }

  /** Queues whose RedrivePolicy targets `dlq`. */
  deadLetterSources(dlq: QueueState): QueueState[] {
    return [...this.queues.values()].filter((q) => {
      const policy = this.redrivePolicyOf(q);
      return q !== dlq && policy !== undefined && this.queueByArn(policy.deadLetterTargetArn) === dlq;
    });
  }

  createQueue(name: string, attributes: Map<string, string>, tags: Map<string, string>): QueueState {
    const fifo = (attributes.get('FifoQueue') ?? 'false').toLowerCase() === 'true';
    const fifoName = name.endsWith('.fifo');
    if (fifo && !/^[A-Za-z0-9_-]{1,75}\.fifo$/.test(name)) {
      throw invalidValue('QueueName', name, 'The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.');
    }
    if (!fifo && (fifoName || !/^[A-Za-z0-9_-]{1,80}$/.test(name))) {
      throw invalidValue('QueueName', name, 'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length. A FIFO queue name must end with .fifo and needs the attribute FifoQueue=true.');
    }
    const normalized = this.normalizeAttributes(attributes, fifo, true);
    const existing = this.queues.get(name);
    if (existing) {
      for (const [key, value] of normalized) {
        if ((existing.attributes[key] ?? '') !== value) {
          throw new SqsError('QueueNameExists', `A queue already exists with the same name and a different value for attribute ${key}`);
        }
      }
      return existing;
    }
    const now = Math.floor(Date.now() / 1000);
    const queue = this.addQueue({ name, fifo, attributes: defaultAttributes(fifo), createdAt: now, modifiedAt: now, tags: [...tags] });
    setAttributes(queue, normalized, now);
    this.record({ op: 'createQueue', queue: name, fifo, attributes: queue.attributes, createdAt: now, modifiedAt: now, tags: [...queue.tags] });
    return queue;
  }

  /** A new, empty queue (also used when replaying the journal). */
  addQueue(q: { name: string; fifo: boolean; attributes: Record<string, string>; createdAt: number; modifiedAt: number; tags: [string, string][] }): QueueState {
    const queue: QueueState = {
      name: q.name,
      fifo: q.fifo,
      attributes: { ...q.attributes },
      createdAt: q.createdAt,
      modifiedAt: q.modifiedAt,
      tags: new Map(q.tags),
      messages: [],
      dedup: new Map(),
      nextSequence: FIRST_SEQUENCE,
    };
    this.queues.set(q.name, queue);
    return queue;
  }

  applyAttributes(q: QueueState, attributes: Map<string, string>): void {
    setAttributes(q, attributes, Math.floor(Date.now() / 1000));
    this.record({ op: 'setAttributes', queue: q.name, attributes: q.attributes, modifiedAt: q.modifiedAt });
  }

  getAttributes(q: QueueState, names: string[]): Record<string, string> {
    const now = Date.now();
    const known = new Set([...COMPUTED_ATTRIBUTES, ...Object.keys(NUMERIC_ATTRIBUTES), ...BOOLEAN_ATTRIBUTES, ...Object.keys(ENUM_ATTRIBUTES), ...FREE_ATTRIBUTES, 'RedrivePolicy', 'All']);
    for (const name of names) {
      if (!known.has(name)) throw new SqsError('InvalidAttributeName', `Unknown Attribute ${name}.`);
    }
    const all: Record<string, string> = {
      QueueArn: this.arnOf(q),
      ApproximateNumberOfMessages: String(q.messages.filter((m) => isVisible(m, now)).length),
      ApproximateNumberOfMessagesNotVisible: String(q.messages.filter((m) => isInFlight(m, now)).length),
      ApproximateNumberOfMessagesDelayed: String(q.messages.filter((m) => m.delayUntil > now).length),
      CreatedTimestamp: String(q.createdAt),
      LastModifiedTimestamp: String(q.modifiedAt),
      ...q.attributes,
    };
    if (q.fifo) all['FifoQueue'] = 'true';
    const wanted = names.includes('All') ? Object.keys(all) : names;
    const out: Record<string, string> = {};
    for (const name of wanted) {
      const value = all[name];
      if (value !== undefined) out[name] = value;
    }
    return out;
  }

  deleteQueue(q: QueueState): void {
    this.queues.delete(q.name);
    this.polls.dropQueue(q.name);
    this.record({ op: 'deleteQueue', queue: q.name });
  }

  tag(q: QueueState, add: Map<string, string>, remove: string[]): void {
    for (const [key, value] of add) q.tags.set(key, value);
    for (const key of remove) q.tags.delete(key);
    this.record({ op: 'setTags', queue: q.name, tags: [...q.tags] });
  }

  purge(q: QueueState): void {
    q.messages = [];
    this.record({ op: 'purge', queue: q.name });
  }

  // ----- sending -----

  /** Retention is applied lazily and not journalled: replay drops the same messages by their SentTimestamp. */
  private dropExpired(q: QueueState, now: number): void {
    const retentionMs = Number(q.attributes['MessageRetentionPeriod']) * 1000;
    if (q.messages.some((m) => m.sentAt + retentionMs <= now)) q.messages = q.messages.filter((m) => m.sentAt + retentionMs > now);
    for (const [key, entry] of q.dedup) if (entry.expiresAt <= now) q.dedup.delete(key);
  }

  private nextSequenceNumber(q: QueueState): string {
    q.nextSequence += 1n;
    return q.nextSequence.toString();
  }

  /** Validates one SendMessage(Batch) entry and enqueues it. */
  send(q: QueueState, input: Input): Input {
    const now = Date.now();
    const body = optString(input, 'MessageBody');
    if (body === undefined || body === '') throw missingParameter('MessageBody');
    checkCharacters(body, 'message body');
    const attributes = parseMessageAttributes(input['MessageAttributes']);
    const systemAttributes = parseSystemAttributes(input['MessageSystemAttributes']);
    const maxSize = Number(q.attributes['MaximumMessageSize']);
    if (Buffer.byteLength(body) + attributesSize(attributes) > maxSize) {
      throw invalidValue('MessageBody', '(message)', `Message must be shorter than ${maxSize} bytes.`);
    }
    const delaySeconds = optInt(input, 'DelaySeconds', 0, 900);
    let groupId = optString(input, 'MessageGroupId');
    let dedupId = optString(input, 'MessageDeduplicationId');
    if (groupId !== undefined) checkFifoId('MessageGroupId', groupId);
    if (dedupId !== undefined) checkFifoId('MessageDeduplicationId', dedupId);

    if (q.fifo) {
      if (!groupId) throw missingParameter('MessageGroupId');
      if (delaySeconds !== undefined) {
        throw invalidValue('DelaySeconds', delaySeconds, 'The request include parameter that is not valid for this queue type.');
      }
      if (!dedupId) {
        if (q.attributes['ContentBasedDeduplication'] !== 'true') {
          throw invalidValue('MessageDeduplicationId', '', 'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly');
        }
        dedupId = createHash('sha256').update(body, 'utf8').digest('hex');
      }
      const key = q.attributes['DeduplicationScope'] === 'messageGroup' ? `${groupId}\n${dedupId}` : dedupId;
      const previous = q.dedup.get(key);
      if (previous && previous.expiresAt > now) {
        // A duplicate is accepted but not enqueued; SQS answers with the original ids.
        return sendResult(previous.messageId, body, attributes, systemAttributes, previous.sequenceNumber);
      }
      const message = this.newMessage(q, { body, attributes, systemAttributes, groupId, dedupId, delaySeconds: undefined }, now);
      const entry: DedupEntry = { expiresAt: now + DEDUP_WINDOW_MS, messageId: message.id, sequenceNumber: message.sequenceNumber };
      q.dedup.set(key, entry);
      this.enqueue(q, message, [key, entry]);
      return sendResult(message.id, body, attributes, systemAttributes, message.sequenceNumber);
    }

    if (dedupId !== undefined) {
      throw invalidValue('MessageDeduplicationId', dedupId, 'The request include parameter that is not valid for this queue type');
    }
    groupId = groupId || undefined; // standard queues accept a group id (fair queues) without ordering
    const message = this.newMessage(q, { body, attributes, systemAttributes, groupId, dedupId: undefined, delaySeconds }, now);
    this.enqueue(q, message, undefined);
    return sendResult(message.id, body, attributes, systemAttributes, undefined);
  }

  private newMessage(
    q: QueueState,
    m: { body: string; attributes: AttributeMap; systemAttributes: AttributeMap; groupId: string | undefined; dedupId: string | undefined; delaySeconds: number | undefined },
    now: number,
  ): StoredMessage {
    const delay = m.delaySeconds ?? Number(q.attributes['DelaySeconds']);
    const message: StoredMessage = {
      id: randomUUID(),
      body: m.body,
      md5OfBody: md5Hex(Buffer.from(m.body, 'utf8')),
      attributes: m.attributes,
      systemAttributes: m.systemAttributes,
      sentAt: now,
      delayUntil: now + delay * 1000,
      invisibleUntil: 0,
      receiveCount: 0,
    };
    if (m.groupId !== undefined) message.groupId = m.groupId;
    if (m.dedupId !== undefined) message.dedupId = m.dedupId;
    if (q.fifo) message.sequenceNumber = this.nextSequenceNumber(q);
    return message;
  }

  private enqueue(q: QueueState, message: StoredMessage, dedup: [string, DedupEntry] | undefined): void {
    q.messages.push(message);
    this.record(dedup ? { op: 'send', queue: q.name, message, dedup } : { op: 'send', queue: q.name, message });
    this.polls.kick();
  }

  // ----- receiving -----

  /** Picks receivable messages in order, redriving over-received ones to the DLQ on the way. */
  receiveNow(q: QueueState, options: ReceiveOptions, now: number): Input[] {
    this.dropExpired(q, now);
    const blockedGroups = new Set<string>();
    if (q.fifo) for (const m of q.messages) if (isInFlight(m, now)) blockedGroups.add(m.groupId!);
    const visibilitySeconds = options.visibilityTimeout ?? Number(q.attributes['VisibilityTimeout']);
    const out: Input[] = [];
    const received: string[] = [];
    for (const m of [...q.messages]) {
      if (out.length >= options.max) break;
      const group = q.fifo ? m.groupId! : undefined;
      if (group !== undefined && blockedGroups.has(group)) continue;
      if (!isVisible(m, now)) {
        // Strict order in a FIFO group: a message that isn't ready holds back those behind it.
        if (group !== undefined) blockedGroups.add(group);
        continue;
      }
      if (this.redriveIfExhausted(q, m, now)) continue;
      m.receiveCount += 1;
      m.firstReceiveAt ??= now;
      m.invisibleUntil = now + visibilitySeconds * 1000;
      m.receiptToken = randomBytes(12).toString('hex');
      received.push(m.id);
      out.push(toWire(q.name, m, options));
    }
    // Receive counts are durable, so a message that crashes its consumer still ends in the DLQ.
    if (received.length > 0) this.record({ op: 'receive', queue: q.name, ids: received, at: now });
    return out;
  }

  waitForMessages(queueName: string, options: ReceiveOptions, waitMs: number, signal: AbortSignal): Promise<Input[]> {
    return this.polls.wait(queueName, options, waitMs, signal);
  }

  /** Re-tries held polls soon (after the current request has finished mutating state). */
  kick(): void {
    this.polls.kick();
  }

  releaseAllWaiters(): void {
    this.polls.releaseAll();
  }

  /** Moves a message whose next receive would exceed maxReceiveCount to the dead-letter queue. */
  private redriveIfExhausted(q: QueueState, m: StoredMessage, now: number): boolean {
    const policy = this.redrivePolicyOf(q);
    if (!policy || m.receiveCount < policy.maxReceiveCount) return false;
    const dlq = this.queueByArn(policy.deadLetterTargetArn);
    if (!dlq || dlq === q) return false;
    this.moveMessage(q, m, dlq, now, this.arnOf(q));
    return true;
  }

  /** Moves a message between queues, keeping id, body, attributes and SentTimestamp; the receive count restarts. */
  private moveMessage(from: QueueState, m: StoredMessage, to: QueueState, now: number, deadLetterSourceArn: string | undefined): void {
    from.messages = from.messages.filter((x) => x !== m);
    const moved: StoredMessage = { ...m, delayUntil: now, invisibleUntil: 0, receiveCount: 0 };
    delete moved.firstReceiveAt;
    delete moved.receiptToken;
    delete moved.deadLetterSourceArn;
    delete moved.sequenceNumber;
    if (deadLetterSourceArn) moved.deadLetterSourceArn = deadLetterSourceArn;
    if (to.fifo) {
      moved.groupId ??= 'default';
      moved.sequenceNumber = this.nextSequenceNumber(to);
    }
    to.messages.push(moved);
    this.record({ op: 'move', from: from.name, to: to.name, message: moved });
    this.polls.kick();
  }

  // ----- receipt handles -----

  /** Resolves a receipt handle; undefined when the message is already gone (deleting it again is not an error). */
  private messageForHandle(q: QueueState, handle: string): { message: StoredMessage | undefined; token: string } {
    const parsed = parseReceiptHandle(handle);
    if (!parsed || parsed.queueName !== q.name) throw receiptHandleIsInvalid(handle);
    return { message: q.messages.find((m) => m.id === parsed.messageId), token: parsed.token };
  }

  deleteMessage(q: QueueState, handle: string): void {
    const now = Date.now();
    const { message, token } = this.messageForHandle(q, handle);
    if (!message) return;
    // FIFO queues refuse a handle whose receive is over, so a slow consumer can't delete
    // a message someone else now holds. Standard queues accept it, as SQS does.
    if (q.fifo && (message.receiptToken !== token || !isInFlight(message, now))) throw receiptHandleExpired(handle);
    q.messages = q.messages.filter((m) => m !== message);
    this.record({ op: 'delete', queue: q.name, id: message.id });
    if (q.fifo) this.polls.kick(); // the group may now be free
  }

  changeVisibility(q: QueueState, handle: string, seconds: number): void {
    const now = Date.now();
    const { message, token } = this.messageForHandle(q, handle);
    if (!message) throw invalidValue('ReceiptHandle', handle, 'Message does not exist or is not available for visibility timeout change.');
    if (!isInFlight(message, now)) throw new SqsError('MessageNotInflight', "The message referred to isn't in flight.");
    if (q.fifo && message.receiptToken !== token) throw receiptHandleExpired(handle);
    message.invisibleUntil = now + seconds * 1000;
    this.polls.kick();
  }

  // ----- dead-letter move tasks -----

  startMoveTask(source: QueueState, destination: QueueState | undefined, maxPerSecond: number | undefined): MoveTask {
    const sources = this.deadLetterSources(source);
    if (sources.length === 0) throw invalidValue('SourceArn', this.arnOf(source), 'Source queue must be configured as a Dead Letter Queue.');
    const now = Date.now();
    this.dropExpired(source, now);
    const candidates = source.messages.filter((m) => !isInFlight(m, now));
    let moved = 0;
    for (const m of candidates) {
      // Default destination: the queue the message was dead-lettered from.
      const original = m.deadLetterSourceArn ? this.queueByArn(m.deadLetterSourceArn) : undefined;
      const target = destination ?? original ?? (sources.length === 1 ? sources[0] : undefined);
      if (!target || target === source) continue;
      this.moveMessage(source, m, target, now, undefined);
      moved += 1;
    }
    const failed = candidates.length - moved;
    const task: MoveTask = {
      TaskHandle: Buffer.from(JSON.stringify({ taskId: randomUUID(), sourceArn: this.arnOf(source) })).toString('base64'),
      Status: failed === 0 ? 'COMPLETED' : 'FAILED',
      SourceArn: this.arnOf(source),
      ApproximateNumberOfMessagesMoved: moved,
      ApproximateNumberOfMessagesToMove: candidates.length,
      StartedTimestamp: now,
    };
    if (destination) task.DestinationArn = this.arnOf(destination);
    if (maxPerSecond !== undefined) task.MaxNumberOfMessagesPerSecond = maxPerSecond;
    if (failed > 0) task.FailureReason = `${failed} message(s) had no destination: their source queue is unknown or was deleted.`;
    this.moveTasks.push(task);
    this.record({ op: 'moveTask', task });
    return task;
  }
}

export function setAttributes(q: QueueState, attributes: Map<string, string> | Record<string, string>, modifiedAt: number): void {
  for (const [key, value] of attributes instanceof Map ? attributes : Object.entries(attributes)) {
    if (key === 'RedrivePolicy' && value === '') delete q.attributes[key];
    else q.attributes[key] = value;
  }
  q.modifiedAt = modifiedAt;
}
