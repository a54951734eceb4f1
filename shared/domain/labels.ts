import type { CaseStatus, Category, Channel, Gender } from './case.js';

/**
 * The Chinese names of the system's words, one set for every place people
 * read them — statistics, letters' tables, the staff console — so a status is
 * never called one thing on a screen and another in a report.
 */
export const CHANNEL_LABELS: Readonly<Record<Channel, string>> = {
  letter: '来信',
  visit: '来访',
  phone: '来电',
  email: '电子邮件',
  web: '网上信访',
};

/**
 * What the petitioner's words are called, by channel, where a reason or a hint
 * speaks of them: a telephone call is not a letter (来电内容提到…, not 来信内容).
 */
export const CHANNEL_CONTENT_WORDS: Readonly<Record<Channel, string>> = {
  letter: '来信内容',
  visit: '来访反映',
  phone: '来电内容',
  email: '邮件内容',
  web: '网上信访内容',
};

/** The office a petition came to, by channel, as a reason names it (收信机关 only for what was written to it). */
export const CHANNEL_RECEIVER_WORDS: Readonly<Record<Channel, string>> = {
  letter: '收信机关',
  visit: '接待来访的机关',
  phone: '接听来电的机关',
  email: '收件机关',
  web: '收件机关',
};

export const CATEGORY_LABELS: Readonly<Record<Category | 'uncategorised', string>> = {
  consultation: '咨询',
  request: '求决',
  suggestion: '意见建议',
  complaint: '投诉',
  report: '检举控告',
  dispute: '纠纷',
  uncategorised: '未分类',
};

export const GENDER_LABELS: Readonly<Record<Gender, string>> = {
  male: '男',
  female: '女',
  unspecified: '未说明',
};

export const STATUS_LABELS: Readonly<Record<CaseStatus, string>> = {
  registered: '已登记',
  accepted: '已受理',
  declined: '不予受理',
  redirected: '已告知向有权机关提出',
  assigned: '已交办',
  inProgress: '办理中',
  concluded: '已办结',
  replied: '已答复',
  underReview: '复查中',
  underReReview: '复核中',
  closed: '已结案',
  archived: '已归档',
  withdrawn: '已撤回',
};

/**
 * What staff do to a case, as a verb a refusal can follow with 不能 or 无权:
 * the lifecycle's actions (CaseAction), the decisions access is checked for
 * (CaseDecision), and the other steps a refusal names. Kept free of those
 * modules' types (errors.ts reads it, and they import errors.ts); the unit
 * tests and the callers' indexing check it covers them.
 */
export const ACTION_LABELS = {
  read: '查看',
  accept: '受理',
  decline: '不予受理',
  redirect: '告知向有权机关提出',
  assign: '交办',
  transfer: '转送',
  return: '退回',
  // 签收 (开始办理): the lead unit signs for the case handed to it; "不能签收", "无权…进行“签收”操作".
  start: '签收',
  conclude: '办结',
  reply: '答复',
  correctConclusion: '更正办理结果',
  signOffReply: '签发处理意见书',
  signOffReviewDecision: '签发复查（复核）意见书',
  previewDecisionLetter: '预览处理意见书',
  requestReview: '申请复查',
  decideReview: '作出复查（复核）意见',
  requestReReview: '申请复核',
  decideReReview: '作出复核意见',
  reopen: '重新办理',
  close: '结案',
  archive: '归档',
  withdraw: '撤回',
  requestReturn: '申请退回',
  objectHandDown: '异议退回',
  decideReturnRequest: '审批退回申请',
  refuseReturn: '不同意退回',
  claim: '认领',
  requestExtension: '申请延期',
  decideExtension: '审批延期',
  registerReview: '登记复查（复核）申请',
  recordFollowUp: '记录回访',
  answerFollowUp: '记录回访结果',
  recuse: '决定回避',
  markAccused: '记录被检举控告单位',
  correctAccused: '更正被检举控告对象',
  readAudit: '查看审计记录',
  suspendClock: '中止或恢复计时',
  suspend: '中止计时',
  resume: '恢复计时',
  agreeRepresentatives: '商定代表',
  postLetter: '寄送书面告知',
  tellByPhone: '电话告知',
  handOver: '当面送达',
  issueQueryCode: '发放查询码',
  giveBypassNotice: '出具越级上访告知单',
  assignLeader: '确定包案领导',
  recordSettlement: '记录息诉罢访',
  respondUrgent: '记录紧急响应',
  giveOpinion: '提出协办意见',
  objectCooperation: '提出协办异议',
  decideCooperationObjection: '审批协办异议',
  reinstate: '恢复办理',
  reconsider: '撤销原决定',
  correctPetitioner: '更正信访人信息',
  linkRepeat: '关联为重复件',
  requestMaterial: '请信访人补充材料',
  addNote: '添加办理记录',
  giveInstruction: '领导批示',
  submitLeaderReading: '呈领导阅批',
  markLeaderRead: '标记已阅',
  reportImplementation: '报送落实情况',
  registerHeldEmail: '登记为信访事项',
  dismissHeldEmail: '确认无效',
  messageReceived: '收录来信',
  bounceRecorded: '记录邮件退回',
  noted: '添加备注',
  reminded: '催办',
  escalated: '督办',
} as const satisfies Readonly<Record<string, string>>;
