import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The console's Vite project inside the repo, and what its build depends on. */
export function consolePaths(repoRoot: string) {
  const dir = join(repoRoot, 'web', 'console');
  return {
    dir,
    distDir: join(dir, 'dist'),
    /** Held while one process builds (buildConsoleIfStale): a directory, made atomically. */
    lockDir: join(dir, '.build-lock'),
    configFile: join(dir, 'vite.config.ts'),
    /** Edits to any of these make the build stale: the console's own files and the shared code it imports (its rules, labels and icon). */
    sources: [join(dir, 'src'), join(dir, 'public'), join(dir, 'index.html'), join(dir, 'vite.config.ts'), ...['app', 'config', 'domain', 'resources'].map((d) => join(repoRoot, 'shared', d))],
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
  if (!consoleBuildReason(paths)) return 'fresh';
  // Test files run in parallel processes, each of which may find the console stale: one builds, the
  // others wait and then find it fresh. Two builds at once would empty dist under a page being served.
  return withBuildLock(paths, async () => {
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
  });
}

/** A lock left by a process that died mid-build is taken over: its owner is gone, or it is older than any build. */
const LOCK_ABANDONED_MS = 10 * 60_000;

async function withBuildLock<T>(paths: ConsolePaths, work: () => Promise<T>): Promise<T> {
  const owner = join(paths.lockDir, 'pid');
  for (;;) {
    try {
      mkdirSync(paths.lockDir);
      writeFileSync(owner, String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (lockAbandoned(paths.lockDir, owner)) rmSync(paths.lockDir, { recursive: true, force: true });
    else await sleep(250);
  }
  try {
    return await work();
  } finally {
    rmSync(paths.lockDir, { recursive: true, force: true });
  }
}

function lockAbandoned(lockDir: string, owner: string): boolean {
  try {
    if (Date.now() - statSync(lockDir).mtimeMs > LOCK_ABANDONED_MS) return true;
    const pid = Number(readFileSync(owner, 'utf8'));
    if (!Number.isInteger(pid) || pid <= 0) return false;
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // ESRCH: no such process. A lock without its pid file yet is being taken: not abandoned.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
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
