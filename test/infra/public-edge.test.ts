import { Template } from 'aws-cdk-lib/assertions';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { addEdgeStack, optionsFromContext } from '../../infra/petitions-app.js';
import { PUBLIC_RATE_LIMIT_PER_5_MIN } from '../../infra/constructs/public-web-acl.js';
import { applyNagChecks, awsSolutionsChecks } from '../../infra/nag.js';
import { FUNCTIONS } from '../../shared/resources/functions.js';
import { cdkJsonContext, SYNTH_TIMEOUT_MS, synthPetitions, testApp, type Synthesized } from './synth.js';
import { only, type CfnResource } from './template-helpers.js';

const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const WEB_ACL_ARN = 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/xinfang-test-console/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';

function fixtureSite(): string {
  const dir = mkdtempSync(join(tmpdir(), 'xinfang-console-site-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>信访案件管理系统</title>');
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  return dir;
}

let synthesized: Synthesized;
let all: Record<string, CfnResource>;
let app: App;

beforeAll(() => {
  // Wiring, not code: the API function is not bundled (petitions-stack.test.ts bundles it).
  app = testApp({ bundling: false });
  applyNagChecks(app);
  // Synthesis runs cdk-nag as a validation plugin: a finding would throw here.
  synthesized = synthPetitions({ stage: 'test', functions: { api: FUNCTIONS.api }, consoleSiteDir: fixtureSite(), publicWebAclArn: WEB_ACL_ARN }, app);
  all = synthesized.template.toJSON().Resources as Record<string, CfnResource>;
}, SYNTH_TIMEOUT_MS);

const distribution = () => only(synthesized.template, 'AWS::CloudFront::Distribution')[1].Properties!.DistributionConfig;

describe('the citizen portal behind the console’s CloudFront', () => {
  it('sends /public/* to the API as is, never cached, forwarding query strings, the form’s type, the viewer’s address and only the portal’s browser-id cookie', () => {
    const behaviour = (distribution().CacheBehaviors as Record<string, any>[]).find((b) => b.PathPattern === '/public/*')!;
    expect(behaviour).toBeDefined();
    expect(behaviour.CachePolicyId).toBe(CACHING_DISABLED);
    expect(behaviour.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'HEAD', 'POST', 'OPTIONS']));
    expect(behaviour.ViewerProtocolPolicy).toBe('redirect-to-https');
    // No prefix to strip: the API's own paths are /public/...
    expect(behaviour.FunctionAssociations).toBeUndefined();
    const policy = all[behaviour.OriginRequestPolicyId.Ref]!.Properties!.OriginRequestPolicyConfig;
    expect(policy.QueryStringsConfig).toEqual({ QueryStringBehavior: 'all' });
    expect(policy.CookiesConfig).toEqual({ CookieBehavior: 'whitelist', Cookies: ['xf_portal_browser'] });
    expect(policy.HeadersConfig.HeaderBehavior).toBe('whitelist');
    expect(policy.HeadersConfig.Headers).toEqual(expect.arrayContaining(['content-type', 'CloudFront-Viewer-Address']));
    expect(policy.HeadersConfig.Headers).not.toContain('host');

    const origin = (distribution().Origins as Record<string, any>[]).find((o) => o.Id === behaviour.TargetOriginId)!;
    expect(origin.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
    // The secret header comes from Secrets Manager at deploy time: the template holds a reference, not the value.
    const header = (origin.OriginCustomHeaders as { HeaderName: string; HeaderValue: unknown }[]).find((h) => h.HeaderName === 'x-origin-verify')!;
    expect(JSON.stringify(header.HeaderValue)).toContain('{{resolve:secretsmanager:');
  });

  it('gives the API function the same secret, so it believes CloudFront-Viewer-Address only from CloudFront', () => {
    const [, fn] = only(synthesized.template, 'AWS::Lambda::Function', (r) => r.Properties?.Environment?.Variables?.ORIGIN_SECRET !== undefined);
    expect(JSON.stringify(fn.Properties!.Environment.Variables.ORIGIN_SECRET)).toContain('{{resolve:secretsmanager:');
  });

  it('attaches the web ACL given by context publicWebAclArn', () => {
    expect(distribution().WebACLId).toBe(WEB_ACL_ARN);
  });

  it('passes cdk-nag with the web ACL attached, acknowledging no CFR2', () => {
    const report = awsSolutionsChecks().validateScope(app);
    expect(report.violations.filter((v) => v.severity === 'error' || v.severity === 'warning').map((v) => v.ruleName)).toEqual([]);
  });
});

describe('the web ACL stack (us-east-1)', () => {
  let template: Template;
  let edgeApp: App;
  let region: string;
  beforeAll(() => {
    edgeApp = new App({ outdir: mkdtempSync(join(tmpdir(), 'xinfang-cdk-')), context: cdkJsonContext() });
    applyNagChecks(edgeApp);
    const stack = addEdgeStack(edgeApp, { stage: 'test', env: { account: '123456789012', region: 'ap-east-1' } })!;
    region = stack.region;
    template = Template.fromStack(stack);
  });

  it('is in us-east-1 whatever the stage’s region, CLOUDFRONT-scoped, with a rate-based rule on /public/* answering 429', () => {
    expect(region).toBe('us-east-1');
    const [, acl] = only(template, 'AWS::WAFv2::WebACL');
    expect(acl.Properties).toMatchObject({ Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
    const rules = acl.Properties!.Rules as Record<string, any>[];
    const rate = rules.find((r) => r.Name === 'public-rate-limit')!;
    expect(rate.Action.Block.CustomResponse.ResponseCode).toBe(429);
    expect(rate.Statement.RateBasedStatement).toMatchObject({
      Limit: PUBLIC_RATE_LIMIT_PER_5_MIN,
      AggregateKeyType: 'IP',
      ScopeDownStatement: { ByteMatchStatement: { FieldToMatch: { UriPath: {} }, PositionalConstraint: 'STARTS_WITH', SearchString: '/public/' } },
    });
    // Sampled requests would keep citizens' requests: off.
    expect(acl.Properties!.VisibilityConfig.SampledRequestsEnabled).toBe(false);
  });

  it('runs AWS’s common rules, counting only the body-size rule (the petition form carries attachments)', () => {
    const [, acl] = only(template, 'AWS::WAFv2::WebACL');
    const common = (acl.Properties!.Rules as Record<string, any>[]).find((r) => r.Name === 'aws-common')!;
    expect(common.Statement.ManagedRuleGroupStatement).toMatchObject({
      VendorName: 'AWS',
      Name: 'AWSManagedRulesCommonRuleSet',
      RuleActionOverrides: [{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }],
    });
    const outputs = Object.values(template.toJSON().Outputs as Record<string, { Value: { 'Fn::GetAtt': string[] } }>);
    expect(outputs.map((o) => o.Value['Fn::GetAtt']?.[1])).toEqual(['Arn']);
  });

  it('is cdk-nag clean', () => {
    edgeApp.synth();
    expect(awsSolutionsChecks().validateScope(edgeApp).violations.filter((v) => v.severity !== 'info')).toEqual([]);
  });
});

describe('context publicWebAclArn', () => {
  it('must be a CLOUDFRONT web ACL ARN in us-east-1', () => {
    const withArn = (arn: string) => optionsFromContext(new App({ context: { publicWebAclArn: arn } }), {});
    expect(withArn(WEB_ACL_ARN).publicWebAclArn).toBe(WEB_ACL_ARN);
    expect(() => withArn('arn:aws:wafv2:cn-north-1:123456789012:regional/webacl/x/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0')).toThrow(/us-east-1/);
  });
});
