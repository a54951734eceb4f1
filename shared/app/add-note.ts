import { assertMayDecide, type Actor, type CaseDecision } from '../domain/access.js';
import type { Case } from '../domain/case.js';
import { addCaseNote, repeatedCaseNote, type CaseNoteInput, type CaseNoteKind } from '../domain/case-note.js';
import { pendingReview } from '../domain/closing.js';
import { withInstructionAnswering } from '../domain/leader-reading.js';
import { CaseNotFound } from '../domain/errors.js';
import { changeCase, type ChangeDeps } from './change-case.js';
import { leaderInstructionNotice, progressNotice, withNotice } from './handoff/notices.js';
import { letters } from './outbox.js';

export interface CaseNoteCommand extends CaseNoteInput {
  expectedVersion?: number | undefined;
}

/** 领导批示 is a leader's act; progress and findings are whoever works the case's. */
export const noteDecision = (kind: CaseNoteKind): CaseDecision => (kind === 'instruction' ? 'giveInstruction' : 'addNote');

/**
 * 办理记录: one change — the note on the case with its `noteAdded` event, and
 * for a progress note told to the petitioner (告知信访人) the email in the
 * change's outbox (its id the note's, so a redelivered outbox sends it once);
 * the tracking page shows it from the event.
 *
 * The same note again — the same Idempotency-Key, or without one the same
 * note as the author's latest — adds nothing and sends nothing: it answers
 * the case as it is (`repeated`), even when the case moved on since the
 * version the caller saw (its first attempt did that).
 */
export async function addNoteToCase(deps: ChangeDeps, caseNumber: string, actor: Actor, command: CaseNoteCommand): Promise<{ case: Case; repeated: boolean }> {
  const { expectedVersion, ...note } = command;
  const decision = noteDecision(note.kind);
  // A retry of a note already stored: answered before the version is compared (the first attempt moved it on).
  const found = await deps.store.get(caseNumber);
  if (!found) throw new CaseNotFound(caseNumber);
  assertMayDecide(actor, decision, found.case, deps.province.tree, pendingReview(found.case)?.jurisdiction);
  if (note.noteKey !== undefined && repeatedCaseNote(found.case, note, actor.staffId)?.noteKey === note.noteKey) return { case: found.case, repeated: true };
  let repeated = false;
  const changed = await changeCase(
    deps,
    caseNumber,
    actor,
    decision,
    ({ case: current }, at) => {
      repeated = repeatedCaseNote(current, note, actor.staffId) !== undefined;
      if (repeated) return undefined;
      const added = addCaseNote(current, note, { at, actor: actor.staffId });
      const change = { case: added.case, event: added.event };
      if (added.note.kind === 'instruction') {
        // 呈领导阅批: the instruction of a leader the case waits on is their reading of it (已批示).
        const answering = withInstructionAnswering(added.case, actor.staffId, at, added.note.seq);
        const event = answering.answered === undefined ? added.event : { ...added.event, detail: { ...added.event.detail, answersReading: answering.answered } };
        return { case: answering.case, event, outbox: letters(leaderInstructionNotice(deps.province, answering.case, added.note)) };
      }
      return added.note.toldPetitioner ? withNotice(change, progressNotice(deps.province, added.case, added.note, at)) : change;
    },
    expectedVersion,
  );
  return { case: changed, repeated };
}
