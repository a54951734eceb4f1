import type { Case } from '../domain/case.js';
import type { Province } from '../domain/province.js';
import { assertMayRead, type Actor, type CaseScope } from '../domain/access.js';
import type { JurisdictionTree } from '../domain/jurisdiction.js';
import { DomainError } from '../domain/errors.js';

/**
 * A staff member is written to about a case only while they may read it: not
 * one recused from it (回避), nor one of a unit the report accuses, nor one the
 * case has since left (a transfer out of their jurisdiction). Units and
 * offices (`who` not a staff id) are written to by their mailboxes.
 */
export const mayReadCase = (province: Province, c: Case) => (r: { who: string }) => {
  const staff = province.staff(r.who);
  if (!staff) return true;
  return mayRead({ staffId: staff.id, jurisdiction: staff.jurisdiction, roles: staff.roles, ...(staff.unit ? { unit: staff.unit } : {}) }, c, province.tree);
};

/** assertMayRead as a yes or no. */
export function mayRead(actor: Actor, c: CaseScope, tree: JurisdictionTree): boolean {
  try {
    assertMayRead(actor, c, tree);
    return true;
  } catch (error) {
    if (error instanceof DomainError) return false;
    throw error;
  }
}

/**
 * The addresses of a jurisdiction's leaders — the one in charge of petitions
 * and the principal — who may read the case: a leader recused from it (回避,
 * 条例第二十八条) is not sent its number, subject or reasons.
 */
export function leaderEmails(province: Province, c: Case, jurisdiction: string, which: readonly ('inChargeOfPetitions' | 'principal')[] = ['inChargeOfPetitions', 'principal']): string[] {
  const leadership = province.jurisdiction(jurisdiction).leadership;
  return which
    .map((role) => leadership[role])
    .filter((id): id is string => Boolean(id) && mayReadCase(province, c)({ who: id! }))
    .map((id) => province.staff(id)?.email)
    .filter((e): e is string => Boolean(e));
}
