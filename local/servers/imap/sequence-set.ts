import { CommandSyntaxError } from './command-reader.js';

/**
 * An IMAP sequence set (`1:4,7,9:*`) resolved against the numbers in use
 * (sequence numbers 1..n, or the folder's UIDs). `*` is the largest in use;
 * a range is the same either way round, so `5:*` with UIDs up to 3 is `3:5`
 * and holds UID 3 (RFC 3501 §6.4.8 — a client asking for UIDs after its last
 * one must drop that one itself).
 */
export function resolveSet(set: string, inUse: readonly number[]): Set<number> {
  const star = inUse.length > 0 ? Math.max(...inUse) : 0;
  const ranges: [number, number][] = set.split(',').map((part) => {
    const [a, b = a] = part.split(':');
    const from = bound(a, star);
    const to = bound(b, star);
    return from <= to ? [from, to] : [to, from];
  });
  return new Set(inUse.filter((n) => ranges.some(([from, to]) => n >= from && n <= to)));
}

export function isSequenceSet(value: string): boolean {
  return /^(\d+|\*)(:(\d+|\*))?(,(\d+|\*)(:(\d+|\*))?)*$/.test(value);
}

function bound(value: string | undefined, star: number): number {
  if (value === '*') return star;
  if (!value || !/^\d+$/.test(value) || value === '0') throw new CommandSyntaxError(`invalid sequence set number ${value ?? ''}`);
  return Number(value);
}
