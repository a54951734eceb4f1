import type { Actor } from './access.js';
import type { Case, CaseEvent, CaseResult } from './case.js';
import { InvalidTransition } from './errors.js';

/**
 * 审核签发 (optional, per jurisdiction): "制作《信访事项处理意见书》，经主管
 * 局长审核，局长审批后，答复上访人". Where an office requires it, the letter
 * of the result 办结 recorded is approved by a unit head or a leader — never
 * the one who concluded — before 答复 sends it. The rule in force is kept on
 * the result when it is concluded, so a case concluded before an office
 * turned it on goes as it was. `none` (the default): anyone who may reply
 * sends it as before.
 */
export const REPLY_SIGN_OFF_RULES = ['none', 'unitHead', 'leader'] as const;
export type ReplySignOffRule = (typeof REPLY_SIGN_OFF_RULES)[number];

const WHO: Readonly<Record<Exclude<ReplySignOffRule, 'none'>, string>> = { unitHead: '承办单位负责人', leader: '领导' };

/** The result as 办结 records it under the office's rule. */
export function withSignOffRule(result: CaseResult, rule: ReplySignOffRule): CaseResult {
  return rule === 'none' ? result : { ...result, signOff: { rule } };
}

/** Waiting for its sign-off (待签发): concluded, a sign-off required, none given. */
export function awaitingSignOff(c: Pick<Case, 'status' | 'result'>): boolean {
  return c.status === 'concluded' && c.result?.signOff !== undefined && c.result.signOff.at === undefined;
}

/**
 * Who may approve: for `unitHead`, the head of the unit that concluded (a
 * case no unit had: a leader of the office holding it); for `leader`, a
 * leader of that office. Never the one who concluded it.
 */
export function maySignOff(actor: Actor, c: Pick<Case, 'jurisdiction' | 'result'>): boolean {
  const rule = c.result?.signOff?.rule;
  if (!rule || actor.staffId === c.result!.concludedBy) return false;
  const leader = actor.roles.includes('leader') && !actor.unit && actor.jurisdiction === c.jurisdiction;
  if (rule === 'leader') return leader;
  return c.result!.unit ? actor.roles.includes('unitHead') && actor.unit === c.result!.unit : leader;
}

/** 签发: the approver approves the letter of the current result; recorded as an event. */
export function signOffReply(c: Case, actor: Actor, at: string): { case: Case; event: CaseEvent } {
  const signOff = c.result?.signOff;
  if (c.status !== 'concluded' || !c.result) {
    throw new InvalidTransition('signOffReply', c.status, 'only a concluded case not yet replied has a letter to sign off').inChinese('只有已办结、尚未答复的事项才能签发处理意见书');
  }
  if (!signOff) throw new InvalidTransition('signOffReply', c.status, 'this office did not require the letter to be signed off').inChinese('本机关未要求处理意见书审核签发');
  if (signOff.at) {
    throw new InvalidTransition('signOffReply', c.status, `the letter was signed off on ${signOff.at} by ${signOff.by}`).inChinese(`处理意见书已由${signOff.by ?? '领导'}签发`);
  }
  if (actor.staffId === c.result.concludedBy) {
    throw new InvalidTransition('signOffReply', c.status, 'the one who concluded the case does not sign off its letter').inChinese(`办结人不能签发自己办结的处理意见书，须由其他${WHO[signOff.rule]}审核签发`);
  }
  if (!maySignOff(actor, c)) {
    throw new InvalidTransition('signOffReply', c.status, `the letter is signed off by ${signOff.rule === 'leader' ? 'a leader of the office' : 'the head of the concluding unit'}`).inChinese(`处理意见书须由${WHO[signOff.rule]}审核签发`);
  }
  const version = c.version + 1;
  return {
    case: { ...c, result: { ...c.result, signOff: { ...signOff, at, by: actor.staffId } }, version, updatedAt: at },
    event: { caseNumber: c.caseNumber, seq: version, type: 'replySignedOff', at, actor: actor.staffId, detail: { rule: signOff.rule } },
  };
}

/** 答复 waits for the sign-off the office required. */
export function assertSignedOff(c: Pick<Case, 'status' | 'result'>): void {
  if (awaitingSignOff(c)) {
    const rule = c.result!.signOff!.rule;
    throw new InvalidTransition('reply', c.status, `the decision letter awaits its sign-off by ${rule === 'leader' ? 'a leader' : 'the unit head'} (待签发)`).inChinese(`处理意见书待签发：须经${WHO[rule]}审核签发后才能答复`);
  }
}

/** A corrected result is signed off again: the approval was of the letter as it read. */
export function withSignOffVoided(result: CaseResult): CaseResult {
  return result.signOff?.at ? { ...result, signOff: { rule: result.signOff.rule } } : result;
}
