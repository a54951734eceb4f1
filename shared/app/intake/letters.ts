import { addressedAs, writtenForWords, type Case, type CaseEvent } from '../../domain/case.js';
import { formatChinaDateTime, formatChinaLastDay } from '../../domain/case-number.js';
import type { DeadlineClock } from '../../domain/deadline-explanation.js';
import { CLOCK_START_WORDS, explainClock, explanationSentence, periodWords } from '../../domain/explain-deadline.js';
import { limitAndSource, limitRuleWords } from '../../domain/time-limits.js';
import { actingJurisdiction, nextReviewOrNone, nextReviewRequestBy, reviewWindowOpen } from '../../domain/closing.js';
import { petitionerIntent } from '../../domain/mail/intent.js';
import { renderTemplate } from '../../domain/templates.js';
import { withUrgentResponse } from '../../domain/urgent-response.js';
import type { Province } from '../../domain/province.js';
import type { NotificationInput } from '../notification.js';
import { leaderEmails } from '../may-read.js';
import { urgentRecipients } from './urgent-recipients.js';
import { isHeadCountWord, petitionUrgency } from '../../domain/mail/urgency.js';
import { refusalGround } from '../../domain/mail/attachment-policy.js';
import { urgencyRules } from './urgent-precheck.js';

/**
 * The mail intake sends, worded by each office's templates. Ids are derived
 * from the case (and message), so re-sending after a redelivery is recognised.
 */
/**
 * The acknowledgement (登记回执). `trackingNote` is a web petitioner's
 * paragraph on tracking (their query code), put in the body before the
 * signature; others are told where to take a code with their address.
 */
export function acknowledgement(province: Province, c: Case, replyingTo?: string, trackingNote?: string): NotificationInput | undefined {
  const to = c.petitioner.email;
  if (!to || c.petitioner.anonymous) return undefined;
  const office = province.jurisdiction(c.receivingOffice).office;
  const about = { channel: c.channel, ...(c.category ? { category: c.category } : {}) };
  const settings = province.timeLimitsFor(c.receivingOffice);
  const acceptanceRule = limitRuleWords('acceptance', limitAndSource('acceptance', settings, about));
  // Not yet known who will handle it: an office with a 自办 and a 交办 limit (byHandling) states both.
  const selfHandled = limitAndSource('handling', settings, { ...about, handling: 'selfHandled' });
  const assigned = limitAndSource('handling', settings, { ...about, handling: 'assigned' });
  const oneLimit = periodWords(selfHandled.limit) === periodWords(assigned.limit);
  const handlingDays = oneLimit ? periodWords(selfHandled.limit) : `${periodWords(selfHandled.limit)}（由本机关自办的）或${periodWords(assigned.limit)}（转办、交办的）`;
  const handlingRule = limitRuleWords('handling', assigned.source === 'handling' || oneLimit ? assigned : selfHandled);
  const refused = c.refusedAttachments ?? [];
  const forWhom = writtenForWords(c.petitioner);
  const acceptanceDeadline = c.deadlines.acceptance ? formatChinaLastDay(c.deadlines.acceptance) : '法定期限内';
  const acceptanceDeadlineBasis = deadlineBasis(c, 'acceptance');
  const handlingRuleWords = handlingRule === acceptanceRule ? '' : `${handlingRule}，`;
  const undecided = `${acceptanceRule}，我们最迟于${acceptanceDeadline}决定是否受理并书面告知您；受理后，${handlingRuleWords}一般在${handlingDays}内办结（情况复杂的，经批准可以延长，并告知您理由）。${acceptanceDeadlineBasis}`;
  const letter = renderTemplate('acknowledgement', province.templateFor('acknowledgement', c.receivingOffice), {
    caseNumber: c.caseNumber,
    office: office.name,
    petitionerName: addressedAs(c.petitioner),
    subject: c.subject ?? '（无主题）',
    petition: c.channel === 'web' ? '网上信访事项' : '电子邮件',
    // 代为反映: the writer is told whose matter was registered.
    writtenFor: forWhom ? `代${forWhom}` : '',
    // A web petitioner's note (its query code) comes from the portal; others ask for a code with this address.
    tracking: trackingNote ?? (c.channel === 'web' ? '' : `如需在网上查询办理进展，可在 ${province.config.mail.publicUrl}/public/track/code 凭登记编号和本邮箱领取查询码。`),
    receivedAt: formatChinaDateTime(c.receivedAt),
    // A person in danger must not wait for a letter: told it was reported at once, and where help comes now.
    // Urgent only for the number of people (a peaceful joint letter): reported at once, without the words of danger.
    urgent: !c.urgent
      ? ''
      : urgentOnlyForItsSize(c)
        ? '\n\n您反映的事项涉及群众人数较多，我们已即时报告有关负责同志，将依法及时处理。'
        : '\n\n您反映的情况可能危及人身安全或需要紧急处置，我们已即时报告有关负责同志处置。如您或他人正面临生命危险或正在发生违法犯罪，请立即拨打110报警（火警119、急救120），不要等待本邮件的答复。',
    acceptanceDeadline,
    acceptanceDeadlineBasis,
    handlingDays,
    acceptanceRule,
    handlingRule: handlingRuleWords,
    nextStep: decidedWords(province, c) ?? undecided,
    receivedAttachments: c.attachments.length ? `随信访事项一并收到附件 ${c.attachments.length} 个：${c.attachments.map((a) => a.filename).join('、')}。` : '',
    refusedAttachments: refusedWords(province, office, refused),
  });
  return {
    id: `ack:${c.caseNumber}`,
    kind: 'acknowledgement',
    caseNumber: c.caseNumber,
    to: [to],
    fromName: office.name,
    replyTo: office.mailbox,
    subject: letter.subject,
    text: letter.body,
    ...(replyingTo ? { inReplyTo: replyingTo, references: [replyingTo] } : {}),
    autoSubmitted: 'auto-replied',
  };
}

/**
 * What the acknowledgement says of a case decided in the change that
 * registered it (routing at registration): the decision, and that its letter
 * follows (the mailer sends that letter only after the acknowledgement).
 * Undefined while acceptance is still to be decided where the petition came.
 */
function decidedWords(province: Province, c: Case): string | undefined {
  const officeOf = (jurisdiction: string) => (jurisdiction === c.receivingOffice ? '我们' : province.jurisdiction(jurisdiction).office.name);
  const holder = officeOf(c.jurisdiction);
  switch (c.status) {
    case 'registered':
      // Handed down to the office below (属地管理、分级负责), which decides its acceptance; the 转送告知 says by when.
      // Not one sent up, away from an office the report accuses: that office does not say where it went (第三十条).
      if (c.jurisdiction === c.receivingOffice || !province.tree.isWithin(c.jurisdiction, c.receivingOffice)) return undefined;
      // The 转送告知 is written only where the case came to rest, on that office's triage list (handedDownTold). Handed down
      // but not yet routed there (its model could not be read), the router decides later, and may write a 受理告知 instead.
      return `经审查，按照属地管理、分级负责的原则，该事项已转送${holder}，由其依法决定是否受理并书面告知您。${c.triage ? '《转送告知》随后另行发送给您。' : ''}`;
    case 'declined':
      return '经审查，该事项不予受理。理由和依据见随后另行发送给您的《不予受理告知》。';
    case 'redirected':
      return '经审查，该事项应当向有权处理的机关提出。向哪个机关提出、如何提出，见随后另行发送给您的书面告知。';
    default:
      // The office that accepted it, as its 受理告知 says (it signs it): the one that handed it to its unit (assignedBy),
      // not the one holding it now — a township with no unit for the matter accepts it and transfers it up to the county's.
      return `经审查，${officeOf(c.assignedBy?.jurisdiction ?? c.jurisdiction)}已决定受理该事项。《受理告知书》随后另行发送给您，载明办理单位和办理期限。`;
  }
}

/**
 * The files the intake refused, each group with the advice that fits it: a
 * file too large is compressed or split, or brought or posted to the office
 * on a USB stick or disc; one over the count is sent apart; one of a refused
 * type or content is sent in a common format.
 */
export function refusedWords(province: Province, office: { name: string; address?: string | undefined }, refused: readonly { filename: string; reason: string }[]): string {
  if (refused.length === 0) return '';
  const list = (ground: ReturnType<typeof refusalGround>) => refused.filter((r) => refusalGround(r.reason) === ground).map((r) => `- ${r.filename}：${r.reason}`);
  const perFile = Math.round(province.config.mail.attachments.maxBytes / 1024 / 1024);
  const where = `${office.name}${office.address ? `（${office.address}）` : ''}`;
  const advice = {
    size: `以下附件超过大小限制（每个不超过 ${perFile} MB），未能接收。如需提交，请压缩（例如降低视频的分辨率）或分成几个较小的文件，回复本邮件分别发送；也可以拷贝到U盘或光盘，送到或邮寄到${where}：`,
    count: '以下附件超过数量限制，未能接收。如需提交，请回复本邮件分批发送：',
    format: '以下附件未能接收，如需提交请改用常见格式（图片、PDF、Word 文档）或另行邮寄：',
  } as const;
  const groups = (['size', 'count', 'format'] as const).flatMap((ground) => {
    const files = list(ground);
    return files.length ? [`${advice[ground]}\n${files.join('\n')}`] : [];
  });
  return `\n${groups.join('\n\n')}\n`;
}

/**
 * To a proven petitioner whose email added material with files to their case:
 * what was kept with the case, and each file refused with the advice for it
 * (the acknowledgement's words), so nothing they sent goes missing unsaid.
 */
export function materialReceived(
  province: Province,
  c: Case,
  material: {
    messageId: string;
    receivedAt: string;
    attachments: readonly { filename: string }[];
    refused: readonly { filename: string; reason: string }[];
    replyingTo?: string | undefined;
    /** The mail was also a request acted on (a 复查 request, a follow-up answer, 撤回): its files go with that request, not to the unit's handling. */
    withRequest?: boolean;
  },
): NotificationInput | undefined {
  const to = c.petitioner.anonymous ? undefined : c.petitioner.email;
  if (!to) return undefined;
  const office = province.jurisdiction(actingJurisdiction(c)).office;
  const { attachments, refused } = material;
  const kept = attachments.length ? `收到附件 ${attachments.length} 个：${attachments.map((a) => a.filename).join('、')}，已一并归入该事项。` : '';
  return {
    id: `material-received:${c.caseNumber}:${material.messageId}`,
    kind: 'notice',
    caseNumber: c.caseNumber,
    to: [to],
    fromName: office.name,
    replyTo: office.mailbox,
    subject: `【${c.caseNumber}】您补充的材料已收到 — ${office.name}`,
    text: [
      `${addressedAs(c.petitioner)}：`,
      '',
      `您于${formatChinaDateTime(material.receivedAt)}发来的补充材料已收到，已归入您的信访事项（登记编号 ${c.caseNumber}，主题：${c.subject ?? '无主题'}），${material.withRequest ? '随您在邮件中提出的请求一并处理' : '由承办单位一并办理'}。${kept}`,
      refusedWords(province, office, refused),
      '本邮件由系统自动发送。',
      office.name,
    ].join('\n'),
    ...(material.replyingTo ? { inReplyTo: material.replyingTo, references: [material.replyingTo] } : {}),
    autoSubmitted: 'auto-replied',
  };
}

/** How a deadline of the case was counted, in one sentence for a letter (empty when the case has no explanation stored). */
export function deadlineBasis(c: Case, clock: DeadlineClock, ruleOwner?: string): string {
  const explained = explainClock(c, clock);
  return explained ? explanationSentence(explained.explanation, CLOCK_START_WORDS[clock], ruleOwner) : '';
}

/**
 * The jurisdiction whose own limit a clock of the case was counted by, when it
 * is not the office signing the letter: a case 淳安县 accepted on its 30 days and
 * transferred to 杭州市 keeps them, and every letter 杭州市信访局 signs (受理告知,
 * 转办告知, 延期, 催办, 督办) must say 淳安县规定, not 本地 or 本机关.
 */
export function limitOwner(province: Province, c: Case, clock: DeadlineClock, signer: string): string | undefined {
  const rule = c.deadlines.explanations?.[clock]?.rule;
  if (rule?.source !== 'jurisdiction' || !rule.sourceKey || rule.sourceKey === signer) return undefined;
  return province.jurisdiction(rule.sourceKey).name;
}

/** Urgent because of its head count alone (collectiveUrgency's 集体信访N人), no word of danger in it. */
function urgentOnlyForItsSize(c: Case): boolean {
  const words = c.intakeFlags?.urgentWords ?? [];
  return words.length > 0 && words.every(isHeadCountWord);
}

/** Urgent matters are reported to the responsible leaders at once (some offices require a response within 30 minutes). */
export function urgentAlert(province: Province, c: Case, urgentWords: readonly string[]): NotificationInput | undefined {
  const received = province.jurisdiction(c.receivingOffice);
  // The leaders who hold the matter: not an accused level's, nor a township's that has none (urgentRecipients).
  const { level, to, why } = urgentRecipients(province, c);
  const letter = renderTemplate('urgentAlert', province.templateFor('urgentAlert', level), {
    caseNumber: c.caseNumber,
    office: received.office.name,
    subject: c.subject ?? '（无主题）',
    receivedAt: formatChinaDateTime(c.receivedAt),
    urgentWords: urgentWords.join('、'),
    caseLink: `${province.config.mail.consoleUrl}/cases/${c.caseNumber}`,
    responseBy: responseBy(c),
    why: why ? `${why}\n\n` : '',
  });
  return { id: `urgent:${c.caseNumber}`, kind: 'urgentAlert', caseNumber: c.caseNumber, to, fromName: province.jurisdiction(level).office.name, subject: letter.subject, text: letter.body, autoSubmitted: 'auto-generated' };
}

/** The urgent case with its response clock (the province's urgentResponseMinutes from the alert at `at`). */
export function withUrgentResponseOf(province: Province, c: Case, at: string): Case {
  const timed = withUrgentResponse(c, at, province.config.defaults.urgentResponseMinutes);
  if (!timed.urgentResponse || timed.urgentResponse.alertedTo || timed === c) return timed;
  // Whom the alert tells, kept: the case may move (the router, a report found to accuse the level) before the re-alert.
  return { ...timed, urgentResponse: { ...timed.urgentResponse, alertedTo: urgentRecipients(province, c).leadersOf } };
}

const responseBy = (c: Case): string => (c.urgentResponse ? `于${formatChinaDateTime(c.urgentResponse.dueAt)}前` : '立即');

/**
 * 紧急响应 overdue (条例 第二十五条): nobody recorded a response to the alert in
 * time; the receiving office's leaders are told again, and the office of the
 * level above (its mailbox and its leader in charge of petitions). By the
 * urgent lane, as the alert.
 */
export function urgentUnansweredAlert(province: Province, c: Case): NotificationInput | undefined {
  if (!c.urgentResponse) return undefined;
  const received = province.jurisdiction(c.receivingOffice);
  // The same leaders and offices as the alert, and the level above theirs.
  const alerted = urgentRecipients(province, c);
  const parent = province.tree.parentOf(alerted.level);
  const to = [
    ...alerted.to,
    ...(parent ? [...leaderEmails(province, c, parent.code, ['inChargeOfPetitions']), province.jurisdiction(parent.code).office.mailbox] : []),
  ];
  const letter = renderTemplate('urgentUnanswered', province.templateFor('urgentUnanswered', alerted.level), {
    caseNumber: c.caseNumber,
    office: received.office.name,
    subject: c.subject ?? '（无主题）',
    receivedAt: formatChinaDateTime(c.receivedAt),
    alertedAt: formatChinaDateTime(c.urgentResponse.alertedAt),
    alertedTo: c.urgentResponse.alertedTo ?? alerted.leadersOf,
    responseBy: responseBy(c),
    caseLink: `${province.config.mail.consoleUrl}/cases/${c.caseNumber}`,
  });
  return { id: `urgent-unanswered:${c.caseNumber}`, kind: 'urgentAlert', caseNumber: c.caseNumber, to: [...new Set(to)], fromName: province.jurisdiction(alerted.level).office.name, subject: letter.subject, text: letter.body, autoSubmitted: 'auto-generated' };
}

/** Tells whoever works the case that the petitioner sent more material: by replying to our mail, or from the portal (补充材料). */
/** The material answers the requests made of the petitioner (请信访人补充材料): said to whoever asked, with when it was asked. */
function answeringWords(c: Case, messageId: string): string {
  const answered = (c.materialRequests ?? []).filter((r) => r.answeredBy === messageId);
  return answered.length ? `（答复${answered.map((r) => `${formatChinaDateTime(r.requestedAt)}请其补充材料（${r.needed.length > 30 ? `${r.needed.slice(0, 30)}…` : r.needed}）`).join('、')}的要求）` : '';
}

export function petitionerMessageNotice(
  province: Province,
  c: Case,
  messageId: string,
  receivedAt: string,
  /** How it came, as the notice says it: by email, on the portal, or in words of the caller's own (a repeat's). */
  via: 'email' | 'web' | { how: string } = 'email',
): NotificationInput {
  // During a review the reviewing level's office works the case, not the unit that handled it.
  const holder = actingJurisdiction(c);
  const jurisdiction = province.jurisdiction(holder);
  // A lead unit the petitioner now accuses is not told of the new material; the office is (条例第三十条). Nor is a unit
  // told to stop after a withdrawal (撤回): the office judges what a petitioner who withdrew writes now.
  const lead = holder === c.jurisdiction && c.handling && !c.accusedUnits?.includes(c.handling.lead) && c.status !== 'withdrawn' ? c.handling.lead : undefined;
  const to = province.mailboxOf(holder, lead);
  const letter = renderTemplate('petitionerMessage', province.templateFor('petitionerMessage', c.jurisdiction), {
    caseNumber: c.caseNumber,
    office: jurisdiction.office.name,
    subject: c.subject ?? '（无主题）',
    receivedAt: formatChinaDateTime(receivedAt),
    how: `${typeof via === 'object' ? via.how : via === 'web' ? '在网上信访提交了补充材料' : '回复了邮件'}${answeringWords(c, messageId)}`,
    caseLink: `${province.config.mail.consoleUrl}/cases/${c.caseNumber}`,
  });
  return {
    id: `pmsg:${c.caseNumber}:${messageId}`,
    kind: 'petitionerMessage',
    caseNumber: c.caseNumber,
    to: [to],
    fromName: jurisdiction.office.name,
    subject: letter.subject,
    text: letter.body,
    autoSubmitted: 'auto-generated',
  };
}

/**
 * To the petitioner's address of record, when mail about their case could
 * not be shown to come from them: nothing was done on it, and how to confirm
 * (reply to one of our letters — its reply address carries a code — or come
 * to the office). Never silence, never the action.
 */
export function unverifiedSenderNotice(province: Province, c: Case, messageId: string, reason: string, from?: string, asks = true): NotificationInput | undefined {
  const to = c.petitioner.email;
  if (!to || c.petitioner.anonymous) return undefined;
  // From the office now holding the case (谁承办谁答复): it is the one to confirm with, and the one the reply reaches.
  const office = province.jurisdiction(actingJurisdiction(c)).office;
  const why = reason === 'dmarcFail' || reason === 'virus' ? '该邮件未通过邮件安全检查' : '该邮件不是对本机关发给您的邮件的回复，无法确认发件人是您本人';
  // From another address (a relative writing for them, say): not "in your name" — said as it is, the address masked.
  const other = reason === 'notFromPetitioner' && from ? `${from[0]}***${from.slice(from.lastIndexOf('@'))}` : undefined;
  const received = other
    ? `我们收到一封从另一个邮箱（${other}）发送、涉及您的信访事项（登记编号 ${c.caseNumber}）的邮件。由于发件邮箱不是您登记的邮箱，无法确认是您本人的意思`
    : `我们收到一封以您的邮箱名义发送、涉及您的信访事项（登记编号 ${c.caseNumber}）的邮件。为保护您的权益，${why}`;
  // A request (复查, 回访评价, 撤回) is not acted on; plain material is kept on the case for staff to check — said as it is.
  // A mail that failed the virus scan is not said to have its material kept.
  const body = asks || reason === 'virus'
    ? [
        `您好！${received}，我们已将其存档，但未据此办理任何事项（如申请复查、答复回访评价或撤回信访）。`,
        '',
        '如该邮件确系您本人所发，请直接回复本邮件（或本机关此前发给您的任何一封邮件）重新说明您的要求；您也可以携带身份证件到本机关当面办理，或致电本机关核实。',
        '',
        '如该邮件并非您本人所发，请不必理会，您的信访事项照常办理。',
      ]
    : [
        `您好！${received}。邮件及所附材料已收到，随您的信访事项保存，工作人员核实发件人后，再作为您的补充材料使用。`,
        '',
        '如该邮件确系您本人所发，不必重新发送；可直接回复本邮件说明，或致电本机关，便于工作人员核实。',
        '',
        '如该邮件并非您本人所发，请回复本邮件或致电本机关告知。您的信访事项照常办理。',
      ];
  return {
    id: `unverified:${c.caseNumber}:${messageId}`,
    kind: 'notice',
    caseNumber: c.caseNumber,
    to: [to],
    fromName: office.name,
    replyTo: office.mailbox,
    subject: `【${c.caseNumber}】关于您的信访事项收到的一封邮件`,
    text: [`${addressedAs(c.petitioner)}：`, '', ...body, '', '本邮件由系统自动发送。', office.name].join('\n'),
    autoSubmitted: 'auto-generated',
  };
}

/**
 * An email asking for a review (申请复查 / 复核) that could not be shown to
 * come from the petitioner: nothing is registered on it, and the petitioner
 * is told how to confirm — but the office that would decide the review is the
 * one a petitioner may turn to next, in person or by phone. It is told here,
 * with the day the mail came (the day the window counts from, once confirmed).
 */
export function unprovenReviewRequestNotice(province: Province, c: Case, text: string, messageId: string, receivedAt: string): NotificationInput | undefined {
  if ((c.status !== 'replied' && c.status !== 'closed') || !c.reply || petitionerIntent(text)?.kind !== 'review') return undefined;
  // Past the window a confirmed request would be refused too (and is answered so): nothing for the reviewer to register.
  if (!reviewWindowOpen(c, receivedAt, province)) return undefined;
  // The last day as the request itself is judged (a holiday published since may have rolled it on).
  const requestBy = nextReviewRequestBy(c, province);
  // Final, or no level above: the verified request would be refused too; the petitioner's notice says enough.
  const next = nextReviewOrNone(c, (code) => province.tree.parentOf(code)?.code);
  if (!next) return undefined;
  const reviewer = province.jurisdiction(next.jurisdiction).office;
  const review = next.level === 1 ? '复查' : '复核';
  return {
    id: `unproven-review:${c.caseNumber}:${messageId}`,
    kind: 'notice',
    caseNumber: c.caseNumber,
    to: [reviewer.mailbox],
    fromName: reviewer.name,
    subject: `【待核实的${review}申请】${c.caseNumber} 发件人未经验证`,
    text: [
      `${reviewer.name}：`,
      '',
      `信访事项 ${c.caseNumber}（主题：${c.subject ?? '无主题'}）已于${formatChinaDateTime(c.reply.at)}书面答复。${formatChinaDateTime(receivedAt)}收到一封以信访人登记邮箱名义发送的邮件，请求${review}，但未能证明发件人就是信访人本人，系统未据此登记${review}申请，并已告知信访人如何确认。`,
      '',
      `贵机关是该事项的${review}机关。信访人经核实确系本人请求${review}的（例如来电、来访确认），请在事项上登记${review}申请，收到日期填写${formatChinaLastDay(receivedAt)}；请求${review}的期限至${requestBy ? formatChinaLastDay(requestBy) : '答复意见书所载日期'}。`,
      '',
      `查看事项：${province.config.mail.consoleUrl}/cases/${c.caseNumber}`,
      '',
      '本邮件由系统自动发送。',
    ].join('\n'),
    autoSubmitted: 'auto-generated',
  };
}

/**
 * Urgent words in what a petitioner adds to a case already registered — a
 * reply, material from the portal, mail joined to a case handled below (第十九条):
 * a threat to life or of a mass incident is reported at once, as a new
 * petition's is (条例 第二十五条). The change's case becomes urgent and its event
 * records the words; its leaders get an alert of this message (its own id:
 * the first alert does not stand for it); and a response is awaited again
 * unless one still is.
 */
export function withUrgentMaterial<T extends { case: Case; event: CaseEvent }>(
  province: Province,
  change: T,
  words: readonly string[],
  /** `receivedBy`: the office whose mailbox the message reached, when not the case's own (第十九条: a level above). */
  message: { id: string; at: string; receivedBy?: string },
): { change: T; alert?: NotificationInput } {
  const urgency = petitionUrgency(words.join('\n'), undefined, urgencyRules(province));
  if (!urgency.urgent) return { change };
  const c = change.case;
  const awaiting = c.urgentResponse !== undefined && !c.urgentResponse.respondedAt;
  const { urgentResponse: _answered, ...rest } = c;
  const next = awaiting ? { ...c, urgent: true } : withUrgentResponseOf(province, { ...rest, urgent: true }, message.at);
  const material = { ...next, receivedAt: message.at, subject: `${c.subject ?? '（无主题）'}（信访人补充来信）` };
  const held = urgentAlert(province, material, urgency.matched);
  // Brought to an office above the one that received the case: that office received a threat too and reports it to its
  // own leaders at once (第二十五条), in its name; the leaders of the case are told in the same alert, as before.
  const receivedAbove = message.receivedBy !== undefined && message.receivedBy !== c.receivingOffice ? urgentAlert(province, { ...material, receivingOffice: message.receivedBy }, urgency.matched) : undefined;
  const alert = receivedAbove && held ? { ...receivedAbove, to: [...new Set([...receivedAbove.to, ...held.to])] } : held;
  return {
    change: { ...change, case: next, event: { ...change.event, detail: { ...change.event.detail, urgentWords: urgency.matched } } },
    ...(alert ? { alert: { ...alert, id: `urgent:${c.caseNumber}:${message.id}` } } : {}),
  };
}

/**
 * To a proven petitioner who wrote that they want to withdraw (撤回): the
 * request is received, the office will check with them that it is their own
 * will, and until then the matter is handled as before — an answer, not
 * silence, while nothing is yet withdrawn.
 */
export function withdrawalRequestReceived(province: Province, c: Case, messageId: string, receivedAt: string): NotificationInput | undefined {
  const to = c.petitioner.anonymous ? undefined : c.petitioner.email;
  if (!to) return undefined;
  const office = province.jurisdiction(actingJurisdiction(c)).office;
  return {
    id: `withdrawal-request-received:${c.caseNumber}:${messageId}`,
    kind: 'notice',
    caseNumber: c.caseNumber,
    to: [to],
    fromName: office.name,
    replyTo: office.mailbox,
    subject: `【${c.caseNumber}】您的撤回申请已收到 — ${office.name}`,
    text: [
      `${addressedAs(c.petitioner)}：`,
      '',
      `您于${formatChinaDateTime(receivedAt)}来信，表示要撤回信访事项（登记编号 ${c.caseNumber}，主题：${c.subject ?? '无主题'}）。`,
      '',
      `撤回须出于您本人的真实意愿。${office.name}将与您核实后办理撤回，并书面告知您；核实之前，您的信访事项照常办理。如您并不想撤回，请直接回复本邮件说明。`,
      '',
      '本邮件由系统自动发送。',
      office.name,
    ].join('\n'),
    autoSubmitted: 'auto-replied',
  };
}

/**
 * 申请撤回 by email or on the portal's material form: the office of the level
 * holding the case records a withdrawal (撤回), once it has checked it is the
 * petitioner's own wish; it is told the petitioner asked, in their words.
 */
export function withdrawalRequestNotice(province: Province, c: Case, messageId: string, receivedAt: string, words: string, verified: boolean): NotificationInput {
  const office = province.jurisdiction(actingJurisdiction(c)).office;
  return {
    id: `withdrawal-request:${c.caseNumber}:${messageId}`,
    kind: 'notice',
    caseNumber: c.caseNumber,
    to: [office.mailbox],
    fromName: office.name,
    subject: `【申请撤回】${c.caseNumber} 信访人来信表示要撤回，请核实 — ${office.name}`,
    text: [
      `${formatChinaDateTime(receivedAt)}，${verified ? '信访人' : '一封未能证明发件人是信访人本人的邮件'}就信访事项 ${c.caseNumber}（主题：${c.subject ?? '无主题'}）来信，表示“${words}”。`,
      '',
      '撤回须出于信访人本人的真实意愿：请与信访人核实后，在事项页“撤回”中记录（方式：书面申请），系统将向信访人发送撤回告知；核实之前，事项照常办理。',
      '',
      `查看事项：${province.config.mail.consoleUrl}/cases/${c.caseNumber}`,
      '',
      '本邮件由系统自动发送。',
      office.name,
    ].join('\n'),
    autoSubmitted: 'auto-generated',
  };
}
