import nodemailer from 'nodemailer';
import { afterAll, describe, expect, it } from 'vitest';
import type { LocalSystem } from '../../local/system.js';
import { captureLogs } from '../fixtures/log-capture.js';
import { selfHarmThreatUtf8 } from '../fixtures/urgent-email.js';
import { composeRaw, removeDir, startTestSystem, until } from './helpers.js';

/**
 * An urgent email overtakes the intake queue's backlog (docs/storage.md "Priority lanes"): the
 * pre-check on the receipt path puts it on the urgent lane, where it is registered and its
 * alert sent while the petitions before it still wait; once the backlog drains, the copy on
 * the intake queue changes nothing.
 */

const TONGLU = 'xinfang@tonglu.petitions.example';
const LEADER = 'chen.haiyan@tonglu.petitions.example';
const URGENT_SENDER = 'hejianjun1975@163.example';
const WAITING = ['wangfang1979@qq.example', 'liqiang1988@163.example', 'zhaomin1990@126.example'];

let system: LocalSystem | undefined;
let dataDir: string | undefined;
const logs = captureLogs();

afterAll(async () => {
  logs.restore();
  await system?.close();
  if (dataDir) removeDir(dataDir);
});

async function deliver(s: LocalSystem, raw: Uint8Array, from: string): Promise<void> {
  const smtp = nodemailer.createTransport({ host: s.smtp.host, port: s.smtp.port, secure: false, ignoreTLS: true, pool: false });
  try {
    await smtp.sendMail({ envelope: { from, to: [TONGLU] }, raw: Buffer.from(raw) });
  } finally {
    smtp.close();
  }
}

const mailTo = (s: LocalSystem, address: string) => s.ses.list().filter((m) => m.to.includes(address));
const acksTo = (s: LocalSystem, address: string) => mailTo(s, address).filter((m) => m.headers['auto-submitted'] === 'auto-replied');

describe('an urgent email behind a backlog on the intake queue', () => {
  it('is registered and its alert sent at once, and registered once when the backlog drains', { timeout: 150_000 }, async () => {
    // The intake queue's consumer is held: everything sent waits there, as under a surge.
    ({ system, dataDir } = await startTestSystem({ heldFunctions: ['intake'] }));
    for (const [i, from] of WAITING.entries()) {
      const { raw } = await composeRaw({ from, subject: `小区门口道路破损 ${i + 1}`, text: '我们小区门口的道路破损一年多了，雨天积水，老人孩子出行很不方便，请尽快修复。' });
      await deliver(system, raw, from);
    }
    await deliver(system, selfHarmThreatUtf8(), URGENT_SENDER);

    const alert = await until('the urgent alert to the leaders', () => mailTo(system!, LEADER).find((m) => m.subject.startsWith('【紧急】')), 30_000);
    const caseNumber = /【紧急】(\S+)/.exec(alert.subject)![1]!;
    await until('the acknowledgement of the urgent petition', () => acksTo(system!, URGENT_SENDER)[0], 30_000);
    // The petitions sent before it still wait for the held consumer.
    for (const from of WAITING) expect(acksTo(system, from)).toHaveLength(0);
    await system.close();

    // The backlog drains: each waiting petition is registered, and the urgent one is not registered again.
    ({ system } = await startTestSystem({ dataDir }));
    for (const from of WAITING) await until(`the acknowledgement to ${from}`, () => acksTo(system!, from)[0], 60_000);
    const urgentCopy = await until('the intake queue’s copy of the urgent email', () =>
      logs.entries().find((e) => e.service === 'intake' && Array.isArray(e.outcomes) && JSON.stringify(e.outcomes).includes('"outcome":"duplicate"')),
    );
    expect(JSON.stringify(urgentCopy.outcomes)).toContain(caseNumber);
    expect(acksTo(system, URGENT_SENDER)).toHaveLength(1);
    expect(mailTo(system, LEADER).filter((m) => m.subject.startsWith('【紧急】'))).toHaveLength(1);
  });
});
