/** An email the system sends, before MIME encoding (see shared/adapters/mail/compose-email.ts). */
export interface OutgoingEmail {
  from: { address: string; name?: string };
  to: string[];
  cc?: string[];
  subject: string;
  text: string;
  html?: string;
  /** Without angle brackets. */
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  /**
   * Extra headers, e.g. { 'Auto-Submitted': 'auto-replied', 'X-Case-Number': '330122-2026-000042' }.
   * `Reply-To` is accepted here and written as an address header.
   */
  headers?: Record<string, string>;
  attachments?: { filename: string; contentType: string; content: Uint8Array }[];
  /** The Date header; the current time when not given. */
  date?: Date;
}
