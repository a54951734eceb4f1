/**
 * A telephone number a citizen types on the portal, judged as a Chinese
 * office must dial it: an office across the province cannot call a local
 * number without its area code, and a mobile number one digit short reaches
 * nobody. Staff recording a call keep the looser rule (they know the line).
 */

/** A number as typed, read as ASCII: a Chinese keyboard types full-width ０-９, －, ＋ and （）. Stored so, it matches the same number typed in half-width. */
export function typedPhone(raw: string): string {
  return raw.normalize('NFKC').trim();
}

/** Why this number cannot be dialled from a petitions office, in the words shown next to the field; undefined when it can. */
export function phoneNumberProblem(raw: string): string | undefined {
  const typed = typedPhone(raw);
  if (!/^\+?[\d\s()-]+$/.test(typed)) return '电话号码只能包含数字，以及 +、-、空格和括号';
  const digits = typed.replace(/\D/g, '');
  // 86 written without its +: taken as the country code only when a whole Chinese number follows it.
  const international = typed.startsWith('+') || digits.startsWith('00') || /^86(?:1[3-9]\d{9}|(?:10|2\d|[3-9]\d{2})\d{7,8})$/.test(digits);
  const national = international ? nationalPart(digits) : digits;
  if (national === undefined) {
    // A number abroad: its country code and 4 to 14 digits (ITU E.164 allows 15 in all).
    return /^[1-9]\d{6,14}$/.test(digits.replace(/^00/, '')) ? undefined : '境外电话请填写国家代码和完整号码，例如 +852 2123 4567';
  }
  // A landline: the area code (010, 02x, 0571…; after +86 written without its 0, though people often keep it) and 7 or 8 digits.
  const landline = international ? `0${national.replace(/^0/, '')}` : national;
  if (LANDLINE.test(landline)) return undefined;
  // A work line with its extension (分机) after a separator: 0571-64281234-8012.
  const extension = /^(.*\d)[\s-]+\d{1,6}$/.exec(typed);
  if (!international && extension && LANDLINE.test(extension[1]!.replace(/\D/g, ''))) return undefined;
  if (national.startsWith('1') && !national.startsWith('10')) return /^1[3-9]\d{9}$/.test(national) ? undefined : '手机号码应为 1 开头的 11 位数字，请核对';
  if (!landline.startsWith('0') && /^\d{7,8}$/.test(landline)) return '固定电话请加区号，例如 0571-87654321';
  // Ten digits from 09: a Taiwan mobile typed as dialled there, or a 09xx landline a digit short.
  if (!international && /^09\d{8}$/.test(national)) return '号码位数不对：固定电话为区号加 7 或 8 位号码；台湾手机请加国家代码，例如 +886 912 345 678';
  return '请填写有效的电话号码：11 位手机号码，或带区号的固定电话（例如 0571-87654321）；境外电话请加国家代码';
}

/** 010 (Beijing), 02x (the largest cities), 0xxx elsewhere; then a 7- or 8-digit local number. */
const LANDLINE = /^0(?:10|2\d|[3-9]\d{2})\d{7,8}$/;

/** The Chinese number after +86 / 0086, or undefined for another country's. */
function nationalPart(digits: string): string | undefined {
  const afterPlus = digits.replace(/^00/, '');
  return afterPlus.startsWith('86') ? afterPlus.slice(2) : undefined;
}

/**
 * The one check staff entry adds to its looser rule: a number written without
 * a country code that starts with 1 can only be an 11-digit mobile (no local
 * line starts with 1), so a digit too many or too few is a typing slip that
 * would leave the letters to tell by phone (待电话告知) reaching nobody.
 */
export function staffPhoneProblem(raw: string): string | undefined {
  const typed = typedPhone(raw);
  if (typed.startsWith('+') || typed.startsWith('00')) return undefined;
  const digits = typed.replace(/\D/g, '');
  return digits.startsWith('1') && digits.length !== 11 ? '手机号码应为 1 开头的 11 位数字，请核对' : undefined;
}
