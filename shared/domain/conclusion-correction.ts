import type { Case, CaseEvent, CaseResult } from './case.js';
import { InvalidTransition, RuleViolation } from './errors.js';
import { assertOutcomeFits } from './outcome.js';
import { withSignOffVoided } from './reply-signoff.js';

/** What a correction may change of the recorded result (办理结果): the letter's three parts and the outcome counted in statistics. */
export const CORRECTABLE_RESULT = ['facts', 'basis', 'decision', 'outcome'] as const;
export type CorrectableResultField = (typeof CORRECTABLE_RESULT)[number];

export const RESULT_FIELD_WORDS: Readonly<Record<CorrectableResultField, string>> = { facts: '查明的事实', basis: '政策或法律依据', decision: '处理意见', outcome: '办理结果（支持与否、解答或采纳情况）' };

export type ConclusionCorrection = Pick<CaseResult, CorrectableResultField> & { reason: string };

/**
 * The result a correction asks for is already recorded by an earlier
 * correction with the same reason: the same request delivered again (a client
 * retry, a double click). It changes nothing and is not refused, so the
 * caller who lost the first answer is told it was done.
 */
export function repeatedConclusionCorrection(c: Pick<Case, 'result'>, events: readonly Pick<CaseEvent, 'type' | 'reason'>[], request: ConclusionCorrection): boolean {
  if (!c.result || CORRECTABLE_RESULT.some((field) => c.result![field] !== tidy(request[field]))) return false;
  const last = [...events].reverse().find((e) => e.type === 'conclusionCorrected' || e.type === 'concluded');
  return last?.type === 'conclusionCorrected' && last.reason === request.reason.trim();
}

/**
 * 更正办理结果: between 办结 and 答复 the 处理意见书 is read over (审核签发),
 * and a mistake found in the facts, the basis, the decision or the outcome is
 * corrected before it goes out — never after: an answer the petitioner has is
 * disputed by 复查 (条例 第三十五条), not rewritten. The conclusion stands as
 * it was made (its time, who made it, its unit: the statistics' 办结 date and
 * 按期办结 do not move); the event keeps each field changed, from what to
 * what, and why — nothing is overwritten without a trace.
 */
export function correctConclusion(c: Case, request: ConclusionCorrection, meta: { at: string; actor: string }): { case: Case; event: CaseEvent } {
  if (c.status !== 'concluded' || !c.result) {
    const answered = c.reply !== undefined || ['replied', 'underReview', 'underReReview', 'closed', 'archived'].includes(c.status);
    throw new InvalidTransition('correctConclusion', c.status, answered ? 'the decision letter has gone to the petitioner: the result is no longer corrected (the petitioner may ask for a review)' : 'only a concluded case not yet replied has a result to correct').inChinese(
      answered ? '处理意见书已答复信访人，办理结果不能再更正；信访人不服的，可以请求复查（复核）' : '只有已办结、尚未答复的事项才能更正办理结果',
    );
  }
  for (const field of ['facts', 'basis', 'decision'] as const) {
    if (tidy(request[field]) === '') throw new RuleViolation(`the result needs ${field} (${RESULT_FIELD_WORDS[field]})`, { field }).inChinese(`办理结果需要填写${RESULT_FIELD_WORDS[field]}`).about(field);
  }
  assertOutcomeFits(c.category, request.outcome);
  const reason = request.reason.trim();
  if (reason === '') throw new RuleViolation('a correction needs its reason (e.g. 审核签发时发现依据条款引用有误)').inChinese('更正须说明原因（如：审核签发时发现依据条款引用有误）').about('reason');
  const before = c.result;
  const changed = CORRECTABLE_RESULT.filter((field) => tidy(request[field]) !== before[field]);
  if (changed.length === 0) throw new RuleViolation('nothing to correct: the result given is the one recorded').inChinese('没有需要更正的内容：所填办理结果与已记录的一致');
  const previous = Object.fromEntries(changed.map((field) => [field, before[field]]));
  const corrected = Object.fromEntries(changed.map((field) => [field, tidy(request[field])]));
  const result: CaseResult = { ...before, ...corrected, correctedBy: meta.actor };
  // The first conclusion's outcome is this one's while the case was not handled again: statistics count the corrected outcome.
  const firstConclusion = c.firstConclusion && c.firstConclusion.at === before.concludedAt ? { ...c.firstConclusion, outcome: result.outcome } : c.firstConclusion;
  const version = c.version + 1;
  // 审核签发 approved the letter as it read: a corrected one is signed off again before it goes.
  const voided = before.signOff?.by;
  return {
    case: { ...c, result: withSignOffVoided(result), ...(firstConclusion ? { firstConclusion } : {}), version, updatedAt: meta.at },
    event: { caseNumber: c.caseNumber, seq: version, type: 'conclusionCorrected', at: meta.at, actor: meta.actor, reason, detail: { changed, previous, corrected, ...(voided ? { signOffVoided: voided } : {}) } },
  };
}

const tidy = (value: string): string => value.trim();
