import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

export interface StaffAuthProps {
  stage: string;
}

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

  constructor(scope: Construct, id: string, props: StaffAuthProps) {
    super(scope, id);
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
      // A browser / CLI client: SRP sign-in, no client secret, no hosted UI.
      generateSecret: false,
      authFlows: { userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
  }

  /** The JWT issuer the API and the functions verify tokens against. */
  get issuer(): string {
    // Built the way API Gateway's user-pool authorizer builds it, so both agree to the character.
    return `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`;
  }
}
