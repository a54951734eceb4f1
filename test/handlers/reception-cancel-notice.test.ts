import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, TransactWriteCommand, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { httpEvent, lambdaContext } from '../fixtures/http-event.js';
import { outboxMessages } from '../fixtures/stored-items.js';
import { TEST_TABLE } from '../fixtures/handler-env.js';
import { importApiHandler, type ApiHandler } from '../fixtures/api-handler.js';
import type { NotificationInput } from '../../shared/app/notification.js';

/**
 * 领导接待日: when the office cancels a booking (the leader is called away,
 * the session is moved), the booker who booked on the portal is told, with
 * the reason: by email when they gave one — once, however often the cancel is
 * asked —, otherwise the booking says 待电话告知 (`cancelNotice: phone`) to
 * the desk, as a letter to a petitioner with only a telephone does.
 */

const dynamo = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
let handler: ApiHandler;
beforeAll(async () => {
  handler = await importApiHandler('ERROR');
});
beforeEach(() => {
  dynamo.reset();
  dynamo.on(BatchGetCommand).resolves({ Responses: { [TEST_TABLE]: [] } });
  dynamo.on(TransactWriteCommand).resolves({});
  sqs.reset();
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [{ Id: '0', MessageId: 'm-1', MD5OfMessageBody: '' }], Failed: [] });
  // Monday 23 November 2026, 10:00 in China: next Monday's session has not begun.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-23T02:00:00Z'));
});
afterEach(() => vi.useRealTimers());

const NEXT_MONDAY = '330122:2026-11-30:0900';
const ID = '0b8f5a52-4c57-4d1e-9d0e-7a5c3f2e1a11';
const booking = (over: Record<string, unknown> = {}) => ({
  pk: `RECEPTION#${NEXT_MONDAY}`,
  sk: `BOOKING#${ID}`,
  entity: 'receptionBooking',
  contactHashes: ['h1'],
  id: ID,
  reference: 'JD-0B8F5A52',
  sessionId: NEXT_MONDAY,
  jurisdiction: '330122',
  date: '2026-11-30',
  name: '张伟',
  phone: '138-0000-1111',
  email: 'zhangwei@qq.example',
  matter: '城南小区楼顶漏水三个月无人维修，物业推诿。',
  status: 'booked',
  bookedAt: '2026-11-21T01:00:00.000Z',
  ...over,
});

const REASON = '接待领导临时参加防汛会议，本场接待取消';
const cancel = async (body?: unknown) => {
  const result = await handler(
    httpEvent({ method: 'POST', path: `/reception-days/${NEXT_MONDAY}/bookings/${ID}/cancel`, staffId: 'tonglu-office', ...(body ? { body } : {}) }),
    lambdaContext,
  );
  return { status: result.statusCode, body: JSON.parse(result.body ?? 'null') };
};
/** The notifications written with the cancellations so far (the outbox items of their transactions). */
const notices = () =>
  outboxMessages(dynamo.commandCalls(TransactWriteCommand).flatMap((c) => (c.args[0].input.TransactItems ?? []).map((i) => i.Put?.Item))).map((m) => m.body as NotificationInput);

describe('a booking the office cancels is told to the booker, with the reason', () => {
  it('emails the booker the reason and how to book again, once though the cancel is asked twice', async () => {
    dynamo.on(GetCommand).resolves({ Item: booking() });
    const first = await cancel({ reason: REASON });
    expect(first.status).toBe(200);
    expect(first.body.booking).toMatchObject({ status: 'cancelled', cancelReason: REASON, cancelNotice: 'email' });

    const [notice, ...more] = notices();
    expect(more).toEqual([]);
    expect(notice).toMatchObject({ id: `reception-cancelled:${ID}`, kind: 'notice', to: ['zhangwei@qq.example'], fromName: '桐庐县信访局', autoSubmitted: 'auto-generated' });
    expect(notice!.subject).toBe('【领导接待日】您的预约已被取消 JD-0B8F5A52 — 桐庐县信访局');
    expect(notice!.text).toContain(`取消原因：${REASON}`);
    expect(notice!.text).toContain('原接待时间：2026年11月30日（星期一） 09:00-11:30');
    expect(notice!.text).toContain('/public/reception?jurisdiction=330122');
    // The leader is not named (a booking's words may accuse them).
    expect(notice!.text).not.toContain('陈海燕');
    // What is left to them: another day, the office on a working day, or in writing.
    expect(notice!.text).toContain('另选接待日重新预约');
    expect(notice!.text).toContain('在工作日到桐庐县信访局（地址：桐庐县行政服务中心一楼来访接待大厅；电话：0571-64600000）来访反映');
    expect(notice!.text).toContain('通过来信或网上信访（');
    expect(notice!.text).toContain('/public/petition）反映');

    // Delivered twice (a retried request): the booking is cancelled already, nothing more is written or sent.
    dynamo.on(GetCommand).resolves({ Item: booking({ status: 'cancelled', cancelledAt: '2026-11-23T02:00:00.000Z', cancelledBy: 'tonglu-office', cancelReason: REASON, cancelNotice: 'email' }) });
    const again = await cancel({ reason: REASON });
    expect(again.status).toBe(200);
    expect(again.body.booking).toMatchObject({ status: 'cancelled', cancelReason: REASON });
    expect(notices()).toHaveLength(1);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('puts a booker with only a phone on 待电话告知, the reason kept for the call; nothing is emailed', async () => {
    const { email: _none, ...phoneOnly } = booking();
    dynamo.on(GetCommand).resolves({ Item: phoneOnly });
    const response = await cancel({ reason: REASON });
    expect(response.status).toBe(200);
    expect(response.body.booking).toMatchObject({ status: 'cancelled', cancelReason: REASON, cancelNotice: 'phone', phone: '138-0000-1111' });
    expect(notices()).toEqual([]);
    const update = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![0]!.Update!;
    expect(update.ExpressionAttributeValues).toMatchObject({ ':reason': REASON, ':notice': 'phone' });
  });

  it('takes the booker off 待电话告知 once the desk records the call, once; a booking told by email is not the desk’s to call', async () => {
    const { email: _none, ...phoneOnly } = booking();
    const cancelledByPhone = { ...phoneOnly, status: 'cancelled', cancelledAt: '2026-11-23T02:00:00.000Z', cancelledBy: 'tonglu-office', cancelReason: REASON, cancelNotice: 'phone' };
    dynamo.on(GetCommand).resolves({ Item: cancelledByPhone });
    dynamo.on(UpdateCommand).callsFake((input: UpdateCommandInput) => ({ Attributes: { ...cancelledByPhone, toldByPhoneAt: input.ExpressionAttributeValues![':at'], toldByPhoneBy: input.ExpressionAttributeValues![':by'] } }));
    const told = await handler(httpEvent({ method: 'POST', path: `/reception-days/${NEXT_MONDAY}/bookings/${ID}/told-by-phone`, staffId: 'tonglu-office' }), lambdaContext);
    expect(told.statusCode).toBe(200);
    expect(JSON.parse(told.body!).booking).toMatchObject({ cancelNotice: 'phone', toldByPhoneBy: 'tonglu-office', toldByPhoneAt: '2026-11-23T02:00:00.000Z' });
    const update = dynamo.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(update.ConditionExpression).toBe('#status = :cancelled AND cancelNotice = :phone AND attribute_not_exists(toldByPhoneAt)');

    // Recorded already: answered as it is, nothing written again.
    dynamo.on(GetCommand).resolves({ Item: { ...cancelledByPhone, toldByPhoneAt: '2026-11-23T02:00:00.000Z', toldByPhoneBy: 'tonglu-office' } });
    const again = await handler(httpEvent({ method: 'POST', path: `/reception-days/${NEXT_MONDAY}/bookings/${ID}/told-by-phone`, staffId: 'tonglu-office' }), lambdaContext);
    expect(again.statusCode).toBe(200);
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(1);

    dynamo.on(GetCommand).resolves({ Item: booking({ status: 'cancelled', cancelNotice: 'email', cancelReason: REASON }) });
    const emailed = await handler(httpEvent({ method: 'POST', path: `/reception-days/${NEXT_MONDAY}/bookings/${ID}/told-by-phone`, staffId: 'tonglu-office' }), lambdaContext);
    expect(emailed.statusCode).toBe(422);
  });

  it('confirms a cancellation the booker asked for, with no apology, and puts nobody on 待电话告知', async () => {
    dynamo.on(GetCommand).resolves({ Item: booking() });
    const response = await cancel({ byBooker: true });
    expect(response.status).toBe(200);
    expect(response.body.booking).toMatchObject({ status: 'cancelled', cancelReason: '应预约人要求取消', cancelNotice: 'email' });
    const [notice] = notices();
    expect(notice!.subject).toBe('【领导接待日】预约已取消 JD-0B8F5A52 — 桐庐县信访局');
    expect(notice!.text).toContain('根据您的要求，桐庐县信访局已取消您的领导接待日预约（预约编号 JD-0B8F5A52）。');
    expect(notice!.text).not.toContain('很抱歉');
    expect(notice!.text).not.toContain('已由桐庐县信访局取消');

    // A booker with only a phone, who asked by phone: nothing to call them back about.
    dynamo.reset();
    dynamo.on(BatchGetCommand).resolves({ Responses: { [TEST_TABLE]: [] } });
    dynamo.on(TransactWriteCommand).resolves({});
    const { email: _none, ...phoneOnly } = booking();
    dynamo.on(GetCommand).resolves({ Item: phoneOnly });
    const byPhone = await cancel({ byBooker: true });
    expect(byPhone.body.booking.cancelNotice).toBeUndefined();
    expect(notices()).toEqual([]);
  });

  it('tells the booker 接待安排调整 when staff give no reason', async () => {
    dynamo.on(GetCommand).resolves({ Item: booking() });
    expect((await cancel()).status).toBe(200);
    expect(notices()[0]!.text).toContain('取消原因：接待安排调整');
  });
});
