import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

const BEIJING = 'Asia/Shanghai';

/** The China date (YYYY-MM-DD, Beijing time) of an instant, or today's: the calendar the API counts in, whatever the browser's zone. */
export function chinaDate(iso?: string): string {
  return (iso ? dayjs(iso) : dayjs()).tz(BEIJING).format('YYYY-MM-DD');
}

/** Calendar days from one China day (YYYY-MM-DD) to another: 0 the same day. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * A date-time picker shows and takes the browser's local time. For a time
 * staff read off a letter or the clock on the wall in China, it is given
 * China's wall-clock time as if it were local (chinaWallClock), and what they
 * pick is read back as China time (fromChinaWallClock): the same moment
 * whatever zone the computer is set to.
 */
export function chinaWallClock(iso?: string): dayjs.Dayjs {
  return dayjs((iso ? dayjs(iso) : dayjs()).tz(BEIJING).format('YYYY-MM-DDTHH:mm:ss'));
}

/** The instant (ISO) a China wall-clock time picked as local (chinaWallClock) stands for. */
export function fromChinaWallClock(wall: dayjs.Dayjs): string {
  return dayjs.tz(wall.format('YYYY-MM-DDTHH:mm:ss'), BEIJING).toISOString();
}

/** A China day as recorded (YYYY-MM-DD: the day a letter was posted or received) as staff read dates: 2026年12月8日. */
export function formatDay(day: string | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day ?? '');
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : (day ?? '');
}

/** e.g. 2026年12月7日 (Beijing time). */
export function formatDate(iso: string | undefined): string {
  if (!iso) return '';
  return dayjs(iso).tz(BEIJING).format('YYYY年M月D日');
}

/** e.g. 2026年12月7日 14:05 (Beijing time). */
export function formatDateTime(iso: string | undefined): string {
  if (!iso) return '';
  return dayjs(iso).tz(BEIJING).format('YYYY年M月D日 HH:mm');
}

/**
 * The last day of a period, as the letters state it: a deadline is the instant
 * the period ends (midnight in Beijing after its last day), so 2027-02-01T16:00Z
 * is 2027年2月1日 — "请在2027年2月1日前办结" — not the day that midnight begins.
 */
export function formatLastDay(deadline: string | undefined): string {
  if (!deadline) return '';
  return dayjs(deadline).subtract(1, 'millisecond').tz(BEIJING).format('YYYY年M月D日');
}

export interface ClockLabel {
  text: string;
  colour: 'green' | 'orange' | 'red' | 'blue';
}

/** A running clock as the API counted it (shared/domain/work-clock.ts). */
export interface CountedClock {
  overdue: boolean;
  workingDaysLeft?: number;
  daysOverdue?: number;
  approximate?: true;
  suspended?: true;
}

/** "剩余 3 个工作日" (orange within 3) or "已逾期 2 天" (red); "（约）" when a year's holiday calendar is missing; "计时中止" while the clock stands still. */
export function clockTag(clock: CountedClock): ClockLabel {
  if (clock.suspended) return { text: '计时中止', colour: 'blue' };
  if (clock.overdue) return { text: `已逾期 ${clock.daysOverdue ?? 1} 天`, colour: 'red' };
  const days = clock.workingDaysLeft ?? 0;
  return { text: `剩余 ${days} 个工作日${clock.approximate ? '（约）' : ''}`, colour: days <= 3 ? 'orange' : 'green' };
}
