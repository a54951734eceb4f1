/**
 * A small local Amazon SQS that speaks the AWS JSON 1.0 protocol of the current
 * `@aws-sdk/client-sqs` (X-Amz-Target: AmazonSQS.<Op>), so the real SDK client can be
 * pointed at it unchanged (AWS_ENDPOINT_URL_SQS).
 *
 * Semantics follow SQS where the system relies on them: at-least-once delivery with
 * visibility timeouts and fresh receipt handles, receive counts, dead-letter redrive,
 * delays, retention, long polling, FIFO groups/deduplication, and DLQ move tasks.
 * State can be persisted to a JSON file (written atomically, debounced).
 */
import http from 'node:http';
import { readBody } from './http-body.js';
import type { AddressInfo } from 'node:net';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, promises as fsp, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface SqsServerOptions {
  host?: string;
  port: number;
  dataFile?: string;
  region?: string;
}

export interface LocalSqs {
  endpoint: string;
  close(): Promise<void>;
}

const ACCOUNT_ID = '000000000000';
const JSON_CONTENT_TYPE = 'application/x-amz-json-1.0';
const DEDUP_WINDOW_MS = 5 * 60_000;
const MAX_BATCH_ENTRIES = 10;
const MAX_BATCH_BYTES = 1_048_576;
const MAX_REQUEST_BYTES = 8 * 1_048_576;
const SAVE_DEBOUNCE_MS = 50;
const SENDER_ID = 'AIDAAAAAAAAAAAAAAAAAA';

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/**
 * Modelled name -> [awsQuery error code, HTTP status]. The SDK is "awsQueryCompatible":
 * it reads the code from the `x-amzn-query-error` header and maps it back to the
 * modelled exception, so both must be right for `err.name` to come out as expected.
 */
const ERROR_CODES = {
  QueueDoesNotExist: ['AWS.SimpleQueueService.NonExistentQueue', 400],
  QueueNameExists: ['QueueAlreadyExists', 400],
  ReceiptHandleIsInvalid: ['ReceiptHandleIsInvalid', 404],
  MessageNotInflight: ['AWS.SimpleQueueService.MessageNotInflight', 400],
  EmptyBatchRequest: ['AWS.SimpleQueueService.EmptyBatchRequest', 400],
  TooManyEntriesInBatchRequest: ['AWS.SimpleQueueService.TooManyEntriesInBatchRequest', 400],
  BatchEntryIdsNotDistinct: ['AWS.SimpleQueueService.BatchEntryIdsNotDistinct', 400],
  InvalidBatchEntryId: ['AWS.SimpleQueueService.InvalidBatchEntryId', 400],
  BatchRequestTooLong: ['AWS.SimpleQueueService.BatchRequestTooLong', 400],
  InvalidAttributeName: ['InvalidAttributeName', 400],
  InvalidAttributeValue: ['InvalidAttributeValue', 400],
  InvalidMessageContents: ['InvalidMessageContents', 400],
  UnsupportedOperation: ['AWS.SimpleQueueService.UnsupportedOperation', 400],
  ResourceNotFoundException: ['ResourceNotFoundException', 404],
  // Not modelled by the SDK; it surfaces these under their query code.
  InvalidParameterValue: ['InvalidParameterValue', 400],
  MissingParameter: ['MissingParameter', 400],
  // Protocol-level errors (coral namespace).
  UnknownOperationException: ['InvalidAction', 400],
  SerializationException: ['MalformedQueryString', 400],
  InternalFailure: ['InternalFailure', 500],
} as const satisfies Record<string, readonly [string, number]>;

type ErrorName = keyof typeof ERROR_CODES;

class SqsError extends Error {
  constructor(
    readonly code: ErrorName,
    message: string,
  ) {
    super(message);
  }
}

const missingParameter = (name: string) =>
  new SqsError('MissingParameter', `The request must contain the parameter ${name}.`);
const invalidValue = (name: string, value: unknown, reason: string) =>
  new SqsError('InvalidParameterValue', `Value ${typeof value === 'string' ? value : JSON.stringify(value)} for parameter ${name} is invalid. Reason: ${reason}`);
const queueDoesNotExist = () => new SqsError('QueueDoesNotExist', 'The specified queue does not exist.');
const receiptHandleIsInvalid = (handle: string) =>
  new SqsError('ReceiptHandleIsInvalid', `The input receipt handle "${handle}" is not a valid receipt handle.`);
const receiptHandleExpired = (handle: string) =>
  invalidValue('ReceiptHandle', handle, 'The receipt handle has expired.');

function errorType(code: ErrorName): string {
  const coral = code === 'UnknownOperationException' || code === 'SerializationException' || code === 'InternalFailure';
  return `${coral ? 'com.amazon.coral.service' : 'com.amazonaws.sqs'}#${code}`;
}

// ---------------------------------------------------------------------------
// Input readers: the JSON body is untrusted, so every field is checked.
// ---------------------------------------------------------------------------

type Input = Record<string, unknown>;

function isObject(value: unknown): value is Input {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optString(input: Input, name: string): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidValue(name, value, 'Must be a string.');
  return value;
}

function reqString(input: Input, name: string): string {
  const value = optString(input, name);
  if (value === undefined || value === '') throw missingParameter(name);
  return value;
}

function optInt(input: Input, name: string, min: number, max: number): number | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw invalidValue(name, value, `Must be between ${min} and ${max}, if provided.`);
  }
  return n;
}

function optStringList(input: Input, name: string): string[] {
  const value = input[name];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw invalidValue(name, value, 'Must be a list of strings.');
  }
  return value as string[];
}

function optStringMap(input: Input, name: string): Map<string, string> {
  const value = input[name];
  const map = new Map<string, string>();
  if (value === undefined || value === null) return map;
  if (!isObject(value)) throw invalidValue(name, value, 'Must be a map of strings.');
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw invalidValue(name, value, `Value of ${k} must be a string.`);
    map.set(k, v);
  }
  return map;
}

function batchEntries(input: Input): Input[] {
  const value = input['Entries'];
  if (value === undefined || value === null) throw missingParameter('Entries');
  if (!Array.isArray(value) || value.some((e) => !isObject(e))) throw invalidValue('Entries', value, 'Must be a list of entries.');
  if (value.length === 0) throw new SqsError('EmptyBatchRequest', 'There should be at least one SendMessageBatchRequestEntry in the request.');
  if (value.length > MAX_BATCH_ENTRIES) {
    throw new SqsError('TooManyEntriesInBatchRequest', `Maximum number of entries per request are ${MAX_BATCH_ENTRIES}. You have sent ${value.length}.`);
  }
  const seen = new Set<string>();
  for (const entry of value as Input[]) {
    const id = reqString(entry, 'Id');
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(id)) {
      throw new SqsError('InvalidBatchEntryId', 'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.');
    }
    if (seen.has(id)) throw new SqsError('BatchEntryIdsNotDistinct', `Id ${id} repeated.`);
    seen.add(id);
  }
  return value as Input[];
}

// ---------------------------------------------------------------------------
// Messages and their checksums
// ---------------------------------------------------------------------------

interface AttributeValue {
  DataType: string;
  StringValue?: string;
  /** base64, as on the wire */
  BinaryValue?: string;
}
type AttributeMap = Record<string, AttributeValue>;

interface StoredMessage {
  id: string;
  body: string;
  md5OfBody: string;
  attributes: AttributeMap;
  systemAttributes: AttributeMap;
  sentAt: number;
  /** Not receivable before this time (DelaySeconds). */
  delayUntil: number;
  /** In flight until this time after a receive. */
  invisibleUntil: number;
  receiveCount: number;
  firstReceiveAt?: number;
  /** Nonce of the latest receipt handle. */
  receiptToken?: string;
  groupId?: string;
  dedupId?: string;
  sequenceNumber?: string;
  deadLetterSourceArn?: string;
}

function md5Hex(data: string | Buffer): string {
  return createHash('md5').update(data).digest('hex');
}

/** MD5 of message attributes as SQS defines it: sorted names, length-prefixed fields, a transport-type byte. */
function md5OfAttributes(attributes: AttributeMap): string | undefined {
  const names = Object.keys(attributes).sort();
  if (names.length === 0) return undefined;
  const parts: Buffer[] = [];
  const field = (bytes: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    parts.push(length, bytes);
  };
  for (const name of names) {
    const attribute = attributes[name]!;
    field(Buffer.from(name, 'utf8'));
    field(Buffer.from(attribute.DataType, 'utf8'));
    if (attribute.BinaryValue !== undefined) {
      parts.push(Buffer.from([2]));
      field(Buffer.from(attribute.BinaryValue, 'base64'));
    } else {
      parts.push(Buffer.from([1]));
      field(Buffer.from(attribute.StringValue ?? '', 'utf8'));
    }
  }
  return md5Hex(Buffer.concat(parts));
}

function attributesSize(attributes: AttributeMap): number {
  let size = 0;
  for (const [name, a] of Object.entries(attributes)) {
    size += Buffer.byteLength(name) + Buffer.byteLength(a.DataType);
    size += a.BinaryValue !== undefined ? Buffer.from(a.BinaryValue, 'base64').length : Buffer.byteLength(a.StringValue ?? '');
  }
  return size;
}

/** Characters SQS accepts in bodies and string attributes (lone surrogates fall outside them). */
function isAllowedCodePoint(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

function checkCharacters(text: string, what: string): void {
  for (const char of text) {
    const cp = char.codePointAt(0)!;
    if (isAllowedCodePoint(cp)) continue;
    throw new SqsError(
      'InvalidMessageContents',
      `Invalid binary character '#x${cp.toString(16).toUpperCase()}' was found in the ${what}, the set of allowed characters is #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF`,
    );
  }
}

function parseMessageAttributes(raw: unknown): AttributeMap {
  const attributes: AttributeMap = Object.create(null) as AttributeMap;
  if (raw === undefined || raw === null) return attributes;
  if (!isObject(raw)) throw invalidValue('MessageAttributes', raw, 'Must be a map.');
  const entries = Object.entries(raw);
  if (entries.length > 10) throw invalidValue('MessageAttributes', `(${entries.length} attributes)`, 'Number of message attributes [' + entries.length + '] exceeds the allowed maximum [10].');
  for (const [name, value] of entries) {
    checkAttributeName(name);
    attributes[name] = parseAttributeValue(name, value);
  }
  return attributes;
}

function checkAttributeName(name: string): void {
  const valid =
    /^[A-Za-z0-9_.-]{1,256}$/.test(name) &&
    !/^(aws\.|amazon\.)/i.test(name) &&
    !name.startsWith('.') &&
    !name.endsWith('.') &&
    !name.includes('..');
  if (!valid) {
    throw invalidValue('MessageAttributes', name, `Message (user) attribute name '${name}' is invalid. Names may contain alphanumerics, '-', '_' and '.', must not start with 'AWS.' or 'Amazon.', nor start, end or repeat '.'.`);
  }
}

function parseAttributeValue(name: string, raw: unknown): AttributeValue {
  if (!isObject(raw)) throw invalidValue('MessageAttributes', name, `Message (user) attribute '${name}' must be an object.`);
  const dataType = raw['DataType'];
  if (typeof dataType !== 'string' || dataType === '') {
    throw invalidValue('MessageAttributes', name, `The message attribute '${name}' must contain non-empty message attribute type.`);
  }
  const base = /^(String|Number|Binary)(\.[^\s]+)?$/.exec(dataType)?.[1];
  if (!base) {
    throw invalidValue('MessageAttributes', dataType, `The type of message (user) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`);
  }
  if (base === 'Binary') {
    const value = raw['BinaryValue'];
    if (typeof value !== 'string' || Buffer.from(value, 'base64').length === 0) {
      throw invalidValue('MessageAttributes', name, `The message attribute '${name}' with type 'Binary' must use field 'Binary'.`);
    }
    return { DataType: dataType, BinaryValue: value };
  }
  const value = raw['StringValue'];
  if (typeof value !== 'string' || value === '') {
    throw invalidValue('MessageAttributes', name, `The message attribute '${name}' with type '${base}' must use field 'String'.`);
  }
  if (base === 'Number' && !/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(value.trim())) {
    throw invalidValue('MessageAttributes', name, `Can't convert '${value}' to a number for message attribute '${name}'.`);
  }
  checkCharacters(value, `message attribute '${name}'`);
  return { DataType: dataType, StringValue: value };
}

function parseSystemAttributes(raw: unknown): AttributeMap {
  const attributes: AttributeMap = Object.create(null) as AttributeMap;
  if (raw === undefined || raw === null) return attributes;
  if (!isObject(raw)) throw invalidValue('MessageSystemAttributes', raw, 'Must be a map.');
  for (const [name, value] of Object.entries(raw)) {
    if (name !== 'AWSTraceHeader') {
      throw invalidValue('MessageSystemAttributes', name, `Message system attribute name '${name}' is invalid.`);
    }
    const parsed = parseAttributeValue(name, value);
    if (parsed.DataType !== 'String') throw invalidValue('MessageSystemAttributes', name, 'AWSTraceHeader must be of type String.');
    attributes[name] = parsed;
  }
  return attributes;
}

/** Receipt handles carry queue, message and a nonce; a new nonce is minted on every receive. */
function makeReceiptHandle(queueName: string, messageId: string, token: string): string {
  return Buffer.from(JSON.stringify([queueName, messageId, token]), 'utf8').toString('base64');
}

function parseReceiptHandle(handle: string): { queueName: string; messageId: string; token: string } | undefined {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(handle, 'base64').toString('utf8'));
    if (Array.isArray(decoded) && decoded.length === 3 && decoded.every((p) => typeof p === 'string')) {
      const [queueName, messageId, token] = decoded as [string, string, string];
      return { queueName, messageId, token };
    }
  } catch {
    // fall through: malformed
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Queues
// ---------------------------------------------------------------------------

interface DedupEntry {
  expiresAt: number;
  messageId: string;
  sequenceNumber?: string;
}

interface QueueState {
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

interface RedrivePolicy {
  deadLetterTargetArn: string;
  maxReceiveCount: number;
}

interface MoveTask {
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

const NUMERIC_ATTRIBUTES: Record<string, [number, number]> = {
  VisibilityTimeout: [0, 43_200],
  MessageRetentionPeriod: [60, 1_209_600],
  DelaySeconds: [0, 900],
  ReceiveMessageWaitTimeSeconds: [0, 20],
  MaximumMessageSize: [1024, 1_048_576],
  KmsDataKeyReusePeriodSeconds: [60, 86_400],
};
const BOOLEAN_ATTRIBUTES = new Set(['ContentBasedDeduplication', 'SqsManagedSseEnabled']);
const ENUM_ATTRIBUTES: Record<string, string[]> = {
  DeduplicationScope: ['messageGroup', 'queue'],
  FifoThroughputLimit: ['perQueue', 'perMessageGroupId'],
};
const FREE_ATTRIBUTES = new Set(['Policy', 'KmsMasterKeyId', 'RedriveAllowPolicy']);
const FIFO_ONLY_ATTRIBUTES = new Set(['ContentBasedDeduplication', 'DeduplicationScope', 'FifoThroughputLimit']);
const COMPUTED_ATTRIBUTES = [
  'QueueArn',
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
  'FifoQueue',
];

function defaultAttributes(fifo: boolean): Record<string, string> {
  const attributes: Record<string, string> = {
    VisibilityTimeout: '30',
    MaximumMessageSize: '262144',
    MessageRetentionPeriod: '345600',
    DelaySeconds: '0',
    ReceiveMessageWaitTimeSeconds: '0',
    SqsManagedSseEnabled: 'true',
  };
  if (fifo) {
    attributes['ContentBasedDeduplication'] = 'false';
    attributes['DeduplicationScope'] = 'queue';
    attributes['FifoThroughputLimit'] = 'perQueue';
  }
  return attributes;
}

const MESSAGE_SYSTEM_ATTRIBUTES = [
  'SenderId',
  'SentTimestamp',
  'ApproximateReceiveCount',
  'ApproximateFirstReceiveTimestamp',
  'SequenceNumber',
  'MessageDeduplicationId',
  'MessageGroupId',
  'AWSTraceHeader',
  'DeadLetterQueueSourceArn',
];

interface ReceiveOptions {
  max: number;
  visibilityTimeout?: number;
  systemAttributeNames: string[];
  messageAttributeNames: string[];
}

interface Waiter {
  queueName: string;
  options: ReceiveOptions;
  timer: NodeJS.Timeout;
  resolve(messages: Input[]): void;
}

const isVisible = (m: StoredMessage, now: number) => m.delayUntil <= now && m.invisibleUntil <= now;
const isInFlight = (m: StoredMessage, now: number) => m.invisibleUntil > now;

class SqsStore {
  readonly queues = new Map<string, QueueState>();
  moveTasks: MoveTask[] = [];
  private waiters: Waiter[] = [];
  private wakeTimer: NodeJS.Timeout | undefined;
  private servePending = false;

  constructor(
    private readonly endpoint: () => string,
    private readonly partition: string,
    private readonly region: string,
    private readonly onChange: () => void,
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

  // ----- queue attributes -----

  /** Validates and normalises attributes from CreateQueue/SetQueueAttributes. */
  normalizeAttributes(input: Map<string, string>, fifo: boolean, forCreate: boolean): Map<string, string> {
    const out = new Map<string, string>();
    for (const [name, value] of input) {
      if (name === 'FifoQueue' && forCreate) continue;
      if ((FIFO_ONLY_ATTRIBUTES.has(name) && !fifo) || name === 'FifoQueue') {
        throw new SqsError('InvalidAttributeName', `Unknown Attribute ${name}.`);
      }
      const range = NUMERIC_ATTRIBUTES[name];
      const choices = ENUM_ATTRIBUTES[name];
      if (range) {
        const n = Number(value);
        if (!/^\d+$/.test(value) || n < range[0] || n > range[1]) {
          throw new SqsError('InvalidAttributeValue', `Invalid value for the parameter ${name}.`);
        }
        out.set(name, String(n));
      } else if (BOOLEAN_ATTRIBUTES.has(name)) {
        const lower = value.toLowerCase();
        if (lower !== 'true' && lower !== 'false') throw new SqsError('InvalidAttributeValue', `Invalid value for the parameter ${name}.`);
        out.set(name, lower);
      } else if (choices) {
        if (!choices.includes(value)) throw new SqsError('InvalidAttributeValue', `Invalid value for the parameter ${name}.`);
        out.set(name, value);
      } else if (name === 'RedrivePolicy') {
        out.set(name, value === '' ? '' : JSON.stringify(this.parseRedrivePolicy(value, fifo)));
      } else if (FREE_ATTRIBUTES.has(name)) {
        out.set(name, value);
      } else {
        throw new SqsError('InvalidAttributeName', `Unknown Attribute ${name}.`);
      }
    }
    return out;
  }

  private parseRedrivePolicy(value: string, sourceIsFifo: boolean): RedrivePolicy {
    const invalid = (reason: string) => invalidValue('RedrivePolicy', value, reason);
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      throw invalid('Redrive policy is not a valid JSON map.');
    }
    if (!isObject(parsed)) throw invalid('Redrive policy is not a valid JSON map.');
    const arn = parsed['deadLetterTargetArn'];
    const count = Number(parsed['maxReceiveCount']);
    if (typeof arn !== 'string') throw invalid('Redrive policy does not contain mandatory attribute: deadLetterTargetArn.');
    if (!Number.isInteger(count) || count < 1 || count > 1000) throw invalid('Invalid value for maxReceiveCount: must be an integer from 1 to 1000.');
    const target = this.queueByArn(arn);
    if (!target) throw invalid('Dead letter target does not exist.');
    if (target.fifo !== sourceIsFifo) throw invalid('Dead-letter queue must be same type of queue as the source.');
    return { deadLetterTargetArn: arn, maxReceiveCount: count };
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
    const now = Date.now();
    const queue: QueueState = {
      name,
      fifo,
      attributes: defaultAttributes(fifo),
      createdAt: Math.floor(now / 1000),
      modifiedAt: Math.floor(now / 1000),
      tags: new Map(tags),
      messages: [],
      dedup: new Map(),
      nextSequence: 10_000_000_000_000_000_000n,
    };
    this.applyAttributes(queue, normalized);
    this.queues.set(name, queue);
    this.onChange();
    return queue;
  }

  applyAttributes(q: QueueState, attributes: Map<string, string>): void {
    for (const [key, value] of attributes) {
      if (key === 'RedrivePolicy' && value === '') delete q.attributes[key];
      else q.attributes[key] = value;
    }
    q.modifiedAt = Math.floor(Date.now() / 1000);
    this.onChange();
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
    for (const waiter of this.waiters.filter((w) => w.queueName === q.name)) this.finishWaiter(waiter, []);
    this.onChange();
  }

  tag(q: QueueState, add: Map<string, string>, remove: string[]): void {
    for (const [key, value] of add) q.tags.set(key, value);
    for (const key of remove) q.tags.delete(key);
    this.onChange();
  }

  purge(q: QueueState): void {
    q.messages = [];
    this.onChange();
  }

  // ----- sending -----

  private dropExpired(q: QueueState, now: number): void {
    const retentionMs = Number(q.attributes['MessageRetentionPeriod']) * 1000;
    const before = q.messages.length;
    q.messages = q.messages.filter((m) => m.sentAt + retentionMs > now);
    for (const [key, entry] of q.dedup) if (entry.expiresAt <= now) q.dedup.delete(key);
    if (q.messages.length !== before) this.onChange();
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
      const message = this.enqueue(q, { body, attributes, systemAttributes, groupId, dedupId, delaySeconds: undefined }, now);
      q.dedup.set(key, { expiresAt: now + DEDUP_WINDOW_MS, messageId: message.id, sequenceNumber: message.sequenceNumber });
      return sendResult(message.id, body, attributes, systemAttributes, message.sequenceNumber);
    }

    if (dedupId !== undefined) {
      throw invalidValue('MessageDeduplicationId', dedupId, 'The request include parameter that is not valid for this queue type');
    }
    groupId = groupId || undefined; // standard queues accept a group id (fair queues) without ordering
    const message = this.enqueue(q, { body, attributes, systemAttributes, groupId, dedupId: undefined, delaySeconds }, now);
    return sendResult(message.id, body, attributes, systemAttributes, undefined);
  }

  private enqueue(
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
    q.messages.push(message);
    this.onChange();
    this.kick();
    return message;
  }

  // ----- receiving -----

  /** Picks receivable messages in order, redriving over-received ones to the DLQ on the way. */
  receiveNow(q: QueueState, options: ReceiveOptions, now: number): Input[] {
    this.dropExpired(q, now);
    const blockedGroups = new Set<string>();
    if (q.fifo) for (const m of q.messages) if (isInFlight(m, now)) blockedGroups.add(m.groupId!);
    const visibilitySeconds = options.visibilityTimeout ?? Number(q.attributes['VisibilityTimeout']);
    const out: Input[] = [];
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
      out.push(this.toWire(q, m, options));
    }
    if (out.length > 0) this.onChange();
    return out;
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
    this.onChange();
    this.kick();
  }

  private toWire(q: QueueState, m: StoredMessage, options: ReceiveOptions): Input {
    const wire: Input = {
      MessageId: m.id,
      ReceiptHandle: makeReceiptHandle(q.name, m.id, m.receiptToken!),
      MD5OfBody: m.md5OfBody,
      Body: m.body,
    };
    const system = this.systemAttributesOf(m, options.systemAttributeNames);
    if (Object.keys(system).length > 0) wire['Attributes'] = system;
    const selected = selectMessageAttributes(m.attributes, options.messageAttributeNames);
    const md5 = md5OfAttributes(selected);
    if (md5) {
      wire['MessageAttributes'] = selected;
      wire['MD5OfMessageAttributes'] = md5;
    }
    return wire;
  }

  private systemAttributesOf(m: StoredMessage, names: string[]): Record<string, string> {
    const all: Record<string, string | undefined> = {
      SenderId: SENDER_ID,
      SentTimestamp: String(m.sentAt),
      ApproximateReceiveCount: String(m.receiveCount),
      ApproximateFirstReceiveTimestamp: m.firstReceiveAt !== undefined ? String(m.firstReceiveAt) : undefined,
      SequenceNumber: m.sequenceNumber,
      MessageDeduplicationId: m.dedupId,
      MessageGroupId: m.groupId,
      AWSTraceHeader: m.systemAttributes['AWSTraceHeader']?.StringValue,
      DeadLetterQueueSourceArn: m.deadLetterSourceArn,
    };
    const wanted = names.includes('All') ? MESSAGE_SYSTEM_ATTRIBUTES : names;
    const out: Record<string, string> = {};
    for (const name of wanted) {
      const value = all[name];
      if (value !== undefined) out[name] = value;
    }
    return out;
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
    this.onChange();
    if (q.fifo) this.kick(); // the group may now be free
  }

  changeVisibility(q: QueueState, handle: string, seconds: number): void {
    const now = Date.now();
    const { message, token } = this.messageForHandle(q, handle);
    if (!message) throw invalidValue('ReceiptHandle', handle, 'Message does not exist or is not available for visibility timeout change.');
    if (!isInFlight(message, now)) throw new SqsError('MessageNotInflight', "The message referred to isn't in flight.");
    if (q.fifo && message.receiptToken !== token) throw receiptHandleExpired(handle);
    message.invisibleUntil = now + seconds * 1000;
    this.onChange();
    this.kick();
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
    this.onChange();
    return task;
  }

  // ----- long polling -----

  waitForMessages(queueName: string, options: ReceiveOptions, waitMs: number, signal: AbortSignal): Promise<Input[]> {
    return new Promise((resolve) => {
      const waiter: Waiter = {
        queueName,
        options,
        resolve,
        timer: setTimeout(() => this.finishWaiter(waiter, []), waitMs),
      };
      // A caller that hung up must not be handed messages it will never see.
      signal.addEventListener('abort', () => this.finishWaiter(waiter, []), { once: true });
      this.waiters.push(waiter);
      this.scheduleWake();
    });
  }

  private finishWaiter(waiter: Waiter, messages: Input[]): void {
    const index = this.waiters.indexOf(waiter);
    if (index < 0) return;
    this.waiters.splice(index, 1);
    clearTimeout(waiter.timer);
    waiter.resolve(messages);
  }

  /** Re-tries held polls soon (after the current request has finished mutating state). */
  kick(): void {
    if (this.servePending || this.waiters.length === 0) return;
    this.servePending = true;
    setImmediate(() => {
      this.servePending = false;
      this.serveWaiters();
    });
  }

  private serveWaiters(): void {
    const now = Date.now();
    for (const waiter of [...this.waiters]) {
      const queue = this.queues.get(waiter.queueName);
      if (!queue) {
        this.finishWaiter(waiter, []);
        continue;
      }
      const messages = this.receiveNow(queue, waiter.options, now);
      if (messages.length > 0) this.finishWaiter(waiter, messages);
    }
    this.scheduleWake();
  }

  /** Arms one timer for the next moment a delayed or in-flight message becomes visible in a polled queue. */
  private scheduleWake(): void {
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
    if (this.waiters.length === 0) return;
    const now = Date.now();
    let next = Infinity;
    for (const name of new Set(this.waiters.map((w) => w.queueName))) {
      for (const m of this.queues.get(name)?.messages ?? []) {
        const at = Math.max(m.delayUntil, m.invisibleUntil);
        if (at > now && at < next) next = at;
      }
    }
    if (next !== Infinity) this.wakeTimer = setTimeout(() => this.serveWaiters(), next - now + 1);
  }

  releaseAllWaiters(): void {
    for (const waiter of [...this.waiters]) this.finishWaiter(waiter, []);
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
  }

  // ----- persistence -----

  snapshot(): Snapshot {
    return {
      version: 1,
      queues: [...this.queues.values()].map((q) => ({
        name: q.name,
        fifo: q.fifo,
        attributes: q.attributes,
        createdAt: q.createdAt,
        modifiedAt: q.modifiedAt,
        tags: [...q.tags],
        messages: q.messages,
        dedup: [...q.dedup],
        nextSequence: q.nextSequence.toString(),
      })),
      moveTasks: this.moveTasks,
    };
  }

  restore(snapshot: Snapshot): void {
    for (const q of snapshot.queues) {
      this.queues.set(q.name, {
        name: q.name,
        fifo: q.fifo,
        attributes: q.attributes,
        createdAt: q.createdAt,
        modifiedAt: q.modifiedAt,
        tags: new Map(q.tags),
        // Receipts don't survive a restart: in-flight messages become visible again.
        messages: q.messages.map((m) => {
          const restored: StoredMessage = { ...m, invisibleUntil: 0 };
          delete restored.receiptToken;
          return restored;
        }),
        dedup: new Map(q.dedup),
        nextSequence: BigInt(q.nextSequence),
      });
    }
    this.moveTasks = snapshot.moveTasks ?? [];
  }
}

interface Snapshot {
  version: 1;
  queues: {
    name: string;
    fifo: boolean;
    attributes: Record<string, string>;
    createdAt: number;
    modifiedAt: number;
    tags: [string, string][];
    messages: StoredMessage[];
    dedup: [string, DedupEntry][];
    nextSequence: string;
  }[];
  moveTasks?: MoveTask[];
}

function checkFifoId(name: string, value: string): void {
  if (!/^[\x21-\x7E]{1,128}$/.test(value)) {
    throw invalidValue(name, value, `${name} can only include alphanumeric and punctuation characters. 1 to 128 in length.`);
  }
}

function sendResult(messageId: string, body: string, attributes: AttributeMap, systemAttributes: AttributeMap, sequenceNumber: string | undefined): Input {
  const result: Input = { MessageId: messageId, MD5OfMessageBody: md5Hex(Buffer.from(body, 'utf8')) };
  const md5Attributes = md5OfAttributes(attributes);
  if (md5Attributes) result['MD5OfMessageAttributes'] = md5Attributes;
  const md5System = md5OfAttributes(systemAttributes);
  if (md5System) result['MD5OfMessageSystemAttributes'] = md5System;
  if (sequenceNumber) result['SequenceNumber'] = sequenceNumber;
  return result;
}

/** MessageAttributeNames: "All" or ".*" for everything, "prefix.*" for a prefix, else exact names. */
function selectMessageAttributes(attributes: AttributeMap, names: string[]): AttributeMap {
  const selected: AttributeMap = Object.create(null) as AttributeMap;
  for (const [name, value] of Object.entries(attributes)) {
    const wanted = names.some((pattern) =>
      pattern === 'All' || pattern === '.*' ? true : pattern.endsWith('.*') ? name.startsWith(pattern.slice(0, -1)) : pattern === name,
    );
    if (wanted) selected[name] = value;
  }
  return selected;
}

// ---------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------

interface RequestContext {
  signal: AbortSignal;
}

type Operation = (store: SqsStore, input: Input, ctx: RequestContext) => Input | Promise<Input>;

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

const OPERATIONS: Record<string, Operation> = {
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

// ---------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------


function writeJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  if (res.writableEnded || res.destroyed) return;
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': JSON_CONTENT_TYPE,
    'content-length': Buffer.byteLength(payload),
    ...headers,
  });
  res.end(payload);
}

function writeError(res: http.ServerResponse, error: unknown, requestId: string): void {
  const sqsError = error instanceof SqsError ? error : new SqsError('InternalFailure', error instanceof Error ? error.message : String(error));
  if (!(error instanceof SqsError)) console.error('[local-sqs] internal error', error);
  const [queryCode, status] = ERROR_CODES[sqsError.code];
  const fault = status >= 500 ? 'Receiver' : 'Sender';
  writeJson(res, status, { __type: errorType(sqsError.code), message: sqsError.message }, {
    'x-amzn-requestid': requestId,
    'x-amzn-query-error': `${queryCode};${fault}`,
  });
}

async function handleRequest(store: SqsStore, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const requestId = randomUUID();
  const aborter = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) aborter.abort();
  });
  try {
    if (req.method === 'GET' && (req.url === '/' || req.url === '/health')) {
      writeJson(res, 200, { status: 'ok' }, { 'x-amzn-requestid': requestId });
      return;
    }
    const target = req.headers['x-amz-target'];
    const body = (await readBody(req, MAX_REQUEST_BYTES, () => new SqsError('SerializationException', 'Request body too large.'))).toString('utf8');
    if (req.method !== 'POST' || typeof target !== 'string' || !target.startsWith('AmazonSQS.')) {
      throw new SqsError('UnknownOperationException', 'Only the AWS JSON 1.0 protocol (POST with X-Amz-Target: AmazonSQS.<Action>) is supported.');
    }
    const operation = OPERATIONS[target.slice('AmazonSQS.'.length)];
    if (!operation) throw new SqsError('UnknownOperationException', `Unknown operation ${target}.`);
    let input: unknown;
    try {
      input = body.trim() === '' ? {} : JSON.parse(body);
    } catch {
      throw new SqsError('SerializationException', 'The request body is not valid JSON.');
    }
    if (!isObject(input)) throw new SqsError('SerializationException', 'The request body must be a JSON object.');
    const output = await operation(store, input, { signal: aborter.signal });
    writeJson(res, 200, output, { 'x-amzn-requestid': requestId });
  } catch (error) {
    writeError(res, error, requestId);
  }
}

// ---------------------------------------------------------------------------
// Persistence
// ---------------------------------------------------------------------------

function loadSnapshot(file: string): Snapshot | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = JSON.parse(text) as Snapshot;
  if (parsed.version !== 1 || !Array.isArray(parsed.queues)) throw new Error(`local SQS: ${file} is not a state file this server understands`);
  return parsed;
}

/** Debounced, serialized, atomic (temp file + rename) writer of the store snapshot. */
class StateWriter {
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private counter = 0;

  constructor(
    private readonly file: string,
    private readonly snapshot: () => Snapshot,
  ) {
    mkdirSync(dirname(file), { recursive: true });
  }

  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().catch((error: unknown) => console.error('[local-sqs] saving state failed', error));
    }, SAVE_DEBOUNCE_MS);
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const json = JSON.stringify(this.snapshot()); // taken now, so writes land in order of state
    const tmp = `${this.file}.${process.pid}.${++this.counter}.tmp`;
    this.chain = this.chain
      .catch(() => undefined)
      .then(async () => {
        await fsp.writeFile(tmp, json);
        await fsp.rename(tmp, this.file);
      });
    return this.chain;
  }
}

// ---------------------------------------------------------------------------
// Server
// ---------------------------------------------------------------------------

export async function startSqsServer(opts: SqsServerOptions): Promise<LocalSqs> {
  const host = opts.host ?? '127.0.0.1';
  const region = opts.region ?? 'cn-north-1';
  const partition = region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
  let endpoint = '';
  let writer: StateWriter | undefined;
  const store = new SqsStore(() => endpoint, partition, region, () => writer?.schedule());
  if (opts.dataFile) {
    const snapshot = loadSnapshot(opts.dataFile);
    if (snapshot) store.restore(snapshot);
    writer = new StateWriter(opts.dataFile, () => store.snapshot());
  }

  const server = http.createServer((req, res) => {
    void handleRequest(store, req, res).finally(() => store.kick());
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const publicHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  endpoint = `http://${publicHost}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    endpoint,
    close() {
      closing ??= (async () => {
        store.releaseAllWaiters(); // held polls answer empty now
        await new Promise((resolve) => setImmediate(resolve)); // let those answers go out
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const force = setTimeout(() => server.closeAllConnections(), 200);
        await closed;
        clearTimeout(force);
        await writer?.flush();
      })();
      return closing;
    },
  };
}
