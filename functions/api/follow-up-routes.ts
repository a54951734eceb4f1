import { answerFollowUp } from '../../shared/app/closing/closing.js';
import { followUpLinkView, readFollowUpLink, type FollowUpLinkView } from '../../shared/app/closing/follow-up-link.js';
import { DomainError, InvalidTransition } from '../../shared/domain/errors.js';
import { formatChinaDateTime } from '../../shared/domain/case-number.js';
import { escapeHtml as e, html, type HttpResult } from '../lib/http.js';
import { onCase } from './case-route-docs.js';
import { officeContactHtml, portalPage } from './portal-pages.js';
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
  409: 'a page saying why the follow-up takes no answer now (the case is filed, or under review and the follow-up will ask about its new answer), or that this round was answered the other way before (which answer stands, and when)',
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
    responses: [{ status: 200, description: 'The confirmation page; for a round answered already, which answer was given, when and how, with no form.', media: ['html'] }],
    errors: [400, 403, 409],
    pageRefusals: PAGE_REFUSALS,
    handler: async ({ deps, params, query }) =>
      publicPage(async () => {
        const link = query();
        const view = await readFollowUpLink(deps, params().caseNumber, link.token);
        return html(200, view.answered ? answeredPage(view) : followUpForm(view, link.token, link.answer));
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
        const view = followUpLinkView(deps.province, c, deps.clock.now().toISOString());
        const earlier = view.answered;
        if (earlier && earlier.satisfied !== (answer.answer === 'satisfied')) return html(409, answeredPage(view, true));
        return html(200, thanksPage(view));
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
    // Why this follow-up takes no answer (filed, under review) where the case says it; else the general words.
    const why = error instanceof InvalidTransition && error.chinese ? e(error.chinese.endsWith('。') ? error.chinese : `${error.chinese}。`) : '该回访已无需作答。';
    const message = status === 403 ? '此链接无效或已失效。' : status === 400 ? '链接不完整，请从邮件中重新打开。' : why;
    return html(status, portalPage('无法处理', `<h1>无法处理</h1><p class="notice" role="alert">${message}</p>${TRACK_LINK}`));
  }
}

const TRACK_LINK = '<p><a href="/public/track">凭登记编号和查询码查询办理进展</a></p>';
const VIA_WORDS: Readonly<Record<NonNullable<FollowUpLinkView['answered']>['via'], string>> = {
  link: '通过回访邮件中的链接',
  email: '通过回复回访邮件',
  web: '在网上信访的办理进展页',
  staff: '向工作人员',
};

/** The case as the page names it: its number, subject and the office asking. */
function caseFacts(view: FollowUpLinkView): string {
  return `<dl><dt>登记编号</dt><dd class="code" id="case-number">${e(view.caseNumber)}</dd>${view.subject ? `<dt>标题</dt><dd>${e(view.subject)}</dd>` : ''}<dt>回访机构</dt><dd id="office">${officeContactHtml(view.office)}</dd></dl>`;
}

/** What follows 不满意 now: handled again by whom and by when, or recorded only. */
function afterUnsatisfied(view: FollowUpLinkView): string {
  if (view.reopened) {
    const { unit, handlingBy, replyWithin } = view.reopened;
    return `该事项已重新交${e(unit)}办理${handlingBy ? `，最迟于 <strong>${e(handlingBy)}</strong> 办结` : ''}。办结后${e(replyWithin)}内将再次书面答复您；对重新作出的处理意见不服的，可以依法请求复查。`;
  }
  if (view.unsatisfied === 'handledAgain') return '该事项将重新交承办单位办理，办结后再次书面答复您。';
  return view.unsatisfied === 'recordedAfterReview' ? '该事项已经复查，不再重新办理，您的意见记录在案。' : '该事项的意见已是最终意见，不再重新办理，您的意见记录在案。';
}

/**
 * The review still open, and that 不满意 is not one: its last day runs on
 * regardless. Before a 不满意 that sends the matter back (`choosing`), the
 * two ways are told apart: handled again, the new answer can be reviewed.
 */
function reviewNote(view: FollowUpLinkView, choosing = false): string {
  if (!view.review) return '';
  const { kind, lastDay, office } = view.review;
  const again = choosing && view.unsatisfied === 'handledAgain' ? `提交“不满意”、事项重新办理的，对重新作出的处理意见仍可以申请${kind}。` : '';
  return `<p id="review-note">“不满意”不是${kind}申请。对${kind === '复查' ? '处理意见' : '复查意见'}不服、要求${kind}的，请在 <strong>${e(lastDay)}</strong>（含当日）前向${e(office)}另行申请${kind}（可在<a href="/public/track">办理进展页</a>提出），这一期限不因回访而延长。${again}</p>`;
}

/** The round answered already (by this link, a reply, the portal or staff): which answer, when and how — and no form to answer again. */
function answeredPage(view: FollowUpLinkView, triedOtherWay = false): string {
  const answered = view.answered!;
  const label = answered.satisfied ? '满意' : '不满意';
  const next = answered.satisfied ? '如有新的情况，可以与信访机构联系。' : afterUnsatisfied(view);
  return portalPage(
    '该回访已经作答',
    `<h1>该回访已经作答</h1>
<p class="done" role="status" id="answered">您已于${e(formatChinaDateTime(answered.at))}${VIA_WORDS[answered.via]}选择了“${label}”${triedOtherWay ? '，本次提交的评价未予记录' : ''}。每次答复评价一次，无需再次提交。</p>
${caseFacts(view)}
<p>${next}</p>
${reviewNote(view)}
${TRACK_LINK}`,
  );
}

/** After the answer: recorded, and what happens next. */
function thanksPage(view: FollowUpLinkView): string {
  const unsatisfied = view.answered?.satisfied === false;
  return portalPage(
    '感谢您的反馈',
    `<h1>感谢您的反馈</h1>
<p class="done" role="status">您的回访意见已记录。</p>
${caseFacts(view)}
${unsatisfied ? `<p id="next">您表示不满意。${afterUnsatisfied(view)}</p>${reviewNote(view)}` : ''}
${TRACK_LINK}`,
  );
}

function followUpForm(view: FollowUpLinkView, token: string, answer: 'satisfied' | 'unsatisfied'): string {
  const label = answer === 'satisfied' ? '满意' : '不满意';
  const unsatisfied = answer === 'unsatisfied';
  return portalPage(
    '信访事项回访',
    `<h1>信访事项回访</h1>
<p>您选择了“<strong>${label}</strong>”。请确认后提交。</p>
${caseFacts(view)}
${unsatisfied ? `<p>提交“不满意”后，${afterUnsatisfied(view)}</p>${reviewNote(view, true)}` : ''}
<form method="post" novalidate><input type="hidden" name="token" value="${e(token)}"><input type="hidden" name="answer" value="${answer}">
<label for="f-comment">意见或理由<span class="optional">（选填）</span></label><textarea id="f-comment" name="comment" rows="5" maxlength="2000"></textarea>
<button type="submit">确认提交“${label}”</button></form>
${TRACK_LINK}`,
  );
}
