import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { apiInvoker, importApiHandler, type ApiHandler } from '../fixtures/api-handler.js';
import { keyOf, standInTable } from '../fixtures/stand-in-table.js';
import { outboxMessages, unpacked } from '../fixtures/stored-items.js';
import { captureLogs } from '../fixtures/log-capture.js';
import { caseItem } from '../../shared/adapters/dynamodb/case-store.js';
import type { Case } from '../../shared/domain/case.js';

/**
 * 办理记录 through the API: progress, investigation notes and leaders'
 * 批示 on the case and its history, who may add which, the petitioner told
 * a progress note only when its author says so, the same note twice added
 * once, and the text never in the logs. The table is a stand-in
 * (test/fixtures/stand-in-table.ts), so a repeat reads what the first stored.
 */

const dynamo = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
let handler: ApiHandler;
let logs: ReturnType<typeof captureLogs>;
// INFO: the function logs each request, so a note's text in any line would show.
beforeAll(async () => {
  handler = await importApiHandler('INFO');
});
const { table, serve, transactions } = standInTable(dynamo);
beforeEach(() => {
  dynamo.reset();
  sqs.reset();
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [{ Id: '0', MessageId: 'm-1', MD5OfMessageBody: '' }], Failed: [] });
  dynamo.on(QueryCommand, { IndexName: 'byContact' }).resolves({ Items: [] });
  serve();
  logs = captureLogs();
  // Monday 7 December 2026, 10:00 in China.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-12-07T02:00:00Z'));
});
afterEach(() => {
  logs.restore();
  vi.useRealTimers();
});
const invoke = apiInvoker(() => handler);

const HANDLED: Case = {
  caseNumber: '330122-2026-000007',
  jurisdiction: '330122',
  receivingOffice: '330122',
  channel: 'email',
  status: 'inProgress',
  subject: '楼顶漏水',
  matter: '反映城南小区楼顶漏水三个月无人维修。',
  petitioner: { anonymous: false, name: '张伟', email: 'zhangwei@163.example' },
  urgent: false,
  reviewLevel: 0,
  handling: { lead: '330122-housing', cooperating: ['330122-hrss'] },
  receivedAt: '2026-11-20T01:15:00.000Z',
  registeredAt: '2026-11-20T01:20:00.000Z',
  registeredBy: 'system:intake',
  acceptedAt: '2026-11-21T01:00:00.000Z',
  deadlines: { handling: '2027-01-19T16:00:00.000Z' },
  attachments: [],
  version: 5,
  updatedAt: '2026-11-21T01:00:00.000Z',
};
const path = `/cases/${HANDLED.caseNumber}/notes`;
const store = (c: Case) => {
  const item = caseItem(c);
  table.set(keyOf(item), item);
};
const add = (body: unknown, opts: { staffId?: string; key?: string } = {}) =>
  invoke({ method: 'POST', path, staffId: opts.staffId ?? 'tonglu-housing-handler', body, ...(opts.key ? { headers: { 'idempotency-key': opts.key } } : {}) });
const read = (staffId: string) => invoke({ method: 'GET', path: `/cases/${HANDLED.caseNumber}`, staffId });
const items = () => [...table.values()].map((item) => unpacked(item));
const mails = () => outboxMessages(items()).filter((m) => m.queue === 'notifications' || m.body?.to);
const events = () => items().filter((i) => i.entity === 'event');

const PROGRESS = '已约请物业公司现场查看，预计12月15日前完成楼顶防水维修。';

describe('办理进展', () => {
  it('is an event on the case (who, when, kind, text) and internal unless its author tells the petitioner', async () => {
    store(HANDLED);
    const added = await add({ kind: 'progress', text: PROGRESS, expectedVersion: 5 }, { key: 'note-0000001' });
    expect(added.status).toBe(200);
    expect(added.body.case.notes).toEqual([expect.objectContaining({ seq: 6, kind: 'progress', text: PROGRESS, by: 'tonglu-housing-handler', at: '2026-12-07T02:00:00.000Z' })]);
    expect(added.body.case.notes[0].toldPetitioner).toBeUndefined();
    expect(events()).toEqual([expect.objectContaining({ seq: 6, type: 'noteAdded', actor: 'tonglu-housing-handler', at: '2026-12-07T02:00:00.000Z', detail: { kind: 'progress', text: PROGRESS } })]);
    expect(mails()).toEqual([]);
    // The office sees it on the case, and the audit trail has who added it.
    const seen = await read('tonglu-office');
    expect(seen.body.events.map((e: { type: string }) => e.type)).toContain('noteAdded');
    const audit = items().filter((i) => i.entity === 'audit');
    expect(audit).toEqual(expect.arrayContaining([expect.objectContaining({ actor: 'tonglu-housing-handler', action: 'notes', outcome: 'allowed' })]));
  });

  it('told to the petitioner (告知信访人): emailed with the case number and the text, once however often it is sent', async () => {
    store(HANDLED);
    const body = { kind: 'progress', text: PROGRESS, tellPetitioner: true };
    expect((await add(body, { key: 'note-0000002' })).status).toBe(200);
    const again = await add(body, { key: 'note-0000002' });
    expect(again.status).toBe(200);
    expect(again.body.case.notes).toHaveLength(1);
    expect(transactions()).toBe(1);
    const [mail, ...more] = mails();
    expect(more).toEqual([]);
    expect(mail).toMatchObject({ id: 'progress:330122-2026-000007:6', body: { to: ['zhangwei@163.example'] } });
    const { subject, text } = mail!.body as { subject: string; text: string };
    expect(subject).toContain('【330122-2026-000007】信访事项办理进展');
    expect(text).toContain(PROGRESS);
    expect(text).toContain('最迟于2027年1月19日');
    expect(events()[0]!.detail).toEqual({ kind: 'progress', text: PROGRESS, toldPetitioner: true });
  });

  it('without email, put on the office’s 待电话告知 list for a petitioner who left a phone number, and off it once staff record the call', async () => {
    // 吴建国 came in person and left a phone number and an address, no email: progress is read to him, not posted.
    store({ ...HANDLED, channel: 'visit', petitioner: { anonymous: false, name: '吴建国', phone: '13700005678', address: '桐庐县城南街道迎春南路12号' } });
    const body = { kind: 'progress', text: PROGRESS, tellPetitioner: true };
    expect((await add(body, { key: 'note-0000004' })).status).toBe(200);
    expect((await add(body, { key: 'note-0000004' })).status).toBe(200);
    expect(mails()).toEqual([]);
    const seen = await read('tonglu-office');
    expect(seen.body.case.postalLetters).toEqual([expect.objectContaining({ id: 'progress:330122-2026-000007:6', kind: 'progressNotice', channel: 'phone', from: '330122' })]);
    expect(seen.body.allowedActions).toContain('tellByPhone');
    // The letter waits on 桐庐县's 待电话告知 list (its index entry), once.
    const waiting = items().filter((i) => i.gsi2pk === 'PHONE#330122');
    expect(waiting).toHaveLength(1);
    expect(String(waiting[0]!.text)).toContain(PROGRESS);

    const phoned = await invoke({
      method: 'POST',
      path: `/cases/${HANDLED.caseNumber}/letters/phoned`,
      staffId: 'tonglu-office',
      body: { letterId: 'progress:330122-2026-000007:6', note: '已电话告知吴建国维修安排，其表示同意。' },
    });
    expect(phoned.status).toBe(200);
    expect(phoned.body.case.postalLetters[0]).toMatchObject({ toldBy: 'tonglu-office', toldNote: '已电话告知吴建国维修安排，其表示同意。' });
    expect((await read('tonglu-office')).body.allowedActions).not.toContain('tellByPhone');
  });

  it('a progress call not yet made is dropped when the case is concluded: the answer tells the petitioner where it stands', async () => {
    store({ ...HANDLED, channel: 'visit', petitioner: { anonymous: false, name: '吴建国', phone: '13700005678' } });
    expect((await add({ kind: 'progress', text: PROGRESS, tellPetitioner: true }, { key: 'note-0000005' })).status).toBe(200);
    expect(items().filter((i) => i.gsi2pk === 'PHONE#330122')).toHaveLength(1);
    const concluded = await invoke({
      method: 'POST',
      path: `/cases/${HANDLED.caseNumber}/conclude`,
      staffId: 'tonglu-housing-handler',
      body: { facts: '经现场核查，楼顶防水层老化。', basis: '《物业管理条例》。', decision: '已安排维修，本月内完工。', outcome: 'supported' },
    });
    expect(concluded.status).toBe(200);
    // Nobody is offered the call any more (the index entry is removed in the same transaction: the stand-in applies no updates).
    const seen = await read('tonglu-office');
    expect(seen.body.case.postalLetters[0]).toMatchObject({ kind: 'progressNotice', withdrawnAt: expect.any(String) });
    expect(seen.body.allowedActions).not.toContain('tellByPhone');
    const late = await invoke({ method: 'POST', path: `/cases/${HANDLED.caseNumber}/letters/phoned`, staffId: 'tonglu-office', body: { letterId: 'progress:330122-2026-000007:6', note: '电话告知进展' } });
    expect(JSON.stringify(late.body)).toContain('这条办理进展无需再告知');
    expect(late.status).toBe(409);
  });

  it('with neither email nor phone, only on the tracking page: nothing to post or call', async () => {
    store({ ...HANDLED, channel: 'letter', petitioner: { anonymous: false, name: '吴建国', address: '桐庐县城南街道迎春南路12号' } });
    expect((await add({ kind: 'progress', text: PROGRESS, tellPetitioner: true })).status).toBe(200);
    expect(mails()).toEqual([]);
    expect((await read('tonglu-office')).body.case.postalLetters ?? []).toEqual([]);
  });

  it('never for an anonymous petition, nor for a note that is not progress: refused in Chinese, nothing written', async () => {
    store({ ...HANDLED, petitioner: { anonymous: true } });
    const anonymous = await add({ kind: 'progress', text: PROGRESS, tellPetitioner: true });
    expect(anonymous.status).toBe(422);
    expect(anonymous.body.error.messageZh).toBe('匿名信访无法告知信访人办理进展');
    const finding = await add({ kind: 'investigation', text: '经现场核实，5幢顶楼防水层老化破损。', tellPetitioner: true });
    expect(finding.status).toBe(400);
    expect(finding.body.error.issues).toEqual([expect.objectContaining({ path: 'body.tellPetitioner' })]);
    expect(transactions()).toBe(0);
  });
});

describe('who may add which note', () => {
  it('the lead unit and the office of the case’s jurisdiction add progress and findings; a cooperating unit, an office above and the desk do not; a unit that may not read the case is not told it exists', async () => {
    store(HANDLED);
    const finding = { kind: 'investigation', text: '经现场核实，5幢顶楼防水层老化破损。' };
    expect((await add(finding, { staffId: 'tonglu-housing-head' })).status).toBe(200);
    expect((await add({ ...finding, text: '物业公司承认维修基金申请未提交。' }, { staffId: 'tonglu-office' })).status).toBe(200);
    expect((await add(finding, { staffId: 'tonglu-hrss-handler' })).status).toBe(403);
    expect((await add(finding, { staffId: 'hz-office' })).status).toBe(403);
    expect((await add(finding, { staffId: 'tonglu-registrar' })).status).toBe(403);
    expect((await add(finding, { staffId: 'tonglu-market-handler' })).status).toBe(404);
    expect((await add(finding, { staffId: 'chunan-office' })).status).toBe(404);
    expect(events().map((e) => e.actor)).toEqual(['tonglu-housing-head', 'tonglu-office']);
  });

  it('领导批示 only by a leader of the jurisdiction or above; the case offers it to them and 办理记录 to those who work it', async () => {
    store(HANDLED);
    const instruction = { kind: 'instruction', text: '请住建局会同街道三日内拿出维修方案，并向信访人当面说明。' };
    expect((await add(instruction, { staffId: 'tonglu-housing-head' })).status).toBe(403);
    expect((await add(instruction, { staffId: 'tonglu-office' })).status).toBe(403);
    const given = await add(instruction, { staffId: 'tonglu-leader-principal' });
    expect(given.status).toBe(200);
    expect((await add({ ...instruction, text: '市里关注此事，请桐庐县按期办结。' }, { staffId: 'hz-leader-principal' })).status).toBe(200);
    expect(given.body.case.notes).toEqual([expect.objectContaining({ kind: 'instruction', by: 'tonglu-leader-principal' })]);
    // The unit handling it and the office hear the 批示 at once, signed by the leader — the petitioner is not told.
    const told = mails().filter((m) => String(m.id).startsWith('leader-instruction:'));
    expect(told).toHaveLength(2);
    expect(told[0]!.body).toMatchObject({ to: ['housing@tonglu.petitions.example', 'xinfang@tonglu.petitions.example'], subject: expect.stringContaining('【领导批示】330122-2026-000007') });
    expect((told[0]!.body as { text: string }).text).toContain('请住建局会同街道三日内拿出维修方案，并向信访人当面说明。');
    expect(mails().some((m) => (m.body as { to: string[] }).to.includes('zhangwei@163.example'))).toBe(false);
    // A city leader's 批示 on the county's case: the county hears whose it is, and the city office, which supervises it, is copied.
    expect(told[1]!.body).toMatchObject({ to: ['housing@tonglu.petitions.example', 'xinfang@tonglu.petitions.example', 'xinfang@hz.petitions.example'] });
    expect((told[1]!.body as { text: string }).text).toContain('杭州市领导杨光明于');
    // Addressed to the county, which carries it out; the city office reads why it has it too.
    expect((told[1]!.body as { text: string }).text).toContain('本批示同时抄送杭州市信访局。');
    expect((told[0]!.body as { text: string }).text).not.toContain('抄送');
    expect((told[0]!.body as { text: string }).text).toContain('县长方建华于');

    const allowed = async (staffId: string) => ((await read(staffId)).body.allowedActions as string[]).filter((a) => a === 'addNote' || a === 'giveInstruction');
    expect(await allowed('tonglu-housing-handler')).toEqual(['addNote']);
    expect(await allowed('tonglu-leader-principal')).toEqual(['addNote', 'giveInstruction']);
    expect(await allowed('hz-leader-principal')).toEqual(['giveInstruction']);
    expect(await allowed('tonglu-hrss-handler')).toEqual([]);
  });

  it('an archived case takes no note', async () => {
    store({ ...HANDLED, status: 'archived' });
    const refused = await add({ kind: 'progress', text: PROGRESS });
    expect(refused.status).toBe(409);
    expect(refused.body.error.messageZh).toContain('归档');
  });
});

describe('what a note must be', () => {
  it('refuses an empty note and one too long, at its field; another note under a key already used is refused', async () => {
    store(HANDLED);
    const empty = await add({ kind: 'progress', text: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.issues).toEqual([expect.objectContaining({ path: 'body.text', kind: 'missing' })]);
    const tooLong = await add({ kind: 'progress', text: '进'.repeat(2_001) });
    expect(tooLong.body.error.issues).toEqual([expect.objectContaining({ path: 'body.text', kind: 'tooLong', limit: 2_000 })]);
    const unknownKind = await add({ kind: 'memo', text: PROGRESS });
    expect(unknownKind.status).toBe(400);
    expect((await add({ kind: 'progress', text: PROGRESS }, { key: 'note-0000003' })).status).toBe(200);
    const reused = await add({ kind: 'progress', text: '另一条进展' }, { key: 'note-0000003' });
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('IdempotencyKeyReused');
    // Without a key, the author's latest note sent again is a retry; a new note is another.
    expect((await add({ kind: 'progress', text: PROGRESS })).status).toBe(200);
    expect(transactions()).toBe(1);
    expect((await add({ kind: 'progress', text: '已完成维修，待信访人确认。' })).status).toBe(200);
    expect(transactions()).toBe(2);
  });

  it('the text is never written to the logs, added or refused', async () => {
    store(HANDLED);
    await add({ kind: 'progress', text: PROGRESS, tellPetitioner: true });
    await add({ kind: 'investigation', text: '张伟反映属实，物业经理李强承认拖延。' });
    // Refused ones are logged (code and status): their text is not.
    await add({ kind: 'instruction', text: '请物业经理李强当面向张伟说明。' });
    await add({ kind: 'progress', text: '已约请物业公司现场查看', tellPetitioner: true }, { staffId: 'hz-office' });
    expect(logs.text()).not.toContain('物业公司现场查看');
    expect(logs.text()).not.toContain('李强');
    expect(logs.entries().length).toBeGreaterThan(0);
  });
});
