import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Tracing } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { sendRateShare, type FunctionDefinition } from '../../shared/resources/functions.js';
import { functionEnvSchema, type StaffTokenSettings } from '../../shared/config/env.js';
import { CASE_TABLE, QUEUES, type QueueId } from '../../shared/resources/definitions.js';
import { LAMBDA_RUNTIME, PROVINCE_CONFIG_PATH_IN_LAMBDA, architectureOf, lambdaBundling } from '../bundling.js';
import { acknowledge } from '../nag.js';
import { fromRepoRoot, REPO_ROOT } from '../paths.js';
import type { QueuePair } from './queues.js';
import { pascal } from './queues.js';
import type { Storage } from './storage.js';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export interface PetitionFunctionsProps {
  stage: string;
  /** The FUNCTIONS registry (tests pass a larger one to exercise every trigger kind). */
  definitions: Readonly<Record<string, FunctionDefinition>>;
  storage: Storage;
  queues: Readonly<Record<QueueId, QueuePair>>;
  /** Where a table-stream consumer's batches go when its retries run out. */
  streamFailures: IQueue;
  /** How staff tokens are checked (Cognito's pool, or the stage's OIDC provider), passed to functions only if the env schema asks for them. */
  auth: StaffTokenSettings;
  /** X-Ray active tracing; off where Lambda offers no X-Ray integration (the China regions). */
  tracing?: boolean;
  /** SES identities and configuration set a `sendMail` function may send through; none when the stage sends otherwise. */
  mailSendingArns: string[];
  provinceConfigPath: string;
  logLevel: LogLevel;
}

export interface PetitionFunction {
  definition: FunctionDefinition;
  fn: NodejsFunction;
  /** Where the function logs; metric filters read the scheduled functions' reports from it. */
  logGroup: LogGroup;
}

/**
 * The environment a function gets: of everything the stack can tell a function,
 * exactly the variables shared/config/env.ts declares (so the stack follows the
 * schema as it changes: e.g. auth settings are passed only while the schema has
 * them), plus NODE_OPTIONS, which is Node's and not the code's.
 * Throws when the schema requires a variable the stack cannot provide.
 */
export function functionEnvironment(available: Record<string, string>): Record<string, string> {
  const shape = functionEnvSchema.shape as Record<string, { safeParse(value: unknown): { success: boolean } }>;
  const environment: Record<string, string> = {};
  for (const key of Object.keys(available)) {
    // A queue the function may send to but cannot find would fail at run time: say so at synth.
    if (key.startsWith('QUEUE_URL_') && !(key in shape)) throw new Error(`shared/config/env.ts does not declare ${key}; add it so the function can read the queue URL`);
  }
  for (const [key, schema] of Object.entries(shape)) {
    const value = available[key];
    if (value !== undefined) environment[key] = value;
    else if (!schema.safeParse(undefined).success) throw new Error(`shared/config/env.ts requires ${key}, which the stack does not provide`);
  }
  // Maps stack traces through the bundle's source map (NodejsFunction no longer sets it).
  environment.NODE_OPTIONS = '--enable-source-maps';
  return environment;
}

/** The environment variable carrying a queue's URL, as shared/config/env.ts names it. */
export function queueUrlVariable(queueId: string): string {
  return `QUEUE_URL_${queueId.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/**
 * One NodejsFunction per registry entry, with its trigger's event source (SQS)
 * and exactly the grants its `access` asks for. HTTP and schedule triggers are
 * wired by the api and schedules constructs.
 */
export class PetitionFunctions extends Construct {
  readonly byId: Record<string, PetitionFunction> = {};

  constructor(scope: Construct, id: string, props: PetitionFunctionsProps) {
    super(scope, id);
    const { storage, queues } = props;
    const bundling = lambdaBundling(props.provinceConfigPath);
    // The key of the per-case reply addresses: generated and kept by Secrets Manager, given only to the functions that use it.
    const replyTagKey = Object.values(props.definitions).some((d) => d.access.replyTagKey)
      ? new Secret(this, 'ReplyTagKey', {
          description: `xinfang-${props.stage}: HMAC key of the per-case reply addresses (proves a reply's sender received our mail)`,
          generateSecretString: { passwordLength: 48, excludePunctuation: true },
          removalPolicy: RemovalPolicy.RETAIN,
        })
      : undefined;
    if (replyTagKey) {
      acknowledge(replyTagKey, 'AwsSolutions-SMG4', 'Rotating this key would make every reply address already sent to petitioners unverifiable; it is rotated by hand with a grace period, not automatically.');
    }

    // Whatever feeds the urgent intake lane (SES's pre-check, the IMAP poller) makes the intake queue's copy wait for it;
    // not the lane's own consumer, which sends there only an email waiting its turn.
    const precheck = Object.values(props.definitions).some((d) => d.access.sendTo?.includes('intakeUrgent') && !(d.trigger.kind === 'sqs' && d.trigger.queue === 'intakeUrgent'));
    for (const definition of Object.values(props.definitions)) {
      const constructId = pascal(definition.id);
      const functionName = `xinfang-${props.stage}-${definition.id}`;
      const sendTo = definition.access.sendTo ?? [];

      const environment = functionEnvironment({
        STAGE: props.stage,
        TABLE_NAME: storage.table.tableName,
        MAIL_BUCKET: storage.mailBucket.bucketName,
        PROVINCE_CONFIG_PATH: PROVINCE_CONFIG_PATH_IN_LAMBDA,
        ...(props.auth.kind === 'cognito'
          ? { COGNITO_ISSUER: props.auth.issuer, COGNITO_CLIENT_IDS: props.auth.clientIds.join(',') }
          : {
              OIDC_ISSUER: props.auth.issuer,
              OIDC_AUDIENCES: props.auth.audiences.join(','),
              OIDC_STAFF_ID_CLAIM: props.auth.staffIdClaim,
              ...(props.auth.jwksUri ? { OIDC_JWKS_URI: props.auth.jwksUri } : {}),
            }),
        LOG_LEVEL: props.logLevel,
        // The intake leaves an urgent email to the urgent lane's copy only where a pre-check makes one.
        ...(definition.trigger.kind === 'sqs' && definition.trigger.queue === 'intake' && precheck ? { URGENT_PRECHECK: 'true' } : {}),
        // Each mailer instance paces itself at its part of the account's sending rate (the lanes divide it).
        ...(definition.access.sendMail ? { SEND_RATE_SHARE: String(Number(sendRateShare(definition).toFixed(4))) } : {}),
        // Resolved by CloudFormation from Secrets Manager at deploy time (a dynamic reference, not in the template).
        ...(definition.access.replyTagKey && replyTagKey ? { REPLY_TAG_KEY: replyTagKey.secretValue.unsafeUnwrap() } : {}),
        ...Object.fromEntries([...sendTo, ...(definition.access.watchQueues ?? [])].map((queueId) => [queueUrlVariable(queueId), queues[queueId].queue.queueUrl])),
      });

      const logGroup = new LogGroup(this, `${constructId}Logs`, {
        logGroupName: `/aws/lambda/${functionName}`,
        // Petitions are audited: a year of function logs (they carry case numbers, never personal data).
        retention: RetentionDays.ONE_YEAR,
        removalPolicy: RemovalPolicy.RETAIN,
      });

      const fn = new NodejsFunction(this, constructId, {
        functionName,
        description: definition.description,
        entry: fromRepoRoot(definition.entry),
        handler: 'handler',
        projectRoot: REPO_ROOT,
        depsLockFilePath: fromRepoRoot('package-lock.json'),
        runtime: LAMBDA_RUNTIME,
        architecture: architectureOf(definition.entry),
        memorySize: definition.memoryMb,
        timeout: Duration.seconds(definition.timeoutSeconds),
        tracing: props.tracing === false ? Tracing.DISABLED : Tracing.ACTIVE,
        logGroup,
        environment,
        bundling,
      });

      // --- grants, from `access` -----------------------------------------------------------
      if (definition.access.table === 'read') storage.table.grantReadData(fn);
      if (definition.access.table === 'readWrite') storage.table.grantReadWriteData(fn);
      if (definition.access.bucket) {
        storage.mailBucket.grantRead(fn);
        // Write = put, never delete: the raw mail and attachments are evidence and expire by policy only.
        if (definition.access.bucket === 'readWrite') storage.mailBucket.grantPut(fn);
        // Delete, never put: the retention function removes a case's material once the case's retention ran out.
        if (definition.access.bucket === 'readDelete') storage.mailBucket.grantDelete(fn);
      }
      for (const queueId of sendTo) queues[queueId].queue.grantSendMessages(fn);
      for (const queueId of definition.access.watchQueues ?? []) queues[queueId].queue.grant(fn, 'sqs:GetQueueAttributes');
      if (definition.access.operateQueues) {
        for (const { queue, deadLetterQueue } of Object.values(queues)) {
          // Depths: GetQueueAttributes on both. A move task takes each message from the DLQ
          // (receive, delete, decrypt) and sends it to its queue (send, encrypt) as the caller.
          queue.grant(fn, 'sqs:GetQueueUrl', 'sqs:GetQueueAttributes', 'sqs:SendMessage');
          deadLetterQueue.grant(fn, 'sqs:GetQueueUrl', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:StartMessageMoveTask', 'sqs:ListMessageMoveTasks');
          queue.encryptionMasterKey?.grantEncryptDecrypt(fn);
        }
      }
      // Only where the stage sends through SES; an SMTP stage's mailer gets its provider's secret instead.
      if (definition.access.sendMail && props.mailSendingArns.length > 0) {
        fn.addToRolePolicy(
          new PolicyStatement({
            sid: 'SendMailThroughTheProvinceIdentity',
            actions: ['ses:SendEmail', 'ses:SendRawEmail'],
            resources: props.mailSendingArns,
          }),
        );
      }

      // --- trigger ---------------------------------------------------------------------------
      const trigger = definition.trigger;
      if (trigger.kind === 'sqs') {
        const { queue } = queues[trigger.queue];
        const visibility = QUEUES[trigger.queue].visibilityTimeoutSeconds;
        if (visibility < definition.timeoutSeconds) {
          // Lambda refuses this at deploy time; say so at synth, with the names.
          throw new Error(
            `function ${definition.id} runs up to ${definition.timeoutSeconds}s but queue ${trigger.queue} hides a message for only ${visibility}s: raise visibilityTimeoutSeconds`,
          );
        }
        fn.addEventSource(
          new SqsEventSource(queue, {
            batchSize: trigger.batchSize,
            // Lambda requires a batching window for batches above 10 on a standard queue.
            ...(trigger.batchingWindowSeconds !== undefined
              ? { maxBatchingWindow: Duration.seconds(trigger.batchingWindowSeconds) }
              : trigger.batchSize > 10
                ? { maxBatchingWindow: Duration.seconds(1) }
                : {}),
            // Each message succeeds or fails alone: one bad message is retried (and parked), not its batch.
            reportBatchItemFailures: true,
            // Bounds the consumer where a downstream has a quota (e.g. the SES send rate) without reserving account concurrency.
            ...(trigger.maxConcurrency !== undefined ? { maxConcurrency: trigger.maxConcurrency } : {}),
          }),
        );
      }

      if (trigger.kind === 'tableStream') {
        fn.addEventSource(
          new DynamoEventSource(storage.table, {
            startingPosition: StartingPosition.TRIM_HORIZON,
            batchSize: trigger.batchSize,
            // Only committed outbox items (inserted, or replaced by a retried change) reach the function.
            filters: [
              FilterCriteria.filter({
                eventName: FilterRule.or('INSERT', 'MODIFY'),
                dynamodb: { NewImage: { entity: { S: FilterRule.isEqual(CASE_TABLE.stream.outboxEntity) } } },
              }),
            ],
            reportBatchItemFailures: true,
            bisectBatchOnError: true,
            retryAttempts: trigger.retryAttempts,
            onFailure: new SqsDlq(props.streamFailures),
          }),
        );
      }

      this.suppressGrantWildcards(fn, definition, storage);
      this.byId[definition.id] = { definition, fn, logGroup };
    }
  }

  /** cdk-nag findings that CDK's grants necessarily produce, suppressed finding by finding. */
  private suppressGrantWildcards(fn: NodejsFunction, definition: FunctionDefinition, storage: Storage): void {
    const role = fn.role!;
    acknowledge(
      role,
      'AwsSolutions-IAM4',
      'AWSLambdaBasicExecutionRole only lets the function write its own CloudWatch logs; it is the AWS-maintained minimum for Lambda logging.',
      ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
    );
    const wildcards: { findings: string[]; reason: string }[] = [
      {
        findings: ['Resource::*'],
        reason: 'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords do not support resource-level permissions.',
      },
    ];
    const encrypts = definition.access.table === 'readWrite' || (definition.access.sendTo ?? []).length > 0;
    if (encrypts) {
      wildcards.push({
        findings: ['Action::kms:GenerateDataKey*', 'Action::kms:ReEncrypt*'],
        reason: 'CDK grants on the KMS-encrypted table/queues: the wildcard actions are GenerateDataKey* and ReEncrypt* on that one key ARN only.',
      });
    }
    if (definition.access.table) {
      wildcards.push({
        findings: [`Resource::<${storage.tableLogicalId}.Arn>/index/*`],
        reason: "Queries run on the case table's global secondary indexes; the grant covers that table's indexes only.",
      });
    }
    if (definition.access.bucket) {
      wildcards.push({
        findings: [
          'Action::s3:GetObject*',
          'Action::s3:GetBucket*',
          'Action::s3:List*',
          `Resource::<${storage.mailBucketLogicalId}.Arn>/*`,
          ...(definition.access.bucket === 'readWrite' ? ['Action::s3:Abort*'] : []),
          ...(definition.access.bucket === 'readDelete' ? ['Action::s3:DeleteObject*'] : []),
        ],
        reason: 'CDK bucket grants (read, and put without delete, or delete without put) on the mail bucket and its objects only; object keys are message ids and case numbers, unknown at deploy time.',
      });
    }
    for (const w of wildcards) acknowledge(role, 'AwsSolutions-IAM5', w.reason, w.findings);
  }
}
