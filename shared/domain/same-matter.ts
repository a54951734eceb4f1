import { OPEN_STATUSES, type Case } from './case.js';
import { runningClock, type RunningClock } from './chase.js';
import { actingJurisdiction, lastReplyBy, nextReview, nextReviewRequestBy, reviewWindowOpen, type ReviewLimits } from './closing.js';
import { DomainError } from './errors.js';
import { handledBelow, type HandledBelow } from './handled-below.js';
import type { JurisdictionTree } from './jurisdiction.js';
import { isSuspended } from './suspension.js';
import { isSupervisedClock, overdueBelow, type SupervisedClock } from './supervision.js';
import { formatChinaLastDay } from './case-number.js';
import { CLOCK_LABELS } from './chase.js';

/**
 * Where the matter of a repeat (重复信访) stands, from the chain of the
 * petitioner's earlier cases on it (latest first, as repeatChain reads it),
 * and so whether the new petition is accepted anew:
 *
 * - `final`: re-reviewed (复核), the same matter is not accepted again (第三十六条);
 * - `handledBelow`: handled within its limits at a level below the office (第十九条);
 * - `open`: already accepted, or waiting for that decision, and not yet
 *   answered — here, above, at another office or in a review: the body
 *   handling it goes on and answers; the new petition is a 重复件, its
 *   material added to that case, and not accepted a second time (有权处理的
 *   机关已经受理或者正在办理的，不予受理);
 * - `overdueBelow`: open at a level below the office, which has let it run
 *   past its limits: 第十九条 no longer bars the office, and what it does is
 *   督办 — the lower level is pressed to finish and report the result up —
 *   not a second case handed back down with a fresh clock;
 * - `reviewOpen`: answered, and the petitioner may still ask the level above
 *   for a review — the way to dispute the answer is 复查 / 复核, not the
 *   same petition again (对处理意见不服的，依照第三十五条、第三十六条请求复查、复核);
 * - `reviewLapsed`: answered, the review window has passed unused. Not
 *   accepted when there is no good reason (无正当理由) for the delay, which
 *   staff judge: the case goes to the triage list saying so.
 *
 * Undefined: nothing stands in the way, the petition is routed as any other.
 */
export type SameMatter =
  | { kind: 'final'; caseNumber: string }
  | ({ kind: 'handledBelow' } & HandledBelow)
  | {
      kind: 'open';
      caseNumber: string;
      /** The jurisdiction whose office holds it now (the reviewing level's during a review). */
      jurisdiction: string;
      /** The unit handling it, when one is (谁承办谁答复: it answers, and the petitioner was told so). */
      unit?: string;
      /** Its running clock, if one runs (none while a unit's conclusion waits for the reply), and that clock's last moment. */
      clock?: RunningClock['clock'];
      deadline?: string;
      suspended: boolean;
    }
  | {
      kind: 'overdueBelow';
      caseNumber: string;
      /** The lower jurisdiction whose office holds it now. */
      jurisdiction: string;
      unit?: string;
      clock: SupervisedClock;
      deadline: string;
    }
  /** `byEmail`: the answer went by email, so replying to it is a way to ask. */
  | { kind: 'reviewOpen'; caseNumber: string; level: 1 | 2; reviewer: string; requestBy: string; answeredBy: string; answeringUnit?: string; byEmail: boolean }
  | { kind: 'reviewLapsed'; caseNumber: string; level: 1 | 2; requestBy: string; answeredBy: string; answeringUnit?: string };

export function sameMatterStanding(chain: readonly Case[], office: string, receivedAt: string, tree: JurisdictionTree, limits: ReviewLimits): SameMatter | undefined {
  const final = chain.find((earlier) => earlier.reviewLevel === 2);
  if (final) return { kind: 'final', caseNumber: final.caseNumber };
  const below = chain.map((earlier) => handledBelow(earlier, office, receivedAt, tree)).find((found) => found);
  if (below) return { kind: 'handledBelow', ...below };
  for (const earlier of chain) {
    // A repeat not routed yet is judged itself, against the same chain: the matter stands where the chain goes on.
    if (earlier.status === 'registered' && earlier.repeatOf && !earlier.triage) continue;
    if (OPEN_STATUSES.has(earlier.status)) {
      const holder = actingJurisdiction(earlier);
      const running = runningClock(earlier);
      const lead = holder === earlier.jurisdiction && !earlier.accusedUnits?.includes(earlier.handling?.lead ?? '') ? earlier.handling?.lead : undefined;
      // Below and past its limits (handledBelow took those within them): the office supervises the level below.
      const overdue = overdueBelow(earlier, office, receivedAt, tree);
      if (overdue && isSupervisedClock(overdue.clock)) {
        return { kind: 'overdueBelow', caseNumber: earlier.caseNumber, jurisdiction: holder, ...(lead ? { unit: lead } : {}), clock: overdue.clock, deadline: overdue.deadline };
      }
      return {
        kind: 'open',
        caseNumber: earlier.caseNumber,
        jurisdiction: holder,
        ...(lead ? { unit: lead } : {}),
        ...(running ? { clock: running.clock, deadline: running.deadline } : {}),
        suspended: isSuspended(earlier),
      };
    }
    if ((earlier.status === 'replied' || earlier.status === 'closed' || earlier.status === 'archived') && earlier.reply?.reviewRequestBy) {
      const answeredBy = lastReplyBy(earlier);
      let next: { level: 1 | 2; jurisdiction: string };
      try {
        next = nextReview(earlier, (code) => tree.parentOf(code)?.code);
      } catch (error) {
        // No level above to review it: nothing to point the petitioner to; routed as any other.
        if (error instanceof DomainError) return undefined;
        throw error;
      }
      // The day as the law has it now: a holiday published since the letter may have rolled it on.
      const requestBy = nextReviewRequestBy(earlier, limits) ?? earlier.reply.reviewRequestBy;
      // The 处理意见书 of a unit is signed by it; a review's by the reviewing office.
      const answeringUnit = earlier.reply.level === 0 && earlier.result?.unit ? { answeringUnit: earlier.result.unit } : {};
      if (reviewWindowOpen(earlier, receivedAt, limits)) return { kind: 'reviewOpen', caseNumber: earlier.caseNumber, level: next.level, reviewer: next.jurisdiction, requestBy, answeredBy, ...answeringUnit, byEmail: earlier.reply.delivery === 'email' };
      return { kind: 'reviewLapsed', caseNumber: earlier.caseNumber, level: next.level, requestBy, answeredBy, ...answeringUnit };
    }
  }
  return undefined;
}

/**
 * What the office holding a matter is doing, and until when, as the letters
 * say it at `at`: 正在复查，复查期限至2027年2月4日 — or, past it, that the
 * limit has run out and the case is chased step by step (the sweep's chain).
 */
export function standingWords(standing: { clock?: RunningClock['clock']; deadline?: string; suspended: boolean }, at: string): { doing: string; until: string } {
  const doing = standing.clock === 'reviewDecision' ? '复查' : standing.clock === 'reReviewDecision' ? '复核' : standing.clock === 'acceptance' ? '审查是否受理' : '办理';
  if (standing.suspended) return { doing, until: '期限现因听证、鉴定等依法中止，恢复后相应顺延' };
  if (!standing.deadline) return { doing, until: '' };
  const label = standing.clock ? CLOCK_LABELS[standing.clock] : '期限';
  // Past it, the sweep's chain presses the holder step by step (催办、督办, up to the level above): not a 督办 of the office writing.
  if (Date.parse(standing.deadline) <= Date.parse(at)) return { doing, until: `${label}已于${formatChinaLastDay(standing.deadline)}届满，正按规定逐级督促办理` };
  return { doing, until: `${label}至${formatChinaLastDay(standing.deadline)}` };
}
