import type { Case } from '../domain/case.js';
import { chinaLastDay } from '../domain/case-number.js';
import { pendingReview, writtenAnswerGiven } from '../domain/closing.js';
import { InvalidTransition, RuleViolation } from '../domain/errors.js';
import { isAllowed } from '../domain/lifecycle.js';
import { recordOnCase } from '../domain/messages.js';
import { pressureIn } from '../domain/withdrawal.js';
import { commitCaseChange } from './change-case.js';
import { withdrawalDoubtedNotice } from './handoff/notices.js';
import { letters } from './outbox.js';
import type { ParsedAttachment } from '../domain/mail/parsed-email.js';
import { answerFollowUp, requestCaseReview, withdrawCase } from './closing/closing.js';
import { reviewRefusalReason } from './closing/letters.js';
import { digest, openWithCode, WEB_PORTAL_ACTOR, type CodeLookup, type PortalDeps } from './citizen-portal.js';
import { addPetitionerMessage } from './intake/petitioner-message.js';
import { storeAttachments } from './intake/register-email.js';

/**
 * What a petitioner does from the tracking page (issue 15), each through
 * the use case its email already goes through: 补充材料 is recorded as an
 * emailed reply is (addPetitionerMessage), 评价 answers the follow-up
 * (answerFollowUp), 申请复查/复核 is requestCaseReview. The number and query
 * code are checked again on every post, against the lookup allowances; a
 * wrong code is "not found", whatever the case. The form's hidden token is
 * the idempotency key, written with the change: a post sent again finds it
 * and is answered with the same confirmation.
 */

export interface PortalAction extends CodeLookup {
  /** The hidden token of the form posted. */
  formToken: string;
}

export type PortalActionOutcome =
  | { kind: 'notFound' }
  /** Refused, with the reason as the petitioner reads it. */
  | { kind: 'refused'; reason: string }
  /** Done now, or earlier by the same form: the confirmation page is at the receipt. */
  | { kind: 'done'; receipt: string; duplicate: boolean };

/** What a confirmation page says was done. */
export type ActionReceipt =
  | { caseNumber: string; action: 'material' }
  | { caseNumber: string; action: 'evaluate'; satisfied: boolean; reopened: boolean }
  /** `office`: the reviewing level's, named for requests recorded with it; `lastDay`: the China day its opinion is due by, when recorded. */
  | { caseNumber: string; action: 'review'; level: 1 | 2; office?: string; lastDay?: string }
  | { caseNumber: string; action: 'withdraw' }
  /** A withdrawal whose reason said it was pressed: not made, the office told. */
  | { caseNumber: string; action: 'withdrawDoubted' };

const receiptKey = (formToken: string) => `web-action:${formToken}`;

/** The confirmation of the form with this token, or undefined when no such form was posted. */
export async function actionReceipt(deps: Pick<PortalDeps, 'store' | 'province'>, formToken: string): Promise<ActionReceipt | undefined> {
  const record = await deps.store.findIdempotencyRecord(receiptKey(formToken));
  const caseNumber = record?.caseNumber;
  if (!caseNumber) return undefined;
  const [prefix, action, detail, where, due] = record.outcome.split(':');
  if (prefix !== 'web') return undefined;
  if (action === 'material') return { caseNumber, action };
  if (action === 'evaluate') return { caseNumber, action, satisfied: detail === 'satisfied', reopened: detail === 'reopened' };
  if (action === 'review' && (detail === '1' || detail === '2')) {
    const office = where && deps.province.tree.has(where) ? deps.province.jurisdiction(where).office.name : undefined;
    const lastDay = due && /^\d{4}-\d{2}-\d{2}$/.test(due) ? due : undefined;
    return { caseNumber, action, level: Number(detail) as 1 | 2, ...(office ? { office } : {}), ...(lastDay ? { lastDay } : {}) };
  }
  if (action === 'withdraw' || action === 'withdrawDoubted') return { caseNumber, action };
  return undefined;
}

/**
 * Opens the case for an action: the code checked (allowances taken), then a
 * form already posted answers its receipt; `act` runs only for a new form,
 * and a form that lost a race to its own double answers the receipt too.
 */
async function withCase(deps: PortalDeps, request: PortalAction, act: (c: Case) => Promise<PortalActionOutcome>): Promise<PortalActionOutcome> {
  const found = await openWithCode(deps, request);
  if (!found) return { kind: 'notFound' };
  const earlier = async (): Promise<PortalActionOutcome | undefined> => {
    const record = await deps.store.findIdempotencyRecord(receiptKey(request.formToken));
    return record?.caseNumber === request.caseNumber ? { kind: 'done', receipt: request.formToken, duplicate: true } : undefined;
  };
  const before = await earlier();
  if (before) return before;
  const outcome = await act(found.case);
  return outcome.kind === 'refused' ? ((await earlier()) ?? outcome) : outcome;
}

/** Why a case takes no more material, in the petitioner's words; undefined while it is open. */
const notOpen = (c: Pick<Case, 'status' | 'reviewLevel'>): string | undefined =>
  c.status === 'replied' && c.reviewLevel > 0 ? NOT_OPEN[c.reviewLevel === 2 ? 'repliedFinal' : 'repliedAfterReview'] : NOT_OPEN[c.status];

const NOT_OPEN: Partial<Record<Case['status'] | 'repliedAfterReview' | 'repliedFinal', string>> = {
  replied: '本事项已书面答复，不再接收补充材料。对处理意见不服的，可以申请复查；对办理结果不满意的，可以在办理进展页评价“不满意”，事项将重新办理。',
  // After a 复查 (or a new answer that followed it) the next step is 复核; after a 复核, none.
  repliedAfterReview: '本事项已书面答复，不再接收补充材料。对复查意见不服的，可以在期限内申请复核。',
  repliedFinal: '本事项已作出复核意见，复核意见为最终意见，不再接收补充材料。',
  declined: '本事项已决定不予受理，不再接收补充材料。如有新的事实和理由，请重新提交信访事项。',
  redirected: '本事项已告知向有权处理的机关提出，不再接收补充材料。请按告知的途径向有权机关提出。',
  closed: '本事项已办结，不再接收补充材料。如有新的情况，请重新提交信访事项。',
  archived: '本事项已办结归档，不再接收补充材料。如有新的情况，请重新提交信访事项。',
  withdrawn: '本事项已由您撤回，办理已终止，不再接收补充材料。如有新的情况，请重新提交信访事项。',
};

/** Refuses material on a case no one works any more, with the reason (thrown inside the change, on the case as read). */
class MaterialRefused extends Error {
  constructor(readonly reason: string) {
    super('material refused');
  }
}

/**
 * 补充材料: text and files (already admitted by the email rules) added to an
 * open case as an emailed reply is, the code being the sender's proof; the
 * lead unit (else the office) is told.
 */
export async function addMaterial(deps: PortalDeps, request: PortalAction & { text: string; attachments: readonly ParsedAttachment[] }): Promise<PortalActionOutcome> {
  return withCase(deps, request, async (c) => {
    const refusal = notOpen(c);
    if (refusal) return { kind: 'refused', reason: refusal };
    // Ids unique within the case and the same for the same form, so a post sent again overwrites its own files only.
    const id = `w${digest(request.formToken).slice(0, 10)}`;
    const attachments = await storeAttachments(deps, c.caseNumber, request.attachments, `${id}-`);
    try {
      await addPetitionerMessage(deps, c.caseNumber, {
        message: {
          caseNumber: c.caseNumber,
          id: `web:${c.caseNumber}:${id}`,
          direction: 'in',
          at: deps.clock.now().toISOString(),
          ...(c.petitioner.email && !c.petitioner.anonymous ? { from: c.petitioner.email } : {}),
          to: [],
          subject: '（网上信访补充材料）',
          text: request.text,
          messageIds: [],
          attachments,
          kind: 'petitionerReply',
        },
        via: 'web',
        actor: WEB_PORTAL_ACTOR.staffId,
        words: [request.text, ...request.attachments.map((a) => a.filename)],
        attachmentCount: attachments.length,
        threadKeys: [],
        idempotencyKey: receiptKey(request.formToken),
        outcome: 'web:material',
        proof: () => ({ verified: true, reason: 'queryCode' }),
        admit: (current) => {
          const closed = notOpen(current);
          if (closed) throw new MaterialRefused(closed);
        },
      });
    } catch (error) {
      if (error instanceof MaterialRefused) return { kind: 'refused', reason: error.reason };
      throw error;
    }
    return { kind: 'done', receipt: request.formToken, duplicate: false };
  });
}

/**
 * 评价: the follow-up answered from the tracking page once the reply is out
 * (before the follow-up email if need be). 不满意 does what the email's link
 * does (unsatisfiedLeadsTo): the unit's answer is handled again; a review's
 * decision or a final matter is recorded.
 */
export async function evaluateCase(deps: PortalDeps, request: PortalAction & { satisfied: boolean; comment?: string }): Promise<PortalActionOutcome> {
  return withCase(deps, request, async (c) => {
    const refusal = evaluationRefusal(c);
    if (refusal) return { kind: 'refused', reason: refusal };
    // What this answer's change would store, to know it from an answer that won a race.
    let decided: { version: number; answeredAt?: string } | undefined;
    const changed = await answerFollowUp(
      deps,
      c.caseNumber,
      { system: 'petitioner' },
      { satisfied: request.satisfied, via: 'web', ...(request.comment ? { comment: request.comment } : {}) },
      {
        idempotencyKey: receiptKey(request.formToken),
        outcome: (next) => {
          decided = { version: next.version, ...(next.followUp?.answeredAt ? { answeredAt: next.followUp.answeredAt } : {}) };
          return `web:evaluate:${request.satisfied ? 'satisfied' : next.status === 'inProgress' ? 'reopened' : 'unsatisfied'}`;
        },
      },
    ).catch((error: unknown) => {
      if (error instanceof InvalidTransition) return error;
      throw error;
    });
    if (changed instanceof InvalidTransition) {
      // Not answerable now (under review since the page was shown…): its reason, never "already evaluated" when nothing was.
      return { kind: 'refused', reason: evaluationRefusal(c) ?? (c.followUp?.answeredAt ? ALREADY_EVALUATED(c) : (changed.chinese ?? '目前不能评价，请稍后再试。')) };
    }
    // Stored as decided here; else answered meanwhile (by email, or another form), and the answer kept is that one.
    const stored = changed && decided && changed.version === decided.version && changed.followUp?.answeredAt === decided.answeredAt;
    if (stored) return { kind: 'done', receipt: request.formToken, duplicate: false };
    const now = changed ?? c;
    return { kind: 'refused', reason: evaluationRefusal(now) ?? ALREADY_EVALUATED(now) };
  });
}

const ALREADY_EVALUATED = (c: Case) =>
  `您已对本次书面答复作出评价${c.followUp?.satisfied === undefined ? '' : `（${c.followUp.satisfied ? '满意' : '不满意'}）`}，每次答复只能评价一次。`;

/** Cases not evaluated now for a reason other than an answer still to come: the petitioner reads that reason. */
const NOT_EVALUATED_NOW: Partial<Record<Case['status'], string>> = {
  // The follow-up asks about the review's opinion once it is given (closing.answerFollowUp).
  underReview: '本事项正在复查，请在收到复查意见后再作评价。',
  underReReview: '本事项正在复核，请在收到复核意见后再作评价。',
  // Filed once the matter was done with: nothing reopens it.
  archived: '本事项已办结归档，不再接受评价。如有新的情况，可以重新提交信访事项。',
  declined: '本事项已决定不予受理，没有可以评价的处理意见。',
  redirected: '本事项已告知向有权处理的机关提出，没有可以评价的处理意见。',
  withdrawn: '本事项已由您撤回，办理已终止，没有可以评价的处理意见。',
};

/** Why there is nothing to evaluate now, or undefined when there is. */
function evaluationRefusal(c: Case): string | undefined {
  const instead = NOT_EVALUATED_NOW[c.status];
  if (instead) return instead;
  if (c.status !== 'replied' && c.status !== 'closed') {
    return '书面答复（处理意见书）出具后才能评价办理结果。本事项尚未书面答复，目前没有可以评价的内容。';
  }
  if (!c.followUp) return c.petitioner.anonymous ? '匿名反映的事项不作回访，没有可以评价的答复。' : '本次书面答复没有需要评价的回访。';
  if (c.followUp.answeredAt) return ALREADY_EVALUATED(c);
  return undefined;
}

/** Cases that ended without a 处理意见 and will get none: no answer to wait for, and what is left to the petitioner. */
const NO_ANSWER_TO_REVIEW: Partial<Record<Case['status'], string>> = {
  declined: '本事项已决定不予受理（理由见办理过程），没有可以申请复查（复核）的处理意见。如有新的事实和理由，可以重新提交信访事项。',
  redirected: '本事项已告知向有权处理的机关提出，没有可以申请复查（复核）的处理意见，请按告知的途径向有权机关提出。',
  withdrawn: '本事项已由您撤回，办理已终止，没有可以申请复查（复核）的处理意见。如有新的情况，可以重新提交信访事项。',
  archived: '本事项已办结归档，没有可以申请复查（复核）的处理意见。如有新的情况，可以重新提交信访事项。',
};

/**
 * 申请复查 / 复核 within its window, with the reason: requestCaseReview as for
 * the petitioner's email. A late or final request is refused with the words
 * of the refusal email.
 */
export async function requestReviewOnline(deps: PortalDeps, request: PortalAction & { reason: string }): Promise<PortalActionOutcome> {
  return withCase(deps, request, async (c) => {
    if (c.status === 'underReview' || c.status === 'underReReview') {
      return { kind: 'refused', reason: `本事项正在${c.status === 'underReview' ? '复查' : '复核'}中，请等待${c.status === 'underReview' ? '复查' : '复核'}意见；收到意见后不服的，可以再按意见书告知的期限申请。` };
    }
    // A filed case that was answered goes on to requestReview, which refuses it for its real reason (the window's last day, or final).
    if (!writtenAnswerGiven(c)) {
      return { kind: 'refused', reason: NO_ANSWER_TO_REVIEW[c.status] ?? '复查（复核）申请应当在收到书面答复后提出。本事项尚未书面答复，请等待处理意见书。' };
    }
    try {
      await requestCaseReview(
        deps,
        c.caseNumber,
        { system: 'petitioner' },
        { reason: request.reason },
        {
          idempotencyKey: receiptKey(request.formToken),
          outcome: (next) => {
            // The receipt says by which day the opinion is due (the last day of its clock, China date).
            const review = pendingReview(next);
            const clock = review?.level === 2 ? next.deadlines.reReviewDecision : next.deadlines.reviewDecision;
            const due = review && clock ? `:${chinaLastDay(clock)}` : '';
            return `web:review:${review?.level ?? 1}${review ? `:${review.jurisdiction}${due}` : ''}`;
          },
        },
      );
    } catch (error) {
      if (error instanceof RuleViolation) return { kind: 'refused', reason: reviewRefusalReason(error) };
      if (error instanceof InvalidTransition) return { kind: 'refused', reason: '本事项现在不能申请复查（复核），请刷新办理进展查看当前状态。' };
      throw error;
    }
    return { kind: 'done', receipt: request.formToken, duplicate: false };
  });
}

/**
 * 撤回 from the tracking page, before the answer: the petitioner's own
 * declaration (the code their proof), recorded as staff record one
 * (withdrawCase, how `online`). Everyone working the case is told to stop,
 * and the petitioner gets the 撤回告知 saying how to object if it was not
 * their will.
 */
export async function withdrawOnline(deps: PortalDeps, request: PortalAction & { reason: string }): Promise<PortalActionOutcome> {
  return withCase(deps, request, async (c) => {
    const refusal = withdrawalRefusal(c);
    if (refusal) return { kind: 'refused', reason: refusal };
    const pressed = pressureIn(request.reason);
    if (pressed) {
      // Not the petitioner's free will, by their own words: the case goes on, and the office is asked to look into it.
      await commitCaseChange(deps, c.caseNumber, ({ case: current }, at) => ({
        ...recordOnCase(current, 'noted', { at, actor: 'petitioner', detail: { withdrawalDoubted: pressed }, reason: request.reason }),
        outbox: letters(withdrawalDoubtedNotice(deps.province, current, request.reason, pressed, at)),
        idempotencyKey: receiptKey(request.formToken),
        outcome: 'web:withdrawDoubted',
      }));
      return { kind: 'done', receipt: request.formToken, duplicate: false };
    }
    try {
      await withdrawCase(
        deps,
        c.caseNumber,
        { system: 'petitioner' },
        { how: 'online', note: request.reason },
        { idempotencyKey: receiptKey(request.formToken), outcome: () => 'web:withdraw' },
      );
    } catch (error) {
      if (error instanceof InvalidTransition) {
        // Answered or withdrawn meanwhile: the reason as the case now stands.
        const now = await deps.store.getCaseRecord(c.caseNumber);
        return { kind: 'refused', reason: (now && withdrawalRefusal(now)) ?? '本事项现在不能撤回，请刷新办理进展查看当前状态。' };
      }
      throw error;
    }
    return { kind: 'done', receipt: request.formToken, duplicate: false };
  });
}

/** Why the case can no longer be withdrawn, in the petitioner's words; undefined while it can. */
function withdrawalRefusal(c: Case): string | undefined {
  if (c.collective && isAllowed('withdraw', c.status)) {
    return '多人联名反映的事项，撤回应当由推选的代表共同向受理的信访机构书面或当面提出，不能在网上撤回。';
  }
  if (isAllowed('withdraw', c.status)) return undefined;
  if (c.status === 'withdrawn') return '本事项已经撤回，办理已终止。';
  if (c.status === 'underReview' || c.status === 'underReReview') {
    return `本事项已书面答复，正在${c.status === 'underReview' ? '复查' : '复核'}中，不能撤回。问题已经解决、不再坚持${c.status === 'underReview' ? '复查' : '复核'}申请的，请向受理申请的信访机构书面说明。`;
  }
  if (c.status === 'replied') {
    return '本事项已书面答复，不能再撤回。对处理意见不服的，可以在期限内申请复查（复核）；问题已经解决的，不需要再办理任何手续。';
  }
  return '本事项已经办理完毕，不需要撤回。';
}
