import { describe, expect, it } from 'vitest';
import { answerChallenge, answerHash, chineseDigit, issueChallenge, newChallengeQuestion, normaliseAnswer } from '../../shared/app/portal-challenge.js';
import type { PortalChallenges } from '../../shared/app/ports.js';

const DIGITS = '一二三四五六七八九';

/** Works a question out from its words alone, as a citizen would. */
function solve(question: string): string {
  const m = /^([一二三四五六七八九])(加|减)([一二三四五六七八九])等于几？$/.exec(question);
  if (!m) throw new Error(`not a question of the form: ${question}`);
  const [a, b] = [DIGITS.indexOf(m[1]!) + 1, DIGITS.indexOf(m[3]!) + 1];
  return String(m[2] === '加' ? a + b : a - b);
}

/** A table of one's own: challenges kept until taken once. */
function memoryChallenges(): PortalChallenges & { kept: Map<string, { answerHash: string; expiresAt: number }> } {
  const kept = new Map<string, { answerHash: string; expiresAt: number }>();
  return {
    kept,
    putChallenge: async (id, hash, expiresAt) => void kept.set(id, { answerHash: hash, expiresAt }),
    takeChallenge: async (id, now) => {
      const found = kept.get(id);
      kept.delete(id);
      return found && found.expiresAt > now ? found.answerHash : undefined;
    },
  };
}

describe('the surge challenge: question and answer', () => {
  it('writes 1 to 9 in Chinese numerals and nothing else', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map(chineseDigit).join('')).toBe(DIGITS);
    expect(() => chineseDigit(0)).toThrow(RangeError);
    expect(() => chineseDigit(10)).toThrow(RangeError);
  });

  it('asks a sum, or a difference never below one, in words, with its answer as digits', () => {
    // Every pick of the two numbers and the operation.
    for (let a = 1; a <= 9; a++) {
      for (let b = 1; b <= 9; b++) {
        for (const op of [0, 1]) {
          const picks = [a, b, op];
          const { question, answer } = newChallengeQuestion(() => picks.shift()!);
          expect(solve(question)).toBe(answer);
          expect(Number(answer)).toBeGreaterThanOrEqual(1);
          expect(Number(answer)).toBeLessThanOrEqual(18);
        }
      }
    }
    expect(newChallengeQuestion(((picks) => () => picks.shift()!)([3, 5, 0]))).toEqual({ question: '三加五等于几？', answer: '8' });
    expect(newChallengeQuestion(((picks) => () => picks.shift()!)([4, 9, 1]))).toEqual({ question: '九减四等于几？', answer: '5' });
  });

  it('draws questions at random that a reader can always solve', () => {
    const asked = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const { question, answer } = newChallengeQuestion();
      expect(solve(question)).toBe(answer);
      asked.add(question);
    }
    expect(asked.size).toBeGreaterThan(1);
  });

  it('reads full-width digits and spaces in an answer as a phone keyboard may type them', () => {
    expect(normaliseAnswer(' １２ ')).toBe('12');
    expect(answerHash('id', '１ ２')).toBe(answerHash('id', '12'));
    // The hash is bound to its challenge.
    expect(answerHash('one', '8')).not.toBe(answerHash('two', '8'));
  });

  it('keeps only the answer’s hash, passes the right answer once, and uses a question up on a wrong one', async () => {
    const store = memoryChallenges();
    const now = new Date('2026-11-23T02:00:00Z');
    const issued = await issueChallenge(store, now, 600);
    const stored = store.kept.get(issued.id)!;
    expect(stored.expiresAt).toBe(now.getTime() / 1000 + 600);
    const answer = solve(issued.question);
    // The answer is a small number, so any hash may contain its digits by chance: what counts is that no field holds the answer itself.
    expect(Object.values(stored)).not.toContain(answer);
    expect(stored.answerHash).not.toBe(answer);
    expect(await answerChallenge(store, issued.id, answer, now)).toBe('passed');
    expect(await answerChallenge(store, issued.id, answer, now)).toBe('gone');

    const other = await issueChallenge(store, now, 600);
    expect(await answerChallenge(store, other.id, String(Number(solve(other.question)) + 1), now)).toBe('wrong');
    expect(await answerChallenge(store, other.id, solve(other.question), now)).toBe('gone');

    const late = await issueChallenge(store, now, 600);
    expect(await answerChallenge(store, late.id, solve(late.question), new Date(now.getTime() + 601_000))).toBe('gone');
  });
});
