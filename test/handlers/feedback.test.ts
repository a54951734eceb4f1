import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { idempotencyKey, notificationKey, threadIndexKey } from '../../shared/adapters/dynamodb/keys.js';
import { notificationTag } from '../../shared/app/notification.js';
import type { Case } from '../../shared/domain/case.js';
import { handlerEnv } from '../fixtures/handler-env.js';
import { captureLogs } from '../fixtures/log-capture.js';
import { queueContext, sqsEvent, sqsRecord } from '../fixtures/sqs-event.js';

const dynamo = mockClient(DynamoDBDocumentClient);
let handler: (event: SQSEvent) => Promise<SQSBatchResponse>;

beforeAll(async () => {
  for (const [k, v] of Object.entries(handlerEnv('INFO'))) vi.stubEnv(k, v);
  const module = await import('../../functions/feedback/handler.js');
  handler = (event) => module.handler(event, queueContext('xinfang-test-feedback'));
});

afterEach(() => dynamo.reset());

const SES_ID = '0100019a4c2f1b7e-5b1f2c3d-1111-2222-3333-444455556666-000000';
const stored: Case = {
  caseNumber: '330122-2026-000088',
  jurisdiction: '330122',
  receivingOffice: '330122',
  channel: 'letter',
  status: 'assigned',
  matter: '反映问题。',
  petitioner: { anonymous: false, name: '钱七', email: 'qianqi@mail.example' },
  urgent: false,
  reviewLevel: 0,
  receivedAt: '2026-11-20T01:00:00.000Z',
  registeredAt: '2026-11-20T01:00:00.000Z',
  registeredBy: 'tonglu-registrar',
  deadlines: {},
  attachments: [],
  version: 4,
  updatedAt: '2026-11-21T01:00:00.000Z',
};

/** A bounce as SES publishes it through SNS with raw delivery. */
const bounce = JSON.stringify({
  eventType: 'Bounce',
  bounce: {
    feedbackId: 'f1',
    bounceType: 'Permanent',
    bounceSubType: 'General',
    bouncedRecipients: [{ emailAddress: 'qianqi@mail.example', action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }],
    timestamp: '2026-11-21T02:00:03.000Z',
  },
  mail: { timestamp: '2026-11-21T02:00:00.000Z', source: 'xinfang@zj.petitions.example', messageId: SES_ID, destination: ['qianqi@mail.example'], tags: {} },
});

const delivery = (messageId: string, body = bounce) => sqsEvent(sqsRecord({ messageId, body, queue: 'xinfang-test-feedback' }));

function knownCase(alreadyRecorded = false) {
  dynamo.on(GetCommand).callsFake((input: { Key: { pk: string } }) => {
    if (input.Key.pk === threadIndexKey(`ses:${SES_ID}`).pk) return { Item: { caseNumber: stored.caseNumber } };
    if (input.Key.pk === idempotencyKey(`ses-feedback:${SES_ID}:Bounce`).pk) return alreadyRecorded ? { Item: { outcome: 'bounceRecorded', caseNumber: stored.caseNumber } } : {};
    if (input.Key.pk === `CASE#${stored.caseNumber}`) return { Item: { ...stored, pk: `CASE#${stored.caseNumber}`, sk: 'CASE' } };
    return {};
  });
}

describe('the feedback function', () => {
  it('records a bounce of our mail on its case, with the SES diagnosis and no address', async () => {
    knownCase();
    dynamo.on(TransactWriteCommand).resolves({});
    const logs = captureLogs();
    expect(await handler(delivery('m1'))).toEqual({ batchItemFailures: [] });
    logs.restore();
    const items = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items[1]!.Put!.Item).toMatchObject({
      type: 'bounceRecorded',
      actor: 'system:ses',
      reason: '邮件无法送达信访人',
      detail: { feedback: 'bounce', sesMessageId: SES_ID, bounceType: 'Permanent', diagnostic: 'smtp; 550 5.1.1 user unknown' },
    });
    expect(JSON.stringify(items[1]!.Put!.Item)).not.toContain('qianqi@mail.example');
    expect(items[2]!.Put).toMatchObject({ Item: { pk: idempotencyKey(`ses-feedback:${SES_ID}:Bounce`).pk }, ConditionExpression: 'attribute_not_exists(pk)' });
    expect(logs.text()).not.toContain('qianqi');
  });

  it('recognises the same event delivered again and records nothing', async () => {
    knownCase(true);
    expect(await handler(delivery('m2'))).toEqual({ batchItemFailures: [] });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('leaves alone feedback about mail that is on no case', async () => {
    dynamo.on(GetCommand).resolves({});
    expect(await handler(delivery('m3'))).toEqual({ batchItemFailures: [] });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('asks the queue to try again a bounce that came before the mailer filed the mail on its case', async () => {
    dynamo.on(GetCommand).resolves({});
    const early = JSON.stringify({ ...JSON.parse(bounce), mail: { ...JSON.parse(bounce).mail, timestamp: new Date(Date.now() - 2_000).toISOString() } });
    const logs = captureLogs();
    expect(await handler(delivery('m4', early))).toEqual({ batchItemFailures: [{ itemIdentifier: 'm4' }] });
    logs.restore();
    expect(logs.entries().find((e) => e.level === 'WARN')).toBeDefined();
  });

  /** SES's Send event for a letter the mailer tagged with its notification. */
  const sent = (notificationId?: string) =>
    JSON.stringify({
      eventType: 'Send',
      mail: {
        timestamp: '2026-11-21T02:00:00.000Z',
        source: 'xinfang@zj.petitions.example',
        messageId: SES_ID,
        destination: ['qianqi@mail.example'],
        tags: { 'ses:configuration-set': ['xinfang-sending'], ...(notificationId ? { notification: [notificationTag(notificationId)] } : {}) },
      },
      send: {},
    });

  it('marks the tagged notification sent when SES reports the send, so a worker that died before recording it does not send again', async () => {
    dynamo.on(GetCommand, { Key: notificationKey('ack:330122-2026-000088') }).resolves({ Item: { status: 'sending' } });
    dynamo.on(UpdateCommand).resolves({});
    expect(await handler(delivery('s1', sent('ack:330122-2026-000088')))).toEqual({ batchItemFailures: [] });
    expect(dynamo.commandCalls(UpdateCommand).map((c) => c.args[0].input)).toEqual([
      {
        TableName: 'xinfang-test-cases',
        // The tag is the key the mailer claimed the notification under.
        Key: notificationKey('ack:330122-2026-000088'),
        UpdateExpression: 'SET #status = :sent, sentAt = :at, providerMessageId = :pid',
        ConditionExpression: 'attribute_exists(pk) AND #status = :sending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sent': 'sent', ':sending': 'sending', ':at': '2026-11-21T02:00:00.000Z', ':pid': SES_ID },
      },
    ]);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('takes a Send event for a notification the mailer already marked sent (or a repeat) as done, by a read, writing nothing', async () => {
    dynamo.on(GetCommand, { Key: notificationKey('ack:330122-2026-000088') }).resolves({ Item: { status: 'sent' } });
    const logs = captureLogs();
    expect(await handler(delivery('s2', sent('ack:330122-2026-000088')))).toEqual({ batchItemFailures: [] });
    logs.restore();
    expect(logs.entries().find((e) => e.message === 'message handled')).toMatchObject({ eventType: 'Send', outcome: 'alreadyMarkedSent' });
    expect(dynamo.commandCalls(GetCommand)[0]!.args[0].input).toMatchObject({ ConsistentRead: true });
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('takes a Send event as done when the mailer records the send between the read and the write', async () => {
    dynamo.on(GetCommand, { Key: notificationKey('ack:330122-2026-000088') }).resolves({ Item: { status: 'sending' } });
    dynamo.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));
    const logs = captureLogs();
    expect(await handler(delivery('s4', sent('ack:330122-2026-000088')))).toEqual({ batchItemFailures: [] });
    logs.restore();
    expect(logs.entries().find((e) => e.message === 'message handled')).toMatchObject({ eventType: 'Send', outcome: 'alreadyMarkedSent' });
  });

  it('reads a batch of Send events’ notifications together, and writes only for the one the mailer has not recorded', async () => {
    const ids = ['ack:330122-2026-000088', 'accepted:330122-2026-000088', 'handoff:route:330122-2026-000088'];
    dynamo.on(BatchGetCommand).resolves({
      Responses: {
        'xinfang-test-cases': [
          { pk: notificationKey(ids[0]!).pk, status: 'sent' },
          { pk: notificationKey(ids[1]!).pk, status: 'sending' },
          { pk: notificationKey(ids[2]!).pk, status: 'sent' },
        ],
      },
    });
    dynamo.on(GetCommand, { Key: notificationKey(ids[1]!) }).resolves({ Item: { status: 'sending' } });
    dynamo.on(UpdateCommand).resolves({});
    const logs = captureLogs();
    const result = await handler(sqsEvent(...ids.map((id, i) => sqsRecord({ messageId: `b${i}`, body: sent(id), queue: 'xinfang-test-feedback' }))));
    logs.restore();

    expect(result).toEqual({ batchItemFailures: [] });
    // One strongly consistent read for the batch, by the notifications' keys.
    const reads = dynamo.commandCalls(BatchGetCommand).map((c) => c.args[0].input.RequestItems!['xinfang-test-cases']!);
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ ConsistentRead: true, Keys: ids.map((id) => notificationKey(id)) });
    // The one still being sent is read again alone and marked sent; the others are done.
    expect(dynamo.commandCalls(GetCommand).map((c) => c.args[0].input.Key)).toEqual([notificationKey(ids[1]!)]);
    expect(dynamo.commandCalls(UpdateCommand).map((c) => c.args[0].input.Key)).toEqual([notificationKey(ids[1]!)]);
    expect(logs.entries().filter((e) => e.message === 'message handled').map((e) => e.outcome).sort()).toEqual(['alreadyMarkedSent', 'alreadyMarkedSent', 'confirmedSent']);
  });

  it('reads each Send event’s notification alone when the batched read fails', async () => {
    const ids = ['ack:330122-2026-000088', 'accepted:330122-2026-000088'];
    dynamo.on(BatchGetCommand).rejects(new Error('ProvisionedThroughputExceededException'));
    dynamo.on(GetCommand).resolves({ Item: { status: 'sent' } });
    const result = await handler(sqsEvent(...ids.map((id, i) => sqsRecord({ messageId: `f${i}`, body: sent(id), queue: 'xinfang-test-feedback' }))));

    expect(result).toEqual({ batchItemFailures: [] });
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(2);
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('leaves alone a Send event for mail without a notification tag', async () => {
    expect(await handler(delivery('s3', sent()))).toEqual({ batchItemFailures: [] });
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(0);
  });

  it('reports a message that is not an SES event as failed (to the DLQ after retries), the others go through', async () => {
    knownCase();
    dynamo.on(TransactWriteCommand).resolves({});
    const logs = captureLogs();
    const result = await handler(sqsEvent(sqsRecord({ messageId: 'bad', body: '{"eventType":"Delivery"}', queue: 'q' }), sqsRecord({ messageId: 'good', body: bounce, queue: 'q' })));
    logs.restore();
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'bad' }]);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });
});
