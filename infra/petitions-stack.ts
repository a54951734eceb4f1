import { Annotations, Stack, Tags, Token, type StackProps } from 'aws-cdk-lib';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Construct } from 'constructs';
import type { Province } from '../shared/domain/province.js';
import { DEFAULT_STAGE_CONFIG, stageChoices, type OidcSignInConfig, type StageConfig } from '../shared/config/stage.js';
import { CONSOLE_API_PREFIX } from '../shared/resources/console.js';
import { FUNCTIONS, type FunctionDefinition } from '../shared/resources/functions.js';
import { StaffApi } from './constructs/api.js';
import { CONSOLE_OIDC_SCOPES, StaffAuth } from './constructs/auth.js';
import { ConsoleHosting, type ConsoleDomain } from './constructs/console-hosting.js';
import { PetitionFunctions, type LogLevel } from './constructs/functions.js';
import { MailIntake } from './constructs/mail-intake.js';
import { MailboxPolling } from './constructs/mailbox-polling.js';
import { Monitoring } from './constructs/monitoring.js';
import { Queues } from './constructs/queues.js';
import { Schedules } from './constructs/schedules.js';
import { SmtpSending } from './constructs/smtp-sending.js';
import { Storage } from './constructs/storage.js';

export interface PetitionsStackProps extends StackProps {
  stage: string;
  /** The validated province configuration (mailboxes, retention). */
  province: Province;
  /** The file it was read from; copied into every bundle. */
  provinceConfigPath: string;
  /** Mail in, mail out and staff sign-in (shared/config/stage.ts); SES and Cognito unless given. */
  stageConfig?: StageConfig;
  /** Defaults to the FUNCTIONS registry. */
  functions?: Readonly<Record<string, FunctionDefinition>>;
  logLevel?: LogLevel;
  alarmEmail?: string;
  mailDomain?: string;
  /** The hosted sign-in pages' domain prefix (context `authDomainPrefix`). */
  authDomainPrefix?: string;
  /**
   * The console on a domain of the province's own (context `consoleDomainName` with `consoleCertificateArn`,
   * an ACM certificate in us-east-1, or in the China regions `consoleIamCertificateId`, a certificate in IAM's store).
   */
  consoleDomain?: ConsoleDomain;
  /** The API on a domain of the province's own (context `apiDomainName`, `apiCertificateArn`): in the China regions the console calls it there. */
  apiDomain?: { domainName: string; certificateArn: string };
  /** The CLOUDFRONT web ACL's ARN (PetitionsEdge-<stage>, us-east-1; context `publicWebAclArn`). */
  publicWebAclArn?: string;
  /** The built console to deploy; built from the sources during synthesis unless given (tests pass a fixture). */
  consoleSiteDir?: string;
}

export function petitionsStackName(stage: string): string {
  return `PetitionsStack-${stage}`;
}

/**
 * The whole system for one stage, composed from one construct per concern.
 * Everything is derived from shared/resources (table, queues, bucket, functions)
 * and the province configuration: adding a queue, a function or a mailbox needs
 * no change here.
 */
export class PetitionsStack extends Stack {
  readonly stageConfig: StageConfig;
  readonly storage: Storage;
  readonly queues: Queues;
  /** The Cognito user pool, when the stage's staff sign in there (signIn: cognito). */
  readonly auth?: StaffAuth;
  /** The staff console; only with the API it calls. */
  readonly console?: ConsoleHosting;
  readonly mail: MailIntake;
  readonly functions: PetitionFunctions;
  /** Mail out over the provider's SMTP, in stages that chose it (mailOut: smtp). */
  readonly smtpSending?: SmtpSending;
  readonly api?: StaffApi;
  readonly schedules: Schedules;
  readonly monitoring: Monitoring;
  /** Mail in by IMAP: the poll rules of a stage whose mailIn is imap. */
  readonly mailboxPolling?: MailboxPolling;

  constructor(scope: Construct, id: string, props: PetitionsStackProps) {
    super(scope, id, {
      description: `Petitions (信访) case system, stage ${props.stage}`,
      terminationProtection: props.stage === 'prod',
      ...props,
    });
    const { stage, province } = props;
    Tags.of(this).add('project', 'xinfang');
    Tags.of(this).add('stage', stage);

    const stageConfig = props.stageConfig ?? DEFAULT_STAGE_CONFIG;
    this.stageConfig = stageConfig;
    // A function that serves one choice only (the IMAP poller, say) exists only in stages that made it.
    const choices = stageChoices(stageConfig);
    const definitions = Object.fromEntries(
      Object.entries(props.functions ?? FUNCTIONS).filter(([, d]) => Object.entries(d.when ?? {}).every(([key, kind]) => choices[key as keyof typeof choices] === kind)),
    );
    // Checked before anything is built (or bundled): the console and the API need to know.
    const httpIds = Object.values(definitions)
      .filter((d) => d.trigger.kind === 'http')
      .map((d) => d.id);
    if (httpIds.length > 1) {
      throw new Error(`the staff API routes everything to one function, but ${httpIds.length} are http-triggered: ${httpIds.join(', ')}`);
    }

    this.storage = new Storage(this, 'Storage', { stage, retentionYears: province.config.defaults.retentionYears });
    this.queues = new Queues(this, 'Queues', { stage });
    const signIn = stageConfig.signIn;
    // The China regions: no X-Ray for Lambda, and CloudFront China has no ACM, no origin access control, no CLOUDFRONT web ACL.
    const china = !Token.isUnresolved(this.region) && this.region.startsWith('cn-');
    if (signIn.kind === 'cognito') {
      this.auth = new StaffAuth(this, 'Auth', { stage, ...(props.authDomainPrefix ? { domainPrefix: props.authDomainPrefix } : {}) });
    }
    const auth = this.auth;
    // The console's address is needed before the API exists: its OIDC client redirects there, and the API trusts that client.
    const hosting =
      httpIds.length === 1
        ? new ConsoleHosting(this, 'Console', {
            stage,
            accessLogBucket: this.storage.accessLogBucket,
            identityProviderOrigins: signIn.kind === 'oidc' ? oidcOrigins(signIn) : [auth!.issuerOrigin, auth!.hostedSignInUrl],
            cloudFront: china ? 'china' : 'global',
            // CloudFront China cannot put the API under /api: the console calls it on its own domain.
            ...(china ? { apiOrigin: props.apiDomain ? `https://${props.apiDomain.domainName}` : `https://*.execute-api.${this.region}.${this.urlSuffix}` } : {}),
            ...(props.consoleDomain ? { customDomain: props.consoleDomain } : {}),
            ...(props.consoleSiteDir ? { siteDir: props.consoleSiteDir } : {}),
            ...(props.publicWebAclArn ? { webAclArn: props.publicWebAclArn } : {}),
          })
        : undefined;
    this.console = hosting;
    const consoleClient = hosting && auth ? auth.addConsoleClient({ callbackUrl: hosting.callbackUrl, signedOutUrl: hosting.signedOutUrl }) : undefined;
    const staffClients = auth ? [auth.client, ...(consoleClient ? [consoleClient] : [])] : [];
    this.mail = new MailIntake(this, 'MailIntake', {
      stage,
      province,
      bucket: this.storage.mailBucket,
      intakeQueue: this.queues.byId.intake.queue,
      feedbackQueue: this.queues.byId.feedback.queue,
      ses: { receive: stageConfig.mailIn.kind === 'ses', send: stageConfig.mailOut.kind === 'ses' },
      ...(props.mailDomain ? { mailDomain: props.mailDomain } : {}),
    });
    this.functions = new PetitionFunctions(this, 'Functions', {
      stage,
      definitions,
      storage: this.storage,
      queues: this.queues.byId,
      streamFailures: this.queues.streamFailures,
      auth:
        signIn.kind === 'oidc'
          ? { kind: 'oidc', issuer: signIn.issuer, audiences: signIn.audience, staffIdClaim: signIn.staffIdClaim, ...(signIn.jwksUri ? { jwksUri: signIn.jwksUri } : {}) }
          : { kind: 'cognito', issuer: auth!.issuer, clientIds: staffClients.map((c) => c.userPoolClientId) },
      tracing: !china,
      mailSendingArns: this.mail.sendingResourceArns,
      provinceConfigPath: props.provinceConfigPath,
      logLevel: props.logLevel ?? 'INFO',
    });
    const all = Object.values(this.functions.byId);
    // The urgent pre-check runs on SES's receipt path, after each message is stored.
    for (const f of all) if (f.definition.trigger.kind === 'sesReceipt') this.mail.invokeAfterStoring(f.fn);
    if (stageConfig.mailOut.kind === 'smtp') {
      this.smtpSending = new SmtpSending(this, 'SmtpSending', { stage, mailOut: stageConfig.mailOut, senders: all.filter((f) => f.definition.access.sendMail) });
    }

    const http = all.find((f) => f.definition.trigger.kind === 'http');
    if (http) {
      this.api = new StaffApi(this, 'Api', {
        stage,
        handler: http.fn,
        ...(china && hosting ? { corsOrigins: [hosting.url] } : {}),
        ...(props.apiDomain ? { customDomain: props.apiDomain } : {}),
        signIn:
          signIn.kind === 'oidc'
            ? { kind: 'oidc', issuer: signIn.issuer, audiences: signIn.audience, staffIdClaim: signIn.staffIdClaim }
            : { kind: 'cognito', userPool: auth!.userPool, clients: staffClients },
      });
    }
    if (hosting && this.api) {
      if (!china) hosting.addApi(this.api.httpApi);
      // Only a request carrying CloudFront's secret header has its CloudFront-Viewer-Address believed.
      if (http && hosting.originSecret) http.fn.addEnvironment('ORIGIN_SECRET', hosting.originSecret.secretValue.unsafeUnwrap());
      if (china && !props.apiDomain) {
        Annotations.of(this.api).addWarningV2(
          'xinfang:china-api-domain',
          'In the China regions the API’s execute-api address is not open to the public without ICP recordal: give apiDomainName and apiCertificateArn (an ACM certificate of this region)',
        );
      }
      const urls = { redirectUri: hosting.callbackUrl, postLogoutRedirectUri: hosting.signedOutUrl };
      hosting.deploySite({
        auth:
          signIn.kind === 'oidc'
            ? {
                kind: 'oidc',
                authority: signIn.console.authority ?? signIn.issuer,
                clientId: signIn.console.clientId,
                ...urls,
                scope: signIn.console.scope,
                ...(signIn.console.endSessionEndpoint ? { endSessionEndpoint: signIn.console.endSessionEndpoint } : {}),
              }
            : {
                kind: 'oidc',
                authority: auth!.issuer,
                clientId: consoleClient!.userPoolClientId,
                ...urls,
                scope: CONSOLE_OIDC_SCOPES.map((s) => s.scopeName).join(' '),
                // Cognito's discovery document names no end_session_endpoint; its logout endpoint takes client_id and logout_uri.
                endSessionEndpoint: `${auth!.hostedSignInUrl}/logout`,
                signOutParams: { client_id: consoleClient!.userPoolClientId, logout_uri: hosting.signedOutUrl },
              },
        apiBase: china ? (props.apiDomain ? `https://${props.apiDomain.domainName}` : `https://${this.api.httpApi.apiId}.execute-api.${this.region}.${this.urlSuffix}`) : CONSOLE_API_PREFIX,
      });
    }
    this.schedules = new Schedules(this, 'Schedules', { stage, functions: all });
    const poller = this.functions.byId.imap;
    if (stageConfig.mailIn.kind === 'imap' && poller) {
      this.mailboxPolling = new MailboxPolling(this, 'MailboxPolling', { stage, mailIn: stageConfig.mailIn, province, poller, storage: this.storage });
    }
    this.monitoring = new Monitoring(this, 'Monitoring', {
      stage,
      queues: this.queues.byId,
      streamFailures: this.queues.streamFailures,
      functions: all,
      ...(this.api ? { api: this.api.httpApi } : {}),
      ...(props.alarmEmail ? { alarmEmail: props.alarmEmail } : {}),
    });
    for (const alarm of this.mailboxPolling?.alarms ?? []) alarm.addAlarmAction(new SnsAction(this.monitoring.alarmTopic));
  }
}

/** What the console calls during sign-in at the stage's OIDC provider: its issuer (discovery, keys, token endpoint) and any origin the stage adds. */
function oidcOrigins(signIn: OidcSignInConfig): string[] {
  const origins = [signIn.console.authority ?? signIn.issuer, ...signIn.console.connectOrigins].map((url) => new URL(url).origin);
  return [...new Set(origins)];
}
