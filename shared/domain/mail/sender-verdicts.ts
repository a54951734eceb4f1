import type { ParsedEmail } from './parsed-email.js';

/**
 * What SES's receiving checks said of a message: the spam and virus scans and
 * DMARC. SES puts its own header lines on top of the message; a sender may
 * have written lines of the same names further down, so only the first of
 * each is read — the topmost Authentication-Results, the one the receiving
 * server added, and only when it is `amazonses.com`'s: a sender's own
 * `amazonses.com` line below another server's is not SES's word. Mail that
 * did not come through SES (the IMAP poller's) has no SES header at all: what
 * looks like one was written by the sender (receive-email.ts trusts no DMARC
 * pass of it).
 */
export interface SenderVerdicts {
  dmarc?: string;
  spam?: string;
  virus?: string;
}

export function senderVerdicts(email: Pick<ParsedEmail, 'headers'>): SenderVerdicts {
  const first = (name: string) => email.headers[name]?.split('\n')[0]?.trim();
  const topmost = first('authentication-results');
  const results = topmost && /^amazonses\.com\s*;/i.test(topmost) ? topmost : undefined;
  const dmarc = results ? /\bdmarc=([a-z]+)/i.exec(results)?.[1]?.toLowerCase() : undefined;
  const spam = first('x-ses-spam-verdict')?.toUpperCase();
  const virus = first('x-ses-virus-verdict')?.toUpperCase();
  return { ...(dmarc ? { dmarc } : {}), ...(spam ? { spam } : {}), ...(virus ? { virus } : {}) };
}

/**
 * Why a message is never acted on, whatever it proves: its sender's domain
 * says it did not send it (DMARC fail), or it carries a virus.
 */
export function neverActedOn(verdicts: SenderVerdicts): 'virus' | 'dmarcFail' | undefined {
  if (verdicts.virus === 'FAIL') return 'virus';
  if (verdicts.dmarc === 'fail') return 'dmarcFail';
  return undefined;
}
