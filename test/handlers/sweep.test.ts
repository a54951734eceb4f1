import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { ScheduledEvent } from 'aws-lambda';
import type { Case } from '../../shared/domain/case.js';
import { loadSweepHandler, scheduledSweep, type SweepHandler } from '../fixtures/sweep-handler.js';
import { outboxMessages, unpacked } from '../fixtures/stored-items.js';
import { captureLogs } from '../fixtures/log-capture.js';

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

/** Overdue since the end of 2 December 2026, its chase planned, no step taken yet. */
const overdue: Case = {
  caseNumber: '330122-2026-000101',
  jurisdiction: '330122',
  receivingOffice: '330122',
  channel: 'email',
  status: 'inProgress',
  subject: '电梯故障',
  matter: '小区电梯长期故障。',
  petitioner: { anonymous: false, name: '周敏', email: 'zhoumin@qq.example', phone: '13900001111' },
  urgent: false,
  reviewLevel: 0,
  receivedAt: '2026-10-30T02:00:00.000Z',
  registeredAt: '2026-10-30T02:00:01.000Z',
  registeredBy: 'system:intake',
  handling: { lead: '330122-housing', cooperating: [] },
  owner: 'tonglu-housing-handler',
  deadlines: { handling: '2026-12-02T16:00:00.000Z', started: { handling: '2026-11-02T02:00:00.000Z' } },
  chase: { clock: 'handling', deadline: '2026-12-02T16:00:00.000Z', reminded: ['remaining:0.2', 'lastWorkingDay'], escalated: [], nextAt: '2026-12-02T16:00:00.000Z' },
  attachments: [],
  version: 6,
  updatedAt: '2026-12-02T01:00:00.000Z',
};

function dueIndexAnswers(caseNumbers: string[]) {
  // Every shard is queried; the case sits in one of them.
  dynamo.on(QueryCommand).callsFake((input: { ExpressionAttributeValues: Record<string, string> }) => ({
    Items: input.ExpressionAttributeValues[':pk'] === 'DUE#0' ? caseNumbers.map((n) => ({ pk: `CASE#${n}`, sk: 'CASE', gsi3pk: 'DUE#0', gsi3sk: `2026-12-02T16:00:00.000Z#${n}`, caseNumber: n })) : [],
    ConsumedCapacity: { CapacityUnits: 0.5 },
  }));
}

describe('the sweep function', () => {
  it('takes the next escalation step of an overdue case: the step and its email stored in one transaction, on condition of the version', async () => {
    dueIndexAnswers([overdue.caseNumber]);
    dynamo.on(GetCommand).resolves({ Item: { ...overdue, pk: `CASE#${overdue.caseNumber}`, sk: 'CASE' } });
    dynamo.on(TransactWriteCommand).resolves({});

    const logs = captureLogs();
    const report = await handler(scheduled('2026-12-03T01:00:00Z'));
    logs.restore();

    expect(report).toMatchObject({ due: 1, escalated: 1, reminded: 0, conflicts: 0, failed: 0, indexCapacityUnits: 4 });
    // Nothing is sent from the sweep itself: the email is an outbox item of the step's transaction.
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
    const write = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    const outbox = outboxMessages(write.map((w) => w.Put!.Item!));
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ queue: 'notify' });
    const mail = outbox[0]!.body;
    expect(mail).toMatchObject({
      id: 'chase:330122-2026-000101:handling:2026-12-02T16:00:00.000Z:escalate:handlingOfficial',
      // The first step reaches the handling official who owns the case (王晓燕 of 桐庐县住建局).
      to: ['wang.xiaoyan@tonglu.petitions.example'],
      subject: expect.stringMatching(/^【督办】330122-2026-000101 已逾期/),
    });
    expect(logs.entries().find((e) => e.message === 'scheduled run done')).toMatchObject({ escalated: 1, due: 1 });
    expect(write[0]!.Put).toMatchObject({ ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': 6 } });
    expect(unpacked(write[0]!.Put!.Item!)).toMatchObject({ version: 7, chase: { escalated: ['handlingOfficial'], nextAt: '2026-12-04T01:00:00.000Z' }, gsi3sk: '2026-12-04T01:00:00.000Z#330122-2026-000101' });
    expect(write[1]!.Put!.Item).toMatchObject({ type: 'escalated', actor: 'system:sweep', detail: { step: 'handlingOfficial', number: 1, to: ['tonglu-housing-handler'] } });
    // No log line carries the petitioner's name, phone or address.
    expect(logs.text()).not.toMatch(/周敏|zhoumin|13900001111/);
  });

  it('reported at last to the level above, the case is that office’s to supervise: owed its result and on its 交办督办件', async () => {
    const atTheTop: Case = {
      ...overdue,
      chase: { ...overdue.chase!, escalated: ['handlingOfficial', 'unitHead', 'petitionsOffice', 'leaderInCharge', 'principalLeader'], nextAt: '2026-12-08T01:00:00.000Z' },
    };
    dueIndexAnswers([overdue.caseNumber]);
    dynamo.on(GetCommand).resolves({ Item: { ...atTheTop, pk: `CASE#${overdue.caseNumber}`, sk: 'CASE' } });
    dynamo.on(TransactWriteCommand).resolves({});

    const logs = captureLogs();
    await handler(scheduled('2026-12-08T01:00:00Z'));
    logs.restore();

    const write = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(unpacked(write[0]!.Put!.Item!)).toMatchObject({ reportBackTo: '330100', chase: { escalated: expect.arrayContaining(['higherJurisdiction']) } });
    expect(write.map((w) => w.Put?.Item).filter(Boolean)).toContainEqual(expect.objectContaining({ pk: `CASE#${overdue.caseNumber}`, sk: 'SUPER#330100', gsi2pk: 'SUPER#330100' }));
    expect(outboxMessages(write.filter((w) => w.Put).map((w) => w.Put!.Item!))[0]!.body.to).toEqual(['xinfang@hz.petitions.example']);
  });

  it('passes over a step that would only write to the same mailbox again (a township case no unit has)', async () => {
    const township: Case = {
      ...overdue,
      caseNumber: '330122109-2026-000003',
      jurisdiction: '330122109',
      receivingOffice: '330122109',
      status: 'registered',
      handling: undefined,
      owner: undefined,
      deadlines: { acceptance: '2026-12-02T16:00:00.000Z' },
      chase: { clock: 'acceptance', deadline: '2026-12-02T16:00:00.000Z', reminded: [], escalated: ['handlingOfficial'], nextAt: '2026-12-04T01:00:00.000Z' },
    };
    dueIndexAnswers([township.caseNumber]);
    dynamo.on(GetCommand).resolves({ Item: { ...township, pk: `CASE#${township.caseNumber}`, sk: 'CASE' } });
    dynamo.on(TransactWriteCommand).resolves({});

    const logs = captureLogs();
    await handler(scheduled('2026-12-04T01:00:00Z'));
    logs.restore();

    const write = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    const event = write.map((w) => w.Put?.Item).find((i) => i?.type === 'escalated');
    // The office's mailbox had the first step (承办人, no unit yet): the second goes past 信访部门 to whoever is next.
    expect(event!.detail.step).not.toBe('petitionsOffice');
    expect(event!.detail.passedOver).toEqual(expect.arrayContaining(['petitionsOffice']));
    expect(outboxMessages(write.filter((w) => w.Put).map((w) => w.Put!.Item!))[0]!.body.to).not.toContain('xinfang@fenshui.tonglu.petitions.example');
  });

  it('a sweep that keeps losing the race counts a conflict and sends nothing: its email was only in the transaction that did not commit', async () => {
    dueIndexAnswers([overdue.caseNumber]);
    dynamo.on(GetCommand).resolves({ Item: { ...overdue, pk: `CASE#${overdue.caseNumber}`, sk: 'CASE' } });
    dynamo.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }] }),
    );

    const first = await handler(scheduled('2026-12-03T01:00:00Z'));
    expect(first).toMatchObject({ due: 1, escalated: 0, conflicts: 1, failed: 0 });
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
    // Each attempt decided again on a fresh read, under the same email id.
    const ids = dynamo.commandCalls(TransactWriteCommand).flatMap((c) => outboxMessages(c.args[0].input.TransactItems!.map((w) => w.Put!.Item!)).map((m) => m.id));
    expect(ids.length).toBeGreaterThan(1);
    expect(new Set(ids).size).toBe(1);
  });

  it('plans a case whose clock just started without sending anything, without a new version', async () => {
    const fresh: Case = { ...overdue, chase: undefined, version: 3, updatedAt: '2026-11-02T02:00:00.000Z' } as Case;
    delete (fresh as Partial<Case>).chase;
    dueIndexAnswers([fresh.caseNumber]);
    dynamo.on(GetCommand).resolves({ Item: { ...fresh, pk: `CASE#${fresh.caseNumber}`, sk: 'CASE' } });
    dynamo.on(PutCommand).resolves({});

    const report = await handler(scheduled('2026-11-02T02:15:00Z'));
    expect(report).toMatchObject({ due: 1, planned: 1, reminded: 0, escalated: 0 });
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
    const put = dynamo.commandCalls(PutCommand)[0]!.args[0].input;
    expect(put).toMatchObject({ ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': 3 } });
    expect(unpacked(put.Item!)).toMatchObject({ version: 3, chase: { clock: 'handling', reminded: [], escalated: [], nextAt: '2026-11-26T01:00:00.000Z' } });
  });

  it('refuses an event without a time, naming the field', async () => {
    const { time: _t, ...noTime } = scheduled('2026-12-03T01:00:00Z');
    await expect(handler(noTime as ScheduledEvent)).rejects.toMatchObject({ code: 'InvalidInput', issues: [{ path: 'event.time' }] });
    expect(dynamo.commandCalls(QueryCommand)).toHaveLength(0);
  });
});
