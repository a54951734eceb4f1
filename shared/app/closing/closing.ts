import { randomBytes, timingSafeEqual } from 'node:crypto';
import { assertMayDecide, type Actor, type CaseDecision } from '../../domain/access.js';
import { addressedAs, type Case, type CaseEvent, type CaseMessage, type CaseReply, type CaseResult, type CaseReview } from '../../domain/case.js';
import { withPostalLetter, withProgressCallsDropped } from '../../domain/postal.js';
import * as closing from '../../domain/closing.js';
import { CaseNotFound, InvalidTransition, OutOfScope, RuleViolation, VersionConflict } from '../../domain/errors.js';
import { actorId, changeCase, type ChangeDeps, type ChangingActor } from '../change-case.js';
import { letters } from '../outbox.js';
import type { MailStore } from '../ports.js';
import { CLOCK_START_WORDS, explanationSentence, periodWords } from '../../domain/explain-deadline.js';
import { decisionLetter, ownerResultMail, resultReportMails, reviewReceivedNotice, reviewRequestedBelowMail, reviewRequestedMail, unsatisfiedReceivedMail } from './letters.js';
import { implementationReportedNotice, ownershipEndedByRecusalNotice, unitWithoutStaffNotice, cooperationConcludedNotice, cooperationOpinionNotice, decisionLetterId, decisionWithdrawnNotice, reopenedNotice, reviewDecidedNotice, withAcceptanceNotice, reinstatedNotice, reinstatementNotice, withdrawalNotice, withdrawnNotice, withNotice } from '../handoff/notices.js';
import { giveCooperationOpinion, takesOpinions } from '../../domain/cooperation.js';
import { withdraw, type WithdrawalRequest } from '../../domain/withdrawal.js';
import { reinstate } from '../../domain/reinstatement.js';
import { reconsider } from '../../domain/reconsideration.js';
import { withRecusedOwnersRemoved } from '../../domain/leader-ownership.js';
import { reportBackOffices } from '../../domain/report-back.js';
import { reportImplementation } from '../../domain/implementation.js';
import { handlingOfficeOf } from '../../domain/clocks.js';
import { respondToUrgent } from '../../domain/urgent-response.js';
import { assertSignedOff, signOffReply, withSignOffRule } from '../../domain/reply-signoff.js';
import { draftReviewDecision, reviewDecisionToSignOff } from '../../domain/review-signoff.js';

export type ClosingDeps = ChangeDeps;

/** Staff, the petitioner (by email or a follow-up link) or the system. */
export type ClosingActor = ChangingActor;

const context = (deps: ClosingDeps, c: Case, at: string, actor: ClosingActor) => ({
  at,
  actor: actorId(actor),
  settings: deps.province.timeLimitsFor(c.jurisdiction),
  // Handled again, a superior's 交办 or another office's 转办 keeps the handing office's limit, as on the handoff.
  handlingSettings: deps.province.timeLimitsFor(handlingOfficeOf(c)),
  calendar: deps.province.calendar,
  followUpAfterDays: deps.province.config.defaults.followUpAfterDays,
  parentOf: (code: string) => deps.province.tree.parentOf(code)?.code,
});

/** 办结: the handling unit records the result. */
export function concludeCase(deps: ClosingDeps, caseNumber: string, actor: Actor, result: Pick<CaseResult, 'facts' | 'basis' | 'decision' | 'outcome'>) {
  return changeCase(deps, caseNumber, actor, 'conclude', ({ case: c }, at) => {
    const concludedNow = closing.conclude(c, result, context(deps, c, at, actor));
    // 审核签发: the rule of the office holding the case when it is concluded goes with the result.
    const signed = { ...concludedNow.case, result: withSignOffRule(concludedNow.case.result!, deps.province.replySignOffFor(c.jurisdiction)) };
    // A progress call still to make would say "正在办理" after it no longer is: dropped, and off the 待电话告知 list.
    const { case: withoutCalls, dropped } = withProgressCallsDropped(signed, at);
    const done = { ...concludedNow, case: withoutCalls, ...(dropped.length > 0 ? { unlisted: dropped.map((l) => ({ id: l.id, at: l.at })) } : {}) };
    // The cooperating units stop work on it, told whose opinion it was concluded without.
    const concluded = { ...done, outbox: letters(cooperationConcludedNotice(deps.province, c, done.case)) };
    if (c.acceptanceNoticeDue === undefined) return concluded;
    // 自办 concluded before the acceptance notice was owed: the petitioner learns of the acceptance before the answer.
    return withAcceptanceNotice(deps.province, concluded, at);
  });
}

/**
 * 审核签发: where the office required it when the case was concluded, a unit
 * head or a leader (not the one who concluded) approves the letter the
 * draft shows; 答复 waits for it, and a correction voids it.
 */
export function signOffDecisionLetter(deps: ClosingDeps, caseNumber: string, actor: Actor, expectedVersion?: number) {
  return changeCase(deps, caseNumber, actor, 'signOffReply', ({ case: c }, at) => signOffReply(c, actor, at, deps.province, deps.province.tree), expectedVersion);
}

/** Changes after which the letter read over is not the letter 答复 would send: its words, or whom and how it goes to. */
const LETTER_CHANGES: ReadonlySet<string> = new Set(['concluded', 'conclusionCorrected', 'petitionerCorrected']);

/**
 * 答复 ("谁承办谁答复"): the decision letter is kept on the case and emailed
 * to the petitioner, threaded into their conversation; without an address it
 * is to be printed and posted (GET /cases/{n}/decision-letter).
 * `expectedVersion`: the version the caller read the letter from (its
 * preview, 审核签发): a case whose result or petitioner was corrected since is
 * refused (409), not answered with words nobody read over. Other changes
 * meanwhile (a reminder of the reply clock, material received, a 协办意见)
 * leave the letter as read and do not stand in the way.
 */
export function replyToPetitioner(deps: ClosingDeps, caseNumber: string, actor: Actor, expectedVersion?: number) {
  return changeCase(
    deps,
    caseNumber,
    actor,
    'reply',
    ({ case: c, events, messages }, at) => {
      if (expectedVersion !== undefined && events.some((e) => e.seq > expectedVersion && LETTER_CHANGES.has(e.type))) {
        throw new VersionConflict(caseNumber, expectedVersion).inChinese(`信访事项 ${caseNumber} 的办理结果或信访人信息在预览后已被更正，请重新预览处理意见书后再答复`);
      }
      assertSignedOff(c);
      const ctx = context(deps, c, at, actor);
      const letter = replyLetter(deps, c, messages, ctx);
      const replied = closing.reply(c, { letterId: letter.message.id, delivery: letter.delivery }, ctx);
      // 交办件: the result goes back to the superior office that assigned it, in the same change.
      const reports = resultReportMails(deps.province, c, letter.delivery, at);
      const reportedTo = reportBackOffices(c).filter((office) => office !== c.jurisdiction);
      const event = reports.length
        ? { ...replied.event, detail: { ...replied.event.detail, reportedBackTo: reportedTo[0], ...(reportedTo.length > 1 ? { reportedAlsoTo: reportedTo.slice(1) } : {}) } }
        : replied.event;
      return { ...replied, event, case: forPost(replied.case, letter.message), message: letter.message, outbox: letters(letter.mail, ...reports, ownerResultMail(deps.province, c, letter.delivery, at)) };
    },
  );
}

/**
 * The 处理意见书 答复 sends, composed from the recorded result at `ctx.at`:
 * one composer for the reply and its preview, so what staff read over is
 * what the petitioner gets.
 */
function replyLetter(deps: ClosingDeps, c: Case, messages: readonly CaseMessage[], ctx: ReturnType<typeof context>) {
  if (!c.result) throw new InvalidTransition('reply', c.status, 'the case has no recorded result to reply with').inChinese('该事项没有记录办理结果，无法答复');
  // The next step from here: 复查 by the level above, or, when a 复查 was decided before the case was handled again, 复核 above the reviewer.
  const reviewRequest = closing.reviewRequestExplained(c, c.reviewLevel, ctx);
  const next = closing.nextReviewOrNone(c, ctx.parentOf);
  const nextLevel = next?.jurisdiction;
  return decisionLetter(deps.province, c, messages, {
    id: `decision:${c.caseNumber}:${c.result.concludedAt}`,
    level: 0,
    facts: c.result.facts,
    basis: c.result.basis,
    decision: c.result.decision,
    at: ctx.at,
    ...(reviewRequest ? { reviewRequestBy: reviewRequest.at, reviewRequestBasis: explanationSentence(reviewRequest.explanation, CLOCK_START_WORDS.reviewRequest), reviewRequestPeriod: periodWords(reviewRequest.explanation.rule) } : {}),
    ...(nextLevel ? { nextLevel } : {}),
    ...(next ? { asks: next.level } : {}),
  });
}

/** The decision letter as 答复 would send it now, and how it would reach the petitioner. */
export interface DecisionLetterDraft {
  caseNumber: string;
  /** The case's version the draft was composed from: 答复 with it as `expectedVersion` sends exactly this (but for the day). */
  version: number;
  composedAt: string;
  subject: string;
  text: string;
  delivery: CaseReply['delivery'];
  /** Where it goes: the email, the postal address (with the name for the envelope), or the number to call. */
  to?: { email: string } | { name: string; address: string } | { phone: string };
  /** The office that posts it or telephones, for a letter that is not emailed. */
  postFrom?: string;
}

/**
 * 审核签发: the decision letter of a concluded case, composed as 答复 would
 * compose it now, for whoever may reply to read over before it goes. It
 * changes nothing and sends nothing.
 */
export async function previewDecisionLetter(deps: ClosingDeps, caseNumber: string, actor: Actor): Promise<DecisionLetterDraft> {
  const found = await deps.store.get(caseNumber);
  if (!found) throw new CaseNotFound(caseNumber);
  const c = found.case;
  assertMayDecide(actor, 'reply', c, deps.province.tree, closing.pendingReview(c)?.jurisdiction);
  if (c.status !== 'concluded' || !c.result) {
    const answered = c.reply !== undefined;
    throw new InvalidTransition('previewDecisionLetter', c.status, answered ? 'the decision letter was sent: read it from the case’s letters' : 'only a concluded case not yet replied has a letter to preview').inChinese(
      answered ? '处理意见书已答复信访人，请在“文书”中查看已发出的意见书' : '只有已办结、尚未答复的事项才能预览处理意见书',
    );
  }
  const at = deps.clock.now().toISOString();
  const letter = replyLetter(deps, c, found.messages, context(deps, c, at, actor));
  const p = c.petitioner;
  const to =
    letter.delivery === 'email' && letter.message.to[0]
      ? { email: letter.message.to[0] }
      : letter.delivery === 'post' && !p.anonymous && p.address
        ? { name: addressedAs(p), address: p.address }
        : letter.delivery === 'phone' && !p.anonymous && p.phone
          ? { phone: p.phone }
          : undefined;
  return {
    caseNumber,
    version: c.version,
    composedAt: at,
    subject: letter.message.subject,
    text: letter.message.text,
    delivery: letter.delivery,
    ...(to ? { to } : {}),
    ...(letter.message.postFrom ? { postFrom: letter.message.postFrom } : {}),
  };
}

/**
 * A review (复查) or re-review (复核) requested: registered by staff, or by
 * the petitioner's email. Late or final requests are refused with the reason.
 */
export function requestCaseReview(deps: ClosingDeps, caseNumber: string, actor: ClosingActor, request: { reason: string; receivedAt?: string }, once?: OnceOnly) {
  return changeCase(deps, caseNumber, actor, 'registerReview', ({ case: c }, at) => {
    const ctx = context(deps, c, at, actor);
    const next = closing.requestReview(c, { reason: request.reason, requestedBy: 'system' in actor ? 'petitioner' : actor.staffId, ...(request.receivedAt ? { receivedAt: request.receivedAt } : {}) }, ctx);
    const review = closing.pendingReview(next.case)!;
    // The reviewing office is told what to decide; the petitioner, that the request was taken as one, by whom and by when.
    // Whose decision is disputed hears it too (not as mere material): the reviewing office will ask them for the file.
    const change = {
      ...next,
      ...onceOnly(once, next.case),
      outbox: letters(
        reviewRequestedMail(deps.province, next.case, review.level, review.jurisdiction, request.reason),
        reviewRequestedBelowMail(deps.province, next.case, review.level, review.jurisdiction),
      ),
    };
    return withNotice(change, reviewReceivedNotice(deps.province, next.case, review.level, review.jurisdiction, review.requestedAt, at));
  });
}

type ReviewDecisionInput = { outcome: NonNullable<CaseReview['outcome']>; facts: string; basis: string; decision: string };

/**
 * The reviewing level decides; its letter is the new reply (final after a
 * re-review). Where the reviewing office requires 签发 (its `replySignOff`),
 * the decision is drafted instead and waits for a leader's approval
 * (signOffCaseReviewDecision): nothing reaches the petitioner before it.
 */
export function decideCaseReview(deps: ClosingDeps, caseNumber: string, actor: Actor, decision: ReviewDecisionInput) {
  return changeCase(deps, caseNumber, actor, 'decideReview', ({ case: c, messages }, at) => {
    const pending = closing.pendingReview(c);
    if (!pending) throw new InvalidTransition('decideReview', c.status, 'no review is waiting for a decision').inChinese('该事项没有待作出意见的复查（复核）申请');
    const rule = deps.province.replySignOffFor(pending.jurisdiction);
    if (rule !== 'none') {
      const { outcome, facts, basis, decision: words } = decision;
      return draftReviewDecision(c, { outcome, facts, basis, decision: words }, rule, { at, actor: actor.staffId });
    }
    return decidedReview(deps, c, messages, at, actor, decision);
  });
}

/**
 * 签发复查（复核）意见书: a leader of the reviewing office approves the draft, and the review is decided as drafted.
 * `expectedVersion`: the version the leader read the draft at — a draft redrafted since is refused (409), not sent
 * with words the leader never read; other changes meanwhile (a note, a reminder) leave the draft as read.
 */
export function signOffCaseReviewDecision(deps: ClosingDeps, caseNumber: string, actor: Actor, expectedVersion?: number) {
  return changeCase(deps, caseNumber, actor, 'decideReview', ({ case: c, events, messages }, at) => {
    const draft = reviewDecisionToSignOff(c, actor);
    const drafted = events.filter((e) => e.type === 'reviewDecisionDrafted').at(-1);
    if (expectedVersion !== undefined && drafted && drafted.seq > expectedVersion) {
      throw new VersionConflict(caseNumber, expectedVersion).inChinese(`信访事项 ${caseNumber} 的${pendingKind(c)}意见书在阅后已重新拟制，请刷新后审阅新的拟稿再签发`);
    }
    return decidedReview(deps, c, messages, at, actor, draft, actor.staffId);
  });
}

const pendingKind = (c: Case) => (closing.pendingReview(c)?.level === 2 ? '复核' : '复查');

function decidedReview(deps: ClosingDeps, c: Case, messages: readonly CaseMessage[], at: string, actor: Actor, decision: ReviewDecisionInput, signedOffBy?: string) {
  const pending = closing.pendingReview(c)!;
  const ctx = context(deps, c, at, actor);
  const id = `review-decision:${c.caseNumber}:${pending.level}`;
  const reviewRequest = closing.reviewRequestExplained(c, pending.level, ctx);
  const nextLevel = ctx.parentOf(pending.jurisdiction);
  const letter = decisionLetter(deps.province, c, messages, {
    id,
    level: pending.level,
    facts: decision.facts,
    basis: decision.basis,
    decision: decision.decision,
    at,
    ...(reviewRequest
      ? {
          reviewRequestBy: reviewRequest.at,
          reviewRequestBasis: explanationSentence(reviewRequest.explanation, CLOCK_START_WORDS[pending.level === 1 ? 'reReviewRequest' : 'reviewRequest']),
          reviewRequestPeriod: periodWords(reviewRequest.explanation.rule),
        }
      : {}),
    ...(nextLevel ? { nextLevel } : {}),
    ...(closing.redoneAfter(c, decision.outcome) ? { redoneBy: c.handling ? deps.province.unit(c.handling.lead).name : deps.province.jurisdiction(c.jurisdiction).office.name } : {}),
  });
  const next = closing.decideReview(c, { outcome: decision.outcome, summary: decision.decision, letterId: id, delivery: letter.delivery }, { ...ctx, redoLimit: deps.province.redoAfterReviewFor(pending.jurisdiction) });
  // 撤销: the unit handles the matter again, told so by the reviewing level in the same change.
  const redo = next.event.type === 'reopened' ? reopenedNotice(deps.province, next.case, { from: pending.jurisdiction, why: '经复查，原处理意见已撤销', reason: `复查意见：${decision.decision}`, at }) : [];
  // Whose decision was reviewed hears the outcome: a changed one is theirs to carry out.
  const decided = next.case.reviews?.find((r) => r.level === pending.level);
  const told = decided ? reviewDecidedNotice(deps.province, next.case, decided) : undefined;
  return { ...next, case: forPost(withSignOff(next.case, pending.level, signedOffBy), letter.message), message: letter.message, outbox: letters(letter.mail, ...redo, told), ...signedOffEvents(next, signedOffBy) };
}

/** The decided review keeps who signed it off, its draft done with. */
function withSignOff(c: Case, level: 1 | 2, signedOffBy: string | undefined): Case {
  if (!signedOffBy) return c;
  return { ...c, reviews: c.reviews?.map((r) => (r.level === level && r.decidedAt ? (({ draft: _d, ...rest }) => ({ ...rest, signedOffBy }))(r) : r)) };
}

/** The review's decision event says who signed it off (签发). */
function signedOffEvents(next: ReturnType<typeof closing.decideReview>, signedOffBy: string | undefined) {
  if (!signedOffBy) return {};
  const mark = (e: CaseEvent): CaseEvent => (e.type === 'reviewDecided' || e.type === 'reReviewDecided' ? { ...e, detail: { ...e.detail, signedOffBy } } : e);
  return { event: mark(next.event), ...(next.precededBy ? { precededBy: next.precededBy.map(mark) } : {}) };
}

/** A decision letter for post goes on its office's 待寄送 list (shared/domain/postal.ts). */
const forPost = (c: Case, letter: CaseMessage): Case => (letter.postFrom ? withPostalLetter(c, letter, letter.postFrom) : c);

/** The one-click link's token: random, kept on the case, compared in constant time. */
export function newFollowUpToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Whether a follow-up link carries this round's token (compared in constant time). */
export function sameFollowUpToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * An answer from a form that must count once (the portal's hidden form
 * token): the key is written with the change, its outcome read from the case
 * as changed, so the confirmation page can say what was done.
 */
export interface OnceOnly {
  idempotencyKey: string;
  outcome: (c: Case) => string;
}

const onceOnly = (once: OnceOnly | undefined, c: Case) => (once ? { idempotencyKey: once.idempotencyKey, outcome: once.outcome(c) } : {});

/**
 * The petitioner answers the follow-up: by the link in the email (token
 * checked), by replying "满意" / "不满意", on the portal's tracking page once
 * the reply is out (the query code checked by the portal), or told to staff.
 * "Not satisfied" reopens the case for the handling unit.
 */
export function answerFollowUp(
  deps: ClosingDeps,
  caseNumber: string,
  actor: ClosingActor,
  answer: { satisfied: boolean; comment?: string; via: 'link' | 'email' | 'web' | 'staff'; token?: string },
  once?: OnceOnly,
) {
  return changeCase(deps, caseNumber, actor, 'recordFollowUp', ({ case: c }, at) => {
    if (answer.via === 'link') {
      // The same answer for a wrong token and an unknown case: the link reveals nothing.
      if (!c.followUp?.token || !answer.token || !sameFollowUpToken(c.followUp.token, answer.token)) {
        throw new OutOfScope('this follow-up link is not valid').inChinese('此回访链接无效');
      }
    }
    // The email asked; the portal and staff take the answer once the reply is out, before the email is due.
    if (!c.followUp?.sentAt && answer.via !== 'staff' && answer.via !== 'web') {
      throw new InvalidTransition('answerFollowUp', c.status, 'no follow-up was sent on this case').inChinese('该事项没有发送回访');
    }
    const next = closing.answerFollowUp(c, { satisfied: answer.satisfied, via: answer.via, ...(answer.comment ? { comment: answer.comment } : {}) }, context(deps, c, at, actor));
    if (!next) return next;
    // Not satisfied, and handled again: the units hear of it now, not from the first reminder weeks later.
    const reopened =
      next.event.type === 'reopened'
        ? reopenedNotice(deps.province, next.case, {
            from: c.jurisdiction,
            // On the portal nobody asked: the petitioner evaluated the answer themselves (a 回访 is the email, its link, or staff).
            why: answer.via === 'web' ? '信访人在网上信访评价办理结果为不满意' : '经回访，信访人对办理结果不满意',
            reason: answer.comment?.trim() ? `信访人意见：${answer.comment.trim()}` : '信访人未说明不满意的理由。',
            at,
          })
        : [];
    // 不满意 given by the petitioner themselves — on the portal, by the follow-up email's link or by replying to it — is
    // confirmed in writing: received, and what follows (满意 needs no answer; one told to staff hears it from them).
    // Written with the answer, under one id per round (unsatisfied-received:<case>:<round>): a form or link posted
    // again, or a reply delivered twice, changes nothing and sends nothing more.
    const confirmed = answer.via !== 'staff' && !answer.satisfied ? unsatisfiedReceivedMail(deps.province, c, next.case, at) : undefined;
    return { ...next, outbox: letters(...reopened, confirmed), ...onceOnly(once, next.case) };
  });
}

/** 结案. */
export function closeCase(deps: ClosingDeps, caseNumber: string, actor: Actor) {
  return changeCase(deps, caseNumber, actor, 'close', ({ case: c }, at) => closing.close(c, { at, actor: actor.staffId }));
}

/** 息诉罢访 declared to the office (shared/domain/closing.ts recordSettlement). */
export function recordCaseSettlement(deps: ClosingDeps, caseNumber: string, actor: Actor, request: { note: string; expectedVersion?: number | undefined }) {
  return changeCase(deps, caseNumber, actor, 'recordSettlement', ({ case: c }, at) => closing.recordSettlement(c, request, { at, actor: actor.staffId }), request.expectedVersion);
}

/**
 * 落实情况报送: the body that answered reports how it carried out the review decision that changed it
 * (shared/domain/implementation.ts); the reviewing office's 交办督办件 entry goes with the change, and it is emailed 【落实情况】.
 */
export function reportCaseImplementation(deps: ClosingDeps, caseNumber: string, actor: Actor, request: { report: string; expectedVersion?: number | undefined }) {
  return changeCase(
    deps,
    caseNumber,
    actor,
    'reportImplementation',
    ({ case: c }, at) => {
      // The reviewing office hears of it in the same write (【落实情况】); the same report again is no change and sends nothing.
      const reported = reportImplementation(c, request, { at, actor: actor.staffId });
      return reported && { ...reported, outbox: letters(implementationReportedNotice(deps.province, reported.case)) };
    },
    request.expectedVersion,
  );
}

/** 协办意见: a cooperating unit sends the lead its opinion, and the lead is told (shared/domain/cooperation.ts). */
export function giveCaseOpinion(deps: ClosingDeps, caseNumber: string, actor: Actor, request: { opinion: string; expectedVersion?: number | undefined }) {
  return changeCase(
    deps,
    caseNumber,
    actor,
    'giveOpinion',
    ({ case: c }, at) => {
      // The access policy let only a cooperating unit's staff this far.
      const given = giveCooperationOpinion(c, request.opinion, { at, actor: actor.staffId, unit: actor.unit! });
      return { ...given, outbox: letters(cooperationOpinionNotice(deps.province, given.case, actor.unit!, given.case.version)) };
    },
    request.expectedVersion,
  );
}

/**
 * 撤回: staff record the petitioner's withdrawal, or the petitioner makes it on
 * the portal (actor `petitioner`); whoever works the case, and any office owed
 * its result, is told to stop, and the petitioner gets it in writing. A
 * collective petition's is recorded only as all its representatives declared
 * it, in writing or in person (shared/domain/withdrawal.ts).
 */
export function withdrawCase(
  deps: ClosingDeps,
  caseNumber: string,
  actor: ClosingActor,
  request: WithdrawalRequest & { expectedVersion?: number | undefined },
  once?: OnceOnly,
) {
  return changeCase(
    deps,
    caseNumber,
    actor,
    'withdraw',
    ({ case: c }, at) => {
      const withdrawn = withdraw(c, request, { at, actor: actorId(actor) });
      const change = { ...withdrawn, ...onceOnly(once, withdrawn.case), outbox: letters(withdrawnNotice(deps.province, c, withdrawn.case)) };
      return withNotice(change, withdrawalNotice(deps.province, c, withdrawn.case, at));
    },
    request.expectedVersion,
  );
}

/**
 * 恢复办理: the petitioner said the withdrawal was not their will; the office
 * takes the case up again where it stood, and tells whoever the withdrawal
 * stopped and the petitioner.
 */
export function reinstateCase(deps: ClosingDeps, caseNumber: string, actor: Actor, request: { reason: string; expectedVersion?: number | undefined }) {
  return changeCase(
    deps,
    caseNumber,
    actor,
    'reinstate',
    ({ case: c }, at) => {
      const taken = reinstate(c, request.reason, { at, actor: actor.staffId, settings: deps.province.timeLimitsFor(c.jurisdiction), calendar: deps.province.calendar });
      const change = { ...taken, outbox: letters(...reinstatedNotice(deps.province, taken.case, request.reason)) };
      return withNotice(change, reinstatementNotice(deps.province, taken.case, at));
    },
    request.expectedVersion,
  );
}

/**
 * 撤销原决定: the office withdraws a wrong 不予受理 or 告知 decision; the case
 * is back to be decided, and the petitioner told (shared/domain/reconsideration.ts).
 */
export function reconsiderCase(deps: ClosingDeps, caseNumber: string, actor: Actor, request: { reason: string; expectedVersion?: number | undefined }) {
  return changeCase(
    deps,
    caseNumber,
    actor,
    'reconsider',
    ({ case: c, events }, at) => {
      const withdrawn = c.status;
      const { voided, ...taken } = reconsider(c, request.reason, { at, actor: actor.staffId, settings: deps.province.timeLimitsFor(c.jurisdiction), calendar: deps.province.calendar });
      const decision = [...events].reverse().find((e) => e.type === withdrawn);
      const decidedAt = decision?.at ?? c.updatedAt;
      // The decision's letter not yet recorded as sent leaves the list unsent. The petitioner is told of the withdrawal
      // all the same: a letter posted on Friday may be recorded on Monday, and they may hold the refusal already.
      const told = withNotice(taken, decisionWithdrawnNotice(deps.province, taken.case, withdrawn as 'declined' | 'redirected', decidedAt, at));
      // Its email, if still waiting in a queue (SES paused, parked in the dead-letter queue), is void: never sent after the withdrawal.
      const emailed = decision ? [decisionLetterId(withdrawn as 'declined' | 'redirected', caseNumber, decision.seq)] : [];
      return { ...told, ...(voided.length > 0 ? { unlisted: voided.map((l) => ({ id: l.id, at: l.at })) } : {}), voidNotifications: emailed };
    },
    request.expectedVersion,
  );
}

/** 紧急响应: a leader or the office records what was done about an urgent matter (shared/domain/urgent-response.ts). */
export function respondToUrgentCase(deps: ClosingDeps, caseNumber: string, actor: Actor, request: { note: string; expectedVersion?: number | undefined }) {
  return changeCase(deps, caseNumber, actor, 'respondUrgent', ({ case: c }, at) => respondToUrgent(c, request.note, { at, actor: actor.staffId }), request.expectedVersion);
}

/** 回避: a staff member is excluded from the case (they may neither see nor act on it). */
export function recuseStaff(deps: ClosingDeps, caseNumber: string, actor: Actor, recusal: { staffId: string; reason: string }) {
  const recused = deps.province.staff(recusal.staffId);
  if (!recused) throw new RuleViolation(`no staff member ${recusal.staffId} in the configuration`).inChinese(`系统中没有工作人员 ${recusal.staffId}`);
  if (recusal.reason.trim() === '') throw new RuleViolation('a recusal needs its reason').inChinese('回避需要说明理由');

  // Anyone may recuse themselves; recusing someone else is the office's decision.
  const decision: CaseDecision = recusal.staffId === actor.staffId ? 'read' : 'recuse';
  return changeCase(deps, caseNumber, actor, decision, ({ case: c }, at) => {
    if (c.recused?.some((r) => r.staffId === recusal.staffId)) return undefined;
    // Another's recusal is decided at their level or above (checked once the caller may see the case): a county office does not recuse the city's leaders.
    if (recusal.staffId !== actor.staffId && !deps.province.tree.isWithin(recused.jurisdiction, actor.jurisdiction)) {
      throw new RuleViolation(`${recusal.staffId} serves ${recused.jurisdiction}, a level above ${actor.jurisdiction}: their recusal is decided there`, { staffId: recusal.staffId }).inChinese(
        `${recusal.staffId} 在 ${recused.jurisdiction} 任职，比 ${actor.jurisdiction} 高一级：其回避由该级决定`,
      );
    }
    const version = c.version + 1;
    // Whoever is recused holds the case no longer: neither as its claimant nor as the leader who owns it (包案).
    const { case: next, ownershipEnded } = withRecusedOwnersRemoved({ ...c, recused: [...(c.recused ?? []), { ...recusal, by: actor.staffId, at }] });
    const after = { ...next, version, updatedAt: at };
    // The lead unit's last staff member who could work the case recused: nobody there can conclude it, nor send the
    // reply once concluded (谁承办谁答复: the unit answers). Only a worker's recusal empties it: told once, not again.
    const workable = (staffId: string) => !after.recused?.some((r) => r.staffId === staffId);
    const emptied = (unit: string | undefined) => {
      const workers = unit !== undefined ? unitWorkers(deps.province, unit) : [];
      return workers.includes(recusal.staffId) && !workers.some(workable);
    };
    const lead = c.handling?.lead;
    const unitWithoutStaff = UNIT_STILL_OWES.has(c.status) && emptied(lead) ? lead : undefined;
    // A cooperating unit so emptied would never send the lead its 协办意见 (owed only while the lead handles the case).
    const cooperatingWithoutStaff = takesOpinions(c) ? c.handling!.cooperating.find(emptied) : undefined;
    const notices = [
      // The office of the leader's level, which designates 包案 there, is told to designate another (the leader's own reason is theirs).
      ...(ownershipEnded ? [ownershipEndedByRecusalNotice(deps.province, after, ownershipEnded)] : []),
      ...(unitWithoutStaff ? [unitWithoutStaffNotice(deps.province, after, unitWithoutStaff)] : []),
      // One staff member serves one unit: a recusal empties the lead or one cooperating unit, never both (one letter id).
      ...(cooperatingWithoutStaff ? [unitWithoutStaffNotice(deps.province, after, cooperatingWithoutStaff)] : []),
    ];
    return {
      case: after,
      event: {
        caseNumber: c.caseNumber,
        seq: version,
        type: 'recused',
        at,
        actor: actor.staffId,
        reason: recusal.reason,
        detail: { staffId: recusal.staffId, ...(ownershipEnded ? { ownershipEnded } : {}), ...(unitWithoutStaff ? { unitWithoutStaff } : {}), ...(cooperatingWithoutStaff ? { cooperatingWithoutStaff } : {}) },
      },
      ...(notices.length ? { outbox: letters(...notices) } : {}),
    };
  });
}

/** While the unit still owes the case its conclusion (交办, 办理中) or its reply (办结, 待答复). */
const UNIT_STILL_OWES: ReadonlySet<Case['status']> = new Set(['assigned', 'inProgress', 'concluded']);

/** The staff of a unit who may conclude and answer its cases: its handlers and heads. */
function unitWorkers(province: ClosingDeps['province'], unitId: string): string[] {
  return province.config.staff.filter((s) => s.unit === unitId && (s.roles.includes('handler') || s.roles.includes('unitHead'))).map((s) => s.id);
}

export interface ArchiveDeps extends ClosingDeps {
  mail: MailStore;
}

/**
 * 立卷归档: the whole file — the case, its events, messages (the decision
 * letters among them) and a copy of every raw email and attachment — is
 * written under `archive/<case>/`, kept for the configured years, then
 * removed by policy: the archived case is indexed by its `retainUntil`, and
 * the retention function removes it with all its material and writes its line
 * in the destruction register (shared/app/retention.ts).
 */
export async function archiveCase(deps: ArchiveDeps, caseNumber: string, actor: Actor) {
  const found = await deps.store.get(caseNumber);
  if (!found) throw new CaseNotFound(caseNumber);
  assertMayDecide(actor, 'archive', found.case, deps.province.tree);
  if (!['closed', 'declined', 'redirected', 'withdrawn'].includes(found.case.status)) {
    throw new InvalidTransition('archive', found.case.status, 'only a closed, declined, redirected or withdrawn case is archived').inChinese(
      '只有已结案、不予受理、已告知向有权机关提出或已撤回的事项才能归档',
    );
  }
  // Before the copies are made: a case whose letters have not left, or whose review may still be asked for, is not filed.
  closing.assertNothingToPost(found.case);
  closing.assertReviewWindowPassed(found.case, deps.clock.now().toISOString(), deps.province);
  const prefix = `archive/${caseNumber}`;
  const sources = [
    ...found.case.attachments.map((a) => a.key),
    ...found.messages.flatMap((m) => [...(m.rawKey ? [m.rawKey] : []), ...m.attachments.map((a) => a.key)]),
  ];
  const copied: { from: string; to: string; present: boolean }[] = [];
  for (const key of [...new Set(sources)]) {
    const to = `${prefix}/${key}`;
    copied.push({ from: key, to, present: await deps.mail.copyObject(key, to) });
  }
  const record = { archivedAt: deps.clock.now().toISOString(), archivedBy: actor.staffId, case: found.case, events: found.events, messages: found.messages, files: copied };
  await deps.mail.putObject(`${prefix}/file.json`, new TextEncoder().encode(JSON.stringify(record, null, 2)), 'application/json');
  const archived = await changeCase(deps, caseNumber, actor, 'archive', ({ case: c }, at) =>
    closing.archive(c, { key: `${prefix}/file.json` }, { at, actor: actor.staffId, retentionYears: deps.province.config.defaults.retentionYears, limits: deps.province }),
  );
  return archived;
}
