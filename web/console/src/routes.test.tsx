// @vitest-environment happy-dom
import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { mockFetch, renderRoutes, signedInEachTest } from './test/render';
import { routes } from './routes';

describe('the console’s routes', () => {
  signedInEachTest();

  it.each(['/register', '/login'])('says it is loading while %s’s code loads on a first visit, without React Router’s warning', async (path) => {
    const warnings = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    mockFetch({});
    renderRoutes(routes, path);
    expect(screen.getByRole('status').textContent).toBe('正在加载…');
    await screen.findByRole('button', { name: path === '/login' ? /^以 .+ 登录$/ : '登记' }, { timeout: 10_000 });
    expect(screen.queryByText('正在加载…')).toBeNull();
    expect(warnings.mock.calls.flat().join('\n')).not.toMatch(/HydrateFallback/);
  });

  it('answers a link to no page (an old email’s) with 页面不存在 and the way back, inside the console', async () => {
    mockFetch({});
    renderRoutes(routes, '/worklist/330122-housing');
    expect(await screen.findByText('页面不存在')).toBeTruthy();
    expect(screen.getByRole('link', { name: '返回工作台' }).getAttribute('href')).toBe('/');
  });
});
