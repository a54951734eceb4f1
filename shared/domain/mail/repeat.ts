import { isBlankMatter } from './petition-text.js';
import { OPEN_STATUSES, writerIsContact, type CaseStatus, type Petitioner } from '../case.js';
import { nameKey } from '../name-key.js';
import { matterSimilarity, REPEAT_SIMILARITY_THRESHOLD } from './similarity.js';
import type { ParsedAttachment } from './parsed-email.js';

/** An earlier case of the same petitioner, as the repeat check needs it. */
export interface EarlierCase {
  caseNumber: string;
  matter: string;
  status: CaseStatus;
  registeredAt: string;
  /** When its petition arrived (Case.receivedAt), when read: an email's is a moment before its registration. */
  receivedAt?: string;
  /** When it left the open statuses; a replied case without it counts as closed when registered. */
  closedAt?: string;
  /** Re-reviewed (复核): final, so the same matter is never new again, however long ago (条例 第三十六条). */
  final?: true;
  /** The office the petition was sent to (Case.receivingOffice), when read. */
  receivingOffice?: string;
  /** The case it was itself found to repeat, when read. */
  repeatOf?: string;
  /** Its jurisdiction and the places whose government it accuses, when read: who may see it (earlierCasesReadableBy). */
  jurisdiction?: string;
  accusedJurisdictions?: readonly string[];
  /** Whose its contacts are, when read (contactOwnerOf): a contact a writer left for someone is the writer's, not the petitioner's. */
  contactOwner?: ContactOwner;
}

/**
 * Who a case's contacts identify: its petitioner (by name key, when named), and — where someone wrote, came or called
 * for a petitioner who left no contact of their own (代为反映人, writerIsContact) — that the contacts are the writer's,
 * with what the petitioner is to them.
 */
export interface ContactOwner {
  nameKey?: string;
  /** The relation (父亲, 村民…) when the case's contacts are a writer's. */
  writtenFor?: string;
}

export function contactOwnerOf(p: Petitioner): ContactOwner {
  if (p.anonymous) return {};
  const key = nameKey(p.name);
  return { ...(key ? { nameKey: key } : {}), ...(p.writtenBy && writerIsContact(p) ? { writtenFor: p.writtenBy.relation } : {}) };
}

/**
 * Whether an earlier case found by the new petition's contact is the same petitioner's. A contact alone says so
 * unless it is a writer's on either side: a village cadre who phones for two villagers, or a daughter who came for her
 * father and later for herself, gives one number for different people, and one person's matter is no repeat of
 * another's (it would be declined and folded into the other's case). Then only the same petitioner's name (or, both
 * unnamed, the same relation to the writer) makes them one. An earlier case read without its petitioner counts as before.
 */
export function sameContactOwner(petitioner: Petitioner, earlier: EarlierCase): boolean {
  const theirs = earlier.contactOwner;
  if (!theirs) return true;
  const mine = contactOwnerOf(petitioner);
  if (mine.writtenFor === undefined && theirs.writtenFor === undefined) return true;
  if (mine.nameKey || theirs.nameKey) return mine.nameKey === theirs.nameKey;
  return mine.writtenFor !== undefined && mine.writtenFor === theirs.writtenFor;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** A stored case as the repeat check reads it: from an index hit's projection, or a case read whole. */
export function earlierCaseOf(c: {
  caseNumber: string;
  matter?: string;
  status: CaseStatus;
  registeredAt: string;
  receivedAt?: string;
  closedAt?: string;
  updatedAt?: string;
  reviewLevel?: number;
  receivingOffice?: string;
  repeatOf?: string;
  jurisdiction?: string;
  accusedJurisdictions?: readonly string[];
  petitioner?: Petitioner;
}): EarlierCase {
  return {
    caseNumber: c.caseNumber,
    matter: c.matter ?? '',
    status: c.status,
    registeredAt: c.registeredAt,
    // 结案 when it was closed; else (declined, redirected, replied) its last change, which left the open statuses.
    ...(OPEN_STATUSES.has(c.status) ? {} : { closedAt: String(c.closedAt ?? c.updatedAt) }),
    ...(c.reviewLevel === 2 ? { final: true as const } : {}),
    ...(typeof c.receivingOffice === 'string' ? { receivingOffice: c.receivingOffice } : {}),
    ...(typeof c.receivedAt === 'string' ? { receivedAt: c.receivedAt } : {}),
    ...(typeof c.repeatOf === 'string' ? { repeatOf: c.repeatOf } : {}),
    ...(typeof c.jurisdiction === 'string' ? { jurisdiction: c.jurisdiction } : {}),
    ...(c.accusedJurisdictions?.length ? { accusedJurisdictions: [...c.accusedJurisdictions] } : {}),
    ...(c.petitioner ? { contactOwner: contactOwnerOf(c.petitioner) } : {}),
  };
}

/**
 * The earlier case a new petition repeats (重复信访), if any. The caller
 * passes only the same petitioner's cases (matched on contacts) that the
 * office holding the new case may read (earlierCasesReadableBy): any other is
 * as if it did not exist, or its number would be written into the new case. An earlier
 * case counts while it is open, or when it closed within `lookbackDays`
 * before the new petition arrived, and only if its matter is similar enough
 * (REPEAT_SIMILARITY_THRESHOLD). The most similar wins; on a tie, the most
 * recently registered. A case found by a contact a writer left (代为反映人) is the
 * same petitioner's only by name (sameContactOwner).
 */
export function findRepeatOf(
  /** `petitioner`: the new petition's, to tell a writer's contact from the petitioner's (sameContactOwner). */
  candidate: { matter: string; receivedAt: string; petitioner?: Petitioner },
  read: EarlierCase[],
  lookbackDays: number,
): string | undefined {
  const { petitioner } = candidate;
  const earlier = petitioner ? read.filter((e) => sameContactOwner(petitioner, e)) : read;
  // Two empty emails (or two with only attachments) read alike but say nothing alike: neither is a repeat of anything.
  if (isBlankMatter(candidate.matter)) return undefined;
  const received = Date.parse(candidate.receivedAt);
  let best: { caseNumber: string; score: number; registered: number } | undefined;
  for (const previous of earlier) {
    if (!withinWindow(previous, received, lookbackDays) || isBlankMatter(previous.matter)) continue;
    const score = matterSimilarity(candidate.matter, previous.matter);
    if (score < REPEAT_SIMILARITY_THRESHOLD) continue;
    const registered = Date.parse(previous.registeredAt);
    if (!best || score > best.score || (score === best.score && registered > best.registered)) {
      best = { caseNumber: previous.caseNumber, score, registered };
    }
  }
  if (!best) return undefined;
  // A repeat declined (or redirected) into an earlier case was folded into it: the new one repeats that original too,
  // and the ledger links every repeat to the case the matter is handled on (as the router's liveTarget reads it).
  // Only an original among the cases read and still within the window: the callers compare the matter with the case
  // returned, and one outside the window (or found by another contact) is no repeat's target.
  const found = earlier.find((e) => e.caseNumber === best.caseNumber)!;
  const folded = found.status === 'declined' || found.status === 'redirected' ? found.repeatOf : undefined;
  const original = folded ? earlier.find((e) => e.caseNumber === folded && withinWindow(e, received, lookbackDays)) : undefined;
  return original?.caseNumber ?? found.caseNumber;
}

function withinWindow(previous: EarlierCase, received: number, lookbackDays: number): boolean {
  if (OPEN_STATUSES.has(previous.status) || previous.final) return true;
  const closed = Date.parse(previous.closedAt ?? previous.registeredAt);
  // A case closed after the new petition arrived was still open when it came.
  return Number.isFinite(closed) && received - closed <= lookbackDays * DAY_MS;
}

/** How long a message with the very same words as a case of the sender's is that case sent again. */
const RESEND_WINDOW_MS = DAY_MS;

/** Whether two arrivals are close enough for the later, in the very same words, to be the earlier sent again (resentOf). */
export function withinResendWindow(first: string, again: string): boolean {
  return Math.abs(Date.parse(again) - Date.parse(first)) <= RESEND_WINDOW_MS;
}

/**
 * Whether a message carries the very files of the one it may resend (resentOf): the same names, sizes and bytes,
 * each once. Another photo with the same words is material the petitioner added — ignored as a resend, it would be lost.
 */
export function sameFiles(
  first: readonly Pick<ParsedAttachment, 'filename' | 'size' | 'content'>[],
  again: readonly Pick<ParsedAttachment, 'filename' | 'size' | 'content'>[],
): boolean {
  if (first.length !== again.length) return false;
  const unmatched = [...first];
  return again.every((file) => {
    const at = unmatched.findIndex((f) => f.filename === file.filename && f.size === file.size && sameBytes(f.content, file.content));
    if (at < 0) return false;
    unmatched.splice(at, 1);
    return true;
  });
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The case a message only sends again — Send pressed twice, a client's retry
 * with a new Message-ID: the sender's case that arrived within a day of it
 * with exactly these words as its matter, sent to the same office. Not a
 * repeat petition (重复信访) to be declined, and not a second case: the same
 * one. The same words sent to another office (the level above, 越级) are a
 * petition to that office, which must hear of it. Within a day either way:
 * two sent at once are taken in either order (the one registered first is the
 * case), and a resend arrives before the case it repeats was registered.
 */
export function resentOf(candidate: { matter: string; receivedAt: string; office: string }, earlier: readonly EarlierCase[]): string | undefined {
  if (isBlankMatter(candidate.matter)) return undefined;
  const arrived = Date.parse(candidate.receivedAt);
  return earlier.find((c) => {
    const apart = Math.abs(arrived - Date.parse(c.receivedAt ?? c.registeredAt));
    const sameOffice = c.receivingOffice === undefined || c.receivingOffice === candidate.office;
    return sameOffice && c.matter === candidate.matter && apart <= RESEND_WINDOW_MS;
  })?.caseNumber;
}
