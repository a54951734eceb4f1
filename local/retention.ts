import { DeleteObjectCommand, GetObjectTaggingCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { AGE_EXPIRING_PREFIX, AGE_EXPIRY_TAG, retentionDays } from '../shared/resources/definitions.js';

/**
 * The local stand-in for the mail bucket's one expiring lifecycle rule: raw
 * mail the intake tagged as held by no case (AGE_EXPIRY_TAG) is removed once
 * the retention period has passed since it was stored. s3rver has no
 * lifecycle, so the runtime runs this hourly, and at any "now" on request
 * (after the retention function: `POST /local/schedules/retention`).
 * Archived cases are removed by the retention function itself, here as on
 * AWS; nothing else of a case's material ever expires by age.
 */
export async function expireRawMailByAge(opts: { s3: S3Client; bucket: string; retentionYears: number; now: Date }): Promise<{ rawMailExpired: number }> {
  const cutoff = opts.now.getTime() - retentionDays(opts.retentionYears) * 86_400_000;
  let rawMailExpired = 0;
  let token: string | undefined;
  do {
    const page = await opts.s3.send(new ListObjectsV2Command({ Bucket: opts.bucket, Prefix: AGE_EXPIRING_PREFIX, ...(token ? { ContinuationToken: token } : {}) }));
    const old = (page.Contents ?? []).filter((o) => o.Key && o.LastModified && o.LastModified.getTime() < cutoff);
    for (const object of old) {
      const { TagSet } = await opts.s3.send(new GetObjectTaggingCommand({ Bucket: opts.bucket, Key: object.Key! }));
      if (!TagSet?.some((t) => t.Key === AGE_EXPIRY_TAG.key && t.Value === AGE_EXPIRY_TAG.value)) continue;
      // One by one: s3rver's multi-object delete predates the SDK's checksum headers.
      await opts.s3.send(new DeleteObjectCommand({ Bucket: opts.bucket, Key: object.Key! }));
      rawMailExpired += 1;
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return { rawMailExpired };
}
