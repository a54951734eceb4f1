import * as z from 'zod';
import { ConfigError, issuesFromZod } from './config-error.js';
import type { QueueId } from '../resources/definitions.js';

/**
 * Environment of every function, validated once per container. A missing or
 * malformed variable stops the function at cold start with the variable named.
 * Tokens are verified before the handler runs (the HTTP API's JWT authorizer on
 * AWS, the local runtime's stand-in locally); on AWS the API function checks
 * them again: against the user pool named by COGNITO_ISSUER and the app clients of COGNITO_CLIENT_IDS,
 * or, where staff sign in through another OIDC provider, against OIDC_ISSUER and OIDC_AUDIENCES,
 * taking the staff id from the claim OIDC_STAFF_ID_CLAIM.
 */
export const functionEnvSchema = z.object({
  STAGE: z.string().regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and hyphens'),
  TABLE_NAME: z.string().min(3),
  MAIL_BUCKET: z.string().min(3),
  PROVINCE_CONFIG_PATH: z.string().min(1),
  QUEUE_URL_INTAKE: z.url().optional(),
  QUEUE_URL_INTAKEURGENT: z.url().optional(),
  QUEUE_URL_ROUTING: z.url().optional(),
  QUEUE_URL_HANDOFF: z.url().optional(),
  QUEUE_URL_NOTIFY: z.url().optional(),
  QUEUE_URL_NOTIFYURGENT: z.url().optional(),
  QUEUE_URL_NOTIFYROUTINE: z.url().optional(),
  /**
   * Whether something pre-checks incoming mail for urgency (SES's receipt path, the IMAP poller):
   * then the intake leaves an urgent email it meets first on the intake queue to the urgent lane's copy.
   */
  URGENT_PRECHECK: z.enum(['true', 'false']).default('false'),
  /** Local S3 stand-ins need path-style addressing. */
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('false'),
  LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
  /** The Cognito user pool's issuer URL and its staff app clients (comma-separated: scripts' SRP client, the console's OIDC client): the API verifies tokens itself too. */
  COGNITO_ISSUER: z.url().optional(),
  COGNITO_CLIENT_IDS: z
    .string()
    .regex(/^[^,\s]+(,[^,\s]+)*$/, 'app client ids separated by commas, no spaces')
    .transform((ids) => ids.split(','))
    .optional(),
  /** Another OIDC provider as the staff tokens' issuer (shared/config/stage.ts, signIn: oidc): its `iss`, exactly. */
  OIDC_ISSUER: z.url({ protocol: /^https$/, error: 'an https:// issuer URL' }).optional(),
  /** Accepted `aud` (or `client_id`) values, comma-separated. */
  OIDC_AUDIENCES: z
    .string()
    .regex(/^[^,\s]+(,[^,\s]+)*$/, 'audiences separated by commas, no spaces')
    .transform((ids) => ids.split(','))
    .optional(),
  /** The claim carrying the staff id of the province configuration, e.g. preferred_username or staff_id. */
  OIDC_STAFF_ID_CLAIM: z.string().regex(/^[A-Za-z0-9_:.-]+$/, 'a claim name').optional(),
  /** The provider's keys; read from its discovery document when not given. */
  OIDC_JWKS_URI: z.url({ protocol: /^https$/, error: 'an https:// URL' }).optional(),
  /** The key of the per-case reply addresses (shared/app/intake/reply-tag.ts): the intake checks them, the mailer writes them. */
  REPLY_TAG_KEY: z.string().min(32, 'at least 32 characters of secret').optional(),
  /** How the mailer sends: SES (where it is offered) or a mail provider's SMTP submission (the AWS China regions). */
  MAIL_SENDER: z.enum(['ses', 'smtp']).default('ses'),
  /** This instance's share of the SES sending rate (shared/resources/functions.ts sendRateShare); 1 where one pacer serves every lane. */
  SEND_RATE_SHARE: z.coerce.number().positive().max(1).default(1),
  /** With MAIL_SENDER=smtp: the provider's submission server, its sending quota and pool size (the stage's mailOut settings). */
  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  SMTP_RATE_PER_SECOND: z.coerce.number().positive().max(1000).optional(),
  SMTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(20).default(2),
  /** The Secrets Manager secret (name or ARN) holding the SMTP account (shared/adapters/smtp/smtp-secret.ts); read once per container. */
  SMTP_SECRET_ID: z.string().min(1).optional(),
  /** What CloudFront sends in x-origin-verify (functions/api/viewer-address.ts): only with it is CloudFront-Viewer-Address believed. */
  ORIGIN_SECRET: z.string().min(32, 'at least 32 characters of secret').optional(),
});

export type FunctionEnv = z.output<typeof functionEnvSchema>;

/** How the API function checks staff tokens itself, if the environment says (none locally, where the gateway has checked them). */
export type StaffTokenSettings =
  | { kind: 'cognito'; issuer: string; clientIds: string[] }
  | { kind: 'oidc'; issuer: string; audiences: string[]; staffIdClaim: string; jwksUri?: string };

/** The token settings of the environment; an OIDC issuer without its audiences or staff-id claim is a deployment mistake, reported by name. */
export function staffTokenSettings(env: FunctionEnv): StaffTokenSettings | undefined {
  if (env.OIDC_ISSUER) {
    const missing = (['OIDC_AUDIENCES', 'OIDC_STAFF_ID_CLAIM'] as const).filter((key) => env[key] === undefined);
    if (missing.length > 0) throw new ConfigError('function environment', missing.map((path) => ({ path, message: 'required with OIDC_ISSUER' })));
    return {
      kind: 'oidc',
      issuer: env.OIDC_ISSUER,
      audiences: env.OIDC_AUDIENCES!,
      staffIdClaim: env.OIDC_STAFF_ID_CLAIM!,
      ...(env.OIDC_JWKS_URI ? { jwksUri: env.OIDC_JWKS_URI } : {}),
    };
  }
  if (env.COGNITO_ISSUER && env.COGNITO_CLIENT_IDS) return { kind: 'cognito', issuer: env.COGNITO_ISSUER, clientIds: env.COGNITO_CLIENT_IDS };
  return undefined;
}

export function parseFunctionEnv(env: NodeJS.ProcessEnv = process.env): FunctionEnv {
  const parsed = functionEnvSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError('function environment', issuesFromZod(parsed.error));
  return parsed.data;
}

/** The reply-address key; its absence in a function that needs it is a deployment mistake, reported by name. */
export function requireReplyTagKey(env: FunctionEnv): string {
  if (!env.REPLY_TAG_KEY) throw new ConfigError('function environment', [{ path: 'REPLY_TAG_KEY', message: 'required: this function writes or checks per-case reply addresses' }]);
  return env.REPLY_TAG_KEY;
}

/** The URL of a queue the function sends to; its absence is a deployment mistake, reported by name. */
export function requireQueueUrl(env: FunctionEnv, queue: QueueId): string {
  const name = `QUEUE_URL_${queue.toUpperCase()}` as const;
  const url = env[name as keyof FunctionEnv] as string | undefined;
  if (!url) throw new ConfigError('function environment', [{ path: name, message: `required: this function sends to the ${queue} queue` }]);
  return url;
}

/** The SMTP settings; any missing when the mailer sends by SMTP is a deployment mistake, each reported by name. */
export function requireSmtpSettings(env: FunctionEnv): { host: string; port: number; ratePerSecond: number; maxConnections: number; secretId: string } {
  const { SMTP_HOST: host, SMTP_PORT: port, SMTP_RATE_PER_SECOND: ratePerSecond, SMTP_SECRET_ID: secretId } = env;
  const missing = (['SMTP_HOST', 'SMTP_PORT', 'SMTP_RATE_PER_SECOND', 'SMTP_SECRET_ID'] as const).filter((name) => env[name] === undefined);
  if (host === undefined || port === undefined || ratePerSecond === undefined || secretId === undefined) {
    throw new ConfigError('function environment', missing.map((path) => ({ path, message: 'required: MAIL_SENDER is smtp' })));
  }
  return { host, port, ratePerSecond, maxConnections: env.SMTP_MAX_CONNECTIONS, secretId };
}
