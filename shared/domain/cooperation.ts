import type { Case, CaseEvent, CooperationOpinion } from './case.js';
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

const MAX_OPINIONS_PER_UNIT = 5;

/** While the lead works the case: what a cooperating unit sends after the conclusion no longer shapes the answer. */
export function takesOpinions(c: Pick<Case, 'status' | 'handling'>): boolean {
  return (c.status === 'assigned' || c.status === 'inProgress') && (c.handling?.cooperating.length ?? 0) > 0;
}

export function giveCooperationOpinion(c: Case, opinion: string, meta: { at: string; actor: string; unit: string }): { case: Case; event: CaseEvent } {
  if (!takesOpinions(c)) throw new InvalidTransition('giveOpinion', c.status, 'opinions are sent to the lead while it handles the case').inChinese('协办意见应当在主办单位办理期间提出');
  if (!c.handling!.cooperating.includes(meta.unit)) {
    throw new RuleViolation(`${meta.unit} does not cooperate on this case`, { unit: meta.unit }).inChinese(`${meta.unit} 不是该事项的协办单位`);
  }
  if (opinion.trim() === '') throw new RuleViolation('an opinion needs its text (协办意见)').inChinese('请填写协办意见').about('opinion');
  // Kept on the case item, which every change rewrites: a bounded record, not a chat.
  if ((c.cooperationOpinions ?? []).filter((o) => o.unit === meta.unit).length >= MAX_OPINIONS_PER_UNIT) {
    throw new RuleViolation(`a unit sends at most ${MAX_OPINIONS_PER_UNIT} opinions on a case; add further material as a note to the lead`, { unit: meta.unit }).inChinese(
      `每个单位对一件事项至多提出 ${MAX_OPINIONS_PER_UNIT} 条协办意见；其他材料请以备注形式提供给主办单位`,
    );
  }
  const version = c.version + 1;
  return {
    case: { ...c, cooperationOpinions: [...(c.cooperationOpinions ?? []), { unit: meta.unit, opinion, by: meta.actor, at: meta.at }], version, updatedAt: meta.at },
    event: { caseNumber: c.caseNumber, seq: version, type: 'cooperationOpinionGiven', at: meta.at, actor: meta.actor, detail: { unit: meta.unit } },
  };
}

/** The opinions of the current round of handling (since it was assigned, transferred or reopened). */
export function currentOpinions(c: Pick<Case, 'cooperationOpinions' | 'handlingSince'>): CooperationOpinion[] {
  return (c.cooperationOpinions ?? []).filter((o) => c.handlingSince === undefined || o.at >= c.handlingSince);
}

/** The cooperating units now on the case that have sent the lead no opinion in this round of handling. */
export function opinionsMissing(c: Pick<Case, 'handling' | 'cooperationOpinions' | 'handlingSince'>): string[] {
  const given = currentOpinions(c);
  return (c.handling?.cooperating ?? []).filter((unit) => !given.some((o) => o.unit === unit));
}
