// @vitest-environment happy-dom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { saveSession } from '../../lib/session';
import { mockFetch, renderRoutes, signedInEachTest } from '../../test/render';
import { handledCaseView } from '../../test/handled-case';
import CasePage from '.';

/** 协办异议 (条例 第二十三条) on the case page: the cooperating unit objects; the office that named it decides. */
const OBJECTION = { unit: '330122-hrss', reason: '欠薪系工程款结算纠纷，本单位不承担该事项的配合职责', by: 'tl-hrss', at: '2026-12-03T02:00:00Z', namedAt: '2026-12-01T02:00:00Z', decidesBy: '330122', status: 'objected' };

function cooperatedCase(over: { allowedActions?: string[]; objections?: unknown[]; cooperating?: string[] } = {}) {
  return handledCaseView({
    case: {
      subject: '工地欠薪',
      handling: { lead: '330122-housing', cooperating: over.cooperating ?? ['330122-hrss'] },
      objectionWindow: { unit: '330122-housing', from: '330122', receivedAt: '2026-12-01T02:00:00Z', until: '2026-12-08T16:00:00Z' },
      ...(over.objections ? { cooperationObjections: over.objections } : {}),
    },
    allowedActions: over.allowedActions ?? [],
  });
}

const renderCase = () => renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');

describe('协办异议 on the case page', () => {
  signedInEachTest();

  it('the cooperating unit’s staff object with their reasons; the case then shows the objection waiting', async () => {
    saveSession({ token: 'test-token', staff: { id: 'tl-hrss', name: '李明', jurisdiction: '330122', unit: '330122-hrss', roles: ['handler'] } });
    let objected = false;
    const { calls } = mockFetch({
      'GET /cases/330122-2026-000042': () => ({ body: objected ? cooperatedCase({ allowedActions: ['giveOpinion'], objections: [OBJECTION] }) : cooperatedCase({ allowedActions: ['giveOpinion', 'objectCooperation'] }) }),
      'POST /cases/330122-2026-000042/cooperation-objection': () => ((objected = true), { body: cooperatedCase({ objections: [OBJECTION] }) }),
    });
    const user = userEvent.setup();
    renderCase();

    await user.click(await screen.findByRole('button', { name: '协办异议' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: '确定' }));
    expect(await within(dialog).findByText(/请填写异议理由/)).toBeTruthy();
    await user.type(within(dialog).getByLabelText('异议理由（本单位不承担该事项配合职责的依据，将发送给信访部门审批）'), OBJECTION.reason);
    await user.click(within(dialog).getByRole('button', { name: '确定' }));

    await waitFor(() => expect(calls.some((r) => r.method === 'POST')).toBe(true));
    expect(await calls.find((r) => r.method === 'POST')!.clone().json()).toEqual({ reason: OBJECTION.reason, expectedVersion: 3 });
    expect(await screen.findByText('已提出异议，信访部门审批前本单位仍为配合单位')).toBeTruthy();
    expect(await screen.findByText(new RegExp(`桐庐县人力资源和社会保障局 .* 提出不承担配合职责（待审批）：${OBJECTION.reason}`))).toBeTruthy();
    expect(screen.queryByRole('button', { name: '协办异议' })).toBeNull();
  });

  it('the office refuses with its reasons, sent for the unit whose objection waits', async () => {
    let refused = false;
    const refusedObjection = { ...OBJECTION, status: 'refused', refusal: '工资支付监察属人社部门职责', decidedBy: 'tl-office', decidedAt: '2026-12-04T02:00:00Z' };
    const { calls } = mockFetch({
      'GET /cases/330122-2026-000042': () => ({ body: refused ? cooperatedCase({ objections: [refusedObjection] }) : cooperatedCase({ allowedActions: ['decideCooperationObjection'], objections: [OBJECTION] }) }),
      'POST /cases/330122-2026-000042/cooperation-objection/decision': () => ((refused = true), { body: cooperatedCase({ objections: [refusedObjection] }) }),
    });
    const user = userEvent.setup();
    renderCase();

    await user.click(await screen.findByRole('button', { name: '审批协办异议' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByLabelText('审批意见'));
    await user.click(await screen.findByTitle('不同意（该单位继续配合办理）'));
    await user.click(within(dialog).getByRole('button', { name: '确定' }));
    expect(await within(dialog).findByText('请填写不同意的理由')).toBeTruthy();
    await user.type(within(dialog).getByLabelText('理由（不同意时必填，将发送给该单位）'), '工资支付监察属人社部门职责');
    await user.click(within(dialog).getByRole('button', { name: '确定' }));

    await waitFor(() => expect(calls.some((r) => r.method === 'POST')).toBe(true));
    expect(await calls.find((r) => r.method === 'POST')!.clone().json()).toEqual({ unit: '330122-hrss', agree: false, reason: '工资支付监察属人社部门职责', expectedVersion: 3 });
    expect(await screen.findByText('已不同意该单位的异议，理由已发送该单位，其继续配合办理')).toBeTruthy();
    expect(await screen.findByText(/未同意，继续配合办理/)).toBeTruthy();
    expect(screen.getByText('不同意的理由：工资支付监察属人社部门职责')).toBeTruthy();
  });

  it('the office agrees: nothing more to write, and the unit is recorded as no longer cooperating', async () => {
    let agreed = false;
    const agreedObjection = { ...OBJECTION, status: 'agreed', decidedBy: 'tl-office', decidedAt: '2026-12-04T02:00:00Z' };
    const { calls } = mockFetch({
      'GET /cases/330122-2026-000042': () => ({
        body: agreed ? cooperatedCase({ objections: [agreedObjection], cooperating: [] }) : cooperatedCase({ allowedActions: ['decideCooperationObjection'], objections: [OBJECTION] }),
      }),
      'POST /cases/330122-2026-000042/cooperation-objection/decision': () => ((agreed = true), { body: cooperatedCase({ objections: [agreedObjection], cooperating: [] }) }),
    });
    const user = userEvent.setup();
    renderCase();

    await user.click(await screen.findByRole('button', { name: '审批协办异议' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByLabelText('审批意见'));
    await user.click(await screen.findByTitle('同意（不再由该单位配合办理）'));
    await user.click(within(dialog).getByRole('button', { name: '确定' }));

    await waitFor(() => expect(calls.some((r) => r.method === 'POST')).toBe(true));
    expect(await calls.find((r) => r.method === 'POST')!.clone().json()).toEqual({ unit: '330122-hrss', agree: true, expectedVersion: 3 });
    expect(await screen.findByText('已同意，该单位不再配合办理；已通知该单位和牵头单位')).toBeTruthy();
    expect(await screen.findByText(/已同意，不再配合办理/)).toBeTruthy();
  });

  it('with two units’ objections waiting, the office sees whose it decides, with their reasons, and picks it', async () => {
    const second = { ...OBJECTION, unit: '330122-ecology', reason: '噪声监管不属本单位职责', by: 'tl-ecology', at: '2026-12-04T02:00:00Z' };
    const { calls } = mockFetch({
      'GET /cases/330122-2026-000042': () => ({ body: cooperatedCase({ allowedActions: ['decideCooperationObjection'], objections: [OBJECTION, second], cooperating: ['330122-hrss', '330122-ecology'] }) }),
      'POST /cases/330122-2026-000042/cooperation-objection/decision': () => ({ body: cooperatedCase({ objections: [OBJECTION, { ...second, status: 'agreed' }], cooperating: ['330122-hrss'] }) }),
    });
    const user = userEvent.setup();
    renderCase();

    await user.click(await screen.findByRole('button', { name: '审批协办异议' }));
    const dialog = await screen.findByRole('dialog');
    // The oldest is chosen to begin with, named with its reasons.
    expect(within(dialog).getByText(`桐庐县人力资源和社会保障局：${OBJECTION.reason}`)).toBeTruthy();
    await user.click(within(dialog).getByLabelText('提出异议的单位'));
    await user.click(await screen.findByTitle(/噪声监管不属本单位职责/));
    await user.click(within(dialog).getByLabelText('审批意见'));
    await user.click(await screen.findByTitle('同意（不再由该单位配合办理）'));
    await user.click(within(dialog).getByRole('button', { name: '确定' }));

    await waitFor(() => expect(calls.some((r) => r.method === 'POST')).toBe(true));
    expect(await calls.find((r) => r.method === 'POST')!.clone().json()).toEqual({ unit: '330122-ecology', agree: true, expectedVersion: 3 });
  });
});
