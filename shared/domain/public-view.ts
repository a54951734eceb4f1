import { isAllowed } from './lifecycle.js';
import { OPEN_STATUSES, type Case, type CaseEvent, type CaseStatus, type ChaseState } from './case.js';
import { formatChinaDateTime, formatChinaLastDay, formatDay } from './case-number.js';
import { CHANNEL_LABELS } from './labels.js';
import type { WorkClock } from './work-clock.js';
import { postalLetterName } from './postal.js';
import { nextReviewRequestBy, unsatisfiedLeadsTo, type ReviewNow } from './closing.js';

/**
 * What a petitioner sees of their own case on the tracking page (网上查询):
 * where it stands in plain words, who handles it (office and unit, never a
 * person), the clock, and the steps a petitioner is told of anyway by letter.
 * Built from the case and its events by leaving out, never by redacting:
 * no staff name, internal note, triage reason, accused unit, reminder or
 * escalation, message text or audit line can reach it.
 */
export interface PublicCaseView {
  caseNumber: string;
  subject?: string;
  channel: string;
  receivedAt: string;
  status: string;
  /** What the status means for the petitioner, in a sentence. */
  explanation: string;
  office: string;
  unit?: string;
  /** While a review (复查) or re-review (复核) waits: what it is and the office of the level deciding it. */
  reviewer?: { kind: '复查' | '复核'; office: string };
  /** `最迟应于 2027年2月1日办结` (the last day itself allowed), or that the time passed. */
  clock?: { text: string; overdue: boolean };
  steps: { at: string; text: string }[];
  /** Whether a decision letter (信访处理意见书) can be read and printed. */
  letter: boolean;
}

/**
 * What the petitioner may do on the tracking page now, as allowedActions
 * says for staff: from the case alone, by the same rules the actions apply
 * (a request refused for what it carries still comes back with its reason).
 */
export interface CitizenActions {
  /** 补充材料: while the case is still worked (OPEN_STATUSES). */
  material: boolean;
  /** 评价 (满意 / 不满意): the reply is out and this round's follow-up is not answered. */
  evaluate: boolean;
  /** With `evaluate`: what 不满意 does to this answer (unsatisfiedLeadsTo) — handled again by the unit, or only recorded. */
  unsatisfied?: 'handledAgain' | 'recordedAfterReview' | 'recordedFinal';
  /** 申请复查 / 复核: after the reply, within its window, with a level above; the last day and the office that would review. */
  review?: { kind: '复查' | '复核'; lastDay: string; office: string };
  /**
   * 撤回: before the answer, as staff may record it (the lifecycle's withdraw) — not for a
   * collective petition, which its representatives withdraw together, at the office.
   */
  withdraw: boolean;
}

/**
 * The actions open to the petitioner at `at`. `reviewer` names the office of
 * the level that would review, undefined when there is none (or the matter is final).
 */
export function citizenActions(c: Case, now: ReviewNow, reviewer: (c: Case) => string | undefined): CitizenActions {
  const replied = c.status === 'replied' || c.status === 'closed';
  const by = nextReviewRequestBy(c, now.limits);
  const office = replied && by && now.at < by ? reviewer(c) : undefined;
  const evaluate = replied && c.followUp !== undefined && !c.followUp.answeredAt;
  return {
    material: OPEN_STATUSES.has(c.status),
    withdraw: isAllowed('withdraw', c.status) && !c.collective,
    evaluate,
    ...(evaluate ? { unsatisfied: unsatisfiedLeadsTo(c, reviewer(c) !== undefined) } : {}),
    ...(office && by ? { review: { kind: c.reviewLevel === 0 ? '复查' : '复核', lastDay: formatChinaLastDay(by), office } } : {}),
  };
}

const STATUS_WORDS: Readonly<Record<CaseStatus, { status: string; explanation: string }>> = {
  registered: { status: '已登记，待受理', explanation: '信访机构正在审查是否受理，并将告知您结果。' },
  accepted: { status: '已受理', explanation: '您的信访事项已受理，正在确定承办单位。' },
  declined: { status: '不予受理', explanation: '该事项不予受理，理由见下方办理过程。' },
  redirected: { status: '已告知向有权机关提出', explanation: '该事项应由其他机关依法处理，请按告知的途径提出。' },
  assigned: { status: '已交承办单位办理', explanation: '承办单位已收到您的信访事项。' },
  inProgress: { status: '承办单位正在办理', explanation: '承办单位正在调查核实、依法办理。' },
  concluded: { status: '已办结，待书面答复', explanation: '承办单位已办结，将向您出具书面答复意见。' },
  replied: { status: '已书面答复', explanation: '处理意见书已出具，可在下方阅读、打印。' },
  underReview: { status: '复查中', explanation: '上一级机关正在复查处理意见。' },
  underReReview: { status: '复核中', explanation: '上一级机关正在复核复查意见。' },
  closed: { status: '已办结', explanation: '该信访事项已办理完毕。' },
  archived: { status: '已办结归档', explanation: '该信访事项已办理完毕并立卷归档。' },
  withdrawn: { status: '已撤回', explanation: '您已撤回该信访事项，办理终止。如有新的情况，可以重新提出。' },
};

/** The status in a petitioner's words: what a reply leads to next depends on the reviews decided so far, and on whether its window is still open at `at`. */
function statusWords(c: Case, now: ReviewNow | undefined, askReview?: string): { status: string; explanation: string } {
  const words = STATUS_WORDS[c.status];
  // The last day the letter stated (counted by the jurisdiction's own limit), or the later day a holiday published since rolls it to.
  const by = now ? nextReviewRequestBy(c, now.limits) : c.reply?.reviewRequestBy;
  const next = c.reviewLevel > 0 ? '复核' : '复查';
  const lapsed = by !== undefined && now !== undefined && Date.parse(now.at) >= Date.parse(by);
  // 最迟于: the last day is itself allowed, which 在…前 leaves in doubt.
  const way = lapsed
    ? `请求${next}的期限已于${formatChinaLastDay(by)}届满。`
    : by
      ? `不服的，可以请求${next}，最迟于${formatChinaLastDay(by)}提出。`
      : askReview
        ? `不服的，${askReview}`
        : `不服的，可依法请求${next}。`;
  if (c.status === 'replied' && c.reviewLevel > 0) {
    // After a 复查 (its letter, or a new 处理意见 after the matter was handled again) the next step is 复核; after a 复核, none.
    const explanation = c.reviewLevel === 2 ? '复核意见书已出具，可在下方阅读、打印。复核意见为最终意见。' : `书面意见已出具，可在下方阅读、打印。${way}`;
    return { ...words, explanation };
  }
  // A policy question is answered (答复意见书, shared/app/closing/letters.ts), not decided.
  if (c.status === 'replied') return { ...words, explanation: `${c.category === 'consultation' ? '答复意见书' : '处理意见书'}已出具，可在下方阅读、打印。${way}` };
  if (c.status === 'underReReview') return { ...words, explanation: '上一级机关正在复核。' };
  return words;
}

/** The clocks' deadlines as a petitioner reads them. */
const CLOCK_WORDS: Readonly<Record<ChaseState['clock'], string>> = {
  acceptance: '作出是否受理的决定',
  handling: '办结',
  reply: '书面答复',
  reviewDecision: '作出复查意见',
  reReviewDecision: '作出复核意见',
};

/** The steps of a case a petitioner is told of; every other event is left out. */
function stepText(event: CaseEvent, later: readonly CaseEvent[] = []): string | undefined {
  const reason = event.reason ? `：${event.reason}` : '';
  switch (event.type) {
    case 'registered':
      return `收到并登记（${CHANNEL_LABELS[(event.detail?.channel as keyof typeof CHANNEL_LABELS) ?? 'web'] ?? '网上信访'}）`;
    case 'accepted':
      return '受理';
    case 'declined':
      return `不予受理${reason}`;
    case 'withdrawn':
      return '信访人撤回，办理终止';
    case 'reinstated':
      return '撤回并非本人意愿，恢复办理';
    case 'redirected':
      return `告知向有权处理的机关提出${typeof event.detail?.toBody === 'string' ? `：${event.detail.toBody}` : ''}`;
    case 'assigned':
      return '交承办单位办理';
    // 签收: the unit has the matter in hand (its note is internal, like its other working notes).
    case 'started':
      return '承办单位签收，开始办理';
    case 'transferred':
      // Before acceptance it goes to the body that decides (转送); once accepted, to another body to handle it (转办), as the petitioner's letter says.
      return event.from === undefined || event.from === 'registered' ? '转送有权处理的机关办理' : '转办，由其他承办单位或机关办理';
    case 'extensionApproved':
      return `办理期限延长${typeof event.detail?.days === 'number' ? ` ${event.detail.days} 日` : ''}${reason ? `，理由${reason}` : ''}`;
    case 'concluded':
      return '办结';
    case 'replied':
      return '出具书面答复意见';
    // As the letter asked it: what is needed and by when (the 补充材料 form on this page is one way to send it).
    case 'materialRequested':
      return typeof event.detail?.needed === 'string' ? `请您补充材料${typeof event.detail.by === 'string' ? `（请于${formatDay(event.detail.by)}前提供）` : ''}：${event.detail.needed}` : undefined;
    // 办理进展 the author chose to tell the petitioner (告知信访人), as written; every other note is internal.
    case 'noteAdded':
      return event.detail?.kind === 'progress' && event.detail.toldPetitioner === true && typeof event.detail.text === 'string' ? `办理进展：${event.detail.text}` : undefined;
    // The petitioner's own acts, so they can see each was received: material they added (when proven theirs), an evaluation.
    case 'messageReceived': {
      const answering = Array.isArray(event.detail?.answersMaterialRequests) ? '，已作为所请补充的材料' : '';
      if (typeof event.detail?.repeat === 'string') return `再次反映同一事项，内容并入本件办理${answering}`;
      if (event.detail?.senderVerified !== true) return undefined;
      // A reply acted on by itself is their answer to our letter, not material: said as what it was.
      if (event.detail.actedOn === 'followUp') return '收到您对回访的答复（回复电子邮件）';
      if (event.detail.actedOn === 'review') return `收到您的${reviewAsked(later)}申请（回复电子邮件）`;
      return `收到补充材料（${event.detail.via === 'web' ? '网上信访' : '电子邮件'}${typeof event.detail.attachments === 'number' && event.detail.attachments > 0 ? `，附件 ${event.detail.attachments} 个` : ''}${answering}）`;
    }
    case 'followUpAnswered':
      return `评价办理结果：${event.detail?.satisfied === true ? '满意' : '不满意'}`;
    case 'reviewRequested':
      return '申请复查';
    case 'reviewDecided':
      return '作出复查意见';
    case 'reReviewRequested':
      return '申请复核';
    case 'reReviewDecided':
      return '作出复核意见';
    case 'reopened':
      if (event.detail?.decisionWithdrawn) return `撤销原${event.detail.decisionWithdrawn === 'declined' ? '不予受理' : '告知'}决定，重新审查是否受理`;
      return event.detail?.followUp === true ? '评价办理结果：不满意，重新办理' : '重新办理';
    // As the letters told them: the reason was in the 中止告知.
    case 'suspended':
      return `期限中止计算${reason}`;
    case 'resumed':
      return '期限恢复计算，相应顺延';
    case 'closed':
      return '结案';
    // The day staff recorded (the letter left, arrived, the call was made), not the moment they keyed it in: the review window counts from it.
    case 'letterPosted':
      return `《${letterName(event)}》${onDay(event.detail?.postedOn)}寄出`;
    case 'letterReceived':
      return `《${letterName(event)}》${onDay(event.detail?.receivedOn)}签收`;
    case 'letterHandedOver':
      return `《${letterName(event)}》${onDay(event.detail?.handedOn)}当面送达`;
    case 'letterPhoned':
      return event.detail?.unreachable ? `电话联系未果，《${letterName(event)}》留存备取` : `${onDay(event.detail?.toldOn)}电话告知《${letterName(event)}》`;
    default:
      return undefined;
  }
}

const letterName = (event: CaseEvent) => postalLetterName(typeof event.detail?.kind === 'string' ? event.detail.kind : undefined);

/**
 * Which request an emailed 复查/复核 was: the request it made (the next one recorded, before
 * another such email or its refusal); 复查或复核 when none followed (refused as late or final:
 * a request made later another way is not this email's).
 */
function reviewAsked(later: readonly CaseEvent[]): string {
  const next = later.find(
    (e) =>
      e.type === 'reviewRequested' ||
      e.type === 'reReviewRequested' ||
      (e.type === 'messageReceived' && e.detail?.actedOn === 'review') ||
      (e.type === 'noted' && e.detail?.reviewRequestRefused === true),
  );
  if (next?.type === 'reviewRequested') return '复查';
  if (next?.type === 'reReviewRequested') return '复核';
  return '复查或复核';
}

/** `于2026年12月9日` for a recorded China day; nothing when the event carries none. */
const onDay = (day: unknown) => (typeof day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(day) ? `于${formatDay(day)}` : '');

/**
 * The public view of a case. `office` and `unit` are names the caller looked
 * up (the jurisdiction's petitions office, the lead unit); `clock` is the
 * running clock as work lists count it.
 */
export function publicCaseView(
  c: Case,
  events: readonly CaseEvent[],
  names: {
    office: string;
    unit?: string;
    reviewer?: { kind: '复查' | '复核'; office: string };
    /**
     * Where the window has no last day to state (an anonymous petitioner, a
     * letter not yet received): how and within what period to ask, as the
     * letter says it — a sentence following 不服的，.
     */
    askReview?: string;
  },
  clock: (WorkClock & { clock: string }) | undefined,
  /** Now: a review window that has passed is said to have passed. */
  now?: ReviewNow,
): PublicCaseView {
  const words = statusWords(c, now, names.askReview);
  const lastDay = clock ? formatDay(clock.lastDay) : undefined;
  const what = clock ? CLOCK_WORDS[clock.clock as ChaseState['clock']] : undefined;
  return {
    caseNumber: c.caseNumber,
    ...(c.subject ? { subject: c.subject } : {}),
    channel: CHANNEL_LABELS[c.channel],
    receivedAt: formatChinaDateTime(c.receivedAt),
    status: words.status,
    explanation: words.explanation,
    office: names.office,
    ...(names.unit ? { unit: names.unit } : {}),
    ...(names.reviewer ? { reviewer: names.reviewer } : {}),
    ...(clock && lastDay && what ? { clock: clockWords(clock, provisionalDay(c, clock.clock, lastDay), what) } : {}),
    steps: [...events]
      .sort((a, b) => a.seq - b.seq)
      .flatMap((event, i, sorted) => {
        const text = stepText(event, sorted.slice(i + 1));
        return text ? [{ at: formatChinaDateTime(event.at), text }] : [];
      }),
    letter: Boolean(c.reply?.letterId),
  };
}

/** The last day as the letters give it: 约 while its year's holidays are not published (the deadline is provisional). */
function provisionalDay(c: Case, clock: string, lastDay: string): string {
  return (c.deadlines.provisional ?? []).some((p) => p === clock) ? `${lastDay}（约，当年节假日安排公布后确定）` : lastDay;
}

/** The running clock in a sentence: by when, overdue, or standing still (中止: the deadline moves on when it resumes). */
function clockWords(clock: WorkClock, lastDay: string, what: string): { text: string; overdue: boolean } {
  if (clock.suspended) return { text: `期限中止计算（原最迟应于 ${lastDay}${what}），恢复计算后相应顺延`, overdue: false };
  return clock.overdue ? { text: `最迟应于 ${lastDay}${what}，已超过期限，信访机构正在督办`, overdue: true } : { text: `最迟应于 ${lastDay}${what}`, overdue: false };
}
