import { beforeAll, describe, expect, it } from 'vitest';
import { BatchGetCommand, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { apiTestBed, STORED_LETTER_CASE } from '../fixtures/api-handler.js';
import { loadHandoffHandler, queuedHandoffs, type HandoffHandler } from '../fixtures/handoff-handler.js';
import { outboxMessages, unpacked } from '../fixtures/stored-items.js';

/**
 * 协办: a unit asked to cooperate on a case another unit leads finds it on its
 * 协办事项 list, from the change that assigned it until the case is concluded
 * or the unit no longer cooperates.
 */
// Wednesday 2 December 2026, 10:00 in China.
const { dynamo, sqs, invoke } = apiTestBed({ now: '2026-12-02T02:00:00.000Z' });

let handoff: HandoffHandler;
beforeAll(async () => {
  handoff = await loadHandoffHandler();
});

const NUMBER = '330122-2026-000007';
const accepted = { ...STORED_LETTER_CASE, status: 'accepted', version: 3, subject: '工地拖欠工资', deadlines: { handling: '2027-01-20T16:00:00.000Z' } };
const written = () => dynamo.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems!.map((i) => (i.Put ? unpacked(i.Put.Item!) : { deleted: i.Delete?.Key })));

describe('协办事项', () => {
  it('an assignment with a cooperating unit puts the case on that unit’s list, in the same change', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [accepted] });
    dynamo.on(GetCommand).resolves({});
    dynamo.on(TransactWriteCommand).resolves({});
    const response = await invoke({ method: 'POST', path: `/cases/${NUMBER}/assign`, staffId: 'tonglu-office', body: { lead: '330122-housing', cooperating: ['330122-hrss'] } });
    expect(response.status).toBe(202);
    for (const delivery of queuedHandoffs(sqs)) await handoff(delivery);

    const [items] = written();
    expect(items).toContainEqual(expect.objectContaining({ pk: `CASE#${NUMBER}`, sk: 'COOP#330122-hrss', entity: 'cooperating', gsi2pk: 'COOP#330122-hrss' }));
    expect(items!.filter((i) => String(i.sk ?? '').startsWith('COOP#'))).toHaveLength(1);
    // Told until when it may object to being named (条例 第二十三条): 5 working days from Wednesday 2 December.
    const told = outboxMessages(items!).map((m) => m.body as { to: string[]; text: string }).find((m) => m.to.includes('hrss@tonglu.petitions.example'));
    expect(told!.text).toContain('如你单位不承担该事项的配合职责，请于2026年12月9日前说明理由提出异议');
  });

  it('the conclusion takes it off, in the same change', async () => {
    const working = { ...accepted, status: 'inProgress', version: 5, handling: { lead: '330122-housing', cooperating: ['330122-hrss'] } };
    dynamo.on(QueryCommand).resolves({ Items: [working] });
    dynamo.on(TransactWriteCommand).resolves({});
    const response = await invoke({
      method: 'POST',
      path: `/cases/${NUMBER}/conclude`,
      staffId: 'tonglu-housing-head',
      body: { facts: '经查，工资已结清。', basis: '《保障农民工工资支付条例》', decision: '已督促施工单位支付。', outcome: 'supported' },
    });
    expect(response.status).toBe(200);
    expect(written()[0]).toContainEqual({ deleted: { pk: `CASE#${NUMBER}`, sk: 'COOP#330122-hrss' } });
  });

  it('is the cooperating unit’s staff’s list, read from their entries', async () => {
    const working = { ...accepted, status: 'inProgress', handling: { lead: '330122-housing', cooperating: ['330122-hrss'] } };
    dynamo.on(QueryCommand).resolves({ Items: [{ caseNumber: NUMBER, gsi2pk: 'COOP#330122-hrss', gsi2sk: `2026-12-01T01:00:00.000Z#${NUMBER}` }] });
    dynamo.on(BatchGetCommand).resolves({ Responses: { 'xinfang-test-cases': [working] } });
    const response = await invoke({ method: 'GET', path: '/work-lists/cooperating', staffId: 'tonglu-hrss-head' });
    expect(response.status).toBe(200);
    expect(response.body.items.map((i: { caseNumber: string; lead: string }) => [i.caseNumber, i.lead])).toEqual([[NUMBER, '330122-housing']]);
    expect(dynamo.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({ IndexName: 'byUnit', ExpressionAttributeValues: expect.objectContaining({ ':pk': 'COOP#330122-hrss' }) });
    // The office has no such list.
    expect((await invoke({ method: 'GET', path: '/work-lists/cooperating', staffId: 'tonglu-office' })).status).toBe(403);
  });
});

describe('协办意见: the cooperating unit’s opinion to the lead', () => {
  const working = { ...accepted, status: 'inProgress', version: 5, handling: { lead: '330122-housing', cooperating: ['330122-hrss', '330122-ecology'] } };
  const outboxOf = (items: Record<string, unknown>[]) => outboxMessages(items).map((m) => m.body as { to: string[]; subject: string; text: string });

  it('is kept on the case and sent to the lead, naming who is still to be heard from', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [working] });
    dynamo.on(TransactWriteCommand).resolves({});
    const response = await invoke({ method: 'POST', path: `/cases/${NUMBER}/cooperation-opinion`, staffId: 'tonglu-hrss-handler', body: { opinion: '经查，施工单位确欠工资12万元，已立案调查，建议责令限期支付。' } });

    expect(response.status).toBe(200);
    expect(response.body.case.cooperationOpinions).toEqual([expect.objectContaining({ unit: '330122-hrss', by: 'tonglu-hrss-handler', opinion: expect.stringContaining('已立案调查') })]);
    const [items] = written();
    expect(items).toContainEqual(expect.objectContaining({ entity: 'event', type: 'cooperationOpinionGiven', detail: { unit: '330122-hrss' } }));
    const [mail] = outboxOf(items!);
    expect(mail).toMatchObject({ to: ['housing@tonglu.petitions.example'], subject: expect.stringContaining('【协办意见】330122-2026-000007') });
    expect(mail!.text).toContain('尚未送来意见的配合单位：杭州市生态环境局桐庐分局');
  });

  it('is for the cooperating units only, and only while the lead handles the case', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [working] });
    const body = { opinion: '意见' };
    expect((await invoke({ method: 'POST', path: `/cases/${NUMBER}/cooperation-opinion`, staffId: 'tonglu-housing-handler', body })).status).toBe(403);
    expect((await invoke({ method: 'POST', path: `/cases/${NUMBER}/cooperation-opinion`, staffId: 'tonglu-office', body })).status).toBe(403);
    expect((await invoke({ method: 'POST', path: `/cases/${NUMBER}/cooperation-opinion`, staffId: 'tonglu-hrss-handler', body: { opinion: '  ' } })).status).toBe(400);
    dynamo.on(QueryCommand).resolves({ Items: [{ ...working, status: 'concluded' }] });
    expect((await invoke({ method: 'POST', path: `/cases/${NUMBER}/cooperation-opinion`, staffId: 'tonglu-hrss-handler', body })).status).toBe(409);
  });

  it('the lead concludes without a missing opinion, on record, and the cooperating units are told', async () => {
    const heard = { ...working, cooperationOpinions: [{ unit: '330122-hrss', opinion: '建议责令限期支付。', by: 'tonglu-hrss-handler', at: '2026-12-01T02:00:00.000Z' }] };
    dynamo.on(QueryCommand).resolves({ Items: [heard] });
    dynamo.on(TransactWriteCommand).resolves({});
    const response = await invoke({
      method: 'POST',
      path: `/cases/${NUMBER}/conclude`,
      staffId: 'tonglu-housing-head',
      body: { facts: '经查，工资已结清。', basis: '《保障农民工工资支付条例》', decision: '已督促施工单位支付。', outcome: 'supported' },
    });
    expect(response.status).toBe(200);
    const [items] = written();
    expect(items).toContainEqual(expect.objectContaining({ entity: 'event', type: 'concluded', detail: expect.objectContaining({ withoutOpinionsOf: ['330122-ecology'] }) }));
    const told = outboxOf(items!).find((m) => m.subject.startsWith('【已办结】'));
    expect(told).toMatchObject({ to: ['hrss@tonglu.petitions.example', 'env@tonglu.petitions.example'] });
    expect(told!.text).toContain('办结时未收到杭州市生态环境局桐庐分局的协办意见');
  });
});
