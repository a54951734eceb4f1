import { assertMayList, assertMayRead, type Actor } from '../domain/access.js';
import { OPEN_STATUSES, type Case, type CaseStatus } from '../domain/case.js';
import { CaseNotFound, OutOfScope } from '../domain/errors.js';
import type { Province } from '../domain/province.js';
import { allowedActions, type CaseActionName } from '../domain/allowed-actions.js';
import type { CasePage, CaseStore, CaseSummary, CaseWithEvents } from './ports.js';

export interface ReadDeps {
  store: CaseStore;
  province: Province;
}

/**
 * A case as its reader may see it, with the actions they may take on it now
 * (from the same access policy and lifecycle the actions themselves apply).
 */
export async function getCase(deps: ReadDeps, caseNumber: string, actor: Actor): Promise<CaseWithEvents & { allowedActions: CaseActionName[] }> {
  const found = await deps.store.get(caseNumber);
  if (!found) throw new CaseNotFound(caseNumber);
  assertMayRead(actor, found.case, deps.province.tree);
  return { ...found, case: caseView(found.case), allowedActions: allowedActions(actor, found.case, deps.province.tree) };
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
  // The same rules as reading a case: a unit's staff see their unit's cases only, a report is not even
  // listed to the unit it accuses, recused staff do not see the case; nobody is told why.
  const items = page.items.filter((item) => mayRead(actor, item, deps.province.tree)).map(({ accusedUnits: _hidden, access: _rules, ...item }) => item);
  return { ...page, items };
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
        recused: access.recused.map((staffId) => ({ staffId })),
      },
      tree,
    );
    return true;
  } catch (error) {
    if (error instanceof OutOfScope) return false;
    throw error;
  }
}
