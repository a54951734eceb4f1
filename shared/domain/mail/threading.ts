import { formatCaseNumber } from '../case-number.js';
import type { ParsedEmail } from './parsed-email.js';

export interface ThreadCandidates {
  /** Message ids this email answers, most direct first: In-Reply-To, then References newest first. */
  messageIds: string[];
  /** Case numbers quoted in the subject, in order of appearance. */
  caseNumbers: string[];
}

/**
 * What an incoming email may be a reply to. Only candidates: the caller looks
 * them up, and accepts a case number only when the sender is that case's
 * petitioner (anyone can type a case number into a subject); a message id we
 * generated is unguessable, so it threads on its own.
 */
export function threadCandidates(email: ParsedEmail): ThreadCandidates {
  const messageIds = [...idsIn(email.inReplyTo ?? ''), ...email.references.toReversed().flatMap(idsIn)];
  const caseNumbers = typedCaseNumbers(email.subject);
  return { messageIds: unique(messageIds), caseNumbers: unique(caseNumbers) };
}

/** Dashes as Chinese input methods type them: hyphens, en and em dashes, minus signs (full-width ones NFKC has folded). */
const DASH = String.raw`[-\u2010-\u2015\u2212\ufe58\ufe63\uff0d]`;
/**
 * A case number as petitioners retype it from our letter: with dashes of any
 * kind and spaces around them (330122 — 2026 — 000042), the sequence without
 * its leading zeros (330122-2026-42), or spaces alone (330122 2026 000042, the
 * sequence then in full). Never within a longer run of digits (an ID-card or
 * phone number).
 */
const TYPED_CASE_NUMBER = new RegExp(
  String.raw`(?<!\d)(\d{6}|\d{9})(?:\s*${DASH}+\s*(20\d{2})\s*${DASH}+\s*(\d{1,9})|[ \t\u3000]+(20\d{2})[ \t\u3000]+(\d{6,9}))(?!\d)`,
  'g',
);

/**
 * The case numbers a subject quotes, written as the system writes them.
 * Petitioners type them with full-width digits and dashes (３３０１２２－２０２６－…),
 * which NFKC folds, and with the spacing and dashes of their input method.
 */
export function typedCaseNumbers(subject: string): string[] {
  return [...subject.normalize('NFKC').matchAll(TYPED_CASE_NUMBER)].map((m) =>
    formatCaseNumber({ jurisdiction: m[1]!, year: Number(m[2] ?? m[4]), sequence: Number(m[3] ?? m[5]) }),
  );
}

/** A header value may hold one bare id or several bracketed ones. */
function idsIn(value: string): string[] {
  const bracketed = [...value.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1]!);
  return bracketed.length > 0 ? bracketed : value.split(/\s+/).filter((id) => id !== '');
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
