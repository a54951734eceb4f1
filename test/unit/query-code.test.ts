import { describe, expect, it } from 'vitest';
import { formatQueryCode, normaliseQueryCode, QUERY_CODE_ALPHABET, QUERY_CODE_LENGTH, queryCodeFrom } from '../../shared/domain/query-code.js';
import { hashQueryCode, newQueryCode, openSealedCode, queryCodeMatches, sealCode } from '../../shared/app/query-code.js';

describe('the query code (查询码)', () => {
  it('is long enough not to be guessed: at least 50 bits from characters no one confuses', () => {
    expect(QUERY_CODE_LENGTH * Math.log2(QUERY_CODE_ALPHABET.length)).toBeGreaterThanOrEqual(50);
    for (const confusable of ['0', 'O', '1', 'I', 'L']) expect(QUERY_CODE_ALPHABET).not.toContain(confusable);
  });

  it('takes every character equally often: bytes past the last whole round of the alphabet are skipped', () => {
    expect(queryCodeFrom(Uint8Array.from([248, 249, 255, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]))).toBe('23456789ABCD');
    expect(queryCodeFrom(Uint8Array.from([0, 1, 2]))).toBeUndefined();
  });

  it('is read back however a phone user types it, and refuses what cannot be one', () => {
    expect(formatQueryCode('K7QM2WXD9RBT')).toBe('K7QM-2WXD-9RBT');
    expect(normaliseQueryCode(' k7qm 2wxd－9rbt ')).toBe('K7QM2WXD9RBT');
    expect(normaliseQueryCode('Ｋ７ＱＭ-２ＷＸＤ-９ＲＢＴ')).toBe('K7QM2WXD9RBT');
    expect(normaliseQueryCode('K7QM-2WXD-9RB')).toBeUndefined();
    expect(normaliseQueryCode('K7QM-2WXD-9RB0')).toBeUndefined();
  });

  it('is kept only as a salted hash that the code matches and another does not', async () => {
    const code = newQueryCode();
    expect(code).toMatch(new RegExp(`^[${QUERY_CODE_ALPHABET}]{${QUERY_CODE_LENGTH}}$`));
    const stored = await hashQueryCode(code);
    expect(JSON.stringify(stored)).not.toContain(code);
    expect(await queryCodeMatches(code, stored)).toBe(true);
    expect(await queryCodeMatches(newQueryCode(), stored)).toBe(false);
    // The same code hashed twice gives two different records (a salt each).
    expect((await hashQueryCode(code)).hash).not.toBe(stored.hash);
  });
});

describe('a query code sealed under a web form’s token', () => {
  it('opens with that token only, and not when the seal was altered', () => {
    const sealed = sealCode('K7QM2WXD9RBT', 'tok_form_0001_abcdefgh');
    expect(sealed).not.toContain('K7QM');
    expect(openSealedCode(sealed, 'tok_form_0001_abcdefgh')).toBe('K7QM2WXD9RBT');
    expect(openSealedCode(sealed, 'tok_form_0002_abcdefgh')).toBeUndefined();
    const [iv, body, tag] = sealed.split('.');
    const flipped = Buffer.from(body!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(openSealedCode([iv, flipped.toString('base64url'), tag].join('.'), 'tok_form_0001_abcdefgh')).toBeUndefined();
    expect(openSealedCode('not a seal', 'tok_form_0001_abcdefgh')).toBeUndefined();
  });
});
