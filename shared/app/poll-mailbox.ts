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
}

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
}

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
 * server numbered its messages anew: the cursor starts again from 0.
 */
export async function pollMailbox(deps: PollMailboxDeps, mailbox: PolledMailbox, options: { maxMessages: number }): Promise<MailboxPollReport> {
  const report: MailboxPollReport = { mailbox: mailbox.address, stored: 0, marked: 0, waiting: 0, resynchronised: false, overtaken: false };
  const open = await deps.server.open(mailbox);
  try {
    const cursor = await deps.cursors.read(mailbox.address, mailbox.folder);
    report.resynchronised = cursor !== undefined && cursor.uidValidity !== open.uidValidity;
    const from = cursor && !report.resynchronised ? cursor.lastUid : 0;

    // Stored by an earlier poll that stopped before moving them.
    if (from > 0) {
      const leftOver = await open.storedNotMarked(from);
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
    for (const uid of taken) {
      try {
        const raw = await open.fetch(uid);
        // Gone before it could be read (deleted at the provider): nothing to store, and nothing to wait for.
        if (raw) {
          const key = polledMessageKey(mailbox.address, open.uidValidity, uid);
          await deps.mail.putObject(key, raw, 'message/rfc822');
          await deps.afterStored?.(key, raw);
          stored.push(uid);
          report.stored += 1;
        }
        lastUid = uid;
      } catch (error) {
        failure = error;
        break;
      }
    }

    if (lastUid !== from || report.resynchronised || (!cursor && fresh.length === 0)) {
      const moved = await deps.cursors.advance(mailbox.address, mailbox.folder, cursor, { uidValidity: open.uidValidity, lastUid }, deps.clock.now().toISOString());
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
