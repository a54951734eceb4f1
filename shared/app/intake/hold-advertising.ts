import { advertisingOf } from '../../domain/mail/advertising.js';
import type { ParsedEmail } from '../../domain/mail/parsed-email.js';
import { heldId, heldOfOutcome, heldOutcome, heldRegistrationKey } from '../held-mail.js';
import { senderFingerprint, type IntakeDeps, type IntakeOutcome } from './intake-deps.js';
import { urgencyOfEmail } from './urgent-precheck.js';

const EXCERPT_CHARS = 300;

/**
 * 疑似广告: a new email (no reply to a case) that reads as advertising and as
 * nothing of a citizen's own is held for its office instead of registered:
 * no case number, no acknowledgement. Never an urgent one: words of danger are
 * registered and reported at once, whatever else the mail holds. A newsletter
 * (List-Unsubscribe alone), which was dropped unseen before, is held whatever else it says. Safe to
 * repeat: held once (a conditional put), and its idempotency record names the
 * hold, so a redelivery finds it.
 */
export async function holdIfAdvertising(
  deps: IntakeDeps,
  input: { email: ParsedEmail; key: string; storedAt: string; office: string; idempotencyKey: string },
  /** `newsletter`: bulk mail by its List-Unsubscribe alone, held whatever its words (it was never registered). */
  how: { newsletter?: true } = {},
): Promise<IntakeOutcome | undefined> {
  const { email, office } = input;
  const verdict = advertisingOf(email);
  const signs = [...(how.newsletter ? ['List-Unsubscribe'] : []), ...(verdict.advertising ? verdict.signs : [])];
  if (!how.newsletter && !verdict.advertising) return undefined;
  // Words of danger are registered and reported at once, whatever the headers or the advertising around them.
  if (urgencyOfEmail(deps.province, email).urgent) return undefined;
  const at = deps.clock.now().toISOString();
  const id = heldId(input.storedAt, input.idempotencyKey);
  const held = await deps.held.hold(
    {
      id,
      office,
      reason: 'advertising',
      signs,
      rawKey: input.key,
      receivedAt: input.storedAt,
      heldAt: at,
      idempotencyKey: input.idempotencyKey,
      subject: email.subject,
      ...(email.from ? { from: email.from.address } : {}),
      excerpt: email.text.trim().slice(0, EXCERPT_CHARS),
      status: 'held',
    },
    senderFingerprint(email),
  );
  if (!held) {
    // Held already: this very copy again, or another copy of the email delivered at the same moment.
    const first = await deps.store.findIdempotencyRecord(input.idempotencyKey);
    return { outcome: 'duplicate', first: first?.outcome ?? heldOutcome(office, id) };
  }
  return { outcome: 'held', office, heldId: id };
}

/**
 * A held email met again: staff chose 登记为信访事项 (the API replays it here), so it goes on as any new
 * email past the hold (`takeNew`: receive-email's takeNewEmail) — a matter handled below linked there
 * (第十九条), a 补充 put on the sender's open case, otherwise registered, received when it first arrived,
 * acknowledged — under a key of its own (one outcome however often it is replayed); otherwise still held.
 */
export async function actOnHeldEmail(
  deps: IntakeDeps,
  outcome: string,
  email: ParsedEmail,
  key: string,
  takeNew: (input: { email: ParsedEmail; key: string; storedAt: string; office: string; idempotencyKey: string; releasedBy?: { by: string; at: string } }) => Promise<IntakeOutcome>,
): Promise<IntakeOutcome | undefined> {
  const held = heldOfOutcome(outcome);
  if (!held) return undefined;
  const item = await deps.held.get(held.office, held.id);
  if (!item || (item.status !== 'registerRequested' && item.status !== 'registered')) return { outcome: 'duplicate', first: outcome };
  if (item.status === 'registered') return { outcome: 'duplicate', first: outcome, ...(item.caseNumber ? { caseNumber: item.caseNumber } : {}) };
  const taken = await takeNew({
    email,
    key: item.rawKey || key,
    storedAt: item.receivedAt,
    office: item.office,
    idempotencyKey: heldRegistrationKey(item.office, item.id),
    ...(item.decidedBy && item.decidedAt ? { releasedBy: { by: item.decidedBy, at: item.decidedAt } } : {}),
  });
  // The case it went on (a new one, the one handled below, the sender's open one): off the waiting list with its number.
  const caseNumber = 'caseNumber' in taken ? taken.caseNumber : resentCase(taken);
  if (caseNumber) await deps.held.decide(item.office, item.id, 'registerRequested', { status: 'registered', caseNumber });
  return taken;
}

/**
 * A resend of a case registered within the day: that case. Taken now, takeNewEmail says so in its reason; met again
 * (a replay after the outcome was recorded but before the item was closed), the recorded `ignored:resent:<case>` says it.
 */
function resentCase(outcome: IntakeOutcome): string | undefined {
  if (outcome.outcome === 'duplicate') return /^ignored:resent:(\S+)$/.exec(outcome.first)?.[1];
  return outcome.outcome === 'ignored' ? /^the same text as case (\S+), registered within the day$/.exec(outcome.reason)?.[1] : undefined;
}
