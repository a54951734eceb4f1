import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import S3rver from 's3rver';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { BucketNotifications } from '../../local/bucket-notifications.js';
import { freePorts } from '../../local/free-port.js';
import { BUCKET_NOTIFICATIONS } from '../../shared/resources/definitions.js';
import { removeDir } from './helpers.js';

/**
 * At a restart after a kill, the journal of stored-but-unannounced mail is replayed against
 * the real s3rver store: a complete email goes to intake, one whose store the kill cut short
 * (never answered, so never given its 250) is removed instead of stopping the start.
 */

const BUCKET = 'raw-mail';
const prefix = BUCKET_NOTIFICATIONS[0]!.prefix;
let dir: string;
let server: S3rver;
let s3: S3Client;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bucket-notifications-'));
  const [port] = await freePorts(1);
  server = new S3rver({ address: '127.0.0.1', port, directory: join(dir, 's3'), silent: true });
  await server.run();
  s3 = new S3Client({
    region: 'cn-north-1',
    endpoint: `http://127.0.0.1:${port}`,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
});

afterAll(async () => {
  await server.close();
  removeDir(dir);
});

describe('replaying the journal after a kill', () => {
  it('queues the complete email, removes those whose store was cut short, and starts', async () => {
    const complete = `${prefix}complete-1`;
    const torn = `${prefix}torn-1`;
    const cut = `${prefix}cut-1`;
    const missing = `${prefix}never-stored-1`;
    const email = 'From: a@example.com\r\n\r\nhello';
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: complete, Body: email }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: torn, Body: email }));
    // What a SIGKILL in the middle of s3rver's PUT leaves: the metadata file opened, nothing written.
    const bucketDir = join(dir, 's3', BUCKET, ...prefix.split('/').filter(Boolean));
    const metadata = readdirSync(bucketDir).find((f) => f.startsWith('torn-1') && f.endsWith('metadata.json'))!;
    writeFileSync(join(bucketDir, metadata), '');
    // A kill before the metadata was written: the object's file holds only the start of the email.
    const whole = 'From: c@example.com\r\nSubject: 小区积水\r\n\r\n我们小区积水已经三个月。';
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: cut, Body: whole.slice(0, 30) }));
    for (const f of readdirSync(bucketDir).filter((name) => name.startsWith('cut-1') && !name.endsWith('._S3rver_object'))) removeDir(join(bucketDir, f));

    const journalFile = join(dir, 'journal.jsonl');
    writeFileSync(
      journalFile,
      [
        { stored: complete, size: email.length },
        { stored: torn, size: email.length },
        { stored: cut, size: Buffer.byteLength(whole) },
        { stored: missing, size: 10 },
      ]
        .map((entry) => `${JSON.stringify(entry)}\n`)
        .join(''),
    );
    const sqs = mockClient(SQSClient);
    sqs.on(SendMessageCommand).resolves({ MessageId: '1' });
    const logged: string[] = [];
    const notifications = new BucketNotifications({
      sqs: new SQSClient({ region: 'cn-north-1' }),
      s3,
      bucket: BUCKET,
      region: 'cn-north-1',
      queueUrl: (queue) => `http://sqs.local/${queue}`,
      journalFile,
      log: (line) => logged.push(line),
    });

    const requeued = await notifications.requeuePending();

    expect(requeued).toEqual([complete]);
    const bodies = sqs.commandCalls(SendMessageCommand).map((c) => JSON.parse(c.args[0].input.MessageBody!) as { Records: { s3: { object: { key: string } } }[] });
    expect(bodies.map((b) => b.Records[0]!.s3.object.key)).toEqual([encodeURIComponent(complete).replace(/%2F/g, '/')]);
    expect(readdirSync(bucketDir).filter((f) => f.startsWith('torn-1') || f.startsWith('cut-1'))).toEqual([]);
    expect(logged.join('\n')).toContain(torn);
    expect(logged.join('\n')).toContain(cut);
    sqs.restore();
  });
});
