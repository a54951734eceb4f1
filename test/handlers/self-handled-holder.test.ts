import { beforeEach, describe, expect, it } from 'vitest';
import { apiTestBed } from '../fixtures/api-handler.js';
import { keyOf, standInTable } from '../fixtures/stand-in-table.js';
import { unpacked } from '../fixtures/stored-items.js';

/**
 * A case the office handles itself (自办) is concluded and answered by that
 * office only: the level above would write the decision letter in its name
 * (经桐庐县信访局办理, signed 桐庐县信访局) and then send the petitioner to
 * itself for the 复查 (条例 第三十五条), one level of review lost. The level
 * above that would decide takes the case up first (转办至本级). What the
 * console offers and what the API refuses agree.
 */

// Monday 23 November 2026, 10:00 in China.
const { dynamo, invoke } = apiTestBed({ now: '2026-11-23T02:00:00Z' });
const { table, serve } = standInTable(dynamo);
beforeEach(serve);

const call = (staffId: string, method: string, path: string, body?: unknown) => invoke({ method, path, staffId, ...(body === undefined ? {} : { body }) });
const CONCLUSION = { facts: '经查，反映的楼顶漏水属实。', basis: '依据有关规定。', decision: '不予支持。', outcome: 'notSupported' };
const storedCase = (n: string) => unpacked(table.get(keyOf({ pk: `CASE#${n}`, sk: 'CASE' }))!) as { status: string; result?: unknown };

/** A letter registered and accepted at 桐庐县, given to no unit: the office handles it itself. */
async function selfHandled(): Promise<string> {
  const created = await call('tonglu-registrar', 'POST', '/cases', {
    jurisdiction: '330122',
    channel: 'letter',
    receivedAt: '2026-11-23T09:15:00+08:00',
    matter: '反映城南小区楼顶漏水三个月无人维修。',
    petitioner: { name: '张伟', phone: '13800001111', address: '桐庐县城南街道迎春路8号' },
  });
  expect(created.status).toBe(201);
  const n = created.body.case.caseNumber as string;
  expect((await call('tonglu-office', 'POST', `/cases/${n}/accept`)).status).toBe(200);
  return n;
}

describe('a self-handled case (自办) is concluded and answered by the office holding it', () => {
  it('the city, the province’s administrator and the city’s leader are neither offered nor allowed to conclude it, extend it or stop its clock; the city is told to take it up first', async () => {
    const n = await selfHandled();
    for (const staffId of ['hz-office', 'hz-leader-principal', 'zj-admin']) {
      const view = await call(staffId, 'GET', `/cases/${n}`);
      expect(view.status, staffId).toBe(200);
      expect(view.body.allowedActions, staffId).not.toContain('conclude');
      expect(view.body.allowedActions, staffId).not.toContain('requestExtension');
      expect(view.body.allowedActions, staffId).not.toContain('suspend');
      const refused = await call(staffId, 'POST', `/cases/${n}/conclude`, CONCLUSION);
      expect(refused.status, staffId).toBe(403);
    }
    const refused = await call('hz-office', 'POST', `/cases/${n}/conclude`, CONCLUSION);
    expect(refused.body.error.messageZh).toContain('请先将该事项转办至本机关（提级办理）');
    expect((await call('hz-office', 'POST', `/cases/${n}/extension`, { days: 10, reason: '需要现场勘验' })).status).toBe(403);
    const suspend = await call('hz-office', 'POST', `/cases/${n}/suspend`, { ground: 'hearing', reason: '组织听证' });
    expect(suspend.status).toBe(403);
    expect(suspend.body.error.messageZh).toContain('上级机关不能代其');
    expect(storedCase(n).result).toBeUndefined();

    // The office holding it is offered them, and concludes.
    expect((await call('tonglu-office', 'GET', `/cases/${n}`)).body.allowedActions).toEqual(expect.arrayContaining(['conclude', 'requestExtension', 'suspend']));
    expect((await call('tonglu-office', 'POST', `/cases/${n}/conclude`, CONCLUSION)).status).toBe(200);
  });

  it('the city may not reply what 桐庐县 concluded: it would sign as 桐庐县 and be the review level named to the petitioner', async () => {
    const n = await selfHandled();
    expect((await call('tonglu-office', 'POST', `/cases/${n}/conclude`, CONCLUSION)).status).toBe(200);

    expect((await call('hz-office', 'GET', `/cases/${n}`)).body.allowedActions).not.toContain('reply');
    const refused = await call('hz-office', 'POST', `/cases/${n}/reply`, {});
    expect(refused.status).toBe(403);
    expect(storedCase(n).status).toBe('concluded');

    expect((await call('tonglu-office', 'GET', `/cases/${n}`)).body.allowedActions).toContain('reply');
    const replied = await call('tonglu-office', 'POST', `/cases/${n}/reply`, {});
    expect(replied.status).toBe(200);
    expect(replied.body.case.status).toBe('replied');
  });
});
