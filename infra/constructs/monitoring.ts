import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  Stats,
  TextWidget,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { FilterPattern, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { QUEUE_IDS, QUEUES, type QueueId } from '../../shared/resources/definitions.js';
import type { PetitionFunction } from './functions.js';
import { pascal, type QueuePair } from './queues.js';

export interface MonitoringProps {
  stage: string;
  queues: Readonly<Record<QueueId, QueuePair>>;
  /** The outbox dispatcher's on-failure destination: any message in it is a letter or handoff not yet queued. */
  streamFailures?: IQueue;
  functions: readonly PetitionFunction[];
  api?: HttpApi;
  /** Subscribed to the alarm topic when given (context `alarmEmail`). */
  alarmEmail?: string;
}

/**
 * How old the oldest message of a queue may get before someone is paged: at
 * least 15 minutes (petitions are acknowledged within seconds, so a quarter of
 * an hour is a stalled consumer) and at least two visibility timeouts.
 */
export function oldestMessageThresholdSeconds(queueId: QueueId): number {
  return Math.max(15 * 60, 2 * QUEUES[queueId].visibilityTimeoutSeconds);
}

const FIVE_MINUTES = Duration.minutes(5);

/** Alarms (to an encrypted SNS topic) and one operations dashboard. */
export class Monitoring extends Construct {
  readonly alarmTopic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const prefix = `xinfang-${props.stage}`;

    const topicKey = new Key(this, 'AlarmTopicKey', {
      description: `Encrypts the ${prefix} alarm topic`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // CloudWatch alarms publish to the encrypted topic: they need the key, for this account's alarms only.
    topicKey.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      topicName: `${prefix}-alarms`,
      displayName: `xinfang ${props.stage} alarms`,
      masterKey: topicKey,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));
    const action = new SnsAction(this.alarmTopic);
    const alarm = (alarmId: string, create: (id: string) => Alarm) => {
      const a = create(alarmId);
      a.addAlarmAction(action);
      this.alarms.push(a);
      return a;
    };

    // --- queues ----------------------------------------------------------------------------
    for (const queueId of QUEUE_IDS) {
      const { queue, deadLetterQueue } = props.queues[queueId];
      const name = pascal(queueId);
      alarm(`${name}DlqNotEmpty`, (aid) =>
        deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: Stats.MAXIMUM }).createAlarm(this, aid, {
          alarmName: `${prefix}-${queueId}-dlq-not-empty`,
          alarmDescription: `Messages parked in the ${queueId} dead-letter queue: find the cause, then redrive (consumers are idempotent).`,
          threshold: 0,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
      const threshold = oldestMessageThresholdSeconds(queueId);
      alarm(`${name}OldestMessage`, (aid) =>
        queue.metricApproximateAgeOfOldestMessage({ period: FIVE_MINUTES, statistic: Stats.MAXIMUM }).createAlarm(this, aid, {
          alarmName: `${prefix}-${queueId}-oldest-message`,
          alarmDescription: `The oldest message in ${queueId} is older than ${threshold}s: its consumer is stalled, failing or throttled.`,
          threshold,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }

    if (props.streamFailures) {
      const failures = props.streamFailures;
      alarm('StreamFailuresNotEmpty', (aid) =>
        failures.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: Stats.MAXIMUM }).createAlarm(this, aid, {
          alarmName: `${prefix}-stream-failures-not-empty`,
          alarmDescription: 'The outbox dispatcher gave up on stream records: letters or handoffs committed but not queued. Fix the cause, then re-dispatch the named records (docs/storage.md "Outbox").',
          threshold: 0,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }

    // --- functions -------------------------------------------------------------------------
    for (const { definition, fn } of props.functions) {
      const name = pascal(definition.id);
      alarm(`${name}Errors`, (aid) =>
        fn.metricErrors({ period: FIVE_MINUTES, statistic: Stats.SUM }).createAlarm(this, aid, {
          alarmName: `${prefix}-${definition.id}-errors`,
          alarmDescription: `${definition.id} threw (an invocation failed, not a single reported batch item).`,
          threshold: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
      alarm(`${name}Throttles`, (aid) =>
        fn.metricThrottles({ period: FIVE_MINUTES, statistic: Stats.SUM }).createAlarm(this, aid, {
          alarmName: `${prefix}-${definition.id}-throttles`,
          alarmDescription: `${definition.id} was throttled: the account or function concurrency limit was reached.`,
          threshold: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }

    if (props.api) {
      alarm('Api5xx', (aid) =>
        props.api!.metricServerError({ period: FIVE_MINUTES, statistic: Stats.SUM }).createAlarm(this, aid, {
          alarmName: `${prefix}-api-5xx`,
          alarmDescription: 'The staff API answered with server errors.',
          threshold: 5,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }

    // --- dashboard -------------------------------------------------------------------------
    const intake = props.queues.intake.queue;
    const depth = (q: QueuePair['queue'], label: string): IMetric =>
      q.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: Stats.MAXIMUM, label });
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `${prefix}-operations`,
      defaultInterval: Duration.hours(24),
    });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# 信访案件系统 ${props.stage}\nIntake rate, queue depths and function health. Alarms go to SNS \`${prefix}-alarms\`.`,
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        // An email waiting its turn behind its sender's burst is sent again to the queue (functions/lib/sqs-batch.ts requeue):
        // those sends are counted here too, so under such a burst this is more than the mail stored.
        title: 'Intake rate (messages sent to the intake queue per minute: mail stored, and emails waiting their turn)',
        left: [intake.metricNumberOfMessagesSent({ period: Duration.minutes(1), statistic: Stats.SUM, label: 'intake messages' })],
        width: 12,
      }),
      new GraphWidget({
        title: 'Queue depths',
        left: QUEUE_IDS.map((q) => depth(props.queues[q].queue, q)),
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Dead-letter queues',
        left: QUEUE_IDS.map((q) => depth(props.queues[q].deadLetterQueue, `${q} DLQ`)),
        width: 12,
      }),
      new GraphWidget({
        title: 'Oldest message age (s)',
        left: QUEUE_IDS.map((q) =>
          props.queues[q].queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1), statistic: Stats.MAXIMUM, label: q }),
        ),
        width: 12,
      }),
    );
    if (props.functions.length > 0) {
      this.dashboard.addWidgets(
        new GraphWidget({
          title: 'Function errors and throttles',
          left: props.functions.map(({ definition, fn }) => fn.metricErrors({ period: FIVE_MINUTES, statistic: Stats.SUM, label: `${definition.id} errors` })),
          right: props.functions.map(({ definition, fn }) =>
            fn.metricThrottles({ period: FIVE_MINUTES, statistic: Stats.SUM, label: `${definition.id} throttles` }),
          ),
          width: 12,
        }),
        new GraphWidget({
          title: 'Function duration p95 (ms)',
          left: props.functions.map(({ definition, fn }) => fn.metricDuration({ period: FIVE_MINUTES, statistic: Stats.p(95), label: definition.id })),
          width: 12,
        }),
      );
      this.dashboard.addWidgets(
        new GraphWidget({
          title: 'Error rate (%)',
          left: props.functions.map(
            ({ definition, fn }, i) =>
              new MathExpression({
                // Ids must be unique within the graph, hence the index.
                expression: `IF(invocations${i} > 0, 100 * errors${i} / invocations${i}, 0)`,
                usingMetrics: {
                  [`errors${i}`]: fn.metricErrors({ period: FIVE_MINUTES, statistic: Stats.SUM }),
                  [`invocations${i}`]: fn.metricInvocations({ period: FIVE_MINUTES, statistic: Stats.SUM }),
                },
                label: definition.id,
                period: FIVE_MINUTES,
              }),
          ),
          width: 24,
        }),
      );
    }
    this.addDeadlineMetrics(props, prefix, action);
    this.addTurnWaitMetric(props, prefix, action);
  }

  /**
   * How long emails wait behind their sender's burst. Such an email is sent
   * again to its queue as a new message (functions/lib/sqs-batch.ts), which
   * restarts the queue's oldest-message age: that alarm cannot see it wait, so
   * the intake's own log line counts the wait since the email first arrived.
   */
  private addTurnWaitMetric(props: MonitoringProps, prefix: string, action: SnsAction): void {
    const lanes = props.functions.filter((f) => f.definition.id === 'intake' || f.definition.id === 'intakeUrgent');
    if (lanes.length === 0) return;
    const namespace = `Xinfang/${props.stage}`;
    for (const lane of lanes) {
      new MetricFilter(this, `${pascal(lane.definition.id)}TurnWaitFilter`, {
        logGroup: lane.logGroup,
        metricNamespace: namespace,
        metricName: 'TurnWaitSeconds',
        // The message of TURN_WAIT_LOG_MESSAGE (functions/lib/sqs-batch.ts); a test holds the two together.
        filterPattern: FilterPattern.stringValue('$.message', '=', 'message waits its turn: sent again'),
        metricValue: '$.waitedSeconds',
      });
    }
    const threshold = oldestMessageThresholdSeconds('intake');
    const longest = new Metric({ namespace, metricName: 'TurnWaitSeconds', period: FIVE_MINUTES, statistic: Stats.MAXIMUM, label: 'longest wait behind a sender’s burst (s)' });
    longest
      .createAlarm(this, 'TurnWaitAlarm', {
        alarmName: `${prefix}-intake-turn-wait`,
        alarmDescription: `An email has waited more than ${threshold}s behind its sender's other emails, unregistered and unacknowledged: one sender's burst is too long, or a sender claim is stuck. See the intake logs (waitingSince).`,
        threshold,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      })
      .addAlarmAction(action);
    this.dashboard.addWidgets(new GraphWidget({ title: 'Emails waiting behind their sender’s burst: longest wait (s)', left: [longest], width: 12 }));
  }

  /**
   * Overdue cases and the sweep's work, from the reports the scheduled
   * functions log after each run (counts only): the daily digest counts every
   * unit's overdue cases, the sweep the reminders and escalation steps it took.
   */
  private addDeadlineMetrics(props: MonitoringProps, prefix: string, action: SnsAction): void {
    const sweep = props.functions.find((f) => f.definition.id === 'sweep');
    const digest = props.functions.find((f) => f.definition.id === 'digest');
    if (!sweep || !digest) return;
    const namespace = `Xinfang/${props.stage}`;
    const fromReport = (source: PetitionFunction, metricName: string, field: string) =>
      new MetricFilter(this, `${metricName}Filter`, {
        logGroup: source.logGroup,
        metricNamespace: namespace,
        metricName,
        filterPattern: FilterPattern.stringValue('$.message', '=', 'scheduled run done'),
        metricValue: field,
      });
    const overdue = fromReport(digest, 'OverdueCases', '$.digests.overdue').metric({ period: Duration.days(1), statistic: Stats.MAXIMUM, label: 'overdue cases' });
    const dueSoon = fromReport(digest, 'DueSoonCases', '$.digests.due').metric({ period: Duration.days(1), statistic: Stats.MAXIMUM, label: 'due within the digest window' });
    const escalations = fromReport(sweep, 'EscalationSteps', '$.escalated').metric({ period: Duration.hours(1), statistic: Stats.SUM, label: 'escalation steps' });
    const reminders = fromReport(sweep, 'Reminders', '$.reminded').metric({ period: Duration.hours(1), statistic: Stats.SUM, label: 'reminders' });
    const failures = fromReport(sweep, 'SweepFailures', '$.failed').metric({ period: FIVE_MINUTES, statistic: Stats.SUM, label: 'cases the sweep could not chase' });
    failures
      .createAlarm(this, 'SweepFailuresAlarm', {
        alarmName: `${prefix}-sweep-failures`,
        alarmDescription: 'The sweep failed to chase some cases three runs running: reminders and escalations are not going out. See the sweep logs.',
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      })
      .addAlarmAction(action);
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'Overdue cases (daily digest)', left: [overdue], right: [dueSoon], width: 12 }),
      new GraphWidget({ title: 'Reminders and escalation steps per hour (sweep)', left: [escalations, reminders], right: [failures], width: 12 }),
    );
  }
}
