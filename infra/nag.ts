import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/**
 * cdk-nag 3 is a CDK policy-validation plugin: it runs at the end of synthesis
 * and any unacknowledged finding (error or warning) fails `cdk synth`.
 * Acknowledgements are CDK's `Validations.of(construct).acknowledge()` and hold
 * for the construct and everything below it.
 */

export function awsSolutionsChecks(scope?: IConstruct): AwsSolutionsChecks {
  // writeSuppressionsToCloudFormation: the reasons travel with the template (cdk_nag metadata) for auditors.
  return new AwsSolutionsChecks(scope, { verbose: true, writeSuppressionsToCloudFormation: scope !== undefined });
}

export function applyNagChecks(app: App): void {
  Validations.of(app).addPlugins(awsSolutionsChecks(app));
}

/**
 * Acknowledges a rule on a construct with the reason. With `findings`, only
 * those findings of the rule (e.g. `Resource::*` of AwsSolutions-IAM5) are
 * acknowledged, each by its own id `Rule[finding]`; other findings still fail.
 */
export function acknowledge(scope: IConstruct, rule: string, reason: string, findings?: readonly string[]): void {
  if (findings === undefined) {
    Validations.of(scope).acknowledge({ id: rule, reason });
    return;
  }
  for (const finding of findings) Validations.of(scope).acknowledge({ id: `${rule}[${finding}]`, reason });
}
