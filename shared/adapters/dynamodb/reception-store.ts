import { queryAll } from './query-all.js';
import { ConditionalCheckFailedException, TransactionCanceledException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
  type BatchGetCommandOutput,
  type NativeAttributeValue,
} from '@aws-sdk/lib-dynamodb';
import type { BookingByReference, BookOutcome, NewReceptionBooking, ReceptionBooking, ReceptionStore, SaveOutcome, SessionReminder, StoredSession } from '../../app/reception-ports.js';
import { leaderKeyedId, parseSessionId } from '../../domain/reception.js';
import type { SessionAdjustment } from '../../domain/reception-adjustment.js';
import type { SessionAccompaniment } from '../../domain/reception-accompaniment.js';
import { hashContact } from './keys.js';
import { outboxItems } from './outbox-items.js';
import type { OutboxMessage } from '../../app/outbox.js';
import { transactWrite } from './transact.js';

type Item = Record<string, NativeAttributeValue>;
type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/**
 * Reception bookings in the case table. Each session is one item collection
 * under `RECEPTION#<slot id>`: a place counter (`SESSION`), the bookings
 * (`BOOKING#<id>`), one claim per contact (`CONTACT#<hash>`) and each
 * leader's reminder as sent (`REMINDER#<leader>`; of a session moved to another day, `REMINDER#<leader>#<date>`), so every read and write of
 * a session stays in one partition and nothing needs a Scan. Contacts appear
 * in keys only as hashes.
 *
 * Before slot ids, the collection was keyed by the id naming the leader
 * (`<jurisdiction>:<leader>:<date>`, reminder `REMINDER`). Stored history is
 * not rewritten: the slot's counter fixes that earlier id (`earlierId`) the
 * first time the slot is booked or the daily run sees it — while the leader
 * is still the one those bookings were made under — and reads, counts and
 * settles them there ever after; nothing new is written under it.
 */
const partition = (sessionId: string) => `RECEPTION#${sessionId}`;
export const receptionCounterKey = (sessionId: string) => ({ pk: partition(sessionId), sk: 'SESSION' });
export const receptionBookingKey = (sessionId: string, bookingId: string) => ({ pk: partition(sessionId), sk: `BOOKING#${bookingId}` });
export const receptionContactKey = (sessionId: string, contactHash: string) => ({ pk: partition(sessionId), sk: `CONTACT#${contactHash}` });

/**
 * The reminder to one leader of the session, as sent the day before: of a
 * session moved to another day (`date`, as adjusted), that day's own, so the
 * reminder for the new day lists the bookings as they are then.
 */
export const receptionReminderKey = (sessionId: string, leader: string, date?: string) => ({ pk: partition(sessionId), sk: date ? `REMINDER#${leader}#${date}` : `REMINDER#${leader}` });
/** The reminder's key for the session as it stands: the rotation's day keeps the key it always had. */
const reminderKeyOf = (session: StoredSession) =>
  receptionReminderKey(session.id, session.leader, session.rotation && session.rotation.date !== session.date ? session.date : undefined);
/** The reminder as recorded under an earlier id, which named its leader. */
const earlierReminderKey = (earlierId: string) => ({ pk: partition(earlierId), sk: 'REMINDER' });

/** The claim of a booking's reference, with the hash of its cancel code: how the booker finds the booking to cancel it. */
export const receptionReferenceKey = (reference: string) => ({ pk: `RECEPTION-REF#${reference}`, sk: 'REFERENCE' });

/** The slot's earlier id as fixed on its counter, else its leader now's. */
const earlierIdOf = (session: StoredSession, counter: Item | undefined): string =>
  typeof counter?.earlierId === 'string' ? counter.earlierId : rotationLeaderKeyedId(session);

/** The id naming the session's leader and day as the rotation has them (an adjustment does not change what bookings were stored under). */
const rotationLeaderKeyedId = (session: StoredSession) =>
  leaderKeyedId(session.jurisdiction, session.rotation?.leader ?? session.leader, session.rotation?.date ?? session.date);

/**
 * A jurisdiction's session adjustments, one partition sorted by slot id
 * (`<jurisdiction>:<date>:<HHMM>`), so a stretch of days is one Query.
 */
export const receptionAdjustmentKey = (jurisdiction: string, sessionId: string) => ({ pk: `RECEPTION-ADJUST#${jurisdiction}`, sk: sessionId });

/** A jurisdiction's accompanying units (陪访部门), one partition sorted by slot id, as its adjustments are. */
export const receptionAccompanimentKey = (jurisdiction: string, sessionId: string) => ({ pk: `RECEPTION-ACCOMPANY#${jurisdiction}`, sk: sessionId });

const STORE_ONLY = ['pk', 'sk', 'entity', 'contactHashes', 'expiresAt'];
const FIX_EARLIER_ID = 'SET earlierId = if_not_exists(earlierId, :earlierId)';
/** Two bookings for one session at the same moment can cancel each other's transaction; both are retried. */
const MAX_ATTEMPTS = 6;
const BATCH_GET_LIMIT = 100;

export class DynamoReceptionStore implements ReceptionStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async book(request: NewReceptionBooking): Promise<BookOutcome> {
    const { booking, session, capacity, expiresAt } = request;
    const hashes = [...new Set(request.contacts)].map(hashContact);
    // Bookings made before slots, if any: the same person's is their booking; their places are taken (nothing is added there any more).
    const earlierId = earlierIdOf(session, await this.getItem(receptionCounterKey(session.id)));
    const earlierCounter = await this.getItem(receptionCounterKey(earlierId));
    const earlier = earlierCounter ? await this.bookingClaimedBy(earlierId, hashes) : undefined;
    if (earlier) return { outcome: 'existing', booking: this.asOf(session, earlier) };
    const left = capacity - Number(earlierCounter?.booked ?? 0);
    // A group's representatives take a place each (来访人数).
    const places = placesOf(booking);
    if (left < places) return (await this.existingIn(session.id, hashes)) ?? { outcome: 'full' };
    const items: TransactItem[] = [
      {
        // The place: taken only while fewer than `capacity` are; the slot's earlier id fixed with the first.
        Update: {
          TableName: this.tableName,
          Key: receptionCounterKey(session.id),
          UpdateExpression: `ADD booked :places ${FIX_EARLIER_ID}, entity = :entity, #capacity = :capacity, expiresAt = :expires`,
          ConditionExpression: 'attribute_not_exists(booked) OR booked < :left',
          ExpressionAttributeNames: { '#capacity': 'capacity' }, // a reserved word
          ExpressionAttributeValues: { ':places': places, ':capacity': capacity, ':left': left - places + 1, ':entity': 'receptionSession', ':expires': expiresAt, ':earlierId': earlierId },
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: { ...booking, ...receptionBookingKey(session.id, booking.id), entity: 'receptionBooking', contactHashes: hashes, expiresAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      // One claim per contact: the same person booking again fails here instead of taking a second place.
      ...hashes.map<TransactItem>((hash) => ({
        Put: {
          TableName: this.tableName,
          Item: { ...receptionContactKey(session.id, hash), entity: 'receptionContact', bookingId: booking.id, expiresAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      })),
      // The reference, unique across bookings, with the cancel code's hash (after the claims: their places in the reasons stay put).
      ...(request.cancelCode
        ? [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...receptionReferenceKey(booking.reference),
                  entity: 'receptionReference',
                  sessionId: session.id,
                  bookingId: booking.id,
                  cancelCode: request.cancelCode,
                  ...(request.sealedCancelCode ? { sealedCancelCode: request.sealedCancelCode } : {}),
                  expiresAt,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            } satisfies TransactItem,
          ]
        : []),
      // What the booking sends (its confirmation), only if the place is taken.
      ...outboxItems(this.tableName, partition(session.id), request.outbox ?? [], booking.bookedAt),
    ];
    for (let attempt = 1; ; attempt++) {
      try {
        await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
        return { outcome: 'booked', booking };
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = (error.CancellationReasons ?? []).map((r) => r.Code);
        if (request.cancelCode && reasons[2 + hashes.length] === 'ConditionalCheckFailed') return { outcome: 'referenceTaken' };
        if (reasons.includes('ConditionalCheckFailed')) {
          // The person's earlier booking wins over "full": they keep their place.
          const existing = await this.existingIn(session.id, hashes);
          if (existing) return existing;
          if (reasons[0] === 'ConditionalCheckFailed') return { outcome: 'full' };
        } else if (!reasons.includes('TransactionConflict')) {
          throw error;
        }
        // A conflicting transaction, or a claim released by a cancellation meanwhile: try again.
        if (attempt >= MAX_ATTEMPTS) throw error;
        // Full jitter, so the racers do not meet again at the same moment.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 25 * 2 ** attempt));
      }
    }
  }

  private async existingIn(sessionId: string, hashes: readonly string[]): Promise<BookOutcome | undefined> {
    const existing = await this.bookingClaimedBy(sessionId, hashes);
    return existing ? { outcome: 'existing', booking: existing } : undefined;
  }

  async bookingByReference(reference: string): Promise<BookingByReference | undefined> {
    const claim = await this.getItem(receptionReferenceKey(reference));
    if (!claim?.cancelCode) return undefined;
    const booking = await this.getItem(receptionBookingKey(String(claim.sessionId), String(claim.bookingId)));
    if (!booking) return undefined;
    const sealed = typeof claim.sealedCancelCode === 'string' ? { sealedCancelCode: claim.sealedCancelCode } : {};
    return { booking: bookingOf(booking), cancelCode: claim.cancelCode as BookingByReference['cancelCode'], ...sealed };
  }

  async getBooking(session: StoredSession, bookingId: string): Promise<ReceptionBooking | undefined> {
    const found = await this.locate(session, bookingId);
    return found && this.asOf(session, bookingOf(found.item));
  }

  async reminderOf(session: StoredSession): Promise<SessionReminder | undefined> {
    // A reminder recorded before slots is under the id naming the leader it went to.
    const key = reminderKeyOf(session);
    const moved = key.sk !== receptionReminderKey(session.id, session.leader).sk;
    const item = (await this.getItem(key)) ?? (moved ? undefined : await this.getItem(earlierReminderKey(leaderKeyedId(session.jurisdiction, session.leader, session.date))));
    return item ? { at: String(item.at), listed: (item.listed ?? []) as string[] } : undefined;
  }

  async recordReminder(session: StoredSession, reminder: SessionReminder, expiresAt: number): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...reminderKeyOf(session), entity: 'receptionReminder', leader: session.leader, at: reminder.at, listed: reminder.listed, expiresAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      // Recorded by an earlier run: that one stands.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async fixEarlierIds<S extends StoredSession>(sessions: readonly S[], expiresAt: (session: S) => number): Promise<void> {
    for (const session of sessions) {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: receptionCounterKey(session.id),
          UpdateExpression: `${FIX_EARLIER_ID}, entity = :entity, expiresAt = if_not_exists(expiresAt, :expires)`,
          ExpressionAttributeValues: {
            ':earlierId': rotationLeaderKeyedId(session),
            ':entity': 'receptionSession',
            ':expires': expiresAt(session),
          },
        }),
      );
    }
  }

  async adjustmentsOf(jurisdiction: string, range: { from: string; to: string }): Promise<SessionAdjustment[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': receptionAdjustmentKey(jurisdiction, '').pk, ':from': `${jurisdiction}:${range.from}`, ':to': `${jurisdiction}:${range.to}:~` },
      ConsistentRead: true,
    });
    return items.filter(isAdjustment).map(adjustmentOf);
  }

  async adjustmentOf(sessionId: string): Promise<SessionAdjustment | undefined> {
    const jurisdiction = sessionId.split(':')[0]!;
    const item = await this.getItem(receptionAdjustmentKey(jurisdiction, sessionId));
    return item && isAdjustment(item) ? adjustmentOf(item) : undefined;
  }

  async saveAdjustment(adjustment: SessionAdjustment, expiresAt: number, write: { accompanimentVersion: number; outbox: readonly OutboxMessage[] }): Promise<SaveOutcome> {
    const first = adjustment.version === 1;
    // The units' letters go only with the adjustment they announce, and only to the units as they were read.
    return conditionalSave(this.doc, 'adjustmentChanged', 'accompanimentChanged', [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...adjustment, ...receptionAdjustmentKey(adjustment.jurisdiction, adjustment.sessionId), entity: 'receptionAdjustment', expiresAt },
          ConditionExpression: first ? 'attribute_not_exists(pk)' : 'version = :before',
          ...(first ? {} : { ExpressionAttributeValues: { ':before': adjustment.version - 1 } }),
        },
      },
      versionCheck(this.tableName, receptionAccompanimentKey(adjustment.jurisdiction, adjustment.sessionId), write.accompanimentVersion),
      ...outboxItems(this.tableName, partition(adjustment.sessionId), write.outbox, adjustment.at),
    ]);
  }

  async accompanimentsOf(jurisdiction: string, range: { from: string; to: string }): Promise<SessionAccompaniment[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': receptionAccompanimentKey(jurisdiction, '').pk, ':from': `${jurisdiction}:${range.from}`, ':to': `${jurisdiction}:${range.to}:~` },
      ConsistentRead: true,
    });
    return items.filter(isAccompaniment).map(accompanimentOf);
  }

  async accompanimentOf(sessionId: string): Promise<SessionAccompaniment | undefined> {
    const jurisdiction = sessionId.split(':')[0]!;
    const item = await this.getItem(receptionAccompanimentKey(jurisdiction, sessionId));
    return item && isAccompaniment(item) ? accompanimentOf(item) : undefined;
  }

  async saveAccompaniment(accompaniment: SessionAccompaniment, expiresAt: number, outbox: readonly OutboxMessage[], adjustmentVersion: number): Promise<SaveOutcome> {
    const first = accompaniment.version === 1;
    // The letters go only if the choice they announce is the one written, for the session as it was read.
    return conditionalSave(this.doc, 'accompanimentChanged', 'adjustmentChanged', [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...accompaniment, ...receptionAccompanimentKey(accompaniment.jurisdiction, accompaniment.sessionId), entity: 'receptionAccompaniment', expiresAt },
          ConditionExpression: first ? 'attribute_not_exists(pk)' : 'version = :before',
          ...(first ? {} : { ExpressionAttributeValues: { ':before': accompaniment.version - 1 } }),
        },
      },
      versionCheck(this.tableName, receptionAdjustmentKey(accompaniment.jurisdiction, accompaniment.sessionId), adjustmentVersion),
      ...outboxItems(this.tableName, partition(accompaniment.sessionId), outbox, accompaniment.at),
    ]);
  }

  async earlierIds(sessions: readonly StoredSession[]): Promise<Map<string, string>> {
    const counters = await this.counters(sessions.map((s) => s.id));
    return new Map(sessions.map((s) => [s.id, earlierIdOf(s, counters.get(s.id))]));
  }

  async bookingsOf(session: StoredSession): Promise<ReceptionBooking[]> {
    const ids = await this.storedUnder(session);
    const items = (await Promise.all(ids.map((id) => this.bookingItems(id)))).flat();
    const bookings = items.map((item) => this.asOf(session, bookingOf(item)));
    return bookings.sort((a, b) => a.bookedAt.localeCompare(b.bookedAt) || a.id.localeCompare(b.id));
  }

  async placesTaken(sessions: readonly StoredSession[]): Promise<Map<string, number>> {
    const counters = await this.counters(sessions.map((s) => s.id));
    const earlier = new Map(sessions.map((s) => [s.id, earlierIdOf(s, counters.get(s.id))]));
    const earlierCounters = await this.counters([...earlier.values()]);
    const taken = new Map<string, number>();
    for (const s of sessions) {
      const slot = counters.get(s.id);
      const before = earlierCounters.get(earlier.get(s.id)!);
      if (slot?.booked === undefined && before?.booked === undefined) continue;
      taken.set(s.id, Number(slot?.booked ?? 0) + Number(before?.booked ?? 0));
    }
    return taken;
  }

  /** The counters (`SESSION`) of these ids, by id; absent ones are absent. */
  private async counters(sessionIds: readonly string[]): Promise<Map<string, Item>> {
    const found = new Map<string, Item>();
    const ids = [...new Set(sessionIds)];
    for (let i = 0; i < ids.length; i += BATCH_GET_LIMIT) {
      let keys: Item[] | undefined = ids.slice(i, i + BATCH_GET_LIMIT).map(receptionCounterKey);
      for (let round = 0; keys && keys.length > 0; round++) {
        if (round > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** Math.min(round, 6)));
        const result: BatchGetCommandOutput = await this.doc.send(
          new BatchGetCommand({
            RequestItems: { [this.tableName]: { Keys: keys, ProjectionExpression: 'pk, booked, earlierId', ConsistentRead: true } },
          }),
        );
        for (const item of result.Responses?.[this.tableName] ?? []) found.set(String(item.pk).slice('RECEPTION#'.length), item);
        keys = result.UnprocessedKeys?.[this.tableName]?.Keys;
      }
    }
    return found;
  }

  /** The ids the session's bookings are stored under: its slot's, then its earlier one if anything was ever booked there. */
  private async storedUnder(session: StoredSession): Promise<string[]> {
    const earlierId = earlierIdOf(session, await this.getItem(receptionCounterKey(session.id)));
    return (await this.getItem(receptionCounterKey(earlierId))) ? [session.id, earlierId] : [session.id];
  }

  private bookingItems(sessionId: string): Promise<Item[]> {
    return queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :booking)',
      ExpressionAttributeValues: { ':pk': partition(sessionId), ':booking': 'BOOKING#' },
      ConsistentRead: true,
    });
  }

  /** A booking of the session and the id it is stored under: its slot's, or (made before slots) its earlier one. */
  private async locate(session: StoredSession, bookingId: string): Promise<{ storedUnder: string; item: Item } | undefined> {
    const inSlot = await this.getItem(receptionBookingKey(session.id, bookingId));
    if (inSlot) return { storedUnder: session.id, item: inSlot };
    const earlierId = earlierIdOf(session, await this.getItem(receptionCounterKey(session.id)));
    const before = await this.getItem(receptionBookingKey(earlierId, bookingId));
    return before ? { storedUnder: earlierId, item: before } : undefined;
  }

  /**
   * A booking as one of the session's: a booking made before slots carries
   * the slot's id too, and the leader its id named (whom its confirmation named).
   */
  private asOf(session: StoredSession, booking: ReceptionBooking): ReceptionBooking {
    if (booking.sessionId === session.id) return booking;
    const named = parseSessionId(booking.sessionId);
    const leader = booking.leader ?? (named?.kind === 'leaderKeyed' ? named.leader : undefined);
    return { ...booking, sessionId: session.id, ...(leader ? { leader } : {}) };
  }

  async cancel(session: StoredSession, bookingId: string, meta: { at: string; by: string; outbox?: readonly OutboxMessage[]; reason?: string; notice?: 'email' | 'phone' }): Promise<ReceptionBooking | undefined> {
    const found = await this.locate(session, bookingId);
    if (!found) return undefined;
    // Freed where it was taken: a booking made before slots, in the counter of its earlier id.
    const { storedUnder: sessionId, item } = found;
    if (item.status !== 'booked') return this.asOf(session, bookingOf(item));
    const hashes = (item.contactHashes ?? []) as string[];
    try {
      // A booking's transaction on the same counter at that instant cancels this one without refusing it: sent again.
      await transactWrite(this.doc, [
        {
          Update: {
            TableName: this.tableName,
            Key: receptionBookingKey(sessionId, bookingId),
            UpdateExpression: `SET #status = :cancelled, cancelledAt = :at, cancelledBy = :by${meta.reason !== undefined ? ', cancelReason = :reason' : ''}${meta.notice ? ', cancelNotice = :notice' : ''}`,
            ConditionExpression: '#status = :booked',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':cancelled': 'cancelled',
              ':booked': 'booked',
              ':at': meta.at,
              ':by': meta.by,
              ...(meta.reason !== undefined ? { ':reason': meta.reason } : {}),
              ...(meta.notice ? { ':notice': meta.notice } : {}),
            },
          },
        },
        {
          // The place is free again.
          Update: {
            TableName: this.tableName,
            Key: receptionCounterKey(sessionId),
            UpdateExpression: 'ADD booked :freed',
            ConditionExpression: 'booked >= :places',
            ExpressionAttributeValues: { ':freed': -placesOf(item as ReceptionBooking), ':places': placesOf(item as ReceptionBooking) },
          },
        },
        // The person may book this session again.
        ...hashes.map<TransactItem>((hash) => ({
          Delete: {
            TableName: this.tableName,
            Key: receptionContactKey(sessionId, hash),
            ConditionExpression: 'bookingId = :id',
            ExpressionAttributeValues: { ':id': bookingId },
          },
        })),
        // What the cancellation sends (the booker's confirmation), only if this write cancels it.
        ...outboxItems(this.tableName, partition(sessionId), meta.outbox ?? [], meta.at),
      ]);
    } catch (error) {
      const cancelledMeanwhile =
        error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed';
      if (!cancelledMeanwhile) throw error;
      const now = await this.getItem(receptionBookingKey(sessionId, bookingId));
      return now ? this.asOf(session, bookingOf(now)) : undefined;
    }
    return this.asOf(
      session,
      bookingOf({ ...item, status: 'cancelled', cancelledAt: meta.at, cancelledBy: meta.by, ...(meta.reason !== undefined ? { cancelReason: meta.reason } : {}), ...(meta.notice ? { cancelNotice: meta.notice } : {}) }),
    );
  }

  async markNoShow(session: StoredSession, bookingId: string, meta: { at: string; by: string }): Promise<ReceptionBooking | undefined> {
    return this.settle(session, bookingId, 'SET #status = :to, noShowAt = :at, noShowBy = :by', { ':to': 'noShow', ':at': meta.at, ':by': meta.by });
  }

  async markToldByPhone(session: StoredSession, bookingId: string, meta: { at: string; by: string }): Promise<ReceptionBooking | undefined> {
    const found = await this.locate(session, bookingId);
    if (!found) return undefined;
    const { item } = found;
    const key = receptionBookingKey(found.storedUnder, bookingId);
    if (item.status !== 'cancelled' || item.cancelNotice !== 'phone' || item.toldByPhoneAt) return this.asOf(session, bookingOf(item));
    try {
      const { Attributes } = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'SET toldByPhoneAt = :at, toldByPhoneBy = :by',
          ConditionExpression: '#status = :cancelled AND cancelNotice = :phone AND attribute_not_exists(toldByPhoneAt)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':at': meta.at, ':by': meta.by, ':cancelled': 'cancelled', ':phone': 'phone' },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return this.asOf(session, bookingOf(Attributes ?? { ...item, toldByPhoneAt: meta.at, toldByPhoneBy: meta.by }));
    } catch (error) {
      // Recorded by someone else meanwhile: answered as it now is.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const now = await this.getItem(key);
      return now ? this.asOf(session, bookingOf(now)) : undefined;
    }
  }

  async markChangeToldByPhone(session: StoredSession, bookingId: string, meta: { at: string; by: string; version: number }): Promise<ReceptionBooking | undefined> {
    const found = await this.locate(session, bookingId);
    if (!found) return undefined;
    const { item } = found;
    const key = receptionBookingKey(found.storedUnder, bookingId);
    const told = { version: meta.version, at: meta.at, by: meta.by };
    if (item.status !== 'booked' || (item.changeToldByPhone as { version?: number } | undefined)?.version === meta.version) return this.asOf(session, bookingOf(item));
    try {
      const { Attributes } = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'SET changeToldByPhone = :told',
          // The first to record this adjustment's call stands.
          ConditionExpression: '#status = :booked AND (attribute_not_exists(changeToldByPhone) OR changeToldByPhone.version <> :version)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':told': told, ':booked': 'booked', ':version': meta.version },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return this.asOf(session, bookingOf(Attributes ?? { ...item, changeToldByPhone: told }));
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const now = await this.getItem(key);
      return now ? this.asOf(session, bookingOf(now)) : undefined;
    }
  }

  async markReceived(session: StoredSession, bookingId: string, meta: { at: string; by: string; caseNumber: string }): Promise<ReceptionBooking | undefined> {
    return this.settle(session, bookingId, 'SET #status = :to, receivedAt = :at, receivedBy = :by, receptionCase = :case', {
      ':to': 'received',
      ':at': meta.at,
      ':by': meta.by,
      ':case': meta.caseNumber,
    });
  }

  /** What became of a booking once its session took place: written only while it is still booked; otherwise answered as it is. */
  private async settle(session: StoredSession, bookingId: string, update: string, values: Record<string, string>): Promise<ReceptionBooking | undefined> {
    const found = await this.locate(session, bookingId);
    if (!found) return undefined;
    const { item } = found;
    const key = receptionBookingKey(found.storedUnder, bookingId);
    if (item.status !== 'booked') return this.asOf(session, bookingOf(item));
    try {
      const { Attributes } = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: update,
          ConditionExpression: '#status = :booked',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ...values, ':booked': 'booked' },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return this.asOf(session, bookingOf(Attributes ?? { ...item, status: values[':to'] }));
    } catch (error) {
      // Cancelled, received or marked by someone else meanwhile: answered as it now is.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const now = await this.getItem(key);
      return now ? this.asOf(session, bookingOf(now)) : undefined;
    }
  }

  /** The booking one of these contacts already holds in the session, if any. */
  private async bookingClaimedBy(sessionId: string, hashes: readonly string[]): Promise<ReceptionBooking | undefined> {
    for (const hash of hashes) {
      const claim = await this.getItem(receptionContactKey(sessionId, hash));
      if (!claim) continue;
      const booking = await this.getItem(receptionBookingKey(sessionId, String(claim.bookingId)));
      if (booking) return bookingOf(booking);
    }
    return undefined;
  }

  private async getItem(key: { pk: string; sk: string }): Promise<Item | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    return Item;
  }
}

/** That the item under `key` is still at `version` (0: there is none). */
function versionCheck(tableName: string, key: { pk: string; sk: string }, version: number): TransactItem {
  return {
    ConditionCheck: {
      TableName: tableName,
      Key: key,
      ConditionExpression: version === 0 ? 'attribute_not_exists(pk)' : 'version = :version',
      ...(version === 0 ? {} : { ExpressionAttributeValues: { ':version': version } }),
    },
  };
}

/** A transaction of a put (first) and a version check (second): which of them failed, if one did. */
async function conditionalSave(doc: DynamoDBDocumentClient, ifPut: SaveOutcome, ifCheck: SaveOutcome, items: TransactItem[]): Promise<SaveOutcome> {
  try {
    await transactWrite(doc, items);
    return 'saved';
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const [put, check] = error.CancellationReasons ?? [];
    if (put?.Code === 'ConditionalCheckFailed') return ifPut;
    if (check?.Code === 'ConditionalCheckFailed') return ifCheck;
    throw error;
  }
}

function bookingOf(item: Item): ReceptionBooking {
  const copy = { ...item };
  for (const key of STORE_ONLY) delete copy[key];
  return copy as ReceptionBooking;
}

/** The places a booking takes: one per person coming (at most five representatives), one for bookings made before it was asked. */
const placesOf = (booking: Pick<ReceptionBooking, 'partySize'>) => booking.partySize ?? 1;

const isAdjustment = (item: Item) => item.entity === 'receptionAdjustment';
const isAccompaniment = (item: Item) => item.entity === 'receptionAccompaniment';

function accompanimentOf(item: Item): SessionAccompaniment {
  const copy = { ...item };
  for (const key of STORE_ONLY) delete copy[key];
  return copy as SessionAccompaniment;
}

function adjustmentOf(item: Item): SessionAdjustment {
  const copy = { ...item };
  for (const key of STORE_ONLY) delete copy[key];
  return copy as SessionAdjustment;
}
