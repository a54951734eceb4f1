import * as z from 'zod';
import { recordOnCase, threadKey } from '../domain/messages.js';
import { CaseNotFound } from '../domain/errors.js';
import { commitCaseChange } from './change-case.js';
import { NOTIFICATION_TAG } from './notification.js';
import { RetryLater, type CaseLookups, type CaseRecords, type Clock, type IdempotencyRecords, type SentMail } from './ports.js';

/** How long after sending a message may still be on its way to its case's file. */
const FILING_GRACE_MS = 5 * 60_000;

/**
 * What SES reports about mail we sent (the configuration set's event
 * destination: SNS topic → SQS with raw delivery): that it accepted a message
 * (Send), or a bounce or a complaint, with SES's id of the message and the
 * email tags the mailer set. Only the fields we use are read; the rest of
 * SES's event passes through unchecked.
 */
export const sesFeedbackSchema = z.object({
  eventType: z.enum(['Send', 'Bounce', 'Complaint']),
  mail: z.object({
    messageId: z.string().min(1),
    timestamp: z.string().optional(),
    /** SES gives each tag as a list of values. */
    tags: z.record(z.string(), z.array(z.string())).optional(),
  }),
  bounce: z
    .object({
      bounceType: z.string(),
      bounceSubType: z.string().optional(),
      bouncedRecipients: z.array(z.object({ diagnosticCode: z.string().optional(), status: z.string().optional(), action: z.string().optional() }).loose()).default([]),
      timestamp: z.string().optional(),
    })
    .loose()
    .optional(),
  complaint: z.object({ complaintFeedbackType: z.string().optional(), timestamp: z.string().optional() }).loose().optional(),
});
export type SesFeedback = z.output<typeof sesFeedbackSchema>;

export interface FeedbackDeps {
  store: Pick<CaseRecords, 'get' | 'getCaseRecord' | 'commit'> &
    Pick<IdempotencyRecords, 'findIdempotencyRecord'> &
    Pick<CaseLookups, 'findCaseByThreadKey'> &
    Pick<SentMail, 'confirmNotificationSent' | 'notificationsSent'>;
  clock: Clock;
}

export type FeedbackOutcome = 'recorded' | 'duplicate' | 'notOnACase' | 'confirmedSent' | 'alreadyMarkedSent' | 'notOurs';

/**
 * One SES event: a Send closes its notification's claim; a bounce or complaint goes on the case.
 * `knownSent`: the tags of the batch's Send events already recorded sent (sentAmong), read together.
 */
export async function handleMailFeedback(deps: FeedbackDeps, feedback: SesFeedback, knownSent: ReadonlySet<string> = new Set()): Promise<{ outcome: FeedbackOutcome; caseNumber?: string }> {
  return feedback.eventType === 'Send' ? confirmSent(deps, feedback, knownSent) : recordMailFeedback(deps, feedback);
}

/**
 * The notifications of a batch's Send events that the mailer has already recorded sent — nearly
 * all of them — in one batched read instead of one read per event. The bodies are read leniently:
 * one that is not an SES event is refused later, by itself. A failed read costs nothing but the
 * per-event reads it would have saved.
 */
export async function sentAmong(deps: Pick<FeedbackDeps, 'store'>, bodies: readonly string[]): Promise<ReadonlySet<string>> {
  const tags = bodies.flatMap((body) => {
    try {
      const parsed = sesFeedbackSchema.safeParse(JSON.parse(body));
      const tag = parsed.success && parsed.data.eventType === 'Send' ? parsed.data.mail.tags?.[NOTIFICATION_TAG]?.[0] : undefined;
      return tag ? [tag] : [];
    } catch {
      return [];
    }
  });
  // One event reads its own record for the same price.
  if (tags.length < 2) return new Set();
  try {
    return await deps.store.notificationsSent(tags);
  } catch {
    return new Set();
  }
}

/**
 * SES accepted a message: the notification it carries in its tag is marked
 * sent unless the mailer already did. Mail without our tag (sent by something
 * else through the same configuration set) is left alone.
 */
async function confirmSent(deps: FeedbackDeps, feedback: SesFeedback, knownSent: ReadonlySet<string>): Promise<{ outcome: FeedbackOutcome }> {
  const tag = feedback.mail.tags?.[NOTIFICATION_TAG]?.[0];
  if (!tag) return { outcome: 'notOurs' };
  if (knownSent.has(tag)) return { outcome: 'alreadyMarkedSent' };
  const sentAt = feedback.mail.timestamp ?? deps.clock.now().toISOString();
  const confirmed = await deps.store.confirmNotificationSent(tag, { sentAt, providerMessageId: feedback.mail.messageId });
  return { outcome: confirmed ? 'confirmedSent' : 'alreadyMarkedSent' };
}

/**
 * Records on its case that a letter did not reach the petitioner (a bounce)
 * or was reported as unwanted (a complaint), so staff post it or phone
 * instead. Recipients' addresses are not copied into the event (the case has
 * them); a redelivered event is recognised by its key and recorded once.
 */
async function recordMailFeedback(deps: FeedbackDeps, feedback: SesFeedback): Promise<{ outcome: FeedbackOutcome; caseNumber?: string }> {
  const caseNumber = await deps.store.findCaseByThreadKey(threadKey(`${feedback.mail.messageId}@email.amazonses.com`));
  if (!caseNumber) {
    // The mailer files what it sent on the case just after SES accepts it: a very early bounce may come first.
    const sentAt = Date.parse(feedback.mail.timestamp ?? '');
    if (Number.isFinite(sentAt) && deps.clock.now().getTime() - sentAt < FILING_GRACE_MS) {
      throw new RetryLater(`mail ${feedback.mail.messageId} is not filed on a case yet`);
    }
    return { outcome: 'notOnACase' };
  }
  const key = `ses-feedback:${feedback.mail.messageId}:${feedback.eventType}`;
  if (await deps.store.findIdempotencyRecord(key)) return { outcome: 'duplicate', caseNumber };
  const detail =
    feedback.eventType === 'Bounce'
      ? {
          feedback: 'bounce',
          sesMessageId: feedback.mail.messageId,
          bounceType: feedback.bounce?.bounceType,
          ...(feedback.bounce?.bounceSubType ? { bounceSubType: feedback.bounce.bounceSubType } : {}),
          diagnostic: feedback.bounce?.bouncedRecipients.map((r) => r.diagnosticCode ?? r.status).filter(Boolean).join('; '),
        }
      : { feedback: 'complaint', sesMessageId: feedback.mail.messageId, ...(feedback.complaint?.complaintFeedbackType ? { type: feedback.complaint.complaintFeedbackType } : {}) };
  const at = deps.clock.now().toISOString();
  try {
    const recorded = await commitCaseChange(
      deps,
      caseNumber,
      ({ case: found }) => ({
        ...recordOnCase(found, 'bounceRecorded', {
          at,
          actor: 'system:ses',
          reason: feedback.eventType === 'Bounce' ? '邮件无法送达信访人' : '信访人将邮件标记为垃圾邮件',
          detail,
        }),
        idempotencyKey: key,
        outcome: 'bounceRecorded',
      }),
      { read: 'record' },
    );
    return { outcome: recorded.result === 'duplicate' ? 'duplicate' : 'recorded', caseNumber };
  } catch (error) {
    if (error instanceof CaseNotFound) return { outcome: 'notOnACase' };
    throw error;
  }
}
