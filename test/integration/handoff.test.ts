import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { LocalSystem } from '../../local/system.js';
import { DynamoCaseStore } from '../../shared/adapters/dynamodb/case-store.js';
import { requestCaseReturn } from '../../shared/app/handoff/return-request.js';
import { letter, loginAs, removeDir, startTestSystem, type ApiClient, until } from './helpers.js';

let system: LocalSystem;
let dataDir: string;
let registrar: ApiClient;
let office: ApiClient; // 桐庐县信访局
let cityOffice: ApiClient; // 杭州市信访局
let housingHandler: ApiClient; // 桐庐县住建局

beforeAll(async () => {
  ({ system, dataDir } = await startTestSystem());
  registrar = await loginAs(system.apiUrl, 'tonglu-registrar');
  office = await loginAs(system.apiUrl, 'tonglu-office');
  cityOffice = await loginAs(system.apiUrl, 'hz-office');
  housingHandler = await loginAs(system.apiUrl, 'tonglu-housing-handler');
});

afterAll(async () => {
  await system?.close();
  removeDir(dataDir);
});

async function acceptedLetter(petitioner: Record<string, unknown> = { name: '张伟', email: 'zhangwei@qq.example' }): Promise<string> {
  const created = await registrar.call('POST', '/cases', letter({ petitioner }));
  const number = created.body.case.caseNumber as string;
  const accepted = await office.call('POST', `/cases/${number}/accept`, { category: 'complaint' });
  expect(accepted.status).toBe(200);
  return number;
}

const eventsOf = async (caseNumber: string, reader: ApiClient = office) =>
  (await reader.call('GET', `/cases/${caseNumber}`)).body.events as { type: string; seq: number; detail?: any }[];
const untilEvent = (caseNumber: string, type: string, reader: ApiClient = office) =>
  until(`a ${type} event on ${caseNumber}`, async () => {
    const events = await eventsOf(caseNumber, reader);
    return events.some((e) => e.type === type) ? events : undefined;
  });
const mailTo = (address: string) => system.ses.list().filter((m) => m.to.includes(address));

describe('handing a case between units', () => {
  it('assigns to a unit through the handoff queue, notifies the unit with the deadline and tells the petitioner', async () => {
    const number = await acceptedLetter();
    const assigned = await office.call('POST', `/cases/${number}/assign`, { lead: '330122-housing', cooperating: ['330122-natural-resources'] });
    expect(assigned.status).toBe(202);
    await untilEvent(number, 'assigned');
    const { case: c } = (await office.call('GET', `/cases/${number}`)).body;
    expect(c).toMatchObject({ status: 'assigned', handling: { lead: '330122-housing', cooperating: ['330122-natural-resources'] } });
    const notice = await until('the assignment notice', async () => mailTo('housing@tonglu.petitions.example').find((m) => m.subject.includes(number)));
    expect(notice.subject).toMatch(/^【交办】/);
    expect(notice.to).toEqual(expect.arrayContaining(['housing@tonglu.petitions.example']));
    await until('the acceptance notice', async () => mailTo('zhangwei@qq.example').find((m) => m.subject.includes('受理告知')));
  });

  it('lets the unit return a case that is not theirs, with its reason, back to the office that assigned it', async () => {
    const number = await acceptedLetter({ name: '李娜' });
    await office.call('POST', `/cases/${number}/assign`, { lead: '330122-housing' });
    await untilEvent(number, 'assigned');
    const refusedWithoutReason = await housingHandler.call('POST', `/cases/${number}/return`, {});
    expect(refusedWithoutReason.status).toBe(400);
    const returned = await housingHandler.call('POST', `/cases/${number}/return`, { reason: '属于劳动报酬纠纷，不属于住建部门职责' });
    expect(returned.status).toBe(202);
    const events = await untilEvent(number, 'returned');
    expect(events.find((e) => e.type === 'returned')).toMatchObject({ detail: expect.objectContaining({ returnedBy: '330122-housing' }) });
    const { case: c } = (await office.call('GET', `/cases/${number}`)).body;
    expect(c.status).toBe('accepted');
    expect(c.handling).toBeUndefined();
    await until('the return notice to the office', async () =>
      mailTo('xinfang@tonglu.petitions.example').find((m) => m.subject.includes(number) && m.text.includes('属于劳动报酬纠纷')),
    );
  });

  it('the unit signs for the case (签收): 办理中 in the office’s search by status, once, and it may still return it', async () => {
    const number = await acceptedLetter({ name: '赵敏' });
    await office.call('POST', `/cases/${number}/assign`, { lead: '330122-housing' });
    await untilEvent(number, 'assigned');
    const before = (await housingHandler.call('GET', `/cases/${number}`)).body;
    expect(before.allowedActions).toContain('start');
    const key = { 'Idempotency-Key': `start-${number}` };
    const signed = await housingHandler.call('POST', `/cases/${number}/start`, { note: '已安排专人核实', expectedVersion: before.case.version }, key);
    expect(signed.status).toBe(200);
    expect(signed.body.case.status).toBe('inProgress');
    // The same request again (a retry) records nothing more; a second 签收 is refused.
    expect((await housingHandler.call('POST', `/cases/${number}/start`, { note: '已安排专人核实', expectedVersion: before.case.version }, key)).status).toBe(200);
    expect((await housingHandler.call('POST', `/cases/${number}/start`, {})).status).toBe(409);
    expect((await eventsOf(number)).filter((e) => e.type === 'started')).toHaveLength(1);
    const listed = (await office.call('GET', '/cases?jurisdiction=330122&status=inProgress&limit=100')).body.items as { caseNumber: string; status: string }[];
    expect(listed.find((i) => i.caseNumber === number)).toMatchObject({ status: 'inProgress' });
    expect(((await office.call('GET', '/cases?jurisdiction=330122&status=assigned&limit=100')).body.items as { caseNumber: string }[]).map((i) => i.caseNumber)).not.toContain(number);
    expect((await housingHandler.call('POST', `/cases/${number}/return`, { reason: '属于劳动报酬纠纷，不属于住建部门职责' })).status).toBe(202);
    await untilEvent(number, 'returned');
  });

  it('transfers a case across jurisdictions to the competent unit there', async () => {
    const created = await cityOffice.call('POST', '/cases', letter({ jurisdiction: '330100', petitioner: { name: '王芳' } }));
    const number = created.body.case.caseNumber as string;
    await cityOffice.call('POST', `/cases/${number}/accept`);
    const moved = await cityOffice.call('POST', `/cases/${number}/transfer`, { toJurisdiction: '330127', lead: '330127-hrss', reason: '事发地在淳安县，属地管理' });
    expect(moved.status).toBe(202);
    await untilEvent(number, 'transferred', cityOffice);
    const { case: c } = (await cityOffice.call('GET', `/cases/${number}`)).body;
    expect(c).toMatchObject({ jurisdiction: '330127', status: 'assigned', handling: { lead: '330127-hrss' } });
    // A superior's handing down carries the duty to report back; the city still sees the case.
    expect(c.reportBackTo).toBe('330100');
  });

  it('refuses at once what the lifecycle or scope does not allow', async () => {
    const created = await registrar.call('POST', '/cases', letter());
    const number = created.body.case.caseNumber as string;
    const early = await office.call('POST', `/cases/${number}/assign`, { lead: '330122-housing' });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('InvalidTransition');
    // A unit's staff do not see a case their unit does not work: as if it did not exist.
    const notOffice = await housingHandler.call('POST', `/cases/${number}/accept`);
    expect(notOffice.status).toBe(404);
    const declined = await office.call('POST', `/cases/${number}/decline`, { reason: '该事项已经人民法院判决，请依法申请再审' });
    expect(declined.body.case.status).toBe('declined');
    const again = await office.call('POST', `/cases/${number}/accept`);
    expect(again.status).toBe(409);
  });
});

describe('two staff handing one case at once (expectedVersion)', () => {
  it('the first 转办 wins; the other is refused, at once or when applied, saying what changed', async () => {
    const number = await acceptedLetter({ name: '钱进' });
    await office.call('POST', `/cases/${number}/assign`, { lead: '330122-housing' });
    await untilEvent(number, 'assigned');
    const seen = (await office.call('GET', `/cases/${number}`)).body.case.version as number;
    // Both read the case at the same version and send different 转办 before either is applied.
    const [first, second] = await Promise.all([
      office.call('POST', `/cases/${number}/transfer`, { toJurisdiction: '330122', lead: '330122-hrss', reason: '属于欠薪问题', expectedVersion: seen }),
      office.call('POST', `/cases/${number}/transfer`, { toJurisdiction: '330122', lead: '330122-market', reason: '属于消费纠纷', expectedVersion: seen }),
    ]);
    const outcomeOf = async (id: string) => (await office.call('GET', `/cases/${number}/handoffs/${id}`)).body as { status: string; code?: string; reason?: string };
    const settled = (answer: typeof first) =>
      answer.status === 409
        ? Promise.resolve({ status: 'refused', code: answer.body.error.code as string, reason: answer.body.error.messageZh as string })
        : until('the 转办 settled', async () => {
            const o = await outcomeOf(answer.body.commandId as string);
            return o.status === 'pending' ? undefined : o;
          });
    // The queue promises no order between the two: whichever was applied first wins, the other is refused —
    // at once (the first already applied) or when applied — either way saying what changed.
    const outcomes = [await settled(first), await settled(second)];
    const won = outcomes.findIndex((o) => o.status === 'applied');
    expect(won).toBeGreaterThanOrEqual(0);
    const refusal = outcomes[1 - won]!;
    expect(refusal.code).toBe('VersionConflict');
    expect(refusal.reason).toMatch(/在您查看后已被修改1次（最近一次由 袁建军 于 \d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d 修改）/);
    const { case: c, events } = (await office.call('GET', `/cases/${number}`)).body;
    expect(c.handling.lead).toBe(won === 0 ? '330122-hrss' : '330122-market');
    expect((events as { type: string }[]).filter((e) => e.type === 'transferred')).toHaveLength(1);

    // Sent again on the version read before: refused at once, naming the version and status now and the changes since.
    const stale = await office.call('POST', `/cases/${number}/return`, { reason: '由信访局收回', expectedVersion: seen });
    expect(stale.status).toBe(409);
    expect(stale.body.error.messageZh).toContain('当前状态为“已交办”');
    expect(stale.body.error.current).toMatchObject({ version: c.version, status: 'assigned' });
    expect(stale.body.error.current.changes.map((e: { type: string }) => e.type)).toContain('transferred');
  });
});

describe('the same handoff request sent twice (Idempotency-Key)', () => {
  it('changes the case once and answers the repeat with the first command; another body under the key is refused', async () => {
    const number = await acceptedLetter({ name: '吴刚' });
    const send = (body: Record<string, unknown>) => office.call('POST', `/cases/${number}/assign`, body, { 'Idempotency-Key': `assign-${number}` });
    const first = await send({ lead: '330122-housing' });
    expect(first.status).toBe(202);
    await untilEvent(number, 'assigned');
    // The answer was lost; the desk sends it again with the same key once the case is assigned.
    const again = await send({ lead: '330122-housing' });
    expect(again.status).toBe(202);
    expect(again.body.commandId).toBe(first.body.commandId);
    expect((await office.call('GET', `/cases/${number}/handoffs/${again.body.commandId}`)).body.status).toBe('applied');
    const other = await send({ lead: '330122-hrss' });
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IdempotencyKeyReused');
    expect(other.body.error.messageZh).toMatch(/[\u4e00-\u9fff]/);
    const events = await eventsOf(number);
    expect(events.filter((e) => e.type === 'assigned')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'handoffRefused')).toHaveLength(0);
    expect(mailTo('housing@tonglu.petitions.example').filter((m) => m.subject.includes(number))).toHaveLength(1);
  });
});

describe('at-least-once delivery of handoffs', () => {
  const sendRaw = async (command: Record<string, unknown>, dedup: string) => {
    const sqs = new SQSClient({ region: 'us-east-1', endpoint: system.endpoints.sqs, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: system.resources.queues.handoff.url,
        MessageBody: JSON.stringify(command),
        MessageGroupId: command.caseNumber as string,
        // Different deduplication ids: the queue delivers both, as a redelivery would.
        MessageDeduplicationId: dedup,
      }),
    );
  };

  it('applies the same handoff delivered twice once', async () => {
    const number = await acceptedLetter({ name: '赵强' });
    const command = { id: 'cmd-twice-1', action: 'assign', caseNumber: number, lead: '330122-hrss', cooperating: [], by: 'tonglu-office', byJurisdiction: '330122' };
    await sendRaw(command, 'd1');
    await sendRaw(command, 'd2');
    await untilEvent(number, 'assigned');
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await eventsOf(number)).filter((e) => e.type === 'assigned')).toHaveLength(1);
    expect(mailTo('hrss@tonglu.petitions.example').filter((m) => m.subject.includes(number))).toHaveLength(1);
  });

  it('three 交办 sent at once: one applied, two refused and kept on the case once each, every outcome looked up by its command id', async () => {
    const number = await acceptedLetter({ name: '周敏' });
    // As the API queues three 交办 each checked against the case still 已受理 (here the local handoff function is quick
    // enough to apply the first before the API checks the next, which it would then refuse at once with 409).
    const leads = ['330122-housing', '330122-hrss', '330122-market'];
    const ids = leads.map((lead) => `at-once-${number}-${lead}`);
    for (const [i, lead] of leads.entries()) {
      const command = { id: ids[i], action: 'assign', caseNumber: number, lead, cooperating: [], by: 'tonglu-office', byJurisdiction: '330122', requestedAt: new Date().toISOString() };
      await sendRaw(command, ids[i]!);
    }
    const outcomeOf = async (id: string) => (await office.call('GET', `/cases/${number}/handoffs/${id}`)).body as { status: string; reason?: string };
    const outcomes = await until('every handoff handled', async () => {
      const all = await Promise.all(ids.map(outcomeOf));
      return all.every((o) => o.status !== 'pending') ? all : undefined;
    });
    expect(outcomes.filter((o) => o.status === 'applied')).toHaveLength(1);
    const refused = outcomes.filter((o) => o.status === 'refused');
    expect(refused).toHaveLength(2);
    expect(refused.every((o) => /[\u4e00-\u9fff]/.test(o.reason ?? ''))).toBe(true);
    const { case: c, events } = (await office.call('GET', `/cases/${number}`)).body;
    expect(c.status).toBe('assigned');
    const refusals = (events as { type: string; detail?: any }[]).filter((e) => e.type === 'handoffRefused');
    expect(refusals.map((e) => e.detail.commandId).sort()).toEqual(ids.filter((_, i) => outcomes[i]!.status === 'refused').sort());

    // A refused command delivered again (a redrive): answered from its record, no second event.
    const again = refusals[0]!.detail;
    await sendRaw({ id: again.commandId, action: 'assign', caseNumber: number, lead: again.lead, cooperating: [], by: 'tonglu-office', byJurisdiction: '330122' }, `again-${again.commandId}`);
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await eventsOf(number)).filter((e) => e.type === 'handoffRefused')).toHaveLength(2);
  });

  it('applies two handoffs of one case in the order they were sent', async () => {
    const number = await acceptedLetter({ name: '孙丽' });
    const by = { by: 'tonglu-office', byJurisdiction: '330122' };
    await sendRaw({ id: 'order-1', action: 'assign', caseNumber: number, lead: '330122-housing', cooperating: [], ...by }, 'o1');
    await sendRaw({ id: 'order-2', action: 'transfer', caseNumber: number, toJurisdiction: '330122', lead: '330122-hrss', cooperating: [], reason: '属于欠薪问题', ...by }, 'o2');
    const events = await untilEvent(number, 'transferred');
    const types = events.map((e) => e.type);
    expect(types.indexOf('assigned')).toBeLessThan(types.indexOf('transferred'));
    expect((await office.call('GET', `/cases/${number}`)).body.case.handling.lead).toBe('330122-hrss');
  });
});

describe('extensions (延期)', () => {
  it('the unit asks, a leader approves, the deadline moves and the petitioner is told why', async () => {
    const number = await acceptedLetter({ name: '周杰', email: 'zhoujie@qq.example' });
    await office.call('POST', `/cases/${number}/assign`, { lead: '330122-hrss' });
    await untilEvent(number, 'assigned');
    const before = (await office.call('GET', `/cases/${number}`)).body.case.deadlines.handling as string;

    const unitHead = await loginAs(system.apiUrl, 'tonglu-hrss-head');
    const asked = await unitHead.call('POST', `/cases/${number}/extension`, { days: 20, reason: '涉及多家企业，需调取社保缴费记录' });
    expect(asked.status).toBe(200);
    expect(asked.body.case.extension.status).toBe('requested');
    const again = await unitHead.call('POST', `/cases/${number}/extension`, { days: 5, reason: '再延' });
    expect(again.status).toBe(422);

    // Only a leader decides.
    expect((await office.call('POST', `/cases/${number}/extension/decision`, { approve: true })).status).toBe(403);
    const leader = await loginAs(system.apiUrl, 'tonglu-leader-petitions');
    const approved = await leader.call('POST', `/cases/${number}/extension/decision`, { approve: true });
    expect(approved.status).toBe(200);
    // 20 days beyond the last day the case held (and the petitioner was told); ending on a rest day, on to the next
    // working day — whatever day the suite runs, so at least 20 days on and at most a holiday's roll beyond.
    const handling = approved.body.case.deadlines.explanations.handling;
    expect(handling.adjustments[0]).toMatchObject({ kind: 'extension', days: 20, deadline: { from: before } });
    const twentyOn = Date.parse(before) + 20 * 86_400_000;
    expect(Date.parse(approved.body.case.deadlines.handling)).toBeGreaterThanOrEqual(twentyOn);
    expect(Date.parse(approved.body.case.deadlines.handling) - twentyOn).toBeLessThan(10 * 86_400_000);

    const told = await until('the extension notice', async () => mailTo('zhoujie@qq.example').find((m) => m.subject.includes('延长')));
    expect(told.text).toContain('涉及多家企业，需调取社保缴费记录');
  });
});

describe('a return after the unit’s 5 working days to object (条例 第二十三条)', () => {
  it('the unit asks, the office sees it on 待批退回 and refuses, then approves a second request by returning the case', async () => {
    const number = await acceptedLetter({ name: '吴刚' });
    await office.call('POST', `/cases/${number}/assign`, { lead: '330122-hrss' });
    await untilEvent(number, 'assigned');
    const unitHead = await loginAs(system.apiUrl, 'tonglu-hrss-head');
    const early = await unitHead.call('POST', `/cases/${number}/return-request`, { reason: '属工程款纠纷' });
    expect(early.status).toBe(422);

    // The API's clock does not travel: the request is made through the same use case, two weeks on, against the same table.
    const head = system.province.staff('tonglu-hrss-head')!;
    const deps = {
      store: new DynamoCaseStore(new DynamoDBClient({ region: 'us-east-1', endpoint: system.endpoints.dynamodb, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }), system.resources.tableName),
      province: system.province,
      clock: { now: () => new Date(Date.now() + 14 * 86_400_000) },
    };
    const actor = { staffId: head.id, jurisdiction: head.jurisdiction, roles: head.roles, unit: head.unit! };
    const waitingList = async () => ((await office.call('GET', '/work-lists/returnRequests')).body.items as { caseNumber: string }[]).map((i) => i.caseNumber);

    await requestCaseReturn(deps, number, actor, { reason: '本案系工程款纠纷，应由住建部门处理' });
    expect(await waitingList()).toContain(number);
    await until('the request to the office', async () => mailTo('xinfang@tonglu.petitions.example').find((m) => m.subject.includes(`【退回申请】${number}`)));
    expect((await unitHead.call('GET', `/cases/${number}`)).body.case.returnRequest).toMatchObject({ status: 'requested', approvalBy: '330122' });

    // Left undecided past its 3 working days, the office is reminded by the sweep (the due index carries the request), once.
    const sweep = async (daysOn: number) => {
      const response = await fetch(`${system.apiUrl}/local/schedules/sweep`, { method: 'POST', body: JSON.stringify({ at: new Date(Date.now() + daysOn * 86_400_000).toISOString() }) });
      expect(response.status).toBe(200);
    };
    const reminders = () => mailTo('xinfang@tonglu.petitions.example').filter((m) => m.subject.startsWith(`【退回申请·催办】${number} 仍待审批`));
    await sweep(15);
    expect(reminders()).toHaveLength(0);
    await sweep(24);
    await until('the reminder to the office', async () => reminders().length > 0);
    // A later sweep records and sends nothing more (it has committed before it answers).
    await sweep(25);
    const noted = (await office.call('GET', `/cases/${number}`)).body.events.filter((e: { detail?: Record<string, unknown> }) => e.detail?.returnRequestReminded);
    expect(noted).toHaveLength(1);
    expect(reminders()).toHaveLength(1);

    const refused = await office.call('POST', `/cases/${number}/return-request/refusal`, { reason: '拖欠工资属劳动保障监察职责' });
    expect(refused.status).toBe(200);
    expect(refused.body.case).toMatchObject({ status: 'assigned', returnRequest: { status: 'refused' } });
    expect(await waitingList()).not.toContain(number);
    await until('the refusal to the unit', async () => mailTo('hrss@tonglu.petitions.example').find((m) => m.subject.includes('不同意退回') && m.subject.includes(number)));

    await requestCaseReturn(deps, number, actor, { reason: '经核实，用工主体为建设单位' });
    expect(await waitingList()).toContain(number);
    expect((await office.call('POST', `/cases/${number}/return`, { reason: '同意退回' })).status).toBe(202);
    const events = await untilEvent(number, 'returned');
    expect(events.find((e) => e.type === 'returned')!.detail).toMatchObject({ approvesRequest: { requestedBy: 'tonglu-hrss-head' } });
    expect((await office.call('GET', `/cases/${number}`)).body.case).toMatchObject({ status: 'accepted', returnRequest: { status: 'approved' } });
    expect(await waitingList()).not.toContain(number);
    await until('the approval to the unit', async () => mailTo('hrss@tonglu.petitions.example').find((m) => m.subject.includes('同意退回') && !m.subject.includes('不同意') && m.subject.includes(number)));
  });
});
