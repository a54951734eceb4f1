/** Queue attributes: defaults, validation of CreateQueue/SetQueueAttributes input, redrive policies. */
import { SqsError, invalidValue } from './errors.js';
import { isObject } from './input.js';

export interface RedrivePolicy {
  deadLetterTargetArn: string;
  maxReceiveCount: number;
}

export const NUMERIC_ATTRIBUTES: Record<string, [number, number]> = {
  VisibilityTimeout: [0, 43_200],
  MessageRetentionPeriod: [60, 1_209_600],
  DelaySeconds: [0, 900],
  ReceiveMessageWaitTimeSeconds: [0, 20],
  MaximumMessageSize: [1024, 1_048_576],
  KmsDataKeyReusePeriodSeconds: [60, 86_400],
};
export const BOOLEAN_ATTRIBUTES = new Set(['ContentBasedDeduplication', 'SqsManagedSseEnabled']);
export const ENUM_ATTRIBUTES: Record<string, string[]> = {
  DeduplicationScope: ['messageGroup', 'queue'],
  FifoThroughputLimit: ['perQueue', 'perMessageGroupId'],
};
export const FREE_ATTRIBUTES = new Set(['Policy', 'KmsMasterKeyId', 'RedriveAllowPolicy']);
const FIFO_ONLY_ATTRIBUTES = new Set(['ContentBasedDeduplication', 'DeduplicationScope', 'FifoThroughputLimit']);
export const COMPUTED_ATTRIBUTES = [
  'QueueArn',
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
  'FifoQueue',
];

export function defaultAttributes(fifo: boolean): Record<string, string> {
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

/** Validates and normalises attributes from CreateQueue/SetQueueAttributes; `queueFifo` resolves a dead-letter target. */
export function normalizeAttributes(
  input: Map<string, string>,
  fifo: boolean,
  forCreate: boolean,
  queueFifo: (arn: string) => boolean | undefined,
): Map<string, string> {
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
      out.set(name, value === '' ? '' : JSON.stringify(parseRedrivePolicy(value, fifo, queueFifo)));
    } else if (FREE_ATTRIBUTES.has(name)) {
      out.set(name, value);
    } else {
      throw new SqsError('InvalidAttributeName', `Unknown Attribute ${name}.`);
    }
  }
  return out;
}

function parseRedrivePolicy(value: string, sourceIsFifo: boolean, queueFifo: (arn: string) => boolean | undefined): RedrivePolicy {
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
  const targetFifo = queueFifo(arn);
  if (targetFifo === undefined) throw invalid('Dead letter target does not exist.');
  if (targetFifo !== sourceIsFifo) throw invalid('Dead-letter queue must be same type of queue as the source.');
  return { deadLetterTargetArn: arn, maxReceiveCount: count };
}
