import type { Case, CaseMessage } from './case.js';

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

/** The message a repeat's words and files are kept as on the case it was merged into (shared/app/routing/merge-repeat.ts). */
export const mergedRepeatMessageId = (repeat: string) => `repeat:${repeat}`;

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
