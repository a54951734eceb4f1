import { DeleteObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { queryAll } from '../shared/adapters/dynamodb/query-all.js';
import { auditPartition, caseKey, JURISDICTION_SHARDS, jurisdictionStatusPartition } from '../shared/adapters/dynamodb/keys.js';
import { EXPIRING_MAIL_PREFIXES, retentionDays } from '../shared/resources/definitions.js';

/**
 * The local stand-in for the retention rules AWS applies on its own:
 * DynamoDB TTL removes an archived case once its `expiresAt` has passed, and
 * the mail bucket's lifecycle rules remove objects under the expiring
 * prefixes older than the retention period. DynamoDB Local has no TTL and
 * s3rver no lifecycle, so the runtime runs this hourly, and at any "now" on
 * request. Archived cases are found through the listing index (no Scan);
 * the small self-expiring records (notification claims, allowances) are left
 * to accumulate locally.
 */
export async function applyRetention(opts: {
  dynamo: DynamoDBClient;
  s3: S3Client;
  tableName: string;
  bucket: string;
  /** Every jurisdiction of the province: archived cases are listed per jurisdiction. */
  jurisdictions: readonly string[];
  retentionYears: number;
  now: Date;
}): Promise<{ itemsRemoved: number; objectsRemoved: number }> {
  const doc = DynamoDBDocumentClient.from(opts.dynamo);
  const nowSeconds = Math.floor(opts.now.getTime() / 1000);
  let itemsRemoved = 0;
  for (const jurisdiction of opts.jurisdictions) {
    for (let shard = 0; shard < JURISDICTION_SHARDS; shard++) {
      const archived = await queryAll(doc, {
        TableName: opts.tableName,
        IndexName: 'byJurisdictionStatus',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': jurisdictionStatusPartition(jurisdiction, 'archived', shard) },
        ProjectionExpression: 'caseNumber',
      });
      for (const { caseNumber } of archived) {
        const { Item } = await doc.send(new GetCommand({ TableName: opts.tableName, Key: caseKey(String(caseNumber)), ProjectionExpression: 'expiresAt' }));
        if (typeof Item?.expiresAt !== 'number' || Item.expiresAt >= nowSeconds) continue;
        for (const pk of [caseKey(String(caseNumber)).pk, auditPartition(String(caseNumber))]) {
          const keys = await queryAll(doc, { TableName: opts.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ProjectionExpression: 'pk, sk' });
          for (let i = 0; i < keys.length; i += 25) {
            const chunk = keys.slice(i, i + 25);
            await doc.send(new BatchWriteCommand({ RequestItems: { [opts.tableName]: chunk.map((Key) => ({ DeleteRequest: { Key } })) } }));
            itemsRemoved += chunk.length;
          }
        }
      }
    }
  }

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
