import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { heldOutcome, isWaiting, receivedAtOfHeldId, type HeldEmail, type HeldListStatus, type HeldMailStore } from '../../app/held-mail.js';
import { heldMailKey, heldMailPartition, heldWaitingEntry, heldWaitingPartition, idempotencyKey } from './keys.js';

const isConditionFailure = (error: unknown) =>
  error instanceof ConditionalCheckFailedException ||
  (error as { name?: string }).name === 'ConditionalCheckFailedException' ||
  // A transaction refused by one of its conditions (and not, say, throttled).
  ((error as { name?: string }).name === 'TransactionCanceledException' &&
    ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).some((reason) => reason.Code === 'ConditionalCheckFailed'));

/**
 * 疑似广告 held by the intake, one item each in its office's partition
 * (`HELD#<office>`), sorted by the time received: the list is a query of that
 * partition, never a scan. Few per office, so one partition is no hot spot.
 * One still waiting for staff is also on the byUnit index (`HELDWAIT#<office>`,
 * oldest first), an entry its decision removes in the same conditional write:
 * the waiting list never loses one behind the decided ones.
 */
export class DynamoHeldMail implements HeldMailStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async hold(item: HeldEmail, fingerprint?: string): Promise<boolean> {
    try {
      // The email's idempotency record in the same transaction: two copies of one email delivered at once (two SMTP
      // deliveries are two stored objects, so two ids) are held once — the second finds the record taken.
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...heldMailKey(item.office, item.id), entity: 'heldEmail', ...item, ...(isWaiting(item.status) ? heldWaitingEntry(item.office, item.id) : {}) },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...idempotencyKey(item.idempotencyKey), entity: 'idempotency', outcome: heldOutcome(item.office, item.id), at: item.heldAt, ...(fingerprint ? { fingerprint } : {}) },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
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

  async list(office: string, query: { status: HeldListStatus; limit: number; cursor?: string }): Promise<{ items: HeldEmail[]; cursor?: string }> {
    return query.status === 'waiting' ? this.listWaiting(office, query) : this.listDecided(office, query);
  }

  /** The index gives the keys, oldest first; the items are read by key (the index keeps only case summaries' attributes). */
  private async listWaiting(office: string, query: { limit: number; cursor?: string }): Promise<{ items: HeldEmail[]; cursor?: string }> {
    const { Items, LastEvaluatedKey } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'byUnit',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': heldWaitingPartition(office) },
        ScanIndexForward: true,
        Limit: query.limit,
        ...(query.cursor ? { ExclusiveStartKey: { ...heldMailKey(office, query.cursor), ...heldWaitingEntry(office, query.cursor) } } : {}),
      }),
    );
    const ids = (Items ?? []).map((item) => String(item.gsi2sk));
    const read = await this.itemsOf(ids.map((id) => heldMailKey(office, id)));
    const byId = new Map(read.map((item) => [String(item.id), heldEmailOf(item)]));
    // The index follows the table a moment late: one decided meanwhile is left out.
    const items = ids.flatMap((id) => byId.get(id) ?? []).filter((item) => isWaiting(item.status));
    const last = LastEvaluatedKey ? ids.at(-1) : undefined;
    return { items, ...(last ? { cursor: last } : {}) };
  }

  /**
   * The items of these keys, asking again for any BatchGet left unprocessed (under load), and failing rather than
   * answering a page without them: the cursor moves past them, so staff paging on would never see those mails.
   */
  private async itemsOf(keys: Record<string, string>[]): Promise<Record<string, unknown>[]> {
    const found: Record<string, unknown>[] = [];
    let left = keys;
    for (let attempt = 0; left.length > 0; attempt += 1) {
      if (attempt === 5) throw new Error(`could not read ${left.length} held email(s): left unprocessed`);
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      const { Responses, UnprocessedKeys } = await this.doc.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: left, ConsistentRead: true } } }));
      found.push(...(Responses?.[this.tableName] ?? []));
      left = (UnprocessedKeys?.[this.tableName]?.Keys as Record<string, string>[] | undefined) ?? [];
    }
    return found;
  }

  private async listDecided(office: string, query: { limit: number; cursor?: string }): Promise<{ items: HeldEmail[]; cursor?: string }> {
    const { Items, LastEvaluatedKey } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :mail)',
        FilterExpression: '#status IN (:registered, :dismissed)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pk': heldMailPartition(office), ':mail': 'MAIL#', ':registered': 'registered', ':dismissed': 'dismissed' },
        ScanIndexForward: false,
        Limit: query.limit,
        ...(query.cursor ? { ExclusiveStartKey: heldMailKey(office, query.cursor) } : {}),
      }),
    );
    const items = (Items ?? []).map(heldEmailOf);
    // The filter may leave a page short or empty: the cursor is the last key read, not the last item shown.
    const last = LastEvaluatedKey ? String(LastEvaluatedKey.sk).slice('MAIL#'.length) : undefined;
    return { items, ...(last ? { cursor: last } : {}) };
  }

  async waiting(office: string): Promise<{ count: number; oldestReceivedAt?: string }> {
    let count = 0;
    let oldest: string | undefined;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'byUnit',
          KeyConditionExpression: 'gsi2pk = :pk',
          ExpressionAttributeValues: { ':pk': heldWaitingPartition(office) },
          ProjectionExpression: 'gsi2sk',
          ScanIndexForward: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      const ids = (page.Items ?? []).map((item) => String(item.gsi2sk));
      oldest ??= ids[0];
      count += ids.length;
      start = page.LastEvaluatedKey;
    } while (start);
    const oldestReceivedAt = oldest ? receivedAtOfHeldId(oldest) : undefined;
    return { count, ...(oldestReceivedAt ? { oldestReceivedAt } : {}) };
  }

  async decide(office: string, id: string, from: HeldEmail['status'], change: Pick<HeldEmail, 'status'> & Partial<Pick<HeldEmail, 'decidedBy' | 'decidedAt' | 'caseNumber'>>): Promise<boolean> {
    const fields = Object.entries(change).filter(([, value]) => value !== undefined);
    // Decided: off the waiting list in the same write, so it is never shown as waiting nor lost from it.
    const leaves = isWaiting(from) && !isWaiting(change.status);
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: heldMailKey(office, id),
          UpdateExpression: `SET ${fields.map(([name]) => `#${name} = :${name}`).join(', ')}${leaves ? ' REMOVE gsi2pk, gsi2sk' : ''}`,
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
  const { pk: _pk, sk: _sk, entity: _entity, gsi2pk: _gsi2pk, gsi2sk: _gsi2sk, ...held } = item;
  return held as unknown as HeldEmail;
}
