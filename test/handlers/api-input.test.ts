import { describe, expect, it } from 'vitest';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { apiTestBed, LETTER, STORED_LETTER_CASE } from '../fixtures/api-handler.js';
import { createHash } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { MAX_CURSOR_CHARS } from '../../shared/adapters/dynamodb/sharded-query.js';

/**
 * What registering and listing refuse, and how: impossible dates and
 * invisible matters (400, no case number used up), a reused Idempotency-Key
 * with another petition (422), a forged list cursor (400, never 500).
 */
// Monday 23 November 2026, 10:00 in China.
const { dynamo, invoke } = apiTestBed({ now: '2026-11-23T02:00:00Z' });

const letter = LETTER;

const storedCase = STORED_LETTER_CASE;

/** A sequence counter per key, as DynamoDB's ADD keeps it. */
function countSequences() {
  const counters = new Map<string, number>();
  dynamo.on(UpdateCommand).callsFake((input: { Key: { pk: string } }) => {
    const next = (counters.get(input.Key.pk) ?? 0) + 1;
    counters.set(input.Key.pk, next);
    return { Attributes: { seq: next } };
  });
  return counters;
}

describe('POST /cases: impossible dates and invisible matters', () => {
  it.each([
    ['received in year 0001', { receivedAt: '0001-01-01T09:00:00+08:00' }, 'body.receivedAt'],
    ['received in 1900', { receivedAt: '1900-06-01T09:00:00+08:00' }, 'body.receivedAt'],
    ['received the day before the records start', { receivedAt: '1999-12-31T23:59:59+08:00' }, 'body.receivedAt'],
    ['received 6 minutes from now', { receivedAt: '2026-11-23T10:06:00+08:00' }, 'body.receivedAt'],
    ['a matter of zero-width and format characters', { matter: '\u200B\uFEFF\u2060\u200D' }, 'body.matter'],
    ['a matter of controls and spaces', { matter: '\u0000\u0007 \u3000\t\u00A0\u200B' }, 'body.matter'],
    ['a subject of invisible characters', { subject: '\u200B\u200C\u180E' }, 'body.subject'],
  ])('refuses a petition %s with 400 naming the field, before drawing a number', async (_, change, path) => {
    countSequences();
    const response = await invoke({ method: 'POST', path: '/cases', staffId: 'tonglu-registrar', body: { ...letter, ...change } });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('InvalidInput');
    expect(response.body.error.issues).toEqual([expect.objectContaining({ path, message: expect.any(String) })]);
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('uses up no case number for a refused request: the next good petition of the year is 000001', async () => {
    const counters = countSequences();
    dynamo.on(TransactWriteCommand).resolves({});
    for (const change of [{ receivedAt: '2026-11-23T11:00:00+08:00' }, { receivedAt: '1900-06-01T09:00:00+08:00' }, { matter: '\u200B' }]) {
      expect((await invoke({ method: 'POST', path: '/cases', staffId: 'tonglu-registrar', body: { ...letter, ...change } })).status).toBe(400);
    }
    // A desk clock a few minutes ahead of ours is tolerated; the petition counts as received now.
    const good = await invoke({ method: 'POST', path: '/cases', staffId: 'tonglu-registrar', body: { ...letter, receivedAt: '2026-11-23T10:03:00+08:00' } });
    expect(good.status).toBe(201);
    expect(good.body.case).toMatchObject({ caseNumber: '330122-2026-000001', receivedAt: '2026-11-23T02:00:00.000Z' });
    expect([...counters.keys()]).toEqual(['SEQ#330122#2026']);
  });
});

describe('POST /cases: an Idempotency-Key names one petition', () => {
  const key = { 'idempotency-key': 'desk-1-000123' };

  it('keeps the request’s fingerprint with the key; the same petition again is the first case, another petition is 422', async () => {
    dynamo.on(GetCommand).resolves({});
    dynamo.on(UpdateCommand).resolves({ Attributes: { seq: 7 } });
    dynamo.on(TransactWriteCommand).resolves({});
    const first = await invoke({ method: 'POST', path: '/cases', staffId: 'tonglu-registrar', body: letter, headers: key });
    expect(first.status).toBe(201);
    const record = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![0]!.Put!.Item!;
    expect(record).toMatchObject({ entity: 'idempotency', caseNumber: '330122-2026-000007', fingerprint: expect.stringMatching(/^[\w-]{43}$/) });

    dynamo.reset();
    dynamo.on(GetCommand).resolves({ Item: record });
    dynamo.on(QueryCommand).resolves({ Items: [storedCase] });
    // The same petition, its fields sent in another order.
    const { petitioner, matter, receivedAt, channel, jurisdiction } = letter;
    const same = await invoke({ method: 'POST', path: '/cases', staffId: 'tonglu-registrar', body: { petitioner, matter, receivedAt, channel, jurisdiction }, headers: key });
    expect(same.status).toBe(200);
    expect(same.body.case.caseNumber).toBe('330122-2026-000007');

    const other = await invoke({ method: 'POST', path: '/cases', staffId: 'tonglu-registrar', body: { ...letter, matter: '反映村道塌方，无人处置。' }, headers: key });
    expect(other.status).toBe(422);
    expect(other.body.error).toEqual({
      code: 'IdempotencyKeyReused',
      message: expect.stringContaining('already used for a different petition'),
      messageZh: '该表单已提交过另一件信访事项；登记新的事项请刷新后重新填写',
    });
    expect(JSON.stringify(other.body)).not.toContain('330122-2026-000007');
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('refuses with 422 when a concurrent request with the same key but another petition registered first', async () => {
    dynamo
      .on(GetCommand)
      .resolvesOnce({})
      .resolves({ Item: { pk: 'IDEM#x', sk: 'IDEM', caseNumber: '330122-2026-000007', outcome: 'registered', fingerprint: 'another-petition' } });
    dynamo.on(UpdateCommand).resolves({ Attributes: { seq: 8 } });
    dynamo.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }, { Code: 'None' }] }),
    );
    dynamo.on(QueryCommand).resolves({ Items: [storedCase] });
    dynamo.on(QueryCommand, { IndexName: 'byContact' }).resolves({ Items: [] });
    const response = await invoke({ method: 'POST', path: '/cases', staffId: 'tonglu-registrar', body: letter, headers: key });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('IdempotencyKeyReused');
  });
});

describe('GET /cases: a cursor that is not one the listing gave out', () => {
  const shards = [0, 1, 2, 3];
  const fingerprint = (jurisdiction: string) => `byJurisdictionStatus|${shards.map((s) => `JUR#${jurisdiction}#registered#${s}`).join(',')}`;
  // As the listing writes one: its digest, the exhausted partitions' bitmap, the positions by partition number; compressed.
  const listing = (jurisdiction: string) => createHash('sha256').update(fingerprint(jurisdiction)).digest('base64url').slice(0, 22);
  const cursor = (state: unknown) => deflateRawSync(JSON.stringify(state)).toString('base64url');
  const after = (jurisdiction: string, n = 1) => ({
    pk: `CASE#${jurisdiction}-2026-00000${n}`,
    sk: 'CASE',
    gsi1pk: `JUR#${jurisdiction}#registered#0`,
    gsi1sk: `2026-11-20T01:00:00.000Z#${jurisdiction}-2026-00000${n}`,
  });
  const position = (jurisdiction: string) => {
    const { gsi1pk: _partition, ...rest } = after(jurisdiction);
    return rest;
  };
  const list = (c: string) => invoke({ method: 'GET', path: '/cases', staffId: 'tonglu-registrar', query: { jurisdiction: '330122', status: 'registered', cursor: c } });

  it.each([
    ['garbage', 'bm90LWEtY3Vyc29y'],
    ['an uncompressed (older)', Buffer.from(JSON.stringify({ fingerprint: fingerprint('330122'), partitions: {} })).toString('base64url')],
    ['an overlong', 'A'.repeat(MAX_CURSOR_CHARS + 1)],
    ['another listing’s', cursor({ l: listing('330521'), d: '', a: [] })],
    ['one positioned by a partition key of its own (another jurisdiction’s)', cursor({ l: listing('330122'), d: '', a: [[0, after('330521')]] })],
    ['one naming a partition outside the listing', cursor({ l: listing('330122'), d: Buffer.from([0b1_0000]).toString('base64url'), a: [] })],
    ['one positioned in a partition outside the listing', cursor({ l: listing('330122'), d: '', a: [[4, position('330122')]] })],
    ['one positioned in a partition it says is exhausted', cursor({ l: listing('330122'), d: Buffer.from([1]).toString('base64url'), a: [[0, position('330122')]] })],
    ['one with an incomplete key', cursor({ l: listing('330122'), d: '', a: [[0, { pk: 'CASE#x' }]] })],
    ['one with an extra key attribute', cursor({ l: listing('330122'), d: '', a: [[0, { ...position('330122'), gsi2pk: 'UNIT#x' }]] })],
    ['one with an empty key value', cursor({ l: listing('330122'), d: '', a: [[0, { ...position('330122'), sk: '' }]] })],
    // DynamoDB takes a sort key of at most 1,024 bytes: a longer one would be its ValidationException, a 500.
    ['one with a key value longer than DynamoDB takes', cursor({ l: listing('330122'), d: '', a: [[0, { ...position('330122'), gsi1sk: `2026-11-20T01:00:00.000Z#${'信'.repeat(400)}` }]] })],
    ['one with extra fields', cursor({ l: listing('330122'), d: '', a: [], jurisdiction: '330521' })],
    ['a number', cursor(42)],
  ])('answers 400 for %s cursor, before querying', async (_, c) => {
    const response = await list(c);
    expect(response.status).toBe(400);
    expect(response.body.error.issues).toEqual([expect.objectContaining({ path: 'query.cursor', message: expect.any(String) })]);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('accepts the cursor it gave out, and continues from it', async () => {
    const item = (n: number) => ({ ...storedCase, ...after('330122', n), caseNumber: `330122-2026-00000${n}`, registeredAt: '2026-11-20T01:00:00.000Z' });
    dynamo.on(QueryCommand).callsFake((input: { ExpressionAttributeValues: Record<string, string>; ExclusiveStartKey?: unknown }) =>
      input.ExpressionAttributeValues[':pk'] !== 'JUR#330122#registered#0' ? { Items: [] } : input.ExclusiveStartKey ? { Items: [item(1)] } : { Items: [item(2)], LastEvaluatedKey: after('330122', 2) },
    );
    const first = await invoke({ method: 'GET', path: '/cases', staffId: 'tonglu-registrar', query: { jurisdiction: '330122', status: 'registered', limit: '1' } });
    expect(first.status).toBe(200);
    expect(first.body.cursor).toEqual(expect.any(String));
    const second = await list(first.body.cursor);
    expect(second.status).toBe(200);
    expect(second.body.items.map((i: { caseNumber: string }) => i.caseNumber)).toEqual(['330122-2026-000001']);
  });
});

describe('each problem says what kind it is, for a screen to say it in Chinese', () => {
  it('names a missing matter, an overlong subject, a malformed phone and an unknown channel by kind', async () => {
    const { matter: _left, ...withoutMatter } = letter;
    const response = await invoke({
      method: 'POST',
      path: '/cases',
      staffId: 'tonglu-registrar',
      body: { ...withoutMatter, channel: 'fax', subject: '长'.repeat(201), petitioner: { name: '张伟', phone: 'call me' } },
    });
    expect(response.status).toBe(400);
    const byPath = Object.fromEntries((response.body.error.issues as { path: string; kind?: string; limit?: number }[]).map((i) => [i.path, i]));
    expect(byPath['body.matter']).toMatchObject({ kind: 'missing' });
    expect(byPath['body.subject']).toMatchObject({ kind: 'tooLong', limit: 200 });
    expect(byPath['body.petitioner.phone']).toMatchObject({ kind: 'format' });
    expect(byPath['body.channel']).toMatchObject({ kind: 'choice' });
  });

  it('calls a value of the wrong type a format problem, not a missing one: it was given', async () => {
    const response = await invoke({ method: 'POST', path: '/cases', staffId: 'tonglu-registrar', body: { ...letter, matter: 42, petitioner: '张伟' } });
    expect(response.status).toBe(400);
    const byPath = Object.fromEntries((response.body.error.issues as { path: string; kind?: string }[]).map((i) => [i.path, i]));
    expect(byPath['body.matter']).toMatchObject({ kind: 'format' });
    expect(byPath['body.petitioner']).toMatchObject({ kind: 'format' });

    const listed = await invoke({ method: 'GET', path: '/cases', staffId: 'tonglu-registrar', query: { jurisdiction: '330122', limit: 'abc' } });
    expect(listed.status).toBe(400);
    expect(listed.body.error.issues).toEqual([expect.objectContaining({ path: 'query.limit', kind: 'format' })]);
  });
});

describe('POST /cases: the units a report accuses, as the registrar records them (第三十条)', () => {
  it('keeps the named unit on the case, beside those the words name, and never assigns the case to it', async () => {
    countSequences();
    dynamo.on(GetCommand).resolves({});
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo.on(TransactWriteCommand).resolves({});
    // A letter the words alone do not tie to any unit: 住建部门的科长 is named by the registrar, who read the enclosure.
    const report = { ...letter, matter: '我要举报住建部门的一名科长收受贿赂，证据见附件。', category: 'report', accusedUnits: ['330122-housing'] };
    const response = await invoke({ method: 'POST', path: '/cases', staffId: 'tonglu-registrar', body: report });
    expect(response.status).toBe(201);
    expect(response.body.case.accusedUnits).toEqual(['330122-housing']);
    expect(response.body.case.handling?.lead).not.toBe('330122-housing');
  });

  it('refuses a unit that is not configured, naming it, before drawing a number', async () => {
    const counters = countSequences();
    const response = await invoke({ method: 'POST', path: '/cases', staffId: 'tonglu-registrar', body: { ...letter, accusedUnits: ['330122-nowhere'] } });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(JSON.stringify(response.body)).toContain('330122-nowhere');
    expect(counters.size).toBe(0);
  });
});

describe('a rule’s refusal names the field it is about, for the screen to show it there', () => {
  const accepted = { ...storedCase, status: 'accepted', version: 2 };

  it('POST /cases: an unknown jurisdiction and an unknown accused unit are body.jurisdiction and body.accusedUnits.1', async () => {
    const counters = countSequences();
    const place = await invoke({ method: 'POST', path: '/cases', staffId: 'tonglu-registrar', body: { ...letter, jurisdiction: '330199' } });
    expect(place.body.error).toMatchObject({ code: 'UnknownJurisdiction', issues: [{ path: 'body.jurisdiction', kind: 'rule', message: expect.stringContaining('330199') }] });
    const unit = await invoke({ method: 'POST', path: '/cases', staffId: 'tonglu-registrar', body: { ...letter, accusedUnits: ['330122-housing', '330122-nowhere'] } });
    expect(unit.body.error).toMatchObject({ code: 'UnknownUnit', issues: [{ path: 'body.accusedUnits.1', kind: 'rule', message: expect.stringContaining('330122-nowhere') }] });
    // A mistake in the request, not a missing resource at the URL.
    expect([place.status, unit.status]).toEqual([422, 422]);
    expect(counters.size).toBe(0);
  });

  it('names a field the request may not carry itself (body.extra), not the object around it', async () => {
    const counters = countSequences();
    const response = await invoke({ method: 'POST', path: '/cases', staffId: 'tonglu-registrar', body: { ...letter, extra: 1, petitioner: { ...letter.petitioner, nickname: '老王' } } });
    expect(response.status).toBe(400);
    expect(response.body.error.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'body.extra', kind: 'rule', messageZh: '该请求没有“extra”这一项' }),
        expect.objectContaining({ path: 'body.petitioner.nickname', kind: 'rule' }),
      ]),
    );
    expect(counters.size).toBe(0);
  });

  it.each([
    ['the lead named again as cooperating', { lead: '330122-housing', cooperating: ['330122-hrss', '330122-housing'] }, 'body.cooperating.1', /cannot also be a cooperating unit/],
    ['a cooperating unit named twice', { lead: '330122-housing', cooperating: ['330122-hrss', '330122-hrss'] }, 'body.cooperating.1', /named twice/],
    ['a cooperating unit that does not exist', { lead: '330122-housing', cooperating: ['330122-nowhere'] }, 'body.cooperating.0', /330122-nowhere/],
    ['a lead unit of another county', { lead: '330127-housing', cooperating: [] }, 'body.lead', /outside/],
  ])('POST /cases/{n}/assign: %s is refused at %s, and nothing is handed over', async (_, body, path, message) => {
    dynamo.on(QueryCommand).resolves({ Items: [accepted] });
    dynamo.on(GetCommand).resolves({ Item: accepted });
    const response = await invoke({ method: 'POST', path: '/cases/330122-2026-000007/assign', staffId: 'tonglu-office', body });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.body.error.issues).toEqual([expect.objectContaining({ path, kind: 'rule', message: expect.stringMatching(message) })]);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});
