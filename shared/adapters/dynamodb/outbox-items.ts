import type { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { OutboxMessage } from '../../app/outbox.js';
import { CASE_TABLE } from '../../resources/definitions.js';
import { outboxKey } from './keys.js';
import { pack } from './packed.js';

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

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
