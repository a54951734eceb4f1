import { describe, expect, it } from 'vitest';
import { loadHolidayCalendar } from '../../shared/config/holidays.js';
import type { Case } from '../../shared/domain/case.js';
import { answerFollowUp, conclude, reply } from '../../shared/domain/closing.js';
import { ledgerEntryOf } from '../../shared/domain/ledger.js';
import { DEFAULT_TIME_LIMITS } from '../../shared/domain/time-limits.js';
import type { LedgerRow } from '../../shared/domain/statistics.js';
import { unresolvedDisputes, unresolvedDisputesCsv, unresolvedReasons, type UnresolvedDisputesReport } from '../../shared/domain/unresolved-disputes.js';

const NOW = '2026-11-23T02:00:00.000Z'; // Monday 23 November 2026, 10:00 in China

let sequence = 0;
function row(overrides: Partial<Omit<LedgerRow, 'ledger'>> & { ledger: Partial<LedgerRow['ledger']> & { receivedAt: string } }): LedgerRow {
  sequence += 1;
  const { ledger, ...rest } = overrides;
  return {
    caseNumber: `330122-2026-${String(sequence).padStart(6, '0')}`,
    jurisdiction: '330122',
    status: 'inProgress',
    channel: 'letter',
    registeredAt: ledger.receivedAt,
    ...rest,
    ledger: { receivingOffice: '330122', reviewLevel: 0, ...ledger },
  };
}

const names = {
  now: NOW,
  jurisdictions: [
    { code: '330122', name: '桐庐县' },
    { code: '330122101', name: '富春江镇' },
  ],
  units: [
    { code: '330122-housing', name: '桐庐县住房和城乡建设局' },
    { code: '330122-hrss', name: '桐庐县人力资源和社会保障局' },
  ],
};

// Deadlines are the midnight (China) after the last day.
const overdueSinceOctober = row({
  caseNumber: '330122-2026-000010',
  category: 'dispute',
  ledger: { receivedAt: '2026-08-03T01:00:00.000Z', unit: '330122-hrss', dueAt: '2026-10-31T16:00:00.000Z', subject: '工资拖欠纠纷', repeat: true },
});
const overdueThisMonth = row({
  caseNumber: '330122-2026-000011',
  ledger: { receivedAt: '2026-09-01T01:00:00.000Z', unit: '330122-housing', dueAt: '2026-11-20T16:00:00.000Z', extended: true },
});
const reopened = row({
  caseNumber: '330122-2026-000012',
  ledger: { receivedAt: '2026-07-01T01:00:00.000Z', unit: '330122-housing', dueAt: '2027-01-20T16:00:00.000Z', satisfied: false, reviewLevel: 1 },
});
const townshipOverdueAcceptance = row({
  caseNumber: '330122101-2026-000001',
  jurisdiction: '330122101',
  status: 'registered',
  channel: 'visit',
  ledger: { receivedAt: '2026-10-01T01:00:00.000Z', dueAt: '2026-10-16T16:00:00.000Z', collective: true },
});
const notYetDue = row({ ledger: { receivedAt: '2026-11-02T01:00:00.000Z', unit: '330122-hrss', dueAt: '2026-12-30T16:00:00.000Z' } });
const answeredLate = row({ status: 'replied', ledger: { receivedAt: '2026-06-01T01:00:00.000Z', unit: '330122-hrss', concludedAt: '2026-09-01T01:00:00.000Z' } });
const unsatisfiedButClosed = row({ status: 'closed', ledger: { receivedAt: '2026-05-01T01:00:00.000Z', unit: '330122-hrss', satisfied: false, reviewLevel: 2 } });

const rows = [notYetDue, overdueThisMonth, reopened, answeredLate, townshipOverdueAcceptance, unsatisfiedButClosed, overdueSinceOctober];

describe('unresolvedReasons', () => {
  it('lists an open case past the deadline of its running clock, whichever clock it is', () => {
    expect(unresolvedReasons(overdueSinceOctober, NOW)).toEqual(['overdue']);
    expect(unresolvedReasons(townshipOverdueAcceptance, NOW)).toEqual(['overdue']);
  });

  it('lists an open case the petitioner was not satisfied with, even before its new deadline', () => {
    expect(unresolvedReasons(reopened, NOW)).toEqual(['unsatisfied']);
    expect(unresolvedReasons({ ...reopened, ledger: { ...reopened.ledger, dueAt: '2026-11-01T16:00:00.000Z' } }, NOW)).toEqual(['overdue', 'unsatisfied']);
  });

  it('leaves out cases not yet due, answered, or closed however the follow-up went', () => {
    expect(unresolvedReasons(notYetDue, NOW)).toEqual([]);
    expect(unresolvedReasons(answeredLate, NOW)).toEqual([]);
    expect(unresolvedReasons(unsatisfiedButClosed, NOW)).toEqual([]);
  });

  it('lists a case whose decision the petitioner disputes before the level above (复查、复核), overdue or not', () => {
    const disputed = row({ status: 'underReview', ledger: { receivedAt: '2026-06-01T01:00:00.000Z', unit: '330122-hrss', dueAt: '2026-12-10T16:00:00.000Z', reviewLevel: 0 } });
    expect(unresolvedReasons(disputed, NOW)).toEqual(['underReview']);
    expect(unresolvedReasons({ ...disputed, status: 'underReReview', ledger: { ...disputed.ledger, dueAt: '2026-11-01T16:00:00.000Z' } }, NOW)).toEqual(['overdue', 'underReview']);
    expect(unresolvedDisputes([disputed], names).totals).toMatchObject({ cases: 1, underReview: 1, overdue: 0 });
  });

  it('counts a deadline as past only once its instant has gone', () => {
    expect(unresolvedReasons({ ...notYetDue, ledger: { ...notYetDue.ledger, dueAt: NOW } }, NOW)).toEqual([]);
    expect(unresolvedReasons({ ...notYetDue, ledger: { ...notYetDue.ledger, dueAt: '2026-11-23T01:59:59.999Z' } }, NOW)).toEqual(['overdue']);
  });
});

describe('unresolvedDisputes', () => {
  const figures = unresolvedDisputes(rows, names);

  it('lists by jurisdiction, then unit in the configured order, the longest overdue first', () => {
    expect(figures.items.map((i) => i.caseNumber)).toEqual(['330122-2026-000011', '330122-2026-000012', '330122-2026-000010', '330122101-2026-000001']);
  });

  it('says why each case is listed, how long overdue, and whether its deadline fell this month', () => {
    const [thisMonth, unsatisfied, october, township] = figures.items;
    expect(thisMonth).toMatchObject({ unit: { code: '330122-housing', name: '桐庐县住房和城乡建设局' }, reasons: ['overdue'], daysOverdue: 3, newThisMonth: true, extended: true });
    expect(unsatisfied).toMatchObject({ reasons: ['unsatisfied'], newThisMonth: false, reviewLevel: 1 });
    expect(unsatisfied!.daysOverdue).toBeUndefined();
    expect(october).toMatchObject({ daysOverdue: 23, newThisMonth: false, subject: '工资拖欠纠纷', category: 'dispute', repeat: true });
    expect(township).toMatchObject({ jurisdiction: { code: '330122101', name: '富春江镇' }, unit: { code: 'none', name: '未确定承办单位' }, collective: true });
  });

  it('does not count as new a deadline that ended with the previous month', () => {
    // The deadline 2026-10-31T16:00Z is midnight after 31 October in China: overdue since October.
    expect(figures.items.find((i) => i.caseNumber === '330122-2026-000010')!.newThisMonth).toBe(false);
  });

  it('counts by jurisdiction and unit, zeros included, and the totals', () => {
    expect(figures.totals).toEqual({ cases: 4, overdue: 3, unsatisfied: 1, underReview: 0, newThisMonth: 1 });
    expect(figures.byJurisdiction).toEqual([
      { key: '330122', label: '桐庐县', count: 3 },
      { key: '330122101', label: '富春江镇', count: 1 },
    ]);
    expect(figures.byUnit).toEqual([
      { key: '330122-housing', label: '桐庐县住房和城乡建设局', count: 2 },
      { key: '330122-hrss', label: '桐庐县人力资源和社会保障局', count: 1 },
      { key: 'none', label: '未确定承办单位', count: 1 },
    ]);
  });

  it('answers an empty list with zero counts', () => {
    const empty = unresolvedDisputes([notYetDue, answeredLate], names);
    expect(empty.items).toEqual([]);
    expect(empty.totals.cases).toBe(0);
    expect(empty.byUnit.map((c) => c.count)).toEqual([0, 0, 0]);
  });
});

describe('unresolvedDisputesCsv', () => {
  const report: UnresolvedDisputesReport = {
    jurisdiction: { code: '330122', name: '桐庐县' },
    includeSubordinates: true,
    scope: 'jurisdiction',
    month: '2026-11',
    asOf: NOW,
    ...unresolvedDisputes(rows, names),
  };

  it('is one line per case with Chinese headings and China times, for Excel', () => {
    const csv = unresolvedDisputesCsv(report);
    const lines = csv.split('\r\n');
    expect(csv.startsWith('\uFEFF排查月份,案件编号,行政区划代码,行政区划,承办单位编号,承办单位,排查原因,本月新增,逾期天数,办理期限,')).toBe(true);
    expect(lines).toHaveLength(1 + 4 + 1);
    expect(lines[1]).toBe('2026-11,330122-2026-000011,330122,桐庐县,330122-housing,桐庐县住房和城乡建设局,超期未办结,是,3,2026年11月20日,2026年9月1日 09:00,办理中,来信,未分类,,否,否,是,');
    expect(lines[2]).toContain(',回访不满意重新办理,否,,2027年1月20日,');
    expect(lines[2]!.endsWith(',复查')).toBe(true);
    expect(lines[3]).toContain(',工资拖欠纠纷,是,');
  });

  it('keeps a subject from running as a formula', () => {
    const csv = unresolvedDisputesCsv({ ...report, items: [{ ...report.items[0]!, subject: '=HYPERLINK("x")' }] });
    expect(csv).toContain(`,"'=HYPERLINK(""x"")",`);
  });
});

describe('a case through an unsatisfied follow-up', () => {
  const calendar = loadHolidayCalendar(new URL('../../config/holidays', import.meta.url).pathname);
  const ctx = (at: string) => ({ at, actor: 'tonglu-hrss-handler', settings: { base: DEFAULT_TIME_LIMITS }, calendar, followUpAfterDays: 7, parentOf: () => undefined });
  const working: Case = {
    caseNumber: '330122-2026-000321',
    jurisdiction: '330122',
    receivingOffice: '330122',
    channel: 'letter',
    status: 'inProgress',
    subject: '工资拖欠',
    matter: '拖欠工资。',
    petitioner: { anonymous: false, name: '赵建国' },
    urgent: false,
    reviewLevel: 0,
    receivedAt: '2026-09-01T02:00:00.000Z',
    registeredAt: '2026-09-01T02:00:01.000Z',
    registeredBy: 'tonglu-registrar',
    handling: { lead: '330122-hrss', cooperating: [] },
    deadlines: { handling: '2026-10-31T16:00:00.000Z' },
    attachments: [],
    version: 5,
    updatedAt: '2026-09-02T02:00:00.000Z',
  };
  const RESULT = { facts: '查明欠薪属实。', basis: '《保障农民工工资支付条例》。', decision: '责令支付。', outcome: 'supported' as const };
  const asRow = (c: Case): LedgerRow => ({ caseNumber: c.caseNumber, jurisdiction: c.jurisdiction, status: c.status, channel: c.channel, registeredAt: c.registeredAt, ledger: ledgerEntryOf(c) });

  it('is listed from the answer "not satisfied" until it is answered again', () => {
    const replied = reply(conclude(working, RESULT, ctx('2026-10-02T02:00:00.000Z')).case, { letterId: 'decision:1', delivery: 'post' }, ctx('2026-10-09T02:00:00.000Z')).case;
    expect(unresolvedReasons(asRow(replied), NOW)).toEqual([]);
    const reopened = answerFollowUp(replied, { satisfied: false, via: 'staff', comment: '没解决' }, ctx('2026-10-17T02:00:00.000Z'))!.case;
    expect(unresolvedReasons(asRow(reopened), NOW)).toEqual(['unsatisfied']);
    const concludedAgain = conclude(reopened, RESULT, ctx('2026-11-20T02:00:00.000Z')).case;
    expect(unresolvedReasons(asRow(concludedAgain), NOW)).toEqual(['unsatisfied']);
    const answeredAgain = reply(concludedAgain, { letterId: 'decision:2', delivery: 'post' }, ctx('2026-11-22T02:00:00.000Z')).case;
    expect(unresolvedReasons(asRow(answeredAgain), NOW)).toEqual([]);
  });
});
