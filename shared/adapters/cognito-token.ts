import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';

/** Verifies a staff token and answers its claims (as strings, as API Gateway passes them); throws when it is not valid. */
export type TokenVerifier = (token: string) => Promise<Record<string, string>>;

/**
 * Verifies a Cognito user-pool token with jose: signature against the pool's
 * published keys (fetched once and cached), issuer, expiry, and that it was
 * issued to one of the staff app clients (`client_id` of an access token,
 * `aud` of an id token): the scripts' SRP client or the console's OIDC client. API Gateway's JWT authorizer checks the same before the
 * function runs; checking again here means a misconfigured route can never
 * let an unverified caller act as staff.
 */
export function cognitoTokenVerifier(issuer: string, clientIds: readonly string[], keys: JWTVerifyGetKey = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`))): TokenVerifier {
  return async (token) => {
    const { payload } = await jwtVerify(token, keys, { issuer, algorithms: ['RS256'] });
    const audience = payload.token_use === 'access' ? payload.client_id : payload.aud;
    if (typeof audience !== 'string' || !clientIds.includes(audience)) throw new Error('the token was not issued to a staff app client');
    return Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  };
}
