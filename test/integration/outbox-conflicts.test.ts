import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalSystem } from '../../local/system.js';
import type { CapturedMail } from '../../local/servers/ses-server.js';
import { captureLogs } from '../fixtures/log-capture.js';
import { letter, loginAs, removeDir, startTestSystem, type ApiClient, until } from './helpers.js';

/**
 * Two clerks decide the same case at the same moment, one accepting it and
 * one declining it, both from the version they just read. The change
 * pipeline stores one decision (the other clerk gets 409), and the outbox
 * sends only the letters of the stored one: a petitioner whose case was
 * accepted never receives a 不予受理 letter, and a declined case gets its
 * letter exactly once. (Before the outbox, the decline letter was queued
 * before the conditional write, so the losing clerk's letter went out.)
 *
 * The race is purely between the two clerks: each case is first left by the
 * router in the office's triage list (its matter names no department), and
 * the version is read after that.
 */

const CASES = 24;
const PARALLEL_RACES = 4; // 8 requests in flight: under the local gateway's concurrency limit, so no 429s
const DECLINE_SUBJECT = /信访事项不予受理告知/;
const ACCEPT_SUBJECT = /信访事项受理告知/;

let system: LocalSystem;
let dataDir: string;
let registrar: ApiClient;
let clerkA: ApiClient;
let clerkB: ApiClient;
const logs = captureLogs();

beforeAll(async () => {
  ({ system, dataDir } = await startTestSystem({ log: () => {} }));
  registrar = await loginAs(system.apiUrl, 'tonglu-registrar');
  // Two sessions of the petitions office, as two clerks at two desks.
  clerkA = await loginAs(system.apiUrl, 'tonglu-office');
  clerkB = await loginAs(system.apiUrl, 'tonglu-office');
});

afterAll(async () => {
  logs.restore();
  await system?.close();
  removeDir(dataDir);
});

const emailOf = (i: number) => `conflict.petitioner${i}@qq.example`;
const lettersTo = (address: string, subject: RegExp): CapturedMail[] => system.ses.list().filter((m) => m.to.includes(address) && subject.test(m.subject));

async function register(i: number): Promise<string> {
  const created = await registrar.call(
    'POST',
    '/cases',
    letter({ matter: `来信人反映个人诉求，具体情况详见所附材料，请领导阅示。（来信第${i}号）`, petitioner: { name: `信访人${i}`, email: emailOf(i), phone: `1380000${String(i).padStart(4, '0')}` } }),
  );
  if (created.status !== 201) throw new Error(`registration ${i}: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body.case.caseNumber as string;
}

/** The case once the router has left it in triage: the version both clerks decide from. */
const triaged = (caseNumber: string) =>
  until(`the router's triage of ${caseNumber}`, async () => {
    const read = await clerkA.call('GET', `/cases/${caseNumber}`);
    return read.body?.case?.triage ? (read.body.case as { version: number; status: string }) : undefined;
  });

interface Race {
  caseNumber: string;
  email: string;
  accept: { status: number; body: any };
  decline: { status: number; body: any };
}

async function race(i: number, caseNumber: string, version: number): Promise<Race> {
  const accept = () => clerkA.call('POST', `/cases/${caseNumber}/accept`, { expectedVersion: version });
  const decline = () => clerkB.call('POST', `/cases/${caseNumber}/decline`, { reason: '不属于信访事项受理范围。', expectedVersion: version });
  // Both sent at once; which one leaves first alternates.
  const [accepted, declined] = i % 2 === 0 ? await Promise.all([accept(), decline()]) : await Promise.all([decline(), accept()]).then(([d, a]) => [a, d] as const);
  return { caseNumber, email: emailOf(i), accept: accepted, decline: declined };
}

async function inBatches<T, R>(items: readonly T[], size: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size) {
    results.push(...(await Promise.all(items.slice(start, start + size).map((item, k) => work(item, start + k)))));
  }
  return results;
}

describe('two clerks decide the same case at once', () => {
  it('stores one decision, answers the other 409, and sends only the stored decision’s letters', { timeout: 90_000 }, async () => {
    const indexes = Array.from({ length: CASES }, (_, i) => i);
    const numbers = await inBatches(indexes, 8, (i) => register(i));
    const versions = await inBatches(numbers, 8, async (n) => (await triaged(n)).version);

    const races = await inBatches(indexes, PARALLEL_RACES, (i) => race(i, numbers[i]!, versions[i]!));

    const declined: Race[] = [];
    const accepted: Race[] = [];
    for (const r of races) {
      const statuses = [r.accept.status, r.decline.status].sort();
      expect(statuses, `${r.caseNumber}: accept ${r.accept.status} ${JSON.stringify(r.accept.body)}, decline ${r.decline.status} ${JSON.stringify(r.decline.body)}`).toEqual([200, 409]);
      const loser = r.accept.status === 409 ? r.accept : r.decline;
      expect(loser.body.error.code, r.caseNumber).toBe('VersionConflict');
      (r.decline.status === 200 ? declined : accepted).push(r);
      // What was answered is what is stored.
      const stored = (await clerkA.call('GET', `/cases/${r.caseNumber}`)).body.case;
      expect(stored.status, r.caseNumber).toBe(r.decline.status === 200 ? 'declined' : 'accepted');
      expect(stored.version, r.caseNumber).toBe(versions[numbers.indexOf(r.caseNumber)]! + 1);
    }

    // A sentinel declined after every race: once its letter is out, the outbox items committed before it have been dispatched.
    const sentinel = await register(CASES);
    const sentinelVersion = (await triaged(sentinel)).version;
    expect((await clerkA.call('POST', `/cases/${sentinel}/decline`, { reason: '不属于信访事项受理范围。', expectedVersion: sentinelVersion })).status).toBe(200);
    await until('the sentinel’s decline letter', () => lettersTo(emailOf(CASES), DECLINE_SUBJECT)[0], 30_000);
    for (const r of declined) await until(`the decline letter of ${r.caseNumber}`, () => lettersTo(r.email, DECLINE_SUBJECT)[0], 30_000);
    // And the mail has drained: nothing new for a while.
    let count = -1;
    await until('the outgoing mail to settle', async () => {
      const now = system.ses.list().length;
      const settled = now === count;
      count = now;
      if (!settled) await new Promise((r) => setTimeout(r, 1_500));
      return settled;
    }, 30_000);

    for (const r of declined) {
      const declines = lettersTo(r.email, DECLINE_SUBJECT);
      expect(declines, `${r.caseNumber} declined: one 不予受理 letter`).toHaveLength(1);
      expect(declines[0]!.subject).toContain(r.caseNumber);
      expect(lettersTo(r.email, ACCEPT_SUBJECT), `${r.caseNumber} declined: no acceptance letter`).toHaveLength(0);
    }
    for (const r of accepted) {
      expect(lettersTo(r.email, DECLINE_SUBJECT), `${r.caseNumber} accepted: no 不予受理 letter`).toHaveLength(0);
    }
    // Every decision letter names its own case: none went to another case's petitioner.
    for (const mail of system.ses.list().filter((m) => DECLINE_SUBJECT.test(m.subject))) {
      const owner = [...declined, { caseNumber: sentinel, email: emailOf(CASES) }].find((r) => mail.subject.includes(r.caseNumber));
      expect(owner, `${mail.subject}: a 不予受理 letter for a case that was not declined`).toBeDefined();
      expect(mail.to, mail.subject).toEqual([owner!.email]);
    }
    // Both clerks won some races (the order they leave in alternates), so a losing decline was exercised:
    // the case where a letter queued before the conditional write would have reached an accepted case's petitioner.
    const tally = `${accepted.length} accepted, ${declined.length} declined`;
    expect(accepted.length, tally).toBeGreaterThan(0);
    expect(declined.length, tally).toBeGreaterThan(0);
  });
});
