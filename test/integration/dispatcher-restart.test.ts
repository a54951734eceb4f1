import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LocalSystem } from '../../local/system.js';
import { captureLogs } from '../fixtures/log-capture.js';
import { letter, loginAs, removeDir, startTestSystem, until } from './helpers.js';

/**
 * The dispatcher stopped between commit and dispatch (issue 12): a decision
 * committed while the outbox dispatcher is not running sends its letter once
 * the dispatcher runs again — once, even when the dispatcher's place in the
 * stream is lost and every outbox item is dispatched a second time.
 */

let system: LocalSystem | undefined;
let dataDir: string | undefined;

afterAll(async () => {
  await system?.close();
  if (dataDir) removeDir(dataDir);
});

const PETITIONER = { name: '孙丽', email: 'sunli1985@qq.example', phone: '13700001234' };
const declineLetters = (s: LocalSystem, caseNumber: string) => s.ses.list().filter((m) => m.to.includes(PETITIONER.email) && m.subject.includes(caseNumber) && m.text.includes('不予受理'));

describe('the outbox dispatcher stopped between commit and dispatch', () => {
  it('sends the committed letter once it runs again, and once only after its stream position is lost', { timeout: 120_000 }, async () => {
    // 1. The dispatcher is held: the decision commits with its letter in the outbox, and nothing leaves.
    ({ system, dataDir } = await startTestSystem({ heldFunctions: ['dispatcher'] }));
    const registrar = await loginAs(system.apiUrl, 'tonglu-registrar');
    const office = await loginAs(system.apiUrl, 'tonglu-office');
    const created = await registrar.call('POST', '/cases', letter({ petitioner: PETITIONER }));
    expect(created.status).toBe(201);
    const caseNumber = created.body.case.caseNumber as string;
    const declined = await office.call('POST', `/cases/${caseNumber}/decline`, { reason: '该事项已进入诉讼程序，请依法通过诉讼途径解决。' });
    expect(declined.status).toBe(200);
    await new Promise((r) => setTimeout(r, 2_000));
    expect(declineLetters(system, caseNumber)).toHaveLength(0);
    await system.close();

    // 2. Started again on the same data: the committed letter goes, once.
    ({ system } = await startTestSystem({ dataDir }));
    await until('the decline letter', () => declineLetters(system!, caseNumber)[0], 30_000);
    await new Promise((r) => setTimeout(r, 2_000));
    expect(declineLetters(system, caseNumber)).toHaveLength(1);
    await system.close();

    // 3. The dispatcher's place in the stream is lost (a crash after dispatching, before recording where it was):
    //    every outbox item is dispatched again, and the mailer recognises the letter by its id.
    rmSync(join(dataDir!, 'stream-dispatcher.json'), { force: true });
    const logs = captureLogs();
    try {
      ({ system } = await startTestSystem({ dataDir }));
      const again = await until(
        'the letter dispatched again and recognised',
        () => logs.entries().find((e) => e.service === 'mailer' && String(e.notification ?? '').startsWith(`declined:${caseNumber}:`) && e.outcome === 'alreadySent'),
        30_000,
      );
      expect(again).toBeDefined();
    } finally {
      logs.restore();
    }
    expect(declineLetters(system, caseNumber)).toHaveLength(1);
    const read = await (await loginAs(system.apiUrl, 'tonglu-office')).call('GET', `/cases/${caseNumber}`);
    expect(read.body.case.status).toBe('declined');
  });
});
