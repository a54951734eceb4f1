import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { SendMessageBatchCommand, SQSClient, type SendMessageBatchCommandInput } from '@aws-sdk/client-sqs';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { outboxItems } from '../../shared/adapters/dynamodb/outbox-items.js';
import { letters, routingRequest, type OutboxMessage } from '../../shared/app/outbox.js';
import { handlerEnv, TEST_HANDOFF_QUEUE, TEST_NOTIFY_QUEUE, TEST_ROUTING_QUEUE } from '../fixtures/handler-env.js';
import { captureLogs } from '../fixtures/log-capture.js';

/**
 * The dispatcher reads outbox items from the table's stream and puts each on
 * its queue. Items are read as Lambda delivers them: DynamoDB JSON, binary
 * values (the packed body) base64-encoded.
 */

const sqs = mockClient(SQSClient);
let handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;

beforeAll(async () => {
  for (const [k, v] of Object.entries(handlerEnv('ERROR'))) vi.stubEnv(k, v);
  handler = (await import('../../functions/dispatcher/handler.js')).handler;
});

beforeEach(() => {
  sqs.reset();
  sqs.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchCommandInput) => ({
    Successful: input.Entries!.map((e) => ({ Id: e.Id!, MessageId: `m-${e.Id}`, MD5OfMessageBody: '0'.repeat(32) })),
    Failed: [],
  }));
});

const CASE = '330122-2026-000042';
const ack = {
  id: `ack:${CASE}`,
  kind: 'acknowledgement' as const,
  caseNumber: CASE,
  to: ['zhang@example.com'],
  subject: `【${CASE}】您的信访事项已登记 — 桐庐县信访局`,
  text: '张三：\n\n您好！您发送至桐庐县信访局的来信已收到并登记，登记编号为 330122-2026-000042。依照《信访工作条例》，我们将在15日内决定是否受理并书面告知您。',
  autoSubmitted: 'auto-replied' as const,
};

/** A stream record of an outbox item as Lambda hands it over (JSON: binary as base64). */
function streamRecord(item: Record<string, unknown>, sequence: number): DynamoDBRecord {
  const image = JSON.parse(JSON.stringify(marshall(item, { removeUndefinedValues: true }), (_key, value: unknown) =>
    value && typeof value === 'object' && 'B' in value && (value as { B: unknown }).B instanceof Uint8Array ? { B: Buffer.from((value as { B: Uint8Array }).B).toString('base64') } : value,
  ));
  return { eventName: 'INSERT', dynamodb: { NewImage: image, SequenceNumber: String(sequence) } } as DynamoDBRecord;
}

const itemsOf = (outbox: OutboxMessage[]) => outboxItems('xinfang-test-cases', `CASE#${CASE}`, outbox, '2026-12-03T01:15:02.000Z').map((t) => t.Put!.Item! as Record<string, unknown>);
const sentTo = (queue: string) =>
  sqs
    .commandCalls(SendMessageBatchCommand)
    .filter((c) => c.args[0].input.QueueUrl === queue)
    .flatMap((c) => c.args[0].input.Entries!.map((e) => ({ id: e.Id, body: JSON.parse(e.MessageBody!), group: e.MessageGroupId, dedup: e.MessageDeduplicationId })));

describe('the outbox dispatcher', () => {
  it('puts a stored letter and a routing request, bodies packed in the table, on their queues whole', async () => {
    const items = itemsOf([...letters(ack), routingRequest(CASE, 'registered')]);
    // One item for the change (a transaction bills each item apart), its messages packed: the letter's text is not readable from it.
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ entity: 'outbox', queue: 'notify', id: ack.id, count: 2 });
    expect(JSON.stringify(items[0])).not.toContain('您好');

    const result = await handler({ Records: items.map((item, i) => streamRecord(item, i + 1)) });

    expect(result.batchItemFailures).toEqual([]);
    expect(sentTo(TEST_NOTIFY_QUEUE).map((m) => m.body)).toEqual([{ ...ack, references: [] }]);
    expect(sentTo(TEST_ROUTING_QUEUE).map((m) => m.body)).toEqual([{ caseNumber: CASE, reason: 'registered' }]);
  });

  it('puts an item written before bodies were packed on its queue as well', async () => {
    const [item] = itemsOf(letters(ack));
    const { packed: _packed, ...rest } = item!;
    const result = await handler({ Records: [streamRecord({ ...rest, body: ack }, 1)] });
    expect(result.batchItemFailures).toEqual([]);
    expect(sentTo(TEST_NOTIFY_QUEUE).map((m) => m.body)).toEqual([{ ...ack, references: [] }]);
  });

  it('keeps a handoff in its case group under its own id, so a record delivered twice is one message on the FIFO queue', async () => {
    const handoff: OutboxMessage = { queue: 'handoff', id: `route:${CASE}`, groupId: CASE, body: {
        id: `route:${CASE}`,
        caseNumber: CASE,
        action: 'transfer',
        toJurisdiction: '330100',
        lead: '330100-urban-management',
        cooperating: [],
        reason: 'territory first: 桐庐县 has no urbanManagement unit',
        by: 'system:router',
        byJurisdiction: '330122',
      },
    };
    const [item] = itemsOf([handoff]);
    await handler({ Records: [streamRecord(item!, 1)] });
    await handler({ Records: [streamRecord(item!, 1)] });
    const sent = sentTo(TEST_HANDOFF_QUEUE);
    expect(sent).toHaveLength(2);
    expect(new Set(sent.map((m) => m.dedup))).toEqual(new Set([`route:${CASE}`]));
    expect(sent.every((m) => m.group === CASE)).toBe(true);
  });

  it('sends nothing of an item one of whose messages is malformed, and reports its record', async () => {
    const broken = { ...routingRequest(CASE, 'registered'), body: { caseNumber: CASE, reason: 'no such reason' } } as unknown as OutboxMessage;
    const [item] = itemsOf([...letters(ack), broken]);
    const logs = captureLogs();
    const result = await handler({ Records: [streamRecord(item!, 7)] });
    logs.restore();
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '7' }]);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });

  it('moves a surge’s outbox in batches of ten per queue, in the order the changes were committed', async () => {
    const numbers = Array.from({ length: 30 }, (_, i) => `330122-2026-${String(100 + i).padStart(6, '0')}`);
    const records = numbers.map((n, i) =>
      streamRecord(outboxItems('xinfang-test-cases', `CASE#${n}`, [...letters({ ...ack, id: `ack:${n}`, caseNumber: n }), routingRequest(n, 'registered')], '2026-12-03T01:15:02.000Z')[0]!.Put!.Item! as Record<string, unknown>, i + 1),
    );

    const result = await handler({ Records: records });

    expect(result.batchItemFailures).toEqual([]);
    // 60 messages in 6 calls, not 60.
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(6);
    expect(sentTo(TEST_NOTIFY_QUEUE).map((m) => m.body.caseNumber)).toEqual(numbers);
    expect(sentTo(TEST_ROUTING_QUEUE).map((m) => m.body.caseNumber)).toEqual(numbers);
  });

  it('reports every record with a message for a queue that refused, and none whose messages all went', async () => {
    sqs.on(SendMessageBatchCommand, { QueueUrl: TEST_ROUTING_QUEUE }).rejects(new Error('AWS.SimpleQueueService.NonExistentQueue'));
    const [letterOnly] = itemsOf(letters(ack));
    const [withRouting] = itemsOf([...letters({ ...ack, id: `ack:${CASE}:2` }), routingRequest(CASE, 'registered')]);
    const logs = captureLogs();
    const result = await handler({ Records: [streamRecord(letterOnly!, 1), streamRecord(withRouting!, 2)] });
    logs.restore();
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '2' }]);
    // The operator reads which queue refused, and why.
    expect(logs.entries().find((e) => e.level === 'ERROR')).toMatchObject({ queue: 'routing', reason: 'AWS.SimpleQueueService.NonExistentQueue' });
    // The letters went; the item that failed is delivered again whole, and the mailer recognises its letter by id.
    expect(sentTo(TEST_NOTIFY_QUEUE).map((m) => m.body.id)).toEqual([ack.id, `ack:${CASE}:2`]);
  });

  it('reports a record whose packed body cannot be read, and still sends the others', async () => {
    const [good] = itemsOf(letters(ack));
    const logs = captureLogs();
    const result = await handler({ Records: [streamRecord({ ...good!, id: 'broken', packed: new Uint8Array([9, 0]) }, 1), streamRecord(good!, 2)] });
    logs.restore();
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '1' }]);
    expect(sentTo(TEST_NOTIFY_QUEUE).map((m) => m.body.id)).toEqual([ack.id]);
  });
});
