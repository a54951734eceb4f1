import { advertisingOf } from '../../domain/mail/advertising.js';
import type { ParsedEmail } from '../../domain/mail/parsed-email.js';
import { heldId, heldOfOutcome, heldOutcome, heldRegistrationKey, type HeldReason, type HeldRelease } from '../held-mail.js';
import { senderFingerprint, type IntakeDeps, type IntakeOutcome } from './intake-deps.js';
import { CASE_TRAIL_ACTIONS } from '../ports.js';
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
  const { email } = input;
  const verdict = advertisingOf(email);
  const signs = [...(how.newsletter ? ['List-Unsubscribe'] : []), ...(verdict.advertising ? verdict.signs : [])];
  if (!how.newsletter && !verdict.advertising) return undefined;
  // Words of danger are registered and reported at once, whatever the headers or the advertising around them.
  if (urgencyOfEmail(deps.province, email).urgent) return undefined;
  return holdForStaff(deps, input, 'advertising', signs);
}

/**
 * Mail stored for an address that is no office mailbox — one removed from the configuration since SES or the
 * poller stored it (信箱已停用), a unit's — is a citizen's letter all the same: held for the office that address
 * belonged to (Province.officeForStrayMail) instead of dropped unseen, for staff to register or dismiss. Mail that
 * is no petition (auto-replies, bounces, lists) was set aside before; an urgent one is not held (the caller
 * registers it there at once).
 */
export async function holdStrayMail(
  deps: IntakeDeps,
  input: { email: ParsedEmail; key: string; storedAt: string; office: string; idempotencyKey: string },
  /** The address it was sent to, and whether a mailbox of ours once received it (the key names it): 信箱已停用. */
  address: { address?: string; stopped: boolean },
): Promise<IntakeOutcome> {
  const words = address.stopped ? '信箱已停用' : '收件地址非本省信访邮箱';
  return holdForStaff(deps, input, 'noOfficeMailbox', [address.address ? `${words}：${address.address}` : words]);
}

/** Holds an email once (a conditional put with its idempotency record); met again, the hold recorded first. */
async function holdForStaff(
  deps: IntakeDeps,
  input: { email: ParsedEmail; key: string; storedAt: string; office: string; idempotencyKey: string },
  reason: HeldReason,
  signs: string[],
): Promise<IntakeOutcome> {
  const { email, office } = input;
  const at = deps.clock.now().toISOString();
  const id = heldId(input.storedAt, input.idempotencyKey);
  const held = await deps.held.hold(
    {
      id,
      office,
      reason,
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
  takeNew: (input: { email: ParsedEmail; key: string; storedAt: string; office: string; idempotencyKey: string; releasedBy?: HeldRelease }) => Promise<IntakeOutcome>,
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
    ...(item.decidedBy && item.decidedAt ? { releasedBy: { by: item.decidedBy, at: item.decidedAt, ...(item.reason !== 'advertising' ? { reason: item.reason } : {}) } } : {}),
  });
  // The case it went on (a new one, the one handled below, the sender's open one): off the waiting list with its number.
  const caseNumber = 'caseNumber' in taken ? taken.caseNumber : resentCase(taken);
  if (caseNumber) {
    // Who chose 登记为信访事项, and when, on the trail of the case it went on — a new one, or one it was added to, whose
    // history says nothing of the hold (第十九条, 补充) — before the item is closed: a retry until then stores it once.
    if (item.decidedBy && item.decidedAt) {
      await deps.store.appendAudit(
        { caseNumber, at: item.decidedAt, actor: item.decidedBy, action: CASE_TRAIL_ACTIONS.registerHeldMail, outcome: 'allowed', detail: `${item.office}/${item.id}` },
        heldRegistrationKey(item.office, item.id),
      );
    }
    await deps.held.decide(item.office, item.id, 'registerRequested', { status: 'registered', caseNumber });
  }
  return taken;
}

/**
 * A resend of a case registered within the day: that case. Taken now, takeNewEmail says so in its reason; met again
 * (a replay after the outcome was recorded but before the item was closed), the recorded `ignored:resent:<case>` says it.
 */
function resentCase(outcome: IntakeOutcome): string | undefined {
  if (outcome.outcome === 'duplicate') return /^ignored:resent:(\S+)$/.exec(outcome.first)?.[1];
  return outcome.outcome === 'ignored' ? /^the same text as case (\S+), (?:registered|added to it) within the day$/.exec(outcome.reason)?.[1] : undefined;
}
