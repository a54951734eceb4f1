import type { Template } from 'aws-cdk-lib/assertions';

export type CfnResource = { Type: string; Properties?: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string };

export function resources(template: Template, type: string): Record<string, CfnResource> {
  return template.findResources(type) as Record<string, CfnResource>;
}

/** The one resource of a type whose properties pass `where`. */
export function only(template: Template, type: string, where: (r: CfnResource) => boolean = () => true): [string, CfnResource] {
  const found = Object.entries(resources(template, type)).filter(([, r]) => where(r));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0]!;
}

const FAKE_REGION = 'eu-west-1';
const FAKE_ACCOUNT = '123456789012';

/**
 * Resolves CloudFormation intrinsics to values shaped like the deployed ones
 * (queue Refs become queue URLs, pseudo parameters real-looking ids), so an
 * environment can be validated with the functions' own schema.
 */
export function fakeResolve(value: unknown, all: Record<string, CfnResource>): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const v = value as Record<string, any>;
    if ('Ref' in v) {
      const ref = v.Ref as string;
      if (ref === 'AWS::Region') return FAKE_REGION;
      if (ref === 'AWS::AccountId') return FAKE_ACCOUNT;
      if (ref === 'AWS::Partition') return 'aws';
      if (ref === 'AWS::URLSuffix') return 'amazonaws.com';
      const target = all[ref];
      if (target?.Type === 'AWS::SQS::Queue') {
        return `https://sqs.${FAKE_REGION}.amazonaws.com/${FAKE_ACCOUNT}/${String(target.Properties?.QueueName ?? ref)}`;
      }
      return `${ref.toLowerCase()}-physical-id`;
    }
    if ('Fn::Join' in v) {
      const [separator, parts] = v['Fn::Join'] as [string, unknown[]];
      return parts.map((p) => fakeResolve(p, all)).join(separator);
    }
    if ('Fn::GetAtt' in v) return `${(v['Fn::GetAtt'] as string[]).join('-').toLowerCase()}-attr`;
  }
  throw new Error(`cannot resolve ${JSON.stringify(value)}`);
}
