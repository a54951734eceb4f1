import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  PutObjectTaggingCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { AGE_EXPIRY_TAG } from '../resources/definitions.js';
import type { StoredMail } from '../app/operations.js';
import type { MailStore } from '../app/ports.js';

/** Raw mail and attachments in the mail bucket. */
export class S3MailStore implements MailStore, StoredMail {
  constructor(
    private readonly s3: S3Client,
    readonly bucket: string,
  ) {}

  async exists(key: string): Promise<boolean> {
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      // HEAD answers no body, so a missing key is only its status: NotFound (404).
      const name = (error as { name?: string }).name;
      if (name === 'NotFound' || name === 'NoSuchKey' || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
      throw error;
    }
  }

  async getRaw(key: string): Promise<{ body: Uint8Array; storedAt: string }> {
    const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    if (!object.Body) throw new Error(`mail object ${key} has no body`);
    return { body: await object.Body.transformToByteArray(), storedAt: (object.LastModified ?? new Date()).toISOString() };
  }

  async putObject(key: string, body: Uint8Array, contentType: string): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }));
  }

  async copyObject(from: string, to: string): Promise<boolean> {
    try {
      await this.s3.send(new CopyObjectCommand({ Bucket: this.bucket, CopySource: `${this.bucket}/${from.split('/').map(encodeURIComponent).join('/')}`, Key: to }));
      return true;
    } catch (error) {
      // Already removed by its own retention rule: the archive lists it as missing rather than failing.
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return false;
      throw error;
    }
  }

  async expireByAge(key: string): Promise<void> {
    await this.s3.send(new PutObjectTaggingCommand({ Bucket: this.bucket, Key: key, Tagging: { TagSet: [{ Key: AGE_EXPIRY_TAG.key, Value: AGE_EXPIRY_TAG.value }] } }));
  }

  async keysUnder(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }));
      keys.push(...(page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }

  async deleteObjects(keys: readonly string[]): Promise<void> {
    // One by one: a case holds tens of objects, and s3rver (the local bucket) predates the checksum headers multi-object delete needs.
    for (const key of keys) await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}
