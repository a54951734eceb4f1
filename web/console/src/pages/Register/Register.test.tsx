// @vitest-environment happy-dom
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockFetch, renderRoutes, signIn } from '../../test/render';
import RegisterPage from '.';

describe('登记', () => {
  beforeEach(() => signIn());
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    sessionStorage.clear();
  });

  it('shows the API’s field errors by their fields, and sends one Idempotency-Key per form', async () => {
    let attempts = 0;
    const { calls } = mockFetch({
      'POST /cases': () => {
        attempts += 1;
        return attempts === 1
          ? { status: 400, body: { error: { code: 'InvalidInput', message: '输入有误', issues: [{ path: 'body.petitioner.email', message: '不是有效的电子邮件地址' }] } } }
          : { status: 201, body: { case: { caseNumber: '330122-2026-000009', status: 'registered', version: 1 } } };
      },
      'GET /cases/330122-2026-000009': () => ({ body: {} }),
    });
    const user = userEvent.setup();
    renderRoutes(
      [
        { path: '/register', element: <RegisterPage /> },
        { path: '/cases/:caseNumber', element: <p>案件页</p> },
      ],
      '/register',
    );
    await user.type(await screen.findByLabelText('信访事项'), '小区物业乱收费。');
    await user.type(screen.getByLabelText('电子邮件'), 'wang@');
    await user.click(screen.getByRole('button', { name: '登记' }));
    expect(await screen.findByText('不是有效的电子邮件地址')).toBeTruthy();

    await user.clear(screen.getByLabelText('电子邮件'));
    await user.click(screen.getByRole('button', { name: '登记' }));
    expect(await screen.findByText('案件页')).toBeTruthy();

    const posts = calls.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(2);
    const keys = posts.map((r) => r.headers.get('idempotency-key'));
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    const body = await posts[1]!.clone().json();
    expect(body).toMatchObject({ jurisdiction: '330122', channel: 'letter', matter: '小区物业乱收费。', petitioner: { anonymous: true } });
  });
});
