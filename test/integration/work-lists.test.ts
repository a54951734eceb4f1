import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalSystem } from '../../local/system.js';
import { chinaDate } from '../../shared/domain/case-number.js';
import { letter, loginAs, removeDir, startTestSystem, until, type ApiClient } from './helpers.js';

/**
 * 工作台 against the local system: each staff member gets the lists of their
 * role, counts that match what the lists show, clocks in working days, and
 * the search by a petitioner's phone number that leaves a trace in the audit.
 */
let system: LocalSystem;
let dataDir: string;
let registrar: ApiClient;
let office: ApiClient;
let housing: ApiClient;
let hrss: ApiClient;
let leader: ApiClient;

beforeAll(async () => {
  ({ system, dataDir } = await startTestSystem());
  [registrar, office, housing, hrss, leader] = await Promise.all([
    loginAs(system.apiUrl, 'tonglu-registrar'),
    loginAs(system.apiUrl, 'tonglu-office'),
    loginAs(system.apiUrl, 'tonglu-housing-handler'),
    loginAs(system.apiUrl, 'tonglu-hrss-handler'),
    loginAs(system.apiUrl, 'tonglu-leader-petitions'),
  ]);
}, 60_000);

afterAll(async () => {
  await system?.close();
  removeDir(dataDir);
});

const execFileAsync = promisify(execFile);
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();

async function register(overrides: Record<string, unknown>): Promise<string> {
  const created = await registrar.call('POST', '/cases', letter(overrides));
  expect(created.status).toBe(201);
  return created.body.case.caseNumber as string;
}

type Item = {
  caseNumber: string;
  triage?: boolean;
  urgent?: boolean;
  lead?: string;
  nextDueAt?: string;
  clock?: { overdue: boolean; workingDaysLeft?: number; daysOverdue?: number };
  escalation?: { step: string; steps: number; since: string };
  review?: { level: number; jurisdiction: string; requestedAt: string };
  superiors?: { office: string; relation: string }[];
};

/** Every case of a list, page after page with its cursor. */
async function wholeList(client: ApiClient, list: string): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.call('GET', `/work-lists/${list}?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    items.push(...(page.body.items as Item[]));
    cursor = page.body.cursor;
  } while (cursor);
  return items;
}

describe('work lists', () => {
  let triaged: { overdue: string; dueSoon: string; fresh: string };
  /** Due last of the triage, but a threat to a life (marked 紧急 by the registrar). */
  let urgentTriaged: string;
  let assigned: string;

  beforeAll(async () => {
    // Acceptance is due 15 calendar days after receipt (moved to the next working day if it falls on a day off):
    // received 20 days ago is overdue; 15 days ago is due today or on the next working day.
    triaged = {
      overdue: await register({ receivedAt: daysAgo(20), subject: '久拖未决' }),
      dueSoon: await register({ receivedAt: daysAgo(15), subject: '临近期限' }),
      fresh: await register({ receivedAt: daysAgo(0), subject: '今日来信', petitioner: { name: '李娜', phone: '13900002222' } }),
    };
    urgentTriaged = await register({ receivedAt: daysAgo(0), subject: '扬言跳桥', urgent: true });
    assigned = await register({ receivedAt: daysAgo(0), subject: '物业费纠纷', matter: '小区物业乱收物业费，请求查处。' });
    for (const n of [...Object.values(triaged), urgentTriaged]) {
      await until(`the router's triage of ${n}`, async () => (await office.call('GET', `/cases/${n}`)).body.case.triage);
    }
    await until(`the assignment of ${assigned}`, async () => (await office.call('GET', `/cases/${assigned}`)).body.case.handling?.lead);
  }, 90_000);

  it('gives the office its triage, intake and deadline lists, and a unit its own', async () => {
    const lists = async (client: ApiClient) => ((await client.call('GET', '/work-lists')).body.lists as { list: string }[]).map((l) => l.list);
    expect(await lists(office)).toEqual(['triage', 'awaitingAcceptance', 'awaitingAssignment', 'newlyRegistered', 'reviewsAwaiting', 'returnRequests', 'supervising', 'lettersToPost', 'lettersToPhone', 'followUpsDue', 'handledByMe', 'overdue', 'dueSoon']);
    expect(await lists(housing)).toEqual(['unitOpen', 'handledByMe', 'cooperating', 'overdue', 'dueSoon']);
    expect(await lists(registrar)).toEqual(['newlyRegistered', 'lettersToPost', 'lettersToPhone', 'followUpsDue', 'handledByMe', 'overdue', 'dueSoon']);
    // 待签发 only while a letter waits for them (none: this office requires no sign-off).
    expect(await lists(leader)).toEqual(['extensionRequests', 'leaderReadings', 'escalated', 'urgent', 'reviewsAwaiting', 'ownedCases', 'newlyRegistered', 'overdue', 'dueSoon']);
    // Another role's list is refused, not answered empty.
    expect((await housing.call('GET', '/work-lists/triage')).status).toBe(403);
    expect((await office.call('GET', '/work-lists/everything')).status).toBe(400);
  });

  it('gives a handling official (承办人) the cases they claimed under 我承办的, not their colleague’s, until answered', async () => {
    const head = await loginAs(system.apiUrl, 'tonglu-housing-head');
    const route = async (n: string) => {
      await until(`the router's triage of ${n}`, async () => (await office.call('GET', `/cases/${n}`)).body.case.triage);
      expect([200, 202]).toContain((await office.call('POST', `/cases/${n}/route`, { lead: '330122-housing' })).status);
      await until(`${n} on 本单位在办`, async () => (await wholeList(housing, 'unitOpen')).some((c) => c.caseNumber === n));
    };
    const hers = await register({ receivedAt: daysAgo(0), subject: '承办测试一', matter: '我想反映一件事情，请领导关注。' });
    const his = await register({ receivedAt: daysAgo(0), subject: '承办测试二', matter: '我想反映一件事情，请领导关注。' });
    await route(hers);
    await route(his);
    expect((await housing.call('POST', `/cases/${hers}/claim`, {})).status).toBe(200);
    expect((await head.call('POST', `/cases/${his}/claim`, {})).status).toBe(200);
    const mine = async (client: ApiClient) => (await wholeList(client, 'handledByMe')).map((c) => c.caseNumber);
    // Both are the unit's (本单位在办); each official's own list has only what they took on.
    expect((await wholeList(housing, 'unitOpen')).map((c) => c.caseNumber)).toEqual(expect.arrayContaining([hers, his]));
    expect(await mine(housing)).toContain(hers);
    expect(await mine(housing)).not.toContain(his);
    expect(await mine(head)).toEqual(expect.arrayContaining([his]));
    expect(await mine(head)).not.toContain(hers);
    // The count matches the list.
    const counted = ((await housing.call('GET', '/work-lists')).body.lists as { list: string; count: number }[]).find((l) => l.list === 'handledByMe');
    expect(counted?.count).toBe((await mine(housing)).length);
    // Claimed by the colleague, it moves to their list.
    expect((await head.call('POST', `/cases/${hers}/claim`, {})).status).toBe(200);
    expect(await mine(housing)).not.toContain(hers);
    expect(await mine(head)).toEqual(expect.arrayContaining([hers, his]));
    // Answered, it leaves the list.
    expect((await head.call('POST', `/cases/${his}/conclude`, { facts: '经查属实。', basis: '《物业管理条例》', decision: '已督促整改。', outcome: 'supported' })).status).toBe(200);
    expect(await mine(head)).toContain(his);
    expect((await head.call('POST', `/cases/${his}/reply`)).status).toBe(200);
    expect(await mine(head)).not.toContain(his);
  }, 60_000);

  it('puts a case on the 协办事项 list of the unit asked to cooperate, not on its own 在办', async () => {
    const n = await register({ receivedAt: daysAgo(0), subject: '协办测试', matter: '我想反映一件事情，请领导关注。' });
    await until(`the router's triage of ${n}`, async () => (await office.call('GET', `/cases/${n}`)).body.case.triage);
    const routed = await office.call('POST', `/cases/${n}/route`, { lead: '330122-housing', cooperating: ['330122-hrss'] });
    expect([200, 202]).toContain(routed.status);
    await until(`${n} on 330122-hrss's 协办事项`, async () => (await wholeList(hrss, 'cooperating')).some((c) => c.caseNumber === n));
    expect((await wholeList(hrss, 'cooperating')).find((c) => c.caseNumber === n)).toMatchObject({ lead: '330122-housing' });
    expect((await wholeList(hrss, 'unitOpen')).map((c) => c.caseNumber)).not.toContain(n);
  });

  it('puts a case the city handed down (交办) on the city’s 交办督办件 until it is answered and reported', async () => {
    const city = await loginAs(system.apiUrl, 'hz-office');
    const n = await register({ receivedAt: daysAgo(0), subject: '交办测试', matter: '我想反映一件事情，请领导关注。' });
    await until(`the router's triage of ${n}`, async () => (await office.call('GET', `/cases/${n}`)).body.case.triage);
    expect([200, 202]).toContain((await city.call('POST', `/cases/${n}/route`, { lead: '330122-housing' })).status);
    await until(`${n} on 杭州市's 交办督办件`, async () => (await wholeList(city, 'supervising')).some((c) => c.caseNumber === n));
    expect((await city.call('GET', '/work-lists')).body.lists).toContainEqual(expect.objectContaining({ list: 'supervising', count: expect.any(Number) }));
    // The county's own office does not supervise its own case.
    expect((await wholeList(office, 'supervising')).map((c) => c.caseNumber)).not.toContain(n);
    // Both the city's list and the unit's say the city handed it down (市交办件).
    expect((await wholeList(city, 'supervising')).find((c) => c.caseNumber === n)?.superiors).toEqual([{ office: '330100', relation: 'assigned' }]);
    expect((await wholeList(housing, 'unitOpen')).find((c) => c.caseNumber === n)?.superiors).toEqual([{ office: '330100', relation: 'assigned' }]);

    const concluded = await housing.call('POST', `/cases/${n}/conclude`, { facts: '经查属实。', basis: '《物业管理条例》', decision: '已督促整改。', outcome: 'supported' });
    expect(concluded.status).toBe(200);
    expect((await wholeList(city, 'supervising')).map((c) => c.caseNumber)).toContain(n);
    expect((await housing.call('POST', `/cases/${n}/reply`)).status).toBe(200);
    expect((await wholeList(city, 'supervising')).map((c) => c.caseNumber)).not.toContain(n);
  });

  it('lists the triage cases urgent first, then soonest due first, and counts what it lists', async () => {
    const triage = await wholeList(office, 'triage');
    const ours = triage.map((c) => c.caseNumber).filter((n) => [...Object.values(triaged), urgentTriaged].includes(n));
    expect(ours).toEqual([urgentTriaged, triaged.overdue, triaged.dueSoon, triaged.fresh]);
    // Every urgent case before every other.
    const urgency = triage.map((c) => Boolean(c.urgent));
    expect(urgency).toEqual([...urgency].sort((a, b) => Number(b) - Number(a)));
    expect(triage.every((c) => c.triage)).toBe(true);
    expect(triage.map((c) => c.caseNumber)).not.toContain(assigned);

    const counts = (await office.call('GET', '/work-lists')).body.lists as { list: string; count: number }[];
    for (const { list, count } of counts) expect({ list, count }).toEqual({ list, count: (await wholeList(office, list)).length });
  });

  it('shows each clock in working days or days overdue, and puts each case in the deadline list its clock says', async () => {
    const overdue = await wholeList(office, 'overdue');
    const dueSoon = await wholeList(office, 'dueSoon');
    const late = overdue.find((c) => c.caseNumber === triaged.overdue);
    expect(late?.clock).toMatchObject({ overdue: true });
    expect(late?.clock?.daysOverdue).toBe(Math.ceil((Date.now() - Date.parse(late!.nextDueAt!)) / DAY));
    const soon = dueSoon.find((c) => c.caseNumber === triaged.dueSoon);
    expect(soon?.clock?.overdue).toBe(false);
    expect(soon?.clock?.workingDaysLeft).toBeLessThanOrEqual(3);
    for (const c of dueSoon) expect(c.clock?.workingDaysLeft).toBeLessThanOrEqual(3);
    for (const c of overdue) expect(c.clock?.overdue).toBe(true);
    const all = [...overdue, ...dueSoon].map((c) => c.caseNumber);
    expect(all).not.toContain(triaged.fresh);
    expect(all).not.toContain(assigned);
  });

  it('gives the unit its assigned case and nothing of the office’s triage, and another unit nothing of either', async () => {
    const mine = (await wholeList(housing, 'unitOpen')).map((c) => c.caseNumber);
    expect(mine).toContain(assigned);
    expect(mine).not.toContain(triaged.fresh);
    expect((await wholeList(hrss, 'unitOpen')).map((c) => c.caseNumber)).not.toContain(assigned);
    expect((await wholeList(office, 'awaitingAssignment')).map((c) => c.caseNumber)).not.toContain(assigned);
    expect((await wholeList(registrar, 'newlyRegistered')).map((c) => c.caseNumber)).toEqual(expect.arrayContaining([assigned, ...Object.values(triaged)]));
  });

  it('finds a petitioner’s cases by phone however it is written, writes the search to each case’s audit, and shows a unit none of the office’s', async () => {
    const found = await office.call('GET', `/petitioners/cases?contact=${encodeURIComponent('+86 139 0000 2222')}`);
    expect(found.status).toBe(200);
    expect((found.body.items as Item[]).map((c) => c.caseNumber)).toEqual([triaged.fresh]);
    const audit = await office.call('GET', `/cases/${triaged.fresh}/audit`);
    expect(audit.body.entries).toEqual(expect.arrayContaining([expect.objectContaining({ actor: 'tonglu-office', action: 'read:found-by-contact' })]));

    expect((await hrss.call('GET', `/petitioners/cases?contact=13900002222`)).body.items).toEqual([]);
    expect((await office.call('GET', '/petitioners/cases?contact=abc')).status).toBe(400);
  });

  it('finds a petitioner’s cases by name however it is typed, in DynamoDB Local: the one without a contact too, the name before a correction no longer', async () => {
    const byName = async (client: ApiClient, name: string) => {
      const found = await client.call('GET', `/petitioners/cases/by-name?name=${encodeURIComponent(name)}`);
      expect(found.status, JSON.stringify(found.body)).toBe(200);
      return found.body.items as (Item & { petitioner?: { name?: string; address?: string } })[];
    };
    // A letter with a postal address and no contact, then a visit of the same name with a phone.
    const letterOnly = await register({ receivedAt: daysAgo(2), subject: '来信', petitioner: { name: '司马秀英', address: '桐庐县城南街道某小区8幢' } });
    const visit = await register({ channel: 'visit', receivedAt: daysAgo(1), subject: '来访', petitioner: { name: '司马 秀英', phone: '13900007777' } });
    const found = await byName(office, '司马　秀英');
    expect(found.map((c) => c.caseNumber)).toEqual([visit, letterOnly]);
    expect(found[1]!.petitioner).toEqual({ name: '司马秀英', address: '桐庐县城南街道某小区8幢' });
    const audit = await office.call('GET', `/cases/${letterOnly}/audit`);
    expect(audit.body.entries).toEqual(expect.arrayContaining([expect.objectContaining({ actor: 'tonglu-office', action: 'read:found-by-name' })]));
    expect(await byName(hrss, '司马秀英')).toEqual([]);

    const corrected = await registrar.call('POST', `/cases/${letterOnly}/petitioner`, { name: '司徒秀英', reason: '来信落款为司徒秀英，登记时误录' });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    expect((await byName(office, '司马秀英')).map((c) => c.caseNumber)).toEqual([visit]);
    expect((await byName(office, '司徒秀英')).map((c) => c.caseNumber)).toEqual([letterOnly]);
  });

  it('searches a jurisdiction by status and day of registration, closed cases included on request', async () => {
    const today = chinaDate(new Date().toISOString());
    const yesterday = chinaDate(daysAgo(1));
    const search = async (query: string) =>
      ((await office.call('GET', `/cases?jurisdiction=330122&limit=100&${query}`)).body.items as Item[]).map((c) => c.caseNumber);
    expect(await search(`status=any&registeredFrom=${today}&registeredTo=${today}`)).toEqual(expect.arrayContaining([assigned, triaged.fresh]));
    expect(await search(`status=any&registeredTo=${yesterday}`)).not.toContain(assigned);
    expect(await search(`status=assigned&registeredFrom=${today}`)).toContain(assigned);
    expect(await search(`status=assigned&registeredFrom=${today}`)).not.toContain(triaged.fresh);
    expect((await office.call('GET', `/cases?jurisdiction=330122&registeredFrom=${today}&registeredTo=${yesterday}`)).status).toBe(400);
  });

  it('gives a leader the extension requests waiting for them and the urgent cases, and drops a request once decided', async () => {
    const urgent = await register({ receivedAt: daysAgo(0), subject: '楼体开裂', urgent: true });
    const asked = await housing.call('POST', `/cases/${assigned}/extension`, { days: 15, reason: '需委托鉴定机构检测' });
    expect(asked.status).toBe(200);

    const requests = (await wholeList(leader, 'extensionRequests')).map((c) => c.caseNumber);
    expect(requests).toEqual([assigned]);
    expect((await wholeList(leader, 'urgent')).map((c) => c.caseNumber)).toContain(urgent);
    expect((await wholeList(leader, 'urgent')).map((c) => c.caseNumber)).not.toContain(assigned);
    const counts = (await leader.call('GET', '/work-lists')).body.lists as { list: string; count: number }[];
    expect(counts.find((c) => c.list === 'extensionRequests')?.count).toBe(1);
    // A unit's staff and the office do not have the leader's lists.
    expect((await housing.call('GET', '/work-lists/extensionRequests')).status).toBe(403);

    expect((await leader.call('POST', `/cases/${assigned}/extension/decision`, { approve: true })).status).toBe(200);
    expect(await wholeList(leader, 'extensionRequests')).toEqual([]);
  });

  it('puts a review on the list of the level that decides it (its office and leaders), not on the unit’s', async () => {
    const n = await register({ receivedAt: daysAgo(0), subject: '物业维修基金', matter: '小区物业挪用维修基金，请求查处。' });
    await until(`the assignment of ${n}`, async () => (await office.call('GET', `/cases/${n}`)).body.case.handling?.lead);
    const concluded = await housing.call('POST', `/cases/${n}/conclude`, { facts: '经查属实。', basis: '《物业管理条例》。', decision: '责令退还。', outcome: 'supported' });
    expect(concluded.status).toBe(200);
    expect((await housing.call('POST', `/cases/${n}/reply`)).status).toBe(200);
    const requested = await office.call('POST', `/cases/${n}/review-request`, { reason: '信访人不服处理意见，来访申请复查。' });
    expect(requested.status, JSON.stringify(requested.body)).toBe(200);

    const [cityOffice, cityLeader] = await Promise.all([loginAs(system.apiUrl, 'hz-office'), loginAs(system.apiUrl, 'hz-leader-petitions')]);
    for (const client of [cityOffice, cityLeader]) {
      const awaiting = await wholeList(client, 'reviewsAwaiting');
      const item = awaiting.find((c) => c.caseNumber === n);
      expect(item?.review).toMatchObject({ level: 1, jurisdiction: '330100' });
      // The review decision's clock, counted in working days.
      expect(item?.clock?.overdue).toBe(false);
    }
    // The county's own lists no longer hold it: the work is at the city now.
    expect((await wholeList(leader, 'reviewsAwaiting')).map((c) => c.caseNumber)).not.toContain(n);
    expect((await wholeList(housing, 'unitOpen')).map((c) => c.caseNumber)).not.toContain(n);

    const decided = await cityOffice.call('POST', `/cases/${n}/review-decision`, { outcome: 'upheld', facts: '经复查属实。', basis: '《信访工作条例》。', decision: '维持。' });
    expect(decided.status).toBe(200);
    expect((await wholeList(cityOffice, 'reviewsAwaiting')).map((c) => c.caseNumber)).not.toContain(n);
  });

  // Last: it sweeps days ahead, which escalates every overdue case of this file.
  it('gives a leader the overdue cases whose 督办 has reached them, with the step and since when', async () => {
    const sweepAt = async (at: number) => {
      const response = await fetch(`${system.apiUrl}/local/schedules/sweep`, { method: 'POST', body: JSON.stringify({ at: new Date(at).toISOString() }) });
      expect(response.status).toBe(200);
    };
    expect((await wholeList(leader, 'escalated')).map((c) => c.caseNumber)).not.toContain(triaged.overdue);
    // One step a sweep, a day of working time apart (escalationIntervalHours: 24; rest days do not count): 承办人 → (no unit yet) → 信访部门 → 分管领导.
    let item: Item | undefined;
    for (let day = 0; day < 14 && item?.escalation?.step !== 'leaderInCharge'; day += 1) {
      await sweepAt(Date.now() + day * 25 * 3_600_000);
      item = (await office.call('GET', `/work-lists/overdue?limit=100`)).body.items.find((c: Item) => c.caseNumber === triaged.overdue);
    }
    const escalated = (await wholeList(leader, 'escalated')).find((c) => c.caseNumber === triaged.overdue);
    expect(escalated?.escalation).toMatchObject({ step: 'leaderInCharge', steps: 3 });
    expect(Date.parse(escalated!.escalation!.since)).toBeGreaterThan(Date.now());
    // A case not yet overdue has no 督办, so it is not on their list.
    expect((await wholeList(leader, 'escalated')).map((c) => c.caseNumber)).not.toContain(triaged.fresh);
    const counts = (await leader.call('GET', '/work-lists')).body.lists as { list: string; count: number }[];
    expect(counts.find((c) => c.list === 'escalated')?.count).toBe((await wholeList(leader, 'escalated')).length);
  }, 60_000);
});

describe('npm run reindex', () => {
  it('rewrites a case whose work-list key an older release derived, restores a missing 协办 entry, and then finds nothing to do', async () => {
    const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
    const client = new DynamoDBClient({ region: 'us-east-1', endpoint: system.endpoints.dynamodb, credentials });
    const doc = DynamoDBDocumentClient.from(client);
    const table = system.resources.tableName;
    const stale = await register({ receivedAt: daysAgo(1), subject: '一件事情', matter: '我想反映一件事情，请领导关注。' });
    const cooperating = await register({ receivedAt: daysAgo(0), subject: '一件事情', matter: '我想反映一件事情，请领导关注。' });
    for (const n of [stale, cooperating]) await until(`the router's triage of ${n}`, async () => (await office.call('GET', `/cases/${n}`)).body.case.triage);
    expect([200, 202]).toContain((await office.call('POST', `/cases/${cooperating}/route`, { lead: '330122-housing', cooperating: ['330122-hrss'] })).status);
    await until(`${cooperating} on 协办事项`, async () => (await wholeList(hrss, 'cooperating')).some((c) => c.caseNumber === cooperating));
    // As an older release left them: the triage case sorted first of all (after the urgent ones, which go first whatever their key), the cooperating unit without its entry.
    await doc.send(new UpdateCommand({ TableName: table, Key: { pk: `CASE#${stale}`, sk: 'CASE' }, UpdateExpression: 'SET gsi2sk = :old', ExpressionAttributeValues: { ':old': `0000-00-00#${stale}` } }));
    await doc.send(new DeleteCommand({ TableName: table, Key: { pk: `CASE#${cooperating}`, sk: 'COOP#330122-hrss' } }));
    // Claimed before the 我承办的 entries were kept: the claim is on the case, the entry is not.
    expect((await housing.call('POST', `/cases/${cooperating}/claim`, {})).status).toBe(200);
    await doc.send(new DeleteCommand({ TableName: table, Key: { pk: `CASE#${cooperating}`, sk: 'HANDLER' } }));
    expect((await wholeList(housing, 'handledByMe')).map((c) => c.caseNumber)).not.toContain(cooperating);
    const ordinaryTriage = async () => (await wholeList(office, 'triage')).filter((c) => !c.urgent).map((c) => c.caseNumber);
    expect((await ordinaryTriage())[0]).toBe(stale);
    expect((await wholeList(hrss, 'cooperating')).map((c) => c.caseNumber)).not.toContain(cooperating);

    const reindex = () => execFileAsync('npx', ['tsx', 'scripts/reindex.ts', '--endpoint', system.endpoints.dynamodb, '--table', table], { encoding: 'utf8' });
    const first = await reindex();
    // Every other case was current: only the stale one is rewritten.
    expect(first.stdout.match(/^rewrote .*$/gm)).toEqual([`rewrote ${stale}`]);
    expect(first.stdout).toMatch(/ 1 rewritten, 1 协办 entries added, /);
    expect((await ordinaryTriage()).indexOf(stale)).toBeGreaterThan(0);
    expect((await wholeList(hrss, 'cooperating')).map((c) => c.caseNumber)).toContain(cooperating);
    expect(first.stdout).toMatch(/ 1 我承办的 entries added, /);
    expect((await wholeList(housing, 'handledByMe')).map((c) => c.caseNumber)).toContain(cooperating);
    expect((await reindex()).stdout).toMatch(/ 0 我承办的 entries added, /);
    expect((await reindex()).stdout).toMatch(/ 0 rewritten, 0 协办 entries added, /);
  }, 60_000);
});

describe('待阅批 in DynamoDB Local', () => {
  it('puts a case the office submits on the leader’s list by the index, takes it off once read, and reindex restores an entry an older release never wrote', async () => {
    const n = await register({ receivedAt: daysAgo(0), subject: '化工厂夜间偷排废水', matter: '反映城南化工厂夜间向富春江偷排废水，附近村民饮水受影响。' });
    expect((await office.call('POST', `/cases/${n}/leader-reading`, { leader: 'tonglu-leader-petitions', opinion: '拟转县生态环境局牵头核查，请领导阅示。' })).status).toBe(200);
    expect((await wholeList(leader, 'leaderReadings')).map((c) => c.caseNumber)).toContain(n);

    // As an older release left it: submitted, but no entry on the list.
    const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1', endpoint: system.endpoints.dynamodb, credentials }));
    const table = system.resources.tableName;
    await doc.send(new DeleteCommand({ TableName: table, Key: { pk: `CASE#${n}`, sk: 'READING#tonglu-leader-petitions' } }));
    expect((await wholeList(leader, 'leaderReadings')).map((c) => c.caseNumber)).not.toContain(n);
    const reindexed = await execFileAsync('npx', ['tsx', 'scripts/reindex.ts', '--endpoint', system.endpoints.dynamodb, '--table', table], { encoding: 'utf8' });
    expect(reindexed.stdout).toMatch(/ 1 待阅批 entries added, /);
    expect((await wholeList(leader, 'leaderReadings')).map((c) => c.caseNumber)).toContain(n);

    expect((await leader.call('POST', `/cases/${n}/leader-reading/read`, {})).status).toBe(200);
    expect((await wholeList(leader, 'leaderReadings')).map((c) => c.caseNumber)).not.toContain(n);
  }, 60_000);
});

describe('a work-list row', () => {
  it('shows when a letter registered the day after it came was received, and a collective petition with its head count', async () => {
    // A letter of 35 people, received yesterday and registered today: its clocks run from yesterday.
    const received = daysAgo(1);
    const n = await register({ receivedAt: received, subject: '征地补偿款未发放', collective: { headCount: 35, representatives: [] } });
    const row = await until(`${n} on 新登记`, async () => (await wholeList(office, 'newlyRegistered')).find((c) => c.caseNumber === n) as (Item & { receivedAt?: string; registeredAt?: string; collective?: unknown }) | undefined);
    expect(row.receivedAt).toBe(received);
    expect(row.registeredAt! > received).toBe(true);
    expect(row.collective).toEqual({ headCount: 35 });
  }, 30_000);
});

describe('新登记 in DynamoDB Local', () => {
  it('lists a case once by its registration event, still lists one the earlier release kept an item for, and reindex adds an entry only where a case has none', async () => {
    const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1', endpoint: system.endpoints.dynamodb, credentials }));
    const table = system.resources.tableName;
    const listed = async (n: string) => (await wholeList(office, 'newlyRegistered')).filter((c) => c.caseNumber === n).length;
    const event = (n: string) => ({ pk: `CASE#${n}`, sk: 'EVENT#00000001' });
    /** As the release before 7 December 2026 stored it: the entry an item of its own (or, before that, none), not on the event. */
    const asEarlierRelease = async (n: string, withItem: boolean) => {
      const { Item } = await doc.send(new GetCommand({ TableName: table, Key: event(n), ConsistentRead: true }));
      await doc.send(new UpdateCommand({ TableName: table, Key: event(n), UpdateExpression: 'REMOVE gsi2pk, gsi2sk' }));
      if (withItem) {
        await doc.send(new PutCommand({ TableName: table, Item: { pk: `CASE#${n}`, sk: 'REGISTERED', entity: 'registered', caseNumber: n, office: '330122', gsi2pk: Item!.gsi2pk, gsi2sk: Item!.gsi2sk } }));
      }
    };

    const now = await register({ receivedAt: daysAgo(0), subject: '小区电梯长期停运' });
    const kept = await register({ receivedAt: daysAgo(0), subject: '村道路灯损坏无人修' });
    const missing = await register({ receivedAt: daysAgo(0), subject: '农贸市场占道经营' });
    await until(`${missing} on 新登记`, async () => ((await listed(missing)) === 1 ? true : undefined));
    expect(await listed(now)).toBe(1);
    await asEarlierRelease(kept, true);
    await asEarlierRelease(missing, false);
    expect(await listed(kept)).toBe(1);
    expect(await listed(missing)).toBe(0);

    const reindexed = await execFileAsync('npx', ['tsx', 'scripts/reindex.ts', '--endpoint', system.endpoints.dynamodb, '--table', table], { encoding: 'utf8' });
    expect(reindexed.stdout).toMatch(/ 1 新登记 entries added, /);
    for (const n of [now, kept, missing]) expect(await listed(n), n).toBe(1);
  }, 60_000);
});
