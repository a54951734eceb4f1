import { beforeEach, describe, expect, it } from 'vitest';
import { BatchGetCommand, QueryCommand, ScanCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { apiTestBed } from '../fixtures/api-handler.js';
import { keyOf, standInTable } from '../fixtures/stand-in-table.js';
import { caseItem, handedOnItem } from '../../shared/adapters/dynamodb/case-store.js';
import type { Case } from '../../shared/domain/case.js';
import { LEDGER_MAX_LINES } from '../../shared/app/ledger-export.js';
import { RECEIPT_SHARDS } from '../../shared/adapters/dynamodb/keys.js';
import { CaseReindexer } from '../../shared/adapters/dynamodb/reindex.js';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CASE_TABLE } from '../../shared/resources/definitions.js';

/**
 * 导出台账 (GET /cases/ledger): the cases received in a period that the
 * caller may read, one line each, as a CSV file for Excel — never a line a
 * unit may not see, never a report's petitioner to the unit it accuses —
 * and every file on the ledger trail. The table is a stand-in whose
 * index by the month received pages as DynamoDB does.
 */

// Monday 7 December 2026, 16:00 in China.
const { dynamo, invoke } = apiTestBed({ now: '2026-12-07T08:00:00Z' });
const { table, serve } = standInTable(dynamo);

beforeEach(() => {
  serve();
  // The index by the month received (byReceipt): one partition, its sort keys in order from the prefix asked for, a
  // page at a time after ExclusiveStartKey (DynamoDB stops at 1 MB: here at 100 items, so the export must read on);
  // each entry as the index holds it, its keys and what it projects (keys only: the case is read by key).
  const byReceipt = CASE_TABLE.indexes.find((index) => index.name === 'byReceipt')!;
  const entryOf = (item: Record<string, unknown>) => Object.fromEntries(['pk', 'sk', 'gsi5pk', 'gsi5sk', ...byReceipt.projection].flatMap((name) => (name in item ? [[name, item[name]]] : [])));
  dynamo.on(QueryCommand, { IndexName: 'byReceipt' }).callsFake((input: QueryCommandInput) => {
    const prefix = String(input.ExpressionAttributeValues![':prefix'] ?? '');
    const all = [...table.values()]
      .filter((item) => item.gsi5pk === input.ExpressionAttributeValues![':pk'] && String(item.gsi5sk).startsWith(prefix))
      .sort((a, b) => String(a.gsi5sk).localeCompare(String(b.gsi5sk)));
    const after = input.ExclusiveStartKey ? all.findIndex((item) => item.gsi5sk === input.ExclusiveStartKey!.gsi5sk) + 1 : 0;
    const items = all.slice(after, after + Math.min(input.Limit ?? 100, 100));
    const more = after + items.length < all.length;
    return { Items: items.map(entryOf), ...(more ? { LastEvaluatedKey: { pk: items.at(-1)!.pk, sk: items.at(-1)!.sk, gsi5pk: items.at(-1)!.gsi5pk, gsi5sk: items.at(-1)!.gsi5sk } } : {}) };
  });
  // The ledger reads by receipt: the listing by status is not for it.
  dynamo.on(QueryCommand, { IndexName: 'byJurisdictionStatus' }).rejects(new Error('the ledger must not read one listing a place and status'));
  dynamo.on(ScanCommand).rejects(new Error('the ledger must not scan the table'));
});

let sequence = 0;
/** A case of 桐庐县 as the table holds it, received on 2 December unless said otherwise. */
function store(overrides: Partial<Case> = {}): Case {
  sequence += 1;
  const receivedAt = overrides.receivedAt ?? '2026-12-02T01:15:00.000Z';
  const c: Case = {
    caseNumber: `330122-2026-${String(sequence).padStart(6, '0')}`,
    jurisdiction: '330122',
    receivingOffice: '330122',
    channel: 'letter',
    status: 'inProgress',
    category: 'request',
    subject: '楼顶漏水',
    matter: '反映城南小区楼顶漏水三个月无人维修，请住建部门督促物业尽快维修。',
    petitioner: { anonymous: false, name: '王秀英', phone: '13800001111', address: '桐庐县城南街道城南小区5幢' },
    urgent: false,
    reviewLevel: 0,
    receivedAt,
    registeredAt: receivedAt,
    registeredBy: 'tonglu-registrar',
    acceptedAt: '2026-12-03T02:00:00.000Z',
    handling: { lead: '330122-housing', cooperating: [] },
    deadlines: { handling: '2027-01-31T16:00:00.000Z' },
    attachments: [],
    version: 3,
    updatedAt: receivedAt,
    ...overrides,
  };
  table.set(keyOf(caseItem(c)), caseItem(c));
  return c;
}

const DECEMBER = { jurisdiction: '330122', from: '2026-12-01', to: '2026-12-31' };
const ledger = (staffId: string, query: Record<string, string> = DECEMBER) => invoke({ method: 'GET', path: '/cases/ledger', staffId, query });
/** The file's lines after its header, split into cells (the tests' cells hold no comma or quote unless they test one). */
const linesOf = (text: string) =>
  text
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter(Boolean)
    .slice(1);
const numbersIn = (text: string) => linesOf(text).map((line) => line.split(',')[0]);

describe('GET /cases/ledger', () => {
  it('answers a CSV file for Excel: byte-order mark, Chinese headers, one line per case in the order received, in Chinese words', async () => {
    const later = store({ receivedAt: '2026-12-04T02:30:00.000Z', channel: 'visit', collective: { headCount: 12, representatives: [] } });
    const earlier = store({
      status: 'replied',
      result: { facts: '经查属实', basis: '物业管理条例', decision: '督促维修', outcome: 'supported', concludedAt: '2026-12-05T03:00:00.000Z', concludedBy: 'tonglu-housing-handler' },
      reply: { at: '2026-12-06T01:00:00.000Z', by: 'tonglu-housing-handler', letterId: 'l-1', delivery: 'post', level: 0 },
      followUp: { dueAt: '2026-12-13T01:00:00.000Z', satisfied: true, round: 1 },
      registeredLate: 2,
      repeatOf: '330122-2026-000900',
    });
    store({ receivedAt: '2026-11-30T15:59:00.000Z' }); // 30 November, 23:59 in China: before the period.

    const answer = await ledger('tonglu-office');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(answer.headers['content-disposition']).toBe('attachment; filename="ledger-330122-2026-12-01-2026-12-31.csv"');
    expect(answer.headers['cache-control']).toBe('private, no-store');
    expect(answer.text.startsWith(
      '\uFEFF登记编号,信访形式,登记时间,收到时间,信访人,代为反映人,人数,联系电话,住址或工作单位,问题类别,主要问题,所属地区,转送情况,责任单位,办理状态,受理时间,办理期限,办结时间,办理结果,答复时间,满意度评价,逾期登记（工作日）,是否重复信访,是否集体访\r\n',
    )).toBe(true);
    expect(linesOf(answer.text)).toEqual([
      `${earlier.caseNumber},来信,2026-12-02 09:15,2026-12-02 09:15,王秀英,,1,13800001111,桐庐县城南街道城南小区5幢,求决,楼顶漏水,桐庐县,,桐庐县住房和城乡建设局,已答复,2026-12-03 10:00,2027-01-31,2026-12-05 11:00,支持,2026-12-06 09:00,满意,2,是,否`,
      `${later.caseNumber},来访,2026-12-04 10:30,2026-12-04 10:30,王秀英,,12,13800001111,桐庐县城南街道城南小区5幢,求决,楼顶漏水,桐庐县,,桐庐县住房和城乡建设局,办理中,2026-12-03 10:00,2027-01-31,,,,,0,否,是`,
    ]);
  });

  it('writes a cell a spreadsheet would run as a formula with an apostrophe before it, and quotes commas and quotes', async () => {
    store({ subject: '=HYPERLINK("http://x.example","点击")', petitioner: { anonymous: false, name: '@张三', phone: '+86 138 0000 2222', address: '-城南, 5幢' } });
    const { text } = await ledger('tonglu-office');
    expect(text).toContain(`,'@张三,,1,'+86 138 0000 2222,"'-城南, 5幢",求决,"'=HYPERLINK(""http://x.example"",""点击"")",`);
  });

  it('shows an anonymous petitioner as 匿名, with no contact, and cuts a long matter', async () => {
    const long = '反映'.repeat(80);
    store({ subject: undefined, matter: long, petitioner: { anonymous: true } });
    const [line] = linesOf((await ledger('tonglu-office')).text);
    const cells = line!.split(',');
    expect(cells.slice(4, 9)).toEqual(['匿名', '', '1', '', '']);
    expect(cells[10]).toHaveLength(100);
    expect(cells[10]!.endsWith('…')).toBe(true);
  });

  it('gives a unit only the cases it leads, and never a report to the unit it accuses, nor to staff recused from it', async () => {
    const housing = store();
    const hrss = store({ handling: { lead: '330122-hrss', cooperating: [] } });
    const report = store({
      category: 'report',
      handling: { lead: '330122-hrss', cooperating: ['330122-housing'] },
      accusedUnits: ['330122-housing'],
      petitioner: { anonymous: false, name: '举报人李明', phone: '13900009999' },
    });
    const recusedFrom = store({ recused: [{ staffId: 'tonglu-office', reason: '近亲属', by: 'tonglu-leader-petitions', at: '2026-12-03T01:00:00.000Z' }] });

    const unit = await ledger('tonglu-housing-head');
    expect(unit.status).toBe(200);
    expect(numbersIn(unit.text)).toEqual([housing.caseNumber, recusedFrom.caseNumber]);
    expect(unit.text).not.toContain('李明');
    expect(unit.text).not.toContain('13900009999');

    const office = await ledger('tonglu-office');
    expect(numbersIn(office.text).sort()).toEqual([housing.caseNumber, hrss.caseNumber, report.caseNumber].sort());
    // The office that may read the report sees who made it, as on the case page.
    expect(office.text).toContain('举报人李明');

    // Another county's office may not export 桐庐县's cases at all; a unit may not take the levels below.
    expect((await ledger('chunan-office')).status).toBe(403);
    const below = await ledger('tonglu-housing-head', { ...DECEMBER, includeSubordinates: 'true' });
    expect(below.status).toBe(403);
    expect(below.body.error.messageZh).toMatch(/[\u4e00-\u9fa5]/);
    // Both attempts are on the ledger trail, denied.
    const denied = [...table.values()].filter((item) => item.pk === 'AUDIT#ledger' && item.outcome === 'denied');
    expect(denied.map((entry) => entry.actor).sort()).toEqual(['chunan-office', 'tonglu-housing-head']);
  });

  it('takes the levels below with includeSubordinates, for the office of a city', async () => {
    const county = store();
    const township = store({ caseNumber: '330122101-2026-000001', jurisdiction: '330122101', receivingOffice: '330122101', handling: undefined, status: 'registered' });
    expect(numbersIn((await ledger('hz-office', { ...DECEMBER, jurisdiction: '330100' })).text)).toEqual([]);
    const all = await ledger('hz-office', { ...DECEMBER, jurisdiction: '330100', includeSubordinates: 'true' });
    expect(numbersIn(all.text).sort()).toEqual([county.caseNumber, township.caseNumber].sort());
    expect(all.text).toContain(',桐庐县富春江镇,,,已登记,');
  });

  it("gives a city office its counties' and townships' cases with the levels below, and never a neighbouring city's", async () => {
    const county = store();
    const otherCounty = store({ caseNumber: '330127-2026-000001', jurisdiction: '330127', receivingOffice: '330127', handling: undefined, status: 'accepted' });
    const township = store({ caseNumber: '330122101-2026-000001', jurisdiction: '330122101', receivingOffice: '330122101', handling: undefined, status: 'registered' });
    const city = store({ caseNumber: '330100-2026-000001', jurisdiction: '330100', receivingOffice: '330100', handling: undefined, status: 'closed' });
    // 湖州市 and its 德清县: the province's other city, in the same month.
    store({ caseNumber: '330500-2026-000001', jurisdiction: '330500', receivingOffice: '330500', handling: undefined });
    store({ caseNumber: '330521-2026-000001', jurisdiction: '330521', receivingOffice: '330521', handling: undefined });
    // Received in November, or in January: outside the month.
    store({ caseNumber: '330127-2026-000002', jurisdiction: '330127', receivingOffice: '330127', handling: undefined, receivedAt: '2026-11-30T15:59:00.000Z' });
    store({ caseNumber: '330127-2027-000001', jurisdiction: '330127', receivingOffice: '330127', handling: undefined, receivedAt: '2026-12-31T16:00:00.000Z' });

    const all = await ledger('hz-office', { ...DECEMBER, jurisdiction: '330100', includeSubordinates: 'true' });
    expect(all.status).toBe(200);
    expect(numbersIn(all.text).sort()).toEqual([city, county, otherCounty, township].map((c) => c.caseNumber).sort());
    // Without the levels below, the city's own.
    expect(numbersIn((await ledger('hz-office', { ...DECEMBER, jurisdiction: '330100' })).text)).toEqual([city.caseNumber]);
    // The province office takes both cities.
    expect(numbersIn((await ledger('zj-office', { ...DECEMBER, jurisdiction: '330000', includeSubordinates: 'true' })).text)).toHaveLength(6);
  });

  it('reads as much for every status as for one: a month of a city is one read a shard, whatever the statuses and places', async () => {
    const statuses = ['registered', 'accepted', 'assigned', 'inProgress', 'concluded', 'replied', 'closed', 'archived', 'withdrawn'] as const;
    const places = ['330100', '330122', '330122101', '330127', '330127100'];
    statuses.forEach((status, i) => store({ status, caseNumber: `${places[i % places.length]}-2026-${String(500 + i).padStart(6, '0')}`, jurisdiction: places[i % places.length]!, receivingOffice: places[i % places.length]!, handling: undefined }));
    const queriesFor = async (status: string) => {
      dynamo.resetHistory();
      const answer = await ledger('hz-office', { ...DECEMBER, jurisdiction: '330100', includeSubordinates: 'true', status });
      expect(answer.status).toBe(200);
      const queries = dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input);
      // Besides, one read of the 交办转送 entries an office of the city: what they received and sent out of it.
      const entries = queries.filter((q) => q.IndexName === 'byUnit').map((q) => String(q.ExpressionAttributeValues![':pk']));
      expect(new Set(entries).size).toBe(entries.length);
      expect(entries).toEqual(expect.arrayContaining(places.map((p) => `HANDEDON#${p}`)));
      expect(entries.every((pk) => pk.startsWith('HANDEDON#3301'))).toBe(true);
      return { queries: queries.filter((q) => q.IndexName === 'byReceipt').length, lines: numbersIn(answer.text).length };
    };
    const every = await queriesFor('any');
    const one = await queriesFor('closed');
    expect(every.lines).toBe(statuses.length);
    expect(one.lines).toBe(1);
    expect(every.queries).toBe(one.queries);
    // The month's shards, each read once: not the places × statuses × shards (5 × 13 × 4) the listing would take.
    expect(every.queries).toBe(RECEIPT_SHARDS);
  });

  it('finds a case stored before the index by the month received once `npm run reindex` has passed over it', async () => {
    const indexed = store();
    const older = store({ receivedAt: '2026-12-03T01:00:00.000Z' });
    const { gsi5pk: _pk, gsi5sk: _sk, ...asStoredThen } = caseItem(older);
    table.set(keyOf(asStoredThen), asStoredThen);
    expect(numbersIn((await ledger('tonglu-office')).text)).toEqual([indexed.caseNumber]);

    dynamo.on(ScanCommand).callsFake(() => ({ Items: [...table.values()].filter((item) => item.entity === 'case') }));
    const page = await new CaseReindexer(new DynamoDBClient({ region: 'ap-east-1', endpoint: 'http://127.0.0.1:9' }), 'xinfang-test-cases').page();
    expect(page.rewritten).toEqual([older.caseNumber]);
    expect(numbersIn((await ledger('tonglu-office')).text)).toEqual([indexed.caseNumber, older.caseNumber]);
  });

  it('narrows by status, category and unit, as the case list does', async () => {
    const open = store();
    const closed = store({ status: 'closed', closedAt: '2026-12-06T01:00:00.000Z' });
    const complaint = store({ category: 'complaint', handling: { lead: '330122-market', cooperating: [] } });
    expect(numbersIn((await ledger('tonglu-office', { ...DECEMBER, status: 'closed' })).text)).toEqual([closed.caseNumber]);
    expect(numbersIn((await ledger('tonglu-office', { ...DECEMBER, status: 'open' })).text).sort()).toEqual([open.caseNumber, complaint.caseNumber].sort());
    expect(numbersIn((await ledger('tonglu-office', { ...DECEMBER, category: 'complaint' })).text)).toEqual([complaint.caseNumber]);
    expect(numbersIn((await ledger('tonglu-office', { ...DECEMBER, unit: '330122-housing' })).text).sort()).toEqual([open.caseNumber, closed.caseNumber].sort());
    const unknown = await ledger('tonglu-office', { ...DECEMBER, unit: '330127-housing' });
    expect(unknown.status).toBe(404);
  });

  it('refuses a period of more than a year, or one that ends before it starts, in Chinese', async () => {
    const long = await ledger('tonglu-office', { jurisdiction: '330122', from: '2025-11-29', to: '2026-11-30' });
    expect(long.status).toBe(400);
    expect(long.body.error.messageZh).toContain('一次最多导出一年的台账');
    expect((await ledger('tonglu-office', { jurisdiction: '330122', from: '2025-12-01', to: '2026-11-30' })).status).toBe(200);
    const backwards = await ledger('tonglu-office', { jurisdiction: '330122', from: '2026-12-31', to: '2026-12-01' });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.messageZh).toContain('结束日期早于开始日期');
    expect((await ledger('tonglu-office', { jurisdiction: '330122', from: '2026-12-01', to: '2026-12-31', format: 'xlsx' })).status).toBe(400);
  });

  it(`refuses more than ${LEDGER_MAX_LINES} lines, asking for a shorter period, and writes no file on the trail`, async () => {
    const received = LEDGER_MAX_LINES + 1_000;
    for (let i = 0; i < received; i++) store({ receivedAt: new Date(Date.parse('2026-12-01T01:00:00Z') + i * 60_000).toISOString() });
    dynamo.resetHistory();
    const answer = await ledger('tonglu-office');
    expect(answer.status).toBe(400);
    expect(answer.body.error.messageZh).toBe(`2026年12月1日至2026年12月31日符合条件的事项超过 ${LEDGER_MAX_LINES} 件，一次无法导出。请缩短收到日期范围，或按状态、类别分次导出。`);
    expect([...table.values()].filter((item) => item.pk === 'AUDIT#ledger')).toEqual([]);
    // It stopped reading cases once past the limit: not the whole month into memory to refuse it.
    const read = dynamo.commandCalls(BatchGetCommand).reduce((n, call) => n + Object.values(call.args[0].input.RequestItems!)[0]!.Keys!.length, 0);
    expect(read).toBeGreaterThan(LEDGER_MAX_LINES);
    expect(read).toBeLessThan(received);
    // Narrowed, it goes.
    expect((await ledger('tonglu-office', { ...DECEMBER, to: '2026-12-02' })).status).toBe(200);
  }, 60_000);

  it('writes every file on the ledger trail — who, when, the filters, how many lines — which an administrator reads', async () => {
    store();
    store({ category: 'complaint' });
    await ledger('tonglu-office', { ...DECEMBER, category: 'complaint' });
    const entries = [...table.values()].filter((item) => item.pk === 'AUDIT#ledger');
    expect(entries).toEqual([
      expect.objectContaining({ actor: 'tonglu-office', action: 'export:ledger', outcome: 'allowed', at: '2026-12-07T08:00:00.000Z', detail: '辖区 330122；收到日期 2026-12-01 至 2026-12-31；状态 any；类别 complaint；共 1 行' }),
    ]);
    expect(JSON.stringify(entries)).not.toContain('王秀英');

    expect((await invoke({ method: 'GET', path: '/admin/audit/ledger', staffId: 'tonglu-office' })).status).toBe(403);
  });
});

/**
 * 转送: 桐庐县 (330122) registered a letter whose matter is 淳安县's (330127) and sent it there on 3 December. The case
 * left 桐庐县's place, so the index by the month received files it under 淳安县; 桐庐县's 台账 still lists it, as
 * received there and sent on (where to, and when), from its 交办转送 entry — and 淳安县's lists it as come from 桐庐县.
 */
describe('GET /cases/ledger: a case sent on to another county', () => {
  const cellOf = (text: string, caseNumber: string) => {
    const header = text.replace(/^\uFEFF/, '').split('\r\n')[0]!.split(',');
    const line = linesOf(text).find((l) => l.startsWith(`${caseNumber},`));
    return line?.split(',')[header.indexOf('转送情况')];
  };
  function sentToChunan(overrides: Partial<Case> = {}): Case {
    const c = store({ jurisdiction: '330127', receivingOffice: '330122', handling: undefined, status: 'accepted', ...overrides });
    const entry = handedOnItem(c, { office: '330122', holder: '330127' }, '2026-12-03T02:00:00.000Z');
    table.set(keyOf(entry), entry);
    return c;
  }

  it('stays in the ledger of the county that received it, saying where it went and when', async () => {
    const own = store();
    const sent = sentToChunan();
    const answer = await ledger('tonglu-office');
    expect(answer.status).toBe(200);
    expect(numbersIn(answer.text)).toEqual([own.caseNumber, sent.caseNumber]);
    expect(cellOf(answer.text, sent.caseNumber)).toBe('转送淳安县（2026-12-03）');
    expect(cellOf(answer.text, own.caseNumber)).toBe('');
  });

  it('is in the ledger of the county it went to, as come from the county that received it', async () => {
    const sent = sentToChunan();
    const answer = await ledger('chunan-office', { ...DECEMBER, jurisdiction: '330127' });
    expect(numbersIn(answer.text)).toEqual([sent.caseNumber]);
    expect(cellOf(answer.text, sent.caseNumber)).toBe('桐庐县转来');
  });

  it('is kept from the county whose government it accuses, though that county received it and sent it up', async () => {
    const accusing = store({ jurisdiction: '330100', receivingOffice: '330122', category: 'complaint', accusedJurisdictions: ['330122'], handling: undefined, status: 'accepted' });
    const entry = handedOnItem(accusing, { office: '330122', holder: '330100' }, '2026-12-03T02:00:00.000Z');
    table.set(keyOf(entry), entry);
    expect(numbersIn((await ledger('tonglu-office')).text)).toEqual([]);
    const city = await ledger('hz-office', { ...DECEMBER, jurisdiction: '330100' });
    expect(numbersIn(city.text)).toEqual([accusing.caseNumber]);
    expect(cellOf(city.text, accusing.caseNumber)).toBe('桐庐县转来');
  });

  it('says where the case is now, never the day of an entry naming another holder', async () => {
    // An entry behind its case (it names 淳安县; the case is the city's now): the case says where, and no day is guessed.
    const sent = sentToChunan();
    table.set(keyOf(caseItem({ ...sent, jurisdiction: '330100' })), caseItem({ ...sent, jurisdiction: '330100' }));
    const answer = await ledger('tonglu-office');
    expect(numbersIn(answer.text)).toEqual([sent.caseNumber]);
    expect(cellOf(answer.text, sent.caseNumber)).toBe('转送杭州市');
  });

  it('reads by key only the cases sent on that were received in the period, as their entries say — and all those whose entries do not say', async () => {
    // 桐庐县's 台账 of November, exported in December: the entries run by registration a year past November, so they
    // name what was sent on in December too; their cases are not read to be left out.
    const november = sentToChunan({ receivedAt: '2026-11-20T01:00:00.000Z' });
    const december = sentToChunan();
    const unsaid = sentToChunan({ receivedAt: '2026-11-21T01:00:00.000Z' });
    const older = handedOnItem(unsaid, { office: '330122', holder: '330127' });
    delete older.ledger;
    table.set(keyOf(older), older);
    dynamo.resetHistory();
    const answer = await ledger('tonglu-office', { ...DECEMBER, from: '2026-11-01', to: '2026-11-30' });
    expect(numbersIn(answer.text)).toEqual([november.caseNumber, unsaid.caseNumber]);
    const read = dynamo.commandCalls(BatchGetCommand).flatMap((call) => Object.values(call.args[0].input.RequestItems!)[0]!.Keys!.map((key) => String(key.pk)));
    expect(read).toContain(`CASE#${unsaid.caseNumber}`);
    expect(read).not.toContain(`CASE#${december.caseNumber}`);
  });

  it('is one line in the ledger of the city above both, and none of a month it was not received in', async () => {
    const sent = sentToChunan();
    sentToChunan({ receivedAt: '2026-11-20T01:00:00.000Z' });
    const city = await ledger('hz-office', { ...DECEMBER, jurisdiction: '330100', includeSubordinates: 'true' });
    expect(numbersIn(city.text)).toEqual([sent.caseNumber]);
    expect(cellOf(city.text, sent.caseNumber)).toBe('桐庐县转送淳安县');
    const province = await ledger('zj-office', { ...DECEMBER, jurisdiction: '330000', includeSubordinates: 'true' });
    expect(numbersIn(province.text)).toEqual([sent.caseNumber]);
    expect(numbersIn((await ledger('tonglu-office')).text)).toEqual([sent.caseNumber]);
  });
});
