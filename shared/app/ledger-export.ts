import { assertMayList, assertMayRead, type Actor } from '../domain/access.js';
import { CASE_STATUSES, OPEN_STATUSES, type Case, type CaseStatus, type Category } from '../domain/case.js';
import { formatDay } from '../domain/case-number.js';
import { DomainError, InvalidInput, OutOfScope, UnknownUnit } from '../domain/errors.js';
import { ledgerCsv } from '../domain/ledger-export.js';
import { chinaDayStart, periodEnd } from '../domain/statistics.js';
import type { Province } from '../domain/province.js';
import { mapWithConcurrency } from '../util/concurrency.js';
import { LEDGER_TRAIL, type CaseStore, type Clock, type HandedOn } from './ports.js';

/** The most lines one file holds: past it the export is refused (a ledger cut short would mislead its reader). */
export const LEDGER_MAX_LINES = 5_000;
/** The longest received-date range one file covers, in days. */
export const LEDGER_MAX_DAYS = 366;

const DAY_MS = 86_400_000;
/** Cases read by key at a time (one BatchGetItem), and such reads in flight: at most this many cases past the limit are held. */
const CASES_A_READ = 100;
const READS_IN_FLIGHT = 4;

export interface LedgerQuery {
  jurisdiction: string;
  /** First and last China day of receipt (收到时间), both included. */
  from: string;
  to: string;
  /** One status; `open`, every status not yet closed (as the case list's default); `any` (the default), every status. */
  status: CaseStatus | 'open' | 'any';
  category?: Category;
  /** Only the cases this unit leads (责任单位). */
  unit?: string;
  /** 含下级: the levels below the jurisdiction too (not for a unit's staff, as on the case list). */
  includeSubordinates: boolean;
}

export interface LedgerDeps {
  store: Pick<CaseStore, 'receivedIn' | 'handedOnBy' | 'casesOf' | 'appendAudit'>;
  province: Province;
  clock: Clock;
}

/**
 * 导出台账: the cases received in the period that the reader may read — the
 * case list's rules: a unit's staff their unit's cases, an office its
 * jurisdiction (含下级, its subtree), nobody a report accusing them, nobody a
 * case they are recused from — one line each, as CSV. Found by the month
 * received (byReceipt, keys only), read by key and judged on the case itself,
 * never by a scan. More than LEDGER_MAX_LINES: refused,
 * asking for a shorter period. Each file is on the ledger trail (LEDGER_TRAIL)
 * before it is answered: who, when, the filters, how many lines.
 */
export async function exportLedger(deps: LedgerDeps, query: LedgerQuery, actor: Actor, request: { requestId?: string }): Promise<{ csv: string; lines: number }> {
  deps.province.requireJurisdiction(query.jurisdiction);
  try {
    assertMayList(actor, query.jurisdiction, deps.province.tree);
    if (query.includeSubordinates && actor.unit !== undefined) {
      throw new OutOfScope(`staff member ${actor.staffId} of unit ${actor.unit} may not export the levels below (includeSubordinates)`).inChinese(
        '含下级仅供信访部门和领导导出下级辖区的台账；本单位的台账请不选含下级',
      );
    }
  } catch (error) {
    // An attempt on a ledger out of the caller's scope is on the trail too: it is what an auditor looks for.
    if (error instanceof OutOfScope) await onTrail(deps, actor, request, 'denied', filtersOf(query));
    throw error;
  }
  assertPeriod(query);

  const receivedFrom = Date.parse(chinaDayStart(query.from));
  const receivedBefore = Date.parse(periodEnd({ to: query.to }));
  const statuses = query.status === 'any' ? [...CASE_STATUSES] : query.status === 'open' ? [...OPEN_STATUSES, 'replied' as const] : [query.status];
  const places = query.includeSubordinates ? deps.province.tree.subtree(query.jurisdiction).map((node) => node.code) : [query.jurisdiction];
  // A unit of the jurisdiction, or of a level below it when those are exported too.
  if (query.unit !== undefined && !places.includes(deps.province.unit(query.unit).jurisdiction)) throw new UnknownUnit(query.unit, query.jurisdiction);
  const wanted = new Set<CaseStatus>(statuses);
  // The case list's rules on the case as it stands (its access, its status), read by key: the index holds no more.
  const matches = (c: Case) =>
    Date.parse(c.receivedAt) >= receivedFrom &&
    Date.parse(c.receivedAt) < receivedBefore &&
    wanted.has(c.status) &&
    (query.category === undefined || c.category === query.category) &&
    (query.unit === undefined || c.handling?.lead === query.unit) &&
    mayRead(actor, c, deps.province);

  // The cases received in the period by the month received (byReceipt): one read a month, whatever the statuses and
  // however many places — not one a place × status, sorted by registration and read a year past the period. The index
  // holds its keys only (so a case's changes write it no entry): the cases are read by key, a batch at a time, and the
  // reading stops once more than the file may hold are in — the refusal does not wait for the whole period.
  const received = { receivedFrom: new Date(receivedFrom).toISOString(), receivedBefore: new Date(receivedBefore).toISOString() };
  const held = await deps.store.receivedIn({ jurisdictions: places, ...received });
  // 交办转送: what these offices received and another place holds now stays on their 台账, as sent on — the index by
  // receipt files a case under its holder. One read an office; none for the whole province, which holds them all.
  const wholeProvince = query.includeSubordinates && deps.province.tree.parentOf(query.jurisdiction) === undefined;
  const handedOn = new Map<string, HandedOn>();
  if (!wholeProvince) for (const entry of await deps.store.handedOnBy({ offices: places, ...received })) handedOn.set(entry.caseNumber, entry);
  // The entries run by registration a year past the period (a desk handing most of its intake down has thousands):
  // a case whose entry says it was received outside the period is not read to be left out.
  const receivedInPeriod = (entry: HandedOn) => entry.receivedAt === undefined || (Date.parse(entry.receivedAt) >= receivedFrom && Date.parse(entry.receivedAt) < receivedBefore);
  const elsewhere = [...handedOn.values()].filter((entry) => !places.includes(entry.holder) && receivedInPeriod(entry));
  const numbers = [...new Set([...held, ...elsewhere.map((entry) => entry.caseNumber)])];
  const batches = Array.from({ length: Math.ceil(numbers.length / CASES_A_READ) }, (_, i) => numbers.slice(i * CASES_A_READ, (i + 1) * CASES_A_READ));
  const cases: Case[] = [];
  await mapWithConcurrency(batches, READS_IN_FLIGHT, async (batch) => {
    if (cases.length > LEDGER_MAX_LINES) return;
    for (const c of await deps.store.casesOf(batch)) if (matches(c)) cases.push(c);
  });
  if (cases.length > LEDGER_MAX_LINES) throw tooMany(query);
  cases.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.caseNumber.localeCompare(b.caseNumber));

  await onTrail(deps, actor, request, 'allowed', `${filtersOf(query)}；共 ${cases.length} 行`);
  const names = {
    place: (code: string) => (deps.province.hasJurisdiction(code) ? deps.province.withCounty(code) : code),
    unit: (id: string) => {
      try {
        return deps.province.unit(id).name;
      } catch {
        return id;
      }
    },
  };
  // 转送情况 from where the reader stands: sent on from their places, come to them from elsewhere, or both within them.
  const ours = new Set(places);
  // The day is the entry's, and only while the entry names the holder the case has: the case says where it is, and an
  // entry behind it would date a move to another place.
  const sinceOf = (c: Case) => {
    const entry = handedOn.get(c.caseNumber);
    return entry?.holder === c.jurisdiction ? entry.since : undefined;
  };
  const handedOnOf = (c: Case) => ({ from: ours.has(c.receivingOffice), to: ours.has(c.jurisdiction), since: sinceOf(c) });
  return { csv: ledgerCsv(cases, names, handedOnOf), lines: cases.length };
}

/** An export, or an attempt out of scope, on the ledger trail: who, when, the filters (and the lines sent). */
function onTrail(deps: LedgerDeps, actor: Actor, request: { requestId?: string }, outcome: 'allowed' | 'denied', detail: string): Promise<void> {
  return deps.store.appendAudit({
    caseNumber: LEDGER_TRAIL,
    at: deps.clock.now().toISOString(),
    actor: actor.staffId,
    action: 'export:ledger',
    outcome,
    detail,
    ...(request.requestId ? { requestId: request.requestId } : {}),
  });
}

function assertPeriod(query: LedgerQuery): void {
  if (query.from > query.to) {
    throw new InvalidInput('the date range ends before it starts', [
      { path: 'query.to', message: `${query.to} is before ${query.from}`, chinese: `${formatDay(query.to)}早于${formatDay(query.from)}` },
    ]).inChinese('收到日期范围的结束日期早于开始日期');
  }
  const days = (Date.parse(query.to) - Date.parse(query.from)) / DAY_MS + 1;
  if (days > LEDGER_MAX_DAYS) {
    throw new InvalidInput(`the date range is at most ${LEDGER_MAX_DAYS} days`, [
      { path: 'query.to', message: `at most ${LEDGER_MAX_DAYS} days from ${query.from}`, chinese: `收到日期范围最长一年（${LEDGER_MAX_DAYS} 天）` },
    ]).inChinese(`一次最多导出一年的台账（收到日期范围不超过 ${LEDGER_MAX_DAYS} 天），请缩短日期范围`);
  }
}

function tooMany(query: LedgerQuery): InvalidInput {
  return new InvalidInput(`more than ${LEDGER_MAX_LINES} cases match`, [
    { path: 'query.from', message: `more than ${LEDGER_MAX_LINES} cases were received in the range`, chinese: `符合条件的事项超过 ${LEDGER_MAX_LINES} 件` },
  ]).inChinese(`${formatDay(query.from)}至${formatDay(query.to)}符合条件的事项超过 ${LEDGER_MAX_LINES} 件，一次无法导出。请缩短收到日期范围，或按状态、类别分次导出。`);
}

function mayRead(actor: Actor, c: Case, province: Province): boolean {
  try {
    assertMayRead(actor, c, province.tree);
    return true;
  } catch (error) {
    if (error instanceof DomainError) return false;
    throw error;
  }
}

/** The filters as the trail keeps them: codes, no personal data. */
function filtersOf(query: LedgerQuery): string {
  return [
    `辖区 ${query.jurisdiction}${query.includeSubordinates ? '（含下级）' : ''}`,
    `收到日期 ${query.from} 至 ${query.to}`,
    `状态 ${query.status}`,
    ...(query.category ? [`类别 ${query.category}`] : []),
    ...(query.unit ? [`责任单位 ${query.unit}`] : []),
  ].join('；');
}
