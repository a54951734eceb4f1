import { randomUUID } from 'node:crypto';
import { earlierCaseOf } from '../../domain/mail/repeat.js';
import type { ParsedEmail } from '../../domain/mail/parsed-email.js';
import { petitionerFromEmail } from '../../domain/mail/petitioner.js';
import { neverActedOn, senderVerdicts } from '../../domain/mail/sender-verdicts.js';
import { RetryLater, type EarlierCase, type SenderCase, type SenderIntakeState } from '../ports.js';
import type { IntakeDeps } from './intake-deps.js';

/*
 * Same-sender intake, one email at a time (docs/storage.md "sender item"). Send pressed twice brings two
 * emails at once, handled in parallel (one SQS batch, or two Lambdas): each would read the sender's earlier
 * cases before the other committed, and both register. So an email about to be registered first claims the
 * sender's item, on condition that its newest case is still the one the decision saw and nobody else holds
 * a claim; the registration's transaction writes the item on condition of that claim. Whoever loses waits
 * for the winner and decides again, seeing the winner's case (read consistently, not from the index) — and
 * draws no case number for the race it lost.
 */

/** A claim older than this is a crashed intake's: another may take it over. Far beyond a registration's seconds. */
export const SENDER_CLAIM_STALE_SECONDS = 60;
/**
 * How often, and how many times, an intake looks again while another of the sender's emails is being registered.
 * Each put back costs one of the queue's five receives, and comes back once the claim would be stale (about a
 * minute): a burst from one address (a 街道 office forwarding forty residents' letters) registers at about one a
 * second, so it is through long before an email has used its receives.
 */
const SENDER_POLL_MS = 200;
const SENDER_POLLS = 15;
/** Still busy after that: the message comes back when that claim would be stale, and at least this much later (RetryLater), the Lambda not held waiting. */
export const SENDER_BUSY_RETRY_SECONDS = 5;
/** Claims lost in a row (other emails of the sender's registered meanwhile: each loss is another's progress) before the message is put back. */
export const SENDER_ATTEMPTS = 20;
/** The sender item keeps the cases of the day: the resend window (resentOf); older ones the index has long shown. */
const SENDER_RECENT_MS = 24 * 60 * 60 * 1000;

/**
 * The From address whose emails are decided one at a time: one the registration keeps as the petitioner's
 * contact. None for an anonymous petition, a noreply sender, or one SES could not vouch for (DMARC fail,
 * virus): its case does not carry the address, so it must not become that address's earlier case either.
 */
export function senderOfRegistration(email: ParsedEmail): string | undefined {
  if (neverActedOn(senderVerdicts(email))) return undefined;
  const petitioner = petitionerFromEmail(email);
  return petitioner.anonymous ? undefined : petitioner.email?.trim().toLowerCase() || undefined;
}

/**
 * The sender item once no other intake of the sender's holds a live claim. `waited`: one did, and finished
 * (or lost it) meanwhile — whatever it registered is now in the item. Busy too long: RetryLater.
 */
export async function senderTurn(deps: Pick<IntakeDeps, 'store' | 'clock'>, address: string): Promise<{ state: SenderIntakeState; waited: boolean }> {
  for (let poll = 0; ; poll++) {
    const state = await deps.store.senderIntake(address);
    if (!state.claim || state.claim.at < staleBefore(deps)) return { state, waited: poll > 0 };
    // Shown again once that claim would be stale: a crashed intake's claim costs one more receive, not the queue's five.
    if (poll >= SENDER_POLLS) throw new RetryLater('another email of the same sender is being registered', untilStale(deps, state.claim.at));
    await new Promise((resolve) => setTimeout(resolve, SENDER_POLL_MS));
  }
}

/** Claims the sender's next registration on the item as read; false when another intake registered or claimed meanwhile. */
export async function claimSender(deps: Pick<IntakeDeps, 'store' | 'clock'>, address: string, seen: SenderIntakeState): Promise<string | undefined> {
  const claim = { by: randomUUID(), at: deps.clock.now().toISOString() };
  return (await deps.store.claimSenderIntake(address, claim, seen, staleBefore(deps))) ? claim.by : undefined;
}

/**
 * Registers under the claim, giving it back when the registration fails before it committed (a write refused,
 * an attachment not stored), so the email's retry — and the sender's next email — need not wait for it to go stale.
 * A crash leaves it: then they wait SENDER_CLAIM_STALE_SECONDS.
 */
export async function underClaim<T>(deps: Pick<IntakeDeps, 'store'>, address: string, claim: string, seen: SenderIntakeState, register: () => Promise<T>): Promise<T> {
  try {
    return await register();
  } catch (error) {
    await deps.store.releaseSenderIntake(address, claim, seen).catch(() => undefined);
    throw error;
  }
}

/** The sender item's cases of the day, for the registration to keep after its own. */
export function recentOfDay(deps: Pick<IntakeDeps, 'clock'>, state: SenderIntakeState): SenderCase[] {
  const since = deps.clock.now().getTime() - SENDER_RECENT_MS;
  return state.recent.filter((r) => Date.parse(r.registeredAt) >= since);
}

/**
 * The earlier cases with the sender's registrations the byContact index does not show yet (it is eventually
 * consistent: a case committed a moment ago may be missing), each read consistently — and only a case whose
 * petitioner still has this address (one corrected since is no longer the sender's). Newest first.
 */
export async function withSenderCases(deps: Pick<IntakeDeps, 'store'>, earlier: EarlierCase[], state: SenderIntakeState, address: string): Promise<EarlierCase[]> {
  const missing = state.recent.filter((r) => !earlier.some((e) => e.caseNumber === r.caseNumber));
  if (missing.length === 0) return earlier;
  const read: EarlierCase[] = [];
  for (const { caseNumber } of missing) {
    const c = await deps.store.getCaseRecord(caseNumber);
    if (c && !c.petitioner.anonymous && c.petitioner.email?.trim().toLowerCase() === address) read.push(earlierCaseOf(c));
  }
  return [...read, ...earlier].sort((a, b) => b.registeredAt.localeCompare(a.registeredAt));
}

function untilStale(deps: Pick<IntakeDeps, 'clock'>, claimedAt: string): number {
  const left = SENDER_CLAIM_STALE_SECONDS - (deps.clock.now().getTime() - Date.parse(claimedAt)) / 1000;
  return Math.max(SENDER_BUSY_RETRY_SECONDS, Math.ceil(left) + 1);
}

function staleBefore(deps: Pick<IntakeDeps, 'clock'>): string {
  return new Date(deps.clock.now().getTime() - SENDER_CLAIM_STALE_SECONDS * 1000).toISOString();
}
