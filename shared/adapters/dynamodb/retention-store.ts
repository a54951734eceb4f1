import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DeleteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand, type NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import type { CaseRemovals, DestructionRegister } from '../../app/ports.js';
import { InvalidInput } from '../../domain/errors.js';
import type { DestructionRecord } from '../../domain/retention.js';
import { auditPartition, caseKey, destructionKey, destructionPartition, idempotencyKey, notificationKey, retentionPartition, threadIndexKey } from './keys.js';
import { mapWithConcurrency } from '../../util/concurrency.js';
import { dueIndexPage } from './due-index.js';
import { queryAll } from './query-all.js';

type Item = Record<string, NativeAttributeValue>;

/**
 * The table's side of retention: the archived cases due for removal (the
 * byDue index's `RETAIN#` partitions, sorted by `retainUntil`), their removal,
 * and the destruction register (`DESTROYED#<jurisdiction>` / `CASE#<number>`,
 * put if absent, never given an `expiresAt`).
 */
export class DynamoRetentionStore implements CaseRemovals, DestructionRegister {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async casesDueForRemoval(query: { now: string; limit: number; cursor?: string }): Promise<{ caseNumbers: string[]; cursor?: string }> {
    const { caseNumbers, cursor } = await dueIndexPage(this.doc, this.tableName, retentionPartition, query);
    return { caseNumbers, ...(cursor ? { cursor } : {}) };
  }

  async countCaseItems(caseNumber: string): Promise<{ items: number; auditEntries: number }> {
    const [items, audit] = await Promise.all([this.keysOf(caseKey(caseNumber).pk), this.keysOf(auditPartition(caseNumber))]);
    return { items: items.length, auditEntries: audit.length };
  }

  async removeCaseItems(caseNumber: string): Promise<void> {
    const { pk, sk } = caseKey(caseNumber);
    await this.deleteAll(await this.keysOf(auditPartition(caseNumber)));
    await this.deleteAll((await this.keysOf(pk)).filter((key) => key.sk !== sk));
    // Last: while the case item stands, the case is still due and a removal cut short is finished by the next run.
    await this.deleteAll([{ pk, sk }]);
    // Once more, for what a writer added while these were read (an audit entry of a read just then, a change committed
    // against the case item before it went): nothing of the case is kept past its retention for a race.
    await this.deleteAll([...(await this.keysOf(auditPartition(caseNumber))), ...(await this.keysOf(pk))]);
  }

  async removeLinkedRecords(caseNumber: string, linked: { notificationIds: readonly string[]; threadKeys: readonly string[]; idempotencyKeys: readonly string[] }): Promise<number> {
    const keys = [...linked.notificationIds.map(notificationKey), ...linked.threadKeys.map(threadIndexKey), ...linked.idempotencyKeys.map(idempotencyKey)];
    const removed = await mapWithConcurrency(keys, 8, async (Key) => {
      try {
        // Only where it names this case: a thread key or Message-ID may belong to another case too (a copy to two offices).
        await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key, ConditionExpression: 'caseNumber = :case', ExpressionAttributeValues: { ':case': caseNumber } }));
        return 1;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return 0;
        throw error;
      }
    });
    return removed.reduce((sum: number, n) => sum + n, 0);
  }

  async recordDestruction(record: DestructionRecord): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...destructionKey(record.jurisdiction, record.caseNumber), entity: 'destruction', ...record },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async destructionsOf(query: { jurisdiction: string; limit: number; cursor?: string }): Promise<{ records: DestructionRecord[]; cursor?: string }> {
    const page = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': destructionPartition(query.jurisdiction) },
        Limit: query.limit,
        ...(query.cursor ? { ExclusiveStartKey: { pk: destructionPartition(query.jurisdiction), sk: decodeRegisterCursor(query.cursor) } } : {}),
      }),
    );
    const records = (page.Items ?? []).map(({ pk: _pk, sk: _sk, entity: _entity, ...record }) => record as DestructionRecord);
    const cursor = page.LastEvaluatedKey ? Buffer.from(String(page.LastEvaluatedKey.sk)).toString('base64url') : undefined;
    return { records, ...(cursor ? { cursor } : {}) };
  }

  private keysOf(pk: string): Promise<Item[]> {
    return queryAll(this.doc, { TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ProjectionExpression: 'pk, sk', ConsistentRead: true });
  }

  private async deleteAll(keys: readonly Item[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 25) {
      let requests: Record<string, Item[]> | undefined = { [this.tableName]: keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } })) };
      // Throttled deletes come back unprocessed: sent again (a delete is idempotent) until none is left.
      for (let attempt = 0; requests && Object.keys(requests).length > 0; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(50 * 2 ** attempt, 2_000)));
        const answer = await this.doc.send(new BatchWriteCommand({ RequestItems: requests }));
        requests = answer.UnprocessedItems as Record<string, Item[]> | undefined;
        if (attempt > 8 && requests && Object.keys(requests).length > 0) throw new Error(`deleting the items of a case: ${requests[this.tableName]?.length ?? 0} still unprocessed`);
      }
    }
  }
}


/** The register's cursor is the last case key read; anything else is refused (400), not passed to DynamoDB. */
function decodeRegisterCursor(cursor: string): string {
  const sk = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^CASE#[0-9A-Za-z-]+$/.test(sk)) {
    throw new InvalidInput('the cursor is not one this listing gave out; start again without it', [{ path: 'query.cursor', message: 'malformed cursor', chinese: '翻页标记无效' }]).inChinese(
      '翻页标记不是本列表给出的，请从第一页重新查询',
    );
  }
  return sk;
}
