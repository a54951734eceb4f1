import { describe, expect, it } from 'vitest';
import {
  computeStatistics,
  hotTopics,
  periodBuckets,
  subjectTerms,
  topicTermsOf,
  type LedgerRow,
  type StatisticsOptions,
  type StatisticsReport,
} from '../../shared/domain/statistics.js';
import { WorkingCalendar } from '../../shared/domain/calendar.js';
import { ledgerEntryOf } from '../../shared/domain/ledger.js';
import { registerPetition } from '../../shared/domain/registration.js';
import { DEFAULT_TIME_LIMITS } from '../../shared/domain/time-limits.js';
import { chinaDateTimeCell, csvField, percentCell, statisticsCsv } from '../../shared/domain/statistics-csv.js';

const NOW = '2026-11-23T02:00:00.000Z'; // Monday 23 November 2026, 10:00 in China

let sequence = 0;
/** A ledger row as the listing index holds it; `ledger` fields override a bare registered letter. */
function row(overrides: Partial<Omit<LedgerRow, 'ledger'>> & { ledger: Partial<LedgerRow['ledger']> & { receivedAt: string } }): LedgerRow {
  sequence += 1;
  const { ledger, ...rest } = overrides;
  return {
    caseNumber: `330122-2026-${String(sequence).padStart(6, '0')}`,
    jurisdiction: '330122',
    status: 'registered',
    channel: 'letter',
    registeredAt: ledger.receivedAt,
    ...rest,
    ledger: { receivingOffice: '330122', reviewLevel: 0, ...ledger },
  };
}

const options = (overrides: Partial<StatisticsOptions> = {}): StatisticsOptions => ({
  period: { from: '2026-01-01', to: '2026-12-31', granularity: 'month' },
  now: NOW,
  jurisdictions: [
    { code: '330122', name: '桐庐县' },
    { code: '330122101', name: '富春江镇' },
  ],
  units: [
    { code: '330122-housing', name: '桐庐县住房和城乡建设局' },
    { code: '330122-hrss', name: '桐庐县人力资源和社会保障局' },
  ],
  ...overrides,
});

/** A year of a county's ledger: two concluded cases, open ones (one overdue), one declined, and the edges of the year. */
const year2026 = [
  // Concluded on time after 10 days, supported, petitioner satisfied (息诉罢访), closed; a leader had owned it (领导包案).
  // Registered at 23:30 in China the day it came (the next day in UTC): on time.
  row({
    status: 'closed',
    category: 'complaint',
    registeredAt: '2026-03-02T15:30:00.000Z',
    ledger: {
      receivedAt: '2026-03-02T01:00:00.000Z',
      unit: '330122-housing',
      acceptedAt: '2026-03-03T02:00:00.000Z',
      concludedAt: '2026-03-13T02:00:00.000Z',
      onTime: true,
      outcome: 'supported',
      satisfied: true,
      settled: true,
      leaderOwned: true,
      closedAt: '2026-04-01T02:00:00.000Z',
      subject: '城南小区楼顶漏水',
    },
  }),
  // Concluded late after 70 days despite an extension, not supported, unsatisfied, review requested; a leader owns it (领导包案).
  row({
    status: 'underReview',
    channel: 'email',
    category: 'request',
    ledger: {
      receivedAt: '2026-04-01T01:00:00.000Z',
      unit: '330122-hrss',
      acceptedAt: '2026-04-01T02:00:00.000Z',
      concludedAt: '2026-06-10T02:00:00.000Z',
      onTime: false,
      outcome: 'notSupported',
      extended: true,
      satisfied: false,
      leaderOwned: true,
      reviewLevel: 1,
      dueAt: '2026-12-10T16:00:00.000Z',
    },
  }),
  // A collective visit to a township, never accepted: its acceptance clock ran out on 10 November.
  row({
    jurisdiction: '330122101',
    channel: 'visit',
    ledger: { receivedAt: '2026-10-26T01:00:00.000Z', receivingOffice: '330122101', collective: true, headCount: 23, dueAt: '2026-11-10T16:00:00.000Z' },
  }),
  // A repeat call about wages, with the labour bureau, due next year; registered at 00:30 the next China day (the same day in UTC): late.
  row({
    status: 'assigned',
    channel: 'phone',
    registeredAt: '2026-11-05T16:30:00.000Z',
    category: 'dispute',
    ledger: { receivedAt: '2026-11-05T01:00:00.000Z', unit: '330122-hrss', acceptedAt: '2026-11-05T03:00:00.000Z', repeat: true, dueAt: '2027-01-04T16:00:00.000Z' },
  }),
  // Declined: its old clock is no longer running work, so it is not overdue.
  row({ status: 'declined', channel: 'web', ledger: { receivedAt: '2026-11-10T01:00:00.000Z', dueAt: '2026-11-11T16:00:00.000Z' } }),
  // 1 January 2026, 00:00 in China (still 31 December in UTC): in the year; a letter registered 4 days after it came.
  row({ registeredAt: '2026-01-05T02:00:00.000Z', ledger: { receivedAt: '2025-12-31T16:00:00.000Z' } }),
  // 31 December 2025, 23:59:59 in China: not in the year.
  row({ ledger: { receivedAt: '2025-12-31T15:59:59.000Z' } }),
  // 1 January 2027, 00:30 in China: not in the year.
  row({ ledger: { receivedAt: '2026-12-31T16:30:00.000Z' } }),
];

describe('解决率 and the consultations and suggestions concluded (政策咨询 已解答, 意见建议 采纳)', () => {
  const concluded = (category: LedgerRow['category'], outcome: NonNullable<LedgerRow['ledger']['outcome']>) =>
    row({ status: 'replied', category, ledger: { receivedAt: '2026-05-04T01:00:00.000Z', acceptedAt: '2026-05-04T02:00:00.000Z', concludedAt: '2026-05-08T02:00:00.000Z', onTime: true, outcome } });

  it('counts only what asked for support: a consultation answered or a suggestion adopted is neither supported nor refused', () => {
    const rows = [
      concluded('request', 'supported'),
      concluded('complaint', 'notSupported'),
      concluded('consultation', 'answered'),
      concluded('suggestion', 'adopted'),
      concluded('suggestion', 'notAdopted'),
    ];
    const figures = computeStatistics(rows, options());
    // 1 of the 2 requests supported: the 3 others are concluded (按期办结率 counts all 5) but not in the 解决率.
    expect(figures.rates.resolution).toEqual({ rate: 0.5, numerator: 1, denominator: 2 });
    expect(figures.rates.onTime).toMatchObject({ numerator: 5, denominator: 5 });
    // Only consultations answered: no rate rather than 0% or 100%.
    expect(computeStatistics([concluded('consultation', 'answered')], options()).rates.resolution).toEqual({ rate: null, numerator: 0, denominator: 0 });
  });
});

describe('computeStatistics', () => {
  const figures = computeStatistics(year2026, options());
  const counts = (list: { key: string; count: number }[]) => Object.fromEntries(list.map((c) => [c.key, c.count]));

  it('counts the cases received in the period (China days), by channel, category, jurisdiction, unit and status', () => {
    expect(figures.totals).toEqual({
      received: 6,
      handedOn: 0,
      transferredIn: 0,
      accepted: 3,
      concluded: 2,
      open: 4,
      overdue: 1,
      closed: 1,
      collective: 1,
      // The collective visit's 23 people; the visits are that one (批次), its people (人次).
      collectivePersons: 23,
      visits: 1,
      visitPersons: 23,
      repeat: 1,
      reviewsRequested: 1,
      reReviewsRequested: 0,
      bypass: 0,
      leaderOwned: 2,
      leaderOwnedSettled: 1,
    });
    expect(counts(figures.byChannel)).toEqual({ letter: 2, visit: 1, phone: 1, email: 1, web: 1 });
    expect(figures.byChannel[0]).toEqual({ key: 'letter', label: '来信', count: 2 });
    expect(counts(figures.byCategory)).toEqual({ consultation: 0, request: 1, suggestion: 0, complaint: 1, report: 0, dispute: 1, uncategorised: 3 });
    expect(figures.byJurisdiction).toEqual([
      { key: '330122', label: '桐庐县', count: 5 },
      { key: '330122101', label: '富春江镇', count: 1 },
    ]);
    expect(figures.byUnit).toEqual([
      { key: '330122-housing', label: '桐庐县住房和城乡建设局', count: 1 },
      { key: '330122-hrss', label: '桐庐县人力资源和社会保障局', count: 2 },
      { key: 'none', label: '未确定承办单位', count: 3 },
    ]);
    expect(counts(figures.byStatus)).toMatchObject({ registered: 2, closed: 1, underReview: 1, assigned: 1, declined: 1, archived: 0 });
  });

  it('computes each rate with its numerator and denominator', () => {
    expect(figures.rates).toEqual({
      onTime: { rate: 0.5, numerator: 1, denominator: 2 },
      resolution: { rate: 0.5, numerator: 1, denominator: 2 },
      extension: { rate: 0.3333, numerator: 1, denominator: 3 },
      satisfaction: { rate: 0.5, numerator: 1, denominator: 2 },
      settlement: { rate: 0.5, numerator: 1, denominator: 2 },
      repeat: { rate: 0.1667, numerator: 1, denominator: 6 },
      // 登记及时率 by the working day due: the call registered after midnight, hours after it came, and the letter registered days late missed theirs.
      registration: { rate: 0.6667, numerator: 4, denominator: 6 },
    });
    // (10 + 70) / 2 days from acceptance to conclusion.
    expect(figures.averageHandlingDays).toEqual({ days: 40, cases: 2 });
  });

  it('buckets the period by month, zeros included, with the first China day of the year in January', () => {
    expect(figures.byPeriod).toHaveLength(12);
    expect(figures.byPeriod[0]).toEqual({ key: '2026-01', label: '2026年1月', count: 1 });
    expect(counts(figures.byPeriod)).toMatchObject({ '2026-01': 1, '2026-02': 0, '2026-03': 1, '2026-04': 1, '2026-10': 1, '2026-11': 2, '2026-12': 0 });
  });

  it('makes empty denominators explicit instead of NaN', () => {
    const empty = computeStatistics([], options());
    expect(empty.totals.received).toBe(0);
    for (const rate of Object.values(empty.rates)) expect(rate).toEqual({ rate: null, numerator: 0, denominator: 0 });
    expect(empty.averageHandlingDays).toEqual({ days: null, cases: 0 });
    expect(empty.byChannel.every((c) => c.count === 0)).toBe(true);
    expect(JSON.stringify(empty)).not.toContain('NaN');
    // Nobody answered a follow-up: no satisfaction rate, though cases were concluded.
    const unanswered = computeStatistics([year2026[0]!].map((r) => ({ ...r, ledger: { ...r.ledger, satisfied: undefined } })), options());
    expect(unanswered.rates.satisfaction).toEqual({ rate: null, numerator: 0, denominator: 0 });
    expect(unanswered.rates.onTime).toEqual({ rate: 1, numerator: 1, denominator: 1 });
  });

  it('counts overdue at `now`: open cases past the running deadline only', () => {
    const later = computeStatistics(year2026, options({ now: '2027-01-05T00:00:00.000Z' }));
    // The review (due 10 December), the township visit and the wage call (due 4 January 2027) are open and late.
    expect(later.totals.overdue).toBe(3);
    const earlier = computeStatistics(year2026, options({ now: '2026-07-01T00:00:00.000Z' }));
    expect(earlier.totals.overdue).toBe(0);
  });

  it('keeps units and jurisdictions found only in the rows, labelled with their id', () => {
    const moved = row({ jurisdiction: '330127', ledger: { receivedAt: '2026-05-05T01:00:00.000Z', unit: '330127-housing' } });
    const result = computeStatistics([moved], options());
    expect(result.byJurisdiction.at(-1)).toEqual({ key: '330127', label: '330127', count: 1 });
    expect(result.byUnit.slice(-2)).toEqual([
      { key: '330127-housing', label: '330127-housing', count: 1 },
      { key: 'none', label: '未确定承办单位', count: 0 },
    ]);
  });
});

/**
 * An office's report counts what its desk received (登记) as intake even when it handed the case down (交办, 转送,
 * the router's hand-down): the office did that work and the petitioner came to it. The handling — acceptance,
 * conclusion, the rates, the handling time, status, unit — is the figures of the jurisdiction that holds the case, so
 * a report that holds both levels counts the case once, and the county keeps it among its own as before.
 */
describe('a case the city’s desk registered and handed down to a county', () => {
  const CITY = { code: '330100', name: '杭州市' };
  const COUNTY = { code: '330122', name: '桐庐县' };
  const cityRows = [
    // Written to 杭州市信访局 about 桐庐县, handed down: the county accepted it and concluded it on time.
    row({
      jurisdiction: '330122',
      status: 'closed',
      channel: 'email',
      category: 'complaint',
      ledger: {
        receivedAt: '2026-03-02T01:00:00.000Z',
        receivingOffice: '330100',
        unit: '330122-housing',
        acceptedAt: '2026-03-04T01:00:00.000Z',
        concludedAt: '2026-03-24T01:00:00.000Z',
        onTime: true,
        outcome: 'supported',
        closedAt: '2026-04-01T01:00:00.000Z',
      },
    }),
    // Kept and handled by the city itself, late.
    row({
      jurisdiction: '330100',
      status: 'replied',
      channel: 'visit',
      ledger: {
        receivedAt: '2026-05-06T01:00:00.000Z',
        receivingOffice: '330100',
        unit: '330100-housing',
        acceptedAt: '2026-05-06T02:00:00.000Z',
        concludedAt: '2026-08-06T02:00:00.000Z',
        onTime: false,
        outcome: 'notSupported',
      },
    }),
  ];
  const cityOnly = computeStatistics(cityRows, options({ jurisdictions: [CITY], units: [{ code: '330100-housing', name: '杭州市住房保障和房产管理局' }], handledIn: ['330100'] }));

  it('counts it in the city’s own intake — received, channel, category, period — as handed on', () => {
    expect(cityOnly.totals).toMatchObject({ received: 2, handedOn: 1, transferredIn: 0, visits: 1 });
    expect(cityOnly.byChannel.find((c) => c.key === 'email')?.count).toBe(1);
    expect(cityOnly.byCategory.find((c) => c.key === 'complaint')?.count).toBe(1);
    expect(cityOnly.byPeriod.find((c) => c.key === '2026-03')?.count).toBe(1);
  });

  it('leaves its handling to the county: not in the city’s acceptances, conclusions, rates, handling time, status or units', () => {
    expect(cityOnly.totals).toMatchObject({ accepted: 1, concluded: 1, open: 0, closed: 0 });
    expect(cityOnly.rates.onTime).toEqual({ rate: 0, numerator: 0, denominator: 1 });
    expect(cityOnly.rates.resolution).toEqual({ rate: 0, numerator: 0, denominator: 1 });
    expect(cityOnly.averageHandlingDays).toEqual({ days: 92, cases: 1 });
    expect(cityOnly.activity).toMatchObject({ accepted: 1, concluded: 1 });
    expect(cityOnly.byJurisdiction).toEqual([{ key: '330100', label: '杭州市', count: 1 }]);
    expect(cityOnly.byUnit.map((u) => u.key)).not.toContain('330122-housing');
    expect(cityOnly.byStatus.find((s) => s.key === 'closed')?.count).toBe(0);
  });

  it('counts it once in a report holding both levels, handled by the county', () => {
    const withCounty = computeStatistics(cityRows, options({ jurisdictions: [CITY, COUNTY], handledIn: ['330100', '330122'] }));
    expect(withCounty.totals).toMatchObject({ received: 2, handedOn: 0, transferredIn: 0, accepted: 2, concluded: 2, closed: 1 });
    expect(withCounty.rates.onTime).toEqual({ rate: 0.5, numerator: 1, denominator: 2 });
    expect(withCounty.byJurisdiction).toEqual([
      { key: '330100', label: '杭州市', count: 1 },
      { key: '330122', label: '桐庐县', count: 1 },
    ]);
  });

  it('adds up over the places: each office’s 登记总量 − 交办转送 is what it holds, and those sum to the report holding both', () => {
    const city = computeStatistics(cityRows, options({ jurisdictions: [CITY], handledIn: ['330100'] })).totals;
    // The county's report reads the rows of what it holds or received (shared/app/statistics.ts): the one handed down.
    const county = computeStatistics([cityRows[0]!], options({ jurisdictions: [COUNTY], handledIn: ['330122'] })).totals;
    const both = computeStatistics(cityRows, options({ jurisdictions: [CITY, COUNTY], handledIn: ['330100', '330122'] })).totals;
    // 登记总量 alone counts the case handed down at both ends; what each registered itself is 登记总量 − 转来.
    expect(city.received + county.received).toBe(both.received + 1);
    expect(city.received - city.handedOn + (county.received - county.handedOn)).toBe(both.received);
    expect(city.received - city.transferredIn + (county.received - county.transferredIn)).toBe(both.received);
  });

  it('keeps it among the county’s own cases, received and handled, as before — and says it came from the city (转来)', () => {
    const county = computeStatistics([cityRows[0]!], options({ jurisdictions: [COUNTY], handledIn: ['330122'] }));
    expect(county.totals).toMatchObject({ received: 1, handedOn: 0, transferredIn: 1, accepted: 1, concluded: 1, closed: 1 });
    expect(county.rates.onTime).toEqual({ rate: 1, numerator: 1, denominator: 1 });
  });

  it('counts its registration in the city’s 登记及时率, which registered it, not in the county’s', () => {
    // The city's desk registered it a week after it came (Mon 2 March → Mon 9 March): the city was late, not the county.
    const late = { ...cityRows[0]!, registeredAt: '2026-03-09T01:00:00.000Z' };
    const county = computeStatistics([late], options({ jurisdictions: [COUNTY], handledIn: ['330122'] }));
    expect(county.rates.registration).toEqual({ rate: null, numerator: 0, denominator: 0 });
    const city = computeStatistics([late, cityRows[1]!], options({ jurisdictions: [CITY], handledIn: ['330100'] }));
    expect(city.rates.registration).toEqual({ rate: 0.5, numerator: 1, denominator: 2 });
  });
});

describe('period buckets in China time', () => {
  it('runs months across a year boundary', () => {
    expect(periodBuckets({ from: '2025-11-15', to: '2026-02-01', granularity: 'month' }).map((b) => b.code)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });

  it('runs quarters and years, the first and last partial', () => {
    expect(periodBuckets({ from: '2025-11-15', to: '2026-04-01', granularity: 'quarter' })).toEqual([
      { code: '2025-Q4', name: '2025年第4季度' },
      { code: '2026-Q1', name: '2026年第1季度' },
      { code: '2026-Q2', name: '2026年第2季度' },
    ]);
    expect(periodBuckets({ from: '2024-02-29', to: '2026-01-01', granularity: 'year' }).map((b) => b.code)).toEqual(['2024', '2025', '2026']);
  });

  it('puts a case received at 00:30 on New Year’s Day in China into the new year, month and quarter', () => {
    const newYear = row({ ledger: { receivedAt: '2025-12-31T16:30:00.000Z' } });
    const oldYear = row({ ledger: { receivedAt: '2025-12-31T15:30:00.000Z' } });
    const period = { from: '2025-12-01', to: '2026-01-31' } as const;
    const byMonth = computeStatistics([newYear, oldYear], options({ period: { ...period, granularity: 'month' } })).byPeriod;
    expect(byMonth).toEqual([
      { key: '2025-12', label: '2025年12月', count: 1 },
      { key: '2026-01', label: '2026年1月', count: 1 },
    ]);
    const byQuarter = computeStatistics([newYear, oldYear], options({ period: { ...period, granularity: 'quarter' } })).byPeriod;
    expect(byQuarter.map((b) => [b.key, b.count])).toEqual([
      ['2025-Q4', 1],
      ['2026-Q1', 1],
    ]);
    const byYear = computeStatistics([newYear, oldYear], options({ period: { ...period, granularity: 'year' } })).byPeriod;
    expect(byYear.map((b) => [b.key, b.count])).toEqual([
      ['2025', 1],
      ['2026', 1],
    ]);
  });

  it('refuses a period that ends before it starts', () => {
    expect(() => computeStatistics([], options({ period: { from: '2026-02-01', to: '2026-01-31', granularity: 'month' } }))).toThrow(RangeError);
  });
});

describe('hot topics', () => {
  /** A visit registered at the desk, with or without a subject. */
  const visit = (words: { subject?: string; matter: string }) =>
    registerPetition(
      { jurisdiction: '330122', channel: 'visit', receivedAt: '2026-11-20T09:00:00+08:00', ...words, petitioner: { anonymous: false, name: '张伟' } },
      { caseNumber: '330122-2026-000099', at: '2026-11-20T09:05:00+08:00', actor: 'tonglu-registrar', timeLimits: { base: DEFAULT_TIME_LIMITS }, calendar: new WorkingCalendar([]), units: [] },
    ).case;
  const subject = (receivedAt: string, text: string) => row({ ledger: { receivedAt, subject: text } });
  const rows = [
    // November 2026 (the month of NOW): the first one arrived at 00:30 on 1 November in China.
    subject('2026-10-31T16:30:00.000Z', '城南小区楼顶漏水问题'),
    subject('2026-11-03T01:00:00.000Z', '关于城南小区物业乱收费的投诉'),
    subject('2026-11-12T01:00:00.000Z', '城南小区电梯故障'),
    subject('2026-11-05T01:00:00.000Z', '拖欠农民工工资'),
    subject('2026-11-06T01:00:00.000Z', '反映拖欠工资'),
    subject('2026-11-20T01:00:00.000Z', '请求解决拖欠工资问题'),
    // October 2026.
    subject('2026-10-08T01:00:00.000Z', '拖欠工资'),
    subject('2026-10-09T01:00:00.000Z', '拖欠工资'),
    subject('2026-10-10T01:00:00.000Z', '拖欠建筑工人工资'),
    subject('2026-10-20T01:00:00.000Z', '城南小区绿化'),
    // September: neither month.
    subject('2026-09-20T01:00:00.000Z', '城南小区绿化'),
  ];

  it('segments subjects into words, leaving out petition boilerplate, single characters and numbers', () => {
    expect(subjectTerms('关于城南小区楼顶漏水的问题')).toEqual(['城南', '小区', '漏水']);
    expect(subjectTerms('请求解决拖欠工资问题')).toEqual(['拖欠', '工资']);
    expect(subjectTerms('反映2026年问题')).not.toContain('2026');
  });

  it('lists the terms of this month’s subjects against last month, rising first', () => {
    const hot = hotTopics(rows, NOW);
    expect(hot.month).toBe('2026-11');
    expect(hot.previousMonth).toBe('2026-10');
    expect(hot.terms).toEqual([
      { term: '城南', thisMonth: 3, lastMonth: 1, change: 2 },
      { term: '小区', thisMonth: 3, lastMonth: 1, change: 2 },
      { term: '工资', thisMonth: 3, lastMonth: 3, change: 0 },
      { term: '拖欠', thisMonth: 3, lastMonth: 3, change: 0 },
    ]);
  });

  it('needs a term in two cases this month by default, and keeps to the limit', () => {
    const loose = hotTopics(rows, NOW, { minCount: 1, limit: 5 });
    expect(loose.terms).toHaveLength(5);
    expect(loose.terms.map((t) => t.term)).toContain('城南');
    expect(hotTopics(rows, NOW).terms.map((t) => t.term)).not.toContain('漏水');
  });

  it('counts a visit registered without a subject, and an email titled 求助, by the opening of their matter — as far as the office’s keywords know its words', () => {
    const fromLedger = (receivedAt: string, c: { subject?: string; matter: string }) => {
      const { terms, fromMatter } = topicTermsOf(c);
      return row({ ledger: { receivedAt, topics: terms, ...(fromMatter ? { topicsFromMatter: true as const } : {}) } });
    };
    const hot = hotTopics(
      [
        fromLedger('2026-11-02T01:00:00.000Z', { matter: '我叫王建国，身份证33012219800101123X，富春江镇安置房漏水严重。' }),
        fromLedger('2026-11-03T01:00:00.000Z', { subject: '求助', matter: '您好，我叫王建国，身份证33012219800101123X，安置房墙面开裂。' }),
        fromLedger('2026-11-04T01:00:00.000Z', { subject: '安置房质量', matter: '详见附件。' }),
      ],
      NOW,
      { vocabulary: ['安置房', '漏水', '物业'] },
    );
    // The petitioner's name (王|建国) and identity number, in two of them, are no topic: no keyword knows them.
    expect(hot.terms).toEqual([{ term: '安置', thisMonth: 3, lastMonth: 0, change: 3 }]);
  });

  it('keeps on the ledger the terms of the subject, else of the matter’s opening, never the matter itself', () => {
    const matter = `小区电梯停运一个月，物业不修。${'…'.repeat(150)}另外门口路灯不亮。`;
    const entry = ledgerEntryOf(visit({ matter }));
    expect(entry.topics).toEqual(expect.arrayContaining(['小区', '电梯', '物业']));
    // Only the opening is read: what a long letter says further on is not counted.
    expect(entry.topics).not.toContain('路灯');
    expect(JSON.stringify(entry)).not.toContain('物业不修');
    expect(ledgerEntryOf(visit({ subject: '城南小区漏水', matter })).topics).toEqual(['城南', '小区', '漏水']);
  });

  it('compares January with December of the year before', () => {
    const january = hotTopics(
      [
        subject('2026-12-15T01:00:00.000Z', '供暖收费'),
        subject('2027-01-03T01:00:00.000Z', '供暖收费'),
        subject('2027-01-04T01:00:00.000Z', '供暖不达标'),
      ],
      '2027-01-10T02:00:00.000Z',
    );
    expect(january).toEqual({ month: '2027-01', previousMonth: '2026-12', terms: [{ term: '供暖', thisMonth: 2, lastMonth: 1, change: 1 }] });
  });

  it('are of the period’s last month: a report on October names October’s topics, one running on past today this month’s', () => {
    const october = computeStatistics(rows, options({ period: { from: '2026-10-01', to: '2026-10-31', granularity: 'month' } }));
    expect(october.hotTopics).toMatchObject({ month: '2026-10', previousMonth: '2026-09' });
    expect(october.hotTopics.terms).toEqual([
      { term: '工资', thisMonth: 3, lastMonth: 0, change: 3 },
      { term: '拖欠', thisMonth: 3, lastMonth: 0, change: 3 },
    ]);
    const year = computeStatistics(rows, options({ period: { from: '2026-01-01', to: '2026-12-31', granularity: 'quarter' } }));
    expect(year.hotTopics.month).toBe('2026-11');
    expect(year.hotTopics.terms).toHaveLength(4);
    // The first quarter had none of these petitions: no topic, not November's.
    expect(computeStatistics(rows, options({ period: { from: '2026-01-01', to: '2026-03-31', granularity: 'quarter' } })).hotTopics).toEqual({ month: '2026-03', previousMonth: '2026-02', terms: [] });
  });
});

/** An RFC 4180 reader, to check the export the way a spreadsheet reads it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let field = '';
  let fields: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      fields.push(field);
      rows.push(fields);
      fields = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field !== '' || fields.length > 0) rows.push([...fields, field]);
  return rows;
}

describe('CSV export: a report in Chinese for an office, opened in Excel', () => {
  const report: StatisticsReport = {
    jurisdiction: { code: '330122', name: '桐庐县' },
    includeSubordinates: true,
    scope: 'jurisdiction',
    period: { from: '2026-01-01', to: '2026-12-31', granularity: 'month' },
    // 6 December 2026, 04:09 in China: still 5 December in UTC.
    asOf: '2026-12-05T20:09:00.000Z',
    ...computeStatistics(year2026, {
      ...options(),
      units: [
        { code: '330122-housing', name: '住建局, "城建"科' },
        { code: '330122-hrss', name: '人社局\n劳动监察大队' },
      ],
    }),
  };
  const csv = statisticsCsv(report);
  const rows = parseCsv(csv.slice(1));
  const find = (section: string, item: string) => rows.find((r) => r[0] === section && r[1] === item);

  it('starts with a byte-order mark and Chinese column names, and ends every line with CRLF', () => {
    expect(csv.startsWith('\uFEFF栏目,项目,数值,说明\r\n')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '').includes('\n')).toBe(true); // the only bare LF is inside a quoted field
  });

  it('reads back as one four-column table, quoting commas, quotes and line breaks', () => {
    expect(rows.every((r) => r.length === 4)).toBe(true);
    expect(find('承办单位', '住建局, "城建"科')?.[2]).toBe('1');
    expect(find('承办单位', '人社局\n劳动监察大队')?.[2]).toBe('2');
  });

  it('says everything in Chinese: no English field names or values', () => {
    expect(csv).not.toMatch(/[A-Za-z]/);
    expect(find('报表信息', '统计范围')?.[2]).toBe('桐庐县');
    expect(find('报表信息', '含下级')?.[2]).toBe('是');
    expect(find('报表信息', '统计口径')?.[2]).toBe('辖区全部事项');
    expect(find('报表信息', '统计周期')?.[2]).toBe('按月');
    expect(find('来源渠道', '来信')?.[2]).toBe('2');
    expect(find('问题类别', '未分类')?.[2]).toBe('3');
    expect(find('办理状态', '不予受理')?.[2]).toBe('1');
    expect(find('辖区', '富春江镇')).toEqual(['辖区', '富春江镇', '1', '行政区划代码 330122101']);
    expect(find('登记量（按月）', '2026年11月')?.[2]).toBe('2');
  });

  it('gives the time of the figures in China time, on the China day', () => {
    expect(find('报表信息', '统计时点')).toEqual(['报表信息', '统计时点', '2026-12-06 04:09', '北京时间']);
  });

  it('calls every case received 登记总量 — the declined one is among the 6 — and writes counts as numbers', () => {
    expect(find('总量', '登记总量')).toEqual(['总量', '登记总量', '6', '本期登记的全部事项，含不予受理的']);
    expect(find('总量', '受理件数')?.[2]).toBe('3');
    expect(rows.some((r) => r[1] === '受理登记总量')).toBe(false);
    expect(csv).toContain('\r\n总量,登记总量,6,');
  });

  it('writes rates as percentages with one decimal, with what they divide', () => {
    expect(find('比率', '按期办结率')).toEqual(['比率', '按期办结率', '50.0%', '按期办结 / 办结：1 / 2']);
    expect(find('比率', '延期率')?.[2]).toBe('33.3%');
    expect(find('比率', '重复信访率')).toEqual(['比率', '重复信访率', '16.7%', '重复信访 / 登记：1 / 6']);
    expect(find('比率', '登记及时率')).toEqual(['比率', '登记及时率', '66.7%', '收到当日登记（非工作日收到的，下一工作日） / 登记：4 / 6']);
    expect(find('办理时长', '平均办理时长（天）')).toEqual(['办理时长', '平均办理时长（天）', '40', '受理至办结，计 2 件']);
    expect(find('本期办理情况', '本期办结')?.[2]).toBe('2');
    expect(find('本期办理情况', '计入统计期前登记事项的天数')?.[2]).toBe('366');
  });

  it('writes an empty rate as —, with its 0 / 0', () => {
    const empty = parseCsv(statisticsCsv({ ...report, ...computeStatistics([], options()) }).slice(1));
    expect(empty.find((r) => r[0] === '比率' && r[1] === '满意率')).toEqual(['比率', '满意率', '—', '满意 / 回访答复：0 / 0']);
    expect(empty.find((r) => r[0] === '办理时长')?.[2]).toBe('—');
    expect(empty.find((r) => r[0] === '热点')).toEqual(['热点', '（无）', '', '2026年11月尚无两件以上事项共同提及的词语']);
  });

  it('names the unit of a unit’s staff, and says the figures are its own', () => {
    const unit = parseCsv(statisticsCsv({ ...report, scope: 'unit', unit: { code: '330122-hrss', name: '桐庐县人力资源和社会保障局' } }).slice(1));
    expect(unit.find((r) => r[1] === '统计口径')?.[2]).toBe('本单位承办的事项');
    expect(unit.find((r) => r[1] === '承办单位' && r[0] === '报表信息')?.[2]).toBe('桐庐县人力资源和社会保障局');
  });

  it('rounds a share to one decimal as the console does, and turns UTC into China time', () => {
    expect(percentCell({ rate: 0.0714, numerator: 1, denominator: 14 })).toBe('7.1%');
    expect(percentCell({ rate: 1, numerator: 3, denominator: 3 })).toBe('100.0%');
    expect(percentCell({ rate: 0, numerator: 0, denominator: 3 })).toBe('0.0%');
    expect(chinaDateTimeCell('2026-12-31T16:00:00.000Z')).toBe('2027-01-01 00:00');
    expect(chinaDateTimeCell('2026-12-31T15:59:59.999Z')).toBe('2026-12-31 23:59');
  });

  it('quotes fields by RFC 4180 and defuses spreadsheet formulas in text', () => {
    expect(csvField('桐庐县')).toBe('桐庐县');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField('+86 571')).toBe("'+86 571");
    expect(csvField(-3)).toBe('-3');
    expect(csvField(0.3333)).toBe('0.3333');
    expect(csvField(null)).toBe('');
  });
});

describe('申请复查件数 and 申请复核件数', () => {
  it('count requests still waiting for their decision, not only decided ones', () => {
    const rows = [
      // A 复查 asked for and not decided yet (the level reached is still 0).
      row({ status: 'underReview', ledger: { receivedAt: '2026-03-02T01:00:00.000Z', reviewAsked: 1, review: { level: 1, jurisdiction: '330100', requestedAt: '2026-05-02T01:00:00.000Z' } } }),
      // 复查 decided, then a 复核 asked for.
      row({ status: 'underReReview', ledger: { receivedAt: '2026-03-03T01:00:00.000Z', reviewLevel: 1, reviewAsked: 2 } }),
      // A ledger kept before requests were: what was decided counts.
      row({ status: 'replied', ledger: { receivedAt: '2026-03-04T01:00:00.000Z', reviewLevel: 1 } }),
      row({ status: 'replied', ledger: { receivedAt: '2026-03-05T01:00:00.000Z' } }),
    ];
    const { totals } = computeStatistics(rows, options());
    expect([totals.reviewsRequested, totals.reReviewsRequested]).toEqual([3, 1]);
  });
});

describe('本期办理情况: the work of the period, by the date of each step', () => {
  const december = options({ period: { from: '2026-12-01', to: '2026-12-31', granularity: 'month' }, now: '2026-12-31T08:00:00.000Z' });
  const rows = [
    // Received in November, accepted in November, concluded on time in December.
    row({ status: 'replied', ledger: { receivedAt: '2026-11-10T01:00:00.000Z', acceptedAt: '2026-11-11T01:00:00.000Z', concludedAt: '2026-12-02T01:00:00.000Z', onTime: true } }),
    // Received and accepted in December, concluded late on 31 December in China (after 16:00 UTC on the 31st is January).
    row({ status: 'concluded', ledger: { receivedAt: '2026-12-01T01:00:00.000Z', acceptedAt: '2026-12-01T02:00:00.000Z', concludedAt: '2026-12-31T15:00:00.000Z', onTime: false } }),
    // Concluded in the first minutes of 1 January in China: not December's.
    row({ status: 'concluded', ledger: { receivedAt: '2026-12-02T01:00:00.000Z', acceptedAt: '2026-12-02T02:00:00.000Z', concludedAt: '2026-12-31T16:30:00.000Z', onTime: true } }),
    // Received over a year before December, concluded in it: beyond the look-back, not counted.
    row({ status: 'replied', ledger: { receivedAt: '2025-11-20T01:00:00.000Z', acceptedAt: '2025-11-21T01:00:00.000Z', concludedAt: '2026-12-03T01:00:00.000Z', onTime: false } }),
    // Closed in December, concluded in October.
    row({ status: 'closed', ledger: { receivedAt: '2026-09-01T01:00:00.000Z', acceptedAt: '2026-09-02T01:00:00.000Z', concludedAt: '2026-10-02T01:00:00.000Z', onTime: true, closedAt: '2026-12-10T01:00:00.000Z' } }),
  ];

  it('counts what was accepted, concluded and closed in the period, whenever received, up to a year before', () => {
    const figures = computeStatistics(rows, december);
    expect(figures.activity).toEqual({
      accepted: 2,
      concluded: 2,
      concludedFromEarlier: 1,
      closed: 1,
      onTime: { rate: 0.5, numerator: 1, denominator: 2 },
      averageHandlingDays: { days: 25.8, cases: 2 },
      lookBackDays: 366,
    });
    // The cohort figures stay those of the cases received in December.
    expect(figures.totals).toMatchObject({ received: 2, accepted: 2, concluded: 2 });
  });

  it('counts a case once, however many ranges read it', () => {
    expect(computeStatistics([...rows, ...rows], december).activity.concluded).toBe(2);
  });
});
