import { describe, expect, it } from 'vitest';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { caseItem, DynamoCaseStore } from '../../shared/adapters/dynamodb/case-store.js';
import { pack, PACKED_ATTRIBUTE, unpack } from '../../shared/adapters/dynamodb/packed.js';
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

  it('refuse a packed value of a format they do not know, rather than read it wrong', () => {
    expect(() => unpack({ pk: 'CASE#1', [PACKED_ATTRIBUTE]: new Uint8Array([9, 1, 2]) })).toThrow(/unknown format \(9\)/);
  });
});
