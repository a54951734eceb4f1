import type { operations } from '../../api/schema';

/** GET /statistics (JSON), typed by the OpenAPI description. */
export type StatisticsReport = operations['statistics']['responses'][200]['content']['application/json'];
export type StatisticsQuery = operations['statistics']['parameters']['query'];
export type Granularity = NonNullable<StatisticsQuery['granularity']>;
/** GET /statistics/unresolved (JSON). */
export type UnresolvedReport = operations['unresolvedDisputes']['responses'][200]['content']['application/json'];
export type UnresolvedItem = UnresolvedReport['items'][number];
export type Count = StatisticsReport['byChannel'][number];
export type Rate = StatisticsReport['rates']['onTime'];

/** Whose figures: a jurisdiction the caller may see, with or without the levels below. */
export interface Scope {
  jurisdiction: string;
  includeSubordinates: boolean;
}
/** Which days (China dates, both included), counted by month, quarter or year. */
export interface Period {
  from: string;
  to: string;
  granularity: Granularity;
}

// The same words as the CSV the API writes.
export { GRANULARITY_LABELS, RATE_LABELS } from '../../../../../shared/domain/statistics-labels.js';

export const UNRESOLVED_REASON_LABELS: Record<UnresolvedItem['reasons'][number], string> = {
  overdue: '超期未办结',
  unsatisfied: '回访不满意重新办理',
  underReview: '不服处理意见，复查、复核中',
};

/** 87.5% (one decimal), or — when there was nothing to divide by. */
export function percent(rate: Rate): string {
  return rate.rate === null ? '—' : `${(Math.round(rate.rate * 1000) / 10).toFixed(1)}%`;
}

/** Today in Beijing, YYYY-MM-DD, whatever the browser's time zone. */
export function chinaToday(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The share of one count in a table, e.g. 25.0%; — for an empty table. */
export function share(count: number, rows: readonly Count[]): string {
  const total = rows.reduce((sum, r) => sum + r.count, 0);
  return total === 0 ? '—' : `${((count / total) * 100).toFixed(1)}%`;
}

/** What a chart shows, said in words: its title, then each non-zero entry (all zero: 均为 0). */
export function describeCounts(title: string, rows: readonly Count[], unit = '件'): string {
  const shown = rows.filter((r) => r.count > 0);
  if (shown.length === 0) return `${title}：均为 0 ${unit}`;
  return `${title}：${shown.map((r) => `${r.label} ${r.count} ${unit}`).join('，')}`;
}

/** The filename the API's Content-Disposition names, or the fallback. */
export function attachmentName(header: string | null, fallback: string): string {
  const match = header ? /filename="([^"]+)"/.exec(header) : null;
  return match?.[1] ?? fallback;
}
