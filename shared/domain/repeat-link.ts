import type { Case, CaseEvent } from './case.js';
import { formatChinaDateTime } from './case-number.js';
import { InvalidInput, InvalidTransition } from './errors.js';

/**
 * 关联为重复件 by hand. Repeats are found by themselves only through the
 * petitioner's email or phone (findRepeatOf): a petitioner known by name and
 * postal address alone — a letter-writer — is never matched, since an address
 * such as 桐庐县 says too little to match on. Staff who recognise the same
 * petitioner on the same matter link the case to the earlier one, and from
 * then on it is a repeat like any other (shared/app/link-repeat.ts).
 *
 * Only while the office has not yet decided the petition — registered, on the
 * triage list or not yet routed: once accepted, declined or handed on, the
 * acceptance it would have decided is taken (条例 第二十二条、第二十三条), and a
 * case is linked to one earlier case only.
 */
export const mayLinkRepeat = (c: Pick<Case, 'status' | 'repeatOf'>): boolean => c.status === 'registered' && c.repeatOf === undefined;

/** The link a request made before: the same earlier case, linked by hand. The same request again answers the case as it is. */
export function linkedBefore(c: Case, events: readonly CaseEvent[], earlier: string): boolean {
  return c.repeatOf === earlier && events.some((e) => e.type === 'repeatLinked' && e.detail?.earlier === earlier);
}

/**
 * The case linked to `earlier` as its repeat (`repeatOf`), the event naming
 * who judged it so and why. Refused: a case already decided or linked (409);
 * the case itself, or one received after it, as the earlier case (400).
 */
export function linkRepeat(c: Case, earlier: Case, request: { note: string }, meta: { at: string; actor: string }): { case: Case; event: CaseEvent } {
  if (c.repeatOf !== undefined) {
    throw new InvalidTransition('linkRepeat', c.status, `case ${c.caseNumber} is already linked as a repeat of ${c.repeatOf}`).inChinese(
      `本件已关联为 ${c.repeatOf} 的重复件，不能再关联其他前案`,
    );
  }
  // Without a reason the lifecycle's own words: 该信访事项当前状态为“已受理”，不能关联为重复件.
  if (!mayLinkRepeat(c)) throw new InvalidTransition('linkRepeat', c.status);
  refuseAsEarlier(c, earlier);
  const version = c.version + 1;
  return {
    case: { ...c, repeatOf: earlier.caseNumber, repeatLinkedBy: meta.actor, version, updatedAt: meta.at },
    event: { caseNumber: c.caseNumber, seq: version, type: 'repeatLinked', at: meta.at, actor: meta.actor, reason: request.note.trim(), detail: { earlier: earlier.caseNumber } },
  };
}

/** Why `earlier` cannot be the case `c` repeats: itself, or a petition that came after it. */
function refuseAsEarlier(c: Case, earlier: Case): void {
  const refuse = (message: string, chinese: string) => new InvalidInput(message, [{ path: 'body.earlier', message, kind: 'rule', chinese }]).inChinese(chinese);
  if (earlier.caseNumber === c.caseNumber) throw refuse('a case cannot be a repeat of itself', '不能将本件关联为自身的重复件');
  const [was, is] = [Date.parse(earlier.receivedAt), Date.parse(c.receivedAt)];
  // Received the same moment: the one registered first is the earlier.
  if (was > is || (was === is && earlier.registeredAt > c.registeredAt)) {
    throw refuse(
      `${earlier.caseNumber} was received after ${c.caseNumber} (${earlier.receivedAt}): a repeat links to an earlier case`,
      `${earlier.caseNumber} 于${formatChinaDateTime(earlier.receivedAt)}收到，晚于本件，不能作为本件的前案`,
    );
  }
}

/** A chain of repeats that would come back to the case itself (an earlier case already linked, through others, to this one). */
export function refuseLoop(c: Case, chain: readonly Case[]): void {
  if (!chain.some((linked) => linked.caseNumber === c.caseNumber)) return;
  const chinese = `${chain[0]!.caseNumber} 已（经其他重复件）关联到本件，不能再将本件关联为它的重复件`;
  throw new InvalidInput(`${chain[0]!.caseNumber} already leads back to ${c.caseNumber}`, [{ path: 'body.earlier', message: 'its repeats lead back to this case', kind: 'rule', chinese }]).inChinese(chinese);
}
