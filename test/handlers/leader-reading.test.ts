import { beforeEach, describe, expect, it } from 'vitest';
import { apiTestBed } from '../fixtures/api-handler.js';
import { keyOf, standInTable } from '../fixtures/stand-in-table.js';
import { outboxMessages, unpacked } from '../fixtures/stored-items.js';
import { caseItem } from '../../shared/adapters/dynamodb/case-store.js';
import type { Case } from '../../shared/domain/case.js';
import { RECUSED_BY_MATERIAL } from '../../shared/app/accusable-units.js';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { CaseReindexer } from '../../shared/adapters/dynamodb/reindex.js';
import { loadProvinceConfig, Province } from '../../shared/config/province.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

/**
 * 呈领导阅批: the office puts an important case before a named leader with its
 * 拟办意见; the leader is emailed once and has it on 待阅批 until they give a
 * 批示 (已批示) or mark it 已阅. The wrong person is refused in Chinese. The
 * table is a stand-in (test/fixtures/stand-in-table.ts).
 */

// Monday 7 December 2026, 10:00 in China.
const { dynamo, invoke } = apiTestBed({ now: '2026-12-07T02:00:00Z' });
const { table, serve } = standInTable(dynamo);
beforeEach(() => {
  serve();
});

const WORKING: Case = {
  caseNumber: '330122-2026-000057',
  jurisdiction: '330122',
  receivingOffice: '330122',
  channel: 'letter',
  status: 'inProgress',
  subject: '化工厂夜间偷排废水',
  matter: '反映城南化工厂夜间向富春江偷排废水，附近村民饮水受影响。',
  petitioner: { anonymous: false, name: '王建华', phone: '13900002222' },
  urgent: false,
  reviewLevel: 0,
  handling: { lead: '330122-housing', cooperating: [] },
  receivedAt: '2026-12-01T01:15:00.000Z',
  registeredAt: '2026-12-01T01:20:00.000Z',
  registeredBy: 'tonglu-registrar',
  acceptedAt: '2026-12-02T01:00:00.000Z',
  deadlines: { handling: '2027-01-30T16:00:00.000Z' },
  attachments: [],
  version: 4,
  updatedAt: '2026-12-02T01:00:00.000Z',
};
const NUMBER = WORKING.caseNumber;
const OPINION = '拟转县生态环境局牵头核查，请领导阅示。';
const store = (c: Case) => {
  const item = caseItem(c);
  table.set(keyOf(item), item);
};
const items = () => [...table.values()].map((item) => unpacked(item));
const readingMails = () => outboxMessages(items()).filter((m) => m.id.startsWith('leader-reading:'));
const submit = (leader: string, staffId = 'tonglu-office') => invoke({ method: 'POST', path: `/cases/${NUMBER}/leader-reading`, staffId, body: { leader, opinion: OPINION } });
const list = (staffId: string) => invoke({ method: 'GET', path: '/work-lists/leaderReadings', staffId });
const read = () => invoke({ method: 'GET', path: `/cases/${NUMBER}`, staffId: 'tonglu-office' });

describe('呈领导阅批', () => {
  it('puts the case before the leader with the 拟办意见: an event, the leader’s 待阅批 list, one email; a 批示 answers it', async () => {
    store(WORKING);
    const submitted = await submit('tonglu-leader-principal');
    expect(submitted.status).toBe(200);
    expect(submitted.body.case.leaderReadings).toEqual([
      { seq: 5, leader: 'tonglu-leader-principal', opinion: OPINION, submittedBy: 'tonglu-office', submittedAt: '2026-12-07T02:00:00.000Z', status: 'waiting' },
    ]);
    expect((await read()).body.events.at(-1)).toMatchObject({ type: 'leaderReadingSubmitted', actor: 'tonglu-office', detail: { leader: 'tonglu-leader-principal', opinion: OPINION } });

    const [mail, ...more] = readingMails();
    expect(more).toEqual([]);
    expect(mail!.id).toBe(`leader-reading:${NUMBER}:5`);
    expect(mail!.body.to).toEqual(['fang.jianhua@tonglu.petitions.example']);
    expect(mail!.body.subject).toBe(`【呈领导阅批】${NUMBER} 化工厂夜间偷排废水`);
    expect(mail!.body.text).toContain(`拟办意见：${OPINION}`);
    // Handled now: its handling deadline is the clock that runs.
    expect(mail!.body.text).toMatch(/办理期限：2027年1月3[01]日/);
    // The same submission again (a retry after a lost response) answers as the first did: nothing more is recorded or sent.
    const again = await submit('tonglu-leader-principal');
    expect(again.status).toBe(200);
    expect(again.body.case.version).toBe(5);
    expect(again.body.case.leaderReadings).toHaveLength(1);
    expect(readingMails()).toHaveLength(1);
    // The console sends the version it saw: a retry carries the one the first request moved on, and is still the same.
    const retried = await invoke({ method: 'POST', path: `/cases/${NUMBER}/leader-reading`, staffId: 'tonglu-office', body: { leader: 'tonglu-leader-principal', opinion: OPINION, expectedVersion: 4 } });
    expect(retried.status).toBe(200);
    expect(retried.body.case.version).toBe(5);
    expect(readingMails()).toHaveLength(1);
    // Another proposal to the same leader while the first waits is refused.
    const another = await invoke({ method: 'POST', path: `/cases/${NUMBER}/leader-reading`, staffId: 'tonglu-office', body: { leader: 'tonglu-leader-principal', opinion: '请领导阅示。' } });
    expect(another.status).toBe(409);
    expect(JSON.stringify(another.body)).toContain('尚待阅批，不能重复呈批');
    expect(readingMails()).toHaveLength(1);
    expect(items().filter((i) => i.entity === 'event')).toHaveLength(1);

    expect((await list('tonglu-leader-principal')).body.items).toEqual([expect.objectContaining({ caseNumber: NUMBER })]);
    expect((await list('tonglu-leader-petitions')).body.items).toEqual([]);
    // Another leader's 批示 is not this leader's reading.
    const other = await invoke({ method: 'POST', path: `/cases/${NUMBER}/notes`, staffId: 'tonglu-leader-petitions', body: { kind: 'instruction', text: '请生态环境局依法查处。' } });
    expect(other.body.case.leaderReadings[0].status).toBe('waiting');

    const given = await invoke({ method: 'POST', path: `/cases/${NUMBER}/notes`, staffId: 'tonglu-leader-principal', body: { kind: 'instruction', text: '同意拟办意见，请环保局三日内核查并报结果。' } });
    expect(given.status).toBe(200);
    expect(given.body.case.leaderReadings[0]).toMatchObject({ status: 'instructed', answeredAt: '2026-12-07T02:00:00.000Z', instructionSeq: 7 });
    expect((await read()).body.events.at(-1)).toMatchObject({ type: 'noteAdded', detail: { kind: 'instruction', answersReading: 5 } });
    expect((await list('tonglu-leader-principal')).body.items).toEqual([]);
  });

  it('已阅: the leader marks it read without an instruction; nobody else can', async () => {
    store(WORKING);
    expect((await submit('hz-leader-petitions')).status).toBe(200);
    const notTheirs = await invoke({ method: 'POST', path: `/cases/${NUMBER}/leader-reading/read`, staffId: 'tonglu-leader-principal' });
    expect(notTheirs.status).toBe(409);
    expect(JSON.stringify(notTheirs.body)).toContain('该事项没有呈您阅批、尚待阅批的记录');
    const office = await invoke({ method: 'POST', path: `/cases/${NUMBER}/leader-reading/read`, staffId: 'tonglu-office' });
    expect(office.status).toBe(403);
    // Refused as what it is, not as a 批示.
    expect(JSON.stringify(office.body)).toContain('“标记已阅”');

    const marked = await invoke({ method: 'POST', path: `/cases/${NUMBER}/leader-reading/read`, staffId: 'hz-leader-petitions' });
    expect(marked.status).toBe(200);
    expect(marked.body.case.leaderReadings[0]).toMatchObject({ leader: 'hz-leader-petitions', status: 'read', answeredAt: '2026-12-07T02:00:00.000Z' });
    expect((await read()).body.events.at(-1)).toMatchObject({ type: 'leaderReadingAnswered', actor: 'hz-leader-petitions', detail: { submitted: 5, status: 'read' } });
    expect((await list('hz-leader-petitions')).body.items).toEqual([]);
    // 已阅 again (a retry, with or without the version the first one saw): answered as before, the case unchanged.
    const again = await invoke({ method: 'POST', path: `/cases/${NUMBER}/leader-reading/read`, staffId: 'hz-leader-petitions' });
    expect(again.status).toBe(200);
    expect(again.body.case.version).toBe(marked.body.case.version);
    const stale = await invoke({ method: 'POST', path: `/cases/${NUMBER}/leader-reading/read`, staffId: 'hz-leader-petitions', body: { expectedVersion: marked.body.case.version - 1 } });
    expect(stale.status).toBe(200);
    expect(stale.body.case.version).toBe(marked.body.case.version);
    expect(items().filter((i) => i.entity === 'event' && i.type === 'leaderReadingAnswered')).toHaveLength(1);
  });

  it('a city office putting a county’s case before a city leader is named as the one who submitted it', async () => {
    store(WORKING);
    expect((await submit('hz-leader-petitions', 'hz-office')).status).toBe(200);
    const [mail] = readingMails();
    expect(mail!.body.to).toEqual(['zhao.hongmei@hz.petitions.example']);
    // 胡振华 works at 杭州市信访局; the case is 桐庐's, whose office is where a 批示 is carried out.
    expect(mail!.body.text).toContain('杭州市信访局胡振华于2026年12月7日');
    expect(mail!.body.text).not.toContain('桐庐县信访局胡振华');
    expect(mail!.body.text).toContain('批示即送承办单位和桐庐县信访局落实');
    expect(mail!.body.fromName).toBe('杭州市信访局');
  });

  it('does not tell the leader of a handling deadline that no longer runs (a concluded case)', async () => {
    store({ ...WORKING, status: 'concluded' });
    expect((await submit('tonglu-leader-principal')).status).toBe(200);
    const [mail] = readingMails();
    expect(mail!.body.text).toContain(`拟办意见：${OPINION}`);
    expect(mail!.body.text).not.toContain('办理期限');
  });

  it('refuses, in Chinese, someone who is not a leader, a leader of another county, and a unit submitting', async () => {
    store(WORKING);
    const notLeader = await submit('tonglu-housing-head');
    expect(notLeader.status).toBe(422);
    expect(JSON.stringify(notLeader.body)).toContain('所选人员不是领导，不能呈其阅批');
    const elsewhere = await submit('chunan-leader-principal');
    expect(elsewhere.status).toBe(422);
    expect(JSON.stringify(elsewhere.body)).toContain('所选领导不属于本辖区或上级机关，不能呈其阅批');
    expect((await submit('tonglu-leader-principal', 'tonglu-housing-handler')).status).toBe(403);
    const empty = await invoke({ method: 'POST', path: `/cases/${NUMBER}/leader-reading`, staffId: 'tonglu-office', body: { leader: 'tonglu-leader-principal', opinion: '   ' } });
    expect(empty.status).toBe(400);
    expect(readingMails()).toEqual([]);
    expect(items().filter((i) => i.entity === 'event')).toEqual([]);
  });

  it('refuses a leader who may not read the case — recused, or named by the report — and writes them nothing', async () => {
    const recusal = { reason: '与信访人系亲属', by: 'tonglu-office', at: '2026-12-03T01:00:00.000Z' };
    store({ ...WORKING, recused: [{ staffId: 'tonglu-leader-principal', ...recusal }] });
    const recused = await submit('tonglu-leader-principal');
    expect(recused.status).toBe(422);
    expect(JSON.stringify(recused.body)).toContain('所选领导须回避或无权查阅该事项，不能呈其阅批');

    // A report naming a leader: the material recused them (accusable-units.ts).
    store({ ...WORKING, recused: [{ staffId: 'tonglu-leader-petitions', reason: RECUSED_BY_MATERIAL, by: 'system', at: '2026-12-01T01:20:00.000Z' }] });
    const accused = await submit('tonglu-leader-petitions');
    expect(accused.status).toBe(422);
    expect(JSON.stringify(accused.body)).toContain('所选领导须回避或无权查阅该事项，不能呈其阅批');
    expect(readingMails()).toEqual([]);
    expect(items().filter((i) => i.entity === 'event')).toEqual([]);
    expect(items().find((i) => i.entity === 'case')).not.toHaveProperty('leaderReadings');

    expect((await submit('hz-leader-petitions')).status).toBe(200);
    expect(readingMails()).toHaveLength(1);
  });

  it('a leader recused after the submission, or a case withdrawn, no longer waits on anyone’s 待阅批: the entry goes in the same change', async () => {
    store(WORKING);
    expect((await submit('tonglu-leader-principal')).status).toBe(200);
    expect((await submit('hz-leader-petitions')).status).toBe(200);
    const entries = () => items().filter((i) => String(i.sk).startsWith('READING#')).map((i) => i.sk);
    expect(entries().sort()).toEqual(['READING#hz-leader-petitions', 'READING#tonglu-leader-principal']);

    const recused = await invoke({ method: 'POST', path: `/cases/${NUMBER}/recusals`, staffId: 'tonglu-office', body: { staffId: 'tonglu-leader-principal', reason: '与信访人系亲属' } });
    expect(recused.status).toBe(200);
    expect(entries()).toEqual(['READING#hz-leader-petitions']);
    expect((await list('tonglu-leader-principal')).body.items).toEqual([]);
    // The case page says the submission no longer waits, and why: the office may put it before another leader.
    expect((await read()).body.leaderReadingsVoid).toEqual([{ seq: 5, reason: '该领导已回避或无权查阅该事项' }]);

    const withdrawn = await invoke({ method: 'POST', path: `/cases/${NUMBER}/withdrawal`, staffId: 'tonglu-registrar', body: { how: 'writing', note: '问题已解决，本人自愿撤回。' } });
    expect(withdrawn.status).toBe(200);
    expect(entries()).toEqual([]);
    expect((await list('hz-leader-petitions')).body.items).toEqual([]);
    expect((await read()).body.leaderReadingsVoid).toEqual([
      { seq: 5, reason: '事项已撤回' },
      { seq: 6, reason: '事项已撤回' },
    ]);
  });

  it('a leader who leaves (the roster deployed without them): reindex takes the case off their 待阅批 list, and the other leader’s stays', async () => {
    store(WORKING);
    expect((await submit('tonglu-leader-principal')).status).toBe(200);
    expect((await submit('hz-leader-petitions')).status).toBe(200);
    const entries = () => items().filter((i) => String(i.sk).startsWith('READING#')).map((i) => i.sk).sort();
    expect(entries()).toEqual(['READING#hz-leader-petitions', 'READING#tonglu-leader-principal']);

    const deployed = loadProvinceConfig(DEMO_CONFIG);
    const roster = new Province({ ...deployed.config, staff: deployed.config.staff.filter((s) => s.id !== 'tonglu-leader-principal') }, deployed.calendar);
    dynamo.on(ScanCommand).callsFake(() => ({ Items: [...table.values()].filter((i) => i.entity === 'case') }));
    const reindexer = new CaseReindexer(new DynamoDBClient({ region: 'ap-east-1', endpoint: 'http://127.0.0.1:9' }), 'xinfang-test-cases', roster);
    expect((await reindexer.page()).readingRemoved).toBe(1);
    expect(entries()).toEqual(['READING#hz-leader-petitions']);
  });
});
