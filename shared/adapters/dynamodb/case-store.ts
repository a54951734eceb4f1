import { TransactionCanceledException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type NativeAttributeValue,
} from '@aws-sdk/lib-dynamodb';
import type { Case, CaseEvent, CaseStatus } from '../../domain/case.js';
import { VersionConflict } from '../../domain/errors.js';
import type { CasePage, CaseStore, CaseSummary, CaseWithEvents, CreateResult, NewCaseRecord } from '../../app/ports.js';
import { decodeCursor, encodeCursor, mergeShardedQuery, type Partition } from './sharded-query.js';
import {
  JURISDICTION_SHARDS,
  caseIndexAttributes,
  caseKey,
  contactKey,
  contactPartition,
  eventKey,
  hashContact,
  idempotencyKey,
  jurisdictionStatusPartition,
  nextDueAt,
  sequenceKey,
} from './keys.js';

type Item = Record<string, NativeAttributeValue>;

const KEY_ATTRIBUTES = ['pk', 'sk', 'entity', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'gsi4pk', 'gsi4sk', 'expiresAt'];

export class DynamoCaseStore implements CaseStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async allocateSequence(jurisdiction: string, year: number): Promise<number> {
    const result = await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: sequenceKey(jurisdiction, year),
        UpdateExpression: 'ADD #seq :one SET entity = :entity',
        ExpressionAttributeNames: { '#seq': 'seq' },
        ExpressionAttributeValues: { ':one': 1, ':entity': 'sequence' },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(result.Attributes?.seq);
  }

  async findByIdempotencyKey(key: string): Promise<string | undefined> {
    const result = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: idempotencyKey(key), ConsistentRead: true }),
    );
    return result.Item?.caseNumber as string | undefined;
  }

  async create(record: NewCaseRecord): Promise<CreateResult> {
    const { case: c, event } = record;
    const items: { Put: { TableName: string; Item: Item; ConditionExpression: string } }[] = [];
    const put = (Item: Item) => items.push({ Put: { TableName: this.tableName, Item, ConditionExpression: 'attribute_not_exists(pk)' } });
    if (record.idempotencyKey) {
      put({ ...idempotencyKey(record.idempotencyKey), entity: 'idempotency', caseNumber: c.caseNumber, at: c.registeredAt });
    }
    put(caseItem(c));
    put(eventItem(event));
    for (const contact of new Set(record.contacts)) {
      const hash = hashContact(contact);
      put({
        ...contactKey(c.caseNumber, hash),
        entity: 'contact',
        gsi4pk: contactPartition(hash),
        gsi4sk: `${c.registeredAt}#${c.caseNumber}`,
        caseNumber: c.caseNumber,
      });
    }
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
      return { created: true, caseNumber: c.caseNumber };
    } catch (error) {
      if (record.idempotencyKey && failedCondition(error, 0)) {
        const existing = await this.findByIdempotencyKey(record.idempotencyKey);
        if (existing) return { created: false, caseNumber: existing };
      }
      throw error;
    }
  }

  async get(caseNumber: string): Promise<CaseWithEvents | undefined> {
    let caseRecord: Case | undefined;
    const events: CaseEvent[] = [];
    let startKey: Item | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': caseKey(caseNumber).pk },
          ConsistentRead: true,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        if (item.entity === 'case') caseRecord = stripKeys(item) as Case;
        else if (item.entity === 'event') events.push(stripKeys(item) as CaseEvent);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return caseRecord ? { case: caseRecord, events: events.sort((a, b) => a.seq - b.seq) } : undefined;
  }

  async saveTransition(next: Case, event: CaseEvent): Promise<void> {
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: caseItem(next),
                ConditionExpression: 'version = :expected',
                ExpressionAttributeValues: { ':expected': next.version - 1 },
              },
            },
            { Put: { TableName: this.tableName, Item: eventItem(event), ConditionExpression: 'attribute_not_exists(pk)' } },
          ],
        }),
      );
    } catch (error) {
      if (failedCondition(error, 0) || failedCondition(error, 1)) throw new VersionConflict(next.caseNumber, next.version - 1);
      throw error;
    }
  }

  async listByJurisdiction(query: {
    jurisdiction: string;
    statuses: readonly CaseStatus[];
    limit: number;
    cursor?: string;
  }): Promise<CasePage> {
    const partitions: Partition[] = query.statuses.flatMap((status) =>
      Array.from({ length: JURISDICTION_SHARDS }, (_, shard) => ({
        id: `${status}#${shard}`,
        value: jurisdictionStatusPartition(query.jurisdiction, status, shard),
      })),
    );
    const { items, state } = await mergeShardedQuery(this.doc, {
      tableName: this.tableName,
      indexName: 'byJurisdictionStatus',
      partitionKey: 'gsi1pk',
      sortKey: 'gsi1sk',
      partitions,
      newestFirst: true,
      limit: query.limit,
      state: decodeCursor(query.cursor),
    });
    const page: CasePage = { items: items.map(summaryOf) };
    const cursor = encodeCursor(state);
    if (cursor) page.cursor = cursor;
    return page;
  }
}

function caseItem(c: Case): Item {
  return { ...c, ...caseKey(c.caseNumber), entity: 'case', ...caseIndexAttributes(c) };
}

function eventItem(e: CaseEvent): Item {
  return { ...e, ...eventKey(e.caseNumber, e.seq), entity: 'event' };
}

function stripKeys(item: Item): Item {
  const copy = { ...item };
  for (const key of KEY_ATTRIBUTES) delete copy[key];
  return copy;
}

function summaryOf(item: Item): CaseSummary {
  const c = stripKeys(item) as Case;
  const summary: CaseSummary = {
    caseNumber: c.caseNumber,
    jurisdiction: c.jurisdiction,
    status: c.status,
    channel: c.channel,
    urgent: c.urgent,
    registeredAt: c.registeredAt,
  };
  if (c.category) summary.category = c.category;
  if (c.subject) summary.subject = c.subject;
  if (c.handling) summary.lead = c.handling.lead;
  const due = nextDueAt(c);
  if (due) summary.nextDueAt = due;
  return summary;
}

/** True when the transaction was cancelled because the condition on item `index` failed. */
function failedCondition(error: unknown, index: number): boolean {
  return (
    error instanceof TransactionCanceledException &&
    error.CancellationReasons?.[index]?.Code === 'ConditionalCheckFailed'
  );
}
