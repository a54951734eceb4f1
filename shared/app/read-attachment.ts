import type { Actor } from '../domain/access.js';
import type { AttachmentRef } from '../domain/case.js';
import { AttachmentNotFound, AttachmentTooLarge } from '../domain/errors.js';
import type { MailStore } from './ports.js';
import { getCase, type ReadDeps } from './read-cases.js';
import { withoutHiddenLinks } from './linked-cases.js';

export interface AttachmentDeps extends ReadDeps {
  mail: MailStore;
}

/**
 * An attachment of a case, for a reader of the case: the same check as
 * reading the case (a case the reader may not see is not found, 条例第三十条
 * included), then the bytes as intake stored them. An attachment's id is
 * unique within its case (intake numbers a petition's files 1, 2, …), so the
 * address names neither the message nor its sender.
 *
 * `maxBytes` is what the caller can deliver in one answer: a larger file is
 * refused before it is read.
 */
export async function readAttachment(
  deps: AttachmentDeps,
  caseNumber: string,
  attachmentId: string,
  actor: Actor,
  maxBytes: number,
): Promise<{ attachment: AttachmentRef; body: Uint8Array }> {
  const found = await getCase(deps, caseNumber, actor);
  // Found by the id the reader is shown: a merged repeat's file by its handle to a reader who may not read the repeat
  // (linked-cases.ts), never by the stored id, which names that case — a guess of it is not confirmed.
  const shown = await withoutHiddenLinks(deps, actor, found);
  const files = [...found.case.attachments, ...found.messages.flatMap((m) => m.attachments)];
  const shownFiles = [...shown.case.attachments, ...shown.messages.flatMap((m) => m.attachments)];
  const attachment = files[shownFiles.findIndex((a) => a.id === attachmentId)];
  if (!attachment) throw new AttachmentNotFound(caseNumber, attachmentId);
  const tooLarge = (size: number) =>
    new AttachmentTooLarge(`attachment ${attachmentId} of case ${caseNumber} is ${size} bytes; at most ${maxBytes} bytes can be downloaded here`, {
      caseNumber,
      attachmentId,
      size,
      maxBytes,
    }).inChinese(`信访事项 ${caseNumber} 的附件 ${attachmentId} 大小为 ${size} 字节，此处至多可下载 ${maxBytes} 字节`);
  if (attachment.size > maxBytes) throw tooLarge(attachment.size);
  const { body } = await deps.mail.getRaw(attachment.key);
  // The recorded size is the parser's; the stored object decides.
  if (body.byteLength > maxBytes) throw tooLarge(body.byteLength);
  return { attachment, body };
}
