import { afterEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoHeldMail } from '../../shared/adapters/dynamodb/held-mail.js';

/**
 * The waiting list of held emails (疑似广告) reads the index for the ids, then
 * the items by key: a BatchGet that leaves keys unprocessed under load is
 * asked again, so no waiting email is skipped while the cursor moves past it.
 */
const dynamo = mockClient(DynamoDBDocumentClient);
afterEach(() => dynamo.reset());

const item = (id: string) => ({ pk: 'HELD#330122', sk: `MAIL#${id}`, entity: 'heldEmail', id, office: '330122', status: 'held', subject: `广告 ${id}` });

describe('the waiting list of held emails', () => {
  it('asks again for the keys a BatchGet left unprocessed, and lists every waiting email', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [{ gsi2sk: 'a1' }, { gsi2sk: 'a2' }] });
    dynamo
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { cases: [item('a1')] }, UnprocessedKeys: { cases: { Keys: [{ pk: 'HELD#330122', sk: 'MAIL#a2' }] } } })
      .resolvesOnce({ Responses: { cases: [item('a2')] } });
    const store = new DynamoHeldMail(new DynamoDBClient({ region: 'cn-north-1' }), 'cases');
    const page = await store.list('330122', { status: 'waiting', limit: 50 });
    expect(page.items.map((held) => held.id)).toEqual(['a1', 'a2']);
    expect(dynamo.commandCalls(BatchGetCommand)).toHaveLength(2);
  });
});
