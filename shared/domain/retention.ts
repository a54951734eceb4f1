import type { Case, CaseMessage } from './case.js';
import { mailIdempotencyKey, threadKey } from './messages.js';

/**
 * Retention of archived cases (立卷归档, then 销毁): a case's file is kept
 * until its `retainUntil` (the configured years after archiving) and then
 * removed whole — its records, audit trail and material in the mail bucket —
 * leaving one line in the destruction register (销毁清册). Nothing of an open,
 * closed or still-retained case is removed: its material belongs to it, not
 * to the age of the objects.
 */

/** Whether a case's retention has run out at `now`: archived, and its `retainUntil` passed. */
export function retentionEnded(c: Pick<Case, 'status' | 'archive'>, now: string): boolean {
  return c.status === 'archived' && c.archive !== undefined && Date.parse(c.archive.retainUntil) <= Date.parse(now);
}

/** The case's own prefixes in the mail bucket: its attachments (any channel) and its archived file. */
export function materialPrefixes(caseNumber: string): string[] {
  return [`attachments/${caseNumber}/`, `archive/${caseNumber}/`];
}

/**
 * Files the case's messages name outside its own prefix: a repeat merged into
 * it (重复件并入原件) brought its files as they were stored, under the
 * repeat's number. They are this case's material too, removed with it.
 */
export function borrowedFiles(caseNumber: string, messages: readonly Pick<CaseMessage, 'attachments'>[]): string[] {
  const own = `attachments/${caseNumber}/`;
  return [...new Set(messages.flatMap((m) => (m.attachments ?? []).map((a) => a.key)).filter((key) => key.startsWith('attachments/') && !key.startsWith(own)))];
}

/** The case whose own material a file under `attachments/<case>/` is: a borrowed file's owner, who may still be kept. */
export function fileOwner(key: string): string | undefined {
  return /^attachments\/([^/]+)\//.exec(key)?.[1];
}

/** The message a repeat's words and files are kept as on the case it was merged into (shared/app/routing/merge-repeat.ts). */
export const MERGED_REPEAT_PREFIX = 'repeat:';
export const mergedRepeatMessageId = (repeat: string) => `${MERGED_REPEAT_PREFIX}${repeat}`;

/**
 * The raw emails the case holds (under `raw/`): each message received records
 * the key SES or the IMAP poller stored it under. Raw mail no case holds
 * expires by age instead (docs/storage.md "Retention").
 */
export function rawMailOf(messages: readonly Pick<CaseMessage, 'rawKey'>[]): string[] {
  return [...new Set(messages.flatMap((m) => (m.rawKey?.startsWith('raw/') ? [m.rawKey] : [])))];
}

/**
 * One line of the destruction register (销毁清册): what was removed and why it
 * could be, never who the petitioner was or what they wrote — case number,
 * jurisdiction, dates and counts only. Kept for good.
 */
export interface DestructionRecord {
  caseNumber: string;
  jurisdiction: string;
  /** The status the case had when removed: only an archived case is. */
  status: 'archived';
  archivedAt: string;
  /** The years it was kept after archiving (the configuration of the day it was archived). */
  retentionYears: number;
  /** The instant its retention ran out. */
  retainUntil: string;
  removedAt: string;
  removed: {
    /** Items of the case's collection: the case, its events, messages, contacts and index entries. */
    items: number;
    /** Entries of its audit trail. */
    auditEntries: number;
    /** Objects in the mail bucket: raw emails, attachments, the archived file and its copies. */
    objects: number;
  };
}

/** The register's line for a case removed at `removedAt` (the caller checked retentionEnded). */
/**
 * The records outside the case's own partitions that name it, found from its
 * messages: the record of each letter sent (a notification, which names the
 * case and never expires: it stands for the thread entry of our Message-ID),
 * the thread entries of the Message-IDs its mail went and came under, and
 * the idempotency record of each email received (which stands for that
 * email's thread entry). Removed with the case, each only where it still
 * names this case.
 */
export function linkedRecordsOf(messages: readonly Pick<CaseMessage, 'id' | 'direction' | 'messageIds'>[]): { notificationIds: string[]; threadKeys: string[]; idempotencyKeys: string[] } {
  const notificationIds = new Set<string>();
  const threadKeys = new Set<string>();
  const idempotencyKeys = new Set<string>();
  for (const message of messages) {
    if (message.direction === 'out') notificationIds.add(message.id);
    for (const messageId of message.messageIds ?? []) {
      threadKeys.add(threadKey(messageId));
      if (message.direction === 'in') {
        idempotencyKeys.add(`mail:${threadKey(messageId)}`);
        idempotencyKeys.add(mailIdempotencyKey({ messageId, contentHash: '' }));
      }
    }
  }
  return { notificationIds: [...notificationIds], threadKeys: [...threadKeys], idempotencyKeys: [...idempotencyKeys] };
}

export function destructionRecord(c: Case, removedAt: string, removed: DestructionRecord['removed']): DestructionRecord {
  const archive = c.archive!;
  return {
    caseNumber: c.caseNumber,
    jurisdiction: c.jurisdiction,
    status: 'archived',
    archivedAt: archive.at,
    retentionYears: new Date(archive.retainUntil).getUTCFullYear() - new Date(archive.at).getUTCFullYear(),
    retainUntil: archive.retainUntil,
    removedAt,
    removed,
  };
}
