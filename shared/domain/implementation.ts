import type { Case, CaseEvent, CaseReview } from './case.js';
import { formatChinaDateTime } from './case-number.js';
import { InvalidTransition } from './errors.js';

/**
 * 按复查（复核）意见落实: a review that changes the answer binds the body that
 * gave it — "请按复查意见落实，并将落实情况报…" — and the reviewing office is
 * owed the report, as an office that hands a case down is owed its result
 * (docs/domain.md, "Reminders and escalation"). A 复查 that revokes sends the
 * matter back to be handled again instead (closing.ts redoneAfter): the new
 * answer is its report. Pure: times come in.
 */

/**
 * Whether the decision is for the body below to carry out: a 复查 or 复核 that revises (变更) the answer, or a 复核
 * that revokes the 复查意见 (the 复核意见 stands in its place, final: nothing is handled again).
 */
export function implementationOrdered(level: 1 | 2, outcome: NonNullable<CaseReview['outcome']>): boolean {
  return outcome === 'revised' || (outcome === 'revoked' && level === 2);
}

/** The decision still to be carried out and reported back, if any. */
export function implementationPending(c: Pick<Case, 'implementation'>): Case['implementation'] {
  return c.implementation && !c.implementation.reportedAt ? c.implementation : undefined;
}

/**
 * 落实情况报送: the unit (or the office, 自办) reports how it carried out the
 * decision; the reviewing office's report-back clock stops. The same report
 * again changes nothing; a different one after it is refused, saying when it
 * was reported (a correction is a 办理记录).
 */
export function reportImplementation(c: Case, request: { report: string }, ctx: { at: string; actor: string }): { case: Case; event: CaseEvent } | undefined {
  const ordered = c.implementation;
  const report = request.report.trim();
  if (!ordered) {
    throw new InvalidTransition('reportImplementation', c.status, 'no review decision waits to be carried out and reported back').inChinese('该事项没有需要落实并报送落实情况的复查（复核）意见');
  }
  if (ordered.reportedAt) {
    if (ordered.report === report) return undefined;
    throw new InvalidTransition('reportImplementation', c.status, `the 落实情况 was reported on ${ordered.reportedAt}`).inChinese(
      `落实情况已于${formatChinaDateTime(ordered.reportedAt)}报送，不能重复报送；补充情况请记入办理记录`,
    );
  }
  if (c.status === 'archived') throw new InvalidTransition('reportImplementation', c.status, 'the case is filed (立卷归档)').inChinese('该事项已立卷归档，不能再报送落实情况');
  const version = c.version + 1;
  return {
    case: { ...c, implementation: { ...ordered, reportedAt: ctx.at, reportedBy: ctx.actor, report }, version, updatedAt: ctx.at },
    event: {
      caseNumber: c.caseNumber,
      seq: version,
      type: 'implementationReported',
      at: ctx.at,
      actor: ctx.actor,
      reason: report,
      detail: { review: ordered.review, reportedTo: ordered.orderedBy, dueAt: ordered.dueAt, late: ctx.at > ordered.dueAt },
    },
  };
}
