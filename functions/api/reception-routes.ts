import type { Route } from '@middy/http-router';
import { z } from 'zod';
import {
  BOOKING_HORIZON_WEEKS,
  bookReception,
  cancelReceptionBooking,
  receptionSchedule,
  recordReceptionNote,
  sessionBookings,
  type ReceptionDeps,
  type ScheduledSession,
} from '../../shared/app/reception.js';
import { createHash } from 'node:crypto';
import { parseSessionId } from '../../shared/domain/reception.js';
import { chinaDate } from '../../shared/domain/case-number.js';
import { TooManyRequests } from '../../shared/domain/errors.js';
import { actorOf, json, jsonBody, parseInput, type HttpEvent, type HttpResult } from '../lib/http.js';
import { divisionCodeSchema } from './schemas.js';

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
      .refine((id) => parseSessionId(id) !== undefined, 'must be a reception session id like 330122:tonglu-leader-petitions:2026-11-30 (see GET /public/reception-days)'),
  ),
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
    phone: z
      .string()
      .trim()
      .regex(/^\+?[\d\s()-]{7,20}$/, 'must be a phone number (digits, spaces, +, -, parentheses)')
      .optional(),
    email: z.email('must be an email address').optional(),
    /** The matter in a few sentences, so the leader can prepare. */
    matter: text(2_000, 'say briefly what you want to raise'),
    /** A case the petitioner already has (登记编号), if any. */
    caseNumber: caseNumber.optional(),
  })
  .superRefine((body, ctx) => {
    if (!body.phone && !body.email) {
      ctx.addIssue({ code: 'custom', path: ['phone'], message: 'give a phone number or an email address (or both), so the office can reach you' });
    }
  });

export const receptionNoteSchema = z.strictObject({
  caseNumber: caseNumber,
  note: text(5_000, 'the note is required'),
});

/** What the public schedule shows of a session: no booking counts per person, just places left. */
const publicSession = (s: ScheduledSession) => ({
  id: s.id,
  date: s.date,
  weekday: s.weekday,
  time: s.time,
  startsAt: s.startsAt,
  endsAt: s.endsAt,
  leader: { id: s.leader, name: s.leaderName },
  place: s.place,
  topics: s.topics,
  capacity: s.capacity,
  placesLeft: s.placesLeft,
});

/**
 * Leader reception days (领导接待日). Paths under /public/ need no login: the
 * published schedule and booking a place. The rest is for staff of the
 * session's jurisdiction or above.
 */
export function receptionRoutes(deps: ReceptionDeps): Route<HttpEvent, HttpResult>[] {
  const sessionIdOf = (event: HttpEvent) => parseInput(sessionParamSchema, event.pathParameters ?? {}, 'path').sessionId;
  return [
    {
      method: 'GET',
      path: '/public/reception-days',
      handler: async (event: HttpEvent): Promise<HttpResult> => {
        const query = parseInput(scheduleQuerySchema, event.queryStringParameters ?? {}, 'query');
        const schedule = await receptionSchedule(deps, query);
        return json(200, { ...schedule, sessions: schedule.sessions.map(publicSession) });
      },
    },
    {
      method: 'POST',
      path: '/public/reception-days/{sessionId}/bookings',
      handler: async (event: HttpEvent): Promise<HttpResult> => {
        const sessionId = sessionIdOf(event);
        const body = parseInput(bookingBodySchema, jsonBody(event), 'body');
        const { created, booking, session } = await bookReception(deps, sessionId, body, () => allowBookingFrom(deps, event.requestContext.http.sourceIp));
        // Only what the petitioner needs at the desk; the personal data stays with the office.
        return json(
          created ? 201 : 200,
          {
            created,
            booking: { reference: booking.reference, sessionId: booking.sessionId, date: booking.date, status: booking.status, bookedAt: booking.bookedAt },
            session: publicSession(session),
            confirmation: booking.email ? 'email' : 'none',
          },
          created ? { location: `/reception-days/${encodeURIComponent(booking.sessionId)}/bookings` } : {},
        );
      },
    },
    {
      method: 'GET',
      path: '/reception-days/{sessionId}/bookings',
      handler: async (event: HttpEvent): Promise<HttpResult> => {
        const actor = actorOf(event, deps.province);
        return json(200, await sessionBookings(deps, sessionIdOf(event), actor));
      },
    },
    {
      method: 'POST',
      path: '/reception-days/{sessionId}/bookings/{bookingId}/cancel',
      handler: async (event: HttpEvent): Promise<HttpResult> => {
        const actor = actorOf(event, deps.province);
        const { sessionId, bookingId } = parseInput(bookingParamSchema, event.pathParameters ?? {}, 'path');
        return json(200, { booking: await cancelReceptionBooking(deps, sessionId, bookingId, actor) });
      },
    },
    {
      method: 'POST',
      path: '/reception-days/{sessionId}/notes',
      handler: async (event: HttpEvent): Promise<HttpResult> => {
        const actor = actorOf(event, deps.province);
        const sessionId = sessionIdOf(event);
        const body = parseInput(receptionNoteSchema, jsonBody(event), 'body');
        const noted = await recordReceptionNote(deps, sessionId, body, actor);
        return json(201, noted, { location: `/cases/${noted.case.caseNumber}` });
      },
    },
  ];
}

/** Bookings one network address may make per day: enough for a family or a community worker, not for a script. */
export const BOOKINGS_PER_ADDRESS_PER_DAY = 20;

/**
 * The public booking route has no login, so each network address gets a
 * daily allowance (kept under a hash: no address is stored). Loopback is
 * exempt: on one machine every caller has the same address, and on AWS a
 * request never comes from it.
 */
async function allowBookingFrom(deps: Pick<ReceptionDeps, 'store' | 'clock'>, sourceIp: string): Promise<void> {
  if (/^(127\.|::1$|::ffff:127\.)/.test(sourceIp)) return;
  const now = deps.clock.now();
  const address = createHash('sha256').update(sourceIp).digest('base64url');
  const expiresAt = Math.floor(now.getTime() / 1000) + 2 * 86_400;
  if (!(await deps.store.takeAllowance(`booking-address:${address}`, chinaDate(now.toISOString()), BOOKINGS_PER_ADDRESS_PER_DAY, expiresAt))) {
    throw new TooManyRequests(`at most ${BOOKINGS_PER_ADDRESS_PER_DAY} bookings a day from one network address; please call the office to book`);
  }
}
