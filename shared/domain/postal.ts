import type { Case, CaseEvent, CaseMessage, PostalLetter } from './case.js';
import { chinaDate } from './case-number.js';
import { InvalidInput, InvalidTransition } from './errors.js';

/**
 * Letters that go by post (书面告知): a petitioner who wrote, called or came
 * in person and gave a postal address but no email is told in writing all the
 * same — the acceptance within 15 days (条例 第二十三条), a refusal with its
 * legal route, an extension with its reason, the decision letter. The letter
 * is kept on the case as a message the moment the decision is stored, and
 * listed on the posting office's 待寄送 list until staff mark it posted (寄出),
 * with the day: the day it left is what the petitioner's windows are argued from.
 */

/** What each letter for post is called, as the petitioner and staff know it. */
export const POSTAL_LETTER_NAMES: Readonly<Record<string, string>> = {
  acceptanceNotice: '受理告知书',
  declineNotice: '不予受理告知书',
  redirectNotice: '告知书',
  extensionNotice: '延期办理告知书',
  decisionLetter: '处理意见书',
  reviewReceived: '复查（复核）申请收到告知书',
  suspensionNotice: '中止计算期限告知书',
  resumptionNotice: '恢复计算期限告知书',
};

export const postalLetterName = (kind: string | undefined): string => POSTAL_LETTER_NAMES[kind ?? ''] ?? '书面告知';

/** Who gets a printed letter: not anonymous, no email, a postal address to send it to. */
export function goesByPost(c: Pick<Case, 'petitioner'>): boolean {
  return !c.petitioner.anonymous && !c.petitioner.email && Boolean(c.petitioner.address);
}

/** The case with a letter for post added; a letter already made (the same id) is not made twice. */
export function withPostalLetter(c: Case, message: CaseMessage, from: string): Case {
  if (c.postalLetters?.some((l) => l.id === message.id)) return c;
  const entry: PostalLetter = { id: message.id, kind: message.kind ?? 'notice', subject: message.subject, at: message.at, from };
  return { ...c, postalLetters: [...(c.postalLetters ?? []), entry] };
}

/** The letters printed but not yet marked posted. */
export function lettersToPost(c: Pick<Case, 'postalLetters'>): PostalLetter[] {
  return (c.postalLetters ?? []).filter((l) => !l.postedAt);
}

/**
 * 寄出: staff mark a printed letter posted, with the day it left (China
 * time): today by default, or a day before — a letter posted on Friday may be
 * recorded on Monday — never a day to come, nor one before it was written.
 */
export function markLetterPosted(
  c: Case,
  letterId: string,
  ctx: { at: string; actor: string; postedOn?: string },
): { case: Case; event: CaseEvent; letter: PostalLetter } {
  const letter = c.postalLetters?.find((l) => l.id === letterId);
  if (!letter) throw new InvalidInput(`case ${c.caseNumber} has no letter ${letterId} to post`, [{ path: 'letterId', message: 'no letter for post of this id on the case', kind: 'choice' }]);
  if (letter.postedAt) throw new InvalidTransition('postLetter', c.status, `the letter was marked posted on ${letter.postedOn ?? chinaDate(letter.postedAt)} by ${letter.postedBy ?? 'staff'}`);
  const today = chinaDate(ctx.at);
  const postedOn = ctx.postedOn ?? today;
  if (postedOn > today) throw new InvalidInput(`the day posted (${postedOn}) is after today (${today})`, [{ path: 'postedOn', message: `after today (${today})`, kind: 'rule' }]);
  const written = chinaDate(letter.at);
  if (postedOn < written) throw new InvalidInput(`the day posted (${postedOn}) is before the letter was written (${written})`, [{ path: 'postedOn', message: `before the letter was written (${written})`, kind: 'rule' }]);
  const posted: PostalLetter = { ...letter, postedOn, postedAt: ctx.at, postedBy: ctx.actor };
  const version = c.version + 1;
  return {
    case: { ...c, postalLetters: (c.postalLetters ?? []).map((l) => (l.id === letterId ? posted : l)), version, updatedAt: ctx.at },
    event: {
      caseNumber: c.caseNumber,
      seq: version,
      type: 'letterPosted',
      at: ctx.at,
      actor: ctx.actor,
      detail: { letterId, kind: letter.kind, subject: letter.subject, postedOn },
    },
    letter: posted,
  };
}
