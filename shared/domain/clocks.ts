import type { Case } from './case.js';
import { deadlineAfter, limitFor, type TimeLimitSettings } from './time-limits.js';

/**
 * The statutory clocks a lifecycle change starts or stops. Accepting a case
 * stops the acceptance clock and starts the handling clock (60 days by
 * default, from acceptance); handing a case between units keeps the handling
 * clock running — the petitioner's time does not restart because the
 * government passed the file along.
 */
export function clocksAfterAcceptance(c: Case, acceptedAt: string, settings: TimeLimitSettings): Case['deadlines'] {
  const handling = limitFor('handling', settings, { channel: c.channel, ...(c.category ? { category: c.category } : {}) });
  const { acceptance: _stopped, ...rest } = c.deadlines;
  return { ...rest, handling: deadlineAfter(acceptedAt, handling) };
}

/** A declined or redirected case has no clock left running. */
export function clocksStopped(c: Case): Case['deadlines'] {
  const { acceptance: _a, handling: _h, ...rest } = c.deadlines;
  return rest;
}
