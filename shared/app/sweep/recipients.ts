import type { Case } from '../../domain/case.js';
import type { EscalationStep } from '../../domain/department.js';
import type { Province } from '../../domain/province.js';
import { actingJurisdiction } from '../../domain/closing.js';
import { mayReadCase } from '../may-read.js';

export { mayReadCase };

/** Someone the sweep writes to: a staff member, a unit or an office, by its address. */
export interface Recipient {
  /** Staff id, unit id or `office:<division>`: recorded on the case instead of the address. */
  who: string;
  name: string;
  email: string;
}

const staffRecipient = (province: Province, staffId: string | undefined): Recipient[] => {
  const staff = staffId ? province.staff(staffId) : undefined;
  return staff ? [{ who: staff.id, name: staff.name, email: staff.email }] : [];
};

const officeRecipient = (province: Province, code: string): Recipient => {
  const office = province.jurisdiction(code).office;
  return { who: `office:${code}`, name: office.name, email: office.mailbox };
};

export { actingJurisdiction } from '../../domain/closing.js';

const underReview = (c: Case) => actingJurisdiction(c) !== c.jurisdiction;

/**
 * The lead unit, unless the report accuses it (条例第三十条): such a unit is
 * never chased — the office is (recording it accused takes the case back to
 * the office's 待交办; a case stored before that still holds it).
 */
const chasedUnit = (c: Case): string | undefined => (c.handling && !c.accusedUnits?.includes(c.handling.lead) ? c.handling.lead : undefined);

/** The lead unit (or, before a unit has the case, the office; during a review, the reviewing office) that works it. */
export function handlingRecipient(province: Province, c: Case): Recipient {
  if (underReview(c)) return officeRecipient(province, actingJurisdiction(c));
  const lead = chasedUnit(c);
  if (!lead) return officeRecipient(province, c.jurisdiction);
  const unit = province.unit(lead);
  return { who: unit.id, name: unit.name, email: unit.mailbox };
}

/**
 * Who a reminder goes to: the handling unit, and the staff member who owns
 * the case (首问责任) when they work in that unit.
 */
export function reminderRecipients(province: Province, c: Case): Recipient[] {
  if (underReview(c)) return [handlingRecipient(province, c)];
  const lead = chasedUnit(c);
  const owner = staffRecipient(province, c.owner).filter((r) => lead !== undefined && province.staff(r.who)?.unit === lead).filter(mayReadCase(province, c));
  return [handlingRecipient(province, c), ...owner];
}

/**
 * Who one step of the overdue chain reaches. An empty list means nobody
 * fills the step for this case (no unit head configured, no higher level):
 * the chain passes over it.
 */
export function escalationRecipients(province: Province, c: Case, step: EscalationStep): Recipient[] {
  // A step whose only person may not read the case (a recused leader) passes over to the next.
  return stepRecipients(province, c, step).filter(mayReadCase(province, c));
}

function stepRecipients(province: Province, c: Case, step: EscalationStep): Recipient[] {
  const acting = actingJurisdiction(c);
  const jurisdiction = province.jurisdiction(acting);
  if (acting !== c.jurisdiction && (step === 'handlingOfficial' || step === 'unitHead')) {
    // A review is the reviewing office's own work: its chain starts at that office.
    return step === 'handlingOfficial' ? [officeRecipient(province, acting)] : [];
  }
  switch (step) {
    case 'handlingOfficial': {
      // 首问责任制: whoever owns the case; before a unit has it, the staff member who registered it — if still of the
      // office holding it or above (a case forwarded to another office is no longer its registrar's to decide).
      const holds = (r: Recipient) => {
        const staff = province.staff(r.who);
        return staff !== undefined && province.tree.isWithin(c.jurisdiction, staff.jurisdiction);
      };
      // Not a leader who registered it receiving a visitor (接待日): the office, not they, is its 承办人 until someone claims it.
      const registrar = c.handling || province.staff(c.registeredBy)?.roles.includes('leader') ? undefined : c.registeredBy;
      const owner = staffRecipient(province, c.owner ?? registrar).filter(mayReadCase(province, c)).filter(holds);
      return owner.length ? owner : [handlingRecipient(province, c)];
    }
    case 'unitHead':
      return chasedUnit(c) ? staffRecipient(province, province.unit(chasedUnit(c)!).head) : [];
    case 'petitionsOffice':
      return [officeRecipient(province, acting)];
    case 'leaderInCharge':
      return staffRecipient(province, jurisdiction.leadership.inChargeOfPetitions);
    case 'principalLeader':
      return staffRecipient(province, jurisdiction.leadership.principal);
    case 'higherJurisdiction': {
      const parent = province.tree.parentOf(acting);
      return parent ? [officeRecipient(province, parent.code)] : [];
    }
  }
}
