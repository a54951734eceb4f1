import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { apiTestBed, importApiHandler, type ApiHandler } from '../fixtures/api-handler.js';
import { outboxMessages, unpacked } from '../fixtures/stored-items.js';
import { httpEvent, lambdaContext } from '../fixtures/http-event.js';
import { TEST_TABLE } from '../fixtures/handler-env.js';
import { hashQueryCode, openSealedCode } from '../../shared/app/query-code.js';
import { viewerAddress } from '../../functions/api/viewer-address.js';
import { receptionSchedulePage } from '../../functions/api/reception-portal-pages.js';
import { receivingOffices } from '../../functions/api/reception-portal-routes.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { Province } from '../../shared/domain/province.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

const province = loadProvinceConfig(DEMO_CONFIG);

// Monday 23 November 2026, 10:00 in China: next Monday's sessions are open for booking.
const bed = apiTestBed({ now: '2026-11-23T02:00:00Z' });
let handler: ApiHandler;
beforeAll(async () => {
  handler = await importApiHandler('ERROR');
});
// Nothing stored under a key a test does not name (a session's counter, bookings made before slots).
beforeEach(() => {
  bed.dynamo.on(GetCommand).resolves({});
});

const NEXT_MONDAY = '330122:2026-11-30:0900';
const BOOKING_ID = '0b8f5a52-4c57-4d1e-9d0e-7a5c3f2e1a11';
const CODE = 'K7QM2WXD9RBT';
const BOOKER = { session: NEXT_MONDAY, name: '张伟', phone: '13800001111', email: 'zhangwei@qq.example', matter: '城南小区楼顶漏水三个月无人维修。', caseNumber: '' };

/** A page request as API Gateway delivers it from a citizen's address, without an authorizer. */
async function request(method: 'GET' | 'POST', path: string, opts: { fields?: Record<string, string>; query?: Record<string, string>; sourceIp?: string } = {}) {
  const event = httpEvent({ method, path, ...(opts.fields ? { headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {}) });
  if (opts.fields) event.body = new URLSearchParams(opts.fields).toString();
  if (opts.query) event.queryStringParameters = opts.query;
  event.requestContext.http.sourceIp = opts.sourceIp ?? '203.0.113.10';
  delete (event.requestContext as { authorizer?: unknown }).authorizer;
  const result = await handler(event, lambdaContext);
  return { status: result.statusCode, headers: result.headers ?? {}, page: result.body ?? '' };
}

const errorOf = (page: string, field: string) => new RegExp(`<p class="error" id="e-${field}">([^<]+)</p>`).exec(page)?.[1];

/** Allowances are granted until `refused` is reached. */
function allowancesUntil(refused?: RegExp) {
  bed.dynamo.on(UpdateCommand).callsFake((input: { Key: { pk: string } }) => {
    if (refused?.test(input.Key.pk)) throw new ConditionalCheckFailedException({ message: 'limit', $metadata: {} });
    return {};
  });
}

function placesTaken(taken: number) {
  bed.dynamo.on(BatchGetCommand).resolves({ Responses: { [TEST_TABLE]: [{ pk: `RECEPTION#${NEXT_MONDAY}`, booked: taken }] } });
}

const storedBooking = (status = 'booked') => ({
  pk: `RECEPTION#${NEXT_MONDAY}`,
  sk: `BOOKING#${BOOKING_ID}`,
  id: BOOKING_ID,
  reference: 'JD-0B8F5A52',
  sessionId: NEXT_MONDAY,
  jurisdiction: '330122',
  date: '2026-11-30',
  name: '张伟',
  phone: '13800001111',
  matter: BOOKER.matter,
  status,
  bookedAt: '2026-11-21T01:00:00.000Z',
  contactHashes: ['h1'],
});

async function storedReference(code = CODE) {
  const cancelCode = await hashQueryCode(code);
  bed.dynamo.on(GetCommand).callsFake((input: { Key: { pk: string } }) => {
    if (input.Key.pk === 'RECEPTION-REF#JD-0B8F5A52') return { Item: { pk: input.Key.pk, sk: 'REFERENCE', sessionId: NEXT_MONDAY, bookingId: BOOKING_ID, cancelCode } };
    if (input.Key.pk === `RECEPTION#${NEXT_MONDAY}`) return { Item: storedBooking() };
    return {};
  });
}

describe('the portal pages of the reception days', () => {
  it('lists an office’s coming sessions with leader, time, place and places left, and links to each booking form', async () => {
    placesTaken(3);
    const { status, page } = await request('GET', '/public/reception', { query: { jurisdiction: '330122' } });
    expect(status).toBe(200);
    expect(page).toContain('2026年11月30日（星期一）');
    expect(page).toMatch(/剩余名额 \d+ 个/);
    expect(page).toContain(`/public/reception/book?session=${encodeURIComponent(NEXT_MONDAY)}`);
    // The leader with the post configured (职务).
    expect(page).toContain('<dt>接待领导</dt><dd>陈海燕（副县长）</dd>');
    expect(page).not.toContain('<script');
  });

  it('hints on the booking form what to write about the matter', async () => {
    placesTaken(0);
    const { page } = await request('GET', '/public/reception/book', { query: { session: NEXT_MONDAY } });
    expect(page).toContain('用一两句话写明要反映的问题和您的诉求');
  });

  it('names a township office in the list of reception offices with its county', () => {
    const withTownship = new Province(
      {
        ...province.config,
        jurisdictions: province.config.jurisdictions.map((j) =>
          j.code === '330122101' ? { ...j, receptionDays: [{ leader: 'tonglu-leader-petitions', weekday: 2 as const, time: '09:00-11:30', place: '富春江镇社会治理中心', capacity: 5, topics: [], onHoliday: 'cancel' as const }] } : j,
        ),
      },
      province.calendar,
    );
    const offices = receivingOffices(withTownship);
    expect(offices).toContainEqual({ code: '330122101', office: '桐庐县富春江镇社会治理中心（信访办）' });
    expect(offices).toContainEqual({ code: '330122', office: '桐庐县信访局' });
  });

  it('books a place: the confirmation shows the reference and the cancel code, and only the code’s hash is written', async () => {
    placesTaken(0);
    allowancesUntil();
    const { status, page } = await request('POST', '/public/reception/book', { fields: BOOKER });
    expect(status).toBe(201);
    const reference = /id="booking-reference">(JD-[0-9A-F]{8})</.exec(page)?.[1];
    const code = /id="cancel-code">([^<]+)</.exec(page)?.[1];
    expect(reference).toBeDefined();
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    const written = JSON.stringify(bed.dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input);
    expect(written).toContain(`RECEPTION-REF#${reference}`);
    expect(written).toContain('scrypt-n16384-r8-p1');
    // The code reaches the confirmation email only, whose stored copy leaves it out (withheld).
    const outbox = bed.dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!.map((i) => unpacked(i.Put?.Item ?? {})).find((item) => JSON.stringify(item).includes('/public/reception/cancel'));
    expect(JSON.stringify(outbox)).toContain('withheld');
  });

  it('gives each blank form a token, and keeps the cancel code sealed under it, never in plain', async () => {
    placesTaken(0);
    allowancesUntil();
    const form = await request('GET', '/public/reception/book', { query: { session: NEXT_MONDAY } });
    const token = /name="formToken" value="([A-Za-z0-9_-]+)"/.exec(form.page)?.[1];
    expect(token).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const { status, page } = await request('POST', '/public/reception/book', { fields: { ...BOOKER, formToken: token! } });
    expect(status).toBe(201);
    const code = /id="cancel-code">([^<]+)</.exec(page)![1]!;
    const reference = bed.dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!.map((i) => i.Put?.Item ?? {}).find((item) => String(item.pk).startsWith('RECEPTION-REF#'))!;
    expect(openSealedCode(String(reference.sealedCancelCode), token!)).toBe(code.replaceAll('-', ''));
    expect(JSON.stringify(reference)).not.toContain(code.replaceAll('-', ''));
  });

  it('refuses invalid fields with the reason next to each, in Chinese, keeping what was typed', async () => {
    placesTaken(0);
    allowancesUntil();
    const { status, page } = await request('POST', '/public/reception/book', { fields: { ...BOOKER, name: '', phone: '', email: 'zhangwei@', matter: '', caseNumber: '12345' } });
    expect(status).toBe(422);
    expect(errorOf(page, 'name')).toBe('请填写姓名');
    expect(errorOf(page, 'email')).toBe('请填写有效的电子邮箱地址，例如 zhangwei@example.com');
    expect(errorOf(page, 'matter')).toBe('请简要说明要反映的事项');
    expect(errorOf(page, 'caseNumber')).toBe('登记编号形如 330122-2026-000042；没有的请留空');
    expect(page).toContain('预约未成功，有 4 处需要修改');
    expect(page).toContain('value="zhangwei@"');
    expect(bed.dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('asks for a phone or an email when neither is given', async () => {
    placesTaken(0);
    const { status, page } = await request('POST', '/public/reception/book', { fields: { ...BOOKER, phone: '', email: '' } });
    expect(status).toBe(422);
    expect(errorOf(page, 'phone')).toBe('请填写手机号码或电子邮箱（至少一项），以便信访局联系您');
  });

  it('reads a field left out of the post as left empty, and says in Chinese what to fill in', async () => {
    placesTaken(0);
    const { session, name, matter } = BOOKER;
    const { status, page } = await request('POST', '/public/reception/book', { fields: { session, name, matter } });
    expect(status).toBe(422);
    expect(errorOf(page, 'phone')).toBe('请填写手机号码或电子邮箱（至少一项），以便信访局联系您');
    expect(page).not.toMatch(/Invalid input|expected string/);
    const bare = await request('POST', '/public/reception/book', { fields: { session } });
    expect(errorOf(bare.page, 'name')).toBe('请填写姓名');
  });

  it('says a full session is full, on the form and when the last place went just before the post', async () => {
    placesTaken(20);
    const form = await request('GET', '/public/reception/book', { query: { session: NEXT_MONDAY } });
    expect(form.status).toBe(409);
    expect(form.page).toContain('这场接待的名额已经约满');
    placesTaken(19);
    allowancesUntil();
    bed.dynamo.on(TransactWriteCommand).rejects(new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }] }));
    bed.dynamo.on(GetCommand).resolves({});
    const { status, page } = await request('POST', '/public/reception/book', { fields: BOOKER });
    expect(status).toBe(409);
    expect(page).toContain('最后一个名额已被约走');
  });

  it('refuses a session that has begun or is not in the rotation', async () => {
    placesTaken(0);
    const begun = await request('GET', '/public/reception/book', { query: { session: '330122:2026-11-23:0900' } });
    expect(begun.status).toBe(404);
    expect(begun.page).toContain('这场接待不在可预约的安排中');
  });

  it('opens the booking form from a page of before slots, whose link named the leader: the form books the slot', async () => {
    placesTaken(0);
    const { status, page } = await request('GET', '/public/reception/book', { query: { session: '330122:tonglu-leader-petitions:2026-11-30' } });
    expect(status).toBe(200);
    expect(page).toContain(`name="session" value="${NEXT_MONDAY}"`);
  });

  it('refuses a booking over the address’s daily allowance, saying so', async () => {
    placesTaken(0);
    allowancesUntil(/^ALLOWANCE#booking-address:|booking-address:/);
    const { status, page } = await request('POST', '/public/reception/book', { fields: BOOKER });
    expect(status).toBe(429);
    expect(page).toContain('同一网络每天至多预约 20 次');
  });
});

describe('POST /public/reception/cancel', () => {
  it('cancels with the reference and code: the place is freed on condition the booking is still booked', async () => {
    await storedReference();
    allowancesUntil();
    placesTaken(4);
    bed.dynamo.on(TransactWriteCommand).resolves({});
    const { status, page } = await request('POST', '/public/reception/cancel', { fields: { reference: 'jd-0b8f5a52', code: 'k7qm-2wxd-9rbt' } });
    expect(status).toBe(200);
    expect(page).toContain('您的预约已取消');
    const items = bed.dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items[0]!.Update).toMatchObject({ ConditionExpression: '#status = :booked', ExpressionAttributeValues: expect.objectContaining({ ':by': 'system:booker' }) });
    expect(items[1]!.Update).toMatchObject({ UpdateExpression: 'ADD booked :freed' });
  });

  it('answers a booking cancelled before the same, writing nothing', async () => {
    await storedReference();
    const cancelCode = await hashQueryCode(CODE);
    bed.dynamo.on(GetCommand).callsFake((input: { Key: { pk: string } }) =>
      input.Key.pk.startsWith('RECEPTION-REF#')
        ? { Item: { sessionId: NEXT_MONDAY, bookingId: BOOKING_ID, cancelCode } }
        : { Item: { ...storedBooking('cancelled'), cancelledAt: '2026-11-22T01:00:00.000Z', cancelledBy: 'system:booker' } },
    );
    allowancesUntil();
    placesTaken(3);
    const { status, page } = await request('POST', '/public/reception/cancel', { fields: { reference: 'JD-0B8F5A52', code: CODE } });
    expect(status).toBe(200);
    expect(page).toContain('您的预约已取消');
    expect(bed.dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('answers a wrong code exactly as an unknown reference, revealing nothing of the booking', async () => {
    await storedReference();
    allowancesUntil();
    const wrong = await request('POST', '/public/reception/cancel', { fields: { reference: 'JD-0B8F5A52', code: 'K7QM2WXD9RBX' } });
    const unknown = await request('POST', '/public/reception/cancel', { fields: { reference: 'JD-11111111', code: CODE } });
    expect(wrong.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(wrong.page.replace('JD-0B8F5A52', 'REF')).toBe(unknown.page.replace('JD-11111111', 'REF'));
    expect(wrong.page).toContain('未找到相符的预约');
    expect(wrong.page).not.toContain('张伟');
    expect(wrong.page).not.toContain('9RBX');
    expect(bed.dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('cancels nothing once the session has begun, and says to call the office', async () => {
    const TODAY = '330122:2026-11-23:0900';
    const cancelCode = await hashQueryCode(CODE);
    bed.dynamo.on(GetCommand).callsFake((input: { Key: { pk: string } }) =>
      input.Key.pk.startsWith('RECEPTION-REF#')
        ? { Item: { sessionId: TODAY, bookingId: BOOKING_ID, cancelCode } }
        : { Item: { ...storedBooking(), pk: `RECEPTION#${TODAY}`, sessionId: TODAY, date: '2026-11-23' } },
    );
    allowancesUntil();
    bed.dynamo.on(BatchGetCommand).resolves({ Responses: { [TEST_TABLE]: [{ pk: `RECEPTION#${TODAY}`, booked: 5 }] } });
    const { status, page } = await request('POST', '/public/reception/cancel', { fields: { reference: 'JD-0B8F5A52', code: CODE } });
    expect(status).toBe(422);
    expect(page).toContain('这场接待已经开始，预约不能再在网上取消');
    expect(bed.dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  /**
   * The booking (with `email`) as the table keeps it: a cancelling transaction
   * is refused, as DynamoDB's condition refuses it, once the booking is no
   * longer booked. `together` holds transactions until that many arrived (posts at once).
   */
  async function cancellable(email: string | undefined, together = 1) {
    const cancelCode = await hashQueryCode(CODE);
    let booking: Record<string, unknown> = { ...storedBooking(), ...(email ? { email } : {}) };
    let arrived = 0;
    let release: () => void = () => undefined;
    const all = new Promise<void>((resolve) => (release = resolve));
    bed.dynamo.on(GetCommand).callsFake((input: { Key: { pk: string } }) =>
      input.Key.pk.startsWith('RECEPTION-REF#') ? { Item: { sessionId: NEXT_MONDAY, bookingId: BOOKING_ID, cancelCode } } : { Item: booking },
    );
    bed.dynamo.on(TransactWriteCommand).callsFake(async (input: { TransactItems: { Update?: { ExpressionAttributeValues?: Record<string, unknown> } }[] }) => {
      if (++arrived >= together) release();
      await all;
      if (booking.status !== 'booked') {
        throw new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: input.TransactItems.map((_, i) => ({ Code: i === 0 ? 'ConditionalCheckFailed' : 'None' })) });
      }
      const values = input.TransactItems[0]!.Update!.ExpressionAttributeValues!;
      booking = { ...booking, status: 'cancelled', cancelledAt: values[':at'], cancelledBy: values[':by'] };
      return {};
    });
    allowancesUntil();
    placesTaken(4);
  }
  /** The letters the committed cancellations wrote (a refused transaction writes nothing). */
  const lettersSent = async () => {
    const results = bed.dynamo.commandCalls(TransactWriteCommand);
    const committed: Record<string, unknown>[] = [];
    for (const call of results) {
      if (await call.returnValue.then(() => true, () => false)) committed.push(...call.args[0].input.TransactItems!.map((t) => unpacked(((t.Put ?? {}) as { Item?: Record<string, unknown> }).Item ?? {})));
    }
    return outboxMessages(committed).filter((m) => m.queue === 'notify');
  };

  it('tells a booker who gave an email in writing: the booking, when it was cancelled, the place freed, how to book again', async () => {
    await cancellable('zhangwei@qq.example');
    const { status, page } = await request('POST', '/public/reception/cancel', { fields: { reference: 'JD-0B8F5A52', code: CODE } });
    expect(status).toBe(200);
    expect(page).toContain('取消确认已发送到您预约时留下的电子邮箱');
    // Written in the cancelling transaction itself, after the conditional update.
    const items = bed.dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items[0]!.Update).toMatchObject({ ConditionExpression: '#status = :booked' });
    const letters = await lettersSent();
    expect(letters).toHaveLength(1);
    const [letter] = letters;
    expect(letter!.id).toBe(`reception-cancelled:${BOOKING_ID}`);
    expect(letter!.body).toMatchObject({ kind: 'notice', to: ['zhangwei@qq.example'], autoSubmitted: 'auto-generated' });
    expect(letter!.body.replyTo).toBeUndefined();
    expect(letter!.body.subject).toBe('【领导接待日】预约已取消 JD-0B8F5A52 — 桐庐县信访局');
    const text = letter!.body.text as string;
    expect(text).toContain('张伟：');
    expect(text).toContain('您于2026年11月23日 10:00在网上信访取消了桐庐县信访局领导接待日的预约（预约编号 JD-0B8F5A52）');
    expect(text).toContain('接待时间：2026年11月30日（星期一）');
    expect(text).toContain('名额已释放给其他群众');
    expect(text).toContain('/public/reception?jurisdiction=330122');
    expect(text).not.toContain(CODE);
  });

  it('sends one letter when the cancellation is posted twice, one after the other or both at once', async () => {
    await cancellable('zhangwei@qq.example');
    expect((await request('POST', '/public/reception/cancel', { fields: { reference: 'JD-0B8F5A52', code: CODE } })).status).toBe(200);
    expect((await request('POST', '/public/reception/cancel', { fields: { reference: 'JD-0B8F5A52', code: CODE } })).status).toBe(200);
    expect(bed.dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect(await lettersSent()).toHaveLength(1);

    bed.dynamo.resetHistory();
    await cancellable('zhangwei@qq.example', 2);
    const both = await Promise.all([0, 1].map(() => request('POST', '/public/reception/cancel', { fields: { reference: 'JD-0B8F5A52', code: CODE } })));
    expect(both.map((b) => b.status)).toEqual([200, 200]);
    expect(bed.dynamo.commandCalls(TransactWriteCommand)).toHaveLength(2);
    expect(await lettersSent()).toHaveLength(1);
  });

  it('sends nothing to a booker who left only a phone, and cancels all the same', async () => {
    await cancellable(undefined);
    const { status, page } = await request('POST', '/public/reception/cancel', { fields: { reference: 'JD-0B8F5A52', code: CODE } });
    expect(status).toBe(200);
    expect(page).toContain('您的预约已取消');
    expect(page).not.toContain('取消确认已发送');
    expect(bed.dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect(await lettersSent()).toEqual([]);
  });

  it('refuses a malformed reference or an empty code next to its field', async () => {
    const { status, page } = await request('POST', '/public/reception/cancel', { fields: { reference: '12345', code: '' } });
    expect(status).toBe(400);
    expect(errorOf(page, 'reference')).toBe('预约编号形如 JD-7F3A9C21，请核对');
    expect(errorOf(page, 'code')).toBe('请填写取消码');
  });

  it('is rate limited per address, and wrong codes per booking; the booker’s right code is never refused for strangers’ tries', async () => {
    await storedReference();
    allowancesUntil(/booking-cancel-address:/);
    const byAddress = await request('POST', '/public/reception/cancel', { fields: { reference: 'JD-0B8F5A52', code: CODE } });
    expect(byAddress.status).toBe(429);
    expect(byAddress.headers['retry-after']).toMatch(/^\d+$/);
    expect(byAddress.page).toContain('同一网络每小时、同一预约编号每天可尝试取消的次数有限制');
    allowancesUntil(/booking-cancel-reference:/);
    const byReference = await request('POST', '/public/reception/cancel', { fields: { reference: 'JD-0B8F5A52', code: 'ABCD-EFGH-JKMN' } });
    expect(byReference.status).toBe(429);
    expect(bed.dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    // The reference's wrong tries are used up: the booker's own code still opens the booking (here cancelled already).
    const cancelCode = await hashQueryCode(CODE);
    bed.dynamo.on(GetCommand).callsFake((input: { Key: { pk: string } }) =>
      input.Key.pk.startsWith('RECEPTION-REF#')
        ? { Item: { sessionId: NEXT_MONDAY, bookingId: BOOKING_ID, cancelCode } }
        : { Item: { ...storedBooking('cancelled'), cancelledAt: '2026-11-22T01:00:00.000Z', cancelledBy: 'system:booker' } },
    );
    placesTaken(3);
    const booker = await request('POST', '/public/reception/cancel', { fields: { reference: 'JD-0B8F5A52', code: CODE } });
    expect(booker.status).toBe(200);
    expect(booker.page).toContain('您的预约已取消');
  });
});

describe('viewerAddress', () => {
  const event = (headers: Record<string, string>) => {
    const e = httpEvent({ method: 'GET', path: '/public/reception', headers });
    e.requestContext.http.sourceIp = '198.51.100.1';
    return e;
  };
  it('reads CloudFront-Viewer-Address only with the distribution’s secret origin header', () => {
    expect(viewerAddress(event({ 'cloudfront-viewer-address': '203.0.113.7:46532', 'x-origin-verify': 's3cret' }), 's3cret')).toBe('203.0.113.7');
    expect(viewerAddress(event({ 'cloudfront-viewer-address': '2001:db8::8:46532', 'x-origin-verify': 's3cret' }), 's3cret')).toBe('2001:db8::8');
    expect(viewerAddress(event({ 'cloudfront-viewer-address': '203.0.113.7:46532', 'x-origin-verify': 'guess' }), 's3cret')).toBe('198.51.100.1');
    expect(viewerAddress(event({ 'cloudfront-viewer-address': '203.0.113.7:46532' }), 's3cret')).toBe('198.51.100.1');
    expect(viewerAddress(event({ 'cloudfront-viewer-address': '203.0.113.7:46532', 'x-origin-verify': 's3cret' }), undefined)).toBe('198.51.100.1');
  });
});

describe('a session a public holiday moved earlier (逢法定节假日提前一天)', () => {
  it('says on the schedule which day it replaces', () => {
    const moved = {
      id: '330122:2026-09-30:0900',
      jurisdiction: '330122',
      leader: 'tonglu-leader-petitions',
      leaderName: '叶建华',
      date: '2026-09-30',
      weekday: 3 as const,
      startsAt: '2026-09-30T09:00:00+08:00',
      endsAt: '2026-09-30T11:30:00+08:00',
      time: '09:00-11:30',
      place: '县信访局接待大厅',
      capacity: 10,
      placesLeft: 10,
      topics: [],
      movedFrom: '2026-10-05',
    };
    const page = receptionSchedulePage([{ code: '330122', office: '桐庐县信访局' }], { code: '330122', office: '桐庐县信访局', sessions: [moved] });
    expect(page).toContain('2026年9月30日（星期三） 09:00-11:30（10月5日逢法定节假日，提前至本日）');
  });
});
