import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoReceptionStore } from '../../shared/adapters/dynamodb/reception-store.js';
import type { ReceptionBooking } from '../../shared/app/reception-ports.js';
import { dateOfDay, dayNumber } from '../../shared/domain/calendar.js';
import { chinaDate } from '../../shared/domain/case-number.js';
import { contactsOf } from '../../shared/domain/registration.js';
import { sessionsBetween, type ReceptionSession } from '../../shared/domain/reception.js';
import type { LocalSystem } from '../../local/system.js';

/**
 * A leader's most recent session that has begun (within the last five
 * weeks): the one a reception note or a no-show is recorded for.
 */
export function lastSessionOf(system: LocalSystem, jurisdiction: string, leader: string, now = new Date()): ReceptionSession {
  const { province } = system;
  const today = chinaDate(now.toISOString());
  const from = dateOfDay(dayNumber(today)! - 35);
  const begun = sessionsBetween(jurisdiction, province.jurisdiction(jurisdiction).receptionDays ?? [], { from, to: today }, province.calendar).filter(
    (s) => s.leader === leader && Date.parse(s.startsAt) <= now.getTime(),
  );
  const last = begun.at(-1);
  if (!last) throw new Error(`${leader} of jurisdiction ${jurisdiction} has no reception session in the last five weeks`);
  return last;
}

/**
 * Bookings made before a session that has since begun: the public route
 * refuses a session once it begins, so a test that records what happened at
 * one puts its bookings in the store as they were made the week before.
 */
export async function seedPastBookings(
  system: LocalSystem,
  session: ReceptionSession,
  people: { name: string; phone: string; matter: string; caseNumber?: string }[],
): Promise<ReceptionBooking[]> {
  const store = new DynamoReceptionStore(
    new DynamoDBClient({ region: 'us-east-1', endpoint: system.endpoints.dynamodb, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } }),
    system.resources.tableName,
  );
  const bookedAt = new Date(Date.parse(session.startsAt) - 7 * 86_400_000);
  const booked: ReceptionBooking[] = [];
  for (const [i, person] of people.entries()) {
    const id = randomUUID();
    const booking: ReceptionBooking = {
      id,
      reference: `JD-${id.replace(/-/g, '').slice(0, 8).toUpperCase()}`,
      sessionId: session.id,
      jurisdiction: session.jurisdiction,
      date: session.date,
      ...person,
      status: 'booked',
      bookedAt: new Date(bookedAt.getTime() + i * 60_000).toISOString(),
    };
    const outcome = await store.book({
      session,
      booking,
      capacity: session.capacity,
      contacts: contactsOf({ anonymous: false, phone: person.phone }),
      expiresAt: Math.floor(Date.parse(session.endsAt) / 1000) + 86_400 * 365,
    });
    if (outcome.outcome !== 'booked') throw new Error(`could not seed a booking of ${session.id}: ${outcome.outcome}`);
    booked.push(outcome.booking);
  }
  return booked;
}
