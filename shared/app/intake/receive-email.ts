import { mergedRepeatMessageId } from '../../domain/retention.js';
import { liveTarget } from '../routing/merge-repeat.js';
import { OPEN_STATUSES, type Case } from '../../domain/case.js';
import { mailIdempotencyKey, recordOnCase, threadKey } from '../../domain/messages.js';
import { ownWords, petitionerIntent } from '../../domain/mail/intent.js';
import { CaseNotFound, InvalidTransition, RuleViolation } from '../../domain/errors.js';
import { answerFollowUp, requestCaseReview } from '../closing/closing.js';
import { reviewRefusalReason, reviewRefusedMail } from '../closing/letters.js';
import type { ParsedEmail } from '../../domain/mail/parsed-email.js';
import { bouncedMessageId } from '../../domain/mail/bounce.js';
import { bounceReport, deliveryStatus, isOurMessageId, ourMessageIdTag } from '../../domain/mail/delivery-status.js';
import { classifyNoise, ownAddresses } from '../../domain/mail/noise.js';
import { threadCandidates } from '../../domain/mail/threading.js';
import type { Province } from '../../domain/province.js';
import { mailboxOfRawKey, RAW_MAIL_PREFIX, rawMailPrefix } from '../../resources/definitions.js';
import { commitCaseChange } from '../change-case.js';
import { addPetitionerMessage, type SenderProof } from './petitioner-message.js';
import { RetryLater, WaitTurn, type CaseWithEvents } from '../ports.js';
import { emailMatter } from '../../domain/mail/petition-text.js';
import { resentOf, sameFiles, type EarlierCase } from '../../domain/mail/repeat.js';
import { supplementTarget } from '../../domain/mail/supplement.js';
import { earlierCasesReadableBy } from '../may-read.js';
import { neverActedOn, senderVerdicts } from '../../domain/mail/sender-verdicts.js';
import { letters } from '../outbox.js';
import { earlierCasesOfPetitioner, messageText, senderFingerprint, type IntakeDeps, type IntakeOutcome } from './intake-deps.js';
import { petitionerFromEmail } from '../../domain/mail/petitioner.js';
import { contactsOf } from '../../domain/registration.js';
import { linkIfHandledBelow } from './handled-below.js';
import { materialReceived, unprovenReviewRequestNotice } from './letters.js';
import { storeMaterialFiles } from './material-files.js';
import { registerEmail } from './register-email.js';
import { resentOnCase, resentToCaseReason } from './resent-message.js';
import { actOnHeldEmail, holdIfAdvertising, holdStrayMail } from './hold-advertising.js';
import { heldOfOutcome, type HeldRelease } from '../held-mail.js';
import { claimSender, recentOfDay, SENDER_ATTEMPTS, senderOfRegistration, senderTurn, senderTurnDelay, underClaim, withSenderCases } from './same-sender.js';
import { urgencyOfEmail } from './urgent-precheck.js';
import { advertisingOf } from '../../domain/mail/advertising.js';

export type { IntakeDeps, IntakeOutcome } from './intake-deps.js';

export interface ReceiveOptions {
  /** Leave an urgent email to its copy on the urgent lane (the pre-check put it there). */
  leaveUrgentToItsLane?: boolean;
  /** The queue shows the message for the first time: the copy of an office before it (actingCopy), not stored yet, is waited for. */
  firstReceive?: boolean;
}

/** SES writes this object when a receipt rule is created; it is not mail. */
const SES_SETUP_OBJECT = 'AMAZON_SES_SETUP_NOTIFICATION';

/**
 * Takes one raw email stored by SES (or the local SMTP server) and makes it
 * part of the register: a new case, material on an existing case, a bounce
 * recorded on the case whose mail bounced — or nothing, for auto-replies and
 * list mail. Safe to repeat: the email's Message-ID (or content hash) is its
 * idempotency key, written in the transaction of the change it makes, with
 * the letters and routing that change causes (the outbox).
 */
export async function receiveEmail(deps: IntakeDeps, key: string, options: ReceiveOptions = {}): Promise<IntakeOutcome> {
  if (!key.startsWith(RAW_MAIL_PREFIX) || key.endsWith(SES_SETUP_OBJECT)) return { outcome: 'ignored', reason: 'not an incoming message' };
  const outcome = await actOnEmail(deps, key, options);
  if (await heldByNoCase(deps, key, outcome)) await deps.mail.expireByAge(key);
  return outcome;
}

/**
 * Whether the raw email is held by no case, so it may expire by age
 * (docs/storage.md "Retention"): a case's email — registered, threaded,
 * linked, each a message naming this key — stays until the case is removed.
 * A repeat delivery of the case's own email is held; a second copy of it
 * (another office's, a resend) is not. An email once refused stays refused
 * (its idempotency record answers every replay), so a tagged email never
 * becomes a case's later.
 */
async function heldByNoCase(deps: IntakeDeps, key: string, outcome: IntakeOutcome): Promise<boolean> {
  switch (outcome.outcome) {
    case 'registered':
    case 'threaded':
    case 'linked':
      return false;
    case 'bounceRecorded':
    case 'ignored':
      return true;
    // Kept until staff decide it (登记 or 确认无效, which lets it expire).
    case 'held':
      return false;
    case 'duplicate': {
      // A held email met again stays until staff decide it.
      if (heldOfOutcome(outcome.first)) return false;
      if (!outcome.caseNumber) return true;
      const found = await deps.store.get(outcome.caseNumber);
      return !found?.messages.some((m) => m.rawKey === key);
    }
  }
}

async function actOnEmail(deps: IntakeDeps, key: string, options: ReceiveOptions): Promise<IntakeOutcome> {
  const { body, storedAt } = await deps.mail.getRaw(key);
  let email = await deps.parse(body);
  let idempotencyKey = mailIdempotencyKey(email);

  let seen = await deps.store.findIdempotencyRecord(idempotencyKey);
  if (seen?.fingerprint && email.messageId && seen.fingerprint !== senderFingerprint(email)) {
    // Another sender's mail under a Message-ID already used: a petition of its own, known by its content
    // as mail without a Message-ID is; the id, the first sender's thread, is not its to thread on.
    const { messageId: _taken, ...rest } = email;
    email = rest;
    idempotencyKey = mailIdempotencyKey(email);
    seen = await deps.store.findIdempotencyRecord(idempotencyKey);
  }
  if (seen) {
    // Held for staff: registered now if they asked (登记为信访事项), else still held. Always as a retry: each press is a
    // new queue message, on its first receive, while an earlier press's failed try may have kept the number it drew.
    const held = await actOnHeldEmail(deps, seen.outcome, email, key, (input) => takeNewEmail(deps, { ...input, retried: true }));
    if (held) return held;
    // The first attempt may have stopped after storing the message and before acting on what it asks.
    if (seen.outcome === 'threaded' && seen.caseNumber) await actOnStoredReply(deps, seen.caseNumber, email, idempotencyKey, storedAt);
    return { outcome: 'duplicate', first: seen.outcome, ...(seen.caseNumber ? { caseNumber: seen.caseNumber } : {}) };
  }
  // Sent to several offices: one copy acts for all.
  const acting = await actingCopy(deps, key, email);
  if (acting?.stored) return { outcome: 'ignored', reason: `a copy for another office; the one stored as ${acting.stored} acts` };
  // The acting office's copy may be stored a moment after this one: waited for once, briefly. An office only
  // named in To/Cc (never sent to) has no copy to come: met again, or no longer new, this copy acts.
  if (acting?.awaited && options.firstReceive && deps.clock.now().getTime() - Date.parse(storedAt) < DEEPER_COPY_WAIT_SECONDS * 1000) {
    throw new RetryLater('the copy for the office that acts on it is not stored yet', DEEPER_COPY_GRACE_SECONDS);
  }
  // The pre-check put this email on the urgent intake lane too, where it is taken at once: left to
  // that copy, so that two intakes never race for one email (the loser would leave a case number
  // unused). Only on its first delivery here: if the pre-check failed, the next one registers it.
  if (options.leaveUrgentToItsLane && urgencyOfEmail(deps.province, email).urgent) {
    throw new RetryLater('urgent: left to its copy on the urgent intake lane', URGENT_COPY_GRACE_SECONDS);
  }
  const at = deps.clock.now().toISOString();

  const verdict = classifyNoise(email, ownAddresses(deps.province), (id) => sentByUs(deps, id));
  if (verdict.kind === 'bounce') return recordBounce(deps, email, idempotencyKey, verdict.reason, at, storedAt);
  // A newsletter known only by its List-Unsubscribe (no List-Id, no Precedence) is not dropped unseen: a client or
  // gateway may add the header to a citizen's own mail. A reply to a case is threaded, an urgent one registered,
  // the rest held for the office to see (below).
  const newsletter = verdict.kind === 'bulk' && verdict.reason === 'List-Unsubscribe';
  if (verdict.kind !== 'petition' && !newsletter) {
    await deps.store.recordOutcome(idempotencyKey, `ignored:${verdict.kind}`, at, senderFingerprint(email));
    return { outcome: 'ignored', reason: `${verdict.kind}: ${verdict.reason}` };
  }

  let thread = await findThread(deps, email);
  // A newsletter quoting our Message-ID (an autoresponder or CRM answering our acknowledgement with 限时优惠…退订) is
  // not the petitioner's words: threaded only if it reads as no advertisement or comes from the case's own petitioner,
  // or is urgent; otherwise held as any newsletter.
  if (thread && newsletter && !(await newsletterBelongsTo(deps, thread, email))) thread = undefined;
  // A reply to a repeat declined into its earlier case goes on to that case, proven by the repeat's mail it answers.
  const answered = thread;
  if (thread) thread = await mergedInto(deps, thread);
  if (thread) {
    try {
      return await appendPetitionerMessage(deps, thread, email, key, storedAt, idempotencyKey, answered !== thread ? { repeat: answered } : {});
    } catch (error) {
      // An archived case takes nothing more (its file is closed): what its petitioner writes now — the content
      // a 不予受理 asked for, a new turn of the matter — is a new petition, registered below with the case it answered.
      // One removed after its retention (销毁) is no case at all: the reply is a new petition, tied to nothing.
      if (error instanceof CaseNotFound) thread = undefined;
      else if (!(error instanceof InvalidTransition && error.from === 'archived')) throw error;
    }
  }

  // A reply to an archived case reached the office that case came to, whatever address it was sent to.
  const office = receivingOffice(deps.province, key, email) ?? (thread ? (await deps.store.getCaseRecord(thread))?.receivingOffice : undefined);
  if (!office) {
    // Stored for an address that is no office mailbox (any more): a citizen's letter is never dropped unseen. Held for
    // the office that address belonged to, for staff to register or dismiss — an urgent one registered there at once.
    const stray = strayAddress(key, email);
    const heldFor = deps.province.officeForStrayMail(stray.address);
    if (urgencyOfEmail(deps.province, email).urgent) {
      return takeNewEmail(deps, { email, key, storedAt, office: heldFor, idempotencyKey, ...(options.firstReceive !== true ? { retried: true } : {}) });
    }
    return holdStrayMail(deps, { email, key, storedAt, office: heldFor, idempotencyKey }, stray);
  }
  // 疑似广告: held for the office to decide, not registered nor answered — never a reply to a case (threaded above, or
  // one to an archived case), nor an urgent one (holdIfAdvertising).
  if (!thread) {
    const held = await holdIfAdvertising(deps, { email, key, storedAt, office, idempotencyKey }, newsletter ? { newsletter: true } : {});
    if (held) return held;
  }
  // Not the queue's first delivery (or not known to be): a failed attempt before may have kept its number.
  return takeNewEmail(deps, { email, key, storedAt, office, idempotencyKey, ...(thread ? { answersArchived: thread } : {}), ...(options.firstReceive !== true ? { retried: true } : {}) });
}

/**
 * A new email past the hold for advertising, to its office: a resend of a case of the day, a 补充 to the
 * sender's open case, a matter handled below (第十九条), or a new petition — the same whether it came just now or
 * staff released it from the hold (登记为信访事项: `releasedBy`, under the hold's own idempotency key).
 */
export async function takeNewEmail(
  deps: IntakeDeps,
  input: { email: ParsedEmail; key: string; storedAt: string; office: string; idempotencyKey: string; answersArchived?: string; releasedBy?: HeldRelease; retried?: boolean },
): Promise<IntakeOutcome> {
  const { email, key, storedAt, office, idempotencyKey } = input;
  const at = deps.clock.now().toISOString();
  // The sender's emails are decided one at a time (same-sender.ts): Send pressed twice is one case, not two at once.
  const sender = senderOfRegistration(email);
  const contacts = contactsOf(petitionerFromEmail(email));
  for (let attempt = 1; ; attempt++) {
    const turn = sender ? await senderTurn(deps, sender) : undefined;
    if (attempt > 1 || turn?.waited) {
      // Another intake of the sender's finished meanwhile: perhaps with this very email (a second delivery, a copy to another office).
      const done = await deps.store.findIdempotencyRecord(idempotencyKey);
      // Another sender's email under this Message-ID: taken again from the top, by its content.
      if (done && email.messageId && done.fingerprint && done.fingerprint !== senderFingerprint(email)) throw new RetryLater('another sender’s email with this Message-ID', 1);
      if (done) return { outcome: 'duplicate', first: done.outcome, ...(done.caseNumber ? { caseNumber: done.caseNumber } : {}) };
    }
    // Read once: 第十九条 below and the registration's repeat both compare the matter with these.
    const indexed = await earlierCasesOfPetitioner(deps.store, contacts);
    const earlier = turn && sender ? await withSenderCases(deps, indexed, turn.state, sender) : indexed;
    // Send pressed twice, or the client re-sent it with a new Message-ID: the same words as a case of theirs registered
    // within the day are that case, not a second petition to be declined as a repeat (with a 不予受理 they never earned).
    const resent = await resentCase(deps, email, storedAt, office, earlier);
    if (resent) {
      await deps.store.recordOutcome(idempotencyKey, `ignored:resent:${resent}`, at, senderFingerprint(email));
      return { outcome: 'ignored', reason: `the same text as case ${resent}, registered within the day` };
    }
    // 补充… sent as a new mail soon after their petition: material for that open case, not a second petition (nor a
    // 不予受理 as its repeat). Only the case of the address it comes from, one the receiving office may read.
    const supplemented = await supplementedCase(deps, email, storedAt, office, earlier);
    if (supplemented) {
      // The same 补充 sent again with a new Message-ID (Send pressed twice): on the case once.
      const resend = await resentOnCase(deps, supplemented, email, storedAt);
      if (resend.resent) {
        await deps.store.recordOutcome(idempotencyKey, `ignored:resent:${supplemented}`, at, senderFingerprint(email));
        return { outcome: 'ignored', reason: resentToCaseReason(supplemented) };
      }
      return appendPetitionerMessage(deps, supplemented, email, key, storedAt, idempotencyKey, { supplement: true, guard: resend.guard });
    }
    // 条例 第十九条: the same matter, handled below within its limits, is not registered anew.
    const linked = await linkIfHandledBelow(deps, { email, key, storedAt, office, idempotencyKey, earlier });
    if (linked) return linked;
    const registration = {
      email,
      key,
      storedAt,
      office,
      idempotencyKey,
      earlier,
      ...(input.answersArchived ? { answersArchived: input.answersArchived } : {}),
      ...(input.releasedBy ? { releasedBy: input.releasedBy } : {}),
      ...(input.retried ? { retried: true } : {}),
    };
    if (!sender || !turn) return registerEmail(deps, registration);
    // Registered only on the sender item as read: another registration meanwhile is decided on again, before a number is drawn.
    const claim = await claimSender(deps, sender, turn.state);
    if (claim) {
      const outcome = await underClaim(deps, sender, claim, turn.state, () => registerEmail(deps, { ...registration, sender: { address: sender, claim, recent: recentOfDay(deps, turn.state) } }));
      // Nothing registered (another copy of this email recorded it first): the claim is given back, not left to go stale.
      if (outcome.outcome !== 'registered') await deps.store.releaseSenderIntake(sender, claim, turn.state).catch(() => undefined);
      return outcome;
    }
    if (attempt >= SENDER_ATTEMPTS) throw new WaitTurn('other emails of the same sender kept being registered', senderTurnDelay());
  }
}

/**
 * The sender's case of the day this email only sends again (resentOf). With files, only when they are the very
 * files of the email that made it (sameFiles, read from its stored original): Send pressed twice on a petition
 * with a photo is one case, while the same words with another photo are not ignored — that file would be lost.
 */
async function resentCase(deps: IntakeDeps, email: ParsedEmail, storedAt: string, office: string, earlier: readonly EarlierCase[]): Promise<string | undefined> {
  const candidate = resentOf({ matter: emailMatter(email.text.trim(), false), receivedAt: storedAt, office }, earlier);
  if (!candidate || email.attachments.length === 0) return candidate;
  const found = await deps.store.get(candidate);
  const original = found?.messages.find((m) => m.direction === 'in' && m.kind === 'petition' && m.rawKey?.startsWith(RAW_MAIL_PREFIX));
  if (!original?.rawKey) return undefined;
  // A case's original is kept as long as the case: a failure to read it is retried, as any read of the intake is.
  const first = await deps.parse((await deps.mail.getRaw(original.rawKey)).body);
  return sameFiles(first.attachments, email.attachments) ? candidate : undefined;
}

/**
 * An email addressed to several offices is stored once for each (one receipt rule per office
 * mailbox), every copy under the same message id. One copy acts for all, and every copy names
 * the same one, from the message alone (never itself first): the office nearest the matter,
 * the deepest in the tree (属地管理: the county before the city), then one in To before one in
 * Cc, then the first in header order. The others stand aside while that copy exists, so two
 * intakes never take one email to two offices at once: which office registered it would
 * depend on timing (a county only Cc'd registered the matter of another), and the loser's
 * office would be left with an unused case number; a copy that acts anyway (the chosen one
 * never came) is known as the same message by its idempotency key. Answers `stored`, the
 * acting copy's key, when it is another's; `awaited` when an office before this one in that
 * order has no copy stored (yet: SES stores the copies one by one); undefined when this copy
 * acts (also for copies stored under ids of their own, as the IMAP poller's are, which have
 * no siblings to find).
 */
async function actingCopy(deps: IntakeDeps, key: string, email: ParsedEmail): Promise<{ stored?: string; awaited?: true } | undefined> {
  const own = mailboxOfRawKey(key);
  const { province } = deps;
  if (!own || !province.isOfficeMailbox(own)) return undefined;
  const order = actingOrder(province, email);
  // A copy for an office the headers do not show (Bcc) comes last: it acts only when none of theirs came.
  const offices = order.includes(own) ? order : [...order, own];
  if (offices.length < 2) return undefined;
  const id = key.slice(key.lastIndexOf('/') + 1);
  if (id.startsWith(IMAP_KEY_PREFIX)) return undefined;
  let awaited = false;
  for (const mailbox of offices) {
    if (mailbox === own) return awaited ? { awaited } : undefined;
    const sibling = `${rawMailPrefix(mailbox)}${id}`;
    if (await deps.mail.exists(sibling)) return { stored: sibling };
    awaited = true;
  }
  return awaited ? { awaited } : undefined;
}

/**
 * The offices an email is addressed to, in the order their copies act (actingCopy): the same
 * in every copy: the deepest office first (属地管理), then To before Cc, then header order.
 */
export function actingOrder(province: Province, email: Pick<ParsedEmail, 'to' | 'cc'>): string[] {
  // A tagged reply address (xinfang+<case>.<mac>@…) is its office's mailbox, whose copy SES stores under the plain one.
  const offices = (list: readonly { address: string }[]) => [...new Set(list.map((a) => a.address.toLowerCase().replace(/\+[^@]*@/, '@')))].filter((m) => province.isOfficeMailbox(m));
  const to = offices(email.to);
  const cc = offices(email.cc).filter((m) => !to.includes(m));
  const depth = (mailbox: string) => province.tree.ancestors(province.mailboxOwnerOf(mailbox)!.jurisdiction).length;
  // Array.prototype.sort is stable: among offices of one depth, To before Cc, then header order.
  return [...to, ...cc].sort((a, b) => depth(b) - depth(a));
}

/** The IMAP poller stores each message under its mailbox's own UID (poll-mailbox.ts): its copies share no id. */
const IMAP_KEY_PREFIX = 'imap-';
/** Whether SES received the mail (and its receiving checks are on it), not the IMAP poller from another server. */
const receivedThroughSes = (key: string): boolean => !key.slice(key.lastIndexOf('/') + 1).startsWith(IMAP_KEY_PREFIX);
/** A copy met this soon after it was stored, on its first receive, waits for the copy of an office before it (actingCopy)… */
const DEEPER_COPY_WAIT_SECONDS = 60;
/** …shown again this much later: SES stores an email's copies within seconds of each other. */
export const DEEPER_COPY_GRACE_SECONDS = 10;

/** The office that received the mail: from the storage key (one SES rule per office), else the addressees. */
function receivingOffice(province: Province, key: string, email: ParsedEmail): string | undefined {
  const candidates = [mailboxOfRawKey(key), ...email.to.map((a) => a.address), ...email.cc.map((a) => a.address)];
  for (const address of candidates) {
    if (address && province.isOfficeMailbox(address)) return province.mailboxOwnerOf(address)!.jurisdiction;
  }
  return undefined;
}

/**
 * The address mail that reached no office mailbox was sent to: the mailbox its key names — stored for it by SES or
 * the poller, so it was an office mailbox then (`stopped`: 信箱已停用) — else the first it is addressed to.
 */
function strayAddress(key: string, email: ParsedEmail): { address?: string; stopped: boolean } {
  const stored = mailboxOfRawKey(key);
  if (stored) return { address: stored, stopped: true };
  const addressed = [...email.to, ...email.cc][0]?.address.toLowerCase();
  return { ...(addressed ? { address: addressed } : {}), stopped: false };
}

/**
 * The open case a new mail adds to (supplementTarget): it says 补充, and the sender's recent open case the receiving
 * office may read is one alone, or the one it names — and that case's petitioner wrote from this very address.
 */
async function supplementedCase(deps: IntakeDeps, email: ParsedEmail, receivedAt: string, office: string, earlier: readonly EarlierCase[]): Promise<string | undefined> {
  const from = email.from?.address.toLowerCase();
  if (!from || neverActedOn(senderVerdicts(email))) return undefined;
  const readable = earlierCasesReadableBy(office, [...earlier], deps.province.tree);
  const target = supplementTarget({ subject: email.subject, text: ownWords(email.text), receivedAt }, readable);
  if (!target) return undefined;
  const found = await deps.store.getCaseRecord(target);
  return found && !found.petitioner.anonymous && found.petitioner.email?.toLowerCase() === from ? target : undefined;
}

/**
 * A reply to a message we sent or received threads on its own (Message-IDs are
 * unguessable: ours carry a mac); a case number in the subject counts only from that case's petitioner.
 */
/**
 * How long the intake queue's copy of an urgent email leaves it to the urgent lane's copy,
 * which is taken at once: long enough for that copy to commit, short enough that an urgent
 * email whose pre-check failed is still registered, and its leaders alerted, within a minute
 * (issue 16), not after the intake queue's 180 s visibility timeout.
 */
export const URGENT_COPY_GRACE_SECONDS = 30;

async function findThread(deps: IntakeDeps, email: ParsedEmail): Promise<string | undefined> {
  const candidates = threadCandidates(email);
  for (const id of genuineQuoted(deps, candidates.messageIds)) {
    const caseNumber = await deps.store.findCaseByThreadKey(threadKey(id));
    if (caseNumber) return caseNumber;
  }
  const sender = email.from?.address.toLowerCase();
  if (!sender) return undefined;
  // The case a tagged reply address names (xinfang+<case>.<mac>@…): proven or not, it is that case's mail.
  const tagged = [...email.to, ...email.cc].map((a) => /^[^@+]+\+([^@]+)\.[0-9a-f]+@/i.exec(a.address)?.[1]).filter((n): n is string => Boolean(n));
  for (const caseNumber of [...tagged, ...candidates.caseNumbers]) {
    const found = await deps.store.get(caseNumber);
    if (found?.case.petitioner.email?.toLowerCase() === sender) return caseNumber;
  }
  return undefined;
}

/** Whether a newsletter (List-Unsubscribe) that threads onto a case is that case's mail rather than marketing in reply. */
async function newsletterBelongsTo(deps: IntakeDeps, caseNumber: string, email: ParsedEmail): Promise<boolean> {
  if (urgencyOfEmail(deps.province, email).urgent || !advertisingOf(email).advertising) return true;
  const sender = email.from?.address.toLowerCase();
  const petitioner = (await deps.store.getCaseRecord(caseNumber))?.petitioner.email?.toLowerCase();
  return Boolean(sender && petitioner === sender);
}

/**
 * Where a reply to a case belongs: a repeat whose material the router merged
 * into its earlier case (重复件, whose 不予受理告知 said so) sends what its
 * petitioner writes on to that case — found as the merge found it — while it
 * is open, so the unit handling the matter gets it; otherwise the case itself.
 */
async function mergedInto(deps: IntakeDeps, caseNumber: string): Promise<string> {
  const c = await deps.store.getCaseRecord(caseNumber);
  if ((c?.status !== 'declined' && c?.status !== 'redirected') || !c.repeatOf) return caseNumber;
  const target = await liveTarget(deps, c.repeatOf);
  const found = await deps.store.get(target);
  const merged = found?.messages.some((m) => m.id === mergedRepeatMessageId(caseNumber));
  return found && merged && OPEN_STATUSES.has(found.case.status) ? target : caseNumber;
}

/** A Message-ID we sent: in the form of ours (whatever the domain, which may have changed since), its mac verified. */
function sentByUs(deps: IntakeDeps, messageId: string): boolean {
  return ourMessageIdTag(messageId) !== undefined && deps.replyTags.genuine(messageId);
}

/** The Message-IDs an email quotes (In-Reply-To, References), but none made up in the form of ours. */
function genuineQuoted(deps: IntakeDeps, quoted: readonly string[]): string[] {
  return quoted.filter((id) => deps.replyTags.genuine(id));
}

async function appendPetitionerMessage(
  deps: IntakeDeps,
  caseNumber: string,
  email: ParsedEmail,
  key: string,
  storedAt: string,
  idempotencyKey: string,
  how: {
    /** The repeat whose mail the reply answers, when it was sent on to the earlier case (mergedInto): the sender is proven by that case's mail. */
    repeat?: string | undefined;
    /** A new mail saying 补充 (supplementedCase): material only, its sender proven by its domain's DMARC pass. */
    supplement?: true;
    /** Throws on the case as read for the write (resentOnCase: a copy added meanwhile). */
    guard?: (found: CaseWithEvents) => void;
  } = {},
): Promise<IntakeOutcome> {
  const { repeat, supplement, guard } = how;
  const messageId = email.messageId ?? idempotencyKey;
  const answered = repeat ? await deps.store.get(repeat) : undefined;
  // Its files are kept as a petition's are, on the message staff read (marked unverified with it when the sender is unproven).
  // Not for a case that takes nothing more (archived, removed): the email is registered anew, with its files, below.
  const current = await deps.store.getCaseRecord(caseNumber);
  const files = current && current.status !== 'archived' ? await storeMaterialFiles(deps, caseNumber, email, messageId) : { attachments: [], refused: [] };
  const { stored, proof } = await addPetitionerMessage(deps, caseNumber, {
    message: {
      caseNumber,
      id: messageId,
      direction: 'in',
      at: storedAt,
      ...(email.from ? { from: email.from.address } : {}),
      to: email.to.map((a) => a.address),
      ...(email.cc.length ? { cc: email.cc.map((a) => a.address) } : {}),
      subject: email.subject,
      text: messageText(email.text),
      rawKey: key,
      messageIds: email.messageId ? [email.messageId] : [],
      attachments: files.attachments,
      kind: 'petitionerReply',
    },
    via: 'email',
    actor: 'system:intake',
    words: [email.subject, ownWords(email.text), ...email.attachments.map((a) => a.filename)],
    attachmentCount: email.attachments.length,
    refusedAttachments: files.refused,
    threadKeys: email.messageId ? [threadKey(email.messageId)] : [],
    idempotencyKey,
    idempotencyFingerprint: senderFingerprint(email),
    ...(guard ? { guard } : {}),
    // A 补充 mail is material only: its redelivery is not acted on as a reply (actOnStoredReply) either.
    outcome: supplement ? 'threaded:supplement' : 'threaded',
    proof: (found) => {
      const samePetitioner = answered && answered.case.petitioner.email?.toLowerCase() === found.case.petitioner.email?.toLowerCase();
      return senderProof(deps, samePetitioner ? answered : found, email, supplement, receivedThroughSes(key));
    },
    // A review request or a follow-up answer goes to whoever decides it (actOnPetitionerReply), not to the unit as material.
    // Only a proven sender's: an unproven one is acted on by nobody, and the unit is told of it (marked 【发件人未验证】).
    // Sent on from a repeat (proven by that case's mail): material only, never an answer to this case's letters.
    actedOn: (c, proof) => (!repeat && !supplement && proof.verified ? replyActedOn(c, email)?.kind : undefined),
    alsoTell: (c, proof) => (proof.verified ? undefined : unprovenReviewRequestNotice(deps.province, c, email.text, messageId, storedAt)),
    // A proven petitioner who sent files is told which were kept and which refused, and why (an unproven sender's
    // address of record is told how to confirm instead).
    answer: (c, proof) =>
      proof.verified && (supplement || email.attachments.length > 0)
        ? materialReceived(deps.province, c, {
            messageId,
            receivedAt: storedAt,
            ...files,
            replyingTo: email.messageId,
            // A review request or follow-up answer is answered by its own letter; these files go with it, not to the unit.
            withRequest: !repeat && !supplement && replyActedOn(c, email) !== undefined,
          })
        : undefined,
  });
  // Only mail that proves its sender received our mail may change the case (a review request, a follow-up answer).
  if (stored.result === 'committed' && proof.verified && !repeat && !supplement) await actOnPetitionerReply(deps, stored.case, email, messageId, storedAt);
  return { outcome: 'threaded', caseNumber };
}

/**
 * Whether the sender of a reply is the petitioner: `From:` is easy to forge,
 * so only a reply that shows it received our mail counts — sent back to the
 * case's tagged reply address, or quoting a Message-ID we sent to the
 * petitioner (ours are random) — and never mail SES found infected or whose
 * domain disowns it (DMARC fail).
 */
function senderProof(deps: IntakeDeps, found: CaseWithEvents, email: ParsedEmail, supplement: true | undefined, throughSes: boolean): SenderProof {
  const verdicts = senderVerdicts(email);
  const blocked = neverActedOn(verdicts);
  if (blocked) return { verified: false, reason: blocked };
  const record = found.case.petitioner.anonymous ? undefined : found.case.petitioner.email?.toLowerCase();
  if (!record) return { verified: false, reason: 'noAddressOfRecord' };
  if (email.from?.address.toLowerCase() !== record) return { verified: false, reason: 'notFromPetitioner' };
  // A 补充 mail answers none of ours: its own domain vouching for the From (DMARC pass) is what proves it, for material only —
  // SES's word on it only: mail the IMAP poller fetched has no SES header, and one it seems to have, the sender wrote.
  if (supplement && throughSes && verdicts.dmarc === 'pass') return { verified: true, reason: 'dmarcPass' };
  if (deps.replyTags.proves([...email.to, ...email.cc].map((a) => a.address), found.case.caseNumber, record)) return { verified: true, reason: 'replyTag' };
  const quoted = new Set(genuineQuoted(deps, threadCandidates(email).messageIds).map(threadKey));
  const answersOurMail = found.messages.some(
    (m) => m.direction === 'out' && m.to.some((to) => to.toLowerCase() === record) && m.messageIds.some((id) => quoted.has(threadKey(id))),
  );
  return answersOurMail ? { verified: true, reason: 'repliedToOurMail' } : { verified: false, reason: 'noProof' };
}

/**
 * A reply from the petitioner may answer the follow-up (满意 / 不满意) or ask
 * for a review (申请复查 / 复核). Only the petitioner's own address counts, and
 * only while the case is where such an answer makes sense; a redelivery
 * finds it done already and changes nothing.
 */
async function actOnPetitionerReply(deps: IntakeDeps, c: Case, email: ParsedEmail, messageId: string, receivedAt: string): Promise<void> {
  const intent = replyActedOn(c, email);
  if (!intent) return;
  const petitioner = { system: 'petitioner' };
  if (intent.kind === 'followUp') {
    await answerFollowUp(deps, c.caseNumber, petitioner, { satisfied: intent.satisfied, via: 'email', comment: ownWords(email.text).slice(0, 2000) });
    return;
  }
  try {
    // On time by when the mail arrived, not when the intake got to it: within [the reply, now], since a store's
    // timestamp (to the second) may fall a moment before the reply it answers, or a skewed clock after now.
    const now = deps.clock.now().getTime();
    const arrived = Math.min(Math.max(Date.parse(receivedAt), c.reply ? Date.parse(c.reply.at) : 0), now);
    await requestCaseReview(deps, c.caseNumber, petitioner, { reason: ownWords(email.text).slice(0, 2000) || '信访人来信申请复查', receivedAt: new Date(arrived).toISOString() });
  } catch (error) {
    if (!(error instanceof RuleViolation)) throw error;
    await refuseReviewRequest(deps, c.caseNumber, reviewRefusalReason(error), messageId);
  }
}

/**
 * What actOnPetitionerReply does with a reply, judged on the case as read:
 * the answer to a follow-up sent and not yet answered, or a review request
 * on a replied case — from the petitioner's own address only. Undefined: the
 * reply is material for the case and nothing more.
 */
function replyActedOn(c: Case, email: ParsedEmail): NonNullable<ReturnType<typeof petitionerIntent>> | undefined {
  const from = email.from?.address.toLowerCase();
  if (!from || c.petitioner.anonymous || c.petitioner.email?.toLowerCase() !== from) return undefined;
  if (c.status !== 'replied' && c.status !== 'closed') return undefined;
  const intent = petitionerIntent(email.text);
  if (intent?.kind === 'followUp') return c.followUp?.sentAt && !c.followUp.answeredAt ? intent : undefined;
  return intent;
}

/** A late or final review request is answered, never met with silence; the refusal is on the case with its letter. */
async function refuseReviewRequest(deps: IntakeDeps, caseNumber: string, reason: string, messageId: string): Promise<void> {
  await commitCaseChange(deps, caseNumber, ({ case: current }, at) => {
    const noted = recordOnCase(current, 'noted', { at, actor: 'system:intake', reason, detail: { reviewRequestRefused: true, messageId } });
    return { ...noted, idempotencyKey: `review-refused:${caseNumber}:${messageId}`, outbox: letters(reviewRefusedMail(deps.province, current, reason, messageId)) };
  });
}

/** A redelivery of a reply whose message was stored: act on it now if the first attempt stopped before (idempotent by state). */
async function actOnStoredReply(deps: IntakeDeps, caseNumber: string, email: ParsedEmail, idempotencyKey: string, storedAt: string): Promise<void> {
  const c = await deps.store.getCaseRecord(caseNumber);
  if (c) await actOnPetitionerReply(deps, c, email, email.messageId ?? idempotencyKey, storedAt);
}

/** How long after a bounce of our own letter arrived it may still wait for the mailer to file that letter on its case. */
const FILING_GRACE_MS = 5 * 60_000;

/**
 * A bounce (a DSN, RFC 3464, or an older bounce in prose) of a letter we sent
 * is recorded on that letter's case as SES's bounce events are (same event,
 * reason and bounce type words), found by the Message-ID it quotes. A report
 * that the letter is only delayed or was delivered records nothing. Where the
 * provider has no event feed (SMTP), this is the only bounce the case gets.
 */
async function recordBounce(deps: IntakeDeps, email: ParsedEmail, idempotencyKey: string, reason: string, at: string, storedAt: string): Promise<IntakeOutcome> {
  const report = bounceReport(deliveryStatus(email), reason);
  if (!report.failed) {
    await deps.store.recordOutcome(idempotencyKey, 'ignored:deliveryReport', at, senderFingerprint(email));
    return { outcome: 'ignored', reason: `delivery report, no failure: ${report.actions.join(', ')}` };
  }
  // A made-up Message-ID of ours must not mark a petitioner's address as bouncing.
  const quoted = bouncedMessageId(email);
  const original = quoted && deps.replyTags.genuine(quoted) ? quoted : undefined;
  const caseNumber = original ? await deps.store.findCaseByThreadKey(threadKey(original)) : undefined;
  if (!caseNumber) {
    // The mailer files a letter on its case just after the provider accepts it: a very early bounce may come first.
    if (original && isOurMessageId(original, deps.province.config.mail.from) && deps.clock.now().getTime() - Date.parse(storedAt) < FILING_GRACE_MS) {
      throw new RetryLater(`bounced letter ${original} is not filed on a case yet`);
    }
    await deps.store.recordOutcome(idempotencyKey, 'ignored:bounce', at, senderFingerprint(email));
    return { outcome: 'ignored', reason: `bounce: ${reason}` };
  }
  const detail = {
    feedback: 'bounce',
    bouncedMessageId: original,
    bounceType: report.bounceType,
    bounceSubType: report.bounceSubType,
    diagnostic: report.diagnostic,
  };
  try {
    await commitCaseChange(
      deps,
      caseNumber,
      ({ case: current }) => ({
        ...recordOnCase(current, 'bounceRecorded', { at, actor: 'system:intake', reason: '邮件无法送达信访人', detail }),
        idempotencyKey,
        idempotencyFingerprint: senderFingerprint(email),
        outcome: 'bounceRecorded',
      }),
      { read: 'record' },
    );
  } catch (error) {
    // A bounce of a letter whose case was removed after its retention (销毁): nothing left to record it on.
    if (!(error instanceof CaseNotFound)) throw error;
    await deps.store.recordOutcome(idempotencyKey, 'ignored:bounce', at, senderFingerprint(email));
    return { outcome: 'ignored', reason: `bounce of a letter of removed case ${caseNumber}: ${reason}` };
  }
  return { outcome: 'bounceRecorded', caseNumber };
}
