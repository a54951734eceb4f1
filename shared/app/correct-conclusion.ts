import { assertMayDecide, type Actor } from '../domain/access.js';
import type { Case } from '../domain/case.js';
import { pendingReview } from '../domain/closing.js';
import { correctConclusion, repeatedConclusionCorrection, type ConclusionCorrection } from '../domain/conclusion-correction.js';
import { CaseNotFound } from '../domain/errors.js';
import { changeCase, type ChangeDeps } from './change-case.js';

/**
 * 更正办理结果 (shared/domain/conclusion-correction.ts): one change, its
 * `conclusionCorrected` event keeping what each field was. Nothing is sent:
 * the petitioner has had no letter yet, and 答复 then composes it from the
 * corrected result.
 *
 * The same request again (the same result and reason as the last correction
 * recorded) changes nothing and answers the case as it stands (`repeated`),
 * even when its `expectedVersion` is the one before the first delivery —
 * which moved the case on.
 */
export async function correctCaseConclusion(
  deps: ChangeDeps,
  caseNumber: string,
  actor: Actor,
  command: ConclusionCorrection & { expectedVersion?: number | undefined },
): Promise<{ case: Case; repeated: boolean }> {
  const { expectedVersion, ...request } = command;
  // A retry of a correction already stored: answered before the version is compared.
  const found = await deps.store.get(caseNumber);
  if (!found) throw new CaseNotFound(caseNumber);
  assertMayDecide(actor, 'correctConclusion', found.case, deps.province.tree, pendingReview(found.case)?.jurisdiction);
  if (repeatedConclusionCorrection(found.case, found.events, request)) return { case: found.case, repeated: true };
  let repeated = false;
  const corrected = await changeCase(
    deps,
    caseNumber,
    actor,
    'correctConclusion',
    ({ case: current, events }, at) => {
      repeated = repeatedConclusionCorrection(current, events, request);
      return repeated ? undefined : correctConclusion(current, request, { at, actor: actor.staffId });
    },
    expectedVersion,
  );
  return { case: corrected, repeated };
}
