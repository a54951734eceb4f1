import { describe, expect, it } from 'vitest';
import { loadHolidayCalendar } from '../../shared/config/holidays.js';
import type { Case } from '../../shared/domain/case.js';
import { answerFollowUp, conclude, reply, requestReview } from '../../shared/domain/closing.js';
import { ledgerEntryOf } from '../../shared/domain/ledger.js';
import { DEFAULT_TIME_LIMITS } from '../../shared/domain/time-limits.js';
import type { LedgerRow } from '../../shared/domain/statistics.js';
import {
  monthToFile,
  newInMonth,
  rowsToFile,
  screeningMonth,
  unresolvedDisputes,
  unresolvedDisputesCsv,
  unresolvedReasons,
  unresolvedReasonsAt,
  type UnresolvedDisputesReport,
} from '../../shared/domain/unresolved-disputes.js';

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
  ledger: { receivedAt: '2026-08-03T01:00:00.000Z', unit: '330122-hrss', dueAt: '2026-10-20T16:00:00.000Z', subject: '工资拖欠纠纷', repeat: true },
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
    expect(october).toMatchObject({ daysOverdue: 34, newThisMonth: false, subject: '工资拖欠纠纷', category: 'dispute', repeat: true });
    expect(township).toMatchObject({ jurisdiction: { code: '330122101', name: '富春江镇' }, unit: { code: 'none', name: '未确定承办单位' }, collective: true });
  });

  it('counts as new a case overdue from the month’s first minute, not one overdue before it', () => {
    // 2026-10-31T16:00Z is midnight after 31 October in China: not yet past at the end of October, past in November.
    const lastDayOctober = row({ ledger: { receivedAt: '2026-09-01T01:00:00.000Z', dueAt: '2026-10-31T16:00:00.000Z' } });
    const aMinuteBefore = row({ ledger: { receivedAt: '2026-09-01T01:00:00.000Z', dueAt: '2026-10-31T15:59:00.000Z' } });
    const listed = unresolvedDisputes([lastDayOctober, aMinuteBefore], names).items;
    expect(listed.find((i) => i.caseNumber === lastDayOctober.caseNumber)?.newThisMonth).toBe(true);
    expect(listed.find((i) => i.caseNumber === aMinuteBefore.caseNumber)?.newThisMonth).toBe(false);
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

describe('本月新增: the cases that came onto the list in the screening month, for whatever reason', () => {
  const NOVEMBER = '2026-10-31T16:00:00.000Z'; // 1 November 2026, 00:00 in China
  const review = (requestedAt: string) => ({ level: 1 as const, jurisdiction: '330100', requestedAt });

  it('counts a case received this month, whatever it is listed for', () => {
    // A call taken on 2 November, answered within the week, and reopened after 不满意 on 16 November.
    const quick = row({ channel: 'phone', ledger: { receivedAt: '2026-11-02T01:00:00.000Z', unit: '330122-hrss', acceptedAt: '2026-11-02T03:00:00.000Z', satisfied: false, dueAt: '2027-01-15T16:00:00.000Z' } });
    // Received on 2 November and not accepted within its 15 days.
    const unaccepted = row({ status: 'registered', ledger: { receivedAt: '2026-11-02T01:00:00.000Z', dueAt: '2026-11-17T16:00:00.000Z' } });
    const figures = unresolvedDisputes([quick, unaccepted], names);
    expect(figures.items.map((i) => [i.caseNumber, i.reasons, i.newThisMonth])).toEqual([
      [quick.caseNumber, ['unsatisfied'], true],
      [unaccepted.caseNumber, ['overdue'], true],
    ]);
    expect(figures.totals.newThisMonth).toBe(2);
  });

  it('counts a review asked for this month, not one asked for before it', () => {
    const askedThisMonth = row({ status: 'underReview', ledger: { receivedAt: '2026-06-01T01:00:00.000Z', concludedAt: '2026-08-01T01:00:00.000Z', review: review('2026-11-10T01:00:00.000Z'), dueAt: '2026-12-10T16:00:00.000Z' } });
    const askedInOctober = row({ status: 'underReview', ledger: { receivedAt: '2026-06-01T01:00:00.000Z', concludedAt: '2026-08-01T01:00:00.000Z', review: review('2026-10-20T01:00:00.000Z'), dueAt: '2026-11-19T16:00:00.000Z' } });
    expect(newInMonth(askedThisMonth, NOVEMBER, NOW)).toBe(true);
    // Overdue since 20 November, but under review (listed) since October: carried over.
    expect(unresolvedReasons(askedInOctober, NOW)).toEqual(['overdue', 'underReview']);
    expect(newInMonth(askedInOctober, NOVEMBER, NOW)).toBe(false);
  });

  it('counts a reopening after 不满意 the ledger cannot date as carried over, unless the case was accepted this month', () => {
    // The ledger has no time for the follow-up's answer: this one may have been reopened in October.
    expect(newInMonth(reopened, NOVEMBER, NOW)).toBe(false);
    const acceptedThisMonth = row({ ledger: { receivedAt: '2026-10-30T01:00:00.000Z', acceptedAt: '2026-11-02T01:00:00.000Z', satisfied: false, dueAt: '2027-01-20T16:00:00.000Z' } });
    expect(newInMonth(acceptedThisMonth, NOVEMBER, NOW)).toBe(true);
  });

  it('dates a reopening after 不满意 by the follow-up’s answer where the ledger keeps it', () => {
    const answeredThisMonth = row({ ledger: { receivedAt: '2026-06-01T01:00:00.000Z', acceptedAt: '2026-06-02T01:00:00.000Z', satisfied: false, followUpAnsweredAt: '2026-11-16T02:00:00.000Z', dueAt: '2027-01-20T16:00:00.000Z' } });
    const answeredInOctober = row({ ledger: { receivedAt: '2026-06-01T01:00:00.000Z', acceptedAt: '2026-06-02T01:00:00.000Z', satisfied: false, followUpAnsweredAt: '2026-10-16T02:00:00.000Z', dueAt: '2027-01-20T16:00:00.000Z' } });
    expect(newInMonth(answeredThisMonth, NOVEMBER, NOW)).toBe(true);
    expect(newInMonth(answeredInOctober, NOVEMBER, NOW)).toBe(false);
    // October's list, rebuilt: only the one reopened in October was on it.
    const october = unresolvedDisputes([answeredThisMonth, answeredInOctober], { ...names, month: '2026-10' });
    expect(october.items.map((i) => i.caseNumber)).toEqual([answeredInOctober.caseNumber]);
  });

  it('dates a review request by its receipt, as the ledger keeps it', () => {
    const calendar = loadHolidayCalendar(new URL('../../config/holidays', import.meta.url).pathname);
    const ctx = (at: string) => ({ at, actor: 'tonglu-office', settings: { base: DEFAULT_TIME_LIMITS }, calendar, followUpAfterDays: 7, parentOf: (j: string) => (j === '330122' ? '330100' : undefined) });
    const working: Case = {
      caseNumber: '330122-2026-000322',
      jurisdiction: '330122',
      receivingOffice: '330122',
      channel: 'letter',
      status: 'inProgress',
      subject: '宅基地纠纷',
      matter: '宅基地界址纠纷。',
      petitioner: { anonymous: false, name: '钱国强' },
      urgent: false,
      reviewLevel: 0,
      receivedAt: '2026-08-03T02:00:00.000Z',
      registeredAt: '2026-08-03T02:00:01.000Z',
      registeredBy: 'tonglu-registrar',
      acceptedAt: '2026-08-04T02:00:00.000Z',
      handling: { lead: '330122-housing', cooperating: [] },
      deadlines: { handling: '2026-10-02T16:00:00.000Z' },
      attachments: [],
      version: 5,
      updatedAt: '2026-08-04T02:00:00.000Z',
    };
    const result = { facts: '查明界址清楚。', basis: '《土地管理法》。', decision: '维持原界址。', outcome: 'notSupported' as const };
    const replied = reply(conclude(working, result, ctx('2026-10-20T02:00:00.000Z')).case, { letterId: 'decision:1', delivery: 'post' }, ctx('2026-10-23T02:00:00.000Z')).case;
    // The request was received on 12 November and keyed in on the 13th: it counts from its receipt.
    const disputed = requestReview(replied, { reason: '不服', requestedBy: 'tonglu-office', receivedAt: '2026-11-12T02:00:00.000Z' }, ctx('2026-11-13T02:00:00.000Z')).case;
    const asRow = (c: Case): LedgerRow => ({ caseNumber: c.caseNumber, jurisdiction: c.jurisdiction, status: c.status, channel: c.channel, registeredAt: c.registeredAt, ledger: ledgerEntryOf(c) });
    expect(unresolvedReasons(asRow(disputed), NOW)).toEqual(['underReview']);
    expect(newInMonth(asRow(disputed), NOVEMBER, NOW)).toBe(true);
    expect(newInMonth(asRow(disputed), '2026-11-30T16:00:00.000Z', '2026-12-05T02:00:00.000Z')).toBe(false);
  });
});

describe('the list of a past month, rebuilt as of its end', () => {
  const underReviewSinceSeptember = row({
    status: 'underReview',
    ledger: { receivedAt: '2026-05-01T01:00:00.000Z', concludedAt: '2026-07-01T01:00:00.000Z', review: { level: 1, jurisdiction: '330100', requestedAt: '2026-09-20T01:00:00.000Z' }, dueAt: '2026-12-10T16:00:00.000Z' },
  });
  const october = unresolvedDisputes([...rows, underReviewSinceSeptember], { ...names, month: '2026-10' });

  it('lists the cases the ledger shows were unresolved at the end of October, with their days overdue then', () => {
    expect(october.items.map((i) => [i.caseNumber, i.reasons, i.daysOverdue, i.newThisMonth])).toEqual([
      // Due 20 October: 11 days overdue at midnight after 31 October, and overdue first in October.
      ['330122-2026-000010', ['overdue'], 11, true],
      [underReviewSinceSeptember.caseNumber, ['underReview'], undefined, false],
      ['330122101-2026-000001', ['overdue'], 15, true],
    ]);
    expect(october.totals).toEqual({ cases: 3, overdue: 2, unsatisfied: 0, underReview: 1, newThisMonth: 2 });
  });

  it('leaves out a case overdue only since November, and a reopening the ledger cannot date', () => {
    const numbers = october.items.map((i) => i.caseNumber);
    expect(numbers).not.toContain('330122-2026-000011');
    expect(numbers).not.toContain('330122-2026-000012');
    // Listed now for both reasons; at the end of October only for the one the ledger dates before it.
    const both = row({ ledger: { receivedAt: '2026-07-01T01:00:00.000Z', satisfied: false, dueAt: '2026-10-25T16:00:00.000Z' } });
    expect(unresolvedReasons(both, NOW)).toEqual(['overdue', 'unsatisfied']);
    expect(unresolvedReasonsAt(both, '2026-10-31T16:00:00.000Z', NOW)).toEqual(['overdue']);
  });

  it('is the current list for the current month', () => {
    expect(unresolvedDisputes(rows, { ...names, month: '2026-11' })).toEqual(unresolvedDisputes(rows, names));
  });
});

describe('screeningMonth', () => {
  it('is of now in the current month, and of the month’s end (China time) for a past one', () => {
    expect(screeningMonth(NOW)).toEqual({ month: '2026-11', start: '2026-10-31T16:00:00.000Z', asOf: NOW });
    expect(screeningMonth(NOW, '2026-10')).toEqual({ month: '2026-10', start: '2026-09-30T16:00:00.000Z', asOf: '2026-10-31T16:00:00.000Z' });
    expect(screeningMonth(NOW, '2025-12')).toEqual({ month: '2025-12', start: '2025-11-30T16:00:00.000Z', asOf: '2025-12-31T16:00:00.000Z' });
    // 1 December, 00:30 in China is still 30 November in UTC: December is the current month.
    expect(screeningMonth('2026-11-30T16:30:00.000Z').month).toBe('2026-12');
  });

  it('refuses a month to come', () => {
    expect(() => screeningMonth(NOW, '2026-12')).toThrow(RangeError);
  });
});

describe('filing a month’s list (排查存档)', () => {
  it('files, on 1 December in China, November — not the month now beginning', () => {
    expect(monthToFile('2026-11-30T16:05:00.000Z')).toBe('2026-11');
    expect(monthToFile('2026-11-30T15:55:00.000Z')).toBe('2026-10');
    expect(monthToFile('2027-01-01T00:00:00.000Z')).toBe('2026-12');
  });

  it('keeps the cases listed as of the month’s end, not those that fell due in the minutes since', () => {
    // 1 December, 00:15 in China: November's list.
    const filedAt = '2026-11-30T16:15:00.000Z';
    const dueJustAfter = row({ ledger: { receivedAt: '2026-10-01T01:00:00.000Z', unit: '330122-hrss', dueAt: '2026-11-30T16:10:00.000Z' } });
    // The 不满意 that reopened 000012, dated as ledgers now keep it.
    const dated = { ...reopened, ledger: { ...reopened.ledger, followUpAnsweredAt: '2026-11-10T02:00:00.000Z' } };
    const filed = rowsToFile([...rows.filter((r) => r !== reopened), dated, dueJustAfter], '2026-11', filedAt);
    expect(filed.map((r) => r.caseNumber).sort()).toEqual(['330122-2026-000010', '330122-2026-000011', '330122-2026-000012', '330122101-2026-000001']);
    // Read back later, the filed rows make the month's list as it stood: the case resolved since stays on it.
    expect(unresolvedDisputes(filed, { ...names, now: filedAt, month: '2026-11' }).totals).toMatchObject({ cases: 4, overdue: 3 });
  });

  it('refuses to file a month not yet over', () => {
    expect(() => rowsToFile(rows, '2026-11', NOW)).toThrow(RangeError);
  });
});

describe('unresolvedDisputesCsv', () => {
  const report: UnresolvedDisputesReport = {
    jurisdiction: { code: '330122', name: '桐庐县' },
    includeSubordinates: true,
    scope: 'jurisdiction',
    month: '2026-11',
    asOf: NOW,
    computedAt: NOW,
    basis: 'current',
    ...unresolvedDisputes(rows, names),
  };

  it('is one line per case with Chinese headings and China times, for Excel', () => {
    const csv = unresolvedDisputesCsv(report);
    const lines = csv.split('\r\n');
    expect(csv.startsWith('\uFEFF排查月份,案件编号,行政区划代码,行政区划,承办单位编号,承办单位,排查原因,本月新增,逾期天数,办理期限,')).toBe(true);
    expect(lines).toHaveLength(1 + 4 + 1);
    expect(lines[1]).toBe('2026-11,330122-2026-000011,330122,桐庐县,330122-housing,桐庐县住房和城乡建设局,超期未办结,是,3,2026年11月20日,2026年9月1日 09:00,办理中,来信,未分类,,否,否,是,,当前在办情况');
    expect(lines[2]).toContain(',回访不满意重新办理,否,,2027年1月20日,');
    expect(lines[2]!.endsWith(',复查,当前在办情况')).toBe(true);
    expect(lines[3]).toContain(',工资拖欠纠纷,是,');
  });

  it('says a past month’s list is the one filed at its end, and when it was filed', () => {
    const filed = unresolvedDisputesCsv({ ...report, month: '2026-10', basis: 'filed', filedAt: '2026-10-31T16:05:00.000Z' });
    expect(filed.split('\r\n')[1]!.endsWith(',月末存档（2026年11月1日 00:05存档）')).toBe(true);
    const rebuilt = unresolvedDisputesCsv({ ...report, month: '2026-10', basis: 'rebuilt' });
    expect(rebuilt.split('\r\n')[1]).toContain('据现有台账回溯');
  });

  it('keeps a subject from running as a formula', () => {
    const csv = unresolvedDisputesCsv({ ...report, items: [{ ...report.items[0]!, subject: '=HYPERLINK("x")' }] });
    expect(csv).toContain(`,"'=HYPERLINK(""x"")",`);
  });
});

/** A case its unit is working, and the unit's findings: the same road to a reply for each scenario below. */
const calendar = loadHolidayCalendar(new URL('../../config/holidays', import.meta.url).pathname);
const closingCtx = (parentOf: (code: string) => string | undefined) => (at: string) => ({ at, actor: 'tonglu-hrss-handler', settings: { base: DEFAULT_TIME_LIMITS }, calendar, followUpAfterDays: 7, parentOf });
const workingCase = (caseNumber: string, subject: string, name: string): Case => ({
  caseNumber,
  jurisdiction: '330122',
  receivingOffice: '330122',
  channel: 'letter',
  status: 'inProgress',
  subject,
  matter: `${subject}。`,
  petitioner: { anonymous: false, name },
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
});
const asRow = (c: Case): LedgerRow => ({ caseNumber: c.caseNumber, jurisdiction: c.jurisdiction, status: c.status, channel: c.channel, registeredAt: c.registeredAt, ledger: ledgerEntryOf(c) });

describe('a case through an unsatisfied follow-up', () => {
  const ctx = closingCtx(() => undefined);
  const working = workingCase('330122-2026-000321', '工资拖欠', '赵建国');
  const RESULT = { facts: '查明欠薪属实。', basis: '《保障农民工工资支付条例》。', decision: '责令支付。', outcome: 'supported' as const };

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

describe('a case whose answer the petitioner disputes (复查)', () => {
  const ctx = closingCtx((code) => (code === '330122' ? '330100' : undefined));
  const working = workingCase('330122-2026-000322', '征地补偿', '钱志明');
  const RESULT = { facts: '查明补偿已按标准发放。', basis: '《土地管理法》。', decision: '不予支持。', outcome: 'notSupported' as const };

  it('is listed as 复查 while the review awaits its decision, on the page and in the file', () => {
    const replied = reply(conclude(working, RESULT, ctx('2026-10-02T02:00:00.000Z')).case, { letterId: 'decision:1', delivery: 'post' }, ctx('2026-10-09T02:00:00.000Z')).case;
    const disputed = requestReview(replied, { reason: '补偿标准过低', requestedBy: 'petitioner' }, ctx('2026-11-02T02:00:00.000Z')).case;
    expect(disputed.status).toBe('underReview');
    const figures = unresolvedDisputes([asRow(disputed)], names);
    expect(figures.items[0]).toMatchObject({ reasons: ['underReview'], reviewLevel: 1 });
    const csv = unresolvedDisputesCsv({ jurisdiction: { code: '330122', name: '桐庐县' }, includeSubordinates: true, scope: 'jurisdiction', month: '2026-11', asOf: NOW, computedAt: NOW, basis: 'current', ...figures });
    expect(csv.split('\r\n')[1]!.endsWith(',复查,当前在办情况')).toBe(true);
    // The 复查 decided and a 复核 asked for: 复核, not the 复查 already decided.
    const reReview = { ...asRow(disputed), status: 'underReReview' as const, ledger: { ...asRow(disputed).ledger, reviewLevel: 1 as const, reviewAsked: 2 as const } };
    expect(unresolvedDisputes([reReview], names).items[0]!.reviewLevel).toBe(2);
  });
});
