import dayjs, { type Dayjs } from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { chinaDate } from '../../lib/time';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Today in Beijing, YYYY-MM-DD: reception days are China dates. */
export const chinaToday = (): string => chinaDate();

/** Monday of the week of `day` (Chinese calendars start the week on Monday). */
export function mondayOf(day: Dayjs): Dayjs {
  return day.subtract((day.day() + 6) % 7, 'day').startOf('day');
}

/** The days a view shows: a month view its six weeks from the Monday on or before the 1st; a week view Monday to Sunday. */
export function rangeOf(view: 'month' | 'week', anchor: Dayjs): { from: string; to: string } {
  const start = view === 'month' ? mondayOf(anchor.startOf('month')) : mondayOf(anchor);
  return { from: start.format('YYYY-MM-DD'), to: start.add(view === 'month' ? 41 : 6, 'day').format('YYYY-MM-DD') };
}

const WEEKDAYS = ['', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六', '星期日'];

/** e.g. 2026年11月30日（星期一）. */
export function sessionDate(date: string, weekday: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日（${WEEKDAYS[weekday] ?? ''}）`;
}

/** e.g. 12月7日 星期一, whatever dayjs's locale: a day of the month as a button names it. */
export function dayName(day: Dayjs): string {
  return `${day.month() + 1}月${day.date()}日 ${WEEKDAYS[day.day() === 0 ? 7 : day.day()]}`;
}
