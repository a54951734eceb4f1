import type { Case, CaseEvent, Petitioner } from './case.js';
import { formatChinaDateTime } from './case-number.js';
import { InvalidInput, InvalidTransition } from './errors.js';
import { nameKey } from './name-key.js';
import { contactsOf } from './registration.js';

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
 *
 * And only to a case of the same petitioner by what the two records say
 * (samePetitioner): linking may at once decline the case, tell its
 * petitioner the earlier case's number, who handles it and until when, and
 * copy their words and files into it — none of which may reach another
 * person (a neighbour writing on the same leaking roof), least of all one
 * the earlier case reports (检举、控告: 第三十条).
 */
export const mayLinkRepeat = (c: Pick<Case, 'status' | 'repeatOf'>): boolean => c.status === 'registered' && c.repeatOf === undefined;

/** The link a request made before: the same earlier case, linked by hand. The same request again answers the case as it is. */
export function linkedBefore(c: Case, events: readonly CaseEvent[], earlier: string): boolean {
  return c.repeatOf === earlier && events.some((e) => e.type === 'repeatLinked' && e.detail?.earlier === earlier);
}

/**
 * The case linked to `earlier` as its repeat (`repeatOf`), the event naming
 * who judged it so and why. Refused: a case already decided or linked (409);
 * the case itself, one received after it, or one not of the same petitioner
 * (samePetitioner; either of them anonymous) as the earlier case (400).
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

/**
 * Whether two records name the same petitioner (重复信访 is the same
 * petitioner on the same matter again), by what is recorded and nothing
 * else: the same name, or a shared email or phone. A name is compared
 * trimmed, with full-width forms folded to half-width (NFKC), spaces removed
 * and Latin letters in one case (王秀英 typed with a space or an ideographic
 * space in it, or ＷＡＮＧ in full-width letters, is the same name); email
 * and phone as the contact index and the repeat check (findRepeatOf's
 * candidates) match them (contactsOf). An anonymous petition is no one's:
 * never the same petitioner. A relative or an agent writing for the
 * petitioner under their own name and contacts is another petitioner — their
 * letter is a petition of theirs, not this one's repeat. An address alone is
 * not enough (a neighbour, a family, shares it).
 */
export function samePetitioner(a: Petitioner, b: Petitioner): boolean {
  if (a.anonymous || b.anonymous) return false;
  const [nameA, nameB] = [nameKey(a.name), nameKey(b.name)];
  if (nameA && nameA === nameB) return true;
  const contacts = new Set(contactsOf(a));
  return contactsOf(b).some((contact) => contacts.has(contact));
}


/** Why `earlier` cannot be the case `c` repeats: itself, a petition that came after it, or another petitioner's (or an anonymous one). */
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
  // The caller may read the earlier case, but the refusal names no one: the reason is enough to correct the number.
  if (c.petitioner.anonymous) {
    throw refuse('an anonymous petition cannot be linked as anyone’s repeat', `本件为匿名信访，无法认定与 ${earlier.caseNumber} 为同一信访人，不能关联为重复件`);
  }
  if (earlier.petitioner.anonymous) {
    throw refuse(`${earlier.caseNumber} is anonymous: no petitioner to be the same as`, `${earlier.caseNumber} 为匿名信访，无法认定与本件为同一信访人，不能作为本件的前案`);
  }
  if (!samePetitioner(c.petitioner, earlier.petitioner)) {
    throw refuse(
      `${earlier.caseNumber} is another petitioner's: neither the same name nor a shared email or phone`,
      `${earlier.caseNumber} 的信访人与本件信访人姓名不同，也没有相同的电话或电子邮箱，不是同一信访人，不能作为本件的前案（亲属等代为反映的，不作为重复件关联）`,
    );
  }
}

/** A chain of repeats that would come back to the case itself (an earlier case already linked, through others, to this one). */
export function refuseLoop(c: Case, chain: readonly Case[]): void {
  if (!chain.some((linked) => linked.caseNumber === c.caseNumber)) return;
  const chinese = `${chain[0]!.caseNumber} 已（经其他重复件）关联到本件，不能再将本件关联为它的重复件`;
  throw new InvalidInput(`${chain[0]!.caseNumber} already leads back to ${c.caseNumber}`, [{ path: 'body.earlier', message: 'its repeats lead back to this case', kind: 'rule', chinese }]).inChinese(chinese);
}
