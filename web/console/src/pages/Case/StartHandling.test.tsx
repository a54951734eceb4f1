// @vitest-environment happy-dom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { saveSession } from '../../lib/session';
import { mockFetch, renderRoutes, signedInEachTest } from '../../test/render';
import { handledCaseView } from '../../test/handled-case';
import CasePage from '.';

/** 签收 on the case page: the lead unit signs for the case handed to it, which then reads 办理中. */
const ASSIGNED_EVENT = { seq: 3, type: 'assigned', at: '2026-12-07T02:00:00Z', actor: 'tl-office', from: 'accepted', to: 'assigned', detail: { lead: '330122-hrss', cooperating: [] } };
const STARTED_EVENT = { seq: 4, type: 'started', at: '2026-12-08T01:30:00Z', actor: 'tl-hrss', from: 'assigned', to: 'inProgress', detail: { unit: '330122-hrss', note: '已安排专人调查核实' } };

function caseView(signed: boolean, allowedActions: string[]) {
  return handledCaseView({
    case: { status: signed ? 'inProgress' : 'assigned', version: signed ? 4 : 3 },
    events: [{ seq: 1, type: 'registered', at: '2026-12-01T02:00:00Z', actor: 'tl-office', to: 'registered' }, ASSIGNED_EVENT, ...(signed ? [STARTED_EVENT] : [])],
    allowedActions,
  });
}

const renderCase = () => renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');

describe('签收 on the case page', () => {
  signedInEachTest();

  it('the lead unit signs with an optional note and one key per form; the case then reads 办理中 and the history says who signed', async () => {
    saveSession({ token: 'test-token', staff: { id: 'tl-hrss', name: '李倩', jurisdiction: '330122', unit: '330122-hrss', roles: ['handler'] } });
    let signed = false;
    const { calls } = mockFetch({
      'GET /cases/330122-2026-000042': () => ({ body: signed ? caseView(true, ['return', 'conclude']) : caseView(false, ['start', 'return', 'conclude']) }),
      'POST /cases/330122-2026-000042/start': () => ((signed = true), { body: caseView(true, []) }),
    });
    const user = userEvent.setup();
    renderCase();

    expect((await screen.findAllByText('已交办')).length).toBeGreaterThan(0);
    expect(screen.queryByText('办理中')).toBeNull();
    await user.click(await screen.findByRole('button', { name: '签收' }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText('签收说明（选填）'), '已安排专人调查核实');
    await user.click(within(dialog).getByRole('button', { name: '确定' }));

    await waitFor(() => expect(calls.some((r) => r.method === 'POST')).toBe(true));
    const post = calls.find((r) => r.method === 'POST')!;
    expect(await post.clone().json()).toEqual({ note: '已安排专人调查核实', expectedVersion: 3 });
    expect(post.headers.get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await screen.findByText('已签收，该事项状态为“办理中”')).toBeTruthy();

    await waitFor(() => expect(screen.queryByRole('button', { name: '签收' })).toBeNull());
    expect(screen.getAllByText('办理中').length).toBeGreaterThan(0);
    expect(screen.getByText('签收并开始办理')).toBeTruthy();
    expect(screen.getByText('桐庐县人力资源和社会保障局签收：已安排专人调查核实')).toBeTruthy();
    // Signing waives nothing: the unit may still return the case within its window, and conclude it.
    expect(screen.getByRole('button', { name: '退回' })).toBeTruthy();
  });

  it('is not offered where the API does not list it (the office that handed the case over, a cooperating unit)', async () => {
    mockFetch({ 'GET /cases/330122-2026-000042': () => ({ body: caseView(false, ['return']) }) });
    renderCase();
    expect(await screen.findByRole('button', { name: '收回' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: '签收' })).toBeNull();
  });
});
