import type { Actor } from '../domain/access.js';
import type { Case } from '../domain/case.js';
import { formatChinaLastDay } from '../domain/case-number.js';
import { runningClock } from '../domain/chase.js';
import { STATUS_LABELS } from '../domain/labels.js';
import { assignLeaderOwnership } from '../domain/leader-ownership.js';
import type { Province } from '../domain/province.js';
import { renderTemplate } from '../domain/templates.js';
import { changeCase, type ChangeDeps } from './change-case.js';
import type { NotificationInput } from './notification.js';
import { letters } from './outbox.js';
import { mayReadCase } from './may-read.js';

/**
 * 领导包案: the office or a leader designates the leader who owns a case
 * (shared/domain/leader-ownership.ts). In one change: the case, its event,
 * the case's entry on the leader's 包案 list, and the letter telling them.
 */
export function assignLeader(deps: ChangeDeps, caseNumber: string, actor: Actor, request: { leader: string; reason: string; expectedVersion?: number | undefined }): Promise<Case> {
  return changeCase(
    deps,
    caseNumber,
    actor,
    'assignLeader',
    ({ case: current }, at) => {
      const owned = assignLeaderOwnership(current, request, { at, actor: actor.staffId, staff: (id) => deps.province.staff(id), tree: deps.province.tree });
      // The case's entry on the leader's 包案 list is derived from the change (commitCaseChange).
      return { ...owned, outbox: letters(ownershipLetter(deps.province, owned.case, actor.staffId), replacedLetter(deps.province, current, owned.case, actor.staffId)) };
    },
    request.expectedVersion,
  );
}

/** The leader a new designation replaced is told who owns the case now (not one who may no longer read it). */
function replacedLetter(province: Province, before: Case, c: Case, by: string): NotificationInput | undefined {
  const previous = before.leaderOwnership ? province.staff(before.leaderOwnership.leader) : undefined;
  const successor = province.staff(c.leaderOwnership!.leader);
  if (!previous || !successor || !mayReadCase(province, c)({ who: previous.id })) return undefined;
  const office = province.jurisdiction(province.staff(by)?.jurisdiction ?? c.jurisdiction).office;
  const letter = renderTemplate('leaderOwnershipEnded', province.templateFor('leaderOwnershipEnded', c.jurisdiction), {
    caseNumber: c.caseNumber,
    office: office.name,
    leader: previous.name,
    subject: c.subject ?? '（无主题）',
    successor: successor.name,
    by: by === previous.id ? '经您本人确定，' : `经${province.staff(by)?.name ?? office.name}确定，`,
    reason: c.leaderOwnership!.reason,
  });
  return { id: `owner-ended:${c.caseNumber}:${c.version}`, kind: 'notice', caseNumber: c.caseNumber, to: [previous.email], fromName: office.name, subject: letter.subject, text: letter.body, autoSubmitted: 'auto-generated' };
}

function ownershipLetter(province: Province, c: Case, by: string): NotificationInput | undefined {
  const ownership = c.leaderOwnership!;
  const leader = province.staff(ownership.leader);
  if (!leader) return undefined;
  // Signed by the office of whoever designated the leader (a city's 包案 of a county case is the city's act).
  const office = province.jurisdiction(province.staff(by)?.jurisdiction ?? c.jurisdiction).office;
  const clock = runningClock(c);
  const designator = by === leader.id ? '经您本人确定，' : `经${province.staff(by)?.name ?? office.name}确定，`;
  const letter = renderTemplate('leaderOwnership', province.templateFor('leaderOwnership', c.jurisdiction), {
    caseNumber: c.caseNumber,
    office: office.name,
    leader: leader.name,
    subject: c.subject ?? '（无主题）',
    reason: ownership.reason,
    status: STATUS_LABELS[c.status],
    deadline: clock ? `，期限${formatChinaLastDay(clock.deadline)}` : '',
    by: designator,
    caseLink: `${province.config.mail.consoleUrl}/cases/${c.caseNumber}`,
  });
  return {
    id: `owner:${c.caseNumber}:${c.version}`,
    kind: 'notice',
    caseNumber: c.caseNumber,
    to: [leader.email],
    fromName: office.name,
    subject: letter.subject,
    text: letter.body,
    autoSubmitted: 'auto-generated',
  };
}
