import type { Category } from '../case.js';
import { DEPARTMENT_LABELS, type DepartmentKind } from '../department.js';
import type { JurisdictionNode, JurisdictionTree } from '../jurisdiction.js';
import { findTerms } from './text.js';
import type { RoutingRule } from './types.js';
import { findWords, type WordSegmenter } from './words.js';

/** A keyword in the subject line counts this many times as one in the text. */
export const SUBJECT_WEIGHT = 2;
/** A letter that repeats one word ten times is about it, but not ten times more: occurrences count up to this, per field. */
export const MAX_HITS_PER_KEYWORD = 3;
/** The lead needs at least this score to be confident (two plain hits, or one in the subject). */
export const MIN_LEAD_SCORE = 2;
/** …and at least this many times the runner-up's score ("beats it clearly"). */
export const CLEAR_LEAD_RATIO = 1.5;
/** A cooperating department needs at least half the lead's score, and at least this. */
export const MIN_COOPERATING_SCORE = 2;

export interface DepartmentScore {
  department: DepartmentKind;
  score: number;
  /** The keywords that scored, in the order first found. */
  keywords: string[];
}

export interface DepartmentChoice {
  /** Departments with a score above zero, highest first (ties in rule order). */
  scores: DepartmentScore[];
  lead?: DepartmentKind;
  cooperating: DepartmentKind[];
  /**
   * Whether the lead can be assigned without staff: its score is at least
   * MIN_LEAD_SCORE and at least CLEAR_LEAD_RATIO times the runner-up's (so a tie never is).
   */
  confident: boolean;
  /** The case's category, else the category of the lead's first matching rule that names one. */
  category?: Category;
  /** The category the lead's first matching rule implies (impliesCategory), for a case nothing else classes. */
  impliedCategory?: Category;
  reason: string;
}

/**
 * Departmental routing (谁主管、谁负责): scores each department by the rule
 * keywords found in the petition. The text is segmented by forward maximum
 * matching over all keywords (拖欠工资 is one hit, not also 工资); a keyword
 * scores once per occurrence (at most MAX_HITS_PER_KEYWORD), double in the
 * subject. Negation is deliberately ignored: 没有发工资 is a wage matter.
 * A rule with a category applies only to cases of that category or of none.
 * With a `segmenter`, a keyword counts only as whole words (工地 is not in
 * 施工地点, 工资 is in 拖欠工资); without one, as a substring.
 */
export function chooseDepartments(
  input: { subject?: string; text: string; category?: Category },
  rules: readonly RoutingRule[],
  segmenter?: WordSegmenter,
): DepartmentChoice {
  const applicable = rules.filter((rule) => !(input.category && rule.category && rule.category !== input.category));
  const departmentsOf = new Map<string, DepartmentKind[]>();
  const order: DepartmentKind[] = [];
  for (const rule of applicable) {
    if (!order.includes(rule.department)) order.push(rule.department);
    for (const keyword of rule.keywords) {
      const departments = departmentsOf.get(keyword) ?? [];
      if (!departments.includes(rule.department)) departments.push(rule.department);
      departmentsOf.set(keyword, departments);
    }
  }

  const tally = new Map<DepartmentKind, DepartmentScore>();
  const hitKeywords = new Set<string>();
  const count = (text: string, weight: number) => {
    const occurrences = new Map<string, number>();
    const hits = segmenter ? findWords(text, departmentsOf.keys(), segmenter.segment(text)) : findTerms(text, departmentsOf.keys());
    for (const hit of hits) occurrences.set(hit.term, (occurrences.get(hit.term) ?? 0) + 1);
    for (const [keyword, n] of occurrences) {
      hitKeywords.add(keyword);
      for (const department of departmentsOf.get(keyword) ?? []) {
        const entry = tally.get(department) ?? { department, score: 0, keywords: [] };
        entry.score += weight * Math.min(n, MAX_HITS_PER_KEYWORD);
        if (!entry.keywords.includes(keyword)) entry.keywords.push(keyword);
        tally.set(department, entry);
      }
    }
  };
  if (input.subject) count(input.subject, SUBJECT_WEIGHT);
  count(input.text, 1);

  const scores = [...tally.values()].sort((a, b) => b.score - a.score || order.indexOf(a.department) - order.indexOf(b.department));
  const [first, second] = scores;
  if (!first) {
    return { scores, cooperating: [], confident: false, ...categoryOf(input.category), reason: '未匹配到归口关键词。' };
  }
  const runnerUp = second?.score ?? 0;
  const confident = first.score >= MIN_LEAD_SCORE && first.score > runnerUp && first.score >= CLEAR_LEAD_RATIO * runnerUp;
  const cooperating = scores
    .slice(1)
    .filter((s) => s.score >= MIN_COOPERATING_SCORE && s.score >= first.score / 2)
    .map((s) => s.department);
  const ruleCategory = applicable.find(
    (rule) => rule.department === first.department && rule.category && rule.keywords.some((k) => hitKeywords.has(k)),
  )?.category;
  const impliedCategory = applicable.find(
    (rule) => rule.department === first.department && rule.impliesCategory && rule.keywords.some((k) => hitKeywords.has(k)),
  )?.impliesCategory;

  const named = (kind: DepartmentKind | undefined) => (kind ? DEPARTMENT_LABELS[kind] : '');
  const hits = scores.map((s) => `关键词${s.keywords.join('、')} → ${named(s.department)}（${s.score}分）`);
  let verdict: string;
  if (confident) {
    verdict = second
      ? `主办${named(first.department)}：${first.score}分，不低于${MIN_LEAD_SCORE}分，且不低于第二位${named(second.department)}（${second.score}分）的${CLEAR_LEAD_RATIO}倍`
      : `主办${named(first.department)}：${first.score}分，不低于${MIN_LEAD_SCORE}分，无其他部门`;
  } else if (first.score < MIN_LEAD_SCORE) {
    verdict = `把握不足：最高${first.score}分，低于${MIN_LEAD_SCORE}分`;
  } else if (second && second.score === first.score) {
    verdict = `把握不足：${named(first.department)}与${named(second.department)}同为${first.score}分`;
  } else {
    verdict = `把握不足：${named(first.department)}（${first.score}分）未明显领先${named(second?.department)}（${runnerUp}分；需不低于${CLEAR_LEAD_RATIO * runnerUp}分）`;
  }
  if (cooperating.length > 0) verdict += `；协办${cooperating.map(named).join('、')}`;
  return {
    scores,
    lead: first.department,
    cooperating,
    confident,
    ...categoryOf(input.category ?? ruleCategory),
    ...(impliedCategory ? { impliedCategory } : {}),
    reason: `${hits.join('；')}；${verdict}。`,
  };
}

function categoryOf(category: Category | undefined): { category?: Category } {
  return category ? { category } : {};
}

/**
 * The unit of a department kind that handles matters of `jurisdiction`: its
 * own, else the nearest ancestor's ("the lowest level able to handle it").
 * With `able`, only a unit it accepts counts (one with staff in the system to work the case).
 */
export function unitFor(
  kind: DepartmentKind,
  jurisdiction: string,
  tree: JurisdictionTree<JurisdictionNode>,
  unitsOf: (code: string) => readonly { id: string; department: DepartmentKind }[],
  able: (unit: string) => boolean = () => true,
): { unit: string; jurisdiction: string } | undefined {
  for (const code of [jurisdiction, ...tree.ancestors(jurisdiction).map((node) => node.code)]) {
    const unit = unitsOf(code).find((u) => u.department === kind && able(u.id));
    if (unit) return { unit: unit.id, jurisdiction: code };
  }
  return undefined;
}
