import type { TermHit } from './text.js';

/**
 * A petition's text cut into words by a Chinese segmenter (an adapter:
 * shared/adapters/segmenter.ts). The domain only reads the result.
 */
export interface SegmentedText {
  /** The words in text order (precise mode), punctuation included as it comes. */
  words: readonly string[];
  /**
   * Offsets where a word starts or ends — the precise words' edges plus the
   * edges of dictionary words inside a compound (拖欠工资 → 拖欠|工资), so a
   * keyword may name part of a compound but never straddle two words
   * (工地 is not in 施工|地点).
   */
  boundaries: ReadonlySet<number>;
}

export interface WordSegmenter {
  segment(text: string): SegmentedText;
}

/**
 * The terms found as whole words: a term counts where it starts and ends on
 * word boundaries; among overlapping hits the longer wins, as in findTerms.
 */
export function findWords(text: string, terms: Iterable<string>, segmented: SegmentedText): TermHit[] {
  const all: TermHit[] = [];
  for (const term of new Set(terms)) {
    if (term === '') continue;
    for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) {
      if (segmented.boundaries.has(at) && segmented.boundaries.has(at + term.length)) all.push({ term, start: at, end: at + term.length });
    }
  }
  all.sort((a, b) => b.term.length - a.term.length || a.start - b.start);
  const taken = new Uint8Array(text.length);
  const kept: TermHit[] = [];
  for (const hit of all) {
    if (taken.subarray(hit.start, hit.end).includes(1)) continue;
    taken.fill(1, hit.start, hit.end);
    kept.push(hit);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** A word the model learns from: two or more Han characters (single characters are mostly particles; digits and names of dates say nothing of the department). */
const CONTENT_WORD = /^\p{Script=Han}{2,}$/u;

/** The distinct content words of a text, in first-seen order: each counts once per petition, however often it repeats. */
export function contentWords(words: readonly string[]): string[] {
  return [...new Set(words.filter((w) => CONTENT_WORD.test(w)))];
}
