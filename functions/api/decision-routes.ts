import { randomUUID } from 'node:crypto';
import { requestFingerprint } from '../../shared/app/fingerprint.js';
import {
  acceptCase,
  claimCase,
  decideCaseExtension,
  declineCase,
  decideTriage,
  redirectCase,
  requestCaseExtension,
  requestHandoff,
} from '../../shared/app/handoff/decisions.js';
import { objectToCaseHandDown, refuseCaseReturn, requestCaseReturn } from '../../shared/app/handoff/return-request.js';
import { decideCaseCooperationObjection, objectToCaseCooperation } from '../../shared/app/handoff/cooperation-objection.js';
import { assignLeader } from '../../shared/app/leader-ownership.js';
import { linkCaseAsRepeat } from '../../shared/app/link-repeat.js';
import { staffCaseView, type LinkedCaseDeps } from '../../shared/app/linked-cases.js';
import type { Actor } from '../../shared/domain/access.js';
import type { Case } from '../../shared/domain/case.js';
import { json, parseInput, type HttpResult } from '../lib/http.js';
import * as z from 'zod';
import { handoffStatus } from '../../shared/app/handoff/handoff-status.js';
import { requestCaseMaterial } from '../../shared/app/request-material.js';
import { startCaseHandling } from '../../shared/app/start-handling.js';
import { ACTION_ERRORS, caseAnswer, handoffAnswer, handoffStatusSchema, onCase } from './case-route-docs.js';
import { defineRoute, type ApiDeps, type ApiRoute } from './route.js';
import {
  caseNumberParamSchema,
  acceptBodySchema,
  assignBodySchema,
  claimBodySchema,
  declineBodySchema,
  extensionDecisionSchema,
  extensionRequestSchema,
  idempotencyKeySchema,
  leaderBodySchema,
  materialRequestBodySchema,
  redirectBodySchema,
  repeatLinkBodySchema,
  returnBodySchema,
  returnRequestBodySchema,
  cooperationObjectionDecisionBodySchema,
  routeBodySchema,
  startBodySchema,
  transferBodySchema,
} from './schemas.js';

/**
 * What staff decide about a case. Accept, decline, redirect and claim take
 * effect at once (200 with the case); assign, transfer and return are
 * checked at once and then handed over through the handoff queue in order
 * (202 with the command id; the case shows the handoff moments later, or its
 * refusal as a handoffRefused event; GET …/handoffs/{commandId} says which).
 */

/** A handoff's command id: the API's (a UUID) or the system's (`route:…`). */
const handoffParamsSchema = caseNumberParamSchema.extend({
  commandId: z.string().regex(/^[\w:.-]{1,200}$/, 'must be a command id as the 202 answered it'),
});

const decided = async (deps: LinkedCaseDeps, actor: Actor, changed: Promise<Case>): Promise<HttpResult> => json(200, { case: await staffCaseView(deps, actor, await changed) });

/**
 * Checks a handoff and queues it: 202 with the command id. With an Idempotency-Key the id comes from the key (and
 * who sent it), so the same request sent again is the same command: applied once, its repeat answered with the first.
 */
async function handoff(
  deps: ApiDeps,
  actor: Actor,
  caseNumber: string,
  command: Record<string, unknown> & { action: 'assign' | 'transfer' | 'return' },
  key: string | undefined,
): Promise<HttpResult> {
  const keyed = key === undefined ? { id: randomUUID() } : { id: `key-${requestFingerprint({ staffId: actor.staffId, caseNumber, key })}`, fingerprint: requestFingerprint(command) };
  const { commandId } = await requestHandoff(
    deps,
    { ...keyed, caseNumber, by: actor.staffId, byJurisdiction: actor.jurisdiction, ...command } as Parameters<typeof requestHandoff>[1],
    actor,
  );
  return json(202, { commandId, caseNumber, action: command.action }, { location: `/cases/${caseNumber}` });
}

const HANDOFF_KEY = {
  name: 'Idempotency-Key',
  schema: idempotencyKeySchema,
  description:
    'A key of the desk’s choosing (8–128 characters): the same request again with it is the same handoff — answered 202 with the first `commandId`, applied once, even after the case moved on; with another body, 422 (IdempotencyKeyReused) once the first was applied or refused.',
};

export const decisionRoutes: ApiRoute[] = [
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/accept',
    operationId: 'acceptCase',
    summary: '受理: accept the case',
    description: 'The handling clock starts (60 days by default). The petitioner’s acceptance notice (受理告知书) names the unit that handles the matter, so it goes when a unit is assigned (`/assign`, `/transfer` with a lead); until then `acceptanceNoticeDue` says when the sweep sends it in the name of the office that holds the case — 09:00 China time on the last day of the acceptance limit (条例 第二十三条: the petitioner is told within it), or at once when the case is accepted later than that. An office that concludes the matter itself first (自办) sends it with the conclusion. Needs the petitions office (or a leader, or the administrator) of the case’s jurisdiction or above.',
    tags: ['Decisions'],
    ...onCase,
    body: { schema: acceptBodySchema, optional: true },
    responses: [caseAnswer('Accepted.')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params, body }) => {
      const options = body();
      return decided(deps, actor(), acceptCase(deps, params().caseNumber, actor(), options));
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/decline',
    operationId: 'declineCase',
    summary: '不予受理: decline the case',
    description: 'The reason is emailed to the petitioner.',
    tags: ['Decisions'],
    ...onCase,
    body: { schema: declineBodySchema },
    responses: [caseAnswer('Declined.')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params, body }) => {
      const { reason, expectedVersion } = body();
      return decided(deps, actor(), declineCase(deps, params().caseNumber, actor(), reason, expectedVersion ? { expectedVersion } : {}));
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/repeat-of',
    operationId: 'linkRepeat',
    summary: '关联为重复件: link the case to the earlier case it repeats',
    description:
      'For a repeat the intake cannot find by itself — it matches the same petitioner only by email or phone, never by name and postal address (a letter-writer): the staff who recognise the same petitioner on the same matter name the earlier case. The case gets `repeatOf` and a `repeatLinked` event (who, when, `note`; written to the audit trail as `repeat-of`), and in the same change it is treated as the router treats a repeat it found: where the matter stands decides — re-reviewed (final), handled below within its limits, or still open (its words and files then go onto the open case as a 重复件), or answered with a review still open: declined as a 重复件, the petitioner sent the same letter; answered and the review window passed unused: to the triage list, that reason first. Otherwise it stays where it is, linked, for the routing rules or the triage list. Only a case still `registered` (not yet decided, on the triage list or not yet routed) and linked to nothing (409); not the case itself nor one received after it (400 at `earlier`); only the same petitioner’s case by what both record — the same name (trimmed, full-width folded, spaces removed) or a shared email or phone (as the contact index normalises them) — never an anonymous one on either side, nor a relative’s writing under their own name (400 at `earlier`, naming no one); an earlier case the caller may not read is answered as one that does not exist (404 at `earlier`). A case changed while the link was being decided is refused (409), `expectedVersion` given or not: reload and link again. The same request again answers the case as it is, with no second letter. The petitions office, leaders and the administrator of the case’s jurisdiction or above.',
    tags: ['Decisions'],
    ...onCase,
    body: { schema: repeatLinkBodySchema },
    responses: [caseAnswer('Linked, and declined or sent to the triage list where the matter’s standing says so.')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params, body }) => decided(deps, actor(), linkCaseAsRepeat(deps, params().caseNumber, actor(), body())),
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/redirect',
    operationId: 'redirectCase',
    summary: 'Not this office’s matter: tell the petitioner which body to turn to',
    tags: ['Decisions'],
    ...onCase,
    body: { schema: redirectBodySchema },
    responses: [caseAnswer('Redirected.')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params, body }) => {
      const redirect = body();
      const options = redirect.expectedVersion ? { expectedVersion: redirect.expectedVersion } : {};
      return decided(deps, actor(), redirectCase(deps, params().caseNumber, actor(), redirect.body, redirect.reason, options));
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/claim',
    operationId: 'claimCase',
    summary: '首问责任制: the caller owns the case until it is handed over',
    description:
      'The caller becomes the case’s 承办人 (`owner`), the first the 督办 chain writes to; claimed again by its owner, the case is answered as it is, with no second event (`claim` is not in their `allowedActions`). While a unit leads the case, only that unit’s handlers and head; while none has it, the staff of the office holding it (the reviewing office during a review) — not an office above, nor a cooperating unit (403).',
    tags: ['Decisions'],
    ...onCase,
    body: { schema: claimBodySchema, optional: true },
    responses: [caseAnswer('Claimed.')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params, body }) => {
      body();
      return decided(deps, actor(), claimCase(deps, params().caseNumber, actor()));
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/assign',
    operationId: 'assignCase',
    summary: '交办: assign to a lead unit (and cooperating units)',
    description:
      'The unit is emailed the deadline; a superior office’s assignment carries report-back. A report is never handed to the unit it accuses (422). The lead needs staff in the system (a handler or unit head) to conclude the case: a unit with none is refused as lead (422, naming it), though it may cooperate.',
    tags: ['Handoff'],
    ...onCase,
    headers: [HANDOFF_KEY],
    body: { schema: assignBodySchema },
    responses: [handoffAnswer('Checked and queued for handoff (or queued already: the same request again).')],
    errors: ACTION_ERRORS,
    handler: async ({ event, deps, actor, params, body }) => {
      const key = parseInput(idempotencyKeySchema, event.headers['idempotency-key'], 'header Idempotency-Key');
      const command = { action: 'assign' as const, ...body() };
      return handoff(deps, actor(), params().caseNumber, command, key);
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/transfer',
    operationId: 'transferCase',
    summary: '转办: transfer to the competent unit or office, here or in another jurisdiction',
    description:
      'An accepted case (before its conclusion) goes to a unit (`lead`, with `cooperating` units) or, without a lead, to the office of `toJurisdiction`, which assigns it; the units it leaves are told (【转出】). A case not yet accepted is **转送**: it goes, still registered, to the office of `toJurisdiction`, whose matter it is and which decides whether to accept it within its own acceptance limit from the day it receives the case (it lands on that office’s triage list, 待分办, with the reason — not on its router, which could hand it back); no unit may be named (422). That office is told (【转送】, with the day the acceptance must be decided) and the petitioner gets a 转送告知 naming it. A report never goes to an office or unit it accuses (422), and a lead unit with no staff in the system (handler or unit head) is refused (422), as is an office with nobody to take the case up when no unit is named.',
    tags: ['Handoff'],
    ...onCase,
    headers: [HANDOFF_KEY],
    body: { schema: transferBodySchema },
    responses: [handoffAnswer('Checked and queued for handoff (or queued already: the same request again).')],
    errors: ACTION_ERRORS,
    handler: async ({ event, deps, actor, params, body }) => {
      const key = parseInput(idempotencyKeySchema, event.headers['idempotency-key'], 'header Idempotency-Key');
      const command = { action: 'transfer' as const, ...body() };
      return handoff(deps, actor(), params().caseNumber, command, key);
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/return',
    operationId: 'returnCase',
    summary: '退回: the handling unit returns the case to the office that assigned it',
    description:
      'The handling unit within its 5 working days to object (条例第二十三条; after them, 422 naming the office whose approval it needs: see /return-request). The office the case goes back to — the one that handed it to the unit: its petitions office, leaders, administrator — takes it back at any time (收回: the event says `takenBackBy`, and the unit is emailed 【收回】 to stop work on it); an office above transfers it instead, in its own name (422). Its return of a case whose unit asked to return it approves that request (the event says `approvesRequest`, the unit is emailed), as may an office above the one asked.',
    tags: ['Handoff'],
    ...onCase,
    headers: [HANDOFF_KEY],
    body: { schema: returnBodySchema },
    responses: [handoffAnswer('Checked and queued for handoff (or queued already: the same request again).')],
    errors: ACTION_ERRORS,
    handler: async ({ event, deps, actor, params, body }) => {
      const key = parseInput(idempotencyKeySchema, event.headers['idempotency-key'], 'header Idempotency-Key');
      const command = { action: 'return' as const, ...body() };
      return handoff(deps, actor(), params().caseNumber, command, key);
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/start',
    operationId: 'startHandling',
    summary: '签收: the lead unit signs for the case handed to it and starts work (已交办 → 办理中)',
    description:
      'The staff (handler, unitHead) of the unit leading the case, while it is `assigned` (已交办): the case becomes `inProgress` (办理中) with a `started` event — who signed, when, `detail.unit` and the optional `note` — written to the audit trail as `start`. The office that handed it over reads 办理中 on its lists and the case; the petitioner’s tracking page reads 承办单位正在办理 and lists the step. Nobody is emailed. Signing waives nothing: the unit’s 5 working days to object (条例第二十三条: /return, then /return-request) run on, and a unit may conclude a case it never signed for (/conclude starts it). The office, leaders and administrator (who hand the case over, not sign for it) and a cooperating unit (only the lead moves the case’s status) are refused with 403 saying who signs; staff who may not see the case get 404. A case the office handles itself (自办: accepted, no unit) has nothing to sign for (409); nor has a case in any other status (409). Signed for already in this round of handling (since the last 交办, 转办, 退回 or 重新办理): 409 naming who signed and when. With an Idempotency-Key, the same request again answers 200 with the case as it stands, recording nothing, even when the case moved on since `expectedVersion` (another note under the same key: 422 IdempotencyKeyReused).',
    tags: ['Handoff'],
    ...onCase,
    headers: [{ name: 'Idempotency-Key', schema: idempotencyKeySchema, description: 'A key of the form’s choosing (8–128 characters): the same 签收 again with it records nothing more; with another note, 422.' }],
    body: { schema: startBodySchema, optional: true },
    responses: [caseAnswer('Signed for: the case is in progress (or signed already: the same request again).')],
    errors: ACTION_ERRORS,
    handler: async ({ event, deps, actor, params, body }) => {
      const key = parseInput(idempotencyKeySchema, event.headers['idempotency-key'], 'header Idempotency-Key');
      const { note, expectedVersion } = body();
      const started = await startCaseHandling(deps, params().caseNumber, actor(), {
        ...(note ? { note } : {}),
        ...(expectedVersion !== undefined ? { expectedVersion } : {}),
        ...(key !== undefined ? { requestKey: key } : {}),
      });
      return json(200, { case: await staffCaseView(deps, actor(), started.case) });
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/cases/{caseNumber}/handoffs/{commandId}',
    operationId: 'getHandoff',
    summary: 'What became of a handoff answered 202: pending, applied, or refused with the reason',
    description:
      'A 交办, 转办 / 转送, 退回 or 分办 answered 202 is applied by the handoff function moments later — or refused there, when the case moved on meanwhile (another handoff of it came first) or whoever asked may no longer decide it. A refusal changes nothing but the case’s history: a `handoffRefused` event (which handoff, asked by whom and when, the command id, the reason in Chinese), written once. This answers `pending` until the handoff function has handled the command (and for an id never queued), then `applied` or `refused` with `code` and the Chinese `reason`. Whoever may read the case (otherwise 404, as for the case); a command of another case is 404 `HandoffNotFound`. Written to the audit trail as `read:handoffs/{commandId}`.',
    tags: ['Handoff'],
    params: handoffParamsSchema,
    describe: { ...onCase.describe, commandId: 'The `commandId` the 202 answered.' },
    responses: [{ status: 200, description: 'Where the handoff stands.', schema: handoffStatusSchema }],
    errors: [400, 403, 404],
    handler: async ({ deps, actor, params }) => {
      const reader = actor();
      const { caseNumber, commandId } = params();
      return json(200, await handoffStatus(deps, caseNumber, commandId, reader));
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/return-request',
    operationId: 'requestReturn',
    summary: '申请退回: past its window, the handling unit asks the office that handed it the case to approve its return',
    description:
      'Only once the unit’s 5 working days to object have run out (条例第二十三条; within them, 422: return it directly). The handling unit’s handlers and head; one request waits at a time. In one change: the case’s `returnRequest` (status `requested`), a `returnRequested` event, the case on that office’s 待批退回 list (`returnRequests`) and an email to its mailbox with the reasons. The unit works on meanwhile; its deadline does not move. The office approves by returning the case (POST /cases/{caseNumber}/return) or refuses (POST /cases/{caseNumber}/return-request/refusal); one it has not decided after `returnRequestReminderWorkingDays` working days (3 by default) is reminded once by the sweep (`returnRequest.remindAt`, then `remindedAt`). A transfer or a new assignment, or the unit concluding the case, ends the request too.',
    tags: ['Handoff'],
    ...onCase,
    body: { schema: returnRequestBodySchema },
    responses: [caseAnswer('Requested.')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params, body }) => decided(deps, actor(), requestCaseReturn(deps, params().caseNumber, actor(), body())),
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/return-request/refusal',
    operationId: 'refuseReturn',
    summary: 'The office refuses the unit’s return request, with its reasons',
    description:
      'The office that handed the case over, or a level above it (petitions office, leader, administrator; 403 for others). The unit keeps the case and its deadline; its `returnRequest` becomes `refused` with the reasons, a `returnRequestRefused` event is recorded, the case leaves 待批退回, and the unit is emailed the reasons. 409 when no request waits.',
    tags: ['Handoff'],
    ...onCase,
    body: { schema: returnRequestBodySchema },
    responses: [caseAnswer('Refused.')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params, body }) => decided(deps, actor(), refuseCaseReturn(deps, params().caseNumber, actor(), body())),
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/cooperation-objection',
    operationId: 'objectToCooperation',
    summary: '协办异议: a cooperating unit objects to being named (本单位不承担该事项的配合职责), for the office that named it to decide',
    description:
      'Within 5 working days of the handoff that named the unit a cooperating unit (条例第二十三条; the lead’s window, `objectionWindow.until`, opened by the same handoff; a 中止 begun within them holds them open until 恢复); after them, 422 naming the day they ended. The staff (handler, unitHead) of a unit cooperating on the case, while the lead handles it (409 before or after); once per naming (422 the second time). In one change: an entry in the case’s `cooperationObjections` (status `objected`, `decidesBy` the office that named it), a `cooperationObjected` event, and an email (【协办异议】, template `cooperationObjection`) to that office’s mailbox with the reasons. Until the office decides (POST /cases/{caseNumber}/cooperation-objection/decision) the unit still cooperates. `expectedVersion`: the version the caller saw (409 if the case changed since), so a repeated request changes nothing.',
    tags: ['Handoff'],
    ...onCase,
    body: { schema: returnRequestBodySchema },
    responses: [caseAnswer('Objected; waits for the office.')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params, body }) => decided(deps, actor(), objectToCaseCooperation(deps, params().caseNumber, actor(), body())),
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/cooperation-objection/decision',
    operationId: 'decideCooperationObjection',
    summary: 'The office decides a cooperating unit’s objection: agreed, the unit leaves the case; refused with reasons, it cooperates',
    description:
      'The office that named the unit (the one that handed the case over), or a level above it (petitions office, leader, administrator; 403 for others); 409 when no objection of that unit waits — none made, already decided, or answered otherwise: the case concluded or withdrawn, the unit no longer cooperating, or named again by a later handoff (it may object to that naming); `messageZh` says which. Agreed: the unit leaves `handling.cooperating` (and its 协办事项 list), a `cooperationReleased` event records who agreed, when and the unit’s reasons, the lead no longer waits for its 协办意见, and the unit and the lead are emailed. Refused (reasons required, 400 without): a `cooperationObjectionRefused` event with them, and the unit is emailed them; it stays and must cooperate. `expectedVersion` as for the other case commands.',
    tags: ['Handoff'],
    ...onCase,
    body: { schema: cooperationObjectionDecisionBodySchema },
    responses: [caseAnswer('Decided.')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params, body }) => decided(deps, actor(), decideCaseCooperationObjection(deps, params().caseNumber, actor(), body())),
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/hand-down-objection',
    operationId: 'objectToHandDown',
    summary: '异议退回: the petitions office a case was handed down to sends it back to the office above as not its own',
    description:
      'Within 5 working days of the office receiving the case (条例第二十三条, as a unit objects to a 交办): a case an office above handed down to it — by the router (属地管理) or by a 转送 of its staff — and that it has not yet accepted or passed on (`objectionWindow.unit` is `office:<its code>`; `allowedActions` lists `objectHandDown` while it may). The petitions office, leaders and administrator of that office only, not an office above (403). In one change: the case goes back, still `registered`, to the office that handed it down, onto its triage list (待分办) with `triage.returnedBy` and the reasons, its clocks as they were before the hand-down; a `returned` event with `handDownObjected`, and an email (【异议退回】) to that office’s mailbox. After the 5 working days, 422 naming the day they ended: the office above may still take the case back or transfer it.',
    tags: ['Handoff'],
    ...onCase,
    body: { schema: returnRequestBodySchema },
    responses: [caseAnswer('Sent back to the office above.')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params, body }) => decided(deps, actor(), objectToCaseHandDown(deps, params().caseNumber, actor(), body())),
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/extension',
    operationId: 'requestExtension',
    summary: '延期申请: the handling unit asks for more time',
    description: 'Once per case, at most 30 days, no later than 5 working days before the deadline; the leaders are emailed. Asked by whoever handles the case: the lead unit’s staff, or the office holding it (its jurisdiction’s petitions office, leaders, administrator) — not an office above (403).',
    tags: ['Decisions'],
    ...onCase,
    body: { schema: extensionRequestSchema },
    responses: [caseAnswer('Requested.')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params, body }) => {
      const request = body();
      return decided(deps, actor(), requestCaseExtension(deps, params().caseNumber, actor(), request));
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/material-request',
    operationId: 'requestMaterial',
    summary: '请信访人补充材料: whoever works the case asks the petitioner for more material',
    description:
      'While the case is handled (assigned, in progress, or accepted and handled by the office itself): the staff (handler, unitHead) of the lead unit, or — when no unit has it (自办) — the petitions office, leaders and the administrator of its jurisdiction (403 for others, 404 for those who may not see it). `needed` says what is needed, `by` optionally the day (China) to send it by, not before today (400 at `body.by`). The case keeps the request (`materialRequests`: seq, needed, by, requestedBy, requestedAt) with a `materialRequested` event, and the petitioner is told by the way they can be reached, in the same change: by email (template `materialRequestNotice`, the case number, what is needed and by when, and how to send it — reply to the email, the portal with the query code, or at the desk), else a 补充材料告知书 for post (待寄送) or to read out on the phone (待电话告知). An anonymous petitioner, or one who left no email, postal address or telephone number, cannot be asked (422, in Chinese); nor a case not being handled (409). **The handling clock is not stopped** — the regulation suspends a time limit only for a hearing or an appraisal (`/suspend`) — and the letter says so. Material the petitioner sends afterwards (a proven email reply, the portal’s 补充材料, the same petitioner’s repeat merged at the desk) answers the open requests: each gets `answeredAt` and `answeredBy` (the message), and the `messageReceived` event lists them in `answersMaterialRequests`. With an Idempotency-Key, a repeat of the request answers 200 with the case as it stands, sending nothing again, even when the case moved on since `expectedVersion` (another body under the same key: 422 IdempotencyKeyReused); without one, the same words and day while that request is unanswered ask nothing twice either.',
    tags: ['Decisions'],
    ...onCase,
    headers: [{ name: 'Idempotency-Key', schema: idempotencyKeySchema, description: 'A key of the form’s choosing (8–128 characters): the same request again with it asks and sends nothing more; with another body, 422.' }],
    body: { schema: materialRequestBodySchema },
    responses: [caseAnswer('Asked (or asked already: the same request again).')],
    errors: ACTION_ERRORS,
    handler: async ({ event, deps, actor, params, body }) => {
      const key = parseInput(idempotencyKeySchema, event.headers['idempotency-key'], 'header Idempotency-Key');
      const { needed, by, expectedVersion } = body();
      const asked = await requestCaseMaterial(deps, params().caseNumber, actor(), {
        needed,
        ...(by !== undefined ? { by } : {}),
        ...(expectedVersion !== undefined ? { expectedVersion } : {}),
        ...(key !== undefined ? { requestKey: key } : {}),
      });
      return json(200, { case: await staffCaseView(deps, actor(), asked.case) });
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/extension/decision',
    operationId: 'decideExtension',
    summary: 'A leader decides the extension request',
    description: 'Approval moves the handling deadline and tells the petitioner the reason.',
    tags: ['Decisions'],
    ...onCase,
    body: { schema: extensionDecisionSchema },
    responses: [caseAnswer('Decided.')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params, body }) => {
      const decision = body();
      return decided(deps, actor(), decideCaseExtension(deps, params().caseNumber, actor(), decision));
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/route',
    operationId: 'routeCase',
    summary: 'The staff decision for a case in the triage list: accept (if not yet) and assign',
    tags: ['Handoff', 'Decisions'],
    ...onCase,
    body: { schema: routeBodySchema },
    responses: [handoffAnswer('Accepted if it was not, and queued for assignment.')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params, body }) => {
      const { lead, cooperating, category } = body();
      const caseNumber = params().caseNumber;
      const { commandId } = await decideTriage(deps, caseNumber, actor(), { lead, cooperating: cooperating ?? [], ...(category ? { category } : {}), commandId: randomUUID() });
      return json(202, { commandId, caseNumber, action: 'assign' }, { location: `/cases/${caseNumber}` });
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/leader',
    operationId: 'assignLeader',
    summary: '领导包案: designate the leader who personally owns a major or difficult case',
    description:
      'A leader (role leader, not placed in a unit) of the case’s jurisdiction or above — a city leader may own a county’s case — not recused from it. Designated by that leader’s level or one above it (or the leader themself): a county’s office does not put the city’s leaders in charge. A new designation replaces the one before (the event keeps both; the leader replaced is emailed 【包案变更】). In the same change: the case’s `leaderOwnership` (leader, reason, since, by), a `leaderAssigned` event, the case on the leader’s 包案 list (`ownedCases`) and an email telling them; from then on every escalation (督办) of the case is copied to them. The petitions office or a leader of the case’s jurisdiction or above; refused (400, naming `leader`) for someone who is not such a leader, is above the caller’s level, is recused or already owns it, and (409) once archived.',
    tags: ['Decisions'],
    ...onCase,
    body: { schema: leaderBodySchema },
    responses: [caseAnswer('Designated.')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params, body }) => decided(deps, actor(), assignLeader(deps, params().caseNumber, actor(), body())),
  }),
];
