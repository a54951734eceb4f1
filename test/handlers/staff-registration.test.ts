import { describe, expect, it } from 'vitest';
import { BatchGetCommand, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { apiTestBed, LETTER } from '../fixtures/api-handler.js';
import { outboxMessages, unpacked } from '../fixtures/stored-items.js';

// A call or visit registered by staff is flagged as an email is: urgent words alert the leaders, a repeat is linked.
const { dynamo, invoke } = apiTestBed({ now: '2026-11-23T02:00:00.000Z' });

const CALL = { ...LETTER, channel: 'phone', receivedAt: '2026-11-23T09:40:00+08:00', subject: '工资被拖欠', petitioner: { name: '张伟', phone: '13800001111' } };

async function register(body: Record<string, unknown>) {
  dynamo.on(UpdateCommand).resolves({ Attributes: { seq: 7 } });
  dynamo.on(TransactWriteCommand).resolves({});
  const response = await invoke({ method: 'POST', path: '/cases', staffId: 'tonglu-registrar', body });
  expect(response.status).toBe(201);
  const items = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!.map((i) => unpacked(i.Put!.Item!));
  return { response, items, outbox: outboxMessages(items) };
}

describe('POST /cases: a call or visit is judged as an email is', () => {
  it('a call whose words threaten a life is urgent at once: flagged with the words and the leaders alerted in the same transaction', async () => {
    const { response, outbox } = await register({ ...CALL, matter: '老板拖欠工资半年，来电人称今天拿不到工资就去跳楼。' });

    expect(response.body.case.urgent).toBe(true);
    expect(response.body.case.intakeFlags).toEqual({ urgentWords: ['跳楼'] });
    const alert = outbox.find((o) => o.id === 'urgent:330122-2026-000007');
    expect(alert?.body).toMatchObject({ kind: 'urgentAlert', to: expect.arrayContaining(['chen.haiyan@tonglu.petitions.example', 'fang.jianhua@tonglu.petitions.example']) });
    expect((alert?.body as { text: string }).text).toContain('触发词：跳楼');
    expect(outbox.map((o) => o.id)).toContain('route:330122-2026-000007:registered');
  });

  it('staff may mark a matter urgent that has no such words: the alert says who judged it', async () => {
    const { response, outbox } = await register({ ...CALL, matter: '村口桥梁出现裂缝，明早学生上学要经过。', urgent: true });
    expect(response.body.case.urgent).toBe(true);
    expect((outbox.find((o) => o.id === 'urgent:330122-2026-000007')?.body as { text: string }).text).toContain('触发词：登记人员标记为紧急');
  });

  it('a visit of 60 people is urgent by its size alone: the alert names it', async () => {
    const VISIT = { ...CALL, channel: 'visit', matter: '某厂停产，要求补发拖欠的工资。', collective: { headCount: 60, representatives: [{ name: '王强', phone: '13900002222' }] } };
    const { response, outbox } = await register(VISIT);
    expect(response.body.case.urgent).toBe(true);
    expect(response.body.case.intakeFlags).toEqual({ urgentWords: ['集体信访60人'] });
    expect((outbox.find((o) => o.id === 'urgent:330122-2026-000007')?.body as { text: string }).text).toContain('触发词：集体信访60人');
    dynamo.resetHistory();
    const small = await register({ ...VISIT, collective: { ...VISIT.collective, headCount: 8 } });
    expect(small.response.body.case.urgent).toBe(false);
  });

  it('an ordinary call alerts nobody', async () => {
    const { response, outbox } = await register({ ...CALL, matter: '老板拖欠工资三个月，请求劳动监察部门处理。' });
    expect(response.body.case.urgent).toBe(false);
    expect(outbox.map((o) => o.id)).toEqual(['route:330122-2026-000007:registered']);
  });

  it('the same caller on the same matter, still open, is a repeat linked to the earlier case', async () => {
    dynamo.on(QueryCommand, { IndexName: 'byContact' }).resolves({ Items: [{ caseNumber: '330122-2026-000003' }] });
    dynamo.on(BatchGetCommand).resolves({
      Responses: {
        'xinfang-test-cases': [
          { caseNumber: '330122-2026-000003', jurisdiction: '330122', receivingOffice: '330122', status: 'assigned', registeredAt: '2026-11-10T02:00:00.000Z', updatedAt: '2026-11-12T02:00:00.000Z', matter: '老板拖欠工资三个月，请求劳动监察部门处理。' },
        ],
      },
    });

    // The answer names the earlier case only to a caller who may read it (linked-cases.ts): it is read to judge that.
    dynamo.on(GetCommand, { Key: { pk: 'CASE#330122-2026-000003', sk: 'CASE' } }).resolves({
      Item: { pk: 'CASE#330122-2026-000003', sk: 'CASE', entity: 'case', caseNumber: '330122-2026-000003', jurisdiction: '330122', receivingOffice: '330122', status: 'assigned' },
    });
    const { response, items } = await register({ ...CALL, matter: '老板拖欠工资三个月了，请求劳动监察部门处理。' });

    expect(response.body.case.repeatOf).toBe('330122-2026-000003');
    expect(response.body.case.intakeFlags.repeatSimilarity).toBeGreaterThan(0.8);
    expect(items.find((i) => i.entity === 'event')).toMatchObject({ type: 'registered', detail: { repeatOf: '330122-2026-000003' } });
    // The caller's phone is looked up hashed, never in the clear.
    const query = dynamo.commandCalls(QueryCommand).find((c) => c.args[0].input.IndexName === 'byContact')!.args[0].input;
    expect(JSON.stringify(query)).not.toContain('13800001111');
  });
});
