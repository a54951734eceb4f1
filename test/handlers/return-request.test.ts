import { beforeAll, describe, expect, it } from 'vitest';
import { BatchGetCommand, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { apiTestBed, STORED_LETTER_CASE } from '../fixtures/api-handler.js';
import { loadHandoffHandler, queuedHandoffs, type HandoffHandler } from '../fixtures/handoff-handler.js';
import { outboxMessages, unpacked } from '../fixtures/stored-items.js';

/**
 * 条例 第二十三条 past the window, through the API and the handoff function:
 * the unit asks, the office's list shows it, the office refuses (the unit is
 * told why) or returns the case (the unit is told it was approved); the
 * list's entry leaves in the transaction that answers the request.
 */
// Wednesday 2 December 2026, 10:00 in China: the unit's window ended on Monday 30 November.
const { dynamo, sqs, invoke } = apiTestBed({ now: '2026-12-02T02:00:00.000Z' });

let handoff: HandoffHandler;
beforeAll(async () => {
  handoff = await loadHandoffHandler();
});

const NUMBER = '330122-2026-000007';
const REASONS = '本案系工程款纠纷，应由住建部门处理';
const working = {
  ...STORED_LETTER_CASE,
  status: 'assigned',
  version: 5,
  subject: '拖欠工资',
  handling: { lead: '330122-hrss', cooperating: [] },
  assignedBy: { staffId: 'tonglu-office', jurisdiction: '330122' },
  deadlines: { handling: '2027-01-20T16:00:00.000Z' },
  objectionWindow: { unit: '330122-hrss', from: '330122', receivedAt: '2026-11-23T02:00:00.000Z', until: '2026-11-30T16:00:00.000Z', closedAt: '2026-11-30T16:00:00.000Z' },
};
const pending = { ...working, version: 6, returnRequest: { unit: '330122-hrss', reason: REASONS, requestedBy: 'tonglu-hrss-head', requestedAt: '2026-12-01T01:00:00.000Z', approvalBy: '330122', status: 'requested' } };
const written = () => dynamo.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems!);
const stored = (items: ReturnType<typeof written>[number]) => items.map((i) => (i.Put ? unpacked(i.Put.Item!) : { deleted: i.Delete!.Key }));

describe('POST /cases/{n}/return-request', () => {
  it('records the request, puts the case on the office’s 待批退回 list and emails the office the reasons, in one change', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [working] });
    dynamo.on(TransactWriteCommand).resolves({});
    const before = await invoke({ method: 'GET', path: `/cases/${NUMBER}`, staffId: 'tonglu-hrss-head' });
    expect(before.body.allowedActions).toContain('requestReturn');

    const response = await invoke({ method: 'POST', path: `/cases/${NUMBER}/return-request`, staffId: 'tonglu-hrss-head', body: { reason: REASONS } });

    expect(response.status).toBe(200);
    expect(response.body.case.returnRequest).toMatchObject({ status: 'requested', approvalBy: '330122', reason: REASONS });
    // Read back as stored: the unit is not offered a second request while this one waits (the command's answer carries no allowedActions).
    dynamo.on(QueryCommand).resolves({ Items: [written()[0]!.find((i) => i.Put?.Item?.entity === 'case')!.Put!.Item!] });
    const after = await invoke({ method: 'GET', path: `/cases/${NUMBER}`, staffId: 'tonglu-hrss-head' });
    expect(after.body.case.returnRequest).toMatchObject({ status: 'requested' });
    expect(after.body.allowedActions).not.toContain('requestReturn');
    const items = stored(written()[0]!);
    expect(items.map((i) => ('entity' in i ? i.entity : 'delete'))).toEqual(['case', 'event', 'returnRequest', 'outbox']);
    expect(items[1]).toMatchObject({ type: 'returnRequested', actor: 'tonglu-hrss-head', reason: REASONS });
    expect(items[2]).toMatchObject({ sk: 'RETURNREQ', gsi2pk: 'RETURNREQ#330122', gsi2sk: `2026-12-02T02:00:00.000Z#${NUMBER}` });
    const [letter] = outboxMessages(items);
    expect(letter!.body.to).toEqual(['xinfang@tonglu.petitions.example']);
    expect(letter!.body.subject).toBe(`【退回申请】${NUMBER} 请审批 — 桐庐县人力资源和社会保障局`);
    // Addressed to the office that decides it, as every letter to an office is.
    expect(letter!.body.text.startsWith('桐庐县信访局：\n\n')).toBe(true);
    expect(letter!.body.text).toContain('异议期已于2026年11月30日届满，依照《信访工作条例》第二十三条申请退回');
    expect(letter!.body.text).toContain(`申请理由：${REASONS}`);
  });

  it('refuses the request within the window, from the office and while one waits, writing nothing', async () => {
    const open = { ...working, objectionWindow: { ...working.objectionWindow, until: '2026-12-03T16:00:00.000Z', closedAt: undefined } };
    dynamo.on(QueryCommand).resolves({ Items: [open] });
    const early = await invoke({ method: 'POST', path: `/cases/${NUMBER}/return-request`, staffId: 'tonglu-hrss-head', body: { reason: REASONS } });
    expect(early.status).toBe(422);
    expect(early.body.error.message).toMatch(/return the case directly/);

    dynamo.on(QueryCommand).resolves({ Items: [working] });
    expect((await invoke({ method: 'POST', path: `/cases/${NUMBER}/return-request`, staffId: 'tonglu-office', body: { reason: REASONS } })).status).toBe(403);

    dynamo.on(QueryCommand).resolves({ Items: [pending] });
    const twice = await invoke({ method: 'POST', path: `/cases/${NUMBER}/return-request`, staffId: 'tonglu-hrss-head', body: { reason: REASONS } });
    expect(twice.status).toBe(422);
    expect(twice.body.error.message).toMatch(/already waiting/);
    expect(written()).toEqual([]);
  });
});

describe('POST /cases/{n}/return-request/refusal', () => {
  it('keeps the case with the unit, takes it off 待批退回 and tells the unit why', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [pending] });
    dynamo.on(TransactWriteCommand).resolves({});

    const response = await invoke({ method: 'POST', path: `/cases/${NUMBER}/return-request/refusal`, staffId: 'tonglu-office', body: { reason: '拖欠工资属劳动保障监察职责', expectedVersion: 6 } });

    expect(response.status).toBe(200);
    expect(response.body.case).toMatchObject({ status: 'assigned', handling: { lead: '330122-hrss' }, returnRequest: { status: 'refused', refusal: '拖欠工资属劳动保障监察职责' } });
    const items = stored(written()[0]!);
    expect(items[1]).toMatchObject({ type: 'returnRequestRefused', actor: 'tonglu-office' });
    expect(items).toContainEqual({ deleted: { pk: `CASE#${NUMBER}`, sk: 'RETURNREQ' } });
    const [letter] = outboxMessages(items);
    expect(letter!.body.to).toEqual(['hrss@tonglu.petitions.example']);
    expect(letter!.body.subject).toBe(`【退回申请】${NUMBER} 不同意退回 — 桐庐县信访局`);
    expect(letter!.body.text).toContain('理由：拖欠工资属劳动保障监察职责');
    expect(letter!.body.text).toContain('请你单位继续办理，在办理期限（2027年1月20日）内办结');
  });

  it('is the office’s: the unit’s staff get 403, a blank reason 400, and no waiting request 409', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [pending] });
    expect((await invoke({ method: 'POST', path: `/cases/${NUMBER}/return-request/refusal`, staffId: 'tonglu-hrss-head', body: { reason: '不同意' } })).status).toBe(403);
    expect((await invoke({ method: 'POST', path: `/cases/${NUMBER}/return-request/refusal`, staffId: 'tonglu-office', body: { reason: ' ' } })).status).toBe(400);
    dynamo.on(QueryCommand).resolves({ Items: [working] });
    expect((await invoke({ method: 'POST', path: `/cases/${NUMBER}/return-request/refusal`, staffId: 'tonglu-office', body: { reason: '不同意' } })).status).toBe(409);
    expect(written()).toEqual([]);
  });
});

describe('the office’s return approves it', () => {
  it('queued by the API, applied by the handoff function: back with the office, off the list, the unit told; a redelivery changes nothing', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [pending] });
    dynamo.on(GetCommand).resolves({});
    dynamo.on(TransactWriteCommand).resolves({});

    const response = await invoke({ method: 'POST', path: `/cases/${NUMBER}/return`, staffId: 'tonglu-office', body: { reason: `同意退回：${REASONS}` } });
    expect(response.status).toBe(202);
    const [delivery] = queuedHandoffs(sqs);
    await handoff(delivery!);

    const items = stored(written()[0]!);
    expect(items[0]).toMatchObject({ entity: 'case', status: 'accepted', returnRequest: { status: 'approved', decidedBy: 'tonglu-office' } });
    expect(items[1]).toMatchObject({ type: 'returned', detail: { afterObjectionWindow: true, approvesRequest: { requestedBy: 'tonglu-hrss-head' } } });
    expect(items).toContainEqual({ deleted: { pk: `CASE#${NUMBER}`, sk: 'RETURNREQ' } });
    const letters = outboxMessages(items).map((m) => m.body);
    expect(letters.find((l) => l.to[0] === 'hrss@tonglu.petitions.example')).toMatchObject({ subject: `【退回申请】${NUMBER} 同意退回 — 桐庐县信访局` });

    // Delivered again: the idempotency record answers, nothing more is written.
    dynamo.on(GetCommand).resolves({ Item: { outcome: 'applied' } });
    await handoff(delivery!);
    expect(written()).toHaveLength(1);
  });
});

describe('收回: the office that handed the unit the case takes it back', () => {
  it('in its own name: the record says the office took it back, and the unit is told to stop work on it', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [working] });
    dynamo.on(GetCommand).resolves({});
    dynamo.on(TransactWriteCommand).resolves({});

    const response = await invoke({ method: 'POST', path: `/cases/${NUMBER}/return`, staffId: 'tonglu-office', body: { reason: '该事项需由县信访局牵头协调' } });
    expect(response.status).toBe(202);
    await handoff(queuedHandoffs(sqs)[0]!);

    const items = stored(written()[0]!);
    expect(items[1]).toMatchObject({ type: 'returned', actor: 'tonglu-office', detail: { takenBackBy: 'office:330122', from: '330122-hrss', backTo: '330122' } });
    expect((items[1] as { detail: Record<string, unknown> }).detail.returnedBy).toBeUndefined();
    const letters = outboxMessages(items).map((m) => m.body);
    const toUnit = letters.find((l) => l.to[0] === 'hrss@tonglu.petitions.example')!;
    expect(toUnit.subject).toBe(`【收回】${NUMBER} 已由桐庐县信访局收回 — 桐庐县信访局`);
    expect(toUnit.text).toContain('理由：该事项需由县信访局牵头协调');
    // The office is not told its unit returned it.
    expect(letters.some((l) => l.subject.startsWith('【退回】'))).toBe(false);
  });

  it('not by the city above, which transfers it (改交) in its own name instead: refused before anything is queued', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [working] });
    const response = await invoke({ method: 'POST', path: `/cases/${NUMBER}/return`, staffId: 'hz-office', body: { reason: '不属于本级' } });
    expect(response.status).toBe(422);
    expect(response.body.error.message).toContain('only that office takes it back (收回)');
    expect(queuedHandoffs(sqs)).toEqual([]);
    const claim = await invoke({ method: 'POST', path: `/cases/${NUMBER}/claim`, staffId: 'hz-office', body: {} });
    expect(claim.status).toBe(403);
    expect(written()).toEqual([]);
  });
});

describe('GET /work-lists/returnRequests (待批退回)', () => {
  it('reads the office’s own entries; a unit has no such list', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [{ caseNumber: NUMBER, gsi2pk: 'RETURNREQ#330122', gsi2sk: `2026-12-01T01:00:00.000Z#${NUMBER}` }] });
    dynamo.on(BatchGetCommand).resolves({ Responses: { 'xinfang-test-cases': [pending] } });

    const response = await invoke({ method: 'GET', path: '/work-lists/returnRequests', staffId: 'tonglu-office' });

    expect(response.status).toBe(200);
    expect(response.body.items.map((i: { caseNumber: string }) => i.caseNumber)).toEqual([NUMBER]);
    expect(dynamo.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({ IndexName: 'byUnit', ExpressionAttributeValues: expect.objectContaining({ ':pk': 'RETURNREQ#330122' }) });
    expect((await invoke({ method: 'GET', path: '/work-lists/returnRequests', staffId: 'tonglu-hrss-head' })).status).toBe(403);
  });
});

describe('GET /work-lists/unitOpen with a clock that stands still (中止)', () => {
  it('lists the case as 计时中止, never overdue, though the deadline it stood at has passed', async () => {
    // A listing item holds the ledger, not the case's suspensions (they are packed): the ledger says so.
    const item = {
      ...working,
      status: 'inProgress',
      deadlines: { handling: '2026-11-25T16:00:00.000Z' },
      ledger: { receivedAt: STORED_LETTER_CASE.receivedAt, receivingOffice: '330122', reviewLevel: 0, unit: '330122-hrss', suspended: true },
      gsi2pk: 'UNIT#330122-hrss',
      gsi2sk: `9999#${NUMBER}`,
    };
    dynamo.on(QueryCommand).resolves({ Items: [item] });
    const response = await invoke({ method: 'GET', path: '/work-lists/unitOpen', staffId: 'tonglu-hrss-head' });
    expect(response.status).toBe(200);
    const [listed] = response.body.items;
    expect(listed).toMatchObject({ caseNumber: NUMBER, suspended: true });
    expect(listed).not.toHaveProperty('nextDueAt');
    expect(listed).not.toHaveProperty('clock');
  });
});
