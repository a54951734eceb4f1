import { beforeEach, describe, expect, it } from 'vitest';
import { apiTestBed } from '../fixtures/api-handler.js';
import { keyOf, standInTable } from '../fixtures/stand-in-table.js';
import { outboxMessages, unpacked } from '../fixtures/stored-items.js';
import { caseItem } from '../../shared/adapters/dynamodb/case-store.js';
import type { Case } from '../../shared/domain/case.js';

/**
 * 请信访人补充材料 through the API: the request on the case and its event, the
 * petitioner told by the way they can be reached (email; a letter to post or
 * to read out on the phone), nobody asked of an anonymous petition, and the
 * same request twice asking — and sending — once. The table is a stand-in
 * (test/fixtures/stand-in-table.ts), so a repeat reads what the first stored.
 */

// Monday 7 December 2026, 10:00 in China.
const { dynamo, invoke } = apiTestBed({ now: '2026-12-07T02:00:00Z' });
const { table, serve, transactions } = standInTable(dynamo);
beforeEach(() => serve());

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
  handling: { lead: '330122-housing', cooperating: [] },
  receivedAt: '2026-11-20T01:15:00.000Z',
  registeredAt: '2026-11-20T01:20:00.000Z',
  registeredBy: 'system:intake',
  acceptedAt: '2026-11-21T01:00:00.000Z',
  deadlines: { handling: '2027-01-19T16:00:00.000Z' },
  attachments: [],
  version: 5,
  updatedAt: '2026-11-21T01:00:00.000Z',
};
const path = `/cases/${HANDLED.caseNumber}/material-request`;
const store = (c: Case) => {
  const item = caseItem(c);
  table.set(keyOf(item), item);
};
const ask = (body: unknown, opts: { staffId?: string; key?: string } = {}) =>
  invoke({ method: 'POST', path, staffId: opts.staffId ?? 'tonglu-housing-handler', body, ...(opts.key ? { headers: { 'idempotency-key': opts.key } } : {}) });
const items = () => [...table.values()].map((item) => unpacked(item));
const mails = () => outboxMessages(items()).filter((m) => m.queue === 'notifications' || m.body?.to);
const events = () => items().filter((i) => i.entity === 'event');

describe('请信访人补充材料 by email', () => {
  it('records who asked what and by when, and emails the petitioner the case number, the request and the ways to send it; the clock runs on', async () => {
    store(HANDLED);
    const asked = await ask({ needed: '请提供物业维修申请记录及漏水照片', by: '2026-12-20', expectedVersion: 5 }, { key: 'form-0000001' });
    expect(asked.status).toBe(200);
    expect(asked.body.case.materialRequests).toEqual([expect.objectContaining({ seq: 6, needed: '请提供物业维修申请记录及漏水照片', by: '2026-12-20', requestedBy: 'tonglu-housing-handler', requestedAt: '2026-12-07T02:00:00.000Z' })]);
    expect(items().find((i) => i.entity === 'case')!.deadlines).toEqual(HANDLED.deadlines);
    expect(asked.body.case.suspensions).toBeUndefined();
    expect(events()).toEqual([expect.objectContaining({ seq: 6, type: 'materialRequested', actor: 'tonglu-housing-handler', detail: { needed: '请提供物业维修申请记录及漏水照片', by: '2026-12-20' } })]);

    const [mail, ...more] = mails();
    expect(more).toEqual([]);
    expect(mail).toMatchObject({ id: 'material:330122-2026-000007:6', body: { to: ['zhangwei@163.example'] } });
    const { subject, text } = mail!.body as { subject: string; text: string };
    expect(subject).toContain('330122-2026-000007');
    expect(subject).toContain('请补充信访材料');
    expect(text).toContain('请您于2026年12月20日前补充以下材料');
    expect(text).toContain('请提供物业维修申请记录及漏水照片');
    expect(text).toContain('请直接回复本邮件');
    expect(text).toContain('/public/track');
    expect(text).toContain('查询码');
    expect(text).toContain('办理期限不中止、不延长');
    expect(text).toContain('2027年1月19日');
  });

  it('the same request twice asks once and sends one email: by its key even when the case moved on, by its words without one', async () => {
    store(HANDLED);
    const body = { needed: '漏水照片', expectedVersion: 5 };
    expect((await ask(body, { key: 'form-0000002' })).status).toBe(200);
    const again = await ask(body, { key: 'form-0000002' });
    expect(again.status).toBe(200);
    expect(again.body.case.materialRequests).toHaveLength(1);
    expect(transactions()).toBe(1);
    expect(mails()).toHaveLength(1);
    // No key, the same words still unanswered: nothing asked twice either.
    const unkeyed = await ask({ needed: '漏水照片' });
    expect(unkeyed.status).toBe(200);
    expect(transactions()).toBe(1);
    // Another request under the same key is refused.
    const reused = await ask({ needed: '维修合同' }, { key: 'form-0000002' });
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('IdempotencyKeyReused');
    // Another request is another request.
    expect((await ask({ needed: '维修合同' }, { key: 'form-0000003' })).status).toBe(200);
    expect(mails()).toHaveLength(2);
  });
});

describe('请信访人补充材料 without email', () => {
  it('a petitioner who gave a postal address gets a 补充材料告知书 on the office’s 待寄送 list, no email', async () => {
    store({ ...HANDLED, petitioner: { anonymous: false, name: '张伟', address: '桐庐县城南街道城南小区5幢301室' } });
    const asked = await ask({ needed: '房屋产权证明复印件' });
    expect(asked.status).toBe(200);
    expect(asked.body.case.postalLetters).toEqual([expect.objectContaining({ id: 'material:330122-2026-000007:6', kind: 'materialRequestNotice', from: '330122' })]);
    expect(asked.body.case.postalLetters[0].channel).toBeUndefined();
    const letter = items().find((i) => i.entity === 'message' && i.id === 'material:330122-2026-000007:6')!;
    expect(String(letter.text)).toContain('请您尽快补充以下材料');
    expect(String(letter.text)).toContain('请寄送或送交');
    expect(String(letter.text)).not.toContain('回复本邮件');
    expect(mails()).toEqual([]);
  });

  it('one who left only a telephone number: the same letter on the 待电话告知 list', async () => {
    store({ ...HANDLED, petitioner: { anonymous: false, phone: '13900001111' } });
    const asked = await ask({ needed: '房屋产权证明复印件' });
    expect(asked.status).toBe(200);
    expect(asked.body.case.postalLetters).toEqual([expect.objectContaining({ kind: 'materialRequestNotice', channel: 'phone' })]);
    expect(mails()).toEqual([]);
  });

  it('an anonymous petition: refused in Chinese, nothing written', async () => {
    store({ ...HANDLED, petitioner: { anonymous: true } });
    const refused = await ask({ needed: '房屋产权证明复印件' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.messageZh).toBe('匿名信访无法联系信访人，不能请其补充材料');
    expect(transactions()).toBe(0);
  });
});

describe('请信访人补充材料: who, when, and what the request must say', () => {
  it('not the office over the unit’s head, nor a cooperating unit; the office handling it itself may', async () => {
    store(HANDLED);
    expect((await ask({ needed: '照片' }, { staffId: 'tonglu-office' })).status).toBe(403);
    store({ ...HANDLED, status: 'accepted', handling: undefined } as Case);
    expect((await ask({ needed: '照片' }, { staffId: 'tonglu-office' })).status).toBe(200);
  });

  it('refuses an empty request, a day before today, and a concluded case, saying where', async () => {
    store(HANDLED);
    const empty = await ask({ needed: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.issues).toEqual([expect.objectContaining({ path: 'body.needed', kind: 'missing' })]);
    const tooLong = await ask({ needed: '材'.repeat(2_001) });
    expect(tooLong.body.error.issues).toEqual([expect.objectContaining({ path: 'body.needed', kind: 'tooLong', limit: 2_000 })]);
    const notADay = await ask({ needed: '照片', by: '2026-13-01' });
    expect(notADay.status).toBe(400);
    expect(notADay.body.error.issues[0].path).toBe('body.by');
    const past = await ask({ needed: '照片', by: '2026-12-06' });
    expect(past.status).toBe(422);
    expect(past.body.error.issues).toEqual([expect.objectContaining({ path: 'body.by', messageZh: '补充期限不能早于今天（2026年12月7日）' })]);
    store({ ...HANDLED, status: 'concluded' });
    const concluded = await ask({ needed: '照片' });
    expect(concluded.status).toBe(409);
    expect(concluded.body.error.messageZh).toBe('只有正在办理的事项才能请信访人补充材料');
    expect(transactions()).toBe(0);
    expect(events()).toEqual([]);
  });
});
