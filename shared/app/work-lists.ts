import type { Actor } from '../domain/access.js';
import { ESCALATION_STEPS } from '../domain/department.js';
import { OutOfScope } from '../domain/errors.js';
import type { Province } from '../domain/province.js';
import { dueSoonBefore, withWorkClock, type WorkClock } from '../domain/work-clock.js';
import { workListsOf, type WorkListId } from '../domain/work-lists.js';
import { mayApproveWaiting, signOffPostsRead } from '../domain/reply-signoff.js';
import type { CaseIndexes, CasePage, CaseSummary, Clock, WorkListQuery } from './ports.js';
import { visibleSummaries } from './read-cases.js';
import { unitStaffed } from './accusable-units.js';

/**
 * The work lists (shared/domain/work-lists.ts says who has which): each is
 * the byUnit index (a unit's open cases, or an office's no unit has yet),
 * soonest due first — 待分办 with its urgent cases before all others
 * (urgentFirst); 新登记 is the jurisdiction index, newest first. Every page
 * passes the same read rules as reading a case.
 */
export { WORK_LISTS, workListsOf, type WorkListId } from '../domain/work-lists.js';

export interface WorkListDeps {
  store: Pick<CaseIndexes, 'workListPage' | 'listByJurisdiction' | 'lettersToPostPage' | 'lettersToPhonePage' | 'followUpsDuePage' | 'ownedCasesPage' | 'returnRequestsPage' | 'signOffPage' | 'leaderReadingsPage' | 'handledPage' | 'cooperatingPage' | 'supervisingPage' | 'registeredPage'>;
  province: Province;
  clock: Clock;
}

export type WorkItem = CaseSummary & { clock?: WorkClock };

export interface WorkListPage {
  list: WorkListId;
  items: WorkItem[];
  cursor?: string;
}

export interface WorkListCount {
  list: WorkListId;
  count: number;
  /** The count stopped at COUNT_CAP: there are at least this many. */
  capped?: true;
}

const NEWLY_REGISTERED_DAYS = 7;
/** 督办 that has reached the jurisdiction's leaders, or gone past them to the level above. */
const LEADER_STEPS = ESCALATION_STEPS.slice(ESCALATION_STEPS.indexOf('leaderInCharge'));
const DUE_SOON_WORKING_DAYS = 3;
const COUNT_CAP = 5_000;
const COUNT_PAGE = 500;

/** One page of one of the caller's lists, each case with its running clock counted in working days. */
export async function workListPage(deps: WorkListDeps, actor: Actor, list: WorkListId, page: { limit: number; cursor?: string }): Promise<WorkListPage> {
  const offered = workListsOf(actor);
  if (!offered.includes(list)) {
    throw new OutOfScope(`${list} is not one of the work lists of staff member ${actor.staffId} (${offered.join(', ')})`).inChinese(`${list} 不是您的工作清单`);
  }
  const now = deps.clock.now();
  // The store filters after it reads (READ_SIZE) and the read rules drop what the caller may not see, so one read
  // can come back short while cases remain: read on from its cursor until the page is full, the list ends, or
  // MAX_READS reads were made (then a short or empty page goes back with a cursor, and the client asks again).
  const items: WorkItem[] = [];
  let cursor = page.cursor;
  for (let reads = 0; reads < MAX_READS && items.length < page.limit; reads++) {
    const found = await fetchPage(deps, actor, list, now, { limit: page.limit - items.length, ...(cursor !== undefined ? { cursor } : {}) });
    // A queue of letters (待寄送, 待电话告知) holds an entry a letter: a case with two comes once a page.
    const fresh = visibleSummaries(found.items, actor, deps.province).filter((item) => !items.some((held) => held.caseNumber === item.caseNumber));
    items.push(...fresh.map((item) => withWorkClock(item, now, deps.province.calendar)));
    cursor = found.cursor;
    if (cursor === undefined) break;
  }
  return { list, items, ...(cursor !== undefined ? { cursor } : {}) };
}

/** The units of a jurisdiction nobody in the system works for now (no handler, no unit head). */
export function unstaffedUnits(province: Province, jurisdiction: string): string[] {
  return province.jurisdiction(jurisdiction).units.filter((u) => !unitStaffed(province, u.id)).map((u) => u.id);
}

/**
 * Lists offered only while they hold something: 无人承办 is a fault to clear, not a desk to work from; 待签发 is
 * empty for ever where the office requires no sign-off (replySignOff none, the default).
 */
const ONLY_WHEN_HELD: ReadonlySet<WorkListId> = new Set(['unstaffedLead', 'awaitingSignOff']);

/**
 * How many cases each of the caller's lists holds, counted through the same
 * queries and read rules as the pages, so a count never promises a case the
 * list does not show.
 */
export async function workListCounts(deps: WorkListDeps, actor: Actor): Promise<WorkListCount[]> {
  const now = deps.clock.now();
  const counts = await Promise.all(
    workListsOf(actor).map(async (list): Promise<WorkListCount> => {
      let count = 0;
      let cursor: string | undefined;
      do {
        const found = await fetchPage(deps, actor, list, now, { limit: COUNT_PAGE, ...(cursor ? { cursor } : {}) });
        count += visibleSummaries(found.items, actor, deps.province).length;
        cursor = found.cursor;
      } while (cursor && count < COUNT_CAP);
      return cursor ? { list, count, capped: true } : { list, count };
    }),
  );
  return counts.filter((c) => c.count > 0 || !ONLY_WHEN_HELD.has(c.list));
}

function fetchPage(deps: WorkListDeps, actor: Actor, list: WorkListId, now: Date, page: { limit: number; cursor?: string }) {
  const at = now.toISOString();
  const paging = { limit: page.limit, ...(page.cursor ? { cursor: page.cursor } : {}) };
  // A list filtered on what the index projects (status, triage, urgent, the ledger) reads READ_SIZE entries at a
  // time: DynamoDB's Limit comes before the filter, and a read of `limit` entries may keep none of them.
  const filtered = { ...paging, readLimit: Math.max(page.limit, READ_SIZE) };
  const office: WorkListQuery['partitions'] = [{ office: actor.jurisdiction }];
  const worked: WorkListQuery['partitions'] = actor.unit
    ? [{ unit: actor.unit }]
    : [...office, ...deps.province.jurisdiction(actor.jurisdiction).units.map((u) => ({ unit: u.id }))];
  // A leader decides for the levels just below that have no leaders of their own (a county's townships): their
  // extension requests, urgent matters and 督办 reach this leader, so the lists show them too.
  const leaderless = actor.unit
    ? []
    : deps.province.tree
        .children(actor.jurisdiction)
        .map((child) => deps.province.jurisdiction(child.code))
        .filter((j) => !j.leadership.inChargeOfPetitions && !j.leadership.principal);
  const overseen: WorkListQuery['partitions'] = [...worked, ...leaderless.flatMap((j) => [{ office: j.code }, ...j.units.map((u) => ({ unit: u.id }))])];
  switch (list) {
    case 'triage':
      // An urgent matter (a 跳桥 threat) waits for nobody's ordinary letter due sooner (条例第二十五条).
      return urgentFirst(deps.store, { partitions: office, statuses: ['registered', 'accepted'], triage: true }, page);
    case 'awaitingAcceptance':
      return deps.store.workListPage({ partitions: office, statuses: ['registered'], triage: false, ...filtered });
    case 'awaitingAssignment':
      return deps.store.workListPage({ partitions: office, statuses: ['accepted'], triage: false, ...filtered });
    case 'newlyRegistered':
      // What this office registered, wherever it is now: a case handed down at once (属地) stays on the list of the
      // office that registered it, and is not on the lower level's (its 待受理 and 待交办 have it).
      return deps.store.registeredPage({ office: actor.jurisdiction, registeredFrom: new Date(now.getTime() - NEWLY_REGISTERED_DAYS * 86_400_000).toISOString(), ...paging });
    case 'extensionRequests':
      return deps.store.workListPage({ partitions: overseen, extensionPending: true, ...filtered });
    case 'escalated':
      return deps.store.workListPage({ partitions: overseen, escalatedTo: LEADER_STEPS, ...filtered });
    case 'urgent':
      return deps.store.workListPage({ partitions: overseen, urgent: true, ...filtered });
    case 'reviewsAwaiting':
      // A case under review is on the reviewing office's list (keys.ts workListPartition).
      return deps.store.workListPage({ partitions: office, statuses: ['underReview', 'underReReview'], ...filtered });
    case 'unitOpen':
      return deps.store.workListPage({ partitions: worked, ...paging });
    case 'handledByMe':
      // 我承办的: the open cases this staff member took on (认领, 首问责任制), whichever unit's or office's they are.
      return deps.store.handledPage({ staffId: actor.staffId, ...paging });
    case 'cooperating':
      // 协办: the open cases another unit leads and this unit cooperates on (only a unit's staff have the list).
      return deps.store.cooperatingPage({ unit: actor.unit!, ...paging });
    case 'unstaffedLead': {
      // 无人承办: a unit whose last handler left still leads the cases it had; nobody there can conclude them.
      const units = unstaffedUnits(deps.province, actor.jurisdiction);
      return units.length ? deps.store.workListPage({ partitions: units.map((unit) => ({ unit })), ...paging }) : Promise.resolve<CasePage>({ items: [] });
    }
    case 'supervising':
      // 交办督办件: the cases below this office that owe it their result, whichever level now holds them.
      return deps.store.supervisingPage({ office: actor.jurisdiction, ...paging });
    case 'overdue':
      return deps.store.workListPage({ partitions: worked, dueBefore: at, ...paging });
    case 'lettersToPost':
      // The letters this office posts, whichever level's case they belong to.
      return deps.store.lettersToPostPage({ office: actor.jurisdiction, ...paging });
    case 'lettersToPhone':
      // The petitioners with only a telephone number this office is to call, whichever level's case.
      return deps.store.lettersToPhonePage({ office: actor.jurisdiction, ...paging });
    case 'followUpsDue':
      // Replied cases of this office whose petitioner staff must call or write to (回访), due by now.
      return deps.store.followUpsDuePage({ office: actor.jurisdiction, dueBefore: at, ...paging });
    case 'ownedCases':
      // 领导包案: whichever level's cases this leader owns.
      return deps.store.ownedCasesPage({ leader: actor.staffId, ...paging });
    case 'returnRequests':
      // 申请退回 awaiting this office, whichever level's unit asks (a city may have handed the case to a county's unit).
      return deps.store.returnRequestsPage({ office: actor.jurisdiction, ...paging });
    case 'awaitingSignOff':
      return approvable(deps, actor, page);
    case 'leaderReadings':
      // 待阅批: whichever level's cases the office put before this leader.
      return deps.store.leaderReadingsPage({ leader: actor.staffId, ...paging });
    case 'dueSoon':
      return deps.store.workListPage({ partitions: worked, dueFrom: at, dueBefore: dueSoonBefore(now, deps.province.calendar, DUE_SOON_WORKING_DAYS), ...paging });
  }
}

/**
 * 待签发: the letters waiting under the posts the caller reads (a unit head's
 * unit; a leader's office, its units and the levels below that may fall to
 * it), kept to those the caller may approve now (reply-signoff.ts): not one
 * they wrote, not one whose approvers are others.
 */
async function approvable(deps: WorkListDeps, actor: Actor, page: { limit: number; cursor?: string }): Promise<CasePage> {
  const { province } = deps;
  const posts = signOffPostsRead(actor, province, province.tree, (code) => province.jurisdiction(code).units.map((u) => u.id));
  const found = await deps.store.signOffPage({ posts, ...page });
  return { ...found, items: found.items.filter((item) => item.signOff && mayApproveWaiting(actor, item.signOff, province, province.tree)) };
}

/** Where an urgent-first listing stands: still among the urgent cases, or past them. (A store cursor is base64url: never a dot.) */
const URGENT_PHASE = 'u.';
const REST_PHASE = 'r.';
/**
 * Index entries one read of a filtered list looks at. DynamoDB applies its
 * Limit before the filter (urgent, triage, statuses…), so a read of 20
 * entries of the office's partition can keep none of them; reading more at
 * once reaches the cases sooner.
 */
const READ_SIZE = 100;
/**
 * Reads one page of a work list may make (workListPage). Past it the page
 * goes back with what it has — none, if the filters dropped everything
 * read — and a cursor, and the caller asks again: a request's cost stays
 * bounded however many other cases share the partition.
 */
const MAX_READS = 10;

/**
 * One read of a work list with its urgent cases first, each part soonest due
 * first: the urgent cases, then the others, one cursor telling which part and
 * where in it (u.… or r.…). The part just finished hands on a cursor to the
 * start of the next (r.), so workListPage, reading on until its page is full,
 * fills a page that finishes the urgent cases from the others; a page is
 * short only at the end of the list, or empty (with a cursor) only when
 * MAX_READS found nothing. A cursor given out before this order has neither
 * prefix and is refused by the store (400 该游标不是本列表给出的: its filter
 * differs), so the client starts again from the first page.
 *
 * A case made urgent after the first page was read (urgent material added
 * to it, withUrgentMaterial) is not shown to a caller already paging through
 * the others: it sorts among the urgent cases already passed, and the others
 * leave it out. It shows once the list is read again from the first page
 * (a reload; the console rereads 待分办 from its first page whenever the
 * window regains focus).
 */
async function urgentFirst(
  store: Pick<CaseIndexes, 'workListPage'>,
  query: Omit<WorkListQuery, 'urgent' | 'limit' | 'readLimit' | 'cursor'>,
  page: { limit: number; cursor?: string },
): Promise<CasePage> {
  const urgent = page.cursor === undefined || page.cursor.startsWith(URGENT_PHASE);
  const phase = urgent ? URGENT_PHASE : REST_PHASE;
  const inner = page.cursor?.startsWith(phase) ? page.cursor.slice(phase.length) : page.cursor;
  const found = await store.workListPage({
    ...query,
    urgent,
    limit: page.limit,
    readLimit: Math.max(page.limit, READ_SIZE),
    ...(inner ? { cursor: inner } : {}),
  });
  if (found.cursor) return { items: found.items, cursor: phase + found.cursor };
  // The urgent part is over: the others follow, from their start.
  return urgent ? { items: found.items, cursor: REST_PHASE } : { items: found.items };
}
