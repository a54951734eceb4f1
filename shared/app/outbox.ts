import * as z from 'zod';
import { handoffCommandSchema, type HandoffCommandInput } from './handoff/commands.js';
import { notificationSchema, routingRequestSchema, type NotificationInput, type RoutingRequest } from './notification.js';

/**
 * What a committed change causes: a letter to send, a case to route (a
 * handoff to apply: none is written now — the router's and a triage
 * decision's assignment is applied with the acceptance — but one written
 * before an upgrade still leaves). Written as items of the case's transaction (the outbox)
 * and moved to their queue by the dispatcher (functions/dispatcher) from the
 * table's stream, so nothing is sent for a write that did not commit and
 * nothing committed is left unsent. `id` is fixed per change: the queue's
 * consumer recognises a redelivery by it.
 */
export type OutboxMessage =
  | { queue: 'notify'; id: string; body: NotificationInput }
  | { queue: 'routing'; id: string; body: RoutingRequest }
  | { queue: 'handoff'; id: string; body: HandoffCommandInput; groupId: string };

export type OutboxQueue = OutboxMessage['queue'];

/** An outbox item as the dispatcher reads it back from the stream: checked, not trusted. */
export const outboxMessageSchema = z.discriminatedUnion('queue', [
  z.strictObject({ queue: z.literal('notify'), id: z.string().min(1), body: notificationSchema }),
  z.strictObject({ queue: z.literal('routing'), id: z.string().min(1), body: routingRequestSchema }),
  z.strictObject({ queue: z.literal('handoff'), id: z.string().min(1), body: handoffCommandSchema, groupId: z.string().min(1) }),
]);

/** Letters of a change; a letter that does not apply (no address, anonymous) is `undefined` and dropped. */
export function letters(...notices: readonly (NotificationInput | undefined)[]): OutboxMessage[] {
  return notices.filter((n): n is NotificationInput => n !== undefined).map((n) => ({ queue: 'notify', id: n.id, body: n }));
}

/**
 * An automatic email between the office and units (never to a petitioner),
 * each recipient once: about a case when `caseNumber` is given, else about
 * the office's own arrangements (a reception day's accompanying units).
 */
export function officeMail(id: string, to: readonly string[], fromName: string, letter: { subject: string; body: string }, caseNumber?: string): NotificationInput {
  return { id, kind: 'notice', ...(caseNumber ? { caseNumber } : {}), to: [...new Set(to)], fromName, subject: letter.subject, text: letter.body, autoSubmitted: 'auto-generated' };
}

/** The router's work for a case; one id per reason, so a repeat is recognised. */
export function routingRequest(caseNumber: string, reason: Exclude<RoutingRequest['reason'], 'repeatReceived' | 'decided'>): OutboxMessage {
  return { queue: 'routing', id: `route:${caseNumber}:${reason}`, body: { caseNumber, reason } };
}

/** A repeat's material for the open case it repeats (mergeRepeat); one id per repeat. */
export function repeatReceived(caseNumber: string, repeat: string, supervise?: RoutingRequest['supervise']): OutboxMessage {
  return { queue: 'routing', id: `repeat:${caseNumber}:${repeat}`, body: { caseNumber, reason: 'repeatReceived', repeat, ...(supervise ? { supervise } : {}) } };
}
