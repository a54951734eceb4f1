import { beforeEach, describe, expect, it } from 'vitest';
import { apiTestBed } from '../fixtures/api-handler.js';
import { keyOf, standInTable } from '../fixtures/stand-in-table.js';
import { unpacked } from '../fixtures/stored-items.js';
import { caseItem, caseOf } from '../../shared/adapters/dynamodb/case-store.js';

/**
 * The repeat check at registration links a new petition only to an earlier
 * case the office holding it may read (docs/domain.md, "Confidentiality and
 * accountability"; 条例 第三十条): a report against the county, moved up to
 * the city, is not named to the county's desk by the next visit of the same
 * petitioner; another county's case is not named sideways. The level above
 * still finds what its levels below handle (第十九条), an office its own.
 */

// Friday 20 November 2026, 10:00 in China.
const { dynamo, invoke } = apiTestBed({ now: '2026-11-20T02:00:00Z' });
const { table, serve, serveContactIndex } = standInTable(dynamo);
beforeEach(() => {
  serve();
  serveContactIndex();
});

const PHONE = '13700003333';
const visit = (jurisdiction: string, matter: string, receivedAt = '2026-11-20T09:00:00+08:00') => ({
  jurisdiction,
  channel: 'visit',
  receivedAt,
  subject: '房屋被强拆',
  matter,
  petitioner: { name: '刘建军', phone: PHONE, address: '桐庐县城南街道' },
});
const REPORT = '举报县长方建华带人强拆我家房屋，没有任何补偿，请上级查处。';
const AGAIN = '我家房屋被带人强拆，没有任何补偿，请上级查处。';

async function register(staffId: string, body: unknown) {
  const response = await invoke({ method: 'POST', path: '/cases', staffId, body });
  expect(response.status).toBe(201);
  return response.body.case as { caseNumber: string; repeatOf?: string; intakeFlags?: { repeatSimilarity?: number } };
}

/** What the router does with a report against the county's government: the city holds it, kept from the county. */
function moveUpAsReportAgainst(caseNumber: string, place: string, to: string) {
  const key = keyOf({ pk: `CASE#${caseNumber}`, sk: 'CASE' });
  const c = caseOf(table.get(key)!);
  table.set(key, caseItem({ ...c, jurisdiction: to, accusedJurisdictions: [place], status: 'accepted' }));
}

const registeredEvent = (caseNumber: string) =>
  [...table.values()].filter((i) => i.pk === `CASE#${caseNumber}`).map((i) => unpacked(i)).find((i) => i.entity === 'event') as { detail: Record<string, unknown> };

describe('the repeat check at registration sees only what the registering office may see', () => {
  it('a report against the county, held by the city, is not named to the county’s desk by the next visit; the city still finds it', async () => {
    const report = await register('tonglu-registrar', visit('330122', REPORT, '2026-11-19T09:00:00+08:00'));
    moveUpAsReportAgainst(report.caseNumber, '330122', '330100');
    expect((await invoke({ method: 'GET', path: `/cases/${report.caseNumber}`, staffId: 'tonglu-office' })).status).toBe(404);

    const again = await register('tonglu-registrar', visit('330122', AGAIN));

    expect(again.repeatOf).toBeUndefined();
    expect(again.intakeFlags?.repeatSimilarity).toBeUndefined();
    expect(registeredEvent(again.caseNumber).detail.repeatOf).toBeUndefined();
    expect(JSON.stringify(unpacked(table.get(keyOf({ pk: `CASE#${again.caseNumber}`, sk: 'CASE' }))!))).not.toContain(report.caseNumber);

    // The city, which holds the report, links the same report brought to it (the most similar of the cases it sees).
    const atCity = await register('hz-registrar', visit('330100', REPORT));
    expect(atCity.repeatOf).toBe(report.caseNumber);
    expect(atCity.intakeFlags?.repeatSimilarity).toBe(1);
  });

  it('another county’s case is not named sideways; the same office’s is, and the level above finds its county’s (第十九条)', async () => {
    const FIRST = REPORT.replace('举报县长方建华', '村里');
    const first = await register('tonglu-registrar', visit('330122', FIRST, '2026-11-19T09:00:00+08:00'));

    const sideways = await register('chunan-registrar', visit('330127', AGAIN));
    expect(sideways.repeatOf).toBeUndefined();
    expect(sideways.intakeFlags?.repeatSimilarity).toBeUndefined();
    expect(registeredEvent(sideways.caseNumber).detail.repeatOf).toBeUndefined();

    const same = await register('tonglu-registrar', visit('330122', AGAIN));
    expect(same.repeatOf).toBe(first.caseNumber);
    const above = await register('hz-registrar', visit('330100', FIRST));
    expect(above.repeatOf).toBe(first.caseNumber);
  });
});
