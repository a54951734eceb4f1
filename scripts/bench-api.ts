/**
 * The local API under load (issue 16, target 4): registrations through
 * `POST /cases` with many in flight, as a front desk does after a surge of
 * letters, on a private local system (random ports, temp data folder).
 * Prints the rate, each registration's latency and every answer by status,
 * the DynamoDB calls and units a registration costs (by function: the api's own
 * and the routing it causes, by operation with their average time), and checks that every letter became exactly one case. Timings are printed,
 * never asserted; the exit code says only whether every letter was registered
 * once (1 if not).
 */
import '../local/quiet-sdk.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalSystem, type LocalSystem } from '../local/system.js';
import { FUNCTIONS } from '../shared/resources/functions.js';
import { CapacityMeter, functionLines, operationLines } from './lib/bench-capacity.js';
import { registerOpenCases } from './lib/bench-console-seed.js';
import { LogCapture } from './lib/bench-logs.js';
import { BenchProfile } from './lib/bench-profile.js';
import { divisionCode, optionsOrExitCode, positiveInteger } from './lib/bench-options.js';

const USAGE = `Usage: npm run bench:api -- [options]      (or: npx tsx scripts/bench-api.ts [options])

Registers letters through the local API's POST /cases, many in flight, each with its own
Idempotency-Key (a 429 or 503 is tried again with the same key), on a private local system,
and prints registrations per second, latency percentiles, answers by status, DynamoDB calls
and units per registration, and whether every letter became exactly one case. The routing each registration causes runs meanwhile,
as it would.

Options:
  --count N          letters to register (default 1000)
  --concurrency C    registrations in flight (default 50)
  --jurisdiction J   county they are registered in (default 330122, 桐庐县)
  --registrar ID     staff id registering them (default tonglu-registrar)
  --profile DIR      profile every process while the letters are registered (V8 CPU profile of
                     the Node process, Java Flight Recorder of DynamoDB Local) and print where the
                     CPU went; the raw profiles stay in DIR
  --help             this text
`;

interface Options {
  count: number;
  concurrency: number;
  jurisdiction: string;
  registrar: string;
  profileDir?: string;
}

function parseOptions(argv: string[]): Options | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      count: { type: 'string', default: '1000' },
      concurrency: { type: 'string', default: '50' },
      jurisdiction: { type: 'string', default: '330122' },
      registrar: { type: 'string', default: 'tonglu-registrar' },
      profile: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return 'help';
  return {
    count: positiveInteger('count', values.count),
    concurrency: positiveInteger('concurrency', values.concurrency),
    jurisdiction: divisionCode('jurisdiction', values.jurisdiction),
    registrar: values.registrar,
    ...(values.profile ? { profileDir: resolve(values.profile) } : {}),
  };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const ms = (n: number) => `${Math.round(n)} ms`;

async function main(): Promise<number> {
  const opts = optionsOrExitCode(parseOptions, USAGE);
  if (typeof opts === 'number') return opts;
  const tmp = mkdtempSync(join(tmpdir(), 'xinfang-bench-api-'));
  let system: LocalSystem | undefined;
  // Every DynamoDB call of the functions in this process, told apart by function.
  const meter = CapacityMeter.install(Object.values(FUNCTIONS).map((f) => f.entry.split('/')[1]!));
  // The functions' log lines (one JSON object each) are kept off the output.
  const logs = new LogCapture();
  logs.install();
  const console = { log: (line: string) => logs.out(line) };
  try {
    console.log(`API benchmark: ${opts.count} letters through POST /cases, ${opts.concurrency} in flight, in ${opts.jurisdiction}`);
    const profile = opts.profileDir ? await BenchProfile.start(opts.profileDir) : undefined;
    system = await startLocalSystem({ ports: 'random', dataDir: join(tmp, 'data'), stage: 'bench', console: 'off', log: () => undefined });
    meter.reset();
    await profile?.begin();
    const started = performance.now();
    const { caseNumbers, retries, latenciesMs, statuses } = await registerOpenCases(system.apiUrl, {
      registrar: opts.registrar,
      jurisdiction: opts.jurisdiction,
      count: opts.count,
      concurrency: opts.concurrency,
    });
    const wallMs = performance.now() - started;
    await profile?.end();
    // While the letters were registered: the router is still at work on the last of them, so its share is a little short.
    const capacity = meter.snapshot();
    meter.pause();
    const sorted = [...latenciesMs].sort((a, b) => a - b);
    const unique = new Set(caseNumbers).size;
    console.log('Results');
    console.log(`  registered        ${caseNumbers.length}/${opts.count} in ${(wallMs / 1000).toFixed(1)} s: ${(caseNumbers.length / (wallMs / 1000)).toFixed(1)} registrations/s (target ≥ 150 at 50 in flight)`);
    console.log(`  latency           first try → 201: p50 ${ms(percentile(sorted, 50))}, p90 ${ms(percentile(sorted, 90))}, p99 ${ms(percentile(sorted, 99))}, max ${ms(sorted[sorted.length - 1] ?? Number.NaN)} (target p99 ≤ 1 s)`);
    console.log(`  answers           ${Object.entries(statuses).map(([status, n]) => `${status === '0' ? 'no answer' : status} × ${n}`).join(', ')}; ${retries} tried again (429/503/no answer, same key)`);
    const n = Math.max(1, caseNumbers.length);
    console.log(`  DynamoDB          per registration, while they were registered: ${(capacity.calls / n).toFixed(1)} calls, RCU ${(capacity.rcu / n).toFixed(2)}, WCU ${(capacity.wcu / n).toFixed(2)} as DynamoDB Local reports, ${(capacity.billedWcu / n).toFixed(2)} as AWS bills`);
    for (const line of [...functionLines(capacity, n), ...operationLines(capacity, n)]) console.log(line);
    if (profile) for (const line of profile.report(n, 'registration')) console.log(line);
    console.log(`  cases             ${unique} distinct case numbers for ${opts.count} letters${unique === opts.count ? '' : ' — NOT one case per letter'}`);
    return unique === opts.count && caseNumbers.length === opts.count ? 0 : 1;
  } finally {
    await system?.close();
    meter.uninstall();
    logs.uninstall();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
