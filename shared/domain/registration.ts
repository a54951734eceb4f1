import { MAX_REPRESENTATIVES, type Case, type CaseEvent, type Category, type Channel, type Collective, type Petitioner, type WriterAsRegistered } from './case.js';
import { RuleViolation } from './errors.js';
import { dayNumber, workingOrWeekday, type WorkingCalendar } from './calendar.js';
import { chinaDate } from './case-number.js';
import { deadlineOrProvisional } from './deadlines.js';
import { withDeadline } from './explain-deadline.js';
import { limitAndSource, type TimeLimitSettings } from './time-limits.js';
import { withAccusedUnits } from './routing/accused.js';
import type { RoutingUnit } from './routing/types.js';
import type { JurisdictionNode, JurisdictionTree } from './jurisdiction.js';

export interface NewPetition {
  jurisdiction: string;
  channel: Channel;
  receivedAt: string;
  subject?: string;
  matter: string;
  category?: Category;
  petitioner: Petitioner;
  /** 代为反映人 as staff registered them: folded into `petitioner.writtenBy` (petitionerWithWriter) before the case is built. */
  writtenBy?: WriterAsRegistered;
  collective?: Collective;
  incidentAddress?: string;
  urgent?: boolean;
  /** Units the registrar records the report as accusing (unit ids, checked against the configuration by the caller). */
  accusedUnits?: readonly string[];
}

// Defined with the case's shape, where the console can read it without the registration rules.
export { MAX_REPRESENTATIVES };

/**
 * Builds the registered case and its first event. Pure: the case number, the
 * time and the applicable time limits are given. A report carries the units it
 * accuses from birth (accusedUnitsOf over `units`, all the province's): nobody
 * can hand it to them while the router has yet to run (《信访工作条例》第三十条).
 */
export function registerPetition(
  petition: NewPetition,
  meta: { caseNumber: string; at: string; actor: string; timeLimits: TimeLimitSettings; calendar: WorkingCalendar; units: readonly (RoutingUnit & { jurisdiction?: string })[]; tree?: JurisdictionTree<JurisdictionNode> },
): { case: Case; event: CaseEvent } {
  if (petition.collective && petition.collective.representatives.length > MAX_REPRESENTATIVES) {
    throw new RuleViolation(
      `a collective petition chooses at most ${MAX_REPRESENTATIVES} representatives (《信访工作条例》第二十条); agree the representatives with the group`,
      { representatives: petition.collective.representatives.length, rule: '第二十条' },
    )
      .inChinese(`多人联名信访推选的代表不超过 ${MAX_REPRESENTATIVES} 人（《信访工作条例》第二十条），请与信访群众商定代表`)
      .about('collective.representatives');
  }
  if (petition.collective && petition.collective.representatives.length > petition.collective.headCount) {
    throw new RuleViolation('the head count of a collective petition cannot be smaller than the number of its representatives', {
      headCount: petition.collective.headCount,
      representatives: petition.collective.representatives.length,
    })
      .inChinese('集体访的人数不能少于代表人数')
      .about('collective.headCount');
  }
  if (Date.parse(petition.receivedAt) > Date.parse(meta.at)) {
    throw new RuleViolation('a petition cannot be received after it is registered').inChinese('收到时间不能晚于登记时间').about('receivedAt');
  }
  const late = registrationDaysLate(petition.receivedAt, meta.at, meta.calendar);
  const { limit: acceptanceLimit, ...source } = limitAndSource('acceptance', meta.timeLimits, { channel: petition.channel, category: petition.category });
  const acceptance = deadlineOrProvisional(petition.receivedAt, acceptanceLimit, meta.calendar, source);
  const built: Case = {
    caseNumber: meta.caseNumber,
    jurisdiction: petition.jurisdiction,
    receivingOffice: petition.jurisdiction,
    channel: petition.channel,
    ...(petition.category ? { category: petition.category } : {}),
    status: 'registered',
    ...(petition.subject ? { subject: petition.subject } : {}),
    matter: petition.matter,
    petitioner: petition.petitioner,
    ...(petition.collective ? { collective: petition.collective } : {}),
    ...(petition.incidentAddress ? { incidentAddress: petition.incidentAddress } : {}),
    urgent: petition.urgent ?? false,
    reviewLevel: 0,
    receivedAt: petition.receivedAt,
    registeredAt: meta.at,
    registeredBy: meta.actor,
    ...(late > 0 ? { registeredLate: late } : {}),
    deadlines: withDeadline({ started: { acceptance: petition.receivedAt } }, 'acceptance', acceptance),
    attachments: [],
    version: 1,
    updatedAt: meta.at,
  };
  // The units the registrar named, then those the words name: the record never has fewer.
  const registered = withAccusedUnits(petition.accusedUnits?.length ? { ...built, accusedUnits: [...new Set(petition.accusedUnits)] } : built, meta.units, [], meta.tree);
  const event: CaseEvent = {
    caseNumber: meta.caseNumber,
    seq: 1,
    type: 'registered',
    at: meta.at,
    actor: meta.actor,
    to: 'registered',
    detail: { channel: petition.channel, jurisdiction: petition.jurisdiction, ...(late > 0 ? { registeredLate: late } : {}), ...(registered.accusedUnits ? { accusedUnits: registered.accusedUnits } : {}) },
  };
  return { case: registered, event };
}

/** Registered within this long of arriving is registered at once (立即登记), whatever the date. */
const AT_ONCE_MS = 60 * 60 * 1000;

/**
 * 逾期登记: working days a petition waited past the day it was due to be
 * registered — 0 when registered the day it came, as the rule asks
 * (收到群众来信，要当日拆封; 接到来电、来信、来访时，要立即登记). "当日" is a day
 * the office works: a letter or email that came on a Sunday, a holiday or
 * late at night is due on the first working day on or after the China date it
 * came, so one of 国庆 registered on the first working morning is not late,
 * and a letter of Friday registered on Monday is 1 day late. One registered
 * within the hour it came was registered at once (立即登记) even when midnight
 * fell between: an email of 23:59 registered at 00:01 is not late. A year
 * without a published calendar counts Monday to Friday outside the statutory
 * holidays.
 */
export function registrationDaysLate(receivedAt: string, registeredAt: string, calendar: WorkingCalendar): number {
  if (Date.parse(registeredAt) - Date.parse(receivedAt) <= AT_ONCE_MS) return 0;
  const received = dayNumber(chinaDate(receivedAt));
  const registered = dayNumber(chinaDate(registeredAt));
  if (received === undefined || registered === undefined) return 0;
  let due = received;
  while (due < registered && !workingOrWeekday(due, calendar)) due += 1;
  if (registered <= due) return 0;
  let late = 0;
  for (let day = due + 1; day <= registered; day += 1) if (workingOrWeekday(day, calendar)) late += 1;
  // Registered on a rest day after the due day passed: late all the same, by the day it missed.
  return Math.max(late, 1);
}

/** Normalised contact strings (lower-case email, digits-only phone) for repeat and thread look-ups. */
export function contactsOf(petitioner: Petitioner): string[] {
  const contacts: string[] = [];
  const email = petitioner.email?.trim().toLowerCase();
  if (email) contacts.push(`email:${email}`);
  const phone = petitioner.phone ? nationalPhone(petitioner.phone) : undefined;
  if (phone) contacts.push(`phone:${phone}`);
  return contacts;
}

/**
 * A Chinese phone number as dialled inside China, so that `+86 571 8888 6666`,
 * `0571-88886666` and `(0571)8888-6666` match, and `+86 138…` matches `138…`.
 */
function nationalPhone(raw: string): string | undefined {
  let digits = raw.replace(/\D/g, '');
  if (/^(00)?86\d{9,}$/.test(digits) && /^\+|^0086|^86/.test(raw.trim().replace(/^\(/, ''))) {
    const national = digits.replace(/^(00)?86/, '');
    digits = /^1\d{10}$/.test(national) ? national : `0${national}`;
  }
  return digits.length >= 7 ? digits : undefined;
}
