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

/**
 * Words of every petition, whatever its department: the channel (来电, 来信),
 * the petition's own verbs (反映, 希望, 要求), pronouns and adverbs (我们, 一直,
 * 已经), and the places every kind of matter happens in (小区, 政府). The model
 * learns nothing from them and never gives them as a suggestion's basis
 * (依据：希望、反映、小区、来电 says nothing of the department).
 */
const STOP_WORDS: ReadonlySet<string> = new Set([
  // channel and petition boilerplate
  '来电', '来信', '来访', '来人', '致电', '电话', '网上', '信访', '信访人', '上访', '投诉', '反映', '反应', '希望', '要求', '请求', '恳请', '诉求',
  '问题', '情况', '事情', '事项', '处理', '解决', '落实', '答复', '回复', '协调', '关注', '重视', '帮助', '帮忙', '调查', '核实', '相关', '有关', '部门',
  '领导', '政府', '群众', '本人', '市民', '居民', '小区', '附近', '周边', '现在', '目前', '至今', '一直', '已经', '多次', '很多', '非常', '严重', '影响',
  '谢谢', '感谢', '麻烦', '尽快', '及时', '依法', '给予', '予以', '进行', '存在', '发现', '出现', '导致', '造成', '没有', '不能', '不会', '可以', '能够',
  '需要', '应该', '必须', '我们', '他们', '你们', '自己', '大家', '这个', '那个', '这些', '那些', '什么', '怎么', '为什么', '如何', '这样', '那样', '一个',
  '一些', '时候', '因为', '所以', '但是', '而且', '并且', '如果', '还是', '或者', '以及', '然后', '之后', '以后', '之前', '以前', '今年', '去年', '当时',
]);

/** The distinct content words of a text, in first-seen order: each counts once per petition, however often it repeats; no STOP_WORDS. */
export function contentWords(words: readonly string[]): string[] {
  return [...new Set(words.filter((w) => CONTENT_WORD.test(w) && !STOP_WORDS.has(w)))];
}
