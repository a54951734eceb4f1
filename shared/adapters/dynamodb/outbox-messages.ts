import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import { unpack } from './packed.js';

type Item = Record<string, NativeAttributeValue>;

// Apart from outbox-items.ts (which builds keys, and so imports the domain) to keep the dispatcher's bundle small.

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
