import { CLOCK_OF_STATUS, type Case, type CaseEvent } from './case.js';
import { chinaDate } from './case-number.js';
import type { WorkingCalendar } from './calendar.js';
import { InvalidTransition, RuleViolation } from './errors.js';
import { moveCountedEnd, objectionWindowAfterPause, openSuspension, suspendedDays, movedProvisionally, withProvisionalMove } from './suspension.js';
import { countedEndOf } from './explain-deadline.js';
import { limitFor, type TimeLimitSettings } from './time-limits.js';

/**
 * 恢复办理: the petitioner says the withdrawal was not their will (the 撤回告知
 * asks them to say so) and the office takes the case up again where it stood
 * — the status it was withdrawn from, its units and offices as they were. The
 * days it stood withdrawn are not the office's to count: the clock it runs
 * again moves on by them, counted as its limit counts (as after a 中止; a
 * clock suspended then moves when it resumes), and so does a unit's window to
 * object. The
 * withdrawal is kept in the event; an archived case is not taken up again (a
 * new petition is).
 */
export function reinstate(
  c: Case,
  reason: string,
  meta: { at: string; actor: string; settings: TimeLimitSettings; calendar: WorkingCalendar },
): { case: Case; event: CaseEvent } {
  const withdrawal = c.withdrawal;
  if (c.status !== 'withdrawn' || !withdrawal) throw new InvalidTransition('reinstate', c.status, 'only a withdrawn case is taken up again').inChinese('只有已撤回的事项才能恢复办理');
  if (reason.trim() === '') throw new RuleViolation('taking a withdrawn case up again records why (e.g. 信访人称撤回并非本人意愿)').inChinese('恢复办理需要写明理由（如：信访人称撤回并非本人意愿）');
  // The clock the status withdrawn from ran, to run again.
  const clock = CLOCK_OF_STATUS[withdrawal.from];
  // A clock suspended (中止) when the case was withdrawn moves when it resumes, by every day since it stopped: not twice.
  const from = clock && openSuspension(c)?.clock !== clock ? c.deadlines[clock] : undefined;
  // Counted as the clock itself counts: by the rule it started under (the office's limit may have changed since).
  const explanation = clock ? c.deadlines.explanations?.[clock] : undefined;
  const limit = explanation
    ? { count: explanation.rule.count, ...(explanation.rule.lastDayOnRestDay ? { lastDayOnRestDay: explanation.rule.lastDayOnRestDay } : {}) }
    : clock
      ? limitFor(clock, meta.settings, { channel: c.channel, ...(c.category ? { category: c.category } : {}) })
      : undefined;
  const days = limit ? suspendedDays(withdrawal.at, meta.at, limit.count, meta.calendar) : 0;
  // Added to the period's end by its count, not to the day a rest day rolled it to (《民法典》第二百零三条 rolls the final end only).
  const moved = from && limit ? moveCountedEnd(from, countedEndOf(c, clock!), days, limit.count, meta.calendar, limit.lastDayOnRestDay) : undefined;
  const to = moved?.to;
  // The explanation keeps the shift, so the deadline it explains is the one the case holds, and a provisional
  // deadline confirmed later (a year's calendar published) moves by it again (clocks.ts recount).
  const explained =
    explanation && from && to && to !== from
      ? {
          ...c.deadlines.explanations,
          [clock!]: {
            ...explanation,
            adjustments: [
              ...explanation.adjustments,
              {
                kind: 'withdrawal' as const,
                from: chinaDate(withdrawal.at),
                until: chinaDate(meta.at),
                days,
                count: limit!.count,
                at: meta.at,
                deadline: { from, to },
                ...(moved?.countedFrom ? { countedFrom: moved.countedFrom, countedLastDay: moved.countedLastDay! } : {}),
                ...(movedProvisionally(withdrawal.at, to, meta.calendar) ? { provisional: true as const } : {}),
              },
            ],
          },
        }
      : undefined;
  // The unit's 5 working days to object (第二十三条) left running at the withdrawal keep what was left of them.
  const window = objectionWindowAfterPause(c, withdrawal.at, meta.at, meta.calendar);
  const { withdrawal: _w, ...rest } = c;
  const next: Case = {
    ...rest,
    status: withdrawal.from,
    ...(clock && to ? { deadlines: { ...withProvisionalMove(c.deadlines, clock, withdrawal.at, to, meta.calendar), ...(explained ? { explanations: explained } : {}) } } : {}),
    ...(window ? { objectionWindow: window } : {}),
    version: c.version + 1,
    updatedAt: meta.at,
  };
  return {
    case: next,
    event: {
      caseNumber: c.caseNumber,
      seq: next.version,
      type: 'reinstated',
      at: meta.at,
      actor: meta.actor,
      from: 'withdrawn',
      to: withdrawal.from,
      reason,
      detail: { withdrawal, ...(clock && from && to && to !== from ? { clock, days, count: limit!.count, deadline: { from, to } } : {}) },
    },
  };
}
