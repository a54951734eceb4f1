/**
 * A fingerprint of what the sender wrote, not of the path the email took: the
 * idempotency key of mail without a Message-ID. A hash of the raw bytes would
 * differ between two deliveries of the same email (a retry through another
 * relay, a forwarder), because every hop and SES prepend their own trace.
 */
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';

/**
 * Headers added on the way, never by the sender. DKIM-Signature is the
 * sender's and stays; ARC and Authentication-Results are the receivers'.
 */
const TRACE_HEADER =
  /^(?:received|x-received|return-path|delivered-to|x-delivered-to|x-original-to|envelope-to|x-envelope-(?:from|to)|x-forwarded-(?:to|for)|received-spf|authentication-results|x-original-authentication-results|arc-[\w-]+|x-ses-[\w-]+|x-spam-[\w-]+|x-virus-[\w-]+|x-ms-exchange-organization-[\w-]+|x-original-arrival-time)$/;

/**
 * SHA-256 (hex) over the header block without trace headers — unfolded,
 * names lower-cased, whitespace runs made one space, in their order — and the
 * body bytes with line ends made CRLF and trailing blank lines dropped (relays
 * differ in both). Works on any bytes; never throws.
 */
export function contentFingerprint(raw: Uint8Array): string {
  const s = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('latin1');
  const blank = /\r?\n\r?\n/.exec(s);
  const headerBlock = blank ? s.slice(0, blank.index) : s;
  const body = blank ? s.slice(blank.index + blank[0].length) : '';

  const hash = createHash('sha256');
  for (const [name, value] of headerFields(headerBlock)) {
    if (!TRACE_HEADER.test(name)) hash.update(`${name}:${value}\n`, 'latin1');
  }
  hash.update('\n');
  hash.update(body.replace(/\r\n|\r|\n/g, '\r\n').replace(/(?:\r\n|[ \t])+$/, ''), 'latin1');
  return hash.digest('hex');
}

function headerFields(block: string): [string, string][] {
  const fields: [string, string][] = [];
  for (const [i, line] of block.split(/\r?\n/).entries()) {
    if (i === 0 && line.startsWith('From ')) continue; // an mbox separator, written by the store
    const last = fields[fields.length - 1];
    if (/^[ \t]/.test(line) && last) {
      last[1] = `${last[1]} ${line.trim()}`.trim();
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    fields.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).replace(/\s+/g, ' ').trim()]);
  }
  return fields.map(([name, value]) => [name, value.replace(/\s+/g, ' ')]);
}
