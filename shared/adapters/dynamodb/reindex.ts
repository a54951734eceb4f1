import { TransactionCanceledException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, ScanCommand, TransactWriteCommand, UpdateCommand, type TransactWriteCommandInput, type NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { queryAll } from './query-all.js';
import { isDeepStrictEqual } from 'node:util';
import { VersionConflict } from '../../domain/errors.js';
import { cooperatingUnits, supervisingOffices } from '../../domain/work-lists.js';
import { caseItem, caseOf, cooperatingItem, DynamoCaseStore, handedOnItem, handlerItem, nameEntryItem, registeredItem, representativeContactItem, readingItem, signOffItem, supervisingItem, writerContactItem } from './case-store.js';
import { leadersReading, type ReadingRoster } from '../../domain/leader-reading.js';
import type { Case, CaseResult } from '../../domain/case.js';
import type { OutboxMessage } from '../../app/outbox.js';
import { outboxItems } from './outbox-items.js';
import { awaitingSignOff, signOffEntryPost, signOffPost, signOffWaitingOf, waitingApprovers, type SignOffRoster, type SignOffWaiting } from '../../domain/reply-signoff.js';
import { handedOnFrom } from '../../domain/ledger.js';
import { handlingOfficialEntry } from '../../domain/handling-official.js';
import { representativeContactsOf } from '../../domain/representatives.js';
import { writerContactsOf } from '../../domain/writer-contacts.js';
import { auditPartition, caseKey, eventKey, heldWaitingPartition, nameEntriesOf, readingKey, signOffKey } from './keys.js';
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
  /**
   * Cases changed between the read and an entry's write (the case's version moved): that entry was not added, moved or
   * removed — and a 待签发 letter's new approvers not told — unless the change did it. Run again for them.
   */
  entriesChangedMeanwhile: number;
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
  /** 待签发 entries moved to whom the roster names now (a head or leader left, arrived, or was moved): those added are told. */
  signOffMoved: number;
  /** 待阅批 entries taken off the list of a leader who may no longer read the case (left, moved, no longer a leader there). */
  readingRemoved: number;
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
  /** Whether an entry write of the case being read was refused by its version check (entriesChangedMeanwhile). */
  private changedSinceRead = false;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
    /** The staff and the tree: the 待阅批 and 待签发 entries follow who may read the case, as changes keep them. */
    private readonly roster?: ReadingRoster & SignOffRoster,
    /** The letter to approvers a roster change adds to a waiting decision letter (the 待签发 notice), written with the move. */
    private readonly signOffTold?: (c: Case, added: readonly string[]) => OutboxMessage[],
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
      entriesChangedMeanwhile: 0,
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
      signOffMoved: 0,
      readingRemoved: 0,
      expiryCleared: 0,
    };
    for (const item of page.Items ?? []) {
      result.cases += 1;
      this.changedSinceRead = false;
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
      // Registered before the 新登记 entries existed: on the registering office's list like the cases since. A case
      // registered since 7 December 2026 has its entry on its registration event (registeredEntry): none added.
      if (!(await this.registrationEventListed(c.caseNumber)) && (await this.addEntry(c.caseNumber, c.version, registeredItem(c)))) result.registeredAdded += 1;
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
      if (waiting) {
        const entry = this.signOffEntry(c.caseNumber, waiting);
        if (await this.addEntry(c.caseNumber, c.version, entry)) result.signOffAdded += 1;
        else if (await this.moveSignOffEntry(c, entry)) result.signOffMoved += 1;
      }
      // Waiting for a leader's 阅批: on their 待阅批 list while they may still read the open case, as changes keep it.
      const readers = leadersReading(c, this.roster);
      for (const reading of (c.leaderReadings ?? []).filter((r) => r.status === 'waiting')) {
        if (readers.includes(reading.leader)) {
          if (await this.addEntry(c.caseNumber, c.version, readingItem(c.caseNumber, reading.leader, reading.submittedAt))) result.readingAdded += 1;
        } else if (this.roster && (await this.removeEntry(c.caseNumber, c.version, readingKey(c.caseNumber, reading.leader)))) {
          // The roster changed under it (the leader left, moved, or is no leader there now): the case page says 已失效.
          result.readingRemoved += 1;
        }
      }
      // Archived before the retention function: TTL would remove its items one by one, with no line in the destruction
      // register and its material left behind. Taken off; the rewrite above indexed the case by its retainUntil instead.
      if (c.status === 'archived') result.expiryCleared += await this.clearLegacyExpiry(c.caseNumber);
      if (this.changedSinceRead) result.entriesChangedMeanwhile += 1;
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

  /** The 待签发 entry as the roster places it now: where it waits and whom it names. */
  private signOffEntry(caseNumber: string, waiting: SignOffWaiting): Item {
    if (!this.roster) return signOffItem(caseNumber, waiting);
    const post = signOffEntryPost(waiting, this.roster, this.roster.tree);
    const approvers = [...(waitingApprovers(waiting, this.roster, this.roster.tree)?.ids ?? [])].sort();
    return signOffItem(caseNumber, { ...waiting, ...(isDeepStrictEqual(post, signOffPost(waiting)) ? {} : { post }), approvers });
  }

  /**
   * A roster change (config/province.yaml deployed) that moved a waiting letter's approvers: its entry goes where they
   * read it, and those now named who were not are emailed as when the letter started to wait — in one transaction, on
   * condition of the case's version and the entry read. An entry written before it kept its approvers is only
   * brought up to date: who was told then is not known. True when moved.
   */
  private async moveSignOffEntry(c: Case, entry: Item): Promise<boolean> {
    if (!this.roster) return false;
    const stored = (await this.doc.send(new GetCommand({ TableName: this.tableName, Key: signOffKey(c.caseNumber), ConsistentRead: true }))).Item;
    if (!stored) return false;
    const before = stored.approvers as string[] | undefined;
    const now = entry.approvers as string[];
    if (stored.gsi2pk === entry.gsi2pk && isDeepStrictEqual(before, now)) return false;
    const added = before ? now.filter((id) => !before.includes(id)) : [];
    const outbox = added.length && this.signOffTold ? this.signOffTold(c, added) : [];
    // The list's order stays when it started to wait, as the entry has it.
    const moved = { ...entry, gsi2sk: stored.gsi2sk };
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { ConditionCheck: { TableName: this.tableName, Key: caseKey(c.caseNumber), ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': c.version } } },
            {
              Put: {
                TableName: this.tableName,
                Item: moved,
                ConditionExpression: 'gsi2pk = :pk' + (before ? ' AND approvers = :approvers' : ' AND attribute_not_exists(approvers)'),
                ExpressionAttributeValues: { ':pk': stored.gsi2pk, ...(before ? { ':approvers': before } : {}) },
              },
            },
            ...outboxItems(this.tableName, caseKey(c.caseNumber).pk, outbox, new Date().toISOString()),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      this.noteRefusal(error);
      return false;
    }
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

  /** Each entry write checks the case's version first: refused there, the case changed since it was read. */
  private noteRefusal(error: TransactionCanceledException): void {
    if (error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') this.changedSinceRead = true;
  }

  /** An entry item beside the case, removed only if there and only while the case is still as read; true when removed. */
  private removeEntry(caseNumber: string, version: number, key: Item): Promise<boolean> {
    return this.whileAsRead(caseNumber, version, { Delete: { TableName: this.tableName, Key: key, ConditionExpression: 'attribute_exists(pk)' } });
  }

  /** An entry item beside the case, added only if missing and only while the case is still as read; true when added. */
  /** Whether the case's registration event carries its 新登记 entry (registeredEntry). */
  private async registrationEventListed(caseNumber: string): Promise<boolean> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: eventKey(caseNumber, 1), ProjectionExpression: 'gsi2pk', ConsistentRead: true }));
    return typeof Item?.gsi2pk === 'string';
  }

  private addEntry(caseNumber: string, version: number, entry: Item): Promise<boolean> {
    return this.whileAsRead(caseNumber, version, { Put: { TableName: this.tableName, Item: entry, ConditionExpression: 'attribute_not_exists(pk)' } });
  }

  /** One entry write, conditioned on the case still being the version read; false when either condition refused it. */
  private async whileAsRead(caseNumber: string, version: number, write: NonNullable<TransactWriteCommandInput['TransactItems']>[number]): Promise<boolean> {
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [{ ConditionCheck: { TableName: this.tableName, Key: caseKey(caseNumber), ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': version } } }, write],
        }),
      );
      return true;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      this.noteRefusal(error);
      return false;
    }
  }
}

/** What a reindex compares: every attribute but the packed rest (keys, indexes and the ledger row are all plain). */
function plainPart(item: Item): Item {
  const { [PACKED_ATTRIBUTE]: _packed, ...plain } = item;
  return plain;
}
