import { beforeEach, describe, expect, it } from 'vitest';
import { apiTestBed } from '../fixtures/api-handler.js';
import { standInTable } from '../fixtures/stand-in-table.js';

/**
 * 重复信访 is found by the petitioner's contacts. Where someone came or called for a petitioner who left no contact of
 * their own (代为反映人), the case's number is the writer's: a village cadre phoning for two villagers about one road
 * gives the same number for different people, and the second villager's petition is no repeat of the first's — it
 * would be declined (不予受理) and folded into the other villager's case.
 */

// Thursday 10 December 2026, 11:00 in China.
const { dynamo, invoke } = apiTestBed({ now: '2026-12-10T03:00:00Z' });
const { serve, serveContactIndex } = standInTable(dynamo);
beforeEach(() => {
  serve();
  serveContactIndex();
});

const ROAD = '村里修路占用了我家的承包地，约一亩二分，至今没有任何补偿，村委会说要等镇里拨款，请求有关部门督促落实征地补偿款。';
const call = (body: Record<string, unknown>) =>
  invoke({
    method: 'POST',
    path: '/cases',
    staffId: 'tonglu-registrar',
    body: { jurisdiction: '330122', channel: 'phone', receivedAt: '2026-12-10T10:30:00+08:00', subject: '修路占地补偿', matter: ROAD, ...body },
  });
const CADRE = { relation: '村民', name: '陈建军', phone: '0571-64281234' };

describe('repeats among petitions a writer brought for different people', () => {
  it('does not take a second villager’s petition for a repeat of the first’s because the cadre left one number for both', async () => {
    const first = await call({ petitioner: { name: '李秀兰' }, writtenBy: CADRE });
    expect(first.status).toBe(201);
    const second = await call({ petitioner: { name: '张桂芳' }, writtenBy: CADRE });
    expect(second.status).toBe(201);
    expect(second.body.case.repeatOf).toBeUndefined();
  });

  it('does not take the cadre’s own petition, by his own number, for a repeat of the villager’s', async () => {
    const forVillager = await call({ petitioner: { name: '李秀兰' }, writtenBy: CADRE });
    expect(forVillager.status).toBe(201);
    const own = await call({ petitioner: { name: '陈建军', phone: '0571-64281234' } });
    expect(own.status).toBe(201);
    expect(own.body.case.repeatOf).toBeUndefined();
  });

  it('still finds the same villager’s petition brought again by the cadre a repeat', async () => {
    const first = await call({ petitioner: { name: '李秀兰' }, writtenBy: CADRE });
    const again = await call({ petitioner: { name: '李 秀兰' }, writtenBy: CADRE, matter: `再次反映：${ROAD}` });
    expect(again.status).toBe(201);
    expect(again.body.case.repeatOf).toBe(first.body.case.caseNumber);
  });
});
