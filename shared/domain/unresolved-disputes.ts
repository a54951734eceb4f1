import { OPEN_STATUSES, type CaseStatus, type Category, type Channel } from './case.js';
import { chinaDate, formatChinaDateTime, formatChinaLastDay } from './case-number.js';
import { CATEGORY_LABELS, CHANNEL_LABELS, STATUS_LABELS } from './labels.js';
import { csvField, tally, type Count, type LedgerRow, type Named } from './statistics.js';

/**
 * 矛盾纠纷排查: the monthly screening list of unresolved disputes — the cases
 * still open that are past the deadline of the clock now running (the same
 * "overdue" as the statistics and the 已逾期 work list), or that were reopened
 * because the petitioner answered the follow-up "not satisfied" and are not
 * yet answered again, or whose decision the petitioner disputes before the
 * level above (复查、复核 awaiting its decision). Pure: the rows, names and `now` are passed in.
 *
 * The list is the state at `now` (the ledger holds each case's current
 * state, not its history): the screening of the China month of `now`. A case
 * whose deadline fell in that month is marked new this month.
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
  /** The handling unit, or `none` (未确定承办单位) while no unit has the case. */
  unit: Named;
  status: CaseStatus;
  channel: Channel;
  category?: Category;
  /** The subject (事由), as work lists show it. */
  subject?: string;
  receivedAt: string;
  /** The deadline of the clock now running, if any. */
  dueAt?: string;
  /** Whole calendar days past `dueAt` (at least 1), as the work lists count them; only when overdue. */
  daysOverdue?: number;
  /** Why the case is on the list, in the order of UNRESOLVED_REASONS. */
  reasons: UnresolvedReason[];
  /** It became overdue in the screening month (its deadline fell in that month). */
  newThisMonth: boolean;
  repeat: boolean;
  collective: boolean;
  extended: boolean;
  /** 0 none, 1 复查, 2 复核. */
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
  /** The screening month: the China month of `asOf`, `YYYY-MM`. */
  month: string;
  asOf: string;
}

const NO_UNIT: Named = { code: 'none', name: '未确定承办单位' };
const DAY_MS = 86_400_000;

/** Why a row is an unresolved dispute at `now`; empty when it is not one. */
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

/** The last day (China date) of a period whose deadline is `deadline` (midnight in China after that day). */
const lastDayOf = (deadline: string) => chinaDate(new Date(Date.parse(deadline) - 1).toISOString());

/** Whole calendar days past a deadline, at least 1 once it is past (as a work list's 已逾期 N 天). */
export function daysPast(deadline: string, now: string): number {
  return Math.max(1, Math.ceil((Date.parse(now) - Date.parse(deadline)) / DAY_MS));
}

export function unresolvedDisputes(
  rows: readonly LedgerRow[],
  options: { now: string; jurisdictions: readonly Named[]; units: readonly Named[] },
): UnresolvedDisputesFigures {
  const { now } = options;
  const month = chinaDate(now).slice(0, 7);
  const names = (list: readonly Named[]) => new Map(list.map((n) => [n.code, n.name]));
  const jurisdictionNames = names(options.jurisdictions);
  const unitNames = names(options.units);
  const listed = rows.flatMap((row) => {
    const reasons = unresolvedReasons(row, now);
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
      ...(overdue && ledger.dueAt ? { daysOverdue: daysPast(ledger.dueAt, now) } : {}),
      reasons,
      newThisMonth: overdue && ledger.dueAt !== undefined && lastDayOf(ledger.dueAt).slice(0, 7) === month,
      repeat: ledger.repeat === true,
      collective: ledger.collective === true,
      extended: ledger.extended === true,
      reviewLevel: ledger.reviewLevel,
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
 * in China time.
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
  ];
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
    ]);
  }
  return `\uFEFF${lines.map((line) => line.map(csvField).join(',')).join('\r\n')}\r\n`;
}
