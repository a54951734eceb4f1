/** A local SQS server in its own process, so a test can kill it (-9) mid-work: `tsx sqs-child.ts <data file> [compact bytes]`. */
import { startSqsServer } from '../../local/servers/sqs-server.js';

const [dataFile, compactMinBytes] = process.argv.slice(2);
const server = await startSqsServer({ port: 0, dataFile, ...(compactMinBytes ? { compactMinBytes: Number(compactMinBytes) } : {}) });
console.log(JSON.stringify({ endpoint: server.endpoint }));
