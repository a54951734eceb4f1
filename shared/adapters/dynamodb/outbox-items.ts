import type { NativeAttributeValue, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { OutboxMessage } from '../../app/outbox.js';
import { CASE_TABLE } from '../../resources/definitions.js';
import { outboxKey } from './keys.js';
import { pack, unpack } from './packed.js';

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];
type Item = Record<string, NativeAttributeValue>;

/** Outbox items are kept a while after dispatch so an operator can re-dispatch them (docs/storage.md "Outbox"). */
const OUTBOX_RETENTION_DAYS = 14;

/**
 * What stays plain on an outbox item: the stream filter reads `entity`; the
 * first message's queue and id, and how many messages, tell an operator what
 * it holds. The messages are packed.
 */
const OUTBOX_PLAIN_ATTRIBUTES: ReadonlySet<string> = new Set(['pk', 'sk', 'entity', 'queue', 'id', 'count', 'at', 'expiresAt']);

/**
 * The outbox of a change, as one put of its transaction, in the partition of
 * what changed (a case, a reception session): every message the change causes
 * (an acknowledgement, an alert, a routing request…) in one item, since a
 * transaction bills each item apart. Keyed by the first message's queue and
 * the ids, which are fixed per change; unconditional, as the dispatcher's
 * consumers recognise repeats.
 */
export function outboxItems(tableName: string, partition: string, outbox: readonly OutboxMessage[], at: string): TransactItem[] {
  if (outbox.length === 0) return [];
  const [first] = outbox as [OutboxMessage, ...OutboxMessage[]];
  const expiresAt = Math.floor(Date.parse(at) / 1000) + OUTBOX_RETENTION_DAYS * 86_400;
  const item = {
    ...outboxKey(partition, first.queue, outbox.map((message) => message.id).join('\n')),
    entity: CASE_TABLE.stream.outboxEntity,
    queue: first.queue,
    id: first.id,
    count: outbox.length,
    messages: outbox.map((message) => ({ ...message })),
    at,
    expiresAt,
  };
  return [{ Put: { TableName: tableName, Item: pack(item, OUTBOX_PLAIN_ATTRIBUTES) } }];
}

/**
 * The messages an outbox item holds, in the order the change listed them, as
 * the dispatcher reads them (unchecked). Items written before outboxes were
 * one item per change hold one message, its `queue`, `id`, `body` and `groupId`
 * on the item itself.
 */
export function outboxMessagesOf(stored: Item): unknown[] {
  const item = unpack(stored);
  if (Array.isArray(item.messages)) return item.messages as unknown[];
  return [{ queue: item.queue, id: item.id, body: item.body, ...(item.groupId ? { groupId: item.groupId } : {}) }];
}
