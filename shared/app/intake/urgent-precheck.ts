import type { ParsedEmail } from '../../domain/mail/parsed-email.js';
import { DEFAULT_URGENCY_LEXICON, petitionUrgency } from '../../domain/mail/urgency.js';
import { detectCollective } from '../../domain/mail/collective.js';
import type { Province } from '../../domain/province.js';
import type { MailStore } from '../ports.js';

/**
 * The urgency of an email as intake reads it: the words of its subject and
 * text, by the province's lexicon, and a group it speaks for as large as the
 * province's urgent head count (detectCollective, as registration reads it).
 */
export function urgencyOfEmail(
  province: Province,
  email: Pick<ParsedEmail, 'subject' | 'text'>,
  /** The group the text speaks for, when the caller has read it already. */
  collective = detectCollective(email.text.trim(), email.subject),
): { urgent: boolean; matched: string[] } {
  return petitionUrgency(`${email.subject}\n${email.text.trim()}`, collective, urgencyRules(province));
}

/** The province's rules of urgency: its lexicon (or the built-in one) and the collective petition's urgent head count. */
export const urgencyRules = (province: Province) => ({
  lexicon: province.config.mail.urgencyLexicon ?? DEFAULT_URGENCY_LEXICON,
  collectiveHeadCount: province.config.defaults.urgentCollectiveHeadCount,
});

export interface UrgentPrecheckDeps {
  mail: Pick<MailStore, 'getRaw'>;
  parse: (raw: Uint8Array) => Promise<ParsedEmail>;
  province: Province;
  /** Puts a stored email on the urgent intake lane, announced as S3 announces it to the intake queue. */
  urgentLane: { queue(object: { key: string; size: number }): Promise<void> };
}

export type PrecheckOutcome = { key: string; urgent: true; matched: string[] } | { key: string; urgent: false };

/**
 * The pre-check on the receipt path (docs/storage.md "Priority lanes"): reads an email just
 * stored, and if its words make it urgent, puts it on the urgent intake lane as well. Intake
 * registers it from there at once, however long the intake queue; the copy S3 announced to
 * the intake queue finds it registered (same Message-ID) and changes nothing. Decides nothing
 * else: whether the email is a petition, a reply or noise is intake's to judge on either lane.
 * Safe to repeat: a second copy on the lane is a no-op for intake too.
 */
export async function precheckStoredEmail(deps: UrgentPrecheckDeps, key: string): Promise<PrecheckOutcome> {
  const { body } = await deps.mail.getRaw(key);
  return precheckEmail(deps, key, body);
}

/** The same, for a writer that has just stored `body` under `key` itself (the IMAP poller). */
export async function precheckEmail(deps: Omit<UrgentPrecheckDeps, 'mail'>, key: string, body: Uint8Array): Promise<PrecheckOutcome> {
  const urgency = urgencyOfEmail(deps.province, await deps.parse(body));
  if (!urgency.urgent) return { key, urgent: false };
  await deps.urgentLane.queue({ key, size: body.byteLength });
  return { key, urgent: true, matched: urgency.matched };
}
