import type { webcrypto } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { handlerEnv } from '../fixtures/handler-env.js';
import { httpEvent, lambdaContext } from '../fixtures/http-event.js';
import { captureLogs } from '../fixtures/log-capture.js';
import { parseFunctionEnv, staffTokenSettings } from '../../shared/config/env.js';

/**
 * A stage whose staff sign in through the province's own OIDC provider (a
 * Keycloak realm here), not a Cognito user pool: the API function, loaded as
 * Lambda loads it with the stack's OIDC_* environment, finds the provider's
 * keys through its discovery document, and takes the caller from the claim
 * the stage names (`staff_id`), whatever else the token says.
 */

type CryptoKey = webcrypto.CryptoKey;
const ISSUER = 'https://sso.zj.petitions.example/realms/xinfang';
const JWKS_URI = `${ISSUER}/protocol/openid-connect/certs`;
const AUDIENCE = 'xinfang-api';
let realmKey: CryptoKey;
let strangerKey: CryptoKey;
let handler: (event: unknown, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;
const fetched: string[] = [];

beforeAll(async () => {
  const realm = await generateKeyPair('ES256');
  const stranger = await generateKeyPair('ES256');
  realmKey = realm.privateKey as CryptoKey;
  strangerKey = stranger.privateKey as CryptoKey;
  const jwk: JWK = { ...(await exportJWK(realm.publicKey)), kid: 'realm-key', alg: 'ES256', use: 'sig' };
  // The provider, as the function reaches it over HTTPS: its discovery document and its keys, nothing else.
  vi.stubGlobal('fetch', async (input: string | URL | Request) => {
    const url = input instanceof Request ? input.url : String(input);
    fetched.push(url);
    if (url === `${ISSUER}/.well-known/openid-configuration`) return Response.json({ issuer: ISSUER, jwks_uri: JWKS_URI, authorization_endpoint: `${ISSUER}/protocol/openid-connect/auth` });
    if (url === JWKS_URI) return Response.json({ keys: [jwk] });
    return new Response('not found', { status: 404 });
  });
  for (const [k, v] of Object.entries(oidcEnv())) vi.stubEnv(k, v);
  vi.resetModules();
  handler = (await import('../../functions/api/handler.js')).handler as unknown as typeof handler;
});

afterAll(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
});

function oidcEnv(): Record<string, string> {
  return { ...handlerEnv('ERROR'), OIDC_ISSUER: ISSUER, OIDC_AUDIENCES: `${AUDIENCE},xinfang-scripts`, OIDC_STAFF_ID_CLAIM: 'staff_id' };
}

/** A Keycloak access token: `aud` by the realm's audience mapper, the staff id in a custom claim, the person's own login name beside it. */
function token(claims: Record<string, unknown> = {}, opts: { key?: CryptoKey; issuer?: string; expiresIn?: string } = {}) {
  return new SignJWT({ aud: [AUDIENCE, 'account'], azp: 'xinfang-console', typ: 'Bearer', preferred_username: 'zhang.wei', staff_id: 'tonglu-registrar', scope: 'openid profile', ...claims })
    .setProtectedHeader({ alg: 'ES256', kid: 'realm-key', typ: 'JWT' })
    .setIssuer(opts.issuer ?? ISSUER)
    .setSubject('7d0a0000-0000-4000-8000-000000000042')
    .setIssuedAt()
    .setExpirationTime(opts.expiresIn ?? '5m')
    .sign(opts.key ?? realmKey);
}

async function me(bearer: string | undefined) {
  const logs = captureLogs();
  try {
    // API Gateway's own claims are not what the function believes: it checks the token itself.
    const result = await handler(httpEvent({ method: 'GET', path: '/me', staffId: 'zj-admin', headers: bearer ? { authorization: `Bearer ${bearer}` } : {} }), lambdaContext);
    return { status: result.statusCode, body: JSON.parse(result.body ?? 'null') as { id?: string; error?: { code: string } } };
  } finally {
    logs.restore();
  }
}

describe('staff signed in through the province’s OIDC provider', () => {
  it('are the staff member the configured claim names, the keys found through the discovery document', async () => {
    const response = await me(await token());
    expect(response.status).toBe(200);
    expect(response.body.id).toBe('tonglu-registrar');
    expect(fetched).toContain(`${ISSUER}/.well-known/openid-configuration`);
    expect(fetched).toContain(JWKS_URI);
  });

  it('take the staff id from the configured claim only, not from a `username` the token also carries', async () => {
    const response = await me(await token({ username: 'zj-admin', staff_id: 'tonglu-registrar' }));
    expect(response.body.id).toBe('tonglu-registrar');
  });

  it('are let in with a token that has no `aud` but a `client_id` among the audiences, as API Gateway decides', async () => {
    const response = await me(await token({ aud: undefined, client_id: 'xinfang-scripts' }));
    expect(response.status).toBe(200);
  });

  it('are refused (403) when the claim names nobody in the province configuration', async () => {
    expect((await me(await token({ staff_id: 'no-such-person' }))).status).toBe(403);
  });

  it.each([
    ['no token', async () => undefined],
    ['a token for another audience', async () => token({ aud: ['account'] })],
    ['a token without the staff-id claim', async () => token({ staff_id: undefined })],
    ['a token from another issuer (a Cognito pool)', async () => token({}, { issuer: 'https://cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_POOL' })],
    ['a token signed by another key', async () => token({}, { key: strangerKey })],
    ['an expired token', async () => token({}, { expiresIn: '-1m' })],
    [
      'a token signed with a shared secret (HS256)',
      async () =>
        new SignJWT({ aud: AUDIENCE, staff_id: 'zj-admin' })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer(ISSUER)
          .setExpirationTime('5m')
          .sign(new TextEncoder().encode('0123456789abcdef0123456789abcdef')),
    ],
  ])('answer 401 to %s', async (_what, make) => {
    const response = await me(await make());
    expect(response.status).toBe(401);
    expect(response.body.error?.code).toBe('Unauthenticated');
  });
});

describe('the OIDC settings of the function environment', () => {
  it('name a missing audience or staff-id claim when the issuer is given', () => {
    const env = parseFunctionEnv({ ...oidcEnv(), OIDC_AUDIENCES: undefined, OIDC_STAFF_ID_CLAIM: undefined });
    expect(() => staffTokenSettings(env)).toThrow(/OIDC_AUDIENCES: required with OIDC_ISSUER[\s\S]*OIDC_STAFF_ID_CLAIM: required with OIDC_ISSUER/);
  });

  it('refuse an issuer that is not https', () => {
    expect(() => parseFunctionEnv({ ...oidcEnv(), OIDC_ISSUER: 'http://sso.zj.petitions.example/realms/xinfang' })).toThrow(/OIDC_ISSUER/);
  });
});
