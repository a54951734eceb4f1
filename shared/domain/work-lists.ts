import type { Case } from './case.js';
import type { StaffRole } from './department.js';
import { reportBackOffices } from './report-back.js';
import { implementationPending } from './implementation.js';

/**
 * 工作台: which lists a staff member works from, decided by who they are
 * (shared/app/work-lists.ts fills them). Pure, so the console can ask for a
 * person's first list while it is still counting them all.
 * - The petitions office (office roles, not placed in a unit): 待分办, 待受理,
 *   待交办, 新登记.
 * - A unit's staff: 本单位在办, 我承办的 (the open cases they took on —
 *   认领, 首问责任制 — whichever of the unit's cases those are), and 协办事项
 *   (open cases another unit leads and theirs cooperates on).
 * - A leader: 待审批延期 (extension requests, which leaders decide), 督办
 *   (overdue cases whose escalation chain has reached the jurisdiction's
 *   leaders), 紧急, 待复查复核 (reviews this level decides) and 包案 (the
 *   cases they own, 领导包案).
 * - The office also has 待复查复核: it prepares the review decision,
 *   待批退回: its units' requests to return a case after their 5 working days
 *   to object (条例 第二十三条), and cooperating units' 协办异议, to approve or
 *   refuse, and 交办督办件: the
 *   cases below it that it handed down (交办), supervises (上级督办) or was
 *   escalated to, until they are answered and the result reported to it;
 *   and 无人承办: open cases led by one of its units that no longer has
 *   anyone in the system (the last handler left), to take back or hand on.
 * - The office's desk (the office and its registrars): 待寄送, letters to
 *   petitioners without email to print and post (shared/domain/postal.ts),
 *   and 待回访, follow-ups due that staff make by phone or letter.
 * - The office's staff have 我承办的 too (a case they claimed before any unit
 *   had it); a leader alone has 包案 instead.
 * - Who approves decision letters (审核签发, shared/domain/reply-signoff.ts):
 *   待签发, the letters of concluded cases that wait for their approval — a
 *   unit head's for their unit, a leader's for their office (and the
 *   fallbacks that reach them); never a letter they wrote. A leader's holds
 *   too the 复查（复核）意见书 their office drafted for their 签发
 *   (shared/domain/review-signoff.ts).
 * - A leader has 待阅批 too: the cases the office put before them (呈领导阅批,
 *   shared/domain/leader-reading.ts) until they read them (已阅) or give an
 *   instruction (已批示).
 * - Everyone: 已逾期 and 3个工作日内到期, over what they work.
 */
export const WORK_LISTS = [
  'triage',
  'awaitingAcceptance',
  'awaitingAssignment',
  'newlyRegistered',
  'unitOpen',
  'handledByMe',
  'cooperating',
  'supervising',
  'unstaffedLead',
  'extensionRequests',
  'escalated',
  'urgent',
  'reviewsAwaiting',
  'returnRequests',
  'awaitingSignOff',
  'leaderReadings',
  'overdue',
  'dueSoon',
  'lettersToPost',
  'lettersToPhone',
  'followUpsDue',
  'ownedCases',
] as const;
export type WorkListId = (typeof WORK_LISTS)[number];

/** Roles that run a petitions office's intake (a leader alone does not triage). */
const OFFICE_ROLES: ReadonlySet<string> = new Set<StaffRole>(['petitionsOffice', 'administrator']);

/** The lists this staff member has, in the order the workbench shows them. */
export function workListsOf(staff: { unit?: string | undefined; roles: readonly string[] }): WorkListId[] {
  if (staff.unit) return ['unitOpen', ...(staff.roles.includes('unitHead') ? (['awaitingSignOff'] as const) : []), 'handledByMe', 'cooperating', 'overdue', 'dueSoon'];
  const isLeader = staff.roles.includes('leader');
  // 包案 is a leader's ledger of the cases they own; the workbench opens on what waits for a decision.
  const leader: WorkListId[] = isLeader ? ['extensionRequests', 'leaderReadings', 'awaitingSignOff', 'escalated', 'urgent', 'reviewsAwaiting', 'ownedCases'] : [];
  const office = staff.roles.some((r) => OFFICE_ROLES.has(r));
  const intake: WorkListId[] = office
    ? ['triage', 'awaitingAcceptance', 'awaitingAssignment', 'newlyRegistered', ...(isLeader ? [] : (['reviewsAwaiting'] as const)), 'returnRequests', 'supervising', 'unstaffedLead']
    : ['newlyRegistered'];
  const desk: WorkListId[] = office || staff.roles.includes('registrar') ? ['lettersToPost', 'lettersToPhone', 'followUpsDue'] : [];
  const claims: WorkListId[] = office || staff.roles.includes('registrar') ? ['handledByMe'] : [];
  return [...leader, ...intake, ...desk, ...claims, 'overdue', 'dueSoon'];
}

/** Where a cooperating unit has work: the case handed to its units and not yet concluded (again when reopened). */
const COOPERATION_STATUSES: ReadonlySet<Case['status']> = new Set(['assigned', 'inProgress']);

/** The units that cooperate on a case (协办) while it is being handled: each has it on its 协办事项 list. */
export function cooperatingUnits(c: Pick<Case, 'status' | 'handling'>): string[] {
  return COOPERATION_STATUSES.has(c.status) ? [...(c.handling?.cooperating ?? [])] : [];
}

/** Until the answer (答复): the result is reported to the offices above then (办理结果报送). */
const SUPERVISED_STATUSES: ReadonlySet<Case['status']> = new Set(['registered', 'accepted', 'assigned', 'inProgress', 'concluded']);

/** Not answered yet: the answer is when the result is reported up. */
export const answerPending = (c: Pick<Case, 'status'>): boolean => SUPERVISED_STATUSES.has(c.status);

/**
 * The offices above a case that it owes its result (交办, 上级督办, escalated to): each has it on its 交办督办件 list
 * until it is answered; and a reviewing office whose changed decision waits to be carried out (落实), until the
 * 落实情况 is reported.
 */
export function supervisingOffices(c: Pick<Case, 'status' | 'jurisdiction' | 'reportBackTo' | 'reportBackAbove' | 'implementation'>): string[] {
  const owed = answerPending(c) ? reportBackOffices(c).filter((office) => office !== c.jurisdiction) : [];
  const implementation = implementationPending(c);
  return implementation && c.status !== 'archived' && !owed.includes(implementation.orderedBy) ? [...owed, implementation.orderedBy] : owed;
}
