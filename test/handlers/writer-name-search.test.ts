import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { PutCommand, ScanCommand, TransactWriteCommand, type PutCommandInput, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { apiTestBed } from '../fixtures/api-handler.js';
import { keyOf, standInTable } from '../fixtures/stand-in-table.js';
import { caseItem } from '../../shared/adapters/dynamodb/case-store.js';
import { CaseReindexer } from '../../shared/adapters/dynamodb/reindex.js';
import type { Case } from '../../shared/domain/case.js';

/**
 * 查询 by 姓名, the writer's: a caller says 我上个月替我父亲写过信，我叫王小明, and the
 * clerk finds the letter by the caller's own name, told it was the writer who
 * matched. Entries follow a correction of the petitioner, and `npm run reindex`
 * gives cases written for someone before writers were indexed theirs.
 */

// Thursday 10 December 2026, 11:00 in China.
const { dynamo, invoke } = apiTestBed({ now: '2026-12-10T03:00:00Z' });
const { table, serve, serveContactIndex } = standInTable(dynamo);
beforeEach(() => {
  serve();
  serveContactIndex();
});

const call = (staffId: string, method: string, path: string, body?: unknown, query?: Record<string, string>) =>
  invoke({ method, path, staffId, ...(body === undefined ? {} : { body }), ...(query ? { query } : {}) });
type Found = { caseNumber: string; matchedAs: string[]; petitioner?: { name?: string }; writer?: { relation: string; name?: string } };
const found = async (name: string, staffId = 'tonglu-office'): Promise<Found[]> => {
  const answer = await call(staffId, 'GET', '/petitioners/cases/by-name', undefined, { name });
  expect(answer.status).toBe(200);
  return answer.body.items as Found[];
};

/** A son writes for his father, who left no contact: the son's phone is the case's. */
const LETTER = {
  jurisdiction: '330122',
  channel: 'letter',
  receivedAt: '2026-12-08T09:30:00+08:00',
  subject: '征地补偿',
  matter: '我父亲王大山的承包地被修路占用，至今没有补偿。',
  petitioner: { name: '王大山' },
  writtenBy: { relation: '父亲', name: '王小明', phone: '13900001111' },
};

describe('finding a case by the name of whoever wrote for the petitioner', () => {
  it('finds it by the writer’s name, saying the writer matched and who they wrote for, and by the petitioner’s as before', async () => {
    const registered = await call('tonglu-registrar', 'POST', '/cases', LETTER);
    expect(registered.status).toBe(201);
    const n = registered.body.case.caseNumber as string;

    expect(await found('王 小明')).toEqual([expect.objectContaining({ caseNumber: n, matchedAs: ['writer'], petitioner: { name: '王大山' }, writer: { relation: '父亲', name: '王小明' } })]);
    const byPetitioner = await found('王大山');
    expect(byPetitioner.map(({ caseNumber, matchedAs }) => ({ caseNumber, matchedAs }))).toEqual([{ caseNumber: n, matchedAs: ['petitioner'] }]);
    // The writer is named only when it was the writer who matched.
    expect(byPetitioner[0]!.writer).toBeUndefined();

    // The petitioner's name corrected: the writer still finds the case, the old name no longer does.
    const corrected = await call('tonglu-registrar', 'POST', `/cases/${n}/petitioner`, { name: '王大三', reason: '来信人来电告知父亲姓名登记有误', expectedVersion: registered.body.case.version });
    expect(corrected.status).toBe(200);
    expect(await found('王大山')).toEqual([]);
    expect((await found('王大三')).map((c) => c.matchedAs)).toEqual([['petitioner']]);
    expect((await found('王小明')).map((c) => c.matchedAs)).toEqual([['writer']]);
  });
});

describe('the writer’s name within the caller’s scope', () => {
  it('answers a writer’s name only with the cases the caller may read: not another county’s namesake’s, nothing outside a unit’s work', async () => {
    const own = await call('tonglu-registrar', 'POST', '/cases', { ...LETTER, writtenBy: { relation: '母亲', name: '赵丽', phone: '13900003333' } });
    const elsewhere = await call('deqing-registrar', 'POST', '/cases', { ...LETTER, jurisdiction: '330521', petitioner: { name: '钱桂花' }, writtenBy: { relation: '母亲', name: '赵丽', phone: '13900004444' } });
    expect([own.status, elsewhere.status]).toEqual([201, 201]);
    expect((await found('赵丽')).map((c) => c.caseNumber)).toEqual([own.body.case.caseNumber]);
    expect((await found('赵丽', 'deqing-registrar')).map((c) => c.caseNumber)).toEqual([elsewhere.body.case.caseNumber]);
    // A unit's handler sees only the cases their unit works: none here.
    expect(await found('赵丽', 'tonglu-housing-handler')).toEqual([]);
  });
});

describe('npm run reindex: letters written for someone before writers were indexed', () => {
  const mailed: Case = {
    caseNumber: '330122-2026-000003',
    jurisdiction: '330122',
    receivingOffice: '330122',
    channel: 'email',
    status: 'assigned',
    matter: LETTER.matter,
    petitioner: { anonymous: false, name: '王大山', email: 'wxm@example.cn', writtenBy: { relation: '父亲', name: '王小明', email: 'wxm@example.cn' } },
    urgent: false,
    reviewLevel: 0,
    receivedAt: '2026-11-20T01:15:00.000Z',
    registeredAt: '2026-11-20T01:20:00.000Z',
    registeredBy: 'intake',
    handling: { lead: '330122-housing', cooperating: [] },
    deadlines: {},
    attachments: [],
    version: 4,
    updatedAt: '2026-11-21T01:20:00.000Z',
  };

  it('adds the writer’s entry once', async () => {
    const item = caseItem(mailed);
    table.set(keyOf(item), item);
    expect(await found('王小明')).toEqual([]);
    dynamo.on(ScanCommand).callsFake(() => ({ Items: [...table.values()].filter((i) => i.entity === 'case') }));
    dynamo.on(PutCommand).callsFake((input: PutCommandInput) => {
      table.set(keyOf(input.Item!), input.Item!);
      return {};
    });
    // The entries put if absent, on condition of the version read: as DynamoDB would judge them.
    dynamo.on(TransactWriteCommand).callsFake((input: TransactWriteCommandInput) => {
      const [check, put] = input.TransactItems!;
      const stored = table.get(keyOf(check!.ConditionCheck!.Key!));
      if (stored?.version !== check!.ConditionCheck!.ExpressionAttributeValues![':expected'] || table.has(keyOf(put!.Put!.Item!))) {
        throw new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: [{ Code: 'ConditionalCheckFailed' }] });
      }
      table.set(keyOf(put!.Put!.Item!), put!.Put!.Item!);
      return {};
    });
    const reindexer = new CaseReindexer(new DynamoDBClient({ region: 'ap-east-1', endpoint: 'http://127.0.0.1:9' }), 'xinfang-test-cases');

    // The petitioner's entry (the case item carries the email) and the writer's.
    expect((await reindexer.page()).nameEntriesAdded).toBe(2);
    expect((await found('王小明')).map(({ caseNumber, matchedAs }) => ({ caseNumber, matchedAs }))).toEqual([{ caseNumber: mailed.caseNumber, matchedAs: ['writer'] }]);
    expect((await reindexer.page()).nameEntriesAdded).toBe(0);
  });
});
