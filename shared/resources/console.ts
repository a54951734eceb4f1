import * as z from 'zod/mini';

/**
 * The staff console's runtime configuration, `/config.json` beside its
 * index.html: one build of the console serves every stage, and the stage says
 * how staff sign in. On AWS the stack writes it (infra/constructs/console-hosting.ts);
 * locally the gateway answers it (local/console-assets.ts); the console
 * validates it at start (web/console/src/lib/runtime-config.ts).
 * zod/mini: the schema is part of the console's first load.
 */
export const consoleRuntimeConfigSchema = z.object({
  auth: z.discriminatedUnion('kind', [
    /** Local only: pick a staff member of the configuration (POST /local/login). */
    z.object({ kind: z.literal('picker') }),
    /** Any OIDC provider, by authorization code + PKCE (Cognito's user pool on AWS). */
    z.object({
      kind: z.literal('oidc'),
      /** The issuer; its /.well-known/openid-configuration is read by the console. */
      authority: z.url(),
      clientId: z.string().check(z.minLength(1)),
      redirectUri: z.url(),
      postLogoutRedirectUri: z.url(),
      /** Scopes asked for; the access token must carry the staff id (Cognito: `username`). */
      scope: z.optional(z.string().check(z.minLength(1))),
      /** For a provider whose discovery document names no end_session_endpoint (Cognito: https://<domain>/logout). */
      endSessionEndpoint: z.optional(z.url()),
      /** Extra query parameters of the sign-out redirect (Cognito wants `client_id` and `logout_uri`). */
      signOutParams: z.optional(z.record(z.string(), z.string())),
    }),
  ]),
  /**
   * Where the staff API is: a path on the console's own origin (behind CloudFront: no CORS), or
   * the API's own https origin where CloudFront cannot put it under the console (CloudFront China).
   */
  apiBase: z.union([
    z.string().check(z.regex(/^\/[A-Za-z0-9/_-]*$/, 'a path on the console’s own origin, e.g. /api')),
    z.url({ protocol: /^https$/, error: 'a path such as /api, or the API’s own https:// address' }),
  ]),
});

export type ConsoleRuntimeConfig = z.infer<typeof consoleRuntimeConfigSchema>;
export type OidcSignIn = Extract<ConsoleRuntimeConfig['auth'], { kind: 'oidc' }>;

/** What the local gateway answers for /config.json: the staff picker, the API under /api as behind CloudFront. */
export const LOCAL_CONSOLE_RUNTIME_CONFIG: ConsoleRuntimeConfig = { auth: { kind: 'picker' }, apiBase: '/api' };

/** The console's API prefix on both runtimes; the gateway (locally) and a CloudFront Function (on AWS) strip it. */
export const CONSOLE_API_PREFIX = '/api';

/** Where the console reads its runtime configuration (beside index.html). */
export const CONSOLE_RUNTIME_CONFIG_PATH = '/config.json';

/** Where the identity provider sends staff back after signing in. */
export const CONSOLE_CALLBACK_PATH = '/auth/callback';

/**
 * The console's Content-Security-Policy, the same locally and behind CloudFront.
 * Ant Design injects its CSS-in-JS as <style> elements, hence 'unsafe-inline'
 * for styles only; scripts come only from the console's own origin.
 * `connectSources` are the identity provider's origins the console calls
 * (discovery, keys, token endpoint) during OIDC sign-in.
 */
export function consoleContentSecurityPolicy(connectSources: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    ["connect-src 'self'", ...connectSources].join(' '),
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}
