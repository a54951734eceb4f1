import type { App, Environment } from 'aws-cdk-lib';
import { loadProvinceConfig } from '../shared/config/province.js';
import type { FunctionDefinition } from '../shared/resources/functions.js';
import type { LogLevel } from './constructs/functions.js';
import { DEFAULT_PROVINCE_CONFIG, fromRepoRoot } from './paths.js';
import { PetitionsStack, petitionsStackName } from './petitions-stack.js';

export interface PetitionsAppOptions {
  stage: string;
  provinceConfigPath: string;
  env?: Environment;
  logLevel?: LogLevel;
  alarmEmail?: string;
  mailDomain?: string;
  functions?: Readonly<Record<string, FunctionDefinition>>;
}

const STAGE = /^[a-z0-9-]+$/;
const LOG_LEVELS: readonly LogLevel[] = ['DEBUG', 'INFO', 'WARN', 'ERROR'];

/**
 * Options from CDK context (`-c stage=prod`, cdk.json) and the CLI's environment.
 * The stack is bound to an account and region only when both are actually known
 * (context `account`/`region`, or the CLI's CDK_DEFAULT_ACCOUNT/REGION from real
 * credentials); otherwise it stays environment-agnostic: no placeholder account.
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
  const alarmEmail = ctx('alarmEmail');
  const mailDomain = ctx('mailDomain');
  return {
    stage,
    provinceConfigPath: ctx('provinceConfig') ?? DEFAULT_PROVINCE_CONFIG,
    ...(account && region ? { env: { account, region } } : {}),
    ...(logLevel ? { logLevel: logLevel as LogLevel } : {}),
    ...(alarmEmail ? { alarmEmail } : {}),
    ...(mailDomain ? { mailDomain } : {}),
  };
}

/**
 * Loads and validates the province configuration (throws ConfigError naming
 * every problem) and adds the stage's stack to the app.
 */
export function addPetitionsStack(app: App, options: PetitionsAppOptions): PetitionsStack {
  const province = loadProvinceConfig(fromRepoRoot(options.provinceConfigPath));
  return new PetitionsStack(app, petitionsStackName(options.stage), {
    stage: options.stage,
    province,
    provinceConfigPath: options.provinceConfigPath,
    ...(options.env ? { env: options.env } : {}),
    ...(options.logLevel ? { logLevel: options.logLevel } : {}),
    ...(options.alarmEmail ? { alarmEmail: options.alarmEmail } : {}),
    ...(options.mailDomain ? { mailDomain: options.mailDomain } : {}),
    ...(options.functions ? { functions: options.functions } : {}),
  });
}
