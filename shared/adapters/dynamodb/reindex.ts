import { TransactionCanceledException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand, TransactWriteCommand, type NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import { isDeepStrictEqual } from 'node:util';
import { VersionConflict } from '../../domain/errors.js';
import { cooperatingUnits } from '../../domain/work-lists.js';
import { caseItem, caseOf, cooperatingItem, DynamoCaseStore } from './case-store.js';
import { caseKey } from './keys.js';
import { PACKED_ATTRIBUTE } from './packed.js';

type Item = Record<string, NativeAttributeValue>;

/** What one page of a reindex pass did. */
export interface ReindexPage {
  /** Case items read on this page. */
  cases: number;
  /** The cases whose derived attributes were out of date and are now rewritten. */
  rewritten: string[];
  /** Cases changed between the read and the rewrite: that change wrote them anew. */
  changedMeanwhile: number;
  /** 协办 entries that were missing and are now added. */
  cooperatingAdded: number;
  cursor?: string;
}

/**
 * An operator's one-off (`npm run reindex`), kept apart from the store the
 * functions use: it reads the whole table (a scan), which no function does.
 * One page of a pass over every case item that brings what is derived from
 * the case — its index keys, its ledger row, its 协办 entries — up to the code
 * now running. A release that changes a derivation leaves older items as they
 * were until their next change. Each rewrite is conditioned on the version
 * read, so a change made meanwhile wins (it wrote the new derivation itself);
 * a second pass finds nothing to do.
 */
export class CaseReindexer {
  private readonly doc: DynamoDBDocumentClient;
  private readonly store: DynamoCaseStore;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    this.store = new DynamoCaseStore(client, tableName);
  }

  async page(cursor?: string, limit = 200): Promise<ReindexPage> {
    const page = await this.doc.send(
      new ScanCommand({
        TableName: this.tableName,
        FilterExpression: 'entity = :case',
        ExpressionAttributeValues: { ':case': 'case' },
        Limit: limit,
        ...(cursor ? { ExclusiveStartKey: JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Item } : {}),
      }),
    );
    const result: ReindexPage = { cases: 0, rewritten: [], changedMeanwhile: 0, cooperatingAdded: 0 };
    for (const item of page.Items ?? []) {
      result.cases += 1;
      const c = caseOf(item);
      if (!isDeepStrictEqual(plainPart(item), plainPart(caseItem(c)))) {
        try {
          await this.store.saveChase(c);
          result.rewritten.push(c.caseNumber);
        } catch (error) {
          if (!(error instanceof VersionConflict)) throw error;
          result.changedMeanwhile += 1;
        }
      }
      // Cases a unit was asked to cooperate on before 协办 entries existed; an entry already there is kept as it is.
      // Only while the case is still as read (the scan may be stale, or a change may have dropped the unit since).
      for (const unit of cooperatingUnits(c)) {
        try {
          await this.doc.send(
            new TransactWriteCommand({
              TransactItems: [
                { ConditionCheck: { TableName: this.tableName, Key: caseKey(c.caseNumber), ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': c.version } } },
                { Put: { TableName: this.tableName, Item: cooperatingItem(c.caseNumber, unit, c.updatedAt), ConditionExpression: 'attribute_not_exists(pk)' } },
              ],
            }),
          );
          result.cooperatingAdded += 1;
        } catch (error) {
          if (!(error instanceof TransactionCanceledException)) throw error;
        }
      }
    }
    if (page.LastEvaluatedKey) result.cursor = Buffer.from(JSON.stringify(page.LastEvaluatedKey), 'utf8').toString('base64url');
    return result;
  }
}

/** What a reindex compares: every attribute but the packed rest (keys, indexes and the ledger row are all plain). */
function plainPart(item: Item): Item {
  const { [PACKED_ATTRIBUTE]: _packed, ...plain } = item;
  return plain;
}
