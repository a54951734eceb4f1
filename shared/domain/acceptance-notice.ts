import { OPEN_STATUSES, type Case, type CaseEvent } from './case.js';
import { recordOnCase } from './messages.js';
import { tellsWithoutEmail } from './postal.js';

/**
 * 受理告知 (条例 第二十二、二十三条): the petitioner is told that the matter is
 * accepted within the acceptance limit (15 days of receipt). The notice names
 * the unit that handles the matter, so a case the office accepts without a
 * unit (受理 alone) tells the petitioner when a unit is assigned (交办, 转送),
 * and `acceptanceNoticeDue` keeps the end of the limit. An office that has
 * named no unit by then, or concludes the matter itself first (自办), tells
 * the petitioner that it handles the matter itself: the limit is the
 * petitioner's, not the office's to stretch.
 */

/** 09:00 China time on a limit's last day, from the midnight that ends it: a letter sent then is still sent within the limit. */
const LAST_MORNING_BEFORE_END_MS = 15 * 3_600_000;

/**
 * The case accepted at `at` with no unit yet: the notice is owed until the
 * morning of the acceptance limit's last day (`limitEnds` is the midnight
 * after it), or at once when that has passed. A case accepted before (a
 * transfer accepts again) was told, or is owed, then.
 */
export function owingAcceptanceNotice(c: Case, wasAccepted: boolean, limitEnds: string | undefined, at: string): Case {
  // Nobody to tell (anonymous, or no address of any kind): nothing is owed, nothing recorded as told.
  if (wasAccepted || c.handling || !canBeTold(c)) return c;
  const lastMorning = limitEnds === undefined ? at : new Date(Date.parse(limitEnds) - LAST_MORNING_BEFORE_END_MS).toISOString();
  return { ...c, acceptanceNoticeDue: lastMorning > at ? lastMorning : at };
}

/**
 * When the office must tell the petitioner itself, the notice still owed and
 * no unit named; undefined otherwise — and while the case is not being worked
 * (withdrawn: nobody tells a petitioner who withdrew that the matter is accepted).
 */
export function acceptanceNoticeDueAt(c: Pick<Case, 'acceptanceNoticeDue' | 'handling' | 'status'>): string | undefined {
  return c.handling || !OPEN_STATUSES.has(c.status) ? undefined : c.acceptanceNoticeDue;
}

/** Who has the matter, as a letter names it: the lead unit, or the office of the case's jurisdiction. */
export const holderOf = (c: Pick<Case, 'handling' | 'jurisdiction'>): string => c.handling?.lead ?? `office:${c.jurisdiction}`;

/** A petitioner a letter reaches: by email, post or phone (shared/domain/postal.ts). */
export const canBeTold = (c: Pick<Case, 'petitioner'>): boolean => (!c.petitioner.anonymous && c.petitioner.email !== undefined) || tellsWithoutEmail(c);

/**
 * The case once a letter naming its holder (the acceptance notice, or a
 * 转办告知) is on its way at `at`: nothing owed any more, and whom the
 * petitioner was told has the matter — a later change of holder is told as a
 * 转办告知, not as a second acceptance. Unchanged when nobody can be told.
 */
export function acceptanceNoticeSent(c: Case, at: string): Case {
  const { acceptanceNoticeDue: _owed, ...rest } = c;
  if (!canBeTold(c)) return rest;
  return { ...rest, acceptanceTold: { at: c.acceptanceTold?.at ?? at, holder: holderOf(c) } };
}

/**
 * Whether a handoff leaves the matter with a holder other than the one the
 * petitioner was told of (a case a unit had before this record was kept was
 * told of that unit): then a 转办告知 is due. Not after a return reassigned to
 * the unit told of, nor before the acceptance was told.
 */
export function holderChangedSinceTold(before: Case, after: Case): boolean {
  const told = before.acceptanceTold?.holder ?? before.handling?.lead;
  return told !== undefined && told !== holderOf(after);
}

/**
 * The sweep at the end of the limit: the office tells the petitioner it
 * handles the matter itself, recorded on the case (the letter, and marking
 * it told, are the caller's: withAcceptanceNotice).
 */
export function tellAcceptanceAtLimit(c: Case, now: string, actor: string): { case: Case; event: CaseEvent } | undefined {
  const due = acceptanceNoticeDueAt(c);
  if (!due || now < due) return undefined;
  return recordOnCase(c, 'noted', { at: now, actor, detail: { acceptanceTold: { dueAt: due, handledBy: c.jurisdiction } } });
}
