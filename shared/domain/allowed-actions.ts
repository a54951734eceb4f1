import { assertMayDecide, coversJurisdiction, type Actor, type CaseDecision } from './access.js';
import { OPEN_STATUSES, type Case } from './case.js';
import { answerUndelivered, pendingReview, reviewWindowOpen, type ReviewNow } from './closing.js';
import { DomainError } from './errors.js';
import type { JurisdictionTree } from './jurisdiction.js';
import { beingHandled, isAllowed } from './lifecycle.js';
import { bypassNoticeRefusal } from './bypass-notice.js';
import { handDownWindowOpen, officeReturnRefusal, pendingReturnRequest } from './objection.js';
import { awaitingSignOff, maySignOff, type SignOffRoster } from './reply-signoff.js';
import { maySignOffReviewDecision, reviewDecisionAwaitsSignOff } from './review-signoff.js';
import { leadersReading } from './leader-reading.js';
import { lettersAwaitingReceipt, lettersToHandOver, lettersToPhone, lettersToPost, lettersUndelivered } from './postal.js';
import { isSuspended, maySuspend } from './suspension.js';
import { awaitingUrgentResponse } from './urgent-response.js';
import { takesOpinions } from './cooperation.js';
import { cooperationWindow, mayObjectToCooperation, pendingCooperationObjections } from './cooperation-objection.js';
import { mayLinkRepeat } from './repeat-link.js';
import { mayRequestMaterial } from './material-request.js';
import { takesNotes } from './case-note.js';
import { implementationPending } from './implementation.js';

/**
 * What a staff member may do to a case now, as the API's routes name the
 * actions — so a screen offers exactly these and never re-implements the
 * rules. Each is allowed by the one access policy (assertMayDecide) AND by
 * the case's state (the lifecycle and its guards as far as the case alone
 * tells them; a refusal that depends on the request, a late review request
 * say, still comes from the action itself with its reason).
 */
export const CASE_ACTIONS = [
  'accept',
  'decline',
  'redirect',
  'route',
  'claim',
  'assign',
  'transfer',
  'return',
  'start',
  'requestReturn',
  'decideReturnRequest',
  'objectHandDown',
  'requestExtension',
  'decideExtension',
  'conclude',
  'reply',
  'correctConclusion',
  'signOffReply',
  'requestReview',
  'decideReview',
  'signOffReviewDecision',
  'recordFollowUp',
  'close',
  'archive',
  'recuse',
  'markAccused',
  'correctAccused',
  'readAudit',
  'suspend',
  'resume',
  'agreeRepresentatives',
  'postLetter',
  'recordReceipt',
  'tellByPhone',
  'handOver',
  'issueQueryCode',
  'giveBypassNotice',
  'assignLeader',
  'recordSettlement',
  'respondUrgent',
  'giveOpinion',
  'objectCooperation',
  'decideCooperationObjection',
  'recuseSelf',
  'withdraw',
  'reinstate',
  'reconsider',
  'correctPetitioner',
  'linkRepeat',
  'requestMaterial',
  'addNote',
  'giveInstruction',
  'submitLeaderReading',
  'markLeaderRead',
  'reportImplementation',
] as const;
export type CaseActionName = (typeof CASE_ACTIONS)[number];

const WORKING = new Set<Case['status']>(['assigned', 'inProgress']);

/** Each action: the access decision that governs it, and whether the case's state allows it now. */
const ACTIONS: Readonly<Record<CaseActionName, { decision: CaseDecision; now: (c: Case, now: ReviewNow | undefined) => boolean }>> = {
  accept: { decision: 'accept', now: (c) => isAllowed('accept', c.status) },
  decline: { decision: 'decline', now: (c) => isAllowed('decline', c.status) },
  redirect: { decision: 'redirect', now: (c) => isAllowed('redirect', c.status) },
  // The triage decision: accept (if not yet) and assign, in one.
  // 分办 is the decision on a case the router could not place (待分办) or not yet accepted: accept it if need be and
  // name its unit, from the learned suggestion. An accepted case off that list is 交办 (with 说明): offering both
  // for one case — the same handoff under two names — had clerks wondering which one was wanted.
  route: { decision: 'assign', now: (c) => c.status === 'registered' || (c.status === 'accepted' && c.triage !== undefined) },
  claim: { decision: 'claim', now: (c) => OPEN_STATUSES.has(c.status) },
  assign: { decision: 'assign', now: (c) => isAllowed('assign', c.status) && !(c.status === 'accepted' && c.triage !== undefined) },
  // Before acceptance, a transfer is 转送 to the office whose matter it is.
  transfer: { decision: 'transfer', now: (c) => isAllowed('transfer', c.status) || c.status === 'registered' },
  return: { decision: 'return', now: (c) => isAllowed('return', c.status) && c.handling !== undefined },
  // 签收: the lead unit, while the case handed to it waits to be signed for (a 自办 case has nothing to sign for).
  start: { decision: 'start', now: (c) => isAllowed('start', c.status) && c.handling !== undefined },
  // Past the unit's window (the sweep recorded its end), one request at a time.
  requestReturn: {
    decision: 'requestReturn',
    now: (c) => WORKING.has(c.status) && c.objectionWindow?.closedAt !== undefined && c.objectionWindow.unit === c.handling?.lead && !pendingReturnRequest(c),
  },
  decideReturnRequest: { decision: 'decideReturnRequest', now: (c) => pendingReturnRequest(c) !== undefined },
  // Within the office's 5 working days of a hand-down (without a time, while it has not decided the case).
  objectHandDown: { decision: 'objectHandDown', now: (c, now) => handDownWindowOpen(c, now?.at) },
  // Granted once: after a refusal the unit may ask again.
  requestExtension: { decision: 'requestExtension', now: (c) => beingHandled(c) && (c.extension === undefined || c.extension.status === 'refused') && c.deadlines.handling !== undefined },
  decideExtension: { decision: 'decideExtension', now: (c) => c.extension?.status === 'requested' && beingHandled(c) },
  // A case only assigned is started by its conclusion; one no unit has, the office may conclude itself (自办).
  conclude: { decision: 'conclude', now: (c) => beingHandled(c) && !isSuspended(c) },
  reply: { decision: 'reply', now: (c) => isAllowed('reply', c.status) && c.result !== undefined },
  // 更正办理结果: read over before the reply (审核签发), corrected by whoever replies; not once it went out.
  correctConclusion: { decision: 'correctConclusion', now: (c) => c.status === 'concluded' && c.result !== undefined },
  // 审核签发 where the office required it: offered to who may approve; 答复 waits for it.
  signOffReply: { decision: 'signOffReply', now: awaitingSignOff },
  
  requestReview: { decision: 'registerReview', now: (c) => (c.status === 'replied' || c.status === 'closed') && c.reviewLevel < 2 && !c.petitioner.anonymous },
  decideReview: { decision: 'decideReview', now: (c) => pendingReview(c) !== undefined && !isSuspended(c) },
  // 签发复查（复核）意见书 where the reviewing office requires it: offered to its leaders but the drafter.
  signOffReviewDecision: { decision: 'decideReview', now: (c) => reviewDecisionAwaitsSignOff(c) && !isSuspended(c) },
  recordFollowUp: { decision: 'recordFollowUp', now: (c) => (c.status === 'replied' || c.status === 'closed') && c.followUp !== undefined && !c.followUp.answeredAt && !answerUndelivered(c) },
  close: { decision: 'close', now: (c) => isAllowed('close', c.status) && lettersUndelivered(c).length === 0 },
  // Filed once the petitioner has every letter and may no longer ask for a review.
  archive: { decision: 'archive', now: (c, now) => isAllowed('archive', c.status) && lettersUndelivered(c).length === 0 && (now === undefined || !reviewWindowOpen(c, now.at, now.limits)) },
  recuse: { decision: 'recuse', now: (c) => c.status !== 'archived' },
  markAccused: { decision: 'markAccused', now: (c) => c.status !== 'archived' },
  correctAccused: { decision: 'correctAccused', now: (c) => c.status !== 'archived' && Boolean(c.accusedUnits?.length || c.accusedJurisdictions?.length) },
  readAudit: { decision: 'readAudit', now: () => true },
  suspend: { decision: 'suspendClock', now: maySuspend },
  resume: { decision: 'suspendClock', now: isSuspended },
  agreeRepresentatives: { decision: 'agreeRepresentatives', now: (c) => c.collective !== undefined && c.status !== 'archived' },
  postLetter: { decision: 'postLetter', now: (c) => lettersToPost(c).length > 0 },
  // 签收: the same staff, once a posted letter's receipt comes back, until the case is filed.
  recordReceipt: { decision: 'postLetter', now: (c) => c.status !== 'archived' && lettersAwaitingReceipt(c).length > 0 },
  // 电话告知: the same staff as 寄出, for a petitioner who left only a telephone number.
  tellByPhone: { decision: 'postLetter', now: (c) => lettersToPhone(c).length > 0 },
  // 当面送达: the same staff, a letter not yet sent or a decision letter only told by phone, until the case is filed.
  handOver: { decision: 'postLetter', now: (c) => c.status !== 'archived' && lettersToHandOver(c).length > 0 },
  issueQueryCode: { decision: 'issueQueryCode', now: () => true },
  giveBypassNotice: { decision: 'giveBypassNotice', now: (c) => bypassNoticeRefusal(c) === undefined },
  assignLeader: { decision: 'assignLeader', now: (c) => c.status !== 'archived' },
  respondUrgent: { decision: 'respondUrgent', now: awaitingUrgentResponse },
  recordSettlement: { decision: 'recordSettlement', now: (c) => (c.status === 'replied' || c.status === 'closed') && c.settled === undefined && !c.petitioner.anonymous },
  // 协办意见: a cooperating unit, to the lead, while the lead handles the case.
  giveOpinion: { decision: 'giveOpinion', now: takesOpinions },
  // 协办异议: a cooperating unit within its 5 working days, once; the office decides while one waits.
  objectCooperation: { decision: 'objectCooperation', now: (c) => (c.handling?.cooperating ?? []).some((unit) => cooperationWindow(c, unit) !== undefined) },
  decideCooperationObjection: { decision: 'decideCooperationObjection', now: (c) => pendingCooperationObjections(c).length > 0 },
  // 回避 (条例 第二十八条): anyone who sees the case may recuse themself; the office recuses others (recuse).
  recuseSelf: { decision: 'read', now: (c) => c.status !== 'archived' },
  // 撤回: before the answer.
  withdraw: { decision: 'withdraw', now: (c) => isAllowed('withdraw', c.status) },
  // 恢复办理: a withdrawn case not yet archived.
  reinstate: { decision: 'reinstate', now: (c) => c.status === 'withdrawn' },
  // 撤销原决定: a 不予受理 or 告知 decision found wrong, before the case is filed.
  reconsider: { decision: 'reconsider', now: (c) => c.status === 'declined' || c.status === 'redirected' },
  correctPetitioner: { decision: 'correctPetitioner', now: (c) => c.status !== 'archived' && !c.petitioner.anonymous },
  // 关联为重复件: before the acceptance is decided, once.
  linkRepeat: { decision: 'linkRepeat', now: mayLinkRepeat },
  // 请信访人补充材料: while the case is handled, of a petitioner who can be reached (never an anonymous one).
  requestMaterial: { decision: 'requestMaterial', now: mayRequestMaterial },
  // 办理记录 (办理进展、调查核实情况) and 领导批示: until the case is filed.
  addNote: { decision: 'addNote', now: takesNotes },
  giveInstruction: { decision: 'giveInstruction', now: takesNotes },
  // 呈领导阅批: until the case is filed; 已阅 by a leader it waits on (a leader may act on it: giveInstruction).
  submitLeaderReading: { decision: 'submitLeaderReading', now: takesNotes },
  markLeaderRead: { decision: 'markLeaderRead', now: takesNotes },
  // 落实情况: once a review changed the answer, until it is reported (or the case filed).
  reportImplementation: { decision: 'reportImplementation', now: (c) => c.status !== 'archived' && implementationPending(c) !== undefined },
};

/**
 * `now`: for what depends on the time too (a review window still open); without it, what the case's state allows.
 * `roster`: who holds which post (the province's staff), for who signs off a letter when the rule's approver wrote it.
 */
export function allowedActions(actor: Actor, c: Case, tree: JurisdictionTree, now?: ReviewNow, roster?: SignOffRoster): CaseActionName[] {
  const allowed = CASE_ACTIONS.filter((name) => {
    const action = ACTIONS[name];
    if (!action.now(c, now)) return false;
    // 条例 第二十三条: past its window the unit no longer returns (or transfers) the case alone (the sweep recorded the window's end).
    if ((name === 'return' || name === 'transfer') && actor.unit !== undefined && c.objectionWindow?.closedAt && c.objectionWindow.unit === c.handling?.lead) return false;
    // A return request is decided by the office that handed the case over, or a level above it.
    if (name === 'giveBypassNotice' && !coversJurisdiction(actor, c.receivingOffice, tree)) return false;
    // 认领: the staff member who holds the case already has nothing to claim (claimCase leaves it as it is).
    if (name === 'claim' && c.owner === actor.staffId) return false;
    // 延期: the one who asked does not decide.
    if (name === 'decideExtension' && c.extension?.requestedBy === actor.staffId) return false;
    // 签发: the head or leader the rule names (or the leader standing in for them), never the letter's author.
    if (name === 'signOffReply' && !maySignOff(actor, c, tree, roster)) return false;
    if (name === 'signOffReviewDecision' && !maySignOffReviewDecision(c, actor)) return false;
    if (name === 'markLeaderRead' && !leadersReading(c).includes(actor.staffId)) return false;
    // 答复 waits for the sign-off.
    if (name === 'reply' && awaitingSignOff(c)) return false;
    if (name === 'objectCooperation' && (actor.unit === undefined || !mayObjectToCooperation(c, actor.unit, now?.at))) return false;
    if (name === 'decideCooperationObjection' && !pendingCooperationObjections(c).some((o) => coversJurisdiction(actor, o.decidesBy, tree))) return false;
    if (name === 'decideReturnRequest' && !coversJurisdiction(actor, pendingReturnRequest(c)!.approvalBy, tree)) return false;
    // 收回: an office takes a case back from its unit only as the office that handed it over (or approving the unit's request).
    if (name === 'return' && actor.unit === undefined && officeReturnRefusal(actor, c, tree) !== undefined) return false;
    try {
      assertMayDecide(actor, action.decision, c, tree, pendingReview(c)?.jurisdiction);
      return true;
    } catch (error) {
      if (error instanceof DomainError) return false;
      throw error;
    }
  });
  // Whoever may recuse anyone is offered that, themself among them.
  return allowed.includes('recuse') ? allowed.filter((name) => name !== 'recuseSelf') : allowed;
}
