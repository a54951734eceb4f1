import type { Actor } from '../domain/access.js';
import { OPEN_STATUSES } from '../domain/case.js';
import { OutOfScope } from '../domain/errors.js';
import type { Province } from '../domain/province.js';
import { dueSoonBefore, withWorkClock, type WorkClock } from '../domain/work-clock.js';
import type { CaseIndexes, CaseSummary, Clock, WorkListQuery } from './ports.js';
import { visibleSummaries } from './read-cases.js';

/**
 * 工作台: the lists a staff member works from, decided by who they are.
 * - The petitions office (office roles, not placed in a unit) of a
 *   jurisdiction: 待分办 (the router could not place these), 待受理 (registered,
 *   not yet accepted), 待交办 (accepted, no unit yet), 新登记 (the last 7 days).
 * - A unit's staff: 本单位在办, the unit's open cases.
 * - Everyone: 已逾期 and 3个工作日内到期, over what they work — the office's
 *   cases and its units', or their unit's.
 * The work lists are the byUnit index (a unit's open cases, or an office's no
 * unit has yet), soonest due first; 新登记 is the jurisdiction index, newest first.
 */
export const WORK_LISTS = ['triage', 'awaitingAcceptance', 'awaitingAssignment', 'newlyRegistered', 'unitOpen', 'overdue', 'dueSoon'] as const;
export type WorkListId = (typeof WORK_LISTS)[number];

export interface WorkListDeps {
  store: Pick<CaseIndexes, 'workListPage' | 'listByJurisdiction'>;
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
const DUE_SOON_WORKING_DAYS = 3;
const COUNT_CAP = 5_000;
const COUNT_PAGE = 500;

const OFFICE_ROLES = new Set(['petitionsOffice', 'leader', 'administrator']);

/** The lists this staff member has, in the order the workbench shows them. */
export function workListsOf(actor: Actor): WorkListId[] {
  if (actor.unit) return ['unitOpen', 'overdue', 'dueSoon'];
  const office = actor.roles.some((r) => OFFICE_ROLES.has(r));
  return office ? ['triage', 'awaitingAcceptance', 'awaitingAssignment', 'newlyRegistered', 'overdue', 'dueSoon'] : ['newlyRegistered', 'overdue', 'dueSoon'];
}

/** One page of one of the caller's lists, each case with its running clock counted in working days. */
export async function workListPage(deps: WorkListDeps, actor: Actor, list: WorkListId, page: { limit: number; cursor?: string }): Promise<WorkListPage> {
  const offered = workListsOf(actor);
  if (!offered.includes(list)) throw new OutOfScope(`${list} is not one of the work lists of staff member ${actor.staffId} (${offered.join(', ')})`);
  const now = deps.clock.now();
  const found = await fetchPage(deps, actor, list, now, page);
  const items = visibleSummaries(found.items, actor, deps.province).map((item) => withWorkClock(item, now, deps.province.calendar));
  return { list, items, ...(found.cursor ? { cursor: found.cursor } : {}) };
}

/**
 * How many cases each of the caller's lists holds, counted through the same
 * queries and read rules as the pages, so a count never promises a case the
 * list does not show.
 */
export async function workListCounts(deps: WorkListDeps, actor: Actor): Promise<WorkListCount[]> {
  const now = deps.clock.now();
  return Promise.all(
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
}

function fetchPage(deps: WorkListDeps, actor: Actor, list: WorkListId, now: Date, page: { limit: number; cursor?: string }) {
  const at = now.toISOString();
  const paging = { limit: page.limit, ...(page.cursor ? { cursor: page.cursor } : {}) };
  const office: WorkListQuery['partitions'] = [{ office: actor.jurisdiction }];
  const worked: WorkListQuery['partitions'] = actor.unit
    ? [{ unit: actor.unit }]
    : [...office, ...deps.province.jurisdiction(actor.jurisdiction).units.map((u) => ({ unit: u.id }))];
  switch (list) {
    case 'triage':
      return deps.store.workListPage({ partitions: office, statuses: ['registered', 'accepted'], triage: true, ...paging });
    case 'awaitingAcceptance':
      return deps.store.workListPage({ partitions: office, statuses: ['registered'], triage: false, ...paging });
    case 'awaitingAssignment':
      return deps.store.workListPage({ partitions: office, statuses: ['accepted'], triage: false, ...paging });
    case 'newlyRegistered':
      return deps.store.listByJurisdiction({
        jurisdiction: actor.jurisdiction,
        statuses: [...OPEN_STATUSES],
        registeredFrom: new Date(now.getTime() - NEWLY_REGISTERED_DAYS * 86_400_000).toISOString(),
        ...paging,
      });
    case 'unitOpen':
      return deps.store.workListPage({ partitions: worked, ...paging });
    case 'overdue':
      return deps.store.workListPage({ partitions: worked, dueBefore: at, ...paging });
    case 'dueSoon':
      return deps.store.workListPage({ partitions: worked, dueFrom: at, dueBefore: dueSoonBefore(now, deps.province.calendar, DUE_SOON_WORKING_DAYS), ...paging });
  }
}
