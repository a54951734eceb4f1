import type { Actor } from '../domain/access.js';
import { markLeaderRead, submitForLeaderReading } from '../domain/leader-reading.js';
import { changeCase, type ChangeDeps } from './change-case.js';
import { leaderReadingNotice } from './handoff/notices.js';
import { letters } from './outbox.js';

/**
 * 呈领导阅批 (shared/domain/leader-reading.ts): one change — the submission on
 * the case with its event, the case on the leader's 待阅批 list (change-case.ts)
 * and the email to the leader in the outbox, its id the submission's, so a
 * redelivered outbox sends it once.
 */
export function submitLeaderReading(deps: ChangeDeps, caseNumber: string, actor: Actor, request: { leader: string; opinion: string; expectedVersion?: number | undefined }) {
  const named = deps.province.staff(request.leader);
  return changeCase(
    deps,
    caseNumber,
    actor,
    'submitLeaderReading',
    ({ case: c }, at) => {
      const submitted = submitForLeaderReading(c, request, named, deps.province.tree, { at, actor: actor.staffId });
      if (!submitted) return undefined;
      return { case: submitted.case, event: submitted.event, outbox: letters(leaderReadingNotice(deps.province, submitted.case, submitted.reading)) };
    },
    request.expectedVersion,
  );
}

/** 已阅: the leader the case waits on marks it read without an instruction (a 领导批示 answers it too: add-note.ts). */
export function markLeaderReadingRead(deps: ChangeDeps, caseNumber: string, actor: Actor, expectedVersion?: number) {
  // Who may act as a leader on the case at all (its jurisdiction or above); the domain checks it waits on this one.
  return changeCase(deps, caseNumber, actor, 'markLeaderRead', ({ case: c }, at) => markLeaderRead(c, actor, at), expectedVersion);
}
