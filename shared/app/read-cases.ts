import { assertMayList, assertMayRead, type Actor } from '../domain/access.js';
import { CASE_STATUSES, OPEN_STATUSES, type Case, type CaseStatus } from '../domain/case.js';
import { CaseNotFound, InvalidInput, OutOfScope } from '../domain/errors.js';
import { contactsOf } from '../domain/registration.js';
import { nameKey } from '../domain/name-key.js';
import { chinaDayStart, periodEnd } from '../domain/statistics.js';
import type { Province } from '../domain/province.js';
import { allowedActions, type CaseActionName } from '../domain/allowed-actions.js';
import { assertReviewWindowPassed, nextReviewRequestBy } from '../domain/closing.js';
import { DomainError } from '../domain/errors.js';
import { approvedExtension } from '../domain/extension.js';
import { CASE_TRAIL_ACTIONS, type CasePage, type CaseStore, type CaseSummary, type CaseWithEvents, type Clock, type ContactMatch, type ContactRole, type PetitionerHint, type WriterHint } from './ports.js';
import { withWorkClock, type WorkClock } from '../domain/work-clock.js';
import { formatDay } from '../domain/case-number.js';

export interface ReadDeps {
  store: CaseStore;
  province: Province;
  /** What may be done now depends on the time too (a review window still open). */
  clock: Clock;
}

/**
 * A case as its reader may see it, with the actions they may take on it now
 * (from the same access policy and lifecycle the actions themselves apply).
 */
export async function getCase(deps: ReadDeps, caseNumber: string, actor: Actor): Promise<CaseWithEvents & { allowedActions: CaseActionName[]; reviewWindow?: ReviewWindow; archiveWaits?: ArchiveWait; extensionPreview?: ExtensionPreview }> {
  const found = await deps.store.get(caseNumber);
  if (!found) throw new CaseNotFound(caseNumber);
  assertMayRead(actor, found.case, deps.province.tree);
  const at = deps.clock.now().toISOString();
  const allowed = allowedActions(actor, found.case, deps.province.tree, { at, limits: deps.province }, deps.province);
  const window = reviewWindowOf(found.case, deps.province);
  const waits = allowed.includes('archive') ? undefined : archiveWait(actor, found.case, deps, at);
  const preview = extensionPreview(found.case, deps.province, at);
  return {
    ...found,
    case: caseView(found.case),
    messages: onceEach(found.messages),
    allowedActions: allowed,
    ...(window ? { reviewWindow: window } : {}),
    ...(waits ? { archiveWaits: waits } : {}),
    ...(preview ? { extensionPreview: preview } : {}),
  };
}

/** The handling deadline if the waiting extension request is approved, counted as decideExtension will count it. */
export interface ExtensionPreview {
  /** The instant the extended period ends (midnight in China after its last day). */
  deadline: string;
  /** Its last day, China date. */
  lastDay: string;
  /** The counted last day was a rest day, and the period runs to the next working day. */
  roll?: { from: string; to: string; holiday?: string };
  /** The year of its last day has no published holiday notice yet: counted without it (约). */
  provisional?: true;
}

function extensionPreview(c: Case, province: Province, at: string): ExtensionPreview | undefined {
  if (c.extension?.status !== 'requested' || !c.deadlines.handling) return undefined;
  const approved = approvedExtension(c, c.extension, { at, actor: '', calendar: province.calendar });
  if (!approved) return undefined;
  const { adjustment, at: deadline, provisional } = approved;
  if (adjustment.kind !== 'extension') return undefined;
  const roll = adjustment.roll ? { from: adjustment.roll.from, to: adjustment.roll.to, ...(adjustment.roll.holiday ? { holiday: adjustment.roll.holiday } : {}) } : undefined;
  return { deadline, lastDay: adjustment.lastDay, ...(roll ? { roll } : {}), ...(provisional ? { provisional: true as const } : {}) };
}

/** 复查 (level 1) or 复核 (level 2) the petitioner may still ask for, until `by` (the last moment, as the law has it now). */
export interface ReviewWindow {
  level: 1 | 2;
  by: string;
}

/** 归档 the caller could do but for the petitioner's review window: until when, and why (the refusal 归档 would get). */
export interface ArchiveWait {
  until: string;
  reason: string;
}

function reviewWindowOf(c: Case, province: Province): ReviewWindow | undefined {
  const by = nextReviewRequestBy(c, province);
  return by ? { level: c.reviewLevel === 0 ? 1 : 2, by } : undefined;
}

/** Archiving is held back only by the review window (the caller may archive the case otherwise): said, with the reason. */
function archiveWait(actor: Actor, c: Case, deps: ReadDeps, at: string): ArchiveWait | undefined {
  if (!allowedActions(actor, c, deps.province.tree).includes('archive')) return undefined;
  try {
    assertReviewWindowPassed(c, at, deps.province);
    return undefined;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { until: nextReviewRequestBy(c, deps.province)!, reason: error.chinese ?? error.message };
  }
}

/**
 * A letter kept on the case when it was made (a decision letter, in the
 * change that answers the case) and again by the mailer once sent, under the
 * same id: shown once — the letter as made (its kind, which the print view
 * and the portal look for), with the sender and the ids a reply quotes from
 * the mailer's record.
 */
function onceEach(messages: CaseWithEvents['messages']): CaseWithEvents['messages'] {
  const first = new Map<string, CaseWithEvents['messages'][number]>();
  const merged = new Map<string, CaseWithEvents['messages'][number]>();
  for (const m of messages) {
    const made = first.get(m.id);
    if (!made) {
      first.set(m.id, m);
      merged.set(m.id, m);
      continue;
    }
    const [letter, sent] = made.from || !m.from ? [m, made] : [made, m];
    merged.set(m.id, { ...letter, ...(sent.from ? { from: sent.from } : {}), messageIds: sent.messageIds.length ? sent.messageIds : letter.messageIds });
  }
  return messages.filter((m) => first.get(m.id) === m).map((m) => merged.get(m.id)!);
}

/**
 * A case as staff see it: without the follow-up link's token, which only the
 * petitioner's email carries (an answer by staff is recorded as such).
 */
export function caseView(c: Case): Case {
  if (!c.followUp?.token) return c;
  const { token: _secret, ...followUp } = c.followUp;
  return { ...c, followUp };
}

export interface ListQuery {
  jurisdiction: string;
  /** Absent: every open status; `any`: every status, closed and archived too. */
  status?: CaseStatus | 'any';
  /** Registered on or after this China date (YYYY-MM-DD). */
  registeredFrom?: string;
  /** Registered on or before this China date (YYYY-MM-DD). */
  registeredTo?: string;
  /** 含下级: the jurisdiction's own cases, then those of every level below it, level by level. */
  includeSubordinates?: boolean;
  limit: number;
  cursor?: string;
}

/**
 * Reads one page of 含下级 may make: each reads one jurisdiction's partitions (one status set, four shards each),
 * the cost of listing one jurisdiction. Past it the page goes back with what it has and a cursor.
 */
const MAX_SUBORDINATE_READS = 10;
/** A 含下级 cursor: `s.<index of the jurisdiction in the subtree>.<the store's cursor within it, or nothing>`. */
const SUBTREE_CURSOR = /^s\.(\d{1,5})\.(.*)$/s;

/** A page of a jurisdiction's cases, each with its running clock (as the work lists show it). */
export async function listCases(deps: ReadDeps & { clock: Clock }, query: ListQuery, actor: Actor): Promise<CasePage<CaseSummary & { clock?: WorkClock }>> {
  deps.province.requireJurisdiction(query.jurisdiction);
  assertMayList(actor, query.jurisdiction, deps.province.tree);
  if (query.registeredFrom && query.registeredTo && query.registeredFrom > query.registeredTo) {
    throw new InvalidInput('the date range ends before it starts', [
      { path: 'query.registeredTo', message: `${query.registeredTo} is before ${query.registeredFrom}`, chinese: `${formatDay(query.registeredTo)}早于${formatDay(query.registeredFrom)}` },
    ]).inChinese('日期范围的结束日期早于开始日期');
  }
  const read = (jurisdiction: string, limit: number, cursor: string | undefined) =>
    deps.store.listByJurisdiction({
      jurisdiction,
      // By default every case not yet closed (未结): those being handled, and those answered and awaiting their follow-up or a review request.
      statuses: query.status === 'any' ? [...CASE_STATUSES] : query.status ? [query.status] : [...OPEN_STATUSES, 'replied'],
      limit,
      ...(cursor ? { cursor } : {}),
      ...(query.registeredFrom ? { registeredFrom: chinaDayStart(query.registeredFrom) } : {}),
      ...(query.registeredTo ? { registeredBefore: periodEnd({ to: query.registeredTo }) } : {}),
    });
  // The same rules as reading a case: a unit's staff see their unit's cases only, a report is not even
  // listed to the unit it accuses, recused staff do not see the case; nobody is told why.
  const now = deps.clock.now();
  const shown = (items: readonly CaseSummary[]) => visibleSummaries(items, actor, deps.province).map((item) => withWorkClock(item, now, deps.province.calendar));
  if (!query.includeSubordinates) {
    const page = await read(query.jurisdiction, query.limit, query.cursor);
    return { ...page, items: shown(page.items) };
  }
  // A unit's staff read only their unit's cases: the whole subtree would be read for them to see none of it.
  if (actor.unit !== undefined) {
    throw new OutOfScope(`staff member ${actor.staffId} of unit ${actor.unit} may not list the levels below (includeSubordinates): a unit's cases are on its own lists`).inChinese(
      '含下级仅供信访部门和领导查看下级辖区的事项；本单位的事项请在本单位在办、我承办的中查看',
    );
  }
  return subtreePage(query, read, shown, deps.province.tree.subtree(query.jurisdiction).map((node) => node.code));
}

/**
 * 含下级: the jurisdiction, then each level below it in turn (JurisdictionTree.subtree: level by level), each
 * newest first, one jurisdiction's partitions a read — as listing that jurisdiction alone costs — until the page
 * is full, the subtree ends, or MAX_SUBORDINATE_READS reads were made. The cursor names the jurisdiction reached
 * and the store's cursor within it; the store refuses a cursor of another jurisdiction's listing.
 */
async function subtreePage<T extends CaseSummary>(
  query: ListQuery,
  read: (jurisdiction: string, limit: number, cursor: string | undefined) => Promise<CasePage>,
  shown: (items: readonly CaseSummary[]) => T[],
  subtree: readonly string[],
): Promise<CasePage<T>> {
  let index = 0;
  let inner: string | undefined;
  if (query.cursor !== undefined) {
    const parsed = SUBTREE_CURSOR.exec(query.cursor);
    if (!parsed || Number(parsed[1]) >= subtree.length) {
      throw new InvalidInput('the cursor is not one this listing gave', [{ path: 'query.cursor', message: 'not a cursor of this listing (含下级)', chinese: '该游标不是本列表给出的' }]).inChinese('该游标不是本列表给出的，请从第一页重新查询');
    }
    index = Number(parsed[1]);
    inner = parsed[2] || undefined;
  }
  const items: T[] = [];
  for (let reads = 0; reads < MAX_SUBORDINATE_READS && index < subtree.length && items.length < query.limit; reads++) {
    const page = await read(subtree[index]!, query.limit - items.length, inner);
    items.push(...shown(page.items));
    if (page.cursor) inner = page.cursor;
    else {
      index += 1;
      inner = undefined;
    }
  }
  return index < subtree.length ? { items, cursor: `s.${index}.${inner ?? ''}` } : { items };
}

/** The summaries the actor may read, without what only the read rules need (accused units, access). */
export function visibleSummaries(items: readonly CaseSummary[], actor: Actor, province: Province): CaseSummary[] {
  return items.filter((item) => mayRead(actor, item, province.tree)).map(({ accusedUnits: _hidden, access: _rules, ...item }) => item);
}

function mayRead(actor: Actor, item: CaseSummary, tree: Province['tree']): boolean {
  const access = item.access ?? { receivingOffice: item.jurisdiction, units: item.lead ? [item.lead] : [], recused: [] };
  const [lead, ...others] = access.units;
  try {
    assertMayRead(
      actor,
      {
        caseNumber: item.caseNumber,
        jurisdiction: item.jurisdiction,
        receivingOffice: access.receivingOffice,
        handling: lead ? { lead, cooperating: others } : undefined,
        accusedUnits: item.accusedUnits,
        accusedJurisdictions: access.accusedPlaces,
        recused: access.recused.map((staffId) => ({ staffId })),
        reviews: (access.reviews ?? []).map((jurisdiction) => ({ jurisdiction })),
      },
      tree,
    );
    return true;
  } catch (error) {
    if (error instanceof OutOfScope) return false;
    throw error;
  }
}

/** The most cases a contact search answers: more than any one petitioner's history. */
const CONTACT_SEARCH_LIMIT = 100;

/** A case found under a contact, and as whose contact: its petitioner's, or a representative's of a collective petition. */
export type FoundByContact = CaseSummary & { matchedAs: ContactRole[] };

/**
 * The cases of a petitioner, found by phone number or email address through
 * the hashed contact index (no address or number is stored in a key). A
 * collective petition is found by its representatives' contacts too
 * (representativeContactsOf): a representative who calls back is matched to
 * the group's case, and each case says whose contact matched (`matchedAs`).
 * Each case found is written to its audit trail: looking someone up by their
 * phone number is itself a read of their cases.
 */
export async function findCasesByContact(deps: ReadDeps & { clock: Clock }, contact: string, actor: Actor, requestId: string): Promise<{ items: FoundByContact[] }> {
  const normalised = contact.includes('@') ? contactsOf({ anonymous: false, email: contact }) : contactsOf({ anonymous: false, phone: contact });
  if (normalised.length === 0) {
    throw new InvalidInput('not a phone number or email address', [
      { path: 'query.contact', message: 'give a phone number (at least 7 digits) or an email address', chinese: '请填写电话号码（至少 7 位数字）或电子邮箱' },
    ]).inChinese('不是电话号码或电子邮箱');
  }
  return foundCases(deps, await deps.store.casesByContact(normalised[0]!, CONTACT_SEARCH_LIMIT), actor, requestId, CASE_TRAIL_ACTIONS.foundByContact);
}

/** The longest name key looked up: longer than any person's name (a transliterated foreign name with its spaces gone). */
export const NAME_SEARCH_MAX_LENGTH = 50;

/**
 * Index entries read under one name at most. A common name (张伟) has cases all over the province, most of them
 * not the caller's: the entries (keys only, about 100 bytes each) are read first, then the cases 100 at a time until
 * CONTACT_SEARCH_LIMIT the caller may read are found, so a county clerk still finds their own among a city's.
 */
const NAME_INDEX_READ_LIMIT = 1_000;

/** A case found under a name: whose name it is, and who the case names (address, work unit) to tell namesakes apart. */
export type FoundByName = FoundByContact & { petitioner?: PetitionerHint; representatives?: PetitionerHint[]; writer?: WriterHint };

/**
 * The cases of a petitioner known by name alone — a letter-writer, a walk-in
 * who left no number — found through the hashed name entries of the contact
 * index (no name is stored in a key). The name is compared as 关联为重复件
 * compares it (nameKey): full-width letters, spaces and case ignored, so
 * 王 秀英 finds 王秀英. A collective petition is found by its representatives'
 * names too, and a petition written for someone by its writer's (代为反映人, `writer`) (`matchedAs`). Anonymous petitions are no one's and never found.
 * A common name matches many people: beside its jurisdiction, channel,
 * subject, status and day of registration, each case answers the
 * petitioner as recorded (name as written, address, work unit — never a
 * contact) and, when a representative's name matched, that representative,
 * for staff to tell namesakes apart before opening one. Only the cases the
 * caller may read, newest first, at most CONTACT_SEARCH_LIMIT (`more` when
 * there may be others: more than that, or more entries than
 * NAME_INDEX_READ_LIMIT); each written to its audit trail, as a look-up by
 * contact is.
 */
export async function findCasesByName(deps: ReadDeps & { clock: Clock }, name: string, actor: Actor, requestId: string): Promise<{ items: FoundByName[]; more?: true }> {
  const key = nameKey(name);
  if (key.length === 0 || key.length > NAME_SEARCH_MAX_LENGTH) {
    const chinese = key.length === 0 ? '请填写信访人姓名' : `姓名不超过 ${NAME_SEARCH_MAX_LENGTH} 个字（不计空格）`;
    throw new InvalidInput('not a name to look up', [
      { path: 'query.name', message: `give the petitioner's name (1 to ${NAME_SEARCH_MAX_LENGTH} characters, spaces not counted)`, chinese },
    ]).inChinese(chinese);
  }
  const matches = await deps.store.casesByName(key, NAME_INDEX_READ_LIMIT);
  const visible: FoundByContact[] = [];
  for (let read = 0; read < matches.length && visible.length <= CONTACT_SEARCH_LIMIT; read += CONTACT_SEARCH_LIMIT) {
    visible.push(...(await visibleMatches(deps, matches.slice(read, read + CONTACT_SEARCH_LIMIT), actor, { people: true })));
  }
  const more = visible.length > CONTACT_SEARCH_LIMIT || matches.length >= NAME_INDEX_READ_LIMIT;
  const items = visible.slice(0, CONTACT_SEARCH_LIMIT);
  await auditFound(deps, items, actor, requestId, CASE_TRAIL_ACTIONS.foundByName);
  return {
    ...(more ? { more: true as const } : {}),
    items: items.map(({ people, ...item }) => {
      // Only the representatives the name matched: the others are the group's, not the person asked about.
      const representatives = item.matchedAs.includes('representative') ? (people?.representatives ?? []).filter((r) => nameKey(r.name) === key) : [];
      // The writer only when their name matched: the caller who wrote for their father is told it is that letter.
      const writer = item.matchedAs.includes('writer') ? people?.writer : undefined;
      return { ...item, ...(people?.petitioner ? { petitioner: people.petitioner } : {}), ...(representatives.length ? { representatives } : {}), ...(writer ? { writer } : {}) };
    }),
  };
}

/** The matches the actor may read, newest first as the index answered, each look-up written to the case's audit trail. */
async function foundCases(deps: ReadDeps & { clock: Clock }, matches: readonly ContactMatch[], actor: Actor, requestId: string, action: string): Promise<{ items: FoundByContact[] }> {
  const items = await visibleMatches(deps, matches, actor);
  await auditFound(deps, items, actor, requestId, action);
  return { items };
}

/** The matches' summaries the actor may read, each with whose contact or name matched and its running clock (as a work list shows it), in the order of the matches. */
async function visibleMatches(deps: ReadDeps & { clock: Clock }, matches: readonly ContactMatch[], actor: Actor, opts: { people?: boolean } = {}): Promise<FoundByContact[]> {
  const matchedAs = new Map(matches.map((m) => [m.caseNumber, m.matchedAs]));
  const now = deps.clock.now();
  return visibleSummaries(await deps.store.summariesOf(matches.map((m) => m.caseNumber), opts), actor, deps.province).map((item) => ({
    ...withWorkClock(item, now, deps.province.calendar),
    matchedAs: matchedAs.get(item.caseNumber) ?? ['petitioner'],
  }));
}

/** A look-up by someone's contact or name is a read of each case it answers: on its audit trail. */
async function auditFound(deps: ReadDeps & { clock: Clock }, items: readonly FoundByContact[], actor: Actor, requestId: string, action: string): Promise<void> {
  const at = deps.clock.now().toISOString();
  await Promise.all(items.map((item) => deps.store.appendAudit({ caseNumber: item.caseNumber, at, actor: actor.staffId, action, outcome: 'allowed', requestId })));
}
