import type { ParsedEmail } from './parsed-email.js';

/**
 * Delivery status notifications (DSN, RFC 3464): the `message/delivery-status`
 * part of a `multipart/report; report-type=delivery-status` that a mail
 * server sends back to the envelope sender. Where the sending provider has no
 * event feed (SMTP in the AWS China regions), this is how the system learns
 * that a letter did not reach the petitioner.
 */

/** What a DSN says about one recipient (RFC 3464 §2.3), as written; folded lines joined. */
export interface RecipientStatus {
  /** `failed`, `delayed`, `delivered`, `relayed` or `expanded`. */
  action: string;
  /** Enhanced status code (RFC 3463), e.g. `5.1.1`. */
  status?: string;
  diagnosticCode?: string;
  remoteMta?: string;
}

export interface DeliveryStatus {
  reportingMta?: string;
  recipients: RecipientStatus[];
}

/** A delivery report part: RFC 3464's, or RFC 6533's for internationalised mail. */
const DELIVERY_STATUS_TYPES: ReadonlySet<string> = new Set(['message/delivery-status', 'message/global-delivery-status']);

/** The report of a DSN, or undefined when the email carries no delivery-status part (an old-style bounce in prose). */
export function deliveryStatus(email: Pick<ParsedEmail, 'attachments'>): DeliveryStatus | undefined {
  const part = email.attachments.find((a) => DELIVERY_STATUS_TYPES.has(a.contentType.split(';')[0]!.trim().toLowerCase()));
  return part ? parseDeliveryStatus(new TextDecoder().decode(part.content)) : undefined;
}

/** Parses the fields: the per-message group first, then one group per recipient, groups separated by blank lines. */
export function parseDeliveryStatus(text: string): DeliveryStatus {
  const groups = text
    .replace(/\r\n/g, '\n')
    .split(/\n[ \t]*\n/)
    .map(fields)
    .filter((g) => g.size > 0);
  const [perMessage, ...perRecipient] = groups;
  const recipients = perRecipient
    .filter((g) => g.has('action'))
    .map((g) => ({
      action: g.get('action')!.toLowerCase(),
      ...optional('status', /^\d\.\d{1,3}\.\d{1,3}/.exec(g.get('status') ?? '')?.[0]),
      ...optional('diagnosticCode', g.get('diagnostic-code')),
      ...optional('remoteMta', g.get('remote-mta')),
    }));
  return { ...optional('reportingMta', perMessage?.get('reporting-mta')), recipients };
}

function fields(group: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of group.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const match = /^([A-Za-z0-9-]+)[ \t]*:[ \t]*(.*)$/.exec(line);
    if (match) out.set(match[1]!.toLowerCase(), match[2]!.trim());
  }
  return out;
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value ? { [key]: value } : {}) as { [P in K]?: string };
}

/**
 * What a bounce is recorded as, in the words SES uses for its bounce events
 * (so a case reads alike whichever provider sent the letter): `Permanent` for
 * a 5.x.x failure, `Transient` for a 4.x.x one that the server gave up on,
 * `Undetermined` when the bounce says no status. A report that no recipient
 * failed (only `delayed`, `delivered`, `relayed`, `expanded`) is not a bounce:
 * the letter is still on its way, or arrived.
 */
export type BounceReport =
  | { failed: true; bounceType: 'Permanent' | 'Transient' | 'Undetermined'; bounceSubType: string; diagnostic: string }
  | { failed: false; actions: string[] };

export function bounceReport(report: DeliveryStatus | undefined, fallbackDiagnostic: string): BounceReport {
  if (!report || report.recipients.length === 0) return { failed: true, bounceType: 'Undetermined', bounceSubType: 'Undetermined', diagnostic: fallbackDiagnostic };
  const failed = report.recipients.filter((r) => r.action === 'failed');
  if (failed.length === 0) return { failed: false, actions: [...new Set(report.recipients.map((r) => r.action))] };
  const permanent = failed.find((r) => r.status?.startsWith('5'));
  const first = permanent ?? failed[0]!;
  const bounceType = permanent ? 'Permanent' : first.status?.startsWith('4') ? 'Transient' : 'Undetermined';
  return {
    failed: true,
    bounceType,
    bounceSubType: subType(first.status),
    diagnostic: failed.map((r) => withoutAddresses(r.diagnosticCode ?? r.status ?? 'failed')).join('; '),
  };
}

/** SES's sub-types for the status codes that have one (RFC 3463 subjects and details). */
function subType(status: string | undefined): string {
  const [, subject, detail] = (status ?? '').split('.');
  if (subject === '1' && (detail === '1' || detail === '10')) return 'NoEmail';
  if (subject === '2' && detail === '2') return 'MailboxFull';
  if ((subject === '3' && detail === '4') || (subject === '2' && detail === '3')) return 'MessageTooLarge';
  if (subject === '7') return 'ContentRejected';
  return 'General';
}

/** The case holds the petitioner's address; the event keeps only what the server said about it. */
function withoutAddresses(diagnostic: string): string {
  return diagnostic.replace(/<?[^\s<>@;:]+@[^\s<>;:]+>?/g, '<收件人>').slice(0, 500);
}

/**
 * The notification tag (hex) of a Message-ID in the form of ours,
 * `<notification tag, hex>.<mac>@<domain>` (ReplyTagger.messageIdPart), or
 * undefined: the form only, not whether the mac verifies.
 */
export function ourMessageIdTag(messageId: string): string | undefined {
  const at = messageId.lastIndexOf('@');
  return at > 0 ? /^([0-9a-f]{64})\.[0-9a-f]{20}$/.exec(messageId.slice(0, at).toLowerCase())?.[1] : undefined;
}

/** Our own Message-IDs: in our form (ourMessageIdTag), at the sending address's domain. */
export function isOurMessageId(messageId: string, fromAddress: string): boolean {
  const domain = fromAddress.slice(fromAddress.indexOf('@') + 1).toLowerCase();
  return ourMessageIdTag(messageId) !== undefined && messageId.slice(messageId.lastIndexOf('@') + 1).toLowerCase() === domain;
}
