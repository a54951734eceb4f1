// @vitest-environment happy-dom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { saveSession } from '../../lib/session';
import { mockFetch, renderRoutes, signIn } from '../../test/render';
import AdminPage from '.';

const ADMIN = { id: 'zj-admin', name: '蒋文博', jurisdiction: '330122', roles: ['administrator' as const] };

const CONFIGURATION = {
  configuration: {
    province: { code: '330000', name: '浙江省' },
    jurisdictions: [
      { code: '330000', name: '浙江省', level: 'province', office: { name: '浙江省信访局' }, units: [], leadership: {} },
      {
        code: '330122',
        name: '桐庐县',
        level: 'county',
        parent: '330000',
        office: { name: '桐庐县信访局' },
        units: [{ id: '330122-housing', name: '桐庐县住房和城乡建设局', department: 'housing', head: 'tl-office' }],
        leadership: {},
      },
    ],
    staff: [ADMIN, { id: 'tl-office', name: '陈海燕', jurisdiction: '330122', roles: ['petitionsOffice'] }],
    timeLimits: {
      defaults: { acceptance: { days: 15, count: 'calendar' }, handling: { days: 60, count: 'calendar' } },
      byChannel: { visit: { acceptance: { days: 10, count: 'working' } } },
      byCategory: {},
      byJurisdiction: [],
      byHandling: [
        { jurisdiction: '330122', handling: 'selfHandled', overrides: { handling: { days: 30, count: 'calendar' } } },
        { jurisdiction: '330122', handling: 'assigned', overrides: { handling: { days: 90, count: 'calendar' } } },
      ],
    },
    routing: { province: [{ department: 'housing', keywords: ['物业', '加装电梯'] }], byJurisdiction: [] },
    escalation: { chain: ['handlingOfficial', 'unitHead'], intervalHours: 24, reminders: { remainingShares: [0.2], lastWorkingDay: true, hour: 9 }, byJurisdiction: [] },
    calendars: [{ year: 2026, holidays: [{ name: '国庆节', from: '2026-10-01', to: '2026-10-07' }], workdays: ['2026-09-27'] }],
  },
  provisional: {
    waitingFor: [2027],
    cases: [{ caseNumber: '330122-2026-000042', jurisdiction: '330122', status: 'accepted', clocks: [{ clock: 'handling', deadline: '2027-02-01T16:00:00.000Z' }] }],
    truncated: false,
    read: 1,
  },
};

const QUEUES = {
  queues: [
    { queue: 'intake', fifo: false, purpose: 'raw mail', maxReceiveCount: 5, waiting: 0, inFlight: 0, deadLetters: { waiting: 2, inFlight: 0, redriving: false } },
    { queue: 'routing', fifo: false, purpose: 'routing', maxReceiveCount: 5, waiting: 3, inFlight: 1, deadLetters: { waiting: 0, inFlight: 0, redriving: false } },
  ],
};

const asAdmin = () => saveSession({ token: 'admin-token', staff: ADMIN });
const render = (path = '/admin') => renderRoutes([{ path: '/admin', element: <AdminPage /> }, { path: '/cases/:caseNumber', element: <p>事项页</p> }], path);

describe('管理', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    sessionStorage.clear();
  });

  it('tells anyone but an administrator it is not for them, and asks the API nothing', async () => {
    signIn();
    const { calls } = mockFetch({});
    render();
    expect(await screen.findByText('仅系统管理员可访问')).toBeTruthy();
    expect(calls.some((r) => r.url.includes('/admin/'))).toBe(false);
  });

  it('shows the configuration as loaded: tree, staff and roles, limits, keywords, chain, the calendar years and the clocks waiting for 2027', async () => {
    asAdmin();
    mockFetch({ 'GET /admin/configuration': () => ({ body: CONFIGURATION }) });
    const user = userEvent.setup();
    render();
    const tree = await screen.findByRole('tree', { name: '辖区树' });
    expect(within(tree).getByText(/桐庐县（330122，县级）· 桐庐县信访局/)).toBeTruthy();

    await user.click(screen.getByRole('tab', { name: '人员与角色' }));
    const staff = await screen.findByRole('table', { name: '人员与角色' });
    expect(within(staff).getByText('蒋文博').closest('tr')!.textContent).toContain('系统管理员');

    await user.click(screen.getByRole('tab', { name: '办理时限' }));
    expect((await screen.findByRole('table', { name: '全省默认时限' })).textContent).toContain('60 日');
    expect(screen.getByRole('table', { name: '时限调整' }).textContent).toContain('渠道：来访受理告知 10 个工作日');
    // An office's 自办 and 交办 limits, each named.
    const rows = within(screen.getByRole('table', { name: '时限调整' })).getAllByRole('row').map((r) => r.textContent);
    expect(rows).toContain('辖区：桐庐县（自办信访件）办理 30 日');
    expect(rows).toContain('辖区：桐庐县（转办、交办信访件）办理 90 日');

    await user.click(screen.getByRole('tab', { name: '归口关键词' }));
    expect((await screen.findByRole('table', { name: '归口关键词' })).textContent).toContain('加装电梯');

    await user.click(screen.getByRole('tab', { name: '督办链' }));
    expect(await screen.findByText('承办人 → 承办单位负责人')).toBeTruthy();

    await user.click(screen.getByRole('tab', { name: '节假日' }));
    const waiting = await screen.findByRole('table', { name: '临时计算的时限' });
    expect(within(waiting).getByRole('link', { name: '330122-2026-000042' })).toBeTruthy();
    expect(waiting.textContent).toContain('办理：2027年2月2日 00:00（约）');
    expect(screen.getByText('2027')).toBeTruthy();
    expect(screen.getByRole('table', { name: '2026 年放假安排' }).textContent).toContain('2026-10-01 至 2026-10-07');
  });

  it('redrives a dead-letter queue after a confirmation, and offers no redrive of an empty one', async () => {
    asAdmin();
    const { calls } = mockFetch({
      'GET /admin/queues': () => ({ body: QUEUES }),
      'GET /admin/audit': () => ({ body: { caseNumber: 'admin', entries: [], truncated: false } }),
      'POST /admin/queues/intake/redrive': () => ({ body: { queue: 'intake', outcome: 'started', moving: 2 } }),
    });
    const user = userEvent.setup();
    render('/admin?tab=ops');
    const table = await screen.findByRole('table', { name: '队列' });
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(3));
    expect((within(table).getByRole('button', { name: '重新投递 分办（routing） 的死信' }) as HTMLButtonElement).disabled).toBe(true);

    await user.click(within(table).getByRole('button', { name: '重新投递 邮件受理（intake） 的死信' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('死信队列中的 2 条消息将移回队列重新处理');
    expect(calls.some((r) => r.method === 'POST')).toBe(false);
    await user.click(within(dialog).getByRole('button', { name: '重新投递' }));
    expect(await screen.findByText('邮件受理（intake）：已将 2 条消息移回队列')).toBeTruthy();
    expect(calls.filter((r) => r.method === 'POST').map((r) => new URL(r.url).pathname)).toEqual(['/api/admin/queues/intake/redrive']);
  });

  it('replays a stored email by its key, and shows the API’s reason next to the key when it refuses', async () => {
    asAdmin();
    const { calls } = mockFetch({
      'GET /admin/queues': () => ({ body: QUEUES }),
      'GET /admin/audit': () => ({ body: { caseNumber: 'admin', entries: [], truncated: false } }),
      'POST /admin/replay': () => ({
        status: 400,
        body: { error: { code: 'InvalidInput', message: 'no object', issues: [{ path: 'body.key', message: 'no stored email under this key in xinfang-local-mail', kind: 'rule' }] } },
      }),
    });
    const user = userEvent.setup();
    render('/admin?tab=ops');
    await user.type(await screen.findByLabelText('邮件存储键'), 'raw/xinfang@tonglu.petitions.example/missing');
    await user.click(screen.getByRole('button', { name: '重放邮件' }));
    expect(await screen.findByText('存储中没有这个键的邮件（xinfang-local-mail）')).toBeTruthy();
    const posted = calls.find((r) => r.method === 'POST')!;
    expect(await posted.clone().json()).toEqual({ key: 'raw/xinfang@tonglu.petitions.example/missing' });
  });
  it('hands a departed leader’s 包案 cases to the successor, and lists those the successor could not take', async () => {
    asAdmin();
    const directory = {
      jurisdictions: [{ code: '330122', name: '桐庐县', level: 'county', office: { name: '桐庐县信访局' }, units: [] }],
      staff: [ADMIN, { id: 'tonglu-leader-principal', name: '方建华', jurisdiction: '330122', roles: ['leader'] }],
    };
    const { calls } = mockFetch({
      'GET /directory': () => ({ body: directory }),
      'GET /admin/queues': () => ({ body: QUEUES }),
      'GET /admin/audit': () => ({ body: { caseNumber: 'admin', entries: [], truncated: false } }),
      'POST /admin/handover/owned-cases': () => ({
        body: { handedOver: ['330122-2026-000011'], ended: ['330122-2026-000013'], refused: [{ caseNumber: '330122-2026-000012', code: 'InvalidInput', message: 'tonglu-leader-principal: recused from this case (回避)' }] },
      }),
    });
    const user = userEvent.setup();
    render('/admin?tab=ops');
    await user.type(await screen.findByLabelText('离任领导（人员编号）'), 'tonglu-leader-former');
    await user.click(screen.getByLabelText('接任领导'));
    // The 离任领导 field offers the same leaders: the select's list is the last one opened.
    await user.click((await screen.findAllByTitle('方建华（桐庐县领导）')).at(-1)!);
    await user.type(screen.getByLabelText('交接原因'), '原县长调任');
    await user.click(screen.getByRole('button', { name: '交接包案事项' }));

    const answer = await screen.findByRole('region', { name: '交接结果' });
    expect(answer.textContent).toContain('已交给 方建华 1 件；已结束办理、不再变动 1 件；未能交接 1 件');
    expect(within(answer).getByRole('link', { name: '330122-2026-000012' })).toBeTruthy();
    expect(answer.textContent).toContain('recused from this case');
    const posted = calls.find((r) => r.method === 'POST')!;
    expect(await posted.clone().json()).toEqual({ from: 'tonglu-leader-former', to: 'tonglu-leader-principal', reason: '原县长调任' });
  });
});
