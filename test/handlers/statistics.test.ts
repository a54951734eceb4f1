import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { BatchGetCommand, DynamoDBDocumentClient, QueryCommand, type BatchGetCommandInput, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { httpEvent, lambdaContext } from '../fixtures/http-event.js';
import { TEST_TABLE } from '../fixtures/handler-env.js';
import { handedOnPartition, JURISDICTION_SHARDS, jurisdictionStatusPartition, shardOf } from '../../shared/adapters/dynamodb/keys.js';
import { handedOnItem } from '../../shared/adapters/dynamodb/case-store.js';
import type { LedgerEntry } from '../../shared/domain/ledger.js';
import { importApiHandler, type ApiHandler } from '../fixtures/api-handler.js';
import { statisticsReportSchema } from '../../functions/api/statistics-routes.js';

// The ledger store talks through the document client, so that is what is mocked.
const dynamo = mockClient(DynamoDBDocumentClient);

let handler: ApiHandler;

beforeAll(async () => {
  handler = await importApiHandler('ERROR');
});

/** Index items of the `byJurisdictionStatus` index, as the case store writes them. */
type IndexItem = Record<string, unknown> & { gsi1pk: string; gsi1sk: string };
let index: IndexItem[];

function indexed(c: { caseNumber: string; jurisdiction: string; status: string; channel: string; category?: string; accusedUnits?: string[]; ledger: Partial<LedgerEntry> & { receivedAt: string } }): IndexItem {
  const registeredAt = c.ledger.receivedAt;
  return {
    pk: `CASE#${c.caseNumber}`,
    sk: 'CASE',
    gsi1pk: jurisdictionStatusPartition(c.jurisdiction, c.status, shardOf(c.caseNumber, JURISDICTION_SHARDS)),
    gsi1sk: `${registeredAt}#${c.caseNumber}`,
    registeredAt,
    subject: '不应读到',
    ...c,
    ledger: { receivingOffice: c.jurisdiction, reviewLevel: 0, ...c.ledger },
  };
}

/** 交办转送 entries (byUnit, `HANDEDON#<office>`), as the case store writes them for cases held away from their receiving office. */
let handedOnEntries: Record<string, unknown>[];

/** A stand-in for the indexes: equality on the partition, the sort key from `:from` on, pages of `pageSize`; and the cases by key. */
function serveIndex(pageSize = 100) {
  dynamo.on(BatchGetCommand).callsFake((input: BatchGetCommandInput) => {
    const [table, request] = Object.entries(input.RequestItems ?? {})[0]!;
    const wanted = new Set((request.Keys ?? []).map((key) => String(key.pk)));
    const names = (request.ProjectionExpression ?? '').split(',').map((n) => request.ExpressionAttributeNames?.[n.trim()] ?? n.trim());
    const items = index.filter((item) => wanted.has(String(item.pk))).map((item) => Object.fromEntries(Object.entries(item).filter(([name]) => names.includes(name))));
    return { Responses: { [table]: items } };
  });
  dynamo.on(QueryCommand).callsFake((input: QueryCommandInput) => {
    const values = input.ExpressionAttributeValues ?? {};
    if (input.IndexName === 'byUnit') {
      const entries = handedOnEntries.filter((e) => e.gsi2pk === values[':pk'] && String(e.gsi2sk) >= String(values[':from']) && String(e.gsi2sk) <= String(values[':to']));
      return { Items: entries.map((e) => project(e as IndexItem, input)) };
    }
    const matching = index
      .filter((item) => item.gsi1pk === values[':pk'] && item.gsi1sk >= values[':from'] && (values[':to'] === undefined || item.gsi1sk <= values[':to']))
      .sort((a, b) => a.gsi1sk.localeCompare(b.gsi1sk));
    const after = input.ExclusiveStartKey?.gsi1sk as string | undefined;
    const rest = after ? matching.filter((item) => item.gsi1sk > after) : matching;
    const page = rest.slice(0, pageSize);
    const more = rest.length > pageSize;
    return {
      Items: page.map((item) => project(item, input)),
      ...(more ? { LastEvaluatedKey: { pk: page.at(-1)!.pk, sk: 'CASE', gsi1pk: page.at(-1)!.gsi1pk, gsi1sk: page.at(-1)!.gsi1sk } } : {}),
    };
  });
}

function project(item: Record<string, unknown>, input: QueryCommandInput): Record<string, unknown> {
  const names = (input.ProjectionExpression ?? '').split(',').map((n) => input.ExpressionAttributeNames?.[n.trim()] ?? n.trim());
  return Object.fromEntries(Object.entries(item).filter(([name]) => names.includes(name)));
}

beforeEach(() => {
  dynamo.reset();
  handedOnEntries = [];
  // Monday 23 November 2026, 10:00 in China.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-23T02:00:00Z'));
  index = [
    indexed({
      caseNumber: '330122-2026-000001',
      jurisdiction: '330122',
      status: 'closed',
      channel: 'letter',
      category: 'complaint',
      ledger: {
        receivedAt: '2026-03-02T01:00:00.000Z',
        unit: '330122-housing',
        acceptedAt: '2026-03-03T01:00:00.000Z',
        concludedAt: '2026-03-23T01:00:00.000Z',
        onTime: true,
        outcome: 'supported',
        subject: '城南小区楼顶漏水',
      },
    }),
    indexed({
      caseNumber: '330122-2026-000002',
      jurisdiction: '330122',
      status: 'assigned',
      channel: 'phone',
      ledger: { receivedAt: '2026-11-05T01:00:00.000Z', unit: '330122-hrss', acceptedAt: '2026-11-05T02:00:00.000Z', dueAt: '2026-11-20T16:00:00.000Z' },
    }),
    // A report against the housing bureau that (wrongly) sits with it: the bureau may not even count it.
    indexed({
      caseNumber: '330122-2026-000003',
      jurisdiction: '330122',
      status: 'assigned',
      channel: 'letter',
      category: 'report',
      accusedUnits: ['330122-housing'],
      ledger: { receivedAt: '2026-11-06T01:00:00.000Z', unit: '330122-housing', acceptedAt: '2026-11-06T02:00:00.000Z' },
    }),
    indexed({
      caseNumber: '330122101-2026-000001',
      jurisdiction: '330122101',
      status: 'registered',
      channel: 'visit',
      ledger: { receivedAt: '2026-11-10T01:00:00.000Z', collective: true },
    }),
    // Received on 31 December in China, registered on 2 January: counted in 2025.
    indexed({ caseNumber: '330122-2025-000099', jurisdiction: '330122', status: 'registered', channel: 'letter', ledger: { receivedAt: '2025-12-31T09:00:00.000Z' } }),
    // The neighbouring county's case.
    indexed({ caseNumber: '330127-2026-000001', jurisdiction: '330127', status: 'registered', channel: 'email', ledger: { receivedAt: '2026-11-11T01:00:00.000Z' } }),
  ];
  index[4]!.gsi1sk = `2026-01-02T01:00:00.000Z#330122-2025-000099`;
  // Received in November 2025, concluded in January 2026: 2025's case, and 2026's work.
  index.push(
    indexed({
      caseNumber: '330122-2025-000090',
      jurisdiction: '330122',
      status: 'replied',
      channel: 'email',
      ledger: { receivedAt: '2025-11-20T01:00:00.000Z', unit: '330122-housing', acceptedAt: '2025-11-21T01:00:00.000Z', concludedAt: '2026-01-10T01:00:00.000Z', onTime: true, outcome: 'partlySupported' },
    }),
  );
  serveIndex();
});
afterEach(() => vi.useRealTimers());

const YEAR = { jurisdiction: '330122', from: '2026-01-01', to: '2026-12-31' };

const call = async (staffId: string, query: Record<string, string>) => {
  const result = await handler(httpEvent({ method: 'GET', path: '/statistics', staffId, query }), lambdaContext);
  return { status: result.statusCode, headers: result.headers ?? {}, text: result.body ?? '' };
};
const callJson = async (staffId: string, query: Record<string, string>) => {
  const { status, headers, text } = await call(staffId, query);
  return { status, headers, body: JSON.parse(text) };
};
const countOf = (list: { key: string; count: number }[], key: string) => list.find((c) => c.key === key)?.count;

describe('GET /statistics: the query', () => {
  it.each([
    [{ jurisdiction: '330122', to: '2026-12-31' }, 'query.from', 'from is required: a China date YYYY-MM-DD'],
    [{ ...YEAR, from: '2026/01/01' }, 'query.from', 'must be a China date YYYY-MM-DD, e.g. 2026-01-01'],
    [{ ...YEAR, to: '2026-02-30' }, 'query.to', 'is not a calendar date'],
    [{ ...YEAR, from: '2027-01-01' }, 'query.to', 'must not be before from (2027-01-01)'],
    [{ ...YEAR, from: '2021-12-31' }, 'query.to', 'the period is at most 5 years: to must be before 2026-12-31'],
    [{ ...YEAR, granularity: 'week' }, 'query.granularity', 'must be one of month, quarter, year'],
    [{ ...YEAR, format: 'xlsx' }, 'query.format', 'must be json or csv'],
    [{ ...YEAR, includeSubordinates: 'yes' }, 'query.includeSubordinates', 'must be true or false'],
    [{ ...YEAR, jurisdiction: '3301' }, 'query.jurisdiction', 'must be a 6-digit division code (9 digits for a township)'],
  ])('refuses %j, naming the parameter', async (query, path, message) => {
    const response = await callJson('tonglu-office', query as Record<string, string>);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('InvalidInput');
    expect(response.body.error.issues).toContainEqual(expect.objectContaining({ path, message }));
    expect(dynamo.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it('says in Chinese that a date that does not exist (30 February) is not one', async () => {
    const response = await callJson('tonglu-office', { ...YEAR, to: '2026-02-30' });
    expect(response.status).toBe(400);
    expect(response.body.error.issues).toContainEqual(expect.objectContaining({ path: 'query.to', messageZh: '日期不存在：2026-02-30，请填写日历上有的日期' }));
  });

  it('takes five whole years', async () => {
    expect((await callJson('tonglu-office', { ...YEAR, from: '2022-01-01' })).status).toBe(200);
  });

  it('answers 404 for a jurisdiction that is not configured', async () => {
    expect((await callJson('zj-office', { ...YEAR, jurisdiction: '330199' })).status).toBe(404);
  });
});

describe('GET /statistics: the figures', () => {
  it('reads every status and shard of the county and its townships over the registration range, and counts by receipt', async () => {
    const response = await callJson('tonglu-office', { ...YEAR, granularity: 'quarter' });
    expect(response.status).toBe(200);
    const report = response.body;
    // The shape the OpenAPI document (and so the console's types) promises.
    expect(statisticsReportSchema.safeParse(report).error).toBeUndefined();
    expect(report).toMatchObject({
      jurisdiction: { code: '330122', name: '桐庐县' },
      includeSubordinates: true,
      scope: 'jurisdiction',
      period: { from: '2026-01-01', to: '2026-12-31', granularity: 'quarter' },
      asOf: '2026-11-23T02:00:00.000Z',
    });
    expect(report.totals).toMatchObject({ received: 4, accepted: 3, concluded: 1, overdue: 1, collective: 1 });
    expect(report.byPeriod).toEqual([
      { key: '2026-Q1', label: '2026年第1季度', count: 1 },
      { key: '2026-Q2', label: '2026年第2季度', count: 0 },
      { key: '2026-Q3', label: '2026年第3季度', count: 0 },
      { key: '2026-Q4', label: '2026年第4季度', count: 3 },
    ]);
    expect(countOf(report.byJurisdiction, '330122101')).toBe(1);
    expect(report.byJurisdiction.map((j: { key: string }) => j.key)).toEqual(['330122', '330122101', '330122109']);
    expect(report.rates.onTime).toEqual({ rate: 1, numerator: 1, denominator: 1 });
    expect(report.averageHandlingDays).toEqual({ days: 20, cases: 1 });
    // What was done in 2026, whenever received: the case of November 2025 concluded in January is 2026's work.
    expect(report.activity).toEqual({
      accepted: 3,
      concluded: 2,
      concludedFromEarlier: 1,
      closed: 0,
      onTime: { rate: 1, numerator: 2, denominator: 2 },
      averageHandlingDays: { days: 35, cases: 2 },
      lookBackDays: 366,
    });

    const all = dynamo.commandCalls(QueryCommand).map((c) => c.args[0].input);
    const queries = all.filter((q) => q.IndexName === 'byJurisdictionStatus');
    // 3 jurisdictions × 13 statuses × 4 shards; the year covers the hot-topic months, so one range.
    expect(queries).toHaveLength(3 * 13 * JURISDICTION_SHARDS);
    // And each office's 交办转送 entries, over the same registrations: nothing else.
    expect(all.filter((q) => q.IndexName === 'byUnit').map((q) => q.ExpressionAttributeValues![':pk'])).toEqual(['330122', '330122101', '330122109'].map(handedOnPartition));
    expect(all).toHaveLength(queries.length + 3);
    // None is held outside the county: no case is read by key.
    expect(dynamo.commandCalls(BatchGetCommand)).toHaveLength(0);
    expect(new Set(queries.map((q) => q.ExpressionAttributeValues![':pk'])).size).toBe(queries.length);
    expect(queries[0]).toMatchObject({
      TableName: TEST_TABLE,
      IndexName: 'byJurisdictionStatus',
      // Registered from a year and a day before 1 January 2026 00:00 in China (the activity figures look back a year) to a year
      // after the period: a petition registered late counts in the period it was received.
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': expect.any(String), ':from': '2024-12-29T16:00:00.000Z', ':to': '2028-01-01T16:00:00.000Z' },
    });
    // Lean reads: the ledger and what the figures count by, never the rest of the summary.
    expect(queries[0]!.ProjectionExpression).not.toContain('subject');
  });

  it('reads from the year before a past year’s period to a year after it: its hot topics are of its own December', async () => {
    const response = await callJson('tonglu-office', { ...YEAR, from: '2025-01-01', to: '2025-12-31', includeSubordinates: 'false' });
    const ranges = new Set(dynamo.commandCalls(QueryCommand).map((c) => `${c.args[0].input.ExpressionAttributeValues![':from']}..${c.args[0].input.ExpressionAttributeValues![':to']}`));
    expect([...ranges]).toEqual(['2023-12-30T16:00:00.000Z..2027-01-01T16:00:00.000Z']);
    expect(response.body.hotTopics).toMatchObject({ month: '2025-12', previousMonth: '2025-11' });
  });

  it('counts a letter registered months after it arrived in the month it arrived, whenever the report is asked for', async () => {
    // Received on 20 August, found and registered on 20 November: the index holds it under its registration.
    index.push({
      ...indexed({ caseNumber: '330122-2026-000050', jurisdiction: '330122', status: 'registered', channel: 'letter', ledger: { receivedAt: '2026-08-20T01:00:00.000Z' } }),
      gsi1sk: '2026-11-20T01:00:00.000Z#330122-2026-000050',
      registeredAt: '2026-11-20T01:00:00.000Z',
    });
    const august = await callJson('tonglu-office', { jurisdiction: '330122', from: '2026-08-01', to: '2026-08-31', includeSubordinates: 'false' });
    expect(august.body.totals.received).toBe(1);
    const q3 = await callJson('tonglu-office', { jurisdiction: '330122', from: '2026-07-01', to: '2026-09-30', granularity: 'month', includeSubordinates: 'false' });
    expect(q3.body.byPeriod).toEqual([
      { key: '2026-07', label: '2026年7月', count: 0 },
      { key: '2026-08', label: '2026年8月', count: 1 },
      { key: '2026-09', label: '2026年9月', count: 0 },
    ]);
  });

  it('pages through every partition to the end', async () => {
    for (let i = 10; i < 25; i++) {
      index.push(indexed({ caseNumber: `330122-2026-0000${i}`, jurisdiction: '330122', status: 'registered', channel: 'web', ledger: { receivedAt: `2026-06-${i}T01:00:00.000Z` } }));
    }
    serveIndex(2);
    const response = await callJson('tonglu-office', { ...YEAR, includeSubordinates: 'false' });
    expect(response.body.totals.received).toBe(3 + 15);
    expect(dynamo.commandCalls(QueryCommand).some((c) => c.args[0].input.ExclusiveStartKey !== undefined)).toBe(true);
  });

  it('lets the city see its counties', async () => {
    const response = await callJson('hz-office', { ...YEAR, jurisdiction: '330100' });
    expect(response.status).toBe(200);
    expect(response.body.totals.received).toBe(5);
    expect(countOf(response.body.byJurisdiction, '330127')).toBe(1);
    expect(countOf(response.body.byJurisdiction, '330122')).toBe(3);
  });

  it('refuses another county’s staff with 403, before reading anything', async () => {
    const response = await callJson('chunan-office', YEAR);
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('OutOfScope');
    expect(dynamo.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it('shows a unit’s staff only their unit’s cases, and never a report against the unit', async () => {
    const response = await callJson('tonglu-housing-handler', YEAR);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ scope: 'unit', unit: { code: '330122-housing', name: '桐庐县住房和城乡建设局' } });
    expect(response.body.totals.received).toBe(1);
    expect(response.body.byUnit).toEqual([
      { key: '330122-housing', label: '桐庐县住房和城乡建设局', count: 1 },
      { key: 'none', label: '未确定承办单位', count: 0 },
    ]);
    expect(countOf(response.body.byCategory, 'report')).toBe(0);
  });
  it('never counts a report against a government for that government’s staff, while the level above counts it', async () => {
    // A report against the county's government, still held in the county (moved up later): its office may not learn of it, even as a count.
    index.push(
      indexed({ caseNumber: '330122-2026-000040', jurisdiction: '330122', status: 'registered', channel: 'email', category: 'report', ledger: { receivedAt: '2026-11-12T01:00:00.000Z', accusedPlaces: ['330122'] } }),
    );
    const county = await callJson('tonglu-office', { ...YEAR, includeSubordinates: 'false' });
    expect(county.status).toBe(200);
    expect(countOf(county.body.byCategory, 'report')).toBe(1);
    const city = await callJson('hz-office', { ...YEAR, jurisdiction: '330100' });
    expect(countOf(city.body.byCategory, 'report')).toBe(2);
  });
});

describe('GET /statistics: what a city’s desk registered and handed down to a county', () => {
  /** Written to 杭州市信访局 about 桐庐县 and handed down (交办): the county holds it and concluded it on time. */
  const handedDown = (overrides: { caseNumber?: string; accusedPlaces?: string[]; receivingOffice?: string } = {}) =>
    indexed({
      caseNumber: overrides.caseNumber ?? '330100-2026-000007',
      jurisdiction: '330122',
      status: 'replied',
      channel: 'letter',
      category: 'complaint',
      ledger: {
        receivedAt: '2026-06-01T01:00:00.000Z',
        receivingOffice: overrides.receivingOffice ?? '330100',
        unit: '330122-housing',
        acceptedAt: '2026-06-03T01:00:00.000Z',
        concludedAt: '2026-06-23T01:00:00.000Z',
        onTime: true,
        outcome: 'supported',
        ...(overrides.accusedPlaces ? { accusedPlaces: overrides.accusedPlaces } : {}),
      },
    });

  it('counts it in the city office’s own intake, its handling left to the county', async () => {
    index.push(handedDown());
    const response = await callJson('hz-office', { ...YEAR, jurisdiction: '330100', includeSubordinates: 'false' });
    expect(response.status).toBe(200);
    expect(statisticsReportSchema.safeParse(response.body).error).toBeUndefined();
    expect(response.body.totals).toMatchObject({ received: 1, handedOn: 1, accepted: 0, concluded: 0 });
    expect(countOf(response.body.byChannel, 'letter')).toBe(1);
    expect(countOf(response.body.byPeriod, '2026-06')).toBe(1);
    expect(response.body.rates.onTime).toEqual({ rate: null, numerator: 0, denominator: 0 });
    expect(response.body.byJurisdiction).toEqual([{ key: '330100', label: '杭州市', count: 0 }]);
    // The CSV says so in Chinese.
    const csv = await call('hz-office', { ...YEAR, jurisdiction: '330100', includeSubordinates: 'false', format: 'csv' });
    expect(csv.text).toContain('\r\n总量,交办转送件数,1,');
  });

  it('counts it once with the counties, and as the county’s own in the county’s report', async () => {
    index.push(handedDown());
    const city = await callJson('hz-office', { ...YEAR, jurisdiction: '330100' });
    expect(city.body.totals).toMatchObject({ received: 6, handedOn: 0 });
    expect(countOf(city.body.byJurisdiction, '330122')).toBe(4);
    const county = await callJson('tonglu-office', YEAR);
    expect(county.body.totals).toMatchObject({ received: 5, handedOn: 0, concluded: 2 });
    // The county's own figures say it came from the city (转来), in the CSV in Chinese too; the city's with the counties do not.
    expect(county.body.totals.transferredIn).toBe(1);
    expect(city.body.totals.transferredIn).toBe(0);
    const csv = await call('tonglu-office', { ...YEAR, format: 'csv' });
    expect(csv.text).toContain('\r\n总量,转来件数,1,');
  });

  it('counts the province desk’s hand-down in the province’s own report, which reads no office’s entries', async () => {
    index.push(handedDown({ caseNumber: '330000-2026-000003', receivingOffice: '330000' }));
    dynamo.resetHistory();
    const own = await callJson('zj-office', { ...YEAR, jurisdiction: '330000', includeSubordinates: 'false' });
    expect(own.status).toBe(200);
    expect(own.body.totals).toMatchObject({ received: 1, handedOn: 1, transferredIn: 0 });
    const all = await callJson('zj-office', { ...YEAR, jurisdiction: '330000' });
    expect(all.body.totals).toMatchObject({ handedOn: 0, transferredIn: 0 });
  });

  it('still never counts a report against the reader’s own government, the desk’s handed-down ones included', async () => {
    // Should a report against the city's government ever sit below it, the city may not count it even as intake.
    index.push(handedDown({ caseNumber: '330100-2026-000008', accusedPlaces: ['330100'] }), handedDown());
    const city = await callJson('hz-office', { ...YEAR, jurisdiction: '330100', includeSubordinates: 'false' });
    expect(city.body.totals).toMatchObject({ received: 1, handedOn: 1 });
  });
});

describe('GET /statistics: what a county’s desk received and sent sideways (转送) to a sibling county', () => {
  /** Registered by 桐庐县 (330122) and transferred to 淳安县 (330127), which holds and concluded it. */
  const sentSideways = () => {
    const c = indexed({
      caseNumber: '330122-2026-000077',
      jurisdiction: '330127',
      status: 'replied',
      channel: 'letter',
      category: 'complaint',
      ledger: {
        receivedAt: '2026-09-01T01:00:00.000Z',
        receivingOffice: '330122',
        unit: '330127-housing',
        acceptedAt: '2026-09-03T01:00:00.000Z',
        concludedAt: '2026-09-23T01:00:00.000Z',
        onTime: true,
        outcome: 'supported',
      },
    });
    index.push(c);
    // Its entry under the office that received it, as the change that transferred it wrote it.
    handedOnEntries.push(handedOnItem({ caseNumber: '330122-2026-000077', registeredAt: '2026-09-01T01:00:00.000Z', receivedAt: '2026-09-01T01:00:00.000Z' }, { office: '330122', holder: '330127' }));
  };

  it('counts it in the receiving county’s received and handedOn, reading that one case by key', async () => {
    const before = await callJson('tonglu-office', YEAR);
    sentSideways();
    const after = await callJson('tonglu-office', YEAR);
    expect(after.status).toBe(200);
    expect(statisticsReportSchema.safeParse(after.body).error).toBeUndefined();
    expect(after.body.totals.received).toBe(before.body.totals.received + 1);
    expect(after.body.totals.handedOn).toBe(before.body.totals.handedOn + 1);
    expect(countOf(after.body.byChannel, 'letter')).toBe(countOf(before.body.byChannel, 'letter')! + 1);
    // Its handling is 淳安县's.
    expect(after.body.totals.concluded).toBe(before.body.totals.concluded);
    expect(after.body.byJurisdiction.map((j: { key: string }) => j.key)).not.toContain('330127');
    const batches = dynamo.commandCalls(BatchGetCommand).map((c) => c.args[0].input.RequestItems![TEST_TABLE]!.Keys);
    expect(batches).toEqual([[{ pk: 'CASE#330122-2026-000077', sk: 'CASE' }]]);
  });

  it('counts it once at the city, as 淳安县’s, without reading it by key', async () => {
    const before = await callJson('hz-office', { ...YEAR, jurisdiction: '330100' });
    sentSideways();
    dynamo.resetHistory();
    const city = await callJson('hz-office', { ...YEAR, jurisdiction: '330100' });
    expect(city.body.totals.received).toBe(before.body.totals.received + 1);
    expect(city.body.totals.handedOn).toBe(0);
    expect(countOf(city.body.byJurisdiction, '330127')).toBe(countOf(before.body.byJurisdiction, '330127')! + 1);
    expect(dynamo.commandCalls(BatchGetCommand)).toHaveLength(0);
  });

  it('counts it as its own in the county that holds it, as before', async () => {
    sentSideways();
    const chunan = await callJson('chunan-office', { ...YEAR, jurisdiction: '330127' });
    expect(chunan.status).toBe(200);
    expect(chunan.body.totals).toMatchObject({ received: 2, handedOn: 0, concluded: 1 });
  });

  it('counts it in the receiving county’s own report, without its townships', async () => {
    sentSideways();
    const own = await callJson('tonglu-office', { ...YEAR, includeSubordinates: 'false' });
    expect(own.body.totals).toMatchObject({ handedOn: 1 });
  });
});

describe('GET /statistics?format=csv', () => {
  it('answers a report in Chinese for Excel, with a byte-order mark', async () => {
    const response = await call('tonglu-office', { ...YEAR, format: 'csv' });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="statistics-330122-2026-01-01-2026-12-31.csv"');
    expect(response.text.startsWith('\uFEFF栏目,项目,数值,说明\r\n')).toBe(true);
    expect(response.text).toContain('\r\n报表信息,统计范围,桐庐县,\r\n');
    expect(response.text).toContain('\r\n报表信息,含下级,是,\r\n');
    expect(response.text).toContain('\r\n报表信息,统计周期,按月,\r\n');
    expect(response.text).toContain('\r\n总量,登记总量,4,本期登记的全部事项，含不予受理的\r\n');
    expect(response.text).toContain('\r\n来源渠道,来访,1,\r\n');
    expect(response.text).toContain('\r\n比率,按期办结率,100.0%,按期办结 / 办结：1 / 1\r\n');
    // No English left for the office to puzzle over.
    expect(response.text).not.toMatch(/[A-Za-z]/);
  });

  it('gives the time of the figures in China time: 04:09 on 6 December is still 5 December in UTC', async () => {
    vi.setSystemTime(new Date('2026-12-05T20:09:00Z'));
    const response = await call('tonglu-office', { ...YEAR, format: 'csv' });
    expect(response.text).toContain('\r\n报表信息,统计时点,2026-12-06 04:09,北京时间\r\n');
    // The JSON, for programs, keeps its instant in UTC.
    expect((await callJson('tonglu-office', YEAR)).body.asOf).toBe('2026-12-05T20:09:00.000Z');
  });

  it('keeps the access rules', async () => {
    expect((await call('chunan-office', { ...YEAR, format: 'csv' })).status).toBe(403);
  });
});
