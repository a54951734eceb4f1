import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { startHttpGateway, type HttpHandler } from '../../local/http-gateway.js';
import { lambdaContext } from '../../local/lambda-context.js';
import { LocalAuth } from '../../local/local-auth.js';
import type { LocalSystem } from '../../local/system.js';
import { letter, loginAs, removeDir, startTestSystem, until } from './helpers.js';

const TONGLU = 'xinfang@tonglu.petitions.example';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the local API gateway under load', () => {
  let dir: string;
  let calls: string[];
  let url: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'xinfang-gateway-'));
    calls = [];
    const handler: HttpHandler = async (event) => {
      calls.push(event.rawPath);
      await sleep(event.rawPath === '/public/slow' ? 300 : event.rawPath === '/public/hang' ? 900 : 0);
      return { statusCode: 200, body: JSON.stringify({ path: event.rawPath }) };
    };
    const { server, url: base } = await startHttpGateway({
      host: '127.0.0.1',
      port: 0,
      auth: LocalAuth.fromDataDir(join(dir, 'secret')),
      handler,
      context: () => lambdaContext('test-api', 1, 'us-east-1'),
      localRoutes: { 'GET /local/health': async () => ({ status: 200, body: { status: 'ok' } }) },
      maxConcurrency: 2,
      timeoutSeconds: 0.4,
      onError: () => undefined,
    });
    url = base;
    close = () => new Promise((done) => server.close(() => done()));
  });

  afterAll(async () => {
    await close?.();
    removeDir(dir);
  });

  it('answers beyond its concurrency 429 with Retry-After before invoking anything; /local/ routes are not counted', async () => {
    const answers = await Promise.all([
      ...Array.from({ length: 5 }, () => fetch(`${url}/public/slow`, { method: 'POST', body: '{"x":1}' })),
      fetch(`${url}/local/health`),
    ]);
    const statuses = answers.map((a) => a.status);
    expect(statuses.slice(0, 5).sort()).toEqual([200, 200, 429, 429, 429]);
    expect(statuses[5]).toBe(200);
    const refused = answers.find((a) => a.status === 429)!;
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toEqual({ message: 'Too Many Requests' });
    expect(calls.filter((c) => c === '/public/slow')).toHaveLength(2);
    // Once the two finished, there is room again.
    expect((await fetch(`${url}/public/slow`)).status).toBe(200);
  });

  it('answers a function that outlives its timeout 503 with Retry-After, and keeps its slot until it finishes', async () => {
    const hang = fetch(`${url}/public/hang`);
    await sleep(50);
    const other = fetch(`${url}/public/hang`);
    const [first, second] = await Promise.all([hang, other]);
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('1');
    expect(await first.json()).toEqual({ message: 'Service Unavailable' });
    expect(second.status).toBe(503);
    // Both invocations still run: no room until they end.
    expect((await fetch(`${url}/public/fast`)).status).toBe(429);
    await sleep(600);
    expect((await fetch(`${url}/public/fast`)).status).toBe(200);
  });
});

describe('the local runtime', () => {
  let system: LocalSystem;
  let dataDir: string;
  let s3: S3Client;
  let smtp: ReturnType<typeof nodemailer.createTransport>;

  beforeAll(async () => {
    ({ system, dataDir } = await startTestSystem({ apiConcurrency: 4 }));
    s3 = new S3Client({
      region: 'us-east-1',
      endpoint: system.endpoints.s3,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      forcePathStyle: true,
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    smtp = nodemailer.createTransport({ host: system.smtp.host, port: system.smtp.port, secure: false, ignoreTLS: true });
  });

  afterAll(async () => {
    smtp?.close();
    s3?.destroy();
    await system?.close();
    removeDir(dataDir);
  });

  /** The raw object SMTP stored for the email with this Message-ID. */
  async function storedRaw(messageId: string): Promise<{ key: string; text: string }> {
    return until(`the stored ${messageId}`, async () => {
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: system.resources.bucketName, Prefix: `raw/${TONGLU}/` }));
      for (const { Key } of listed.Contents ?? []) {
        const object = await s3.send(new GetObjectCommand({ Bucket: system.resources.bucketName, Key }));
        const text = await object.Body!.transformToString('latin1');
        if (text.includes(`<${messageId}>`)) return { key: Key!, text };
      }
      return undefined;
    });
  }

  const headerBlock = (text: string) => text.slice(0, text.indexOf('\r\n\r\n'));
  const fields = (text: string, name: string) =>
    headerBlock(text)
      .split(/\r\n(?![ \t])/)
      .filter((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`));

  it('stamps SES’s verdicts on each stored message, replacing any the sender forged, and can flip them between messages', async () => {
    system.setMailAuthentication({ spf: 'fail', dkim: 'fail', dmarc: 'fail', spam: 'FAIL', virus: 'FAIL' });
    await smtp.sendMail({
      envelope: { from: 'forger@bad.example', to: [TONGLU] },
      from: '"冒名者" <mayor@tonglu.gov.example>',
      to: TONGLU,
      subject: '伪造的邮件',
      text: '这封邮件声称自己通过了检查。',
      messageId: '<forged-1@bad.example>',
      headers: {
        'X-SES-Spam-Verdict': 'PASS',
        'X-SES-Virus-Verdict': 'PASS',
        'Authentication-Results': 'amazonses.com; spf=pass; dkim=pass; dmarc=pass header.from=tonglu.gov.example;',
        'Received-SPF': 'pass',
      },
    });
    const { text } = await storedRaw('forged-1@bad.example');
    expect(fields(text, 'X-SES-Spam-Verdict')).toEqual(['X-SES-Spam-Verdict: FAIL']);
    expect(fields(text, 'X-SES-Virus-Verdict')).toEqual(['X-SES-Virus-Verdict: FAIL']);
    expect(fields(text, 'Received-SPF')).toEqual([expect.stringMatching(/^Received-SPF: fail \(spfCheck: domain of bad\.example does not designate [\d.:a-f]+ as permitted sender\) client-ip=/)]);
    const [results, ...others] = fields(text, 'Authentication-Results');
    expect(others).toEqual([]);
    expect(results).toMatch(/^Authentication-Results: amazonses\.com; spf=fail \(spfCheck: [^)]*\) client-ip=[^;]+; envelope-from=forger@bad\.example; helo=[^;]+; dkim=fail header\.i=@tonglu\.gov\.example; dmarc=fail header\.from=tonglu\.gov\.example;$/);
    // SES's headers come first, the sender's after them, untouched.
    expect(headerBlock(text).split('\r\n')[0]).toBe('Return-Path: <forger@bad.example>');
    expect(headerBlock(text).indexOf('X-SES-Spam-Verdict')).toBeLessThan(headerBlock(text).indexOf('Message-ID'));

    const flipped = await fetch(`${system.apiUrl}/local/mail-authentication`, { method: 'POST', body: JSON.stringify({ spf: 'pass', dkim: 'pass', dmarc: 'pass', spam: 'PASS', virus: 'PASS' }) });
    expect(await flipped.json()).toEqual({ spf: 'pass', dkim: 'pass', dmarc: 'pass', spam: 'PASS', virus: 'PASS' });
    const invalid = await fetch(`${system.apiUrl}/local/mail-authentication`, { method: 'POST', body: JSON.stringify({ spf: 'softfail', dmarc: 'PASS' }) });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as any).error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['dmarc', 'spf']);

    await smtp.sendMail({ envelope: { from: 'p7@example.com', to: [TONGLU] }, from: 'p7@example.com', to: TONGLU, subject: '正常来信', text: '路灯坏了。', messageId: '<honest-1@example.com>' });
    const honest = await storedRaw('honest-1@example.com');
    expect(fields(honest.text, 'X-SES-Spam-Verdict')).toEqual(['X-SES-Spam-Verdict: PASS']);
    expect(fields(honest.text, 'Authentication-Results')[0]).toMatch(/spf=pass .* dkim=pass header\.i=@example\.com; dmarc=pass header\.from=example\.com;$/);
  });

  it('answers 250 once the notification is queued, and queues it once for an object SMTP stored', async () => {
    const messageId = 'once-1@example.com';
    await smtp.sendMail({ envelope: { from: 'p8@example.com', to: [TONGLU] }, from: 'p8@example.com', to: TONGLU, subject: '反映问题', text: '小区门口积水严重。', messageId: `<${messageId}>` });
    const { key } = await storedRaw(messageId);
    // The local SQS journal records every send: the intake queue got this key exactly once.
    const encoded = encodeURIComponent(key).replace(/%2F/g, '/');
    const sends = readFileSync(join(dataDir, 'sqs.journal'), 'utf8')
      .split('\n')
      .filter((line) => line.includes('"op":"send"') && line.includes('-intake"') && (line.includes(encoded) || line.includes(key)));
    expect(sends).toHaveLength(1);
  });

  it('throttles the API at its concurrency instead of timing out: every answer is 201 or 429, and every 201 is a case', async () => {
    const registrar = await loginAs(system.apiUrl, 'tonglu-registrar');
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => registrar.call('POST', '/cases', letter({ jurisdiction: '330122', subject: `并发来信${i}` }))),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.every((s) => s === 201 || s === 429)).toBe(true);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(4);
    const created = answers.filter((a) => a.status === 201).map((a) => a.body.case.caseNumber as string);
    for (const caseNumber of created) expect((await registrar.call('GET', `/cases/${caseNumber}`)).status).toBe(200);
  });

  it('queues at start the notification of mail a crash left stored but unannounced, and only of mail that was stored', async () => {
    const messageId = 'unannounced-1@example.com';
    await smtp.sendMail({ envelope: { from: 'p9@example.com', to: [TONGLU] }, from: 'p9@example.com', to: TONGLU, subject: '夜间施工', text: '工地夜间施工影响休息。', messageId: `<${messageId}>` });
    const { key } = await storedRaw(messageId);
    const acks = () => system.ses.list().filter((m) => m.to.includes('p9@example.com') && m.headers['auto-submitted'] === 'auto-replied');
    await until('the acknowledgement', () => acks().length === 1);
    await system.close();
    // As if killed between storing and announcing: one object stored, one never written.
    appendFileSync(join(dataDir, 'smtp-unannounced.jsonl'), `${JSON.stringify({ stored: key })}\n${JSON.stringify({ stored: `raw/${TONGLU}/never-written` })}\n`);
    const log: string[] = [];
    ({ system } = await startTestSystem({ dataDir, log: (line) => log.push(line) }));
    expect(log).toContain('queued 1 stored email(s) for intake whose notification a stop may have lost');
    expect(readFileSync(join(dataDir, 'smtp-unannounced.jsonl'), 'utf8')).toBe('');
    // Intake knows the email: still one acknowledgement.
    await sleep(3_000);
    expect(acks()).toHaveLength(1);
    // A restart of the whole runtime: 20-odd seconds on a loaded 2-core runner, past the default 30.
  }, 90_000);
});
