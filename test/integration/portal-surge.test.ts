import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalSystem } from '../../local/system.js';
import { PORTAL_PETITION, acknowledgedOf, formTokenOf } from '../fixtures/portal.js';
import { captureLogs } from '../fixtures/log-capture.js';
import { ORIGIN_SECRET_HEADER } from '../../functions/api/viewer-address.js';
import { loginAs, removeDir, startTestSystem, type ApiClient } from './helpers.js';

/**
 * The challenge under a surge, through the local system. Loopback is exempt
 * from per-address limits, so the posts come as CloudFront delivers them:
 * the viewer's address in CloudFront-Viewer-Address, vouched for by the
 * secret origin header.
 */
let system: LocalSystem;
let dataDir: string;
let office: ApiClient;
const logs = captureLogs();
const SECRET = 'integration-origin-secret-0001';
const previousSecret = process.env.ORIGIN_SECRET;

beforeAll(async () => {
  ({ system, dataDir } = await startTestSystem());
  process.env.ORIGIN_SECRET = SECRET;
  office = await loginAs(system.apiUrl, 'tonglu-office');
});

afterAll(async () => {
  if (previousSecret === undefined) delete process.env.ORIGIN_SECRET;
  else process.env.ORIGIN_SECRET = previousSecret;
  logs.restore();
  await system?.close();
  removeDir(dataDir);
});

const DIGITS = '一二三四五六七八九';
/** The question a page asks, its id, and the answer worked out from its words. */
function challengeOf(page: string) {
  const asked = /请回答：([一二三四五六七八九])(加|减)([一二三四五六七八九])等于几？/.exec(page);
  const id = /name="challengeId" value="([^"]+)"/.exec(page)?.[1];
  if (!asked || !id) return undefined;
  const [a, b] = [DIGITS.indexOf(asked[1]!) + 1, DIGITS.indexOf(asked[3]!) + 1];
  return { id, answer: String(asked[2] === '加' ? a + b : a - b) };
}

/** A petition from the viewer at 198.51.100.23, through CloudFront. */
async function send(fields: Record<string, string>) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const response = await fetch(`${system.apiUrl}/public/petitions`, {
    method: 'POST',
    body: form,
    headers: { 'cloudfront-viewer-address': '198.51.100.23:51234', [ORIGIN_SECRET_HEADER]: SECRET },
  });
  return { status: response.status, page: await response.text() };
}

async function freshToken(): Promise<string> {
  return formTokenOf(await (await fetch(`${system.apiUrl}/public/petition`)).text());
}

describe('the portal under a surge of petitions from one address', { timeout: 120_000 }, () => {
  it('registers the first three without a question, then asks one, refuses a wrong answer, and registers on the right one', async () => {
    // The count is by clock hour: start the sequence in an hour with a minute or more left, so it is all counted in one.
    const intoHour = Date.now() % 3_600_000;
    if (intoHour > 3_540_000) await new Promise((resolve) => setTimeout(resolve, 3_600_000 - intoHour + 1000));
    for (let i = 1; i <= 3; i++) {
      const sent = await send({ ...PORTAL_PETITION, email: `surge${i}@qq.example`, phone: `1380000200${i}`, subject: `${PORTAL_PETITION.subject}（${i}）`, formToken: await freshToken() });
      expect(sent.status).toBe(201);
      expect(sent.page).not.toContain('challengeId');
    }

    const fields = { ...PORTAL_PETITION, email: 'surge4@qq.example', phone: '13800002004', formToken: await freshToken() };
    const asked = await send(fields);
    expect(asked.status).toBe(422);
    expect(asked.page).toContain('请回答下面的问题后再提交（填写阿拉伯数字）');
    expect(asked.page).toContain(`>${PORTAL_PETITION.matter}</textarea>`);
    const first = challengeOf(asked.page)!;

    const wrong = await send({ ...fields, challengeId: first.id, challengeAnswer: String(Number(first.answer) + 1) });
    expect(wrong.status).toBe(422);
    expect(wrong.page).toContain('答案不正确，事项未提交。请回答下面的新问题后再提交');
    const second = challengeOf(wrong.page)!;
    expect(second.id).not.toBe(first.id);

    // The first question, used up by the wrong answer, lets nothing through.
    const reused = await send({ ...fields, challengeId: first.id, challengeAnswer: first.answer });
    expect(reused.status).toBe(422);
    expect(reused.page).toContain('这道问题已失效');

    const passed = await send({ ...fields, challengeId: second.id, challengeAnswer: second.answer });
    expect(passed.status).toBe(201);
    const { caseNumber } = acknowledgedOf(passed.page);
    const found = await office.call('GET', `/cases/${caseNumber}`);
    expect(found.status).toBe(200);
    expect(found.body.case).toMatchObject({ channel: 'web', subject: PORTAL_PETITION.subject });

    // Its answer was used: the next petition from the address is asked again.
    const next = await send({ ...PORTAL_PETITION, email: 'surge5@qq.example', phone: '13800002005', formToken: await freshToken(), challengeId: second.id, challengeAnswer: second.answer });
    expect(next.status).toBe(422);
    expect(next.page).toContain('这道问题已失效');
  });
});
