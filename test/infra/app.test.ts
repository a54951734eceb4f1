import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { optionsFromContext } from '../../infra/petitions-app.js';
import { REPO_ROOT } from '../../infra/paths.js';
import { cdkJsonContext, SYNTH_TIMEOUT_MS } from './synth.js';

/** Runs infra/app.ts the way the CDK CLI does: context in CDK_CONTEXT_JSON, output in CDK_OUTDIR. */
function runApp(context: Record<string, unknown>, extraEnv: Record<string, string> = {}) {
  const outdir = mkdtempSync(join(tmpdir(), 'xinfang-app-'));
  const env: NodeJS.ProcessEnv = { ...process.env, CDK_CONTEXT_JSON: JSON.stringify({ ...cdkJsonContext(), ...context }), CDK_OUTDIR: outdir, ...extraEnv };
  delete env.CDK_DEFAULT_ACCOUNT;
  delete env.CDK_DEFAULT_REGION;
  for (const [k, v] of Object.entries(extraEnv)) env[k] = v;
  const result = spawnSync(join(REPO_ROOT, 'node_modules/.bin/tsx'), ['infra/app.ts'], { cwd: REPO_ROOT, env, encoding: 'utf8', timeout: SYNTH_TIMEOUT_MS });
  return { ...result, outdir };
}

describe('infra/app.ts', () => {
  it('fails synthesis on a bad province configuration with the ConfigError message, naming each problem', () => {
    const run = runApp({ provinceConfig: 'test/infra/fixtures/bad-province.yaml' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/bad-province\.yaml has \d+ problems?:/);
    expect(run.stderr).toContain('units[0].mailbox');
    expect(run.stderr).toContain('leadershp');
    expect(run.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    expect(existsSync(join(run.outdir, 'manifest.json'))).toBe(false);
  }, SYNTH_TIMEOUT_MS);

  it('synthesises PetitionsStack-<stage>, environment-agnostic without credentials, with cdk-nag passing', () => {
    // Without bundling the functions (what `cdk synth --exclusively` does to other stacks): the
    // template and cdk-nag's findings are the same. petitions-stack.test.ts bundles every
    // function, and CI's `npm run synth` runs this app with bundling, so a function that stops
    // bundling still fails CI; bundling here too cost about a minute of it on two cores.
    const run = runApp({ stage: 'ci', 'aws:cdk:bundling-stacks': [] });
    expect(run.stderr).not.toMatch(/AwsSolutions-|Validation failed/);
    expect(run.status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(run.outdir, 'manifest.json'), 'utf8')) as { artifacts: Record<string, { type: string; environment?: string }> };
    expect(manifest.artifacts['PetitionsStack-ci']).toMatchObject({ type: 'aws:cloudformation:stack', environment: 'aws://unknown-account/unknown-region' });
    const template = readFileSync(join(run.outdir, 'PetitionsStack-ci.template.json'), 'utf8');
    expect(template).toContain('xinfang-ci-cases');
    expect(template).not.toContain('000000000000');
  }, SYNTH_TIMEOUT_MS);
});

describe('options from context', () => {
  const appWith = (context: Record<string, unknown>) => new App({ context });

  it('defaults to the dev stage and the repository configuration', () => {
    expect(optionsFromContext(appWith({}), {})).toEqual({ stage: 'dev', provinceConfigPath: 'config/province.yaml' });
  });

  it('binds the stack to an account and region only when both are known', () => {
    expect(optionsFromContext(appWith({}), { CDK_DEFAULT_REGION: 'eu-west-1' }).env).toBeUndefined();
    expect(optionsFromContext(appWith({}), { CDK_DEFAULT_ACCOUNT: '111122223333', CDK_DEFAULT_REGION: 'eu-west-1' }).env).toEqual({
      account: '111122223333',
      region: 'eu-west-1',
    });
    expect(optionsFromContext(appWith({ account: '444455556666', region: 'us-east-1' }), { CDK_DEFAULT_ACCOUNT: '111122223333', CDK_DEFAULT_REGION: 'eu-west-1' }).env).toEqual({
      account: '444455556666',
      region: 'us-east-1',
    });
  });

  it('rejects a stage that cannot be part of resource names, and an unknown log level', () => {
    expect(() => optionsFromContext(appWith({ stage: 'Prod_1' }), {})).toThrow(/stage "Prod_1"/);
    expect(() => optionsFromContext(appWith({ logLevel: 'TRACE' }), {})).toThrow(/logLevel "TRACE"/);
    expect(optionsFromContext(appWith({ stage: 'prod', logLevel: 'WARN', alarmEmail: 'ops@petitions.example' }), {})).toMatchObject({
      stage: 'prod',
      logLevel: 'WARN',
      alarmEmail: 'ops@petitions.example',
    });
  });
});
