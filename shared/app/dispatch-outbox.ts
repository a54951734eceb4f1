import type { OutboxMessage, OutboxQueue } from './outbox.js';
import type { Publisher } from './ports.js';

export interface DispatchDeps {
  queues: Record<OutboxQueue, Publisher<unknown>>;
}

/**
 * Moves the messages of committed outbox items to their queues under their
 * fixed ids (and, on the FIFO handoff queue, their case's message group):
 * each queue's messages in batches of ten, in the items' order, the queues at
 * once — a surge's outbox leaves in a tenth of the calls it took one by one.
 * At least once: the table's stream may deliver an item again, and each
 * queue's consumer recognises the id (the mailer's claim, the router's state
 * check, the handoff's idempotency record). Returns the positions of the items
 * not wholly sent (a queue that refused some of its messages: every item with
 * one for it), for the stream to deliver again.
 */
export async function dispatchOutboxes(
  deps: DispatchDeps,
  items: readonly (readonly OutboxMessage[])[],
): Promise<{ unsent: number[]; byQueue: Partial<Record<OutboxQueue, number>>; refused: { queue: OutboxQueue; reason: string }[] }> {
  const byQueue = new Map<OutboxQueue, { item: number; message: OutboxMessage }[]>();
  items.forEach((messages, item) => {
    for (const message of messages) byQueue.set(message.queue, [...(byQueue.get(message.queue) ?? []), { item, message }]);
  });
  const failed = await Promise.all(
    [...byQueue].map(async ([queue, entries]) => {
      try {
        await deps.queues[queue].publish(entries.map(({ message }) => ({ id: message.id, body: message.body, ...('groupId' in message ? { groupId: message.groupId } : {}) })));
        return undefined;
      } catch (error) {
        return { queue, reason: (error as Error).message, items: entries.map(({ item }) => item) };
      }
    }),
  );
  const refused = failed.filter((f) => f !== undefined);
  return {
    unsent: [...new Set(refused.flatMap((f) => f.items))].sort((a, b) => a - b),
    byQueue: Object.fromEntries([...byQueue].map(([queue, entries]) => [queue, entries.length])),
    refused: refused.map(({ queue, reason }) => ({ queue, reason })),
  };
}
