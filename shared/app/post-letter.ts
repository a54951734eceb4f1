import type { Actor } from '../domain/access.js';
import type { Case, CaseEvent, PostalLetter } from '../domain/case.js';
import { reviewRequestDeadline } from '../domain/closing.js';
import { markLetterHandedOver, markLetterPhoned, markLetterPosted, markLetterReceived } from '../domain/postal.js';
import { changeCase, type ChangeDeps } from './change-case.js';

/**
 * 寄出: staff mark a printed letter posted (shared/domain/postal.ts). The case
 * records the day with an event, and the letter leaves the office's 待寄送
 * list in the same transaction.
 *
 * A decision letter's review window runs from its receipt (自收到本意见书之日起):
 * a posted one cannot have been received before it left, so the window is
 * counted again from the day it was posted, and the later end kept. The date
 * printed in the letter (counted from the reply) stays the safe one to quote;
 * a request after it but within the recount is not refused as late. The
 * follow-up likewise falls due its days after the posting, not the reply.
 */
export function postCaseLetter(deps: ChangeDeps, caseNumber: string, actor: Actor, request: { letterId: string; postedOn?: string | undefined; expectedVersion?: number | undefined }): Promise<Case> {
  return changeCase(
    deps,
    caseNumber,
    actor,
    'postLetter',
    ({ case: current }, at) => {
      const marked = markLetterPosted(current, request.letterId, { at, actor: actor.staffId, ...(request.postedOn ? { postedOn: request.postedOn } : {}) });
      return offTheList(marked, delivered(deps, marked, marked.letter.postedOn!));
    },
    request.expectedVersion,
  );
}

/**
 * 签收: staff record the day a posted letter reached the petitioner (回执,
 * the post's tracking). A decision letter's review window counts from its
 * receipt: it is counted again from that day and the later end kept, as at
 * posting; the follow-up likewise falls due its days after the receipt.
 */
export function recordCaseLetterReceived(deps: ChangeDeps, caseNumber: string, actor: Actor, request: { letterId: string; receivedOn: string; expectedVersion?: number | undefined }): Promise<Case> {
  return changeCase(
    deps,
    caseNumber,
    actor,
    'postLetter',
    ({ case: current }, at) => {
      const marked = markLetterReceived(current, request.letterId, { at, actor: actor.staffId, receivedOn: request.receivedOn });
      // Off the 待寄送 list since it was posted: nothing to take off again.
      return delivered(deps, marked, request.receivedOn);
    },
    request.expectedVersion,
  );
}

/**
 * 电话告知: staff record the call in which they told a petitioner who left
 * only a telephone number what a letter says (shared/domain/postal.ts). The
 * letter leaves the office's 待电话告知 list in the same transaction; a
 * decision letter's review window and the follow-up count from that day, as
 * from a posted letter's.
 */
export function tellCaseLetterByPhone(
  deps: ChangeDeps,
  caseNumber: string,
  actor: Actor,
  request: { letterId: string; toldOn?: string | undefined; note: string; outcome?: 'told' | 'unreachable' | undefined; expectedVersion?: number | undefined },
): Promise<Case> {
  return changeCase(
    deps,
    caseNumber,
    actor,
    'postLetter',
    ({ case: current }, at) => {
      const unreachable = request.outcome === 'unreachable';
      const marked = markLetterPhoned(current, request.letterId, { at, actor: actor.staffId, note: request.note, unreachable, ...(request.toldOn ? { toldOn: request.toldOn } : {}) });
      // Nobody reached: the letter is kept to collect, and no window counts from a call that told nothing.
      return offTheList(marked, unreachable ? marked : delivered(deps, marked, marked.letter.toldOn!));
    },
    request.expectedVersion,
  );
}

/**
 * 当面送达: staff record that the written letter was handed to the petitioner
 * in person (shared/domain/postal.ts) — a visitor answered at the desk, or
 * one who came for the letter they were told of by phone. A letter still on
 * the 待寄送 / 待电话告知 list leaves it in the same transaction. A decision
 * letter's review window runs from receiving the written reply (条例
 * 第三十五条): it and the follow-up are counted from the day handed over, the
 * later end kept, as from a posted letter's receipt.
 */
export function handCaseLetterOver(
  deps: ChangeDeps,
  caseNumber: string,
  actor: Actor,
  request: { letterId: string; handedOn?: string | undefined; signature: 'signed' | 'refused'; note?: string | undefined; expectedVersion?: number | undefined },
): Promise<Case> {
  return changeCase(
    deps,
    caseNumber,
    actor,
    'postLetter',
    ({ case: current }, at) => {
      const listed = (current.postalLetters ?? []).some((l) => l.id === request.letterId && !l.toldAt);
      const marked = markLetterHandedOver(current, request.letterId, {
        at,
        actor: actor.staffId,
        signature: request.signature,
        ...(request.handedOn ? { handedOn: request.handedOn } : {}),
        ...(request.note ? { note: request.note } : {}),
      });
      const change = delivered(deps, marked, marked.letter.handedOn!);
      // A letter told by phone left its list then: nothing to take off again.
      return listed ? offTheList(marked, change) : change;
    },
    request.expectedVersion,
  );
}

type Marked = { case: Case; event: CaseEvent; letter: PostalLetter };

/** The change (`change`, recording the letter) that also takes its message off the office's list (its index entry removed). */
const offTheList = (marked: Marked, change: { case: Case; event: CaseEvent }) => ({ case: change.case, event: change.event, unlisted: [{ id: marked.letter.id, at: marked.letter.at }] });

/** The change once a letter reached the petitioner on `day`: the follow-up and a decision letter's review window counted from then. */
function delivered(deps: ChangeDeps, marked: Marked, day: string): { case: Case; event: CaseEvent } {
  const letterId = marked.letter.id;
  // Noon of the day, China time: an instant within that day, which counts start after (当日不计).
  const left = new Date(`${day}T12:00:00+08:00`).toISOString();
  const posted = { case: followUpAfterPosting(marked.case, letterId, left, deps.province.config.defaults.followUpAfterDays), event: marked.event };
  const reply = posted.case.reply;
  const recount =
    reply?.letterId === letterId && reply.reviewRequestBy
      ? reviewRequestDeadline(posted.case, posted.case.reviewLevel, {
          at: left,
          settings: deps.province.timeLimitsFor(posted.case.jurisdiction),
          calendar: deps.province.calendar,
        })
      : undefined;
  if (!reply || !recount || !reply.reviewRequestBy || recount <= reply.reviewRequestBy) return posted;
  return {
    ...posted,
    case: { ...posted.case, reply: { ...reply, reviewRequestBy: recount } },
    event: { ...posted.event, detail: { ...posted.event.detail, reviewRequestBy: { from: reply.reviewRequestBy, to: recount } } },
  };
}

/** The follow-up (回访) asks about a reply the petitioner has read: for a posted decision letter, no sooner than its days after posting. */
function followUpAfterPosting(c: Case, letterId: string, left: string, afterDays: number): Case {
  if (c.reply?.letterId !== letterId || !c.followUp || c.followUp.sentAt || c.followUp.answeredAt) return c;
  const dueAt = new Date(Date.parse(left) + afterDays * 86_400_000).toISOString();
  return dueAt > c.followUp.dueAt ? { ...c, followUp: { ...c.followUp, dueAt } } : c;
}
