import type { Case } from './case.js';
import type { JurisdictionTree } from './jurisdiction.js';

/**
 * 交办 report-back (办理结果报送): a superior office that hands a case down
 * (交办) is owed its result, and so is every office above it that handed it
 * down before — a 省交办件 the city passes on to a county still reports to
 * the province. `reportBackTo` is the nearest such office, `reportBackAbove`
 * those above it, nearest first.
 */

/** Every office owed the case's result, nearest first. */
export function reportBackOffices(c: Pick<Case, 'reportBackTo' | 'reportBackAbove'>): string[] {
  return c.reportBackTo ? [c.reportBackTo, ...(c.reportBackAbove ?? [])] : [];
}

/** The case handed down by `by`, a superior office of where it now is: `by` is owed the result, as are the offices above `by` owed it before. */
export function withReportBack(c: Case, by: string, tree: Pick<JurisdictionTree, 'isWithin'>): Case {
  const above = reportBackOffices(c).filter((office) => office !== by && tree.isWithin(by, office));
  const { reportBackAbove: _a, ...rest } = c;
  return { ...rest, reportBackTo: by, ...(above.length ? { reportBackAbove: above } : {}) };
}

/** The case back at `at` (returned to the office that assigned it): owed to the offices above `at` only. */
export function reportBackFrom(c: Case, at: string, tree: Pick<JurisdictionTree, 'isWithin'>): Case {
  const [nearest, ...above] = reportBackOffices(c).filter((office) => office !== at && tree.isWithin(at, office));
  const { reportBackTo: _r, reportBackAbove: _a, ...rest } = c;
  return { ...rest, ...(nearest ? { reportBackTo: nearest } : {}), ...(above.length ? { reportBackAbove: above } : {}) };
}

/**
 * 复查撤销、责令重新办理: the reviewing office — the level right above the
 * case, which decided the 复查 — is owed the new answer first (报复查机关);
 * offices that handed the case down before stay owed it after.
 */
export function withReviewReportBack(c: Case, reviewer: string): Case {
  const above = reportBackOffices(c).filter((office) => office !== reviewer);
  const { reportBackAbove: _a, ...rest } = c;
  return { ...rest, reportBackTo: reviewer, ...(above.length ? { reportBackAbove: above } : {}), redoOrderedBy: [...new Set([...(c.redoOrderedBy ?? []), reviewer])] };
}
