import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: function entries and the province configuration are relative to it. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The configuration the stack deploys unless told otherwise (context `provinceConfig`). */
export const DEFAULT_PROVINCE_CONFIG = 'config/province.yaml';

export function fromRepoRoot(path: string): string {
  return isAbsolute(path) ? path : resolve(REPO_ROOT, path);
}
