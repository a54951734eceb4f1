import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';

/** Requests one viewer address may make to /public/* in 5 minutes before WAF answers 429: a family at one address, not a script. */
export const PUBLIC_RATE_LIMIT_PER_5_MIN = 300;

export function publicWebAclStackName(stage: string): string {
  return `PetitionsEdge-${stage}`;
}

/**
 * The rules of the console's web ACL: a rate-based rule on the citizen
 * portal's paths (/public/*), counted per viewer address (WAF at CloudFront
 * sees the viewer's own), and AWS's common rule set, whose body-size rule
 * only counts (a petition form carries up to 4 MB of attachments; the API
 * limits sizes itself).
 */
export function publicWebAclRules(): CfnWebACL.RuleProperty[] {
  return [
    {
      name: 'public-rate-limit',
      priority: 0,
      action: { block: { customResponse: { responseCode: 429, customResponseBodyKey: 'too-many' } } },
      statement: {
        rateBasedStatement: {
          limit: PUBLIC_RATE_LIMIT_PER_5_MIN,
          evaluationWindowSec: 300,
          aggregateKeyType: 'IP',
          scopeDownStatement: {
            byteMatchStatement: {
              fieldToMatch: { uriPath: {} },
              positionalConstraint: 'STARTS_WITH',
              searchString: '/public/',
              textTransformations: [{ priority: 0, type: 'NONE' }],
            },
          },
        },
      },
      visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'public-rate-limit', sampledRequestsEnabled: false },
    },
    {
      name: 'aws-common',
      priority: 1,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name: 'AWSManagedRulesCommonRuleSet',
          ruleActionOverrides: [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }],
        },
      },
      visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'aws-common', sampledRequestsEnabled: false },
    },
  ];
}

/**
 * The web ACL of the console's CloudFront distribution. A CLOUDFRONT-scoped
 * ACL exists only in us-east-1, so it is a small stack of its own there,
 * deployed first; its ARN (output WebAclArn) is then given to the stage's
 * stack as context `publicWebAclArn`. Sampled requests are off: they would
 * keep citizens' requests (form bodies included) for three hours.
 */
export class PublicWebAclStack extends Stack {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: StackProps & { stage: string }) {
    super(scope, id, { description: `Petitions (信访) web ACL of the console's CloudFront distribution, stage ${props.stage} (us-east-1)`, ...props });
    if (props.env?.region !== undefined && props.env.region !== 'us-east-1') {
      throw new Error(`a CloudFront web ACL can only be created in us-east-1, not ${props.env.region}`);
    }
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: `xinfang-${props.stage}-console`,
      description: 'Staff console, API and citizen portal - rate limit on /public/ paths, AWS common rules',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      customResponseBodies: {
        'too-many': { contentType: 'TEXT_PLAIN', content: '访问过于频繁，请几分钟后再试。Too many requests; please try again in a few minutes.' },
      },
      rules: publicWebAclRules(),
      visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: `xinfang-${props.stage}-console`, sampledRequestsEnabled: false },
    });
    new CfnOutput(this, 'WebAclArn', { description: 'Give it to the stage stack: -c publicWebAclArn=<this>', value: this.webAcl.attrArn });
  }
}
