import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalSystem } from '../../local/system.js';
import { letter, loginAs, removeDir, startTestSystem, type ApiClient, until } from './helpers.js';

let system: LocalSystem;
let dataDir: string;
let registrar: ApiClient;
let office: ApiClient;

beforeAll(async () => {
  ({ system, dataDir } = await startTestSystem());
  registrar = await loginAs(system.apiUrl, 'tonglu-registrar');
  office = await loginAs(system.apiUrl, 'tonglu-office');
});

afterAll(async () => {
  await system?.close();
  removeDir(dataDir);
});

describe('SES feedback about our mail', () => {
  it.each([
    ['bounce@simulator.amazonses.com', 'bounce', '邮件无法送达信访人'],
    ['complaint@simulator.amazonses.com', 'complaint', '信访人将邮件标记为垃圾邮件'],
  ])('a letter to %s is recorded on its case as a %s, so staff post it or phone instead', async (address, feedback, reason) => {
    const created = await registrar.call('POST', '/cases', letter({ petitioner: { name: '钱七', email: address } }));
    const caseNumber = created.body.case.caseNumber as string;
    expect((await office.call('POST', `/cases/${caseNumber}/decline`, { reason: '不属于信访事项受理范围，请通过仲裁途径解决。' })).status).toBe(200);
    // The decline notice goes out through the mailer and SES; SES's simulator answers with the event.
    const event = await until(`the ${feedback} on ${caseNumber}`, async () => {
      const { events } = (await office.call('GET', `/cases/${caseNumber}`)).body as { events: { type: string; reason?: string; detail?: Record<string, unknown> }[] };
      return events.find((e) => e.type === 'bounceRecorded');
    });
    expect(event).toMatchObject({ reason, detail: { feedback } });
  });
});
