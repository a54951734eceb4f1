import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { PutCommand, ScanCommand, TransactWriteCommand, type PutCommandInput, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { apiTestBed } from '../fixtures/api-handler.js';
import { keyOf, standInTable } from '../fixtures/stand-in-table.js';
import { hashName, namePartition } from '../../shared/adapters/dynamodb/keys.js';
import { caseItem } from '../../shared/adapters/dynamodb/case-store.js';
import { CaseReindexer } from '../../shared/adapters/dynamodb/reindex.js';
import type { Case } from '../../shared/domain/case.js';

/**
 * 查询 by 信访人姓名: a letter-writer or a walk-in known by name and address
 * alone is found at the desk by name, typed however the clerk types it
 * (spaces, full-width letters, case); never another office's case the clerk
 * may not read, never an anonymous one; a corrected name moves the entry; a
 * collective petition's representatives are found by name too; every case
 * found is on its audit trail; and `npm run reindex` gives cases registered
 * before names were indexed their entries. The table is a stand-in
 * (test/fixtures/stand-in-table.ts); the byContact index answers as DynamoDB
 * does (the table's keys, the index keys and `caseNumber`), newest first.
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
const byName = (name: string, staffId = 'tonglu-office') => call(staffId, 'GET', '/petitioners/cases/by-name', undefined, { name });
const found = async (name: string, staffId?: string) => {
  const answer = await byName(name, staffId);
  expect(answer.status).toBe(200);
  return (answer.body.items as { caseNumber: string; matchedAs: string[] }[]).map(({ caseNumber, matchedAs }) => ({ caseNumber, matchedAs }));
};

/** A letter with a postal address and no phone or email: before this, nothing at the desk could find it. */
const LETTER = {
  jurisdiction: '330122',
  channel: 'letter',
  receivedAt: '2026-12-08T09:30:00+08:00',
  subject: '楼顶漏水',
  matter: '反映城南小区楼顶漏水三个月无人维修，请住建部门督促物业尽快维修。',
  petitioner: { name: '王秀英', address: '桐庐县城南街道城南小区5幢2单元301室' },
};

async function register(body: unknown, staffId = 'tonglu-registrar'): Promise<{ caseNumber: string; version: number }> {
  const registered = await call(staffId, 'POST', '/cases', body);
  expect(registered.status).toBe(201);
  return registered.body.case as { caseNumber: string; version: number };
}

const itemsOf = (caseNumber: string) => [...table.values()].filter((item) => item.pk === `CASE#${caseNumber}`);

describe('finding a petitioner’s cases by name', () => {
  it('finds a letter-writer’s case however the name is typed, and writes each look-up on the case’s audit trail', async () => {
    const { caseNumber: n } = await register(LETTER);
    // No name in any key: the partition is the name's hash.
    const keys = itemsOf(n).map(({ pk, sk, gsi1pk, gsi1sk, gsi2pk, gsi2sk, gsi3pk, gsi3sk, gsi4pk, gsi4sk }) => [pk, sk, gsi1pk, gsi1sk, gsi2pk, gsi2sk, gsi3pk, gsi3sk, gsi4pk, gsi4sk]);
    expect(JSON.stringify(keys)).not.toMatch(/王秀英/);
    // The case item itself carries the name (no contact to carry): no item of its own.
    expect(itemsOf(n).filter((item) => String(item.gsi4pk).startsWith('NAME#')).map((item) => item.sk)).toEqual(['CASE']);

    for (const typed of ['王秀英', '王 秀英', ' 王　秀英 ']) expect(await found(typed)).toEqual([{ caseNumber: n, matchedAs: ['petitioner'] }]);
    expect(await found('王秀')).toEqual([]);
    const audit = [...table.values()].filter((item) => item.pk === `AUDIT#${n}` && item.action === 'read:found-by-name');
    expect(audit).toHaveLength(3);
    expect(audit[0]).toMatchObject({ actor: 'tonglu-office', outcome: 'allowed' });

    // The console's way: the name in the body (out of the CDN's access log), the same answer; and the contact too.
    const posted = await call('tonglu-office', 'POST', '/petitioners/cases/by-name', { name: '王 秀英' });
    expect(posted.status).toBe(200);
    expect(posted.body.items.map((c: { caseNumber: string }) => c.caseNumber)).toEqual([n]);
    // With its running clock, as a work list shows it (当前期限).
    expect(posted.body.items[0].clock).toMatchObject({ overdue: false, workingDaysLeft: expect.any(Number) });
    expect((await call('tonglu-office', 'POST', '/petitioners/cases/by-name', { name: '' })).status).toBe(400);
    expect((await call('tonglu-office', 'POST', '/petitioners/cases/by-contact', { contact: '13900001234', extra: 1 })).status).toBe(400);
    expect((await call('tonglu-office', 'POST', '/petitioners/cases/by-contact', { contact: '13900001234' })).status).toBe(200);
  });

  it('folds full-width Latin letters and case, and finds a petitioner with a phone by name too, newest first', async () => {
    const first = await register({ ...LETTER, petitioner: { name: 'Wang Xiuying', address: '桐庐县城南街道' } });
    const second = await register({ ...LETTER, channel: 'visit', receivedAt: '2026-12-09T10:00:00+08:00', petitioner: { name: 'ＷＡＮＧ　ｘｉｕｙｉｎｇ', phone: '13900002222' } });
    // The case item carries the phone; the name has an entry beside it.
    expect(itemsOf(second.caseNumber).filter((item) => String(item.gsi4pk).startsWith('NAME#')).map((item) => String(item.sk).slice(0, 5))).toEqual(['NAME#']);

    expect(await found('wangxiuying')).toEqual([
      { caseNumber: second.caseNumber, matchedAs: ['petitioner'] },
      { caseNumber: first.caseNumber, matchedAs: ['petitioner'] },
    ]);
    // The phone still finds only its own case.
    const byPhone = await call('tonglu-office', 'GET', '/petitioners/cases', undefined, { contact: '13900002222' });
    expect(byPhone.body.items).toEqual([expect.objectContaining({ caseNumber: second.caseNumber })]);
  });

  it('tells two namesakes apart by what their cases record — address, work unit, the name as written — and never by their contact', async () => {
    const letter = await register(LETTER);
    const visit = await register({
      ...LETTER,
      channel: 'visit',
      receivedAt: '2026-12-09T10:00:00+08:00',
      subject: '工资拖欠',
      petitioner: { name: '王 秀英', workUnit: '桐庐县某制衣厂', phone: '13900005555' },
    });
    const answer = await byName('王秀英');
    expect(answer.body.items).toEqual([
      expect.objectContaining({ caseNumber: visit.caseNumber, subject: '工资拖欠', channel: 'visit', petitioner: { name: '王 秀英', workUnit: '桐庐县某制衣厂' } }),
      expect.objectContaining({ caseNumber: letter.caseNumber, subject: '楼顶漏水', channel: 'letter', petitioner: { name: '王秀英', address: '桐庐县城南街道城南小区5幢2单元301室' } }),
    ]);
    expect(JSON.stringify(answer.body)).not.toMatch(/13900005555/);
  });

  it('never answers a case the caller may not read: another county’s petitioner of the same name, or one outside a unit’s work', async () => {
    const own = await register(LETTER);
    const elsewhere = await register({ ...LETTER, jurisdiction: '330521', petitioner: { name: '王秀英', address: '德清县武康街道' } }, 'deqing-registrar');
    expect(await found('王秀英')).toEqual([{ caseNumber: own.caseNumber, matchedAs: ['petitioner'] }]);
    expect(await found('王秀英', 'deqing-registrar')).toEqual([{ caseNumber: elsewhere.caseNumber, matchedAs: ['petitioner'] }]);
    // A unit's handler sees only the cases their unit works: none here. Nothing found, nothing on the trail for them.
    expect(await found('王秀英', 'tonglu-housing-handler')).toEqual([]);
    expect([...table.values()].filter((item) => item.pk === `AUDIT#${elsewhere.caseNumber}` && item.actor === 'tonglu-office')).toEqual([]);
  });

  it('finds a clerk’s own case of a common name behind a hundred newer ones elsewhere, and says when there may be more than it answers', async () => {
    const { caseNumber: own } = await register({ ...LETTER, petitioner: { name: '张伟', address: '桐庐县旧县街道' } });
    // 120 newer cases of 张伟 in 德清 (another city's county), stored as registration stores them.
    const seed = (jurisdiction: string, i: number) => {
      const c: Case = {
        caseNumber: `${jurisdiction}-2026-${String(900 + i).padStart(6, '0')}`,
        jurisdiction,
        receivingOffice: jurisdiction,
        channel: 'letter',
        status: 'registered',
        matter: '来信反映问题',
        petitioner: { anonymous: false, name: '张伟', address: `某地${i}号` },
        urgent: false,
        reviewLevel: 0,
        receivedAt: '2026-12-10T04:00:00.000Z',
        registeredAt: `2026-12-10T05:${String(i % 60).padStart(2, '0')}:${String(Math.floor(i / 60)).padStart(2, '0')}.000Z`,
        registeredBy: 'system',
        deadlines: {},
        attachments: [],
        version: 1,
        updatedAt: '2026-12-10T05:00:00.000Z',
      };
      const item = caseItem(c);
      table.set(keyOf(item), item);
    };
    for (let i = 0; i < 120; i++) seed('330521', i);
    const answer = await byName('张伟');
    expect(answer.body.items.map((c: { caseNumber: string }) => c.caseNumber)).toEqual([own]);
    expect(answer.body.more).toBeUndefined();
    // 德清's clerk sees 100 of their 120, newest first, and is told there are more.
    const deqing = await byName('张伟', 'deqing-registrar');
    expect(deqing.body.items).toHaveLength(100);
    expect(deqing.body.more).toBe(true);
    // Only the cases answered are on an audit trail.
    expect([...table.values()].filter((item) => String(item.pk).startsWith('AUDIT#330521') && item.action === 'read:found-by-name')).toHaveLength(100);
  });

  it('never finds an anonymous petition: it has no entry under any name', async () => {
    const { caseNumber: n } = await register({ ...LETTER, petitioner: { anonymous: true } });
    expect(itemsOf(n).filter((item) => String(item.gsi4pk ?? '').startsWith('NAME#'))).toEqual([]);
    expect(await found('王秀英')).toEqual([]);
  });

  it('moves the entry when the name is corrected, and keeps it when a phone is added later', async () => {
    const registered = await register(LETTER);
    const n = registered.caseNumber;
    const corrected = await call('tonglu-registrar', 'POST', `/cases/${n}/petitioner`, { name: '汪秀英', reason: '来信落款为汪秀英，登记时误录', expectedVersion: registered.version });
    expect(corrected.status).toBe(200);
    expect(await found('王秀英')).toEqual([]);
    expect(await found('汪秀英')).toEqual([{ caseNumber: n, matchedAs: ['petitioner'] }]);

    // A phone given later: the case item now carries it, the name an entry of its own — found by both.
    const phoned = await call('tonglu-registrar', 'POST', `/cases/${n}/petitioner`, { phone: '13900003333', reason: '信访人来电留下手机号码' });
    expect(phoned.status).toBe(200);
    expect(await found('汪 秀英')).toEqual([{ caseNumber: n, matchedAs: ['petitioner'] }]);
    expect(itemsOf(n).filter((item) => String(item.gsi4pk ?? '').startsWith('NAME#')).map((item) => String(item.sk).slice(0, 5))).toEqual(['NAME#']);
    const again = await call('tonglu-registrar', 'POST', `/cases/${n}/petitioner`, { name: '王秀英', reason: '核对身份证后更正' });
    expect(again.status).toBe(200);
    expect(await found('汪秀英')).toEqual([]);
    expect(await found('王秀英')).toEqual([{ caseNumber: n, matchedAs: ['petitioner'] }]);
    expect(itemsOf(n).filter((item) => String(item.gsi4pk ?? '').startsWith('NAME#'))).toHaveLength(1);
  });

  it('finds a collective petition by a representative’s name, saying so, and follows the representatives the office agrees', async () => {
    const { caseNumber: n } = await register({
      ...LETTER,
      channel: 'visit',
      petitioner: { name: '赵大海', phone: '13900001234' },
      collective: { headCount: 25, representatives: [{ name: '王秀英', phone: '13700004441' }, { name: '李 建国', phone: '13700004442' }] },
    });
    expect(await found('王秀英')).toEqual([{ caseNumber: n, matchedAs: ['representative'] }]);
    expect(await found('李建国')).toEqual([{ caseNumber: n, matchedAs: ['representative'] }]);
    // The answer names the representative asked about (as written), not the whole group, and the group's petitioner.
    expect((await byName('李建国')).body.items[0]).toMatchObject({ petitioner: { name: '赵大海' }, representatives: [{ name: '李 建国' }] });
    expect(await found('赵大海')).toEqual([{ caseNumber: n, matchedAs: ['petitioner'] }]);

    const agreed = await call('tonglu-office', 'POST', `/cases/${n}/representatives`, { representatives: [{ name: '王秀英', phone: '13700004441' }, { name: '陈明', phone: '13700004443' }] });
    expect(agreed.status).toBe(200);
    expect(await found('李建国')).toEqual([]);
    expect(await found('陈明')).toEqual([{ caseNumber: n, matchedAs: ['representative'] }]);
    expect(await found('王秀英')).toEqual([{ caseNumber: n, matchedAs: ['representative'] }]);
  });

  it('refuses a name that is only spaces, or too long, in Chinese', async () => {
    const blank = await byName(' 　 ');
    expect(blank.status).toBe(400);
    expect(JSON.stringify(blank.body)).toMatch(/请填写信访人姓名/);
    const long = await byName('王'.repeat(51));
    expect(long.status).toBe(400);
    expect(JSON.stringify(long.body)).toMatch(/姓名不超过 50 个字/);
  });
});

describe('npm run reindex: cases registered before names were indexed', () => {
  const base: Case = {
    caseNumber: '330122-2026-000003',
    jurisdiction: '330122',
    receivingOffice: '330122',
    channel: 'letter',
    status: 'assigned',
    matter: LETTER.matter,
    petitioner: { anonymous: false, name: '王秀英', address: '桐庐县城南街道' },
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
  const withPhone: Case = { ...base, caseNumber: '330122-2026-000004', registeredAt: '2026-11-21T01:20:00.000Z', petitioner: { anonymous: false, name: '王 秀英', phone: '13900004444' } };

  /** The case item as the code before names wrote it: indexed by its first contact only. */
  function storeAsBefore(c: Case) {
    const item = caseItem(c);
    if (String(item.gsi4pk).startsWith('NAME#')) {
      delete item.gsi4pk;
      delete item.gsi4sk;
    }
    table.set(keyOf(item), item);
  }

  it('indexes both by name, only while the case is as read, and a second pass does nothing', async () => {
    storeAsBefore(base);
    storeAsBefore(withPhone);
    expect(await found('王秀英')).toEqual([]);
    dynamo.on(ScanCommand).callsFake(() => ({ Items: [...table.values()].filter((i) => i.entity === 'case') }));
    // The rewrite on condition of the version read, the entries put if absent on that condition: as DynamoDB would judge them.
    dynamo.on(PutCommand).callsFake((input: PutCommandInput) => {
      const stored = table.get(keyOf(input.Item!));
      if (input.ConditionExpression === 'version = :expected' && stored?.version !== input.ExpressionAttributeValues![':expected']) throw new Error('unexpected condition failure');
      table.set(keyOf(input.Item!), input.Item!);
      return {};
    });
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
    expect(first.rewritten).toEqual([base.caseNumber]);
    expect(first.nameEntriesAdded).toBe(1);
    expect(table.get(keyOf({ pk: `CASE#${base.caseNumber}`, sk: 'CASE' }))?.gsi4pk).toBe(namePartition(hashName('王秀英')));
    expect(await found('王秀英')).toEqual([
      { caseNumber: withPhone.caseNumber, matchedAs: ['petitioner'] },
      { caseNumber: base.caseNumber, matchedAs: ['petitioner'] },
    ]);
    const second = await reindexer.page();
    expect(second.rewritten).toEqual([]);
    expect(second.nameEntriesAdded).toBe(0);
  });
});
