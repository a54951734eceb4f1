import * as z from 'zod';

const unitId = z.string().min(1).max(100);
const reason = z.string().trim().min(1).max(2_000);
const requestedAt = z.iso.datetime({ offset: true }).optional();
/** The case's version whoever asked decided on: applied only to that version (two staff at once: one wins, the other is refused with what changed). */
const expectedVersion = z.int().positive().optional();
/** Sent with an Idempotency-Key (the command id then comes from it): the request's fingerprint, kept with the outcome, so the key reused for another request is refused. */
const fingerprint = z.string().max(100).optional();

/**
 * A handoff on the FIFO handoff queue (message group = case, so a case's
 * handoffs apply in order). `id` is the idempotency key: the same command
 * delivered twice applies once.
 */
export const handoffCommandSchema = z.discriminatedUnion('action', [
  z.strictObject({
    id: z.string().min(1).max(200),
    action: z.literal('assign'),
    caseNumber: z.string(),
    lead: unitId,
    cooperating: z.array(unitId).max(20).default([]),
    by: z.string(),
    /** The office that assigns; set when it is above the unit's jurisdiction (交办: report back). */
    byJurisdiction: z.string(),
    /** When it was asked for (set by requestHandoff); absent on commands queued before it was kept. */
    requestedAt: requestedAt,
    expectedVersion,
    fingerprint,
    reason: reason.optional(),
  }),
  z.strictObject({
    id: z.string().min(1).max(200),
    action: z.literal('transfer'),
    caseNumber: z.string(),
    toJurisdiction: z.string(),
    lead: unitId.optional(),
    cooperating: z.array(unitId).max(20).default([]),
    by: z.string(),
    byJurisdiction: z.string(),
    /** When it was asked for (set by requestHandoff); absent on commands queued before it was kept. */
    requestedAt: requestedAt,
    expectedVersion,
    fingerprint,
    reason,
  }),
  z.strictObject({
    id: z.string().min(1).max(200),
    action: z.literal('return'),
    caseNumber: z.string(),
    by: z.string(),
    byJurisdiction: z.string(),
    /** When it was asked for (set by requestHandoff); absent on commands queued before it was kept. */
    requestedAt: requestedAt,
    expectedVersion,
    fingerprint,
    reason,
  }),
]);

export type HandoffCommand = z.output<typeof handoffCommandSchema>;
export type HandoffCommandInput = z.input<typeof handoffCommandSchema>;

/** The idempotency key of a handoff: its command id, written in the transaction of the change it makes (or of its refusal). */
export const handoffIdempotencyKey = (commandId: string) => `handoff:${commandId}`;
