import type { Actor } from '../domain/access.js';
import type { Case, Petitioner } from '../domain/case.js';
import { agreeRepresentatives } from '../domain/representatives.js';
import { changeCase, type ChangeDeps } from './change-case.js';

/** 条例 第二十条: the office records the representatives it agreed with the group. */
export function agreeCaseRepresentatives(deps: ChangeDeps, caseNumber: string, actor: Actor, request: { representatives: Petitioner[]; expectedVersion?: number }): Promise<Case> {
  return changeCase(
    deps,
    caseNumber,
    actor,
    'agreeRepresentatives',
    ({ case: current }, at) => agreeRepresentatives(current, request.representatives, { at, actor: actor.staffId }),
    request.expectedVersion,
  );
}
