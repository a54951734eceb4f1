/**
 * A mail provider's refusal of a send, as it reaches the logs. SES and SMTP
 * servers quote the recipients they refuse ("…failed the check: zhang@163.com",
 * "550 5.1.1 <zhang@163.com>: Recipient address rejected"), and nodemailer
 * keeps them on the error (`rejected`, `rejectedErrors`); the mailer logs a
 * failed send whole, every property, so the petitioner's address would be in
 * CloudWatch — personal data is never written to logs (docs/domain.md,
 * "Confidentiality and accountability"). This error keeps what an operator
 * needs (the provider's error name, its SMTP reply code or HTTP status, the
 * text with each address replaced) and nothing else of the original; no
 * `cause`, which the logger would print too.
 */
export class MailNotSent extends Error {
  /** nodemailer's error code (EENVELOPE, EAUTH, ETLS…), when it gave one. */
  readonly code?: string;
  /** The SMTP server's reply code (550, 451…). */
  readonly responseCode?: number;
  /** The provider API's HTTP status (SES: 400, 429…). */
  readonly httpStatusCode?: number;

  constructor(refusal: unknown, addresses: readonly string[]) {
    const error = refusal instanceof Error ? refusal : new Error(String(refusal));
    const hidden = withoutAddresses(addresses);
    super(hidden(error.message));
    this.name = error.name;
    this.stack = hidden(error.stack ?? `${error.name}: ${error.message}`);
    const given = error as { code?: unknown; responseCode?: unknown; $metadata?: { httpStatusCode?: unknown } };
    if (typeof given.code === 'string') this.code = given.code;
    if (typeof given.responseCode === 'number') this.responseCode = given.responseCode;
    if (typeof given.$metadata?.httpStatusCode === 'number') this.httpStatusCode = given.$metadata.httpStatusCode;
  }
}

/** What stands in a log for an email address. */
export const ADDRESS_HIDDEN = '[address]';

// Anything shaped like an address (local part, @, a dotted domain), whoever it is: a server may quote an alias it resolved.
const ANY_ADDRESS = /[^\s<>()[\]"',;:@]+@[^\s<>()[\]"',;:@]+\.[^\s<>()[\]"',;:@]+/g;

/** The text with the given recipients (as written, display names included) and any other email address replaced. */
function withoutAddresses(addresses: readonly string[]): (text: string) => string {
  const exact = [...addresses].filter((a) => a.trim() !== '').sort((a, b) => b.length - a.length);
  return (text) => exact.reduce((t, address) => t.split(address).join(ADDRESS_HIDDEN), text).replace(ANY_ADDRESS, ADDRESS_HIDDEN);
}
