import { OPEN_STATUSES, type Case } from './case.js';
import { runningClock } from './chase.js';
import { isSuspended } from './suspension.js';

/**
 * 我承办的: the staff member who took the case on (首问责任制, 认领: `owner`)
 * has it on their own list while it is open, soonest due first (a clock that
 * stands still, or none, last). Derived from the case alone, so a change's
 * entry is the difference of this before and after it: claimed by another,
 * handed to another jurisdiction (the owner is dropped), replied or closed,
 * or a deadline moved.
 */
export function handlingOfficialEntry(c: Case): { staffId: string; dueAt: string } | undefined {
  if (!c.owner || !OPEN_STATUSES.has(c.status)) return undefined;
  const due = isSuspended(c) ? undefined : runningClock(c)?.deadline;
  return { staffId: c.owner, dueAt: due ?? '9999' };
}
