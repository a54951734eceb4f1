import type { Actor } from '../domain/access.js';
import { addressedAs } from '../domain/case.js';
import { RuleViolation } from '../domain/errors.js';
import { formatQueryCode, queryCodeIssued } from '../domain/query-code.js';
import { changeCase, type ChangeDeps } from './change-case.js';
import { hashQueryCode, newQueryCode } from './query-code.js';

/**
 * 发放查询码 by staff: a petitioner who came in person or called — often
 * with no email — is given a query code by the office's staff, to follow
 * the case on the portal (《信访工作条例》第二十一条); one who wrote by post and
 * gave only an address gets it on a slip the staff print and post (`via:
 * 'post'`: the answer gives the name and address to print on it). A new code
 * replaces any earlier one (a lost code is replaced the same way). The code
 * is answered once, to be told, handed or posted; the case records who gave
 * one, how and when, never the code — which is why the slip is printed from
 * this answer and not kept on the case as a letter.
 */
export async function issueQueryCodeAtDesk(
  deps: ChangeDeps,
  caseNumber: string,
  actor: Actor,
  how: { via?: 'desk' | 'post' | undefined } = {},
): Promise<{ queryCode: string; issuedAt: string; version: number; postTo?: { name: string; address: string } }> {
  const via = how.via ?? 'desk';
  const code = newQueryCode();
  const stored = await hashQueryCode(code);
  const c = await changeCase(deps, caseNumber, actor, 'issueQueryCode', ({ case: current }, at) => {
    if (via === 'post' && (current.petitioner.anonymous || !current.petitioner.address)) {
      throw new RuleViolation('the petitioner gave no postal address: a query code can only be posted to the address on the case', { via }).inChinese(
        '信访人没有留下通信地址：查询码只能寄往事项登记的地址',
      );
    }
    return { ...queryCodeIssued(current, { at, actor: actor.staffId, via }), queryCode: stored };
  });
  const postTo = via === 'post' ? { name: addressedAs(c.petitioner), address: c.petitioner.address! } : undefined;
  return { queryCode: formatQueryCode(code), issuedAt: c.updatedAt, version: c.version, ...(postTo ? { postTo } : {}) };
}
