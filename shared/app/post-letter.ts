import type { Actor } from '../domain/access.js';
import type { Case } from '../domain/case.js';
import { markLetterPosted } from '../domain/postal.js';
import { changeCase, type ChangeDeps } from './change-case.js';

/**
 * 寄出: staff mark a printed letter posted (shared/domain/postal.ts). The case
 * records the day with an event, and the letter leaves the office's 待寄送
 * list in the same transaction.
 */
export function postCaseLetter(deps: ChangeDeps, caseNumber: string, actor: Actor, request: { letterId: string; postedOn?: string | undefined; expectedVersion?: number | undefined }): Promise<Case> {
  return changeCase(
    deps,
    caseNumber,
    actor,
    'postLetter',
    ({ case: current }, at) => {
      const posted = markLetterPosted(current, request.letterId, { at, actor: actor.staffId, ...(request.postedOn ? { postedOn: request.postedOn } : {}) });
      return { case: posted.case, event: posted.event, posted: { id: posted.letter.id, at: posted.letter.at } };
    },
    request.expectedVersion,
  );
}
