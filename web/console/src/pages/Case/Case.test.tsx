// @vitest-environment happy-dom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CONFIG, mockFetch, renderRoutes, signedInEachTest } from '../../test/render';
import CasePage from '.';
import { ACTIONS } from './actions';
import { loadHolidayCalendar } from '../../../../../shared/config/holidays.js';
import { deadlineOrProvisional } from '../../../../../shared/domain/deadlines.js';

function caseView(over: { version?: number; status?: string; allowedActions?: string[]; petitioner?: Record<string, unknown> } = {}) {
  return {
    case: {
      caseNumber: '330122-2026-000042',
      jurisdiction: '330122',
      receivingOffice: '330122',
      channel: 'letter',
      status: over.status ?? 'registered',
      subject: '小区噪音扰民',
      matter: '楼下饭店夜间噪音严重。',
      petitioner: { anonymous: false, name: '王小明', phone: '13800000000', ...over.petitioner },
      urgent: true,
      repeatOf: '330122-2026-000007',
      collective: { headCount: 12, representatives: [] },
      accusedUnits: ['330122-hrss'],
      triage: { since: '2026-12-06T17:00:00Z', reasons: ['关键词不明确'] },
      receivedAt: '2026-12-06T16:00:00Z',
      registeredAt: '2026-12-06T17:00:00Z',
      deadlines: { acceptance: '2026-12-21T16:00:00Z' },
      version: over.version ?? 3,
    },
    events: [{ seq: 1, type: 'registered', at: '2026-12-06T17:00:00Z', actor: 'tl-office', to: 'registered' }],
    messages: [{ id: 'm1', direction: 'out', at: '2026-12-06T17:01:00Z', subject: '受理回执', text: '您的信访事项已登记。', to: ['a@example.test'], attachments: [] }],
    allowedActions: over.allowedActions ?? ['accept', 'decline', 'route', 'claim', 'readAudit'],
    clock: { clock: 'acceptance', deadline: '2026-12-21T16:00:00Z', lastDay: '2026-12-21', overdue: false, workingDaysLeft: 11 },
  };
}

// A test that sets the clock (vi.setSystemTime) has it back after.
afterEach(() => vi.useRealTimers());

const ALL_LABELS = ACTIONS.map((a) => a.label);

/** The action dialog is gone or on its way out (closed). */
const dialogLeaving = () => screen.queryByRole('dialog')?.className.includes('ant-zoom-leave') ?? true;

/** The acceptance notice kept on the case for a petitioner without email: to post, or (byPhone) to tell by phone. */
const ACCEPTANCE_NOTICE = {
  id: 'accepted:330122-2026-000042',
  kind: 'acceptanceNotice',
  direction: 'out',
  at: '2026-12-07T02:00:00Z',
  subject: '【330122-2026-000042】信访事项受理告知 — 桐庐县信访局',
  text: '王小明：\n经审查，决定予以受理。\n\n桐庐县信访局\n2026年12月7日',
  to: [],
  messageIds: [],
  attachments: [],
  postFrom: '330122',
};

/**
 * The case page with 更正信访人信息 offered, its dialog opened: the POST answered by `answer` (the case as corrected by
 * default); once it is made, the case's history reads `correction` when one is given.
 */
async function openPetitionerCorrection(
  opts: { correction?: Record<string, unknown>; answer?: () => { status?: number; body: unknown }; petitioner?: Record<string, unknown> } = {},
) {
  let corrected = false;
  const { calls } = mockFetch({
    'GET /cases/330122-2026-000042': () => {
      const view = caseView({ status: 'inProgress', allowedActions: ['correctPetitioner'], ...(opts.petitioner ? { petitioner: opts.petitioner } : {}) });
      return { body: { ...view, events: corrected && opts.correction ? [...view.events, opts.correction] : view.events } };
    },
    'POST /cases/330122-2026-000042/petitioner': () => {
      corrected = true;
      return opts.answer?.() ?? { body: caseView({ status: 'inProgress' }) };
    },
  });
  const user = userEvent.setup();
  renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');
  await user.click(await screen.findByRole('button', { name: '更正信访人信息' }));
  const dialog = await screen.findByRole('dialog');
  const posted = async () => {
    await waitFor(() => expect(calls.some((r) => r.method === 'POST')).toBe(true));
    return (await calls.find((r) => r.method === 'POST')!.clone().json()) as unknown;
  };
  return { user, dialog, posted, postsMade: () => calls.filter((r) => r.method === 'POST').length };
}

describe('the case page', () => {
  signedInEachTest();

  it('shows the case and offers exactly the actions the API allows', async () => {
    mockFetch({ 'GET /cases/330122-2026-000042': () => ({ body: caseView() }) });
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');

    const actions = await screen.findByRole('group', { name: '可执行的操作' });
    const offered = [...actions.querySelectorAll('button')].map((b) => b.textContent?.replace(/\s/g, ''));
    expect(offered).toEqual(['受理', '不予受理', '认领', '分办']);
    expect(ALL_LABELS.length).toBeGreaterThan(15);
    for (const name of ALL_LABELS.filter((l) => !['受理', '不予受理', '认领', '分办'].includes(l))) {
      expect(screen.queryByRole('button', { name })).toBeNull();
    }
    expect(screen.getByText('王小明')).toBeTruthy();
    expect(screen.getByRole('link', { name: '330122-2026-000007' })).toBeTruthy();
    expect(screen.getByText('关键词不明确')).toBeTruthy();
    expect(screen.getByText('受理回执')).toBeTruthy();
    expect(screen.getAllByText('桐庐县').length).toBeGreaterThan(0);
    expect(screen.getByText('12 人')).toBeTruthy();
    expect(screen.getByText('桐庐县人力资源和社会保障局')).toBeTruthy();
    expect(screen.getByText('涉及举报')).toBeTruthy();
    // The acceptance clock, as the API counted it in working days.
    expect(screen.getByText('2026年12月21日', { exact: false })).toBeTruthy();
    expect(screen.getByText('剩余 11 个工作日').className).toMatch(/green/);
  });

  it('shows who claimed the case (承办人, 首问) in its summary', async () => {
    const base = caseView({ allowedActions: ['accept'] });
    mockFetch({ 'GET /cases/330122-2026-000042': () => ({ body: { ...base, case: { ...base.case, owner: 'tl-office' } } }) });
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');

    const owner = (await screen.findByText('承办人（首问）')).closest('th')!.nextElementSibling!;
    await waitFor(() => expect(owner.textContent).toBe('陈海燕'));
  });

  it('gives the matter a row of its own after an odd number of details, with no warning that the rows do not add up', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    // Ten fixed details, a deadline, 集体访, 被举报单位, 重复信访, 待分办原因: fifteen, two to a row.
    mockFetch({ 'GET /cases/330122-2026-000042': () => ({ body: caseView() }) });
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');

    await screen.findByText('楼下饭店夜间噪音严重。');
    const rows = [...document.querySelectorAll('table tr')].map((tr) => [...tr.querySelectorAll('th')].map((th) => th.textContent));
    expect(rows[0]).toEqual(['登记编号', '状态']);
    expect(rows).toContainEqual(['待分办原因']);
    expect(rows).toContainEqual(['信访事项']);
    expect(errors.mock.calls.flat().join('\n')).not.toMatch(/span/);
    errors.mockRestore();
  });

  it('tells staff to telephone a petitioner who left neither an email nor an address, and says nothing when one was left', async () => {
    const withEmail = caseView();
    withEmail.case.petitioner = { ...withEmail.case.petitioner, email: 'wxm@example.test' } as typeof withEmail.case.petitioner;
    mockFetch({
      'GET /cases/330122-2026-000042': () => ({ body: caseView() }),
      'GET /cases/330122-2026-000043': () => ({ body: { ...withEmail, case: { ...withEmail.case, caseNumber: '330122-2026-000043' } } }),
    });
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');
    expect((await screen.findByRole('note')).textContent).toBe('电话告知未留电子邮箱和通信地址，受理、不予受理、答复等告知书无法书面送达：告知书保存在本事项“文书”中，请电话告知信访人后点“已电话告知”记录。');
    cleanup();

    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000043');
    await screen.findByText('wxm@example.test');
    expect(screen.queryByRole('note')).toBeNull();
  });

  it('shows a petitioner who left only a number as 未留姓名, to be told by phone; an anonymous one as 匿名', async () => {
    const unnamed = caseView();
    unnamed.case.petitioner = { anonymous: false, phone: '13900002222' } as typeof unnamed.case.petitioner;
    const anonymous = caseView();
    anonymous.case.petitioner = { anonymous: true } as typeof anonymous.case.petitioner;
    mockFetch({
      'GET /cases/330122-2026-000042': () => ({ body: unnamed }),
      'GET /cases/330122-2026-000043': () => ({ body: { ...anonymous, case: { ...anonymous.case, caseNumber: '330122-2026-000043' } } }),
    });
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');
    expect(await screen.findByText('未留姓名')).toBeTruthy();
    expect(screen.getByText('13900002222')).toBeTruthy();
    expect(screen.getByRole('note').textContent).toMatch(/^电话告知/);
    cleanup();

    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000043');
    expect(await screen.findByText('匿名')).toBeTruthy();
    expect(screen.queryByText('未留姓名')).toBeNull();
  });

  it('shows the person concerned as the petitioner and the relative who wrote for them (代为反映人)', async () => {
    const view = caseView();
    view.case.petitioner = {
      anonymous: false,
      name: '王大山',
      email: 'wangxiaoli88@163.example',
      writtenBy: { relation: '父亲', name: '王小丽', email: 'wangxiaoli88@163.example' },
    } as unknown as typeof view.case.petitioner;
    mockFetch({ 'GET /cases/330122-2026-000042': () => ({ body: view }) });
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');
    expect(await screen.findByText('王大山')).toBeTruthy();
    expect(screen.getByText(/^代为反映人（/)).toBeTruthy();
    expect(screen.getByText('王小丽')).toBeTruthy();
    expect(screen.getByText('信访人是其父亲')).toBeTruthy();
  });

  it('shows a cadre who called for a villager with a contact of her own: his number for staff, letters to her', async () => {
    const view = caseView();
    view.case.petitioner = {
      anonymous: false,
      name: '李秀兰',
      address: '桐庐县分水镇东溪村3组',
      writtenBy: { relation: '村民', name: '陈建军', phone: '0571-64281234', petitionerOwnContact: true },
    } as unknown as typeof view.case.petitioner;
    mockFetch({ 'GET /cases/330122-2026-000042': () => ({ body: view }) });
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');
    expect(await screen.findByText('代为反映人（代信访人反映，告知发往信访人本人）')).toBeTruthy();
    expect(screen.getByText('陈建军')).toBeTruthy();
    expect(screen.getByText('0571-64281234')).toBeTruthy();
    expect(screen.getByText('信访人是其村民')).toBeTruthy();
  });

  it('a 503 after 确定 says the change may have been made, reads the case again, and closes the dialog once the action is no longer offered', async () => {
    // API Gateway gave up waiting while the function went on and declined the case: the next read shows it declined.
    let declined = false;
    const { calls } = mockFetch({
      'GET /cases/330122-2026-000042': () => ({ body: declined ? caseView({ version: 4, status: 'declined', allowedActions: ['readAudit'] }) : caseView() }),
      'POST /cases/330122-2026-000042/decline': () => {
        declined = true;
        return { status: 503, body: { message: 'Service Unavailable' } };
      },
    });
    const user = userEvent.setup();
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');

    await user.click(await screen.findByRole('button', { name: '不予受理' }));
    await user.type(await screen.findByLabelText('理由'), '不属于信访事项');
    await user.click(screen.getByRole('button', { name: '确定' }));

    expect(await screen.findByText('不予受理：服务器未能及时答复，操作可能已经生效。已刷新页面，请核对后再决定是否重试')).toBeTruthy();
    expect(screen.queryByText(/Service Unavailable/)).toBeNull();
    // Closing (happy-dom never ends Ant Design's leave animation, so the dialog stays in the page, leaving).
    await waitFor(() => expect(dialogLeaving()).toBe(true));
    expect(calls.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('a 503 that did not take effect keeps the dialog and what was typed, to try again', async () => {
    const { calls } = mockFetch({
      'GET /cases/330122-2026-000042': () => ({ body: caseView() }),
      'POST /cases/330122-2026-000042/decline': () => ({ status: 503, body: { message: 'Service Unavailable' } }),
    });
    const user = userEvent.setup();
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');

    await user.click(await screen.findByRole('button', { name: '不予受理' }));
    await user.type(await screen.findByLabelText('理由'), '不属于信访事项');
    await user.click(screen.getByRole('button', { name: '确定' }));

    expect(await screen.findByText(/服务器未能及时答复，操作可能已经生效/)).toBeTruthy();
    await waitFor(() => expect(calls.filter((r) => r.method === 'GET' && r.url.includes('/cases/')).length).toBeGreaterThan(1));
    expect(dialogLeaving()).toBe(false);
    expect((screen.getByLabelText('理由') as HTMLTextAreaElement).value).toBe('不属于信访事项');
  });

  it('declines with a reason and the version it shows; a 409 reloads the case and says so', async () => {
    let version = 3;
    const { calls } = mockFetch({
      'GET /cases/330122-2026-000042': () => ({ body: caseView({ version }) }),
      'POST /cases/330122-2026-000042/decline': () => {
        version = 4;
        return { status: 409, body: { error: { code: 'VersionConflict', message: 'stale' } } };
      },
    });
    const user = userEvent.setup();
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');

    await user.click(await screen.findByRole('button', { name: '不予受理' }));
    // Staff are told the reason is the petitioner's letter, and what it must say.
    expect(await screen.findByText('原文写入不予受理告知书：请写明不予受理的理由和依据，以及信访人可以通过什么途径、向哪个机关提出。')).toBeTruthy();
    await user.type(await screen.findByLabelText('理由'), '不属于信访事项');
    await user.click(screen.getByRole('button', { name: '确定' }));

    expect(await screen.findByText('该事项已被他人更新，已刷新')).toBeTruthy();
    const decline = calls.find((r) => r.method === 'POST')!;
    expect(await decline.clone().json()).toEqual({ reason: '不属于信访事项', expectedVersion: 3 });
    await waitFor(() => expect(calls.filter((r) => r.method === 'GET' && r.url.includes('/cases/')).length).toBeGreaterThan(1));
  });

  it('corrects the petitioner’s contacts with only what staff filled in, and the history says what they were', async () => {
    const { user, dialog, posted } = await openPetitionerCorrection({
      correction: { seq: 4, type: 'petitionerCorrected', at: '2026-12-07T02:00:00Z', actor: 'tl-office', reason: '信访人来电告知已搬家', detail: { changed: ['address'], previous: { address: '桐庐县迎春路8号' } } },
    });
    await user.type(within(dialog).getByLabelText('通信地址'), '淳安县千岛湖镇新安东路12号');
    // The old number is no longer theirs and there is no new one: ticked, it is removed (null); ticking a field given anew keeps the new value.
    await user.click(within(dialog).getByRole('checkbox', { name: '删除联系电话' }));
    await user.click(within(dialog).getByRole('checkbox', { name: '删除通信地址' }));
    await user.type(within(dialog).getByLabelText('更正原因（如信访人来电告知已搬家）'), '信访人来电告知已搬家');
    await user.click(within(dialog).getByRole('button', { name: '确定' }));

    expect(await posted()).toEqual({ address: '淳安县千岛湖镇新安东路12号', phone: null, reason: '信访人来电告知已搬家', expectedVersion: 3 });
    expect(await screen.findByText('更正：通信地址（原为桐庐县迎春路8号）')).toBeTruthy();
  });

  it('adds the neighbour who wrote the letter as 代为反映人, and the history says who the writer was, is, and whom letters now go to', async () => {
    const { user, dialog, posted, postsMade } = await openPetitionerCorrection({
      correction: {
        seq: 4,
        type: 'petitionerCorrected',
        at: '2026-12-07T02:00:00Z',
        actor: 'tl-office',
        reason: '陈建军来电说明该信系其代写',
        detail: { changed: ['writtenBy'], previous: { writtenBy: null }, writtenBy: { relation: '邻居', name: '陈建军', phone: '13700005555', petitionerOwnContact: true }, lettersTo: 'petitioner' },
      },
    });
    // The writer's fields are offered once staff choose to add one, and the relation is then required.
    expect(within(dialog).queryByLabelText('代为反映人姓名')).toBeNull();
    await user.click(within(dialog).getByRole('combobox', { name: '代为反映人' }));
    await user.click(await screen.findByText('添加或更换（由他人代写、代访或代为来电）'));
    await user.type(within(dialog).getByLabelText('代为反映人姓名'), '陈建军');
    await user.type(within(dialog).getByLabelText('代为反映人联系电话'), '13700005555');
    await user.type(within(dialog).getByLabelText('更正原因（如信访人来电告知已搬家）'), '陈建军来电说明该信系其代写');
    await user.click(within(dialog).getByRole('button', { name: '确定' }));
    expect(await within(dialog).findByText('请填写信访人与代为反映人的关系，如：父亲')).toBeTruthy();
    expect(postsMade()).toBe(0);
    await user.type(within(dialog).getByLabelText(/^信访人是代为反映人的/), '邻居');
    await user.click(within(dialog).getByRole('button', { name: '确定' }));

    expect(await posted()).toEqual({
      writtenBy: { relation: '邻居', name: '陈建军', phone: '13700005555' },
      reason: '陈建军来电说明该信系其代写',
      expectedVersion: 3,
    });
    expect(await screen.findByText('更正：代为反映人（原为无，现为陈建军（信访人是其邻居）；此后告知发往信访人本人）')).toBeTruthy();
  });

  it('neither checks nor sends the writer’s fields once staff go back to 不变', async () => {
    const { user, dialog, posted } = await openPetitionerCorrection();
    await user.click(within(dialog).getByRole('combobox', { name: '代为反映人' }));
    await user.click(await screen.findByText('添加或更换（由他人代写、代访或代为来电）'));
    // A name typed, the relation (required while shown) left empty, then staff change their mind.
    await user.type(within(dialog).getByLabelText('代为反映人姓名'), '陈建军');
    await user.click(within(dialog).getByRole('combobox', { name: '代为反映人' }));
    await user.click(await screen.findByText('不变'));
    expect(within(dialog).queryByLabelText('代为反映人姓名')).toBeNull();
    await user.type(within(dialog).getByLabelText('联系电话'), '13700006666');
    await user.type(within(dialog).getByLabelText('更正原因（如信访人来电告知已搬家）'), '信访人来电告知新号码');
    await user.click(within(dialog).getByRole('button', { name: '确定' }));

    expect(await posted()).toEqual({ phone: '13700006666', reason: '信访人来电告知新号码', expectedVersion: 3 });
  });

  it('starts 添加或更换 from the writer as recorded, so a wrong relation is mended without retyping the writer', async () => {
    const { user, dialog, posted } = await openPetitionerCorrection({
      petitioner: { writtenBy: { relation: '邻居', name: '陈建军', phone: '13700005555', petitionerOwnContact: true } },
    });
    await user.click(within(dialog).getByRole('combobox', { name: '代为反映人' }));
    await user.click(await screen.findByText('添加或更换（由他人代写、代访或代为来电）'));
    expect((within(dialog).getByLabelText('代为反映人姓名') as HTMLInputElement).value).toBe('陈建军');
    expect((within(dialog).getByLabelText('代为反映人联系电话') as HTMLInputElement).value).toBe('13700005555');
    const relation = within(dialog).getByLabelText(/^信访人是代为反映人的/) as HTMLInputElement;
    expect(relation.value).toBe('邻居');
    await user.clear(relation);
    await user.type(relation, '父亲');
    await user.type(within(dialog).getByLabelText('更正原因（如信访人来电告知已搬家）'), '陈建军系信访人之子，登记有误');
    await user.click(within(dialog).getByRole('button', { name: '确定' }));

    expect(await posted()).toEqual({
      writtenBy: { relation: '父亲', name: '陈建军', phone: '13700005555' },
      reason: '陈建军系信访人之子，登记有误',
      expectedVersion: 3,
    });
  });

  // The son's number is the case's (the father left none of his own): a number corrected above is the son's new one, as
  // when the writer is kept. Started from the record, the writer's number must follow it — sent as recorded, the new
  // number would become the 82-year-old father's own and letters would go to him there.
  describe('添加或更换 where the writer’s contacts are the case’s', () => {
    const sonsNumber = { name: '王大山', phone: '13900001111', writtenBy: { relation: '邻居', name: '王小明', phone: '13900001111' } };
    const mendRelation = async (user: ReturnType<typeof userEvent.setup>, dialog: HTMLElement) => {
      const relation = within(dialog).getByLabelText(/^信访人是代为反映人的/) as HTMLInputElement;
      await user.clear(relation);
      await user.type(relation, '父亲');
      await user.type(within(dialog).getByLabelText('更正原因（如信访人来电告知已搬家）'), '王小明系信访人之子，换了号码');
      await user.click(within(dialog).getByRole('button', { name: '确定' }));
    };
    const chooseSet = async (user: ReturnType<typeof userEvent.setup>, dialog: HTMLElement) => {
      await user.click(within(dialog).getByRole('combobox', { name: '代为反映人' }));
      await user.click(await screen.findByText('添加或更换（由他人代写、代访或代为来电）'));
    };

    it('takes the number corrected above as the writer’s, typed before choosing 添加或更换', async () => {
      const { user, dialog, posted } = await openPetitionerCorrection({ petitioner: sonsNumber });
      await user.type(within(dialog).getByLabelText('联系电话'), '13700002222');
      await chooseSet(user, dialog);
      expect((within(dialog).getByLabelText('代为反映人联系电话') as HTMLInputElement).value).toBe('13700002222');
      await mendRelation(user, dialog);
      expect(await posted()).toEqual({ phone: '13700002222', writtenBy: { relation: '父亲', name: '王小明', phone: '13700002222' }, reason: '王小明系信访人之子，换了号码', expectedVersion: 3 });
    });

    it('takes the number corrected above as the writer’s, typed after choosing 添加或更换', async () => {
      const { user, dialog, posted } = await openPetitionerCorrection({ petitioner: sonsNumber });
      await chooseSet(user, dialog);
      await user.type(within(dialog).getByLabelText('联系电话'), '13700002222');
      expect((within(dialog).getByLabelText('代为反映人联系电话') as HTMLInputElement).value).toBe('13700002222');
      await mendRelation(user, dialog);
      expect(await posted()).toEqual({ phone: '13700002222', writtenBy: { relation: '父亲', name: '王小明', phone: '13700002222' }, reason: '王小明系信访人之子，换了号码', expectedVersion: 3 });
    });

    it('does not send back a number ticked for removal as the writer’s', async () => {
      const { user, dialog, posted } = await openPetitionerCorrection({ petitioner: sonsNumber });
      await chooseSet(user, dialog);
      await user.click(within(dialog).getByRole('checkbox', { name: '删除联系电话' }));
      expect((within(dialog).getByLabelText('代为反映人联系电话') as HTMLInputElement).value).toBe('');
      await mendRelation(user, dialog);
      expect(await posted()).toEqual({ phone: null, writtenBy: { relation: '父亲', name: '王小明' }, reason: '王小明系信访人之子，换了号码', expectedVersion: 3 });
    });

    it('leaves a writer’s number staff typed themselves as they typed it', async () => {
      const { user, dialog, posted } = await openPetitionerCorrection({ petitioner: sonsNumber });
      await chooseSet(user, dialog);
      const writerPhone = within(dialog).getByLabelText('代为反映人联系电话') as HTMLInputElement;
      await user.clear(writerPhone);
      await user.type(writerPhone, '13600003333');
      await user.type(within(dialog).getByLabelText('联系电话'), '13700002222');
      expect(writerPhone.value).toBe('13600003333');
      await mendRelation(user, dialog);
      expect(await posted()).toEqual({ phone: '13700002222', writtenBy: { relation: '父亲', name: '王小明', phone: '13600003333' }, reason: '王小明系信访人之子，换了号码', expectedVersion: 3 });
    });
  });

  it('shows the API’s refusal of a writer at the writer’s field', async () => {
    const messageZh = '代为反映人与信访人是同一人：信访人本人反映的，无需填写代为反映人';
    const { user, dialog } = await openPetitionerCorrection({
      answer: () => ({
        status: 422,
        body: { error: { code: 'RuleViolation', message: 'the writer has the petitioner’s name', messageZh, issues: [{ path: 'body.writtenBy.name', message: 'same name', messageZh, kind: 'rule' }] } },
      }),
    });
    await user.click(within(dialog).getByRole('combobox', { name: '代为反映人' }));
    await user.click(await screen.findByText('添加或更换（由他人代写、代访或代为来电）'));
    await user.type(within(dialog).getByLabelText(/^信访人是代为反映人的/), '父亲');
    await user.type(within(dialog).getByLabelText('代为反映人姓名'), '张伟');
    await user.type(within(dialog).getByLabelText('代为反映人联系电话'), '13700005555');
    await user.type(within(dialog).getByLabelText('更正原因（如信访人来电告知已搬家）'), '补录');
    await user.click(within(dialog).getByRole('button', { name: '确定' }));

    // At the writer's name, the field it is about: that field is marked invalid, the relation is not.
    await within(dialog).findByText('代为反映人与信访人是同一人：信访人本人反映的，无需填写代为反映人');
    const name = within(dialog).getByLabelText('代为反映人姓名');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(within(dialog).getByLabelText(/^信访人是代为反映人的/).getAttribute('aria-invalid')).not.toBe('true');
  });

  it('shows the leader what an extension asks for before they decide', async () => {
    mockFetch({
      'GET /cases/330122-2026-000042': () => {
        const view = caseView({ status: 'inProgress', allowedActions: ['decideExtension'] });
        return {
          body: {
            ...view,
            case: { ...view.case, deadlines: { handling: '2027-01-22T16:00:00.000Z' }, extension: { days: 20, reason: '需委托房屋安全鉴定', requestedBy: 'tl-handler', requestedAt: '2026-12-07T02:00:00.000Z', status: 'requested' } },
          },
        };
      },
    });
    const user = userEvent.setup();
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');

    await user.click(await screen.findByRole('button', { name: '审批延期' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('20 日')).toBeTruthy();
    expect(within(dialog).getByText('需委托房屋安全鉴定')).toBeTruthy();
    expect(within(dialog).getByText('2027年1月22日')).toBeTruthy();
    // What approving it would make the deadline: 20 calendar days after the last day (a rest day rolls it on).
    expect(within(dialog).getByText('2027年2月11日（如逢法定节假日、休息日，按规定顺延）')).toBeTruthy();
  });

  it('shows the deadline an approval makes as the API counted it with the holiday calendar: a Saturday rolled to Monday', async () => {
    mockFetch({
      'GET /cases/330122-2026-000042': () => {
        const view = caseView({ status: 'inProgress', allowedActions: ['decideExtension'] });
        return {
          body: {
            ...view,
            case: { ...view.case, deadlines: { handling: '2026-12-06T16:00:00.000Z' }, extension: { days: 20, reason: '需委托房屋安全鉴定', requestedBy: 'tl-handler', requestedAt: '2026-12-07T02:00:00.000Z', status: 'requested' } },
            extensionPreview: { deadline: '2026-12-28T16:00:00.000Z', lastDay: '2026-12-28', roll: { from: '2026-12-26', to: '2026-12-28' } },
          },
        };
      },
    });
    const user = userEvent.setup();
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');

    await user.click(await screen.findByRole('button', { name: '审批延期' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('2026年12月28日（2026年12月26日为休息日，顺延至2026年12月28日）')).toBeTruthy();
    expect(within(dialog).queryByText(/如逢/)).toBeNull();
  });

  it('does not promise a roll the office’s rule does not make', async () => {
    mockFetch({
      'GET /cases/330122-2026-000042': () => {
        const view = caseView({ status: 'inProgress', allowedActions: ['decideExtension'] });
        const due = deadlineOrProvisional('2026-11-23T10:00:00+08:00', { days: 60, count: 'calendar', lastDayOnRestDay: 'none' }, loadHolidayCalendar('config/holidays'));
        return {
          body: {
            ...view,
            deadlines: { handling: { at: due.at, lastDay: due.explanation.lastDay, explanation: due.explanation } },
            case: { ...view.case, deadlines: { handling: '2027-01-22T16:00:00.000Z' }, extension: { days: 20, reason: '需委托房屋安全鉴定', requestedBy: 'tl-handler', requestedAt: '2026-12-07T02:00:00.000Z', status: 'requested' } },
          },
        };
      },
    });
    const user = userEvent.setup();
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');

    await user.click(await screen.findByRole('button', { name: '审批延期' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('2027年2月11日（遇休息日不顺延）')).toBeTruthy();
  });

  it('links a letter as a repeat of the earlier case staff name (关联为重复件), showing the server’s Chinese at the number when it refuses', async () => {
    let linked = false;
    const { calls } = mockFetch({
      'GET /cases/330122-2026-000042': () => ({
        body: (() => {
          const view = caseView({ allowedActions: ['linkRepeat', 'decline'] });
          const link = { seq: 4, type: 'repeatLinked', at: '2026-12-07T02:00:00Z', actor: 'tl-office', reason: '同一信访人、同一住址，反映同一事项', detail: { earlier: '330122-2026-000040' } };
          return linked ? { ...view, case: { ...view.case, status: 'declined' }, events: [...view.events, link], allowedActions: [] } : view;
        })(),
      }),
      'POST /cases/330122-2026-000042/repeat-of': async (request: Request) => {
        const { earlier } = (await request.clone().json()) as { earlier: string };
        if (earlier !== '330122-2026-000040') {
          const messageZh = `没有登记编号为 ${earlier} 的信访事项`;
          return { status: 404, body: { error: { code: 'CaseNotFound', message: `no case numbered ${earlier}`, messageZh, issues: [{ path: 'body.earlier', message: `no case numbered ${earlier}`, messageZh, kind: 'rule' }] } } };
        }
        linked = true;
        return { body: caseView({ status: 'declined' }) };
      },
    });
    const user = userEvent.setup();
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');

    await user.click(await screen.findByRole('button', { name: '关联为重复件' }));
    const dialog = await screen.findByRole('dialog');
    // What it may do at once is said before staff confirm.
    expect(within(dialog).getByText('关联后，视前案办理情况，本件可能即作为重复件不予受理，并向信访人发出告知书，本件材料并入前案。')).toBeTruthy();
    expect(within(dialog).getByText(/匿名信访、亲属等代为反映的，不能关联/)).toBeTruthy();
    const number = within(dialog).getByLabelText('前案登记编号（如 330122-2026-000040）');
    await user.type(number, '330122-2026-000999');
    await user.type(within(dialog).getByLabelText('关联理由（如同一信访人、同一住址，反映同一事项）'), '同一信访人、同一住址，反映同一事项');
    await user.click(within(dialog).getByRole('button', { name: '确定' }));

    // Refused: the reason in Chinese, next to the number, and the dialog stays open to correct it.
    expect(await within(dialog).findByText('没有登记编号为 330122-2026-000999 的信访事项')).toBeTruthy();
    // The console's own words for a number not found: it may as well be a case the reader may not see.
    expect(await screen.findByText('关联为重复件未完成：未找到该信访事项，或您无权查看；请检查：前案登记编号（如 330122-2026-000040）')).toBeTruthy();
    await user.clear(number);
    await user.type(number, '330122-2026-000040');
    await user.click(within(dialog).getByRole('button', { name: '确定' }));

    await waitFor(() => expect(linked).toBe(true));
    const posts = calls.filter((r) => r.method === 'POST');
    expect(await posts.at(-1)!.clone().json()).toEqual({ earlier: '330122-2026-000040', note: '同一信访人、同一住址，反映同一事项', expectedVersion: 3 });
    // The history says which case it repeats, with a link to it, and why.
    const history = await screen.findByText('330122-2026-000040', { selector: 'a' });
    expect(history.closest('div')!.textContent).toBe('关联为前案 330122-2026-000040 的重复件');
    expect(screen.getByText('理由：同一信访人、同一住址，反映同一事项')).toBeTruthy();
  });

  it('registers a written review request with the day it was received', async () => {
    const { calls } = mockFetch({
      'GET /cases/330122-2026-000042': () => ({ body: caseView({ status: 'replied', allowedActions: ['requestReview'] }) }),
      'POST /cases/330122-2026-000042/review-request': () => ({ body: caseView({ status: 'underReview' }) }),
    });
    const user = userEvent.setup();
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');

    await user.click(await screen.findByRole('button', { name: '登记复查（复核）申请' }));
    await user.type(await screen.findByLabelText('申请理由'), '对处理意见不服');
    await user.type(screen.getByLabelText('收到日期'), '2026-11-30{Enter}');
    await user.click(screen.getByRole('button', { name: '确定' }));

    await waitFor(() => expect(calls.some((r) => r.method === 'POST')).toBe(true));
    const request = calls.find((r) => r.method === 'POST')!;
    expect(await request.clone().json()).toMatchObject({ reason: '对处理意见不服', receivedAt: '2026-11-30T23:59:00+08:00' });
  });

  it('holds the action buttons while a change is in flight, then offers the next step', async () => {
    let accepted = false;
    let release = () => {};
    mockFetch({
      'GET /cases/330122-2026-000042': () => ({ body: caseView(accepted ? { status: 'accepted', version: 4, allowedActions: ['conclude'] } : {}) }),
      'POST /cases/330122-2026-000042/accept': () =>
        new Promise((resolve) => {
          release = () => {
            accepted = true;
            resolve({ body: { caseNumber: '330122-2026-000042', status: 'accepted', version: 4 } });
          };
        }),
    });
    const user = userEvent.setup();
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');
    await user.click(await screen.findByRole('button', { name: '受理' }));
    await user.click(await screen.findByRole('button', { name: '确定' }));

    // A second click on the case as it was would only be refused.
    const group = screen.getByRole('group', { name: '可执行的操作' });
    await waitFor(() => expect(within(group).getByRole('button', { name: '不予受理' }).hasAttribute('disabled')).toBe(true));
    release();
    const conclude = await within(group).findByRole('button', { name: '办结' });
    await waitFor(() => expect(conclude.hasAttribute('disabled')).toBe(false));
    await user.click(conclude);
    expect(await screen.findByLabelText('查明事实')).toBeTruthy();
  });

  it('shows why the API refuses an action, in Chinese first', async () => {
    mockFetch({
      'GET /cases/330122-2026-000042': () => ({ body: caseView() }),
      'POST /cases/330122-2026-000042/accept': () => ({
        status: 422,
        body: { error: { code: 'RuleViolation', message: 'this report accuses 桐庐县住房和城乡建设局; it is never handed to the unit it accuses' } },
      }),
    });
    const user = userEvent.setup();
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');
    await user.click(await screen.findByRole('button', { name: '受理' }));
    await user.click(await screen.findByRole('button', { name: '确定' }));
    // In Chinese first, with the API's own reason after it.
    expect(await screen.findByText('该操作不符合办理规定（this report accuses 桐庐县住房和城乡建设局; it is never handed to the unit it accuses）')).toBeTruthy();
  });

  it('shows the API’s own Chinese for a refusal (messageZh), not its English', async () => {
    const { calls } = mockFetch({
      'GET /cases/330122-2026-000042': () => ({ body: caseView() }),
      'POST /cases/330122-2026-000042/accept': () => ({
        status: 409,
        body: { error: { code: 'InvalidTransition', message: 'cannot accept a case that is declined', messageZh: '该信访事项当前状态为“不予受理”，不能受理' } },
      }),
    });
    const user = userEvent.setup();
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');
    await user.click(await screen.findByRole('button', { name: '受理' }));
    await user.click(await screen.findByRole('button', { name: '确定' }));

    // A lifecycle refusal is said, not taken for someone else's change; the case is read again all the same.
    expect(await screen.findByText('该信访事项当前状态为“不予受理”，不能受理')).toBeTruthy();
    expect(screen.queryByText(/cannot accept/)).toBeNull();
    expect(screen.queryByText('该事项已被他人更新，已刷新')).toBeNull();
    await waitFor(() => expect(calls.filter((r) => r.method === 'GET' && r.url.includes('/cases/')).length).toBeGreaterThan(1));
  });

  it('shows a rule’s Chinese at the field it is about', async () => {
    mockFetch({
      'GET /cases/330122-2026-000042': () => ({ body: caseView() }),
      'POST /cases/330122-2026-000042/decline': () => ({
        status: 422,
        body: {
          error: {
            code: 'RuleViolation',
            message: 'decline needs a reason',
            messageZh: '不予受理需要说明理由',
            issues: [{ path: 'body.reason', message: 'decline needs a reason', messageZh: '不予受理需要说明理由', kind: 'rule' }],
          },
        },
      }),
    });
    const user = userEvent.setup();
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');
    await user.click(await screen.findByRole('button', { name: '不予受理' }));
    await user.type(await screen.findByLabelText('理由'), '。');
    await user.click(screen.getByRole('button', { name: '确定' }));

    expect(await screen.findByText('不予受理未完成：不予受理需要说明理由；请检查：理由')).toBeTruthy();
    // Next to the field, in Chinese: the dialog's own alert for the field.
    const dialog = screen.getByRole('dialog');
    expect(await within(dialog).findByText('不予受理需要说明理由')).toBeTruthy();
    expect(screen.queryByText(/needs a reason/)).toBeNull();
  });
});

/** The province as the console loads it, with a city above the county and a second staff member. */
const PROVINCE = {
  ...CONFIG,
  jurisdictions: [
    {
      code: '330100',
      name: '杭州市',
      office: { name: '杭州市信访局' },
      extension: { maxDays: 30, requestLeadWorkingDays: 5 },
      units: [
        { id: '330100-housing', name: '杭州市住房和城乡建设局' },
        { id: '330100-hrss', name: '杭州市人力资源和社会保障局' },
        { id: '330100-env', name: '杭州市生态环境局' },
      ],
    },
    { ...CONFIG.jurisdictions[0]!, parent: '330100', units: [...CONFIG.jurisdictions[0]!.units, { id: '330122-env', name: '桐庐县生态环境局', aliases: ['环保'] }] },
  ],
  staff: [
    ...CONFIG.staff,
    { id: 'tl-housing-handler', name: '李建国', jurisdiction: '330122', unit: '330122-housing', roles: ['handler'] },
    { id: 'tl-leader', name: '何志强', jurisdiction: '330122', roles: ['leader'], leaderPost: 'principal' },
    { id: 'hz-leader', name: '周丽华', jurisdiction: '330100', roles: ['leader'] },
    { id: 'cn-leader', name: '方建平', jurisdiction: '330127', roles: ['leader'] },
  ],
};

/**
 * mockFetch, with the province above, and answers that are not JSON (a file,
 * a page): a handler may return a Response of its own.
 */
function mockApi(answers: Record<string, (request: Request) => { status?: number; body: unknown } | Response>, directory: unknown = PROVINCE) {
  const json: Record<string, (request: Request) => { status?: number; body: unknown }> = {};
  for (const [key, answer] of Object.entries(answers)) json[key] = (request) => answer(request) as { body: unknown };
  const mocked = mockFetch({ ...json, 'GET /directory': () => ({ body: directory }) });
  const jsonFetch = mocked.fetch.getMockImplementation()!;
  mocked.fetch.mockImplementation(async (input, init) => {
    const request = input instanceof Request ? input : new Request(new URL(String(input), 'http://localhost/'), init);
    const key = `${request.method} ${new URL(request.url).pathname.replace(/^\/api/, '')}`;
    if (key === 'GET /directory') {
      mocked.calls.push(request);
      return new Response(JSON.stringify(directory), { headers: { 'content-type': 'application/json' } });
    }
    const answer = answers[key]?.(request);
    if (answer instanceof Response) {
      mocked.calls.push(request);
      return answer;
    }
    return jsonFetch(request);
  });
  return mocked;
}

/** What the page hands to the browser to save: the blob and the file name. */
function captureSaves() {
  const saved: { blob: Blob; name: string }[] = [];
  const blobs = new Map<string, Blob>();
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    const url = `blob:test/${blobs.size}`;
    blobs.set(url, blob as Blob);
    return url;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push({ blob: blobs.get(this.href)!, name: this.download });
  });
  return saved;
}

/** The dropdown of an antd select (its listbox's container), and the choices it shows. */
const popupOf = (input: HTMLElement) => document.getElementById(input.getAttribute('aria-controls')!)!.parentElement!;
const offered = (input: HTMLElement) => [...popupOf(input).querySelectorAll('[aria-disabled][title]')].map((o) => o.getAttribute('title'));

const CASE_PATH = '/cases/330122-2026-000042';
const renderCase = () => renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], CASE_PATH);

/**
 * The acceptance notice on the 待寄送 list, 已寄出 offered until a POST to
 * letters/posted records it as posted on 8 December (at `postedAt`).
 */
function mockLetterToPost(postedAt: string) {
  const notice = ACCEPTANCE_NOTICE;
  let posted: string | undefined;
  const view = () => {
    const base = caseView({ status: 'assigned', allowedActions: posted ? [] : ['postLetter'] });
    const entry = { id: notice.id, kind: notice.kind, subject: notice.subject, at: notice.at, from: '330122', ...(posted ? { postedOn: posted, postedAt, postedBy: 'tl-office' } : {}) };
    return { ...base, case: { ...base.case, postalLetters: [entry] }, messages: [notice] };
  };
  return mockApi({
    'GET /cases/330122-2026-000042': () => ({ body: view() }),
    'POST /cases/330122-2026-000042/letters/posted': () => {
      posted = '2026-12-08';
      return { body: view() };
    },
  });
}

describe('the case page’s records', () => {
  signedInEachTest();

  const AUDIT = {
    caseNumber: '330122-2026-000042',
    entries: [
      { caseNumber: '330122-2026-000042', at: '2026-12-07T06:05:00.000Z', actor: 'tl-office', action: 'read', outcome: 'allowed', requestId: 'r1' },
      { caseNumber: '330122-2026-000042', at: '2026-12-07T06:30:00.000Z', actor: 'tl-housing-handler', action: 'read:attachments/1', outcome: 'denied', requestId: 'r2' },
      { caseNumber: '330122-2026-000042', at: '2026-12-07T07:00:00.000Z', actor: 'tl-office', action: 'accept', outcome: 'allowed', requestId: 'r3' },
    ],
  };

  /** The audit route as the API answers it: newest first, only the entries the query's actor, action and outcome match. */
  const auditAnswer = (request: Request) => {
    const query = new URL(request.url).searchParams;
    const entries = [...AUDIT.entries]
      .filter((e) => !query.get('actor') || e.actor === query.get('actor'))
      .filter((e) => !query.get('action') || e.action === query.get('action') || e.action.startsWith(`${query.get('action')}/`))
      .filter((e) => !query.get('outcome') || e.outcome === query.get('outcome'))
      .sort((a, b) => b.at.localeCompare(a.at));
    return { body: { caseNumber: AUDIT.caseNumber, entries, truncated: false } };
  };

  it('shows the audit trail with readAudit, in Beijing time with staff names, and has the API filter it by staff member', async () => {
    const { calls } = mockApi({ 'GET /cases/330122-2026-000042': () => ({ body: caseView() }), 'GET /cases/330122-2026-000042/audit': auditAnswer });
    const user = userEvent.setup();
    renderCase();

    const audit = await screen.findByRole('region', { name: '审计记录' });
    await waitFor(() => expect(within(audit).getAllByRole('row')).toHaveLength(4));
    expect(within(audit).getByText('2026年12月7日 14:05')).toBeTruthy();
    expect(within(audit).getByText('下载附件（1）')).toBeTruthy();
    expect(within(audit).getByText('拒绝')).toBeTruthy();
    expect(within(audit).getAllByText('李建国')).toHaveLength(1);

    await user.click(within(audit).getByLabelText('人员'));
    await user.click(await screen.findByTitle('李建国'));
    await waitFor(() => expect(within(audit).getAllByRole('row')).toHaveLength(2));
    const [, only] = within(audit).getAllByRole('row');
    expect(only!.textContent).toContain('李建国');
    expect(only!.textContent).toContain('下载附件（1）');
    expect(calls.some((r) => new URL(r.url).search === '?actor=tl-housing-handler')).toBe(true);
  });

  it('reads the audit trail again after an action, which is its newest entry', async () => {
    const { calls } = mockApi({
      'GET /cases/330122-2026-000042': () => ({ body: caseView() }),
      'GET /cases/330122-2026-000042/audit': auditAnswer,
      'POST /cases/330122-2026-000042/accept': () => ({ body: caseView({ status: 'accepted', version: 4 }) }),
    });
    const user = userEvent.setup();
    renderCase();
    await screen.findByRole('region', { name: '审计记录' });
    const audits = () => calls.filter((r) => r.method === 'GET' && new URL(r.url).pathname.endsWith('/audit')).length;
    await waitFor(() => expect(audits()).toBe(1));

    await user.click(await screen.findByRole('button', { name: '受理' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: '确定' }));
    await waitFor(() => expect(audits()).toBe(2));
  });

  it('filters the audit trail to the refused attempts and by action, and says when nothing matches', async () => {
    const { calls } = mockApi({ 'GET /cases/330122-2026-000042': () => ({ body: caseView() }), 'GET /cases/330122-2026-000042/audit': auditAnswer });
    const user = userEvent.setup();
    renderCase();

    const audit = await screen.findByRole('region', { name: '审计记录' });
    await waitFor(() => expect(within(audit).getAllByRole('row')).toHaveLength(4));
    await user.click(within(audit).getByLabelText('结果'));
    await user.click(await screen.findByTitle('拒绝'));
    await waitFor(() => expect(within(audit).getAllByRole('row')).toHaveLength(2));
    expect(within(audit).getAllByRole('row')[1]!.textContent).toContain('下载附件（1）');
    expect(calls.some((r) => new URL(r.url).searchParams.get('outcome') === 'denied')).toBe(true);

    await user.click(within(audit).getByLabelText('操作'));
    await user.click(await screen.findByTitle('受理'));
    await waitFor(() => expect(within(audit).getByText('没有符合条件的记录')).toBeTruthy());
    const last = new URL(calls.filter((r) => r.url.includes('/audit')).at(-1)!.url).searchParams;
    expect([last.get('outcome'), last.get('action')]).toEqual(['denied', 'accept']);
  });

  it('neither shows nor reads the audit trail without readAudit', async () => {
    const { calls } = mockApi({
      'GET /cases/330122-2026-000042': () => ({ body: caseView({ allowedActions: ['accept'] }) }),
      'GET /cases/330122-2026-000042/audit': () => ({ body: AUDIT }),
    });
    renderCase();
    await screen.findByRole('button', { name: '受理' });
    expect(screen.queryByRole('region', { name: '审计记录' })).toBeNull();
    expect(calls.some((r) => r.url.endsWith('/audit'))).toBe(false);
  });

  it('shows the decision letter and saves it as the API gives it', async () => {
    const letter = {
      id: 'decision:330122-2026-000042:1',
      kind: 'decisionLetter',
      direction: 'out',
      at: '2026-12-20T02:00:00Z',
      subject: '【330122-2026-000042】信访事项处理意见书',
      text: '王小明：\n经查，该饭店夜间噪音超标。\n处理意见：责令整改。',
      to: [],
      messageIds: [],
      attachments: [],
    };
    const page = '<!doctype html><title>信访事项处理意见书</title><pre>经查，该饭店夜间噪音超标。</pre>';
    const { calls } = mockApi({
      'GET /cases/330122-2026-000042': () => ({ body: { ...caseView({ status: 'replied' }), messages: [letter] } }),
      'GET /cases/330122-2026-000042/audit': () => ({ body: { entries: [] } }),
      'GET /cases/330122-2026-000042/decision-letter': () => new Response(page, { headers: { 'content-type': 'text/html; charset=utf-8' } }),
    });
    const saved = captureSaves();
    const user = userEvent.setup();
    renderCase();

    const letters = await screen.findByRole('region', { name: '文书' });
    expect(within(letters).getByText(/经查，该饭店夜间噪音超标。/)).toBeTruthy();
    await user.click(within(letters).getByRole('button', { name: `下载 ${letter.subject}` }));

    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]!.name).toBe('【330122-2026-000042】信访事项处理意见书.html');
    expect(await saved[0]!.blob.text()).toBe(page);
    const request = calls.find((r) => r.url.includes('/decision-letter'))!;
    expect(new URL(request.url).searchParams.get('id')).toBe(letter.id);
    expect(request.headers.get('authorization')).toBe('Bearer test-token');
  });

  it('shows a letter for post as 待寄送 and records the day it left, with the version it shows', async () => {
    const notice = ACCEPTANCE_NOTICE;
    const { calls } = mockLetterToPost('2026-12-08T01:00:00Z');
    const user = userEvent.setup();
    renderCase();

    const letters = await screen.findByRole('region', { name: '文书' });
    expect(within(letters).getByText('待寄送')).toBeTruthy();
    await user.click(within(letters).getByRole('button', { name: `已寄出 ${notice.subject}` }));
    await user.click(await screen.findByRole('button', { name: '确认寄出' }));

    await waitFor(() => expect(within(screen.getByRole('region', { name: '文书' })).getByText('已于2026年12月8日寄出')).toBeTruthy());
    const request = calls.find((r) => r.url.endsWith('/letters/posted'))!;
    const body = (await request.clone().json()) as { letterId: string; postedOn: string; expectedVersion: number };
    // Today in Beijing, whatever zone the browser (here, the test) runs in: the day the API counts.
    const chinaToday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    expect(body).toEqual({ letterId: notice.id, postedOn: chinaToday, expectedVersion: 3 });
    expect(screen.queryByRole('button', { name: `已寄出 ${notice.subject}` })).toBeNull();
  });

  it('records the day typed in 寄出日期 as typed, and refuses a future day or one before the letter with an error, never today instead', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-10T02:00:00Z'));
    try {
      const notice = ACCEPTANCE_NOTICE;
      const { calls } = mockLetterToPost('2026-12-10T02:00:00Z');
      const user = userEvent.setup();
      renderCase();

      const letters = await screen.findByRole('region', { name: '文书' });
      await user.click(within(letters).getByRole('button', { name: `已寄出 ${notice.subject}` }));
      const day = await screen.findByLabelText('寄出日期');
      const typeDay = async (text: string) => {
        await user.clear(day);
        await user.paste(text);
      };

      // A future day: the field shows it, so the form must refuse it, not post today.
      await typeDay('2026-12-17');
      await user.click(screen.getByRole('button', { name: '确认寄出' }));
      expect(await screen.findByText('寄出日期不能晚于今天（2026年12月10日）')).toBeTruthy();
      expect(calls.some((r) => r.url.endsWith('/letters/posted'))).toBe(false);

      // A day before the letter was written.
      await typeDay('2026-12-05');
      await user.click(screen.getByRole('button', { name: '确认寄出' }));
      expect(await screen.findByText('寄出日期不能早于信件制作日期（2026年12月7日）')).toBeTruthy();
      expect(calls.some((r) => r.url.endsWith('/letters/posted'))).toBe(false);

      // An allowed day other than today is recorded as typed.
      await typeDay('2026-12-08');
      await user.click(screen.getByRole('button', { name: '确认寄出' }));
      await waitFor(() => expect(calls.some((r) => r.url.endsWith('/letters/posted'))).toBe(true));
      const body = (await calls.find((r) => r.url.endsWith('/letters/posted'))!.clone().json()) as { postedOn: string };
      expect(body.postedOn).toBe('2026-12-08');
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows a letter voided by 撤销原决定 as never sent, with nothing to post', async () => {
    const notice = ACCEPTANCE_NOTICE;
    const base = caseView({ status: 'registered', allowedActions: ['postLetter'] });
    const entry = { id: notice.id, kind: notice.kind, subject: notice.subject, at: notice.at, from: '330122', withdrawnAt: '2026-12-09T02:00:00Z' };
    mockApi({ 'GET /cases/330122-2026-000042': () => ({ body: { ...base, case: { ...base.case, postalLetters: [entry] }, messages: [notice] } }) });
    renderCase();

    const letters = await screen.findByRole('region', { name: '文书' });
    expect(within(letters).getByText('已作废：原决定于 2026-12-09 撤销，未寄送')).toBeTruthy();
    expect(within(letters).queryByRole('button', { name: `已寄出 ${notice.subject}` })).toBeNull();
    expect(within(letters).queryByText('待寄送')).toBeNull();
    expect(within(letters).queryByRole('button', { name: `打印 ${notice.subject}` })).toBeNull();
  });

  it('records the day a posted letter was received (签收), once every letter has left', async () => {
    // After the day it was posted: a receipt cannot come before it (nor after today).
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-10T02:00:00Z'));
    const notice = ACCEPTANCE_NOTICE;
    let received: string | undefined;
    const view = () => {
      const base = caseView({ status: 'assigned', allowedActions: received ? [] : ['recordReceipt'] });
      const entry = { id: notice.id, kind: notice.kind, subject: notice.subject, at: notice.at, from: '330122', postedOn: '2026-12-08', postedAt: '2026-12-08T01:00:00Z', postedBy: 'tl-office', ...(received ? { receivedOn: received, receivedRecordedAt: '2026-12-10T01:00:00Z' } : {}) };
      return { ...base, case: { ...base.case, postalLetters: [entry] }, messages: [notice] };
    };
    const { calls } = mockApi({
      'GET /cases/330122-2026-000042': () => ({ body: view() }),
      'POST /cases/330122-2026-000042/letters/received': () => {
        received = '2026-12-10';
        return { body: view() };
      },
    });
    const user = userEvent.setup();
    renderCase();

    const letters = await screen.findByRole('region', { name: '文书' });
    expect(within(letters).getByText('已于2026年12月8日寄出')).toBeTruthy();
    await user.click(within(letters).getByRole('button', { name: `登记签收 ${notice.subject}` }));
    await user.click(await screen.findByRole('button', { name: '确认签收日期' }));

    await waitFor(() => expect(within(screen.getByRole('region', { name: '文书' })).getByText('已于2026年12月8日寄出，2026年12月10日签收')).toBeTruthy());
    const body = (await calls.find((r) => r.url.endsWith('/letters/received'))!.clone().json()) as { letterId: string; expectedVersion: number };
    expect(body).toMatchObject({ letterId: notice.id, expectedVersion: 3 });
    expect(screen.queryByRole('button', { name: `登记签收 ${notice.subject}` })).toBeNull();
  });

  it('shows a letter to tell by phone as 待电话告知 and records the call with what was said; the note is required', async () => {
    const notice = { ...ACCEPTANCE_NOTICE, byPhone: true };
    let told: { toldOn: string; toldNote: string } | undefined;
    const view = () => {
      const base = caseView({ status: 'assigned', allowedActions: told ? [] : ['tellByPhone'] });
      const entry = { id: notice.id, kind: notice.kind, subject: notice.subject, at: notice.at, from: '330122', channel: 'phone', ...(told ? { ...told, toldAt: '2026-12-08T01:00:00Z', toldBy: 'tl-office' } : {}) };
      return { ...base, case: { ...base.case, postalLetters: [entry] }, messages: [notice] };
    };
    const { calls } = mockApi({
      'GET /cases/330122-2026-000042': () => ({ body: view() }),
      'POST /cases/330122-2026-000042/letters/phoned': () => {
        told = { toldOn: '2026-12-08', toldNote: '已告知受理，信访人表示知晓。' };
        return { body: view() };
      },
    });
    const user = userEvent.setup();
    renderCase();

    const letters = await screen.findByRole('region', { name: '文书' });
    expect(within(letters).getByText('待电话告知')).toBeTruthy();
    // In the correspondence it is a letter told by phone, not one posted.
    // (the petitioner's card says 电话告知 too)
    expect(screen.getAllByText('电话告知')).toHaveLength(2);
    expect(screen.queryByText('邮寄')).toBeNull();
    expect(within(letters).queryByRole('button', { name: `已寄出 ${notice.subject}` })).toBeNull();
    await user.click(within(letters).getByRole('button', { name: `已电话告知 ${notice.subject}` }));
    await user.click(await screen.findByRole('button', { name: '确认已告知' }));
    expect(await screen.findByText('请记录告知了什么、信访人如何答复')).toBeTruthy();
    expect(calls.some((r) => r.url.endsWith('/letters/phoned'))).toBe(false);

    await user.type(screen.getByLabelText('告知情况'), '已告知受理，信访人表示知晓。');
    await user.click(screen.getByRole('button', { name: '确认已告知' }));

    await waitFor(() => expect(within(screen.getByRole('region', { name: '文书' })).getByText('已于2026年12月8日电话告知')).toBeTruthy());
    expect(screen.getByText('告知情况：已告知受理，信访人表示知晓。')).toBeTruthy();
    const request = calls.find((r) => r.url.endsWith('/letters/phoned'))!;
    const body = (await request.clone().json()) as Record<string, unknown>;
    const chinaToday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    expect(body).toEqual({ letterId: notice.id, toldOn: chinaToday, note: '已告知受理，信访人表示知晓。', outcome: 'told', expectedVersion: 3 });
  });

  it('当面送达: a letter handed to a visitor at the desk is recorded with the day and the refusal to sign, which needs a note', async () => {
    const notice = { ...ACCEPTANCE_NOTICE, byPhone: true };
    let handed: Record<string, string> | undefined;
    const view = () => {
      const base = caseView({ status: 'assigned', allowedActions: handed ? [] : ['tellByPhone', 'handOver'] });
      const entry = { id: notice.id, kind: notice.kind, subject: notice.subject, at: notice.at, from: '330122', channel: 'phone', ...(handed ?? {}) };
      return { ...base, case: { ...base.case, postalLetters: [entry] }, messages: [notice] };
    };
    const { calls } = mockApi({
      'GET /cases/330122-2026-000042': () => ({ body: view() }),
      'POST /cases/330122-2026-000042/letters/handed-over': () => {
        handed = { handedOn: '2026-12-08', handedAt: '2026-12-08T01:00:00Z', handedBy: 'tl-office', handedSignature: 'refused', handedNote: '信访人拒绝签收，李明、王芳在场见证。' };
        return { body: view() };
      },
    });
    const user = userEvent.setup();
    renderCase();

    const letters = await screen.findByRole('region', { name: '文书' });
    await user.click(within(letters).getByRole('button', { name: `当面送达 ${notice.subject}` }));
    await screen.findByRole('dialog', { name: '记录当面送达' });
    await user.click(screen.getByRole('radio', { name: '信访人拒绝签收' }));
    await user.click(screen.getByRole('button', { name: '确认已送达' }));
    expect(await screen.findByText('信访人拒绝签收的，请写明拒签情况和在场人员')).toBeTruthy();
    expect(calls.some((r) => r.url.endsWith('/letters/handed-over'))).toBe(false);

    await user.type(screen.getByLabelText('送达情况'), '信访人拒绝签收，李明、王芳在场见证。');
    await user.click(screen.getByRole('button', { name: '确认已送达' }));

    await waitFor(() => expect(within(screen.getByRole('region', { name: '文书' })).getByText('已于2026年12月8日当面送达（拒绝签收）')).toBeTruthy());
    expect(within(screen.getByRole('region', { name: '文书' })).queryByRole('button', { name: `当面送达 ${notice.subject}` })).toBeNull();
    const body = (await calls.find((r) => r.url.endsWith('/letters/handed-over'))!.clone().json()) as Record<string, unknown>;
    const chinaToday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    expect(body).toEqual({ letterId: notice.id, handedOn: chinaToday, signature: 'refused', note: '信访人拒绝签收，李明、王芳在场见证。', expectedVersion: 3 });
  });

  it('warns on a letter not yet told when the case was returned after it was written: the unit it names may be out of date', async () => {
    const notice = { ...ACCEPTANCE_NOTICE, byPhone: true };
    const base = caseView({ status: 'accepted', allowedActions: ['tellByPhone'] });
    const entry = { id: notice.id, kind: notice.kind, subject: notice.subject, at: notice.at, from: '330122', channel: 'phone' };
    const returned = { caseNumber: '330122-2026-000042', seq: 9, type: 'returned', at: new Date(Date.parse(notice.at) + 3_600_000).toISOString(), actor: 'tl-housing', from: 'assigned', to: 'accepted' };
    mockApi({ 'GET /cases/330122-2026-000042': () => ({ body: { ...base, case: { ...base.case, postalLetters: [entry] }, messages: [notice], events: [...base.events, returned] } }) });
    renderCase();

    const letters = await screen.findByRole('region', { name: '文书' });
    expect(await within(letters).findByText(/本告知书写成后，该事项已退回：其中所写的办理单位或机关可能已不是现在的，告知时请核对/)).toBeTruthy();
  });

  it('紧急响应: shows by when a response is due, records it with what was done, and tells it in the history', async () => {
    let responded = false;
    const view = () => {
      const base = caseView({ allowedActions: responded ? [] : ['respondUrgent'] });
      const urgentResponse = { alertedAt: '2026-12-06T17:00:00Z', dueAt: '2026-12-06T17:30:00Z', ...(responded ? { respondedAt: '2026-12-06T17:20:00Z', respondedBy: 'tl-office', note: '已通知派出所赶赴现场' } : {}) };
      const events = responded
        ? [...base.events, { seq: 4, type: 'noted', at: '2026-12-06T17:20:00Z', actor: 'tl-office', reason: '已通知派出所赶赴现场', detail: { urgentResponse: { dueAt: '2026-12-06T17:30:00Z' } } }]
        : base.events;
      return { ...base, case: { ...base.case, urgentResponse }, events };
    };
    const { calls } = mockApi({
      'GET /cases/330122-2026-000042': () => ({ body: view() }),
      'POST /cases/330122-2026-000042/urgent-response': () => {
        responded = true;
        return { body: view() };
      },
    });
    const user = userEvent.setup();
    renderCase();

    expect(await screen.findByText(/须于 .* 前响应（待响应）/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: '紧急响应' }));
    await user.type(await screen.findByLabelText(/处置安排/), '已通知派出所赶赴现场');
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: /确\s*定|提\s*交|确认/ }));

    expect(await screen.findByText('紧急响应：已通知派出所赶赴现场')).toBeTruthy();
    expect(screen.queryByText('理由：已通知派出所赶赴现场')).toBeNull();
    expect(screen.getByText(/已响应：已通知派出所赶赴现场/)).toBeTruthy();
    const body = (await calls.find((r) => r.url.endsWith('/urgent-response'))!.clone().json()) as Record<string, unknown>;
    expect(body).toEqual({ note: '已通知派出所赶赴现场', expectedVersion: 3 });
  });

  it('gives the petitioner at the desk a query code once, after saying it replaces the earlier one', async () => {
    let issued = false;
    const view = () => {
      const base = caseView({ status: 'assigned', allowedActions: ['issueQueryCode'] });
      return issued ? { ...base, events: [...base.events, { seq: 4, type: 'queryCodeIssued', at: '2026-12-08T01:00:00Z', actor: 'tl-office', detail: { via: 'desk' } }] } : base;
    };
    const { calls } = mockApi({
      'GET /cases/330122-2026-000042': () => ({ body: view() }),
      'POST /cases/330122-2026-000042/query-code': () => {
        issued = true;
        return { status: 201, body: { caseNumber: '330122-2026-000042', queryCode: 'K7QM-2WXD-9RBT', issuedAt: '2026-12-08T01:00:00Z', version: 4, trackingUrl: 'https://xinfang.example/public/track' } };
      },
    });
    const user = userEvent.setup();
    renderCase();

    await user.click(await screen.findByRole('button', { name: '发放查询码' }));
    const confirm = await screen.findByRole('dialog', { name: '发放查询码 · 330122-2026-000042' });
    expect(within(confirm).getByText(/此前发放的查询码即失效/)).toBeTruthy();
    expect(calls.some((r) => r.url.endsWith('/query-code'))).toBe(false);
    await user.click(within(confirm).getByRole('button', { name: /^发\s?放$/ }));

    const shown = (await screen.findByText('查询码已发放')).closest<HTMLElement>('.ant-modal')!;
    expect(within(shown).getByText('K7QM-2WXD-9RBT')).toBeTruthy();
    expect(within(shown).getByText('https://xinfang.example/public/track')).toBeTruthy();
    expect(within(shown).getByText(/关闭后不能再次查看/)).toBeTruthy();
    await user.click(within(shown).getByRole('button', { name: /^完\s?成$/ }));
    // Then the case is read again, and its history shows the code was given (never the code).
    await waitFor(() => expect(screen.getByText('发放查询码', { selector: 'strong' })).toBeTruthy());
  });

  it('posts the code to a petitioner who gave only an address, on a slip printed with it, and says so in the history', async () => {
    let issued = false;
    const view = () => {
      const base = caseView({ status: 'assigned', allowedActions: ['issueQueryCode'] });
      const c = { ...base.case, petitioner: { anonymous: false, name: '李秀英', address: '桐庐县城南街道白云源路12号' } };
      return { ...base, case: c, events: issued ? [...base.events, { seq: 4, type: 'queryCodeIssued', at: '2026-12-08T01:00:00Z', actor: 'tl-office', detail: { via: 'post' } }] : base.events };
    };
    const { calls } = mockApi({
      'GET /cases/330122-2026-000042': () => ({ body: view() }),
      'POST /cases/330122-2026-000042/query-code': () => {
        issued = true;
        return {
          status: 201,
          body: { caseNumber: '330122-2026-000042', queryCode: 'K7QM-2WXD-9RBT', issuedAt: '2026-12-08T01:00:00Z', version: 4, trackingUrl: 'https://xinfang.example/public/track', postTo: { name: '李秀英', address: '桐庐县城南街道白云源路12号' } },
        };
      },
    });
    const user = userEvent.setup();
    renderCase();

    await user.click(await screen.findByRole('button', { name: '发放查询码' }));
    const confirm = await screen.findByRole('dialog', { name: '发放查询码 · 330122-2026-000042' });
    await user.click(within(confirm).getByRole('radio', { name: /邮寄至信访人地址：桐庐县城南街道白云源路12号/ }));
    await user.click(within(confirm).getByRole('button', { name: /^发\s?放$/ }));

    const shown = (await screen.findByText('查询码已发放')).closest<HTMLElement>('.ant-modal')!;
    expect(await calls.find((r) => r.method === 'POST')!.clone().json()).toEqual({ via: 'post' });
    expect(within(shown).getByText(/^邮寄至：桐庐县城南街道白云源路12号\s+李秀英 收$/)).toBeTruthy();
    expect(within(shown).getByRole('button', { name: '打印查询码告知单（邮寄）' })).toBeTruthy();
    await user.click(within(shown).getByRole('button', { name: /^完\s?成$/ }));
    expect(await screen.findByText('打印告知单邮寄')).toBeTruthy();
  });

  it('has no 文书 section before there is a letter', async () => {
    mockApi({ 'GET /cases/330122-2026-000042': () => ({ body: caseView() }), 'GET /cases/330122-2026-000042/audit': () => ({ body: { entries: [] } }) });
    renderCase();
    await screen.findByText('受理回执');
    expect(screen.queryByRole('region', { name: '文书' })).toBeNull();
  });

  it('downloads an attachment of the mail with the bearer token, byte for byte, under its own name', async () => {
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) % 256);
    const petition = {
      id: '<2f3c1a9e@163.example>',
      kind: 'petition',
      direction: 'in',
      at: '2026-12-06T16:00:00Z',
      subject: '关于拖欠工资的投诉',
      text: '见附件。',
      to: ['xinfang@tonglu.petitions.example'],
      messageIds: [],
      attachments: [{ id: '1', filename: '工资条.jpg', contentType: 'image/jpeg', size: bytes.byteLength, key: 'attachments/330122-2026-000042/1-工资条.jpg' }],
    };
    const { calls } = mockApi({
      'GET /cases/330122-2026-000042': () => ({ body: { ...caseView(), messages: [petition] } }),
      'GET /cases/330122-2026-000042/audit': () => ({ body: { entries: [] } }),
      'GET /cases/330122-2026-000042/attachments/1': () => new Response(bytes, { headers: { 'content-type': 'image/jpeg' } }),
    });
    const saved = captureSaves();
    const user = userEvent.setup();
    renderCase();

    await user.click(await screen.findByRole('button', { name: '下载附件 工资条.jpg' }));

    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]!.name).toBe('工资条.jpg');
    expect(new Uint8Array(await saved[0]!.blob.arrayBuffer())).toEqual(bytes);
    const request = calls.find((r) => r.url.includes('/attachments/'))!;
    expect(request.headers.get('authorization')).toBe('Bearer test-token');
  });

  it('downloads the original of an email (.eml), all of a long one whose text here is cut; an unproven sender’s mail is marked', async () => {
    const raw = 'From: <zhangwei@163.example>\r\nSubject: test\r\n\r\n拖欠工资';
    const petition = {
      id: '<2f3c1a9e@163.example>',
      kind: 'petitionerReply',
      direction: 'in',
      at: '2026-12-06T16:00:00Z',
      subject: '补充材料',
      text: '拖欠工资……（来信过长，以下略去657721字，全文见原邮件）',
      to: ['xinfang@tonglu.petitions.example'],
      rawKey: 'raw/xinfang@tonglu.petitions.example/7c1d2e3f4a5b',
      messageIds: [],
      attachments: [],
      senderVerified: false,
    };
    const { calls } = mockApi({
      'GET /cases/330122-2026-000042': () => ({ body: { ...caseView(), messages: [petition] } }),
      'GET /cases/330122-2026-000042/audit': () => ({ body: { entries: [] } }),
      'GET /cases/330122-2026-000042/originals/7c1d2e3f4a5b': () => new Response(raw, { headers: { 'content-type': 'message/rfc822' } }),
    });
    const saved = captureSaves();
    const user = userEvent.setup();
    renderCase();

    await user.click(await screen.findByRole('button', { name: '下载原邮件 补充材料' }));

    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]!.name).toBe('330122-2026-000042-原邮件-7c1d2e3f4a5b.eml');
    expect(await saved[0]!.blob.text()).toBe(raw);
    expect(calls.find((r) => r.url.includes('/originals/'))!.headers.get('authorization')).toBe('Bearer test-token');
    expect(screen.getByText('发件人未验证')).toBeTruthy();
  });

  it('shows what the petitioner wrote back, and marks a repeat’s words as 重复件', async () => {
    const reply = { id: 'r1', kind: 'petition', direction: 'in', at: '2026-12-07T02:00:00Z', subject: 'Re: 受理告知', text: '补充一下：老板已经搬走了设备，请尽快处理。', to: [], messageIds: [], attachments: [] };
    const repeat = { id: 'repeat:330122-2026-000050', kind: 'repeat', direction: 'in', at: '2026-12-08T02:00:00Z', subject: '再次反映欠薪', text: '重复件 330122-2026-000050（来访）的内容：\n\n工资还是没发。', to: [], messageIds: [], attachments: [] };
    mockApi({
      'GET /cases/330122-2026-000042': () => ({
        body: {
          ...caseView(),
          events: [...caseView().events, { seq: 2, type: 'messageReceived', at: '2026-12-08T02:00:00Z', actor: 'system:router', detail: { repeat: '330122-2026-000050', messageId: repeat.id } }],
          messages: [reply, repeat],
        },
      }),
      'GET /cases/330122-2026-000042/audit': () => ({ body: { entries: [] } }),
    });
    renderCase();

    const mail = await screen.findByText(/老板已经搬走了设备/);
    expect(mail.textContent).toContain('补充一下：老板已经搬走了设备，请尽快处理。');
    expect(await screen.findByText(/工资还是没发/)).toBeTruthy();
    expect(screen.getByText('重复件')).toBeTruthy();
    // The history says where it came from, with the way to the repeat.
    const history = screen.getByRole('link', { name: '330122-2026-000050' });
    expect(history.closest('div')!.textContent).toBe('重复件 330122-2026-000050 的内容并入本件（该件不另行受理）');
  });

  it('folds a long mail to its first lines until 展开全文', async () => {
    const long = Array.from({ length: 12 }, (_, i) => `第${i + 1}行：情况说明。`).join('\n');
    const mail = { id: 'r2', kind: 'petition', direction: 'in', at: '2026-12-07T02:00:00Z', subject: '补充情况', text: long, to: [], messageIds: [], attachments: [] };
    mockApi({
      'GET /cases/330122-2026-000042': () => ({ body: { ...caseView(), messages: [mail] } }),
      'GET /cases/330122-2026-000042/audit': () => ({ body: { entries: [] } }),
    });
    const user = userEvent.setup();
    renderCase();

    const folded = await screen.findByText(/第1行：情况说明/);
    expect(folded.textContent).toContain('第4行');
    expect(folded.textContent).not.toContain('第5行');
    await user.click(screen.getByRole('button', { name: '展开全文' }));
    expect(screen.getByText(/第1行：情况说明/).textContent).toContain('第12行：情况说明。');
    expect(screen.getByRole('button', { name: '收起' }).getAttribute('aria-expanded')).toBe('true');
  });

  it('says so in Chinese when an attachment is too large to download here', async () => {
    const petition = {
      id: 'p', kind: 'petition', direction: 'in', at: '2026-12-06T16:00:00Z', subject: '来信', text: '', to: [], messageIds: [],
      attachments: [{ id: '2', filename: '考勤记录.pdf', contentType: 'application/pdf', size: 9 * 1024 * 1024, key: 'k' }],
    };
    mockApi({
      'GET /cases/330122-2026-000042': () => ({ body: { ...caseView(), messages: [petition] } }),
      'GET /cases/330122-2026-000042/audit': () => ({ body: { entries: [] } }),
      'GET /cases/330122-2026-000042/attachments/2': () => ({ status: 413, body: { error: { code: 'AttachmentTooLarge', message: 'too large' } } }),
    });
    const user = userEvent.setup();
    renderCase();
    await user.click(await screen.findByRole('button', { name: '下载附件 考勤记录.pdf' }));
    expect(await screen.findByText(/附件超过 4 MB，无法在控制台下载/)).toBeTruthy();
  });
});

describe('transfer picks the receiving units', () => {
  signedInEachTest();

  it('sends the chosen jurisdiction and lead, never offering a unit the report accuses', async () => {
    const view = caseView({ status: 'accepted', allowedActions: ['transfer'] });
    const accusing = { ...view, case: { ...view.case, accusedUnits: ['330100-housing'] } };
    const { calls } = mockApi({
      'GET /cases/330122-2026-000042': () => ({ body: accusing }),
      'POST /cases/330122-2026-000042/transfer': () => ({ status: 202, body: { commandId: '6f1e2d3c-0000-4000-8000-000000000001', caseNumber: '330122-2026-000042', action: 'transfer' } }),
    });
    const user = userEvent.setup();
    renderCase();

    await user.click(await screen.findByRole('button', { name: '转办' }));
    const dialog = await screen.findByRole('dialog');
    // No lead before a jurisdiction is chosen; cooperating units only with a lead.
    expect((within(dialog).getByLabelText('主办单位') as HTMLInputElement).disabled).toBe(true);
    await user.click(within(dialog).getByLabelText('转至辖区'));
    await user.click(await screen.findByTitle('杭州市'));
    await user.click(within(dialog).getByLabelText('主办单位'));
    expect(await screen.findByTitle('杭州市人力资源和社会保障局')).toBeTruthy();
    expect(screen.queryByTitle('杭州市住房和城乡建设局')).toBeNull();
    await user.click(screen.getByTitle('杭州市人力资源和社会保障局'));
    await user.type(within(dialog).getByLabelText('理由'), '事发地在杭州市区');
    await user.click(within(dialog).getByRole('button', { name: '确定' }));

    await waitFor(() => expect(calls.some((r) => r.method === 'POST')).toBe(true));
    const transfer = calls.find((r) => r.method === 'POST')!;
    expect(await transfer.clone().json()).toEqual({ toJurisdiction: '330100', lead: '330100-hrss', cooperating: [], reason: '事发地在杭州市区', expectedVersion: 3 });
  });

  it('after a transfer takes the case out of sight, goes back to the workbench saying where it went, not to 未找到', async () => {
    let transferred = false;
    const view = caseView({ status: 'accepted', allowedActions: ['transfer'] });
    mockApi({
      // The handoff is queued: the case is still in sight at the first read, gone at the next.
      'GET /cases/330122-2026-000042': () => {
        if (!transferred) return { body: view };
        return { status: 404, body: { error: { code: 'CaseNotFound', message: 'no case numbered 330122-2026-000042' } } };
      },
      'POST /cases/330122-2026-000042/transfer': () => {
        setTimeout(() => (transferred = true), 200);
        return { status: 202, body: { commandId: '6f1e2d3c-0000-4000-8000-000000000003', caseNumber: '330122-2026-000042', action: 'transfer' } };
      },
    });
    const user = userEvent.setup();
    renderRoutes(
      [
        { path: '/cases/:caseNumber', element: <CasePage /> },
        { path: '/', element: <p>工作台</p> },
      ],
      CASE_PATH,
    );

    await user.click(await screen.findByRole('button', { name: '转办' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByLabelText('转至辖区'));
    await user.click(await screen.findByTitle('杭州市'));
    await user.click(within(dialog).getByLabelText('主办单位'));
    await user.click(await screen.findByTitle('杭州市人力资源和社会保障局'));
    await user.type(within(dialog).getByLabelText('理由'), '事发地在杭州市区');
    await user.click(within(dialog).getByRole('button', { name: '确定' }));

    expect(await screen.findByText('工作台', {}, { timeout: 8_000 })).toBeTruthy();
    expect(await screen.findByText('转办：已转至杭州市，由杭州市人力资源和社会保障局主办，该事项已不在您的办理范围内')).toBeTruthy();
    expect(screen.queryByText('未找到该信访事项，或您无权查看')).toBeNull();
  });

  it('assigns within the county: neither lead nor cooperating offers the accused unit, and cooperating never repeats the lead', async () => {
    const view = caseView({ status: 'accepted', allowedActions: ['assign'] });
    const accusing = { ...view, case: { ...view.case, accusedUnits: ['330122-housing'] } };
    const { calls } = mockApi({
      'GET /cases/330122-2026-000042': () => ({ body: accusing }),
      'POST /cases/330122-2026-000042/assign': () => ({ status: 202, body: { commandId: '6f1e2d3c-0000-4000-8000-000000000002', caseNumber: '330122-2026-000042', action: 'assign' } }),
    });
    const user = userEvent.setup();
    renderCase();

    await user.click(await screen.findByRole('button', { name: '交办' }));
    const dialog = await screen.findByRole('dialog');
    const lead = within(dialog).getByLabelText('主办单位');
    await user.click(lead);
    await waitFor(() => expect(offered(lead)).toEqual(['桐庐县人力资源和社会保障局', '桐庐县生态环境局']));
    // Found by what staff call it for short as by its name.
    await user.type(lead, '人社');
    await waitFor(() => expect(offered(lead)).toEqual(['桐庐县人力资源和社会保障局']));
    await user.click(within(popupOf(lead)).getByTitle('桐庐县人力资源和社会保障局'));
    const cooperating = within(dialog).getByLabelText('协办单位');
    await user.click(cooperating);
    await waitFor(() => expect(offered(cooperating)).toEqual(['桐庐县生态环境局']));
    await user.click(within(popupOf(cooperating)).getByTitle('桐庐县生态环境局'));
    await user.click(within(dialog).getByRole('button', { name: '确定' }));

    await waitFor(() => expect(calls.some((r) => r.method === 'POST')).toBe(true));
    const assign = calls.find((r) => r.method === 'POST')!;
    expect(await assign.clone().json()).toEqual({ lead: '330122-hrss', cooperating: ['330122-env'], expectedVersion: 3 });
  });

  it('records a unit a report accuses with where it was read, never offering one already recorded, and shows the row', async () => {
    const view = caseView({ status: 'accepted', allowedActions: ['markAccused'] });
    const accusing = { ...view, case: { ...view.case, accusedUnits: ['330122-housing'] } };
    const { calls } = mockApi({
      'GET /cases/330122-2026-000042': () => ({ body: accusing }),
      'POST /cases/330122-2026-000042/accused-units': () => ({ body: { case: { ...accusing.case, accusedUnits: ['330122-housing', '330122-hrss'], version: 4 } } }),
    });
    const user = userEvent.setup();
    renderCase();

    expect((await screen.findByText('被举报单位')).closest('tr, .ant-descriptions-row, div')!.textContent).toContain('桐庐县住房和城乡建设局');
    await user.click(await screen.findByRole('button', { name: '记录被举报单位' }));
    const dialog = await screen.findByRole('dialog');
    const units = within(dialog).getByLabelText('被举报单位');
    await user.click(units);
    await waitFor(() => expect(offered(units)).toContain('桐庐县人力资源和社会保障局'));
    expect(offered(units)).not.toContain('桐庐县住房和城乡建设局');
    await user.click(within(popupOf(units)).getByTitle('桐庐县人力资源和社会保障局'));
    await user.type(within(dialog).getByLabelText('依据（如：附件中的举报材料写明）'), '附件举报信点名人社局');
    await user.click(within(dialog).getByRole('button', { name: '确定' }));

    await waitFor(() => expect(calls.some((r) => r.method === 'POST')).toBe(true));
    expect(await calls.find((r) => r.method === 'POST')!.clone().json()).toEqual({ units: ['330122-hrss'], reason: '附件举报信点名人社局' });
  });

  it('offers a case not yet accepted as 转送, to an office and without units; an accepted one as 转办', async () => {
    mockApi({ 'GET /cases/330122-2026-000042': () => ({ body: caseView({ allowedActions: ['transfer'] }) }) });
    const user = userEvent.setup();
    renderCase();
    await user.click(await screen.findByRole('button', { name: '转送' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByLabelText('转送至辖区')).toBeTruthy();
    expect(within(dialog).queryByLabelText('主办单位')).toBeNull();
    expect(screen.queryByRole('button', { name: '转办' })).toBeNull();
    cleanup();

    mockApi({ 'GET /cases/330122-2026-000042': () => ({ body: caseView({ status: 'accepted', allowedActions: ['transfer'] }) }) });
    renderCase();
    expect(await screen.findByRole('button', { name: '转办' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: '转送' })).toBeNull();
  });

  it('takes off a unit wrongly recorded as accused, offering only those recorded, and the history says so', async () => {
    const view = caseView({ status: 'accepted', allowedActions: ['correctAccused'] });
    const accusing = { ...view, case: { ...view.case, accusedUnits: ['330122-housing', '330122-hrss'] } };
    const corrected = {
      ...accusing,
      case: { ...accusing.case, accusedUnits: ['330122-housing'], version: 4 },
      events: [
        ...view.events,
        { seq: 4, type: 'noted', at: '2026-12-07T02:00:00Z', actor: 'tl-office', reason: '登记时误选', detail: { accusedUnitsRemoved: ['330122-hrss'], accusedPlacesRemoved: [] } },
      ],
    };
    let posted = false;
    const { calls } = mockApi({
      'GET /cases/330122-2026-000042': () => ({ body: posted ? corrected : accusing }),
      'POST /cases/330122-2026-000042/accused-corrections': () => {
        posted = true;
        return { body: { case: corrected.case } };
      },
    });
    const user = userEvent.setup();
    renderCase();

    await user.click(await screen.findByRole('button', { name: '更正被举报对象' }));
    const dialog = await screen.findByRole('dialog');
    const recorded = within(dialog).getByLabelText('并非被举报的单位或党委政府');
    await user.click(recorded);
    await waitFor(() => expect(offered(recorded)).toEqual(['桐庐县住房和城乡建设局', '桐庐县人力资源和社会保障局']));
    await user.click(within(popupOf(recorded)).getByTitle('桐庐县人力资源和社会保障局'));
    await user.type(within(dialog).getByLabelText('理由（如：材料中“镇政府”系地点，并非举报对象）'), '登记时误选');
    await user.click(within(dialog).getByRole('button', { name: '确定' }));

    await waitFor(() => expect(calls.some((r) => r.method === 'POST')).toBe(true));
    expect(await calls.find((r) => r.method === 'POST')!.clone().json()).toEqual({ units: ['330122-hrss'], places: [], reason: '登记时误选', expectedVersion: 3 });
    expect(await screen.findByText('更正，不再作为被举报对象：桐庐县人力资源和社会保障局')).toBeTruthy();
  });

  it('shows the learned suggestion for a case in the triage list and starts the 分办 form from it', async () => {
    const view = caseView({ allowedActions: ['route'] });
    const suggested = {
      ...view,
      case: {
        ...view.case,
        accusedUnits: [],
        triage: { ...view.case.triage, suggestion: { department: 'ecologyEnvironment', unit: '330122-env', confidence: 0.912, words: ['噪音', '饭店'], examples: 57 } },
      },
    };
    const { calls } = mockApi({
      'GET /cases/330122-2026-000042': () => ({ body: suggested }),
      'POST /cases/330122-2026-000042/route': () => ({ status: 202, body: { commandId: '6f1e2d3c-0000-4000-8000-000000000003', caseNumber: '330122-2026-000042', action: 'assign' } }),
    });
    const user = userEvent.setup();
    renderCase();

    expect(await screen.findByText('桐庐县生态环境局（把握91%，依据：噪音、饭店；已学习 57 件分办）')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: '分办' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('分办建议：桐庐县生态环境局（把握91%，依据：噪音、饭店）')).toBeTruthy();
    // Not yet accepted: the dialog says 分办 accepts it.
    expect(within(dialog).getByText('本事项尚未受理：确定后即予受理，并交所选主办单位办理，受理情况将告知信访人。')).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: '确定' }));

    await waitFor(() => expect(calls.some((r) => r.method === 'POST')).toBe(true));
    const route = calls.find((r) => r.method === 'POST')!;
    expect(await route.clone().json()).toEqual({ lead: '330122-env', cooperating: [] });
  });
});

describe('分办 to a unit nobody in the system works for', () => {
  signedInEachTest();

  /** 桐庐县教育局 is configured without a handler or unit head: the directory says so. */
  const withEducation = (marked: { unstaffed?: true }) => ({
    ...PROVINCE,
    jurisdictions: PROVINCE.jurisdictions.map((j) => (j.code === '330122' ? { ...j, units: [...j.units, { id: '330122-education', name: '桐庐县教育局', aliases: ['教育'], ...marked }] } : j)),
  });
  const WITH_UNSTAFFED = withEducation({ unstaffed: true });
  const triaged = (unit: string) => {
    const view = caseView({ allowedActions: ['route'] });
    return { ...view, case: { ...view.case, accusedUnits: [], triage: { ...view.case.triage, suggestion: { department: 'education', unit, confidence: 0.9, words: ['学校'], examples: 12 } } } };
  };

  it('shows it disabled as lead with the reason, not filled in from a suggestion, and lets it cooperate', async () => {
    const { calls } = mockApi(
      {
        'GET /cases/330122-2026-000042': () => ({ body: triaged('330122-education') }),
        'POST /cases/330122-2026-000042/route': () => ({ status: 202, body: { commandId: '6f1e2d3c-0000-4000-8000-000000000004', caseNumber: '330122-2026-000042', action: 'assign' } }),
      },
      WITH_UNSTAFFED,
    );
    const user = userEvent.setup();
    renderCase();

    await user.click(await screen.findByRole('button', { name: '分办' }));
    const dialog = await screen.findByRole('dialog');
    // The suggestion is shown, but not put in the lead field: nobody there could conclude the case.
    expect(within(dialog).getByText(/^分办建议：桐庐县教育局/)).toBeTruthy();
    await user.click(within(dialog).getByLabelText('主办单位'));
    const unstaffed = await screen.findByTitle('桐庐县教育局（该单位在系统中没有工作人员）');
    expect(unstaffed.closest('.ant-select-item-option')!.className).toContain('ant-select-item-option-disabled');
    await user.click(unstaffed);
    await user.click(within(dialog).getByRole('button', { name: '确定' }));
    expect(await within(dialog).findByText(/请.*主办单位/)).toBeTruthy();
    expect(calls.some((r) => r.method === 'POST')).toBe(false);

    // A staffed lead, and 教育局 as a cooperating unit: offered there, with the note.
    await user.click(within(dialog).getByLabelText('主办单位'));
    await user.click(await screen.findByTitle('桐庐县住房和城乡建设局'));
    await user.click(within(dialog).getByLabelText('协办单位'));
    await user.click((await screen.findAllByTitle('桐庐县教育局（该单位在系统中没有工作人员）')).at(-1)!);
    await user.click(within(dialog).getByRole('button', { name: '确定' }));
    await waitFor(() => expect(calls.some((r) => r.method === 'POST')).toBe(true));
    expect(await calls.find((r) => r.method === 'POST')!.clone().json()).toEqual({ lead: '330122-housing', cooperating: ['330122-education'] });
  });

  it('shows the API’s refusal in Chinese when the directory it was offered from is out of date', async () => {
    const messageZh = '桐庐县教育局在系统中没有工作人员（承办人或单位负责人），无人能够办结：请选择有工作人员的主办单位（桐庐县教育局可作为协办单位），或由本机关自办';
    mockApi(
      {
        'GET /cases/330122-2026-000042': () => ({ body: triaged('330122-education') }),
        'POST /cases/330122-2026-000042/route': () => ({
          status: 422,
          body: { error: { code: 'RuleViolation', message: '桐庐县教育局 has no staff in the system', messageZh, issues: [{ path: 'body.lead', message: 'no staff', messageZh, kind: 'rule' }] } },
        }),
      },
      // Cached before 教育局's last handler left: not marked.
      withEducation({}),
    );
    const user = userEvent.setup();
    renderCase();
    await user.click(await screen.findByRole('button', { name: '分办' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: '确定' }));
    expect(await within(dialog).findByText(messageZh)).toBeTruthy();
  });
});

describe('领导包案 on the case page', () => {
  signedInEachTest();

  it('offers the leaders of the case’s level and above that the caller’s level may designate, sends the choice with the reason, and shows the owner', async () => {
    let owned = false;
    const view = () => {
      const base = caseView({ status: 'inProgress', allowedActions: owned ? [] : ['assignLeader'] });
      return owned ? { ...base, case: { ...base.case, leaderOwnership: { leader: 'tl-leader', reason: '群体性重复信访', since: '2026-12-08T01:00:00Z', by: 'tl-office' } } } : base;
    };
    const { calls } = mockApi({
      'GET /cases/330122-2026-000042': () => ({ body: view() }),
      'POST /cases/330122-2026-000042/leader': () => {
        owned = true;
        return { body: view() };
      },
    });
    const user = userEvent.setup();
    renderCase();

    await user.click(await screen.findByRole('button', { name: '领导包案' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByLabelText('包案领导'));
    // Each with their post, so the office picks the county head knowingly.
    expect(await screen.findByTitle('何志强（桐庐县主要负责同志）')).toBeTruthy();
    // The city's leaders are the city's to designate, not the county office's.
    expect(screen.queryByTitle(/周丽华/)).toBeNull();
    // Neither another county's leader nor staff without the leader role.
    expect(screen.queryByTitle(/方建平/)).toBeNull();
    expect(screen.queryByTitle(/陈海燕|李建国/)).toBeNull();
    await user.click(screen.getByTitle('何志强（桐庐县主要负责同志）'));
    await user.type(within(dialog).getByLabelText('包案理由'), '群体性重复信访');
    await user.click(within(dialog).getByRole('button', { name: '确定' }));

    await waitFor(() => expect(calls.some((r) => r.method === 'POST')).toBe(true));
    expect(await calls.find((r) => r.method === 'POST')!.clone().json()).toEqual({ leader: 'tl-leader', reason: '群体性重复信访', expectedVersion: 3 });
    expect(await screen.findByText(/何志强（.*群体性重复信访）/)).toBeTruthy();
  });
});

describe('中止计时 on the case page', () => {
  signedInEachTest();

  it('offers the province’s own grounds beside the built-in ones, sends the one chosen, and names it on the case', async () => {
    let suspended = false;
    const view = () => {
      const base = caseView({ status: 'inProgress', allowedActions: suspended ? [] : ['suspend'] });
      return suspended ? { ...base, case: { ...base.case, suspensions: [{ ground: 'verification', reason: '等待现场核查结果', suspendedAt: '2026-12-08T01:00:00Z', suspendedBy: 'tl-office', clock: 'handling' }] } } : base;
    };
    const { calls } = mockApi({
      'GET /cases/330122-2026-000042': () => ({ body: view() }),
      'POST /cases/330122-2026-000042/suspend': () => {
        suspended = true;
        return { body: view() };
      },
    });
    const user = userEvent.setup();
    renderCase();

    await user.click(await screen.findByRole('button', { name: '中止计时' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByLabelText('中止事由'));
    expect(await screen.findByTitle('听证')).toBeTruthy();
    expect(screen.getByTitle('鉴定')).toBeTruthy();
    await user.click(screen.getByTitle('现场核查'));
    await user.type(within(dialog).getByLabelText('说明'), '等待现场核查结果');
    await user.click(within(dialog).getByRole('button', { name: '确定' }));

    await waitFor(() => expect(calls.some((r) => r.method === 'POST')).toBe(true));
    expect(await calls.find((r) => r.method === 'POST')!.clone().json()).toEqual({ ground: 'verification', reason: '等待现场核查结果', expectedVersion: 3 });
    expect(await screen.findByText(/现场核查：自 .* 起中止（等待现场核查结果）/)).toBeTruthy();
  });
});

describe('异议退回 on the case page: a case an office above handed down (条例 第二十三条)', () => {
  signedInEachTest();

  it('offers the county office 异议退回, sends its reasons, and the city sees the case marked 下级退回 with why', async () => {
    const base = caseView({ allowedActions: ['accept', 'decline', 'route', 'objectHandDown'] });
    const handedDown = { ...base, case: { ...base.case, triage: undefined, objectionWindow: { unit: 'office:330122', from: '330100', receivedAt: '2026-12-07T02:00:00Z', until: '2026-12-14T16:00:00Z' } } };
    const back = {
      ...base,
      allowedActions: [],
      case: { ...base.case, jurisdiction: '330100', version: 4, triage: { since: '2026-12-08T02:00:00Z', reasons: ['桐庐县信访局提出异议退回：小区位于建德市'], returnedBy: '330122' } },
    };
    let returned = false;
    const { calls } = mockApi({
      'GET /cases/330122-2026-000042': () => ({ body: returned ? back : handedDown }),
      'POST /cases/330122-2026-000042/hand-down-objection': () => {
        returned = true;
        return { body: back };
      },
    });
    const user = userEvent.setup();
    renderCase();

    expect(screen.queryByText('下级退回')).toBeNull();
    await user.click(await screen.findByRole('button', { name: '异议退回' }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText('异议理由（不属于本机关管辖的依据，将发送给上级信访部门）'), '小区位于建德市');
    await user.click(within(dialog).getByRole('button', { name: '确定' }));

    await waitFor(() => expect(calls.some((r) => r.method === 'POST')).toBe(true));
    expect(await calls.find((r) => r.method === 'POST')!.clone().json()).toEqual({ reason: '小区位于建德市', expectedVersion: 3 });
    expect(await screen.findByText('下级退回')).toBeTruthy();
    expect(screen.getByText('桐庐县信访局提出异议退回：小区位于建德市')).toBeTruthy();
  });
});

describe('审批退回 on the case page (条例 第二十三条)', () => {
  signedInEachTest();

  const REQUEST = { unit: '330122-hrss', reason: '本案系工程款纠纷', requestedBy: 'tl-hrss', requestedAt: '2026-12-08T01:00:00Z', approvalBy: '330122', status: 'requested' };
  function pendingView(decided?: { status: 'refused'; refusal: string }) {
    const base = caseView({ status: 'assigned', allowedActions: decided ? [] : ['return', 'decideReturnRequest'] });
    return { ...base, case: { ...base.case, handling: { lead: '330122-hrss', cooperating: [] }, returnRequest: { ...REQUEST, ...(decided ? { ...decided, decidedBy: 'tl-office', decidedAt: '2026-12-09T01:00:00Z' } : {}) } } };
  }

  it('offers the office 收回 (not the unit’s 退回) and sends its reason', async () => {
    const base = caseView({ status: 'inProgress', allowedActions: ['return'] });
    const { calls } = mockApi({
      'GET /cases/330122-2026-000042': () => ({ body: { ...base, case: { ...base.case, handling: { lead: '330122-hrss', cooperating: [] } } } }),
      'POST /cases/330122-2026-000042/return': () => ({ status: 202, body: { accepted: true } }),
    });
    const user = userEvent.setup();
    renderCase();

    await user.click(await screen.findByRole('button', { name: '收回' }));
    expect(screen.queryByRole('button', { name: '退回' })).toBeNull();
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText('收回理由（将告知承办单位）'), '由县信访局牵头协调');
    await user.click(within(dialog).getByRole('button', { name: '确定' }));
    await waitFor(() => expect(calls.some((r) => r.method === 'POST')).toBe(true));
    expect(await calls.find((r) => r.method === 'POST')!.clone().json()).toEqual({ reason: '由县信访局牵头协调', expectedVersion: 3 });
  });

  it('shows the waiting request and offers one decision, not 退回 beside it; a refusal sends its reasons', async () => {
    let refused = false;
    const { calls } = mockApi({
      'GET /cases/330122-2026-000042': () => ({ body: pendingView(refused ? { status: 'refused', refusal: '属劳动保障监察职责' } : undefined) }),
      'POST /cases/330122-2026-000042/return-request/refusal': () => {
        refused = true;
        return { body: pendingView({ status: 'refused', refusal: '属劳动保障监察职责' }) };
      },
    });
    const user = userEvent.setup();
    renderCase();

    expect(await screen.findByText(/桐庐县人力资源和社会保障局 .* 申请退回（待审批）：本案系工程款纠纷/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: '退回' })).toBeNull();
    expect(screen.queryByRole('button', { name: '收回' })).toBeNull();
    await user.click(screen.getByRole('button', { name: '审批退回' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByLabelText('审批意见'));
    await user.click(await screen.findByTitle('不同意退回（由承办单位继续办理）'));
    await user.type(within(dialog).getByLabelText('理由（不同意时必填）'), '属劳动保障监察职责');
    await user.click(within(dialog).getByRole('button', { name: '确定' }));

    await waitFor(() => expect(calls.some((r) => r.method === 'POST')).toBe(true));
    expect(await calls.find((r) => r.method === 'POST')!.clone().json()).toEqual({ reason: '属劳动保障监察职责', expectedVersion: 3 });
    expect(await screen.findByText(/未同意，由承办单位继续办理/)).toBeTruthy();
    expect(screen.getByText('不同意的理由：属劳动保障监察职责')).toBeTruthy();
  });

  it('says in the history what the sweep noted: the window ran out, the office and the leaders were reminded of requests', async () => {
    mockApi({
      'GET /cases/330122-2026-000042': () => {
        const view = pendingView();
        return {
          body: {
            ...view,
            events: [
              ...view.events,
              { seq: 4, type: 'noted', at: '2026-12-03T16:00:00Z', actor: 'system:sweep', detail: { objectionWindowClosed: { unit: '330122-hrss', until: '2026-12-03T16:00:00Z', approvalBy: '330122' } } },
              { seq: 6, type: 'noted', at: '2026-12-14T01:00:00Z', actor: 'system:sweep', detail: { returnRequestReminded: { unit: '330122-hrss', approvalBy: '330122', requestedAt: '2026-12-08T01:00:00Z' } } },
              { seq: 7, type: 'noted', at: '2026-12-16T01:00:00Z', actor: 'system:sweep', detail: { extensionRequestReminded: { days: 15, requestedAt: '2026-12-14T02:00:00Z' } } },
            ],
          },
        };
      },
    });
    renderCase();
    expect(await screen.findByText('桐庐县人力资源和社会保障局异议期（5个工作日）已届满，此后退回须经桐庐县信访局同意（条例第二十三条）')).toBeTruthy();
    expect(screen.getByText('桐庐县人力资源和社会保障局于2026年12月8日 09:00提出的退回申请仍待审批，已提醒桐庐县信访局')).toBeTruthy();
    expect(screen.getByText('2026年12月14日 10:00提出的延期申请（15日）仍待审批，已提醒领导')).toBeTruthy();
  });

  it('approves by returning the case, with the unit’s reasons when the office adds none', async () => {
    const { calls } = mockApi({
      'GET /cases/330122-2026-000042': () => ({ body: pendingView() }),
      'POST /cases/330122-2026-000042/return': () => ({ status: 202, body: { commandId: '6f1d0c52-4a39-4d0e-9d59-0f0a2b1c3d4e', caseNumber: '330122-2026-000042', action: 'return' } }),
    });
    const user = userEvent.setup();
    renderCase();

    await user.click(await screen.findByRole('button', { name: '审批退回' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByLabelText('审批意见'));
    await user.click(await screen.findByTitle('同意退回（退回本机关重新分办）'));
    await user.click(within(dialog).getByRole('button', { name: '确定' }));

    await waitFor(() => expect(calls.some((r) => r.method === 'POST')).toBe(true));
    expect(await calls.find((r) => r.method === 'POST')!.clone().json()).toEqual({ reason: '同意退回：本案系工程款纠纷', expectedVersion: 3 });
  });
});

describe('越级上访告知单 on the case page', () => {
  signedInEachTest();

  it('gives the slip after confirming, then lists it under 文书 to print', async () => {
    let given = false;
    const SLIP = { id: 'bypass-notice:330122-2026-000042', direction: 'out', at: '2026-12-08T01:00:00Z', subject: '越级上访告知单', to: [], attachments: [], kind: 'bypassNotice', text: '越级上访告知单\n\n王小明：\n\n……应由桐庐县信访局负责处理。' };
    const view = () => {
      const base = caseView({ status: 'accepted', allowedActions: given ? [] : ['giveBypassNotice'] });
      const c = { ...base.case, channel: 'visit', receivingOffice: '330100', bypass: { levels: 2, competent: '330122' } };
      return given ? { ...base, case: { ...c, bypassNotice: { at: SLIP.at, by: 'tl-office', messageId: SLIP.id } }, messages: [...base.messages, SLIP] } : { ...base, case: c };
    };
    const { calls } = mockApi({
      'GET /cases/330122-2026-000042': () => ({ body: view() }),
      'POST /cases/330122-2026-000042/bypass-notice': () => {
        given = true;
        return { body: { case: view().case } };
      },
    });
    const user = userEvent.setup();
    renderCase();

    expect(screen.queryByRole('region', { name: '文书' })).toBeNull();
    await user.click(await screen.findByRole('button', { name: '出具越级上访告知单' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: '确定' }));

    await waitFor(() => expect(calls.some((r) => r.method === 'POST')).toBe(true));
    expect(await calls.find((r) => r.method === 'POST')!.clone().json()).toEqual({ expectedVersion: 3 });
    const letters = await screen.findByRole('region', { name: '文书' });
    expect(within(letters).getByRole('button', { name: '打印 越级上访告知单' })).toBeTruthy();
    expect(screen.getByText(/高于有权处理的桐庐县 2 级；.* 已出具越级上访告知单/)).toBeTruthy();
  });
});

describe('申请延期 on the case page', () => {
  signedInEachTest();

  it('refuses more days than the case’s office allows with an error, never changing the number, and sends the days and the reason', async () => {
    const { calls } = mockApi({
      'GET /cases/330122-2026-000042': () => ({ body: caseView({ status: 'inProgress', allowedActions: ['requestExtension'] }) }),
      'POST /cases/330122-2026-000042/extension': () => ({ body: caseView({ status: 'inProgress', allowedActions: [] }) }),
    });
    const user = userEvent.setup();
    renderCase();

    await user.click(await screen.findByRole('button', { name: '申请延期' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('日（至多 20 日）')).toBeTruthy();
    const days = within(dialog).getByLabelText('延期天数');
    await user.type(within(dialog).getByLabelText('理由'), '需要现场勘验');
    // More than the office allows: said under the field, the number left as typed, nothing sent.
    await user.type(days, '40');
    await user.click(within(dialog).getByRole('button', { name: '确定' }));
    expect(await within(dialog).findByText('延期天数至多 20 日（本辖区规定）')).toBeTruthy();
    expect((days as HTMLInputElement).value).toBe('40');
    expect(calls.some((r) => r.method === 'POST')).toBe(false);

    await user.clear(days);
    await user.type(days, '15');
    await user.click(within(dialog).getByRole('button', { name: '确定' }));

    await waitFor(() => expect(calls.some((r) => r.method === 'POST')).toBe(true));
    expect(await calls.find((r) => r.method === 'POST')!.clone().json()).toEqual({ days: 15, reason: '需要现场勘验' });
  });
});

describe('撤回 on the case page', () => {
  signedInEachTest();

  const REPRESENTATIVES = [
    { anonymous: false, name: '张建国', phone: '13905710001' },
    { anonymous: false, name: '李红梅' },
    { anonymous: false, name: '王志强' },
  ];

  it('a collective petition is withdrawn by its representatives in writing or in person: staff tick who declared it, and the names are sent', async () => {
    const base = caseView({ status: 'inProgress', allowedActions: ['withdraw'] });
    const { calls } = mockApi({
      'GET /cases/330122-2026-000042': () => ({ body: { ...base, case: { ...base.case, collective: { headCount: 12, representatives: REPRESENTATIVES } } } }),
      'POST /cases/330122-2026-000042/withdrawal': () => ({ status: 422, body: { error: { code: 'RuleViolation', message: 'a collective petition (集体访) is withdrawn by all its agreed representatives together (条例第二十条): 王志强 did not declare it' } } }),
    });
    const user = userEvent.setup();
    renderCase();

    await user.click(await screen.findByRole('button', { name: '撤回' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByLabelText('代表撤回方式'));
    expect(await screen.findByTitle('代表共同当面提出')).toBeTruthy();
    // Never by phone (第二十条).
    expect(screen.queryByTitle('电话提出')).toBeNull();
    await user.click(screen.getByTitle('代表共同当面提出'));
    await user.click(within(dialog).getByRole('checkbox', { name: '张建国（13905710001）' }));
    await user.click(within(dialog).getByRole('checkbox', { name: '李红梅' }));
    await user.type(within(dialog).getByLabelText(/代表的撤回意思和理由/), '物业已退还维修基金，代表当面表示撤回。');
    await user.click(within(dialog).getByRole('button', { name: /确\s*定/ }));

    await waitFor(() => expect(calls.some((r) => r.method === 'POST')).toBe(true));
    expect(await calls.find((r) => r.method === 'POST')!.clone().json()).toEqual({
      how: 'inPerson',
      note: '物业已退还维修基金，代表当面表示撤回。',
      representatives: ['张建国', '李红梅'],
      expectedVersion: 3,
    });
    // The API's refusal says who is missing.
    expect(await screen.findByText(/王志强 did not declare it/)).toBeTruthy();
  });

  it('flags a withdrawal the petitioner wrote to dispute (撤回存疑), on the case and in its history', async () => {
    const base = caseView({ status: 'withdrawn', allowedActions: ['reinstate'] });
    const { collective: _group, ...single } = base.case;
    mockApi({
      'GET /cases/330122-2026-000042': () => ({
        body: {
          ...base,
          case: { ...single, withdrawal: { at: '2026-12-07T02:00:00Z', by: 'tl-office', how: 'phone', note: '来电称不再反映', from: 'inProgress' } },
          events: [
            ...base.events,
            { seq: 8, type: 'withdrawn', at: '2026-12-07T02:00:00Z', actor: 'tl-office', from: 'inProgress', to: 'withdrawn', reason: '来电称不再反映', detail: { how: 'phone' } },
            { seq: 9, type: 'messageReceived', at: '2026-12-07T12:14:05Z', actor: 'system:intake', detail: { messageId: 'm9', senderVerified: true, withdrawalDisputed: '没有撤回' } },
          ],
        },
      }),
    });
    renderCase();

    expect(await screen.findByText('撤回存疑')).toBeTruthy();
    expect(screen.getByText(/信访人来信称撤回并非本人意愿，请核实；确非本人意愿的，恢复办理/)).toBeTruthy();
    expect(screen.getByText(/撤回存疑：信访人来信称撤回并非本人意愿（“没有撤回”）/)).toBeTruthy();
    expect(screen.getByRole('button', { name: '恢复办理' })).toBeTruthy();
  });
});

describe('集体访代表 on the case page (条例 第二十条)', () => {
  signedInEachTest();

  it('lists each representative with their phone and any other contact recorded, where the group is described, without opening a dialog', async () => {
    const base = caseView({ status: 'inProgress', allowedActions: ['withdraw'] });
    const representatives = [
      { anonymous: false, name: '王建国', phone: '13700004441' },
      { anonymous: false, name: '李秀英', phone: '13700004442', email: 'lixiuying@qq.example' },
      { anonymous: false, name: '张德胜', phone: '13700004443', address: '桐庐县城南街道迎春路8号' },
      { anonymous: false, name: '刘桂兰' },
    ];
    mockApi({ 'GET /cases/330122-2026-000042': () => ({ body: { ...base, case: { ...base.case, collective: { headCount: 25, representatives } } } }) });
    renderCase();

    const group = await screen.findByRole('region', { name: '集体访代表' });
    expect(screen.getByText('25 人')).toBeTruthy();
    expect(within(group).getByText('代表 4 人')).toBeTruthy();
    // Each one's row: the name as its label, the contacts beside it.
    const rowOf = (name: string) => within(group).getByText(name).closest('tr')! as HTMLElement;
    expect(within(rowOf('王建国')).getByText('电话：13700004441')).toBeTruthy();
    expect(within(rowOf('李秀英')).getByText('电话：13700004442')).toBeTruthy();
    expect(within(rowOf('李秀英')).getByText('电子邮件：lixiuying@qq.example')).toBeTruthy();
    expect(within(rowOf('张德胜')).getByText('地址：桐庐县城南街道迎春路8号')).toBeTruthy();
    expect(within(rowOf('刘桂兰')).getByText('未留联系方式')).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('shows the 信访人 named again as a representative with the contact recorded for them (同信访人), not as 未留联系方式', async () => {
    const base = caseView({ status: 'inProgress', allowedActions: ['withdraw'] });
    const representatives = [
      { anonymous: false, name: '王小明' },
      { anonymous: false, name: '刘桂兰' },
    ];
    mockApi({ 'GET /cases/330122-2026-000042': () => ({ body: { ...base, case: { ...base.case, collective: { headCount: 12, representatives } } } }) });
    renderCase();

    const group = await screen.findByRole('region', { name: '集体访代表' });
    const rowOf = (name: string) => within(group).getByText(name).closest('tr')! as HTMLElement;
    expect(within(rowOf('王小明')).getByText('同信访人')).toBeTruthy();
    expect(within(rowOf('王小明')).getByText('电话：13800000000')).toBeTruthy();
    expect(within(rowOf('王小明')).queryByText('未留联系方式')).toBeNull();
    expect(within(rowOf('刘桂兰')).getByText('未留联系方式')).toBeTruthy();
  });
});

describe('a handoff answered 202', () => {
  signedInEachTest();

  const COMMAND = '6f1e2d3c-0000-4000-8000-00000000aaaa';
  const REASON = '该信访事项当前状态为“已交办”，不能交办';
  const accepted = () => {
    const view = caseView({ status: 'accepted', allowedActions: ['assign'] });
    return { ...view, case: { ...view.case, accusedUnits: [] } };
  };
  /** The case after the handoff function refused the 交办: the same case, one event more. */
  const refusedView = () => {
    const view = accepted();
    const refusal = {
      seq: 4,
      type: 'handoffRefused',
      at: '2026-12-08T02:00:01Z',
      actor: 'tl-office',
      reason: REASON,
      detail: { commandId: COMMAND, action: 'assign', word: '交办', byJurisdiction: '330122', requestedAt: '2026-12-08T02:00:00Z', lead: '330122-housing', code: 'InvalidTransition' },
    };
    return { ...view, case: { ...view.case, version: 4 }, events: [...view.events, refusal] };
  };

  async function assignHousing(user: ReturnType<typeof userEvent.setup>) {
    await user.click(await screen.findByRole('button', { name: '交办' }));
    const dialog = await screen.findByRole('dialog');
    const lead = within(dialog).getByLabelText('主办单位');
    await user.click(lead);
    await user.click(await within(popupOf(lead)).findByTitle('桐庐县住房和城乡建设局'));
    await user.click(within(dialog).getByRole('button', { name: '确定' }));
  }

  it('says it was submitted, then the refusal with its reason, and shows the refusal in the history', async () => {
    let checks = 0;
    const { calls } = mockApi({
      'GET /cases/330122-2026-000042': () => ({ body: checks >= 2 ? refusedView() : accepted() }),
      'POST /cases/330122-2026-000042/assign': () => ({ status: 202, body: { commandId: COMMAND, caseNumber: '330122-2026-000042', action: 'assign' } }),
      [`GET /cases/330122-2026-000042/handoffs/${COMMAND}`]: () => {
        checks++;
        return checks < 2
          ? { body: { commandId: COMMAND, caseNumber: '330122-2026-000042', status: 'pending' } }
          : { body: { commandId: COMMAND, caseNumber: '330122-2026-000042', status: 'refused', code: 'InvalidTransition', reason: REASON, seq: 4 } };
      },
    });
    const user = userEvent.setup();
    renderCase();
    await assignHousing(user);

    expect(await screen.findByText('交办：已提交，正在处理')).toBeTruthy();
    expect(screen.queryByText('交办：已完成')).toBeNull();
    expect(await screen.findByText(`交办未执行：${REASON}`, {}, { timeout: 5_000 })).toBeTruthy();
    expect(screen.queryByText('交办：已完成')).toBeNull();
    // The case is read again: its history shows the refusal, in Chinese.
    expect(await screen.findByText('交办未执行')).toBeTruthy();
    expect(screen.getByText(`未执行：${REASON}`)).toBeTruthy();
    expect(screen.getByText(/提交的“交桐庐县住房和城乡建设局办理”未予执行，事项状态未变/)).toBeTruthy();
    expect(screen.getByText(`指令编号 ${COMMAND}`)).toBeTruthy();
    expect(checks).toBe(2);
    expect(calls.filter((r) => r.method === 'GET' && r.url.includes('/handoffs/')).every((r) => new URL(r.url).pathname.endsWith(`/cases/330122-2026-000042/handoffs/${COMMAND}`))).toBe(true);
  });

  it('says 已完成 only once the handoff function applied it', async () => {
    let applied = false;
    mockApi({
      'GET /cases/330122-2026-000042': () => ({ body: accepted() }),
      'POST /cases/330122-2026-000042/assign': () => ({ status: 202, body: { commandId: COMMAND, caseNumber: '330122-2026-000042', action: 'assign' } }),
      [`GET /cases/330122-2026-000042/handoffs/${COMMAND}`]: () => {
        applied = true;
        return { body: { commandId: COMMAND, caseNumber: '330122-2026-000042', status: 'applied' } };
      },
    });
    const user = userEvent.setup();
    renderCase();
    await assignHousing(user);

    expect(await screen.findByText('交办：已提交，正在处理')).toBeTruthy();
    expect(await screen.findByText('交办：已完成', {}, { timeout: 5_000 })).toBeTruthy();
    expect(applied).toBe(true);
    expect(screen.queryByText(/未执行/)).toBeNull();
  });

  it('keeps 已完成 at once for an action that takes effect at once, asking after no handoff', async () => {
    const { calls } = mockApi({
      'GET /cases/330122-2026-000042': () => ({ body: caseView({ allowedActions: ['accept'] }) }),
      'POST /cases/330122-2026-000042/accept': () => ({ body: caseView({ status: 'accepted', version: 4 }) }),
    });
    const user = userEvent.setup();
    renderCase();
    await user.click(await screen.findByRole('button', { name: '受理' }));
    await user.click(await screen.findByRole('button', { name: '确定' }));

    expect(await screen.findByText('受理：已完成')).toBeTruthy();
    expect(screen.queryByText(/已提交，正在处理/)).toBeNull();
    expect(calls.some((r) => r.url.includes('/handoffs/'))).toBe(false);
  });
});

describe('a closed case’s deadlines', () => {
  signedInEachTest();

  it('shows 办理期限 and 答复期限 as met on the day they were, not as dates still to meet', async () => {
    const view = caseView({ status: 'closed', allowedActions: ['readAudit'] });
    const { clock: _running, ...closed } = view;
    mockFetch({
      'GET /cases/330122-2026-000042': () => ({
        body: {
          ...closed,
          case: {
            ...view.case,
            deadlines: { acceptance: '2026-12-21T16:00:00Z', handling: '2027-02-25T16:00:00Z', reply: '2027-02-25T16:00:00Z', reviewDecision: '2027-03-30T16:00:00Z' },
            result: { outcome: 'supported', decision: '责令饭店夜间停业整改。', concludedAt: '2027-01-12T03:00:00Z', concludedBy: 'tl-handler' },
            reply: { at: '2027-01-14T03:00:00Z', by: 'tl-handler', letterId: 'reply-1', delivery: 'email', level: 0 },
            closedAt: '2027-02-20T03:00:00Z',
          },
        },
      }),
    });
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');

    await screen.findByText('登记编号');
    const after = (label: string) => screen.getAllByText(label).find((e) => e.tagName === 'TH' || e.closest('th'))!.closest('th')!.nextElementSibling as HTMLElement;
    expect(within(after('办理期限')).getByText('已于2027年1月12日办结')).toBeTruthy();
    expect(within(after('答复期限')).getByText('已于2027年1月14日答复')).toBeTruthy();
    expect(within(after('复查期限')).getByText('已结案，不再计算')).toBeTruthy();
  });
});

describe('the review window on the case page (条例 第三十五条)', () => {
  signedInEachTest();

  it('shows 复查申请期限 and, while 归档 waits for it, a disabled 归档 saying why', async () => {
    const view = caseView({ status: 'closed', allowedActions: ['readAudit'] });
    mockFetch({
      'GET /cases/330122-2026-000042': () => ({
        body: {
          ...view,
          reviewWindow: { level: 1, by: '2027-01-06T16:00:00Z' },
          archiveWaits: { until: '2027-01-06T16:00:00Z', reason: '信访人在2027年1月6日前仍可申请复查，请在此之后归档' },
        },
      }),
    });
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');

    const row = (await screen.findByText('复查申请期限')).closest('tr')!;
    expect(within(row).getByText(/2027年1月6日/)).toBeTruthy();
    const archive = screen.getByRole('button', { name: '归档' });
    expect((archive as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText('信访人在2027年1月6日前仍可申请复查，请在此之后归档')).toBeTruthy();
    expect(screen.queryByText('当前无可执行的操作')).toBeNull();
  });

  it('after a review decision names the window 复核申请期限, and offers 归档 as usual when nothing holds it', async () => {
    const view = caseView({ status: 'closed', allowedActions: ['archive'] });
    mockFetch({ 'GET /cases/330122-2026-000042': () => ({ body: { ...view, case: { ...view.case, reviewLevel: 1 }, reviewWindow: { level: 2, by: '2026-11-30T16:00:00Z' } } }) });
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');

    expect(await screen.findByText('复核申请期限')).toBeTruthy();
    expect(screen.getByText('已届满')).toBeTruthy();
    expect((screen.getByRole('button', { name: '归档' }) as HTMLButtonElement).disabled).toBe(false);
  });
});

describe('a case just registered that the router keeps from the registrar (条例 第三十条)', () => {
  signedInEachTest();

  it('reads it again while the router decides, then says it went to the office above instead of 未找到, on reload too', async () => {
    let reads = 0;
    const gone = { status: 404, body: { error: { code: 'CaseNotFound', message: 'no case numbered 330122-2026-000042' } } };
    // As registered, before the router's decision: no triage yet, only the registration in its history.
    const { triage: _notYet, ...fresh } = caseView({ allowedActions: ['claim', 'withdraw'] }).case;
    mockFetch({ 'GET /cases/330122-2026-000042': () => (++reads === 1 ? { body: { ...caseView({ allowedActions: ['claim', 'withdraw'] }), case: fresh } } : gone) });
    const state = { registeredAt: Date.now() };
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], { pathname: '/cases/330122-2026-000042', state });

    expect(await screen.findByRole('button', { name: '认领' })).toBeTruthy();
    expect(await screen.findByText('已依照《信访工作条例》第三十条转上级信访机构办理，该事项已不在您的查看范围内。', {}, { timeout: 6_000 })).toBeTruthy();
    expect(screen.getByText('已登记 330122-2026-000042')).toBeTruthy();
    expect(screen.queryByText('未找到该信访事项，或您无权查看')).toBeNull();
    expect(screen.queryByRole('button', { name: '认领' })).toBeNull();
    cleanup();

    // Reloaded: the history entry keeps its state.
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], { pathname: '/cases/330122-2026-000042', state });
    expect(await screen.findByText('已依照《信访工作条例》第三十条转上级信访机构办理，该事项已不在您的查看范围内。')).toBeTruthy();
  });

  it('a case opened any other way that is out of sight is still 未找到', async () => {
    mockFetch({ 'GET /cases/330122-2026-000042': () => ({ status: 404, body: { error: { code: 'CaseNotFound', message: 'no case numbered 330122-2026-000042' } } }) });
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');
    expect(await screen.findByText('未找到该信访事项，或您无权查看')).toBeTruthy();
  });
});

describe('a case handled again (不满意 → 办理中)', () => {
  signedInEachTest();

  it('shows the new 办理期限 only, not the 答复期限 of the round before', async () => {
    const view = caseView({ status: 'inProgress', allowedActions: ['conclude'] });
    mockFetch({
      'GET /cases/330122-2026-000042': () => ({
        body: { ...view, clock: undefined, case: { ...view.case, deadlines: { handling: '2027-02-01T16:00:00.000Z', reply: '2026-11-20T16:00:00.000Z' } } },
      }),
    });
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');
    expect(await screen.findByText('办理期限')).toBeTruthy();
    expect(screen.queryByText('答复期限')).toBeNull();
  });
});

describe('办结 offers the outcomes of the case’s category', () => {
  signedInEachTest();

  const outcomesOffered = async (category: string | undefined) => {
    const view = caseView({ status: 'inProgress', allowedActions: ['conclude'] });
    const { calls } = mockFetch({
      'GET /cases/330122-2026-000042': () => ({ body: { ...view, case: { ...view.case, ...(category ? { category } : {}) } } }),
      'POST /cases/330122-2026-000042/conclude': () => ({ body: { case: view.case } }),
    });
    const user = userEvent.setup();
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');
    await user.click(await screen.findByRole('button', { name: '办结' }));
    const dialog = await screen.findByRole('dialog');
    const select = within(dialog).getByLabelText('结果');
    await user.click(select);
    const popup = document.getElementById(select.getAttribute('aria-controls')!)!.parentElement!;
    await waitFor(() => expect(popup.querySelectorAll('[title]').length).toBeGreaterThan(0));
    return { titles: [...popup.querySelectorAll('[title]')].map((o) => o.getAttribute('title')), user, dialog, calls };
  };

  it('a consultation (政策咨询) is concluded 已解答, and that is what is sent', async () => {
    const { titles, user, dialog, calls } = await outcomesOffered('consultation');
    expect(titles).toEqual(['已解答']);
    await user.click(await screen.findByTitle('已解答'));
    await user.type(within(dialog).getByLabelText('查明事实'), '来访人咨询养老保险补缴办法。');
    await user.type(within(dialog).getByLabelText('依据'), '《浙江省职工基本养老保险条例》。');
    await user.type(within(dialog).getByLabelText('处理意见'), '可在社保经办窗口办理补缴。');
    await user.click(within(dialog).getByRole('button', { name: '确定' }));
    await waitFor(() => expect(calls.some((r) => r.method === 'POST')).toBe(true));
    expect(await calls.find((r) => r.method === 'POST')!.clone().json()).toMatchObject({ outcome: 'answered' });
  });

  it('a suggestion (意见建议) 已采纳 / 部分采纳 / 未采纳', async () => {
    expect((await outcomesOffered('suggestion')).titles).toEqual(['已采纳', '部分采纳', '未采纳']);
  });

  it('a request (求决) 支持 / 部分支持 / 不支持', async () => {
    expect((await outcomesOffered('request')).titles).toEqual(['支持', '部分支持', '不支持']);
  });
});

describe('审核签发 where the office requires it', () => {
  signedInEachTest();

  it('shows 待签发 and the approver’s 签发处理意见书, which sends the version read', async () => {
    let signed = false;
    const view = () => {
      const base = caseView({ status: 'concluded', version: 6, allowedActions: signed ? ['reply'] : ['signOffReply'] });
      const signOff = signed ? { rule: 'unitHead', at: '2026-12-07T03:00:00.000Z', by: 'tl-housing-head' } : { rule: 'unitHead' };
      const result = { facts: '经查属实。', basis: '《物业管理条例》。', decision: '责令整改。', outcome: 'supported', concludedAt: '2026-12-07T02:00:00.000Z', concludedBy: 'tl-housing', signOff };
      return { ...base, case: { ...base.case, result } };
    };
    const { calls } = mockFetch({
      'GET /cases/330122-2026-000042': () => ({ body: view() }),
      'POST /cases/330122-2026-000042/decision-letter/sign-off': () => {
        signed = true;
        return { body: view() };
      },
    });
    const user = userEvent.setup();
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');

    expect(await screen.findByText('待签发（须经承办单位负责人审核签发后答复）')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '答复' })).toBeNull();
    await user.click(screen.getByRole('button', { name: '签发处理意见书' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: '确定' }));
    await waitFor(() => expect(calls.some((r) => r.method === 'POST')).toBe(true));
    expect(await calls.find((r) => r.method === 'POST')!.clone().json()).toEqual({ expectedVersion: 6 });
    expect(await screen.findByText(/已由 .* 签发/)).toBeTruthy();
  });
});

describe('复查意见书 waiting for 签发', () => {
  signedInEachTest();

  it('shows the draft to the reviewing office’s leader, whose 签发 sends it', async () => {
    let signed = false;
    const draft = { outcome: 'revoked', facts: '经复查，漏水原因未查明。', basis: '《信访工作条例》第三十五条。', decision: '撤销原处理意见，由桐庐县住建局重新办理。', draftedAt: '2026-12-07T02:00:00.000Z', draftedBy: 'hz-office', rule: 'leader' };
    const review = { level: 1, jurisdiction: '330100', requestedAt: '2026-12-01T02:00:00.000Z', requestedBy: 'petitioner', reason: '不服' };
    const view = () => {
      const base = caseView({ status: signed ? 'inProgress' : 'underReview', version: 10, allowedActions: signed ? [] : ['signOffReviewDecision'] });
      return { ...base, case: { ...base.case, reviewLevel: signed ? 1 : 0, reviews: [signed ? { ...review, decidedAt: '2026-12-07T03:00:00.000Z', outcome: 'revoked', signedOffBy: 'hz-leader' } : { ...review, draft }] } };
    };
    const { calls } = mockFetch({
      'GET /cases/330122-2026-000042': () => ({ body: view() }),
      'POST /cases/330122-2026-000042/review-decision/sign-off': () => {
        signed = true;
        return { body: view() };
      },
    });
    const user = userEvent.setup();
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');

    expect(await screen.findByText('复查（复核）意见书待签发（撤销）')).toBeTruthy();
    expect(screen.getByText(/意见：撤销原处理意见，由桐庐县住建局重新办理。/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: '签发复查（复核）意见书' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: '确定' }));
    await waitFor(() => expect(calls.some((r) => r.method === 'POST' && r.url.endsWith('/review-decision/sign-off'))).toBe(true));
    await waitFor(() => expect(screen.queryByText('复查（复核）意见书待签发（撤销）')).toBeNull());
  });
});

describe('待签发 on the case page, to everyone who reads it', () => {
  signedInEachTest();

  const waitingView = (signOffAwaits: unknown) => {
    const base = caseView({ status: 'concluded', version: 6, allowedActions: [] });
    const result = { facts: '经查属实。', basis: '《物业管理条例》。', decision: '责令整改。', outcome: 'supported', concludedAt: '2026-12-07T02:00:00.000Z', concludedBy: 'tl-housing-handler', unit: '330122-housing', signOff: { rule: 'leader' } };
    return { ...base, case: { ...base.case, result }, signOffAwaits };
  };

  it('names whom the letter waits for', async () => {
    mockApi({ 'GET /cases/330122-2026-000042': () => ({ body: waitingView({ approvers: ['tl-leader'], fallback: false, jurisdiction: '330122' }) }) });
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');
    expect(await screen.findByText('待 何志强 签发（须经领导审核签发后答复）')).toBeTruthy();
  });

  it('says when a leader above stands in, and when nobody is left to sign it off', async () => {
    mockApi({ 'GET /cases/330122-2026-000042': () => ({ body: waitingView({ approvers: ['hz-leader'], fallback: true, jurisdiction: '330100' }) }) });
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');
    expect(await screen.findByText('待 周丽华 签发（领导中除办结（更正）人外无人可以签发，由其代为审核签发）')).toBeTruthy();
    cleanup();
    mockApi({ 'GET /cases/330122-2026-000042': () => ({ body: waitingView({ approvers: [], fallback: true, jurisdiction: '330122' }) }) });
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');
    expect(await screen.findByText('待签发：除办结（更正）人外无人可以签发，请联系信访工作机构')).toBeTruthy();
  });
});

describe('呈领导阅批 on the case page', () => {
  signedInEachTest();

  it('shows who put it before which leader, when, the 拟办意见 and whether it waits, was read or was answered by a 批示', async () => {
    const base = caseView({ status: 'inProgress', allowedActions: ['markLeaderRead'] });
    const leaderReadings = [
      { seq: 5, leader: 'tl-leader', opinion: '拟转县生态环境局牵头核查，请领导阅示。', submittedBy: 'tl-office', submittedAt: '2026-12-07T02:00:00.000Z', status: 'waiting' },
      { seq: 3, leader: 'hz-leader', opinion: '拟请市局督办。', submittedBy: 'tl-office', submittedAt: '2026-12-03T02:00:00.000Z', status: 'instructed', answeredAt: '2026-12-04T01:30:00.000Z', instructionSeq: 4 },
    ];
    mockApi({ 'GET /cases/330122-2026-000042': () => ({ body: { ...base, case: { ...base.case, leaderReadings } } }) });
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');

    const waiting = await screen.findByRole('group', { name: '呈何志强阅批' });
    expect(waiting.textContent).toContain('陈海燕于2026年12月7日 10:00呈何志强阅批');
    expect(within(waiting).getByText('待阅批')).toBeTruthy();
    expect(waiting.textContent).toContain('拟办意见：拟转县生态环境局牵头核查，请领导阅示。');
    const answered = screen.getByRole('group', { name: '呈周丽华阅批' });
    expect(within(answered).getByText(/已批示/).textContent).toContain('已批示（2026年12月4日 09:30）');
    // The leader it waits on is offered 已阅.
    expect(screen.getByRole('button', { name: '已阅' })).toBeTruthy();
  });

  it('shows a submission that no longer waits as 已失效, with why', async () => {
    const base = caseView({ status: 'inProgress' });
    const leaderReadings = [{ seq: 5, leader: 'tl-leader', opinion: '拟转县生态环境局牵头核查，请领导阅示。', submittedBy: 'tl-office', submittedAt: '2026-12-07T02:00:00.000Z', status: 'waiting' }];
    mockApi({ 'GET /cases/330122-2026-000042': () => ({ body: { ...base, case: { ...base.case, leaderReadings }, leaderReadingsVoid: [{ seq: 5, reason: '该领导已回避或无权查阅该事项' }] } }) });
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');

    const voided = await screen.findByRole('group', { name: '呈何志强阅批' });
    expect(voided.textContent).toContain('已失效（该领导已回避或无权查阅该事项）');
    expect(voided.textContent).not.toContain('待阅批');
  });
});

describe('审批延期 refused', () => {
  signedInEachTest();

  it('asks for the reasons in the form, sending nothing until they are given', async () => {
    const view = caseView({ status: 'inProgress', allowedActions: ['decideExtension'] });
    const { calls } = mockFetch({
      'GET /cases/330122-2026-000042': () => ({
        body: { ...view, case: { ...view.case, deadlines: { handling: '2027-01-22T16:00:00.000Z' }, extension: { days: 20, reason: '需委托房屋安全鉴定', requestedBy: 'tl-handler', requestedAt: '2026-12-07T02:00:00.000Z', status: 'requested' } } },
      }),
      'POST /cases/330122-2026-000042/extension/decision': () => ({ body: { case: view.case } }),
    });
    const user = userEvent.setup();
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');

    await user.click(await screen.findByRole('button', { name: '审批延期' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByLabelText('审批意见'));
    await user.click(await screen.findByTitle('不同意延期'));
    await user.click(within(dialog).getByRole('button', { name: '确定' }));

    expect(await within(dialog).findByText('请填写不同意的理由')).toBeTruthy();
    expect(calls.some((r) => r.method === 'POST')).toBe(false);

    await user.type(within(dialog).getByLabelText('不同意的理由'), '鉴定无需二十日');
    await user.click(within(dialog).getByRole('button', { name: '确定' }));
    await waitFor(() => expect(calls.some((r) => r.method === 'POST')).toBe(true));
    expect(await calls.find((r) => r.method === 'POST')!.clone().json()).toEqual({ approve: false, reason: '鉴定无需二十日' });
  });

  it('approving needs no reasons', async () => {
    const view = caseView({ status: 'inProgress', allowedActions: ['decideExtension'] });
    const { calls } = mockFetch({
      'GET /cases/330122-2026-000042': () => ({
        body: { ...view, case: { ...view.case, deadlines: { handling: '2027-01-22T16:00:00.000Z' }, extension: { days: 20, reason: '需委托房屋安全鉴定', requestedBy: 'tl-handler', requestedAt: '2026-12-07T02:00:00.000Z', status: 'requested' } } },
      }),
      'POST /cases/330122-2026-000042/extension/decision': () => ({ body: { case: view.case } }),
    });
    const user = userEvent.setup();
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');

    await user.click(await screen.findByRole('button', { name: '审批延期' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByLabelText('审批意见'));
    await user.click(await screen.findByTitle('同意延期'));
    await user.click(within(dialog).getByRole('button', { name: '确定' }));
    await waitFor(() => expect(calls.some((r) => r.method === 'POST')).toBe(true));
    expect(await calls.find((r) => r.method === 'POST')!.clone().json()).toEqual({ approve: true });
  });
});

describe('交办 after a unit returned the case (退回)', () => {
  signedInEachTest();

  it('marks the unit that just returned it 刚退回 and puts it last, and still lets it be chosen', async () => {
    const view = caseView({ status: 'accepted', allowedActions: ['assign'] });
    const { triage: _t, ...accepted } = view.case;
    const returned = {
      ...view,
      case: { ...accepted, accusedUnits: [], deadlines: { handling: '2027-02-04T16:00:00Z' } },
      events: [
        ...view.events,
        { seq: 2, type: 'assigned', at: '2026-12-06T18:00:00Z', actor: 'tl-office', to: 'assigned', detail: { lead: '330122-housing' } },
        { seq: 3, type: 'returned', at: '2026-12-07T01:00:00Z', actor: 'tl-housing-handler', to: 'accepted', reason: '不属于本单位职责', detail: { returnedBy: '330122-housing', backTo: '330122' } },
      ],
    };
    const { calls } = mockApi({
      'GET /cases/330122-2026-000042': () => ({ body: returned }),
      'POST /cases/330122-2026-000042/assign': () => ({ status: 202, body: { commandId: '6f1e2d3c-0000-4000-8000-000000000009', caseNumber: '330122-2026-000042', action: 'assign' } }),
    });
    const user = userEvent.setup();
    renderCase();

    await user.click(await screen.findByRole('button', { name: '交办' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByLabelText('主办单位'));
    const marked = await screen.findByText('桐庐县住房和城乡建设局（刚退回）');
    const option = marked.closest('.ant-select-item-option')!;
    // Last of the units offered, and not disabled: sending it back may be right, it is only not done by mistake.
    const offered = [...option.parentElement!.querySelectorAll('.ant-select-item-option')];
    expect(offered.at(-1)).toBe(option);
    expect(offered.length).toBeGreaterThan(1);
    expect(option.className).not.toContain('ant-select-item-option-disabled');
    await user.click(marked);
    await user.click(within(dialog).getByRole('button', { name: '确定' }));
    await waitFor(() => expect(calls.some((r) => r.method === 'POST')).toBe(true));
    expect(await calls.find((r) => r.method === 'POST')!.clone().json()).toMatchObject({ lead: '330122-housing' });
  });
});

describe('the 转送 picker’s tree of jurisdictions', () => {
  signedInEachTest();

  it('keeps the case’s own county in the tree (not offered), so its townships sit one step under it, not under the city', async () => {
    const township = (code: string, name: string) => ({ code, name, parent: '330122', office: { name: `${name}信访办` }, units: [], extension: { maxDays: 30, requestLeadWorkingDays: 5 } });
    const withTownships = {
      ...PROVINCE,
      jurisdictions: [
        ...PROVINCE.jurisdictions,
        township('330122101', '富春江镇'),
        township('330122109', '分水镇'),
        { code: '330127', name: '淳安县', parent: '330100', office: { name: '淳安县信访局' }, units: [], extension: { maxDays: 30, requestLeadWorkingDays: 5 } },
      ],
    };
    mockApi({ 'GET /cases/330122-2026-000042': () => ({ body: caseView({ allowedActions: ['transfer'] }) }) }, withTownships);
    const user = userEvent.setup();
    renderCase();
    await user.click(await screen.findByRole('button', { name: '转送' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByLabelText('转送至辖区'));
    // (By the title attribute as rendered: Testing Library's text matchers would trim the ideographic spaces away.)
    await waitFor(() => expect(document.querySelectorAll('.ant-select-item-option').length).toBeGreaterThan(0));
    const options = [...document.querySelectorAll('.ant-select-item-option')];
    // Each level one ideographic space deeper than its parent: 杭州市, its counties, the county's townships.
    expect(options.map((o) => o.getAttribute('title'))).toEqual(['杭州市', '　桐庐县（本辖区）', '　　富春江镇', '　　分水镇', '　淳安县']);
    const own = options[1]!;
    expect(own.className).toContain('ant-select-item-option-disabled');
  });
});
