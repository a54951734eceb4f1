import { dayNumber, type WorkingCalendar } from './calendar.js';
import type { Case } from './case.js';
import { deadlineOrProvisional } from './deadlines.js';
import { CATEGORY_LABELS, CHANNEL_LABELS } from './labels.js';
import type { Category, Channel } from './case.js';
import type { Clock, DayCount, RestDayRule } from './time-limits.js';
import type { DeadlineAdjustment, DeadlineClock, DeadlineExplanation, ExplainedClock, RestDays } from './deadline-explanation.js';

/** The deadline engine's explanations: computed with each deadline, stored beside it, merged with suspensions when read. */

const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;


/**
 * An approved extension (延期): `days` calendar days added to the period
 * (第三十四条: 延长办理期限不超过30日), by the same count, after the deadline's
 * last day as the case holds it — rolled past a rest day, that roll made it
 * the period's last day (《民法典》第二百零三条) and the day the petitioner was
 * told. The approval, the leader's preview (approvedExtension) and a recount
 * when a provisional clock is confirmed all count so, or they would disagree
 * by the roll's days. An extended period ending on a rest day runs to the next
 * working day in its turn. The adjustment to add to the explanation.
 */
export function extendedDeadline(
  deadline: string,
  extension: { days: number; reason: string; approvedBy: string; at: string },
  calendar: WorkingCalendar,
  rule?: RestDayRule,
): { at: string; provisional: boolean; adjustment: DeadlineAdjustment } {
  const lastInstant = new Date(Date.parse(deadline) - 1).toISOString();
  // The handling clock's own rest-day rule (its explanation keeps it) applies to the extended period too.
  const due = deadlineOrProvisional(lastInstant, { days: extension.days, count: 'calendar', ...(rule ? { lastDayOnRestDay: rule } : {}) }, calendar);
  return {
    at: due.at,
    provisional: due.provisional,
    adjustment: {
      kind: 'extension',
      days: extension.days,
      count: 'calendar',
      reason: extension.reason,
      approvedBy: extension.approvedBy,
      at: extension.at,
      deadline: { from: deadline, to: due.at },
      lastDay: due.explanation.lastDay,
      ...(due.explanation.roll ? { roll: due.explanation.roll } : {}),
      ...(due.provisional ? { provisional: true as const } : {}),
    },
  };
}

/**
 * The last day (China date) of a clock's period by its count alone, before
 * the roll past a rest day that gave the deadline it holds: what the
 * days not counted (中止, a withdrawal taken back) are added to, so that
 * only the final end is rolled (《民法典》第二百零三条: the roll is the
 * period's end, not part of the period). Undefined when the case does not
 * show it — no explanation stored, or a move recorded before it was kept —
 * and the caller adds to the deadline's last day, as before.
 */
export function countedEndOf(c: Case, clock: DeadlineClock): string | undefined {
  const explained = explainClock(c, clock);
  if (!explained) return undefined;
  const { explanation } = explained;
  const last = explanation.adjustments.at(-1);
  if (!last) return explanation.at === explained.at ? explanation.countedLastDay : undefined;
  if (last.deadline.to !== explained.at) return undefined;
  if (last.kind === 'extension') return last.roll?.from ?? last.lastDay;
  return last.countedLastDay;
}

/** The case's deadlines with one clock set (or moved) and its explanation stored beside it. */
export function withDeadline(
  deadlines: Case['deadlines'],
  clock: DeadlineClock,
  due: { at: string; provisional: boolean; explanation: DeadlineExplanation },
): Case['deadlines'] {
  const provisional = [...(deadlines.provisional ?? []).filter((p) => p !== clock), ...(due.provisional ? [clock] : [])];
  const { provisional: _p, ...rest } = deadlines;
  return {
    ...rest,
    [clock]: due.at,
    explanations: { ...rest.explanations, [clock]: due.explanation },
    ...(provisional.length ? { provisional } : {}),
  };
}

/** The deadlines without the clocks given (stopped), their explanations dropped with them. */
export function withoutDeadlines(deadlines: Case['deadlines'], clocks: readonly DeadlineClock[]): Case['deadlines'] {
  const next: Case['deadlines'] = { ...deadlines };
  const explanations = { ...next.explanations };
  for (const clock of clocks) {
    delete next[clock];
    delete explanations[clock];
  }
  if (Object.keys(explanations).length) next.explanations = explanations;
  else delete next.explanations;
  return next;
}

/** What a suspension (中止) recorded on the case looks like to the explanation; see docs/domain.md. */
interface SuspensionRecord {
  clock: string;
  ground: string;
  reason?: string;
  suspendedAt: string;
  resumedAt?: string;
  shift?: { days: number; count: DayCount; from: string; to: string; countedFrom?: string; countedLastDay?: string; provisional?: true };
}

/**
 * A clock's deadline as the case holds it, with its explanation: the stored
 * one, and each suspension of this run of the clock (they are stored on the
 * case as facts, with how far each moved the deadline) in time order with the
 * extensions. Undefined when the clock is not set or was set before
 * explanations were stored.
 */
export function explainClock(c: Case, clock: DeadlineClock): ExplainedClock | undefined {
  const at = c.deadlines[clock];
  const stored = c.deadlines.explanations?.[clock];
  if (!at || !stored) return undefined;
  const suspensions = ((c as { suspensions?: SuspensionRecord[] }).suspensions ?? []).filter(
    (s) => s.clock === clock && Date.parse(s.suspendedAt) >= Date.parse(stored.startedAt),
  );
  const merged: DeadlineAdjustment[] = [
    ...stored.adjustments,
    ...suspensions.flatMap((s): DeadlineAdjustment[] =>
      s.resumedAt && s.shift
        ? [
            {
              kind: 'suspension',
              ground: s.ground,
              ...(s.reason ? { reason: s.reason } : {}),
              from: chinaDateOf(s.suspendedAt),
              until: chinaDateOf(s.resumedAt),
              days: s.shift.days,
              count: s.shift.count,
              at: s.resumedAt,
              deadline: { from: s.shift.from, to: s.shift.to },
              ...(s.shift.countedFrom ? { countedFrom: s.shift.countedFrom } : {}),
              ...(s.shift.countedLastDay ? { countedLastDay: s.shift.countedLastDay } : {}),
              ...(s.shift.provisional ? { provisional: true as const } : {}),
            },
          ]
        : [],
    ),
  ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const open = suspensions.find((s) => !s.resumedAt);
  const provisional = c.deadlines.provisional?.includes(clock);
  return {
    at,
    lastDay: chinaDateOf(new Date(Date.parse(at) - 1).toISOString()),
    ...(provisional ? { provisional: true as const } : {}),
    explanation: { ...stored, adjustments: merged },
    ...(open ? { suspended: { since: open.suspendedAt, ground: open.ground } } : {}),
  };
}

/** Every clock of the case that has a deadline and an explanation, each with its sentence (as the API returns them). */
export function explainedDeadlines(c: Case): Partial<Record<DeadlineClock, ExplainedClock & { sentence: string }>> {
  const clocks: DeadlineClock[] = ['acceptance', 'handling', 'reply', 'reviewDecision', 'reReviewDecision'];
  return Object.fromEntries(
    clocks.flatMap((clock) => {
      const explained = explainClock(c, clock);
      return explained ? [[clock, { ...explained, sentence: explanationSentence(explained.explanation, CLOCK_START_WORDS[clock]) }]] : [];
    }),
  );
}

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'] as const;

/** `2026年3月2日（星期一）`. */
export function formatDayWithWeekday(date: string): string {
  const day = dayNumber(date);
  if (day === undefined) throw new RangeError(`not a date YYYY-MM-DD: ${date}`);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${y}年${m}月${d}日（${WEEKDAYS[new Date(day * DAY_MS).getUTCDay()]}）`;
}

/** What starts each clock, as a letter says it: 自<日期><word>之日起. */
export const CLOCK_START_WORDS: Readonly<Record<Clock, string>> = {
  acceptance: '收到信访事项',
  handling: '受理',
  reply: '办结',
  reviewRequest: '书面答复',
  reviewDecision: '收到复查请求',
  reReviewRequest: '作出复查意见',
  reReviewDecision: '收到复核请求',
};

/**
 * Where a limit comes from, as a letter names it. `ruleOwner`: the name of the
 * jurisdiction whose own limit it is, when another office signs the letter (a
 * case 淳安县 accepted, transferred to 杭州市: 淳安县规定的期限, not 本地).
 */
export function limitSourceLabel(rule: DeadlineExplanation['rule'], ruleOwner?: string): string {
  switch (rule.source) {
    case 'national':
      return '《信访工作条例》规定的期限';
    case 'province':
      return '本省规定的期限';
    case 'jurisdiction':
      return ruleOwner ? `${ruleOwner}规定的期限` : '本地规定的期限';
    case 'channel':
      return `${CHANNEL_LABELS[rule.sourceKey as Channel] ?? ''}事项的期限`;
    case 'category':
      return `${CATEGORY_LABELS[rule.sourceKey as Category] ?? ''}类事项的期限`;
    // The office's rule for how it handles the case (e.g. 自办信访件30日, 转办、交办信访件90日).
    case 'handling':
      return rule.sourceKey === 'selfHandled' ? '本机关规定的自办信访件期限' : '本机关规定的转办、交办信访件期限';
  }
}

const shortDay = (date: string) => {
  const [, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${m}月${d}日`;
};
const rangeText = (r: RestDays) => (r.from === r.to ? shortDay(r.from) : `${shortDay(r.from)}至${shortDay(r.to)}`);

/** A limit as the regulation writes it: 30日 (calendar days) or 5个工作日. */
export function periodWords(rule: { days: number; count: 'calendar' | 'working' }): string {
  return rule.count === 'working' ? `${rule.days}个工作日` : `${rule.days}日`;
}

/**
 * The explanation in one Chinese sentence, for the letters that state a
 * deadline, e.g. 本期限自2026年2月13日（星期五）受理之日起算（当日不计），按
 * 来电事项的期限计7个工作日，不计2月15日至23日春节假期，计入调休上班日2月14日、
 * 2月28日，至2026年3月2日（星期一）届满。
 */
export function explanationSentence(e: DeadlineExplanation, startWord: string, ruleOwner?: string): string {
  const parts: string[] = [];
  const unit = periodWords(e.rule);
  let head = `本期限自${formatDayWithWeekday(e.startDay)}${startWord}之日起算（当日不计）`;
  if (e.startOnRestDay) head += `，该日为休息日，从其后第一个工作日${shortDay(e.firstCountedDay)}起计`;
  parts.push(head);
  parts.push(`按${limitSourceLabel(e.rule, ruleOwner)}计${unit}`);
  const holidays = e.skipped.filter((r) => r.kind === 'holiday');
  const weekendDays = e.skipped.filter((r) => r.kind === 'weekend').reduce((n, r) => n + (dayNumber(r.to)! - dayNumber(r.from)! + 1), 0);
  if (e.rule.count === 'working') {
    const skipped = [
      ...holidays.map((r) => `${rangeText(r)}${r.holiday ?? ''}假期`),
      ...(weekendDays ? [`周末${weekendDays}天`] : []),
    ];
    if (skipped.length) parts.push(`不计${skipped.join('、')}`);
    if (e.adjustedWorkdays.length) parts.push(`计入调休上班日${e.adjustedWorkdays.map(shortDay).join('、')}`);
  }
  if (e.roll) {
    parts.push(
      `第${e.rule.days}日${formatDayWithWeekday(e.roll.from)}为${e.roll.holiday ? `${e.roll.holiday}假期` : '休息日'}，顺延至其后第一个工作日`,
    );
  }
  if (e.unrolled) {
    const rule = e.rule.lastDayOnRestDay === 'holidaysOnly' ? '按本机关规定，期满日为周末的不顺延' : '按本机关规定，期满日遇休息日不顺延';
    parts.push(`第${e.rule.days}日为${e.unrolled.holiday ? `${e.unrolled.holiday}假期` : '休息日'}，${rule}`);
  }
  let end = `至${formatDayWithWeekday(e.lastDay)}届满`;
  for (const a of e.adjustments) {
    const last = chinaDateOf(new Date(Date.parse(a.deadline.to) - 1).toISOString());
    const days = `${a.days}${a.kind !== 'extension' && a.count === 'working' ? '个工作日' : '日'}`;
    // Added to the period's end before its roll past a rest day (《民法典》第二百零三条 rolls only the final end): say from where.
    const before = chinaDateOf(new Date(Date.parse(a.deadline.from) - 1).toISOString());
    const from = a.countedFrom && a.countedFrom !== before ? `自顺延前的期满日${shortDay(a.countedFrom)}起算，` : '';
    end +=
      a.kind === 'extension'
        ? `；经批准延期${a.days}日，${from}${a.roll ? `第${a.days}日${shortDay(a.roll.from)}为${a.roll.holiday ? `${a.roll.holiday}假期` : '休息日'}，顺延` : ''}至${formatDayWithWeekday(last)}届满`
        : a.kind === 'withdrawal'
          ? `；撤回后恢复办理，撤回期间${days}不计入，${from}顺延至${formatDayWithWeekday(last)}`
          : `；${SUSPENSION_GROUND_WORDS[a.ground] ? `因${SUSPENSION_GROUND_WORDS[a.ground]}` : ''}中止计算${days}，${from}顺延至${formatDayWithWeekday(last)}`;
  }
  if (e.toldKept) {
    const now = e.toldKept.handling === 'selfHandled' ? '现由本机关自办，按自办信访件期限' : '现已交由承办单位办理，按转办、交办信访件期限';
    const why = e.toldKept.passed ? '改变办理方式时该日已过' : '因已告知信访人上述期满日';
    end += `；${now}计${periodWords(e.toldKept)}应于${formatDayWithWeekday(e.toldKept.lastDay)}届满，${why}，期满日不提前`;
  }
  if (e.overdueKept) {
    const now = e.overdueKept.handling === 'selfHandled' ? '后改由本机关自办' : '后交由承办单位办理';
    end += `；期满时尚未办结，已逾期，${now}，期满日不再按${periodWords(e.overdueKept)}重新计算`;
  }
  parts.push(end);
  const provisional = e.provisional || e.adjustments.some((a) => a.provisional);
  const years = provisionalYears(e);
  const missing = years.length ? years.map((y) => `${y}年`).join('、') : undefined;
  // A day no notice can move (settled) is stated as it is, not as an estimate.
  const settled = e.provisional?.settled && !e.adjustments.some((a) => a.provisional);
  const note = settled ? `${missing}节假日安排尚未公布，但不影响此期满日` : `${missing ?? '相关年份'}节假日安排尚未公布，${provisionalWords(e)}，为约数`;
  return `${parts.join('，')}${provisional ? `（${note}）` : ''}。`;
}

/**
 * The years without a published holiday calendar that make a deadline 约:
 * the count's own, else those an extension or days not counted (中止, a
 * withdrawal taken back) moved its end into. Empty: the deadline is final.
 */
export function provisionalYears(e: Pick<DeadlineExplanation, 'adjustments' | 'provisional'>): number[] {
  if (e.provisional) return e.provisional.missingYears;
  return [...new Set(e.adjustments.filter((a) => a.provisional).map((a) => Number(chinaDateOf(new Date(Date.parse(a.deadline.to) - 1).toISOString()).slice(0, 4))))];
}

/**
 * What a deadline in a year without a published holiday calendar counted
 * without it: the weekends and the holidays the law fixes (法定节日:
 * statutory.yaml) as rest days, no 调休. A working-day count skipped those;
 * a petitioner's window rolled past them, whether it ended on one or not; the
 * office's own limits, and an extension, rolled past a statutory holiday but
 * not past a weekend, ending on a weekend day if that is where it fell, the
 * earlier day, as that weekend may be an adjusted working one (调休).
 */
export function provisionalWords(e: Pick<DeadlineExplanation, 'rule' | 'roll' | 'adjustments' | 'provisional'>): string {
  // One wording per rule, whichever way this day fell: the office's own limits, an extension and days not counted
  // moved into an unpublished year roll past a statutory holiday, not past a weekend; a petitioner's window past both.
  if (e.adjustments.some((a) => a.provisional)) return OFFICE_ROLL_WORDS;
  if (e.rule.count === 'working') return '暂只跳过周末和法定节日';
  // A petitioner's window rolls past a weekend even now, whether or not this one ended on one.
  if (e.provisional?.petitionerWindow) return '期满日暂按周末和法定节日顺延';
  return OFFICE_ROLL_WORDS;
}
const OFFICE_ROLL_WORDS = '期满日暂只按法定节日顺延，不因周末顺延';

/** How a suspension's ground reads in a sentence: 因听证中止…. */
const SUSPENSION_GROUND_WORDS: Readonly<Record<string, string>> = { hearing: '听证', appraisal: '鉴定' };

function chinaDateOf(instant: string): string {
  return new Date(Date.parse(instant) + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

