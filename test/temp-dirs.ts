import { readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Temporary folders the infra tests' synthesis leaves (cloud assemblies with bundled functions). */
const PREFIXES = ['xinfang-cdk-', 'xinfang-app-', 'cdk.out'];

/**
 * Vitest global setup: when the run ends, removes the temporary cloud
 * assemblies this run created, so repeated runs do not fill the disk.
 */
export default function setup(): () => void {
  const started = Date.now() - 1_000;
  return () => {
    const root = tmpdir();
    for (const name of readdirSync(root)) {
      if (!PREFIXES.some((p) => name.startsWith(p))) continue;
      const path = join(root, name);
      try {
        if (statSync(path).mtimeMs >= started) rmSync(path, { recursive: true, force: true });
      } catch {
        // Already gone, or not ours to remove.
      }
    }
  };
}
