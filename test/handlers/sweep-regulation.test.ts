import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Case } from '../../shared/domain/case.js';
import { loadSweepHandler, scheduledSweep, type SweepHandler } from '../fixtures/sweep-handler.js';
import { outboxMessages, unpacked } from '../fixtures/stored-items.js';
import { captureLogs } from '../fixtures/log-capture.js';

/** The sweep and the regulation's clocks: the 第二十三条 window it watches, and a suspended clock (中止) it leaves alone. */
const dynamo = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);

let handler: SweepHandler;

beforeAll(async () => {
  handler = await loadSweepHandler();
});

afterEach(() => {
  dynamo.reset();
  sqs.reset();
});

const scheduled = scheduledSweep;

/** Assigned to 桐庐县住建局 on Monday 23 November 2026; its 5 working days to object ran to the end of 30 November. */
const assigned: Case = {
  caseNumber: '330122-2026-000150',
  jurisdiction: '330122',
  receivingOffice: '330122',
  channel: 'letter',
  status: 'assigned',
  subject: '小区电梯故障',
  matter: '小区电梯长期故障，物业不修。',
  petitioner: { anonymous: false, name: '周敏', phone: '13900001111' },
  urgent: false,
  reviewLevel: 0,
  receivedAt: '2026-11-20T02:00:00.000Z',
  registeredAt: '2026-11-20T02:00:01.000Z',
  registeredBy: 'tonglu-registrar',
  handling: { lead: '330122-housing', cooperating: [] },
  assignedBy: { staffId: 'tonglu-office', jurisdiction: '330122' },
  objectionWindow: { unit: '330122-housing', from: '330122', receivedAt: '2026-11-23T02:00:00.000Z', until: '2026-11-30T16:00:00.000Z' },
  deadlines: { handling: '2027-01-19T16:00:00.000Z', started: { handling: '2026-11-20T02:30:00.000Z' } },
  chase: { clock: 'handling', deadline: '2027-01-19T16:00:00.000Z', reminded: [], escalated: [], nextAt: '2027-01-07T16:00:00.000Z' },
  attachments: [],
  version: 4,
  updatedAt: '2026-11-23T02:00:00.000Z',
};

function dueIndexAnswers(caseNumbers: string[]) {
  dynamo.on(QueryCommand).callsFake((input: { ExpressionAttributeValues: Record<string, string> }) => ({
    Items: input.ExpressionAttributeValues[':pk'] === 'DUE#0' ? caseNumbers.map((n) => ({ pk: `CASE#${n}`, sk: 'CASE', caseNumber: n })) : [],
    ConsumedCapacity: { CapacityUnits: 0.5 },
  }));
}

const found = (c: Case) => dynamo.on(GetCommand).resolves({ Item: { ...c, pk: `CASE#${c.caseNumber}`, sk: 'CASE' } });

/** The case as the table holds it: each committed transaction stores the case it carries. */
function table(c: Case) {
  let item: Record<string, unknown> = { ...c, pk: `CASE#${c.caseNumber}`, sk: 'CASE' };
  dynamo.on(GetCommand).callsFake(() => ({ Item: item }));
  dynamo.on(TransactWriteCommand).callsFake((input: { TransactItems: { Put?: { Item?: Record<string, unknown> } }[] }) => {
    item = input.TransactItems[0]!.Put!.Item!;
    return {};
  });
}

describe('the sweep and the regulation’s clocks', () => {
  it('records once that the unit’s 5 working days to object ran out, and the case is next due for its chase', async () => {
    dueIndexAnswers([assigned.caseNumber]);
    table(assigned);
    const logs = captureLogs();
    const report = await handler(scheduled('2026-12-01T01:00:00Z'));
    logs.restore();
    expect(report).toMatchObject({ due: 1, planned: 1, reminded: 0, escalated: 0, failed: 0 });
    const write = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(unpacked(write[0]!.Put!.Item!)).toMatchObject({ version: 5, objectionWindow: { closedAt: '2026-12-01T01:00:00.000Z' }, gsi3sk: '2027-01-07T16:00:00.000Z#330122-2026-000150' });
    expect(write[1]!.Put!.Item).toMatchObject({ type: 'noted', actor: 'system:sweep', detail: { objectionWindowClosed: { unit: '330122-housing', approvalBy: '330122' } } });
    expect(write.filter((w) => w.Put!.Item!.entity === 'outbox')).toHaveLength(0);
  });

  it('in the same run, reminds the unit whose reminder fell due as well', async () => {
    // By 8 January 2027 the 20% reminder of the handling period (planned for 7 January) is due too.
    dueIndexAnswers([assigned.caseNumber]);
    table(assigned);
    const report = await handler(scheduled('2027-01-08T01:00:00Z'));
    expect(report).toMatchObject({ due: 1, reminded: 1, failed: 0 });
    const writes = dynamo.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems!.map((w) => w.Put!.Item!));
    expect(writes.map((items) => items[1]!.type)).toEqual(['noted', 'reminded']);
  });

  it('reminds the office once of a return request it has not decided (申请退回), by email in the same change, and chases the clock as before', async () => {
    const waiting: Case = {
      ...assigned,
      objectionWindow: { ...assigned.objectionWindow!, closedAt: '2026-12-01T01:00:00.000Z' },
      returnRequest: {
        unit: '330122-housing',
        reason: '本案系物业服务合同纠纷，不属于住建局职责',
        requestedBy: 'tonglu-housing-head',
        requestedAt: '2026-12-01T01:00:00.000Z',
        approvalBy: '330122',
        status: 'requested',
        remindAt: '2026-12-07T01:00:00.000Z',
      },
      version: 6,
    };
    dueIndexAnswers([waiting.caseNumber]);
    table(waiting);
    // Before its morning nothing is sent (the clock's plan may be stored, without a new version).
    expect(await handler(scheduled('2026-12-04T01:00:00Z'))).toMatchObject({ due: 1, reminded: 0, failed: 0 });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);

    const report = await handler(scheduled('2026-12-07T01:15:00Z'));
    expect(report).toMatchObject({ due: 1, reminded: 1, escalated: 0, failed: 0 });
    const [write] = dynamo.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems!);
    const stored = unpacked(write![0]!.Put!.Item!);
    expect(stored).toMatchObject({ version: 7, returnRequest: { status: 'requested', remindedAt: '2026-12-07T01:15:00.000Z' }, gsi3sk: '2027-01-07T16:00:00.000Z#330122-2026-000150' });
    expect(write![1]!.Put!.Item).toMatchObject({ type: 'noted', actor: 'system:sweep', detail: { returnRequestReminded: { unit: '330122-housing', approvalBy: '330122' } } });
    const [mail] = outboxMessages(write!.map((w) => w.Put?.Item));
    expect(mail!.body).toMatchObject({ to: ['xinfang@tonglu.petitions.example'], subject: '【退回申请·催办】330122-2026-000150 仍待审批 — 桐庐县住房和城乡建设局' });
    expect(mail!.body.text).toContain('于2026年12月1日 09:00申请退回信访事项 330122-2026-000150');
    expect(mail!.body.text).toContain('申请理由：本案系物业服务合同纠纷，不属于住建局职责');

    // The next sweep, should the index still list it, sends nothing more.
    dynamo.resetHistory();
    expect(await handler(scheduled('2026-12-08T01:00:00Z'))).toMatchObject({ due: 1, reminded: 0 });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('reminds the leaders once of an extension request they have not decided (延期申请), in the same change as its note', async () => {
    const asking: Case = {
      ...assigned,
      status: 'inProgress',
      objectionWindow: { ...assigned.objectionWindow!, closedAt: '2026-12-01T01:00:00.000Z' },
      extension: { days: 15, reason: '需委托电梯安全鉴定', requestedBy: 'tonglu-housing-head', requestedAt: '2026-12-01T02:00:00.000Z', status: 'requested', remindAt: '2026-12-04T01:00:00.000Z' },
      version: 6,
    };
    dueIndexAnswers([asking.caseNumber]);
    table(asking);
    const report = await handler(scheduled('2026-12-04T01:15:00Z'));
    expect(report).toMatchObject({ due: 1, reminded: 1, failed: 0 });
    const [write] = dynamo.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems!);
    expect(unpacked(write![0]!.Put!.Item!)).toMatchObject({ extension: { status: 'requested', remindedAt: '2026-12-04T01:15:00.000Z' } });
    expect(write![1]!.Put!.Item).toMatchObject({ type: 'noted', detail: { extensionRequestReminded: { days: 15 } } });
    const [mail] = outboxMessages(write!.map((w) => w.Put?.Item));
    expect(mail!.body.to.sort()).toEqual(['chen.haiyan@tonglu.petitions.example', 'fang.jianhua@tonglu.petitions.example']);
    expect(mail!.body.subject).toBe('【延期申请·催办】330122-2026-000150 仍待审批 — 桐庐县信访局');
    expect(mail!.body.text).toContain('于2026年12月1日 10:00申请将信访事项 330122-2026-000150（主题：小区电梯故障）的办理期限延长15日，至今尚未审批');
  });

  it('takes every step due in one run: the window’s end, the leaders’ reminder of a waiting extension, then the unit’s reminder', async () => {
    const asking: Case = {
      ...assigned,
      status: 'inProgress',
      extension: { days: 15, reason: '需委托电梯安全鉴定', requestedBy: 'tonglu-housing-head', requestedAt: '2027-01-04T02:00:00.000Z', status: 'requested', remindAt: '2027-01-07T01:00:00.000Z' },
    };
    dueIndexAnswers([asking.caseNumber]);
    table(asking);
    const report = await handler(scheduled('2027-01-08T01:00:00Z'));
    expect(report).toMatchObject({ due: 1, reminded: 1, failed: 0 });
    const writes = dynamo.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems!.map((w) => w.Put!.Item!));
    expect(writes.map((items) => [items[1]!.type, Object.keys(items[1]!.detail ?? {})[0]])).toEqual([
      ['noted', 'objectionWindowClosed'],
      ['noted', 'extensionRequestReminded'],
      ['reminded', 'clock'],
    ]);
  });

  it('sends nothing for a suspended clock (中止), though its deadline has passed', async () => {
    const suspended: Case = {
      ...assigned,
      objectionWindow: { ...assigned.objectionWindow!, closedAt: '2026-12-01T01:00:00.000Z' },
      deadlines: { handling: '2026-12-02T16:00:00.000Z', started: { handling: '2026-11-02T02:00:00.000Z' } },
      chase: { clock: 'handling', deadline: '2026-12-02T16:00:00.000Z', reminded: [], escalated: [], nextAt: '2026-12-02T16:00:00.000Z' },
      suspensions: [{ clock: 'handling', ground: 'appraisal', reason: '委托电梯安全鉴定', suspendedAt: '2026-11-30T02:00:00.000Z', suspendedBy: 'tonglu-office' }],
    };
    // A stale index entry from before the suspension: the sweep reads the case and finds nothing to do.
    dueIndexAnswers([suspended.caseNumber]);
    found(suspended);
    // November's 矛盾纠纷排查 lists are filed already: the run files nothing.
    dynamo.on(GetCommand, { Key: { pk: 'SCREENING#2026-11', sk: 'FILED' } }).resolves({ Item: { filedAt: '2026-11-30T16:05:00.000Z' } });
    const report = await handler(scheduled('2026-12-04T01:00:00Z'));
    expect(report).toMatchObject({ due: 1, unchanged: 1, escalated: 0, reminded: 0 });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
  });
});

describe('紧急响应 overdue', () => {
  it('reports an urgent matter nobody responded to, by the urgent lane, once', async () => {
    const urgent: Case = {
      ...assigned,
      urgent: true,
      urgentResponse: { alertedAt: '2026-12-04T02:00:00.000Z', dueAt: '2026-12-04T02:30:00.000Z' },
    };
    dueIndexAnswers([urgent.caseNumber]);
    table(urgent);
    const report = await handler(scheduled('2026-12-04T02:31:00Z'));
    expect(report).toMatchObject({ due: 1, escalated: 1, failed: 0 });
    const write = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!.map((w) => unpacked(w.Put!.Item!));
    expect(write[0]).toMatchObject({ urgentResponse: { escalatedAt: '2026-12-04T02:31:00.000Z' } });
    // An urgent alert's kind: the dispatcher puts it on the urgent lane (notificationLane).
    expect(outboxMessages(write)).toEqual([expect.objectContaining({ id: 'urgent-unanswered:330122-2026-000150', body: expect.objectContaining({ kind: 'urgentAlert' }) })]);
  });
});

describe('受理告知 at the end of the acceptance limit', () => {
  /** Received Friday 20 November 2026 (limit: 15 days, to the end of 7 December, a Monday), accepted by the office with no unit named. */
  const { handling: _h, assignedBy: _a, objectionWindow: _o, chase: _c, ...unassigned } = assigned;
  const accepted: Case = {
    ...unassigned,
    status: 'accepted',
    channel: 'email',
    petitioner: { anonymous: false, name: '周敏', email: 'zhoumin@example.com' },
    acceptedAt: '2026-11-23T02:00:00.000Z',
    acceptanceNoticeDue: '2026-12-07T01:00:00.000Z',
  };

  it('tells the petitioner once, in the name of the office that holds the case, on the morning of the limit’s last day', async () => {
    dueIndexAnswers([accepted.caseNumber]);
    table(accepted);
    // Before then nothing goes: a unit may still be named.
    expect(await handler(scheduled('2026-12-06T23:00:00Z'))).toMatchObject({ due: 1, told: 0 });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);

    const report = await handler(scheduled('2026-12-07T01:05:00Z'));
    expect(report).toMatchObject({ due: 1, told: 1, failed: 0 });
    const [write] = dynamo.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems!);
    const stored = unpacked(write![0]!.Put!.Item!);
    expect(stored).not.toHaveProperty('acceptanceNoticeDue');
    expect(write![1]!.Put!.Item).toMatchObject({ type: 'noted', actor: 'system:sweep', detail: { acceptanceTold: { dueAt: '2026-12-07T01:00:00.000Z', handledBy: '330122' } } });
    const [mail] = outboxMessages(write!.map((w) => w.Put?.Item));
    expect(mail!.body).toMatchObject({ id: 'accepted:330122-2026-000150', to: ['zhoumin@example.com'] });
    expect(mail!.body.text).toContain('决定予以受理，由桐庐县信访局办理。');
    expect(mail!.body.text).toContain('办理单位最迟于2027年1月19日办结');

    // Told: the next run, should the index still list it, sends nothing more.
    dynamo.resetHistory();
    expect(await handler(scheduled('2026-12-07T02:00:00Z'))).toMatchObject({ due: 1, told: 0 });
    expect(outboxMessages(dynamo.commandCalls(TransactWriteCommand).flatMap((c) => c.args[0].input.TransactItems!.map((w) => w.Put?.Item)))).toHaveLength(0);
  });

  it('keeps the notice for a petitioner without email on the case, to post', async () => {
    const byPost: Case = { ...accepted, channel: 'letter', petitioner: { anonymous: false, name: '周敏', address: '浙江省杭州市桐庐县城南街道迎春路8号' } };
    dueIndexAnswers([byPost.caseNumber]);
    table(byPost);
    expect(await handler(scheduled('2026-12-07T01:05:00Z'))).toMatchObject({ told: 1, failed: 0 });
    const [write] = dynamo.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems!);
    expect(unpacked(write![0]!.Put!.Item!)).toMatchObject({ postalLetters: [{ id: 'accepted:330122-2026-000150', kind: 'acceptanceNotice' }] });
    expect(outboxMessages(write!.map((w) => w.Put?.Item)).filter((m) => m.queue === 'notify')).toHaveLength(0);
  });
});
