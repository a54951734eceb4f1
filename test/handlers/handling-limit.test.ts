import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { parse as parseYaml, stringify } from 'yaml';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { acceptance } from '../../shared/app/handoff/decisions.js';
import type { Actor } from '../../shared/domain/access.js';
import type { Case } from '../../shared/domain/case.js';
import { registerPetition } from '../../shared/domain/registration.js';
import { apiTestBed } from '../fixtures/api-handler.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';
import { loadHandoffHandler, type HandoffHandler } from '../fixtures/handoff-handler.js';
import { sqsEvent, sqsRecord } from '../fixtures/sqs-event.js';
import { unpacked } from '../fixtures/stored-items.js';

/**
 * 桐庐县 handles its own cases in 30 days and gives units 90 (byHandling): the
 * handoff function, applying an assignment of a case the office accepted and
 * had been handling itself, stores the 90 days counted from acceptance.
 */
const dir = mkdtempSync(join(tmpdir(), 'handling-limit-'));
const configPath = join(dir, 'province.yaml');
const raw = parseYaml(readFileSync(DEMO_CONFIG, 'utf8')) as { jurisdictions: { code: string; byHandling?: unknown }[] };
raw.jurisdictions.find((j) => j.code === '330122')!.byHandling = { selfHandled: { handling: { days: 30 } }, assigned: { handling: { days: 90 } } };
writeFileSync(configPath, stringify(raw));
cpSync(join(dirname(DEMO_CONFIG), 'holidays'), join(dir, 'holidays'), { recursive: true });
const province = loadProvinceConfig(configPath);

// Thursday 10 December 2026, 10:00 in China.
const { dynamo } = apiTestBed({ now: '2026-12-10T02:00:00.000Z' });
let handoff: HandoffHandler;
beforeAll(async () => {
  vi.stubEnv('PROVINCE_CONFIG_PATH', configPath);
  handoff = await loadHandoffHandler();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const office: Actor = { staffId: 'tonglu-office', jurisdiction: '330122', roles: ['petitionsOffice'] };
const NUMBER = '330122-2026-000041';
const accepted: Case = acceptance(
  province,
  registerPetition(
    { jurisdiction: '330122', channel: 'letter', receivedAt: '2026-12-04T09:00:00+08:00', subject: '小区物业不作为', matter: '小区物业公司长期不履行物业服务合同，垃圾无人清运。', petitioner: { anonymous: false, name: '张伟', email: 'zhangwei@163.example' } },
    { caseNumber: NUMBER, at: '2026-12-04T09:10:00+08:00', actor: 'tonglu-registrar', timeLimits: province.timeLimitsFor('330122'), calendar: province.calendar, units: [] },
  ).case,
  office,
  {},
  '2026-12-07T02:00:00.000Z',
).case;

describe('the handoff function with an office’s 自办 and 交办 limits', () => {
  it('stores the assigned case with the 交办 deadline counted from acceptance, and says why', async () => {
    // 自办: 30 days from Monday 7 December.
    expect(accepted.deadlines.handling).toBe('2027-01-06T16:00:00.000Z');
    dynamo.on(QueryCommand).resolves({ Items: [{ pk: `CASE#${NUMBER}`, sk: 'CASE', entity: 'case', ...accepted }] });
    dynamo.on(GetCommand).resolves({});
    dynamo.on(TransactWriteCommand).resolves({});
    const command = { id: 'cmd-h1', action: 'assign', caseNumber: NUMBER, lead: '330122-housing', cooperating: [], by: 'tonglu-office', byJurisdiction: '330122' };
    await handoff(sqsEvent(sqsRecord({ messageId: 'm-h1', body: JSON.stringify(command), queue: 'xinfang-test-handoff.fifo' })));

    const items = dynamo.commandCalls(TransactWriteCommand).flatMap((c) => c.args[0].input.TransactItems!.flatMap((i) => (i.Put ? [unpacked(i.Put.Item!)] : [])));
    const stored = items.find((i) => i.sk === 'CASE') as unknown as Case & { deadlineExplanations: Case['deadlines']['explanations'] };
    expect(stored).toMatchObject({ status: 'assigned', handling: { lead: '330122-housing' } });
    // 90 days from 7 December, not from the assignment on the 10th.
    expect(stored.deadlines.handling).toBe('2027-03-07T16:00:00.000Z');
    expect(stored.deadlineExplanations?.handling?.rule).toMatchObject({ days: 90, source: 'handling', sourceKey: 'assigned' });
  });
});
