import type { Case, CaseEvent, CaseEventType, CaseMessage } from './case.js';
import { InvalidTransition } from './errors.js';

/**
 * Adding material to a case (the petitioner's reply, a bounce of our mail) is
 * an event like any change: it bumps the version so nothing is lost in a race.
 * Archived cases take no more material.
 */
export function recordOnCase(
  current: Case,
  type: Extract<CaseEventType, 'messageReceived' | 'bounceRecorded' | 'noted' | 'reminded' | 'escalated'>,
  meta: { at: string; actor: string; detail?: Record<string, unknown>; reason?: string },
): { case: Case; event: CaseEvent } {
  if (current.status === 'archived') throw new InvalidTransition(type, current.status, 'an archived case takes no more material').inChinese('已归档的事项不再收录材料');
  const next: Case = { ...current, version: current.version + 1, updatedAt: meta.at };
  const event: CaseEvent = {
    caseNumber: current.caseNumber,
    seq: next.version,
    type,
    at: meta.at,
    actor: meta.actor,
    ...(meta.reason ? { reason: meta.reason } : {}),
    ...(meta.detail ? { detail: meta.detail } : {}),
  };
  return { case: next, event };
}

/**
 * The idempotency key of an incoming email: its Message-ID (lowercased), else
 * a hash of its content. For an email with a Message-ID this is `mail:` and its
 * thread key, so the record it leaves can stand for its thread entry too.
 */
export function mailIdempotencyKey(email: { messageId?: string | undefined; contentHash: string }): string {
  return `mail:${email.messageId ? email.messageId.toLowerCase() : `sha256:${email.contentHash}`}`;
}

/** The thread key an incoming email's idempotency record stands for (see mailIdempotencyKey), if any. */
export function threadKeyOfIdempotencyKey(idempotencyKey: string): string | undefined {
  return idempotencyKey.startsWith('mail:') && !idempotencyKey.startsWith('mail:sha256:') ? idempotencyKey.slice('mail:'.length) : undefined;
}

/** The idempotency record that may stand for a thread key: the one of the incoming email with that Message-ID. */
export function idempotencyKeyOfThreadKey(threadKey: string): string {
  return `mail:${threadKey}`;
}

/**
 * The key under which a Message-ID is indexed for threading. SES replaces the
 * Message-ID of what we send with `<id>@<region>.amazonses.com` (or
 * `@email.amazonses.com`), so those are keyed by the SES id alone.
 */
export function threadKey(messageId: string): string {
  const id = messageId.trim().replace(/^<|>$/g, '');
  const ses = /^([^@]+)@(?:[a-z0-9-]+\.)?amazonses\.com$/i.exec(id);
  return ses ? `ses:${ses[1]}` : id.toLowerCase();
}

/** The id an incoming email is downloaded by: the last part of its raw copy's key (SES's object id, or the IMAP poller's). */
export function originalEmailId(message: Pick<CaseMessage, 'direction' | 'rawKey'>): string | undefined {
  if (message.direction !== 'in' || !message.rawKey?.startsWith('raw/')) return undefined;
  return message.rawKey.slice(message.rawKey.lastIndexOf('/') + 1);
}
