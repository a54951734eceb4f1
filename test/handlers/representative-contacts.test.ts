import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { ScanCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { apiTestBed } from '../fixtures/api-handler.js';
import { keyOf, standInTable } from '../fixtures/stand-in-table.js';
import { contactPartition, hashContact, representativeContactKey } from '../../shared/adapters/dynamodb/keys.js';
import { caseItem } from '../../shared/adapters/dynamodb/case-store.js';
import { CaseReindexer } from '../../shared/adapters/dynamodb/reindex.js';
import type { Case } from '../../shared/domain/case.js';

/**
 * 集体访 (条例 第二十条): a collective visit registered with its
 * representatives and their phones. A representative who calls back is found
 * by their number (查询), the answer saying a representative's number matched;
 * their own later petition is not made a repeat by that number (a number
 * read from a letter is agreed with no one);
 * the entries follow the representatives the office agrees; and cases
 * registered before the entries existed get them from `npm run reindex`.
 * The table is a stand-in (test/fixtures/stand-in-table.ts); here the
 * byContact index answers as DynamoDB does (the table's keys, the index keys
 * and `caseNumber`), newest first, and no other index holds anything.
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
const search = (contact: string, staffId = 'tonglu-office') => call(staffId, 'GET', '/petitioners/cases', undefined, { contact });

const MATTER = '城南小区25户业主反映，开发商至今未按合同交付地下车库，维修基金被挪用，要求住建部门责令整改。';
const REPRESENTATIVES = [
  { name: '王建国', phone: '13700004441' },
  { name: '李秀英', phone: '13700004442' },
  { name: '张德胜', phone: '13700004443', email: 'zhangdesheng@qq.example' },
  { name: '刘桂兰', phone: '13700004444' },
];
const VISIT = {
  jurisdiction: '330122',
  channel: 'visit',
  receivedAt: '2026-12-08T09:30:00+08:00',
  subject: '地下车库未交付',
  matter: MATTER,
  petitioner: { name: '赵大海', phone: '13900001234' },
  collective: { headCount: 25, representatives: REPRESENTATIVES },
};

async function registerVisit(): Promise<string> {
  const registered = await call('tonglu-registrar', 'POST', '/cases', VISIT);
  expect(registered.status).toBe(201);
  return registered.body.case.caseNumber as string;
}

const entriesOf = (caseNumber: string) => [...table.values()].filter((item) => item.pk === `CASE#${caseNumber}` && item.entity === 'representativeContact');

describe('a collective petition’s representatives’ contacts', () => {
  it('find the case at the desk, each answer saying a representative’s number matched, and the look-up is on the audit trail', async () => {
    const n = await registerVisit();
    // One entry a representative's contact (张德胜's phone and email), each under the hash: no number in a key.
    expect(entriesOf(n)).toHaveLength(5);
    expect(JSON.stringify(entriesOf(n))).not.toMatch(/1370000444|zhangdesheng/);

    const byRepresentative = await search('+86 137 0000 4441');
    expect(byRepresentative.status).toBe(200);
    expect(byRepresentative.body.items).toEqual([expect.objectContaining({ caseNumber: n, matchedAs: ['representative'] })]);
    expect((await search('ZhangDeSheng@qq.example')).body.items).toEqual([expect.objectContaining({ caseNumber: n, matchedAs: ['representative'] })]);
    expect((await search('13900001234')).body.items).toEqual([expect.objectContaining({ caseNumber: n, matchedAs: ['petitioner'] })]);
    const audit = [...table.values()].filter((item) => item.pk === `AUDIT#${n}` && item.action === 'read:found-by-contact');
    expect(audit).toHaveLength(3);
    // Nobody outside the case finds it by a representative's number either.
    expect((await search('13700004441', 'tonglu-housing-handler')).body.items).toEqual([]);
  });

  it('follow the representatives the office agrees: one replaced no longer finds the case, the new one does', async () => {
    const n = await registerVisit();
    const agreed = await call('tonglu-office', 'POST', `/cases/${n}/representatives`, {
      representatives: [...REPRESENTATIVES.slice(0, 3), { name: '陈明', phone: '0571-6461 2345' }],
    });
    expect(agreed.status).toBe(200);

    expect((await search('13700004444')).body.items).toEqual([]);
    expect(table.has(keyOf(representativeContactKey(n, hashContact('phone:13700004444'))))).toBe(false);
    expect((await search('057164612345')).body.items).toEqual([expect.objectContaining({ caseNumber: n, matchedAs: ['representative'] })]);
    expect((await search('13700004442')).body.items).toEqual([expect.objectContaining({ caseNumber: n })]);
    expect(entriesOf(n)).toHaveLength(5);
  });

  it('a representative who is also the petitioner: correcting the petitioner’s number leaves the representative’s entry', async () => {
    const registered = await call('tonglu-registrar', 'POST', '/cases', { ...VISIT, petitioner: { name: '王建国', phone: '13700004441' } });
    const n = registered.body.case.caseNumber as string;
    expect((await search('13700004441')).body.items).toEqual([expect.objectContaining({ caseNumber: n, matchedAs: ['petitioner', 'representative'] })]);

    const corrected = await call('tonglu-registrar', 'POST', `/cases/${n}/petitioner`, { phone: '13905710001', reason: '信访人来电告知更换了手机号码', expectedVersion: registered.body.case.version });
    expect(corrected.status).toBe(200);
    // The group agreed him with that number: he is still its representative by it until the office agrees otherwise.
    expect((await search('13700004441')).body.items).toEqual([expect.objectContaining({ caseNumber: n, matchedAs: ['representative'] })]);
    expect((await search('13905710001')).body.items).toEqual([expect.objectContaining({ caseNumber: n, matchedAs: ['petitioner'] })]);
  });

  it('never make a representative’s own later petition a repeat by their number: staff link it by hand', async () => {
    await registerVisit();
    const again = await call('tonglu-registrar', 'POST', '/cases', {
      jurisdiction: '330122',
      channel: 'phone',
      receivedAt: '2026-12-10T10:00:00+08:00',
      subject: '地下车库',
      matter: '城南小区业主反映，开发商至今仍未按合同交付地下车库，维修基金被挪用，要求住建部门尽快责令整改。',
      petitioner: { name: '李秀英', phone: '137-0000-4442' },
    });
    expect(again.status).toBe(201);
    expect(again.body.case.repeatOf).toBeUndefined();

    const other = await call('tonglu-registrar', 'POST', '/cases', {
      jurisdiction: '330122',
      channel: 'phone',
      receivedAt: '2026-12-10T10:30:00+08:00',
      subject: '低保',
      matter: '本人母亲年老多病，申请低保一直没有批下来，请民政部门帮助核实。',
      petitioner: { name: '李秀英', phone: '13700004442' },
    });
    expect(other.status).toBe(201);
    expect(other.body.case.repeatOf).toBeUndefined();
  });
});

describe('npm run reindex: collective petitions registered before their representatives’ contacts were indexed', () => {
  const before: Case = {
    caseNumber: '330122-2026-000003',
    jurisdiction: '330122',
    receivingOffice: '330122',
    channel: 'visit',
    status: 'assigned',
    matter: MATTER,
    petitioner: { anonymous: false, name: '赵大海', phone: '13900001234' },
    collective: { headCount: 25, representatives: REPRESENTATIVES.map((r) => ({ anonymous: false, ...r })) },
    urgent: false,
    reviewLevel: 0,
    receivedAt: '2026-11-20T01:15:00.000Z',
    registeredAt: '2026-11-20T01:20:00.000Z',
    registeredBy: 'tonglu-registrar',
    handling: { lead: '330122-housing', cooperating: [] },
    deadlines: {},
    attachments: [],
    version: 4,
    updatedAt: '2026-11-21T01:20:00.000Z',
  };

  it('adds their entries, only while the case is as read, and a second pass adds none', async () => {
    const item = caseItem(before);
    table.set(keyOf(item), item);
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

    const first = await reindexer.page();
    expect(first.representativeContactsAdded).toBe(5);
    expect(entriesOf(before.caseNumber).map((e) => e.gsi4pk)).toContain(contactPartition(hashContact('phone:13700004443')));
    expect((await search('13700004443')).body.items).toEqual([expect.objectContaining({ caseNumber: before.caseNumber, matchedAs: ['representative'] })]);
    expect((await reindexer.page()).representativeContactsAdded).toBe(0);
  });
});
