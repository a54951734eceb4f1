import * as z from 'zod';
import { ALREADY_BOOKED_NOTICE, BOOKER_CANCEL_LIMITS, bookReception, cancelBookingByBooker, receptionSchedule, type ScheduledSession } from '../../shared/app/reception.js';
import { DomainError, RuleViolation, TooManyRequests } from '../../shared/domain/errors.js';
import type { Province } from '../../shared/domain/province.js';
import { parseSessionId, ReceptionFull, ReceptionSessionNotFound } from '../../shared/domain/reception.js';
import { findSession } from '../../shared/app/reception-sessions.js';
import { html, type HttpEvent, type HttpResult } from '../lib/http.js';
import { FormRejected, readFormPost } from './multipart.js';
import type { FieldErrors } from './portal-pages.js';
import { newFormToken, portalPhone } from './portal-schemas.js';
import {
  alreadyBookedPage,
  bookedPage,
  bookingFormPage,
  cancelFormPage,
  cancelledPage,
  receptionSchedulePage,
  tooManyCancelsPage,
  unbookablePage,
} from './reception-portal-pages.js';
import { allowBookingFrom, BOOKINGS_PER_ADDRESS_PER_DAY } from './reception-routes.js';
import { defineRoute, type ApiDeps, type ApiRoute } from './route.js';
import { viewerAddress } from './viewer-address.js';

/**
 * The citizen portal's leader reception days (领导接待日, issue 15): see the
 * coming sessions, book a place, and cancel it with the booking's reference
 * and cancel code. Pages for a person, no script; every refusal is a page
 * saying why, in Chinese, with the form as typed.
 */

const noStore = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };
const page = (status: number, body: string, headers: Record<string, string> = {}) => html(status, body, { ...noStore, ...headers });

const sessionId = z.string().max(200).refine((id) => parseSessionId(id) !== undefined, '请从接待安排中选择接待日');

/** A form field left out of the post (a hand-made request, an old page) reads as left empty: the citizen is told in Chinese what to fill in. */
const field = z.string().optional().transform((v) => v ?? '');

/** The booking form as posted; the messages are what the citizen reads next to each field. */
export const bookingFormSchema = z
  .object({
    session: field.pipe(sessionId),
    name: field.pipe(z.string().trim().min(1, '请填写姓名').max(100, '姓名不超过 100 个字')),
    phone: field
      .pipe(z.string().trim())
      .transform((v) => v || undefined)
      .pipe(portalPhone.optional()),
    email: field
      .pipe(z.string().trim())
      .transform((v) => v || undefined)
      .pipe(z.email('请填写有效的电子邮箱地址，例如 zhangwei@example.com').optional()),
    matter: field.pipe(z.string().trim().min(1, '请简要说明要反映的事项').max(2_000, '要反映的事项不超过 2000 字，更多材料请来访时带来')),
    caseNumber: field
      .pipe(z.string().trim())
      .transform((v) => v || undefined)
      .pipe(z.string().regex(/^(\d{6}|\d{9})-\d{4}-\d{6,}$/, '登记编号形如 330122-2026-000042；没有的请留空').optional()),
    // 来访人数: empty is one person; more than five are booked as five representatives (条例 第二十条).
    partySize: field
      .pipe(z.string().trim())
      .transform((v) => v.normalize('NFKC') || '1')
      .pipe(z.string().regex(/^\d{1,4}$/, '请填写来访人数，例如 1'))
      .transform(Number)
      .pipe(z.number().int().min(1, '来访人数至少为 1')),
    // Absent or malformed (a page saved before it was added): the booking goes ahead, it just cannot be shown again.
    formToken: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,64}$/)
      .optional()
      .catch(undefined),
  })
  .superRefine((form, ctx) => {
    if (!form.phone && !form.email) ctx.addIssue({ code: 'custom', path: ['phone'], message: '请填写手机号码或电子邮箱（至少一项），以便信访局联系您' });
  });

/** The cancel form as posted. */
export const cancelFormSchema = z.object({
  reference: z
    .string()
    .trim()
    .min(1, '请填写预约编号')
    .max(40, '预约编号形如 JD-7F3A9C21')
    .transform((v) => v.normalize('NFKC').toUpperCase().replace(/\s/g, ''))
    .pipe(z.string().regex(/^JD-[0-9A-F]{8}$/, '预约编号形如 JD-7F3A9C21，请核对')),
  code: z.string().trim().min(1, '请填写取消码').max(40, '取消码为 12 位字母和数字'),
});

const scheduleQuerySchema = z.object({ jurisdiction: z.string().regex(/^\d{6}(\d{3})?$/).optional() });

function fieldErrors(issues: readonly { path: PropertyKey[]; message: string }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
  return errors;
}

const BOOKING_FIELDS = ['session', 'name', 'phone', 'email', 'partySize', 'matter', 'caseNumber'] as const;

/** The problems in the order of the form's fields, as the summary at the top lists them. */
function inFormOrder(errors: FieldErrors, order: readonly string[]): FieldErrors {
  const rank = (field: string) => (order.includes(field) ? order.indexOf(field) : order.length);
  return Object.fromEntries(Object.entries(errors).sort(([a], [b]) => rank(a) - rank(b)));
}

/** The offices whose rotation has reception days; a township's with its county (townships of one name lie in several counties). */
export const receivingOffices = (province: Province) =>
  province.config.jurisdictions.filter((j) => j.receptionDays?.length).map((j) => ({ code: j.code, office: province.withCounty(j.code, j.office.name) }));

async function schedulePage(event: HttpEvent, deps: ApiDeps): Promise<HttpResult> {
  const offices = receivingOffices(deps.province);
  const query = scheduleQuerySchema.safeParse(event.queryStringParameters ?? {});
  const code = query.success ? query.data.jurisdiction : undefined;
  if (!query.success || (code !== undefined && !offices.some((o) => o.code === code))) {
    return page(404, receptionSchedulePage(offices, undefined, '请从列表中选择信访机构'));
  }
  if (code === undefined) return page(200, receptionSchedulePage(offices));
  const schedule = await receptionSchedule(deps, { jurisdiction: code, weeks: 4 });
  return page(200, receptionSchedulePage(offices, { code, office: offices.find((o) => o.code === code)!.office, sessions: schedule.sessions }));
}

/** The session as the schedule shows it (with places left), or undefined when it is not a coming one. */
async function comingSession(deps: ApiDeps, id: string) {
  // A page of before slots names the session by its leader: it is the slot's, whoever receives now.
  const session = await findSession(deps, id);
  if (!session) return undefined;
  const schedule = await receptionSchedule(deps, { jurisdiction: session.jurisdiction, weeks: 12 });
  return schedule.sessions.find((s) => s.id === session.id);
}

const notOpen = (jurisdiction?: string) =>
  page(404, unbookablePage('不能预约这场接待', '这场接待不在可预约的安排中：可能已经开始、已经结束，或尚未开放预约（提前 12 周开放）。请选择其他接待日。', jurisdiction));

const sessionCancelledPage = (session: ScheduledSession) =>
  page(409, unbookablePage('这场接待已取消', `这场接待已取消（${session.adjustment?.reason ?? '接待安排调整'}），请选择其他接待日。`, session.jurisdiction));

async function bookingForm(event: HttpEvent, deps: ApiDeps): Promise<HttpResult> {
  const id = event.queryStringParameters?.session ?? '';
  const session = await comingSession(deps, id);
  if (!session) return notOpen(parseSessionId(id)?.jurisdiction);
  if (session.cancelled) return sessionCancelledPage(session);
  if (session.placesLeft === 0) return page(409, unbookablePage('名额已满', '这场接待的名额已经约满，请选择其他接待日。', session.jurisdiction));
  return page(200, bookingFormPage(session, { formToken: newFormToken() }, {}));
}

async function book(event: HttpEvent, deps: ApiDeps): Promise<HttpResult> {
  let fields: Record<string, string>;
  try {
    fields = (await readFormPost(event, { totalFileBytes: 0, files: 0, fields: 10, fieldBytes: 8 * 1024 })).fields;
  } catch (error) {
    if (!(error instanceof FormRejected)) throw error;
    return page(400, unbookablePage('预约未成功', '表单未能读取（内容过长或格式不对），请重新打开预约页面填写。'));
  }
  const session = await comingSession(deps, fields.session ?? '');
  if (!session) return notOpen(parseSessionId(fields.session ?? '')?.jurisdiction);
  if (session.cancelled) return sessionCancelledPage(session);
  const parsed = bookingFormSchema.safeParse(fields);
  if (!parsed.success) return page(422, bookingFormPage(session, { ...fields, formToken: fields.formToken && /^[A-Za-z0-9_-]{16,64}$/.test(fields.formToken) ? fields.formToken : newFormToken() }, inFormOrder(fieldErrors(parsed.error.issues), BOOKING_FIELDS)));
  const { session: _id, ...request } = parsed.data;
  const address = viewerAddress(event);
  try {
    const outcome = await bookReception(
      deps,
      session.id,
      {
        name: request.name,
        matter: request.matter,
        ...(request.phone ? { phone: request.phone } : {}),
        ...(request.email ? { email: request.email } : {}),
        ...(request.caseNumber ? { caseNumber: request.caseNumber } : {}),
        ...(request.partySize > 1 ? { partySize: request.partySize } : {}),
        ...(request.formToken ? { formToken: request.formToken } : {}),
      },
      () => allowBookingFrom(deps, address),
    );
    if (!outcome.created && outcome.again) {
      return page(200, bookedPage({ booking: outcome.again.booking, session: outcome.session, cancelCode: outcome.again.cancelCode, emailed: outcome.again.booking.email !== undefined, repeated: true }));
    }
    if (!outcome.created) return page(200, alreadyBookedPage(ALREADY_BOOKED_NOTICE, outcome.session));
    return page(
      201,
      bookedPage({ booking: outcome.booking, session: outcome.session, cancelCode: outcome.cancelCode, emailed: outcome.booking.email !== undefined, ...(outcome.leaderArranged ? { leaderArranged: true } : {}) }),
    );
  } catch (error) {
    if (error instanceof ReceptionFull) return page(409, unbookablePage('名额已满', '就在您提交前，这场接待的最后一个名额已被约走。请选择其他接待日。', session.jurisdiction));
    if (error instanceof TooManyRequests) {
      return page(
        429,
        unbookablePage('预约次数过多', `为防止滥用，同一网络每天至多预约 ${BOOKINGS_PER_ADDRESS_PER_DAY} 次，现已达到上限。请明天再试，或致电信访局预约。`, session.jurisdiction),
        { 'retry-after': '86400' },
      );
    }
    if (error instanceof RuleViolation || error instanceof ReceptionSessionNotFound) return notOpen(session.jurisdiction);
    throw error;
  }
}

async function cancel(event: HttpEvent, deps: ApiDeps): Promise<HttpResult> {
  let fields: Record<string, string>;
  try {
    fields = (await readFormPost(event, { totalFileBytes: 0, files: 0, fields: 4, fieldBytes: 200 })).fields;
  } catch (error) {
    if (!(error instanceof FormRejected)) throw error;
    return page(400, cancelFormPage({}, { reference: '请重新填写预约编号和取消码' }));
  }
  const parsed = cancelFormSchema.safeParse(fields);
  if (!parsed.success) return page(400, cancelFormPage({ reference: fields.reference ?? '' }, fieldErrors(parsed.error.issues)));
  const { reference, code } = parsed.data;
  try {
    const outcome = await cancelBookingByBooker(deps, { reference, code, sourceIp: viewerAddress(event) });
    // A wrong code and an unknown reference are one answer; the code typed is not shown back.
    if (!outcome.found) return page(404, cancelFormPage({ reference }, {}, true));
    const settled = outcome.booking.status === 'received' || outcome.booking.status === 'noShow';
    const result = outcome.booking.status === 'cancelled' ? 'cancelled' : settled ? 'settled' : 'begun';
    return page(result === 'cancelled' ? 200 : 422, cancelledPage({ reference: outcome.booking.reference, session: outcome.session, outcome: result, emailed: outcome.booking.email !== undefined }));
  } catch (error) {
    if (error instanceof TooManyRequests) return page(429, tooManyCancelsPage(String(error.details.until)), { 'retry-after': String(error.details.retryAfter ?? 3600) });
    if (error instanceof DomainError) return page(404, cancelFormPage({ reference }, {}, true));
    throw error;
  }
}

const PAGE_REFUSALS = {
  400: 'the form again, with what to correct next to each field',
  404: 'a page saying the session cannot be booked, or the cancel form saying no booking matches that reference and code (the same for a wrong code and an unknown reference)',
  409: 'a page saying the session is full, with a link to the other sessions',
  422: 'the booking form again, as typed, with the reason next to each field; or, cancelling, a page saying the session has begun',
  429: 'a page saying the limit was reached and when to try again (Retry-After)',
} as const;

export const receptionPortalRoutes: ApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/public/reception',
    operationId: 'receptionPortal',
    summary: 'The citizen portal’s leader reception days (领导接待日): pick an office (query `jurisdiction`), see its coming sessions with the places left',
    tags: ['Public', 'Reception days'],
    responses: [{ status: 200, description: 'The page.', media: ['html'] }],
    errors: [404],
    pageRefusals: PAGE_REFUSALS,
    handler: async ({ event, deps }) => schedulePage(event, deps),
  }),
  defineRoute({
    method: 'GET',
    path: '/public/reception/book',
    operationId: 'receptionBookingForm',
    summary: 'The booking form of one coming session (query `session`, a session id)',
    tags: ['Public', 'Reception days'],
    responses: [{ status: 200, description: 'The form.', media: ['html'] }],
    errors: [404, 409],
    pageRefusals: PAGE_REFUSALS,
    handler: async ({ event, deps }) => bookingForm(event, deps),
  }),
  defineRoute({
    method: 'POST',
    path: '/public/reception/book',
    operationId: 'receptionBookFromPortal',
    summary: 'Book a place from the portal: the confirmation shows the reference and the cancel code (取消码) once',
    description: `The same booking as POST /public/reception-days/{sessionId}/bookings (one place per contact and session, ${BOOKINGS_PER_ADDRESS_PER_DAY} bookings a day per network address). The answer is the confirmation page itself, not a redirect: the cancel code is shown this once and must not be carried in a URL; a repeated post finds the contact's booking and answers the neutral notice.`,
    tags: ['Public', 'Reception days'],
    body: { schema: bookingFormSchema, media: ['form'] },
    responses: [
      { status: 201, description: 'Booked: reference, session and cancel code.', media: ['html'] },
      { status: 200, description: 'The contact has a place at this session already: a neutral notice, nothing of that booking.', media: ['html'] },
    ],
    errors: [400, 404, 409, 422, 429],
    pageRefusals: PAGE_REFUSALS,
    handler: async ({ event, deps }) => book(event, deps),
  }),
  defineRoute({
    method: 'GET',
    path: '/public/reception/cancel',
    operationId: 'receptionCancelForm',
    summary: 'The cancel form: booking reference and cancel code',
    tags: ['Public', 'Reception days'],
    responses: [{ status: 200, description: 'The form (posted, so the code never appears in a URL).', media: ['html'] }],
    errors: [],
    handler: async () => page(200, cancelFormPage({}, {})),
  }),
  defineRoute({
    method: 'POST',
    path: '/public/reception/cancel',
    operationId: 'receptionCancelByBooker',
    summary: 'The booker cancels with reference and cancel code: the place is free again',
    description: `Conditional on the booking still being booked; a booking cancelled before answers the same page. A wrong code and an unknown reference answer the same 404 page. Every try counts against the network address (${BOOKER_CANCEL_LIMITS.perAddressPerHour} an hour) and the reference (${BOOKER_CANCEL_LIMITS.perReferencePerDay} a day). Once the session has begun, nothing is cancelled (422). A booker who gave an email is sent the cancellation in writing (【领导接待日】预约已取消: the reference, the session, when it was cancelled, that the place is freed and how to book again), written with the cancellation itself, so a post sent twice, or two at once, send it once; without an email nothing is sent.`,
    tags: ['Public', 'Reception days'],
    body: { schema: cancelFormSchema, media: ['form'] },
    responses: [{ status: 200, description: 'Cancelled (now or before).', media: ['html'] }],
    errors: [400, 404, 422, 429],
    pageRefusals: PAGE_REFUSALS,
    handler: async ({ event, deps }) => cancel(event, deps),
  }),
];
