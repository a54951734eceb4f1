import type { Actor } from '../domain/access.js';
import { DEPARTMENT_SHORT_NAMES, type StaffRole } from '../domain/department.js';
import { OutOfScope } from '../domain/errors.js';
import type { Province } from '../domain/province.js';
import { suspensionGrounds } from './suspend-clock.js';
import { unitStaffed } from './accusable-units.js';

/**
 * Who is who, as staff need it to read a case: the names behind the codes and
 * ids the cases carry (jurisdictions, their offices and units, staff) and each
 * staff member's place and roles. Read from the province configuration, and
 * never its mailboxes or staff email addresses: a case's history needs names,
 * not contact data.
 */

/** A staff member as colleagues see them: who, where, in which roles. */
export interface DirectoryStaff {
  id: string;
  name: string;
  jurisdiction: string;
  /** Absent for the petitions office itself. */
  unit?: string;
  roles: StaffRole[];
  /** A leader's post at their level, where the configuration names them: 主要负责同志 or 分管信访工作的负责同志. */
  leaderPost?: 'principal' | 'inChargeOfPetitions';
}

export interface DirectoryJurisdiction {
  code: string;
  name: string;
  /** Absent for the province. */
  parent?: string;
  office: { name: string };
  /**
   * Each unit with what staff call its kind of department for short (住建, 人社…), to find it by, and
   * `unstaffed` when nobody in the system works there (no handler, no unit head): it cannot lead a case
   * (谁承办谁答复: nobody would conclude it), and handoffs refuse it as lead.
   */
  units: { id: string; name: string; aliases: string[]; unstaffed?: true }[];
  /** Its extension rules (延期): the most days an extension may add, and how many working days before the deadline it must be asked for. */
  extension: { maxDays: number; requestLeadWorkingDays: number };
}

export interface Directory {
  jurisdictions: DirectoryJurisdiction[];
  staff: DirectoryStaff[];
  /** The grounds a clock may be suspended on (中止): the built-in ones and those the province configures, with their names. */
  suspensionGrounds: { id: string; name: string }[];
}

/** The whole directory, in the configuration's order. Fields are picked one by one so a field added to the configuration is not published by accident. */
export function directoryOf(province: Province): Directory {
  return {
    jurisdictions: province.config.jurisdictions.map((j) => ({
      code: j.code,
      name: j.name,
      ...(j.parent ? { parent: j.parent } : {}),
      office: { name: j.office.name },
      units: j.units.map((u) => ({
        id: u.id,
        name: u.name,
        aliases: DEPARTMENT_SHORT_NAMES[u.department].filter((alias) => !u.name.includes(alias)),
        // The same rule the handoff applies (assertLeadStaffed), so a picker never offers what the API refuses.
        ...(unitStaffed(province, u.id) ? {} : { unstaffed: true as const }),
      })),
      extension: extensionShown(province.extensionRulesFor(j.code)),
    })),
    staff: province.allStaff().map((staff) => directoryStaff(province, staff)),
    suspensionGrounds: Object.entries(suspensionGrounds(province)).map(([id, name]) => ({ id, name })),
  };
}

/** The caller's own entry: the staff member the API resolved from the token, as the configuration describes them. */
export function callerEntry(province: Province, actor: Actor): DirectoryStaff {
  const staff = province.staff(actor.staffId);
  if (!staff) throw new OutOfScope(`${actor.staffId} is not a configured staff member`).inChinese(`${actor.staffId} 不是系统中配置的工作人员`);
  return directoryStaff(province, staff);
}

function directoryStaff(province: Province, staff: { id: string; name: string; jurisdiction: string; unit?: string | undefined; roles: readonly StaffRole[] }): DirectoryStaff {
  const leadership = province.tree.has(staff.jurisdiction) ? province.jurisdiction(staff.jurisdiction).leadership : {};
  const post = leadership.principal === staff.id ? 'principal' : leadership.inChargeOfPetitions === staff.id ? 'inChargeOfPetitions' : undefined;
  return { id: staff.id, name: staff.name, jurisdiction: staff.jurisdiction, ...(staff.unit ? { unit: staff.unit } : {}), roles: [...staff.roles], ...(post ? { leaderPost: post } : {}) };
}

/** What staff screens need of an office's extension rules: the days allowed and how far ahead to ask (not when leaders are reminded). */
function extensionShown({ maxDays, requestLeadWorkingDays }: { maxDays: number; requestLeadWorkingDays: number }): DirectoryJurisdiction['extension'] {
  return { maxDays, requestLeadWorkingDays };
}
