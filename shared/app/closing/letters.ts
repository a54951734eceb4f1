import { addressedAs, type Case, type CaseMessage, type CaseReply } from '../../domain/case.js';
import { formatChinaDateTime, formatChinaLastDay } from '../../domain/case-number.js';
import { renderTemplate, type TemplateKind, type TemplateValues } from '../../domain/templates.js';
import type { Province } from '../../domain/province.js';
import { RuleViolation } from '../../domain/errors.js';
import { OUTCOME_LABELS } from '../../domain/outcome.js';
import type { NotificationInput } from '../notification.js';
import { goesByPhone, goesByPost, tellsWithoutEmail } from '../../domain/postal.js';
import { answeringUnit, holdingOffice, letterWording, postalNotice, type PetitionerNotice } from '../handoff/notices.js';
import { reportBackOffices } from '../../domain/report-back.js';
import { mayReadCase } from '../may-read.js';
import { relationOf } from '../../domain/supervision.js';
import { actingJurisdiction, lastReplyBy, nextReview, nextReviewRequestBy, unsatisfiedLeadsTo, unsatisfiedReopens } from '../../domain/closing.js';
import { limitAndSource, limitRuleWords } from '../../domain/time-limits.js';
import { periodWords } from '../../domain/explain-deadline.js';

/**
 * The letters of the end of a case, worded by each office's templates. Ids
 * name the step (the conclusion, the review level, the follow-up round), so a
 * retry queues the same id and the mailer sends it once.
 */

export interface DecisionLetter {
  /** Kept on the case as the decision letter (信访处理意见书). */
  message: CaseMessage;
  /** The email to the petitioner; absent when it is posted or told by phone (no email) or impossible (anonymous). */
  mail?: NotificationInput;
  delivery: CaseReply['delivery'];
}

const LEVEL_TITLES = ['信访事项处理意见书', '信访事项复查意见书', '信访事项复核意见书'] as const;
/** The heading of the decision itself: a 复查意见书 gives its 复查意见, not a 处理意见. */
const LEVEL_DECISION_HEADINGS = ['处理意见', '复查意见', '复核意见'] as const;

/**
 * The first answer's title and heading by what was raised: a consultation is
 * answered (答复意见书, 答复意见), not decided for or against; a suggestion's
 * answer says how it was taken up (采纳情况). A 复查 / 复核 keeps its own.
 */
function letterHeadings(c: Case, level: 0 | 1 | 2): { title: string; decisionHeading: string } {
  if (level === 0 && c.category === 'consultation') return { title: '信访事项答复意见书', decisionHeading: '答复意见' };
  if (level === 0 && c.category === 'suggestion') return { title: LEVEL_TITLES[0], decisionHeading: '采纳情况' };
  return { title: LEVEL_TITLES[level], decisionHeading: LEVEL_DECISION_HEADINGS[level] };
}

/** The petitioner's first email on the case, to thread the letter into their conversation. */
function originalMessageId(messages: readonly CaseMessage[]): string | undefined {
  return messages
    .filter((m) => m.direction === 'in' && m.messageIds.length > 0)
    .sort((a, b) => a.at.localeCompare(b.at))[0]?.messageIds[0];
}

/**
 * The decision letter: facts, basis, decision, and the petitioner's right to
 * a review (with its deadline and the level to ask), or that the matter is final.
 */
export function decisionLetter(
  province: Province,
  c: Case,
  messages: readonly CaseMessage[],
  content: {
    id: string;
    level: 0 | 1 | 2;
    facts: string;
    basis: string;
    decision: string;
    at: string;
    reviewRequestBy?: string;
    /** How reviewRequestBy was counted, in one sentence. */
    reviewRequestBasis?: string;
    /** The jurisdiction's limit for asking, as the letter states it (30日 by default). */
    reviewRequestPeriod?: string;
    /** The jurisdiction whose office reviews next: the letter names it, and tells a petitioner without email where to write or call. */
    nextLevel?: string;
    /** What the petitioner may ask next: 复查 (1) or 复核 (2); by default the one after the letter's level. A 处理意见 given again after a 复查 leads to 复核. */
    asks?: 1 | 2;
    /** 撤销: the unit (or office) that handles the matter again and answers anew; the letter says so instead of offering the next review. */
    redoneBy?: string;
  },
): DecisionLetter {
  // 谁承办谁答复: the letter comes from the level that decided — the office holding the case for the handling's
  // letter (not the one that received the petition, which may have transferred it), the reviewing level's for a review's.
  const decidedBy = content.level === 0 ? c.jurisdiction : (c.reviews?.find((r) => r.level === content.level)?.jurisdiction ?? c.jurisdiction);
  const office = province.jurisdiction(decidedBy).office;
  const unit =
    content.level > 0
      ? office.name
      : c.result?.unit
        ? province.unit(c.result.unit).name
        : province.jurisdiction(c.jurisdiction).office.name;
  const email = c.petitioner.anonymous ? undefined : c.petitioner.email;
  const kind = (content.asks ?? (content.level === 0 ? 1 : 2)) === 1 ? '复查' : '复核';
  // By email the petitioner may simply answer it (worded to read right on the portal's copy too); a printed letter is answered in writing.
  // By email the letter arrives the day it is sent, so its last day can be stated; on paper or by phone it counts from a
  // day not yet known when the letter is made (寄达、告知之日), so the letter states the period only.
  const dated = email !== undefined;
  const reviewer = content.nextLevel ? province.jurisdiction(content.nextLevel).office : undefined;
  // The window starts where its last day is counted from: by email, the day of the written reply — the day the
  // letter is sent and arrives (CLOCK_START_WORDS.reviewRequest); on paper or by phone, the day it is received or
  // told, which shared/app/post-letter.ts counts from once staff record it.
  const windowStart = dated ? '自书面答复之日（本意见书以电子邮件送达之日）' : '自收到本意见书之日';
  // No level above in this system (the province's own decision): the body the regulation names reviews it, outside
  // this system — the letter sends the petitioner there in writing, not to a reply or the portal that no office here takes.
  const reviewedBy = reviewer
    ? `向${reviewer.name}`
    : kind === '复查'
      ? '依照《信访工作条例》第三十五条向原办理行政机关的本级人民政府或者上一级行政机关'
      : '依照《信访工作条例》第三十六条向复查机关的本级人民政府或者上一级行政机关';
  const howToAsk = !reviewer ? '请直接向该机关书面提出。' : email ? `可直接回复送达本意见书的邮件，写明“申请${kind}”及理由，也可在网上信访的办理进展页提出。` : askInWriting(province, content.nextLevel);
  const reviewRight = content.redoneBy
    ? `原处理意见已撤销，由${content.redoneBy}重新办理，并在办理期限内重新书面答复您；对重新作出的处理意见不服的，可依法请求复核。`
    : content.level === 2
      ? '本复核意见为最终意见。信访人对复核意见不服，仍以同一事实和理由提出投诉请求的，信访工作机构不再受理。'
      : `如对本${content.level === 0 ? (c.category === 'consultation' ? '答复' : '处理') : '复查'}意见不服，可以${windowStart}起${content.reviewRequestPeriod ?? '30日'}内，${reviewedBy}请求${kind}${dated && content.reviewRequestBy ? `（最迟于${formatChinaLastDay(content.reviewRequestBy)}提出）` : ''}；${howToAsk}${dated ? (content.reviewRequestBasis ?? '') : ''}`;
  const receivedAt = formatChinaDateTime(c.receivedAt);
  const subject = c.subject ?? '（无主题）';
  // A 复查 / 复核 answers the petitioner's request against the earlier answer, not the matter afresh: its letter says so.
  const review = content.level > 0 ? c.reviews?.find((r) => r.level === content.level) : undefined;
  const opening = review
    ? `您对信访事项（登记编号 ${c.caseNumber}，主题：${subject}）的${content.level === 1 ? '处理意见' : '复查意见'}不服，于${formatChinaLastDay(review.requestedAt)}提出${content.level === 1 ? '复查' : '复核'}申请。经${office.name}${content.level === 1 ? '复查' : '复核'}，现答复如下：`
    : `您于${receivedAt}反映的信访事项（登记编号 ${c.caseNumber}，主题：${subject}），经${unit}办理，现答复如下：`;
  const letter = renderTemplate('decisionLetter', province.templateFor('decisionLetter', decidedBy), {
    ...letterHeadings(c, content.level),
    caseNumber: c.caseNumber,
    office: office.name,
    unit,
    petitionerName: addressedAs(c.petitioner),
    subject,
    receivedAt,
    opening,
    facts: content.facts,
    basis: content.basis,
    decision: content.decision,
    reviewRight,
    date: formatChinaLastDay(new Date(Date.parse(content.at) + 1).toISOString()),
    validity: email ? `（本意见书经系统签发，与盖章纸质文书具有同等效力；纸质文书可向${office.name}索取。）` : '',
  });
  const delivery = email ? 'email' : goesByPost(c) ? 'post' : goesByPhone(c) ? 'phone' : 'none';
  // Posted by the office of the level that decided.
  const postFrom = decidedBy;
  const message: CaseMessage = {
    caseNumber: c.caseNumber,
    id: content.id,
    direction: 'out',
    at: content.at,
    to: email ? [email] : [],
    subject: letter.subject,
    text: letter.body,
    messageIds: [],
    attachments: [],
    kind: 'decisionLetter',
    ...(delivery === 'post' ? { postFrom } : delivery === 'phone' ? { postFrom, byPhone: true } : {}),
  };
  if (!email) return { message, delivery };
  const original = originalMessageId(messages);
  return {
    message,
    delivery,
    mail: toPetitioner(content.id, c, email, office, letter, original ? { inReplyTo: original, references: [original] } : {}),
  };
}

/**
 * How a petitioner without email asks for a 复查 or 复核: in writing, to the
 * reviewing office, with its address and telephone as configured — the
 * printed letter's words, and the tracking page's where it has no last day.
 */
export function askInWriting(province: Province, nextLevel: string | undefined): string {
  const reviewer = nextLevel ? province.jurisdiction(nextLevel).office : undefined;
  const where = reviewer ? [reviewer.address ? `地址：${reviewer.address}` : '', reviewer.phone ? `电话：${reviewer.phone}` : ''].filter(Boolean).join('；') : '';
  return `请书面提出，写明登记编号和理由，寄送或当面递交${reviewer?.name ?? '上一级行政机关'}${where ? `（${where}）` : ''}。`;
}

/** A letter to the petitioner's email, from the office, answers going to its mailbox (tagged for the case by the mailer, so replies join it). */
export function toPetitioner(
  id: string,
  c: Case,
  email: string,
  office: { name: string; mailbox: string },
  letter: { subject: string; body: string },
  extra: Partial<NotificationInput> = {},
): NotificationInput {
  return { id, kind: 'notice', caseNumber: c.caseNumber, to: [email], fromName: office.name, replyTo: office.mailbox, subject: letter.subject, text: letter.body, ...extra };
}

/** The fields every letter to the petitioner fills the same way; a caller gives the rest. */
type OwnFields<K extends TemplateKind> = Omit<TemplateValues<K>, 'caseNumber' | 'office' | 'petitionerName' | 'subject'>;

/**
 * A letter to the petitioner's email from the office now holding the case
 * (its template, its name): a reply to it reaches whoever handles the matter.
 */
export function fromHoldingOffice<K extends TemplateKind>(
  province: Province,
  c: Case,
  kind: K,
  mail: { id: string; to: string; extra?: Partial<NotificationInput> },
  values: OwnFields<K>,
): NotificationInput {
  const office = holdingOffice(province, c);
  const letter = renderTemplate(kind, province.templateFor(kind, actingJurisdiction(c)), {
    caseNumber: c.caseNumber,
    office: office.name,
    petitionerName: addressedAs(c.petitioner),
    subject: c.subject ?? '（无主题）',
    ...values,
  } as TemplateValues<K>);
  return toPetitioner(mail.id, c, mail.to, office, letter, mail.extra);
}

/** 回访: asks the petitioner, with one link for each answer. */
export function followUpMail(province: Province, c: Case, token: string): NotificationInput | undefined {
  const email = c.petitioner.email;
  if (c.petitioner.anonymous || !email || !c.followUp || !c.reply) return undefined;
  // Asked by the office holding the case, whose unit handles it again if the answer is 不满意.
  const link = (answer: 'satisfied' | 'unsatisfied') =>
    `${province.config.mail.publicUrl}/public/follow-up/${c.caseNumber}?token=${token}&answer=${answer}`;
  return fromHoldingOffice(
    province,
    c,
    'followUp',
    { id: `follow-up:${c.caseNumber}:${c.followUp.round}`, to: email, extra: { autoSubmitted: 'auto-generated' } },
    {
      repliedAt: formatChinaLastDay(new Date(Date.parse(c.reply.at) + 1).toISOString()),
      satisfiedLink: link('satisfied'),
      unsatisfiedLink: link('unsatisfied'),
      unsatisfied: unsatisfiedWords(province, c),
    },
  );
}

/**
 * 不满意 given on the portal, confirmed to the petitioner's email: that it
 * was received and when, and what follows — the unit handles the matter
 * again by its new deadline and answers in writing again (the case as
 * reopened, `after`), or, after a 复查's decision or a final 复核, that it is
 * recorded and what way on remains (`before`, the case as answered). One per
 * follow-up round: an answer is taken once a round, and a redelivery sends it
 * once. None without an email.
 */
export function unsatisfiedReceivedMail(province: Province, before: Case, after: Case, at: string): NotificationInput | undefined {
  const email = after.petitioner.anonymous ? undefined : after.petitioner.email;
  if (!email || !after.followUp) return undefined;
  const limits = province.timeLimitsFor(after.jurisdiction);
  const about = { channel: after.channel, ...(after.category ? { category: after.category } : {}) };
  const period = (clock: 'reply' | 'reReviewRequest') => periodWords(limitAndSource(clock, limits, about).limit);
  let next: string;
  if (after.status === 'inProgress') {
    const { unit, handlingBy, replyWithin } = reopenedHandling(province, after);
    const deadline = handlingBy ? `，最迟于${handlingBy}办结` : '';
    next =
      `本事项已重新交${unit}办理${deadline}。办结后${replyWithin}内，将再次书面答复您，答复会发送到本邮箱；对重新作出的处理意见不服的，可以依法请求复查。\n\n` +
      '重新办理期间，有新的情况或材料的，可以在网上信访的办理进展页补充，也可以直接回复本邮件。';
  } else if (unsatisfiedLeadsTo(before, reviewingOffice(province, before) !== undefined) === 'recordedAfterReview') {
    next = `本事项已经复查，不再重新办理。对复查意见不服的，可以自收到复查意见之日起${period('reReviewRequest')}内，向${reviewingOffice(province, before)}请求复核（可在网上信访的办理进展页提出）。`;
  } else {
    next = before.reviewLevel === 2 ? '本事项已经复核，复核意见为最终意见，不再重新办理。' : '本事项已经复查，不再重新办理。';
  }
  return fromHoldingOffice(
    province,
    after,
    'unsatisfiedReceived',
    { id: `unsatisfied-received:${after.caseNumber}:${after.followUp.round}`, to: email, extra: { autoSubmitted: 'auto-generated' } },
    { answeredAt: formatChinaDateTime(at), next },
  );
}

/** Who handles a case 不满意 reopened and by when, and how soon after it the petitioner is answered: the confirmation letter's and the follow-up page's words. */
export function reopenedHandling(province: Province, c: Case): { unit: string; handlingBy?: string; replyWithin: string } {
  const lead = c.handling?.lead;
  // A report's accused unit never handles it; checked again so no letter or page names one.
  const unit = lead && !c.accusedUnits?.includes(lead) ? province.unit(lead).name : holdingOffice(province, c).name;
  const about = { channel: c.channel, ...(c.category ? { category: c.category } : {}) };
  return {
    unit,
    ...(c.deadlines.handling ? { handlingBy: formatChinaLastDay(c.deadlines.handling) } : {}),
    replyWithin: periodWords(limitAndSource('reply', province.timeLimitsFor(c.jurisdiction), about).limit),
  };
}

/** The office of the level that would review the case's current decision; none when the matter is final or nothing is above. */
export function reviewingOffice(province: Province, c: Case): string | undefined {
  try {
    return province.jurisdiction(nextReview(c, (code) => province.tree.parentOf(code)?.code).jurisdiction).office.name;
  } catch (error) {
    if (error instanceof RuleViolation) return undefined;
    throw error;
  }
}

/** What answering 不满意 does, as the follow-up tells it (unsatisfiedLeadsTo): handled again, or only recorded — after a 复查's decision, with 复核 the way on; after a 复核, final. */
function unsatisfiedWords(province: Province, c: Case): string {
  switch (unsatisfiedLeadsTo(c, reviewingOffice(province, c) !== undefined)) {
    case 'handledAgain':
      return `表示不满意的，该事项将重新交承办单位办理。${notAReview(province, c)}`;
    case 'recordedAfterReview':
      return `该事项已经复查；表示不满意的，您的意见将记录在案。${notAReview(province, c)}`;
    case 'recordedFinal':
      return c.reviewLevel === 2
        ? '该事项已经复核，复核意见为最终意见；表示不满意的，您的意见将记录在案，该事项不再重新办理。'
        : '该事项已经复查；表示不满意的，您的意见将记录在案，该事项不再重新办理。';
  }
}

/**
 * 不满意 is not a 复查 (or 复核) request: the review is asked for apart, by
 * the last day the letter stated (as holidays published since roll it), and
 * answering the follow-up does not stop that day coming.
 */
function notAReview(province: Province, c: Case): string {
  const by = nextReviewRequestBy(c, province);
  const office = reviewingOffice(province, c);
  if (!by || !office) return '';
  const kind = c.reviewLevel === 0 ? '复查' : '复核';
  // Handled again after 不满意, the new answer has its own window.
  const again = unsatisfiedReopens(c) ? `表示不满意、事项重新办理的，对重新作出的处理意见仍可以申请${kind}。` : '';
  return `\n\n“不满意”不是${kind}申请：对${c.reviewLevel === 0 ? '处理意见' : '复查意见'}不服、要求${kind}的，请于${formatChinaLastDay(by)}前（含当日）另行向${office}申请${kind}，可在网上信访的办理进展页提出；这一期限不因回访而延长。${again}`;
}

/** A pending review (复查) or re-review (复核): the office that decides it, what it is called and the day its opinion is due. */
function pendingReviewLetterFields(province: Province, c: Case, level: 1 | 2, jurisdiction: string) {
  const clock = level === 1 ? c.deadlines.reviewDecision : c.deadlines.reReviewDecision;
  return {
    office: province.jurisdiction(jurisdiction).office,
    kind: level === 1 ? '复查' : '复核',
    deadline: clock ? formatChinaLastDay(clock) : '法定期限内',
  };
}

/** To the reviewing level's office: a review (复查) or re-review (复核) to decide. */
export function reviewRequestedMail(province: Province, c: Case, level: 1 | 2, jurisdiction: string, reason: string): NotificationInput {
  const { office, kind, deadline } = pendingReviewLetterFields(province, c, level, jurisdiction);
  const letter = renderTemplate('reviewRequested', province.templateFor('reviewRequested', jurisdiction), {
    caseNumber: c.caseNumber,
    office: office.name,
    kind,
    subject: c.subject ?? '（无主题）',
    previous: level === 1 ? '处理意见' : '复查意见',
    reason,
    deadline,
    caseLink: `${province.config.mail.consoleUrl}/cases/${c.caseNumber}`,
  });
  return { id: `review-requested:${c.caseNumber}:${level}`, kind: 'notice', caseNumber: c.caseNumber, to: [office.mailbox], fromName: office.name, subject: letter.subject, text: letter.body, autoSubmitted: 'auto-generated' };
}

/**
 * To the unit that answered and the office below the reviewer whose decision
 * is disputed: a review was asked for, and of whom — the reviewing office
 * will ask them for the file. Not the petitioner's reasons, which may accuse
 * the unit (第三十条: they go to the reviewer only). Never to a unit the report
 * accuses; none when nobody stands below the reviewer.
 */
export function reviewRequestedBelowMail(province: Province, c: Case, level: 1 | 2, jurisdiction: string): NotificationInput | undefined {
  const { office, kind } = pendingReviewLetterFields(province, c, level, jurisdiction);
  const unit = answeringUnit(province, c);
  const decidedBy = level === 1 ? c.jurisdiction : (c.reviews ?? []).find((r) => r.level === 1)?.jurisdiction;
  const below = decidedBy && decidedBy !== jurisdiction ? province.jurisdiction(decidedBy).office : undefined;
  const to = [...(unit ? [unit] : []), ...(below ? [below] : [])];
  if (to.length === 0) return undefined;
  const previous = level === 1 ? '处理意见' : '复查意见';
  return {
    id: `review-requested-below:${c.caseNumber}:${level}`,
    kind: 'notice',
    caseNumber: c.caseNumber,
    to: [...new Set(to.map((u) => u.mailbox))],
    fromName: office.name,
    subject: `【已申请${kind}】${c.caseNumber} 信访人对${previous}不服 — ${office.name}`,
    text:
      `${to.map((u) => u.name).join('、')}：\n\n信访人对信访事项 ${c.caseNumber}（主题：${c.subject ?? '无主题'}）的${previous}不服，已向${office.name}申请${kind}，由${office.name}作出${kind}意见。\n\n` +
      `请做好配合，按${office.name}要求提供办理材料。\n\n查看事项：${province.config.mail.consoleUrl}/cases/${c.caseNumber}\n\n本邮件由系统自动发送。\n${office.name}`,
    autoSubmitted: 'auto-generated',
  };
}

/** To the petitioner: the review (复查) or re-review (复核) request is received, who decides it and by when. */
export function reviewReceivedNotice(province: Province, c: Case, level: 1 | 2, jurisdiction: string, requestedAt: string, at: string): PetitionerNotice {
  const email = c.petitioner.anonymous ? undefined : c.petitioner.email;
  if (!email && !tellsWithoutEmail(c)) return {};
  const { office, kind, deadline } = pendingReviewLetterFields(province, c, level, jurisdiction);
  const letter = renderTemplate('reviewReceived', province.templateFor('reviewReceived', jurisdiction), {
    caseNumber: c.caseNumber,
    office: office.name,
    petitionerName: addressedAs(c.petitioner),
    subject: c.subject ?? '（无主题）',
    kind,
    previous: level === 1 ? '处理意见' : '复查意见',
    // The day, as official letters give it: a written request's receipt is known to the day.
    receivedAt: formatChinaLastDay(requestedAt),
    deadline,
    rule: limitRuleWords(level === 1 ? 'reviewDecision' : 'reReviewDecision', limitAndSource(level === 1 ? 'reviewDecision' : 'reReviewDecision', province.timeLimitsFor(jurisdiction))),
    // 第三十六条: 复核机关可以举行听证，听证所需时间不计算在规定时限内 — the petitioner learns it now, not when the clock stops (中止).
    hearing: level === 2 ? '复核机关可以举行听证，听证所需时间不计算在上述期限内（《信访工作条例》第三十六条）。' : '',
    ...(email ? { materialHint: '如需补充材料，请直接回复本邮件，并保留主题中的登记编号。', footer: '本邮件由系统自动发送。' } : letterWording(false, office.name, at, { during: '' })),
  });
  const id = `review-received:${c.caseNumber}:${level}`;
  // A written request (a letter brought or posted, registered by staff) is acknowledged in writing too, by the reviewing office.
  if (!email) return postalNotice(c, id, 'reviewReceived', letter, at, jurisdiction);
  return { mail: toPetitioner(id, c, email, office, letter, { autoSubmitted: 'auto-replied' }) };
}

/** To the petitioner: a review asked for by email that cannot be accepted (late, final, no level above). */
export function reviewRefusedMail(province: Province, c: Case, reason: string, requestId: string): NotificationInput | undefined {
  const email = c.petitioner.email;
  if (c.petitioner.anonymous || !email) return undefined;
  // Answered by the office whose letter the request replied to: the one holding the case, or the level that decided the last review.
  const answering = lastReplyBy(c);
  const office = province.jurisdiction(answering).office;
  const letter = renderTemplate('reviewRefused', province.templateFor('reviewRefused', answering), {
    caseNumber: c.caseNumber,
    office: office.name,
    petitionerName: addressedAs(c.petitioner),
    subject: c.subject ?? '（无主题）',
    reason,
  });
  return toPetitioner(`review-refused:${c.caseNumber}:${requestId}`, c, email, office, letter, { autoSubmitted: 'auto-replied' });
}

/**
 * Why a review request (复查 / 复核) cannot be accepted, as the petitioner
 * reads it: in the refusal email, and on the portal's page.
 */
export function reviewRefusalReason(error: RuleViolation): string {
  const details = error.details;
  if (details.final) return '该信访事项已经复核，复核意见为最终意见，依照《信访工作条例》不再受理。';
  // Which request it was: a 复核's window runs from the written 复查意见, not from the first answer.
  const kind = details.level === 2 ? '复核' : details.level === 1 ? '复查' : '复查（复核）';
  const letter = details.level === 2 ? '复查意见书' : '处理意见书';
  if (typeof details.requestBy === 'string') {
    const period = typeof details.period === 'string' ? details.period : '30日';
    return `${kind}申请应当自收到书面${details.level === 2 ? '复查意见' : '答复'}之日起${period}内提出，本事项的申请期限已于${formatChinaLastDay(details.requestBy)}届满。`;
  }
  // The letter went on paper (or by phone) and the day it reached the petitioner is not on record: the request may
  // well be in time; it is not judged here, and the petitioner is told how to make it so that it can be.
  if (details.receiptNeeded) {
    return details.byPhone
      ? `${kind}申请期限自您知悉${letter.slice(0, -1)}之日起算，而本机关尚未登记电话告知您的日期，暂不能确认申请是否在期限内。请书面提出${kind}申请，写明登记编号、理由和您得知${letter.slice(0, -1)}的日期。`
      : `${letter}以邮寄送达，${kind}申请期限自您收到之日起算，而本机关尚未登记您收到的日期，暂不能确认申请是否在期限内。请书面提出${kind}申请，写明登记编号、理由和收到${letter}的日期（可附邮件签收凭证）。`;
  }
  // The decision letter sent the petitioner to the body the regulation names, outside this system (decisionLetter).
  return details.level === 2
    ? '该复查意见已由本系统最高一级机关作出，本系统中没有受理复核的上一级机关。请依照复查意见书的告知，直接向复查机关的本级人民政府或者上一级行政机关书面提出。'
    : '该处理意见已由本系统最高一级机关作出，本系统中没有受理复查的上一级机关。请依照处理意见书的告知，直接向原办理行政机关的本级人民政府或者上一级行政机关书面提出。';
}

// Said when the letter is made: a letter to post or to phone has not reached the petitioner yet, and the words do not claim it has.
const DELIVERY_WORDS: Readonly<Record<DecisionLetter['delivery'], string>> = {
  email: '电子邮件送达',
  post: '处理意见书待邮寄送达，寄出日期在系统中记录',
  phone: '信访人仅留电话，将电话告知，书面意见书留存备取',
  none: '信访人匿名或未留联系方式，未能送达',
};

/**
 * 办理结果报送: a case superior offices assigned (交办, `reportBackTo` and
 * `reportBackAbove`) reports its result to each when the petitioner is
 * answered — the duty the assignment notice states — from the office now
 * holding the case.
 */
export function resultReportMails(province: Province, c: Case, delivery: DecisionLetter['delivery'], at: string): NotificationInput[] {
  const offices = reportBackOffices(c).filter((office) => office !== c.jurisdiction);
  return offices.map((office, i) => resultReportMail(province, c, office, delivery, at, i === 0 ? '' : `:${office}`));
}

/**
 * 领导包案: the leader who owns the case hears its answer as a superior
 * office does — the case is theirs to see through (not a leader recused
 * since, or one who may no longer read it).
 */
export function ownerResultMail(province: Province, c: Case, delivery: DecisionLetter['delivery'], at: string): NotificationInput | undefined {
  const owner = c.leaderOwnership ? province.staff(c.leaderOwnership.leader) : undefined;
  if (!owner || !c.result || !mayReadCase(province, c)({ who: owner.id })) return undefined;
  const result = c.result;
  const unit = result.unit ? province.unit(result.unit).name : province.jurisdiction(c.jurisdiction).office.name;
  const office = province.jurisdiction(c.jurisdiction).office.name;
  return {
    id: `owner-result:${c.caseNumber}:${result.concludedAt}`,
    kind: 'notice',
    caseNumber: c.caseNumber,
    to: [owner.email],
    fromName: office,
    subject: `【包案事项已答复】${c.caseNumber} — ${unit}`,
    text: [
      `${owner.name}：`,
      '',
      `您包案的信访事项 ${c.caseNumber}（主题：${c.subject ?? '无主题'}）已由${unit}办结，并于${formatChinaDateTime(at)}书面答复信访人（${DELIVERY_WORDS[delivery]}）。`,
      '',
      `办理结果：${OUTCOME_LABELS[result.outcome]}`,
      `处理意见：${result.decision}`,
      '',
      '请关注信访人是否息诉罢访；回访结果和复查、复核申请将在事项中显示。',
      '',
      `查看事项：${province.config.mail.consoleUrl}/cases/${c.caseNumber}`,
      '',
      '本邮件由系统自动发送。',
      office,
    ].join('\n'),
    autoSubmitted: 'auto-generated',
  };
}

function resultReportMail(province: Province, c: Case, to: string, delivery: DecisionLetter['delivery'], at: string, idTail: string): NotificationInput {
  const result = c.result!;
  const superior = province.jurisdiction(to).office;
  const unit = result.unit ? province.unit(result.unit).name : province.jurisdiction(c.jurisdiction).office.name;
  const letter = renderTemplate('resultReport', province.templateFor('resultReport', c.jurisdiction), {
    caseNumber: c.caseNumber,
    office: superior.name,
    relation: relationOf(c, to),
    unit,
    subject: c.subject ?? '（无主题）',
    outcome: OUTCOME_LABELS[result.outcome],
    facts: result.facts,
    basis: result.basis,
    decision: result.decision,
    repliedAt: formatChinaDateTime(at),
    delivery: DELIVERY_WORDS[delivery],
    caseLink: `${province.config.mail.consoleUrl}/cases/${c.caseNumber}`,
  });
  return {
    id: `report-back:${c.caseNumber}:${result.concludedAt}${idTail}`,
    kind: 'notice',
    caseNumber: c.caseNumber,
    to: [superior.mailbox],
    fromName: province.jurisdiction(c.jurisdiction).office.name,
    subject: letter.subject,
    text: letter.body,
    autoSubmitted: 'auto-generated',
  };
}
