import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { HeldEmail, HeldMailStore } from '../../app/held-mail.js';
import { heldMailKey, heldMailPartition } from './keys.js';

const isConditionFailure = (error: unknown) =>
  error instanceof ConditionalCheckFailedException || (error as { name?: string }).name === 'ConditionalCheckFailedException';

/**
 * 疑似广告 held by the intake, one item each in its office's partition
 * (`HELD#<office>`), sorted by the time received: the list is a query of that
 * partition, never a scan. Few per office, so one partition is no hot spot.
 */
export class DynamoHeldMail implements HeldMailStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async hold(item: HeldEmail): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({ TableName: this.tableName, Item: { ...heldMailKey(item.office, item.id), entity: 'heldEmail', ...item }, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async get(office: string, id: string): Promise<HeldEmail | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: heldMailKey(office, id), ConsistentRead: true }));
    return Item ? heldEmailOf(Item) : undefined;
  }

  async list(office: string, limit: number, cursor?: string): Promise<{ items: HeldEmail[]; cursor?: string }> {
    const { Items, LastEvaluatedKey } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': heldMailPartition(office) },
        ScanIndexForward: false,
        Limit: limit,
        ...(cursor ? { ExclusiveStartKey: heldMailKey(office, cursor) } : {}),
      }),
    );
    const items = (Items ?? []).map(heldEmailOf);
    const last = LastEvaluatedKey ? items.at(-1)?.id : undefined;
    return { items, ...(last ? { cursor: last } : {}) };
  }

  async decide(office: string, id: string, from: HeldEmail['status'], change: Pick<HeldEmail, 'status'> & Partial<Pick<HeldEmail, 'decidedBy' | 'decidedAt' | 'caseNumber'>>): Promise<boolean> {
    const fields = Object.entries(change).filter(([, value]) => value !== undefined);
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: heldMailKey(office, id),
          UpdateExpression: `SET ${fields.map(([name]) => `#${name} = :${name}`).join(', ')}`,
          ConditionExpression: '#status = :from',
          ExpressionAttributeNames: Object.fromEntries(fields.map(([name]) => [`#${name}`, name])),
          ExpressionAttributeValues: { ...Object.fromEntries(fields.map(([name, value]) => [`:${name}`, value])), ':from': from },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}

function heldEmailOf(item: Record<string, unknown>): HeldEmail {
  const { pk: _pk, sk: _sk, entity: _entity, ...held } = item;
  return held as unknown as HeldEmail;
}
