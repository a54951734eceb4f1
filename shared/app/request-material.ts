import { assertMayDecide, type Actor } from '../domain/access.js';
import type { Case } from '../domain/case.js';
import { pendingReview } from '../domain/closing.js';
import { CaseNotFound } from '../domain/errors.js';
import { repeatedMaterialRequest, requestMaterial, type MaterialRequestInput } from '../domain/material-request.js';
import { changeCase, type ChangeDeps } from './change-case.js';
import { materialRequestNotice, withNotice } from './handoff/notices.js';

export interface MaterialRequestCommand extends MaterialRequestInput {
  expectedVersion?: number | undefined;
}

/**
 * 请信访人补充材料: whoever works the case asks the petitioner for what is
 * missing. One change: the request and its `materialRequested` event, and the
 * petitioner's letter — an email in the change's outbox (its id the request's,
 * so a redelivered outbox sends it once), or a letter kept on the case for the
 * office's 待寄送 / 待电话告知 lists. The handling clock runs on.
 *
 * The same request again — the same Idempotency-Key, or without one the same
 * words still unanswered — changes nothing and sends nothing: it
 * answers the case as it is (`repeated`), even when the case moved on since
 * the version the caller saw (its first attempt did that).
 */
export async function requestCaseMaterial(deps: ChangeDeps, caseNumber: string, actor: Actor, command: MaterialRequestCommand): Promise<{ case: Case; repeated: boolean }> {
  const { expectedVersion, ...request } = command;
  // A retry of a request already stored: answered before the version is compared (the first attempt moved it on).
  const found = await deps.store.get(caseNumber);
  if (!found) throw new CaseNotFound(caseNumber);
  assertMayDecide(actor, 'requestMaterial', found.case, deps.province.tree, pendingReview(found.case)?.jurisdiction);
  if (request.requestKey !== undefined && repeatedMaterialRequest(found.case, request)?.requestKey === request.requestKey) return { case: found.case, repeated: true };
  let repeated = false;
  const changed = await changeCase(
    deps,
    caseNumber,
    actor,
    'requestMaterial',
    ({ case: current }, at) => {
      repeated = repeatedMaterialRequest(current, request) !== undefined;
      if (repeated) return undefined;
      const asked = requestMaterial(current, request, { at, actor: actor.staffId });
      return withNotice({ case: asked.case, event: asked.event }, materialRequestNotice(deps.province, asked.case, asked.request, at));
    },
    expectedVersion,
  );
  return { case: changed, repeated };
}
