import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import { parseDocument } from 'yaml';
import { GetQueueAttributesCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { loginAs, removeDir } from './helpers.js';

/**
 * The local runtime killed with SIGKILL in the middle of a burst of email, then
 * started again on the same data: every email that was answered 250 becomes
 * exactly one case with exactly one acknowledgement, and nothing is dead-lettered.
 * Only what a user sees is checked (cases through the API, mail, DLQs).
 */

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const EMAILS = 300;
const KILL_AFTER = 100;
const CONCURRENCY = 10;
/**
 * How long after the restart every acknowledgement may take: a message a
 * consumer held when the runtime was killed comes back at the restart (the
 * local SQS keeps no receipts), but a letter the killed mailer had claimed
 * waits until that claim is stale (a minute), then goes through the mailer.
 * The margin is for a loaded machine; the wait ends as soon as all are in.
 */
const SETTLE_MS = 300_000;
const OFFICE = 'xinfang@tonglu.petitions.example';
const RUN = Date.now().toString(36);
const TOPICS = ['路灯损坏', '小区积水', '噪音扰民', '垃圾清运', '公交站台', '人行道破损', '绿化带侵占', '停车收费', '电梯停运', '供暖不足', '自来水浑浊', '农贸市场卫生'];

interface Runtime {
  apiUrl: string;
  smtp: { host: string; port: number };
  endpoints: { sqs: string };
  /** SIGKILL to the whole process group (the runtime and its DynamoDB Local JVM). */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
let dataDir: string | undefined;

afterAll(async () => {
  for (const child of running) killGroup(child);
  await Promise.all([...running].map(groupGone));
  if (dataDir) removeDir(dataDir);
});

function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

/** Resolves once no process of the child's group is left (so nothing holds the data folder). */
async function groupGone(child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      process.kill(-child.pid!, 0);
    } catch {
      running.delete(child);
      return;
    }
    if (Date.now() > deadline) throw new Error(`process group ${child.pid} is still alive`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function startRuntime(dir: string, configPath: string): Promise<Runtime> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'local', 'child-runtime.ts'), dir, configPath], {
    cwd: REPO_ROOT,
    detached: true, // its own process group, so one signal reaches the JVM too
    // stdin stays open while this process lives: the child ends itself if the runner dies.
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'ERROR', XINFANG_DIE_WITH_PARENT: '1' },
  });
  running.add(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<Omit<Runtime, 'kill' | 'stop'>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the runtime did not start in time:\n${stderr}`)), 90_000);
    // Every line is read (function logs included) so the child never blocks on a full pipe.
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('{"ready":true')) return;
      clearTimeout(timer);
      resolve(JSON.parse(line) as Omit<Runtime, 'kill' | 'stop'>);
    });
    void exited.then(() => reject(new Error(`the runtime exited while starting:\n${stderr}`)));
  });
  return {
    ...ready,
    kill: async () => {
      killGroup(child);
      await exited;
      await groupGone(child);
    },
    stop: async () => {
      killGroup(child, 'SIGTERM');
      const timeout = setTimeout(() => killGroup(child), 15_000);
      await exited;
      clearTimeout(timeout);
      killGroup(child); // the JVM, should the runtime have left it
      await groupGone(child);
    },
  };
}

function petition(i: number) {
  const topic = TOPICS[i % TOPICS.length]!;
  return {
    envelope: { from: `p${i}@example.com`, to: [OFFICE] },
    from: `"群众${i}" <p${i}@example.com>`,
    to: OFFICE,
    subject: `关于${topic}问题的反映（第${i}号）`,
    text: `我是桐庐县居民，第${i}号来信。我们这里${topic}的情况已经持续了${(i % 11) + 1}个月，多次反映没有结果，请求有关部门尽快协调处理。联系电话：138${String(10_000_000 + i).padStart(8, '0')}`,
    // The same Message-ID on a retry, as a mail server resends a message.
    messageId: `<crash-${RUN}-${i}@example.com>`,
  };
}

/** Sends the given emails with CONCURRENCY connections; stops taking new ones once `stop()` is true. Returns those answered 250. */
async function sendAll(smtp: Runtime['smtp'], indices: number[], onAccepted: (accepted: number) => void, stop = () => false): Promise<{ accepted: number[]; failed: number[] }> {
  const transport = nodemailer.createTransport({ host: smtp.host, port: smtp.port, secure: false, ignoreTLS: true, connectionTimeout: 10_000, socketTimeout: 20_000 });
  const queue = [...indices];
  const accepted: number[] = [];
  const failed: number[] = [];
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (queue.length > 0 && !stop()) {
        const i = queue.shift()!;
        try {
          await transport.sendMail(petition(i));
          accepted.push(i);
          onAccepted(accepted.length);
        } catch {
          failed.push(i);
        }
      }
    }),
  );
  transport.close();
  return { accepted, failed: [...failed, ...queue] };
}

const ackCase = /【(\d{6,9}-\d{4}-\d{6,})】/;

describe('a crash of the local runtime', () => {
  it('loses no email that was answered 250, and duplicates none', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'xinfang-crash-'));
    // A faster SES sending rate than the demo's 10/s, so about 600 mails go out in bounded time.
    const config = parseDocument(readFileSync(join(REPO_ROOT, 'config', 'province.yaml'), 'utf8'));
    config.setIn(['mail', 'sendRatePerSecond'], 50);
    const configPath = join(dataDir, 'province.yaml');
    writeFileSync(configPath, config.toString());
    const data = join(dataDir, 'data');
    const started = Date.now();

    const first = await startRuntime(data, configPath);
    let killing: Promise<void> | undefined;
    const before = await sendAll(
      first.smtp,
      Array.from({ length: EMAILS }, (_, i) => i),
      (count) => {
        if (count >= KILL_AFTER) killing ??= first.kill();
      },
      () => killing !== undefined,
    );
    await killing;
    const killedAt = Date.now();

    const second = await startRuntime(data, configPath);
    const restartedAt = Date.now();
    const after = await sendAll(second.smtp, before.failed, () => undefined);
    expect(after.failed).toEqual([]);
    const accepted = [...before.accepted, ...after.accepted];
    expect(new Set(accepted).size).toBe(EMAILS);

    // Wait (bounded) until every email has its acknowledgement, then a little longer for any duplicate.
    const acksTo = async () => {
      const mail = (await (await fetch(`${second.apiUrl}/local/mail`)).json()) as { to: string[]; subject: string; headers: Record<string, string> }[];
      const acks = new Map<string, string[]>();
      for (const m of mail) {
        const number = ackCase.exec(m.subject)?.[1];
        if (m.headers['auto-submitted'] !== 'auto-replied' || !number) continue;
        for (const to of m.to) acks.set(to, [...(acks.get(to) ?? []), number]);
      }
      return acks;
    };
    const deadline = Date.now() + SETTLE_MS;
    let acks = await acksTo();
    while (accepted.some((i) => !acks.has(`p${i}@example.com`)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 2_000));
      acks = await acksTo();
    }
    const settledAt = Date.now();
    await new Promise((r) => setTimeout(r, 3_000));
    acks = await acksTo();

    const missing = accepted.filter((i) => !acks.has(`p${i}@example.com`));
    // A doubled acknowledgement names its case numbers: the same one twice is a resent letter, two are two cases.
    const doubled = accepted.filter((i) => (acks.get(`p${i}@example.com`)?.length ?? 0) > 1).map((i) => `${i}: ${acks.get(`p${i}@example.com`)!.join(', ')}`);
    expect({ missing, doubled }).toEqual({ missing: [], doubled: [] });
    const caseNumbers = accepted.map((i) => acks.get(`p${i}@example.com`)![0]!);
    expect(new Set(caseNumbers).size).toBe(EMAILS);

    // Every acknowledged email is its own case, read by the number it was acknowledged with: routing may
    // have moved it since (属地管理: 桐庐县 has no 城市管理 or 交通 unit, so a 路灯 or 公交 petition is
    // transferred to 杭州市's), and the receiving office keeps reading what it received.
    const registrar = await loginAs(second.apiUrl, 'tonglu-registrar');
    const read = new Map<number, { status: number; subject?: string; receivingOffice?: string; jurisdiction?: string }>();
    const toRead = accepted.map((i, k) => [i, caseNumbers[k]!] as const);
    while (toRead.length > 0) {
      await Promise.all(
        toRead.splice(0, CONCURRENCY).map(async ([i, caseNumber]) => {
          const answer = await registrar.call('GET', `/cases/${caseNumber}`);
          read.set(i, { status: answer.status, ...(answer.status === 200 ? { subject: answer.body.case.subject, receivingOffice: answer.body.case.receivingOffice, jurisdiction: answer.body.case.jurisdiction } : {}) });
        }),
      );
    }
    const unlike = accepted.filter((i) => {
      const c = read.get(i)!;
      return c.status !== 200 || c.subject !== petition(i).subject || c.receivingOffice !== '330122';
    });
    expect(unlike.map((i) => `${i}: ${JSON.stringify(read.get(i))}`)).toEqual([]);

    // And no case besides them: the province lists every jurisdiction's open cases, page by page, wherever they went.
    const provinceStaff = await loginAs(second.apiUrl, 'zj-registrar');
    const jurisdictions = (config.toJS() as { jurisdictions: { code: string }[] }).jurisdictions.map((j) => j.code);
    const listed: { caseNumber: string; jurisdiction: string; subject?: string }[] = [];
    for (const jurisdiction of jurisdictions) {
      let cursor: string | undefined;
      do {
        const page = await provinceStaff.call('GET', `/cases?jurisdiction=${jurisdiction}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(page.status).toBe(200);
        listed.push(...page.body.items);
        cursor = page.body.cursor;
      } while (cursor);
    }
    const ours = listed.filter((c) => /（第\d+号）$/.test(c.subject ?? ''));
    expect(ours).toHaveLength(EMAILS);
    expect(new Set(ours.map((c) => c.subject)).size).toBe(EMAILS);
    expect(new Set(ours.map((c) => c.caseNumber))).toEqual(new Set(caseNumbers));

    // Nothing parked in a dead-letter queue.
    const sqs = new SQSClient({ region: 'us-east-1', endpoint: second.endpoints.sqs, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const { QueueUrls = [] } = await sqs.send(new ListQueuesCommand({}));
    const dlqs = QueueUrls.filter((url) => /-dlq(\.fifo)?$/.test(url));
    expect(dlqs.length).toBeGreaterThan(0);
    const parked: Record<string, string> = {};
    for (const url of dlqs) {
      const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
      parked[url.split('/').pop()!] = `${Attributes?.ApproximateNumberOfMessages}/${Attributes?.ApproximateNumberOfMessagesNotVisible}`;
    }
    expect(Object.values(parked).every((v) => v === '0/0')).toBe(true);
    sqs.destroy();
    await second.stop();

    if (process.env.XINFANG_CRASH_TIMINGS === '1') {
      const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
      console.log(
        `crash test: ${before.accepted.length} accepted before the kill (${before.failed.length} refused or cut), killed after ${s(killedAt - started)}, ` +
          `restarted in ${s(restartedAt - killedAt)}, all acknowledged ${s(settledAt - restartedAt)} after the restart; ` +
          `cases by jurisdiction ${JSON.stringify(Object.fromEntries([...new Set(ours.map((c) => c.jurisdiction))].map((j) => [j, ours.filter((c) => c.jurisdiction === j).length])))}`,
      );
    }
  }, 480_000);
});
