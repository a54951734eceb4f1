import type { Case, CaseEvent } from './case.js';

/**
 * The query code (查询码) a citizen is given with a petition sent from the
 * web: with the case number it opens the case's public page. Random, never
 * stored in the clear (only its hash, beside the case), shown once.
 * Petitioners of the other channels get one later (《信访工作条例》第二十一条:
 * 查询办理情况): by email, sent to the address the case was registered with,
 * or from the office's desk (来访、来电). A new code replaces the one before.
 *
 * Twelve characters from 31 that cannot be mistaken for one another on a
 * phone screen or read aloud (no 0/O, 1/I/L): 31^12 ≈ 2^59, so with lookups
 * limited per case and per address it cannot be guessed.
 */
export const QUERY_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const QUERY_CODE_LENGTH = 12;

/**
 * A query code from random bytes, one character per byte by rejection
 * (bytes ≥ 248 are skipped, so every character is equally likely); undefined
 * when the bytes run out before the code is complete.
 */
export function queryCodeFrom(bytes: Uint8Array): string | undefined {
  const limit = 256 - (256 % QUERY_CODE_ALPHABET.length);
  let code = '';
  for (const byte of bytes) {
    if (byte >= limit) continue;
    code += QUERY_CODE_ALPHABET[byte % QUERY_CODE_ALPHABET.length];
    if (code.length === QUERY_CODE_LENGTH) return code;
  }
  return undefined;
}

/** As printed: three groups of four (`K7QM-2WXD-9RBT`), easier to copy and to read over the phone. */
export function formatQueryCode(code: string): string {
  return code.match(/.{1,4}/g)!.join('-');
}

/**
 * A code as typed back: spaces and hyphens dropped, lower case raised,
 * full-width forms folded (a Chinese input method types ｋ７).
 * Undefined when it cannot be a query code.
 */
export function normaliseQueryCode(input: string): string | undefined {
  const code = input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-－—_]/g, '');
  if (code.length !== QUERY_CODE_LENGTH) return undefined;
  return [...code].every((ch) => QUERY_CODE_ALPHABET.includes(ch)) ? code : undefined;
}

/**
 * How a code was given after registration: sent to the petitioner's email on record, handed
 * over by staff at the desk (or told by phone), or printed by staff on a slip posted to the
 * petitioner's address (a petitioner who wrote by post and gave no email).
 */
export type QueryCodeVia = 'email' | 'desk' | 'post';

/**
 * A new code given for the case: the event says how and by whom, never the
 * code (the hash is stored beside the case, in the same change).
 */
export function queryCodeIssued(c: Case, ctx: { at: string; actor: string; via: QueryCodeVia }): { case: Case; event: CaseEvent } {
  const version = c.version + 1;
  return {
    case: { ...c, version, updatedAt: ctx.at },
    event: { caseNumber: c.caseNumber, seq: version, type: 'queryCodeIssued', at: ctx.at, actor: ctx.actor, detail: { via: ctx.via } },
  };
}
