import { OPEN_STATUSES, type CaseStatus, type Category, type Channel } from './case.js';
import { chinaDate, formatChinaDateTime, formatChinaLastDay } from './case-number.js';
import { CATEGORY_LABELS, CHANNEL_LABELS, STATUS_LABELS } from './labels.js';
import { chinaDayStart, reviewAsked, tally, type Count, type LedgerRow, type Named } from './statistics.js';
import { csvDocument } from './statistics-csv.js';

/**
 * 矛盾纠纷排查: the monthly screening list of unresolved disputes — the cases
 * still open that are past the deadline of the clock now running (the same
 * "overdue" as the statistics and the 已逾期 work list), or that were reopened
 * because the petitioner answered the follow-up "not satisfied" and are not
 * yet answered again, or whose decision the petitioner disputes before the
 * level above (复查、复核 awaiting its decision). Pure: the rows, names and `now` are passed in.
 *
 * The ledger holds each case's current state, not its history. The list of
 * the current China month is the state at `now`. A past month's list is
 * rebuilt from the same rows as of the month's end (screeningMonth): a case
 * is on it only when a reason it is listed for now is dated, by the ledger,
 * before that end — it has held ever since — so every case shown was truly
 * unresolved then, but the cases resolved since (concluded, answered, their
 * review decided, closed) are not shown. See newInMonth for 本月新增.
 */

export const UNRESOLVED_REASONS = ['overdue', 'unsatisfied', 'underReview'] as const;
export type UnresolvedReason = (typeof UNRESOLVED_REASONS)[number];

export const UNRESOLVED_REASON_LABELS: Readonly<Record<UnresolvedReason, string>> = {
  overdue: '超期未办结',
  unsatisfied: '回访不满意重新办理',
  underReview: '不服处理意见，复查、复核中',
};

export interface UnresolvedDispute {
  caseNumber: string;
  /** The jurisdiction that now holds the case. */
  jurisdiction: Named;
  /** The handling unit now, or `none` (未确定承办单位) while no unit has the case. */
  unit: Named;
  /** The status now (a past month's list: it may have moved on since). */
  status: CaseStatus;
  channel: Channel;
  category?: Category;
  /** The subject (事由), as work lists show it. */
  subject?: string;
  receivedAt: string;
  /** The deadline of the clock now running, if any. */
  dueAt?: string;
  /** Whole calendar days past `dueAt` at the list's `asOf` (at least 1), as the work lists count them; only when overdue. */
  daysOverdue?: number;
  /** Why the case is on the list at its `asOf`, in the order of UNRESOLVED_REASONS. */
  reasons: UnresolvedReason[];
  /** 本月新增: it came onto the list in the screening month (newInMonth), for whatever reason. */
  newThisMonth: boolean;
  repeat: boolean;
  collective: boolean;
  extended: boolean;
  /** The review the petitioner asked for, awaiting its decision or decided (reviewAskedOf): 0 none, 1 复查, 2 复核. */
  reviewLevel: 0 | 1 | 2;
}

export interface UnresolvedDisputesFigures {
  totals: {
    /** Cases on the list. */
    cases: number;
    overdue: number;
    unsatisfied: number;
    /** The petitioner disputes the decision: a 复查 or 复核 waits for its decision. */
    underReview: number;
    newThisMonth: number;
  };
  /** Every jurisdiction supplied, zeros included, then any met only in the rows. */
  byJurisdiction: Count[];
  /** Every unit supplied, zeros included, then units met only in the rows, then `none`. */
  byUnit: Count[];
  /** By jurisdiction (in the order supplied), then unit, then the longest overdue first. */
  items: UnresolvedDispute[];
}

export interface UnresolvedDisputesReport extends UnresolvedDisputesFigures {
  jurisdiction: Named;
  includeSubordinates: boolean;
  /** `unit`: only the cases of the asking staff member's unit. */
  scope: 'jurisdiction' | 'unit';
  unit?: Named;
  /** The screening month, `YYYY-MM`: the China month of `computedAt` unless a past month was asked for. */
  month: string;
  /** The instant the list is of: `computedAt` for the current month, the month's end for a past one (screeningMonth). */
  asOf: string;
  /** When the list was computed: the cases' status, unit and deadline are as they stood then (`filedAt` for a filed list). */
  computedAt: string;
  /**
   * Where the list comes from: `current`, the cases now; `filed`, the list
   * filed soon after a past month's end (排查存档), as it stood then; `rebuilt`,
   * a past month without a filing, rebuilt from the cases still open as of its end.
   */
  basis: ScreeningBasis;
  /** When a filed list was filed: its cases' status, unit and deadline are as they stood then. */
  filedAt?: string;
}

export const SCREENING_BASES = ['current', 'filed', 'rebuilt'] as const;
export type ScreeningBasis = (typeof SCREENING_BASES)[number];
export const SCREENING_BASIS_LABELS: Readonly<Record<ScreeningBasis, string>> = {
  current: '当前在办情况',
  filed: '月末存档',
  rebuilt: '据现有台账回溯（此后已化解的案件未列出）',
};

const NO_UNIT: Named = { code: 'none', name: '未确定承办单位' };
const DAY_MS = 86_400_000;

/** Why a row is an unresolved dispute at `now` (the rows' own time); empty when it is not one. */
export function unresolvedReasons(row: Pick<LedgerRow, 'status' | 'ledger'>, now: string): UnresolvedReason[] {
  if (!OPEN_STATUSES.has(row.status)) return [];
  const reasons: UnresolvedReason[] = [];
  if (row.ledger.dueAt !== undefined && Date.parse(row.ledger.dueAt) < Date.parse(now)) reasons.push('overdue');
  // Only an unsatisfied answer that reopened the case leaves it open with `satisfied: false`.
  if (row.ledger.satisfied === false) reasons.push('unsatisfied');
  // The petitioner disputes the answer and asked the level above: the dispute is open until it decides.
  if (row.status === 'underReview' || row.status === 'underReReview') reasons.push('underReview');
  return reasons;
}

/** The earliest and the latest instant a reason can have begun, as the ledger dates it (equal when it says exactly). */
export interface ReasonStart {
  earliest: string;
  latest: string;
}

/**
 * Since when each reason a row is listed for at `now` has held without a
 * break, as far as the ledger tells:
 * - overdue: since the deadline of the clock now running (`dueAt`): that clock
 *   has run since before it, and a suspension would have moved it;
 * - underReview: since the request was received (`review.requestedAt`);
 * - unsatisfied: since the follow-up's answer that reopened the case
 *   (`followUpAnsweredAt`); on a ledger written before it was kept, only
 *   bounds: after the acceptance, and before the case's latest conclusion
 *   when it has been concluded again since.
 * Nothing began before the case was received.
 */
export function reasonStarts(row: Pick<LedgerRow, 'status' | 'ledger'>, now: string): Partial<Record<UnresolvedReason, ReasonStart>> {
  const { ledger } = row;
  const exactly = (instant: string): ReasonStart => ({ earliest: instant, latest: instant });
  const starts: Partial<Record<UnresolvedReason, ReasonStart>> = {};
  for (const reason of unresolvedReasons(row, now)) {
    if (reason === 'overdue') starts.overdue = exactly(ledger.dueAt!);
    else if (reason === 'underReview') {
      starts.underReview = ledger.review ? exactly(ledger.review.requestedAt) : { earliest: ledger.concludedAt ?? ledger.acceptedAt ?? ledger.receivedAt, latest: now };
    } else if (ledger.followUpAnsweredAt) {
      // The 不满意 that reopened the case, dated (ledgers written since it is kept; `npm run reindex` adds it to older ones).
      starts.unsatisfied = exactly(ledger.followUpAnsweredAt);
    } else {
      const concludedAgain = row.status === 'concluded' && ledger.concludedAt !== undefined;
      starts.unsatisfied = { earliest: ledger.acceptedAt ?? ledger.receivedAt, latest: concludedAgain ? ledger.concludedAt! : now };
    }
  }
  for (const start of Object.values(starts)) {
    if (Date.parse(start.earliest) < Date.parse(ledger.receivedAt)) start.earliest = ledger.receivedAt;
  }
  return starts;
}

/**
 * Why a row was an unresolved dispute at `asOf` (at or before `now`, the time
 * its state is of): at `now` its reasons; before, those of its reasons the
 * ledger shows began before `asOf` (reasonStarts) — they have held since. A
 * reason that ended before `now` is not in the ledger, nor one the ledger
 * cannot date before `asOf`: the answer may leave out a reason, never add one.
 */
export function unresolvedReasonsAt(row: Pick<LedgerRow, 'status' | 'ledger'>, asOf: string, now: string): UnresolvedReason[] {
  if (Date.parse(asOf) >= Date.parse(now)) return unresolvedReasons(row, now);
  const starts = reasonStarts(row, now);
  return UNRESOLVED_REASONS.filter((reason) => starts[reason] !== undefined && Date.parse(starts[reason].latest) < Date.parse(asOf));
}

/**
 * 本月新增: whether the case came onto the list in the screening month, i.e.
 * it met none of the criteria at the end of the month before. It has been on
 * the list without a break since the earliest start of the reasons it is
 * listed for now (reasonStarts), so it is new when each of them began in the
 * month or later by the ledger's dates: became overdue, asked for a review,
 * answered 不满意 (on a ledger that dates it),
 * and — a case received in the month — whatever it is listed for. A case
 * whose reopening after 不满意 the ledger cannot place in the month counts as
 * carried over; one that left the list during the month and came back counts
 * as new (the ledger keeps no history of that).
 */
export function newInMonth(row: Pick<LedgerRow, 'status' | 'ledger'>, monthStart: string, now: string): boolean {
  const starts = Object.values(reasonStarts(row, now));
  return starts.length > 0 && starts.every((start) => Date.parse(start.earliest) >= Date.parse(monthStart));
}

/**
 * The highest review (复查 1, 复核 2) asked for, awaiting its decision or
 * decided. The ledger's `reviewLevel` counts decisions only, so a case listed
 * as 复查、复核中 would read as never reviewed (or as 复查 while in 复核);
 * a ledger written before requests were kept has its status to tell.
 */
export function reviewAskedOf(row: Pick<LedgerRow, 'status' | 'ledger'>): 0 | 1 | 2 {
  const pending = row.status === 'underReReview' ? 2 : row.status === 'underReview' ? 1 : 0;
  return Math.max(reviewAsked(row.ledger), pending) as 0 | 1 | 2;
}

/** Whole calendar days past a deadline, at least 1 once it is past (as a work list's 已逾期 N 天). */
export function daysPast(deadline: string, now: string): number {
  return Math.max(1, Math.ceil((Date.parse(now) - Date.parse(deadline)) / DAY_MS));
}

/** A screening month (China time): its first instant, and the instant its list is of. */
export interface ScreeningMonth {
  /** `YYYY-MM`. */
  month: string;
  /** 00:00 in China on the month's first day. */
  start: string;
  /** `now` in the current month; the month's end (00:00 in China on the next month's first day) for a past one. */
  asOf: string;
}

/** The screening of `month` (`YYYY-MM`; the China month of `now` when left out), which must not be after `now`'s. */
export function screeningMonth(now: string, month?: string): ScreeningMonth {
  const current = chinaDate(now).slice(0, 7);
  const chosen = month ?? current;
  if (chosen > current) throw new RangeError(`the screening month ${chosen} is after the current month ${current}`);
  const year = Number(chosen.slice(0, 4));
  const number = Number(chosen.slice(5, 7));
  const next = number === 12 ? `${year + 1}-01` : `${year}-${String(number + 1).padStart(2, '0')}`;
  return { month: chosen, start: chinaDayStart(`${chosen}-01`), asOf: chosen === current ? now : chinaDayStart(`${next}-01`) };
}

/** The month filed at `now` (China time): the one before now's, `YYYY-MM`. */
export function monthToFile(now: string): string {
  const [year, month] = chinaDate(now).slice(0, 7).split('-').map(Number) as [number, number];
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

/**
 * 排查存档: the rows to file as `month`'s list, from their state at `filedAt`
 * (after the month's end, as soon after as the sweep runs) — those a reason
 * lists as of the month's end. Filed, the list stays as it stood: a case
 * resolved since is still on it, which the rebuilt list cannot show.
 */
export function rowsToFile<R extends Pick<LedgerRow, 'status' | 'ledger'>>(rows: readonly R[], month: string, filedAt: string): R[] {
  if (month >= chinaDate(filedAt).slice(0, 7)) throw new RangeError(`the screening month ${month} has not ended at ${filedAt}`);
  const { asOf } = screeningMonth(filedAt, month);
  return rows.filter((row) => unresolvedReasonsAt(row, asOf, filedAt).length > 0);
}

/**
 * The list of a screening month from the rows' state at `now`: that of the
 * current month, or a past month's rebuilt as of its end (`month`; see the
 * module's comment for what that can and cannot show).
 */
export function unresolvedDisputes(
  rows: readonly LedgerRow[],
  options: { now: string; month?: string; jurisdictions: readonly Named[]; units: readonly Named[] },
): UnresolvedDisputesFigures {
  const { now } = options;
  const { start, asOf } = screeningMonth(now, options.month);
  const names = (list: readonly Named[]) => new Map(list.map((n) => [n.code, n.name]));
  const jurisdictionNames = names(options.jurisdictions);
  const unitNames = names(options.units);
  const listed = rows.flatMap((row) => {
    const reasons = unresolvedReasonsAt(row, asOf, now);
    return reasons.length === 0 ? [] : [{ row, reasons }];
  });

  const items = listed.map(({ row, reasons }): UnresolvedDispute => {
    const { ledger } = row;
    const overdue = reasons.includes('overdue');
    const unit = ledger.unit === undefined ? NO_UNIT : { code: ledger.unit, name: unitNames.get(ledger.unit) ?? ledger.unit };
    return {
      caseNumber: row.caseNumber,
      jurisdiction: { code: row.jurisdiction, name: jurisdictionNames.get(row.jurisdiction) ?? row.jurisdiction },
      unit,
      status: row.status,
      channel: row.channel,
      ...(row.category ? { category: row.category } : {}),
      ...(ledger.subject ? { subject: ledger.subject } : {}),
      receivedAt: ledger.receivedAt,
      ...(ledger.dueAt ? { dueAt: ledger.dueAt } : {}),
      ...(overdue && ledger.dueAt ? { daysOverdue: daysPast(ledger.dueAt, asOf) } : {}),
      reasons,
      newThisMonth: newInMonth(row, start, now),
      repeat: ledger.repeat === true,
      collective: ledger.collective === true,
      extended: ledger.extended === true,
      reviewLevel: reviewAskedOf(row),
    };
  });

  const order = (list: readonly Named[]) => new Map(list.map((n, i) => [n.code, i]));
  const jurisdictionOrder = order(options.jurisdictions);
  const unitOrder = order([...options.units, NO_UNIT]);
  const rank = (map: Map<string, number>, code: string) => map.get(code) ?? map.size;
  items.sort(
    (a, b) =>
      rank(jurisdictionOrder, a.jurisdiction.code) - rank(jurisdictionOrder, b.jurisdiction.code) ||
      rank(unitOrder, a.unit.code) - rank(unitOrder, b.unit.code) ||
      (b.daysOverdue ?? 0) - (a.daysOverdue ?? 0) ||
      (a.caseNumber < b.caseNumber ? -1 : a.caseNumber > b.caseNumber ? 1 : 0),
  );

  const rowsListed = listed.map(({ row }) => row);
  return {
    totals: {
      cases: items.length,
      overdue: items.filter((i) => i.reasons.includes('overdue')).length,
      unsatisfied: items.filter((i) => i.reasons.includes('unsatisfied')).length,
      underReview: items.filter((i) => i.reasons.includes('underReview')).length,
      newThisMonth: items.filter((i) => i.newThisMonth).length,
    },
    byJurisdiction: tally(rowsListed, (row) => row.jurisdiction, options.jurisdictions),
    byUnit: tally(rowsListed, (row) => row.ledger.unit ?? NO_UNIT.code, [...options.units, NO_UNIT], NO_UNIT.code),
    items,
  };
}

/**
 * The list as CSV for Excel (UTF-8 with a byte-order mark, CRLF, RFC 4180
 * quoting, as statisticsCsv): one line per case, Chinese column names, times
 * in China time; 本月新增 and 逾期天数 as of the list's `asOf`; 列表依据 says
 * whether it is the list now, the one filed at the month's end, or rebuilt.
 */
export function unresolvedDisputesCsv(report: UnresolvedDisputesReport): string {
  const header = [
    '排查月份',
    '案件编号',
    '行政区划代码',
    '行政区划',
    '承办单位编号',
    '承办单位',
    '排查原因',
    '本月新增',
    '逾期天数',
    '办理期限',
    '收到时间',
    '状态',
    '来源渠道',
    '问题类别',
    '事由',
    '重复信访',
    '集体访',
    '已延期',
    '复查复核',
    '列表依据',
  ];
  const basis = SCREENING_BASIS_LABELS[report.basis] + (report.filedAt ? `（${formatChinaDateTime(report.filedAt)}存档）` : '');
  const yesNo = (value: boolean) => (value ? '是' : '否');
  const lines: (string | number | null)[][] = [header];
  for (const item of report.items) {
    lines.push([
      report.month,
      item.caseNumber,
      item.jurisdiction.code,
      item.jurisdiction.name,
      item.unit.code,
      item.unit.name,
      item.reasons.map((r) => UNRESOLVED_REASON_LABELS[r]).join('；'),
      yesNo(item.newThisMonth),
      item.daysOverdue ?? null,
      item.dueAt ? formatChinaLastDay(item.dueAt) : null,
      formatChinaDateTime(item.receivedAt),
      STATUS_LABELS[item.status],
      CHANNEL_LABELS[item.channel],
      item.category ? CATEGORY_LABELS[item.category] : CATEGORY_LABELS.uncategorised,
      item.subject ?? null,
      yesNo(item.repeat),
      yesNo(item.collective),
      yesNo(item.extended),
      item.reviewLevel === 2 ? '复核' : item.reviewLevel === 1 ? '复查' : null,
      basis,
    ]);
  }
  return csvDocument(lines);
}
