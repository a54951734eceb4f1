import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { JURISDICTION_SHARDS, jurisdictionStatusPartition, shardOf } from '../../shared/adapters/dynamodb/keys.js';
import { loadSweepHandler, scheduledSweep, type SweepHandler } from '../fixtures/sweep-handler.js';

/** 排查存档: the first sweep of a month files every jurisdiction's 矛盾纠纷排查 list of the month before. */
const dynamo = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);

let handler: SweepHandler;

beforeAll(async () => {
  handler = await loadSweepHandler();
});

afterEach(() => {
  dynamo.reset();
  sqs.reset();
});

// 1 December 2026, 00:10 in China.
const FIRST_RUN = '2026-11-30T16:10:00Z';

const ledgerRow = (caseNumber: string, dueAt: string) => ({
  caseNumber,
  jurisdiction: '330122',
  status: 'inProgress',
  channel: 'letter',
  registeredAt: '2026-08-03T01:00:00.000Z',
  ledger: { receivedAt: '2026-08-03T01:00:00.000Z', receivingOffice: '330122', reviewLevel: 0, unit: '330122-housing', dueAt, subject: '楼顶漏水' },
});
// Past its deadline on 20 November; and one not due until January.
const overdue = ledgerRow('330122-2026-000001', '2026-11-20T16:00:00.000Z');
const notDue = ledgerRow('330122-2026-000002', '2027-01-20T16:00:00.000Z');

/** The table: the county's open cases in their index partitions, and whatever filings are given. */
function table(filings: Record<string, Record<string, unknown>[]> = {}) {
  dynamo.on(QueryCommand).callsFake((input: QueryCommandInput) => {
    const pk = input.ExpressionAttributeValues?.[':pk'] as string;
    if (pk in filings) return { Items: filings[pk] };
    const rows = [overdue, notDue].filter((row) => pk === jurisdictionStatusPartition(row.jurisdiction, row.status, shardOf(row.caseNumber, JURISDICTION_SHARDS)));
    return { Items: rows };
  });
  dynamo.on(GetCommand).resolves({});
  dynamo.on(BatchWriteCommand).resolves({});
  dynamo.on(PutCommand).resolves({});
}

const puts = () => dynamo.commandCalls(PutCommand).map((call) => call.args[0].input.Item!);
const rowsWritten = () => dynamo.commandCalls(BatchWriteCommand).flatMap((call) => Object.values(call.args[0].input.RequestItems!).flat().map((r) => r.PutRequest!.Item!));

describe('the sweep files last month’s 矛盾纠纷排查 lists', () => {
  it('files November at its first run in December: the cases listed at the month’s end, each jurisdiction, then the month', async () => {
    table();
    const report = await handler(scheduledSweep(FIRST_RUN));
    expect(report.screening).toMatchObject({ month: '2026-11', outcome: 'filed', filedAt: '2026-11-30T16:10:00.000Z', cases: 1 });
    expect(rowsWritten()).toEqual([
      expect.objectContaining({ pk: 'SCREENING#330122#2026-11', sk: 'ROW#2026-11-30T16:10:00.000Z#330122-2026-000001', row: expect.objectContaining({ caseNumber: '330122-2026-000001' }) }),
    ]);
    const filed = puts().filter((item) => item.sk === 'FILED');
    // Every jurisdiction has its filing, empty ones too, and the month's mark comes last.
    expect(filed.find((item) => item.pk === 'SCREENING#330122#2026-11')).toMatchObject({ filedAt: '2026-11-30T16:10:00.000Z', cases: 1 });
    expect(filed.find((item) => item.pk === 'SCREENING#330127#2026-11')).toMatchObject({ cases: 0 });
    expect(filed.at(-1)).toMatchObject({ pk: 'SCREENING#2026-11', filedAt: '2026-11-30T16:10:00.000Z' });
    expect(filed).toHaveLength((report.screening as { jurisdictions: number }).jurisdictions + 1);
    // Kept as long as closed cases: three years at least.
    expect(filed[0]!.expiresAt).toBeGreaterThan(Date.parse('2029-11-30T00:00:00Z') / 1000);
  });

  it('after a run that stopped halfway, files only the jurisdictions left', async () => {
    table({ 'SCREENING#330122#2026-11': [{ pk: 'SCREENING#330122#2026-11', sk: 'FILED', filedAt: '2026-11-30T16:00:30.000Z' }] });
    const report = await handler(scheduledSweep('2026-11-30T16:25:00Z'));
    expect(report.screening).toMatchObject({ month: '2026-11', cases: 0 });
    expect(rowsWritten()).toEqual([]);
    expect(puts().some((item) => item.pk === 'SCREENING#330122#2026-11')).toBe(false);
    expect(puts().at(-1)).toMatchObject({ pk: 'SCREENING#2026-11' });
  });

  it('leaves unfiled a month that ended more than three days before (the list is rebuilt, and says so)', async () => {
    table();
    const report = await handler(scheduledSweep('2026-12-04T02:00:00Z'));
    expect(report.screening).toEqual({ month: '2026-11', outcome: 'tooLate', jurisdictions: 0, cases: 0 });
    expect(dynamo.commandCalls(BatchWriteCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('reads one item and writes nothing once the month is filed', async () => {
    table();
    dynamo.on(GetCommand, { Key: { pk: 'SCREENING#2026-11', sk: 'FILED' } }).resolves({ Item: { filedAt: '2026-11-30T16:10:00.000Z' } });
    const report = await handler(scheduledSweep('2026-12-15T02:00:00Z'));
    expect(report.screening).toEqual({ month: '2026-11', outcome: 'alreadyFiled', filedAt: '2026-11-30T16:10:00.000Z', jurisdictions: 0, cases: 0 });
    expect(dynamo.commandCalls(BatchWriteCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(QueryCommand).filter((call) => String(call.args[0].input.ExpressionAttributeValues?.[':pk']).startsWith('JUR#'))).toHaveLength(0);
  });
});

describe('fileScreenings with little time left', () => {
  it('stops between jurisdictions and leaves the month unmarked, for the next run to finish', async () => {
    const { fileScreenings } = await import('../../shared/app/unresolved-disputes.js');
    const { loadProvinceConfig } = await import('../../shared/config/province.js');
    const { DEMO_CONFIG } = await import('../fixtures/handler-env.js');
    const filed: string[] = [];
    let marked = false;
    const ledger = {
      screeningFiledAt: async () => undefined,
      filedScreenings: async () => [],
      openLedgerRows: async () => [],
      fileScreening: async (filing: { jurisdiction: string }) => void filed.push(filing.jurisdiction),
      markScreeningFiled: async () => void (marked = true),
      currentAccess: async () => new Map(),
    };
    const report = await fileScreenings({ ledger, province: loadProvinceConfig(DEMO_CONFIG) }, new Date(FIRST_RUN), Date.now() - 1);
    expect(report).toMatchObject({ month: '2026-11', outcome: 'partial', jurisdictions: 0 });
    expect(filed).toEqual([]);
    expect(marked).toBe(false);
  });
});
