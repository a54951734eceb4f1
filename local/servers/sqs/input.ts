/** Input readers: the JSON body is untrusted, so every field is checked. */
import { SqsError, invalidValue, missingParameter } from './errors.js';

export const MAX_BATCH_ENTRIES = 10;

export type Input = Record<string, unknown>;

export function isObject(value: unknown): value is Input {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function optString(input: Input, name: string): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidValue(name, value, 'Must be a string.');
  return value;
}

export function reqString(input: Input, name: string): string {
  const value = optString(input, name);
  if (value === undefined || value === '') throw missingParameter(name);
  return value;
}

export function optInt(input: Input, name: string, min: number, max: number): number | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw invalidValue(name, value, `Must be between ${min} and ${max}, if provided.`);
  }
  return n;
}

export function optStringList(input: Input, name: string): string[] {
  const value = input[name];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw invalidValue(name, value, 'Must be a list of strings.');
  }
  return value as string[];
}

export function optStringMap(input: Input, name: string): Map<string, string> {
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

export function batchEntries(input: Input): Input[] {
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
