import { DEPARTMENT_LABELS } from '../../../../../shared/domain/department.js';

export { DEPARTMENT_LABELS };

export const LEVEL_LABELS: Record<string, string> = { province: '省', city: '市', county: '县级', township: '乡镇' };

/** The statutory clocks (shared/domain/time-limits.ts). */
export const CLOCK_LABELS: Record<string, string> = {
  acceptance: '受理告知',
  handling: '办理',
  reply: '答复',
  reviewRequest: '申请复查',
  reviewDecision: '复查决定',
  reReviewRequest: '申请复核',
  reReviewDecision: '复核决定',
};

/** The escalation chain's steps (督办), in the default order. */
export const STEP_LABELS: Record<string, string> = {
  handlingOfficial: '承办人',
  unitHead: '承办单位负责人',
  petitionsOffice: '信访部门',
  leaderInCharge: '分管领导',
  principalLeader: '主要领导',
  higherJurisdiction: '上级机关',
};

/** The queues of shared/resources/definitions.ts, as an operator knows them. */
export const QUEUE_LABELS: Record<string, string> = {
  intake: '邮件受理（intake）',
  intakeUrgent: '邮件受理·紧急优先（intake-urgent）',
  routing: '分办（routing）',
  handoff: '交办、转办、退回（handoff）',
  notifyUrgent: '发信·紧急提醒（notify-urgent）',
  notify: '发信·受理回执（notify）',
  notifyRoutine: '发信·通知与催办（notify-routine）',
  feedback: '发送回执、退信与投诉（feedback）',
};

/** The administration trail's actions (GET /admin/audit). */
export function adminActionLabel(action: string): string {
  if (action === 'replay') return '重放邮件';
  if (action === 'handover') return '包案交接';
  if (action.startsWith('redrive:')) return `重新投递：${QUEUE_LABELS[action.slice('redrive:'.length)] ?? action}`;
  if (action === 'redrive') return '重新投递';
  return action;
}
