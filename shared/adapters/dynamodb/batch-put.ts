import { BatchWriteCommand, type DynamoDBDocumentClient, type NativeAttributeValue } from '@aws-sdk/lib-dynamodb';

type Item = Record<string, NativeAttributeValue>;

/** Items a BatchWriteItem takes at once. */
const BATCH_SIZE = 25;

/**
 * Puts items 25 at a time, putting again what DynamoDB leaves unprocessed
 * (throttling) with a growing pause, `attempts` times per batch; then throws,
 * for the caller's retry to take over.
 */
export async function batchPut(doc: DynamoDBDocumentClient, tableName: string, items: readonly Item[], what: string, attempts = 5): Promise<void> {
  for (let start = 0; start < items.length; start += BATCH_SIZE) {
    let requests = items.slice(start, start + BATCH_SIZE).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt === attempts) throw new Error(`could not store ${what}: ${requests.length} item(s) left unprocessed`);
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      const result = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      requests = (result.UnprocessedItems?.[tableName] ?? []) as typeof requests;
    }
  }
}
