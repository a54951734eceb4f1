// @vitest-environment happy-dom
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockFetch, renderRoutes, signIn } from '../../test/render';
import WorkbenchPage from '.';

const DAY = 86_400_000;
const NOW = new Date('2026-12-07T02:00:00Z').getTime();

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

  it('lists a page of the jurisdiction’s cases with their status, clocks and flags', async () => {
    const { calls } = mockFetch({
      'GET /cases': (request) =>
        new URL(request.url).searchParams.get('cursor') === 'next-page'
          ? { body: { items: [{ caseNumber: '330122-2026-000004', jurisdiction: '330122', status: 'accepted', channel: 'web', urgent: false, registeredAt: '2026-09-01T02:00:00Z', lead: '330122-housing' }] } }
          : {
        body: {
          items: [
            { caseNumber: '330122-2026-000001', jurisdiction: '330122', status: 'registered', channel: 'letter', subject: '小区噪音扰民', urgent: true, triage: true, registeredAt: '2026-12-06T17:00:00Z', nextDueAt: new Date(NOW + 10 * DAY).toISOString() },
            { caseNumber: '330122-2026-000002', jurisdiction: '330122', status: 'inProgress', channel: 'visit', subject: '拖欠工资', urgent: false, registeredAt: '2026-11-20T02:00:00Z', nextDueAt: new Date(NOW + 2 * DAY).toISOString() },
            { caseNumber: '330122-2026-000003', jurisdiction: '330122', status: 'underReview', channel: 'phone', subject: '征收补偿', urgent: false, registeredAt: '2026-10-01T02:00:00Z', nextDueAt: new Date(NOW - 5 * DAY).toISOString() },
          ],
          cursor: 'next-page',
        },
      },
    });
    renderRoutes([{ path: '/', element: <WorkbenchPage /> }], '/');

    const link = await screen.findByRole('link', { name: '330122-2026-000001' });
    expect(link.getAttribute('href')).toBe('/cases/330122-2026-000001');
    const first = link.closest('tr')!;
    expect(within(first).getByText('已登记')).toBeTruthy();
    expect(within(first).getByText('来信')).toBeTruthy();
    // Registered 01:00 on the 7th, Beijing time.
    expect(within(first).getByText('2026年12月7日')).toBeTruthy();
    expect(within(first).getByText('剩余 10 天')).toBeTruthy();
    expect(within(first).getByText('待分办')).toBeTruthy();
    expect(within(first).getByText('紧急')).toBeTruthy();

    const second = screen.getByRole('link', { name: '330122-2026-000002' }).closest('tr')!;
    expect(within(second).getByText('办理中')).toBeTruthy();
    expect(within(second).getByText('剩余 2 天').className).toMatch(/orange/);
    const third = screen.getByRole('link', { name: '330122-2026-000003' }).closest('tr')!;
    expect(within(third).getByText('复查中')).toBeTruthy();
    expect(within(third).getByText('已逾期 5 天').className).toMatch(/red/);

    expect(screen.getByRole('button', { name: '加载更多' })).toBeTruthy();
    const list = calls.find((r) => new URL(r.url).pathname === '/api/cases')!;
    expect(new URL(list.url).searchParams.get('jurisdiction')).toBe('330122');
    expect(new URL(list.url).searchParams.get('limit')).toBe('50');
    expect(list.headers.get('authorization')).toBe('Bearer test-token');

    // The next page, from the cursor the first gave, below the first.
    await userEvent.setup({ advanceTimers: vi.advanceTimersByTime }).click(screen.getByRole('button', { name: '加载更多' }));
    const fourth = (await screen.findByRole('link', { name: '330122-2026-000004' })).closest('tr')!;
    expect(within(fourth).getByText('桐庐县住房和城乡建设局')).toBeTruthy();
    expect(within(fourth).getByText('（无主题）')).toBeTruthy();
    expect(screen.getAllByRole('link').length).toBe(4);
    expect(screen.queryByRole('button', { name: '加载更多' })).toBeNull();
  });
});
