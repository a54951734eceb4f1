import { IdempotencyKeyReused, InvalidInput } from './errors.js';
import type { NewPetition } from './registration.js';
import { formatDay } from './case-number.js';

/**
 * What a petition registered by staff must pass before it is given a number,
 * and the rule that one idempotency key names one petition.
 */

/** How far ahead of our clock a desk's clock may run: a petition "received" later than that is a mistake. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Characters that show nothing: controls (Cc), format characters (Cf: U+200B
 * zero-width space, U+FEFF, U+2060, bidi marks…), lone surrogates (Cs),
 * separators and whitespace, combining marks with no base (M, incl. variation
 * selectors), and the blank-looking letters and symbols (Hangul fillers, the
 * empty Braille pattern).
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Z}\p{M}\s\u115F\u1160\u3164\uFFA0\u2800]/gu;

/** Whether a text has at least one character a reader can see. */
export function hasVisibleText(text: string): boolean {
  return text.replace(INVISIBLE, '') !== '';
}

/**
 * The checks a staff-registered petition passes before it is given a number
 * (a refused request must not use one up), all problems at once:
 * - received not before the start of the records (`recordsStartOn`, a China
 *   date) and not later than now plus a small clock skew: a case number carries
 *   a 4-digit year, and a case dated 0001 or 1900 could never be found again;
 * - a matter (and a subject, when given) with something visible in it.
 * Answers the petition to register: a receipt time within the skew is taken as now.
 */
export function admitPetition(petition: NewPetition, rules: { now: Date; recordsStartOn: string }): NewPetition {
  const issues: { path: string; message: string; chinese: string }[] = [];
  const received = Date.parse(petition.receivedAt);
  const start = Date.parse(`${rules.recordsStartOn}T00:00:00+08:00`);
  const now = rules.now.getTime();
  if (Number.isNaN(received)) {
    issues.push({ path: 'body.receivedAt', message: 'must be an ISO 8601 time with offset', chinese: '时间格式不正确' });
  } else if (received < start) {
    issues.push({ path: 'body.receivedAt', message: `must not be before ${rules.recordsStartOn}, the start of the records`, chinese: `不能早于台账的起始日期${formatDay(rules.recordsStartOn)}` });
  } else if (received > now + MAX_CLOCK_SKEW_MS) {
    issues.push({ path: 'body.receivedAt', message: 'must not be in the future: a petition is registered once it has been received', chinese: '不能晚于现在：信访事项收到后才能登记' });
  }
  if (!hasVisibleText(petition.matter)) {
    issues.push({ path: 'body.matter', message: 'must say what the petition is about: it has only spaces or invisible characters', chinese: '请填写反映的内容：现在只有空格或不可见字符' });
  }
  if (petition.subject !== undefined && !hasVisibleText(petition.subject)) {
    issues.push({ path: 'body.subject', message: 'has only spaces or invisible characters; leave it out instead', chinese: '只有空格或不可见字符；不需要标题时请留空' });
  }
  if (issues.length > 0) throw new InvalidInput(`the petition has ${issues.length} problem${issues.length === 1 ? '' : 's'}`, issues).inChinese(`登记的信访事项有 ${issues.length} 处问题`);
  return withRepresentativeAsPetitioner(received > now ? { ...petition, receivedAt: rules.now.toISOString() } : petition);
}

/**
 * A collective petition registered with named representatives and no petitioner of its own (the desk filled in
 * only the group's 代表): its first named representative is its petitioner. The group speaks through them
 * (《信访工作条例》第二十条) and is told through them; recorded as anonymous, nobody would be told anything.
 */
function withRepresentativeAsPetitioner(petition: NewPetition): NewPetition {
  const first = petition.collective?.representatives.find((r) => !r.anonymous && r.name?.trim());
  return petition.petitioner.anonymous && first ? { ...petition, petitioner: { ...first } } : petition;
}

/**
 * An idempotency key names one request: a repeat with the same key must be the
 * same petition (same fingerprint), or the caller is told, not answered with a
 * case they did not send (as payment APIs do). A record stored before
 * fingerprints were kept has none and is taken as the same.
 */
export function assertSameRequest(stored: string | undefined, given: string | undefined): void {
  if (stored !== undefined && given !== undefined && stored !== given) {
    throw new IdempotencyKeyReused('this Idempotency-Key was already used for a different petition; use a new key for a new petition').inChinese(
      '该表单已提交过另一件信访事项；登记新的事项请刷新后重新填写',
    );
  }
}
