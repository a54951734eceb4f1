import '../local/quiet-sdk.js';
/**
 * Sweep benchmark (not a test): shows that the scheduled sweep's cost follows
 * the cases that are due, not the number of cases stored.
 *
 * It starts its own DynamoDB Local (in memory, on a free port), creates the
 * case table from CASE_TABLE as the local runtime does, and stores N realistic
 * cases in the handling stage (scripts/lib/bench-cases.ts) with their chase
 * state planned: 99% have nothing to do until later, `--due` (default 1,000)
 * are due at the sweep's `now`, half for a reminder, half overdue for an
 * escalation step. Then it runs the real sweep (shared/app/sweep/sweep.ts,
 * the real DynamoCaseStore) against it, with a publisher that only counts the
 * emails, and meters every DynamoDB call the sweep makes (items read,
 * capacity consumed: scripts/lib/bench-client-meter.ts). A second sweep at the
 * same `now` must find nothing and send nothing (idempotence).
 *
 * Each size is its own table in the same DynamoDB Local. Each is swept
 * `--repeat` times (default 5), the sizes in turn (so that all see the same
 * conditions: the JVM's warmth, the machine's load), each time with a fresh
 * set of due cases (cases stored as not due are rewritten as due, so the
 * count stored stays), and the figures are the medians: DynamoDB Local's
 * latency on a shared 2-core machine varies from one sweep to the next.
 * Before that, a small separate table is swept twice and dropped, so the
 * first measured sweep does not also pay for the JIT of the JVM and of Node.
 *
 * Capacity is as DynamoDB Local reports it. It reports TransactWriteItems at
 * 4 units per KB written (DynamoDB documents 2), so the write figures are
 * up to twice what DynamoDB would charge; the sweep writes only through
 * transactions.
 *
 *   npm run bench:sweep                               (tsx scripts/bench-sweep.ts)
 *   npx tsx scripts/bench-sweep.ts --stored 20000,200000 --due 1000
 *   npx tsx scripts/bench-sweep.ts --help
 */
import { availableParallelism, cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { freePort } from '../local/free-port.js';
import { startDynamoServer, type LocalDynamo } from '../local/servers/dynamodb-server.js';
import { DynamoCaseStore, caseItem } from '../shared/adapters/dynamodb/case-store.js';
import { systemClock } from '../shared/app/ports.js';
import { sweep, type SweepReport } from '../shared/app/sweep/sweep.js';
import { loadProvinceConfig } from '../shared/config/province.js';
import { INSTANT } from '../shared/domain/deadlines.js';
import { resourceNames } from '../shared/resources/definitions.js';
import { BenchCaseGenerator, dueIndexes, type BenchCaseKind } from './lib/bench-cases.js';
import { ClientMeter, type ClientTotals } from './lib/bench-client-meter.js';
import { BatchWriter, createCaseTable } from './lib/bench-table.js';
import { optionsOrExitCode } from './lib/bench-options.js';

const USAGE = `Usage: npm run bench:sweep -- [options]      (or: npx tsx scripts/bench-sweep.ts [options])

Stores generated cases in a private DynamoDB Local (in memory), one table per size, a fixed
number of them due, runs the real sweep against them and prints, per number of stored cases,
the items it read, the capacity it consumed and its wall time; after each sweep it sweeps again
at the same instant (that must find nothing). Storing runs at some 2,000-3,000 cases/s on
2 cores: the default sizes take about 8–9 minutes.

Options:
  --stored LIST          stored cases per size, comma-separated (default 100000,1000000)
  --due N                cases due at the sweep's now in every run, half for a reminder, half
                         for an escalation step (default 1000)
  --now INSTANT          the sweep's now (default 2026-11-24T02:00:00.000Z, a Tuesday 10:00 in China)
  --repeat R             sweeps per size, each of a fresh set of --due cases (another set of the
                         stored cases is made due, so the count stored stays): the figures are the
                         medians (default 5)
  --parallel P           BatchWriteItem requests in flight while storing cases (default 8)
  --max-seed-minutes M   skip a size whose storing would take longer than M minutes at the rate
                         measured so far (default 20)
  --seed S               generator seed (default 1)
  --help                 this text
`;

interface Options {
  stored: number[];
  due: number;
  now: string;
  repeat: number;
  parallel: number;
  maxSeedMinutes: number;
  seed: number;
}

class UsageError extends Error {}

const WARM_UP = { stored: 4000, due: 1000, sweeps: 2 };

function parseOptions(argv: string[]): Options | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      stored: { type: 'string', default: '100000,1000000' },
      due: { type: 'string', default: '1000' },
      now: { type: 'string', default: '2026-11-24T02:00:00.000Z' },
      repeat: { type: 'string', default: '5' },
      parallel: { type: 'string', default: '8' },
      'max-seed-minutes': { type: 'string', default: '20' },
      seed: { type: 'string', default: '1' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]}`);
  const integer = (name: string, raw: string, min: number, max: number, isInteger = true): number => {
    const n = Number(raw.replace(/_/g, ''));
    if (!Number.isFinite(n) || (isInteger && !Number.isInteger(n)) || n < min || n > max) {
      throw new UsageError(`--${name} must be ${isInteger ? 'an integer' : 'a number'} from ${min} to ${max}, not ${JSON.stringify(raw)}`);
    }
    return n;
  };
  const due = integer('due', values.due, 1, 1_000_000);
  const repeat = integer('repeat', values.repeat, 1, 20);
  const stored = values.stored.split(',').map((s) => integer('stored', s.trim(), 1, 10_000_000));
  if (new Set(stored).size !== stored.length) throw new UsageError(`--stored lists a size twice: ${values.stored}`);
  for (const n of stored) {
    if (n < due * repeat) throw new UsageError(`each size of --stored must be at least --due × --repeat (${due * repeat}), not ${n}: every sweep needs a fresh set of due cases`);
  }
  if (!INSTANT.test(values.now) || Number.isNaN(Date.parse(values.now))) throw new UsageError(`--now must be an ISO instant with an offset, not ${JSON.stringify(values.now)}`);
  return {
    stored,
    due,
    now: new Date(Date.parse(values.now)).toISOString(),
    repeat,
    parallel: integer('parallel', values.parallel, 1, 64),
    maxSeedMinutes: integer('max-seed-minutes', values['max-seed-minutes'], 0.1, 24 * 60, false),
    seed: integer('seed', values.seed, 0, 2 ** 31),
  };
}

interface SweepFigures {
  report: SweepReport;
  totals: ClientTotals;
  ms: number;
  emails: number;
  errors: string[];
}

interface RunFigures {
  stored: number;
  due: number;
  seeded: { items: number; ms: number; retried: number };
  /** One per repeat, each of a fresh set of due cases; and the sweep repeated after each at the same now. */
  first: SweepFigures[];
  again: SweepFigures[];
}

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '-');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const sum = (record: Record<string, number>) => Object.values(record).reduce((a, b) => a + b, 0);
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : a === 0 ? '1.00× (0 → 0)' : '∞');

async function main(): Promise<number> {
  const opts = optionsOrExitCode(parseOptions, USAGE, (error) => error instanceof UsageError || error instanceof TypeError);
  if (typeof opts === 'number') return opts;
  const began = Date.now();
  const out = (line = '') => console.log(line);
  const progressOut = (line: string) => process.stderr.write(line);

  let dynamo: LocalDynamo | undefined;
  let startup: Promise<LocalDynamo> | undefined;
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      const started = dynamo ?? (await startup?.catch(() => undefined));
      await started?.close();
    })());
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    if (signals === 1) {
      progressOut(`\n${signal}: stopping the benchmark's DynamoDB Local…\n`);
      void cleanup().finally(() => process.exit(130));
    } else if (signals >= 3) process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    const province = loadProvinceConfig(fileURLToPath(new URL('../config/province.yaml', import.meta.url)));
    const generator = new BenchCaseGenerator(province, opts.now, opts.seed);
    const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
    out(`Sweep benchmark: ${opts.stored.map((n) => fmt(n)).join(' and ')} stored cases, ${fmt(opts.due)} due in each, sweep at ${opts.now}, seed ${opts.seed}`);
    out(`  machine: ${availableParallelism()} cores (${cpu}), ${fmt(totalmem() / 2 ** 30, 1)} GiB, Node ${process.version}; DynamoDB Local (in memory) on a JVM`);

    const port = await freePort();
    startup = startDynamoServer({ port });
    dynamo = await startup;
    const clientConfig = { region: 'us-east-1', endpoint: dynamo.endpoint, credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } };
    const seedClient = new DynamoDBClient(clientConfig);
    const sweepClient = new DynamoDBClient(clientConfig);
    const meter = ClientMeter.attach(sweepClient);
    const tablePrefix = resourceNames('bench').table;
    out(`  DynamoDB Local ready in ${seconds(Date.now() - began)} at ${dynamo.endpoint}; one table per size (${tablePrefix}-<size>), each with its indexes from CASE_TABLE`);

    const runSweep = async (store: DynamoCaseStore, now: string): Promise<SweepFigures> => {
      const errors: string[] = [];
      meter.reset();
      const t0 = performance.now();
      const report = await sweep({ store, province, clock: systemClock }, now, {
        onError: (caseNumber, error) => errors.push(`${caseNumber}: ${(error as Error).name}: ${(error as Error).message}`),
      });
      const ms = performance.now() - t0;
      // Each step's email is an outbox item of its transaction (the dispatcher queues it).
      return { report, totals: meter.snapshot(), ms, emails: report.reminded + report.escalated + report.followedUp + report.told, errors };
    };

    const tty = process.stderr.isTTY;
    /** Stores cases (0 … count − 1, or the numbers listed), those in `kinds` due and the rest not; progress on stderr. */
    const storeCases = async (writer: BatchWriter, cases: number | readonly number[], kinds: ReadonlyMap<number, BenchCaseKind>) => {
      const count = typeof cases === 'number' ? cases : cases.length;
      const before = { ...writer.stats };
      const t0 = performance.now();
      let lastProgress = t0;
      for (let n = 0; n < count; n++) {
        const i = typeof cases === 'number' ? n : cases[n]!;
        await writer.put(caseItem(generator.case(i, kinds.get(i) ?? 'notDue')));
        const now = performance.now();
        if (now - lastProgress > (tty ? 1000 : 15_000)) {
          lastProgress = now;
          const rate = (n + 1) / ((now - t0) / 1000);
          const line = `  ${seconds(now - t0).padStart(8)}  ${fmt(n + 1)}/${fmt(count)} cases  ${fmt(rate)}/s  about ${seconds(((count - n - 1) / rate) * 1000)} left`;
          progressOut(tty ? `\r${line}   ` : `${line}\n`);
        }
      }
      await writer.flush();
      if (tty && performance.now() - t0 > 1000) progressOut('\n');
      const written = writer.stats.written - before.written;
      if (written !== count) throw new Error(`stored ${written} items, expected ${count}`);
      return { items: count, ms: performance.now() - t0, retried: writer.stats.retried - before.retried };
    };

    // Warm up first (the JIT of DynamoDB Local and of the sweep's code, the connections), so that the
    // first measured sweep is not also the cold one: a small separate table with due cases, swept, dropped.
    const warmTable = `${tablePrefix}-warmup`;
    await createCaseTable(seedClient, warmTable);
    const warmWriter = new BatchWriter(seedClient, warmTable, opts.parallel);
    const warmStore = new DynamoCaseStore(sweepClient, warmTable);
    const warmTimes: string[] = [];
    for (let w = 0; w < WARM_UP.sweeps; w++) {
      const kinds = dueIndexes(0, WARM_UP.stored, WARM_UP.due, w);
      await storeCases(warmWriter, w === 0 ? WARM_UP.stored : [...kinds.keys()], kinds);
      const warm = await runSweep(warmStore, opts.now);
      warmTimes.push(`${fmt(warm.report.due)} due in ${fmt(warm.ms)} ms`);
    }
    await seedClient.send(new DeleteTableCommand({ TableName: warmTable }));
    out(`  warmed up on a separate table of ${fmt(WARM_UP.stored)} cases, dropped after: sweeps of ${warmTimes.join(', ')} (not counted)`);

    // Each size its own table: `due` of its cases due now, the rest later.
    const runs: (RunFigures & { writer: BatchWriter; store: DynamoCaseStore })[] = [];
    const skipped: string[] = [];
    let seedRate = 0; // items/s measured so far
    for (const stored of opts.stored) {
      if (seedRate > 0 && stored / seedRate / 60 > opts.maxSeedMinutes) {
        const reason = `${fmt(stored)} stored cases skipped: storing them would take about ${fmt(stored / seedRate / 60, 1)} min at the ${fmt(seedRate)} items/s measured (over --max-seed-minutes ${opts.maxSeedMinutes})`;
        skipped.push(reason);
        out(`\n${reason}`);
        continue;
      }
      const table = `${tablePrefix}-${stored}`;
      await createCaseTable(seedClient, table);
      out(`\nStoring ${fmt(stored)} cases (${fmt(opts.due)} of them due) in ${table}…`);
      const writer = new BatchWriter(seedClient, table, opts.parallel);
      const seeded = await storeCases(writer, stored, dueIndexes(0, stored, opts.due));
      seedRate = seeded.items / (seeded.ms / 1000);
      out(`  stored ${fmt(stored)} cases in ${seconds(seeded.ms)} (${fmt(seedRate)} items/s, ${opts.parallel} BatchWriteItem requests of 25 in flight, ${fmt(seeded.retried)} unprocessed items sent again)`);
      runs.push({ stored, due: opts.due, seeded, first: [], again: [], writer, store: new DynamoCaseStore(sweepClient, table) });
    }

    // The sweeps, the sizes in turn, so that every size sees the same conditions (the JVM, the machine's load).
    out(`\nSweeping at ${opts.now}: ${opts.repeat} times per size, the sizes in turn, each time a fresh set of ${fmt(opts.due)} due cases, then again at the same now…`);
    for (let r = 0; r < opts.repeat; r++) {
      for (const run of runs) {
        if (r > 0) {
          // Another set of cases, stored so far as not due, becomes due: the table keeps its count.
          const kinds = dueIndexes(0, run.stored, opts.due, r);
          await storeCases(run.writer, [...kinds.keys()], kinds);
        }
        const first = await runSweep(run.store, opts.now);
        const again = await runSweep(run.store, opts.now);
        run.first.push(first);
        run.again.push(again);
        out(`  ${fmt(run.stored).padStart(10)} stored, sweep ${r + 1}/${opts.repeat}: ${fmt(first.report.due)} due, ${fmt(first.ms)} ms; again at the same now: ${fmt(again.report.due)} due, ${fmt(again.ms)} ms`);
      }
    }
    for (const run of runs) printRun(out, run);
    seedClient.destroy();
    sweepClient.destroy();

    if (runs.length === 0) {
      out('\nNo run completed.');
      return 1;
    }
    const problems = printSummary(out, runs, opts, skipped);
    out(`\nwall time ${seconds(Date.now() - began)}`);
    return problems ? 1 : 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cleanup();
  }
}

interface Figures {
  due: number;
  indexItems: number;
  caseItems: number;
  rcu: number;
  indexRcu: number;
  wcu: number;
  wcuByTarget: Record<string, number>;
  ms: number;
  emails: number;
  calls: number;
  /** Average time of one DynamoDB call (the sweep makes up to 8 at once). */
  msPerCall: number;
}

function figuresOf(f: SweepFigures): Figures {
  const t = f.totals;
  return {
    due: f.report.due,
    indexItems: sum(t.indexItemsRead),
    caseItems: t.tableItemsRead,
    rcu: t.rcu,
    indexRcu: sum(t.indexRcu),
    wcu: t.wcu,
    wcuByTarget: t.wcuByTarget,
    ms: f.ms,
    emails: f.emails,
    calls: t.calls,
    msPerCall: Object.values(t.byOperation).reduce((total, o) => total + o.ms, 0) / Math.max(1, t.calls),
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Each figure the median over the repeats (each repeat sweeps a fresh set of due cases). */
function medianFigures(sweeps: readonly SweepFigures[]): Figures {
  const all = sweeps.map(figuresOf);
  const m = (key: Exclude<keyof Figures, 'wcuByTarget'>) => median(all.map((f) => f[key]));
  const targets = [...new Set(all.flatMap((f) => Object.keys(f.wcuByTarget)))];
  return {
    due: m('due'),
    indexItems: m('indexItems'),
    caseItems: m('caseItems'),
    rcu: m('rcu'),
    indexRcu: m('indexRcu'),
    wcu: m('wcu'),
    wcuByTarget: Object.fromEntries(targets.map((t) => [t, median(all.map((f) => f.wcuByTarget[t] ?? 0))])),
    ms: m('ms'),
    emails: m('emails'),
    calls: m('calls'),
    msPerCall: m('msPerCall'),
  };
}

/** Each figure the largest over the repeats: the idempotence check must find nothing in any. */
function maxFigures(sweeps: readonly SweepFigures[]): Figures {
  const all = sweeps.map(figuresOf);
  const m = (key: Exclude<keyof Figures, 'wcuByTarget'>) => Math.max(...all.map((f) => f[key]));
  return { due: m('due'), indexItems: m('indexItems'), caseItems: m('caseItems'), rcu: m('rcu'), indexRcu: m('indexRcu'), wcu: m('wcu'), wcuByTarget: {}, ms: m('ms'), emails: m('emails'), calls: m('calls'), msPerCall: m('msPerCall') };
}

function printRun(out: (line?: string) => void, run: RunFigures): void {
  const cols = [...run.first.map(figuresOf), maxFigures(run.again)];
  const headers = [...run.first.map((_, r) => `sweep ${r + 1}`), 'again (max)'];
  const line = (label: string, values: string[]) => out(`  ${label.padEnd(32)}${values.map((v) => v.padStart(12)).join('')}`);
  out(`\n${fmt(run.stored)} stored cases, ${fmt(run.due)} due`);
  line('', headers);
  line('due cases the index gave', cols.map((f) => fmt(f.due)));
  line('index items read (byDue)', cols.map((f) => fmt(f.indexItems)));
  line('case items read (GetItem)', cols.map((f) => fmt(f.caseItems)));
  line('read capacity units', cols.map((f) => fmt(f.rcu, 1)));
  line('  of which the due index', cols.map((f) => fmt(f.indexRcu, 1)));
  line('write capacity units', cols.map((f) => fmt(f.wcu, 1)));
  const targets = [...new Set(cols.flatMap((f) => Object.keys(f.wcuByTarget)))];
  for (const target of targets) line(`  of which ${target === 'table' ? 'the table' : target}`, cols.map((f, i) => (i < run.first.length ? fmt(f.wcuByTarget[target] ?? 0, 1) : '')));
  line('DynamoDB calls', cols.map((f) => fmt(f.calls)));
  line('sweep wall time (ms)', cols.map((f) => fmt(f.ms)));
  line('  average DynamoDB call (ms)', cols.map((f) => fmt(f.msPerCall, 1)));
  line('emails queued', cols.map((f) => fmt(f.emails)));
  const outcomes = (f: SweepFigures) => {
    const r = f.report;
    return `reminded ${r.reminded}, escalated ${r.escalated}, planned ${r.planned}, unchanged ${r.unchanged}, conflicts ${r.conflicts}, failed ${r.failed}${r.incomplete ? ', INCOMPLETE' : ''}`;
  };
  const calls = (f: SweepFigures) =>
    Object.entries(f.totals.byOperation)
      .sort(([x], [y]) => x.localeCompare(y))
      .map(([op, o]) => `${op} ${o.calls}× ${fmt(o.ms / Math.max(1, o.calls), 1)} ms avg${o.withoutCapacity ? ` (${o.withoutCapacity} without ConsumedCapacity)` : ''}${o.failed ? ` (${o.failed} failed)` : ''}`)
      .join(', ') || 'none';
  out(`  outcomes of sweep 1: ${outcomes(run.first[0]!)}; again: ${outcomes(run.again[0]!)}`);
  out(`  calls of sweep 1: ${calls(run.first[0]!)}; again: ${calls(run.again[0]!)}`);
  for (const e of [...run.first, ...run.again].flatMap((f) => f.errors).slice(0, 5)) out(`  error: ${e}`);
}

function printSummary(out: (line?: string) => void, runs: RunFigures[], opts: Options, skipped: string[]): boolean {
  out(`\nSummary (each figure the median of ${opts.repeat} sweeps, each of a fresh set of ${fmt(opts.due)} due cases; "again": the largest of the sweeps repeated at the same now)`);
  out('| stored cases | due | index items read | case items read | RCU | WCU | sweep time | emails queued | again at the same now: items read / emails |');
  out('|---|---|---|---|---|---|---|---|---|');
  for (const run of runs) {
    const a = medianFigures(run.first);
    const b = maxFigures(run.again);
    const times = run.first.map((f) => f.ms);
    const range = times.length > 1 ? ` (${fmt(Math.min(...times))}–${fmt(Math.max(...times))})` : '';
    out(`| ${fmt(run.stored)} | ${fmt(run.due)} | ${fmt(a.indexItems)} | ${fmt(a.caseItems)} | ${fmt(a.rcu, 1)} | ${fmt(a.wcu, 1)} | ${fmt(a.ms)} ms${range} | ${fmt(a.emails)} | ${fmt(b.indexItems + b.caseItems)} / ${fmt(b.emails)} |`);
  }
  for (const reason of skipped) out(`  (${reason})`);
  out('Capacity as DynamoDB Local reports it (ReturnConsumedCapacity on every call): it counts TransactWriteItems at 4 units per KB written where');
  out('DynamoDB documents 2, so WCU is up to twice what DynamoDB would charge. Reads are consistent GetItems (the case) and the due-index queries.');

  // Checks: every due case chased once, nothing on the second sweep, capacity reported for every call.
  const problems: string[] = [];
  for (const run of runs) {
    const label = `${fmt(run.stored)} stored`;
    run.first.forEach((f, i) => {
      const r = f.report;
      const which = `${label}, sweep ${i + 1}`;
      if (r.due !== run.due) problems.push(`${which}: the index gave ${r.due} due cases, ${run.due} expected`);
      if (r.reminded !== Math.ceil(run.due / 2) || r.escalated !== Math.floor(run.due / 2)) problems.push(`${which}: reminded ${r.reminded}, escalated ${r.escalated}; expected ${Math.ceil(run.due / 2)} and ${Math.floor(run.due / 2)}`);
      if (r.failed || r.conflicts || r.incomplete) problems.push(`${which}: ${r.failed} failed, ${r.conflicts} conflicts${r.incomplete ? ', incomplete' : ''}`);
      if (f.emails !== run.due) problems.push(`${which}: ${f.emails} emails queued for ${run.due} due cases`);
    });
    run.again.forEach((f, i) => {
      if (f.report.due !== 0 || f.emails !== 0) problems.push(`${label}, sweep ${i + 1} again at the same now: ${f.report.due} due cases, ${f.emails} emails queued`);
    });
    for (const f of [...run.first, ...run.again]) {
      for (const [op, o] of Object.entries(f.totals.byOperation)) {
        if (o.withoutCapacity) problems.push(`${label}: DynamoDB Local answered ${o.withoutCapacity} ${op} calls without ConsumedCapacity (left out of the capacity figures)`);
      }
    }
  }

  const first = runs[0]!;
  const last = runs[runs.length - 1]!;
  const a = medianFigures(first.first);
  const b = medianFigures(last.first);
  const itemsA = a.indexItems + a.caseItems;
  const itemsB = b.indexItems + b.caseItems;
  const againItems = Math.max(...runs.map((r) => maxFigures(r.again).indexItems + maxFigures(r.again).caseItems));
  const againEmails = Math.max(...runs.map((r) => maxFigures(r.again).emails));
  out('');
  if (runs.length > 1) {
    out(
      `Conclusion: from ${fmt(first.stored)} to ${fmt(last.stored)} stored cases (${ratio(last.stored, first.stored)}) with ${fmt(opts.due)} due in both, ` +
        `the sweep read ${fmt(itemsA)} → ${fmt(itemsB)} items (${ratio(itemsB, itemsA)}; ${fmt(b.caseItems)} cases, one per due case, and ${fmt(b.indexItems)} entries of the due index, ` +
        `read shard by shard, each entry once, and small: ${fmt(b.indexRcu, 1)} RCU), ` +
        `consumed ${fmt(a.rcu, 1)} → ${fmt(b.rcu, 1)} RCU (${ratio(b.rcu, a.rcu)}) and ${fmt(a.wcu, 1)} → ${fmt(b.wcu, 1)} WCU (${ratio(b.wcu, a.wcu)}), ` +
        `and took ${fmt(a.ms)} → ${fmt(b.ms)} ms (${ratio(b.ms, a.ms)}), i.e. ${fmt(a.ms / opts.due, 1)} → ${fmt(b.ms / opts.due, 1)} ms per due case, ` +
        `in ${fmt(a.calls)} → ${fmt(b.calls)} DynamoDB calls averaging ${fmt(a.msPerCall, 1)} → ${fmt(b.msPerCall, 1)} ms each (the time is DynamoDB Local's latency per call on this machine). ` +
        `Its cost follows the ${fmt(opts.due)} due cases, not the ${fmt(last.stored)} stored: it queries the sparse due index up to now and never scans the table. ` +
        `Sweeping again at the same now read at most ${fmt(againItems)} items and queued ${fmt(againEmails)} emails.`,
    );
  } else {
    out(`Conclusion: one size only (${fmt(first.stored)} stored): the sweep read ${fmt(itemsA)} items for ${fmt(opts.due)} due cases; run with two sizes (--stored) to compare.`);
  }
  if (problems.length) {
    out('\nPROBLEMS:');
    for (const p of problems) out(`  ${p}`);
  }
  return problems.length > 0;
}

main().then(
  (code) => {
    process.exitCode = code;
    setTimeout(() => process.exit(code), 2000).unref();
  },
  (error: unknown) => {
    console.error('The benchmark failed:', error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
