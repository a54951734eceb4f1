import { coversJurisdiction, type Actor } from '../../domain/access.js';
import type { Case } from '../../domain/case.js';
import { OutOfScope } from '../../domain/errors.js';
import { objectToHandDown, pendingReturnRequest, refuseReturnRequest, requestReturnApproval } from '../../domain/objection.js';
import { changeCase, type ChangeDeps } from '../change-case.js';
import { letters } from '../outbox.js';
import { handDownObjectionNotice, returnRequestDecisionNotice, returnRequestNotice } from './notices.js';

/**
 * 条例 第二十三条 past the window (shared/domain/objection.ts): the unit asks
 * the office that handed it the case to approve its return; the office
 * approves by returning the case (POST /cases/{n}/return, a handoff) or
 * refuses here with its reasons. Each step is one change with its letter.
 */
export function requestCaseReturn(deps: ChangeDeps, caseNumber: string, actor: Actor, request: { reason: string; expectedVersion?: number | undefined }): Promise<Case> {
  return changeCase(
    deps,
    caseNumber,
    actor,
    'requestReturn',
    ({ case: current }, at) => {
      // The office that decides is reminded after its own (or the province's) working days.
      const approvalBy = current.objectionWindow?.from;
      const reminder = approvalBy ? { workingDays: deps.province.returnRequestReminderWorkingDaysFor(approvalBy), calendar: deps.province.calendar } : undefined;
      const requested = requestReturnApproval(current, request.reason, { at, actor: actor.staffId, ...(reminder ? { reminder } : {}) });
      return { ...requested, outbox: letters(returnRequestNotice(deps.province, requested.case)) };
    },
    request.expectedVersion,
  );
}

/** The office refuses: the unit keeps the case and its deadline, and is told why. Only the office that handed it over (or a level above) decides. */
export function refuseCaseReturn(deps: ChangeDeps, caseNumber: string, actor: Actor, request: { reason: string; expectedVersion?: number | undefined }): Promise<Case> {
  return changeCase(
    deps,
    caseNumber,
    actor,
    'decideReturnRequest',
    ({ case: current }, at) => {
      const waiting = pendingReturnRequest(current);
      if (waiting) assertDecidingOffice(deps, actor, waiting.approvalBy, (office) => [`the return request of case ${caseNumber} waits for ${office}, which handed the case over`, `信访事项 ${caseNumber} 的退回申请由交办该事项的${office}审批`]);
      const refused = refuseReturnRequest(current, request.reason, { at, actor: actor.staffId });
      return { ...refused, outbox: letters(returnRequestDecisionNotice(deps.province, refused.case, false)) };
    },
    request.expectedVersion,
  );
}

/** A request under 第二十三条 is decided by the office that handed the case over, or a level above it: `refusal` says so, in English and Chinese, naming that office. */
export function assertDecidingOffice(deps: ChangeDeps, actor: Actor, office: string, refusal: (officeName: string) => [string, string]): void {
  if (coversJurisdiction(actor, office, deps.province.tree)) return;
  const [message, chinese] = refusal(deps.province.jurisdiction(office).office.name);
  throw new OutOfScope(message).inChinese(chinese);
}

/**
 * 异议退回 (条例 第二十三条): the office a case was handed down to sends it
 * back within its 5 working days, with its reasons; the office above is
 * emailed and finds it on its triage list marked as returned. One change.
 */
export function objectToCaseHandDown(deps: ChangeDeps, caseNumber: string, actor: Actor, request: { reason: string; expectedVersion?: number | undefined }): Promise<Case> {
  return changeCase(
    deps,
    caseNumber,
    actor,
    'objectHandDown',
    ({ case: current }, at) => {
      const receivedAt = current.objectionWindow?.receivedAt ?? at;
      const objected = objectToHandDown(current, request.reason, { at, actor: actor.staffId }, { officeName: (code) => deps.province.jurisdiction(code).office.name, tree: deps.province.tree });
      return { ...objected, outbox: letters(handDownObjectionNotice(deps.province, objected.case, current.jurisdiction, receivedAt, request.reason.trim())) };
    },
    request.expectedVersion,
  );
}
