import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { ChangeMessageVisibilityCommand, GetQueueUrlCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { objectKeyOf, s3NotificationSchema } from '../../functions/intake/schema.js';
import { handlerEnv, TEST_INTAKE_URGENT_QUEUE } from '../fixtures/handler-env.js';
import { arrive, dynamo, outboxOf, resetIntakeAws, s3, sqs, type FakeTable } from '../fixtures/intake-aws.js';
import { wageArrearsUtf8Base64 } from '../fixtures/emails.js';
import { captureLogs } from '../fixtures/log-capture.js';
import { queueContext, sqsEvent, sqsRecord } from '../fixtures/sqs-event.js';
import { selfHarmThreatUtf8 } from '../fixtures/urgent-email.js';

/*
 * The urgent lane of intake (docs/storage.md "Priority lanes"), as deployed where SES receives:
 * the pre-check SES invokes after storing each email, and the intake reading both of its queues.
 */

const TONGLU = 'xinfang@tonglu.petitions.example';
const URGENT_LANE_URL = TEST_INTAKE_URGENT_QUEUE;
const MESSAGE_ID = '0123abcdk6m0p4s8v2y6b0e4h8k2n6q0t4w8z2c6';
const SELF_HARM_KEY = `raw/${TONGLU}/${MESSAGE_ID}`;
const WAGE_KEY = `raw/${TONGLU}/0123abcdtq1vjo6kq8i5n3c0m7p2e4r9a1s5d7g1`;

type SqsHandler = (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse>;
let intake: SqsHandler;
let precheck: (event: unknown, context?: Context) => Promise<{ outcomes: { key: string; urgent: boolean }[] }>;

beforeAll(async () => {
  for (const [k, v] of Object.entries({ ...handlerEnv('INFO'), URGENT_PRECHECK: 'true' })) vi.stubEnv(k, v);
  intake = (await import('../../functions/intake/handler.js')).handler;
  precheck = (await import('../../functions/precheck/handler.js')).handler;
});

let table: FakeTable;
let logs: ReturnType<typeof captureLogs>;
beforeEach(() => {
  table = resetIntakeAws();
  sqs.on(SendMessageCommand).resolves({ MessageId: 'c0ffee00-0000-4000-8000-000000000001' });
  logs = captureLogs();
  table.seed({ pk: 'SEQ#330122#2026', sk: 'SEQ', entity: 'sequence', seq: 57 });
});
afterEach(() => logs.restore());

/** SES's event for the Lambda action of the office's receipt rule, after its S3 action stored the email. */
function sesReceipt(messageId: string, recipients: string[]) {
  return {
    Records: [
      {
        eventSource: 'aws:ses',
        eventVersion: '1.0',
        ses: {
          mail: { timestamp: '2026-01-19T15:52:10.000Z', source: 'hejianjun1975@163.example', messageId, destination: recipients, headersTruncated: false },
          receipt: {
            timestamp: '2026-01-19T15:52:10.000Z',
            processingTimeMillis: 412,
            recipients,
            spamVerdict: { status: 'PASS' },
            virusVerdict: { status: 'PASS' },
            action: { type: 'Lambda', invocationType: 'Event', functionArn: 'arn:aws:lambda:ap-east-1:123456789012:function:xinfang-test-precheck' },
          },
        },
      },
    ],
  };
}

/** The same stored email as announced on the urgent lane (what the pre-check sends). */
const onUrgentLane = (key: string, messageId: string, receiveCount = 1) => {
  const body = sqs.commandCalls(SendMessageCommand).find((c) => JSON.stringify(c.args[0].input.MessageBody).includes(encodeURIComponent(key.split('/')[2]!)));
  return sqsRecord({ messageId, queue: 'xinfang-test-intake-urgent', receiveCount, body: body!.args[0].input.MessageBody! });
};
const sequenceUpdates = () => dynamo.commandCalls(UpdateCommand).filter((c) => String(c.args[0].input.Key!.pk).startsWith('SEQ#'));
const casesWritten = () => dynamo.commandCalls(TransactWriteCommand).length;

describe('the pre-check on SES’s receipt path', () => {
  it('puts an email whose words make it urgent on the urgent intake lane, announced as S3 announces it', async () => {
    arrive(SELF_HARM_KEY, selfHarmThreatUtf8(), '2026-01-19T15:52:10.000Z');

    const result = await precheck(sesReceipt(MESSAGE_ID, [TONGLU]));

    expect(result.outcomes).toEqual([{ key: SELF_HARM_KEY, urgent: true, matched: ['跳楼'] }]);
    const sent = sqs.commandCalls(SendMessageCommand);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.args[0].input.QueueUrl).toBe(URGENT_LANE_URL);
    // The intake reads it with the schema it reads S3's notifications with.
    const body = s3NotificationSchema.parse(JSON.parse(sent[0]!.args[0].input.MessageBody!));
    const object = 'Records' in body ? body.Records[0]!.s3.object : undefined;
    expect(objectKeyOf(object!.key)).toBe(SELF_HARM_KEY);
    expect(object!.size).toBe(selfHarmThreatUtf8().byteLength);
    expect(s3.commandCalls(GetObjectCommand)[0]!.args[0].input).toMatchObject({ Key: SELF_HARM_KEY });
  });

  it('leaves an ordinary petition to the intake queue, and reads nothing for an address that is no office mailbox', async () => {
    arrive(WAGE_KEY, wageArrearsUtf8Base64(), '2026-01-12T01:14:31.000Z');

    expect((await precheck(sesReceipt(WAGE_KEY.split('/')[2]!, [TONGLU.toUpperCase()]))).outcomes).toEqual([{ key: WAGE_KEY, urgent: false }]);
    expect((await precheck(sesReceipt(MESSAGE_ID, ['someone@elsewhere.example']))).outcomes).toEqual([]);

    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(1);
  });

  it('refuses an event that is not SES’s, naming what is wrong', async () => {
    await expect(precheck({ Records: [{ ses: { mail: { messageId: '../../etc/passwd' }, receipt: { recipients: [TONGLU] } } }] })).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: expect.stringContaining('messageId'), message: 'an SES message id' })],
    });
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
  });
});

describe('the intake’s two lanes', () => {
  it('registers an urgent email once, from its urgent copy, however the two deliveries interleave', async () => {
    const onIntakeQueue = arrive(SELF_HARM_KEY, selfHarmThreatUtf8(), '2026-01-19T15:52:10.000Z');
    await precheck(sesReceipt(MESSAGE_ID, [TONGLU]));

    // The intake queue's copy comes first: left to the urgent lane, nothing written, not a failure for good.
    const first = await intake(sqsEvent(onIntakeQueue('1f0e2d3c-0000-4000-8000-00000000000a')), queueContext('xinfang-test-intake'));
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: '1f0e2d3c-0000-4000-8000-00000000000a' }]);
    expect(sequenceUpdates()).toHaveLength(0);
    expect(casesWritten()).toBe(0);

    // The urgent copy registers it, with the alert; delivered twice, it is registered once.
    for (const receiveCount of [1, 2]) {
      const urgent = await intake(sqsEvent(onUrgentLane(SELF_HARM_KEY, '2a1b0c9d-0000-4000-8000-00000000000b', receiveCount)), queueContext('xinfang-test-intake-urgent'));
      expect(urgent.batchItemFailures).toEqual([]);
    }
    // The intake queue's copy, back after its visibility timeout, finds it done.
    const again = await intake(sqsEvent(onIntakeQueue('1f0e2d3c-0000-4000-8000-00000000000a', 2)), queueContext('xinfang-test-intake'));
    expect(again.batchItemFailures).toEqual([]);

    expect(sequenceUpdates()).toHaveLength(1);
    expect(casesWritten()).toBe(1);
    expect(outboxOf('notify').map((m) => m.id)).toEqual(['ack:330122-2026-000058', 'urgent:330122-2026-000058']);
  });

  it('registers an urgent email from the intake queue on its next delivery when the pre-check never ran', async () => {
    const onIntakeQueue = arrive(SELF_HARM_KEY, selfHarmThreatUtf8(), '2026-01-19T15:52:10.000Z');

    sqs.on(GetQueueUrlCommand).resolves({ QueueUrl: 'https://sqs.ap-east-1.amazonaws.com/123456789012/xinfang-test-intake' });
    expect((await intake(sqsEvent(onIntakeQueue('3c2d1e0f-0000-4000-8000-00000000000c')), queueContext('xinfang-test-intake'))).batchItemFailures).toHaveLength(1);
    // Looked at again in 30 s, not after the queue's 180 s: the alert still leaves within a minute of the email.
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand).map((c) => c.args[0].input.VisibilityTimeout)).toEqual([30]);
    expect((await intake(sqsEvent(onIntakeQueue('3c2d1e0f-0000-4000-8000-00000000000c', 2)), queueContext('xinfang-test-intake'))).batchItemFailures).toEqual([]);

    expect(outboxOf('notify').map((m) => m.id)).toEqual(['ack:330122-2026-000058', 'urgent:330122-2026-000058']);
  });

  it('registers an ordinary petition from the intake queue at once', async () => {
    const onIntakeQueue = arrive(WAGE_KEY, wageArrearsUtf8Base64(), '2026-01-12T01:14:31.000Z');

    const result = await intake(sqsEvent(onIntakeQueue('4d3e2f1a-0000-4000-8000-00000000000d')), queueContext('xinfang-test-intake'));

    expect(result.batchItemFailures).toEqual([]);
    // The petitioner's 受理告知 rides in the acknowledgement, queued by the mailer once that is sent.
    expect(outboxOf('notify').map((m) => [m.id, ...(m.body.followedBy ?? []).map((letter: { id: string }) => letter.id)])).toEqual([
      ['ack:330122-2026-000058', 'accepted:330122-2026-000058'],
      ['handoff:route:330122-2026-000058'],
    ]);
  });
});
