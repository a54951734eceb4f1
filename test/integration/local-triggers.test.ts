import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { startSqsServer, type LocalSqs } from '../../local/servers/sqs-server.js';
import { inProcessPollerClient, sdkPollerClient, startSqsPoller } from '../../local/sqs-poller.js';
import { lambdaContext } from '../../local/lambda-context.js';
import { scheduledEvent } from '../../local/scheduler.js';
import { removeDir } from './helpers.js';

let server: LocalSqs;
let sqs: SQSClient;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'xinfang-triggers-'));
  server = await startSqsServer({ port: 0, dataFile: join(dir, 'sqs.json'), region: 'us-east-1' });
  sqs = new SQSClient({ region: 'us-east-1', endpoint: server.endpoint, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
});

afterAll(async () => {
  await server.close();
  removeDir(dir);
});

async function queueWithDlq(name: string, maxReceiveCount: number) {
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }));
  const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl!, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  const main = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: { VisibilityTimeout: '1', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount }) },
    }),
  );
  const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: main.QueueUrl!, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  return { url: main.QueueUrl!, arn, dlqUrl: dlq.QueueUrl! };
}

const until = async (check: () => boolean, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('the local SQS event source mapping', () => {
  // The local runtime polls its own server in process; any other endpoint is polled through the SDK.
  it.each([
    ['through the SDK', 'poller-sdk', () => sdkPollerClient(sqs)],
    ['in process', 'poller-in-process', () => inProcessPollerClient(server)],
  ])('%s: delivers Lambda-shaped batches, keeps only reported failures, and parks a poison message in the DLQ', async (_, name, client) => {
    const queue = await queueWithDlq(name, 2);
    const batches: SQSEvent[] = [];
    const poller = startSqsPoller({
      client: client(),
      queueUrl: queue.url,
      queueArn: queue.arn,
      region: 'us-east-1',
      batchSize: 10,
      concurrency: 1,
      context: () => lambdaContext('test-fn', 10, 'us-east-1'),
      onError: () => undefined,
      handler: async (event) => {
        batches.push(event);
        return { batchItemFailures: event.Records.filter((r) => r.body === '有毒消息').map((r) => ({ itemIdentifier: r.messageId })) };
      },
    });
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queue.url,
        Entries: [
          {
            Id: 'a',
            MessageBody: '正常消息一',
            MessageAttributes: {
              caseNumber: { DataType: 'String', StringValue: '330122-2026-000001' },
              digest: { DataType: 'Binary', BinaryValue: Buffer.from('摘要', 'utf8') },
            },
          },
          { Id: 'b', MessageBody: '有毒消息' },
          { Id: 'c', MessageBody: '正常消息二' },
        ],
      }),
    );
    const bodies = () => batches.flatMap((b) => b.Records.map((r) => r.body));
    await until(() => bodies().filter((b) => b === '有毒消息').length === 2);
    await poller.stop();

    // Successes were deleted and never seen again; the failure was retried once, then parked.
    expect(bodies().filter((b) => b.startsWith('正常'))).toEqual(['正常消息一', '正常消息二']);
    const first = batches[0]!.Records.find((r) => r.body === '正常消息一')!;
    expect(first).toMatchObject({
      eventSource: 'aws:sqs',
      eventSourceARN: queue.arn,
      awsRegion: 'us-east-1',
      attributes: { ApproximateReceiveCount: '1' },
      messageAttributes: {
        caseNumber: { dataType: 'String', stringValue: '330122-2026-000001' },
        digest: { dataType: 'Binary', binaryValue: Buffer.from('摘要', 'utf8').toString('base64') },
      },
    });
    await new Promise((r) => setTimeout(r, 1_200)); // let the visibility timeout lapse
    // As on AWS, the move happens on the receive that would exceed maxReceiveCount.
    const again = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.url, WaitTimeSeconds: 0 }));
    expect(again.Messages ?? []).toHaveLength(0);
    const parked = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.dlqUrl, WaitTimeSeconds: 2 }));
    expect(parked.Messages?.map((m) => m.Body)).toEqual(['有毒消息']);
  });

  it('puts the whole batch back when the function throws', async () => {
    const queue = await queueWithDlq('poller-throws', 5);
    let calls = 0;
    const poller = startSqsPoller({
      client: sdkPollerClient(sqs),
      queueUrl: queue.url,
      queueArn: queue.arn,
      region: 'us-east-1',
      batchSize: 10,
      concurrency: 1,
      context: () => lambdaContext('test-fn', 10, 'us-east-1'),
      onError: () => undefined,
      handler: async (event) => {
        calls += 1;
        if (calls === 1) throw new Error('downstream unavailable');
        expect(event.Records[0]!.attributes.ApproximateReceiveCount).toBe('2');
      },
    });
    await sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: '重试我' }));
    await until(() => calls >= 2);
    await poller.stop();
    const left = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.url, WaitTimeSeconds: 0 }));
    expect(left.Messages ?? []).toHaveLength(0);
  });

  it('with a batching window, gathers messages that arrive one by one into one batch, and sends a full batch at once', async () => {
    const queue = await queueWithDlq('poller-window', 5);
    const batches: string[][] = [];
    const poller = startSqsPoller({
      client: sdkPollerClient(sqs),
      queueUrl: queue.url,
      queueArn: queue.arn,
      region: 'us-east-1',
      batchSize: 3,
      // Longer than any test machine's pause between two sends; the full batch below must not wait for it.
      batchingWindowMs: 30_000,
      concurrency: 1,
      context: () => lambdaContext('test-fn', 10, 'us-east-1'),
      onError: () => undefined,
      handler: async (event) => {
        batches.push(event.Records.map((r) => r.body));
      },
    });
    for (const body of ['一', '二', '三']) {
      await sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: body }));
      await new Promise((r) => setTimeout(r, 300));
    }
    await until(() => batches.length >= 1);
    await poller.stop();
    expect(batches).toEqual([['一', '二', '三']]);
  });
});

describe('the local EventBridge schedule', () => {
  it('delivers the scheduled event shape a rate rule sends', () => {
    const event = scheduledEvent('xinfang-local-sweep', 'us-east-1', new Date('2027-01-15T01:00:00.123Z'));
    expect(event).toMatchObject({
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      time: '2027-01-15T01:00:00Z',
      resources: ['arn:aws:events:us-east-1:000000000000:rule/xinfang-local-sweep'],
      detail: {},
    });
  });
});
