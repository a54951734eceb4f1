import { onField } from '../domain/errors.js';
import { assertMayRegister, type Actor } from '../domain/access.js';
import type { Case, CaseEvent } from '../domain/case.js';
import { findRepeatOf } from '../domain/mail/repeat.js';
import { matterSimilarity } from '../domain/mail/similarity.js';
import { chinaYear, formatCaseNumber } from '../domain/case-number.js';
import { contactsOf, registerPetition, type NewPetition } from '../domain/registration.js';
import { petitionerWithWriter } from '../domain/petition-writer.js';
import { admitPetition, assertSameRequest } from '../domain/petition-admission.js';
import type { Province } from '../domain/province.js';
import { accusableUnits } from './accusable-units.js';
import { letters, routingRequest, type OutboxMessage } from './outbox.js';
import { earlierCasesOfPetitioner } from './intake/intake-deps.js';
import { earlierCasesReadableBy } from './may-read.js';
import { urgentAlert, withUrgentResponseOf } from './intake/letters.js';
import type { CaseStore, Clock, IdempotencyRecord, MailStore } from './ports.js';
import { citizenPetitionRecord, citizenUrgency, type CitizenSubmission } from './intake/citizen-petition.js';

export interface RegisterDeps {
  store: CaseStore;
  province: Province;
  clock: Clock;
  /** Where a citizen's files are stored (the mail bucket); needed only to register a CitizenSubmission. */
  mail?: MailStore;
}

export interface RegisterOutcome {
  case: Case;
  /** False when the idempotency key had already registered this petition. */
  created: boolean;
  /** Not created because another case holds the submission's resend key (CitizenSubmission.resendKey): `case` is that one. */
  resent?: true;
}

/**
 * Registers a letter, visit, call or web petition (登记) the day it arrives and
 * gives it its number. Replaying the same idempotency key returns the first case.
 */
export async function registerCase(
  deps: RegisterDeps,
  petition: NewPetition,
  actor: Actor,
  idempotencyKey?: string,
  /** The request's fingerprint (requestFingerprint of the validated body): the same key with another body is refused. */
  fingerprint?: string,
  /** Who may register it: the desk's registering roles, or another rule (a leader registers a visit at their own reception day). */
  authorise: (actor: Actor, jurisdiction: string) => void = (who, jurisdiction) => assertMayRegister(who, jurisdiction, deps.province.tree),
  /** A petition a citizen sent from the web: registered as an email petition is (files, flags, acknowledgement, query code). */
  submission?: CitizenSubmission,
): Promise<RegisterOutcome> {
  onField('jurisdiction', () => deps.province.requireJurisdiction(petition.jurisdiction));
  // An accused unit that is not configured is a mistake to correct, not a name to keep (UnknownUnit names it).
  (petition.accusedUnits ?? []).forEach((unit, i) => onField(`accusedUnits.${i}`, () => deps.province.unit(unit)));
  authorise(actor, petition.jurisdiction);
  // Everything is checked before a number is drawn: a refused request uses none up.
  petition = admitPetition(petition, { now: deps.clock.now(), recordsStartOn: deps.province.config.defaults.recordsStartOn });
  const { writtenBy, ...withoutWriter } = petition;
  petition = { ...withoutWriter, petitioner: petitionerWithWriter(petition.petitioner, writtenBy) };
  // The words and the group's size are judged for urgency as an email's are: a citizen's decide it; staff may also mark it themselves.
  const urgency = citizenUrgency(deps.province, `${petition.subject ?? ''}\n${petition.matter}`, petition.collective);
  const markedUrgent = !submission && petition.urgent === true;
  petition = { ...petition, urgent: markedUrgent || urgency.urgent };
  const scopedKey = idempotencyKey ? registrationKey(actor, idempotencyKey) : undefined;

  if (scopedKey) {
    const existing = await replay(deps.store, scopedKey, fingerprint);
    if (existing) return { case: existing, created: false };
  }

  const at = deps.clock.now().toISOString();
  // No number kept for the key, as an email's is (allocateSequence): the desk is answered at once and a request
  // the API refused is retried by a person, where two more reads and writes on each registration would cost the
  // desk its throughput at a surge (test/integration/concurrent-registrations.test.ts).
  const sequence = await deps.store.allocateSequence(petition.jurisdiction, chinaYear(petition.receivedAt));
  const caseNumber = formatCaseNumber({ jurisdiction: petition.jurisdiction, year: chinaYear(petition.receivedAt), sequence });
  const registered = registerPetition(petition, {
    caseNumber,
    at,
    actor: actor.staffId,
    timeLimits: deps.province.timeLimitsFor(petition.jurisdiction),
    calendar: deps.province.calendar,
    units: accusableUnits(deps.province),
    tree: deps.province.tree,
  });
  const contacts = contactsOf(petition.petitioner);
  const record = submission
    ? await citizenPetitionRecord({ ...deps, mail: requireMail(deps) }, registered, contacts, submission, scopedKey)
    : await staffRegistrationRecord(deps, registered, contacts, { words: urgency.matched, markedUrgent });
  const result = await deps.store.create({
    ...record,
    contacts,
    ...(scopedKey ? { idempotencyKey: scopedKey, ...(fingerprint ? { idempotencyFingerprint: fingerprint } : {}) } : {}),
    ...(scopedKey && submission?.sealedQueryCode ? { idempotencySealed: submission.sealedQueryCode } : {}),
    ...(submission?.resendKey ? { resendKey: submission.resendKey } : {}),
  });
  if (result.created) return { case: record.case, created: true };
  if (result.resent) {
    // The same petition from the same browser, registered a moment before by another form.
    const first = await deps.store.getCaseRecord(result.caseNumber);
    if (!first) throw new Error(`resend key points at missing case ${result.caseNumber}`);
    return { case: first, created: false, resent: true };
  }
  // A concurrent request with the same key won; answer with its case (if it was the same petition).
  if (scopedKey) assertSameRequest((await deps.store.findIdempotencyRecord(scopedKey))?.fingerprint, fingerprint);
  const winner = await deps.store.get(result.caseNumber);
  if (!winner) throw new Error(`idempotency record points at missing case ${result.caseNumber}`);
  return { case: winner.case, created: false };
}

const registrationKey = (actor: Actor, idempotencyKey: string) => `api:${actor.staffId}:${idempotencyKey}`;

/**
 * The case this caller's idempotency key registered already, if it did (the
 * same body, or a refusal for another), with what was sealed for the caller
 * when it was registered: for a caller to answer a repeat before spending
 * anything on it (the portal's daily limits).
 */
export async function registeredBefore(
  store: CaseStore,
  actor: Actor,
  idempotencyKey: string,
  fingerprint: string | undefined,
): Promise<{ case: Case; sealed?: string } | undefined> {
  const record = await store.findIdempotencyRecord(registrationKey(actor, idempotencyKey));
  const c = await caseOf(store, record, fingerprint);
  return c ? { case: c, ...(record?.sealed ? { sealed: record.sealed } : {}) } : undefined;
}

async function replay(store: CaseStore, key: string, fingerprint: string | undefined): Promise<Case | undefined> {
  return caseOf(store, await store.findIdempotencyRecord(key), fingerprint);
}

async function caseOf(store: CaseStore, record: IdempotencyRecord | undefined, fingerprint: string | undefined): Promise<Case | undefined> {
  if (!record?.caseNumber) return undefined;
  assertSameRequest(record.fingerprint, fingerprint);
  return (await store.get(record.caseNumber))?.case;
}

function requireMail(deps: RegisterDeps) {
  if (!deps.mail) throw new Error('registering a citizen submission needs the mail store for its files');
  return deps.mail;
}

/**
 * A letter, visit or call as staff registered it, flagged as an email is:
 * a repeat of the same petitioner's open or recent case (by phone or email,
 * the same look-back and similarity) that this office may read, and, when urgent — marked by staff or
 * by its words — the leaders alerted at once (条例 第二十五条), in the same
 * transaction. Then it goes on to the router.
 */
async function staffRegistrationRecord(
  deps: RegisterDeps,
  registered: { case: Case; event: CaseEvent },
  contacts: readonly string[],
  urgency: { words: readonly string[]; markedUrgent: boolean },
): Promise<{ case: Case; event: CaseEvent; outbox: OutboxMessage[] }> {
  const c = registered.case;
  // Only the earlier cases the office registering it may read: another's is not named in this one (confidentiality).
  const earlier = earlierCasesReadableBy(c.jurisdiction, await earlierCasesOfPetitioner(deps.store, contacts), deps.province.tree);
  const repeatOf = findRepeatOf({ matter: c.matter, receivedAt: c.receivedAt, petitioner: c.petitioner }, earlier, deps.province.config.defaults.repeatLookbackDays);
  const repeatSimilarity = repeatOf ? matterSimilarity(c.matter, earlier.find((e) => e.caseNumber === repeatOf)!.matter) : undefined;
  const flags = { ...(urgency.words.length ? { urgentWords: [...urgency.words] } : {}), ...(repeatSimilarity !== undefined ? { repeatSimilarity } : {}) };
  const flagged: Case = withUrgentResponseOf(deps.province, { ...c, ...(repeatOf ? { repeatOf } : {}), ...(Object.keys(flags).length ? { intakeFlags: flags } : {}) }, registered.event.at);
  // Words for the alert's 触发词: those found, or that the registering staff member marked it.
  const alert = flagged.urgent ? urgentAlert(deps.province, flagged, urgency.words.length ? urgency.words : ['登记人员标记为紧急']) : undefined;
  return {
    case: flagged,
    event: { ...registered.event, detail: { ...registered.event.detail, ...(repeatOf ? { repeatOf } : {}), ...(flagged.urgent ? { urgent: true } : {}) } },
    // Registered cases go on to the router, as emails do: committed with the case.
    outbox: [...letters(alert), routingRequest(c.caseNumber, 'registered')],
  };
}
