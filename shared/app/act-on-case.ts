import { assertMayRead, type Actor } from '../domain/access.js';
import type { Case } from '../domain/case.js';
import { CaseNotFound, VersionConflict } from '../domain/errors.js';
import { applyCommand, type CaseCommand } from '../domain/lifecycle.js';
import type { Province } from '../config/province.js';
import type { CaseStore, Clock } from './ports.js';

export interface ActDeps {
  store: CaseStore;
  province: Province;
  clock: Clock;
}

/**
 * Applies one lifecycle command to a stored case. When the caller read the case
 * at `expectedVersion` and it has moved on since, the change is refused
 * (VersionConflict) rather than applied to a state nobody looked at.
 */
export async function actOnCase(
  deps: ActDeps,
  caseNumber: string,
  command: CaseCommand,
  actor: Actor,
  expectedVersion?: number,
): Promise<Case> {
  const found = await deps.store.get(caseNumber);
  if (!found) throw new CaseNotFound(caseNumber);
  assertMayRead(actor, found.case, deps.province.tree);
  if (expectedVersion !== undefined && found.case.version !== expectedVersion) {
    throw new VersionConflict(caseNumber, expectedVersion);
  }
  const next = applyCommand(found.case, command, { at: deps.clock.now().toISOString(), actor: actor.staffId });
  await deps.store.saveTransition(next.case, next.event);
  return next.case;
}
