import type { Case, CaseEvent, CaseEventType } from './case.js';
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
  if (current.status === 'archived') throw new InvalidTransition(type, current.status, 'an archived case takes no more material');
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
 * The key under which a Message-ID is indexed for threading. SES replaces the
 * Message-ID of what we send with `<id>@<region>.amazonses.com` (or
 * `@email.amazonses.com`), so those are keyed by the SES id alone.
 */
export function threadKey(messageId: string): string {
  const id = messageId.trim().replace(/^<|>$/g, '');
  const ses = /^([^@]+)@(?:[a-z0-9-]+\.)?amazonses\.com$/i.exec(id);
  return ses ? `ses:${ses[1]}` : id.toLowerCase();
}
