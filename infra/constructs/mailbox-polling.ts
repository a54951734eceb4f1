import { Duration } from 'aws-cdk-lib';
import { ComparisonOperator, Stats, TreatMissingData, type Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { EventField, Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Secret, type ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { imapSecretName, type ImapMailIn } from '../../shared/config/stage.js';
import type { Province } from '../../shared/domain/province.js';
import { RAW_MAIL_PREFIX } from '../../shared/resources/definitions.js';
import { mailboxPollBatches, polledMailboxes, type MailboxPollBatch } from '../../shared/resources/mail-in.js';
import { acknowledge } from '../nag.js';
import type { PetitionFunction } from './functions.js';
import type { Storage } from './storage.js';

export interface MailboxPollingProps {
  stage: string;
  /** The stage's IMAP settings (config/stages/<stage>.yaml, shared/config/stage.ts). */
  mailIn: ImapMailIn;
  province: Province;
  /** The `imap` function of the registry, built by PetitionFunctions. */
  poller: PetitionFunction;
  storage: Storage;
}

/**
 * Mail in by IMAP, where SES cannot receive (the AWS China regions): one
 * EventBridge rule per batch of mailboxes, every `everyMinutes`, each handing
 * the `imap` function its batch; the function may put objects under raw/ only
 * (the bucket's notification queues them for intake, as it does SES's) and
 * read the secrets of its mailboxes' domains, which operators create and fill
 * in (`xinfang-<stage>/imap/<domain>`, {"password": …}). Events EventBridge
 * could not deliver go to a dead-letter queue; its alarm, like the function's
 * error alarm, goes to the stack's alarm topic (`alarms`, wired by the stack).
 */
export class MailboxPolling extends Construct {
  readonly batches: MailboxPollBatch[];
  readonly rules: Rule[];
  readonly secrets: ISecret[];
  readonly deadLetterQueue: Queue;
  readonly alarms: Alarm[];

  constructor(scope: Construct, id: string, props: MailboxPollingProps) {
    super(scope, id);
    const prefix = `xinfang-${props.stage}`;
    const fn = props.poller.fn;
    this.batches = mailboxPollBatches(props.stage, props.mailIn, polledMailboxes(props.province, props.mailIn));

    // Put, under raw/ only: the poller neither reads nor deletes stored mail.
    props.storage.mailBucket.grantPut(fn, `${RAW_MAIL_PREFIX}*`);
    const domains = [...new Set(this.batches.flatMap((b) => b.mailboxes.map((m) => m.address.slice(m.address.lastIndexOf('@') + 1))))];
    // Created and filled in by operators (the password never passes through the template); read by name.
    this.secrets = domains.map((domain, i) => Secret.fromSecretNameV2(this, `MailboxSecret${i + 1}`, imapSecretName(props.stage, domain)));
    for (const secret of this.secrets) secret.grantRead(fn);
    acknowledge(
      fn.role!,
      'AwsSolutions-IAM5',
      "The poller puts raw mail under the bucket's raw/ prefix only (keys are office mailboxes and UIDs, unknown at deploy time); Abort* lets it abandon an upload it started there.",
      [`Resource::<${props.storage.mailBucketLogicalId}.Arn>/raw/*`, 'Action::s3:Abort*'],
    );

    // A failed poll is not retried at once: a refused login repeated makes providers lock the account; the next tick tries again.
    fn.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.minutes(props.mailIn.everyMinutes) });

    this.deadLetterQueue = new Queue(this, 'UndeliveredPolls', {
      queueName: `${prefix}-imap-poll-dlq`,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(this.deadLetterQueue, 'AwsSolutions-SQS3', 'It is the dead-letter queue of the poll rules’ Lambda targets (EventBridge), which CDK’s SQS redrive check does not see.');

    this.rules = this.batches.map(
      (batch) =>
        new Rule(this, `Poll${batch.id.replace(/\W/g, '')}`, {
          ruleName: `${prefix}-imap-${batch.id}`,
          description: `Polls ${batch.mailboxes.length} office mailbox(es) over IMAP every ${props.mailIn.everyMinutes} min`,
          schedule: Schedule.rate(Duration.minutes(props.mailIn.everyMinutes)),
          targets: [
            new LambdaFunction(fn, {
              // The scheduled event's shape (functions/imap/schema.ts), its detail the batch.
              event: RuleTargetInput.fromObject({ 'detail-type': 'Scheduled Event', time: EventField.time, detail: { id: batch.id, mailboxes: batch.mailboxes } }),
              retryAttempts: 2,
              maxEventAge: Duration.minutes(props.mailIn.everyMinutes),
              deadLetterQueue: this.deadLetterQueue,
            }),
          ],
        }),
    );

    this.alarms = [
      this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: Stats.MAXIMUM }).createAlarm(this, 'UndeliveredPollsAlarm', {
        alarmName: `${prefix}-imap-poll-dlq-not-empty`,
        alarmDescription: 'EventBridge could not invoke the IMAP poller: mailboxes are not being read. Check the function and its permissions; the next ticks poll again.',
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    ];
  }
}
