import type { Actor } from '../domain/access.js';
import { formatQueryCode, queryCodeIssued } from '../domain/query-code.js';
import { changeCase, type ChangeDeps } from './change-case.js';
import { hashQueryCode, newQueryCode } from './query-code.js';

/**
 * 发放查询码 at the desk: a petitioner who came in person or called — often
 * with no email — is given a query code by the office's staff, to follow
 * the case on the portal (《信访工作条例》第二十一条). A new code replaces any
 * earlier one (a lost code is replaced the same way). The code is answered
 * once, to be told or handed to the petitioner; the case records who gave
 * one and when, never the code.
 */
export async function issueQueryCodeAtDesk(deps: ChangeDeps, caseNumber: string, actor: Actor): Promise<{ queryCode: string; issuedAt: string; version: number }> {
  const code = newQueryCode();
  const stored = await hashQueryCode(code);
  const c = await changeCase(deps, caseNumber, actor, 'issueQueryCode', ({ case: current }, at) => ({
    ...queryCodeIssued(current, { at, actor: actor.staffId, via: 'desk' }),
    queryCode: stored,
  }));
  return { queryCode: formatQueryCode(code), issuedAt: c.updatedAt, version: c.version };
}
