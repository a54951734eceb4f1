import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDir } from './helpers.js';

/**
 * Free ports for local systems are reserved across processes: two test
 * workers (or a system restarting on new ports beside another) are never
 * given the same port, and DynamoDB Local never starts on a port another
 * server already answers on.
 */

const dir = mkdtempSync(join(tmpdir(), 'xinfang-port-reservations-test-'));
process.env.XINFANG_PORT_RESERVATIONS = dir;
const { freePorts } = await import('../../local/free-port.js');
const { startDynamoServer } = await import('../../local/servers/dynamodb-server.js');
afterAll(() => removeDir(dir));

const children: ChildProcess[] = [];
afterAll(() => children.forEach((child) => child.stdin?.end()));

/** A process that asks for `count` ports from the pool `first`…`first + size - 1`, and what it got. */
function askInAnotherProcess(first: number, size: number, count: number): Promise<number[]> {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'port-child.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, dir, String(first), String(size), String(count)], { stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(JSON.parse(out) as number[]);
    });
    child.once('exit', (code) => reject(new Error(`port child exited (${code}) before answering`)));
  });
}

/** Offers the given ports in turn, as the OS would. */
const offering = (...ports: number[]) => {
  let i = 0;
  return async () => ({ port: ports[i++ % ports.length]!, release: async () => undefined });
};

describe('free ports reserved across processes', () => {
  it('three processes offered the same ports at the same moment each get ports of their own', async () => {
    // Every process is offered 41000, 41001, … in the same order: without a reservation all three would take the first ten.
    const got = await Promise.all([askInAnotherProcess(41_000, 40, 10), askInAnotherProcess(41_000, 40, 10), askInAnotherProcess(41_000, 40, 10)]);
    expect(got.map((ports) => ports.length)).toEqual([10, 10, 10]);
    expect(new Set(got.flat()).size).toBe(30);
    // While they live, this process is not given any of them either.
    const mine = await freePorts(5, '127.0.0.1', offering(...got.flat(), 41_100, 41_101, 41_102, 41_103, 41_104));
    expect(mine).toEqual([41_100, 41_101, 41_102, 41_103, 41_104]);
  }, 60_000);

  it('a port this process already holds is not given to it twice (a second system in the same worker)', async () => {
    const [first] = await freePorts(1, '127.0.0.1', offering(42_000));
    expect(await freePorts(1, '127.0.0.1', offering(first!, 42_001))).toEqual([42_001]);
  });

  it('a reservation left by a process that died (kill -9) is cleared, and the port is offered again afterwards', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(join(dir, '43000'), String(dead));
    expect(await freePorts(1, '127.0.0.1', offering(43_000, 43_000))).toEqual([43_000]);
  });

  it('a reservation file is removed when its process exits', async () => {
    const child = askInAnotherProcess(44_000, 1, 1);
    expect(await child).toEqual([44_000]);
    expect(existsSync(join(dir, '44000'))).toBe(true);
    const last = children.at(-1)!;
    await new Promise<void>((resolve) => {
      last.removeAllListeners('exit');
      last.once('exit', () => resolve());
      last.stdin!.end();
    });
    expect(existsSync(join(dir, '44000'))).toBe(false);
  }, 30_000);

  it('from the OS: distinct ports that nothing listens on', async () => {
    const ports = await freePorts(6);
    expect(new Set(ports).size).toBe(6);
    for (const port of ports) expect(existsSync(join(dir, String(port)))).toBe(true);
  });
});

describe('DynamoDB Local on a port something else answers on', () => {
  it('is refused with EADDRINUSE (which a test start retries on other ports) instead of taking the other server for its own', async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    try {
      await expect(startDynamoServer({ port: (squatter.address() as AddressInfo).port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      squatter.close();
    }
  });
});
