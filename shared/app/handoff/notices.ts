import type { Case } from '../../domain/case.js';
import { formatChinaLastDay } from '../../domain/case-number.js';
import { renderTemplate, type TemplateValues } from '../../domain/templates.js';
import { deadlineBasis } from '../intake/letters.js';
import type { Province } from '../../domain/province.js';
import type { NotificationInput } from '../notification.js';

/** Letters about a case's handling, worded by each office's templates; ids are stable so a repeat is recognised. */
const caseLink = (province: Province, c: Case) => `${province.config.mail.consoleUrl}/cases/${c.caseNumber}`;
const deadline = (c: Case) => (c.deadlines.handling ? formatChinaLastDay(c.deadlines.handling) : '法定期限内');
const officeOf = (province: Province, code: string) => province.jurisdiction(code).office;

type PetitionerLetterKind = 'acceptanceNotice' | 'declineNotice' | 'redirectNotice' | 'extensionNotice';
type CommonFields = 'caseNumber' | 'office' | 'petitionerName' | 'subject';

/**
 * A letter to the petitioner from the office that received the petition, with
 * the fields every such letter shares; none for an anonymous petitioner or one
 * without an email address (their letters are printed and posted).
 */
function petitionerLetter<K extends PetitionerLetterKind>(
  province: Province,
  c: Case,
  kind: K,
  id: string,
  fields: Omit<TemplateValues<K>, CommonFields>,
): NotificationInput | undefined {
  if (c.petitioner.anonymous || !c.petitioner.email) return undefined;
  const office = officeOf(province, c.receivingOffice);
  const letter = renderTemplate(kind, province.templateFor(kind, c.receivingOffice), {
    caseNumber: c.caseNumber,
    office: office.name,
    petitionerName: c.petitioner.name ?? '信访人',
    subject: c.subject ?? '（无主题）',
    ...fields,
  } as TemplateValues<K>);
  return {
    id,
    kind: 'notice',
    caseNumber: c.caseNumber,
    to: [c.petitioner.email],
    fromName: office.name,
    replyTo: office.mailbox,
    subject: letter.subject,
    text: letter.body,
    autoSubmitted: 'auto-generated',
  };
}

export function acceptanceNotice(province: Province, c: Case, unitName: string): NotificationInput | undefined {
  return petitionerLetter(province, c, 'acceptanceNotice', `accepted:${c.caseNumber}`, { unit: unitName, handlingDeadline: deadline(c), handlingDeadlineBasis: deadlineBasis(c, 'handling') });
}

export function declineNotice(province: Province, c: Case, reason: string): NotificationInput | undefined {
  return petitionerLetter(province, c, 'declineNotice', `declined:${c.caseNumber}`, { reason });
}

export function redirectNotice(province: Province, c: Case, body: string, reason: string): NotificationInput | undefined {
  return petitionerLetter(province, c, 'redirectNotice', `redirected:${c.caseNumber}`, { body, reason });
}

/** To the units that now work the case (lead and cooperating), or the office it was transferred to. */
export function assignmentNotice(province: Province, c: Case, id: string, byJurisdiction: string): NotificationInput {
  const office = officeOf(province, byJurisdiction);
  const units = c.handling ? [c.handling.lead, ...c.handling.cooperating].map((u) => province.unit(u)) : [];
  const to = units.length ? units.map((u) => u.mailbox) : [officeOf(province, c.jurisdiction).mailbox];
  const letter = renderTemplate('assignmentNotice', province.templateFor('assignmentNotice', byJurisdiction), {
    caseNumber: c.caseNumber,
    office: office.name,
    unit: units.length ? units.map((u) => u.name).join('、') : officeOf(province, c.jurisdiction).name,
    subject: c.subject ?? '（无主题）',
    handlingDeadline: deadline(c),
    reportBack: c.reportBackTo ? `\n本事项为交办件，办结后请将办理结果报送${officeOf(province, c.reportBackTo).name}。` : '',
    caseLink: caseLink(province, c),
  });
  return { id, kind: 'notice', caseNumber: c.caseNumber, to: [...new Set(to)], fromName: office.name, subject: letter.subject, text: letter.body, autoSubmitted: 'auto-generated' };
}

/** Back to the office that assigned it, with the unit's reason. */
export function returnNotice(province: Province, c: Case, id: string, unitId: string, reason: string): NotificationInput {
  const back = c.assignedBy?.jurisdiction ?? c.jurisdiction;
  const office = officeOf(province, back);
  const letter = renderTemplate('returnNotice', province.templateFor('returnNotice', back), {
    caseNumber: c.caseNumber,
    office: office.name,
    unit: province.unit(unitId).name,
    subject: c.subject ?? '（无主题）',
    reason,
    caseLink: caseLink(province, c),
  });
  return { id, kind: 'notice', caseNumber: c.caseNumber, to: [office.mailbox], fromName: office.name, subject: letter.subject, text: letter.body, autoSubmitted: 'auto-generated' };
}

/** To the leaders who decide it: a unit asks for more time. */
export function extensionRequestNotice(province: Province, c: Case): NotificationInput | undefined {
  const jurisdiction = province.jurisdiction(c.jurisdiction);
  const to = [jurisdiction.leadership.inChargeOfPetitions, jurisdiction.leadership.principal]
    .map((id) => (id ? province.staff(id)?.email : undefined))
    .filter((e): e is string => Boolean(e));
  if (!c.extension || to.length === 0) return undefined;
  const letter = renderTemplate('extensionRequest', province.templateFor('extensionRequest', c.jurisdiction), {
    caseNumber: c.caseNumber,
    office: jurisdiction.office.name,
    unit: c.handling ? province.unit(c.handling.lead).name : jurisdiction.office.name,
    subject: c.subject ?? '（无主题）',
    days: String(c.extension.days),
    reason: c.extension.reason,
    handlingDeadline: deadline(c),
    caseLink: caseLink(province, c),
  });
  return { id: `extension-request:${c.caseNumber}`, kind: 'notice', caseNumber: c.caseNumber, to: [...new Set(to)], fromName: jurisdiction.office.name, subject: letter.subject, text: letter.body, autoSubmitted: 'auto-generated' };
}

/** To the petitioner: the approved extension and its reason. */
export function extensionNotice(province: Province, c: Case): NotificationInput | undefined {
  if (!c.extension) return undefined;
  return petitionerLetter(province, c, 'extensionNotice', `extended:${c.caseNumber}`, {
    days: String(c.extension.days),
    reason: c.extension.reason,
    handlingDeadline: deadline(c),
    handlingDeadlineBasis: deadlineBasis(c, 'handling'),
  });
}
