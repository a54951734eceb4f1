/** Small text helpers shared by the routing rules (Chinese text, no word spaces). */

export interface TermHit {
  term: string;
  start: number;
  end: number;
}

/**
 * Finds the terms in a text the way forward maximum matching segments Chinese:
 * longer terms win, and each character belongs to at most one term, so 拖欠工资
 * is one hit (not 拖欠工资 and 工资) and 偷排污水 is 偷排 + 污水 (not also 排污).
 * Hits are returned in text order.
 */
export function findTerms(text: string, terms: Iterable<string>): TermHit[] {
  const all: TermHit[] = [];
  for (const term of new Set(terms)) {
    if (term === '') continue;
    for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) {
      all.push({ term, start: at, end: at + term.length });
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

/** Sentence ends: a report names the accused in the same sentence as 举报. */
const SENTENCE_END = /[。！？!?；;\n]+/;
/** Clause ends: a negation does not reach across a comma ("没有办法，只能起诉"). */
export const CLAUSE_END = /[，,。！？!?；;：:\n]/;

export function sentences(text: string): string[] {
  return text.split(SENTENCE_END).filter((s) => s.trim() !== '');
}

/** Words that take back what follows in the same clause: 没有起诉, 未申请仲裁, 不想打官司. */
export const NEGATIONS = ['没有', '没', '尚未', '并未', '从未', '未', '不想', '不愿', '不打算', '不准备', '不会', '无法', '不能', '不敢', '不用', '无需', '不必', '放弃'];
/** Words that make what follows an intention or a threat, not a fact: 准备起诉, 可以申请行政复议, 再不解决我就去起诉. */
export const INTENTIONS = ['想', '准备', '打算', '拟', '考虑', '是否', '要不要', '能否', '可否', '可以', '建议', '应该', '应当', '需要', '如何', '怎么', '怎样', '要', '就去', '会去', '将会', '咨询'];
/** A completion marker after the negation means the negation was about something else: 工资没发我申请了劳动仲裁. */
const COMPLETED = /[了已]/;

/**
 * Whether one of `words` stands before position `at` in the same clause,
 * ending at most `window` characters before it, with no completion marker between.
 */
export function precededBy(text: string, at: number, words: readonly string[], window = 8): boolean {
  let from = Math.max(0, at - window);
  for (let i = at - 1; i >= from; i--) {
    if (CLAUSE_END.test(text[i]!)) {
      from = i + 1;
      break;
    }
  }
  const before = text.slice(from, at);
  let last = -1;
  for (const word of words) {
    const found = before.lastIndexOf(word);
    if (found >= 0) last = Math.max(last, found + word.length);
  }
  return last >= 0 && !COMPLETED.test(before.slice(last));
}
