import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { addPetitionsStack, type PetitionsAppOptions } from '../../infra/petitions-app.js';
import { REPO_ROOT } from '../../infra/paths.js';
import type { PetitionsStack } from '../../infra/petitions-stack.js';

/** Synthesis with bundling takes a while on two cores. */
export const SYNTH_TIMEOUT_MS = 180_000;

/** cdk.json's context (feature flags), so tests synthesise what `cdk synth` synthesises. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return cdkJson.context ?? {};
}

/**
 * A fresh app writing into a temp dir (never into the repository's cdk.out).
 * `bundling: false` for tests that assert wiring, not code: the functions are
 * not bundled (no stack listed for bundling, as `cdk synth --exclusively`
 * does), which saves seconds per function on two cores. The template is the
 * same but for the code's asset hashes. petitions-stack.test.ts keeps
 * bundling the deployed registry, and CI's `npm run synth` bundles it again
 * (infra/app.ts), so a function that stops bundling still fails CI.
 */
export function testApp({ bundling = true }: { bundling?: boolean } = {}): App {
  const context = bundling ? cdkJsonContext() : { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] };
  return new App({ outdir: mkdtempSync(join(tmpdir(), 'xinfang-cdk-')), context });
}

export interface Synthesized {
  app: App;
  stack: PetitionsStack;
  template: Template;
}

/** Builds the stage's stack as infra/app.ts does (config loaded and validated) and synthesises it. */
export function synthPetitions(options: Partial<PetitionsAppOptions> = {}, app: App = testApp()): Synthesized {
  const stack = addPetitionsStack(app, { stage: 'test', provinceConfigPath: 'config/province.yaml', ...options });
  return { app, stack, template: Template.fromStack(stack) };
}
