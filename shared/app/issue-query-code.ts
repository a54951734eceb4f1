import type { Actor } from '../domain/access.js';
import { addressedAs, type Case } from '../domain/case.js';
import { RuleViolation } from '../domain/errors.js';
import { formatQueryCode, queryCodeIssued } from '../domain/query-code.js';
import { formatChinaDateTime } from '../domain/case-number.js';
import type { Province } from '../domain/province.js';
import { changeCase, type ChangeDeps } from './change-case.js';
import { fromHoldingOffice } from './closing/letters.js';
import { letters } from './outbox.js';
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
 * this answer and not kept on the case as a letter. A petitioner with an
 * email on record is told there that a new code was given (never the code):
 * one who did not ask knows their code stopped working, and can take one of
 * their own by email, which replaces the desk's.
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
    const issued = queryCodeIssued(current, { at, actor: actor.staffId, via });
    return { ...issued, queryCode: stored, outbox: letters(replacedNotice(deps.province, issued.case, at, via)) };
  });
  const postTo = via === 'post' ? { name: addressedAs(c.petitioner), address: c.petitioner.address! } : undefined;
  return { queryCode: formatQueryCode(code), issuedAt: c.updatedAt, version: c.version, ...(postTo ? { postTo } : {}) };
}

/** To the email on record: a new code was given by staff and the earlier one no longer works (the code itself is not in it). */
function replacedNotice(province: Province, c: Case, at: string, via: 'desk' | 'post') {
  if (c.petitioner.anonymous || !c.petitioner.email) return undefined;
  // One per issued code (the case's version), so a redelivery sends it once.
  const mail = { id: `querycode-replaced:${c.caseNumber}:${c.version}`, to: c.petitioner.email, extra: { autoSubmitted: 'auto-generated' as const } };
  return fromHoldingOffice(province, c, 'queryCodeReplaced', mail, {
    issuedAt: formatChinaDateTime(at),
    how: via === 'post' ? '书面寄送' : '当面或电话告知',
    codeLink: `${province.config.mail.publicUrl}/public/track/code`,
  });
}
