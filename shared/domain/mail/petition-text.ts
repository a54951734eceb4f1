/**
 * What an email's subject and body become on the case: the subject without
 * the prefixes mail clients add (回复: Re: Fw: 转发:), and the body as the
 * matter — in full up to the case's limit, else its beginning and its end,
 * where a petitioner usually puts the request, with what was left out said
 * in the text. The whole body stays on the message and in the raw email.
 */

/** The matter as a case keeps it, at most (in characters, with the note of what was left out). */
export const MAX_MATTER = 20_000;
/** Of a longer body: its beginning and its end. */
const HEAD = 15_000;
const TAIL = 4_000;

/** The matter of an email with no text: nothing for the router to read, so staff look at it (see isBlankMatter). */
export const BLANK_MATTER = '（空白邮件）';
export const ATTACHMENTS_ONLY_MATTER = '（正文为空，见附件）';

export function emailMatter(text: string, hasAttachments: boolean, subject?: string): string {
  const body = text.trim();
  // A petition written in the subject line alone is that petition: read by the router and the repeat check as any other.
  if (!body && subject) return hasAttachments ? `${subject}${ATTACHMENTS_ONLY_MATTER}` : subject;
  if (!body) return hasAttachments ? ATTACHMENTS_ONLY_MATTER : BLANK_MATTER;
  if (body.length <= MAX_MATTER) return body;
  // Counted and cut in characters (code points): an emoji is never split in two, and 略去N字 counts what a reader sees.
  const chars = Array.from(body);
  if (chars.length <= MAX_MATTER) return body;
  const omitted = chars.length - HEAD - TAIL;
  return `${chars.slice(0, HEAD).join('')}\n\n……（来信过长，中间略去${omitted}字，全文见原邮件）……\n\n${chars.slice(-TAIL).join('')}`;
}

/** A matter with no words of the petitioner's: an empty email, or one whose content is only in its attachments. */
export function isBlankMatter(matter: string): boolean {
  const m = matter.trim();
  return m === '' || m === BLANK_MATTER || m === ATTACHMENTS_ONLY_MATTER;
}

/** Reply and forward prefixes, in the forms Chinese and Western clients write them, any number of times. */
const PREFIXES = /^(?:\s*(?:re|fw|fwd|aw|wg|sv|回复|答复|转发|回覆|答覆|轉寄|轉發)\s*(?:\[\d+\])?\s*[:：]\s*)+/i;

/** The case's subject: at most 200 characters, without the clients' prefixes; undefined when nothing is left. */
export function emailSubject(subject: string): string | undefined {
  const bare = subject.replace(PREFIXES, '').trim().slice(0, 200);
  return bare || undefined;
}
