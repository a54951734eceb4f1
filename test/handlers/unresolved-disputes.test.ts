import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { BatchGetCommand, DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { httpEvent, lambdaContext } from '../fixtures/http-event.js';
import { TEST_TABLE } from '../fixtures/handler-env.js';
import { JURISDICTION_SHARDS, jurisdictionStatusPartition, shardOf } from '../../shared/adapters/dynamodb/keys.js';
import type { LedgerEntry } from '../../shared/domain/ledger.js';
import { unresolvedReportSchema } from '../../functions/api/statistics-routes.js';
import { importApiHandler, type ApiHandler } from '../fixtures/api-handler.js';

// GET /statistics/unresolved through the API function, the index served by a mocked document client.
const dynamo = mockClient(DynamoDBDocumentClient);

let handler: ApiHandler;

beforeAll(async () => {
  handler = await importApiHandler('ERROR');
});

type IndexItem = Record<string, unknown> & { gsi1pk: string; gsi1sk: string };
let index: IndexItem[];

function indexed(c: {
  caseNumber: string;
  jurisdiction: string;
  status: string;
  channel?: string;
  category?: string;
  accusedUnits?: string[];
  recused?: { staffId: string; reason: string; by: string; at: string }[];
  ledger: Partial<LedgerEntry> & { receivedAt: string };
}): IndexItem {
  return {
    pk: `CASE#${c.caseNumber}`,
    sk: 'CASE',
    gsi1pk: jurisdictionStatusPartition(c.jurisdiction, c.status, shardOf(c.caseNumber, JURISDICTION_SHARDS)),
    gsi1sk: `${c.ledger.receivedAt}#${c.caseNumber}`,
    registeredAt: c.ledger.receivedAt,
    channel: 'letter',
    matter: '不应读到',
    ...c,
    ledger: { receivingOffice: c.jurisdiction, reviewLevel: 0, ...c.ledger },
  };
}

/** The index: equality on the partition (the list reads whole partitions), pages of `pageSize`. */
function serveIndex(pageSize = 100) {
  dynamo.on(QueryCommand).callsFake((input: QueryCommandInput) => {
    const matching = index.filter((item) => item.gsi1pk === input.ExpressionAttributeValues?.[':pk']).sort((a, b) => a.gsi1sk.localeCompare(b.gsi1sk));
    const after = input.ExclusiveStartKey?.gsi1sk as string | undefined;
    const rest = after ? matching.filter((item) => item.gsi1sk > after) : matching;
    const page = rest.slice(0, pageSize);
    const names = input.ProjectionExpression?.split(',').map((n) => input.ExpressionAttributeNames?.[n.trim()] ?? n.trim());
    return {
      Items: page.map((item) => (names ? Object.fromEntries(Object.entries(item).filter(([name]) => names.includes(name))) : item)),
      ...(rest.length > pageSize ? { LastEvaluatedKey: { pk: page.at(-1)!.pk, sk: 'CASE', gsi1pk: page.at(-1)!.gsi1pk, gsi1sk: page.at(-1)!.gsi1sk } } : {}),
    };
  });
}

beforeEach(() => {
  dynamo.reset();
  // Monday 23 November 2026, 10:00 in China.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-23T02:00:00Z'));
  index = [
    // Past its handling deadline (20 November) at the housing bureau.
    indexed({
      caseNumber: '330122-2026-000001',
      jurisdiction: '330122',
      status: 'inProgress',
      category: 'dispute',
      ledger: { receivedAt: '2026-08-03T01:00:00.000Z', unit: '330122-housing', dueAt: '2026-11-20T16:00:00.000Z', subject: '城南小区楼顶漏水' },
    }),
    // Reopened after "not satisfied", its new period still running, at the human-resources bureau.
    indexed({
      caseNumber: '330122-2026-000002',
      jurisdiction: '330122',
      status: 'inProgress',
      ledger: { receivedAt: '2026-05-03T01:00:00.000Z', unit: '330122-hrss', dueAt: '2027-01-20T16:00:00.000Z', satisfied: false, subject: '工资拖欠' },
    }),
    // A report against the housing bureau, overdue: the bureau may neither see it nor count it.
    indexed({
      caseNumber: '330122-2026-000003',
      jurisdiction: '330122',
      status: 'assigned',
      category: 'report',
      accusedUnits: ['330122-housing'],
      ledger: { receivedAt: '2026-09-06T01:00:00.000Z', unit: '330122-housing', dueAt: '2026-11-10T16:00:00.000Z', subject: '某局工作人员收受好处' },
    }),
    // Overdue in a township; the petitions office's principal leader is recused from it.
    indexed({
      caseNumber: '330122101-2026-000001',
      jurisdiction: '330122101',
      status: 'registered',
      recused: [{ staffId: 'tonglu-leader-principal', reason: '近亲属', by: 'tonglu-office', at: '2026-10-02T01:00:00.000Z' }],
      ledger: { receivedAt: '2026-10-01T01:00:00.000Z', dueAt: '2026-10-16T16:00:00.000Z', collective: true },
    }),
    // Not yet due, and an answered case past its old deadline: not on the list.
    indexed({ caseNumber: '330122-2026-000004', jurisdiction: '330122', status: 'inProgress', ledger: { receivedAt: '2026-11-02T01:00:00.000Z', unit: '330122-hrss', dueAt: '2026-12-30T16:00:00.000Z' } }),
    indexed({ caseNumber: '330122-2026-000005', jurisdiction: '330122', status: 'replied', ledger: { receivedAt: '2026-06-02T01:00:00.000Z', unit: '330122-hrss', dueAt: '2026-08-30T16:00:00.000Z' } }),
    // The neighbouring county's overdue case.
    indexed({ caseNumber: '330127-2026-000001', jurisdiction: '330127', status: 'inProgress', ledger: { receivedAt: '2026-08-11T01:00:00.000Z', dueAt: '2026-11-01T16:00:00.000Z' } }),
  ];
  serveIndex();
});
afterEach(() => vi.useRealTimers());

const call = async (staffId: string, query: Record<string, string>) => {
  const result = await handler(httpEvent({ method: 'GET', path: '/statistics/unresolved', staffId, query }), lambdaContext);
  return { status: result.statusCode, headers: result.headers ?? {}, text: result.body ?? '' };
};
const callJson = async (staffId: string, query: Record<string, string>) => {
  const { status, text } = await call(staffId, query);
  return { status, body: JSON.parse(text) };
};
const numbers = (body: { items: { caseNumber: string }[] }) => body.items.map((i) => i.caseNumber);

describe('GET /statistics/unresolved: the query', () => {
  it.each([
    [{}, 'query.jurisdiction', 'required: give a text'],
    [{ jurisdiction: '3301' }, 'query.jurisdiction', 'must be a 6-digit division code (9 digits for a township)'],
    [{ jurisdiction: '330122', format: 'xlsx' }, 'query.format', 'must be json or csv'],
    [{ jurisdiction: '330122', includeSubordinates: 'yes' }, 'query.includeSubordinates', 'must be true or false'],
    [{ jurisdiction: '330122', month: '2026-13' }, 'query.month', 'must be a month YYYY-MM, e.g. 2026-11'],
    [{ jurisdiction: '330122', month: '2026-10-01' }, 'query.month', 'must be a month YYYY-MM, e.g. 2026-11'],
    [{ jurisdiction: '330122', month: '0099-10' }, 'query.month', 'is not a calendar month'],
    // Monday 23 November 2026: December is still to come.
    [{ jurisdiction: '330122', month: '2026-12' }, 'query.month', 'must not be after the current month (2026-11)'],
  ])('refuses %j, naming the parameter, before reading anything', async (query, path, message) => {
    const response = await callJson('tonglu-office', query as Record<string, string>);
    expect(response.status).toBe(400);
    expect(response.body.error.issues).toContainEqual(expect.objectContaining({ path, message }));
    expect(dynamo.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it('refuses a parameter it does not know, by name', async () => {
    const response = await callJson('tonglu-office', { jurisdiction: '330122', period: '2026-11' });
    expect(response.status).toBe(400);
    expect(response.body.error.issues).toContainEqual(expect.objectContaining({ path: 'query.period' }));
  });

  it('answers 404 for a jurisdiction that is not configured and 403 for another county’s staff', async () => {
    expect((await callJson('zj-office', { jurisdiction: '330199' })).status).toBe(404);
    expect((await callJson('chunan-office', { jurisdiction: '330122' })).status).toBe(403);
    expect(dynamo.commandCalls(QueryCommand)).toHaveLength(0);
  });
});

describe('GET /statistics/unresolved: the list', () => {
  it('lists the county’s and its townships’ overdue and reopened cases, by jurisdiction and unit, reading only open statuses', async () => {
    const response = await callJson('tonglu-office', { jurisdiction: '330122' });
    expect(response.status).toBe(200);
    const report = unresolvedReportSchema.parse(response.body);
    expect(report).toMatchObject({
      jurisdiction: { code: '330122', name: '桐庐县' },
      scope: 'jurisdiction',
      month: '2026-11',
      asOf: '2026-11-23T02:00:00.000Z',
      computedAt: '2026-11-23T02:00:00.000Z',
    });
    expect(numbers(report)).toEqual(['330122-2026-000003', '330122-2026-000001', '330122-2026-000002', '330122101-2026-000001']);
    expect(report.totals).toEqual({ cases: 4, overdue: 3, unsatisfied: 1, underReview: 0, newThisMonth: 2 });
    expect(report.byJurisdiction.filter((c) => c.count > 0)).toEqual([
      { key: '330122', label: '桐庐县', count: 3 },
      { key: '330122101', label: '富春江镇', count: 1 },
    ]);
    expect(report.items[1]).toMatchObject({ unit: { code: '330122-housing', name: '桐庐县住房和城乡建设局' }, reasons: ['overdue'], daysOverdue: 3, subject: '城南小区楼顶漏水' });
    expect(report.items[2]).toMatchObject({ unit: { code: '330122-hrss' }, reasons: ['unsatisfied'] });

    const queries = dynamo.commandCalls(QueryCommand).map((c) => c.args[0].input);
    // 3 jurisdictions × 7 open statuses × 4 shards, each whole partition.
    expect(queries).toHaveLength(3 * 7 * JURISDICTION_SHARDS);
    expect(queries[0]).toMatchObject({ TableName: TEST_TABLE, IndexName: 'byJurisdictionStatus', KeyConditionExpression: 'gsi1pk = :pk' });
    expect(queries.some((q) => String(q.ExpressionAttributeValues![':pk']).includes('#replied#'))).toBe(false);
    expect(queries[0]!.ProjectionExpression).not.toContain('matter');
  });

  it('lets the city see its counties, and pages through every partition', async () => {
    serveIndex(1);
    const response = await callJson('hz-office', { jurisdiction: '330100' });
    expect(response.status).toBe(200);
    expect(numbers(response.body)).toContain('330127-2026-000001');
    expect(response.body.totals.cases).toBe(5);
  });

  it('keeps to the jurisdiction itself without its subordinates when asked', async () => {
    const response = await callJson('tonglu-office', { jurisdiction: '330122', includeSubordinates: 'false' });
    expect(numbers(response.body)).not.toContain('330122101-2026-000001');
    expect(response.body.byJurisdiction).toEqual([{ key: '330122', label: '桐庐县', count: 3 }]);
  });

  it('shows a unit its own cases only, never a report against it, not even as a count', async () => {
    const response = await callJson('tonglu-housing-handler', { jurisdiction: '330122' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ scope: 'unit', unit: { code: '330122-housing' } });
    expect(numbers(response.body)).toEqual(['330122-2026-000001']);
    expect(response.body.totals).toEqual({ cases: 1, overdue: 1, unsatisfied: 0, underReview: 0, newThisMonth: 1 });
    expect(response.body.byUnit).toEqual([
      { key: '330122-housing', label: '桐庐县住房和城乡建设局', count: 1 },
      { key: 'none', label: '未确定承办单位', count: 0 },
    ]);
    expect(JSON.stringify(response.body)).not.toContain('收受好处');
  });

  it('does not show a case to staff recused from it', async () => {
    const response = await callJson('tonglu-leader-principal', { jurisdiction: '330122' });
    expect(response.status).toBe(200);
    expect(numbers(response.body)).not.toContain('330122101-2026-000001');
    expect(response.body.totals.cases).toBe(3);
  });
});

describe('GET /statistics/unresolved: 本月新增 and last month’s screening', () => {
  // Received on 2 November by phone and not accepted within its 15 days (due 17 November).
  const receivedThisMonth = () =>
    indexed({ caseNumber: '330122-2026-000006', jurisdiction: '330122', status: 'registered', channel: 'phone', ledger: { receivedAt: '2026-11-02T01:00:00.000Z', dueAt: '2026-11-17T16:00:00.000Z' } });
  // Its decision disputed before the city (复查) since 12 October.
  const underReviewSinceOctober = () =>
    indexed({
      caseNumber: '330122-2026-000007',
      jurisdiction: '330122',
      status: 'underReview',
      ledger: { receivedAt: '2026-07-01T01:00:00.000Z', unit: '330122-hrss', concludedAt: '2026-09-01T01:00:00.000Z', review: { level: 1, jurisdiction: '330100', requestedAt: '2026-10-12T01:00:00.000Z' }, dueAt: '2026-11-27T16:00:00.000Z' },
    });

  it('counts a case received this month as 本月新增, and one under review since October as carried over', async () => {
    index.push(receivedThisMonth(), underReviewSinceOctober());
    const response = await callJson('tonglu-office', { jurisdiction: '330122' });
    const item = (n: string) => response.body.items.find((i: { caseNumber: string }) => i.caseNumber === n);
    expect(item('330122-2026-000006')).toMatchObject({ reasons: ['overdue'], newThisMonth: true });
    expect(item('330122-2026-000007')).toMatchObject({ reasons: ['underReview'], newThisMonth: false });
    expect(response.body.totals).toMatchObject({ cases: 6, underReview: 1, newThisMonth: 3 });
  });

  it('gives October’s list again with month=2026-10: the cases the ledger shows were unresolved at its end', async () => {
    index.push(receivedThisMonth(), underReviewSinceOctober());
    const response = await callJson('tonglu-office', { jurisdiction: '330122', month: '2026-10' });
    expect(response.status).toBe(200);
    const report = unresolvedReportSchema.parse(response.body);
    // As of midnight after 31 October in China, computed now.
    expect(report).toMatchObject({ month: '2026-10', asOf: '2026-10-31T16:00:00.000Z', computedAt: '2026-11-23T02:00:00.000Z' });
    // Not the cases overdue only since November, nor the one received in November, nor the reopening the ledger cannot date.
    expect(numbers(report)).toEqual(['330122-2026-000007', '330122101-2026-000001']);
    expect(report.items[0]).toMatchObject({ reasons: ['underReview'], newThisMonth: true });
    // Due 16 October: 15 days overdue at the end of October, and new in it.
    expect(report.items[1]).toMatchObject({ reasons: ['overdue'], daysOverdue: 15, newThisMonth: true });
    expect(report.totals).toEqual({ cases: 2, overdue: 1, unsatisfied: 0, underReview: 1, newThisMonth: 2 });

    const csv = await call('tonglu-office', { jurisdiction: '330122', month: '2026-10', format: 'csv' });
    expect(csv.headers['content-disposition']).toBe('attachment; filename="unresolved-330122-2026-10.csv"');
    expect(csv.text.split('\r\n').filter((l) => l.startsWith('2026-10,'))).toHaveLength(2);
  });

  /** October's list as the sweep filed it on 1 November (排查存档), under the key the index fake serves by. */
  function filedOctober(jurisdiction: string, rows: IndexItem[], filedAt = '2026-10-31T16:05:00.000Z') {
    const pk = `SCREENING#${jurisdiction}#2026-10`;
    const item = (sk: string, rest: Record<string, unknown>): IndexItem => ({ pk, sk, gsi1pk: pk, gsi1sk: sk, ...rest });
    // An unfinished earlier filing left a row behind: not read.
    index.push(item('ROW#2026-10-31T16:01:00.000Z#330122-2026-000099', { row: { ...rows[0], caseNumber: '330122-2026-000099' } }));
    index.push(...rows.map((row) => item(`ROW#${filedAt}#${row.caseNumber as string}`, { row: { ...row, gsi1pk: undefined } })));
    index.push(item('FILED', { filedAt, cases: rows.length }));
  }

  it('gives October’s list as filed at its end: a case answered since is still on it, as it stood then', async () => {
    // On 31 October 000008 was past its deadline at the housing bureau; it has been answered since.
    const answeredSince = indexed({
      caseNumber: '330122-2026-000008',
      jurisdiction: '330122',
      status: 'inProgress',
      ledger: { receivedAt: '2026-08-01T01:00:00.000Z', unit: '330122-housing', dueAt: '2026-10-20T16:00:00.000Z', subject: '物业费纠纷' },
    });
    filedOctober('330122', [answeredSince, underReviewSinceOctober()]);
    dynamo.on(BatchGetCommand).resolves({ Responses: {} });
    const response = await callJson('tonglu-office', { jurisdiction: '330122', month: '2026-10', includeSubordinates: 'false' });
    const report = unresolvedReportSchema.parse(response.body);
    expect(report).toMatchObject({ basis: 'filed', filedAt: '2026-10-31T16:05:00.000Z', asOf: '2026-10-31T16:00:00.000Z' });
    expect(numbers(report)).toEqual(['330122-2026-000008', '330122-2026-000007']);
    expect(report.items[0]).toMatchObject({ status: 'inProgress', reasons: ['overdue'], daysOverdue: 11, subject: '物业费纠纷' });
    // A unit sees its own cases of the filed list only.
    const unit = await callJson('tonglu-housing-handler', { jurisdiction: '330122', month: '2026-10', includeSubordinates: 'false' });
    expect(numbers(unit.body)).toEqual(['330122-2026-000008']);
    const csv = await call('tonglu-office', { jurisdiction: '330122', month: '2026-10', includeSubordinates: 'false', format: 'csv' });
    expect(csv.text.split('\r\n')[1]!.endsWith(',月末存档（2026年11月1日 00:05存档）')).toBe(true);
  });

  it('reads a filed list under today’s confidentiality: a unit a report was found since to accuse no longer sees it there', async () => {
    const report = indexed({
      caseNumber: '330122-2026-000009',
      jurisdiction: '330122',
      status: 'inProgress',
      ledger: { receivedAt: '2026-08-01T01:00:00.000Z', unit: '330122-housing', dueAt: '2026-10-20T16:00:00.000Z', subject: '举报材料' },
    });
    filedOctober('330122', [report]);
    // On 5 November the office recorded the housing bureau as the unit the report accuses.
    dynamo.on(BatchGetCommand).resolves({
      Responses: { [TEST_TABLE]: [{ caseNumber: '330122-2026-000009', accusedUnits: ['330122-housing'], recused: [{ staffId: 'tonglu-housing-head' }], ledger: {} }] },
    });
    const unit = await callJson('tonglu-housing-handler', { jurisdiction: '330122', month: '2026-10', includeSubordinates: 'false' });
    expect(unit.body).toMatchObject({ basis: 'filed', totals: { cases: 0 } });
    const office = await callJson('tonglu-office', { jurisdiction: '330122', month: '2026-10', includeSubordinates: 'false' });
    expect(numbers(office.body)).toEqual(['330122-2026-000009']);
    const keys = dynamo.commandCalls(BatchGetCommand)[0]!.args[0].input.RequestItems![TEST_TABLE]!.Keys;
    expect(keys).toEqual([{ pk: 'CASE#330122-2026-000009', sk: 'CASE' }]);
  });

  it('rebuilds the month when a jurisdiction asked for has no filing, and says so', async () => {
    index.push(underReviewSinceOctober());
    filedOctober('330122', [underReviewSinceOctober()]);
    // The townships below the county were not filed: the whole list is rebuilt from the cases open now.
    const response = await callJson('tonglu-office', { jurisdiction: '330122', month: '2026-10' });
    expect(response.body).toMatchObject({ basis: 'rebuilt' });
    expect(response.body.filedAt).toBeUndefined();
    expect(numbers(response.body)).toEqual(['330122-2026-000007', '330122101-2026-000001']);
    expect((await callJson('tonglu-office', { jurisdiction: '330122' })).body).toMatchObject({ basis: 'current' });
  });

  it('answers the current month’s list for month= the current month', async () => {
    const current = await callJson('tonglu-office', { jurisdiction: '330122', month: '2026-11' });
    const plain = await callJson('tonglu-office', { jurisdiction: '330122' });
    expect(current.body).toEqual(plain.body);
  });
});

describe('GET /statistics/unresolved?format=csv', () => {
  it('answers a CSV attachment named by jurisdiction and month, one line per case', async () => {
    const response = await call('tonglu-office', { jurisdiction: '330122', format: 'csv' });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="unresolved-330122-2026-11.csv"');
    const lines = response.text.split('\r\n');
    expect(lines[0]!.startsWith('\uFEFF排查月份,案件编号,')).toBe(true);
    expect(lines.filter((l) => l.startsWith('2026-11,'))).toHaveLength(4);
    expect(response.text).toContain('2026-11,330122-2026-000001,330122,桐庐县,330122-housing,桐庐县住房和城乡建设局,超期未办结,是,3,2026年11月20日,');
  });

  it('keeps the unit’s scope in the file', async () => {
    const response = await call('tonglu-housing-handler', { jurisdiction: '330122', format: 'csv' });
    expect(response.text).not.toContain('330122-2026-000003');
    expect(response.text.split('\r\n').filter((l) => l.startsWith('2026-11,'))).toHaveLength(1);
  });
});
