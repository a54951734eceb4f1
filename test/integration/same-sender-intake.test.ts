import nodemailer from 'nodemailer';
import { afterAll, describe, expect, it } from 'vitest';
import type { LocalSystem } from '../../local/system.js';
import { captureLogs } from '../fixtures/log-capture.js';
import { composeRaw, removeDir, startTestSystem, until } from './helpers.js';

/**
 * Send pressed three times, and another matter written in the same minute, against DynamoDB Local
 * (docs/storage.md "Same sender at once"): the four emails wait on the intake queue while its
 * consumer is held, and are taken together once it runs — side by side in one batch, as a surge
 * or a client's burst delivers them. The three copies are one case; the other matter is its own.
 */

const TONGLU = 'xinfang@tonglu.petitions.example';
const SENDER = 'wangfang1990@163.example';
const LIGHT = '我住在桐君街道春江花苑，小区南门到7幢之间的四盏路灯已经坏了三个月，晚上一片漆黑，老人孩子出行很危险，上周还有人摔伤。多次向物业反映无人处理，请求督促维修。';
const NOISE = '我家楼下的烧烤店每天营业到凌晨两点，油烟直接排进居民楼，噪音很大，老人孩子无法休息。多次向城管反映没有结果，请求依法处理。';

let system: LocalSystem | undefined;
let dataDir: string | undefined;
const logs = captureLogs();

afterAll(async () => {
  logs.restore();
  await system?.close();
  if (dataDir) removeDir(dataDir);
});

async function deliver(s: LocalSystem, raw: Uint8Array): Promise<void> {
  const smtp = nodemailer.createTransport({ host: s.smtp.host, port: s.smtp.port, secure: false, ignoreTLS: true, pool: false });
  try {
    await smtp.sendMail({ envelope: { from: SENDER, to: [TONGLU] }, raw: Buffer.from(raw) });
  } finally {
    smtp.close();
  }
}

interface Outcome {
  key: string;
  outcome: string;
  caseNumber?: string;
  reason?: string;
}
/** What the intake did with each email, from its log lines (this system's only mail). */
const intakeOutcomes = (): Outcome[] =>
  logs
    .entries()
    .filter((e) => e.service === 'intake' && Array.isArray(e.outcomes))
    .flatMap((e) => e.outcomes as Outcome[]);

describe('one sender’s emails taken side by side', () => {
  it('registers three copies of one email as one case, and another matter sent with them as its own', { timeout: 150_000 }, async () => {
    ({ system, dataDir } = await startTestSystem({ heldFunctions: ['intake'] }));
    const from = `王芳 <${SENDER}>`;
    for (const text of [LIGHT, LIGHT, NOISE, LIGHT]) {
      const { raw } = await composeRaw({ from, subject: '反映问题', text });
      await deliver(system, raw);
    }
    await system.close();

    ({ system } = await startTestSystem({ dataDir }));
    const outcomes = await until('all four emails decided', () => {
      const done = intakeOutcomes();
      return done.length >= 4 ? done : undefined;
    }, 60_000);

    const registered = outcomes.filter((o) => o.outcome === 'registered');
    expect(registered).toHaveLength(2);
    const resent = outcomes.filter((o) => o.outcome === 'ignored');
    expect(resent).toHaveLength(2);
    // Both copies name the one case of the light petition.
    const named = resent.map((o) => /case (\S+), registered/.exec(o.reason ?? '')?.[1]);
    expect(new Set(named).size).toBe(1);
    expect(registered.map((o) => o.caseNumber)).toContain(named[0]);

    // One acknowledgement a case, and no 不予受理 for a copy taken for a repeat.
    const s = system;
    await until('both acknowledgements', () => s.ses.list().filter((m) => m.to.includes(SENDER) && m.headers['auto-submitted'] === 'auto-replied').length >= 2, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const toSender = s.ses.list().filter((m) => m.to.includes(SENDER));
    expect(toSender.filter((m) => m.headers['auto-submitted'] === 'auto-replied')).toHaveLength(2);
    expect(toSender.some((m) => m.subject.includes('不予受理'))).toBe(false);
  });
});
