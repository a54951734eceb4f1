/**
 * The reception-day answers the console reads (GET /reception-days, GET
 * /reception-days/{id}/bookings), typed from where the API defines them.
 */
import type { ReceptionBooking } from '../../../../../shared/app/reception-ports.js';
import type { WithheldBooking } from '../../../../../shared/app/reception-confidentiality.js';
import type { ChangeTelling } from '../../../../../shared/app/reception.js';
import type { ReceptionSession } from '../../../../../shared/domain/reception.js';

/** A session on the calendar: its leader by name, the places taken and left. */
export type CalendarSession = Pick<ReceptionSession, 'id' | 'date' | 'weekday' | 'time' | 'startsAt' | 'endsAt' | 'place' | 'topics' | 'capacity'> & {
  leader: { id: string; name: string };
  taken: number;
  placesLeft: number;
  /** 已取消 (调整): not held; its bookings were cancelled. */
  cancelled?: true;
  /** 调整: what the rotation said, and why it changed (`version`: what an adjustment is written over). */
  adjusted?: { version: number; reason: string; rotation: { date: string; time: string; place: string; leader: { id: string; name: string } } };
  /** 陪访部门: the units accompanying the leader (`version`: what a change is written over). */
  accompanying?: { version: number; units: { id: string; name: string }[]; at: string; by: string };
};

export interface ReceptionCalendar {
  jurisdiction: { code: string; name: string; office: string };
  from: string;
  to: string;
  sessions: CalendarSession[];
}

/**
 * A booking; name, phone and email only for those who may see who booked;
 * `keptFromLeader` (the desk's view): not shown to the session's leader, whom
 * it accuses or who is recused from its case — the desk arranges it.
 */
export type Booking = Omit<ReceptionBooking, 'name' | 'phone' | 'email'> &
  Partial<Pick<ReceptionBooking, 'name' | 'phone' | 'email'>> & { keptFromLeader?: true } & ChangeTelling;

/** A booking kept from the viewer (条例 第三十条): only that a place is taken. */
export type { WithheldBooking };

export type SessionAction = 'readBookers' | 'cancelBooking' | 'markNoShow' | 'recordReception' | 'adjustSession' | 'setAccompanying';

export interface SessionBookings {
  session: CalendarSession;
  bookings: (Booking | WithheldBooking)[];
  allowedActions: SessionAction[];
}

export const BOOKING_STATUS: Record<Booking['status'], { text: string; color: string }> = {
  booked: { text: '已预约', color: 'blue' },
  cancelled: { text: '已取消', color: 'default' },
  received: { text: '已接待', color: 'green' },
  noShow: { text: '未到场', color: 'orange' },
};
