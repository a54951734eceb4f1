import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { queryCodeFrom } from '../domain/query-code.js';

/**
 * How a query code is kept: scrypt with a salt of its own, so that a copy of
 * the table does not give the codes away (a 59-bit code under a fast hash
 * could be searched for), and comparing takes the same time whatever matches.
 */
export interface StoredQueryCode {
  scheme: 'scrypt-n16384-r8-p1';
  salt: string;
  hash: string;
}

const derive = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: { N: number; r: number; p: number }) => Promise<Buffer>;
const PARAMETERS = { N: 16_384, r: 8, p: 1 };
const KEY_BYTES = 32;

/** A new random query code (crypto-strong bytes). */
export function newQueryCode(): string {
  for (;;) {
    const code = queryCodeFrom(randomBytes(32));
    if (code) return code;
  }
}

/** The code's hash to store; the code itself is shown once and kept nowhere. */
export async function hashQueryCode(code: string): Promise<StoredQueryCode> {
  const salt = randomBytes(16);
  const hash = await derive(code, salt, KEY_BYTES, PARAMETERS);
  return { scheme: 'scrypt-n16384-r8-p1', salt: salt.toString('base64url'), hash: hash.toString('base64url') };
}

/** Whether a (normalised) code is the one stored. */
export async function queryCodeMatches(code: string, stored: StoredQueryCode): Promise<boolean> {
  const expected = Buffer.from(stored.hash, 'base64url');
  const actual = await derive(code, Buffer.from(stored.salt, 'base64url'), expected.length, PARAMETERS);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
