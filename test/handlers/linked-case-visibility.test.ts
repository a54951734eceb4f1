import { beforeEach, describe, expect, it } from 'vitest';
import { apiTestBed } from '../fixtures/api-handler.js';
import { keyOf, standInTable } from '../fixtures/stand-in-table.js';
import { caseItem, caseOf } from '../../shared/adapters/dynamodb/case-store.js';
import { auditKey, eventKey } from '../../shared/adapters/dynamodb/keys.js';
import type { Case } from '../../shared/domain/case.js';

/**
 * A case's links to other cases (repeatOf, a 关联为重复件, a repeat merged
 * into it, a number in a reason or in the audit trail) are shown only to
 * whoever may read the other case too (docs/domain.md, "Confidentiality and
 * accountability"; 条例 第三十条): the unit a report accuses does not learn
 * from its own case that the report exists, nor a county of its neighbour's
 * case; the city above, which reads both, still sees the link. The cases
 * here were linked before the repeat check learned to link only to readable
 * cases: stored as such, as old cases are.
 */

// Friday 20 November 2026, 10:00 in China.
const { dynamo, invoke } = apiTestBed({ now: '2026-11-20T02:00:00Z' });
const { table, serve, serveContactIndex } = standInTable(dynamo);
beforeEach(() => {
  serve();
  serveContactIndex();
});

const visit = (jurisdiction: string, matter: string, phone: string) => ({
  jurisdiction,
  channel: 'visit',
  receivedAt: '2026-11-19T09:00:00+08:00',
  subject: '房屋征收补偿',
  matter,
  petitioner: { name: '刘建军', phone, address: '桐庐县城南街道' },
});

async function register(staffId: string, body: unknown): Promise<string> {
  const response = await invoke({ method: 'POST', path: '/cases', staffId, body });
  expect(response.status).toBe(201);
  return (response.body.case as { caseNumber: string }).caseNumber;
}

function rewrite(caseNumber: string, change: (c: Case) => Case) {
  const key = keyOf({ pk: `CASE#${caseNumber}`, sk: 'CASE' });
  table.set(key, caseItem(change(caseOf(table.get(key)!))));
}

/** What the case and its trail carried when it was linked to `earlier` (before the repeat check's fix): the link, the similarity, the events and an audit line. */
function linkTheOldWay(caseNumber: string, earlier: string, change: (c: Case) => Case = (c) => c) {
  rewrite(caseNumber, (c) => change({ ...c, repeatOf: earlier, repeatLinkedBy: 'tonglu-office', intakeFlags: { ...c.intakeFlags, repeatSimilarity: 0.82 } }));
  const at = '2026-11-19T03:00:00.000Z';
  const linked = { caseNumber, seq: 50, type: 'repeatLinked', at, actor: 'tonglu-office', reason: `与前案 ${earlier} 为同一信访人反映的同一事项`, detail: { earlier } };
  const merged = { caseNumber, seq: 51, type: 'messageReceived', at, actor: 'system', reason: `重复件 ${earlier} 的内容并入本件`, detail: { repeat: earlier, channel: 'visit', attachments: 0 } };
  for (const e of [linked, merged]) table.set(keyOf(eventKey(caseNumber, e.seq)), { ...e, ...eventKey(caseNumber, e.seq), entity: 'event' });
  const audit = { caseNumber, at, actor: 'tonglu-office', action: 'repeat-of', outcome: 'allowed', detail: `前案 ${earlier}` };
  table.set(keyOf(auditKey(caseNumber, at, 'a-1')), { ...auditKey(caseNumber, at, 'a-1'), entity: 'audit', ...audit });
}

const read = async (caseNumber: string, staffId: string) => {
  const response = await invoke({ method: 'GET', path: `/cases/${caseNumber}`, staffId });
  expect(response.status).toBe(200);
  return response.body as { case: Case; events: { type: string; detail?: Record<string, unknown> }[] };
};

describe('links to cases the reader may not read are not shown', () => {
  it('the housing bureau handling a petition does not see that it repeats a report against the bureau; the county office still does', async () => {
    const report = await register('tonglu-registrar', visit('330122', '举报县住建局工作人员收受开发商好处，强拆我家房屋。', '13700004444'));
    rewrite(report, (c) => ({ ...c, status: 'accepted', accusedUnits: ['330122-housing'] }));
    const later = await register('tonglu-registrar', visit('330122', '我家房屋被强拆，至今没有补偿，请求依法补偿。', '13700004444'));
    linkTheOldWay(later, report, (c) => ({ ...c, status: 'assigned', handling: { lead: '330122-housing', cooperating: [] } }));
    expect((await invoke({ method: 'GET', path: `/cases/${report}`, staffId: 'tonglu-housing-handler' })).status).toBe(404);

    const unit = await read(later, 'tonglu-housing-handler');
    expect(JSON.stringify(unit)).not.toContain(report);
    expect(unit.case.repeatOf).toBeUndefined();
    expect(unit.case.intakeFlags?.repeatSimilarity).toBeUndefined();
    // No 关联为重复件 at all, not even without its number: that there is one would tell.
    expect(unit.events.some((e) => e.type === 'repeatLinked')).toBe(false);
    // The material merged in is still material received, without the case it came from.
    const merged = unit.events.find((e) => e.type === 'messageReceived' && e.detail?.channel === 'visit');
    expect(merged?.detail?.repeat).toBeUndefined();

    const office = await read(later, 'tonglu-office');
    expect(office.case.repeatOf).toBe(report);
    expect(office.case.intakeFlags?.repeatSimilarity).toBe(0.82);
    expect(office.events.find((e) => e.type === 'repeatLinked')?.detail?.earlier).toBe(report);
  });

  it('a county does not see its case repeats a neighbour county’s, in the case, its answers or its audit trail; the city above sees the link', async () => {
    const tonglu = await register('tonglu-registrar', visit('330122', '村里违法占用我家承包地建厂，至今没有补偿。', '13700005555'));
    const chunan = await register('chunan-registrar', visit('330127', '村里违法占用我家承包地建厂，没有任何补偿。', '13700005555'));
    linkTheOldWay(chunan, tonglu);
    expect((await invoke({ method: 'GET', path: `/cases/${tonglu}`, staffId: 'chunan-office' })).status).toBe(404);

    const county = await read(chunan, 'chunan-office');
    expect(JSON.stringify(county)).not.toContain(tonglu);
    expect(county.case.repeatOf).toBeUndefined();
    const trail = await invoke({ method: 'GET', path: `/cases/${chunan}/audit`, staffId: 'chunan-office' });
    expect(trail.status).toBe(200);
    expect(JSON.stringify(trail.body)).not.toContain(tonglu);
    expect(JSON.stringify(trail.body)).toContain('前案 另案');
    // The case an action answers is shown the same way.
    const accepted = await invoke({ method: 'POST', path: `/cases/${chunan}/accept`, staffId: 'chunan-office', body: {} });
    expect(accepted.status).toBe(200);
    expect(JSON.stringify(accepted.body)).not.toContain(tonglu);

    const city = await read(chunan, 'hz-office');
    expect(city.case.repeatOf).toBe(tonglu);
    expect(city.events.find((e) => e.type === 'repeatLinked')?.detail?.earlier).toBe(tonglu);
    const cityTrail = await invoke({ method: 'GET', path: `/cases/${chunan}/audit`, staffId: 'hz-office' });
    expect(JSON.stringify(cityTrail.body)).toContain(`前案 ${tonglu}`);
  });

  it('关联为重复件 on a case linked to a hidden one neither names it nor confirms a guess of it', async () => {
    const tonglu = await register('tonglu-registrar', visit('330122', '村里违法占用我家承包地建厂，至今没有补偿。', '13700006666'));
    const own = await register('chunan-registrar', visit('330127', '村里违法占用我家承包地建厂。', '13700006666'));
    const chunan = await register('chunan-registrar', visit('330127', '村里违法占用我家承包地建厂，没有任何补偿。', '13700006666'));
    linkTheOldWay(chunan, tonglu);

    // Linking it to one of its own county's cases: refused as linked already, the other case unnamed.
    const refused = await invoke({ method: 'POST', path: `/cases/${chunan}/repeat-of`, staffId: 'chunan-office', body: { earlier: own, note: '同一信访人同一事项' } });
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.body)).not.toContain(tonglu);
    expect(JSON.stringify(refused.body)).toContain('本件已关联为其他事项的重复件');
    // Guessing the hidden number: answered as a case that does not exist, not as the link already made.
    const guessed = await invoke({ method: 'POST', path: `/cases/${chunan}/repeat-of`, staffId: 'chunan-office', body: { earlier: tonglu, note: '同一信访人同一事项' } });
    expect(guessed.status).toBe(404);
  });
});
