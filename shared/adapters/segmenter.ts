import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import type { SegmentedText, WordSegmenter } from '../domain/routing/words.js';

/**
 * Chinese word segmentation by jieba (@node-rs/jieba: the Rust jieba-rs with
 * its standard dictionary, a native module). The configured routing keywords
 * are added to the dictionary, so the office's own vocabulary is cut as it
 * reads it: 偷排污水 is 偷排 + 污水, not the dictionary's 偷 + 排污 + 水. The
 * dictionary takes about half a second to load: once per container and
 * vocabulary, on first use.
 */
const instances = new Map<string, Jieba>();

/** The weight of a keyword jieba's dictionary lacks: an ordinary word's, so it is kept whole without taking over the words around it. */
const KEYWORD_FREQUENCY = 2_000;

/** Words longer than this may hold dictionary words of their own (拖欠工资 → 拖欠, 工资). */
const COMPOUND_LENGTH = 2;

function instanceFor(vocabulary: readonly string[]): Jieba {
  const key = [...new Set(vocabulary)].sort().join('\n');
  let jieba = instances.get(key);
  if (!jieba) {
    jieba = Jieba.withDict(dict);
    // Only the words the dictionary lacks: re-adding one would replace its measured frequency (户口 would then take 住户口角 apart).
    const known = new Set(new TextDecoder().decode(dict).split('\n').map((line) => line.slice(0, line.indexOf(' '))));
    const missing = key ? key.split('\n').filter((word) => !known.has(word)) : [];
    if (missing.length) jieba.loadDict(Buffer.from(missing.map((word) => `${word} ${KEYWORD_FREQUENCY}`).join('\n')));
    instances.set(key, jieba);
  }
  return jieba;
}

/** A segmenter that knows `vocabulary` (the province's routing keywords: keywordVocabulary) besides jieba's dictionary. */
export function jiebaSegmenter(vocabulary: readonly string[] = []): WordSegmenter {
  let jieba: Jieba | undefined;
  return {
    segment(text: string): SegmentedText {
      const segmenter = (jieba ??= instanceFor(vocabulary));
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
}
