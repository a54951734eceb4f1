import { beforeAll, describe, expect, it } from 'vitest';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { stageConfigSchema } from '../../shared/config/stage.js';
import { FUNCTIONS } from '../../shared/resources/functions.js';
import { App } from 'aws-cdk-lib';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyNagChecks, awsSolutionsChecks } from '../../infra/nag.js';
import { cdkJsonContext, synthPetitions, SYNTH_TIMEOUT_MS } from './synth.js';

/*
 * A stage that sends by SMTP (mailOut: smtp): the mailer reads the provider's
 * account from Secrets Manager and gets no SES permission.
 */

let template: Template;
let app: App;

/** A stand-in build of the console: mail wiring is under test here, not Vite. */
function fixtureSite(): string {
  const dir = mkdtempSync(join(tmpdir(), 'xinfang-console-site-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>信访案件管理系统</title><script type="module" src="/assets/index-abc123.js"></script>');
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  return dir;
}

beforeAll(() => {
  const stageConfig = stageConfigSchema.parse({ mailOut: { kind: 'smtp', host: 'smtp.exmail.petitions.example', port: 465, ratePerSecond: 4, maxConnections: 3 } });
  // What is asserted here is wiring, not code: the functions are not bundled (no stack listed for bundling), the console not built.
  app = new App({ outdir: mkdtempSync(join(tmpdir(), 'xinfang-cdk-')), context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
  // Synthesis runs cdk-nag as a validation plugin: a finding (e.g. on the secret's grant) would throw here.
  applyNagChecks(app);
  ({ template } = synthPetitions({ stage: 'smtptest', stageConfig, consoleSiteDir: fixtureSite(), functions: { api: FUNCTIONS.api, mailer: FUNCTIONS.mailer, intake: FUNCTIONS.intake } }, app));
}, SYNTH_TIMEOUT_MS);

const mailer = () => Object.values(template.findResources('AWS::Lambda::Function', { Properties: { FunctionName: 'xinfang-smtptest-mailer' } }))[0] as { Properties: { Environment: { Variables: Record<string, unknown> }; Role: { 'Fn::GetAtt': [string, string] } } };

describe('mail out by SMTP', () => {
  it('gives the mailer the provider’s settings, its share of the quota (two instances share 4/s) and the secret’s name', () => {
    expect(mailer().Properties.Environment.Variables).toMatchObject({
      MAIL_SENDER: 'smtp',
      SMTP_HOST: 'smtp.exmail.petitions.example',
      SMTP_PORT: '465',
      SMTP_RATE_PER_SECOND: '2',
      SMTP_MAX_CONNECTIONS: '3',
      SMTP_SECRET_ID: 'xinfang-smtptest/smtp',
    });
  });

  it('lets only the mailer read that secret (not the intake beside it), and no function send through SES', () => {
    const role = mailer().Properties.Role['Fn::GetAtt'][0];
    const readers = template.findResources('AWS::IAM::Policy', {
      Properties: { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'] })]) } },
    });
    const readerRoles = Object.values(readers).flatMap((p) => (p as { Properties: { Roles: { Ref: string }[] } }).Properties.Roles.map((r) => r.Ref));
    expect(readerRoles).toEqual([role]);
    const statement = JSON.stringify(Object.values(readers).map((p) => (p as { Properties: unknown }).Properties));
    expect(statement).toContain(':secret:xinfang-smtptest/smtp-??????');
    expect(JSON.stringify(template.toJSON())).not.toMatch(/"ses:Send(Raw)?Email"/);
  });

  it('passes cdk-nag AwsSolutions with the secret’s grant', () => {
    const report = awsSolutionsChecks().validateScope(app);
    expect(report.violations.filter((v) => v.severity === 'error' || v.severity === 'warning').map((v) => v.ruleName)).toEqual([]);
  });
});
