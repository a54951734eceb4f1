import type { Province } from '../domain/province.js';
import {
  parseSessionId,
  ReceptionSessionNotFound,
  sessionOf,
  sessionOfLeaderOn,
  sessionsOn,
  type ReceptionDay,
  type ReceptionSession,
} from '../domain/reception.js';
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
export async function findSession(deps: { province: Province; reception: Pick<ReceptionStore, 'earlierIds'> }, id: string): Promise<ReceptionSession | undefined> {
  const { province } = deps;
  const parts = parseSessionId(id);
  if (!parts || !province.hasJurisdiction(parts.jurisdiction)) return undefined;
  if (parts.kind === 'slot') return sessionOf(id, rotationOf(province), province.calendar);
  const day = sessionsOn(parts.jurisdiction, parts.date, rotationOf(province), province.calendar);
  if (day.length === 0) return undefined;
  const earlier = await deps.reception.earlierIds(day);
  return day.find((s) => earlier.get(s.id) === id) ?? sessionOfLeaderOn(day, parts.leader);
}

export async function requireSession(deps: { province: Province; reception: Pick<ReceptionStore, 'earlierIds'> }, id: string): Promise<ReceptionSession> {
  const session = await findSession(deps, id);
  if (!session) throw new ReceptionSessionNotFound(id);
  return session;
}
