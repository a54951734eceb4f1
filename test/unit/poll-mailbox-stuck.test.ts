import { describe, expect, it } from 'vitest';
import { MAX_FETCH_TRIES, pollMailbox, type MailboxCursor, type MailboxCursors, type MailboxServer, type OpenMailbox, type PolledMailbox } from '../../shared/app/poll-mailbox.js';

/** An in-memory folder whose FETCH of some UIDs fails (an error, or an answer without the message). */
class Folder {
  inbox = new Map<number, Uint8Array>();
  filed = new Set<number>();
  fetchFails = new Map<number, 'error' | 'empty' | 'emptyOnce'>();
  server(): MailboxServer {
    return {
      open: async (): Promise<OpenMailbox> => ({
        uidValidity: '7',
        uidsAfter: async (uid) => [...this.inbox.keys()].filter((u) => u > uid).sort((a, b) => a - b),
        storedNotMarked: async (uid) => [...this.inbox.keys()].filter((u) => u <= uid).sort((a, b) => a - b),
        fetch: async (uid) => {
          const mode = this.fetchFails.get(uid);
          if (mode === 'error') throw new Error(`UID FETCH ${uid}: NO message cannot be read`);
          if (mode === 'emptyOnce') this.fetchFails.delete(uid);
          if (mode === 'empty' || mode === 'emptyOnce') return undefined;
          return this.inbox.get(uid);
        },
        markStored: async (uids) => {
          for (const uid of uids) {
            this.filed.add(uid);
            this.inbox.delete(uid);
          }
        },
        close: async () => undefined,
      }),
    };
  }
}

function cursorTable(): MailboxCursors & { value?: MailboxCursor } {
  const table: MailboxCursors & { value?: MailboxCursor } = {
    read: async () => table.value,
    advance: async (_mailbox, _folder, expected, next) => {
      if (expected?.lastUid !== table.value?.lastUid || expected?.uidValidity !== table.value?.uidValidity) return false;
      table.value = next;
      return true;
    },
  };
  return table;
}

const MAILBOX: PolledMailbox = { address: 'xinfang@tonglu.petitions.example', host: 'imap.example', port: 993, tls: true, secretName: 's', folder: 'INBOX', storedFolder: '已入库' };
const petition = (n: number) => new TextEncoder().encode(`Message-ID: <p${n}@qq.example>\r\nSubject: petition ${n}\r\n\r\n…`);

function bed() {
  const folder = new Folder();
  for (let uid = 1; uid <= 4; uid++) folder.inbox.set(uid, petition(uid));
  const bucket = new Map<string, Uint8Array>();
  const cursors = cursorTable();
  const deps = { server: folder.server(), cursors, mail: { putObject: async (key: string, body: Uint8Array) => void bucket.set(key, body) }, clock: { now: () => new Date('2026-12-06T02:00:00Z') } };
  const poll = () => pollMailbox(deps, MAILBOX, { maxMessages: 50 });
  const storedUids = () => [...bucket.keys()].map((key) => Number(key.split('-').at(-1)));
  return { folder, cursors, poll, storedUids };
}

describe('a message the provider will not serve', () => {
  it('holds the mailbox back a few polls, then is passed over and left in the inbox; the petitions after it are stored', async () => {
    const { folder, cursors, poll, storedUids } = bed();
    folder.fetchFails.set(2, 'error');
    for (let i = 1; i < MAX_FETCH_TRIES; i++) await expect(poll()).rejects.toThrow(/message cannot be read/);
    expect(storedUids()).toEqual([1]);
    expect(cursors.value).toMatchObject({ lastUid: 1, failing: { uid: 2, tries: MAX_FETCH_TRIES - 1 } });

    const report = await poll();
    expect(report.skipped).toEqual([2]);
    expect(storedUids()).toEqual([1, 3, 4]);
    expect(cursors.value).toMatchObject({ lastUid: 4, skipped: [2] });
    expect(cursors.value?.failing).toBeUndefined();
    // Never stored, so never filed as stored: staff find it in the inbox, on this poll and every later one.
    await poll();
    expect([...folder.inbox.keys()]).toEqual([2]);
    expect([...folder.filed].sort()).toEqual([1, 3, 4]);
  });

  it('does not take a message answered once without its body as gone: it is stored at the next poll, not filed unstored', async () => {
    const { folder, poll, storedUids } = bed();
    folder.fetchFails.set(2, 'emptyOnce');
    await expect(poll()).rejects.toThrow(/answered no message/);
    await poll();
    expect(storedUids()).toEqual([1, 2, 3, 4]);
    expect(folder.inbox.size).toBe(0);
  });

  it('counts the tries afresh for another message', async () => {
    const { folder, cursors, poll } = bed();
    folder.fetchFails.set(2, 'error');
    await expect(poll()).rejects.toThrow();
    folder.fetchFails.delete(2);
    folder.fetchFails.set(3, 'error');
    await expect(poll()).rejects.toThrow();
    expect(cursors.value).toMatchObject({ lastUid: 2, failing: { uid: 3, tries: 1 } });
  });
});
