import { beforeEach, describe, expect, it } from 'vitest';
import { apiTestBed } from '../fixtures/api-handler.js';
import { standInTable } from '../fixtures/stand-in-table.js';
import { hashName } from '../../shared/adapters/dynamodb/keys.js';

/**
 * 代访 at a leader reception day (领导接待日): a daughter comes for her bedridden father. The visit registered from the
 * reception records her as the desk's registration would (POST /cases `writtenBy`): her number is the case's when her
 * father left none, and the desk finds the case by her name.
 */

// Monday 30 November 2026, 11:00 in China: the morning session of 桐庐县 has begun.
const { dynamo, invoke } = apiTestBed({ now: '2026-11-30T03:00:00Z' });
const { table, serve } = standInTable(dynamo);
beforeEach(() => serve());

const SESSION = '330122:2026-11-30:0900';
const note = (register: Record<string, unknown>) =>
  invoke({ method: 'POST', path: `/reception-days/${encodeURIComponent(SESSION)}/notes`, staffId: 'tonglu-office', body: { note: '领导当面听取，责成县住建局核实。', register } });
const VISIT = { matter: '父亲王大山82岁卧床，村里修路占了他家承包地一直没有补偿。', petitioner: { anonymous: false, name: '王大山' } };

describe('POST /reception-days/{sessionId}/notes registering a visit with 代访人', () => {
  it('records the daughter who came as the writer: her number the case’s, her name found at the desk', async () => {
    const answer = await note({ ...VISIT, writtenBy: { relation: '父亲', name: '王小明', phone: '13900001111' } });
    expect(answer.status).toBe(201);
    expect(answer.body.registered).toBe(true);
    expect(answer.body.case.channel).toBe('visit');
    expect(answer.body.case.petitioner).toEqual({ anonymous: false, name: '王大山', phone: '13900001111', writtenBy: { relation: '父亲', name: '王小明', phone: '13900001111' } });
    expect([...table.values()].some((item) => item.sk === `WRITERNAME#${hashName('王小明')}`)).toBe(true);
  });

  it('leaves letters with a petitioner who gave his own address, keeping the daughter’s number for staff', async () => {
    const answer = await note({ ...VISIT, petitioner: { ...VISIT.petitioner, address: '桐庐县分水镇东溪村3组' }, writtenBy: { relation: '父亲', name: '王小明', phone: '13900001111' } });
    expect(answer.status).toBe(201);
    expect(answer.body.case.petitioner).toEqual({
      anonymous: false,
      name: '王大山',
      address: '桐庐县分水镇东溪村3组',
      writtenBy: { relation: '父亲', name: '王小明', phone: '13900001111', petitionerOwnContact: true },
    });
  });

  it('refuses, at the reception form’s writer field, the petitioner named as his own writer, registering nothing', async () => {
    const answer = await note({ ...VISIT, writtenBy: { relation: '父亲', name: '王大山', phone: '13900001111' } });
    expect(answer.status).toBe(422);
    expect(answer.body.error).toMatchObject({ messageZh: '代为反映人与信访人是同一人：信访人本人反映的，无需填写代为反映人', issues: [expect.objectContaining({ path: 'body.register.writtenBy.name' })] });
    expect([...table.values()].some((item) => item.entity === 'case')).toBe(false);
  });
});
