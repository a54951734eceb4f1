import { DeleteObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { BatchWriteItemCommand, ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CASE_TABLE, EXPIRING_MAIL_PREFIXES, retentionDays } from '../shared/resources/definitions.js';

/**
 * The local stand-in for the retention rules AWS applies on its own:
 * DynamoDB TTL (items whose `expiresAt` has passed are deleted) and the mail
 * bucket's lifecycle rules (objects under the expiring prefixes older than
 * the retention period are deleted). DynamoDB Local has no TTL and s3rver no
 * lifecycle, so the runtime runs this hourly, and at any "now" on request.
 * A Scan is fine here: this is one machine's demo data, not the province's table.
 */
export async function applyRetention(opts: {
  dynamo: DynamoDBClient;
  s3: S3Client;
  tableName: string;
  bucket: string;
  retentionYears: number;
  now: Date;
}): Promise<{ itemsRemoved: number; objectsRemoved: number }> {
  const nowSeconds = Math.floor(opts.now.getTime() / 1000);
  let itemsRemoved = 0;
  let startKey: Record<string, never> | undefined;
  do {
    const page = await opts.dynamo.send(
      new ScanCommand({
        TableName: opts.tableName,
        FilterExpression: '#ttl < :now',
        ExpressionAttributeNames: { '#ttl': CASE_TABLE.ttlAttribute, '#pk': 'pk', '#sk': 'sk' },
        ExpressionAttributeValues: { ':now': { N: String(nowSeconds) } },
        ProjectionExpression: '#pk, #sk',
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    const keys = page.Items ?? [];
    for (let i = 0; i < keys.length; i += 25) {
      const chunk = keys.slice(i, i + 25);
      await opts.dynamo.send(new BatchWriteItemCommand({ RequestItems: { [opts.tableName]: chunk.map((Key) => ({ DeleteRequest: { Key } })) } }));
      itemsRemoved += chunk.length;
    }
    startKey = page.LastEvaluatedKey as typeof startKey;
  } while (startKey);

  const cutoff = opts.now.getTime() - retentionDays(opts.retentionYears) * 86_400_000;
  let objectsRemoved = 0;
  for (const prefix of EXPIRING_MAIL_PREFIXES) {
    let token: string | undefined;
    do {
      const page = await opts.s3.send(new ListObjectsV2Command({ Bucket: opts.bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }));
      const expired = (page.Contents ?? []).filter((o) => o.Key && o.LastModified && o.LastModified.getTime() < cutoff);
      // One by one: s3rver's multi-object delete predates the SDK's checksum headers.
      for (const object of expired) {
        await opts.s3.send(new DeleteObjectCommand({ Bucket: opts.bucket, Key: object.Key! }));
        objectsRemoved += 1;
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }
  return { itemsRemoved, objectsRemoved };
}
