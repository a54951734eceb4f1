/**
 * Decoding MIME text at byte level: charsets (GB family read as GB18030),
 * transfer encodings, RFC 2047 encoded words and RFC 2231 parameters. Raw
 * bytes travel as latin1 strings (one char per byte).
 */
import { Buffer, isUtf8 } from 'node:buffer';
import { analyse } from 'chardet';
import iconv from 'iconv-lite';

// ---------------------------------------------------------------------------
// Charsets
// ---------------------------------------------------------------------------

export const UTF8_NAMES = /^(?:utf-?8|us-?ascii|ascii|7bit|8bit|unicode-1-1-utf-8)$/i;
export const GB_FAMILY = /^(?:gb[-_ ]?2312(?:[-_]80)?|gbk|x-gbk|cp936|ms936|windows-936|euc-cn|csgb2312|chinese|iso-ir-58|gb18030)$/i;

/** A charset name iconv-lite can decode, GB family mapped to GB18030 (a superset), or undefined when unknown. */
export function decodableCharset(name: string | undefined): string | undefined {
  const cs = (name ?? '').trim().replace(/^["']|["']$/g, '').toLowerCase();
  if (!cs) return undefined;
  if (UTF8_NAMES.test(cs)) return 'utf-8';
  if (GB_FAMILY.test(cs)) return 'gb18030';
  if (/^utf-?7/i.test(cs)) return undefined; // refused by mailparser too: a way to smuggle markup
  return iconv.encodingExists(cs) ? cs : undefined;
}

/** A legacy (non-UTF-8) charset usable for header repair, or undefined. */
export function legacyCharset(name: string | undefined): string | undefined {
  const cs = decodableCharset(name);
  return cs && cs !== 'utf-8' ? cs : undefined;
}

/**
 * Big5 for Chinese bytes that name no charset and are not UTF-8, when the
 * character statistics say so clearly (chardet, from ICU): traditional
 * Chinese from Taiwan, Hong Kong or an older overseas client, which read as
 * GB18030 is a page of wrong characters that still decodes without an error.
 * Undefined otherwise, and for text too short to tell (a few characters score
 * alike in both): mainland mail is GB, the fallback everywhere here.
 */
export function undeclaredBig5(bytes: Buffer): 'big5' | undefined {
  if (bytes.length < 16 || isUtf8(bytes)) return undefined;
  const verdicts = analyse(bytes);
  const score = (name: string) => verdicts.find((v) => v.name === name)?.confidence ?? 0;
  const big5 = score('Big5');
  return big5 >= 50 && big5 > score('GB18030') && replacementCount(iconv.decode(bytes, 'big5')) === 0 ? 'big5' : undefined;
}

/** Decodes bytes best-effort: the charset if known, else UTF-8 when valid, else GB18030. */
export function decodeBytes(bytes: Buffer, charset: string | undefined): string {
  const cs = decodableCharset(charset);
  if (cs === 'utf-8' || (cs === undefined && isUtf8(bytes))) return bytes.toString('utf8');
  return iconv.decode(bytes, cs ?? 'gb18030');
}

/**
 * Whether bytes that are not valid UTF-8 are still UTF-8 with a few bad bytes
 * — a raw 8-bit header cut mid-character by a gateway, a stray byte — rather
 * than a legacy charset: at least two well-formed CJK characters, and two
 * for every bad byte sequence. GBK, GB18030 and Big5 text read as UTF-8 is
 * mostly bad sequences, and what does form happens to be Latin, Greek or
 * Cyrillic letters (two-byte sequences), seldom CJK. Only what a Chinese
 * subject is made of counts (see cjkOfChineseText): GBK bytes also form
 * Hangul, private-use and unassigned supplementary code points (向党规被压 reads
 * as U+FFFD, U+B5CF9, 汻, U+0479), which counted as CJK made GBK look like UTF-8.
 */
export function mostlyUtf8(bytes: Buffer): boolean {
  const text = bytes.toString('utf8');
  const bad = replacementCount(text);
  let cjk = 0;
  for (const ch of text) if (cjkOfChineseText(ch.codePointAt(0)!)) cjk++;
  return cjk >= 2 && cjk >= bad * 2;
}

/**
 * Han ideographs (the URO, Extension A, the supplementary planes' 20000–2FFFF)
 * and CJK punctuation and full-width forms (，。、【】（）：). Not Hangul, kana
 * beyond that block, private use, symbols or unassigned code points.
 */
function cjkOfChineseText(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2ffff) ||
    (cp >= 0x3000 && cp <= 0x303f) ||
    (cp >= 0xff00 && cp <= 0xffef)
  );
}

/** Header bytes as text: UTF-8 (also when only a few bytes are bad, see mostlyUtf8), else the legacy charset. */
export function decodeHeaderBytes(bytes: Buffer, legacy: string): string {
  return isUtf8(bytes) || mostlyUtf8(bytes) ? bytes.toString('utf8') : iconv.decode(bytes, legacy);
}

export function replacementCount(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\uFFFD'); i >= 0; i = s.indexOf('\uFFFD', i + 1)) n++;
  return n;
}

/** Four-byte GB18030 sequences: [81-FE][30-39][81-FE][30-39]. GB2312/GBK decoders cannot read them. */
export const GB18030_FOUR_BYTE = /[\x81-\xfe][\x30-\x39][\x81-\xfe][\x30-\x39]/;

// ---------------------------------------------------------------------------
// Header values: RFC 2047 encoded words, parameters (RFC 2231)
// ---------------------------------------------------------------------------

function qDecode(text: string): Buffer {
  const s = text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(s, 'latin1');
}

const ENCODED_WORD = /=\?([^?\s*]+)(?:\*[^?\s]*)?\?([BbQq])\?([^?\s]*)\?=/g;

/**
 * Decodes RFC 2047 encoded words. Adjacent words (only whitespace between)
 * are joined, and their bytes concatenated before charset decoding when the
 * charsets agree, so a character cut across two words survives.
 */
export function decodeEncodedWords(input: string): string {
  if (!input.includes('=?')) return input;
  let out = '';
  let last = 0;
  let pending: { charset: string; bytes: Buffer[] } | undefined;
  const flush = (): void => {
    if (pending) out += decodeBytes(Buffer.concat(pending.bytes), pending.charset);
    pending = undefined;
  };
  for (const m of input.matchAll(ENCODED_WORD)) {
    const between = input.slice(last, m.index);
    if (!(pending && /^\s*$/.test(between))) {
      flush();
      out += between;
    }
    const charset = m[1] ?? 'utf-8';
    const payload = m[3] ?? '';
    const bytes = (m[2] ?? 'B').toUpperCase() === 'B' ? Buffer.from(payload, 'base64') : qDecode(payload);
    if (pending && decodableCharset(pending.charset) === decodableCharset(charset)) {
      pending.bytes.push(bytes);
    } else {
      flush();
      pending = { charset, bytes: [bytes] };
    }
    last = m.index + m[0].length;
  }
  flush();
  return out + input.slice(last);
}

export interface HeaderValueParts {
  value: string;
  params: Record<string, string>;
}

/**
 * Splits a raw (latin1) `type/subtype; a=b; c="d"` (RFC 2045), with RFC 2231
 * extended and continued parameters. Parameter values come back as text
 * (8-bit values decoded as UTF-8, else GB18030); encoded words are left to the caller.
 */
export function parseParams(header: string): HeaderValueParts {
  const pieces: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < header.length; i++) {
    const ch = header[i] ?? '';
    if (ch === '"' && header[i - 1] !== '\\') quoted = !quoted;
    if (ch === ';' && !quoted) {
      pieces.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  pieces.push(current);
  const value = (pieces.shift() ?? '').replace(/\([^)]*\)/g, '').trim();
  const simple: Record<string, string> = {};
  const extended: Record<string, { charset?: string; parts: { n: number; text: string; encoded: boolean }[] }> = {};
  for (const piece of pieces) {
    const eq = piece.indexOf('=');
    if (eq < 0) continue;
    const rawName = piece.slice(0, eq).trim().toLowerCase();
    let val = trimBlanks(piece.slice(eq + 1));
    if (val.startsWith('"')) val = val.replace(/^"|"$/g, '').replace(/\\(.)/g, '$1');
    const m = /^([^*]+)\*(?:(\d+)\*?)?$/.exec(rawName);
    if (!m) {
      // raw bytes (latin1) → text; the boundary stays byte for byte, it is matched against the raw body
      simple[rawName] = rawName === 'boundary' || !/[\x80-\xff]/.test(val) ? val : decodeBytes(Buffer.from(val, 'latin1'), undefined);
      continue;
    }
    const name = m[1] ?? rawName;
    const n = m[2] === undefined ? 0 : Number(m[2]);
    const encoded = rawName.endsWith('*');
    const entry = (extended[name] ??= { parts: [] });
    let text = val;
    if (encoded && n === 0) {
      const q = /^([^']*)'[^']*'(.*)$/.exec(val);
      if (q) {
        entry.charset = q[1] || 'utf-8';
        text = q[2] ?? '';
      }
    }
    entry.parts.push({ n, text, encoded });
  }
  const params: Record<string, string> = { ...simple };
  for (const [name, entry] of Object.entries(extended)) {
    const bytes = entry.parts
      .sort((a, b) => a.n - b.n)
      .map((p) => (p.encoded ? Buffer.from(p.text.replace(/%([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1') : Buffer.from(p.text, 'latin1')));
    params[name] = decodeBytes(Buffer.concat(bytes), entry.charset);
  }
  return { value, params };
}

// ---------------------------------------------------------------------------
// Bodies
// ---------------------------------------------------------------------------

/**
 * Trims the blanks of a header's bytes (a latin1 string). String.prototype.trim
 * would also take U+00A0, here the byte 0xA0 that ends the UTF-8 of 欠 and of
 * many GBK characters.
 */
export function trimBlanks(raw: string): string {
  return raw.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
}

/** Undoes the transfer encoding of a raw (latin1) body, best-effort. */
export function decodeTransfer(body: string, cte: string): Buffer {
  if (cte === 'base64') return Buffer.from(body.replace(/[^A-Za-z0-9+/]/g, ''), 'base64');
  if (cte === 'quoted-printable') {
    return Buffer.from(
      body.replace(/[ \t]+(?=\r?\n)/g, '').replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    );
  }
  return Buffer.from(body, 'latin1');
}

/** Removes control characters other than tab and line ends. */
export function stripControls(s: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return s.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, '');
}
