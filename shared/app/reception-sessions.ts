import type { Province } from '../domain/province.js';
import {
  parseSessionId,
  ReceptionSessionNotFound,
  sessionOf,
  sessionOfLeaderOn,
  sessionsBetween,
  sessionsOn,
  type ReceptionDay,
  type ReceptionSession,
} from '../domain/reception.js';
import { applyAdjustment, widenedForMoves, type AdjustedSession } from '../domain/reception-adjustment.js';
import type { ReceptionStore } from './reception-ports.js';

/** A jurisdiction's rotation, for the domain's session look-ups. */
export const rotationOf =
  (province: Province) =>
  (code: string): readonly ReceptionDay[] | undefined =>
    province.hasJurisdiction(code) ? province.jurisdiction(code).receptionDays : undefined;

/**
 * The session an id names: a slot the rotation holds; or, for an id naming
 * the leader (links and bookings from before slots), the slot of that day
 * whose earlier id it is — the store fixed it while that leader received
 * there — else the one the rotation still shows that leader at (or the day's
 * only one). Whoever receives the slot now receives it.
 */
export async function findSession(deps: SessionDeps, id: string): Promise<AdjustedSession | undefined> {
  const session = await rotationSession(deps, id);
  // Moved, handed to another leader or cancelled (调整): as adjusted, wherever it is acted on.
  return session && applyAdjustment(session, await deps.reception.adjustmentOf(session.id));
}

type SessionDeps = { province: Province; reception: Pick<ReceptionStore, 'earlierIds' | 'adjustmentOf'> };

async function rotationSession(deps: SessionDeps, id: string): Promise<ReceptionSession | undefined> {
  const { province } = deps;
  const parts = parseSessionId(id);
  if (!parts || !province.hasJurisdiction(parts.jurisdiction)) return undefined;
  if (parts.kind === 'slot') return sessionOf(id, rotationOf(province), province.calendar);
  const day = sessionsOn(parts.jurisdiction, parts.date, rotationOf(province), province.calendar);
  if (day.length === 0) return undefined;
  const earlier = await deps.reception.earlierIds(day);
  return day.find((s) => earlier.get(s.id) === id) ?? sessionOfLeaderOn(day, parts.leader);
}

/**
 * A jurisdiction's sessions held between two China dates as adjusted: one
 * moved into the range from a day outside it is there, one moved out is not;
 * a cancelled one is there, marked (the public sees 已取消). In order of start.
 */
export async function adjustedSessionsBetween(
  deps: { province: Province; reception: Pick<ReceptionStore, 'adjustmentsOf'> },
  jurisdiction: string,
  range: { from: string; to: string },
): Promise<AdjustedSession[]> {
  const rotation = rotationOf(deps.province)(jurisdiction);
  if (!rotation?.length) return [];
  const wide = widenedForMoves(range);
  const sessions = sessionsBetween(jurisdiction, rotation, wide, deps.province.calendar);
  const adjustments = new Map((await deps.reception.adjustmentsOf(jurisdiction, wide)).map((a) => [a.sessionId, a]));
  return sessions
    .map((s) => applyAdjustment(s, adjustments.get(s.id)))
    .filter((s) => s.date >= range.from && s.date <= range.to)
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.leader.localeCompare(b.leader));
}

export async function requireSession(deps: SessionDeps, id: string): Promise<AdjustedSession> {
  const session = await findSession(deps, id);
  if (!session) throw new ReceptionSessionNotFound(id);
  return session;
}
