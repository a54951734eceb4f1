import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface StoredMessage {
  uid: number;
  flags: string[];
  internalDate: string;
  size: number;
  /** The message's bytes, under the store's messages/ folder. */
  file: string;
}

export interface FolderState {
  uidValidity: number;
  uidNext: number;
  /** In UID order: a message's sequence number is its place here, from 1. */
  messages: StoredMessage[];
}

interface StoreState {
  accounts: Record<string, { folders: Record<string, FolderState> }>;
}

export const INBOX = 'INBOX';

/**
 * The local IMAP server's mailboxes: one account per mail address, each with
 * folders of messages. Kept in `dir` (state.json and one file per message),
 * written before a change is acknowledged, so what the SMTP server accepted
 * survives a kill, as at a mail provider.
 */
export class ImapMailStore {
  private readonly state: StoreState;
  private readonly listeners = new Set<(account: string, folder: string) => void>();

  constructor(private readonly dir: string) {
    mkdirSync(join(dir, 'messages'), { recursive: true });
    const file = join(dir, 'state.json');
    this.state = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as StoreState) : { accounts: {} };
  }

  /** Called after every change that adds messages to a folder (a session reports the new EXISTS). */
  onChange(listener: (account: string, folder: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  folderNames(account: string): string[] {
    return Object.keys(this.account(account).folders);
  }

  /** A folder by name; INBOX in any case, as RFC 3501 says. */
  folder(account: string, name: string): FolderState | undefined {
    return this.account(account).folders[canonical(name)];
  }

  /** Creates a folder; false when it exists already. */
  create(account: string, name: string): boolean {
    const folders = this.account(account).folders;
    if (folders[canonical(name)]) return false;
    folders[canonical(name)] = newFolder();
    this.save();
    return true;
  }

  /** Appends a message to a folder (INBOX unless named); answers its UID once it is on disk. */
  deliver(account: string, raw: Uint8Array, folderName = INBOX, flags: string[] = []): number {
    const folder = this.requireFolder(account, folderName);
    const file = `${randomBytes(16).toString('hex')}.eml`;
    writeFileSync(join(this.dir, 'messages', file), raw);
    const uid = folder.uidNext;
    folder.uidNext += 1;
    folder.messages.push({ uid, flags: [...flags], internalDate: new Date().toISOString(), size: raw.byteLength, file });
    this.save();
    this.changed(account, canonical(folderName));
    return uid;
  }

  body(message: StoredMessage): Buffer {
    return readFileSync(join(this.dir, 'messages', message.file));
  }

  /** Adds, removes or replaces flags of the messages with these UIDs; answers the changed messages. */
  store(account: string, folderName: string, uids: ReadonlySet<number>, flags: readonly string[], mode: 'add' | 'remove' | 'replace'): StoredMessage[] {
    const folder = this.requireFolder(account, folderName);
    const changed = folder.messages.filter((m) => uids.has(m.uid));
    for (const message of changed) {
      const current = new Set(message.flags);
      if (mode === 'replace') current.clear();
      for (const flag of flags) {
        if (mode === 'remove') current.delete(flag);
        else current.add(flag);
      }
      message.flags = [...current];
    }
    this.save();
    return changed;
  }

  /** Copies messages to another folder; answers the [source UID, new UID] pairs and the target's UIDVALIDITY. */
  copy(account: string, fromName: string, uids: ReadonlySet<number>, toName: string): { uidValidity: number; pairs: [number, number][] } {
    const from = this.requireFolder(account, fromName);
    const to = this.requireFolder(account, toName);
    const pairs: [number, number][] = [];
    for (const message of from.messages.filter((m) => uids.has(m.uid))) {
      const file = `${randomBytes(16).toString('hex')}.eml`;
      copyFileSync(join(this.dir, 'messages', message.file), join(this.dir, 'messages', file));
      const uid = to.uidNext;
      to.uidNext += 1;
      to.messages.push({ ...message, uid, flags: message.flags.filter((f) => f !== '\\Recent'), file });
      pairs.push([message.uid, uid]);
    }
    this.save();
    if (pairs.length > 0) this.changed(account, canonical(toName));
    return { uidValidity: to.uidValidity, pairs };
  }

  /** Removes messages (those flagged \Deleted, or exactly these UIDs); answers their sequence numbers before removal, highest first. */
  expunge(account: string, folderName: string, which: { deleted: true; uids?: ReadonlySet<number> } | { uids: ReadonlySet<number> }): number[] {
    const folder = this.requireFolder(account, folderName);
    const removed: number[] = [];
    for (let i = folder.messages.length - 1; i >= 0; i--) {
      const message = folder.messages[i]!;
      const chosen = (!('deleted' in which) || message.flags.includes('\\Deleted')) && (!which.uids || which.uids.has(message.uid));
      if (!chosen) continue;
      folder.messages.splice(i, 1);
      rmSync(join(this.dir, 'messages', message.file), { force: true });
      removed.push(i + 1);
    }
    this.save();
    return removed;
  }

  /**
   * The server lost its UID map (a restore, a migration to another provider): a new
   * UIDVALIDITY and every message numbered again from 1. Clients must forget what they knew.
   */
  renumber(account: string, folderName = INBOX): number {
    const folder = this.requireFolder(account, folderName);
    folder.uidValidity = Math.max(folder.uidValidity + 1, Math.floor(Date.now() / 1000));
    folder.messages.forEach((m, i) => (m.uid = i + 1));
    folder.uidNext = folder.messages.length + 1;
    this.save();
    return folder.uidValidity;
  }

  private requireFolder(account: string, name: string): FolderState {
    const folder = this.folder(account, name);
    if (!folder) throw new Error(`no folder ${name} in ${account}`);
    return folder;
  }

  private account(address: string) {
    const key = address.toLowerCase();
    let account = this.state.accounts[key];
    if (!account) {
      account = { folders: { [INBOX]: newFolder() } };
      this.state.accounts[key] = account;
    }
    return account;
  }

  private changed(account: string, folder: string): void {
    for (const listener of this.listeners) listener(account.toLowerCase(), folder);
  }

  /** Written to a temporary file and renamed, so a kill leaves the old state or the new, never half. */
  private save(): void {
    const file = join(this.dir, 'state.json');
    writeFileSync(`${file}.tmp`, JSON.stringify(this.state));
    renameSync(`${file}.tmp`, file);
  }
}

function canonical(name: string): string {
  return name.toUpperCase() === INBOX ? INBOX : name;
}

function newFolder(): FolderState {
  return { uidValidity: Math.floor(Date.now() / 1000), uidNext: 1, messages: [] };
}
