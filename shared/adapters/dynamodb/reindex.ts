import { TransactionCanceledException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand, TransactWriteCommand, UpdateCommand, type NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { queryAll } from './query-all.js';
import { isDeepStrictEqual } from 'node:util';
import { VersionConflict } from '../../domain/errors.js';
import { cooperatingUnits, supervisingOffices } from '../../domain/work-lists.js';
import { caseItem, caseOf, cooperatingItem, DynamoCaseStore, handedOnItem, handlerItem, nameEntryItem, registeredItem, representativeContactItem, readingItem, signOffItem, supervisingItem, writerContactItem } from './case-store.js';
import { leadersReading, type ReadingRoster } from '../../domain/leader-reading.js';
import type { CaseResult } from '../../domain/case.js';
import { awaitingSignOff, signOffEntryPost, signOffWaitingOf, type SignOffRoster } from '../../domain/reply-signoff.js';
import { handedOnFrom } from '../../domain/ledger.js';
import { handlingOfficialEntry } from '../../domain/handling-official.js';
import { representativeContactsOf } from '../../domain/representatives.js';
import { writerContactsOf } from '../../domain/writer-contacts.js';
import { auditPartition, caseKey, heldWaitingPartition, nameEntriesOf } from './keys.js';
import { PACKED_ATTRIBUTE } from './packed.js';

type Item = Record<string, NativeAttributeValue>;

/** What one page of a reindex pass did. */
export interface ReindexPage {
  /** Case items read on this page. */
  cases: number;
  /** The cases whose derived attributes were out of date and are now rewritten. */
  rewritten: string[];
  /** Cases changed between the read and the rewrite: that change wrote them anew. */
  changedMeanwhile: number;
  /** 协办 entries that were missing and are now added. */
  cooperatingAdded: number;
  /** 交办督办件 entries that were missing and are now added. */
  supervisingAdded: number;
  registeredAdded: number;
  /** Representatives' contact entries (byContact) of collective petitions registered before they were indexed, now added. */
  representativeContactsAdded: number;
  /** 代为反映人's own contacts, where they are not the case's (writerContactsOf). */
  writerContactsAdded: number;
  /** Entries under names (the desk's look-up by name) of cases registered before names were indexed, now added. */
  nameEntriesAdded: number;
  /** 交办转送 entries (a case held away from the office that received it, under that office) of cases handed on before they were kept, now added. */
  handedOnAdded: number;
  /** 我承办的 entries of cases claimed (认领) before the entries were kept, now added. */
  handlerAdded: number;
  /** 待签发 entries of cases whose decision letter waited for its sign-off before the entries were kept. */
  signOffAdded: number;
  /** 待阅批 entries of cases put before a leader before the entries were kept. */
  readingAdded: number;
  /** Items of archived cases whose DynamoDB TTL (`expiresAt`, set at archiving before the retention function) is now taken off. */
  expiryCleared: number;
  cursor?: string;
}

/**
 * An operator's one-off (`npm run reindex`), kept apart from the store the
 * functions use: it reads the whole table (a scan), which no function does.
 * One page of a pass over every case item that brings what is derived from
 * the case — its index keys, its ledger row, its 协办 entries, its
 * representatives' contact entries, its entries under names, its 交办转送, 我承办的, 待签发 and 待阅批 entries — up to the code
 * now running. A release that changes a derivation leaves older items as they
 * were until their next change. Each rewrite is conditioned on the version
 * read, so a change made meanwhile wins (it wrote the new derivation itself);
 * a second pass finds nothing to do.
 */
export class CaseReindexer {
  private readonly doc: DynamoDBDocumentClient;
  private readonly store: DynamoCaseStore;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
    /** The staff and the tree: the 待阅批 and 待签发 entries follow who may read the case, as changes keep them. */
    private readonly roster?: ReadingRoster & SignOffRoster,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    this.store = new DynamoCaseStore(client, tableName);
  }

  async page(cursor?: string, limit = 200): Promise<ReindexPage> {
    const page = await this.doc.send(
      new ScanCommand({
        TableName: this.tableName,
        FilterExpression: 'entity = :case',
        ExpressionAttributeValues: { ':case': 'case' },
        Limit: limit,
        ...(cursor ? { ExclusiveStartKey: JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Item } : {}),
      }),
    );
    const result: ReindexPage = {
      cases: 0,
      rewritten: [],
      changedMeanwhile: 0,
      cooperatingAdded: 0,
      supervisingAdded: 0,
      registeredAdded: 0,
      representativeContactsAdded: 0,
      writerContactsAdded: 0,
      nameEntriesAdded: 0,
      handedOnAdded: 0,
      handlerAdded: 0,
      signOffAdded: 0,
      readingAdded: 0,
      expiryCleared: 0,
    };
    for (const item of page.Items ?? []) {
      result.cases += 1;
      const c = caseOf(item);
      if (!isDeepStrictEqual(plainPart(item), plainPart(caseItem(c)))) {
        try {
          await this.store.saveChase(c);
          result.rewritten.push(c.caseNumber);
        } catch (error) {
          if (!(error instanceof VersionConflict)) throw error;
          result.changedMeanwhile += 1;
        }
      }
      // Cases a unit was asked to cooperate on before 协办 entries existed; an entry already there is kept as it is.
      // Only while the case is still as read (the scan may be stale, or a change may have dropped the unit since).
      for (const unit of cooperatingUnits(c)) {
        if (await this.addEntry(c.caseNumber, c.version, cooperatingItem(c.caseNumber, unit, c.updatedAt))) result.cooperatingAdded += 1;
      }
      // Likewise the 交办督办件 entries of cases that owed an office above their result before those lists existed.
      for (const office of supervisingOffices(c)) {
        if (await this.addEntry(c.caseNumber, c.version, supervisingItem(c.caseNumber, office, c.updatedAt))) result.supervisingAdded += 1;
      }
      // Registered before the 新登记 entries existed: on the registering office's list like the cases since.
      if (await this.addEntry(c.caseNumber, c.version, registeredItem(c))) result.registeredAdded += 1;
      // A collective petition's representatives recorded before their contacts were indexed: a representative's number
      // finds the case at the desk, as it does for cases since.
      for (const contact of representativeContactsOf(c)) {
        if (await this.addEntry(c.caseNumber, c.version, representativeContactItem(c, contact))) result.representativeContactsAdded += 1;
      }
      // Written for someone before the writer's own contacts were indexed: the writer's number finds the case, as since.
      for (const contact of writerContactsOf(c)) {
        if (await this.addEntry(c.caseNumber, c.version, writerContactItem(c, contact))) result.writerContactsAdded += 1;
      }
      // Registered before names were indexed: the petitioner's name (where the case item carries a contact; the rewrite
      // above gave a case item with none its name) and its representatives' find the case at the desk, as for cases since.
      for (const entry of nameEntriesOf(c)) {
        if (await this.addEntry(c.caseNumber, c.version, nameEntryItem(c, entry))) result.nameEntriesAdded += 1;
      }
      // Handed on (交办, 转送 sideways, up the tree) before the entries were kept: the receiving office's statistics
      // find it under that office, as they do cases handed on since.
      const handedOn = handedOnFrom(c);
      if (handedOn && (await this.addEntry(c.caseNumber, c.version, handedOnItem(c, handedOn)))) result.handedOnAdded += 1;
      // Claimed (认领) before the 我承办的 entries were kept: on its handling official's list, as cases claimed since.
      const handler = handlingOfficialEntry(c);
      if (handler && (await this.addEntry(c.caseNumber, c.version, handlerItem(c.caseNumber, handler)))) result.handlerAdded += 1;
      // A letter waiting for its sign-off before the 待签发 entries were kept: on its approvers' lists, as letters since.
      const waiting = awaitingSignOff(c) && c.result ? signOffWaitingOf(c, await this.signOffSince(c.caseNumber, c.result)) : undefined;
      const post = waiting && this.roster ? signOffEntryPost(waiting, this.roster, this.roster.tree) : undefined;
      if (waiting && (await this.addEntry(c.caseNumber, c.version, signOffItem(c.caseNumber, { ...waiting, ...(post ? { post } : {}) })))) result.signOffAdded += 1;
      // Waiting for a leader's 阅批: on their 待阅批 list while they may still read the open case, as changes keep it.
      const readers = leadersReading(c, this.roster);
      for (const reading of (c.leaderReadings ?? []).filter((r) => r.status === 'waiting' && readers.includes(r.leader))) {
        if (await this.addEntry(c.caseNumber, c.version, readingItem(c.caseNumber, reading.leader, reading.submittedAt))) result.readingAdded += 1;
      }
      // Archived before the retention function: TTL would remove its items one by one, with no line in the destruction
      // register and its material left behind. Taken off; the rewrite above indexed the case by its retainUntil instead.
      if (c.status === 'archived') result.expiryCleared += await this.clearLegacyExpiry(c.caseNumber);
    }
    if (page.LastEvaluatedKey) result.cursor = Buffer.from(JSON.stringify(page.LastEvaluatedKey), 'utf8').toString('base64url');
    return result;
  }

  /**
   * One page of a pass over the held emails (疑似广告): one still waiting that was held before the waiting
   * list's index entry was kept (`HELDWAIT#<office>`) gets it, only while it still waits — a decision made
   * meanwhile wins. Answers how many were added and where the next page starts.
   */
  async heldPage(cursor?: string, limit = 200): Promise<{ added: number; cursor?: string }> {
    const page = await this.doc.send(
      new ScanCommand({
        TableName: this.tableName,
        FilterExpression: 'entity = :held AND attribute_not_exists(gsi2pk) AND #status IN (:waiting, :requested)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':held': 'heldEmail', ':waiting': 'held', ':requested': 'registerRequested' },
        Limit: limit,
        ...(cursor ? { ExclusiveStartKey: JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Item } : {}),
      }),
    );
    let added = 0;
    for (const item of page.Items ?? []) {
      try {
        await this.doc.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { pk: item.pk, sk: item.sk },
            UpdateExpression: 'SET gsi2pk = :gsi2pk, gsi2sk = :gsi2sk',
            ConditionExpression: 'attribute_not_exists(gsi2pk) AND #status IN (:waiting, :requested)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':gsi2pk': heldWaitingPartition(String(item.office)), ':gsi2sk': String(item.id), ':waiting': 'held', ':requested': 'registerRequested' },
          }),
        );
        added += 1;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    const next = page.LastEvaluatedKey ? Buffer.from(JSON.stringify(page.LastEvaluatedKey), 'utf8').toString('base64url') : undefined;
    return { added, ...(next ? { cursor: next } : {}) };
  }

  /** When a letter started to wait as it reads now (the list's order): its last correction, else its 办结 — not the case's last change. */
  private async signOffSince(caseNumber: string, result: CaseResult): Promise<string> {
    if (!result.correctedBy) return result.concludedAt;
    const events = (await this.store.get(caseNumber))?.events ?? [];
    return events.filter((e) => e.type === 'conclusionCorrected').at(-1)?.at ?? result.concludedAt;
  }

  /** Takes `expiresAt` off every item of an archived case and its audit trail (outbox items keep theirs); answers how many. */
  private async clearLegacyExpiry(caseNumber: string): Promise<number> {
    let cleared = 0;
    for (const pk of [caseKey(caseNumber).pk, auditPartition(caseNumber)]) {
      const expiring = await queryAll(this.doc, {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        FilterExpression: 'attribute_exists(expiresAt)',
        ExpressionAttributeValues: { ':pk': pk },
        ProjectionExpression: 'pk, sk',
      });
      for (const key of expiring) {
        if (String(key.sk).startsWith('OUTBOX#')) continue;
        try {
          await this.doc.send(new UpdateCommand({ TableName: this.tableName, Key: { pk: key.pk, sk: key.sk }, UpdateExpression: 'REMOVE expiresAt', ConditionExpression: 'attribute_exists(pk)' }));
          cleared += 1;
        } catch (error) {
          // Removed meanwhile: nothing to take off.
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }
      }
    }
    return cleared;
  }

  /** An entry item beside the case, added only if missing and only while the case is still as read; true when added. */
  private async addEntry(caseNumber: string, version: number, entry: Item): Promise<boolean> {
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { ConditionCheck: { TableName: this.tableName, Key: caseKey(caseNumber), ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': version } } },
            { Put: { TableName: this.tableName, Item: entry, ConditionExpression: 'attribute_not_exists(pk)' } },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      return false;
    }
  }
}

/** What a reindex compares: every attribute but the packed rest (keys, indexes and the ledger row are all plain). */
function plainPart(item: Item): Item {
  const { [PACKED_ATTRIBUTE]: _packed, ...plain } = item;
  return plain;
}
