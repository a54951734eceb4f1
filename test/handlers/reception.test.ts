import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { ConditionalCheckFailedException, DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { httpEvent, lambdaContext } from '../fixtures/http-event.js';
import { outboxMessages } from '../fixtures/stored-items.js';
import { DEMO_CONFIG, TEST_TABLE } from '../fixtures/handler-env.js';
import { captureLogs } from '../fixtures/log-capture.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { loadHolidayCalendar } from '../../shared/config/holidays.js';
import { loadProvinceConfig, parseProvinceConfig } from '../../shared/config/province.js';
import { bookReception, cancelReceptionBooking, markReceptionNoShow, receptionCalendar, recordReceptionNote, sessionBookings, type ReceptionDeps } from '../../shared/app/reception.js';
import { remindLeaders } from '../../shared/app/reception-reminders.js';
import type { NotificationInput } from '../../shared/app/notification.js';
import type { ReceptionBooking } from '../../shared/app/reception-ports.js';
import { OutOfScope, RuleViolation } from '../../shared/domain/errors.js';
import type { Actor } from '../../shared/domain/access.js';
import { ReceptionFull } from '../../shared/domain/reception.js';
import { DynamoReceptionStore } from '../../shared/adapters/dynamodb/reception-store.js';
import { MemoryReceptionStore } from '../fixtures/memory-reception-store.js';
import { hashContact } from '../../shared/adapters/dynamodb/keys.js';
import { contactsOf } from '../../shared/domain/registration.js';
import { importApiHandler, type ApiHandler } from '../fixtures/api-handler.js';

// The stores talk through the document client, so that is what is mocked.
const dynamo = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);

let handler: ApiHandler;
let logs: ReturnType<typeof captureLogs>;

beforeAll(async () => {
  handler = await importApiHandler('INFO');
});

beforeEach(() => {
  dynamo.reset();
  // A case a booking names is read to see whether its petitioner booked: none by default.
  dynamo.on(GetCommand).resolves({});
  // No session counters unless a test says otherwise.
  dynamo.on(BatchGetCommand).resolves({ Responses: { [TEST_TABLE]: [] } });
  // No session adjusted (调整) unless a test says otherwise.
  dynamo.on(QueryCommand).resolves({ Items: [] });
  sqs.reset();
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [{ Id: '0', MessageId: 'm-1', MD5OfMessageBody: '' }], Failed: [] });
  logs = captureLogs();
  // Monday 23 November 2026, 10:00 in China: this morning's session has begun, next Monday's has not.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-23T02:00:00Z'));
});
afterEach(() => {
  logs.restore();
  vi.useRealTimers();
});

const invoke = async (event: Parameters<typeof httpEvent>[0], opts: { noAuthorizer?: boolean } = {}) => {
  const raw = httpEvent(event);
  // On AWS a public route has no authorizer at all.
  if (opts.noAuthorizer) delete (raw.requestContext as { authorizer?: unknown }).authorizer;
  const result = await handler(raw, lambdaContext);
  return { status: result.statusCode, headers: result.headers ?? {}, body: JSON.parse(result.body ?? 'null') };
};

const NEXT_MONDAY = '330122:2026-11-30:0900';
/** 方建华's (the county's principal leader) session, the last Monday of November. */
const PRINCIPAL = '330122:2026-11-30:1430';
/** 郑华's report against 县长方建华, registered at 桐庐县 and moved up to 杭州市 (第三十条). */
const ZHENG_CASE = '330122-2026-000009';
/** A case 方建华 is recused from (回避). */
const RECUSED_CASE = '330122-2026-000011';
const TONGLU_DESK = 'xinfang@tonglu.petitions.example';
const HZ_DESK = 'xinfang@hz.petitions.example';
const bookingsPath = (sessionId: string) => `/public/reception-days/${sessionId}/bookings`;
const zhang = { name: '张伟', phone: '138-0000-1111', email: 'zhangwei@qq.example', matter: '城南小区楼顶漏水三个月无人维修，物业推诿。', caseNumber: '330122-2026-000007' };
const PERSONAL = ['张伟', '13800001111', '138-0000-1111', 'zhangwei@qq.example'];

const storedBooking = (over: Partial<ReceptionBooking> & { sk?: string } = {}) => ({
  pk: `RECEPTION#${NEXT_MONDAY}`,
  sk: 'BOOKING#0b8f5a52-4c57-4d1e-9d0e-7a5c3f2e1a11',
  entity: 'receptionBooking',
  contactHashes: ['h1', 'h2'],
  id: '0b8f5a52-4c57-4d1e-9d0e-7a5c3f2e1a11',
  reference: 'JD-0B8F5A52',
  sessionId: NEXT_MONDAY,
  jurisdiction: '330122',
  date: '2026-11-30',
  name: '张伟',
  phone: '138-0000-1111',
  email: 'zhangwei@qq.example',
  matter: zhang.matter,
  caseNumber: '330122-2026-000007',
  status: 'booked',
  bookedAt: '2026-11-21T01:00:00.000Z',
  ...over,
});

/** A session as the store is handed it, by its slot id (the leader: the rotation's in the demo configuration). */
const slot = (id: string, leader = id.endsWith(':1430') ? 'tonglu-leader-principal' : 'tonglu-leader-petitions') => ({
  id,
  jurisdiction: id.split(':')[0]!,
  date: id.split(':')[1]!,
  leader,
});

const cancelled = (codes: string[]) =>
  new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });

describe('GET /public/reception-days', () => {
  it('publishes the coming sessions with places left, without a login, reading counters by key (no Scan)', async () => {
    dynamo.on(BatchGetCommand).resolves({ Responses: { [TEST_TABLE]: [{ pk: 'RECEPTION#330122:2026-11-30:1430', booked: 5 }] } });

    const response = await invoke({ method: 'GET', path: '/public/reception-days', query: { jurisdiction: '330122', weeks: '3' } }, { noAuthorizer: true });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ jurisdiction: { code: '330122', name: '桐庐县', office: '桐庐县信访局' }, from: '2026-11-23', to: '2026-12-13' });
    // This morning's session has begun and is not offered; the principal receives on the last Monday only.
    expect(response.body.sessions.map((s: { id: string; placesLeft: number }) => [s.id, s.placesLeft])).toEqual([
      ['330122:2026-11-30:0900', 8],
      ['330122:2026-11-30:1430', 0],
      ['330122:2026-12-07:0900', 8],
    ]);
    expect(response.body.sessions[1]).toMatchObject({ leader: { id: 'tonglu-leader-principal', name: '方建华' }, startsAt: '2026-11-30T14:30:00+08:00', capacity: 5 });
    const keys = dynamo.commandCalls(BatchGetCommand)[0]!.args[0].input.RequestItems![TEST_TABLE]!.Keys!;
    expect(keys).toContainEqual({ pk: `RECEPTION#${NEXT_MONDAY}`, sk: 'SESSION' });
  });

  it('names each problem with the query', async () => {
    const response = await invoke({ method: 'GET', path: '/public/reception-days', query: { jurisdiction: 'tonglu', weeks: '52' } });
    expect(response.status).toBe(400);
    expect(response.body.error.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'query.jurisdiction', message: expect.stringContaining('division code') }),
        expect.objectContaining({ path: 'query.weeks', message: expect.stringContaining('at most 12 weeks') }),
      ]),
    );
    expect((await invoke({ method: 'GET', path: '/public/reception-days', query: { jurisdiction: '330199' } })).status).toBe(404);
    expect(dynamo.calls()).toHaveLength(0);
  });
});

describe('POST /public/reception-days/{sessionId}/bookings', () => {
  it('takes a place and stores the booking, the contact claims and the confirmation (outbox) in one conditional transaction', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    dynamo.on(BatchGetCommand).resolves({ Responses: { [TEST_TABLE]: [{ pk: `RECEPTION#${NEXT_MONDAY}`, booked: 3 }] } });

    const response = await invoke({ method: 'POST', path: bookingsPath(NEXT_MONDAY), body: zhang }, { noAuthorizer: true });

    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ created: true, booking: { sessionId: NEXT_MONDAY, date: '2026-11-30', status: 'booked' }, session: { placesLeft: 5 }, confirmation: 'email' });
    expect(response.body.booking.reference).toMatch(/^JD-[0-9A-F]{8}$/);
    // The answer carries no personal data back.
    expect(JSON.stringify(response.body)).not.toMatch(/张伟|13800001111|zhangwei/);

    const all = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(all).toHaveLength(6);
    const items = all.filter((i) => i.Put?.Item?.entity !== 'outbox' && i.Put?.Item?.entity !== 'receptionReference');
    expect(items).toHaveLength(4);
    // The reference is claimed with the cancel code's hash; the code itself is stored nowhere but in the letter's queue entry, withheld from the office's copy.
    const claim = all.find((i) => i.Put?.Item?.entity === 'receptionReference')!.Put!;
    expect(claim).toMatchObject({ ConditionExpression: 'attribute_not_exists(pk)', Item: { pk: `RECEPTION-REF#${response.body.booking.reference}`, cancelCode: { scheme: 'scrypt-n16384-r8-p1' } } });
    expect(JSON.stringify(claim)).not.toContain(response.body.cancelCode.replace(/-/g, ''));
    // Under the slot, whoever receives; the id that named its leader before slots is fixed with the first booking.
    expect(items[0]!.Update).toMatchObject({
      Key: { pk: `RECEPTION#${NEXT_MONDAY}`, sk: 'SESSION' },
      ConditionExpression: 'attribute_not_exists(booked) OR booked < :left',
      ExpressionAttributeValues: expect.objectContaining({ ':capacity': 8, ':left': 8, ':places': 1, ':earlierId': '330122:tonglu-leader-petitions:2026-11-30' }),
    });
    expect(items[0]!.Update!.UpdateExpression).toContain('earlierId = if_not_exists(earlierId, :earlierId)');
    expect(items[1]!.Put).toMatchObject({
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: { sk: expect.stringMatching(/^BOOKING#/), sessionId: NEXT_MONDAY, leader: 'tonglu-leader-petitions', status: 'booked', caseNumber: '330122-2026-000007' },
    });
    expect(items.slice(2).map((i) => [i.Put!.Item!.sk, i.Put!.ConditionExpression])).toEqual([
      [expect.stringMatching(/^CONTACT#/), 'attribute_not_exists(pk)'],
      [expect.stringMatching(/^CONTACT#/), 'attribute_not_exists(pk)'],
    ]);
    // No phone number or email appears in a key.
    const keys = JSON.stringify(items.map((i) => [i.Update?.Key, i.Put?.Item?.pk, i.Put?.Item?.sk]));
    for (const value of ['13800001111', '1111', 'zhangwei', 'qq.example']) expect(keys).not.toContain(value);

    // Nothing queued directly: the confirmation is an outbox item of the booking's transaction, dispatched once it commits.
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
    const outboxItems = all.map((i) => i.Put?.Item).filter((item) => item?.entity === 'outbox');
    expect(outboxItems).toEqual([expect.objectContaining({ pk: `RECEPTION#${NEXT_MONDAY}`, queue: 'notify' })]);
    const outbox = outboxMessages(outboxItems);
    expect(outbox.map((m) => m.queue)).toEqual(['notify']);
    const notification = outbox[0]!.body as NotificationInput;
    expect(notification).toMatchObject({ kind: 'notice', to: ['zhangwei@qq.example'], fromName: '桐庐县信访局', autoSubmitted: 'auto-generated' });
    expect(notification.id).toMatch(/^reception-booking:[0-9a-f-]{36}$/);
    expect(outbox[0]!.id).toBe(notification.id);
    expect(notification.subject).toBe(`【领导接待日】预约成功 ${response.body.booking.reference} — 桐庐县信访局`);
    // The leader with the post configured (职务).
    expect(notification.text).toContain('接待领导：陈海燕（副县长）');
    expect(notification.text).toContain('接待时间：2026年11月30日（星期一） 09:00-11:30');
    expect(notification.caseNumber).toBeUndefined();
    expect(notification.replyTo).toBeUndefined();
    // How to cancel, with the code shown on the answer too.
    expect(notification.text).toContain(`取消码：${response.body.cancelCode}`);
    expect(notification.text).toContain('/public/reception/cancel');
    expect(notification.withheld).toEqual([response.body.cancelCode]);

    expect(logs.text()).not.toMatch(new RegExp(PERSONAL.join('|')));
  });

  it('tells whoever books with a contact that has a place already only that it has, and re-sends the details to the booking’s own email once a day', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled(['ConditionalCheckFailed', 'None', 'ConditionalCheckFailed', 'None']));
    // The contact's claim leads to the booking it holds.
    dynamo.on(GetCommand).callsFake(({ Key }: { Key: { sk: string } }) =>
      Key.sk.startsWith('CONTACT#') ? { Item: { bookingId: storedBooking().id } } : Key.sk === `BOOKING#${storedBooking().id}` ? { Item: storedBooking() } : {},
    );
    dynamo.on(BatchGetCommand).resolves({ Responses: { [TEST_TABLE]: [{ pk: `RECEPTION#${NEXT_MONDAY}`, booked: 8 }] } });
    // Someone else types in 张伟's phone number, with their own name and email.
    const asking = { name: '李四', phone: zhang.phone, email: 'curious@163.example', matter: '想知道他预约了什么。' };

    const response = await invoke({ method: 'POST', path: bookingsPath(NEXT_MONDAY), body: asking }, { noAuthorizer: true });
    const again = await invoke({ method: 'POST', path: bookingsPath(NEXT_MONDAY), body: asking }, { noAuthorizer: true });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ created: false, message: '该联系方式已预约本场接待，无需重复预约；预约时留有电子邮箱的，确认信息已重新发送至该邮箱。' });
    expect(again.body).toEqual(response.body);
    // Nothing of the first booking: no reference, date, name or contact.
    expect(JSON.stringify(response.body)).not.toMatch(/JD-0B8F5A52|2026-11-30|张伟|zhangwei|13800001111|1111/);
    // The details go to the booking's own email, never to the asker's, under an id fixed per booking and day.
    const sent = sqs.commandCalls(SendMessageBatchCommand).map((c) => JSON.parse(c.args[0].input.Entries![0]!.MessageBody!) as NotificationInput);
    expect(sent.map((n) => [n.id, n.to])).toEqual([
      [`reception-booking:${storedBooking().id}:again:2026-11-23`, ['zhangwei@qq.example']],
      [`reception-booking:${storedBooking().id}:again:2026-11-23`, ['zhangwei@qq.example']],
    ]);
    expect(sent[0]!.subject).toContain('JD-0B8F5A52');
  });

  it('refuses a booking when every place is taken, with 409 and a message saying so', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled(['ConditionalCheckFailed', 'None', 'None', 'None']));
    dynamo.on(GetCommand).resolves({});

    const response = await invoke({ method: 'POST', path: bookingsPath(NEXT_MONDAY), body: zhang });

    expect(response.status).toBe(409);
    expect(response.body.error).toMatchObject({ code: 'ReceptionFull', message: expect.stringContaining(`all 8 places of reception session ${NEXT_MONDAY} are booked`) });
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });

  it('refuses more bookings than the daily allowance of one network address, with 429, taking no place', async () => {
    dynamo.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ message: 'allowance used', $metadata: {} }));

    const response = await invoke({ method: 'POST', path: bookingsPath(NEXT_MONDAY), body: zhang }, { noAuthorizer: true });

    expect(response.status).toBe(429);
    expect(response.body.error).toMatchObject({ code: 'TooManyRequests', message: expect.stringContaining('please call the office') });
    const allowance = dynamo.commandCalls(UpdateCommand)[0]!.args[0].input;
    // The address is kept only as a hash.
    expect(JSON.stringify(allowance.Key)).not.toContain('203.0.113.10');
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });

  it('retries when a concurrent booking of the same session cancels the transaction', async () => {
    dynamo.on(TransactWriteCommand).rejectsOnce(cancelled(['TransactionConflict', 'None', 'None'])).resolves({});
    dynamo.on(BatchGetCommand).resolves({ Responses: { [TEST_TABLE]: [] } });
    const response = await invoke({ method: 'POST', path: bookingsPath(NEXT_MONDAY), body: { ...zhang, email: undefined } });
    expect(response.status).toBe(201);
    expect(response.body.confirmation).toBe('none');
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });

  it('names each problem with the body before touching the table', async () => {
    const response = await invoke({
      method: 'POST',
      path: bookingsPath(NEXT_MONDAY),
      body: { name: ' ', matter: '', caseNumber: '2026-7', reference: 'x' },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'body.name', message: 'your name is required' }),
        expect.objectContaining({ path: 'body.phone', message: expect.stringContaining('give a phone number or an email address') }),
        expect.objectContaining({ path: 'body.matter', message: 'say briefly what you want to raise' }),
        expect.objectContaining({ path: 'body.caseNumber', message: expect.stringContaining('330122-2026-000042') }),
        expect.objectContaining({ path: 'body.reference', message: expect.stringContaining('reference') }),
      ]),
    );
    expect(dynamo.calls()).toHaveLength(0);
  });

  it.each([
    ['330122:2026-12-01:0900', 404, 'ReceptionSessionNotFound'], // a Tuesday
    ['330122:2026-12-07:1430', 404, 'ReceptionSessionNotFound'], // not the last Monday
    ['330122:2026-11-23:0900', 422, 'RuleViolation'], // began at 09:00 today
    ['330122:2027-03-01:0900', 422, 'RuleViolation'], // beyond the 12 weeks bookings open
    ['next-monday', 400, 'InvalidInput'],
  ])('refuses session %s with %i', async (sessionId, status, code) => {
    const response = await invoke({ method: 'POST', path: bookingsPath(sessionId), body: zhang });
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
    // Only the session's adjustment (调整) is read, to know when it is held; nothing is booked.
    expect(dynamo.calls().filter((c) => !(c.args[0] instanceof GetCommand))).toHaveLength(0);
  });

  it('judges the booker’s phone as the portal’s booking form does: a mobile a digit short and a line without its area code are refused, in Chinese', async () => {
    for (const [phone, zh] of [
      ['1395711', '手机号码应为 1 开头的 11 位数字，请核对'],
      ['64600000', '固定电话请加区号，例如 0571-87654321'],
    ] as const) {
      const response = await invoke({ method: 'POST', path: bookingsPath(NEXT_MONDAY), body: { ...zhang, phone } });
      expect(response.status).toBe(400);
      expect(response.body.error.issues).toEqual([expect.objectContaining({ path: 'body.phone', messageZh: zh })]);
    }
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('accepts a session id whose colons the client percent-encoded', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    dynamo.on(BatchGetCommand).resolves({ Responses: { [TEST_TABLE]: [] } });
    const response = await invoke({ method: 'POST', path: bookingsPath(encodeURIComponent(NEXT_MONDAY)), body: zhang });
    expect(response.status).toBe(201);
  });
});

describe('a booking that reports the session’s own leader (条例 第三十条)', () => {
  const DEC_28 = '330122:2026-12-28:1430';
  const zheng = { name: '郑华', phone: '13500009999', matter: '举报县长方建华强拆', caseNumber: ZHENG_CASE };
  // The router moved the report up to 杭州市: no office or leader of 桐庐县 may read it.
  const zhengCase = {
    pk: `CASE#${ZHENG_CASE}`,
    sk: 'CASE',
    entity: 'case',
    caseNumber: ZHENG_CASE,
    jurisdiction: '330100',
    receivingOffice: '330122',
    accusedJurisdictions: ['330122'],
    category: 'report',
    petitioner: { anonymous: false, name: '郑华', phone: '13500009999' },
  };
  const booked = { ...storedBooking({ sessionId: DEC_28, date: '2026-12-28', name: '郑华', phone: '13500009999', email: undefined, matter: zheng.matter, caseNumber: ZHENG_CASE, caseNumberConfirmed: false }), pk: `RECEPTION#${DEC_28}` };
  beforeEach(() => {
    dynamo.on(GetCommand, { Key: { pk: `CASE#${ZHENG_CASE}`, sk: 'CASE' } }).resolves({ Item: zhengCase });
  });

  it('books the place the petitioner chose and tells the city holding the report, not the accused county’s desk, to arrange it', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    dynamo.on(BatchGetCommand).resolves({ Responses: { [TEST_TABLE]: [{ pk: `RECEPTION#${DEC_28}`, booked: 1 }] } });

    const response = await invoke({ method: 'POST', path: bookingsPath(DEC_28), body: zheng }, { noAuthorizer: true });

    expect(response.status).toBe(201);
    const all = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    const outbox = outboxMessages(all.map((i) => i.Put?.Item).filter((item) => item?.entity === 'outbox'));
    expect(outbox.map((m) => [m.id, (m.body as NotificationInput).to])).toEqual([[expect.stringMatching(/^reception-arrange:[0-9a-f-]{36}$/), [HZ_DESK]]]);
    expect((outbox[0]!.body as NotificationInput).text).toContain(`预约编号 ${response.body.booking.reference}，郑华，电话 135****9999`);
  });

  it('shows 方建华, and the accused county’s desk, only that a place is taken; the city’s desk sees it to arrange', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [booked] });
    const path = `/reception-days/${DEC_28}/bookings`;

    const fang = await invoke({ method: 'GET', path, staffId: 'tonglu-leader-principal' });
    expect(fang.status).toBe(200);
    expect(fang.body.session).toMatchObject({ taken: 1, placesLeft: 4 });
    expect(fang.body.bookings).toEqual([{ id: booked.id, sessionId: DEC_28, jurisdiction: '330122', date: '2026-12-28', status: 'booked', withheld: true }]);
    expect(JSON.stringify(fang.body)).not.toMatch(/郑华|13500009999|举报|强拆|330122-2026-000009|JD-0B8F5A52/);

    const county = await invoke({ method: 'GET', path, staffId: 'tonglu-office' });
    expect(county.body.bookings).toEqual([expect.objectContaining({ id: booked.id, withheld: true })]);
    expect(JSON.stringify(county.body)).not.toMatch(/郑华|13500009999|举报|强拆/);
    const city = await invoke({ method: 'GET', path, staffId: 'hz-office' });
    expect(city.body.bookings).toEqual([expect.objectContaining({ name: '郑华', phone: '13500009999', caseNumber: ZHENG_CASE, keptFromLeader: true })]);

    dynamo.on(GetCommand, { Key: { pk: `RECEPTION#${DEC_28}`, sk: `BOOKING#${booked.id}` } }).resolves({ Item: booked });
    const cancel = await invoke({ method: 'POST', path: `${path}/${booked.id}/cancel`, staffId: 'tonglu-leader-principal' });
    expect(cancel.status).toBe(403);
    expect(cancel.body.error.message).toContain('the petitions office arranges it');
    expect((await invoke({ method: 'POST', path: `${path}/${booked.id}/cancel`, staffId: 'tonglu-office' })).status).toBe(403);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect((await invoke({ method: 'POST', path: `${path}/${booked.id}/cancel`, staffId: 'hz-office' })).status).toBe(200);
  });
});

describe('staff: bookings, cancellations and reception notes', () => {
  it('finds a session by the id that named its leader before slots: links in mails and on the console keep working', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [storedBooking()] });
    const response = await invoke({ method: 'GET', path: '/reception-days/330122:tonglu-leader-petitions:2026-11-30/bookings', staffId: 'tonglu-office' });
    expect(response.status).toBe(200);
    expect(response.body.session).toMatchObject({ id: NEXT_MONDAY, leader: { id: 'tonglu-leader-petitions', name: '陈海燕' }, time: '09:00-11:30' });
    // The afternoon's: the principal's line that day.
    const principal = await invoke({ method: 'GET', path: `/reception-days/${encodeURIComponent('330122:tonglu-leader-principal:2026-11-30')}/bookings`, staffId: 'tonglu-office' });
    expect(principal.body.session).toMatchObject({ id: PRINCIPAL, time: '14:30-17:00' });
    // A leader who never received that day names no session of it.
    const none = await invoke({ method: 'GET', path: '/reception-days/330122:hz-leader-petitions:2026-11-30/bookings', staffId: 'tonglu-office' });
    expect([none.status, none.body.error.code]).toEqual([404, 'ReceptionSessionNotFound']);
  });

  it('shows a session’s bookings to its jurisdiction and the levels above, not sideways, not without a login', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [storedBooking(), storedBooking({ id: 'b2', sk: 'BOOKING#b2', status: 'cancelled', bookedAt: '2026-11-20T01:00:00.000Z' })] });

    const office = await invoke({ method: 'GET', path: `/reception-days/${NEXT_MONDAY}/bookings`, staffId: 'tonglu-office' });
    expect(office.status).toBe(200);
    expect(office.body.session).toMatchObject({ id: NEXT_MONDAY, placesLeft: 7 });
    expect(office.body.bookings.map((b: ReceptionBooking) => [b.id, b.status])).toEqual([
      ['b2', 'cancelled'],
      [storedBooking().id, 'booked'],
    ]);
    expect(office.body.bookings[1]).not.toHaveProperty('contactHashes');
    expect(office.body.bookings[1]).not.toHaveProperty('pk');
    const query = dynamo.commandCalls(QueryCommand)[0]!.args[0].input;
    expect(query).toMatchObject({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :booking)', ExpressionAttributeValues: { ':pk': `RECEPTION#${NEXT_MONDAY}` } });
    // Reading who booked (names, phones) is on the reception trail, naming the session.
    const trail = dynamo.commandCalls(PutCommand).map((c) => c.args[0].input.Item!).filter((item) => String(item.pk) === 'AUDIT#reception');
    expect(trail).toEqual([expect.objectContaining({ actor: 'tonglu-office', action: 'read:bookers', outcome: 'allowed', detail: `${NEXT_MONDAY} (2)` })]);

    expect((await invoke({ method: 'GET', path: `/reception-days/${NEXT_MONDAY}/bookings`, staffId: 'hz-office' })).status).toBe(200);
    expect((await invoke({ method: 'GET', path: `/reception-days/${NEXT_MONDAY}/bookings`, staffId: 'chunan-office' })).status).toBe(403);
    expect((await invoke({ method: 'GET', path: `/reception-days/${NEXT_MONDAY}/bookings` })).status).toBe(401);
  });

  it('cancels a booking: frees the place and the person’s claims, each write conditional', async () => {
    dynamo.on(GetCommand).resolves({ Item: storedBooking() });
    dynamo.on(TransactWriteCommand).resolves({});

    const response = await invoke({ method: 'POST', path: `/reception-days/${NEXT_MONDAY}/bookings/${storedBooking().id}/cancel`, staffId: 'tonglu-office' });

    expect(response.status).toBe(200);
    expect(response.body.booking).toMatchObject({ status: 'cancelled', cancelledBy: 'tonglu-office', cancelledAt: '2026-11-23T02:00:00.000Z' });
    const written = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    // The booker's notice goes with the cancellation, in the same transaction (reception-cancel-notice.test.ts).
    expect(outboxMessages(written.map((i) => i.Put?.Item)).map((m) => m.id)).toEqual([`reception-cancelled:${storedBooking().id}`]);
    const items = written.filter((i) => !i.Put);
    expect(items.map((i) => (i.Update ?? i.Delete)!.ConditionExpression)).toEqual(['#status = :booked', 'booked >= :places', 'bookingId = :id', 'bookingId = :id']);
    expect(items[1]!.Update).toMatchObject({ Key: { pk: `RECEPTION#${NEXT_MONDAY}`, sk: 'SESSION' }, ExpressionAttributeValues: { ':freed': -1 } });
    expect(items.slice(2).map((i) => i.Delete!.Key)).toEqual([
      { pk: `RECEPTION#${NEXT_MONDAY}`, sk: 'CONTACT#h1' },
      { pk: `RECEPTION#${NEXT_MONDAY}`, sk: 'CONTACT#h2' },
    ]);
    // The answer names the booker: the cancellation is on the reception trail.
    const trail = dynamo.commandCalls(PutCommand).map((c) => c.args[0].input.Item!).filter((item) => String(item.pk) === 'AUDIT#reception');
    expect(trail).toEqual([expect.objectContaining({ actor: 'tonglu-office', action: 'cancelBooking', detail: `${NEXT_MONDAY} ${storedBooking().id}` })]);
  });

  it('cancels all the same when a booking’s transaction on the session held the counter at that instant', async () => {
    dynamo.on(GetCommand).resolves({ Item: storedBooking() });
    const conflict = new TransactionCanceledException({ message: 'Transaction cancelled [None, TransactionConflict]', $metadata: {}, CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }] });
    dynamo.on(TransactWriteCommand).rejectsOnce(conflict).resolves({});

    const response = await invoke({ method: 'POST', path: `/reception-days/${NEXT_MONDAY}/bookings/${storedBooking().id}/cancel`, staffId: 'tonglu-office' });

    expect(response.status).toBe(200);
    expect(response.body.booking).toMatchObject({ status: 'cancelled' });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });

  it('shows who booked only to the session’s own leader and the office’s desk; other leaders see the bookings without names or contacts, units nothing', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [storedBooking()] });
    const path = `/reception-days/${NEXT_MONDAY}/bookings`;

    const own = await invoke({ method: 'GET', path, staffId: 'tonglu-leader-petitions' });
    expect(own.status).toBe(200);
    expect(own.body.bookings[0]).toMatchObject({ name: '张伟', phone: '138-0000-1111', email: 'zhangwei@qq.example' });
    expect(own.body.allowedActions).toEqual(['readBookers', 'cancelBooking', 'markNoShow', 'recordReception', 'adjustSession', 'setAccompanying']);

    const principal = await invoke({ method: 'GET', path, staffId: 'tonglu-leader-principal' });
    expect(principal.status).toBe(200);
    // A leader of the county may take over or swap the session (调换), not see who booked it.
    expect(principal.body.allowedActions).toEqual(['adjustSession']);
    expect(principal.body.bookings[0]).toMatchObject({ reference: 'JD-0B8F5A52', matter: zhang.matter, status: 'booked' });
    expect(JSON.stringify(principal.body)).not.toMatch(/张伟|138-0000-1111|zhangwei/);

    expect((await invoke({ method: 'GET', path, staffId: 'tonglu-housing-handler' })).status).toBe(403);
    // Nor may another leader act on the session.
    const cancel = await invoke({ method: 'POST', path: `${path}/${storedBooking().id}/cancel`, staffId: 'tonglu-leader-principal' });
    expect(cancel.status).toBe(403);
    expect(cancel.body.error.message).toBe(`staff member tonglu-leader-principal may not cancel bookings of reception session ${NEXT_MONDAY}`);
  });

  it('lays out the staff calendar: past and coming sessions of a stretch of days, with the places taken', async () => {
    dynamo.on(BatchGetCommand).resolves({ Responses: { [TEST_TABLE]: [{ pk: 'RECEPTION#330122:2026-11-16:0900', booked: 3 }] } });
    const response = await invoke({ method: 'GET', path: '/reception-days', staffId: 'tonglu-leader-petitions', query: { jurisdiction: '330122', from: '2026-11-01', to: '2026-11-30' } });
    expect(response.status).toBe(200);
    expect(response.body.sessions.map((s: { id: string; taken: number; placesLeft: number }) => [s.id, s.taken, s.placesLeft])).toEqual([
      ['330122:2026-11-02:0900', 0, 8],
      ['330122:2026-11-09:0900', 0, 8],
      ['330122:2026-11-16:0900', 3, 5],
      ['330122:2026-11-23:0900', 0, 8],
      ['330122:2026-11-30:0900', 0, 8],
      ['330122:2026-11-30:1430', 0, 5],
    ]);
    expect(response.body.sessions[2]).toMatchObject({ leader: { id: 'tonglu-leader-petitions', name: '陈海燕' }, time: '09:00-11:30', capacity: 8 });

    const tooLong = await invoke({ method: 'GET', path: '/reception-days', staffId: 'tonglu-office', query: { jurisdiction: '330122', from: '2026-11-01', to: '2027-01-31' } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.issues).toEqual([expect.objectContaining({ path: 'query.to', message: 'at most 62 days after from (a month view shows six weeks)' })]);
    const backwards = await invoke({ method: 'GET', path: '/reception-days', staffId: 'tonglu-office', query: { jurisdiction: '330122', from: '2026-11-30', to: '2026-11-01' } });
    expect(backwards.body.error.issues).toEqual([expect.objectContaining({ path: 'query.to', message: 'must be on or after from (2026-11-30)' })]);
    expect((await invoke({ method: 'GET', path: '/reception-days', staffId: 'deqing-office', query: { jurisdiction: '330122', from: '2026-11-01', to: '2026-11-30' } })).status).toBe(403);
    expect((await invoke({ method: 'GET', path: '/reception-days', staffId: 'tonglu-housing-handler', query: { jurisdiction: '330122', from: '2026-11-01', to: '2026-11-30' } })).status).toBe(403);
  });

  it('marks a no-show once the session has begun, conditionally, keeping who and when; a repeat answers the booking as marked', async () => {
    const THIS_MORNING = '330122:2026-11-23:0900';
    const booked = storedBooking({ sessionId: THIS_MORNING, date: '2026-11-23' });
    // Read to see it is not kept from the leader, then by the store to mark it; the second request finds it marked.
    dynamo
      .on(GetCommand, { Key: { pk: `RECEPTION#${THIS_MORNING}`, sk: `BOOKING#${booked.id}` } })
      .resolvesOnce({ Item: booked })
      .resolvesOnce({ Item: booked })
      .resolves({ Item: { ...booked, status: 'noShow', noShowAt: '2026-11-23T02:00:00.000Z', noShowBy: 'tonglu-leader-petitions' } });
    dynamo.on(UpdateCommand).callsFake(({ ExpressionAttributeValues }: { ExpressionAttributeValues: Record<string, string> }) => ({
      Attributes: { ...booked, status: ExpressionAttributeValues[':to'], noShowAt: ExpressionAttributeValues[':at'], noShowBy: ExpressionAttributeValues[':by'] },
    }));
    const path = `/reception-days/${THIS_MORNING}/bookings/${booked.id}/no-show`;

    const first = await invoke({ method: 'POST', path, staffId: 'tonglu-leader-petitions' });
    const again = await invoke({ method: 'POST', path, staffId: 'tonglu-leader-petitions' });

    expect(first.status).toBe(200);
    expect(first.body.booking).toMatchObject({ status: 'noShow', noShowBy: 'tonglu-leader-petitions', noShowAt: '2026-11-23T02:00:00.000Z' });
    expect(first.body.booking).not.toHaveProperty('contactHashes');
    expect(again.status).toBe(200);
    expect(again.body.booking).toEqual(first.body.booking);
    const updates = dynamo.commandCalls(UpdateCommand);
    expect(updates).toHaveLength(1);
    expect(updates[0]!.args[0].input).toMatchObject({ Key: { pk: `RECEPTION#${THIS_MORNING}`, sk: `BOOKING#${booked.id}` }, ConditionExpression: '#status = :booked' });
  });

  it('refuses a no-show before the session begins, of a cancelled booking, of one that does not exist, and by a unit', async () => {
    const early = await invoke({ method: 'POST', path: `/reception-days/${NEXT_MONDAY}/bookings/${storedBooking().id}/no-show`, staffId: 'tonglu-office' });
    expect(early.status).toBe(422);
    expect(early.body.error.message).toContain('has not begun yet');

    const LAST = '330122:2026-11-16:0900';
    const cancelledBooking = { Item: storedBooking({ sessionId: LAST, status: 'cancelled', cancelledAt: '2026-11-15T01:00:00.000Z' }) };
    dynamo.on(GetCommand, { Key: { pk: `RECEPTION#${LAST}`, sk: `BOOKING#${storedBooking().id}` } }).resolvesOnce(cancelledBooking).resolvesOnce(cancelledBooking).resolves({});
    const cancelledOne = await invoke({ method: 'POST', path: `/reception-days/${LAST}/bookings/${storedBooking().id}/no-show`, staffId: 'tonglu-office' });
    expect(cancelledOne.status).toBe(422);
    expect(cancelledOne.body.error.message).toBe('booking JD-0B8F5A52 was cancelled at 2026-11-15T01:00:00.000Z; a cancelled booking cannot be marked as not come');
    const missing = await invoke({ method: 'POST', path: `/reception-days/${LAST}/bookings/${storedBooking().id}/no-show`, staffId: 'tonglu-office' });
    expect(missing.status).toBe(404);
    expect((await invoke({ method: 'POST', path: `/reception-days/${LAST}/bookings/${storedBooking().id}/no-show`, staffId: 'tonglu-housing-head' })).status).toBe(403);
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('answers 404 for a booking that does not exist', async () => {
    dynamo.on(GetCommand).resolves({});
    const response = await invoke({ method: 'POST', path: `/reception-days/${NEXT_MONDAY}/bookings/0b8f5a52-4c57-4d1e-9d0e-000000000000/cancel`, staffId: 'tonglu-office' });
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('ReceptionBookingNotFound');
  });

  const LAST_MONDAY = '330122:2026-11-16:0900';
  const storedCase = {
    pk: 'CASE#330122-2026-000007',
    sk: 'CASE',
    entity: 'case',
    caseNumber: '330122-2026-000007',
    jurisdiction: '330122',
    receivingOffice: '330122',
    channel: 'letter',
    status: 'accepted',
    matter: '反映城南小区楼顶漏水三个月无人维修。',
    petitioner: { anonymous: false, name: '张伟' },
    urgent: false,
    reviewLevel: 0,
    receivedAt: '2026-11-10T01:15:00.000Z',
    registeredAt: '2026-11-10T01:20:00.000Z',
    registeredBy: 'tonglu-registrar',
    deadlines: {},
    attachments: [],
    version: 3,
    updatedAt: '2026-11-12T01:20:00.000Z',
  };

  it('records a reception note on the case the booking names, as a noted event conditional on the version read', async () => {
    dynamo.on(QueryCommand, { ExpressionAttributeValues: { ':pk': `RECEPTION#${LAST_MONDAY}`, ':booking': 'BOOKING#' } }).resolves({
      Items: [storedBooking({ sessionId: LAST_MONDAY, date: '2026-11-16' })],
    });
    dynamo.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'CASE#330122-2026-000007' } }).resolves({ Items: [storedCase] });
    dynamo.on(TransactWriteCommand).resolves({});
    dynamo.on(GetCommand, { Key: { pk: `RECEPTION#${LAST_MONDAY}`, sk: `BOOKING#${storedBooking().id}` } }).resolves({ Item: storedBooking({ sessionId: LAST_MONDAY, date: '2026-11-16' }) });
    dynamo.on(UpdateCommand).resolves({});

    const response = await invoke({
      method: 'POST',
      path: `/reception-days/${LAST_MONDAY}/notes`,
      staffId: 'tonglu-office',
      body: { caseNumber: '330122-2026-000007', note: '陈海燕副县长当面听取诉求，责成县住建局一周内上门查看漏水情况。' },
    });

    expect(response.status).toBe(201);
    expect(response.body.event).toMatchObject({
      type: 'noted',
      seq: 4,
      actor: 'tonglu-office',
      detail: { reception: LAST_MONDAY, booking: 'JD-0B8F5A52', note: expect.stringContaining('责成县住建局') },
    });
    const items = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items[0]!.Put).toMatchObject({ ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': 3 } });
    expect(items[1]!.Put!.Item).toMatchObject({ sk: 'EVENT#00000004', type: 'noted' });
    // Into the case's audit trail, like every staff action on a case.
    const audit = dynamo.commandCalls(PutCommand).map((c) => c.args[0].input.Item!);
    expect(audit).toEqual([expect.objectContaining({ entity: 'audit', caseNumber: '330122-2026-000007', actor: 'tonglu-office', action: 'reception-note', outcome: 'allowed', requestId: 'req-1' })]);
    // The booking is marked received (已接待), with the case, on condition that it was still booked.
    expect(dynamo.commandCalls(UpdateCommand).map((c) => c.args[0].input)).toEqual([
      expect.objectContaining({
        Key: { pk: `RECEPTION#${LAST_MONDAY}`, sk: `BOOKING#${storedBooking().id}` },
        ConditionExpression: '#status = :booked',
        ExpressionAttributeValues: expect.objectContaining({ ':to': 'received', ':case': '330122-2026-000007', ':by': 'tonglu-office' }),
      }),
    ]);
  });

  it('answers a note with the case as staff see it: never the follow-up link’s token, which only the petitioner’s email carries', async () => {
    dynamo.on(QueryCommand, { ExpressionAttributeValues: { ':pk': `RECEPTION#${LAST_MONDAY}`, ':booking': 'BOOKING#' } }).resolves({ Items: [] });
    const replied = { ...storedCase, status: 'replied', followUp: { dueAt: '2026-11-20T00:00:00.000Z', sentAt: '2026-11-20T00:00:00.000Z', token: 'followup-token-0f3a9c', round: 1 } };
    dynamo.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'CASE#330122-2026-000007' } }).resolves({ Items: [replied] });
    dynamo.on(TransactWriteCommand).resolves({});
    const noted = await invoke({ method: 'POST', path: `/reception-days/${LAST_MONDAY}/notes`, staffId: 'tonglu-office', body: { caseNumber: '330122-2026-000007', note: '当面听取。' } });
    expect(noted.status).toBe(201);
    expect(noted.body.case.followUp).toEqual({ dueAt: '2026-11-20T00:00:00.000Z', sentAt: '2026-11-20T00:00:00.000Z', round: 1 });
    expect(JSON.stringify(noted.body)).not.toContain('followup-token-0f3a9c');
  });

  it('says what is wrong with a note that names no case and registers nothing, or does both', async () => {
    const neither = await invoke({ method: 'POST', path: `/reception-days/${LAST_MONDAY}/notes`, staffId: 'tonglu-office', body: { note: '当面听取诉求。' } });
    expect(neither.status).toBe(400);
    expect(neither.body.error.issues).toEqual([
      expect.objectContaining({ path: 'body.caseNumber', message: 'give the case the reception concerns (caseNumber), or register a new visit petition from it (register)' }),
    ]);
    const both = await invoke({
      method: 'POST',
      path: `/reception-days/${LAST_MONDAY}/notes`,
      staffId: 'tonglu-office',
      body: { note: '当面听取诉求。', caseNumber: '330122-2026-000007', register: { matter: '楼顶漏水。', channel: 'visit' } },
    });
    expect(both.status).toBe(400);
    expect(both.body.error.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'body.register', message: 'give either caseNumber or register, not both: a note goes onto one case' }),
        expect.objectContaining({ path: 'body.register.channel', message: expect.stringContaining('channel') }),
      ]),
    );
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('refuses a note before the session took place, and by staff who may not see the case', async () => {
    const early = await invoke({ method: 'POST', path: `/reception-days/${NEXT_MONDAY}/notes`, staffId: 'tonglu-office', body: { caseNumber: '330122-2026-000007', note: '提前记录' } });
    expect(early.status).toBe(422);
    const outside = await invoke({ method: 'POST', path: `/reception-days/${LAST_MONDAY}/notes`, staffId: 'deqing-office', body: { caseNumber: '330122-2026-000007', note: '越权' } });
    expect(outside.status).toBe(403);
    const noNote = await invoke({ method: 'POST', path: `/reception-days/${LAST_MONDAY}/notes`, staffId: 'tonglu-office', body: { caseNumber: '330122-2026-000007' } });
    expect(noNote.status).toBe(400);
    expect(noNote.body.error.issues).toEqual([expect.objectContaining({ path: 'body.note', message: 'the note is required' })]);
  });
});

describe('the record of a leader’s reminder in the table', () => {
  const store = new DynamoReceptionStore(new DynamoDBClient({}), TEST_TABLE);
  const key = { pk: `RECEPTION#${NEXT_MONDAY}`, sk: 'REMINDER#tonglu-leader-petitions' };

  it('is written once per leader, in the session’s collection, with the bookings it listed; a rerun’s is dropped', async () => {
    dynamo.on(PutCommand).resolvesOnce({}).rejects(new ConditionalCheckFailedException({ message: 'recorded', $metadata: {} }));
    const reminder = { at: '2026-11-29T10:00:00.000Z', listed: [storedBooking().id] };

    await store.recordReminder(slot(NEXT_MONDAY), reminder, 1_800_000_000);
    await store.recordReminder(slot(NEXT_MONDAY), { ...reminder, at: '2026-11-29T11:00:00.000Z' }, 1_800_000_000);

    expect(dynamo.commandCalls(PutCommand)[0]!.args[0].input).toMatchObject({
      Item: { ...key, entity: 'receptionReminder', leader: 'tonglu-leader-petitions', ...reminder, expiresAt: 1_800_000_000 },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    dynamo.on(GetCommand, { Key: key }).resolves({ Item: { ...key, entity: 'receptionReminder', ...reminder } });
    expect(await store.reminderOf(slot(NEXT_MONDAY))).toEqual(reminder);
    // Another leader named for the slot since has had no reminder of it.
    expect(await store.reminderOf(slot(NEXT_MONDAY, 'tonglu-leader-deputy'))).toBeUndefined();
  });

  it('finds a reminder recorded before slots under the id that named its leader', async () => {
    const before = { pk: 'RECEPTION#330122:tonglu-leader-petitions:2026-11-30', sk: 'REMINDER' };
    const reminder = { at: '2026-11-29T10:00:00.000Z', listed: [storedBooking().id] };
    dynamo.on(GetCommand, { Key: before }).resolves({ Item: { ...before, entity: 'receptionReminder', ...reminder } });
    expect(await store.reminderOf(slot(NEXT_MONDAY))).toEqual(reminder);
    expect(await store.reminderOf(slot(NEXT_MONDAY, 'tonglu-leader-deputy'))).toBeUndefined();
  });

  it('keeps the reminder of a session moved to another day apart from the one of its rotation day', async () => {
    dynamo.on(PutCommand).resolves({});
    const moved = { ...slot(NEXT_MONDAY), date: '2026-12-02', rotation: { leader: 'tonglu-leader-petitions', date: '2026-11-30' } };
    const sunday = { at: '2026-11-29T10:00:00.000Z', listed: [storedBooking().id] };
    dynamo.on(GetCommand, { Key: key }).resolves({ Item: { ...key, entity: 'receptionReminder', ...sunday } });
    // Sunday's reminder was of Monday: the moved session has had none for Wednesday.
    expect(await store.reminderOf(moved)).toBeUndefined();
    await store.recordReminder(moved, { at: '2026-12-01T10:00:00.000Z', listed: [] }, 1_800_000_000);
    expect(dynamo.commandCalls(PutCommand)[0]!.args[0].input).toMatchObject({ Item: { pk: key.pk, sk: 'REMINDER#tonglu-leader-petitions#2026-12-02' }, ConditionExpression: 'attribute_not_exists(pk)' });
  });
});

describe('use cases on an in-memory store', () => {
  const province = loadProvinceConfig(DEMO_CONFIG);
  let reception: MemoryReceptionStore;
  let queued: { id: string; body: NotificationInput }[];
  let now: Date;
  const deps = (): ReceptionDeps => ({
    reception,
    province,
    // 张伟's case, recorded with his phone: a booking naming it from that phone is his.
    // His cases elsewhere: one at 淳安县, and a report against 桐庐县 held by the city — neither is 桐庐县's desk's to confirm.
    store: {
      getCaseRecord: async (n: string) => {
        const petitioner = { anonymous: false, name: '张伟', phone: '13800001111' };
        if (n === zhang.caseNumber) return { caseNumber: n, jurisdiction: '330122', receivingOffice: '330122', petitioner };
        if (n === '330127-2026-000001') return { caseNumber: n, jurisdiction: '330127', receivingOffice: '330127', petitioner };
        if (n === '330100-2026-000007') return { caseNumber: n, jurisdiction: '330100', receivingOffice: '330100', accusedJurisdictions: ['330122'], petitioner };
        // 郑华's report against 县长方建华, registered at the county and moved up to the city: 桐庐县 may not read it.
        if (n === ZHENG_CASE) return { caseNumber: n, jurisdiction: '330100', receivingOffice: '330122', accusedJurisdictions: ['330122'], petitioner: { anonymous: false, name: '郑华', phone: '13500009999' } };
        // A case the principal was recused from (回避), his county's to hold.
        if (n === RECUSED_CASE) return { caseNumber: n, jurisdiction: '330122', receivingOffice: '330122', recused: [{ staffId: 'tonglu-leader-principal' }], petitioner };
        return undefined;
      },
      appendAudit: async () => undefined,
    } as unknown as ReceptionDeps['store'],
    clock: { now: () => now },
    notify: { publish: async (messages) => void queued.push(...messages) },
  });
  /** What the mailer would send: one mail per notification id. */
  const mailed = () => [...new Map(queued.map((m) => [m.id, m.body])).values()];

  beforeAll(() => vi.useRealTimers());
  beforeEach(() => {
    vi.useRealTimers();
    reception = new MemoryReceptionStore();
    queued = [];
    now = new Date('2026-11-23T02:00:00Z');
  });
  afterAll(() => vi.useRealTimers());

  it('fills a session up to its capacity, then refuses; a second booking by the same person is their first one', async () => {
    const principal = '330122:2026-11-30:1430';
    const first = await bookReception(deps(), principal, { name: '李娜', phone: '+86 139 0000 0001', matter: '征地补偿款迟迟未发放。' });
    const again = await bookReception(deps(), principal, { name: '李娜', phone: '13900000001', email: 'lina@163.example', matter: '征地补偿款迟迟未发放。' });
    expect(first.created).toBe(true);
    expect(again).toEqual({ created: false, session: expect.objectContaining({ id: principal }) });
    for (let i = 2; i <= 5; i++) await bookReception(deps(), principal, { name: `群众${i}`, phone: `1390000000${i}`, matter: '拆迁安置问题。' });
    await expect(bookReception(deps(), principal, { name: '王芳', phone: '13900000009', matter: '拆迁安置问题。' })).rejects.toBeInstanceOf(ReceptionFull);
    expect((await reception.bookingsOf(slot(principal))).length).toBe(5);
  });

  it('does not name the leader as the one receiving a booker whose own words accuse that leader', async () => {
    const principal = '330122:2026-11-30:1430';
    const booked = await bookReception(deps(), principal, { name: '李娜', phone: '13900000001', email: 'lina@163.example', matter: '举报县长方建华指使强拆我家房屋。' });
    expect(booked).toMatchObject({ created: true, leaderArranged: true });
    const confirmation = reception.outbox.map((m) => m.body as { to?: string[]; text: string }).find((m) => m.to?.includes('lina@163.example'))!;
    expect(confirmation.text).toContain('由信访部门另行安排');
    expect(confirmation.text).not.toContain('方建华\n');
    const plain = await bookReception(deps(), principal, { name: '王芳', phone: '13900000002', matter: '征地补偿款迟迟未发放。' });
    expect(plain).not.toHaveProperty('leaderArranged');
  });

  it('shows the booking and its cancel code again to the form that made it, posted again, and to no one else', async () => {
    const principal = '330122:2026-11-30:1430';
    const form = { name: '李娜', phone: '13900000001', matter: '征地补偿款迟迟未发放。', formToken: 'tok_booking_form_0001' };
    const first = await bookReception(deps(), principal, form);
    if (!first.created) throw new Error('not booked');
    // The answer was lost: the same form again.
    const again = await bookReception(deps(), principal, form);
    expect(again).toMatchObject({ created: false, again: { booking: { reference: first.booking.reference }, cancelCode: first.cancelCode } });
    // Someone else typing in her number, with a form of their own, learns nothing of her booking.
    const other = await bookReception(deps(), principal, { ...form, name: '王某', formToken: 'tok_booking_form_0002' });
    expect(other).toEqual({ created: false, session: expect.objectContaining({ id: principal }) });
    // A day later, the page left in a browser's history shows it no more.
    now = new Date(Date.parse(first.booking.bookedAt) + 25 * 3_600_000);
    expect(await bookReception(deps(), principal, form)).toEqual({ created: false, session: expect.objectContaining({ id: principal }) });
  });

  it('refuses a session beyond the booking horizon', async () => {
    await expect(bookReception(deps(), '330122:2027-03-01:0900', { name: '李娜', phone: '13900000001', matter: '事项' })).rejects.toBeInstanceOf(RuleViolation);
  });

  it('counts people, not bookings, in the leader’s reminder: a party of three takes three places', async () => {
    await bookReception(deps(), NEXT_MONDAY, { ...zhang, partySize: 3 });
    queued = [];
    await remindLeaders(deps(), new Date('2026-11-29T10:00:00Z'));
    const petitions = mailed().find((m) => m.to.includes('chen.haiyan@tonglu.petitions.example'))!;
    expect(petitions.subject).toBe('【接待日提醒】明天09:00-11:30领导接待日，已预约3人 — 桐庐县信访局');
  });

  it('reminds each leader the day before with the day’s bookings, once however often it runs', async () => {
    await bookReception(deps(), NEXT_MONDAY, { ...zhang });
    const gone = await bookReception(deps(), NEXT_MONDAY, { name: '赵强', phone: '13700002222', matter: '工资被拖欠。' });
    await reception.cancel(slot(NEXT_MONDAY), gone.created ? gone.booking.id : '', { at: now.toISOString(), by: 'tonglu-office' });
    queued = [];

    // Sunday 29 November, 18:00 in China.
    const sundayEvening = new Date('2026-11-29T10:00:00Z');
    const first = await remindLeaders(deps(), sundayEvening);
    await remindLeaders(deps(), sundayEvening);

    expect(first).toEqual([
      { sessionId: NEXT_MONDAY, leader: 'tonglu-leader-petitions', bookings: 1 },
      { sessionId: '330122:2026-11-30:1430', leader: 'tonglu-leader-principal', bookings: 0 },
    ]);
    const mail = mailed();
    expect(mail.map((m) => [m.id, m.to])).toEqual([
      [`reception-reminder:${NEXT_MONDAY}:tonglu-leader-petitions:2026-11-30:0900`, ['chen.haiyan@tonglu.petitions.example']],
      ['reception-reminder:330122:2026-11-30:1430:tonglu-leader-principal:2026-11-30:1430', ['fang.jianhua@tonglu.petitions.example']],
    ]);
    const petitions = mail[0]!;
    expect(petitions).toMatchObject({ kind: 'notice', autoSubmitted: 'auto-generated', fromName: '桐庐县信访局' });
    expect(petitions.subject).toBe('【接待日提醒】明天09:00-11:30领导接待日，已预约1人 — 桐庐县信访局');
    expect(petitions.text).toContain('1. 张伟，电话 138****1111：城南小区楼顶漏水三个月无人维修，物业推诿。（已有信访事项 330122-2026-000007）');
    // The link opens the session on the console's 接待日 page.
    expect(petitions.text).toContain(`/reception?date=2026-11-30&session=${encodeURIComponent(NEXT_MONDAY)}`);
    expect(petitions.text).not.toContain('赵强');
    expect(petitions.text).not.toContain('13800001111');
    expect(mail[1]!.text).toContain('暂无预约');
  });

  it('a case number typed in by someone the case does not record is kept, but the leader is told to check who it is', async () => {
    const other = await bookReception(deps(), NEXT_MONDAY, { name: '王某', phone: '13900009999', matter: '想了解张伟那件事的进展。', caseNumber: zhang.caseNumber });
    expect(other.created && other.booking).toMatchObject({ caseNumber: zhang.caseNumber, caseNumberConfirmed: false });
    const own = await bookReception(deps(), NEXT_MONDAY, { ...zhang });
    expect(own.created && own.booking).toMatchObject({ caseNumberConfirmed: true });
    queued = [];

    await remindLeaders(deps(), new Date('2026-11-29T10:00:00Z'));

    const list = mailed()[0]!.text;
    expect(list).toContain(`想了解张伟那件事的进展。（自述信访事项 ${zhang.caseNumber}，未能核对为该事项的信访人，请先核实身份）`);
    expect(list).toContain(`物业推诿。（已有信访事项 ${zhang.caseNumber}）`);
  });

  it('does not confirm to the desk a case it may not read, though the contact matches: that would say who petitioned there', async () => {
    for (const caseNumber of ['330127-2026-000001', '330100-2026-000007']) {
      reception = new MemoryReceptionStore();
      const booked = await bookReception(deps(), NEXT_MONDAY, { ...zhang, caseNumber });
      expect(booked.created && booked.booking).toMatchObject({ caseNumber, caseNumberConfirmed: false });
    }
  });

  it('on the day, sends the whole list again when people booked after the reminder, and nothing when nobody did', async () => {
    now = new Date('2026-11-28T02:00:00Z');
    await bookReception(deps(), NEXT_MONDAY, { ...zhang });
    await remindLeaders(deps(), new Date('2026-11-29T00:00:00Z')); // Sunday 08:00 in China: the reminder
    // Sunday 21:00 in China: booked after the reminder.
    now = new Date('2026-11-29T13:00:00Z');
    await bookReception(deps(), NEXT_MONDAY, { name: '赵强', phone: '13700002222', matter: '工资被拖欠三个月。' });
    queued = [];

    // Monday 08:00 in China, before the 09:00 session: the petitions leader's list again; not the principal's afternoon
    // session of the same day (nobody new booked it); and tomorrow's reminder (德清县) as every day.
    const monday = new Date('2026-11-30T00:00:00Z');
    expect(await remindLeaders(deps(), monday)).toEqual([
      { sessionId: NEXT_MONDAY, leader: 'tonglu-leader-petitions', bookings: 2 },
      { sessionId: '330521:2026-12-01:1430', leader: 'deqing-leader-petitions', bookings: 0 },
    ]);
    const list = mailed().find((m) => m.id === `reception-day-list:${NEXT_MONDAY}:tonglu-leader-petitions:2026-11-30:0900`)!;
    expect(list.subject).toBe('【接待日】今天09:00-11:30领导接待日，预约名单有更新，现已预约2人 — 桐庐县信访局');
    expect(list.text).toContain('昨日提醒发出后又有1人预约，现已预约2人（共8个名额），完整名单如下：');
    expect(list.text).toContain('赵强，电话 137****2222');
    expect(list.text).toContain('张伟');
    // Once the session has begun there is nothing to update.
    queued = [];
    await remindLeaders(deps(), new Date('2026-11-30T01:30:00Z'));
    expect(mailed().filter((m) => m.id.startsWith('reception-day-list:'))).toEqual([]);
  });

  it('a reminder rerun after a crash mails the list it recorded, and the day’s list tells of a booking made between the runs', async () => {
    now = new Date('2026-11-28T02:00:00Z');
    await bookReception(deps(), NEXT_MONDAY, { ...zhang });
    // The first run recorded the reminder and died before queueing the mail.
    const failing = { ...deps(), notify: { publish: async () => Promise.reject(new Error('queue unavailable')) } };
    await expect(remindLeaders(failing, new Date('2026-11-29T00:00:00Z'))).rejects.toThrow('queue unavailable');
    now = new Date('2026-11-29T01:00:00Z');
    await bookReception(deps(), NEXT_MONDAY, { name: '赵强', phone: '13700002222', matter: '工资被拖欠三个月。' });

    await remindLeaders(deps(), new Date('2026-11-29T02:00:00Z'));
    const reminder = mailed().find((m) => m.id === `reception-reminder:${NEXT_MONDAY}:tonglu-leader-petitions:2026-11-30:0900`)!;
    expect(reminder.text).toContain('张伟');
    expect(reminder.text).not.toContain('赵强');
    queued = [];
    await remindLeaders(deps(), new Date('2026-11-30T00:00:00Z'));
    expect(mailed().find((m) => m.id === `reception-day-list:${NEXT_MONDAY}:tonglu-leader-petitions:2026-11-30:0900`)!.text).toContain('赵强');
  });

  it('on the day, when no reminder went out the day before, sends the day’s list without speaking of one', async () => {
    now = new Date('2026-11-28T02:00:00Z');
    await bookReception(deps(), NEXT_MONDAY, { ...zhang });
    queued = [];

    // Monday 08:00 in China; the digest did not run on Sunday.
    await remindLeaders(deps(), new Date('2026-11-30T00:00:00Z'));

    const list = mailed().find((m) => m.id === `reception-day-list:${NEXT_MONDAY}:tonglu-leader-petitions:2026-11-30:0900`)!;
    expect(list.subject).toBe('【接待日提醒】今天09:00-11:30领导接待日，已预约1人 — 桐庐县信访局');
    expect(list.text).toContain('今天（2026年11月30日（星期一） 09:00-11:30）是您在桐庐县社会矛盾纠纷调处化解中心一楼领导接待室（迎春南路）的领导接待日。目前已预约1人（共8个名额），名单如下：');
    expect(list.text).toContain('1. 张伟，电话 138****1111');
    expect(list.text).not.toMatch(/昨日|提醒发出|有更新/);
    // The principal, not reminded either, hears of his afternoon session though nobody booked it.
    expect(mailed().find((m) => m.id === `reception-day-list:${PRINCIPAL}:tonglu-leader-principal:2026-11-30:1430`)!.text).toContain('暂无预约');
  });

  it('keeps bookings that accuse the session’s leader, or name a case kept from him, out of his reminder; the desk is told to arrange them', async () => {
    const zheng = await bookReception(deps(), PRINCIPAL, { name: '郑华', phone: '13500009999', matter: '举报县长方建华强拆', caseNumber: ZHENG_CASE });
    const wang = await bookReception(deps(), PRINCIPAL, { name: '王强', phone: '13600006666', matter: '控告方建华收受开发商好处费，包庇违建。' });
    const zhou = await bookReception(deps(), PRINCIPAL, { name: '周敏', phone: '13700007777', matter: '拆迁安置房分配不公。', caseNumber: RECUSED_CASE });
    // Written to him, not against him: his to receive (the petitioner's choice stands).
    const li = await bookReception(deps(), PRINCIPAL, { name: '李娜', phone: '13900000001', matter: '方建华县长：村里征地补偿款迟迟未发放，请您过问。' });
    if (!zheng.created || !wang.created || !zhou.created || !li.created) throw new Error('all four are booked');

    // The desk is told at once, in each booking's own transaction; for 郑华's, which reports the county (县长), the city office instead.
    const arranged = reception.outbox.filter((m) => m.id.startsWith('reception-arrange:'));
    expect(arranged.map((m) => [m.id, (m.body as NotificationInput).to])).toEqual([
      [`reception-arrange:${zheng.booking.id}`, [HZ_DESK]],
      [`reception-arrange:${wang.booking.id}`, [TONGLU_DESK]],
      [`reception-arrange:${zhou.booking.id}`, [TONGLU_DESK]],
    ]);
    const notice = arranged[0]!.body as NotificationInput;
    expect(notice.subject).toBe(`【接待日预约须另行安排】2026年11月30日（星期一） 方建华接待日 ${zheng.booking.reference}`);
    expect(notice.text).toContain(`1. 预约编号 ${zheng.booking.reference}，郑华，电话 135****9999`);
    expect(notice.text).toContain('以下预约不安排方建华同志接待');
    expect(notice.text).toContain('请另行安排');
    // No matter and no case number in it: the county's desk may not read that report.
    expect(notice.text).not.toMatch(/强拆|330122-2026-000009/);

    queued = [];
    await remindLeaders(deps(), new Date('2026-11-29T10:00:00Z'));

    const toFang = mailed().find((m) => m.id === `reception-reminder:${PRINCIPAL}:tonglu-leader-principal:2026-11-30:1430`)!;
    expect(toFang.to).toEqual(['fang.jianhua@tonglu.petitions.example']);
    expect(toFang.subject).toBe('【接待日提醒】明天14:30-17:00领导接待日，已预约4人 — 桐庐县信访局');
    expect(toFang.text).toContain(`1. 李娜，电话 139****0001：方建华县长：村里征地补偿款迟迟未发放，请您过问。；预约编号 ${li.booking.reference}\n另有3个名额已占用。`);
    expect(toFang.text).not.toMatch(/郑华|王强|周敏|135\*|136\*|137\*|举报|控告|拆迁安置|330122-2026-0000(09|11)/);
    for (const b of [zheng, wang, zhou]) expect(toFang.text).not.toContain(b.booking.reference);
    // The day before, each desk is reminded of those it arranges: the county's not of 郑华's, which reports the county.
    const desk = mailed().find((m) => m.id === `reception-arrange:${PRINCIPAL}:tonglu-leader-principal:2026-11-30:1430`)!;
    expect(desk.to).toEqual([TONGLU_DESK]);
    expect(desk.text).toMatch(/1\. 预约编号 JD-\w+，王强[\s\S]*2\. 预约编号 JD-\w+，周敏/);
    expect(desk.text).not.toContain('郑华');
    const city = mailed().find((m) => m.id === `reception-arrange:${PRINCIPAL}:tonglu-leader-principal:2026-11-30:1430:330100`)!;
    expect(city.to).toEqual([HZ_DESK]);
    expect(city.text).toMatch(/1\. 预约编号 JD-\w+，郑华/);

    // Sunday 21:00: another accuser books. On the day nothing new is listed to him, so he is not written to again.
    now = new Date('2026-11-29T13:00:00Z');
    await bookReception(deps(), PRINCIPAL, { name: '孙杰', phone: '13800003333', matter: '检举方建华违规插手工程招标。' });
    queued = [];
    await remindLeaders(deps(), new Date('2026-11-30T00:00:00Z'));
    expect(mailed().filter((m) => m.to.includes('fang.jianhua@tonglu.petitions.example'))).toEqual([]);
  });

  it('shows the leader only that a place is taken, the desk what to arrange, and lets only the desk act on it', async () => {
    const zheng = await bookReception(deps(), PRINCIPAL, { name: '郑华', phone: '13500009999', matter: '举报县长方建华强拆', caseNumber: ZHENG_CASE });
    const li = await bookReception(deps(), PRINCIPAL, { name: '李娜', phone: '13900000001', matter: '村里征地补偿款迟迟未发放。' });
    if (!zheng.created || !li.created) throw new Error('both are booked');
    const fang: Actor = { staffId: 'tonglu-leader-principal', jurisdiction: '330122', roles: ['leader'] };
    const chen: Actor = { staffId: 'tonglu-leader-petitions', jurisdiction: '330122', roles: ['leader'] };
    const desk: Actor = { staffId: 'tonglu-office', jurisdiction: '330122', roles: ['petitionsOffice'] };
    const cityDesk: Actor = { staffId: 'hz-office', jurisdiction: '330100', roles: ['petitionsOffice'] };

    const own = await sessionBookings(deps(), PRINCIPAL, fang);
    expect(own.session.taken).toBe(2);
    expect(own.bookings).toEqual([
      { id: zheng.booking.id, sessionId: PRINCIPAL, jurisdiction: '330122', date: '2026-11-30', status: 'booked', withheld: true },
      expect.objectContaining({ name: '李娜', phone: '13900000001', matter: '村里征地补偿款迟迟未发放。' }),
    ]);
    expect(JSON.stringify(own)).not.toMatch(new RegExp(`郑华|13500009999|举报|强拆|${ZHENG_CASE}|${zheng.booking.reference}`));
    // The report accuses the county (县长): its own desk sees no more than he does; the city's desk sees it to arrange.
    const office = await sessionBookings(deps(), PRINCIPAL, desk);
    expect(office.bookings[0]).toMatchObject({ withheld: true });
    expect(office.bookings[1]).toEqual(li.booking);
    const city = await sessionBookings(deps(), PRINCIPAL, cityDesk);
    expect(city.bookings[0]).toMatchObject({ name: '郑华', phone: '13500009999', matter: '举报县长方建华强拆', caseNumber: ZHENG_CASE, keptFromLeader: true });
    // Another leader of the accused county may not see the report either.
    expect((await sessionBookings(deps(), PRINCIPAL, chen)).bookings[0]).toMatchObject({ withheld: true });

    const refused = `staff member tonglu-leader-principal may not cancel booking ${zheng.booking.id} of reception session ${PRINCIPAL}: the petitions office arranges it`;
    const inChinese = `您无权取消接待场次 ${PRINCIPAL} 的预约 ${zheng.booking.id}：由信访部门安排`;
    await expect(cancelReceptionBooking(deps(), PRINCIPAL, zheng.booking.id, fang)).rejects.toThrow(new OutOfScope(refused).inChinese(inChinese));
    // Once the session has begun (15:00), he may not mark it or record its reception either.
    now = new Date('2026-11-30T07:00:00Z');
    await expect(markReceptionNoShow(deps(), PRINCIPAL, zheng.booking.id, fang)).rejects.toBeInstanceOf(OutOfScope);
    await expect(
      recordReceptionNote(deps(), PRINCIPAL, { note: '当面听取。', bookingId: zheng.booking.id, register: { matter: '举报县长方建华强拆' } }, fang),
    ).rejects.toBeInstanceOf(OutOfScope);
    expect((await reception.getBooking(slot(PRINCIPAL), zheng.booking.id))!.status).toBe('booked');
    // The city's desk, which received 郑华 elsewhere, settles it; the leader's own booking stays his to mark.
    expect(await markReceptionNoShow(deps(), PRINCIPAL, zheng.booking.id, cityDesk)).toMatchObject({ status: 'noShow', noShowBy: 'hz-office' });
    expect(await markReceptionNoShow(deps(), PRINCIPAL, li.booking.id, fang)).toMatchObject({ status: 'noShow', noShowBy: 'tonglu-leader-principal' });
  });

  it('sends nothing when tomorrow is a public holiday, and finds other jurisdictions’ days', async () => {
    expect(await remindLeaders(deps(), new Date('2026-10-04T10:00:00Z'))).toEqual([]); // 10-05 is 国庆节
    await remindLeaders(deps(), new Date('2026-11-29T10:00:00Z')); // Sunday evening: 桐庐县's Monday sessions reminded
    // Monday 30 November, 01:00 in China: tomorrow is Tuesday, 德清县's day; today's were reminded and nobody booked since.
    expect(await remindLeaders(deps(), new Date('2026-11-29T17:00:00Z'))).toEqual([
      { sessionId: '330521:2026-12-01:1430', leader: 'deqing-leader-petitions', bookings: 0 },
    ]);
  });
});

/**
 * 方建华 (the principal) replaced in the rotation by 周立新: the configuration's
 * line for the last Monday afternoon names another staff id, nothing else changes.
 */
function provinceWithPrincipalLine(leader: string) {
  const raw = parseYaml(readFileSync(DEMO_CONFIG, 'utf8')) as {
    jurisdictions: { code: string; receptionDays?: { leader: string; monthly?: unknown }[] }[];
    staff: Record<string, unknown>[];
  };
  raw.staff.push({ id: 'tonglu-leader-deputy', name: '周立新', email: 'zhou.lixin@tonglu.petitions.example', jurisdiction: '330122', roles: ['leader'] });
  const line = raw.jurisdictions.find((j) => j.code === '330122')!.receptionDays!.find((d) => d.monthly)!;
  line.leader = leader;
  return parseProvinceConfig(raw, 'test configuration', loadHolidayCalendar(fileURLToPath(new URL('../../config/holidays', import.meta.url))));
}

describe('when the rotation names another leader for a line, the session and its bookings stay', () => {
  const DEC_28 = '330122:2026-12-28:1430';
  /** The id of the same session before slots, as mails, pages and the console had it. */
  const DEC_28_BEFORE = '330122:tonglu-leader-principal:2026-12-28';
  const before = loadProvinceConfig(DEMO_CONFIG);
  const after = provinceWithPrincipalLine('tonglu-leader-deputy');
  const fang: Actor = { staffId: 'tonglu-leader-principal', jurisdiction: '330122', roles: ['leader'] };
  const zhou: Actor = { staffId: 'tonglu-leader-deputy', jurisdiction: '330122', roles: ['leader'] };
  const desk: Actor = { staffId: 'tonglu-office', jurisdiction: '330122', roles: ['petitionsOffice'] };
  const sun = { name: '孙大妈', phone: '13600001234', email: 'sunlan@163.example', matter: '老房拆迁安置款至今未到位，家中老人无处居住。' };
  const lu = { name: '陆国强', phone: '13700004321', matter: '举报周立新在担任镇长期间违规审批宅基地。' };

  let reception: MemoryReceptionStore;
  let queued: { id: string; body: NotificationInput }[];
  let now: Date;
  const deps = (province: typeof before): ReceptionDeps => ({
    reception,
    province,
    store: { getCaseRecord: async () => undefined, appendAudit: async () => undefined } as unknown as ReceptionDeps['store'],
    clock: { now: () => now },
    notify: { publish: async (messages) => void queued.push(...messages) },
  });
  const mailed = () => [...new Map(queued.map((m) => [m.id, m.body])).values()];

  beforeEach(() => {
    vi.useRealTimers();
    reception = new MemoryReceptionStore();
    queued = [];
    now = new Date('2026-11-23T02:00:00Z');
  });

  it('keeps a booking made under 方建华, its place taken, when the line names 周立新; the old id finds the same session', async () => {
    const booked = await bookReception(deps(before), DEC_28_BEFORE, sun);
    if (!booked.created) throw new Error('booked');
    // Booked through a page of before slots: stored under the slot, with the leader the confirmation names.
    expect(booked.booking).toMatchObject({ sessionId: DEC_28, leader: 'tonglu-leader-principal' });
    expect(booked.session).toMatchObject({ id: DEC_28, leaderName: '方建华', placesLeft: 4 });

    for (const id of [DEC_28, DEC_28_BEFORE]) {
      const seen = await sessionBookings(deps(after), id, desk);
      expect(seen.session).toMatchObject({ id: DEC_28, leader: 'tonglu-leader-deputy', leaderName: '周立新', taken: 1, placesLeft: 4, time: '14:30-17:00' });
      expect(seen.bookings).toEqual([expect.objectContaining({ id: booked.booking.id, name: '孙大妈', leader: 'tonglu-leader-principal' })]);
    }
    // The places: the calendar and the public schedule count it; one more booking than the capacity left is refused.
    for (let i = 1; i <= 4; i++) await bookReception(deps(after), DEC_28, { name: `群众${i}`, phone: `1390000000${i}`, matter: '征地补偿问题。' });
    await expect(bookReception(deps(after), DEC_28_BEFORE, { name: '王芳', phone: '13900000009', matter: '征地补偿问题。' })).rejects.toBeInstanceOf(ReceptionFull);
  });

  it('puts the booking on 周立新’s desk and in his reminder; 方建华 no longer sees who booked, nor is reminded', async () => {
    const booked = await bookReception(deps(before), DEC_28, sun);
    if (!booked.created) throw new Error('booked');

    const own = await sessionBookings(deps(after), DEC_28, zhou);
    expect(own.allowedActions).toEqual(['readBookers', 'cancelBooking', 'markNoShow', 'recordReception', 'adjustSession', 'setAccompanying']);
    expect(own.bookings).toEqual([expect.objectContaining({ name: '孙大妈', phone: '13600001234' })]);
    // Still a leader of the county: he sees the session as any of its leaders does, not who booked it, and may not act on it.
    const former = await sessionBookings(deps(after), DEC_28, fang);
    // He may take the session back or hand it on (调换), as any leader of the county may; not act on its bookings.
    expect(former.allowedActions).toEqual(['adjustSession']);
    expect(JSON.stringify(former.bookings)).not.toMatch(/孙大妈|13600001234|sunlan/);
    await expect(cancelReceptionBooking(deps(after), DEC_28, booked.booking.id, fang)).rejects.toBeInstanceOf(OutOfScope);

    // Sunday 27 December, 18:00 in China.
    expect(await remindLeaders(deps(after), new Date('2026-12-27T10:00:00Z'))).toEqual([
      { sessionId: '330122:2026-12-28:0900', leader: 'tonglu-leader-petitions', bookings: 0 },
      { sessionId: DEC_28, leader: 'tonglu-leader-deputy', bookings: 1 },
    ]);
    const reminder = mailed().find((m) => m.id === `reception-reminder:${DEC_28}:tonglu-leader-deputy:2026-12-28:1430`)!;
    expect(reminder.to).toEqual(['zhou.lixin@tonglu.petitions.example']);
    expect(reminder.text).toContain(`1. 孙大妈，电话 136****1234：老房拆迁安置款至今未到位，家中老人无处居住。；预约编号 ${booked.booking.reference}`);
    expect(mailed().filter((m) => m.to.includes('fang.jianhua@tonglu.petitions.example'))).toEqual([]);

    // 孙大妈's confirmation named 方建华: she is told, once, that 周立新 receives her, same day, time and place.
    const told = mailed().filter((m) => m.id.startsWith('reception-leader-changed:'));
    expect(told.map((m) => [m.id, m.to])).toEqual([[`reception-leader-changed:${booked.booking.id}:tonglu-leader-deputy`, ['sunlan@163.example']]]);
    expect(told[0]!.subject).toBe(`【领导接待日】接待领导调整 ${booked.booking.reference} — 桐庐县信访局`);
    expect(told[0]!.text).toContain('因工作安排改由周立新同志接待（预约确认时为县长方建华同志）。接待时间、地点不变，预约继续有效');
    expect(told[0]!.text).toContain('接待时间：2026年12月28日（星期一） 14:30-17:00');
    expect(told[0]!.text).toContain('接待地点：桐庐县社会矛盾纠纷调处化解中心一楼领导接待室（迎春南路）');
    expect(told[0]!.text).not.toContain('13600001234');
  });

  it('a reminder sent to 方建华 is not 周立新’s: on the day, 周立新 gets the day’s whole list', async () => {
    await bookReception(deps(before), DEC_28, sun);
    await remindLeaders(deps(before), new Date('2026-12-27T10:00:00Z'));
    expect(mailed().find((m) => m.id === `reception-reminder:${DEC_28}:tonglu-leader-principal:2026-12-28:1430`)!.to).toEqual(['fang.jianhua@tonglu.petitions.example']);
    queued = [];

    // Monday 08:00 in China: the configuration changed overnight.
    await remindLeaders(deps(after), new Date('2026-12-28T00:00:00Z'));
    const list = mailed().find((m) => m.id === `reception-day-list:${DEC_28}:tonglu-leader-deputy:2026-12-28:1430`)!;
    expect(list.to).toEqual(['zhou.lixin@tonglu.petitions.example']);
    expect(list.subject).toBe('【接待日提醒】今天14:30-17:00领导接待日，已预约1人 — 桐庐县信访局');
    expect(list.text).toContain('1. 孙大妈');
    // 方建华 had his reminder; nothing new for him, and the record of his stays.
    expect(await reception.reminderOf({ id: DEC_28, jurisdiction: '330122', date: '2026-12-28', leader: 'tonglu-leader-principal' })).toMatchObject({ listed: [expect.any(String)] });
  });

  it('keeps a booking made under 方建华 that accuses 周立新 from 周立新: his list and reminder show a place taken, the desk arranges it', async () => {
    const accusing = await bookReception(deps(before), DEC_28, lu);
    if (!accusing.created) throw new Error('booked');
    // Made under 方建华, whom it does not accuse: nothing to arrange then.
    expect(reception.outbox.filter((m) => m.id.startsWith('reception-arrange:'))).toEqual([]);

    const own = await sessionBookings(deps(after), DEC_28, zhou);
    expect(own.session.taken).toBe(1);
    expect(own.bookings).toEqual([{ id: accusing.booking.id, sessionId: DEC_28, jurisdiction: '330122', date: '2026-12-28', status: 'booked', withheld: true }]);
    expect(JSON.stringify(own)).not.toMatch(/陆国强|13700004321|举报|宅基地/);
    await expect(cancelReceptionBooking(deps(after), DEC_28, accusing.booking.id, zhou)).rejects.toBeInstanceOf(OutOfScope);
    // The desk sees it, marked as not for the leader.
    expect((await sessionBookings(deps(after), DEC_28, desk)).bookings).toEqual([expect.objectContaining({ name: '陆国强', keptFromLeader: true })]);
    // Now 方建华 is not the session's leader: he sees no more than any leader of the county.
    expect(JSON.stringify((await sessionBookings(deps(after), DEC_28, fang)).bookings)).not.toMatch(/陆国强|13700004321/);

    await remindLeaders(deps(after), new Date('2026-12-27T10:00:00Z'));
    const reminder = mailed().find((m) => m.id === `reception-reminder:${DEC_28}:tonglu-leader-deputy:2026-12-28:1430`)!;
    expect(reminder.text).toContain('另有1个名额已占用。');
    expect(reminder.text).not.toMatch(/陆国强|137\*|举报|宅基地/);
    const arrange = mailed().find((m) => m.id === `reception-arrange:${DEC_28}:tonglu-leader-deputy:2026-12-28:1430`)!;
    expect(arrange.to).toEqual([TONGLU_DESK]);
    expect(arrange.text).toContain(`预约编号 ${accusing.booking.reference}，陆国强`);
    expect(arrange.text).toContain('以下预约不安排周立新同志接待');
    // Not told that 周立新 receives him: the desk arranges who does.
    expect(mailed().filter((m) => m.id.startsWith('reception-leader-changed:'))).toEqual([]);
  });

  it('moves nobody when a line is re-assigned to a leader who receives that day already: two sessions, one leader, each its own bookings', async () => {
    const both = provinceWithPrincipalLine('tonglu-leader-petitions');
    const morning = await bookReception(deps(before), '330122:2026-12-28:0900', { name: '赵强', phone: '13700002222', matter: '工资被拖欠三个月。' });
    const afternoon = await bookReception(deps(before), DEC_28, sun);
    if (!morning.created || !afternoon.created) throw new Error('booked');
    const chen: Actor = { staffId: 'tonglu-leader-petitions', jurisdiction: '330122', roles: ['leader'] };
    expect((await sessionBookings(deps(both), '330122:2026-12-28:0900', chen)).bookings.map((b) => b.id)).toEqual([morning.booking.id]);
    expect((await sessionBookings(deps(both), DEC_28, chen)).bookings.map((b) => b.id)).toEqual([afternoon.booking.id]);
    // The afternoon's id of before slots names 方建华; fixed on the slot when it was booked, it still finds the afternoon.
    expect((await sessionBookings(deps(both), DEC_28_BEFORE, desk)).session).toMatchObject({ id: DEC_28, leader: 'tonglu-leader-petitions' });
  });
});

describe('bookings stored before sessions were slots, in the table', () => {
  const DEC_28 = '330122:2026-12-28:1430';
  const DEC_28_BEFORE = '330122:tonglu-leader-principal:2026-12-28';
  const after = provinceWithPrincipalLine('tonglu-leader-deputy');
  const zhou: Actor = { staffId: 'tonglu-leader-deputy', jurisdiction: '330122', roles: ['leader'] };
  const desk: Actor = { staffId: 'tonglu-office', jurisdiction: '330122', roles: ['petitionsOffice'] };
  // 孙大妈 booked 方建华's session before this release: stored under the id naming him, as it was then.
  const sun = storedBooking({
    sessionId: DEC_28_BEFORE,
    date: '2026-12-28',
    name: '孙大妈',
    phone: '13600001234',
    email: 'sunlan@163.example',
    matter: '老房拆迁安置款至今未到位。',
    caseNumber: undefined,
  });
  const h1 = hashContact(contactsOf({ anonymous: false, phone: '13600001234' })[0]!);
  /** The table as it is: the earlier collection, and the slot's counter on which the daily run fixed its earlier id. */
  const items = () => [
    { ...sun, pk: `RECEPTION#${DEC_28_BEFORE}`, sk: `BOOKING#${sun.id}`, contactHashes: [h1] },
    { pk: `RECEPTION#${DEC_28_BEFORE}`, sk: 'SESSION', entity: 'receptionSession', booked: 1, capacity: 5 },
    { pk: `RECEPTION#${DEC_28_BEFORE}`, sk: `CONTACT#${h1}`, entity: 'receptionContact', bookingId: sun.id },
    { pk: `RECEPTION#${DEC_28}`, sk: 'SESSION', entity: 'receptionSession', earlierId: DEC_28_BEFORE },
  ];
  const find = (key: { pk: string; sk: string }) => items().find((i) => i.pk === key.pk && i.sk === key.sk);
  const deps = (): ReceptionDeps => ({
    reception: new DynamoReceptionStore(new DynamoDBClient({}), TEST_TABLE),
    province: after,
    store: { getCaseRecord: async () => undefined, appendAudit: async () => undefined } as unknown as ReceptionDeps['store'],
    clock: { now: () => new Date('2026-11-23T02:00:00Z') },
    notify: { publish: async () => undefined },
  });

  beforeEach(() => {
    dynamo.on(GetCommand).callsFake((input: { Key: { pk: string; sk: string } }) => ({ Item: find(input.Key) }));
    dynamo.on(BatchGetCommand).callsFake((input: { RequestItems: Record<string, { Keys: { pk: string; sk: string }[] }> }) => ({
      Responses: { [TEST_TABLE]: input.RequestItems[TEST_TABLE]!.Keys.map(find).filter(Boolean) },
    }));
    dynamo.on(QueryCommand).callsFake((input: { ExpressionAttributeValues: Record<string, string> }) => ({
      Items: items().filter((i) => i.pk === input.ExpressionAttributeValues[':pk'] && i.sk.startsWith('BOOKING#')),
    }));
  });

  it('lists it as the session’s, by the slot or by the old id, for 周立新 now receiving, with its place taken', async () => {
    for (const id of [DEC_28, DEC_28_BEFORE]) {
      const seen = await sessionBookings(deps(), id, zhou);
      expect(seen.session).toMatchObject({ id: DEC_28, leader: 'tonglu-leader-deputy', taken: 1, placesLeft: 4 });
      // The booking carries the slot's id, and the leader its confirmation named (whom its old id named).
      expect(seen.bookings).toEqual([expect.objectContaining({ id: sun.id, sessionId: DEC_28, leader: 'tonglu-leader-principal', name: '孙大妈' })]);
    }
    const queried = dynamo.commandCalls(QueryCommand).map((c) => c.args[0].input.ExpressionAttributeValues![':pk']);
    expect(new Set(queried)).toEqual(new Set([`RECEPTION#${DEC_28}`, `RECEPTION#${DEC_28_BEFORE}`]));
    const calendar = await receptionCalendar(deps(), { jurisdiction: '330122', from: '2026-12-28', to: '2026-12-28' }, desk);
    expect(calendar.sessions.map((s) => [s.id, s.leaderName, s.taken])).toEqual([
      ['330122:2026-12-28:0900', '陈海燕', 0],
      [DEC_28, '周立新', 1],
    ]);
  });

  it('settles it where it is stored: a cancellation frees the place in the earlier collection', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    const cancelled = await cancelReceptionBooking(deps(), DEC_28, sun.id, desk);
    expect(cancelled).toMatchObject({ id: sun.id, sessionId: DEC_28, status: 'cancelled', cancelledBy: 'tonglu-office' });
    // Beside them, the booker's notice of the cancellation (its outbox item): see reception-cancel-notice.test.ts.
    const keys = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!.filter((i) => !i.Put).map((i) => i.Update?.Key ?? i.Delete?.Key);
    expect(keys).toEqual([
      { pk: `RECEPTION#${DEC_28_BEFORE}`, sk: `BOOKING#${sun.id}` },
      { pk: `RECEPTION#${DEC_28_BEFORE}`, sk: 'SESSION' },
      { pk: `RECEPTION#${DEC_28_BEFORE}`, sk: `CONTACT#${h1}` },
    ]);
  });

  it('counts its place when a new booking goes under the slot, and answers the same person with it', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    await bookReception(deps(), DEC_28, { name: '李娜', phone: '13900000001', matter: '村里征地补偿款迟迟未发放。' });
    const counter = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![0]!.Update!;
    expect(counter).toMatchObject({ Key: { pk: `RECEPTION#${DEC_28}`, sk: 'SESSION' }, ExpressionAttributeValues: expect.objectContaining({ ':capacity': 5, ':left': 4 }) });
    // 孙大妈 asking again, from the portal of now: her booking of before, no second place.
    const again = await bookReception(deps(), DEC_28, { name: '孙大妈', phone: '136-0000-1234', matter: '拆迁安置款。' });
    expect(again).toMatchObject({ created: false, session: { id: DEC_28, placesLeft: 4 } });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('the daily run fixes each coming slot’s earlier id once, as naming the leader it has then', async () => {
    dynamo.on(UpdateCommand).resolves({});
    dynamo.on(QueryCommand).resolves({ Items: [] });
    await remindLeaders({ ...deps(), province: loadProvinceConfig(DEMO_CONFIG) }, new Date('2026-12-27T10:00:00Z'));
    const fixed = dynamo.commandCalls(UpdateCommand).map((c) => c.args[0].input);
    expect(fixed).toContainEqual(
      expect.objectContaining({
        Key: { pk: `RECEPTION#${DEC_28}`, sk: 'SESSION' },
        UpdateExpression: expect.stringContaining('earlierId = if_not_exists(earlierId, :earlierId)'),
        ExpressionAttributeValues: expect.objectContaining({ ':earlierId': DEC_28_BEFORE }),
      }),
    );
    // Every session bookable in the next 12 weeks, 德清县's too; none before today.
    const slots = fixed.map((u) => String(u.Key!.pk).slice('RECEPTION#'.length));
    expect(slots).toContain('330521:2027-03-16:1430');
    expect(slots.every((id) => id.split(':')[1]! >= '2026-12-27')).toBe(true);
  });
});
