import { networkOf } from '../../shared/domain/network-address.js';
import { staffCaseView } from '../../shared/app/linked-cases.js';
import * as z from 'zod';
import { phoneNumberProblem, typedPhone } from '../../shared/domain/phone-number.js';
import {
  ALREADY_BOOKED_NOTICE,
  BOOKING_HORIZON_WEEKS,
  bookReception,
  CALENDAR_MAX_DAYS,
  cancelReceptionBooking,
  recordCancellationToldByPhone,
  markReceptionNoShow,
  scheduled,
  representativesNotice,
  receptionCalendar,
  receptionSchedule,
  recordReceptionNote,
  sessionBookings,
  type ReceptionDeps,
  type ScheduledSession,
} from '../../shared/app/reception.js';
import { createHash } from 'node:crypto';
import { parseSessionId } from '../../shared/domain/reception.js';
import { adjustReceptionSession } from '../../shared/app/reception-adjustment.js';
import { accompanyingOfSessions, accompanyingView, setAccompanyingUnits } from '../../shared/app/reception-accompaniment.js';
import { MAX_ACCOMPANYING_UNITS } from '../../shared/domain/reception-accompaniment.js';
import { accompaniedSession, accompaniedSessions } from '../../shared/app/accompanied-sessions.js';
import { chinaDate } from '../../shared/domain/case-number.js';
import { TooManyRequests } from '../../shared/domain/errors.js';
import { requestFingerprint } from '../../shared/app/fingerprint.js';
import { json, parseInput } from '../lib/http.js';
import { ACTION_ERRORS } from './case-route-docs.js';
import { viewerAddress } from './viewer-address.js';
import { defineRoute, type ApiRoute } from './route.js';
import { chinaDate as chinaDateSchema, divisionCodeSchema, idempotencyKeySchema, petitionerSchema, registerBodySchema } from './schemas.js';

const text = (max: number, required: string) => z.string({ error: required }).trim().min(1, required).max(max, `at most ${max} characters`);
const caseNumber = z.string().regex(/^(\d{6}|\d{9})-\d{4}-\d{6,}$/, 'must be a case number like 330122-2026-000042');

/** Clients may percent-encode the colons of a session id. */
const decoded = (value: unknown) => {
  if (typeof value !== 'string') return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

export const sessionParamSchema = z.object({
  sessionId: z.preprocess(
    decoded,
    z
      .string()
      .refine((id) => parseSessionId(id) !== undefined, 'must be a reception session id like 330122:2026-11-30:0900 (see GET /public/reception-days)'),
  ),
});
/** Why staff cancel a booking, as the booker is told it. */
export const cancelBookingBodySchema = z.strictObject({
  reason: z.string().trim().min(1).max(200).optional().describe('Why the booking is cancelled, as the booker is told it (e.g. 接待领导临时公务外出，本场接待取消).'),
  byBooker: z
    .boolean()
    .optional()
    .describe('The booker asked for it (by phone, at the desk): they are sent a plain confirmation (template `receptionCancelledOnRequest`, no apology) and none by phone; `reason` defaults to 应预约人要求取消.'),
});

const adjustCommon = {
  reason: z.string().trim().min(1, 'say why, as the bookers and the public are told').max(200).describe('Why, as the bookers and the public are told (e.g. 接待领导赴省里参加会议).'),
  expectedVersion: z.int().min(0).describe('The version of the session’s adjustment read (`adjustment.version`, 0 when it has none): written only over that one, else 409.'),
  confirmLate: z.literal(true).optional().describe('Less than two days before the session (提前两日告知 not met): required, to say the office adjusts it all the same.'),
};
/** 调整接待安排: another leader receives, the session moves, or it is not held. */
export const adjustSessionBodySchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('substitute').describe('换人接待 (委托/调换)'), leader: z.string().trim().min(1).max(100).describe('Staff id of the leader who receives instead (a leader of the jurisdiction).'), ...adjustCommon }),
  z.strictObject({
    kind: z.literal('move').describe('改期'),
    date: chinaDateSchema('date').describe('The new day (China date), at most 28 days from the rotation’s day.'),
    time: z.string().trim().regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/, 'must be a China-time range HH:MM-HH:MM, e.g. 09:00-11:30').describe('The new time, HH:MM-HH:MM China time.'),
    place: z.string().trim().min(1).max(200).describe('The new place (the same place may be given again).'),
    ...adjustCommon,
  }),
  z.strictObject({ kind: z.literal('cancel').describe('取消'), ...adjustCommon }),
]);

/** 陪访部门: the units of the session's jurisdiction that accompany the leader. */
export const accompanyingBodySchema = z.strictObject({
  units: z
    .array(z.string().trim().min(1, 'a unit id').max(100), { error: 'the unit ids, a list' })
    .max(MAX_ACCOMPANYING_UNITS, `at most ${MAX_ACCOMPANYING_UNITS} units`)
    .describe('Unit ids of the session’s jurisdiction (the directory’s), in the order shown; empty withdraws them all.'),
  expectedVersion: z.int().min(0).describe('The `accompanying.version` read (0 when none was set): written only over that one, else 409.'),
});

export const bookingParamSchema = sessionParamSchema.extend({ bookingId: z.uuid('must be a booking id (see GET /reception-days/{sessionId}/bookings)') });

export const scheduleQuerySchema = z.strictObject({
  jurisdiction: divisionCodeSchema,
  weeks: z.coerce
    .number({ error: 'must be a number of weeks' })
    .int('must be a whole number of weeks')
    .min(1, 'at least 1 week')
    .max(BOOKING_HORIZON_WEEKS, `at most ${BOOKING_HORIZON_WEEKS} weeks (bookings open ${BOOKING_HORIZON_WEEKS} weeks ahead)`)
    .default(4),
});

export const bookingBodySchema = z
  .strictObject({
    name: text(100, 'your name is required'),
    // The portal's booking form's rule (phoneNumberProblem): the office must be able to dial it to reach the booker.
    phone: z
      .string()
      .overwrite(typedPhone)
      .max(30, 'at most 30 characters')
      .superRefine((value, ctx) => {
        const zh = phoneNumberProblem(value);
        if (zh) ctx.addIssue({ code: 'custom', message: 'must be a number the office can dial: an 11-digit mobile, a landline with its area code, or a number abroad with its country code', params: { zh } });
      })
      .optional(),
    email: z.email('must be an email address').optional(),
    /** The matter in a few sentences, so the leader can prepare. */
    matter: text(2_000, 'say briefly what you want to raise'),
    /** A case the petitioner already has (登记编号), if any. */
    caseNumber: caseNumber.optional(),
    partySize: z
      .int('must be a whole number of people')
      .min(1, 'at least 1 person')
      .max(9_999)
      .optional()
      .describe('来访人数, the booker included (1 when not given): one place each. More than five are booked as five representatives (条例 第二十条), and told so (`representatives`).'),
  })
  .superRefine((body, ctx) => {
    if (!body.phone && !body.email) {
      ctx.addIssue({ code: 'custom', path: ['phone'], message: 'give a phone number or an email address (or both), so the office can reach you', params: { zh: '请填写电话或电子邮箱（或两者），以便信访机构联系您' } });
    }
  });

/** The staff calendar: the sessions of a stretch of days, past ones included. */
export const calendarQuerySchema = z
  .strictObject({
    jurisdiction: divisionCodeSchema,
    from: chinaDateSchema('from'),
    to: chinaDateSchema('to'),
  })
  .superRefine((q, ctx) => {
    const days = (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 + 1;
    if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: `must be on or after from (${q.from})`, params: { zh: `结束日期不能早于开始日期（${q.from}）` } });
    else if (days > CALENDAR_MAX_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `at most ${CALENDAR_MAX_DAYS} days after from (a month view shows six weeks)`, params: { zh: `结束日期最多在开始日期后 ${CALENDAR_MAX_DAYS} 天` } });
  });

/** A new visit petition (走访) registered from the reception: what POST /cases takes, less what the session fixes (jurisdiction, channel, time). */
export const receptionVisitSchema = registerBodySchema
  .pick({ subject: true, matter: true, category: true, incidentAddress: true, urgent: true, writtenBy: true })
  .extend({ petitioner: petitionerSchema.optional() });

export const receptionNoteSchema = z
  .strictObject({
    note: text(5_000, 'the note is required'),
    /** The booking of the person received, if they had one. */
    bookingId: z.uuid('must be a booking id (see GET /reception-days/{sessionId}/bookings)').optional(),
    /** The case the reception concerns… */
    caseNumber: caseNumber.optional(),
    /** …or the new visit petition to register from it. */
    register: receptionVisitSchema.optional(),
  })
  .superRefine((n, ctx) => {
    if (n.caseNumber === undefined && n.register === undefined) {
      ctx.addIssue({ code: 'custom', path: ['caseNumber'], message: 'give the case the reception concerns (caseNumber), or register a new visit petition from it (register)', params: { zh: '请填写接待涉及的信访事项编号，或据此登记一件新的来访事项' } });
    }
    if (n.caseNumber !== undefined && n.register !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['register'], message: 'give either caseNumber or register, not both: a note goes onto one case', params: { zh: '信访事项编号和新登记只能二选一：一份接待记录只记入一件事项' } });
    }
  });

/** What the public schedule shows of a session: no booking counts per person, just places left. */
const publicSession = (s: ScheduledSession) => ({
  id: s.id,
  date: s.date,
  weekday: s.weekday,
  time: s.time,
  startsAt: s.startsAt,
  endsAt: s.endsAt,
  leader: { id: s.leader, name: s.leaderName, ...(s.leaderPost ? { post: s.leaderPost } : {}) },
  place: s.place,
  topics: s.topics,
  capacity: s.capacity,
  placesLeft: s.placesLeft,
  ...(s.movedFrom ? { movedFrom: s.movedFrom } : {}),
  // 调整: what the rotation said, and why it changed (the public is told, 提前向社会公布).
  ...(s.cancelled ? { cancelled: true } : {}),
  ...(s.adjustment && s.rotation
    ? { adjusted: { version: s.adjustment.version, reason: s.adjustment.reason, rotation: { date: s.rotation.date, time: s.rotation.time, place: s.rotation.place, leader: { id: s.rotation.leader, name: s.rotationLeaderName ?? s.rotation.leader } } } }
    : {}),
});

const sessionDescription =
  'A reception session id: the slot of the rotation, jurisdiction:date:start (China time), e.g. 330122:2026-11-30:0900 — the same whoever receives. An earlier id naming the leader (330122:tonglu-leader-petitions:2026-11-30, from mails and pages of before) finds the same session. Colons may be percent-encoded.';

/**
 * Leader reception days (领导接待日). Paths under /public/ need no login: the
 * published schedule and booking a place. The rest is for staff of the
 * session's jurisdiction or above.
 */
export const receptionRoutes: ApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/public/reception-days',
    operationId: 'receptionSchedule',
    summary: 'The published schedule of leader reception days, with the places left',
    tags: ['Reception days', 'Public'],
    query: scheduleQuerySchema,
    describe: { jurisdiction: 'Division code of the jurisdiction.', weeks: 'How many weeks ahead.' },
    responses: [{ status: 200, description: 'The sessions that have not begun yet.' }],
    errors: [400, 404],
    handler: async ({ deps, query }) => {
      const schedule = await receptionSchedule(deps, query());
      return json(200, { ...schedule, sessions: schedule.sessions.map(publicSession) });
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/public/reception-days/{sessionId}/bookings',
    operationId: 'bookReception',
    summary: 'Book a place at a reception session',
    description:
      'With an email address, a confirmation is sent. A phone or email that has a place at the session already gets no second one and no details of the first: a neutral 200, and the confirmation is sent again (at most once a day) to the email of that booking.',
    tags: ['Reception days', 'Public'],
    params: sessionParamSchema,
    describe: { sessionId: sessionDescription },
    body: { schema: bookingBodySchema },
    responses: [
      { status: 201, description: 'Booked: the reference to show at the desk, and the cancel code (`cancelCode`, 取消码, shown this once and in the confirmation email) with which the booker cancels at /public/reception/cancel.', location: 'The session’s bookings (staff).' },
      { status: 200, description: 'This contact has a place already: `{ created: false, message }`, nothing of that booking.' },
    ],
    errors: [400, 404, 409, 422, 429],
    handler: async ({ event, deps, params, body }) => {
      const { sessionId } = params();
      const request = body();
      const outcome = await bookReception(deps, sessionId, request, () => allowBookingFrom(deps, viewerAddress(event)));
      // A contact booked already: a neutral answer, none of that booking's details (they went to its own email).
      if (!outcome.created) return json(200, { created: false, message: ALREADY_BOOKED_NOTICE });
      const { booking, session } = outcome;
      // Only what the petitioner needs at the desk; the personal data stays with the office.
      return json(
        201,
        {
          created: true,
          booking: {
            reference: booking.reference,
            sessionId: booking.sessionId,
            date: booking.date,
            status: booking.status,
            bookedAt: booking.bookedAt,
            ...(booking.partySize ? { partySize: booking.partySize } : {}),
            ...(booking.groupSize ? { groupSize: booking.groupSize } : {}),
          },
          ...(booking.groupSize ? { representatives: representativesNotice(booking.groupSize) } : {}),
          session: publicSession(session),
          confirmation: booking.email ? 'email' : 'none',
          // The cancel code (取消码), shown this once: with the reference it cancels the booking at /public/reception/cancel.
          cancelCode: outcome.cancelCode,
        },
        { location: `/reception-days/${encodeURIComponent(booking.sessionId)}/bookings` },
      );
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/reception-days',
    operationId: 'receptionCalendar',
    summary: 'The staff calendar: a jurisdiction’s reception sessions between two dates, past ones included, with the places taken',
    description: `For staff not placed in a unit, of the jurisdiction or above. At most ${CALENDAR_MAX_DAYS} days at once; public holidays have no session.`,
    tags: ['Reception days'],
    query: calendarQuerySchema,
    describe: { jurisdiction: 'Division code of the jurisdiction.', from: 'First day (China date, YYYY-MM-DD).', to: 'Last day (China date, YYYY-MM-DD), included.' },
    responses: [{ status: 200, description: 'The sessions, each with its leader, time, place, capacity, `taken` and `placesLeft`.' }],
    errors: [400, 403, 404],
    handler: async ({ deps, actor, query }) => {
      const staff = actor();
      const calendar = await receptionCalendar(deps, query(), staff);
      const accompanying = await accompanyingOfSessions(deps, calendar.jurisdiction.code, calendar.sessions);
      return json(200, {
        ...calendar,
        sessions: calendar.sessions.map((s) => ({ ...publicSession(s), taken: s.taken, ...(accompanying.has(s.id) ? { accompanying: accompanying.get(s.id) } : {}) })),
      });
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/reception-days/{sessionId}/bookings',
    operationId: 'sessionBookings',
    summary: 'A session with all its bookings',
    description:
      'For staff not placed in a unit, of the session’s jurisdiction or above. Names, phone numbers and email addresses only for the session’s own leader and the office’s desk (petitions office, registrars); others get the bookings without them. A booking kept from the caller (条例 第二十八条、第三十条: its matter accuses them by name, or the case it names is kept from them — recused, or a report against their unit or place) is only `{ id, sessionId, jurisdiction, date, status, withheld: true }`: a place taken. The desk sees `keptFromLeader: true` on the bookings the session’s leader is not shown, and arranges them. A booking’s `leader` is the leader its confirmation named: where it is not the session’s leader now, the booker is told by mail with the leader’s reminder, or, without an email address, by the desk. `allowedActions` names what the caller may do: readBookers, cancelBooking, markNoShow, recordReception (never on a booking kept from them: 403).',
    tags: ['Reception days'],
    params: sessionParamSchema,
    describe: { sessionId: sessionDescription },
    responses: [{ status: 200, description: 'The session and its bookings.' }],
    errors: [400, 403, 404],
    handler: async ({ event, deps, actor, params }) => {
      const staff = actor();
      const { session, bookings, allowedActions } = await sessionBookings(deps, params().sessionId, staff, { requestId: event.requestContext.requestId });
      const accompanying = accompanyingView(deps.province, await deps.reception.accompanimentOf(session.id));
      return json(200, { session: { ...publicSession(session), taken: session.taken, ...(accompanying?.units.length ? { accompanying } : {}) }, bookings, allowedActions });
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/reception-days/{sessionId}/bookings/{bookingId}/cancel',
    operationId: 'cancelBooking',
    summary: 'Cancel a booking: the place is free again',
    description:
      'For the session’s own leader and the office’s desk; a booking kept from the caller (it accuses them, or its case is kept from them) is the desk’s: 403. The booker is told, with `reason` (接待安排调整 when none is given): by email when they gave one (template `receptionCancelledByOffice`: what they can do instead — another day, the office on a working day, a letter or the portal; sent once however often this is asked), otherwise the booking answers `cancelNotice: phone` — 待电话告知, the desk calls them. With `byBooker` (they asked for it), the email only confirms it (`receptionCancelledOnRequest`) and nobody is to call them. Asked again, the booking is answered as it is and nothing more is sent.',
    tags: ['Reception days'],
    params: bookingParamSchema,
    body: { schema: cancelBookingBodySchema, optional: true },
    describe: { sessionId: sessionDescription, bookingId: 'The booking id (see the session’s bookings).' },
    responses: [{ status: 200, description: 'Cancelled: `{ booking }`, with `cancelReason` and how the booker is told (`cancelNotice`).' }],
    errors: [400, 403, 404, 409],
    handler: async ({ event, deps, actor, params, body }) => {
      const staff = actor();
      const { sessionId, bookingId } = params();
      const { reason, byBooker } = body() ?? {};
      return json(200, {
        booking: await cancelReceptionBooking(deps, sessionId, bookingId, staff, { requestId: event.requestContext.requestId, ...(reason ? { reason } : {}), ...(byBooker ? { byBooker } : {}) }),
      });
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/reception-days/{sessionId}/adjustment',
    operationId: 'adjustSession',
    summary: 'Adjust one session: another leader receives, it moves, or it is cancelled — with a reason',
    description:
      'For the office’s petitions staff and the jurisdiction’s leaders (the session’s own included). `kind`: `substitute` (换人接待: 委托/调换, `leader` names who), `move` (改期: `date`, `time`, `place`; at most 28 days from the rotation’s day, not a public holiday), `cancel` (取消). The rotation stays as published; the session keeps its id and its bookings, and is shown as adjusted everywhere: the public schedule (`adjusted`, `cancelled`), the staff calendar, the leaders’ reminders and day lists (the leader who receives now gets them). Versioned: `expectedVersion` is the `adjusted.version` read (0 for none), else 409. Less than two days before the session (the office’s 提前两日告知) it is refused with 422 unless `confirmLate: true`. Bookers who booked before it are told once: a cancellation cancels their bookings as the office cancelling them does (template `receptionCancelledByOffice`, reason 本场领导接待取消（…）; without email `cancelNotice: phone`); another leader, time or place by email (接待安排调整), or, without email, the booking shows `changeToTellByPhone` (待电话告知) until told-by-phone is recorded. The same request again answers 200 with `repeated: true` and sends nothing twice. On the reception trail (adjustSession).',
    tags: ['Reception days'],
    params: sessionParamSchema,
    describe: { sessionId: sessionDescription },
    body: { schema: adjustSessionBodySchema },
    responses: [{ status: 200, description: '`{ session, late, told: { email, phone }, repeated }`: the session as adjusted, whether it came less than two days ahead, and how many bookers were told by email or are to be called.' }],
    errors: [400, 403, 404, 409, 422],
    handler: async ({ event, deps, actor, params, body }) => {
      const staff = actor();
      const { expectedVersion, confirmLate, ...change } = body();
      const outcome = await adjustReceptionSession(deps, params().sessionId, { change, expectedVersion, ...(confirmLate ? { confirmLate } : {}) }, staff, { requestId: event.requestContext.requestId });
      const taken = (await deps.reception.placesTaken([outcome.session])).get(outcome.session.id) ?? 0;
      return json(200, { session: { ...publicSession(scheduled(deps.province, outcome.session, taken)), taken }, adjustment: outcome.adjustment, late: outcome.late, told: outcome.told, repeated: outcome.repeated });
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/reception-days/{sessionId}/accompanying',
    operationId: 'setAccompanyingUnits',
    summary: 'Choose or change the units that accompany the leader at a session (陪访部门)',
    description:
      'For the session’s own leader and the office’s petitions staff of its jurisdiction (陪访部门由接访领导确定), before the session begins and unless it is cancelled (422). `units` are unit ids of the session’s jurisdiction (400 for an unknown unit or one of another jurisdiction). Versioned: `expectedVersion` is the `accompanying.version` read (0 for none), else 409; 409 too when the session was adjusted or cancelled between being read and the units being saved (nothing saved or sent). Each unit chosen is emailed at once (template `receptionAccompany`: the session — date, time, place, the leader with post — the accompanying units and the booked matters, without who booked them; reports and accusations only counted) and again the day before with the leader’s reminder (`receptionAccompanyReminder`); a unit left out by a change is told it need not come (`receptionAccompanyWithdrawn`); an adjustment of the session (POST …/adjustment) tells the units chosen before it the new arrangement (`receptionAccompanyMoved`) or that it is cancelled (`receptionAccompanyCancelled`). The letters are written with the choice, in one transaction: the same request again answers 200 with `repeated: true` and sends nothing twice. On the reception trail (setAccompanying). The session’s `accompanying` shows on the calendar and with its bookings.',
    tags: ['Reception days'],
    params: sessionParamSchema,
    describe: { sessionId: sessionDescription },
    body: { schema: accompanyingBodySchema },
    responses: [{ status: 200, description: '`{ accompanying, told: { accompany, withdrawn }, repeated }`: the units as now set, by name, and how many units were written to.' }],
    errors: [400, 403, 404, 409, 422],
    handler: async ({ event, deps, actor, params, body }) => {
      const staff = actor();
      const outcome = await setAccompanyingUnits(deps, params().sessionId, body(), staff, { requestId: event.requestContext.requestId });
      return json(200, { accompanying: accompanyingView(deps.province, outcome.accompaniment), told: outcome.told, repeated: outcome.repeated });
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/reception-days/accompanied',
    operationId: 'accompaniedSessions',
    summary: 'The sessions the caller’s unit accompanies (陪访部门), from today, as its letters tell them',
    description:
      'For staff placed in a unit (403 for others, who read sessions on the calendar). The sessions of the unit’s jurisdiction from today to the booking horizon that the unit is chosen to accompany (POST …/accompanying), soonest first; a cancelled one stays with `cancelled: true` and no matters or counts, one moved or handed to another leader has `adjusted.reason`. Each is what the unit’s letter (`receptionAccompany`) says, built by the same function: date, time, place, the leader with post, the accompanying units, how many bookings and people, and `topics` — the booked matters without names, phone numbers, addresses or ID numbers; a matter that reports or complains of the unit or names its officials (条例 第三十条) is only counted in `withheld`. Never a booker’s name, contact or reference.',
    tags: ['Reception days'],
    responses: [{ status: 200, description: '`{ sessions }`: each `{ id, jurisdiction, date, dateText, time, place, leader, office, unit, units, bookings, people, topics, withheld, cancelled?, ended?, adjusted? }`.' }],
    errors: [403],
    handler: async ({ deps, actor }) => json(200, { sessions: await accompaniedSessions(deps, actor()) }),
  }),
  defineRoute({
    method: 'GET',
    path: '/reception-days/{sessionId}/accompanied',
    operationId: 'accompaniedSession',
    summary: 'One session the caller’s unit accompanies, as its letter tells it (the link in the 陪访 letters)',
    description:
      'As GET /reception-days/accompanied, for one session; one already held (a letter’s link opened after the day) has `ended: true` and, like a cancelled one, no matters or counts. 403 (本单位不是该场领导接待的陪访部门) for staff of a unit not chosen to accompany it — or no longer: a unit left out by a change — and for staff in no unit; 404 for no such session.',
    tags: ['Reception days'],
    params: sessionParamSchema,
    describe: { sessionId: sessionDescription },
    responses: [{ status: 200, description: '`{ session }`, shaped as in GET /reception-days/accompanied.' }],
    errors: [400, 403, 404],
    handler: async ({ deps, actor, params }) => json(200, { session: await accompaniedSession(deps, params().sessionId, actor()) }),
  }),
  defineRoute({
    method: 'POST',
    path: '/reception-days/{sessionId}/bookings/{bookingId}/told-by-phone',
    operationId: 'bookingToldByPhone',
    summary: '待电话告知 done: the booker of a booking the office cancelled was told by phone',
    description:
      'For whoever may cancel the booking. A booking the office cancelled whose booker gave no email (`cancelNotice: phone`): the booking keeps who called and when (toldByPhoneBy, toldByPhoneAt). A booking of a session adjusted since it was made, whose booker gave no email (`changeToTellByPhone`): it keeps `changeToldByPhone` (the adjustment’s version, who, when). Any other is refused with 422; asking again answers it as recorded.',
    tags: ['Reception days'],
    params: bookingParamSchema,
    describe: { sessionId: sessionDescription, bookingId: 'The booking id (see the session’s bookings).' },
    responses: [{ status: 200, description: 'Recorded (or recorded before): `{ booking }`.' }],
    errors: [400, 403, 404, 422],
    handler: async ({ event, deps, actor, params }) => {
      const staff = actor();
      const { sessionId, bookingId } = params();
      return json(200, { booking: await recordCancellationToldByPhone(deps, sessionId, bookingId, staff, { requestId: event.requestContext.requestId }) });
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/reception-days/{sessionId}/bookings/{bookingId}/no-show',
    operationId: 'markNoShow',
    summary: 'Mark a booking as a no-show (未到场) once the session has begun',
    description:
      'For the session’s own leader and the office’s desk; a booking kept from the caller is the desk’s (403). The place stays used; the booking keeps who marked it and when (noShowBy, noShowAt). Asking again answers the booking as marked. A session that has not begun, or a cancelled or received booking, is refused with 422.',
    tags: ['Reception days'],
    params: bookingParamSchema,
    describe: { sessionId: sessionDescription, bookingId: 'The booking id (see the session’s bookings).' },
    responses: [{ status: 200, description: 'Marked (or marked before): `{ booking }`.' }],
    errors: [400, 403, 404, 422],
    handler: async ({ event, deps, actor, params }) => {
      const staff = actor();
      const { sessionId, bookingId } = params();
      return json(200, { booking: await markReceptionNoShow(deps, sessionId, bookingId, staff, { requestId: event.requestContext.requestId }) });
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/reception-days/{sessionId}/notes',
    operationId: 'recordReceptionNote',
    summary: 'Record what was said at a reception: onto the case it concerns, or as a new visit petition',
    description:
      'For the session’s own leader and the office’s desk, on or after the session’s day. With `caseNumber`, a `noted` event on that case (which must be visible to the caller; the note goes into its audit trail as reception-note). With `register`, a new visit petition (走访) of the session’s jurisdiction is registered as POST /cases registers one — its number, acceptance clock and routing — received when the session began, the petitioner taken from the booking unless given, and `writtenBy` the person who came for them (代访: relation, name, phone and/or email) as at POST /cases: letters go to the writer only where the petitioner left no contact of their own; refused with 422 on `body.register.writtenBy` for the petitioner themselves (本人, their own name) or an anonymous petitioner; the note is its first `noted` event. `bookingId` names the booking of the person received (not a cancelled or no-show one, nor one kept from the caller: 403); without it, a booking of the session that named `caseNumber` is taken. That booking is marked received (已接待: receivedAt, receivedBy, receptionCase). The same note of the same session is recorded once: a repeat answers 200 with the event recorded first. With an Idempotency-Key, a repeated registration answers the case it registered.',
    tags: ['Reception days'],
    params: sessionParamSchema,
    describe: { sessionId: sessionDescription },
    headers: [{ name: 'Idempotency-Key', schema: idempotencyKeySchema, description: 'For `register`: a repeated request with the same key and body answers the case registered first; with another body, 422.' }],
    body: { schema: receptionNoteSchema },
    responses: [
      { status: 201, description: 'Noted: `{ case, event, registered }` (registered: a new visit petition was registered).', location: 'The case, /cases/{caseNumber}.' },
      { status: 200, description: 'The same note was recorded before: `{ case, event, registered }` with the event recorded first.', location: 'The case.' },
    ],
    errors: ACTION_ERRORS,
    handler: async ({ event, deps, actor, params, body }) => {
      const staff = actor();
      const { sessionId } = params();
      const sent = body();
      const key = parseInput(idempotencyKeySchema, event.headers['idempotency-key'], 'header Idempotency-Key');
      const { caseNumber: number, register, ...rest } = sent;
      const note = number !== undefined ? { ...rest, caseNumber: number } : { ...rest, register: register! };
      const noted = await recordReceptionNote(deps, sessionId, note, staff, {
        ...(key ? { idempotencyKey: key } : {}),
        fingerprint: requestFingerprint({ sessionId, ...sent }),
        requestId: event.requestContext.requestId,
      });
      return json(noted.repeated ? 200 : 201, { case: await staffCaseView(deps, actor(), noted.case), event: noted.event, registered: noted.registered }, { location: `/cases/${noted.case.caseNumber}` });
    },
  }),
];

/** Bookings one network address may make per day: enough for a family or a community worker, not for a script. */
export const BOOKINGS_PER_ADDRESS_PER_DAY = 20;

/**
 * The public booking route has no login, so each network address gets a
 * daily allowance (kept under a hash: no address is stored). Loopback is
 * exempt: on one machine every caller has the same address, and on AWS a
 * request never comes from it.
 */
export async function allowBookingFrom(deps: Pick<ReceptionDeps, 'store' | 'clock'>, sourceIp: string): Promise<void> {
  const network = networkOf(sourceIp);
  if (network === undefined) return;
  const now = deps.clock.now();
  const address = createHash('sha256').update(network).digest('base64url');
  const expiresAt = Math.floor(now.getTime() / 1000) + 2 * 86_400;
  if (!(await deps.store.takeAllowance(`booking-address:${address}`, chinaDate(now.toISOString()), BOOKINGS_PER_ADDRESS_PER_DAY, expiresAt))) {
    throw new TooManyRequests(`at most ${BOOKINGS_PER_ADDRESS_PER_DAY} bookings a day from one network address; please call the office to book`).inChinese(
      `同一网络地址每天至多预约 ${BOOKINGS_PER_ADDRESS_PER_DAY} 次，请致电信访部门预约`,
    );
  }
}
