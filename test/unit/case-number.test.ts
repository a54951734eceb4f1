import { describe, expect, it } from 'vitest';
import {
  chinaDate,
  chinaYear,
  formatCaseNumber,
  isCaseNumber,
  parseCaseNumber,
} from '../../shared/domain/case-number.js';

describe('formatCaseNumber', () => {
  it.each([
    [{ jurisdiction: '330122', year: 2026, sequence: 42 }, '330122-2026-000042'],
    [{ jurisdiction: '330122', year: 2026, sequence: 1 }, '330122-2026-000001'],
    [{ jurisdiction: '330000', year: 2027, sequence: 123456 }, '330000-2027-123456'],
    [{ jurisdiction: '330122', year: 2026, sequence: 999999 }, '330122-2026-999999'],
    // 9-digit township code (富春江镇)
    [{ jurisdiction: '330122101', year: 2026, sequence: 7 }, '330122101-2026-000007'],
    // More than a million cases in a year: the number grows, it does not wrap or truncate.
    [{ jurisdiction: '330100', year: 2026, sequence: 1000000 }, '330100-2026-1000000'],
    [{ jurisdiction: '330100', year: 2026, sequence: 12345678 }, '330100-2026-12345678'],
  ])('%o → %s', (parts, expected) => {
    expect(formatCaseNumber(parts)).toBe(expected);
  });
});

describe('parseCaseNumber', () => {
  it.each([
    ['330122-2026-000042', { jurisdiction: '330122', year: 2026, sequence: 42 }],
    ['330122-2026-999999', { jurisdiction: '330122', year: 2026, sequence: 999999 }],
    ['330122101-2026-000007', { jurisdiction: '330122101', year: 2026, sequence: 7 }],
    ['330100-2026-1000000', { jurisdiction: '330100', year: 2026, sequence: 1000000 }],
    ['330100-2026-12345678', { jurisdiction: '330100', year: 2026, sequence: 12345678 }],
  ])('%s → %o', (value, expected) => {
    expect(parseCaseNumber(value)).toEqual(expected);
    expect(isCaseNumber(value)).toBe(true);
  });

  it.each([
    '',
    '330122',
    '330122-2026',
    '330122-2026-42', // sequence not padded
    '330122-2026-00042', // 5 digits
    '330122-26-000042', // 2-digit year
    '330122-02026-000042', // 5-digit year
    '33012-2026-000042', // 5-digit code
    '3301221-2026-000042', // 7-digit code
    '33012210-2026-000042', // 8-digit code
    '3301221011-2026-000042', // 10-digit code
    '330122_2026_000042',
    '330122/2026/000042',
    '330122 2026 000042',
    ' 330122-2026-000042', // surrounding whitespace
    '330122-2026-000042 ',
    '330122-2026-000042\n',
    '330122-2026-000042号',
    '第330122-2026-000042',
    'AB0122-2026-000042',
    '330122-2026-00004a',
    '３３０１２２-2026-000042', // full-width digits
    '330122-2026--000042',
  ])('rejects %j', (value) => {
    expect(parseCaseNumber(value)).toBeUndefined();
    expect(isCaseNumber(value)).toBe(false);
  });
});

describe('China date and year (UTC+8)', () => {
  it.each([
    // 00:30 on 1 January 2027 in China
    ['2026-12-31T16:30:00Z', 2027, '2027-01-01'],
    ['2026-12-31T16:00:00Z', 2027, '2027-01-01'],
    // 23:59:59 on 31 December 2026 in China
    ['2026-12-31T15:59:59Z', 2026, '2026-12-31'],
    ['2026-12-31T15:59:59.999Z', 2026, '2026-12-31'],
    ['2027-01-01T00:30:00+08:00', 2027, '2027-01-01'],
    ['2026-12-31T23:59:00+08:00', 2026, '2026-12-31'],
    ['2026-06-15T03:00:00Z', 2026, '2026-06-15'],
    // Any midday instant stays on its own China date.
    ['2026-11-23T02:00:00.000Z', 2026, '2026-11-23'],
    // Late evening UTC is the next morning in China.
    ['2026-11-23T20:00:00.000Z', 2026, '2026-11-24'],
  ])('%s is year %i, date %s in China', (instant, year, date) => {
    expect(chinaYear(instant)).toBe(year);
    expect(chinaDate(instant)).toBe(date);
  });
});
