import { calendarIssues, dateOfDay, dayNumber, HOLIDAY_NAMES, type HolidayName, type HolidayYear } from '../domain/calendar.js';

/**
 * Reads the State Council General Office's yearly notice (国务院办公厅关于
 * YYYY年部分节假日安排的通知) as published, and writes the year's holiday
 * calendar file (config/holidays/YYYY.yaml). Every line of the notice that
 * sets a break is read — `二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。`
 * — and checked against itself: each weekday in brackets against the date,
 * the 共N天 against the range, every date inside the year, every adjusted
 * working day on a Saturday or Sunday, no break overlapping another and no
 * working day inside a break. Anything inconsistent is refused with the
 * notice's line and the reason; nothing is guessed.
 */

export interface NoticeBreak {
  /** The line as the notice words it, e.g. 二、春节：1月28日（农历除夕、周二）至…上班。 */
  line: string;
  name: HolidayName;
  /** Every holiday the line names (国庆节、中秋节 share one break). */
  names: HolidayName[];
  from: string;
  to: string;
  workdays: string[];
}

export interface HolidayNotice extends HolidayYear {
  /** The notice's title and document number, as the file's `source`. */
  source: string;
  /** The date the notice was signed, when the text carries it. */
  issued?: string;
  breaks: NoticeBreak[];
}

/** The notice is inconsistent or not a holiday notice; `problems` lists every reason, each naming its line. */
export class HolidayNoticeError extends Error {
  constructor(readonly problems: string[]) {
    super(`the notice cannot be imported:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'HolidayNoticeError';
  }
}

const TITLE = /国务院办公厅关于(\d{4})年部分节假日安排的通知/;
const DOCUMENT_NUMBER = /国办发明电〔(\d{4})〕(\d+)号/;
const ISSUED = /^\s*(\d{4})年(\d{1,2})月(\d{1,2})日\s*$/m;
const ITEM = /^[\s\u3000]*([一二三四五六七八九十]+)、([^：:]+)[：:](.+)$/;
/** A day as the notice writes it: [YYYY年][M月]D日（…周X）; the month may be left out after 至. */
const DAY = /(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日（([^）]*)）/g;
const WEEKDAYS = '日一二三四五六';

/** Parses the notice's text; throws HolidayNoticeError listing every problem. */
export function parseHolidayNotice(text: string): HolidayNotice {
  const normalised = text.replace(/\r\n?/g, '\n');
  const title = TITLE.exec(normalised);
  if (!title) throw new HolidayNoticeError(['no title 国务院办公厅关于YYYY年部分节假日安排的通知 found: is this the State Council General Office’s holiday notice?']);
  const year = Number(title[1]);
  const number = DOCUMENT_NUMBER.exec(normalised);
  const source = `国务院办公厅关于${year}年部分节假日安排的通知${number ? `（国办发明电〔${number[1]}〕${number[2]}号）` : ''}`;
  const issuedMatch = ISSUED.exec(normalised);
  const problems: string[] = [];
  const breaks: NoticeBreak[] = [];

  for (const raw of normalised.split('\n')) {
    const item = ITEM.exec(raw);
    if (!item) continue;
    const line = raw.trim();
    const problem = (message: string) => problems.push(`${line.slice(0, 40)}${line.length > 40 ? '…' : ''}: ${message}`);
    const names = item[2]!.split(/[、，,]/).map((n) => n.trim());
    const unknown = names.filter((n) => !(HOLIDAY_NAMES as readonly string[]).includes(n));
    if (unknown.length) {
      problem(`${unknown.join('、')} is not a public holiday (${HOLIDAY_NAMES.join('、')})`);
      continue;
    }
    const holidays = names as HolidayName[];
    const body = item[3]!;
    const off = body.indexOf('放假');
    if (off < 0) {
      problem('names no days off (放假)');
      continue;
    }
    const before = problems.length;
    const rangeDays = readDays(body.slice(0, off), year, problem);
    // A date already refused needs no second word.
    if (problems.length > before && rangeDays.length === 0) continue;
    if (rangeDays.length < 1 || rangeDays.length > 2) {
      if (rangeDays.length === 0) problem('gives no date before 放假');
      else problem(`gives ${rangeDays.length} dates before 放假; a break is one day or 从…至…`);
      continue;
    }
    const from = rangeDays[0]!;
    const to = rangeDays[1] ?? from;
    if (from.day > to.day) problem(`the break starts on ${from.date}, after it ends on ${to.date}`);
    const total = /共(\d+)天/.exec(body) ?? /放假(\d+)天/.exec(body);
    if (total && Number(total[1]) !== to.day - from.day + 1) {
      problem(`says ${total[0]}, but ${from.date} to ${to.date} is ${to.day - from.day + 1} days`);
    }
    const workdays: string[] = [];
    for (const sentence of body.slice(off).split('。')) {
      if (!sentence.includes('上班')) continue;
      for (const day of readDays(sentence, year, problem)) {
        const weekday = new Date(day.day * 86_400_000).getUTCDay();
        if (weekday !== 0 && weekday !== 6) problem(`the adjusted working day ${day.date} is a 周${WEEKDAYS[weekday]}, not a Saturday or Sunday`);
        workdays.push(day.date);
      }
    }
    // Merged breaks are filed under 国庆节 (the notice's 国庆节、中秋节), otherwise under the one holiday named.
    const name = holidays.includes('国庆节') ? '国庆节' : holidays[0]!;
    breaks.push({ line, name, names: holidays, from: from.date, to: to.date, workdays });
  }
  if (breaks.length === 0 && problems.length === 0) problems.push('no line of the form 一、元旦：1月1日（周三）放假… was found');

  const data: HolidayYear = {
    year,
    holidays: breaks.map((b) => ({ name: b.name, from: b.from, to: b.to })),
    workdays: breaks.flatMap((b) => b.workdays).sort(),
  };
  // The calendar's own checks: overlaps, a working day inside a break, one listed twice.
  if (problems.length === 0) {
    for (const issue of calendarIssues([data])) problems.push(`${describeIssuePath(issue.path, data, breaks)}: ${issue.message}`);
  }
  if (problems.length) throw new HolidayNoticeError(problems);
  return {
    ...data,
    source,
    ...(issuedMatch ? { issued: `${issuedMatch[1]}-${issuedMatch[2]!.padStart(2, '0')}-${issuedMatch[3]!.padStart(2, '0')}` } : {}),
    breaks,
  };
}

/** The calendar file of a notice, in the format of config/holidays/YYYY.yaml. */
export function holidayYearYaml(notice: HolidayNotice): string {
  const weekday = (date: string) => `周${WEEKDAYS[new Date(dayNumber(date)! * 86_400_000).getUTCDay()]}`;
  const lines = [
    `# Public holidays and adjusted working weekends (调休) of ${notice.year}, from the`,
    `# State Council General Office's notice${notice.issued ? ` of ${notice.issued}` : ''}, written by`,
    '# `npm run holidays:import -- <notice.txt>` from its published text.',
    '#',
    '# holidays: the whole break, weekends inside it included.',
    '# workdays: weekend days that are working days (调休上班).',
    `year: ${notice.year}`,
    `source: ${notice.source}`,
    'holidays:',
    ...notice.breaks.map((b) => `  - { name: ${b.name}, from: ${b.from}, to: ${b.to} } # ${b.line.replace(/^[一二三四五六七八九十]+、/, '')}`),
    'workdays:',
    ...notice.breaks.flatMap((b) => b.workdays.map((date) => ({ date, names: b.names }))).sort((a, b) => a.date.localeCompare(b.date)).map((w) => `  - ${w.date} # ${weekday(w.date)}，${w.names.join('、')}`),
  ];
  if (notice.workdays.length === 0) lines[lines.length - 1] = 'workdays: []';
  return `${lines.join('\n')}\n`;
}

interface NoticeDay {
  date: string;
  day: number;
}

/** The days a piece of a line names, each checked: a real date, in the year, its bracketed weekday right. */
function readDays(text: string, year: number, problem: (message: string) => void): NoticeDay[] {
  const days: NoticeDay[] = [];
  let month: number | undefined;
  for (const match of text.matchAll(DAY)) {
    const [written, yearText, monthText, dayText, bracket] = match;
    if (monthText) month = Number(monthText);
    if (month === undefined) {
      problem(`${written} has no month`);
      continue;
    }
    const y = yearText ? Number(yearText) : year;
    const date = `${y}-${String(month).padStart(2, '0')}-${String(Number(dayText)).padStart(2, '0')}`;
    const day = dayNumber(date);
    if (day === undefined) {
      problem(`${written} is not a date`);
      continue;
    }
    if (y !== year) {
      problem(`${written} (${date}) is outside ${year}, the year of the notice`);
      continue;
    }
    const stated = /周([日一二三四五六])/.exec(bracket!);
    const actual = WEEKDAYS[new Date(day * 86_400_000).getUTCDay()];
    if (stated && stated[1] !== actual) problem(`${written}: ${date} is a 周${actual}, not a 周${stated[1]}`);
    days.push({ date: dateOfDay(day), day });
  }
  return days;
}

function describeIssuePath(path: string, data: HolidayYear, breaks: readonly NoticeBreak[]): string {
  const holiday = /^holidays\[(\d+)\]/.exec(path);
  if (holiday) return breaks[Number(holiday[1])]?.line ?? path;
  const workday = /^workdays\[(\d+)\]/.exec(path);
  if (workday) {
    const date = data.workdays[Number(workday[1])];
    return breaks.find((b) => date && b.workdays.includes(date))?.line ?? path;
  }
  return path;
}
