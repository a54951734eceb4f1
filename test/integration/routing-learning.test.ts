import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalSystem } from '../../local/system.js';
import { DynamoRoutingModels } from '../../shared/adapters/dynamodb/routing-model-store.js';
import { keepVocabularyWithinLimit } from '../../shared/app/routing/learn-routing.js';
import { VOCABULARY_KEPT, VOCABULARY_LIMIT, wordsToForget } from '../../shared/domain/routing-model.js';
import { captureLogs } from '../fixtures/log-capture.js';
import { letter, loginAs, removeDir, startTestSystem, type ApiClient, until } from './helpers.js';

/** Routing that learns, through the local system: staff decide triage cases, the router learns them, and once it has learned enough the next like petition comes with a suggestion. */
let system: LocalSystem;
let dataDir: string;
let registrar: ApiClient;
let office: ApiClient;
let models: DynamoRoutingModels;
const logs = captureLogs();

beforeAll(async () => {
  ({ system, dataDir } = await startTestSystem());
  registrar = await loginAs(system.apiUrl, 'tonglu-registrar');
  office = await loginAs(system.apiUrl, 'tonglu-office');
  const client = new DynamoDBClient({ region: 'us-east-1', endpoint: system.endpoints.dynamodb, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  models = new DynamoRoutingModels(client, system.resources.tableName);
});

afterAll(async () => {
  logs.restore();
  await system?.close();
  removeDir(dataDir);
});

/** Registers a letter whose words name no department (no configured keyword) and waits for it in the county's triage list. */
async function triaged(matter: string, name: string): Promise<{ caseNumber: string; triage: { reasons: string[]; suggestion?: Record<string, unknown> } }> {
  const created = await registrar.call('POST', '/cases', letter({ subject: '反映问题', matter, petitioner: { name, phone: `139-${String(matter.length).padStart(4, '0')}-${name.length}000`, address: '桐庐县城南街道' } }));
  expect(created.status).toBe(201);
  const caseNumber = created.body.case.caseNumber as string;
  const c = await until(`${caseNumber} in the triage list`, async () => {
    const read = (await office.call('GET', `/cases/${caseNumber}`)).body;
    return read?.case?.triage ? read.case : undefined;
  });
  return { caseNumber, triage: c.triage };
}

describe('routing that learns, on the local system', () => {
  it('learns each staff decision once and, once it has learned enough, suggests the lead unit, with its words, for the next like petition', async () => {
    // Eight decisions the office's staff made before (learned as the router learns them), four for each department.
    for (let i = 0; i < 4; i++) {
      const at = '2026-12-01T02:00:00.000Z';
      await models.learn({ exampleId: `earlier-wages-${i}`, jurisdiction: '330122', department: 'humanResourcesSocialSecurity', words: ['老板', '工钱', `工地${i}`], caseNumber: `330122-2026-90000${i}`, at });
      await models.learn({ exampleId: `earlier-lift-${i}`, jurisdiction: '330122', department: 'housing', words: ['电梯', '开发商', `楼栋${i}`], caseNumber: `330122-2026-90001${i}`, at });
    }
    const wages = await triaged('我在横村镇一家服装厂干了八个月，老板三个月没发钱，说资金周转不过来，二十多个工人都在等。', '周建华');
    const lift = await triaged('我们小区的电梯坏了三个月没人修，开发商和业委会互相推诿，老人上下楼很困难。', '陈美玲');
    // Eight decisions are too few to suggest from (minExamplesToSuggest, 10): staff decide, told why.
    expect(wages.triage.suggestion).toBeUndefined();
    expect(wages.triage.reasons.join(' ')).toMatch(/学习模型仅有8次分办，少于10次，暂不提供建议/);

    expect((await office.call('POST', `/cases/${wages.caseNumber}/route`, { lead: '330122-hrss' })).status).toBe(202);
    expect((await office.call('POST', `/cases/${lift.caseNumber}/route`, { lead: '330122-housing' })).status).toBe(202);
    const model = await until('both decisions learned', async () => {
      const m = await models.load('330122');
      return m.departments.every((d) => d.examples === 5) ? m : undefined;
    });
    expect(Object.fromEntries(model.departments.map((d) => [d.department, d.examples]))).toEqual({ humanResourcesSocialSecurity: 5, housing: 5 });
    expect(model.departments.find((d) => d.department === 'humanResourcesSocialSecurity')!.words.get('老板')).toBe(5);

    const next = await triaged('服装厂的老板三个月没发钱了，工人们都在等，请帮忙讨回。', '吴晓东');
    expect(next.triage.suggestion).toMatchObject({ department: 'humanResourcesSocialSecurity', unit: '330122-hrss', examples: 10 });
    expect(next.triage.suggestion!.words).toContain('老板');
    // Ten decisions are still short of minExamples: the model suggests, staff decide.
    expect(next.triage.reasons.join(' ')).toMatch(/学习模型（10次分办）：人力资源和社会保障.*请人工分办/);
    const listed = (await office.call('GET', '/work-lists/triage')).body.items as { caseNumber: string; suggestion?: { unit: string } }[];
    expect(listed.find((i) => i.caseNumber === next.caseNumber)?.suggestion).toMatchObject({ unit: '330122-hrss' });

    // Still five examples each: the router's own routing of the third petition taught nothing.
    expect((await models.load('330122')).departments.map((d) => d.examples)).toEqual([5, 5]);
  }, 90_000);

  it('keeps a department’s vocabulary within its limit in the table: the rarest words go, the total loses exactly their counts', async () => {
    // An office of its own: 43 decisions of 120 words each, one word (工资) in all of them, the rest seen once.
    const county = '330127';
    for (let i = 0; i < 43; i++) {
      const words = ['工资', ...Array.from({ length: 119 }, (_, j) => `人名${i}号${j}`)];
      expect(await models.learn({ exampleId: `vocabulary-${i}`, jurisdiction: county, department: 'housing', words, caseNumber: `330127-2026-${String(i + 1).padStart(6, '0')}`, at: '2026-12-01T02:00:00.000Z' })).toBe(true);
    }
    const before = (await models.department(county, 'housing'))!;
    expect(before.words.size).toBe(1 + 43 * 119);
    expect(before.words.size).toBeGreaterThan(VOCABULARY_LIMIT);

    // A decision learned since the counts were read: nothing is forgotten, the next review will.
    expect(await models.forget(county, 'housing', wordsToForget(before.words), before.examples - 1)).toBe(0);
    expect((await models.department(county, 'housing'))!.words.size).toBe(before.words.size);

    expect(await keepVocabularyWithinLimit(models, county, 'housing')).toBe(before.words.size - VOCABULARY_KEPT);
    const after = (await models.department(county, 'housing'))!;
    expect(after.words.size).toBe(VOCABULARY_KEPT);
    expect(after.words.get('工资')).toBe(43);
    expect(after.examples).toBe(43);
    expect(after.wordTotal).toBe(before.wordTotal - (before.words.size - VOCABULARY_KEPT));
  });
});
