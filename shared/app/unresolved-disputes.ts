import { assertMayList, type Actor } from '../domain/access.js';
import type { Province } from '../domain/province.js';
import { chinaDate } from '../domain/case-number.js';
import { InvalidInput } from '../domain/errors.js';
import { monthToFile, rowsToFile, screeningMonth, unresolvedDisputes, type UnresolvedDisputesReport } from '../domain/unresolved-disputes.js';
import type { LedgerRow } from '../domain/statistics.js';
import type { LedgerStore, ScreeningArchive, ScreeningFiling } from './statistics-ports.js';
import { countedFor, reportScope, unitsCounted, type StatisticsDeps } from './statistics.js';

export interface UnresolvedDisputesQuery {
  jurisdiction: string;
  /** The cases of the jurisdictions below as well (a city sees its counties); default true. */
  includeSubordinates?: boolean;
  /** The screening month, `YYYY-MM` in China; default the current one. A past month's list is the one filed at its end, else rebuilt as of its end. */
  month?: string;
}

/**
 * 矛盾纠纷排查: the unresolved disputes of a jurisdiction (and, by default,
 * those below it) — open cases past their deadline, reopened after an
 * unsatisfied follow-up, or under review (shared/domain/unresolved-disputes.ts)
 * — at `now`, or as of the end of a past month: the list filed then
 * (fileScreenings) when every jurisdiction asked for has one, else rebuilt
 * from the cases still open. Whoever may see the jurisdiction's statistics
 * may see its list, with the same scope: staff of a unit see their unit's
 * cases only, a report never reaches the unit it accuses, not even as a
 * count, and staff recused from a case (回避) do not see it.
 */
export async function unresolvedDisputesReport(
  deps: { ledger: Pick<StatisticsDeps['ledger'], 'openLedgerRows'> & Partial<Pick<ScreeningArchive, 'filedScreenings' | 'currentAccess'>>; province: Province },
  query: UnresolvedDisputesQuery,
  actor: Actor,
  now: Date,
): Promise<UnresolvedDisputesReport> {
  const { province } = deps;
  const computedAt = now.toISOString();
  const current = chinaDate(computedAt).slice(0, 7);
  if (query.month !== undefined && query.month > current) {
    const month = `${current.slice(0, 4)}年${Number(current.slice(5, 7))}月`;
    throw new InvalidInput('the screening month is still to come', [
      { path: 'query.month', message: `must not be after the current month (${current})`, kind: 'rule', chinese: `不能晚于本月（${month}）` },
    ]).inChinese('排查的月份尚未到来');
  }
  province.requireJurisdiction(query.jurisdiction);
  assertMayList(actor, query.jurisdiction, province.tree);
  const includeSubordinates = query.includeSubordinates ?? true;
  const jurisdictions = includeSubordinates ? province.tree.subtree(query.jurisdiction) : [province.jurisdiction(query.jurisdiction)];
  const codes = jurisdictions.map((j) => j.code);
  const { month, asOf } = screeningMonth(computedAt, query.month);
  const filed = month === current || !deps.ledger.filedScreenings ? [] : await deps.ledger.filedScreenings({ jurisdictions: codes, month });
  const whole = filed.length > 0 && codes.every((code) => filed.some((f) => f.jurisdiction === code));
  // The lists filed soon after the month's end, as they stood then; without them, rebuilt from the cases still open (those resolved since are not shown).
  const rows: LedgerRow[] = whole ? await accessNow(deps.ledger, latestOfEach(filed)) : await deps.ledger.openLedgerRows({ jurisdictions: codes });
  const filedAt = whole ? filed.map((f) => f.filedAt).sort().at(-1)! : undefined;
  const visible = countedFor(actor, rows, province.tree);
  const { unitNamed, units } = unitsCounted(province, actor, jurisdictions);
  const figures = unresolvedDisputes(visible, {
    now: filedAt ?? computedAt,
    month,
    jurisdictions: jurisdictions.map((j) => ({ code: j.code, name: j.name })),
    units,
  });
  return {
    ...reportScope(province, query.jurisdiction, includeSubordinates, unitNamed),
    month,
    asOf,
    computedAt,
    basis: month === current ? 'current' : filedAt ? 'filed' : 'rebuilt',
    ...(filedAt ? { filedAt } : {}),
    ...figures,
  };
}

/**
 * The filed rows, each case once: a case handed from one jurisdiction to another
 * between their filings (runs up to days apart) is kept as the later filing has it.
 */
function latestOfEach(filings: readonly ScreeningFiling[]): LedgerRow[] {
  const rows = new Map<string, { row: LedgerRow; filedAt: string }>();
  for (const filing of filings) {
    for (const row of filing.rows) {
      const kept = rows.get(row.caseNumber);
      if (!kept || kept.filedAt < filing.filedAt) rows.set(row.caseNumber, { row, filedAt: filing.filedAt });
    }
  }
  return [...rows.values()].map((r) => r.row);
}

/**
 * A filed list is read under today's confidentiality: a unit or place a report
 * was found to accuse since the filing, a staff member recused since, do not
 * see it in a past month's list either (第三十条, 回避).
 */
async function accessNow(ledger: Partial<Pick<ScreeningArchive, 'currentAccess'>>, rows: LedgerRow[]): Promise<LedgerRow[]> {
  if (!ledger.currentAccess || rows.length === 0) return rows;
  const now = await ledger.currentAccess(rows.map((row) => row.caseNumber));
  return rows.map((row) => {
    const access = now.get(row.caseNumber);
    if (!access) return row;
    const union = (a: readonly string[] | undefined, b: readonly string[]) => [...new Set([...(a ?? []), ...b])];
    return {
      ...row,
      accusedUnits: union(row.accusedUnits, access.accusedUnits),
      recused: union(row.recused, access.recused),
      ledger: { ...row.ledger, accusedPlaces: union(row.ledger.accusedPlaces, access.accusedPlaces) },
    };
  });
}

export interface ScreeningFilingReport {
  month: string;
  /**
   * `filed` now; `partial`: the run's time ran short, the rest is filed by the
   * next; `alreadyFiled` by an earlier run; `tooLate`: the month ended too long
   * ago for a filing to stand for its end.
   */
  outcome: 'filed' | 'partial' | 'alreadyFiled' | 'tooLate';
  /** When the month was filed (not when tooLate). */
  filedAt?: string;
  /** Jurisdictions filed by this run. */
  jurisdictions: number;
  /** Cases on the lists filed by this run. */
  cases: number;
}

/**
 * How long after a month's end its lists may still be filed. A list filed
 * later stands for the month's end less well than the sweep's first run
 * after it (a case resolved in the meantime is missing): past this, the
 * month is left unfiled and its list is rebuilt, and says so.
 */
export const SCREENING_FILING_DAYS = 3;

/**
 * 排查存档: at the first run after a month's end, every jurisdiction's
 * 矛盾纠纷排查 list of that month is filed as it then stands, so the month's
 * list stays what it was when a case on it is resolved later. One read a run
 * once the month is filed; a run stopped halfway files the jurisdictions
 * left at the next, each filing whole. Kept as long as closed cases are.
 */
export async function fileScreenings(
  deps: { ledger: Pick<LedgerStore, 'openLedgerRows'> & ScreeningArchive; province: Province },
  now: Date,
  /** Epoch ms after which no further jurisdiction is filed in this run (the invocation's time). */
  stopAt = Infinity,
): Promise<ScreeningFilingReport> {
  const at = now.toISOString();
  const month = monthToFile(at);
  const already = await deps.ledger.screeningFiledAt(month);
  if (already) return { month, outcome: 'alreadyFiled', filedAt: already, jurisdictions: 0, cases: 0 };
  const { asOf } = screeningMonth(at, month);
  if (Date.parse(at) - Date.parse(asOf) > SCREENING_FILING_DAYS * 86_400_000) return { month, outcome: 'tooLate', jurisdictions: 0, cases: 0 };
  const expiresAt = Math.floor(Date.parse(at) / 1000) + deps.province.config.defaults.retentionYears * 366 * 86_400;
  const codes = deps.province.tree.all().map((j) => j.code);
  const done = new Set((await deps.ledger.filedScreenings({ jurisdictions: codes, month })).map((f) => f.jurisdiction));
  let jurisdictions = 0;
  let cases = 0;
  for (const jurisdiction of codes.filter((code) => !done.has(code))) {
    if (Date.now() >= stopAt) return { month, outcome: 'partial', filedAt: at, jurisdictions, cases };
    const rows = rowsToFile(await deps.ledger.openLedgerRows({ jurisdictions: [jurisdiction] }), month, at);
    await deps.ledger.fileScreening({ jurisdiction, month, filedAt: at, rows }, expiresAt);
    jurisdictions += 1;
    cases += rows.length;
  }
  await deps.ledger.markScreeningFiled(month, at, expiresAt);
  return { month, outcome: 'filed', filedAt: at, jurisdictions, cases };
}
