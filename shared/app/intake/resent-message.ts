import type { CaseMessage } from '../../domain/case.js';
import type { ParsedEmail } from '../../domain/mail/parsed-email.js';
import { sameFiles, withinResendWindow } from '../../domain/mail/repeat.js';
import { RetryLater, type CaseWithEvents } from '../ports.js';
import { messageText, type IntakeDeps } from './intake-deps.js';

/**
 * Whether a new email only sends again one already put on the case (Send pressed twice, a client's retry with a new
 * Message-ID): a message of the case (those `counts` admits) from the same address, in the same words, within the day,
 * with no files or the very files of that email (sameFiles, read from its stored original) — another photo with the
 * same words is material, added. As a resend of a registration is known (resentOf).
 */
export async function resentOnCase(
  deps: IntakeDeps,
  caseNumber: string,
  email: ParsedEmail,
  receivedAt: string,
  counts: (message: CaseMessage, found: CaseWithEvents) => boolean = () => true,
): Promise<Resend> {
  const from = email.from?.address.toLowerCase();
  if (!from) return { resent: false, guard: () => undefined };
  const found = await deps.store.get(caseNumber);
  if (!found) return { resent: false, guard: () => undefined };
  const text = messageText(email.text);
  const candidate = (m: CaseMessage, on: CaseWithEvents) =>
    m.direction === 'in' && m.from?.toLowerCase() === from && m.text === text && withinResendWindow(m.at, receivedAt) && counts(m, on);
  const seen = new Set<string>();
  for (const m of found.messages) {
    if (!candidate(m, found)) continue;
    seen.add(m.id);
    if (email.attachments.length === 0 && m.attachments.length === 0) return { resent: true };
    if (!m.rawKey) continue;
    // A case's mail is kept as long as the case: a failure to read it is retried, as any read of the intake is.
    const first = await deps.parse((await deps.mail.getRaw(m.rawKey)).body);
    if (sameFiles(first.attachments, email.attachments)) return { resent: true };
  }
  return {
    resent: false,
    // Checked on the case the write decides on (read again after a lost race, the write conditional on its version): a
    // copy with another Message-ID taken at the same moment may have been added since the read above. The email is
    // then taken again later, and the whole check (files too) finds that copy.
    guard: (current) => {
      if (current.messages.some((m) => !seen.has(m.id) && m.id !== email.messageId && candidate(m, current))) {
        throw new RetryLater('a copy of this email with another Message-ID was added to the case meanwhile', 1);
      }
    },
  };
}

/** A resend, or what the write adding the email to the case checks on the case it decides on (throws RetryLater). */
export type Resend = { resent: true } | { resent: false; guard: (current: CaseWithEvents) => void };

/** What the intake answers for such a resend (actOnHeldEmail reads the case from it). */
export const resentToCaseReason = (caseNumber: string) => `the same text as case ${caseNumber}, added to it within the day`;
