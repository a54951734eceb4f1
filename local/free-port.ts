import { chmodSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Asks the OS for a free TCP port on the loopback interface, reserved for this process (see freePorts). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const [port] = await freePorts(1, host);
  return port!;
}

/**
 * Where reservations live: one file per port, holding the pid of the process
 * that owns it. Ports are the machine's, so this is the machine's temp folder,
 * not TMPDIR (test runs set their own); like /tmp it is writable by all with
 * the sticky bit. XINFANG_PORT_RESERVATIONS names another.
 */
export function portReservationsDir(): string {
  return process.env.XINFANG_PORT_RESERVATIONS ?? join(process.platform === 'win32' ? tmpdir() : '/tmp', 'xinfang-port-reservations');
}

/** A port the OS offered, held open until `release`. */
export interface OfferedPort {
  port: number;
  release(): Promise<void>;
}

/**
 * Asks the OS for `count` distinct free ports, each reserved for this
 * process until it exits. A port is free when picked, not when bound: the OS
 * may hand a port just released to another process's ask (parallel test
 * workers, a system restarting on new ports), and then two servers meet on
 * one port — a DynamoDB Local of one run answering another's with
 * "Unauthorized". So each port is claimed by creating its reservation file
 * exclusively (`wx`); a port someone else (or this process, earlier) holds is
 * passed over and the OS asked again. Reservations of processes that died
 * are cleared as they are met. `offer` is the OS's offer; tests replace it.
 */
export async function freePorts(count: number, host = '127.0.0.1', offer: (host: string) => Promise<OfferedPort> = offerFromOs): Promise<number[]> {
  const chosen: number[] = [];
  // Each offered port stays open until all are chosen, so the OS does not offer the same one twice within this ask.
  const held: OfferedPort[] = [];
  try {
    for (let tries = 0; chosen.length < count; tries++) {
      if (tries >= count * 50) throw new Error(`no free port on ${host} after ${tries} tries (reservations in ${portReservationsDir()})`);
      const offered = await offer(host);
      held.push(offered);
      if (!chosen.includes(offered.port) && reservePort(offered.port)) chosen.push(offered.port);
    }
    return chosen;
  } finally {
    await Promise.all(held.map((offered) => offered.release()));
  }
}

/** The reservation files this process made. */
const reservedHere = new Set<string>();

/** Claims `port` for this process; false when a live process (this one included) holds it. */
export function reservePort(port: number): boolean {
  const file = join(ensureReservationsDir(), String(port));
  try {
    writeFileSync(file, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    clearIfOwnerDied(file);
    // Not taken over even when cleared: two processes clearing at once would both believe they won it.
    return false;
  }
  if (reservedHere.size === 0) process.once('exit', releaseAll);
  reservedHere.add(file);
  return true;
}

const readyDirs = new Set<string>();
function ensureReservationsDir(): string {
  const dir = portReservationsDir();
  if (readyDirs.has(dir)) return dir;
  mkdirSync(dir, { recursive: true });
  try {
    chmodSync(dir, 0o1777);
  } catch {
    // Made by another user, who opened it to all.
  }
  readyDirs.add(dir);
  return dir;
}

function clearIfOwnerDied(file: string): void {
  let owner: number;
  try {
    owner = Number(readFileSync(file, 'utf8'));
  } catch {
    return;
  }
  if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && !alive(owner)) {
    try {
      unlinkSync(file);
    } catch {
      // Another process cleared it first.
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, owned by someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function releaseAll(): void {
  for (const file of reservedHere) {
    try {
      unlinkSync(file);
    } catch {
      // Already gone.
    }
  }
  reservedHere.clear();
}

function offerFromOs(host: string): Promise<OfferedPort> {
  const server = createServer();
  server.unref();
  return new Promise<OfferedPort>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      if (typeof address === 'object' && address) resolve({ port: address.port, release: () => new Promise<void>((done) => server.close(() => done())) });
      else reject(new Error('no port'));
    });
  });
}

/** Whether something accepts TCP connections on host:port now. */
export function answers(host: string, port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Resolves once something accepts TCP connections on host:port, or rejects after `timeoutMs`. */
export async function waitForPort(host: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await answers(host, port)) return;
    if (Date.now() > deadline) throw new Error(`nothing answered on ${host}:${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 150));
  }
}
