import type { Actor } from '../../domain/access.js';
import type { Case } from '../../domain/case.js';
import { decideCooperationObjection, objectToCooperation, pendingCooperationObjections } from '../../domain/cooperation-objection.js';
import { changeCase, type ChangeDeps } from '../change-case.js';
import { letters } from '../outbox.js';
import { cooperationObjectionDecisionNotice, cooperationObjectionNotice } from './notices.js';
import { assertDecidingOffice } from './return-request.js';

/**
 * 协办异议 (条例 第二十三条, shared/domain/cooperation-objection.ts): a
 * cooperating unit objects to being named, and the office that named it is
 * emailed; the office agrees (the unit leaves the case, it and the lead are
 * told) or refuses with reasons (the unit is told, and cooperates). Each step
 * is one change with its letter, conditioned on the version the caller saw.
 */
export function objectToCaseCooperation(deps: ChangeDeps, caseNumber: string, actor: Actor, request: { reason: string; expectedVersion?: number | undefined }): Promise<Case> {
  return changeCase(
    deps,
    caseNumber,
    actor,
    'objectCooperation',
    ({ case: current }, at) => {
      // The access policy let only a cooperating unit's staff this far.
      const objected = objectToCooperation(current, request.reason, { at, actor: actor.staffId, unit: actor.unit! });
      const objection = objected.case.cooperationObjections!.at(-1)!;
      return { ...objected, outbox: letters(cooperationObjectionNotice(deps.province, objected.case, objection)) };
    },
    request.expectedVersion,
  );
}

export function decideCaseCooperationObjection(
  deps: ChangeDeps,
  caseNumber: string,
  actor: Actor,
  request: { unit: string; agree: boolean; reason?: string | undefined; expectedVersion?: number | undefined },
): Promise<Case> {
  return changeCase(
    deps,
    caseNumber,
    actor,
    'decideCooperationObjection',
    ({ case: current }, at) => {
      const waiting = pendingCooperationObjections(current).find((o) => o.unit === request.unit);
      if (waiting) assertDecidingOffice(deps, actor, waiting.decidesBy, (office) => [`the objection of ${request.unit} to cooperating on case ${caseNumber} waits for ${office}, which named it`, `信访事项 ${caseNumber} 的协办异议由确定协办单位的${office}审批`]);
      const decided = decideCooperationObjection(current, request.unit, { agree: request.agree, reason: request.reason ?? '' }, { at, actor: actor.staffId });
      const objection = decided.case.cooperationObjections!.find((o) => o.unit === request.unit && o.at === waiting!.at)!;
      return { ...decided, outbox: letters(cooperationObjectionDecisionNotice(deps.province, decided.case, objection)) };
    },
    request.expectedVersion,
  );
}
