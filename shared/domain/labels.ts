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
