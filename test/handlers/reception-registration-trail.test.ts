import { beforeEach, describe, expect, it } from 'vitest';
import { apiTestBed } from '../fixtures/api-handler.js';
import { standInTable } from '../fixtures/stand-in-table.js';

/**
 * A visit registered from a leader reception day (领导接待日) is a registration like the desk's: the new case's audit
 * trail begins with who registered it, when — as POST /cases begins it, and as a note put on an existing case is there.
 */

// Monday 30 November 2026, 11:00 in China: the morning session of 桐庐县 has begun.
const { dynamo, invoke } = apiTestBed({ now: '2026-11-30T03:00:00Z' });
const { table, serve } = standInTable(dynamo);
beforeEach(() => serve());

const SESSION = '330122:2026-11-30:0900';

describe('POST /reception-days/{sessionId}/notes registering a visit', () => {
  it('writes the registration on the new case’s trail, by the staff member who recorded the reception', async () => {
    const answer = await invoke({
      method: 'POST',
      path: `/reception-days/${encodeURIComponent(SESSION)}/notes`,
      staffId: 'tonglu-office',
      body: { note: '领导当面听取，责成县住建局核实。', register: { matter: '村里修路占了承包地一直没有补偿。', petitioner: { anonymous: false, name: '王大山', phone: '13900001111' } } },
    });
    expect(answer.status).toBe(201);
    const caseNumber = answer.body.case.caseNumber as string;

    const trail = [...table.values()].filter((item) => item.entity === 'audit');
    expect(trail).toEqual([expect.objectContaining({ caseNumber, actor: 'tonglu-office', action: 'register', outcome: 'allowed', at: '2026-11-30T03:00:00.000Z' })]);
  });
});
