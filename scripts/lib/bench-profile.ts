/**
 * Where the time goes, across the processes of the local system: the Node
 * process that runs the functions and the local SQS, SES, S3 and SMTP servers
 * (a V8 CPU profile through node:inspector, summed by what the code is), and
 * DynamoDB Local's JVM (a Java Flight Recorder recording, its execution
 * samples summed by library). Each process's CPU seconds come from
 * /proc/<pid>/stat, so the shares add up to what the machine spent.
 *
 * Used by `bench:intake --profile DIR` and `bench:api --profile DIR`; the raw profiles stay in DIR
 * (open the .cpuprofile in Chrome DevTools, the .jfr in JDK Mission Control).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

const IDLE = 'idle (waiting on I/O)';

/** What a V8 frame's code is, by its file (first match). */
const NODE_AREAS: readonly [string, RegExp][] = [
  [IDLE, /^\(idle\)$/],
  ['garbage collection', /^\(garbage collector\)$/],
  ['AWS SDK clients: serialise, sign, parse answers', /node_modules\/(@smithy|@aws-sdk|@aws-crypto|fast-xml-parser|strnum)\//],
  ['local SQS server', /local\/servers\/sqs\//],
  ['local SES server (captures sent mail)', /local\/servers\/ses-server/],
  ['S3 stand-in (s3rver, Koa)', /node_modules\/(s3rver|koa[^/]*|xmlbuilder2?|@koa|busboy|statuses|http-errors|on-finished|raw-body|type-is|mime[^/]*|fresh|vary|accepts|negotiator|content-disposition|cookies|keygrip|delegates|depd|destroy|ee-first|encodeurl|escape-html|http-assert|only|parseurl|koa-compose)\//],
  ['SMTP server (mail in) and the benchmark\u2019s SMTP client', /node_modules\/(smtp-server|ipv6-normalize|base32\.js|punycode)\/|local\/servers\/smtp-server|scripts\//],
  ['mail parsing: MIME, charsets, HTML to text (intake)', /node_modules\/(mailparser|libmime|libqp|libbase64|iconv-lite|encoding-japanese|html-to-text|@selderee|selderee|parseley|leac|peberminta|htmlparser2|domhandler|domutils|dom-serializer|entities|sanitize-html|postcss|nanoid|picocolors|source-map-js|linkifyjs|linkify-it|uc\.micro|tlds|deepmerge|is-plain-object|escape-string-regexp|parse-srcset|he|file-type|token-types|strtok3|peek-readable|@tokenizer|uint8array-extras)\//],
  ['composing and sending mail (nodemailer)', /node_modules\/nodemailer\//],
  ['logging (Powertools Logger, JSON lines)', /node_modules\/@aws-lambda-powertools\//],
  ['validation (zod)', /node_modules\/zod\//],
  ['the functions\u2019 own code (functions/, shared/)', /\/work\/[^/]+\/(functions|shared)\/|\/(functions|shared)\/[^/]+\//],
  ['local runtime (pollers, gateway, notifications)', /\/local\//],
  ['Node: HTTP, sockets, streams, crypto, timers', /^node:|^\((writev|writeBuffer|read|open|close|unlink|fstat|stat|program|runMicrotasks|write|writeUtf8String|writeString)\)$|^\(/],
];

function areaOf(url: string, functionName: string): string {
  const key = url || (functionName.startsWith('(') ? functionName : `(${functionName || 'native'})`);
  for (const [area, pattern] of NODE_AREAS) if (pattern.test(key)) return area;
  return 'other libraries';
}

/** What a JVM stack is doing, by the first library frame from the top. */
const JVM_AREAS: readonly [string, RegExp][] = [
  ['JSON (Jackson): reading requests, writing answers and stored items', /^com\.fasterxml\.jackson\./],
  ['SQLite (sqlite4java): the table on disk', /^com\.almworks\.sqlite4java\./],
  ['HTTP server (Jetty)', /^org\.eclipse\.jetty\./],
  ['expression parsing (ANTLR): conditions, updates, projections', /^org\.antlr\./],
  ['DynamoDB Local itself: validation, items, indexes, streams, transactions', /^com\.amazon(aws)?\./],
];

export class BenchProfile {
  private session: Session | undefined;
  private readonly cpuAtStart = new Map<number, number>();
  private cpuAtEnd = new Map<number, { seconds: number; name: string }>();
  private readonly jvmThreadsAtStart = new Map<number, number>();
  private jvmThreadsAtEnd = new Map<number, { seconds: number; kind: string }>();

  private constructor(private readonly dir: string) {}

  /** Call before the local system starts: the JVM it spawns inherits the recording settings. */
  static async start(dir: string): Promise<BenchProfile> {
    mkdirSync(dir, { recursive: true });
    const profile = new BenchProfile(dir);
    process.env.JAVA_TOOL_OPTIONS = `${process.env.JAVA_TOOL_OPTIONS ?? ''} -XX:StartFlightRecording=filename=${join(dir, 'dynamodb-local.jfr')},settings=profile,dumponexit=true`.trim();
    profile.session = new Session();
    profile.session.connect();
    await profile.session.post('Profiler.enable');
    await profile.session.post('Profiler.setSamplingInterval', { interval: 1000 });
    return profile;
  }

  /** The measured window begins (after start-up): CPU time per process is counted from here. */
  async begin(): Promise<void> {
    for (const [pid, { seconds, name }] of processCpu()) {
      this.cpuAtStart.set(pid, seconds);
      if (name === JVM_NAME) for (const [tid, thread] of threadCpu(pid)) this.jvmThreadsAtStart.set(tid, thread.seconds);
    }
    await this.session!.post('Profiler.start');
  }

  /** The window ends; call while the local system still runs (its JVM's counters go with it). */
  async end(): Promise<void> {
    const { profile } = (await this.session!.post('Profiler.stop')) as { profile: CpuProfile };
    writeFileSync(join(this.dir, 'node.cpuprofile'), JSON.stringify(profile));
    this.cpuAtEnd = processCpu();
    for (const [pid, { name }] of this.cpuAtEnd) if (name === JVM_NAME) this.jvmThreadsAtEnd = threadCpu(pid);
    this.session!.disconnect();
    // The JVM's recording so far, while it runs (it would also write it as it exits).
    for (const [pid, { name }] of this.cpuAtEnd) {
      if (name !== JVM_NAME) continue;
      try {
        execFileSync('jcmd', [String(pid), 'JFR.dump', `filename=${join(this.dir, 'dynamodb-local.jfr')}`], { stdio: 'ignore', timeout: 60_000, env: javaToolEnv() });
      } catch {
        // Without jcmd (a JRE without the JDK tools) the report says there is no recording.
      }
    }
  }

  /** The report, per petition (or per `unit`: a registration through the API); the local system may still run. */
  report(petitions: number, unit = 'petition'): string[] {
    const lines: string[] = [];
    const perProcess = [...this.cpuAtEnd].map(([pid, { seconds, name }]) => ({ pid, name, seconds: seconds - (this.cpuAtStart.get(pid) ?? 0) })).filter((p) => p.seconds > 0.05);
    const total = perProcess.reduce((sum, p) => sum + p.seconds, 0);
    lines.push(`  profile             CPU seconds per process in the measured window (${total.toFixed(1)} s, ${((1000 * total) / petitions).toFixed(0)} ms per ${unit}):`);
    for (const p of perProcess.sort((a, b) => b.seconds - a.seconds)) {
      lines.push(`    ${p.seconds.toFixed(1).padStart(7)} s ${pct(p.seconds, total)}  ${p.name} (pid ${p.pid})  ${((1000 * p.seconds) / petitions).toFixed(1)} ms per ${unit}`);
    }
    const nodeProfile = JSON.parse(readFileSync(join(this.dir, 'node.cpuprofile'), 'utf8')) as CpuProfile;
    const areas = summariseNode(nodeProfile);
    const idle = areas.get(IDLE) ?? 0;
    areas.delete(IDLE);
    const nodeTotal = [...areas.values()].reduce((a, b) => a + b, 0);
    lines.push(`    the Node process (functions and local servers), by what its code is (V8 samples: ${(nodeTotal / 1e6).toFixed(1)} s on the CPU, ${(idle / 1e6).toFixed(1)} s idle):`);
    for (const [area, us] of [...areas].sort((a, b) => b[1] - a[1])) lines.push(`      ${pct(us, nodeTotal)}  ${area}`);
    const byKind = new Map<string, number>();
    for (const [tid, { seconds, kind }] of this.jvmThreadsAtEnd) byKind.set(kind, (byKind.get(kind) ?? 0) + seconds - (this.jvmThreadsAtStart.get(tid) ?? 0));
    const jvmThreadTotal = [...byKind.values()].reduce((a, b) => a + b, 0);
    if (jvmThreadTotal > 0) {
      // Threads that ended within the window (Jetty retires idle ones) are not counted: the shares are of those still running.
      lines.push(`    DynamoDB Local's JVM, by thread (${jvmThreadTotal.toFixed(1)} s in threads still running at the end):`);
      for (const [kind, seconds] of [...byKind].sort((a, b) => b[1] - a[1])) lines.push(`      ${pct(seconds, jvmThreadTotal)}  ${seconds.toFixed(1).padStart(5)} s  ${kind}`);
    }
    const jfr = join(this.dir, 'dynamodb-local.jfr');
    const jvm = existsSync(jfr) ? summariseJfr(jfr) : undefined;
    if (jvm) {
      lines.push(`    DynamoDB Local's JVM, by library (Flight Recorder, ${jvm.samples} execution samples; GC pauses ${jvm.gcPauseSeconds.toFixed(1)} s):`);
      for (const [area, n] of [...jvm.areas].sort((a, b) => b[1] - a[1])) lines.push(`      ${pct(n, jvm.samples)}  ${area}`);
    } else {
      lines.push('    DynamoDB Local\'s JVM: no Flight Recorder file (is `jfr` from a JDK on the PATH?)');
    }
    lines.push(`    raw profiles in ${this.dir} (node.cpuprofile for Chrome DevTools, dynamodb-local.jfr for JDK Mission Control)`);
    return lines;
  }

}

const JVM_NAME = 'DynamoDB Local (JVM)';
/** jcmd and jfr are JVMs too: without this they would start recordings of their own into the same file. */
const javaToolEnv = () => Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'JAVA_TOOL_OPTIONS'));
const pct = (part: number, whole: number) => `${((100 * part) / (whole || 1)).toFixed(1).padStart(5)}%`;

function summariseNode(profile: CpuProfile): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const areas = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    const area = areaOf(frame.url, frame.functionName);
    areas.set(area, (areas.get(area) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  return areas;
}

function summariseJfr(file: string): { samples: number; areas: Map<string, number>; gcPauseSeconds: number } | undefined {
  let text: string;
  try {
    text = execFileSync('jfr', ['print', '--events', 'jdk.ExecutionSample', '--stack-depth', '64', file], { encoding: 'utf8', maxBuffer: 1 << 30, env: javaToolEnv() });
  } catch {
    return undefined;
  }
  const areas = new Map<string, number>();
  let samples = 0;
  for (const sample of text.split('jdk.ExecutionSample').slice(1)) {
    const frames = [...sample.matchAll(/^\s+([\w.$<>]+)\(/gm)].map((m) => m[1]!);
    if (frames.length === 0) continue;
    samples++;
    let area = 'the JDK (collections, strings, reflection, I/O)';
    for (const frame of frames) {
      const match = JVM_AREAS.find(([, pattern]) => pattern.test(frame));
      if (match) {
        area = match[0];
        break;
      }
    }
    areas.set(area, (areas.get(area) ?? 0) + 1);
  }
  let gcPauseSeconds = 0;
  try {
    const gc = execFileSync('jfr', ['print', '--events', 'jdk.GarbageCollection', file], { encoding: 'utf8', maxBuffer: 1 << 28, env: javaToolEnv() });
    for (const m of gc.matchAll(/sumOfPauses = ([\d.]+) (ms|s|us)/g)) gcPauseSeconds += Number(m[1]) / (m[2] === 'ms' ? 1000 : m[2] === 'us' ? 1e6 : 1);
  } catch {
    // No GC figures: the execution samples stand alone.
  }
  return { samples, areas, gcPauseSeconds };
}

const TICKS = 100; // USER_HZ on Linux

/** A /proc stat file's parent, CPU seconds (user + system) and name; undefined once the process or thread is gone. */
function statOf(path: string): { ppid: number; seconds: number; comm: string } | undefined {
  try {
    const raw = readFileSync(path, 'utf8');
    const close = raw.lastIndexOf(')');
    const fields = raw.slice(close + 2).split(' ');
    return { ppid: Number(fields[1]), seconds: (Number(fields[11]) + Number(fields[12])) / TICKS, comm: raw.slice(raw.indexOf('(') + 1, close) };
  } catch {
    return undefined;
  }
}

/** What a JVM thread does, by its name (HotSpot's and Jetty's): a warming JVM spends much of its CPU compiling. */
const JVM_THREADS: readonly [string, RegExp][] = [
  ['JIT compiler (C2, optimising)', /^C2 CompilerThre/],
  ['JIT compiler (C1)', /^C1 CompilerThre/],
  ['garbage collection and VM operations', /^(VM Thread|GC |G1 |VM Periodic|Sweeper|Monitor Deflat)/],
  ['the table\u2019s one SQLite thread: every read and write, one at a time', /^SQLiteQueue/],
  ['request threads (Jetty): parsing, validating, answering', /^qtp/],
  ['main thread (start-up)', /^java$/],
];

/** CPU seconds of each thread of a process, keyed by thread id. */
function threadCpu(pid: number): Map<number, { seconds: number; kind: string }> {
  const out = new Map<number, { seconds: number; kind: string }>();
  let tids: string[] = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    const s = statOf(`/proc/${pid}/task/${tid}/stat`);
    if (s) out.set(Number(tid), { seconds: s.seconds, kind: JVM_THREADS.find(([, pattern]) => pattern.test(s.comm))?.[0] ?? 'other threads' });
  }
  return out;
}

/** CPU seconds of this process and its descendants (the JVM), from /proc. */
function processCpu(): Map<number, { seconds: number; name: string }> {
  const stat = (pid: number) => statOf(`/proc/${pid}/stat`);
  const all = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
  const children = new Map<number, number[]>();
  for (const pid of all) {
    const s = stat(pid);
    if (s) children.set(s.ppid, [...(children.get(s.ppid) ?? []), pid]);
  }
  const out = new Map<number, { seconds: number; name: string }>();
  const visit = (pid: number) => {
    const s = stat(pid);
    if (!s) return;
    const name = pid === process.pid ? 'Node: the functions and the local SQS, SES, S3 and SMTP servers' : s.comm === 'java' ? JVM_NAME : s.comm;
    out.set(pid, { seconds: s.seconds, name });
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(process.pid);
  return out;
}
