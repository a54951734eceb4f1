/**
 * Durable state of the local SQS: a snapshot file plus an append-only journal of
 * mutations (one JSON line each). Mutations are appended synchronously before the
 * request that caused them is answered, so an acknowledged SendMessage or
 * DeleteMessage survives a killed process (no fsync per line: a power cut is not
 * covered). At start the snapshot is loaded, the journal replayed, and both are
 * compacted into a new snapshot; while running, compaction happens only when the
 * journal has grown to several times the snapshot, so its cost is amortised.
 *
 * The snapshot carries a generation and the journal starts with a `begin` line
 * naming the generation it extends; a journal from an older generation (a crash
 * between writing a snapshot and truncating the journal) is already in the
 * snapshot and is ignored.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { StoredMessage } from './messages.js';
import type { DedupEntry, MoveTask, Mutation, QueueState, SqsStore } from './store.js';

/** Compact once the journal is larger than this many times the last snapshot (and at least `compactMinBytes`). */
const COMPACT_FACTOR = 4;
const DEFAULT_COMPACT_MIN_BYTES = 8 * 1_048_576;

interface Snapshot {
  version: 1;
  /** Absent in files written before the journal existed (generation 0). */
  generation?: number;
  queues: {
    name: string;
    fifo: boolean;
    attributes: Record<string, string>;
    createdAt: number;
    modifiedAt: number;
    tags: [string, string][];
    messages: StoredMessage[];
    dedup: [string, DedupEntry][];
    nextSequence: string;
  }[];
  moveTasks?: MoveTask[];
}

type JournalLine = Mutation | { op: 'begin'; generation: number };

export interface StateJournal {
  record(mutation: Mutation): void;
  /** Appends what is pending; called before any answer goes out. */
  flush(): void;
  close(): void;
}

/** For a server without a data file. */
export const NO_JOURNAL: StateJournal = { record: () => undefined, flush: () => undefined, close: () => undefined };

export class FileJournal implements StateJournal {
  private readonly journalFile: string;
  private fd: number | undefined;
  private pending: string[] = [];
  private flushQueued = false;
  private generation = 0;
  private journalBytes = 0;
  private snapshotBytes = 0;
  private store: SqsStore | undefined;

  constructor(
    private readonly snapshotFile: string,
    private readonly compactMinBytes = DEFAULT_COMPACT_MIN_BYTES,
  ) {
    this.journalFile = snapshotFile.replace(/(\.json)?$/, '.journal');
    mkdirSync(dirname(snapshotFile), { recursive: true });
  }

  /** Loads the snapshot and replays the journal into `store`, then compacts both. */
  open(store: SqsStore): void {
    this.store = store;
    const snapshot = readSnapshot(this.snapshotFile);
    if (snapshot) restore(store, snapshot);
    this.generation = snapshot?.generation ?? 0;
    replay(store, readJournal(this.journalFile), this.generation, this.journalFile);
    // Receipts don't survive a restart: in-flight messages become visible again.
    for (const q of store.queues.values()) {
      for (const m of q.messages) {
        m.invisibleUntil = 0;
        delete m.receiptToken;
      }
    }
    this.compact();
  }

  record(mutation: Mutation): void {
    if (this.fd === undefined) return;
    // Serialised now: the objects go on changing in memory.
    this.pending.push(JSON.stringify(mutation));
    if (!this.flushQueued) {
      // Changes made outside a request (a held poll served by a timer) are written soon too.
      this.flushQueued = true;
      setImmediate(() => {
        this.flushQueued = false;
        try {
          this.flush();
        } catch (error) {
          console.error('[local-sqs] writing the journal failed', error);
        }
      });
    }
  }

  flush(): void {
    if (this.pending.length === 0 || this.fd === undefined) return;
    const data = Buffer.from(`${this.pending.join('\n')}\n`, 'utf8');
    writeFully(this.fd, data);
    this.pending = [];
    this.journalBytes += data.length;
    if (this.journalBytes > Math.max(this.compactMinBytes, COMPACT_FACTOR * this.snapshotBytes)) this.compact();
  }

  close(): void {
    this.flush();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /** Writes the whole state as a new snapshot generation and starts an empty journal for it. */
  private compact(): void {
    const generation = this.generation + 1;
    const json = Buffer.from(JSON.stringify(snapshotOf(this.store!, generation)), 'utf8');
    const tmp = `${this.snapshotFile}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeFully(fd, json);
      fsyncSync(fd); // the rename must not expose an empty file after a crash
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.snapshotFile);
    if (this.fd !== undefined) closeSync(this.fd);
    const begin = `${JSON.stringify({ op: 'begin', generation })}\n`;
    writeFileSync(this.journalFile, begin);
    this.fd = openSync(this.journalFile, 'a');
    this.generation = generation;
    this.snapshotBytes = json.length;
    this.journalBytes = begin.length;
  }
}

function writeFully(fd: number, data: Buffer): void {
  let offset = 0;
  while (offset < data.length) offset += writeSync(fd, data, offset);
}

function readSnapshot(file: string): Snapshot | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = JSON.parse(text) as Snapshot;
  if (parsed.version !== 1 || !Array.isArray(parsed.queues)) throw new Error(`local SQS: ${file} is not a state file this server understands`);
  return parsed;
}

function readJournal(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

function snapshotOf(store: SqsStore, generation: number): Snapshot {
  return {
    version: 1,
    generation,
    queues: [...store.queues.values()].map((q) => ({
      name: q.name,
      fifo: q.fifo,
      attributes: q.attributes,
      createdAt: q.createdAt,
      modifiedAt: q.modifiedAt,
      tags: [...q.tags],
      messages: q.messages,
      dedup: [...q.dedup],
      nextSequence: q.nextSequence.toString(),
    })),
    moveTasks: store.moveTasks,
  };
}

function restore(store: SqsStore, snapshot: Snapshot): void {
  for (const q of snapshot.queues) {
    const queue = store.addQueue(q);
    queue.messages = q.messages;
    queue.dedup = new Map(q.dedup);
    queue.nextSequence = BigInt(q.nextSequence);
  }
  store.moveTasks = snapshot.moveTasks ?? [];
}

/** Applies the journal's mutations, with messages indexed by id so a long journal replays in linear time. */
function replay(store: SqsStore, lines: string[], generation: number, file: string): void {
  const entries: JournalLine[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      entries.push(JSON.parse(line) as JournalLine);
    } catch {
      // Only the last line can be torn by a kill; anything else is worth a word.
      if (i < lines.length - 1) console.error(`[local-sqs] ${file}:${i + 1} is not valid JSON; skipped`);
    }
  });
  const [begin, ...mutations] = entries;
  if (!begin || begin.op !== 'begin' || begin.generation !== generation) return;

  const index = new Map<string, Map<string, StoredMessage>>();
  for (const q of store.queues.values()) index.set(q.name, new Map(q.messages.map((m) => [m.id, m])));
  const queue = (name: string): [QueueState, Map<string, StoredMessage>] | undefined => {
    const q = store.queues.get(name);
    const messages = index.get(name);
    return q && messages ? [q, messages] : undefined;
  };
  const advanceSequence = (q: QueueState, m: StoredMessage) => {
    if (m.sequenceNumber && BigInt(m.sequenceNumber) > q.nextSequence) q.nextSequence = BigInt(m.sequenceNumber);
  };

  for (const m of mutations as Mutation[]) {
    switch (m.op) {
      case 'createQueue':
        store.addQueue({ name: m.queue, fifo: m.fifo, attributes: m.attributes, createdAt: m.createdAt, modifiedAt: m.modifiedAt, tags: m.tags });
        index.set(m.queue, new Map());
        break;
      case 'setAttributes': {
        const q = store.queues.get(m.queue);
        if (q) Object.assign(q, { attributes: { ...m.attributes }, modifiedAt: m.modifiedAt });
        break;
      }
      case 'setTags': {
        const q = store.queues.get(m.queue);
        if (q) q.tags = new Map(m.tags);
        break;
      }
      case 'deleteQueue':
        store.queues.delete(m.queue);
        index.delete(m.queue);
        break;
      case 'purge':
        index.get(m.queue)?.clear();
        break;
      case 'send': {
        const found = queue(m.queue);
        if (!found) break;
        found[1].set(m.message.id, m.message);
        advanceSequence(found[0], m.message);
        if (m.dedup) found[0].dedup.set(m.dedup[0], m.dedup[1]);
        break;
      }
      case 'receive': {
        const messages = index.get(m.queue);
        for (const id of m.ids) {
          const message = messages?.get(id);
          if (!message) continue;
          message.receiveCount += 1;
          message.firstReceiveAt ??= m.at;
        }
        break;
      }
      case 'delete':
        index.get(m.queue)?.delete(m.id);
        break;
      case 'move': {
        index.get(m.from)?.delete(m.message.id);
        const to = queue(m.to);
        if (!to) break;
        to[1].set(m.message.id, m.message);
        advanceSequence(to[0], m.message);
        break;
      }
      case 'moveTask':
        store.moveTasks.push(m.task);
        break;
    }
  }
  for (const [name, messages] of index) {
    const q = store.queues.get(name);
    if (q) q.messages = [...messages.values()];
  }
}
