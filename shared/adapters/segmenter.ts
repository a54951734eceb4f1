import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import type { SegmentedText, WordSegmenter } from '../domain/routing/words.js';

/**
 * Chinese word segmentation by jieba (@node-rs/jieba: the Rust jieba-rs with
 * its standard dictionary, a native module). The dictionary takes about half
 * a second to load, so it is loaded once per container, on first use.
 */
let jieba: Jieba | undefined;
const instance = (): Jieba => (jieba ??= Jieba.withDict(dict));

/** Words longer than this may hold dictionary words of their own (拖欠工资 → 拖欠, 工资). */
const COMPOUND_LENGTH = 2;

export const jiebaSegmenter: WordSegmenter = {
  segment(text: string): SegmentedText {
    const segmenter = instance();
    // No HMM: unknown runs of characters stay apart rather than being guessed into words ("我在"), and the result is the dictionary's alone.
    const words = segmenter.cut(text, false);
    const boundaries = new Set<number>([0]);
    let at = 0;
    for (const word of words) {
      if (word.length > COMPOUND_LENGTH) {
        for (const part of segmenter.cutForSearch(word, false)) {
          const inner = part.length < word.length ? word.indexOf(part) : -1;
          if (inner >= 0) boundaries.add(at + inner).add(at + inner + part.length);
        }
      }
      at += word.length;
      boundaries.add(at);
    }
    return { words, boundaries };
  },
};
