import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
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

const SEAL_INFO = 'xinfang:sealed-code:v1';

/**
 * A code sealed under a secret only its holder keeps (a web form's token):
 * AES-256-GCM under a key derived from that secret. A table copy alone does
 * not open it; the same form posted again after a lost answer does, so the
 * petitioner sees the code the lost answer carried.
 */
export function sealCode(code: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealKey(secret), iv);
  const body = Buffer.concat([cipher.update(code, 'utf8'), cipher.final()]);
  return [iv, body, cipher.getAuthTag()].map((part) => part.toString('base64url')).join('.');
}

/** How long after it was made a sealed code is shown to its form posted again: long enough for a lost answer, not for a page left in a browser's history. */
export const SEALED_CODE_SHOWN_HOURS = 24;

/** Whether a seal made at `madeAt` may still be opened for its form at `now` (SEALED_CODE_SHOWN_HOURS). */
export const sealStillShown = (madeAt: string, now: Date): boolean => now.getTime() - Date.parse(madeAt) <= SEALED_CODE_SHOWN_HOURS * 3_600_000;

/** The sealed code, or undefined for another secret or a damaged seal. */
export function openSealedCode(sealed: string, secret: string): string | undefined {
  const [iv, body, tag] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  if (!iv || !body || !tag || iv.length !== 12 || tag.length !== 16) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', sealKey(secret), iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

const sealKey = (secret: string) => Buffer.from(hkdfSync('sha256', secret, '', SEAL_INFO, 32));
