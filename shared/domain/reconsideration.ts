import type { Case, CaseEvent, PostalLetter } from './case.js';
import type { WorkingCalendar } from './calendar.js';
import { deadlineOrProvisional } from './deadlines.js';
import { withDeadline } from './explain-deadline.js';
import { InvalidTransition, RuleViolation } from './errors.js';
import { withLettersVoided } from './postal.js';
import { limitAndSource, type TimeLimitSettings } from './time-limits.js';

/** The letters that carry a decision not to accept, or to go elsewhere. */
const DECISION_LETTERS: Readonly<Record<'declined' | 'redirected', string>> = { declined: 'declineNotice', redirected: 'redirectNotice' };

/**
 * 撤销原决定 (自行纠错): a decision not to accept (不予受理) or to send the
 * petitioner to another body (告知向有权机关提出) found wrong — a reason that
 * was no reason, the wrong channel named — is withdrawn by the office, with
 * why, before the case is archived. The case is back to be decided
 * (`registered`), with a fresh acceptance clock from now: the office decides
 * again within its limit and tells the petitioner, whom the withdrawal of the
 * decision is told at once. The decision withdrawn stays in the events.
 *
 * A letter of that decision still waiting to be posted or told by phone is
 * void (作废, `voided`): it is not sent after. The withdrawal is told all the
 * same — staff record posting after the fact, so the refusal may have left.
 */
export function reconsider(
  c: Case,
  reason: string,
  meta: { at: string; actor: string; settings: TimeLimitSettings; calendar: WorkingCalendar },
): { case: Case; event: CaseEvent; voided: PostalLetter[] } {
  if (c.status !== 'declined' && c.status !== 'redirected') {
    throw new InvalidTransition('reconsider', c.status, 'only a decision not to accept (不予受理) or to send the petitioner elsewhere (告知向有权机关提出) is withdrawn; an archived case is kept as filed').inChinese(
      '只有不予受理或告知向有权机关提出的决定才能撤销；已归档的事项按归档时的原样保存',
    );
  }
  if (reason.trim() === '') throw new RuleViolation('withdrawing a decision records why (e.g. 原告知的途径有误，该事项属于信访事项)').inChinese('撤销原决定需要写明理由（如：原告知的途径有误，该事项属于信访事项）');
  const { limit, ...source } = limitAndSource('acceptance', meta.settings, { channel: c.channel, ...(c.category ? { category: c.category } : {}) });
  const due = deadlineOrProvisional(meta.at, limit, meta.calendar, source);
  const { case: unsent, voided } = withLettersVoided(c, [DECISION_LETTERS[c.status]], meta.at);
  const next: Case = {
    ...unsent,
    status: 'registered',
    deadlines: withDeadline({ ...c.deadlines, started: { ...c.deadlines.started, acceptance: meta.at } }, 'acceptance', due),
    version: c.version + 1,
    updatedAt: meta.at,
  };
  return {
    case: next,
    event: {
      caseNumber: c.caseNumber,
      seq: next.version,
      type: 'reopened',
      at: meta.at,
      actor: meta.actor,
      from: c.status,
      to: 'registered',
      reason,
      detail: { decisionWithdrawn: c.status, acceptance: due.at, ...(voided.length ? { lettersVoided: voided.map((l) => l.subject) } : {}) },
    },
    voided,
  };
}
