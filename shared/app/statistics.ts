import type { JurisdictionTree } from '../domain/jurisdiction.js';
import { assertMayList, type Actor } from '../domain/access.js';
import {
  activityFrom,
  chinaDayStart,
  computeStatistics,
  hotTopicMonths,
  hotTopicsAt,
  periodEnd,
  type Granularity,
  type LedgerRow,
  type Named,
  type StatisticsReport,
} from '../domain/statistics.js';
import type { Province } from '../domain/province.js';
import type { LedgerStore } from './statistics-ports.js';

export interface StatisticsDeps {
  ledger: LedgerStore;
  province: Province;
}

export interface StatisticsQuery {
  jurisdiction: string;
  /** First China date of the period, `YYYY-MM-DD`. */
  from: string;
  /** Last China date of the period (included). */
  to: string;
  granularity: Granularity;
  /** Count the cases of the jurisdictions below as well (a city sees its counties); default true. */
  includeSubordinates?: boolean;
}

/**
 * The statistics of a jurisdiction (and, by default, those below it) for a
 * period. Whoever may list the jurisdiction's cases may see its figures; staff
 * of a unit see the figures of their unit's cases only (`scope: 'unit'`), and
 * a report never counts towards the unit it accuses.
 */
export async function statistics(deps: StatisticsDeps, query: StatisticsQuery, actor: Actor, now: Date): Promise<StatisticsReport> {
  const { province } = deps;
  province.requireJurisdiction(query.jurisdiction);
  assertMayList(actor, query.jurisdiction, province.tree);
  const includeSubordinates = query.includeSubordinates ?? true;
  const below = province.tree.subtree(query.jurisdiction);
  const jurisdictions = includeSubordinates ? below : [province.jurisdiction(query.jurisdiction)];
  const asOf = now.toISOString();

  // The period with the year before it (the activity figures count the steps of earlier cases taken in it),
  // and the two months hot topics compare (read once when they meet).
  const hot = hotTopicMonths(hotTopicsAt(query, asOf));
  const ranges = mergeRanges([
    { from: chinaDayStart(activityFrom(query.from)), before: periodEnd(query) },
    { from: chinaDayStart(hot.previous.from), before: periodEnd(hot.month) },
  ]);
  // The report's cases: those its jurisdictions hold, and those their offices registered and handed on (交办, 转送,
  // the router's hand-down) — held below (an office's own report reads the levels below for them), or held outside
  // the subtree, sent sideways to a sibling or up the tree (found by their entries under the receiving offices).
  // A case is read once: one the report's subtree holds is not read again by its entry.
  const codes = new Set(jurisdictions.map((j) => j.code));
  // The province's report reads every place: no case is held outside it, so no office's entries are read (one query an office).
  const receivedBy = province.tree.parentOf(query.jurisdiction) === undefined ? [] : [...codes];
  const read = await Promise.all(
    ranges.map((r) => deps.ledger.ledgerRows({ jurisdictions: below.map((j) => j.code), receivedBy, receivedFrom: r.from, receivedBefore: r.before })),
  );
  const rows = new Map<string, LedgerRow>();
  for (const row of read.flat()) if (codes.has(row.jurisdiction) || codes.has(row.ledger.receivingOffice)) rows.set(row.caseNumber, row);

  const visible = countedFor(actor, [...rows.values()], province.tree);
  const { unitNamed, units } = unitsCounted(province, actor, jurisdictions);
  const period = { from: query.from, to: query.to, granularity: query.granularity };
  const figures = computeStatistics(visible, {
    period,
    now: asOf,
    jurisdictions: jurisdictions.map((j) => ({ code: j.code, name: j.name })),
    units,
    // What their offices received counts as intake; its handling is the figures of whoever holds it.
    handledIn: [...codes],
    calendar: province.calendar,
    // A matter's own words count toward hot topics only as the province's and these offices' routing keywords know them.
    hotTopics: { vocabulary: [...province.config.defaults.routingRules, ...jurisdictions.flatMap((j) => j.routingRules ?? [])].flatMap((rule) => rule.keywords) },
  });
  return {
    ...reportScope(province, query.jurisdiction, includeSubordinates, unitNamed),
    period,
    asOf,
    ...figures,
  };
}

/**
 * The rows a reader's figures count: staff of a unit count their unit's cases
 * only, and never a report accusing their unit or their own government
 * (检举、控告材料不得转给被检举、控告的人员和单位: not even as a count), nor a
 * case they are recused from (回避), where the rows say so.
 */
export function countedFor(actor: Actor, rows: readonly LedgerRow[], tree: Pick<JurisdictionTree, 'isWithin'>): LedgerRow[] {
  const unit = actor.unit;
  return rows.filter((row) => {
    if (unit !== undefined && row.accusedUnits?.includes(unit)) return false;
    if ((row.ledger.accusedPlaces ?? []).some((place) => tree.isWithin(actor.jurisdiction, place))) return false;
    if (row.recused?.includes(actor.staffId)) return false;
    return unit === undefined || row.ledger.unit === unit;
  });
}

/** Whose figures a report holds: the jurisdiction asked for, with or without those below, or the reader's own unit. */
export function reportScope(province: Province, jurisdiction: string, includeSubordinates: boolean, unitNamed: Named | undefined) {
  const root = province.jurisdiction(jurisdiction);
  return {
    jurisdiction: { code: root.code, name: root.name },
    includeSubordinates,
    scope: unitNamed ? ('unit' as const) : ('jurisdiction' as const),
    ...(unitNamed ? { unit: unitNamed } : {}),
  };
}

/** The units a reader's figures are broken down by: their own unit, or every unit of the jurisdictions. */
export function unitsCounted(province: Province, actor: Actor, jurisdictions: readonly { units: readonly { id: string; name: string }[] }[]): { unitNamed?: Named; units: Named[] } {
  const unit = actor.unit;
  if (unit !== undefined) {
    const unitNamed = { code: unit, name: unitName(province, unit) };
    return { unitNamed, units: [unitNamed] };
  }
  return { units: jurisdictions.flatMap((j) => j.units.map((u) => ({ code: u.id, name: u.name }))) };
}

function unitName(province: Province, unit: string): string {
  try {
    return province.unit(unit).name;
  } catch {
    return unit;
  }
}

/** Overlapping or touching ranges of instants become one, so no case is read twice. */
function mergeRanges(ranges: { from: string; before: string }[]): { from: string; before: string }[] {
  const sorted = [...ranges].sort((a, b) => Date.parse(a.from) - Date.parse(b.from));
  const merged: { from: string; before: string }[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last && Date.parse(range.from) <= Date.parse(last.before)) {
      if (Date.parse(range.before) > Date.parse(last.before)) last.before = range.before;
    } else {
      merged.push({ ...range });
    }
  }
  return merged;
}
