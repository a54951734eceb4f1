import { assertMayDecide, type Actor } from '../../domain/access.js';
import type { Case } from '../../domain/case.js';
import { CaseNotFound, DomainError } from '../../domain/errors.js';
import { handoffRefusal, handoffWord } from '../../domain/handoff-refusal.js';
import type { Province } from '../../domain/province.js';
import { commitCaseChange, withLapsedExtensionNotice } from '../change-case.js';
import { letters } from '../outbox.js';
import type { CaseCommit, CaseRecords, Clock, IdempotencyRecords } from '../ports.js';
import { handoffIdempotencyKey, type HandoffCommand } from './commands.js';
import { withAcceptanceNotice, assignmentNotice, cooperationNotice, cooperationPausedNotice, isAccusedUnit, forwardedNotice, forwardNotice, handedAwayNotice, passedOnNotice, returnNotice, returnRequestDecisionNotice, takenBackNotice, transferNotice, withNotice } from './notices.js';
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
  /** Nothing changed: the case does not allow it (a rule's code), or the staff member who asked may no longer (`NotAuthorised`). */
  | { outcome: 'refused'; caseNumber: string; code: string; reason: string };

/** The idempotency key of a handoff: its command id, written in the transaction of the change it makes (or of its refusal). */
const idempotencyKeyOf = (command: HandoffCommand) => handoffIdempotencyKey(command.id);

/** The code of a handoff refused because whoever asked for it may not take that decision on the case as it is now. */
const NOT_AUTHORISED = 'NotAuthorised';

/**
 * Applies one handoff from the queue, exactly once in effect: the command id
 * is the idempotency key, stored in the same transaction as the change and
 * its notices (the outbox). A handoff the case no longer allows (it moved on,
 * a unit was removed) is refused and recorded, not retried; so is a staff
 * member's handoff they may no longer decide — checked again against the case
 * as it is now and the staff directory, since the command may have waited
 * (behind other handoffs of the case, or in the dead-letter queue) while the
 * case went to another unit, the unit was marked accused, or the staff member
 * was recused or left. A refusal is kept on the case as a `handoffRefused`
 * event (which handoff, asked by whom and when, the command id, why in
 * Chinese) in the same transaction as the idempotency record, so it is written
 * once however often the command is delivered; for a case that no longer
 * exists, or one archived (kept as filed), the record alone is written.
 * A redelivery answers what the first delivery did.
 */
export async function applyHandoff(deps: HandoffDeps, command: HandoffCommand): Promise<HandoffOutcome> {
  const key = idempotencyKeyOf(command);
  const recorded = await deps.store.findIdempotencyRecord(key);
  if (recorded) return answeredBefore(command, recorded.outcome);
  try {
    const actor = handoffActor(deps.province, command);
    const guard = ({ case: current }: { case: Case }) => {
      if ('system' in actor) return;
      try {
        assertMayDecide(actor, command.action, current, deps.province.tree);
      } catch (error) {
        if (error instanceof DomainError) {
          const word = handoffWord(command.action, current);
          throw new NotAuthorised(`staff member ${actor.staffId} may no longer ${command.action} case ${command.caseNumber}: ${error.message}`, `提交后该信访事项已有变化，提交人已无权${word}该事项`);
        }
        throw error;
      }
    };
    const applied = await commitCaseChange(
      deps,
      command.caseNumber,
      ({ case: current }, at) => {
        const change = planHandoff(current, command, deps.province, at);
        return withLapsedExtensionNotice(deps.province, current, withHandoffNotices(deps.province, command, { ...change, idempotencyKey: key, ...fingerprintOf(command), outcome: 'applied' }, current, at));
      },
      { guard, ...(command.expectedVersion !== undefined ? { expectedVersion: command.expectedVersion } : {}) },
    );
    if (applied.result === 'duplicate') return { outcome: 'duplicate', caseNumber: command.caseNumber };
    return { outcome: 'applied', caseNumber: command.caseNumber, status: applied.case.status };
  } catch (error) {
    const refused = refusalOf(error, command);
    if (!refused) throw error;
    const recorded = await recordRefusal(deps, command, refused);
    if (recorded === 'duplicate') return answeredBefore(command, (await deps.store.findIdempotencyRecord(key))?.outcome ?? `refused:${refused.code}`);
    return { outcome: 'refused', caseNumber: command.caseNumber, code: refused.code, reason: refused.reason };
  }
}

/**
 * A refusal kept: the `handoffRefused` event on the case with the command's
 * idempotency record, one transaction (commitCaseChange: a lost race is read
 * and decided again), so a second delivery finds the record and writes no
 * second event. The case as it was otherwise: status, handling, clocks. The
 * record alone for a case that no longer exists, or one archived (kept as
 * filed). `duplicate`: another delivery of the command was recorded first.
 */
async function recordRefusal(deps: HandoffDeps, command: HandoffCommand, refused: Refused): Promise<'recorded' | 'duplicate'> {
  const key = idempotencyKeyOf(command);
  const outcome = `refused:${refused.code}`;
  try {
    const kept = await commitCaseChange(
      deps,
      command.caseNumber,
      ({ case: current }, at) => {
        if (current.status === 'archived') return undefined;
        const handoff = { ...command, lead: 'lead' in command ? command.lead : undefined, toJurisdiction: 'toJurisdiction' in command ? command.toJurisdiction : undefined };
        return { ...handoffRefusal(current, handoff, { code: refused.code, chinese: refused.chinese }, at), idempotencyKey: key, ...fingerprintOf(command), outcome };
      },
      { read: 'record' },
    );
    if (kept.result === 'duplicate') return 'duplicate';
    if (kept.result === 'committed') return 'recorded';
  } catch (error) {
    if (!(error instanceof CaseNotFound)) throw error;
  }
  await deps.store.recordOutcome(key, outcome, deps.clock.now().toISOString(), command.fingerprint);
  return 'recorded';
}

/** A request's fingerprint (sent with an Idempotency-Key), kept with the command's outcome. */
const fingerprintOf = (command: HandoffCommand) => (command.fingerprint ? { idempotencyFingerprint: command.fingerprint } : {});

/** A handoff that may no longer be applied for the staff member who asked for it; `chinese` says so to staff. */
class NotAuthorised extends Error {
  constructor(
    message: string,
    readonly chinese: string,
  ) {
    super(message);
  }
}

/** Why a handoff was refused: the code, the reason for logs (English) and for staff (Chinese). */
interface Refused {
  code: string;
  reason: string;
  chinese: string;
}

/** The refusal an error stands for, recorded and not retried; undefined for what is retried (a lost race, a failure). */
function refusalOf(error: unknown, command: HandoffCommand): Refused | undefined {
  if (error instanceof NotAuthorised) return { code: NOT_AUTHORISED, reason: error.message, chinese: error.chinese };
  // A lost race is retried (a redelivery), unless the command named the version it was decided on: then it is that command's refusal, saying what changed.
  if (error instanceof DomainError && (error.code !== 'VersionConflict' || command.expectedVersion !== undefined)) {
    return { code: error.code, reason: error.message, chinese: error.chinese ?? `该信访事项当前不能${HANDOFF_WORDS[command.action]}（${error.code}）` };
  }
  return undefined;
}

/** The handoffs by name, where the case is not at hand to tell 转送 from 转办. */
const HANDOFF_WORDS: Record<HandoffCommand['action'], string> = { assign: '交办', transfer: '转办', return: '退回' };

/**
 * Who a handoff is applied for: a part of the system (`system:router`; staff
 * ids have no colon), or the staff member who asked, as the staff directory
 * describes them now — their unit, office and roles today, not when they asked.
 */
function handoffActor(province: Province, command: HandoffCommand): Actor | { system: string } {
  if (command.by.startsWith('system:')) return { system: command.by };
  const staff = province.staff(command.by);
  const word = HANDOFF_WORDS[command.action];
  if (!staff) throw new NotAuthorised(`staff member ${command.by} is no longer in the staff directory`, `提交人已不在本系统的工作人员名录中，不能再${word}该事项`);
  // Moved to another office since: the handoff would be recorded in the name of one they no longer work for.
  if (staff.jurisdiction !== command.byJurisdiction) {
    throw new NotAuthorised(
      `staff member ${command.by} works for ${staff.jurisdiction} now, not ${command.byJurisdiction} where they asked for the handoff`,
      `提交人已调离提交时所在的机关，不能再以该机关名义${word}该事项`,
    );
  }
  return { staffId: staff.id, jurisdiction: staff.jurisdiction, roles: staff.roles, ...(staff.unit ? { unit: staff.unit } : {}) };
}

/** What a handoff already handled answers when it is delivered again: refused as it was, else a duplicate of what was applied. */
function answeredBefore(command: HandoffCommand, outcome: string): HandoffOutcome {
  if (!outcome.startsWith('refused:')) return { outcome: 'duplicate', caseNumber: command.caseNumber };
  const code = outcome.slice('refused:'.length);
  return { outcome: 'refused', caseNumber: command.caseNumber, code, reason: `refused when first delivered (${code}); not tried again` };
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
    // A unit's return names the unit of the staff member who returned it (applyHandoff checked it leads the case).
    const told = byOffice ? (approval ? undefined : takenBackNotice(province, after, `handoff:${command.id}`, unit, command.reason)) : returnNotice(province, after, `handoff:${command.id}`, by?.unit ?? unit, command.reason);
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
  // Passed on by the unit itself: the office that handed it the case is told, unless the case came back to that office's own list (told above);
  // the unit it goes to is told who passed it on, and who had handed it out.
  const passedOnByLead = command.action === 'transfer' && passedOnBy !== undefined && before.handling?.lead === passedOnBy ? passedOnBy : undefined;
  const handedOutBy = before.objectionWindow?.from ?? before.assignedBy?.jurisdiction ?? before.jurisdiction;
  const handedTo = assignmentNotice(province, after, `handoff:${command.id}`, command.byJurisdiction, {
    at,
    ...(passedOnByLead && after.handling ? { passedOn: { by: passedOnByLead, from: handedOutBy } } : {}),
  });
  const passedOn = passedOnByLead ? passedOnNotice(province, before, after, `passed-on:${after.caseNumber}:${command.id}`, passedOnByLead, command.reason ?? '') : undefined;
  const assigned = {
    ...change,
    outbox: [
      ...(change.outbox ?? []),
      ...letters(handedTo, cooperationNotice(province, after, `handoff:${command.id}:cooperating`, command.byJurisdiction), ...awayNotices, passedOn && !passedOn.to.some((to) => handedTo.to.includes(to)) ? passedOn : undefined),
    ],
  };
  // Told of the acceptance before, and the matter now with another unit or office: where it went (转办告知),
  // told by the office that handed it on; the petitioner answers the office now holding it.
  if (holderChangedSinceTold(before, after)) {
    const moved = acceptanceNoticeSent(after, at);
    return withNotice({ ...assigned, case: moved }, transferNotice(province, moved, `transferred:${after.caseNumber}:${command.id}`, at, command.byJurisdiction, before.deadlines.handling));
  }
  if (!after.handling || after.acceptanceTold) return assigned;
  // Else the petitioner learns of the acceptance once, with the unit that now handles it (nothing is owed from then on).
  return withAcceptanceNotice(province, assigned, at, command.byJurisdiction);
}

const unitsOf = (c: Case): string[] => (c.handling ? [c.handling.lead, ...c.handling.cooperating] : []);
