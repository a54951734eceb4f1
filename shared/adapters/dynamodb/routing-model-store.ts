import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException, TransactionCanceledException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RoutingExample, RoutingModels } from '../../app/routing/routing-models.js';
import { DEPARTMENT_KINDS, type DepartmentKind } from '../../domain/department.js';
import type { DepartmentCounts, RoutingModel } from '../../domain/routing-model.js';
import { caseKey } from './keys.js';
import { queryAll } from './query-all.js';

/**
 * The learned routing models in the table (docs/storage.md "Routing models"):
 * per office, one item per department it has learned, `ROUTEMODEL#<office>` /
 * `DEPT#<kind>`, holding `examples`, `wordTotal` and one number attribute per
 * word (`w:<word>`). A staff decision adds to one item with ADD, in one
 * transaction with the example's record (`ROUTEEXAMPLE#<id>` in the case's partition) put on condition
 * that it does not exist — so a redelivered decision is learned once.
 */
export const modelKey = (jurisdiction: string, department: DepartmentKind) => ({ pk: `ROUTEMODEL#${jurisdiction}`, sk: `DEPT#${department}` });
/** Under the case it came from, so it goes when the case is removed after its retention (the model's counts are no one's). */
export const exampleKey = (caseNumber: string, exampleId: string) => ({ pk: caseKey(caseNumber).pk, sk: `ROUTEEXAMPLE#${createHash('sha256').update(exampleId).digest('base64url')}` });
const WORD = 'w:';
const FORGET_PER_UPDATE = 200;

/** A department's counts from its stored item; undefined for a department kind no longer known. */
function countsOf(item: Record<string, unknown>): DepartmentCounts | undefined {
  const department = String(item.sk).slice('DEPT#'.length) as DepartmentKind;
  if (!DEPARTMENT_KINDS.includes(department)) return undefined;
  const words = new Map<string, number>();
  for (const [name, value] of Object.entries(item)) if (name.startsWith(WORD) && typeof value === 'number') words.set(name.slice(WORD.length), value);
  return { department, examples: Number(item.examples ?? 0), wordTotal: Number(item.wordTotal ?? 0), words };
}

export class DynamoRoutingModels implements RoutingModels {
  private readonly doc: DynamoDBDocumentClient;
  /** Office → its model being read or read, and until when it is reused; oldest use first. */
  private readonly cache = new Map<string, { model: Promise<RoutingModel>; until: number }>();

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
    /**
     * How long a container reuses an office's model, and for how many offices
     * (none by default). Under a surge every petition the rules leave to staff
     * would read the whole model — up to thousands of words per department —
     * though it changes only when staff decide; this container's own learning
     * drops its copy at once, another container's shows within `ms`.
     */
    private readonly reuse: { ms: number; offices: number } = { ms: 0, offices: 0 },
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  load(jurisdiction: string): Promise<RoutingModel> {
    const now = Date.now();
    const cached = this.cache.get(jurisdiction);
    this.cache.delete(jurisdiction);
    if (cached && cached.until > now) {
      this.cache.set(jurisdiction, cached);
      return cached.model;
    }
    const model = this.read(jurisdiction);
    if (this.reuse.ms > 0) {
      // Petitions of one batch share the one read; a failed read is not kept.
      this.cache.set(jurisdiction, { model, until: now + this.reuse.ms });
      model.catch(() => this.cache.delete(jurisdiction));
      for (const office of this.cache.keys()) {
        if (this.cache.size <= this.reuse.offices) break;
        this.cache.delete(office);
      }
    }
    return model;
  }

  private async read(jurisdiction: string): Promise<RoutingModel> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `ROUTEMODEL#${jurisdiction}` },
    });
    const departments = items.map(countsOf).filter((counts): counts is DepartmentCounts => counts !== undefined);
    return { jurisdiction, departments };
  }

  async department(jurisdiction: string, department: DepartmentKind): Promise<DepartmentCounts | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: modelKey(jurisdiction, department), ConsistentRead: true }));
    return Item ? countsOf(Item) : undefined;
  }

  forget(jurisdiction: string, department: DepartmentKind, words: readonly { word: string; count: number }[], examples: number): Promise<number> {
    return this.changing(jurisdiction, () => this.remove(jurisdiction, department, words, examples));
  }

  learn(example: RoutingExample): Promise<boolean> {
    return this.changing(example.jurisdiction, () => this.add(example));
  }

  /** A write to an office's model drops this container's copy after it: a read that began before may have kept the model without it. */
  private async changing<T>(jurisdiction: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } finally {
      this.cache.delete(jurisdiction);
    }
  }

  private async remove(jurisdiction: string, department: DepartmentKind, words: readonly { word: string; count: number }[], examples: number): Promise<number> {
    let forgotten = 0;
    // In slices, so each update expression stays well within DynamoDB's 4 KB.
    for (let start = 0; start < words.length; start += FORGET_PER_UPDATE) {
      const slice = words.slice(start, start + FORGET_PER_UPDATE);
      const names: Record<string, string> = {};
      const removes = slice.map(({ word }, i) => {
        names[`#w${i}`] = `${WORD}${word}`;
        return `#w${i}`;
      });
      try {
        await this.doc.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: modelKey(jurisdiction, department),
            UpdateExpression: `REMOVE ${removes.join(', ')} ADD wordTotal :minus`,
            // Nothing learned since the counts were read: the total loses exactly what the removed words held.
            ConditionExpression: 'examples = :examples',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: { ':minus': -slice.reduce((n, { count }) => n + count, 0), ':examples': examples },
          }),
        );
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return forgotten;
        throw error;
      }
      forgotten += slice.length;
    }
    return forgotten;
  }

  private async add(example: RoutingExample): Promise<boolean> {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':one': 1, ':total': example.words.length, ':entity': 'routingModel' };
    const adds = example.words.map((word, i) => {
      names[`#w${i}`] = `${WORD}${word}`;
      values[`:w${i}`] = 1;
      return `#w${i} :w${i}`;
    });
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                // The example itself is kept: it says which decision taught the model what, and lets a model be rebuilt.
                Item: { ...exampleKey(example.caseNumber, example.exampleId), entity: 'routingExample', exampleId: example.exampleId, caseNumber: example.caseNumber, jurisdiction: example.jurisdiction, department: example.department, words: [...example.words], at: example.at },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: modelKey(example.jurisdiction, example.department),
                UpdateExpression: `SET entity = :entity ADD examples :one, wordTotal :total${adds.length ? `, ${adds.join(', ')}` : ''}`,
                ...(adds.length ? { ExpressionAttributeNames: names } : {}),
                ExpressionAttributeValues: values,
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return false;
      throw error;
    }
  }
}
