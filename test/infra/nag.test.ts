import { Validations, type App } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyNagChecks, awsSolutionsChecks } from '../../infra/nag.js';
import type { PetitionsStack } from '../../infra/petitions-stack.js';
import { WIDE_REGISTRY } from './fixtures/wide-registry.js';
import { SYNTH_TIMEOUT_MS, synthPetitions, testApp } from './synth.js';

interface Acknowledged {
  path: string;
  id: string;
  reason: string;
}

/** Every acknowledgement in the tree, with the construct it was made on. */
function acknowledgements(scope: IConstruct): Acknowledged[] {
  const found: Acknowledged[] = [];
  for (const node of scope.node.findAll()) {
    for (const entry of node.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !entry.data) continue;
      for (const [key, value] of Object.entries(entry.data as Record<string, unknown>)) {
        const reason = typeof value === 'string' ? value : String((value as { reason?: unknown })?.reason ?? '');
        found.push({ path: node.node.path, id: key.replace(/^annotation::/i, ''), reason });
      }
    }
  }
  return found;
}

/** The pack's findings as if nothing had been acknowledged. */
function unacknowledgedFindings(app: App) {
  const pack = awsSolutionsChecks();
  Object.defineProperty(pack, 'isAcknowledged', { value: () => false });
  return pack.validateScope(app).violations;
}

describe.each([
  ['the deployed registry', undefined],
  ['a registry with every trigger kind', WIDE_REGISTRY],
] as const)('cdk-nag AwsSolutions on %s', (_name, functions) => {
  let app: App;
  let stack: PetitionsStack;

  beforeAll(() => {
    // cdk-nag reads the construct tree, not the functions' code: no bundling.
    app = testApp({ bundling: false });
    applyNagChecks(app);
    // Synthesis runs the checks as a validation plugin: a finding would throw here.
    ({ stack } = synthPetitions({ stage: 'nag', ...(functions ? { functions } : {}) }, app));
  }, SYNTH_TIMEOUT_MS);

  it('has no unacknowledged error or warning', () => {
    const report = awsSolutionsChecks().validateScope(app);
    const describe = (severity: string) =>
      report.violations.filter((v) => v.severity === severity).map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
    expect(describe('error')).toEqual([]);
    expect(describe('warning')).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('leaves no AwsSolutions annotation on the stack', () => {
    expect(Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
  });

  it('acknowledges only real findings, each narrowed to its finding and with a written reason', () => {
    const acks = acknowledgements(app);
    expect(acks.length).toBeGreaterThan(0);
    const findings = unacknowledgedFindings(app);
    for (const ack of acks) {
      expect(ack.reason.length, `${ack.id} at ${ack.path}`).toBeGreaterThanOrEqual(40);
      // IAM4/IAM5 are acknowledged per finding (Rule[finding]), never wholesale.
      if (/AwsSolutions-IAM[45]$/.test(ack.id)) throw new Error(`${ack.id} acknowledged wholesale at ${ack.path}`);
      const matched = findings.some((f) => f.ruleName === ack.id && f.violatingResources.some((r) => r.constructPath === ack.path || (r.constructPath ?? '').startsWith(`${ack.path}/`)));
      expect(matched, `${ack.id} at ${ack.path} acknowledges nothing`).toBe(true);
    }
  });
});
