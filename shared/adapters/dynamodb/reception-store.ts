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
import type { BookingByReference, BookOutcome, NewReceptionBooking, ReceptionBooking, ReceptionStore, SessionReminder } from '../../app/reception-ports.js';
import { hashContact } from './keys.js';
import { outboxItems } from './outbox-items.js';

type Item = Record<string, NativeAttributeValue>;
type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/**
 * Reception bookings in the case table. Each session is one item collection
 * under `RECEPTION#<sessionId>`: a place counter (`SESSION`), the bookings
 * (`BOOKING#<id>`), one claim per contact (`CONTACT#<hash>`) and the leader's
 * reminder as sent (`REMINDER`), so every
 * read and write of a session stays in one partition and nothing needs a Scan.
 * Contacts appear in keys only as hashes.
 */
const partition = (sessionId: string) => `RECEPTION#${sessionId}`;
export const receptionCounterKey = (sessionId: string) => ({ pk: partition(sessionId), sk: 'SESSION' });
export const receptionBookingKey = (sessionId: string, bookingId: string) => ({ pk: partition(sessionId), sk: `BOOKING#${bookingId}` });
export const receptionContactKey = (sessionId: string, contactHash: string) => ({ pk: partition(sessionId), sk: `CONTACT#${contactHash}` });

/** The leader's reminder of the session, as sent the day before. */
export const receptionReminderKey = (sessionId: string) => ({ pk: partition(sessionId), sk: 'REMINDER' });

/** The claim of a booking's reference, with the hash of its cancel code: how the booker finds the booking to cancel it. */
export const receptionReferenceKey = (reference: string) => ({ pk: `RECEPTION-REF#${reference}`, sk: 'REFERENCE' });

const STORE_ONLY = ['pk', 'sk', 'entity', 'contactHashes', 'expiresAt'];
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
    const { booking, capacity, expiresAt } = request;
    const hashes = [...new Set(request.contacts)].map(hashContact);
    const items: TransactItem[] = [
      {
        // The place: taken only while fewer than `capacity` are.
        Update: {
          TableName: this.tableName,
          Key: receptionCounterKey(booking.sessionId),
          UpdateExpression: 'ADD booked :one SET entity = :entity, #capacity = :capacity, expiresAt = :expires',
          ConditionExpression: 'attribute_not_exists(booked) OR booked < :capacity',
          ExpressionAttributeNames: { '#capacity': 'capacity' }, // a reserved word
          ExpressionAttributeValues: { ':one': 1, ':capacity': capacity, ':entity': 'receptionSession', ':expires': expiresAt },
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: { ...booking, ...receptionBookingKey(booking.sessionId, booking.id), entity: 'receptionBooking', contactHashes: hashes, expiresAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      // One claim per contact: the same person booking again fails here instead of taking a second place.
      ...hashes.map<TransactItem>((hash) => ({
        Put: {
          TableName: this.tableName,
          Item: { ...receptionContactKey(booking.sessionId, hash), entity: 'receptionContact', bookingId: booking.id, expiresAt },
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
                  sessionId: booking.sessionId,
                  bookingId: booking.id,
                  cancelCode: request.cancelCode,
                  expiresAt,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            } satisfies TransactItem,
          ]
        : []),
      // What the booking sends (its confirmation), only if the place is taken.
      ...outboxItems(this.tableName, partition(booking.sessionId), request.outbox ?? [], booking.bookedAt),
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
          const existing = await this.bookingClaimedBy(booking.sessionId, hashes);
          if (existing) return { outcome: 'existing', booking: existing };
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

  async bookingByReference(reference: string): Promise<BookingByReference | undefined> {
    const claim = await this.getItem(receptionReferenceKey(reference));
    if (!claim?.cancelCode) return undefined;
    const booking = await this.getItem(receptionBookingKey(String(claim.sessionId), String(claim.bookingId)));
    return booking ? { booking: bookingOf(booking), cancelCode: claim.cancelCode as BookingByReference['cancelCode'] } : undefined;
  }

  async getBooking(sessionId: string, bookingId: string): Promise<ReceptionBooking | undefined> {
    const item = await this.getItem(receptionBookingKey(sessionId, bookingId));
    return item ? bookingOf(item) : undefined;
  }

  async reminderOf(sessionId: string): Promise<SessionReminder | undefined> {
    const item = await this.getItem(receptionReminderKey(sessionId));
    return item ? { at: String(item.at), listed: (item.listed ?? []) as string[] } : undefined;
  }

  async recordReminder(sessionId: string, reminder: SessionReminder, expiresAt: number): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...receptionReminderKey(sessionId), entity: 'receptionReminder', at: reminder.at, listed: reminder.listed, expiresAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      // Recorded by an earlier run: that one stands.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async bookingsOf(sessionId: string): Promise<ReceptionBooking[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :booking)',
      ExpressionAttributeValues: { ':pk': partition(sessionId), ':booking': 'BOOKING#' },
      ConsistentRead: true,
    });
    const bookings = items.map(bookingOf);
    return bookings.sort((a, b) => a.bookedAt.localeCompare(b.bookedAt) || a.id.localeCompare(b.id));
  }

  async placesTaken(sessionIds: readonly string[]): Promise<Map<string, number>> {
    const taken = new Map<string, number>();
    const ids = [...new Set(sessionIds)];
    for (let i = 0; i < ids.length; i += BATCH_GET_LIMIT) {
      let keys: Item[] | undefined = ids.slice(i, i + BATCH_GET_LIMIT).map(receptionCounterKey);
      for (let round = 0; keys && keys.length > 0; round++) {
        if (round > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** Math.min(round, 6)));
        const result: BatchGetCommandOutput = await this.doc.send(
          new BatchGetCommand({
            RequestItems: { [this.tableName]: { Keys: keys, ProjectionExpression: 'pk, booked', ConsistentRead: true } },
          }),
        );
        for (const item of result.Responses?.[this.tableName] ?? []) {
          taken.set(String(item.pk).slice('RECEPTION#'.length), Number(item.booked ?? 0));
        }
        keys = result.UnprocessedKeys?.[this.tableName]?.Keys;
      }
    }
    return taken;
  }

  async cancel(sessionId: string, bookingId: string, meta: { at: string; by: string }): Promise<ReceptionBooking | undefined> {
    const item = await this.getItem(receptionBookingKey(sessionId, bookingId));
    if (!item) return undefined;
    if (item.status !== 'booked') return bookingOf(item);
    const hashes = (item.contactHashes ?? []) as string[];
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: receptionBookingKey(sessionId, bookingId),
                UpdateExpression: 'SET #status = :cancelled, cancelledAt = :at, cancelledBy = :by',
                ConditionExpression: '#status = :booked',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':cancelled': 'cancelled', ':booked': 'booked', ':at': meta.at, ':by': meta.by },
              },
            },
            {
              // The place is free again.
              Update: {
                TableName: this.tableName,
                Key: receptionCounterKey(sessionId),
                UpdateExpression: 'ADD booked :minusOne',
                ConditionExpression: 'booked > :zero',
                ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
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
          ],
        }),
      );
    } catch (error) {
      const cancelledMeanwhile =
        error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed';
      if (!cancelledMeanwhile) throw error;
      const now = await this.getItem(receptionBookingKey(sessionId, bookingId));
      return now ? bookingOf(now) : undefined;
    }
    return bookingOf({ ...item, status: 'cancelled', cancelledAt: meta.at, cancelledBy: meta.by });
  }

  async markNoShow(sessionId: string, bookingId: string, meta: { at: string; by: string }): Promise<ReceptionBooking | undefined> {
    return this.settle(sessionId, bookingId, 'SET #status = :to, noShowAt = :at, noShowBy = :by', { ':to': 'noShow', ':at': meta.at, ':by': meta.by });
  }

  async markReceived(sessionId: string, bookingId: string, meta: { at: string; by: string; caseNumber: string }): Promise<ReceptionBooking | undefined> {
    return this.settle(sessionId, bookingId, 'SET #status = :to, receivedAt = :at, receivedBy = :by, receptionCase = :case', {
      ':to': 'received',
      ':at': meta.at,
      ':by': meta.by,
      ':case': meta.caseNumber,
    });
  }

  /** What became of a booking once its session took place: written only while it is still booked; otherwise answered as it is. */
  private async settle(sessionId: string, bookingId: string, update: string, values: Record<string, string>): Promise<ReceptionBooking | undefined> {
    const key = receptionBookingKey(sessionId, bookingId);
    const item = await this.getItem(key);
    if (!item) return undefined;
    if (item.status !== 'booked') return bookingOf(item);
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
      return bookingOf(Attributes ?? { ...item, status: values[':to'] });
    } catch (error) {
      // Cancelled, received or marked by someone else meanwhile: answered as it now is.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const now = await this.getItem(key);
      return now ? bookingOf(now) : undefined;
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

function bookingOf(item: Item): ReceptionBooking {
  const copy = { ...item };
  for (const key of STORE_ONLY) delete copy[key];
  return copy as ReceptionBooking;
}
