import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadHolidayCalendar } from '../../shared/config/holidays.js';
import type { Case } from '../../shared/domain/case.js';
import { deadlineOf } from '../../shared/domain/deadlines.js';
import { deadlineOrProvisional } from '../../shared/domain/deadlines.js';
import { explainClock, explanationSentence } from '../../shared/domain/explain-deadline.js';
import { decideExtension, requestExtension } from '../../shared/domain/extension.js';
import { registerPetition } from '../../shared/domain/registration.js';
import { DEFAULT_TIME_LIMITS, type TimeLimit } from '../../shared/domain/time-limits.js';

const calendar = loadHolidayCalendar(fileURLToPath(new URL('../../config/holidays', import.meta.url)));
const work = (days: number): TimeLimit => ({ days, count: 'working' });
const cal = (days: number): TimeLimit => ({ days, count: 'calendar' });

describe('every deadline carries how it was counted, from the same count', () => {
  it('a phone petition over 春节 2026: the holiday and the weekend skipped, both adjusted Saturdays counted, the channel override named', () => {
    const due = deadlineOrProvisional('2026-02-13T10:00:00+08:00', work(7), calendar, { source: 'channel', key: 'phone' });
    expect(due.at).toBe(deadlineOf('2026-02-13T10:00:00+08:00', work(7), calendar));
    expect(due.explanation).toEqual({
      startedAt: '2026-02-13T10:00:00+08:00',
      startDay: '2026-02-13',
      firstCountedDay: '2026-02-14',
      rule: { days: 7, count: 'working', source: 'channel', sourceKey: 'phone' },
      skipped: [
        { from: '2026-02-15', to: '2026-02-23', kind: 'holiday', holiday: '春节' },
        { from: '2026-03-01', to: '2026-03-01', kind: 'weekend' },
      ],
      adjustedWorkdays: ['2026-02-14', '2026-02-28'],
      countedLastDay: '2026-03-02',
      lastDay: '2026-03-02',
      at: due.at,
      adjustments: [],
    });
    expect(explanationSentence(due.explanation, '受理')).toBe(
      '本期限自2026年2月13日（星期五）受理之日起算（当日不计），按来电事项的期限计7个工作日，不计2月15日至2月23日春节假期、周末1天，计入调休上班日2月14日、2月28日，至2026年3月2日（星期一）届满。',
    );
  });

  it('15 calendar days whose last day is 国庆 2026: rolled to the first working day after the break', () => {
    const due = deadlineOrProvisional('2026-09-16T10:00:00+08:00', cal(15), calendar);
    expect(due.explanation).toMatchObject({
      countedLastDay: '2026-10-01',
      roll: { from: '2026-10-01', to: '2026-10-08', kind: 'holiday', holiday: '国庆节' },
      lastDay: '2026-10-08',
      skipped: [],
      rule: { source: 'national' },
    });
    expect(explanationSentence(due.explanation, '收到信访事项')).toBe(
      '本期限自2026年9月16日（星期三）收到信访事项之日起算（当日不计），按《信访工作条例》规定的期限计15日，第15日2026年10月1日（星期四）为国庆节假期，顺延至其后第一个工作日，至2026年10月8日（星期四）届满。',
    );
  });

  it('a working-day clock started on a Saturday counts from Monday', () => {
    const due = deadlineOrProvisional('2026-11-21T10:00:00+08:00', work(3), calendar, { source: 'jurisdiction', key: '330127' });
    expect(due.explanation).toMatchObject({ startDay: '2026-11-21', startOnRestDay: true, firstCountedDay: '2026-11-23', lastDay: '2026-11-25' });
    expect(explanationSentence(due.explanation, '受理')).toContain('该日为休息日，从其后第一个工作日11月23日起计，按本地规定的期限计3个工作日');
  });

  it('into a year without a holiday calendar: weekends only, marked 约 with the missing year', () => {
    const due = deadlineOrProvisional('2026-12-20T10:00:00+08:00', work(15), calendar, { source: 'category', key: 'complaint' });
    expect(due.provisional).toBe(true);
    expect(due.explanation.provisional).toEqual({ missingYears: [2027] });
    expect(explanationSentence(due.explanation, '受理')).toMatch(/按投诉类事项的期限计15个工作日.*（2027年节假日安排尚未公布，暂只跳过周末和法定节日，为约数）。$/);
  });
});

describe('a case’s clock: stored with the deadline, then extended and suspended', () => {
  const units = [{ id: '330122-housing', jurisdiction: '330122', department: 'housing' as const, name: '桐庐县住房和城乡建设局' }];
  const registered = registerPetition(
    { jurisdiction: '330122', channel: 'letter', receivedAt: '2026-11-20T09:15:00+08:00', matter: '楼顶漏水。', petitioner: { anonymous: false, name: '张伟' } },
    { caseNumber: '330122-2026-000001', at: '2026-11-20T10:00:00+08:00', actor: 'tonglu-registrar', timeLimits: { base: DEFAULT_TIME_LIMITS }, calendar, units },
  ).case;

  it('registration stores the acceptance deadline’s explanation: 15 days end on Saturday 5 December, rolled to Monday 7', () => {
    const explained = explainClock(registered, 'acceptance')!;
    expect(explained.at).toBe(registered.deadlines.acceptance);
    expect(explained.lastDay).toBe('2026-12-07');
    expect(explained.explanation.roll).toEqual({ from: '2026-12-05', to: '2026-12-07', kind: 'weekend' });
  });

  it('an approved extension and a resumed suspension appear in the order they moved the deadline, ending where the case’s deadline is', () => {
    const handling = deadlineOrProvisional('2026-11-23T09:00:00+08:00', cal(60), calendar);
    const working: Case = {
      ...registered,
      status: 'inProgress',
      handling: { lead: '330122-housing', cooperating: [] },
      deadlines: { handling: handling.at, started: { handling: '2026-11-23T09:00:00+08:00' }, explanations: { handling: handling.explanation } },
    };
    expect(handling.explanation.lastDay).toBe('2027-01-22');
    const requested = requestExtension(working, { days: 30, reason: '需现场勘验' }, { at: '2026-12-10T09:00:00+08:00', actor: 'tl-housing-1', calendar }).case;
    const extended = decideExtension(requested, { approve: true }, { at: '2026-12-11T09:00:00+08:00', actor: 'tonglu-leader', calendar }).case;
    // A hearing suspended the clock after the extension (recorded by the suspension rules as a shift of 5 working days).
    const resumedTo = '2027-03-01T16:00:00.000Z';
    const suspended = {
      ...extended,
      deadlines: { ...extended.deadlines, handling: resumedTo },
      suspensions: [
        {
          clock: 'handling',
          ground: 'hearing',
          reason: '组织听证',
          suspendedAt: '2026-12-14T09:00:00+08:00',
          suspendedBy: 'tonglu-office',
          resumedAt: '2026-12-21T09:00:00+08:00',
          resumedBy: 'tonglu-office',
          shift: { days: 5, count: 'working', from: extended.deadlines.handling, to: resumedTo },
        },
      ],
    } as unknown as Case;
    const explained = explainClock(suspended, 'handling')!;
    expect(explained.at).toBe(resumedTo);
    expect(explained.explanation.adjustments.map((a) => [a.kind, a.deadline.from, a.deadline.to])).toEqual([
      ['extension', handling.at, extended.deadlines.handling],
      ['suspension', extended.deadlines.handling, resumedTo],
    ]);
    // 22 January + 30 days = Sunday 21 February; 2027 has no calendar yet, so no roll and the sentence says 约.
    expect(explained.explanation.adjustments[0]).toMatchObject({ lastDay: '2027-02-21', provisional: true });
    expect(explained.explanation.adjustments[0]).not.toHaveProperty('roll');
    expect(explanationSentence(explained.explanation, '受理')).toMatch(
      /；经批准延期30日，至2027年2月21日（星期日）届满；因听证中止计算5个工作日，顺延至2027年3月1日（星期一）（2027年节假日安排尚未公布，期满日暂只按法定节日顺延，不因周末顺延，为约数）。$/,
    );
  });

  it('an open suspension is reported, and a suspension of an earlier run of the clock is not merged', () => {
    const c = {
      ...registered,
      suspensions: [
        { clock: 'acceptance', ground: 'appraisal', reason: 'x', suspendedAt: '2026-01-01T00:00:00Z', resumedAt: '2026-01-05T00:00:00Z', shift: { days: 4, count: 'calendar', from: 'a', to: 'b' } },
        { clock: 'acceptance', ground: 'appraisal', reason: '鉴定', suspendedAt: '2026-11-25T09:00:00+08:00' },
      ],
    } as unknown as Case;
    const explained = explainClock(c, 'acceptance')!;
    expect(explained.explanation.adjustments).toEqual([]);
    expect(explained.suspended).toEqual({ since: '2026-11-25T09:00:00+08:00', ground: 'appraisal' });
  });
});

describe('a provisional deadline says what it counted', () => {
  it('a petitioner’s window ending on a weekday still says it rolls past weekends only; the office’s limit says it is not rolled', () => {
    const petitioner = deadlineOrProvisional('2027-09-06T10:00:00+08:00', { days: 30, count: 'calendar' }, calendar, { source: 'national' }, 'petitioner');
    expect(petitioner.explanation.lastDay).toBe('2027-10-06');
    expect(explanationSentence(petitioner.explanation, '书面答复')).toContain('（2027年节假日安排尚未公布，期满日暂按周末和法定节日顺延，为约数）');
    const office = deadlineOrProvisional('2027-09-06T10:00:00+08:00', { days: 30, count: 'calendar' }, calendar, { source: 'national' });
    expect(explanationSentence(office.explanation, '受理')).toContain('（2027年节假日安排尚未公布，期满日暂只按法定节日顺延，不因周末顺延，为约数）');
  });

  it('a petitioner’s window whose last day no holiday break of 2027 can reach is not an estimate; an office’s limit on the same day still is', () => {
    // 30 days from 2027-02-20: Monday 2027-03-22, weeks from 春节 and 清明; never made earlier, and no break can make it later.
    const petitioner = deadlineOrProvisional('2027-02-20T10:00:00+08:00', { days: 30, count: 'calendar' }, calendar, { source: 'national' }, 'petitioner');
    expect(petitioner.explanation.lastDay).toBe('2027-03-22');
    expect(petitioner.explanation.provisional).toEqual({ missingYears: [2027], petitionerWindow: true, settled: true });
    expect(explanationSentence(petitioner.explanation, '书面答复')).toMatch(/至2027年3月22日（星期一）届满（2027年节假日安排尚未公布，但不影响此期满日）。$/);
    const office = deadlineOrProvisional('2027-02-20T10:00:00+08:00', { days: 30, count: 'calendar' }, calendar, { source: 'national' });
    expect(explanationSentence(office.explanation, '受理')).toContain('为约数');
    // Three days before 清明 (2027-04-05) a break could still begin: an estimate.
    const nearQingming = deadlineOrProvisional('2027-03-03T10:00:00+08:00', { days: 30, count: 'calendar' }, calendar, { source: 'national' }, 'petitioner');
    expect(nearQingming.explanation.lastDay).toBe('2027-04-02');
    expect(nearQingming.explanation.provisional?.settled).toBeUndefined();
    expect(explanationSentence(nearQingming.explanation, '书面答复')).toContain('期满日暂按周末和法定节日顺延，为约数');
  });
});
