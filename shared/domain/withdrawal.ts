import type { Case, CaseEvent, Withdrawal } from './case.js';
import { RuleViolation } from './errors.js';
import { applyCommand } from './lifecycle.js';

/**
 * 撤回: a petitioner may withdraw their matter before it is answered — the
 * problem solved between the parties, or no longer wanted. Staff record how
 * they declared it (in writing, in person, by phone) and what they said; the
 * case ends there (status `withdrawn`, no clock runs), everyone working it is
 * told to stop, and it is filed like any finished case. A matter answered
 * already is disputed by 复查, not withdrawn; raised again later, it is a new
 * petition.
 */
export function withdraw(c: Case, request: { how: Withdrawal['how']; note: string }, meta: { at: string; actor: string }): { case: Case; event: CaseEvent } {
  if (request.note.trim() === '') throw new RuleViolation('a withdrawal records what the petitioner said or wrote (撤回的意思表示)');
  const next = applyCommand(c, { action: 'withdraw', reason: request.note }, meta);
  const withdrawal: Withdrawal = { at: meta.at, by: meta.actor, how: request.how, note: request.note, from: c.status };
  const { chase: _chase, ...rest } = next.case;
  return { case: { ...rest, withdrawal }, event: { ...next.event, detail: { ...next.event.detail, how: request.how } } };
}

export const WITHDRAWAL_HOW_WORDS: Readonly<Record<Withdrawal['how'], string>> = { writing: '书面申请', inPerson: '当面提出', phone: '电话提出', online: '通过网上信访提出' };
