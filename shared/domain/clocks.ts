import type { Case } from './case.js';
import type { WorkingCalendar } from './calendar.js';
import { deadlineOrProvisional } from './deadlines.js';
import { limitFor, type TimeLimitSettings } from './time-limits.js';

/**
 * The statutory clocks a lifecycle change starts or stops. Accepting a case
 * stops the acceptance clock and starts the handling clock (60 days by
 * default, from acceptance); handing a case between units keeps the handling
 * clock running — the petitioner's time does not restart because the
 * government passed the file along.
 */
export function clocksAfterAcceptance(c: Case, acceptedAt: string, settings: TimeLimitSettings, calendar: WorkingCalendar): Case['deadlines'] {
  const limit = limitFor('handling', settings, { channel: c.channel, ...(c.category ? { category: c.category } : {}) });
  const handling = deadlineOrProvisional(acceptedAt, limit, calendar);
  const { acceptance: _stopped, provisional, started, ...rest } = c.deadlines;
  const stillProvisional = [...(provisional ?? []).filter((clock) => clock !== 'acceptance' && clock !== 'handling'), ...(handling.provisional ? ['handling'] : [])];
  return {
    ...rest,
    handling: handling.at,
    started: { ...started, handling: acceptedAt },
    ...(stillProvisional.length ? { provisional: stillProvisional } : {}),
  };
}

/** A declined or redirected case has no clock left running. */
export function clocksStopped(c: Case): Case['deadlines'] {
  const { acceptance: _a, handling: _h, provisional: _p, started: _s, ...rest } = c.deadlines;
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
    const limit = limitFor(clock as Parameters<typeof limitFor>[0], settings, { channel: c.channel, ...(c.category ? { category: c.category } : {}) });
    let due = deadlineOrProvisional(start, limit, calendar);
    if (!due.provisional && clock === 'handling' && c.extension?.status === 'approved') {
      due = deadlineOrProvisional(new Date(Date.parse(due.at) - 1).toISOString(), { days: c.extension.days, count: 'calendar' }, calendar);
    }
    if (due.provisional) {
      still.push(clock);
      continue;
    }
    (deadlines as Record<string, unknown>)[clock] = due.at;
    confirmed.push({ clock, from: current, to: due.at });
  }
  if (confirmed.length === 0) return undefined;
  const { provisional: _p, ...rest } = deadlines;
  return { deadlines: { ...rest, ...(still.length ? { provisional: still } : {}) }, confirmed };
}
