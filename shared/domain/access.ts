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
  subject: { caseNumber: string; jurisdiction: string; receivingOffice: string; accusedUnits?: readonly string[] },
  tree: JurisdictionTree,
): void {
  // A report is never shown to the unit it accuses (检举、控告材料不得转给被检举、控告的人员和单位).
  if (actor.unit !== undefined && subject.accusedUnits?.includes(actor.unit)) {
    throw new OutOfScope(`staff member ${actor.staffId} may not see case ${subject.caseNumber}`);
  }
  if (coversJurisdiction(actor, subject.jurisdiction, tree) || coversJurisdiction(actor, subject.receivingOffice, tree)) return;
  throw new OutOfScope(`staff member ${actor.staffId} may not see case ${subject.caseNumber}`);
}

export function assertMayList(actor: Actor, jurisdiction: string, tree: JurisdictionTree): void {
  if (!coversJurisdiction(actor, jurisdiction, tree)) {
    throw new OutOfScope(`staff member ${actor.staffId} may not list the cases of jurisdiction ${jurisdiction}`);
  }
}

/** Who decides what happens to a case in an office: acceptance, routing, handing over. */
const DECIDING_ROLES: readonly StaffRole[] = ['petitionsOffice', 'leader', 'administrator'];

export type CaseDecision = 'accept' | 'decline' | 'redirect' | 'assign' | 'transfer' | 'return' | 'claim' | 'requestExtension' | 'decideExtension';

/**
 * The office decides (accept, decline, redirect, assign, transfer) within its
 * jurisdictions; the unit handling a case may transfer or return it (转办, 退回);
 * anyone who may see a case may claim first-contact responsibility for it.
 */
export function assertMayDecide(
  actor: Actor,
  decision: CaseDecision,
  subject: { caseNumber: string; jurisdiction: string; receivingOffice: string; handling?: { lead: string } },
  tree: JurisdictionTree,
): void {
  assertMayRead(actor, subject, tree);
  if (decision === 'claim') return;
  if (decision === 'decideExtension') {
    // 延期 is approved by a leader of the case's jurisdiction (or above).
    if (actor.roles.includes('leader') && coversJurisdiction(actor, subject.jurisdiction, tree)) return;
    throw new OutOfScope(`only a leader of ${subject.jurisdiction} may decide an extension of case ${subject.caseNumber}`);
  }
  const deciding = actor.roles.some((r) => DECIDING_ROLES.includes(r)) && coversJurisdiction(actor, subject.jurisdiction, tree);
  if (deciding) return;
  const handlingUnit = actor.unit !== undefined && subject.handling?.lead === actor.unit;
  if ((decision === 'return' || decision === 'transfer' || decision === 'requestExtension') && handlingUnit && actor.roles.some((r) => r === 'handler' || r === 'unitHead')) return;
  throw new OutOfScope(`staff member ${actor.staffId} may not ${decision} case ${subject.caseNumber}`);
}
