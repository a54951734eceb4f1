import type { Case } from '../../domain/case.js';
import { DomainError, VersionConflict } from '../../domain/errors.js';
import type { Province } from '../../config/province.js';
import type { NotificationInput } from '../notification.js';
import type { CaseStore, Clock, Publisher } from '../ports.js';
import type { HandoffCommand } from './commands.js';
import { acceptanceNotice, assignmentNotice, returnNotice } from './notices.js';
import { planHandoff } from './plan.js';

export interface HandoffDeps {
  store: CaseStore;
  province: Province;
  clock: Clock;
  notify: Publisher<NotificationInput>;
}

export type HandoffOutcome =
  | { outcome: 'applied'; caseNumber: string; status: Case['status'] }
  | { outcome: 'duplicate'; caseNumber: string }
  | { outcome: 'refused'; caseNumber: string; code: string; reason: string };

const MAX_ATTEMPTS = 5;

/**
 * Applies one handoff from the queue, exactly once in effect: its id is the
 * idempotency key, written in the same transaction as the change. A handoff
 * the case no longer allows (it moved on, a unit was removed) is refused and
 * recorded, not retried. The receiving unit (or office) is notified.
 */
export async function applyHandoff(deps: HandoffDeps, command: HandoffCommand): Promise<HandoffOutcome> {
  const key = `handoff:${command.id}`;
  const seen = await deps.store.findIdempotencyRecord(key);
  if (seen) {
    if (seen.outcome === 'applied') await notifyAfter(deps, command);
    return { outcome: 'duplicate', caseNumber: command.caseNumber };
  }
  for (let attempt = 1; ; attempt++) {
    const found = await deps.store.get(command.caseNumber);
    const at = deps.clock.now().toISOString();
    if (!found) {
      await deps.store.recordOutcome(key, 'refused:CaseNotFound', at);
      return { outcome: 'refused', caseNumber: command.caseNumber, code: 'CaseNotFound', reason: `no case ${command.caseNumber}` };
    }
    let change;
    try {
      change = planHandoff(found.case, command, deps.province, at);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      await deps.store.recordOutcome(key, `refused:${error.code}`, at);
      return { outcome: 'refused', caseNumber: command.caseNumber, code: error.code, reason: error.message };
    }
    try {
      await deps.store.appendToCase({ ...change, idempotencyKey: key, outcome: 'applied' });
    } catch (error) {
      if (error instanceof VersionConflict && attempt < MAX_ATTEMPTS) continue;
      throw error;
    }
    await notifyAfter(deps, command, change.case, found.case);
    return { outcome: 'applied', caseNumber: command.caseNumber, status: change.case.status };
  }
}

/** The notices a handoff sends; ids derive from the command, so a redelivery sends nothing twice. */
async function notifyAfter(deps: HandoffDeps, command: HandoffCommand, after?: Case, before?: Case): Promise<void> {
  const current = after ?? (await deps.store.get(command.caseNumber))?.case;
  if (!current) return;
  const notices: NotificationInput[] = [];
  if (command.action === 'return') {
    const unit = before?.handling?.lead ?? lastLead(current);
    if (unit) notices.push(returnNotice(deps.province, current, `handoff:${command.id}`, unit, command.reason));
  } else {
    notices.push(assignmentNotice(deps.province, current, `handoff:${command.id}`, command.byJurisdiction));
    // The petitioner learns of the acceptance once, with the unit that now handles it.
    if (current.handling) {
      const accepted = acceptanceNotice(deps.province, current, deps.province.unit(current.handling.lead).name);
      if (accepted) notices.push(accepted);
    }
  }
  if (notices.length) await deps.notify.publish(notices.map((n) => ({ id: n.id, body: n })));
}

function lastLead(c: Case): string | undefined {
  return c.handling?.lead;
}
