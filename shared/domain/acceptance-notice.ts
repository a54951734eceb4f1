import type { Case, CaseEvent } from './case.js';
import { recordOnCase } from './messages.js';

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
  if (wasAccepted || c.handling) return c;
  const lastMorning = limitEnds === undefined ? at : new Date(Date.parse(limitEnds) - LAST_MORNING_BEFORE_END_MS).toISOString();
  return { ...c, acceptanceNoticeDue: lastMorning > at ? lastMorning : at };
}

/** When the office must tell the petitioner itself, the notice still owed and no unit named; undefined otherwise. */
export function acceptanceNoticeDueAt(c: Pick<Case, 'acceptanceNoticeDue' | 'handling'>): string | undefined {
  return c.handling ? undefined : c.acceptanceNoticeDue;
}

/**
 * The case once its acceptance notice is on its way at `at`: nothing owed any
 * more, and when it was told (a later change of unit or office is then told
 * as a 转办告知, not as a second acceptance).
 */
export function acceptanceNoticeSent(c: Case, at: string): Case {
  const { acceptanceNoticeDue: _owed, ...rest } = c;
  return { ...rest, acceptanceToldAt: c.acceptanceToldAt ?? at };
}

/**
 * The sweep at the end of the limit: the office tells the petitioner it
 * handles the matter itself, recorded on the case (the letter is the caller's).
 */
export function tellAcceptanceAtLimit(c: Case, now: string, actor: string): { case: Case; event: CaseEvent } | undefined {
  const due = acceptanceNoticeDueAt(c);
  if (!due || now < due) return undefined;
  const recorded = recordOnCase(c, 'noted', { at: now, actor, detail: { acceptanceTold: { dueAt: due, handledBy: c.jurisdiction } } });
  return { case: acceptanceNoticeSent(recorded.case, now), event: recorded.event };
}
