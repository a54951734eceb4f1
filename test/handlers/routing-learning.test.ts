import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { DynamoRoutingModels } from '../../shared/adapters/dynamodb/routing-model-store.js';
import { jiebaSegmenter } from '../../shared/adapters/segmenter.js';
import { learnFromDecision, type DecidedRequest } from '../../shared/app/routing/learn-routing.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { keywordVocabulary } from '../../shared/domain/routing/index.js';
import type { Case } from '../../shared/domain/case.js';

/**
 * The table as far as learning uses it: a conditional put of the example and
 * ADD on the department's counts, all or nothing — DynamoDB's semantics, so
 * delivering one decision twice shows what the table would hold.
 */
const doc = mockClient(DynamoDBDocumentClient);
let table: Map<string, Record<string, unknown>>;
const keyOf = (key: Record<string, unknown>) => `${String(key.pk)}|${String(key.sk)}`;

function transact(input: TransactWriteCommandInput) {
  const items = input.TransactItems!;
  const put = items[0]!.Put!;
  if (put.ConditionExpression === 'attribute_not_exists(pk)' && table.has(keyOf(put.Item!))) {
    throw new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }] });
  }
  table.set(keyOf(put.Item!), put.Item!);
  const update = items[1]!.Update!;
  const item = { ...(table.get(keyOf(update.Key!)) ?? update.Key!) } as Record<string, unknown>;
  const adds = update.UpdateExpression!.split(' ADD ')[1]!.split(', ');
  for (const add of adds) {
    const [path, value] = add.split(' ') as [string, string];
    const name = path.startsWith('#') ? update.ExpressionAttributeNames![path]! : path;
    item[name] = Number(item[name] ?? 0) + Number(update.ExpressionAttributeValues![value]);
  }
  table.set(keyOf(update.Key!), item);
  return {};
}

const province = loadProvinceConfig('config/province.yaml');
const models = new DynamoRoutingModels(new DynamoDBClient({ region: 'ap-east-1', endpoint: 'http://127.0.0.1:9' }), 'xinfang-test-cases');
const decided: Case = {
  caseNumber: '330122-2026-000031',
  jurisdiction: '330122',
  receivingOffice: '330122',
  channel: 'letter',
  status: 'accepted',
  subject: '讨要工钱',
  matter: '我在横村镇的服装厂干了八个月，老板三个月没发钱，说资金周转不过来。',
  petitioner: { anonymous: false, name: '王建国' },
  urgent: false,
  reviewLevel: 0,
  receivedAt: '2026-11-30T01:15:00.000Z',
  registeredAt: '2026-11-30T01:20:00.000Z',
  registeredBy: 'tonglu-registrar',
  deadlines: {},
  attachments: [],
  version: 4,
  updatedAt: '2026-12-01T02:00:00.000Z',
};
const deps = { store: { getCaseRecord: async (n: string) => (n === decided.caseNumber ? decided : undefined) }, province, models, segmenter: jiebaSegmenter(keywordVocabulary(province.config)) };
const request: DecidedRequest = {
  caseNumber: decided.caseNumber,
  reason: 'decided',
  decision: { id: '6a1f3a52-0c1e-4a55-9a7e-2f0d4c1b9e11', office: '330122', lead: '330122-hrss', at: '2026-12-01T02:00:00.000Z' },
};

beforeEach(() => {
  doc.reset();
  table = new Map();
  doc.on(TransactWriteCommand).callsFake(transact);
  doc.on(QueryCommand).callsFake((input: { ExpressionAttributeValues: Record<string, string> }) => ({
    Items: [...table.values()].filter((item) => item.pk === input.ExpressionAttributeValues[':pk']),
  }));
});

describe('learning from a staff routing decision', () => {
  it('counts the petition’s words once for the lead unit’s department, however often the decision is delivered', async () => {
    expect(await learnFromDecision(deps, request)).toEqual({ outcome: 'learned', caseNumber: decided.caseNumber, department: 'humanResourcesSocialSecurity' });
    expect(await learnFromDecision(deps, request)).toEqual({ outcome: 'alreadyLearned', caseNumber: decided.caseNumber, department: 'humanResourcesSocialSecurity' });

    const model = await models.load('330122');
    expect(model.departments).toHaveLength(1);
    const hrss = model.departments[0]!;
    expect(hrss).toMatchObject({ department: 'humanResourcesSocialSecurity', examples: 1 });
    expect(hrss.words.get('老板')).toBe(1);
    expect(hrss.words.get('工钱')).toBe(1);
    expect(hrss.wordTotal).toBe(hrss.words.size);
    // Only the two writes of the first delivery: the example (kept, with its words) and the counts.
    expect(doc.commandCalls(TransactWriteCommand)).toHaveLength(2);
    expect(table.size).toBe(2);
    // The example is kept with the case, so removing the case after its retention removes the words it taught.
    const example = [...table.values()].find((item) => item.entity === 'routingExample')!;
    expect(example).toMatchObject({ pk: `CASE#${decided.caseNumber}`, sk: expect.stringMatching(/^ROUTEEXAMPLE#/), words: expect.arrayContaining(['工钱']) });
  });

  it('learns another decision on top, and a different office’s model is untouched', async () => {
    await learnFromDecision(deps, request);
    await learnFromDecision(deps, { ...request, decision: { ...request.decision, id: 'second-decision' } });
    expect((await models.load('330122')).departments[0]).toMatchObject({ examples: 2 });
    expect((await models.load('330127')).departments).toEqual([]);
  });

  it('learns nothing from a case that is gone or a unit that was removed', async () => {
    expect(await learnFromDecision(deps, { ...request, caseNumber: '330122-2026-999999' })).toMatchObject({ outcome: 'notFound' });
    expect(await learnFromDecision(deps, { ...request, decision: { ...request.decision, lead: '330122-abolished' } })).toMatchObject({ outcome: 'unitGone' });
    expect(doc.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});

describe('a container reusing an office’s model', () => {
  const reusing = () => new DynamoRoutingModels(new DynamoDBClient({ region: 'ap-east-1', endpoint: 'http://127.0.0.1:9' }), 'xinfang-test-cases', { ms: 60_000, offices: 2 });
  const queries = () => doc.commandCalls(QueryCommand).map((c) => c.args[0].input.ExpressionAttributeValues![':pk']);
  afterEach(() => vi.useRealTimers());

  it('reads it once for a batch and for a minute, again after learning a decision, and again once the minute is over', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-01T02:00:00.000Z'));
    const cached = reusing();
    await Promise.all([cached.load('330122'), cached.load('330122'), cached.load('330122')]);
    vi.setSystemTime(new Date('2026-12-01T02:00:59.000Z'));
    expect((await cached.load('330122')).departments).toEqual([]);
    expect(queries()).toEqual(['ROUTEMODEL#330122']);

    await learnFromDecision({ ...deps, models: cached }, request);
    const learned = await cached.load('330122');
    expect(learned.departments.map((d) => d.department)).toEqual(['humanResourcesSocialSecurity']);
    expect(queries()).toHaveLength(2);

    vi.setSystemTime(new Date('2026-12-01T02:02:00.000Z'));
    await cached.load('330122');
    expect(queries()).toHaveLength(3);
  });

  it('keeps the offices it used last, up to its number', async () => {
    const cached = reusing();
    for (const office of ['330122', '330127', '330122', '330521', '330122', '330127']) await cached.load(office);
    // 330127 was the least recently used when 330521 came: read again.
    expect(queries()).toEqual(['ROUTEMODEL#330122', 'ROUTEMODEL#330127', 'ROUTEMODEL#330521', 'ROUTEMODEL#330127']);
  });

  it('does not keep a read that failed', async () => {
    const cached = reusing();
    doc.on(QueryCommand).rejectsOnce(new Error('throttled')).resolves({ Items: [] });
    await expect(cached.load('330122')).rejects.toThrow('throttled');
    await cached.load('330122');
    expect(queries()).toHaveLength(2);
  });
});
