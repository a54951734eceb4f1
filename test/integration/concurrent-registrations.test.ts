import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalSystem } from '../../local/system.js';
import { captureLogs } from '../fixtures/log-capture.js';
import { letter, loginAs, removeDir, startTestSystem, type ApiClient } from './helpers.js';

/**
 * A surge at one desk: 1,000 registrations sent at once to the local runtime,
 * each with its own Idempotency-Key and matter. Every 2xx is a stored case;
 * an answer that is not a 2xx stored nothing (429: refused before any work)
 * or is settled by the client's retry with the same key (503: the work may
 * have gone on), which answers the same case or a new one — never a second
 * case for one petition. No request is answered 500. Afterwards the
 * jurisdiction holds exactly the 1,000 cases answered, one per petition.
 */

const TOTAL = 1_000;
const JURISDICTION = '330122';
const RETRY_DEADLINE_MS = 100_000;
/** Answers that mean "not done, try again with the same key" (API Gateway's throttling and integration timeout), and no answer at all. */
const RETRYABLE = new Set([429, 503, 0]);

let system: LocalSystem;
let dataDir: string;
let registrar: ApiClient;
const logs = captureLogs();

beforeAll(async () => {
  ({ system, dataDir } = await startTestSystem({ log: () => {} }));
  registrar = await loginAs(system.apiUrl, 'tonglu-registrar');
});

afterAll(async () => {
  logs.restore();
  await system?.close();
  removeDir(dataDir);
});

const run = randomUUID().slice(0, 8);
const keyOf = (i: number) => `surge-${run}-${i}`;
const subjectOf = (i: number) => `来信 surge ${run} #${i}`;
/** The same body on every try: the key's fingerprint must match. Matters name no department, so the router leaves them in triage. */
const bodyOf = (i: number) =>
  JSON.stringify(
    letter({
      subject: subjectOf(i),
      matter: `来信人反映个人诉求，具体情况详见所附材料，请领导阅示。（第${i}件，批次${run}）`,
      petitioner: { name: `信访人${i}`, phone: `139${String(i).padStart(8, '0')}`, address: '桐庐县城南街道' },
    }),
  );
const indexOf = (subject: string) => {
  const match = new RegExp(`^来信 surge ${run} #(\\d+)$`).exec(subject);
  return match ? Number(match[1]) : undefined;
};

interface Answer {
  status: number;
  caseNumber?: string;
  retryAfterSeconds?: number;
  detail?: string;
}

async function register(i: number): Promise<Answer> {
  try {
    const response = await fetch(`${system.apiUrl}/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${registrar.token}`, 'content-type': 'application/json', 'idempotency-key': keyOf(i) },
      body: bodyOf(i),
    });
    const text = await response.text();
    let body: any;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    const retryAfter = response.headers.get('retry-after');
    return {
      status: response.status,
      ...(body?.case?.caseNumber ? { caseNumber: body.case.caseNumber as string } : {}),
      ...(retryAfter !== null ? { retryAfterSeconds: Number(retryAfter) } : {}),
      ...(response.status >= 300 ? { detail: text.slice(0, 200) } : {}),
    };
  } catch (error) {
    // No answer at all (a refused or reset connection): the client cannot know, and retries with the same key.
    return { status: 0, detail: String((error as Error).cause ?? (error as Error).message) };
  }
}

const is2xx = (a: Answer) => a.status >= 200 && a.status < 300;
const tally = (answers: readonly Answer[]) => {
  const counts: Record<string, number> = {};
  for (const a of answers) counts[a.status] = (counts[a.status] ?? 0) + 1;
  return JSON.stringify(counts);
};

/** Every case of the jurisdiction, page by page: petition index → the case numbers stored for it. */
async function storedCases(): Promise<{ byIndex: Map<number, string[]>; others: string[] }> {
  const byIndex = new Map<number, string[]>();
  const others: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await registrar.call('GET', `/cases?jurisdiction=${JURISDICTION}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    if (page.status !== 200) throw new Error(`listing answered ${page.status}: ${JSON.stringify(page.body)}`);
    for (const item of page.body.items as { caseNumber: string; subject?: string }[]) {
      const i = item.subject === undefined ? undefined : indexOf(item.subject);
      if (i === undefined) others.push(item.caseNumber);
      else byIndex.set(i, [...(byIndex.get(i) ?? []), item.caseNumber]);
    }
    cursor = page.body.cursor;
  } while (cursor);
  return { byIndex, others };
}

/** Errors the functions logged (JSON lines at ERROR), to say why if a 500 was answered. */
const loggedErrors = () =>
  logs
    .entries()
    .filter((e) => e.level === 'ERROR')
    .slice(0, 5)
    .map((e) => `${e.message} ${e.error?.message ?? e.reason ?? ''}`.trim());

describe('1,000 registrations at once', () => {
  it('stores exactly the cases answered 2xx, one per petition, and never answers 500', { timeout: 150_000 }, async () => {
    const indexes = Array.from({ length: TOTAL }, (_, i) => i);

    // 1. All at once.
    const first = await Promise.all(indexes.map(register));
    const unexpected = first.map((a, i) => ({ i, ...a })).filter((a) => !is2xx(a) && !RETRYABLE.has(a.status));
    expect(unexpected, `first answers ${tally(first)}; unexpected: ${JSON.stringify(unexpected.slice(0, 5))}; logged errors: ${JSON.stringify(loggedErrors())}`).toEqual([]);
    for (const [i, a] of first.entries()) {
      if (is2xx(a)) expect(a, `petition ${i}: a fresh key registers (201) and names its case`).toMatchObject({ status: 201, caseNumber: expect.any(String) });
      if (a.status === 429 || a.status === 503) expect(a.retryAfterSeconds, `petition ${i}: ${a.status} says when to try again`).toBeGreaterThan(0);
    }

    // 2. What is stored now: each 2xx's case, and nothing for a petition refused before any work (429).
    const afterFirst = await storedCases();
    expect(afterFirst.others, 'cases that are not this test’s petitions').toEqual([]);
    for (const [i, a] of first.entries()) {
      const stored = afterFirst.byIndex.get(i) ?? [];
      if (is2xx(a)) expect(stored, `petition ${i} answered ${a.status} ${a.caseNumber}`).toEqual([a.caseNumber]);
      else if (a.status === 429) expect(stored, `petition ${i} answered 429, yet stored`).toEqual([]);
      // A 503 (or no answer) may have been stored after all; the retry below must find that case.
      else expect(stored.length, `petition ${i} answered ${a.status}, stored twice`).toBeLessThanOrEqual(1);
    }

    // 3. The client retries every petition without a 2xx, with the same key, after Retry-After, until each is answered.
    const final: Answer[] = [...first];
    const retries: Answer[] = [];
    const deadline = Date.now() + RETRY_DEADLINE_MS;
    await Promise.all(
      indexes
        .filter((i) => !is2xx(first[i]!))
        .map(async (i) => {
          let answer = first[i]!;
          for (let tries = 0; !is2xx(answer) && Date.now() < deadline; tries++) {
            // At least Retry-After, backing off as a well-behaved client does, with jitter so the retries do not arrive together.
            const wait = (answer.retryAfterSeconds ?? 1) * 1000 * Math.min(2 ** tries, 4) * (1 + Math.random());
            await new Promise((r) => setTimeout(r, Math.min(wait, deadline - Date.now())));
            answer = await register(i);
            retries.push(answer);
            if (!is2xx(answer) && !RETRYABLE.has(answer.status)) break;
          }
          final[i] = answer;
        }),
    );
    const unanswered = final.map((a, i) => ({ i, ...a })).filter((a) => !is2xx(a));
    expect(unanswered, `after retries (${tally(retries)}), petitions still without a 2xx: ${JSON.stringify(unanswered.slice(0, 5))}; logged errors: ${JSON.stringify(loggedErrors())}`).toEqual([]);
    for (const [i, a] of final.entries()) {
      const before = afterFirst.byIndex.get(i);
      // Stored before the retry (after a 503): the retry answers that case (a replay, 200), not a new one.
      if (before?.length) expect(a, `petition ${i}: the retry answers the case already stored`).toMatchObject({ caseNumber: before[0] });
    }

    // 4. Every 2xx is a stored case, and the stored cases are exactly those answered: one per petition, nothing else.
    const answered = final.map((a) => a.caseNumber!);
    expect(new Set(answered).size, 'one case per petition').toBe(TOTAL);
    const settled = await storedCases();
    expect(settled.others).toEqual([]);
    const duplicates = [...settled.byIndex.entries()].filter(([, numbers]) => numbers.length > 1);
    expect(duplicates, 'petitions stored twice').toEqual([]);
    expect(new Set([...settled.byIndex.values()].flat())).toEqual(new Set(answered));

    const reads: { i: number; status: number; caseNumber?: string; subject?: string }[] = [];
    for (let start = 0; start < TOTAL; start += 16) {
      reads.push(
        ...(await Promise.all(
          indexes.slice(start, start + 16).map(async (i) => {
            const read = await registrar.call('GET', `/cases/${answered[i]}`);
            return { i, status: read.status, caseNumber: read.body?.case?.caseNumber, subject: read.body?.case?.subject };
          }),
        )),
      );
    }
    const wrong = reads.filter((r) => r.status !== 200 || r.caseNumber !== answered[r.i] || r.subject !== subjectOf(r.i));
    expect(wrong, 'every answered case reads back as its petition').toEqual([]);

    const fiveHundreds = [...first, ...retries].filter((a) => a.status >= 500 && a.status !== 503);
    expect(fiveHundreds, `5xx other than 503: ${tally(fiveHundreds)}`).toEqual([]);
  });
});
