import type { DeadlineClock, DeadlineExplanation } from './deadline-explanation.js';
import type { RoutingSuggestion } from './routing-model.js';

/** Words from docs/domain.md ("Words"); the arrays are the single source for schemas and UI lists. */
export const CHANNELS = ['letter', 'visit', 'phone', 'email', 'web'] as const;
export type Channel = (typeof CHANNELS)[number];

export const CATEGORIES = ['consultation', 'request', 'suggestion', 'complaint', 'report', 'dispute'] as const;
export type Category = (typeof CATEGORIES)[number];

/**
 * 办理结果 (shared/domain/outcome.ts says which a category takes): a request
 * supported or not, a consultation answered, a suggestion adopted or not.
 */
export const SUPPORT_OUTCOMES = ['supported', 'partlySupported', 'notSupported'] as const;
export const CONSULTATION_OUTCOMES = ['answered'] as const;
export const SUGGESTION_OUTCOMES = ['adopted', 'partlyAdopted', 'notAdopted'] as const;
export const OUTCOMES = [...SUPPORT_OUTCOMES, ...CONSULTATION_OUTCOMES, ...SUGGESTION_OUTCOMES] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const CASE_STATUSES = [
  'registered',
  'accepted',
  'declined',
  'redirected',
  'assigned',
  'inProgress',
  'concluded',
  'replied',
  'underReview',
  'underReReview',
  'closed',
  'archived',
  /** 撤回: the petitioner withdrew the matter before it was answered; handling ends (shared/domain/withdrawal.ts). */
  'withdrawn',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Statuses in which a unit still has work to do on the case. */
export const OPEN_STATUSES: ReadonlySet<CaseStatus> = new Set([
  'registered',
  'accepted',
  'assigned',
  'inProgress',
  'concluded',
  'underReview',
  'underReReview',
]);

export const GENDERS = ['male', 'female', 'unspecified'] as const;
export type Gender = (typeof GENDERS)[number];

/** The oldest age a registration takes (年龄): past it, a slip of the keyboard (1999, 200) rather than a person. */
export const MAX_AGE = 120;

/** The person (or lead person of a group) who raised the matter. Only what they gave is recorded. */
export interface Petitioner {
  anonymous: boolean;
  name?: string;
  gender?: Gender;
  age?: number;
  occupation?: string;
  address?: string;
  workUnit?: string;
  email?: string;
  phone?: string;
  /**
   * 代为反映: the petitioner did not write themselves; a relative, or one they
   * entrusted (委托代理人), wrote for them. The contacts above are then the
   * writer's — the only way to reach the matter — and letters address the writer.
   * Absent on a petitioner who wrote themselves (and on every case before it was kept).
   */
  writtenBy?: PetitionWriter;
}

/**
 * 代为反映人 as staff record them at registration (代写, 代访, 代为来电): a daughter for her
 * elderly father, a village cadre for a disabled villager. `relation` is what the
 * petitioner is to the writer, as the mail reader keeps it (父亲, 母亲; 委托人 for one entrusted).
 */
export interface WriterAsRegistered {
  relation: string;
  name?: string;
  phone?: string;
  email?: string;
}

/** 代写人 / 代为反映人: who wrote for the petitioner. */
export interface PetitionWriter {
  /** What the petitioner is to the writer, as the writer put it: 父亲, 母亲, 舅舅; 委托人 when only the entrustment is said. */
  relation: string;
  /** 受…委托: the writer was entrusted (委托代理人, a lawyer among them), not only family. */
  entrusted?: true;
  /** The writer's own name, when they gave it. */
  name?: string;
  /** The address the writer's mail came from (the case's email contact); registered by staff, the email the writer left. */
  email?: string;
  /** The phone the writer left when staff registered the petition (代访, 代为来电); mail keeps a phone in the text on the petitioner. */
  phone?: string;
  /**
   * Registered by staff: the petitioner left a contact of their own, and the contacts above are theirs — letters go
   * to the petitioner, by their name; the writer's contacts here are for staff to call. Absent (every email, a
   * registration where only the writer left a contact): the contacts above are the writer's, and letters address them.
   */
  petitionerOwnContact?: true;
}

/**
 * Whether letters go to the writer (the case's contacts are theirs): a petition written for someone whose
 * petitioner left no contact of their own.
 */
export const writerIsContact = (p: Petitioner): boolean => !p.anonymous && p.writtenBy !== undefined && !p.writtenBy.petitionerOwnContact;

/** Relations a writer's family has to the petitioner, for the salutation 王大山家属. */
const FAMILY = /父|母|爸|妈|爷|奶|外公|外婆|姥|公公|婆婆|岳|丈夫|妻子|老公|老婆|爱人|配偶|儿|女|哥|姐|弟|妹|舅|叔|婶|伯|姑|姨|侄|甥|孙|亲/;

/**
 * The name letters address the petitioner by (the salutation, the 收件人 of a
 * slip): theirs, or `fallback` — 信访人 — for one who left a contact and no
 * name (未留姓名), and for an anonymous one.
 */
export const addressedAs = (p: Petitioner, fallback = '信访人'): string => (p.anonymous ? undefined : p.writtenBy && writerIsContact(p) ? writerAddressedAs(p, p.writtenBy) : p.name) ?? fallback;

/**
 * Letters to a petition written for someone go to the writer (the contact is
 * theirs): by their name, else as 王大山家属 (family) or 委托代理人, else 代为反映人.
 */
function writerAddressedAs(p: Petitioner, writer: PetitionWriter): string {
  if (writer.name) return writer.name;
  if (writer.entrusted) return '委托代理人';
  return p.name && FAMILY.test(writer.relation) ? `${p.name}家属` : '代为反映人';
}

/**
 * Whom a petition written for someone concerns, as a letter to its writer says
 * it after 代 (代父亲王大山, 代王大山): undefined when the petitioner wrote themselves.
 */
export function writtenForWords(p: Petitioner): string | undefined {
  if (!p.writtenBy || !writerIsContact(p)) return undefined;
  const { relation, entrusted } = p.writtenBy;
  if (entrusted && relation === '委托人') return p.name ?? '委托人';
  return `${relation}${p.name ?? ''}`;
}

/** A group raising one matter chooses at most five representatives (《信访工作条例》第二十条). */
export const MAX_REPRESENTATIVES = 5;

/** A collective petition (集体访): head count and at most MAX_REPRESENTATIVES representatives. */
export interface Collective {
  headCount: number;
  representatives: Petitioner[];
  /**
   * The group named more than MAX_REPRESENTATIVES (条例 第二十条): none of
   * them is recorded as a representative, the petitioner is told the rule and
   * the office agrees the representatives with the group (agreeRepresentatives).
   */
  representativesToAgree?: { named: number };
}

/** 撤回信访事项: the petitioner's own declaration, recorded by staff. */
export interface Withdrawal {
  at: string;
  /** The staff member who recorded it; `petitioner` when they withdrew it themselves on the portal. */
  by: string;
  /** How the petitioner declared it: in writing (书面), in person at the office (当面), by phone (电话), or on the portal with their query code (网上). */
  how: 'writing' | 'inPerson' | 'phone' | 'online';
  /** What the petitioner said or wrote (a reason, if they gave one). */
  note: string;
  /** A collective petition's: the representatives who declared it together (all those agreed, 第二十条). */
  representatives?: string[];
  /** The status it was withdrawn from (the work it ended). */
  from: CaseStatus;
}

/** One cooperating unit's opinion to the lead (协办意见). */
export interface CooperationOpinion {
  unit: string;
  opinion: string;
  by: string;
  at: string;
}

/**
 * 条例 第二十三条 for a cooperating unit: its objection to being named
 * (本单位不承担该事项的配合职责), within the 5 working days of the naming,
 * once per naming (`namedAt`), and the decision of the office that named it
 * (`decidesBy`): agreed, it left the cooperating units; refused, it stays.
 */
export interface CooperationObjection {
  unit: string;
  reason: string;
  by: string;
  at: string;
  namedAt: string;
  decidesBy: string;
  status: 'objected' | 'agreed' | 'refused';
  decidedBy?: string;
  decidedAt?: string;
  refusal?: string;
  /** The office's note on agreeing, if it gave one (told to the unit and the lead with the decision). */
  note?: string;
}

/**
 * 请信访人补充材料: what the handler asked the petitioner to send, by when (a
 * China day, optional), and — once material came from them afterwards — the
 * message that answered it (shared/domain/material-request.ts). The handling
 * clock runs on meanwhile: the regulation suspends it for nothing of the kind.
 */
/**
 * 办理记录: a note staff add while working a case — 办理进展 (progress, which
 * the author may tell the petitioner), 调查核实情况 (investigation, internal)
 * or 领导批示 (a leader's instruction, shown to whoever handles the case).
 */
export interface CaseNote {
  /** The event that recorded it (its seq). */
  seq: number;
  kind: 'progress' | 'investigation' | 'instruction';
  text: string;
  by: string;
  at: string;
  /** A progress note the author chose to tell the petitioner (告知信访人): on the tracking page, and by email where they gave one. */
  toldPetitioner?: true;
  /** The API's Idempotency-Key it was added under, and its fingerprint: the same note again adds nothing. */
  noteKey?: string;
  fingerprint?: string;
}

export interface MaterialRequest {
  /** The event that recorded the request (its seq): the history and the answer point at it. */
  seq: number;
  needed: string;
  /** The day (YYYY-MM-DD, China) by which to send it, if the handler set one. */
  by?: string;
  requestedBy: string;
  requestedAt: string;
  /** The API's Idempotency-Key it was made under, and the request's fingerprint: the same request again asks nothing more. */
  requestKey?: string;
  fingerprint?: string;
  /** Material from the petitioner received after the request: when, and the message. */
  answeredAt?: string;
  answeredBy?: string;
}

export interface HandlingUnits {
  lead: string;
  cooperating: string[];
}

export interface CaseDeadlines {
  /** Clocks computed without the holiday calendar of their year (not yet published): recomputed once it is added. */
  provisional?: string[];
  /** Decide acceptance and notify the petitioner (受理告知). */
  acceptance?: string;
  /** Handle and conclude (办结). */
  handling?: string;
  /** Reply after conclusion (答复). */
  reply?: string;
  /** Decide a review (复查) or re-review (复核). */
  reviewDecision?: string;
  reReviewDecision?: string;
  /** When each running clock started: reminders fall at a share of the period. */
  started?: Partial<Record<'acceptance' | 'handling' | 'reply' | 'reviewDecision' | 'reReviewDecision', string>>;
  /** How each deadline was counted, computed with it (shared/domain/explain-deadline.ts). */
  explanations?: Partial<Record<DeadlineClock, DeadlineExplanation>>;
}

/**
 * Where the sweep stands with the clock now running (催办 before the deadline,
 * 督办 step by step after it). Written only by the sweep; a new clock or a
 * moved deadline (an extension) starts it afresh.
 */
export interface ChaseState {
  clock: 'acceptance' | 'handling' | 'reply' | 'reviewDecision' | 'reReviewDecision';
  deadline: string;
  /** Reminders sent, or passed over because a later one was due, for this deadline. */
  reminded: string[];
  /** Escalation steps taken, in order. */
  escalated: string[];
  lastEscalatedAt?: string;
  /**
   * The lead units the unit's own steps (承办人, 承办单位负责人) reached, in order: a case handed to another unit
   * while overdue has them taken again for the unit now holding it. Empty when they reached the office handling it
   * itself (自办); absent in a chase stored by the previous release (see handedOnSinceChased in chase.ts).
   */
  units?: string[];
  /** Steps taken for units that no longer hold the case (their 承办人 and 负责人 steps): counted in the step's number. */
  earlierSteps?: number;
  /** When the sweep next has something to do; absent when nothing is left to do. */
  nextAt?: string;
}

/** The clock a case's status runs — only one at a time; the sweep chases it and screens count it down. */
export const CLOCK_OF_STATUS: Readonly<Partial<Record<CaseStatus, ChaseState['clock']>>> = {
  registered: 'acceptance',
  accepted: 'handling',
  assigned: 'handling',
  inProgress: 'handling',
  concluded: 'reply',
  underReview: 'reviewDecision',
  underReReview: 'reReviewDecision',
};

/** The clocks a suspension (中止) may stop. */
export type SuspendableClock = 'handling' | 'reviewDecision' | 'reReviewDecision';

/** One suspension (中止) of a clock: a hearing (听证), an expert appraisal (鉴定) or another configured ground. */
export interface ClockSuspension {
  clock: SuspendableClock;
  /** `hearing`, `appraisal` or a configured ground's id. */
  ground: string;
  reason: string;
  suspendedAt: string;
  suspendedBy: string;
  /** Absent while the clock stands still. */
  resumedAt?: string;
  resumedBy?: string;
  resumeReason?: string;
  /** How far the deadline moved on resumption: the suspended days as the clock's limit counts them. */
  shift?: { days: number; count: 'calendar' | 'working'; from: string; to: string; countedFrom?: string; countedLastDay?: string; provisional?: true };
}

/**
 * 条例 第二十三条: a unit handed a matter it holds not its own objects (退回)
 * within 5 working days of receiving it; after that a return needs the
 * assigning office. The sweep records the window's end.
 */
export interface ObjectionWindow {
  /** Who may object: the unit's id, or `office:<code>` for a petitions office an office above handed the case down to (officeHolder). */
  unit: string;
  /** The office that handed it over (assignedBy.jurisdiction). */
  from: string;
  receivedAt: string;
  until: string;
  /** When the sweep recorded that the window had run out. */
  closedAt?: string;
  /** An office's window: the clocks the office above had before it handed the case down, which it has again if the case comes back. */
  senderDeadlines?: CaseDeadlines;
}

/**
 * 第二十三条 past the window: the handling unit asks the office that handed
 * it the case (`approvalBy`) to approve its return. Approved, the office
 * returns the case (退回); refused, the unit keeps it and is told why.
 */
export interface ReturnRequest {
  unit: string;
  reason: string;
  requestedBy: string;
  requestedAt: string;
  /** The office whose approval it needs: the one that handed the case over (objectionWindow.from). */
  approvalBy: string;
  status: 'requested' | 'approved' | 'refused';
  /** When the office is reminded of a request still waiting (the province's or the office's working days on); absent: never. */
  remindAt?: string;
  remindedAt?: string;
  decidedBy?: string;
  decidedAt?: string;
  refusal?: string;
}

export interface AttachmentRef {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  /** Object key in the mail/attachment bucket. */
  key: string;
}

export interface Case {
  caseNumber: string;
  /** Division code of the jurisdiction that now holds the case. */
  jurisdiction: string;
  /** Division code of the office that received it. */
  receivingOffice: string;
  channel: Channel;
  category?: Category;
  status: CaseStatus;
  subject?: string;
  /** The matter in the petitioner's words. */
  matter: string;
  petitioner: Petitioner;
  collective?: Collective;
  /**
   * Letters to a petitioner who gave a postal address and no email (受理、不予受理、
   * 延期告知, the decision letter…): kept on the case as messages, printed and
   * posted by staff, who mark each posted. One entry per letter, never removed.
   */
  postalLetters?: PostalLetter[];
  /**
   * 领导包案: the leader who personally owns this major or difficult case
   * (shared/domain/leader-ownership.ts), until another is designated. Every
   * designation is an event; this is the current one.
   */
  leaderOwnership?: LeaderOwnership;
  /** 呈领导阅批: the submissions to leaders for reading, oldest first, each with its state (shared/domain/leader-reading.ts). */
  leaderReadings?: LeaderReading[];
  /**
   * 协办意见: what each cooperating unit sent the lead, in order (a unit may
   * send more than one; its latest stands). The lead answers the petitioner
   * with them in view (shared/domain/cooperation.ts).
   */
  cooperationOpinions?: CooperationOpinion[];
  /** Cooperating units' objections to being named, and the office's decisions (shared/domain/cooperation-objection.ts). */
  cooperationObjections?: CooperationObjection[];
  /** 请信访人补充材料: each request made of the petitioner while the case was handled, in order, and whether material answered it. */
  materialRequests?: MaterialRequest[];
  /** 办理记录: progress, investigation notes and leaders' instructions (批示), in order. */
  notes?: CaseNote[];
  /**
   * 上级督办: the offices among those owed the result (reportBackTo,
   * reportBackAbove) that supervise the case rather than handed it down —
   * the petitioner came to them past the limit, or the 督办 chain reached
   * them — so letters say 督办, not 交办 (shared/domain/supervision.ts).
   */
  supervisedBy?: string[];
  /**
   * 复查撤销、责令重新办理: the reviewing offices among those owed the result
   * that revoked the answer and sent the matter back — letters say so, not
   * 交办 (shared/domain/report-back.ts withReviewReportBack).
   */
  redoOrderedBy?: string[];
  /**
   * 按复查（复核）意见落实: a review that changed the answer (变更, or a 复核
   * that revoked the 复查意见) binds the body that answered to carry the new
   * decision out and report how (落实情况) to the reviewing office, which has
   * the case on its 交办督办件 list until then (shared/domain/implementation.ts).
   */
  implementation?: ReviewImplementation;
  /** When the current round of handling began (assigned, transferred, reopened): 协办意见 before it belong to an earlier round. */
  handlingSince?: string;
  /** 撤回: how and when the petitioner withdrew the matter, as staff recorded it. */
  withdrawal?: Withdrawal;
  /**
   * 息诉罢访: the petitioner accepts the outcome — said "satisfied" at the
   * follow-up, or declared it to the office (a signed statement, an
   * agreement). Cleared when they ask for a review or the case is reopened.
   */
  settled?: Settlement;
  /** 越级信访: brought `levels` above the competent jurisdiction (shared/domain/routing/bypass.ts). */
  bypass?: { levels: number; competent: string };
  /** 越级上访告知单 handed to the visitor: when, by whom, and the message that keeps its text. */
  bypassNotice?: { at: string; by: string; messageId: string };
  /** Where the matter arose, as the petitioner described it. */
  incidentAddress?: string;
  urgent: boolean;
  /** 紧急响应: by when a leader or the office must respond to the urgent alert, and the response (shared/domain/urgent-response.ts). */
  urgentResponse?: UrgentResponse;
  /** An earlier case on the same matter by the same petitioner. */
  repeatOf?: string;
  /** Staff who linked it by hand (关联为重复件): the same petitioner by their judgement, not by the contacts on record. */
  repeatLinkedBy?: string;
  handling?: HandlingUnits;
  /**
   * 受理告知 still owed: the case was accepted with no unit, and the notice,
   * which names the unit, waits for one; at this instant (the end of the
   * acceptance limit) the office tells the petitioner it handles the matter
   * itself (shared/domain/acceptance-notice.ts).
   */
  acceptanceNoticeDue?: string;
  /**
   * When the petitioner was sent the acceptance notice (受理告知书), and the
   * holder they were last told has the matter (a unit id, or `office:<code>`):
   * a later change of holder is told as a 转办告知 (shared/domain/acceptance-notice.ts).
   */
  acceptanceTold?: { at: string; holder: string };
  /** 0: never reviewed; 1: reviewed (复查) once; 2: re-reviewed (复核), the matter is final. */
  reviewLevel: 0 | 1 | 2;
  /** First-contact responsibility (首问责任制): the staff member who owns it until handed over. */
  owner?: string;
  /** A superior office that assigned the case (交办) and must get the result back; it sees the clock. */
  reportBackTo?: string;
  /** Offices above `reportBackTo` that handed the case down before it, nearest first: owed the result too (shared/domain/report-back.ts). */
  reportBackAbove?: string[];
  /** Who last handed the case to its unit: a return goes back there. */
  assignedBy?: { staffId: string; jurisdiction: string };
  /** Units a report (举报/控告) accuses: never routed to, shown to or copied to them. */
  accusedUnits?: string[];
  /**
   * Jurisdictions whose government (its Party committee, its leaders) the
   * report accuses: the case goes to none of their offices or units, nor below
   * (《信访工作条例》第三十条); their units are in accusedUnits too.
   */
  accusedJurisdictions?: string[];
  /**
   * Units and places staff found the report does not accuse after all (a name
   * the detection misread, a unit recorded in error), with the reason on the
   * case's history: the detection leaves them out from then on. Recording a
   * unit accused again takes it off this list.
   */
  notAccused?: { units: string[]; places: string[] };
  /** The one extension (延期) a case may have: requested by its unit, decided by a leader. */
  extension?: {
    days: number;
    reason: string;
    requestedBy: string;
    requestedAt: string;
    status: 'requested' | 'approved' | 'refused';
    /** When the leaders are reminded of the request still waiting (extension rules' reminderWorkingDays); absent: never. */
    remindAt?: string;
    remindedAt?: string;
    decidedBy?: string;
    decidedAt?: string;
    refusal?: string;
  };
  /** Suspensions (中止) of its clocks, in order; the last is in force while it has no resumedAt. */
  suspensions?: ClockSuspension[];
  /** The handling unit's window to object to the handoff (条例 第二十三条). */
  objectionWindow?: ObjectionWindow;
  /** The unit's last request to return the case after its window (申请退回), and the office's decision. */
  returnRequest?: ReturnRequest;
  /** When the office accepted the case (受理): the handling clock and statistics start here. */
  acceptedAt?: string;
  /**
   * The jurisdiction whose office decided to accept it (受理): a case 淳安县 accepted and transferred to
   * 杭州市 is told 淳安县信访局决定予以受理 by the city's letter; one 杭州市信访局 accepted itself and handed
   * down to 桐庐 is the city's decision, not 桐庐's. Absent on cases accepted before it was kept.
   */
  acceptedIn?: string;
  /** The handling result (办结) recorded by the handling unit. */
  result?: CaseResult;
  /**
   * The case's first conclusion (办结), kept when a reopening (不满意, a 复查
   * that revokes the answer) clears `result`: statistics count the case as
   * concluded then, and on time by it against the handling deadline it was
   * held to (an extension included) — the statutory limit the office met or
   * missed, whatever the round handled again does. Absent on a case concluded
   * before it was kept (its `result` stands for it).
   */
  firstConclusion?: FirstConclusion;
  /** The written reply (答复) sent or posted to the petitioner: the decision letter. */
  reply?: CaseReply;
  /** Reviews (复查, level 1) and re-reviews (复核, level 2), in order. */
  reviews?: CaseReview[];
  /** The follow-up (回访) after the reply, and the petitioner's answer. */
  followUp?: FollowUp;
  /** Staff recused from the case (回避): they may neither see nor act on it. */
  recused?: { staffId: string; reason: string; by: string; at: string }[];
  /** When the case was closed (结案). */
  closedAt?: string;
  /** The archive record (立卷归档): where the file is kept and until when. */
  archive?: { at: string; key: string; retainUntil: string };
  /** Waiting in the office's manual triage list: the router could not decide with confidence. */
  /** `returnedBy`: the office below that objected to the hand-down and sent it back (条例 第二十三条). */
  triage?: { since: string; reasons: string[]; suggestion?: RoutingSuggestion; returnedBy?: string };
  receivedAt: string;
  registeredAt: string;
  registeredBy: string;
  /** 逾期登记: registered this many working days after the day it was due (the China day received, or the first working day after a rest day it came on; registrationDaysLate); absent when on time. */
  registeredLate?: number;
  deadlines: CaseDeadlines;
  attachments: AttachmentRef[];
  /** Attachments the intake refused (type or size), as told to the petitioner. */
  refusedAttachments?: { filename: string; reason: string }[];
  /** Whether the automatic acknowledgement was queued, or held back (anonymous, no address, daily limit, judged spam). */
  acknowledgement?: 'queued' | 'notApplicable' | 'rateLimited' | 'heldBack';
  /** What the intake noticed: urgency words, collective signs, the repeat's similarity, text recovered from broken MIME (check the original). */
  /**
   * What intake noticed: urgent words, a repeat's similarity, text recovered from a broken encoding, a sender SES did
   * not vouch for (DMARC fail: its address not taken; virus: its files not kept), mail SES judged spam (not answered).
   */
  intakeFlags?: { urgentWords?: string[]; repeatSimilarity?: number; textRecovered?: boolean; senderDistrusted?: 'virus' | 'dmarcFail'; spam?: true };
  chase?: ChaseState;
  /** Optimistic-lock version; every accepted change increments it by one. */
  version: number;
  updatedAt: string;
}

/**
 * 审核签发 where the office required it when the case was concluded: who is
 * to approve the letter (`rule`), and once approved, when and by whom. A
 * correction of the result voids the approval (shared/domain/reply-signoff.ts).
 */
export interface ReplySignOff {
  rule: 'unitHead' | 'leader';
  at?: string;
  by?: string;
}

export interface CaseResult {
  /** 查明的事实 */
  facts: string;
  /** 政策或法律依据 */
  basis: string;
  /** 处理意见 */
  decision: string;
  /**
   * For statistics: a request supported or not (支持 / 部分支持 / 不支持), a
   * consultation answered (已解答), a suggestion adopted or not (已采纳 /
   * 部分采纳 / 未采纳) — by category (shared/domain/outcome.ts).
   */
  outcome: Outcome;
  concludedAt: string;
  concludedBy: string;
  /** The unit that concluded it ("谁承办谁答复": it also replies). */
  unit?: string;
  /** Who corrected the result last (更正办理结果): they do not sign off the letter they rewrote. */
  correctedBy?: string;
  signOff?: ReplySignOff;
}

export interface FirstConclusion {
  at: string;
  /** The handling deadline then (deadlines.handling, extended or not); absent when the case had none. */
  handlingDeadline?: string;
  outcome: CaseResult['outcome'];
}

export interface CaseReply {
  at: string;
  by: string;
  /** The decision letter kept on the case (a CaseMessage id). */
  letterId: string;
  /** How it reached the petitioner: email, printed and posted, or told by phone (the letter kept to hand over). */
  delivery: 'email' | 'post' | 'phone' | 'none';
  /** Level of the decision the letter states: 0 the original, 1 a review, 2 a re-review. */
  level: 0 | 1 | 2;
  /** The last moment the petitioner may ask for the next review; absent after a re-review (final). */
  reviewRequestBy?: string;
}

export interface CaseReview {
  level: 1 | 2;
  /** The next-higher jurisdiction that reviews. */
  jurisdiction: string;
  requestedAt: string;
  /** Who registered the request: a staff id, or `petitioner` for a request by email. */
  requestedBy: string;
  reason: string;
  decidedAt?: string;
  decidedBy?: string;
  outcome?: 'upheld' | 'revised' | 'revoked';
  summary?: string;
  /** 待签发: the decision drafted under the reviewing office's sign-off rule, not yet approved or sent (shared/domain/review-signoff.ts). */
  draft?: ReviewDecisionDraft;
  /** Who approved the decision (签发) before it was sent, where the reviewing office required it. */
  signedOffBy?: string;
}

/** A review decision to carry out (落实) and its report back (shared/domain/implementation.ts). */
export interface ReviewImplementation {
  /** The review whose decision is carried out: 1 复查, 2 复核. */
  review: 1 | 2;
  /** The reviewing office owed the 落实情况. */
  orderedBy: string;
  orderedAt: string;
  /** The last moment to report it (the reviewing office's 重新办理期限, else the handling limit, from the decision). */
  dueAt: string;
  /** The unit that answered (absent: the office handled it itself, 自办). */
  unit?: string;
  reportedAt?: string;
  reportedBy?: string;
  report?: string;
}

/** A 复查意见书 / 复核意见书 as drafted, waiting for its 签发. */
export interface ReviewDecisionDraft {
  outcome: 'upheld' | 'revised' | 'revoked';
  facts: string;
  basis: string;
  decision: string;
  draftedAt: string;
  draftedBy: string;
  rule: 'unitHead' | 'leader';
}

export interface FollowUp {
  /** When the follow-up is due (the reply + followUpAfterDays). */
  dueAt: string;
  sentAt?: string;
  /**
   * The one-click links' token (random, 192 bits). It lets its holder answer
   * this follow-up and nothing else; kept on the (encrypted) case item so a
   * re-sent email carries the same links.
   */
  token?: string;
  answeredAt?: string;
  satisfied?: boolean;
  comment?: string;
  /** How the answer came: the email's link, an email reply, the portal's tracking page, or told to staff. */
  via?: 'link' | 'email' | 'web' | 'staff';
  /** How many times the case was followed up (a reopened case is followed up again). */
  round: number;
  /**
   * The answer the petitioner gave at an earlier round (the latest one), while
   * this round has none: 满意率 counts it until they answer again.
   */
  previousAnswer?: { satisfied: boolean; answeredAt: string };
}

export const CASE_EVENT_TYPES = [
  'registered',
  'accepted',
  'declined',
  'redirected',
  'assigned',
  'transferred',
  'returned',
  'started',
  'concluded',
  'replied',
  'reviewRequested',
  'reviewDecided',
  'reReviewRequested',
  'reReviewDecided',
  'reopened',
  'closed',
  'archived',
  'claimed',
  'noted',
  'sentToTriage',
  'extensionRequested',
  'extensionApproved',
  'extensionRefused',
  'messageReceived',
  'bounceRecorded',
  'reminded',
  'escalated',
  'followUpSent',
  'followUpAnswered',
  'recused',
  'suspended',
  'resumed',
  'letterPosted',
  'letterReceived',
  'letterPhoned',
  /** 当面送达: a letter handed to the petitioner in person (shared/domain/postal.ts). */
  'letterHandedOver',
  'queryCodeIssued',
  'leaderAssigned',
  'settled',
  'returnRequested',
  'returnRequestRefused',
  'bypassNoticeGiven',
  /** 上级督办: an office above pressed the level holding the overdue case (shared/domain/supervision.ts). */
  'supervised',
  /** 协办意见: a cooperating unit sent the lead its opinion (shared/domain/cooperation.ts). */
  'cooperationOpinionGiven',
  /** 协办异议: a cooperating unit objected to being named, for the office that named it to decide (shared/domain/cooperation-objection.ts). */
  'cooperationObjected',
  /** The office agreed: the unit no longer cooperates on the case. */
  'cooperationReleased',
  /** The office refused, with its reasons: the unit cooperates. */
  'cooperationObjectionRefused',
  /** 撤回: the petitioner withdrew the matter. */
  'withdrawn',
  /** 恢复办理: a withdrawal the petitioner said was not their will, undone (shared/domain/reinstatement.ts). */
  'reinstated',
  /** 更正信访人信息: the petitioner's name or contacts corrected, the earlier ones kept in the event (shared/domain/petitioner-correction.ts). */
  'petitionerCorrected',
  /** 关联为重复件: staff linked the case by hand to the earlier case it repeats, with their note (shared/domain/repeat-link.ts). */
  'repeatLinked',
  /** A queued handoff (交办, 转办, 退回) the handoff function refused: which, asked by whom and when, its command id and why (shared/domain/handoff-refusal.ts). */
  'handoffRefused',
  /** 请信访人补充材料: the handler asked the petitioner for more material, told by email, post or phone (shared/domain/material-request.ts). */
  'materialRequested',
  /** 更正办理结果: the recorded result corrected before the reply, each field's wording before and after kept (shared/domain/conclusion-correction.ts). */
  'conclusionCorrected',
  /** 办理记录: a progress note, an investigation note or a leader's instruction (批示) added to the case (shared/domain/case-note.ts). */
  'noteAdded',
  /** 审核签发: the decision letter approved before the reply (shared/domain/reply-signoff.ts). */
  'replySignedOff',
  /** 复查（复核）意见书 drafted where the reviewing office requires 签发: recorded, not sent (shared/domain/review-signoff.ts). */
  'reviewDecisionDrafted',
  /** 呈领导阅批: the office put the case before a leader with its 拟办意见 (shared/domain/leader-reading.ts). */
  'leaderReadingSubmitted',
  /** 已阅: the leader marked it read without an instruction (an instruction is a `noteAdded` with `detail.answersReading`). */
  'leaderReadingAnswered',
  /** 落实情况: the unit reported how it carried out a 复查 (复核) decision that changed the answer (shared/domain/implementation.ts). */
  'implementationReported',
] as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

/** 紧急响应 (条例 第二十五条): by when a leader or the office is to respond to an urgent alert, and the response (shared/domain/urgent-response.ts). */
export interface UrgentResponse {
  /** When the alert went out (the registration). */
  alertedAt: string;
  /** Whom it told, as a letter says it (桐庐县领导; 杭州市领导 for a report against the county): the re-alert says the same. */
  alertedTo?: string;
  /** By when a response is expected. */
  dueAt: string;
  respondedAt?: string;
  respondedBy?: string;
  /** What was done or arranged (e.g. 已通知属地街道和派出所赶赴现场). */
  note?: string;
  /** When the sweep reported it unanswered to the level above. */
  escalatedAt?: string;
}

/** One change on a case: who, when, what, why. Events are append-only. */
export interface CaseEvent {
  caseNumber: string;
  /** The case version this event produced; orders events and makes each unique. */
  seq: number;
  type: CaseEventType;
  at: string;
  actor: string;
  from?: CaseStatus;
  to?: CaseStatus;
  reason?: string;
  detail?: Record<string, unknown>;
}

export interface Settlement {
  at: string;
  /** Who recorded it: the staff member, or the follow-up's answerer (the petitioner by link, email or portal). */
  by: string;
  how: 'followUp' | 'declared';
  /** How the petitioner declared it (息诉罢访承诺书, 和解协议…), when staff recorded it. */
  note?: string;
}

/** 呈领导阅批 (shared/domain/leader-reading.ts): one submission of the case to a leader, and its state. */
export type LeaderReadingStatus = 'waiting' | 'read' | 'instructed';

export interface LeaderReading {
  /** The event that submitted it: stable, so its letter and list entry are recognised. */
  seq: number;
  leader: string;
  /** 拟办意见: what the office proposes. */
  opinion: string;
  submittedBy: string;
  submittedAt: string;
  status: LeaderReadingStatus;
  /** 已阅 / 已批示: when the leader answered it. */
  answeredAt?: string;
  /** 已批示: the instruction note's seq. */
  instructionSeq?: number;
}

export interface LeaderOwnership {
  /** The owning leader's staff id. */
  leader: string;
  /** Why the case is owned by a leader (重大疑难, 重复信访, 集体访…). */
  reason: string;
  since: string;
  /** Who designated them (the office, or the leader themself). */
  by: string;
}

export interface PostalLetter {
  /** The letter's message id on the case. */
  id: string;
  /** What the letter is (acceptanceNotice, declineNotice, decisionLetter…). */
  kind: string;
  subject: string;
  /** When it was written; the message is keyed by it. */
  at: string;
  /** The jurisdiction whose office posts it (its 待寄送 list), or telephones the petitioner (its 待电话告知 list). */
  from: string;
  /**
   * `phone`: the petitioner left only a telephone number, so the office
   * tells them what the letter says by phone (电话告知) and records the call;
   * absent: the letter is printed and posted.
   */
  channel?: 'phone';
  /** The day it left (China date), as staff recorded it. */
  postedOn?: string;
  /** When it was marked posted, and by whom. */
  postedAt?: string;
  postedBy?: string;
  /**
   * 签收: the day the petitioner received the posted letter (China date), as
   * the return receipt or the post's tracking shows; recorded when and by whom.
   * A decision letter's review window counts from it (自收到之日起).
   */
  receivedOn?: string;
  receivedRecordedAt?: string;
  receivedRecordedBy?: string;
  /** 电话告知: the day the petitioner was told by phone (China date), when it was recorded, by whom, and what was said. */
  toldOn?: string;
  /** Told `unreachable`: after repeated calls nobody could be reached; the letter is kept for the petitioner to collect (留存备取). */
  unreachable?: true;
  toldAt?: string;
  toldBy?: string;
  toldNote?: string;
  /**
   * 当面送达: the written letter handed to the petitioner in person (at the
   * desk, or when they came to collect one told by phone): the day (China
   * date), when it was recorded and by whom, whether they signed for it
   * (签收) or refused to (拒绝签收), and a note. A decision letter's review
   * window counts from that day, as from a receipt.
   */
  handedOn?: string;
  handedAt?: string;
  handedBy?: string;
  handedSignature?: 'signed' | 'refused';
  handedNote?: string;
  /**
   * 作废: the decision the letter carried was withdrawn (撤销原决定) before
   * it reached the petitioner — when. It is kept on the case as written, but
   * off the 待寄送 / 待电话告知 lists: it is never to be sent.
   */
  withdrawnAt?: string;
}

/** One email (or letter scan) kept on a case: what the petitioner sent, or what the system sent them. */
export interface CaseMessage {
  caseNumber: string;
  /** Stable id of the message within the case (the Message-ID, or the notification id). */
  id: string;
  direction: 'in' | 'out';
  at: string;
  from?: string;
  to: string[];
  /** Incoming mail: whom it was copied to (Cc), as the sender addressed it. */
  cc?: string[];
  subject: string;
  /** Plain text as received or sent. */
  text: string;
  /** Key of the raw MIME in the mail bucket (incoming) or of the sent copy. */
  rawKey?: string;
  /** Message-IDs under which replies may refer to this message. */
  messageIds: string[];
  attachments: AttachmentRef[];
  kind?: string;
  /**
   * Incoming mail on a case: false when its sender did not show it received
   * our mail (a reply to the case's tagged address or to a message we sent)
   * — kept, shown as unverified, never acted on.
   */
  senderVerified?: boolean;
  unverifiedReason?: string;
  /**
   * A letter printed and posted, for a petitioner without email: the
   * jurisdiction whose office posts it. While the case's postalLetters
   * entry is not marked posted, the message is on that office's 待寄送 list.
   */
  postFrom?: string;
  /** With postFrom: the petitioner has only a telephone, so the office tells them by phone (its 待电话告知 list) instead of posting it. */
  byPhone?: true;
}
