import type { Route } from '@middy/http-router';
import {
  answerFollowUp,
  archiveCase,
  closeCase,
  concludeCase,
  decideCaseReview,
  recuseStaff,
  replyToPetitioner,
  requestCaseReview,
  type ArchiveDeps,
} from '../../shared/app/closing/closing.js';
import { caseView, getCase } from '../../shared/app/read-cases.js';
import type { Case } from '../../shared/domain/case.js';
import { assertMayDecide } from '../../shared/domain/access.js';
import { CaseNotFound, DomainError, InvalidInput } from '../../shared/domain/errors.js';
import { actorOf, escapeHtml, html, json, jsonBody, parseInput, type HttpEvent, type HttpResult } from '../lib/http.js';
import {
  caseNumberParamSchema,
  concludeBodySchema,
  followUpAnswerSchema,
  followUpBodySchema,
  recusalBodySchema,
  reviewDecisionBodySchema,
  reviewRequestBodySchema,
} from './schemas.js';

/**
 * The end of a case: conclude, reply (the decision letter), review and
 * re-review, follow-up, close, archive; recusal and the audit trail. Each
 * answers with the case as it now stands.
 */
export function closingRoutes(deps: ArchiveDeps): Route<HttpEvent, HttpResult>[] {
  const caseNumberOf = (event: HttpEvent) => parseInput(caseNumberParamSchema, event.pathParameters ?? {}, 'path').caseNumber;
  const staffAction = (path: string, run: (event: HttpEvent, caseNumber: string) => Promise<Case>): Route<HttpEvent, HttpResult> => ({
    method: 'POST',
    path: `/cases/{caseNumber}/${path}`,
    handler: async (event: HttpEvent): Promise<HttpResult> => json(200, { case: caseView(await run(event, caseNumberOf(event))) }),
  });

  return [
    staffAction('conclude', (event, n) => concludeCase(deps, n, actorOf(event, deps.province), parseInput(concludeBodySchema, jsonBody(event), 'body'))),
    staffAction('reply', (event, n) => replyToPetitioner(deps, n, actorOf(event, deps.province))),
    staffAction('review-request', (event, n) =>
      requestCaseReview(deps, n, actorOf(event, deps.province), parseInput(reviewRequestBodySchema, jsonBody(event), 'body')),
    ),
    staffAction('review-decision', (event, n) =>
      decideCaseReview(deps, n, actorOf(event, deps.province), parseInput(reviewDecisionBodySchema, jsonBody(event), 'body')),
    ),
    staffAction('follow-up', (event, n) => {
      const body = parseInput(followUpBodySchema, jsonBody(event), 'body');
      return answerFollowUp(deps, n, actorOf(event, deps.province), { satisfied: body.satisfied, via: 'staff', ...(body.comment ? { comment: body.comment } : {}) });
    }),
    staffAction('close', (event, n) => closeCase(deps, n, actorOf(event, deps.province))),
    staffAction('archive', (event, n) => archiveCase(deps, n, actorOf(event, deps.province))),
    staffAction('recusals', (event, n) => recuseStaff(deps, n, actorOf(event, deps.province), parseInput(recusalBodySchema, jsonBody(event), 'body'))),
    {
      method: 'GET',
      path: '/cases/{caseNumber}/audit',
      handler: async (event: HttpEvent): Promise<HttpResult> => {
        const actor = actorOf(event, deps.province);
        const caseNumber = caseNumberOf(event);
        const c = await deps.store.getCaseRecord(caseNumber);
        if (!c) throw new CaseNotFound(caseNumber);
        assertMayDecide(actor, 'readAudit', c, deps.province.tree);
        return json(200, { caseNumber, entries: await deps.store.listAudit(caseNumber, 1000) });
      },
    },
    {
      // The decision letter, ready to print and post to a petitioner without email.
      method: 'GET',
      path: '/cases/{caseNumber}/decision-letter',
      handler: async (event: HttpEvent): Promise<HttpResult> => {
        const found = await getCase(deps, caseNumberOf(event), actorOf(event, deps.province));
        const letters = found.messages.filter((m) => m.kind === 'decisionLetter').sort((a, b) => a.at.localeCompare(b.at));
        const wanted = event.queryStringParameters?.id;
        const letter = wanted ? letters.find((m) => m.id === wanted) : letters.at(-1);
        if (!letter) throw new InvalidInput('the case has no decision letter yet', [{ path: wanted ? 'query.id' : 'path.caseNumber', message: 'no such decision letter' }]);
        return html(200, printable(letter.subject, letter.text));
      },
    },
    {
      // Public: the link in the follow-up email shows a page that asks to confirm (mail scanners follow links; only a POST answers).
      method: 'GET',
      path: '/public/follow-up/{caseNumber}',
      handler: async (event: HttpEvent): Promise<HttpResult> =>
        publicPage(async () => {
          const caseNumber = caseNumberOf(event);
          const query = parseInput(followUpAnswerSchema, event.queryStringParameters ?? {}, 'query');
          return html(200, followUpForm(caseNumber, query.token, query.answer));
        }),
    },
    {
      method: 'POST',
      path: '/public/follow-up/{caseNumber}',
      handler: async (event: HttpEvent): Promise<HttpResult> =>
        publicPage(async () => {
          const caseNumber = caseNumberOf(event);
          const answer = parseInput(followUpAnswerSchema, formBody(event), 'form');
          const c = await answerFollowUp(deps, caseNumber, { system: 'petitioner' }, {
            satisfied: answer.answer === 'satisfied',
            via: 'link',
            token: answer.token,
            ...(answer.comment ? { comment: answer.comment } : {}),
          });
          const reopened = c.status === 'inProgress';
          return html(
            200,
            page(
              '感谢您的反馈',
              `<p>您的回访意见已记录（登记编号 ${escapeHtml(caseNumber)}）。</p>${reopened ? '<p>您表示不满意，该事项已重新交承办单位办理，办理结果将再次书面答复您。</p>' : ''}`,
            ),
          );
        }),
    },
  ];
}

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

/** The form body (application/x-www-form-urlencoded), or JSON. */
function formBody(event: HttpEvent): Record<string, string> {
  const raw = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : '';
  if ((event.headers['content-type'] ?? '').includes('application/json')) return jsonBody(event) as Record<string, string>;
  return Object.fromEntries(new URLSearchParams(raw));
}

function page(title: string, content: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:"Songti SC","SimSun",serif;max-width:40em;margin:2em auto;padding:0 1em;line-height:1.8}pre{white-space:pre-wrap;font-family:inherit}@media print{body{margin:0}}</style></head>
<body>${content}</body></html>`;
}

function printable(subject: string, text: string): string {
  return page(subject, `<pre>${escapeHtml(text)}</pre>`);
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
