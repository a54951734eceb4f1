import { getCase, listCases } from '../../shared/app/read-cases.js';
import { staffCaseView, withoutHiddenLinks } from '../../shared/app/linked-cases.js';
import { assertMayRead } from '../../shared/domain/access.js';
import { explainedDeadlines } from '../../shared/domain/explain-deadline.js';
import { caseWorkClock } from '../../shared/domain/work-clock.js';
import { signOffAwaits } from '../../shared/domain/reply-signoff.js';
import { voidReadings } from '../../shared/domain/leader-reading.js';
import { registerCase } from '../../shared/app/register-case.js';
import { requestFingerprint } from '../../shared/app/fingerprint.js';
import { CASE_TRAIL_ACTIONS } from '../../shared/app/ports.js';
import { json, parseInput } from '../lib/http.js';
import { caseAnswer, casePageSchema, caseWithEventsSchema, onCase } from './case-route-docs.js';
import { defineRoute, type ApiRoute } from './route.js';
import { recordDone } from './audit.js';
import { idempotencyKeySchema, listQuerySchema, registerBodySchema } from './schemas.js';

/** Registering, reading and listing cases. */
export const caseRoutes: ApiRoute[] = [
  defineRoute({
    method: 'POST',
    path: '/cases',
    operationId: 'registerCase',
    summary: 'Register a letter, visit, phone call or web petition',
    description:
      'Email petitions arrive through intake, not here. `petitioner` is only what the petitioner gave: a name, a contact (phone, email or postal address) or both — a caller who left only a telephone number (未留姓名) is registered with it, found by it as a repeat, and told by it (待电话告知) —, or `anonymous: true` with no name, email, phone or postal address; neither a name nor a contact, and not anonymous, is refused with 400 on `body.petitioner.name`. `writtenBy` (代为反映人) records who wrote, came or called for the petitioner (代写, 代访, 代为来电: relation, name, phone and/or email), stored as `petitioner.writtenBy` as the mail intake stores a letter’s writer: where the petitioner left no contact of their own the writer’s become the case’s and every letter goes to the writer, addressed to them; where they left one, letters go to the petitioner and the writer’s contacts are kept for staff (`writtenBy.petitionerOwnContact`). A writer with the petitioner’s own name, relation 本人, or a writer for an anonymous petition is refused with 422 on `body.writtenBy`; the writer’s name finds the case at the desk (GET /petitioners/cases/by-name, `matchedAs: writer`). Registration allocates the next case number of the jurisdiction’s year and sends the case to the router. With an Idempotency-Key, a repeat answers 200 with the first case as it stands now instead of registering again (404, as for any case hidden from the caller, if it has since moved where they may not read it); the same key with a different body is refused with 422 (IdempotencyKeyReused). A receipt time before the configured start of the records (defaults.recordsStartOn) or more than 5 minutes ahead, and a matter or subject with nothing visible in it, are refused with 400; a refused request uses up no case number. `accusedUnits` records the units a report accuses as the registrar reads it (an unknown unit is refused, named); they are added to those the words name, and the case never goes to them (条例第三十条). The registration is the first entry of the new case’s audit trail (`register`: who, when); a repeat answered with the first case is a `read` there.',
    tags: ['Cases'],
    headers: [{ name: 'Idempotency-Key', schema: idempotencyKeySchema, description: 'A key of the desk’s choosing (8–128 characters): a repeated request with the same key and body answers the first case; with another body, 422.' }],
    body: { schema: registerBodySchema },
    responses: [
      caseAnswer('Registered.', { status: 201, location: 'The new case, /cases/{caseNumber}.' }),
      caseAnswer('A repeat of an Idempotency-Key: the case the first request registered.', { location: 'The case.' }),
    ],
    errors: [400, 403, 404, 422],
    handler: async ({ event, deps, actor, body }) => {
      const registrar = actor();
      const sent = body();
      const { receivedAt, ...petition } = sent;
      const key = parseInput(idempotencyKeySchema, event.headers['idempotency-key'], 'header Idempotency-Key');
      // The fingerprint is of the body as sent (before receivedAt defaults to now), so that a plain retry matches.
      const outcome = await registerCase(
        deps,
        { ...petition, receivedAt: new Date(receivedAt ?? deps.clock.now()).toISOString() },
        registrar,
        key,
        requestFingerprint(sent),
      );
      // A repeat answers the case as it stands now, which may have moved on to where the registrar may not follow it
      // (a report accusing their own government): then it is, to them, a case they cannot see.
      if (!outcome.created) assertMayRead(registrar, outcome.case, deps.province.tree);
      // The first action on the case's trail, as every action on a case is (audit.ts): who registered it, when. A retry
      // answered the case registered before: a read, answered only once its entry is stored.
      const entry = {
        caseNumber: outcome.case.caseNumber,
        at: deps.clock.now().toISOString(),
        actor: registrar.staffId,
        action: outcome.created ? CASE_TRAIL_ACTIONS.register : 'read',
        outcome: 'allowed' as const,
        requestId: event.requestContext.requestId,
      };
      if (outcome.created) await recordDone(entry, deps.store, undefined);
      else await deps.store.appendAudit(entry);
      return json(outcome.created ? 201 : 200, { case: await staffCaseView(deps, registrar, outcome.case) }, { location: `/cases/${outcome.case.caseNumber}` });
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/cases/{caseNumber}',
    operationId: 'getCase',
    summary: 'A case with all its events and messages, and the actions the caller may take on it now',
    description:
      '`clock` is the clock the case’s status runs (acceptance, handling, reply, review…) with its deadline counted in working days, as the work lists show it. `deadlines.<clock>` is each deadline the case holds with its `explanation`, computed with the deadline by the same count: the start day and why counting begins there, the rule (calendar or working days, the limit and its source: national default, province, jurisdiction, channel or category override), the rest days skipped and the adjusted working days (调休) counted, the roll past a rest day, extensions and suspensions, and whether a year’s calendar was missing (约); `sentence` says it in Chinese as letters do. `allowedActions` lists, by name, the actions the caller may take on the case as it stands (accept, decline, redirect, route, claim, assign, transfer, return, requestReturn, decideReturnRequest, requestExtension, decideExtension, conclude, reply, requestReview, decideReview, signOffReviewDecision — 签发复查（复核）意见书, for a leader of the reviewing office but its drafter, where that office requires 签发 —, recordFollowUp, close, archive, recuse, markAccused, correctAccused — the case records a unit or place as accused —, readAudit, suspend, resume, agreeRepresentatives, postLetter — when the case has a letter for post not yet marked posted, `postalLetters` —, tellByPhone — a letter to tell a petitioner with only a telephone number, not yet recorded —, handOver — 当面送达, a letter not yet posted or told, or a decision letter told by phone —, issueQueryCode, giveBypassNotice, assignLeader, recordSettlement, respondUrgent — an urgent matter awaiting its 紧急响应 —, giveOpinion — a cooperating unit’s 协办意见 while the lead handles the case —, objectCooperation — 协办异议, a cooperating unit within the 5 working days of being named, once —, decideCooperationObjection — for the office that named it while an objection waits —, recuseSelf — 本人回避, for whoever may not recuse others —, withdraw — 撤回, before the answer —, reinstate — 恢复办理, a withdrawn case not yet archived —, requestMaterial — 请信访人补充材料, while the case is handled, of a petitioner who can be reached (never an anonymous one) —, correctConclusion — 更正办理结果, a concluded case not yet replied, for whoever may reply (who may also preview the letter, GET /cases/{caseNumber}/decision-letter/draft) —, addNote — 办理记录 (办理进展, 调查核实情况), for whoever works the case until it is archived —, giveInstruction — 领导批示, for leaders of its jurisdiction or above —, submitLeaderReading — 呈领导阅批, for the petitions office until it is archived —, markLeaderRead — 已阅, for a leader the case waits on): computed from the same access policy and lifecycle the actions apply, so a screen offers only these. An action may still be refused for a reason the request carries (e.g. a review asked for after its window), with that reason. Links to other cases (`repeatOf` and its similarity, a `repeatLinked` event, a merged repeat, a case number in a reason or letter) appear only to a caller who may read that case too; to anyone else they are not there (a number inside a sentence reads 另案; a merged repeat’s message and files, whose stored ids carry its number, are listed by a handle, `repeat:merged-7` and `merged-7-1`, without their storage `key`).',
    tags: ['Cases'],
    ...onCase,
    responses: [{ status: 200, description: 'The case, its events and messages, and `allowedActions`.', schema: caseWithEventsSchema }],
    errors: [400, 403, 404],
    handler: async ({ deps, actor, params }) => {
      const reader = actor();
      // Links to cases the reader may not read are not shown (linked-cases.ts); the actions were judged on the case itself.
      const found = await withoutHiddenLinks(deps, reader, await getCase(deps, params().caseNumber, reader));
      const clock = caseWorkClock(found.case, deps.clock.now(), deps.province.calendar);
      const awaits = signOffAwaits(found.case, deps.province, deps.province.tree);
      const voided = voidReadings(found.case, deps.province);
      return json(200, {
        ...found,
        ...(clock ? { clock } : {}),
        deadlines: explainedDeadlines(found.case),
        ...(awaits ? { signOffAwaits: awaits } : {}),
        ...(voided.length ? { leaderReadingsVoid: voided } : {}),
      });
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/cases',
    operationId: 'listCases',
    summary: 'A page of a jurisdiction’s cases, newest first: the search by jurisdiction, status and date',
    description:
      'Without status, every open status; `any`, every status (closed and archived included). `registeredFrom` and `registeredTo` bound the day of registration (China dates, both included). Cases in the triage list carry `triage: true`. A unit’s staff see only their unit’s cases, and nobody sees a report accusing their unit. With `includeSubordinates=true` (含下级: a higher level sees its subordinate levels) the jurisdiction’s own cases come first, then each jurisdiction below it, level by level (a city’s counties, then their townships), each newest first; a page reads at most 10 jurisdictions’ partitions (or one jurisdiction’s 10 times), so it may come back short or empty with a cursor while lower levels remain — pass it back for the rest. Not for a unit’s staff (403): their unit’s cases are on its own lists.',
    tags: ['Cases'],
    query: listQuerySchema,
    describe: {
      jurisdiction: 'Division code of the jurisdiction.',
      status: 'One status, `any`, or absent for the open ones.',
      registeredFrom: 'First day of registration (China date, YYYY-MM-DD).',
      registeredTo: 'Last day of registration (China date, YYYY-MM-DD), included.',
      includeSubordinates: 'true: the levels below the jurisdiction too (含下级).',
      cursor: 'From the previous page’s answer, unchanged; any other cursor is refused with 400.',
      limit: 'Cases per page.',
    },
    responses: [{ status: 200, description: 'A page of cases and the cursor of the next page, if any.', schema: casePageSchema }],
    errors: [400, 403, 404],
    handler: async ({ deps, actor, query }) => {
      const reader = actor();
      return json(200, await listCases(deps, query(), reader));
    },
  }),
];
