import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalSystem } from '../../local/system.js';
import { chinaDate, chinaYear } from '../../shared/domain/case-number.js';
import { letter, loginAs, removeDir, startTestSystem, type ApiClient, until } from './helpers.js';

let system: LocalSystem;
let dataDir: string;
let registrar: ApiClient; // 桐庐县信访局, registration desk
let office: ApiClient; // 桐庐县信访局
let cityRegistrar: ApiClient; // 杭州市信访局
let cityOffice: ApiClient; // 杭州市信访局

beforeAll(async () => {
  ({ system, dataDir } = await startTestSystem());
  registrar = await loginAs(system.apiUrl, 'tonglu-registrar');
  office = await loginAs(system.apiUrl, 'tonglu-office');
  cityRegistrar = await loginAs(system.apiUrl, 'hz-registrar');
  cityOffice = await loginAs(system.apiUrl, 'hz-office');
});

afterAll(async () => {
  await system?.close();
  removeDir(dataDir);
});

/** Registers a petition received just now (so it falls in this year and this month). */
let petitioners = 0;
/** A petition of a petitioner of its own (its own phone): the same caller on the same matter would be a repeat. */
async function register(client: ApiClient, overrides: Record<string, unknown>): Promise<string> {
  petitioners += 1;
  const petitioner = { ...letter().petitioner, phone: `139-0000-${String(petitioners).padStart(4, '0')}` };
  const created = await client.call('POST', '/cases', letter({ receivedAt: undefined, petitioner, ...overrides }));
  expect(created.status).toBe(201);
  return created.body.case.caseNumber as string;
}

const countOf = (list: { key: string; count: number }[], key: string) => list.find((c) => c.key === key)?.count;

describe('statistics on the local system', () => {
  it('counts what was registered and accepted, for the county and for the city above it', async () => {
    // Subjects that name no department: the router leaves all three in the office's triage list.
    const numbers = [
      await register(registrar, { channel: 'letter', subject: '城南小区楼顶漏水' }),
      await register(registrar, { channel: 'visit', subject: '城南小区楼道积水' }),
      await register(registrar, { channel: 'phone', subject: '邻里宅前通行纠纷' }),
    ];
    // 淳安县 itself, not one of its townships: a township's matter would be handed down to that township (territory first).
    await register(cityRegistrar, { jurisdiction: '330127', channel: 'web', subject: '淳安县民宿纠纷' });

    // Accept the first once the router is done with all three, so no write races and no case moves on by itself.
    for (const number of numbers) {
      await until(`the router's triage of ${number}`, async () => (await office.call('GET', `/cases/${number}`)).body.case.triage);
    }
    const accepted = await office.call('POST', `/cases/${numbers[0]}/accept`, { category: 'complaint' });
    expect(accepted.status).toBe(200);

    const year = chinaYear(new Date().toISOString());
    const period = `from=${year}-01-01&to=${year}-12-31&granularity=quarter`;

    const county = await office.call('GET', `/statistics?jurisdiction=330122&${period}`);
    expect(county.status).toBe(200);
    expect(county.body).toMatchObject({ jurisdiction: { code: '330122', name: '桐庐县' }, scope: 'jurisdiction', includeSubordinates: true });
    expect(county.body.totals).toMatchObject({ received: 3, concluded: 0, overdue: 0, open: 3 });
    expect(countOf(county.body.byChannel, 'letter')).toBe(1);
    expect(countOf(county.body.byChannel, 'visit')).toBe(1);
    expect(countOf(county.body.byChannel, 'phone')).toBe(1);
    expect(countOf(county.body.byCategory, 'complaint')).toBe(1);
    expect(countOf(county.body.byStatus, 'accepted')).toBe(1);
    expect(countOf(county.body.byStatus, 'registered')).toBe(2);
    expect(county.body.byPeriod).toHaveLength(4);
    expect(county.body.byPeriod.reduce((sum: number, b: { count: number }) => sum + b.count, 0)).toBe(3);
    expect(county.body.rates.onTime).toEqual({ rate: null, numerator: 0, denominator: 0 });
    expect(county.body.rates.repeat).toEqual({ rate: 0, numerator: 0, denominator: 3 });
    expect(county.body.hotTopics.terms).toEqual(
      expect.arrayContaining([
        { term: '城南', thisMonth: 2, lastMonth: 0, change: 2 },
        { term: '小区', thisMonth: 2, lastMonth: 0, change: 2 },
      ]),
    );

    const city = await cityOffice.call('GET', `/statistics?jurisdiction=330100&${period}`);
    expect(city.status).toBe(200);
    expect(city.body.totals.received).toBe(4);
    expect(countOf(city.body.byJurisdiction, '330122')).toBe(3);
    expect(countOf(city.body.byJurisdiction, '330127')).toBe(1);
    expect(countOf(city.body.byChannel, 'web')).toBe(1);

    // The county sees neither sideways nor upwards.
    const upwards = await office.call('GET', `/statistics?jurisdiction=330100&${period}`);
    expect(upwards.status).toBe(403);

    const csv = await fetch(`${system.apiUrl}/statistics?jurisdiction=330122&${period}&format=csv`, { headers: { authorization: `Bearer ${office.token}` } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="statistics-330122-${year}-01-01-${year}-12-31.csv"`);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    // A report in Chinese for the office: 登记总量 counts every case received.
    expect(text.startsWith('\uFEFF栏目,项目,数值,说明\r\n')).toBe(true);
    expect(text).toContain('\r\n总量,登记总量,3,本期登记的全部事项，含不予受理的\r\n');
  });

  it('lists a case past its acceptance deadline for the monthly screening, to the county and the city, not to a unit, and as CSV', async () => {
    // Received 40 days ago and left in triage (its subject names no department): the 15-day acceptance deadline has passed.
    const old = await register(registrar, { channel: 'phone', subject: '邻里宅前通行纠纷', receivedAt: new Date(Date.now() - 40 * 86_400_000).toISOString() });
    await until(`the router's triage of ${old}`, async () => (await office.call('GET', `/cases/${old}`)).body.case.triage);

    const county = await office.call('GET', '/statistics/unresolved?jurisdiction=330122');
    expect(county.status).toBe(200);
    expect(county.body).toMatchObject({ jurisdiction: { code: '330122', name: '桐庐县' }, scope: 'jurisdiction', totals: { cases: 1, overdue: 1, unsatisfied: 0 } });
    expect(county.body.items).toEqual([
      expect.objectContaining({ caseNumber: old, unit: { code: 'none', name: '未确定承办单位' }, status: 'registered', channel: 'phone', subject: '邻里宅前通行纠纷', reasons: ['overdue'] }),
    ]);
    expect(county.body.items[0].daysOverdue).toBeGreaterThanOrEqual(24);

    const city = await cityOffice.call('GET', '/statistics/unresolved?jurisdiction=330100');
    expect(city.body.items.map((i: { caseNumber: string }) => i.caseNumber)).toEqual([old]);
    expect(countOf(city.body.byJurisdiction, '330122')).toBe(1);

    const unit = await loginAs(system.apiUrl, 'tonglu-housing-handler');
    const unitList = await unit.call('GET', '/statistics/unresolved?jurisdiction=330122');
    expect(unitList.body).toMatchObject({ scope: 'unit', totals: { cases: 0 }, items: [] });

    const csv = await fetch(`${system.apiUrl}/statistics/unresolved?jurisdiction=330122&format=csv`, { headers: { authorization: `Bearer ${office.token}` } });
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="unresolved-330122-\d{4}-\d{2}\.csv"$/);
    const lines = (await csv.text()).split('\r\n');
    expect(lines[1]).toContain(`,${old},330122,桐庐县,none,未确定承办单位,超期未办结,`);

    // Last month's screening again, as of its end (midnight in China on this month's first day); a month to come is refused.
    const thisMonth = chinaDate(new Date().toISOString()).slice(0, 7);
    const [y, m] = thisMonth.split('-').map(Number) as [number, number];
    const lastMonth = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
    const previous = await office.call('GET', `/statistics/unresolved?jurisdiction=330122&month=${lastMonth}`);
    expect(previous.status).toBe(200);
    expect(previous.body).toMatchObject({ month: lastMonth, asOf: new Date(`${thisMonth}-01T00:00:00+08:00`).toISOString() });
    const nextMonth = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
    expect((await office.call('GET', `/statistics/unresolved?jurisdiction=330122&month=${nextMonth}`)).status).toBe(400);

    // 排查存档: the sweep's first run of this month (00:10 on the 1st, China time) files last month's lists, in the table itself.
    const firstRun = new Date(Math.min(Date.parse(`${thisMonth}-01T00:10:00+08:00`), Date.now())).toISOString();
    const swept = await fetch(`${system.apiUrl}/local/schedules/sweep`, { method: 'POST', body: JSON.stringify({ at: firstRun }) });
    expect(((await swept.json()) as { result: { screening: unknown } }).result.screening).toMatchObject({ month: lastMonth, outcome: 'filed', filedAt: firstRun });
    const filed = await office.call('GET', `/statistics/unresolved?jurisdiction=330122&month=${lastMonth}`);
    expect(filed.body).toMatchObject({ month: lastMonth, basis: 'filed', filedAt: firstRun });
    // The triage case is on it when its acceptance deadline had passed by the month's end.
    const dueAt = county.body.items[0].dueAt as string;
    const listed = Date.parse(dueAt) < Date.parse(filed.body.asOf);
    expect(filed.body.items.map((i: { caseNumber: string }) => i.caseNumber)).toEqual(listed ? [old] : []);
    const cityFiled = await cityOffice.call('GET', `/statistics/unresolved?jurisdiction=330100&month=${lastMonth}`);
    expect(cityFiled.body).toMatchObject({ basis: 'filed', totals: { cases: listed ? 1 : 0 } });
  });

  it('counts a letter 桐庐县 received and sent sideways to 淳安县 (转送) in 桐庐县’s 登记总量 and 交办转送, and once at the city', async () => {
    const year = chinaYear(new Date().toISOString());
    const period = `from=${year}-01-01&to=${year}-12-31&granularity=quarter`;
    const chunanOffice = await loginAs(system.apiUrl, 'chunan-office');
    const totals = async (client: ApiClient, jurisdiction: string) => {
      const report = await client.call('GET', `/statistics?jurisdiction=${jurisdiction}&${period}`);
      expect(report.status).toBe(200);
      return report.body.totals as { received: number; handedOn: number };
    };
    const before = { county: await totals(office, '330122'), sibling: await totals(chunanOffice, '330127'), city: await totals(cityOffice, '330100') };

    const number = await register(registrar, { channel: 'letter', subject: '邻县民宿夜间噪音扰民' });
    // Once the router is done with it (in triage, or accepted and assigned): no write races the transfer.
    await until(`the router's decision on ${number}`, async () => {
      const c = (await office.call('GET', `/cases/${number}`)).body.case;
      return c.triage !== undefined || c.status !== 'registered';
    });
    const sent = await office.call('POST', `/cases/${number}/transfer`, { toJurisdiction: '330127', reason: '事发地在淳安县' });
    expect(sent.status).toBe(202);
    await until(`${number} held by 淳安县`, async () => (await chunanOffice.call('GET', `/cases/${number}`)).body?.case?.jurisdiction === '330127');

    expect(await totals(office, '330122')).toMatchObject({ received: before.county.received + 1, handedOn: before.county.handedOn + 1 });
    expect(await totals(chunanOffice, '330127')).toMatchObject({ received: before.sibling.received + 1, handedOn: before.sibling.handedOn });
    expect(await totals(cityOffice, '330100')).toMatchObject({ received: before.city.received + 1, handedOn: before.city.handedOn });
  });
});
