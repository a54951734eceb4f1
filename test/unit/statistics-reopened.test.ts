import { describe, expect, it } from 'vitest';
import { loadHolidayCalendar } from '../../shared/config/holidays.js';
import type { Case } from '../../shared/domain/case.js';
import { answerFollowUp, conclude, reply } from '../../shared/domain/closing.js';
import { ledgerEntryOf } from '../../shared/domain/ledger.js';
import { computeStatistics, type LedgerRow, type StatisticsOptions } from '../../shared/domain/statistics.js';
import { DEFAULT_TIME_LIMITS } from '../../shared/domain/time-limits.js';

/**
 * A case reopened after 不满意 (or a 复查 that revoked its answer) is handled
 * again, but its statistics keep what happened: whether the office concluded it
 * within the statutory limit is decided by its first conclusion, against the
 * handling deadline then (an extension included), and the period it was
 * concluded in keeps it — a month's report does not change because the case
 * was reopened the month after, and the case is one case concluded, not two.
 * 满意率 counts the latest answer the petitioner gave until they give another.
 */

const calendar = loadHolidayCalendar(new URL('../../config/holidays', import.meta.url).pathname);
const settings = { base: DEFAULT_TIME_LIMITS };
const ctx = (at: string, actor = 'tonglu-hrss-handler') => ({ at, actor, settings, calendar, followUpAfterDays: 7 });

const RESULT = { facts: '查明欠薪属实。', basis: '《保障农民工工资支付条例》。', decision: '责令支付。', outcome: 'supported' as const };

function working(overrides: Partial<Case>): Case {
  return {
    caseNumber: '330122-2026-000321',
    jurisdiction: '330122',
    receivingOffice: '330122',
    channel: 'visit',
    status: 'inProgress',
    matter: '拖欠工资。',
    petitioner: { anonymous: false, name: '赵建国', email: 'zjg@163.example' },
    urgent: false,
    reviewLevel: 0,
    receivedAt: '2026-11-10T02:00:00.000Z',
    registeredAt: '2026-11-10T02:00:01.000Z',
    registeredBy: 'tonglu-desk',
    acceptedAt: '2026-11-10T03:00:00.000Z',
    handling: { lead: '330122-hrss', cooperating: [] },
    deadlines: { handling: '2026-11-19T16:00:00.000Z' },
    attachments: [],
    version: 5,
    updatedAt: '2026-11-10T03:00:00.000Z',
    ...overrides,
  };
}

const concludeAt = (c: Case, at: string) => conclude(c, RESULT, ctx(at)).case;
const replyAt = (c: Case, at: string) => reply(c, { letterId: `decision:${at}`, delivery: 'email' }, ctx(at)).case;
const answerAt = (c: Case, satisfied: boolean, at: string) => answerFollowUp(c, { satisfied, via: 'link' }, ctx(at, 'petitioner'))!.case;

const rowOf = (c: Case): LedgerRow => ({
  caseNumber: c.caseNumber,
  jurisdiction: c.jurisdiction,
  status: c.status,
  channel: c.channel,
  registeredAt: c.registeredAt,
  ledger: ledgerEntryOf(c),
});

const period = (from: string, to: string, now = '2026-12-06T02:00:00.000Z'): StatisticsOptions => ({
  period: { from, to, granularity: 'month' },
  now,
  jurisdictions: [{ code: '330122', name: '桐庐县' }],
  units: [{ code: '330122-hrss', name: '桐庐县人力资源和社会保障局' }],
});

describe('按期办结 across a reopening: decided by the first conclusion against the handling deadline then', () => {
  // Registered 10 Nov, due 19 Nov, concluded late on 20 Nov and replied; 不满意 reopened it with a new deadline;
  // concluded again the next day, well within that one, and replied.
  const late = replyAt(concludeAt(working({}), '2026-11-20T02:00:00.000Z'), '2026-11-20T03:00:00.000Z');
  const reopened = answerAt(late, false, '2026-11-21T02:00:00.000Z');
  const again = replyAt(concludeAt(reopened, '2026-11-21T05:00:00.000Z'), '2026-11-21T06:00:00.000Z');

  it('the reopened round has a new, later deadline the second conclusion meets', () => {
    expect(reopened.status).toBe('inProgress');
    expect(Date.parse(reopened.deadlines.handling!)).toBeGreaterThan(Date.parse('2026-11-21T05:00:00.000Z'));
  });

  it('keeps the case late on the ledger, reopened and concluded again', () => {
    expect(ledgerEntryOf(late).onTime).toBe(false);
    expect(ledgerEntryOf(reopened).onTime).toBe(false);
    expect(ledgerEntryOf(again).onTime).toBe(false);
  });

  it('counts 0/1 按期办结 for November, in the cohort and in the month’s work', () => {
    const figures = computeStatistics([rowOf(again)], period('2026-11-01', '2026-11-30'));
    expect(figures.totals.concluded).toBe(1);
    expect(figures.rates.onTime).toEqual({ rate: 0, numerator: 0, denominator: 1 });
    expect(figures.activity.concluded).toBe(1);
    expect(figures.activity.onTime).toEqual({ rate: 0, numerator: 0, denominator: 1 });
  });

  it('keeps a case concluded on time on time when it is reopened and concluded again late', () => {
    const onTime = replyAt(concludeAt(working({}), '2026-11-18T02:00:00.000Z'), '2026-11-18T03:00:00.000Z');
    const redone = answerAt(onTime, false, '2026-11-19T02:00:00.000Z');
    const lateAgain = concludeAt(redone, '2027-01-30T02:00:00.000Z');
    expect(ledgerEntryOf(redone).onTime).toBe(true);
    expect(ledgerEntryOf(lateAgain).onTime).toBe(true);
  });

  it('counts the extended deadline the first conclusion was held to', () => {
    const extended = working({ deadlines: { handling: '2026-12-19T16:00:00.000Z' }, extension: { days: 30, reason: '需要鉴定', requestedBy: 'x', requestedAt: '2026-11-12T02:00:00.000Z', status: 'approved' } });
    const concluded = replyAt(concludeAt(extended, '2026-12-10T02:00:00.000Z'), '2026-12-10T03:00:00.000Z');
    expect(ledgerEntryOf(answerAt(concluded, false, '2026-12-11T02:00:00.000Z')).onTime).toBe(true);
  });
});

describe('办结 across a reopening: the period it was concluded in keeps it', () => {
  // Registered 1 Aug, concluded late on 20 Aug and replied; 不满意 on 30 Aug reopened it; concluded again 10 Sep.
  const received = working({ receivedAt: '2026-08-01T02:00:00.000Z', registeredAt: '2026-08-01T02:00:01.000Z', acceptedAt: '2026-08-01T03:00:00.000Z', deadlines: { handling: '2026-08-10T16:00:00.000Z' } });
  const late = replyAt(concludeAt(received, '2026-08-20T02:00:00.000Z'), '2026-08-20T03:00:00.000Z');
  const reopened = answerAt(late, false, '2026-08-30T02:00:00.000Z');
  const again = replyAt(concludeAt(reopened, '2026-09-10T02:00:00.000Z'), '2026-09-10T03:00:00.000Z');
  const august = period('2026-08-01', '2026-08-31');
  const september = period('2026-09-01', '2026-09-30');

  it('counts a case reopened and not yet concluded again as concluded in August, late', () => {
    const figures = computeStatistics([rowOf(reopened)], august);
    expect(figures.totals.concluded).toBe(1);
    expect(figures.rates.onTime).toEqual({ rate: 0, numerator: 0, denominator: 1 });
    expect(figures.rates.resolution).toEqual({ rate: 1, numerator: 1, denominator: 1 });
    expect(figures.activity).toMatchObject({ concluded: 1, onTime: { numerator: 0, denominator: 1 } });
  });

  it('gives August the same figures once it is concluded again in September', () => {
    const before = computeStatistics([rowOf(reopened)], august);
    const after = computeStatistics([rowOf(again)], august);
    expect(after.totals.concluded).toBe(before.totals.concluded);
    expect(after.rates.onTime).toEqual(before.rates.onTime);
    expect(after.activity.concluded).toBe(before.activity.concluded);
    expect(after.activity.onTime).toEqual(before.activity.onTime);
    expect(after.averageHandlingDays).toEqual(before.averageHandlingDays);
  });

  it('keeps August’s handling time when the reopened round stands still (a hearing in September)', () => {
    const before = computeStatistics([rowOf(reopened)], august);
    const hearing = { clock: 'handling' as const, ground: 'hearing', reason: '听证', suspendedAt: '2026-09-01T02:00:00.000Z', suspendedBy: 'tonglu-office', resumedAt: '2026-09-16T02:00:00.000Z', resumedBy: 'tonglu-office' };
    const heard: Case = { ...reopened, suspensions: [hearing] };
    expect(computeStatistics([rowOf(heard)], august).averageHandlingDays).toEqual(before.averageHandlingDays);
  });

  it('does not count the second conclusion in September’s work: one case concluded, not two', () => {
    const figures = computeStatistics([rowOf(again)], september);
    expect(figures.activity.concluded).toBe(0);
    expect(figures.activity.onTime).toEqual({ rate: null, numerator: 0, denominator: 0 });
  });
});

describe('满意率 across a reopening: the latest answer counts until the petitioner gives another', () => {
  const received = working({ receivedAt: '2026-08-01T02:00:00.000Z', registeredAt: '2026-08-01T02:00:01.000Z', acceptedAt: '2026-08-01T03:00:00.000Z', deadlines: { handling: '2026-09-30T16:00:00.000Z' } });
  const replied = replyAt(concludeAt(received, '2026-08-20T02:00:00.000Z'), '2026-08-20T03:00:00.000Z');
  const reopened = answerAt(replied, false, '2026-08-30T02:00:00.000Z');
  const answeredAgain = replyAt(concludeAt(reopened, '2026-09-10T02:00:00.000Z'), '2026-09-10T03:00:00.000Z');
  const quarter = period('2026-08-01', '2026-10-31');

  it('counts the 不满意 while the case is handled again', () => {
    expect(computeStatistics([rowOf(reopened)], quarter).rates.satisfaction).toEqual({ rate: 0, numerator: 0, denominator: 1 });
  });

  it('keeps counting the 不满意 once the unit has answered again and before the petitioner is asked again', () => {
    expect(answeredAgain.followUp?.answeredAt).toBeUndefined();
    expect(computeStatistics([rowOf(answeredAgain)], quarter).rates.satisfaction).toEqual({ rate: 0, numerator: 0, denominator: 1 });
  });

  it('lets a later 满意 replace the 不满意', () => {
    const satisfied = answerAt(answeredAgain, true, '2026-09-20T02:00:00.000Z');
    expect(computeStatistics([rowOf(satisfied)], quarter).rates.satisfaction).toEqual({ rate: 1, numerator: 1, denominator: 1 });
  });

  it('counts no answer where none was ever given', () => {
    expect(computeStatistics([rowOf(replied)], quarter).rates.satisfaction).toEqual({ rate: null, numerator: 0, denominator: 0 });
  });
});
