import { OPEN_STATUSES } from '../case.js';
import type { EarlierCase } from './repeat.js';
import { readAsSimplified } from './traditional.js';

/** How long after a case was registered a new mail saying 补充 is taken as material for it, not a new petition. */
export const SUPPLEMENT_WINDOW_DAYS = 7;

/**
 * 补充 / 再补充 / 补充材料 / 追加… at the start of the subject or of the first
 * line: the sender adds to what they wrote. Not 补充养老保险, 补充医疗保险,
 * 补充协议 and the like, which are matters of their own.
 */
const SUPPLEMENT_OPENING = /^[\s【[（(]*(?:再次?|又|继续)?(?:补充|追加)(?!养老|医疗|保险|公积金|住房公积金|协议|耕地)/;

const CASE_NUMBER = /\b\d{6}(?:\d{3})?-\d{4}-\d{6}\b/g;

/** Whether a new mail says it adds to an earlier one (its subject or its opening line). */
export function saysSupplement(subject: string, text: string): boolean {
  const opening = text.trim().split('\n', 1)[0] ?? '';
  // 補充 in a Big5 mail says the same.
  return SUPPLEMENT_OPENING.test(readAsSimplified(subject.trim())) || SUPPLEMENT_OPENING.test(readAsSimplified(opening.trim()));
}

/**
 * The open case a new mail (not a reply) adds material to, as an office
 * would file it: the mail says it is a supplement (saysSupplement), and among
 * the sender's cases registered within `windowDays` before it and still open,
 * it is the one it names, else the only one. Several and none named: nothing
 * (registered as a petition, as before); a staff member can still link them.
 * `earlier` are the sender's cases the receiving office may read.
 */
export function supplementTarget(
  mail: { subject: string; text: string; receivedAt: string },
  earlier: readonly EarlierCase[],
  windowDays = SUPPLEMENT_WINDOW_DAYS,
): string | undefined {
  if (!saysSupplement(mail.subject, mail.text)) return undefined;
  const received = Date.parse(mail.receivedAt);
  const recent = earlier.filter((c) => {
    const registered = Date.parse(c.registeredAt);
    return OPEN_STATUSES.has(c.status) && registered <= received && received - registered <= windowDays * 86_400_000;
  });
  const named = new Set([...`${mail.subject}\n${mail.text}`.matchAll(CASE_NUMBER)].map((m) => m[0]));
  const namedCases = recent.filter((c) => named.has(c.caseNumber));
  if (namedCases.length === 1) return namedCases[0]!.caseNumber;
  return recent.length === 1 && named.size === 0 ? recent[0]!.caseNumber : undefined;
}
