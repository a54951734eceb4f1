import { beforeEach, describe, expect, it } from 'vitest';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { apiTestBed } from '../fixtures/api-handler.js';
import { keyOf, standInTable } from '../fixtures/stand-in-table.js';
import { outboxMessages, unpacked } from '../fixtures/stored-items.js';
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { caseItem, signOffItem } from '../../shared/adapters/dynamodb/case-store.js';
import { eventKey } from '../../shared/adapters/dynamodb/keys.js';
import { CaseReindexer } from '../../shared/adapters/dynamodb/reindex.js';
import { loadProvinceConfig, Province } from '../../shared/config/province.js';
import { signOffRequestNotice } from '../../shared/app/handoff/notices.js';
import { letters } from '../../shared/app/outbox.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';
import type { Case } from '../../shared/domain/case.js';

/**
 * 待签发: a decision letter waiting for its sign-off is on the list of who may
 * approve it — the head of the concluding unit, not the one who wrote it, not
 * a leader while the unit's head can — with a count on the workbench, and
 * they are emailed when it starts to wait (here: a correction voided the
 * approval). The case page says whom it waits for. The table is a stand-in.
 */

// Monday 7 December 2026, 10:00 in China.
const { dynamo, invoke } = apiTestBed({ now: '2026-12-07T02:00:00Z' });
const { table, serve } = standInTable(dynamo);
beforeEach(() => {
  serve();
});

const SIGNED: Case = {
  caseNumber: '330122-2026-000031',
  jurisdiction: '330122',
  receivingOffice: '330122',
  channel: 'email',
  status: 'concluded',
  subject: '楼顶漏水',
  matter: '反映城南小区楼顶漏水三个月无人维修。',
  petitioner: { anonymous: false, name: '张伟', email: 'zhangwei@163.example' },
  urgent: false,
  reviewLevel: 0,
  handling: { lead: '330122-housing', cooperating: [] },
  receivedAt: '2026-11-20T01:15:00.000Z',
  registeredAt: '2026-11-20T01:20:00.000Z',
  registeredBy: 'system:intake',
  acceptedAt: '2026-11-21T01:00:00.000Z',
  deadlines: { handling: '2027-01-19T16:00:00.000Z', reply: '2026-12-10T16:00:00.000Z' },
  result: {
    facts: '经现场查看，城南小区3幢楼顶防水层老化破损，物业公司未及时维修。',
    basis: '《物业管理条例》第五十五条',
    decision: '责成物业公司于2026年12月20日前完成楼顶防水维修。',
    outcome: 'partlySupported',
    concludedAt: '2026-12-04T02:00:00.000Z',
    concludedBy: 'tonglu-housing-handler',
    unit: '330122-housing',
    signOff: { rule: 'unitHead', at: '2026-12-04T06:00:00.000Z', by: 'tonglu-housing-head' },
  },
  attachments: [],
  version: 9,
  updatedAt: '2026-12-04T06:00:00.000Z',
};
const NUMBER = SIGNED.caseNumber;
const province = loadProvinceConfig(DEMO_CONFIG);
const CORRECTION = {
  facts: SIGNED.result!.facts,
  basis: '《物业管理条例》第五十四条',
  decision: SIGNED.result!.decision,
  outcome: 'partlySupported',
  reason: '审核签发后发现引用条款有误',
};
const store = (c: Case) => {
  const item = caseItem(c);
  table.set(keyOf(item), item);
};
const items = () => [...table.values()].map((item) => unpacked(item));
const signOffMails = () => outboxMessages(items()).filter((m) => m.id.startsWith('sign-off-request:'));
const correct = (staffId = 'tonglu-housing-handler') => invoke({ method: 'POST', path: `/cases/${NUMBER}/conclusion-correction`, staffId, body: CORRECTION });
const list = (staffId: string) => invoke({ method: 'GET', path: '/work-lists/awaitingSignOff', staffId });
const counts = async (staffId: string) => ((await invoke({ method: 'GET', path: '/work-lists', staffId })).body.lists as { list: string; count: number }[]).find((l) => l.list === 'awaitingSignOff');

describe('待签发 (awaitingSignOff)', () => {
  it('a correction that voids the approval puts the letter on the unit head’s list and emails them once; signing it off takes it off', async () => {
    store(SIGNED);
    // Signed off: nothing waits, and the list is not offered while empty.
    expect((await list('tonglu-housing-head')).body.items).toEqual([]);
    expect(await counts('tonglu-housing-head')).toBeUndefined();

    expect((await correct()).status).toBe(200);
    const [mail, ...more] = signOffMails();
    expect(more).toEqual([]);
    expect(mail!.id).toBe(`sign-off-request:${NUMBER}:10`);
    expect(mail!.body.to).toEqual(['yu.zhiming@tonglu.petitions.example']);
    expect(mail!.body.subject).toBe(`【待签发】${NUMBER} 楼顶漏水 处理意见书请审核签发`);
    expect(mail!.body.text).toContain('原签发随之作废，须重新审核签发');
    // The unit, then who handled it: not run together as one name.
    expect(mail!.body.text).toContain('已由桐庐县住房和城乡建设局（承办人：王晓燕）于');
    expect(mail!.body.text).not.toContain('zhangwei@163.example');

    // The same correction delivered again changes nothing and sends nothing more.
    expect((await correct()).status).toBe(200);
    expect(signOffMails()).toHaveLength(1);

    const waiting = await list('tonglu-housing-head');
    expect(waiting.status).toBe(200);
    expect(waiting.body.items).toEqual([expect.objectContaining({ caseNumber: NUMBER, signOff: expect.objectContaining({ rule: 'unitHead', unit: '330122-housing' }) })]);
    expect(await counts('tonglu-housing-head')).toEqual({ list: 'awaitingSignOff', count: 1 });
    // A leader does not approve what the unit's head can; the one who wrote it is no approver and has no such list.
    expect((await list('tonglu-leader-petitions')).body.items).toEqual([]);
    expect((await list('tonglu-housing-handler')).status).toBe(403);

    // Everyone who reads the case sees whom it waits for.
    const read = await invoke({ method: 'GET', path: `/cases/${NUMBER}`, staffId: 'tonglu-housing-handler' });
    expect(read.body.signOffAwaits).toEqual({ approvers: ['tonglu-housing-head'], fallback: false, jurisdiction: '330122', unit: '330122-housing' });

    expect((await invoke({ method: 'POST', path: `/cases/${NUMBER}/decision-letter/sign-off`, staffId: 'tonglu-housing-head' })).status).toBe(200);
    expect((await list('tonglu-housing-head')).body.items).toEqual([]);
    expect(await counts('tonglu-housing-head')).toBeUndefined();
    expect((await invoke({ method: 'GET', path: `/cases/${NUMBER}`, staffId: 'tonglu-housing-handler' })).body.signOffAwaits).toBeUndefined();
  });

  it('when the unit’s only head corrected the letter, it falls to the county’s leaders: on their list, and they are emailed', async () => {
    store(SIGNED);
    expect((await correct('tonglu-housing-head')).status).toBe(200);
    const [mail] = signOffMails();
    expect(mail!.body.to).toEqual(expect.arrayContaining(['chen.haiyan@tonglu.petitions.example']));
    expect(mail!.body.to).not.toContain('yu.zhiming@tonglu.petitions.example');
    expect((await list('tonglu-housing-head')).body.items).toEqual([]);
    expect((await list('tonglu-leader-petitions')).body.items).toEqual([expect.objectContaining({ caseNumber: NUMBER })]);
    const read = await invoke({ method: 'GET', path: `/cases/${NUMBER}`, staffId: 'tonglu-housing-handler' });
    expect(read.body.signOffAwaits).toMatchObject({ fallback: true, jurisdiction: '330122', approvers: expect.arrayContaining(['tonglu-leader-petitions']) });
  });

  it('a recused head neither approves nor hears of it: the letter falls to the county’s leaders, who may sign it', async () => {
    store({ ...SIGNED, recused: [{ staffId: 'tonglu-housing-head', reason: '与信访人系亲属', by: 'tonglu-office', at: '2026-12-03T01:00:00.000Z' }] });
    expect((await correct()).status).toBe(200);
    const [mail, ...more] = signOffMails();
    expect(more).toEqual([]);
    expect(mail!.body.to).not.toContain('yu.zhiming@tonglu.petitions.example');
    expect(mail!.body.to).toEqual(expect.arrayContaining(['chen.haiyan@tonglu.petitions.example']));
    const read = await invoke({ method: 'GET', path: `/cases/${NUMBER}`, staffId: 'tonglu-housing-handler' });
    expect(read.body.signOffAwaits).toMatchObject({ fallback: true, jurisdiction: '330122' });
    expect(read.body.signOffAwaits.approvers).not.toContain('tonglu-housing-head');
    // The entry waits where the leaders read it.
    const entry = items().find((i) => i.entity === 'signOff');
    expect(entry).toMatchObject({ gsi2pk: 'SIGNOFF#OFFICE#330122' });
    expect((await list('tonglu-leader-petitions')).body.items).toEqual([expect.objectContaining({ caseNumber: NUMBER })]);

    expect((await invoke({ method: 'POST', path: `/cases/${NUMBER}/decision-letter/sign-off`, staffId: 'tonglu-housing-head' })).status).toBe(404);
    const signed = await invoke({ method: 'POST', path: `/cases/${NUMBER}/decision-letter/sign-off`, staffId: 'tonglu-leader-petitions' });
    expect(signed.status).toBe(200);
    expect(signed.body.case.result.signOff).toMatchObject({ by: 'tonglu-leader-petitions' });
    expect(items().find((i) => i.entity === 'signOff')).toBeUndefined();
  });

  it('the concluding unit recorded as accused while the letter waits: its head is no approver, the county’s leaders are', async () => {
    store({ ...SIGNED, result: { ...SIGNED.result!, signOff: { rule: 'unitHead' } } });
    const marked = await invoke({ method: 'POST', path: `/cases/${NUMBER}/accused-units`, staffId: 'tonglu-office', body: { units: ['330122-housing'], reason: '附件举报信点名住建局' } });
    expect(marked.status).toBe(200);
    expect(items().find((i) => i.entity === 'signOff')).toMatchObject({ gsi2pk: 'SIGNOFF#OFFICE#330122' });
    const read = await invoke({ method: 'GET', path: `/cases/${NUMBER}`, staffId: 'tonglu-office' });
    expect(read.body.signOffAwaits).toMatchObject({ fallback: true, jurisdiction: '330122' });
    expect(read.body.signOffAwaits.approvers).not.toContain('tonglu-housing-head');
    expect((await list('tonglu-leader-petitions')).body.items).toEqual([expect.objectContaining({ caseNumber: NUMBER })]);
    expect((await invoke({ method: 'POST', path: `/cases/${NUMBER}/decision-letter/sign-off`, staffId: 'tonglu-leader-petitions' })).status).toBe(200);
  });

  it('the head recused while the letter waits: in the same change the entry moves to the county’s leaders, who are emailed as when it started waiting', async () => {
    store({ ...SIGNED, result: { ...SIGNED.result!, signOff: { rule: 'unitHead' } } });
    const recused = await invoke({ method: 'POST', path: `/cases/${NUMBER}/recusals`, staffId: 'tonglu-office', body: { staffId: 'tonglu-housing-head', reason: '与信访人系亲属' } });
    expect(recused.status).toBe(200);
    expect(items().find((i) => i.entity === 'signOff')).toMatchObject({ gsi2pk: 'SIGNOFF#OFFICE#330122' });
    const [mail, ...more] = signOffMails();
    expect(more).toEqual([]);
    expect(mail!.body.subject).toBe(`【待签发】${NUMBER} 楼顶漏水 处理意见书请审核签发`);
    expect(mail!.body.to).toEqual(expect.arrayContaining(['chen.haiyan@tonglu.petitions.example']));
    expect(mail!.body.to).not.toContain('yu.zhiming@tonglu.petitions.example');
    expect((await list('tonglu-housing-head')).body.items).toEqual([]);
    expect((await list('tonglu-leader-petitions')).body.items).toEqual([expect.objectContaining({ caseNumber: NUMBER })]);
  });

  it('a waiting letter its only head corrects moves to the county’s leaders, and they are emailed once', async () => {
    store({ ...SIGNED, result: { ...SIGNED.result!, signOff: { rule: 'unitHead' } } });
    expect((await correct('tonglu-housing-head')).status).toBe(200);
    const [mail, ...more] = signOffMails();
    expect(more).toEqual([]);
    expect(mail!.id).toBe(`sign-off-request:${NUMBER}:10`);
    expect(mail!.body.to).toEqual(expect.arrayContaining(['chen.haiyan@tonglu.petitions.example']));
    expect(mail!.body.to).not.toContain('yu.zhiming@tonglu.petitions.example');
    // Delivered again: nothing changes, nothing more is sent.
    expect((await correct('tonglu-housing-head')).status).toBe(200);
    expect(signOffMails()).toHaveLength(1);
  });

  it('reindex puts a waiting letter on the list from when it started to wait (its last correction), not the case’s last change', async () => {
    const corrected = '2026-12-05T03:00:00.000Z';
    store({ ...SIGNED, result: { ...SIGNED.result!, signOff: { rule: 'unitHead' }, correctedBy: 'tonglu-housing-handler' }, version: 12, updatedAt: '2026-12-06T08:00:00.000Z' });
    const event = { caseNumber: NUMBER, seq: 10, type: 'conclusionCorrected', at: corrected, actor: 'tonglu-housing-handler', reason: '引用条款有误', detail: {}, ...eventKey(NUMBER, 10), entity: 'event' };
    table.set(keyOf(event), event);
    dynamo.on(ScanCommand).callsFake(() => ({ Items: [...table.values()].filter((i) => i.entity === 'case') }));
    const reindexer = new CaseReindexer(new DynamoDBClient({ region: 'ap-east-1', endpoint: 'http://127.0.0.1:9' }), 'xinfang-test-cases', province);
    expect((await reindexer.page()).signOffAdded).toBe(1);
    expect(items().find((i) => i.entity === 'signOff')).toMatchObject({ gsi2pk: 'SIGNOFF#UNIT#330122-housing', gsi2sk: `${corrected}#${NUMBER}` });
  });

  describe('reindex after a staff change deployed (the unit’s head left)', () => {
    const deployed = loadProvinceConfig(DEMO_CONFIG);
    const roster = new Province({ ...deployed.config, staff: deployed.config.staff.filter((s) => s.id !== 'tonglu-housing-head') }, deployed.calendar);
    // As scripts/reindex.ts tells the newly named.
    const reindexer = () =>
      new CaseReindexer(new DynamoDBClient({ region: 'ap-east-1', endpoint: 'http://127.0.0.1:9' }), 'xinfang-test-cases', roster, (c, added) => {
        const notice = signOffRequestNotice(roster, c, undefined, added);
        return letters(notice && { ...notice, id: `${notice.id}:roster:${added.join('+')}` });
      });
    const WAITING: Case = { ...SIGNED, result: { ...SIGNED.result!, signOff: { rule: 'unitHead' } } };
    let scanned: Case;
    beforeEach(() => {
      store({ ...WAITING, version: 10 });
      const entry = signOffItem(NUMBER, { jurisdiction: '330122', rule: 'unitHead', unit: '330122-housing', authors: ['tonglu-housing-handler'], since: '2026-12-04T02:00:00.000Z', approvers: ['tonglu-housing-head'] });
      table.set(keyOf(entry), entry);
      dynamo.on(ScanCommand).callsFake(() => ({ Items: [caseItem(scanned)] }));
      // The conditions reindex writes under, as DynamoDB checks them: one failing refuses the whole write.
      const holds = (condition: string | undefined, values: Record<string, unknown> | undefined, held: Record<string, unknown> | undefined) =>
        (condition ?? '').split(' AND ').every((clause) => {
          if (clause === '') return true;
          if (clause === 'attribute_not_exists(pk)') return held === undefined;
          if (clause === 'attribute_exists(pk)') return held !== undefined;
          const [, name, attribute] = /^attribute_not_exists\((\w+)\)$/.exec(clause) ?? [];
          if (name) return held !== undefined && held[attribute ?? name] === undefined;
          const [, left, right] = /^(\w+) = (:\w+)$/.exec(clause)!;
          return held !== undefined && JSON.stringify(held[left!]) === JSON.stringify(values?.[right!]);
        });
      dynamo.on(TransactWriteCommand).callsFake((input: TransactWriteCommandInput) => {
        const reasons = (input.TransactItems ?? []).map((item) => {
          const write = item.ConditionCheck ?? item.Put ?? item.Delete;
          const key = item.Put ? keyOf(item.Put.Item!) : keyOf((item.ConditionCheck ?? item.Delete)!.Key!);
          const ok = holds(write?.ConditionExpression, write?.ExpressionAttributeValues, table.get(key));
          return { Code: ok ? 'None' : 'ConditionalCheckFailed' };
        });
        if (reasons.some((r) => r.Code !== 'None')) throw new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: reasons });
        for (const item of input.TransactItems ?? []) {
          if (item.Put) table.set(keyOf(item.Put.Item!), item.Put.Item!);
          if (item.Delete) table.delete(keyOf(item.Delete.Key!));
        }
        return {};
      });
    });

    it('moves the letter to the county’s leaders and tells them once', async () => {
      scanned = { ...WAITING, version: 10 };
      expect((await reindexer().page()).signOffMoved).toBe(1);
      expect(items().find((i) => i.entity === 'signOff')!.approvers).not.toContain('tonglu-housing-head');
      const [mail, ...more] = signOffMails();
      expect(more).toEqual([]);
      expect(mail!.body.to).toEqual(expect.arrayContaining(['chen.haiyan@tonglu.petitions.example']));
      expect((await reindexer().page()).signOffMoved).toBe(0);
      expect(signOffMails()).toHaveLength(1);
    });

    it('a case changed between the scan and the move: nothing moves, nobody is told, and the run says so, to be run again', async () => {
      scanned = { ...WAITING, version: 9 };
      const page = await reindexer().page();
      expect(page.signOffMoved).toBe(0);
      expect(page.entriesChangedMeanwhile).toBe(1);
      expect(items().find((i) => i.entity === 'signOff')!.approvers).toEqual(['tonglu-housing-head']);
      expect(signOffMails()).toEqual([]);
    });
  });
});
