import type { Case } from '../domain/case.js';
import type { Province } from '../domain/province.js';
import { readsCase, type Actor, type CaseScope } from '../domain/access.js';
import type { JurisdictionTree } from '../domain/jurisdiction.js';
import type { EarlierCase } from '../domain/mail/repeat.js';

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
export const mayRead: (actor: Actor, c: CaseScope, tree: JurisdictionTree) => boolean = readsCase;

/**
 * Whether the petitions office of a jurisdiction — its staff placed in no
 * unit, recused from nothing — may read the case: the case is within its
 * jurisdiction or came to it (or is reviewed there), and is no report against
 * the government of its place or of a place above it (assertMayRead).
 */
export function officeMayRead(office: string, c: CaseScope, tree: JurisdictionTree): boolean {
  return mayRead({ staffId: `office:${office}`, jurisdiction: office, roles: ['petitionsOffice'] }, c, tree);
}

/**
 * The petitioner's earlier cases the office holding a new case may read: the
 * only ones a repeat check (findRepeatOf, 第十九条) may link it to, name in it
 * or decline it for. Any other — another county's case, a report against this
 * office's government moved up to the level above — is as if it did not
 * exist: its number written into the new case (repeatOf, the similarity, a
 * 不予受理 naming it) would tell this office's staff what is kept from them.
 * One whose jurisdiction was not read is left out too.
 */
export function earlierCasesReadableBy<E extends EarlierCase>(office: string, earlier: readonly E[], tree: JurisdictionTree): E[] {
  return earlier.filter(
    (e) =>
      e.jurisdiction !== undefined &&
      officeMayRead(
        office,
        { caseNumber: e.caseNumber, jurisdiction: e.jurisdiction, receivingOffice: e.receivingOffice ?? e.jurisdiction, accusedJurisdictions: e.accusedJurisdictions },
        tree,
      ),
  );
}

/**
 * Whether an earlier case may stand for a new one's matter (a repeat's chain,
 * as the router and 第十九条 follow it): every office that may read the new
 * case — the one holding it, and the one it came to unless it is kept from
 * that one — may read the earlier case too.
 */
export function readableWherever(c: CaseScope, tree: JurisdictionTree): (earlier: CaseScope) => boolean {
  const offices = [c.jurisdiction, ...(c.receivingOffice !== c.jurisdiction && officeMayRead(c.receivingOffice, c, tree) ? [c.receivingOffice] : [])];
  return (earlier) => offices.every((office) => officeMayRead(office, earlier, tree));
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
