import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';

/** The console's Vite project inside the repo, and what its build depends on. */
export function consolePaths(repoRoot: string) {
  const dir = join(repoRoot, 'web', 'console');
  return {
    dir,
    distDir: join(dir, 'dist'),
    configFile: join(dir, 'vite.config.ts'),
    /** Edits to any of these make the build stale. */
    sources: [join(dir, 'src'), join(dir, 'public'), join(dir, 'index.html'), join(dir, 'vite.config.ts')],
  };
}

export type ConsolePaths = ReturnType<typeof consolePaths>;

/** Why the console needs building, or undefined when dist is newer than every source file. */
export function consoleBuildReason(paths: ConsolePaths): string | undefined {
  const index = join(paths.distDir, 'index.html');
  if (!existsSync(index)) return 'not built yet';
  const built = statSync(index).mtimeMs;
  const newer = paths.sources.map((s) => newestFile(s)).find((f) => f && f.mtimeMs > built);
  return newer ? `${newer.path} changed since the last build` : undefined;
}

/** Component tests and their helpers are not in the bundle: editing them needs no rebuild. */
const NOT_BUILT = /(\.test\.[cm]?[jt]sx?|[\\/]src[\\/]test)$/;

function newestFile(path: string): { path: string; mtimeMs: number } | undefined {
  if (!existsSync(path) || NOT_BUILT.test(path)) return undefined;
  const stat = statSync(path);
  if (!stat.isDirectory()) return { path, mtimeMs: stat.mtimeMs };
  let newest: { path: string; mtimeMs: number } | undefined;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const found = newestFile(join(path, entry.name));
    if (found && (!newest || found.mtimeMs > newest.mtimeMs)) newest = found;
  }
  return newest;
}

/** One build at a time in this process (a test and a start may both ask). */
let building: Promise<void> | undefined;

/**
 * Builds the console with Vite's JS API when it is missing or stale; returns what was done.
 * Vite is imported only here, so a start that only serves never loads it.
 */
export async function buildConsoleIfStale(paths: ConsolePaths, log: (line: string) => void = () => undefined): Promise<'built' | 'fresh'> {
  while (building) await building;
  const reason = consoleBuildReason(paths);
  if (!reason) return 'fresh';
  if (!existsSync(paths.configFile)) throw new Error(`cannot build the console: ${paths.configFile} is missing`);
  log(`building the staff console (${reason})…`);
  const started = Date.now();
  building = (async () => {
    const { build } = await import('vite');
    await build({
      configFile: paths.configFile,
      root: paths.dir,
      // Errors only: the chunk-size advice is for `npm run build:console`, not every start.
      logLevel: 'error',
      build: { outDir: paths.distDir, emptyOutDir: true },
    });
  })();
  try {
    await building;
  } finally {
    building = undefined;
  }
  markBuiltAt(paths, started);
  log(`built the staff console in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return 'built';
}

/**
 * Dates the build by when it started, not when it finished: a source saved
 * while Vite was building (after it had read the file) is then newer than
 * the build, so the next start builds again instead of serving the old code.
 */
export function markBuiltAt(paths: ConsolePaths, startedMs: number): void {
  const index = join(paths.distDir, 'index.html');
  if (existsSync(index)) utimesSync(index, startedMs / 1000, startedMs / 1000);
}
