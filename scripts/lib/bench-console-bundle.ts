/**
 * The staff console's part of `npm run bench:bundles`: builds web/console with
 * its own Vite configuration into a temp directory, with the build manifest
 * switched on for this build only, and weighs what a browser loads — the first
 * load (entry chunk, its static imports, its CSS) and each lazy route chunk —
 * raw, gzip (level 9) and brotli.
 *
 * A separate output directory, not web/console/dist: the bench then never
 * empties the build a running `npm start` or browser test is serving, and the
 * manifest (which only this bench reads) is not shipped with the console.
 * The chunks are the same bytes: the manifest changes no output file.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Manifest } from 'vite';
import { consolePaths } from '../../local/console-build.js';
import { REPO_ROOT } from '../../infra/paths.js';
import { firstLoad, htmlFirstLoad, lazyLoads, type LoadFiles } from './console-manifest.js';

/** The budget for the console's first load: JavaScript, gzipped. */
export const FIRST_LOAD_BUDGET_GZIP_BYTES = 400 * 1024;

export interface Weight {
  raw: number;
  gzip: number;
  brotli: number;
}

export interface WeighedFile extends Weight {
  file: string;
}

export interface ConsoleBundleReport {
  buildMs: number;
  firstLoad: { js: WeighedFile[]; css: WeighedFile[]; jsTotal: Weight; cssTotal: Weight };
  /** index.html's tags name the same files as the manifest's graph (empty when they agree). */
  htmlMismatch: string[];
  lazy: { key: string; file: string; route: boolean; added: WeighedFile[]; addedTotal: Weight; pageTotal: Weight }[];
}

function weigh(dist: string, file: string): WeighedFile {
  const bytes = readFileSync(join(dist, file));
  return {
    file,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY } }).length,
  };
}

const sum = (files: readonly Weight[]): Weight => ({
  raw: files.reduce((n, f) => n + f.raw, 0),
  gzip: files.reduce((n, f) => n + f.gzip, 0),
  brotli: files.reduce((n, f) => n + f.brotli, 0),
});

function sameFiles(manifest: LoadFiles, html: LoadFiles): string[] {
  const problems: string[] = [];
  for (const kind of ['js', 'css'] as const) {
    const fromHtml = new Set(html[kind]);
    const fromManifest = new Set(manifest[kind]);
    for (const file of fromManifest) if (!fromHtml.has(file)) problems.push(`${file}: in the manifest's first load, not in index.html`);
    for (const file of fromHtml) if (!fromManifest.has(file)) problems.push(`${file}: in index.html, not in the manifest's first load`);
  }
  return problems;
}

/** Builds the console (throws when the build fails) and weighs its first load and lazy chunks. */
export async function benchConsoleBundle(options: { keep?: boolean } = {}): Promise<ConsoleBundleReport & { outDir: string }> {
  const paths = consolePaths(REPO_ROOT);
  const outDir = mkdtempSync(join(tmpdir(), 'xinfang-console-'));
  try {
    const started = performance.now();
    const { build } = await import('vite');
    await build({
      configFile: paths.configFile,
      root: paths.dir,
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true, manifest: true },
    });
    const buildMs = performance.now() - started;

    const manifest = JSON.parse(readFileSync(join(outDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
    const first = firstLoad(manifest);
    const firstJs = first.js.map((f) => weigh(outDir, f));
    const firstCss = first.css.map((f) => weigh(outDir, f));
    const jsTotal = sum(firstJs);
    const lazy = lazyLoads(manifest).map((load) => {
      const added = [...load.js, ...load.css].map((f) => weigh(outDir, f));
      const addedJs = added.filter((f) => /\.m?js$/.test(f.file));
      return { key: load.key, file: load.file, route: load.route, added, addedTotal: sum(added), pageTotal: sum([jsTotal, sum(addedJs)]) };
    });
    return {
      outDir,
      buildMs,
      firstLoad: { js: firstJs, css: firstCss, jsTotal, cssTotal: sum(firstCss) },
      htmlMismatch: sameFiles(first, htmlFirstLoad(readFileSync(join(outDir, 'index.html'), 'utf8'))),
      lazy,
    };
  } finally {
    if (!options.keep) rmSync(outDir, { recursive: true, force: true });
  }
}

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

/** Prints a Markdown table, numbers right-aligned. */
export function printTable(header: string[], rows: string[][], numeric: (column: number) => boolean): void {
  const table = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, c) => (numeric(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
}

/** The console's tables and the verdict against the first-load budget. */
export function printConsoleBundleReport(report: ConsoleBundleReport): void {
  const row = (what: string, w: Weight) => [what, String(w.raw), kib(w.raw), String(w.gzip), kib(w.gzip), kib(w.brotli)];
  const header = ['file', 'bytes', 'KiB', 'gzip bytes', 'gzip KiB', 'brotli KiB'];
  const numeric = (c: number) => c >= 1;

  console.log(`\nStaff console (web/console, Vite build in ${(report.buildMs / 1000).toFixed(1)} s): first load — the entry chunk and its static imports`);
  printTable(
    header,
    [
      ...report.firstLoad.js.map((f) => row(f.file, f)),
      row('= JavaScript, first load', report.firstLoad.jsTotal),
      ...report.firstLoad.css.map((f) => row(f.file, f)),
      row('= CSS, first load', report.firstLoad.cssTotal),
    ],
    numeric,
  );

  console.log('\nLazy chunks (dynamic imports: each page loads its own on first visit; files the first load already has are not counted)');
  printTable(
    ['page (lazy route)', 'its chunk', 'files added', 'bytes', 'gzip KiB', 'brotli KiB', 'JS gzip KiB with the first load'],
    report.lazy.map((l) => [
      l.route ? l.key : `${l.key} (loaded by a page, after it)`,
      l.file,
      String(l.added.length),
      String(l.addedTotal.raw),
      kib(l.addedTotal.gzip),
      kib(l.addedTotal.brotli),
      kib(l.pageTotal.gzip),
    ]),
    (c) => c >= 2,
  );

  if (report.htmlMismatch.length === 0) console.log('\nindex.html cross-check: its module script, modulepreload and stylesheet tags name exactly these first-load files.');
  else console.log(`\nindex.html cross-check FAILED:\n  ${report.htmlMismatch.join('\n  ')}`);

  const gzip = report.firstLoad.jsTotal.gzip;
  // Landing pages are the routes; a chunk a page loads later (the case page's audit trail) is not one.
  const heaviest = report.lazy
    .filter((l) => l.route)
    .reduce<(typeof report.lazy)[number] | undefined>((max, l) => (!max || l.pageTotal.gzip > max.pageTotal.gzip ? l : max), undefined);
  const budget = FIRST_LOAD_BUDGET_GZIP_BYTES;
  const verdict = (bytes: number) => (bytes <= budget ? `within the ${kib(budget)} budget (${((bytes / budget) * 100).toFixed(0)}%)` : `OVER the ${kib(budget)} budget by ${kib(bytes - budget)}`);
  console.log(`First-load JavaScript: ${kib(gzip)} gzipped (${kib(report.firstLoad.jsTotal.raw)} raw, ${kib(report.firstLoad.jsTotal.brotli)} brotli): ${verdict(gzip)}.`);
  // What a visitor fetches before the first screen shows: the first load and the chunks of the page they land on.
  if (heaviest) console.log(`Heaviest landing page (${heaviest.key}): ${kib(heaviest.pageTotal.gzip)} of JavaScript gzipped with the first load: ${verdict(heaviest.pageTotal.gzip)}.`);
}
