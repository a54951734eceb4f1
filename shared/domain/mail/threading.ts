import { findCaseNumbers } from '../case-number.js';
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
  // Petitioners type case numbers with full-width digits and dashes (３３０１２２－２０２６－…); NFKC folds them.
  const caseNumbers = findCaseNumbers(email.subject.normalize('NFKC'));
  return { messageIds: unique(messageIds), caseNumbers: unique(caseNumbers) };
}

/** A header value may hold one bare id or several bracketed ones. */
function idsIn(value: string): string[] {
  const bracketed = [...value.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1]!);
  return bracketed.length > 0 ? bracketed : value.split(/\s+/).filter((id) => id !== '');
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
