import { assertMayList, type Actor } from '../domain/access.js';
import type { Province } from '../domain/province.js';
import { chinaDate } from '../domain/case-number.js';
import { InvalidInput } from '../domain/errors.js';
import { screeningMonth, unresolvedDisputes, type UnresolvedDisputesReport } from '../domain/unresolved-disputes.js';
import { countedFor, reportScope, unitsCounted, type StatisticsDeps } from './statistics.js';

export interface UnresolvedDisputesQuery {
  jurisdiction: string;
  /** The cases of the jurisdictions below as well (a city sees its counties); default true. */
  includeSubordinates?: boolean;
  /** The screening month, `YYYY-MM` in China; default the current one. A past month's list is rebuilt as of its end. */
  month?: string;
}

/**
 * 矛盾纠纷排查: the unresolved disputes of a jurisdiction (and, by default,
 * those below it) — open cases past their deadline, reopened after an
 * unsatisfied follow-up, or under review (shared/domain/unresolved-disputes.ts)
 * — at `now`, or as of the end of a past month. Whoever may see the
 * jurisdiction's statistics may see its list, with the same scope: staff of a
 * unit see their unit's cases only, a report never reaches the unit it
 * accuses, not even as a count, and staff recused from a case (回避) do not see it.
 */
export async function unresolvedDisputesReport(
  deps: Pick<StatisticsDeps, 'ledger'> & { province: Province },
  query: UnresolvedDisputesQuery,
  actor: Actor,
  now: Date,
): Promise<UnresolvedDisputesReport> {
  const { province } = deps;
  const computedAt = now.toISOString();
  const current = chinaDate(computedAt).slice(0, 7);
  if (query.month !== undefined && query.month > current) {
    throw new InvalidInput('the screening month is still to come', [{ path: 'query.month', message: `must not be after the current month (${current})`, kind: 'rule' }]);
  }
  province.requireJurisdiction(query.jurisdiction);
  assertMayList(actor, query.jurisdiction, province.tree);
  const includeSubordinates = query.includeSubordinates ?? true;
  const jurisdictions = includeSubordinates ? province.tree.subtree(query.jurisdiction) : [province.jurisdiction(query.jurisdiction)];
  // A past month's list is rebuilt from the cases still open: one resolved since can no longer be shown (the ledger keeps no history).
  const rows = await deps.ledger.openLedgerRows({ jurisdictions: jurisdictions.map((j) => j.code) });
  const visible = countedFor(actor, rows).filter((row) => !row.recused?.includes(actor.staffId));
  const { unitNamed, units } = unitsCounted(province, actor, jurisdictions);
  const { month, asOf } = screeningMonth(computedAt, query.month);
  const figures = unresolvedDisputes(visible, {
    now: computedAt,
    month,
    jurisdictions: jurisdictions.map((j) => ({ code: j.code, name: j.name })),
    units,
  });
  return {
    ...reportScope(province, query.jurisdiction, includeSubordinates, unitNamed),
    month,
    asOf,
    computedAt,
    ...figures,
  };
}
