import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
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

const execFileAsync = promisify(execFile);
type RawConfig = { jurisdictions: { code: string; replySignOff?: string; units: { id: string; head?: string }[] }[]; staff: { id: string; unit?: string }[] };

/** The case registered, routed to the housing bureau and concluded by its handler: its letter waits for the head's sign-off. */
async function concludedLetter(subject: string, matter: string): Promise<string> {
  const registrar = await loginAs(system.apiUrl, 'tonglu-registrar');
  const created = await registrar.call('POST', '/cases', letter({ subject, matter }));
  expect(created.status).toBe(201);
  const n = created.body.case.caseNumber as string;
  await until(`${n} routed`, async () => {
    const c = (await office.call('GET', `/cases/${n}`)).body.case;
    return c.triage || c.handling ? c : undefined;
  });
  if ((await office.call('GET', `/cases/${n}`)).body.case.handling?.lead !== '330122-housing') {
    expect([200, 202]).toContain((await office.call('POST', `/cases/${n}/route`, { lead: '330122-housing' })).status);
  }
  await until(`${n} with the housing bureau`, async () => (await office.call('GET', `/cases/${n}`)).body.case.handling?.lead === '330122-housing');
  const concluded = await handler.call('POST', `/cases/${n}/conclude`, { facts: '经现场查看，楼道照明线路老化。', basis: '《物业管理条例》第五十五条', decision: '责成物业公司于12月20日前更换线路。', outcome: 'supported' });
  expect(concluded.status).toBe(200);
  return n;
}

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

  it('a staff change deployed: reindex with the new roster moves the waiting letter to the new head and emails them once', async () => {
    const n = await concludedLetter('楼道照明损坏', '反映城南小区5幢楼道照明损坏两个月，物业公司一直不修。');
    expect(await waitingFor(head)).toContain(n);
    await until('the 待签发 letter to the head', async () => system.ses.list().find((m) => m.to.includes('yu.zhiming@tonglu.petitions.example') && m.subject.includes(n)));

    // The roster changes: the housing bureau's head and the labour bureau's head swap posts.
    const raw = readConfigFile(join(configDir, 'province.yaml')) as RawConfig;
    const units = raw.jurisdictions.find((j) => j.code === '330122')!.units;
    units.find((u) => u.id === '330122-housing')!.head = 'tonglu-hrss-head';
    units.find((u) => u.id === '330122-hrss')!.head = 'tonglu-housing-head';
    raw.staff.find((s) => s.id === 'tonglu-housing-head')!.unit = '330122-hrss';
    raw.staff.find((s) => s.id === 'tonglu-hrss-head')!.unit = '330122-housing';
    const moved = join(configDir, 'province-moved.yaml');
    writeFileSync(moved, stringify(raw));
    const table = system.resources.tableName;
    const reindex = () => execFileAsync('npx', ['tsx', 'scripts/reindex.ts', '--endpoint', system.endpoints.dynamodb, '--table', table, '--config', moved], { encoding: 'utf8' });

    expect((await reindex()).stdout).toMatch(/ 1 待签发 entries moved to the roster's approvers, /);
    const mail = await until('the 待签发 letter to the new head', async () => system.ses.list().find((m) => m.to.includes('yan.guoping@tonglu.petitions.example') && m.subject.includes(n)));
    expect(mail.subject).toBe(`【待签发】${n} 楼道照明损坏 处理意见书请审核签发`);
    expect(mail.to).not.toContain('yu.zhiming@tonglu.petitions.example');
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1', endpoint: system.endpoints.dynamodb, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));
    expect((await doc.send(new GetCommand({ TableName: table, Key: { pk: `CASE#${n}`, sk: 'SIGNOFF' } }))).Item).toMatchObject({ gsi2pk: 'SIGNOFF#UNIT#330122-housing', approvers: ['tonglu-hrss-head'] });

    // Run again: nothing moves, nobody is written to twice.
    expect((await reindex()).stdout).toMatch(/ 0 待签发 entries moved to the roster's approvers, /);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(system.ses.list().filter((m) => m.to.includes('yan.guoping@tonglu.petitions.example') && m.subject.includes(n))).toHaveLength(1);
  }, 120_000);
});
