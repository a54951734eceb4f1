import type { Case, CaseEvent, CaseMessage, CaseStatus } from '../domain/case.js';
import type { OutboxMessage } from './outbox.js';
import type { StoredQueryCode } from './query-code.js';
import type { DestructionRecord } from '../domain/retention.js';

export interface CaseWithEvents {
  case: Case;
  events: CaseEvent[];
  messages: CaseMessage[];
}

export type { EarlierCase } from '../domain/mail/repeat.js';
import type { EarlierCase } from '../domain/mail/repeat.js';
import type { LedgerEntry } from '../domain/ledger.js';
import type { RoutingSuggestion } from '../domain/routing-model.js';
import type { SignOffWaiting } from '../domain/reply-signoff.js';

/** What an idempotency key already led to. */
export interface IdempotencyRecord {
  caseNumber?: string;
  /** e.g. `registered`, `threaded`, `ignored:autoReply`. */
  outcome: string;
  /** The fingerprint of the request that used the key (see requestFingerprint), when one was kept. */
  fingerprint?: string;
  /** What the first answer showed once and nothing else keeps, sealed under the caller's own secret (see sealCode). */
  sealed?: string;
}

/** What a listing shows of each case: enough for a work list, without the matter's full text. */
export interface CaseSummary {
  caseNumber: string;
  jurisdiction: string;
  status: CaseStatus;
  channel: Case['channel'];
  category?: Case['category'];
  subject?: string;
  urgent: boolean;
  registeredAt: string;
  /**
   * When the letter, visit, call or email was received: the statutory clocks run from it, and a letter
   * registered the day after it came differs from `registeredAt`. From the ledger the listing indexes carry;
   * `registeredAt` for an item stored without one.
   */
  receivedAt: string;
  /** A collective petition (集体访, 第二十条), with its head count where the stored ledger has it (rows before it was kept: after `npm run reindex`). */
  collective?: { headCount?: number };
  lead?: string;
  /** The deadline of the running clock; absent while it stands still (`suspended`). */
  nextDueAt?: string;
  /** The clock stands still (中止): not overdue, not due soon. */
  suspended?: true;
  /** Units a report accuses: the listing hides the case from their staff. */
  accusedUnits?: string[];
  triage?: boolean;
  /** In the triage list: the office below that objected to the hand-down and sent it back (条例 第二十三条). */
  returnedBy?: string;
  /** In the triage list, the office's learned routing model's suggestion (分办建议) with its words. */
  suggestion?: RoutingSuggestion;
  /** Clocks counted without their year's holiday calendar (weekends and statutory holidays only), each with its deadline: recounted once the year is added. */
  provisionalClocks?: Record<string, string>;
  /** 督办 of the running clock: see LedgerEntry.escalation. */
  escalation?: LedgerEntry['escalation'];
  /** The review (复查, level 1) or re-review (复核, level 2) waiting for its decision, and the level that decides it. */
  review?: { level: 1 | 2; jurisdiction: string; requestedAt: string };
  /** The offices above owed its result: handed down by them (交办) or supervised by them (督办); see LedgerEntry.superiors. */
  superiors?: LedgerEntry['superiors'];
  /** On 待签发: the decision letter's wait for its sign-off (who wrote it, the rule, since when). */
  signOff?: SignOffWaiting;
  /** On 待寄送 / 待电话告知: the letters waiting there for this office (not posted, not yet told), oldest first. */
  waitingLetters?: { id: string; name: string; at: string }[];
  /**
   * Only when asked (the look-up by name, summariesOf's `people`): who the case names, as recorded, for staff to tell
   * two petitioners of one name apart — the petitioner's and each representative's name, address and work unit; never
   * a contact.
   */
  people?: { petitioner?: PetitionerHint; representatives?: PetitionerHint[]; writer?: WriterHint };
  /** For the read rules only (never answered): who works or answered the case, who is recused, which levels review it. */
  access?: { receivingOffice: string; units: string[]; recused: string[]; reviews?: string[]; accusedPlaces?: string[] };
}

/** A person as a case records them, enough to tell namesakes apart (住址, 工作单位), and no contact. */
export interface PetitionerHint {
  name?: string;
  address?: string;
  workUnit?: string;
}

/** 代为反映人 as a name look-up shows them: what the petitioner is to them, and their name; never a contact. */
export interface WriterHint {
  relation: string;
  entrusted?: true;
  name?: string;
}

/** Whose contact (or name) found a case: its petitioner's, one of its representatives' (集体访, 第二十条), or its writer's name (代为反映人). */
export type ContactRole = 'petitioner' | 'representative' | 'writer';

/** A case found under a contact, and as whose contact (one or both). */
export interface ContactMatch {
  caseNumber: string;
  matchedAs: ContactRole[];
}

export interface CasePage<T extends CaseSummary = CaseSummary> {
  items: T[];
  /** Opaque cursor for the next page; absent on the last page. */
  cursor?: string;
}

export interface NewCaseRecord {
  /** The case as stored: after `followedBy`'s steps when there are any. */
  case: Case;
  /** The registration's event. */
  event: CaseEvent;
  /** Steps taken in the registering change after `event` (the router's decision, taken at registration), in order: versions counting up to the case's. */
  followedBy?: readonly CaseEvent[];
  /** Normalised contacts (see contactsOf) to index for repeats and threads. */
  contacts: string[];
  /** A key the caller guarantees is the same for the same petition (API Idempotency-Key, Message-ID). */
  idempotencyKey?: string;
  /** The request's fingerprint, kept with the idempotency key: a repeat with another body is refused. */
  idempotencyFingerprint?: string;
  /** Kept with the idempotency key for a repeat of the request to open (IdempotencyRecord.sealed). */
  idempotencySealed?: string;
  /** What arrived with the petition (the email itself), kept on the case. */
  messages?: CaseMessage[];
  /** Thread keys (see threadKey) under which replies find this case. */
  threadKeys?: string[];
  /** What registering the case causes (routing, the acknowledgement, an urgent alert), in the same transaction. */
  outbox?: readonly OutboxMessage[];
  /** The hash of the query code (查询码) given to a web petitioner: kept beside the case, never on it, so no case answer carries it. */
  queryCode?: StoredQueryCode;
  /**
   * An email registration's sender item (SenderIntakes), written in the same transaction on condition that
   * the intake's claim still stands: the case becomes the sender's latest, before its `recent` ones.
   */
  sender?: { address: string; claim: string; recent: readonly SenderCase[] };
  /**
   * An anonymous web petition's resend key (the browser's id hashed, the
   * office, the words, the China day): written with the case on condition
   * that no case holds it yet, so the same petition posted from a fresh form
   * in the same browser — even at the same instant — registers once; the
   * one that loses finds the winner's case (CreateResult `resent`). It
   * lapses at `expiresAt` (epoch seconds).
   */
  resendKey?: { key: string; expiresAt: number };
}

/** A case registered from a sender's email, as the sender item keeps it. */
export interface SenderCase {
  caseNumber: string;
  registeredAt: string;
}

/** What the sender item holds: the newest registrations from one From address, and an intake's claim to register the next. */
export interface SenderIntakeState {
  /** The newest case registered from this address: what a claim is conditioned on. */
  latest?: string;
  /** Cases registered from this address, newest first (at most SENDER_RECENT_CASES, within the resend window). */
  recent: SenderCase[];
  /** An intake deciding to register from this address: its random token and when it claimed. */
  claim?: { by: string; at: string };
}

/**
 * Same-sender email intake, serialised (docs/storage.md "sender item"): the emails of one From address are
 * decided one at a time, each seeing the cases the others registered, whatever the byContact index shows yet.
 */
export interface SenderIntakes {
  /** The sender item, read consistently. */
  senderIntake(address: string): Promise<SenderIntakeState>;
  /**
   * Claims the right to register the sender's next case, on condition that the item still holds `seen.latest`
   * and no other claim younger than `staleBefore`. False when another intake registered or claimed meanwhile.
   */
  claimSenderIntake(address: string, claim: { by: string; at: string }, seen: SenderIntakeState, staleBefore: string): Promise<boolean>;
  /** Gives a claim back (its registration failed before it committed), leaving the item as read; nothing if the claim is no longer this one. */
  releaseSenderIntake(address: string, claim: string, seen: SenderIntakeState): Promise<void>;
}

/** Not created: the idempotency key's case, or (`resent`) the case holding the record's resend key. */
export type CreateResult = { created: true; caseNumber: string } | { created: false; caseNumber: string; resent?: true };

/**
 * One change of a case, stored as ONE conditional transaction: the case's
 * next state (on condition that the stored version is `case.version - 1`),
 * its event, the idempotency record, a message kept on the case, and the
 * outbox items the change causes (letters, routing, handoffs).
 */
export interface CaseCommit {
  case: Case;
  /** The change's last event: its seq is the new version. */
  event: CaseEvent;
  /**
   * Steps taken in the same change before `event`, in order (受理 before the
   * 交办 it carries): each its own event, versions counting up to the last.
   */
  precededBy?: readonly CaseEvent[];
  /** A message kept on the case in the same transaction (the petitioner's email, a decision letter). */
  message?: CaseMessage;
  /**
   * Letters that leave the office's 待寄送 / 待电话告知 list in the same
   * transaction: marked posted (寄出) or told by phone, or void (作废) because
   * their decision was withdrawn before they were sent.
   */
  unlisted?: ReadonlyArray<{ id: string; at: string }>;
  /**
   * Notifications (by id) whose decision was withdrawn: marked void in the
   * same transaction, so a mailer still holding one — in its queue, or
   * redriven from the dead-letter queue days later — finds it void and does
   * not send it. One already sent stays sent.
   */
  voidNotifications?: readonly string[];
  /** A new query code's hash (查询码), replacing the one stored beside the case, if any. */
  queryCode?: StoredQueryCode;
  /**
   * The petitioner's contacts (normalised, see contactsOf) once corrected:
   * those to index for repeats and the desk's look-up, and those no longer
   * theirs, taken off — a number misheard or given up may be someone else's,
   * whose petitions must not be linked to this case.
   */
  contacts?: { put: readonly string[]; remove: readonly string[] };
  /**
   * A collective petition's representatives' contacts (representativeContactsOf)
   * once the representatives changed (商定代表): those to index beside the
   * petitioner's, and those of people no longer representatives, taken off
   * (commitCaseChange derives it from the case before and after the change).
   */
  representativeContacts?: { put: readonly string[]; remove: readonly string[] };
  /** 代为反映人's own contacts (writerContactsOf) indexed and taken off as a change moves them (a correction that makes the writer's the case's). */
  writerContacts?: { put: readonly string[]; remove: readonly string[] };
  /**
   * The petitioner and the representatives before the change, when either
   * changed (a name corrected, a contact given or removed, 商定代表): the
   * store moves the case's entries under names from what they were to what
   * they are (commitCaseChange derives it from the case before the change).
   */
  namesBefore?: Pick<Case, 'petitioner' | 'collective'>;
  /**
   * 领导包案: the owning leader, indexed on their 包案 list (replacing the
   * case's earlier entry), or the entry removed once no leader owns the case
   * (commitCaseChange derives it from the case before and after the change).
   */
  owner?: { leader: string; since: string } | 'remove';
  /**
   * 申请退回: the case's entry on the approving office's 待批退回 list, put
   * while the request waits and removed once it is answered (commitCaseChange
   * derives it from the case before and after the change).
   */
  returnRequestEntry?: { office: string; since: string } | 'remove';
  /**
   * 待签发: the case's entry on the 待签发 lists while its decision letter
   * waits for its sign-off (reply-signoff.ts signOffPost), put again when who
   * wrote it changes (a correction), removed once signed off, replied or
   * reopened (commitCaseChange derives it from the case before and after).
   */
  signOffEntry?: SignOffWaiting | 'remove';
  /** 呈领导阅批: the case's entries on the 待阅批 lists of the leaders it waits on (commitCaseChange derives them). */
  readingEntries?: { put: readonly string[]; remove: readonly string[]; since: string };
  /**
   * 协办: the case's entries on its cooperating units' 协办事项 lists — put for
   * the units that now cooperate on the open case, removed for those that no
   * longer do or once it is no longer open (commitCaseChange derives them).
   */
  cooperatingEntries?: { put: readonly string[]; remove: readonly string[]; since: string };
  /** 交办督办件: the case's entries on the lists of the offices above it that it owes its result (supervisingOffices), moved the same way. */
  supervisingEntries?: { put: readonly string[]; remove: readonly string[]; since: string };
  /**
   * 交办转送: the case's entry under the office that received it (handedOnFrom), put with the jurisdiction now
   * holding it whenever that changes, removed once the case is held by the receiving office again (commitCaseChange
   * derives it from the case before and after the change).
   */
  handedOnEntry?: { office: string; holder: string } | 'remove';
  /**
   * 我承办的: the case's entry on its handling official's list (handlingOfficialEntry: the staff member who claimed
   * it, 首问责任制, while it is open), put again when the official or the running deadline changes, removed once
   * nobody holds it or it is no longer open (commitCaseChange derives it from the case before and after).
   */
  handlerEntry?: { staffId: string; dueAt: string } | 'remove';
  /** Thread keys (see threadKey) under which replies find this case. */
  threadKeys?: readonly string[];
  /** Recognises a redelivered change (a queue message, an email, an SES event); written in the same transaction. */
  idempotencyKey?: string;
  /** Kept with the idempotency key: who sent the email that used it (IdempotencyRecord.fingerprint). */
  idempotencyFingerprint?: string;
  outcome?: string;
  outbox?: readonly OutboxMessage[];
}

/** `duplicate`: the idempotency key was already recorded, so this change was applied before; nothing was written. */
export type CommitResult = 'committed' | 'duplicate';

/*
 * The table's roles, each a narrow port; the DynamoDB adapter implements them
 * all over one table (shared/adapters/dynamodb/keys.ts). A use case names the
 * roles it needs.
 */

/** Cases themselves: numbers, creation, reads and the one way to change them. Every write is conditional. */
export interface CaseRecords {
  /** Allocates the next number in the jurisdiction's yearly sequence; atomic, never repeats. */
  allocateSequence(jurisdiction: string, year: number): Promise<number>;
  /**
   * Keeps a number an email's registration drew and then failed to use (a write refused, an attachment not stored),
   * for its idempotency key: the queue's retry registers under it (keptNumber), leaving no gap in the office's
   * sequence. Written only on failure, so a registration that succeeds pays nothing for it.
   */
  keepNumber(forKey: string, jurisdiction: string, year: number, seq: number): Promise<void>;
  /** The number kept for this key in this office's year (keepNumber), if a failed attempt kept one. */
  keptNumber(forKey: string, jurisdiction: string, year: number): Promise<number | undefined>;
  /** Stores a new case with its first event and outbox; if the idempotency key was used, stores nothing. */
  create(record: NewCaseRecord): Promise<CreateResult>;
  get(caseNumber: string): Promise<CaseWithEvents | undefined>;
  /** The case record alone (no events or messages), read consistently. */
  getCaseRecord(caseNumber: string): Promise<Case | undefined>;
  /** The case records of these numbers (missing ones left out), in the order asked, read by key in batches: the ledger export. */
  casesOf(caseNumbers: readonly string[]): Promise<Case[]>;
  /** Stores one change (see CaseCommit); VersionConflict when the case moved on. Use commitCaseChange, not this. */
  commit(change: CaseCommit): Promise<CommitResult>;
  /**
   * Stores the sweep's plan for a case (Case.chase) without a new version: it
   * changes nothing a person decided. Conditional on the version read, so a
   * change made meanwhile wins and the next sweep plans again; VersionConflict then.
   */
  saveChase(c: Case): Promise<void>;
}

/**
 * Removing archived cases whose retention ran out (shared/app/retention.ts).
 * An archived case is indexed by its `retainUntil` (byDue, `RETAIN#` shards),
 * so a run reads only the cases due, never the archive.
 */
export interface CaseRemovals {
  /** Case numbers whose retention ran out before `now`, a page at a time. */
  casesDueForRemoval(query: { now: string; limit: number; cursor?: string }): Promise<{ caseNumbers: string[]; cursor?: string }>;
  /** How many items the case's collection and its audit trail hold. */
  countCaseItems(caseNumber: string): Promise<{ items: number; auditEntries: number }>;
  /**
   * Deletes the audit trail, then the collection, the case item last: while
   * it stands the case is still due, so a removal cut short is found and
   * finished by the next run.
   */
  removeCaseItems(caseNumber: string): Promise<void>;
  /** Deletes the records outside the case's partitions that name it (linkedRecordsOf), each only if it still names this case; answers how many. */
  removeLinkedRecords(caseNumber: string, linked: { notificationIds: readonly string[]; threadKeys: readonly string[]; idempotencyKeys: readonly string[] }): Promise<number>;
}

/** The destruction register (销毁清册): one lasting line per case removed by retention, never removed itself. */
export interface DestructionRegister {
  /** Writes the case's line if it has none; false when it had one (an earlier run of the same removal). */
  recordDestruction(record: DestructionRecord): Promise<boolean>;
  /** A jurisdiction's lines, by case number, a page at a time. */
  destructionsOf(query: { jurisdiction: string; limit: number; cursor?: string }): Promise<{ records: DestructionRecord[]; cursor?: string }>;
}

/** What an idempotency key already led to, for work that is not a case change (noise, refusals). */
export interface IdempotencyRecords {
  /** The case number an idempotency key already produced, if any. */
  findByIdempotencyKey(key: string): Promise<string | undefined>;
  /** The idempotency record of a key, if any. */
  findIdempotencyRecord(key: string): Promise<IdempotencyRecord | undefined>;
  /** Records that a key was handled without a case (noise), so a redelivery is recognised; the fingerprint is kept with it. */
  recordOutcome(key: string, outcome: string, at: string, fingerprint?: string): Promise<void>;
}

/** Email threads and a petitioner's earlier cases. */
export interface CaseLookups {
  /** The case a thread key (an email Message-ID we sent or received) belongs to. */
  findCaseByThreadKey(key: string): Promise<string | undefined>;
  /** A petitioner's most recent cases by normalised contact, newest first. */
  earlierCasesOf(contacts: readonly string[], limit: number): Promise<EarlierCase[]>;
}

/** Mail the system sent: claimed once, kept on its case. */
export interface SentMail {
  /** Claims a notification for sending; see NotificationClaim. */
  claimNotification(id: string, now: string, staleAfterSeconds: number): Promise<NotificationClaim>;
  /**
   * Records that a notification was sent, with the Message-ID we gave it and the
   * provider's id, and keeps it on its case if it has one: the message, and the
   * thread keys a reply may quote. The record itself names the case, so it stands
   * for the thread key of our own Message-ID (ReplyTagger.messageIdPart).
   */
  recordSent(id: string, sent: { sentAt: string; providerMessageId: string; messageId: string }, onCase?: { message: CaseMessage; threadKeys: readonly string[] }): Promise<void>;
  /**
   * Marks a claimed notification sent on the provider's word (SES's Send event,
   * found by the notification's tag): a worker that died between the send and
   * `recordSent` leaves it claimed, and whoever takes it over then
   * finds it sent instead of sending it again. False when it was not claimed or was already sent.
   */
  confirmNotificationSent(tag: string, sent: { sentAt: string; providerMessageId: string }): Promise<boolean>;
  /**
   * Of these notification tags, those whose notification is recorded sent: one strongly consistent
   * batched read for a batch of SES Send events. A tag it could not read is left out (read again alone).
   */
  notificationsSent(tags: readonly string[]): Promise<Set<string>>;
}

export interface Allowances {
  /**
   * Takes one unit of a per-key allowance for a window (e.g. acknowledgements
   * per address per day); false once the limit is reached. With `spender`
   * (what the unit is for: an email's idempotency key), a retry of the same
   * work takes nothing more and is allowed again.
   */
  takeAllowance(key: string, window: string, limit: number, expiresAt: number, spender?: string): Promise<boolean>;
  /** How much of a per-key allowance for a window is used, without taking any (0 when none was taken). */
  allowanceUsed(key: string, window: string): Promise<number>;
}

/**
 * The citizen portal's challenges under a surge (PORTAL_SURGE): each kept
 * under a random id with only the hash of its answer, and answered once.
 */
export interface PortalChallenges {
  /** Keeps a new challenge until `expiresAt` (epoch seconds). */
  putChallenge(id: string, answerHash: string, expiresAt: number): Promise<void>;
  /**
   * Takes a challenge to be answered: removed by a conditional write so only
   * one post can answer it, its answer hash returned; undefined when there is
   * none by that id, it was answered already, or it expired before `now` (epoch seconds).
   */
  takeChallenge(id: string, now: number): Promise<string | undefined>;
}

export interface AuditTrail {
  /** Appends to a case's audit trail; entries are never changed or removed before the case's retention ends. */
  /** `entryId`: the same entry tried again (a timeout that may have stored it) is stored once; without it, every call appends. */
  appendAudit(entry: AuditEntry, entryId?: string): Promise<void>;
  /** A case's audit trail (or the administration trail, ADMINISTRATION_TRAIL), newest first, only the entries the query matches. */
  listAudit(caseNumber: string, query: AuditQuery): Promise<AuditEntry[]>;
}

/** Which entries of a trail to read: at most `limit`, newest first; each filter given narrows it. */
export interface AuditQuery {
  limit: number;
  /** Only this staff member's entries. */
  actor?: string;
  /** Only this action, or the actions under it: `read:attachments` also matches `read:attachments/2`. */
  action?: string;
  outcome?: AuditEntry['outcome'];
}

/**
 * What a case's trail records beyond its routes' own entries (functions/api/audit.ts
 * names those after the route): a case found by a 查询 on a phone number or an
 * email address (read-cases.ts), a note from a reception day put on it
 * (reception.ts), its registration at the desk (POST /cases, case-routes.ts), and
 * each opening with its query code on the portal (citizen-portal.ts). The console names each (its AuditTrail test reads this list).
 */
export const CASE_TRAIL_ACTIONS = { foundByContact: 'read:found-by-contact', foundByName: 'read:found-by-name', receptionNote: 'reception-note', register: 'register', portalLookup: 'read:portal', registerHeldMail: 'register:held-mail' } as const;

/**
 * The trail of administration (redriving a dead-letter queue, replaying a
 * stored email), kept as a trail of its own beside the cases' (`AUDIT#admin`):
 * no case number is `admin`, so the two never mix.
 */
export const ADMINISTRATION_TRAIL = 'admin';

/**
 * The trail of who read the people booked for a reception day (names, phone
 * numbers, email addresses: personal data outside any case), one entry per
 * read naming the session (`detail`). No case number is `reception`.
 */
export const RECEPTION_TRAIL = 'reception';

/**
 * The trail of ledger exports (信访台账): one entry per file handed out, with
 * who, when, the filters and how many lines — a file of names and phone
 * numbers leaves the system with it. No case number is `ledger`.
 */
export const LEDGER_TRAIL = 'ledger';

/**
 * An office's trail of its held emails (疑似广告): who read the list (senders'
 * addresses and excerpts: personal data outside any case) and who registered
 * or dismissed which, by id, never the text. No case number has a `#`.
 */
export const heldMailTrail = (office: string) => `held-mail#${office}`;

/** The listing indexes: queries, never scans. */
export interface CaseIndexes {
  /**
   * Case numbers whose sweep time (see sweepDueAt) is before `now`, soonest
   * first, a page at a time: the sweep reads the due cases, never the table.
   */
  casesDueForSweep(query: { now: string; limit: number; cursor?: string }): Promise<{ caseNumbers: string[]; cursor?: string; capacityUnits: number }>;
  /** A work list (a unit's, or an office's cases no unit has yet) with the running deadline before `dueBefore`, soonest first. */
  workList(query: { partition: { unit: string } | { office: string }; dueBefore: string; limit: number }): Promise<CaseSummary[]>;
  listByJurisdiction(query: {
    jurisdiction: string;
    statuses: readonly CaseStatus[];
    limit: number;
    cursor?: string;
    /** Registered at or after this instant. */
    registeredFrom?: string;
    /** Registered before this instant. */
    registeredBefore?: string;
  }): Promise<CasePage>;
  /**
   * 台账: the numbers of the cases received in [receivedFrom, receivedBefore) that any of `jurisdictions` holds, in
   * the order received — read by the month received (byReceipt), one Query a China month and shard, never one a place
   * and status. Numbers only (the index holds its keys): whoever shows them reads the cases (casesOf) and their access.
   */
  receivedIn(query: { jurisdictions: readonly string[]; receivedFrom: string; receivedBefore: string }): Promise<string[]>;
  /**
   * 交办转送: the cases the offices received that another jurisdiction holds now — handed down, sent sideways (转送)
   * or up the tree — from their entries under those offices (one Query an office): the 台账 of the office a case left
   * still lists it, though the index by receipt files it under its holder. The entries sort by registration: those
   * registered from the day before receivedFrom to a year past receivedBefore (as statistics read), so the caller
   * judges receipt on the case itself.
   */
  handedOnBy(query: { offices: readonly string[]; receivedFrom: string; receivedBefore: string }): Promise<HandedOn[]>;
  /**
   * A page of one or more work lists merged, soonest due first (cases without
   * a running clock last): cases whose running deadline is in [dueFrom,
   * dueBefore), optionally only in some statuses, or only the triage list.
   */
  workListPage(query: WorkListQuery): Promise<CasePage>;
  /** 待寄送: the cases with letters an office is to print and post, oldest letter first (a case once a page). */
  lettersToPostPage(query: { office: string; limit: number; cursor?: string }): Promise<CasePage>;
  /** 待电话告知: the cases with letters an office is to tell a petitioner by phone (only a telephone number left), oldest letter first. */
  lettersToPhonePage(query: { office: string; limit: number; cursor?: string }): Promise<CasePage>;
  /** 待回访: an office's replied cases whose follow-up staff make (no email to send it to), due before `dueBefore`, soonest first. */
  followUpsDuePage(query: { office: string; dueBefore: string; limit: number; cursor?: string }): Promise<CasePage>;
  /** 包案: the cases a leader owns (领导包案), in the order they were designated. */
  ownedCasesPage(query: { leader: string; limit: number; cursor?: string }): Promise<CasePage>;
  /**
   * 待签发: the cases whose decision letter waits for its sign-off under any of
   * `posts` (a unit, an office: reply-signoff.ts signOffPost), longest waiting
   * first, each with `signOff` (who wrote it, the rule, as the case stands) for
   * the caller to keep only the letters it may approve; a letter no longer waiting is left out.
   */
  signOffPage(query: { posts: readonly ({ unit: string } | { office: string })[]; limit: number; cursor?: string }): Promise<CasePage>;
  /** 待阅批: the cases the office put before this leader (呈领导阅批) that wait for their reading, oldest first. */
  leaderReadingsPage(query: { leader: string; limit: number; cursor?: string }): Promise<CasePage>;
  /** 待批退回: the cases whose unit asks this office to approve their return (第二十三条), oldest request first. */
  returnRequestsPage(query: { office: string; limit: number; cursor?: string }): Promise<CasePage>;
  /** 我承办的: the open cases a staff member took on (认领, 首问责任制), soonest due first. */
  handledPage(query: { staffId: string; limit: number; cursor?: string }): Promise<CasePage>;
  /** 协办事项: the open cases a unit cooperates on (another unit leads), in the order it was asked to. */
  cooperatingPage(query: { unit: string; limit: number; cursor?: string }): Promise<CasePage>;
  /** 交办督办件: the open cases below an office that owe it their result, in the order they came to owe it. */
  supervisingPage(query: { office: string; limit: number; cursor?: string }): Promise<CasePage>;
  /** 新登记: the cases an office registered (its receivingOffice) since `registeredFrom`, wherever they are now, newest first. */
  registeredPage(query: { office: string; registeredFrom: string; limit: number; cursor?: string }): Promise<CasePage>;
  /** Case summaries by number (missing ones left out), e.g. the cases found under a contact. */
  summariesOf(caseNumbers: readonly string[], opts?: { people?: boolean }): Promise<CaseSummary[]>;
  /**
   * The cases indexed under a normalised contact (see contactsOf), newest
   * first, each with whose contact it is there: the petitioner's, a
   * representative's of a collective petition (representativeContactsOf), or both.
   */
  casesByContact(contact: string, limit: number): Promise<ContactMatch[]>;
  /**
   * The cases indexed under a name key (nameKey: full-width, spaces and case
   * ignored), newest first, each with whose name it is: the petitioner's, a
   * representative's of a collective petition, or both. Anonymous cases have none.
   */
  casesByName(name: string, limit: number): Promise<ContactMatch[]>;
}

export interface WorkListQuery {
  partitions: readonly ({ unit: string } | { office: string })[];
  dueFrom?: string;
  dueBefore?: string;
  statuses?: readonly CaseStatus[];
  /** true: only the triage list; false: never it. */
  triage?: boolean;
  /** true: only urgent cases; false: never them. */
  urgent?: boolean;
  /** Only cases whose extension request waits for a leader. */
  extensionPending?: true;
  /** Only cases whose 督办 has reached one of these steps (LedgerEntry.escalation.step). */
  escalatedTo?: readonly string[];
  /** At most this many cases on the page. */
  limit: number;
  /**
   * How many index entries one read looks at before the filters drop some
   * (DynamoDB's Limit, which comes before its FilterExpression); `limit` if
   * absent. A page holds at most `limit` cases however many are read, and
   * may hold fewer (none) while a cursor says more are left.
   */
  readLimit?: number;
  cursor?: string;
}

/** The query codes of web petitions (查询码), by case. */
export interface QueryCodes {
  /** The stored hash of a case's query code; undefined for a case that has none (not sent from the web) or does not exist. */
  queryCodeOf(caseNumber: string): Promise<StoredQueryCode | undefined>;
}

/** Every role over the one table (what the DynamoDB adapter implements). */
export type CaseStore = CaseRecords & IdempotencyRecords & CaseLookups & SentMail & Allowances & AuditTrail & CaseIndexes & QueryCodes & PortalChallenges & SenderIntakes;

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * `claimed`: go ahead and send. `sent`: it was sent before (a redelivery). `busy`: another
 * worker claimed it moments ago; try again later. A claim older than the stale window is
 * taken over, so a crash between claim and send does not lose the mail.
 */
export type NotificationClaim =
  | { state: 'claimed' }
  | { state: 'sent'; sentAt: string; providerMessageId: string; messageId?: string }
  /** `claimedAt`: when the other worker claimed it (absent if the claim vanished meanwhile). */
  | { state: 'busy'; claimedAt?: string }
  /** Never sent, and its decision withdrawn since (CaseCommit.voidNotifications): not to be sent. */
  | { state: 'void'; voidedAt: string };

/** Raw mail and attachments in the mail bucket. */
export interface MailStore {
  getRaw(key: string): Promise<{ body: Uint8Array; storedAt: string }>;
  putObject(key: string, body: Uint8Array, contentType: string): Promise<void>;
  /** Copies an object within the bucket; false when the source no longer exists. */
  copyObject(from: string, to: string): Promise<boolean>;
  exists(key: string): Promise<boolean>;
  /**
   * Marks raw mail no case holds (noise, a bounce, a copy for another office)
   * to expire by age: the bucket's lifecycle rule removes it after the
   * retention period. Unmarked raw mail stays until its case is removed.
   */
  expireByAge(key: string): Promise<void>;
  /** Every key under a prefix. */
  keysUnder(prefix: string): Promise<string[]>;
  /** Deletes objects; a key already gone is no error. */
  deleteObjects(keys: readonly string[]): Promise<void>;
}

/** One line of the append-only audit trail: who read or did what to a case, when. */
export interface AuditEntry {
  caseNumber: string;
  at: string;
  actor: string;
  /** `read`, an action (`accept`, `reply`, …) or `readAudit`. */
  action: string;
  /** `denied`: outside the staff member's scope; `refused`: in scope, but the rules or the input stood in the way (the error's code in `detail`). */
  outcome: 'allowed' | 'denied' | 'refused';
  /** The HTTP request or queue message it came from, to correlate with the logs. */
  requestId?: string;
  /** What the action concerned where its name does not say it (the key of a replayed email). */
  detail?: string;
}

/** A queue the system publishes to; `id` makes a message recognisable on redelivery. */
export interface Publisher<T> {
  publish(messages: readonly { id: string; body: T; groupId?: string }[]): Promise<void>;
}

/** Sends a composed MIME message; answers the provider's message id. */
export interface MailSender {
  sendRaw(raw: Uint8Array, envelope: SendEnvelope): Promise<{ messageId: string }>;
  /**
   * The Message-IDs the recipient's copy may carry, given ours and the provider's id:
   * a reply or a bounce quotes one of them (SES replaces ours; SMTP relays keep it).
   */
  recipientMessageIds(sent: { messageId: string; providerMessageId: string }): string[];
}

export interface SendEnvelope {
  from: string;
  to: readonly string[];
  /** Travel with the message to the provider's events about it (SES email tags); a provider without events ignores them. */
  tags?: Readonly<Record<string, string>>;
  /** Which waiting send takes the next slot of the sending rate: 0 (an urgent alert) first. */
  priority?: number;
  /**
   * The instant (ms since the epoch) after which this send must not start: a
   * sender that would have to wait longer for its slot gives up with a
   * RetryLater, before anything was sent, so its function is not cut off by
   * its timeout in the middle of a send. A sender that paces inside its
   * provider's client (SMTP) cannot take a queued send back and ignores it.
   */
  notAfter?: number;
}

/**
 * Not a failure: the work cannot be done right now (someone else is doing it); the queue retries it later.
 * `retryAfterSeconds`, when known, is when trying again makes sense: the consumer shows the message
 * again then instead of after the queue's whole visibility timeout.
 */
export class RetryLater extends Error {
  readonly code: string = 'RetryLater';
  constructor(
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * Waiting behind others' work that is going on (a sender's burst, registered one email at a time): no failed
 * try. A consumer that can sends the message again as a new one (the queue's `requeue`), so the wait does not
 * use up the receives after which a failing message is parked in the dead-letter queue.
 */
export class WaitTurn extends RetryLater {
  override readonly code: string = 'WaitTurn';
}

/**
 * A case the office that received it handed on (its 交办转送 entry): who holds it now, and since when where known; when
 * the case was received, where the entry says (one written before entries carried it does not: the case is read).
 */
export interface HandedOn {
  caseNumber: string;
  office: string;
  holder: string;
  since?: string;
  receivedAt?: string;
}
