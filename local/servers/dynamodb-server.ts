import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { answers, waitForPort } from '../free-port.js';

/**
 * DynamoDB Local (Amazon's own emulator, shipped inside the npm package
 * amplify-dynamodb-simulator) on a JVM. Chosen over dynalite because the
 * case store relies on TransactWriteItems, which dynalite does not implement.
 */
export interface LocalDynamo {
  endpoint: string;
  close(): Promise<void>;
}

export async function startDynamoServer(opts: { host?: string; port: number; dataDir?: string }): Promise<LocalDynamo> {
  const host = opts.host ?? '127.0.0.1';
  // Readiness is "the port answers": a server already there (another run's DynamoDB Local) would pass for ours and answer "Unauthorized".
  if (await answers(host, opts.port)) {
    throw Object.assign(new Error(`listen EADDRINUSE: something already answers on ${host}:${opts.port}; DynamoDB Local was not started there`), { code: 'EADDRINUSE' });
  }
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (java.error || java.status !== 0) {
    throw new Error('DynamoDB Local needs a Java runtime (11 or newer) on the PATH: install one, e.g. `apt-get install -y default-jre-headless`');
  }
  const emulator = join(dirname(createRequire(import.meta.url).resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
  const storage = opts.dataDir ? ['-dbPath', opts.dataDir] : ['-inMemory'];
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const child: ChildProcess = spawn(
    'java',
    [
      '-Xmx512m',
      '-XX:+UseSerialGC',
      // C1 only: the optimising compiler (C2) took over a third of the JVM's CPU in a 1,000-letter run, on the two
      // cores the functions share with it; without it short runs go 12–17 % faster and 10,000 petitions no slower (README).
      '-XX:TieredStopAtLevel=1',
      `-Djava.library.path=${join(emulator, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(emulator, 'DynamoDBLocal.jar'),
      '-port',
      String(opts.port),
      '-sharedDb',
      ...storage,
    ],
    { cwd: emulator, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`DynamoDB Local exited (code ${code}):\n${output.slice(-2000)}`))),
  );
  await Promise.race([waitForPort(host, opts.port, 60_000), exited]);
  exited.catch(() => undefined);

  return {
    endpoint: `http://${host}:${opts.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  };
}
