import type { Rate, StatisticsFigures, StatisticsReport } from './statistics.js';
import { GRANULARITY_LABELS, RATE_LABELS } from './statistics-labels.js';

/**
 * The statistics as a CSV file for an office to open in Excel and file: a
 * report in Chinese for people, in the words the console's 统计 page uses.
 * Programs read the JSON of GET /statistics, whose keys are stable; the rows
 * here may follow the report as it grows.
 */

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The totals' names in the file, with a note where the console explains the figure. */
const TOTAL_LABELS: Readonly<Record<keyof StatisticsFigures['totals'], { label: string; note?: string }>> = {
  received: { label: '登记总量', note: '本期登记的全部事项，含不予受理的' },
  handedOn: { label: '交办转送件数', note: '本级登记、已交办转送其他辖区办理的，计入登记总量，不计入办理情况和比率' },
  transferredIn: { label: '转来件数', note: '其他辖区登记、交办转送本级办理的，计入登记总量和办理情况' },
  accepted: { label: '受理件数' },
  concluded: { label: '办结件数' },
  open: { label: '在办件数' },
  overdue: { label: '当前逾期件数', note: '本期登记、截至统计时点超过期限仍在办' },
  closed: { label: '结案件数' },
  collective: { label: '集体访件数' },
  collectivePersons: { label: '集体访人次' },
  visits: { label: '来访批次' },
  visitPersons: { label: '来访人次' },
  repeat: { label: '重复信访件数' },
  reviewsRequested: { label: '申请复查件数' },
  reReviewsRequested: { label: '申请复核件数' },
  bypass: { label: '越级信访件数', note: '走访越过本级和上一级、其他渠道越过有权处理层级提出' },
  leaderOwned: { label: '领导包案件数' },
  leaderOwnedSettled: { label: '领导包案已息诉罢访件数' },
};

type Cell = string | number | null;

/**
 * The report as CSV: UTF-8 with a byte-order mark (so Excel reads the
 * Chinese), CRLF line ends, RFC 4180 quoting. One table of four columns,
 * 栏目,项目,数值,说明 — a pivot on 项目 × 栏目 still gives back each table:
 *
 * - 报表信息: 统计范围, 行政区划代码, 含下级 (是/否), 统计口径, 承办单位 (a unit's staff only),
 *   起始日期, 截止日期, 统计周期 (按月/按季度/按年), 统计时点 (China time, `2026-12-06 04:09`), 统计对象;
 * - 总量 (登记总量 counts every case received, those not accepted included);
 * - 登记量（按月|按季度|按年）, 来源渠道, 问题类别, 办理状态, 辖区, 承办单位: counts, by the Chinese names;
 * - 比率: percentages with one decimal (`7.1%`, which Excel reads as a number), `—` when nothing
 *   divides, and what each divides with its figures (按期办结 / 办结：1 / 14);
 * - 办理时长, 本期办理情况, 热点 (this month's cases per term, last month's in 说明).
 *
 * Counts and days are numbers; codes, dates and times are written as they read.
 */
export function statisticsCsv(report: StatisticsReport): string {
  const lines: Cell[][] = [['栏目', '项目', '数值', '说明']];
  const add = (section: string, item: string, value: Cell, note: string | null = null) => lines.push([section, item, value, note]);

  const info = '报表信息';
  add(info, '统计范围', report.jurisdiction.name);
  add(info, '行政区划代码', report.jurisdiction.code);
  add(info, '含下级', yesNo(report.includeSubordinates));
  add(info, '统计口径', report.scope === 'unit' ? '本单位承办的事项' : '辖区全部事项');
  if (report.unit) add(info, '承办单位', report.unit.name, `编号 ${report.unit.code}`);
  add(info, '起始日期', report.period.from);
  add(info, '截止日期', report.period.to);
  add(info, '统计周期', GRANULARITY_LABELS[report.period.granularity]);
  add(info, '统计时点', chinaDateTimeCell(report.asOf), '北京时间');
  add(info, '统计对象', '本期登记的事项', '总量、比率和分布按其截至统计时点的办理状态计；本期办理情况按各环节发生的日期计');

  for (const [key, { label, note }] of Object.entries(TOTAL_LABELS) as [keyof typeof TOTAL_LABELS, (typeof TOTAL_LABELS)[keyof typeof TOTAL_LABELS]][]) {
    add('总量', label, report.totals[key], note ?? null);
  }

  // In the order of the console's charts.
  const tables = [
    [`登记量（${GRANULARITY_LABELS[report.period.granularity]}）`, report.byPeriod],
    ['来源渠道', report.byChannel],
    ['问题类别', report.byCategory],
    ['办理状态', report.byStatus],
    ['辖区', report.byJurisdiction],
    ['承办单位', report.byUnit],
  ] as const;
  for (const [section, counts] of tables) {
    for (const c of counts) add(section, c.label, c.count, section === '辖区' ? `行政区划代码 ${c.key}` : null);
  }

  for (const [key, { label, of }] of Object.entries(RATE_LABELS) as [keyof typeof RATE_LABELS, (typeof RATE_LABELS)[keyof typeof RATE_LABELS]][]) {
    const rate = report.rates[key];
    add('比率', label, percentCell(rate), `${of}：${rate.numerator} / ${rate.denominator}`);
  }

  const days = report.averageHandlingDays;
  add('办理时长', '平均办理时长（天）', days.days ?? '—', `受理至办结，计 ${days.cases} 件`);

  const a = report.activity;
  const activity = '本期办理情况';
  add(activity, '本期受理', a.accepted, '按受理日期');
  add(activity, '本期办结', a.concluded, '按办结日期');
  add(activity, '其中统计期前登记', a.concludedFromEarlier, '上期结转');
  add(activity, '本期按期办结率', percentCell(a.onTime), `按期办结 / 本期办结：${a.onTime.numerator} / ${a.onTime.denominator}`);
  add(activity, '本期办结平均办理时长（天）', a.averageHandlingDays.days ?? '—', `受理至办结，计 ${a.averageHandlingDays.cases} 件`);
  add(activity, '本期结案', a.closed, '按结案日期');
  add(activity, '计入统计期前登记事项的天数', a.lookBackDays, `含统计期前 ${a.lookBackDays} 天内登记的事项`);

  const hot = report.hotTopics;
  const month = monthName(hot.month);
  const previous = monthName(hot.previousMonth);
  if (hot.terms.length === 0) add('热点', '（无）', null, `${month}尚无两件以上事项共同提及的词语`);
  for (const t of hot.terms) add('热点', t.term, t.thisMonth, `${month} ${t.thisMonth} 件，${previous} ${t.lastMonth} 件，${change(t.change)}`);

  return csvDocument(lines);
}

const yesNo = (value: boolean) => (value ? '是' : '否');

/** `2026年11月` from `2026-11`. */
const monthName = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;

const change = (n: number) => (n > 0 ? `增加 ${n} 件` : n < 0 ? `减少 ${-n} 件` : '持平');

/**
 * A share as the console shows it: a percentage with one decimal (`7.1%`,
 * which Excel reads as the number 0.071), or `—` when nothing divides.
 */
export function percentCell(rate: Rate): string {
  return rate.rate === null ? '—' : `${(Math.round(rate.rate * 1000) / 10).toFixed(1)}%`;
}

/** An instant in China time (UTC+8) as Excel reads a date and time: `2026-12-06 04:09`. */
export function chinaDateTimeCell(instant: string): string {
  return new Date(Date.parse(instant) + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** Lines as a CSV file for Excel: a byte-order mark, fields by csvField, CRLF after every line. */
export function csvDocument(lines: readonly (readonly Cell[])[]): string {
  return `\uFEFF${lines.map((line) => line.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line
 * break, quotes doubled. Text a spreadsheet would run as a formula (= + - @ at
 * the start) is prefixed with an apostrophe; numbers are written as they are.
 */
export function csvField(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
