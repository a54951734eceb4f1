// @vitest-environment happy-dom
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setUnauthenticatedHandler } from '../api/client';
import { readSession, saveSession } from '../lib/session';
import LoginPage from '../pages/Login';
import WorkbenchPage from '../pages/Workbench';
import AccompanyingPage from '../pages/Accompanying';
import { mockFetch, renderRoutes, signIn } from '../test/render';
import BasicLayout from './BasicLayout';

const routes = [
  { path: '/login', element: <LoginPage /> },
  { element: <BasicLayout />, children: [{ path: '/', element: <WorkbenchPage /> }] },
];

describe('signing in', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    sessionStorage.clear();
  });

  it('sends a visitor without a session to the picker, and signs in as the person picked', async () => {
    const { calls } = mockFetch({
      'POST /local/login': () => ({ body: { token: 't-1', staff: { id: 'tl-office', name: '陈海燕', jurisdiction: '330122', roles: ['petitionsOffice'] } } }),
      'GET /work-lists': () => ({ body: { lists: [] } }),
      'GET /work-lists/triage': () => ({ body: { list: 'triage', items: [] } }),
    });
    const user = userEvent.setup();
    renderRoutes(routes, '/');
    await user.click(await screen.findByRole('button', { name: '以 陈海燕 登录' }));
    expect(await screen.findByText('暂无信访事项')).toBeTruthy();
    expect(readSession()?.token).toBe('t-1');
    const login = calls.find((r) => r.method === 'POST')!;
    expect(await login.clone().json()).toEqual({ user: 'tl-office' });
  });

  it('forgets the session on a 401 and asks who is signing in', async () => {
    signIn();
    mockFetch({ 'GET /work-lists/triage': () => ({ status: 401, body: { message: 'Unauthorized' } }) });
    const unauthenticated = vi.fn();
    setUnauthenticatedHandler(unauthenticated);
    renderRoutes(routes, '/');
    await waitFor(() => expect(unauthenticated).toHaveBeenCalled());
    expect(readSession()).toBeUndefined();
  });
});

describe('陪访接待 in the menu', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    sessionStorage.clear();
  });
  const withPage = [{ element: <BasicLayout />, children: [{ path: '/accompanying', element: <AccompanyingPage /> }] }];

  it('is offered to a unit’s staff, whose unit accompanies leaders, and not to the petitions office', async () => {
    mockFetch({ 'GET /reception-days/accompanied': () => ({ body: { sessions: [] } }) });
    saveSession({ token: 't', staff: { id: 'tonglu-housing-handler', name: '王晓燕', jurisdiction: '330122', unit: '330122-housing', roles: ['handler'] } });
    renderRoutes(withPage, '/accompanying');
    expect(await screen.findByRole('link', { name: '陪访接待' })).toBeTruthy();
    cleanup();

    saveSession({ token: 't', staff: { id: 'tl-office', name: '陈海燕', jurisdiction: '330122', roles: ['petitionsOffice'] } });
    renderRoutes(withPage, '/accompanying');
    expect(await screen.findByText('此页面供陪访部门的工作人员查看；信访部门请在“接待日”中查看接待安排')).toBeTruthy();
    expect(screen.queryByRole('link', { name: '陪访接待' })).toBeNull();
    expect(screen.getByRole('link', { name: '接待日' })).toBeTruthy();
  });
});
