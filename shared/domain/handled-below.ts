import { OPEN_STATUSES, type Case } from './case.js';
import { runningClock, type RunningClock } from './chase.js';
import { actingJurisdiction } from './closing.js';
import type { JurisdictionTree } from './jurisdiction.js';
import { isSuspended } from './suspension.js';

/**
 * 条例 第十九条: a matter already being handled at a lower level, raised again
 * at a higher one while still within its time limits, is not registered as a
 * new case — the petitioner's message goes on the open case and they are
 * told where, and until when, it is handled.
 */
export interface HandledBelow {
  caseNumber: string;
  /** Where it is handled now: the reviewing level's office during a review. */
  jurisdiction: string;
  /**
   * The unit handling it, which answers the petitioner (谁承办谁答复) and was named in their acceptance notice —
   * never one the matter accuses; absent while the office decides acceptance or reviews it.
   */
  unit?: string;
  /** Its running clock (deciding acceptance, handling, a review) and that clock's last moment. */
  clock: RunningClock['clock'];
  deadline: string;
  suspended: boolean;
  /** The petitioner brought the matter to this same office before, which handed it down: no "higher level" was petitioned. */
  handedDownFromHere: boolean;
}

/** What the petitioner is told of a matter handled below (第十九条): the rule quoted, or — they wrote here before, and it was handed down from here — where it went. */
export function handledBelowWords(below: HandledBelow, holder: string, doing: string, until: string): string {
  return below.handedDownFromHere
    ? `您此前向本机关反映过同一事项，已按属地管理、分级负责的原则交由${holder}办理，${holder}正在规定期限内${doing}，${until}。同一事项不另行受理`
    : `正由${holder}在规定期限内${doing}，${until}。依照《信访工作条例》第十九条，信访事项已经受理或者正在办理，在规定期限内向上级机关再提出同一信访事项的，不再另行受理`;
}

/**
 * Whether `previous` (the same petitioner's case on the same matter, as the
 * repeat check found it) is being handled below `office` — decided on,
 * handled, answered, or reviewed there — within its time limits at
 * `receivedAt`. A suspended clock (中止) is within its limits.
 */
export function handledBelow(previous: Case, office: string, receivedAt: string, tree: JurisdictionTree): HandledBelow | undefined {
  if (!OPEN_STATUSES.has(previous.status)) return undefined;
  // A review is handled by the reviewing level: below the office when the office is higher still.
  const holder = actingJurisdiction(previous);
  if (holder === office || !tree.isWithin(holder, office)) return undefined;
  const running = runningClock(previous);
  if (!running) return undefined;
  const suspended = isSuspended(previous);
  if (!suspended && running.deadline <= receivedAt) return undefined;
  const lead = previous.handling?.lead;
  const unit = running.clock === 'handling' && holder === previous.jurisdiction && lead !== undefined && !previous.accusedUnits?.includes(lead) ? lead : undefined;
  return {
    caseNumber: previous.caseNumber,
    jurisdiction: holder,
    ...(unit ? { unit } : {}),
    clock: running.clock,
    deadline: running.deadline,
    suspended,
    handedDownFromHere: previous.receivingOffice === office,
  };
}
