// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { loadHolidayCalendar } from '../../../../../shared/config/holidays.js';
import { deadlineOrProvisional } from '../../../../../shared/domain/deadlines.js';
import { DeadlineBasis } from './DeadlineBasis';

// Run from the repository's root, as npm test does.
const calendar = loadHolidayCalendar('config/holidays');

afterEach(cleanup);

describe('计算依据: how a deadline was counted, next to the clock', () => {
  it('is closed until asked for, then lists the start, the rule and its source, the holiday skipped, the adjusted Saturdays counted and the last day', async () => {
    const due = deadlineOrProvisional('2026-02-13T10:00:00+08:00', { days: 7, count: 'working' }, calendar, { source: 'channel', key: 'phone' });
    render(<DeadlineBasis explained={{ at: due.at, lastDay: due.explanation.lastDay, explanation: due.explanation }} />);
    const disclosure = screen.getByText('计算依据').closest('details')!;
    expect(disclosure.open).toBe(false);
    await userEvent.click(screen.getByText('计算依据'));
    expect(disclosure.open).toBe(true);
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual(
      [
        '起算：2026年2月13日（星期五），当日不计；自2月14日起计',
        '规则：7个工作日，来电事项的期限',
        '不计：春节 2月15日至2月23日；周末 1 天',
        '调休上班日计入：2月14日、2月28日',
        '届满：2026年3月2日（星期一）',
      ],
    );
  });

  it('names an office’s 交办 limit, and keeps the told day when the case is taken back to be handled in the office (自办)', async () => {
    const due = deadlineOrProvisional('2026-03-02T10:00:00+08:00', { days: 90, count: 'calendar' }, calendar, { source: 'handling', key: 'assigned' });
    const explanation = { ...due.explanation, toldKept: { handling: 'selfHandled' as const, days: 30, count: 'calendar' as const, lastDay: '2026-04-01' } };
    render(<DeadlineBasis explained={{ at: due.at, lastDay: due.explanation.lastDay, explanation }} />);
    await userEvent.click(screen.getByText('计算依据'));
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual(
      expect.arrayContaining([
        '规则：90日（自然日），本机关规定的转办、交办信访件期限',
        '期满日不提前：现由本机关自办，按自办信访件期限计30日应于2026年4月1日（星期三）届满，已告知信访人的期满日不变',
      ]),
    );
  });

  it('says why a deadline stood when the handling changed: the shorter day already gone, or the case already overdue', async () => {
    const due = deadlineOrProvisional('2026-03-02T10:00:00+08:00', { days: 90, count: 'calendar' }, calendar, { source: 'handling', key: 'assigned' });
    const explanation = {
      ...due.explanation,
      toldKept: { handling: 'selfHandled' as const, days: 30, count: 'calendar' as const, lastDay: '2026-04-01', passed: true as const },
      overdueKept: { handling: 'assigned' as const, days: 90, count: 'calendar' as const, would: '2026-05-31T16:00:00.000Z' },
    };
    render(<DeadlineBasis explained={{ at: due.at, lastDay: due.explanation.lastDay, explanation }} />);
    await userEvent.click(screen.getByText('计算依据'));
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual(
      expect.arrayContaining([
        '期满日不提前：现由本机关自办，按自办信访件期限计30日应于2026年4月1日（星期三）届满，改变办理方式时该日已过，期满日不变',
        '逾期：期满时尚未办结，后交由承办单位办理，期满日不再按90日重新计算',
      ]),
    );
  });

  it('shows the roll past a rest day, an approved extension and 约 for a year without a calendar', async () => {
    const due = deadlineOrProvisional('2026-11-20T09:15:00+08:00', { days: 15, count: 'calendar' }, calendar);
    const explanation = {
      ...due.explanation,
      adjustments: [
        {
          kind: 'extension' as const,
          days: 30,
          count: 'calendar' as const,
          reason: '需现场勘验',
          approvedBy: 'tonglu-leader-petitions',
          at: '2026-12-01T02:00:00.000Z',
          deadline: { from: due.at, to: '2027-01-06T16:00:00.000Z' },
          lastDay: '2027-01-06',
          provisional: true as const,
        },
      ],
      provisional: { missingYears: [2027] },
    };
    render(<DeadlineBasis explained={{ at: '2027-01-06T16:00:00.000Z', lastDay: '2027-01-06', explanation }} />);
    await userEvent.click(screen.getByText('计算依据'));
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual(
      expect.arrayContaining([
        '顺延：末日2026年12月5日（星期六）为休息日，顺延至2026年12月7日（星期一）',
        '延期：经批准延长30日（需现场勘验），至2027年1月6日（星期三）',
        '约：2027年节假日安排尚未公布，期满日暂只按法定节日顺延，不因周末顺延',
      ]),
    );
  });

  it('says days not counted ran from the period’s own last day when that day was rolled past 国庆', async () => {
    // A 复核 request received Tuesday 1 September: the 30th day is Thursday 1 October (国庆), rolled to Thursday 8 October;
    // a hearing of 10 days is not counted, so the count ends 11 October, a Sunday: Monday 12 October.
    const due = deadlineOrProvisional('2026-09-01T10:00:00+08:00', { days: 30, count: 'calendar' }, calendar);
    const hearing = {
      kind: 'suspension' as const,
      ground: 'hearing',
      from: '2026-09-10',
      until: '2026-09-20',
      days: 10,
      count: 'calendar' as const,
      at: '2026-09-20T02:00:00.000Z',
      deadline: { from: due.at, to: '2026-10-12T16:00:00.000Z' },
      countedFrom: '2026-10-01',
      countedLastDay: '2026-10-11',
    };
    render(<DeadlineBasis explained={{ at: '2026-10-12T16:00:00.000Z', lastDay: '2026-10-12', explanation: { ...due.explanation, adjustments: [hearing] } }} />);
    await userEvent.click(screen.getByText('计算依据'));
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toContainEqual(expect.stringContaining('顺延10日，自顺延前的期满日2026年10月1日（星期四）起算，至2026年10月12日（星期一）'));
  });

  it('says a petitioner’s window in 2027 that no holiday break can move is not an estimate', async () => {
    const window = deadlineOrProvisional('2027-02-20T10:00:00+08:00', { days: 30, count: 'calendar' }, calendar, { source: 'national' }, 'petitioner');
    render(<DeadlineBasis explained={{ at: window.at, lastDay: window.explanation.lastDay, explanation: window.explanation }} />);
    await userEvent.click(screen.getByText('计算依据'));
    const lines = screen.getAllByRole('listitem').map((li) => li.textContent);
    expect(lines).toContain('2027年节假日安排尚未公布，但不影响此期满日');
    expect(lines.some((line) => line?.startsWith('约：'))).toBe(false);
  });

  it('says 约 when a hearing moved a final 2026 deadline into 2027, whose notice is not out', async () => {
    const due = deadlineOrProvisional('2026-10-29T10:00:00+08:00', { days: 60, count: 'calendar' }, calendar);
    const hearing = {
      kind: 'suspension' as const,
      ground: 'hearing',
      from: '2026-12-01',
      until: '2026-12-21',
      days: 20,
      count: 'calendar' as const,
      at: '2026-12-21T02:00:00.000Z',
      deadline: { from: due.at, to: '2027-01-17T16:00:00.000Z' },
      countedFrom: '2026-12-28',
      countedLastDay: '2027-01-17',
      provisional: true as const,
    };
    render(<DeadlineBasis explained={{ at: '2027-01-17T16:00:00.000Z', lastDay: '2027-01-17', provisional: true, explanation: { ...due.explanation, adjustments: [hearing] } }} />);
    await userEvent.click(screen.getByText('计算依据'));
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toContain('约：2027年节假日安排尚未公布，期满日暂只按法定节日顺延，不因周末顺延');
  });

  it('says when an office’s rule leaves the period ending on a rest day', async () => {
    const due = deadlineOrProvisional('2026-11-20T09:15:00+08:00', { days: 15, count: 'calendar', lastDayOnRestDay: 'none' }, calendar);
    render(<DeadlineBasis explained={{ at: due.at, lastDay: due.explanation.lastDay, explanation: due.explanation }} />);
    await userEvent.click(screen.getByText('计算依据'));
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toContain('不顺延：末日2026年12月5日（星期六）为休息日，本机关规定期满日遇休息日不顺延');
  });
});
