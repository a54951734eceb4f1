import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { InvalidInput } from '../../domain/errors.js';
import { DUE_SHARDS } from './keys.js';

const cursorSchema = z.object({ shard: z.int().min(0).max(DUE_SHARDS), after: z.record(z.string(), z.string()).optional() });

/**
 * A page of the case numbers due by `now` in one family of the byDue index's
 * sharded partitions (the sweep's DUE#, retention's RETAIN#). No global order
 * is needed: the shards are read one after another, each item once; the
 * cursor says which shard and the last key read there.
 */
export async function dueIndexPage(
  doc: DynamoDBDocumentClient,
  tableName: string,
  partitionOf: (shard: number) => string,
  query: { now: string; limit: number; cursor?: string },
): Promise<{ caseNumbers: string[]; capacityUnits: number; cursor?: string }> {
  let { shard, after } = decodeCursor(query.cursor);
  const caseNumbers: string[] = [];
  let capacityUnits = 0;
  while (shard < DUE_SHARDS && caseNumbers.length < query.limit) {
    const page = await doc.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'byDue',
        // `#` sorts below every case-number character, so a case due exactly at `now` is included.
        KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk < :below',
        ExpressionAttributeValues: { ':pk': partitionOf(shard), ':below': `${query.now}#~` },
        Limit: query.limit - caseNumbers.length,
        ReturnConsumedCapacity: 'TOTAL',
        ...(after ? { ExclusiveStartKey: after } : {}),
      }),
    );
    capacityUnits += page.ConsumedCapacity?.CapacityUnits ?? 0;
    caseNumbers.push(...(page.Items ?? []).map((item) => String(item.caseNumber)));
    after = page.LastEvaluatedKey as Record<string, string> | undefined;
    if (!after) shard += 1;
  }
  const cursor = shard < DUE_SHARDS ? Buffer.from(JSON.stringify({ shard, ...(after ? { after } : {}) })).toString('base64url') : undefined;
  return { caseNumbers, capacityUnits, ...(cursor ? { cursor } : {}) };
}

function decodeCursor(cursor: string | undefined): { shard: number; after?: Record<string, string> | undefined } {
  if (cursor === undefined) return { shard: 0 };
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new InvalidInput('the sweep cursor is not one the sweep gave out', [{ path: 'cursor', message: 'malformed cursor', chinese: '游标格式不正确' }]).inChinese('该巡检游标不是巡检给出的');
  }
}
