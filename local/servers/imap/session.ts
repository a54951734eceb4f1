import { CommandSyntaxError, quoted, text, type Token } from './command-reader.js';
import { decodeMailboxName, encodeMailboxName } from './mailbox-name.js';
import { isSequenceSet, resolveSet } from './sequence-set.js';
import { INBOX, type ImapMailStore, type StoredMessage } from './store.js';

/** What the local server offers: IMAP4rev1 with UID MOVE and UID EXPUNGE, which imapflow uses when offered. */
export const CAPABILITIES = 'IMAP4rev1 UIDPLUS MOVE';

const SYSTEM_FLAGS = ['\\Answered', '\\Flagged', '\\Deleted', '\\Seen', '\\Draft'];
const DELIMITER = '/';

/** An answer that ends the command: `NO` or `BAD` with a response code and text. */
class Refusal extends Error {
  constructor(
    readonly status: 'NO' | 'BAD',
    message: string,
  ) {
    super(message);
  }
}

export interface SessionIo {
  write(data: string | Buffer): void;
  end(): void;
}

/**
 * One client's conversation (RFC 3501): not authenticated → LOGIN →
 * authenticated → SELECT/EXAMINE → selected → LOGOUT. Commands are handled
 * one at a time, synchronously against the store.
 */
export class ImapSession {
  private account: string | undefined;
  /** After LOGOUT: the connection closes once the tagged answer is written. */
  private ending = false;
  private selected: { name: string; readOnly: boolean; known: number } | undefined;

  constructor(
    private readonly store: ImapMailStore,
    private readonly authenticate: (user: string, password: string) => string | undefined,
    private readonly io: SessionIo,
  ) {}

  greet(): void {
    this.untagged(`OK [CAPABILITY ${CAPABILITIES}] petitions mailboxes (local) ready`);
  }

  handle(tokens: Token[]): void {
    const tag = typeof tokens[0] === 'string' && /^[^\s(){%*"\\]+$/.test(tokens[0]) ? tokens[0] : '*';
    try {
      if (tag === '*') throw new CommandSyntaxError('missing tag');
      const name = text(tokens[1], 'a command').toUpperCase();
      const args = tokens.slice(2);
      this.tagged(tag, `OK ${name === 'UID' ? this.uidCommand(args) : this.command(name, args)}`);
    } catch (error) {
      if (error instanceof Refusal) this.tagged(tag, `${error.status} ${error.message}`);
      else if (error instanceof CommandSyntaxError) this.tagged(tag, `BAD ${error.message}`);
      else this.tagged(tag, `NO [SERVERBUG] ${(error as Error).message}`);
    }
  }

  /** Runs one command; answers the tagged OK's text. */
  private command(name: string, args: Token[]): string {
    switch (name) {
      case 'CAPABILITY':
        this.untagged(`CAPABILITY ${CAPABILITIES}`);
        return 'CAPABILITY completed';
      case 'NOOP':
      case 'CHECK':
        this.reportNewMessages();
        return `${name} completed`;
      case 'LOGOUT':
        this.untagged('BYE logging out');
        this.account = undefined;
        this.selected = undefined;
        this.ending = true;
        return 'LOGOUT completed';
      case 'LOGIN':
        return this.login(args);
    }
    const account = this.requireLogin();
    switch (name) {
      case 'LIST':
      case 'LSUB':
        return this.list(name, account, args);
      case 'CREATE': {
        const folder = decodeMailboxName(text(args[0], 'a mailbox name'));
        if (!this.store.create(account, folder)) throw new Refusal('NO', '[ALREADYEXISTS] mailbox already exists');
        return 'CREATE completed';
      }
      case 'SUBSCRIBE':
      case 'UNSUBSCRIBE':
        return `${name} completed`;
      case 'SELECT':
      case 'EXAMINE':
        return this.select(account, decodeMailboxName(text(args[0], 'a mailbox name')), name === 'EXAMINE');
      case 'STATUS':
        return this.status(account, args);
    }
    const selected = this.requireSelected();
    switch (name) {
      case 'CLOSE':
        if (!selected.readOnly) this.store.expunge(account, selected.name, { deleted: true });
        this.selected = undefined;
        return 'CLOSE completed';
      case 'UNSELECT':
        this.selected = undefined;
        return 'UNSELECT completed';
      case 'EXPUNGE':
        this.expunge(account, selected, { deleted: true });
        return 'EXPUNGE completed';
      case 'SEARCH':
        return this.search(account, selected.name, args, false);
      case 'FETCH':
        return this.fetch(account, selected, args, false);
      case 'STORE':
        return this.storeFlags(account, selected, args, false);
      case 'COPY':
        return this.copy(account, selected.name, args, false);
      case 'MOVE':
        return this.move(account, selected, args, false);
    }
    throw new CommandSyntaxError(`unknown command ${name}`);
  }

  private uidCommand(args: Token[]): string {
    const name = text(args[0], 'a UID command').toUpperCase();
    const account = this.requireLogin();
    const selected = this.requireSelected();
    const rest = args.slice(1);
    switch (name) {
      case 'SEARCH':
        return this.search(account, selected.name, rest, true);
      case 'FETCH':
        return this.fetch(account, selected, rest, true);
      case 'STORE':
        return this.storeFlags(account, selected, rest, true);
      case 'COPY':
        return this.copy(account, selected.name, rest, true);
      case 'MOVE':
        return this.move(account, selected, rest, true);
      case 'EXPUNGE':
        this.expunge(account, selected, { deleted: true, uids: this.uidsOf(account, selected.name, text(rest[0], 'a UID set')) });
        return 'UID EXPUNGE completed';
    }
    throw new CommandSyntaxError(`unknown UID command ${name}`);
  }

  private login(args: Token[]): string {
    if (this.account) throw new Refusal('BAD', 'already logged in');
    const account = this.authenticate(text(args[0], 'a user name'), text(args[1], 'a password'));
    if (!account) throw new Refusal('NO', '[AUTHENTICATIONFAILED] invalid credentials');
    this.account = account;
    return `[CAPABILITY ${CAPABILITIES}] logged in`;
  }

  private list(name: string, account: string, args: Token[]): string {
    const reference = decodeMailboxName(text(args[0], 'a reference name'));
    const pattern = decodeMailboxName(text(args[1], 'a mailbox pattern'));
    if (pattern === '') {
      this.untagged(`${name} (\\Noselect) "${DELIMITER}" ""`);
      return `${name} completed`;
    }
    const full = `${reference}${pattern}`;
    const matcher = new RegExp(`^${full.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/%/g, `[^${DELIMITER}]*`)}$`, full.toUpperCase().startsWith(INBOX) ? 'i' : '');
    for (const folder of this.store.folderNames(account)) {
      if (!matcher.test(folder)) continue;
      this.untagged(`${name} (\\HasNoChildren) "${DELIMITER}" ${quoted(encodeMailboxName(folder))}`);
    }
    return `${name} completed`;
  }

  private select(account: string, name: string, readOnly: boolean): string {
    this.selected = undefined;
    const folder = this.store.folder(account, name);
    if (!folder) throw new Refusal('NO', '[NONEXISTENT] no such mailbox');
    this.untagged(`FLAGS (${SYSTEM_FLAGS.join(' ')})`);
    this.untagged(`OK [PERMANENTFLAGS (${SYSTEM_FLAGS.join(' ')} \\*)] flags permitted`);
    this.untagged(`${folder.messages.length} EXISTS`);
    this.untagged('0 RECENT');
    this.untagged(`OK [UIDVALIDITY ${folder.uidValidity}] UIDs valid`);
    this.untagged(`OK [UIDNEXT ${folder.uidNext}] predicted next UID`);
    this.selected = { name: name.toUpperCase() === INBOX ? INBOX : name, readOnly, known: folder.messages.length };
    return `[${readOnly ? 'READ-ONLY' : 'READ-WRITE'}] ${readOnly ? 'EXAMINE' : 'SELECT'} completed`;
  }

  private status(account: string, args: Token[]): string {
    const name = decodeMailboxName(text(args[0], 'a mailbox name'));
    const items = Array.isArray(args[1]) ? args[1].map((t) => text(t, 'a status item').toUpperCase()) : [];
    const folder = this.store.folder(account, name);
    if (!folder) throw new Refusal('NO', '[NONEXISTENT] no such mailbox');
    const values: Record<string, number> = {
      MESSAGES: folder.messages.length,
      RECENT: 0,
      UIDNEXT: folder.uidNext,
      UIDVALIDITY: folder.uidValidity,
      UNSEEN: folder.messages.filter((m) => !m.flags.includes('\\Seen')).length,
    };
    const answered = items.filter((i) => i in values).map((i) => `${i} ${values[i]}`);
    this.untagged(`STATUS ${quoted(encodeMailboxName(name))} (${answered.join(' ')})`);
    return 'STATUS completed';
  }

  private search(account: string, folderName: string, args: Token[], byUid: boolean): string {
    const folder = this.store.folder(account, folderName)!;
    let criteria = args;
    if (typeof criteria[0] === 'string' && criteria[0].toUpperCase() === 'CHARSET') criteria = criteria.slice(2);
    const matching = folder.messages.map((m, i) => ({ m, seq: i + 1 })).filter(({ m, seq }) => matches(criteria, m, seq, folder.messages));
    const numbers = matching.map(({ m, seq }) => (byUid ? m.uid : seq));
    this.untagged(`SEARCH${numbers.map((n) => ` ${n}`).join('')}`);
    return `${byUid ? 'UID ' : ''}SEARCH completed`;
  }

  private fetch(account: string, selected: NonNullable<ImapSession['selected']>, args: Token[], byUid: boolean): string {
    const folder = this.store.folder(account, selected.name)!;
    const chosen = this.chosen(folder.messages, text(args[0], 'a sequence set'), byUid);
    const items = fetchItems(args[1]);
    if (byUid && !items.includes('UID')) items.unshift('UID');
    const marksSeen = !selected.readOnly && items.some((i) => i.startsWith('BODY[') || i === 'RFC822' || i === 'RFC822.TEXT');
    for (const { message, seq } of chosen) {
      if (marksSeen && !message.flags.includes('\\Seen')) {
        this.store.store(account, selected.name, new Set([message.uid]), ['\\Seen'], 'add');
        if (!items.includes('FLAGS')) items.push('FLAGS');
      }
      const parts: (string | Buffer)[] = [];
      let head = `* ${seq} FETCH (`;
      items.forEach((item, i) => {
        const sep = i === 0 ? '' : ' ';
        const value = this.fetchValue(message, item);
        if (Buffer.isBuffer(value)) {
          head += `${sep}${item.replace('.PEEK', '')} {${value.length}}\r\n`;
          parts.push(head, value);
          head = '';
        } else {
          head += `${sep}${item} ${value}`;
        }
      });
      parts.push(`${head})\r\n`);
      for (const part of parts) this.io.write(part);
    }
    return `${byUid ? 'UID ' : ''}FETCH completed`;
  }

  private fetchValue(message: StoredMessage, item: string): string | Buffer {
    switch (item) {
      case 'UID':
        return String(message.uid);
      case 'FLAGS':
        return `(${message.flags.join(' ')})`;
      case 'RFC822.SIZE':
        return String(message.size);
      case 'INTERNALDATE':
        return `"${internalDate(new Date(message.internalDate))}"`;
    }
    const body = this.store.body(message);
    const split = body.indexOf('\r\n\r\n');
    const header = split < 0 ? body : body.subarray(0, split + 4);
    switch (item) {
      case 'BODY[]':
      case 'BODY.PEEK[]':
      case 'RFC822':
        return body;
      case 'BODY[HEADER]':
      case 'BODY.PEEK[HEADER]':
      case 'RFC822.HEADER':
        return header;
      case 'BODY[TEXT]':
      case 'BODY.PEEK[TEXT]':
      case 'RFC822.TEXT':
        return split < 0 ? Buffer.alloc(0) : body.subarray(split + 4);
    }
    throw new CommandSyntaxError(`this server does not fetch ${item}`);
  }

  private storeFlags(account: string, selected: NonNullable<ImapSession['selected']>, args: Token[], byUid: boolean): string {
    if (selected.readOnly) throw new Refusal('NO', '[READ-ONLY] mailbox was examined, not selected');
    const folder = this.store.folder(account, selected.name)!;
    const chosen = this.chosen(folder.messages, text(args[0], 'a sequence set'), byUid);
    const action = /^([+-]?)FLAGS(\.SILENT)?$/i.exec(text(args[1], 'a flags item'));
    if (!action) throw new CommandSyntaxError('expected FLAGS, +FLAGS or -FLAGS');
    const flags = (Array.isArray(args[2]) ? args[2] : args.slice(2)).map((f) => text(f, 'a flag'));
    const mode = action[1] === '+' ? 'add' : action[1] === '-' ? 'remove' : 'replace';
    this.store.store(account, selected.name, new Set(chosen.map((c) => c.message.uid)), flags, mode);
    if (!action[2]) {
      for (const { message, seq } of chosen) this.untagged(`${seq} FETCH (${byUid ? `UID ${message.uid} ` : ''}FLAGS (${message.flags.join(' ')}))`);
    }
    return `${byUid ? 'UID ' : ''}STORE completed`;
  }

  private copy(account: string, folderName: string, args: Token[], byUid: boolean): string {
    const { uidValidity, pairs } = this.copyMessages(account, folderName, args, byUid);
    const code = pairs.length > 0 ? `[COPYUID ${uidValidity} ${pairs.map((p) => p[0]).join(',')} ${pairs.map((p) => p[1]).join(',')}] ` : '';
    return `${code}${byUid ? 'UID ' : ''}COPY completed`;
  }

  private move(account: string, selected: NonNullable<ImapSession['selected']>, args: Token[], byUid: boolean): string {
    if (selected.readOnly) throw new Refusal('NO', '[READ-ONLY] mailbox was examined, not selected');
    const { uidValidity, pairs } = this.copyMessages(account, selected.name, args, byUid);
    if (pairs.length > 0) {
      this.untagged(`OK [COPYUID ${uidValidity} ${pairs.map((p) => p[0]).join(',')} ${pairs.map((p) => p[1]).join(',')}] moved`);
      // MOVE removes what it moved, whatever its flags.
      this.expunge(account, selected, { uids: new Set(pairs.map((p) => p[0])) });
    }
    return `${byUid ? 'UID ' : ''}MOVE completed`;
  }

  private copyMessages(account: string, folderName: string, args: Token[], byUid: boolean) {
    const folder = this.store.folder(account, folderName)!;
    const chosen = this.chosen(folder.messages, text(args[0], 'a sequence set'), byUid);
    const target = decodeMailboxName(text(args[1], 'a mailbox name'));
    if (!this.store.folder(account, target)) throw new Refusal('NO', '[TRYCREATE] no such mailbox');
    return this.store.copy(account, folderName, new Set(chosen.map((c) => c.message.uid)), target);
  }

  /** EXPUNGE and UID EXPUNGE remove what is flagged \Deleted (of those UIDs); MOVE exactly what it moved. */
  private expunge(account: string, selected: NonNullable<ImapSession['selected']>, which: Parameters<ImapMailStore['expunge']>[2]): void {
    if (selected.readOnly) throw new Refusal('NO', '[READ-ONLY] mailbox was examined, not selected');
    const removed = this.store.expunge(account, selected.name, which);
    for (const seq of removed) this.untagged(`${seq} EXPUNGE`);
    selected.known -= removed.length;
  }

  private uidsOf(account: string, folderName: string, set: string): Set<number> {
    const folder = this.store.folder(account, folderName)!;
    return new Set(this.chosen(folder.messages, set, true).map((c) => c.message.uid));
  }

  private chosen(messages: readonly StoredMessage[], set: string, byUid: boolean): { message: StoredMessage; seq: number }[] {
    if (!isSequenceSet(set)) throw new CommandSyntaxError(`invalid sequence set ${set}`);
    const numbered = messages.map((message, i) => ({ message, seq: i + 1 }));
    const wanted = resolveSet(set, numbered.map((n) => (byUid ? n.message.uid : n.seq)));
    return numbered.filter((n) => wanted.has(byUid ? n.message.uid : n.seq));
  }

  private reportNewMessages(): void {
    if (!this.selected || !this.account) return;
    const folder = this.store.folder(this.account, this.selected.name);
    if (folder && folder.messages.length !== this.selected.known) {
      this.selected.known = folder.messages.length;
      this.untagged(`${folder.messages.length} EXISTS`);
    }
  }

  private requireLogin(): string {
    if (!this.account) throw new Refusal('NO', 'log in first');
    return this.account;
  }

  private requireSelected(): NonNullable<ImapSession['selected']> {
    if (!this.selected) throw new Refusal('NO', 'select a mailbox first');
    return this.selected;
  }

  private untagged(line: string): void {
    this.io.write(`* ${line}\r\n`);
  }

  private tagged(tag: string, line: string): void {
    this.io.write(`${tag} ${line}\r\n`);
    if (this.ending) this.io.end();
  }
}

/** The items of a FETCH, macros expanded, upper-cased. */
function fetchItems(token: Token | undefined): string[] {
  const raw = Array.isArray(token) ? token.map((t) => text(t, 'a fetch item')) : [text(token, 'fetch items')];
  return raw.flatMap((item) => {
    const upper = item.toUpperCase();
    if (upper === 'FAST' || upper === 'ALL' || upper === 'FULL') return ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE'];
    return [upper];
  });
}

/** SEARCH keys this server understands (all ANDed): ALL, UID <set>, <seq set>, SEEN, UNSEEN, DELETED, UNDELETED, NOT, (…). */
function matches(criteria: readonly Token[], message: StoredMessage, seq: number, all: readonly StoredMessage[]): boolean {
  for (let i = 0; i < criteria.length; i++) {
    const token = criteria[i]!;
    if (Array.isArray(token)) {
      if (!matches(token, message, seq, all)) return false;
      continue;
    }
    const key = token.toUpperCase();
    switch (key) {
      case 'ALL':
        break;
      case 'SEEN':
      case 'UNSEEN':
        if (message.flags.includes('\\Seen') !== (key === 'SEEN')) return false;
        break;
      case 'DELETED':
      case 'UNDELETED':
        if (message.flags.includes('\\Deleted') !== (key === 'DELETED')) return false;
        break;
      case 'UID': {
        const set = text(criteria[++i], 'a UID set');
        if (!resolveSet(set, all.map((m) => m.uid)).has(message.uid)) return false;
        break;
      }
      case 'NOT': {
        const next = criteria[++i];
        if (next === undefined) throw new CommandSyntaxError('NOT needs a search key');
        if (matches([next, ...(typeof next === 'string' && next.toUpperCase() === 'UID' ? [criteria[++i]!] : [])], message, seq, all)) return false;
        break;
      }
      default:
        if (!isSequenceSet(key)) throw new CommandSyntaxError(`this server does not search by ${key}`);
        if (!resolveSet(key, all.map((_, n) => n + 1)).has(seq)) return false;
    }
  }
  return true;
}

/** INTERNALDATE as IMAP writes it: `03-Dec-2026 20:15:02 +0000`. */
function internalDate(date: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}-${months[date.getUTCMonth()]}-${date.getUTCFullYear()} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}
