import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { PortalChallenges } from './ports.js';

/**
 * The challenge the petition form asks under a surge of petitions from one
 * network address (PORTAL_SURGE): a sum or difference of two small numbers
 * written in Chinese numerals, answered as a number — readable by a screen
 * reader, no script, no image, no third party. It is kept server-side under
 * a random id with only its answer's hash and a short life, and each one is
 * answered once: a wrong answer uses it up and the form asks another.
 */

/** A question and its answer, as digits. */
export interface ChallengeQuestion {
  question: string;
  answer: string;
}

/** A challenge as the form shows it: its id (a hidden field) and its question. */
export interface IssuedChallenge {
  id: string;
  question: string;
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;

/** 1 to 9 in Chinese numerals. */
export function chineseDigit(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 9) throw new RangeError(`not a digit from 1 to 9: ${n}`);
  return DIGITS[n]!;
}

/** A new question: 三加五等于几？ (answer 8) or 九减四等于几？ (answer 5, never below one). */
export function newChallengeQuestion(pick: (min: number, maxExclusive: number) => number = randomInt): ChallengeQuestion {
  const a = pick(1, 10);
  const b = pick(1, 10);
  if (pick(0, 2) === 0 || a === b) return { question: `${chineseDigit(a)}加${chineseDigit(b)}等于几？`, answer: String(a + b) };
  const [big, small] = a > b ? [a, b] : [b, a];
  return { question: `${chineseDigit(big)}减${chineseDigit(small)}等于几？`, answer: String(big - small) };
}

/** An answer as typed: full-width digits as ASCII, spaces dropped. */
export function normaliseAnswer(typed: string): string {
  return typed.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 0x30)).replace(/\s+/g, '');
}

/** The stored form of an answer: bound to its challenge's id, so one hash says nothing of another. */
export const answerHash = (id: string, answer: string) => createHash('sha256').update(`${id}:${normaliseAnswer(answer)}`).digest('base64url');

/** Issues a new challenge, kept for `lifeSeconds` from `now`. */
export async function issueChallenge(store: PortalChallenges, now: Date, lifeSeconds: number): Promise<IssuedChallenge> {
  const id = randomBytes(16).toString('base64url');
  const { question, answer } = newChallengeQuestion();
  await store.putChallenge(id, answerHash(id, answer), Math.floor(now.getTime() / 1000) + lifeSeconds);
  return { id, question };
}

/** Answers a challenge, using it up: `passed`, `wrong`, or `gone` (unknown, answered before, or expired). */
export async function answerChallenge(store: PortalChallenges, id: string, answer: string, now: Date): Promise<'passed' | 'wrong' | 'gone'> {
  const stored = await store.takeChallenge(id, Math.floor(now.getTime() / 1000));
  if (stored === undefined) return 'gone';
  const given = Buffer.from(answerHash(id, answer));
  const expected = Buffer.from(stored);
  return given.length === expected.length && timingSafeEqual(given, expected) ? 'passed' : 'wrong';
}
