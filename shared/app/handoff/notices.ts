import { OBJECTION_WORKING_DAYS } from '../../domain/objection.js';
import { addressedAs, type Case, type CooperationObjection, type CaseMessage, type CaseStatus, type CaseNote, type CaseReview, type MaterialRequest, type SuspendableClock } from '../../domain/case.js';
import { actingJurisdiction } from '../../domain/closing.js';
import { formatChinaDateTime, formatChinaLastDay, formatDay } from '../../domain/case-number.js';
import { renderTemplate, type TemplateValues } from '../../domain/templates.js';
import { deadlineBasis, limitOwner } from '../intake/letters.js';
import type { Province } from '../../domain/province.js';
import type { NotificationInput } from '../notification.js';
import { letters, officeMail as staffMail } from '../outbox.js';
import type { CaseCommit } from '../ports.js';
import { goesByPhone, goesByPost, tellsWithoutEmail, withPostalLetter } from '../../domain/postal.js';
import { reportBackOffices } from '../../domain/report-back.js';
import { relationOf } from '../../domain/supervision.js';
import { acceptanceNoticeSent } from '../../domain/acceptance-notice.js';
import { leaderEmails, mayReadCase } from '../may-read.js';
import { opinionsMissing } from '../../domain/cooperation.js';
import { WITHDRAWAL_HOW_WORDS } from '../../domain/withdrawal.js';
import { runningClock } from '../../domain/chase.js';
import { limitAndSource, limitContextOf, limitRuleWords } from '../../domain/time-limits.js';
import { handlingOfficeOf } from '../../domain/clocks.js';
import { periodWords } from '../../domain/explain-deadline.js';
import { deadlineOrProvisional } from '../../domain/deadlines.js';
import { signOffApprovers, signOffWaitingOf, waitingApprovers } from '../../domain/reply-signoff.js';
import type { LeaderReading } from '../../domain/leader-reading.js';

/** Letters about a case's handling, worded by each office's templates; ids are stable so a repeat is recognised. */
const caseLink = (province: Province, c: Case) => `${province.config.mail.consoleUrl}/cases/${c.caseNumber}`;
const deadline = (c: Case) => (c.deadlines.handling ? formatChinaLastDay(c.deadlines.handling) : '法定期限内');
const officeOf = (province: Province, code: string) => province.jurisdiction(code).office;

/**
 * The office now holding the case (谁承办谁答复): the jurisdiction's office, or
 * the reviewing level's while a review waits. Letters to the petitioner come
 * from it and take replies at its mailbox; the office that received the
 * petition writes only of its own acts (the acknowledgement, a 越级 notice).
 */
export const holdingOffice = (province: Province, c: Pick<Case, 'status' | 'reviews' | 'jurisdiction'>) => officeOf(province, actingJurisdiction(c));

type PetitionerLetterKind = 'acceptanceNotice' | 'transferNotice' | 'forwardNotice' | 'declineNotice' | 'redirectNotice' | 'extensionNotice' | 'suspensionNotice' | 'resumptionNotice' | 'withdrawalNotice' | 'reinstatementNotice' | 'withdrawalDisputeReceived' | 'decisionWithdrawnNotice' | 'materialRequestNotice' | 'progressNotice';
type CommonFields = 'caseNumber' | 'office' | 'petitionerName' | 'subject' | 'footer' | 'materialHint';

/** An automatic email between offices and units about a case (never to the petitioner), its recipients once each. */
function officeMail(id: string, c: Case, to: readonly string[], fromName: string, letter: { subject: string; body: string }): NotificationInput {
  return staffMail(id, to, fromName, letter, c.caseNumber);
}

/**
 * A letter to the petitioner: emailed (through the change's outbox) when they
 * gave an address, else printed and posted (kept on the case, see
 * shared/domain/postal.ts); neither for an anonymous petitioner or one with no
 * address of either kind.
 */
export interface PetitionerNotice {
  mail?: NotificationInput;
  post?: { message: CaseMessage; from: string };
}

/**
 * How a letter to the petitioner says how to send more and signs off: an email
 * is answered by replying and says it was sent automatically; a printed letter
 * is answered by post or in person, and signed with the office and the day.
 */
export function letterWording(byEmail: boolean, office: string, at: string, opts: { during?: string; materialTo?: string } = {}): { materialHint: string; footer: string } {
  const during = opts.during ?? '办理期间';
  // Material goes to the office holding the case, which may not be the one signing (a 转办告知 is signed by the office that transferred).
  const materialTo = opts.materialTo ?? office;
  return byEmail
    ? { materialHint: `${during}如需补充材料，请直接回复本邮件。`, footer: `本邮件由系统自动发送。\n${office}` }
    : { materialHint: `${during}如需补充材料，请寄送或送交${materialTo}，并注明登记编号。如需在网上信访查询办理进展，可来访或来电向${materialTo}领取查询码。`, footer: `${office}\n${formatChinaLastDay(new Date(Date.parse(at) + 1).toISOString())}` };
}

/** A letter for post (or to tell by phone), kept on the case: the message the change stores and the office that posts it or telephones. */
export function postalNotice(c: Case, id: string, kind: string, letter: { subject: string; body: string }, at: string, from: string): PetitionerNotice {
  const message: CaseMessage = { caseNumber: c.caseNumber, id, direction: 'out', at, to: [], subject: letter.subject, text: letter.body, messageIds: [], attachments: [], kind, postFrom: from, ...(goesByPhone(c) ? { byPhone: true as const } : {}) };
  return { post: { message, from } };
}

/**
 * A letter to the petitioner with the fields every such letter shares: signed
 * by the office whose act it tells, answered to the office now holding the
 * case (replies and material go where the matter is handled).
 */
function petitionerLetter<K extends PetitionerLetterKind>(
  province: Province,
  c: Case,
  kind: K,
  id: string,
  /** The letter's own fields; a function of whether it goes by email, for words that differ (how to answer it). */
  fields: Omit<TemplateValues<K>, CommonFields> | ((byEmail: boolean) => Omit<TemplateValues<K>, CommonFields>),
  at: string,
  /** The office writing: the one now holding the case (the reviewing level while a review waits), unless the act told was another's. */
  from: string = actingJurisdiction(c),
): PetitionerNotice {
  const email = c.petitioner.anonymous ? undefined : c.petitioner.email;
  if (!email && !tellsWithoutEmail(c)) return {};
  const office = officeOf(province, from);
  const holder = holdingOffice(province, c);
  const wording = letterWording(email !== undefined, office.name, at, { materialTo: holder.name });
  const letter = renderTemplate(kind, province.templateFor(kind, from), {
    caseNumber: c.caseNumber,
    office: office.name,
    petitionerName: addressedAs(c.petitioner),
    subject: c.subject ?? '（无主题）',
    ...wording,
    ...(typeof fields === 'function' ? fields(email !== undefined) : fields),
  } as TemplateValues<K>);
  // Posted (or phoned) by the office that signs it, if it still may act on the case (it holds it, is above it, or received
  // the petition); else by the office holding it — a letter on a list nobody may act on would never leave.
  const postFrom = province.tree.isWithin(c.jurisdiction, from) || from === c.receivingOffice ? from : actingJurisdiction(c);
  if (!email) return postalNotice(c, id, kind, letter, at, postFrom);
  return {
    mail: {
      id,
      kind: 'notice',
      caseNumber: c.caseNumber,
      to: [email],
      fromName: office.name,
      replyTo: holder.mailbox,
      subject: letter.subject,
      text: letter.body,
      autoSubmitted: 'auto-generated',
    },
  };
}

/**
 * A change with the petitioner's letter it causes: the email joins its
 * outbox; a letter for post is kept on the case in the same transaction (one
 * message a change) and goes on the office's 待寄送 list. A letter for post
 * the case already has (the same id: the acceptance, told once) is not made again.
 */
export function withNotice(change: CaseCommit, notice: PetitionerNotice): CaseCommit {
  if (notice.mail) return { ...change, outbox: [...(change.outbox ?? []), ...letters(notice.mail)] };
  if (!notice.post || change.case.postalLetters?.some((l) => l.id === notice.post!.message.id)) return change;
  if (change.message) throw new Error(`a change on case ${change.case.caseNumber} keeps one message; it already keeps ${change.message.id}`);
  return { ...change, case: withPostalLetter(change.case, notice.post.message, notice.post.from), message: notice.post.message };
}

/**
 * 受理告知书: naming the unit the case is handed to, or, for a case no unit has
 * (自办, or none named by the end of the acceptance limit), the office of the
 * jurisdiction that holds it. Signed by `from`, the office that handed it to
 * the unit when told with a handoff (a superior's 交办 is the superior's act),
 * else the office holding the case; answered to the office holding it.
 */
export function acceptanceNotice(province: Province, c: Case, at: string, from: string = actingJurisdiction(c)): PetitionerNotice {
  const lead = c.handling ? province.unit(c.handling.lead) : undefined;
  const unit = lead?.name;
  const acceptedIn = c.acceptedIn ?? from;
  // Handed on by the office that accepted it, down its own tree (交由); else it went across or up by a transfer since
  // (淳安 accepted, then 转办 to the city): 淳安 handed nothing to a city bureau.
  const transferred = !province.tree.isWithin(lead?.jurisdiction ?? c.jurisdiction, acceptedIn);
  // 谁主管、谁负责: a unit is named as the one whose duties the matter falls within.
  const handledBy = lead
    ? `${transferred ? '现转由' : '已交由'}${lead.name}办理（该事项属其职责范围）`
    : `${transferred ? '现转由' : '由'}${officeOf(province, c.jurisdiction).name}办理`;
  // 属地管理、分级负责: the matter is the jurisdiction's, whichever office (its own, or one above handing it down) accepts it.
  const basis = `属于${province.withCounty(c.jurisdiction)}有关机关职权范围内的事项（属地管理、分级负责），`;
  return petitionerLetter(
    province,
    c,
    'acceptanceNotice',
    `accepted:${c.caseNumber}`,
    {
      unit: unit ?? officeOf(province, c.jurisdiction).name,
      // Who decided it: the office that accepted it, when it has passed to another since (转办 to the city).
      acceptedBy: officeOf(province, acceptedIn).name,
      handledBy,
      basis,
      handlingRule: handlingRuleSentence(province, c, from),
      handlingDeadline: deadline(c),
      handlingDeadlineBasis: deadlineBasis(c, 'handling', handlingRuleOwner(province, c, from)),
    },
    at,
    from,
  );
}

/**
 * The handling limit counted from acceptance, and whose rule it is: the
 * regulation's 60 days cited to 条例 第三十四条, an office's own limit to the
 * office (limitRuleWords), as the case counted it (else as configured).
 */
function handlingRuleSentence(province: Province, c: Case, signer: string): string {
  const counted = c.deadlines.explanations?.handling?.rule;
  const found = counted
    ? { limit: { days: counted.days, count: counted.count }, source: counted.source }
    : limitAndSource('handling', province.timeLimitsFor(handlingOfficeOf(c)), limitContextOf(c));
  const rule = limitRuleWords('handling', found);
  const owner = handlingRuleOwner(province, c, signer);
  const cited = rule === '依照《信访工作条例》' ? `${rule}第三十四条` : rule === '按照本机关规定' && owner ? `按照${owner}规定` : rule;
  return `${cited}，信访事项应当自受理之日起${periodWords(found.limit)}内办结：`;
}

/** Whose handling limit it is, when not the signer's own (limitOwner). */
const handlingRuleOwner = (province: Province, c: Case, signer: string) => limitOwner(province, c, 'handling', signer);

/**
 * The change with the acceptance notice it sends: the case records it told
 * the petitioner (nothing owed from then on) and the letter goes with it.
 */
export function withAcceptanceNotice(province: Province, change: CaseCommit, at: string, from?: string): CaseCommit {
  const told = acceptanceNoticeSent(change.case, at);
  return withNotice({ ...change, case: told }, acceptanceNotice(province, told, at, from));
}

/**
 * 转办告知: the matter the petitioner was told was accepted is now with another
 * unit or office (transferred, or returned and assigned anew); the deadline
 * does not change, unless the office's limit for how it is handled now is
 * longer (`toldDeadline`: the date told before; never a shorter one). Signed by `from`, the office that handed it on; replies and
 * material go to the office now holding it.
 */
export function transferNotice(province: Province, c: Case, id: string, at: string, from: string = actingJurisdiction(c), toldDeadline?: string): PetitionerNotice {
  const unit = c.handling ? province.unit(c.handling.lead).name : officeOf(province, c.jurisdiction).name;
  // Handed to a unit, an office's longer limit for 交办、转办 cases may apply (handlingClockAfterHandoff): the petitioner hears the date moved.
  const moved = toldDeadline !== undefined && c.deadlines.handling !== undefined && toldDeadline !== c.deadlines.handling;
  const handlingDeadlineChange = moved ? `办理期限自受理之日起按现办理方式的期限重新计算（原告知的期满日为${formatChinaLastDay(toldDeadline)}）` : '办理期限不变';
  return petitionerLetter(province, c, 'transferNotice', id, { unit, handlingDeadlineChange, handlingDeadline: deadline(c), handlingDeadlineBasis: deadlineBasis(c, 'handling', handlingRuleOwner(province, c, from)) }, at, from);
}

/**
 * 转送告知: a case not yet accepted went to the office whose matter it is,
 * which decides its acceptance. Signed by the office that forwarded it
 * (`from`); material goes to the one that has it now.
 */
export function forwardNotice(province: Province, c: Case, id: string, at: string, from: string): PetitionerNotice {
  // Its acceptance clock starts again on arrival there (15 days): the petitioner is told until when.
  const decideBy = c.deadlines.acceptance ? `（最迟于${formatChinaLastDay(c.deadlines.acceptance)}作出决定）。${deadlineBasis(c, 'acceptance')}`.replace(/。$/, '') : '';
  return petitionerLetter(province, c, 'forwardNotice', id, { to: officeOf(province, c.jurisdiction).name, decideBy }, at, from);
}

/** To the office a case not yet accepted is forwarded to: it decides the acceptance, by the deadline that runs on. */
export function forwardedNotice(province: Province, c: Case, id: string, byJurisdiction: string, reason: string): NotificationInput {
  const office = officeOf(province, byJurisdiction);
  const to = officeOf(province, c.jurisdiction);
  const letter = renderTemplate('forwardedNotice', province.templateFor('forwardedNotice', byJurisdiction), {
    caseNumber: c.caseNumber,
    office: office.name,
    to: to.name,
    subject: c.subject ?? '（无主题）',
    reason,
    acceptanceDeadline: c.deadlines.acceptance ? formatChinaLastDay(c.deadlines.acceptance) : '法定期限内',
    caseLink: caseLink(province, c),
  });
  return officeMail(id, c, [to.mailbox], office.name, letter);
}

/**
 * 交办 or 转办, by where the case went from the office handing it on: to its
 * own units or a level below it, a superior hands work down (交办); to a
 * sibling, or anywhere not below it, it is passed across (转办 / 转送).
 */
export function handoffWords(province: Province, byJurisdiction: string, toJurisdiction: string): { handoff: '交办' | '转办'; handedTo: '交由' | '转送' } {
  return province.tree.isWithin(toJurisdiction, byJurisdiction) ? { handoff: '交办', handedTo: '交由' } : { handoff: '转办', handedTo: '转送' };
}

/** The id of the letter telling a 不予受理 or 告知 decision, by the version the decision made: 撤销原决定 voids it by this id. */
export function decisionLetterId(decision: 'declined' | 'redirected', caseNumber: string, version: number): string {
  return `${decision}:${caseNumber}:${version}`;
}

/** `from`: the office that decided, when an office above decided a case held below (decidedAbove); else the holder's. */
export function declineNotice(province: Province, c: Case, reason: string, at: string, from?: string): PetitionerNotice {
  return petitionerLetter(province, c, 'declineNotice', decisionLetterId('declined', c.caseNumber, c.version), { reason }, at, from);
}

export function redirectNotice(province: Province, c: Case, body: string, reason: string, at: string, from?: string): PetitionerNotice {
  return petitionerLetter(province, c, 'redirectNotice', decisionLetterId('redirected', c.caseNumber, c.version), { body, reason }, at, from);
}

/**
 * An office above that decided a case held below (不予受理, 告知向有权机关提出)
 * signs the letter itself and tells the office that held it, which would
 * otherwise find its case ended in its own name without a word.
 */
export function decidedAboveNotice(province: Province, c: Case, decision: { by: string; what: string; reason: string }): NotificationInput {
  const above = officeOf(province, decision.by);
  const holder = officeOf(province, c.jurisdiction);
  return officeMail(`decided-above:${c.caseNumber}:${c.version}`, c, [holder.mailbox], above.name, {
    subject: `【上级机关决定】${c.caseNumber} ${above.name}决定${decision.what} — ${above.name}`,
    body:
      `${holder.name}：\n\n信访事项 ${c.caseNumber}（主题：${c.subject ?? '无主题'}）原在你处待办，${above.name}已决定${decision.what}，并以${above.name}名义书面告知信访人。\n\n理由：${decision.reason}\n\n` +
      `该事项不再由你处办理。\n\n查看事项：${caseLink(province, c)}\n\n本邮件由系统自动发送。\n${above.name}`,
  });
}

/** To the units that now work the case (lead and cooperating), or the office it was transferred to: headed 交办 or 转办 by where it went (handoffWords). */
export function assignmentNotice(
  province: Province,
  c: Case,
  id: string,
  byJurisdiction: string,
  opts: { at?: string; passedOn?: { by: string; from: string } } = {},
): NotificationInput {
  const office = officeOf(province, byJurisdiction);
  // Passed on by the unit it was handed to (第二十三条): that unit hands it over, the office only had handed it out.
  const passedOn = opts.passedOn;
  const words = handoffWords(province, byJurisdiction, c.jurisdiction);
  // Handed over past its deadline (kept, not recounted): no day already gone to conclude by.
  const overdueSince = c.deadlines.handling && opts.at && Date.parse(c.deadlines.handling) <= Date.parse(opts.at) ? formatChinaLastDay(c.deadlines.handling) : undefined;
  // The lead (牵头) replies to the petitioner; cooperating units get their own letter (cooperationNotice).
  const lead = c.handling ? province.unit(c.handling.lead) : undefined;
  // Handed to a unit of another office — across (桐庐 to 淳安县人社局) or down (the province's 交办 to 桐庐县人社局): that
  // office now holds the case, watches its clock and is chased when it runs late (its office, then its leaders), so it is told too.
  const across = lead !== undefined && c.jurisdiction !== byJurisdiction;
  const to = lead ? [lead.mailbox, ...(across ? [officeOf(province, c.jurisdiction).mailbox] : [])] : [officeOf(province, c.jurisdiction).mailbox];
  const cooperating = (c.handling?.cooperating ?? []).map((u) => province.unit(u).name);
  const letter = renderTemplate('assignmentNotice', province.templateFor('assignmentNotice', byJurisdiction), {
    caseNumber: c.caseNumber,
    office: office.name,
    unit: lead ? lead.name : officeOf(province, c.jurisdiction).name,
    subject: c.subject ?? '（无主题）',
    ...(passedOn ? { handoff: '转办', handedTo: words.handoff === '交办' ? '转由' : words.handedTo } : words),
    handedBy: passedOn ? province.unit(passedOn.by).name : office.name,
    origin: passedOn ? `（该事项原由${officeOf(province, passedOn.from).name}交办）` : '',
    due: overdueSince ? `办理期限已于${overdueSince}届满，现已逾期，请立即办结（确难立即办结的，请即向${office.name}报告办理情况）` : concludeBy(c),
    dueBrief: overdueSince ? `已逾期（${overdueSince}期满），请立即办结` : concludeBy(c),
    // An anonymous petitioner cannot be answered: the unit investigates and records the result (匿名件按线索核查).
    answer: c.petitioner.anonymous ? '信访人匿名，无法答复，请依法核查处理，办理结果在系统中记录备查。' : '并按"谁承办谁答复"的要求书面答复信访人。',
    cooperation: cooperating.length ? `\n配合单位：${cooperating.join('、')}。请你单位牵头办理，汇总配合单位的意见后${c.petitioner.anonymous ? '办结' : '书面答复信访人'}。` : '',
    handlingDeadline: deadline(c),
    limits: lead ? '' : officeLimitWords(province, c),
    reportBack: c.reportBackTo ? `\n本事项办结答复后，请将办理结果报送${reportBackOffices(c).map((code) => officeOf(province, code).name).join('、')}。` : '',
    objection: objectionWords(c, office.name),
    caseLink: caseLink(province, c),
  });
  return officeMail(id, c, to, office.name, letter);
}

/**
 * 转办 to an office (no unit): the limits it now runs, as the 交办 letter
 * states a unit's — telling the petitioner it has the matter within the
 * acceptance limit from receipt (第二十三条, 15 days), and concluding within
 * the handling limit, with whose rule each is.
 */
function officeLimitWords(province: Province, c: Case): string {
  const settings = province.timeLimitsFor(c.jurisdiction);
  const acceptance = limitAndSource('acceptance', settings, limitContextOf(c));
  const tellBy = deadlineOrProvisional(c.updatedAt, acceptance.limit, province.calendar, acceptance);
  const handling = limitAndSource('handling', province.timeLimitsFor(handlingOfficeOf(c)), limitContextOf(c));
  const tell = `\n请依法决定是否受理，于${formatChinaLastDay(tellBy.at)}前（收到之日起${periodWords(acceptance.limit)}内，${acceptance.source === 'national' ? '《信访工作条例》第二十三条' : limitRuleWords('acceptance', acceptance).replace(/^按照/, '')}）书面告知信访人；`;
  const conclude = c.deadlines.handling ? `受理的，${limitRuleWords('handling', handling)}应当自受理之日起${periodWords(handling.limit)}内办结，即${formatChinaLastDay(c.deadlines.handling)}前。` : '';
  return tell + conclude;
}

/** 请在…前办结; a case with no handling clock yet is to be concluded within the legal limit (not 请在法定期限内前办结). */
const concludeBy = (c: Case) => (c.deadlines.handling ? `请在${formatChinaLastDay(c.deadlines.handling)}前办结` : '请在法定期限内办结');

/** 第二十三条 in the 交办 letter: the last day the unit may object alone, and whose approval it needs after. */
function objectionWords(c: Case, officeName: string): string {
  const window = c.objectionWindow;
  if (!window || window.unit !== c.handling?.lead) return '如该事项不属于你单位职责，请说明理由退回。';
  return `如该事项不属于你单位职责，请于${formatChinaLastDay(window.until)}前说明理由退回（《信访工作条例》第二十三条：收到之日起${OBJECTION_WORKING_DAYS}个工作日内）；逾期退回须经${officeName}同意。`;
}

/** 协办: to the cooperating units — they work with the lead and send it their views; the lead answers the petitioner. */
export function cooperationNotice(province: Province, c: Case, id: string, byJurisdiction: string): NotificationInput | undefined {
  const units = (c.handling?.cooperating ?? []).map((u) => province.unit(u));
  if (!c.handling || units.length === 0) return undefined;
  const office = officeOf(province, byJurisdiction);
  const letter = renderTemplate('cooperationNotice', province.templateFor('cooperationNotice', byJurisdiction), {
    caseNumber: c.caseNumber,
    office: office.name,
    unit: units.map((u) => u.name).join('、'),
    lead: province.unit(c.handling.lead).name,
    subject: c.subject ?? '（无主题）',
    handlingDeadline: deadline(c),
    objection: cooperationObjectionWords(c, office.name),
    caseLink: caseLink(province, c),
  });
  return officeMail(id, c, units.map((u) => u.mailbox), office.name, letter);
}

/** The cooperating units' window (the lead's, opened by the same handoff), while it is open: the notice says until when. */
function cooperationObjectionWords(c: Case, officeName: string): string {
  const window = c.objectionWindow;
  if (!window || window.unit !== c.handling?.lead || c.updatedAt >= window.until) return '';
  return `如你单位不承担该事项的配合职责，请于${formatChinaLastDay(window.until)}前说明理由提出异议（《信访工作条例》第二十三条），由${officeName}决定。`;
}

/** 协办异议: to the office that named the unit, which decides, with the unit's reasons. */
export function cooperationObjectionNotice(province: Province, c: Case, objection: CooperationObjection): NotificationInput | undefined {
  if (!c.handling) return undefined;
  const office = officeOf(province, objection.decidesBy);
  const unit = province.unit(objection.unit).name;
  const letter = renderTemplate('cooperationObjection', province.templateFor('cooperationObjection', objection.decidesBy), {
    caseNumber: c.caseNumber,
    office: office.name,
    unit,
    lead: province.unit(c.handling.lead).name,
    subject: c.subject ?? '（无主题）',
    namedAt: formatChinaDateTime(objection.namedAt),
    reason: objection.reason,
    handlingDeadline: deadline(c),
    caseLink: caseLink(province, c),
  });
  return officeMail(`cooperation-objection:${c.caseNumber}:${c.version}`, c, [office.mailbox], unit, letter);
}

/** The office's decision: to the unit; agreed, to the lead too, which waits for no 协办意见 of it now. */
export function cooperationObjectionDecisionNotice(province: Province, c: Case, objection: CooperationObjection): NotificationInput | undefined {
  // A unit the report has since come to accuse is never written to about it (第三十条); the lead's is only a copy of that letter.
  if (!c.handling || isAccusedUnit(province, c, objection.unit)) return undefined;
  const office = officeOf(province, objection.decidesBy);
  const unit = province.unit(objection.unit);
  const lead = province.unit(c.handling.lead);
  const agreed = objection.status === 'agreed';
  const letter = renderTemplate('cooperationObjectionDecided', province.templateFor('cooperationObjectionDecided', objection.decidesBy), {
    caseNumber: c.caseNumber,
    office: office.name,
    unit: unit.name,
    lead: lead.name,
    subject: c.subject ?? '（无主题）',
    decision: agreed ? '同意' : '不同意',
    reason: agreed ? `异议理由：${objection.reason}${objection.note ? `\n审批意见：${objection.note}` : ''}` : `理由：${objection.refusal ?? ''}`,
    next: agreed
      ? // Sent to the lead too, which now waits for no opinion of the unit: the letter says it is a copy.
        `你单位不再作为该事项的配合单位；${lead.name}继续牵头办理，不再等待你单位的协办意见。\n\n抄送：${lead.name}`
      : `请你单位继续配合${lead.name}办理，在办理期限（${deadline(c)}）前将办理意见送${lead.name}。`,
    // Released, the unit can no longer open the case: the link is the lead's, and says so.
    caseLink: agreed ? `${caseLink(province, c)}（供${lead.name}查看；你单位已不再配合办理，不能再查看该事项）` : caseLink(province, c),
  });
  return officeMail(`cooperation-objection-decided:${c.caseNumber}:${c.version}`, c, agreed ? [unit.mailbox, lead.mailbox] : [unit.mailbox], office.name, letter);
}

/** 协办意见 received: to the lead unit, naming the cooperating units still to be heard from. */
export function cooperationOpinionNotice(province: Province, c: Case, unitId: string, version: number): NotificationInput | undefined {
  if (!c.handling) return undefined;
  const office = officeOf(province, c.jurisdiction);
  const waiting = opinionsMissing(c).map((u) => province.unit(u).name);
  const letter = renderTemplate('cooperationOpinion', province.templateFor('cooperationOpinion', c.jurisdiction), {
    caseNumber: c.caseNumber,
    office: office.name,
    lead: province.unit(c.handling.lead).name,
    unit: province.unit(unitId).name,
    subject: c.subject ?? '（无主题）',
    waiting: waiting.length ? `尚未送来意见的配合单位：${waiting.join('、')}。` : '配合单位的意见均已送来。',
    handlingDeadline: deadline(c),
    caseLink: caseLink(province, c),
  });
  return officeMail(`cooperation-opinion:${c.caseNumber}:${version}`, c, [province.unit(c.handling.lead).mailbox], office.name, letter);
}

/**
 * The lead returned the case (退回): its cooperating units, which can no
 * longer open it, are told to pause until it is assigned again — not left
 * working a case nobody leads. Never a unit the case records as accused.
 */
export function cooperationPausedNotice(province: Province, before: Case, after: Case, id: string): NotificationInput | undefined {
  const lead = before.handling?.lead;
  const units = (before.handling?.cooperating ?? []).filter((u) => !isAccusedUnit(province, after, u)).map((u) => province.unit(u));
  if (!lead || units.length === 0) return undefined;
  const office = officeOf(province, after.assignedBy?.jurisdiction ?? after.jurisdiction);
  return officeMail(id, after, units.map((u) => u.mailbox), office.name, {
    subject: `【暂停协办】${after.caseNumber} 牵头单位已退回 — ${office.name}`,
    body:
      `${units.map((u) => u.name).join('、')}：\n\n你单位配合办理的信访事项 ${after.caseNumber}（主题：${after.subject ?? '无主题'}）已由牵头单位${province.unit(lead).name}退回${office.name}，待重新确定办理单位。` +
      `重新交办前请暂停协办，已掌握的情况和材料请妥善保存；重新交办时另行通知。在此期间你单位不能查看该事项。\n\n本邮件由系统自动发送。\n${office.name}\n`,
  });
}

/** A unit the report accuses, or one of a place whose government it accuses (第三十条): never written to about it. */
/** The unit that concluded the case (谁承办谁答复), unless the report accuses it. */
export function answeringUnit(province: Province, c: Case) {
  return c.result?.unit && !isAccusedUnit(province, c, c.result.unit) ? province.unit(c.result.unit) : undefined;
}

export function isAccusedUnit(province: Province, c: Case, unit: string): boolean {
  return c.accusedUnits?.includes(unit) === true || (c.accusedJurisdictions ?? []).some((place) => province.tree.isWithin(province.unit(unit).jurisdiction, place));
}

/**
 * Whoever works the case as `working` stands — its lead and cooperating units,
 * the office holding it and every office owed its result — less any unit or
 * office the report accuses as `accusing` stands (第三十条).
 */
function workingParties(province: Province, working: Case, accusing: Case): { units: ReturnType<Province['unit']>[]; offices: string[] } {
  const accusedOffice = (code: string) => (accusing.accusedJurisdictions ?? []).some((p) => province.tree.isWithin(code, p));
  const units = (working.handling ? [working.handling.lead, ...working.handling.cooperating] : []).filter((u) => !isAccusedUnit(province, accusing, u)).map((u) => province.unit(u));
  const offices = [actingJurisdiction(working), ...reportBackOffices(working)].filter((code, i, all) => all.indexOf(code) === i && !accusedOffice(code));
  return { units, offices };
}

/**
 * 撤回: to whoever works the case (the lead and cooperating units, the office
 * holding it) and every office owed its result — never a unit or office the
 * report accuses (第三十条): they stop work on it.
 */
export function withdrawnNotice(province: Province, before: Case, after: Case): NotificationInput | undefined {
  const { units, offices } = workingParties(province, before, after);
  const to = [...offices.map((code) => officeOf(province, code).mailbox), ...units.map((u) => u.mailbox)];
  if (to.length === 0) return undefined;
  const withdrawal = after.withdrawal!;
  // Declared at another office's desk (the one the petitioner first came to): that office says so and signs it, not the holder.
  const recordedAt = province.staff(withdrawal.by)?.jurisdiction;
  const elsewhere = recordedAt !== undefined && recordedAt !== actingJurisdiction(before) ? officeOf(province, recordedAt) : undefined;
  const office = elsewhere ?? officeOf(province, after.jurisdiction);
  const declared = elsewhere ? `向${elsewhere.name}` : '';
  return officeMail(`withdrawn:${after.caseNumber}:${after.version}`, after, to, office.name, {
    subject: `【撤回】${after.caseNumber} 信访人已撤回，终止办理 — ${office.name}`,
    body:
      `信访事项 ${after.caseNumber}（主题：${after.subject ?? '无主题'}）的信访人已于${formatChinaDateTime(withdrawal.at)}${declared}${WITHDRAWAL_HOW_WORDS[withdrawal.how]}撤回该事项` +
      `${elsewhere ? `，由${elsewhere.name}记录在案` : ''}，现终止办理，各期限不再计算。` +
      `请停止办理，不再另行答复信访人；已形成的材料请随案留存。${elsewhere ? `撤回如有疑问，请与${elsewhere.name}核实。` : ''}\n\n查看事项：${caseLink(province, after)}\n\n本邮件由系统自动发送。\n${office.name}\n`,
  });
}

const objectionWays = (byEmail: boolean, phone: boolean) => (byEmail ? `直接回复本邮件，或${phone ? '来电、' : ''}来访` : phone ? '来信、来电或来访' : '来信或来访');

/** （电话：0571-64600000；地址：…）: the office's reception telephone and address as configured, or nothing. */
function officeContactWords(office: { phone?: string | undefined; address?: string | undefined }): string {
  const parts = [office.phone ? `电话：${office.phone}` : '', office.address ? `地址：${office.address}` : ''].filter(Boolean);
  return parts.length ? `（${parts.join('；')}）` : '';
}

/**
 * 撤回 confirmed to the petitioner, by the office that held the case: the day
 * and the way it was declared, that handling ended, and how to say it was not
 * their own will — a withdrawal pressed on a petitioner, or made on the portal
 * by someone else, comes to light. A petitioner reached only by phone who
 * withdrew by phone or at the desk has just spoken with the office: no call back.
 */
export function withdrawalNotice(province: Province, before: Case, after: Case, at: string): PetitionerNotice {
  const withdrawal = after.withdrawal;
  if (!withdrawal || (goesByPhone(after) && withdrawal.how !== 'online' && withdrawal.how !== 'writing')) return {};
  const office = officeOf(province, actingJurisdiction(before));
  return petitionerLetter(
    province,
    after,
    'withdrawalNotice',
    `withdrawal-notice:${after.caseNumber}:${after.version}`,
    (byEmail) => ({
      withdrawnAt: formatChinaDateTime(withdrawal.at),
      how: WITHDRAWAL_HOW_WORDS[withdrawal.how],
      // The ways the office can be reached as configured, with its number and address: no 来电 without a telephone to call.
      objectTo: `${objectionWays(byEmail, office.phone !== undefined)}向${office.name}${officeContactWords(office)}`,
    }),
    at,
    actingJurisdiction(before),
  );
}

/**
 * 恢复办理 told to whoever the withdrawal stopped (the units and offices of
 * withdrawnNotice, never an accused one): take it up again, to the deadline
 * the clock now runs to.
 */
export function reinstatedNotice(province: Province, after: Case, reason: string): NotificationInput[] {
  const { units, offices } = workingParties(province, after, after);
  const office = officeOf(province, after.jurisdiction);
  const due = runningClock(after)?.deadline;
  const subject = `【恢复办理】${after.caseNumber} 撤回并非信访人本意，恢复办理 — ${office.name}`;
  const task = `${units.length ? '请按原分工继续办理' : '请继续办理'}${due ? `，撤回期间不计入期限，现应于${formatChinaLastDay(due)}前${DUE_WORDS[after.status] ?? '办结'}` : ''}。`;
  const tail = `\n\n查看事项：${caseLink(province, after)}\n\n本邮件由系统自动发送。\n${office.name}\n`;
  const intro = `信访事项 ${after.caseNumber}（主题：${after.subject ?? '无主题'}）此前记录为信访人撤回。经核实，撤回并非信访人真实意愿，现恢复办理`;
  // Why (how the petitioner objected, what was verified) goes to the offices only: it may say the unit pressed them.
  return [
    offices.length ? officeMail(`reinstated:${after.caseNumber}:${after.version}`, after, offices.map((code) => officeOf(province, code).mailbox), office.name, { subject, body: `${intro}：${reason}\n\n${task}${tail}` }) : undefined,
    units.length ? officeMail(`reinstated:${after.caseNumber}:${after.version}:units`, after, units.map((u) => u.mailbox), office.name, { subject, body: `${intro}。\n\n${task}${tail}` }) : undefined,
  ].filter((m): m is NotificationInput => m !== undefined);
}

/** What the running clock asks for by its deadline, by the status a case is taken up again in. */
const DUE_WORDS: Partial<Record<Case['status'], string>> = { registered: '决定是否受理并告知信访人', concluded: '书面答复信访人' };

/** 恢复办理 told to the petitioner: handled again, and by when. */
export function reinstatementNotice(province: Province, c: Case, at: string): PetitionerNotice {
  const due = runningClock(c)?.deadline;
  const what = c.status === 'registered' ? '作出是否受理的决定并告知您' : c.status === 'concluded' ? '书面答复您' : '依法办结并书面答复您';
  return petitionerLetter(province, c, 'reinstatementNotice', `reinstatement-notice:${c.caseNumber}:${c.version}`, { deadline: due ? `，撤回期间不计入期限，最迟于${formatChinaLastDay(due)}${what}` : `，将依法${what}` }, at);
}

/**
 * 撤销原决定: the petitioner told a 不予受理 (or 告知) decision was wrong and is
 * withdrawn, and by when the office decides again. `decidedAt`: when the
 * withdrawn decision was made.
 */
export function decisionWithdrawnNotice(province: Province, c: Case, withdrawn: 'declined' | 'redirected', decidedAt: string, at: string): PetitionerNotice {
  return petitionerLetter(province, c, 'decisionWithdrawnNotice', `decision-withdrawn:${c.caseNumber}:${c.version}`, {
    decision: withdrawn === 'declined' ? '不予受理' : '告知向有权机关提出',
    decidedAt: formatChinaLastDay(decidedAt),
    deadline: c.deadlines.acceptance ? formatChinaLastDay(c.deadlines.acceptance) : '法定期限内',
  }, at);
}

/**
 * The office to look into a withdrawal that may not be the petitioner's will:
 * the office holding the case — the level above when the report accuses that
 * place. Never a unit: it may be the one pressing.
 */
function withdrawalDoubtOffice(province: Province, c: Case): string {
  const holder = actingJurisdiction(c);
  const accused = (c.accusedJurisdictions ?? []).some((place) => province.tree.isWithin(holder, place));
  return accused ? (province.tree.parentOf(holder)?.code ?? holder) : holder;
}

/**
 * A withdrawal asked for on the portal whose reason says it is not free (逼我撤回,
 * 被迫…): nothing is withdrawn, and the office (withdrawalDoubtOffice) is asked
 * to look into it and protect the petitioner.
 */
export function withdrawalDoubtedNotice(province: Province, c: Case, reason: string, word: string, at: string): NotificationInput {
  const office = officeOf(province, withdrawalDoubtOffice(province, c));
  return officeMail(`withdrawal-doubted:${c.caseNumber}:${at}`, c, [office.mailbox], office.name, {
    subject: `【撤回存疑】${c.caseNumber} 信访人申请撤回，但称受到压力 — ${office.name}`,
    body:
      `信访事项 ${c.caseNumber}（主题：${c.subject ?? '无主题'}）的信访人于${formatChinaDateTime(at)}在网上信访申请撤回，所写原因含“${word}”，撤回可能并非其真实意愿：\n\n${reason}\n\n` +
      `系统未予撤回，事项继续办理，各期限照常计算。请核实信访人是否受到压力、威胁或被迫撤回，依法保护信访人合法权益；确系本人自愿的，可由信访部门记录撤回。\n\n查看事项：${caseLink(province, c)}\n\n本邮件由系统自动发送。\n${office.name}\n`,
  });
}

/** What a withdrawal dispute says, and what became of it, for the office's notice. */
export interface WithdrawalDispute {
  messageId: string;
  receivedAt: string;
  /** The words that dispute it (我没有撤回, 被人冒充…). */
  word: string;
  /** The petitioner's own words. */
  text: string;
  /** Whether the petitioner was answered (a proven sender); else their address of record was told how to confirm. */
  acknowledged: boolean;
}

/**
 * A reply to a withdrawn case saying the withdrawal was not the petitioner's
 * (the 撤回告知 invites it): the office (withdrawalDoubtOffice) is asked to
 * verify with the petitioner and, if so, take it up again (恢复办理). Nothing
 * is reinstated by itself: the office decides, and its reason is recorded.
 */
export function withdrawalDisputedNotice(province: Province, c: Case, dispute: WithdrawalDispute): NotificationInput {
  const office = officeOf(province, withdrawalDoubtOffice(province, c));
  const withdrawal = c.withdrawal;
  const recorded = withdrawal
    ? `已于${formatChinaDateTime(withdrawal.at)}记录为撤回（${withdrawal.how === 'online' ? '凭查询码在网上信访提出' : `${WITHDRAWAL_HOW_WORDS[withdrawal.how]}，${province.staff(withdrawal.by)?.name ?? withdrawal.by}记录`}）`
    : '已记录为撤回';
  return officeMail(`withdrawal-disputed:${c.caseNumber}:${dispute.messageId}`, c, [office.mailbox], office.name, {
    subject: `【撤回存疑】${c.caseNumber} 信访人来信称撤回并非本人意愿，请核实 — ${office.name}`,
    body:
      `信访事项 ${c.caseNumber}（主题：${c.subject ?? '无主题'}）${recorded}。${formatChinaDateTime(dispute.receivedAt)}信访人回复邮件，称撤回并非其本人意愿（“${dispute.word}”）：\n\n${dispute.text.slice(0, 1_000)}\n\n` +
      `事项仍为撤回状态，系统未自动恢复办理。请尽快与信访人本人核实（来电、来访或约谈），查明撤回是否由他人冒用其名义或查询码提出、是否受到压力；确非信访人真实意愿的，请在系统中“恢复办理”并写明核实情况，撤回期间不计入办理期限。` +
      `${dispute.acknowledged ? '系统已回复信访人：来信已收到，将与其核实。' : ''}\n\n查看事项：${caseLink(province, c)}\n\n本邮件由系统自动发送。\n${office.name}\n`,
  });
}

/**
 * To the petitioner who disputed the withdrawal: received, the office will
 * verify it with them and, if so, take the matter up again; until then it
 * stays withdrawn. Signed by the office that verifies.
 */
export function withdrawalDisputeReceived(province: Province, c: Case, dispute: Pick<WithdrawalDispute, 'messageId' | 'receivedAt'>, at: string, replyingTo?: string): PetitionerNotice {
  const notice = petitionerLetter(
    province,
    c,
    'withdrawalDisputeReceived',
    `withdrawal-dispute-received:${c.caseNumber}:${dispute.messageId}`,
    { receivedAt: formatChinaDateTime(dispute.receivedAt) },
    at,
    withdrawalDoubtOffice(province, c),
  );
  // In the petitioner's own thread, as the acknowledgement of a petition is.
  return notice.mail && replyingTo ? { mail: { ...notice.mail, inReplyTo: replyingTo, references: [replyingTo] } } : notice;
}

/** 办结 told to the cooperating units (they stop work on it), and whose opinion the lead concluded without. */
export function cooperationConcludedNotice(province: Province, before: Case, after: Case): NotificationInput | undefined {
  const lead = before.handling?.lead;
  const units = (before.handling?.cooperating ?? []).filter((u) => !isAccusedUnit(province, after, u)).map((u) => province.unit(u));
  if (!lead || units.length === 0) return undefined;
  const office = officeOf(province, after.jurisdiction);
  const missing = opinionsMissing(before).map((u) => province.unit(u).name);
  const letter = renderTemplate('cooperationConcluded', province.templateFor('cooperationConcluded', after.jurisdiction), {
    caseNumber: after.caseNumber,
    office: office.name,
    unit: units.map((u) => u.name).join('、'),
    lead: province.unit(lead).name,
    subject: after.subject ?? '（无主题）',
    missing: missing.length ? `办结时未收到${missing.join('、')}的协办意见。` : '',
    caseLink: caseLink(province, after),
  });
  return officeMail(`cooperation-concluded:${after.caseNumber}:${after.result?.concludedAt ?? after.version}`, after, units.map((u) => u.mailbox), office.name, letter);
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
  return officeMail(id, c, [office.mailbox], office.name, letter);
}

/** 回避 ended a leader's 包案: the office of their level designates another (no reason given: the recusal's is confidential). */
export function ownershipEndedByRecusalNotice(province: Province, c: Case, leaderId: string): NotificationInput | undefined {
  const leader = province.staff(leaderId);
  if (!leader) return undefined;
  const office = officeOf(province, leader.jurisdiction);
  return officeMail(`owner-recused:${c.caseNumber}:${c.version}`, c, [office.mailbox], office.name, {
    subject: `【包案变更】${c.caseNumber} 包案领导已回避，请另行确定 — ${office.name}`,
    body:
      `信访事项 ${c.caseNumber}（主题：${c.subject ?? '无主题'}）的包案领导${leader.name}已回避（《信访工作条例》第二十八条），不再包案该事项。\n\n` +
      `请根据需要另行确定包案领导：${caseLink(province, c)}\n\n本邮件由系统自动发送。\n${office.name}\n`,
  });
}

/** 收回: the office that handed the unit the case took it back; the unit stops work on it. */
export function takenBackNotice(province: Province, c: Case, id: string, unitId: string, reason: string): NotificationInput {
  const back = c.assignedBy?.jurisdiction ?? c.jurisdiction;
  const office = officeOf(province, back);
  const unit = province.unit(unitId);
  const letter = renderTemplate('takenBackNotice', province.templateFor('takenBackNotice', back), {
    caseNumber: c.caseNumber,
    office: office.name,
    unit: unit.name,
    subject: c.subject ?? '（无主题）',
    reason,
  });
  return officeMail(id, c, [unit.mailbox], office.name, letter);
}

/**
 * 转出: a transfer took the case from a unit (its lead, or a cooperating
 * unit no longer on it): it is told where the case went, so it stops work on
 * it and hands over what it has — it can no longer open the case to see.
 */
export function handedAwayNotice(province: Province, c: Case, id: string, unitId: string, byJurisdiction: string, reason: string): NotificationInput {
  const office = officeOf(province, byJurisdiction);
  const unit = province.unit(unitId);
  const handedTo = c.handling ? province.unit(c.handling.lead).name : officeOf(province, c.jurisdiction).name;
  const letter = renderTemplate('handedAwayNotice', province.templateFor('handedAwayNotice', byJurisdiction), {
    caseNumber: c.caseNumber,
    office: office.name,
    unit: unit.name,
    subject: c.subject ?? '（无主题）',
    handedTo,
    reason,
  });
  return officeMail(id, c, [unit.mailbox], office.name, letter);
}

/**
 * 回避 (第二十八条) left the unit leading the case with nobody in the system who may work it: the office that
 * handed it over is told to take it back (收回) and hand it on — not the recusal's reason, which is the recused person's.
 * A cooperating unit so left: the same office is told nobody there will send the lead its 协办意见.
 */
export function unitWithoutStaffNotice(province: Province, c: Case, unitId: string): NotificationInput {
  const from = c.assignedBy?.jurisdiction ?? c.jurisdiction;
  const office = officeOf(province, from);
  const unit = province.unit(unitId);
  const cooperating = c.handling !== undefined && c.handling.lead !== unitId;
  // Concluded, the unit owes only the reply (谁承办谁答复), which nobody may take back: the office has the unit name someone.
  const concluded = c.status === 'concluded';
  const [owed, asked] = cooperating
    ? [
        `该单位在系统中已没有可以配合办理该事项的人员，无人能够向牵头单位提出协办意见。\n\n牵头单位${province.unit(c.handling!.lead).name}可不待其协办意见办结；如需其意见，请协调该单位确定配合办理人员（办理期限：${deadline(c)}）`,
        '已无可配合办理人员',
      ]
    : concluded
      ? [`该事项已办结，尚待答复信访人，该单位在系统中已没有可以答复的人员。\n\n请及时协调该单位确定答复人员（答复期限：${c.deadlines.reply ? formatChinaLastDay(c.deadlines.reply) : '法定期限内'}）`, '已无可答复人员，请协调安排答复']
      : [`该单位在系统中已没有可以办理该事项的人员，无人能够办结和答复。\n\n请及时收回，另行交办或自办（办理期限：${deadline(c)}）`, '已无可办理人员，请收回另行交办'];
  return officeMail(`unit-without-staff:${c.caseNumber}:${c.version}`, c, [office.mailbox], office.name, {
    subject: `【回避】${c.caseNumber} ${unit.name}${asked} — ${office.name}`,
    body:
      `信访事项 ${c.caseNumber}（主题：${c.subject ?? '无主题'}）由${unit.name}${cooperating ? '配合' : ''}办理。因工作人员回避（《信访工作条例》第二十八条），${owed}：${caseLink(province, c)}\n\n` +
      `本邮件由系统自动发送。\n${office.name}\n`,
  });
}

/**
 * 第二十三条: a unit passing on (转办) a case it was handed objects to it as surely as a return does; the office
 * that handed it the case answers for it (交办, 督办) and is told where it went and why, as of a return.
 */
export function passedOnNotice(province: Province, before: Case, after: Case, id: string, unitId: string, reason: string): NotificationInput | undefined {
  const from = before.objectionWindow?.from ?? before.assignedBy?.jurisdiction ?? before.jurisdiction;
  // Never to the government a report accuses (第三十条), should the case ever have been handed out from there.
  if (after.accusedJurisdictions?.some((government) => province.tree.isWithin(from, government))) return undefined;
  const office = officeOf(province, from);
  const handedTo = after.handling ? province.unit(after.handling.lead).name : officeOf(province, after.jurisdiction).name;
  const letter = renderTemplate('passedOnNotice', province.templateFor('passedOnNotice', from), {
    caseNumber: after.caseNumber,
    office: office.name,
    unit: province.unit(unitId).name,
    subject: after.subject ?? '（无主题）',
    handedTo,
    reason,
    caseLink: caseLink(province, after),
  });
  return officeMail(id, after, [office.mailbox], office.name, letter);
}

/**
 * 重新办理: a case reopened for its units (a follow-up not satisfied, a 复查
 * that revoked the decision) is announced to them and to the office that holds
 * it at once, with why and the new deadline — not left to the first reminder.
 */
export function reopenedNotice(province: Province, c: Case, reopen: { from: string; why: string; reason: string; at: string }): NotificationInput[] {
  const office = officeOf(province, reopen.from);
  // 自办: the office that handled it itself handles it again. The lead answers (谁承办谁答复); its cooperating units
  // are asked again for their opinions, as when the case was first given to them.
  const units = c.handling ? [province.unit(c.handling.lead)] : [officeOf(province, c.jurisdiction)];
  const letter = renderTemplate('reopenedNotice', province.templateFor('reopenedNotice', reopen.from), {
    caseNumber: c.caseNumber,
    office: office.name,
    unit: units.map((u) => u.name).join('、'),
    subject: c.subject ?? '（无主题）',
    why: reopen.why,
    reason: reopen.reason,
    handlingDeadline: deadline(c),
    reportBack: reportBackSentence(province, c),
    caseLink: caseLink(province, c),
  });
  const to = [...units.map((u) => u.mailbox), officeOf(province, c.jurisdiction).mailbox];
  const cooperating = cooperationNotice(province, { ...c, handling: c.handling ? { ...c.handling, cooperating: c.handling.cooperating.filter((u) => !isAccusedUnit(province, c, u)) } : undefined }, `reopened:${c.caseNumber}:${reopen.at}:cooperating`, reopen.from);
  return [officeMail(`reopened:${c.caseNumber}:${reopen.at}`, c, to, office.name, letter), ...(cooperating ? [cooperating] : [])];
}

/** Whom a case handled again reports its new answer to (复查机关, 交办机关), said to the unit: sent with the answer (resultReportMails). */
function reportBackSentence(province: Province, c: Case): string {
  const offices = reportBackOffices(c).filter((code) => code !== c.jurisdiction);
  if (offices.length === 0) return '';
  return `\n重新办理结果须报送${offices.map((code) => officeOf(province, code).name).join('、')}，答复信访人时由系统一并报送。`;
}

/**
 * 复查/复核结果: the unit that answered and the offices whose decision was
 * reviewed hear the reviewing level's decision — a changed decision is theirs
 * to carry out, an upheld one to explain — never a unit the report accuses.
 * None for a 复查 that revoked and sent the matter back (reopenedNotice says it).
 */
export function reviewDecidedNotice(province: Province, c: Case, review: CaseReview): NotificationInput | undefined {
  if (!review.outcome || c.status === 'inProgress') return undefined;
  const reviewer = officeOf(province, review.jurisdiction);
  const answering = answeringUnit(province, c);
  // Below the reviewing level: the office holding the case, and for a 复核 the office that decided the 复查.
  const offices = [c.jurisdiction, ...(review.level === 2 ? (c.reviews ?? []).filter((r) => r.level === 1).map((r) => r.jurisdiction) : [])]
    .filter((code) => code !== review.jurisdiction && !province.tree.isWithin(review.jurisdiction, code))
    .map((code) => officeOf(province, code));
  const to = [...(answering ? [answering] : []), ...offices];
  if (to.length === 0) return undefined;
  const kind = review.level === 1 ? '复查' : '复核';
  const reviewed = review.level === 1 ? '原处理意见' : '复查意见';
  const outcome = { upheld: `维持${reviewed}`, revised: `变更${reviewed}`, revoked: `撤销${reviewed}` }[review.outcome];
  const final = review.level === 2 ? '复核意见为最终意见，信访人就同一事项再提出的，不再受理（《信访工作条例》第三十六条）。' : '';
  // 落实 with its day (c.implementation): the report is recorded on the case (POST /cases/{n}/implementation-report), which stops the clock.
  const due = c.implementation?.review === review.level && c.implementation.orderedAt === review.decidedAt ? `于${formatChinaLastDay(c.implementation.dueAt)}前` : '';
  const next = review.outcome === 'upheld' ? `请继续做好信访人的解释疏导工作。${final}` : `请按${kind}意见落实，并${due}将落实情况报${reviewer.name}（在事项页“报送落实情况”）。${final}`;
  const letter = renderTemplate('reviewDecidedNotice', province.templateFor('reviewDecidedNotice', review.jurisdiction), {
    caseNumber: c.caseNumber,
    office: reviewer.name,
    unit: to.map((u) => u.name).join('、'),
    subject: c.subject ?? '（无主题）',
    review: kind,
    outcome,
    decision: review.summary ?? '',
    next,
    caseLink: caseLink(province, c),
  });
  return officeMail(`review-decided:${c.caseNumber}:${review.level}`, c, to.map((u) => u.mailbox), reviewer.name, letter);
}

/**
 * 落实情况: the reviewing office that ordered the changed decision carried out hears the report, with whether it
 * came by the day — never an office the report accuses (第三十条). One per decision: the id names the review and
 * the report's time, so a retried write sends it once.
 */
export function implementationReportedNotice(province: Province, c: Case): NotificationInput | undefined {
  const done = c.implementation;
  if (!done?.reportedAt) return undefined;
  if ((c.accusedJurisdictions ?? []).some((place) => province.tree.isWithin(done.orderedBy, place))) return undefined;
  const office = officeOf(province, done.orderedBy);
  const unit = done.unit ? province.unit(done.unit).name : officeOf(province, c.jurisdiction).name;
  const letter = renderTemplate('implementationReported', province.templateFor('implementationReported', done.orderedBy), {
    caseNumber: c.caseNumber,
    office: office.name,
    unit,
    subject: c.subject ?? '（无主题）',
    review: done.review === 1 ? '复查' : '复核',
    report: done.report ?? '',
    reportedAt: formatChinaDateTime(done.reportedAt),
    dueAt: formatChinaLastDay(done.dueAt),
    timeliness: done.reportedAt > done.dueAt ? '逾期报送' : '按期报送',
    caseLink: caseLink(province, c),
  });
  return officeMail(`implementation-reported:${c.caseNumber}:${done.review}:${done.orderedAt}`, c, [office.mailbox], unit, letter);
}

/** 申请退回: to the office whose approval the unit needs (第二十三条), with its reasons. */
export function returnRequestNotice(province: Province, c: Case): NotificationInput | undefined {
  const request = c.returnRequest;
  if (!request || !c.objectionWindow) return undefined;
  return toDecidingOffice(province, c, request, 'returnRequest', `return-request:${c.caseNumber}:${c.version}`, 'unit', {
    receivedAt: formatChinaDateTime(c.objectionWindow.receivedAt),
    objectionUntil: formatChinaLastDay(c.objectionWindow.until),
  });
}

/** A request the office has not decided after its working days: reminded once, to the office's mailbox. */
export function returnRequestReminderNotice(province: Province, c: Case): NotificationInput | undefined {
  const request = c.returnRequest;
  if (!request?.remindedAt) return undefined;
  // One reminder per request: the request's time in the id, so a second request is reminded too.
  return toDecidingOffice(province, c, request, 'returnRequestReminder', `return-request-reminder:${c.caseNumber}:${request.requestedAt}`, 'office', {
    requestedAt: formatChinaDateTime(request.requestedAt),
  });
}

/** A letter about a return request to the office that decides it: the case, the unit, its reasons, the deadline and the link, and the template's own values. */
function toDecidingOffice<K extends 'returnRequest' | 'returnRequestReminder'>(
  province: Province,
  c: Case,
  request: NonNullable<Case['returnRequest']>,
  template: K,
  id: string,
  from: 'unit' | 'office',
  values: Omit<TemplateValues<K>, 'caseNumber' | 'office' | 'unit' | 'subject' | 'reason' | 'handlingDeadline' | 'caseLink'>,
): NotificationInput {
  const office = officeOf(province, request.approvalBy);
  const unit = province.unit(request.unit).name;
  const letter = renderTemplate(template, province.templateFor(template, request.approvalBy), {
    caseNumber: c.caseNumber,
    office: office.name,
    unit,
    subject: c.subject ?? '（无主题）',
    reason: request.reason,
    handlingDeadline: deadline(c),
    caseLink: caseLink(province, c),
    ...values,
  } as TemplateValues<K>);
  return officeMail(id, c, [office.mailbox], from === 'unit' ? unit : office.name, letter);
}

/** The office's answer to the unit that asked: approved (the case is back with the office) or refused with reasons (the unit works on). */
export function returnRequestDecisionNotice(province: Province, c: Case, approved: boolean): NotificationInput | undefined {
  const request = c.returnRequest;
  if (!request) return undefined;
  const office = officeOf(province, request.approvalBy);
  const unit = province.unit(request.unit);
  const letter = renderTemplate('returnRequestDecided', province.templateFor('returnRequestDecided', request.approvalBy), {
    caseNumber: c.caseNumber,
    office: office.name,
    unit: unit.name,
    subject: c.subject ?? '（无主题）',
    decision: approved ? '同意退回' : '不同意退回',
    reason: approved ? `申请理由：${request.reason}` : `理由：${request.refusal ?? ''}`,
    next: approved
      ? `该事项已退回${office.name}，由其重新确定办理单位，你单位不再承办。`
      : `请你单位继续办理，在办理期限（${deadline(c)}）内办结，并书面答复信访人。`,
    caseLink: caseLink(province, c),
  });
  return officeMail(`return-request-decided:${c.caseNumber}:${c.version}`, c, [unit.mailbox], office.name, letter);
}

/** To the leaders who decide it: a unit asks for more time; or, once the sweep reminded them (`remindedAt`), that it still waits. */
/**
 * The leaders who decide a 延期 of the case: its level's, or — a township
 * with no leaders in the system — the nearest level above with one (a leader
 * of the case's jurisdiction or above decides, access.ts decideExtension).
 */
function decidingLeaderEmails(province: Province, c: Case): string[] {
  for (let code: string | undefined = c.jurisdiction; code; code = province.tree.parentOf(code)?.code) {
    const leadership = province.jurisdiction(code).leadership;
    if (leadership.inChargeOfPetitions || leadership.principal) return leaderEmails(province, c, code);
  }
  return [];
}

export function extensionRequestNotice(province: Province, c: Case): NotificationInput | undefined {
  const jurisdiction = province.jurisdiction(c.jurisdiction);
  if (!c.extension) return undefined;
  // Leaders recused from the case are not asked; if none may decide, the office is told so it can find one who may.
  const leaders = decidingLeaderEmails(province, c);
  const to = leaders.length > 0 ? leaders : [jurisdiction.office.mailbox];
  const values = {
    caseNumber: c.caseNumber,
    office: jurisdiction.office.name,
    unit: requesterName(province, c.extension.requestedBy) ?? (c.handling ? province.unit(c.handling.lead).name : jurisdiction.office.name),
    subject: c.subject ?? '（无主题）',
    days: String(c.extension.days),
    reason: c.extension.reason,
    handlingDeadline: deadline(c),
    caseLink: caseLink(province, c),
  };
  const reminder = c.extension.remindedAt !== undefined;
  const letter = reminder
    ? renderTemplate('extensionRequestReminder', province.templateFor('extensionRequestReminder', c.jurisdiction), { ...values, requestedAt: formatChinaDateTime(c.extension.requestedAt) })
    : renderTemplate('extensionRequest', province.templateFor('extensionRequest', c.jurisdiction), values);
  // One id per request: a request made again after a refusal is a new letter, not one sent already.
  const id = `${reminder ? 'extension-request-reminder' : 'extension-request'}:${c.caseNumber}:${c.extension.requestedAt}`;
  return officeMail(id, c, to, jurisdiction.office.name, letter);
}

/** The leaders asked to decide a 延期 request that lapsed (the case concluded, returned, withdrawn…): nothing left to decide. */
export function extensionLapsedNotice(province: Province, before: Case, after: Case): NotificationInput | undefined {
  const request = before.extension;
  if (request?.status !== 'requested') return undefined;
  const jurisdiction = province.jurisdiction(before.jurisdiction);
  const to = decidingLeaderEmails(province, { ...after, jurisdiction: before.jurisdiction });
  if (to.length === 0) return undefined;
  const why = after.status === 'withdrawn' ? '信访人已撤回该事项' : after.status === 'concluded' ? '该事项已办结' : '该事项已不由原承办单位办理';
  return officeMail(`extension-lapsed:${before.caseNumber}:${request.requestedAt}`, after, to, jurisdiction.office.name, {
    subject: `【延期申请已失效】${before.caseNumber} 无需审批 — ${jurisdiction.office.name}`,
    body: `${formatChinaDateTime(request.requestedAt)}提出的将信访事项 ${before.caseNumber}（主题：${before.subject ?? '无主题'}）办理期限延长${request.days}日的申请，因${why}，已随之失效，无需审批。\n\n查看事项：${caseLink(province, after)}\n\n本邮件由系统自动发送。\n${jurisdiction.office.name}\n`,
  });
}

/** Who asked, as the leader reads it: the requester's unit, or their office when they act for it (the office may ask for a case it handles itself). */
function requesterName(province: Province, staffId: string): string | undefined {
  const staff = province.staff(staffId);
  if (!staff) return undefined;
  return staff.unit ? province.unit(staff.unit).name : officeOf(province, staff.jurisdiction).name;
}

/**
 * To the unit that asked (and the staff member who asked) once a leader
 * decides: the new deadline, or the refusal's reason and that the old one stands.
 */
export function extensionDecidedNotice(province: Province, c: Case): NotificationInput | undefined {
  const extension = c.extension;
  if (!extension || extension.status === 'requested') return undefined;
  const jurisdiction = province.jurisdiction(c.jurisdiction);
  const approved = extension.status === 'approved';
  // Not a requester recused since (or moved where the case is not theirs to see).
  const requester = [province.staff(extension.requestedBy)].filter((s) => s !== undefined && mayReadCase(province, c)({ who: s.id }))[0];
  const unitMailbox = c.handling ? province.unit(c.handling.lead).mailbox : jurisdiction.office.mailbox;
  const addressee = c.handling ? province.unit(c.handling.lead).name : jurisdiction.office.name;
  const asker = requesterName(province, extension.requestedBy);
  const letter = renderTemplate('extensionDecided', province.templateFor('extensionDecided', c.jurisdiction), {
    caseNumber: c.caseNumber,
    office: jurisdiction.office.name,
    unit: addressee,
    // Asked by the office for the unit's case: said so, not 你单位 (someone no longer in the directory: 你单位, as before).
    requestedBy: asker === undefined || asker === addressee ? '你单位' : asker,
    subject: c.subject ?? '（无主题）',
    days: String(extension.days),
    decision: approved ? '同意' : '不同意',
    // What reaches the petitioner and how, as the 延期报备 says it: not 已告知 while the letter waits to be posted or phoned.
    reason: approved ? toldWords(c) : `理由：${extension.refusal ?? ''}`,
    handlingDeadline: deadline(c),
    next: approved ? '请在延长后的期限内办结并答复信访人；每件只能延期一次。' : '请在原期限内办结并答复信访人；确有必要的，可以补充理由后在规定时间内重新申请。',
    caseLink: caseLink(province, c),
  });
  return officeMail(`extension-decided:${c.caseNumber}:${extension.requestedAt}`, c, [unitMailbox, ...(requester ? [requester.email] : [])], jurisdiction.office.name, letter);
}

/**
 * 延期报备: to each office above that the case owes its result (交办 or
 * 督办), an approved extension — it sees the case's clock, and now that the
 * deadline it watches has moved, and why. None for a refusal: nothing moved.
 */
export function extensionReportedNotices(province: Province, c: Case): NotificationInput[] {
  const extension = c.extension;
  if (extension?.status !== 'approved') return [];
  const office = province.jurisdiction(c.jurisdiction).office;
  const unit = c.handling ? province.unit(c.handling.lead).name : office.name;
  const approver = extension.decidedBy ? province.staff(extension.decidedBy)?.name : undefined;
  return reportBackOffices(c)
    .filter((code) => code !== c.jurisdiction)
    .map((code) => {
      const superior = province.jurisdiction(code).office;
      return officeMail(`extension-reported:${c.caseNumber}:${extension.requestedAt}:${code}`, c, [superior.mailbox], office.name, {
        subject: `【延期报备】${c.caseNumber} 经批准延期${extension.days}日 — ${office.name}`,
        body:
          `${superior.name}：\n\n贵单位${relationOf(c, code)}的信访事项 ${c.caseNumber}（${c.subject ?? '无主题'}），由${unit}办理，` +
          `经${office.name}${approver ? `领导${approver}` : '领导'}批准延期${extension.days}日，办理期限延至${deadline(c)}。\n延期理由：${extension.reason}\n` +
          `${toldWords(c)}办结后将按要求报送办理结果。\n\n查看：${caseLink(province, c)}\n\n本邮件由系统自动发送。`,
      });
    });
}

/** How the petitioner hears of the extension, as the 延期报备 says it: told by email, or a letter still to post or to read out, or nobody to tell. */
function toldWords(c: Case): string {
  if (c.petitioner.anonymous) return '信访人匿名，无法告知。';
  if (c.petitioner.email) return '已将延期理由以电子邮件告知信访人。';
  if (goesByPost(c)) return '延期办理告知书已列入待寄送，寄出后信访人即知延期理由。';
  if (goesByPhone(c)) return '延期理由将电话告知信访人。';
  return '信访人未留联系方式，无法告知。';
}

/** To the petitioner: the approved extension and its reason. */
export function extensionNotice(province: Province, c: Case, at: string): PetitionerNotice {
  if (!c.extension) return {};
  return petitionerLetter(province, c, 'extensionNotice', `extended:${c.caseNumber}`, {
    days: String(c.extension.days),
    reason: c.extension.reason,
    handlingDeadline: deadline(c),
    handlingDeadlineBasis: deadlineBasis(c, 'handling', handlingRuleOwner(province, c, actingJurisdiction(c))),
  }, at);
}

const SUSPENDED_CLOCK_WORDS: Readonly<Record<SuspendableClock, string>> = { handling: '办理期限', reviewDecision: '复查期限', reReviewDecision: '复核期限' };

/**
 * 中止 told to the petitioner by the level that suspended it (the office
 * holding the case, or the reviewing level): the time limit, the ground, the
 * reason and the day. One letter per suspension (its place in the list).
 */
export function suspensionNotice(province: Province, c: Case, grounds: Readonly<Record<string, string>>, at: string): PetitionerNotice {
  const index = c.suspensions?.length ?? 0;
  const s = c.suspensions?.at(-1);
  if (!s) return {};
  return petitionerLetter(
    province,
    c,
    'suspensionNotice',
    `suspended:${c.caseNumber}:${index}`,
    { clock: SUSPENDED_CLOCK_WORDS[s.clock], ground: grounds[s.ground] ?? s.ground, reason: s.reason, since: formatChinaLastDay(new Date(Date.parse(s.suspendedAt) + 1).toISOString()) },
    at,
    actingJurisdiction(c),
  );
}

/** Its end: how long the clock stood still and the deadline it now runs to. */
export function resumptionNotice(province: Province, c: Case, grounds: Readonly<Record<string, string>>, at: string): PetitionerNotice {
  const index = c.suspensions?.length ?? 0;
  const s = c.suspensions?.at(-1);
  if (!s?.resumedAt || !s.shift) return {};
  return petitionerLetter(
    province,
    c,
    'resumptionNotice',
    `resumed:${c.caseNumber}:${index}`,
    {
      clock: SUSPENDED_CLOCK_WORDS[s.clock],
      ground: grounds[s.ground] ?? s.ground,
      days: s.shift.count === 'working' ? `${s.shift.days}个工作日` : `${s.shift.days}日`,
      deadline: formatChinaLastDay(s.shift.to),
    },
    at,
    actingJurisdiction(c),
  );
}

/**
 * 请信访人补充材料, told to the petitioner by the way they can be reached: an
 * email they answer by replying (or on the portal with their query code, or at
 * the desk), else a letter to post or read out on the phone (补充材料告知书).
 * Says that the handling time limit runs on: nothing stops it meanwhile. One
 * letter per request (the event that recorded it): the same request is never
 * written twice.
 */
export function materialRequestNotice(province: Province, c: Case, request: MaterialRequest, at: string): PetitionerNotice {
  const holder = holdingOffice(province, c);
  const tracking = `${province.config.mail.publicUrl}/public/track`;
  return petitionerLetter(
    province,
    c,
    'materialRequestNotice',
    materialRequestNoticeId(c.caseNumber, request.seq),
    (byEmail) => ({
      needed: request.needed,
      byWhen: request.by ? `于${formatDay(request.by)}前` : '尽快',
      howToSend: byEmail
        ? `补充材料请直接回复本邮件（材料可作为附件），请勿修改邮件主题中的登记编号；也可凭登记编号和查询码在 ${tracking} 网上提交，或送交${holder.name}（请注明登记编号 ${c.caseNumber}）。`
        : `补充材料请寄送或送交${holder.name}，并注明登记编号 ${c.caseNumber}；也可凭登记编号和查询码在 ${tracking} 网上提交（没有查询码的，可来访或来电向${holder.name}领取）。`,
      clock: `补充材料期间，办理期限不中止、不延长：本事项仍将在办理期限内（最迟于${deadline(c)}）办结并书面答复您；未能补充的，将依据现有材料办理。`,
    }),
    at,
  );
}

/** The letter of one request (its event's seq): stable, so a request recorded once is told once. */
export const materialRequestNoticeId = (caseNumber: string, seq: number) => `material:${caseNumber}:${seq}`;

/**
 * 办理进展 told to the petitioner (告知信访人): by email where they gave one;
 * without email, to one who left a telephone number, by a call — the note
 * goes on the office's 待电话告知 list (lettersToPhone) until staff record it
 * (letters/phoned), since a petitioner who cannot go online would otherwise
 * never hear it. It is no letter the office owes in writing, so never 待寄送:
 * without email or phone it shows only on their tracking page. One per note
 * (its event's seq).
 */
export function progressNotice(province: Province, c: Case, note: CaseNote, at: string): PetitionerNotice {
  if (c.petitioner.anonymous || (!c.petitioner.email && !c.petitioner.phone)) return {};
  // Read out on the phone even to one who gave a postal address: a progress report is not posted.
  const { address: _posted, ...petitioner } = c.petitioner;
  const told = c.petitioner.email ? c : { ...c, petitioner };
  return petitionerLetter(province, told, 'progressNotice', progressNoticeId(c.caseNumber, note.seq), {
    progress: note.text,
    clock: c.deadlines.handling && (c.status === 'accepted' || c.status === 'assigned' || c.status === 'inProgress') ? `本事项将在办理期限内（最迟于${deadline(c)}）办结并书面答复您。` : '',
  }, at);
}

export const progressNoticeId = (caseNumber: string, seq: number) => `progress:${caseNumber}:${seq}`;
/**
 * 领导批示: the unit handling the case (or, with no unit, the office holding it)
 * and that office hear the instruction at once, so it is acted on, not only
 * found on the case page (根据领导批示意见予以及时交办). Signed with the
 * leader's post and name; once per note (its event's seq).
 */
export function leaderInstructionNotice(province: Province, c: Case, note: CaseNote): NotificationInput {
  const office = officeOf(province, c.jurisdiction);
  const lead = c.handling ? province.unit(c.handling.lead) : undefined;
  const leader = province.staff(note.by);
  // A leader of a level above (杭州市's on 桐庐's case) is named with that level, or the county reads a bare name; and
  // that level's office, which supervises the case, is copied on its own leader's 批示.
  const above = leader && leader.jurisdiction !== c.jurisdiction ? province.jurisdiction(leader.jurisdiction) : undefined;
  const leaderWords = leader ? (above ? `${above.name}${leader.post ?? '领导'}${leader.name}` : `${leader.post ?? ''}${leader.name}`) : note.by;
  const letter = renderTemplate('leaderInstruction', province.templateFor('leaderInstruction', c.jurisdiction), {
    caseNumber: c.caseNumber,
    office: office.name,
    recipients: lead ? `${lead.name}、${office.name}` : office.name,
    leader: leaderWords,
    subject: c.subject ?? '（无主题）',
    givenAt: formatChinaDateTime(note.at),
    instruction: note.text,
    handlingDeadline: c.deadlines.handling ? formatChinaLastDay(c.deadlines.handling) : '按规定期限',
    // The letter greets those who carry it out; the office above it also goes to is told so.
    copied: above ? `\n本批示同时抄送${above.office.name}。` : '',
    caseLink: caseLink(province, c),
  });
  return officeMail(`leader-instruction:${c.caseNumber}:${note.seq}`, c, [...(lead ? [lead.mailbox] : []), office.mailbox, ...(above ? [above.office.mailbox] : [])], leaderWords, letter);
}

/**
 * 待签发: who may approve the decision letter now (reply-signoff.ts
 * signOffApprovers: the unit's heads, the office's leaders, or the fallback)
 * hear that it waits for them — once when it starts to wait, so a letter does
 * not sit unseen while the reply clock runs, and again to those it moves to
 * while it waits (`only`). Once per change (the version); none when nobody
 * is left to approve it (none in the roster, none with an address).
 */
export function signOffRequestNotice(province: Province, c: Case, voidedBy?: string, only?: readonly string[]): NotificationInput | undefined {
  const result = c.result;
  const approvers = signOffApprovers(c, province, province.tree);
  if (!result || !approvers) return undefined;
  const people = approvers.ids
    .filter((id) => !only || only.includes(id))
    .map((id) => province.staff(id))
    .filter((s): s is NonNullable<typeof s> => s !== undefined);
  if (people.length === 0) return undefined;
  const office = officeOf(province, c.jurisdiction);
  const concluder = province.staff(result.concludedBy)?.name ?? result.concludedBy;
  const unit = result.unit ? province.unit(result.unit).name : office.name;
  const corrector = result.correctedBy ? (province.staff(result.correctedBy)?.name ?? result.correctedBy) : undefined;
  const letter = renderTemplate('signOffRequest', province.templateFor('signOffRequest', c.jurisdiction), {
    caseNumber: c.caseNumber,
    office: office.name,
    approvers: people.map((p) => (p.post ? `${p.name}（${p.post}）` : p.name)).join('、'),
    subject: c.subject ?? '（无主题）',
    concludedBy: `${unit}（承办人：${concluder}）`,
    concludedAt: formatChinaDateTime(result.concludedAt),
    corrected: voidedBy && corrector ? `办理结果已由${corrector}更正，原签发随之作废，须重新审核签发。` : '',
    replyDeadline: c.deadlines.reply ? formatChinaLastDay(c.deadlines.reply) : '按规定期限',
    caseLink: caseLink(province, c),
  });
  return officeMail(`sign-off-request:${c.caseNumber}:${c.version}`, c, people.map((p) => p.email), office.name, letter);
}

const REVIEW_OUTCOME_WORDS: Readonly<Record<NonNullable<CaseReview['outcome']>, string>> = { upheld: '维持原处理意见', revised: '变更原处理意见', revoked: '撤销原处理意见、责令重新办理' };

/**
 * 待签发 of a 复查（复核）意见书 (shared/domain/review-signoff.ts): the reviewing office's leaders but its drafter hear
 * that the draft waits for them — when it starts to wait, when it is redrafted (`redrafted`), and those it moves to
 * while it waits (`only`) — or the review period runs out with the draft unseen. Once per change (the version); none
 * when nobody is left to approve it. Nothing of the petitioner's contact is in it.
 */
export function reviewSignOffRequestNotice(province: Province, c: Case, opts: { redrafted?: boolean; only?: readonly string[] } = {}): NotificationInput | undefined {
  const waiting = signOffWaitingOf(c);
  const review = waiting?.review ? c.reviews?.find((r) => r.level === waiting.review) : undefined;
  const draft = review?.draft;
  if (!waiting || !review || !draft) return undefined;
  const people = (waitingApprovers(waiting, province, province.tree)?.ids ?? [])
    .filter((id) => !opts.only || opts.only.includes(id))
    .map((id) => province.staff(id))
    .filter((s): s is NonNullable<typeof s> => s !== undefined);
  if (people.length === 0) return undefined;
  const office = officeOf(province, review.jurisdiction);
  const kind = review.level === 1 ? '复查' : '复核';
  const deadline = c.deadlines[review.level === 1 ? 'reviewDecision' : 'reReviewDecision'];
  const letter = renderTemplate('reviewSignOffRequest', province.templateFor('reviewSignOffRequest', review.jurisdiction), {
    caseNumber: c.caseNumber,
    office: office.name,
    approvers: people.map((p) => (p.post ? `${p.name}（${p.post}）` : p.name)).join('、'),
    subject: c.subject ?? '（无主题）',
    kind,
    draftedBy: province.staff(draft.draftedBy)?.name ?? draft.draftedBy,
    draftedAt: formatChinaDateTime(draft.draftedAt),
    outcome: REVIEW_OUTCOME_WORDS[draft.outcome],
    redrafted: opts.redrafted ? '意见书已重新拟制，此前的拟稿作废，请以本稿为准。' : '',
    deadline: deadline ? formatChinaLastDay(deadline) : '按规定期限',
    caseLink: caseLink(province, c),
  });
  return officeMail(`review-sign-off-request:${c.caseNumber}:${c.version}`, c, people.map((p) => p.email), office.name, letter);
}

const HANDLED_NOW: ReadonlySet<CaseStatus> = new Set<CaseStatus>(['accepted', 'assigned', 'inProgress']);

/** 呈领导阅批: the leader the office put the case before hears it at once, with the 拟办意见; once per submission (its seq). */
export function leaderReadingNotice(province: Province, c: Case, reading: LeaderReading): NotificationInput | undefined {
  const leader = province.staff(reading.leader);
  if (!leader) return undefined;
  const office = officeOf(province, c.jurisdiction);
  // A city office may put a county's case before a city leader: the submission is its own, and signed so.
  const submitter = province.staff(reading.submittedBy);
  const submitterOffice = submitter ? officeOf(province, submitter.jurisdiction) : office;
  const letter = renderTemplate('leaderReadingRequest', province.templateFor('leaderReadingRequest', c.jurisdiction), {
    caseNumber: c.caseNumber,
    office: office.name,
    submitterOffice: submitterOffice.name,
    leader: leader.post ? `${leader.name}（${leader.post}）` : leader.name,
    submittedBy: province.staff(reading.submittedBy)?.name ?? reading.submittedBy,
    submittedAt: formatChinaDateTime(reading.submittedAt),
    subject: c.subject ?? '（无主题）',
    opinion: reading.opinion,
    handlingDeadline: c.deadlines.handling ? formatChinaLastDay(c.deadlines.handling) : '按规定期限',
    // Only while the case is handled is its handling deadline the clock that runs; otherwise the line is left out.
    deadlineLine: HANDLED_NOW.has(c.status) && c.deadlines.handling ? `办理期限：${formatChinaLastDay(c.deadlines.handling)}。` : '',
    caseLink: caseLink(province, c),
  });
  return officeMail(`leader-reading:${c.caseNumber}:${reading.seq}`, c, [leader.email], submitterOffice.name, letter);
}

/** 异议退回: the office that handed the case down hears that the office below sent it back, and why (the case is on its triage list again). */
export function handDownObjectionNotice(province: Province, c: Case, lower: string, receivedAt: string, reason: string): NotificationInput {
  const office = officeOf(province, c.jurisdiction);
  const lowerOffice = officeOf(province, lower).name;
  const letter = renderTemplate('handDownObjection', province.templateFor('handDownObjection', c.jurisdiction), {
    caseNumber: c.caseNumber,
    office: office.name,
    lowerOffice,
    subject: c.subject ?? '（无主题）',
    receivedAt: formatChinaDateTime(receivedAt),
    reason,
    acceptanceDeadline: c.deadlines.acceptance ? formatChinaLastDay(c.deadlines.acceptance) : '法定期限内',
    caseLink: caseLink(province, c),
  });
  return officeMail(`hand-down-objection:${c.caseNumber}:${c.version}`, c, [office.mailbox], lowerOffice, letter);
}
