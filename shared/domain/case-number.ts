/**
 * Case numbers (登记编号): `<division code>-<year>-<sequence>`, e.g. `330122-2026-000042`.
 * Readable over the phone, unique per jurisdiction and year; the sequence is
 * allocated atomically by the store (see docs/storage.md).
 */
const CASE_NUMBER = /^(\d{6}|\d{9})-(\d{4})-(\d{6,})$/;
/** A case number inside a text (a reason, a letter), not inside a longer run of digits. */
export const CASE_NUMBER_IN_TEXT = /(?<!\d)(?:\d{6}|\d{9})-\d{4}-\d{6,}(?!\d)/g;

/** What a case number its reader may not read (or a petitioner's letter may not name) becomes inside a sentence: the case without its number. */
export const HIDDEN_CASE_WORDS = '另案';

/** China keeps one civil time zone, UTC+8, with no daylight saving. */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

export interface CaseNumberParts {
  jurisdiction: string;
  year: number;
  sequence: number;
}

export function formatCaseNumber({ jurisdiction, year, sequence }: CaseNumberParts): string {
  return `${jurisdiction}-${year}-${String(sequence).padStart(6, '0')}`;
}

export function parseCaseNumber(value: string): CaseNumberParts | undefined {
  const match = CASE_NUMBER.exec(value);
  if (!match) return undefined;
  return { jurisdiction: match[1]!, year: Number(match[2]), sequence: Number(match[3]) };
}

export function isCaseNumber(value: string): boolean {
  return CASE_NUMBER.test(value);
}

/** The registration year is the year in China on the day the petition arrived. */
export function chinaYear(instant: string): number {
  return new Date(Date.parse(instant) + CHINA_OFFSET_MS).getUTCFullYear();
}

/** The calendar date (YYYY-MM-DD) in China at an instant. */
export function chinaDate(instant: string): string {
  return new Date(Date.parse(instant) + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** `2026年11月23日 09:15` in China time, as letters to petitioners write it. */
export function formatChinaDateTime(instant: string): string {
  const d = new Date(Date.parse(instant) + CHINA_OFFSET_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** A calendar date (YYYY-MM-DD) as `2026年12月7日`. */
export function formatDay(day: string): string {
  const [y, m, d] = day.slice(0, 10).split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** The day in China of an instant, as `2026年12月7日`. */
export function formatChinaDay(instant: string): string {
  return formatDay(chinaDate(instant));
}

/** The last calendar day (China date, YYYY-MM-DD) of a period that ends at `instant`, midnight China time after that day. */
export function chinaLastDay(instant: string): string {
  return chinaDate(new Date(Date.parse(instant) - 1).toISOString());
}

/**
 * The last calendar day of a period that ends at `instant` (midnight China
 * time after that day), as `2026年12月8日`.
 */
export function formatChinaLastDay(instant: string): string {
  const d = new Date(Date.parse(instant) + CHINA_OFFSET_MS - 1);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}
