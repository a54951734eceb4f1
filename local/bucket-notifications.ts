import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { DeleteObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { objectCreatedNotification, type CreatedObject } from '../shared/adapters/s3-notification.js';
import { BUCKET_NOTIFICATIONS, type QueueId } from '../shared/resources/definitions.js';

/** Rewrite the journal (keeping only the keys still pending) once it has this many lines. */
const JOURNAL_COMPACT_LINES = 1_000;

export type { CreatedObject };

type S3rverEvent = { Records: { eventName: string; s3: { object: { key: string } } }[] };

/**
 * S3 → SQS notifications, as the bucket's notification configuration does on AWS.
 *
 * Any writer of the bucket is covered by s3rver's 'event' (sent fire-and-forget).
 * A writer that must not acknowledge before the notification is queued — the SMTP
 * receipt path, which answers 250 — announces its objects itself: `willStore`
 * journals the key and silences s3rver's event for it, `announced` clears it once
 * SQS has the notification. Keys left in the journal by a crash are queued again
 * at the next start (`requeuePending`); intake is idempotent on the Message-ID.
 */
export class BucketNotifications {
  private readonly selfAnnounced = new Set<string>();
  private readonly pending = new Set<string>();
  /** The size a self-announcing writer said it stores, kept in the journal to tell a torn store. */
  private readonly sizes = new Map<string, number>();
  private journalLines = 0;

  constructor(
    private readonly opts: {
      sqs: SQSClient;
      s3: S3Client;
      bucket: string;
      region: string;
      queueUrl: (queue: QueueId) => string;
      /** Keys stored but maybe not yet announced, one JSON line per change. */
      journalFile: string;
      log: (line: string) => void;
    },
  ) {}

  /**
   * s3rver's event for any write: queued unless its writer announces it itself. The key is
   * journalled first — the event comes before s3rver answers the PUT — so an object whose
   * writer was told it is stored (the IMAP poller, which then moves the message away at the
   * provider) is queued at the next start if a stop cut the notification short, as S3 never loses one.
   */
  onS3rverEvent(event: S3rverEvent): void {
    // s3rver's keys are as stored (not URL-encoded).
    const records = event.Records.filter((r) => r.eventName.startsWith('ObjectCreated:') && !this.selfAnnounced.has(r.s3.object.key));
    for (const notification of BUCKET_NOTIFICATIONS) {
      const matching = records.filter((r) => decodeKey(r.s3.object.key).startsWith(notification.prefix));
      if (matching.length === 0) continue;
      const keys = matching.map((r) => decodeKey(r.s3.object.key));
      for (const key of keys) {
        this.pending.add(key);
        this.append({ stored: key });
      }
      this.opts.sqs.send(new SendMessageCommand({ QueueUrl: this.opts.queueUrl(notification.queue), MessageBody: JSON.stringify({ Records: matching }) })).then(
        () => {
          for (const key of keys) {
            this.pending.delete(key);
            this.append({ queued: key });
          }
          if (this.journalLines >= JOURNAL_COMPACT_LINES) this.compact();
        },
        (error: Error) => this.opts.log(`S3 notification to ${notification.queue} failed: ${error.message}`),
      );
    }
  }

  /**
   * Before a self-announcing writer stores `key` (of `size` bytes): journalled, so a crash
   * before `announce` is repaired at the next start, and a store the crash cut short is told
   * by its size.
   */
  willStore(key: string, size: number): void {
    this.selfAnnounced.add(key);
    this.pending.add(key);
    this.sizes.set(key, size);
    this.append({ stored: key, size });
  }

  /** Sends the notification for a stored object; resolves once it is on its queue. */
  async announce(object: CreatedObject): Promise<void> {
    await this.queue(object);
    this.pending.delete(object.key);
    this.sizes.delete(object.key);
    this.append({ queued: object.key });
    if (this.journalLines >= JOURNAL_COMPACT_LINES) this.compact();
  }

  /**
   * The writer is done with `key`, announced or not (s3rver's event for it is past: it is
   * emitted before the PUT is answered). A key not announced stays journalled for the next start.
   */
  release(key: string): void {
    this.selfAnnounced.delete(key);
  }

  /** At start: queues the notification of every journalled object that exists but may never have been announced. */
  async requeuePending(): Promise<string[]> {
    /** Each key still pending, with the size its writer journalled (if it did). */
    const state = new Map<string, number | undefined>();
    let text = '';
    try {
      text = readFileSync(this.opts.journalFile, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const entry = JSON.parse(line) as { stored?: string; size?: number; queued?: string };
        if (entry.stored) state.set(entry.stored, entry.size);
        if (entry.queued) state.delete(entry.queued);
      } catch {
        // a line torn by a kill
      }
    }
    const requeued: string[] = [];
    for (const [key, size] of state) {
      const head = await this.opts.s3.send(new HeadObjectCommand({ Bucket: this.opts.bucket, Key: key })).catch(async (error: { name?: string; $metadata?: { httpStatusCode?: number } }) => {
        if (error.name === 'NotFound') return undefined; // the PUT never completed, so no 250 was given
        // A kill in the middle of s3rver's PUT can leave its metadata file empty, the object unreadable (500).
        if (error.$metadata?.httpStatusCode !== 500) throw error;
        return 'torn' as const;
      });
      if (!head) continue;
      // Unreadable, or shorter than its writer said: that PUT was never answered, so no 250 was
      // given and the sender still holds the email and sends it again. Queued, the half email
      // would be registered and the whole one then taken for its duplicate (same Message-ID).
      // Removed, as S3 keeps no half-written object.
      if (head === 'torn' || (size !== undefined && head.ContentLength !== size)) {
        await this.opts.s3.send(new DeleteObjectCommand({ Bucket: this.opts.bucket, Key: key }));
        this.opts.log(`removed ${key}: its store was cut short by a stop, before the sender was answered`);
        continue;
      }
      await this.queue({ key, size: head.ContentLength ?? 0, ...(head.ETag ? { eTag: head.ETag } : {}) });
      requeued.push(key);
    }
    this.compact();
    return requeued;
  }

  private async queue(object: CreatedObject): Promise<void> {
    const notification = BUCKET_NOTIFICATIONS.find((n) => object.key.startsWith(n.prefix));
    if (!notification) return;
    const body = objectCreatedNotification({
      bucket: this.opts.bucket,
      region: this.opts.region,
      object,
      principalId: 'AWS:LOCALSESRECEIPT',
      configurationId: 'raw-mail-to-intake',
    });
    await this.opts.sqs.send(new SendMessageCommand({ QueueUrl: this.opts.queueUrl(notification.queue), MessageBody: JSON.stringify(body) }));
  }

  private append(entry: { stored: string; size?: number } | { queued: string }): void {
    appendFileSync(this.opts.journalFile, `${JSON.stringify(entry)}\n`);
    this.journalLines += 1;
  }

  /** Keys whose store or announcement failed stay pending until the next start. */
  private compact(): void {
    const line = (key: string) => JSON.stringify({ stored: key, ...(this.sizes.has(key) ? { size: this.sizes.get(key) } : {}) });
    writeFileSync(this.opts.journalFile, [...this.pending].map((key) => `${line(key)}\n`).join(''));
    this.journalLines = this.pending.size;
  }
}

function decodeKey(key: string): string {
  try {
    return decodeURIComponent(key);
  } catch {
    return key;
  }
}
