import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import * as z from 'zod';
import type { TokenVerifier } from './cognito-token.js';

export interface OidcTokenSettings {
  /** The `iss` of the provider's tokens, exactly as it writes it. */
  issuer: string;
  /** Accepted `aud` values, or `client_id` values of a token without `aud` (as API Gateway's JWT authorizer decides). */
  audiences: readonly string[];
  /** The claim carrying the staff id of the province configuration. */
  staffIdClaim: string;
  /** The provider's keys; found through its discovery document when not given. */
  jwksUri?: string;
}

/** Asymmetric algorithms only: a shared-secret (HS*) token could be minted by anyone holding the secret. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

const discoverySchema = z.object({ issuer: z.string(), jwks_uri: z.url() });

/**
 * Verifies a staff token from any OIDC provider (the province's single
 * sign-on, a Keycloak realm) with jose: signature against the provider's
 * published keys, issuer, expiry, and audience the way API Gateway's JWT
 * authorizer checks it (`aud` when present, else `client_id`). The staff id
 * is read from the configured claim and answered as `username`, where the
 * rest of the function looks for it; a token without it is refused.
 */
export function oidcTokenVerifier(settings: OidcTokenSettings, keys?: JWTVerifyGetKey): TokenVerifier {
  const getKey = keys ?? lazyRemoteKeys(settings);
  return async (token) => {
    const { payload } = await jwtVerify(token, getKey, { issuer: settings.issuer, algorithms: ALGORITHMS });
    if (!issuedTo(payload, settings.audiences)) throw new Error('the token was not issued for the staff API');
    const staffId = payload[settings.staffIdClaim];
    if (typeof staffId !== 'string' || staffId === '') throw new Error(`the token names no staff id in ${settings.staffIdClaim}`);
    const claims = Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
    return { ...claims, username: staffId };
  };
}

function issuedTo(payload: JWTPayload, audiences: readonly string[]): boolean {
  if (payload.aud !== undefined) return (Array.isArray(payload.aud) ? payload.aud : [payload.aud]).some((a) => audiences.includes(a));
  return typeof payload.client_id === 'string' && audiences.includes(payload.client_id);
}

/**
 * The provider's key set, from `jwksUri` or from its discovery document read
 * at the first token (and again after a failed read, so one network error at a
 * cold start does not stick for the container's life).
 */
function lazyRemoteKeys(settings: OidcTokenSettings): JWTVerifyGetKey {
  let keys: Promise<JWTVerifyGetKey> | undefined;
  const load = async (): Promise<JWTVerifyGetKey> => {
    if (settings.jwksUri) return createRemoteJWKSet(new URL(settings.jwksUri));
    const url = `${settings.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) throw new Error(`the provider's discovery document answered ${response.status}`);
    const discovery = discoverySchema.parse(await response.json());
    if (discovery.issuer !== settings.issuer) throw new Error(`the discovery document names issuer ${discovery.issuer}, not ${settings.issuer}`);
    return createRemoteJWKSet(new URL(discovery.jwks_uri));
  };
  return async (header, token) => {
    keys ??= load().catch((error: unknown) => {
      keys = undefined;
      throw error;
    });
    return (await keys)(header, token);
  };
}
