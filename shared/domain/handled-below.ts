import type { Case, CaseStatus } from './case.js';
import { runningClock } from './chase.js';
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
  /** Where it is handled now. */
  jurisdiction: string;
  /** The deadline of its running clock (the last moment). */
  deadline: string;
  suspended: boolean;
}

/** Statuses in which the lower level is still dealing with the matter itself (a review is the level above's). */
const BEING_HANDLED: ReadonlySet<CaseStatus> = new Set(['registered', 'accepted', 'assigned', 'inProgress', 'concluded']);

/**
 * Whether `previous` (the same petitioner's case on the same matter, as the
 * repeat check found it) is being handled below `office`, within its time
 * limits at `receivedAt`. A suspended clock (中止) is within its limits.
 */
export function handledBelow(previous: Case, office: string, receivedAt: string, tree: JurisdictionTree): HandledBelow | undefined {
  if (!BEING_HANDLED.has(previous.status)) return undefined;
  if (previous.jurisdiction === office || !tree.isWithin(previous.jurisdiction, office)) return undefined;
  const running = runningClock(previous);
  if (!running) return undefined;
  const suspended = isSuspended(previous);
  if (!suspended && running.deadline <= receivedAt) return undefined;
  return { caseNumber: previous.caseNumber, jurisdiction: previous.jurisdiction, deadline: running.deadline, suspended };
}
