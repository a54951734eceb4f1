/**
 * MIME adapter, inbound: raw RFC 5322 bytes → ParsedEmail.
 *
 * The parsing is mailparser's (simpleParser, charsets through libmime and
 * iconv-lite). What this module adds around it:
 *
 * - a byte-level pre-pass over the MIME structure that repairs what Chinese
 *   legacy clients send and mailparser cannot read: raw 8-bit GBK/GB18030/Big5
 *   bytes in header blocks (mailparser decodes header bytes as UTF-8 only, so
 *   they come out as U+FFFD) are transcoded to UTF-8 using the part's or the
 *   message's charset, or GB18030; 8-bit text parts that declare no charset
 *   (or an unknown one) and are not UTF-8 get a charset; parts labelled
 *   GB2312/GBK that hold four-byte GB18030 sequences are relabelled GB18030.
 *   Every repair is recorded as a defect. Messages that need none pass through
 *   byte for byte.
 * - structural diagnostics: missing closing boundaries, broken base64,
 *   header lines without a colon, unparseable dates, missing From/Message-ID.
 * - HTML: turned into readable text (html-to-text with tables as tables, no
 *   uppercased headings, no image noise) and sanitised for display with a
 *   strict sanitize-html allowlist (see SANITIZE_OPTIONS).
 * - bounces: message/rfc822, message/delivery-status and text/rfc822-headers
 *   parts are kept as attachments with their content, never parsed away.
 * - forwarded messages (message/rfc822): each is also read for the attachment
 *   policy (inspectAttachments → `forwarded`): its parts as a mail client
 *   lists them — attachments, text parts with a filename, uuencoded files —
 *   a message inside it in turn, to MAX_FORWARD_DEPTH.
 * - a fallback that never throws: if mailparser rejects the message, it is
 *   registered from the pre-pass's own split of the MIME structure, and if even
 *   that fails, from the first blank line.
 */
import { Buffer, isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { simpleParser, type AddressObject, type Attachment, type EmailAddress as MailparserAddress, type ParsedMail } from 'mailparser';
import addressparser from 'nodemailer/lib/addressparser';
import { detectExtension } from 'nodemailer/lib/mime-funcs';
import { fileTypeFromBuffer } from 'file-type';
import { effectiveType, isForwardedMessage, MAX_FORWARD_DEPTH, MAX_FORWARDS_READ, normaliseFilename } from '../../domain/mail/attachment-policy.js';
import type { EmailAddress, ParsedAttachment, ParsedEmail } from '../../domain/mail/parsed-email.js';
import { contentFingerprint } from './content-fingerprint.js';
import { sanitizeEmailHtml, textFromHtml } from './html.js';
import {
  decodableCharset,
  decodeBytes,
  decodeEncodedWords,
  decodeHeaderBytes,
  decodeTransfer,
  GB18030_FOUR_BYTE,
  GB_FAMILY,
  legacyCharset,
  mostlyUtf8,
  parseParams,
  replacementCount,
  stripControls,
  trimBlanks,
  undeclaredBig5,
} from './mime-decode.js';
import { recoverText } from './recover-text.js';

export { sanitizeEmailHtml } from './html.js';
export { decodeEncodedWords } from './mime-decode.js';

/** The first <id> of a header value without angle brackets, or the bare token. */
function messageIds(value: string | undefined): string[] {
  if (!value) return [];
  const bracketed = [...value.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1] ?? '').filter(Boolean);
  if (bracketed.length) return bracketed;
  return value
    .split(/[\s,]+/)
    .map((t) => t.replace(/^<|>$/g, ''))
    .filter((t) => t.includes('@'));
}

// ---------------------------------------------------------------------------
// Raw MIME structure (byte level, latin1 strings: one char per byte)
// ---------------------------------------------------------------------------

interface RawField {
  name: string;
  /** Unfolded value, still raw bytes (latin1). */
  value: string;
}

interface RawPart {
  start: number;
  headerEnd: number;
  bodyStart: number;
  end: number;
  fields: RawField[];
  /** Lower-cased media type, '' when there is no Content-Type. */
  type: string;
  params: Record<string, string>;
  cte: string;
  disposition: string;
  dispositionParams: Record<string, string>;
  children: RawPart[];
  parent?: RawPart;
}

const MAX_DEPTH = 32;
const MAX_PARTS = 2000;

function rawFieldValue(part: RawPart, name: string): string | undefined {
  return part.fields.find((f) => f.name === name)?.value;
}

/** Splits a header block into unfolded fields; lines without a colon are reported and skipped. */
function parseFields(block: string, defects: string[], where: string): RawField[] {
  const fields: RawField[] = [];
  const lines = block.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line === '') continue;
    if (/^[ \t]/.test(line)) {
      const prev = fields[fields.length - 1];
      if (prev) prev.value += ' ' + line.replace(/^[ \t]+/, ''); // unfold: the fold and its indentation become one space
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0 || /\s/.test(line.slice(0, colon).trim())) {
      if (!(i === 0 && line.startsWith('From '))) defects.push(`header: line without a colon in ${where} ignored: ${JSON.stringify(line.slice(0, 60))}`);
      continue;
    }
    fields.push({ name: line.slice(0, colon).trim().toLowerCase(), value: trimBlanks(line.slice(colon + 1)) });
  }
  return fields;
}

interface ScanState {
  count: number;
  defects: string[];
  /** Set when parts were left unexamined (too deep, too many). */
  truncated: boolean;
}

function scanPart(s: string, start: number, end: number, depth: number, state: ScanState, parent?: RawPart): RawPart {
  // header block: up to the first empty line
  let pos = start;
  let headerEnd = end;
  let bodyStart = end;
  while (pos < end) {
    let lineEnd = s.indexOf('\n', pos);
    if (lineEnd < 0 || lineEnd >= end) lineEnd = end;
    const line = s.slice(pos, lineEnd).replace(/\r$/, '');
    if (line === '') {
      headerEnd = pos;
      bodyStart = Math.min(lineEnd + 1, end);
      break;
    }
    pos = lineEnd + 1;
  }
  const where = parent ? 'a MIME part' : 'the message';
  const fields = parseFields(s.slice(start, headerEnd), state.defects, where);
  const ct = parseParams(fields.find((f) => f.name === 'content-type')?.value ?? '');
  const cd = parseParams(fields.find((f) => f.name === 'content-disposition')?.value ?? '');
  const part: RawPart = {
    start,
    headerEnd,
    bodyStart,
    end,
    fields,
    type: ct.value.toLowerCase(),
    params: ct.params,
    cte: (fields.find((f) => f.name === 'content-transfer-encoding')?.value ?? '').replace(/\([^)]*\)/g, '').trim().toLowerCase(),
    disposition: cd.value.toLowerCase(),
    dispositionParams: cd.params,
    children: [],
    ...(parent ? { parent } : {}),
  };
  state.count++;
  const boundary = part.params.boundary;
  if (part.type.startsWith('multipart/')) {
    if (!boundary) {
      state.defects.push(`mime: ${part.type} without a boundary parameter`);
    } else if (depth >= MAX_DEPTH || state.count >= MAX_PARTS) {
      state.defects.push('mime: MIME structure too deep or too many parts; inner parts not examined');
      state.truncated = true;
    } else {
      const { segments, closed } = splitMultipart(s, bodyStart, end, boundary);
      if (!closed) state.defects.push(`mime: closing boundary --${boundary}-- missing (message truncated?)`);
      if (!segments.length) state.defects.push(`mime: ${part.type} has no parts`);
      for (const [segStart, segEnd] of segments) {
        if (state.count >= MAX_PARTS) {
          state.truncated = true;
          break;
        }
        part.children.push(scanPart(s, segStart, segEnd, depth + 1, state, part));
      }
    }
  }
  return part;
}

function splitMultipart(s: string, bodyStart: number, end: number, boundary: string): { segments: [number, number][]; closed: boolean } {
  const delimiter = '--' + boundary;
  const segments: [number, number][] = [];
  let pos = bodyStart;
  let segStart = -1;
  let closed = false;
  while (pos < end) {
    const idx = s.indexOf(delimiter, pos);
    if (idx < 0 || idx >= end) break;
    let after = idx + delimiter.length;
    if (!(idx === bodyStart || s[idx - 1] === '\n')) {
      pos = after;
      continue;
    }
    const isClose = s.startsWith('--', after);
    if (isClose) after += 2;
    let lineEnd = s.indexOf('\n', after);
    if (lineEnd < 0 || lineEnd > end) lineEnd = end;
    if (!/^[ \t\r]*$/.test(s.slice(after, lineEnd))) {
      pos = after;
      continue;
    }
    if (segStart >= 0) {
      let segEnd = idx;
      if (segEnd > segStart && s[segEnd - 1] === '\n') segEnd--;
      if (segEnd > segStart && s[segEnd - 1] === '\r') segEnd--;
      segments.push([segStart, segEnd]);
    }
    if (isClose) {
      closed = true;
      segStart = -1;
      break;
    }
    segStart = Math.min(lineEnd + 1, end);
    pos = segStart;
  }
  if (segStart >= 0) segments.push([segStart, end]);
  return { segments, closed };
}

function allParts(root: RawPart): RawPart[] {
  const out: RawPart[] = [];
  const walk = (p: RawPart): void => {
    out.push(p);
    p.children.forEach(walk);
  };
  walk(root);
  return out;
}

function isTextBody(part: RawPart): boolean {
  const type = part.type || (part.parent?.type === 'multipart/digest' ? 'message/rfc822' : 'text/plain');
  return (type === 'text/plain' || type === 'text/html') && part.disposition !== 'attachment';
}

/** Fields of free text, where an RFC 2047 encoded word reads as the text itself. */
const UNSTRUCTURED_FIELDS = new Set(['subject', 'comments', 'thread-topic']);
/** One encoded word holds at most this many bytes of UTF-8 (75 characters a word, RFC 2047). */
const ENCODED_WORD_BYTES = 42;

/**
 * mailparser trims each header value while it is still bytes (a latin1
 * string), and JavaScript's trim() removes U+00A0 with the spaces: the byte
 * 0xA0 that ends the UTF-8 of one CJK character in 64 (欠 is E6 AC A0, as in
 * 工资拖欠). A raw 8-bit subject ending in such a character lost its last byte
 * and showed "�". Such a field is rewritten so that it no longer ends in that
 * byte: a free-text field as UTF-8 encoded words (any encoded words already in
 * it decoded first), a structured one (a filename, a display name) with an
 * empty comment after it, which parsers drop. Takes and returns a header block
 * as latin1; the lines with 8-bit bytes are UTF-8 by now (step 1).
 */
function keepTrailingA0(block: string): string {
  const lines = block.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    let end = i;
    while (end + 1 < lines.length && /^[ \t]/.test(lines[end + 1]!)) end++;
    const field = lines.slice(i, end + 1).join('\n');
    i = end;
    const cr = field.endsWith('\r') ? '\r' : '';
    const match = /^([!-9;-~]+)[ \t]*:([\s\S]*)$/.exec(field.slice(0, field.length - cr.length));
    const value = match?.[2] === undefined ? undefined : trimBlanks(match[2]);
    if (!match || !value?.endsWith('\xa0')) {
      out.push(field);
      continue;
    }
    const name = match[1]!;
    if (!UNSTRUCTURED_FIELDS.has(name.toLowerCase())) {
      out.push(`${name}: ${value} ()${cr}`);
      continue;
    }
    const text = decodeEncodedWords(Buffer.from(value.replace(/\r?\n(?=[ \t])/g, ''), 'latin1').toString('utf8')).trim();
    const words: string[] = [];
    let chunk = '';
    for (const char of text) {
      if (Buffer.byteLength(chunk + char) > ENCODED_WORD_BYTES) {
        words.push(chunk);
        chunk = '';
      }
      chunk += char;
    }
    words.push(chunk);
    out.push(`${name}: ${words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join(`${cr}\n `)}${cr}`);
  }
  return out.join('\n');
}

/** Rewrites (or adds) the charset parameter of the Content-Type field in a raw header block. */
function withCharset(block: string, charset: string): string {
  const field = /^content-type[ \t]*:.*(?:\r?\n[ \t].*)*/im;
  const m = field.exec(block);
  if (!m) return block + `Content-Type: text/plain; charset=${charset}\r\n`;
  const text = m[0].replace(/\r$/, ''); // the line end stays as it is
  const replaced = /charset[ \t]*=/i.test(text)
    ? text.replace(/charset[ \t]*=[ \t]*(?:"[^"]*"|[^;\s]*)/i, `charset=${charset}`)
    : text.replace(/\s*;?\s*$/, '') + `; charset=${charset}`;
  return block.slice(0, m.index) + replaced + block.slice(m.index + text.length);
}

function sniffHtmlCharset(bytes: Buffer): string | undefined {
  const head = bytes.subarray(0, 4096).toString('latin1');
  const m = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head);
  return legacyCharset(m?.[1]);
}

interface Repair {
  /** The bytes to hand to mailparser: the input, or a repaired copy. */
  bytes: Buffer;
  /** The MIME structure of the input (offsets into the input, not into `bytes`). */
  root: RawPart;
  /** Whether the structure was cut short (too deep, too many parts). */
  truncated: boolean;
}

/**
 * Scans the raw message and repairs, at byte level, what mailparser would
 * misread (see the module comment). Returns the bytes to parse — the input
 * itself when nothing needed repair — and the raw structure.
 */
function scanAndRepair(input: Buffer, defects: string[]): Repair {
  const s = input.toString('latin1');
  const state: ScanState = { count: 0, defects, truncated: false };
  const root = scanPart(s, 0, s.length, 0, state);
  const rootLegacy = messageCharset(root) ?? undeclaredCharset(s, root);
  const edits: { start: number; end: number; text: string }[] = [];

  for (const part of allParts(root)) {
    let block = s.slice(part.start, part.headerEnd);
    let changed = false;
    const where = part === root ? 'message headers' : `headers of a ${part.type || 'text/plain'} part`;

    // 1. raw 8-bit bytes in header lines that are not UTF-8 (line by line: UTF-8 lines stay as they are)
    if (/[\x80-\xff]/.test(block)) {
      const cs = legacyCharset(part.params.charset) ?? rootLegacy ?? 'gb18030';
      const lines = block.split('\n');
      let transcoded = 0;
      let cutUtf8 = 0;
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i] ?? '';
        const bytes = Buffer.from(line, 'latin1');
        if (!/[\x80-\xff]/.test(line) || isUtf8(bytes)) continue;
        // A UTF-8 line with a bad byte or a character cut short: UTF-8 with U+FFFD for those bytes, not GBK mojibake.
        const utf8 = mostlyUtf8(bytes);
        lines[i] = Buffer.from(decodeHeaderBytes(bytes, cs), 'utf8').toString('latin1');
        if (utf8) cutUtf8++;
        else transcoded++;
      }
      if (transcoded || cutUtf8) {
        block = lines.join('\n');
        changed = true;
      }
      if (transcoded) defects.push(`charset: raw 8-bit non-UTF-8 bytes in the ${where} (no RFC 2047), decoded as ${cs}`);
      if (cutUtf8) defects.push(`charset: raw 8-bit UTF-8 in the ${where} with invalid bytes (cut short?); read as UTF-8`);
    }

    // 1b. a raw 8-bit value ending in the byte 0xA0, which mailparser would cut off (see keepTrailingA0)
    if (/[\x80-\xff]/.test(block)) {
      const kept = keepTrailingA0(block);
      if (kept !== block) {
        block = kept;
        changed = true;
      }
    }

    // 2. the charset of text bodies
    if (!part.children.length && !part.type.startsWith('multipart/') && isTextBody(part)) {
      const body = decodeTransfer(s.slice(part.bodyStart, part.end), part.cte);
      const declared = part.params.charset;
      const known = decodableCharset(declared);
      let relabel: string | undefined;
      if (/[\x80-\xff]/.test(body.toString('latin1'))) {
        if (!declared) {
          if (!isUtf8(body)) {
            relabel = (part.type === 'text/html' ? sniffHtmlCharset(body) : undefined) ?? rootLegacy ?? 'gb18030';
            defects.push(`charset: a text part declares no charset and is not UTF-8; decoded as ${relabel}`);
          }
        } else if (!known) {
          if (/^utf-?7/i.test(declared.trim())) {
            defects.push(`charset: ${declared} is refused; the part is read as UTF-8`);
          } else {
            relabel = isUtf8(body) ? 'utf-8' : 'gb18030';
            defects.push(`charset: unknown charset ${JSON.stringify(declared)}; decoded as ${relabel}`);
          }
        } else if (known === 'utf-8') {
          if (isUtf8(body)) {
            // as labelled
          } else if (readsAsChinese(body, 'gb18030')) {
            // Old clients and webmail forms label GBK text UTF-8: read as it is, not as a page of U+FFFD.
            relabel = 'gb18030';
            defects.push(`charset: a text part labelled ${declared} is not UTF-8 but reads as GB18030; decoded as GB18030`);
          } else {
            defects.push(`charset: a text part labelled ${declared} holds invalid UTF-8 bytes`);
          }
        } else if (GB_FAMILY.test(declared.trim()) && isUtf8(body) && /[\u4e00-\u9fff]/.test(body.toString('utf8'))) {
          // Chinese in valid UTF-8 is UTF-8 whatever the label says: GBK text is almost never valid UTF-8.
          relabel = 'utf-8';
          defects.push(`charset: a text part labelled ${declared} is Chinese in UTF-8; decoded as UTF-8`);
        } else if (LATIN_LABEL.test(known) && (isUtf8(body) || readsAsChinese(body, 'gb18030'))) {
          // Foxmail and Outlook Express sent Chinese as us-ascii or iso-8859-1: mojibake (Â¥ÉÏÂ©Ë®) without this.
          relabel = isUtf8(body) ? 'utf-8' : 'gb18030';
          defects.push(`charset: a text part labelled ${declared} holds Chinese; decoded as ${relabel}`);
        } else if (GB_FAMILY.test(declared.trim()) && !/18030/.test(declared) && GB18030_FOUR_BYTE.test(body.toString('latin1'))) {
          relabel = 'gb18030';
          defects.push(`charset: a text part labelled ${declared} holds GB18030 four-byte characters; decoded as GB18030`);
        } else if (replacementCount(iconv.decode(body, known)) > 0) {
          defects.push(`charset: a text part labelled ${declared} holds bytes that are not ${declared}`);
        }
      }
      if (relabel) {
        block = withCharset(block, relabel);
        changed = true;
      }
    }

    // 3. broken base64 anywhere
    if (part.cte === 'base64' && !part.children.length) {
      const body = s.slice(part.bodyStart, part.end);
      if (/[^A-Za-z0-9+/=\s]/.test(body) || body.replace(/[^A-Za-z0-9+/]/g, '').length % 4 === 1) {
        defects.push(`mime: broken base64 in a ${part.type || 'text/plain'} part; decoded best-effort`);
      }
    }

    if (changed) edits.push({ start: part.start, end: part.headerEnd, text: block });
  }

  if (!edits.length) return { bytes: input, root, truncated: state.truncated };
  let out = '';
  let last = 0;
  for (const e of edits.sort((a, b) => a.start - b.start)) {
    out += s.slice(last, e.start) + e.text;
    last = e.end;
  }
  out += s.slice(last);
  return { bytes: Buffer.from(out, 'latin1'), root, truncated: state.truncated };
}

/** Labels that say the text is Western: Chinese bytes under them were mislabelled by the sending client. */
const LATIN_LABEL = /^(?:us-ascii|ascii|iso-?8859-1|latin-?1|windows-1252|cp1252)$/i;

/**
 * Whether bytes read cleanly as Chinese in `charset`: nothing undecodable, at
 * least two Han characters, and Han for nearly all that is not ASCII (a
 * Western text's accented letters decode, if at all, to odd symbols and rare
 * characters scattered among ASCII).
 */
function readsAsChinese(body: Buffer, charset: string): boolean {
  const text = iconv.decode(body, charset);
  if (replacementCount(text) > 0) return false;
  const wide = [...text].filter((ch) => ch.charCodeAt(0) > 0x7f);
  const han = wide.filter((ch) => /[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]/.test(ch));
  return han.length >= 2 && han.length >= wide.length * 0.9;
}

// ---------------------------------------------------------------------------
// Header map, addresses
// ---------------------------------------------------------------------------

/**
 * The charset raw 8-bit header bytes are read in: the message's Content-Type
 * charset, else the first legacy charset of a text part, else undefined
 * (GB18030 is the caller's fallback).
 */
function messageCharset(root: RawPart): string | undefined {
  const own = legacyCharset(root.params.charset);
  if (own) return own;
  for (const part of allParts(root)) {
    if (!part.children.length && isTextBody(part)) {
      const cs = legacyCharset(part.params.charset);
      if (cs) return cs;
    }
  }
  return undefined;
}

/**
 * The legacy charset of a message that names none anywhere: Big5 when its
 * undeclared 8-bit text (the bodies that are not UTF-8, and the raw bytes of
 * its headers) reads as Big5 (undeclaredBig5), else undefined — GB18030, the
 * fallback, for mainland mail.
 */
function undeclaredCharset(s: string, root: RawPart): string | undefined {
  const chunks: Buffer[] = [];
  const head = Buffer.from(s.slice(root.start, root.headerEnd), 'latin1');
  if (!isUtf8(head)) chunks.push(head);
  for (const part of allParts(root)) {
    if (part.children.length || part.type.startsWith('multipart/') || !isTextBody(part) || part.params.charset) continue;
    const body = decodeTransfer(s.slice(part.bodyStart, part.end), part.cte);
    if (/[\x80-\xff]/.test(body.toString('latin1')) && !isUtf8(body)) chunks.push(body);
  }
  return chunks.length ? undeclaredBig5(Buffer.concat(chunks)) : undefined;
}

/** Lower-cased names → decoded values, repeated headers joined with '\n'. */
function decodeHeaderMap(root: RawPart): Record<string, string> {
  const headers: Record<string, string> = {};
  const rootLegacy = messageCharset(root);
  for (const f of root.fields) {
    const bytes = Buffer.from(f.value, 'latin1');
    const text = decodeHeaderBytes(bytes, rootLegacy ?? 'gb18030');
    const value = stripControls(decodeEncodedWords(text));
    headers[f.name] = Object.hasOwn(headers, f.name) ? `${headers[f.name]}\n${value}` : value;
  }
  return headers;
}

function toAddress(a: { address?: string; name?: string } | undefined): EmailAddress | undefined {
  const address = (a?.address ?? '').trim().toLowerCase();
  if (!address) return undefined;
  const name = stripControls((a?.name ?? '').trim());
  return name ? { address, name } : { address };
}

function flattenMailparser(list: MailparserAddress[]): MailparserAddress[] {
  return list.flatMap((a) => (a.group ? flattenMailparser(a.group) : [a]));
}

function mailparserAddresses(value: AddressObject | AddressObject[] | undefined): EmailAddress[] {
  const objects = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return objects.flatMap((o) => flattenMailparser(o.value)).map(toAddress).filter((a): a is EmailAddress => a !== undefined);
}

/** Addresses from a decoded header value (used by the fallback). */
function headerAddresses(value: string | undefined): EmailAddress[] {
  if (!value) return [];
  try {
    return addressparser(value.replace(/\n/g, ', '), { flatten: true }).map(toAddress).filter((a): a is EmailAddress => a !== undefined);
  } catch {
    return [];
  }
}

function returnPathOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const first = value.split('\n')[0]?.trim() ?? '';
  if (/^<\s*>$/.test(first) || first === '') return '';
  return headerAddresses(first)[0]?.address ?? first.replace(/^<|>$/g, '').toLowerCase();
}

function dateOf(value: string | undefined, defects: string[]): string | undefined {
  if (!value) return undefined;
  const d = new Date(value.replace(/\([^)]*\)/g, '').trim());
  if (Number.isNaN(d.getTime())) {
    defects.push(`header: unparseable Date ${JSON.stringify(value.slice(0, 60))}`);
    return undefined;
  }
  return d.toISOString();
}

function contentTypeOf(root: RawPart): string {
  const type = root.type || 'text/plain';
  const params = Object.entries(root.params)
    .filter(([k]) => k !== 'boundary')
    .map(([k, v]) => {
      const value = k === 'name' || k === 'filename' ? v : v.toLowerCase();
      return `${k}=${/^[\w.+-]+$/.test(value) ? value : JSON.stringify(value)}`;
    });
  return [type, ...params].join('; ');
}

// ---------------------------------------------------------------------------
// Attachments
// ---------------------------------------------------------------------------

const EXTENSION_OVERRIDES: Record<string, string> = {
  'message/rfc822': 'eml',
  'message/delivery-status': 'txt',
  'message/disposition-notification': 'txt',
  'text/rfc822-headers': 'txt',
  'image/jpeg': 'jpg',
  'application/octet-stream': 'bin',
};

function extensionFor(contentType: string): string {
  const ext = EXTENSION_OVERRIDES[contentType] ?? detectExtension(contentType);
  return /^[a-z0-9]{1,8}$/i.test(ext) ? ext : 'bin';
}

/**
 * A filename safe to store and show: no directories, no control characters,
 * and as Windows would create it (no direction marks, NTFS stream suffix or
 * trailing dots), so that staff see the name the file really has.
 */
function cleanFilename(name: string | undefined): string {
  const base = stripControls(name ?? '')
    .replace(/[\r\n\t]/g, ' ')
    .split(/[\\/]/)
    .pop();
  return normaliseFilename(base ?? '').replace(/^\.+$/, '');
}

function toAttachment(a: Attachment, index: number): ParsedAttachment {
  const contentType = (a.contentType || 'application/octet-stream').toLowerCase();
  const filename = cleanFilename(a.filename) || `attachment-${index + 1}.${extensionFor(contentType)}`;
  const disposition = (a.contentDisposition ?? '').toLowerCase();
  const inline = !!a.cid && (disposition === 'inline' || (!disposition && !!a.related));
  const content = new Uint8Array(a.content);
  return { filename, contentType, size: content.byteLength, content, inline };
}

// ---------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** What each parsing path yields; the fields computed from the whole input are added by parseEmail. */
type Parsed = Omit<ParsedEmail, 'contentHash' | 'textRecovered'>;

function finishDefects(email: ParsedEmail): ParsedEmail {
  if (!email.from) email.defects.push('header: no usable From address');
  if (!email.messageId) email.defects.push('header: no Message-ID');
  if (email.subject.includes('\uFFFD') || email.text.includes('\uFFFD')) email.defects.push('charset: undecodable bytes left in the subject or text (U+FFFD)');
  email.defects = [...new Set(email.defects)];
  return email;
}

/** Header-derived fields shared by the mailparser path and the fallbacks. */
function headerFields(headers: Record<string, string>, defects: string[]): Pick<ParsedEmail, 'messageId' | 'inReplyTo' | 'references' | 'returnPath' | 'date'> {
  const messageId = messageIds(headers['message-id'])[0];
  const inReplyTo = messageIds(headers['in-reply-to'])[0];
  const returnPath = returnPathOf(headers['return-path']);
  const date = dateOf(headers['date']?.split('\n')[0], defects);
  return {
    ...(messageId ? { messageId } : {}),
    ...(inReplyTo ? { inReplyTo } : {}),
    references: messageIds(headers['references']),
    ...(returnPath !== undefined ? { returnPath } : {}),
    ...(date ? { date } : {}),
  };
}

async function parseWithMailparser(bytes: Buffer, root: RawPart, defects: string[]): Promise<Parsed> {
  const mail: ParsedMail = await simpleParser(bytes, {
    keepCidLinks: true, // cid: links stay cid: (data: URLs would be removed by the sanitiser)
    skipImageLinks: true,
    ignoreEmbedded: true, // message/rfc822 stays an attachment, with its bytes (bounces)
    keepDeliveryStatus: true, // message/delivery-status too
    skipHtmlToText: true, // HTML is converted below, with better table and heading handling
    skipTextToHtml: true,
  });
  if (mail.textConversionError) defects.push(`html: ${mail.textConversionError.message}`);

  const headers = decodeHeaderMap(root);
  const from = mailparserAddresses(mail.from)[0];
  const replyTo = mailparserAddresses(mail.replyTo)[0];
  const html = typeof mail.html === 'string' && mail.html.trim() ? mail.html : undefined;
  const safeHtml = html === undefined ? undefined : sanitizeEmailHtml(html).trim();
  let text = stripControls(mail.text ?? '').trim();
  if (safeHtml) text = fullerText(text, safeHtml, defects);

  return {
    ...headerFields(headers, defects),
    ...(from ? { from } : {}),
    ...(replyTo ? { replyTo } : {}),
    to: mailparserAddresses(mail.to),
    cc: mailparserAddresses(mail.cc),
    subject: stripControls(mail.subject ?? headers['subject'] ?? '').trim(),
    text,
    ...(safeHtml !== undefined ? { safeHtml } : {}),
    headers,
    contentType: contentTypeOf(root),
    attachments: mail.attachments.map(toAttachment),
    defects,
  };
}

/** Letters, digits and Han characters: what a reader reads, without spacing, punctuation or layout. */
function wordCount(text: string): number {
  return text.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
}

/** What a text/plain alternative says when it only points at the HTML. */
const HTML_PLACEHOLDER = /HTML\s*(?:格式|邮件|版本|内容)|支持\s*HTML|超文本|html[\s-]*(?:version|capable|compatible|e-?mail)|view (?:this|the) (?:e-?mail|message) in (?:a|your) (?:web )?browser/i;

/**
 * The body's text: the text/plain part, unless the HTML holds the letter and
 * the plain text only a stub of it — empty, a line of &nbsp; (Foxmail), or a
 * placeholder some webmail and mass-mail tools put there (此邮件为HTML格式，请
 * 使用支持HTML的客户端查看). Then the HTML's text, the stub noted as a defect.
 * Alternatives that say the same in other layout keep the plain text.
 */
function fullerText(plain: string, safeHtml: string, defects: string[]): string {
  const fromHtml = textFromHtml(safeHtml, defects);
  if (!plain) return fromHtml;
  const [own, html] = [wordCount(plain), wordCount(fromHtml)];
  const placeholder = own < 80 && HTML_PLACEHOLDER.test(plain) && !fromHtml.includes(plain) && html > 0;
  if (!placeholder && (html < own * 3 || html - own < 30)) return plain;
  defects.push('mime: the text/plain alternative is a stub of the HTML (far shorter); the HTML’s text was taken');
  return fromHtml;
}

/** Registers the message from the raw structure of the original bytes alone, when mailparser gave up. */
function parseFromStructure(input: Buffer, root: RawPart, defects: string[]): Parsed {
  const s = input.toString('latin1');
  const headers = decodeHeaderMap(root);
  const texts: string[] = [];
  const htmls: string[] = [];
  const attachments: ParsedAttachment[] = [];
  for (const part of allParts(root)) {
    if (part.type.startsWith('multipart/')) continue;
    const content = decodeTransfer(s.slice(part.bodyStart, part.end), part.cte);
    if (isTextBody(part)) {
      const t = decodeBytes(content, part.params.charset);
      (part.type === 'text/html' ? htmls : texts).push(t);
      continue;
    }
    const contentType = part.type || 'application/octet-stream';
    const name = cleanFilename(decodeEncodedWords(part.dispositionParams.filename ?? part.params.name ?? ''));
    const cid = messageIds(rawFieldValue(part, 'content-id'))[0] ?? rawFieldValue(part, 'content-id');
    attachments.push({
      filename: name || `attachment-${attachments.length + 1}.${extensionFor(contentType)}`,
      contentType,
      size: content.byteLength,
      content: new Uint8Array(content),
      inline: !!cid && part.disposition === 'inline',
    });
  }
  const html = htmls.join('<br>\n');
  const safeHtml = html.trim() ? sanitizeEmailHtml(html).trim() : undefined;
  let text = stripControls(texts.join('\n')).replace(/\r\n?/g, '\n').trim();
  if (!text && safeHtml) text = textFromHtml(safeHtml, defects);
  const from = headerAddresses(headers['from'])[0];
  const replyTo = headerAddresses(headers['reply-to'])[0];
  return {
    ...headerFields(headers, defects),
    ...(from ? { from } : {}),
    ...(replyTo ? { replyTo } : {}),
    to: headerAddresses(headers['to']),
    cc: headerAddresses(headers['cc']),
    subject: (headers['subject'] ?? '').split('\n')[0]?.trim() ?? '',
    text,
    ...(safeHtml !== undefined ? { safeHtml } : {}),
    headers,
    contentType: contentTypeOf(root),
    attachments,
    defects,
  };
}

/** Last resort: headers and body split on the first blank line, decoded as UTF-8 or GB18030. */
function parseBySplitting(bytes: Buffer, defects: string[]): Parsed {
  const s = bytes.toString('latin1');
  const m = /\r?\n\r?\n/.exec(s);
  const headerBlock = m ? s.slice(0, m.index) : s;
  const body = m ? s.slice(m.index + m[0].length) : '';
  const headers: Record<string, string> = {};
  for (const f of parseFields(headerBlock, [], 'the message')) {
    const value = stripControls(decodeEncodedWords(decodeBytes(Buffer.from(f.value, 'latin1'), undefined)));
    headers[f.name] = Object.hasOwn(headers, f.name) ? `${headers[f.name]}\n${value}` : value;
  }
  const from = headerAddresses(headers['from'])[0];
  return {
    ...headerFields(headers, defects),
    ...(from ? { from } : {}),
    to: headerAddresses(headers['to']),
    cc: headerAddresses(headers['cc']),
    subject: (headers['subject'] ?? '').split('\n')[0]?.trim() ?? '',
    text: stripControls(decodeBytes(Buffer.from(body, 'latin1'), undefined)).replace(/\r\n?/g, '\n').trim(),
    headers,
    contentType: (headers['content-type'] ?? 'text/plain').split(';')[0]?.trim().toLowerCase() || 'text/plain',
    attachments: [],
    defects,
  };
}

/**
 * Parses a raw email. Never throws: whatever cannot be read is reported in
 * `defects`, and the message is registered from what can. A message whose
 * structure yields no text (or, in the fallback, was cut short) gets the text
 * recovered from its raw bytes, flagged `textRecovered`.
 */
export async function parseEmail(raw: Uint8Array, depth = 0): Promise<ParsedEmail> {
  return (await readMessage(raw, depth, newForwardBudget())).email;
}

/** What is left of MAX_FORWARDS_READ for one email: shared by every level of its forwards. */
interface ForwardBudget {
  messages: number;
  bytes: number;
}
const newForwardBudget = (): ForwardBudget => ({ ...MAX_FORWARDS_READ });

/**
 * parseEmail, and whether mailparser followed the whole structure (else the parts are a best-effort split of our
 * own, or the scan was cut short); for a forwarded message (depth > 0) also the files in its text (namedTextParts,
 * uuencodedFiles).
 */
async function readMessage(raw: Uint8Array, depth: number, budget: ForwardBudget): Promise<{ email: ParsedEmail; readable: boolean; namedText?: ParsedAttachment[] }> {
  const input = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const defects: string[] = [];
  if (input.byteLength === 0) defects.push('mime: empty message');
  const { email, partial, readable, structure } = await parseLayers(input, defects);
  const recovered = recoveredText(input, email.text, partial, defects);
  const text = recovered ?? email.text;
  const read = new Map<Uint8Array, ParsedEmail>();
  const attachments = await inspectAttachments(email.attachments, depth, read, budget);
  return {
    email: finishDefects({
      ...email,
      ...(recovered !== undefined ? { text: recovered, textRecovered: true } : {}),
      ...(depth === 0 ? await withForwardedText(email, text, read) : {}),
      attachments,
      contentHash: contentFingerprint(input),
    }),
    // A forwarded message's parts as a mail client lists them: named text parts and uuencoded files too. Read whole, or not at all.
    ...(depth > 0 ? { namedText: await inspectAttachments([...(structure ? namedTextParts(input, structure.root) : []), ...uuencodedFiles(email.text)], depth, undefined, budget) } : {}),
    readable: readable && !!structure && !structure.truncated,
  };
}

/**
 * Each attachment as the attachment policy judges it: what its leading bytes
 * are (file-type), and for a forwarded message (message/rfc822) the parts it
 * carries, read the same way — a message inside it in turn, to
 * MAX_FORWARD_DEPTH; one deeper, or one mailparser could not follow, is marked
 * unread (and refused by the policy), as are those beyond the email's
 * `budget` (MAX_FORWARDS_READ in all). `depth`: how many forwarded messages
 * deep the attachments sit (0: the email's own, or a portal upload); `read`
 * collects each forwarded message as parsed, by its bytes.
 */
export async function inspectAttachments(
  attachments: readonly ParsedAttachment[],
  depth = 0,
  read?: Map<Uint8Array, ParsedEmail>,
  budget: ForwardBudget = newForwardBudget(),
): Promise<ParsedAttachment[]> {
  const typed = await withDetectedTypes(attachments);
  const inspected: ParsedAttachment[] = [];
  for (const attachment of typed) {
    if (!isForwardedMessage(effectiveType(attachment))) {
      inspected.push(attachment);
      continue;
    }
    if (depth + 1 > MAX_FORWARD_DEPTH) {
      inspected.push({ ...attachment, forwarded: { attachments: [], unread: 'tooDeep' } });
      continue;
    }
    if (budget.messages < 1 || budget.bytes < attachment.content.byteLength) {
      inspected.push({ ...attachment, forwarded: { attachments: [], unread: 'tooMany' } });
      continue;
    }
    budget.messages -= 1;
    budget.bytes -= attachment.content.byteLength;
    const inner = await readMessage(attachment.content, depth + 1, budget);
    read?.set(attachment.content, inner.email);
    const parts = [...inner.email.attachments, ...(inner.namedText ?? [])];
    inspected.push({ ...attachment, forwarded: { attachments: parts, ...(inner.readable ? {} : { unread: 'unreadable' as const }) } });
  }
  return inspected;
}

/**
 * 作为附件转发: QQ Mail and Outlook forward a letter as an attached .eml under
 * a line like 请看附件. Its words are the petition: they are read into the
 * text, below the sender's own, as a forward quoted inline would be (the .eml
 * stays an attachment, when the attachment policy keeps it). Not for a
 * delivery report, whose attached message is our own returned letter. One
 * level only. `read`: the forwarded messages as inspectAttachments parsed them.
 */
async function withForwardedText(email: Parsed, text: string, read: ReadonlyMap<Uint8Array, ParsedEmail>): Promise<{ text?: string }> {
  if (/^multipart\/report/i.test(email.contentType)) return {};
  const forwarded = email.attachments.filter((a) => /^message\/rfc822/i.test(a.contentType));
  if (forwarded.length === 0) return {};
  const quoted: string[] = [];
  for (const attachment of forwarded.slice(0, 3)) {
    const inner = read.get(attachment.content) ?? (await parseEmail(attachment.content, 1));
    if (!inner.text.trim()) continue;
    const from = inner.from ? `${inner.from.name ? `${inner.from.name} ` : ''}<${inner.from.address}>` : '';
    quoted.push(['---------- 转发的邮件 ----------', ...(from ? [`发件人：${from}`] : []), ...(inner.subject ? [`主题：${inner.subject}`] : []), '', inner.text.trim()].join('\n'));
  }
  return quoted.length ? { text: [text.trim(), ...quoted].filter(Boolean).join('\n\n') } : {};
}

/**
 * The text parts of a message that carry a filename (`Content-Type: text/plain;
 * name="invoice.exe"`, or an inline disposition with one): mailparser reads
 * them into the body, but a mail client lists them as files, to open by their
 * name. Parts of this message only (a message inside it has its own).
 */
function namedTextParts(input: Buffer, root: RawPart): ParsedAttachment[] {
  const s = input.toString('latin1');
  return allParts(root)
    .filter((part) => !part.type.startsWith('multipart/') && isTextBody(part))
    .flatMap((part) => {
      const raw = part.dispositionParams.filename ?? part.params.name;
      if (raw === undefined) return [];
      const content = new Uint8Array(decodeTransfer(s.slice(part.bodyStart, part.end), part.cte));
      const contentType = part.type || 'text/plain';
      return [{ filename: cleanFilename(decodeEncodedWords(raw)) || `attachment.${extensionFor(contentType)}`, contentType, size: content.byteLength, content, inline: part.disposition !== 'attachment' }];
    });
}

/**
 * Files uuencoded in a message's text (`begin 644 invoice.exe` … `end`, or
 * `begin-base64` … `====`): Thunderbird and Outlook list them as attachments,
 * while mailparser leaves them in the body. Decoded, to be judged as files.
 */
function uuencodedFiles(text: string): ParsedAttachment[] {
  const files: ParsedAttachment[] = [];
  const begin = /^begin(-base64)? +[0-7]{3,4} +(.+?)[ \t]*\r?$/gm;
  for (let match = begin.exec(text); match; match = begin.exec(text)) {
    const lines = text.slice(match.index + match[0].length).split(/\r?\n/).slice(1);
    const endAt = lines.findIndex((line) => (match![1] ? /^====\s*$/ : /^end\s*$/).test(line));
    const body = endAt < 0 ? lines : lines.slice(0, endAt);
    const content = match[1] ? new Uint8Array(Buffer.from(body.join(''), 'base64')) : uudecode(body);
    files.push({ filename: cleanFilename(match[2]) || 'attachment.bin', contentType: 'application/octet-stream', size: content.byteLength, content, inline: false });
  }
  return files;
}

function uudecode(lines: readonly string[]): Uint8Array {
  const out: number[] = [];
  for (const line of lines) {
    const length = (line.charCodeAt(0) - 32) & 63;
    if (length === 0) break;
    const sextet = (i: number) => ((line.charCodeAt(i) || 32) - 32) & 63;
    const bytes: number[] = [];
    for (let i = 1; bytes.length < length; i += 4) {
      const [a, b, c, d] = [sextet(i), sextet(i + 1), sextet(i + 2), sextet(i + 3)];
      bytes.push(((a << 2) | (b >> 4)) & 255, ((b << 4) | (c >> 2)) & 255, ((c << 6) | d) & 255);
    }
    out.push(...bytes.slice(0, length));
  }
  return new Uint8Array(out);
}

/** mailparser on the repaired bytes; failing that, the pre-pass's own split; failing that, the first blank line. */
async function parseLayers(input: Buffer, defects: string[]): Promise<{ email: Parsed; partial: boolean; readable: boolean; structure?: Repair }> {
  let repaired: Repair;
  try {
    repaired = scanAndRepair(input, defects);
  } catch (err) {
    defects.push(`mime: the MIME structure could not be scanned (${errorMessage(err)})`);
    return { email: parseBySplitting(input, defects), partial: false, readable: false };
  }

  try {
    return { email: await parseWithMailparser(repaired.bytes, repaired.root, defects), partial: false, readable: true, structure: repaired };
  } catch (err) {
    defects.push(`mime: mailparser failed (${errorMessage(err)}); registered from a best-effort split of the MIME structure`);
  }
  try {
    return { email: parseFromStructure(input, repaired.root, defects), partial: repaired.truncated, readable: false };
  } catch (err) {
    defects.push(`mime: best-effort split failed (${errorMessage(err)}); headers and body split on the first blank line`);
  }
  try {
    return { email: parseBySplitting(input, defects), partial: false, readable: false };
  } catch (err) {
    defects.push(`mime: unreadable (${errorMessage(err)})`);
    return { email: { references: [], to: [], cc: [], subject: '', text: '', headers: {}, contentType: 'text/plain', attachments: [], defects }, partial: false, readable: false };
  }
}

/**
 * Never a blank case when the message holds text: when the parsed text is
 * empty, or the fallback's structure was cut short and the raw bytes hold
 * more, the text recovered from the raw message (see recover-text.ts).
 */
function recoveredText(input: Buffer, text: string, partial: boolean, defects: string[]): string | undefined {
  if (text.trim() && !partial) return undefined;
  let recovered: string;
  try {
    recovered = recoverText(input);
  } catch (err) {
    defects.push(`mime: text recovery failed (${errorMessage(err)})`);
    return undefined;
  }
  if (!recovered || recovered.length <= text.trim().length) return undefined;
  defects.push('mime: the text was recovered from the raw message; check it against the original');
  return recovered;
}

/** What the leading bytes of each attachment are, by file-type; the attachment policy compares it with name and declared type. */
async function withDetectedTypes(attachments: readonly ParsedAttachment[]): Promise<ParsedAttachment[]> {
  return Promise.all(
    attachments.map(async (attachment) => {
      const detected = await fileTypeFromBuffer(attachment.content).catch(() => undefined);
      return detected ? { ...attachment, detectedType: detected.mime } : attachment;
    }),
  );
}
