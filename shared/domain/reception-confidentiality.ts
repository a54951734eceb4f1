import { isKeptFrom, type Actor, type CaseScope } from './access.js';
import type { JurisdictionTree } from './jurisdiction.js';
import { accusedGovernments, peopleAccused } from './routing/accused-government.js';

/** Someone a reception booking may be shown to. */
export interface BookingViewer {
  actor: Actor;
  /** Their name in the staff directory, which a booking's matter may accuse. */
  name?: string | undefined;
}

/** What of a booking's named case the rule reads. */
export type NamedCase = Pick<CaseScope, 'accusedUnits' | 'accusedJurisdictions' | 'recused'>;

/**
 * Whether a reception booking is kept from a staff member (条例 第二十八条、
 * 第三十条: reports never reach the accused): its matter accuses them by name
 * (控告方建华… — not when written to or asked to act, 请方建华县长过问), or the
 * case it names is kept from them (isKeptFrom: recused, their unit or place
 * accused). A case merely out of their scope is not. The desk that arranges
 * the day is kept only from what accuses or recuses them in person.
 */
export function bookingKeptFrom(viewer: BookingViewer, booking: { matter: string; jurisdiction?: string }, named: NamedCase | undefined, tree: JurisdictionTree): boolean {
  const name = viewer.name?.trim();
  // Two characters at least, as the routing matches staff names: one character is in every sentence.
  if (name && name.length >= 2 && peopleAccused({ text: booking.matter }, [name]).length > 0) return true;
  // The matter accuses the viewer's government or its leaders, by place or by title (举报县政府, 我县副县长): as a case would.
  const accused = booking.jurisdiction && tree.has(booking.jurisdiction) ? accusedGovernments({ text: booking.matter }, booking.jurisdiction, tree) : [];
  if (accused.some((place) => tree.isWithin(viewer.actor.jurisdiction, place))) return true;
  // The desk of an accused level is no exception: the office above arranges it.
  return named ? isKeptFrom(viewer.actor, named, tree) : false;
}
