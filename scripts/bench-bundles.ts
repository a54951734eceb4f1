/**
 * Builds every function of the FUNCTIONS registry with exactly the esbuild
 * settings the stack deploys (infra/bundling.ts) and prints, per function, the
 * bundle size, its gzip size, the AWS SDK packages that ended up inside and
 * its cold-start init (the bundle imported in a fresh Node process, with a
 * function's environment: the module's top level — clients, configuration —
 * as Lambda runs it before the first event; median of three) against the
 * 500 KB goal;
 * then builds the staff console (web/console) and prints its first-load
 * JavaScript against the 400 KB gzip budget, and each lazy page chunk
 * (scripts/lib/bench-console-bundle.ts). The budget is reported, not enforced:
 * the exit code is non-zero only when a build fails.
 *
 *   npm run bench:bundles            (tsx scripts/bench-bundles.ts)
 *   tsx scripts/bench-bundles.ts --keep   keeps the output directories
 *   tsx scripts/bench-bundles.ts --only functions|console
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { ESBUILD_SETTINGS } from '../infra/bundling.js';
import { DEPLOYED_CONFIG_FILE_NAME, writeDeployedConfig } from '../infra/deployed-config.js';
import { DEFAULT_PROVINCE_CONFIG, fromRepoRoot, REPO_ROOT } from '../infra/paths.js';
import { FUNCTIONS } from '../shared/resources/functions.js';
import { benchConsoleBundle, printConsoleBundleReport } from './lib/bench-console-bundle.js';

interface Row {
  fn: string;
  bytes?: number;
  gzip?: number;
  ms?: number;
  /** Import of the bundle in a fresh process (median of three), or why it failed. */
  initMs?: number;
  initError?: string;
  sdk: string[];
  note?: string;
}

/** `@aws-sdk/client-s3`, `@aws-sdk/lib-dynamodb`, ...: the SDK packages a metafile's inputs come from (helpers like core/middleware left out). */
export function bundledSdkPackages(metafile: Metafile): string[] {
  const packages = new Set<string>();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /node_modules\/@aws-sdk\/((?:client|lib)-[^/]+)\//.exec(input);
    if (match) packages.add(`@aws-sdk/${match[1]}`);
  }
  return [...packages].sort();
}

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

async function benchFunctions(keep: boolean): Promise<void> {
  // Under the repository, so a bundle's external packages (a native module) resolve from its node_modules as they ship beside it.
  mkdirSync(join(REPO_ROOT, 'node_modules', '.cache'), { recursive: true });
  const outRoot = mkdtempSync(join(REPO_ROOT, 'node_modules', '.cache', 'xinfang-bundles-'));
  const rows: Row[] = [];
  // The configuration as the stack ships it: JSON beside the bundle (infra/deployed-config.ts).
  writeDeployedConfig(fromRepoRoot(DEFAULT_PROVINCE_CONFIG), outRoot);

  for (const definition of Object.values(FUNCTIONS)) {
    const entry = fromRepoRoot(definition.entry);
    if (!existsSync(entry)) {
      rows.push({ fn: definition.id, sdk: [], note: `missing entry ${definition.entry}` });
      continue;
    }
    const outfile = join(outRoot, definition.id, 'index.mjs');
    const started = performance.now();
    const result = await build({
      ...ESBUILD_SETTINGS,
      mainFields: [...ESBUILD_SETTINGS.mainFields],
      external: [...ESBUILD_SETTINGS.external],
      entryPoints: [entry],
      outfile,
      metafile: true,
      logLevel: 'warning',
    });
    const ms = performance.now() - started;
    const code = readFileSync(outfile);
    rows.push({ fn: definition.id, bytes: statSync(outfile).size, gzip: gzipSync(code, { level: 9 }).length, ms, sdk: bundledSdkPackages(result.metafile), ...initTime(outfile, join(outRoot, DEPLOYED_CONFIG_FILE_NAME)) });
  }

  const table = [
    ['function', 'bytes', 'KiB', 'gzip bytes', 'gzip KiB', 'build ms', 'init ms', '≤ 500 KB', '@aws-sdk packages bundled'],
    ...rows.map((r) =>
      r.bytes === undefined
        ? [r.fn, '-', '-', '-', '-', '-', '-', '-', r.note ?? '']
        : [
            r.fn,
            String(r.bytes),
            kib(r.bytes),
            String(r.gzip),
            kib(r.gzip!),
            r.ms!.toFixed(0),
            r.initMs !== undefined ? r.initMs.toFixed(0) : `failed: ${r.initError}`,
            r.bytes <= 500 * 1000 ? 'yes' : 'no',
            r.sdk.join(', ') || '(none)',
          ],
    ),
  ];
  const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, c) => (c >= 1 && c <= 6 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join(' | ')} |`;
  console.log(line(table[0]!));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of table.slice(1)) console.log(line(row));
  console.log(
    `\nesbuild ${ESBUILD_SETTINGS.format} target=${ESBUILD_SETTINGS.target} minify=${ESBUILD_SETTINGS.minify} sourcemap=${ESBUILD_SETTINGS.sourcemap}; ` +
      (keep ? `bundles kept in ${outRoot}` : 'bundles removed (--keep to keep them)'),
  );
  if (!keep) rmSync(outRoot, { recursive: true, force: true });
  if (rows.some((r) => r.bytes === undefined)) process.exitCode = 1;
}

/**
 * The bundle imported in a fresh Node process with a function's environment
 * (every endpoint a closed local port: nothing leaves the machine, and the
 * clients connect lazily), three times; the median of the import's own time.
 */
function initTime(outfile: string, configPath: string): { initMs: number } | { initError: string } {
  const closed = 'http://127.0.0.1:9';
  const queue = (name: string) => `${closed}/000000000000/xinfang-bench-${name}`;
  const env = {
    PATH: process.env.PATH ?? '',
    STAGE: 'bench',
    TABLE_NAME: 'xinfang-bench-cases',
    MAIL_BUCKET: 'xinfang-bench-mail',
    PROVINCE_CONFIG_PATH: configPath,
    QUEUE_URL_INTAKE: queue('intake'),
    QUEUE_URL_INTAKEURGENT: queue('intake-urgent'),
    QUEUE_URL_ROUTING: queue('routing'),
    QUEUE_URL_HANDOFF: `${queue('handoff')}.fifo`,
    QUEUE_URL_NOTIFY: queue('notify'),
    QUEUE_URL_NOTIFYURGENT: queue('notify-urgent'),
    QUEUE_URL_NOTIFYROUTINE: queue('notify-routine'),
    REPLY_TAG_KEY: 'bench-reply-tag-key-0123456789abcdef0123456789',
    AWS_REGION: 'ap-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_ENDPOINT_URL: closed,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(outfile).href)}); process.stdout.write(String(performance.now() - t)); process.exit(0);`;
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    try {
      runs.push(Number(execFileSync(process.execPath, ['--input-type=module', '--enable-source-maps', '-e', script], { env, encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] })));
    } catch (error) {
      const stderr = String((error as { stderr?: string }).stderr ?? (error as Error).message);
      return { initError: (/Error[^\n]*/.exec(stderr)?.[0] ?? stderr).slice(0, 120) };
    }
  }
  return { initMs: runs.sort((a, b) => a - b)[1]! };
}

async function benchConsole(keep: boolean): Promise<void> {
  try {
    const report = await benchConsoleBundle({ keep });
    printConsoleBundleReport(report);
    if (keep) console.log(`console build kept in ${report.outDir}`);
  } catch (error) {
    console.error(`\nthe staff console did not build: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}

async function main(): Promise<void> {
  const keep = process.argv.includes('--keep');
  const onlyAt = process.argv.indexOf('--only');
  const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined;
  if (only !== undefined && only !== 'functions' && only !== 'console') {
    console.error('usage: tsx scripts/bench-bundles.ts [--keep] [--only functions|console]');
    process.exitCode = 2;
    return;
  }
  if (only !== 'console') await benchFunctions(keep);
  if (only !== 'functions') await benchConsole(keep);
}

await main();
