import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readConfigFile } from '../../shared/config/config-file.js';
import { loadHolidayCalendar } from '../../shared/config/holidays.js';
import { parseProvinceConfig } from '../../shared/config/province.js';
import type { Case, CaseEvent } from '../../shared/domain/case.js';
import { sweepDueAt } from '../../shared/domain/chase.js';
import { clocksAfterAcceptance } from '../../shared/domain/clocks.js';
import type { CaseCommit, CaseSummary, IdempotencyRecord } from '../../shared/app/ports.js';
import { sweep, type SweepDeps } from '../../shared/app/sweep/sweep.js';

const CONFIG = new URL('../../config/province.yaml', import.meta.url).pathname;
const HOLIDAYS = new URL('../../config/holidays', import.meta.url).pathname;

/**
 * The calendar as deployed today (2025 and 2026 published, 2027 by the statutory
 * table only), and as deployed once 2027's notice is imported: a stand-in for
 * it, for this test only, with 元旦 on 1–3 January and no 调休 near the end of January.
 */
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
function calendarWith2027() {
  const dir = mkdtempSync(join(tmpdir(), 'holidays-'));
  dirs.push(dir);
  for (const file of ['2025.yaml', '2026.yaml', 'statutory.yaml']) copyFileSync(join(HOLIDAYS, file), join(dir, file));
  writeFileSync(join(dir, '2027.yaml'), 'year: 2027\nsource: test fixture, not the official notice\nholidays:\n  - { name: 元旦, from: 2027-01-01, to: 2027-01-03 }\nworkdays: []\n');
  return loadHolidayCalendar(dir);
}
const before = parseProvinceConfig(readConfigFile(CONFIG), CONFIG, loadHolidayCalendar(HOLIDAYS));
const after = parseProvinceConfig(readConfigFile(CONFIG), CONFIG, calendarWith2027());

/** Accepted by 桐庐县 on Tuesday 1 December 2026: 60 days end on Saturday 30 January 2027, counted before 2027's notice. */
function accepted(): Case {
  const at = '2026-12-01T02:00:00.000Z';
  const c: Case = {
    caseNumber: '330122-2026-000888',
    jurisdiction: '330122',
    receivingOffice: '330122',
    channel: 'email',
    status: 'inProgress',
    matter: '小区电梯长期故障。',
    petitioner: { anonymous: false, name: '周敏', email: 'zhoumin@qq.example' },
    urgent: false,
    reviewLevel: 0,
    receivedAt: '2026-11-30T02:00:00.000Z',
    registeredAt: '2026-11-30T02:00:01.000Z',
    registeredBy: 'system:intake',
    handling: { lead: '330122-housing', cooperating: [] },
    deadlines: {},
    attachments: [],
    version: 5,
    updatedAt: at,
  };
  return { ...c, deadlines: clocksAfterAcceptance(c, at, before.timeLimitsFor('330122'), before.calendar) };
}

/** The case table as the sweep sees it: the due index (sweepDueAt), the work lists' index (by the running deadline), the idempotency records. */
function storeOf(cases: Case[]) {
  const byNumber = new Map(cases.map((c) => [c.caseNumber, c]));
  const events: CaseEvent[] = [];
  const records = new Map<string, IdempotencyRecord>();
  const calls = { workListPage: 0, widest: 0 };
  const store = {
    async get(caseNumber: string) {
      const c = byNumber.get(caseNumber);
      return c ? { case: c, events: [], messages: [] } : undefined;
    },
    async getCaseRecord(caseNumber: string) {
      return byNumber.get(caseNumber);
    },
    async commit(change: CaseCommit) {
      byNumber.set(change.case.caseNumber, change.case);
      events.push(change.event);
      return 'committed' as const;
    },
    async saveChase(c: Case) {
      byNumber.set(c.caseNumber, c);
    },
    async casesDueForSweep(query: { now: string }) {
      const caseNumbers = [...byNumber.values()].filter((c) => (sweepDueAt(c) ?? '9999') <= query.now).map((c) => c.caseNumber);
      return { caseNumbers, capacityUnits: 0 };
    },
    async workListPage(query: { partitions: readonly ({ unit: string } | { office: string })[]; dueFrom?: string }) {
      calls.workListPage += 1;
      // Each list merged is one DynamoDB Query a page, reading up to the page's length whatever the merge hands out.
      calls.widest = Math.max(calls.widest, query.partitions.length);
      // A case is on its lead unit's list, else on its office's.
      const onList = (c: Case) => query.partitions.some((p) => ('unit' in p ? c.handling?.lead === p.unit : !c.handling?.lead && c.jurisdiction === p.office));
      const items = [...byNumber.values()]
        .filter((c) => onList(c) && c.deadlines.handling !== undefined && (query.dueFrom === undefined || c.deadlines.handling >= query.dueFrom))
        .map(
          (c) =>
            ({
              caseNumber: c.caseNumber,
              jurisdiction: c.jurisdiction,
              status: c.status,
              nextDueAt: c.deadlines.handling,
              ...(c.deadlines.provisional?.length ? { provisionalClocks: Object.fromEntries(c.deadlines.provisional.map((clock) => [clock, c.deadlines.handling!])) } : {}),
            }) as CaseSummary,
        );
      return { items };
    },
    async findIdempotencyRecord(key: string) {
      return records.get(key);
    },
    async recordOutcome(key: string, outcome: string) {
      if (!records.has(key)) records.set(key, { outcome });
    },
  };
  return { store: store as unknown as SweepDeps['store'], byNumber, events, calls };
}

const deps = (province: typeof before, store: SweepDeps['store']): SweepDeps => ({ store, province, clock: { now: () => new Date('2026-12-10T01:00:00Z') } });

describe('provisional clocks once the next year’s holiday calendar is published', () => {
  it('are counted again by the first sweep after it, not weeks later when the case’s next reminder falls due', async () => {
    const c = accepted();
    // Counted before 2027's notice: the office's deadline stays on the Saturday (a 调休 working day, maybe), marked provisional.
    expect(c.deadlines).toMatchObject({ handling: '2027-01-30T16:00:00.000Z', provisional: ['handling'] });
    const planned = storeOf([c]);
    await sweep(deps(before, planned.store), '2026-12-02T01:00:00Z');
    // Its chase planned: the next visit is the 20% reminder in January.
    expect(sweepDueAt(planned.byNumber.get(c.caseNumber)!)! > '2027-01-10').toBe(true);

    // 2027's notice is imported and deployed; the sweep runs on 10 December.
    const { store, byNumber, events, calls } = { ...planned };
    await sweep(deps(after, store), '2026-12-10T01:00:00Z');
    const confirmed = byNumber.get(c.caseNumber)!;
    // Saturday 30 January 2027 is a rest day by the notice: the period runs to Monday 1 February, no longer 约.
    expect(confirmed.deadlines.handling).toBe('2027-02-01T16:00:00.000Z');
    expect(confirmed.deadlines.provisional).toBeUndefined();
    expect(events.at(-1)).toMatchObject({ type: 'noted', detail: { deadlinesConfirmed: [{ clock: 'handling', from: '2027-01-30T16:00:00.000Z', to: '2027-02-01T16:00:00.000Z' }] } });

    // Once done for 2027, later sweeps do not read the open cases again.
    const reads = calls.workListPage;
    await sweep(deps(after, store), '2026-12-10T01:15:00Z');
    expect(calls.workListPage).toBe(reads);
  });

  it('are found by reading each work list once, not every list of the province for each page', async () => {
    const c = accepted();
    const { store, byNumber, calls } = storeOf([c]);
    const lists = after.config.jurisdictions.reduce((n, j) => n + 1 + j.units.length, 0);
    await sweep(deps(after, store), '2026-12-10T01:00:00Z');
    expect(byNumber.get(c.caseNumber)!.deadlines.provisional).toBeUndefined();
    // Merging every list into each page would query all of them (about 100 here) for every page of 100 cases, each
    // Query reading up to 100 of its own: the reads would grow with the province's lists times its open cases.
    expect(calls.widest).toBe(1);
    expect(calls.workListPage).toBe(lists);
  });

  it('leave a sweep alone while no later year has been published', async () => {
    const { store, calls } = storeOf([accepted()]);
    await sweep(deps(before, store), '2026-12-10T01:00:00Z');
    expect(calls.workListPage).toBe(0);
  });
});
