import { assertMayList, type Actor } from '../domain/access.js';
import type { Province } from '../domain/province.js';
import { chinaDate } from '../domain/case-number.js';
import { unresolvedDisputes, type UnresolvedDisputesReport } from '../domain/unresolved-disputes.js';
import { countedFor, reportScope, unitsCounted, type StatisticsDeps } from './statistics.js';

export interface UnresolvedDisputesQuery {
  jurisdiction: string;
  /** The cases of the jurisdictions below as well (a city sees its counties); default true. */
  includeSubordinates?: boolean;
}

/**
 * 矛盾纠纷排查: the unresolved disputes of a jurisdiction (and, by default,
 * those below it) at `now` — open cases past their deadline, or reopened
 * after an unsatisfied follow-up (shared/domain/unresolved-disputes.ts).
 * Whoever may see the jurisdiction's statistics may see its list, with the
 * same scope: staff of a unit see their unit's cases only, a report never
 * reaches the unit it accuses, not even as a count, and staff recused from a
 * case (回避) do not see it.
 */
export async function unresolvedDisputesReport(
  deps: Pick<StatisticsDeps, 'ledger'> & { province: Province },
  query: UnresolvedDisputesQuery,
  actor: Actor,
  now: Date,
): Promise<UnresolvedDisputesReport> {
  const { province } = deps;
  province.requireJurisdiction(query.jurisdiction);
  assertMayList(actor, query.jurisdiction, province.tree);
  const includeSubordinates = query.includeSubordinates ?? true;
  const jurisdictions = includeSubordinates ? province.tree.subtree(query.jurisdiction) : [province.jurisdiction(query.jurisdiction)];
  const rows = await deps.ledger.openLedgerRows({ jurisdictions: jurisdictions.map((j) => j.code) });
  const visible = countedFor(actor, rows).filter((row) => !row.recused?.includes(actor.staffId));
  const { unitNamed, units } = unitsCounted(province, actor, jurisdictions);
  const asOf = now.toISOString();
  const figures = unresolvedDisputes(visible, { now: asOf, jurisdictions: jurisdictions.map((j) => ({ code: j.code, name: j.name })), units });
  return {
    ...reportScope(province, query.jurisdiction, includeSubordinates, unitNamed),
    month: chinaDate(asOf).slice(0, 7),
    asOf,
    ...figures,
  };
}
