import { beforeEach, describe, expect, it, vi } from 'vitest';
import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { apiTestBed, STORED_LETTER_CASE } from '../fixtures/api-handler.js';
import { outboxMessages, unpacked } from '../fixtures/stored-items.js';

/**
 * 协办异议 (条例 第二十三条) through the API: a cooperating unit objects within
 * the 5 working days of being named, the office that named it is emailed,
 * and decides — agreed, the unit leaves the case and the lead and the unit
 * are told; refused, the unit is told why and cooperates.
 */
// Monday 30 November 2026, 10:00 in China: the last of the 5 working days from Monday 23 November.
const { dynamo, invoke } = apiTestBed({ now: '2026-11-30T02:00:00.000Z' });

const NUMBER = '330122-2026-000007';
const REASONS = '夜间施工噪声由住建部门管理，本单位不承担该事项的配合职责';
const working = {
  ...STORED_LETTER_CASE,
  status: 'inProgress',
  version: 5,
  subject: '工地夜间施工扰民',
  handling: { lead: '330122-housing', cooperating: ['330122-ecology', '330122-hrss'] },
  assignedBy: { staffId: 'tonglu-office', jurisdiction: '330122' },
  deadlines: { handling: '2027-01-20T16:00:00.000Z' },
  objectionWindow: { unit: '330122-housing', from: '330122', receivedAt: '2026-11-23T02:00:00.000Z', until: '2026-11-30T16:00:00.000Z' },
};
const objection = { unit: '330122-ecology', reason: REASONS, by: 'tonglu-ecology-handler', at: '2026-11-30T02:00:00.000Z', namedAt: '2026-11-23T02:00:00.000Z', decidesBy: '330122', status: 'objected' };
const objected = { ...working, version: 6, cooperationObjections: [objection] };
const written = () => dynamo.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems!);
const stored = (items: ReturnType<typeof written>[number]) => items.map((i) => (i.Put ? unpacked(i.Put.Item!) : { deleted: i.Delete?.Key }));
const mails = (items: ReturnType<typeof written>[number]) => outboxMessages(stored(items)).map((m) => m.body as { to: string[]; subject: string; text: string });

describe('POST /cases/{n}/cooperation-objection', () => {
  it('records the objection and emails the office that named the unit its reasons, in one change conditioned on the version', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [working] });
    dynamo.on(TransactWriteCommand).resolves({});
    const response = await invoke({ method: 'POST', path: `/cases/${NUMBER}/cooperation-objection`, staffId: 'tonglu-ecology-handler', body: { reason: REASONS, expectedVersion: 5 } });

    expect(response.status).toBe(200);
    expect(response.body.case.cooperationObjections).toEqual([expect.objectContaining({ unit: '330122-ecology', status: 'objected', decidesBy: '330122' })]);
    expect(response.body.case.handling.cooperating).toContain('330122-ecology');
    const [items] = written();
    expect(items![0]!.Put!.ConditionExpression).toBeDefined();
    expect(stored(items!)).toContainEqual(expect.objectContaining({ entity: 'event', type: 'cooperationObjected', actor: 'tonglu-ecology-handler', reason: REASONS }));
    // On the office's 待批退回 list, as a unit's 申请退回 is: found there, not only in the mailbox.
    expect(stored(items!)).toContainEqual(expect.objectContaining({ entity: 'returnRequest', sk: 'RETURNREQ', gsi2pk: 'RETURNREQ#330122', gsi2sk: `2026-11-30T02:00:00.000Z#${NUMBER}` }));
    const [mail] = mails(items!);
    expect(mail).toMatchObject({ to: ['xinfang@tonglu.petitions.example'], subject: `【协办异议】${NUMBER} 请审批 — 杭州市生态环境局桐庐分局` });
    expect(mail!.text).toContain(`异议理由：${REASONS}`);
  });

  it('the same request delivered again changes nothing: 409 on the version it saw, and once per naming without it', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [objected] });
    const again = await invoke({ method: 'POST', path: `/cases/${NUMBER}/cooperation-objection`, staffId: 'tonglu-ecology-handler', body: { reason: REASONS, expectedVersion: 5 } });
    expect(again.status).toBe(409);
    const unconditioned = await invoke({ method: 'POST', path: `/cases/${NUMBER}/cooperation-objection`, staffId: 'tonglu-ecology-handler', body: { reason: REASONS } });
    expect(unconditioned.status).toBe(422);
    expect(unconditioned.body.error.message).toMatch(/once/);
    expect(written()).toEqual([]);
  });

  it('is for the cooperating unit’s staff, with reasons', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [working] });
    expect((await invoke({ method: 'POST', path: `/cases/${NUMBER}/cooperation-objection`, staffId: 'tonglu-housing-handler', body: { reason: REASONS } })).status).toBe(403);
    const office = await invoke({ method: 'POST', path: `/cases/${NUMBER}/cooperation-objection`, staffId: 'tonglu-office', body: { reason: REASONS } });
    expect(office.status).toBe(403);
    expect(office.body.error.messageZh).toContain('提出协办异议');
    expect((await invoke({ method: 'POST', path: `/cases/${NUMBER}/cooperation-objection`, staffId: 'tonglu-ecology-handler', body: { reason: ' ' } })).status).toBe(400);
    expect(written()).toEqual([]);
  });
});

describe('POST /cases/{n}/cooperation-objection/decision', () => {
  it('agreed: the unit leaves the cooperating units and its 协办事项 list, and it and the lead are told', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [objected] });
    dynamo.on(TransactWriteCommand).resolves({});
    const response = await invoke({ method: 'POST', path: `/cases/${NUMBER}/cooperation-objection/decision`, staffId: 'tonglu-office', body: { unit: '330122-ecology', agree: true, reason: '经核实由住建部门督促施工单位整改', expectedVersion: 6 } });

    expect(response.status).toBe(200);
    expect(response.body.case.handling.cooperating).toEqual(['330122-hrss']);
    expect(response.body.case.cooperationObjections).toEqual([expect.objectContaining({ status: 'agreed', note: '经核实由住建部门督促施工单位整改' })]);
    const items = stored(written()[0]!);
    expect(items).toContainEqual(expect.objectContaining({ entity: 'event', type: 'cooperationReleased', actor: 'tonglu-office', reason: REASONS, detail: expect.objectContaining({ unit: '330122-ecology' }) }));
    expect(items).toContainEqual({ deleted: { pk: `CASE#${NUMBER}`, sk: 'COOP#330122-ecology' } });
    // Decided: off the office's 待批退回 list.
    expect(items).toContainEqual({ deleted: { pk: `CASE#${NUMBER}`, sk: 'RETURNREQ' } });
    const [mail] = mails(written()[0]!);
    expect(mail!.to).toEqual(['env@tonglu.petitions.example', 'housing@tonglu.petitions.example']);
    expect(mail!.subject).toBe(`【协办异议】${NUMBER} 同意 — 桐庐县信访局`);
    expect(mail!.text).toContain('不再等待你单位的协办意见');
    // Addressed to the unit; the lead reads it as the copy it is.
    expect(mail!.text.startsWith('杭州市生态环境局桐庐分局：')).toBe(true);
    expect(mail!.text).toContain('抄送：桐庐县住房和城乡建设局');
    // The office's own words on agreeing go with the decision, after the unit's reasons.
    expect(mail!.text).toContain(`异议理由：${REASONS}\n审批意见：经核实由住建部门督促施工单位整改`);
    // The link is the lead's to follow: the unit released can no longer open the case, and is told so rather than sent to a refusal.
    expect(mail!.text).toMatch(/查看事项：\S+（供桐庐县住房和城乡建设局查看；你单位已不再配合办理，不能再查看该事项）/);
  });

  it('refused: the unit stays and is told why; the same decision again is 409', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [objected] });
    dynamo.on(TransactWriteCommand).resolves({});
    expect((await invoke({ method: 'POST', path: `/cases/${NUMBER}/cooperation-objection/decision`, staffId: 'tonglu-office', body: { unit: '330122-ecology', agree: false } })).status).toBe(400);
    expect((await invoke({ method: 'POST', path: `/cases/${NUMBER}/cooperation-objection/decision`, staffId: 'tonglu-ecology-handler', body: { unit: '330122-ecology', agree: false, reason: '不同意' } })).status).toBe(403);
    const response = await invoke({ method: 'POST', path: `/cases/${NUMBER}/cooperation-objection/decision`, staffId: 'tonglu-office', body: { unit: '330122-ecology', agree: false, reason: '施工噪声扰民属生态环境部门监管职责', expectedVersion: 6 } });
    expect(response.status).toBe(200);
    expect(response.body.case.handling.cooperating).toContain('330122-ecology');
    const [mail] = mails(written()[0]!);
    expect(mail).toMatchObject({ to: ['env@tonglu.petitions.example'], subject: `【协办异议】${NUMBER} 不同意 — 桐庐县信访局` });
    expect(mail!.text).toContain('理由：施工噪声扰民属生态环境部门监管职责');

    const decided = { ...objected, version: 7, cooperationObjections: [{ ...objection, status: 'refused', refusal: '施工噪声扰民属生态环境部门监管职责' }] };
    dynamo.on(QueryCommand).resolves({ Items: [decided] });
    expect((await invoke({ method: 'POST', path: `/cases/${NUMBER}/cooperation-objection/decision`, staffId: 'tonglu-office', body: { unit: '330122-ecology', agree: false, reason: '同上', expectedVersion: 6 } })).status).toBe(409);
    expect((await invoke({ method: 'POST', path: `/cases/${NUMBER}/cooperation-objection/decision`, staffId: 'tonglu-office', body: { unit: '330122-ecology', agree: false, reason: '同上' } })).status).toBe(409);
    expect(written()).toHaveLength(1);
  });
});

describe('检举控告: a unit the report accuses is never written to about it (第三十条)', () => {
  // Material that came after the objection accuses 生态环境局桐庐分局 itself; the office decides the objection all the same.
  const accusing = { ...objected, accusedUnits: ['330122-ecology'] };

  it('the decision, agreed or refused, is the unit’s letter (the lead’s only a copy): not sent', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [accusing] });
    dynamo.on(TransactWriteCommand).resolves({});
    const agreed = await invoke({ method: 'POST', path: `/cases/${NUMBER}/cooperation-objection/decision`, staffId: 'tonglu-office', body: { unit: '330122-ecology', agree: true, expectedVersion: 6 } });
    expect(agreed.status).toBe(200);
    expect(agreed.body.case.handling.cooperating).toEqual(['330122-hrss']);
    expect(mails(written()[0]!)).toEqual([]);

    const refused = await invoke({ method: 'POST', path: `/cases/${NUMBER}/cooperation-objection/decision`, staffId: 'tonglu-office', body: { unit: '330122-ecology', agree: false, reason: '属于职责', expectedVersion: 6 } });
    expect(refused.status).toBe(200);
    expect(mails(written()[1]!)).toEqual([]);
  });
});

describe('an objection waiting when the lead concludes', () => {
  it('the conclusion records the concluding without its 协办意见, and the office asking to decide afterwards is told the case is concluded', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [objected] });
    dynamo.on(TransactWriteCommand).resolves({});
    const concluded = await invoke({
      method: 'POST',
      path: `/cases/${NUMBER}/conclude`,
      staffId: 'tonglu-housing-handler',
      body: { outcome: 'supported', facts: '夜间施工属实。', basis: '《环境噪声污染防治法》。', decision: '责令停止夜间施工。' },
    });
    expect(concluded.status).toBe(200);
    const event = stored(written()[0]!).find((i) => i.entity === 'event');
    expect(event).toMatchObject({ type: 'concluded', detail: expect.objectContaining({ withoutOpinionsOf: ['330122-ecology', '330122-hrss'] }) });

    dynamo.on(QueryCommand).resolves({ Items: [written()[0]!.find((i) => i.Put?.Item?.entity === 'case')!.Put!.Item!] });
    const page = await invoke({ method: 'GET', path: `/cases/${NUMBER}`, staffId: 'tonglu-office' });
    expect(page.body.allowedActions).not.toContain('decideCooperationObjection');
    const late = await invoke({ method: 'POST', path: `/cases/${NUMBER}/cooperation-objection/decision`, staffId: 'tonglu-office', body: { unit: '330122-ecology', agree: true } });
    expect(late.status).toBe(409);
    expect(late.body.error.messageZh).toBe('该事项已办结，协办异议不再审批');
    expect(written()).toHaveLength(1);
  });
});

describe('after the 5 working days', () => {
  // Tuesday 1 December, 10:00 in China.
  beforeEach(() => vi.setSystemTime(new Date('2026-12-01T02:00:00.000Z')));
  it('the unit may not object by itself: 422 naming the day the window closed', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [working] });
    const response = await invoke({ method: 'POST', path: `/cases/${NUMBER}/cooperation-objection`, staffId: 'tonglu-ecology-handler', body: { reason: REASONS } });
    expect(response.status).toBe(422);
    expect(response.body.error.message).toMatch(/ended on 2026-11-30/);
  });
});
