import { QueryCommand, type DynamoDBDocumentClient, type NativeAttributeValue, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

type Item = Record<string, NativeAttributeValue>;

/** Every item a Query answers, following LastEvaluatedKey; stops once `limit` items are read. */
export async function queryAll(doc: DynamoDBDocumentClient, input: Omit<QueryCommandInput, 'ExclusiveStartKey'>, limit = Infinity): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Item | undefined;
  do {
    const page = await doc.send(
      new QueryCommand({
        ...input,
        ...(Number.isFinite(limit) ? { Limit: limit - items.length } : {}),
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey && items.length < limit);
  return items;
}
