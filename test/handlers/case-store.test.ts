import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { ConditionalCheckFailedException, DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { caseItem, DynamoCaseStore } from '../../shared/adapters/dynamodb/case-store.js';
import { VersionConflict } from '../../shared/domain/errors.js';
import { applyCommand } from '../../shared/domain/lifecycle.js';
import type { Case } from '../../shared/domain/case.js';
import { CASE_TABLE } from '../../shared/resources/definitions.js';

const doc = mockClient(DynamoDBDocumentClient);
const store = new DynamoCaseStore(new DynamoDBClient({ region: 'ap-east-1', endpoint: 'http://127.0.0.1:9' }), 'xinfang-test-cases');

const registered: Case = {
  caseNumber: '330122-2026-000007',
  jurisdiction: '330122',
  receivingOffice: '330122',
  channel: 'letter',
  status: 'accepted',
  matter: '反映拖欠工资问题。',
  petitioner: { anonymous: false, name: '李娜' },
  urgent: false,
  reviewLevel: 0,
  receivedAt: '2026-11-20T01:15:00.000Z',
  registeredAt: '2026-11-20T01:20:00.000Z',
  registeredBy: 'tonglu-registrar',
  deadlines: { acceptance: '2026-12-05T16:00:00.000Z', handling: '2027-01-19T16:00:00.000Z' },
  attachments: [],
  version: 3,
  updatedAt: '2026-11-21T01:20:00.000Z',
};

beforeEach(() => doc.reset());

describe('registering a case routed in the same change', () => {
  it('keeps the events that followed registration in the registration’s own item, and reads all three back in order', async () => {
    const events = [
      { caseNumber: registered.caseNumber, seq: 1, type: 'registered' as const, at: registered.registeredAt, actor: 'system:intake', to: 'registered' as const, detail: { channel: 'email' } },
      { caseNumber: registered.caseNumber, seq: 2, type: 'accepted' as const, at: registered.registeredAt, actor: 'system:router', from: 'registered' as const, to: 'accepted' as const, detail: { reasons: ['归口：关键词拖欠工资 → 人力资源和社会保障'] } },
      { caseNumber: registered.caseNumber, seq: 3, type: 'assigned' as const, at: registered.registeredAt, actor: 'system:router', from: 'accepted' as const, to: 'assigned' as const, detail: { lead: '330122-hrss' } },
    ];
    doc.on(TransactWriteCommand).resolves({});
    await store.create({ case: { ...registered, status: 'assigned' }, event: events[0]!, followedBy: events.slice(1), contacts: [] });
    const items = doc.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!.map((i) => i.Put!.Item!);
    const eventItems = items.filter((i) => i.entity === 'event');
    expect(eventItems.map((i) => [i.sk, i.type])).toEqual([['EVENT#00000001', 'registered']]);

    // Read back as the table holds them, beside an event item of an older registration (one event per item).
    doc.on(QueryCommand).resolves({ Items: [items.find((i) => i.entity === 'case')!, ...eventItems, { pk: `CASE#${registered.caseNumber}`, sk: 'EVENT#00000004', entity: 'event', caseNumber: registered.caseNumber, seq: 4, type: 'noted', at: '2026-11-22T01:00:00.000Z', actor: 'tonglu-office' }] });
    const read = await store.get(registered.caseNumber);
    expect(read!.events.map((e) => [e.seq, e.type])).toEqual([[1, 'registered'], [2, 'accepted'], [3, 'assigned'], [4, 'noted']]);
    expect(read!.events[1]).toEqual(events[1]);
  });
});

describe('registering a case handed down at registration by an office that asks for its result', () => {
  it('puts it on that office’s 交办督办件 in the same write', async () => {
    const event = { caseNumber: registered.caseNumber, seq: 1, type: 'registered' as const, at: registered.registeredAt, actor: 'system:intake', to: 'registered' as const };
    doc.on(TransactWriteCommand).resolves({});
    await store.create({ case: { ...registered, status: 'registered', receivingOffice: '330100', reportBackTo: '330100' }, event, contacts: [] });
    const items = doc.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!.map((i) => i.Put!.Item!);
    expect(items).toContainEqual(expect.objectContaining({ pk: `CASE#${registered.caseNumber}`, sk: 'SUPER#330100', gsi2pk: 'SUPER#330100', entity: 'supervising' }));
  });
});

describe('a case held away from the office that received it (交办转送)', () => {
  const event = { caseNumber: registered.caseNumber, seq: 1, type: 'registered' as const, at: registered.registeredAt, actor: 'system:intake', to: 'registered' as const };
  // By registration, and since when the holder has it (the 台账 of the office it left says when it went).
  const entrySince = (since: string) => ({
    pk: `CASE#${registered.caseNumber}`,
    sk: 'HANDEDON',
    entity: 'handedOn',
    receivingOffice: '330100',
    jurisdiction: '330122',
    gsi2pk: 'HANDEDON#330100',
    gsi2sk: `${registered.registeredAt}#${registered.caseNumber}#${since}`,
    // When it was received: the 台账 of another month does not read the case to leave it out.
    ledger: { receivedAt: registered.receivedAt },
  });

  it('is entered under that office by the registration that routes it away', async () => {
    doc.on(TransactWriteCommand).resolves({});
    await store.create({ case: { ...registered, status: 'registered', receivingOffice: '330100' }, event, contacts: [] });
    const items = doc.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!.map((i) => i.Put!.Item!);
    expect(items).toContainEqual(expect.objectContaining(entrySince(registered.registeredAt)));
  });

  it('writes no entry for a case its receiving office holds', async () => {
    doc.on(TransactWriteCommand).resolves({});
    await store.create({ case: { ...registered, status: 'registered' }, event, contacts: [] });
    const items = doc.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!.map((i) => i.Put!.Item!);
    expect(items.map((i) => i.sk)).not.toContain('HANDEDON');
  });

  it('puts the entry, or deletes it, in the change’s own transaction', async () => {
    doc.on(TransactWriteCommand).resolves({});
    const moved = applyCommand({ ...registered, receivingOffice: '330100', jurisdiction: '330127' }, { action: 'transfer', toJurisdiction: '330122', reason: '属桐庐县' }, { at: '2026-11-22T02:00:00.000Z', actor: 'chunan-office' });
    await store.commit({ case: moved.case, event: moved.event, handedOnEntry: { office: '330100', holder: '330122' } });
    const put = doc.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!.map((i) => i.Put?.Item).filter((i) => i?.sk === 'HANDEDON');
    expect(put).toEqual([expect.objectContaining(entrySince('2026-11-22T02:00:00.000Z'))]);
    await store.commit({ case: moved.case, event: moved.event, handedOnEntry: 'remove' });
    const deleted = doc.commandCalls(TransactWriteCommand)[1]!.args[0].input.TransactItems!.map((i) => i.Delete?.Key).filter(Boolean);
    expect(deleted).toEqual([{ pk: `CASE#${registered.caseNumber}`, sk: 'HANDEDON' }]);
  });
});

describe('saving a change', () => {
  const assign = applyCommand(registered, { action: 'assign', lead: '330122-hrss' }, { at: '2026-11-22T02:00:00.000Z', actor: 'tonglu-office' });

  it('writes the new state on condition of the version it was computed from, with its event, in one transaction', async () => {
    doc.on(TransactWriteCommand).resolves({});
    await store.commit({ case: assign.case, event: assign.event });
    const [casePut, eventPut] = doc.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(casePut!.Put!.ConditionExpression).toBe('version = :expected');
    expect(casePut!.Put!.ExpressionAttributeValues).toEqual({ ':expected': 3 });
    expect(casePut!.Put!.Item).toMatchObject({ version: 4, status: 'assigned', gsi2pk: 'UNIT#330122-hrss' });
    expect(eventPut!.Put!.Item).toMatchObject({ sk: 'EVENT#00000004', type: 'assigned', actor: 'tonglu-office' });
    expect(eventPut!.Put!.ConditionExpression).toBe('attribute_not_exists(pk)');
  });

  it('stores steps taken together (受理 then 交办) as one write: conditioned on the version before the first, each step its own event', async () => {
    doc.on(TransactWriteCommand).resolves({});
    const accepted = applyCommand({ ...registered, status: 'registered' }, { action: 'accept' }, { at: '2026-11-22T02:00:00.000Z', actor: 'system:router' });
    const assigned = applyCommand(accepted.case, { action: 'assign', lead: '330122-hrss' }, { at: '2026-11-22T02:00:00.000Z', actor: 'system:router' });
    await store.commit({ case: assigned.case, event: assigned.event, precededBy: [accepted.event] });
    const items = doc.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items[0]!.Put!.ExpressionAttributeValues).toEqual({ ':expected': 3 });
    expect(items[0]!.Put!.Item).toMatchObject({ version: 5, status: 'assigned' });
    // One item under the first step's key, the second packed beside it; read back as two events.
    const events = items.filter((i) => i.Put?.Item?.entity === 'event').map((i) => i.Put!.Item!);
    expect(events.map((e) => [e.sk, e.type])).toEqual([['EVENT#00000004', 'accepted']]);
    doc.on(QueryCommand).resolves({ Items: [items[0]!.Put!.Item!, ...events] });
    expect((await store.get(registered.caseNumber))!.events.map((e) => [e.seq, e.type])).toEqual([
      [4, 'accepted'],
      [5, 'assigned'],
    ]);
  });

  it('costs the 台账 index (byReceipt) no write for a change of status or handling: its entry stays as it was; a transfer moves it', async () => {
    // DynamoDB writes an index entry only when the index's keys or projected attributes of the item change.
    const byReceipt = CASE_TABLE.indexes.find((index) => index.name === 'byReceipt')!;
    const entryOf = (item: Record<string, unknown>) => Object.fromEntries(['pk', 'sk', byReceipt.partitionKey, byReceipt.sortKey, ...byReceipt.projection].map((name) => [name, item[name]]));
    const written = () => doc.commandCalls(TransactWriteCommand).at(-1)!.args[0].input.TransactItems![0]!.Put!.Item!;
    doc.on(TransactWriteCommand).resolves({});
    const before = caseItem(registered);
    expect(before.gsi5sk).toBe(`330122#${registered.receivedAt}#${registered.caseNumber}`);

    await store.commit({ case: assign.case, event: assign.event });
    expect(written()).toMatchObject({ status: 'assigned', handling: { lead: '330122-hrss' } });
    expect(entryOf(written())).toEqual(entryOf(before));

    const moved = applyCommand(registered, { action: 'transfer', toJurisdiction: '330127', reason: '属淳安县' }, { at: '2026-11-22T02:00:00.000Z', actor: 'tonglu-office' });
    await store.commit({ case: moved.case, event: moved.event });
    expect(written().gsi5sk).toBe(`330127#${registered.receivedAt}#${registered.caseNumber}`);
  });

  it('turns a lost race into VersionConflict, not a lost update', async () => {
    doc.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
      }),
    );
    await expect(store.commit({ case: assign.case, event: assign.event })).rejects.toBeInstanceOf(VersionConflict);
  });

  it('passes other failures on unchanged, for the caller to retry', async () => {
    doc.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: [{ Code: 'ThrottlingError' }, { Code: 'None' }] }),
    );
    await expect(store.commit({ case: assign.case, event: assign.event })).rejects.toBeInstanceOf(TransactionCanceledException);
  });

  it('takes a closed case out of the sweep’s due index and the unit’s open list', async () => {
    doc.on(TransactWriteCommand).resolves({});
    const closed: Case = { ...registered, status: 'replied', handling: { lead: '330122-hrss', cooperating: [] }, version: 9 };
    const close = applyCommand(closed, { action: 'close' }, { at: '2026-12-22T02:00:00.000Z', actor: 'tonglu-office' });
    await store.commit({ case: close.case, event: close.event });
    const item = doc.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![0]!.Put!.Item!;
    expect(item).not.toHaveProperty('gsi3pk');
    expect(item).not.toHaveProperty('gsi2pk');
    expect(item.gsi1pk).toMatch(/^JUR#330122#closed#[0-3]$/);
  });
});

describe('allowances and the portal’s surge challenges', () => {
  it('reads how much of an allowance is used without taking any, 0 when none was taken', async () => {
    doc.on(GetCommand).resolvesOnce({ Item: { used: 3 } }).resolvesOnce({});
    expect(await store.allowanceUsed('portal-submit-surge:abc', '2026-11-23T10')).toBe(3);
    expect(await store.allowanceUsed('portal-submit-surge:abc', '2026-11-23T11')).toBe(0);
    const read = doc.commandCalls(GetCommand)[0]!.args[0].input;
    expect(read).toEqual({ TableName: 'xinfang-test-cases', Key: { pk: 'ALLOW#portal-submit-surge:abc#2026-11-23T10', sk: 'ALLOW' }, ConsistentRead: true });
    expect(doc.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('keeps a new challenge with its answer’s hash and expiry, never over another', async () => {
    doc.on(PutCommand).resolves({});
    await store.putChallenge('Qx7_challenge-id-000001', 'hash-of-answer', 1_795_400_000);
    expect(doc.commandCalls(PutCommand)[0]!.args[0].input).toEqual({
      TableName: 'xinfang-test-cases',
      Item: { pk: 'CHALLENGE#Qx7_challenge-id-000001', sk: 'CHALLENGE', entity: 'challenge', answerHash: 'hash-of-answer', expiresAt: 1_795_400_000 },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('takes a challenge with a conditional delete: its hash once, then nothing; an expired one is nothing', async () => {
    doc
      .on(DeleteCommand)
      .resolvesOnce({ Attributes: { answerHash: 'hash-of-answer' } })
      .rejectsOnce(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));
    expect(await store.takeChallenge('Qx7_challenge-id-000001', 1_795_399_000)).toBe('hash-of-answer');
    expect(await store.takeChallenge('Qx7_challenge-id-000001', 1_795_399_001)).toBeUndefined();
    expect(doc.commandCalls(DeleteCommand)[0]!.args[0].input).toEqual({
      TableName: 'xinfang-test-cases',
      Key: { pk: 'CHALLENGE#Qx7_challenge-id-000001', sk: 'CHALLENGE' },
      ConditionExpression: 'attribute_exists(pk) AND expiresAt > :now',
      ExpressionAttributeValues: { ':now': 1_795_399_000 },
      ReturnValues: 'ALL_OLD',
    });
  });

  it('passes other failures of a take on, unchanged', async () => {
    doc.on(DeleteCommand).rejects(new Error('ProvisionedThroughputExceeded'));
    await expect(store.takeChallenge('Qx7_challenge-id-000001', 1)).rejects.toThrow('ProvisionedThroughputExceeded');
  });
});

describe('a list merged from several partitions', () => {
  it('lists a case that changed while they were read once, as it stands now', async () => {
    // The router declined the case between the query of the registered shard and that of the declined one.
    const item = (status: string) => ({ caseNumber: registered.caseNumber, jurisdiction: '330122', status, channel: 'letter', urgent: false, registeredAt: registered.registeredAt, deadlines: {} });
    const other = { ...item('registered'), caseNumber: '330122-2026-000008' };
    doc.on(QueryCommand).callsFake((input: { ExpressionAttributeValues: Record<string, string> }) => {
      const pk = input.ExpressionAttributeValues[':pk']!;
      if (pk.startsWith('JUR#330122#registered#')) return { Items: pk.endsWith('#0') ? [item('registered'), other] : [] };
      if (pk.startsWith('JUR#330122#declined#')) return { Items: pk.endsWith('#0') ? [item('declined')] : [] };
      return { Items: [] };
    });
    doc.on(BatchGetCommand).resolves({ Responses: { 'xinfang-test-cases': [{ pk: `CASE#${registered.caseNumber}`, sk: 'CASE', entity: 'case', ...item('declined') }] } });

    const page = await store.listByJurisdiction({ jurisdiction: '330122', statuses: ['registered', 'declined'], limit: 25 });

    expect(page.items.map((i) => [i.caseNumber, i.status])).toEqual(
      expect.arrayContaining([
        [registered.caseNumber, 'declined'],
        ['330122-2026-000008', 'registered'],
      ]),
    );
    expect(page.items).toHaveLength(2);
    expect(doc.commandCalls(BatchGetCommand)[0]!.args[0].input.RequestItems!['xinfang-test-cases']!.Keys).toEqual([{ pk: `CASE#${registered.caseNumber}`, sk: 'CASE' }]);
  });
});

describe('a work-list row', () => {
  /** A case item as the byUnit index holds it: its keys and the projected attributes only (the rest is packed, not projected). */
  const indexed = (c: Case) => {
    const byUnit = CASE_TABLE.indexes.find((index) => index.name === 'byUnit')!;
    const item = caseItem(c);
    const kept = new Set(['pk', 'sk', 'gsi2pk', 'gsi2sk', ...byUnit.projection]);
    return Object.fromEntries(Object.entries(item).filter(([name]) => kept.has(name)));
  };
  const listed = async (item: Record<string, unknown>) => {
    doc.on(QueryCommand).resolves({ Items: [item] });
    return (await store.workListPage({ partitions: [{ office: '330122' }], limit: 20 })).items[0]!;
  };

  it('carries when a letter registered the next day was received, and a collective petition’s head count', async () => {
    // Received on 3 December (Beijing), opened and registered on the 4th.
    const letter: Case = {
      ...registered,
      status: 'registered',
      receivedAt: '2026-12-03T02:30:00.000Z',
      registeredAt: '2026-12-04T01:15:00.000Z',
      collective: { headCount: 35, representatives: [{ anonymous: false, name: '王强' }] },
    };
    const row = await listed(indexed(letter));
    expect(row).toMatchObject({ receivedAt: '2026-12-03T02:30:00.000Z', registeredAt: '2026-12-04T01:15:00.000Z', collective: { headCount: 35 } });
    expect(JSON.stringify(row)).not.toContain('王强');
    expect((await listed(indexed(registered))).collective).toBeUndefined();
  });

  it('shows an item stored before: its registration for want of a ledger, a collective petition without its count', async () => {
    const { ledger: _none, ...withoutLedger } = indexed(registered);
    expect((await listed(withoutLedger)).receivedAt).toBe(registered.registeredAt);
    const collective = indexed({ ...registered, collective: { headCount: 12, representatives: [] } });
    const { headCount: _count, ...oldLedger } = collective.ledger as Record<string, unknown>;
    const row = await listed({ ...collective, ledger: oldLedger });
    expect(row.collective).toEqual({});
    expect(row.receivedAt).toBe(registered.receivedAt);
  });
});

describe('a petitioner’s earlier cases (repeats)', () => {
  it('marks a re-reviewed case final, read from the packed case item, and counts a closed one closed at its last change', async () => {
    // Closed on 1 March; written since (a follow-up answered, say): the look-back runs from the closing.
    const final = caseItem({ ...registered, status: 'closed', reviewLevel: 2, closedAt: '2026-03-01T02:00:00.000Z', updatedAt: '2026-04-01T02:00:00.000Z' });
    const reviewedOnce = caseItem({ ...registered, caseNumber: '330122-2026-000008', status: 'closed', reviewLevel: 1, updatedAt: '2026-03-02T02:00:00.000Z' });
    doc.on(QueryCommand).resolves({ Items: [{ caseNumber: registered.caseNumber }, { caseNumber: '330122-2026-000008' }] });
    doc.on(BatchGetCommand).resolves({ Responses: { 'xinfang-test-cases': [final, reviewedOnce] } });

    const earlier = await store.earlierCasesOf(['13800000000'], 10);

    expect(earlier.find((e) => e.caseNumber === registered.caseNumber)).toMatchObject({ final: true, closedAt: '2026-03-01T02:00:00.000Z' });
    expect(earlier.find((e) => e.caseNumber === '330122-2026-000008')).not.toHaveProperty('final');
  });
});
