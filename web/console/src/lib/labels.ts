/** Chinese names of the API's words. */
// One set of names for statuses, channels and categories, shared with the statistics and letters.
export { CATEGORY_LABELS, CHANNEL_CONTENT_WORDS, CHANNEL_LABELS, GENDER_LABELS, STATUS_LABELS } from '../../../../shared/domain/labels.js';
import { CASE_NOTE_KIND_LABELS, type CaseNoteKind } from '../../../../shared/domain/case-note.js';
import { OUTCOME_LABELS as DOMAIN_OUTCOME_LABELS } from '../../../../shared/domain/outcome.js';

export const ROLE_LABELS: Record<string, string> = {
  administrator: '系统管理员',
  registrar: '登记员',
  petitionsOffice: '信访部门',
  unitHead: '单位负责人',
  handler: '承办人',
  leaderInCharge: '分管领导',
  principalLeader: '主要领导',
  leader: '领导',
};

export const OUTCOME_LABELS: Record<string, string> = DOMAIN_OUTCOME_LABELS;

export const EVENT_LABELS: Record<string, string> = {
  registered: '登记',
  accepted: '受理',
  declined: '不予受理',
  redirected: '告知其他渠道',
  assigned: '交办',
  transferred: '转办',
  returned: '退回',
  started: '签收并开始办理',
  concluded: '办结',
  replied: '答复',
  reviewRequested: '申请复查',
  reviewDecided: '复查决定',
  reReviewRequested: '申请复核',
  reReviewDecided: '复核决定',
  reopened: '重新办理',
  closed: '结案',
  archived: '归档',
  claimed: '认领',
  noted: '备注',
  sentToTriage: '转入人工分办',
  extensionRequested: '申请延期',
  extensionApproved: '批准延期',
  extensionRefused: '不予延期',
  messageReceived: '收到来信',
  bounceRecorded: '邮件退回',
  reminded: '催办',
  escalated: '督办',
  followUpSent: '发送回访',
  followUpAnswered: '回访答复',
  recused: '回避',
  suspended: '中止计时',
  resumed: '恢复计时',
  letterPosted: '寄出书面告知',
  letterReceived: '书面告知签收',
  letterPhoned: '电话告知',
  letterHandedOver: '当面送达',
  replySignedOff: '签发处理意见书',
  reviewDecisionDrafted: '拟制复查（复核）意见书，待签发',
  queryCodeIssued: '发放查询码',
  leaderAssigned: '领导包案',
  settled: '息诉罢访',
  returnRequested: '申请退回',
  returnRequestRefused: '不同意退回',
  bypassNoticeGiven: '出具越级上访告知单',
  supervised: '上级督办',
  cooperationOpinionGiven: '协办意见',
  cooperationObjected: '协办异议',
  cooperationReleased: '同意协办异议',
  cooperationObjectionRefused: '不同意协办异议',
  withdrawn: '信访人撤回',
  reinstated: '恢复办理',
  petitionerCorrected: '更正信访人信息',
  repeatLinked: '关联为重复件',
  handoffRefused: '移交未执行',
  materialRequested: '请信访人补充材料',
  conclusionCorrected: '更正办理结果',
  noteAdded: '办理记录',
  leaderReadingSubmitted: '呈领导阅批',
  leaderReadingAnswered: '领导已阅',
  implementationReported: '报送落实情况',
};

/**
 * What an event of the case history is called. Most by their type; two by
 * what the event says of itself (a refused handoff, 交办未执行, by the handoff it
 * was): a 转办 (transferred) of a case not yet
 * accepted is a 转送 — to the body with authority, which then decides
 * acceptance (a forwarding, or the router's hand-down by territory) — and an
 * office taking a case back from its unit is 收回, not the unit's 退回.
 */
export function eventLabel(e: { type: string; from?: string; detail?: Record<string, unknown> | null }): string {
  // A handoff the handoff function refused, by what it was: 交办未执行, 转送未执行…
  if (e.type === 'handoffRefused' && typeof e.detail?.word === 'string') return `${e.detail.word}未执行`;
  if (e.type === 'returned' && typeof e.detail?.takenBackBy === 'string') return '收回';
  if (e.type === 'transferred' && (e.from === 'registered' || e.detail?.forwarded === true)) return '转送';
  // 办理记录 by its kind: 办理进展, 调查核实情况, 领导批示.
  if (e.type === 'noteAdded' && typeof e.detail?.kind === 'string' && e.detail.kind in CASE_NOTE_KIND_LABELS) return CASE_NOTE_KIND_LABELS[e.detail.kind as CaseNoteKind];
  return label(EVENT_LABELS, e.type);
}

/** 中止 grounds built in; a configured one shows its id. */
/** A 复查 or 复核 decision on the opinion before it. */
export const REVIEW_OUTCOME_LABELS: Record<string, string> = { upheld: '维持', revised: '变更', revoked: '撤销' };

export const SUSPENSION_GROUND_LABELS: Record<string, string> = { hearing: '听证', appraisal: '鉴定' };

export const label = (table: Record<string, string>, key: string | undefined): string => (key === undefined ? '' : (table[key] ?? key));
