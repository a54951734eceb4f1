import { answerFollowUp } from '../../shared/app/closing/closing.js';
import { reviewingOffice } from '../../shared/app/closing/letters.js';
import { citizenActions } from '../../shared/domain/public-view.js';
import { DomainError } from '../../shared/domain/errors.js';
import { formatChinaDateTime } from '../../shared/domain/case-number.js';
import { escapeHtml, html, type HttpResult } from '../lib/http.js';
import { onCase } from './case-route-docs.js';
import { page } from './pages.js';
import { defineRoute, type ApiRoute, type ErrorStatus } from './route.js';
import { followUpAnswerSchema } from './schemas.js';

/**
 * The petitioner's side of the follow-up (回访): the two links in the
 * follow-up email. No login; the token in the link is the credential, and
 * every answer, refusals included, is a page a person can read.
 */

/** What a public page answers instead of the JSON error (see publicPage). */
const PAGE_REFUSALS: Partial<Record<ErrorStatus, string>> = {
  400: 'a page saying the link is incomplete',
  403: 'a page saying the link is invalid or has expired (also for an unknown case)',
  409: 'a page saying the follow-up needs no answer any more, or that this round was answered the other way before (which answer stands, and when)',
};

export const followUpRoutes: ApiRoute[] = [
  defineRoute({
    // Mail scanners follow links: the link shows a page that asks to confirm, and only its POST answers.
    method: 'GET',
    path: '/public/follow-up/{caseNumber}',
    operationId: 'followUpPage',
    summary: 'The follow-up link from the email: a page asking the petitioner to confirm',
    description: 'Mail scanners follow links, so only the POST of this page records the answer.',
    tags: ['Closing', 'Public'],
    ...onCase,
    query: followUpAnswerSchema,
    describe: { ...onCase.describe, token: 'The token of the link.', answer: 'The answer the link stands for.' },
    responses: [{ status: 200, description: 'The confirmation page.', media: ['html'] }],
    errors: [400, 403],
    pageRefusals: PAGE_REFUSALS,
    handler: async ({ params, query }) =>
      publicPage(async () => {
        const caseNumber = params().caseNumber;
        const link = query();
        return html(200, followUpForm(caseNumber, link.token, link.answer));
      }),
  }),
  defineRoute({
    method: 'POST',
    path: '/public/follow-up/{caseNumber}',
    operationId: 'answerFollowUp',
    summary: 'The petitioner confirms the follow-up answer',
    description: '“Not satisfied” with a unit’s (or the office’s own) answer reopens the case for the handling unit; with a 复查’s decision, or a final 复核, it is recorded only. A second answer of the same round the other way is refused (409) with a page naming the answer on record.',
    tags: ['Closing', 'Public'],
    ...onCase,
    body: { schema: followUpAnswerSchema, media: ['form', 'json'] },
    responses: [{ status: 200, description: 'A thank-you page.', media: ['html'] }],
    errors: [400, 403, 409],
    pageRefusals: PAGE_REFUSALS,
    handler: async ({ deps, params, body }) =>
      publicPage(async () => {
        const caseNumber = params().caseNumber;
        const answer = body();
        const c = await answerFollowUp(deps, caseNumber, { system: 'petitioner' }, {
          satisfied: answer.answer === 'satisfied',
          via: 'link',
          token: answer.token,
          ...(answer.comment ? { comment: answer.comment } : {}),
        });
        // This round was answered before, the other way: one answer per reply — say which stands, not "recorded".
        const earlier = c.followUp;
        if (earlier?.answeredAt && earlier.satisfied !== undefined && earlier.satisfied !== (answer.answer === 'satisfied')) {
          // The review open to them now, as the tracking page offers it (only while its window is open).
          const { review } = citizenActions(c, { at: deps.clock.now().toISOString(), limits: deps.province }, (current) => reviewingOffice(deps.province, current));
          const wayOn = review ? `如对${review.kind === '复查' ? '处理意见' : '复查意见'}不服，可以在期限内向${review.office}申请${review.kind}。` : '';
          return html(409, page('该回访已经作答', answeredEarlierPage(caseNumber, earlier.satisfied, earlier.answeredAt, wayOn)));
        }
        const reopened = c.status === 'inProgress';
        return html(
          200,
          page(
            '感谢您的反馈',
            `<p>您的回访意见已记录（登记编号 ${escapeHtml(caseNumber)}）。</p>${reopened ? '<p>您表示不满意，该事项已重新交承办单位办理，办理结果将再次书面答复您。</p>' : ''}`,
          ),
        );
      }),
  }),
];

/** The answer of a public page: a domain refusal becomes a page a person can read, with the right status. */
async function publicPage(render: () => Promise<HttpResult>): Promise<HttpResult> {
  try {
    return await render();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const status = error.code === 'InvalidInput' ? 400 : error.code === 'OutOfScope' || error.code === 'CaseNotFound' ? 403 : 409;
    const message = status === 403 ? '此链接无效或已失效。' : status === 400 ? '链接不完整，请从邮件中重新打开。' : '该回访已无需作答。';
    return html(status, page('无法处理', `<p>${message}</p>`));
  }
}

/** A second, different answer to one round: the first stands; what the petitioner may still do (`wayOn`: the review open to them, if any). */
function answeredEarlierPage(caseNumber: string, satisfied: boolean, at: string, wayOn: string): string {
  const way = satisfied ? `${wayOn}如有新的情况，可以与信访机构联系。` : `您的“不满意”已经记录在案。${wayOn}`;
  return `<h1>该回访已经作答</h1><p>登记编号 ${escapeHtml(caseNumber)}：您已于${escapeHtml(formatChinaDateTime(at))}选择了“${satisfied ? '满意' : '不满意'}”，本次提交的评价未予记录。每次答复评价一次。</p><p>${way}</p>`;
}

function followUpForm(caseNumber: string, token: string, answer: 'satisfied' | 'unsatisfied'): string {
  const label = answer === 'satisfied' ? '满意' : '不满意';
  return page(
    '信访事项回访',
    `<h1>信访事项回访</h1><p>登记编号 ${escapeHtml(caseNumber)}：您选择了“${label}”。</p>
<form method="post"><input type="hidden" name="token" value="${escapeHtml(token)}"><input type="hidden" name="answer" value="${answer}">
<p><label>意见或理由（可不填）：<br><textarea name="comment" rows="5" cols="40" maxlength="2000"></textarea></label></p>
<p><button type="submit">确认提交“${label}”</button></p></form>`,
  );
}
