import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { consoleContextSchema, optionsFromContext } from '../../infra/petitions-app.js';
import { consoleRuntimeConfigSchema } from '../../shared/resources/console.js';
import { FUNCTIONS } from '../../shared/resources/functions.js';
import { cdkJsonContext, SYNTH_TIMEOUT_MS, synthPetitions, testApp, type Synthesized } from './synth.js';
import { only, resources, type CfnResource } from './template-helpers.js';

/** CloudFront's managed policies, by their fixed ids. */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

/** A stand-in build of the console: the hosting is under test here, not Vite (the stack test deploys the real build). */
function fixtureSite(): string {
  const dir = mkdtempSync(join(tmpdir(), 'xinfang-console-site-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>信访案件管理系统</title><script type="module" src="/assets/index-abc123.js"></script>');
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  return dir;
}

/** Only the API function: the console's hosting needs the API, not the queue consumers. */
const API_ONLY = { api: FUNCTIONS.api };

let synthesized: Synthesized;
let template: Template;
let all: Record<string, CfnResource>;

beforeAll(() => {
  // Wiring, not code: the API function is not bundled (petitions-stack.test.ts bundles it).
  synthesized = synthPetitions({ stage: 'test', functions: API_ONLY, consoleSiteDir: fixtureSite() }, testApp({ bundling: false }));
  template = synthesized.template;
  all = template.toJSON().Resources as Record<string, CfnResource>;
}, SYNTH_TIMEOUT_MS);

const distribution = () => only(template, 'AWS::CloudFront::Distribution')[1].Properties!.DistributionConfig;
const logicalIdOf = (construct: { node: { defaultChild?: unknown } }) => synthesized.stack.getLogicalId(construct.node.defaultChild as never);
const functionCode = (ref: { 'Fn::GetAtt': [string, string] }) => String(all[ref['Fn::GetAtt'][0]]!.Properties!.FunctionCode);

/** Runs a CloudFront Function's code on a viewer request, as CloudFront would. */
function runViewerRequest(code: string, uri: string): string {
  const handler = new Function(`${code}; return handler;`)() as (event: unknown) => { uri: string };
  return handler({ request: { uri, method: 'GET', querystring: {}, headers: {} } }).uri;
}

describe('the console bucket', () => {
  it('is private: public access blocked, TLS enforced, encrypted, access-logged, readable only by this distribution', () => {
    const siteBucket = logicalIdOf(synthesized.stack.console!.siteBucket);
    const bucket = all[siteBucket]!.Properties!;
    expect(bucket.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(bucket.LoggingConfiguration).toMatchObject({ DestinationBucketName: { Ref: logicalIdOf(synthesized.stack.storage.accessLogBucket) } });
    expect(bucket.WebsiteConfiguration).toBeUndefined();

    const [, policy] = only(template, 'AWS::S3::BucketPolicy', (p) => p.Properties?.Bucket?.Ref === siteBucket);
    const statements = policy.Properties!.PolicyDocument.Statement as Record<string, any>[];
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    const reads = statements.filter((s) => s.Effect === 'Allow');
    expect(reads).toHaveLength(1);
    // Origin access control: the CloudFront service principal, and only for requests of this distribution.
    expect(reads[0]).toMatchObject({ Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject' });
    expect(JSON.stringify(reads[0]!.Condition)).toContain(logicalIdOf(synthesized.stack.console!.distribution));
  });
});

describe('the console distribution', () => {
  it('reads the bucket through origin access control (no OAI, no website endpoint), HTTPS only, index.html for client-side routes', () => {
    const config = distribution();
    const s3Origin = (config.Origins as Record<string, any>[]).find((o) => o.Id === config.DefaultCacheBehavior.TargetOriginId)!;
    expect(s3Origin.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Id'] });
    expect(s3Origin.S3OriginConfig.OriginAccessIdentity ?? '').toBe('');
    const [, oac] = only(template, 'AWS::CloudFront::OriginAccessControl');
    expect(oac.Properties!.OriginAccessControlConfig).toMatchObject({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' });

    expect(config.DefaultCacheBehavior).toMatchObject({ ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: ['GET', 'HEAD'], CachePolicyId: CACHING_OPTIMIZED });
    expect(config.DefaultRootObject).toBe('index.html');
    // No distribution-wide error pages: they would turn the API's own 403/404 into the app's HTML.
    expect(config.CustomErrorResponses).toBeUndefined();
    const [routes] = config.DefaultCacheBehavior.FunctionAssociations as { EventType: string; FunctionARN: any }[];
    expect(routes!.EventType).toBe('viewer-request');
    const code = functionCode(routes!.FunctionARN);
    expect(runViewerRequest(code, '/cases/330122-2026-000001')).toBe('/index.html');
    expect(runViewerRequest(code, '/auth/callback')).toBe('/index.html');
    expect(runViewerRequest(code, '/')).toBe('/index.html');
    expect(runViewerRequest(code, '/assets/index-abc123.js')).toBe('/assets/index-abc123.js');
    expect(runViewerRequest(code, '/config.json')).toBe('/config.json');
    expect(config.Logging).toMatchObject({ Bucket: { 'Fn::GetAtt': [logicalIdOf(synthesized.stack.console!.cdnLogBucket), 'RegionalDomainName'] } });
  });

  it('sends the strict CSP, HSTS, nosniff, DENY framing and no referrer with every page of the console', () => {
    const policyId = distribution().DefaultCacheBehavior.ResponseHeadersPolicyId.Ref as string;
    const headers = all[policyId]!.Properties!.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    const csp = JSON.stringify(headers.ContentSecurityPolicy.ContentSecurityPolicy);
    for (const directive of ["default-src 'self'", "script-src 'self';", "style-src 'self' 'unsafe-inline'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'"]) {
      expect(csp).toContain(directive);
    }
    // Scripts only from the console itself; the identity provider's origins only to connect to (discovery, keys, tokens).
    expect(csp).not.toMatch(/script-src[^;]*(unsafe|https:)/);
    expect(csp).toMatch(/connect-src 'self' https:\/\/cognito-idp\./);
    expect(csp).toContain('.amazoncognito.com');
    expect(headers.ContentSecurityPolicy.Override).toBe(true);
    expect(headers.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true, Override: true });
    expect(headers.ContentTypeOptions).toEqual({ Override: true });
    expect(headers.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    expect(headers.ReferrerPolicy).toEqual({ ReferrerPolicy: 'no-referrer', Override: true });
  });

  it('passes /api/* to the HTTP API uncached, every method, the viewer\'s headers but Host, with the prefix stripped', () => {
    const config = distribution();
    const behaviors = config.CacheBehaviors as Record<string, any>[];
    expect(behaviors.map((b) => b.PathPattern)).toEqual(['/api/*', '/public/*']);
    const api = behaviors[0]!;
    expect(api).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      CachePolicyId: CACHING_DISABLED,
      OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
    });
    const origin = (config.Origins as Record<string, any>[]).find((o) => o.Id === api.TargetOriginId)!;
    expect(JSON.stringify(origin.DomainName)).toContain(logicalIdOf(synthesized.stack.api!.httpApi));
    expect(JSON.stringify(origin.DomainName)).toContain('.execute-api.');
    expect(origin.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
    const code = functionCode((api.FunctionAssociations as { FunctionARN: any }[])[0]!.FunctionARN);
    expect(runViewerRequest(code, '/api/cases/330122-2026-000001')).toBe('/cases/330122-2026-000001');
    expect(runViewerRequest(code, '/api/')).toBe('/');
    // The public routes only under /public/* (the web ACL's rule, the viewer's address): not through /api.
    const handler = new Function(`${code}; return handler;`)() as (event: unknown) => { statusCode?: number; uri?: string };
    expect(handler({ request: { uri: '/api/public/reception-days', method: 'GET', querystring: {}, headers: {} } })).toEqual({ statusCode: 404, statusDescription: 'Not Found' });
  });

  it('outputs the console\'s address', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    const url = Object.entries(outputs).find(([id]) => id.startsWith('ConsoleConsoleUrl'));
    expect(JSON.stringify(url?.[1].Value)).toContain(logicalIdOf(synthesized.stack.console!.distribution));
  });
});

describe('the console\'s sign-in', () => {
  const consoleClient = () => only(template, 'AWS::Cognito::UserPoolClient', (c) => c.Properties?.AllowedOAuthFlowsUserPoolClient === true);

  it('is an OIDC client with the authorization code flow only, no secret, redirecting only to the console', () => {
    const [, client] = consoleClient();
    const p = client.Properties!;
    expect(p.AllowedOAuthFlows).toEqual(['code']);
    expect(p.GenerateSecret).toBe(false);
    expect(p.AllowedOAuthScopes).toEqual(['openid', 'email', 'profile']);
    // No password flow of its own: staff sign in on the hosted pages (MFA, threat protection).
    expect(p.ExplicitAuthFlows).toEqual(['ALLOW_REFRESH_TOKEN_AUTH']);
    const distributionId = logicalIdOf(synthesized.stack.console!.distribution);
    expect(p.CallbackURLs).toEqual([{ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }, '/auth/callback']] }]);
    expect(p.LogoutURLs).toEqual([{ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }, '/']] }]);
  });

  it('is trusted by the API\'s JWT authorizer and by the function\'s own check, beside the scripts\' client', () => {
    const [consoleId] = consoleClient();
    const clients = Object.keys(resources(template, 'AWS::Cognito::UserPoolClient'));
    expect(clients).toHaveLength(2);
    const [, authorizer] = only(template, 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizer.Properties!.JwtConfiguration.Audience).toEqual(clients.map((id) => ({ Ref: id })));
    const [, fn] = only(template, 'AWS::Lambda::Function', (f) => f.Properties?.FunctionName === 'xinfang-test-api');
    expect(JSON.stringify(fn.Properties!.Environment.Variables.COGNITO_CLIENT_IDS)).toContain(consoleId);
  });

  it('has the hosted sign-in pages on a domain prefix of the stage and account unless one is configured', () => {
    const [, domain] = only(template, 'AWS::Cognito::UserPoolDomain');
    expect(domain.Properties!.Domain).toEqual({ 'Fn::Join': ['', ['xinfang-test-', { Ref: 'AWS::AccountId' }]] });
  });

  it('writes config.json for the console: OIDC against the pool\'s issuer with the console\'s client, valid by the console\'s own schema', () => {
    const [, shell] = only(template, 'Custom::CDKBucketDeployment', (d) => d.Properties?.DistributionPaths !== undefined);
    expect(shell.Properties!.DistributionPaths).toEqual(['/index.html', '/config.json']);
    expect(shell.Properties!.SystemMetadata).toEqual({ 'cache-control': 'no-cache' });
    // The jsonData source: its file has markers where deploy-time values go, substituted by the deployment.
    const markers = (shell.Properties!.SourceMarkers as Record<string, unknown>[])[1]!;
    const key = String((shell.Properties!.SourceObjectKeys as string[])[1]).replace(/\.zip$/, '');
    const dir = join(synthesized.app.outdir, `asset.${key}`);
    expect(readdirSync(dir)).toEqual(['config.json']);
    let text = readFileSync(join(dir, 'config.json'), 'utf8');
    const fake: Record<string, string> = {};
    for (const [marker, value] of Object.entries(markers)) {
      const v = JSON.stringify(value);
      fake[marker] = v.includes('AWS::URLSuffix') ? 'amazonaws.com' : v.includes('AWS::Region') ? 'ap-east-1' : v.includes('Distribution') ? 'd111111abcdef8.cloudfront.net' : v.includes('ConsoleOidc') ? 'consoleclient123' : v.includes('HostedSignIn') ? 'xinfang-test-123456789012' : 'ap-east-1_POOL';
      text = text.split(marker).join(fake[marker]!);
    }
    const config = consoleRuntimeConfigSchema.parse(JSON.parse(text));
    expect(config).toEqual({
      auth: {
        kind: 'oidc',
        authority: 'https://cognito-idp.ap-east-1.amazonaws.com/ap-east-1_POOL',
        clientId: 'consoleclient123',
        redirectUri: 'https://d111111abcdef8.cloudfront.net/auth/callback',
        postLogoutRedirectUri: 'https://d111111abcdef8.cloudfront.net/',
        scope: 'openid email profile',
        endSessionEndpoint: 'https://xinfang-test-123456789012.auth.ap-east-1.amazoncognito.com/logout',
        signOutParams: { client_id: 'consoleclient123', logout_uri: 'https://d111111abcdef8.cloudfront.net/' },
      },
      apiBase: '/api',
    });
  });

  it('deploys the hashed assets for a year and never prunes them, before index.html', () => {
    const [assetsId, assets] = only(template, 'Custom::CDKBucketDeployment', (d) => d.Properties?.DestinationBucketKeyPrefix === 'assets/');
    expect(assets.Properties).toMatchObject({ Prune: false, SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' } });
    const [shellId] = only(template, 'Custom::CDKBucketDeployment', (d) => d.Properties?.DistributionPaths !== undefined);
    expect(template.toJSON().Resources[shellId].DependsOn).toContain(assetsId);
  });
});

describe('console settings from CDK context', () => {
  const app = (context: Record<string, string>) => new App({ context: { ...cdkJsonContext(), ...context } });

  it('takes a hosted sign-in prefix and a custom domain with its certificate', () => {
    const options = optionsFromContext(
      app({ authDomainPrefix: 'zj-xinfang', consoleDomainName: 'xinfang.zj.gov.example', consoleCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0b6d5a4c-1111-2222-3333-444455556666' }),
      {},
    );
    expect(options).toMatchObject({
      authDomainPrefix: 'zj-xinfang',
      consoleDomain: { domainName: 'xinfang.zj.gov.example', certificateArn: expect.stringContaining(':certificate/') },
    });
  });

  it.each([
    [{ authDomainPrefix: 'Xinfang_Prod' }, 'authDomainPrefix'],
    [{ authDomainPrefix: 'xinfang-cognito' }, 'authDomainPrefix'],
    [{ consoleDomainName: 'xinfang.zj.gov.example' }, 'consoleCertificateArn'],
    [{ consoleDomainName: 'xinfang.zj.gov.example', consoleCertificateArn: 'arn:aws:acm:ap-east-1:123456789012:certificate/0b6d5a4c' }, 'consoleCertificateArn'],
  ])('refuses %j, naming %s', (context, key) => {
    expect(() => optionsFromContext(app(context), {})).toThrow(new RegExp(`${key}:`));
    expect(consoleContextSchema.safeParse(context).success).toBe(false);
  });
});

describe('the console on a custom domain', () => {
  it('answers on the domain with the certificate and TLS 1.2 at least, and redirects sign-in there', () => {
    const { template: custom } = synthPetitions({
      stage: 'test',
      functions: API_ONLY,
      consoleSiteDir: fixtureSite(),
      consoleDomain: { domainName: 'xinfang.zj.gov.example', certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0b6d5a4c-1111-2222-3333-444455556666' },
    }, testApp({ bundling: false }));
    const config = only(custom, 'AWS::CloudFront::Distribution')[1].Properties!.DistributionConfig;
    expect(config.Aliases).toEqual(['xinfang.zj.gov.example']);
    expect(config.ViewerCertificate).toMatchObject({ MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' });
    const [, client] = only(custom, 'AWS::Cognito::UserPoolClient', (c) => c.Properties?.AllowedOAuthFlowsUserPoolClient === true);
    expect(client.Properties!.CallbackURLs).toEqual(['https://xinfang.zj.gov.example/auth/callback']);
  }, SYNTH_TIMEOUT_MS);
});
