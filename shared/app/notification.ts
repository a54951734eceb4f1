import { createHash } from 'node:crypto';
import * as z from 'zod';
import { ourMessageIdTag } from '../domain/mail/delivery-status.js';

/**
 * A message on the notify queue: one email the mailer is to send. `id` is the
 * idempotency key: the same notification queued twice is sent once.
 */
const letterSchema = z.strictObject({
  id: z.string().min(1).max(400),
  kind: z.enum(['acknowledgement', 'urgentAlert', 'petitionerMessage', 'notice', 'queryCode']),
  caseNumber: z.string().optional(),
  to: z.array(z.email()).min(1).max(50),
  /** Display name of the office sending it. */
  fromName: z.string().optional(),
  /** Where the recipient's answer should go (the office mailbox, so replies are threaded). */
  replyTo: z.email().optional(),
  subject: z.string().min(1).max(500),
  text: z.string().min(1).max(100_000),
  inReplyTo: z.string().optional(),
  references: z.array(z.string()).default([]),
  /** Marks machine-sent mail (RFC 3834) so the other side's autoresponders stay quiet. */
  autoSubmitted: z.enum(['auto-replied', 'auto-generated']).optional(),
  /** Strings of the text (a web petitioner's query code) sent to the recipient but left out of the copy kept on the case. */
  withheld: z.array(z.string().min(1).max(200)).max(5).optional(),
});

export const notificationSchema = letterSchema.extend({
  /**
   * Letters that must not reach the recipient before this one: put on their
   * own lanes by the mailer once this one is sent (or found sent, or void),
   * never before. An email petition accepted at registration has its 受理告知
   * follow its acknowledgement this way (docs/storage.md "Priority lanes").
   */
  followedBy: z.array(letterSchema).max(20).optional(),
});

export type Notification = z.output<typeof notificationSchema>;

/** The SES email tag naming a notification; its ids may hold any character, a tag only [A-Za-z0-9_-]. */
export const NOTIFICATION_TAG = 'notification';
export const notificationTag = (id: string): string => createHash('sha256').update(id).digest('base64url');

/**
 * A notification's tag in hex: the first half of its Message-ID's local part
 * (`<tag hex>.<mac>`, ReplyTagger.messageIdPart). Thread keys are lower-cased
 * (threadKey), which hex survives, so a reply or a report quoting that
 * Message-ID leads back to the notification's record, which names its case:
 * no thread entry per letter sent.
 */
export const notificationTagHex = (id: string): string => Buffer.from(notificationTag(id), 'base64url').toString('hex');

/**
 * The tag of the notification whose Message-ID a thread key is, if it has that
 * form. The form alone proves nothing (tags are hashes of guessable ids): the
 * intake keeps only Message-IDs whose mac verifies (ReplyTagger.genuine).
 */
export function notificationTagOfThreadKey(key: string): string | undefined {
  const hex = ourMessageIdTag(key);
  return hex ? Buffer.from(hex, 'hex').toString('base64url') : undefined;
}
export type NotificationInput = z.input<typeof notificationSchema>;

/** A message on the routing queue: a registered case waiting to be routed. */
export const routingRequestSchema = z
  .strictObject({
    caseNumber: z.string(),
    /**
     * `decided`: staff routed the case from the triage list; the router learns the decision (learnFromDecision).
     * `repeatReceived`: a repeat (`repeat`, declined as a 重复件) brought material on this open case, which takes it (mergeRepeat).
     */
    reason: z.enum(['registered', 'reopened', 'returned', 'decided', 'handedDown', 'repeatReceived']),
    /** With `decided`: the decision's id (the staff's assignment command), the office whose triage list held the case, the lead unit chosen. */
    decision: z.strictObject({ id: z.string().min(1), office: z.string().min(1), lead: z.string().min(1), at: z.string().min(1) }).optional(),
    /** With `repeatReceived`: the repeat's case number. */
    repeat: z.string().min(1).optional(),
    /**
     * With `repeatReceived`, when the router declined the repeat as 上级督办: the office
     * above that supervises, and the clock it found run out (as the petitioner was told).
     */
    supervise: z.strictObject({ by: z.string().min(1), clock: z.enum(['handling', 'reply']), deadline: z.string().min(1) }).optional(),
  })
  .refine((request) => (request.reason === 'decided') === (request.decision !== undefined), {
    message: 'a decision comes with reason "decided", and only then',
    path: ['decision'],
  })
  .refine((request) => (request.reason === 'repeatReceived') === (request.repeat !== undefined), {
    message: 'a repeat comes with reason "repeatReceived", and only then',
    path: ['repeat'],
  })
  .refine((request) => request.supervise === undefined || request.repeat !== undefined, { message: 'supervision comes only with a repeat', path: ['supervise'] });
export type RoutingRequest = z.output<typeof routingRequestSchema>;

/**
 * The lanes outgoing mail waits in, most pressing first (docs/storage.md
 * "Priority lanes"): an urgent matter's alert to the leaders; a petitioner's
 * acknowledgement of receipt, and a query code asked for on the portal; everything else — notices to units and offices,
 * letters to petitioners, reminders, escalations, digests — which can wait
 * out a surge of acknowledgements.
 */
export const NOTIFY_LANES = ['notifyUrgent', 'notify', 'notifyRoutine'] as const;
export type NotifyLane = (typeof NOTIFY_LANES)[number];

export function notificationLane(notification: { kind: Notification['kind'] }): NotifyLane {
  switch (notification.kind) {
    case 'urgentAlert':
      return 'notifyUrgent';
    // A petitioner waits at the portal for a query code.
    case 'acknowledgement':
    case 'queryCode':
      return 'notify';
    default:
      return 'notifyRoutine';
  }
}
