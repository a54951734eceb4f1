import { TransactionCanceledException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type NativeAttributeValue,
} from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type Case, type CaseEvent, type CaseMessage, type CaseStatus, type Petitioner, type PostalLetter } from '../../domain/case.js';
import { lettersToPhone, lettersToPost, postalLetterName } from '../../domain/postal.js';
import { isSuspended } from '../../domain/suspension.js';
import { cooperatingUnits, supervisingOffices } from '../../domain/work-lists.js';
import { representativeContactsOf } from '../../domain/representatives.js';
import { writerContactsOf } from '../../domain/writer-contacts.js';
import { VersionConflict } from '../../domain/errors.js';
import { handedOnFrom, ledgerEntryOf, type LedgerEntry } from '../../domain/ledger.js';
import { handlingOfficialEntry } from '../../domain/handling-official.js';
import { earlierCaseOf } from '../../domain/mail/repeat.js';
import { idempotencyKeyOfThreadKey, threadKeyOfIdempotencyKey } from '../../domain/messages.js';
import type {
  CasePage,
  CaseStore,
  CaseSummary,
  CaseWithEvents,
  CreateResult,
  EarlierCase,
  IdempotencyRecord,
  AuditEntry,
  AuditQuery,
  CaseCommit,
  CommitResult,
  ContactMatch,
  ContactRole,
  NewCaseRecord,
  PetitionerHint,
  SenderCase,
  SenderIntakeState,
  NotificationClaim,
  WorkListQuery,
  HandedOn,
} from '../../app/ports.js';
import { RetryLater } from '../../app/ports.js';
import { LATE_REGISTRATION_DAYS } from './ledger-store.js';
import type { StoredQueryCode } from '../../app/query-code.js';
import { outboxItems } from './outbox-items.js';
import { pack, PACKED_ATTRIBUTE, unpack } from './packed.js';
import { decodeCursor, encodeCursor, mergeShardedQuery, type MergeState, type Partition } from './sharded-query.js';
import { batchPut } from './batch-put.js';
import { transactWrite } from './transact.js';
import { queryAll } from './query-all.js';
import { CASE_TABLE } from '../../resources/definitions.js';
import { createHash, randomUUID } from 'node:crypto';
import { notificationTag, notificationTagOfThreadKey } from '../../app/notification.js';
import { signOffPost, signOffWaitingOf, type SignOffWaiting } from '../../domain/reply-signoff.js';
import { dueIndexPage } from './due-index.js';
import { mapWithConcurrency } from '../../util/concurrency.js';
import {
  auditKey,
  auditPartition,
  JURISDICTION_SHARDS,
  duePartition,
  officePartition,
  phonePartition,
  postPartition,
  followUpPartition,
  unitPartition,
  caseIndexAttributes,
  caseKey,
  contactKey,
  REPRESENTATIVE_CONTACT_PREFIX,
  representativeContactKey,
  WRITER_CONTACT_PREFIX,
  writerContactKey,
  contactPartition,
  hashName,
  nameEntriesOf,
  nameEntryKey,
  namePartition,
  REPRESENTATIVE_NAME_PREFIX,
  WRITER_NAME_PREFIX,
  eventKey,
  hashContact,
  primaryContact,
  allowanceKey,
  challengeKey,
  idempotencyKey,
  jurisdictionStatusPartition,
  messageKey,
  nextDueAt,
  notificationKey,
  notificationTagKey,
  queryCodeKey,
  ownerKey,
  cooperatingKey,
  cooperatingPartition,
  supervisingKey,
  supervisingPartition,
  handedOnKey,
  handedOnPartition,
  handlerKey,
  handlerPartition,
  registeredKey,
  registeredPartition,
  ownerPartition,
  returnRequestKey,
  returnRequestPartition,
  signOffKey,
  signOffPartition,
  readingKey,
  readingPartition,
  senderIntakeKey,
  sequenceKey,
  numberReservationKey,
  threadIndexKey,
  chinaMonthOf,
  RECEIPT_SHARDS,
  receiptPartition,
  receiptPrefix,
} from './keys.js';

type Item = Record<string, NativeAttributeValue>;

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** Notification claims and allowances expire on their own (DynamoDB TTL). */
const NOTIFICATION_RECORD_DAYS = 30;
/** Tries of a batch write whose items DynamoDB left unprocessed (throttling) before the caller's retry takes over. */
const OUTBOUND_WRITE_ATTEMPTS = 5;

const DAY_MS = 86_400_000;
/** byReceipt queries (a month's shard each) a ledger export has in flight at once. */
const RECEIPT_READS_IN_FLIGHT = 8;

/** The China months (YYYY-MM) the instants [from, before) fall in, in order. */
function chinaMonthsOf(from: string, before: string): string[] {
  const months: string[] = [];
  const last = chinaMonthOf(new Date(Date.parse(before) - 1).toISOString());
  for (let month = chinaMonthOf(from); month <= last; ) {
    months.push(month);
    const [year, m] = month.split('-').map(Number) as [number, number];
    month = m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
  }
  return months;
}

const KEY_ATTRIBUTES = ['ledger', 'pk', 'sk', 'entity', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'gsi4pk', 'gsi4sk', 'gsi5pk', 'gsi5sk', 'expiresAt'];

/** How many of a sender's registrations the sender item keeps (those the byContact index may not show yet). */
export const SENDER_RECENT_CASES = 5;
/** A sender item outlives the day a resend is recognised in (resentOf), then expires. */
const SENDER_ITEM_SECONDS = 2 * 86_400;
/** How long a drawn number waits for its registration's retry: as long as a failed message may wait in a queue (14 days). */
const NUMBER_RESERVATION_SECONDS = 14 * 86_400;

export class DynamoCaseStore implements CaseStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async allocateSequence(jurisdiction: string, year: number): Promise<number> {
    const result = await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: sequenceKey(jurisdiction, year),
        UpdateExpression: 'ADD #seq :one SET entity = :entity',
        ExpressionAttributeNames: { '#seq': 'seq' },
        ExpressionAttributeValues: { ':one': 1, ':entity': 'sequence' },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(result.Attributes?.seq);
  }

  async keepNumber(forKey: string, jurisdiction: string, year: number, seq: number): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...numberReservationKey(forKey), entity: 'numberReservation', jurisdiction, year, seq, expiresAt: Math.floor(Date.now() / 1000) + NUMBER_RESERVATION_SECONDS },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      // An earlier failed attempt kept one already: the retry registers under that one.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async keptNumber(forKey: string, jurisdiction: string, year: number): Promise<number | undefined> {
    const { Item: item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: numberReservationKey(forKey), ConsistentRead: true }));
    return item?.entity === 'numberReservation' && item.jurisdiction === jurisdiction && item.year === year && Number.isInteger(item.seq) ? Number(item.seq) : undefined;
  }

  async findByIdempotencyKey(key: string): Promise<string | undefined> {
    const result = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: idempotencyKey(key), ConsistentRead: true }),
    );
    return result.Item?.caseNumber as string | undefined;
  }

  async create(record: NewCaseRecord): Promise<CreateResult> {
    const { case: c, event } = record;
    const items: { Put: { TableName: string; Item: Item; ConditionExpression: string } }[] = [];
    const put = (Item: Item) => items.push({ Put: { TableName: this.tableName, Item, ConditionExpression: 'attribute_not_exists(pk)' } });
    const threads = threadEntries(record.idempotencyKey, record.threadKeys);
    if (record.idempotencyKey) {
      put({
        ...idempotencyKey(record.idempotencyKey),
        entity: 'idempotency',
        caseNumber: c.caseNumber,
        outcome: 'registered',
        at: c.registeredAt,
        ...(record.idempotencyFingerprint ? { fingerprint: record.idempotencyFingerprint } : {}),
        ...(record.idempotencySealed ? { sealed: record.idempotencySealed } : {}),
        ...(threads.byIdempotencyRecord ? { thread: true } : {}),
      });
    }
    // Conditional like the key above: of two posts of the same petition from one browser, one registers.
    const resendAt = record.resendKey ? items.length : -1;
    if (record.resendKey) {
      put({ ...idempotencyKey(record.resendKey.key), entity: 'idempotency', caseNumber: c.caseNumber, outcome: 'resendOf', at: c.registeredAt, expiresAt: record.resendKey.expiresAt });
    }
    put(caseItem(c));
    // The registration's event is also the case's entry on the registering office's 新登记 list (registeredEntry).
    put({ ...eventsItem(event, record.followedBy ?? []), ...registeredEntry(c) });
    for (const message of record.messages ?? []) put(messageItem(message));
    // Assigned at registration with cooperating units: each has it on its 协办事项 list.
    for (const unit of cooperatingUnits(c)) put(cooperatingItem(c.caseNumber, unit, c.updatedAt));
    // Handed down at registration by an office that asks for the result (reportBackOnHandDown): on its 交办督办件.
    for (const office of supervisingOffices(c)) put(supervisingItem(c.caseNumber, office, c.updatedAt));
    // Routed away from the office that received it at registration: its statistics find it under that office.
    const handedOn = handedOnFrom(c);
    if (handedOn) put(handedOnItem(c, handedOn, c.registeredAt));
    // Claimed as it was registered (a case taken over at the desk): on its official's 我承办的 list.
    const handler = handlingOfficialEntry(c);
    if (handler) put(handlerItem(c.caseNumber, handler));
    if (record.queryCode) put({ ...queryCodeKey(c.caseNumber), entity: 'queryCode', ...record.queryCode });
    // The case item itself is indexed by the petitioner's first contact (caseIndexAttributes).
    for (const item of contactItems(c, record.contacts)) put(item);
    // A collective petition registered with its representatives: their contacts find it too (representativeContactsOf).
    for (const contact of representativeContactsOf(c)) put(representativeContactItem(c, contact));
    // Written, brought or phoned in for a petitioner with contacts of their own: the writer's find it too (writerContactsOf).
    for (const contact of writerContactsOf(c)) put(writerContactItem(c, contact));
    // Its names for the desk's look-up by name, where the case item does not carry the petitioner's (nameEntriesOf).
    for (const entry of nameEntriesOf(c)) put(nameEntryItem(c, entry));
    const transact: TransactItem[] = [
      ...items,
      ...threadItems(this.tableName, c.caseNumber, threads.items),
      ...outboxItems(this.tableName, caseKey(c.caseNumber).pk, record.outbox ?? [], c.registeredAt),
    ];
    // Last, so the reasons' indexes before it stay as they were.
    const senderAt = record.sender ? transact.length : -1;
    if (record.sender) transact.push(this.senderRegistration(record.sender, c));
    try {
      await transactWrite(this.doc, transact);
      return { created: true, caseNumber: c.caseNumber };
    } catch (error) {
      if (record.idempotencyKey && failedCondition(error, 0)) {
        const existing = await this.findByIdempotencyKey(record.idempotencyKey);
        if (existing) return { created: false, caseNumber: existing };
      }
      if (record.resendKey && failedCondition(error, resendAt)) {
        const first = await this.findByIdempotencyKey(record.resendKey.key);
        if (first) return { created: false, caseNumber: first, resent: true };
      }
      // The claim went stale and another intake of the sender's took it over: decided again, seeing what that one did.
      // The number drawn stays unused (docs/storage.md "Numbers").
      if (failedCondition(error, senderAt)) throw new RetryLater(`the sender's claim on case ${c.caseNumber} was taken over`, 1);
      throw error;
    }
  }

  async senderIntake(address: string): Promise<SenderIntakeState> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: senderIntakeKey(address), ConsistentRead: true }));
    const recent = Array.isArray(Item?.recent) ? (Item.recent as SenderCase[]).map((r) => ({ caseNumber: String(r.caseNumber), registeredAt: String(r.registeredAt) })) : [];
    return {
      ...(typeof Item?.latest === 'string' ? { latest: Item.latest } : {}),
      recent,
      ...(typeof Item?.claim === 'string' ? { claim: { by: Item.claim, at: String(Item.claimedAt) } } : {}),
    };
  }

  async claimSenderIntake(address: string, claim: { by: string; at: string }, seen: SenderIntakeState, staleBefore: string): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          // What was read, unchanged (the condition holds it so), with the claim.
          Item: {
            ...senderIntakeKey(address),
            entity: 'senderIntake',
            ...(seen.latest ? { latest: seen.latest } : {}),
            recent: seen.recent,
            claim: claim.by,
            claimedAt: claim.at,
            expiresAt: Math.floor(Date.parse(claim.at) / 1000) + SENDER_ITEM_SECONDS,
          },
          ConditionExpression: seen.latest
            ? '#latest = :seen AND (attribute_not_exists(#claim) OR #claimedAt < :stale)'
            : 'attribute_not_exists(#latest) AND (attribute_not_exists(#claim) OR #claimedAt < :stale)',
          ExpressionAttributeNames: { '#latest': 'latest', '#claim': 'claim', '#claimedAt': 'claimedAt' },
          ExpressionAttributeValues: { ':stale': staleBefore, ...(seen.latest ? { ':seen': seen.latest } : {}) },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async releaseSenderIntake(address: string, claim: string, seen: SenderIntakeState): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...senderIntakeKey(address), entity: 'senderIntake', ...(seen.latest ? { latest: seen.latest } : {}), recent: seen.recent, expiresAt: Math.floor(Date.now() / 1000) + SENDER_ITEM_SECONDS },
          ConditionExpression: '#claim = :claim',
          ExpressionAttributeNames: { '#claim': 'claim' },
          ExpressionAttributeValues: { ':claim': claim },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /** The sender item as a registration leaves it: the new case the latest, the claim gone (a put replaces the item). */
  private senderRegistration(sender: NonNullable<NewCaseRecord['sender']>, c: Case): TransactItem {
    const recent = [{ caseNumber: c.caseNumber, registeredAt: c.registeredAt }, ...sender.recent.filter((r) => r.caseNumber !== c.caseNumber)].slice(0, SENDER_RECENT_CASES);
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...senderIntakeKey(sender.address), entity: 'senderIntake', latest: c.caseNumber, recent, expiresAt: Math.floor(Date.parse(c.registeredAt) / 1000) + SENDER_ITEM_SECONDS },
        ConditionExpression: '#claim = :claim',
        ExpressionAttributeNames: { '#claim': 'claim' },
        ExpressionAttributeValues: { ':claim': sender.claim },
      },
    };
  }

  async get(caseNumber: string): Promise<CaseWithEvents | undefined> {
    let caseRecord: Case | undefined;
    const events: CaseEvent[] = [];
    const messages: CaseMessage[] = [];
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': caseKey(caseNumber).pk },
      ConsistentRead: true,
    });
    for (const item of items) {
      if (item.entity === 'case') caseRecord = caseOf(item);
      else if (item.entity === 'event') events.push(...eventsOf(item));
      else if (item.entity === 'message') messages.push(stripKeys(unpack(item)) as CaseMessage);
    }
    return caseRecord ? { case: caseRecord, events: events.sort((a, b) => a.seq - b.seq), messages } : undefined;
  }

  async commit(change: CaseCommit): Promise<CommitResult> {
    const next = change.case;
    const earlier = change.precededBy ?? [];
    const expected = next.version - 1 - earlier.length;
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: caseItem(next),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': expected },
        },
      },
      // Steps taken together (受理 then 交办) are one item, under the first's key.
      { Put: { TableName: this.tableName, Item: eventsItem(earlier[0] ?? change.event, [...earlier.slice(1), ...(earlier.length > 0 ? [change.event] : [])]), ConditionExpression: 'attribute_not_exists(pk)' } },
    ];
    const threads = threadEntries(change.idempotencyKey, change.threadKeys);
    if (change.idempotencyKey) {
      items.push({
        Put: {
          TableName: this.tableName,
          Item: {
            ...idempotencyKey(change.idempotencyKey),
            entity: 'idempotency',
            caseNumber: next.caseNumber,
            outcome: change.outcome ?? change.event.type,
            at: change.event.at,
            ...(change.idempotencyFingerprint ? { fingerprint: change.idempotencyFingerprint } : {}),
            ...(threads.byIdempotencyRecord ? { thread: true } : {}),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    }
    if (change.message) {
      items.push({ Put: { TableName: this.tableName, Item: messageItem(change.message), ConditionExpression: 'attribute_not_exists(pk)' } });
    }
    for (const letter of change.unlisted ?? []) {
      items.push({
        Update: {
          TableName: this.tableName,
          Key: messageKey(next.caseNumber, letter.at, letter.id),
          UpdateExpression: 'REMOVE gsi2pk, gsi2sk',
          ConditionExpression: 'attribute_exists(pk)',
        },
      });
    }
    // Marked, not replaced: a record of the letter sent keeps its status, and the claim below reads `voidedAt` only when unsent.
    for (const id of change.voidNotifications ?? []) {
      items.push({
        Update: {
          TableName: this.tableName,
          Key: notificationKey(id),
          UpdateExpression: 'SET voidedAt = if_not_exists(voidedAt, :at), entity = if_not_exists(entity, :entity), expiresAt = if_not_exists(expiresAt, :expires)',
          ExpressionAttributeValues: { ':at': change.event.at, ':entity': 'notification', ':expires': Math.floor(Date.parse(change.event.at) / 1000) + NOTIFICATION_RECORD_DAYS * 86_400 },
        },
      });
    }
    // One entry a case: a new owner's replaces the one before, moving the case to their list.
    if (change.owner === 'remove') {
      items.push({ Delete: { TableName: this.tableName, Key: ownerKey(next.caseNumber) } });
    } else if (change.owner) {
      items.push({
        Put: {
          TableName: this.tableName,
          Item: { ...ownerKey(next.caseNumber), entity: 'owner', caseNumber: next.caseNumber, leader: change.owner.leader, gsi2pk: ownerPartition(change.owner.leader), gsi2sk: `${change.owner.since}#${next.caseNumber}` },
        },
      });
    }
    if (change.returnRequestEntry === 'remove') {
      items.push({ Delete: { TableName: this.tableName, Key: returnRequestKey(next.caseNumber) } });
    } else if (change.returnRequestEntry) {
      const { office, since } = change.returnRequestEntry;
      items.push({
        Put: {
          TableName: this.tableName,
          Item: { ...returnRequestKey(next.caseNumber), entity: 'returnRequest', caseNumber: next.caseNumber, gsi2pk: returnRequestPartition(office), gsi2sk: `${since}#${next.caseNumber}` },
        },
      });
    }
    // One entry a case: a put replaces the one before (a correction changes who wrote the letter).
    if (change.signOffEntry === 'remove') items.push({ Delete: { TableName: this.tableName, Key: signOffKey(next.caseNumber) } });
    else if (change.signOffEntry) items.push({ Put: { TableName: this.tableName, Item: signOffItem(next.caseNumber, change.signOffEntry) } });
    for (const leader of change.readingEntries?.remove ?? []) items.push({ Delete: { TableName: this.tableName, Key: readingKey(next.caseNumber, leader) } });
    for (const leader of change.readingEntries?.put ?? []) items.push({ Put: { TableName: this.tableName, Item: readingItem(next.caseNumber, leader, change.readingEntries!.since) } });
    for (const unit of change.cooperatingEntries?.remove ?? []) items.push({ Delete: { TableName: this.tableName, Key: cooperatingKey(next.caseNumber, unit) } });
    for (const unit of change.cooperatingEntries?.put ?? []) items.push({ Put: { TableName: this.tableName, Item: cooperatingItem(next.caseNumber, unit, change.cooperatingEntries!.since) } });
    for (const office of change.supervisingEntries?.remove ?? []) items.push({ Delete: { TableName: this.tableName, Key: supervisingKey(next.caseNumber, office) } });
    for (const office of change.supervisingEntries?.put ?? []) items.push({ Put: { TableName: this.tableName, Item: supervisingItem(next.caseNumber, office, change.supervisingEntries!.since) } });
    if (change.handedOnEntry === 'remove') items.push({ Delete: { TableName: this.tableName, Key: handedOnKey(next.caseNumber) } });
    else if (change.handedOnEntry) items.push({ Put: { TableName: this.tableName, Item: handedOnItem(next, change.handedOnEntry, next.updatedAt) } });
    // One entry a case: a new official's replaces the one before (a plain put), moving the case to their list.
    if (change.handlerEntry === 'remove') items.push({ Delete: { TableName: this.tableName, Key: handlerKey(next.caseNumber) } });
    else if (change.handlerEntry) items.push({ Put: { TableName: this.tableName, Item: handlerItem(next.caseNumber, change.handlerEntry) } });
    // Contacts corrected since registration: the petitioner's now indexed, those no longer theirs taken off.
    for (const contact of new Set(change.contacts?.remove ?? [])) items.push({ Delete: { TableName: this.tableName, Key: contactKey(next.caseNumber, hashContact(contact)) } });
    for (const Item of contactItems(next, change.contacts?.put ?? [])) items.push({ Put: { TableName: this.tableName, Item } });
    // Representatives agreed or replaced: the new ones' contacts indexed, those of people no longer representatives taken off.
    for (const contact of new Set(change.representativeContacts?.remove ?? [])) {
      items.push({ Delete: { TableName: this.tableName, Key: representativeContactKey(next.caseNumber, hashContact(contact)) } });
    }
    for (const contact of new Set(change.representativeContacts?.put ?? [])) items.push({ Put: { TableName: this.tableName, Item: representativeContactItem(next, contact) } });
    for (const contact of new Set(change.writerContacts?.remove ?? [])) items.push({ Delete: { TableName: this.tableName, Key: writerContactKey(next.caseNumber, hashContact(contact)) } });
    for (const contact of new Set(change.writerContacts?.put ?? [])) items.push({ Put: { TableName: this.tableName, Item: writerContactItem(next, contact) } });
    // The petitioner's name corrected, a contact given or removed, representatives agreed: the name entries follow.
    if (change.namesBefore) {
      const was = nameEntriesOf(change.namesBefore);
      const now = nameEntriesOf(next);
      for (const entry of was) if (!now.some((e) => e.sk === entry.sk)) items.push({ Delete: { TableName: this.tableName, Key: nameEntryKey(next.caseNumber, entry.sk) } });
      for (const entry of now) if (!was.some((e) => e.sk === entry.sk)) items.push({ Put: { TableName: this.tableName, Item: nameEntryItem(next, entry) } });
    }
    // Replaces the code before: only the newest one opens the case.
    if (change.queryCode) items.push({ Put: { TableName: this.tableName, Item: { ...queryCodeKey(next.caseNumber), entity: 'queryCode', ...change.queryCode } } });
    items.push(...threadItems(this.tableName, next.caseNumber, threads.items));
    items.push(...outboxItems(this.tableName, caseKey(next.caseNumber).pk, change.outbox ?? [], change.event.at));
    try {
      await transactWrite(this.doc, items);
      return 'committed';
    } catch (error) {
      // The idempotency record is checked first: a redelivery that lost the race to itself is a duplicate, not a conflict.
      if (change.idempotencyKey && failedCondition(error, 2)) return 'duplicate';
      if (failedCondition(error, 0) || failedCondition(error, 1)) throw new VersionConflict(next.caseNumber, expected);
      throw error;
    }
  }

  async queryCodeOf(caseNumber: string): Promise<StoredQueryCode | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: queryCodeKey(caseNumber), ConsistentRead: true }));
    if (!Item || typeof Item.hash !== 'string' || typeof Item.salt !== 'string') return undefined;
    return { scheme: 'scrypt-n16384-r8-p1', salt: Item.salt, hash: Item.hash };
  }

  async findIdempotencyRecord(key: string): Promise<IdempotencyRecord | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: idempotencyKey(key), ConsistentRead: true }));
    if (!Item) return undefined;
    return {
      outcome: String(Item.outcome ?? 'registered'),
      ...(Item.caseNumber ? { caseNumber: String(Item.caseNumber) } : {}),
      ...(Item.fingerprint ? { fingerprint: String(Item.fingerprint) } : {}),
      ...(typeof Item.sealed === 'string' ? { sealed: Item.sealed } : {}),
    };
  }

  async recordOutcome(key: string, outcome: string, at: string, fingerprint?: string): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...idempotencyKey(key), entity: 'idempotency', outcome, at, ...(fingerprint ? { fingerprint } : {}) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async findCaseByThreadKey(key: string): Promise<string | undefined> {
    // A Message-ID we gave a letter leads to the letter's record, which names its case (recordSent).
    const tag = notificationTagOfThreadKey(key);
    if (tag) {
      const { Item: note } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: notificationTagKey(tag) }));
      if (typeof note?.caseNumber === 'string') return note.caseNumber;
    }
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: threadIndexKey(key) }));
    if (Item) return Item.caseNumber as string | undefined;
    // An incoming email's own Message-ID is its idempotency record's key (threadEntries).
    const { Item: record } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: idempotencyKey(idempotencyKeyOfThreadKey(key)) }));
    return record?.thread === true && typeof record.caseNumber === 'string' ? record.caseNumber : undefined;
  }

  async earlierCasesOf(contacts: readonly string[], limit: number): Promise<EarlierCase[]> {
    const numbers = new Set<string>();
    for (const contact of new Set(contacts)) {
      const { Items } = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'byContact',
          KeyConditionExpression: 'gsi4pk = :pk',
          ExpressionAttributeValues: { ':pk': contactPartition(hashContact(contact)) },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      // A representative's or a writer's entry is for the desk's look-up only, never a repeat (representativeContactsOf, writerContactsOf).
      for (const item of Items ?? []) if (!String(item.sk).startsWith(REPRESENTATIVE_CONTACT_PREFIX) && !String(item.sk).startsWith(WRITER_CONTACT_PREFIX)) numbers.add(String(item.caseNumber));
    }
    if (numbers.size === 0) return [];
    const { Responses } = await this.doc.send(
      new BatchGetCommand({
        RequestItems: {
          [this.tableName]: {
            Keys: [...numbers].slice(0, 100).map((n) => caseKey(n)),
            // The matter and the last change's time are packed (case items are). The jurisdiction and the places a report
            // accuses say which office may see it (earlierCasesReadableBy).
            ProjectionExpression: 'caseNumber, #status, registeredAt, receivedAt, #packed, matter, updatedAt, closedAt, reviewLevel, receivingOffice, repeatOf, jurisdiction, accusedJurisdictions',
            ExpressionAttributeNames: { '#status': 'status', '#packed': PACKED_ATTRIBUTE },
          },
        },
      }),
    );
    return (Responses?.[this.tableName] ?? [])
      .map((stored) => earlierCaseOf(unpack(stored) as Parameters<typeof earlierCaseOf>[0]))
      .sort((a, b) => b.registeredAt.localeCompare(a.registeredAt))
      .slice(0, limit);
  }

  /**
   * A notification sent: its record and, for a case's mail, the message on the case and the
   * Message-IDs a reply may quote — one batch of plain puts, one call a letter, not a
   * transaction (which bills every item twice). Nothing here can conflict (the ids derive
   * from the notification's), and a repeat writes the same items again. Items DynamoDB
   * leaves unprocessed are written again here; when the batch still fails, the record is
   * put once more alone, so the mailer's retry finds the letter sent instead of sending it
   * again (and should that fail too, SES's Send event closes the claim:
   * confirmNotificationSent). The record of a case's mail names the case and stays (no TTL):
   * it is the thread entry of our own Message-ID (findCaseByThreadKey), one item fewer a letter.
   * A read of the case item first (its key only): a case removed meanwhile keeps nothing.
   */
  async recordSent(id: string, sent: { sentAt: string; providerMessageId: string; messageId: string }, onCase?: { message: CaseMessage; threadKeys: readonly string[] }): Promise<void> {
    const caseNumber = onCase?.message.caseNumber;
    const record: Item = {
      ...notificationKey(id),
      entity: 'notification',
      status: 'sent',
      sentAt: sent.sentAt,
      providerMessageId: sent.providerMessageId,
      messageId: sent.messageId,
      ...(caseNumber ? { caseNumber } : { expiresAt: Math.floor(Date.parse(sent.sentAt) / 1000) + NOTIFICATION_RECORD_DAYS * 86_400 }),
    };
    if (!onCase) {
      await this.doc.send(new PutCommand({ TableName: this.tableName, Item: record }));
      return;
    }
    // Sent after its case was removed at the end of its retention (the letter waited in a queue meanwhile): nothing is
    // kept under a case that is gone — the record alone, without the case, expiring as a letter without one does.
    const { Item: standing } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: caseKey(onCase.message.caseNumber), ProjectionExpression: 'pk' }));
    if (!standing) {
      const { caseNumber: _gone, ...alone } = record;
      await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...alone, expiresAt: Math.floor(Date.parse(sent.sentAt) / 1000) + NOTIFICATION_RECORD_DAYS * 86_400 } }));
      return;
    }
    const own = notificationTag(id);
    const threads = [...new Set(onCase.threadKeys)].filter((key) => notificationTagOfThreadKey(key) !== own);
    const items: Item[] = [record, messageItem(onCase.message), ...threads.map((key) => ({ ...threadIndexKey(key), entity: 'thread', caseNumber }))];
    try {
      await batchPut(this.doc, this.tableName, items, `sent mail ${onCase.message.id} on case ${caseNumber}`, OUTBOUND_WRITE_ATTEMPTS);
    } catch (error) {
      // The record once more, alone: the retry then finds the letter sent and only keeps it on the case.
      await this.doc.send(new PutCommand({ TableName: this.tableName, Item: record })).catch(() => undefined);
      throw error;
    }
  }

  async takeAllowance(key: string, window: string, limit: number, expiresAt: number, spender?: string): Promise<boolean> {
    // A spender is kept (hashed) in the item's set: its retry finds itself there and takes nothing more.
    const spent = spender ? createHash('sha256').update(spender).digest('base64url').slice(0, 22) : undefined;
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: allowanceKey(key, window),
          UpdateExpression: `ADD used :one${spent ? ', spent :spent' : ''} SET entity = :entity, expiresAt = :expires`,
          ConditionExpression: `(attribute_not_exists(used) OR used < :limit)${spent ? ' AND NOT contains(spent, :spender)' : ''}`,
          ExpressionAttributeValues: {
            ':one': 1,
            ':limit': limit,
            ':entity': 'allowance',
            ':expires': expiresAt,
            ...(spent ? { ':spent': new Set([spent]), ':spender': spent } : {}),
          },
        }),
      );
      return true;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      if (!spent) return false;
      // Refused: the limit, or this very spender counted already (a retry), which was allowed then.
      const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: allowanceKey(key, window), ConsistentRead: true }));
      return Item?.spent instanceof Set && Item.spent.has(spent);
    }
  }

  async allowanceUsed(key: string, window: string): Promise<number> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: allowanceKey(key, window), ConsistentRead: true }));
    return typeof Item?.used === 'number' ? Item.used : 0;
  }

  async putChallenge(id: string, answerHash: string, expiresAt: number): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...challengeKey(id), entity: 'challenge', answerHash, expiresAt },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async takeChallenge(id: string, now: number): Promise<string | undefined> {
    try {
      // Deleted as it is read: a second post with the same id finds nothing. TTL removal lags, so the expiry is checked here.
      const { Attributes } = await this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: challengeKey(id),
          ConditionExpression: 'attribute_exists(pk) AND expiresAt > :now',
          ExpressionAttributeValues: { ':now': now },
          ReturnValues: 'ALL_OLD',
        }),
      );
      return typeof Attributes?.answerHash === 'string' ? Attributes.answerHash : undefined;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  async claimNotification(id: string, now: string, staleAfterSeconds: number): Promise<NotificationClaim> {
    const staleBefore = new Date(Date.parse(now) - staleAfterSeconds * 1000).toISOString();
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...notificationKey(id),
            entity: 'notification',
            status: 'sending',
            claimedAt: now,
            expiresAt: Math.floor(Date.parse(now) / 1000) + NOTIFICATION_RECORD_DAYS * 86_400,
          },
          ConditionExpression: '(attribute_not_exists(pk) OR (#status = :sending AND claimedAt < :staleBefore)) AND attribute_not_exists(voidedAt)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sending': 'sending', ':staleBefore': staleBefore },
        }),
      );
      return { state: 'claimed' };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: notificationKey(id), ConsistentRead: true }));
      if (Item?.status !== 'sent') {
        if (typeof Item?.voidedAt === 'string') return { state: 'void', voidedAt: Item.voidedAt };
        return { state: 'busy', ...(typeof Item?.claimedAt === 'string' ? { claimedAt: Item.claimedAt } : {}) };
      }
      return {
        state: 'sent',
        sentAt: String(Item.sentAt),
        providerMessageId: String(Item.providerMessageId),
        ...(Item.messageId ? { messageId: String(Item.messageId) } : {}),
      };
    }
  }

  async confirmNotificationSent(tag: string, sent: { sentAt: string; providerMessageId: string }): Promise<boolean> {
    // Nearly every Send event comes after the mailer recorded the send itself. A strongly consistent
    // read says so for a read unit; a refused conditional write would still be billed as a write.
    const current = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: notificationTagKey(tag),
        ConsistentRead: true,
        ProjectionExpression: '#status',
        ExpressionAttributeNames: { '#status': 'status' },
      }),
    );
    if (current.Item?.status !== 'sending') return false;
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: notificationTagKey(tag),
          UpdateExpression: 'SET #status = :sent, sentAt = :at, providerMessageId = :pid',
          ConditionExpression: 'attribute_exists(pk) AND #status = :sending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sent': 'sent', ':sending': 'sending', ':at': sent.sentAt, ':pid': sent.providerMessageId },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async notificationsSent(tags: readonly string[]): Promise<Set<string>> {
    const unique = [...new Set(tags)];
    const sent = new Set<string>();
    // BatchGetItem takes 100 keys; SQS hands the feedback function at most 10 events.
    for (let start = 0; start < unique.length; start += 100) {
      const { Responses } = await this.doc.send(
        new BatchGetCommand({
          RequestItems: {
            [this.tableName]: {
              Keys: unique.slice(start, start + 100).map(notificationTagKey),
              ConsistentRead: true,
              ProjectionExpression: 'pk, #status',
              ExpressionAttributeNames: { '#status': 'status' },
            },
          },
        }),
      );
      // Unprocessed keys are simply not in the answer: those events read their record alone.
      for (const item of Responses?.[this.tableName] ?? []) if (item.status === 'sent') sent.add(String(item.pk).slice('NOTE#'.length));
    }
    return sent;
  }

  async casesDueForSweep(query: { now: string; limit: number; cursor?: string }) {
    return dueIndexPage(this.doc, this.tableName, duePartition, query);
  }

  async getCaseRecord(caseNumber: string): Promise<Case | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: caseKey(caseNumber), ConsistentRead: true }));
    return Item ? caseOf(Item) : undefined;
  }

  async saveChase(c: Case): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: caseItem(c),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': c.version },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new VersionConflict(c.caseNumber, c.version);
      throw error;
    }
  }

  async appendAudit(entry: AuditEntry, entryId?: string): Promise<void> {
    // A random suffix keeps two entries of the same millisecond apart; the condition makes each write a pure append.
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...auditKey(entry.caseNumber, entry.at, entryId ?? randomUUID()), entity: 'audit', ...entry },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      // The same entry, stored by an earlier try whose answer was lost.
      if (entryId && error instanceof ConditionalCheckFailedException) return;
      throw error;
    }
  }

  async listAudit(caseNumber: string, query: AuditQuery): Promise<AuditEntry[]> {
    // Newest first (the sort key starts with the time), so a long trail is cut at its oldest end.
    const filters: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':pk': auditPartition(caseNumber) };
    if (query.actor !== undefined) {
      filters.push('actor = :actor');
      values[':actor'] = query.actor;
    }
    if (query.outcome !== undefined) {
      filters.push('outcome = :outcome');
      values[':outcome'] = query.outcome;
    }
    if (query.action !== undefined) {
      // `action` is a DynamoDB reserved word.
      names['#action'] = 'action';
      filters.push('(#action = :action OR begins_with(#action, :actionUnder))');
      values[':action'] = query.action;
      values[':actionUnder'] = `${query.action}/`;
    }
    const items = await queryAll(
      this.doc,
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ScanIndexForward: false,
        ExpressionAttributeValues: values,
        ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
        ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
      },
      query.limit,
    );
    return items.map((item) => stripKeys(item) as AuditEntry);
  }

  async workList(query: { partition: { unit: string } | { office: string }; dueBefore: string; limit: number }): Promise<CaseSummary[]> {
    const partition = 'unit' in query.partition ? unitPartition(query.partition.unit) : officePartition(query.partition.office);
    const items = await queryAll(
      this.doc,
      { TableName: this.tableName, IndexName: 'byUnit', KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :before', ExpressionAttributeValues: { ':pk': partition, ':before': query.dueBefore } },
      query.limit,
    );
    return items.map(summaryOf);
  }

  async listByJurisdiction(query: {
    jurisdiction: string;
    statuses: readonly CaseStatus[];
    limit: number;
    cursor?: string;
    registeredFrom?: string;
    registeredBefore?: string;
  }): Promise<CasePage> {
    const partitions: Partition[] = query.statuses.flatMap((status) =>
      Array.from({ length: JURISDICTION_SHARDS }, (_, shard) => ({
        id: `${status}#${shard}`,
        value: jurisdictionStatusPartition(query.jurisdiction, status, shard),
      })),
    );
    const { items, state } = await mergeShardedQuery(this.doc, {
      tableName: this.tableName,
      indexName: 'byJurisdictionStatus',
      partitionKey: 'gsi1pk',
      sortKey: 'gsi1sk',
      partitions,
      newestFirst: true,
      limit: query.limit,
      state: decodeCursor(query.cursor),
      ...(query.registeredFrom || query.registeredBefore
        ? { sortKeyRange: { ...(query.registeredFrom ? { from: query.registeredFrom } : {}), ...(query.registeredBefore ? { before: query.registeredBefore } : {}) } }
        : {}),
    });
    return this.mergedPageOf(items, state);
  }

  async receivedIn(query: { jurisdictions: readonly string[]; receivedFrom: string; receivedBefore: string }): Promise<string[]> {
    const places = new Set(query.jurisdictions);
    if (places.size === 0 || query.receivedFrom >= query.receivedBefore) return [];
    const prefix = receiptPrefix([...places]);
    const partitions = chinaMonthsOf(query.receivedFrom, query.receivedBefore).flatMap((month) =>
      Array.from({ length: RECEIPT_SHARDS }, (_, shard) => receiptPartition(month, shard)),
    );
    const from = Date.parse(query.receivedFrom);
    const before = Date.parse(query.receivedBefore);
    const pages = await mapWithConcurrency(partitions, RECEIPT_READS_IN_FLIGHT, (partition) =>
      queryAll(this.doc, {
        TableName: this.tableName,
        IndexName: 'byReceipt',
        // An empty prefix (codes that share no digit) is the whole month: a key condition may not compare with "".
        KeyConditionExpression: prefix ? 'gsi5pk = :pk AND begins_with(gsi5sk, :prefix)' : 'gsi5pk = :pk',
        ExpressionAttributeValues: { ':pk': partition, ...(prefix ? { ':prefix': prefix } : {}) },
      }),
    );
    // The index holds its keys only (a status change writes no entry): the sort key, `<jurisdiction>#<receivedAt>#<case
    // number>`, says all the export needs to choose — the places asked for (a prefix may take in a neighbour's), in the period.
    const found = pages.flat().flatMap((item) => {
      const [jurisdiction, receivedAt, caseNumber] = String(item.gsi5sk).split('#') as [string, string, string];
      const at = Date.parse(receivedAt);
      return places.has(jurisdiction) && at >= from && at < before ? [{ receivedAt, caseNumber }] : [];
    });
    return found.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.caseNumber.localeCompare(b.caseNumber)).map((c) => c.caseNumber);
  }

  async handedOnBy(query: { offices: readonly string[]; receivedFrom: string; receivedBefore: string }): Promise<HandedOn[]> {
    // Registered no earlier than received (a day's margin for clock skew), and late by a year at most: as statistics read.
    const registeredFrom = new Date(Date.parse(query.receivedFrom) - DAY_MS).toISOString();
    const registeredTo = new Date(Date.parse(query.receivedBefore) + LATE_REGISTRATION_DAYS * DAY_MS).toISOString();
    const entries = await mapWithConcurrency([...new Set(query.offices)], RECEIPT_READS_IN_FLIGHT, (office) =>
      queryAll(this.doc, {
        TableName: this.tableName,
        IndexName: 'byUnit',
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': handedOnPartition(office), ':from': registeredFrom, ':to': registeredTo },
      }),
    );
    return entries.flat().map((entry) => {
      const since = String(entry.gsi2sk).split('#')[2];
      const receivedAt = (entry.ledger as { receivedAt?: string } | undefined)?.receivedAt;
      return {
        caseNumber: String(entry.caseNumber),
        office: String(entry.receivingOffice),
        holder: String(entry.jurisdiction),
        ...(since ? { since } : {}),
        ...(receivedAt ? { receivedAt } : {}),
      };
    });
  }

  async workListPage(query: WorkListQuery): Promise<CasePage> {
    const partitions: Partition[] = query.partitions.map((p) => {
      const value = 'unit' in p ? unitPartition(p.unit) : officePartition(p.office);
      return { id: value, value };
    });
    const conditions: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, NativeAttributeValue> = {};
    if (query.statuses) {
      names['#status'] = 'status';
      conditions.push(`#status IN (${query.statuses.map((status, i) => ((values[`:s${i}`] = status), `:s${i}`)).join(', ')})`);
    }
    if (query.triage !== undefined) {
      names['#triage'] = 'triage';
      conditions.push(query.triage ? 'attribute_exists(#triage)' : 'attribute_not_exists(#triage)');
    }
    if (query.urgent !== undefined) {
      names['#urgent'] = 'urgent';
      values[':true'] = true;
      conditions.push(query.urgent ? '#urgent = :true' : '(attribute_not_exists(#urgent) OR #urgent <> :true)');
    }
    if (query.extensionPending) {
      names['#ledger'] = 'ledger';
      names['#pending'] = 'extensionPending';
      values[':true'] = true;
      conditions.push('#ledger.#pending = :true');
    }
    if (query.escalatedTo?.length) {
      names['#ledger'] = 'ledger';
      names['#escalation'] = 'escalation';
      names['#step'] = 'step';
      conditions.push(`#ledger.#escalation.#step IN (${query.escalatedTo.map((step, i) => ((values[`:e${i}`] = step), `:e${i}`)).join(', ')})`);
    }
    const { items, state } = await mergeShardedQuery(this.doc, {
      tableName: this.tableName,
      indexName: 'byUnit',
      partitionKey: 'gsi2pk',
      sortKey: 'gsi2sk',
      partitions,
      newestFirst: false,
      limit: query.limit,
      readLimit: query.readLimit,
      state: decodeCursor(query.cursor),
      ...(query.dueFrom || query.dueBefore
        ? { sortKeyRange: { ...(query.dueFrom ? { from: query.dueFrom } : {}), ...(query.dueBefore ? { before: query.dueBefore } : {}) } }
        : {}),
      ...(conditions.length ? { filter: { expression: conditions.join(' AND '), names, values } } : {}),
    });
    return this.mergedPageOf(items, state);
  }

  async lettersToPostPage(query: { office: string; limit: number; cursor?: string }): Promise<CasePage> {
    // The index holds the letters' message items.
    return this.casesOfQueue(postPartition(query.office), query, withWaitingLetters(query.office, lettersToPost));
  }

  async lettersToPhonePage(query: { office: string; limit: number; cursor?: string }): Promise<CasePage> {
    return this.casesOfQueue(phonePartition(query.office), query, withWaitingLetters(query.office, lettersToPhone));
  }

  async followUpsDuePage(query: { office: string; dueBefore: string; limit: number; cursor?: string }): Promise<CasePage> {
    const { items, state } = await this.officeQueue(followUpPartition(query.office), query, query.dueBefore);
    return pageOf(items, state);
  }

  async ownedCasesPage(query: { leader: string; limit: number; cursor?: string }): Promise<CasePage> {
    // The index holds the owner items.
    return this.casesOfQueue(ownerPartition(query.leader), query);
  }

  async signOffPage(query: { posts: readonly ({ unit: string } | { office: string })[]; limit: number; cursor?: string }): Promise<CasePage> {
    if (query.posts.length === 0) return { items: [] };
    const { items, state } = await mergeShardedQuery(this.doc, {
      tableName: this.tableName,
      indexName: 'byUnit',
      partitionKey: 'gsi2pk',
      sortKey: 'gsi2sk',
      partitions: query.posts.map((post) => ({ id: signOffPartition(post), value: signOffPartition(post) })),
      newestFirst: false,
      limit: query.limit,
      state: decodeCursor(query.cursor),
    });
    // The index projects the entries' keys (not who wrote the letter): the case items, read by number, say it as they
    // stand now — a letter signed off since the entry was read is left out. The caller keeps the letters it may approve.
    const since = new Map(items.map((item) => [String(item.caseNumber), String(item.gsi2sk).split('#')[0]!]));
    const page: CasePage = {
      items: (await this.itemsOf([...since.keys()])).flatMap((item) => {
        const summary = summaryOf(item);
        const signOff = signOffWaitingOf(caseOf(item), since.get(summary.caseNumber));
        return signOff ? [{ ...summary, signOff }] : [];
      }),
    };
    const cursor = encodeCursor(state);
    if (cursor) page.cursor = cursor;
    return page;
  }

  async leaderReadingsPage(query: { leader: string; limit: number; cursor?: string }): Promise<CasePage> {
    return this.casesOfQueue(readingPartition(query.leader), query);
  }

  async returnRequestsPage(query: { office: string; limit: number; cursor?: string }): Promise<CasePage> {
    // The index holds the request items.
    return this.casesOfQueue(returnRequestPartition(query.office), query);
  }

  async handledPage(query: { staffId: string; limit: number; cursor?: string }): Promise<CasePage> {
    // The index holds the handler items, by the case's running deadline.
    return this.casesOfQueue(handlerPartition(query.staffId), query);
  }

  async cooperatingPage(query: { unit: string; limit: number; cursor?: string }): Promise<CasePage> {
    return this.casesOfQueue(cooperatingPartition(query.unit), query);
  }

  async supervisingPage(query: { office: string; limit: number; cursor?: string }): Promise<CasePage> {
    return this.casesOfQueue(supervisingPartition(query.office), query);
  }

  async registeredPage(query: { office: string; registeredFrom: string; limit: number; cursor?: string }): Promise<CasePage> {
    const partition = registeredPartition(query.office);
    const { items, state } = await mergeShardedQuery(this.doc, {
      tableName: this.tableName,
      indexName: 'byUnit',
      partitionKey: 'gsi2pk',
      sortKey: 'gsi2sk',
      partitions: [{ id: partition, value: partition }],
      newestFirst: true,
      limit: query.limit,
      state: decodeCursor(query.cursor),
      sortKeyRange: { from: query.registeredFrom },
    });
    const page: CasePage = { items: (await this.itemsOf(items.map((item) => String(item.caseNumber)))).map(summaryOf) };
    const cursor = encodeCursor(state);
    if (cursor) page.cursor = cursor;
    return page;
  }

  /** A queue whose index entries are items beside the cases (a letter, an owner): the cases are read by number. */
  private async casesOfQueue(partition: string, query: { limit: number; cursor?: string }, summarise: (item: Item) => CaseSummary = summaryOf): Promise<CasePage> {
    const { items, state } = await this.officeQueue(partition, query);
    const page: CasePage = { items: (await this.itemsOf(items.map((item) => String(item.caseNumber)))).map(summarise) };
    const cursor = encodeCursor(state);
    if (cursor) page.cursor = cursor;
    return page;
  }

  /** One of an office's own queues on the byUnit index (待寄送, 待回访, a leader's 包案), oldest first. */
  private officeQueue(partition: string, query: { limit: number; cursor?: string }, before?: string) {
    return mergeShardedQuery(this.doc, {
      tableName: this.tableName,
      indexName: 'byUnit',
      partitionKey: 'gsi2pk',
      sortKey: 'gsi2sk',
      partitions: [{ id: partition, value: partition }],
      newestFirst: false,
      limit: query.limit,
      state: decodeCursor(query.cursor),
      ...(before ? { sortKeyRange: { before } } : {}),
    });
  }

  /**
   * A page merged from several partitions (statuses, or an office and its
   * units): a case that changed while they were read — a new status, a unit
   * taking it — can be met in two of them. It is listed once, as it stands
   * now (read again by its key: the indexes do not carry its version).
   */
  private async mergedPageOf(items: Item[], state: MergeState | undefined): Promise<CasePage> {
    const seen = new Map<string, number>();
    for (const item of items) seen.set(String(item.caseNumber), (seen.get(String(item.caseNumber)) ?? 0) + 1);
    const twice = [...seen].filter(([, n]) => n > 1).map(([caseNumber]) => caseNumber);
    if (twice.length === 0) return pageOf(items, state);
    const current = new Map((await this.summariesOf(twice)).map((summary) => [summary.caseNumber, summary]));
    const listed = new Set<string>();
    const once = items.filter((item) => !listed.has(String(item.caseNumber)) && listed.add(String(item.caseNumber)));
    const page = pageOf(once, state);
    return { ...page, items: page.items.map((summary) => current.get(summary.caseNumber) ?? summary) };
  }

  async casesOf(caseNumbers: readonly string[]): Promise<Case[]> {
    // A ledger missing a line it should hold misleads whoever files it: keys still unprocessed fail the read.
    return (await this.itemsOf(caseNumbers, { complete: true })).map(caseOf);
  }

  async summariesOf(caseNumbers: readonly string[], opts: { people?: boolean } = {}): Promise<CaseSummary[]> {
    // The people are packed: unpacked only when asked (the look-up by name, at most 100 cases).
    return (await this.itemsOf(caseNumbers)).map((item) => (opts.people ? { ...summaryOf(item), people: peopleOf(caseOf(item)) } : summaryOf(item)));
  }

  /** The case items of these numbers, each once, in the order first asked; `complete`: an error if some keys stay unprocessed. */
  private async itemsOf(caseNumbers: readonly string[], opts: { complete?: boolean } = {}): Promise<Item[]> {
    const unique = [...new Set(caseNumbers)];
    const found: Item[] = [];
    for (let i = 0; i < unique.length; i += 100) {
      let keys: Item[] = unique.slice(i, i + 100).map((n) => caseKey(n));
      // BatchGet may leave keys unprocessed under load: ask again for those.
      for (let attempt = 0; keys.length > 0 && attempt < 5; attempt += 1) {
        const { Responses, UnprocessedKeys } = await this.doc.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys } } }));
        found.push(...(Responses?.[this.tableName] ?? []));
        keys = UnprocessedKeys?.[this.tableName]?.Keys ?? [];
        if (keys.length > 0 && opts.complete) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      }
      if (keys.length > 0 && opts.complete) throw new Error(`could not read ${keys.length} case(s): left unprocessed`);
    }
    const order = new Map(unique.map((n, i) => [n, i]));
    return found.sort((a, b) => (order.get(String(a.caseNumber)) ?? 0) - (order.get(String(b.caseNumber)) ?? 0));
  }

  casesByContact(contact: string, limit: number): Promise<ContactMatch[]> {
    return this.casesUnder(contactPartition(hashContact(contact)), limit);
  }

  casesByName(name: string, limit: number): Promise<ContactMatch[]> {
    return this.casesUnder(namePartition(hashName(name)), limit);
  }

  /** The cases with an entry in one byContact partition (a contact's or a name's), newest first, each with whose entry it is. */
  private async casesUnder(partition: string, limit: number): Promise<ContactMatch[]> {
    const items = await queryAll(
      this.doc,
      {
        TableName: this.tableName,
        IndexName: 'byContact',
        KeyConditionExpression: 'gsi4pk = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        ScanIndexForward: false,
      },
      limit,
    );
    // An index answer carries the table's keys: a representative's entry is told by its sort key (representativeContactKey, REPNAME#).
    const found = new Map<string, Set<ContactRole>>();
    for (const item of items) {
      const caseNumber = String(item.caseNumber);
      const roles = found.get(caseNumber) ?? new Set<ContactRole>();
      const sk = String(item.sk);
      roles.add(
        sk.startsWith(REPRESENTATIVE_CONTACT_PREFIX) || sk.startsWith(REPRESENTATIVE_NAME_PREFIX)
          ? 'representative'
          : sk.startsWith(WRITER_NAME_PREFIX) || sk.startsWith(WRITER_CONTACT_PREFIX)
            ? 'writer'
            : 'petitioner',
      );
      found.set(caseNumber, roles);
    }
    return [...found].map(([caseNumber, roles]) => ({ caseNumber, matchedAs: (['petitioner', 'representative', 'writer'] as const).filter((role) => roles.has(role)) }));
  }
}

function pageOf(items: Item[], state: MergeState | undefined): CasePage {
  const page: CasePage = { items: items.map(summaryOf) };
  const cursor = encodeCursor(state);
  if (cursor) page.cursor = cursor;
  return page;
}

/**
 * What a case item keeps in plain attributes: its keys, what the indexes project
 * (and the work lists filter on), and the version its writes are conditioned on.
 * The rest (the matter, the petitioner, the deadlines' explanations…) is packed.
 */
const CASE_PLAIN_ATTRIBUTES: ReadonlySet<string> = new Set([
  ...KEY_ATTRIBUTES,
  ...CASE_TABLE.indexes.flatMap((index) => index.projection),
  'version',
]);

export function caseItem(c: Case): Item {
  // The deadlines' explanations sit beside them, not in `deadlines`, which the work-list indexes copy on every change.
  const { explanations, ...deadlines } = c.deadlines;
  return pack(
    {
      ...c,
      deadlines,
      ...(explanations ? { deadlineExplanations: explanations } : {}),
      ...caseKey(c.caseNumber),
      entity: 'case',
      ...caseIndexAttributes(c),
      ledger: ledgerEntryOf(c),
    },
    CASE_PLAIN_ATTRIBUTES,
  );
}

/** The case a case item holds (caseItem's inverse). */
export function caseOf(item: Item): Case {
  const { deadlineExplanations, ...c } = stripKeys(unpack(item)) as Case & { deadlineExplanations?: Case['deadlines']['explanations'] };
  return deadlineExplanations ? { ...c, deadlines: { ...c.deadlines, explanations: deadlineExplanations } } : c;
}

function eventItem(e: CaseEvent): Item {
  return { ...e, ...eventKey(e.caseNumber, e.seq), entity: 'event' };
}

/** What stays plain on an event item that carries others: its keys and what it is; the rest is packed. */
const EVENT_PLAIN_ATTRIBUTES: ReadonlySet<string> = new Set([...KEY_ATTRIBUTES, 'caseNumber', 'seq', 'type', 'at', 'actor']);

/**
 * The events of one change in one item: the first with those that followed it
 * in the same change — the acceptance and assignment of routing at
 * registration, or 受理 then 交办 — packed beside it, under the first's key
 * (their versions are taken by this change; no later one writes those keys).
 * A transaction bills every item at 2 units per KB or part: three small items
 * cost 6, this one 2.
 */
function eventsItem(first: CaseEvent, followedBy: readonly CaseEvent[]): Item {
  if (followedBy.length === 0) return eventItem(first);
  return pack({ ...eventItem(first), followedBy }, EVENT_PLAIN_ATTRIBUTES);
}

/** The events an event item holds: itself, and any that followed it in the same change (eventsItem). */
function eventsOf(item: Item): CaseEvent[] {
  const { followedBy, ...first } = stripKeys(unpack(item)) as CaseEvent & { followedBy?: CaseEvent[] };
  return [first, ...(followedBy ?? [])];
}

/** A message's text, addresses and headers are packed; what identifies it stays plain. */
const MESSAGE_PLAIN_ATTRIBUTES: ReadonlySet<string> = new Set([...KEY_ATTRIBUTES, 'caseNumber', 'id', 'at', 'direction', 'kind']);

/** A letter for post is indexed on its office's 待寄送 list (byUnit, a partition of its own) until marked posted; one to tell by phone on its 待电话告知 list. */
function messageItem(m: CaseMessage): Item {
  const toPost = m.postFrom ? { gsi2pk: (m.byPhone ? phonePartition : postPartition)(m.postFrom), gsi2sk: `${m.at}#${m.caseNumber}` } : {};
  return pack({ ...m, ...messageKey(m.caseNumber, m.at, m.id), entity: 'message', ...toPost }, MESSAGE_PLAIN_ATTRIBUTES);
}

/**
 * Where a change's thread keys are kept. An incoming email's idempotency record
 * (keyed `mail:<its Message-ID>`) is written in the same transaction and names the
 * same case, so it stands for that Message-ID's thread entry (marked `thread`):
 * one item fewer per email. Other keys get thread items.
 */
function threadEntries(idempotency: string | undefined, keys: readonly string[] | undefined): { byIdempotencyRecord: boolean; items: string[] } {
  const own = idempotency ? threadKeyOfIdempotencyKey(idempotency) : undefined;
  const unique = [...new Set(keys ?? [])];
  const byIdempotencyRecord = own !== undefined && unique.includes(own);
  return { byIdempotencyRecord, items: byIdempotencyRecord ? unique.filter((key) => key !== own) : unique };
}

/** Thread index entries; a key already pointing at this case is fine (redelivery), at another case is refused. */
function threadItems(tableName: string, caseNumber: string, keys: readonly string[]): TransactItem[] {
  return [...new Set(keys)].map((key) => ({
    Put: {
      TableName: tableName,
      Item: { ...threadIndexKey(key), entity: 'thread', caseNumber },
      ConditionExpression: 'attribute_not_exists(pk) OR caseNumber = :case',
      ExpressionAttributeValues: { ':case': caseNumber },
    },
  }));
}

/** An office's entry for a case below it that owes it its result, on its 交办督办件 list (byUnit index), by when it came to. */
export function supervisingItem(caseNumber: string, office: string, since: string): Item {
  return { ...supervisingKey(caseNumber, office), entity: 'supervising', caseNumber, office, gsi2pk: supervisingPartition(office), gsi2sk: `${since}#${caseNumber}` };
}

/**
 * 交办转送 entry: a case held by another jurisdiction than the office that received it, in the byUnit index under
 * that office by registration (as byJurisdictionStatus sorts), naming the holder — the office's statistics read
 * the case itself only when they do not read the holder's partitions anyway (DynamoLedgerStore.ledgerRows), and its
 * 台账 lists it as sent on (CaseStore.handedOnBy). `since`, when it went to the holder, is the sort key's last part
 * (`<registeredAt>#<caseNumber>#<since>`): the index projects no attribute for it, and its keys are always there. An
 * entry `npm run reindex` adds for a case moved before entries were kept does not know when.
 */
export function handedOnItem(c: Pick<Case, 'caseNumber' | 'registeredAt' | 'receivedAt'>, entry: { office: string; holder: string }, since?: string): Item {
  return {
    ...handedOnKey(c.caseNumber),
    entity: 'handedOn',
    // The case's receipt (set at registration, never changed), in the projected `ledger` as on the case item: the 台账
    // reads by key only the cases received in its period, where the sort key runs by registration a year past it.
    ledger: { receivedAt: c.receivedAt },
    caseNumber: c.caseNumber,
    receivingOffice: entry.office,
    jurisdiction: entry.holder,
    registeredAt: c.registeredAt,
    gsi2pk: handedOnPartition(entry.office),
    gsi2sk: `${c.registeredAt}#${c.caseNumber}${since ? `#${since}` : ''}`,
  };
}

/**
 * Where a case stands on the 新登记 list of the office that registered it (byUnit index), by when it was registered:
 * never moved nor removed while the case is kept. Carried by the registration's event item (written once, in the
 * registration's transaction, kept with the case): a transaction bills every item at least 2 units, so an item of its
 * own cost 2 more a registration. Cases registered before 7 December 2026 have a `REGISTERED` item instead
 * (registeredItem); the list reads either, by the case number both carry.
 */
export function registeredEntry(c: Pick<Case, 'caseNumber' | 'receivingOffice' | 'registeredAt'>): Item {
  return { gsi2pk: registeredPartition(c.receivingOffice), gsi2sk: `${c.registeredAt}#${c.caseNumber}` };
}

/** The registering office's entry for a case as an item of its own: written before 7 December 2026, and by `npm run reindex` for a case that has no entry. */
export function registeredItem(c: Pick<Case, 'caseNumber' | 'receivingOffice' | 'registeredAt'>): Item {
  return { ...registeredKey(c.caseNumber), entity: 'registered', caseNumber: c.caseNumber, office: c.receivingOffice, gsi2pk: registeredPartition(c.receivingOffice), gsi2sk: `${c.registeredAt}#${c.caseNumber}` };
}

/** A handling official's entry for a case, on their 我承办的 list (byUnit index), by the case's running deadline. */
export function handlerItem(caseNumber: string, entry: { staffId: string; dueAt: string }): Item {
  return { ...handlerKey(caseNumber), entity: 'handler', caseNumber, staffId: entry.staffId, gsi2pk: handlerPartition(entry.staffId), gsi2sk: `${entry.dueAt}#${caseNumber}` };
}

/** A cooperating unit's entry for a case, on its 协办事项 list (byUnit index), by when it was asked to cooperate. */
/** 待签发: the entry under the post the letter waits on, by when it started to wait (the list reads who wrote it from the case). */
export function signOffItem(caseNumber: string, waiting: SignOffWaiting): Item {
  return {
    ...signOffKey(caseNumber),
    entity: 'signOff',
    caseNumber,
    gsi2pk: signOffPartition(waiting.post ?? signOffPost(waiting)),
    gsi2sk: `${waiting.since}#${caseNumber}`,
    ...(waiting.approvers ? { approvers: [...waiting.approvers] } : {}),
  };
}

/** 待阅批: the case's entry on a leader's list, by when it was put before them. */
export function readingItem(caseNumber: string, leader: string, since: string): Item {
  return { ...readingKey(caseNumber, leader), entity: 'reading', caseNumber, leader, gsi2pk: readingPartition(leader), gsi2sk: `${since}#${caseNumber}` };
}

export function cooperatingItem(caseNumber: string, unit: string, since: string): Item {
  return { ...cooperatingKey(caseNumber, unit), entity: 'cooperating', caseNumber, unit, gsi2pk: cooperatingPartition(unit), gsi2sk: `${since}#${caseNumber}` };
}


function stripKeys(item: Item): Item {
  const copy = { ...item };
  for (const key of KEY_ATTRIBUTES) delete copy[key];
  return copy;
}

/**
 * 待寄送 / 待电话告知: each case's summary with the letters that wait on this
 * office's list (`waiting` says which), so the desk sees which letter and
 * since when without opening the case; reads the whole (packed) case item.
 */
function withWaitingLetters(office: string, waiting: (c: Pick<Case, 'postalLetters'>) => PostalLetter[]): (item: Item) => CaseSummary {
  return (item) => {
    const letters = waiting(unpack(item) as Pick<Case, 'postalLetters'>)
      .filter((letter) => letter.from === office)
      .map((letter) => ({ id: letter.id, name: postalLetterName(letter.kind), at: letter.at }));
    return letters.length ? { ...summaryOf(item), waitingLetters: letters } : summaryOf(item);
  };
}

/** Who the case names, as summariesOf's `people` answers them: no contact, nothing of an anonymous petitioner. */
function peopleOf(c: Case): NonNullable<CaseSummary['people']> {
  const hint = (p: Petitioner): PetitionerHint => ({
    ...(p.name ? { name: p.name } : {}),
    ...(p.address ? { address: p.address } : {}),
    ...(p.workUnit ? { workUnit: p.workUnit } : {}),
  });
  const representatives = (c.collective?.representatives ?? []).filter((r) => !r.anonymous).map(hint);
  const writer = c.petitioner.anonymous ? undefined : c.petitioner.writtenBy;
  return {
    ...(c.petitioner.anonymous ? {} : { petitioner: hint(c.petitioner) }),
    ...(representatives.length ? { representatives } : {}),
    ...(writer ? { writer: { relation: writer.relation, ...(writer.entrusted ? { entrusted: true as const } : {}), ...(writer.name ? { name: writer.name } : {}) } } : {}),
  };
}

function summaryOf(item: Item): CaseSummary {
  const c = stripKeys(item) as Case;
  const ledger = item.ledger as Partial<LedgerEntry> | undefined;
  const summary: CaseSummary = {
    caseNumber: c.caseNumber,
    jurisdiction: c.jurisdiction,
    status: c.status,
    channel: c.channel,
    urgent: c.urgent,
    registeredAt: c.registeredAt,
    // The case's own receivedAt is packed: the ledger (projected to the indexes) has it; an item without a ledger shows its registration.
    receivedAt: typeof ledger?.receivedAt === 'string' ? ledger.receivedAt : c.registeredAt,
  };
  if (ledger?.collective) summary.collective = typeof ledger.headCount === 'number' ? { headCount: ledger.headCount } : {};
  if (c.category) summary.category = c.category;
  if (c.subject) summary.subject = c.subject;
  if (c.handling) summary.lead = c.handling.lead;
  // A listing item holds the ledger, not the suspensions (packed): the ledger says the clock stands still.
  const suspended = ledger?.suspended === true || isSuspended(c);
  // 落实情况 owed after the answer: its day is the clock the reviewing office's 交办督办件 list shows.
  const due = suspended ? undefined : (nextDueAt(c) ?? ledger?.implementationDue);
  if (due) summary.nextDueAt = due;
  else if (suspended) summary.suspended = true;
  if (c.accusedUnits?.length) summary.accusedUnits = c.accusedUnits;
  if (c.triage) summary.triage = true;
  if (c.triage?.returnedBy) summary.returnedBy = c.triage.returnedBy;
  if (c.triage?.suggestion) summary.suggestion = c.triage.suggestion;
  const provisional = (c.deadlines?.provisional ?? []).flatMap((clock) => {
    const deadline = c.deadlines[clock as 'acceptance' | 'handling' | 'reply' | 'reviewDecision' | 'reReviewDecision'];
    return deadline ? [[clock, deadline] as const] : [];
  });
  if (provisional.length) summary.provisionalClocks = Object.fromEntries(provisional);
  if (ledger?.escalation) summary.escalation = ledger.escalation;
  if (ledger?.review) summary.review = ledger.review;
  if (ledger?.superiors?.length) summary.superiors = ledger.superiors;
  // What the listing needs to apply the read rules; the use case removes it before answering.
  summary.access = {
    receivingOffice: c.receivingOffice ?? ledger?.receivingOffice ?? c.jurisdiction,
    units: [...new Set([...(c.handling ? [c.handling.lead, ...c.handling.cooperating] : []), ...(ledger?.unit ? [ledger.unit] : [])])],
    recused: (c.recused ?? []).map((r) => r.staffId),
    ...(ledger?.review ? { reviews: [ledger.review.jurisdiction] } : {}),
    ...(ledger?.accusedPlaces?.length ? { accusedPlaces: ledger.accusedPlaces } : {}),
  };
  return summary;
}


/** True when the transaction was cancelled because the condition on item `index` failed. */
function failedCondition(error: unknown, index: number): boolean {
  return (
    error instanceof TransactionCanceledException &&
    error.CancellationReasons?.[index]?.Code === 'ConditionalCheckFailed'
  );
}

/**
 * A collective petition's entry under one of its representatives' contacts (byContact): found by the desk's look-up,
 * skipped by the repeat check (representativeContactsOf says why), removed with the case's collection.
 */
export function writerContactItem(c: Pick<Case, 'caseNumber' | 'registeredAt'>, contact: string): Item {
  const hash = hashContact(contact);
  return { ...writerContactKey(c.caseNumber, hash), entity: 'writerContact', gsi4pk: contactPartition(hash), gsi4sk: `${c.registeredAt}#${c.caseNumber}`, caseNumber: c.caseNumber };
}

export function representativeContactItem(c: Pick<Case, 'caseNumber' | 'registeredAt'>, contact: string): Item {
  const hash = hashContact(contact);
  return { ...representativeContactKey(c.caseNumber, hash), entity: 'representativeContact', gsi4pk: contactPartition(hash), gsi4sk: `${c.registeredAt}#${c.caseNumber}`, caseNumber: c.caseNumber };
}

/** A case's entry under a name (nameEntriesOf): the petitioner's beside a case item that carries a contact, or a representative's. */
export function nameEntryItem(c: Pick<Case, 'caseNumber' | 'registeredAt'>, entry: { sk: string; nameHash: string }): Item {
  return { ...nameEntryKey(c.caseNumber, entry.sk), entity: 'nameEntry', gsi4pk: namePartition(entry.nameHash), gsi4sk: `${c.registeredAt}#${c.caseNumber}`, caseNumber: c.caseNumber };
}

/** A case's entries under the petitioner's contacts (the byContact index), but the one the case item itself is indexed by (caseIndexAttributes). */
function contactItems(c: Case, contacts: readonly string[]): Item[] {
  const indexedByCase = primaryContact(c);
  return [...new Set(contacts)]
    .filter((contact) => contact !== indexedByCase)
    .map((contact) => {
      const hash = hashContact(contact);
      return { ...contactKey(c.caseNumber, hash), entity: 'contact', gsi4pk: contactPartition(hash), gsi4sk: `${c.registeredAt}#${c.caseNumber}`, caseNumber: c.caseNumber };
    });
}
