import '../local/quiet-sdk.js';
/**
 * Ledger benchmark (not a test): what the reads over many jurisdictions cost —
 * a city office's 台账 export of one month (含下级: the city, its counties and
 * townships) and the province leader's 待签发 list read to its end.
 *
 * It starts its own DynamoDB Local (in memory, on a free port, the local
 * system's server helper), creates the case table from CASE_TABLE as the
 * local runtime does, and stores `--cases` realistic cases (default 4,000,
 * scripts/lib/bench-cases.ts) spread over every jurisdiction of the province
 * configuration that has units, received over the `--months` months before
 * `--now`, in every status; one in `--sign-off-every` (default 20) is a
 * concluded case whose decision letter waits for its sign-off, with its 待签发
 * entry, as a conclusion writes it. Then it runs the real export
 * (shared/app/ledger-export.ts) and the real 待签发 list
 * (shared/app/work-lists.ts) over the real DynamoCaseStore, metering every
 * DynamoDB call they make (scripts/lib/bench-client-meter.ts), `--repeat`
 * times each (default 5); the figures are the medians.
 *
 * Capacity is as DynamoDB Local reports it (eventually consistent reads at
 * half a unit per 4 KB, as on AWS). Wall time on DynamoDB Local on a shared
 * 2-core machine is indicative only; the requests and the capacity are what
 * AWS would bill.
 *
 *   npm run bench:ledger                              (tsx scripts/bench-ledger.ts)
 *   npx tsx scripts/bench-ledger.ts --cases 8000 --repeat 3
 *   npx tsx scripts/bench-ledger.ts --help
 */
import { availableParallelism, cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { freePort } from '../local/free-port.js';
import { startDynamoServer, type LocalDynamo } from '../local/servers/dynamodb-server.js';
import { DynamoCaseStore, caseItem, signOffItem } from '../shared/adapters/dynamodb/case-store.js';
import { exportLedger } from '../shared/app/ledger-export.js';
import { workListPage } from '../shared/app/work-lists.js';
import { loadProvinceConfig } from '../shared/config/province.js';
import { CASE_STATUSES, type Case, type CaseStatus } from '../shared/domain/case.js';
import type { Actor } from '../shared/domain/access.js';
import type { Province } from '../shared/domain/province.js';
import { signOffPostsRead, signOffWaitingOf } from '../shared/domain/reply-signoff.js';
import { resourceNames } from '../shared/resources/definitions.js';
import { BenchCaseGenerator } from './lib/bench-cases.js';
import { ClientMeter, type ClientTotals } from './lib/bench-client-meter.js';
import { BatchWriter, createCaseTable } from './lib/bench-table.js';
import { optionsOrExitCode, positiveInteger } from './lib/bench-options.js';

const USAGE = `Usage: npm run bench:ledger -- [options]      (or: npx tsx scripts/bench-ledger.ts [options])

Stores generated cases over the province's jurisdictions in a private DynamoDB Local (in memory),
then prints, for a city office's ledger export of one month (with the levels below) and for the
province leader's 待签发 list read to its end: DynamoDB requests, read capacity consumed, items
read and wall time (medians of --repeat runs).

Options:
  --cases N            cases stored (default 4000)
  --months N           months before --now they were received over (default 3)
  --sign-off-every K   one case in K waits for its sign-off (default 20)
  --city CODE          the city whose office exports (default 330100)
  --month YYYY-MM      the month exported (default the month before --now's)
  --now ISO            the instant of the reads (default 2026-12-07T02:00:00Z)
  --repeat N           runs of each read (default 5)
  --seed N             the generator's seed (default 1)
  -h, --help           this text`;

interface Options {
  cases: number;
  months: number;
  signOffEvery: number;
  city: string;
  month: string | undefined;
  now: string;
  repeat: number;
  seed: number;
}

function parse(argv: string[]): Options | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      cases: { type: 'string', default: '4000' },
      months: { type: 'string', default: '3' },
      'sign-off-every': { type: 'string', default: '20' },
      city: { type: 'string', default: '330100' },
      month: { type: 'string' },
      now: { type: 'string', default: '2026-12-07T02:00:00Z' },
      repeat: { type: 'string', default: '5' },
      seed: { type: 'string', default: '1' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  if (Number.isNaN(Date.parse(values.now))) throw new Error(`--now: ${values.now} is not an instant`);
  if (values.month !== undefined && !/^\d{4}-\d{2}$/.test(values.month)) throw new Error(`--month: ${values.month} is not YYYY-MM`);
  return {
    cases: positiveInteger('cases', values.cases),
    months: positiveInteger('months', values.months),
    signOffEvery: positiveInteger('sign-off-every', values['sign-off-every']),
    city: values.city,
    month: values.month,
    now: new Date(values.now).toISOString(),
    repeat: positiveInteger('repeat', values.repeat),
    seed: positiveInteger('seed', values.seed),
  };
}

const CHINA_OFFSET_MS = 8 * 3_600_000;
const out = (line: string) => process.stdout.write(`${line}\n`);
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Statuses other than the handling stage, so that every status partition of a jurisdiction holds cases. */
const OTHER_STATUSES: readonly CaseStatus[] = CASE_STATUSES.filter((s) => s !== 'inProgress');

/** A generated case made to wait for its sign-off, or put in a status of its own, received in the benchmark's months. */
function benchCase(generator: BenchCaseGenerator, province: Province, i: number, opts: Options, start: number): Case {
  const base = generator.case(i, 'notDue');
  // Received evenly over the months (the generator's own dates bunch up before `now`), registered a little later.
  const span = Date.parse(opts.now) - start;
  const received = start + Math.floor(((i * 7919) % opts.cases) * (span / opts.cases));
  const dated: Case = { ...base, receivedAt: new Date(received).toISOString(), registeredAt: new Date(received + 60_000).toISOString() };
  if (i % opts.signOffEvery === 0) {
    const lead = dated.handling!.lead;
    const concluder = province.config.staff.find((s) => s.unit === lead && s.roles.includes('handler'))?.id ?? 'bench-handler';
    return {
      ...dated,
      status: 'concluded',
      result: {
        facts: '经调查核实，反映的问题属实。',
        basis: '《信访工作条例》第三十二条',
        decision: '责成有关单位限期整改。',
        outcome: 'partlySupported',
        concludedAt: dated.updatedAt,
        concludedBy: concluder,
        unit: lead,
        // Alternately the unit's head and the office's leaders approve: both kinds of post are read.
        signOff: { rule: i % (2 * opts.signOffEvery) === 0 ? 'unitHead' : 'leader' },
      },
    };
  }
  // Three in four in the handling stage, the rest in the other statuses in turn.
  return i % 4 === 0 ? { ...dated, status: OTHER_STATUSES[(i / 4) % OTHER_STATUSES.length]! } : dated;
}

interface Figures {
  totals: ClientTotals;
  ms: number;
  answer: string;
}

function line(label: string, runs: Figures[]): string {
  const calls = median(runs.map((r) => r.totals.calls));
  const rcu = median(runs.map((r) => r.totals.rcu));
  const items = median(runs.map((r) => r.totals.tableItemsRead + Object.values(r.totals.indexItemsRead).reduce((a, b) => a + b, 0)));
  const ms = median(runs.map((r) => r.ms));
  const indexRcu = median(runs.map((r) => Object.values(r.totals.indexRcu).reduce((a, b) => a + b, 0)));
  const ops = Object.entries(runs[0]!.totals.byOperation)
    .map(([op, o]) => `${op} ${fmt(o.calls)}`)
    .join(', ');
  return `  ${label.padEnd(36)} ${fmt(calls).padStart(7)} requests  ${fmt(rcu, 1).padStart(9)} RCU (${fmt(indexRcu, 1)} of it indexes)  ${fmt(items).padStart(7)} items read  ${fmt(ms).padStart(7)} ms   (${ops}; ${runs[0]!.answer})`;
}

async function main(): Promise<number> {
  const parsed = optionsOrExitCode(parse, USAGE);
  if (typeof parsed === 'number') return parsed;
  const opts = parsed;
  let dynamo: LocalDynamo | undefined;
  try {
    const province = loadProvinceConfig(fileURLToPath(new URL('../config/province.yaml', import.meta.url)));
    if (!province.hasJurisdiction(opts.city)) throw new Error(`--city: ${opts.city} is not a jurisdiction of the province`);
    const generator = new BenchCaseGenerator(province, opts.now, opts.seed);
    const nowDay = new Date(Date.parse(opts.now) + CHINA_OFFSET_MS);
    const start = Date.UTC(nowDay.getUTCFullYear(), nowDay.getUTCMonth() - opts.months, 1) - CHINA_OFFSET_MS;
    const month = opts.month ?? new Date(Date.UTC(nowDay.getUTCFullYear(), nowDay.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
    const lastDay = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);
    const places = province.tree.subtree(opts.city).length;

    out(`Ledger benchmark: ${fmt(opts.cases)} cases over ${province.tree.all().length} jurisdictions, received over ${opts.months} months before ${opts.now}; ${CASE_STATUSES.length} statuses; seed ${opts.seed}`);
    out(`  machine: ${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${fmt(totalmem() / 2 ** 30, 1)} GiB, Node ${process.version}; DynamoDB Local (in memory) on a JVM`);

    dynamo = await startDynamoServer({ port: await freePort() });
    const clientConfig = { region: 'us-east-1', endpoint: dynamo.endpoint, credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } };
    const seedClient = new DynamoDBClient(clientConfig);
    const readClient = new DynamoDBClient(clientConfig);
    const meter = ClientMeter.attach(readClient);
    const table = `${resourceNames('bench').table}-ledger`;
    await createCaseTable(seedClient, table);

    const t0 = performance.now();
    const writer = new BatchWriter(seedClient, table);
    let waiting = 0;
    for (let i = 0; i < opts.cases; i++) {
      const c = benchCase(generator, province, i, opts, start);
      await writer.put(caseItem(c));
      const w = signOffWaitingOf(c);
      if (w) {
        waiting++;
        await writer.put(signOffItem(c.caseNumber, w));
      }
    }
    await writer.flush();
    out(`  stored ${fmt(opts.cases)} cases (${fmt(waiting)} waiting for their sign-off) in ${fmt((performance.now() - t0) / 1000, 1)} s`);

    const store = new DynamoCaseStore(readClient, table);
    const clock = { now: () => new Date(opts.now) };
    const actorOf = (id: string): Actor => {
      const staff = province.staff(id);
      if (!staff) throw new Error(`no staff member ${id} in the province configuration`);
      return { staffId: staff.id, jurisdiction: staff.jurisdiction, roles: staff.roles, ...(staff.unit ? { unit: staff.unit } : {}) };
    };
    const cityOffice = province.config.staff.find((s) => s.jurisdiction === opts.city && !s.unit && s.roles.includes('petitionsOffice'));
    const leader = province.config.staff.find((s) => s.jurisdiction === province.tree.all().find((n) => n.parent === undefined)!.code && !s.unit && s.roles.includes('leader'));
    if (!cityOffice || !leader) throw new Error('the configuration has no city office or province leader to read as');

    const measure = async (run: () => Promise<string>): Promise<Figures[]> => {
      const runs: Figures[] = [];
      // One unmetered run first: the JIT of DynamoDB Local and of the code read, the connections.
      await run();
      for (let r = 0; r < opts.repeat; r++) {
        meter.reset();
        const began = performance.now();
        const answer = await run();
        runs.push({ ms: performance.now() - began, totals: meter.snapshot(), answer });
      }
      return runs;
    };

    const ledgerRuns = await measure(async () => {
      const { lines } = await exportLedger(
        { store, province, clock },
        { jurisdiction: opts.city, from: `${month}-01`, to: lastDay, status: 'any', includeSubordinates: true },
        actorOf(cityOffice.id),
        {},
      );
      return `${fmt(lines)} lines`;
    });
    const signOffRuns = await measure(async () => {
      let cursor: string | undefined;
      let items = 0;
      let pages = 0;
      do {
        const page = await workListPage({ store, province, clock }, actorOf(leader.id), 'awaitingSignOff', { limit: 50, ...(cursor ? { cursor } : {}) });
        items += page.items.length;
        pages++;
        cursor = page.cursor;
      } while (cursor);
      return `${fmt(items)} letters on ${pages} pages of 50`;
    });

    out(`\nMedians of ${opts.repeat} runs (requests: DynamoDB calls; RCU as DynamoDB Local reports it):`);
    out(line(`city ${opts.city} ledger ${month} (${places} places)`, ledgerRuns));
    const posts = signOffPostsRead(actorOf(leader.id), province, province.tree, (code) => province.jurisdiction(code).units.map((u) => u.id)).length;
    out(line(`province leader 待签发 (${posts} posts)`, signOffRuns));
    return 0;
  } finally {
    await dynamo?.close();
  }
}

process.exitCode = await main();
