import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { getEventListeners } from 'node:events';
import { createInterface } from 'node:readline';
import {
  SQSClient,
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListMessageMoveTasksCommand,
  ListQueuesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  StartMessageMoveTaskCommand,
  PurgeQueueCommand,
  type Message,
} from '@aws-sdk/client-sqs';
import { startSqsServer, type LocalSqs } from '../../local/servers/sqs-server.js';

function clientFor(endpoint: string): SQSClient {
  return new SQSClient({ endpoint, region: 'cn-north-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const uniqueName = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/** Resolves with the error the promise rejects with (fails the test if it resolves). */
async function errorOf(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

describe('local SQS server', () => {
  let server: LocalSqs;
  let sqs: SQSClient;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'local-sqs-'));
    server = await startSqsServer({ port: 0 });
    sqs = clientFor(server.endpoint);
  });

  afterAll(async () => {
    sqs?.destroy();
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function createQueue(name: string, attributes: Record<string, string> = {}): Promise<string> {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
    return QueueUrl!;
  }

  async function arnOf(queueUrl: string): Promise<string> {
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
    return Attributes!['QueueArn']!;
  }

  async function receive(queueUrl: string, extra: Partial<ConstructorParameters<typeof ReceiveMessageCommand>[0]> = {}): Promise<Message[]> {
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'], ...extra }),
    );
    return Messages ?? [];
  }

  async function counts(queueUrl: string): Promise<{ visible: number; inFlight: number; delayed: number }> {
    const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }));
    return {
      visible: Number(Attributes['ApproximateNumberOfMessages']),
      inFlight: Number(Attributes['ApproximateNumberOfMessagesNotVisible']),
      delayed: Number(Attributes['ApproximateNumberOfMessagesDelayed']),
    };
  }

  it('reports the real port and builds queue URLs and ARNs from it', async () => {
    expect(server.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.endpoint).not.toMatch(/:0$/);
    const name = uniqueName('urls');
    const url = await createQueue(name);
    expect(url).toBe(`${server.endpoint}/000000000000/${name}`);
    expect(await arnOf(url)).toBe(`arn:aws-cn:sqs:cn-north-1:000000000000:${name}`);
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
    expect(QueueUrl).toBe(url);
    const { QueueUrls } = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'urls-' }));
    expect(QueueUrls).toContain(url);
  });

  it('round-trips Chinese text and message attributes with matching checksums, then deletes', async () => {
    const url = await createQueue(uniqueName('roundtrip'));
    const body = '信访件 #2024-001：请于七日内答复。';
    const sent = await sqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: body,
        MessageAttributes: {
          caseNumber: { DataType: 'String', StringValue: '粤信〔2024〕001号' },
          priority: { DataType: 'Number', StringValue: '3' },
          signature: { DataType: 'Binary', BinaryValue: new Uint8Array([0, 1, 2, 250]) },
        },
      }),
    );
    expect(sent.MessageId).toBeTruthy();
    expect(sent.MD5OfMessageAttributes).toMatch(/^[0-9a-f]{32}$/);

    const [message, ...rest] = await receive(url);
    expect(rest).toHaveLength(0);
    expect(message!.Body).toBe(body);
    expect(message!.MessageId).toBe(sent.MessageId);
    expect(message!.MD5OfBody).toBe(sent.MD5OfMessageBody);
    expect(message!.MD5OfMessageAttributes).toBe(sent.MD5OfMessageAttributes);
    expect(message!.MessageAttributes?.['caseNumber']).toEqual({ DataType: 'String', StringValue: '粤信〔2024〕001号' });
    expect(message!.MessageAttributes?.['priority']).toEqual({ DataType: 'Number', StringValue: '3' });
    expect([...message!.MessageAttributes!['signature']!.BinaryValue!]).toEqual([0, 1, 2, 250]);
    expect(message!.Attributes?.['ApproximateReceiveCount']).toBe('1');
    expect(Number(message!.Attributes?.['SentTimestamp'])).toBeGreaterThan(Date.now() - 60_000);

    expect(await counts(url)).toEqual({ visible: 0, inFlight: 1, delayed: 0 });
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message!.ReceiptHandle! }));
    expect(await counts(url)).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
    expect(await receive(url)).toHaveLength(0);
  });

  it('computes MD5OfMessageAttributes as SQS does, and returns attributes only when asked for', async () => {
    const url = await createQueue(uniqueName('md5'));
    const sent = await sqs.send(
      new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageAttributes: { SellerName: { DataType: 'String', StringValue: 'Example Store' } } }),
    );
    expect(sent.MD5OfMessageAttributes).toBe('cd28f3b68aeee4b2eac9c66f2f694b58'); // published reference value
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }));
    expect(Messages?.[0]?.MessageAttributes).toBeUndefined();
    expect(Messages?.[0]?.Attributes).toBeUndefined();
  });

  it('redelivers a message that was not deleted after its visibility timeout, with a new receipt handle', async () => {
    const url = await createQueue(uniqueName('visibility'), { VisibilityTimeout: '1' });
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'at least once' }));

    const [first] = await receive(url);
    expect(first!.Attributes?.['ApproximateReceiveCount']).toBe('1');
    expect(await receive(url)).toHaveLength(0); // invisible while in flight

    await sleep(1100);
    const [second] = await receive(url);
    expect(second!.MessageId).toBe(first!.MessageId);
    expect(second!.Attributes?.['ApproximateReceiveCount']).toBe('2');
    expect(second!.Attributes?.['ApproximateFirstReceiveTimestamp']).toBe(first!.Attributes?.['ApproximateFirstReceiveTimestamp']);
    expect(second!.ReceiptHandle).not.toBe(first!.ReceiptHandle);

    // Per-receive visibility timeout, and ChangeMessageVisibility(0) releases it at once.
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: second!.ReceiptHandle!, VisibilityTimeout: 0 }));
    const [third] = await receive(url, { VisibilityTimeout: 5 });
    expect(third!.Attributes?.['ApproximateReceiveCount']).toBe('3');
    await sleep(1100);
    expect(await receive(url)).toHaveLength(0); // still hidden: 5 s from this receive, not the queue's 1 s

    // A stale (but genuine) handle of a standard queue still deletes, as in SQS.
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: first!.ReceiptHandle! }));
    expect(await counts(url)).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
    // Deleting an already deleted message is not an error either.
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: third!.ReceiptHandle! }));
  });

  it('moves a message to the dead-letter queue once maxReceiveCount is used up', async () => {
    const dlqUrl = await createQueue(uniqueName('redrive-dlq'));
    const dlqArn = await arnOf(dlqUrl);
    const url = await createQueue(uniqueName('redrive-src'), {
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 2 }),
    });
    await sqs.send(
      new SendMessageCommand({ QueueUrl: url, MessageBody: 'poison', MessageAttributes: { kind: { DataType: 'String', StringValue: '退回' } } }),
    );

    const first = await receive(url, { VisibilityTimeout: 0 });
    const second = await receive(url, { VisibilityTimeout: 0 });
    expect(first[0]!.Attributes?.['ApproximateReceiveCount']).toBe('1');
    expect(second[0]!.Attributes?.['ApproximateReceiveCount']).toBe('2');
    expect(await receive(url, { VisibilityTimeout: 0 })).toHaveLength(0); // third receive would exceed: redriven instead

    const [dead] = await receive(dlqUrl);
    expect(dead!.MessageId).toBe(first[0]!.MessageId);
    expect(dead!.Body).toBe('poison');
    expect(dead!.MessageAttributes?.['kind']?.StringValue).toBe('退回');
    expect(dead!.Attributes?.['ApproximateReceiveCount']).toBe('1');
    expect(dead!.Attributes?.['DeadLetterQueueSourceArn']).toBe(await arnOf(url));
    expect(dead!.Attributes?.['SentTimestamp']).toBe(first[0]!.Attributes?.['SentTimestamp']);
  });

  it('StartMessageMoveTask moves dead letters back to their source queue', async () => {
    const dlqUrl = await createQueue(uniqueName('move-dlq'));
    const dlqArn = await arnOf(dlqUrl);
    const url = await createQueue(uniqueName('move-src'), {
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 1 }),
    });
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: 'a', MessageBody: 'one' }, { Id: 'b', MessageBody: 'two' }] }));
    await receive(url, { VisibilityTimeout: 0 });
    expect(await receive(url)).toHaveLength(0); // both redriven
    expect((await counts(dlqUrl)).visible).toBe(2);

    const { TaskHandle } = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlqArn }));
    expect(TaskHandle).toBeTruthy();
    expect((await counts(dlqUrl)).visible).toBe(0);

    const back = await receive(url);
    expect(back.map((m) => m.Body).sort()).toEqual(['one', 'two']);
    expect(back.every((m) => m.Attributes?.['ApproximateReceiveCount'] === '1')).toBe(true);

    const { Results } = await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: dlqArn }));
    expect(Results?.[0]).toMatchObject({ TaskHandle, Status: 'COMPLETED', SourceArn: dlqArn, ApproximateNumberOfMessagesMoved: 2 });

    // Only a dead-letter queue can be the source of a move task.
    const error = await errorOf(sqs.send(new StartMessageMoveTaskCommand({ SourceArn: await arnOf(url) })));
    expect(error.name).toBe('InvalidParameterValue');
  });

  it('FIFO: keeps order within a group, blocks a group while a message is in flight, and deduplicates', async () => {
    const url = await createQueue(`${uniqueName('fifo')}.fifo`, { FifoQueue: 'true', VisibilityTimeout: '30' });
    const send = (group: string, body: string, dedup = body) =>
      sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body, MessageGroupId: group, MessageDeduplicationId: dedup }));
    const a1 = await send('case-A', 'A1');
    await send('case-A', 'A2');
    await send('case-B', 'B1');
    const duplicate = await send('case-A', 'A1 again', 'A1');
    expect(duplicate.MessageId).toBe(a1.MessageId);
    expect(duplicate.SequenceNumber).toBe(a1.SequenceNumber);
    expect((await counts(url)).visible).toBe(3);

    const [first] = await receive(url, { MaxNumberOfMessages: 1 });
    expect(first!.Body).toBe('A1');
    expect(first!.Attributes).toMatchObject({ MessageGroupId: 'case-A', MessageDeduplicationId: 'A1', SequenceNumber: a1.SequenceNumber });

    // case-A is blocked while A1 is in flight; case-B is not.
    const others = await receive(url);
    expect(others.map((m) => m.Body)).toEqual(['B1']);
    expect(await receive(url)).toHaveLength(0);

    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: first!.ReceiptHandle! }));
    const [next] = await receive(url);
    expect(next!.Body).toBe('A2');
    expect(BigInt(next!.Attributes!['SequenceNumber']!)).toBeGreaterThan(BigInt(a1.SequenceNumber!));

    // A FIFO receipt handle whose receive is over can no longer delete.
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: next!.ReceiptHandle!, VisibilityTimeout: 0 }));
    const error = await errorOf(sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: next!.ReceiptHandle! })));
    expect(error.name).toBe('InvalidParameterValue');
    expect(error.message).toMatch(/expired/);
  });

  it('FIFO: content-based deduplication and its validation errors', async () => {
    const url = await createQueue(`${uniqueName('cbd')}.fifo`, { FifoQueue: 'true', ContentBasedDeduplication: 'true' });
    const first = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: '同一内容', MessageGroupId: 'g' }));
    const second = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: '同一内容', MessageGroupId: 'g' }));
    expect(second.MessageId).toBe(first.MessageId);
    expect((await counts(url)).visible).toBe(1);

    const noGroup = await errorOf(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' })));
    expect(noGroup.name).toBe('MissingParameter');

    const plainFifo = await createQueue(`${uniqueName('nocbd')}.fifo`, { FifoQueue: 'true' });
    const noDedup = await errorOf(sqs.send(new SendMessageCommand({ QueueUrl: plainFifo, MessageBody: 'x', MessageGroupId: 'g' })));
    expect(noDedup.name).toBe('InvalidParameterValue');

    // A batch reports per-entry failures next to the successes.
    const batch = await sqs.send(
      new SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: 'ok', MessageBody: 'fine', MessageGroupId: 'g' }, { Id: 'bad', MessageBody: 'no group' }] }),
    );
    expect(batch.Successful?.map((e) => e.Id)).toEqual(['ok']);
    expect(batch.Failed).toEqual([expect.objectContaining({ Id: 'bad', Code: 'MissingParameter', SenderFault: true })]);
  });

  it('long polling answers as soon as a message arrives, without blocking other requests', async () => {
    const url = await createQueue(uniqueName('longpoll'));
    const started = Date.now();
    const polling = receive(url, { WaitTimeSeconds: 10 });
    await sleep(300);
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'wake up' })); // served while the poll is held
    const messages = await polling;
    expect(messages.map((m) => m.Body)).toEqual(['wake up']);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('long polling waits out DelaySeconds and returns empty at its timeout', async () => {
    const url = await createQueue(uniqueName('delay'));
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'later', DelaySeconds: 1 }));
    expect(await counts(url)).toEqual({ visible: 0, inFlight: 0, delayed: 1 });
    expect(await receive(url)).toHaveLength(0);

    const started = Date.now();
    const [message] = await receive(url, { WaitTimeSeconds: 5 });
    expect(message!.Body).toBe('later');
    expect(Date.now() - started).toBeLessThan(2000);

    const emptyStart = Date.now();
    expect(await receive(url, { WaitTimeSeconds: 1 })).toHaveLength(0);
    expect(Date.now() - emptyStart).toBeGreaterThanOrEqual(900);
  });

  it('an in-process poller can hold poll after poll on one signal: each poll lets go of it, and aborting answers a held poll empty', async () => {
    const url = await createQueue(uniqueName('inproc'));
    const abort = new AbortController();
    for (let i = 0; i < 15; i += 1) {
      const polling = server.invoke('ReceiveMessage', { QueueUrl: url, WaitTimeSeconds: 5 }, abort.signal);
      await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: `m${i}` }));
      const { Messages } = (await polling) as { Messages?: { Body: string; ReceiptHandle: string }[] };
      expect(Messages?.map((m) => m.Body)).toEqual([`m${i}`]);
      await server.invoke('DeleteMessage', { QueueUrl: url, ReceiptHandle: Messages![0]!.ReceiptHandle }, abort.signal);
    }
    // Fifteen polls later, nothing of theirs is still attached to the signal (it was 15 listeners, and Node's leak warning).
    expect(getEventListeners(abort.signal, 'abort')).toHaveLength(0);

    const started = Date.now();
    const held = server.invoke('ReceiveMessage', { QueueUrl: url, WaitTimeSeconds: 20 }, abort.signal);
    await sleep(100);
    abort.abort();
    expect(((await held) as { Messages?: unknown[] }).Messages ?? []).toHaveLength(0);
    expect(Date.now() - started).toBeLessThan(3000);
    // A poll made with a signal already aborted is answered at once, not held.
    expect(((await server.invoke('ReceiveMessage', { QueueUrl: url, WaitTimeSeconds: 20 }, abort.signal)) as { Messages?: unknown[] }).Messages ?? []).toHaveLength(0);
  });

  it('close() answers held long polls instead of leaving them hanging', async () => {
    const other = await startSqsServer({ port: 0 });
    const client = clientFor(other.endpoint);
    try {
      const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: 'held' }));
      const started = Date.now();
      const polling = client.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
      await sleep(200);
      await other.close();
      const result = await polling;
      expect(result.Messages).toBeUndefined();
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      client.destroy();
      await other.close();
    }
  });

  it('keeps queues and messages across close and restart from the same data file', async () => {
    const dataFile = join(dataDir, 'sqs-state.json');
    const first = await startSqsServer({ port: 0, dataFile });
    const client1 = clientFor(first.endpoint);
    const { QueueUrl: url1 } = await client1.send(new CreateQueueCommand({ QueueName: 'durable', Attributes: { VisibilityTimeout: '60' } }));
    const { QueueUrl: fifo1 } = await client1.send(new CreateQueueCommand({ QueueName: 'durable.fifo', Attributes: { FifoQueue: 'true' } }));
    await client1.send(new SendMessageCommand({ QueueUrl: url1, MessageBody: '第一条', MessageAttributes: { a: { DataType: 'String', StringValue: '甲' } } }));
    await client1.send(new SendMessageCommand({ QueueUrl: url1, MessageBody: '第二条' }));
    await client1.send(new SendMessageCommand({ QueueUrl: fifo1, MessageBody: 'f', MessageGroupId: 'g', MessageDeduplicationId: 'd1' }));
    const inFlight = await client1.send(new ReceiveMessageCommand({ QueueUrl: url1 }));
    expect(inFlight.Messages).toHaveLength(1);
    client1.destroy();
    await first.close();

    const second = await startSqsServer({ port: 0, dataFile });
    const client2 = clientFor(second.endpoint);
    try {
      const { QueueUrl: url2 } = await client2.send(new GetQueueUrlCommand({ QueueName: 'durable' }));
      expect(url2).toBe(`${second.endpoint}/000000000000/durable`);
      const { Attributes } = await client2.send(new GetQueueAttributesCommand({ QueueUrl: url2, AttributeNames: ['VisibilityTimeout', 'ApproximateNumberOfMessages'] }));
      expect(Attributes).toEqual({ VisibilityTimeout: '60', ApproximateNumberOfMessages: '2' }); // the in-flight one is visible again

      const { Messages = [] } = await client2.send(
        new ReceiveMessageCommand({ QueueUrl: url2, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['ApproximateReceiveCount'] }),
      );
      expect(Messages.map((m) => m.Body).sort()).toEqual(['第一条', '第二条']);
      const firstMessage = Messages.find((m) => m.Body === '第一条')!;
      expect(firstMessage.MessageAttributes?.['a']?.StringValue).toBe('甲');
      expect(firstMessage.Attributes?.['ApproximateReceiveCount']).toBe('2');

      // FIFO deduplication ids are remembered across the restart too.
      const { QueueUrl: fifo2 } = await client2.send(new GetQueueUrlCommand({ QueueName: 'durable.fifo' }));
      await client2.send(new SendMessageCommand({ QueueUrl: fifo2, MessageBody: 'f', MessageGroupId: 'g', MessageDeduplicationId: 'd1' }));
      const { Attributes: fifoAttributes } = await client2.send(new GetQueueAttributesCommand({ QueueUrl: fifo2, AttributeNames: ['ApproximateNumberOfMessages'] }));
      expect(fifoAttributes?.['ApproximateNumberOfMessages']).toBe('1');
    } finally {
      client2.destroy();
      await second.close();
    }
  });

  it('surfaces validation errors under the SDK error names', async () => {
    const url = await createQueue(uniqueName('errors'));

    expect((await errorOf(sqs.send(new GetQueueUrlCommand({ QueueName: 'no-such-queue' })))).name).toBe('QueueDoesNotExist');
    expect((await errorOf(sqs.send(new SendMessageCommand({ QueueUrl: `${server.endpoint}/000000000000/gone`, MessageBody: 'x' })))).name).toBe('QueueDoesNotExist');

    const tooMany = await errorOf(sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 11 })));
    expect(tooMany.name).toBe('InvalidParameterValue');
    expect(tooMany.message).toMatch(/MaxNumberOfMessages/);

    const badHandle = await errorOf(sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: 'not-a-handle' })));
    expect(badHandle.name).toBe('ReceiptHandleIsInvalid');

    const entries = Array.from({ length: 11 }, (_, i) => ({ Id: `m${i}`, MessageBody: 'x' }));
    expect((await errorOf(sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries })))).name).toBe('TooManyEntriesInBatchRequest');
    expect((await errorOf(sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [] })))).name).toBe('EmptyBatchRequest');
    const duplicateIds = [{ Id: 'same', MessageBody: 'x' }, { Id: 'same', MessageBody: 'y' }];
    expect((await errorOf(sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: duplicateIds })))).name).toBe('BatchEntryIdsNotDistinct');
    expect((await errorOf(sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: 'bad id!', ReceiptHandle: 'x' }] })))).name).toBe(
      'InvalidBatchEntryId',
    );

    expect((await errorOf(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'bad \u0000 char' })))).name).toBe('InvalidMessageContents');
    expect((await errorOf(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: '' })))).name).toBe('MissingParameter');
    expect((await errorOf(sqs.send(new CreateQueueCommand({ QueueName: url.split('/').pop()!, Attributes: { VisibilityTimeout: '99' } })))).name).toBe(
      'QueueNameExists',
    );
    expect((await errorOf(sqs.send(new CreateQueueCommand({ QueueName: uniqueName('bad'), Attributes: { VisibilityTimeout: '-1' } })))).name).toBe(
      'InvalidAttributeValue',
    );
    expect((await errorOf(sqs.send(new CreateQueueCommand({ QueueName: uniqueName('bad'), Attributes: { Nonsense: '1' } as Record<string, string> })))).name).toBe(
      'InvalidAttributeName',
    );
    expect((await errorOf(sqs.send(new CreateQueueCommand({ QueueName: 'not-fifo.fifo' })))).name).toBe('InvalidParameterValue');
    const badRedrive = { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: 'arn:aws-cn:sqs:cn-north-1:000000000000:missing', maxReceiveCount: 3 }) };
    expect((await errorOf(sqs.send(new CreateQueueCommand({ QueueName: uniqueName('bad'), Attributes: badRedrive })))).name).toBe('InvalidParameterValue');

    // A batch with a bad receipt handle fails only that entry.
    const result = await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: 'one', ReceiptHandle: 'garbage' }] }));
    expect(result.Failed).toEqual([expect.objectContaining({ Id: 'one', Code: 'ReceiptHandleIsInvalid' })]);
  });
});

/** A local SQS in a child process, so it can be killed with SIGKILL as a crash would. */
async function sqsChild(dataFile: string, compactMinBytes?: number): Promise<{ endpoint: string; kill(): Promise<void> }> {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'sqs-child.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, dataFile, ...(compactMinBytes ? [String(compactMinBytes)] : [])], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const [line] = await Promise.race([
    (async () => {
      for await (const l of createInterface({ input: child.stdout! })) return [l];
      return [];
    })(),
    exited.then(() => []),
  ]);
  if (!line) throw new Error('the SQS child did not start');
  const { endpoint } = JSON.parse(line) as { endpoint: string };
  return {
    endpoint,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

describe('local SQS persistence', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'local-sqs-journal-'));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const children: { kill(): Promise<void> }[] = [];
  afterAll(() => Promise.all(children.map((c) => c.kill())));

  it('keeps every acknowledged send, receive count and delete through a kill -9', async () => {
    const dataFile = join(dir, 'killed', 'sqs.json');
    const child = await sqsChild(dataFile);
    children.push(child);
    const client = clientFor(child.endpoint);
    const { QueueUrl: dlq } = await client.send(new CreateQueueCommand({ QueueName: 'work-dlq' }));
    const { Attributes } = await client.send(new GetQueueAttributesCommand({ QueueUrl: dlq, AttributeNames: ['QueueArn'] }));
    const redrive = JSON.stringify({ deadLetterTargetArn: Attributes!['QueueArn'], maxReceiveCount: 2 });
    const { QueueUrl: work } = await client.send(new CreateQueueCommand({ QueueName: 'work', Attributes: { RedrivePolicy: redrive } }));
    const { QueueUrl: fifo } = await client.send(new CreateQueueCommand({ QueueName: 'work.fifo', Attributes: { FifoQueue: 'true' } }));
    const { QueueUrl: purged } = await client.send(new CreateQueueCommand({ QueueName: 'purged' }));
    await client.send(new SendMessageCommand({ QueueUrl: purged, MessageBody: '清空' }));
    await client.send(new PurgeQueueCommand({ QueueUrl: purged }));

    // 200 sends in parallel batches, every one acknowledged before the kill.
    await Promise.all(
      Array.from({ length: 20 }, (_, b) =>
        client.send(new SendMessageBatchCommand({ QueueUrl: work, Entries: Array.from({ length: 10 }, (_, i) => ({ Id: `m${i}`, MessageBody: `信访件 ${b * 10 + i}` })) })),
      ),
    );
    await client.send(new SendMessageCommand({ QueueUrl: fifo, MessageBody: 'f', MessageGroupId: 'g', MessageDeduplicationId: 'd1' }));
    // Ten received and deleted; ten received twice (their next receive moves them to the DLQ); one in flight.
    const deleted = await client.send(new ReceiveMessageCommand({ QueueUrl: work, MaxNumberOfMessages: 10 }));
    await client.send(new DeleteMessageBatchCommand({ QueueUrl: work, Entries: deleted.Messages!.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle! })) }));
    const twice = await client.send(new ReceiveMessageCommand({ QueueUrl: work, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));
    const again = await client.send(new ReceiveMessageCommand({ QueueUrl: work, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'] }));
    expect(again.Messages!.map((m) => m.MessageId).sort()).toEqual(twice.Messages!.map((m) => m.MessageId).sort());
    client.destroy();
    await child.kill();
    appendFileSync(`${dataFile.replace(/\.json$/, '')}.journal`, '{"op":"send","queue":"work","mess'); // a torn last line

    const restarted = await startSqsServer({ port: 0, dataFile });
    const after = clientFor(restarted.endpoint);
    try {
      const url = (name: string) => `${restarted.endpoint}/000000000000/${name}`;
      const attributes = async (name: string) =>
        (await after.send(new GetQueueAttributesCommand({ QueueUrl: url(name), AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }))).Attributes;
      // The in-flight ones are visible again; nothing deleted came back.
      expect(await attributes('work')).toEqual({ ApproximateNumberOfMessages: '190', ApproximateNumberOfMessagesNotVisible: '0' });
      expect(await attributes('purged')).toEqual({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' });
      const bodies = new Set<string>();
      for (;;) {
        const { Messages = [] } = await after.send(new ReceiveMessageCommand({ QueueUrl: url('work'), MaxNumberOfMessages: 10, VisibilityTimeout: 60 }));
        if (Messages.length === 0) break;
        Messages.forEach((m) => bodies.add(m.Body!));
      }
      // The ten received twice before the crash were dead-lettered on their third receive.
      expect(bodies.size).toBe(180);
      expect(await attributes('work-dlq')).toMatchObject({ ApproximateNumberOfMessages: '10' });
      expect(deleted.Messages!.some((m) => bodies.has(m.Body!))).toBe(false);
      // FIFO deduplication and sequence numbers continue.
      const duplicate = await after.send(new SendMessageCommand({ QueueUrl: url('work.fifo'), MessageBody: 'f', MessageGroupId: 'g', MessageDeduplicationId: 'd1' }));
      const next = await after.send(new SendMessageCommand({ QueueUrl: url('work.fifo'), MessageBody: 'f2', MessageGroupId: 'g', MessageDeduplicationId: 'd2' }));
      expect(BigInt(next.SequenceNumber!)).toBeGreaterThan(BigInt(duplicate.SequenceNumber!));
      expect((await attributes('work.fifo'))?.['ApproximateNumberOfMessages']).toBe('2');
    } finally {
      after.destroy();
      await restarted.close();
    }
  });

  it('appends to a journal while busy, compacts it once it is large, and replays both after a kill', async () => {
    const dataFile = join(dir, 'compacting', 'sqs.json');
    const journalFile = `${dataFile.replace(/\.json$/, '')}.journal`;
    const child = await sqsChild(dataFile, 64 * 1024);
    children.push(child);
    const client = clientFor(child.endpoint);
    const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: 'busy' }));
    const snapshotBefore = readFileSync(dataFile, 'utf8');
    for (let i = 0; i < 30; i += 1) await client.send(new SendMessageCommand({ QueueUrl, MessageBody: `短消息 ${i}` }));
    // Thirty changes, thirty journal lines, and the snapshot not rewritten once.
    expect(readFileSync(dataFile, 'utf8')).toBe(snapshotBefore);
    expect(readFileSync(journalFile, 'utf8').trim().split('\n')).toHaveLength(1 + 1 + 30);

    const large = '长'.repeat(1000);
    await Promise.all(Array.from({ length: 40 }, (_, i) => client.send(new SendMessageCommand({ QueueUrl, MessageBody: `${large} ${i}` }))));
    // Compacted into a new snapshot generation; the journal holds only what came after.
    const journal = readFileSync(journalFile, 'utf8').trim().split('\n');
    expect(JSON.parse(journal[0]!).generation).toBeGreaterThan(1);
    expect(journal.length).toBeLessThan(1 + 1 + 30 + 40);
    expect(statSync(dataFile).size).toBeGreaterThan(snapshotBefore.length);
    await client.send(new SendMessageCommand({ QueueUrl, MessageBody: '压缩之后' }));
    client.destroy();
    await child.kill();

    const restarted = await startSqsServer({ port: 0, dataFile });
    const after = clientFor(restarted.endpoint);
    try {
      const { Attributes } = await after.send(
        new GetQueueAttributesCommand({ QueueUrl: `${restarted.endpoint}/000000000000/busy`, AttributeNames: ['ApproximateNumberOfMessages'] }),
      );
      expect(Attributes?.['ApproximateNumberOfMessages']).toBe('71');
    } finally {
      after.destroy();
      await restarted.close();
    }
  });
});
