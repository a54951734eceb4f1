import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { ScanCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { apiTestBed } from '../fixtures/api-handler.js';
import { keyOf, standInTable } from '../fixtures/stand-in-table.js';
import { caseItem } from '../../shared/adapters/dynamodb/case-store.js';
import { CaseReindexer } from '../../shared/adapters/dynamodb/reindex.js';
import type { Case } from '../../shared/domain/case.js';

/**
 * A village cadre phones for a villager who left her own number (代为来电): letters go to her, and the cadre's number
 * is kept for staff. When he calls back (我上次替李秀兰打过电话), the clerk looks up his number and finds her case, told
 * it was the writer's number; his own later petition is not made her case's repeat by it; and when her number is
 * removed, his becomes the case's and is found as such.
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
const search = async (contact: string) => {
  const answer = await call('tonglu-office', 'GET', '/petitioners/cases', undefined, { contact });
  expect(answer.status).toBe(200);
  return (answer.body.items as { caseNumber: string; matchedAs: string[] }[]).map(({ caseNumber, matchedAs }) => ({ caseNumber, matchedAs }));
};

const ROAD = '村里修路占用了我家的承包地，约一亩二分，至今没有任何补偿，村委会说要等镇里拨款，请求有关部门督促落实征地补偿款。';
const CALL = {
  jurisdiction: '330122',
  channel: 'phone',
  receivedAt: '2026-12-10T10:30:00+08:00',
  subject: '修路占地补偿',
  matter: ROAD,
  petitioner: { name: '李秀兰', phone: '13700003333' },
  writtenBy: { relation: '村民', name: '陈建军', phone: '0571-64281234' },
};

describe('the number of a writer who called for a petitioner with her own', () => {
  it('finds her case as the writer’s number, never makes his own petition her case’s repeat, and follows a correction', async () => {
    const registered = await call('tonglu-registrar', 'POST', '/cases', CALL);
    expect(registered.status).toBe(201);
    const n = registered.body.case.caseNumber as string;

    expect(await search('0571 6428 1234')).toEqual([{ caseNumber: n, matchedAs: ['writer'] }]);
    expect(await search('13700003333')).toEqual([{ caseNumber: n, matchedAs: ['petitioner'] }]);

    // His own land, the same road: his number found her case, but it is hers, not his earlier petition.
    const own = await call('tonglu-registrar', 'POST', '/cases', { ...CALL, petitioner: { name: '陈建军', phone: '0571-64281234' }, writtenBy: undefined });
    expect(own.status).toBe(201);
    expect(own.body.case.repeatOf).toBeUndefined();

    // Her number removed: his becomes the case's (letters go to him), found as the case's contact now.
    const corrected = await call('tonglu-registrar', 'POST', `/cases/${n}/petitioner`, { phone: null, reason: '该号码已停机，不是信访人本人在用', expectedVersion: registered.body.case.version });
    expect(corrected.status).toBe(200);
    expect(await search('0571-64281234')).toEqual([
      { caseNumber: own.body.case.caseNumber, matchedAs: ['petitioner'] },
      { caseNumber: n, matchedAs: ['petitioner'] },
    ]);
    expect(await search('13700003333')).toEqual([]);
  });
});

describe('npm run reindex: petitions registered with a writer before writers’ numbers were indexed', () => {
  const earlier: Case = {
    caseNumber: '330122-2026-000090',
    jurisdiction: '330122',
    receivingOffice: '330122',
    channel: 'phone',
    status: 'assigned',
    matter: ROAD,
    petitioner: { anonymous: false, name: '张桂芳', phone: '13700005555', writtenBy: { relation: '村民', name: '陈建军', phone: '0571-64289999', petitionerOwnContact: true } },
    urgent: false,
    reviewLevel: 0,
    receivedAt: '2026-12-01T01:15:00.000Z',
    registeredAt: '2026-12-01T01:20:00.000Z',
    registeredBy: 'tonglu-registrar',
    handling: { lead: '330122-housing', cooperating: [] },
    deadlines: {},
    attachments: [],
    version: 4,
    updatedAt: '2026-12-02T01:20:00.000Z',
  };

  it('adds the writer’s number once', async () => {
    const item = caseItem(earlier);
    table.set(keyOf(item), item);
    expect(await search('0571-64289999')).toEqual([]);
    dynamo.on(ScanCommand).callsFake(() => ({ Items: [...table.values()].filter((i) => i.entity === 'case' && i.caseNumber === earlier.caseNumber) }));
    // Each entry put if absent, on condition of the version read: as DynamoDB would judge it.
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

    expect((await reindexer.page()).writerContactsAdded).toBe(1);
    expect(await search('0571-64289999')).toEqual([{ caseNumber: earlier.caseNumber, matchedAs: ['writer'] }]);
    expect((await reindexer.page()).writerContactsAdded).toBe(0);
  });
});
