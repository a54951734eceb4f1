import { afterAll, describe, expect, it } from 'vitest';
import { loadHolidayCalendar } from '../../shared/config/holidays.js';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Case } from '../../shared/domain/case.js';
import { confirmProvisionalClocks } from '../../shared/domain/clocks.js';
import { deadlineOrProvisional } from '../../shared/domain/deadlines.js';
import { approvedExtension } from '../../shared/domain/extension.js';
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
  it('are computed by weekends and statutory holidays while 2027 has no calendar, and stay provisional', () => {
    const c = accepted();
    // 30 working days from 1 Dec 2026; in 2027 the weekends and 元旦 (1 January, a Friday, a holiday by law) are skipped: 13 Jan 2027.
    expect(c.deadlines.handling).toBe('2027-01-13T16:00:00.000Z');
    expect(confirmProvisionalClocks(c, visitSettings, published)).toBeUndefined();
  });

  it('are counted again by the new calendar, and are no longer provisional', () => {
    const result = confirmProvisionalClocks(accepted(), visitSettings, withNextYear())!;
    // The notice's 元旦 break (1–3 January, no 调休) gives the day the statutory count already gave.
    expect(result.confirmed).toEqual([{ clock: 'handling', from: '2027-01-13T16:00:00.000Z', to: '2027-01-13T16:00:00.000Z' }]);
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

describe('a provisional deadline confirmed by the rule it started under, with what moved it since', () => {
  /** Accepted Tuesday 1 December 2026 under 60 calendar days: the limit runs into 2027, not yet published. */
  const start = '2026-12-01T02:00:00.000Z';
  const sixty = deadlineOrProvisional(start, { days: 60, count: 'calendar' }, published, { source: 'national' });
  const running = (overrides: Partial<Case> = {}): Case =>
    accepted({
      channel: 'letter',
      deadlines: { handling: sixty.at, started: { handling: start }, provisional: ['handling'], explanations: { handling: sixty.explanation } },
      ...overrides,
    });
  /** The office has since cut its handling limit to 30 days. */
  const cutToThirty = { ...settings, byChannel: { letter: { handling: { days: 30, count: 'calendar' as const } } } };

  it('keeps the 60 days the petitioner was told, though the office now gives 30', () => {
    expect(sixty.provisional).toBe(true);
    const result = confirmProvisionalClocks(running(), cutToThirty, withNextYear())!;
    // 60 days end on Saturday 30 January 2027: on to Monday 1 February.
    expect(result.confirmed).toEqual([{ clock: 'handling', from: sixty.at, to: '2027-02-01T16:00:00.000Z' }]);
    expect(result.deadlines.explanations?.handling?.rule).toMatchObject({ days: 60, count: 'calendar', source: 'national' });
  });

  it('adds again the days a suspension (中止) stood still and an approved extension, in the order they came', () => {
    // Suspended 10 days (10 → 20 December), moving the provisional deadline from 30 January to 9 February.
    const suspension = {
      clock: 'handling' as const,
      ground: 'appraisal',
      reason: '委托鉴定',
      suspendedAt: '2026-12-10T02:00:00.000Z',
      suspendedBy: 'tonglu-housing-handler',
      resumedAt: '2026-12-20T02:00:00.000Z',
      resumedBy: 'tonglu-housing-handler',
      resumeReason: '鉴定完成',
      shift: { days: 10, count: 'calendar' as const, from: sixty.at, to: '2027-02-09T16:00:00.000Z' },
    };
    // Then 20 days' extension approved on 22 December: 9 February → 1 March.
    const extension = { kind: 'extension' as const, days: 20, count: 'calendar' as const, reason: '需补充调查', approvedBy: 'tonglu-leader-petitions', at: '2026-12-22T02:00:00.000Z', deadline: { from: '2027-02-09T16:00:00.000Z', to: '2027-03-01T16:00:00.000Z' }, lastDay: '2027-03-01' };
    const c = running({
      suspensions: [suspension],
      deadlines: { handling: '2027-03-01T16:00:00.000Z', started: { handling: start }, provisional: ['handling'], explanations: { handling: { ...sixty.explanation, adjustments: [extension] } } },
    });
    const result = confirmProvisionalClocks(c, cutToThirty, withNextYear())!;
    // The days go on the 60th day, Saturday 30 January, not on the Monday it rolled to (《民法典》第二百零三条 rolls only the
    // final end): + 10 days = Tuesday 9 February, + 20 days = Monday 1 March.
    expect(result.confirmed).toEqual([{ clock: 'handling', from: '2027-03-01T16:00:00.000Z', to: '2027-03-01T16:00:00.000Z' }]);
    expect(result.suspensions).toEqual([
      { ...suspension, shift: { days: 10, count: 'calendar', from: '2027-02-01T16:00:00.000Z', to: '2027-02-09T16:00:00.000Z', countedFrom: '2027-01-30', countedLastDay: '2027-02-09' } },
    ]);
    expect(result.deadlines.explanations?.handling?.adjustments).toEqual([
      expect.objectContaining({ kind: 'extension', days: 20, deadline: { from: '2027-02-09T16:00:00.000Z', to: '2027-03-01T16:00:00.000Z' } }),
    ]);
  });

  it('keeps an extension where the approval put it, after the deadline as rolled and told, not after the unrolled 60th day', () => {
    // 60 days from 27 October 2026 end on Saturday 26 December, held as Monday 28 December; 延期30日 runs on from 28 December into 2027.
    const october = '2026-10-27T02:00:00.000Z';
    const told = deadlineOrProvisional(october, { days: 60, count: 'calendar' }, published, { source: 'national' });
    expect(told.at).toBe('2026-12-28T16:00:00.000Z');
    const held = running({ deadlines: { handling: told.at, started: { handling: october }, explanations: { handling: told.explanation } } });
    const approved = approvedExtension(held, { days: 30, reason: '需补充调查' }, { at: '2026-12-22T02:00:00.000Z', actor: 'tonglu-leader-petitions', calendar: published })!;
    expect(approved).toMatchObject({ at: '2027-01-27T16:00:00.000Z', provisional: true });
    const c = running({ deadlines: { handling: approved.at, started: { handling: october }, provisional: ['handling'], explanations: { handling: { ...told.explanation, adjustments: [approved.adjustment] } } } });
    const result = confirmProvisionalClocks(c, cutToThirty, withNextYear())!;
    // 28 December + 30 days = Wednesday 27 January: the day the 延期告知 gave, not 25 January.
    expect(result.confirmed).toEqual([{ clock: 'handling', from: approved.at, to: '2027-01-27T16:00:00.000Z' }]);
  });

  it('adds again the days the case stood withdrawn before it was taken up again (恢复办理)', () => {
    // Withdrawn 7 to 17 December, 10 days: the provisional 30 January moved to 9 February.
    const withdrawal = { kind: 'withdrawal' as const, from: '2026-12-07', until: '2026-12-17', days: 10, count: 'calendar' as const, at: '2026-12-17T02:00:00.000Z', deadline: { from: sixty.at, to: '2027-02-09T16:00:00.000Z' } };
    const c = running({
      deadlines: { handling: '2027-02-09T16:00:00.000Z', started: { handling: start }, provisional: ['handling'], explanations: { handling: { ...sixty.explanation, adjustments: [withdrawal] } } },
    });
    const result = confirmProvisionalClocks(c, cutToThirty, withNextYear())!;
    // Saturday 30 January (the 60th day, before its roll to Monday), + 10 days = Tuesday 9 February.
    expect(result.confirmed).toEqual([{ clock: 'handling', from: '2027-02-09T16:00:00.000Z', to: '2027-02-09T16:00:00.000Z' }]);
    expect(result.deadlines.explanations?.handling?.adjustments).toEqual([
      { ...withdrawal, deadline: { from: '2027-02-01T16:00:00.000Z', to: '2027-02-09T16:00:00.000Z' }, countedFrom: '2027-01-30', countedLastDay: '2027-02-09' },
    ]);
  });
});

describe('a clock stored before its explanation, confirmed once offices set 自办 / 交办 limits', () => {
  it('is counted again by the limit it was counted by (the regulation’s 60 days), not by the office’s 交办 limit set since', () => {
    const start = '2026-12-01T02:00:00.000Z';
    const sixty = deadlineOrProvisional(start, { days: 60, count: 'calendar' }, published);
    const legacy = accepted({ channel: 'letter', deadlines: { handling: sixty.at, started: { handling: start }, provisional: ['handling'] } });
    const byHandling = { ...settings, byHandling: { selfHandled: { handling: { days: 30, count: 'calendar' as const } }, assigned: { handling: { days: 90, count: 'calendar' as const } } } };
    const result = confirmProvisionalClocks(legacy, byHandling, withNextYear())!;
    // 60 days end on Saturday 30 January 2027; the published calendar rolls it to Monday 1 February — not 90 days' 1 March.
    expect(sixty.at).toBe('2027-01-30T16:00:00.000Z');
    expect(result.deadlines.handling).toBe('2027-02-01T16:00:00.000Z');
    expect(result.deadlines.explanations?.handling?.rule).toMatchObject({ days: 60, source: 'national' });
  });
});
