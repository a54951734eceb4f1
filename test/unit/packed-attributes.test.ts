import { describe, expect, it } from 'vitest';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { caseItem, DynamoCaseStore } from '../../shared/adapters/dynamodb/case-store.js';
import { createHash } from 'node:crypto';
import { brotliCompressSync } from 'node:zlib';
import { outboxItems } from '../../shared/adapters/dynamodb/outbox-items.js';
import { PACK_DICTIONARY_2 } from '../../shared/adapters/dynamodb/pack-dictionary.js';
import { pack, PACKED_ATTRIBUTE, unpack } from '../../shared/adapters/dynamodb/packed.js';
import { letters } from '../../shared/app/outbox.js';
import { CASE_TABLE } from '../../shared/resources/definitions.js';
import type { Case } from '../../shared/domain/case.js';

/** What DynamoDB bills for an item: attribute names and values in UTF-8, binary as its bytes. */
function billedBytes(item: Record<string, unknown>): number {
  return Object.entries(marshall(item, { removeUndefinedValues: true })).reduce((sum, [name, value]) => {
    const v = value as { B?: Uint8Array };
    return sum + Buffer.byteLength(name) + (v.B ? v.B.byteLength : Buffer.byteLength(JSON.stringify(Object.values(value)[0])));
  }, 0);
}

const MATTER =
  '我是桐庐县城南街道居民，我们小区的路灯已经坏了三个月，晚上出行很不方便，老人和孩子多次摔倒。多次向物业和街道反映，一直没有人来修。' +
  '物业说路灯归市政管，市政说小区内部的归物业管，互相推诿。请求有关部门尽快协调，派人维修路灯，保障居民夜间出行安全。联系电话：13812345678。';

/** The acknowledgement the intake queues for a letter by email (its text as the intake writes it). */
const ACKNOWLEDGEMENT = {
  id: 'ack:330122-2026-000043',
  kind: 'acknowledgement' as const,
  caseNumber: '330122-2026-000043',
  to: ['wangfang88@qq.example'],
  fromName: '桐庐县信访局',
  replyTo: 'xinfang@tonglu.petitions.example',
  subject: '【330122-2026-000043】您的信访事项已登记 — 桐庐县信访局',
  text:
    '王芳：\n\n您好！您于2026年1月12日 09:14发送至桐庐县信访局的来信（主题：小区门口道路积水严重）已收到并登记，登记编号为 330122-2026-000043。\n\n' +
    '依照《信访工作条例》，我们将在2026年1月27日前决定是否受理并书面告知您；受理后，一般在60日内办结（情况复杂的，经批准可以延长，并告知您理由）。\n\n' +
    '如需补充材料，请直接回复本邮件，并保留主题中的登记编号，补充的材料将归入同一事项。\n\n本邮件由系统自动发送。\n桐庐县信访局\n',
  inReplyTo: '5e1f0c2a.3d4b.19b9a3c5d2e.Coremail.wangfang88@qq.example',
  references: ['5e1f0c2a.3d4b.19b9a3c5d2e.Coremail.wangfang88@qq.example'],
  autoSubmitted: 'auto-replied' as const,
};

const stored: Case = {
  caseNumber: '330122-2026-000042',
  jurisdiction: '330122',
  receivingOffice: '330122',
  channel: 'email',
  status: 'assigned',
  subject: '关于小区路灯损坏的反映',
  matter: MATTER,
  petitioner: { anonymous: false, name: '张三', phone: '13812345678', email: 'zhang@example.com' },
  urgent: false,
  reviewLevel: 0,
  receivedAt: '2026-12-03T01:15:00.000Z',
  registeredAt: '2026-12-03T01:15:02.000Z',
  registeredBy: 'system:intake',
  handling: { lead: '330122-housing', cooperating: [] },
  deadlines: { acceptance: '2026-12-17T16:00:00.000Z', handling: '2027-02-01T16:00:00.000Z', started: { acceptance: '2026-12-03T01:15:00.000Z' } },
  attachments: [],
  version: 3,
  updatedAt: '2026-12-03T01:16:00.000Z',
};

describe('packed attributes', () => {
  it('keep what keys, indexes and conditions read plain, and give back the rest as it was', () => {
    const item = caseItem(stored);
    for (const name of ['pk', 'sk', 'entity', 'gsi1pk', 'gsi2pk', 'status', 'subject', 'handling', 'deadlines', 'ledger', 'version']) expect(item).toHaveProperty(name);
    for (const name of ['matter', 'petitioner', 'registeredBy', 'updatedAt']) expect(item).not.toHaveProperty(name);
    // Every attribute an index projects stays readable from the index.
    for (const index of CASE_TABLE.indexes) for (const name of index.projection) if (name in item || name in stored) expect(item, `${index.name} projects ${name}`).toHaveProperty(name);
    expect(unpack(item)).toMatchObject({ matter: MATTER, petitioner: stored.petitioner, updatedAt: stored.updatedAt });
  });

  it('make a case item with a letter of 230 characters smaller by at least a third of its text', () => {
    const plain = { ...unpack(caseItem(stored)) };
    const packed = caseItem(stored);
    expect(billedBytes(packed)).toBeLessThan(billedBytes(plain) - Buffer.byteLength(MATTER) / 3);
  });

  it('read back a case from the table as it was stored', async () => {
    const doc = mockClient(DynamoDBDocumentClient);
    doc.on(QueryCommand).resolves({ Items: [caseItem(stored)] });
    const store = new DynamoCaseStore(new DynamoDBClient({ region: 'cn-north-1', endpoint: 'http://127.0.0.1:9' }), 'cases');
    const read = await store.get(stored.caseNumber);
    doc.restore();
    expect(read?.case).toEqual(stored);
  });

  it('read the base64 form a stream record carries, and items written before packing as they are', () => {
    const item = pack({ pk: 'CASE#1', body: { text: '您好！您的来信已收到。' } }, new Set(['pk']));
    const base64 = Buffer.from(item[PACKED_ATTRIBUTE] as Uint8Array).toString('base64');
    expect(unpack({ ...item, [PACKED_ATTRIBUTE]: base64 })).toEqual({ pk: 'CASE#1', body: { text: '您好！您的来信已收到。' } });
    expect(unpack({ pk: 'CASE#1', body: { text: 'old' } })).toEqual({ pk: 'CASE#1', body: { text: 'old' } });
  });

  it('pack a letter with the dictionary of the letters the system writes: an acknowledgement’s outbox item bills 1 KB, not 2', () => {
    const [put] = outboxItems('cases', 'CASE#330122-2026-000043', letters(ACKNOWLEDGEMENT), '2026-01-12T01:14:40.000Z');
    const item = put!.Put!.Item as Record<string, unknown>;
    const packed = item[PACKED_ATTRIBUTE] as Uint8Array;
    expect(packed[0]).toBe(2);
    expect(billedBytes(item)).toBeLessThanOrEqual(1024);
    const brotli = brotliCompressSync(Buffer.from(JSON.stringify({ messages: letters(ACKNOWLEDGEMENT) }))).length;
    expect(packed.byteLength).toBeLessThan(brotli / 2);
    expect(unpack(item)).toMatchObject({ messages: [{ queue: 'notify', id: ACKNOWLEDGEMENT.id, body: ACKNOWLEDGEMENT }] });
  });

  it('read items packed before the dictionary (format 1, brotli) as they were', () => {
    const value = Buffer.concat([Buffer.from([1]), brotliCompressSync(Buffer.from(JSON.stringify({ matter: MATTER })))]);
    expect(unpack({ pk: 'CASE#1', [PACKED_ATTRIBUTE]: new Uint8Array(value) })).toEqual({ pk: 'CASE#1', matter: MATTER });
  });

  it('never change the dictionary items were stored with (a new one is a new format)', () => {
    expect(createHash('sha256').update(PACK_DICTIONARY_2, 'utf8').digest('hex')).toBe('dd27dfd1c0e3f099be1799964b5841d645e0ba603b0a0dd24370138417f4dd6c');
  });

  it('refuse a packed value of a format they do not know, rather than read it wrong', () => {
    expect(() => unpack({ pk: 'CASE#1', [PACKED_ATTRIBUTE]: new Uint8Array([9, 1, 2]) })).toThrow(/unknown format \(9\)/);
  });
});
