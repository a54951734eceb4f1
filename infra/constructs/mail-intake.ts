import { Aws, CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { EventType, type IBucket } from 'aws-cdk-lib/aws-s3';
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
import { S3 as S3Action } from 'aws-cdk-lib/aws-ses-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Province } from '../../shared/config/province.js';
import { acknowledge } from '../nag.js';

/** SES accepts at most 100 recipients per receipt rule ... */
export const MAX_RECIPIENTS_PER_RULE = 100;
/** ... and at most 200 rules per rule set. */
export const MAX_RULES_PER_RULE_SET = 200;
/** Where SES stores raw MIME; the intake queue is told about objects created under it. */
export const RAW_MAIL_PREFIX = 'raw/';

export interface MailIntakeProps {
  stage: string;
  province: Province;
  bucket: IBucket;
  intakeQueue: IQueue;
  /** Verify this domain instead of the one derived from the mailboxes (context `mailDomain`). */
  mailDomain?: string;
}

/** Every office and unit mailbox of the configuration, lower-cased, in configuration order. */
export function configuredMailboxes(province: Province): string[] {
  return province.config.jurisdictions.flatMap((j) => [j.office.mailbox, ...j.units.map((u) => u.mailbox)]).map((m) => m.toLowerCase());
}

/** Splits recipients into receipt rules of at most MAX_RECIPIENTS_PER_RULE. */
export function chunkRecipients(recipients: readonly string[], size = MAX_RECIPIENTS_PER_RULE): string[][] {
  const chunks: string[][] = [];
  for (let i = 0; i < recipients.length; i += size) chunks.push(recipients.slice(i, i + size));
  return chunks;
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
 * In: a receipt rule set whose rules list every office and unit mailbox (chunked,
 * 100 per rule) and store the raw MIME under `raw/` in the mail bucket; each
 * object created there is announced to the intake queue. The raw message is
 * stored before anything else happens, so nothing is lost if intake fails.
 *
 * Out: the verified domain identity (DKIM) with a default configuration set
 * that suppresses bounced/complaining addresses and publishes bounces and
 * complaints to an SNS topic.
 *
 * Note for the intake function: when a rule is created SES writes a test object
 * `raw/AMAZON_SES_SETUP_NOTIFICATION`; it arrives on the intake queue and must be ignored.
 */
export class MailIntake extends Construct {
  readonly identities: EmailIdentity[];
  readonly configurationSet: ConfigurationSet;
  readonly feedbackTopic: Topic;
  readonly ruleSet: ReceiptRuleSet;
  readonly rules: ReceiptRule[];
  readonly mailboxes: string[];

  constructor(scope: Construct, id: string, props: MailIntakeProps) {
    super(scope, id);
    const prefix = `xinfang-${props.stage}`;
    this.mailboxes = configuredMailboxes(props.province);
    const domains = props.mailDomain ? [props.mailDomain] : mailIdentityDomains([...this.mailboxes, props.province.config.mail.from]);

    // --- sending: configuration set, feedback topic, identity -------------------------------
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
    this.feedbackTopic = new Topic(this, 'FeedbackTopic', {
      topicName: `${prefix}-mail-feedback`,
      displayName: 'SES bounces and complaints',
      masterKey: feedbackKey,
      enforceSSL: true,
    });

    this.configurationSet = new ConfigurationSet(this, 'SendingConfiguration', {
      configurationSetName: `${prefix}-sending`,
      reputationMetrics: true,
      // Never mail an address again that bounced or complained (account-level list plus this set).
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      maxDeliveryDuration: Duration.hours(12),
    });
    this.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: EventDestination.snsTopic(this.feedbackTopic),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });

    this.identities = domains.map(
      (domain, i) =>
        new EmailIdentity(this, domains.length === 1 ? 'MailDomain' : `MailDomain${i + 1}`, {
          identity: Identity.domain(domain),
          // Sends from this domain use the configuration set without the code naming it.
          configurationSet: this.configurationSet,
        }),
    );
    this.identities.forEach((identity, i) => {
      identity.dkimRecords.forEach((record, k) => {
        new CfnOutput(this, `Dkim${i + 1}Record${k + 1}`, {
          description: `DKIM CNAME for ${domains[i]} (publish in DNS to verify the identity)`,
          value: `${record.name} CNAME ${record.value}`,
        });
      });
    });

    // --- receiving: one rule per chunk of mailboxes, raw MIME into S3 ------------------------
    const chunks = chunkRecipients(this.mailboxes);
    if (chunks.length > MAX_RULES_PER_RULE_SET) {
      throw new Error(`${this.mailboxes.length} mailboxes need ${chunks.length} receipt rules; SES allows ${MAX_RULES_PER_RULE_SET} per rule set`);
    }
    this.ruleSet = new ReceiptRuleSet(this, 'RuleSet', { receiptRuleSetName: `${prefix}-intake` });
    this.rules = chunks.map((recipients, i) =>
      this.ruleSet.addRule(`Mailboxes${i + 1}`, {
        receiptRuleName: `${prefix}-mailboxes-${String(i + 1).padStart(3, '0')}`,
        recipients,
        enabled: true,
        // Spam and virus verdicts are added as headers; intake decides, nothing is dropped unseen.
        scanEnabled: true,
        // Citizens write from every kind of server; refusing plain SMTP would lose petitions.
        tlsPolicy: TlsPolicy.OPTIONAL,
        // Adds the bucket-policy statement for ses.amazonaws.com (s3:PutObject on raw/*, aws:Referer = this account).
        actions: [new S3Action({ bucket: props.bucket, objectKeyPrefix: RAW_MAIL_PREFIX })],
      }),
    );

    props.bucket.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(props.intakeQueue), { prefix: RAW_MAIL_PREFIX });
    suppressBucketNotificationsHandler(Stack.of(this));

    const mxDomains = [...new Set(this.mailboxes.map((m) => m.slice(m.indexOf('@') + 1)))];
    new CfnOutput(this, 'ReceiptRuleSetName', {
      description: 'Activate with: aws ses set-active-receipt-rule-set --rule-set-name <value>',
      value: this.ruleSet.receiptRuleSetName,
    });
    new CfnOutput(this, 'MailboxDomains', {
      description: `Domains that need an MX record pointing at inbound-smtp.<region>.amazonaws.com`,
      value: mxDomains.join(','),
    });
  }

  /** ARNs a function that sends mail may use: the identities and the configuration set. */
  get sendingResourceArns(): string[] {
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
