import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';

/** Verifies a staff token and answers its claims (as strings, as API Gateway passes them); throws when it is not valid. */
export type TokenVerifier = (token: string) => Promise<Record<string, string>>;

/**
 * Verifies a Cognito user-pool token with jose: signature against the pool's
 * published keys (fetched once and cached), issuer, expiry, and that it was
 * issued to the staff console client (`client_id` of an access token, `aud`
 * of an id token). API Gateway's JWT authorizer checks the same before the
 * function runs; checking again here means a misconfigured route can never
 * let an unverified caller act as staff.
 */
export function cognitoTokenVerifier(issuer: string, clientId: string, keys: JWTVerifyGetKey = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`))): TokenVerifier {
  return async (token) => {
    const { payload } = await jwtVerify(token, keys, { issuer, algorithms: ['RS256'] });
    const audience = payload.token_use === 'access' ? payload.client_id : payload.aud;
    if (audience !== clientId) throw new Error('the token was not issued to the staff console');
    return Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  };
}
