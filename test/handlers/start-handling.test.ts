import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { apiInvoker, importApiHandler, type ApiHandler } from '../fixtures/api-handler.js';
import { keyOf, standInTable } from '../fixtures/stand-in-table.js';
import { outboxMessages, unpacked } from '../fixtures/stored-items.js';
import { caseItem } from '../../shared/adapters/dynamodb/case-store.js';
import type { Case } from '../../shared/domain/case.js';

/**
 * 签收 through the API: the lead unit signs for the case handed to it and
 * the case reads 办理中 for everyone who sees it; the office and a cooperating
 * unit are told who signs, an unrelated unit does not learn the case exists,
 * a stale version and a second 签收 are refused (409), and the same request
 * again (its Idempotency-Key) records nothing more. The table is a stand-in
 * (test/fixtures/stand-in-table.ts), so a repeat reads what the first stored.
 */

const dynamo = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
let handler: ApiHandler;
beforeAll(async () => {
  handler = await importApiHandler('ERROR');
});
const { table, serve, transactions } = standInTable(dynamo);
beforeEach(() => {
  dynamo.reset();
  sqs.reset();
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [{ Id: '0', MessageId: 'm-1', MD5OfMessageBody: '' }], Failed: [] });
  dynamo.on(QueryCommand, { IndexName: 'byContact' }).resolves({ Items: [] });
  serve();
  // Tuesday 8 December 2026, 09:30 in China: the day after 桐庐县信访局 handed the case to 人社局.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-12-08T01:30:00Z'));
});
afterEach(() => vi.useRealTimers());
const invoke = apiInvoker(() => handler);

const ASSIGNED: Case = {
  caseNumber: '330122-2026-000007',
  jurisdiction: '330122',
  receivingOffice: '330122',
  channel: 'email',
  status: 'assigned',
  subject: '拖欠工资',
  matter: '反映华丰针织拖欠工资三个月。',
  petitioner: { anonymous: false, name: '张伟', email: 'zhangwei@163.example' },
  urgent: false,
  reviewLevel: 0,
  handling: { lead: '330122-hrss', cooperating: ['330122-housing'] },
  assignedBy: { staffId: 'tonglu-office', jurisdiction: '330122' },
  objectionWindow: { unit: '330122-hrss', from: '330122', receivedAt: '2026-12-07T02:00:00.000Z', until: '2026-12-14T16:00:00.000Z' },
  receivedAt: '2026-12-01T01:15:00.000Z',
  registeredAt: '2026-12-01T01:20:00.000Z',
  registeredBy: 'system:intake',
  acceptedAt: '2026-12-02T01:00:00.000Z',
  deadlines: { handling: '2027-01-31T16:00:00.000Z' },
  attachments: [],
  version: 4,
  updatedAt: '2026-12-07T02:00:00.000Z',
};
const NUMBER = ASSIGNED.caseNumber;
const store = (c: Case) => {
  const item = caseItem(c);
  table.set(keyOf(item), item);
};
const start = (staffId: string, body: unknown = {}, key?: string) =>
  invoke({ method: 'POST', path: `/cases/${NUMBER}/start`, staffId, body, ...(key ? { headers: { 'idempotency-key': key } } : {}) });
const read = (staffId: string) => invoke({ method: 'GET', path: `/cases/${NUMBER}`, staffId });
const items = () => [...table.values()].map((item) => unpacked(item));
const events = () => items().filter((i) => i.entity === 'event');
const audit = () => items().filter((i) => i.entity === 'audit');

describe('POST /cases/{n}/start (签收)', () => {
  it('is offered to the lead unit only, moves the case to 办理中 with who signed and when, on the trail, and writes to nobody', async () => {
    store(ASSIGNED);
    expect((await read('tonglu-hrss-handler')).body.allowedActions).toContain('start');
    expect((await read('tonglu-office')).body.allowedActions).not.toContain('start');
    expect((await read('tonglu-housing-handler')).body.allowedActions).not.toContain('start');

    const signed = await start('tonglu-hrss-handler', { note: '已安排李倩调查核实', expectedVersion: 4 });

    expect(signed.status).toBe(200);
    expect(signed.body.case).toMatchObject({ status: 'inProgress', version: 5, handling: { lead: '330122-hrss' } });
    expect(events()).toEqual([
      expect.objectContaining({ seq: 5, type: 'started', actor: 'tonglu-hrss-handler', at: '2026-12-08T01:30:00.000Z', from: 'assigned', to: 'inProgress', detail: { unit: '330122-hrss', note: '已安排李倩调查核实' } }),
    ]);
    expect(outboxMessages(items())).toEqual([]);
    expect(audit()).toEqual(expect.arrayContaining([expect.objectContaining({ actor: 'tonglu-hrss-handler', action: 'start', outcome: 'allowed' })]));
    // The office that handed it over reads it as in progress; the unit may still object within its 5 working days, and conclude.
    const office = await read('tonglu-office');
    expect(office.body.case.status).toBe('inProgress');
    expect(office.body.events.map((e: { type: string }) => e.type)).toContain('started');
    const unit = (await read('tonglu-hrss-handler')).body.allowedActions;
    expect(unit).toEqual(expect.arrayContaining(['return', 'conclude']));
    expect(unit).not.toContain('start');
    // …and the return is taken (checked and queued for the handoff function), as before the 签收.
    const returned = await invoke({ method: 'POST', path: `/cases/${NUMBER}/return`, staffId: 'tonglu-hrss-handler', body: { reason: '欠薪系工程款结算纠纷，不属于本单位职责', expectedVersion: 5 } });
    expect(returned.status).toBe(202);
  });

  it('tells the office and a cooperating unit who signs (403), hides the case from another unit (404), and writes nothing', async () => {
    store(ASSIGNED);
    const office = await start('tonglu-office');
    expect(office.status).toBe(403);
    expect(office.body.error.messageZh).toBe('信访事项 330122-2026-000007 已交桐庐县人力资源和社会保障局办理，由该单位的承办人或单位负责人签收，信访部门不代为签收');
    const cooperating = await start('tonglu-housing-handler');
    expect(cooperating.status).toBe(403);
    expect(cooperating.body.error.messageZh).toMatch(/^贵单位是信访事项 330122-2026-000007 的协办单位，由主办单位桐庐县人力资源和社会保障局签收/);
    expect((await start('tonglu-ecology-handler')).status).toBe(404);
    expect((await start('chunan-hrss-head')).status).toBe(404);
    expect(events()).toEqual([]);
    expect(transactions()).toBe(0);
    expect(audit()).toEqual(expect.arrayContaining([expect.objectContaining({ actor: 'tonglu-office', action: 'start', outcome: 'denied' })]));
  });

  it('refuses a version the case has moved on from (409), writing nothing', async () => {
    store({ ...ASSIGNED, version: 6 });
    const stale = await start('tonglu-hrss-head', { expectedVersion: 4 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('VersionConflict');
    expect(events()).toEqual([]);
  });

  it('signed once: the same request again (its key) answers the case as it is; a second 签收 is 409 naming who signed', async () => {
    store(ASSIGNED);
    expect((await start('tonglu-hrss-handler', { expectedVersion: 4 }, 'start-0000001')).status).toBe(200);
    const repeat = await start('tonglu-hrss-handler', { expectedVersion: 4 }, 'start-0000001');
    expect(repeat.status).toBe(200);
    expect(repeat.body.case).toMatchObject({ status: 'inProgress', version: 5 });
    expect(events()).toHaveLength(1);

    const colleague = await start('tonglu-hrss-head', { expectedVersion: 5 });
    expect(colleague.status).toBe(409);
    expect(colleague.body.error.messageZh).toBe('信访事项 330122-2026-000007 已由李倩于2026年12月8日 09:30签收，正在办理中，无需再次签收');
    // The same key with another note is another request.
    expect((await start('tonglu-hrss-handler', { note: '另行说明' }, 'start-0000001')).status).toBe(422);
    expect(events()).toHaveLength(1);
  });

  it('has nothing to sign for a case the office handles itself (自办): 409', async () => {
    store({ ...ASSIGNED, status: 'accepted', handling: undefined, objectionWindow: undefined });
    const selfHandled = await start('tonglu-office');
    expect(selfHandled.status).toBe(409);
    expect(selfHandled.body.error.messageZh).toBe('信访事项 330122-2026-000007 未交办承办单位，由信访部门自办，无需签收，可直接办理、办结');
  });
});
