import type { webcrypto } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { cognitoTokenVerifier } from '../../shared/adapters/cognito-token.js';
import { createLogger } from '../../shared/adapters/logger.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { createApiHandler } from '../../functions/api/app.js';
import type { ApiDeps } from '../../functions/api/routes.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';
import { httpEvent, lambdaContext } from '../fixtures/http-event.js';
import { captureLogs } from '../fixtures/log-capture.js';

/**
 * On AWS the API function verifies the Cognito token itself (jose), besides
 * API Gateway's authorizer, and takes the caller only from the verified token.
 */

type CryptoKey = webcrypto.CryptoKey;
const ISSUER = 'https://cognito-idp.ap-east-1.amazonaws.com/ap-east-1_TESTPOOL';
/** The scripts' SRP client and the console's OIDC client: the API accepts the tokens of both. */
const CLIENT = 'scripts-client-id';
const CONSOLE_CLIENT = 'console-oidc-client-id';
let poolKey: CryptoKey;
let strangerKey: CryptoKey;
let invoke: (event: ReturnType<typeof httpEvent>) => Promise<{ statusCode?: number; body?: string }>;

beforeAll(async () => {
  const pool = await generateKeyPair('RS256');
  const stranger = await generateKeyPair('RS256');
  poolKey = pool.privateKey as CryptoKey;
  strangerKey = stranger.privateKey as CryptoKey;
  const jwk: JWK = { ...(await exportJWK(pool.publicKey)), kid: 'pool-key', alg: 'RS256', use: 'sig' };
  // A store that has no cases and an empty list: enough to tell "let in" (404 / 200) from "kept out" (401 / 403).
  const deps = {
    store: { get: async () => undefined, listByJurisdiction: async () => ({ items: [] }), appendAudit: async () => undefined },
    province: loadProvinceConfig(DEMO_CONFIG),
    clock: { now: () => new Date('2026-11-23T02:00:00Z') },
  } as unknown as ApiDeps;
  const handler = createApiHandler(deps, createLogger('api'), cognitoTokenVerifier(ISSUER, [CLIENT, CONSOLE_CLIENT], createLocalJWKSet({ keys: [jwk] })));
  invoke = async (event) => {
    const logs = captureLogs();
    try {
      return (await handler(event, lambdaContext)) as { statusCode?: number; body?: string };
    } finally {
      logs.restore();
    }
  };
});

function token(opts: { key?: CryptoKey; username?: string; clientId?: string; issuer?: string; expiresIn?: string } = {}) {
  return new SignJWT({ username: opts.username ?? 'tonglu-registrar', token_use: 'access', client_id: opts.clientId ?? CLIENT, scope: 'aws.cognito.signin.user.admin' })
    .setProtectedHeader({ alg: 'RS256', kid: 'pool-key' })
    .setIssuer(opts.issuer ?? ISSUER)
    .setSubject('3f1c0000-0000-4000-8000-000000000001')
    .setIssuedAt()
    .setExpirationTime(opts.expiresIn ?? '1h')
    .sign(opts.key ?? poolKey);
}

const withToken = async (path: string, bearer: string | undefined, authorizerStaff = 'tonglu-registrar', query?: Record<string, string>) =>
  invoke(httpEvent({ method: 'GET', path, staffId: authorizerStaff, ...(query ? { query } : {}), headers: bearer ? { authorization: `Bearer ${bearer}` } : {} }));

describe('the API verifies the Cognito token itself', () => {
  it('lets a valid token of the pool, issued to the scripts\' client, through', async () => {
    expect((await withToken('/cases/330122-2026-000001', await token())).statusCode).toBe(404);
  });

  it('lets the console\'s access token (OIDC sign-in, its own app client) through as the staff member it names', async () => {
    expect((await withToken('/cases/330122-2026-000001', await token({ clientId: CONSOLE_CLIENT }))).statusCode).toBe(404);
    const admin = await withToken('/cases', await token({ clientId: CONSOLE_CLIENT, username: 'zj-admin' }), 'zj-admin', { jurisdiction: '330000' });
    expect(admin.statusCode).toBe(200);
  });

  it.each([
    ['no token', async () => undefined],
    ['a token signed by another key', async () => token({ key: strangerKey })],
    ['a token of another app client', async () => token({ clientId: 'someone-else' })],
    ['a token of another pool', async () => token({ issuer: 'https://cognito-idp.ap-east-1.amazonaws.com/ap-east-1_OTHER' })],
    ['an expired token', async () => token({ expiresIn: '-1m' })],
    ['a malformed token', async () => 'not.a.jwt'],
  ])('answers 401 to %s', async (_what, make) => {
    const response = await withToken('/cases/330122-2026-000001', await make());
    expect(response.statusCode).toBe(401);
    expect(JSON.parse(response.body!).error.code).toBe('Unauthenticated');
  });

  it('takes the caller from the verified token, not from what the request context says', async () => {
    // The context claims the province administrator; the token is a county registrar's.
    const response = await withToken('/cases', await token({ username: 'tonglu-registrar' }), 'zj-admin', { jurisdiction: '330000' });
    expect(response.statusCode).toBe(403);
    const admin = await withToken('/cases', await token({ username: 'zj-admin' }), 'zj-admin', { jurisdiction: '330000' });
    expect(admin.statusCode).toBe(200);
  });

  it('asks no token on the public routes', async () => {
    const response = await invoke(httpEvent({ method: 'GET', path: '/public/openapi.json' }));
    expect(response.statusCode).toBe(200);
  });
});
