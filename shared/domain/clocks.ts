import type { Case } from './case.js';
import type { WorkingCalendar } from './calendar.js';
import { deadlineOrProvisional } from './deadlines.js';
import { extendedDeadline, withDeadline, withoutDeadlines } from './explain-deadline.js';
import { limitAndSource, type TimeLimitSettings } from './time-limits.js';

/**
 * The statutory clocks a lifecycle change starts or stops. Accepting a case
 * stops the acceptance clock and starts the handling clock (60 days by
 * default, from acceptance); handing a case between units keeps the handling
 * clock running — the petitioner's time does not restart because the
 * government passed the file along.
 */
export function clocksAfterAcceptance(c: Case, acceptedAt: string, settings: TimeLimitSettings, calendar: WorkingCalendar): Case['deadlines'] {
  const { limit, ...source } = limitAndSource('handling', settings, { channel: c.channel, ...(c.category ? { category: c.category } : {}) });
  const handling = deadlineOrProvisional(acceptedAt, limit, calendar, source);
  const stopped = withoutDeadlines(c.deadlines, ['acceptance']);
  const provisional = (stopped.provisional ?? []).filter((clock) => clock !== 'acceptance');
  return withDeadline({ ...stopped, provisional, started: { ...c.deadlines.started, handling: acceptedAt } }, 'handling', handling);
}

/** A declined or redirected case has no clock left running. */
export function clocksStopped(c: Case): Case['deadlines'] {
  const { provisional: _p, started: _s, ...rest } = withoutDeadlines(c.deadlines, ['acceptance', 'handling']);
  return rest;
}

/**
 * Provisional deadlines made final: a clock computed before its year's
 * holiday calendar was published (weekends only) is computed again from its
 * start once the calendar covers it — with an approved extension added again
 * after it. Answers the new deadlines and what changed, or undefined when
 * nothing can be confirmed yet.
 */
export function confirmProvisionalClocks(
  c: Case,
  settings: TimeLimitSettings,
  calendar: WorkingCalendar,
): { deadlines: Case['deadlines']; confirmed: { clock: string; from: string; to: string }[] } | undefined {
  const provisional = c.deadlines.provisional ?? [];
  const confirmed: { clock: string; from: string; to: string }[] = [];
  const deadlines: Case['deadlines'] = { ...c.deadlines };
  const still: string[] = [];
  for (const clock of provisional) {
    const start = c.deadlines.started?.[clock as keyof NonNullable<Case['deadlines']['started']>];
    const current = deadlines[clock as 'acceptance' | 'handling' | 'reply' | 'reviewDecision' | 'reReviewDecision'];
    if (!start || !current) {
      still.push(clock);
      continue;
    }
    const { limit, ...source } = limitAndSource(clock as Parameters<typeof limitAndSource>[0], settings, { channel: c.channel, ...(c.category ? { category: c.category } : {}) });
    const due = deadlineOrProvisional(start, limit, calendar, source);
    let at = due.at;
    const explanation = { ...due.explanation, adjustments: [...due.explanation.adjustments] };
    const extension = c.extension;
    if (!due.provisional && clock === 'handling' && extension?.status === 'approved') {
      // The approved extension is added again after the confirmed period, as decideExtension added it.
      const extended = extendedDeadline(
        at,
        { days: extension.days, reason: extension.reason, approvedBy: extension.decidedBy ?? '', at: extension.decidedAt ?? at },
        calendar,
        limit.lastDayOnRestDay,
      );
      if (extended.provisional) {
        still.push(clock);
        continue;
      }
      at = extended.at;
      explanation.adjustments.push(extended.adjustment);
    }
    if (due.provisional) {
      still.push(clock);
      continue;
    }
    (deadlines as Record<string, unknown>)[clock] = at;
    deadlines.explanations = { ...deadlines.explanations, [clock]: explanation };
    confirmed.push({ clock, from: current, to: at });
  }
  if (confirmed.length === 0) return undefined;
  const { provisional: _p, ...rest } = deadlines;
  return { deadlines: { ...rest, ...(still.length ? { provisional: still } : {}) }, confirmed };
}
