import { describe, expect, it, vi } from 'vitest';
import { loadRuntimeConfig } from './runtime-config';

const answer = (status: number, body: string) => vi.fn(async () => new Response(body, { status, headers: { 'content-type': 'application/json' } }));

describe('/config.json, read at start', () => {
  it('takes the local picker and an OIDC configuration', async () => {
    expect(await loadRuntimeConfig(answer(200, '{"auth":{"kind":"picker"},"apiBase":"/api"}'))).toEqual({ auth: { kind: 'picker' }, apiBase: '/api' });
    const oidc = {
      auth: {
        kind: 'oidc',
        authority: 'https://cognito-idp.ap-east-1.amazonaws.com/ap-east-1_TESTPOOL',
        clientId: 'abc',
        redirectUri: 'https://console.example/auth/callback',
        postLogoutRedirectUri: 'https://console.example/',
      },
      apiBase: '/api',
    };
    expect(await loadRuntimeConfig(answer(200, JSON.stringify(oidc)))).toEqual(oidc);
  });

  it('takes the API on its own https domain (CloudFront China cannot put it under /api)', async () => {
    const config = { auth: { kind: 'picker' }, apiBase: 'https://api.xinfang.zj.gov.example' };
    expect(await loadRuntimeConfig(answer(200, JSON.stringify(config)))).toEqual(config);
  });

  it.each([
    ['missing', answer(404, '{}'), '无法读取运行配置 /config.json（HTTP 404）'],
    ['not JSON (the app\'s HTML, say)', answer(200, '<!doctype html>'), '运行配置 /config.json 不是有效的 JSON'],
    ['an OIDC client without its id', answer(200, '{"auth":{"kind":"oidc","authority":"https://idp.example","redirectUri":"https://c.example/auth/callback","postLogoutRedirectUri":"https://c.example/"},"apiBase":"/api"}'), 'auth.clientId'],
    ['an authority that is no URL', answer(200, '{"auth":{"kind":"oidc","authority":"idp","clientId":"a","redirectUri":"https://c.example/auth/callback","postLogoutRedirectUri":"https://c.example/"},"apiBase":"/api"}'), 'auth.authority'],
    ['an unknown kind of sign-in', answer(200, '{"auth":{"kind":"saml"},"apiBase":"/api"}'), 'auth'],
    ['the API on another origin over plain http', answer(200, '{"auth":{"kind":"picker"},"apiBase":"http://api.example"}'), 'apiBase'],
  ])('refuses a configuration %s, in Chinese, naming the problem', async (_what, fetchImpl, expected) => {
    await expect(loadRuntimeConfig(fetchImpl)).rejects.toThrow(expected);
    await expect(loadRuntimeConfig(fetchImpl)).rejects.toThrow(/运行配置/);
  });

  it('says the network is down when it cannot ask', async () => {
    await expect(loadRuntimeConfig(vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))))).rejects.toThrow('无法读取运行配置 /config.json：网络不可用');
  });
});
