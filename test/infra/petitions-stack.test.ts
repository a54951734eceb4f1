import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { ESBUILD_SETTINGS, ESM_REQUIRE_BANNER, LAMBDA_RUNTIME, PROVINCE_CONFIG_PATH_IN_LAMBDA, architectureOf } from '../../infra/bundling.js';
import { DEFAULT_API_THROTTLE } from '../../infra/constructs/api.js';
import { queueUrlVariable } from '../../infra/constructs/functions.js';
import { officeMailboxes, RAW_MAIL_PREFIX } from '../../infra/constructs/mail-intake.js';
import { rawMailPrefix } from '../../shared/resources/definitions.js';
import { oldestMessageThresholdSeconds } from '../../infra/constructs/monitoring.js';
import { TURN_WAIT_LOG_MESSAGE } from '../../functions/lib/sqs-batch.js';
import { AGE_EXPIRY_TAG, CASE_MATERIAL_PREFIXES, NONCURRENT_VERSION_DAYS, retentionDays } from '../../infra/constructs/storage.js';
import { REPO_ROOT } from '../../infra/paths.js';
import { functionEnvSchema, parseFunctionEnv } from '../../shared/config/env.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { CASE_TABLE, QUEUE_IDS, QUEUES, resourceNames } from '../../shared/resources/definitions.js';
import { FUNCTIONS, functionsFor, type FunctionDefinition } from '../../shared/resources/functions.js';
import { DEFAULT_STAGE_CONFIG, stageChoices } from '../../shared/config/stage.js';
import { SYNTH_TIMEOUT_MS, synthPetitions, type Synthesized } from './synth.js';
import { fakeResolve, only, resources, type CfnResource } from './template-helpers.js';

const DEFAULT_CHOICES = stageChoices(DEFAULT_STAGE_CONFIG);

const STAGE = 'test';
const names = resourceNames(STAGE);
const province = loadProvinceConfig(join(REPO_ROOT, 'config/province.yaml'));

/** Keys the function environment schema cannot do without (no default, not optional). */
const requiredEnvKeys = Object.entries(functionEnvSchema.shape)
  .filter(([, schema]) => !schema.safeParse(undefined).success)
  .map(([key]) => key);

let synthesized: Synthesized;
let template: Template;
let all: Record<string, CfnResource>;

beforeAll(() => {
  synthesized = synthPetitions({ stage: STAGE });
  template = synthesized.template;
  all = template.toJSON().Resources as Record<string, CfnResource>;
}, SYNTH_TIMEOUT_MS);

const ref = (logicalId: string) => ({ Ref: logicalId });
const logicalIdOf = (type: string, where: (r: CfnResource) => boolean) => only(template, type, where)[0];
const functionNamed = (id: string) => only(template, 'AWS::Lambda::Function', (r) => r.Properties?.FunctionName === `xinfang-${STAGE}-${id}`);
const queueLogicalId = (queueName: string) => logicalIdOf('AWS::SQS::Queue', (r) => r.Properties?.QueueName === queueName);

describe('storage', () => {
  it('builds the case table from CASE_TABLE: keys, every GSI, on-demand, PITR, TTL, customer-managed KMS, retained', () => {
    const [, table] = only(template, 'AWS::DynamoDB::Table');
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
    const p = table.Properties!;
    expect(p.TableName).toBe(names.table);
    expect(p.BillingMode).toBe('PAY_PER_REQUEST');
    expect(p.KeySchema).toEqual([
      { AttributeName: CASE_TABLE.partitionKey, KeyType: 'HASH' },
      { AttributeName: CASE_TABLE.sortKey, KeyType: 'RANGE' },
    ]);
    expect(p.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(p.TimeToLiveSpecification).toEqual({ AttributeName: CASE_TABLE.ttlAttribute, Enabled: true });
    expect(p.SSESpecification).toMatchObject({ SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: expect.anything() });
    const gsis = (p.GlobalSecondaryIndexes as { IndexName: string; KeySchema: unknown; Projection: unknown }[]).map((g) => [g.IndexName, g.KeySchema, g.Projection]);
    expect(gsis).toEqual(
      CASE_TABLE.indexes.map((i) => [
        i.name,
        [
          { AttributeName: i.partitionKey, KeyType: 'HASH' },
          { AttributeName: i.sortKey, KeyType: 'RANGE' },
        ],
        i.projection.length === 0 ? { ProjectionType: 'KEYS_ONLY' } : { ProjectionType: 'INCLUDE', NonKeyAttributes: [...i.projection] },
      ]),
    );
    // The 台账's index holds keys only: a case's changes (status, handling…) write it nothing.
    expect(gsis.find(([name]) => name === 'byReceipt')?.[2]).toEqual({ ProjectionType: 'KEYS_ONLY' });
    // The matter's text is never copied into an index.
    expect(CASE_TABLE.indexes.every((i) => !i.projection.includes('matter'))).toBe(true);
    const keyId = (p.SSESpecification.KMSMasterKeyId as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]!;
    expect(all[keyId]).toMatchObject({ Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } });
  });

  it('every customer-managed key rotates', () => {
    for (const key of Object.values(resources(template, 'AWS::KMS::Key'))) expect(key.Properties?.EnableKeyRotation).toBe(true);
  });

  const mailBucket = () => only(template, 'AWS::S3::Bucket', (r) => JSON.stringify(r.Properties?.BucketName ?? '').includes(names.bucket));

  it('keeps the mail bucket private, encrypted, versioned, access-logged and retained', () => {
    const [id, bucket] = mailBucket();
    expect(bucket.DeletionPolicy).toBe('Retain');
    const p = bucket.Properties!;
    expect(p.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(p.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toMatch(/^(AES256|aws:kms)$/);
    expect(p.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(p.LoggingConfiguration).toMatchObject({ DestinationBucketName: { Ref: expect.any(String) } });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: ref(id),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  type Rule = { Prefix?: string; ExpirationInDays?: number; NoncurrentVersionExpiration?: { NoncurrentDays: number }; TagFilters?: { Key: string; Value: string }[]; Status: string };
  const rules = () => mailBucket()[1].Properties!.LifecycleConfiguration.Rules as Rule[];

  it(`expires by age only raw mail tagged as held by no case, after the configured ${province.config.defaults.retentionYears} years`, () => {
    const years = province.config.defaults.retentionYears;
    const expiring = rules().filter((r) => r.ExpirationInDays !== undefined);
    expect(expiring).toHaveLength(1);
    expect(expiring[0]).toMatchObject({ Prefix: 'raw/', Status: 'Enabled', TagFilters: [{ Key: AGE_EXPIRY_TAG.key, Value: AGE_EXPIRY_TAG.value }] });
    expect(expiring[0]!.ExpirationInDays).toBe(retentionDays(years));
    expect(expiring[0]!.ExpirationInDays!).toBeGreaterThanOrEqual(years * 365);
  });

  it("never expires a case's attachments or archived file by age: the retention function removes them with the case", () => {
    for (const prefix of ['attachments/', 'archive/']) {
      expect(rules().filter((r) => r.Prefix === prefix && r.ExpirationInDays !== undefined), prefix).toEqual([]);
    }
    // Untagged raw mail (a case's) is not expired by age either: the only rule on raw/ that expires needs the tag.
    expect(rules().filter((r) => r.Prefix === 'raw/' && r.ExpirationInDays !== undefined && !r.TagFilters?.length)).toEqual([]);
    expect(rules().filter((r) => r.ExpirationInDays !== undefined && r.Prefix === undefined)).toEqual([]);
  });

  it('keeps what the retention function deleted recoverable for a quarter, then gone', () => {
    for (const prefix of CASE_MATERIAL_PREFIXES) {
      const rule = rules().find((r) => r.Prefix === prefix && r.NoncurrentVersionExpiration);
      expect(rule, prefix).toMatchObject({ Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: NONCURRENT_VERSION_DAYS } });
    }
  });

  it('lets only the retention function delete from the mail bucket', () => {
    const [bucketId] = mailBucket();
    const deleters = Object.entries(template.findResources('AWS::IAM::Policy'))
      .filter(([, p]) =>
        (p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]).some(
          (st) => [st.Action].flat().some((a) => a.startsWith('s3:DeleteObject')) && JSON.stringify(st.Resource).includes(bucketId),
        ),
      )
      .map(([id]) => id);
    expect(deleters).toHaveLength(1);
    expect(deleters[0]).toMatch(/^FunctionsRetention/);
    const [, retention] = functionNamed('retention');
    expect(retention.Properties!.Timeout).toBe(600);
  });
});

describe('queues', () => {
  it.each(QUEUE_IDS)('%s has its DLQ with the definition’s redrive, timeouts, retention and KMS encryption', (queueId) => {
    const definition = QUEUES[queueId];
    const [, queue] = only(template, 'AWS::SQS::Queue', (r) => r.Properties?.QueueName === names.queues[queueId].name);
    const dlqId = queueLogicalId(names.queues[queueId].dlqName);
    const p = queue.Properties!;
    expect(p.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: definition.maxReceiveCount });
    expect(p.VisibilityTimeout).toBe(definition.visibilityTimeoutSeconds);
    expect(p.MessageRetentionPeriod).toBe(definition.retentionDays * 24 * 3600);
    expect(p.KmsMasterKeyId).toBeDefined();
    expect(all[dlqId]!.Properties!.KmsMasterKeyId).toBeDefined();
    expect(all[dlqId]!.Properties!.MessageRetentionPeriod).toBe(14 * 24 * 3600);
    for (const id of [queueLogicalId(names.queues[queueId].name), dlqId]) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [ref(id)],
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
    }
    if (definition.fifo) {
      expect(p.FifoQueue).toBe(true);
      expect(p.ContentBasedDeduplication).toBe(false);
      expect(all[dlqId]!.Properties!.FifoQueue).toBe(true);
    } else {
      expect(p.FifoQueue).toBeUndefined();
    }
  });

  it('the handoff queue is FIFO', () => {
    expect(names.queues.handoff.name.endsWith('.fifo')).toBe(true);
    template.hasResourceProperties('AWS::SQS::Queue', { QueueName: names.queues.handoff.name, FifoQueue: true });
  });
});

describe('mail intake', () => {
  const rules = () => Object.values(resources(template, 'AWS::SES::ReceiptRule')).map((r) => r.Properties!.Rule as Record<string, any>);

  it('has one receipt rule per office mailbox, covering exactly the offices', () => {
    const recipients = rules().flatMap((r) => r.Recipients as string[]);
    expect(recipients.sort()).toEqual(officeMailboxes(province).sort());
    for (const rule of rules()) {
      expect(rule.Recipients as string[]).toHaveLength(1);
      expect(rule.Enabled).toBe(true);
      expect(rule.ScanEnabled).toBe(true);
    }
    expect(recipients).not.toContain(province.config.mail.from.toLowerCase());
  });

  it('stores raw MIME under raw/ in the mail bucket, which lets only SES from this account write there', () => {
    const bucketId = logicalIdOf('AWS::S3::Bucket', (r) => JSON.stringify(r.Properties?.BucketName ?? '').includes(names.bucket));
    for (const rule of rules()) {
      // Stored first; then the urgent pre-check reads it (as an event: SES does not wait).
      expect(rule.Actions).toEqual([
        { S3Action: { BucketName: ref(bucketId), ObjectKeyPrefix: rawMailPrefix((rule.Recipients as string[])[0]!) } },
        { LambdaAction: { FunctionArn: { 'Fn::GetAtt': [functionNamed('precheck')[0], 'Arn'] }, InvocationType: 'Event' } },
      ]);
    }
    const policy = only(template, 'AWS::S3::BucketPolicy', (r) => r.Properties?.Bucket?.Ref === bucketId)[1];
    const sesStatements = (policy.Properties!.PolicyDocument.Statement as Record<string, any>[]).filter((st) => st.Principal?.Service === 'ses.amazonaws.com');
    // One statement for all offices.
    expect(sesStatements).toHaveLength(1);
    const condition = sesStatements[0]!.Condition.StringEquals as Record<string, unknown>;
    expect(condition['aws:SourceAccount'] ?? condition['aws:Referer']).toEqual({ Ref: 'AWS::AccountId' });
    expect(sesStatements[0]!.Resource).toEqual({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, `/${RAW_MAIL_PREFIX}*`]] });
    // Only this stack's receipt rules may use the grant.
    expect(JSON.stringify(sesStatements[0]!.Condition.ArnLike)).toContain(`receipt-rule-set/${names.bucket.replace(/-mail$/, '')}-intake:receipt-rule/*`);
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: ref(bucketId),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Action: 's3:PutObject',
            Principal: { Service: 'ses.amazonaws.com' },
            // aws-cdk-lib writes aws:SourceAccount (older versions aws:Referer): either way only this account's SES.
            Condition: { StringEquals: Match.objectLike({}) },
          }),
        ]),
      },
    });
  });

  it('lets SES of this account alone invoke the pre-check, which may read the mail and send to the urgent intake lane only', () => {
    const [precheckId, precheck] = functionNamed('precheck');
    const permissions = Object.values(resources(template, 'AWS::Lambda::Permission')).filter((p) => p.Properties?.FunctionName?.['Fn::GetAtt']?.[0] === precheckId);
    expect(permissions.map((p) => p.Properties)).toEqual([
      { Action: 'lambda:InvokeFunction', FunctionName: { 'Fn::GetAtt': [precheckId, 'Arn'] }, Principal: 'ses.amazonaws.com', SourceAccount: { Ref: 'AWS::AccountId' } },
    ]);
    const urgentLaneId = queueLogicalId(names.queues.intakeUrgent.name);
    expect(precheck.Properties!.Environment.Variables.QUEUE_URL_INTAKEURGENT).toEqual(ref(urgentLaneId));
    const statements = JSON.stringify(
      Object.values(resources(template, 'AWS::IAM::Policy'))
        .filter((p) => JSON.stringify(p.Properties?.Roles ?? []).includes(String(precheck.Properties!.Role['Fn::GetAtt'][0])))
        .flatMap((p) => p.Properties!.PolicyDocument.Statement),
    );
    expect(statements).toContain('sqs:SendMessage');
    expect(statements).not.toContain('dynamodb:');
    expect(statements).not.toContain('s3:PutObject');
  });

  it('lets the digest write the table: it records the reception reminders it sent, which the day’s list reads', () => {
    const [, digest] = functionNamed('digest');
    const statements = JSON.stringify(
      Object.values(resources(template, 'AWS::IAM::Policy'))
        .filter((p) => JSON.stringify(p.Properties?.Roles ?? []).includes(String(digest.Properties!.Role['Fn::GetAtt'][0])))
        .flatMap((p) => p.Properties!.PolicyDocument.Statement),
    );
    expect(statements).toContain('dynamodb:PutItem');
  });

  it('reads both intake lanes with the same code: the urgent lane one email at a time, the intake queue leaving urgent mail to it', () => {
    const [intakeId, intake] = functionNamed('intake');
    const [urgentId, urgent] = functionNamed('intakeUrgent');
    expect(urgent.Properties!.Handler).toBe(intake.Properties!.Handler);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { FunctionName: ref(urgentId), BatchSize: 1, EventSourceArn: { 'Fn::GetAtt': [queueLogicalId(names.queues.intakeUrgent.name), 'Arn'] } });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { FunctionName: ref(intakeId), BatchSize: 5, EventSourceArn: { 'Fn::GetAtt': [queueLogicalId(names.queues.intake.name), 'Arn'] } });
    expect(intake.Properties!.Environment.Variables.URGENT_PRECHECK).toBe('true');
    expect(urgent.Properties!.Environment.Variables.URGENT_PRECHECK).toBeUndefined();
  });

  it('announces objects created under raw/ to the intake queue', () => {
    const intakeId = queueLogicalId(names.queues.intake.name);
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        QueueConfigurations: [
          {
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: RAW_MAIL_PREFIX }] } },
            QueueArn: { 'Fn::GetAtt': [intakeId, 'Arn'] },
          },
        ],
      },
    });
  });

  it('verifies the mail domain with a configuration set that reports sends, bounces and complaints to an encrypted topic', () => {
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'petitions.example',
      ConfigurationSetAttributes: { ConfigurationSetName: Match.anyValue() },
    });
    const [, destination] = only(template, 'AWS::SES::ConfigurationSetEventDestination');
    expect(destination.Properties!.EventDestination.MatchingEventTypes.sort()).toEqual(['bounce', 'complaint', 'send']);
    const topicId = destination.Properties!.EventDestination.SnsDestination.TopicARN.Ref as string;
    expect(all[topicId]!.Properties!.KmsMasterKeyId).toBeDefined();
  });

  it('feeds the bounces and complaints to the feedback queue (raw delivery), which the feedback function consumes', () => {
    const [, destination] = only(template, 'AWS::SES::ConfigurationSetEventDestination');
    const topicId = destination.Properties!.EventDestination.SnsDestination.TopicARN.Ref as string;
    const feedbackQueue = queueLogicalId(names.queues.feedback.name);
    const [, subscription] = only(template, 'AWS::SNS::Subscription');
    expect(subscription.Properties).toMatchObject({ Protocol: 'sqs', RawMessageDelivery: true, TopicArn: ref(topicId), Endpoint: { 'Fn::GetAtt': [feedbackQueue, 'Arn'] } });
    const [fnId] = functionNamed('feedback');
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { FunctionName: ref(fnId), EventSourceArn: { 'Fn::GetAtt': [feedbackQueue, 'Arn'] } });
  });
});

describe('functions', () => {
  // The default stage's functions: SES mail in, so not the IMAP poller (test/infra/mailbox-polling.test.ts).
  const definitions = functionsFor(DEFAULT_CHOICES);

  it.each(definitions.map((d) => [d.id, d] as const))('%s: arm64 (x86_64 with a native module), the chosen runtime, registry memory/timeout, tracing, a year of logs', (id, definition) => {
    const [, fn] = functionNamed(id);
    const p = fn.Properties!;
    // The router and the intake (both lanes: it routes at registration) load jieba's native build, which the linux x64
    // build machine installs (infra/bundling.ts NATIVE_MODULES).
    expect(p.Architectures).toEqual([['router', 'intake', 'intakeUrgent'].includes(id) ? 'x86_64' : 'arm64']);
    expect(p.Architectures).toEqual([architectureOf(definition.entry).name]);
    expect(p.Runtime).toBe(LAMBDA_RUNTIME.name);
    expect(p.Runtime).toMatch(/^nodejs(2[2-9]|[3-9]\d)\.x$/);
    expect(p.Handler).toBe('index.handler');
    expect(p.MemorySize).toBe(definition.memoryMb);
    expect(p.Timeout).toBe(definition.timeoutSeconds);
    expect(p.TracingConfig).toEqual({ Mode: 'Active' });
    const logGroupId = p.LoggingConfig.LogGroup.Ref as string;
    expect(all[logGroupId]!.Properties!.RetentionInDays).toBe(365);
  });

  it.each(definitions.map((d) => [d.id, d] as const))('%s: its environment has every key the function needs and passes the function’s own validation', (id, definition) => {
    const env = functionNamed(id)[1].Properties!.Environment.Variables as Record<string, unknown>;
    for (const key of requiredEnvKeys) expect(env, key).toHaveProperty(key);
    expect(env).toMatchObject({ PROVINCE_CONFIG_PATH: PROVINCE_CONFIG_PATH_IN_LAMBDA, STAGE, LOG_LEVEL: 'INFO' });
    const schemaKeys = Object.keys(functionEnvSchema.shape);
    for (const key of ['AUTH_MODE', 'COGNITO_ISSUER', 'COGNITO_CLIENT_IDS']) {
      // Auth settings follow the schema: present exactly while the functions' environment declares them.
      expect(key in env, key).toBe(schemaKeys.includes(key));
    }
    for (const queueId of (definition.access as FunctionDefinition['access']).sendTo ?? []) expect(env).toHaveProperty(queueUrlVariable(queueId));
    // Nothing the schema does not know, besides Node's own switch for source maps.
    const known = new Set([...Object.keys(functionEnvSchema.shape), 'NODE_OPTIONS']);
    expect(Object.keys(env).filter((k) => !known.has(k))).toEqual([]);
    const resolved = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, fakeResolve(v, all)]));
    expect(() => parseFunctionEnv(resolved)).not.toThrow();
  });

  it('lets the api operate the queues (depths, DLQ move tasks) and no other function; move tasks only out of the DLQs', () => {
    const statementsOf = (id: string): Record<string, any>[] => {
      const roleId = (functionNamed(id)[1].Properties!.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
      return Object.values(resources(template, 'AWS::IAM::Policy'))
        .filter((p) => (p.Properties!.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
        .flatMap((p) => p.Properties!.PolicyDocument.Statement as Record<string, any>[]);
    };
    const targetsOf = (id: string, action: string) =>
      statementsOf(id)
        .filter((st) => [st.Action].flat().includes(action))
        .flatMap((st) => [st.Resource].flat() as { 'Fn::GetAtt': [string, string] }[])
        .map((r) => r['Fn::GetAtt'][0])
        .sort();
    const dlqs = QUEUE_IDS.map((q) => queueLogicalId(names.queues[q].dlqName)).sort();
    const queues = QUEUE_IDS.map((q) => queueLogicalId(names.queues[q].name)).sort();
    expect(targetsOf('api', 'sqs:StartMessageMoveTask')).toEqual(dlqs);
    expect(targetsOf('api', 'sqs:ListMessageMoveTasks')).toEqual(dlqs);
    expect(targetsOf('api', 'sqs:ReceiveMessage')).toEqual(dlqs);
    expect(new Set(targetsOf('api', 'sqs:GetQueueAttributes'))).toEqual(new Set([...queues, ...dlqs]));
    // A move task sends each message back to its queue as the caller: never to a DLQ.
    expect(targetsOf('api', 'sqs:SendMessage').filter((id) => dlqs.includes(id))).toEqual([]);
    for (const other of definitions.filter((d) => d.id !== 'api')) expect(targetsOf(other.id, 'sqs:StartMessageMoveTask'), other.id).toEqual([]);
  });

  it('lets the acknowledgement mailer send to the routine lane only (the letters its acknowledgements carry), and the other mailers to no queue', () => {
    const sendTargets = (id: string) => {
      const roleId = (functionNamed(id)[1].Properties!.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
      return Object.values(resources(template, 'AWS::IAM::Policy'))
        .filter((p) => (p.Properties!.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
        .flatMap((p) => p.Properties!.PolicyDocument.Statement as Record<string, any>[])
        .filter((st) => [st.Action].flat().includes('sqs:SendMessage'))
        .flatMap((st) => [st.Resource].flat() as { 'Fn::GetAtt': [string, string] }[])
        .map((r) => r['Fn::GetAtt'][0]);
    };
    // Without it, every acknowledgement carrying a 受理告知 is sent, then fails queueing it, and is parked after its tries.
    expect(sendTargets('mailer')).toEqual([queueLogicalId(names.queues.notifyRoutine.name)]);
    expect(functionNamed('mailer')[1].Properties!.Environment.Variables).toHaveProperty(queueUrlVariable('notifyRoutine'));
    expect(sendTargets('mailerUrgent')).toEqual([]);
    expect(sendTargets('mailerRoutine')).toEqual([]);
  });

  it('builds exactly what scripts/bench-bundles.ts measures (one set of esbuild settings)', async () => {
    // One output per entry (the three mailer lanes deploy the same code), each <n>/index.mjs as
    // the stack's bundles are named; in one esbuild call, which reads the modules the entries
    // share (the SDK) once, not once per entry. Without code splitting each output stands alone.
    const entries = [...new Set(definitions.map((d) => d.entry))];
    const outdir = mkdtempSync(join(tmpdir(), 'xinfang-cdk-bundle-'));
    await build({
      ...ESBUILD_SETTINGS,
      mainFields: [...ESBUILD_SETTINGS.mainFields],
      external: [...ESBUILD_SETTINGS.external],
      entryPoints: entries.map((entry, i) => ({ in: join(REPO_ROOT, entry), out: `${i}/index` })),
      outdir,
      outExtension: { '.js': '.mjs' },
      logLevel: 'silent',
    });
    for (const definition of definitions) {
      const [, fn] = functionNamed(definition.id);
      const deployed = join(synthesized.app.outdir, `asset.${String(fn.Properties!.Code.S3Key).replace(/\.zip$/, '')}`, 'index.mjs');
      const built = readFileSync(join(outdir, String(entries.indexOf(definition.entry)), 'index.mjs'));
      expect(built.equals(readFileSync(deployed)), definition.id).toBe(true);
    }
  }, 60_000);

  it('bundles each function as ESM with the require banner and the province configuration beside it', () => {
    for (const definition of definitions) {
      const [, fn] = functionNamed(definition.id);
      const assetKey = String(fn.Properties!.Code.S3Key).replace(/\.zip$/, '');
      const dir = join(synthesized.app.outdir, `asset.${assetKey}`);
      expect(existsSync(join(dir, 'index.mjs')), dir).toBe(true);
      const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
      expect(code.startsWith(ESM_REQUIRE_BANNER)).toBe(true);
      // The SDK is bundled, never imported from the runtime.
      expect(code).not.toMatch(/from\s*["']@aws-sdk\//);
      // As JSON, so no function carries a YAML parser: the same document, key for key.
      expect(JSON.parse(readFileSync(join(dir, 'province.json'), 'utf8'))).toEqual(parseYaml(readFileSync(join(REPO_ROOT, 'config/province.yaml'), 'utf8')));
      // The holiday calendar travels with it, so working-day clocks are the same on AWS.
      expect(JSON.parse(readFileSync(join(dir, 'holidays', '2026.json'), 'utf8'))).toEqual(parseYaml(readFileSync(join(REPO_ROOT, 'config/holidays/2026.yaml'), 'utf8')));
      expect(code).not.toContain('Implicit keys need to be on a single line');
    }
  });
});

describe('staff API', () => {
  it('sends ANY / and ANY /{proxy+} to the http function behind the Cognito JWT authorizer; only GET and POST /public/* are open', () => {
    const [authorizerId, authorizer] = only(template, 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizer.Properties).toMatchObject({ AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'] });
    const poolId = logicalIdOf('AWS::Cognito::UserPool', () => true);
    // The scripts' SRP client and the console's OIDC client (test/infra/console-hosting.test.ts).
    const clientIds = Object.keys(resources(template, 'AWS::Cognito::UserPoolClient'));
    expect(clientIds).toHaveLength(2);
    expect(authorizer.Properties!.JwtConfiguration).toEqual({
      Audience: clientIds.map(ref),
      Issuer: { 'Fn::Join': ['', ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/', ref(poolId)]] },
    });
    const routes = Object.values(resources(template, 'AWS::ApiGatewayV2::Route')).map((r) => r.Properties!);
    expect(routes.map((r) => r.RouteKey).sort()).toEqual(['ANY /', 'ANY /{proxy+}', 'GET /public/{proxy+}', 'POST /public/{proxy+}']);
    for (const route of routes.filter((r) => !String(r.RouteKey).includes('/public/'))) {
      expect(route).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: ref(authorizerId) });
    }
    for (const route of routes.filter((r) => String(r.RouteKey).includes('/public/'))) {
      expect(route.AuthorizationType ?? 'NONE').toBe('NONE');
      expect(route.AuthorizerId).toBeUndefined();
    }
    const httpFunction = Object.values(FUNCTIONS).find((f) => f.trigger.kind === 'http')!;
    const [fnId] = functionNamed(httpFunction.id);
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', { IntegrationType: 'AWS_PROXY', IntegrationUri: { 'Fn::GetAtt': [fnId, 'Arn'] } });
  });

  it('throttles and access-logs the default stage', () => {
    const [, stage] = only(template, 'AWS::ApiGatewayV2::Stage');
    expect(stage.Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: DEFAULT_API_THROTTLE.rateLimit, ThrottlingBurstLimit: DEFAULT_API_THROTTLE.burstLimit },
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] }, Format: expect.stringContaining('$context.requestId') },
    });
  });

  it('uses a user pool without self sign-up, with MFA and a strong password policy, and the authorizer trusts exactly that pool and its two app clients', () => {
    const [poolId, pool] = only(template, 'AWS::Cognito::UserPool');
    expect(pool.Properties).toMatchObject({
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      Policies: { PasswordPolicy: { MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true } },
    });
    const clientIds = Object.keys(resources(template, 'AWS::Cognito::UserPoolClient'));
    const [, authorizer] = only(template, 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizer.Properties!.JwtConfiguration.Audience).toEqual(clientIds.map(ref));
    expect(JSON.stringify(authorizer.Properties!.JwtConfiguration.Issuer)).toContain(poolId);
  });
});

describe('monitoring', () => {
  const alarms = () => Object.values(resources(template, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties!);
  const alarmOn = (metric: string, queueName: string) =>
    alarms().filter((a) => a.MetricName === metric && a.Namespace === 'AWS/SQS' && JSON.stringify(a.Dimensions).includes(queueName));

  it.each(QUEUE_IDS)('%s: alarms when its DLQ holds a message and when its oldest message is too old', (queueId) => {
    const dlqId = queueLogicalId(names.queues[queueId].dlqName);
    const dlqAlarms = alarmOn('ApproximateNumberOfMessagesVisible', dlqId);
    expect(dlqAlarms).toHaveLength(1);
    expect(dlqAlarms[0]).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [expect.anything()] });
    const age = alarmOn('ApproximateAgeOfOldestMessage', queueLogicalId(names.queues[queueId].name));
    expect(age).toHaveLength(1);
    expect(age[0]).toMatchObject({ Threshold: oldestMessageThresholdSeconds(queueId), ComparisonOperator: 'GreaterThanThreshold' });
  });

  it('alarms on errors and throttles of every function, all to the encrypted alarm topic', () => {
    for (const definition of functionsFor(DEFAULT_CHOICES)) {
      const [fnId] = functionNamed(definition.id);
      for (const metric of ['Errors', 'Throttles']) {
        const matching = alarms().filter((a) => a.Namespace === 'AWS/Lambda' && a.MetricName === metric && JSON.stringify(a.Dimensions) === JSON.stringify([{ Name: 'FunctionName', Value: ref(fnId) }]));
        expect(matching, `${definition.id} ${metric}`).toHaveLength(1);
      }
    }
    const [topicId, topic] = only(template, 'AWS::SNS::Topic', (r) => r.Properties?.TopicName === `xinfang-${STAGE}-alarms`);
    expect(topic.Properties!.KmsMasterKeyId).toBeDefined();
    for (const alarm of alarms()) expect(alarm.AlarmActions).toEqual([ref(topicId)]);
  });

  it('has an operations dashboard with intake rate, queue depths and function errors/durations', () => {
    const [, dashboard] = only(template, 'AWS::CloudWatch::Dashboard');
    const body = JSON.stringify(dashboard.Properties!.DashboardBody);
    for (const text of ['NumberOfMessagesSent', 'ApproximateNumberOfMessagesVisible', 'Errors', 'Duration']) expect(body).toContain(text);
  });

  it('shows overdue cases and the sweep’s reminders and escalations, read from the scheduled functions’ reports', () => {
    const filters = Object.values(resources(template, 'AWS::Logs::MetricFilter')).map((f) => f.Properties!);
    const byMetric = Object.fromEntries(filters.map((f) => [(f.MetricTransformations as { MetricName: string }[])[0]!.MetricName, f]));
    expect(Object.keys(byMetric).sort()).toEqual(['DueSoonCases', 'EscalationSteps', 'OverdueCases', 'Reminders', 'SweepFailures', 'TurnWaitSeconds']);
    expect(byMetric.OverdueCases).toMatchObject({
      FilterPattern: '{ $.message = "scheduled run done" }',
      MetricTransformations: [{ MetricNamespace: `Xinfang/${STAGE}`, MetricValue: '$.digests.overdue' }],
    });
    expect(JSON.stringify(byMetric.OverdueCases!.LogGroupName)).toContain('DigestLogs');
    expect(JSON.stringify(byMetric.EscalationSteps!.LogGroupName)).toContain('SweepLogs');
    const [, dashboard] = only(template, 'AWS::CloudWatch::Dashboard');
    const body = JSON.stringify(dashboard.Properties!.DashboardBody);
    for (const text of ['Overdue cases (daily digest)', 'OverdueCases', 'EscalationSteps']) expect(body).toContain(text);
    // The alarm has a label, so CloudFormation gets it as a one-metric math block.
    const failures = alarms().filter((a) => JSON.stringify(a.Metrics ?? []).includes('"MetricName":"SweepFailures"'));
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ Threshold: 0, EvaluationPeriods: 3, DatapointsToAlarm: 3 });
  });
  it('alarms when an email has waited behind its sender’s burst longer than the intake queue’s own age alarm allows (each wait restarts that age)', () => {
    const filters = Object.values(resources(template, 'AWS::Logs::MetricFilter'))
      .map((f) => f.Properties!)
      .filter((f) => (f.MetricTransformations as { MetricName: string }[])[0]!.MetricName === 'TurnWaitSeconds');
    // Both intake lanes wait their turn the same way.
    expect(filters.map((f) => JSON.stringify(f.LogGroupName)).sort()).toEqual([expect.stringContaining('IntakeLogs'), expect.stringContaining('IntakeUrgentLogs')]);
    for (const f of filters) {
      expect(f).toMatchObject({ FilterPattern: `{ $.message = "${TURN_WAIT_LOG_MESSAGE}" }`, MetricTransformations: [{ MetricNamespace: `Xinfang/${STAGE}`, MetricValue: '$.waitedSeconds' }] });
    }
    // Labelled, so CloudFormation gets it as a one-metric math block.
    const waits = alarms().filter((a) => JSON.stringify(a.Metrics ?? []).includes('"MetricName":"TurnWaitSeconds"'));
    expect(waits).toHaveLength(1);
    expect(JSON.stringify(waits[0]!.Metrics)).toContain('"Stat":"Maximum"');
    expect(waits[0]).toMatchObject({ Threshold: oldestMessageThresholdSeconds('intake'), ComparisonOperator: 'GreaterThanThreshold' });
  });
});

describe('schedules', () => {
  const rules = () => Object.values(resources(template, 'AWS::Events::Rule')).map((r) => r.Properties!);

  it('runs the sweep every 15 minutes and the digest daily at 08:00 China time (00:00 UTC), each targeting its function', () => {
    const sweep = rules().find((r) => r.Name === `xinfang-${STAGE}-sweep`)!;
    const digest = rules().find((r) => r.Name === `xinfang-${STAGE}-digest`)!;
    expect(sweep.ScheduleExpression).toBe('rate(15 minutes)');
    expect(digest.ScheduleExpression).toBe('cron(0 0 * * ? *)');
    for (const [rule, id] of [[sweep, 'sweep'], [digest, 'digest']] as const) {
      const [fnId] = functionNamed(id);
      expect(rule.Targets).toEqual([expect.objectContaining({ Arn: { 'Fn::GetAtt': [fnId, 'Arn'] }, RetryPolicy: expect.objectContaining({ MaximumRetryAttempts: 2 }) })]);
    }
  });
});
