import type { ParsedEmail } from '../../domain/mail/parsed-email.js';
import { requestFingerprint } from '../fingerprint.js';
import type { Province } from '../../domain/province.js';
import type { ReplyTagger } from './reply-tag.js';
import type { HeldMailStore } from '../held-mail.js';
import type { LearnedRoutingDeps } from '../routing/learn-routing.js';
import type { Allowances, AuditTrail, CaseLookups, CaseRecords, Clock, EarlierCase, IdempotencyRecords, MailStore, SenderIntakes } from '../ports.js';

/** What the mail intake needs; everything it causes leaves through the outbox of the change that caused it. */
export interface IntakeDeps {
  store: CaseRecords & IdempotencyRecords & CaseLookups & Allowances & SenderIntakes & Pick<AuditTrail, 'appendAudit'>;
  mail: MailStore;
  parse: (raw: Uint8Array) => Promise<ParsedEmail>;
  province: Province;
  clock: Clock;
  /** Routing at registration (routeAtRegistration): whole-word keywords and the offices' learned models, as the router has them. */
  learned: LearnedRoutingDeps;
  /** Proves a reply came back to the case's tagged reply address (issue: a forged From acts for no one). */
  replyTags: ReplyTagger;
  /** 疑似广告 held for the office instead of registered (shared/app/held-mail.ts). */
  held: HeldMailStore;
}

export type IntakeOutcome =
  | {
      outcome: 'registered';
      caseNumber: string;
      flags: { urgent: boolean; collective: boolean; repeatOf?: string; acknowledged: boolean };
      /** The routing decided in the same change (routeAtRegistration); absent when the router still has it to do. */
      routed?: string;
    }
  | { outcome: 'threaded'; caseNumber: string }
  /** 条例 第十九条: the matter is handled below within its limits; the email went on that case, not a new one. */
  | { outcome: 'linked'; caseNumber: string; receivedBy: string }
  | { outcome: 'bounceRecorded'; caseNumber: string }
  | { outcome: 'duplicate'; caseNumber?: string; first: string }
  /** 疑似广告: held for the office (HeldEmail `heldId`), not registered and not answered. */
  | { outcome: 'held'; office: string; heldId: string }
  | { outcome: 'ignored'; reason: string };

/**
 * Who sent an email, and the date they gave it: kept with its Message-ID's idempotency record. A redelivery,
 * or a copy to another office, is the same sender's; another sender's mail under an id already used (a mailer
 * that reuses ids, or one that differs only in letter case) is another petition, never dropped as a duplicate.
 */
export function senderFingerprint(email: ParsedEmail): string {
  return requestFingerprint({ from: email.from?.address.toLowerCase() ?? '', date: email.date ?? '' });
}

/** Plain text kept on a message item; the raw email in S3 keeps everything. */
export const MAX_MESSAGE_TEXT = 100_000;

/** An email's text as kept on its message: a longer one is cut, and says so, pointing staff to the original email. */
export function messageText(text: string): string {
  if (text.length <= MAX_MESSAGE_TEXT) return text;
  return `${text.slice(0, MAX_MESSAGE_TEXT)}\n\n……（来信过长，以下略去${text.length - MAX_MESSAGE_TEXT}字，全文见原邮件）`;
}

/** How many of a petitioner's latest cases a new petition is compared with (repeats, 第十九条). */
export const EARLIER_CASES_CONSIDERED = 20;

/** The latest cases of the petitioner's contacts, newest first; none for a petitioner who gave none. */
export function earlierCasesOfPetitioner(store: CaseLookups, contacts: readonly string[]): Promise<EarlierCase[]> {
  return contacts.length ? store.earlierCasesOf(contacts, EARLIER_CASES_CONSIDERED) : Promise.resolve([]);
}
