import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { PORTAL_LIMITS, PORTAL_SURGE, sendQueryCodeByEmail, submitWebPetition, trackCase } from '../../shared/app/citizen-portal.js';
import { actionReceipt, addMaterial, evaluateCase, requestReviewOnline, withdrawOnline, type PortalActionOutcome } from '../../shared/app/portal-actions.js';
import type { IssuedChallenge } from '../../shared/app/portal-challenge.js';
import { requestFingerprint } from '../../shared/app/fingerprint.js';
import { jurisdictionForAddress, namesCountyLevel } from '../../shared/domain/address-jurisdiction.js';
import { formatChinaLastDay } from '../../shared/domain/case-number.js';
import { InvalidInput, TooManyRequests } from '../../shared/domain/errors.js';
import { admitAttachments, effectiveType, isForwardedMessage } from '../../shared/domain/mail/attachment-policy.js';
import type { ParsedAttachment } from '../../shared/domain/mail/parsed-email.js';
import { html, type HttpEvent, type HttpResult } from '../lib/http.js';
import { FormRejected, readFormPost, type FormFile } from './multipart.js';
import { printable } from './pages.js';
import { browserIdCookies, portalBrowserId, PORTAL_BROWSER_COOKIE } from './portal-browser.js';
import { acknowledgementPage, actionRefusedPage, alreadySubmittedPage, codeRequestPage, resentByContactPage, petitionFormPage, receiptNotFoundPage, receiptPage, tooManyPage, trackFormPage, trackResultPage, type FieldErrors } from './portal-pages.js';
import * as z from 'zod';
import { challengeFormSchema, codeRequestFormSchema, evaluateFormSchema, formTokenSchema, letterFormSchema, materialFormSchema, newFormToken, petitionFormSchema, representativesOf, reviewFormSchema, trackFormSchema, withdrawFormSchema, type PetitionForm } from './portal-schemas.js';
import { viewerAddress } from './viewer-address.js';
import { defineRoute, type ApiDeps, type ApiRoute } from './route.js';

/** 按地址查找: the address typed into the lookup (an over-long one is not looked up; the input allows 300 characters). */
const addressLookupSchema = z.object({ address: z.string().trim().min(2).max(300).optional() });

/**
 * The citizen portal (网上信访, issue 15): send a petition from a web form
 * and follow it with its number and query code. Pages for a person, no
 * script; every refusal is a page saying why, with the form as typed.
 */

/** What one form post may carry: files under the Lambda payload limit (6 MB, base64 a third more). */
export const PORTAL_UPLOAD = { totalFileBytes: 4 * 1024 * 1024, files: 5, fields: 40, fieldBytes: 80 * 1024 } as const;

const limitsShown = (deps: ApiDeps) => ({
  files: Math.min(PORTAL_UPLOAD.files, deps.province.config.mail.attachments.maxCount),
  totalMegabytes: PORTAL_UPLOAD.totalFileBytes / 1024 / 1024,
  perFileMegabytes: Math.min(PORTAL_UPLOAD.totalFileBytes, deps.province.config.mail.attachments.maxBytes) / 1024 / 1024,
});

const noStore = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };
const page = (status: number, body: string, headers: Record<string, string> = {}) => html(status, body, { ...noStore, ...headers });

/** The problems of a form, one message per field (the first), by field name. */
function fieldErrors(issues: readonly { path: PropertyKey[]; message: string }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? 'form');
    errors[field] ??= issue.message;
  }
  return errors;
}

function tooMany(error: TooManyRequests, what: 'submit' | 'track' | 'code', typed?: string): HttpResult {
  const until = String(error.details.until);
  // The case's limit holds back wrong codes only; its page says so, lest the holder of the right code give up.
  const shown = what === 'track' && error.details.limit === 'portal-lookup-case' ? 'wrongCode' : what;
  return page(429, tooManyPage(shown, until, typed), { 'retry-after': String(error.details.retryAfter ?? 3600) });
}

/**
 * A browser's file as the attachment policy judges an email's: its name, declared type and the type its bytes show;
 * a forwarded message (an .eml) also what it carries, read by the email intake's MIME adapter — loaded only when one
 * is posted, so that the other routes do not start the parser.
 */
async function asAttachment(file: FormFile): Promise<ParsedAttachment> {
  const attachment: ParsedAttachment = { filename: file.filename || '附件', contentType: file.contentType, size: file.content.length, content: file.content, inline: false };
  if (isForwardedMessage(effectiveType(attachment))) {
    const { inspectAttachments } = await import('../../shared/adapters/mail/parse-email.js');
    return (await inspectAttachments([attachment]))[0]!;
  }
  const detected = await fileTypeFromBuffer(file.content).catch(() => undefined);
  return { ...attachment, ...(detected ? { detectedType: detected.mime } : {}) };
}

/** The registration's own checks (admitPetition) speak of `body.matter`; the form's field is `matter`. */
function registrationErrors(error: InvalidInput): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.replace(/^body\./, '').split('.')[0]!;
    errors[field] ??= field === 'matter' ? '请填写反映的具体内容' : field === 'subject' ? '请填写标题（一句话概括您反映的事项）' : '请核对此项';
  }
  return errors;
}

/** Next to the challenge's answer, why the form asks (again). */
const CHALLENGE_MESSAGES = {
  missing: '请回答下面的问题后再提交（填写阿拉伯数字）',
  wrong: '答案不正确，事项未提交。请回答下面的新问题后再提交',
  gone: `这道问题已失效（每道问题只能回答一次，${PORTAL_SURGE.challengeSeconds / 60} 分钟内有效），事项未提交。请回答下面的新问题后再提交`,
} as const;

async function submit(event: HttpEvent, deps: ApiDeps): Promise<HttpResult> {
  const limits = limitsShown(deps);
  const again = (status: number, values: Record<string, string>, errors: FieldErrors, challenge?: IssuedChallenge) =>
    page(status, petitionFormPage(deps.province, values.formToken && /^[A-Za-z0-9_-]{16,64}$/.test(values.formToken) ? values.formToken : newFormToken(), values, errors, limits, undefined, challenge));
  let post;
  try {
    post = await readFormPost(event, PORTAL_UPLOAD);
  } catch (error) {
    if (!(error instanceof FormRejected)) throw error;
    const message =
      error.reason === 'tooLarge'
        ? `附件合计超过 ${limits.totalMegabytes} MB，未能提交。请压缩图片或减少附件后重新选择；更多材料可以来信或来访提交。`
        : error.reason === 'tooManyFiles'
          ? `附件至多 ${limits.files} 个，请减少后重新选择。`
          : error.reason === 'fieldTooLong'
            ? '填写的内容过长，请精简后提交，更多材料请作为附件上传。'
            : '表单未能读取，请重新打开本页填写。';
    const field = error.reason === 'fieldTooLong' ? 'matter' : 'attachments';
    return again(error.reason === 'tooLarge' ? 413 : 400, error.fields, { [field]: message });
  }
  const values = post.fields;
  const parsed = petitionFormSchema.safeParse(values);
  const errors: FieldErrors = parsed.success ? {} : fieldErrors(parsed.error.issues);
  if (parsed.success && !deps.province.hasJurisdiction(parsed.data.jurisdiction)) errors.jurisdiction = '请从列表中选择受理的信访机构';

  const files = await Promise.all(post.files.filter((f) => f.field === 'attachments').map(asAttachment));
  // The same rules as an email's attachments; a refused file is named with the reason, and nothing is registered.
  const { admitted, refused } = admitAttachments(files, deps.province.config.mail.attachments);
  if (refused.length > 0) errors.attachments = `${refused.map((r) => `“${r.filename}”未能接收：${r.reason}`).join('；')}。请去掉或更换后重新选择附件。`;
  if (!parsed.success || Object.keys(errors).length > 0) return again(422, values, errors);

  const form: PetitionForm = parsed.data;
  const petitioner = form.anonymous
    ? { anonymous: true }
    : {
        anonymous: false,
        name: form.name!,
        ...(form.phone ? { phone: form.phone } : {}),
        ...(form.email ? { email: form.email } : {}),
        ...(form.address ? { address: form.address } : {}),
      };
  const { formToken, ...content } = form;
  // Read apart from the petition, so a post with an answer is the same petition as the one without.
  const { challengeId, challengeAnswer } = challengeFormSchema.parse(values);
  try {
    const outcome = await submitWebPetition(deps, {
      petition: {
        jurisdiction: form.jurisdiction,
        subject: form.subject,
        matter: form.matter,
        ...(form.category ? { category: form.category } : {}),
        ...(form.incidentAddress ? { incidentAddress: form.incidentAddress } : {}),
        petitioner,
        ...(form.collective ? { collective: { headCount: form.headCount!, representatives: representativesOf(form) } } : {}),
      },
      attachments: admitted,
      formToken,
      // The same token with other content (or other files) is another petition, refused as such.
      fingerprint: requestFingerprint({ ...content, files: admitted.map((a) => createHash('sha256').update(a.content).digest('base64url')) }),
      sourceIp: viewerAddress(event),
      ...(challengeId && challengeAnswer ? { challenge: { id: challengeId, answer: challengeAnswer } } : {}),
      ...withBrowserId(event),
    });
    if ('challenge' in outcome) return again(422, values, { challengeAnswer: CHALLENGE_MESSAGES[outcome.because] }, outcome.challenge);
    const c = outcome.case;
    if ('alreadySubmitted' in outcome) {
      return page(200, alreadySubmittedPage({ caseNumber: c.caseNumber, office: deps.province.jurisdiction(c.receivingOffice).office, emailed: !c.petitioner.anonymous && Boolean(c.petitioner.email) }));
    }
    if ('resentByContact' in outcome) return page(200, resentByContactPage({ office: deps.province.jurisdiction(c.receivingOffice).office }));
    return page(
      outcome.created ? 201 : 200,
      acknowledgementPage({
        caseNumber: c.caseNumber,
        office: deps.province.jurisdiction(c.receivingOffice).office.name,
        contact: deps.province.jurisdiction(c.receivingOffice).office,
        ...(outcome.queryCode ? { queryCode: outcome.queryCode } : {}),
        repeated: !outcome.created,
        emailed: c.acknowledgement === 'queued',
        anonymous: c.petitioner.anonymous,
        ...(c.deadlines.acceptance ? { acceptanceBy: formatChinaLastDay(c.deadlines.acceptance) } : {}),
      }),
    );
  } catch (error) {
    if (error instanceof TooManyRequests) return tooMany(error, 'submit');
    if (error instanceof InvalidInput) return again(422, values, registrationErrors(error));
    if (error instanceof Error && 'code' in error && error.code === 'IdempotencyKeyReused') {
      return again(422, { ...values, formToken: newFormToken() }, { form: '这份表单已经提交过其他内容。如要再反映一件事，请直接再次提交本页（已为您换用新的表单）。' });
    }
    throw error;
  }
}

/** The browser's id from the portal's cookie, when it sent a well-formed one (portal-browser.ts). */
function withBrowserId(event: HttpEvent): { browserId?: string } {
  const browserId = portalBrowserId(event);
  return browserId ? { browserId } : {};
}

/** The form page, giving a browser without one its id (portal-browser.ts). */
function formPage(event: HttpEvent, body: string): HttpResult {
  const cookies = browserIdCookies(event);
  return { ...page(200, body), ...(cookies.length ? { cookies } : {}) };
}

/** A lookup's answer: the case's page, or the same "not found" for every wrong number or code. */
async function lookUp(event: HttpEvent, deps: ApiDeps, show: 'case' | 'letter'): Promise<HttpResult> {
  let post;
  try {
    post = await readFormPost(event, { totalFileBytes: 0, files: 0, fields: 4, fieldBytes: 200 });
  } catch (error) {
    if (!(error instanceof FormRejected)) throw error;
    return page(400, trackFormPage({}, { caseNumber: '请重新填写登记编号和查询码' }));
  }
  const parsed = letterFormSchema.safeParse(post.fields);
  if (!parsed.success) return page(400, trackFormPage(post.fields, fieldErrors(parsed.error.issues)));
  const lookup = { caseNumber: parsed.data.caseNumber, code: parsed.data.code };
  try {
    const found = await trackCase(deps, { caseNumber: lookup.caseNumber, code: lookup.code, sourceIp: viewerAddress(event) });
    // Not found and a wrong code are one answer; the code typed is not shown back.
    if (!found.found) return page(404, trackFormPage({ caseNumber: lookup.caseNumber }, {}, true));
    if (show === 'letter') {
      const wanted = parsed.data.letter ?? found.letters.length;
      const letter = found.letters.find((l) => l.number === wanted);
      if (!letter) return page(404, trackFormPage({ caseNumber: lookup.caseNumber }, {}, true));
      return page(200, printable(letter.subject, letter.text));
    }
    return page(200, trackResultPage(found.view, lookup, { actions: found.actions, newToken: newFormToken, limits: limitsShown(deps), office: found.contact }, found.letters));
  } catch (error) {
    if (error instanceof TooManyRequests) return tooMany(error, 'track');
    throw error;
  }
}

/** 领取查询码: a problem in the form comes back next to its field; otherwise the same page whatever matched. */
async function requestCode(event: HttpEvent, deps: ApiDeps): Promise<HttpResult> {
  let post;
  try {
    post = await readFormPost(event, { totalFileBytes: 0, files: 0, fields: 4, fieldBytes: 400 });
  } catch (error) {
    if (!(error instanceof FormRejected)) throw error;
    return page(400, codeRequestPage({}, { caseNumber: '请重新填写登记编号和电子邮箱' }));
  }
  const parsed = codeRequestFormSchema.safeParse(post.fields);
  if (!parsed.success) return page(422, codeRequestPage(post.fields, fieldErrors(parsed.error.issues)));
  try {
    await sendQueryCodeByEmail(deps, { caseNumber: parsed.data.caseNumber, email: parsed.data.email, sourceIp: viewerAddress(event) });
    return page(200, codeRequestPage({ caseNumber: parsed.data.caseNumber }, {}, parsed.data.email));
  } catch (error) {
    if (error instanceof TooManyRequests) return tooMany(error, 'code');
    throw error;
  }
}

type ActionForm = 'material' | 'evaluate' | 'review' | 'withdraw';

const REFUSED_TITLES: Record<ActionForm, string> = { material: '未能补充材料', evaluate: '未能评价', review: '未能申请复查（复核）', withdraw: '未能撤回' };

/** The free-text field of each form: what is given back when the form cannot be taken. */
const TYPED_FIELD: Record<ActionForm, string> = { material: 'text', evaluate: 'comment', review: 'reason', withdraw: 'reason' };

/**
 * A form of the tracking page posted: the lookup and token read first (a
 * broken one answers the lookup form), then the form's own fields — with
 * problems, the tracking page again with the form as typed (one lookup) —
 * then the action (one lookup). Done: 303 to the receipt, so a reload sends
 * nothing again; refused: the reason; a wrong code: not found.
 */
async function act<S extends z.ZodType>(
  event: HttpEvent,
  deps: ApiDeps,
  form: ActionForm,
  schema: S,
  run: (fields: z.output<S>, files: readonly ParsedAttachment[], sourceIp: string) => Promise<PortalActionOutcome | { errors: FieldErrors }>,
): Promise<HttpResult> {
  const limits = limitsShown(deps);
  const sourceIp = viewerAddress(event);
  let post: { fields: Record<string, string>; files: FormFile[] };
  let rejected: FieldErrors | undefined;
  try {
    post = await readFormPost(event, form === 'material' ? PORTAL_UPLOAD : { totalFileBytes: 0, files: 0, fields: 8, fieldBytes: 8 * 1024 });
  } catch (error) {
    if (!(error instanceof FormRejected)) throw error;
    post = { fields: error.fields, files: [] };
    rejected =
      error.reason === 'tooLarge'
        ? { attachments: `附件合计超过 ${limits.totalMegabytes} MB，未能提交。请压缩图片或减少附件后重新选择。` }
        : error.reason === 'tooManyFiles'
          ? { attachments: `附件至多 ${limits.files} 个，请减少后重新选择。` }
          : { [form === 'material' ? 'text' : form === 'evaluate' ? 'comment' : 'reason']: '填写的内容过长或表单未能读取，请精简后重新提交。' };
  }
  // Every page that does not take the form gives the citizen their words back to copy.
  const typed = post.fields[TYPED_FIELD[form]];
  const notFound = () => page(404, trackFormPage({ caseNumber: lookup.caseNumber }, {}, true, typed));
  const carried = trackFormSchema.extend({ formToken: formTokenSchema }).safeParse(post.fields);
  if (!carried.success) return page(400, trackFormPage({ caseNumber: post.fields.caseNumber ?? '' }, { code: '请重新输入查询码，查询后再提交' }, false, typed));
  const lookup = { caseNumber: carried.data.caseNumber, code: carried.data.code };
  try {
    const again = async (status: number, errors: FieldErrors) => {
      const found = await trackCase(deps, { ...lookup, sourceIp });
      if (!found.found) return notFound();
      const { caseNumber: _n, code: _c, formToken, ...values } = post.fields;
      return page(status, trackResultPage(found.view, lookup, { actions: found.actions, newToken: newFormToken, limits, office: found.contact, again: { form, formToken: formToken!, values, errors } }, found.letters));
    };
    if (rejected) return await again(rejected.attachments?.includes('MB') ? 413 : 400, rejected);
    const parsed = schema.safeParse(post.fields);
    if (!parsed.success) return await again(422, fieldErrors(parsed.error.issues));
    const files = await Promise.all(post.files.filter((f) => f.field === 'attachments').map(asAttachment));
    const outcome = await run(parsed.data, files, sourceIp);
    if ('errors' in outcome) return await again(422, outcome.errors);
    if (outcome.kind === 'notFound') return notFound();
    if (outcome.kind === 'refused') return page(409, actionRefusedPage(REFUSED_TITLES[form], outcome.reason, lookup, typed));
    return page(303, receiptRedirectBody(outcome.receipt), { location: `/public/track/done/${outcome.receipt}` });
  } catch (error) {
    if (error instanceof TooManyRequests) return tooMany(error, 'track', typed);
    throw error;
  }
}

/** The body of the redirect, for a client that does not follow it. */
const receiptRedirectBody = (receipt: string) => `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>已提交</title><p>已提交。<a href="/public/track/done/${receipt}">查看确认</a></p></html>`;

async function material(event: HttpEvent, deps: ApiDeps): Promise<HttpResult> {
  return act(event, deps, 'material', materialFormSchema, async (form, files, sourceIp): Promise<PortalActionOutcome | { errors: FieldErrors }> => {
    // The same rules as the petition form's files (and an email's): a refused file is named with the reason, and nothing is added.
    const { admitted, refused } = admitAttachments(files, deps.province.config.mail.attachments);
    if (refused.length > 0) return { errors: { attachments: `${refused.map((r) => `“${r.filename}”未能接收：${r.reason}`).join('；')}。请去掉或更换后重新选择附件。` } };
    if (!form.text && admitted.length === 0) return { errors: { text: '请填写补充的内容，或选择要补充的附件' } };
    return addMaterial(deps, { caseNumber: form.caseNumber, code: form.code, formToken: form.formToken, sourceIp, text: form.text ?? '', attachments: admitted });
  });
}

async function evaluate(event: HttpEvent, deps: ApiDeps): Promise<HttpResult> {
  return act(event, deps, 'evaluate', evaluateFormSchema, async (form, _files, sourceIp) =>
    evaluateCase(deps, { caseNumber: form.caseNumber, code: form.code, formToken: form.formToken, sourceIp, satisfied: form.answer === 'satisfied', ...(form.comment ? { comment: form.comment } : {}) }),
  );
}

async function review(event: HttpEvent, deps: ApiDeps): Promise<HttpResult> {
  return act(event, deps, 'review', reviewFormSchema, async (form, _files, sourceIp) =>
    requestReviewOnline(deps, { caseNumber: form.caseNumber, code: form.code, formToken: form.formToken, sourceIp, reason: form.reason }),
  );
}

async function withdrawal(event: HttpEvent, deps: ApiDeps): Promise<HttpResult> {
  return act(event, deps, 'withdraw', withdrawFormSchema, async (form, _files, sourceIp) =>
    withdrawOnline(deps, { caseNumber: form.caseNumber, code: form.code, formToken: form.formToken, sourceIp, reason: form.reason }),
  );
}

const ACTION_REFUSALS = {
  400: 'the lookup form, when the number, code or form token did not come with the post; or the tracking page with the form as typed when it could not be read',
  404: 'the lookup form saying no case matches that number and code (the same for a wrong code and an unknown number)',
  409: 'a page giving the reason the action cannot be taken on this case now, with a way back to the case',
  413: 'the tracking page with the material form, saying the files are over the size limit',
  422: 'the tracking page again, with the form as typed and the reason next to each field (a refused attachment named with its reason)',
  429: 'a page saying the lookup limit was reached and when to try again (Retry-After)',
} as const;

const actionDone = (what: string) => ({
  status: 303,
  description: `${what}: to the confirmation page (/public/track/done/{receipt}), which a reload does not post again. The form posted again answers the same.`,
  media: [] as [],
  location: 'The confirmation page.',
});

const receiptParamsSchema = z.object({ receipt: formTokenSchema });

const PAGE_REFUSALS = {
  400: 'the form again, with what to correct next to each field',
  404: 'the lookup form saying no case matches that number and code (the same for a wrong code and an unknown number)',
  413: 'the petition form again, saying the files are over the size limit',
  422: 'the petition form again, as typed, with the reason next to each field (a refused attachment named with its reason)',
  429: 'a page saying the limit was reached and when to try again (Retry-After)',
} as const;

export const portalRoutes: ApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/public/petition',
    operationId: 'petitionForm',
    summary: 'The petition form of the citizen portal (网上信访), in Chinese, without script',
    description:
      `Every form carries a fresh hidden token, the Idempotency key of its post. A browser without one is given its portal browser id, a cookie (\`${PORTAL_BROWSER_COOKIE}\`: 256 random bits, HttpOnly, SameSite=Lax, Secure over https, Path=/public, a year) that lets a petition sent again from it be recognised (see POST /public/petitions); it names no one, is never logged and is stored only hashed. With \`?address=\` (按地址查找, at most 300 characters) the office is chosen from the place the address names — the deepest jurisdiction it names, told apart by the levels above — and the address becomes the incident address; where the address does not decide, the page says so and the citizen picks from the list.`,
    tags: ['Public'],
    responses: [{ status: 200, description: 'The form.', media: ['html'] }],
    errors: [],
    handler: async ({ event, deps }) => {
      const lookup = addressLookupSchema.safeParse(event.queryStringParameters ?? {});
      const address = lookup.success ? lookup.data.address : undefined;
      if (!address) return formPage(event, petitionFormPage(deps.province, newFormToken(), {}, {}, limitsShown(deps)));
      const found = jurisdictionForAddress(deps.province.tree, address);
      const office = found ? deps.province.jurisdiction(found.code).office.name : undefined;
      const values = { incidentAddress: address, ...(found ? { jurisdiction: found.code } : {}) };
      const outside = !office && namesCountyLevel(address) ? { complete: true, province: deps.province.config.province.name } : {};
      return formPage(event, petitionFormPage(deps.province, newFormToken(), values, {}, limitsShown(deps), { address, ...(office ? { office } : {}), ...outside }));
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/public/petitions',
    operationId: 'submitPetition',
    summary: 'Send a petition from the web: registered as an email petition is (channel web), with a query code',
    description: `A multipart form post: the fields below and up to ${PORTAL_UPLOAD.files} files (\`attachments\`) of ${PORTAL_UPLOAD.totalFileBytes / 1024 / 1024} MiB together, judged by the rules for email attachments; a refused file refuses the post, named with the reason. Registered through the same use case as every petition (number, acceptance clock, repeat and urgency flags, routing), acknowledged by email when one is given. The page shows the case number and the query code (查询码) once; only its hash is stored. The hidden \`formToken\` is the Idempotency key: the same post again answers 200 with the case and no code. A petition sent again from a fresh form of the same browser (Back, then 提交) — the same portal browser id cookie (\`${PORTAL_BROWSER_COOKIE}\`, set by GET /public/petition), the same office, the same petitioner (anonymous, or the same name and contacts), the same words (whitespace and full-width forms normalised) and files, the same China day — registers no second case: the answer is 200, a page saying it was already submitted (已经提交过) with its case number, and that the query code was shown when it was first submitted (no code is shown or issued again). The key (the id's hash, office, words, day) is written with the case on condition that no case holds it, so two such posts at once register one case; it expires after the next day. Without the cookie (cookies blocked) nothing of this applies to an anonymous petition. A named petition with the same words from the same email or phone to the same office within the day, from another browser or without the cookie, registers nothing either: 200, 已经提交过, naming no case number (whoever knows a phone and the words learns nothing more). Limits: ${PORTAL_LIMITS.submissionsPerAddressPerDay} petitions per network address and ${PORTAL_LIMITS.submissionsPerContactPerDay} per email or phone a day. Under a surge — ${PORTAL_SURGE.submissionsPerAddressPerHour} petitions registered from the network address in the current hour — a post must also answer a challenge (\`challengeId\`, the hidden id of the question the form asked, and \`challengeAnswer\`, the number typed): without a right answer nothing is registered and the form comes back (422) as typed with a new question; each question is answered once and lives ${PORTAL_SURGE.challengeSeconds / 60} minutes.`,
    tags: ['Public'],
    body: { schema: petitionFormSchema, media: ['multipart'] },
    responses: [
      { status: 201, description: 'Registered: the acknowledgement page with the case number and the query code.', media: ['html'] },
      { status: 200, description: 'The same form posted again: the case number, no code (the code again within a day when its first answer was lost); or the same petition sent again from the same browser the same day: 已经提交过, the case number, no code; from the same contact in another browser: 已经提交过 with no number.', media: ['html'] },
    ],
    errors: [400, 413, 422, 429],
    pageRefusals: PAGE_REFUSALS,
    handler: async ({ event, deps }) => submit(event, deps),
  }),
  defineRoute({
    method: 'GET',
    path: '/public/track',
    operationId: 'trackForm',
    summary: 'The lookup form: case number and query code',
    tags: ['Public'],
    responses: [{ status: 200, description: 'The form (posted, so the code never appears in a URL).', media: ['html'] }],
    errors: [],
    handler: async () => page(200, trackFormPage({}, {})),
  }),
  defineRoute({
    method: 'POST',
    path: '/public/track',
    operationId: 'trackCase',
    summary: 'A case as its petitioner may see it: status, office and unit, clock, public steps',
    description:
      `Never staff names, notes, accused units or messages. A wrong code, a case without one and an unknown number all answer the same 404 page. Every lookup counts against the network address (${PORTAL_LIMITS.lookupsPerAddressPerHour} an hour) and a wrong code against the case number (${PORTAL_LIMITS.lookupsPerCasePerDay} a day; a right code is never refused for them, so strangers guessing cannot lock the petitioner out).`,
    tags: ['Public'],
    body: { schema: trackFormSchema, media: ['form'] },
    responses: [{ status: 200, description: 'The case’s public page.', media: ['html'] }],
    errors: [400, 404, 429],
    pageRefusals: PAGE_REFUSALS,
    handler: async ({ event, deps }) => lookUp(event, deps, 'case'),
  }),
  defineRoute({
    method: 'GET',
    path: '/public/track/code',
    operationId: 'queryCodeForm',
    summary: 'The form to ask for a query code (领取查询码) by email: case number and the email the case was registered with',
    tags: ['Public'],
    responses: [{ status: 200, description: 'The form.', media: ['html'] }],
    errors: [],
    handler: async () => page(200, codeRequestPage({}, {})),
  }),
  defineRoute({
    method: 'POST',
    path: '/public/track/code',
    operationId: 'requestQueryCode',
    summary: 'Email a new query code to the address the case was registered with (for email petitions and any petitioner who left an email)',
    description: `When the number and the address match a case that is not anonymous, a new query code replaces the earlier one and goes by email to that address only (the copy kept on the case leaves it out); the case records a \`queryCodeIssued\` event. The page answers the same whether or not anything matched, so it tells nobody which cases exist or which address a petitioner used. Limits: ${PORTAL_LIMITS.codeRequestsPerAddressPerHour} requests per network address an hour, ${PORTAL_LIMITS.codeRequestsPerCasePerDay} per case number a day.`,
    tags: ['Public'],
    body: { schema: codeRequestFormSchema, media: ['form'] },
    responses: [{ status: 200, description: 'The same page whatever matched: a code goes only to the address on record.', media: ['html'] }],
    errors: [400, 422, 429],
    pageRefusals: { 400: 'the form again, when the post could not be read', 422: 'the form again, as typed, with the reason next to each field', 429: 'a page saying the limit was reached and when to try again (Retry-After)' },
    handler: async ({ event, deps }) => requestCode(event, deps),
  }),
  defineRoute({
    method: 'POST',
    path: '/public/track/letter',
    operationId: 'trackLetter',
    summary: 'A decision letter (处理意见书, 复查意见书, 复核意见书) of a tracked case, to read and print: `letter` its number (1 the first sent), the newest without it',
    tags: ['Public'],
    body: { schema: letterFormSchema, media: ['form'] },
    responses: [{ status: 200, description: 'The letter as a printable page.', media: ['html'] }],
    errors: [400, 404, 429],
    pageRefusals: PAGE_REFUSALS,
    handler: async ({ event, deps }) => lookUp(event, deps, 'letter'),
  }),
  defineRoute({
    method: 'POST',
    path: '/public/track/material',
    operationId: 'addMaterial',
    summary: 'Add material (补充材料) to an open case: text and files, recorded as an emailed reply is',
    description: `A multipart form post from the tracking page: the number and query code again (checked, counted as a lookup), the form's hidden \`formToken\` (its Idempotency key), \`text\` and up to ${PORTAL_UPLOAD.files} files (\`attachments\`, ${PORTAL_UPLOAD.totalFileBytes / 1024 / 1024} MiB together) judged by the email attachment rules. Kept on the case as a message of the petitioner with a messageReceived event, through the use case of an emailed reply; the lead unit (else the office) is told. Refused (409) once the case is replied, closed, archived, declined or redirected.`,
    tags: ['Public'],
    body: { schema: materialFormSchema, media: ['multipart'] },
    responses: [actionDone('Added')],
    errors: [400, 404, 409, 413, 422, 429],
    pageRefusals: ACTION_REFUSALS,
    handler: async ({ event, deps }) => material(event, deps),
  }),
  defineRoute({
    method: 'POST',
    path: '/public/track/evaluate',
    operationId: 'evaluateCase',
    summary: 'Evaluate the reply (满意 / 不满意, with a comment): the follow-up the email links answer',
    description: 'From the tracking page, once the written reply is out (before the follow-up email if need be), through answerFollowUp. “不满意” with a unit’s (or the office’s own) answer reopens the case for the handling unit with a new handling period; with a 复查’s decision, or a final 复核, it is recorded, and the page says so beforehand. “不满意” is confirmed to the petitioner’s email, when they gave one: received when, and what follows (the unit handling it again and by which day, and a new written answer; or recorded, with the way on), written with the answer, so a form posted twice sends one; “满意” sends nothing. Refused (409) when there is no reply to evaluate, the petition was anonymous, or this reply was evaluated already.',
    tags: ['Public', 'Closing'],
    body: { schema: evaluateFormSchema, media: ['form'] },
    responses: [actionDone('Recorded')],
    errors: [400, 404, 409, 422, 429],
    pageRefusals: ACTION_REFUSALS,
    handler: async ({ event, deps }) => evaluate(event, deps),
  }),
  defineRoute({
    method: 'POST',
    path: '/public/track/review',
    operationId: 'requestReviewOnline',
    summary: 'Request a review (申请复查) or re-review (复核) within its window, with the reason',
    description: 'From the tracking page, through requestCaseReview as the petitioner’s email. A late request, one after a re-review (final), or one with no level above is refused (409) with the words of the refusal email; so is one before the reply or while a review runs.',
    tags: ['Public', 'Closing'],
    body: { schema: reviewFormSchema, media: ['form'] },
    responses: [actionDone('Requested')],
    errors: [400, 404, 409, 422, 429],
    pageRefusals: ACTION_REFUSALS,
    handler: async ({ event, deps }) => review(event, deps),
  }),
  defineRoute({
    method: 'POST',
    path: '/public/track/withdraw',
    operationId: 'withdrawOnline',
    summary: 'Withdraw the petition (撤回) before the answer, with the reason and a confirmation',
    description: 'From the tracking page, while the matter is not yet answered (registered, accepted, assigned, in progress or concluded): `reason` and `confirm` (the box ticked). Recorded as staff record a withdrawal (status `withdrawn`, `case.withdrawal.how` online, by `petitioner`): handling ends, no clock runs, whoever works the case and any office owed its result is told to stop, and the petitioner gets the 撤回告知 (by email, else for post or the phone) saying how to object if it was not their will. A reason saying the petitioner is pressed (逼, 被迫, 威胁…) withdraws nothing: a `noted` event (`withdrawalDoubted`) and 【撤回存疑】 to the office holding the case (the level above when the report accuses that place; never a unit), and the confirmation says the case goes on. Refused (409) once answered, closed or withdrawn already, and for a collective petition.',
    tags: ['Public', 'Closing'],
    body: { schema: withdrawFormSchema, media: ['form'] },
    responses: [actionDone('Withdrawn')],
    errors: [400, 404, 409, 422, 429],
    pageRefusals: ACTION_REFUSALS,
    handler: async ({ event, deps }) => withdrawal(event, deps),
  }),
  defineRoute({
    method: 'GET',
    path: '/public/track/done/{receipt}',
    operationId: 'actionReceipt',
    summary: 'The confirmation after an action of the tracking page: what was done, on which case',
    description: 'The receipt is the posted form’s random token; the page names the case number and the action, nothing else of the case, and asks for the query code to show the case again.',
    tags: ['Public'],
    params: receiptParamsSchema,
    describe: { receipt: 'The hidden token of the form that was posted.' },
    responses: [{ status: 200, description: 'The confirmation page.', media: ['html'] }],
    errors: [404],
    pageRefusals: { 404: 'a page saying no form was posted with that token' },
    handler: async ({ event, deps }) => {
      const parsed = receiptParamsSchema.safeParse(event.pathParameters ?? {});
      const receipt = parsed.success ? await actionReceipt(deps, parsed.data.receipt) : undefined;
      return receipt ? page(200, receiptPage(receipt)) : page(404, receiptNotFoundPage());
    },
  }),
];
