import type { DeadlineAdjustment, ExplainedClock, RestDays } from '../../../../../shared/domain/deadline-explanation.js';
import { formatDayWithWeekday, limitSourceLabel, provisionalWords, provisionalYears } from '../../../../../shared/domain/explain-deadline.js';
import { label, SUSPENSION_GROUND_LABELS } from '../../lib/labels';
import { formatDateTime } from '../../lib/time';

const day = (date: string) => {
  const [, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${m}月${d}日`;
};
const span = (r: Pick<RestDays, 'from' | 'to'>) => (r.from === r.to ? day(r.from) : `${day(r.from)}至${day(r.to)}`);
const daysIn = (r: RestDays) => Math.round((Date.parse(r.to) - Date.parse(r.from)) / 86_400_000) + 1;

/**
 * "How this deadline was counted", next to the clock: the start day, the rule
 * and its source, the rest days skipped and the adjusted working days
 * counted, the roll, extensions and suspensions, as the API explains them
 * (deadlines.<clock>.explanation). Closed until asked for.
 */
export function DeadlineBasis({
  explained,
  ground = (id) => label(SUSPENSION_GROUND_LABELS, id),
}: {
  explained: ExplainedClock | undefined;
  /** A suspension ground's name: the province's own too, from the directory. */
  ground?: (id: string) => string;
}) {
  if (!explained) return null;
  const e = explained.explanation;
  const holidays = e.skipped.filter((r) => r.kind === 'holiday');
  const weekendDays = e.skipped.filter((r) => r.kind === 'weekend').reduce((n, r) => n + daysIn(r), 0);
  const lines: string[] = [
    `起算：${formatDayWithWeekday(e.startDay)}，当日不计；自${day(e.firstCountedDay)}起计${e.startOnRestDay ? '（起算日为休息日，从其后第一个工作日起计）' : ''}`,
    `规则：${e.rule.count === 'working' ? `${e.rule.days}个工作日` : `${e.rule.days}日（自然日）`}，${limitSourceLabel(e.rule)}`,
  ];
  if (e.rule.count === 'working') {
    const skipped = [...holidays.map((r) => `${r.holiday ?? '节假日'} ${span(r)}`), ...(weekendDays ? [`周末 ${weekendDays} 天`] : [])];
    lines.push(`不计：${skipped.join('；') || '无'}`);
    if (e.adjustedWorkdays.length) lines.push(`调休上班日计入：${e.adjustedWorkdays.map(day).join('、')}`);
  }
  if (e.roll) lines.push(`顺延：末日${formatDayWithWeekday(e.roll.from)}为${e.roll.holiday ? `${e.roll.holiday}假期` : '休息日'}，顺延至${formatDayWithWeekday(e.roll.to)}`);
  if (e.unrolled) {
    lines.push(`不顺延：末日${formatDayWithWeekday(e.lastDay)}为${e.unrolled.holiday ? `${e.unrolled.holiday}假期` : '休息日'}，本机关规定${e.rule.lastDayOnRestDay === 'holidaysOnly' ? '期满日为周末的' : '期满日遇休息日'}不顺延`);
  }
  lines.push(`届满：${formatDayWithWeekday(e.lastDay)}`);
  for (const a of e.adjustments) lines.push(adjustmentLine(a, ground));
  if (e.toldKept) {
    const now = e.toldKept.handling === 'selfHandled' ? '现由本机关自办，按自办信访件期限' : '现已交由承办单位办理，按转办、交办信访件期限';
    const why = e.toldKept.passed ? '改变办理方式时该日已过，期满日不变' : '已告知信访人的期满日不变';
    lines.push(`期满日不提前：${now}计${e.toldKept.count === 'working' ? `${e.toldKept.days}个工作日` : `${e.toldKept.days}日`}应于${formatDayWithWeekday(e.toldKept.lastDay)}届满，${why}`);
  }
  if (e.overdueKept) {
    const now = e.overdueKept.handling === 'selfHandled' ? '后改由本机关自办' : '后交由承办单位办理';
    lines.push(`逾期：期满时尚未办结，${now}，期满日不再按${e.overdueKept.count === 'working' ? `${e.overdueKept.days}个工作日` : `${e.overdueKept.days}日`}重新计算`);
  }
  const years = provisionalYears(e);
  // A day no holiday notice can move (settled) is stated as it is, as the letters do (explanationSentence).
  const settled = e.provisional?.settled && !e.adjustments.some((a) => a.provisional);
  if (years.length) lines.push(settled ? `${years.join('、')}年节假日安排尚未公布，但不影响此期满日` : `约：${years.join('、')}年节假日安排尚未公布，${provisionalWords(e)}`);
  if (explained.suspended) lines.push(`中止中：自${formatDateTime(explained.suspended.since)}起（${ground(explained.suspended.ground)}），期限暂停计算`);
  return (
    <details className="deadline-basis" style={{ marginTop: 4, fontSize: 12 }}>
      <summary style={{ cursor: 'pointer', color: '#1677ff' }}>计算依据</summary>
      <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
        {lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </details>
  );
}

function adjustmentLine(a: DeadlineAdjustment, ground: (id: string) => string): string {
  const lastDayOf = (instant: string) => new Date(Date.parse(instant) - 1 + 8 * 3_600_000).toISOString().slice(0, 10);
  const to = formatDayWithWeekday(lastDayOf(a.deadline.to));
  // Added to the period's end before its roll past a rest day (the roll is the final end's only): say from where.
  const from = a.countedFrom && a.countedFrom !== lastDayOf(a.deadline.from) ? `自顺延前的期满日${formatDayWithWeekday(a.countedFrom)}起算，` : '';
  if (a.kind === 'extension') return `延期：经批准延长${a.days}日（${a.reason}），${from}至${to}`;
  const days = `${a.days}${a.count === 'working' ? '个工作日' : '日'}`;
  return a.kind === 'withdrawal'
    ? `撤回期间不计：${span({ from: a.from, to: a.until })}撤回后恢复办理，顺延${days}，${from}至${to}`
    : `中止：${ground(a.ground)} ${span({ from: a.from, to: a.until })}，顺延${days}，${from}至${to}`;
}
