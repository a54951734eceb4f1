import type { Actor } from '../domain/access.js';
import type { Case } from '../domain/case.js';
import type { Province } from '../domain/province.js';
import { BUILT_IN_SUSPENSION_GROUNDS, resumeClock, suspendClock } from '../domain/suspension.js';
import { changeCase, type ChangeDeps } from './change-case.js';
import { resumptionNotice, suspensionNotice, withNotice } from './handoff/notices.js';

/** The grounds a clock may be suspended on: 听证, 鉴定 and the province's configured ones. */
export function suspensionGrounds(province: Province): Readonly<Record<string, string>> {
  return { ...BUILT_IN_SUSPENSION_GROUNDS, ...province.config.defaults.suspensionGrounds };
}

/** 中止: the office or a leader stops the running clock, with the ground and the reason; the petitioner is told (email or post). */
export function suspendCaseClock(deps: ChangeDeps, caseNumber: string, actor: Actor, request: { ground: string; reason: string; expectedVersion?: number }): Promise<Case> {
  return changeCase(
    deps,
    caseNumber,
    actor,
    'suspendClock',
    ({ case: current }, at) => {
      const grounds = suspensionGrounds(deps.province);
      const suspended = suspendClock(current, request, { at, actor: actor.staffId, grounds });
      return withNotice(suspended, suspensionNotice(deps.province, suspended.case, grounds, at));
    },
    request.expectedVersion,
  );
}

/** Resumes it the same way: the deadline moves by the days it stood still, as its limit counts them; the petitioner is told the new deadline. */
export function resumeCaseClock(deps: ChangeDeps, caseNumber: string, actor: Actor, request: { reason: string; expectedVersion?: number }): Promise<Case> {
  return changeCase(
    deps,
    caseNumber,
    actor,
    'suspendClock',
    ({ case: current }, at) => {
      const resumed = resumeClock(current, request, { at, actor: actor.staffId, settings: deps.province.timeLimitsFor(current.jurisdiction), calendar: deps.province.calendar });
      return withNotice(resumed, resumptionNotice(deps.province, resumed.case, suspensionGrounds(deps.province), at));
    },
    request.expectedVersion,
  );
}
