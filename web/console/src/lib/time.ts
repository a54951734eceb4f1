import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

const BEIJING = 'Asia/Shanghai';
const DAY = 86_400_000;

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
  colour: 'green' | 'orange' | 'red';
}

/** The running clock of a deadline: 剩余 N 天 (orange within 3 days) or 已逾期 N 天 (red). */
export function clockLabel(deadline: string, now: number = Date.now()): ClockLabel {
  const left = new Date(deadline).getTime() - now;
  if (left < 0) return { text: `已逾期 ${Math.ceil(-left / DAY)} 天`, colour: 'red' };
  const days = Math.ceil(left / DAY);
  return { text: `剩余 ${days} 天`, colour: days <= 3 ? 'orange' : 'green' };
}
