import type { ParsedAttachment, ParsedEmail } from './parsed-email.js';

/** Parts in which a delivery report returns our original message, or just its headers (RFC 3462, RFC 6533). */
const RETURNED_MESSAGE_TYPES: ReadonlySet<string> = new Set([
  'message/rfc822',
  'message/rfc822-headers',
  'text/rfc822-headers',
  'message/global',
  'message/global-headers',
]);

/**
 * The Message-ID of our message that bounced, so the bounce can be recorded on
 * the case that message belongs to. The returned copy of the original is the
 * most reliable source; many bounces also thread to it with In-Reply-To or
 * References; some (qmail, older gateways) only quote the headers in the text.
 */
export function bouncedMessageId(email: ParsedEmail): string | undefined {
  const returned = returnedMessageId(email);
  if (returned) return returned;
  const threaded = stripBrackets(email.inReplyTo ?? '') || stripBrackets(email.references.at(-1) ?? '');
  return threaded || quotedMessageId(email);
}

/**
 * The Message-ID a bounce quotes of the message it returns: from the returned
 * copy, else a `Message-ID:` line in its text. Never In-Reply-To or References,
 * which any reply to our letter carries: a citizen's reply is not a bounce.
 */
export function quotedMessageId(email: ParsedEmail): string | undefined {
  return returnedMessageId(email) ?? messageIdInHeaders(email.text, { anywhere: true });
}

function returnedMessageId(email: ParsedEmail): string | undefined {
  for (const attachment of email.attachments) {
    if (!isReturnedMessage(attachment)) continue;
    const id = messageIdInHeaders(new TextDecoder().decode(attachment.content));
    if (id) return id;
  }
  return undefined;
}

function isReturnedMessage(attachment: ParsedAttachment): boolean {
  return RETURNED_MESSAGE_TYPES.has(attachment.contentType.split(';')[0]!.trim().toLowerCase());
}

/**
 * Finds `Message-ID:` in a header block (unfolded first). Only the header block
 * is read, so an id quoted in the returned message's body is not taken; in a
 * bounce's own text the quoted headers may start anywhere.
 */
function messageIdInHeaders(raw: string, { anywhere = false } = {}): string | undefined {
  const block = anywhere ? raw : raw.split(/\r?\n\r?\n/, 1)[0]!;
  const unfolded = block.replace(/\r?\n[ \t]+/g, ' ');
  const value = /^[ \t]*message-id[ \t]*:[ \t]*(.+)$/im.exec(unfolded)?.[1];
  return value ? stripBrackets(value) || undefined : undefined;
}

function stripBrackets(value: string): string {
  const bracketed = /<([^<>\s]+)>/.exec(value)?.[1];
  return bracketed ?? value.trim().split(/\s+/)[0] ?? '';
}
