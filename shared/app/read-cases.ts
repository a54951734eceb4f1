import { assertMayList, assertMayRead, type Actor } from '../domain/access.js';
import { OPEN_STATUSES, type Case, type CaseStatus } from '../domain/case.js';
import { CaseNotFound } from '../domain/errors.js';
import type { Province } from '../config/province.js';
import type { CasePage, CaseStore, CaseWithEvents } from './ports.js';

export interface ReadDeps {
  store: CaseStore;
  province: Province;
}

export async function getCase(deps: ReadDeps, caseNumber: string, actor: Actor): Promise<CaseWithEvents> {
  const found = await deps.store.get(caseNumber);
  if (!found) throw new CaseNotFound(caseNumber);
  assertMayRead(actor, found.case, deps.province.tree);
  return { ...found, case: caseView(found.case) };
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
  /** Absent: every open status. */
  status?: CaseStatus;
  limit: number;
  cursor?: string;
}

export async function listCases(deps: ReadDeps, query: ListQuery, actor: Actor): Promise<CasePage> {
  deps.province.requireJurisdiction(query.jurisdiction);
  assertMayList(actor, query.jurisdiction, deps.province.tree);
  const page = await deps.store.listByJurisdiction({
    jurisdiction: query.jurisdiction,
    statuses: query.status ? [query.status] : [...OPEN_STATUSES],
    limit: query.limit,
    ...(query.cursor ? { cursor: query.cursor } : {}),
  });
  // A report is not even listed to the unit it accuses; nobody is told which units those are.
  const items = page.items
    .filter((item) => !(actor.unit && item.accusedUnits?.includes(actor.unit)))
    .map(({ accusedUnits: _hidden, ...item }) => item);
  return { ...page, items };
}
