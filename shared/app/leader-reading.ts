import type { Actor } from '../domain/access.js';
import type { Case } from '../domain/case.js';
import { VersionConflict } from '../domain/errors.js';
import { markLeaderRead, submitForLeaderReading } from '../domain/leader-reading.js';
import { changeCase, type ChangeDeps } from './change-case.js';
import { leaderReadingNotice } from './handoff/notices.js';
import { letters } from './outbox.js';

/**
 * 呈领导阅批 (shared/domain/leader-reading.ts): one change — the submission on
 * the case with its event, the case on the leader's 待阅批 list (change-case.ts)
 * and the email to the leader in the outbox, its id the submission's, so a
 * redelivered outbox sends it once. The same submission again (a retry after
 * a lost response) answers with the case as it is, sending nothing.
 */
export function submitLeaderReading(deps: ChangeDeps, caseNumber: string, actor: Actor, request: { leader: string; opinion: string; expectedVersion?: number | undefined }) {
  const named = deps.province.staff(request.leader);
  const change = () =>
    changeCase(
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
  // A retry carries the version the first request saw, which that request itself moved on: it is the very submission
  // made at the next version, not a conflict.
  const sameSubmission = (c: Case) =>
    (c.leaderReadings ?? []).some((r) => r.seq === request.expectedVersion! + 1 && r.leader === request.leader && r.opinion === request.opinion.trim() && r.submittedBy === actor.staffId);
  return retried(deps, caseNumber, request.expectedVersion, change, sameSubmission);
}

/** 已阅: the leader the case waits on marks it read without an instruction (a 领导批示 answers it too: add-note.ts). */
export function markLeaderReadingRead(deps: ChangeDeps, caseNumber: string, actor: Actor, expectedVersion?: number) {
  const change = () => changeCase(deps, caseNumber, actor, 'markLeaderRead', ({ case: c }, at) => markLeaderRead(c, actor, at), expectedVersion);
  // A retry with the version its first request saw: their reading is marked read already and nothing else waits on them.
  const alreadyRead = (c: Case) => {
    const theirs = (c.leaderReadings ?? []).filter((r) => r.leader === actor.staffId);
    return !theirs.some((r) => r.status === 'waiting') && theirs.at(-1)?.status === 'read';
  };
  return retried(deps, caseNumber, expectedVersion, change, alreadyRead);
}

/** The change; on a version conflict, the case as it stands when the conflict is this caller's own earlier request. */
async function retried(deps: ChangeDeps, caseNumber: string, expectedVersion: number | undefined, change: () => Promise<Case>, isOwn: (c: Case) => boolean): Promise<Case> {
  try {
    return await change();
  } catch (error) {
    if (!(error instanceof VersionConflict) || expectedVersion === undefined) throw error;
    // changeCase checked who may act before the version, so the case may be shown to this caller.
    const found = await deps.store.get(caseNumber);
    if (found && isOwn(found.case)) return found.case;
    throw error;
  }
}
