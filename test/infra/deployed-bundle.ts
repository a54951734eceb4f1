import { join } from 'node:path';
import { build } from 'esbuild';
import { ESBUILD_SETTINGS } from '../../infra/bundling.js';
import { REPO_ROOT } from '../../infra/paths.js';

/** A few lines of a function's code, bundled into `dir` as the stack bundles every function; the bundle and the files in it. */
export async function bundleAsDeployed(dir: string, lines: string[]): Promise<{ file: string; inputs: string[] }> {
  const file = join(dir, 'index.mjs');
  const result = await build({
    ...ESBUILD_SETTINGS,
    mainFields: [...ESBUILD_SETTINGS.mainFields],
    external: [...ESBUILD_SETTINGS.external],
    stdin: { contents: lines.join('\n'), resolveDir: REPO_ROOT, loader: 'ts' },
    outfile: file,
    metafile: true,
    logLevel: 'silent',
  });
  return { file, inputs: Object.keys(result.metafile.inputs) };
}
