import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { SignJWT, jwtVerify, type JWTPayload } from 'jose';

const ISSUER = 'xinfang-local';
const AUDIENCE = 'xinfang-api';

/**
 * The local stand-in for the Cognito user pool and the HTTP API's JWT
 * authorizer: tokens are HS256 with a secret kept in the data folder, so they
 * survive a restart, and carry the staff id as `username` like Cognito's.
 */
export class LocalAuth {
  private constructor(private readonly secret: Uint8Array) {}

  static fromDataDir(secretFile: string): LocalAuth {
    return new LocalAuth(Buffer.from(localSecret(secretFile), 'base64'));
  }

  async issue(staffId: string, lifetimeHours = 12): Promise<string> {
    return new SignJWT({ username: staffId, token_use: 'access', scope: 'xinfang/staff' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(staffId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${lifetimeHours}h`)
      .sign(this.secret);
  }

  /** The claims as API Gateway passes them to the function (all values as strings), or undefined. */
  async verify(authorization: string | undefined): Promise<Record<string, string> | undefined> {
    const token = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1];
    if (!token) return undefined;
    try {
      const { payload } = await jwtVerify(token, this.secret, { issuer: ISSUER, audience: AUDIENCE });
      return stringClaims(payload);
    } catch {
      return undefined;
    }
  }
}

function stringClaims(payload: JWTPayload): Record<string, string> {
  return Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

/** A random secret generated once and kept in the data folder (locally, what the stack's secrets are on AWS). */
export function localSecret(file: string): string {
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}
