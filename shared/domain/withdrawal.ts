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

/**
 * Words that say a withdrawal is not the petitioner's free will — pressed by
 * the unit, the accused, or anyone (劝访、压访): 逼我撤回, 被迫, 威胁…. Such a
 * request on the portal withdraws nothing; the office is told to look into it.
 */
const PRESSURE = /逼|被迫|迫于|威胁|施压|强迫|胁迫|不得不|不得已|(?:让|叫|要|要求|逼着)我撤/;

/** The pressure word a withdrawal's reason names, if any. */
export function pressureIn(reason: string): string | undefined {
  return PRESSURE.exec(reason)?.[0];
}
