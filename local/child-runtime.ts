import './quiet-sdk.js';
import { startLocalSystem } from './system.js';

/**
 * The local runtime as a child process for tests that kill it (crash tests):
 * `tsx local/child-runtime.ts <data dir> [province config]` starts on free ports and
 * prints one JSON line with its endpoints once ready. XINFANG_CHILD_LOG=1 passes its
 * log to stderr. With XINFANG_DIE_WITH_PARENT=1 it kills its process group (itself and
 * DynamoDB Local) once its stdin closes, so a test runner that dies leaves nothing behind.
 */
async function main(): Promise<void> {
  const [dataDir, configPath] = process.argv.slice(2);
  if (!dataDir) throw new Error('usage: tsx local/child-runtime.ts <data dir> [province config]');
  const verbose = process.env.XINFANG_CHILD_LOG === '1';
  const system = await startLocalSystem({ dataDir, ...(configPath ? { configPath } : {}), ports: 'random', log: verbose ? (line) => console.error(`[child] ${line}`) : () => undefined });
  console.log(JSON.stringify({ ready: true, pid: process.pid, apiUrl: system.apiUrl, smtp: system.smtp, endpoints: system.endpoints, queues: system.resources.queues }));
  if (process.env.XINFANG_DIE_WITH_PARENT === '1') {
    process.stdin.resume();
    process.stdin.once('close', () => {
      try {
        process.kill(-process.pid, 'SIGKILL');
      } catch {
        void system.close().finally(() => process.exit(1)); // not a group leader: stop in order
      }
    });
  }
  const stop = () => void system.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  // The stack and, for an AWS SDK error, the HTTP status say which local server refused (a bare "UnknownError" says nothing).
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  console.error('child runtime could not start:', error instanceof Error ? `${error.stack ?? error.message}${status ? ` (HTTP ${status})` : ''}` : error);
  process.exit(1);
});
