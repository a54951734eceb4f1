/**
 * The readable text of a raw message whose MIME structure cannot be followed:
 * a boundary parameter that matches none of the delimiter lines (a gateway
 * rewrote it), or nesting deeper than the parser goes. The parser then sees
 * no text part at all, and a petition would be registered as a blank.
 *
 * The recovery does not trust the structure: it looks for delimiter lines
 * (`--anything`) followed by a MIME header block, whatever boundary they
 * carry and however deep they are, and decodes the text parts it finds with
 * their transfer encoding and charset (plain text preferred to HTML, as the
 * parser does; attachments skipped). With no such lines at all, the body
 * itself, block by block, decoded as its headers say or as UTF-8/GB18030,
 * keeping only what reads as text. Best-effort by design: the case is
 * flagged and staff compare it with the stored original.
 */
import { Buffer } from 'node:buffer';
import { sanitizeEmailHtml, textFromHtml } from './html.js';
import { decodeBytes, decodeTransfer, parseParams, stripControls } from './mime-decode.js';

interface FlatPart {
  fields: Map<string, string>;
  lines: string[];
}

const DELIMITER = /^--\S+$/;
const HEADER_LINE = /^[!-9;-~]+[ \t]*:/;
/** A header block longer than this is not one. */
const MAX_HEADER_LINES = 64;
const MIME_PREAMBLE = /^This is a multi-?part message in MIME format\.?$/i;

/** Recovered text, or '' when the message holds nothing readable. Never throws on odd input. */
export function recoverText(raw: Uint8Array): string {
  const lines = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('latin1').split(/\r?\n/);
  const top = headerBlock(lines, 0, true);
  if (!top) return '';
  const type = mediaType(top.fields);
  // A single part that is not text (a photo sent alone) has no text to recover.
  if (type && !type.startsWith('multipart/') && !type.startsWith('text/')) return '';
  const parts = flatParts(lines, top.next);
  return tidy(parts.length ? textOfParts(parts) : textOfBody(lines.slice(top.next), top.fields));
}

/** Unfolded fields from `start` up to the empty line; undefined when the lines are not a header block. */
function headerBlock(lines: string[], start: number, topLevel = false): { fields: Map<string, string>; next: number } | undefined {
  const fields = new Map<string, string>();
  let last: string | undefined;
  for (let i = start; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line === '' || (!topLevel && DELIMITER.test(line.trimEnd()))) return { fields, next: line === '' ? i + 1 : i };
    if (!topLevel && i - start >= MAX_HEADER_LINES) return undefined;
    if (/^[ \t]/.test(line) && last !== undefined) {
      fields.set(last, `${fields.get(last)} ${line.trim()}`);
    } else if (HEADER_LINE.test(line)) {
      const colon = line.indexOf(':');
      last = line.slice(0, colon).trim().toLowerCase();
      if (!fields.has(last)) fields.set(last, line.slice(colon + 1).trim());
    } else if (!(topLevel && i === 0 && line.startsWith('From '))) {
      if (!topLevel) return undefined;
    }
  }
  return { fields, next: lines.length };
}

function mediaType(fields: Map<string, string>): string {
  return parseParams(fields.get('content-type') ?? '').value.toLowerCase();
}

/** Every delimiter line followed by a header block with a Content-* field opens a part, whatever its boundary. */
function flatParts(lines: string[], start: number): FlatPart[] {
  const parts: FlatPart[] = [];
  let current: FlatPart | undefined;
  for (let i = start; i < lines.length; i++) {
    const line = (lines[i] ?? '').trimEnd();
    if (DELIMITER.test(line)) {
      const block = headerBlock(lines, i + 1);
      if (block && [...block.fields.keys()].some((name) => name.startsWith('content-'))) {
        current = { fields: block.fields, lines: [] };
        parts.push(current);
        i = block.next - 1;
        continue;
      }
      if (line.endsWith('--') && /[^-]/.test(line)) {
        current = undefined; // a closing delimiter: what follows is an epilogue
        continue;
      }
    }
    current?.lines.push(lines[i] ?? '');
  }
  return parts;
}

function textOfParts(parts: FlatPart[]): string {
  const plain: string[] = [];
  const html: string[] = [];
  for (const part of parts) {
    const type = mediaType(part.fields) || 'text/plain';
    if (parseParams(part.fields.get('content-disposition') ?? '').value.toLowerCase() === 'attachment') continue;
    if (type !== 'text/plain' && type !== 'text/html') continue;
    const text = decodePart(part.lines.join('\r\n'), part.fields);
    (type === 'text/html' ? html : plain).push(type === 'text/html' ? textFromHtml(sanitizeEmailHtml(text), []) : text);
  }
  const texts = plain.some((t) => t.trim()) ? plain : html;
  return [...new Set(texts.map((t) => t.trim()).filter(Boolean))].join('\n\n');
}

function decodePart(body: string, fields: Map<string, string>): string {
  const cte = (fields.get('content-transfer-encoding') ?? '').trim().toLowerCase();
  return decodeBytes(decodeTransfer(body, cte), parseParams(fields.get('content-type') ?? '').params.charset);
}

/**
 * No part could be found: the body block by block (blank-line separated),
 * MIME leftovers dropped, each block decoded as base64 or quoted-printable
 * when it looks so, and kept only when it reads as text.
 */
function textOfBody(lines: string[], fields: Map<string, string>): string {
  const charset = parseParams(fields.get('content-type') ?? '').params.charset;
  const cte = (fields.get('content-transfer-encoding') ?? '').trim().toLowerCase();
  const kept = lines.filter((line) => !DELIMITER.test(line.trimEnd()) && !/^content-[\w-]+[ \t]*:/i.test(line) && !MIME_PREAMBLE.test(line.trim()));
  const blocks = kept.join('\r\n').split(/(?:\r\n){2,}/);
  const texts: string[] = [];
  for (const block of blocks) {
    const compact = block.replace(/\s+/g, '');
    if (!compact) continue;
    const encoding = /^[A-Za-z0-9+/]+={0,2}$/.test(compact) && compact.length >= 8 ? 'base64' : cte === 'quoted-printable' || /=[0-9A-F]{2}/.test(block) ? 'quoted-printable' : '';
    const text = decodeBytes(decodeTransfer(block, encoding), charset);
    if (readable(text)) texts.push(text);
  }
  return texts.join('\n\n');
}

/** Text, not binary decoded as text: hardly any control characters or U+FFFD. */
function readable(text: string): boolean {
  // eslint-disable-next-line no-control-regex -- counting control characters is the point
  const noise = text.match(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\uFFFD]/g)?.length ?? 0;
  return text.trim() !== '' && noise <= Math.max(1, text.length * 0.02);
}

function tidy(text: string): string {
  return stripControls(text)
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
