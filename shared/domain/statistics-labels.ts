import type { Granularity, StatisticsFigures } from './statistics.js';

/**
 * The words of the statistics, one list for the console's 统计 page and the
 * CSV an office files (shared/domain/statistics-csv.ts), so both say the same.
 */

export const GRANULARITY_LABELS: Readonly<Record<Granularity, string>> = { month: '按月', quarter: '按季度', year: '按年' };

/** The rates, and what each divides. */
export const RATE_LABELS: Readonly<Record<keyof StatisticsFigures['rates'], { label: string; of: string }>> = {
  onTime: { label: '按期办结率', of: '按期办结 / 办结' },
  resolution: { label: '解决率', of: '支持或部分支持 / 办结（不含咨询解答、建议采纳）' },
  extension: { label: '延期率', of: '批准延期 / 受理' },
  satisfaction: { label: '满意率', of: '满意 / 回访答复' },
  settlement: { label: '息诉罢访率', of: '息诉罢访 / 办结' },
  repeat: { label: '重复信访率', of: '重复信访 / 登记' },
  registration: { label: '登记及时率', of: '收到当日登记（非工作日收到的，下一工作日） / 登记' },
};
