import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { awsSolutionsChecks, applyNagChecks } from '../../infra/nag.js';
import { addEdgeStack, optionsFromContext } from '../../infra/petitions-app.js';
import { parseFunctionEnv, staffTokenSettings } from '../../shared/config/env.js';
import { loadStageConfig, type OidcSignInConfig } from '../../shared/config/stage.js';
import { consoleRuntimeConfigSchema } from '../../shared/resources/console.js';
import { FUNCTIONS } from '../../shared/resources/functions.js';
import { fromRepoRoot } from '../../infra/paths.js';
import { cdkJsonContext, SYNTH_TIMEOUT_MS, synthPetitions, testApp, type Synthesized } from './synth.js';
import { only, resources, type CfnResource } from './template-helpers.js';

/**
 * The stage of config/stages/cn.yaml in cn-north-1, as the README's China
 * deploy command builds it (its own domains for the console and the API):
 * IMAP in, SMTP out, the province's OIDC provider for staff, and nothing the
 * China regions lack.
 */

const REGION = 'cn-north-1';
const CONSOLE_DOMAIN = 'xinfang.zj.petitions.example';
const API_DOMAIN = 'api.xinfang.zj.petitions.example';
const CONTEXT = {
  stage: 'cn',
  region: REGION,
  consoleDomainName: CONSOLE_DOMAIN,
  consoleIamCertificateId: 'ASCACKCEVSQ6C2EXAMPLE',
  apiDomainName: API_DOMAIN,
  apiCertificateArn: 'arn:aws-cn:acm:cn-north-1:123456789012:certificate/0b0e5b1c-1111-4c2d-9e3f-000000000001',
};
const signIn = loadStageConfig(fromRepoRoot('config/stages/cn.yaml'), { required: true }).signIn as OidcSignInConfig;

/** A stand-in build of the console: the hosting is under test here, not Vite. */
function fixtureSite(): string {
  const dir = mkdtempSync(join(tmpdir(), 'xinfang-console-site-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>信访案件管理系统</title><script type="module" src="/assets/index-abc123.js"></script>');
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  return dir;
}

/** What CloudFormation makes of a value in cn-north-1: pseudo parameters resolved, other references left as placeholders. */
function rendered(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  const pseudo: Record<string, string> = { 'AWS::Partition': 'aws-cn', 'AWS::URLSuffix': 'amazonaws.com.cn', 'AWS::Region': REGION, 'AWS::AccountId': '123456789012' };
  if ('Ref' in v) return pseudo[v.Ref as string] ?? `<${String(v.Ref)}>`;
  if ('Fn::GetAtt' in v) return `<${(v['Fn::GetAtt'] as string[]).join('.')}>`;
  if ('Fn::Join' in v) {
    const [separator, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map((p) => rendered(p) ?? '<?>').join(separator);
  }
  if ('Fn::Sub' in v) {
    const template = Array.isArray(v['Fn::Sub']) ? (v['Fn::Sub'] as [string])[0] : (v['Fn::Sub'] as string);
    return template.replace(/\$\{([^}]+)\}/g, (_m, name: string) => pseudo[name] ?? `<${name}>`);
  }
  return undefined;
}

/** Every string the template holds (each value rendered), with the key it sits under. */
function strings(node: unknown, key = ''): { key: string; text: string }[] {
  const text = rendered(node);
  if (text !== undefined) return [{ key, text }];
  if (Array.isArray(node)) return node.flatMap((n) => strings(n, key));
  if (node && typeof node === 'object') return Object.entries(node).flatMap(([k, v]) => strings(v, k));
  return [];
}

/** Every IAM action granted anywhere: roles' policies, managed policies, bucket, key and queue policies. */
function actions(template: Template): string[] {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === 'Action' || k === 'NotAction') found.push(...[v].flat().filter((a): a is string => typeof a === 'string'));
      else walk(v);
    }
  };
  walk(template.toJSON().Resources);
  return found;
}

let synthesized: Synthesized;
let template: Template;
let all: Record<string, CfnResource>;

beforeAll(() => {
  // Wiring, not code: the functions are not bundled (petitions-stack.test.ts bundles them).
  const app = testApp({ bundling: false });
  // Synthesis runs cdk-nag as a validation plugin: a finding would throw here.
  applyNagChecks(app);
  const options = optionsFromContext(new App({ context: { ...cdkJsonContext(), ...CONTEXT } }), {});
  synthesized = synthPetitions({ ...options, consoleSiteDir: fixtureSite() }, app);
  template = synthesized.template;
  all = template.toJSON().Resources as Record<string, CfnResource>;
}, SYNTH_TIMEOUT_MS);

describe('the China stage (cn-north-1)', () => {
  it('synthesises without credentials, bound to cn-north-1, with cdk-nag passing', () => {
    expect(synthesized.stack.region).toBe(REGION);
    expect(synthesized.stack.partition).toBe('aws-cn');
    const report = awsSolutionsChecks().validateScope(synthesized.app);
    expect(report.violations.map((v) => v.ruleName)).toEqual([]);
  });

  it('has no SES, Cognito, WAF or CloudFront Functions resources, which the China regions do not offer', () => {
    const types = [...new Set(Object.values(all).map((r) => r.Type))];
    expect(types.filter((t) => /^AWS::(SES|Cognito|WAFv2)::|^AWS::CloudFront::Function$/.test(t))).toEqual([]);
  });

  it('pre-checks urgency in the IMAP poller, with no SES receipt path to do it, and the intake leaves urgent mail to its lane', () => {
    const functions = Object.values(resources(template, 'AWS::Lambda::Function')).map((fn) => fn.Properties!);
    expect(functions.map((fn) => fn.FunctionName)).not.toContainEqual(expect.stringMatching(/-precheck$/));
    const named = (id: string) => functions.find((fn) => fn.FunctionName === `xinfang-cn-${id}`)!;
    expect(Object.keys(named('imap').Environment.Variables)).toContain('QUEUE_URL_INTAKEURGENT');
    expect(named('intake').Environment.Variables.URGENT_PRECHECK).toBe('true');
  });

  it('grants no SES, Cognito or X-Ray action to anything', () => {
    const granted = actions(template);
    expect(granted.length).toBeGreaterThan(20);
    expect(granted.filter((a) => /^(ses|cognito-idp|cognito-identity|xray):/i.test(a))).toEqual([]);
    for (const fn of Object.values(resources(template, 'AWS::Lambda::Function'))) expect(fn.Properties!.TracingConfig).toBeUndefined();
  });

  it('builds every ARN in the aws-cn partition and every endpoint on amazonaws.com.cn', () => {
    const texts = strings(Object.values(all).map((r) => r.Properties));
    const arns = texts.flatMap(({ text }) => text.match(/arn:[^:]*:/g) ?? []);
    expect(arns.length).toBeGreaterThan(20);
    expect(arns.filter((a) => a !== 'arn:aws-cn:')).toEqual([]);
    // Service principals keep their global names (a policy's Service, a Lambda permission's Principal); every address the stack builds is in China.
    const addresses = texts.filter(({ key, text }) => key !== 'Service' && key !== 'Principal' && /amazonaws\.com(?!\.cn)/.test(text));
    expect(addresses).toEqual([]);
  });

  it('serves the console from CloudFront China on the ICP-recorded domain, its certificate from IAM, the bucket read through an origin access identity', () => {
    const [, distribution] = only(template, 'AWS::CloudFront::Distribution');
    const config = distribution.Properties!.DistributionConfig;
    expect(config.Aliases).toEqual([CONSOLE_DOMAIN]);
    expect(config.ViewerCertificate).toEqual({ IamCertificateId: CONTEXT.consoleIamCertificateId, SslSupportMethod: 'sni-only', MinimumProtocolVersion: 'TLSv1.2_2021' });
    expect(config.WebACLId).toBeUndefined();
    expect(config.Origins).toHaveLength(1);
    expect(config.Origins[0].S3OriginConfig.OriginAccessIdentity).toBeTruthy();
    expect(config.Origins[0].OriginAccessControlId).toBeUndefined();
    // Client-side routes are keys the bucket lacks: index.html, since no function can rewrite them. No API behind it to be rewritten too.
    expect(config.CacheBehaviors ?? []).toEqual([]);
    expect(config.CustomErrorResponses).toEqual([
      { ErrorCode: 403, ResponseCode: 200, ResponsePagePath: '/index.html', ErrorCachingMinTTL: 0 },
      { ErrorCode: 404, ResponseCode: 200, ResponsePagePath: '/index.html', ErrorCachingMinTTL: 0 },
    ]);
    expect(synthesized.app.node.tryFindChild('PetitionsEdge-cn')).toBeUndefined();
    expect(addEdgeStack(new App(), { stage: 'cn', env: { region: REGION } })).toBeUndefined();
  });

  it('lets the API trust the stage’s OIDC provider: its issuer and audience, the staff id from the configured claim', () => {
    const [, authorizer] = only(template, 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizer.Properties).toMatchObject({ AuthorizerType: 'JWT', JwtConfiguration: { Issuer: signIn.issuer, Audience: signIn.audience } });
    const [, stage] = only(template, 'AWS::ApiGatewayV2::Stage');
    expect(JSON.parse(stage.Properties!.AccessLogSettings.Format as string).staffId).toBe(`$context.authorizer.claims.${signIn.staffIdClaim}`);
    // The console calls the API on its own domain, which lets only the console's origin in.
    const [, api] = only(template, 'AWS::ApiGatewayV2::Api');
    expect(api.Properties!.CorsConfiguration).toMatchObject({ AllowOrigins: [`https://${CONSOLE_DOMAIN}`], AllowHeaders: expect.arrayContaining(['authorization']) });
    expect(only(template, 'AWS::ApiGatewayV2::DomainName')[1].Properties).toMatchObject({ DomainName: API_DOMAIN, DomainNameConfigurations: [{ CertificateArn: CONTEXT.apiCertificateArn }] });

    const apiFunction = Object.values(resources(template, 'AWS::Lambda::Function')).find((f) => f.Properties!.FunctionName === 'xinfang-cn-api')!;
    const env = Object.fromEntries(Object.entries(apiFunction.Properties!.Environment.Variables as Record<string, unknown>).map(([k, v]) => [k, rendered(v) ?? '']));
    expect(env).toMatchObject({ OIDC_ISSUER: signIn.issuer, OIDC_AUDIENCES: signIn.audience.join(','), OIDC_STAFF_ID_CLAIM: signIn.staffIdClaim });
    expect(Object.keys(env).filter((k) => k.startsWith('COGNITO_'))).toEqual([]);
    // Queue URLs are references here; the rest is what the function validates at its cold start.
    const settings = staffTokenSettings(parseFunctionEnv(Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('QUEUE_URL_')))));
    expect(settings).toEqual({ kind: 'oidc', issuer: signIn.issuer, audiences: signIn.audience, staffIdClaim: signIn.staffIdClaim });
  });

  it('writes config.json for the console: the stage’s OIDC client, redirects to the console’s domain, the API on its own', () => {
    const [, shell] = only(template, 'Custom::CDKBucketDeployment', (d) => d.Properties?.DistributionPaths !== undefined);
    const key = String((shell.Properties!.SourceObjectKeys as string[])[1]).replace(/\.zip$/, '');
    const dir = join(synthesized.app.outdir, `asset.${key}`);
    expect(readdirSync(dir)).toEqual(['config.json']);
    const config = consoleRuntimeConfigSchema.parse(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')));
    expect(config).toEqual({
      auth: {
        kind: 'oidc',
        authority: signIn.issuer,
        clientId: signIn.console.clientId,
        redirectUri: `https://${CONSOLE_DOMAIN}/auth/callback`,
        postLogoutRedirectUri: `https://${CONSOLE_DOMAIN}/`,
        scope: signIn.console.scope,
      },
      apiBase: `https://${API_DOMAIN}`,
    });
    // The console may call the provider (discovery, keys, token) and the API, nothing else.
    const [, headers] = only(template, 'AWS::CloudFront::ResponseHeadersPolicy');
    const csp = headers.Properties!.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy as string;
    expect(csp).toContain(`connect-src 'self' ${new URL(signIn.issuer).origin} https://${API_DOMAIN};`);
  });
});

describe('a stage asked to deploy in the China regions', () => {
  it('is refused, naming each setting, when it would use SES or Cognito', () => {
    expect(() => optionsFromContext(new App({ context: { stage: 'prod', region: REGION } }), {})).toThrow(
      /stage prod \(no config\/stages\/prod\.yaml: SES and Cognito\)[\s\S]*mailIn\.kind: SES receiving is not offered in cn-north-1[\s\S]*mailOut\.kind: SES sending[\s\S]*signIn\.kind: Cognito user pools/,
    );
  });

  it('takes no ACM certificate for CloudFront China, nor a web ACL', () => {
    const context = { ...cdkJsonContext(), ...CONTEXT, consoleIamCertificateId: '', consoleCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0b0e5b1c-1111-4c2d-9e3f-000000000002' };
    const options = optionsFromContext(new App({ context }), {});
    expect(() => synthPetitions({ ...options, consoleSiteDir: fixtureSite(), functions: { api: FUNCTIONS.api } })).toThrow(/CloudFront China reads no ACM certificate/);
    const withAcl = optionsFromContext(new App({ context: { ...cdkJsonContext(), ...CONTEXT, publicWebAclArn: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/xinfang-cn-console/0b0e5b1c-1111-4c2d-9e3f-000000000003' } }), {});
    expect(() => synthPetitions({ ...withAcl, consoleSiteDir: fixtureSite(), functions: { api: FUNCTIONS.api } })).toThrow(/CloudFront China takes no web ACL/);
  });
});
