import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { MailboxCursor, MailboxCursors } from '../../app/poll-mailbox.js';
import { mailboxCursorKey } from './keys.js';

/**
 * The IMAP polls' cursors in the case table, one item per mailbox folder:
 * the folder's UIDVALIDITY and the last UID stored, with the message failing
 * to be fetched and those passed over (MailboxCursor). Written only if it still
 * holds what the poll read (put if absent the first time), so two polls of
 * one mailbox at once cannot move it backwards or past each other.
 */
export class DynamoMailboxCursors implements MailboxCursors {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async read(mailbox: string, folder: string): Promise<MailboxCursor | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: mailboxCursorKey(mailbox, folder), ConsistentRead: true }));
    if (!Item) return undefined;
    const failing = Item.failing as { uid: number; tries: number } | undefined;
    const skipped = Item.skipped as number[] | undefined;
    return {
      uidValidity: String(Item.uidValidity),
      lastUid: Number(Item.lastUid),
      ...(failing ? { failing: { uid: Number(failing.uid), tries: Number(failing.tries) } } : {}),
      ...(skipped?.length ? { skipped: skipped.map(Number) } : {}),
    };
  }

  async advance(mailbox: string, folder: string, expected: MailboxCursor | undefined, next: MailboxCursor, at: string): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...mailboxCursorKey(mailbox, folder),
            entity: 'mailboxCursor',
            uidValidity: next.uidValidity,
            lastUid: next.lastUid,
            ...(next.failing ? { failing: next.failing } : {}),
            ...(next.skipped?.length ? { skipped: next.skipped } : {}),
            updatedAt: at,
          },
          ...(expected
            ? {
                ConditionExpression: 'uidValidity = :validity AND lastUid = :last',
                ExpressionAttributeValues: { ':validity': expected.uidValidity, ':last': expected.lastUid },
              }
            : { ConditionExpression: 'attribute_not_exists(pk)' }),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException || (error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}
