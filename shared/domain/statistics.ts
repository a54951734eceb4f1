import { CASE_STATUSES, CATEGORIES, CHANNELS, OPEN_STATUSES, type CaseStatus, type Category, type Channel } from './case.js';
import { CATEGORY_LABELS, CHANNEL_LABELS, STATUS_LABELS } from './labels.js';

export { CATEGORY_LABELS, CHANNEL_LABELS, STATUS_LABELS } from './labels.js';
import { chinaDate } from './case-number.js';
import { WorkingCalendar, dateOfDay, dayNumber } from './calendar.js';
import { answeredSatisfied, concludedOn, type LedgerEntry } from './ledger.js';
import { isSupportOutcome } from './outcome.js';
import { knownTopic, subjectTerms } from './topic-terms.js';
import { registrationDaysLate } from './registration.js';

export { subjectTerms, topicTermsOf } from './topic-terms.js';

/** No holiday data: Monday to Friday outside the statutory holidays (workingOrWeekday). */
const NO_CALENDAR = new WorkingCalendar([]);

/**
 * Statistics (统计) from the ledger (台账): the figures of docs/domain.md
 * ("Statistics") computed from the lean, PII-free ledger rows of the listing
 * index. Pure: the rows, the names and `now` are passed in.
 *
 * A period is a range of China calendar dates, both ends included
 * (`2026-01-01` … `2026-12-31` is the year 2026); a case belongs to it when it
 * was received (ledger.receivedAt) on one of those days in China time, i.e.
 * in the instants [from 00:00 +08:00, the day after `to` 00:00 +08:00).
 */

/** A case's ledger line with the listing attributes statistics count by. */
export interface LedgerRow {
  caseNumber: string;
  /** The jurisdiction that now holds the case. */
  jurisdiction: string;
  status: CaseStatus;
  channel: Channel;
  category?: Category;
  registeredAt: string;
  ledger: LedgerEntry;
  /** Units a report accuses: not counted here, but used to keep the row from them (see shared/app/statistics.ts). */
  accusedUnits?: readonly string[];
  /** Staff recused from the case (回避), where the reader asked for them: lists of cases leave it out for them. */
  recused?: readonly string[];
}

export const GRANULARITIES = ['month', 'quarter', 'year'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export interface StatisticsPeriod {
  /** First China date, `YYYY-MM-DD`. */
  from: string;
  /** Last China date (included), `YYYY-MM-DD`. */
  to: string;
  granularity: Granularity;
}

export interface Named {
  code: string;
  name: string;
}

export interface Count {
  key: string;
  label: string;
  count: number;
}

/** A share with what it is a share of: an empty denominator gives `rate: null`, never NaN. */
export interface Rate {
  /** numerator / denominator, rounded to 4 decimals; null when the denominator is 0. */
  rate: number | null;
  numerator: number;
  denominator: number;
}

export interface HotTopic {
  term: string;
  /** Cases whose subject has the term, received in the month of `now`. */
  thisMonth: number;
  /** The same, in the month before. */
  lastMonth: number;
  change: number;
}

export interface StatisticsFigures {
  totals: {
    /**
     * Cases received in the period: held in the report's jurisdictions, or registered by one of their offices and
     * handed on to a jurisdiction outside the report (`handedOn`). The handling figures (from `accepted` to
     * `leaderOwnedSettled` below, byJurisdiction, byUnit, byStatus, the rates but the repeat rate, the handling
     * time and `activity`) are of the cases held here: received − handedOn.
     */
    received: number;
    /** 交办/转送: received by the report's offices in the period, now held and handled by a jurisdiction outside it (a county, for a city's own report; a sibling county or a level above a case was sent to). */
    handedOn: number;
    /**
     * 转来: held and handled here, received by an office outside the report — handed down from above (交办), sent
     * sideways by a sibling (转送) or up from below. Part of `received` (and of the handling figures): what the
     * report's own offices registered is received − transferredIn. Summed over places, 登记总量 counts such a case
     * at both ends; received − handedOn (or received − transferredIn) of each place adds up to the report holding them.
     */
    transferredIn: number;
    accepted: number;
    concluded: number;
    /** Still in a status where someone has work to do (OPEN_STATUSES). */
    open: number;
    /** Open and past the deadline of the clock now running, at `asOf`. */
    overdue: number;
    closed: number;
    collective: number;
    /** 集体访人次: the people of the collective petitions (their head counts). */
    collectivePersons: number;
    /** 来访批次 and 人次: visits, and the people who came (a collective visit's head count, else one). */
    visits: number;
    visitPersons: number;
    repeat: number;
    /** Cases whose petitioner asked for a review (复查) — re-reviews included. */
    reviewsRequested: number;
    /** Cases that went on to a re-review (复核). */
    reReviewsRequested: number;
    /** 越级信访: brought above the competent level (a visit two levels up, anything else one). */
    bypass: number;
    /** 领导包案: owned by a leader. */
    leaderOwned: number;
    /** 领导包案 and settled (息诉罢访): what 包案 is for. */
    leaderOwnedSettled: number;
  };
  byChannel: Count[];
  /** Every category, then `uncategorised`. */
  byCategory: Count[];
  byJurisdiction: Count[];
  /** Every unit supplied, then units found only in the rows, then `none` (no unit yet). */
  byUnit: Count[];
  byStatus: Count[];
  /** Cases received per month, quarter or year of the period (China time), empty buckets included. */
  byPeriod: Count[];
  rates: {
    /**
     * 按期办结率: concluded by the handling deadline / concluded. A case reopened (不满意, a 复查 revoking the answer)
     * counts by its first conclusion against the deadline it was held to then (an extension included), concluded again or not.
     */
    onTime: Rate;
    /**
     * 解决率: concluded with the request supported or partly supported / concluded with a support outcome
     * (支持 / 部分支持 / 不支持). A consultation answered (已解答) or a suggestion adopted or not (采纳) asked for
     * nothing to support: it is in neither count, so answering questions neither raises nor lowers the rate.
     */
    resolution: Rate;
    /** 延期率: extension approved / accepted. */
    extension: Rate;
    /** 满意率: answered "satisfied" at the follow-up / answered. The latest answer given counts until the petitioner gives another (a reopened case answered anew and not yet asked again keeps its 不满意). */
    satisfaction: Rate;
    /** 息诉罢访率: concluded and the petitioner accepts the outcome (satisfied at the follow-up, or declared) / concluded. */
    settlement: Rate;
    /** 重复信访率: repeat petitions / received. */
    repeat: Rate;
    /** 登记及时率: registered on the day due (收到当日登记; the first working day when it came on a rest day; registrationDaysLate) / registered — every case the report's offices registered, handed on or not; not one come from an office outside the report (转来), whose registration is that office's. */
    registration: Rate;
  };
  /** 平均办理时长: calendar days from acceptance to conclusion, over the cases that have both. */
  averageHandlingDays: { days: number | null; cases: number };
  /**
   * 本期办理情况: what was done in the period, by the day of each step, whenever
   * the case was received (up to ACTIVITY_LOOK_BACK_DAYS before the period) —
   * where the figures above count the cases received in the period.
   */
  activity: ActivityFigures;
  hotTopics: {
    /** The China month of `asOf`, `YYYY-MM`. */
    month: string;
    previousMonth: string;
    /** Rising terms first. */
    terms: HotTopic[];
  };
}

export interface ActivityFigures {
  /** Accepted (受理) in the period: the first acceptance. */
  accepted: number;
  /** Concluded (办结) in the period: the first conclusion, for a case handled again (reopened): it is one case concluded, in the period it was first concluded. */
  concluded: number;
  /** Of those, received before the period (上期结转办结). */
  concludedFromEarlier: number;
  /** Closed (结案) in the period. */
  closed: number;
  /** 按期办结率 of the cases concluded in the period. */
  onTime: Rate;
  /** 平均办理时长 of the cases concluded in the period (net of suspensions). */
  averageHandlingDays: { days: number | null; cases: number };
  /** How far before the period the cases counted may have been received. */
  lookBackDays: number;
}

export interface StatisticsReport extends StatisticsFigures {
  jurisdiction: Named;
  includeSubordinates: boolean;
  /** `unit`: the figures count only the cases of the asking staff member's unit. */
  scope: 'jurisdiction' | 'unit';
  unit?: Named;
  period: StatisticsPeriod;
  /** The `now` the figures were computed at (overdue, hot topics). */
  asOf: string;
}

/**
 * The activity figures count the steps taken in the period of the cases
 * received up to this many days before it: the handling limit (60 days), an
 * extension (30), a review and a reopening fit well within a year, and the
 * report reads a year more of ledger rows, not every year there is.
 */
export const ACTIVITY_LOOK_BACK_DAYS = 366;

/** The first China date whose cases the activity figures of a period starting `from` look at. */
export function activityFrom(from: string): string {
  return dateOfDay(requireDay(from) - ACTIVITY_LOOK_BACK_DAYS);
}

const NO_UNIT = 'none';
const NO_UNIT_LABEL = '未确定承办单位';
const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;

export interface StatisticsOptions {
  period: StatisticsPeriod;
  /** ISO instant: overdue is counted at it, hot topics are those of its China month. */
  now: string;
  /** The jurisdictions counted (code and name), in the order the report lists them. */
  jurisdictions: readonly Named[];
  /** The units counted (id as `code`, and name), in the order the report lists them. */
  units: readonly Named[];
  /** `vocabulary`: the office's topic words (its routing keywords), which a matter's own words must match to count (knownTopic). */
  hotTopics?: { limit?: number; minCount?: number; vocabulary?: readonly string[] };
  /** The holiday calendar: 登记及时率 counts a petition due on the first working day on or after the day it came (registrationDaysLate). Without it, Monday to Friday outside the statutory holidays. */
  calendar?: WorkingCalendar;
  /**
   * The jurisdictions whose handling the report is of. A row held elsewhere — its office's desk registered it
   * and it was handed down (交办, 转送, the router's hand-down) — counts in the intake figures only, as
   * `handedOn`: its handling is the figures of the jurisdiction that holds it. Default: every row is handled here.
   */
  handledIn?: readonly string[];
}

/**
 * The figures of a period. Rows received outside the period are ignored for
 * every figure except the activity figures, which count the steps taken in
 * the period (pass the rows received from `activityFrom(period.from)`), and
 * hot topics, which look at the rows received in the China month of `now`
 * and the month before — pass those rows too when the period does not cover them.
 */
/** The highest review a case was asked for; a ledger written before requests were kept says only what was decided. */
/** The highest review (复查 1, 复核 2) the ledger records as asked for or decided. */
export const reviewAsked = (ledger: LedgerRow['ledger']): 0 | 1 | 2 => Math.max(ledger.reviewAsked ?? 0, ledger.reviewLevel) as 0 | 1 | 2;

export function computeStatistics(rows: readonly LedgerRow[], options: StatisticsOptions): StatisticsFigures {
  const { period, now } = options;
  assertPeriod(period);
  // Intake: every case received in the period. Handling: those of them held here (see StatisticsOptions.handledIn).
  const inPeriod = rows.filter((row) => {
    const day = chinaDate(row.ledger.receivedAt);
    return day >= period.from && day <= period.to;
  });
  const handledIn = options.handledIn === undefined ? undefined : new Set(options.handledIn);
  const handledHere = (row: LedgerRow) => handledIn === undefined || handledIn.has(row.jurisdiction);
  const handled = inPeriod.filter(handledHere);
  // What the report's own offices registered (handed on or not): a case come from outside (转来) was registered there, on time or late.
  const registeredHere = handledIn === undefined ? inPeriod : inPeriod.filter((row) => row.ledger.receivingOffice === undefined || handledIn.has(row.ledger.receivingOffice));

  const nowMs = Date.parse(now);
  const isOverdue = (row: LedgerRow) => OPEN_STATUSES.has(row.status) && row.ledger.dueAt !== undefined && Date.parse(row.ledger.dueAt) < nowMs;
  // A case reopened (不满意, a 复查 revoking its answer) stays concluded as it first was (concludedOn, LedgerEntry.onTime).
  const concluded = handled.filter((row) => concludedOn(row.ledger) !== undefined);
  // 解决率 is of what asked for support: a consultation answered or a suggestion weighed is concluded, not supported or refused.
  const supportDecided = concluded.filter((row) => isSupportOutcome(row.ledger.outcome));
  const accepted = handled.filter((row) => row.ledger.acceptedAt !== undefined);
  // The latest answer the petitioner gave, until they give another (answeredSatisfied).
  const answered = handled.filter((row) => answeredSatisfied(row.ledger) !== undefined);
  const count = (list: readonly LedgerRow[], predicate: (row: LedgerRow) => boolean) => list.filter(predicate).length;

  const handlingDays = netHandlingDays(concluded);

  return {
    totals: {
      received: inPeriod.length,
      handedOn: inPeriod.length - handled.length,
      // A ledger without the receiving office (none should be left) counts as received here.
      transferredIn: handledIn === undefined ? 0 : count(handled, (row) => row.ledger.receivingOffice !== undefined && !handledIn.has(row.ledger.receivingOffice)),
      accepted: accepted.length,
      concluded: concluded.length,
      open: count(handled, (row) => OPEN_STATUSES.has(row.status)),
      overdue: count(handled, isOverdue),
      closed: count(handled, (row) => row.ledger.closedAt !== undefined),
      collective: count(inPeriod, (row) => row.ledger.collective === true),
      collectivePersons: sum(inPeriod.filter((row) => row.ledger.collective === true).map(personsOf)),
      visits: count(inPeriod, (row) => row.channel === 'visit'),
      visitPersons: sum(inPeriod.filter((row) => row.channel === 'visit').map(personsOf)),
      repeat: count(inPeriod, (row) => row.ledger.repeat === true),
      // Asked for, decided or still waiting (the level reached counts only decisions).
      reviewsRequested: count(handled, (row) => reviewAsked(row.ledger) >= 1),
      reReviewsRequested: count(handled, (row) => reviewAsked(row.ledger) >= 2),
      bypass: count(inPeriod, (row) => row.ledger.bypass === true),
      leaderOwned: count(handled, (row) => row.ledger.leaderOwned === true),
      leaderOwnedSettled: count(handled, (row) => row.ledger.leaderOwned === true && row.ledger.settled === true),
    },
    byChannel: tally(
      inPeriod,
      (row) => row.channel,
      CHANNELS.map((c) => ({ code: c, name: CHANNEL_LABELS[c] })),
    ),
    byCategory: tally(
      inPeriod,
      (row) => row.category ?? 'uncategorised',
      [...CATEGORIES, 'uncategorised' as const].map((c) => ({ code: c, name: CATEGORY_LABELS[c] })),
    ),
    byJurisdiction: tally(handled, (row) => row.jurisdiction, options.jurisdictions),
    byUnit: tally(handled, (row) => row.ledger.unit ?? NO_UNIT, [...options.units, { code: NO_UNIT, name: NO_UNIT_LABEL }], NO_UNIT),
    byStatus: tally(
      handled,
      (row) => row.status,
      CASE_STATUSES.map((s) => ({ code: s, name: STATUS_LABELS[s] })),
    ),
    byPeriod: tally(inPeriod, (row) => bucketOf(chinaDate(row.ledger.receivedAt), period.granularity).code, periodBuckets(period)),
    rates: {
      onTime: rate(count(concluded, (row) => row.ledger.onTime === true), concluded.length),
      resolution: rate(count(supportDecided, (row) => row.ledger.outcome === 'supported' || row.ledger.outcome === 'partlySupported'), supportDecided.length),
      extension: rate(count(accepted, (row) => row.ledger.extended === true), accepted.length),
      satisfaction: rate(count(answered, (row) => answeredSatisfied(row.ledger) === true), answered.length),
      settlement: rate(count(concluded, (row) => row.ledger.settled === true), concluded.length),
      repeat: rate(count(inPeriod, (row) => row.ledger.repeat === true), inPeriod.length),
      registration: rate(count(registeredHere, (row) => registrationDaysLate(row.ledger.receivedAt, row.registeredAt, options.calendar ?? NO_CALENDAR) === 0), registeredHere.length),
    },
    averageHandlingDays: average(handlingDays),
    activity: activityFigures(rows.filter(handledHere), period),
    hotTopics: hotTopics(rows, hotTopicsAt(period, now), options.hotTopics),
  };
}

/**
 * The moment whose China month a report's hot topics are of: the last month
 * of its period — a report on November names November's topics, whenever it
 * is run — or the month of `now` when the period runs on past it.
 */
export function hotTopicsAt(period: Pick<StatisticsPeriod, 'to'>, now: string): string {
  return period.to < chinaDate(now) ? `${period.to}T12:00:00+08:00` : now;
}

/**
 * The people a petition stands for: a collective one's head count, else one.
 * A collective row written before the ledger kept head counts counts the
 * smallest group, two, until `npm run reindex` rewrites it.
 */
const personsOf = (row: LedgerRow): number => (row.ledger.collective ? (row.ledger.headCount ?? 2) : 1);
const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** Net handling time: the days a clock stood still (中止, e.g. a hearing) are not the unit's (条例 第三十六条). */
function netHandlingDays(concluded: readonly LedgerRow[]): number[] {
  return concluded
    .filter((row) => row.ledger.acceptedAt !== undefined)
    .map((row) => Math.max(0, (Date.parse(concludedOn(row.ledger)!) - Date.parse(row.ledger.acceptedAt!)) / DAY_MS - (row.ledger.suspendedDays ?? 0)));
}

const average = (days: readonly number[]) => ({ days: days.length === 0 ? null : round(days.reduce((a, b) => a + b, 0) / days.length, 1), cases: days.length });

/** 本期办理情况: the rows' steps dated in the period, each case once. */
function activityFigures(rows: readonly LedgerRow[], period: StatisticsPeriod): ActivityFigures {
  const since = activityFrom(period.from);
  const inPeriod = (instant: string | undefined) => {
    if (instant === undefined) return false;
    const day = chinaDate(instant);
    return day >= period.from && day <= period.to;
  };
  const counted = new Map<string, LedgerRow>();
  for (const row of rows) if (chinaDate(row.ledger.receivedAt) >= since) counted.set(row.caseNumber, row);
  const cases = [...counted.values()];
  // Once, in the period of its first conclusion: a case reopened and concluded again is one case concluded.
  const concluded = cases.filter((row) => inPeriod(concludedOn(row.ledger)));
  return {
    accepted: cases.filter((row) => inPeriod(row.ledger.acceptedAt)).length,
    concluded: concluded.length,
    concludedFromEarlier: concluded.filter((row) => chinaDate(row.ledger.receivedAt) < period.from).length,
    closed: cases.filter((row) => inPeriod(row.ledger.closedAt)).length,
    onTime: rate(concluded.filter((row) => row.ledger.onTime === true).length, concluded.length),
    averageHandlingDays: average(netHandlingDays(concluded)),
    lookBackDays: ACTIVITY_LOOK_BACK_DAYS,
  };
}

export function rate(numerator: number, denominator: number): Rate {
  return { rate: denominator === 0 ? null : round(numerator / denominator, 4), numerator, denominator };
}

/**
 * Counts rows per key, in the order of `known` (zeros included), then any key
 * met only in the rows (labelled with itself), keeping `last` at the end.
 */
export function tally(rows: readonly LedgerRow[], keyOf: (row: LedgerRow) => string, known: readonly Named[], last?: string): Count[] {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const key = keyOf(row);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const result: Count[] = known.filter((k) => k.code !== last).map((k) => ({ key: k.code, label: k.name, count: counts.get(k.code) ?? 0 }));
  const listed = new Set(known.map((k) => k.code));
  for (const [key, n] of [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!listed.has(key)) result.push({ key, label: key, count: n });
  }
  const tail = last === undefined ? undefined : known.find((k) => k.code === last);
  if (tail) result.push({ key: tail.code, label: tail.name, count: counts.get(tail.code) ?? 0 });
  return result;
}

const round = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;

// ---- Periods in China time ----------------------------------------------------------------

function requireDay(date: string): number {
  const day = dayNumber(date);
  if (day === undefined) throw new RangeError(`not a date YYYY-MM-DD: ${JSON.stringify(date)}`);
  return day;
}

function assertPeriod(period: StatisticsPeriod): void {
  if (requireDay(period.from) > requireDay(period.to)) throw new RangeError(`the period starts (${period.from}) after it ends (${period.to})`);
}

/** The instant China's day `date` begins (00:00 +08:00), as an ISO string. */
export function chinaDayStart(date: string): string {
  return new Date(requireDay(date) * DAY_MS - CHINA_OFFSET_MS).toISOString();
}

/** The instant after the period's last day: the period is [chinaDayStart(from), periodEnd(period)). */
export function periodEnd(period: Pick<StatisticsPeriod, 'to'>): string {
  return new Date((requireDay(period.to) + 1) * DAY_MS - CHINA_OFFSET_MS).toISOString();
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The bucket (`2026-03`, `2026-Q1`, `2026`) of a China date, with its Chinese label. */
export function bucketOf(date: string, granularity: Granularity): Named {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  if (granularity === 'year') return { code: String(year), name: `${year}年` };
  if (granularity === 'quarter') {
    const quarter = Math.ceil(month / 3);
    return { code: `${year}-Q${quarter}`, name: `${year}年第${quarter}季度` };
  }
  return { code: `${year}-${pad2(month)}`, name: `${year}年${month}月` };
}

/** Every bucket the period touches, in order (the first and last may be partial). */
export function periodBuckets(period: StatisticsPeriod): Named[] {
  assertPeriod(period);
  const buckets: Named[] = [];
  let year = Number(period.from.slice(0, 4));
  let month = Number(period.from.slice(5, 7));
  const last = bucketOf(period.to, period.granularity).code;
  const step = { month: 1, quarter: 3, year: 12 }[period.granularity];
  for (;;) {
    const bucket = bucketOf(`${year}-${pad2(month)}-01`, period.granularity);
    if (buckets.at(-1)?.code !== bucket.code) buckets.push(bucket);
    if (bucket.code === last) return buckets;
    month += step;
    while (month > 12) {
      month -= 12;
      year += 1;
    }
  }
}

/** The China calendar month of `now` and the month before, as periods (for hot topics, of hotTopicsAt). */
export function hotTopicMonths(now: string): { month: StatisticsPeriod; previous: StatisticsPeriod } {
  const today = chinaDate(now);
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const monthPeriod = (y: number, m: number): StatisticsPeriod => {
    const first = `${y}-${pad2(m)}-01`;
    const next = m === 12 ? `${y + 1}-01-01` : `${y}-${pad2(m + 1)}-01`;
    return { from: first, to: dateOfDay(requireDay(next) - 1), granularity: 'month' };
  };
  return { month: monthPeriod(year, month), previous: month === 1 ? monthPeriod(year - 1, 12) : monthPeriod(year, month - 1) };
}

// ---- Hot topics ---------------------------------------------------------------------------

/**
 * What petitioners raise more of in a month: the topic terms (topicTermsOf:
 * the subject's, else the matter's opening's) of most cases received in the China month of `now` (each case counts a term
 * once), compared with the month before, rising terms first. A term needs
 * `minCount` cases this month (default 2): one subject alone is no topic, and
 * a lone name in a subject is not shown.
 */
export function hotTopics(
  rows: readonly LedgerRow[],
  now: string,
  options: { limit?: number; minCount?: number; vocabulary?: readonly string[] } = {},
): StatisticsFigures['hotTopics'] {
  const { limit = 10, minCount = 2, vocabulary = [] } = options;
  const { month, previous } = hotTopicMonths(now);
  const thisMonth = new Map<string, number>();
  const lastMonth = new Map<string, number>();
  const seen = new Set<string>();
  for (const row of rows) {
    // Terms kept on the ledger; a ledger written before they were kept has its subject's.
    const kept = row.ledger.topics ?? (row.ledger.subject ? subjectTerms(row.ledger.subject) : []);
    const terms = row.ledger.topicsFromMatter ? kept.filter((term) => knownTopic(term, vocabulary)) : kept;
    if (terms.length === 0 || seen.has(row.caseNumber)) continue;
    seen.add(row.caseNumber);
    const day = chinaDate(row.ledger.receivedAt);
    const counts = day >= month.from && day <= month.to ? thisMonth : day >= previous.from && day <= previous.to ? lastMonth : undefined;
    if (!counts) continue;
    for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  }
  const byText = (a: HotTopic, b: HotTopic) => (a.term < b.term ? -1 : a.term > b.term ? 1 : 0);
  const terms = [...thisMonth]
    .filter(([, n]) => n >= minCount)
    .map(([term, n]): HotTopic => ({ term, thisMonth: n, lastMonth: lastMonth.get(term) ?? 0, change: n - (lastMonth.get(term) ?? 0) }))
    // The most frequent this month…
    .sort((a, b) => b.thisMonth - a.thisMonth || b.change - a.change || byText(a, b))
    .slice(0, limit)
    // …shown rising first.
    .sort((a, b) => b.change - a.change || b.thisMonth - a.thisMonth || byText(a, b));
  return { month: month.from.slice(0, 7), previousMonth: previous.from.slice(0, 7), terms };
}
