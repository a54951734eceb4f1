import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * One change pipeline (docs/storage.md): every change of a case is read,
 * decided and stored as one transaction by commitCaseChange, and a lost race
 * is retried there and nowhere else. A second retry loop, or a use case that
 * stores through the port directly, would bring back what the outbox removed
 * (letters sent or lost apart from the write, retries that disagree). These
 * checks read the source tree, so they fail naming the file that does it.
 */

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const PIPELINE = 'shared/app/change-case.ts';
const SOURCE_DIRS = ['shared', 'functions', 'local', 'infra', 'scripts'];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path.split(sep).join('/')] : [];
  });
}

const files = SOURCE_DIRS.flatMap(sourceFiles).map((path) => ({ path, text: readFileSync(join(ROOT, path), 'utf8') }));
const outsideAdapters = files.filter((f) => !f.path.startsWith('shared/adapters/'));

/** A counted retry loop: `for (let attempt …` (or tries/retries). */
const RETRY_LOOP = /\bfor\s*\(\s*let\s+(attempts?|tries|retries)\b/;
const CAUGHT_CONFLICT = /\bVersionConflict\b/;
/** A call of the store's commit (`store.commit(`, `deps.store.commit(`, `this.store.commit(` …). */
const STORE_COMMIT = /\.commit\s*\(/;

describe('one change pipeline', () => {
  it('finds the pipeline itself (so the checks below cannot pass by matching nothing)', () => {
    const pipeline = files.find((f) => f.path === PIPELINE);
    expect(pipeline, `${PIPELINE} not found under ${relative(process.cwd(), ROOT) || '.'}`).toBeDefined();
    expect(RETRY_LOOP.test(pipeline!.text) && CAUGHT_CONFLICT.test(pipeline!.text), `${PIPELINE} no longer has its retry loop on VersionConflict`).toBe(true);
    expect(STORE_COMMIT.test(pipeline!.text), `${PIPELINE} no longer calls the store's commit`).toBe(true);
  });

  it('retries a case change that lost a race in one place: commitCaseChange', () => {
    const offenders = outsideAdapters.filter((f) => f.path !== PIPELINE && RETRY_LOOP.test(f.text) && CAUGHT_CONFLICT.test(f.text)).map((f) => f.path);
    expect(offenders, `a retry loop around VersionConflict outside ${PIPELINE} (use commitCaseChange): ${offenders.join(', ')}`).toEqual([]);
  });

  it('stores a case change only through commitCaseChange', () => {
    const offenders = outsideAdapters.filter((f) => f.path !== PIPELINE && STORE_COMMIT.test(f.text)).map((f) => f.path);
    expect(offenders, `the store's commit called outside ${PIPELINE} (use commitCaseChange): ${offenders.join(', ')}`).toEqual([]);
  });
});
