import { createHash } from 'node:crypto';
import type { AttachmentRef } from '../../domain/case.js';
import { admitAttachments } from '../../domain/mail/attachment-policy.js';
import type { ParsedEmail } from '../../domain/mail/parsed-email.js';
import { neverActedOn, senderVerdicts } from '../../domain/mail/sender-verdicts.js';
import type { IntakeDeps } from './intake-deps.js';
import { storeAttachments } from './register-email.js';

export interface MaterialFiles {
  /** Stored under attachments/<case>/, listed on the message. */
  attachments: AttachmentRef[];
  /** Refused by type, size or count (or a virus scan), as the petitioner is told. */
  refused: { filename: string; reason: string }[];
}

/**
 * The files of an email added to an open case (a reply, a 补充 mail, one linked
 * under 第十九条): judged and stored as a new petition's are (registerEmail).
 * Their ids are derived from the message, so a redelivery that stored them
 * before it could commit overwrites its own files, and never another message's.
 */
export async function storeMaterialFiles(deps: Pick<IntakeDeps, 'mail' | 'province'>, caseNumber: string, email: ParsedEmail, messageId: string): Promise<MaterialFiles> {
  if (email.attachments.length === 0) return { attachments: [], refused: [] };
  // A virus's files are not kept for staff to open (as at registration).
  if (neverActedOn(senderVerdicts(email)) === 'virus') {
    return { attachments: [], refused: email.attachments.map((a) => ({ filename: a.filename, reason: '邮件未通过病毒扫描，附件未予接收' })) };
  }
  const { admitted, refused } = admitAttachments(email.attachments, deps.province.config.mail.attachments);
  const attachments = await storeAttachments(deps, caseNumber, admitted, `${materialFilePrefix(messageId)}-`);
  return { attachments, refused };
}

/** `m` and a digest of the message id: unique within the case, and within the attachment route's id pattern. */
export function materialFilePrefix(messageId: string): string {
  return `m${createHash('sha256').update(messageId).digest('hex').slice(0, 10)}`;
}
