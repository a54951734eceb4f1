import type { StaffRole } from './department.js';
import { OutOfScope } from './errors.js';
import type { JurisdictionTree } from './jurisdiction.js';

/** The staff member acting, as the authorizer identified them and the configuration describes them. */
export interface Actor {
  staffId: string;
  jurisdiction: string;
  unit?: string;
  roles: readonly StaffRole[];
}

/** Roles that may register letters, visits and calls. */
const REGISTERING_ROLES: readonly StaffRole[] = ['registrar', 'petitionsOffice', 'administrator'];

/** A higher level sees its subordinate levels; nobody sees sideways or upwards. */
export function coversJurisdiction(actor: Actor, jurisdiction: string, tree: JurisdictionTree): boolean {
  return tree.isWithin(jurisdiction, actor.jurisdiction);
}

export function assertMayRegister(actor: Actor, jurisdiction: string, tree: JurisdictionTree): void {
  if (!actor.roles.some((r) => REGISTERING_ROLES.includes(r))) {
    throw new OutOfScope(`staff member ${actor.staffId} may not register petitions (needs one of: ${REGISTERING_ROLES.join(', ')})`);
  }
  if (!coversJurisdiction(actor, jurisdiction, tree)) {
    throw new OutOfScope(`staff member ${actor.staffId} may not register petitions for jurisdiction ${jurisdiction}`);
  }
}

/**
 * Reading a case needs the case's jurisdiction (or the office that received it)
 * within the actor's. Unit-level and confidentiality rules come with access control.
 */
export function assertMayRead(
  actor: Actor,
  subject: { caseNumber: string; jurisdiction: string; receivingOffice: string },
  tree: JurisdictionTree,
): void {
  if (coversJurisdiction(actor, subject.jurisdiction, tree) || coversJurisdiction(actor, subject.receivingOffice, tree)) return;
  throw new OutOfScope(`staff member ${actor.staffId} may not see case ${subject.caseNumber}`);
}

export function assertMayList(actor: Actor, jurisdiction: string, tree: JurisdictionTree): void {
  if (!coversJurisdiction(actor, jurisdiction, tree)) {
    throw new OutOfScope(`staff member ${actor.staffId} may not list the cases of jurisdiction ${jurisdiction}`);
  }
}
