import type { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { OutboxMessage } from '../../app/outbox.js';
import { CASE_TABLE } from '../../resources/definitions.js';
import { outboxKey } from './keys.js';
import { pack } from './packed.js';

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** Outbox items are kept a while after dispatch so an operator can re-dispatch them (docs/storage.md "Outbox"). */
const OUTBOX_RETENTION_DAYS = 14;

/** What stays plain on an outbox item: the stream filter reads `entity`, an operator finds an item by queue and id. The body is packed. */
const OUTBOX_PLAIN_ATTRIBUTES: ReadonlySet<string> = new Set(['pk', 'sk', 'entity', 'queue', 'id', 'groupId', 'at', 'expiresAt']);

/**
 * The outbox items of a change, as puts of its transaction, in the partition
 * of what changed (a case, a reception session). Unconditional: ids are fixed
 * per change, and the dispatcher's consumers recognise repeats.
 */
export function outboxItems(tableName: string, partition: string, outbox: readonly OutboxMessage[], at: string): TransactItem[] {
  const expiresAt = Math.floor(Date.parse(at) / 1000) + OUTBOX_RETENTION_DAYS * 86_400;
  return outbox.map((message) => ({
    Put: {
      TableName: tableName,
      Item: pack({ ...outboxKey(partition, message.queue, message.id), entity: CASE_TABLE.stream.outboxEntity, ...message, at, expiresAt }, OUTBOX_PLAIN_ATTRIBUTES),
    },
  }));
}
