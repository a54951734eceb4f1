import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalSystem } from '../../local/system.js';
import { parkStoredEmail } from './parked-email.js';
import { letter, loginAs, removeDir, startTestSystem, until, type ApiClient } from './helpers.js';

/**
 * Administration against the local system: the configuration as loaded, the
 * queues with their dead-letter queues, redriving one and replaying a stored
 * email through the same use cases as `npm run redrive` / `npm run replay`,
 * each written to the administration trail; and a case's trail filtered.
 */
let system: LocalSystem;
let dataDir: string;
let admin: ApiClient;
let office: ApiClient;
let registrar: ApiClient;

beforeAll(async () => {
  ({ system, dataDir } = await startTestSystem({ console: 'off' }));
  [admin, office, registrar] = await Promise.all([loginAs(system.apiUrl, 'zj-admin'), loginAs(system.apiUrl, 'tonglu-office'), loginAs(system.apiUrl, 'tonglu-registrar')]);
}, 60_000);

afterAll(async () => {
  await system?.close();
  removeDir(dataDir);
});

type Entry = { actor: string; action: string; outcome: string; detail?: string; at: string };

async function casesOf(jurisdiction: string): Promise<{ caseNumber: string; subject?: string }[]> {
  const page = await office.call('GET', `/cases?jurisdiction=${jurisdiction}&status=any&limit=100`);
  expect(page.status).toBe(200);
  return page.body.items;
}

describe('who may administer', () => {
  it('refuses every administration route to the petitions office with 403, does nothing, and writes the refused redrive to the trail', async () => {
    for (const [method, path, body] of [
      ['GET', '/admin/configuration'],
      ['GET', '/admin/queues'],
      ['GET', '/admin/audit'],
      ['POST', '/admin/queues/intake/redrive'],
      ['POST', '/admin/replay', { key: 'raw/xinfang@tonglu.petitions.example/anything' }],
    ] as const) {
      const res = await office.call(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.code).toBe('OutOfScope');
    }
    const trail = await admin.call('GET', '/admin/audit?outcome=denied');
    expect(trail.status).toBe(200);
    expect(trail.body.entries.map((e: Entry) => [e.actor, e.action, e.outcome])).toEqual([
      ['tonglu-office', 'replay', 'denied'],
      ['tonglu-office', 'redrive:intake', 'denied'],
    ]);
  });
});

describe('the configuration as loaded', () => {
  it('shows tree, units, staff and roles, limits, keywords, chain and calendar years, without any contact data', async () => {
    const res = await admin.call('GET', '/admin/configuration');
    expect(res.status).toBe(200);
    const { configuration } = res.body;
    expect(configuration.province).toEqual({ code: '330000', name: system.province.config.province.name });
    const tonglu = configuration.jurisdictions.find((j: { code: string }) => j.code === '330122');
    expect(tonglu).toMatchObject({ name: '桐庐县', level: 'county', parent: '330100', office: { name: '桐庐县信访局' } });
    expect(tonglu.units).toContainEqual(expect.objectContaining({ id: '330122-housing', name: '桐庐县住房和城乡建设局', department: 'housing' }));
    expect(configuration.staff).toContainEqual({ id: 'zj-admin', name: '蒋文博', jurisdiction: '330000', roles: ['administrator'] });
    expect(configuration.timeLimits.defaults.handling).toEqual({ days: 60, count: 'calendar' });
    expect(configuration.routing.province).toContainEqual(expect.objectContaining({ department: 'humanResourcesSocialSecurity', keywords: expect.arrayContaining(['欠薪']) }));
    expect(configuration.escalation.chain[0]).toBe('handlingOfficial');
    expect(configuration.calendars.map((y: { year: number }) => y.year)).toEqual(system.province.calendar.years());
    expect(configuration.calendars.find((y: { year: number }) => y.year === 2026).holidays).toContainEqual(expect.objectContaining({ name: '国庆节' }));
    expect(JSON.stringify(res.body)).not.toContain('@');
  });

  it('lists an open case whose handling clock runs into a year without a calendar, and the year it waits for', async () => {
    const created = await registrar.call('POST', '/cases', letter({ receivedAt: new Date(Date.now() - 60_000).toISOString() }));
    expect(created.status).toBe(201);
    const caseNumber = created.body.case.caseNumber as string;
    await until('the router done with it', async () => (await office.call('GET', `/cases/${caseNumber}`)).body.events.length > 1 || undefined);
    const accepted = await office.call('POST', `/cases/${caseNumber}/accept`, {});
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const deadline = accepted.body.case.deadlines.handling as string;
    const res = await admin.call('GET', '/admin/configuration');
    const covered: number[] = res.body.configuration.calendars.map((y: { year: number }) => y.year);
    const year = new Date(Date.parse(deadline) + 8 * 3_600_000).getUTCFullYear();
    expect(covered).not.toContain(year);
    expect(res.body.provisional.waitingFor).toContain(year);
    expect(res.body.provisional.cases).toContainEqual({ caseNumber, jurisdiction: '330122', status: 'accepted', clocks: [{ clock: 'handling', deadline }] });
  });
});

describe('queues, redrive and replay', () => {
  it('shows a parked email in the intake DLQ, redrives it, and the case appears; the trail says who redrove what', async () => {
    const { key } = await parkStoredEmail(system, { from: '"钱海峰" <qianhaifeng@qq.example>', subject: '关于小区停车位被占用的反映', text: '小区停车位长期被外来车辆占用，物业不管，请求处理。' });
    const before = await admin.call('GET', '/admin/queues');
    expect(before.status).toBe(200);
    expect(before.body.queues.map((q: { queue: string }) => q.queue)).toEqual(['intake', 'intakeUrgent', 'routing', 'handoff', 'notifyUrgent', 'notify', 'notifyRoutine', 'feedback']);
    expect(before.body.queues[0]).toMatchObject({ queue: 'intake', maxReceiveCount: 5, deadLetters: { waiting: 1, inFlight: 0, redriving: false } });

    const redriven = await admin.call('POST', '/admin/queues/intake/redrive');
    expect(redriven).toEqual({ status: 200, body: { queue: 'intake', outcome: 'started', moving: 1 } });
    const found = await until('the redriven email registered', async () => (await casesOf('330122')).find((c) => c.subject === '关于小区停车位被占用的反映'));
    expect(found.caseNumber).toMatch(/^330122-\d{4}-\d{6}$/);
    const after = await admin.call('GET', '/admin/queues');
    expect(after.body.queues[0].deadLetters.waiting).toBe(0);
    expect((await admin.call('POST', '/admin/queues/intake/redrive')).body).toEqual({ queue: 'intake', outcome: 'empty' });

    const trail = await admin.call('GET', '/admin/audit?actor=zj-admin&action=redrive:intake');
    expect(trail.body.entries.map((e: Entry) => [e.action, e.outcome])).toEqual([
      ['redrive:intake', 'allowed'],
      ['redrive:intake', 'allowed'],
    ]);
    // Replaying the same stored email again is safe: intake knows it, no second case.
    const replayed = await admin.call('POST', '/admin/replay', { key });
    expect(replayed).toEqual({ status: 202, body: { key, bucket: system.resources.bucketName } });
    const [entry] = (await admin.call('GET', '/admin/audit?action=replay')).body.entries as Entry[];
    expect(entry).toMatchObject({ actor: 'zj-admin', action: 'replay', outcome: 'allowed', detail: key });
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await casesOf('330122')).filter((c) => c.subject === '关于小区停车位被占用的反映')).toHaveLength(1);
  });

  it('refuses a replay of a key outside raw/, or of nothing stored, saying why at body.key; and an unknown queue by name', async () => {
    const outside = await admin.call('POST', '/admin/replay', { key: 'attachments/330122-2026-000001/1' });
    expect(outside.status).toBe(400);
    expect(outside.body.error.issues).toEqual([expect.objectContaining({ path: 'body.key', message: expect.stringContaining('is not a raw message key') })]);
    const missing = await admin.call('POST', '/admin/replay', { key: 'raw/xinfang@tonglu.petitions.example/never-stored' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.issues).toEqual([expect.objectContaining({ path: 'body.key', message: `no stored email under this key in ${system.resources.bucketName}` })]);
    const unknown = await admin.call('POST', '/admin/queues/outbox/redrive');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.issues[0]).toMatchObject({ path: 'path.queue', message: expect.stringContaining('intake, intakeUrgent, routing, handoff, notifyUrgent, notify, notifyRoutine, feedback') });
  });
});

describe("a case's audit trail, filtered", () => {
  it('answers only the entries of the staff member, action and outcome asked for, newest first; a bad filter is refused by name', async () => {
    const created = await registrar.call('POST', '/cases', letter({ receivedAt: new Date(Date.now() - 60_000).toISOString() }));
    const caseNumber = created.body.case.caseNumber as string;
    await office.call('GET', `/cases/${caseNumber}`);
    await office.call('GET', `/cases/${caseNumber}`);
    const stranger = await loginAs(system.apiUrl, 'chunan-office');
    expect((await stranger.call('GET', `/cases/${caseNumber}`)).status).toBe(404);

    const reads = await office.call('GET', `/cases/${caseNumber}/audit?actor=tonglu-office&action=read`);
    expect(reads.status).toBe(200);
    expect(reads.body.entries.map((e: Entry) => [e.actor, e.action, e.outcome])).toEqual([
      ['tonglu-office', 'read', 'allowed'],
      ['tonglu-office', 'read', 'allowed'],
    ]);
    expect(reads.body.truncated).toBe(false);
    const denied = await office.call('GET', `/cases/${caseNumber}/audit?outcome=denied`);
    expect(denied.body.entries.map((e: Entry) => [e.actor, e.action])).toEqual([['chunan-office', 'read']]);
    const all = await office.call('GET', `/cases/${caseNumber}/audit?limit=2`);
    expect(all.body.entries).toHaveLength(2);
    expect(all.body.truncated).toBe(true);
    expect(all.body.entries[0].at >= all.body.entries[1].at).toBe(true);

    const bad = await office.call('GET', `/cases/${caseNumber}/audit?outcome=maybe&actor=Not%20A%20Staff%20Id`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['query.actor', 'query.outcome']);
  });
});
