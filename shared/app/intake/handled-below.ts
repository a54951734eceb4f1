import { addressedAs, type Case, type CaseMessage } from '../../domain/case.js';
import { formatChinaDateTime } from '../../domain/case-number.js';
import { handledBelow, handledBelowWords, type HandledBelow } from '../../domain/handled-below.js';
import { standingWords } from '../../domain/same-matter.js';
import type { ParsedEmail } from '../../domain/mail/parsed-email.js';
import { findRepeatOf } from '../../domain/mail/repeat.js';
import { petitionerFromEmail } from '../../domain/mail/petitioner.js';
import { recordOnCase, threadKey } from '../../domain/messages.js';
import type { Province } from '../../domain/province.js';
import { holderAccusedNotice, withAccusedFromMaterial } from '../accusable-units.js';
import { withMaterialAccusations } from '../accused-record.js';
import { commitCaseChange } from '../change-case.js';
import type { NotificationInput } from '../notification.js';
import { letters } from '../outbox.js';
import { messageText, senderFingerprint, type IntakeDeps, type IntakeOutcome } from './intake-deps.js';
import type { CaseWithEvents, EarlierCase } from '../ports.js';
import { petitionerMessageNotice, refusedWords, withUrgentMaterial } from './letters.js';
import { storeMaterialFiles, type MaterialFiles } from './material-files.js';
import { repeatChain } from '../repeat-chain.js';
import { resentOnCase, resentToCaseReason } from './resent-message.js';
import { earlierCasesReadableBy, officeMayRead } from '../may-read.js';

/**
 * 条例 第十九条 at the mail intake: an email from the petitioner of a case on
 * the same matter (same contact, by the hashed contact index, and a similar
 * matter, as repeats are found) that a lower level is handling within its time
 * limits is not registered anew. It goes on that case as the petitioner's
 * message (kept, with its raw copy and thread keys, the units it accuses
 * added), whoever works the case is told, and the petitioner gets a letter
 * saying where and until when the matter is handled. Undefined: register it.
 */
export async function linkIfHandledBelow(
  deps: IntakeDeps,
  /** `earlier`: the petitioner's latest cases (earlierCasesOfPetitioner), read once for this and the registration. */
  input: { email: ParsedEmail; key: string; storedAt: string; office: string; idempotencyKey: string; earlier: EarlierCase[] },
): Promise<IntakeOutcome | undefined> {
  const { email, office, storedAt } = input;
  // Only the cases the office it was sent to may read: one kept from it (a report against its government, another
  // county's) is not where its petition goes, nor named in the letter it answers with.
  const earlier = earlierCasesReadableBy(office, input.earlier, deps.province.tree);
  if (earlier.length === 0) return undefined;
  const matter = email.text.trim();
  if (!matter) return undefined;
  const repeatOf = findRepeatOf({ matter, receivedAt: storedAt, petitioner: petitionerFromEmail(email) }, earlier, deps.province.config.defaults.repeatLookbackDays);
  // The matter may be further back: the latest similar case can be an earlier repeat, already linked or declined.
  const chain = await repeatChain(deps.store, repeatOf ? await deps.store.getCaseRecord(repeatOf) : undefined, (c) => officeMayRead(office, c, deps.province.tree));
  const previous = chain.find((earlier) => handledBelow(earlier, office, storedAt, deps.province.tree));
  if (!previous) return undefined;
  // A report of someone's conduct brought to the level above is that level's to take (第三十条), not folded into the case below: registered.
  if (accusesAnyone(deps.province, previous, [email.subject, email.text, ...email.attachments.map((a) => a.filename)])) return undefined;

  // Send pressed twice, or a client's retry with a new Message-ID: what this office already put on the case below, not new material.
  const resend = await resentOnCase(deps, previous.caseNumber, email, storedAt, (m, found) => linkedBy(found, office).has(m.id));
  if (resend.resent) {
    await deps.store.recordOutcome(input.idempotencyKey, `ignored:resent:${previous.caseNumber}`, deps.clock.now().toISOString(), senderFingerprint(email));
    return { outcome: 'ignored', reason: resentToCaseReason(previous.caseNumber) };
  }
  const messageId = email.messageId ?? input.idempotencyKey;
  // Its files are kept on that case as a petition's are (and listed on the message), the refused ones named in the letter.
  const files = await storeMaterialFiles(deps, previous.caseNumber, email, messageId);
  const changed = await commitCaseChange(deps, previous.caseNumber, ({ case: current }, at) => {
    // Decided again on the case as it is now: it may have been concluded or moved since it was read.
    const below = handledBelow(current, office, storedAt, deps.province.tree);
    if (!below) return undefined;
    const recorded = recordOnCase(current, 'messageReceived', {
      at,
      actor: 'system:intake',
      detail: {
        messageId,
        rawKey: input.key,
        attachments: email.attachments.length,
        ...(files.refused.length ? { refusedAttachments: files.refused.map((r) => ({ ...r })) } : {}),
        handledBelow: { receivedBy: office, article: '第十九条' },
      },
    });
    const message: CaseMessage = {
      caseNumber: current.caseNumber,
      id: messageId,
      direction: 'in',
      at: storedAt,
      ...(email.from ? { from: email.from.address } : {}),
      to: email.to.map((a) => a.address),
      ...(email.cc.length ? { cc: email.cc.map((a) => a.address) } : {}),
      subject: email.subject,
      text: messageText(email.text),
      rawKey: input.key,
      messageIds: email.messageId ? [email.messageId] : [],
      attachments: files.attachments,
      kind: 'petition',
    };
    // Accusing the unit that handles it: the case goes back to its office to hand to another (第三十条).
    const words = [email.subject, email.text, ...email.attachments.map((a) => a.filename)];
    const { notice: handedBack, ...accused } = withMaterialAccusations(deps.province, recorded, words, at, 'system:intake');
    // A threat in it is alerted at once, as it would have been had it been registered here (条例 第二十五条).
    const urgent = withUrgentMaterial(deps.province, accused, words, { id: messageId, at: storedAt, receivedBy: office });
    const committed = urgent.change;
    const next = committed.case;
    return {
      ...committed,
      message,
      threadKeys: email.messageId ? [threadKey(email.messageId)] : [],
      idempotencyKey: input.idempotencyKey,
      idempotencyFingerprint: senderFingerprint(email),
      outcome: 'linked',
      outbox: letters(
        handledBelowLetter(deps.province, email, office, below, messageId, storedAt, next, files),
        // Not a reply to the holder's mail: whoever works the case learns the petitioner went up to this office (越级).
        petitionerMessageNotice(deps.province, next, messageId, storedAt, {
          // 第十九条 is cited only where a level above was petitioned: not when the matter was handed down from this office.
          how: `以电子邮件向${deps.province.jurisdiction(office).office.name}再次反映同一事项（${below.handedDownFromHere ? '' : '《信访工作条例》第十九条，'}不另行受理）`,
        }),
        holderAccusedNotice(deps.province, next, [email.subject, email.text], messageId),
        handedBack,
        urgent.alert,
      ),
    };
  }, { guard: resend.guard });
  if (changed.result === 'unchanged') return undefined;
  return { outcome: 'linked', caseNumber: previous.caseNumber, receivedBy: office };
}

/** The messages `office` put on the case under 第十九条 (their messageReceived events say so). */
function linkedBy(found: CaseWithEvents, office: string): Set<unknown> {
  return new Set(
    found.events
      .filter((e) => e.type === 'messageReceived' && (e.detail?.handledBelow as { receivedBy?: string } | undefined)?.receivedBy === office)
      .map((e) => e.detail?.messageId),
  );
}

/**
 * To the petitioner, by name: not registered anew (第十九条), who handles the
 * matter — the unit it was handed to, else the office — and until when.
 */
export function handledBelowLetter(
  province: Province,
  email: ParsedEmail,
  office: string,
  below: HandledBelow,
  messageId: string,
  receivedAt: string,
  c: Case,
  files: MaterialFiles = { attachments: [], refused: [] },
): NotificationInput | undefined {
  const to = email.from?.address;
  if (!to) return undefined;
  const receiving = province.jurisdiction(office).office;
  const holder = { name: handlerName(province, c, below), mailbox: province.jurisdiction(below.jurisdiction).office.mailbox };
  const { doing, until } = standingWords(below, receivedAt);
  return {
    id: `handled-below:${below.caseNumber}:${messageId}`,
    kind: 'notice',
    caseNumber: below.caseNumber,
    to: [to],
    fromName: receiving.name,
    replyTo: holder.mailbox,
    subject: `您反映的事项正在办理中（${below.caseNumber}）`,
    text:
      `${addressedAs(c.petitioner)}：\n\n您好！${receiving.name}于${formatChinaDateTime(receivedAt)}收到您的来信。经查，您反映的事项已登记（编号 ${below.caseNumber}），` +
      `${handledBelowWords(below, holder.name, doing, until)}。\n\n` +
      `您此次来信${files.attachments.length ? `及所附 ${files.attachments.length} 个附件` : ''}已记入上述事项，由${holder.name}一并${doing === '办理' ? '办理' : '审查'}；如需补充，请直接回复本邮件。\n` +
      `${refusedWords(province, receiving, files.refused)}\n${receiving.name}\n`,
    ...(email.messageId ? { inReplyTo: email.messageId, references: [email.messageId] } : {}),
    autoSubmitted: 'auto-replied',
  };
}

/** Who handles the matter now, as the petitioner is told: the unit handling it (never one the matter accuses), else the office. */
function handlerName(province: Province, c: Case, below: HandledBelow): string {
  const lead = c.handling?.lead;
  const unitHandles = below.clock === 'handling' && below.jurisdiction === c.jurisdiction && lead !== undefined && !c.accusedUnits?.includes(lead);
  return unitHandles ? province.unit(lead).name : province.jurisdiction(below.jurisdiction).office.name;
}

/** Whether material accuses a unit or a government the case does not already record as accused. */
function accusesAnyone(province: Province, c: Case, words: readonly string[]): boolean {
  const grown = withAccusedFromMaterial(province, c, words);
  const more = (after: readonly string[] | undefined, before: readonly string[] | undefined) => (after?.length ?? 0) > (before?.length ?? 0);
  return more(grown.accusedUnits, c.accusedUnits) || more(grown.accusedJurisdictions, c.accusedJurisdictions) || holderAccusedNotice(province, c, words, 'check') !== undefined;
}
