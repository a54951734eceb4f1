import { randomUUID } from 'node:crypto';
import { earlierCaseOf } from '../../domain/mail/repeat.js';
import type { ParsedEmail } from '../../domain/mail/parsed-email.js';
import { petitionerFromEmail } from '../../domain/mail/petitioner.js';
import { neverActedOn, senderVerdicts } from '../../domain/mail/sender-verdicts.js';
import { WaitTurn, type EarlierCase, type SenderCase, type SenderIntakeState } from '../ports.js';
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
 * How often, and how many times, an intake looks again while another of the sender's emails is being registered,
 * before it stops holding the Lambda and waits its turn on the queue (WaitTurn). A burst from one address (a 街道
 * office forwarding two hundred residents' letters, a hotline platform's relay) registers at one or two a second
 * however many intakes hold its emails, so most of them wait on the queue, some several times: each wait is sent
 * again as a new message, not put back, so it uses none of the five receives after which an email would be
 * parked in the dead-letter queue unregistered (functions/lib/sqs-batch.ts `requeue`).
 */
const SENDER_POLL_MS = 200;
const SENDER_POLLS = 15;
/** Still busy after that and another claim came meanwhile: the burst is moving, the email looks again in 5–20 s (spread, so the waiters do not return together). */
export const SENDER_TURN_RETRY_SECONDS = { min: 5, max: 20 } as const;
/** The same claim all along (perhaps a crashed intake's): the email looks again when it would be stale, and at least this much later. */
export const SENDER_BUSY_RETRY_SECONDS = 5;
/** Claims lost in a row (other emails of the sender's registered meanwhile: each loss is another's progress) before the email waits on the queue. */
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
 * (or lost it) meanwhile — whatever it registered is now in the item. Busy too long: WaitTurn.
 */
export async function senderTurn(deps: Pick<IntakeDeps, 'store' | 'clock'>, address: string): Promise<{ state: SenderIntakeState; waited: boolean }> {
  let firstClaim: string | undefined;
  for (let poll = 0; ; poll++) {
    const state = await deps.store.senderIntake(address);
    if (!state.claim || state.claim.at < staleBefore(deps)) return { state, waited: poll > 0 };
    firstClaim ??= state.claim.by;
    if (poll >= SENDER_POLLS) {
      // One claim all along may be a crashed intake's: looked at again once it would be stale, not before.
      const moving = state.claim.by !== firstClaim;
      throw new WaitTurn('another email of the same sender is being registered', moving ? senderTurnDelay() : untilStale(deps, state.claim.at));
    }
    await new Promise((resolve) => setTimeout(resolve, SENDER_POLL_MS));
  }
}

/** Seconds until an email whose sender's burst is being registered looks again: spread, so its waiters come back one by one. */
export function senderTurnDelay(): number {
  const { min, max } = SENDER_TURN_RETRY_SECONDS;
  return min + Math.floor(Math.random() * (max - min + 1));
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
