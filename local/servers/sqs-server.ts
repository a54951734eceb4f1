/**
 * A small local Amazon SQS that speaks the AWS JSON 1.0 protocol of the current
 * `@aws-sdk/client-sqs` (X-Amz-Target: AmazonSQS.<Op>), so the real SDK client can be
 * pointed at it unchanged (AWS_ENDPOINT_URL_SQS).
 *
 * Semantics follow SQS where the system relies on them: at-least-once delivery with
 * visibility timeouts and fresh receipt handles, receive counts, dead-letter redrive,
 * delays, retention, long polling, FIFO groups/deduplication, and DLQ move tasks.
 * With a data file, every change is journalled before it is acknowledged (sqs/journal.ts).
 *
 * The parts, under sqs/: errors and input readers (the protocol), messages and
 * queue attributes, the store and its long polls, the actions, HTTP, the journal.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleRequest } from './sqs/http.js';
import { FileJournal, NO_JOURNAL, type StateJournal } from './sqs/journal.js';
import type { Input } from './sqs/input.js';
import { performAction } from './sqs/operations.js';
import { SqsStore } from './sqs/store.js';

export interface SqsServerOptions {
  host?: string;
  port: number;
  /** Where state is kept (a snapshot; its journal sits beside it). Without it, state lives in memory only. */
  dataFile?: string;
  /** Journal size that triggers a compaction (at least; it also waits for 4× the snapshot). Tests lower it. */
  compactMinBytes?: number;
  region?: string;
}

export interface LocalSqs {
  endpoint: string;
  /**
   * An action called from this process, without HTTP, signing or serialisation: the local
   * event source mappings poll this way (on AWS, Lambda's own pollers are not the function's
   * code either). The same store and journal as a request; the answer in the JSON protocol's
   * shape (a binary attribute as base64).
   */
  invoke(action: string, input: Input, signal?: AbortSignal): Promise<Input>;
  close(): Promise<void>;
}

export async function startSqsServer(opts: SqsServerOptions): Promise<LocalSqs> {
  const host = opts.host ?? '127.0.0.1';
  const region = opts.region ?? 'cn-north-1';
  const partition = region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
  let endpoint = '';
  const file = opts.dataFile ? new FileJournal(opts.dataFile, opts.compactMinBytes) : undefined;
  const journal: StateJournal = file ?? NO_JOURNAL;
  const store = new SqsStore(() => endpoint, partition, region, (mutation) => journal.record(mutation));
  file?.open(store);

  const server = http.createServer((req, res) => {
    void handleRequest(store, journal, req, res);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const publicHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  endpoint = `http://${publicHost}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    endpoint,
    invoke: (action, input, signal) => performAction(store, journal, action, input, signal ?? new AbortController().signal),
    close() {
      closing ??= (async () => {
        store.releaseAllWaiters(); // held polls answer empty now
        await new Promise((resolve) => setImmediate(resolve)); // let those answers go out
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const force = setTimeout(() => server.closeAllConnections(), 200);
        await closed;
        clearTimeout(force);
        journal.close();
      })();
      return closing;
    },
  };
}
