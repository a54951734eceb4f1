/**
 * A process asking for ports from a fixed pool, as a parallel test worker
 * would from the OS: `tsx port-child.ts <reservations dir> <first port> <pool size> <count>`.
 * Prints the ports it got as JSON, then keeps them until its stdin closes.
 */
const [dir, first, size, count] = process.argv.slice(2);
process.env.XINFANG_PORT_RESERVATIONS = dir;
const { freePorts } = await import('../../local/free-port.js');
let next = 0;
const ports = await freePorts(Number(count), '127.0.0.1', async () => ({ port: Number(first) + (next++ % Number(size)), release: async () => undefined }));
process.stdout.write(`${JSON.stringify(ports)}\n`);
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
