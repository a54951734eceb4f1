/**
 * How a deadline was counted (issue 17, "clocks that explain themselves"):
 * petitioners and units argue about deadlines, so every deadline carries the
 * steps that produced it — the start day and why counting begins where it
 * does, the rule and where it comes from, the rest days skipped and the
 * adjusted working days counted, the roll past a rest day, then extensions
 * and suspensions. It is a by-product of the one count (countPeriod in
 * deadlines.ts) that gives the deadline, stored beside it on the case
 * (explain-deadline.ts), so the two cannot disagree. Types only: the case's
 * shape refers to them.
 */

/** Where a limit comes from: the regulation's default, the province's defaults, or an override (`handling`: the office's limit for 自办 or 交办、转办 cases, sourceKey selfHandled / assigned). */
export type LimitSource = 'national' | 'province' | 'jurisdiction' | 'channel' | 'category' | 'handling';
/** What a calendar-day period does when its last day is a rest day (shared/domain/time-limits.ts REST_DAY_RULES). */
export type RestDayRule = 'nextWorkingDay' | 'holidaysOnly' | 'none';

export type DeadlineClock = 'acceptance' | 'handling' | 'reply' | 'reviewDecision' | 'reReviewDecision';

/** A run of rest days, China dates, both included. */
export interface RestDays {
  from: string;
  to: string;
  kind: 'weekend' | 'holiday';
  /** The public holiday (春节, 国庆节, …) of a holiday run. */
  holiday?: string;
}

export interface DeadlineExplanation {
  /** The instant the clock started (received, accepted, concluded, review requested). */
  startedAt: string;
  /** The China date of the start; it is not counted. */
  startDay: string;
  /** The first day the count includes: the next day (calendar days) or the next working day (working days). */
  firstCountedDay: string;
  /** The start day was a rest day: a working-day count begins at the next working day. */
  startOnRestDay?: true;
  rule: { days: number; count: 'calendar' | 'working'; source: LimitSource; sourceKey?: string; lastDayOnRestDay?: RestDayRule };
  /** Rest days a working-day count skipped, in runs. */
  skipped: RestDays[];
  /** Adjusted working weekends (调休上班) counted as working days (or rolled to). */
  adjustedWorkdays: string[];
  /** The last day by the count alone. */
  countedLastDay: string;
  /** Calendar days: the last counted day was a rest day, so the period ran to the next working day. */
  roll?: { from: string; to: string; kind: 'weekend' | 'holiday'; holiday?: string };
  /** Calendar days: the last day is a rest day the office's rule does not roll past (`rule.lastDayOnRestDay`). */
  unrolled?: { kind: 'weekend' | 'holiday'; holiday?: string };
  /** The last day of the period before any adjustment. */
  lastDay: string;
  /** The deadline before any adjustment: midnight China time after lastDay. */
  at: string;
  /** 约: a year on the way had no holiday calendar, so only weekends were skipped (and no roll). */
  /** `petitionerWindow`: a petitioner's window (a review request), rolled past weekends even without the year's calendar. */
  /**
   * `settled`: a petitioner's window whose last day no holiday break of the
   * missing year can reach — it is never made earlier (reviewRequestByNow),
   * and only a break could make it later — so its day is not an estimate.
   */
  provisional?: { missingYears: number[]; petitionerWindow?: true; settled?: true };
  /** Extensions, suspensions and withdrawals taken back, in the order they moved the deadline. */
  adjustments: DeadlineAdjustment[];
  /**
   * The handling clock of a case now handled another way (自办, or by a unit)
   * whose shorter limit would end on `lastDay`: the day the petitioner was
   * told stands (shared/domain/clocks.ts handlingClockAfterHandoff). `passed`:
   * nobody was told, but `lastDay` had already passed when the handling
   * changed: the case is not made overdue by the change itself.
   */
  toldKept?: { handling: 'selfHandled' | 'assigned'; days: number; count: 'calendar' | 'working'; lastDay: string; passed?: true };
  /**
   * The handling clock was counted knowing how the case is handled (byHandling).
   * A clock without it was counted before offices could set 自办 / 交办 limits:
   * a handoff never recounts it, so its deadline stays as it was.
   */
  byHandling?: true;
  /**
   * The handling clock was already past its deadline (逾期) when a handoff
   * would have counted it by another limit (`would`: that deadline): the
   * overdue deadline stands, so the 逾期 and the 督办 already taken stay.
   */
  overdueKept?: { handling: 'selfHandled' | 'assigned'; days: number; count: 'calendar' | 'working'; would: string };
}

export type DeadlineAdjustment =
  | {
      kind: 'extension';
      days: number;
      count: 'calendar';
      reason: string;
      approvedBy: string;
      /** When it was approved. */
      at: string;
      deadline: { from: string; to: string };
      /**
       * The period's last day by its count alone (before any roll past a rest
       * day) that the days were added to; absent on extensions approved before
       * it was kept, which were added after the rolled last day.
       */
      countedFrom?: string;
      lastDay: string;
      roll?: DeadlineExplanation['roll'];
      provisional?: true;
    }
  | ({
      kind: 'suspension';
      ground: string;
      reason?: string;
    } & DaysNotCounted)
  /** 恢复办理: the days the case stood withdrawn, not the office's to count (shared/domain/reinstatement.ts). */
  | ({ kind: 'withdrawal' } & DaysNotCounted);

/**
 * Days a clock did not run, and how far they moved its deadline: a suspension
 * (中止, from its suspension to its resumption) or a withdrawal taken back
 * (撤回 to 恢复办理). `from` and `until` are China dates; `at` is when it ran again.
 */
interface DaysNotCounted {
  from: string;
  until: string;
  days: number;
  count: 'calendar' | 'working';
  at: string;
  deadline: { from: string; to: string };
  /**
   * The period's last day by its count alone (before any roll past a rest day)
   * the days were added to, and the new one: the roll applies only to the
   * period's final end (《民法典》第二百零三条). Absent on records made before
   * they were kept, which were added after the rolled last day.
   */
  countedFrom?: string;
  countedLastDay?: string;
  /** 约: the new end is in a year without its holiday notice (weekends and statutory holidays only). */
  provisional?: true;
}

/** A clock's explanation as the API returns it: the stored one with the suspensions merged in, and where it ends. */
export interface ExplainedClock {
  /** The deadline the case holds. */
  at: string;
  /** Its last day, China date. */
  lastDay: string;
  provisional?: true;
  explanation: DeadlineExplanation;
  /** The clock is suspended (中止) now: it does not run. */
  suspended?: { since: string; ground: string };
}
