import type { CaseMessage } from '../../domain/case.js';
import type { ParsedEmail } from '../../domain/mail/parsed-email.js';
import { sameFiles, withinResendWindow } from '../../domain/mail/repeat.js';
import type { CaseWithEvents } from '../ports.js';
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
): Promise<boolean> {
  const from = email.from?.address.toLowerCase();
  if (!from) return false;
  const found = await deps.store.get(caseNumber);
  if (!found) return false;
  const text = messageText(email.text);
  for (const m of found.messages) {
    if (m.direction !== 'in' || m.from?.toLowerCase() !== from || m.text !== text || !withinResendWindow(m.at, receivedAt) || !counts(m, found)) continue;
    if (email.attachments.length === 0 && m.attachments.length === 0) return true;
    if (!m.rawKey) continue;
    // A case's mail is kept as long as the case: a failure to read it is retried, as any read of the intake is.
    const first = await deps.parse((await deps.mail.getRaw(m.rawKey)).body);
    if (sameFiles(first.attachments, email.attachments)) return true;
  }
  return false;
}

/** What the intake answers for such a resend (actOnHeldEmail reads the case from it). */
export const resentToCaseReason = (caseNumber: string) => `the same text as case ${caseNumber}, added to it within the day`;
