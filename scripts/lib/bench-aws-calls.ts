/**
 * Counts the other AWS API calls the functions and the local runtime make in
 * this process — SQS (sends, the event source's receives and deletes), S3
 * (stored mail and attachments, with bytes), SES (sends) — and every function
 * invocation with how long it ran, for the cost per petition on AWS. Like
 * bench-capacity.ts it wraps `send` on the client prototypes, reaching every
 * client whenever it was made; the benchmark's own calls are left out while paused.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { observeInvocations } from '../../local/lambda-context.js';
import { observePollerCalls } from '../../local/sqs-poller.js';

type Send = (this: unknown, command: unknown, ...rest: unknown[]) => Promise<unknown>;

export interface AwsCallTotals {
  /** By `service:Command`, e.g. `sqs:SendMessageBatch`. */
  calls: Record<string, number>;
  /** Messages in SQS send calls (a batch of ten is one request, billed per 64 KB chunk of each message). */
  sqsMessagesSent: number;
  /** Calls on FIFO queues (billed at the FIFO price). */
  sqsFifoCalls: number;
  s3BytesPut: number;
  invocations: Record<string, { count: number; ms: number }>;
}

export class AwsCallMeter {
  private totals: AwsCallTotals = empty();
  private paused = false;
  private readonly originals: [object, Send][] = [];

  static install(): AwsCallMeter {
    const meter = new AwsCallMeter();
    for (const [service, proto] of [['sqs', SQSClient.prototype], ['s3', S3Client.prototype], ['ses', SESv2Client.prototype]] as const) {
      const original = (proto as unknown as { send: Send }).send;
      meter.originals.push([proto, original]);
      Object.defineProperty(proto, 'send', {
        configurable: true,
        writable: true,
        value: function countedSend(this: unknown, command: unknown, ...rest: unknown[]) {
          if (command && typeof command === 'object') {
            meter.count(service, command.constructor.name.replace(/Command$/, ''), (command as { input?: Record<string, unknown> }).input ?? {});
          }
          return original.call(this, command, ...rest);
        },
      });
    }
    // The local event source mappings poll their server in process, not through a client: told here.
    observePollerCalls((action, input) => meter.count('sqs', action, input));
    observeInvocations((fn, ms) => {
      if (meter.paused) return;
      const t = (meter.totals.invocations[fn] ??= { count: 0, ms: 0 });
      t.count++;
      t.ms += ms;
    });
    return meter;
  }

  reset(): void {
    this.totals = empty();
  }

  pause(): void {
    this.paused = true;
  }

  snapshot(): AwsCallTotals {
    return structuredClone(this.totals);
  }

  uninstall(): void {
    for (const [proto, original] of this.originals) Object.defineProperty(proto, 'send', { configurable: true, writable: true, value: original });
    observeInvocations(undefined);
    observePollerCalls(undefined);
  }

  private count(service: string, name: string, input: Record<string, unknown>): void {
    if (this.paused) return;
    const key = `${service}:${name}`;
    this.totals.calls[key] = (this.totals.calls[key] ?? 0) + 1;
    if (service === 'sqs' && String(input.QueueUrl ?? '').endsWith('.fifo')) this.totals.sqsFifoCalls++;
    if (key === 'sqs:SendMessageBatch') this.totals.sqsMessagesSent += (input.Entries as unknown[] | undefined)?.length ?? 0;
    if (key === 'sqs:SendMessage') this.totals.sqsMessagesSent += 1;
    if (key === 's3:PutObject') {
      const body = input.Body;
      this.totals.s3BytesPut += typeof body === 'string' ? Buffer.byteLength(body) : body instanceof Uint8Array ? body.byteLength : Number(input.ContentLength ?? 0);
    }
  }
}

function empty(): AwsCallTotals {
  return { calls: {}, sqsMessagesSent: 0, sqsFifoCalls: 0, s3BytesPut: 0, invocations: {} };
}
