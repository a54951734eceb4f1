/**
 * Open cases for the work-list benchmark (scripts/bench-console.ts),
 * registered through the API as the front desk does, and the wait until the
 * petitions office lists them all, routed.
 */
import { randomUUID } from 'node:crypto';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
const GIVEN = ['建国', '秀英', '桂兰', '志强', '丽娟', '海峰', '晓燕', '国平', '玉梅', '建华', '春生', '美玲', '伟', '敏', '静', '磊'];
const PLACES = ['城南街道', '旧县街道', '富春江镇', '分水镇', '横村镇', '百江镇', '江南镇', '凤川街道'];
/** Subjects and matters that name no department: the router cannot place them, so they wait in the office's triage list. */
const LETTERS = [
  { subject: '来信反映个人诉求', matter: '来信人反映个人诉求，具体情况详见所附材料，请领导阅示。' },
  { subject: '请求协调解决家庭困难', matter: '来信人称家中遭遇变故，生活困难，多次反映未果，请求有关方面协调帮助。' },
  { subject: '对答复意见不理解', matter: '来信人对此前收到的答复意见表示不理解，请求当面说明情况并给予书面答复。' },
  { subject: '反映邻里纠纷', matter: '来信人反映与邻居之间长期存在纠纷，调解未成，请求有关方面出面协调。' },
];

const RETRYABLE = new Set([429, 503]);

async function login(apiUrl: string, user: string): Promise<string> {
  const response = await fetch(`${apiUrl}/local/login`, { method: 'POST', body: JSON.stringify({ user }) });
  if (response.status !== 200) throw new Error(`login as ${user} failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

function letterBody(i: number, jurisdiction: string, now: number): string {
  const letter = LETTERS[i % LETTERS.length]!;
  const place = PLACES[i % PLACES.length]!;
  // Received over the last two days: the list shows running clocks, and no reminder or escalation falls due
  // during the measurements (the sweep would otherwise send mail about them at the SES rate meanwhile).
  const receivedAt = new Date(now - (i % 48) * 3_600_000 - (i % 60) * 60_000 - 60_000).toISOString();
  return JSON.stringify({
    jurisdiction,
    channel: 'letter',
    receivedAt,
    subject: letter.subject,
    matter: `${letter.matter}（${place}，来信编号${i + 1}）`,
    petitioner: {
      name: `${SURNAMES[i % SURNAMES.length]}${GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]}`,
      phone: `139${String(i).padStart(8, '0')}`,
      address: `${place}某小区${(i % 30) + 1}幢`,
    },
  });
}

/**
 * Registers `count` letters in `jurisdiction` through POST /cases, `concurrency`
 * at a time, each under its own Idempotency-Key; a 429 or 503 (or a dropped
 * connection) is tried again with the same key and body, so no letter becomes
 * two cases. Throws on any other answer.
 */
export async function registerOpenCases(
  apiUrl: string,
  options: { registrar: string; jurisdiction: string; count: number; concurrency: number },
): Promise<{ caseNumbers: string[]; retries: number; latenciesMs: number[]; statuses: Record<number, number> }> {
  const token = await login(apiUrl, options.registrar);
  const run = randomUUID().slice(0, 8);
  const now = Date.now();
  const caseNumbers: string[] = [];
  /** Each registration's time from its first try to its 201 (or 200, a replay), retries included. */
  const latenciesMs: number[] = [];
  /** Every answer's status (0: no answer), the refused tries counted with the rest. */
  const statuses: Record<number, number> = {};
  let retries = 0;
  let next = 0;
  const registerOne = async (i: number) => {
    const body = letterBody(i, options.jurisdiction, now);
    const started = performance.now();
    for (let attempt = 1; ; attempt++) {
      const response = await fetch(`${apiUrl}/cases`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': `bench-console-${run}-${i}` },
        body,
      }).catch(() => undefined);
      const status = response?.status ?? 0;
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (response && (response.status === 200 || response.status === 201)) {
        caseNumbers.push(((await response.json()) as { case: { caseNumber: string } }).case.caseNumber);
        latenciesMs.push(performance.now() - started);
        return;
      }
      const text = response ? await response.text() : 'no answer';
      if (!(status === 0 || RETRYABLE.has(status)) || attempt >= 20) throw new Error(`registering letter ${i + 1} failed: ${status} ${text.slice(0, 300)}`);
      retries++;
      const retryAfter = Number(response?.headers.get('retry-after') ?? '0');
      await new Promise((resolve) => setTimeout(resolve, Math.max(retryAfter * 1000, 100 * attempt)));
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(options.concurrency, options.count) }, async () => {
      while (next < options.count) await registerOne(next++);
    }),
  );
  return { caseNumbers, retries, latenciesMs, statuses };
}

/**
 * Waits until `staff` lists at least `count` open cases in `jurisdiction`
 * (GET /cases, every page) and every one of them has been through the router
 * (in the triage list), so no routing work runs beside the measurements.
 */
export async function waitUntilListed(
  apiUrl: string,
  options: { staff: string; jurisdiction: string; count: number; timeoutMs: number },
): Promise<{ open: number; triage: number }> {
  const token = await login(apiUrl, options.staff);
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    let open = 0;
    let triage = 0;
    let cursor: string | undefined;
    do {
      const query = new URLSearchParams({ jurisdiction: options.jurisdiction, limit: '100', ...(cursor ? { cursor } : {}) });
      const response = await fetch(`${apiUrl}/cases?${query}`, { headers: { authorization: `Bearer ${token}` } });
      if (response.status !== 200) throw new Error(`listing ${options.jurisdiction} as ${options.staff} failed: ${response.status} ${await response.text()}`);
      const page = (await response.json()) as { items: { triage?: boolean }[]; cursor?: string };
      open += page.items.length;
      triage += page.items.filter((item) => item.triage).length;
      cursor = page.cursor;
    } while (cursor);
    if (open >= options.count && triage >= options.count) return { open, triage };
    if (Date.now() > deadline) throw new Error(`after ${options.timeoutMs / 1000} s ${options.staff} lists ${open} open cases, ${triage} routed to triage, of ${options.count}`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

/**
 * Waits until the mail the system sends (notices of the routing, digests) has
 * stopped for `quietMs`: the queues are drained and nothing runs beside the
 * measurements. Answers the number of mails sent.
 */
export async function untilMailSettles(sent: () => number, quietMs: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = sent();
  let since = Date.now();
  while (Date.now() - since < quietMs) {
    if (Date.now() > deadline) throw new Error(`the system still sends mail after ${timeoutMs / 1000} s (${last} so far)`);
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = sent();
    if (now !== last) [last, since] = [now, Date.now()];
  }
  return last;
}
