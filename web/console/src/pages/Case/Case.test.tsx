// @vitest-environment happy-dom
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockFetch, renderRoutes, signIn } from '../../test/render';
import CasePage from '.';
import { ACTIONS } from './actions';

function caseView(over: { version?: number; status?: string; allowedActions?: string[] } = {}) {
  return {
    case: {
      caseNumber: '330122-2026-000042',
      jurisdiction: '330122',
      receivingOffice: '330122',
      channel: 'letter',
      status: over.status ?? 'registered',
      subject: '小区噪音扰民',
      matter: '楼下饭店夜间噪音严重。',
      petitioner: { anonymous: false, name: '王小明', phone: '13800000000' },
      urgent: true,
      repeatOf: '330122-2026-000007',
      triage: { since: '2026-12-06T17:00:00Z', reasons: ['关键词不明确'] },
      receivedAt: '2026-12-06T16:00:00Z',
      registeredAt: '2026-12-06T17:00:00Z',
      deadlines: { acceptance: '2026-12-21T16:00:00Z' },
      version: over.version ?? 3,
    },
    events: [{ seq: 1, type: 'registered', at: '2026-12-06T17:00:00Z', actor: 'tl-office', to: 'registered' }],
    messages: [{ id: 'm1', direction: 'out', at: '2026-12-06T17:01:00Z', subject: '受理回执', to: ['a@example.test'] }],
    allowedActions: over.allowedActions ?? ['accept', 'decline', 'route', 'claim', 'readAudit'],
  };
}

const ALL_LABELS = ACTIONS.map((a) => a.label);

describe('the case page', () => {
  beforeEach(() => signIn());
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    sessionStorage.clear();
  });

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
    await user.type(await screen.findByLabelText('理由'), '不属于信访事项');
    await user.click(screen.getByRole('button', { name: '确定' }));

    expect(await screen.findByText('该事项已被他人更新，已刷新')).toBeTruthy();
    const decline = calls.find((r) => r.method === 'POST')!;
    expect(await decline.clone().json()).toEqual({ reason: '不属于信访事项', expectedVersion: 3 });
    await waitFor(() => expect(calls.filter((r) => r.method === 'GET' && r.url.includes('/cases/')).length).toBeGreaterThan(1));
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
});
