// @vitest-environment happy-dom
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockFetch, renderRoutes } from '../../test/render';
import { saveSession } from '../../lib/session';
import AccompanyingPage from '.';
import type { AccompaniedSession } from './types';

const MONDAY = '330122:2026-12-14:0900';
const place = '桐庐县社会矛盾纠纷调处化解中心一楼领导接待室（迎春南路）';
const session = (over: Partial<AccompaniedSession> = {}): AccompaniedSession => ({
  id: MONDAY,
  jurisdiction: '330122',
  date: '2026-12-14',
  dateText: '2026年12月14日（星期一）',
  time: '09:00-11:30',
  place,
  leader: '副县长陈海燕同志',
  office: '桐庐县信访局',
  unit: { id: '330122-housing', name: '桐庐县住房和城乡建设局' },
  units: [
    { id: '330122-housing', name: '桐庐县住房和城乡建设局' },
    { id: '330122-hrss', name: '桐庐县人力资源和社会保障局' },
  ],
  bookings: 3,
  people: 5,
  topics: ['反映宅基地被占问题', '城南小区楼顶漏水三个月无人维修。'],
  withheld: 1,
  ...over,
});

describe('陪访接待', () => {
  beforeEach(() => {
    saveSession({ token: 'test-token', staff: { id: 'tonglu-housing-handler', name: '王晓燕', jurisdiction: '330122', unit: '330122-housing', roles: ['handler'] } });
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    sessionStorage.clear();
  });

  it('lists the sessions the unit accompanies and, chosen, shows one as its letter tells it: the matters it may read, the others only counted', async () => {
    const later = session({ id: '330122:2026-12-21:0900', date: '2026-12-21', dateText: '2026年12月21日（星期一）', cancelled: true, bookings: 0, people: 0, topics: [], withheld: 0 });
    mockFetch({
      'GET /reception-days/accompanied': () => ({ body: { sessions: [session(), later] } }),
      [`GET /reception-days/${encodeURIComponent(MONDAY)}/accompanied`]: () => ({ body: { session: session() } }),
    });
    renderRoutes([{ path: '/accompanying', element: <AccompanyingPage /> }], '/accompanying');

    const list = await screen.findByRole('region', { name: '陪访场次' });
    expect(within(list).getByRole('button', { name: '2026年12月21日（星期一） 09:00-11:30 副县长陈海燕同志接待（已取消）' })).toBeTruthy();
    await userEvent.click(within(list).getByRole('button', { name: '2026年12月14日（星期一） 09:00-11:30 副县长陈海燕同志接待' }));

    const detail = await screen.findByRole('region', { name: '2026年12月14日（星期一）接待安排' });
    expect(detail.textContent).toContain(place);
    expect(detail.textContent).toContain('桐庐县住房和城乡建设局、桐庐县人力资源和社会保障局');
    expect(detail.textContent).toContain('已预约3批（共5人）');
    const topics = within(detail).getByRole('list', { name: '预约反映的事项' });
    expect(within(topics).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['反映宅基地被占问题', '城南小区楼顶漏水三个月无人维修。']);
    expect(detail.textContent).toContain('另有1项预约事项由桐庐县信访局另行安排，不在此列出。');
  });

  it('opened from the letter’s link by a unit not accompanying that session, says why in Chinese', async () => {
    mockFetch({
      'GET /reception-days/accompanied': () => ({ body: { sessions: [] } }),
      [`GET /reception-days/${encodeURIComponent(MONDAY)}/accompanied`]: () => ({
        status: 403,
        body: { error: { code: 'OutOfScope', message: 'unit does not accompany', messageZh: '本单位不是该场领导接待的陪访部门，不能查看该场接待安排' } },
      }),
    });
    renderRoutes([{ path: '/accompanying', element: <AccompanyingPage /> }], `/accompanying?session=${encodeURIComponent(MONDAY)}`);
    expect(await screen.findByText(/本单位不是该场领导接待的陪访部门，不能查看该场接待安排/)).toBeTruthy();
    expect(await screen.findByText('近期没有需要本单位陪访的领导接待日')).toBeTruthy();
  });

  it('a session cancelled, or already held, opened from the letter’s link says so — not that nobody booked, nor to come on time', async () => {
    for (const [over, says] of [
      [{ cancelled: true as const }, '本场领导接待已取消，无需陪访'],
      [{ ended: true as const }, '本场领导接待已结束'],
    ] as const) {
      mockFetch({
        'GET /reception-days/accompanied': () => ({ body: { sessions: [] } }),
        [`GET /reception-days/${encodeURIComponent(MONDAY)}/accompanied`]: () => ({ body: { session: session({ ...over, bookings: 0, people: 0, topics: [], withheld: 0 }) } }),
      });
      renderRoutes([{ path: '/accompanying', element: <AccompanyingPage /> }], `/accompanying?session=${encodeURIComponent(MONDAY)}`);
      const detail = await screen.findByRole('region', { name: '2026年12月14日（星期一）接待安排' });
      expect(detail.textContent).toContain(says);
      expect(detail.textContent).not.toContain('目前暂无预约');
      expect(detail.textContent).not.toContain('准时到场');
      cleanup();
      vi.unstubAllGlobals();
    }
  });
});
