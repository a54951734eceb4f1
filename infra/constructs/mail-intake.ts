import { Annotations, Aws, CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Bucket, EventType, type IBucket } from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import {
  ConfigurationSet,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
  ReceiptRuleSet,
  SuppressionReasons,
  TlsPolicy,
  type ReceiptRule,
} from 'aws-cdk-lib/aws-ses';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Lambda as LambdaAction, LambdaInvocationType, S3 as S3Action } from 'aws-cdk-lib/aws-ses-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Province } from '../../shared/domain/province.js';
import { RAW_MAIL_PREFIX, rawMailPrefix } from '../../shared/resources/definitions.js';
import { acknowledge } from '../nag.js';

/** SES allows at most 200 rules per rule set (an adjustable quota); one rule per office mailbox. */
export const MAX_RULES_PER_RULE_SET = 200;
export { RAW_MAIL_PREFIX };

export interface MailIntakeProps {
  stage: string;
  province: Province;
  bucket: IBucket;
  intakeQueue: IQueue;
  /** Where SES's bounces and complaints go to be recorded on their cases (the topic's subscriber). */
  feedbackQueue?: IQueue;
  /** Verify this domain instead of the one derived from the mailboxes (context `mailDomain`). */
  mailDomain?: string;
  /**
   * Which SES halves the stage uses (shared/config/stage.ts): receipt rules for mail in,
   * the identity and configuration set for mail out. Both unless given; neither in the
   * China regions, which offer no SES. The raw/ notification to intake exists either way:
   * whatever stores a message there (SES's rule, the IMAP poller) has it queued the same way.
   */
  ses?: { receive: boolean; send: boolean };
}

/**
 * Every office's petition mailbox, lower-cased, in configuration order. Units'
 * mailboxes only receive the system's notices; petitioners reply to the office
 * (acknowledgements carry the office mailbox as Reply-To).
 */
export function officeMailboxes(province: Province): string[] {
  return province.config.jurisdictions.map((j) => j.office.mailbox.toLowerCase());
}

/** Every configured address the system owns (offices and units), to keep the identity covering them all. */
export function configuredMailboxes(province: Province): string[] {
  return province.config.jurisdictions.flatMap((j) => [j.office.mailbox, ...j.units.map((u) => u.mailbox)]).map((m) => m.toLowerCase());
}

/** Second-level suffixes under which nobody can verify the parent (`zj.gov.cn` and `hz.gov.cn` share only `gov.cn`). */
const SHARED_SUFFIXES = new Set(['gov.cn', 'com.cn', 'net.cn', 'org.cn', 'edu.cn', 'ac.cn', 'mil.cn', 'co.uk', 'gov.uk', 'ac.uk', 'com.hk', 'gov.hk']);

/**
 * The SES identities to verify: the common parent domain of every mailbox and
 * the sender address (a verified domain covers its subdomains), or, when the
 * addresses share no parent that could be verified, each distinct top-most domain.
 */
export function mailIdentityDomains(addresses: readonly string[]): string[] {
  const domains = [...new Set(addresses.map((a) => a.slice(a.lastIndexOf('@') + 1).toLowerCase()))];
  if (domains.length === 0) return [];
  const labels = domains.map((d) => d.split('.').reverse());
  const common: string[] = [];
  for (let i = 0; labels.every((l) => l[i] !== undefined && l[i] === labels[0]![i]); i++) common.push(labels[0]![i]!);
  const parent = [...common].reverse().join('.');
  if (common.length >= 2 && !SHARED_SUFFIXES.has(parent)) return [parent];
  const byDepth = [...domains].sort((a, b) => a.split('.').length - b.split('.').length);
  const kept: string[] = [];
  for (const d of byDepth) if (!kept.some((k) => d.endsWith(`.${k}`))) kept.push(d);
  return kept.sort();
}

/**
 * Email in and out of SES.
 *
 * In: a receipt rule set with one rule per office mailbox storing the raw MIME
 * under `raw/<mailbox>/` in the mail bucket (the key says which office received
 * it, even for a Bcc); each
 * object created there is announced to the intake queue. The raw message is
 * stored before anything else happens, so nothing is lost if intake fails.
 *
 * Out: the verified domain identity (DKIM) with a default configuration set
 * that suppresses bounced/complaining addresses and publishes bounces and
 * complaints to an SNS topic.
 *
 * Each half only where the stage chose SES for it (`ses`); the China regions
 * have neither, and an IMAP poller stores under the same raw/<mailbox>/ keys.
 *
 * Note for the intake function: when a rule is created SES writes a test object
 * `raw/AMAZON_SES_SETUP_NOTIFICATION`; it arrives on the intake queue and must be ignored.
 */
export class MailIntake extends Construct {
  /** SES sending (when the stage sends with SES). */
  readonly identities: EmailIdentity[] = [];
  readonly configurationSet?: ConfigurationSet;
  readonly feedbackTopic?: Topic;
  /** SES receiving (when the stage receives with SES). */
  readonly ruleSet?: ReceiptRuleSet;
  readonly rules: ReceiptRule[] = [];
  readonly mailboxes: string[];

  constructor(scope: Construct, id: string, props: MailIntakeProps) {
    super(scope, id);
    this.mailboxes = officeMailboxes(props.province);
    const ses = props.ses ?? { receive: true, send: true };
    if (ses.send) ({ identities: this.identities, configurationSet: this.configurationSet, feedbackTopic: this.feedbackTopic } = this.sendWithSes(props));
    if (ses.receive) ({ ruleSet: this.ruleSet, rules: this.rules } = this.receiveWithSes(props));

    props.bucket.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(props.intakeQueue), { prefix: RAW_MAIL_PREFIX });
    suppressBucketNotificationsHandler(Stack.of(this));
  }

  /** The verified domain identities (DKIM) and the configuration set publishing sends, bounces and complaints. */
  private sendWithSes(props: MailIntakeProps): { identities: EmailIdentity[]; configurationSet: ConfigurationSet; feedbackTopic: Topic } {
    const prefix = `xinfang-${props.stage}`;
    const domains = props.mailDomain
      ? [props.mailDomain]
      : mailIdentityDomains([...configuredMailboxes(props.province), props.province.config.mail.from]);

    const feedbackKey = new Key(this, 'FeedbackTopicKey', {
      description: `Encrypts the ${prefix} SES bounce/complaint topic`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // SES publishes to the encrypted topic: it needs the key, for this account only.
    feedbackKey.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowSesToPublishToEncryptedTopic',
        principals: [new ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
    const feedbackTopic = new Topic(this, 'FeedbackTopic', {
      topicName: `${prefix}-mail-feedback`,
      displayName: 'SES sends, bounces and complaints',
      masterKey: feedbackKey,
      enforceSSL: true,
    });

    const configurationSet = new ConfigurationSet(this, 'SendingConfiguration', {
      configurationSetName: `${prefix}-sending`,
      reputationMetrics: true,
      // Never mail an address again that bounced or complained (account-level list plus this set).
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      maxDeliveryDuration: Duration.hours(12),
    });
    // Send events confirm to the mailer a send whose worker died before recording it (shared/app/deliver-notification.ts).
    configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: EventDestination.snsTopic(feedbackTopic),
      events: [EmailSendingEvent.SEND, EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
    // Raw delivery: the queue gets SES's event itself, which the feedback function records on the case.
    if (props.feedbackQueue) feedbackTopic.addSubscription(new SqsSubscription(props.feedbackQueue, { rawMessageDelivery: true }));

    const identities = domains.map(
      (domain, i) =>
        new EmailIdentity(this, domains.length === 1 ? 'MailDomain' : `MailDomain${i + 1}`, {
          identity: Identity.domain(domain),
          // Sends from this domain use the configuration set without the code naming it.
          configurationSet,
        }),
    );
    identities.forEach((identity, i) => {
      identity.dkimRecords.forEach((record, k) => {
        new CfnOutput(this, `Dkim${i + 1}Record${k + 1}`, {
          description: `DKIM CNAME for ${domains[i]} (publish in DNS to verify the identity)`,
          value: `${record.name} CNAME ${record.value}`,
        });
      });
    });

    return { identities, configurationSet, feedbackTopic };
  }

  /** One receipt rule per office mailbox, storing the raw MIME in S3 under raw/<mailbox>/. */
  private receiveWithSes(props: MailIntakeProps): { ruleSet: ReceiptRuleSet; rules: ReceiptRule[] } {
    const prefix = `xinfang-${props.stage}`;
    if (this.mailboxes.length > MAX_RULES_PER_RULE_SET) {
      throw new Error(`${this.mailboxes.length} office mailboxes need ${this.mailboxes.length} receipt rules; SES allows ${MAX_RULES_PER_RULE_SET} per rule set (ask AWS to raise the quota)`);
    }
    const ruleSet = new ReceiptRuleSet(this, 'RuleSet', { receiptRuleSetName: `${prefix}-intake` });
    // One grant for every office's prefix: the S3 action would add a statement per rule, and
    // 150 offices' statements overflow S3's 20 KB bucket-policy limit. The actions therefore
    // get an imported handle of the bucket (whose policy they cannot touch).
    const grant = props.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowSesToStoreIncomingMail',
        principals: [new ServicePrincipal('ses.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [props.bucket.arnForObjects(`${RAW_MAIL_PREFIX}*`)],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: { 'aws:SourceArn': Stack.of(this).formatArn({ service: 'ses', resource: 'receipt-rule-set', resourceName: `${prefix}-intake:receipt-rule/*` }) },
        },
      }),
    );
    const sesTarget = Bucket.fromBucketAttributes(this, 'MailBucketForSes', { bucketArn: props.bucket.bucketArn, bucketName: props.bucket.bucketName });
    const rules = this.mailboxes.map((mailbox, i) =>
      ruleSet.addRule(`Mailbox${i + 1}`, {
        receiptRuleName: `${prefix}-mailbox-${String(i + 1).padStart(3, '0')}`,
        recipients: [mailbox],
        enabled: true,
        // Spam and virus verdicts are added as headers; intake decides, nothing is dropped unseen.
        scanEnabled: true,
        // Citizens write from every kind of server; refusing plain SMTP would lose petitions.
        tlsPolicy: TlsPolicy.OPTIONAL,
        // The key names the office that received the message.
        actions: [new S3Action({ bucket: sesTarget, objectKeyPrefix: rawMailPrefix(mailbox) })],
      }),
    );
    // SES checks that it may write to the bucket when a rule is created.
    for (const rule of rules) {
      if (grant.policyDependable) rule.node.addDependency(grant.policyDependable);
      Annotations.of(rule).acknowledgeWarning('@aws-cdk/s3:AddBucketPermissions', 'SES is granted raw/* once, on the bucket itself (AllowSesToStoreIncomingMail)');
    }

    const mxDomains = [...new Set(this.mailboxes.map((m) => m.slice(m.indexOf('@') + 1)))];
    new CfnOutput(this, 'ReceiptRuleSetName', {
      description: 'Activate with: aws ses set-active-receipt-rule-set --rule-set-name <value>',
      value: ruleSet.receiptRuleSetName,
    });
    new CfnOutput(this, 'MailboxDomains', {
      description: `Domains that need an MX record pointing at inbound-smtp.<region>.amazonaws.com`,
      value: mxDomains.join(','),
    });
    return { ruleSet, rules };
  }

  /**
   * Invokes `fn` after each office's rule has stored a message (the urgent pre-check reads it
   * there): a Lambda action after the S3 action, as an event, so SES never waits for it. Lambda
   * gets one permission for SES, limited to this account, whatever the number of rules.
   */
  invokeAfterStoring(fn: IFunction): void {
    for (const rule of this.rules) rule.addAction(new LambdaAction({ function: fn, invocationType: LambdaInvocationType.EVENT }));
  }

  /** ARNs a function that sends mail through SES may use: the identities and the configuration set; none when the stage sends otherwise. */
  get sendingResourceArns(): string[] {
    if (!this.configurationSet) return [];
    const stack = Stack.of(this);
    return [
      ...this.identities.map((identity) => identity.emailIdentityArn),
      stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: this.configurationSet.configurationSetName }),
    ];
  }
}

/** CDK's singleton that writes the bucket's notification configuration: its role is CDK's, not ours (its policy is already scoped to the bucket). */
function suppressBucketNotificationsHandler(stack: Stack): void {
  for (const child of stack.node.children) {
    if (!child.node.id.startsWith('BucketNotificationsHandler')) continue;
    acknowledge(
      child,
      'AwsSolutions-IAM4',
      "CDK's BucketNotificationsHandler custom resource (sets the mail bucket's S3 -> SQS notification at deploy time) logs through AWSLambdaBasicExecutionRole; CDK owns this role.",
      ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
    );
  }
}
