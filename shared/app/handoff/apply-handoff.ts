import type { Case } from '../../domain/case.js';
import { DomainError } from '../../domain/errors.js';
import type { Province } from '../../domain/province.js';
import { commitCaseChange, withLapsedExtensionNotice } from '../change-case.js';
import { letters } from '../outbox.js';
import type { CaseCommit, CaseRecords, Clock, IdempotencyRecords } from '../ports.js';
import type { HandoffCommand } from './commands.js';
import { withAcceptanceNotice, assignmentNotice, cooperationNotice, cooperationPausedNotice, isAccusedUnit, forwardedNotice, forwardNotice, handedAwayNotice, returnNotice, returnRequestDecisionNotice, takenBackNotice, transferNotice, withNotice } from './notices.js';
import { pendingReturnRequest } from '../../domain/objection.js';
import { acceptanceNoticeSent, holderChangedSinceTold } from '../../domain/acceptance-notice.js';
import { planHandoff } from './plan.js';

export interface HandoffDeps {
  store: Pick<CaseRecords, 'get' | 'getCaseRecord' | 'commit'> & Pick<IdempotencyRecords, 'findIdempotencyRecord' | 'recordOutcome'>;
  province: Province;
  clock: Clock;
}

export type HandoffOutcome =
  | { outcome: 'applied'; caseNumber: string; status: Case['status'] }
  | { outcome: 'duplicate'; caseNumber: string }
  | { outcome: 'refused'; caseNumber: string; code: string; reason: string };

/** The idempotency key of a handoff: its command id, written in the transaction of the change it makes. */
const idempotencyKeyOf = (command: HandoffCommand) => `handoff:${command.id}`;

/**
 * Applies one handoff from the queue, exactly once in effect: the command id
 * is the idempotency key, stored in the same transaction as the change and
 * its notices (the outbox). A handoff the case no longer allows (it moved on,
 * a unit was removed) is refused and recorded, not retried.
 */
export async function applyHandoff(deps: HandoffDeps, command: HandoffCommand): Promise<HandoffOutcome> {
  const key = idempotencyKeyOf(command);
  if (await deps.store.findIdempotencyRecord(key)) return { outcome: 'duplicate', caseNumber: command.caseNumber };
  try {
    const applied = await commitCaseChange(deps, command.caseNumber, ({ case: current }, at) => {
      const change = planHandoff(current, command, deps.province, at);
      return withLapsedExtensionNotice(deps.province, current, withHandoffNotices(deps.province, command, { ...change, idempotencyKey: key, outcome: 'applied' }, current, at));
    });
    if (applied.result === 'duplicate') return { outcome: 'duplicate', caseNumber: command.caseNumber };
    return { outcome: 'applied', caseNumber: command.caseNumber, status: applied.case.status };
  } catch (error) {
    if (!(error instanceof DomainError) || error.code === 'VersionConflict') throw error;
    await deps.store.recordOutcome(key, `refused:${error.code}`, deps.clock.now().toISOString());
    return { outcome: 'refused', caseNumber: command.caseNumber, code: error.code, reason: error.message };
  }
}

/** The change with the notices a handoff sends, committed with it; ids derive from the command. */
export function withHandoffNotices(province: Province, command: HandoffCommand, change: CaseCommit, before: Case, at: string): CaseCommit {
  const after = change.case;
  if (command.action === 'return') {
    const unit = before.handling?.lead;
    if (!unit) return change;
    // The office's own return of a case its unit asked to return tells that unit it was approved.
    const approval = pendingReturnRequest(before) ? returnRequestDecisionNotice(province, after, true) : undefined;
    // Returned by the unit, the office is told to decide anew; taken back by the office (收回), the unit is told to stop.
    // As planHandoff records it: a known staff member of no unit took it back.
    const by = province.staff(command.by);
    const byOffice = by !== undefined && !by.unit;
    const told = byOffice ? (approval ? undefined : takenBackNotice(province, after, `handoff:${command.id}`, unit, command.reason)) : returnNotice(province, after, `handoff:${command.id}`, unit, command.reason);
    return {
      ...change,
      outbox: [...(change.outbox ?? []), ...letters(told, approval, cooperationPausedNotice(province, before, after, `handoff:${command.id}:cooperating`))],
    };
  }
  // 转送 of a case not yet accepted: on the triage list of the office it went to, which is told; the petitioner is told where it went.
  if (command.action === 'transfer' && after.status === 'registered') {
    const told = { ...change, outbox: [...(change.outbox ?? []), ...letters(forwardedNotice(province, after, `handoff:${command.id}`, command.byJurisdiction, command.reason))] };
    return withNotice(told, forwardNotice(province, after, `forwarded:${after.caseNumber}:${command.id}`, at, command.byJurisdiction));
  }
  // The units a transfer takes the case from are told where it went, but not the unit that passed it on itself,
  // and never a unit the report accuses (第三十条: it learns nothing of the report, the reason least of all).
  const passedOnBy = province.staff(command.by)?.unit;
  const accused = (unit: string) => isAccusedUnit(province, after, unit);
  const away = command.action === 'transfer' ? unitsOf(before).filter((unit) => !unitsOf(after).includes(unit) && unit !== passedOnBy && !accused(unit)) : [];
  const awayNotices = away.map((unit) => handedAwayNotice(province, after, `handed-away:${after.caseNumber}:${command.id}:${unit}`, unit, command.byJurisdiction, command.reason ?? ''));
  const assigned = {
    ...change,
    outbox: [
      ...(change.outbox ?? []),
      ...letters(assignmentNotice(province, after, `handoff:${command.id}`, command.byJurisdiction), cooperationNotice(province, after, `handoff:${command.id}:cooperating`, command.byJurisdiction), ...awayNotices),
    ],
  };
  // Told of the acceptance before, and the matter now with another unit or office: where it went (转办告知),
  // told by the office that handed it on; the petitioner answers the office now holding it.
  if (holderChangedSinceTold(before, after)) {
    const moved = acceptanceNoticeSent(after, at);
    return withNotice({ ...assigned, case: moved }, transferNotice(province, moved, `transferred:${after.caseNumber}:${command.id}`, at, command.byJurisdiction));
  }
  if (!after.handling || after.acceptanceTold) return assigned;
  // Else the petitioner learns of the acceptance once, with the unit that now handles it (nothing is owed from then on).
  return withAcceptanceNotice(province, assigned, at, command.byJurisdiction);
}

const unitsOf = (c: Case): string[] => (c.handling ? [c.handling.lead, ...c.handling.cooperating] : []);
