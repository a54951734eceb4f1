import { isBlankMatter } from './petition-text.js';
import { OPEN_STATUSES, type CaseStatus } from '../case.js';
import { matterSimilarity, REPEAT_SIMILARITY_THRESHOLD } from './similarity.js';

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
 * recently registered.
 */
export function findRepeatOf(
  candidate: { matter: string; receivedAt: string },
  earlier: EarlierCase[],
  lookbackDays: number,
): string | undefined {
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
