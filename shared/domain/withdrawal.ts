import type { Case, CaseEvent, Withdrawal } from './case.js';
import { RuleViolation, type Refusal } from './errors.js';
import { applyCommand } from './lifecycle.js';

/** What staff record of a withdrawal: how it was declared, what was said, and for a collective petition who declared it. */
export interface WithdrawalRequest {
  how: Withdrawal['how'];
  note: string;
  /** A collective petition's representatives who declared it, by name. */
  representatives?: readonly string[] | undefined;
}

/**
 * 撤回: a petitioner may withdraw their matter before it is answered — the
 * problem solved between the parties, or no longer wanted. Staff record how
 * they declared it (in writing, in person, by phone) and what they said; the
 * case ends there (status `withdrawn`, no clock runs), everyone working it is
 * told to stop, and it is filed like any finished case. A matter answered
 * already is disputed by 复查, not withdrawn; raised again later, it is a new
 * petition. A collective petition is withdrawn only by all its representatives
 * together (collectiveWithdrawalRefusal).
 */
export function withdraw(c: Case, request: WithdrawalRequest, meta: { at: string; actor: string }): { case: Case; event: CaseEvent } {
  if (request.note.trim() === '') throw new RuleViolation('a withdrawal records what the petitioner said or wrote (撤回的意思表示)').inChinese('请记录信访人撤回的意思表示（说了或写了什么）');
  const refusal = collectiveWithdrawalRefusal(c, request);
  if (refusal) throw new RuleViolation(refusal.message, { field: 'representatives', rule: '第二十条' }).inChinese(refusal.chinese);
  const representatives = c.collective ? request.representatives!.map((name) => name.trim()) : undefined;
  const next = applyCommand(c, { action: 'withdraw', reason: request.note }, meta);
  const withdrawal: Withdrawal = { at: meta.at, by: meta.actor, how: request.how, note: request.note, ...(representatives ? { representatives } : {}), from: c.status };
  const { chase: _chase, ...rest } = next.case;
  return { case: { ...rest, withdrawal }, event: { ...next.event, detail: { ...next.event.detail, how: request.how, ...(representatives ? { representatives } : {}) } } };
}

/** How representatives declare a withdrawal together: a written request they sign, or in person at the office. */
export const COLLECTIVE_WITHDRAWAL_HOW: readonly Withdrawal['how'][] = ['writing', 'inPerson'];

/**
 * Why this withdrawal of a collective petition (集体访) cannot be recorded, or
 * undefined when it can. The group speaks through the representatives it chose
 * (条例第二十条): one member's call, or one representative alone, does not end
 * the matter for everyone — all the agreed representatives declare it, in
 * writing or in person, and the request names them.
 */
export function collectiveWithdrawalRefusal(c: Pick<Case, 'collective'>, request: WithdrawalRequest): Refusal | undefined {
  const named = (request.representatives ?? []).map((name) => name.trim());
  if (!c.collective) return named.length ? { message: 'only a collective petition (集体访) is withdrawn by representatives: leave `representatives` out', chinese: '只有集体访由代表撤回：请不要填写代表' } : undefined;
  if (!COLLECTIVE_WITHDRAWAL_HOW.includes(request.how)) {
    return {
      message: `a collective petition (集体访) is withdrawn by its representatives together, in writing or in person at the office (条例第二十条), not ${request.how === 'phone' ? 'by phone' : 'online'}`,
      chinese: `集体访应当由代表共同以书面形式或到信访部门当面提出撤回（《信访工作条例》第二十条），不能${request.how === 'phone' ? '通过电话' : '在网上'}撤回`,
    };
  }
  const agreed = c.collective.representatives.map((r) => r.name?.trim() ?? '');
  if (agreed.length === 0) {
    return {
      message: 'a collective petition (集体访) is withdrawn by its agreed representatives (条例第二十条), and none are agreed yet: agree them with the group first (商定代表)',
      chinese: '集体访由商定的代表撤回（《信访工作条例》第二十条），目前尚未商定代表：请先与信访群众商定代表',
    };
  }
  if (agreed.includes('')) {
    // Who declared it must be named: a representative recorded without a name cannot be.
    return {
      message: 'a collective petition (集体访) is withdrawn by all its agreed representatives (条例第二十条), and one of them has no name recorded: record their names (商定代表) first',
      chinese: '集体访由全体商定的代表撤回（《信访工作条例》第二十条），其中有代表未记录姓名：请先在商定代表中记录姓名',
    };
  }
  const unknown = named.filter((name) => !agreed.includes(name));
  if (unknown.length) {
    return {
      message: `${unknown.join('、')} ${unknown.length > 1 ? 'are not representatives' : 'is not a representative'} of this collective petition (its representatives: ${agreed.join('、')})`,
      chinese: `${unknown.join('、')}不是本集体访的代表（代表为：${agreed.join('、')}）`,
    };
  }
  // Each agreed representative declared it: a name given once counts for one of them.
  const missing = [...agreed];
  for (const name of named) {
    const at = missing.indexOf(name);
    if (at >= 0) missing.splice(at, 1);
  }
  if (missing.length) {
    return {
      message: `a collective petition (集体访) is withdrawn by all its agreed representatives together (条例第二十条): ${missing.join('、')} did not declare it (declared: ${named.length ? named.join('、') : 'none named'})`,
      chinese: `集体访由全体商定的代表共同撤回（《信访工作条例》第二十条）：${missing.join('、')}没有表示撤回（已表示撤回：${named.length ? named.join('、') : '无'}）`,
    };
  }
  return undefined;
}

export const WITHDRAWAL_HOW_WORDS: Readonly<Record<Withdrawal['how'], string>> = { writing: '书面申请', inPerson: '当面提出', phone: '电话提出', online: '通过网上信访提出' };

/**
 * Words that say a withdrawal is not the petitioner's free will — pressed by
 * the unit, the accused, or anyone (劝访、压访): 逼我撤回, 被迫, 威胁, 不是我自愿的….
 * Such a request on the portal withdraws nothing; the office is told to look into it.
 * 劝 counts unless it is the petitioner's own family talking it over with
 * them (家人劝我撤回): persuasion at home is not 压访 by itself, while a
 * threat from anyone (家里人被威胁) still is.
 */
const PRESSURE =
  /逼|被迫|迫于|威胁|施压|强迫|胁迫|不得不|不得已|违心|(?:非|不是|并非|并不是)(?:我|本人)?(?:本人)?(?:自愿|本意|真实意愿|真心)|(?:让|叫|要|要求|逼着)我撤|(?<!(?:家人|家里人?|家属|亲戚|亲属|朋友|孩子|儿子|女儿|儿女|老伴|爱人|丈夫|妻子|老公|老婆|父母|爸妈|爸爸|妈妈)(?:都|也|一直|反复|多次)?)劝我撤|做我(?:的)?工作|不撤(?:回)?(?:就|的话)|(?:否则|不然)就?(?:不给|不让|取消|停|扣|开除|辞退|拆)|只(?:好|能)撤|没办法(?:才|只好)?撤/;

/**
 * Saying the opposite — nobody pressed them (没有任何人逼我, 没人逼我, 无人强迫,
 * 不是被迫的, 并非被迫, 没有受到任何压力) — is the petitioner's free will: these
 * words are taken out before PRESSURE is read. Not after 要/若 (要不是被逼… is
 * the opposite), and only a negation standing right before the pressure word,
 * so 无奈被逼 or 无法忍受他们的威胁 stay pressure.
 */
export const FREE_WILL =
  /(?<![要若])(?:没有|没|并没有|并无|无|毫无|不存在|从来没有|从没有?|从未|不是|并非|并不是|绝非|绝不是|绝对没有)(?:受到?|被)?(?:任何|什么)?(?:人|谁)?(?:的)?(?:对我|向我|给我|逼着|被)?(?:逼迫?|被迫|强迫|胁迫|威胁|施压|压力)(?:过)?我?(?:的)?/g;

/** The pressure word a withdrawal's reason names, if any; words saying there was none (FREE_WILL) do not count. */
export function pressureIn(reason: string): string | undefined {
  return PRESSURE.exec(reason.replace(FREE_WILL, '　'))?.[0];
}
