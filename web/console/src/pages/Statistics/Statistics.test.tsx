import dayjs from 'dayjs';
// @vitest-environment happy-dom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockFetch, renderRoutes, signIn } from '../../test/render';
import type { StatisticsReport, UnresolvedReport } from './report';
import StatisticsPage from '.';

// ECharts draws on a real browser's SVG (the browser test looks at it); here, what each chart was given.
const drawn = vi.hoisted(() => [] as unknown[]);
vi.mock('./echarts', () => ({
  echarts: {
    init: () => ({ setOption: (option: unknown) => drawn.push(option), resize: () => {}, dispose: () => {} }),
  },
}));
vi.mock('../../lib/save-file', () => ({ saveFile: vi.fn(), printPage: vi.fn() }));

const counts = (entries: [string, string, number][]) => entries.map(([key, label, count]) => ({ key, label, count }));
const rate = (numerator: number, denominator: number) => ({ rate: denominator === 0 ? null : Math.round((numerator / denominator) * 10000) / 10000, numerator, denominator });

const REPORT: StatisticsReport = {
  jurisdiction: { code: '330122', name: '桐庐县' },
  includeSubordinates: true,
  scope: 'jurisdiction',
  period: { from: '2026-01-01', to: '2026-12-03', granularity: 'month' },
  asOf: '2026-12-03T02:00:00.000Z',
  totals: { received: 42, handedOn: 0, transferredIn: 0, accepted: 30, concluded: 16, open: 20, overdue: 3, closed: 9, collective: 2, collectivePersons: 31, visits: 5, visitPersons: 38, repeat: 4, reviewsRequested: 1, reReviewsRequested: 0, bypass: 2, leaderOwned: 3, leaderOwnedSettled: 1 },
  byChannel: counts([
    ['letter', '来信', 20],
    ['visit', '来访', 12],
    ['phone', '来电', 10],
    ['email', '电子邮件', 0],
    ['web', '网上信访', 0],
  ]),
  byCategory: counts([['complaint', '投诉', 30], ['uncategorised', '未分类', 12]]),
  byJurisdiction: counts([['330122', '桐庐县', 42]]),
  byUnit: counts([['330122-housing', '桐庐县住房和城乡建设局', 25], ['none', '未确定承办单位', 17]]),
  byStatus: counts([['registered', '已登记', 12], ['inProgress', '办理中', 30]]),
  byPeriod: counts([['2026-11', '2026年11月', 30], ['2026-12', '2026年12月', 12]]),
  rates: { onTime: rate(14, 16), resolution: rate(8, 16), extension: rate(3, 30), satisfaction: rate(0, 0), settlement: rate(6, 16), repeat: rate(4, 42), registration: rate(40, 42) },
  averageHandlingDays: { days: 12.5, cases: 16 },
  activity: { accepted: 28, concluded: 19, concludedFromEarlier: 5, closed: 11, onTime: rate(17, 19), averageHandlingDays: { days: 14.2, cases: 19 }, lookBackDays: 366 },
  hotTopics: { month: '2026-12', previousMonth: '2026-11', terms: [{ term: '漏水', thisMonth: 5, lastMonth: 1, change: 4 }] },
};

const UNRESOLVED: UnresolvedReport = {
  jurisdiction: { code: '330122', name: '桐庐县' },
  includeSubordinates: true,
  scope: 'jurisdiction',
  month: '2026-12',
  asOf: '2026-12-03T02:00:00.000Z',
  computedAt: '2026-12-03T02:00:00.000Z',
  basis: 'current',
  totals: { cases: 2, overdue: 1, unsatisfied: 1, underReview: 0, newThisMonth: 1 },
  byJurisdiction: counts([['330122', '桐庐县', 2], ['330122101', '富春江镇', 0]]),
  byUnit: counts([['330122-housing', '桐庐县住房和城乡建设局', 1], ['330122-hrss', '桐庐县人力资源和社会保障局', 1], ['none', '未确定承办单位', 0]]),
  items: [
    {
      caseNumber: '330122-2026-000007',
      jurisdiction: { code: '330122', name: '桐庐县' },
      unit: { code: '330122-housing', name: '桐庐县住房和城乡建设局' },
      status: 'inProgress',
      channel: 'letter',
      subject: '城南小区楼顶漏水',
      receivedAt: '2026-09-01T01:00:00.000Z',
      dueAt: '2026-12-01T16:00:00.000Z',
      daysOverdue: 2,
      reasons: ['overdue'],
      newThisMonth: true,
      repeat: false,
      collective: false,
      extended: false,
      reviewLevel: 0,
    },
    {
      caseNumber: '330122-2026-000003',
      jurisdiction: { code: '330122', name: '桐庐县' },
      unit: { code: '330122-hrss', name: '桐庐县人力资源和社会保障局' },
      status: 'inProgress',
      channel: 'phone',
      subject: '工资拖欠',
      receivedAt: '2026-05-01T01:00:00.000Z',
      dueAt: '2027-01-20T16:00:00.000Z',
      reasons: ['unsatisfied'],
      newThisMonth: false,
      repeat: true,
      collective: false,
      extended: false,
      reviewLevel: 1,
    },
  ],
};

const csv = () => ({ body: '栏目,项目,数值,说明' });

describe('统计', () => {
  beforeEach(() => {
    signIn();
    drawn.length = 0;
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    sessionStorage.clear();
  });

  it('shows the figures of the caller’s jurisdiction, each chart described and with its table', async () => {
    const { calls } = mockFetch({ 'GET /statistics': (request) => (new URL(request.url).searchParams.get('format') === 'csv' ? csv() : { body: REPORT }) });
    renderRoutes([{ path: '/statistics', element: <StatisticsPage /> }], '/statistics');

    const totals = await screen.findByRole('region', { name: '总量' });
    // The period as staff write dates, not as the API sends them.
    expect(screen.getByText(/2026年1月1日至2026年12月3日，按月/)).toBeTruthy();
    expect(within(totals).getByText('登记总量').closest('.ant-card')!.textContent).toContain('42');
    expect(within(totals).getByText('当前逾期').closest('.ant-card')!.textContent).toContain('3');
    const rates = screen.getByRole('region', { name: '比率' });
    expect(within(rates).getByText('按期办结率').closest('.ant-card')!.textContent).toContain('87.5%');
    expect(within(rates).getByText('按期办结率').closest('.ant-card')!.textContent).toContain('按期办结 / 办结：14 / 16');
    expect(within(rates).getByText('满意率').closest('.ant-card')!.textContent).toContain('—');
    expect(within(rates).getByText('息诉罢访率').closest('.ant-card')!.textContent).toContain('息诉罢访 / 办结：6 / 16');
    expect(within(rates).getByText('登记及时率').closest('.ant-card')!.textContent).toContain('收到当日登记（非工作日收到的，下一工作日） / 登记：40 / 42');
    expect(within(totals).getByText('领导包案 / 已息诉罢访').closest('.ant-card')!.textContent).toContain('3 / 1');
    expect(within(totals).getByText('集体访人次').closest('.ant-card')!.textContent).toContain('31');
    // Every count of the CSV's 总量 is on the screen: 结案件数 and 申请复查件数 / 申请复核件数 too.
    expect(within(totals).getByText('结案').closest('.ant-card')!.textContent).toContain('9');
    expect(within(totals).getByText('申请复查 / 复核').closest('.ant-card')!.textContent).toContain('1 / 0');
    expect(within(totals).getByText('来访批次 / 人次').closest('.ant-card')!.textContent).toContain('5 / 38');
    expect(within(rates).getByText('平均办理时长').closest('.ant-card')!.textContent).toContain('12.5');
    // The work of the period, the cases received before it included, apart from the figures of the cases received in it.
    const activity = screen.getByRole('region', { name: '本期办理情况' });
    expect(within(activity).getByText('本期办结').closest('.ant-card')!.textContent).toContain('其中统计期前登记 5 件');
    expect(within(activity).getByText('本期按期办结率').closest('.ant-card')!.textContent).toContain('按期办结 / 本期办结：17 / 19');

    // Every chart is one image said in words, next to a table of the same figures.
    expect(screen.getByRole('img', { name: '来源渠道：来信 20 件，来访 12 件，来电 10 件' })).toBeTruthy();
    const channels = screen.getByRole('table', { name: '来源渠道（表格）' });
    expect(within(channels).getByText('网上信访').closest('tr')!.textContent).toBe('网上信访00.0%');
    expect(screen.getByRole('table', { name: '热点（表格）' }).textContent).toContain('漏水51+4');
    // Each chart draws once ECharts' chunk has loaded.
    await waitFor(() => expect(drawn.length).toBe(7), { timeout: 5000 });

    const request = calls.find((r) => new URL(r.url).pathname === '/api/statistics')!;
    expect(Object.fromEntries(new URL(request.url).searchParams)).toMatchObject({ jurisdiction: '330122', granularity: 'month', includeSubordinates: 'true' });

    await userEvent.setup().click(screen.getByRole('button', { name: '导出统计表（CSV）' }));
    await waitFor(() => expect(calls.some((r) => new URL(r.url).searchParams.get('format') === 'csv')).toBe(true));
  });

  it('says what of 登记总量 was sent on to other places (交办转送) and what came from them (转来), and nothing of either where there is none', async () => {
    mockFetch({ 'GET /statistics': () => ({ body: { ...REPORT, totals: { ...REPORT.totals, handedOn: 3, transferredIn: 2 } } }) });
    renderRoutes([{ path: '/statistics', element: <StatisticsPage /> }], '/statistics');
    const totals = await screen.findByRole('region', { name: '总量' });
    expect(within(totals).getByText('其中交办转送').closest('.ant-card')!.textContent).toContain('3');
    expect(within(totals).getByText('其中转来').closest('.ant-card')!.textContent).toContain('2');
    cleanup();
    mockFetch({ 'GET /statistics': () => ({ body: REPORT }) });
    renderRoutes([{ path: '/statistics', element: <StatisticsPage /> }], '/statistics');
    const none = await screen.findByRole('region', { name: '总量' });
    expect(within(none).queryByText('其中转来')).toBeNull();
    expect(within(none).queryByText('其中交办转送')).toBeNull();
  });

  it('asks for the period and granularity chosen, from the address', async () => {
    const { calls } = mockFetch({ 'GET /statistics': () => ({ body: REPORT }) });
    renderRoutes([{ path: '/statistics', element: <StatisticsPage /> }], '/statistics?from=2025-01-01&to=2025-12-31&granularity=quarter&sub=false');
    await screen.findByRole('region', { name: '总量' });
    const request = calls.find((r) => new URL(r.url).pathname === '/api/statistics')!;
    expect(Object.fromEntries(new URL(request.url).searchParams)).toEqual({
      jurisdiction: '330122',
      from: '2025-01-01',
      to: '2025-12-31',
      granularity: 'quarter',
      includeSubordinates: 'false',
    });
    expect((screen.getByRole('checkbox', { name: '含下级辖区' }) as HTMLInputElement).checked).toBe(false);
  });

  it('says a refusal in Chinese where the figures would be', async () => {
    mockFetch({ 'GET /statistics': () => ({ status: 403, body: { error: { code: 'OutOfScope', message: 'no' } } }) });
    renderRoutes([{ path: '/statistics', element: <StatisticsPage /> }], '/statistics');
    expect((await screen.findByRole('alert')).textContent).toBe('您无权执行此操作');
  });

  it('lists the unresolved disputes with why each is listed, and exports them', async () => {
    const { calls } = mockFetch({
      'GET /statistics': () => ({ body: REPORT }),
      'GET /statistics/unresolved': (request) => (new URL(request.url).searchParams.get('format') === 'csv' ? csv() : { body: UNRESOLVED }),
    });
    renderRoutes([{ path: '/statistics', element: <StatisticsPage /> }], '/statistics');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('tab', { name: '矛盾纠纷排查' }));

    const list = await screen.findByRole('table', { name: '排查清单' });
    const first = within(list).getByRole('link', { name: '330122-2026-000007' }).closest('tr')!;
    expect(first.textContent).toContain('已逾期 2 天');
    expect(first.textContent).toContain('本月新增');
    expect(first.textContent).toContain('2026年12月1日');
    const second = within(list).getByRole('link', { name: '330122-2026-000003' }).closest('tr')!;
    expect(second.textContent).toContain('回访不满意重新办理');
    expect(second.textContent).toContain('复查');
    expect(screen.getByRole('region', { name: '排查总数' }).textContent).toContain('纳入排查2件');
    // Only jurisdictions and units with a case are listed.
    expect(within(screen.getByRole('table', { name: '按辖区（表格）' })).queryByText('富春江镇')).toBeNull();

    await user.click(screen.getByRole('button', { name: '导出排查清单（CSV）' }));
    await waitFor(() =>
      expect(calls.some((r) => new URL(r.url).pathname === '/api/statistics/unresolved' && new URL(r.url).searchParams.get('format') === 'csv')).toBe(true),
    );
  });

  it('gives a past month’s screening again, saying what a rebuilt list leaves out', async () => {
    const { calls } = mockFetch({
      'GET /statistics': () => ({ body: REPORT }),
      'GET /statistics/unresolved': (request) => {
        const month = new URL(request.url).searchParams.get('month');
        return { body: { ...UNRESOLVED, month: month ?? '2026-12', basis: month ? 'rebuilt' : 'current' } };
      },
    });
    renderRoutes([{ path: '/statistics', element: <StatisticsPage /> }], '/statistics');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('tab', { name: '矛盾纠纷排查' }));
    await screen.findByRole('table', { name: '排查清单' });
    const lastMonth = dayjs().subtract(1, 'month');
    await user.click(screen.getByRole('textbox', { name: '排查月份' }));
    await user.click(await screen.findByTitle(lastMonth.format('YYYY-MM')));
    await waitFor(() => expect(calls.some((r) => new URL(r.url).searchParams.get('month') === lastMonth.format('YYYY-MM'))).toBe(true));
    expect((await screen.findByText(/没有存档的排查清单，按各事项现在的记录重建/)).textContent).toContain(`${lastMonth.format('YYYY年M')}月没有存档`);
  });

  it('takes the month in Beijing: at 01:00 on 1 December there, November is a past month whatever the browser’s clock says', async () => {
    // 30 November 17:00 UTC — still November for a browser set to UTC, as this test's is.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-30T17:00:00.000Z'));
    try {
      const { calls } = mockFetch({
        'GET /statistics': () => ({ body: REPORT }),
        'GET /statistics/unresolved': (request) => ({ body: { ...UNRESOLVED, month: new URL(request.url).searchParams.get('month') ?? '2026-12' } }),
      });
      renderRoutes([{ path: '/statistics', element: <StatisticsPage /> }], '/statistics');
      const user = userEvent.setup();
      await user.click(await screen.findByRole('tab', { name: '矛盾纠纷排查' }));
      await screen.findByRole('table', { name: '排查清单' });
      await user.click(screen.getByRole('textbox', { name: '排查月份' }));
      await user.click(await screen.findByTitle('2026-11'));
      await waitFor(() => expect(calls.some((r) => new URL(r.url).searchParams.get('month') === '2026-11')).toBe(true));
    } finally {
      vi.useRealTimers();
    }
  });

  it('says a past month’s list is the one filed at its end, and when', async () => {
    mockFetch({
      'GET /statistics': () => ({ body: REPORT }),
      'GET /statistics/unresolved': () => ({ body: { ...UNRESOLVED, month: '2026-11', asOf: '2026-11-30T16:00:00.000Z', basis: 'filed', filedAt: '2026-11-30T16:10:00.000Z' } }),
    });
    renderRoutes([{ path: '/statistics', element: <StatisticsPage /> }], '/statistics');
    await userEvent.setup().click(await screen.findByRole('tab', { name: '矛盾纠纷排查' }));
    const note = await screen.findByText(/的排查清单已于/);
    expect(note.textContent).toContain('2026年11月的排查清单已于 2026年12月1日 00:10 存档');
    expect(note.textContent).toContain('此后化解的事项仍在清单上');
  });

  it('tells a unit’s staff that the figures are their unit’s', async () => {
    mockFetch({ 'GET /statistics': () => ({ body: { ...REPORT, scope: 'unit', unit: { code: '330122-housing', name: '桐庐县住房和城乡建设局' } } }) });
    renderRoutes([{ path: '/statistics', element: <StatisticsPage /> }], '/statistics');
    expect(await screen.findByText('仅统计本单位（桐庐县住房和城乡建设局）承办的事项')).toBeTruthy();
  });
});
