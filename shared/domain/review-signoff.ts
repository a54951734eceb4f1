import type { Case, CaseEvent, CaseReview, ReviewDecisionDraft } from './case.js';
import { pendingReview } from './closing.js';
import { InvalidTransition } from './errors.js';
import type { ReplySignOffRule } from './reply-signoff.js';

/**
 * 审核签发 of a 复查意见书 / 复核意见书: "信访科依据调查(复查)报告制作《信访事项
 * 处理(复查)意见书》，经主管局长审核，局长审批后，答复上访(复查)人". Where the
 * reviewing office requires sign-off (its `replySignOff`, as for its units'
 * 处理意见书), the decision is recorded as a draft on the pending review and
 * nothing is sent; a leader of the reviewing office — never the one who drafted
 * it — signs it off, and only then is the review decided and its letter sent.
 * The review is the office's own act, so whatever the rule names, its leaders approve.
 */

export type ReviewDecisionContent = Pick<ReviewDecisionDraft, 'outcome' | 'facts' | 'basis' | 'decision'>;

const KIND = (level: 1 | 2) => (level === 1 ? '复查' : '复核');

const sameContent = (a: ReviewDecisionContent, b: ReviewDecisionContent) => a.outcome === b.outcome && a.facts === b.facts && a.basis === b.basis && a.decision === b.decision;

/** The review's decision drafted for sign-off; undefined when the same draft waits already (a retried request). */
export function draftReviewDecision(
  c: Case,
  content: ReviewDecisionContent,
  rule: Exclude<ReplySignOffRule, 'none'>,
  ctx: { at: string; actor: string },
): { case: Case; event: CaseEvent } | undefined {
  const pending = pendingReview(c);
  if (!pending) throw new InvalidTransition('decideReview', c.status, 'no review is waiting for a decision').inChinese('该事项没有待作出意见的复查（复核）申请');
  if (pending.draft && sameContent(pending.draft, content)) return undefined;
  const draft: ReviewDecisionDraft = { ...content, draftedAt: ctx.at, draftedBy: ctx.actor, rule };
  const reviews = (c.reviews ?? []).map((r): CaseReview => (r === pending ? { ...r, draft } : r));
  const version = c.version + 1;
  return {
    case: { ...c, reviews, version, updatedAt: ctx.at },
    event: {
      caseNumber: c.caseNumber,
      seq: version,
      type: 'reviewDecisionDrafted',
      at: ctx.at,
      actor: ctx.actor,
      detail: { level: pending.level, outcome: content.outcome, rule, ...(pending.draft ? { replaced: true } : {}) },
    },
  };
}

/** Whether the review's decision waits for its 签发. */
export const reviewDecisionAwaitsSignOff = (c: Pick<Case, 'reviews'>): boolean => pendingReview(c)?.draft !== undefined;

/** Whether `actor` may sign off the waiting draft: a leader of the reviewing office who did not draft it. */
export function maySignOffReviewDecision(c: Pick<Case, 'reviews'>, actor: { staffId: string; jurisdiction: string; roles: readonly string[]; unit?: string | undefined }): boolean {
  const pending = pendingReview(c);
  if (!pending?.draft) return false;
  return actor.roles.includes('leader') && actor.unit === undefined && actor.jurisdiction === pending.jurisdiction && actor.staffId !== pending.draft.draftedBy;
}

/** 签发: the draft the actor approves, to be decided as written; refused with why. */
export function reviewDecisionToSignOff(c: Case, actor: { staffId: string; jurisdiction: string; roles: readonly string[]; unit?: string | undefined }): ReviewDecisionDraft {
  const pending = pendingReview(c);
  if (!pending?.draft) {
    throw new InvalidTransition('signOffReviewDecision', c.status, 'no review decision waits for its sign-off').inChinese('该事项没有待签发的复查（复核）意见书');
  }
  const kind = KIND(pending.level);
  if (actor.staffId === pending.draft.draftedBy) {
    throw new InvalidTransition('signOffReviewDecision', c.status, 'the one who drafted the review decision does not sign it off').inChinese(`拟制${kind}意见书的人不能签发自己拟制的意见书，须由本机关其他领导审核签发`);
  }
  if (!maySignOffReviewDecision(c, actor)) {
    throw new InvalidTransition('signOffReviewDecision', c.status, `the review decision is signed off by a leader of the reviewing office (${pending.jurisdiction})`).inChinese(`${kind}意见书须由${kind}机关领导审核签发`);
  }
  return pending.draft;
}
