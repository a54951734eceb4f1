import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import {
  chunkRecipients,
  configuredMailboxes,
  MailIntake,
  mailIdentityDomains,
  MAX_RECIPIENTS_PER_RULE,
  MAX_RULES_PER_RULE_SET,
} from '../../infra/constructs/mail-intake.js';
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
function synthMailIntake(province: Province) {
  const app = new App();
  const stack = new Stack(app, 'MailOnly');
  const mail = new MailIntake(stack, 'MailIntake', {
    stage: 'test',
    province,
    bucket: new Bucket(stack, 'Mail'),
    intakeQueue: new Queue(stack, 'Intake'),
  });
  return { mail, template: Template.fromStack(stack) };
}

describe('receipt rules', () => {
  it('chunk 250 mailboxes into rules of at most 100 that together cover all of them, in a chain', () => {
    const province = provinceWithMailboxes(250);
    const { template } = synthMailIntake(province);
    const rules = Object.values(template.findResources('AWS::SES::ReceiptRule')) as { Properties: { Rule: { Recipients: string[]; Name: string }; After?: unknown } }[];
    expect(rules.map((r) => r.Properties.Rule.Recipients.length)).toEqual([100, 100, 50]);
    const covered = rules.flatMap((r) => r.Properties.Rule.Recipients);
    expect(covered).toEqual(configuredMailboxes(province));
    expect(new Set(covered).size).toBe(250);
    // Mailboxes are matched case-insensitively; they are written lower-case.
    expect(covered.every((m) => m === m.toLowerCase())).toBe(true);
    expect(rules.map((r) => r.Properties.Rule.Name)).toEqual(['xinfang-test-mailboxes-001', 'xinfang-test-mailboxes-002', 'xinfang-test-mailboxes-003']);
    expect(rules.filter((r) => r.Properties.After !== undefined)).toHaveLength(2);
  });

  it('refuses a configuration that would need more rules than one rule set holds', () => {
    const tooMany = MAX_RECIPIENTS_PER_RULE * MAX_RULES_PER_RULE_SET + 1;
    expect(() => synthMailIntake(provinceWithMailboxes(tooMany))).toThrow(/need 201 receipt rules; SES allows 200/);
  });

  it('chunkRecipients keeps order and size', () => {
    expect(chunkRecipients(['a', 'b', 'c', 'd', 'e'], 2)).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(chunkRecipients([], 2)).toEqual([]);
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
