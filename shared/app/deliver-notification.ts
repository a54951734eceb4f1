import { randomUUID } from 'node:crypto';
import type { CaseMessage } from '../domain/case.js';
import { threadKey } from '../domain/messages.js';
import type { Province } from '../config/province.js';
import type { OutgoingEmail } from '../domain/mail/outgoing-email.js';
import type { CaseStore, Clock, MailSender } from './ports.js';
import type { Notification } from './notification.js';

export interface DeliverDeps {
  store: CaseStore;
  sender: MailSender;
  compose: (mail: OutgoingEmail) => Promise<Uint8Array>;
  province: Province;
  clock: Clock;
}

/** A claim older than this is taken to belong to a worker that died; shorter than the queue's visibility timeout. */
const CLAIM_STALE_SECONDS = 60;

export type DeliveryOutcome = 'sent' | 'alreadySent';

/** Raised when another worker is sending the same notification right now; the queue retries later. */
export class NotificationBusy extends Error {
  readonly code = 'NotificationBusy';
}

/**
 * Sends one notification at most once in effect: a claim in the table makes a
 * redelivered message a no-op once sent. The sent mail is kept on its case,
 * and its Message-IDs are indexed so the petitioner's reply finds the case.
 */
export async function deliverNotification(deps: DeliverDeps, notification: Notification): Promise<DeliveryOutcome> {
  const now = deps.clock.now().toISOString();
  const claim = await deps.store.claimNotification(notification.id, now, CLAIM_STALE_SECONDS);
  if (claim === 'sent') return 'alreadySent';
  if (claim === 'busy') throw new NotificationBusy(`notification ${notification.id} is being sent by another worker`);

  const from = deps.province.config.mail.from;
  const messageId = `${randomUUID()}@${from.slice(from.indexOf('@') + 1)}`;
  const raw = await deps.compose({
    from: { address: from, ...(notification.fromName ? { name: notification.fromName } : {}) },
    to: notification.to,
    subject: notification.subject,
    text: notification.text,
    messageId,
    ...(notification.inReplyTo ? { inReplyTo: notification.inReplyTo } : {}),
    ...(notification.references.length ? { references: notification.references } : {}),
    headers: {
      ...(notification.replyTo ? { 'Reply-To': notification.replyTo } : {}),
      ...(notification.autoSubmitted ? { 'Auto-Submitted': notification.autoSubmitted, 'X-Auto-Response-Suppress': 'All' } : {}),
      ...(notification.caseNumber ? { 'X-Case-Number': notification.caseNumber } : {}),
    },
  });
  const { messageId: providerId } = await deps.sender.sendRaw(raw, { from, to: notification.to });
  const sentAt = deps.clock.now().toISOString();
  await deps.store.completeNotification(notification.id, sentAt, providerId);

  if (notification.caseNumber) {
    const message: CaseMessage = {
      caseNumber: notification.caseNumber,
      id: notification.id,
      direction: 'out',
      at: sentAt,
      from,
      to: notification.to,
      subject: notification.subject,
      text: notification.text,
      messageIds: [messageId, `${providerId}@email.amazonses.com`],
      attachments: [],
      kind: notification.kind,
    };
    // Replies quote either our Message-ID or the one SES substituted (keyed by the SES id).
    await deps.store.putOutboundMessage(message, [threadKey(messageId), threadKey(`${providerId}@email.amazonses.com`)]);
  }
  return 'sent';
}
