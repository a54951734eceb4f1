import type { Case, CaseEvent } from './case.js';

/** The queued handoffs (shared/app/handoff/commands.ts) by their action. */
export type HandoffAction = 'assign' | 'transfer' | 'return';

/** What a queued handoff asked for, as its refusal records it. */
export interface RefusedHandoff {
  /** The command id the API answered with its 202. */
  id: string;
  action: HandoffAction;
  /** Who asked: a staff id, or a part of the system (`system:router`). */
  by: string;
  byJurisdiction: string;
  /** When they asked, if the command says (commands queued before it was kept do not). */
  requestedAt?: string | undefined;
  lead?: string | undefined;
  toJurisdiction?: string | undefined;
}

/**
 * The handoff in Chinese as staff name it: 交办, 转办 — 转送 while the case is
 * not yet accepted (it goes to the office whose matter it is) — and 退回.
 */
export function handoffWord(action: HandoffAction, c: Pick<Case, 'status'>): string {
  if (action === 'assign') return '交办';
  if (action === 'transfer') return c.status === 'registered' ? '转送' : '转办';
  return '退回';
}

/**
 * A queued handoff the handoff function did not apply (the case moved on, or
 * whoever asked may no longer decide it): kept on the case as an event of its
 * own — which handoff, asked by whom and when, its command id, and why in
 * Chinese — so the refusal is not only a log line. It changes nothing else:
 * not the status, the handling, the deadlines nor the clocks; the version
 * counts up as for any event, so a change decided on the case as it was is
 * decided again. Never on an archived case: that is kept as it was filed
 * (the caller records the refusal without it).
 */
export function handoffRefusal(c: Case, handoff: RefusedHandoff, refusal: { code: string; chinese: string }, at: string): { case: Case; event: CaseEvent } {
  // Not its updatedAt: a declined or replied case is dated by it (repeat.ts earlierCaseOf), and a refusal redriven days later changes nothing of it.
  const next: Case = { ...c, version: c.version + 1 };
  const event: CaseEvent = {
    caseNumber: c.caseNumber,
    seq: next.version,
    type: 'handoffRefused',
    at,
    actor: handoff.by,
    reason: refusal.chinese,
    detail: {
      commandId: handoff.id,
      action: handoff.action,
      word: handoffWord(handoff.action, c),
      byJurisdiction: handoff.byJurisdiction,
      ...(handoff.requestedAt ? { requestedAt: handoff.requestedAt } : {}),
      ...(handoff.lead ? { lead: handoff.lead } : {}),
      ...(handoff.toJurisdiction ? { toJurisdiction: handoff.toJurisdiction } : {}),
      code: refusal.code,
    },
  };
  return { case: next, event };
}

/** The refusal event of a command on the case's events, if it was refused there. */
export function refusalOfCommand(events: readonly CaseEvent[], commandId: string): CaseEvent | undefined {
  return events.find((e) => e.type === 'handoffRefused' && e.detail?.commandId === commandId);
}
