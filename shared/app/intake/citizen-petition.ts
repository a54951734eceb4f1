import type { EarlierCase } from '../ports.js';
import type { Case, CaseEvent, CaseMessage } from '../../domain/case.js';
import type { ParsedAttachment } from '../../domain/mail/parsed-email.js';
import { findRepeatOf } from '../../domain/mail/repeat.js';
import { matterSimilarity } from '../../domain/mail/similarity.js';
import { petitionUrgency } from '../../domain/mail/urgency.js';
import { urgencyRules } from './urgent-precheck.js';
import type { Province } from '../../domain/province.js';
import { withAccusedUnits } from '../../domain/routing/index.js';
import { accusableUnits } from '../accusable-units.js';
import { letters, routingRequest, type OutboxMessage } from '../outbox.js';
import type { CaseStore, Clock, MailStore } from '../ports.js';
import type { StoredQueryCode } from '../query-code.js';
import { acknowledgement, urgentAlert, withUrgentResponseOf } from './letters.js';
import { allowAcknowledgement, storeAttachments } from './register-email.js';
import { earlierCasesOfPetitioner } from './intake-deps.js';
import { earlierCasesReadableBy } from '../may-read.js';

/**
 * What a petition a citizen sends from the web form brings besides the
 * fields staff type in. It is then registered as an email petition is: its
 * files stored with the case, its urgency words and repeats flagged, the
 * urgent alert sent, an acknowledgement to the email given (within the same
 * daily allowance per address), and routed.
 */
export interface CitizenSubmission {
  /** Files already admitted by the email rules (admitAttachments): they are stored, not judged again. */
  attachments: readonly ParsedAttachment[];
  /** The query code's hash (查询码), stored beside the case. */
  queryCode: StoredQueryCode;
  /** The query code sealed under the form's token (sealCode), kept with the idempotency key so the same form posted again can show it. */
  sealedQueryCode?: string;
  /**
   * The acknowledgement's paragraph on tracking (the query code and where to
   * track), in its body before the signature; the strings in `withheld` are
   * left out of the copy of the letter kept on the case, so staff never see the code.
   */
  acknowledgementNote: { text: string; withheld: readonly string[] };
  /** The petitioner's earlier cases, when the caller read them already (the portal, to find a resend): not read again. */
  earlier?: EarlierCase[];
  /** Written with the case, on condition that no case holds it (NewCaseRecord.resendKey): an anonymous petition sent again from the same browser. */
  resendKey?: { key: string; expiresAt: number };
}

export interface CitizenPetitionDeps {
  store: CaseStore;
  mail: MailStore;
  province: Province;
  clock: Clock;
}


/** Whether a petition is urgent by its words (the configured lexicon) or the size of its group, as an email's is. */
export function citizenUrgency(province: Province, text: string, collective: Case['collective']): { urgent: boolean; matched: string[] } {
  return petitionUrgency(text, collective, urgencyRules(province));
}

/**
 * The registered case made a citizen's petition: the parts registerCase
 * stores for it beyond the staff registration, in the same transaction.
 */
export async function citizenPetitionRecord(
  deps: CitizenPetitionDeps,
  registered: { case: Case; event: CaseEvent },
  contacts: readonly string[],
  submission: CitizenSubmission,
  /** The request's idempotency key: the same form posted again after a failure spends no second acknowledgement. */
  retryKey: string = registered.case.caseNumber,
): Promise<{ case: Case; event: CaseEvent; messages: CaseMessage[]; outbox: OutboxMessage[]; queryCode: StoredQueryCode }> {
  const { province } = deps;
  const registeredCase = registered.case;
  const caseNumber = registeredCase.caseNumber;
  const urgency = citizenUrgency(province, `${registeredCase.subject ?? ''}\n${registeredCase.matter}`, registeredCase.collective);
  // Only the earlier cases the office it was sent to may read: another's is not named in this one (confidentiality).
  const earlier = earlierCasesReadableBy(registeredCase.jurisdiction, submission.earlier ?? (await earlierCasesOfPetitioner(deps.store, contacts)), province.tree);
  const repeatOf = findRepeatOf({ matter: registeredCase.matter, receivedAt: registeredCase.receivedAt, petitioner: registeredCase.petitioner }, earlier, province.config.defaults.repeatLookbackDays);
  const repeatSimilarity = repeatOf ? matterSimilarity(registeredCase.matter, earlier.find((e) => e.caseNumber === repeatOf)!.matter) : undefined;
  const attachments = await storeAttachments(deps, caseNumber, submission.attachments);

  const draft: Case = {
    ...registeredCase,
    attachments,
    ...(repeatOf ? { repeatOf } : {}),
    ...(urgency.urgent || repeatSimilarity !== undefined
      ? { intakeFlags: { ...(urgency.urgent ? { urgentWords: urgency.matched } : {}), ...(repeatSimilarity !== undefined ? { repeatSimilarity } : {}) } }
      : {}),
  };
  const letter = acknowledgement(province, draft, undefined, submission.acknowledgementNote.text);
  const ackState = !letter ? 'notApplicable' : (await allowAcknowledgement(deps, letter.to[0]!, retryKey)) ? 'queued' : 'rateLimited';
  // The files' names may name the accused too (条例第三十条).
  const c: Case = withUrgentResponseOf(province, withAccusedUnits({ ...draft, acknowledgement: ackState }, accusableUnits(province), [], province.tree), registered.event.at);
  const ack =
    letter && ackState === 'queued'
      ? { ...letter, withheld: [...submission.acknowledgementNote.withheld] }
      : undefined;
  const alert = c.urgent ? urgentAlert(province, c, urgency.matched) : undefined;
  // The form as sent, kept on the case as an email petition's message is: the correspondence starts with it.
  const message: CaseMessage = {
    caseNumber,
    id: `web:${caseNumber}`,
    direction: 'in',
    at: c.receivedAt,
    ...(c.petitioner.email && !c.petitioner.anonymous ? { from: c.petitioner.email } : {}),
    to: [],
    subject: c.subject ?? '（网上信访）',
    text: c.matter,
    messageIds: [],
    attachments,
    kind: 'petition',
  };
  return {
    case: c,
    event: { ...registered.event, detail: { ...registered.event.detail, ...(repeatOf ? { repeatOf } : {}), ...(c.urgent ? { urgent: true } : {}) } },
    messages: [message],
    outbox: [...letters(ack, alert), routingRequest(caseNumber, 'registered')],
    queryCode: submission.queryCode,
  };
}
