import type { OutboxMessage, OutboxQueue } from './outbox.js';
import type { Publisher } from './ports.js';

export interface DispatchDeps {
  queues: Record<OutboxQueue, Publisher<unknown>>;
}

/**
 * Moves one committed outbox item to its queue under its fixed id (and, on
 * the FIFO handoff queue, its case's message group). At least once: the
 * table's stream may deliver an item again, and the queue's consumer
 * recognises the id (the mailer's claim, the router's state check, the
 * handoff's idempotency record).
 */
export async function dispatchOutbox(deps: DispatchDeps, message: OutboxMessage): Promise<void> {
  await deps.queues[message.queue].publish([{ id: message.id, body: message.body, ...('groupId' in message ? { groupId: message.groupId } : {}) }]);
}
