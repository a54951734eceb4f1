// @vitest-environment happy-dom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockFetch, renderRoutes, signedInEachTest } from '../../test/render';
import { handledCaseView } from '../../test/handled-case';
import CasePage from '.';

/** 请信访人补充材料 on the case page: the action, its dialog (what is needed, an optional 期限), the success message, and the history. */
function handledCase(over: { petitioner?: Record<string, unknown>; materialRequests?: unknown[]; events?: unknown[]; allowedActions?: string[] } = {}) {
  return handledCaseView({
    case: { subject: '小区噪音扰民', matter: '楼下饭店夜间噪音严重。', ...(over.petitioner ? { petitioner: over.petitioner } : {}), ...(over.materialRequests ? { materialRequests: over.materialRequests } : {}) },
    ...(over.events ? { events: over.events } : {}),
    allowedActions: over.allowedActions ?? ['requestMaterial', 'conclude'],
  });
}

const ASKED = { seq: 4, type: 'materialRequested', at: '2026-12-10T02:00:00Z', actor: 'tl-office', detail: { needed: '劳动合同复印件', by: '2026-12-20' } };

afterEach(() => vi.useRealTimers());

describe('请信访人补充材料', () => {
  signedInEachTest();

  it('asks with what is needed and a day not before today, says the clock runs on, sends one key per form and says how the petitioner was told', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-10T02:00:00Z'));
    let asked = false;
    const { calls } = mockFetch({
      'GET /cases/330122-2026-000042': () => ({
        body: asked
          ? handledCase({
              materialRequests: [{ seq: 4, needed: '劳动合同复印件', by: '2026-12-20', requestedBy: 'tl-office', requestedAt: '2026-12-10T02:00:00Z' }],
              events: [...handledCase().events, ASKED],
            })
          : handledCase(),
      }),
      'POST /cases/330122-2026-000042/material-request': () => ((asked = true), { body: handledCase() }),
    });
    const user = userEvent.setup();
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');

    await user.click(await screen.findByRole('button', { name: '请信访人补充材料' }));
    const dialog = await screen.findByRole('dialog');
    // Before staff confirm: how the petitioner is told, and that the handling clock is not stopped.
    expect(within(dialog).getByText(/确定后即通过电子邮件告知信访人/)).toBeTruthy();
    expect(within(dialog).getByText(/办理期限照常计算，不中止、不延长（办理期限至 2027年1月30日）/)).toBeTruthy();

    // Nothing filled in: what is needed is required.
    await user.click(within(dialog).getByRole('button', { name: '确定' }));
    expect(await within(dialog).findByText('请填写需补充的材料')).toBeTruthy();
    await user.type(within(dialog).getByLabelText('需补充的材料'), '劳动合同复印件');

    // A day that has passed is refused under the field, never sent.
    const day = within(dialog).getByLabelText('补充期限（选填）');
    await user.click(day);
    await user.paste('2026-12-09');
    await user.click(within(dialog).getByRole('button', { name: '确定' }));
    expect(await within(dialog).findByText('补充期限不能早于今天（2026年12月10日）')).toBeTruthy();
    expect(calls.some((r) => r.method === 'POST')).toBe(false);
    await user.clear(day);
    await user.paste('2026-12-20');
    await user.click(within(dialog).getByRole('button', { name: '确定' }));

    await waitFor(() => expect(calls.some((r) => r.method === 'POST')).toBe(true));
    const post = calls.find((r) => r.method === 'POST')!;
    expect(await post.clone().json()).toEqual({ needed: '劳动合同复印件', by: '2026-12-20', expectedVersion: 3 });
    expect(post.headers.get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await screen.findByText('已请信访人补充材料：已通过电子邮件告知信访人。办理期限照常计算，不因此中止或延长。')).toBeTruthy();

    // The case says it waits for the material; the history says what was asked and by when.
    expect(await screen.findByText('需补充：劳动合同复印件')).toBeTruthy();
    expect(screen.getByText('补充期限：2026年12月20日前；办理期限照常计算')).toBeTruthy();
    expect(screen.getByText('待信访人补充')).toBeTruthy();
    expect(screen.getByText('待补充')).toBeTruthy();
  });

  it('says a petitioner without email gets a letter to post, or a call', async () => {
    mockFetch({ 'GET /cases/330122-2026-000042': () => ({ body: handledCase({ petitioner: { anonymous: false, name: '王小明', address: '桐庐县城南街道1号' } }) }) });
    const user = userEvent.setup();
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');
    await user.click(await screen.findByRole('button', { name: '请信访人补充材料' }));
    expect(within(await screen.findByRole('dialog')).getByText(/确定后补充材料告知书已列入待寄送，请打印寄出/)).toBeTruthy();
  });

  it('shows the material that answered a request as its answer, in the history and on the case', async () => {
    const received = { seq: 5, type: 'messageReceived', at: '2026-12-12T03:00:00Z', actor: 'system:intake', detail: { messageId: 'm9', answersMaterialRequests: [4] } };
    mockFetch({
      'GET /cases/330122-2026-000042': () => ({
        body: handledCase({
          materialRequests: [{ seq: 4, needed: '劳动合同复印件', by: '2026-12-20', requestedBy: 'tl-office', requestedAt: '2026-12-10T02:00:00Z', answeredAt: '2026-12-12T03:00:00Z', answeredBy: 'm9' }],
          events: [...handledCase().events, ASKED, received],
        }),
      }),
    });
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');

    expect(await screen.findByText('已补充（2026年12月12日 11:00 收到材料，见下）')).toBeTruthy();
    expect(screen.getByText('补充材料，答复2026年12月10日 10:00的补充材料请求')).toBeTruthy();
    expect(screen.getByText(/已补充 2026年12月12日 11:00/)).toBeTruthy();
    expect(screen.queryByText('待信访人补充')).toBeNull();
  });
});
