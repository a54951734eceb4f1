import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoCaseStore } from '../../shared/adapters/dynamodb/case-store.js';
import { applyCommand } from '../../shared/domain/lifecycle.js';
import { VersionConflict } from '../../shared/domain/errors.js';
import { freePorts } from '../../local/free-port.js';
import { startLocalSystem, type LocalSystem } from '../../local/system.js';
import { clientFor, letter, loginAs, removeDir, startTestSystem, type ApiClient } from './helpers.js';

const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
let system: LocalSystem;
let dataDir: string;
let registrar: ApiClient; // 杭州市 registrar: covers 桐庐县 and 淳安县

beforeAll(async () => {
  ({ system, dataDir } = await startTestSystem());
  registrar = await loginAs(system.apiUrl, 'hz-registrar');
});

afterAll(async () => {
  await system?.close();
  removeDir(dataDir);
});

describe('registering and reading a letter through the staff API', () => {
  it('registers a letter with a readable number and reads it back with its event', async () => {
    const sent = letter();
    const created = await registrar.call('POST', '/cases', sent);
    expect(created.status).toBe(201);
    const number = created.body.case.caseNumber as string;
    expect(number).toMatch(/^330122-2026-\d{6}$/);
    expect(created.body.case).toMatchObject({ status: 'registered', channel: 'letter', jurisdiction: '330122', version: 1 });
    // 15 calendar days from Friday 20 November end on Saturday 5 December, a rest day: the period runs to Monday 7 December.
    expect(created.body.case.deadlines.acceptance).toBe('2026-12-07T16:00:00.000Z');

    const read = await registrar.call('GET', `/cases/${number}`);
    expect(read.status).toBe(200);
    expect(read.body.case.petitioner).toMatchObject({ name: '张伟', phone: sent.petitioner.phone });
    // The first event is the registration (the router may already have added its own).
    expect(read.body.events[0]).toEqual(expect.objectContaining({ seq: 1, type: 'registered', actor: 'hz-registrar', to: 'registered' }));
  });

  it('gives 50 registrations sent at once to one jurisdiction 50 distinct, consecutive numbers', async () => {
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        registrar.call('POST', '/cases', letter({ jurisdiction: '330127', subject: `第${i + 1}封来信` })),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(201));
    const sequences = responses.map((r) => Number((r.body.case.caseNumber as string).split('-')[2])).sort((a, b) => a - b);
    expect(new Set(sequences).size).toBe(50);
    expect(sequences.at(-1)! - sequences[0]!).toBe(49);
  });

  it('lists a jurisdiction’s cases newest first, page by page, without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await registrar.call('GET', `/cases?jurisdiction=330127&status=registered&limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(7);
      seen.push(...page.body.items.map((i: { caseNumber: string }) => i.caseNumber));
      cursor = page.body.cursor;
      pages += 1;
    } while (cursor && pages < 20);
    expect(seen).toHaveLength(50);
    expect(new Set(seen).size).toBe(50);
    expect(pages).toBe(8);
  });

  it('answers a repeated Idempotency-Key with the first case instead of a second one', async () => {
    const headers = { 'idempotency-key': 'desk-3-2026-11-23-0007' };
    // No address below the city: the router keeps it at the city (a 桐庐县 address would hand it down to 桐庐县).
    const cityLetter = letter({ jurisdiction: '330100', petitioner: { name: '张伟', phone: '138-0000-1111' } });
    const first = await registrar.call('POST', '/cases', cityLetter, headers);
    const again = await registrar.call('POST', '/cases', cityLetter, headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.case.caseNumber).toBe(first.body.case.caseNumber);
    // Whatever the router made of it (the same caller's matter is open at 桐庐县: 第十九条 may decline it), it is one case.
    const listed = await registrar.call('GET', '/cases?jurisdiction=330100&status=any');
    expect(listed.body.items.filter((i: { caseNumber: string }) => i.caseNumber === first.body.case.caseNumber)).toHaveLength(1);
  });
});

describe('refusals a clerk would see', () => {
  it('lists every problem of a bad body with its path', async () => {
    const bad = await registrar.call('POST', '/cases', { jurisdiction: '33012', channel: 'fax', matter: '', petitioner: { nmae: '李' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('InvalidInput');
    const paths = bad.body.error.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['body.jurisdiction', 'body.channel', 'body.matter', 'body.petitioner.nmae']));
  });

  it('says when the body is not JSON', async () => {
    const bad = await registrar.call('POST', '/cases', '{"jurisdiction": ');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('not valid JSON');
  });

  it('refuses a jurisdiction that is not configured', async () => {
    const bad = await registrar.call('POST', '/cases', letter({ jurisdiction: '110101' }));
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('UnknownJurisdiction');
    expect(bad.body.error.issues).toEqual([expect.objectContaining({ path: 'body.jurisdiction' })]);
  });

  it('refuses requests without a valid token', async () => {
    const anonymous = await fetch(`${system.apiUrl}/cases/330122-2026-000001`);
    expect(anonymous.status).toBe(401);
    const forged = await fetch(`${system.apiUrl}/cases/330122-2026-000001`, { headers: { authorization: 'Bearer not.a.token' } });
    expect(forged.status).toBe(401);
  });

  it('keeps another city’s staff out of a case, and answers 404 for an unknown number', async () => {
    const created = await registrar.call('POST', '/cases', letter());
    const huzhou = await loginAs(system.apiUrl, 'huzhou-registrar');
    const denied = await huzhou.call('GET', `/cases/${created.body.case.caseNumber}`);
    // Answered as if there were no such case: a number outside one's scope is not confirmed to exist.
    expect(denied.status).toBe(404);
    expect(denied.body.error.code).toBe('CaseNotFound');
    const registerElsewhere = await huzhou.call('POST', '/cases', letter());
    expect(registerElsewhere.status).toBe(403);
    const missing = await registrar.call('GET', '/cases/330122-2026-999999');
    expect(missing.status).toBe(404);
  });

  it('refuses /local/login for someone who is not staff', async () => {
    const response = await fetch(`${system.apiUrl}/local/login`, { method: 'POST', body: JSON.stringify({ user: 'intruder' }) });
    expect(response.status).toBe(404);
  });
});

describe('the store under concurrent change', () => {
  it('lets one of two simultaneous changes through and refuses the other as a version conflict', async () => {
    const created = await registrar.call('POST', '/cases', letter());
    const store = new DynamoCaseStore(
      new DynamoDBClient({ region: 'us-east-1', endpoint: system.endpoints.dynamodb, credentials }),
      system.resources.tableName,
    );
    // Let the router finish with the letter (it goes to triage) so both changes start from the same version.
    const triaged = async () => (await store.get(created.body.case.caseNumber))!.events.some((e) => e.type === 'sentToTriage');
    for (let i = 0; i < 100 && !(await triaged()); i++) await new Promise((r) => setTimeout(r, 100));
    const stored = (await store.get(created.body.case.caseNumber))!.case;
    const accept = applyCommand(stored, { action: 'accept' }, { at: '2026-11-23T02:00:00.000Z', actor: 'tonglu-office' });
    const decline = applyCommand(stored, { action: 'decline', reason: '属于诉讼程序' }, { at: '2026-11-23T02:00:00.000Z', actor: 'tonglu-registrar' });
    const outcomes = await Promise.allSettled([store.commit({ case: accept.case, event: accept.event }), store.commit({ case: decline.case, event: decline.event })]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(VersionConflict);
    const after = (await store.get(created.body.case.caseNumber))!;
    expect(after.case.version).toBe(stored.version + 1);
    expect(after.events.map((e) => e.seq)).toEqual(Array.from({ length: stored.version + 1 }, (_, i) => i + 1));
    expect(after.events.at(-1)!.type).toBe(after.case.status === 'accepted' ? 'accepted' : 'declined');
  });
});

describe('local-only routes', () => {
  it('serves the loaded configuration', async () => {
    const config = (await (await fetch(`${system.apiUrl}/local/config`)).json()) as { province: unknown };
    expect(config.province).toEqual({ code: '330000', name: '浙江省' });
  });
});

describe('state survives a restart', () => {
  it('still has the case and honours the earlier token after a restart', async () => {
    const created = await registrar.call('POST', '/cases', letter({ subject: '重启前登记的来信' }));
    await system.close();
    ({ system } = await startTestSystem({ dataDir }));
    const sameTokenOnNewPorts = clientFor(system.apiUrl, registrar.token);
    const read = await sameTokenOnNewPorts.call('GET', `/cases/${created.body.case.caseNumber}`);
    expect(read.status).toBe(200);
    expect(read.body.case.subject).toBe('重启前登记的来信');
    // Numbering continues after the restart instead of starting over.
    const next = await sameTokenOnNewPorts.call('POST', '/cases', letter());
    expect(Number(next.body.case.caseNumber.split('-')[2])).toBeGreaterThan(Number(created.body.case.caseNumber.split('-')[2]));
  });
});

describe('a port already taken', () => {
  it('fails the start with EADDRINUSE, which the caller can retry on, instead of never finishing it', async () => {
    const [api, smtp, dynamodb, sqs, ses] = await freePorts(5);
    // Something else holds the S3 stand-in's port (another system starting beside this one).
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const s3 = (squatter.address() as AddressInfo).port;
    const otherDir = mkdtempSync(join(tmpdir(), 'xinfang-port-taken-'));
    try {
      await expect(
        startLocalSystem({ dataDir: otherDir, ports: { api: api!, smtp: smtp!, dynamodb: dynamodb!, sqs: sqs!, s3, ses: ses! }, console: 'off', log: () => undefined }),
      ).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      squatter.close();
      removeDir(otherDir);
    }
  }, 60_000);
});
