import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { stringify } from 'yaml';
import type { LocalSystem } from '../../local/system.js';
import { readConfigFile } from '../../shared/config/config-file.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';
import { letter, loginAs, removeDir, startTestSystem, until, type ApiClient } from './helpers.js';

/**
 * 待签发 against the local system, with 桐庐县 requiring the unit head's
 * sign-off: a case the housing bureau concludes is on its head's list (the
 * byUnit index in DynamoDB Local), its head is emailed, and the approval
 * takes it off.
 */
let system: LocalSystem;
let dataDir: string;
let configDir: string;
let office: ApiClient;
let handler: ApiClient;
let head: ApiClient;
let leader: ApiClient;

beforeAll(async () => {
  configDir = mkdtempSync(join(tmpdir(), 'xinfang-signoff-config-'));
  const raw = readConfigFile(DEMO_CONFIG) as { jurisdictions: { code: string; replySignOff?: string }[] };
  raw.jurisdictions.find((j) => j.code === '330122')!.replySignOff = 'unitHead';
  writeFileSync(join(configDir, 'province.yaml'), stringify(raw));
  symlinkSync(join(DEMO_CONFIG, '..', 'holidays'), join(configDir, 'holidays'));
  ({ system, dataDir } = await startTestSystem({ configPath: join(configDir, 'province.yaml') }));
  [office, handler, head, leader] = await Promise.all([
    loginAs(system.apiUrl, 'tonglu-office'),
    loginAs(system.apiUrl, 'tonglu-housing-handler'),
    loginAs(system.apiUrl, 'tonglu-housing-head'),
    loginAs(system.apiUrl, 'tonglu-leader-petitions'),
  ]);
}, 60_000);

afterAll(async () => {
  await system?.close();
  removeDir(dataDir);
  removeDir(configDir);
});

const waitingFor = async (client: ApiClient) => ((await client.call('GET', '/work-lists/awaitingSignOff')).body.items as { caseNumber: string }[]).map((c) => c.caseNumber);

describe('待签发 in DynamoDB Local', () => {
  it('puts the concluded letter on the unit head’s list, emails them, and takes it off once signed', async () => {
    const registrar = await loginAs(system.apiUrl, 'tonglu-registrar');
    const created = await registrar.call('POST', '/cases', letter({ subject: '楼顶漏水', matter: '反映城南小区3幢楼顶漏水三个月，物业公司一直不维修。' }));
    expect(created.status).toBe(201);
    const n = created.body.case.caseNumber as string;
    const settled = await until(`${n} routed`, async () => {
      const c = (await office.call('GET', `/cases/${n}`)).body.case;
      return c.triage || c.handling ? c : undefined;
    });
    // One keyword (物业) is too little for the router to choose the unit alone: the office routes it.
    expect(settled.handling).toBeUndefined();
    expect(settled.triage.reasons).toContain('未能确定承办部门，请人工分办。');
    expect([200, 202]).toContain((await office.call('POST', `/cases/${n}/route`, { lead: '330122-housing' })).status);
    await until(`${n} with the housing bureau`, async () => (await office.call('GET', `/cases/${n}`)).body.case.handling?.lead === '330122-housing');
    const concluded = await handler.call('POST', `/cases/${n}/conclude`, { facts: '经现场查看，3幢楼顶防水层老化破损。', basis: '《物业管理条例》第五十五条', decision: '责成物业公司于12月20日前完成维修。', outcome: 'supported' });
    expect(concluded.status).toBe(200);

    expect(await waitingFor(head)).toEqual([n]);
    expect(await waitingFor(leader)).toEqual([]);
    const counts = (await head.call('GET', '/work-lists')).body.lists as { list: string; count: number }[];
    expect(counts.find((l) => l.list === 'awaitingSignOff')).toEqual({ list: 'awaitingSignOff', count: 1 });
    const mail = await until('the 待签发 letter to the head', async () => system.ses.list().find((m) => m.to.includes('yu.zhiming@tonglu.petitions.example') && m.subject.includes('【待签发】')));
    expect(mail.subject).toContain(n);

    expect((await head.call('POST', `/cases/${n}/decision-letter/sign-off`, {})).status).toBe(200);
    expect(await waitingFor(head)).toEqual([]);
  }, 60_000);
});
