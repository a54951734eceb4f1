import { z } from 'zod';
import { ConfigError, issuesFromZod } from './config-error.js';

/**
 * Environment of every function, validated once per container. A missing or
 * malformed variable stops the function at cold start with the variable named.
 * Tokens are verified before the handler runs (the HTTP API's JWT authorizer on
 * AWS, the local runtime's stand-in locally); on AWS the API function checks
 * them again against the user pool named by COGNITO_ISSUER and the app clients of COGNITO_CLIENT_IDS.
 */
export const functionEnvSchema = z.object({
  STAGE: z.string().regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and hyphens'),
  TABLE_NAME: z.string().min(3),
  MAIL_BUCKET: z.string().min(3),
  PROVINCE_CONFIG_PATH: z.string().min(1),
  QUEUE_URL_INTAKE: z.url().optional(),
  QUEUE_URL_ROUTING: z.url().optional(),
  QUEUE_URL_HANDOFF: z.url().optional(),
  QUEUE_URL_NOTIFY: z.url().optional(),
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
  /** The key of the per-case reply addresses (shared/app/intake/reply-tag.ts): the intake checks them, the mailer writes them. */
  REPLY_TAG_KEY: z.string().min(32, 'at least 32 characters of secret').optional(),
  /** What CloudFront sends in x-origin-verify (functions/api/viewer-address.ts): only with it is CloudFront-Viewer-Address believed. */
  ORIGIN_SECRET: z.string().min(32, 'at least 32 characters of secret').optional(),
});

export type FunctionEnv = z.output<typeof functionEnvSchema>;

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
export function requireQueueUrl(env: FunctionEnv, queue: 'intake' | 'routing' | 'handoff' | 'notify'): string {
  const name = `QUEUE_URL_${queue.toUpperCase()}` as const;
  const url = env[name as keyof FunctionEnv] as string | undefined;
  if (!url) throw new ConfigError('function environment', [{ path: name, message: `required: this function sends to the ${queue} queue` }]);
  return url;
}
