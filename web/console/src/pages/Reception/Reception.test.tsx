// @vitest-environment happy-dom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONFIG, mockFetch, renderRoutes, signIn } from '../../test/render';
import ReceptionPage from '.';

// Thursday 3 December 2026, 10:00 in Beijing: Monday 30 November's session took place, 7 December's is to come.
const NOW = new Date('2026-12-03T02:00:00Z').getTime();
const PAST = '330122:2026-11-30:0900';
const place = '桐庐县社会矛盾纠纷调处化解中心一楼领导接待室（迎春南路）';
const session = (date: string, taken: number) => ({
  id: `330122:${date}:0900`,
  date,
  weekday: 1,
  time: '09:00-11:30',
  startsAt: `${date}T09:00:00+08:00`,
  endsAt: `${date}T11:30:00+08:00`,
  leader: { id: 'tonglu-leader-petitions', name: '陈海燕' },
  place,
  topics: [],
  capacity: 8,
  taken,
  placesLeft: 8 - taken,
});
const booking = (over: Record<string, unknown>) => ({
  id: '0b8f5a52-4c57-4d1e-9d0e-7a5c3f2e1a11',
  reference: 'JD-0B8F5A52',
  sessionId: PAST,
  jurisdiction: '330122',
  date: '2026-11-30',
  matter: '村里征地补偿款至今未足额发放。',
  status: 'booked',
  bookedAt: '2026-11-21T01:00:00.000Z',
  ...over,
});

describe('接待日', () => {
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

  it('lays out the week with each session’s leader, place and places taken, and hides who booked from those the API does not tell', async () => {
    const { calls } = mockFetch({
      'GET /reception-days': () => ({ body: { jurisdiction: { code: '330122', name: '桐庐县', office: '桐庐县信访局' }, from: '2026-11-30', to: '2026-12-06', sessions: [session('2026-11-30', 2)] } }),
      [`GET /reception-days/${encodeURIComponent(PAST)}/bookings`]: () => ({ body: { session: session('2026-11-30', 2), bookings: [booking({})], allowedActions: [] } }),
    });
    renderRoutes([{ path: '/reception', element: <ReceptionPage /> }], '/reception?view=week&date=2026-12-03');

    const chip = await screen.findByRole('button', { name: `2026年11月30日（星期一） 09:00-11:30 陈海燕接待，地点：${place}，已约 2/8` });
    expect(chip.textContent).toContain('2/8');
    expect(chip.textContent).toContain(place);
    const asked = new URL(calls.find((r) => new URL(r.url).pathname === '/api/reception-days')!.url).searchParams;
    expect([asked.get('jurisdiction'), asked.get('from'), asked.get('to')]).toEqual(['330122', '2026-11-30', '2026-12-06']);
    expect(within(screen.getByRole('group', { name: /12月6日/ })).getByText('无接待安排')).toBeTruthy();

    await userEvent.setup({ advanceTimers: vi.advanceTimersByTime }).click(chip);
    const list = await screen.findByRole('region', { name: '预约名单' });
    await waitFor(() => expect(list.textContent).toContain('JD-0B8F5A52'));
    expect(screen.getByText('预约人姓名和联系方式仅向本场接待领导和信访工作机构人员显示')).toBeTruthy();
    expect(within(list).queryByRole('button')).toBeNull();
  });

  it('records a reception as a new visit petition from a booking, and marks another booker as not come', async () => {
    const bookings = [booking({ name: '赵刚', phone: '13905719001' }), booking({ id: '9a1d2c3b-0000-4000-8000-000000000002', reference: 'JD-9A1D2C3B', name: '钱多多', phone: '13905719003', matter: '公司拖欠三个月工资。' })];
    const { calls } = mockFetch({
      'GET /reception-days': () => ({ body: { jurisdiction: { code: '330122', name: '桐庐县', office: '桐庐县信访局' }, from: '2026-11-30', to: '2027-01-10', sessions: [session('2026-11-30', 2)] } }),
      [`GET /reception-days/${encodeURIComponent(PAST)}/bookings`]: () => ({ body: { session: session('2026-11-30', 2), bookings, allowedActions: ['readBookers', 'cancelBooking', 'markNoShow', 'recordReception'] } }),
      [`POST /reception-days/${encodeURIComponent(PAST)}/notes`]: () => ({ status: 201, body: { case: { caseNumber: '330122-2026-000321' }, event: { type: 'noted' }, registered: true } }),
      [`POST /reception-days/${encodeURIComponent(PAST)}/bookings/${bookings[1]!.id}/no-show`]: () => ({ body: { booking: { ...bookings[1], status: 'noShow' } } }),
    });
    renderRoutes([{ path: '/reception', element: <ReceptionPage /> }], `/reception?date=2026-11-30&session=${encodeURIComponent(PAST)}`);
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });

    await user.click(await screen.findByRole('button', { name: '记录接待：JD-0B8F5A52 赵刚' }));
    const dialog = await screen.findByRole('dialog');
    // The booking's matter and the booker are filled in; a booking without a case number becomes a new visit petition.
    expect((within(dialog).getByLabelText('信访事项') as HTMLTextAreaElement).value).toBe('村里征地补偿款至今未足额发放。');
    expect((within(dialog).getByLabelText('信访人姓名') as HTMLInputElement).value).toBe('赵刚');
    await user.click(within(dialog).getByRole('button', { name: '保存' }));
    expect(await within(dialog).findByText('请填写接待记录：领导听取了什么、作出了什么安排')).toBeTruthy();
    await user.type(within(dialog).getByLabelText('接待记录'), '责成县自然资源和规划局两周内核实。');
    await user.click(within(dialog).getByRole('button', { name: '保存' }));

    const done = await screen.findByRole('link', { name: '330122-2026-000321' });
    expect(done.getAttribute('href')).toBe('/cases/330122-2026-000321');
    const sent = calls.find((r) => r.method === 'POST' && new URL(r.url).pathname.endsWith('/notes'))!;
    expect(sent.headers.get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await sent.clone().json()).toEqual({
      note: '责成县自然资源和规划局两周内核实。',
      bookingId: bookings[0]!.id,
      register: { matter: '村里征地补偿款至今未足额发放。', petitioner: { anonymous: false, name: '赵刚', phone: '13905719001' } },
    });

    await user.click(screen.getByRole('button', { name: '未到场：JD-9A1D2C3B 钱多多' }));
    await user.click(await screen.findByRole('button', { name: '确定' }));
    await waitFor(() => expect(calls.some((r) => r.method === 'POST' && new URL(r.url).pathname.endsWith('/no-show'))).toBe(true));
    // Cancelling is for sessions still to come.
    expect(screen.queryByRole('button', { name: /取消预约/ })).toBeNull();
  });

  it('records the daughter who came for her bedridden father (代访) with the visit, and shows the API’s refusal at her fields', async () => {
    // She booked under her own name; at the desk the petitioner is her father.
    const bookings = [booking({ name: '王小明', phone: '13900001111', matter: '父亲王大山82岁卧床，村里修路占了他家承包地一直没有补偿。' })];
    let refused = true;
    const { calls } = mockFetch({
      'GET /reception-days': () => ({ body: { jurisdiction: { code: '330122', name: '桐庐县', office: '桐庐县信访局' }, from: '2026-11-30', to: '2027-01-10', sessions: [session('2026-11-30', 1)] } }),
      [`GET /reception-days/${encodeURIComponent(PAST)}/bookings`]: () => ({ body: { session: session('2026-11-30', 1), bookings, allowedActions: ['readBookers', 'recordReception'] } }),
      [`POST /reception-days/${encodeURIComponent(PAST)}/notes`]: () => {
        if (!refused) return { status: 201, body: { case: { caseNumber: '330122-2026-000322' }, event: { type: 'noted' }, registered: true } };
        refused = false;
        const messageZh = '代为反映人与信访人是同一人：信访人本人反映的，无需填写代为反映人';
        return { status: 422, body: { error: { code: 'RuleViolation', message: 'same person', messageZh, issues: [{ path: 'body.register.writtenBy.name', message: 'same person', messageZh, kind: 'rule' }] } } };
      },
    });
    renderRoutes([{ path: '/reception', element: <ReceptionPage /> }], `/reception?date=2026-11-30&session=${encodeURIComponent(PAST)}`);
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });

    await user.click(await screen.findByRole('button', { name: '记录接待：JD-0B8F5A52 王小明' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).queryByRole('group', { name: '代访人' })).toBeNull();
    await user.click(within(dialog).getByRole('switch', { name: '他人代为来访（代访）' }));
    const writer = within(dialog).getByRole('group', { name: '代访人' });
    await user.type(within(writer).getByLabelText('信访人是代为反映人的'), '父亲');
    await user.type(within(writer).getByLabelText('代为反映人姓名'), '王小明');
    await user.type(within(writer).getByLabelText('代为反映人联系电话'), '13900001111');
    await user.type(within(dialog).getByLabelText('接待记录'), '领导当面听取，责成县住建局核实。');
    // The form knows the writer is not the petitioner: with the booker's name left as the petitioner's, it says so.
    await user.click(within(dialog).getByRole('button', { name: '保存' }));
    expect(await within(writer).findByText('代为反映人与信访人是同一人：信访人本人反映的，无需填写代为反映人')).toBeTruthy();
    expect(calls.some((r) => r.method === 'POST')).toBe(false);
    const name = within(dialog).getByLabelText('信访人姓名');
    await user.clear(name);
    await user.type(name, '王大山');
    await user.clear(within(dialog).getByLabelText('联系电话'));
    // The API's refusal of the writer lands at the writer's field it names.
    await user.click(within(dialog).getByRole('button', { name: '保存' }));
    await waitFor(() => expect(within(writer).getByLabelText('代为反映人姓名').getAttribute('aria-invalid')).toBe('true'));
    await user.click(within(dialog).getByRole('button', { name: '保存' }));

    expect(await screen.findByRole('link', { name: '330122-2026-000322' })).toBeTruthy();
    const sent = calls.filter((r) => r.method === 'POST' && new URL(r.url).pathname.endsWith('/notes')).at(-1)!;
    expect(await sent.clone().json()).toEqual({
      note: '领导当面听取，责成县住建局核实。',
      bookingId: bookings[0]!.id,
      register: {
        matter: '父亲王大山82岁卧床，村里修路占了他家承包地一直没有补偿。',
        petitioner: { anonymous: false, name: '王大山' },
        writtenBy: { relation: '父亲', name: '王小明', phone: '13900001111' },
      },
    });
  });

  it('cancels at the booker’s own request: the API is told so, and nobody is asked to phone the booker', async () => {
    const coming = '330122:2026-12-07:0900';
    const li = booking({ sessionId: coming, date: '2026-12-07', name: '李娜', phone: '13900002222' });
    const { calls } = mockFetch({
      'GET /reception-days': () => ({ body: { jurisdiction: { code: '330122', name: '桐庐县', office: '桐庐县信访局' }, from: '2026-12-07', to: '2026-12-13', sessions: [session('2026-12-07', 1)] } }),
      [`GET /reception-days/${encodeURIComponent(coming)}/bookings`]: () => ({ body: { session: session('2026-12-07', 1), bookings: [li], allowedActions: ['readBookers', 'cancelBooking', 'markNoShow', 'recordReception'] } }),
      [`POST /reception-days/${encodeURIComponent(coming)}/bookings/${li.id}/cancel`]: () => ({ body: { booking: { ...li, status: 'cancelled', cancelReason: '应预约人要求取消' } } }),
    });
    renderRoutes([{ path: '/reception', element: <ReceptionPage /> }], `/reception?date=2026-12-07&session=${encodeURIComponent(coming)}`);
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });

    await user.click(await screen.findByRole('button', { name: '取消预约：JD-0B8F5A52 李娜' }));
    await user.click(await screen.findByRole('checkbox', { name: '预约人本人要求取消（只向其确认取消，不另行电话告知）' }));
    await user.click(await screen.findByRole('button', { name: '确定' }));

    await waitFor(() => expect(calls.some((r) => r.method === 'POST' && new URL(r.url).pathname.endsWith('/cancel'))).toBe(true));
    const sent = calls.find((r) => r.method === 'POST' && new URL(r.url).pathname.endsWith('/cancel'))!;
    expect(await sent.clone().json()).toEqual({ byBooker: true });
    expect(await screen.findByText('JD-0B8F5A52 已取消预约')).toBeTruthy();
  });

  it('tells staff to check who it is when a booking names a case that records other contacts', async () => {
    const coming = '330122:2026-12-07:0900';
    const stranger = booking({ sessionId: coming, date: '2026-12-07', name: '王某', phone: '13900009999', caseNumber: '330122-2026-000007', caseNumberConfirmed: false });
    const own = booking({ id: 'b2', reference: 'JD-00000002', sessionId: coming, date: '2026-12-07', name: '张伟', phone: '13800001111', caseNumber: '330122-2026-000008', caseNumberConfirmed: true });
    mockFetch({
      'GET /reception-days': () => ({ body: { jurisdiction: { code: '330122', name: '桐庐县', office: '桐庐县信访局' }, from: '2026-12-07', to: '2026-12-13', sessions: [session('2026-12-07', 2)] } }),
      [`GET /reception-days/${encodeURIComponent(coming)}/bookings`]: () => ({
        body: { session: session('2026-12-07', 2), bookings: [stranger, own], allowedActions: ['readBookers'] },
      }),
    });
    renderRoutes([{ path: '/reception', element: <ReceptionPage /> }], '/reception?view=week&date=2026-12-07');
    const chip = await screen.findByRole('button', { name: /2026年12月7日（星期一） 09:00-11:30 陈海燕接待/ });
    await userEvent.setup({ advanceTimers: vi.advanceTimersByTime }).click(chip);
    const list = await screen.findByRole('region', { name: '预约名单' });
    await waitFor(() => expect(list.textContent).toContain('JD-0B8F5A52'));
    expect(list.textContent).toContain('自述信访事项 330122-2026-000007：未能核对预约人为该事项的信访人，请先核实身份');
    expect(list.textContent).toContain('已有信访事项 330122-2026-000008');
  });

  it('shows the leader a booking that reports him only as a place taken, with nothing to do on it; the desk is told to arrange it', async () => {
    const coming = '330122:2026-12-07:0900';
    const kept = { id: 'b9', sessionId: coming, jurisdiction: '330122', date: '2026-12-07', status: 'booked', withheld: true };
    const ordinary = booking({ sessionId: coming, date: '2026-12-07', name: '李娜', phone: '13900002222' });
    const all = ['readBookers', 'cancelBooking', 'markNoShow', 'recordReception'];
    mockFetch({
      'GET /reception-days': () => ({ body: { jurisdiction: { code: '330122', name: '桐庐县', office: '桐庐县信访局' }, from: '2026-12-07', to: '2026-12-13', sessions: [session('2026-12-07', 2)] } }),
      [`GET /reception-days/${encodeURIComponent(coming)}/bookings`]: () => ({ body: { session: session('2026-12-07', 2), bookings: [kept, ordinary], allowedActions: all } }),
    });
    renderRoutes([{ path: '/reception', element: <ReceptionPage /> }], `/reception?date=2026-12-07&session=${encodeURIComponent(coming)}`);
    const list = await screen.findByRole('region', { name: '预约名单' });
    await waitFor(() => expect(list.textContent).toContain('李娜'));
    const place = within(list).getByRole('listitem', { name: '名额已占用' });
    expect(within(place).queryByRole('button')).toBeNull();
    expect(within(list).getByRole('button', { name: '取消预约：JD-0B8F5A52 李娜' })).toBeTruthy();
    expect(within(list).getAllByRole('button', { name: /取消预约/ })).toHaveLength(1);
    cleanup();

    // The desk's view of the same booking: who it is, and that it is not the leader's to receive.
    const full = { ...booking({ id: 'b9', reference: 'JD-00000009', sessionId: coming, date: '2026-12-07', name: '郑华', phone: '13500009999', matter: '举报陈海燕强拆' }), keptFromLeader: true };
    mockFetch({
      'GET /reception-days': () => ({ body: { jurisdiction: { code: '330122', name: '桐庐县', office: '桐庐县信访局' }, from: '2026-12-07', to: '2026-12-13', sessions: [session('2026-12-07', 2)] } }),
      [`GET /reception-days/${encodeURIComponent(coming)}/bookings`]: () => ({ body: { session: session('2026-12-07', 2), bookings: [full, ordinary], allowedActions: all } }),
    });
    renderRoutes([{ path: '/reception', element: <ReceptionPage /> }], `/reception?date=2026-12-07&session=${encodeURIComponent(coming)}`);
    const deskList = await screen.findByRole('region', { name: '预约名单' });
    await waitFor(() => expect(deskList.textContent).toContain('郑华'));
    expect(within(deskList).getByRole('listitem', { name: 'JD-00000009 郑华' }).textContent).toContain('不安排陈海燕接待');
    expect(within(deskList).getByRole('listitem', { name: 'JD-0B8F5A52 李娜' }).textContent).not.toContain('不安排');
  });

  it('shows a booking its booker cancelled on the portal as cancelled, by 预约人（网上取消）, with no action left on it', async () => {
    const coming = '330122:2026-12-07:0900';
    const cancelledByBooker = booking({ sessionId: coming, date: '2026-12-07', name: '李娜', phone: '13900002222', status: 'cancelled', cancelledAt: '2026-12-02T06:30:00.000Z', cancelledBy: 'system:booker' });
    mockFetch({
      'GET /reception-days': () => ({ body: { jurisdiction: { code: '330122', name: '桐庐县', office: '桐庐县信访局' }, from: '2026-12-07', to: '2026-12-13', sessions: [session('2026-12-07', 0)] } }),
      [`GET /reception-days/${encodeURIComponent(coming)}/bookings`]: () => ({
        body: { session: session('2026-12-07', 0), bookings: [cancelledByBooker], allowedActions: ['readBookers', 'cancelBooking', 'markNoShow', 'recordReception'] },
      }),
    });
    renderRoutes([{ path: '/reception', element: <ReceptionPage /> }], '/reception?view=week&date=2026-12-07');
    const chip = await screen.findByRole('button', { name: /2026年12月7日（星期一） 09:00-11:30 陈海燕接待.*已约 0\/8/ });
    await userEvent.setup({ advanceTimers: vi.advanceTimersByTime }).click(chip);
    const list = await screen.findByRole('region', { name: '预约名单' });
    await waitFor(() => expect(list.textContent).toContain('JD-0B8F5A52'));
    expect(list.textContent).toContain('已取消');
    expect(list.textContent).toMatch(/预约人（网上取消） 于 .+ 取消/);
    expect(within(list).queryByRole('button', { name: /取消预约/ })).toBeNull();
  });

  it('opens a session from a link of before slots, which named the leader, and says who receives a booking its confirmation named another for', async () => {
    const coming = '330122:2026-12-07:0900';
    const before = '330122:tonglu-leader-petitions:2026-12-07';
    // The line now names 周立新; 李娜 booked when it named 陈海燕, and left no email.
    const now = { ...session('2026-12-07', 1), leader: { id: 'tonglu-leader-deputy', name: '周立新' } };
    const li = booking({ sessionId: coming, date: '2026-12-07', name: '李娜', phone: '13900002222', leader: 'tonglu-leader-petitions' });
    const answer = () => ({ body: { session: now, bookings: [li], allowedActions: ['readBookers', 'cancelBooking', 'markNoShow', 'recordReception'] } });
    const { calls } = mockFetch({
      'GET /directory': () => ({ body: { ...CONFIG, staff: [...CONFIG.staff, { id: 'tonglu-leader-petitions', name: '陈海燕', jurisdiction: '330122', roles: ['leader'] }] } }),
      'GET /reception-days': () => ({ body: { jurisdiction: { code: '330122', name: '桐庐县', office: '桐庐县信访局' }, from: '2026-11-30', to: '2027-01-10', sessions: [now] } }),
      [`GET /reception-days/${encodeURIComponent(before)}/bookings`]: answer,
      [`GET /reception-days/${encodeURIComponent(coming)}/bookings`]: answer,
    });
    renderRoutes([{ path: '/reception', element: <ReceptionPage /> }], `/reception?date=2026-12-07&session=${encodeURIComponent(before)}`);

    const list = await screen.findByRole('region', { name: '预约名单' });
    await waitFor(() => expect(list.textContent).toContain('李娜'));
    expect(within(list).getByRole('listitem', { name: 'JD-0B8F5A52 李娜' }).textContent).toContain('预约确认时的接待领导为陈海燕，现改由周立新接待；预约人未留电子邮箱，请电话告知');
    // The address takes the session's own id: its chip on the calendar is the chosen one.
    await waitFor(() => expect(screen.getByRole('button', { name: /2026年12月7日（星期一） 09:00-11:30 周立新接待/ }).getAttribute('aria-pressed')).toBe('true'));
    // The list is then read by the session's own id: the request follows the chip's state, a moment later under load.
    await waitFor(() => expect(calls.some((r) => decodeURIComponent(new URL(r.url).pathname) === `/api/reception-days/${coming}/bookings`)).toBe(true));
  });

  it('on a phone, each day of the month is a button: reached with Tab, chosen with Enter or Space, its sessions listed under the month', async () => {
    // A phone's width: the month is the small calendar, each day a button, the chosen day's sessions under it.
    (window as unknown as { happyDOM: { setViewport: (v: { width: number; height: number }) => void } }).happyDOM.setViewport({ width: 390, height: 844 });
    try {
      mockFetch({
        'GET /reception-days': () => ({ body: { jurisdiction: { code: '330122', name: '桐庐县', office: '桐庐县信访局' }, from: '2026-11-30', to: '2027-01-10', sessions: [session('2026-12-07', 1), session('2026-12-14', 0)] } }),
      });
      renderRoutes([{ path: '/reception', element: <ReceptionPage /> }], '/reception?date=2026-12-03');
      const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
      const monday = await screen.findByRole('button', { name: '12月7日 星期一，1场接待' });
      expect(screen.getByRole('button', { name: '12月3日 星期四，无接待安排' }).getAttribute('aria-pressed')).toBe('true');
      expect(screen.getByRole('group', { name: '12月3日的接待安排' }).textContent).toContain('当日无接待安排');

      // From the day before it, one Tab reaches it; Enter chooses it.
      screen.getByRole('button', { name: '12月6日 星期日，无接待安排' }).focus();
      await user.tab();
      expect(document.activeElement).toBe(monday);
      await user.keyboard('{Enter}');
      const list = await screen.findByRole('group', { name: '12月7日的接待安排' });
      expect(within(list).getByRole('button', { name: /2026年12月7日（星期一） 09:00-11:30 陈海燕接待/ })).toBeTruthy();
      expect(screen.getByRole('button', { name: '12月7日 星期一，1场接待' }).getAttribute('aria-pressed')).toBe('true');

      // Space as well.
      screen.getByRole('button', { name: '12月14日 星期一，1场接待' }).focus();
      await user.keyboard(' ');
      expect(await screen.findByRole('group', { name: '12月14日的接待安排' })).toBeTruthy();
    } finally {
      (window as unknown as { happyDOM: { setViewport: (v: { width: number; height: number }) => void } }).happyDOM.setViewport({ width: 1024, height: 768 });
    }
  });

  describe('调整 a session', () => {
    const coming = '330122:2026-12-07:0900';
    const path = `/reception-days/${encodeURIComponent(coming)}`;
    const withLeaders = { ...CONFIG, staff: [...CONFIG.staff, { id: 'tonglu-leader-petitions', name: '陈海燕', jurisdiction: '330122', roles: ['leader'] }, { id: 'tonglu-leader-principal', name: '方建华', jurisdiction: '330122', roles: ['leader'], leaderPost: 'principal' }] };
    const desk = ['readBookers', 'cancelBooking', 'markNoShow', 'recordReception', 'adjustSession'];

    it('hands the session to another leader with the reason; told less than two days ahead, asks before sending it with confirmLate', async () => {
      let posts = 0;
      const { calls } = mockFetch({
        'GET /directory': () => ({ body: withLeaders }),
        'GET /reception-days': () => ({ body: { jurisdiction: { code: '330122', name: '桐庐县', office: '桐庐县信访局' }, from: '2026-12-07', to: '2026-12-13', sessions: [session('2026-12-07', 1)] } }),
        [`GET ${path}/bookings`]: () => ({ body: { session: session('2026-12-07', 1), bookings: [], allowedActions: desk } }),
        [`POST ${path}/adjustment`]: () =>
          ++posts === 1
            ? { status: 422, body: { error: { code: 'RuleViolation', message: 'late', messageZh: '按规定接访安排调整应提前两日告知，本场接待在2026年12月7日，已不足两日。', issues: [{ path: 'body.confirmLate', message: 'late' }] } } }
            : { body: { session: { ...session('2026-12-07', 1), leader: { id: 'tonglu-leader-principal', name: '方建华' } }, late: true, told: { email: 1, phone: 0 }, repeated: false } },
      });
      renderRoutes([{ path: '/reception', element: <ReceptionPage /> }], `/reception?view=week&date=2026-12-07&session=${encodeURIComponent(coming)}`);
      const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
      await user.click(await screen.findByRole('button', { name: '调整' }));
      const dialog = await screen.findByRole('dialog', { name: '调整本场接待' });
      await user.click(within(dialog).getByRole('combobox', { name: '改由哪位领导接待' }));
      await user.click(await screen.findByTitle('方建华（桐庐县主要负责同志）'));
      await user.type(within(dialog).getByRole('textbox', { name: '调整原因' }), '陈海燕同志赴省里参加会议');
      await user.click(within(dialog).getByRole('button', { name: '提交调整' }));

      await waitFor(() => expect(posts).toBe(1));
      expect((await screen.findAllByText('不足两日，仍要调整？')).length).toBeGreaterThan(0);
      expect(screen.getAllByText(/已不足两日/).length).toBeGreaterThan(0);
      await user.click(screen.getByRole('button', { name: '确认调整' }));
      await waitFor(() => expect(posts).toBe(2));
      const sent = calls.filter((r) => r.method === 'POST' && new URL(r.url).pathname.endsWith('/adjustment'));
      expect(await sent[0]!.clone().json()).toEqual({ kind: 'substitute', leader: 'tonglu-leader-principal', reason: '陈海燕同志赴省里参加会议', expectedVersion: 0 });
      expect(await sent[1]!.clone().json()).toMatchObject({ kind: 'substitute', confirmLate: true });
      expect(await screen.findByText(/已换人接待：已邮件告知 1 位预约人/)).toBeTruthy();
    });

    it('shows a cancelled session as 已取消 on the calendar, and a booker without email of an adjusted one as 待电话告知', async () => {
      const adjusted = { ...session('2026-12-07', 1), leader: { id: 'tonglu-leader-principal', name: '方建华' }, adjusted: { version: 1, reason: '陈海燕同志赴省里参加会议', rotation: { date: '2026-12-07', time: '09:00-11:30', place, leader: { id: 'tonglu-leader-petitions', name: '陈海燕' } } } };
      const cancelled = { ...session('2026-12-14', 0), cancelled: true, placesLeft: 0, adjusted: { version: 1, reason: '防汛会议', rotation: { date: '2026-12-14', time: '09:00-11:30', place, leader: { id: 'tonglu-leader-petitions', name: '陈海燕' } } } };
      const wu = booking({ sessionId: coming, date: '2026-12-07', name: '吴建国', phone: '13700005678', changeNotice: 'phone', changeToTellByPhone: true });
      const { calls } = mockFetch({
        'GET /directory': () => ({ body: withLeaders }),
        'GET /reception-days': () => ({ body: { jurisdiction: { code: '330122', name: '桐庐县', office: '桐庐县信访局' }, from: '2026-12-07', to: '2027-01-10', sessions: [adjusted, cancelled] } }),
        [`GET ${path}/bookings`]: () => ({ body: { session: adjusted, bookings: [wu], allowedActions: desk } }),
        [`POST ${path}/bookings/${wu.id}/told-by-phone`]: () => ({ body: { booking: { ...wu, changeToTellByPhone: undefined } } }),
      });
      renderRoutes([{ path: '/reception', element: <ReceptionPage /> }], `/reception?date=2026-12-07&session=${encodeURIComponent(coming)}`);
      expect(await screen.findByRole('button', { name: /2026年12月14日（星期一） 09:00-11:30 陈海燕接待.*已取消/ })).toBeTruthy();
      const list = await screen.findByRole('region', { name: '预约名单' });
      await waitFor(() => expect(list.textContent).toContain('吴建国'));
      expect(list.textContent).toContain('本场接待已于预约后调整；预约人未留电子邮箱，请电话告知');
      expect(screen.getByText(/本场接待已调整（原因：陈海燕同志赴省里参加会议）。原定：陈海燕/)).toBeTruthy();
      const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
      await user.click(within(list).getByRole('button', { name: '已电话告知：JD-0B8F5A52 吴建国' }));
      await user.click(await screen.findByRole('button', { name: '确定' }));
      await waitFor(() => expect(calls.some((r) => r.method === 'POST' && new URL(r.url).pathname.endsWith('/told-by-phone'))).toBe(true));
    });
      it('shows the accompanying units on the session and the day, and changes them for the leader, written over the version read', async () => {
      const chosen = { ...session('2026-12-07', 1), accompanying: { version: 1, units: [{ id: '330122-housing', name: '桐庐县住房和城乡建设局' }], at: '2026-12-01T02:00:00.000Z', by: 'tonglu-leader-petitions' } };
      const { calls } = mockFetch({
        'GET /directory': () => ({ body: withLeaders }),
        'GET /reception-days': () => ({ body: { jurisdiction: { code: '330122', name: '桐庐县', office: '桐庐县信访局' }, from: '2026-12-07', to: '2026-12-13', sessions: [chosen] } }),
        [`GET ${path}/bookings`]: () => ({ body: { session: chosen, bookings: [], allowedActions: [...desk, 'setAccompanying'] } }),
        [`POST ${path}/accompanying`]: () => ({
          body: { accompanying: { version: 2, units: [{ id: '330122-housing', name: '桐庐县住房和城乡建设局' }, { id: '330122-hrss', name: '桐庐县人力资源和社会保障局' }] }, told: { accompany: 2, withdrawn: 0 }, repeated: false },
        }),
      });
      renderRoutes([{ path: '/reception', element: <ReceptionPage /> }], `/reception?view=week&date=2026-12-07&session=${encodeURIComponent(coming)}`);
      // On the day's list, in the session's name and under it.
      const chip = await screen.findByRole('button', { name: /2026年12月7日（星期一） 09:00-11:30 陈海燕接待.*，陪访部门：桐庐县住房和城乡建设局$/ });
      expect(chip.textContent).toContain('陪访：桐庐县住房和城乡建设局');
      await waitFor(() => expect(screen.getByText('陪访部门', { selector: 'th, th *' })).toBeTruthy());

      const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
      await user.click(await screen.findByRole('button', { name: '陪访部门' }));
      const dialog = await screen.findByRole('dialog', { name: '确定陪访部门' });
      expect(dialog.textContent).toContain('不含预约人姓名和联系方式');
      await user.click(within(dialog).getByRole('combobox', { name: '陪访部门' }));
      await user.click(await screen.findByTitle('桐庐县人力资源和社会保障局'));
      await user.click(within(dialog).getByRole('button', { name: '保存并通知' }));

      await waitFor(() => expect(calls.some((r) => r.method === 'POST' && new URL(r.url).pathname.endsWith('/accompanying'))).toBe(true));
      const sent = calls.find((r) => r.method === 'POST' && new URL(r.url).pathname.endsWith('/accompanying'))!;
      expect(await sent.clone().json()).toEqual({ units: ['330122-housing', '330122-hrss'], expectedVersion: 1 });
      expect(await screen.findByText('陪访部门已保存：已邮件通知 2 个陪访部门')).toBeTruthy();
    });

    it('does not offer 陪访部门 to those the API does not allow', async () => {
      mockFetch({
        'GET /directory': () => ({ body: withLeaders }),
        'GET /reception-days': () => ({ body: { jurisdiction: { code: '330122', name: '桐庐县', office: '桐庐县信访局' }, from: '2026-12-07', to: '2026-12-13', sessions: [session('2026-12-07', 0)] } }),
        [`GET ${path}/bookings`]: () => ({ body: { session: session('2026-12-07', 0), bookings: [], allowedActions: ['adjustSession'] } }),
      });
      renderRoutes([{ path: '/reception', element: <ReceptionPage /> }], `/reception?view=week&date=2026-12-07&session=${encodeURIComponent(coming)}`);
      expect(await screen.findByRole('button', { name: '调整' })).toBeTruthy();
      expect(screen.queryByRole('button', { name: '陪访部门' })).toBeNull();
      expect(screen.getByText('未确定')).toBeTruthy();
    });
  });
});
