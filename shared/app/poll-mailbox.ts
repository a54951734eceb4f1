import { rawMailPrefix } from '../resources/definitions.js';
import type { MailStore } from './ports.js';

/**
 * Mail in by IMAP (issue 18): where SES cannot receive for the offices (the
 * AWS China regions), a scheduled function polls each office mailbox at the
 * province's mail provider and stores every new message under the same
 * `raw/<mailbox>/` prefix the SES receipt rule writes to; the bucket's
 * notification queues it for intake exactly as it does SES's objects.
 */

/** One mailbox to poll and how to reach it (from the stage configuration). */
export interface PolledMailbox {
  address: string;
  host: string;
  port: number;
  /** Implicit TLS; only the local stand-in on a loopback address speaks plain IMAP. */
  tls: boolean;
  /** The Secrets Manager secret of the mailbox's domain. */
  secretName: string;
  /** The folder new mail arrives in (INBOX). */
  folder: string;
  /** Where a stored message is moved; without it the message is flagged \Seen and stays. */
  storedFolder?: string;
}

/** Where the poll got to in one folder: the last UID stored, valid while the folder keeps its UIDVALIDITY. */
export interface MailboxCursor {
  uidValidity: string;
  lastUid: number;
  /** The next UID, which the provider would not give (an error, or no body) at the last `tries` polls in a row. */
  failing?: { uid: number; tries: number };
  /**
   * UIDs passed over after MAX_FETCH_TRIES such polls (a message the
   * provider cannot serve would otherwise hold back every later petition):
   * never stored, so never moved or flagged — they stay in the folder for
   * staff to read and register by hand. The newest SKIPPED_KEPT.
   */
  skipped?: number[];
}

/** Polls in a row a message may fail to be fetched before it is passed over (at five-minute polls, about 25 minutes). */
export const MAX_FETCH_TRIES = 5;
const SKIPPED_KEPT = 100;

/** The cursors, one per mailbox folder; every advance is conditional on the cursor read. */
export interface MailboxCursors {
  read(mailbox: string, folder: string): Promise<MailboxCursor | undefined>;
  /** Writes `next` only if the stored cursor is still `expected` (none yet when undefined); false if another poll moved it first. */
  advance(mailbox: string, folder: string, expected: MailboxCursor | undefined, next: MailboxCursor, at: string): Promise<boolean>;
}

/** One folder of a mailbox, open for a poll. */
export interface OpenMailbox {
  readonly uidValidity: string;
  /** UIDs above `uid`, ascending. */
  uidsAfter(uid: number): Promise<number[]>;
  /** UIDs up to `uid` still waiting to be moved or flagged (an earlier poll stored them but stopped before). */
  storedNotMarked(uid: number): Promise<number[]>;
  /** The message's bytes, or undefined when it has gone (deleted by someone meanwhile). */
  fetch(uid: number): Promise<Uint8Array | undefined>;
  /** Moves the messages to the stored folder, or flags them \Seen where there is none. */
  markStored(uids: readonly number[]): Promise<void>;
  close(): Promise<void>;
}

export interface MailboxServer {
  open(mailbox: PolledMailbox): Promise<OpenMailbox>;
}

export interface PollMailboxDeps {
  server: MailboxServer;
  cursors: MailboxCursors;
  mail: Pick<MailStore, 'putObject'>;
  clock: { now(): Date };
  /**
   * Told of each message once stored (the urgent pre-check, docs/storage.md "Priority lanes").
   * Must not throw: the bucket's notification queues the message for intake either way.
   */
  afterStored?: (key: string, raw: Uint8Array) => Promise<void>;
}

export interface MailboxPollReport {
  mailbox: string;
  /** Messages stored under raw/<mailbox>/ by this poll. */
  stored: number;
  /** Messages moved or flagged, this poll's and any an earlier poll left. */
  marked: number;
  /** New messages left for the next poll (over the per-poll limit). */
  waiting: number;
  /** The folder's UIDVALIDITY changed: every message in it was taken again (intake drops those it has by Message-ID). */
  resynchronised: boolean;
  /** Another poll of the same mailbox advanced the cursor first; it marks what it stored. */
  overtaken: boolean;
  /** UIDs passed over by this poll after MAX_FETCH_TRIES failed fetches: left in the folder, for staff to register by hand. */
  skipped: number[];
}

const sameFailing = (a: MailboxCursor['failing'], b: MailboxCursor['failing']) => a?.uid === b?.uid && a?.tries === b?.tries;

/** Where a polled message is stored: the office's prefix, then the folder's UIDVALIDITY and the message's UID. */
export function polledMessageKey(mailbox: string, uidValidity: string, uid: number): string {
  return `${rawMailPrefix(mailbox)}imap-${uidValidity}-${uid}`;
}

/** A mailbox that could not be polled to the end; what was stored before the failure is kept and counted. */
export class MailboxPollError extends Error {
  constructor(
    readonly report: MailboxPollReport,
    cause: unknown,
  ) {
    super(`polling ${report.mailbox} stopped after ${report.stored} message(s): ${(cause as Error).message}`, { cause });
    this.name = 'MailboxPollError';
  }
}

/**
 * One poll of one mailbox folder. Each new message (UID above the cursor) is
 * stored, in UID order; then the cursor moves to the last stored UID (a
 * conditional write), and only then are the stored messages moved or flagged.
 * A failure part-way keeps what was stored (the cursor moves past it) and
 * stops, so nothing is stored twice; a crash between storing and the cursor
 * stores the same messages again under the same keys, and intake, idempotent
 * on the Message-ID, makes no second case. A changed UIDVALIDITY means the
 * server numbered its messages anew: the cursor starts again from 0. A
 * message the provider will not serve (an error, or no body) stops the poll
 * at it, MAX_FETCH_TRIES polls in a row at most; then it is passed over and
 * left in the folder, and the function logs an error naming it, so one bad
 * message does not hold back every petition after it.
 */
export async function pollMailbox(deps: PollMailboxDeps, mailbox: PolledMailbox, options: { maxMessages: number }): Promise<MailboxPollReport> {
  const report: MailboxPollReport = { mailbox: mailbox.address, stored: 0, marked: 0, waiting: 0, resynchronised: false, overtaken: false, skipped: [] };
  const open = await deps.server.open(mailbox);
  try {
    const cursor = await deps.cursors.read(mailbox.address, mailbox.folder);
    report.resynchronised = cursor !== undefined && cursor.uidValidity !== open.uidValidity;
    const from = cursor && !report.resynchronised ? cursor.lastUid : 0;

    const passedOver = new Set(cursor && !report.resynchronised ? (cursor.skipped ?? []) : []);
    // Stored by an earlier poll that stopped before moving them; not those passed over, which were never stored.
    if (from > 0) {
      const leftOver = (await open.storedNotMarked(from)).filter((uid) => !passedOver.has(uid));
      if (leftOver.length > 0) {
        await open.markStored(leftOver);
        report.marked += leftOver.length;
      }
    }

    const fresh = (await open.uidsAfter(from)).filter((uid) => uid > from);
    const taken = fresh.slice(0, options.maxMessages);
    report.waiting = fresh.length - taken.length;
    const stored: number[] = [];
    let lastUid = from;
    let failure: unknown;
    let failing: MailboxCursor['failing'];
    const earlierFailing = cursor && !report.resynchronised ? cursor.failing : undefined;
    for (const uid of taken) {
      let raw: Uint8Array | undefined;
      try {
        raw = await open.fetch(uid);
        // No body for a UID the folder listed: gone meanwhile, or a provider's hiccup. Not taken as gone on one answer —
        // moving it later as "stored" would lose it — but counted as a failed fetch.
        if (!raw) throw new Error(`UID ${uid} was listed but its FETCH answered no message`);
      } catch (error) {
        const tries = (earlierFailing?.uid === uid ? earlierFailing.tries : 0) + 1;
        if (tries < MAX_FETCH_TRIES) {
          failing = { uid, tries };
          failure = error;
          break;
        }
        // Passed over, left in the folder for staff (the function logs it as an error): the petitions after it go on.
        report.skipped.push(uid);
        lastUid = uid;
        continue;
      }
      try {
        const key = polledMessageKey(mailbox.address, open.uidValidity, uid);
        await deps.mail.putObject(key, raw, 'message/rfc822');
        await deps.afterStored?.(key, raw);
        stored.push(uid);
        report.stored += 1;
        lastUid = uid;
      } catch (error) {
        // Our side (the bucket): tried again at the next poll, however often.
        failure = error;
        break;
      }
    }
    const skipped = [...passedOver, ...report.skipped].slice(-SKIPPED_KEPT);

    if (lastUid !== from || report.resynchronised || (!cursor && fresh.length === 0) || !sameFailing(failing, earlierFailing)) {
      const next: MailboxCursor = { uidValidity: open.uidValidity, lastUid, ...(failing ? { failing } : {}), ...(skipped.length ? { skipped } : {}) };
      const moved = await deps.cursors.advance(mailbox.address, mailbox.folder, cursor, next, deps.clock.now().toISOString());
      report.overtaken = !moved;
      if (moved && stored.length > 0) {
        // Not moved now (the connection dropped, say): the next poll finds them below the cursor and moves them.
        await open.markStored(stored).then(
          () => void (report.marked += stored.length),
          (error: unknown) => void (failure ??= error),
        );
      }
    }
    if (failure !== undefined) throw new MailboxPollError(report, failure);
    return report;
  } finally {
    await open.close();
  }
}
