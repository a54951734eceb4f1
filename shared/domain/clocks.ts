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
