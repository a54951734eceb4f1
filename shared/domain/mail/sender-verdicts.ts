import type { ParsedEmail } from './parsed-email.js';

/**
 * What SES's receiving checks said of a message: the spam and virus scans and
 * DMARC. SES puts its own header lines on top of the message; a sender may
 * have written lines of the same names further down, so only the first of
 * each (and only an Authentication-Results of `amazonses.com`) is read.
 */
export interface SenderVerdicts {
  dmarc?: string;
  spam?: string;
  virus?: string;
}

export function senderVerdicts(email: Pick<ParsedEmail, 'headers'>): SenderVerdicts {
  const first = (name: string) => email.headers[name]?.split('\n')[0]?.trim();
  const results = (email.headers['authentication-results'] ?? '').split('\n').find((line) => /^\s*amazonses\.com\s*;/i.test(line));
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
