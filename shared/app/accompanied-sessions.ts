import type { Actor } from '../domain/access.js';
import { chinaDate } from '../domain/case-number.js';
import { OutOfScope } from '../domain/errors.js';
import type { AdjustedSession } from '../domain/reception-adjustment.js';
import type { SessionAccompaniment } from '../domain/reception-accompaniment.js';
import { accompanyingContent } from './reception-accompaniment.js';
import { BOOKING_HORIZON_WEEKS, type ReceptionDeps } from './reception.js';
import { adjustedSessionsBetween, requireSession } from './reception-sessions.js';

/**
 * 陪访部门's own view of a session it accompanies: what its letter says
 * (accompanyingContent) — the session, the leader, the units and the booked
 * matters without who booked them, those kept from it (条例 第三十条) only
 * counted — and nothing more. The reception page with its bookings stays the
 * office's.
 */
export interface AccompaniedSession {
  id: string;
  jurisdiction: string;
  /** China date (YYYY-MM-DD) as adjusted, and as the letter writes it (2026年12月14日（星期一）). */
  date: string;
  dateText: string;
  time: string;
  place: string;
  /** The leader with post, as the letter names them (副县长陈海燕同志). */
  leader: string;
  office: string;
  unit: { id: string; name: string };
  units: { id: string; name: string }[];
  /** Booked parties and the people they bring, all of them counted. */
  bookings: number;
  people: number;
  /** The booked matters the unit may read, as its letter words them. */
  topics: string[];
  /** Booked matters kept from the unit: only how many. */
  withheld: number;
  cancelled?: true;
  /** Held already (its end has passed): the letter's link still opens it, without the matters. */
  ended?: true;
  /** Moved or handed to another leader since it was published (调整), with why. */
  adjusted?: { reason: string };
}

type Deps = Pick<ReceptionDeps, 'reception' | 'province' | 'clock'>;

/** Only a unit's staff have this view: the office reads the session on the reception page. */
function unitOf(actor: Actor): string {
  if (actor.unit === undefined) {
    throw new OutOfScope(`${actor.staffId} is not placed in a unit: the accompanied sessions are a unit's view`).inChinese('此页面供陪访部门的工作人员查看；信访部门请在“接待日”中查看接待安排');
  }
  return actor.unit;
}

const notAccompanying = (actor: Actor, sessionId: string) =>
  new OutOfScope(`unit ${actor.unit ?? '(none)'} does not accompany reception session ${sessionId}`).inChinese('本单位不是该场领导接待的陪访部门，不能查看该场接待安排');

async function viewOf(deps: Deps, session: AdjustedSession, accompaniment: SessionAccompaniment, unit: string): Promise<AccompaniedSession | undefined> {
  const ended = Date.parse(session.endsAt) <= deps.clock.now().getTime();
  // The matters are for preparing the day: none once it is not held (its bookings are cancelled after the
  // cancellation commits, so some may still read 'booked') or is over (bookings wait to be settled).
  const booked = session.cancelled || ended ? [] : (await deps.reception.bookingsOf(session)).filter((b) => b.status === 'booked');
  const content = accompanyingContent(deps.province, session, accompaniment, unit, booked);
  if (!content) return undefined;
  return {
    id: session.id,
    jurisdiction: session.jurisdiction,
    date: session.date,
    dateText: content.date,
    time: content.time,
    place: content.place,
    leader: content.leader,
    office: content.office,
    unit: { id: content.unit.id, name: content.unit.name },
    units: content.units,
    bookings: content.bookings,
    people: content.people,
    topics: content.topics,
    withheld: content.withheld,
    ...(session.cancelled ? { cancelled: true as const } : {}),
    ...(ended ? { ended: true as const } : {}),
    ...(session.adjustment && !session.cancelled ? { adjusted: { reason: session.adjustment.reason } } : {}),
  };
}

/**
 * One session the caller's unit accompanies, as its letter tells it. Refused
 * (403) for staff in no unit and for a unit not accompanying it — the same
 * answer whether or not the session has bookings.
 */
export async function accompaniedSession(deps: Deps, sessionId: string, actor: Actor): Promise<AccompaniedSession> {
  const unit = unitOf(actor);
  const session = await requireSession(deps, sessionId);
  const accompaniment = await deps.reception.accompanimentOf(session.id);
  if (!accompaniment?.units.includes(unit)) throw notAccompanying(actor, session.id);
  const view = await viewOf(deps, session, accompaniment, unit);
  if (!view) throw notAccompanying(actor, session.id);
  return view;
}

/**
 * The sessions from today (China date) to the booking horizon that the
 * caller's unit accompanies, soonest first; a cancelled one stays, marked,
 * so the unit sees it is not held.
 */
export async function accompaniedSessions(deps: Deps, actor: Actor): Promise<AccompaniedSession[]> {
  const unit = unitOf(actor);
  const jurisdiction = deps.province.unit(unit).jurisdiction;
  const now = deps.clock.now();
  const range = { from: chinaDate(now.toISOString()), to: chinaDate(new Date(now.getTime() + BOOKING_HORIZON_WEEKS * 7 * 86_400_000).toISOString()) };
  const sessions = (await adjustedSessionsBetween(deps, jurisdiction, range)).filter((s) => Date.parse(s.endsAt) > now.getTime());
  if (sessions.length === 0) return [];
  // Kept by the rotation's own day, which a moved session may have left.
  const days = sessions.map((s) => s.rotation?.date ?? s.date).sort();
  const accompaniments = new Map((await deps.reception.accompanimentsOf(jurisdiction, { from: days[0]!, to: days.at(-1)! })).map((a) => [a.sessionId, a]));
  const views = await Promise.all(
    sessions.map((s) => {
      const accompaniment = accompaniments.get(s.id);
      return accompaniment?.units.includes(unit) ? viewOf(deps, s, accompaniment, unit) : undefined;
    }),
  );
  return views.filter((v): v is AccompaniedSession => v !== undefined);
}
