import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, type BatchWriteCommandInput, type DeleteCommandInput, type PutCommandInput, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { contactPartition, hashContact, idempotencyKey, notificationKey, threadIndexKey } from '../../shared/adapters/dynamodb/keys.js';
import { DeleteObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client, type DeleteObjectCommandInput, type HeadObjectCommandInput, type ListObjectsV2CommandInput } from '@aws-sdk/client-s3';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { caseItem, representativeContactItem } from '../../shared/adapters/dynamodb/case-store.js';
import { representativeContactsOf } from '../../shared/domain/representatives.js';
import type { Case, CaseMessage } from '../../shared/domain/case.js';
import { handlerEnv } from '../fixtures/handler-env.js';
import { captureLogs } from '../fixtures/log-capture.js';

/**
 * The retention function (daily): removes an archived case once its
 * retention ran out — its items, audit trail and mail objects — with one line
 * in the destruction register, and nothing of any other case. The table and
 * the bucket are small in-memory stand-ins behind the SDK mocks, so a second
 * run sees what the first left.
 */

type Item = Record<string, any>;
const dynamo = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);
const table = new Map<string, Item>();
const bucket = new Map<string, { storedAt: Date }>();
const keyOf = (item: { pk: string; sk: string }) => `${item.pk}\u0000${item.sk}`;
/** Keys whose next delete S3 refuses (throttling), once each. */
const refuseNextDeleteOf = new Set<string>();

/** Run once after the nth read of a partition: a writer that adds to it while the removal runs. */
const afterRead = new Map<string, { nth: number; write: () => void }>();
const reads = new Map<string, number>();

function fakeTable() {
  dynamo.on(QueryCommand).callsFake((input: QueryCommandInput) => {
    const values = input.ExpressionAttributeValues!;
    const pk = String(values[':pk']);
    reads.set(pk, (reads.get(pk) ?? 0) + 1);
    const writer = afterRead.get(pk);
    if (writer && writer.nth === reads.get(pk)) queueMicrotask(writer.write);
    const items = [...table.values()]
      .filter((item) =>
        input.IndexName === 'byDue' ? item.gsi3pk === values[':pk'] && String(item.gsi3sk) < String(values[':below']) : item.pk === values[':pk'],
      )
      .sort((a, b) => (String(input.IndexName ? a.gsi3sk : a.sk) < String(input.IndexName ? b.gsi3sk : b.sk) ? -1 : 1));
    return { Items: items.map((item) => ({ ...item })) };
  });
  dynamo.on(GetCommand).callsFake((input: { Key: { pk: string; sk: string } }) => ({ Item: table.get(keyOf(input.Key)) }));
  dynamo.on(PutCommand).callsFake((input: PutCommandInput) => {
    const item = input.Item as { pk: string; sk: string };
    if (input.ConditionExpression === 'attribute_not_exists(pk)' && table.has(keyOf(item))) {
      throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    }
    table.set(keyOf(item), { ...item });
    return {};
  });
  // A record outside the case's partitions, deleted only where it still names the case (caseNumber = :case).
  dynamo.on(DeleteCommand).callsFake((input: DeleteCommandInput) => {
    const key = keyOf(input.Key as { pk: string; sk: string });
    if (table.get(key)?.caseNumber !== input.ExpressionAttributeValues?.[':case']) throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    table.delete(key);
    return {};
  });
  dynamo.on(BatchWriteCommand).callsFake((input: BatchWriteCommandInput) => {
    for (const request of Object.values(input.RequestItems!).flat()) table.delete(keyOf(request.DeleteRequest!.Key as { pk: string; sk: string }));
    return { UnprocessedItems: {} };
  });
}

function fakeBucket() {
  s3.on(ListObjectsV2Command).callsFake((input: ListObjectsV2CommandInput) => ({
    Contents: [...bucket.entries()].filter(([key]) => key.startsWith(input.Prefix!)).map(([Key, o]) => ({ Key, LastModified: o.storedAt })),
    IsTruncated: false,
  }));
  s3.on(HeadObjectCommand).callsFake((input: HeadObjectCommandInput) => {
    if (!bucket.has(input.Key!)) throw Object.assign(new Error('NotFound'), { name: 'NotFound', $metadata: { httpStatusCode: 404 } });
    return {};
  });
  s3.on(DeleteObjectCommand).callsFake((input: DeleteObjectCommandInput) => {
    if (refuseNextDeleteOf.delete(input.Key!)) throw Object.assign(new Error('SlowDown'), { name: 'SlowDown', $metadata: { httpStatusCode: 503 } });
    bucket.delete(input.Key!);
    return {};
  });
}

let handler: (event: ScheduledEvent, context?: Context) => Promise<Record<string, unknown>>;

beforeAll(async () => {
  for (const [k, v] of Object.entries(handlerEnv('ERROR'))) vi.stubEnv(k, v);
  handler = (await import('../../functions/retention/handler.js')).handler as unknown as typeof handler;
});

beforeEach(() => {
  afterRead.clear();
  reads.clear();
  table.clear();
  bucket.clear();
  fakeTable();
  fakeBucket();
});

afterEach(() => {
  dynamo.reset();
  s3.reset();
});

const at = (time: string): ScheduledEvent => ({
  version: '0',
  id: 'e1',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '000000000000',
  time,
  region: 'ap-east-1',
  resources: ['arn:aws:events:ap-east-1:000000000000:rule/xinfang-test-retention'],
  detail: {},
});

async function run(time: string) {
  const logs = captureLogs();
  try {
    return await handler(at(time));
  } finally {
    logs.restore();
  }
}

/** A petition emailed to 桐庐县信访局 in January 2027 with a photo, as intake stored it. */
function emailedCase(caseNumber: string, overrides: Partial<Case>): { case: Case; rawKey: string; attachmentKey: string } {
  const rawKey = `raw/xinfang@tonglu.gov.example/${caseNumber.slice(-6)}0a1b2c3d`;
  const attachmentKey = `attachments/${caseNumber}/1-楼道照片.jpg`;
  const c: Case = {
    caseNumber,
    jurisdiction: '330122',
    receivingOffice: '330122',
    channel: 'email',
    status: 'assigned',
    subject: '小区楼道堆放杂物存在消防隐患',
    matter: '城南小区3号楼楼道长期堆放杂物，物业不予清理，存在消防隐患。',
    petitioner: { anonymous: false, name: '陈静', email: 'chenjing@qq.example' },
    urgent: false,
    reviewLevel: 0,
    receivedAt: '2027-01-06T01:20:00.000Z',
    registeredAt: '2027-01-06T01:20:02.000Z',
    registeredBy: 'system:intake',
    handling: { lead: '330122-housing', cooperating: [] },
    deadlines: {},
    attachments: [{ id: '1', filename: '楼道照片.jpg', contentType: 'image/jpeg', size: 182_034, key: attachmentKey }],
    version: 3,
    updatedAt: '2027-01-06T01:20:02.000Z',
    ...overrides,
  };
  return { case: c, rawKey, attachmentKey };
}

/** Stores the case as the table and the bucket hold it: its item, events, the email, its audit trail, its objects. */
function store(stored: ReturnType<typeof emailedCase>, extraObjects: string[] = []) {
  const { case: c, rawKey, attachmentKey } = stored;
  const item = caseItem(c);
  table.set(keyOf(item as { pk: string; sk: string }), item);
  for (let seq = 1; seq <= 2; seq++) {
    const event = { pk: `CASE#${c.caseNumber}`, sk: `EVENT#${String(seq).padStart(8, '0')}`, entity: 'event', caseNumber: c.caseNumber, seq, type: seq === 1 ? 'registered' : 'assigned', at: c.registeredAt, actor: 'system:intake' };
    table.set(keyOf(event), event);
  }
  const message: CaseMessage = {
    caseNumber: c.caseNumber,
    id: `<${c.caseNumber}@qq.example>`,
    direction: 'in',
    at: c.receivedAt,
    from: 'chenjing@qq.example',
    to: ['xinfang@tonglu.gov.example'],
    subject: c.subject!,
    text: c.matter,
    rawKey,
    messageIds: [`<${c.caseNumber}@qq.example>`],
    attachments: c.attachments,
    kind: 'petition',
  };
  const messageItem = { pk: `CASE#${c.caseNumber}`, sk: `MSG#${c.receivedAt}#abc`, entity: 'message', ...message };
  table.set(keyOf(messageItem), messageItem);
  const audit = { pk: `AUDIT#${c.caseNumber}`, sk: `${c.registeredAt}#9c1d`, entity: 'audit', caseNumber: c.caseNumber, at: c.registeredAt, actor: 'tonglu-office', action: 'read', outcome: 'allowed' };
  table.set(keyOf(audit), audit);
  for (const key of [rawKey, attachmentKey, ...extraObjects]) bucket.set(key, { storedAt: new Date(c.receivedAt) });
}

/** Reviewed, re-reviewed and archived in December 2027: kept until December 2030. */
const ARCHIVED = { status: 'archived' as const, archive: { at: '2027-12-10T02:00:00.000Z', key: 'archive/330122-2027-000015/file.json', retainUntil: '2030-12-10T02:00:00.000Z' } };
const archivedCase = () => emailedCase('330122-2027-000015', ARCHIVED);
const ARCHIVE_OBJECTS = [
  'archive/330122-2027-000015/file.json',
  'archive/330122-2027-000015/raw/xinfang@tonglu.gov.example/0000150a1b2c3d',
  'archive/330122-2027-000015/attachments/330122-2027-000015/1-楼道照片.jpg',
];
const register = () => [...table.values()].filter((item) => item.entity === 'destruction');
const itemsOf = (caseNumber: string) => [...table.values()].filter((item) => item.pk === `CASE#${caseNumber}` || item.pk === `AUDIT#${caseNumber}`);

describe('the retention function', () => {
  it('keeps everything of an open case, however old its email and attachment: a run in 2030 removes nothing', async () => {
    const open = emailedCase('330122-2027-000011', {});
    store(open);

    const report = await run('2030-01-02T00:00:00Z');

    expect(report).toMatchObject({ due: 0, removed: 0, objectsRemoved: 0, itemsRemoved: 0 });
    expect([...bucket.keys()].sort()).toEqual([open.attachmentKey, open.rawKey].sort());
    expect(itemsOf(open.case.caseNumber)).toHaveLength(5);
    expect(s3.commandCalls(DeleteObjectCommand)).toHaveLength(0);
    expect(register()).toEqual([]);
  });

  it('keeps a merged repeat’s files while the case they were merged into is kept, and removes them with that case', async () => {
    // The repeat (重复件) was declined and archived at once, its words and photo merged into the open case it repeats.
    const holderNumber = '330122-2027-000011';
    const repeat = emailedCase('330122-2027-000020', {
      status: 'archived',
      repeatOf: holderNumber,
      archive: { at: '2027-01-07T02:00:00.000Z', key: 'archive/330122-2027-000020/file.json', retainUntil: '2030-01-07T02:00:00.000Z' },
    });
    store(repeat);
    const holder = emailedCase(holderNumber, {});
    store(holder);
    const merged = { pk: `CASE#${holderNumber}`, sk: 'MSG#2027-01-07T01:00:00.000Z#rep', entity: 'message', caseNumber: holderNumber, id: 'repeat:330122-2027-000020', direction: 'in', at: '2027-01-07T01:00:00.000Z', to: [], subject: '重复件', text: '重复件的内容', messageIds: [], attachments: repeat.case.attachments.map((a) => ({ ...a, id: `330122-2027-000020-${a.id}` })), kind: 'repeat' };
    table.set(keyOf(merged), merged);

    const first = await run('2030-02-01T00:00:00Z');

    expect(first).toMatchObject({ removed: 1 });
    expect(itemsOf(repeat.case.caseNumber)).toEqual([]);
    // Its email went with it; its photo is the open case's material now.
    expect(bucket.has(repeat.rawKey)).toBe(false);
    expect(bucket.has(repeat.attachmentKey)).toBe(true);

    // The case it was merged into is archived and its retention runs out in turn: the photo goes with it.
    store({ ...holder, case: { ...holder.case, ...ARCHIVED, archive: { ...ARCHIVED.archive, key: `archive/${holderNumber}/file.json` } } });
    const second = await run('2031-01-02T00:00:00Z');
    expect(second).toMatchObject({ removed: 1 });
    expect(bucket.has(repeat.attachmentKey)).toBe(false);
    expect([...bucket.keys()]).toEqual([]);
  });

  it('keeps a merged repeat’s files while the repeat itself is kept, when the case they were merged into goes first', async () => {
    // The repeat (重复件) was declined and is kept (filed later than the case it repeats, or not filed yet): its photo is its own material too.
    const holderNumber = '330122-2027-000011';
    const repeat = emailedCase('330122-2027-000020', { status: 'declined', repeatOf: holderNumber });
    store(repeat);
    const holder = emailedCase(holderNumber, { ...ARCHIVED, archive: { ...ARCHIVED.archive, key: `archive/${holderNumber}/file.json` } });
    store(holder);
    const merged = { pk: `CASE#${holderNumber}`, sk: 'MSG#2027-01-07T01:00:00.000Z#rep', entity: 'message', caseNumber: holderNumber, id: 'repeat:330122-2027-000020', direction: 'in', at: '2027-01-07T01:00:00.000Z', to: [], subject: '重复件', text: '重复件的内容', messageIds: [], attachments: repeat.case.attachments.map((a) => ({ ...a, id: `330122-2027-000020-${a.id}` })), kind: 'repeat' };
    table.set(keyOf(merged), merged);

    const report = await run('2031-01-02T00:00:00Z');

    expect(report).toMatchObject({ removed: 1 });
    expect(itemsOf(holderNumber)).toEqual([]);
    expect(bucket.has(holder.attachmentKey)).toBe(false);
    // The repeat is still on file, and so is its photo.
    expect(itemsOf(repeat.case.caseNumber).length).toBeGreaterThan(0);
    expect(bucket.has(repeat.attachmentKey)).toBe(true);

    // Filed in turn, its retention runs out: the photo goes with it.
    store({ ...repeat, case: { ...repeat.case, status: 'archived', archive: { at: '2028-03-01T02:00:00.000Z', key: 'archive/330122-2027-000020/file.json', retainUntil: '2031-03-01T02:00:00.000Z' } } });
    expect(await run('2031-03-02T00:00:00Z')).toMatchObject({ removed: 1 });
    expect(bucket.has(repeat.attachmentKey)).toBe(false);
  });

  it('keeps an archived case within its retention: archived December 2027, still whole in January 2030', async () => {
    store(archivedCase(), ARCHIVE_OBJECTS);

    const report = await run('2030-01-02T00:00:00Z');

    expect(report).toMatchObject({ due: 0, removed: 0, objectsRemoved: 0 });
    expect(bucket.size).toBe(5);
    expect(itemsOf('330122-2027-000015')).toHaveLength(5);
    expect(register()).toEqual([]);
  });

  it('removes an archived case once its retention ran out, with its mail, attachments and archived file, and writes one line in the register', async () => {
    const archived = archivedCase();
    const open = emailedCase('330122-2027-000011', {});
    store(archived, ARCHIVE_OBJECTS);
    store(open);

    const report = await run('2030-12-11T00:00:00Z');

    expect(report).toMatchObject({ due: 1, removed: 1, finished: 0, failed: 0, objectsRemoved: 5, itemsRemoved: 5 });
    expect(itemsOf('330122-2027-000015')).toEqual([]);
    // Nothing outside its partitions names it any more.
    expect([...table.values()].filter((item) => item.caseNumber === '330122-2027-000015' && item.entity !== 'destruction')).toEqual([]);
    // Only that case's objects went: the open case's email and photo are still there.
    expect([...bucket.keys()].sort()).toEqual([open.attachmentKey, open.rawKey].sort());
    expect(itemsOf(open.case.caseNumber)).toHaveLength(5);
    expect(register()).toEqual([
      {
        pk: 'DESTROYED#330122',
        sk: 'CASE#330122-2027-000015',
        entity: 'destruction',
        caseNumber: '330122-2027-000015',
        jurisdiction: '330122',
        status: 'archived',
        archivedAt: '2027-12-10T02:00:00.000Z',
        retentionYears: 3,
        retainUntil: '2030-12-10T02:00:00.000Z',
        removedAt: '2030-12-11T00:00:00.000Z',
        removed: { items: 4, auditEntries: 1, objects: 5 },
      },
    ]);
    // No personal data in the register: no name, address or words of the petition.
    expect(JSON.stringify(register())).not.toMatch(/陈静|chenjing|楼道|消防/);
  });

  it('removes the records outside the case that name it — the letters sent, the thread entries, the email’s idempotency record — but not another case’s', async () => {
    const archived = archivedCase();
    store(archived, ARCHIVE_OBJECTS);
    const n = archived.case.caseNumber;
    // The acknowledgement sent, kept on the case with the Message-ID SES gave it.
    const sent = { pk: `CASE#${n}`, sk: 'MSG#2027-01-06T01:20:05.000Z#ack', entity: 'message', caseNumber: n, id: `ack:${n}`, direction: 'out', at: '2027-01-06T01:20:05.000Z', to: ['chenjing@qq.example'], subject: '受理', text: '…', messageIds: ['<0100ab@email.amazonses.com>'], attachments: [] };
    table.set(keyOf(sent), sent);
    const linked = [
      { ...notificationKey(`ack:${n}`), entity: 'notification', status: 'sent', caseNumber: n },
      { ...threadIndexKey('ses:0100ab'), entity: 'thread', caseNumber: n },
      { ...idempotencyKey(`mail:${n}@qq.example`), entity: 'idempotency', caseNumber: n, outcome: 'registered', thread: true },
    ];
    // The petitioner's email went to two offices: its thread entry there is the other case's, and stays.
    const othersThread = { ...threadIndexKey(`${n}@qq.example`), entity: 'thread', caseNumber: '330100-2027-000003' };
    for (const item of [...linked, othersThread]) table.set(keyOf(item), item);

    const report = await run('2030-12-11T00:00:00Z');

    expect(report).toMatchObject({ removed: 1, itemsRemoved: 6, linkedRemoved: linked.length });
    for (const item of linked) expect(table.has(keyOf(item))).toBe(false);
    expect(table.get(keyOf(othersThread))).toEqual(othersThread);
  });

  it('removes a collective petition’s representatives’ contact entries with it: no representative’s number finds it afterwards', async () => {
    const collective = emailedCase('330122-2027-000015', {
      ...ARCHIVED,
      collective: { headCount: 25, representatives: [{ anonymous: false, name: '王建国', phone: '13700004441' }, { anonymous: false, name: '李秀英', phone: '13700004442', email: 'lixiuying@qq.example' }] },
    });
    store(collective, ARCHIVE_OBJECTS);
    const entries = representativeContactsOf(collective.case).map((contact) => representativeContactItem(collective.case, contact));
    for (const entry of entries) table.set(keyOf(entry as { pk: string; sk: string }), entry);
    expect(entries).toHaveLength(3);

    const report = await run('2030-12-11T00:00:00Z');

    expect(report).toMatchObject({ removed: 1, itemsRemoved: 5 + entries.length });
    expect(itemsOf(collective.case.caseNumber)).toEqual([]);
    // The byContact index holds nothing under any of their contacts any more.
    const partitions = ['phone:13700004441', 'phone:13700004442', 'email:lixiuying@qq.example'].map((contact) => contactPartition(hashContact(contact)));
    expect([...table.values()].filter((item) => partitions.includes(String(item.gsi4pk)))).toEqual([]);
    expect(register()[0]).toMatchObject({ removed: { items: 4 + entries.length, auditEntries: 1 } });
    expect(JSON.stringify(register())).not.toMatch(/王建国|李秀英|1370000444|lixiuying/);
  });

  it('removes what a writer added while the removal ran: an audit entry of a read just then, a change to the case item', async () => {
    store(archivedCase(), ARCHIVE_OBJECTS);
    const n = '330122-2027-000015';
    const read = { pk: `AUDIT#${n}`, sk: '2030-12-11T00:00:01.000Z#late', entity: 'audit', caseNumber: n, at: '2030-12-11T00:00:01.000Z', actor: 'tonglu-office', action: 'read', outcome: 'allowed' };
    const issued = { pk: `CASE#${n}`, sk: 'QUERYCODE', entity: 'queryCode', hash: 'h', salt: 's' };
    // Written just after the removal listed each partition to delete it (its second read; the first counts the items).
    afterRead.set(`AUDIT#${n}`, { nth: 2, write: () => void table.set(keyOf(read), read) });
    afterRead.set(`CASE#${n}`, { nth: 2, write: () => void table.set(keyOf(issued), issued) });

    await run('2030-12-11T00:00:00Z');

    expect(itemsOf(n)).toEqual([]);
  });

  it('the same removal run twice removes nothing more and writes no second line', async () => {
    store(archivedCase(), ARCHIVE_OBJECTS);
    await run('2030-12-11T00:00:00Z');
    const deletes = s3.commandCalls(DeleteObjectCommand).length;
    const puts = dynamo.commandCalls(PutCommand).length;

    const again = await run('2030-12-11T00:00:00Z');

    expect(again).toMatchObject({ due: 0, removed: 0, finished: 0, objectsRemoved: 0, itemsRemoved: 0 });
    expect(s3.commandCalls(DeleteObjectCommand)).toHaveLength(deletes);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(puts);
    expect(register()).toHaveLength(1);
  });

  it('finishes a removal cut short (a delete refused): the next run deletes the rest, and the first line stands alone', async () => {
    store(archivedCase(), ARCHIVE_OBJECTS);
    refuseNextDeleteOf.add(ARCHIVE_OBJECTS[0]!);

    // The run fails (its errors alarm), the case still due: nothing of its records is gone yet.
    await expect(run('2030-12-11T00:00:00Z')).rejects.toMatchObject({ code: 'RemovalsFailed' });
    expect(itemsOf('330122-2027-000015')).toHaveLength(5);
    expect(register()).toHaveLength(1);

    const next = await run('2030-12-12T00:00:00Z');

    expect(next).toMatchObject({ due: 1, removed: 0, finished: 1, failed: 0 });
    expect(itemsOf('330122-2027-000015')).toEqual([]);
    expect(bucket.size).toBe(0);
    expect(register()).toHaveLength(1);
    // The line says when the removal began, with what there was then.
    expect(register()[0]).toMatchObject({ removedAt: '2030-12-11T00:00:00.000Z', removed: { objects: 5 } });
  });
});
