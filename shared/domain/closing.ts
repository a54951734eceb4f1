import type { Case, CaseEvent, CaseReply, CaseResult, CaseReview, FollowUp } from './case.js';
import { WorkingCalendar } from './calendar.js';
import { chinaDate, formatChinaDateTime, formatChinaDay, formatChinaLastDay } from './case-number.js';
import { deadlineOrProvisional } from './deadlines.js';
import { InvalidTransition, RuleViolation } from './errors.js';
import { applyCommand } from './lifecycle.js';
import { BUILT_IN_SUSPENSION_GROUNDS, openSuspension } from './suspension.js';
import { opinionsMissing } from './cooperation.js';
import { assertOutcomeFits } from './outcome.js';
import { lettersUndelivered, postalLetterName } from './postal.js';
import { periodWords, withDeadline, withoutDeadlines } from './explain-deadline.js';
import { limitAndSource, limitContextOf, limitFor, type LimitSourceOf, type TimeLimit, type TimeLimitSettings } from './time-limits.js';
import { withReviewReportBack } from './report-back.js';
import { implementationOrdered } from './implementation.js';

/**
 * The end of a case (docs/domain.md, "Replies, review, follow-up, archive"):
 * the handling unit concludes (办结) and replies (答复, "谁承办谁答复") with a
 * decision letter stating the review right; the petitioner may ask the
 * next-higher level to review (复查) and then once more (复核), each within
 * its window, after which the matter is final; a follow-up (回访) asks whether
 * they are satisfied and "not satisfied" reopens the case; then it is closed
 * and archived. Pure: times, settings and the calendar come in.
 */

export interface ClosingContext {
  at: string;
  actor: string;
  settings: TimeLimitSettings;
  /** The settings of the office whose handling limit applies (clocks.ts handlingOfficeOf: the one that handed the case over); else `settings`. */
  handlingSettings?: TimeLimitSettings;
  calendar: WorkingCalendar;
}

type Change = { case: Case; event: CaseEvent };

const DAY_MS = 86_400_000;

function startClock(
  c: Case,
  clock: 'reply' | 'reviewDecision' | 'reReviewDecision' | 'handling',
  at: string,
  settings: TimeLimitSettings,
  calendar: WorkingCalendar,
  /** A period set for this round by whoever ordered it (复查机关's 重新办理期限), in place of the configured limit. */
  ordered?: { limit: TimeLimit } & LimitSourceOf,
): Case['deadlines'] {
  // A reopened case is handled again by whoever has it: its 自办 or 交办 limit (byHandling).
  const { limit, ...source } = ordered ?? limitAndSource(clock, settings, limitContextOf(c));
  const counted = deadlineOrProvisional(at, limit, calendar, source);
  // Handling counted by how the case is handled now: a later handoff may recount it (clocks.ts handlingClockAfterHandoff).
  // A period the reviewing office set is not how the case is handled: it stands through handoffs.
  const due = clock === 'handling' && !ordered ? { ...counted, explanation: { ...counted.explanation, byHandling: true as const } } : counted;
  return withDeadline({ ...c.deadlines, started: { ...c.deadlines.started, [clock]: at } }, clock, due);
}

/** The clocks of the stages after handling: none runs while the matter is handled again. */
const AFTER_HANDLING = ['reply', 'reviewDecision', 'reReviewDecision'] as const;

/**
 * 重新办理 (不满意, or a 复查 that revokes the answer): a new handling period
 * from now, and the clocks of the round before it that ran after handling
 * (答复, 复查, 复核) dropped — a deadline of the round before would stand
 * beside the new 办理期限 as if it ran; each starts again when its stage comes.
 */
export function clocksOfHandlingAgain(c: Case, at: string, settings: TimeLimitSettings, calendar: WorkingCalendar, ordered?: { limit: TimeLimit } & LimitSourceOf): Case['deadlines'] {
  const { provisional, started, ...stopped } = withoutDeadlines(c.deadlines, AFTER_HANDLING);
  const stillProvisional = (provisional ?? []).filter((clock) => !(AFTER_HANDLING as readonly string[]).includes(clock));
  const stillStarted = Object.fromEntries(Object.entries(started ?? {}).filter(([clock]) => !(AFTER_HANDLING as readonly string[]).includes(clock)));
  const deadlines: Case['deadlines'] = { ...stopped, ...(stillProvisional.length ? { provisional: stillProvisional } : {}), started: stillStarted };
  return startClock({ ...c, deadlines }, 'handling', at, settings, calendar, ordered);
}

/** 办结: the handling unit records the facts, the basis and the decision; the reply clock starts. */
export function conclude(c: Case, input: Omit<CaseResult, 'concludedAt' | 'concludedBy' | 'unit'>, ctx: ClosingContext): Change {
  for (const [field, label] of [['facts', '查明的事实'], ['basis', '政策或法律依据'], ['decision', '处理意见']] as const) {
    if (input[field].trim() === '') throw new RuleViolation(`the result needs ${field} (${label})`, { field }).inChinese(`办理结果需要填写${label}`).about(field);
  }
  assertOutcomeFits(c.category, input.outcome);
  assertNotSuspended(c, 'conclude');
  // A case is concluded from work in progress; one still only assigned is started by the conclusion, and so is
  // one the office accepted and handles itself (自办: no unit has it).
  const working = c.status === 'assigned' || selfHandled(c) ? { ...c, status: 'inProgress' as const } : c;
  const next = applyCommand(working, { action: 'conclude', summary: input.decision }, ctx);
  const result: CaseResult = { ...input, concludedAt: ctx.at, concludedBy: ctx.actor, ...(c.handling ? { unit: c.handling.lead } : {}) };
  // The first conclusion stays the case's for statistics when it is reopened and concluded again (Case.firstConclusion).
  const firstConclusion = c.firstConclusion ?? { at: ctx.at, ...(c.deadlines.handling ? { handlingDeadline: c.deadlines.handling } : {}), outcome: input.outcome };
  // 汇总配合单位的意见: a cooperating unit's silence does not hold up the answer, but it is on record.
  const missing = opinionsMissing(c);
  return {
    case: { ...next.case, result, firstConclusion, deadlines: startClock(c, 'reply', ctx.at, ctx.settings, ctx.calendar) },
    event: { ...next.event, from: c.status, detail: { ...lapsedOf(next.event), outcome: input.outcome, ...(c.handling ? { unit: c.handling.lead } : {}), ...(missing.length ? { withoutOpinionsOf: missing } : {}) } },
  };
}

/**
 * 中止: while a hearing or an appraisal stops the clock, the matter is not
 * decided — its end is recorded first (resume, which tells the petitioner the
 * clock runs again and moves the deadline), then the decision.
 */
function assertNotSuspended(c: Case, action: 'conclude' | 'decideReview'): void {
  const open = openSuspension(c);
  // Only the clock of the decision being made: a suspension left open on another clock does not hold it up.
  if (!open || open.clock !== (action === 'conclude' ? 'handling' : pendingReview(c)?.level === 2 ? 'reReviewDecision' : 'reviewDecision')) return;
  const ground = BUILT_IN_SUSPENSION_GROUNDS[open.ground] ?? open.ground;
  throw new InvalidTransition(action, c.status, `the clock is suspended (中止, ${ground}) since ${chinaDate(open.suspendedAt)}: record that it resumes (恢复计时) before deciding the matter`).inChinese(
    `该事项自${formatChinaDay(open.suspendedAt)}起因${ground}中止计时，请先记录恢复计时，再作出${action === 'conclude' ? '办理结果' : '复查（复核）意见'}`,
  );
}

/** A waiting 延期 request the change let lapse (applyCommand), kept when the event's detail is written anew. */
const lapsedOf = (event: CaseEvent) => (event.detail?.extensionRequestLapsed ? { extensionRequestLapsed: event.detail.extensionRequestLapsed } : {});

/** 自办: an accepted case no unit has, which the office handles itself (it may conclude and reply as the unit would). */
export function selfHandled(c: Pick<Case, 'status' | 'handling'>): boolean {
  return c.status === 'accepted' && c.handling === undefined;
}

/** The next-higher jurisdiction, which reviews a decision of `decidedBy`. */
export type ParentOf = (jurisdiction: string) => string | undefined;

/**
 * 答复: the decision letter goes out (or is posted). It states the right to a
 * review and its deadline (none after a re-review: the matter is final). The
 * follow-up falls due `followUpAfterDays` later.
 */
export function reply(
  c: Case,
  letter: { letterId: string; delivery: CaseReply['delivery'] },
  ctx: ClosingContext & { followUpAfterDays: number },
): Change {
  const next = applyCommand(c, { action: 'reply' }, ctx);
  // A case handled again after its 复查 was decided (reopened by 不满意) answers with a 处理意见 whose next step is 复核.
  return { case: withReply(next.case, c, letter, 0, ctx, c.reviewLevel), event: { ...next.event, detail: { letterId: letter.letterId, delivery: letter.delivery } } };
}

/**
 * The last moment a reply of `level` lets the petitioner ask for the next
 * review (复查 after the original, 复核 after a review); none after a
 * re-review: the matter is final.
 */
export function reviewRequestDeadline(c: Case, level: 0 | 1 | 2, ctx: Pick<ClosingContext, 'at' | 'settings' | 'calendar'>): string | undefined {
  return reviewRequestExplained(c, level, ctx)?.at;
}

/** reviewRequestDeadline with how it was counted, for the decision letter's sentence. */
export function reviewRequestExplained(c: Case, level: 0 | 1 | 2, ctx: Pick<ClosingContext, 'at' | 'settings' | 'calendar'>): ReturnType<typeof deadlineOrProvisional> | undefined {
  if (level === 2) return undefined;
  const { limit, ...source } = limitAndSource(level === 0 ? 'reviewRequest' : 'reReviewRequest', ctx.settings, { channel: c.channel, ...(c.category ? { category: c.category } : {}) });
  return deadlineOrProvisional(ctx.at, limit, ctx.calendar, source, 'petitioner');
}

function withReply(
  next: Case,
  before: Case,
  letter: { letterId: string; delivery: CaseReply['delivery'] },
  level: 0 | 1 | 2,
  ctx: ClosingContext & { followUpAfterDays: number },
  /** The reviews decided so far, which say what the petitioner may ask next (复查 after none, 复核 after one). */
  reviewsDecided: 0 | 1 | 2 = level,
): Case {
  // No window for an anonymous petitioner: no one can ask for the review (requestReview refuses it), and archiving waits on none.
  const reviewRequestBy = before.petitioner.anonymous ? undefined : reviewRequestDeadline(before, reviewsDecided, ctx);
  return {
    ...next,
    reply: { at: ctx.at, by: ctx.actor, letterId: letter.letterId, delivery: letter.delivery, level, ...(reviewRequestBy ? { reviewRequestBy } : {}) },
    // Anonymous petitioners cannot be asked; the others are, once per reply.
    ...(before.petitioner.anonymous
      ? {}
      : {
          followUp: {
            dueAt: new Date(Date.parse(ctx.at) + ctx.followUpAfterDays * DAY_MS).toISOString(),
            round: (before.followUp?.round ?? 0) + 1,
            // The petitioner's latest answer stands (满意率) until they answer this round.
            ...withPreviousAnswer(before.followUp),
          },
        }),
  };
}

/** The latest answer of a follow-up's rounds so far, for the next round to keep (FollowUp.previousAnswer). */
function withPreviousAnswer(followUp: Case['followUp']): { previousAnswer?: NonNullable<FollowUp['previousAnswer']> } {
  if (followUp?.answeredAt && followUp.satisfied !== undefined) return { previousAnswer: { satisfied: followUp.satisfied, answeredAt: followUp.answeredAt } };
  return followUp?.previousAnswer ? { previousAnswer: followUp.previousAnswer } : {};
}

/** The level a new review request would be (1: 复查, 2: 复核), and who reviews it. */
export function nextReview(c: Case, parentOf: ParentOf): { level: 1 | 2; jurisdiction: string } {
  if (c.reviewLevel === 2) throw new RuleViolation('the matter was re-reviewed (复核) and is final: it is not reviewed again', { final: true }).inChinese('该事项已经复核，复核意见为最终意见，不再复查');
  const level = (c.reviewLevel + 1) as 1 | 2;
  const decidedBy = level === 1 ? c.jurisdiction : c.reviews?.find((r) => r.level === 1)?.jurisdiction ?? c.jurisdiction;
  const jurisdiction = parentOf(decidedBy);
  if (!jurisdiction) {
    throw new RuleViolation(`there is no level above ${decidedBy} to ${level === 1 ? 'review' : 're-review'} the decision`, { noLevelAbove: true, level }).inChinese(
      `${decidedBy} 没有上一级机关${level === 1 ? '复查' : '复核'}该处理意见`,
    );
  }
  return { level, jurisdiction };
}

/** The review the petitioner may ask for next, or none (final, or no level above). */
export function nextReviewOrNone(c: Case, parentOf: ParentOf): { level: 1 | 2; jurisdiction: string } | undefined {
  try {
    return nextReview(c, parentOf);
  } catch (error) {
    if (error instanceof RuleViolation) return undefined;
    throw error;
  }
}

/** A limit in an error message: "30 days", "15 working days". */
const limitWords = (limit: { days: number; count: 'calendar' | 'working' }) => `${limit.days} ${limit.count === 'working' ? 'working days' : 'days'}`;

/**
 * A filed case (立卷归档) was answered, and filed only once its review window had passed (assertReviewWindowPassed)
 * or the matter was final: a review request now is refused for that reason — the day the window ended, or 复核
 * final — not as if no answer had been given.
 */
export const isFiledAfterReply = (c: Pick<Case, 'status' | 'reply'>): boolean => c.status === 'archived' && c.reply !== undefined;

/** The written answer is out (replied, closed, or filed after it): a review request is judged on its window. */
export const writtenAnswerGiven = (c: Pick<Case, 'status' | 'reply'>): boolean => c.status === 'replied' || c.status === 'closed' || isFiledAfterReply(c);

/**
 * 复查 / 复核 requested: within the window the decision letter stated (30
 * days by default), to the next-higher level, which must decide within its
 * limit. Both count from when the request was received (`receivedAt`, by
 * default now): a letter that came on the last day and is keyed in the next
 * is on time, and the reviewer's 30 days run from its arrival
 * (自收到复查请求之日起).
 */
export function requestReview(
  c: Case,
  request: { reason: string; requestedBy: string; receivedAt?: string },
  ctx: ClosingContext & { parentOf: ParentOf },
): Change {
  if (c.status === 'underReview' || c.status === 'underReReview') {
    const kind = c.status === 'underReview' ? '复查' : '复核';
    throw new InvalidTransition('requestReview', c.status, `a ${c.status === 'underReview' ? 'review' : 're-review'} was asked for already and awaits its decision`).inChinese(
      `该事项已申请${kind}，正在等待${kind}意见，不能重复申请`,
    );
  }
  const filedAfterReply = isFiledAfterReply(c);
  if (!writtenAnswerGiven(c)) {
    throw new InvalidTransition('requestReview', c.status, 'a review can be asked for only after the written reply').inChinese('书面答复后才能申请复查');
  }
  // 第三十五条: the petitioner dissatisfied with the written answer asks; an anonymous petition has no answer and nobody to ask.
  if (c.petitioner.anonymous) throw new InvalidTransition('requestReview', c.status, 'an anonymous petition has no petitioner to ask for a review (复查)').inChinese('匿名信访事项没有可以申请复查的信访人');
  // As an instant in UTC, so it compares with the stored deadlines.
  const received = request.receivedAt ? new Date(request.receivedAt).toISOString() : ctx.at;
  if (Date.parse(received) > Date.parse(ctx.at)) {
    throw new RuleViolation(`the request cannot have been received (${received}) later than now`, { field: 'receivedAt' }).inChinese(`申请的收到时间（${formatChinaDateTime(received)}）不能晚于现在`);
  }
  if (c.reply && Date.parse(received) < Date.parse(c.reply.at)) {
    throw new RuleViolation(`the request cannot have been received (${received}) before the written reply it disputes (${c.reply.at})`, { field: 'receivedAt' }).inChinese(
      `申请的收到时间（${formatChinaDateTime(received)}）不能早于所不服的书面答复（${formatChinaDateTime(c.reply.at)}）`,
    );
  }
  const { level, jurisdiction } = nextReview(c, ctx.parentOf);
  const by = reviewRequestByNow(c, (level - 1) as 0 | 1, ctx);
  if (by && received >= by) {
    // 自收到之日起: a letter on paper reaches the petitioner some days after it is posted, on a day only its receipt
    // (签收, the postal return slip or tracking) tells; counted from the posting day, a request in time could look late.
    const letter = c.reply ? c.postalLetters?.find((l) => l.id === c.reply!.letterId) : undefined;
    const unknown = letter && !letter.receivedOn && !letter.handedOn && (letter.channel !== 'phone' || !letter.toldOn);
    if (unknown) {
      throw new RuleViolation(
        `the ${level === 1 ? 'reply' : 'review decision'} went on paper and when the petitioner received it is not recorded: the time limit runs from its receipt, so record the day it was received (签收) first`,
        { receiptNeeded: true, letterId: letter.id, level, ...(letter.channel === 'phone' ? { byPhone: true } : {}) },
      ).inChinese(
        letter.channel === 'phone'
          ? `该${level === 1 ? '书面答复' : '复查意见'}尚未登记电话告知，期限自信访人知悉之日起算：请先记录电话告知，再受理或驳回该申请`
          : `该${level === 1 ? '书面答复' : '复查意见'}${letter.postedOn ? '为邮寄送达' : '尚未登记寄出'}，期限自信访人收到之日起算，而签收日期尚未登记：请先按邮件回执或投递记录登记签收日期，再受理或驳回该申请`,
      );
    }
    const limit = limitFor(level === 1 ? 'reviewRequest' : 'reReviewRequest', ctx.settings, { channel: c.channel, ...(c.category ? { category: c.category } : {}) });
    throw new RuleViolation(
      `the request came after the time limit: a ${level === 1 ? 'review (复查)' : 're-review (复核)'} had to be requested by ${formatChinaLastDay(by)}, within ${limitWords(limit)} of the written ${level === 1 ? 'reply' : 'review decision'}`,
      // The period as the petitioner is told it (30日, 15个工作日).
      { requestBy: by, period: periodWords(limit), level },
    ).inChinese(
      `申请已超过期限：${level === 1 ? '复查' : '复核'}应当自收到书面${level === 1 ? '答复' : '复查意见'}之日起${periodWords(limit)}内提出，即不晚于${formatChinaLastDay(by)}`,
    );
  }
  if (filedAfterReply) {
    // Only when a holiday published after the filing rolled the last day on past it (reviewRequestByNow): the file is closed.
    throw new InvalidTransition('requestReview', c.status, 'the case is filed (立卷归档): a review request is taken by the office in writing, which registers it anew').inChinese(
      '该事项已立卷归档，不能在原件上申请复查（复核）；请书面向复查（复核）机关提出，由其重新登记',
    );
  }
  const next = applyCommand(c, { action: level === 1 ? 'requestReview' : 'requestReReview', reason: request.reason }, ctx);
  const review: CaseReview = { level, jurisdiction, requestedAt: received, requestedBy: request.requestedBy, reason: request.reason };
  const clock = level === 1 ? 'reviewDecision' : 'reReviewDecision';
  // Asking for a review is disputing the outcome: no longer 息诉罢访, whatever was said before.
  const { settled, ...reviewed } = next.case;
  return {
    case: { ...reviewed, reviews: [...(c.reviews ?? []), review], deadlines: startClock(c, clock, received, ctx.settings, ctx.calendar) },
    event: {
      ...next.event,
      detail: { level, jurisdiction, requestedBy: request.requestedBy, ...(received !== ctx.at ? { receivedAt: received } : {}), ...(settled ? { settlementWithdrawn: settled.at } : {}) },
    },
  };
}

/**
 * The last moment to ask for the review, as the law has it now: the day the
 * letter stated — counted, in a year whose holiday calendar was not yet
 * published, past weekends and statutory holidays only — or, now that the calendar is in, the later
 * day a holiday rolls it to (《民法典》第二百零三条). Never earlier than stated.
 */
export function reviewRequestByNow(c: Case, reviewsDecided: 0 | 1, ctx: Pick<ClosingContext, 'settings' | 'calendar'>): string | undefined {
  const stated = c.reply?.reviewRequestBy;
  if (!stated || !c.reply) return stated;
  const from = windowStart(c, c.reply);
  // Only a day counted provisionally (no notice for its year then) is looked at again: by the statutory holidays
  // and weekends, or — stated before the statutory table was kept — by the weekends alone.
  const provisional = [ctx.calendar.withoutNotices(), NO_CALENDAR].map((calendar) => reviewRequestDeadline(c, reviewsDecided, { at: from, settings: ctx.settings, calendar }));
  if (!provisional.includes(stated)) return stated;
  const counted = reviewRequestDeadline(c, reviewsDecided, { at: from, settings: ctx.settings, calendar: ctx.calendar });
  return counted && counted > stated ? counted : stated;
}

/**
 * Where the window was counted from: the written reply, or — for a letter
 * posted or told by phone — noon of the day it left or was told, or of the
 * day it was received (签收) or handed over (当面送达), as
 * shared/app/post-letter.ts recounted it.
 */
function windowStart(c: Case, reply: CaseReply): string {
  const letter = c.postalLetters?.find((l) => l.id === reply.letterId);
  // Handed over after a call: the written reply's day is the later, the one the window was last counted from.
  const day = letter?.receivedOn ?? letter?.handedOn ?? letter?.postedOn ?? letter?.toldOn;
  return day ? new Date(`${day}T12:00:00+08:00`).toISOString() : reply.at;
}

/** A calendar of no year: every period counted by the weekends alone, as before a year's holidays are published. */
const NO_CALENDAR = new WorkingCalendar([]);

/** The pending review, if any. */
export function pendingReview(c: Pick<Case, 'reviews'>): CaseReview | undefined {
  return c.reviews?.find((r) => r.decidedAt === undefined);
}

/**
 * The jurisdiction whose clock runs: the reviewing level while a review
 * (复查/复核) waits for its decision, otherwise the case's own.
 */
export function actingJurisdiction(c: Pick<Case, 'status' | 'reviews' | 'jurisdiction'>): string {
  const review = c.status === 'underReview' || c.status === 'underReReview' ? pendingReview(c) : undefined;
  return review?.jurisdiction ?? c.jurisdiction;
}

/** The level whose letter is the case's last reply: the reviewing level's after a review decision, else the office holding the case. */
export function lastReplyBy(c: Pick<Case, 'status' | 'reviews' | 'jurisdiction' | 'reply'>): string {
  const level = c.reply?.level ?? 0;
  return (level > 0 ? c.reviews?.find((r) => r.level === level)?.jurisdiction : undefined) ?? actingJurisdiction(c);
}

/**
 * The reviewing level decides (复查意见 / 复核意见); its letter is the new
 * reply. After a re-review the matter is final. A 复查 that revokes sends the
 * matter back (redoneAfter) within `redoLimit`, the reviewing office's
 * 重新办理期限 where it sets one, else the handling limit anew; the new
 * answer is reported back to the reviewing office (withReviewReportBack).
 */
export function decideReview(
  c: Case,
  decision: { outcome: NonNullable<CaseReview['outcome']>; summary: string; letterId: string; delivery: CaseReply['delivery'] },
  ctx: ClosingContext & { followUpAfterDays: number; redoLimit?: TimeLimit | undefined },
): Change & { precededBy?: CaseEvent[] } {
  const pending = pendingReview(c);
  if (!pending) throw new InvalidTransition('decideReview', c.status, 'no review is waiting for a decision').inChinese('该事项没有待作出意见的复查（复核）申请');
  if (decision.summary.trim() === '') throw new RuleViolation('a review decision needs its reasons').inChinese('复查（复核）意见需要写明理由');
  assertNotSuspended(c, 'decideReview');
  const next = applyCommand(c, { action: pending.level === 1 ? 'decideReview' : 'decideReReview', summary: decision.summary }, ctx);
  // A draft still on the review (drafted under a 签发 rule the office has since dropped) is done with: decided, nothing waits.
  const reviews = (c.reviews ?? []).map((r): CaseReview => {
    if (r !== pending) return r;
    const { draft: _draft, ...rest } = r;
    return { ...rest, decidedAt: ctx.at, decidedBy: ctx.actor, outcome: decision.outcome, summary: decision.summary };
  });
  const replied = withReply({ ...next.case, reviews }, c, { letterId: decision.letterId, delivery: decision.delivery }, pending.level, ctx);
  // 变更 (or a 复核 撤销): the body that answered carries the decision out and reports back to the reviewing office by the day set.
  const implementation = implementationOrdered(pending.level, decision.outcome) ? orderedImplementation(c, pending, ctx) : undefined;
  const decided: Change = {
    case: implementation ? { ...replied, implementation } : replied,
    event: { ...next.event, detail: { level: pending.level, outcome: decision.outcome, letterId: decision.letterId, ...(implementation ? { implementationDue: implementation.dueAt, reportBackTo: implementation.orderedBy } : {}) } },
  };
  if (!redoneAfter(c, decision.outcome)) return decided;
  // 撤销: the decision is set aside and the unit handles the matter again within a new handling period, then answers anew (the next step 复核).
  const reopened = applyCommand(decided.case, { action: 'reopen', reason: `复查撤销原处理意见：${decision.summary}` }, ctx);
  const { result: _r, reply: _p, followUp: _f, settled: _s, ...rest } = reopened.case;
  const ordered = ctx.redoLimit ? { limit: ctx.redoLimit, source: 'jurisdiction' as const, key: pending.jurisdiction } : undefined;
  const deadlines = clocksOfHandlingAgain(decided.case, ctx.at, ctx.handlingSettings ?? ctx.settings, ctx.calendar, ordered);
  return {
    // The follow-up waits for the new answer; its rounds keep counting (each round's letter has its own id).
    case: withReviewReportBack({ ...rest, ...(c.followUp ? { followUp: c.followUp } : {}), deadlines }, pending.jurisdiction),
    event: { ...reopened.event, detail: { review: pending.level, revoked: true, reportBackTo: pending.jurisdiction, ...(deadlines.handling ? { handlingDeadline: deadlines.handling } : {}) } },
    precededBy: [decided.event],
  };
}

/**
 * 落实 ordered by the reviewing office: reported back within its 重新办理期限 where it sets one, else the answering
 * body's handling limit (条例 第三十四条), from the decision — the limit it would have to handle the matter anew.
 */
function orderedImplementation(c: Case, pending: CaseReview, ctx: ClosingContext & { redoLimit?: TimeLimit | undefined }): NonNullable<Case['implementation']> {
  const { limit, ...source } = ctx.redoLimit ? { limit: ctx.redoLimit, source: 'jurisdiction' as const, key: pending.jurisdiction } : limitAndSource('handling', ctx.handlingSettings ?? ctx.settings, limitContextOf(c));
  const unit = c.result?.unit ?? c.handling?.lead;
  return { review: pending.level, orderedBy: pending.jurisdiction, orderedAt: ctx.at, dueAt: deadlineOrProvisional(ctx.at, limit, ctx.calendar, source).at, ...(unit ? { unit } : {}) };
}

/** Whether a review decision sends the matter back to be handled again: a 复查 that revokes (撤销) the decision of a unit, or of the office that handled it itself (自办). */
export function redoneAfter(c: Pick<Case, 'status'>, outcome: NonNullable<CaseReview['outcome']>): boolean {
  return outcome === 'revoked' && c.status === 'underReview';
}

/**
 * Whether 不满意 at the follow-up sends the case back to its unit: only when
 * the answer asked about is the unit's (or the office's own) handling —
 * reply level 0, also a new answer after a 复查 revoked the first. A review's
 * decision (复查意见 upheld or revised) binds the level below: the unit
 * handling it again could overturn it, and the petitioner's way on is 复核.
 * After 复核 the matter is final. Otherwise the answer is recorded only.
 */
export function unsatisfiedReopens(c: Pick<Case, 'reviewLevel' | 'reply'>): boolean {
  return c.reviewLevel < 2 && (c.reply?.level ?? 0) === 0;
}

/**
 * What 不满意 does to this answer (unsatisfiedReopens), for the words put
 * before the choice: handled again; only recorded after a 复查's decision,
 * with 复核 the way on; or recorded on a matter that goes no further — a
 * 复核 decided, or a 复查 decided by the top of the tree, with no level
 * above to re-review it (`reviewAbove`: whether a level would review it next).
 */
export function unsatisfiedLeadsTo(c: Pick<Case, 'reviewLevel' | 'reply'>, reviewAbove: boolean): 'handledAgain' | 'recordedAfterReview' | 'recordedFinal' {
  if (unsatisfiedReopens(c)) return 'handledAgain';
  return c.reviewLevel < 2 && reviewAbove ? 'recordedAfterReview' : 'recordedFinal';
}

/**
 * Refuses an answer to a follow-up the case no longer asks: under review, or
 * handled again after a 撤销 (it will ask about the new answer), or filed
 * (立卷归档: nothing reopens it; the petitioner raises anything new anew).
 */
export function assertFollowUpOpen(c: Pick<Case, 'status'>): void {
  if (c.status === 'replied' || c.status === 'closed') return;
  if (c.status === 'archived') {
    throw new InvalidTransition('answerFollowUp', c.status, 'the case is filed (立卷归档): its follow-up is over and no answer is recorded').inChinese(
      '该事项已办结归档，回访已经结束，不再记录评价。如有新的情况，可以重新提交信访事项。',
    );
  }
  // Under review, or handled again after a 撤销: the follow-up asks about an answer the petitioner has yet to get.
  throw new InvalidTransition('answerFollowUp', c.status, 'the case is under review or being handled again: the follow-up will ask about its new answer').inChinese(
    '该事项正在复查（复核）或重新办理，回访将针对新的答复进行',
  );
}

/**
 * The petitioner's answer to the follow-up. Satisfied: recorded (息诉罢访).
 * Not satisfied: recorded, and — unless the matter is final
 * (unsatisfiedReopens) — the case reopens for the handling unit with a new
 * handling period. A second answer to the same round changes nothing.
 */
export function answerFollowUp(
  c: Case,
  answer: { satisfied: boolean; comment?: string; via: 'link' | 'email' | 'web' | 'staff' },
  ctx: ClosingContext,
): Change | undefined {
  if (!c.followUp) throw new InvalidTransition('answerFollowUp', c.status, 'no follow-up was made on this case').inChinese('该事项没有进行回访');
  if (c.followUp.answeredAt) return undefined;
  assertFollowUpOpen(c);
  // On the portal the petitioner answers beside the 处理意见书 the tracking page shows them: reading it there is having it.
  if (answer.via !== 'web' && answerUndelivered(c)) {
    throw new InvalidTransition('answerFollowUp', c.status, 'the decision letter has not reached the petitioner yet (not marked posted, or not told by phone): follow up once it has').inChinese(
      '处理意见书尚未送达信访人（未记录寄出、电话告知或当面送达），请送达后再回访',
    );
  }
  // This round's answer replaces an earlier round's (FollowUp.previousAnswer).
  const { previousAnswer: _previous, ...asked } = c.followUp;
  const followUp = { ...asked, answeredAt: ctx.at, satisfied: answer.satisfied, via: answer.via, ...(answer.comment ? { comment: answer.comment } : {}) };
  const detail = { satisfied: answer.satisfied, via: answer.via, round: c.followUp.round };
  if (answer.satisfied || !unsatisfiedReopens(c)) {
    const version = c.version + 1;
    // Satisfied with the outcome at the follow-up: 息诉罢访 (kept if it was declared before).
    const settled = answer.satisfied ? (c.settled ?? { at: ctx.at, by: ctx.actor, how: 'followUp' as const }) : c.settled;
    return {
      case: { ...c, followUp, ...(settled ? { settled } : {}), version, updatedAt: ctx.at },
      event: {
        caseNumber: c.caseNumber,
        seq: version,
        type: 'followUpAnswered',
        at: ctx.at,
        actor: ctx.actor,
        detail: { ...detail, ...(answer.satisfied && !c.settled ? { settled: true } : {}) },
        ...(answer.comment ? { reason: answer.comment } : {}),
      },
    };
  }
  // Evaluated on the portal, nobody followed up: the record says which it was, as the unit's 【重新办理】 does.
  const reopened = applyCommand(c, { action: 'reopen', reason: answer.comment?.trim() || (answer.via === 'web' ? '网上信访评价不满意' : '回访不满意') }, ctx);
  const { result: _r, reply: _p, settled: _s, ...rest } = reopened.case;
  return {
    case: { ...rest, followUp, deadlines: clocksOfHandlingAgain(c, ctx.at, ctx.handlingSettings ?? ctx.settings, ctx.calendar) },
    event: { ...reopened.event, detail: { ...detail, followUp: true } },
  };
}

/**
 * 息诉罢访 declared: the petitioner tells the office they accept the outcome
 * and will pursue the matter no further (a signed statement, an agreement
 * reached with the unit, said at a visit), recorded with how. Only once the
 * written reply is out, and not while a review of it is pending.
 */
export function recordSettlement(c: Case, request: { note: string }, ctx: { at: string; actor: string }): Change {
  if (c.status !== 'replied' && c.status !== 'closed') {
    throw new InvalidTransition('recordSettlement', c.status, '息诉罢访 is recorded once the written reply is out').inChinese('书面答复后才能记录息诉罢访');
  }
  if (c.petitioner.anonymous) throw new InvalidTransition('recordSettlement', c.status, 'an anonymous petition has no petitioner to declare 息诉罢访').inChinese('匿名信访事项没有可以表示息诉罢访的信访人');
  if (c.settled) {
    throw new InvalidTransition('recordSettlement', c.status, `already recorded as settled on ${formatChinaLastDay(c.settled.at)} (${c.settled.how === 'followUp' ? 'satisfied at the follow-up' : 'declared'})`).inChinese(
      `已于${formatChinaLastDay(c.settled.at)}记录息诉罢访（${c.settled.how === 'followUp' ? '回访时表示满意' : '信访人表示息诉罢访'}）`,
    );
  }
  const note = request.note.trim();
  const version = c.version + 1;
  return {
    case: { ...c, settled: { at: ctx.at, by: ctx.actor, how: 'declared', note }, version, updatedAt: ctx.at },
    event: { caseNumber: c.caseNumber, seq: version, type: 'settled', at: ctx.at, actor: ctx.actor, reason: note, detail: { how: 'declared' } },
  };
}

/** 结案. */
export function close(c: Case, ctx: { at: string; actor: string }): Change {
  // 结案 once the petitioner has the answer: a decision letter still to post or to tell by phone keeps the case open.
  assertNothingToPost(c, 'close');
  const next = applyCommand(c, { action: 'close' }, ctx);
  return { case: { ...next.case, closedAt: ctx.at }, event: next.event };
}

/**
 * 立卷归档: the file is kept until `retainUntil` (the configured years after
 * archiving), then removed by policy.
 */
export function archive(c: Case, record: { key: string }, ctx: { at: string; actor: string; retentionYears: number; limits: ReviewLimits }): Change {
  assertNothingToPost(c);
  assertReviewWindowPassed(c, ctx.at, ctx.limits);
  const next = applyCommand(c, { action: 'archive' }, ctx);
  const until = new Date(ctx.at);
  until.setUTCFullYear(until.getUTCFullYear() + ctx.retentionYears);
  return {
    case: { ...next.case, archive: { at: ctx.at, key: record.key, retainUntil: until.toISOString() } },
    event: { ...next.event, detail: { key: record.key, retainUntil: until.toISOString() } },
  };
}

/** Where a case's review window is counted: its jurisdiction's limits and the province's calendar (the Province has both). */
export interface ReviewLimits {
  timeLimitsFor(jurisdiction: string): TimeLimitSettings;
  readonly calendar: WorkingCalendar;
}

/** Now, and the limits a review window is counted by: for what depends on the time too. */
export interface ReviewNow {
  at: string;
  limits: ReviewLimits;
}

/**
 * The last moment to ask for the next review of the reply, as the law has it
 * now (reviewRequestByNow): the day the letter stated, or the later day a
 * holiday published since rolls it to. Undefined after a 复核 (final).
 */
export function nextReviewRequestBy(c: Case, limits: ReviewLimits): string | undefined {
  // An anonymous petitioner cannot ask (a reply stored before this rule may still carry a day).
  if (c.reviewLevel >= 2 || c.petitioner.anonymous) return undefined;
  return reviewRequestByNow(c, c.reviewLevel as 0 | 1, { settings: limits.timeLimitsFor(c.jurisdiction), calendar: limits.calendar });
}

/**
 * Whether the petitioner may still ask for a review (复查, 复核) of the reply:
 * the case is not filed (立卷归档) meanwhile, since an archived case cannot
 * take the request the decision letter promised. Closing it (结案) is fine:
 * a closed case still takes a review and its follow-up. Counted as the
 * request itself is (nextReviewRequestBy), so what is refused, filed and told agree.
 */
export function reviewWindowOpen(c: Case, at: string, limits: ReviewLimits): boolean {
  const by = nextReviewRequestBy(c, limits);
  return by !== undefined && at < by;
}

/** Refuses to file a case while the petitioner may still ask for a review (reviewWindowOpen). */
export function assertReviewWindowPassed(c: Case, at: string, limits: ReviewLimits): void {
  if (reviewWindowOpen(c, at, limits)) {
    const until = formatChinaLastDay(nextReviewRequestBy(c, limits)!);
    throw new InvalidTransition('archive', c.status, `the petitioner may still ask for a ${c.reviewLevel === 0 ? 'review (复查)' : 're-review (复核)'} until ${until}: file the case after that`).inChinese(
      `信访人在${until}前仍可申请${c.reviewLevel === 0 ? '复查' : '复核'}，请在此之后归档`,
    );
  }
}

/** A case is filed once the petitioner has been told: no letter for post, nor one to tell by phone, may still be waiting (立卷归档 after 书面告知). */
export function assertNothingToPost(c: Case, action: 'archive' | 'close' = 'archive'): void {
  const waiting = lettersUndelivered(c);
  if (waiting.length) {
    const named = waiting.map((l) => `${postalLetterName(l.kind)} (${l.id}, ${l.channel === 'phone' ? 'to tell by phone' : 'to post'})`).join(', ');
    // Staff know a letter by its name and the day it was written, not by its message id.
    const namedInChinese = waiting.map((l) => `${postalLetterName(l.kind)}（${formatChinaDay(l.at)}，${l.channel === 'phone' ? '待电话告知' : '待寄送'}）`).join('、');
    throw new InvalidTransition(action, c.status, `letters the petitioner has not been given yet: ${named}; post them or telephone, and record it first`).inChinese(
      `以下书面告知尚未送达信访人：${namedInChinese}；请先寄出、电话告知或当面送达并记录，再${action === 'close' ? '结案' : '归档'}`,
    );
  }
}

/**
 * 回访 that staff make (待回访): the follow-up of a replied (or closed) case is
 * due and unanswered, and the petitioner has no email for the sweep's
 * one-click letter — the office calls or writes and records the answer
 * (POST /cases/{n}/follow-up). When it is due: absent otherwise.
 */
/**
 * Whether the answer (the latest decision letter) has yet to reach the
 * petitioner: printed but not posted, or not yet told by phone. Nobody is
 * asked whether they are satisfied with an answer they do not have.
 */
export function answerUndelivered(c: Pick<Case, 'reply' | 'postalLetters'>): boolean {
  const id = c.reply?.letterId;
  return id !== undefined && lettersUndelivered(c).some((l) => l.id === id);
}

export function staffFollowUpDueAt(c: Pick<Case, 'followUp' | 'petitioner' | 'status' | 'reply' | 'postalLetters'>): string | undefined {
  if (!c.followUp || c.followUp.answeredAt || c.petitioner.anonymous || c.petitioner.email || answerUndelivered(c)) return undefined;
  return c.status === 'replied' || c.status === 'closed' ? c.followUp.dueAt : undefined;
}
