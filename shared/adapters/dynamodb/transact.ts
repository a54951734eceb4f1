import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type TransactItems = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>;

/** Reasons DynamoDB cancels a transaction that say nothing about its conditions: the same transaction may simply be sent again. */
const TRANSIENT = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded', 'RequestLimitExceeded']);

/**
 * TransactWriteItems, sent again when DynamoDB cancelled it only because
 * another transaction held one of its items at that moment
 * (TransactionConflict) or a partition was throttled: nothing was written,
 * and its conditions are checked afresh on the next try, so a change another
 * writer made meanwhile still fails them. The SDK does not retry these
 * itself; left to the caller they would be a 500 or a lost sweep step for a
 * harmless race. A condition that failed is thrown at once.
 */
export async function transactWrite(doc: DynamoDBDocumentClient, items: TransactItems, attempts = 4): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await doc.send(new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (error) {
      if (attempt >= attempts || !transient(error)) throw error;
      // Jittered, growing: two writers that met once should not meet again.
      await new Promise((resolve) => setTimeout(resolve, (10 + Math.random() * 40) * 2 ** attempt));
    }
  }
}

function transient(error: unknown): boolean {
  if (!(error instanceof TransactionCanceledException)) return false;
  const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None').filter((code) => code !== 'None');
  return codes.length > 0 && codes.every((code) => TRANSIENT.has(code));
}
