import { assertMayRead, type Actor } from '../domain/access.js';
import type { Case } from '../domain/case.js';
import { CaseNotFound } from '../domain/errors.js';
import { assertMayStart, repeatedStart, startHandling, type StartInput } from '../domain/start-handling.js';
import { changeCase, type ChangeDeps } from './change-case.js';

export interface StartCommand extends StartInput {
  expectedVersion?: number | undefined;
}

/**
 * 签收 (shared/domain/start-handling.ts): one change — the case in progress
 * and its `started` event. Nobody is written to: the office that handed the
 * case over sees 办理中 on its lists and the case, the petitioner on the
 * tracking page.
 *
 * The same request again (the same Idempotency-Key) answers the case as it
 * is, before the version is compared (its first attempt moved it on);
 * without the key, a second 签收 is refused naming who signed (409).
 */
export async function startCaseHandling(deps: ChangeDeps, caseNumber: string, actor: Actor, command: StartCommand): Promise<{ case: Case; repeated: boolean }> {
  const { expectedVersion, ...input } = command;
  const found = await deps.store.get(caseNumber);
  if (!found) throw new CaseNotFound(caseNumber);
  // Whoever may not see the case is not told it exists (404); the office and a cooperating unit are told who signs (403).
  assertMayRead(actor, found.case, deps.province.tree);
  assertMayStart(actor, found.case, (unit) => deps.province.unit(unit).name);
  if (repeatedStart(found.events, input)) return { case: found.case, repeated: true };
  const changed = await changeCase(
    deps,
    caseNumber,
    actor,
    'start',
    ({ case: current, events }, at) => startHandling(current, events, input, { at, actor: actor.staffId }, (id) => deps.province.staff(id)?.name ?? id),
    expectedVersion,
  );
  return { case: changed, repeated: false };
}
