import { assertMayDecide, type Actor, type CaseDecision } from '../domain/access.js';
import type { Case, CaseEvent, CaseMessage } from '../domain/case.js';
import { pendingReview } from '../domain/closing.js';
import { CaseNotFound, VersionConflict } from '../domain/errors.js';
import type { Province } from '../config/province.js';
import type { NotificationInput } from './notification.js';
import type { CaseStore, CaseWithEvents, Clock, Publisher } from './ports.js';

export interface ChangeDeps {
  store: CaseStore;
  province: Province;
  clock: Clock;
  notify: Publisher<NotificationInput>;
}

/** A staff member, checked against their scope, or a part of the system (`system:router`, the petitioner by email). */
export type ChangingActor = Actor | { system: string };

export const actorId = (actor: ChangingActor) => ('system' in actor ? actor.system : actor.staffId);

/** One change of a case: its next state and event, and what goes with them. */
export interface CaseChange {
  case: Case;
  event: CaseEvent;
  /** A message kept on the case in the same transaction (a decision letter). */
  message?: CaseMessage;
  /** Letters the change sends; ids fixed per change. */
  notices?: readonly (NotificationInput | undefined)[];
  /** Recognises a redelivered change (e.g. an SES event); written in the same transaction. */
  idempotencyKey?: string;
  outcome?: string;
}

/**
 * The one way a case is changed on request: read it, check the actor may
 * take the decision, compute the change (undefined: nothing to do), queue its
 * letters, and store it on condition of the version read. Letters go first:
 * their ids are fixed per change, so a retry sends them once and a crash
 * after storing cannot lose them. A lost race is read again and recomputed
 * (three times at most) — unless the caller named the version it decided on,
 * when the conflict is theirs to see.
 */
export async function changeCase(
  deps: ChangeDeps,
  caseNumber: string,
  actor: ChangingActor,
  decision: CaseDecision,
  change: (found: CaseWithEvents, at: string) => CaseChange | undefined,
  expectedVersion?: number,
): Promise<Case> {
  for (let attempt = 1; ; attempt++) {
    const found = await deps.store.get(caseNumber);
    if (!found) throw new CaseNotFound(caseNumber);
    if (!('system' in actor)) assertMayDecide(actor, decision, found.case, deps.province.tree, pendingReview(found.case)?.jurisdiction);
    if (expectedVersion !== undefined && found.case.version !== expectedVersion) throw new VersionConflict(caseNumber, expectedVersion);
    const next = change(found, deps.clock.now().toISOString());
    if (!next) return found.case;
    const letters = (next.notices ?? []).filter((n): n is NotificationInput => n !== undefined);
    if (letters.length) await deps.notify.publish(letters.map((n) => ({ id: n.id, body: n })));
    try {
      const { notices: _sent, ...stored } = next;
      await deps.store.appendToCase(stored);
      return next.case;
    } catch (error) {
      if (!(error instanceof VersionConflict) || expectedVersion !== undefined || attempt >= 3) throw error;
    }
  }
}
