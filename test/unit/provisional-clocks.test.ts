import { afterAll, describe, expect, it } from 'vitest';
import { loadHolidayCalendar } from '../../shared/config/holidays.js';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Case } from '../../shared/domain/case.js';
import { confirmProvisionalClocks } from '../../shared/domain/clocks.js';
import { deadlineOrProvisional } from '../../shared/domain/deadlines.js';
import { DEFAULT_TIME_LIMITS } from '../../shared/domain/time-limits.js';

const HOLIDAYS = new URL('../../config/holidays', import.meta.url).pathname;
const published = loadHolidayCalendar(HOLIDAYS);

/**
 * The published years plus a stand-in for 2027's notice, for this test only
 * (the real one goes into config/holidays/ when the State Council publishes
 * it): 元旦 on Friday 1 January.
 */
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
function withNextYear() {
  const dir = mkdtempSync(join(tmpdir(), 'holidays-'));
  dirs.push(dir);
  for (const file of ['2025.yaml', '2026.yaml']) copyFileSync(join(HOLIDAYS, file), join(dir, file));
  writeFileSync(join(dir, '2027.yaml'), 'year: 2027\nsource: test fixture, not the official notice\nholidays:\n  - { name: 元旦, from: 2027-01-01, to: 2027-01-03 }\nworkdays: []\n');
  return loadHolidayCalendar(dir);
}

const settings = { base: DEFAULT_TIME_LIMITS };
/** Accepted 1 December 2026: 30 days (a category override) end on 31 December; 20 working days run into 2027. */
function accepted(overrides: Partial<Case> = {}): Case {
  const start = '2026-12-01T02:00:00.000Z';
  const handling = deadlineOrProvisional(start, { days: 30, count: 'working' }, published);
  return {
    caseNumber: '330122-2026-000777',
    jurisdiction: '330122',
    receivingOffice: '330122',
    channel: 'visit',
    status: 'inProgress',
    matter: '反映问题。',
    petitioner: { anonymous: true },
    urgent: false,
    reviewLevel: 0,
    receivedAt: start,
    registeredAt: start,
    registeredBy: 'tonglu-registrar',
    handling: { lead: '330122-hrss', cooperating: [] },
    deadlines: { handling: handling.at, started: { handling: start }, provisional: ['handling'] },
    attachments: [],
    version: 4,
    updatedAt: start,
    ...overrides,
  };
}
const visitSettings = { ...settings, byChannel: { visit: { handling: { days: 30, count: 'working' as const } } } };

describe('provisional deadlines made final once the year is published', () => {
  it('are computed weekends-only while 2027 has no calendar, and stay provisional', () => {
    const c = accepted();
    // 30 working days from 1 Dec 2026, weekends only in 2027: 12 Jan 2027.
    expect(c.deadlines.handling).toBe('2027-01-12T16:00:00.000Z');
    expect(confirmProvisionalClocks(c, visitSettings, published)).toBeUndefined();
  });

  it('move by the holidays of the new calendar, and are no longer provisional', () => {
    const result = confirmProvisionalClocks(accepted(), visitSettings, withNextYear())!;
    // 元旦 1 January 2027 (a Friday) is a holiday: one working day later.
    expect(result.confirmed).toEqual([{ clock: 'handling', from: '2027-01-12T16:00:00.000Z', to: '2027-01-13T16:00:00.000Z' }]);
    const { explanations, ...deadlines } = result.deadlines;
    expect(deadlines).toEqual({ handling: '2027-01-13T16:00:00.000Z', started: { handling: '2026-12-01T02:00:00.000Z' } });
    // The explanation is counted again with the deadline: 元旦 skipped, no longer 约.
    expect(explanations?.handling).toMatchObject({ lastDay: '2027-01-13', rule: { days: 30, count: 'working', source: 'channel', sourceKey: 'visit' } });
    expect(explanations?.handling?.skipped).toContainEqual({ from: '2027-01-01', to: '2027-01-03', kind: 'holiday', holiday: '元旦' });
    expect(explanations?.handling?.provisional).toBeUndefined();
  });

  it('keep an approved extension, counted again after the final deadline', () => {
    const extension = { days: 10, reason: '需鉴定', requestedBy: 'x', requestedAt: '2026-12-10T02:00:00.000Z', status: 'approved' as const };
    const result = confirmProvisionalClocks(accepted({ extension }), visitSettings, withNextYear())!;
    expect(result.confirmed[0]!.to).toBe('2027-01-25T16:00:00.000Z');
    expect(result.deadlines.explanations?.handling?.adjustments).toEqual([
      expect.objectContaining({ kind: 'extension', days: 10, deadline: { from: '2027-01-13T16:00:00.000Z', to: '2027-01-25T16:00:00.000Z' } }),
    ]);
  });
});
