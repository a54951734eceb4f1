import { assertMayRead, type Actor } from '../../domain/access.js';
import { CaseNotFound, HandoffNotFound } from '../../domain/errors.js';
import { refusalOfCommand } from '../../domain/handoff-refusal.js';
import type { Province } from '../../domain/province.js';
import { ARCHIVED_AS_FILED } from '../change-case.js';
import type { CaseRecords, IdempotencyRecords } from '../ports.js';
import { handoffIdempotencyKey } from './commands.js';

export interface HandoffStatusDeps {
  store: Pick<CaseRecords, 'get'> & Pick<IdempotencyRecords, 'findIdempotencyRecord'>;
  province: Province;
}

/** Where a handoff answered 202 stands: waiting on the handoff queue, applied, or refused with the reason in Chinese. */
export type HandoffStatus =
  | { commandId: string; caseNumber: string; status: 'pending' }
  | { commandId: string; caseNumber: string; status: 'applied' }
  | {
      commandId: string;
      caseNumber: string;
      status: 'refused';
      /** The refusal's code (InvalidTransition, RuleViolation, NotAuthorised…). */
      code: string;
      /** Why, in Chinese, as the case's handoffRefused event says it. */
      reason: string;
      /** When it was refused, and the event that keeps it on the case (absent for an archived case, kept as filed). */
      at?: string;
      seq?: number;
    };

/**
 * A handoff's outcome by its command id, for whoever may read the case (the
 * staff member who asked it, to learn what became of it): its idempotency
 * record says whether the handoff function handled it, and the case's
 * `handoffRefused` event why it refused it. No record yet: pending (still on
 * the queue — or an id never queued: ids are random, so nobody learns
 * anything by guessing). A command of another case answers 404, as does a
 * case the caller may not read.
 */
export async function handoffStatus(deps: HandoffStatusDeps, caseNumber: string, commandId: string, actor: Actor): Promise<HandoffStatus> {
  // The record first: a refusal writes it and its event in one transaction, so a case read after a refused record
  // holds the event. Read the other way round, a refusal landing between the reads answered a reason saying nothing.
  const record = await deps.store.findIdempotencyRecord(handoffIdempotencyKey(commandId));
  const found = await deps.store.get(caseNumber);
  if (!found) throw new CaseNotFound(caseNumber);
  assertMayRead(actor, found.case, deps.province.tree);
  const known = { commandId, caseNumber };
  if (!record) return { ...known, status: 'pending' };
  if (record.caseNumber !== undefined && record.caseNumber !== caseNumber) throw new HandoffNotFound(caseNumber, commandId);
  if (!record.outcome.startsWith('refused:')) return { ...known, status: 'applied' };
  const code = record.outcome.slice('refused:'.length);
  const event = refusalOfCommand(found.events, commandId);
  if (event) return { ...known, status: 'refused', code, reason: event.reason ?? '', at: event.at, seq: event.seq };
  // Refused without an event: the case was archived, kept as filed.
  const reason = found.case.status === 'archived' ? `${ARCHIVED_AS_FILED}，未予办理` : '该信访事项当前情况下不能办理此项移交';
  return { ...known, status: 'refused', code, reason };
}
