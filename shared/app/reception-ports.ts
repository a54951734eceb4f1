import type { ReceptionSession } from '../domain/reception.js';
import type { SessionAdjustment } from '../domain/reception-adjustment.js';
import type { SessionAccompaniment } from '../domain/reception-accompaniment.js';
import type { OutboxMessage } from './outbox.js';
import type { StoredQueryCode } from './query-code.js';
/**
 * Storage of leader reception day bookings (领导接待日预约). Sessions themselves
 * are not stored: they come from the configured rotation (shared/domain/reception.ts);
 * the store keeps, per session, the places taken and the bookings.
 */

/**
 * A session as the store finds its records: by its slot id, not by who
 * receives. Bookings made before sessions were slots are stored under the
 * id that named the slot's leader then (leaderKeyedId): the slot's earlier
 * id, which the store fixes the first time it sees the slot (a booking, the
 * daily run) and finds them under ever after, whoever receives now.
 */
export type StoredSession = Pick<ReceptionSession, 'id' | 'jurisdiction' | 'date' | 'leader'> & {
  /** An adjusted session's leader and day as the rotation has them: what its earlier id named. */
  rotation?: Pick<ReceptionSession, 'leader' | 'date'>;
};

/**
 * `received` (已接待): the booker came and what was said is recorded on a case;
 * `noShow` (未到场): the session took place and the booker did not come; the place stays used.
 */
export type ReceptionBookingStatus = 'booked' | 'cancelled' | 'received' | 'noShow';

export interface ReceptionBooking {
  /** Unique id of the booking. */
  id: string;
  /** What the petitioner quotes at the desk, e.g. `JD-7F3A9C21`. */
  reference: string;
  /** The session's slot id (on a booking made before slots, the id naming the leader it was made under). */
  sessionId: string;
  /**
   * The leader the confirmation named (absent on bookings made before it was
   * kept: their sessionId names that leader). Another leader receiving the
   * session since is told to the booker.
   */
  leader?: string;
  jurisdiction: string;
  /** China date of the session, `YYYY-MM-DD`, as the confirmation gave it. */
  date: string;
  /** Time and place as the confirmation gave them (absent on bookings made before sessions could be adjusted). */
  time?: string;
  place?: string;
  name: string;
  phone?: string;
  email?: string;
  /**
   * 来访人数: the people who come, one place each — at most five, as a
   * group's representatives (条例 第二十条); absent for one person.
   */
  partySize?: number;
  /** A group larger than five that was booked as five representatives: how many said they would come. */
  groupSize?: number;
  /** The matter in the petitioner's words, short. */
  matter: string;
  /** A case the petitioner already has, if they named one. */
  caseNumber?: string;
  /**
   * With caseNumber: whether the booking's phone or email is one the case
   * records for its petitioner. Anyone may type in a number; staff check who
   * they are talking to before discussing a case the booking does not match.
   */
  caseNumberConfirmed?: boolean;
  status: ReceptionBookingStatus;
  bookedAt: string;
  cancelledAt?: string;
  cancelledBy?: string;
  /** Why staff cancelled it, as they told the booker. */
  cancelReason?: string;
  /**
   * How the booker is told of a cancellation by the office: by `email` (the
   * notice is written with the cancellation), or by `phone` — a booker who
   * gave only a telephone number is to be called (待电话告知, shown with the
   * session's bookings), as a letter to a phone-only petitioner is.
   */
  cancelNotice?: 'email' | 'phone';
  /** With `cancelNotice: phone`: when the desk told the booker by phone, and who (待电话告知 done). */
  toldByPhoneAt?: string;
  toldByPhoneBy?: string;
  /**
   * A booker without email of a session adjusted (another leader, another
   * time or place) since they booked: when the desk told them by phone, and
   * which adjustment (its version) that was.
   */
  changeToldByPhone?: { version: number; at: string; by: string };
  noShowAt?: string;
  noShowBy?: string;
  receivedAt?: string;
  receivedBy?: string;
  /** The case the reception was recorded on (an existing one, or the visit petition registered from it). */
  receptionCase?: string;
}

export interface NewReceptionBooking {
  /** The session booked: its slot holds the booking (and fixes its earlier id, if not yet). */
  session: StoredSession;
  booking: ReceptionBooking;
  /** Places of the session (the rotation's capacity); the store refuses the booking beyond it, bookings made before slots included. */
  capacity: number;
  /**
   * Normalised contacts (see contactsOf) that identify the person: a second
   * booking of the same session by any of them is the first one again.
   */
  contacts: string[];
  /** Epoch seconds after which the records may be removed (DynamoDB TTL). */
  expiresAt: number;
  /** What the booking sends (the confirmation), in its transaction: nothing for a place not taken. */
  outbox?: readonly OutboxMessage[];
  /**
   * The hash of the booker's cancel code (取消码), kept beside the booking's
   * reference so the booker can cancel with reference and code. The reference
   * is claimed with it: a reference in use answers `referenceTaken`.
   */
  cancelCode?: StoredQueryCode;
  /** The cancel code sealed under the booking form's token (sealCode), beside its hash: the same form posted again shows it. */
  sealedCancelCode?: string;
}

/** A booking found by its reference, with the hash of its cancel code. */
export interface BookingByReference {
  booking: ReceptionBooking;
  cancelCode: StoredQueryCode;
  /** NewReceptionBooking.sealedCancelCode, when the booking was made from the portal's form. */
  sealedCancelCode?: string;
}

/**
 * The leader's reminder of a session as sent the day before: when, and the
 * bookings it listed. On the day the list goes again only for bookings it did
 * not list, and says so only because there was a reminder.
 */
export interface SessionReminder {
  /** When the reminder was queued (to the session's leader: each leader of the session has their own). */
  at: string;
  /** The ids of the bookings it listed. */
  listed: string[];
}

export type BookOutcome =
  | { outcome: 'booked'; booking: ReceptionBooking }
  /** The same person had booked this session already: their booking, unchanged. */
  | { outcome: 'existing'; booking: ReceptionBooking }
  | { outcome: 'full' }
  /** Another booking holds the reference (a 32-bit draw): nothing was written; book again under a new id. */
  | { outcome: 'referenceTaken' };

export interface ReceptionStore {
  /**
   * Takes a place and stores the booking, all or nothing: the place counter
   * (conditional on a place being left), the booking and the claims of its
   * contacts (conditional on being new) are written together.
   */
  book(request: NewReceptionBooking): Promise<BookOutcome>;
  /** The booking with this reference and the hash of its cancel code; undefined when none has a cancel code under it. */
  bookingByReference(reference: string): Promise<BookingByReference | undefined>;
  /** One booking of a session, whatever its status. */
  getBooking(session: StoredSession, bookingId: string): Promise<ReceptionBooking | undefined>;
  /** Every booking of a session, cancelled ones included, in the order they were made. */
  bookingsOf(session: StoredSession): Promise<ReceptionBooking[]>;
  /** Places taken per session (by slot id); sessions nobody booked are absent. */
  placesTaken(sessions: readonly StoredSession[]): Promise<Map<string, number>>;
  /** Per session (by slot id): its earlier id, naming its leader before slots (as fixed; or, not fixed yet, its leader now's). */
  earlierIds(sessions: readonly StoredSession[]): Promise<Map<string, string>>;
  /**
   * Cancels a booking and frees its place, on condition that it is still booked.
   * Answers the cancelled booking; undefined when there is no such booking;
   * a booking cancelled before is answered as it is. `outbox` (the booker's
   * confirmation) is written with the cancellation, so only the post that
   * cancels it sends it.
   */
  cancel(session: StoredSession, bookingId: string, meta: { at: string; by: string; outbox?: readonly OutboxMessage[]; reason?: string; notice?: 'email' | 'phone' }): Promise<ReceptionBooking | undefined>;
  /**
   * Marks a booking as a no-show (未到场), on condition that it is still booked;
   * the place is not freed (the session is over). Answers the booking as it
   * now is: undefined when there is no such booking; one marked or cancelled
   * before (by anyone, a concurrent request included) is answered unchanged.
   */
  markNoShow(session: StoredSession, bookingId: string, meta: { at: string; by: string }): Promise<ReceptionBooking | undefined>;
  /**
   * Records that the booker of a booking the office cancelled, to be told by
   * phone, was called: only once, on a cancelled booking with `cancelNotice:
   * phone` not yet told; any other is answered as it is. Undefined when there
   * is no such booking.
   */
  markToldByPhone(session: StoredSession, bookingId: string, meta: { at: string; by: string }): Promise<ReceptionBooking | undefined>;
  /**
   * Records that the booker of a booked place, without email, was told by
   * phone of the session's adjustment `version`: on condition that it is still
   * booked. Answers the booking as it now is; undefined when there is none.
   */
  markChangeToldByPhone(session: StoredSession, bookingId: string, meta: { at: string; by: string; version: number }): Promise<ReceptionBooking | undefined>;
  /** Marks a booking as received (已接待) with the case its note went onto, on the same terms as markNoShow. */
  markReceived(session: StoredSession, bookingId: string, meta: { at: string; by: string; caseNumber: string }): Promise<ReceptionBooking | undefined>;
  /** The reminder sent to the session's leader (`session.leader`), if one was recorded. */
  reminderOf(session: StoredSession): Promise<SessionReminder | undefined>;
  /**
   * Records the reminder to the session's leader once it is queued; the first recorded stands (a rerun queues the same
   * notification id, which the mailer sends once). `expiresAt`: epoch seconds
   * after which it may be removed.
   */
  recordReminder(session: StoredSession, reminder: SessionReminder, expiresAt: number): Promise<void>;
  /**
   * Fixes each slot's earlier id as naming its leader now, unless fixed
   * before (the first stands). Run daily over the booking horizon, so the
   * bookings made before slots are found once the rotation names another
   * leader. `expiresAt`: for a slot nobody booked yet.
   */
  fixEarlierIds<S extends StoredSession>(sessions: readonly S[], expiresAt: (session: S) => number): Promise<void>;
  /** The adjustments of a jurisdiction's sessions whose rotation day is in the range (a query of one partition). */
  adjustmentsOf(jurisdiction: string, range: { from: string; to: string }): Promise<SessionAdjustment[]>;
  /** The adjustment of one session, if any. */
  adjustmentOf(sessionId: string): Promise<SessionAdjustment | undefined>;
  /**
   * Stores the session's adjustment on condition that the one stored is the
   * version before it (none, for version 1), with the letters it causes the
   * accompanying units (`outbox`), in one transaction — on condition too that
   * the accompanying units are still the version those letters were written
   * for (`accompanimentVersion`, 0 for none). Answers which condition failed.
   */
  saveAdjustment(adjustment: SessionAdjustment, expiresAt: number, write: { accompanimentVersion: number; outbox: readonly OutboxMessage[] }): Promise<SaveOutcome>;
  /** The accompanying units (陪访部门) of a jurisdiction's sessions whose rotation day is in the range (one partition). */
  accompanimentsOf(jurisdiction: string, range: { from: string; to: string }): Promise<SessionAccompaniment[]>;
  /** The accompanying units of one session, if ever set. */
  accompanimentOf(sessionId: string): Promise<SessionAccompaniment | undefined>;
  /**
   * Stores the session's accompanying units with the letters they cause
   * (`outbox`), in one transaction, on condition that the one stored is the
   * version before it (none, for version 1), and that the session's adjustment
   * is still the version the choice was made on (`adjustmentVersion`, 0 for
   * none): a session cancelled or moved meanwhile is not announced to units.
   */
  saveAccompaniment(accompaniment: SessionAccompaniment, expiresAt: number, outbox: readonly OutboxMessage[], adjustmentVersion: number): Promise<SaveOutcome>;
}

/** A conditional save of a session's adjustment or accompanying units: done, or which of the two had changed since read. */
export type SaveOutcome = 'saved' | 'adjustmentChanged' | 'accompanimentChanged';
