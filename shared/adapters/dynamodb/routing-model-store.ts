import { createHash } from 'node:crypto';
import { TransactionCanceledException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { RoutingExample, RoutingModels } from '../../app/routing/routing-models.js';
import { DEPARTMENT_KINDS, type DepartmentKind } from '../../domain/department.js';
import type { DepartmentCounts, RoutingModel } from '../../domain/routing-model.js';
import { queryAll } from './query-all.js';

/**
 * The learned routing models in the table (docs/storage.md "Routing models"):
 * per office, one item per department it has learned, `ROUTEMODEL#<office>` /
 * `DEPT#<kind>`, holding `examples`, `wordTotal` and one number attribute per
 * word (`w:<word>`). A staff decision adds to one item with ADD, in one
 * transaction with the example's record `ROUTEEXAMPLE#<id>` put on condition
 * that it does not exist — so a redelivered decision is learned once.
 */
export const modelKey = (jurisdiction: string, department: DepartmentKind) => ({ pk: `ROUTEMODEL#${jurisdiction}`, sk: `DEPT#${department}` });
export const exampleKey = (exampleId: string) => ({ pk: `ROUTEEXAMPLE#${createHash('sha256').update(exampleId).digest('base64url')}`, sk: 'EXAMPLE' });
const WORD = 'w:';

export class DynamoRoutingModels implements RoutingModels {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async load(jurisdiction: string): Promise<RoutingModel> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `ROUTEMODEL#${jurisdiction}` },
    });
    const departments: DepartmentCounts[] = [];
    for (const item of items) {
      const department = String(item.sk).slice('DEPT#'.length) as DepartmentKind;
      if (!DEPARTMENT_KINDS.includes(department)) continue;
      const words = new Map<string, number>();
      for (const [name, value] of Object.entries(item)) if (name.startsWith(WORD) && typeof value === 'number') words.set(name.slice(WORD.length), value);
      departments.push({ department, examples: Number(item.examples ?? 0), wordTotal: Number(item.wordTotal ?? 0), words });
    }
    return { jurisdiction, departments };
  }

  async learn(example: RoutingExample): Promise<boolean> {
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
                Item: { ...exampleKey(example.exampleId), entity: 'routingExample', exampleId: example.exampleId, caseNumber: example.caseNumber, jurisdiction: example.jurisdiction, department: example.department, words: [...example.words], at: example.at },
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
