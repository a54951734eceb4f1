import { isDeepStrictEqual } from 'node:util';
import { assertMayDecide, type Actor, type CaseDecision } from '../domain/access.js';
import type { Case } from '../domain/case.js';
import { cooperatingUnits, supervisingOffices } from '../domain/work-lists.js';
import { pendingReview } from '../domain/closing.js';
import { handedOnFrom } from '../domain/ledger.js';
import { handlingOfficialEntry } from '../domain/handling-official.js';
import { CaseNotFound, InvalidTransition, VersionConflict } from '../domain/errors.js';
import { ACTION_LABELS } from '../domain/labels.js';
import { awaitingOfficeApproval } from '../domain/cooperation-objection.js';
import { awaitingSignOff, signOffApprovers, signOffEntryPost, signOffPost, signOffWaitingOf, startsWaiting, waitingApprovers, type SignOffWaiting } from '../domain/reply-signoff.js';
import { leadersReading } from '../domain/leader-reading.js';
import { representativeContactsOf } from '../domain/representatives.js';
import { writerContactsOf } from '../domain/writer-contacts.js';
import type { Province } from '../domain/province.js';
import type { CaseCommit, CaseRecords, CaseWithEvents, Clock } from './ports.js';
import { extensionLapsedNotice, reviewSignOffRequestNotice, signOffRequestNotice } from './handoff/notices.js';
import { letters } from './outbox.js';
import { mailNamingReadableCasesOnly, type MailNamingDeps } from './mail-naming-cases.js';

/** How often a change that lost a race is read and decided again before the conflict is reported. */
export const MAX_CHANGE_ATTEMPTS = 5;

export interface CommitDeps {
  store: Pick<CaseRecords, 'get' | 'getCaseRecord' | 'commit'>;
  clock: Clock;
  /** With it, staff's mail is kept from naming cases its recipients may not read (mail-naming-cases.ts); every use case passes it. */
  province?: MailNamingDeps['province'] & Pick<Province, 'unitHeadsOf' | 'leadersOf' | 'staff'>;
}

/** What the decision saw: the whole case (events and messages), or the case record alone (cheaper: the sweep). */
export type CaseRead = 'full' | 'record';

export type ChangeOutcome =
  /** The change was stored, with its outbox. */
  | { result: 'committed'; case: Case }
  /** The idempotency key was recorded before: the change was applied by an earlier delivery. */
  | { result: 'duplicate'; case: Case }
  /** The decision found nothing to do. */
  | { result: 'unchanged'; case: Case };

/**
 * The one way a case is changed (docs/storage.md "One change pipeline"):
 * read it, decide the change (a pure function of what was read and the time:
 * next state, event, message, idempotency record and the outbox — the letters
 * and queue messages it causes), and store it all as one transaction on
 * condition of the version read. A lost race is read and decided again, up to
 * MAX_CHANGE_ATTEMPTS — unless the caller named the version it decided on,
 * when the conflict is theirs to see. Nothing leaves for a change that was
 * not stored: the dispatcher moves the outbox to the queues once committed.
 */
export async function commitCaseChange(
  deps: CommitDeps,
  caseNumber: string,
  decide: (found: CaseWithEvents, at: string) => CaseCommit | undefined,
  opts: { expectedVersion?: number; read?: CaseRead; guard?: (found: CaseWithEvents) => void } = {},
): Promise<ChangeOutcome> {
  for (let attempt = 1; ; attempt++) {
    const found = await read(deps, caseNumber, opts.read ?? 'full');
    if (!found) throw new CaseNotFound(caseNumber);
    // Who may act is checked before the version: a caller outside the case's scope learns nothing of it.
    opts.guard?.(found);
    if (opts.expectedVersion !== undefined && found.case.version !== opts.expectedVersion) throw versionConflict(found, opts.expectedVersion, deps.province);
    const decided = decide(found, deps.clock.now().toISOString());
    if (!decided) return { result: 'unchanged', case: found.case };
    const change = withHandlerEntry(
      found.case,
      withHandedOnEntry(
        found.case,
        withNamesBefore(found.case, withWriterContacts(found.case, withRepresentativeContacts(found.case, withOwnerEntry(found.case, withSupervisingEntries(found.case, withCooperatingEntries(found.case, withReadingEntries(deps.province, found.case, withSignOffEntry(deps.province, found.case, withReturnRequestEntry(found.case, decided))))))))),
      ),
    );
    // The mail it causes names no case its recipient may not see (mail-naming-cases.ts).
    const sent = await mailNamingReadableCasesOnly(deps, change);
    try {
      const result = await deps.store.commit(sent);
      return { result, case: result === 'committed' ? sent.case : found.case };
    } catch (error) {
      if (!(error instanceof VersionConflict) || opts.expectedVersion !== undefined || attempt >= MAX_CHANGE_ATTEMPTS) throw error;
    }
  }
}

/** The caller decided on a version the case has moved on from: say what changed since (the events after it, where read). */
export function versionConflict(found: CaseWithEvents, expectedVersion: number, province?: Pick<Province, 'staff'>): VersionConflict {
  // Not a 关联为重复件: the case view shows it only to whoever may read the other case too (eventsWithoutHidden), and
  // who is told here is not known.
  const changes = (found.events ?? [])
    .filter((e) => e.seq > expectedVersion && e.type !== 'repeatLinked')
    .map((e) => ({ seq: e.seq, type: e.type, at: e.at, actor: e.actor, by: actorInWords(province, e.actor) }));
  return new VersionConflict(found.case.caseNumber, expectedVersion, { version: found.case.version, status: found.case.status, changes });
}

/** Who changed the case, as staff read it: a colleague by name, the system's own steps and the petitioner as such. */
function actorInWords(province: Pick<Province, 'staff'> | undefined, actor: string): string {
  if (actor.startsWith('system:')) return '系统';
  if (actor === 'petitioner') return '信访人';
  return province?.staff(actor)?.name ?? actor;
}

/**
 * Whichever change answers a return request or a 协办异议 — the office's
 * decision, a transfer, the unit concluding — takes the case off the 待批退回
 * list in the same transaction; the request or objection puts it there (and
 * moves it when what waits changes: the next objection, another office).
 */
function withReturnRequestEntry(before: Case, change: CaseCommit): CaseCommit {
  const was = awaitingOfficeApproval(before);
  const now = awaitingOfficeApproval(change.case);
  if (now && (now.since !== was?.since || now.office !== was.office)) return { ...change, returnRequestEntry: now };
  if (was && !now) return { ...change, returnRequestEntry: 'remove' };
  return change;
}

/**
 * 审核签发: whichever change makes the decision letter wait for its sign-off
 * (办结, a correction voiding an approval) puts the case on the 待签发 lists,
 * again when who wrote it, or who may read it, changes; the approval, the reply or a reopening
 * takes it off, in the same transaction.
 */
function withSignOffEntry(province: CommitDeps['province'], before: Case, change: CaseCommit): CaseCommit {
  // Where it waits follows who may approve it: the read rules may move it past the post its rule names.
  // Whom it names is kept with it, so a roster change can be told to those it adds (reindex).
  const posted = (w: SignOffWaiting | undefined): SignOffWaiting | undefined => {
    if (!w || !province) return w;
    const post = signOffEntryPost(w, province, province.tree);
    const approvers = [...(waitingApprovers(w, province, province.tree)?.ids ?? [])].sort();
    return { ...w, ...(isDeepStrictEqual(post, signOffPost(w)) ? {} : { post }), approvers };
  };
  const was = posted(signOffWaitingOf(before));
  const now = posted(signOffWaitingOf(change.case, change.event.at));
  if (now && (!was || !isDeepStrictEqual({ ...was, since: '' }, { ...now, since: '' }))) return { ...change, signOffEntry: now };
  if (was && !now) return { ...change, signOffEntry: 'remove' };
  return change;
}

/**
 * 呈领导阅批: a submission puts the case on the leader's 待阅批 list; their reading (已阅, 已批示), the case ending
 * (撤回, 不予受理, 归档…) or the leader no longer allowed to read it (回避, moved away, accused) takes it off.
 */
function withReadingEntries(province: CommitDeps['province'], before: Case, change: CaseCommit): CaseCommit {
  const readingEntries = entryMoves(leadersReading(before, province), leadersReading(change.case, province), change.event.at);
  return readingEntries ? { ...change, readingEntries } : change;
}

/** 领导包案: a new owning leader moves the case to their 包案 list; an ownership ended (回避) takes it off, in the same transaction. */
function withOwnerEntry(before: Case, change: CaseCommit): CaseCommit {
  const was = before.leaderOwnership;
  const now = change.case.leaderOwnership;
  if (now && (now.leader !== was?.leader || now.since !== was?.since)) return { ...change, owner: { leader: now.leader, since: now.since } };
  if (was && !now) return { ...change, owner: 'remove' };
  return change;
}

/** Whichever change adds or drops a cooperating unit, or opens or closes the case, moves its 协办事项 entries in the same transaction. */
function withCooperatingEntries(before: Case, change: CaseCommit): CaseCommit {
  const cooperatingEntries = entryMoves(cooperatingUnits(before), cooperatingUnits(change.case), change.event.at);
  return cooperatingEntries ? { ...change, cooperatingEntries } : change;
}

/** The entries to put and to remove for a list membership that went from `was` to `now`; none when unchanged. */
function entryMoves(was: readonly string[], now: readonly string[], since: string): { put: string[]; remove: string[]; since: string } | undefined {
  const put = now.filter((key) => !was.includes(key));
  const remove = was.filter((key) => !now.includes(key));
  return put.length || remove.length ? { put, remove, since } : undefined;
}

/**
 * Whichever change agrees or replaces a collective petition's representatives
 * (商定代表) indexes their contacts in the same transaction, and takes off
 * those of people no longer representatives — a number no longer theirs may
 * be a stranger's, whose petitions must not be linked to this case.
 */
function withRepresentativeContacts(before: Case, change: CaseCommit): CaseCommit {
  const was = representativeContactsOf(before);
  const now = representativeContactsOf(change.case);
  const put = now.filter((contact) => !was.includes(contact));
  const remove = was.filter((contact) => !now.includes(contact));
  return put.length || remove.length ? { ...change, representativeContacts: { put, remove } } : change;
}

/** A change that moves the writer's own contacts (writerAfterCorrection makes them the case's) moves their entries with it. */
function withWriterContacts(before: Case, change: CaseCommit): CaseCommit {
  const was = writerContactsOf(before);
  const now = writerContactsOf(change.case);
  const put = now.filter((contact) => !was.includes(contact));
  const remove = was.filter((contact) => !now.includes(contact));
  return put.length || remove.length ? { ...change, writerContacts: { put, remove } } : change;
}

/**
 * Whichever change corrects the petitioner (a name, a contact: the case item carries a name only when it has no
 * contact) or replaces the representatives moves the case's entries under names in the same transaction: the old
 * name no longer finds the case at the desk, the new one does.
 */
function withNamesBefore(before: Case, change: CaseCommit): CaseCommit {
  const same = isDeepStrictEqual(before.petitioner, change.case.petitioner) && isDeepStrictEqual(before.collective?.representatives, change.case.collective?.representatives);
  return same ? change : { ...change, namesBefore: { petitioner: before.petitioner, collective: before.collective } };
}

/** Whichever change makes the case owe an office above its result, or answers it, moves its 交办督办件 entries in the same transaction. */
function withSupervisingEntries(before: Case, change: CaseCommit): CaseCommit {
  const supervisingEntries = entryMoves(supervisingOffices(before), supervisingOffices(change.case), change.event.at);
  return supervisingEntries ? { ...change, supervisingEntries } : change;
}

/**
 * Whichever change moves the case to another jurisdiction than the office that received it (交办, 转送, up the tree),
 * or back to it, moves its 交办转送 entry in the same transaction: the receiving office's statistics find the case
 * under it wherever it is held.
 */
function withHandedOnEntry(before: Case, change: CaseCommit): CaseCommit {
  const was = handedOnFrom(before);
  const now = handedOnFrom(change.case);
  if (now && (now.holder !== was?.holder || now.office !== was.office)) return { ...change, handedOnEntry: now };
  if (was && !now) return { ...change, handedOnEntry: 'remove' };
  return change;
}

/**
 * Whichever change gives the case a handling official (认领), takes it from them (handed to another jurisdiction,
 * replied, closed), or moves its running deadline moves its 我承办的 entry in the same transaction.
 */
function withHandlerEntry(before: Case, change: CaseCommit): CaseCommit {
  const was = handlingOfficialEntry(before);
  const now = handlingOfficialEntry(change.case);
  if (now && (now.staffId !== was?.staffId || now.dueAt !== was.dueAt)) return { ...change, handlerEntry: now };
  if (was && !now) return { ...change, handlerEntry: 'remove' };
  return change;
}

async function read(deps: CommitDeps, caseNumber: string, how: CaseRead): Promise<CaseWithEvents | undefined> {
  if (how === 'full') return deps.store.get(caseNumber);
  const c = await deps.store.getCaseRecord(caseNumber);
  return c ? { case: c, events: [], messages: [] } : undefined;
}

export interface ChangeDeps extends CommitDeps {
  province: Province;
}

const CHANGES_TO_ARCHIVED: ReadonlySet<CaseDecision> = new Set<CaseDecision>(['issueQueryCode']);

/** A staff member, checked against their scope, or a part of the system (`system:router`, the petitioner by email). */
export type ChangingActor = Actor | { system: string };

/** 立卷归档: an archived case is kept as it was filed. */
export const ARCHIVED_AS_FILED = '已归档的事项按归档时的原样保存';

export const actorId = (actor: ChangingActor) => ('system' in actor ? actor.system : actor.staffId);

/**
 * A change on request (staff, the router, the petitioner by email): the
 * actor's right to take the decision is checked against the case as read,
 * on every attempt, then the change goes through commitCaseChange.
 */
export async function changeCase(
  deps: ChangeDeps,
  caseNumber: string,
  actor: ChangingActor,
  decision: CaseDecision,
  change: (found: CaseWithEvents, at: string) => CaseCommit | undefined,
  expectedVersion?: number,
): Promise<Case> {
  const guard = (found: CaseWithEvents) => {
    if ('system' in actor) return;
    assertMayDecide(actor, decision, found.case, deps.province.tree, pendingReview(found.case)?.jurisdiction);
    // 立卷归档: the file is kept as it was filed; only a query code may still be given, for the petitioner to look it up.
    if (found.case.status === 'archived' && !CHANGES_TO_ARCHIVED.has(decision)) {
      throw new InvalidTransition(decision, 'archived', 'an archived case is kept as it was filed').inChinese(`${ARCHIVED_AS_FILED}，不能再${ACTION_LABELS[decision]}`);
    }
  };
  const told = (found: CaseWithEvents, at: string) => withSignOffRequest(deps.province, found.case, withLapsedExtensionNotice(deps.province, found.case, change(found, at)));
  const outcome = await commitCaseChange(deps, caseNumber, told, { guard, ...(expectedVersion === undefined ? {} : { expectedVersion }) });
  return outcome.case;
}

/**
 * 审核签发: a change after which the decision letter waits for its sign-off
 * (办结, or a correction that voided the approval) tells who may approve it,
 * in the same outbox; so does one that moves a waiting letter to others (its
 * approver corrected it, was recused, their unit accused), who alone are told.
 * Its id is the change's, so a redelivery sends nothing more.
 */
export function withSignOffRequest(province: Province, before: Case, change: CaseCommit | undefined): CaseCommit | undefined {
  if (change && !awaitingSignOff(change.case)) return withReviewSignOffRequest(province, before, change);
  if (!change || !awaitingSignOff(change.case)) return change;
  const starts = startsWaiting(before, change.case);
  const was = starts ? [] : (signOffApprovers(before, province, province.tree)?.ids ?? []);
  const added = (signOffApprovers(change.case, province, province.tree)?.ids ?? []).filter((id) => !was.includes(id));
  if (added.length === 0) return change;
  const notice = signOffRequestNotice(province, change.case, before.result?.signOff?.by, added);
  return notice ? { ...change, outbox: [...(change.outbox ?? []), ...letters(notice)] } : change;
}

/**
 * The same for a 复查（复核）意见书 drafted for 签发: its leaders are told when the draft starts to wait and when it
 * is redrafted (all of them: what they are to sign changed), and those a later change adds (only they).
 */
function withReviewSignOffRequest(province: Province, before: Case, change: CaseCommit): CaseCommit {
  const now = signOffWaitingOf(change.case);
  if (!now?.review) return change;
  const was = signOffWaitingOf(before);
  const redrafted = was?.review !== undefined && change.event.type === 'reviewDecisionDrafted';
  const told = was?.review && !redrafted ? (waitingApprovers(was, province, province.tree)?.ids ?? []) : [];
  const added = (waitingApprovers(now, province, province.tree)?.ids ?? []).filter((id) => !told.includes(id));
  if (added.length === 0) return change;
  const notice = reviewSignOffRequestNotice(province, change.case, { redrafted, only: added });
  return notice ? { ...change, outbox: [...(change.outbox ?? []), ...letters(notice)] } : change;
}

/** A change that let a waiting 延期 request lapse (concluded, returned, withdrawn…) tells the leaders who were asked to decide it. */
export function withLapsedExtensionNotice(province: Province, before: Case, change: CaseCommit | undefined): CaseCommit | undefined {
  if (!change || before.extension?.status !== 'requested' || change.case.extension !== undefined) return change;
  const notice = extensionLapsedNotice(province, before, change.case);
  return notice ? { ...change, outbox: [...(change.outbox ?? []), ...letters(notice)] } : change;
}
