import type { Actor } from '../domain/access.js';
import type { CaseMessage } from '../domain/case.js';
import { AttachmentTooLarge, OriginalEmailNotFound } from '../domain/errors.js';
import type { AttachmentDeps } from './read-attachment.js';
import { getCase } from './read-cases.js';
import { originalEmailId } from '../domain/messages.js';

/**
 * The original email (.eml) of an incoming message on a case, for a reader of
 * the case: the same check as reading the case and its attachments, then the
 * raw copy intake kept — all of a long petition, its headers and every part,
 * where the message holds only its text (cut at 100,000 characters).
 */
export async function readOriginalEmail(deps: AttachmentDeps, caseNumber: string, emailId: string, actor: Actor, maxBytes: number): Promise<{ message: CaseMessage; body: Uint8Array }> {
  const found = await getCase(deps, caseNumber, actor);
  const message = found.messages.find((m) => originalEmailId(m) === emailId);
  if (!message?.rawKey) throw new OriginalEmailNotFound(caseNumber, emailId);
  const tooLarge = (size: number) =>
    new AttachmentTooLarge(`original email ${emailId} of case ${caseNumber} is ${size} bytes; at most ${maxBytes} bytes can be downloaded here`, { caseNumber, emailId, size, maxBytes }).inChinese(
      `信访事项 ${caseNumber} 的原邮件大小为 ${size} 字节，此处至多可下载 ${maxBytes} 字节`,
    );
  // A case's email is kept as long as the case (heldByNoCase): its absence is a fault, not a 404.
  const raw = await deps.mail.getRaw(message.rawKey);
  if (raw.body.byteLength > maxBytes) throw tooLarge(raw.body.byteLength);
  return { message, body: raw.body };
}
