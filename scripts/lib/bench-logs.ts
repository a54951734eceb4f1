/**
 * The functions log one JSON object per line to stdout (Powertools Logger); at
 * thousands of petitions that would bury the benchmark's output. This capture
 * takes those lines off stdout/stderr, tallies them (levels, intake and mailer
 * outcomes, redeliveries, distinct errors) and optionally appends them to a
 * file; any other output passes through unchanged.
 */
import { createWriteStream, type WriteStream } from 'node:fs';

type Write = typeof process.stdout.write;

interface LogLine {
  level?: string;
  message?: string;
  service?: string;
  receiveCount?: number;
  reason?: string;
  outcome?: string;
  kind?: string;
  outcomes?: { outcome?: string; first?: string }[];
}

export interface LogTally {
  lines: number;
  byLevel: Record<string, number>;
  /** Intake outcomes (registered, duplicate, threaded, ignored) and mailer outcomes (sent, alreadySent), by kind. */
  outcomes: Record<string, number>;
  /** Messages handled on a second or later delivery, per function. */
  redelivered: Record<string, number>;
  /** Distinct warnings and errors: "service: message — reason" → count. */
  problems: Record<string, number>;
  otherLines: number;
}

export class LogCapture {
  readonly tally: LogTally = { lines: 0, byLevel: {}, outcomes: {}, redelivered: {}, problems: {}, otherLines: 0 };
  private readonly originals: { stream: NodeJS.WriteStream; write: Write }[] = [];
  private readonly file: WriteStream | undefined;
  private readonly partial = new Map<NodeJS.WriteStream, string>();

  constructor(logFile?: string) {
    this.file = logFile ? createWriteStream(logFile, { flags: 'a' }) : undefined;
  }

  install(): void {
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream) as Write;
      this.originals.push({ stream, write });
      stream.write = ((chunk: unknown, ...rest: unknown[]) => {
        const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) || chunk instanceof Uint8Array ? Buffer.from(chunk).toString('utf8') : String(chunk);
        const passed = this.filter(stream, text);
        const callback = rest.find((r): r is () => void => typeof r === 'function');
        if (passed) return (write as (s: string, cb?: () => void) => boolean)(passed, callback);
        callback?.();
        return true;
      }) as Write;
    }
  }

  uninstall(): void {
    for (const { stream, write } of this.originals) stream.write = write;
    this.originals.length = 0;
  }

  /** The benchmark's own output, around the capture. */
  out(line = ''): void {
    this.raw(process.stdout, `${line}\n`);
  }

  err(text: string): void {
    this.raw(process.stderr, text);
  }

  async close(): Promise<void> {
    this.uninstall();
    if (this.file) await new Promise<void>((resolve) => this.file!.end(() => resolve()));
  }

  private raw(stream: NodeJS.WriteStream, text: string): void {
    const original = this.originals.find((o) => o.stream === stream);
    if (original) original.write(text);
    else stream.write(text);
  }

  /** Returns what to let through to the real stream. */
  private filter(stream: NodeJS.WriteStream, text: string): string {
    const buffered = (this.partial.get(stream) ?? '') + text;
    const lines = buffered.split('\n');
    this.partial.set(stream, lines.pop() ?? '');
    let passed = '';
    for (const line of lines) {
      if (this.record(line)) continue;
      this.tally.otherLines++;
      passed += `${line}\n`;
    }
    return passed;
  }

  private record(line: string): boolean {
    if (!line.startsWith('{')) return false;
    let entry: LogLine;
    try {
      entry = JSON.parse(line) as LogLine;
    } catch {
      return false;
    }
    if (typeof entry.level !== 'string') return false;
    this.file?.write(`${line}\n`);
    const t = this.tally;
    t.lines++;
    t.byLevel[entry.level] = (t.byLevel[entry.level] ?? 0) + 1;
    const service = entry.service ?? '?';
    if (typeof entry.receiveCount === 'number' && entry.receiveCount > 1) t.redelivered[service] = (t.redelivered[service] ?? 0) + 1;
    if (entry.level === 'ERROR' || entry.level === 'WARN' || entry.level === 'CRITICAL') {
      const key = `${entry.level} ${service}: ${entry.message ?? ''}${entry.reason ? ` — ${entry.reason.replace(/[0-9a-f]{8,}|\d{6,}/gi, '…')}` : ''}`;
      t.problems[key] = (t.problems[key] ?? 0) + 1;
    }
    if (entry.message === 'message handled') {
      for (const o of entry.outcomes ?? []) {
        const key = `${service} ${o.outcome ?? '?'}${o.first ? ` (first: ${o.first})` : ''}`;
        t.outcomes[key] = (t.outcomes[key] ?? 0) + 1;
      }
      if (entry.outcome) {
        const key = `${service} ${entry.kind ?? ''} ${entry.outcome}`.replace(/\s+/g, ' ');
        t.outcomes[key] = (t.outcomes[key] ?? 0) + 1;
      }
    }
    return true;
  }
}
