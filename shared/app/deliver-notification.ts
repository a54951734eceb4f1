import type { CaseMessage } from '../domain/case.js';
import { threadKey } from '../domain/messages.js';
import type { Province } from '../domain/province.js';
import type { OutgoingEmail } from '../domain/mail/outgoing-email.js';
import { RetryLater, type CaseStore, type Clock, type MailSender, type Publisher } from './ports.js';
import { NOTIFICATION_TAG, NOTIFY_LANES, notificationLane, notificationTag, type Notification } from './notification.js';
import type { ReplyTagger } from './intake/reply-tag.js';

export interface DeliverDeps {
  store: CaseStore;
  sender: MailSender;
  compose: (mail: OutgoingEmail) => Promise<Uint8Array>;
  province: Province;
  clock: Clock;
  /** Letters to a petitioner ask for replies at the case's tagged address, which proves a reply's sender got our mail. */
  replyTags: ReplyTagger;
  /** Where a letter's `followedBy` go once it is sent: their lanes (LanePublisher). */
  followers: Publisher<Notification>;
}

/** A claim older than this is taken to belong to a worker that died; shorter than the queue's visibility timeout. */
const CLAIM_STALE_SECONDS = 60;

/** `void`: its decision was withdrawn before it was sent (撤销原决定), so it never will be. */
export type DeliveryOutcome = 'sent' | 'alreadySent' | 'void';

/** Raised when another worker is sending the same notification right now; the queue retries later. */
export class NotificationBusy extends RetryLater {}

/**
 * Sends one notification once: a claim in the table makes a redelivered
 * message a no-op once sent. A worker that dies after SES accepted the mail
 * but before marking it sent leaves the claim open; SES's Send event, tagged
 * with the notification, closes it (`confirmNotificationSent`), so the worker
 * that takes the claim over later finds it sent. The sent mail is kept on its
 * case, and its Message-IDs are indexed so the petitioner's reply finds the case.
 */
export async function deliverNotification(deps: DeliverDeps, notification: Notification, options: { notAfter?: number; lastTry?: boolean } = {}): Promise<DeliveryOutcome> {
  const followers = notification.followedBy ?? [];
  const release = () => deps.followers.publish(followers.map((letter) => ({ id: letter.id, body: { ...letter } })));
  let outcome: DeliveryOutcome;
  try {
    outcome = await sendOnce(deps, notification, options);
  } catch (error) {
    // Failing its last try, the letter is parked in the dead-letter queue. Its followers are not parked with it: refused
    // for what it says, it fails a redrive too, and they would never go. They go on their own lanes, late rather than never.
    // Should that fail as well, they stay in it, and a redrive sends them with it.
    if (options.lastTry && followers.length) await release().catch(() => undefined);
    throw error;
  }
  // Only now, and on every delivery: a worker that died after the send but before this publishes them on the redelivery,
  // and a follower published twice is sent once (its own claim).
  if (followers.length) await release();
  return outcome;
}

async function sendOnce(deps: DeliverDeps, notification: Notification, options: { notAfter?: number }): Promise<DeliveryOutcome> {
  const now = deps.clock.now().toISOString();
  const tag = notificationTag(notification.id);
  const from = deps.province.config.mail.from;
  // The same letter always has the same Message-ID: were it ever sent twice, mail clients show it once.
  const messageId = `${deps.replyTags.messageIdPart(notification.id)}@${from.slice(from.indexOf('@') + 1)}`;
  const claim = await deps.store.claimNotification(notification.id, now, CLAIM_STALE_SECONDS);
  if (claim.state === 'busy') {
    // Tried again once the claim would be taken over, should its worker have died (a restart, a timeout).
    const staleIn = claim.claimedAt ? Date.parse(claim.claimedAt) + CLAIM_STALE_SECONDS * 1000 - Date.parse(now) : 0;
    throw new NotificationBusy(`notification ${notification.id} is being sent by another worker`, Math.max(1, Math.ceil(staleIn / 1000) + 1));
  }
  if (claim.state === 'void') return 'void';
  if (claim.state === 'sent') {
    // Sent before, but the attempt may have stopped before keeping it on the case: keep it now (idempotent).
    await recordSent(deps, notification, { ...claim, messageId: claim.messageId ?? messageId });
    return 'alreadySent';
  }

  const raw = await deps.compose({
    from: { address: from, ...(notification.fromName ? { name: notification.fromName } : {}) },
    to: notification.to,
    subject: notification.subject,
    text: notification.text,
    messageId,
    ...(notification.inReplyTo ? { inReplyTo: notification.inReplyTo } : {}),
    ...(notification.references.length ? { references: notification.references } : {}),
    headers: {
      ...(notification.replyTo ? { 'Reply-To': replyAddress(deps, notification) } : {}),
      ...(notification.autoSubmitted ? { 'Auto-Submitted': notification.autoSubmitted, 'X-Auto-Response-Suppress': 'All' } : {}),
      ...(notification.caseNumber ? { 'X-Case-Number': notification.caseNumber } : {}),
    },
  });
  const { messageId: providerMessageId } = await deps.sender.sendRaw(raw, {
    from,
    to: notification.to,
    tags: { [NOTIFICATION_TAG]: tag },
    priority: NOTIFY_LANES.indexOf(notificationLane(notification)),
    // Given up before the send, the claim is left open: it is stale (60 s) before the queue shows the message again (120 s).
    ...(options.notAfter !== undefined ? { notAfter: options.notAfter } : {}),
  });
  await recordSent(deps, notification, { sentAt: deps.clock.now().toISOString(), providerMessageId, messageId });
  return 'sent';
}

/** The office mailbox, tagged for the case when the letter goes to one person on it (the petitioner). */
function replyAddress(deps: DeliverDeps, notification: Notification): string {
  const mailbox = notification.replyTo!;
  const [to] = notification.to;
  return notification.caseNumber && notification.to.length === 1 && to ? deps.replyTags.tag(mailbox, notification.caseNumber, to) : mailbox;
}

/** Records the notification sent, and keeps it on its case with the Message-IDs a reply may quote. */
async function recordSent(deps: DeliverDeps, notification: Notification, sent: { sentAt: string; providerMessageId: string; messageId: string }): Promise<void> {
  if (!notification.caseNumber) return deps.store.recordSent(notification.id, sent);
  // The ids the recipient's copy may carry (SES replaces ours with its own); replies and bounces quote one.
  const messageIds = deps.sender.recipientMessageIds(sent);
  const message: CaseMessage = {
    caseNumber: notification.caseNumber,
    id: notification.id,
    direction: 'out',
    at: sent.sentAt,
    from: deps.province.config.mail.from,
    to: notification.to,
    subject: notification.subject,
    // What only the recipient may know (a query code) is not kept where staff read the correspondence.
    text: (notification.withheld ?? []).reduce((text, secret) => text.split(secret).join('（已隐去）'), notification.text),
    messageIds,
    attachments: [],
    kind: notification.kind,
  };
  await deps.store.recordSent(notification.id, sent, { message, threadKeys: messageIds.map(threadKey) });
}
