import { describe, expect, it } from 'vitest';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { apiTestBed, STORED_LETTER_CASE } from '../fixtures/api-handler.js';

const { dynamo, invoke } = apiTestBed({ now: '2026-11-21T02:00:00.000Z' });
const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({ message: `Transaction cancelled [${codes.join(', ')}]`, $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });
const accept = () => invoke({ method: 'POST', path: '/cases/330122-2026-000007/accept', staffId: 'tonglu-office', body: {} });

/** Another writer held the case item at that instant (the sweep, a reply threading in): a race, not a refusal. */
describe('a transaction DynamoDB cancelled for a conflict with another', () => {
  it('is sent again, and the staff member’s change is made', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [STORED_LETTER_CASE] });
    dynamo.on(PutCommand).resolves({});
    dynamo.on(TransactWriteCommand).rejectsOnce(cancelled('TransactionConflict', 'None')).resolves({});
    const answer = await accept();
    expect(answer.status).toBe(200);
    expect(answer.body.case.status).toBe('accepted');
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });

  it('is not sent again when a condition failed: the case changed, and the caller is told (409)', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [STORED_LETTER_CASE] });
    dynamo.on(PutCommand).resolves({});
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'TransactionConflict'));
    const answer = await invoke({ method: 'POST', path: '/cases/330122-2026-000007/accept', staffId: 'tonglu-office', body: { expectedVersion: STORED_LETTER_CASE.version } });
    expect(answer.status).toBe(409);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('gives up after a few tries of a conflict that does not clear', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [STORED_LETTER_CASE] });
    dynamo.on(PutCommand).resolves({});
    dynamo.on(TransactWriteCommand).rejects(cancelled('TransactionConflict'));
    const answer = await accept();
    expect(answer.status).toBeGreaterThanOrEqual(500);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(4);
  });
});
