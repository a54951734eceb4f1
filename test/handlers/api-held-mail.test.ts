import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, QueryCommand, ScanCommand, UpdateCommand, type BatchGetCommandInput, type QueryCommandInput, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { CaseReindexer } from '../../shared/adapters/dynamodb/reindex.js';
import { apiTestBed } from '../fixtures/api-handler.js';
import { keyOf, standInTable, type Item } from '../fixtures/stand-in-table.js';
import { heldId, type HeldEmail } from '../../shared/app/held-mail.js';
import { heldMailKey, heldWaitingEntry } from '../../shared/adapters/dynamodb/keys.js';

/*
 * 疑似广告 through the API: what waits is listed oldest first and a page at a time however many there
 * are, the decided ones only when asked for; another office sees and decides none of it; 登记 and
 * 确认无效 pressed at once: one wins, the other is told why in Chinese; every read and decision is on
 * the office's trail, by id, never the text.
 */
const { dynamo, sqs, invoke } = apiTestBed({ now: '2026-12-07T08:00:00Z' });
const s3 = mockClient(S3Client);
const { table, serve } = standInTable(dynamo);

/** The table's conditional update of a held email, its byUnit index (oldest first, by pages) and reads by key, as DynamoDB answers them. */
function serveHeldMail() {
  dynamo.on(UpdateCommand).callsFake((input: UpdateCommandInput) => {
    const current = table.get(keyOf(input.Key!));
    const values = input.ExpressionAttributeValues!;
    if (values[':gsi2pk']) {
      // npm run reindex: the waiting list's entry, only for one still waiting without it.
      if (current?.gsi2pk || (current?.status !== 'held' && current?.status !== 'registerRequested')) throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
      table.set(keyOf(current), { ...current, gsi2pk: values[':gsi2pk'], gsi2sk: values[':gsi2sk'] });
      return {};
    }
    if (current?.status !== values[':from']) throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    const set = Object.fromEntries(Object.entries(input.ExpressionAttributeNames!).map(([alias, name]) => [name, values[`:${alias.slice(1)}`]]));
    const next: Item = { ...current, ...set };
    if (/REMOVE gsi2pk, gsi2sk/.test(input.UpdateExpression!)) {
      delete next.gsi2pk;
      delete next.gsi2sk;
    }
    table.set(keyOf(next), next);
    return {};
  });
  dynamo.on(QueryCommand).callsFake((input: QueryCommandInput) => {
    const value = input.ExpressionAttributeValues![':pk'];
    if (input.IndexName === 'byUnit') {
      const all = [...table.values()].filter((item) => item.gsi2pk === value).sort((a, b) => String(a.gsi2sk).localeCompare(String(b.gsi2sk)));
      const start = input.ExclusiveStartKey ? all.findIndex((item) => item.gsi2sk === input.ExclusiveStartKey!.gsi2sk) + 1 : 0;
      const page = all.slice(start, start + (input.Limit ?? all.length));
      const more = start + page.length < all.length;
      return { Items: page.map(({ pk, sk, gsi2pk, gsi2sk }) => ({ pk, sk, gsi2pk, gsi2sk })), ...(more ? { LastEvaluatedKey: page.at(-1) } : {}) };
    }
    if (input.IndexName) return { Items: [] };
    // The decided ones: the partition newest first, filtered.
    const decided = [...table.values()]
      .filter((item) => item.pk === value && String(item.sk).startsWith('MAIL#') && (item.status === 'registered' || item.status === 'dismissed'))
      .sort((a, b) => String(b.sk).localeCompare(String(a.sk)));
    return { Items: decided };
  });
  dynamo.on(BatchGetCommand).callsFake((input: BatchGetCommandInput) => {
    const [name, request] = Object.entries(input.RequestItems!)[0]!;
    return { Responses: { [name]: (request.Keys ?? []).flatMap((key: Item) => table.get(keyOf(key)) ?? []) } };
  });
}

beforeEach(() => {
  serve();
  serveHeldMail();
  s3.reset();
  s3.on(HeadObjectCommand).resolves({});
  sqs.on(GetQueueUrlCommand).resolves({ QueueUrl: 'https://sqs.example/intake' });
  sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { QueueArn: 'arn:aws:sqs:cn-north-1:000000000000:intake', ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' } });
  sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
});

/** An advertisement held for 桐庐县 at 08:00 China time on 1 December plus `minutes`. */
function hold(minutes: number, status: HeldEmail['status'] = 'held'): HeldEmail {
  const receivedAt = new Date(Date.parse('2026-12-01T00:00:00.000Z') + minutes * 60_000).toISOString();
  const item: HeldEmail = {
    id: heldId(receivedAt, `<ad-${minutes}@shuiwu-fuwu.example>`),
    office: '330122',
    reason: 'advertising',
    signs: ['代开各类发票'],
    rawKey: `raw/tonglu@xf.example/ad${String(minutes).padStart(38, '0')}`,
    receivedAt,
    heldAt: receivedAt,
    idempotencyKey: `<ad-${minutes}@shuiwu-fuwu.example>`,
    subject: `代开发票 第${minutes}封`,
    from: `kaipiao${minutes}@shuiwu-fuwu.example`,
    excerpt: '本公司常年代开各类发票。',
    status,
  };
  const stored = { ...heldMailKey(item.office, item.id), entity: 'heldEmail', ...item, ...(status === 'held' || status === 'registerRequested' ? heldWaitingEntry(item.office, item.id) : {}) };
  table.set(keyOf(stored), stored);
  return item;
}

const list = (query: Record<string, string> = {}, staffId = 'tonglu-office') => invoke({ method: 'GET', path: '/held-mail', staffId, query: { office: '330122', ...query } });
const decide = (item: HeldEmail, decision: 'register' | 'dismiss', staffId = 'tonglu-office') => invoke({ method: 'POST', path: `/held-mail/330122/${item.id}/${decision}`, staffId });
const trail = () =>
  [...table.values()]
    .filter((item) => item.pk === 'AUDIT#held-mail#330122')
    .map(({ actor, action, outcome, detail }) => ({ actor, action, outcome, detail }))
    // One frozen clock: entries of the same moment, in no order.
    .sort((a, b) => String(a.action).localeCompare(String(b.action)));

describe('疑似广告 waiting for the office', () => {
  it('lists only what waits, oldest first, every one reachable page by page; the decided ones when asked for', async () => {
    // 70 waiting, stored newest first; two decided among them.
    const waiting = Array.from({ length: 70 }, (_, i) => 70 - i).map((minutes) => hold(minutes));
    const registered = hold(200, 'registered');
    const dismissed = hold(201, 'dismissed');

    const first = await list();
    expect(first.status).toBe(200);
    expect(first.body.waiting).toBe(70);
    expect(first.body.items).toHaveLength(50);
    expect(first.body.items[0].subject).toBe('代开发票 第1封');
    const second = await list({ cursor: first.body.cursor });
    expect(second.body.cursor).toBeUndefined();
    const seen = [...first.body.items, ...second.body.items].map((item: HeldEmail) => item.id);
    expect(seen).toEqual(waiting.map((item) => item.id).reverse());

    const decided = await list({ status: 'decided' });
    expect(decided.body.items.map((item: HeldEmail) => item.id)).toEqual([dismissed.id, registered.id]);
  });

  it('puts one held before the waiting list was kept on it when the operator reindexes', async () => {
    const item = hold(1);
    const { gsi2pk: _pk, gsi2sk: _sk, ...before } = table.get(keyOf(heldMailKey('330122', item.id)))!;
    table.set(keyOf(before), before);
    expect((await list()).body).toMatchObject({ items: [], waiting: 0 });
    dynamo.on(ScanCommand).callsFake(() => ({ Items: [...table.values()].filter((i) => i.entity === 'heldEmail' && !i.gsi2pk) }));
    const reindexer = new CaseReindexer(new DynamoDBClient({ region: 'ap-east-1', endpoint: 'http://127.0.0.1:9' }), 'xinfang-test-cases');
    expect(await reindexer.heldPage()).toEqual({ added: 1 });
    expect((await list()).body).toMatchObject({ items: [{ id: item.id }], waiting: 1 });
  });

  it('takes a dismissed one off what waits', async () => {
    const item = hold(1);
    hold(2);
    expect((await decide(item, 'dismiss')).body.heldEmail).toMatchObject({ status: 'dismissed', decidedBy: 'tonglu-office' });
    const after = await list();
    expect(after.body.waiting).toBe(1);
    expect(after.body.items.map((i: HeldEmail) => i.id)).not.toContain(item.id);
  });

  it('shows another office nothing and lets it decide nothing (403), and the attempts are on the trail', async () => {
    const item = hold(1);
    expect((await list({}, 'chunan-office')).status).toBe(403);
    expect((await decide(item, 'register', 'chunan-office')).status).toBe(403);
    expect((await decide(item, 'dismiss', 'chunan-office')).status).toBe(403);
    expect(table.get(keyOf(heldMailKey('330122', item.id)))).toMatchObject({ status: 'held' });
    expect(sqs.commandCalls(SendMessageCommand)).toEqual([]);
    expect(trail()).toEqual([
      { actor: 'chunan-office', action: 'dismiss:held-mail', outcome: 'denied', detail: 'dismiss:held-mail' },
      { actor: 'chunan-office', action: 'read:held-mail', outcome: 'denied', detail: 'read:held-mail' },
      { actor: 'chunan-office', action: 'register:held-mail', outcome: 'denied', detail: 'register:held-mail' },
    ]);
  });

  it('registers or dismisses, pressed at once: one wins, the other is refused in Chinese (409)', async () => {
    const item = hold(1);
    const [registered, dismissed] = await Promise.all([decide(item, 'register'), decide(item, 'dismiss', 'tonglu-registrar')]);
    const statuses = [registered.status, dismissed.status].sort();
    expect(statuses).toEqual([202, 409].sort());
    const stored = table.get(keyOf(heldMailKey('330122', item.id)))!;
    if (registered.status === 202) {
      expect(stored.status).toBe('registerRequested');
      expect(dismissed.body.error.messageZh).toBe('该邮件已登记为信访事项，不能确认无效');
      expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(1);
    } else {
      expect(stored.status).toBe('dismissed');
      expect(registered.body.error.messageZh).toBe('该邮件已确认无效，不能再登记');
      expect(sqs.commandCalls(SendMessageCommand)).toEqual([]);
    }
  });

  it('writes who read the list and who decided which, by id, never the text', async () => {
    const first = hold(1);
    const second = hold(2);
    await list();
    await decide(first, 'register');
    await decide(second, 'dismiss', 'tonglu-registrar');
    expect(trail()).toEqual([
      { actor: 'tonglu-registrar', action: 'dismiss:held-mail', outcome: 'allowed', detail: second.id },
      { actor: 'tonglu-office', action: 'read:held-mail', outcome: 'allowed', detail: `waiting: ${first.id},${second.id}` },
      { actor: 'tonglu-office', action: 'register:held-mail', outcome: 'allowed', detail: first.id },
    ]);
    const written = JSON.stringify([...table.values()].filter((item) => String(item.pk).startsWith('AUDIT#')));
    expect(written).not.toContain('代开发票');
    expect(written).not.toContain('shuiwu-fuwu.example');
  });
});
