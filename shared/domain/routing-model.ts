import type { DepartmentKind } from './department.js';

/**
 * The learned routing model of one office (per jurisdiction level): a
 * multinomial naive Bayes over the content words of the petitions its staff
 * routed from the triage list, one set of counts per department kind. Small
 * and explainable: the words that weighed most are the reason given.
 */

/** What one department has learned: how many petitions, how many words in them, and each word's count. */
export interface DepartmentCounts {
  department: DepartmentKind;
  examples: number;
  wordTotal: number;
  words: ReadonlyMap<string, number>;
}

export interface RoutingModel {
  /** The office whose decisions taught it. */
  jurisdiction: string;
  departments: readonly DepartmentCounts[];
}

/** The learned model's suggestion, shown to staff on a case in the triage list (case.triage.suggestion). */
export interface RoutingSuggestion extends ModelSuggestion {
  /** The unit of that department that would lead, at or below the office. */
  unit: string;
}

export interface ModelSuggestion {
  department: DepartmentKind;
  /** The posterior probability of that department, 0–1. */
  confidence: number;
  /** The petition's words that weighed most for it against the runner-up, strongest first. */
  words: string[];
  /** How many decided petitions the model has learned from. */
  examples: number;
}

/** Laplace smoothing: a word a department never saw is unlikely there, not impossible. */
const SMOOTHING = 1;
/** A petition teaches at most this many words (the DynamoDB update expression stays small; the first words carry the matter). */
export const MAX_WORDS_PER_EXAMPLE = 120;
/**
 * A department is suggested (or assigned) only once staff have sent it at
 * least this many petitions: from one or two, its "words" are those letters'
 * names, villages and estates, and the posterior says which letter the new
 * one shares a place with, not which department handles it.
 */
export const MIN_DEPARTMENT_EXAMPLES_TO_SUGGEST = 3;
/** Words named as the reason. */
export const REASON_WORDS = 5;
/**
 * Naive Bayes multiplies the evidence of every word as if each were
 * independent, so its posteriors crowd at 0 and 1. Dividing the log-odds by
 * this makes a confidence of 0.9 mean roughly what it says on petitions of
 * ordinary length (tuned on the routing benchmark's training split).
 */
export const EVIDENCE_TEMPERATURE = 2;

export const emptyModel = (jurisdiction: string): RoutingModel => ({ jurisdiction, departments: [] });

/** The words one petition teaches: its distinct content words, at most MAX_WORDS_PER_EXAMPLE. */
export function exampleWords(contentWords: readonly string[]): string[] {
  return [...new Set(contentWords)].slice(0, MAX_WORDS_PER_EXAMPLE);
}

export const examplesOf = (model: RoutingModel): number => model.departments.reduce((n, d) => n + d.examples, 0);

/**
 * A department's vocabulary grows with every decided petition — names of
 * people, villages and firms most of all, each seen once — and its counts are
 * one stored item, read whole for every petition the rules leave to staff
 * (docs/storage.md "Routing models"). Past VOCABULARY_LIMIT words it forgets
 * its rarest down to VOCABULARY_KEPT: a word seen once or twice moves the
 * naive Bayes posterior least, and the item stays far below DynamoDB's 400 KB.
 */
export const VOCABULARY_LIMIT = 5_000;
export const VOCABULARY_KEPT = 4_000;
/** One learned decision in this many looks at its department's vocabulary (chosen by the decision's id, so a redelivery looks again). */
export const VOCABULARY_REVIEW_EVERY = 25;

/** Whether learning this decision is the moment to look at its department's vocabulary: about one in VOCABULARY_REVIEW_EVERY, by a hash of its id. */
export function reviewsVocabulary(exampleId: string): boolean {
  // FNV-1a: stable and spread out; nothing secret about the choice.
  let hash = 0x811c9dc5;
  for (let i = 0; i < exampleId.length; i++) hash = Math.imul(hash ^ exampleId.charCodeAt(i), 0x01000193) >>> 0;
  return hash % VOCABULARY_REVIEW_EVERY === 0;
}

/** The words a department forgets to come back within its limit: none within it, else the least counted (ties by word) down to `kept`. */
export function wordsToForget(words: ReadonlyMap<string, number>, limit = VOCABULARY_LIMIT, kept = VOCABULARY_KEPT): { word: string; count: number }[] {
  if (words.size <= limit) return [];
  return [...words]
    .sort(([a, countA], [b, countB]) => countA - countB || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, words.size - kept)
    .map(([word, count]) => ({ word, count }));
}

/** The model after one more decided petition (the in-memory twin of the store's conditional update). */
export function learnExample(model: RoutingModel, department: DepartmentKind, contentWords: readonly string[]): RoutingModel {
  const words = exampleWords(contentWords);
  const existing = model.departments.find((d) => d.department === department);
  const counts = new Map(existing?.words ?? []);
  for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
  const updated: DepartmentCounts = {
    department,
    examples: (existing?.examples ?? 0) + 1,
    wordTotal: (existing?.wordTotal ?? 0) + words.length,
    words: counts,
  };
  return { ...model, departments: [...model.departments.filter((d) => d.department !== department), updated] };
}

const vocabularies = new WeakMap<RoutingModel, number>();
function vocabularySize(model: RoutingModel): number {
  let size = vocabularies.get(model);
  if (size === undefined) {
    const all = new Set<string>();
    for (const d of model.departments) for (const word of d.words.keys()) all.add(word);
    vocabularies.set(model, (size = all.size));
  }
  return size;
}

/**
 * The department the model would choose for a petition's content words, with
 * its posterior and the words that tipped it. Only words the model has seen
 * count; `eligible` limits the departments (e.g. to those with a unit at or
 * below the office). Undefined when the model knows fewer than two departments
 * or none of the words.
 */
export function suggestDepartment(
  model: RoutingModel,
  contentWords: readonly string[],
  eligible: (department: DepartmentKind) => boolean = () => true,
): ModelSuggestion | undefined {
  const departments = model.departments.filter((d) => d.examples > 0 && eligible(d.department));
  if (departments.length < 2) return undefined;
  const vocabulary = vocabularySize(model);
  const words = [...new Set(contentWords)].filter((w) => departments.some((d) => d.words.has(w)));
  if (words.length === 0) return undefined;
  const total = departments.reduce((n, d) => n + d.examples, 0);
  const logLikelihood = (d: DepartmentCounts, word: string) => Math.log(((d.words.get(word) ?? 0) + SMOOTHING) / (d.wordTotal + SMOOTHING * vocabulary));
  const scored = departments
    .map((d) => ({ d, score: (Math.log(d.examples / total) + words.reduce((sum, w) => sum + logLikelihood(d, w), 0)) / EVIDENCE_TEMPERATURE }))
    .sort((a, b) => b.score - a.score || a.d.department.localeCompare(b.d.department));
  const top = scored[0]!.score;
  const norm = scored.reduce((sum, s) => sum + Math.exp(s.score - top), 0);
  const [first, second] = scored as [(typeof scored)[0], (typeof scored)[0]];
  const reasons = words
    .map((word) => ({ word, weight: logLikelihood(first.d, word) - logLikelihood(second.d, word) }))
    .filter((w) => w.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.word.localeCompare(b.word))
    .slice(0, REASON_WORDS)
    .map((w) => w.word);
  return { department: first.d.department, confidence: 1 / norm, words: reasons, examples: total };
}
