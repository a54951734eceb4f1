// @vitest-environment happy-dom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { mockFetch, renderRoutes, signedInEachTest } from '../../test/render';
import CasePage from '.';
import { deliveryWords } from './LetterPreview';

/** 审核签发 on the case page: 预览处理意见书 before 答复, 更正办理结果 from the result as recorded, and the correction in the history. */
const NUMBER = '330122-2026-000042';
const RESULT = {
  facts: '经现场查看，城南小区3幢楼顶防水层老化破损。',
  basis: '《物业管理条例》第五十五条',
  decision: '责成物业公司于2026年12月20日前完成维修。',
  outcome: 'partlySupported',
  concludedAt: '2026-12-04T02:00:00Z',
  concludedBy: 'tl-housing',
  unit: '330122-housing',
};
const CORRECTED = {
  seq: 9,
  type: 'conclusionCorrected',
  at: '2026-12-07T02:00:00Z',
  actor: 'tl-housing',
  reason: '审核签发时发现引用条款有误',
  detail: { changed: ['basis', 'outcome'], previous: { basis: '《物业管理条例》第五十五条', outcome: 'partlySupported' }, corrected: { basis: '《物业管理条例》第五十四条', outcome: 'supported' } },
};

function concludedCase(over: { events?: unknown[]; allowedActions?: string[]; version?: number } = {}) {
  return {
    case: {
      caseNumber: NUMBER,
      jurisdiction: '330122',
      receivingOffice: '330122',
      channel: 'email',
      status: 'concluded',
      subject: '楼顶漏水',
      matter: '反映城南小区楼顶漏水三个月无人维修。',
      petitioner: { anonymous: false, name: '张伟', email: 'zhangwei@163.example' },
      urgent: false,
      handling: { lead: '330122-housing', cooperating: [] },
      receivedAt: '2026-11-20T01:15:00Z',
      registeredAt: '2026-11-20T01:20:00Z',
      deadlines: { handling: '2027-01-19T16:00:00Z', reply: '2026-12-10T16:00:00Z' },
      result: RESULT,
      version: over.version ?? 8,
    },
    events: over.events ?? [{ seq: 8, type: 'concluded', at: '2026-12-04T02:00:00Z', actor: 'tl-housing', from: 'inProgress', to: 'concluded' }],
    messages: [],
    allowedActions: over.allowedActions ?? ['reply', 'correctConclusion'],
  };
}

const DRAFT = {
  caseNumber: NUMBER,
  version: 8,
  composedAt: '2026-12-07T02:00:00.000Z',
  subject: `信访事项处理意见书 ${NUMBER}`,
  text: '张伟：\n\n您反映的楼顶漏水问题，经查明：……\n依据：《物业管理条例》第五十五条\n处理意见：责成物业公司于2026年12月20日前完成维修。',
  delivery: 'email',
  to: { email: 'zhangwei@163.example' },
};

describe('预览处理意见书 and 更正办理结果', () => {
  signedInEachTest();

  it('shows the letter as the petitioner will get it and how it goes, then replies with the version read over', async () => {
    const { calls } = mockFetch({
      [`GET /cases/${NUMBER}`]: () => ({ body: concludedCase() }),
      [`GET /cases/${NUMBER}/decision-letter/draft`]: () => ({ body: DRAFT }),
      [`POST /cases/${NUMBER}/reply`]: () => ({ body: { case: { ...concludedCase().case, status: 'replied' } } }),
    });
    const user = userEvent.setup();
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], `/cases/${NUMBER}`);

    const button = await screen.findByRole('button', { name: '预览处理意见书' });
    // By keyboard: the button is reached and pressed like any other.
    button.focus();
    await user.keyboard('{Enter}');
    const dialog = await screen.findByRole('dialog');
    const letter = await within(dialog).findByRole('document', { name: '处理意见书正文' });
    expect(letter.textContent).toBe(DRAFT.text);
    expect(within(dialog).getByText('答复后即通过电子邮件发送至 zhangwei@163.example')).toBeTruthy();
    expect(within(dialog).getByText(DRAFT.subject)).toBeTruthy();
    // Nothing was sent by looking.
    expect(calls.some((r) => r.method === 'POST')).toBe(false);

    await user.click(within(dialog).getByRole('button', { name: '确认无误，答复' }));
    await waitFor(() => expect(calls.some((r) => r.method === 'POST')).toBe(true));
    const post = calls.find((r) => r.method === 'POST')!;
    expect(new URL(post.url).pathname).toBe(`/api/cases/${NUMBER}/reply`);
    expect(await post.clone().json()).toEqual({ expectedVersion: 8 });
  });

  it('replies from the plain 答复 button without a version check, as before: that letter was not read over', async () => {
    const { calls } = mockFetch({
      [`GET /cases/${NUMBER}`]: () => ({ body: concludedCase() }),
      [`POST /cases/${NUMBER}/reply`]: () => ({ body: { case: { ...concludedCase().case, status: 'replied' } } }),
    });
    const user = userEvent.setup();
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], `/cases/${NUMBER}`);
    await user.click(await screen.findByRole('button', { name: '答复' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: '确定' }));
    await waitFor(() => expect(calls.some((r) => r.method === 'POST')).toBe(true));
    expect(await calls.find((r) => r.method === 'POST')!.clone().json()).toEqual({});
  });

  it('offers 更正办理结果 from the result as recorded, needs a reason, and sends the whole result with it', async () => {
    const { calls } = mockFetch({
      [`GET /cases/${NUMBER}`]: () => ({ body: concludedCase() }),
      [`POST /cases/${NUMBER}/conclusion-correction`]: () => ({ body: { case: concludedCase().case } }),
    });
    const user = userEvent.setup();
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], `/cases/${NUMBER}`);

    await user.click(await screen.findByRole('button', { name: '更正办理结果' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('处理意见书尚未发出：更正后，答复将按更正后的办理结果发出。')).toBeTruthy();
    const basis = within(dialog).getByLabelText('依据') as HTMLTextAreaElement;
    expect(basis.value).toBe(RESULT.basis);
    expect((within(dialog).getByLabelText('查明事实') as HTMLTextAreaElement).value).toBe(RESULT.facts);

    await user.clear(basis);
    await user.type(basis, '《物业管理条例》第五十四条');
    await user.click(within(dialog).getByRole('button', { name: '确定' }));
    expect(await within(dialog).findByText('请填写更正原因（如：审核签发时发现引用条款有误）')).toBeTruthy();
    expect(calls.some((r) => r.method === 'POST')).toBe(false);

    await user.type(within(dialog).getByLabelText('更正原因（如：审核签发时发现引用条款有误）'), '审核签发时发现引用条款有误');
    await user.click(within(dialog).getByRole('button', { name: '确定' }));
    await waitFor(() => expect(calls.some((r) => r.method === 'POST')).toBe(true));
    expect(await calls.find((r) => r.method === 'POST')!.clone().json()).toEqual({
      facts: RESULT.facts,
      basis: '《物业管理条例》第五十四条',
      decision: RESULT.decision,
      outcome: 'partlySupported',
      reason: '审核签发时发现引用条款有误',
      expectedVersion: 8,
    });
    expect(await screen.findByText('已更正办理结果：原内容保留在办理过程中，答复将按更正后的内容发出。')).toBeTruthy();
  });

  it('shows the correction in the history, from what to what and why', async () => {
    mockFetch({ [`GET /cases/${NUMBER}`]: () => ({ body: concludedCase({ events: [...concludedCase().events, CORRECTED], version: 9 }) }) });
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], `/cases/${NUMBER}`);
    const history = await screen.findByText('依据：原为“《物业管理条例》第五十五条”，更正为“《物业管理条例》第五十四条”');
    expect(history).toBeTruthy();
    expect(screen.getByText('结果：原为“部分支持”，更正为“支持”')).toBeTruthy();
    expect(screen.getByText('理由：审核签发时发现引用条款有误')).toBeTruthy();
    expect(screen.getAllByText('更正办理结果').length).toBeGreaterThan(0);
  });

  it('is not offered once the case is replied, nor to whoever may not reply', async () => {
    mockFetch({ [`GET /cases/${NUMBER}`]: () => ({ body: concludedCase({ allowedActions: [] }) }) });
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], `/cases/${NUMBER}`);
    expect(await screen.findByText('当前无可执行的操作')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '预览处理意见书' })).toBeNull();
  });

  it('says how a letter for post or by phone goes, and from which office', () => {
    const office = (code: string | undefined) => (code === '330122' ? '桐庐县信访局' : String(code));
    expect(deliveryWords({ delivery: 'post', to: { name: '张伟', address: '桐庐县城南街道迎春路8号' }, postFrom: '330122' }, office)).toBe(
      '答复后列入桐庐县信访局待寄送，打印盖章后寄往：桐庐县城南街道迎春路8号（收件人：张伟）',
    );
    expect(deliveryWords({ delivery: 'phone', to: { phone: '13800001111' }, postFrom: '330122' }, office)).toBe('信访人只留有电话：答复后列入桐庐县信访局待电话告知，请致电 13800001111 告知意见书内容');
  });
});
