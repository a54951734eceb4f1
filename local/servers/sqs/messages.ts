/** Messages as stored, their attributes and checksums, and receipt handles. */
import { createHash } from 'node:crypto';
import { SqsError, invalidValue } from './errors.js';
import { isObject, type Input } from './input.js';
import type { ReceiveOptions } from './long-poll.js';

const SENDER_ID = 'AIDAAAAAAAAAAAAAAAAAA';

export interface AttributeValue {
  DataType: string;
  StringValue?: string;
  /** base64, as on the wire */
  BinaryValue?: string;
}
export type AttributeMap = Record<string, AttributeValue>;

export interface StoredMessage {
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

export function md5Hex(data: string | Buffer): string {
  return createHash('md5').update(data).digest('hex');
}

/** MD5 of message attributes as SQS defines it: sorted names, length-prefixed fields, a transport-type byte. */
export function md5OfAttributes(attributes: AttributeMap): string | undefined {
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

export function attributesSize(attributes: AttributeMap): number {
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

export function checkCharacters(text: string, what: string): void {
  for (const char of text) {
    const cp = char.codePointAt(0)!;
    if (isAllowedCodePoint(cp)) continue;
    throw new SqsError(
      'InvalidMessageContents',
      `Invalid binary character '#x${cp.toString(16).toUpperCase()}' was found in the ${what}, the set of allowed characters is #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF`,
    );
  }
}

export function parseMessageAttributes(raw: unknown): AttributeMap {
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

export function parseSystemAttributes(raw: unknown): AttributeMap {
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
export function makeReceiptHandle(queueName: string, messageId: string, token: string): string {
  return Buffer.from(JSON.stringify([queueName, messageId, token]), 'utf8').toString('base64');
}

export function parseReceiptHandle(handle: string): { queueName: string; messageId: string; token: string } | undefined {
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

export function checkFifoId(name: string, value: string): void {
  if (!/^[\x21-\x7E]{1,128}$/.test(value)) {
    throw invalidValue(name, value, `${name} can only include alphanumeric and punctuation characters. 1 to 128 in length.`);
  }
}

export function sendResult(messageId: string, body: string, attributes: AttributeMap, systemAttributes: AttributeMap, sequenceNumber: string | undefined): Input {
  const result: Input = { MessageId: messageId, MD5OfMessageBody: md5Hex(Buffer.from(body, 'utf8')) };
  const md5Attributes = md5OfAttributes(attributes);
  if (md5Attributes) result['MD5OfMessageAttributes'] = md5Attributes;
  const md5System = md5OfAttributes(systemAttributes);
  if (md5System) result['MD5OfMessageSystemAttributes'] = md5System;
  if (sequenceNumber) result['SequenceNumber'] = sequenceNumber;
  return result;
}

/** MessageAttributeNames: "All" or ".*" for everything, "prefix.*" for a prefix, else exact names. */
export function selectMessageAttributes(attributes: AttributeMap, names: string[]): AttributeMap {
  const selected: AttributeMap = Object.create(null) as AttributeMap;
  for (const [name, value] of Object.entries(attributes)) {
    const wanted = names.some((pattern) =>
      pattern === 'All' || pattern === '.*' ? true : pattern.endsWith('.*') ? name.startsWith(pattern.slice(0, -1)) : pattern === name,
    );
    if (wanted) selected[name] = value;
  }
  return selected;
}

/** A message as ReceiveMessage returns it, with the attributes asked for. */
export function toWire(queueName: string, m: StoredMessage, options: ReceiveOptions): Input {
  const wire: Input = {
    MessageId: m.id,
    ReceiptHandle: makeReceiptHandle(queueName, m.id, m.receiptToken!),
    MD5OfBody: m.md5OfBody,
    Body: m.body,
  };
  const system = systemAttributesOf(m, options.systemAttributeNames);
  if (Object.keys(system).length > 0) wire['Attributes'] = system;
  const selected = selectMessageAttributes(m.attributes, options.messageAttributeNames);
  const md5 = md5OfAttributes(selected);
  if (md5) {
    wire['MessageAttributes'] = selected;
    wire['MD5OfMessageAttributes'] = md5;
  }
  return wire;
}

function systemAttributesOf(m: StoredMessage, names: string[]): Record<string, string> {
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
