import { createHash } from 'node:crypto';
import type { AttachmentRef, Case, CaseMessage, Petitioner } from '../../domain/case.js';
import { chinaDate, chinaYear, formatCaseNumber } from '../../domain/case-number.js';
import { threadKey } from '../../domain/messages.js';
import { admitAttachments } from '../../domain/mail/attachment-policy.js';
import { detectCollective } from '../../domain/mail/collective.js';
import { ownWords } from '../../domain/mail/intent.js';
import { emailMatter, emailSubject } from '../../domain/mail/petition-text.js';
import type { ParsedEmail } from '../../domain/mail/parsed-email.js';
import { petitionerFromEmail } from '../../domain/mail/petitioner.js';
import { neverActedOn, senderVerdicts } from '../../domain/mail/sender-verdicts.js';
import { findRepeatOf } from '../../domain/mail/repeat.js';
import { matterSimilarity } from '../../domain/mail/similarity.js';
import { contactsOf, registerPetition } from '../../domain/registration.js';
import { letters, routingRequest, type OutboxMessage } from '../outbox.js';
import { messageText, senderFingerprint, type IntakeDeps, type IntakeOutcome } from './intake-deps.js';
import { RetryLater, type EarlierCase, type NewCaseRecord } from '../ports.js';
import { acknowledgement, urgentAlert, withUrgentResponseOf } from './letters.js';
import { representativesLetters } from './representatives.js';
import { urgencyOfEmail } from './urgent-precheck.js';
import { accusableUnits } from '../accusable-units.js';
import { withAccusedUnits } from '../../domain/routing/index.js';
import { routeAtRegistration } from '../routing/route-case.js';
import { earlierCasesReadableBy } from '../may-read.js';
import type { HeldRelease } from '../held-mail.js';

type EmailRegistration = {
    email: ParsedEmail;
    key: string;
    storedAt: string;
    office: string;
    idempotencyKey: string;
    earlier: EarlierCase[];
    /** The archived case the email replied to: it takes nothing more, so the email is registered, saying which case it answered. */
    answersArchived?: string;
    /** Held mail (疑似广告, 信箱已停用) registered at the word of this staff member (shared/app/held-mail.ts): said on the registration. */
    releasedBy?: HeldRelease;
    /** The sender item's claim this registration was decided under (same-sender.ts), written with the case. */
    sender?: NewCaseRecord['sender'];
    /** Not the queue's first delivery of the email: an earlier attempt may have kept the number it drew (keepNumber). */
    retried?: boolean;
};

/**
 * Registers a new petition from an email: number, petitioner, flags, attachments, acknowledgement.
 * `earlier`: the petitioner's latest cases (earlierCasesOfPetitioner), to find a repeat.
 */
export async function registerEmail(deps: IntakeDeps, input: EmailRegistration): Promise<IntakeOutcome> {
  const year = chinaYear(input.storedAt);
  // A retry registers under the number its failed attempt drew, so the office's 登记编号 run on without a gap.
  const kept = input.retried ? await deps.store.keptNumber(input.idempotencyKey, input.office, year) : undefined;
  const sequence = kept ?? (await deps.store.allocateSequence(input.office, year));
  try {
    return await registerNumbered(deps, input, formatCaseNumber({ jurisdiction: input.office, year, sequence }));
  } catch (error) {
    // Kept only when a registration fails: one that succeeds (nearly all) pays no write for it. An intake that dies
    // here keeps nothing, and that number stays a gap (docs/storage.md, "Numbers").
    if (kept === undefined) await deps.store.keepNumber(input.idempotencyKey, input.office, year, sequence).catch(() => undefined);
    throw error;
  }
}

async function registerNumbered(deps: IntakeDeps, input: EmailRegistration, caseNumber: string): Promise<IntakeOutcome> {
  const { email, office } = input;
  const config = deps.province.config;
  // SES's scans: a sender its domain disowns (DMARC fail) or mail carrying a virus is registered — a petition is never
  // dropped on a verdict — but its From is nobody's to write to, and a virus's files are not kept for staff to open.
  const verdicts = senderVerdicts(email);
  const distrusted = neverActedOn(verdicts);
  const petitioner = distrusted ? withoutSenderAddress(petitionerFromEmail(email)) : petitionerFromEmail(email);
  // A reply to an archived case quotes our letter under the petitioner's words: the matter is theirs alone, or the
  // router would judge our letter's words again (a 不予受理 naming arbitration would decline it once more).
  const text = (input.answersArchived ? ownWords(email.text).trim() || email.text : email.text).trim();
  // Its subject is our letter's (【number】…告知): said as what it is.
  const subject = input.answersArchived && email.subject.includes(input.answersArchived) ? `就已归档的 ${input.answersArchived} 再次来信` : emailSubject(email.subject);
  const matter = emailMatter(text, email.attachments.length > 0, input.answersArchived ? undefined : subject);

  const { admitted, refused } =
    distrusted === 'virus'
      ? { admitted: [], refused: email.attachments.map((a) => ({ filename: a.filename, reason: '邮件未通过病毒扫描，附件未予接收' })) }
      : admitAttachments(email.attachments, config.mail.attachments);
  const attachments = await storeAttachments(deps, caseNumber, admitted);
  const collective = detectCollective(text, input.answersArchived ? undefined : email.subject);
  const urgency = urgencyOfEmail(deps.province, { subject: email.subject, text }, collective);
  const contacts = contactsOf(petitioner);
  // Only the earlier cases the office it was sent to may read: another's is not named in this one (confidentiality).
  const earlier = earlierCasesReadableBy(office, input.earlier, deps.province.tree);
  const repeatOf = findRepeatOf({ matter, receivedAt: input.storedAt, petitioner }, earlier, config.defaults.repeatLookbackDays);
  const repeatSimilarity = repeatOf ? matterSimilarity(matter, earlier.find((e) => e.caseNumber === repeatOf)!.matter) : undefined;

  const registered = registerPetition(
    {
      jurisdiction: office,
      channel: 'email',
      receivedAt: input.storedAt,
      ...(subject ? { subject } : {}),
      matter,
      petitioner,
      ...(collective ? { collective } : {}),
      urgent: urgency.urgent,
    },
    { caseNumber, at: deps.clock.now().toISOString(), actor: 'system:intake', timeLimits: deps.province.timeLimitsFor(office), calendar: deps.province.calendar, units: accusableUnits(deps.province), tree: deps.province.tree },
  );
  const draft: Case = {
    ...registered.case,
    attachments,
    ...(repeatOf ? { repeatOf } : {}),
    ...(refused.length ? { refusedAttachments: refused } : {}),
    ...(urgency.urgent || repeatSimilarity !== undefined || email.textRecovered || distrusted || verdicts.spam === 'FAIL'
      ? {
          intakeFlags: {
            ...(urgency.urgent ? { urgentWords: urgency.matched } : {}),
            ...(repeatSimilarity !== undefined ? { repeatSimilarity } : {}),
            ...(email.textRecovered ? { textRecovered: true } : {}),
            ...(distrusted ? { senderDistrusted: distrusted } : {}),
            ...(verdicts.spam === 'FAIL' ? { spam: true } : {}),
          },
        }
      : {}),
  };
  const ack = acknowledgement(deps.province, draft, email.messageId);
  // Nor is mail SES judged spam answered: an acknowledgement would go to whoever the spam claims to be from.
  const ackState = !ack ? 'notApplicable' : verdicts.spam === 'FAIL' ? 'heldBack' : (await allowAcknowledgement(deps, ack.to[0]!, input.idempotencyKey)) ? 'queued' : 'rateLimited';
  // The attachments' names may name the accused too (条例第三十条).
  const c: Case = withUrgentResponseOf(deps.province, withAccusedUnits({ ...draft, acknowledgement: ackState }, accusableUnits(deps.province), [], deps.province.tree), registered.event.at);
  const message: CaseMessage = {
    caseNumber,
    id: email.messageId ?? input.idempotencyKey,
    direction: 'in',
    at: input.storedAt,
    ...(email.from ? { from: email.from.address } : {}),
    to: email.to.map((a) => a.address),
    ...(email.cc.length ? { cc: email.cc.map((a) => a.address) } : {}),
    subject: email.subject,
    text: messageText(email.text),
    rawKey: input.key,
    messageIds: email.messageId ? [email.messageId] : [],
    attachments,
    kind: 'petition',
  };
  const at = registered.event.at;
  // The router's decision, taken now where the rules or the learned model decide: the case is written once.
  const routed = await routeAtRegistration({ province: deps.province, store: deps.store, learned: deps.learned }, { case: c, outbox: afterRegistration(deps, c, email) }, at);
  const outbox = acknowledgedFirst(deps, routed, email.messageId);
  const result = await deps.store.create({
    case: routed.case,
    event: {
      ...registered.event,
      detail: { ...registered.event.detail, rawKey: input.key, ...(repeatOf ? { repeatOf } : {}), ...(urgency.urgent ? { urgent: true } : {}), ...(input.answersArchived ? { answersArchived: input.answersArchived } : {}), ...(input.releasedBy ? { heldAsAdvertising: input.releasedBy } : {}) },
    },
    ...(routed.events.length ? { followedBy: routed.events } : {}),
    contacts,
    idempotencyKey: input.idempotencyKey,
    idempotencyFingerprint: senderFingerprint(email),
    messages: [message, ...routed.messages],
    threadKeys: email.messageId ? [threadKey(email.messageId)] : [],
    outbox,
    ...(input.sender ? { sender: input.sender } : {}),
  });
  if (!result.created) {
    // Another sender's email under the same Message-ID committed first, at the same moment: not this one. Taken again,
    // it finds that record and goes by its content (receive-email.ts), instead of being dropped as its duplicate.
    const record = await deps.store.findIdempotencyRecord(input.idempotencyKey);
    if (email.messageId && record?.fingerprint && record.fingerprint !== senderFingerprint(email)) {
      throw new RetryLater('another sender’s email with this Message-ID registered at the same moment');
    }
    return { outcome: 'duplicate', caseNumber: result.caseNumber, first: 'registered' };
  }
  return {
    outcome: 'registered',
    caseNumber,
    flags: { urgent: urgency.urgent, collective: Boolean(collective), ...(repeatOf ? { repeatOf } : {}), acknowledged: ackState === 'queued' },
    ...(routed.outcome ? { routed: routed.outcome } : {}),
  };
}

/** What a registration causes, committed with the case: routing (taken at once where it can be) and the urgent alert; the acknowledgement follows the routing (acknowledgedFirst). */
function afterRegistration(deps: IntakeDeps, c: Case, email: ParsedEmail): OutboxMessage[] {
  const alert = c.urgent ? urgentAlert(deps.province, c, c.intakeFlags?.urgentWords ?? []) : undefined;
  return [...letters(alert, ...representativesLetters(deps.province, c, email.messageId)), routingRequest(c.caseNumber, 'registered')];
}

/**
 * The acknowledgement (unless held back), worded from the case as routing at
 * registration left it — accepted, declined, handed down: it tells what was
 * decided instead of promising to decide it — with the letters that decision
 * writes to the petitioner carried in it (`followedBy`): the mailer queues
 * them once the acknowledgement is sent, so 受理告知 never arrives before
 * 已登记 (they wait in different lanes). No item or write of its own: the
 * letters are in the same outbox item either way.
 */
function acknowledgedFirst(deps: IntakeDeps, routed: { case: Case; outbox: readonly OutboxMessage[] }, replyingTo: string | undefined): OutboxMessage[] {
  const c = routed.case;
  const ack = c.acknowledgement === 'queued' ? acknowledgement(deps.province, c, replyingTo) : undefined;
  if (!ack) return [...routed.outbox];
  const toPetitioner = (m: OutboxMessage): m is Extract<OutboxMessage, { queue: 'notify' }> =>
    m.queue === 'notify' && m.body.kind === 'notice' && m.body.to.length === 1 && m.body.to[0] === ack.to[0];
  const following = routed.outbox.filter(toPetitioner).map((m) => m.body);
  return [...letters({ ...ack, ...(following.length ? { followedBy: following } : {}) }), ...routed.outbox.filter((m) => !toPetitioner(m))];
}

/** A daily allowance of acknowledgements per address stops mail loops and abuse from flooding anyone. */
export async function allowAcknowledgement(deps: Pick<IntakeDeps, 'store' | 'clock' | 'province'>, address: string, spender: string): Promise<boolean> {
  const now = deps.clock.now();
  const key = `ack:${createHash('sha256').update(address.toLowerCase()).digest('base64url')}`;
  const expiresAt = Math.floor(now.getTime() / 1000) + 2 * 86_400;
  // Per email (its idempotency key): a registration retried after a failed write does not spend the day's allowance again.
  return deps.store.takeAllowance(key, chinaDate(now.toISOString()), deps.province.config.mail.acknowledgementsPerAddressPerDay, expiresAt, spender);
}

/**
 * Stores admitted attachments under attachments/<case>/ (the web form's as the email's) and answers their references.
 * Ids are 1, 2, … for a petition's files; material added later numbers its own after `idPrefix`, unique within the case.
 */
export async function storeAttachments(deps: Pick<IntakeDeps, 'mail'>, caseNumber: string, admitted: readonly ParsedEmail['attachments'][number][], idPrefix = ''): Promise<AttachmentRef[]> {
  const refs: AttachmentRef[] = [];
  for (const [index, attachment] of admitted.entries()) {
    const id = `${idPrefix}${index + 1}`;
    // Keys keep the original name readable but never let it shape the path.
    const safeName = [...attachment.filename].map((ch) => (ch === '/' || ch === '\\' || ch.charCodeAt(0) < 0x20 ? '_' : ch)).join('').slice(0, 120);
    const key = `attachments/${caseNumber}/${id}-${safeName}`;
    await deps.mail.putObject(key, attachment.content, attachment.contentType);
    refs.push({ id, filename: attachment.filename, contentType: attachment.contentType, size: attachment.size, key });
  }
  return refs;
}

/**
 * The petitioner without the From address SES could not vouch for: the letters of the case are not sent to it. Without
 * a name or another contact in the text, nobody can be written to — registered as a petition without a petitioner of
 * record, handled all the same (an anonymous one, as 匿名信 are).
 */
function withoutSenderAddress(petitioner: Petitioner): Petitioner {
  if (petitioner.anonymous) return petitioner;
  const { email: _unproven, ...rest } = petitioner;
  return rest.name || rest.phone || rest.address ? rest : { anonymous: true };
}
