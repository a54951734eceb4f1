import type { App, Environment } from 'aws-cdk-lib';
import * as z from 'zod';
import { ConfigError, issuesFromZod } from '../shared/config/config-error.js';
import { loadProvinceConfig } from '../shared/config/province.js';
import { DEFAULT_STAGE_CONFIG, loadStageConfig, partitionIssues, stageConfigPath, unpolledMailboxes, type StageConfig } from '../shared/config/stage.js';
import type { FunctionDefinition } from '../shared/resources/functions.js';
import type { LogLevel } from './constructs/functions.js';
import { DEFAULT_PROVINCE_CONFIG, fromRepoRoot } from './paths.js';
import { PetitionsStack, petitionsStackName } from './petitions-stack.js';
import type { ConsoleDomain } from './constructs/console-hosting.js';
import { PublicWebAclStack, publicWebAclStackName } from './constructs/public-web-acl.js';

export interface PetitionsAppOptions {
  stage: string;
  provinceConfigPath: string;
  /** How the stage's mail comes in and goes out and how staff sign in (shared/config/stage.ts); SES and Cognito unless given. */
  stageConfig?: StageConfig;
  env?: Environment;
  logLevel?: LogLevel;
  alarmEmail?: string;
  mailDomain?: string;
  authDomainPrefix?: string;
  consoleDomain?: ConsoleDomain;
  apiDomain?: { domainName: string; certificateArn: string };
  consoleSiteDir?: string;
  publicWebAclArn?: string;
  functions?: Readonly<Record<string, FunctionDefinition>>;
}

const STAGE = /^[a-z0-9-]+$/;

/**
 * The staff console's sign-in and address settings from CDK context, validated
 * like the province configuration (every problem named with its key).
 */
export const consoleContextSchema = z
  .object({
    /** https://<prefix>.auth.<region>.amazoncognito.com: Cognito's rules for a domain prefix. */
    authDomainPrefix: z
      .string()
      .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'lower-case letters, digits and hyphens, 1–63 characters, not starting or ending with a hyphen')
      .refine((prefix) => !/aws|amazon|cognito/.test(prefix), 'Cognito refuses a prefix containing aws, amazon or cognito')
      .optional(),
    consoleDomainName: z
      .string()
      .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'a lower-case DNS name, e.g. xinfang.zj.gov.example')
      .optional(),
    consoleCertificateArn: z
      .string()
      .regex(/^arn:aws:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]+$/, 'an ACM certificate ARN in us-east-1 (CloudFront reads certificates only there)')
      .optional(),
    /** CloudFront China has no ACM: the certificate is uploaded to IAM (`aws iam upload-server-certificate --path /cloudfront/…`). */
    consoleIamCertificateId: z
      .string()
      .regex(/^[A-Z0-9]{21}$/, 'the ServerCertificateId IAM answered at upload (21 upper-case letters and digits, e.g. ASCACKCEVSQ6C2EXAMPLE)')
      .optional(),
    apiDomainName: z
      .string()
      .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'a lower-case DNS name, e.g. api.xinfang.zj.gov.cn')
      .optional(),
    /** A regional ACM certificate in the stack's own region (ACM serves API Gateway in the China regions too). */
    apiCertificateArn: z
      .string()
      .regex(/^arn:aws(-cn)?:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+$/, 'an ACM certificate ARN in the stack’s region')
      .optional(),
    publicWebAclArn: z
      .string()
      .regex(/^arn:aws:wafv2:us-east-1:\d{12}:global\/webacl\/[\w-]+\/[0-9a-f-]+$/, 'a CLOUDFRONT web ACL ARN in us-east-1 (the PetitionsEdge-<stage> stack’s output WebAclArn)')
      .optional(),
  })
  .refine((c) => (c.consoleDomainName === undefined) === (c.consoleCertificateArn === undefined && c.consoleIamCertificateId === undefined), {
    message: 'consoleDomainName goes with consoleCertificateArn (or, in the China regions, consoleIamCertificateId): the certificate must cover the domain',
    path: ['consoleCertificateArn'],
  })
  .refine((c) => (c.apiDomainName === undefined) === (c.apiCertificateArn === undefined), {
    message: 'apiDomainName and apiCertificateArn go together: the certificate must cover the domain',
    path: ['apiCertificateArn'],
  })
  .refine((c) => c.consoleCertificateArn === undefined || c.consoleIamCertificateId === undefined, {
    message: 'one certificate: consoleCertificateArn (ACM, global CloudFront) or consoleIamCertificateId (IAM, CloudFront China)',
    path: ['consoleIamCertificateId'],
  });
const LOG_LEVELS: readonly LogLevel[] = ['DEBUG', 'INFO', 'WARN', 'ERROR'];

/**
 * Options from CDK context (`-c stage=prod`, cdk.json) and the CLI's environment.
 * The stack is bound to an account and region only when both are actually known
 * (context `account`/`region`, or the CLI's CDK_DEFAULT_ACCOUNT/REGION from real
 * credentials); otherwise it stays environment-agnostic: no placeholder account.
 * A region given as context alone binds the region (its partition, e.g. aws-cn,
 * is then written into every ARN) and leaves the account to deployment.
 * The stage configuration is `config/stages/<stage>.yaml` when it exists, or the
 * file context `stageConfig` names; it must not ask for a service the region lacks.
 */
export function optionsFromContext(app: App, processEnv: NodeJS.ProcessEnv = process.env): PetitionsAppOptions {
  const ctx = (key: string): string | undefined => {
    const value: unknown = app.node.tryGetContext(key);
    return typeof value === 'string' && value.length > 0 ? value : undefined;
  };
  const stage = ctx('stage') ?? 'dev';
  if (!STAGE.test(stage)) throw new Error(`context stage "${stage}" must be lower-case letters, digits and hyphens`);
  const logLevel = ctx('logLevel');
  if (logLevel !== undefined && !LOG_LEVELS.includes(logLevel as LogLevel)) {
    throw new Error(`context logLevel "${logLevel}" must be one of ${LOG_LEVELS.join(', ')}`);
  }
  const account = ctx('account') ?? processEnv.CDK_DEFAULT_ACCOUNT;
  const region = ctx('region') ?? processEnv.CDK_DEFAULT_REGION;
  const stageConfigFile = ctx('stageConfig') ?? stageConfigPath(stage);
  const stageConfig = loadStageConfig(fromRepoRoot(stageConfigFile), { required: ctx('stageConfig') !== undefined });
  const unavailable = partitionIssues(stageConfig, region);
  if (unavailable.length > 0) {
    const source = stageConfig === DEFAULT_STAGE_CONFIG ? `stage ${stage} (no ${stageConfigFile}: SES and Cognito)` : stageConfigFile;
    throw new ConfigError(source, unavailable);
  }
  const env: Environment | undefined = account && region ? { account, region } : ctx('region') ? { region: ctx('region')! } : undefined;
  const alarmEmail = ctx('alarmEmail');
  const mailDomain = ctx('mailDomain');
  const parsedConsole = consoleContextSchema.safeParse({
    authDomainPrefix: ctx('authDomainPrefix'),
    consoleDomainName: ctx('consoleDomainName'),
    consoleCertificateArn: ctx('consoleCertificateArn'),
    consoleIamCertificateId: ctx('consoleIamCertificateId'),
    apiDomainName: ctx('apiDomainName'),
    apiCertificateArn: ctx('apiCertificateArn'),
    publicWebAclArn: ctx('publicWebAclArn'),
  });
  if (!parsedConsole.success) throw new ConfigError('CDK context', issuesFromZod(parsedConsole.error));
  const consoleContext = parsedConsole.data;
  return {
    stage,
    provinceConfigPath: ctx('provinceConfig') ?? DEFAULT_PROVINCE_CONFIG,
    ...(stageConfig !== DEFAULT_STAGE_CONFIG ? { stageConfig } : {}),
    ...(env ? { env } : {}),
    ...(logLevel ? { logLevel: logLevel as LogLevel } : {}),
    ...(alarmEmail ? { alarmEmail } : {}),
    ...(mailDomain ? { mailDomain } : {}),
    ...(consoleContext.authDomainPrefix ? { authDomainPrefix: consoleContext.authDomainPrefix } : {}),
    ...(consoleContext.consoleDomainName && consoleContext.consoleCertificateArn
      ? { consoleDomain: { domainName: consoleContext.consoleDomainName, certificateArn: consoleContext.consoleCertificateArn } }
      : {}),
    ...(consoleContext.consoleDomainName && consoleContext.consoleIamCertificateId
      ? { consoleDomain: { domainName: consoleContext.consoleDomainName, iamCertificateId: consoleContext.consoleIamCertificateId } }
      : {}),
    ...(consoleContext.apiDomainName && consoleContext.apiCertificateArn
      ? { apiDomain: { domainName: consoleContext.apiDomainName, certificateArn: consoleContext.apiCertificateArn } }
      : {}),
    ...(consoleContext.publicWebAclArn ? { publicWebAclArn: consoleContext.publicWebAclArn } : {}),
  };
}

/**
 * Loads and validates the province configuration (throws ConfigError naming
 * every problem) and adds the stage's stack to the app.
 */
export function addPetitionsStack(app: App, options: PetitionsAppOptions): PetitionsStack {
  const province = loadProvinceConfig(fromRepoRoot(options.provinceConfigPath));
  const stageConfig = options.stageConfig ?? DEFAULT_STAGE_CONFIG;
  if (stageConfig.mailIn.kind === 'imap') {
    const unpolled = unpolledMailboxes(stageConfig.mailIn, province.config.jurisdictions.map((j) => j.office.mailbox));
    if (unpolled.length > 0) {
      throw new ConfigError(`stage ${options.stage}'s configuration`, [
        { path: 'mailIn.servers', message: `no IMAP server hosts the domain of ${unpolled.join(', ')}: their petitions would never be read` },
      ]);
    }
  }
  return new PetitionsStack(app, petitionsStackName(options.stage), {
    stage: options.stage,
    province,
    provinceConfigPath: options.provinceConfigPath,
    stageConfig,
    ...(options.env ? { env: options.env } : {}),
    ...(options.logLevel ? { logLevel: options.logLevel } : {}),
    ...(options.alarmEmail ? { alarmEmail: options.alarmEmail } : {}),
    ...(options.mailDomain ? { mailDomain: options.mailDomain } : {}),
    ...(options.authDomainPrefix ? { authDomainPrefix: options.authDomainPrefix } : {}),
    ...(options.consoleDomain ? { consoleDomain: options.consoleDomain } : {}),
    ...(options.apiDomain ? { apiDomain: options.apiDomain } : {}),
    ...(options.consoleSiteDir ? { consoleSiteDir: options.consoleSiteDir } : {}),
    ...(options.publicWebAclArn ? { publicWebAclArn: options.publicWebAclArn } : {}),
    ...(options.functions ? { functions: options.functions } : {}),
  });
}

/**
 * The stage's web ACL for CloudFront, in us-east-1 (the only region a
 * CLOUDFRONT web ACL can be in): `cdk deploy PetitionsEdge-<stage>` first,
 * then the stage's stack with `-c publicWebAclArn=<its WebAclArn output>`.
 */
export function addEdgeStack(app: App, options: Pick<PetitionsAppOptions, 'stage' | 'env'>): PublicWebAclStack | undefined {
  // The China regions have no CLOUDFRONT web ACL (AWS WAF there is regional only) and no us-east-1.
  if (isChinaRegion(options.env?.region)) return undefined;
  return new PublicWebAclStack(app, publicWebAclStackName(options.stage), {
    stage: options.stage,
    env: { ...(options.env?.account ? { account: options.env.account } : {}), region: 'us-east-1' },
  });
}

/** cn-north-1 (Beijing) and cn-northwest-1 (Ningxia): the aws-cn partition. */
export function isChinaRegion(region: string | undefined): boolean {
  return region?.startsWith('cn-') ?? false;
}
