import { Annotations, Aws, CfnOutput, Duration, RemovalPolicy, Stack, Token, type CfnElement } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  OriginRequestCookieBehavior,
  OriginRequestHeaderBehavior,
  OriginRequestQueryStringBehavior,
  Distribution,
  type CfnDistribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
  type ResponseSecurityHeadersBehavior,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { CONSOLE_API_PREFIX, CONSOLE_CALLBACK_PATH, consoleContentSecurityPolicy, type ConsoleRuntimeConfig } from '../../shared/resources/console.js';
import { ORIGIN_SECRET_HEADER } from '../../functions/api/viewer-address.js';
import { PORTAL_BROWSER_COOKIE } from '../../functions/api/portal-browser.js';
import { consoleBuildForDeployment } from '../console-build.js';
import { acknowledge } from '../nag.js';

export interface ConsoleHostingProps {
  stage: string;
  /** The project's server-access-log bucket (Storage): who read what from the console's buckets. */
  accessLogBucket: IBucket;
  /** Origins the console calls during sign-in besides its own (the identity provider's discovery, keys and token endpoint). */
  identityProviderOrigins: readonly string[];
  /** The API's own origin, where the console calls it there rather than under /api on its own (CloudFront China). */
  apiOrigin?: string;
  /** A domain of the province's own with its certificate; without it the distribution's own name (*.cloudfront.net). */
  customDomain?: ConsoleDomain;
  /**
   * Which CloudFront: the global one, or CloudFront China (the console's stack in cn-north-1 or
   * cn-northwest-1), which has no ACM (certificates come from IAM's store), no origin access control
   * (the bucket is read through an origin access identity), no CloudFront Functions, and serves only on
   * an ICP-recorded domain. Without functions the API cannot sit under /api (nothing strips the prefix)
   * and client-side routes get index.html from the distribution's error responses, which would also
   * rewrite the API's own 403/404; so there the console calls the API on its own domain (apiOrigin).
   */
  cloudFront?: 'global' | 'china';
  /** The built console (index.html, assets/); built from the sources during synthesis unless given. */
  siteDir?: string;
  /** The CLOUDFRONT-scoped web ACL (PublicWebAclStack, in us-east-1) by its ARN: context `publicWebAclArn`. */
  webAclArn?: string;
}

/** The console's own domain: with an ACM certificate in us-east-1 (global CloudFront) or a certificate uploaded to IAM (CloudFront China). */
export type ConsoleDomain = { domainName: string; certificateArn: string } | { domainName: string; iamCertificateId: string };

/** Hashed file names: a name never changes content, so browsers keep them for a year. */
const HASHED_ASSETS = 'public, max-age=31536000, immutable';

/**
 * Paths with a file extension in their last segment are files of the build
 * (/assets/index-abc.js, /config.json); every other path is one of the app's
 * client-side routes (/cases/330122-2026-000001, /auth/callback) and gets
 * index.html. A function on the bucket's behaviour, not the distribution's
 * error responses: those would also turn the API's own 403/404 into the app's HTML.
 */
const SPA_ROUTES = `function handler(event) {
  var request = event.request;
  if (!/\\.[^/]*$/.test(request.uri)) request.uri = '/index.html';
  return request;
}`;

/**
 * The console calls /api/<path>; the API's routes are /<path>. A viewer-request
 * function strips the prefix, as the local gateway does. The public routes are
 * not served here but under /public/* (the console calls none of them): there
 * the web ACL's rate rule and the viewer's address apply, while here every
 * citizen behind one CloudFront edge would share one address's allowances. Not an API mapping:
 * that needs a custom domain name (and certificate) for the API itself, while
 * the function keeps the API on its execute-api endpoint and costs next to nothing.
 */
const STRIP_API_PREFIX = `function handler(event) {
  var request = event.request;
  request.uri = request.uri.substring(${CONSOLE_API_PREFIX.length}) || '/';
  if (request.uri.indexOf('/public/') === 0) return { statusCode: 404, statusDescription: 'Not Found' };
  return request;
}`;

/**
 * The staff console on AWS: its build in a private S3 bucket, served by
 * CloudFront through origin access control over HTTPS only, with security
 * headers and a strict CSP; the staff API behind the same distribution under
 * /api (same origin: no CORS). The runtime configuration (/config.json, how
 * staff sign in) is written beside index.html at deploy time, so one build
 * serves every stage.
 *
 * Built in two steps because the distribution's domain is needed in between
 * (the OIDC client's callback URLs, and the API's authorizer trusts that client):
 * the distribution first, then `addApi` and `deploySite`.
 */
export class ConsoleHosting extends Construct {
  readonly siteBucket: Bucket;
  readonly cdnLogBucket: Bucket;
  readonly distribution: Distribution;
  readonly securityHeaders: ResponseHeadersPolicy;
  /** What CloudFront sends the API in the x-origin-verify header: the API trusts CloudFront-Viewer-Address only with it (addApi). */
  originSecret?: Secret;
  private readonly stage: string;
  private readonly customDomainName?: string;
  private readonly siteDir?: string;
  private readonly cloudFront: 'global' | 'china';

  constructor(scope: Construct, id: string, props: ConsoleHostingProps) {
    super(scope, id);
    this.stage = props.stage;
    this.customDomainName = props.customDomain?.domainName;
    this.siteDir = props.siteDir;
    this.cloudFront = props.cloudFront ?? 'global';

    this.siteBucket = new Bucket(this, 'SiteBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogBucket,
      serverAccessLogsPrefix: 'console-site/',
      // Only build output, reproducible from the repository; retained like every bucket of the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // CloudFront's standard logs hold the viewer's address, which the API's access log (behind CloudFront) no longer sees.
    this.cdnLogBucket = new Bucket(this, 'CdnLogBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // CloudFront's standard logging writes with an ACL: the bucket must accept ACLs (and owns what is written).
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      serverAccessLogsBucket: props.accessLogBucket,
      serverAccessLogsPrefix: 'console-cdn-logs/',
      lifecycleRules: [{ id: 'expire-cdn-logs', expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.securityHeaders = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      responseHeadersPolicyName: `xinfang-${props.stage}-console-headers`,
      comment: 'Staff console: strict CSP, HSTS, nosniff, no framing, no referrer',
      securityHeadersBehavior: {
        ...securityHeaders(),
        contentSecurityPolicy: {
          contentSecurityPolicy: consoleContentSecurityPolicy([...props.identityProviderOrigins, ...(props.apiOrigin ? [props.apiOrigin] : [])]),
          override: true,
        },
      },
    });

    const china = props.cloudFront === 'china';
    const spaRoutes = china
      ? undefined
      : new CloudFrontFunction(this, 'SpaRoutes', {
          functionName: `xinfang-${props.stage}-console-routes`,
          comment: 'Client-side routes of the staff console get index.html',
          code: FunctionCode.fromInline(SPA_ROUTES),
          runtime: FunctionRuntime.JS_2_0,
        });
    const domain = props.customDomain;
    if (china && props.webAclArn) throw new Error('CloudFront China takes no web ACL: AWS WAF in the China regions protects regional resources only');
    if (china && domain && 'certificateArn' in domain) throw new Error('CloudFront China reads no ACM certificate: upload it to IAM and give consoleIamCertificateId');
    if (!china && domain && 'iamCertificateId' in domain) throw new Error('the console’s certificate outside China is an ACM certificate in us-east-1 (consoleCertificateArn)');

    this.distribution = new Distribution(this, 'Distribution', {
      comment: `xinfang-${props.stage} staff console and API`,
      defaultRootObject: 'index.html',
      // HTTP/3 is a feature of the global edge network.
      httpVersion: china ? HttpVersion.HTTP2 : HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        origin: china ? S3BucketOrigin.withOriginAccessIdentity(this.siteBucket) : S3BucketOrigin.withOriginAccessControl(this.siteBucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.securityHeaders,
        ...(spaRoutes ? { functionAssociations: [{ function: spaRoutes, eventType: FunctionEventType.VIEWER_REQUEST }] } : {}),
        compress: true,
      },
      // CloudFront China: a client-side route is a key the bucket does not have (403 through the origin access identity).
      ...(china
        ? {
            errorResponses: [403, 404].map((httpStatus) => ({ httpStatus, responseHttpStatus: 200, responsePagePath: '/index.html', ttl: Duration.seconds(0) })),
          }
        : {}),
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
      enableLogging: true,
      logBucket: this.cdnLogBucket,
      logFilePrefix: 'console/',
      ...(domain && 'certificateArn' in domain
        ? {
            domainNames: [domain.domainName],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', domain.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    });
    if (domain && 'iamCertificateId' in domain) {
      // The Distribution construct takes ACM certificates only; CloudFront itself takes an IAM one by id.
      const cfn = this.distribution.node.defaultChild as CfnDistribution;
      cfn.addPropertyOverride('DistributionConfig.Aliases', [domain.domainName]);
      cfn.addPropertyOverride('DistributionConfig.ViewerCertificate', {
        IamCertificateId: domain.iamCertificateId,
        SslSupportMethod: 'sni-only',
        MinimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
      });
      acknowledge(
        this.distribution,
        'AwsSolutions-CFR4',
        'The viewer certificate is the IAM-stored one (CloudFront China has no ACM), set by a property override that cdk-nag does not read: SNI only, TLSv1.2_2021 at least.',
      );
    }
    if (china && !domain) {
      Annotations.of(this).addWarningV2(
        'xinfang:china-console-domain',
        'CloudFront China serves nothing on its own *.cloudfront.cn name: give consoleDomainName (ICP-recorded) and consoleIamCertificateId before staff can use the console',
      );
    }
    if (china) {
      acknowledge(
        this.distribution,
        'AwsSolutions-CFR7',
        'CloudFront China offers no origin access control: the console bucket is read through an origin access identity, still private to the distribution.',
      );
    }

    if (!domain) {
      acknowledge(
        this.distribution,
        'AwsSolutions-CFR4',
        'Without a custom domain the distribution can only use the default *.cloudfront.net certificate, whose TLS floor CloudFront sets. Setting the consoleDomainName and consoleCertificateArn context enforces TLSv1.2_2021 (docs/infrastructure.md, "Staff console").',
      );
    }
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR1',
      'Staff sign in from the province’s offices and on official travel; the identity provider (MFA required) and the API’s authorisation decide who gets in, not the viewer’s country.',
    );
    if (china) {
      acknowledge(
        this.distribution,
        'AwsSolutions-CFR2',
        'CloudFront China takes no web ACL (AWS WAF in the China regions protects regional resources only, and not HTTP APIs): the portal keeps its own per-address and per-case limits and the API stage throttles (README, "In the AWS China regions").',
      );
    } else if (!props.webAclArn) {
      acknowledge(
        this.distribution,
        'AwsSolutions-CFR2',
        'No web ACL given (context publicWebAclArn): a CLOUDFRONT web ACL lives in us-east-1, deployed first as the PetitionsEdge-<stage> stack (rate limit on /public/*, AWS common rules); without it the portal keeps its own per-address and per-case limits and the stage throttles (docs/infrastructure.md).',
      );
    }

    new CfnOutput(this, 'ConsoleUrl', { description: 'Staff console (and the API under /api)', value: this.url });
  }

  /** The console's address: the custom domain when given, else the distribution's own. */
  get url(): string {
    return `https://${this.customDomainName ?? this.distribution.domainName}`;
  }

  /** Where the identity provider sends staff back after signing in. */
  get callbackUrl(): string {
    return `${this.url}${CONSOLE_CALLBACK_PATH}`;
  }

  /** Where staff land after signing out. */
  get signedOutUrl(): string {
    return `${this.url}/`;
  }

  /**
   * The staff API under /api/* on the same distribution: never cached, every
   * method, the viewer's headers (Authorization included, Host excepted: API
   * Gateway answers only to its own name) and query strings passed on.
   */
  addApi(api: IHttpApi): void {
    if (this.cloudFront === 'china') throw new Error('CloudFront China has no functions to strip /api: the console calls the API on its own domain');
    const stripPrefix = new CloudFrontFunction(this, 'StripApiPrefix', {
      functionName: `xinfang-${this.stage}-console-api-prefix`,
      comment: 'The console calls /api/<path>; the API routes are /<path>',
      code: FunctionCode.fromInline(STRIP_API_PREFIX),
      runtime: FunctionRuntime.JS_2_0,
    });
    const apiHeaders = new ResponseHeadersPolicy(this, 'ApiSecurityHeaders', {
      responseHeadersPolicyName: `xinfang-${this.stage}-console-api-headers`,
      comment: 'Staff API behind the console: HSTS, nosniff, no framing; the API’s own pages keep their CSP',
      securityHeadersBehavior: {
        ...securityHeaders(),
        // The API's printable pages (decision letters) send a CSP of their own; JSON answers get a closed one.
        contentSecurityPolicy: { contentSecurityPolicy: "default-src 'none'; frame-ancestors 'none'", override: false },
      },
    });
    this.distribution.addBehavior(
      `${CONSOLE_API_PREFIX}/*`,
      new HttpOrigin(`${api.apiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`, {
        protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
        originSslProtocols: [OriginSslPolicy.TLS_V1_2],
      }),
      {
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        cachePolicy: CachePolicy.CACHING_DISABLED,
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        responseHeadersPolicy: apiHeaders,
        functionAssociations: [{ function: stripPrefix, eventType: FunctionEventType.VIEWER_REQUEST }],
        compress: true,
      },
    );

    // The citizen portal's pages, /public/* of the API as they are (no prefix): personal answers, never cached.
    this.originSecret = new Secret(this, 'OriginSecret', {
      description: `xinfang-${this.stage}: the header CloudFront sends the API so that it trusts CloudFront-Viewer-Address`,
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    acknowledge(
      this.originSecret,
      'AwsSolutions-SMG4',
      'Not a credential to any service: it only tells the API that CloudFront sent a request, so that the per-address limits count the viewer’s address. Rotating it means redeploying the distribution and the function together; replace it by redeploying after deleting it.',
    );
    const portalRequests = new OriginRequestPolicy(this, 'PortalRequests', {
      originRequestPolicyName: `xinfang-${this.stage}-portal-requests`,
      comment: 'Citizen portal: query strings, the form’s content type, the language, the viewer’s address and the portal’s own browser-id cookie only',
      queryStringBehavior: OriginRequestQueryStringBehavior.all(),
      headerBehavior: OriginRequestHeaderBehavior.allowList('content-type', 'accept', 'accept-language', 'CloudFront-Viewer-Address'),
      // The anonymous resend's browser id (functions/api/portal-browser.ts); no other cookie reaches the API.
      cookieBehavior: OriginRequestCookieBehavior.allowList(PORTAL_BROWSER_COOKIE),
    });
    this.distribution.addBehavior(
      '/public/*',
      new HttpOrigin(`${api.apiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`, {
        protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
        originSslProtocols: [OriginSslPolicy.TLS_V1_2],
        customHeaders: { [ORIGIN_SECRET_HEADER]: this.originSecret.secretValue.unsafeUnwrap() },
      }),
      {
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        cachePolicy: CachePolicy.CACHING_DISABLED,
        originRequestPolicy: portalRequests,
        responseHeadersPolicy: apiHeaders,
        compress: true,
      },
    );
  }

  /**
   * Uploads the build and the runtime configuration. Hashed assets first and
   * never pruned (a page loaded before the deployment still finds its chunks),
   * then index.html and config.json, revalidated on every load, and the
   * distribution's copies of those two invalidated.
   */
  deploySite(config: ConsoleRuntimeConfig): void {
    const site = this.siteDir ?? consoleBuildForDeployment();
    const assets = new BucketDeployment(this, 'DeployAssets', {
      sources: [Source.asset(`${site}/assets`)],
      destinationBucket: this.siteBucket,
      destinationKeyPrefix: 'assets/',
      prune: false,
      cacheControl: [CacheControl.fromString(HASHED_ASSETS)],
      memoryLimit: 512,
    });
    const shell = new BucketDeployment(this, 'DeployShell', {
      sources: [Source.asset(site, { exclude: ['assets', 'assets/**'] }), Source.jsonData('config.json', config)],
      destinationBucket: this.siteBucket,
      prune: false,
      cacheControl: [CacheControl.noCache()],
      distribution: this.distribution,
      distributionPaths: ['/index.html', '/config.json'],
      memoryLimit: 512,
    });
    shell.node.addDependency(assets);
    acknowledgeDeploymentHandler(this);
  }
}

/** The headers both behaviours send; only the CSP differs. */
function securityHeaders(): Omit<ResponseSecurityHeadersBehavior, 'contentSecurityPolicy'> {
  return {
    strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
    contentTypeOptions: { override: true },
    frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
    referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
  };
}

/**
 * BucketDeployment's upload function is a singleton of the stack (outside this
 * construct), created by aws-cdk-lib with its own managed policy, grants and runtime.
 */
function acknowledgeDeploymentHandler(hosting: ConsoleHosting): void {
  const stack = Stack.of(hosting);
  const siteBucket = stack.getLogicalId(hosting.siteBucket.node.defaultChild as CfnElement);
  for (const child of stack.node.children.filter((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'))) {
    acknowledge(child, 'AwsSolutions-IAM4', 'aws-cdk-lib’s BucketDeployment handler writes its own logs with AWSLambdaBasicExecutionRole; it runs only during deployments.', [
      'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
    ]);
    acknowledge(
      child,
      'AwsSolutions-IAM5',
      'aws-cdk-lib’s BucketDeployment grant: read the CDK asset objects, write the console bucket’s objects (object-level wildcards of those two buckets), and invalidate the distribution (CloudFront invalidation takes no resource narrower than *).',
      [
        'Action::s3:GetBucket*',
        'Action::s3:GetObject*',
        'Action::s3:List*',
        'Action::s3:Abort*',
        'Action::s3:DeleteObject*',
        // As cdk-nag prints it: literal where the stack's region (and so its partition) is known.
        `Resource::arn:${literalOr(stack.partition, '<AWS::Partition>')}:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${literalOr(stack.region, '<AWS::Region>')}/*`,
        `Resource::<${siteBucket}.Arn>/*`,
        'Resource::*',
      ],
    );
    acknowledge(child, 'AwsSolutions-L1', 'The runtime of aws-cdk-lib’s BucketDeployment handler is chosen by aws-cdk-lib and moves with its version.');
  }
}

function literalOr(value: string, placeholder: string): string {
  return Token.isUnresolved(value) ? placeholder : value;
}
