import type { Category, Channel } from './case.js';
import type { LimitSource, RestDayRule } from './deadline-explanation.js';

export type { LimitSource, RestDayRule };

export const DAY_COUNTS = ['calendar', 'working'] as const;
export type DayCount = (typeof DAY_COUNTS)[number];

/**
 * When a calendar-day period's last day is a rest day: it runs to the next
 * working day (`nextWorkingDay`, the default: 《民法典》第二百零三条, weekends
 * and holidays alike), only past a public-holiday break (`holidaysOnly`), or it
 * ends that day all the same (`none`). Offices differ; each sets its own.
 */
export const REST_DAY_RULES = ['nextWorkingDay', 'holidaysOnly', 'none'] as const satisfies readonly RestDayRule[];

export interface TimeLimit {
  days: number;
  count: DayCount;
  /** Calendar days only; absent: `nextWorkingDay`. */
  lastDayOnRestDay?: RestDayRule;
}

export const CLOCKS = [
  'acceptance',
  'handling',
  'reply',
  'reviewRequest',
  'reviewDecision',
  'reReviewRequest',
  'reReviewDecision',
] as const;
export type Clock = (typeof CLOCKS)[number];

export type TimeLimits = Record<Clock, TimeLimit>;
export type TimeLimitOverrides = Partial<TimeLimits>;

/**
 * How an accepted case is handled: by the office itself (自办: no unit has
 * it) or by a unit it was handed to (交办、转办). Offices set different
 * handling limits for each (e.g. 自办信访件30日内办理完毕，转办、交办信访件90日内办结).
 */
export const HANDLINGS = ['selfHandled', 'assigned'] as const;
export type Handling = (typeof HANDLINGS)[number];

/**
 * The handling mode of a case as it stands: a unit leads it, or another office
 * handed it over (转办, or a superior's 交办 to an office below): 'assigned';
 * else the office holding it works it itself (自办).
 */
export const handlingOf = (c: { handling?: unknown; assignedBy?: { jurisdiction: string } | undefined; jurisdiction?: string }): Handling =>
  c.handling || (c.assignedBy !== undefined && c.jurisdiction !== undefined && c.assignedBy.jurisdiction !== c.jurisdiction) ? 'assigned' : 'selfHandled';

/** What a case's limit depends on besides its jurisdiction. */
export interface LimitContext {
  channel?: Channel;
  category?: Category;
  handling?: Handling;
}

/** A case's limit context: how it came in, what it is about, who handles it now. */
export function limitContextOf(c: { channel: Channel; category?: Category | undefined; handling?: unknown; assignedBy?: { jurisdiction: string } | undefined; jurisdiction?: string }): LimitContext {
  return { channel: c.channel, ...(c.category ? { category: c.category } : {}), handling: handlingOf(c) };
}

export interface TimeLimitSettings {
  base: TimeLimits;
  /** Overrides for one jurisdiction (applied over the province defaults). */
  jurisdiction?: TimeLimitOverrides;
  /** The jurisdiction these settings are for (named as an override's source). */
  jurisdictionCode?: string;
  byChannel?: Partial<Record<Channel, TimeLimitOverrides>>;
  byCategory?: Partial<Record<Category, TimeLimitOverrides>>;
  /** The jurisdiction's handling limit for a case it handles itself (自办) or hands to a unit (交办、转办). */
  byHandling?: Partial<Record<Handling, Pick<TimeLimitOverrides, 'handling'>>>;
  /** The jurisdiction's rule (over the province's) for a calendar-day limit that does not set its own. */
  lastDayOnRestDay?: RestDayRule;
}

/** Defaults from docs/domain.md ("Time limits"). */
export const DEFAULT_TIME_LIMITS: TimeLimits = {
  acceptance: { days: 15, count: 'calendar' },
  handling: { days: 60, count: 'calendar' },
  reply: { days: 5, count: 'calendar' },
  reviewRequest: { days: 30, count: 'calendar' },
  reviewDecision: { days: 30, count: 'calendar' },
  reReviewRequest: { days: 30, count: 'calendar' },
  reReviewDecision: { days: 30, count: 'calendar' },
};

/** The source of a limit, with the jurisdiction code, channel or category of an override. */
export interface LimitSourceOf {
  source: LimitSource;
  key?: string;
}

/**
 * The limit that applies to one clock of one case. The most specific setting
 * wins: category over channel over how the case is handled (byHandling, the
 * handling clock only) over jurisdiction over province default. What the
 * matter is (its category, how it came in) beats how the office chose to
 * handle it: 来电、来访 handled in 5 working days stay 5 whoever works them.
 */
export function limitFor(
  clock: Clock,
  settings: TimeLimitSettings,
  context: LimitContext = {},
): TimeLimit {
  return limitAndSource(clock, settings, context).limit;
}

/** limitFor with where the limit came from, for the deadline's explanation. */
export function limitAndSource(
  clock: Clock,
  settings: TimeLimitSettings,
  context: LimitContext = {},
): { limit: TimeLimit } & LimitSourceOf {
  const found = configuredLimit(clock, settings, context);
  const rule = settings.lastDayOnRestDay;
  if (found.limit.count !== 'calendar' || found.limit.lastDayOnRestDay || !rule || rule === 'nextWorkingDay') return found;
  return { ...found, limit: { ...found.limit, lastDayOnRestDay: rule } };
}

/**
 * Whose rule a limit is, as a letter attributes it: the regulation's own
 * limit (60 days to handle, 15 to decide acceptance, 30 to decide a 复查) is
 * cited to the 条例; a province's or an office's own setting (淳安's 30 days
 * to handle) is theirs, never put in the regulation's mouth.
 */
export function limitRuleWords(clock: Clock, found: { limit: TimeLimit } & LimitSourceOf): string {
  const national = DEFAULT_TIME_LIMITS[clock];
  if (found.limit.days === national.days && found.limit.count === national.count) return '依照《信访工作条例》';
  return found.source === 'province' ? '按照本省规定' : '按照本机关规定';
}

function configuredLimit(clock: Clock, settings: TimeLimitSettings, context: LimitContext): { limit: TimeLimit } & LimitSourceOf {
  const byCategory = context.category && settings.byCategory?.[context.category]?.[clock];
  if (byCategory) return { limit: byCategory, source: 'category', key: context.category! };
  const byChannel = context.channel && settings.byChannel?.[context.channel]?.[clock];
  if (byChannel) return { limit: byChannel, source: 'channel', key: context.channel! };
  const byHandling = clock === 'handling' && context.handling ? settings.byHandling?.[context.handling]?.handling : undefined;
  if (byHandling) return { limit: byHandling, source: 'handling', key: context.handling! };
  const byJurisdiction = settings.jurisdiction?.[clock];
  if (byJurisdiction) return { limit: byJurisdiction, source: 'jurisdiction', ...(settings.jurisdictionCode ? { key: settings.jurisdictionCode } : {}) };
  const base = settings.base[clock];
  const national = DEFAULT_TIME_LIMITS[clock];
  return { limit: base, source: base.days === national.days && base.count === national.count ? 'national' : 'province' };
}

const DAY_MS = 24 * 60 * 60 * 1000;
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * When a limit that starts at `instant` runs out: the day of the start is not
 * counted and the period ends at midnight (China time) after its last day.
 * Working days here skip Saturdays and Sundays only; public holidays and the
 * adjusted working weekends (调休) need the holiday calendar of the deadline engine.
 */
export function deadlineAfter(instant: string, limit: TimeLimit): string {
  const startDay = Math.floor((Date.parse(instant) + CHINA_OFFSET_MS) / DAY_MS);
  let lastDay = startDay;
  if (limit.count === 'calendar') {
    lastDay += limit.days;
  } else {
    for (let counted = 0; counted < limit.days; ) {
      lastDay += 1;
      const weekday = new Date(lastDay * DAY_MS).getUTCDay();
      if (weekday !== 0 && weekday !== 6) counted += 1;
    }
  }
  return new Date((lastDay + 1) * DAY_MS - CHINA_OFFSET_MS).toISOString();
}
