/**
 * MIME adapter, outbound: an email we send → raw RFC 5322 bytes, built with
 * nodemailer's MailComposer. UTF-8 throughout; the subject and display names
 * become RFC 2047 encoded words (base64, the shorter form for Chinese); the
 * bodies are quoted-printable or base64 as MailComposer judges best; lines end
 * in CRLF. The Message-ID is the one the caller keeps (every email we send is
 * threaded by it), In-Reply-To / References thread replies, and extra headers
 * carry e.g. `Auto-Submitted: auto-replied`, `X-Auto-Response-Suppress: All`
 * and `X-Case-Number`.
 *
 * No file or URL access: attachments are given as bytes.
 */
import { Buffer } from 'node:buffer';
import MailComposer from 'nodemailer/lib/mail-composer';

import type { OutgoingEmail } from '../../domain/mail/outgoing-email.js';
export type { OutgoingEmail };

/** Headers the composer writes itself; an extra header must not replace or duplicate them. */
const RESERVED_HEADERS = new Set([
  'from', 'to', 'cc', 'bcc', 'subject', 'date', 'message-id', 'in-reply-to', 'references',
  'mime-version', 'content-type', 'content-transfer-encoding', 'content-disposition', 'content-id',
]);

/** RFC 5322 field name: printable ASCII except ':' and space. */
const FIELD_NAME = /^[!-9;-~]+$/;
/** Our own Message-ID: id-left "@" id-right, no whitespace, brackets or controls. */
const MESSAGE_ID = /^[^\s<>@]+@[^\s<>@]+$/;
/** Someone else's id we thread to: lenient (some clients send ids without "@"), but one token. */
const FOREIGN_ID = /^[^\s<>]+$/;

/** Header text on one line: CR, LF and other controls would let a value inject headers. */
function oneLine(value: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return value.replace(/[\r\n]+/g, ' ').replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, '').trim();
}

/** Bodies in canonical form: CRLF line ends. */
function crlf(text: string): string {
  return text.replace(/\r?\n|\r/g, '\r\n');
}

function ownMessageId(id: string): string {
  const bare = id.trim().replace(/^<|>$/g, '');
  if (!MESSAGE_ID.test(bare)) throw new Error(`composeEmail: messageId ${JSON.stringify(id)} is not a message id (local@domain, no angle brackets)`);
  return `<${bare}>`;
}

/** A petitioner's odd Message-ID must not stop our reply: unusable ids are dropped, not thrown. */
function foreignId(id: string): string | undefined {
  const bare = id.trim().replace(/^<|>$/g, '');
  return FOREIGN_ID.test(bare) ? `<${bare}>` : undefined;
}

function addresses(list: string[] | undefined, what: string): string[] {
  const out = (list ?? []).map(oneLine).filter(Boolean);
  for (const a of out) if (!a.includes('@')) throw new Error(`composeEmail: ${what} address ${JSON.stringify(a)} has no @`);
  return out;
}

/** Builds the raw message. Throws only on programming errors (our Message-ID, header names, no recipient). */
export async function composeEmail(mail: OutgoingEmail): Promise<Uint8Array> {
  const to = addresses(mail.to, 'To');
  const cc = addresses(mail.cc, 'Cc');
  if (!to.length && !cc.length) throw new Error('composeEmail: no recipient');
  const fromAddress = oneLine(mail.from.address);
  if (!fromAddress.includes('@')) throw new Error(`composeEmail: From address ${JSON.stringify(mail.from.address)} has no @`);

  const headers: Record<string, string> = {};
  let replyTo: string | undefined;
  for (const [name, value] of Object.entries(mail.headers ?? {})) {
    if (!FIELD_NAME.test(name)) throw new Error(`composeEmail: invalid header name ${JSON.stringify(name)}`);
    if (RESERVED_HEADERS.has(name.toLowerCase())) throw new Error(`composeEmail: header ${name} is set by the composer, not as an extra header`);
    if (name.toLowerCase() === 'reply-to') replyTo = oneLine(value);
    else headers[name] = oneLine(value);
  }
  const inReplyTo = mail.inReplyTo === undefined ? undefined : foreignId(mail.inReplyTo);
  const references = (mail.references ?? []).map(foreignId).filter((r): r is string => r !== undefined);

  const composer = new MailComposer({
    from: { name: oneLine(mail.from.name ?? ''), address: fromAddress },
    to,
    ...(cc.length ? { cc } : {}),
    subject: oneLine(mail.subject),
    ...(replyTo ? { replyTo } : {}),
    messageId: ownMessageId(mail.messageId),
    ...(inReplyTo ? { inReplyTo } : {}),
    ...(references.length ? { references } : {}),
    ...(mail.date ? { date: mail.date } : {}),
    headers,
    text: crlf(mail.text),
    ...(mail.html !== undefined ? { html: crlf(mail.html) } : {}),
    attachments: (mail.attachments ?? []).map((a) => ({
      filename: oneLine(a.filename),
      contentType: a.contentType,
      content: Buffer.from(a.content.buffer, a.content.byteOffset, a.content.byteLength),
      contentDisposition: 'attachment',
    })),
    textEncoding: 'B',
    newline: 'win',
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const raw = await composer.compile().build();
  return new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
}
