import * as z from 'zod';

/**
 * The verdicts SES email receiving stamps on every message it stores: the spam
 * and virus scans, and SPF, DKIM and DMARC. Locally nothing is checked; the
 * verdicts are configured (all passing by default) so tests and demos can play
 * a forged or infected message.
 */
export const mailAuthenticationSchema = z.strictObject({
  spf: z.enum(['pass', 'fail', 'none']),
  dkim: z.enum(['pass', 'fail', 'none']),
  dmarc: z.enum(['pass', 'fail', 'none']),
  spam: z.enum(['PASS', 'FAIL', 'GRAY', 'PROCESSING_FAILED']),
  virus: z.enum(['PASS', 'FAIL', 'GRAY', 'PROCESSING_FAILED']),
});
export type MailAuthentication = z.output<typeof mailAuthenticationSchema>;
export const mailAuthenticationPatchSchema = mailAuthenticationSchema.partial();

export const ALL_PASS: MailAuthentication = { spf: 'pass', dkim: 'pass', dmarc: 'pass', spam: 'PASS', virus: 'PASS' };

/** Headers SES adds; a sender's own copies are removed so they cannot be forged. */
const STAMPED = new Set(['x-ses-spam-verdict', 'x-ses-virus-verdict', 'received-spf', 'authentication-results']);

export interface Envelope {
  mailFrom: string;
  clientIp: string;
  helo: string;
}

/**
 * The verdict headers, in SES's order and format (after Return-Path and Received), e.g.
 * `Authentication-Results: amazonses.com; spf=pass (spfCheck: domain of example.com designates
 * 192.0.2.1 as permitted sender) client-ip=192.0.2.1; envelope-from=a@example.com;
 * helo=mail.example.com; dkim=pass header.i=@example.com; dmarc=pass header.from=example.com;`
 */
export function verdictHeaders(verdicts: MailAuthentication, envelope: Envelope, headerFrom: string | undefined): string {
  const mailFromDomain = domainOf(envelope.mailFrom) ?? envelope.helo;
  const fromDomain = domainOf(headerFrom ?? '') ?? mailFromDomain;
  const spfComment = {
    pass: `domain of ${mailFromDomain} designates ${envelope.clientIp} as permitted sender`,
    fail: `domain of ${mailFromDomain} does not designate ${envelope.clientIp} as permitted sender`,
    none: `${envelope.clientIp} is neither permitted nor denied by domain of ${mailFromDomain}`,
  }[verdicts.spf];
  const spf = `${verdicts.spf} (spfCheck: ${spfComment}) client-ip=${envelope.clientIp}; envelope-from=${envelope.mailFrom}; helo=${envelope.helo};`;
  const dkim = verdicts.dkim === 'none' ? 'dkim=none' : `dkim=${verdicts.dkim} header.i=@${fromDomain}`;
  return [
    `X-SES-Spam-Verdict: ${verdicts.spam}`,
    `X-SES-Virus-Verdict: ${verdicts.virus}`,
    `Received-SPF: ${spf}`,
    `Authentication-Results: amazonses.com; spf=${spf} ${dkim}; dmarc=${verdicts.dmarc} header.from=${fromDomain};`,
  ]
    .map((line) => `${line}\r\n`)
    .join('');
}

/**
 * The stored message: SES's own header lines (built knowing the From address) and
 * the sender's message without any header SES stamps. Bytes outside the header block
 * are untouched; header bytes are handled as latin1 so raw 8-bit (GBK) headers survive.
 */
export function stampMessage(raw: Buffer, prefixFor: (headerFrom: string | undefined) => string): Buffer {
  const text = raw.toString('latin1');
  const crlf = text.indexOf('\r\n\r\n');
  const lf = text.indexOf('\n\n');
  const end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf + 2 : lf >= 0 ? lf + 1 : text.length;
  const head = text.slice(0, end);
  // One field per element: a field and its folded continuation lines.
  const fields = head.split(/(?<=\n)(?![ \t])/).filter((f) => f.length > 0);
  const kept = fields.filter((field) => !STAMPED.has(field.slice(0, field.indexOf(':')).trim().toLowerCase()));
  const from = fields.find((f) => /^from\s*:/i.test(f));
  const prefix = prefixFor(from ? addressIn(from.slice(from.indexOf(':') + 1)) : undefined);
  return Buffer.concat([Buffer.from(prefix, 'utf8'), Buffer.from(kept.join(''), 'latin1'), raw.subarray(head.length)]);
}

function addressIn(value: string): string | undefined {
  const unfolded = value.replace(/\r?\n[ \t]+/g, ' ');
  return /<([^<>\s]+@[^<>\s]+)>/.exec(unfolded)?.[1] ?? /([^\s<>"',;:]+@[^\s<>"',;:]+)/.exec(unfolded)?.[1];
}

function domainOf(address: string): string | undefined {
  const at = address.lastIndexOf('@');
  return at >= 0 && at < address.length - 1 ? address.slice(at + 1).toLowerCase() : undefined;
}
