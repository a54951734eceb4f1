import { JURISDICTION_LEVELS } from '../domain/jurisdiction.js';
import { rulesOverlap } from '../domain/reception.js';
import type { JurisdictionConfig, ProvinceConfig } from './province-schema.js';

export interface ConfigIssue {
  path: string;
  message: string;
}

/**
 * Checks that go beyond one field: references between jurisdictions, units and
 * staff, the shape of the tree, and that each division code fits its level.
 */
export function checkReferences(config: ProvinceConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });
  const byCode = new Map<string, JurisdictionConfig>();
  const unitJurisdiction = new Map<string, string>();
  const mailboxes = new Map<string, string>();
  const staffById = new Map(config.staff.map((s) => [s.id, s]));

  const claimMailbox = (address: string, path: string) => {
    const key = address.toLowerCase();
    const earlier = mailboxes.get(key);
    if (earlier) add(path, `mailbox ${address} is already used at ${earlier}`);
    else mailboxes.set(key, path);
  };

  config.jurisdictions.forEach((j, i) => {
    const at = `jurisdictions[${i}]`;
    if (byCode.has(j.code)) add(`${at}.code`, `division code ${j.code} appears twice`);
    byCode.set(j.code, j);
    claimMailbox(j.office.mailbox, `${at}.office.mailbox`);
    j.units.forEach((u, k) => {
      if (unitJurisdiction.has(u.id)) add(`${at}.units[${k}].id`, `unit id ${u.id} appears twice`);
      unitJurisdiction.set(u.id, j.code);
      claimMailbox(u.mailbox, `${at}.units[${k}].mailbox`);
    });
  });

  const roots = config.jurisdictions.filter((j) => j.parent === undefined);
  if (roots.length !== 1) {
    add('jurisdictions', `exactly one jurisdiction (the province) must have no parent; found ${roots.length}`);
  } else if (roots[0]!.code !== config.province.code) {
    add('province.code', `the province ${config.province.code} must be the root jurisdiction (${roots[0]!.code} ${roots[0]!.name})`);
  }

  // Mail the system sends must never land in a petition mailbox: it would be registered as a petition.
  const fromOwner = mailboxes.get(config.mail.from.toLowerCase());
  if (fromOwner) add('mail.from', `the sending address is also the petition mailbox at ${fromOwner}; mail would loop`);

  config.jurisdictions.forEach((j, i) => {
    const at = `jurisdictions[${i}]`;
    const codeProblem = codeFitsLevel(j);
    if (codeProblem) add(`${at}.code`, codeProblem);
    if (j.parent !== undefined) {
      const parent = byCode.get(j.parent);
      if (!parent) add(`${at}.parent`, `parent ${j.parent} is not a configured jurisdiction`);
      else {
        const expected = JURISDICTION_LEVELS[JURISDICTION_LEVELS.indexOf(j.level) - 1];
        if (expected === undefined) add(`${at}.parent`, `a ${j.level} has no parent`);
        else if (parent.level !== expected) {
          add(`${at}.parent`, `a ${j.level} must sit directly under a ${expected}, but ${parent.code} is a ${parent.level}`);
        }
        if (!j.code.startsWith(prefixOf(parent))) {
          add(`${at}.code`, `${j.code} does not lie within its parent ${parent.code} (${parent.name})`);
        }
      }
    } else if (j.level !== 'province') {
      add(`${at}.parent`, `a ${j.level} needs a parent`);
    }

    const unitOfKind = new Map<string, number>();
    j.units.forEach((u, k) => {
      // Departmental routing names a kind; two units of one kind would make it ambiguous.
      const earlier = unitOfKind.get(u.department);
      if (earlier !== undefined && u.department !== 'other') {
        add(`${at}.units[${k}].department`, `${j.name} already has a ${u.department} unit (units[${earlier}]); routing needs one per kind`);
      }
      unitOfKind.set(u.department, k);
      if (u.head === undefined) return;
      const head = staffById.get(u.head);
      if (!head) add(`${at}.units[${k}].head`, `unit head ${u.head} is not a configured staff member`);
      else if (head.unit !== u.id) add(`${at}.units[${k}].head`, `unit head ${u.head} does not work in unit ${u.id}`);
      else if (!head.roles.includes('unitHead')) add(`${at}.units[${k}].head`, `unit head ${u.head} needs the role "unitHead"`);
    });
    for (const role of ['principal', 'inChargeOfPetitions'] as const) {
      const leaderId = j.leadership[role];
      if (leaderId === undefined) continue;
      const leader = staffById.get(leaderId);
      if (!leader) add(`${at}.leadership.${role}`, `leader ${leaderId} is not a configured staff member`);
      else if (leader.jurisdiction !== j.code || !leader.roles.includes('leader')) {
        add(`${at}.leadership.${role}`, `${leaderId} must be a staff member of ${j.code} with the role "leader"`);
      }
    }
    (j.receptionDays ?? []).forEach((day, k) => {
      const leader = staffById.get(day.leader);
      if (!leader) add(`${at}.receptionDays[${k}].leader`, `reception leader ${day.leader} is not a configured staff member`);
      else if (leader.jurisdiction !== j.code || !leader.roles.includes('leader')) {
        add(`${at}.receptionDays[${k}].leader`, `${day.leader} must be a staff member of ${j.code} (${j.name}) with the role "leader" to receive petitioners there`);
      }
      // A session is its slot, named by jurisdiction, day and start time: two lines of one day cannot start together.
      const start = day.time.slice(0, 5);
      const clash = (j.receptionDays ?? []).findIndex((other, n) => n < k && other.time.slice(0, 5) === start && rulesOverlap(other, day));
      if (clash >= 0) {
        add(`${at}.receptionDays[${k}].time`, `starts at ${start} like receptionDays[${clash}], on a day both can fall on; two sessions of one day must start at different times`);
      }
    });
  });

  const staffIds = new Set<string>();
  const staffEmails = new Map<string, number>();
  config.staff.forEach((s, i) => {
    const at = `staff[${i}]`;
    if (staffIds.has(s.id)) add(`${at}.id`, `staff id ${s.id} appears twice`);
    staffIds.add(s.id);
    if (!byCode.has(s.jurisdiction)) add(`${at}.jurisdiction`, `jurisdiction ${s.jurisdiction} is not configured`);
    const mailboxAt = mailboxes.get(s.email.toLowerCase());
    if (mailboxAt) add(`${at}.email`, `a staff address must not be a petition mailbox (${mailboxAt}); mail to staff would be registered as a petition`);
    const sameEmail = staffEmails.get(s.email.toLowerCase());
    if (sameEmail !== undefined) add(`${at}.email`, `${s.email} is already the address of staff[${sameEmail}]`);
    staffEmails.set(s.email.toLowerCase(), i);
    if (s.unit !== undefined) {
      const unitHome = unitJurisdiction.get(s.unit);
      if (!unitHome) add(`${at}.unit`, `unit ${s.unit} is not configured`);
      else if (unitHome !== s.jurisdiction) add(`${at}.unit`, `unit ${s.unit} belongs to ${unitHome}, not ${s.jurisdiction}`);
    }
  });

  return issues;
}

/** The leading digits every code below this jurisdiction shares. */
function prefixOf(j: JurisdictionConfig): string {
  switch (j.level) {
    case 'province':
      return j.code.slice(0, 2);
    case 'city':
      return j.code.slice(0, 4);
    default:
      return j.code.slice(0, 6);
  }
}

function codeFitsLevel(j: JurisdictionConfig): string | undefined {
  const six = /^\d{6}$/.test(j.code);
  switch (j.level) {
    case 'province':
      return six && j.code.endsWith('0000') ? undefined : 'a province code has 6 digits ending in 0000 (e.g. 330000)';
    case 'city':
      return six && j.code.endsWith('00') && !j.code.endsWith('0000') ? undefined : 'a city code has 6 digits ending in 00 (e.g. 330100)';
    case 'county':
      return six && !j.code.endsWith('00') ? undefined : 'a county code has 6 digits not ending in 00 (e.g. 330122)';
    case 'township':
      return /^\d{6}(?!000)\d{3}$/.test(j.code) ? undefined : 'a township code has 9 digits: the county code and three more, not 000 (e.g. 330122101)';
  }
}
