import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT } from './paths.js';

/**
 * How the staff console is built for deployment, in ONE place — the console's
 * counterpart of bundling.ts. As NodejsFunction bundles each function with
 * esbuild during synthesis, the stack builds the console with Vite during
 * synthesis, so `cdk synth` works on a fresh clone and always deploys what
 * the sources say (never a stale web/console/dist).
 *
 * The build goes to a directory named by a hash of its inputs
 * (node_modules/.cache/xinfang-console/<hash>): later syntheses of the same
 * sources reuse it, and parallel syntheses (tests) never write into one
 * directory together — each builds into its own and renames it into place.
 * web/console/dist stays the local runtime's, untouched.
 */

const CONSOLE_DIR = join(REPO_ROOT, 'web', 'console');
const CACHE_DIR = join(REPO_ROOT, 'node_modules', '.cache', 'xinfang-console');

/** What the bundle is made of: the console, the domain code it imports, and the locked dependency versions. */
const INPUTS = [CONSOLE_DIR, join(REPO_ROOT, 'shared'), join(REPO_ROOT, 'package-lock.json')];
/** Not part of the bundle: the local build, and the component tests and their helpers. */
const NOT_INPUT = /(^|[\\/])(dist|node_modules)$|\.test\.[cm]?[jt]sx?$|[\\/]src[\\/]test$/;

/** The built console (index.html and assets/) for these sources, built now if no earlier synthesis did. */
export function consoleBuildForDeployment(): string {
  const hash = inputHash();
  const out = join(CACHE_DIR, hash);
  if (existsSync(join(out, 'index.html'))) return out;

  mkdirSync(CACHE_DIR, { recursive: true });
  const staging = join(CACHE_DIR, `${hash}.building-${process.pid}-${Date.now()}`);
  const vite = join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!existsSync(vite)) throw new Error(`cannot build the staff console for deployment: ${vite} is missing (run npm install)`);
  const result = spawnSync(
    process.execPath,
    [vite, 'build', '--config', join(CONSOLE_DIR, 'vite.config.ts'), '--outDir', staging, '--emptyOutDir', '--logLevel', 'error'],
    { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (result.status !== 0 || !existsSync(join(staging, 'index.html'))) {
    rmSync(staging, { recursive: true, force: true });
    const output = `${result.stderr ?? ''}${result.stdout ?? ''}`.trim().split('\n').slice(-20).join('\n');
    throw new Error(
      `cannot build the staff console for deployment (vite build ${result.error ? `failed: ${result.error.message}` : `exited ${String(result.status)}`}); ` +
        `\`npm run build:console\` shows the whole output.\n${output}`,
    );
  }
  try {
    renameSync(staging, out);
  } catch (error) {
    // Another synthesis finished the same build first: its copy is the same bundle.
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(join(out, 'index.html'))) throw error;
  }
  return out;
}

/** A hash of every input file's path and content. */
function inputHash(): string {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap(filesOf).sort()) {
    hash.update(relative(REPO_ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 32);
}

function filesOf(path: string): string[] {
  if (NOT_INPUT.test(path) || !existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => filesOf(join(path, name)));
}
