import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalSystem } from '../../local/system.js';
import { letter, loginAs, removeDir, startTestSystem, type ApiClient, until } from './helpers.js';

/**
 * 代为反映人 registered at the desk, end to end: the acceptance notice goes to
 * whoever the case's contact is — the daughter when her father left none, a
 * villager who left her own rather than the cadre who called for her —
 * addressed to that person.
 */
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

const mailTo = (address: string) => system.ses.list().filter((m) => m.to.includes(address));

async function acceptedAndAssigned(body: Record<string, unknown>): Promise<string> {
  const created = await registrar.call('POST', '/cases', letter(body));
  expect(created.status).toBe(201);
  const number = created.body.case.caseNumber as string;
  expect((await office.call('POST', `/cases/${number}/accept`, { category: 'request' })).status).toBe(200);
  expect((await office.call('POST', `/cases/${number}/assign`, { lead: '330122-housing' })).status).toBe(202);
  return number;
}

describe('letters of a petition registered with 代为反映人', () => {
  it('go to the daughter, addressed to her, when her father left no contact of his own', async () => {
    const number = await acceptedAndAssigned({ petitioner: { name: '王大山' }, writtenBy: { relation: '父亲', name: '王小明', email: 'wangxiaoming@163.example' } });
    const notice = await until('the acceptance notice to the daughter', async () => mailTo('wangxiaoming@163.example').find((m) => m.subject.includes('受理告知') && m.text.includes(number)));
    expect(notice.text.startsWith('王小明：') || notice.text.includes('\n王小明：')).toBe(true);
  });

  it('go to the villager, by her name, when she left her own email; the cadre who called for her is not written to', async () => {
    const number = await acceptedAndAssigned({ petitioner: { name: '李秀兰', email: 'lixiulan@qq.example' }, writtenBy: { relation: '村民', name: '陈建军', email: 'chenjianjun@126.example' } });
    const notice = await until('the acceptance notice to the petitioner', async () => mailTo('lixiulan@qq.example').find((m) => m.subject.includes('受理告知') && m.text.includes(number)));
    expect(notice.text).toContain('李秀兰：');
    expect(mailTo('chenjianjun@126.example')).toEqual([]);
  });
});
