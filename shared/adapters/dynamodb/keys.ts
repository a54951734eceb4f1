import { createHash } from 'node:crypto';
import { OPEN_STATUSES, type Case } from '../../domain/case.js';
import { runningClock, sweepDueAt } from '../../domain/chase.js';
import { actingJurisdiction, staffFollowUpDueAt } from '../../domain/closing.js';
import { notificationTag } from '../../app/notification.js';
import { contactsOf } from '../../domain/registration.js';
import { petitionerNameKeyOf, representativeNameKeysOf, writerNameKeyOf } from '../../domain/name-key.js';
import { isSuspended } from '../../domain/suspension.js';

/**
 * Key design (docs/storage.md). One table; each case is an item collection
 * under `CASE#<number>`, so writes spread over as many partitions as there are
 * cases. Index keys that group many cases (a jurisdiction, the due list) are
 * write-sharded so that a surge in one jurisdiction does not land on one
 * partition; readers query every shard and merge.
 */
export const JURISDICTION_SHARDS = 4;
export const DUE_SHARDS = 8;
/**
 * The byReceipt index's month partitions hold every case of the province received in that month: sharded as a
 * jurisdiction's listing is, so that a surge of registrations does not land on one index partition.
 */
export const RECEIPT_SHARDS = 4;

export const caseKey = (caseNumber: string) => ({ pk: `CASE#${caseNumber}`, sk: 'CASE' });
export const eventKey = (caseNumber: string, seq: number) => ({ pk: `CASE#${caseNumber}`, sk: `EVENT#${String(seq).padStart(8, '0')}` });
/** The hash of a web petition's query code (查询码), in the case's collection but not the case item: no case answer carries it. */
export const queryCodeKey = (caseNumber: string) => ({ pk: `CASE#${caseNumber}`, sk: 'QUERYCODE' });
/** 领导包案: the case's entry on its owning leader's list (byUnit index, OWNER#<staff id>). */
export const ownerKey = (caseNumber: string) => ({ pk: `CASE#${caseNumber}`, sk: 'OWNER' });
/** 申请退回: the case's entry on the approving office's 待批退回 list (byUnit index, RETURNREQ#<office>). */
export const returnRequestKey = (caseNumber: string) => ({ pk: `CASE#${caseNumber}`, sk: 'RETURNREQ' });
/** 待签发: the case's entry while its decision letter waits for its sign-off (byUnit index, SIGNOFF#UNIT#<unit> or SIGNOFF#OFFICE#<code>). */
/** 呈领导阅批: the case's entry on a leader's 待阅批 list (byUnit index, READING#<staff id>), one a leader it waits on. */
export const readingKey = (caseNumber: string, leader: string) => ({ pk: `CASE#${caseNumber}`, sk: `READING#${leader}` });
export const readingPartition = (leader: string) => `READING#${leader}`;
export const signOffKey = (caseNumber: string) => ({ pk: `CASE#${caseNumber}`, sk: 'SIGNOFF' });
export const signOffPartition = (post: { unit: string } | { office: string }) => ('unit' in post ? `SIGNOFF#UNIT#${post.unit}` : `SIGNOFF#OFFICE#${post.office}`);
/** 协办: the case's entry on a cooperating unit's 协办事项 list (byUnit index, COOP#<unit id>), one a unit. */
export const cooperatingKey = (caseNumber: string, unit: string) => ({ pk: `CASE#${caseNumber}`, sk: `COOP#${unit}` });
export const cooperatingPartition = (unit: string) => `COOP#${unit}`;
export const supervisingKey = (caseNumber: string, office: string) => ({ pk: `CASE#${caseNumber}`, sk: `SUPER#${office}` });
export const supervisingPartition = (office: string) => `SUPER#${office}`;
/** 我承办的: the case's entry on its handling official's list (byUnit index, HANDLER#<staff id>), by its running deadline. */
export const handlerKey = (caseNumber: string) => ({ pk: `CASE#${caseNumber}`, sk: 'HANDLER' });
export const handlerPartition = (staffId: string) => `HANDLER#${staffId}`;
/** 交办转送 entry: a case held by another jurisdiction than the office that received it, under that office (one a case). */
export const handedOnKey = (caseNumber: string) => ({ pk: `CASE#${caseNumber}`, sk: 'HANDEDON' });
export const handedOnPartition = (office: string) => `HANDEDON#${office}`;
/** 新登记: the case's entry on the list of the office that registered it (byUnit index, REG#<office>), by registration, wherever the case goes. */
export const registeredKey = (caseNumber: string) => ({ pk: `CASE#${caseNumber}`, sk: 'REGISTERED' });
export const registeredPartition = (office: string) => `REG#${office}`;
export const contactKey = (caseNumber: string, contactHash: string) => ({ pk: `CASE#${caseNumber}`, sk: `CONTACT#${contactHash}` });
export const REPRESENTATIVE_CONTACT_PREFIX = 'REPCONTACT#';
/**
 * A collective petition's representative's contact (representativeContactsOf), in the same byContact partition as a
 * petitioner's but under a key of its own: a representative's number that is also the petitioner's is two entries, and
 * correcting one never takes the other off. The sort key says, in every byContact answer, that a representative matched.
 */
export const representativeContactKey = (caseNumber: string, contactHash: string) => ({ pk: `CASE#${caseNumber}`, sk: `${REPRESENTATIVE_CONTACT_PREFIX}${contactHash}` });
/** 代为反映人's own phone or email where they are not the case's (writerContactsOf): the same, told apart as the writer's. */
export const WRITER_CONTACT_PREFIX = 'WRITERCONTACT#';
export const writerContactKey = (caseNumber: string, contactHash: string) => ({ pk: `CASE#${caseNumber}`, sk: `${WRITER_CONTACT_PREFIX}${contactHash}` });
/**
 * The desk's look-up by name (查询 by 信访人姓名) shares the byContact index, under partitions of its own
 * (`NAME#<sha256 of the name key>`): no name appears in a key, and no index is added. The case item carries its
 * petitioner's name when it has no contact to carry (a letter-writer, a walk-in); otherwise an entry beside it does
 * (`NAME#<hash>`), and a collective petition's representatives' names have entries of their own (`REPNAME#<hash>`),
 * which say, in every answer, that a representative matched.
 */
export const NAME_ENTRY_PREFIX = 'NAME#';
export const REPRESENTATIVE_NAME_PREFIX = 'REPNAME#';
/** The writer's (代为反映人) entry: told apart by its sort key, as a representative's is. */
export const WRITER_NAME_PREFIX = 'WRITERNAME#';
export const namePartition = (nameHash: string) => `NAME#${nameHash}`;
/** A name key (nameKey) hashed as a contact is: a name is personal data and stays out of every key. */
export const hashName = (key: string): string => createHash('sha256').update(`name\n${key}`).digest('base64url');
/** An entry under a name beside the case item (nameEntriesOf), by its sort key. */
export const nameEntryKey = (caseNumber: string, sk: string) => ({ pk: `CASE#${caseNumber}`, sk });
/** The audit trail lives beside the case, not in it: reading a case never reads its audit entries. */
export const auditPartition = (caseNumber: string) => `AUDIT#${caseNumber}`;
export const auditKey = (caseNumber: string, at: string, id: string) => ({ pk: auditPartition(caseNumber), sk: `${at}#${id}` });
export const sequenceKey = (jurisdiction: string, year: number) => ({ pk: `SEQ#${jurisdiction}#${year}`, sk: 'SEQ' });
/**
 * Keys built from outside input (idempotency keys, Message-IDs, notification
 * ids) are hashed: some mail providers put the sender's address in the
 * Message-ID, and no address may appear in a key.
 */
const digest = (value: string) => createHash('sha256').update(value).digest('base64url');
export const idempotencyKey = (key: string) => ({ pk: `IDEM#${digest(key)}`, sk: 'IDEM' });
/** The number a registration drew, kept for its idempotency key (CaseStore.allocateSequence). */
export const numberReservationKey = (key: string) => ({ pk: `NUMBER#${digest(key)}`, sk: 'NUMBER' });
export const messageKey = (caseNumber: string, at: string, id: string) => ({
  pk: `CASE#${caseNumber}`,
  sk: `MSG#${at}#${createHash('sha256').update(id).digest('base64url').slice(0, 16)}`,
});
export const threadIndexKey = (threadKey: string) => ({ pk: `THREAD#${digest(threadKey)}`, sk: 'THREAD' });
export const allowanceKey = (key: string, window: string) => ({ pk: `ALLOW#${key}#${window}`, sk: 'ALLOW' });
/** A citizen portal challenge under a surge, by its random id. */
export const challengeKey = (id: string) => ({ pk: `CHALLENGE#${id}`, sk: 'CHALLENGE' });
export const notificationKey = (id: string) => notificationTagKey(notificationTag(id));
/** The same item found by the tag SES events carry (the tag is the id's digest). */
export const notificationTagKey = (tag: string) => ({ pk: `NOTE#${tag}`, sk: 'NOTE' });
/** Where the IMAP poll of one office mailbox folder got to (its address hashed, as every key built from an address). */
/** 疑似广告 held by the intake (shared/app/held-mail.ts): the office's partition, sorted by the time received. */
export const heldMailPartition = (office: string) => `HELD#${office}`;
export const heldMailKey = (office: string, id: string) => ({ pk: heldMailPartition(office), sk: `MAIL#${id}` });
/** The byUnit entry of a held email still waiting for staff (held, or 登记 asked and not yet done), oldest first; removed with the decision. */
export const heldWaitingPartition = (office: string) => `HELDWAIT#${office}`;
export const heldWaitingEntry = (office: string, id: string) => ({ gsi2pk: heldWaitingPartition(office), gsi2sk: id });
export const mailboxCursorKey = (mailbox: string, folder: string) => ({ pk: `MAILBOX#${digest(`${mailbox.toLowerCase()}\n${folder}`)}`, sk: 'CURSOR' });
/** An outbox item in the collection of the case whose change caused it (docs/storage.md "Outbox"). */
export const outboxKey = (partition: string, queue: string, id: string) => ({ pk: partition, sk: `OUTBOX#${queue}#${digest(id)}` });

/** Stable small hash (FNV-1a) to pick a shard from a case number. */
export function shardOf(caseNumber: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < caseNumber.length; i++) {
    hash ^= caseNumber.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % shards;
}

export const jurisdictionStatusPartition = (jurisdiction: string, status: string, shard: number) =>
  `JUR#${jurisdiction}#${status}#${shard}`;
export const duePartition = (shard: number) => `DUE#${shard}`;
/** The China month (YYYY-MM) an instant falls in: a ledger's months are China's. */
export const chinaMonthOf = (instant: string) => new Date(Date.parse(instant) + 8 * 3_600_000).toISOString().slice(0, 7);
/** 台账 by receipt (byReceipt index): the cases received in a China month, one of RECEIPT_SHARDS partitions. */
export const receiptPartition = (month: string, shard: number) => `RECV#${month}#${shard}`;
/**
 * Its sort key, `<jurisdiction code>#<receivedAt>#<case number>`: division codes nest (GB/T 2260: a city's counties
 * and their townships begin with the city's digits), so a subtree's cases are one key prefix of the partition
 * (receiptPrefix). Derived from the case as it stands, so a case handed to another place moves with it.
 */
export const receiptSortKey = (c: Pick<Case, 'jurisdiction' | 'receivedAt' | 'caseNumber'>) => `${c.jurisdiction}#${c.receivedAt}#${c.caseNumber}`;
/**
 * The longest key prefix every one of `jurisdictions` begins with: the code and `#` for one place, else the digits
 * their codes share (a city's subtree under GB/T 2260: its first four). A tree whose codes do not nest only widens
 * the read — the reader keeps the places it asked for.
 */
export function receiptPrefix(jurisdictions: readonly string[]): string {
  const codes = [...new Set(jurisdictions)];
  if (codes.length === 1) return `${codes[0]}#`;
  let prefix = codes[0] ?? '';
  for (const code of codes) while (!code.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}
/**
 * Archived cases by when their retention runs out: the same sparse index as
 * the sweep's (byDue), partitions of their own, so the retention function
 * reads only the cases due and the sweep never sees an archived one.
 */
export const retentionPartition = (shard: number) => `RETAIN#${shard}`;
/** The destruction register (销毁清册): a jurisdiction's removed cases, one lasting item each, by case number. */
export const destructionKey = (jurisdiction: string, caseNumber: string) => ({ pk: `DESTROYED#${jurisdiction}`, sk: `CASE#${caseNumber}` });
export const destructionPartition = (jurisdiction: string) => `DESTROYED#${jurisdiction}`;
export const unitPartition = (unit: string) => `UNIT#${unit}`;
export const officePartition = (jurisdiction: string) => `OFFICE#${jurisdiction}`;
/** An office's replied cases whose follow-up staff make (待回访), by when it falls due. */
export const followUpPartition = (jurisdiction: string) => `FOLLOWUP#${jurisdiction}`;
/** An office's letters for post (待寄送), by the day they were written. */
export const postPartition = (jurisdiction: string) => `POST#${jurisdiction}`;
/** 排查存档: a jurisdiction's filed 矛盾纠纷排查 list of a month — the filing (`FILED`) and its rows (`ROW#<filedAt>#<case number>`). */
export const screeningPartition = (jurisdiction: string, month: string) => `SCREENING#${jurisdiction}#${month}`;
/** That every jurisdiction's list of a month is filed. */
export const screeningMonthKey = (month: string) => ({ pk: `SCREENING#${month}`, sk: 'FILED' });
/** An office's letters to tell by phone (待电话告知), by the day they were written. */
export const phonePartition = (jurisdiction: string) => `PHONE#${jurisdiction}`;
/** A leader's 包案 list: the cases they own, by when they were designated. */
export const ownerPartition = (staffId: string) => `OWNER#${staffId}`;
/** An office's 待批退回: the return requests it is asked to approve, oldest first. */
export const returnRequestPartition = (jurisdiction: string) => `RETURNREQ#${jurisdiction}`;
export const contactPartition = (contactHash: string) => `CONTACT#${contactHash}`;
/** A sender's email registrations of the day (SenderIntakes): one item per From address, hashed. */
export const senderIntakeKey = (address: string) => ({ pk: `SENDER#${hashContact(`email:${address.trim().toLowerCase()}`)}`, sk: 'INTAKE' });

/** Contacts are indexed by hash so that no email address or phone number appears in a key. */
export function hashContact(contact: string): string {
  return createHash('sha256').update(contact).digest('base64url');
}

/**
 * The deadline of the clock now running on a case, if any; none while the
 * clock stands still (中止): such a case is neither overdue nor due soon, on a
 * work list or in a digest, and sorts after those that run.
 */
export function nextDueAt(c: Case): string | undefined {
  return isSuspended(c) ? undefined : runningClock(c)?.deadline;
}

/**
 * The partition of the work list a case is on: the reviewing office's while a
 * review (复查/复核) waits for its decision (the work is at that level now),
 * else its lead unit's, or its office's while no unit has it.
 */
export function workListPartition(c: Pick<Case, 'handling' | 'jurisdiction' | 'status' | 'reviews'>): string {
  const acting = actingJurisdiction(c);
  if (acting !== c.jurisdiction) return officePartition(acting);
  return c.handling ? unitPartition(c.handling.lead) : officePartition(c.jurisdiction);
}

/** Index attributes of a case item; absent attributes keep it out of sparse indexes. */
export function caseIndexAttributes(c: Case): Record<string, string> {
  const attributes: Record<string, string> = {
    gsi1pk: jurisdictionStatusPartition(c.jurisdiction, c.status, shardOf(c.caseNumber, JURISDICTION_SHARDS)),
    gsi1sk: `${c.registeredAt}#${c.caseNumber}`,
    // 台账 by the month received, whatever the status: an export reads a month's shards, not every place × status.
    gsi5pk: receiptPartition(chinaMonthOf(c.receivedAt), shardOf(c.caseNumber, RECEIPT_SHARDS)),
    gsi5sk: receiptSortKey(c),
  };
  // The sweep's index: by when it next has something to do, not by the deadline itself.
  const sweepAt = sweepDueAt(c);
  if (c.status === 'archived' && c.archive) {
    // An archived case takes nothing more but its removal, due when its retention runs out.
    attributes.gsi3pk = retentionPartition(shardOf(c.caseNumber, DUE_SHARDS));
    attributes.gsi3sk = `${c.archive.retainUntil}#${c.caseNumber}`;
  } else if (sweepAt) {
    attributes.gsi3pk = duePartition(shardOf(c.caseNumber, DUE_SHARDS));
    attributes.gsi3sk = `${sweepAt}#${c.caseNumber}`;
  }
  if (OPEN_STATUSES.has(c.status)) {
    attributes.gsi2pk = workListPartition(c);
    attributes.gsi2sk = `${nextDueAt(c) ?? '9999'}#${c.caseNumber}`;
  } else {
    // A replied case no work list holds any more: on 待回访 while staff owe the petitioner a follow-up call — of the
    // office holding the case, which records the answer (not the one it came to, which may have transferred it).
    const followUpDue = staffFollowUpDueAt(c);
    if (followUpDue) {
      attributes.gsi2pk = followUpPartition(c.jurisdiction);
      attributes.gsi2sk = `${followUpDue}#${c.caseNumber}`;
    }
  }
  // The petitioner's first contact indexes the case item itself, as a contact item would:
  // one item fewer per registration, and no index write on later changes (the key stays).
  const contact = primaryContact(c);
  const name = petitionerNameKeyOf(c);
  if (contact) {
    attributes.gsi4pk = contactPartition(hashContact(contact));
    attributes.gsi4sk = `${c.registeredAt}#${c.caseNumber}`;
  } else if (name) {
    // No contact to carry (a letter, a walk-in): the item carries the name, and the name costs no item of its own.
    attributes.gsi4pk = namePartition(hashName(name));
    attributes.gsi4sk = `${c.registeredAt}#${c.caseNumber}`;
  }
  return attributes;
}

/**
 * The entries beside the case item under names (byContact index, `NAME#` partitions), by sort key: the petitioner's
 * when the case item carries a contact instead (caseIndexAttributes), and each named representative's of a collective
 * petition, and the writer's (代为反映人) when named. Derived from the case alone, so a change's entries are the difference of this before and after it.
 */
export function nameEntriesOf(c: Pick<Case, 'petitioner' | 'collective'>): { sk: string; nameHash: string }[] {
  const name = petitionerNameKeyOf(c);
  const own = name && primaryContact(c) ? [{ sk: `${NAME_ENTRY_PREFIX}${hashName(name)}`, nameHash: hashName(name) }] : [];
  const writer = writerNameKeyOf(c);
  return [
    ...own,
    ...representativeNameKeysOf(c).map((key) => ({ sk: `${REPRESENTATIVE_NAME_PREFIX}${hashName(key)}`, nameHash: hashName(key) })),
    ...(writer ? [{ sk: `${WRITER_NAME_PREFIX}${hashName(writer)}`, nameHash: hashName(writer) }] : []),
  ];
}

/** The contact the case item is indexed by (byContact); the petitioner's others get contact items. */
export function primaryContact(c: Pick<Case, 'petitioner'>): string | undefined {
  return contactsOf(c.petitioner)[0];
}
