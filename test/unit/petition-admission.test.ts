import { describe, expect, it } from 'vitest';
import { IdempotencyKeyReused, InvalidInput } from '../../shared/domain/errors.js';
import { admitPetition, assertSameRequest, hasVisibleText } from '../../shared/domain/petition-admission.js';
import type { NewPetition } from '../../shared/domain/registration.js';

function petition(overrides: Partial<NewPetition> = {}): NewPetition {
  return {
    jurisdiction: '330122',
    channel: 'letter',
    // Monday 2026-11-23, 10:00 China time
    receivedAt: '2026-11-23T02:00:00.000Z',
    matter: '小区加装电梯，一楼住户反对，协调三个月无果。',
    petitioner: { anonymous: false, name: '张三', phone: '13800001111' },
    ...overrides,
  };
}

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('admitPetition: what a staff-registered petition must pass before it gets a number', () => {
  const rules = { now: new Date('2026-11-23T03:00:00.000Z'), recordsStartOn: '2000-01-01' };
  const issuesOf = (p: NewPetition) => {
    const error = catchError(() => admitPetition(p, rules));
    expect(error).toBeInstanceOf(InvalidInput);
    return (error as InvalidInput).issues;
  };

  it('registers a collective visit whose desk filled in only its representatives through the first named one, not as anonymous', () => {
    const representatives = [
      { anonymous: false, name: '郑大勇', phone: '13600001111' },
      { anonymous: false, name: '何小红' },
    ];
    const group = petition({ channel: 'visit', petitioner: { anonymous: true }, collective: { headCount: 60, representatives } });
    const admitted = admitPetition(group, rules);
    expect(admitted.petitioner).toEqual({ anonymous: false, name: '郑大勇', phone: '13600001111' });
    expect(admitted.collective!.representatives).toEqual(representatives);
    // A petitioner of its own stays; an anonymous letter from a group that named nobody stays anonymous.
    expect(admitPetition({ ...group, petitioner: { anonymous: false, name: '王芳' } }, rules).petitioner).toEqual({ anonymous: false, name: '王芳' });
    expect(admitPetition({ ...group, collective: { headCount: 60, representatives: [] } }, rules).petitioner).toEqual({ anonymous: true });
  });

  it('admits a petition received from the first day of the records up to now', () => {
    expect(admitPetition(petition(), rules)).toEqual(petition());
    // Midnight in China on the first day counts.
    expect(admitPetition(petition({ receivedAt: '2000-01-01T00:00:00+08:00' }), rules).receivedAt).toBe('2000-01-01T00:00:00+08:00');
  });

  it.each([
    ['0001-01-01T09:00:00+08:00', 'must not be before 2000-01-01', '不能早于台账的起始日期2000年1月1日'],
    ['1900-06-01T09:00:00+08:00', 'must not be before 2000-01-01', '不能早于台账的起始日期2000年1月1日'],
    ['1999-12-31T23:59:59+08:00', 'must not be before 2000-01-01', '不能早于台账的起始日期2000年1月1日'],
    ['2026-11-23T03:05:00.001Z', 'must not be in the future', '不能晚于现在'],
    ['9999-12-31T23:59:59Z', 'must not be in the future', '不能晚于现在'],
  ])('refuses a receipt at %s', (receivedAt, message, chinese) => {
    expect(issuesOf(petition({ receivedAt }))).toEqual([{ path: 'body.receivedAt', message: expect.stringContaining(message), chinese: expect.stringContaining(chinese) }]);
  });

  it('takes a receipt up to 5 minutes ahead (a desk clock running fast) as now', () => {
    expect(admitPetition(petition({ receivedAt: '2026-11-23T03:05:00.000Z' }), rules).receivedAt).toBe('2026-11-23T03:00:00.000Z');
  });

  it('follows the configured start of the records', () => {
    const late = petition({ receivedAt: '2015-06-30T09:00:00+08:00' });
    expect(admitPetition(late, rules)).toEqual(late);
    const error = catchError(() => admitPetition(late, { ...rules, recordsStartOn: '2016-01-01' }));
    expect((error as InvalidInput).issues).toEqual([{ path: 'body.receivedAt', message: expect.stringContaining('before 2016-01-01'), chinese: '不能早于台账的起始日期2016年1月1日' }]);
  });

  it('refuses a matter or subject with nothing visible in it, listing every problem', () => {
    const issues = issuesOf(petition({ receivedAt: '1900-01-01T00:00:00Z', matter: '\u200B\u200C\u200D\uFEFF\u2060', subject: '\u3000\u00A0\u0000\u202E' }));
    expect(issues.map((i) => i.path)).toEqual(['body.receivedAt', 'body.matter', 'body.subject']);
  });
});

describe('hasVisibleText', () => {
  it.each([
    ['', false],
    [' \t\n\r', false],
    ['\u200B\u200C\u200D\u2060\uFEFF', false], // zero-width and format characters (Cf)
    ['\u0000\u0007\u001B\u007F\u0085', false], // controls (Cc)
    ['\u3000\u00A0\u2028\u2029\u202F', false], // separators
    ['\u202E\u2066\u2069\u061C\u180E', false], // bidi controls, Mongolian vowel separator
    ['\u3164\u115F\uFFA0\u2800', false], // Hangul fillers, blank Braille
    ['\uFE0F\u0301\u034F', false], // a variation selector and combining marks with nothing to sit on
    ['漏水', true],
    ['\u200B漏\u200B水\u200B', true],
    ['e\u0301', true],
    ['1', true],
    ['😀', true],
  ])('%j → %s', (text, visible) => {
    expect(hasVisibleText(text)).toBe(visible);
  });
});

describe('assertSameRequest', () => {
  it('lets the same fingerprint through, and a record kept before fingerprints were', () => {
    expect(() => assertSameRequest('abc', 'abc')).not.toThrow();
    expect(() => assertSameRequest(undefined, 'abc')).not.toThrow();
  });

  it('refuses another fingerprint under the same key', () => {
    const error = catchError(() => assertSameRequest('abc', 'def'));
    expect(error).toBeInstanceOf(IdempotencyKeyReused);
    expect((error as IdempotencyKeyReused).message).toContain('different petition');
  });
});
