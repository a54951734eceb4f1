import { App } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { functionEnvironment, queueUrlVariable } from '../../infra/constructs/functions.js';
import { QUEUES, resourceNames } from '../../shared/resources/definitions.js';
import type { FunctionDefinition } from '../../shared/resources/functions.js';
import { WIDE_REGISTRY } from './fixtures/wide-registry.js';
import { SYNTH_TIMEOUT_MS, synthPetitions, testApp } from './synth.js';
import { only, resources, type CfnResource } from './template-helpers.js';


const STAGE = 'wide';
const names = resourceNames(STAGE);
let template: Template;
let all: Record<string, CfnResource>;

beforeAll(() => {
  // Wiring, not code: the fixture handlers are not bundled.
  template = synthPetitions({ stage: STAGE, functions: WIDE_REGISTRY }, testApp({ bundling: false })).template;
  all = template.toJSON().Resources as Record<string, CfnResource>;
}, SYNTH_TIMEOUT_MS);

const fnId = (id: string) => only(template, 'AWS::Lambda::Function', (r) => r.Properties?.FunctionName === `xinfang-${STAGE}-${id}`)[0];
const queueId = (name: string) => only(template, 'AWS::SQS::Queue', (r) => r.Properties?.QueueName === name)[0];
/** All statements of the function's role policies. */
const statementsOf = (id: string): Record<string, any>[] => {
  const roleId = (all[fnId(id)]!.Properties!.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
  return Object.values(resources(template, 'AWS::IAM::Policy'))
    .filter((p) => (p.Properties!.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
    .flatMap((p) => p.Properties!.PolicyDocument.Statement as Record<string, any>[]);
};
const actionsOf = (id: string) => new Set(statementsOf(id).flatMap((s) => [s.Action].flat() as string[]));

describe('a registry with every trigger kind', () => {
  it('creates one function per entry, and no API when no function is http-triggered', () => {
    expect(Object.keys(resources(template, 'AWS::Lambda::Function')).filter((id) => !id.startsWith('BucketNotificationsHandler'))).toHaveLength(4);
    expect(resources(template, 'AWS::ApiGatewayV2::Api')).toEqual({});
  });

  it.each(Object.values(WIDE_REGISTRY).filter((d) => d.trigger.kind === 'sqs'))(
    '$id consumes its queue with the registry batch size, partial batch failures and its concurrency bound',
    (definition) => {
      const trigger = definition.trigger as Extract<FunctionDefinition['trigger'], { kind: 'sqs' }>;
      const [, mapping] = only(template, 'AWS::Lambda::EventSourceMapping', (r) => r.Properties?.FunctionName?.Ref === fnId(definition.id));
      expect(mapping.Properties).toMatchObject({
        EventSourceArn: { 'Fn::GetAtt': [queueId(names.queues[trigger.queue].name), 'Arn'] },
        BatchSize: trigger.batchSize,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      if (trigger.maxConcurrency !== undefined) expect(mapping.Properties!.ScalingConfig).toEqual({ MaximumConcurrency: trigger.maxConcurrency });
      else expect(mapping.Properties!.ScalingConfig).toBeUndefined();
      if (trigger.batchingWindowSeconds !== undefined) expect(mapping.Properties!.MaximumBatchingWindowInSeconds).toBe(trigger.batchingWindowSeconds);
      else if (trigger.batchSize > 10) expect(mapping.Properties!.MaximumBatchingWindowInSeconds).toBeGreaterThan(0);
      else expect(mapping.Properties!.MaximumBatchingWindowInSeconds).toBeUndefined();
      expect(actionsOf(definition.id)).toContain('sqs:DeleteMessage');
    },
  );

  it('runs schedule-triggered functions from an EventBridge rule at their rate', () => {
    const [, rule] = only(template, 'AWS::Events::Rule');
    expect(rule.Properties).toMatchObject({
      ScheduleExpression: `rate(${WIDE_REGISTRY.sweep.trigger.everyMinutes} minutes)`,
      State: 'ENABLED',
      Targets: [{ Arn: { 'Fn::GetAtt': [fnId('sweep'), 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 2 } }],
    });
    template.hasResourceProperties('AWS::Lambda::Permission', { Principal: 'events.amazonaws.com', FunctionName: { 'Fn::GetAtt': [fnId('sweep'), 'Arn'] } });
  });

  it('gives each function the queue URLs it sends to, and the right to send there only', () => {
    for (const definition of Object.values(WIDE_REGISTRY)) {
      const env = all[fnId(definition.id)]!.Properties!.Environment.Variables as Record<string, unknown>;
      const sendTo: readonly string[] = 'sendTo' in definition.access ? definition.access.sendTo : [];
      for (const q of Object.keys(QUEUES)) {
        expect(env[queueUrlVariable(q)], `${definition.id} -> ${q}`).toEqual(sendTo.includes(q) ? { Ref: queueId(names.queues[q as keyof typeof QUEUES].name) } : undefined);
      }
      const sendTargets = statementsOf(definition.id)
        .filter((s) => [s.Action].flat().includes('sqs:SendMessage'))
        .flatMap((s) => [s.Resource].flat() as { 'Fn::GetAtt': string[] }[])
        .map((r) => r['Fn::GetAtt'][0]);
      expect(sendTargets.sort()).toEqual(sendTo.map((q) => queueId(names.queues[q as keyof typeof QUEUES].name)).sort());
    }
  });

  it('grants table and bucket access as declared: read stays read, write never deletes', () => {
    expect(actionsOf('mailer')).toContain('dynamodb:Query');
    expect(actionsOf('mailer')).not.toContain('dynamodb:PutItem');
    expect(actionsOf('intake')).toContain('dynamodb:PutItem');
    expect(actionsOf('intake')).toContain('s3:PutObject');
    expect([...actionsOf('intake')].filter((a) => a.startsWith('s3:Delete'))).toEqual([]);
    expect(actionsOf('mailer')).not.toContain('s3:PutObject');
    expect([...actionsOf('handoff')].filter((a) => a.startsWith('s3:'))).toEqual([]);
  });

  it('lets only sendMail functions send mail, through the province identity and configuration set, never on *', () => {
    for (const definition of Object.values(WIDE_REGISTRY)) {
      const ses = statementsOf(definition.id).filter((s) => [s.Action].flat().some((a: string) => a.startsWith('ses:')));
      if (!('sendMail' in definition.access)) {
        expect(ses, definition.id).toEqual([]);
        continue;
      }
      expect(ses).toHaveLength(1);
      expect(ses[0]!.Action).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
      const [identityId, identity] = only(template, 'AWS::SES::EmailIdentity');
      const [configurationSetId, configurationSet] = only(template, 'AWS::SES::ConfigurationSet');
      expect(identity.Properties!.EmailIdentity).toBe('petitions.example');
      expect(configurationSet.Properties!.Name).toBe(`xinfang-${STAGE}-sending`);
      const arnOf = (kind: string, id: string) => ({
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ses:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:${kind}/`, { Ref: id }]],
      });
      expect(ses[0]!.Resource).toEqual(expect.arrayContaining([arnOf('identity', identityId), arnOf('configuration-set', configurationSetId)]));
      expect(ses[0]!.Resource).toHaveLength(2);
    }
  });

  it('alarms on errors and throttles of every function', () => {
    const alarms = Object.values(resources(template, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties!);
    for (const definition of Object.values(WIDE_REGISTRY)) {
      for (const metric of ['Errors', 'Throttles']) {
        expect(alarms.filter((a) => a.MetricName === metric && JSON.stringify(a.Dimensions).includes(fnId(definition.id))), `${definition.id} ${metric}`).toHaveLength(1);
      }
    }
  });
});

describe('registry mistakes fail synthesis with a clear message', () => {
  // Not bundled: the mistakes are refused from the registry, and bundling the function first only delays the refusal.
  const withOne = (definition: FunctionDefinition, app: App = testApp({ bundling: false })) => () => synthPetitions({ stage: 'bad', functions: { [definition.id]: definition } }, app);

  it('a consumer that may run longer than its queue hides a message', () => {
    const definition = { ...WIDE_REGISTRY.handoff, timeoutSeconds: QUEUES.handoff.visibilityTimeoutSeconds + 1 };
    expect(withOne(definition)).toThrow(/runs up to 121s but queue handoff hides a message for only 120s/);
  }, SYNTH_TIMEOUT_MS);

  it('two http functions (the API routes everything to one)', () => {
    const http = { ...WIDE_REGISTRY.sweep, trigger: { kind: 'http' } } as const;
    expect(() => synthPetitions({ stage: 'bad', functions: { a: { ...http, id: 'a' }, b: { ...http, id: 'b' } } })).toThrow(/2 are http-triggered: a, b/);
  }, SYNTH_TIMEOUT_MS);
});

describe('function environment', () => {
  const base = { STAGE: 's', TABLE_NAME: 'table', MAIL_BUCKET: 'bucket', PROVINCE_CONFIG_PATH: '/var/task/province.yaml', LOG_LEVEL: 'INFO' };

  it('passes exactly what shared/config/env.ts declares (plus NODE_OPTIONS)', () => {
    const env = functionEnvironment({ ...base, QUEUE_URL_NOTIFY: 'https://sqs/q', SOMETHING_ELSE: 'x' });
    expect(env).toEqual({ ...base, QUEUE_URL_NOTIFY: 'https://sqs/q', NODE_OPTIONS: '--enable-source-maps' });
  });

  it('refuses to leave out a variable the schema requires', () => {
    const { TABLE_NAME: _omitted, ...withoutTable } = base;
    expect(() => functionEnvironment(withoutTable)).toThrow(/requires TABLE_NAME/);
  });

  it('refuses a queue URL the schema does not declare (a queue added without its variable)', () => {
    expect(() => functionEnvironment({ ...base, QUEUE_URL_ARCHIVE: 'https://sqs/a' })).toThrow(/does not declare QUEUE_URL_ARCHIVE/);
  });
});
