import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, ScanCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { apiTestBed } from '../fixtures/api-handler.js';
import { keyOf, standInTable } from '../fixtures/stand-in-table.js';
import { loadHandoffHandler, queuedHandoffs, type HandoffHandler } from '../fixtures/handoff-handler.js';
import { CaseReindexer } from '../../shared/adapters/dynamodb/reindex.js';

/**
 * 转送 sideways: 桐庐县 (330122) registers a letter whose matter is 淳安县's
 * (330127) and sends it there. 淳安县 holds and handles it; 桐庐县 received
 * it, so its 登记总量 and 交办转送 count it — read through the case's entry
 * under 桐庐县 (the county's partitions never show a case its sibling holds) —
 * and the city above both counts it once, as 淳安县's. The table is a stand-in
 * (test/fixtures/stand-in-table.ts): each query answers its whole partition.
 */

// Monday 23 November 2026, 10:00 in China.
const { dynamo, sqs, invoke } = apiTestBed({ now: '2026-11-23T02:00:00Z' });
const { table, serve } = standInTable(dynamo);
beforeEach(() => {
  serve();
});

let handoff: HandoffHandler;
beforeAll(async () => {
  handoff = await loadHandoffHandler();
});

const call = (staffId: string, method: string, path: string, body?: unknown, query?: Record<string, string>) =>
  invoke({ method, path, staffId, ...(body === undefined ? {} : { body }), ...(query ? { query } : {}) });

const AUG_OCT = { from: '2026-08-01', to: '2026-10-31' };
const totals = async (staffId: string, jurisdiction: string) => {
  const response = await call(staffId, 'GET', '/statistics', undefined, { jurisdiction, ...AUG_OCT });
  expect(response.status).toBe(200);
  return response.body.totals as { received: number; handedOn: number; transferredIn: number; concluded: number };
};

async function registerAndSendSideways(): Promise<string> {
  const created = await call('tonglu-registrar', 'POST', '/cases', {
    jurisdiction: '330122',
    channel: 'letter',
    receivedAt: '2026-09-01T09:15:00+08:00',
    subject: '邻县民宿夜间噪音扰民',
    matter: '淳安县千岛湖镇一家民宿每晚放音乐到凌晨，我们在那里租住，多次反映无人处理。',
    petitioner: { name: '陈丽', phone: '13900007777', address: '桐庐县城南街道' },
  });
  expect(created.status).toBe(201);
  const caseNumber = created.body.case.caseNumber as string;
  const sent = await call('tonglu-office', 'POST', `/cases/${caseNumber}/transfer`, { toJurisdiction: '330127', reason: '事发地在淳安县' });
  expect(sent.status).toBe(202);
  for (const delivery of queuedHandoffs(sqs)) await handoff(delivery);
  expect(table.get(keyOf({ pk: `CASE#${caseNumber}`, sk: 'CASE' }))?.jurisdiction).toBe('330127');
  return caseNumber;
}

/** The 台账 of September (when the letter arrived): each line's case number and 转送情况. */
async function ledgerOf(staffId: string, jurisdiction: string): Promise<(string | undefined)[][]> {
  const answer = await call(staffId, 'GET', '/cases/ledger', undefined, { jurisdiction, from: '2026-09-01', to: '2026-09-30' });
  expect(answer.status).toBe(200);
  const [header, ...lines] = (answer.text as string).replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);
  return lines.map((line) => line.split(',')).map((cells) => [cells[0], cells[header!.split(',').indexOf('转送情况')]]);
}

/** 淳安县 sends the case on (every handoff queued so far delivered again: the queue delivers at least once). */
async function chunanSends(caseNumber: string, toJurisdiction: string): Promise<void> {
  const sent = await call('chunan-office', 'POST', `/cases/${caseNumber}/transfer`, { toJurisdiction, reason: '不属本县管辖' });
  expect(sent.status).toBe(202);
  for (const delivery of queuedHandoffs(sqs)) await handoff(delivery);
  expect(table.get(keyOf({ pk: `CASE#${caseNumber}`, sk: 'CASE' }))?.jurisdiction).toBe(toJurisdiction);
}

describe('a letter 桐庐县 received and sent sideways to 淳安县 (转送)', () => {
  it('stays in 桐庐县’s 登记总量 as 交办转送, and is 淳安县’s own', async () => {
    const caseNumber = await registerAndSendSideways();
    expect(table.get(keyOf({ pk: `CASE#${caseNumber}`, sk: 'HANDEDON' }))).toMatchObject({ gsi2pk: 'HANDEDON#330122', jurisdiction: '330127' });
    expect(await totals('tonglu-office', '330122')).toMatchObject({ received: 1, handedOn: 1, transferredIn: 0 });
    expect(await totals('chunan-office', '330127')).toMatchObject({ received: 1, handedOn: 0, transferredIn: 1 });
  });

  it('counts once at the city above both, and once in the province', async () => {
    await registerAndSendSideways();
    expect(await totals('hz-office', '330100')).toMatchObject({ received: 1, handedOn: 0, transferredIn: 0 });
    dynamo.resetHistory();
    expect(await totals('zj-office', '330000')).toMatchObject({ received: 1, handedOn: 0, transferredIn: 0 });
    // The province reads every place: it reads no office's 交办转送 entries to find what is held outside it.
    expect(dynamo.commandCalls(QueryCommand).filter((call) => String(call.args[0].input.ExpressionAttributeValues?.[':pk']).startsWith('HANDEDON#'))).toEqual([]);
  });

  it('stays on 桐庐县’s 台账 as sent to 淳安县 on the day it was sent, and is on 淳安县’s as come from 桐庐县', async () => {
    const caseNumber = await registerAndSendSideways();
    expect(await ledgerOf('tonglu-office', '330122')).toEqual([[caseNumber, '转送淳安县（2026-11-23）']]);
    expect(await ledgerOf('chunan-office', '330127')).toEqual([[caseNumber, '桐庐县转来']]);
  });

  it('sent back to 桐庐县 by 淳安县: one line on 桐庐县’s 台账, its own again, and none on 淳安县’s', async () => {
    const caseNumber = await registerAndSendSideways();
    await chunanSends(caseNumber, '330122');
    expect(table.get(keyOf({ pk: `CASE#${caseNumber}`, sk: 'HANDEDON' }))).toBeUndefined();
    expect(await ledgerOf('tonglu-office', '330122')).toEqual([[caseNumber, '']]);
    expect(await ledgerOf('chunan-office', '330127')).toEqual([]);
    expect(await totals('tonglu-office', '330122')).toMatchObject({ received: 1, handedOn: 0, transferredIn: 0 });
  });

  it('sent on by 淳安县 to the city: one line on 桐庐县’s 台账, saying where it is now and since when', async () => {
    const caseNumber = await registerAndSendSideways();
    await chunanSends(caseNumber, '330100');
    expect(table.get(keyOf({ pk: `CASE#${caseNumber}`, sk: 'HANDEDON' }))).toMatchObject({ gsi2pk: 'HANDEDON#330122', jurisdiction: '330100' });
    expect(await ledgerOf('tonglu-office', '330122')).toEqual([[caseNumber, '转送杭州市（2026-11-23）']]);
    // 淳安县 received none of it: it passed it on.
    expect(await ledgerOf('chunan-office', '330127')).toEqual([]);
    expect(await ledgerOf('hz-office', '330100')).toEqual([[caseNumber, '桐庐县转来']]);
    expect(await totals('hz-office', '330100')).toMatchObject({ received: 1, handedOn: 0, transferredIn: 0 });
  });

  it('is found for a case sent before the entries were kept, once `npm run reindex` has added its entry', async () => {
    const caseNumber = await registerAndSendSideways();
    table.delete(keyOf({ pk: `CASE#${caseNumber}`, sk: 'HANDEDON' }));
    expect(await totals('tonglu-office', '330122')).toMatchObject({ received: 0, handedOn: 0 });

    dynamo.on(ScanCommand).callsFake(() => ({ Items: [...table.values()].filter((i) => i.entity === 'case') }));
    // Put if absent, on condition of the version read: as DynamoDB would judge it.
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
    expect((await reindexer.page()).handedOnAdded).toBe(1);
    expect((await reindexer.page()).handedOnAdded).toBe(0);
    expect(await totals('tonglu-office', '330122')).toMatchObject({ received: 1, handedOn: 1 });
  });
});
