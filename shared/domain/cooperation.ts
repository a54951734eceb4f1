import type { Case, CaseEvent } from './case.js';
import { InvalidTransition, RuleViolation } from './errors.js';

/**
 * 协办: a case touching several departments has one lead (牵头单位) and any
 * number of cooperating units (配合单位). A cooperating unit does not answer
 * the petitioner: it sends the lead its opinion (协办意见) within the
 * handling period, and the lead answers with the opinions in view
 * (汇总配合单位的意见后书面答复). The lead may conclude without one — a unit
 * that never answers must not hold the petitioner's answer past its limit —
 * but the conclusion records whose opinion it lacked.
 */

/** While the lead works the case: what a cooperating unit sends after the conclusion no longer shapes the answer. */
export function takesOpinions(c: Pick<Case, 'status' | 'handling'>): boolean {
  return (c.status === 'assigned' || c.status === 'inProgress') && (c.handling?.cooperating.length ?? 0) > 0;
}

export function giveCooperationOpinion(c: Case, opinion: string, meta: { at: string; actor: string; unit: string }): { case: Case; event: CaseEvent } {
  if (!takesOpinions(c)) throw new InvalidTransition('giveOpinion', c.status, 'opinions are sent to the lead while it handles the case');
  if (!c.handling!.cooperating.includes(meta.unit)) throw new RuleViolation(`${meta.unit} does not cooperate on this case`, { unit: meta.unit });
  if (opinion.trim() === '') throw new RuleViolation('an opinion needs its text (协办意见)');
  const version = c.version + 1;
  return {
    case: { ...c, cooperationOpinions: [...(c.cooperationOpinions ?? []), { unit: meta.unit, opinion, by: meta.actor, at: meta.at }], version, updatedAt: meta.at },
    event: { caseNumber: c.caseNumber, seq: version, type: 'cooperationOpinionGiven', at: meta.at, actor: meta.actor, detail: { unit: meta.unit } },
  };
}

/** The cooperating units now on the case that have sent the lead no opinion on it. */
export function opinionsMissing(c: Pick<Case, 'handling' | 'cooperationOpinions'>): string[] {
  return (c.handling?.cooperating ?? []).filter((unit) => !(c.cooperationOpinions ?? []).some((o) => o.unit === unit));
}
