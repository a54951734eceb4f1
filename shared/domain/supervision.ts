import { OPEN_STATUSES, type Case, type CaseEvent } from './case.js';
import { runningClock, type RunningClock } from './chase.js';
import { actingJurisdiction } from './closing.js';
import type { JurisdictionTree } from './jurisdiction.js';
import { reportBackOffices } from './report-back.js';
import { isSuspended } from './suspension.js';

/**
 * 上级督办: a matter held at a level below an office and let run past its
 * limits, brought to that office again. 第十九条 no longer bars the office,
 * and what it does is press the level below (督办) — that level finishes the
 * case it holds, answers the petitioner and reports the result up — rather
 * than open a second case with a fresh clock for the same matter.
 */

/**
 * The clocks an office above supervises: handling and the reply — their end
 * is the answer, whose result is reported up. A decision on acceptance or a
 * review overdue below is chased by the sweep's own chain instead.
 */
export type SupervisedClock = 'handling' | 'reply';
export const isSupervisedClock = (clock: RunningClock['clock']): clock is SupervisedClock => clock === 'handling' || clock === 'reply';

/** The running clock of `c` when it is held strictly below `office` and ran out at `at` (a suspended clock has not). */
export function overdueBelow(c: Case, office: string, at: string, tree: Pick<JurisdictionTree, 'isWithin'>): RunningClock | undefined {
  if (!OPEN_STATUSES.has(c.status) || isSuspended(c) || !heldBelow(c, office, tree)) return undefined;
  const running = runningClock(c);
  return running && Date.parse(running.deadline) <= Date.parse(at) ? running : undefined;
}

/** Held strictly below `office`: by a lower level's office (the reviewing level's during a review). */
export function heldBelow(c: Case, office: string, tree: Pick<JurisdictionTree, 'isWithin'>): boolean {
  const holder = actingJurisdiction(c);
  return holder !== office && tree.isWithin(holder, office);
}

/** `by` added to the offices owed the case's result, kept nearest first (a supervising office above an assigning one, or between two). */
export function withSupervisor(c: Case, by: string, tree: Pick<JurisdictionTree, 'ancestors'>): Case {
  const offices = [...new Set([...reportBackOffices(c), by])];
  const depth = (code: string) => tree.ancestors(code).length;
  const [nearest, ...above] = offices.sort((a, b) => depth(b) - depth(a));
  const { reportBackAbove: _a, ...rest } = c;
  // An office that handed the case down stays its assigning office (交办); a new one supervises it.
  const supervisedBy = reportBackOffices(c).includes(by) ? c.supervisedBy : [...new Set([...(c.supervisedBy ?? []), by])];
  return { ...rest, reportBackTo: nearest!, ...(above.length ? { reportBackAbove: above } : {}), ...(supervisedBy?.length ? { supervisedBy } : {}) };
}

/** How an office owed the result stands to the case, as letters say it: it supervises (督办), handed it down (交办), or revoked its answer on 复查 (复查后责令重新办理). */
export function relationOf(c: Pick<Case, 'supervisedBy' | 'redoOrderedBy'>, office: string): '督办' | '交办' | '复查后责令重新办理' {
  // The latest duty first: an office that revoked the answer on 复查 is owed the answer it ordered.
  if (c.redoOrderedBy?.includes(office)) return '复查后责令重新办理';
  return c.supervisedBy?.includes(office) ? '督办' : '交办';
}

/** The 督办 recorded on the case: `by` is owed its result from now on. */
export function supervised(
  current: Case,
  by: string,
  tree: Pick<JurisdictionTree, 'ancestors'>,
  meta: { at: string; actor: string; reason: string; detail: Record<string, unknown> },
): { case: Case; event: CaseEvent } {
  const next: Case = { ...withSupervisor(current, by, tree), version: current.version + 1, updatedAt: meta.at };
  return {
    case: next,
    event: { caseNumber: current.caseNumber, seq: next.version, type: 'supervised', at: meta.at, actor: meta.actor, reason: meta.reason, detail: { by, ...meta.detail } },
  };
}
