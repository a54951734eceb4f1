import { CONSULTATION_OUTCOMES, SUGGESTION_OUTCOMES, SUPPORT_OUTCOMES, type Outcome } from './case.js';
import { RuleViolation } from './errors.js';

/**
 * 办理结果 (the outcome counted in statistics), by what the petitioner raised.
 * A request, complaint, report or dispute (求决、申诉、检举控告) asked for
 * something, and is 支持 / 部分支持 / 不支持. A consultation (政策咨询) asked a
 * question: "属咨询事项且政策界限明确的，当场答复来访人" — it is answered
 * (已解答), not supported. A suggestion (意见建议) offered something: it is
 * adopted, partly adopted or not (已采纳 / 部分采纳 / 未采纳).
 */
export { CONSULTATION_OUTCOMES, OUTCOMES, SUGGESTION_OUTCOMES, SUPPORT_OUTCOMES, type Outcome } from './case.js';

export const OUTCOME_LABELS: Readonly<Record<Outcome, string>> = {
  supported: '支持',
  partlySupported: '部分支持',
  notSupported: '不支持',
  answered: '已解答',
  adopted: '已采纳',
  partlyAdopted: '部分采纳',
  notAdopted: '未采纳',
};

/** The outcomes a case of this category may be concluded with; uncategorised cases are requests. */
export function outcomesFor(category: string | undefined): readonly Outcome[] {
  if (category === 'consultation') return CONSULTATION_OUTCOMES;
  if (category === 'suggestion') return SUGGESTION_OUTCOMES;
  return SUPPORT_OUTCOMES;
}

/** Whether an outcome says if a request was supported: only those count in the 解决率 (statistics). */
export function isSupportOutcome(outcome: Outcome | undefined): boolean {
  return (SUPPORT_OUTCOMES as readonly string[]).includes(outcome ?? '');
}

const CATEGORY_WORDS: Readonly<Record<string, string>> = { consultation: '政策咨询', suggestion: '意见建议' };

/** 办结 and 更正办理结果: the outcome must fit what was raised — a consultation is answered, a request is not. */
export function assertOutcomeFits(category: string | undefined, outcome: Outcome): void {
  const allowed = outcomesFor(category);
  if (allowed.includes(outcome)) return;
  const words = allowed.map((o) => OUTCOME_LABELS[o]).join('、');
  const what = category && CATEGORY_WORDS[category] ? `${CATEGORY_WORDS[category]}事项` : '求决、申诉、检举控告等事项';
  throw new RuleViolation(`the outcome ${outcome} does not fit a ${category ?? 'uncategorised'} case: it is concluded as ${allowed.join(', ')}`, { field: 'outcome', allowed: [...allowed] })
    .inChinese(`${what}的办理结果应为${words}，不能为“${OUTCOME_LABELS[outcome]}”`)
    .about('outcome');
}
