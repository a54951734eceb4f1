import type { EChartsCoreOption } from 'echarts/core';
import type { Count, StatisticsReport } from './report';

/** Ant Design's palette, so charts and tags agree. */
const BLUE = '#1677ff';
const RED = '#ff4d4f';
const GREY = '#8c8c8c';
const COLOURS = [BLUE, '#52c41a', '#faad14', RED, '#722ed1', '#13c2c2', '#eb2f96', '#fa8c16', '#2f54eb', '#a0d911', GREY];

const tooltip = { trigger: 'item' as const };

/** A vertical bar chart of counts (categories along the bottom). */
export function barOption(rows: readonly Count[], options: { horizontal?: boolean; colour?: string } = {}): EChartsCoreOption {
  const labels = rows.map((r) => r.label);
  const values = rows.map((r) => r.count);
  const category = { type: 'category', data: labels, axisLabel: { interval: 0, hideOverlap: true, ...(options.horizontal ? { width: 140, overflow: 'truncate' } : { rotate: labels.length > 6 ? 30 : 0 }) } };
  const value = { type: 'value', minInterval: 1 };
  return {
    color: [options.colour ?? BLUE],
    aria: { enabled: false },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
    xAxis: options.horizontal ? value : category,
    yAxis: options.horizontal ? { ...category, inverse: true } : value,
    series: [{ type: 'bar', data: values, barMaxWidth: 32, label: { show: true, position: options.horizontal ? 'right' : 'top' } }],
  };
}

/** A ring of shares; entries with no case are left out of the ring (the table still lists them). */
export function pieOption(rows: readonly Count[]): EChartsCoreOption {
  return {
    color: COLOURS,
    aria: { enabled: false },
    tooltip: { ...tooltip, formatter: '{b}：{c} 件（{d}%）' },
    legend: { bottom: 0, type: 'scroll' },
    series: [
      {
        type: 'pie',
        radius: ['40%', '68%'],
        center: ['50%', '45%'],
        // Counts inside the ring: names outside it would be cut off in a half-width card (the legend and the table name them).
        label: { position: 'inside', formatter: '{c}', color: '#fff', fontWeight: 'bold' },
        data: rows.filter((r) => r.count > 0).map((r) => ({ name: r.label, value: r.count })),
      },
    ],
  };
}

/** Cases received per month, quarter or year of the period. */
export function trendOption(rows: readonly Count[]): EChartsCoreOption {
  return {
    color: [BLUE],
    aria: { enabled: false },
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 24, top: 24, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: rows.map((r) => r.label), boundaryGap: false },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'line', data: rows.map((r) => r.count), areaStyle: { opacity: 0.15 }, label: { show: rows.length <= 12 }, symbolSize: 6 }],
  };
}

/** Hot topics: this month's cases per term beside last month's. */
export function hotTopicsOption(hot: StatisticsReport['hotTopics']): EChartsCoreOption {
  const terms = hot.terms.map((t) => t.term);
  return {
    color: [RED, GREY],
    aria: { enabled: false },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { bottom: 0 },
    grid: { left: 8, right: 24, top: 16, bottom: 32, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: terms, inverse: true },
    series: [
      { name: `本月（${hot.month}）`, type: 'bar', data: hot.terms.map((t) => t.thisMonth), label: { show: true, position: 'right' } },
      { name: `上月（${hot.previousMonth}）`, type: 'bar', data: hot.terms.map((t) => t.lastMonth) },
    ],
  };
}
