/**
 * Builds every function of the FUNCTIONS registry with exactly the esbuild
 * settings the stack deploys (infra/bundling.ts) and prints, per function, the
 * bundle size, its gzip size and the AWS SDK packages that ended up inside;
 * then builds the staff console (web/console) and prints its first-load
 * JavaScript against the 400 KB gzip budget, and each lazy page chunk
 * (scripts/lib/bench-console-bundle.ts). The budget is reported, not enforced:
 * the exit code is non-zero only when a build fails.
 *
 *   npm run bench:bundles            (tsx scripts/bench-bundles.ts)
 *   tsx scripts/bench-bundles.ts --keep   keeps the output directories
 *   tsx scripts/bench-bundles.ts --only functions|console
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { ESBUILD_SETTINGS } from '../infra/bundling.js';
import { fromRepoRoot } from '../infra/paths.js';
import { FUNCTIONS } from '../shared/resources/functions.js';
import { benchConsoleBundle, printConsoleBundleReport } from './lib/bench-console-bundle.js';

interface Row {
  fn: string;
  bytes?: number;
  gzip?: number;
  ms?: number;
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
  const outRoot = mkdtempSync(join(tmpdir(), 'xinfang-bundles-'));
  const rows: Row[] = [];

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
    rows.push({ fn: definition.id, bytes: statSync(outfile).size, gzip: gzipSync(code, { level: 9 }).length, ms, sdk: bundledSdkPackages(result.metafile) });
  }

  const table = [
    ['function', 'bytes', 'KiB', 'gzip bytes', 'gzip KiB', 'build ms', '@aws-sdk packages bundled'],
    ...rows.map((r) =>
      r.bytes === undefined
        ? [r.fn, '-', '-', '-', '-', '-', r.note ?? '']
        : [r.fn, String(r.bytes), kib(r.bytes), String(r.gzip), kib(r.gzip!), r.ms!.toFixed(0), r.sdk.join(', ') || '(none)'],
    ),
  ];
  const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, c) => (c >= 1 && c <= 5 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join(' | ')} |`;
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
