import { Validations, type App } from 'aws-cdk-lib';
import { Annotations, Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyNagChecks, awsSolutionsChecks } from '../../infra/nag.js';
import { DEFAULT_STAGE_CONFIG, parseStageConfig, type StageConfig } from '../../shared/config/stage.js';
import { FUNCTIONS } from '../../shared/resources/functions.js';
import { SYNTH_TIMEOUT_MS, synthPetitions, testApp, type Synthesized } from './synth.js';
import { only, resources } from './template-helpers.js';

/*
 * Mail in by IMAP on AWS: a stage whose mailIn is imap gets the poller, one
 * EventBridge rule per batch of mailboxes, and grants to exactly what it needs.
 * Only the `imap` function is synthesised (its bundle alone), on the demo province:
 * 15 office mailboxes and the sending address, whose domains one server hosts.
 */

const IMAP_STAGE: StageConfig = {
  ...DEFAULT_STAGE_CONFIG,
  mailIn: parseStageConfig({
    mailIn: {
      kind: 'imap',
      servers: [
        {
          host: 'imap.exmail.petitions.example',
          domains: [
            'petitions.example',
            'zj.petitions.example',
            'hz.petitions.example',
            'tonglu.petitions.example',
            'fuchunjiang.tonglu.petitions.example',
            'fenshui.tonglu.petitions.example',
            'chunan.petitions.example',
            'qiandaohu.chunan.petitions.example',
            'linqi.chunan.petitions.example',
            'huzhou.petitions.example',
            'deqing.petitions.example',
            'xinshi.deqing.petitions.example',
            'moganshan.deqing.petitions.example',
            'changxing.petitions.example',
            'sian.changxing.petitions.example',
            'meishan.changxing.petitions.example',
          ],
        },
      ],
      everyMinutes: 5,
      storedFolder: '已入库',
    },
  }).mailIn,
};

let app: App;
let imap: Synthesized;
let template: Template;

beforeAll(() => {
  // Wiring, not code: the poller is not bundled (petitions-stack.test.ts bundles it).
  app = testApp({ bundling: false });
  applyNagChecks(app);
  imap = synthPetitions({ stage: 'test', stageConfig: IMAP_STAGE, functions: { imap: FUNCTIONS.imap } }, app);
  template = imap.template;
}, SYNTH_TIMEOUT_MS);

const ref = (id: string) => ({ Ref: id });
const pollerId = () => only(template, 'AWS::Lambda::Function', (r) => r.Properties?.FunctionName === 'xinfang-test-imap')[0];
const pollerPolicies = () =>
  Object.entries(resources(template, 'AWS::IAM::Policy'))
    .filter(([, p]) => JSON.stringify(p.Properties!.Roles).includes('Imap'))
    .flatMap(([, p]) => p.Properties!.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);
const actionsOf = (statement: { Action: string | string[] }) => [statement.Action].flat();

describe('a stage that reads its mail by IMAP', () => {
  it('polls each batch of at most ten mailboxes every five minutes, the batch and the event time in the rule’s input', () => {
    const rules = Object.entries(resources(template, 'AWS::Events::Rule')).filter(([, r]) => String(r.Properties!.Name).startsWith('xinfang-test-imap-'));
    expect(rules.map(([, r]) => [r.Properties!.Name, r.Properties!.ScheduleExpression])).toEqual([
      ['xinfang-test-imap-batch-01', 'rate(5 minutes)'],
      ['xinfang-test-imap-batch-02', 'rate(5 minutes)'],
    ]);
    const targets = rules.map(([, r]) => r.Properties!.Targets[0]);
    for (const target of targets) {
      expect(target.Arn).toEqual({ 'Fn::GetAtt': [pollerId(), 'Arn'] });
      expect(target.InputTransformer.InputPathsMap).toEqual({ time: '$.time' });
      expect(target.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 300, MaximumRetryAttempts: 2 });
      expect(target.DeadLetterConfig.Arn['Fn::GetAtt'][1]).toBe('Arn');
    }
    const inputs = targets.map((t) => JSON.parse(t.InputTransformer.InputTemplate.replace('<time>', '"2026-12-03T02:15:00Z"')));
    const mailboxes = inputs.flatMap((i) => i.detail.mailboxes);
    expect(inputs.map((i) => [i['detail-type'], i.detail.mailboxes.length])).toEqual([
      ['Scheduled Event', 10],
      ['Scheduled Event', 6],
    ]);
    expect(mailboxes).toContainEqual({
      address: 'xinfang@tonglu.petitions.example',
      host: 'imap.exmail.petitions.example',
      port: 993,
      tls: true,
      secretName: 'xinfang-test/imap/tonglu.petitions.example',
      folder: 'INBOX',
      storedFolder: '已入库',
    });
    // The sending address too: with mail out by SMTP, bounces (DSNs) come back to it.
    expect(mailboxes.map((m: { address: string }) => m.address)).toContain('noreply@petitions.example');
  });

  it('lets the poller put under raw/ only, read its domains’ secrets and the table, and send to the urgent intake lane alone', () => {
    const statements = pollerPolicies();
    const s3 = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('s3:')));
    expect(s3.flatMap(actionsOf).sort()).toEqual(['s3:Abort*', 's3:PutObject', 's3:PutObjectLegalHold', 's3:PutObjectRetention', 's3:PutObjectTagging', 's3:PutObjectVersionTagging'].sort());
    expect(JSON.stringify(s3.map((s) => s.Resource))).toContain('/raw/*');
    const secrets = statements.filter((s) => actionsOf(s).includes('secretsmanager:GetSecretValue'));
    const secretArns = JSON.stringify(secrets.map((s) => s.Resource));
    expect(secretArns).toContain(':secret:xinfang-test/imap/tonglu.petitions.example-??????');
    expect(secretArns.match(/:secret:xinfang-test\/imap\//g)).toHaveLength(16);
    expect(statements.flatMap(actionsOf).filter((a) => a.startsWith('ses:'))).toEqual([]);
    // The urgent pre-check's queue, and no other.
    const sqs = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('sqs:')));
    expect(sqs.flatMap(actionsOf)).toContain('sqs:SendMessage');
    expect(JSON.stringify(sqs.map((s) => s.Resource))).toMatch(/^\[\{"Fn::GetAtt":\["[A-Za-z0-9]*IntakeUrgent[A-Za-z0-9]*","Arn"\]\}\]$/);
    expect(statements.flatMap(actionsOf)).toContain('dynamodb:PutItem');
  });

  it('does not retry a failed poll at once (a refused login repeated locks accounts), and alarms on its errors and on undelivered polls', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { FunctionName: ref(pollerId()), MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 300 });
    const [topicId] = only(template, 'AWS::SNS::Topic', (r) => r.Properties?.TopicName === 'xinfang-test-alarms');
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'xinfang-test-imap-poll-dlq-not-empty', AlarmActions: [ref(topicId)] });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'xinfang-test-imap-errors', AlarmActions: [ref(topicId)] });
    template.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'xinfang-test-imap-poll-dlq', SqsManagedSseEnabled: true, MessageRetentionPeriod: 1_209_600 });
  });

  it('passes cdk-nag with every acknowledgement narrowed to a finding', () => {
    const report = awsSolutionsChecks().validateScope(app);
    expect(report.violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
    expect(Annotations.fromStack(imap.stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
    // The pack's findings as if nothing were acknowledged: each of this construct's acknowledgements must meet one.
    const pack = awsSolutionsChecks();
    Object.defineProperty(pack, 'isAcknowledged', { value: () => false });
    const findings = pack.validateScope(app).violations;
    const ours = imap.stack.node
      .findAll()
      .filter((node) => node.node.path.includes('/MailboxPolling/') || node.node.path.includes('/Functions/Imap/'))
      .flatMap((node) =>
        node.node.metadata
          .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && entry.data)
          .flatMap((entry) => Object.keys(entry.data as object).map((key) => ({ path: node.node.path, id: key.replace(/^annotation::/i, '') }))),
      );
    expect(ours.length).toBeGreaterThan(0);
    for (const ack of ours) {
      const met = findings.some((f) => f.ruleName === ack.id && f.violatingResources.some((r) => (r.constructPath ?? '').startsWith(ack.path)));
      expect(met, `${ack.id} at ${ack.path} acknowledges nothing`).toBe(true);
    }
  });
});

describe('a stage that receives by SES (the default)', () => {
  it('has no poller, no poll rules and no mailbox secrets', () => {
    const { template: ses } = synthPetitions({ stage: 'test', functions: { imap: FUNCTIONS.imap } }, testApp({ bundling: false }));
    expect(Object.entries(resources(ses, 'AWS::Lambda::Function')).filter(([, f]) => f.Properties?.FunctionName === 'xinfang-test-imap')).toEqual([]);
    expect(Object.entries(resources(ses, 'AWS::Events::Rule')).filter(([, r]) => String(r.Properties!.Name).includes('imap'))).toEqual([]);
    expect(JSON.stringify(ses.toJSON())).not.toContain('/imap/');
  });
});
