import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { CASE_STATUSES } from '../../shared/domain/case.js';
import { InvalidTransition } from '../../shared/domain/errors.js';
import { ACTION_LABELS, STATUS_LABELS } from '../../shared/domain/labels.js';
import { CASE_ACTIONS } from '../../shared/domain/lifecycle.js';

/**
 * Every refusal staff can read says itself in Chinese (DomainError.chinese,
 * answered as messageZh): a refusal thrown without `.inChinese(…)` would show
 * the console's staff an English sentence. This check reads the source tree
 * (shared/, functions/) and names each throw site that leaves it out.
 */

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const SOURCE_DIRS = ['shared', 'functions'];

/** Refusals whose words are the throw site's: each needs its Chinese there. */
const SAID_AT_THE_SITE = new Set(['RuleViolation', 'OutOfScope', 'InvalidInput', 'TooManyRequests', 'AttachmentTooLarge', 'IdempotencyKeyReused', 'Unauthenticated']);
/** Refusals whose constructor says them (InvalidTransition without a reason, CaseNotFound, ReceptionFull…): their constructor sets `this.chinese`. */
const SAID_BY_THE_CONSTRUCTOR_EXCEPT = new Set(['InvalidTransition', 'InvalidInput']);

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && !entry.name.endsWith('.test.ts') ? [path.split(sep).join('/')] : [];
  });
}

const sources = SOURCE_DIRS.flatMap(sourceFiles).map((path) => ts.createSourceFile(path, readFileSync(join(ROOT, path), 'utf8'), ts.ScriptTarget.Latest, true));

function walk(node: ts.Node, visit: (node: ts.Node) => void): void {
  visit(node);
  ts.forEachChild(node, (child) => walk(child, visit));
}

/** The methods called on the new error in the same expression: `new X(…).inChinese(…).about(…)` → inChinese, about. */
function chainedCalls(node: ts.NewExpression): string[] {
  const names: string[] = [];
  let at: ts.Node = node;
  for (;;) {
    const parent: ts.Node = at.parent;
    if (ts.isPropertyAccessExpression(parent) && parent.expression === at) names.push(parent.name.text);
    else if (!(ts.isCallExpression(parent) && parent.expression === at) && !ts.isParenthesizedExpression(parent)) return names;
    at = parent;
  }
}

const where = (source: ts.SourceFile, node: ts.Node) => `${source.fileName}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;

/** `new RuleViolation(…)` and the like, and `new InvalidTransition(action, from, reason)`, without `.inChinese(`. */
export function refusalsWithoutChinese(files: readonly ts.SourceFile[]): string[] {
  const missing: string[] = [];
  for (const source of files) {
    walk(source, (node) => {
      if (!ts.isNewExpression(node) || !ts.isIdentifier(node.expression)) return;
      const name = node.expression.text;
      const withReason = name === 'InvalidTransition' && (node.arguments?.length ?? 0) >= 3;
      if (!SAID_AT_THE_SITE.has(name) && !withReason) return;
      if (!chainedCalls(node).includes('inChinese')) missing.push(`${where(source, node)} new ${name}(…) without .inChinese(…)`);
    });
  }
  return missing;
}

/** Domain error classes with a constructor of their own that does not set `this.chinese`. */
function constructorsWithoutChinese(files: readonly ts.SourceFile[]): string[] {
  const missing: string[] = [];
  for (const source of files) {
    walk(source, (node) => {
      if (!ts.isClassDeclaration(node) || !node.name || SAID_BY_THE_CONSTRUCTOR_EXCEPT.has(node.name.text)) return;
      const base = node.heritageClauses?.flatMap((clause) => clause.types.map((type) => type.expression.getText(source)))[0];
      if (base === undefined || !/^(DomainError|OutOfScope|RuleViolation)$/.test(base)) return;
      const constructor = node.members.find(ts.isConstructorDeclaration);
      if (constructor && !constructor.getText(source).includes('this.chinese')) missing.push(`${where(source, constructor)} ${node.name.text}'s constructor sets no this.chinese`);
    });
  }
  return missing;
}

describe('every refusal says itself in Chinese', () => {
  it('finds the throw sites (so the check cannot pass by matching nothing)', () => {
    let sites = 0;
    for (const source of sources) walk(source, (node) => void (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && SAID_AT_THE_SITE.has(node.expression.text) && sites++));
    expect(sites).toBeGreaterThan(100);
  });

  it('gives each RuleViolation, OutOfScope, InvalidTransition with a reason (and the other refusals worded at the site) its Chinese', () => {
    expect(refusalsWithoutChinese(sources)).toEqual([]);
  });

  it('gives each domain error that words itself its Chinese in the constructor', () => {
    expect(constructorsWithoutChinese(sources)).toEqual([]);
  });

  it('fails on a refusal without Chinese, and passes it with', () => {
    const parse = (text: string) => ts.createSourceFile('shared/domain/example.ts', text, ts.ScriptTarget.Latest, true);
    const bare = parse("if (x) throw new RuleViolation('an extension needs a reason').about('reason');\nthrow new InvalidTransition('archive', c.status, 'the case is archived');");
    expect(refusalsWithoutChinese([bare])).toEqual([
      'shared/domain/example.ts:1 new RuleViolation(…) without .inChinese(…)',
      'shared/domain/example.ts:2 new InvalidTransition(…) without .inChinese(…)',
    ]);
    const said = parse(
      "if (x) throw new RuleViolation('an extension needs a reason').inChinese('申请延期需要说明理由').about('reason');\nthrow new InvalidTransition(action, c.status);\nconst refuse = () => new OutOfScope('no').inChinese('无权');",
    );
    expect(refusalsWithoutChinese([said])).toEqual([]);
  });
});

describe('an InvalidTransition without a reason says the status and the action in Chinese', () => {
  const actions = Object.keys(ACTION_LABELS);

  it('names every lifecycle action and status', () => {
    expect(CASE_ACTIONS.filter((action) => !actions.includes(action))).toEqual([]);
    expect(CASE_STATUSES.filter((status) => !(status in STATUS_LABELS))).toEqual([]);
  });

  it('names every action an InvalidTransition is thrown for in shared/ and functions/', () => {
    const named = new Set<string>();
    for (const source of sources) {
      walk(source, (node) => {
        if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'InvalidTransition') {
          const action = node.arguments?.[0];
          if (action && ts.isStringLiteral(action)) named.add(action.text);
        }
      });
    }
    expect(named.size).toBeGreaterThan(10);
    expect([...named].filter((action) => !actions.includes(action))).toEqual([]);
  });

  it('has no English left for any action and status', () => {
    for (const action of actions) {
      for (const status of CASE_STATUSES) {
        const chinese = new InvalidTransition(action, status).chinese!;
        expect(chinese).toBe(`该信访事项当前状态为“${STATUS_LABELS[status]}”，不能${ACTION_LABELS[action as keyof typeof ACTION_LABELS]}`);
        expect(chinese, `${action} from ${status}`).not.toMatch(/[A-Za-z]{3,}/);
      }
    }
  });

  it('reads as an office says it: 不予受理 cannot be 受理, 已归档 cannot be 答复', () => {
    expect(new InvalidTransition('accept', 'declined').chinese).toBe('该信访事项当前状态为“不予受理”，不能受理');
    expect(new InvalidTransition('reply', 'archived').chinese).toBe('该信访事项当前状态为“已归档”，不能答复');
  });

  it('says something plain for an action or status it has no name for, still without English', () => {
    expect(new InvalidTransition('somethingNew', 'accepted').chinese).toBe('该信访事项当前状态为“已受理”，不允许此项操作');
    expect(new InvalidTransition('accept', 'somewhereNew').chinese).toBe('该信访事项当前的状态不能受理');
  });

  it('leaves a reason to its throw site: no Chinese is made up from the action', () => {
    expect(new InvalidTransition('archive', 'closed', 'the petitioner may still ask for a review').chinese).toBeUndefined();
  });
});
