// @vitest-environment happy-dom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockFetch, renderRoutes, signIn } from '../../test/render';
import { saveSession } from '../../lib/session';
import { useLocation, useNavigate } from 'react-router';
import dayjs from 'dayjs';
import { saveFile } from '../../lib/save-file';
import SearchPage, { searchKind } from '.';

vi.mock('../../lib/save-file', () => ({ saveFile: vi.fn(), printPage: vi.fn() }));

/** A case page with the browser's Back, and the search page showing its URL: what Back and a reload come back to. */
function CaseWithBack() {
  const navigate = useNavigate();
  return <button onClick={() => void navigate(-1)}>后退</button>;
}
function SearchWithUrl() {
  const location = useLocation();
  return (
    <>
      <output aria-label="地址">{location.search}</output>
      <SearchPage />
    </>
  );
}
const SEARCH_ROUTES = [
  { path: '/search', element: <SearchWithUrl /> },
  { path: '/cases/:caseNumber', element: <CaseWithBack /> },
];
const casesQueries = (calls: Request[]) => calls.filter((r) => new URL(r.url).pathname === '/api/cases').map((r) => Object.fromEntries(new URL(r.url).searchParams));

const FOUND = { caseNumber: '330122-2026-000011', jurisdiction: '330122', status: 'closed', channel: 'phone', subject: '拆迁补偿', urgent: false, registeredAt: '2026-03-01T02:00:00Z', matchedAs: ['petitioner'] };

describe('查询', () => {
  beforeEach(() => signIn());
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    sessionStorage.clear();
  });

  it('finds a petitioner’s cases by phone number', async () => {
    const { calls } = mockFetch({ 'POST /petitioners/cases/by-contact': () => ({ body: { items: [FOUND] } }) });
    renderRoutes([{ path: '/search', element: <SearchPage /> }], '/search');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('姓名、联系电话或电子邮箱'), '+86 139 0000 2222');
    await user.click(within(screen.getByText('按信访人姓名或联系方式查询').closest('.ant-card')! as HTMLElement).getByRole('button', { name: '查询' }));
    const row = (await screen.findByRole('link', { name: FOUND.caseNumber })).closest('tr')!;
    expect(within(row).getByText('已结案')).toBeTruthy();
    // In the body, not the URL: a query string is written to the CDN's access log.
    const request = calls.find((r) => new URL(r.url).pathname === '/api/petitioners/cases/by-contact')!;
    expect(new URL(request.url).search).toBe('');
    expect(await request.json()).toEqual({ contact: '+86 139 0000 2222' });
  });

  it('says when the number found a case as the number of whoever called for its petitioner (代为反映人)', async () => {
    const CALLED_FOR = { ...FOUND, caseNumber: '330122-2026-000061', matchedAs: ['writer'] };
    mockFetch({ 'POST /petitioners/cases/by-contact': () => ({ body: { items: [CALLED_FOR, FOUND] } }) });
    renderRoutes([{ path: '/search', element: <SearchPage /> }], '/search');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('姓名、联系电话或电子邮箱'), '0571-64281234');
    await user.click(within(screen.getByText('按信访人姓名或联系方式查询').closest('.ant-card')! as HTMLElement).getByRole('button', { name: '查询' }));
    const row = (await screen.findByRole('link', { name: CALLED_FOR.caseNumber })).closest('tr')!;
    expect(within(row).getByText('代为反映人的联系方式')).toBeTruthy();
    const own = screen.getByRole('link', { name: FOUND.caseNumber }).closest('tr')!;
    expect(within(own).queryByText('代为反映人的联系方式')).toBeNull();
  });

  it('finds by name what a clerk types as a name, telling namesakes apart by address and work unit, the name kept out of the URL', async () => {
    const LETTER = { ...FOUND, caseNumber: '330122-2026-000051', channel: 'letter', subject: '楼顶漏水', status: 'assigned', petitioner: { name: '王秀英', address: '桐庐县城南街道城南小区5幢' } };
    const VISIT = { ...FOUND, caseNumber: '330122-2026-000052', channel: 'visit', subject: '工资拖欠', status: 'registered', petitioner: { name: '王 秀英', workUnit: '桐庐县某制衣厂' } };
    const { calls } = mockFetch({ 'POST /petitioners/cases/by-name': () => ({ body: { items: [VISIT, LETTER] } }) });
    renderRoutes(SEARCH_ROUTES, '/search');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('姓名、联系电话或电子邮箱'), ' 王 秀英 ');
    await user.click(within(screen.getByText('按信访人姓名或联系方式查询').closest('.ant-card')! as HTMLElement).getByRole('button', { name: '查询' }));
    const letterRow = (await screen.findByRole('link', { name: LETTER.caseNumber })).closest('tr')!;
    expect(within(letterRow).getByText('信访人 王秀英（住址：桐庐县城南街道城南小区5幢）')).toBeTruthy();
    const visitRow = screen.getByRole('link', { name: VISIT.caseNumber }).closest('tr')!;
    expect(within(visitRow).getByText('信访人 王 秀英（工作单位：桐庐县某制衣厂）')).toBeTruthy();
    // Fewer than 100: no warning that some are not shown.
    expect(screen.queryByText(/同名事项较多/)).toBeNull();
    const requests = calls.filter((r) => new URL(r.url).pathname.startsWith('/api/petitioners/cases'));
    expect(await Promise.all(requests.map(async (r) => [new URL(r.url).pathname, new URL(r.url).search, ((await r.json()) as { name: string }).name]))).toEqual([['/api/petitioners/cases/by-name', '', '王 秀英']]);
    expect(screen.getByLabelText('地址').textContent).toBe('');
  });

  it('says which cases a name found as a collective petition’s representative’s, naming that representative', async () => {
    const COLLECTIVE = { ...FOUND, caseNumber: '330122-2026-000042', channel: 'visit', subject: '地下车库未交付', status: 'assigned', matchedAs: ['representative'], petitioner: { name: '赵大海' }, representatives: [{ name: '李建国', address: '城南小区' }] };
    mockFetch({ 'POST /petitioners/cases/by-name': () => ({ body: { items: [COLLECTIVE] } }) });
    renderRoutes([{ path: '/search', element: <SearchPage /> }], '/search');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('姓名、联系电话或电子邮箱'), '李建国');
    await user.click(within(screen.getByText('按信访人姓名或联系方式查询').closest('.ant-card')! as HTMLElement).getByRole('button', { name: '查询' }));
    const row = (await screen.findByRole('link', { name: COLLECTIVE.caseNumber })).closest('tr')!;
    expect(within(row).getByText('集体访代表的姓名')).toBeTruthy();
    expect(within(row).getByText('代表 李建国（住址：城南小区）')).toBeTruthy();
  });

  it('says which case a name found as the writer’s (代为反映人), beside the petitioner it was written for', async () => {
    const WRITTEN = { ...FOUND, caseNumber: '330122-2026-000051', channel: 'letter', subject: '征地补偿', status: 'assigned', matchedAs: ['writer'], petitioner: { name: '王大山' }, writer: { relation: '父亲', name: '王小明' } };
    mockFetch({ 'POST /petitioners/cases/by-name': () => ({ body: { items: [WRITTEN, { ...FOUND, petitioner: { name: '王小明' } }] } }) });
    renderRoutes([{ path: '/search', element: <SearchPage /> }], '/search');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('姓名、联系电话或电子邮箱'), '王小明');
    await user.click(within(screen.getByText('按信访人姓名或联系方式查询').closest('.ant-card')! as HTMLElement).getByRole('button', { name: '查询' }));
    const row = (await screen.findByRole('link', { name: WRITTEN.caseNumber })).closest('tr')!;
    expect(within(row).getByText('代为反映人 王小明')).toBeTruthy();
    expect(within(row).getByText('信访人 王大山')).toBeTruthy();
    const own = screen.getByRole('link', { name: FOUND.caseNumber }).closest('tr')!;
    expect(within(own).queryByText(/代为反映人/)).toBeNull();
  });

  it('says when a common name has more cases than shown, and how to narrow it', async () => {
    mockFetch({ 'POST /petitioners/cases/by-name': () => ({ body: { items: [{ ...FOUND, petitioner: { name: '张伟' } }], more: true } }) });
    renderRoutes([{ path: '/search', element: <SearchPage /> }], '/search');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('姓名、联系电话或电子邮箱'), '张伟');
    await user.click(within(screen.getByText('按信访人姓名或联系方式查询').closest('.ant-card')! as HTMLElement).getByRole('button', { name: '查询' }));
    expect(await screen.findByText('同名事项较多，结果可能不全，以下为最新登记的事项。请改用联系电话或电子邮箱查询，或在下方按辖区和登记日期查询。')).toBeTruthy();
  });

  it('reads the one box as a clerk means it: an @ or only a number is a contact, anything else a name', () => {
    for (const contact of ['+86 139 0000 2222', '0571-8888 6666', '（0571）88886666', 'WangXY@qq.example']) expect(searchKind(contact)).toBe('contact');
    for (const name of ['王秀英', '王 秀英', 'Wang Xiuying', 'ＷＡＮＧ', '阿卜杜拉·买买提']) expect(searchKind(name)).toBe('name');
  });

  it('says which cases a number found as a collective petition’s representative’s, and not the others', async () => {
    const COLLECTIVE = { ...FOUND, caseNumber: '330122-2026-000042', channel: 'visit', subject: '地下车库未交付', status: 'assigned', matchedAs: ['representative'] };
    mockFetch({ 'POST /petitioners/cases/by-contact': () => ({ body: { items: [COLLECTIVE, FOUND] } }) });
    renderRoutes([{ path: '/search', element: <SearchPage /> }], '/search');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('姓名、联系电话或电子邮箱'), '13700004441');
    await user.click(within(screen.getByText('按信访人姓名或联系方式查询').closest('.ant-card')! as HTMLElement).getByRole('button', { name: '查询' }));
    const row = (await screen.findByRole('link', { name: COLLECTIVE.caseNumber })).closest('tr')!;
    expect(within(row).getByText('集体访代表的联系方式')).toBeTruthy();
    const own = screen.getByRole('link', { name: FOUND.caseNumber }).closest('tr')!;
    expect(within(own).queryByText('集体访代表的联系方式')).toBeNull();
  });

  it('opens a case by its number, and says what a number looks like when it is not one', async () => {
    mockFetch({});
    renderRoutes(
      [
        { path: '/search', element: <SearchPage /> },
        { path: '/cases/:caseNumber', element: <p>事项页</p> },
      ],
      '/search',
    );
    const user = userEvent.setup();
    const input = await screen.findByLabelText('登记编号');
    await user.type(input, '330122-26-1');
    await user.click(screen.getByRole('button', { name: '打开' }));
    expect(await screen.findByText('登记编号格式如 330122-2026-000042')).toBeTruthy();
    await user.clear(input);
    await user.type(input, '330122-2026-000011');
    await user.click(screen.getByRole('button', { name: '打开' }));
    expect(await screen.findByText('事项页')).toBeTruthy();
  });

  it('searches the jurisdiction with closed cases included when asked', async () => {
    const { calls } = mockFetch({ 'GET /cases': () => ({ body: { items: [FOUND] } }) });
    renderRoutes([{ path: '/search', element: <SearchPage /> }], '/search');
    const user = userEvent.setup();
    const card = (await screen.findByText('按辖区、状态和登记日期查询')).closest('.ant-card')! as HTMLElement;
    await user.click(within(card).getByLabelText('状态'));
    await user.click(await screen.findByText('全部（含已结案、已归档）'));
    await user.click(within(card).getByRole('button', { name: '查询' }));
    expect(await screen.findByRole('link', { name: FOUND.caseNumber })).toBeTruthy();
    const request = calls.find((r) => new URL(r.url).pathname === '/api/cases')!;
    expect(Object.fromEntries(new URL(request.url).searchParams)).toEqual({ jurisdiction: '330122', limit: '50', status: 'any' });
  });

  it('keeps the jurisdiction search in the URL: Back from a case shows the same results, and the URL alone (a reload) shows them', async () => {
    const { calls } = mockFetch({ 'GET /cases': () => ({ body: { items: [FOUND] } }) });
    renderRoutes(SEARCH_ROUTES, '/search');
    const user = userEvent.setup();
    const card = (await screen.findByText('按辖区、状态和登记日期查询')).closest('.ant-card')! as HTMLElement;
    await user.click(within(card).getByLabelText('状态'));
    await user.click(await screen.findByText('全部（含已结案、已归档）'));
    await user.click(within(card).getByRole('button', { name: '查询' }));
    await user.click(await screen.findByRole('link', { name: FOUND.caseNumber }));

    await user.click(await screen.findByRole('button', { name: '后退' }));
    expect(await screen.findByRole('link', { name: FOUND.caseNumber })).toBeTruthy();
    expect(screen.getByLabelText('地址').textContent).toBe('?jurisdiction=330122&status=any');
    // The fields say which search the results are of.
    const again = screen.getByText('按辖区、状态和登记日期查询').closest('.ant-card')! as HTMLElement;
    expect(within(again).getByText('全部（含已结案、已归档）')).toBeTruthy();
    for (const query of casesQueries(calls)) expect(query).toEqual({ jurisdiction: '330122', limit: '50', status: 'any' });
  });

  it('lists what the URL asks for as the page opens (a reload), its period too', async () => {
    const { calls } = mockFetch({ 'GET /cases': () => ({ body: { items: [FOUND] } }) });
    renderRoutes(SEARCH_ROUTES, '/search?jurisdiction=330122&status=closed&from=2026-03-01&to=2026-03-31');
    expect(await screen.findByRole('link', { name: FOUND.caseNumber })).toBeTruthy();
    await waitFor(() => expect(casesQueries(calls)).toEqual([{ jurisdiction: '330122', limit: '50', status: 'closed', registeredFrom: '2026-03-01', registeredTo: '2026-03-31' }]));
  });

  it('keeps a contact search across Back, in the history entry and never in the URL (personal data)', async () => {
    const { calls } = mockFetch({ 'POST /petitioners/cases/by-contact': () => ({ body: { items: [FOUND] } }) });
    renderRoutes(SEARCH_ROUTES, '/search');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('姓名、联系电话或电子邮箱'), '13900002222');
    await user.click(within(screen.getByText('按信访人姓名或联系方式查询').closest('.ant-card')! as HTMLElement).getByRole('button', { name: '查询' }));
    await user.click(await screen.findByRole('link', { name: FOUND.caseNumber }));

    await user.click(await screen.findByRole('button', { name: '后退' }));
    expect(await screen.findByRole('link', { name: FOUND.caseNumber })).toBeTruthy();
    expect((screen.getByLabelText('姓名、联系电话或电子邮箱') as HTMLInputElement).value).toBe('13900002222');
    expect(screen.getByLabelText('地址').textContent).toBe('');
    // The results read once are shown again: no second read written to the case's audit trail.
    expect(calls.filter((r) => new URL(r.url).pathname === '/api/petitioners/cases/by-contact')).toHaveLength(1);
  });

  it('never shows or searches again another staff member’s contact after 切换用户 in the same tab', async () => {
    const { calls } = mockFetch({ 'POST /petitioners/cases/by-contact': () => ({ body: { items: [FOUND] } }) });
    renderRoutes(SEARCH_ROUTES, '/search');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('姓名、联系电话或电子邮箱'), '13900002222');
    await user.click(within(screen.getByText('按信访人姓名或联系方式查询').closest('.ant-card')! as HTMLElement).getByRole('button', { name: '查询' }));
    await user.click(await screen.findByRole('link', { name: FOUND.caseNumber }));

    saveSession({ token: 'other-token', staff: { id: 'tl-registrar', name: '王丽', jurisdiction: '330122', roles: ['registrar'] } });
    await user.click(await screen.findByRole('button', { name: '后退' }));
    expect(await screen.findByLabelText('姓名、联系电话或电子邮箱')).toBeTruthy();
    expect((screen.getByLabelText('姓名、联系电话或电子邮箱') as HTMLInputElement).value).toBe('');
    expect(screen.queryByRole('link', { name: FOUND.caseNumber })).toBeNull();
    expect(calls.filter((r) => new URL(r.url).pathname === '/api/petitioners/cases/by-contact')).toHaveLength(1);
  });
});

describe('导出台账', () => {
  beforeEach(() => signIn());
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    vi.mocked(saveFile).mockClear();
    sessionStorage.clear();
  });
  const ledgerQueries = (calls: Request[]) => calls.filter((r) => new URL(r.url).pathname === '/api/cases/ledger').map((r) => Object.fromEntries(new URL(r.url).searchParams));
  const CSV = { 'content-disposition': 'attachment; filename="ledger-330122-2026-12-01-2026-12-07.csv"' };

  const thisMonth = () => ({ from: dayjs().startOf('month').format('YYYY-MM-DD'), to: dayjs().format('YYYY-MM-DD') });
  const longDays = () => `${dayjs().startOf('month').format('YYYY年M月D日')}至${dayjs().format('YYYY年M月D日')}`;
  /** Presses 导出台账 and answers the confirmation (导出), returning what it said. */
  async function exportFrom(card: HTMLElement, user: ReturnType<typeof userEvent.setup>): Promise<string> {
    await user.click(within(card).getByRole('button', { name: '导出台账' }));
    const said = (await screen.findByText(/^将导出/)).textContent!;
    await user.click(await screen.findByRole('button', { name: '导出' }));
    return said;
  }

  it('exports every status of the jurisdiction, concluded and archived cases included, received this month unless changed, saying so first', async () => {
    const { calls } = mockFetch({ 'GET /cases/ledger': () => ({ body: '登记编号', headers: CSV }) });
    renderRoutes([{ path: '/search', element: <SearchPage /> }], '/search');
    const user = userEvent.setup();
    const card = (await screen.findByText('按辖区、状态和登记日期查询')).closest('.ant-card')! as HTMLElement;
    // The list's default status (every open one) is a search's, not the register's: the ledger holds every case.
    expect(await exportFrom(card, user)).toBe(`将导出桐庐县${longDays()}收到的全部状态（含已结案、已归档）的事项。`);
    await waitFor(() => expect(ledgerQueries(calls)).toEqual([{ jurisdiction: '330122', status: 'any', ...thisMonth() }]));
    await waitFor(() => expect(saveFile).toHaveBeenCalledWith(expect.any(Blob), 'ledger-330122-2026-12-01-2026-12-07.csv'));

    expect(await screen.findByText('台账已导出')).toBeTruthy();
    // Exporting does not search: the results list is the clerk's to ask for.
    expect(casesQueries(calls)).toEqual([]);
  });

  it('still exports every status after a search with the default status', async () => {
    const { calls } = mockFetch({ 'GET /cases/ledger': () => ({ body: '登记编号', headers: CSV }), 'GET /cases': () => ({ body: { items: [] } }) });
    renderRoutes([{ path: '/search', element: <SearchPage /> }], '/search');
    const user = userEvent.setup();
    const card = (await screen.findByText('按辖区、状态和登记日期查询')).closest('.ant-card')! as HTMLElement;
    await user.click(within(card).getByRole('button', { name: '查询' }));
    await waitFor(() => expect(casesQueries(calls)).toHaveLength(1));
    const searched = (await screen.findByText('按辖区、状态和登记日期查询')).closest('.ant-card')! as HTMLElement;
    await exportFrom(searched, user);
    await waitFor(() => expect(ledgerQueries(calls)).toEqual([expect.objectContaining({ status: 'any' })]));
  });

  it('exports only the status the officer picked, and says which', async () => {
    const { calls } = mockFetch({ 'GET /cases/ledger': () => ({ body: '登记编号', headers: CSV }) });
    renderRoutes([{ path: '/search', element: <SearchPage /> }], '/search');
    const user = userEvent.setup();
    const card = (await screen.findByText('按辖区、状态和登记日期查询')).closest('.ant-card')! as HTMLElement;
    await user.click(within(card).getByLabelText('状态'));
    await user.click(await screen.findByText('已办结'));
    expect(await exportFrom(card, user)).toBe(`将导出桐庐县${longDays()}收到的状态为“已办结”的事项。`);
    await waitFor(() => expect(ledgerQueries(calls)).toEqual([expect.objectContaining({ jurisdiction: '330122', status: 'concluded' })]));
  });

  it('exports no file when the confirmation is cancelled', async () => {
    const { calls } = mockFetch({ 'GET /cases/ledger': () => ({ body: '登记编号', headers: CSV }) });
    renderRoutes([{ path: '/search', element: <SearchPage /> }], '/search');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: '导出台账' }));
    await user.click(await screen.findByRole('button', { name: '取消' }));
    expect(ledgerQueries(calls)).toEqual([]);
    expect(saveFile).not.toHaveBeenCalled();
  });

  it('shows the API’s refusal in Chinese and saves nothing', async () => {
    const refusal = '2026年1月1日至2026年12月31日符合条件的事项超过 5000 件，一次无法导出。请缩短收到日期范围，或按状态、类别分次导出。';
    mockFetch({ 'GET /cases/ledger': () => ({ status: 400, body: { error: { code: 'InvalidInput', message: 'more than 5000 cases match', messageZh: refusal } } }) });
    renderRoutes([{ path: '/search', element: <SearchPage /> }], '/search');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: '导出台账' }));
    await user.click(await screen.findByRole('button', { name: '导出' }));
    expect((await screen.findByRole('alert')).textContent).toBe(`导出失败：${refusal}`);
    expect(saveFile).not.toHaveBeenCalled();
  });
});
