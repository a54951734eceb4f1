// @vitest-environment happy-dom
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import BasicLayout from '../../layouts/BasicLayout';
import { setRuntimeConfig, type ConsoleRuntimeConfig } from '../../lib/runtime-config';
import { readSession } from '../../lib/session';
import { mockFetch, renderRoutes } from '../../test/render';
import AuthCallbackPage from '../AuthCallback';
import WorkbenchPage from '../Workbench';
import LoginPage from '.';

/** oidc-client-ts stood in for: what the console asks of it is recorded, the provider never called. */
const oidc = vi.hoisted(() => ({
  settings: [] as Record<string, unknown>[],
  stores: [] as unknown[],
  signinRedirect: vi.fn(async () => undefined),
  signinRedirectCallback: vi.fn(),
  signoutRedirect: vi.fn(async (_args?: unknown) => undefined),
  getUser: vi.fn(async () => ({ id_token: 'id-token' })),
  removeUser: vi.fn(async () => undefined),
}));
vi.mock('oidc-client-ts', () => ({
  UserManager: class {
    constructor(settings: Record<string, unknown>) {
      oidc.settings.push(settings);
    }
    signinRedirect = oidc.signinRedirect;
    signinRedirectCallback = oidc.signinRedirectCallback;
    signoutRedirect = oidc.signoutRedirect;
    getUser = oidc.getUser;
    removeUser = oidc.removeUser;
  },
  WebStorageStateStore: class {
    constructor(options: { store: unknown }) {
      oidc.stores.push(options.store);
    }
  },
}));

const OIDC: ConsoleRuntimeConfig = {
  auth: {
    kind: 'oidc',
    authority: 'https://cognito-idp.ap-east-1.amazonaws.com/ap-east-1_TESTPOOL',
    clientId: 'console-oidc-client',
    redirectUri: 'https://console.example/auth/callback',
    postLogoutRedirectUri: 'https://console.example/',
    scope: 'openid email profile',
    endSessionEndpoint: 'https://xinfang-test.auth.ap-east-1.amazoncognito.com/logout',
    signOutParams: { client_id: 'console-oidc-client', logout_uri: 'https://console.example/' },
  },
  apiBase: '/api',
};

const routes = [
  { path: '/login', element: <LoginPage /> },
  { path: '/auth/callback', element: <AuthCallbackPage /> },
  { element: <BasicLayout />, children: [{ path: '/', element: <WorkbenchPage /> }] },
];

describe('signing in by OIDC (config.json says oidc)', () => {
  beforeEach(() => setRuntimeConfig(OIDC));
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    vi.clearAllMocks();
    sessionStorage.clear();
    setRuntimeConfig({ auth: { kind: 'picker' }, apiBase: '/api' });
  });

  it('offers one button to the identity provider, no staff picker, and sends the browser there by code + PKCE', async () => {
    const { calls } = mockFetch({});
    const user = userEvent.setup();
    renderRoutes(routes, '/');
    const button = await screen.findByRole('button', { name: '使用统一身份认证登录' });
    expect(screen.getAllByRole('button')).toHaveLength(1);
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.queryByRole('textbox', { name: '按姓名、辖区或单位筛选' })).toBeNull();
    await user.click(button);
    await waitFor(() => expect(oidc.signinRedirect).toHaveBeenCalledTimes(1));
    expect(oidc.settings.at(-1)).toMatchObject({
      authority: OIDC.auth.kind === 'oidc' ? OIDC.auth.authority : '',
      client_id: 'console-oidc-client',
      redirect_uri: 'https://console.example/auth/callback',
      post_logout_redirect_uri: 'https://console.example/',
      response_type: 'code',
      scope: 'openid email profile',
      automaticSilentRenew: false,
      metadataSeed: { end_session_endpoint: 'https://xinfang-test.auth.ap-east-1.amazoncognito.com/logout' },
    });
    // The user and the sign-in state (PKCE verifier) are kept for the tab only.
    expect(oidc.stores).toEqual([sessionStorage, sessionStorage]);
    // The picker's staff list is never asked for.
    expect(calls.some((r) => new URL(r.url).pathname === '/local/config' || r.url.includes('/local/login'))).toBe(false);
  });

  it('completes the sign-in at /auth/callback: the user\'s access token is the session, the API says who it is, and the workbench opens and calls the API with it', async () => {
    oidc.signinRedirectCallback.mockResolvedValue({
      access_token: 'access-token-1',
      id_token: 'id-token-1',
      expires_at: Math.floor(Date.now() / 1000) + 3600,
      // The ID token's claims are not the staff entry: the name and place come from GET /me.
      profile: { sub: '3f1c0000-0000-4000-8000-000000000001', 'cognito:username': 'tl-office', name: 'Chen Haiyan' },
    });
    const { calls } = mockFetch({ 'GET /cases': () => ({ body: { items: [] } }), 'GET /work-lists': () => ({ body: { lists: [] } }) });
    renderRoutes(routes, '/auth/callback?code=abc&state=xyz');
    expect(await screen.findByRole('button', { name: '退出登录' }, { timeout: 5000 })).toBeTruthy();
    expect(oidc.signinRedirectCallback).toHaveBeenCalledTimes(1);
    const session = readSession();
    expect(session).toMatchObject({ token: 'access-token-1', staff: { id: 'tl-office', name: '陈海燕', jurisdiction: '330122', roles: ['petitionsOffice'] } });
    expect(session!.expiresAt).toBeGreaterThan(Date.now());
    // Named and placed from the directory: 陈海燕（信访部门，桐庐县）.
    await waitFor(() => expect(screen.getByLabelText('当前用户').textContent).toContain('桐庐县'));
    expect(screen.getByLabelText('当前用户').textContent).toContain('陈海燕');
    const me = calls.find((r) => new URL(r.url).pathname === '/api/me')!;
    expect(me.headers.get('authorization')).toBe('Bearer access-token-1');
    await waitFor(() => expect(calls.some((r) => new URL(r.url).pathname === '/api/directory')).toBe(true));
    for (const request of calls.filter((r) => new URL(r.url).pathname.startsWith('/api/'))) {
      expect(request.headers.get('authorization')).toBe('Bearer access-token-1');
    }
    expect(calls.some((r) => new URL(r.url).pathname === '/local/config')).toBe(false);
  });

  it('says the account is not staff of this system when the API knows no staff member of that name, and keeps no session or user', async () => {
    oidc.signinRedirectCallback.mockResolvedValue({
      access_token: 'access-token-2',
      expires_at: Math.floor(Date.now() / 1000) + 3600,
      profile: { sub: '3f1c0000-0000-4000-8000-000000000002', 'cognito:username': 'former-employee' },
    });
    mockFetch({ 'GET /me': () => ({ status: 403, body: { error: { code: 'OutOfScope', message: 'former-employee is not a configured staff member' } } }) });
    renderRoutes(routes, '/auth/callback?code=def&state=uvw');
    expect(await screen.findByText('您的账号尚未登记为本系统的工作人员，请联系系统管理员。')).toBeTruthy();
    expect(readSession()).toBeUndefined();
    expect(oidc.removeUser).toHaveBeenCalledTimes(1);
  });

  it('says so and offers to sign in again when the provider\'s answer cannot be used', async () => {
    oidc.signinRedirectCallback.mockRejectedValue(new Error('No matching state found in storage'));
    mockFetch({});
    const user = userEvent.setup();
    renderRoutes(routes, '/auth/callback?code=abc&state=used');
    expect(await screen.findByText('登录未完成')).toBeTruthy();
    expect(readSession()).toBeUndefined();
    await user.click(screen.getByRole('button', { name: '重新登录' }));
    expect(await screen.findByRole('button', { name: '使用统一身份认证登录' })).toBeTruthy();
  });

  it('signs out at the provider too, with the parameters its logout endpoint wants', async () => {
    sessionStorage.setItem('xinfang.session', JSON.stringify({ token: 't', staff: { id: 'tl-office', name: '陈海燕', jurisdiction: '', roles: [] }, expiresAt: Date.now() + 60_000 }));
    mockFetch({ 'GET /cases': () => ({ body: { items: [] } }), 'GET /work-lists': () => ({ body: { lists: [] } }) });
    const user = userEvent.setup();
    renderRoutes(routes, '/');
    await user.click(await screen.findByRole('button', { name: '退出登录' }));
    await waitFor(() => expect(oidc.signoutRedirect).toHaveBeenCalledTimes(1));
    expect(oidc.signoutRedirect).toHaveBeenCalledWith({ extraQueryParams: { client_id: 'console-oidc-client', logout_uri: 'https://console.example/' } });
    expect(readSession()).toBeUndefined();
  });

  it('forgets a session whose token has expired and asks to sign in again', async () => {
    sessionStorage.setItem('xinfang.session', JSON.stringify({ token: 't', staff: { id: 'tl-office', name: '陈海燕', jurisdiction: '', roles: [] }, expiresAt: Date.now() - 1 }));
    mockFetch({});
    renderRoutes(routes, '/');
    expect(await screen.findByRole('button', { name: '使用统一身份认证登录' })).toBeTruthy();
    expect(sessionStorage.getItem('xinfang.session')).toBeNull();
  });
});
