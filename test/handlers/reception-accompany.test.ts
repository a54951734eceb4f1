import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { apiInvoker, importApiHandler, type ApiHandler } from '../fixtures/api-handler.js';
import { standInTable } from '../fixtures/stand-in-table.js';
import { outboxMessages, unpacked } from '../fixtures/stored-items.js';
import { captureLogs } from '../fixtures/log-capture.js';

/**
 * 陪访部门 through the API (陪访部门由接访领导确定): 陈海燕 or the office chooses
 * which 桐庐县 units accompany next Monday's session; each unit is mailed the
 * session and what was booked — never who booked it — once per change, a
 * repeat of the request sending nothing twice. The table is a stand-in, so a
 * repeat reads what the first stored.
 */

const dynamo = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
let handler: ApiHandler;
let logs: ReturnType<typeof captureLogs>;
beforeAll(async () => {
  handler = await importApiHandler('INFO');
});
const { table, serve, serveContactIndex, transactions } = standInTable(dynamo);
beforeEach(() => {
  dynamo.reset();
  sqs.reset();
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [{ Id: '0', MessageId: 'm-1', MD5OfMessageBody: '' }], Failed: [] });
  serve();
  serveContactIndex();
  logs = captureLogs();
  // Monday 23 November 2026, 10:00 in China: this morning's session has begun, next Monday's has not.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-23T02:00:00Z'));
});
afterEach(() => {
  logs.restore();
  vi.useRealTimers();
});
const invoke = apiInvoker(() => handler);

const NEXT_MONDAY = '330122:2026-11-30:0900';
const THIS_MORNING = '330122:2026-11-23:0900';
const path = (session: string) => `/reception-days/${session}/accompanying`;
const set = (body: unknown, staffId = 'tonglu-leader-petitions', session = NEXT_MONDAY) => invoke({ method: 'POST', path: path(session), staffId, body });
const items = () => [...table.values()].map((item) => unpacked(item));
const mails = () => outboxMessages(items()).map((m) => m.body as { id: string; to: string[]; subject: string; text: string });

async function book(body: Record<string, unknown>) {
  const booked = await invoke({ method: 'POST', path: `/public/reception-days/${NEXT_MONDAY}/bookings`, body });
  expect(booked.status).toBe(201);
}

describe('POST /reception-days/{sessionId}/accompanying', () => {
  it('mails each unit the session and the booked matters, without who booked them, once however often it is asked', async () => {
    await book({ name: '张伟', phone: '13800001111', email: 'zhangwei@qq.example', matter: '城南小区楼顶漏水三个月无人维修，物业推诿。' });
    await book({ name: '吴建国', phone: '13700005678', matter: '村里修路占了我家承包地，补偿一直没谈。' });
    const body = { units: ['330122-housing', '330122-natural-resources'], expectedVersion: 0 };

    const first = await set(body);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      repeated: false,
      told: { accompany: 2, withdrawn: 0 },
      accompanying: { version: 1, units: [{ id: '330122-housing', name: '桐庐县住房和城乡建设局' }, { id: '330122-natural-resources', name: '杭州市规划和自然资源局桐庐分局' }] },
    });
    const letters = mails().filter((m) => m.id.startsWith('reception-accompany:'));
    expect(letters.map((m) => m.to)).toEqual([['housing@tonglu.petitions.example'], [expect.stringContaining('@')]]);
    const housing = letters[0]!;
    expect(housing.subject).toBe('【领导接待日陪访】2026年11月30日（星期一） 09:00-11:30 副县长陈海燕同志接待，请桐庐县住房和城乡建设局陪访 — 桐庐县信访局');
    expect(housing.text).toContain('在桐庐县社会矛盾纠纷调处化解中心一楼领导接待室（迎春南路）接待群众来访');
    expect(housing.text).toContain('本场陪访部门：桐庐县住房和城乡建设局、杭州市规划和自然资源局桐庐分局');
    // Booked at the same instant here: in either order.
    expect(housing.text).toMatch(/已预约2批（共2人），预约反映的事项如下：\n\n[12]\. (城南小区楼顶漏水三个月无人维修，物业推诿。|村里修路占了我家承包地，补偿一直没谈。)\n[12]\. (城南小区|村里修路)/);
    for (const personal of ['张伟', '吴建国', '13800001111', '13700005678', 'zhangwei@qq.example', 'JD-']) expect(housing.text).not.toContain(personal);

    // The answer was lost and the request comes again (a retry, a double click): the same, nothing written or sent again.
    const writes = transactions();
    const again = await set(body);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ repeated: true, accompanying: { version: 1 } });
    expect(transactions()).toBe(writes);
    expect(mails().filter((m) => m.id.startsWith('reception-accompany'))).toHaveLength(2);

    // On the session's bookings and on the calendar's day.
    const seen = await invoke({ method: 'GET', path: `/reception-days/${NEXT_MONDAY}/bookings`, staffId: 'tonglu-office' });
    expect(seen.body.session.accompanying.units.map((u: { name: string }) => u.name)).toEqual(['桐庐县住房和城乡建设局', '杭州市规划和自然资源局桐庐分局']);
    expect(seen.body.allowedActions).toContain('setAccompanying');
    const calendar = await invoke({ method: 'GET', path: '/reception-days', staffId: 'tonglu-office', query: { jurisdiction: '330122', from: '2026-11-30', to: '2026-11-30' } });
    expect(calendar.body.sessions.find((s: { id: string }) => s.id === NEXT_MONDAY).accompanying.version).toBe(1);

    const trail = items().filter((i) => i.entity === 'audit' && i.action === 'setAccompanying');
    expect(trail).toHaveLength(1);
  });

  it('keeps from each unit what accuses someone in office, and who the petitioner is and where they live (条例 第三十条)', async () => {
    await book({ name: '赵敏', phone: '13900002222', matter: '县住建局工作人员李强收受开发商好处，对我的问题置之不理，要求查处' });
    await book({ name: '钱进', phone: '13900003333', matter: '反映县人社局拖延我的工伤认定，经办人刘洋索要好处费', partySize: 2 });
    await book({ name: '王秀英', phone: '13812345678', matter: '本人王秀英，电话13812345678，住城关镇幸福村3组，反映宅基地被占问题' });
    expect((await set({ units: ['330122-housing', '330122-hrss', '330122-natural-resources'], expectedVersion: 0 })).status).toBe(200);

    for (const mailbox of ['housing@tonglu.petitions.example', 'hrss@tonglu.petitions.example']) {
      const letter = mails().find((m) => m.id.startsWith('reception-accompany:') && m.to.includes(mailbox))!;
      expect(letter.text).toContain('已预约3批（共4人），预约反映的事项如下：\n\n1. 反映宅基地被占问题\n另有2项预约事项由桐庐县信访局另行安排，不在此列出。');
      for (const word of ['李强', '刘洋', '收受', '索要', '置之不理', '王秀英', '13812345678', '幸福村', '城关镇']) expect(letter.text).not.toContain(word);
    }
    const natural = mails().find((m) => m.id === `reception-accompany:${NEXT_MONDAY}:v1:330122-natural-resources`)!;
    expect(natural.text).toContain('1. 反映宅基地被占问题\n另有2项');
    expect(natural.text).toContain('接待前一日将再次告知届时的预约情况');
    expect(natural.text).not.toContain('预约情况如有变化，将另行通知');
  });

  it('keeps a refusal by a 派出所 from the 公安局, and every contact clause and relative’s name from every letter', async () => {
    await book({ name: '孙丽', phone: '13900004444', matter: '城关镇派出所对我被打一案不立案' });
    await book({ name: '周强', phone: '13900005555', matter: '联系电话见登记表，微信号：wxy_hz，反映拆迁补偿不到位' });
    await book({ name: '刘芳', phone: '13900006666', matter: '父亲刘建国患癌症住院，医药费报销比例太低' });
    expect((await set({ units: ['330122-public-security', '330122-housing'], expectedVersion: 0 })).status).toBe(200);

    const police = mails().find((m) => m.id === `reception-accompany:${NEXT_MONDAY}:v1:330122-public-security`)!;
    expect(police.text).toContain('另有1项预约事项');
    const housing = mails().find((m) => m.id === `reception-accompany:${NEXT_MONDAY}:v1:330122-housing`)!;
    expect(housing.text).toContain('城关镇派出所对我被打一案不立案');
    for (const letter of [police, housing]) {
      expect(letter.text).toContain('反映拆迁补偿不到位');
      expect(letter.text).toContain('医药费报销比例太低');
      for (const word of ['微信', 'wxy_hz', '刘建国']) expect(letter.text).not.toContain(word);
    }
    expect(police.text).not.toContain('不立案');
  });

  it('tells a unit left out that it need not come, and refuses a change over a version not read', async () => {
    await set({ units: ['330122-housing'], expectedVersion: 0 });
    const stale = await set({ units: ['330122-hrss'], expectedVersion: 0 }, 'tonglu-office');
    expect(stale.status).toBe(409);
    expect(stale.body.messageZh ?? JSON.stringify(stale.body)).toContain('陪访部门已被他人修改');

    const changed = await set({ units: ['330122-hrss'], expectedVersion: 1 }, 'tonglu-office');
    expect(changed.body).toMatchObject({ told: { accompany: 1, withdrawn: 1 }, accompanying: { version: 2 } });
    const withdrawn = mails().find((m) => m.id === `reception-accompany-withdrawn:${NEXT_MONDAY}:v2:330122-housing`)!;
    expect(withdrawn.to).toEqual(['housing@tonglu.petitions.example']);
    expect(withdrawn.text).toContain('贵单位无需再安排人员陪访');
    expect(mails().find((m) => m.id === `reception-accompany:${NEXT_MONDAY}:v2:330122-hrss`)!.to).toEqual(['hrss@tonglu.petitions.example']);
  });

  it('refuses, in Chinese, a unit that does not exist, one of another jurisdiction, a session already begun, and staff who may not choose', async () => {
    const unknown = await set({ units: ['330122-nosuch'], expectedVersion: 0 });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('系统中没有单位 330122-nosuch');

    const other = await set({ units: ['330122101-construction'], expectedVersion: 0 });
    expect(other.status).toBe(400);
    expect(JSON.stringify(other.body)).toContain('富春江镇村镇建设办公室不是桐庐县的单位');

    const begun = await set({ units: ['330122-housing'], expectedVersion: 0 }, 'tonglu-leader-petitions', THIS_MORNING);
    expect(begun.status).toBe(422);
    expect(JSON.stringify(begun.body)).toContain('陪访部门只能在接待前确定');

    // A registrar arranges bookings, not who accompanies the leader.
    const registrar = await set({ units: ['330122-housing'], expectedVersion: 0 }, 'tonglu-registrar');
    expect(registrar.status).toBe(403);
    expect(mails()).toEqual([]);
  });

  it('writes the units’ letters of a cancellation in its own transaction, over the units as read', async () => {
    await set({ units: ['330122-housing'], expectedVersion: 0 });
    const cancelled = await invoke({ method: 'POST', path: `/reception-days/${NEXT_MONDAY}/adjustment`, staffId: 'tonglu-office', body: { kind: 'cancel', reason: '接待领导赴省里参加会议', expectedVersion: 0 } });
    expect(cancelled.status).toBe(200);
    const adjustmentWrite = dynamo
      .commandCalls(TransactWriteCommand)
      .map((call) => call.args[0].input.TransactItems ?? [])
      .find((items) => items.some((item) => item.Put?.Item?.entity === 'receptionAdjustment'))!;
    // Committed only if the units are still those the letters name (version 1), and with them.
    expect(adjustmentWrite.find((item) => item.ConditionCheck)?.ConditionCheck).toMatchObject({ Key: { pk: 'RECEPTION-ACCOMPANY#330122', sk: NEXT_MONDAY }, ExpressionAttributeValues: { ':version': 1 } });
    expect(mails().filter((m) => m.id === `reception-accompany-adjusted:${NEXT_MONDAY}:a1:330122-housing`)).toHaveLength(1);
    const sent = sqs.commandCalls(SendMessageBatchCommand).flatMap((call) => call.args[0].input.Entries ?? []);
    expect(sent.filter((entry) => String(entry.MessageBody).includes('reception-accompany-adjusted'))).toEqual([]);
  });

  it('is not offered, and refused, once the session is cancelled', async () => {
    const cancelled = await invoke({ method: 'POST', path: `/reception-days/${NEXT_MONDAY}/adjustment`, staffId: 'tonglu-office', body: { kind: 'cancel', reason: '接待领导赴省里参加会议', expectedVersion: 0 } });
    expect(cancelled.status).toBe(200);
    const seen = await invoke({ method: 'GET', path: `/reception-days/${NEXT_MONDAY}/bookings`, staffId: 'tonglu-office' });
    expect(seen.body.allowedActions).not.toContain('setAccompanying');
    const refused = await set({ units: ['330122-housing'], expectedVersion: 0 });
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toContain('已取消，无需安排陪访部门');
  });
});

describe('GET /reception-days/accompanied: the accompanying unit’s own view', () => {
  const view = (staffId: string, session = NEXT_MONDAY) => invoke({ method: 'GET', path: `/reception-days/${session}/accompanied`, staffId });

  it('shows the unit’s staff the session as its letter tells it — the matters it may read, the others only counted, nobody’s name or number — and links the letter to it', async () => {
    await book({ name: '赵敏', phone: '13900002222', matter: '县住建局工作人员李强收受开发商好处，对我的问题置之不理，要求查处' });
    await book({ name: '王秀英', phone: '13812345678', email: 'wxy@163.example', matter: '本人王秀英，电话13812345678，住城关镇幸福村3组，反映宅基地被占问题', partySize: 3 });
    expect((await set({ units: ['330122-housing', '330122-natural-resources'], expectedVersion: 0 })).status).toBe(200);

    const seen = await view('tonglu-housing-handler');
    expect(seen.status).toBe(200);
    expect(seen.body.session).toMatchObject({
      id: NEXT_MONDAY,
      date: '2026-11-30',
      dateText: '2026年11月30日（星期一）',
      time: '09:00-11:30',
      leader: '副县长陈海燕同志',
      unit: { id: '330122-housing', name: '桐庐县住房和城乡建设局' },
      units: [{ id: '330122-housing', name: '桐庐县住房和城乡建设局' }, { id: '330122-natural-resources', name: '杭州市规划和自然资源局桐庐分局' }],
      bookings: 2,
      people: 4,
      topics: ['反映宅基地被占问题'],
      withheld: 1,
    });
    const shown = JSON.stringify(seen.body);
    for (const word of ['赵敏', '李强', '收受', '王秀英', '13812345678', '13900002222', 'wxy@163.example', '幸福村', 'JD-']) expect(shown).not.toContain(word);

    // The same words as the unit's letter, which links here.
    const letter = mails().find((m) => m.id === `reception-accompany:${NEXT_MONDAY}:v1:330122-housing`)!;
    expect(letter.text).toContain('1. 反映宅基地被占问题\n另有1项预约事项由桐庐县信访局另行安排，不在此列出。');
    expect(letter.text).toContain(`本场接待安排（贵单位工作人员登录后可查看，不含来访人个人信息）：http://127.0.0.1:3000/accompanying?session=${encodeURIComponent(NEXT_MONDAY)}`);

    // Listed among the unit's coming sessions.
    const listed = await invoke({ method: 'GET', path: '/reception-days/accompanied', staffId: 'tonglu-housing-head' });
    expect(listed.status).toBe(200);
    expect(listed.body.sessions.map((s: { id: string }) => s.id)).toEqual([NEXT_MONDAY]);
  });

  it('refuses, in Chinese, staff of a unit not accompanying the session, and staff in no unit', async () => {
    expect((await set({ units: ['330122-housing'], expectedVersion: 0 })).status).toBe(200);
    const other = await view('tonglu-hrss-handler');
    expect(other.status).toBe(403);
    expect(JSON.stringify(other.body)).toContain('本单位不是该场领导接待的陪访部门，不能查看该场接待安排');
    expect((await invoke({ method: 'GET', path: '/reception-days/accompanied', staffId: 'tonglu-hrss-handler' })).body.sessions).toEqual([]);
    const office = await view('tonglu-office');
    expect(office.status).toBe(403);
    expect(JSON.stringify(office.body)).toContain('信访部门请在“接待日”中查看接待安排');

    // Left out by a change: no longer theirs to read.
    expect((await set({ units: ['330122-hrss'], expectedVersion: 1 })).status).toBe(200);
    expect((await view('tonglu-housing-handler')).status).toBe(403);
    expect((await view('tonglu-hrss-handler')).status).toBe(200);
  });
});

describe('GET /reception-days/{sessionId}/accompanied once the session is not held or is over', () => {
  const view = (session = NEXT_MONDAY) => invoke({ method: 'GET', path: `/reception-days/${session}/accompanied`, staffId: 'tonglu-housing-handler' });

  it('a cancelled session shows none of its booked matters, even while its bookings are still being cancelled', async () => {
    await book({ name: '王秀英', phone: '13812345678', matter: '反映宅基地被占问题，村里一直不处理' });
    expect((await set({ units: ['330122-housing'], expectedVersion: 0 })).status).toBe(200);
    const cancelled = await invoke({ method: 'POST', path: `/reception-days/${NEXT_MONDAY}/adjustment`, staffId: 'tonglu-office', body: { kind: 'cancel', reason: '接待领导赴省里参加会议', expectedVersion: 0 } });
    expect(cancelled.status).toBe(200);
    // The cancellation committed; its bookers are told and their bookings cancelled after it (a crash in between leaves them booked).
    for (const item of table.values()) if (item.entity === 'receptionBooking') item.status = 'booked';

    const seen = await view();
    expect(seen.status).toBe(200);
    expect(seen.body.session).toMatchObject({ cancelled: true, topics: [], withheld: 0, bookings: 0, people: 0 });
    expect(JSON.stringify(seen.body)).not.toContain('宅基地');
  });

  it('a session already held, opened from its letter’s link, is marked ended and shows no booked matters', async () => {
    await book({ name: '王秀英', phone: '13812345678', matter: '反映宅基地被占问题，村里一直不处理' });
    expect((await set({ units: ['330122-housing'], expectedVersion: 0 })).status).toBe(200);
    expect((await view()).body.session).toMatchObject({ topics: [expect.stringContaining('宅基地')], bookings: 1 });

    // Monday 30 November, 14:00 in China: the morning's session is over, its booking not yet settled by the office.
    vi.setSystemTime(new Date('2026-11-30T06:00:00Z'));
    const seen = await view();
    expect(seen.status).toBe(200);
    expect(seen.body.session).toMatchObject({ id: NEXT_MONDAY, ended: true, topics: [], withheld: 0, bookings: 0, people: 0 });
    expect(JSON.stringify(seen.body)).not.toContain('宅基地');
    expect((await invoke({ method: 'GET', path: '/reception-days/accompanied', staffId: 'tonglu-housing-handler' })).body.sessions).toEqual([]);
  });
});
