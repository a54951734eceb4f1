import { postalLetterName } from '../../shared/domain/postal.js';
import * as z from 'zod';
import {
  answerFollowUp,
  archiveCase,
  closeCase,
  concludeCase,
  decideCaseReview,
  signOffCaseReviewDecision,
  giveCaseOpinion,
  recordCaseSettlement,
  reportCaseImplementation,
  withdrawCase,
  reinstateCase,
  reconsiderCase,
  respondToUrgentCase,
  recuseStaff,
  previewDecisionLetter,
  signOffDecisionLetter,
  replyToPetitioner,
  requestCaseReview,
} from '../../shared/app/closing/closing.js';
import { correctCaseConclusion } from '../../shared/app/correct-conclusion.js';
import { getCase } from '../../shared/app/read-cases.js';
import { correctAccused, markAccusedUnits } from '../../shared/app/accused-record.js';
import { giveCaseBypassNotice } from '../../shared/app/bypass-notice.js';
import { correctCasePetitioner } from '../../shared/app/correct-petitioner.js';
import { issueQueryCodeAtDesk } from '../../shared/app/issue-query-code.js';
import { handCaseLetterOver, postCaseLetter, recordCaseLetterReceived, tellCaseLetterByPhone } from '../../shared/app/post-letter.js';
import { assertMayDecide, type Actor } from '../../shared/domain/access.js';
import { auditWithoutHidden, hiddenCaseNumbers, staffCaseView, wordsWithoutHidden, type LinkedCaseDeps } from '../../shared/app/linked-cases.js';
import { BYPASS_NOTICE_KIND } from '../../shared/domain/bypass-notice.js';
import type { Case } from '../../shared/domain/case.js';
import { CaseNotFound, InvalidInput } from '../../shared/domain/errors.js';
import { html, json, type HttpResult } from '../lib/http.js';
import { AUDIT_QUERY_DESCRIPTIONS, auditAnswerSchema, auditQuerySchema } from './audit-schemas.js';
import { ACTION_ERRORS, caseAnswer, onCase } from './case-route-docs.js';
import { printable } from './pages.js';
import { defineRoute, type ApiRoute } from './route.js';
import { bypassNoticeBodySchema, conclusionCorrectionBodySchema, signOffBodySchema, replyBodySchema, petitionerCorrectionBodySchema, queryCodeBodySchema, concludeBodySchema, followUpBodySchema, letterHandedOverBodySchema, letterPhonedBodySchema, letterPostedBodySchema,
  letterReceivedBodySchema, recusalBodySchema, accusedUnitsBodySchema, accusedCorrectionBodySchema, reviewDecisionBodySchema, reviewRequestBodySchema, settlementBodySchema, urgentResponseBodySchema, cooperationOpinionBodySchema, withdrawalBodySchema, reinstatementBodySchema, reconsiderationBodySchema, implementationReportBodySchema } from './schemas.js';

/**
 * The end of a case, for staff: conclude, reply (the decision letter), review
 * and re-review, follow-up, close, archive; recusal and the audit trail. Each
 * action answers with the case as it now stands. The petitioner's side of the
 * follow-up is in follow-up-routes.ts.
 */

const queryCodeAnswerSchema = z.object({
  caseNumber: z.string(),
  queryCode: z.string().describe('The code as printed: three groups of four characters (K7QM-2WXD-9RBT).'),
  issuedAt: z.string().describe('ISO 8601 instant.'),
  version: z.int().positive().describe('The case’s version after the issue.'),
  trackingUrl: z.string().describe('The portal’s tracking page, where the petitioner types the case number and the code.'),
  postTo: z.object({ name: z.string(), address: z.string() }).optional().describe('With `via: post`: whom and where to post the slip to, as the case has them (信访人 for a petitioner who left no name).'),
});

const decisionLetterDraftSchema = z.object({
  caseNumber: z.string(),
  version: z.int().positive().describe('The case’s version the letter was composed from: send it as `expectedVersion` with 答复.'),
  composedAt: z.string().describe('ISO 8601 instant: the letter is dated, and its review deadline counted, from it — 答复 on a later day dates it that day.'),
  subject: z.string(),
  text: z.string().describe('The letter’s text, exactly as the petitioner will get it (the email’s body, or the printed page’s).'),
  delivery: z.enum(['email', 'post', 'phone', 'none']).describe('How 答复 would send it: email; post (待寄送); phone (待电话告知, read out); none (no way to reach the petitioner, kept on the case).'),
  to: z
    .union([z.object({ email: z.string() }), z.object({ name: z.string(), address: z.string() }), z.object({ phone: z.string() })])
    .optional()
    .describe('Where it goes: the email address, the name and postal address for the envelope, or the number to call.'),
  postFrom: z.string().optional().describe('For post or phone: the jurisdiction whose office posts the letter or makes the call.'),
});

const changed = async (deps: LinkedCaseDeps, actor: Actor, result: Promise<Case>): Promise<HttpResult> => json(200, { case: await staffCaseView(deps, actor, await result) });

export const closingRoutes: ApiRoute[] = [
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/conclude',
    operationId: 'concludeCase',
    summary: '办结: the handling unit (or the office, for a case no unit has: 自办) records facts, basis and decision',
    description:
      'The lead unit concludes; its cooperating units’ opinions (`cooperationOpinions`) are meant to be in by then (汇总配合单位的意见), but a unit that never answers does not hold up the answer: the `concluded` event names those it concluded without (`withoutOpinionsOf`), and the cooperating units are told it is concluded. A 延期 request still waiting lapses (`extensionRequestLapsed`). A case no unit has is concluded by the petitions office or a leader of the office holding it (its jurisdiction), never by a level above or the administrator: that would decide in the holder’s name and take a 复查 level from the petitioner — an office above that would decide takes the case up first (`/transfer` to its own jurisdiction, 提级), and is refused (403) with that said.',
    tags: ['Closing'],
    ...onCase,
    body: { schema: concludeBodySchema },
    responses: [caseAnswer('Concluded.')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params, body }) => {
      const caseNumber = params().caseNumber;
      return changed(deps, actor(), concludeCase(deps, caseNumber, actor(), body()));
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/reply',
    operationId: 'replyToPetitioner',
    summary: '答复: the decision letter to the petitioner',
    description:
      'Kept on the case and emailed; without an email it is to be printed and posted (GET /cases/{caseNumber}/decision-letter), or, to a petitioner who left only a telephone number, told by phone and the call recorded (POST /cases/{caseNumber}/letters/phoned). The letter is the one GET /cases/{caseNumber}/decision-letter/draft shows (审核签发: read it over first; a mistake in the result is corrected with POST /cases/{caseNumber}/conclusion-correction, not sent). The unit that concluded replies; a case no unit has, the petitions office or a leader of the office holding it, not a level above (403). No body needed; `expectedVersion`, the draft’s `version`, makes sure the letter sent is the one read over: a case corrected since is refused (409).',
    tags: ['Closing'],
    ...onCase,
    body: { schema: replyBodySchema, optional: true },
    responses: [caseAnswer('Replied.')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params, body }) => {
      const caseNumber = params().caseNumber;
      return changed(deps, actor(), replyToPetitioner(deps, caseNumber, actor(), body()?.expectedVersion));
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/cases/{caseNumber}/decision-letter/draft',
    operationId: 'previewDecisionLetter',
    summary: '预览处理意见书: the decision letter as 答复 would send it now (审核签发)',
    description:
      'For a concluded case not yet replied: the 信访处理意见书 composed from the recorded result by the same composer as POST /cases/{caseNumber}/reply, dated now — the text the petitioner will get, and how (`delivery`: email to `to.email`; post to `to.name` at `to.address`, from the office `postFrom` (待寄送); read out by phone at `to.phone` (待电话告知); `none` for a petitioner who cannot be reached). Nothing is changed or sent; the read is on the audit trail (`read:decision-letter/draft`). Whoever may reply (the concluding unit’s handler or head; for a case no unit has, the petitions office or a leader of the office holding it): 403 for others who see the case, 404 for those who may not. 409 before the conclusion and once replied (the letter sent is then under GET /cases/{caseNumber}/decision-letter). `version` is the case’s: 答复 with it as `expectedVersion` is refused if the result was corrected meanwhile. A case number the caller may not read reads 另案 here, as in a reason; the letter sent names only the petitioner’s own cases (a number of another, such as a report against them, reads 另案 in it).',
    tags: ['Closing'],
    ...onCase,
    responses: [{ status: 200, description: 'The letter as it would be sent now.', schema: decisionLetterDraftSchema }],
    errors: [400, 403, 404, 409],
    handler: async ({ deps, actor, params }) => {
      const reader = actor();
      const draft = await previewDecisionLetter(deps, params().caseNumber, reader);
      // A number of a case the reader may not read is not shown in the draft either (linked-cases.ts).
      return json(200, { ...draft, ...(await wordsWithoutHidden(deps, reader, draft.caseNumber, { subject: draft.subject, text: draft.text })) });
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/decision-letter/sign-off',
    operationId: 'signOffDecisionLetter',
    summary: '签发处理意见书: approve the decision letter before the reply, where the office requires it',
    description:
      'Where the office holding the case requires it (jurisdiction setting `replySignOff`: `unitHead` or `leader`; `none` by default), a case concluded is 待签发 (`result.signOff` without `at`) and 答复 is refused (409) until the letter GET /cases/{caseNumber}/decision-letter/draft shows is approved: by the head of the unit that concluded (`unitHead`; a case no unit had: a leader of the office) or a leader of the office holding the case (`leader`), never the one who concluded it nor the one who corrected the result last (`result.correctedBy`) (403). Where nobody the rule names is left but them (the unit’s only head concluded it; an office with no other leader, or none, as a township), a leader of the office holding the case signs off, else one of the nearest office above (the event’s `detail.fallback`). The rule in force when the case was concluded applies. A `replySignedOff` event records who and when; a later 更正办理结果 voids the approval (`detail.signOffVoided`), and the corrected letter is signed off again. While it waits the case is on the approvers’ 待签发 list (`awaitingSignOff`), and they are emailed once (【待签发】, template `signOffRequest`) when it starts to wait — concluded, or corrected after an approval — and GET /cases/{caseNumber} says whom it waits for (`signOffAwaits`). `expectedVersion`, the draft’s `version`: a case corrected since is refused (409). Refused (409) when nothing awaits a sign-off.',
    tags: ['Closing'],
    ...onCase,
    body: { schema: signOffBodySchema, optional: true },
    responses: [caseAnswer('Signed off: the letter may be sent (答复).')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params, body }) => changed(deps, actor(), signOffDecisionLetter(deps, params().caseNumber, actor(), body()?.expectedVersion)),
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/conclusion-correction',
    operationId: 'correctConclusion',
    summary: '更正办理结果: correct the recorded facts, basis, decision or outcome before the reply',
    description:
      'A mistake found when the 处理意见书 is read over (审核签发) — a typo in the facts, a wrong article cited — is corrected before it is sent, never after: once replied the petitioner disputes the answer by 复查 (409, said in Chinese), and before the conclusion there is nothing to correct (409). The body is the whole result as it should read, validated as 办结’s (`facts`, `basis`, `decision`, `outcome`), with `reason` (required) and optionally `expectedVersion` (409 when the case changed since). The conclusion keeps its time, author and unit (`result.concludedAt`: the 办结 date the statistics count and 按期办结 do not move); the outcome counted (支持 / 部分支持 / 不支持, 化解率) is the corrected one. A `conclusionCorrected` event keeps who, when, why, which fields changed (`detail.changed`) and each from what (`detail.previous`) to what (`detail.corrected`): the earlier wording stays in the history. Nothing goes to the petitioner (a correction that voids an approval emails who may sign the letter off again, 【待签发】); 答复 then composes the letter from the corrected result. A result the same as recorded is refused (422). The same request again — the result and reason of the last correction — changes nothing and answers 200 with the case as it stands, even with the `expectedVersion` of before the first delivery. Whoever may reply (the concluding unit’s handler or head; for a case no unit has, the petitions office or a leader of the office holding it): 403 for others who see the case, 404 for those who may not.',
    tags: ['Closing'],
    ...onCase,
    body: { schema: conclusionCorrectionBodySchema },
    responses: [caseAnswer('Corrected (or corrected already: the same request again).')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params, body }) => {
      const corrected = await correctCaseConclusion(deps, params().caseNumber, actor(), body());
      return json(200, { case: await staffCaseView(deps, actor(), corrected.case) });
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/review-request',
    operationId: 'requestReview',
    summary: 'Register a request for review (复查) or re-review (复核)',
    description: 'Late or final requests are refused with the reason.',
    tags: ['Closing'],
    ...onCase,
    body: { schema: reviewRequestBodySchema },
    responses: [caseAnswer('Under review.')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params, body }) => {
      const caseNumber = params().caseNumber;
      return changed(deps, actor(), requestCaseReview(deps, caseNumber, actor(), body()));
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/review-decision',
    operationId: 'decideReview',
    summary: 'The reviewing level’s decision: upheld, revised or revoked',
    description:
      'Its letter is the new reply (final after a re-review). A 复查 that revokes (`revoked`, 撤销) the decision of a unit sends the matter back to that unit: the case is reopened (`inProgress`, a `reopened` event after `reviewDecided`) with a new handling period — the reviewing office’s `redoAfterReview` where set, else the handling limit anew — the letter telling the petitioner it will be handled and answered anew; the reviewing office is owed the new answer (`reportBackTo`, `redoOrderedBy`: on its 交办督办件 list until answered, then 【办理结果报送】), which leads to 复核. A decision that revises the answer (`revised`, 复查 or 复核), or a 复核 that revokes the 复查意见, leaves the case answered and records `implementation`: the answering body carries it out and reports the 落实情况 to the reviewing office by `implementation.dueAt` (POST /cases/{caseNumber}/implementation-report); until then the case is on that office’s 交办督办件 list. Where the reviewing office requires 签发 (its `replySignOff` is `unitHead` or `leader`), the decision is only drafted (`reviews[].draft`, a `reviewDecisionDrafted` event; the same draft again changes nothing, a changed one replaces it) and nothing is sent until a leader of that office signs it off (POST /cases/{caseNumber}/review-decision/sign-off).',
    tags: ['Closing'],
    ...onCase,
    body: { schema: reviewDecisionBodySchema },
    responses: [caseAnswer('Decided, or drafted for 签发.')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params, body }) => {
      const caseNumber = params().caseNumber;
      return changed(deps, actor(), decideCaseReview(deps, caseNumber, actor(), body()));
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/review-decision/sign-off',
    operationId: 'signOffReviewDecision',
    summary: '签发复查（复核）意见书: approve the drafted review decision, which is then decided and sent',
    description:
      'Where the reviewing office requires 签发, a leader of that office — never the one who drafted it (403) — approves the draft (`reviews[].draft`) as it reads: the review is decided exactly as POST /cases/{caseNumber}/review-decision would decide it without the rule, its letter sent, the `reviewDecided` (`reReviewDecided`) event and the decided review naming who signed it off (`signedOffBy`). Refused (409) when no draft waits. `expectedVersion`, the case’s `version` the draft was read at: a draft redrafted since is refused (409), never signed unread; other changes meanwhile do not stand in the way.',
    tags: ['Closing'],
    ...onCase,
    body: { schema: signOffBodySchema, optional: true },
    responses: [caseAnswer('Signed off and decided.')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params, body }) => changed(deps, actor(), signOffCaseReviewDecision(deps, params().caseNumber, actor(), body()?.expectedVersion)),
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/implementation-report',
    operationId: 'reportImplementation',
    summary: '报送落实情况: how the answering body carried out a review decision that changed its answer',
    description:
      'After a 复查 or 复核 that revised the answer (`revised`), or a 复核 that revoked the 复查意见, the body that answered is to carry the decision out and report how to the reviewing office (`case.implementation`: `orderedBy`, `dueAt` — the reviewing office’s `redoAfterReview` where set, else the handling limit, from the decision). Until it is reported the case is on that office’s 交办督办件 list with the day as its clock. The report (`report`) is recorded on the case (`implementation.reportedAt`, `reportedBy`, `report`; an `implementationReported` event, `detail.late` when past the day) and takes the case off that list. The lead unit’s handlers and heads, or the office holding the case (petitions office, leaders) — not a level above. The same report again changes nothing; refused (409) when no such decision waits, when reported already with other words (a correction is a 办理记录), and once the case is filed.',
    tags: ['Closing'],
    ...onCase,
    body: { schema: implementationReportBodySchema },
    responses: [caseAnswer('Reported.')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params, body }) => changed(deps, actor(), reportCaseImplementation(deps, params().caseNumber, actor(), body())),
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/follow-up',
    operationId: 'recordFollowUp',
    summary: 'The follow-up answer the petitioner gave staff (phone, letter, in person)',
    description: '“Not satisfied” with a unit’s (or the office’s own) answer reopens the case for the handling unit; with a 复查’s decision, or a final 复核, it is recorded only (the way on after a 复查 is 复核).',
    tags: ['Closing'],
    ...onCase,
    body: { schema: followUpBodySchema },
    responses: [caseAnswer('Recorded.')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params, body }) => {
      const caseNumber = params().caseNumber;
      const { satisfied, comment } = body();
      return changed(deps, actor(), answerFollowUp(deps, caseNumber, actor(), { satisfied, via: 'staff', ...(comment ? { comment } : {}) }));
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/close',
    operationId: 'closeCase',
    summary: '结案: close the case',
    description: 'No body.',
    tags: ['Closing'],
    ...onCase,
    responses: [caseAnswer('Closed.')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params }) => {
      const caseNumber = params().caseNumber;
      return changed(deps, actor(), closeCase(deps, caseNumber, actor()));
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/archive',
    operationId: 'archiveCase',
    summary: '立卷归档: archive the whole file',
    description:
      'The case, its events, messages and a copy of every raw email and attachment are written to the archive, kept for the configured years. Refused (409) while a letter for post or for a call waits, and while the petitioner may still ask for a review (复查 or 复核: until `reply.reviewRequestBy`); a re-review’s decision is final and files at once. No body.',
    tags: ['Closing'],
    ...onCase,
    responses: [caseAnswer('Archived.')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params }) => {
      const caseNumber = params().caseNumber;
      return changed(deps, actor(), archiveCase(deps, caseNumber, actor()));
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/recusals',
    operationId: 'recuseStaff',
    summary: '回避: exclude a staff member from the case',
    description: 'The staff member may neither see nor act on the case. One who held it — its claimant, or the leader who owns it (领导包案) — holds it no longer: a leader’s ownership ends (`leaderOwnership` gone, the case off their 包案 list, `detail.ownershipEnded` on the `recused` event) and the office designates another.',
    tags: ['Closing'],
    ...onCase,
    body: { schema: recusalBodySchema },
    responses: [caseAnswer('Recused.')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params, body }) => {
      const caseNumber = params().caseNumber;
      return changed(deps, actor(), recuseStaff(deps, caseNumber, actor(), body()));
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/accused-units',
    operationId: 'markAccusedUnits',
    summary: '检举、控告: record units the report accuses',
    description:
      'For the desk (registrars) and the office, of the case’s jurisdiction or above: units the words of the report did not name, read in its material (the reason says where). Added to the case’s accused units (条例第三十条): their staff no longer see the case, it is never handed to them, an accused cooperating unit is taken off it, and a case an accused unit leads goes back to its office’s 待交办 (status `accepted`, no unit) with an email to the office to hand it to another (【请重新交办】) — never to the unit. Only the office takes one off again (`accused-corrections`). An unknown unit is refused, named; units already recorded change nothing (200 with the case as it is).',
    tags: ['Closing'],
    ...onCase,
    body: { schema: accusedUnitsBodySchema },
    responses: [caseAnswer('Recorded.')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params, body }) => {
      const caseNumber = params().caseNumber;
      return changed(deps, actor(), markAccusedUnits(deps, caseNumber, actor(), body()));
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/accused-corrections',
    operationId: 'correctAccused',
    summary: '更正被举报对象: take off units or places wrongly recorded as accused',
    description:
      'For the office (petitions office, leaders, administrators — not the desk), of the case’s jurisdiction or above: `units` (unit ids) and `places` (jurisdiction codes whose government was recorded as accused) that the report does not accuse after all, with the reason, which goes on the case’s history. They come off the case’s accused units and places, and so do the units recorded only for being under a cleared place (a unit the material names itself stays). The detection does not record them again from the words already on the case; material the petitioner sends later that accuses them again records them again, and so does recording a unit with `accused-units`. The case stays where it is: whoever holds it may now hand it to them, and their staff see it again. Refused, named: an unknown unit or place, one not recorded as accused, a unit under a place whose government stays accused. Asked again once done, it changes nothing (200 with the case as it is).',
    tags: ['Closing'],
    ...onCase,
    body: { schema: accusedCorrectionBodySchema },
    responses: [caseAnswer('Corrected.')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params, body }) => {
      const caseNumber = params().caseNumber;
      return changed(deps, actor(), correctAccused(deps, caseNumber, actor(), body()));
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/cases/{caseNumber}/audit',
    operationId: 'caseAudit',
    summary: 'The audit trail of a case: who did or read what, when',
    description:
      'Newest first, to the office’s roles (readAudit); filtered by staff member, action and outcome when asked. Reading it is itself written to the trail (`read:audit`).',
    tags: ['Closing'],
    ...onCase,
    query: auditQuerySchema,
    describe: { ...onCase.describe, ...AUDIT_QUERY_DESCRIPTIONS },
    responses: [{ status: 200, description: 'The entries that match, newest first.', schema: auditAnswerSchema('The case number.') }],
    errors: [400, 403, 404],
    handler: async ({ deps, actor, params, query }) => {
      const reader = actor();
      const caseNumber = params().caseNumber;
      const filters = query();
      const c = await deps.store.getCaseRecord(caseNumber);
      if (!c) throw new CaseNotFound(caseNumber);
      assertMayDecide(reader, 'readAudit', c, deps.province.tree);
      // An action naming a case the reader may not read (a merged repeat's file, read:attachments/<number>-1) finds
      // nothing: what it found would confirm the guess.
      if (filters.action && (await hiddenCaseNumbers(deps, reader, caseNumber, [filters.action])).size > 0) return json(200, { caseNumber, entries: [], truncated: false });
      // One more than asked tells whether the trail was cut.
      const entries = await deps.store.listAudit(caseNumber, { ...filters, limit: filters.limit + 1 });
      const shown = entries.slice(0, filters.limit);
      // A case number the reader may not read is not named by the trail either (linked-cases.ts).
      const hidden = await hiddenCaseNumbers(deps, reader, caseNumber, shown.map((e) => [e.action, e.detail]));
      return json(200, { caseNumber, entries: auditWithoutHidden(shown, hidden), truncated: entries.length > filters.limit });
    },
  }),
  defineRoute({
    // The decision letter, ready to print and post to a petitioner without email.
    method: 'GET',
    path: '/cases/{caseNumber}/decision-letter',
    operationId: 'decisionLetter',
    summary: 'A letter to the petitioner as a page to print and post',
    description:
      'For a petitioner without email. The latest decision letter (处理意见书) unless `id` names a letter: a decision letter, any letter for post on the case (受理、不予受理、告知其他渠道、延期告知: the case’s `postalLetters`), or the 越级上访告知单 handed to a visitor (`bypassNotice.messageId`). A case number the caller may not read reads 另案 on the page.',
    tags: ['Closing'],
    ...onCase,
    query: z.object({ id: z.string().optional() }),
    describe: { ...onCase.describe, id: 'A letter’s message id (default: the latest decision letter).' },
    responses: [{ status: 200, description: 'The letter, ready to print.', media: ['html'] }],
    errors: [400, 403, 404],
    handler: async ({ deps, actor, params, query }) => {
      const caseNumber = params().caseNumber;
      const found = await getCase(deps, caseNumber, actor());
      const wanted = query().id;
      const printableLetters = found.messages.filter((m) => m.direction === 'out' && (m.kind === 'decisionLetter' || m.kind === BYPASS_NOTICE_KIND || m.postFrom !== undefined));
      const letter = wanted
        ? printableLetters.find((m) => m.id === wanted)
        : printableLetters.filter((m) => m.kind === 'decisionLetter').sort((a, b) => a.at.localeCompare(b.at)).at(-1);
      if (!letter) {
        throw new InvalidInput('the case has no such letter', [
          {
            path: wanted ? 'query.id' : 'path.caseNumber',
            message: wanted ? 'no letter of this id to print on the case' : 'no decision letter yet',
            chinese: wanted ? '该事项没有这份可打印的书面告知' : '该事项尚无处理意见书',
          },
        ]).inChinese('该事项没有这份书面告知');
      }
      // A letter for post carries its title and, for the envelope, the petitioner's name and address.
      const petitioner = found.case.petitioner;
      const title = letter.kind === 'decisionLetter' || letter.kind === BYPASS_NOTICE_KIND ? undefined : postalLetterName(letter.kind);
      // Printed by staff: a number of a case the printer may not read is not on the page (linked-cases.ts).
      const shown = await wordsWithoutHidden(deps, actor(), caseNumber, { subject: letter.subject, text: letter.text });
      return html(
        200,
        printable(shown.subject, shown.text, {
          ...(title ? { title } : {}),
          caseNumber,
          ...(letter.postFrom && !letter.byPhone && !petitioner.anonymous ? { to: { name: petitioner.name, address: petitioner.address } } : {}),
        }),
      );
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/letters/posted',
    operationId: 'markLetterPosted',
    summary: '寄出: record that a printed letter was posted to the petitioner',
    description:
      'A letter for post (the case’s `postalLetters`: made for a petitioner with a postal address and no email) is on its office’s 待寄送 list (`lettersToPost`) until marked posted. `postedOn` is the day it left (China date; today if left out) — never a day to come, nor one before the letter was written. The case records it as a `letterPosted` event. A letter marked posted already is refused (409) with when and by whom. The office’s staff (petitions office, registrars, leaders) of the case’s jurisdiction or above, or the lead unit’s staff.',
    tags: ['Closing'],
    ...onCase,
    body: { schema: letterPostedBodySchema },
    responses: [caseAnswer('Recorded as posted.')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params, body }) => changed(deps, actor(), postCaseLetter(deps, params().caseNumber, actor(), body())),
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/letters/received',
    operationId: 'markLetterReceived',
    summary: '签收: record the day the petitioner received a posted letter',
    description:
      'A posted letter’s receipt (`receivedOn`, China date), as its return receipt (回执) or the post’s tracking shows: never before it was posted nor a day to come. A decision letter’s review window runs from its receipt (自收到本意见书之日起, 条例 第三十五条): it is counted again from that day and the later end kept (`reply.reviewRequestBy`), and the follow-up falls due its days after. The case records it as a `letterReceived` event. Refused (409) before the letter is marked posted, and once recorded, with when and by whom. The same staff as 寄出.',
    tags: ['Closing'],
    ...onCase,
    body: { schema: letterReceivedBodySchema },
    responses: [caseAnswer('Recorded as received.')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params, body }) => changed(deps, actor(), recordCaseLetterReceived(deps, params().caseNumber, actor(), body())),
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/letters/phoned',
    operationId: 'markLetterPhoned',
    summary: '电话告知: record that the petitioner was told of a letter by phone',
    description:
      'A petitioner who left only a telephone number (no email, no postal address) cannot be written to: the letter (受理、不予受理、告知其他渠道、延期告知、处理意见书…) is kept on the case (`postalLetters`, `channel: phone`; printable from GET /cases/{caseNumber}/decision-letter?id=…) and is on its office’s 待电话告知 list (`lettersToPhone`) until staff record the call. `toldOn` is the day of the call (China date; today if left out) — never a day to come, nor one before the letter was written; `note` says what was said. The case records it as a `letterPhoned` event; a decision letter’s review window and the follow-up are counted again from that day, as for a posted letter. A call that did not get through is not recorded: the letter stays on the list — until, after repeated calls, staff record `outcome: unreachable` (联系未果) with the calls made in `note`: the letter is kept for the petitioner to collect, leaves the list and no longer holds up archiving, and no window is counted again. Refused (409) once recorded, with when and by whom; a letter for post is refused (400: record it as posted). The same staff as 寄出.',
    tags: ['Closing'],
    ...onCase,
    body: { schema: letterPhonedBodySchema },
    responses: [caseAnswer('Recorded as told by phone.')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params, body }) => changed(deps, actor(), tellCaseLetterByPhone(deps, params().caseNumber, actor(), body())),
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/letters/handed-over',
    operationId: 'markLetterHandedOver',
    summary: '当面送达: record that a letter was handed to the petitioner in person',
    description:
      'A letter kept on the case for a petitioner without email (`postalLetters`) handed over in person — a visitor answered at the desk, or a petitioner who came for the letter told by phone or kept to collect (留存备取). `handedOn` is the day (China date; today if left out) — never a day to come, nor one before the letter was written; `signature` whether the petitioner signed for it (`signed`) or refused to (`refused`: then `note`, what was said and who witnessed it, is required); the recording staff member is who handed it over. The letter leaves the 待寄送 / 待电话告知 list. The case records it as a `letterHandedOver` event; a decision letter’s review window runs from receiving the written reply (条例 第三十五条): it and the follow-up are counted again from that day, the later end kept, as for a posted letter’s receipt. Offered for any letter not yet posted or told, and for a decision letter told by phone; refused (409) for a letter posted (record its receipt, POST /cases/{caseNumber}/letters/received), void, or handed over already, with when and by whom. The same staff as 寄出.',
    tags: ['Closing'],
    ...onCase,
    body: { schema: letterHandedOverBodySchema },
    responses: [caseAnswer('Recorded as handed over.')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params, body }) => changed(deps, actor(), handCaseLetterOver(deps, params().caseNumber, actor(), body())),
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/withdrawal',
    operationId: 'withdrawCase',
    summary: '撤回: record that the petitioner withdrew the matter',
    description:
      'Before the answer (registered, accepted, assigned, in progress or concluded), the petitioner may withdraw the matter: staff record how they declared it (`how`: writing — keep the written request with the file —, inPerson, phone) and what they said (`note`). A collective petition (集体访) is withdrawn only by all its agreed representatives together, in writing or in person (第二十条): `representatives` names them, each of `collective.representatives`; by phone, with one missing or with none agreed yet it is refused (422, naming who is missing), and `case.withdrawal.representatives` keeps who declared it. The case ends: status `withdrawn` (`case.withdrawal`: at, by, how, note, the status it ended), a `withdrawn` event, no clock runs and no reminder or 督办 follows; a waiting 延期 request lapses; it leaves every work list, and the units working it, the office holding it and any office owed its result are told to stop (【撤回】; never a unit or office the report accuses), and the petitioner gets the 撤回告知 (by email, else a letter for post or the phone — not for one reached only by phone who phoned or came in to withdraw) saying how to object if it was not their will. It may then be archived. A matter already answered is disputed by 复查, not withdrawn (409); raised again later, it is a new petition. The petitions office, leaders and registrars of the case’s jurisdiction or above, or of the office that received it.',
    tags: ['Closing'],
    ...onCase,
    body: { schema: withdrawalBodySchema },
    responses: [caseAnswer('Withdrawn.')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params, body }) => changed(deps, actor(), withdrawCase(deps, params().caseNumber, actor(), body())),
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/reinstatement',
    operationId: 'reinstateCase',
    summary: '恢复办理: take a withdrawn case up again when the withdrawal was not the petitioner’s will',
    description:
      'For a withdrawn case not yet archived, on the petitioner’s objection (the 撤回告知 invites it) or a 撤回存疑 the office verified: `reason` says why. The case returns to the status it was withdrawn from (`case.withdrawal.from`) with its units and offices as they were; the clock that status runs moves on by the days it stood withdrawn, counted as its limit counts (as after a 中止; a clock suspended at the withdrawal moves when it resumes), and so does a unit’s open window to object (第二十三条). A `reinstated` event keeps the withdrawal and the deadline’s move; the case is back on its work lists, 协办事项 and 交办督办件; whoever the withdrawal stopped is told to take it up again (【恢复办理】; never an accused unit or office; the reason goes to the offices only, as it may name the unit that pressed the petitioner) and the petitioner gets the 恢复办理告知 (by email, else for post or the phone). The petitions office and leaders of the case’s jurisdiction or above, or of the office that received it; refused (409) unless the case is withdrawn.',
    tags: ['Closing'],
    ...onCase,
    body: { schema: reinstatementBodySchema },
    responses: [caseAnswer('Taken up again.')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params, body }) => changed(deps, actor(), reinstateCase(deps, params().caseNumber, actor(), body())),
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/reconsideration',
    operationId: 'reconsiderCase',
    summary: '撤销原决定: withdraw a wrong decision not to accept (不予受理) or to send the petitioner elsewhere',
    description:
      'A declined or redirected case not yet archived: the decision found wrong (a reason that was none, the wrong channel named) is withdrawn with `reason`. The case is back to be decided (`registered`, on the office’s 待受理 list) with a fresh acceptance clock from now; a `reopened` event keeps the decision withdrawn (`detail.decisionWithdrawn`) and the new limit. The petitioner gets the 撤销原决定告知 (by email, else for post or the phone) saying by when the office decides again. The decision’s letter not yet recorded as posted or told is void (`postalLetters[].withdrawnAt`, 作废) and leaves the 待寄送 / 待电话告知 list unsent (`detail.lettersVoided`); the withdrawal is told all the same, since a letter may leave before its posting is recorded. The petitions office and leaders of the case’s jurisdiction or above; refused (409) unless the case is declined or redirected.',
    tags: ['Closing'],
    ...onCase,
    body: { schema: reconsiderationBodySchema },
    responses: [caseAnswer('Back to be decided.')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params, body }) => changed(deps, actor(), reconsiderCase(deps, params().caseNumber, actor(), body())),
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/cooperation-opinion',
    operationId: 'giveCooperationOpinion',
    summary: '协办意见: a cooperating unit sends the lead its opinion',
    description:
      'A case touching several departments has one lead (牵头单位) and cooperating units (配合单位): these do not answer the petitioner but send the lead their opinion, which it gathers into its answer. The staff (handler, unitHead) of a unit cooperating on the case, while the lead handles it (assigned or in progress); refused (409) before or after that. Kept on the case (`cooperationOpinions`: unit, opinion, by, at — a unit may send more than one, the latest stands) with a `cooperationOpinionGiven` event, and the lead unit is emailed (template `cooperationOpinion`), naming the cooperating units not heard from yet.',
    tags: ['Closing'],
    ...onCase,
    body: { schema: cooperationOpinionBodySchema },
    responses: [caseAnswer('Sent to the lead.')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params, body }) => changed(deps, actor(), giveCaseOpinion(deps, params().caseNumber, actor(), body())),
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/urgent-response',
    operationId: 'respondToUrgent',
    summary: '紧急响应: record what was done about an urgent matter',
    description:
      'An urgent matter (紧急: its words, or marked by staff) alerts the leaders of the office it came to at once (条例 第二十五条) and sets `urgentResponse.dueAt`, the configured `defaults.urgentResponseMinutes` (30 by default) after the alert. A leader or the office records here what was done or arranged (`note`), once; the case records it as a `noted` event (`detail.urgentResponse`, `late` when after the time). Without a response by then the sweep reports the matter again to the same leaders and to the office of the level above (`urgentResponse.escalatedAt`). Office staff and leaders of the office the petition came to, of the case’s jurisdiction, or above; refused (409) when not awaiting a response.',
    tags: ['Cases'],
    ...onCase,
    body: { schema: urgentResponseBodySchema },
    responses: [caseAnswer('Recorded.')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params, body }) => changed(deps, actor(), respondToUrgentCase(deps, params().caseNumber, actor(), body())),
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/petitioner',
    operationId: 'correctPetitioner',
    summary: '更正信访人信息: the petitioner’s name, email, phone or postal address, corrected',
    description:
      'When the petitioner moved house, changed their number or email, or the desk misheard their name: each field given replaces the one recorded, `null` removes it; the `petitionerCorrected` event keeps which fields changed and what they were before. Letters made from then on go the new way (email, else post, else phone); a letter already waiting on 待寄送 or 待电话告知 keeps the address or number it needs until it is posted or told (422 at that field). The new contacts find the case at the desk and link the petitioner’s next petition to it; the old ones no longer do (a number given up or misheard may be someone else’s). Not for an anonymous petition or an archived case (409); the petitioner keeps a name or a contact (422). An email replaced or removed is told so (the case number and the new address masked, nothing more: it may have been a stranger’s). A petition with 代为反映人 (`petitioner.writtenBy`): where the case’s contacts are the writer’s, a corrected phone or email is the writer’s new one and `writtenBy` follows it; where the petitioner had contacts of their own and the last of them is removed, the writer’s become the case’s and letters go to the writer (`detail.writerNowContact` on the event); where the case’s contacts are the writer’s and the petitioner’s postal address is given, it is theirs as at POST /cases: letters are posted to them by name and the writer’s contacts stay on `writtenBy` only (`previous` keeps them). `writtenBy` adds, replaces or (null) removes the writer after registration — a neighbour turns out to have written the letter, or the “writer” was the petitioner — with the checks and the rule of POST /cases (422 on `body.writtenBy`: an anonymous petition, relation 本人, the petitioner’s own name; or a letter still 待电话告知 to the writer being replaced, whose number would change: tell it first); a number or email the case has, given as the new writer’s, is theirs from then on, not the petitioner’s; the writer’s name and own contacts find the case at the desk from then on, the old writer’s no longer do; the event says who the writer was (`previous.writtenBy`), is now (`detail.writtenBy`) and whom letters now address (`detail.lettersTo`: petitioner or writer). A name corrected to the writer’s own while the writer is kept is refused (422 on `body.name`): remove the writer in the same request. The petitions office, leaders and registrars of the case’s jurisdiction or of the office it came to — not the handling unit, which must not be able to redirect the petitioner’s letters (403); it tells the desk.',
    tags: ['Cases'],
    ...onCase,
    body: { schema: petitionerCorrectionBodySchema },
    responses: [caseAnswer('Corrected.')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params, body }) => changed(deps, actor(), correctCasePetitioner(deps, params().caseNumber, actor(), body())),
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/settlement',
    operationId: 'recordSettlement',
    summary: '息诉罢访: record that the petitioner accepts the outcome and pursues the matter no further',
    description:
      'For a replied or closed case, with how the petitioner declared it (`note`: a signed statement, an agreement, said at a visit). The case’s `settled` records when, by whom and how, with a `settled` event; a follow-up answered “satisfied” records it by itself (`how: followUp`). A later request for a review, or a reopened case, withdraws it. Counted in the statistics’ 息诉罢访率. The petitions office, leaders and registrars of the case’s jurisdiction or of the office that received it; refused (409) before the reply, while a review is pending or when recorded already.',
    tags: ['Closing'],
    ...onCase,
    body: { schema: settlementBodySchema },
    responses: [caseAnswer('Recorded.')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params, body }) => changed(deps, actor(), recordCaseSettlement(deps, params().caseNumber, actor(), body())),
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/bypass-notice',
    operationId: 'giveBypassNotice',
    summary: '越级上访告知单: the slip for a visitor who came above the level competent for the matter',
    description:
      'For a visit recorded as 越级 (`bypass`: the matter was handed down to the competent level). The office the visitor came to writes the slip in its wording (template `bypassNotice`): which office handles such a matter, where and how it receives visitors (the office’s configured `address` and `phone`), and that the matter has been handed there. It is kept on the case as a message of kind `bypassNotice` (`case.bypassNotice`, a `bypassNoticeGiven` event), to print from GET /cases/{caseNumber}/decision-letter?id=… and hand over. Once per case (409 after, and for a case not 越级 or archived); 422 for a petition that did not come in person. The petitions office, leaders and registrars of the office the visitor came to, or above.',
    tags: ['Cases'],
    ...onCase,
    body: { schema: bypassNoticeBodySchema, optional: true },
    responses: [caseAnswer('Given: print it from the case’s letters.')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params, body }) => changed(deps, actor(), giveCaseBypassNotice(deps, params().caseNumber, actor(), body() ?? {})),
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/query-code',
    operationId: 'issueQueryCode',
    summary: '发放查询码: give the petitioner a query code at the desk or by post, to follow the case on the portal',
    description:
      'For a petitioner who came in person or called (often with no email), who wrote by post and gave only an address, or who lost their code: a new query code (查询码) for the portal’s tracking page (/public/track), answered this once, to be told, handed over or printed on a slip and posted (`via: post`, 422 when the case has no postal address; the answer names whom and where to post it to); only its hash is stored and it replaces any earlier code. The case records a `queryCodeIssued` event (who, how and when, never the code), so no copy of the slip is kept. A petitioner with an email on record is told there that staff gave a new code and the earlier one stopped working (template `queryCodeReplaced`, without the code), with the link to take one of their own, which replaces it. A petitioner with an email on record can ask for one themselves at /public/track/code. The petitions office, leaders and registrars of the case’s jurisdiction or above.',
    tags: ['Cases'],
    ...onCase,
    body: { schema: queryCodeBodySchema, optional: true },
    responses: [{ status: 201, description: 'Issued: show the code to the petitioner now; it cannot be read again.', schema: queryCodeAnswerSchema }],
    errors: [400, 403, 404, 422],
    handler: async ({ deps, actor, params, body }) =>
      json(201, { caseNumber: params().caseNumber, ...(await issueQueryCodeAtDesk(deps, params().caseNumber, actor(), body() ?? {})), trackingUrl: `${deps.province.config.mail.publicUrl}/public/track` }),
  }),
];
