/**
 * An incoming email as the intake reads it, after MIME decoding. Produced by
 * the MIME adapter (shared/adapters/mail/parse-email.ts); everything the
 * domain decides about an email (noise, thread, petitioner, flags) reads this.
 */
export interface EmailAddress {
  address: string;
  /** Display name, decoded (RFC 2047), if the sender gave one. */
  name?: string;
}

export interface ParsedAttachment {
  filename: string;
  contentType: string;
  size: number;
  content: Uint8Array;
  /** Inline parts (images referenced from HTML) are kept but not listed to the petitioner. */
  inline: boolean;
  /** The MIME type the leading bytes show (file-type); absent when they match no format it knows (plain text, say). */
  detectedType?: string;
  /**
   * A forwarded message (message/rfc822): what it carries, read by the MIME adapter as an email's own attachments
   * are. Absent for other files, and for a forwarded message nobody looked into (the policy refuses that one).
   */
  forwarded?: ForwardedMessage;
}

/** The parts a forwarded message carries, each a ParsedAttachment (a message inside one has `forwarded` in turn). */
export interface ForwardedMessage {
  attachments: ParsedAttachment[];
  /**
   * Why its parts were not read: nested deeper than MAX_FORWARD_DEPTH (attachment-policy.ts), a MIME structure
   * the parser could not follow (only a best-effort split was made, which a mail client may read otherwise), or
   * beyond the forwarded messages one email has read in all (MAX_FORWARDS_READ).
   */
  unread?: 'tooDeep' | 'unreadable' | 'tooMany';
}

export interface ParsedEmail {
  /** Message-ID without angle brackets, if present. */
  messageId?: string;
  inReplyTo?: string;
  /** References, oldest first, without angle brackets. */
  references: string[];
  from?: EmailAddress;
  /** The envelope sender (Return-Path); empty string for the null sender `<>` of bounces. */
  returnPath?: string;
  replyTo?: EmailAddress;
  to: EmailAddress[];
  cc: EmailAddress[];
  subject: string;
  date?: string;
  /** Plain text of the body: the text part, or the HTML turned into text. */
  text: string;
  /** The HTML body after sanitising (no script, event handlers or javascript: URLs), if there was one. */
  safeHtml?: string;
  /** Lower-cased header names, values decoded; repeated headers joined with '\n'. */
  headers: Record<string, string>;
  contentType: string;
  attachments: ParsedAttachment[];
  /** Problems met while decoding (malformed MIME, unknown charset): registered best-effort all the same. */
  defects: string[];
  /**
   * SHA-256 (hex) of what the sender wrote: the headers without the ones
   * added on the way (Received, Return-Path, X-SES-*, …) and the body. The
   * same email delivered twice hashes alike; the key of mail without a Message-ID.
   */
  contentHash: string;
  /** The MIME structure yielded no text, so `text` was recovered from the raw message: staff check it against the original. */
  textRecovered?: true;
}
