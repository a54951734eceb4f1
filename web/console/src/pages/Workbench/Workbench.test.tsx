// @vitest-environment happy-dom
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import { focusManager } from '@tanstack/react-query';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { saveSession } from '../../lib/session';
import { CONFIG, mockFetch, renderRoutes, signIn } from '../../test/render';
import WorkbenchPage from '.';

const NOW = new Date('2026-12-07T02:00:00Z').getTime();
const clock = (deadline: string, rest: Record<string, unknown>) => ({ deadline, lastDay: deadline.slice(0, 10), ...rest });

const TRIAGE_PAGE_1 = {
  list: 'triage',
  items: [
    {
      caseNumber: '330122-2026-000001',
      jurisdiction: '330122',
      status: 'registered',
      channel: 'letter',
      subject: '小区噪音扰民',
      urgent: true,
      triage: true,
      registeredAt: '2026-12-06T17:00:00Z',
      nextDueAt: '2026-12-09T16:00:00.000Z',
      clock: clock('2026-12-09T16:00:00.000Z', { overdue: false, workingDaysLeft: 3 }),
    },
    {
      caseNumber: '330122-2026-000002',
      jurisdiction: '330122',
      status: 'registered',
      channel: 'visit',
      subject: '讨要工钱',
      urgent: false,
      triage: true,
      suggestion: { department: 'humanResourcesSocialSecurity', unit: '330122-hrss', confidence: 0.874, words: ['老板', '工钱'], examples: 42 },
      registeredAt: '2026-11-20T02:00:00Z',
      nextDueAt: '2026-12-01T16:00:00.000Z',
      clock: clock('2026-12-01T16:00:00.000Z', { overdue: true, daysOverdue: 5 }),
    },
  ],
  cursor: 'next-page',
};

describe('工作台', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
    signIn();
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
    vi.unstubAllGlobals();
    sessionStorage.clear();
  });

  it('opens on the first of the caller’s lists with each list’s count, clocks in working days, and pages with the cursor', async () => {
    const { calls } = mockFetch({
      'GET /work-lists': () => ({
        body: {
          lists: [
            { list: 'triage', count: 3 },
            { list: 'awaitingAcceptance', count: 0 },
            { list: 'overdue', count: 1 },
          ],
        },
      }),
      'GET /work-lists/triage': (request) =>
        new URL(request.url).searchParams.get('cursor') === 'next-page'
          ? { body: { list: 'triage', items: [{ caseNumber: '330122-2026-000004', jurisdiction: '330122', status: 'accepted', channel: 'web', urgent: false, triage: true, registeredAt: '2026-09-01T02:00:00Z', lead: '330122-housing' }] } }
          : { body: TRIAGE_PAGE_1 },
      'GET /work-lists/overdue': () => ({ body: { list: 'overdue', items: [TRIAGE_PAGE_1.items[1]] } }),
    });
    renderRoutes([{ path: '/', element: <WorkbenchPage /> }], '/');

    const link = await screen.findByRole('link', { name: '330122-2026-000001' });
    expect(link.getAttribute('href')).toBe('/cases/330122-2026-000001');
    // The counts are asked for once the first page is on screen.
    await waitFor(() => expect(screen.getByRole('tab', { name: /待分办/ }).textContent).toContain('3'));
    expect(screen.getByRole('tab', { name: /待受理/ }).textContent).toContain('0');
    expect(screen.getByRole('tab', { name: /已逾期/ }).textContent).toContain('1');
    expect(screen.getByRole('tab', { name: '全部在办' })).toBeTruthy();

    const first = link.closest('tr')!;
    expect(within(first).getByText('已登记')).toBeTruthy();
    expect(within(first).getByText('来信')).toBeTruthy();
    // Registered 01:00 on the 7th, Beijing time; due by the end of the 9th.
    expect(within(first).getByText('2026年12月7日')).toBeTruthy();
    expect(within(first).getByText('2026年12月9日')).toBeTruthy();
    expect(within(first).getByText('剩余 3 个工作日').className).toMatch(/orange/);
    expect(within(first).getByText('待分办')).toBeTruthy();
    expect(within(first).getByText('紧急')).toBeTruthy();
    const second = screen.getByRole('link', { name: '330122-2026-000002' }).closest('tr')!;
    expect(within(second).getByText('已逾期 5 天').className).toMatch(/red/);
    // The learned model's suggestion, with the words behind it; staff still decide.
    expect(within(second).getByText('建议：桐庐县人力资源和社会保障局（把握87%，依据：老板、工钱）')).toBeTruthy();
    expect(within(first).queryByText(/^建议：/)).toBeNull();

    const request = calls.find((r) => new URL(r.url).pathname === '/api/work-lists/triage')!;
    const sent = calls.map((r) => new URL(r.url).pathname);
    expect(sent.indexOf('/api/work-lists/triage')).toBeLessThan(sent.indexOf('/api/work-lists'));
    expect(new URL(request.url).searchParams.get('limit')).toBe('20');
    expect(request.headers.get('authorization')).toBe('Bearer test-token');

    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    await user.click(screen.getByRole('button', { name: '加载更多' }));
    const fourth = (await screen.findByRole('link', { name: '330122-2026-000004' })).closest('tr')!;
    expect(within(fourth).getByText('桐庐县住房和城乡建设局')).toBeTruthy();
    expect(within(fourth).getByText('（无主题）')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '加载更多' })).toBeNull();

    await user.click(screen.getByRole('tab', { name: /已逾期/ }));
    expect(await screen.findByText('已超过办理期限的事项，逾期最久的在前。')).toBeTruthy();
    expect(screen.queryByRole('link', { name: '330122-2026-000001' })).toBeNull();
    expect(screen.getByRole('link', { name: '330122-2026-000002' })).toBeTruthy();
  });

  it('asks on past a page the server left empty, and rereads 待分办 from its first page when the window regains focus', async () => {
    let madeUrgent = false;
    const urgentLater = { ...TRIAGE_PAGE_1.items[1]!, caseNumber: '330122-2026-000007', urgent: true, subject: '扬言跳桥' };
    const { calls } = mockFetch({
      'GET /work-lists': () => ({ body: { lists: [{ list: 'triage', count: 3 }] } }),
      'GET /work-lists/triage': (request) => {
        const cursor = new URL(request.url).searchParams.get('cursor');
        // The server's read budget ran out past cases its filters dropped: an empty page, and a cursor.
        if (cursor === 'next-page') return { body: { list: 'triage', items: [], cursor: 'read-on' } };
        if (cursor === 'read-on') return { body: { list: 'triage', items: [{ ...TRIAGE_PAGE_1.items[1]!, caseNumber: '330122-2026-000004', urgent: false }] } };
        return { body: madeUrgent ? { ...TRIAGE_PAGE_1, items: [urgentLater, ...TRIAGE_PAGE_1.items] } : TRIAGE_PAGE_1 };
      },
    });
    renderRoutes([{ path: '/', element: <WorkbenchPage /> }], '/');
    await screen.findByRole('link', { name: '330122-2026-000001' });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    await user.click(screen.getByRole('button', { name: '加载更多' }));
    expect(await screen.findByRole('link', { name: '330122-2026-000004' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: '加载更多' })).toBeNull();

    // A case is made urgent while the clerk is elsewhere: back in the window, the first page is read again, alone.
    madeUrgent = true;
    const before = calls.length;
    act(() => {
      focusManager.setFocused(false);
      focusManager.setFocused(true);
    });
    expect(await screen.findByRole('link', { name: '330122-2026-000007' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: '330122-2026-000004' })).toBeNull();
    expect(screen.getByRole('button', { name: '加载更多' })).toBeTruthy();
    const reread = calls.slice(before).filter((r) => new URL(r.url).pathname === '/api/work-lists/triage');
    expect(reread.map((r) => new URL(r.url).searchParams.get('cursor'))).toEqual([null]);
    act(() => focusManager.setFocused(undefined));
  });

  it('shows every list of a leader in the office as a tab, wrapping onto a second row, none behind "…"', async () => {
    // A leader who is also the petitions office: 20 lists, 全部在办 and 暂存邮件, wider than a 1440 px screen in one row.
    const leader = { id: 'tl-office', name: '陈海燕', jurisdiction: '330122', roles: ['leader', 'petitionsOffice'] };
    saveSession({ token: 'test-token', staff: leader });
    mockFetch({ 'GET /me': () => ({ body: leader }) });
    renderRoutes([{ path: '/', element: <WorkbenchPage /> }], '/');

    const tabs = await screen.findAllByRole('tab');
    expect(tabs.map((t) => t.textContent)).toContain('3个工作日内到期');
    expect(tabs.slice(-2).map((t) => t.textContent)).toEqual(['全部在办', '暂存邮件']);
    expect(tabs).toHaveLength(22);
    // The tab bar wraps (global.css) instead of collapsing into antd's "…" menu, which happy-dom cannot lay out to show.
    const bar = tabs[0]!.closest('.ant-tabs')!;
    expect(bar.classList.contains('console-work-tabs')).toBe(true);
    // (vitest runs from the repository's root)
    const css = readFileSync(join(process.cwd(), 'web/console/src/global.css'), 'utf8');
    expect(css).toMatch(/\.console-work-tabs > \.ant-tabs-nav \.ant-tabs-nav-list \{[^}]*flex-wrap: wrap;/);
    expect(css).toMatch(/\.console-work-tabs > \.ant-tabs-nav \.ant-tabs-nav-operations,[^{]*\{\s*display: none;/);
  });

  it('待寄送 says which letter waits and how long it has waited', async () => {
    mockFetch({
      'GET /work-lists': () => ({ body: { lists: [{ list: 'lettersToPost', count: 1 }] } }),
      'GET /work-lists/lettersToPost': () => ({
        body: {
          list: 'lettersToPost',
          items: [
            {
              caseNumber: '330122-2026-000011',
              jurisdiction: '330122',
              status: 'declined',
              channel: 'letter',
              subject: '路灯不亮',
              urgent: false,
              registeredAt: '2026-11-30T02:00:00Z',
              waitingLetters: [
                { id: 'l1', name: '不予受理告知书', at: '2026-12-02T03:00:00Z' },
                { id: 'l2', name: '受理告知书', at: '2026-12-07T01:00:00Z' },
              ],
            },
          ],
        },
      }),
    });
    renderRoutes([{ path: '/', element: <WorkbenchPage /> }], '/?list=lettersToPost');
    const row = (await screen.findByRole('link', { name: '330122-2026-000011' })).closest('tr')!;
    expect(within(row).getByText('不予受理告知书')).toBeTruthy();
    // Written on the 2nd, China time; today is the 7th: five days, in red.
    expect(within(row).getByText('（2026年12月2日起，已等5日）').className).toMatch(/danger/);
    expect(within(row).getByText('（2026年12月7日起）').className).not.toMatch(/danger/);
  });

  it('待受理 shows when a letter was received, the day it was registered after it, and a collective petition’s head count', async () => {
    mockFetch({
      'GET /work-lists': () => ({ body: { lists: [{ list: 'awaitingAcceptance', count: 2 }] } }),
      'GET /work-lists/awaitingAcceptance': () => ({
        body: {
          list: 'awaitingAcceptance',
          items: [
            {
              caseNumber: '330122-2026-000021',
              jurisdiction: '330122',
              status: 'registered',
              channel: 'letter',
              subject: '征地补偿款未发放',
              urgent: false,
              // Received on the 3rd (Beijing), opened and registered on the 4th: the clocks run from the 3rd.
              receivedAt: '2026-12-03T02:30:00.000Z',
              registeredAt: '2026-12-04T01:15:00.000Z',
              collective: { headCount: 35 },
            },
            {
              caseNumber: '330122-2026-000022',
              jurisdiction: '330122',
              status: 'registered',
              channel: 'email',
              subject: '小区停车难',
              urgent: false,
              receivedAt: '2026-12-05T03:00:00.000Z',
              registeredAt: '2026-12-05T03:00:01.000Z',
              // Stored before the listings kept the head count: the tag, without a number.
              collective: {},
            },
          ],
        },
      }),
    });
    renderRoutes([{ path: '/', element: <WorkbenchPage /> }], '/?list=awaitingAcceptance');
    const letter = (await screen.findByRole('link', { name: '330122-2026-000021' })).closest('tr')!;
    expect(screen.getByRole('columnheader', { name: '收到时间' })).toBeTruthy();
    expect(screen.queryByRole('columnheader', { name: '登记时间' })).toBeNull();
    expect(within(letter).getByText('2026年12月3日')).toBeTruthy();
    expect(within(letter).getByText('登记：2026年12月4日')).toBeTruthy();
    expect(within(letter).getByText('集体访 · 35人')).toBeTruthy();
    const email = screen.getByRole('link', { name: '330122-2026-000022' }).closest('tr')!;
    expect(within(email).getByText('2026年12月5日')).toBeTruthy();
    // Registered the same day: no second line.
    expect(within(email).queryByText(/^登记：/)).toBeNull();
    expect(within(email).getByText('集体访')).toBeTruthy();
  });

  it('gives a unit’s handling official (承办人) 我承办的: the cases they claimed, apart from the whole unit’s', async () => {
    const handler = { id: 'tonglu-housing-handler', name: '王晓燕', jurisdiction: '330122', unit: '330122-housing', roles: ['handler'] };
    saveSession({ token: 'test-token', staff: handler });
    const row = (caseNumber: string, subject: string) => ({ caseNumber, jurisdiction: '330122', status: 'inProgress', channel: 'letter', subject, urgent: false, registeredAt: '2026-12-01T02:00:00Z', lead: '330122-housing' });
    const { calls } = mockFetch({
      'GET /me': () => ({ body: handler }),
      'GET /work-lists': () => ({ body: { lists: [{ list: 'unitOpen', count: 2 }, { list: 'handledByMe', count: 1 }, { list: 'cooperating', count: 0 }, { list: 'overdue', count: 0 }, { list: 'dueSoon', count: 0 }] } }),
      'GET /work-lists/unitOpen': () => ({ body: { list: 'unitOpen', items: [row('330122-2026-000051', '物业费纠纷'), row('330122-2026-000052', '小区停车难')] } }),
      'GET /work-lists/handledByMe': () => ({ body: { list: 'handledByMe', items: [row('330122-2026-000051', '物业费纠纷')] } }),
    });
    renderRoutes([{ path: '/', element: <WorkbenchPage /> }], '/');
    expect(await screen.findByRole('link', { name: '330122-2026-000052' })).toBeTruthy();
    const tab = await screen.findByRole('tab', { name: /我承办的/ });
    await userEvent.click(tab);
    expect(await screen.findByText(/由您认领承办/)).toBeTruthy();
    await waitFor(() => expect(calls.some((r) => new URL(r.url).pathname === '/api/work-lists/handledByMe')).toBe(true));
    const panel = screen.getByRole('tabpanel', { name: /我承办的/ });
    expect(await within(panel).findByRole('link', { name: '330122-2026-000051' })).toBeTruthy();
    expect(within(panel).queryByRole('link', { name: '330122-2026-000052' })).toBeNull();
  });

  it('gives a unit head 待签发 with its count: the letters waiting for their approval, and since when', async () => {
    const head = { id: 'tonglu-housing-head', name: '俞志明', jurisdiction: '330122', unit: '330122-housing', roles: ['unitHead'] };
    saveSession({ token: 'test-token', staff: head });
    const waiting = {
      caseNumber: '330122-2026-000031',
      jurisdiction: '330122',
      status: 'concluded',
      channel: 'email',
      subject: '楼顶漏水',
      urgent: false,
      registeredAt: '2026-11-20T01:20:00Z',
      lead: '330122-housing',
      signOff: { jurisdiction: '330122', rule: 'unitHead', unit: '330122-housing', authors: ['tonglu-housing-handler'], since: '2026-12-04T02:00:00.000Z' },
    };
    const { calls } = mockFetch({
      'GET /me': () => ({ body: head }),
      'GET /work-lists': () => ({ body: { lists: [{ list: 'unitOpen', count: 0 }, { list: 'awaitingSignOff', count: 1 }, { list: 'handledByMe', count: 0 }, { list: 'cooperating', count: 0 }, { list: 'overdue', count: 0 }, { list: 'dueSoon', count: 0 }] } }),
      'GET /work-lists/unitOpen': () => ({ body: { list: 'unitOpen', items: [] } }),
      'GET /work-lists/awaitingSignOff': () => ({ body: { list: 'awaitingSignOff', items: [waiting] } }),
    });
    renderRoutes([{ path: '/', element: <WorkbenchPage /> }], '/');
    const tab = await screen.findByRole('tab', { name: /待签发\s*1/ });
    await userEvent.click(tab);
    expect(await screen.findByText(/须经您审核签发后才能答复信访人/)).toBeTruthy();
    await waitFor(() => expect(calls.some((r) => new URL(r.url).pathname === '/api/work-lists/awaitingSignOff')).toBe(true));
    const panel = screen.getByRole('tabpanel', { name: /待签发/ });
    const row = (await within(panel).findByRole('link', { name: '330122-2026-000031' })).closest('tr')!;
    expect(within(row).getByText('2026年12月4日起待签发')).toBeTruthy();
  });

  it('gives a leader 待阅批 with its count: the cases the office put before them', async () => {
    const leader = { id: 'tonglu-leader-principal', name: '方建华', jurisdiction: '330122', roles: ['leader'] };
    saveSession({ token: 'test-token', staff: leader });
    const row = { caseNumber: '330122-2026-000057', jurisdiction: '330122', status: 'inProgress', channel: 'letter', subject: '化工厂夜间偷排废水', urgent: false, registeredAt: '2026-12-01T01:20:00Z', lead: '330122-housing' };
    mockFetch({
      'GET /me': () => ({ body: leader }),
      'GET /work-lists': () => ({ body: { lists: [{ list: 'extensionRequests', count: 0 }, { list: 'leaderReadings', count: 1 }, { list: 'escalated', count: 0 }] } }),
      'GET /work-lists/extensionRequests': () => ({ body: { list: 'extensionRequests', items: [] } }),
      'GET /work-lists/leaderReadings': () => ({ body: { list: 'leaderReadings', items: [row] } }),
    });
    renderRoutes([{ path: '/', element: <WorkbenchPage /> }], '/');
    await userEvent.click(await screen.findByRole('tab', { name: /待阅批\s*1/ }));
    expect(await screen.findByText(/信访工作机构呈您阅批的事项/)).toBeTruthy();
    const panel = screen.getByRole('tabpanel', { name: /待阅批/ });
    expect(await within(panel).findByRole('link', { name: '330122-2026-000057' })).toBeTruthy();
  });

  it('新登记 says where each case the office registered is now', async () => {
    mockFetch({
      'GET /work-lists': () => ({ body: { lists: [{ list: 'triage', count: 0 }, { list: 'newlyRegistered', count: 1 }] } }),
      'GET /work-lists/newlyRegistered': () => ({
        body: { list: 'newlyRegistered', items: [{ caseNumber: '330122-2026-000031', jurisdiction: '330122', status: 'registered', channel: 'letter', urgent: false, registeredAt: '2026-12-06T02:00:00Z' }] },
      }),
    });
    renderRoutes([{ path: '/', element: <WorkbenchPage /> }], '/?list=newlyRegistered');
    const row = (await screen.findByRole('link', { name: '330122-2026-000031' })).closest('tr')!;
    expect(screen.getByRole('columnheader', { name: '现所在辖区' })).toBeTruthy();
    expect(within(row).getByText('桐庐县')).toBeTruthy();
  });

  it('全部在办 of an office above others says the lower levels’ cases are under the 辖区 picker, not just 暂无信访事项', async () => {
    const withTownships = {
      ...CONFIG,
      jurisdictions: [
        ...CONFIG.jurisdictions,
        { code: '330122101', name: '富春江镇', parent: '330122', office: { name: '富春江镇信访办' }, units: [], extension: { maxDays: 30, requestLeadWorkingDays: 5 } },
        { code: '330122109', name: '分水镇', parent: '330122', office: { name: '分水镇信访办' }, units: [], extension: { maxDays: 30, requestLeadWorkingDays: 5 } },
      ],
    };
    mockFetch({
      'GET /directory': () => ({ body: withTownships }),
      'GET /work-lists': () => ({ body: { lists: [{ list: 'triage', count: 0 }] } }),
      'GET /cases': () => ({ body: { items: [] } }),
    });
    renderRoutes([{ path: '/', element: <WorkbenchPage /> }], '/?list=all');
    expect(await screen.findByText('桐庐县本级暂无信访事项；下级辖区（富春江镇、分水镇）的事项不在此列，打开“含下级”或在“辖区”中选择查看')).toBeTruthy();
    expect(screen.getByText('仅列出桐庐县本级的事项；下级辖区（富春江镇、分水镇）的事项不在此列，打开“含下级”或在“辖区”中选择查看。')).toBeTruthy();
    expect(screen.getByRole('combobox', { name: '辖区' })).toBeTruthy();
  });

  it('全部在办 含下级 lists the lower levels’ cases too, saying where each is', async () => {
    const withTownships = {
      ...CONFIG,
      jurisdictions: [
        ...CONFIG.jurisdictions,
        { code: '330122101', name: '富春江镇', parent: '330122', office: { name: '富春江镇信访办' }, units: [], extension: { maxDays: 30, requestLeadWorkingDays: 5 } },
      ],
    };
    const own = { caseNumber: '330122-2026-000009', jurisdiction: '330122', status: 'inProgress', channel: 'email', urgent: false, registeredAt: '2026-11-01T02:00:00Z' };
    const township = { caseNumber: '330122101-2026-000003', jurisdiction: '330122101', status: 'assigned', channel: 'letter', urgent: false, registeredAt: '2026-11-02T02:00:00Z' };
    const { calls } = mockFetch({
      'GET /directory': () => ({ body: withTownships }),
      'GET /work-lists': () => ({ body: { lists: [{ list: 'triage', count: 0 }] } }),
      'GET /cases': (request) => {
        const query = new URL(request.url).searchParams;
        if (query.get('includeSubordinates') !== 'true') return { body: { items: [own] } };
        // The server's read budget can end a page empty while lower levels remain: the console asks on.
        return query.get('cursor') ? { body: { items: [own, township] } } : { body: { items: [], cursor: 's.1.' } };
      },
    });
    renderRoutes([{ path: '/', element: <WorkbenchPage /> }], '/?list=all');
    expect(await screen.findByRole('link', { name: '330122-2026-000009' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: '330122101-2026-000003' })).toBeNull();

    await userEvent.click(screen.getByRole('switch', { name: '含下级辖区' }));
    const row = (await screen.findByRole('link', { name: '330122101-2026-000003' })).closest('tr')!;
    expect(within(row).getByText('富春江镇')).toBeTruthy();
    expect(screen.getByRole('columnheader', { name: '所在辖区' })).toBeTruthy();
    expect(screen.getByText('列出桐庐县本级及下级辖区（富春江镇）的事项：本级在前，下级逐级列出，各辖区内最新登记的在前。')).toBeTruthy();
    const asked = calls.filter((r) => new URL(r.url).pathname === '/api/cases').map((r) => new URL(r.url).searchParams);
    expect(asked.filter((q) => q.get('includeSubordinates') === 'true').map((q) => q.get('cursor'))).toEqual([null, 's.1.']);
  });

  it('lists all open cases of the jurisdiction under 全部在办, by status', async () => {
    const { calls } = mockFetch({
      'GET /work-lists': () => ({ body: { lists: [{ list: 'triage', count: 0 }] } }),
      'GET /work-lists/triage': () => ({ body: { list: 'triage', items: [] } }),
      'GET /cases': () => ({ body: { items: [{ caseNumber: '330122-2026-000009', jurisdiction: '330122', status: 'inProgress', channel: 'email', urgent: false, registeredAt: '2026-11-01T02:00:00Z' }] } }),
    });
    renderRoutes([{ path: '/', element: <WorkbenchPage /> }], '/?list=all');
    expect(await screen.findByRole('link', { name: '330122-2026-000009' })).toBeTruthy();
    const list = calls.find((r) => new URL(r.url).pathname === '/api/cases')!;
    expect(new URL(list.url).searchParams.get('jurisdiction')).toBe('330122');
    expect(new URL(list.url).searchParams.get('status')).toBeNull();
  });
  it('tags a case the office’s 复查 sent back to be handled again (复查重办) on its 交办督办件 list, with its clock', async () => {
    mockFetch({
      'GET /work-lists': () => ({ body: { lists: [{ list: 'supervising', count: 1 }] } }),
      'GET /work-lists/supervising': () => ({
        body: {
          list: 'supervising',
          items: [
            {
              caseNumber: '330122-2026-000007',
              jurisdiction: '330122',
              status: 'inProgress',
              channel: 'email',
              subject: '城南小区楼顶漏水',
              urgent: false,
              registeredAt: '2026-11-01T02:00:00Z',
              lead: '330122-housing',
              superiors: [{ office: '330100', relation: 'reviewRedo' }],
              nextDueAt: '2027-01-20T16:00:00.000Z',
              clock: clock('2027-01-20T16:00:00.000Z', { overdue: false, workingDaysLeft: 30 }),
            },
          ],
        },
      }),
    });
    renderRoutes([{ path: '/', element: <WorkbenchPage /> }], '/?list=supervising');
    const row = (await screen.findByRole('link', { name: '330122-2026-000007' })).closest('tr')!;
    expect(within(row).getByText(/复查重办$/)).toBeTruthy();
    expect(within(row).queryByText(/交办$/)).toBeNull();
  });
});
