import { CfnOutput, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CorsHttpMethod, DomainName, HttpApi, HttpMethod, HttpNoneAuthorizer, HttpStage, LogGroupLogDestination, type HttpRoute } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { HttpJwtAuthorizer, HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge } from '../nag.js';

export interface StaffApiProps {
  stage: string;
  /** The function behind every route (the registry's http-triggered function). */
  handler: IFunction;
  /**
   * Who issues staff tokens: the stack's Cognito user pool (the app clients whose tokens the API
   * accepts: scripts' SRP client, the console's OIDC client), or the stage's OIDC provider
   * (its issuer, the accepted audiences, and the claim carrying the staff id).
   */
  signIn:
    | { kind: 'cognito'; userPool: UserPool; clients: readonly UserPoolClient[] }
    | { kind: 'oidc'; issuer: string; audiences: readonly string[]; staffIdClaim: string };
  /**
   * Where the console calls the API from another origin (CloudFront China, which has no functions to
   * put the API under the console's /api): that origin may, with the Authorization header.
   */
  corsOrigins?: readonly string[];
  /** The API on a domain of the province's own, with a regional ACM certificate of the stack's region (context `apiDomainName`, `apiCertificateArn`). */
  customDomain?: { domainName: string; certificateArn: string };
  /** Steady-state requests per second across the API, and the burst above it. */
  throttle?: { rateLimit: number; burstLimit: number };
}

/** Staff are a few thousand people: generous for them, a cap for a runaway script. */
export const DEFAULT_API_THROTTLE = { rateLimit: 50, burstLimit: 100 };

/**
 * The staff API: an HTTP API whose every route needs a staff token (Cognito's or the stage's OIDC provider's, checked
 * by API Gateway's JWT authorizer before Lambda is invoked; the function then
 * authorises by jurisdiction, unit and role), throttled and access-logged.
 */
export class StaffApi extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  readonly publicRoutes: HttpRoute[];

  constructor(scope: Construct, id: string, props: StaffApiProps) {
    super(scope, id);
    const signIn = props.signIn;
    const authorizer =
      signIn.kind === 'cognito'
        ? new HttpUserPoolAuthorizer('StaffAuthorizer', signIn.userPool, {
            // The JWT authorizer checks `client_id` of access tokens (`aud` of ID tokens) against this list.
            userPoolClients: [...signIn.clients],
            identitySource: ['$request.header.Authorization'],
          })
        : new HttpJwtAuthorizer('StaffAuthorizer', signIn.issuer, {
            // API Gateway reads the provider's keys from <issuer>/.well-known/openid-configuration and checks `aud` (else `client_id`).
            jwtAudience: [...signIn.audiences],
            identitySource: ['$request.header.Authorization'],
          });
    const integration = new HttpLambdaIntegration('ApiIntegration', props.handler);

    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: `xinfang-${props.stage}-staff-api`,
      description: 'Staff API of the petitions case system',
      // The stage is created below so that it carries throttling and access logs.
      createDefaultStage: false,
      defaultAuthorizer: authorizer,
      // API Gateway answers the preflight itself, before any route's authorizer.
      ...(props.corsOrigins
        ? {
            corsPreflight: {
              allowOrigins: [...props.corsOrigins],
              allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT, CorsHttpMethod.PATCH, CorsHttpMethod.DELETE],
              allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'if-match'],
              exposeHeaders: ['content-disposition', 'etag', 'location'],
              maxAge: Duration.hours(1),
            },
          }
        : {}),
    });
    for (const path of ['/', '/{proxy+}']) {
      this.httpApi.addRoutes({ path, methods: [HttpMethod.ANY], integration, authorizer });
    }
    // Citizens have no staff account: the public schedule, bookings and follow-up answers need none.
    // The function checks what it must (signed links, capacity) and the stage throttles them.
    this.publicRoutes = this.httpApi.addRoutes({
      path: '/public/{proxy+}',
      methods: [HttpMethod.GET, HttpMethod.POST],
      integration,
      authorizer: new HttpNoneAuthorizer(),
    });
    for (const route of this.publicRoutes) {
      acknowledge(
        route,
        'AwsSolutions-APIG4',
        'Public by design: citizens read the leader reception schedule, book a place and answer follow-ups without an account. Only /public/* is open; the function validates every input, staff routes keep the JWT authorizer, and the stage throttles.',
      );
    }

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      logGroupName: `/xinfang/${props.stage}/api-access`,
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const throttle = props.throttle ?? DEFAULT_API_THROTTLE;
    const domainName = props.customDomain
      ? new DomainName(this, 'Domain', {
          domainName: props.customDomain.domainName,
          certificate: Certificate.fromCertificateArn(this, 'Certificate', props.customDomain.certificateArn),
        })
      : undefined;
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      ...(domainName ? { domainMapping: { domainName } } : {}),
      throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        // Who called what and how it ended; the staff id is audit data, request bodies (personal data) are never logged.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            method: '$context.httpMethod',
            path: '$context.path',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            responseLength: '$context.responseLength',
            staffId: `$context.authorizer.claims.${signIn.kind === 'cognito' ? 'username' : signIn.staffIdClaim}`,
            authorizerError: '$context.authorizer.error',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });

    new CfnOutput(this, 'ApiUrl', { description: 'Staff API base URL', value: this.stage.url });
    if (domainName) {
      new CfnOutput(this, 'ApiDomainTarget', { description: `CNAME ${props.customDomain!.domainName} to this`, value: domainName.regionalDomainName });
    }
    if (signIn.kind === 'cognito') {
      new CfnOutput(this, 'UserPoolId', { value: signIn.userPool.userPoolId });
      for (const [i, client] of signIn.clients.entries()) {
        new CfnOutput(this, i === 0 ? 'UserPoolClientId' : `UserPoolClientId${i + 1}`, { description: 'An app client whose tokens the API accepts', value: client.userPoolClientId });
      }
    } else {
      new CfnOutput(this, 'TokenIssuer', { description: 'The OIDC provider whose tokens the API accepts', value: signIn.issuer });
    }
  }
}
