import type { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { OutboxMessage } from '../../app/outbox.js';
import { CASE_TABLE } from '../../resources/definitions.js';
import { outboxKey } from './keys.js';

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** Outbox items are kept a while after dispatch so an operator can re-dispatch them (docs/storage.md "Outbox"). */
const OUTBOX_RETENTION_DAYS = 14;

/**
 * The outbox items of a change, as puts of its transaction, in the partition
 * of what changed (a case, a reception session). Unconditional: ids are fixed
 * per change, and the dispatcher's consumers recognise repeats.
 */
export function outboxItems(tableName: string, partition: string, outbox: readonly OutboxMessage[], at: string): TransactItem[] {
  const expiresAt = Math.floor(Date.parse(at) / 1000) + OUTBOX_RETENTION_DAYS * 86_400;
  return outbox.map((message) => ({
    Put: { TableName: tableName, Item: { ...outboxKey(partition, message.queue, message.id), entity: CASE_TABLE.stream.outboxEntity, ...message, at, expiresAt } },
  }));
}
