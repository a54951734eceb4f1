import { describe, expect, it } from 'vitest';
import { learnFromDecision, type DecidedRequest } from '../../shared/app/routing/learn-routing.js';
import type { RoutingExample, RoutingModels } from '../../shared/app/routing/routing-models.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import type { Case } from '../../shared/domain/case.js';
import type { DepartmentCounts } from '../../shared/domain/routing-model.js';
import { reviewsVocabulary, VOCABULARY_KEPT, VOCABULARY_LIMIT, VOCABULARY_REVIEW_EVERY, wordsToForget } from '../../shared/domain/routing-model.js';

const vocabulary = (size: number, countOf: (i: number) => number) => new Map<string, number>(Array.from({ length: size }, (_, i) => [`词${String(i).padStart(5, '0')}`, countOf(i)]));

describe('a department’s vocabulary kept within its limit', () => {
  it('forgets nothing within the limit', () => {
    expect(wordsToForget(vocabulary(VOCABULARY_LIMIT, () => 1))).toEqual([]);
  });

  it('past it, forgets the least counted words down to what it keeps, and never a word counted more than one it keeps', () => {
    // Every tenth word was seen 7 times, the rest once or twice.
    const words = vocabulary(VOCABULARY_LIMIT + 1, (i) => (i % 10 === 0 ? 7 : 1 + (i % 2)));
    const forgotten = wordsToForget(words);
    expect(forgotten).toHaveLength(VOCABULARY_LIMIT + 1 - VOCABULARY_KEPT);
    const gone = new Set(forgotten.map((f) => f.word));
    const keptCounts = [...words].filter(([w]) => !gone.has(w)).map(([, c]) => c);
    expect(Math.max(...forgotten.map((f) => f.count))).toBeLessThanOrEqual(Math.min(...keptCounts));
    expect(forgotten.every((f) => f.count === words.get(f.word))).toBe(true);
    // The words seen seven times all stay.
    expect(forgotten.some((f) => f.count === 7)).toBe(false);
  });

  it('looks at the vocabulary on about one decision in VOCABULARY_REVIEW_EVERY, the same decision every time', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `6a1f3a52-0c1e-4a55-9a7e-${String(i).padStart(12, '0')}`);
    const looked = ids.filter(reviewsVocabulary).length;
    expect(looked).toBeGreaterThan(10_000 / VOCABULARY_REVIEW_EVERY / 2);
    expect(looked).toBeLessThan((10_000 / VOCABULARY_REVIEW_EVERY) * 2);
    expect(ids.filter(reviewsVocabulary)).toEqual(ids.filter(reviewsVocabulary));
  });
});

describe('learning a decision that is the one to look', () => {
  const province = loadProvinceConfig('config/province.yaml');
  const decided = { caseNumber: '330122-2026-000031', subject: '讨要工钱', matter: '服装厂老板三个月没发钱。' } as Case;
  const decisionId = Array.from({ length: 1_000 }, (_, i) => `decision-${i}`).find(reviewsVocabulary)!;
  const request: DecidedRequest = { caseNumber: decided.caseNumber, reason: 'decided', decision: { id: decisionId, office: '330122', lead: '330122-hrss', at: '2026-12-01T02:00:00.000Z' } };

  function models(size: number) {
    const forgets: { department: string; words: number; examples: number }[] = [];
    const counts: DepartmentCounts = { department: 'humanResourcesSocialSecurity', examples: 812, wordTotal: 20_000, words: vocabulary(size, (i) => 1 + (i % 3)) };
    const fake: RoutingModels = {
      load: async () => ({ jurisdiction: '330122', departments: [counts] }),
      learn: async (_example: RoutingExample) => true,
      department: async () => counts,
      forget: async (_office, department, words, examples) => {
        forgets.push({ department, words: words.length, examples });
        return words.length;
      },
    };
    return { fake, forgets };
  }
  // Characters for words: what is learned does not matter here, only what is forgotten.
  const segmenter = { segment: (text: string) => ({ words: [...text], boundaries: new Set<number>() }) };

  it('forgets the department’s rarest words when it is past the limit, on condition of the examples it read', async () => {
    const { fake, forgets } = models(VOCABULARY_LIMIT + 250);
    const outcome = await learnFromDecision({ store: { getCaseRecord: async () => decided }, province, models: fake, segmenter }, request);
    expect(outcome).toMatchObject({ outcome: 'learned', department: 'humanResourcesSocialSecurity', forgotten: VOCABULARY_LIMIT + 250 - VOCABULARY_KEPT });
    expect(forgets).toEqual([{ department: 'humanResourcesSocialSecurity', words: VOCABULARY_LIMIT + 250 - VOCABULARY_KEPT, examples: 812 }]);
  });

  it('forgets nothing within the limit', async () => {
    const { fake, forgets } = models(VOCABULARY_LIMIT);
    const outcome = await learnFromDecision({ store: { getCaseRecord: async () => decided }, province, models: fake, segmenter }, request);
    expect(outcome).not.toHaveProperty('forgotten');
    expect(forgets).toEqual([]);
  });
});
