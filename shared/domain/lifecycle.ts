import type { Case, CaseEvent, CaseEventType, CaseStatus, Category } from './case.js';
import { InvalidTransition, RuleViolation } from './errors.js';
import { ACTION_LABELS, STATUS_LABELS } from './labels.js';

/**
 * The case lifecycle (docs/domain.md, "Lifecycle") as an explicit state machine:
 *
 *   registered → accepted | declined | redirected
 *   accepted → assigned → inProgress → concluded → replied → closed → archived
 *   transfer / return between units at any point before conclusion;
 *   review and re-review reopen a replied (or closed) case; an unsatisfied
 *   follow-up reopens it for the handling unit; the petitioner may withdraw
 *   the matter (撤回) any time before the answer.
 */
export type CaseCommand =
  | { action: 'accept'; category?: Category }
  | { action: 'decline'; reason: string }
  | { action: 'redirect'; reason: string; toBody?: string; category?: Category }
  | { action: 'assign'; lead: string; cooperating?: string[] }
  | { action: 'transfer'; toJurisdiction: string; lead?: string; cooperating?: string[]; reason: string }
  | { action: 'return'; reason: string }
  | { action: 'start' }
  | { action: 'conclude'; summary: string }
  | { action: 'reply' }
  | { action: 'requestReview'; reason: string }
  | { action: 'decideReview'; summary: string }
  | { action: 'requestReReview'; reason: string }
  | { action: 'decideReReview'; summary: string }
  | { action: 'reopen'; reason: string }
  | { action: 'close' }
  | { action: 'archive' }
  | { action: 'withdraw'; reason: string };

export type CaseAction = CaseCommand['action'];

interface TransitionRule {
  from: readonly CaseStatus[];
  event: CaseEventType;
  /** Fixed target, or derived from the command (transfer lands differently for a unit or an office). */
  to: CaseStatus | ((command: CaseCommand) => CaseStatus);
}

const BEFORE_CONCLUSION = ['accepted', 'assigned', 'inProgress'] as const;

export const TRANSITIONS: Readonly<Record<CaseAction, TransitionRule>> = {
  accept: { from: ['registered'], to: 'accepted', event: 'accepted' },
  decline: { from: ['registered'], to: 'declined', event: 'declined' },
  redirect: { from: ['registered'], to: 'redirected', event: 'redirected' },
  assign: { from: ['accepted'], to: 'assigned', event: 'assigned' },
  // To a unit: it is assigned there; to another office: that office accepts and assigns anew.
  transfer: {
    from: BEFORE_CONCLUSION,
    to: (c) => (c.action === 'transfer' && c.lead ? 'assigned' : 'accepted'),
    event: 'transferred',
  },
  return: { from: ['assigned', 'inProgress'], to: 'accepted', event: 'returned' },
  start: { from: ['assigned'], to: 'inProgress', event: 'started' },
  conclude: { from: ['inProgress'], to: 'concluded', event: 'concluded' },
  reply: { from: ['concluded'], to: 'replied', event: 'replied' },
  requestReview: { from: ['replied', 'closed'], to: 'underReview', event: 'reviewRequested' },
  decideReview: { from: ['underReview'], to: 'replied', event: 'reviewDecided' },
  requestReReview: { from: ['replied', 'closed'], to: 'underReReview', event: 'reReviewRequested' },
  decideReReview: { from: ['underReReview'], to: 'replied', event: 'reReviewDecided' },
  reopen: { from: ['replied', 'closed'], to: 'inProgress', event: 'reopened' },
  close: { from: ['replied'], to: 'closed', event: 'closed' },
  archive: { from: ['closed', 'declined', 'redirected', 'withdrawn'], to: 'archived', event: 'archived' },
  // 撤回: before the answer; a replied matter is disputed by 复查, not withdrawn.
  withdraw: { from: ['registered', 'accepted', 'assigned', 'inProgress', 'concluded'], to: 'withdrawn', event: 'withdrawn' },
};

export const CASE_ACTIONS = Object.keys(TRANSITIONS) as CaseAction[];

/** Whether the lifecycle allows `action` from `status` (ignoring the command's own guards). */
export function isAllowed(action: CaseAction, status: CaseStatus): boolean {
  return TRANSITIONS[action].from.includes(status);
}

export interface TransitionMeta {
  at: string;
  actor: string;
}

export interface TransitionResult {
  case: Case;
  event: CaseEvent;
}

/**
 * Apply one command to a case. Pure: returns the next case (version + 1) and the
 * event that records the change; throws InvalidTransition or RuleViolation.
 */
export function applyCommand(current: Case, command: CaseCommand, meta: TransitionMeta): TransitionResult {
  const rule = TRANSITIONS[command.action];
  if (!rule.from.includes(current.status)) {
    throw new InvalidTransition(command.action, current.status);
  }
  guard(current, command);
  const to = typeof rule.to === 'function' ? rule.to(command) : rule.to;
  const changed: Case = {
    ...current,
    ...changesFor(current, command),
    // A new round of handling (given to units, or reopened): cooperating units' opinions of an earlier round no longer count.
    ...(command.action === 'assign' || command.action === 'transfer' || command.action === 'reopen' ? { handlingSince: meta.at } : {}),
    status: to,
    version: current.version + 1,
    updatedAt: meta.at,
  };
  const { case: next, lapsed } = withoutLapsedExtensionRequest(current, changed);
  const detail = detailOf(command).detail;
  const event: CaseEvent = {
    caseNumber: current.caseNumber,
    seq: next.version,
    type: rule.event,
    at: meta.at,
    actor: meta.actor,
    from: current.status,
    to,
    ...reasonOf(command),
    ...(detail || lapsed ? { detail: { ...detail, ...(lapsed ? { extensionRequestLapsed: lapsed } : {}) } } : {}),
  };
  return { case: next, event };
}

/** Handled by a unit, or by the office itself (自办: accepted, no unit): the only time more time can be asked for or given. */
export const beingHandled = (c: Pick<Case, 'status' | 'handling'>): boolean => c.status === 'assigned' || c.status === 'inProgress' || (c.status === 'accepted' && c.handling === undefined);

/**
 * A 延期 request still waiting lapses when its unit's handling ends — the case
 * concluded, returned, or given to another unit: no leader may extend a
 * period nobody is still working to, and a later unit (or the same one, the
 * case reopened) asks afresh. Kept in the event that ended it.
 */
export function withoutLapsedExtensionRequest(current: Case, next: Case): { case: Case; lapsed?: { days: number; requestedBy: string; requestedAt: string } } {
  const request = current.extension;
  if (request?.status !== 'requested') return { case: next };
  // Still with the same unit (or office, 自办) in the same place: the request stands.
  if (beingHandled(next) && next.handling?.lead === current.handling?.lead && next.jurisdiction === current.jurisdiction) return { case: next };
  const { extension: _e, ...rest } = next;
  return { case: rest, lapsed: { days: request.days, requestedBy: request.requestedBy, requestedAt: request.requestedAt } };
}

function guard(current: Case, command: CaseCommand): void {
  if ('reason' in command && command.reason.trim() === '') {
    throw new RuleViolation(`${command.action} needs a reason`, { action: command.action }).inChinese(`${ACTION_LABELS[command.action]}需要说明理由`).about('reason');
  }
  switch (command.action) {
    case 'assign':
      guardUnits(command.action, command.lead, command.cooperating);
      return;
    case 'transfer':
      if (command.lead === undefined) return;
      guardUnits(command.action, command.lead, command.cooperating);
      // The same 转办 sent twice (two clicks, two staff at once) would hand the case to the unit already working it,
      // open its 5 working days to object (条例 第二十三条) anew and tell it again: the second changes nothing.
      if (alreadyWith(current, command.toJurisdiction, command.lead, command.cooperating ?? [])) {
        throw new InvalidTransition(command.action, current.status, `the case is with ${command.lead} (and the same cooperating units) already`).inChinese(
          `该信访事项当前状态为“${STATUS_LABELS[current.status]}”，已由该主办单位办理（协办单位相同），无需再转办`,
        );
      }
      return;
    case 'requestReview':
      if (current.reviewLevel === 2) throw new InvalidTransition(command.action, current.status, 'the matter is final after re-review').inChinese(FINAL_IN_CHINESE);
      if (current.reviewLevel !== 0) {
        throw new InvalidTransition(command.action, current.status, 'this case has already been reviewed; request a re-review instead').inChinese('该事项已经复查，请申请复核');
      }
      return;
    case 'requestReReview':
      if (current.reviewLevel !== 1) {
        throw new InvalidTransition(
          command.action,
          current.status,
          current.reviewLevel === 0 ? 'a re-review needs a review first' : 'the matter is final after re-review',
        ).inChinese(current.reviewLevel === 0 ? '申请复核须先经复查' : FINAL_IN_CHINESE);
      }
      return;
    // Reopened for its unit, or for the office that handled it itself (自办: no unit).
    case 'reopen':
      if (current.reviewLevel === 2) throw new InvalidTransition(command.action, current.status, 'the matter is final after re-review').inChinese(FINAL_IN_CHINESE);
      return;
    default:
      return;
  }
}

/** Worked by that lead with those cooperating units, in that jurisdiction, now. */
function alreadyWith(current: Case, jurisdiction: string, lead: string, cooperating: readonly string[]): boolean {
  const handling = current.handling;
  if ((current.status !== 'assigned' && current.status !== 'inProgress') || current.jurisdiction !== jurisdiction || handling?.lead !== lead) return false;
  return handling.cooperating.length === cooperating.length && cooperating.every((unit) => handling.cooperating.includes(unit));
}

// 《信访工作条例》第三十六条: after 复核 the same matter is not taken up again.
const FINAL_IN_CHINESE = '该事项已经复核，复核意见为最终意见';

/** One lead, any number of cooperating units, none of them twice ("one lead, others cooperate"). */
function guardUnits(action: CaseAction, lead: string, cooperating: readonly string[] = []): void {
  if (lead.trim() === '') throw new RuleViolation(`${action} needs a lead unit`, { action }).inChinese(`${ACTION_LABELS[action]}需要指定主办单位`).about('lead');
  const asLead = cooperating.indexOf(lead);
  if (asLead >= 0) throw new RuleViolation(`the lead unit ${lead} cannot also be a cooperating unit`, { action }).inChinese(`主办单位 ${lead} 不能同时作为协办单位`).about(`cooperating.${asLead}`);
  const twice = cooperating.findIndex((unit, i) => cooperating.indexOf(unit) !== i);
  if (twice >= 0) throw new RuleViolation(`cooperating unit ${cooperating[twice]} is named twice`, { action }).inChinese(`协办单位 ${cooperating[twice]} 重复填写`).about(`cooperating.${twice}`);
}

function changesFor(current: Case, command: CaseCommand): Partial<Case> {
  switch (command.action) {
    case 'accept':
    case 'redirect':
      return command.category ? { category: command.category } : {};
    case 'assign':
      return { handling: { lead: command.lead, cooperating: command.cooperating ?? [] } };
    case 'transfer':
      return {
        jurisdiction: command.toJurisdiction,
        handling: command.lead ? { lead: command.lead, cooperating: command.cooperating ?? [] } : undefined,
      };
    case 'return':
      return { handling: undefined };
    // Handled again: no longer closed (the statistics count it open), whatever closed it before.
    case 'reopen':
      return { closedAt: undefined };
    case 'decideReview':
      return { reviewLevel: 1 };
    case 'decideReReview':
      return { reviewLevel: 2 };
    default:
      return {};
  }
}

function reasonOf(command: CaseCommand): { reason?: string } {
  return 'reason' in command ? { reason: command.reason } : {};
}

function detailOf(command: CaseCommand): { detail?: Record<string, unknown> } {
  const { action: _action, ...rest } = command;
  delete (rest as { reason?: string }).reason;
  return Object.keys(rest).length > 0 ? { detail: rest } : {};
}
