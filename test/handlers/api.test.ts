import { describe, expect, it, vi } from 'vitest';
import { InternalServerError, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import {
  GetCommand as GetItemCommand,
  QueryCommand,
  TransactWriteCommand as TransactWriteItemsCommand,
  UpdateCommand as UpdateItemCommand,
} from '@aws-sdk/lib-dynamodb';
import { handlerEnv } from '../fixtures/handler-env.js';
import { hashContact, hashName } from '../../shared/adapters/dynamodb/keys.js';
import { outboxMessages, unpacked } from '../fixtures/stored-items.js';
import { apiTestBed, LETTER, STORED_LETTER_CASE } from '../fixtures/api-handler.js';

// The store talks through the document client, so that is what is mocked.
const { dynamo, sqs, invoke } = apiTestBed();
const ENV = handlerEnv('ERROR');

const letter = LETTER;

const storedCase = STORED_LETTER_CASE;

describe('POST /cases', () => {
  it('allocates the next number of the jurisdiction’s year and stores case, event and contact in one conditional transaction', async () => {
    dynamo.on(UpdateItemCommand).resolves({ Attributes: { seq: 7 } });
    dynamo.on(TransactWriteItemsCommand).resolves({});

    const response = await invoke({ method: 'POST', path: '/cases', staffId: 'tonglu-registrar', body: letter });

    expect(response.status).toBe(201);
    expect(response.body.case.caseNumber).toBe('330122-2026-000007');
    expect(response.headers.location).toBe('/cases/330122-2026-000007');
    const counter = dynamo.commandCalls(UpdateItemCommand)[0]!.args[0].input;
    expect(counter.Key).toEqual({ pk: 'SEQ#330122#2026', sk: 'SEQ' });
    const items = dynamo.commandCalls(TransactWriteItemsCommand)[0]!.args[0].input.TransactItems!.map((i) => ({ ...i, Put: { ...i.Put!, Item: unpacked(i.Put!.Item!) } }));
    const stored = items.filter((i) => i.Put.Item.entity !== 'outbox');
    expect(stored.map((i) => i.Put!.ConditionExpression)).toEqual(Array(stored.length).fill('attribute_not_exists(pk)'));
    // The case item itself is indexed by the petitioner's one contact (no contact item); their name, for the desk's
    // look-up by name, by an entry beside it, under the name's hash.
    // The registration's event is its entry on the office's 新登记 list: no item of its own (2 write units fewer).
    expect(stored.map((i) => i.Put!.Item!.sk)).toEqual(['CASE', 'EVENT#00000001', `NAME#${hashName('张伟')}`]);
    expect(stored[1]!.Put!.Item).toMatchObject({ gsi2pk: 'REG#330122', gsi2sk: `${stored[0]!.Put!.Item!.registeredAt}#330122-2026-000007` });
    expect(stored[0]!.Put!.Item!.gsi4pk).toBe(`CONTACT#${hashContact('phone:13800001111')}`);
    expect(stored[2]!.Put!.Item!.gsi4pk).toBe(`NAME#${hashName('张伟')}`);
    expect(JSON.stringify(stored.map((i) => [i.Put!.Item!.sk, i.Put!.Item!.gsi4pk]))).not.toContain('张伟');
    // No phone number or email appears in a key.
    expect(JSON.stringify(stored[0]!.Put!.Item!.gsi4pk)).not.toContain('13800001111');
    // The letter goes on to the router, as an email does: an outbox item of the same transaction, queued once it commits.
    const outbox = outboxMessages(items.map((i) => i.Put.Item));
    expect(outbox).toEqual([{ queue: 'routing', id: 'route:330122-2026-000007:registered', body: { caseNumber: '330122-2026-000007', reason: 'registered' } }]);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });

  it('replays an Idempotency-Key without allocating a number or writing', async () => {
    dynamo.on(GetItemCommand).resolves({ Item: { pk: 'IDEM#x', sk: 'IDEM', caseNumber: '330122-2026-000007' } });
    dynamo.on(QueryCommand).resolves({ Items: [storedCase] });

    const response = await invoke({
      method: 'POST',
      path: '/cases',
      staffId: 'tonglu-registrar',
      body: letter,
      headers: { 'idempotency-key': 'desk-1-000123' },
    });

    expect(response.status).toBe(200);
    expect(response.body.case.caseNumber).toBe('330122-2026-000007');
    expect(dynamo.commandCalls(UpdateItemCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(TransactWriteItemsCommand)).toHaveLength(0);
    // Its routing was committed with the case the first time: nothing to queue again.
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });

  it('replays to the registrar as a case they cannot see once it has moved where they may not follow it, and never with the follow-up token', async () => {
    dynamo.on(GetItemCommand).resolves({ Item: { pk: 'IDEM#x', sk: 'IDEM', caseNumber: '330122-2026-000007' } });
    // The report accuses 桐庐县's government, so it went up to 杭州市: no 桐庐 staff member reads it any more (第三十条).
    const movedUp = { ...storedCase, jurisdiction: '330100', status: 'inProgress', version: 9, accusedJurisdictions: ['330122'], handling: { lead: '330100-housing', cooperating: [] } };
    dynamo.on(QueryCommand).resolves({ Items: [movedUp] });
    const replay = () => invoke({ method: 'POST', path: '/cases', staffId: 'tonglu-registrar', body: letter, headers: { 'idempotency-key': 'desk-1-000123' } });
    const hidden = await replay();
    expect(hidden.status).toBe(404);
    expect(JSON.stringify(hidden.body)).not.toContain('330100-housing');

    dynamo.on(QueryCommand).resolves({ Items: [{ ...storedCase, status: 'replied', followUp: { dueAt: '2026-11-20T00:00:00.000Z', token: 'followup-token-77e1', round: 1 } }] });
    const replied = await replay();
    expect(replied.status).toBe(200);
    expect(replied.body.case.followUp).toEqual({ dueAt: '2026-11-20T00:00:00.000Z', round: 1 });
  });

  it('answers with the winner when a concurrent request with the same key registered first', async () => {
    dynamo
      .on(GetItemCommand)
      .resolvesOnce({})
      .resolves({ Item: { pk: 'IDEM#x', sk: 'IDEM', caseNumber: '330122-2026-000007' } });
    dynamo.on(UpdateItemCommand).resolves({ Attributes: { seq: 8 } });
    dynamo.on(TransactWriteItemsCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }, { Code: 'None' }],
      }),
    );
    dynamo.on(QueryCommand).resolves({ Items: [storedCase] });
    dynamo.on(QueryCommand, { IndexName: 'byContact' }).resolves({ Items: [] });

    const response = await invoke({
      method: 'POST',
      path: '/cases',
      staffId: 'tonglu-registrar',
      body: letter,
      headers: { 'idempotency-key': 'desk-1-000123' },
    });

    expect(response.status).toBe(200);
    expect(response.body.case.caseNumber).toBe('330122-2026-000007');
  });

  it('refuses a body with mistakes, naming each, before touching the table', async () => {
    const response = await invoke({
      method: 'POST',
      path: '/cases',
      staffId: 'tonglu-registrar',
      body: { ...letter, channel: 'email', petitioner: { anonymous: true, phone: '13800001111' }, extra: 1 },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'body.channel' }),
        expect.objectContaining({ path: 'body.petitioner.anonymous' }),
        expect.objectContaining({ path: 'body.extra', message: expect.stringContaining('extra') }),
      ]),
    );
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('refuses a mobile number a digit short or long, in Chinese on its field, and keeps a local line without its area code', async () => {
    for (const slip of ['1395711', '139571122334']) {
      const response = await invoke({ method: 'POST', path: '/cases', staffId: 'tonglu-registrar', body: { ...letter, petitioner: { name: '王大力', phone: slip } } });
      expect(response.status).toBe(400);
      expect(response.body.error.issues).toEqual([expect.objectContaining({ path: 'body.petitioner.phone', messageZh: '手机号码应为 1 开头的 11 位数字，请核对' })]);
    }
    const representative = await invoke({
      method: 'POST',
      path: '/cases',
      staffId: 'tonglu-registrar',
      body: { ...letter, channel: 'visit', collective: { headCount: 8, representatives: [{ name: '李小兵', phone: '1380000111' }] } },
    });
    expect(representative.body.error.issues).toEqual([expect.objectContaining({ path: 'body.collective.representatives[0].phone' })]);
    // A county line dialled locally, and a number abroad, are what the clerk wrote down: no complaint about them.
    const landline = await invoke({ method: 'POST', path: '/cases', staffId: 'tonglu-registrar', body: { ...letter, matter: '', petitioner: { name: '王大力', phone: '64600000' } } });
    expect(landline.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['body.matter', 'body.matter']);
    const abroad = await invoke({ method: 'POST', path: '/cases', staffId: 'tonglu-registrar', body: { ...letter, matter: '', petitioner: { name: '王大力', phone: '+1 415 555 0100' } } });
    expect(abroad.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['body.matter', 'body.matter']);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('takes every number a petitioner can be called on at the desk, as typed or in full-width digits, and stores it in plain digits', async () => {
    const valid = ['0571-64281234', '057164281234', '(0571)6428-1234', '0571-64281234-8012', '+86 138 0013 8000', '86-13800138000', '138-0013-8000', '400-820-8820', '+852 2123 4567', '+853 6612 3456', '+886 912 345 678', '0912345678'];
    for (const phone of valid) {
      const response = await invoke({ method: 'POST', path: '/cases', staffId: 'tonglu-registrar', body: { ...letter, matter: '', petitioner: { name: '王大力', phone } } });
      expect(response.body.error.issues.map((i: { path: string }) => i.path), phone).toEqual(['body.matter', 'body.matter']);
    }
    // A Chinese keyboard types full-width digits: the same number, kept as digits a search and a repeat look-up can match.
    dynamo.on(UpdateItemCommand).resolves({ Attributes: { seq: 7 } });
    dynamo.on(TransactWriteItemsCommand).resolves({});
    const fullWidth = await invoke({ method: 'POST', path: '/cases', staffId: 'tonglu-registrar', body: { ...letter, petitioner: { name: '王大力', phone: '１３８－００１３－８０００' } } });
    expect(fullWidth.status).toBe(201);
    expect(fullWidth.body.case.petitioner.phone).toBe('138-0013-8000');
  });

  it('refuses a registrar outside the jurisdiction, and a handler who may not register', async () => {
    const outside = await invoke({ method: 'POST', path: '/cases', staffId: 'deqing-registrar', body: letter });
    expect(outside.status).toBe(403);
    const handlerRole = await invoke({ method: 'POST', path: '/cases', staffId: 'tonglu-housing-handler', body: letter });
    expect(handlerRole.status).toBe(403);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('hides the cause of an unexpected failure from the caller', async () => {
    dynamo.on(UpdateItemCommand).rejects(new InternalServerError({ message: 'internal detail: partition 7 unavailable', $metadata: {} }));
    const response = await invoke({ method: 'POST', path: '/cases', staffId: 'tonglu-registrar', body: letter });
    expect(response.status).toBe(500);
    expect(JSON.stringify(response.body)).not.toContain('partition 7');
  });
});

describe('GET /cases/{caseNumber} and GET /cases', () => {
  it('reads a case with its events in order', async () => {
    dynamo.on(QueryCommand).resolves({
      Items: [
        storedCase,
        { pk: storedCase.pk, sk: 'EVENT#00000002', entity: 'event', caseNumber: storedCase.caseNumber, seq: 2, type: 'accepted', at: '2026-11-21T01:00:00.000Z', actor: 'tonglu-office' },
        { pk: storedCase.pk, sk: 'EVENT#00000001', entity: 'event', caseNumber: storedCase.caseNumber, seq: 1, type: 'registered', at: '2026-11-20T01:20:00.000Z', actor: 'tonglu-registrar' },
      ],
    });
    const response = await invoke({ method: 'GET', path: '/cases/330122-2026-000007', staffId: 'hz-registrar' });
    expect(response.status).toBe(200);
    expect(response.body.case).not.toHaveProperty('pk');
    expect(response.body.events.map((e: { seq: number }) => e.seq)).toEqual([1, 2]);
  });

  it('shows a letter kept when made and again when sent once, as sent', async () => {
    const letter = { pk: storedCase.pk, entity: 'message', caseNumber: storedCase.caseNumber, id: 'decision:330122-2026-000007:2026-12-01T02:00:00.000Z', direction: 'out', to: ['zw@163.example'], subject: '信访事项处理意见书', text: '处理意见……', messageIds: [], attachments: [], kind: 'decisionLetter' };
    dynamo.on(QueryCommand).resolves({
      Items: [
        storedCase,
        { ...letter, sk: 'MSG#2026-12-01T02:00:00.000Z#decision', at: '2026-12-01T02:00:00.000Z' },
        { ...letter, sk: 'MSG#2026-12-01T02:00:03.000Z#decision', at: '2026-12-01T02:00:03.000Z', kind: 'notice', from: 'noreply@petitions.example', messageIds: ['<0100.sent@email.amazonses.com>'] },
      ],
    });
    const response = await invoke({ method: 'GET', path: '/cases/330122-2026-000007', staffId: 'tonglu-office' });
    // The letter as made (its kind, which the print view looks for), with what the sending added.
    expect(response.body.messages).toEqual([expect.objectContaining({ id: letter.id, kind: 'decisionLetter', from: 'noreply@petitions.example', messageIds: ['<0100.sent@email.amazonses.com>'] })]);
  });

  it('tells the reader which actions they may take on the case now', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [storedCase] });
    const office = await invoke({ method: 'GET', path: '/cases/330122-2026-000007', staffId: 'tonglu-office' });
    expect(office.body.allowedActions).toEqual(['accept', 'decline', 'redirect', 'route', 'claim', 'transfer', 'recuse', 'markAccused', 'readAudit', 'issueQueryCode', 'assignLeader', 'withdraw', 'correctPetitioner', 'linkRepeat', 'addNote', 'submitLeaderReading']);
    const registrar = await invoke({ method: 'GET', path: '/cases/330122-2026-000007', staffId: 'tonglu-registrar' });
    expect(registrar.body.allowedActions).toEqual(['claim', 'markAccused', 'issueQueryCode', 'recuseSelf', 'withdraw', 'correctPetitioner']);
  });

  it('answers 404 for an unknown number and 400 for something that is not a case number', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [] });
    expect((await invoke({ method: 'GET', path: '/cases/330122-2026-000999', staffId: 'hz-registrar' })).status).toBe(404);
    expect((await invoke({ method: 'GET', path: '/cases/not-a-number', staffId: 'hz-registrar' })).status).toBe(400);
  });

  it('lists by querying every shard of the status partition, never scanning', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [] });
    const response = await invoke({ method: 'GET', path: '/cases', staffId: 'tonglu-registrar', query: { jurisdiction: '330122', status: 'registered' } });
    expect(response.status).toBe(200);
    const partitions = dynamo.commandCalls(QueryCommand).map((c) => c.args[0].input.ExpressionAttributeValues![':pk']);
    expect(partitions.sort()).toEqual(['JUR#330122#registered#0', 'JUR#330122#registered#1', 'JUR#330122#registered#2', 'JUR#330122#registered#3']);
    expect(dynamo.commandCalls(QueryCommand).every((c) => c.args[0].input.IndexName === 'byJurisdictionStatus')).toBe(true);
  });

  it('rejects a tampered cursor', async () => {
    const response = await invoke({ method: 'GET', path: '/cases', staffId: 'tonglu-registrar', query: { jurisdiction: '330122', cursor: 'bm90LWEtY3Vyc29y' } });
    expect(response.status).toBe(400);
    expect(dynamo.calls()).toHaveLength(0);
  });
});

describe('who is calling', () => {
  it('answers 401 without a staff identity, 403 for a token of someone not configured, 404 for an unknown route', async () => {
    expect((await invoke({ method: 'GET', path: '/cases/330122-2026-000007' })).status).toBe(401);
    expect((await invoke({ method: 'GET', path: '/cases/330122-2026-000007', staffId: 'former-employee' })).status).toBe(403);
    expect((await invoke({ method: 'DELETE', path: '/cases/330122-2026-000007', staffId: 'hz-registrar' })).status).toBe(404);
  });
});

describe('cold start', () => {
  it('refuses to start without its environment, naming what is missing', async () => {
    vi.resetModules();
    vi.stubEnv('TABLE_NAME', '');
    await expect(import('../../functions/api/handler.js')).rejects.toThrow(/TABLE_NAME/);
    vi.stubEnv('TABLE_NAME', ENV.TABLE_NAME);
  });
});

describe('POST /cases/{n}/decline', () => {
  const declinable = { ...storedCase, petitioner: { anonymous: false, name: '张伟', email: 'zhangwei@qq.example' } };

  it('stores the letter to the petitioner with the decision, in one transaction: a failed store sends nothing, the retry stores both once', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [declinable] });
    dynamo.on(TransactWriteItemsCommand).rejectsOnce(new InternalServerError({ message: 'try again', $metadata: {} })).resolves({});
    const decline = () =>
      invoke({ method: 'POST', path: '/cases/330122-2026-000007/decline', staffId: 'tonglu-office', body: { reason: '该事项已进入诉讼程序，请依法通过诉讼途径解决。' } });

    expect((await decline()).status).toBe(500);
    expect((await decline()).status).toBe(200);
    // Nothing is queued by the API: the letter travels in the transaction's outbox, and only a committed one is dispatched.
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
    const letters = dynamo
      .commandCalls(TransactWriteItemsCommand)
      .map((c) => outboxMessages(c.args[0].input.TransactItems!.map((i) => i.Put!.Item!)));
    expect(letters.map((l) => l.map((item) => item.id))).toEqual([['declined:330122-2026-000007:2'], ['declined:330122-2026-000007:2']]);
    expect(letters[1]![0]!.body.to).toEqual(['zhangwei@qq.example']);
  });
});

describe('GET /cases (a jurisdiction’s list)', () => {
  const summary = (n: number, handling: { lead: string; cooperating: string[] }, extra: Record<string, unknown> = {}) => ({
    pk: `CASE#330122-2026-00010${n}`,
    sk: 'CASE',
    gsi1pk: 'JUR#330122#assigned#0',
    gsi1sk: `2026-11-2${n}T01:00:00.000Z#330122-2026-00010${n}`,
    caseNumber: `330122-2026-00010${n}`,
    jurisdiction: '330122',
    receivingOffice: '330122',
    status: 'assigned',
    channel: 'letter',
    urgent: false,
    registeredAt: `2026-11-2${n}T01:00:00.000Z`,
    handling,
    deadlines: {},
    ...extra,
  });
  const items = [
    summary(1, { lead: '330122-housing', cooperating: [] }),
    summary(2, { lead: '330122-hrss', cooperating: [] }),
    summary(3, { lead: '330122-hrss', cooperating: ['330122-housing'] }),
    summary(4, { lead: '330122-hrss', cooperating: ['330122-housing'] }, { accusedUnits: ['330122-housing'] }),
    summary(5, { lead: '330122-housing', cooperating: [] }, { recused: [{ staffId: 'tonglu-housing-handler', reason: '亲属', by: 'tonglu-office', at: '2026-11-25T01:00:00.000Z' }] }),
  ];
  const list = (staffId: string) => {
    dynamo.on(QueryCommand).callsFake((input: { ExpressionAttributeValues: Record<string, string> }) => ({
      Items: input.ExpressionAttributeValues[':pk'] === 'JUR#330122#assigned#0' ? [...items].reverse() : [],
    }));
    return invoke({ method: 'GET', path: '/cases', staffId, query: { jurisdiction: '330122', status: 'assigned' } });
  };

  it('shows a unit’s staff only the cases their unit works, never one accusing it or one they are recused from', async () => {
    const response = await list('tonglu-housing-handler');
    expect(response.status).toBe(200);
    expect(response.body.items.map((i: { caseNumber: string }) => i.caseNumber)).toEqual(['330122-2026-000103', '330122-2026-000101']);
    expect(JSON.stringify(response.body)).not.toMatch(/accusedUnits|recused|access/);
  });

  it('shows the office every case of its jurisdiction', async () => {
    const response = await list('tonglu-office');
    expect(response.body.items).toHaveLength(5);
  });

  it('lists by default every case not yet closed: a replied case awaiting its follow-up is there, a closed one is not', async () => {
    const replied = summary(6, { lead: '330122-housing', cooperating: [] }, { gsi1pk: 'JUR#330122#replied#0', status: 'replied' });
    const closed = summary(7, { lead: '330122-housing', cooperating: [] }, { gsi1pk: 'JUR#330122#closed#0', status: 'closed' });
    dynamo.on(QueryCommand).callsFake((input: { ExpressionAttributeValues: Record<string, string> }) => ({
      Items: [...items, replied, closed].filter((item) => item.gsi1pk === input.ExpressionAttributeValues[':pk']).reverse(),
    }));
    const response = await invoke({ method: 'GET', path: '/cases', staffId: 'tonglu-office', query: { jurisdiction: '330122' } });
    expect(response.status).toBe(200);
    const numbers = response.body.items.map((i: { caseNumber: string }) => i.caseNumber);
    expect(numbers).toContain('330122-2026-000106');
    expect(numbers).not.toContain('330122-2026-000107');
    expect(numbers).toHaveLength(6);
  });
});
