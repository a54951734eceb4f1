import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  UserPool,
  UserPoolClientIdentityProvider,
  type UserPoolClient,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

export interface StaffAuthProps {
  stage: string;
  /**
   * The hosted sign-in pages' domain prefix: https://<prefix>.auth.<region>.amazoncognito.com
   * (context `authDomainPrefix`; unique in the region). Defaults to xinfang-<stage>-<account>.
   */
  domainPrefix?: string;
}

/** The console asks for these; the access token it sends carries the staff id as `username` either way. */
export const CONSOLE_OIDC_SCOPES = [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE];

/**
 * The staff directory: a Cognito user pool whose USERNAME IS THE STAFF ID of
 * config/province.yaml (`staff[].id`). Usernames are immutable and unique, so the
 * token's `username` (access token) / `cognito:username` (ID token) claim is
 * the staff id the API looks up in the configuration; no custom attribute that an
 * administrator could later edit.
 *
 * API Gateway's JWT authorizer verifies every token before the function runs;
 * the function reads the claims from `requestContext.authorizer.jwt.claims`.
 * Its own construct, not inside the API: the staff directory outlives any one
 * API, and the functions can be given the issuer if their environment asks.
 */
export class StaffAuth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  /** The hosted sign-in pages the console's OIDC client sends staff to. */
  readonly domain: UserPoolDomain;
  private readonly stage: string;

  constructor(scope: Construct, id: string, props: StaffAuthProps) {
    super(scope, id);
    this.stage = props.stage;
    this.userPool = new UserPool(this, 'StaffPool', {
      userPoolName: `xinfang-${props.stage}-staff`,
      // Accounts are created by administrators for configured staff only.
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      standardAttributes: { email: { required: true, mutable: true }, fullname: { required: false, mutable: true } },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Staff see petitioners' personal data: a second factor always (authenticator app, no SMS cost or SIM-swap risk).
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      // Plus plan: threat protection blocks compromised credentials and risky sign-ins.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      userInvitation: {
        emailSubject: '信访案件系统账号 / Petitions case system account',
        emailBody: '您的用户名（工号）：{username}，临时密码：{####}。首次登录需修改密码并绑定身份验证器。',
      },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.client = this.userPool.addClient('StaffConsole', {
      userPoolClientName: `xinfang-${props.stage}-staff-console`,
      // Scripts and the CLI: SRP sign-in, no client secret, no hosted UI (the console has its own OIDC client).
      generateSecret: false,
      authFlows: { userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });

    this.domain = this.userPool.addDomain('HostedSignIn', {
      cognitoDomain: { domainPrefix: props.domainPrefix ?? `xinfang-${props.stage}-${Stack.of(this).account}` },
    });
  }

  /**
   * The staff console's OIDC client: authorization code with PKCE (the
   * console sends a code challenge on every sign-in), no client secret (a
   * browser cannot keep one), the hosted sign-in pages only (no password
   * flows of its own), redirects only to the console's own address.
   */
  addConsoleClient(urls: { callbackUrl: string; signedOutUrl: string }): UserPoolClient {
    new CfnOutput(this, 'HostedSignInUrl', { description: 'Cognito hosted sign-in pages of the staff console', value: this.hostedSignInUrl });
    return this.userPool.addClient('ConsoleOidc', {
      userPoolClientName: `xinfang-${this.stage}-console-oidc`,
      generateSecret: false,
      // Only refresh: staff sign in on the hosted pages (MFA, threat protection), never by the client's own password flow.
      authFlows: { userSrp: false },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: CONSOLE_OIDC_SCOPES,
        callbackUrls: [urls.callbackUrl],
        logoutUrls: [urls.signedOutUrl],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      // A token that leaks from a browser is good for an hour; then the API's 401 sends staff back to sign in.
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
  }

  /** The hosted sign-in pages' origin (authorize, token and logout endpoints). */
  get hostedSignInUrl(): string {
    return this.domain.baseUrl();
  }

  /** The origin of the issuer's discovery document and keys, which the console reads during sign-in. */
  get issuerOrigin(): string {
    return `https://cognito-idp.${Stack.of(this).region}.${Stack.of(this).urlSuffix}`;
  }

  /** The JWT issuer the API and the functions verify tokens against. */
  get issuer(): string {
    // Built the way API Gateway's user-pool authorizer builds it, so both agree to the character.
    return `${this.issuerOrigin}/${this.userPool.userPoolId}`;
  }
}
