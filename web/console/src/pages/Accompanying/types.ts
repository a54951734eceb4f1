/** A session the caller's unit accompanies (GET /reception-days/accompanied), as the unit's letter tells it. */
export interface AccompaniedSession {
  id: string;
  jurisdiction: string;
  date: string;
  dateText: string;
  time: string;
  place: string;
  leader: string;
  office: string;
  unit: { id: string; name: string };
  units: { id: string; name: string }[];
  bookings: number;
  people: number;
  /** The booked matters the unit may read, without who booked them. */
  topics: string[];
  /** Booked matters kept from the unit (条例 第三十条): only how many. */
  withheld: number;
  cancelled?: true;
  /** Held already: no matters or counts. */
  ended?: true;
  adjusted?: { reason: string };
}
