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
 * 回避 (条例 第二十八条) that leaves the unit leading a case with nobody who
 * may work it: 杭州市生态环境局桐庐分局 has one staff member in the system,
 * 钟锦涛, and the complaint is his relative's. Recused (by himself or by the
 * office), nobody there can read, conclude or answer the case; the office
 * that handed it over is told at once to take it back (收回) and hand it to
 * someone who may — not left to learn it from the 督办 after the deadline.
 */

const dynamo = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
let handler: ApiHandler;
beforeAll(async () => {
  handler = await importApiHandler('ERROR');
});
const { table, serve } = standInTable(dynamo);
beforeEach(() => {
  dynamo.reset();
  sqs.reset();
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [{ Id: '0', MessageId: 'm-1', MD5OfMessageBody: '' }], Failed: [] });
  dynamo.on(QueryCommand, { IndexName: 'byContact' }).resolves({ Items: [] });
  serve();
  // Monday 7 December 2026, 10:00 in China.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-12-07T02:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
});
const invoke = apiInvoker(() => handler);

const WITH_ECOLOGY: Case = {
  caseNumber: '330122-2026-000031',
  jurisdiction: '330122',
  receivingOffice: '330122',
  channel: 'letter',
  status: 'assigned',
  subject: '养猪场污水直排',
  matter: '我村附近养猪场把污水直接排进分水江支流，气味很大，请环保部门查处。',
  petitioner: { anonymous: false, name: '钟秀兰', phone: '13957112233' },
  urgent: false,
  reviewLevel: 0,
  handling: { lead: '330122-ecology', cooperating: [] },
  assignedBy: { staffId: 'tonglu-office', jurisdiction: '330122' },
  receivedAt: '2026-11-30T01:15:00.000Z',
  registeredAt: '2026-11-30T01:20:00.000Z',
  registeredBy: 'tonglu-registrar',
  acceptedAt: '2026-12-01T01:00:00.000Z',
  deadlines: { handling: '2027-01-30T16:00:00.000Z' },
  attachments: [],
  version: 5,
  updatedAt: '2026-12-01T01:00:00.000Z',
};
const store = (c: Case) => {
  const item = caseItem(c);
  table.set(keyOf(item), item);
};
const recuse = (staffId: string, by: string) =>
  invoke({ method: 'POST', path: `/cases/${WITH_ECOLOGY.caseNumber}/recusals`, staffId: by, body: { staffId, reason: '信访人钟秀兰系其姑母' } });
const items = () => [...table.values()].map((item) => unpacked(item));
const mails = () => outboxMessages(items()).filter((m) => m.queue === 'notify').map((m) => m.body as { to: string[]; subject: string; text: string });

describe('回避 that leaves the lead unit with nobody to work the case', () => {
  it('recusing himself, the unit’s only staff member has the office that handed it the case told to take it back', async () => {
    store(WITH_ECOLOGY);
    const recused = await recuse('tonglu-ecology-handler', 'tonglu-ecology-handler');
    expect(recused.status).toBe(200);
    const told = mails().filter((m) => m.to.includes('xinfang@tonglu.petitions.example'));
    expect(told).toHaveLength(1);
    expect(told[0]!.subject).toContain(WITH_ECOLOGY.caseNumber);
    expect(told[0]!.text).toContain('杭州市生态环境局桐庐分局');
    expect(told[0]!.text).toContain('收回');
    // The recusal's reason is the recused person's own: not written to the office.
    expect(told[0]!.text).not.toContain('姑母');
    expect(items().find((i) => i.entity === 'event' && i.type === 'recused')).toMatchObject({ detail: { staffId: 'tonglu-ecology-handler', unitWithoutStaff: '330122-ecology' } });
  });

  it('concluded but not yet answered (谁承办谁答复), the office is told too: nobody there may send the reply', async () => {
    store({ ...WITH_ECOLOGY, status: 'concluded', deadlines: { ...WITH_ECOLOGY.deadlines, reply: '2026-12-11T16:00:00.000Z' } });
    expect((await recuse('tonglu-ecology-handler', 'tonglu-ecology-handler')).status).toBe(200);
    const told = mails().filter((m) => m.to.includes('xinfang@tonglu.petitions.example'));
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toContain('答复期限：2026年12月11日');
    expect(told[0]!.text).not.toContain('姑母');
  });

  it('a cooperating unit left with nobody has the office that named it told too: nobody there will send the lead its 协办意见', async () => {
    store({ ...WITH_ECOLOGY, status: 'inProgress', handling: { lead: '330122-hrss', cooperating: ['330122-ecology'] } });
    expect((await recuse('tonglu-ecology-handler', 'tonglu-ecology-handler')).status).toBe(200);
    const told = mails().filter((m) => m.to.includes('xinfang@tonglu.petitions.example'));
    expect(told).toHaveLength(1);
    expect(told[0]!.subject).toBe(`【回避】${WITH_ECOLOGY.caseNumber} 杭州市生态环境局桐庐分局已无可配合办理人员 — 桐庐县信访局`);
    expect(told[0]!.text).toContain('牵头单位桐庐县人力资源和社会保障局可不待其协办意见办结');
    expect(told[0]!.text).not.toContain('姑母');
    expect(items().find((i) => i.entity === 'event' && i.type === 'recused')).toMatchObject({ detail: { staffId: 'tonglu-ecology-handler', cooperatingWithoutStaff: '330122-ecology' } });
  });

  it('a unit with someone left (人社局: its head, when its handler is recused) tells nobody', async () => {
    store({ ...WITH_ECOLOGY, handling: { lead: '330122-hrss', cooperating: [] } });
    expect((await recuse('tonglu-hrss-handler', 'tonglu-office')).status).toBe(200);
    expect(mails()).toEqual([]);
  });
});
