import { existsSync } from 'node:fs';
import * as z from 'zod';
import { ConfigError, issuesFromZod } from './config-error.js';
import { readConfigFile } from './config-file.js';

/**
 * How a stage reaches the world: how mail comes in, how it goes out, and how
 * staff sign in. The defaults are the AWS services (SES, Cognito); a stage in
 * the AWS China regions, which offer neither, chooses IMAP, SMTP and an OIDC
 * provider instead. Read from `config/stages/<stage>.yaml` when that file
 * exists (or the file named by context `stageConfig`), validated here, and
 * used by the stack (infra/petitions-stack.ts) to choose constructs.
 */

const hostName = z
  .string()
  .regex(/^(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/, 'a host name, e.g. imap.exmail.qq.com');
const port = z.number().int().min(1).max(65535);
const mailDomain = z
  .string()
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'a lower-case mail domain, e.g. zj.gov.cn');
/** Secrets Manager's rules for a secret name. */
const secretName = z.string().regex(/^[A-Za-z0-9/_+=.@-]{1,512}$/, 'a Secrets Manager secret name (letters, digits and /_+=.@-)');
const httpsUrl = z.url({ protocol: /^https$/, error: 'an https:// URL' });

/** An IMAP server of the offices' mail provider and the mailbox domains it hosts; credentials are one Secrets Manager secret per domain (imapSecretName). */
export const imapServerSchema = z
  .object({
    host: hostName,
    /** Implicit TLS (IMAPS); plain IMAP is never used. */
    port: port.default(993),
    /** Mailbox domains (the part after @ of office mailboxes) hosted there. */
    domains: z.array(mailDomain).min(1),
  })
  .strict();

export const mailInSchema = z.discriminatedUnion('kind', [
  /** SES receipt rules store each message under raw/<mailbox>/ (the default where SES exists). */
  z.object({ kind: z.literal('ses') }).strict(),
  /** A scheduled function polls each office mailbox over IMAP and stores each message under raw/<mailbox>/. */
  z
    .object({
      kind: z.literal('imap'),
      servers: z.array(imapServerSchema).min(1, 'at least one IMAP server, for the domains of the offices’ mailboxes'),
      /** How often each mailbox is polled. */
      everyMinutes: z.number().int().min(1).max(60).default(5),
      /** Mailboxes one invocation polls; more mailboxes make more batches. */
      mailboxesPerBatch: z.number().int().min(1).max(50).default(10),
      /** The folder new petitions arrive in. */
      folder: z.string().min(1).default('INBOX'),
      /** Where a stored message is moved; without it the message is flagged and stays. */
      storedFolder: z.string().min(1).optional(),
    })
    .strict()
    .refine((c) => new Set(c.servers.flatMap((s) => s.domains)).size === c.servers.flatMap((s) => s.domains).length, {
      message: 'each mailbox domain on one server only',
      path: ['servers'],
    }),
]);

export const mailOutSchema = z.discriminatedUnion('kind', [
  /** SES with the verified domain identity and its configuration set (the default where SES exists). */
  z.object({ kind: z.literal('ses') }).strict(),
  /** The province's mail provider over SMTP: TLS required, pooled, rate-limited to its quota. */
  z
    .object({
      kind: z.literal('smtp'),
      host: hostName,
      /** 465: implicit TLS; 587: STARTTLS, required. */
      port: port.default(465),
      /** The SMTP user and password (JSON); defaults to smtpSecretName(stage). */
      secretName: secretName.optional(),
      /** The provider's sending quota, in messages per second. */
      ratePerSecond: z.number().positive().max(100).default(1),
      /** Pooled connections per mailer instance. */
      maxConnections: z.number().int().min(1).max(10).default(2),
    })
    .strict(),
]);

export const signInSchema = z.discriminatedUnion('kind', [
  /** The stack's own Cognito user pool; the staff id is the username (the default where Cognito user pools exist). */
  z.object({ kind: z.literal('cognito') }).strict(),
  /** Any OIDC provider (the province's single sign-on, a Keycloak realm) as the API's JWT issuer. */
  z
    .object({
      kind: z.literal('oidc'),
      /** The `iss` of its tokens, exactly; its /.well-known/openid-configuration is public. */
      issuer: httpsUrl,
      /** Accepted `aud` (or `client_id`) values of access tokens: API Gateway and the API function check both. */
      audience: z.array(z.string().min(1)).min(1),
      /** The claim carrying the staff id of config/province.yaml (`staff[].id`), e.g. preferred_username or a custom `staff_id`. */
      staffIdClaim: z.string().regex(/^[A-Za-z0-9_:.-]+$/, 'a claim name, e.g. preferred_username'),
      /** The keys; defaults to the discovery document's jwks_uri. */
      jwksUri: httpsUrl.optional(),
      /** The staff console's OIDC client (authorization code + PKCE, no secret). */
      console: z
        .object({
          clientId: z.string().min(1),
          /** Defaults to the issuer. */
          authority: httpsUrl.optional(),
          scope: z.string().min(1).default('openid profile'),
          /** For a provider whose discovery document names no end_session_endpoint. */
          endSessionEndpoint: httpsUrl.optional(),
          /** Origins besides the authority's that the console calls during sign-in (token endpoint, keys). */
          connectOrigins: z.array(httpsUrl).default([]),
        })
        .strict(),
    })
    .strict(),
]);

export const stageConfigSchema = z
  .object({
    mailIn: mailInSchema.default({ kind: 'ses' }),
    mailOut: mailOutSchema.default({ kind: 'ses' }),
    signIn: signInSchema.default({ kind: 'cognito' }),
  })
  .strict();

export type StageConfig = z.output<typeof stageConfigSchema>;
export type MailInConfig = StageConfig['mailIn'];
export type ImapMailIn = Extract<MailInConfig, { kind: 'imap' }>;
export type ImapServer = ImapMailIn['servers'][number];
export type MailOutConfig = StageConfig['mailOut'];
export type SmtpMailOut = Extract<MailOutConfig, { kind: 'smtp' }>;
export type SignInConfig = StageConfig['signIn'];
export type OidcSignInConfig = Extract<SignInConfig, { kind: 'oidc' }>;

/** The stage's choices only, e.g. for FunctionDefinition.when. */
export interface StageChoices {
  mailIn: MailInConfig['kind'];
  mailOut: MailOutConfig['kind'];
  signIn: SignInConfig['kind'];
}

/** SES and Cognito everywhere: what a stage without a file of its own gets. */
export const DEFAULT_STAGE_CONFIG: StageConfig = stageConfigSchema.parse({});

/** Where a stage's file is looked for unless context `stageConfig` names one. */
export function stageConfigPath(stage: string): string {
  return `config/stages/${stage}.yaml`;
}

export function stageChoices(config: StageConfig): StageChoices {
  return { mailIn: config.mailIn.kind, mailOut: config.mailOut.kind, signIn: config.signIn.kind };
}

/** The Secrets Manager secret holding one mailbox domain's IMAP credentials. */
export function imapSecretName(stage: string, domain: string): string {
  return `xinfang-${stage}/imap/${domain}`;
}

/** The IMAP server hosting a mailbox's domain, if the stage names one. */
export function imapServerFor(mailIn: ImapMailIn, mailbox: string): ImapServer | undefined {
  const domain = mailbox.slice(mailbox.lastIndexOf('@') + 1).toLowerCase();
  return mailIn.servers.find((s) => s.domains.includes(domain));
}

/** Office mailboxes whose domain no IMAP server of the stage hosts (they would never be polled). */
export function unpolledMailboxes(mailIn: ImapMailIn, officeMailboxes: readonly string[]): string[] {
  return officeMailboxes.filter((m) => imapServerFor(mailIn, m) === undefined);
}

/** The secret holding the SMTP credentials unless the stage names its own. */
export function smtpSecretName(stage: string, mailOut: Pick<SmtpMailOut, 'secretName'>): string {
  return mailOut.secretName ?? `xinfang-${stage}/smtp`;
}

/** Services a region's partition lacks, said where a stage asks for them. */
export function partitionIssues(config: StageConfig, region: string | undefined): { path: string; message: string }[] {
  if (region === undefined || !region.startsWith('cn-')) return [];
  const issues: { path: string; message: string }[] = [];
  if (config.mailIn.kind === 'ses') issues.push({ path: 'mailIn.kind', message: `SES receiving is not offered in ${region}: use imap` });
  if (config.mailOut.kind === 'ses') issues.push({ path: 'mailOut.kind', message: `SES sending is not offered in ${region}: use smtp` });
  if (config.signIn.kind === 'cognito') issues.push({ path: 'signIn.kind', message: `Cognito user pools are not offered in ${region}: use oidc` });
  return issues;
}

/** Validates a parsed stage configuration; throws ConfigError listing every problem. */
export function parseStageConfig(raw: unknown, source = 'stage configuration'): StageConfig {
  const parsed = stageConfigSchema.safeParse(raw ?? {});
  if (!parsed.success) throw new ConfigError(source, issuesFromZod(parsed.error));
  return parsed.data;
}

/** Reads the stage's file; a stage without one uses the AWS services (DEFAULT_STAGE_CONFIG). */
export function loadStageConfig(path: string, options: { required: boolean }): StageConfig {
  if (!existsSync(path)) {
    if (options.required) throw new ConfigError(path, [{ path: '(file)', message: 'no such stage configuration file' }]);
    return DEFAULT_STAGE_CONFIG;
  }
  return parseStageConfig(readConfigFile(path), path);
}
