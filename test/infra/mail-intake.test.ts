import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { MailIntake, mailIdentityDomains, MAX_RULES_PER_RULE_SET, officeMailboxes } from '../../infra/constructs/mail-intake.js';
import { rawMailPrefix } from '../../shared/resources/definitions.js';
import { retentionDays } from '../../infra/constructs/storage.js';
import { parseProvinceConfig, type Province } from '../../shared/config/province.js';
import { DEPARTMENT_KINDS } from '../../shared/domain/department.js';

const UNIT_KINDS = DEPARTMENT_KINDS.filter((k) => k !== 'petitionsOffice');

/**
 * A valid province with exactly `mailboxes` office and unit mailboxes: the
 * province, then cities, then counties, each office with one unit per department
 * kind until the count is reached.
 */
function provinceWithMailboxes(mailboxes: number): Province {
  const codes = ['330000'];
  for (let city = 1; city <= 99; city++) codes.push(`33${String(city).padStart(2, '0')}00`);
  for (let city = 1; city <= 99; city++) for (let county = 1; county <= 99; county++) codes.push(`33${String(city).padStart(2, '0')}${String(county).padStart(2, '0')}`);
  const jurisdictions: Record<string, unknown>[] = [];
  let left = mailboxes;
  for (const code of codes) {
    if (left === 0) break;
    const level = code === '330000' ? 'province' : code.endsWith('00') ? 'city' : 'county';
    const parent = level === 'province' ? undefined : level === 'city' ? '330000' : `${code.slice(0, 4)}00`;
    const units = UNIT_KINDS.slice(0, Math.min(UNIT_KINDS.length, left - 1)).map((kind) => ({
      id: `${code}-${kind.toLowerCase()}`,
      name: `${code}${kind}`,
      department: kind,
      mailbox: `${kind}@J${code}.petitions.example`,
    }));
    left -= 1 + units.length;
    jurisdictions.push({
      code,
      name: `辖区${code}`,
      level,
      ...(parent ? { parent } : {}),
      office: { name: `信访局${code}`, mailbox: `xinfang@j${code}.petitions.example` },
      units,
    });
  }
  if (left !== 0) throw new Error(`cannot generate ${mailboxes} mailboxes`);
  return parseProvinceConfig({ province: { code: '330000', name: '浙江省' }, mail: { from: 'noreply@petitions.example' }, jurisdictions });
}

/** Just the mail-intake construct, in a bare stack: no functions, no bundling. */
function synthMailIntake(province: Province, ses?: { receive: boolean; send: boolean }) {
  const app = new App();
  const stack = new Stack(app, 'MailOnly');
  const mail = new MailIntake(stack, 'MailIntake', {
    stage: 'test',
    province,
    bucket: new Bucket(stack, 'Mail'),
    intakeQueue: new Queue(stack, 'Intake'),
    ...(ses ? { ses } : {}),
  });
  return { mail, template: Template.fromStack(stack) };
}

/** A province of `offices` offices (province, cities, counties) without units. */
function provinceWithOffices(offices: number): Province {
  const jurisdictions: Record<string, unknown>[] = [{ code: '330000', name: '浙江省', level: 'province', office: { name: '浙江省信访局', mailbox: 'xinfang@zj.petitions.example' } }];
  for (let city = 1; city <= 99 && jurisdictions.length < offices; city++) {
    const cityCode = `33${String(city).padStart(2, '0')}00`;
    jurisdictions.push({ code: cityCode, name: `市${city}`, level: 'city', parent: '330000', office: { name: `市${city}信访局`, mailbox: `xinfang@c${city}.petitions.example` } });
    for (let county = 1; county <= 99 && jurisdictions.length < offices; county++) {
      const code = `33${String(city).padStart(2, '0')}${String(county).padStart(2, '0')}`;
      jurisdictions.push({ code, name: `县${code}`, level: 'county', parent: cityCode, office: { name: `县${code}信访局`, mailbox: `Xinfang@J${code}.petitions.example` } });
    }
  }
  return parseProvinceConfig({ province: { code: '330000', name: '浙江省' }, mail: { from: 'noreply@petitions.example' }, jurisdictions });
}

type RuleResource = { Properties: { Rule: { Recipients: string[]; Name: string; Actions: { S3Action: { ObjectKeyPrefix: string } }[] }; After?: unknown } };

describe('receipt rules', () => {
  it('give each of 150 offices its own rule storing under raw/<mailbox>/, in a chain', () => {
    const province = provinceWithOffices(150);
    const { template } = synthMailIntake(province);
    const rules = Object.values(template.findResources('AWS::SES::ReceiptRule')) as RuleResource[];
    expect(rules).toHaveLength(150);
    expect(rules.map((r) => r.Properties.Rule.Recipients)).toEqual(officeMailboxes(province).map((m) => [m]));
    for (const rule of rules) {
      // Mailboxes are matched case-insensitively; they are written lower-case, and the key names the office.
      const [mailbox] = rule.Properties.Rule.Recipients;
      expect(mailbox).toBe(mailbox!.toLowerCase());
      expect(rule.Properties.Rule.Actions[0]!.S3Action.ObjectKeyPrefix).toBe(rawMailPrefix(mailbox!));
    }
    expect(rules.filter((r) => r.Properties.After !== undefined)).toHaveLength(149);
  });

  it('keeps the bucket policy within S3’s 20 KB limit with 150 offices (SES grants merged)', () => {
    const { template } = synthMailIntake(provinceWithOffices(150));
    const policy = Object.values(template.findResources('AWS::S3::BucketPolicy'))[0]!;
    expect(JSON.stringify(policy.Properties.PolicyDocument).length).toBeLessThan(20 * 1024);
  });

  it('refuses a configuration that would need more rules than one rule set holds', () => {
    expect(() => synthMailIntake(provinceWithOffices(MAX_RULES_PER_RULE_SET + 1))).toThrow(/201 office mailboxes need 201 receipt rules; SES allows 200/);
  });
});

describe('mail identity', () => {
  it('verifies the common parent of the office subdomains once', () => {
    expect(mailIdentityDomains(['xinfang@zj.petitions.example', 'housing@fuchunjiang.tonglu.petitions.example', 'noreply@petitions.example'])).toEqual([
      'petitions.example',
    ]);
  });

  it('never proposes a shared public suffix such as gov.cn; falls back to each top-most domain', () => {
    expect(mailIdentityDomains(['xf@xfj.zj.gov.cn', 'xf@hangzhou.gov.cn', 'a@sub.hangzhou.gov.cn'])).toEqual(['hangzhou.gov.cn', 'xfj.zj.gov.cn']);
    expect(mailIdentityDomains(['a@one.example', 'b@two.test'])).toEqual(['one.example', 'two.test']);
  });

  it('creates one SES identity with DKIM outputs for the demo configuration', () => {
    const { template } = synthMailIntake(provinceWithMailboxes(3));
    template.resourceCountIs('AWS::SES::EmailIdentity', 1);
    template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'petitions.example' });
    expect(Object.keys(template.findOutputs('*')).filter((k) => k.includes('Dkim'))).toHaveLength(3);
  });
});

describe('retention', () => {
  it('rounds up to whole days including leap days', () => {
    expect(retentionDays(3)).toBe(1096);
    expect(retentionDays(1)).toBe(366);
    expect(retentionDays(10)).toBeGreaterThanOrEqual(3650 + 2);
  });
});

describe('a stage without SES (IMAP in, SMTP out)', () => {
  it('has no SES resource, yet every object stored under raw/ is still queued to intake', () => {
    const { mail, template } = synthMailIntake(provinceWithOffices(3), { receive: false, send: false });
    const types = Object.values(template.toJSON().Resources as Record<string, { Type: string }>).map((r) => r.Type);
    expect(types.filter((t) => t.startsWith('AWS::SES::'))).toEqual([]);
    expect(JSON.stringify(template.toJSON())).not.toContain('ses.amazonaws.com');
    expect(mail.sendingResourceArns).toEqual([]);
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: { QueueConfigurations: [{ Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'raw/' }] } } }] },
    });
  });

  it('receives with SES but sends otherwise, and the other way round', () => {
    const receiveOnly = synthMailIntake(provinceWithOffices(3), { receive: true, send: false }).template;
    receiveOnly.resourceCountIs('AWS::SES::ReceiptRule', 3);
    receiveOnly.resourceCountIs('AWS::SES::EmailIdentity', 0);
    const sendOnly = synthMailIntake(provinceWithOffices(3), { receive: false, send: true }).template;
    sendOnly.resourceCountIs('AWS::SES::ReceiptRule', 0);
    sendOnly.resourceCountIs('AWS::SES::ConfigurationSet', 1);
  });
});
