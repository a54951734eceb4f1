import type { Actor } from '../domain/access.js';
import type { Case } from '../domain/case.js';
import { DomainError, InvalidInput, OutOfScope, RuleViolation } from '../domain/errors.js';
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
import { isAccusedUnit } from './handoff/notices.js';
import { actingJurisdiction } from '../domain/closing.js';
import type { AuditEntry, CaseIndexes, CaseStore } from './ports.js';

/**
 * 领导包案: the office or a leader designates the leader who owns a case
 * (shared/domain/leader-ownership.ts). In one change: the case, its event,
 * the case's entry on the leader's 包案 list, and the letter telling them.
 */
export function assignLeader(
  deps: ChangeDeps,
  caseNumber: string,
  actor: Actor,
  request: { leader: string; reason: string; expectedVersion?: number | undefined },
  /** 包案交接: only while this leader still owns the case (the owner list read before may be stale, or the office designated another since). */
  ownedBy?: string,
): Promise<Case> {
  return changeCase(
    deps,
    caseNumber,
    actor,
    'assignLeader',
    ({ case: current }, at) => {
      if (ownedBy !== undefined && current.leaderOwnership?.leader !== ownedBy) {
        throw new RuleViolation(`the case is no longer owned by ${ownedBy}: left as it is`).inChinese(`该事项已不由 ${ownedBy} 包案，未作变动`);
      }
      const owned = assignLeaderOwnership(current, request, { at, actor: actor.staffId, staff: (id) => deps.province.staff(id), tree: deps.province.tree });
      // The case's entry on the leader's 包案 list is derived from the change (commitCaseChange).
      return { ...owned, outbox: letters(ownershipLetter(deps.province, owned.case, actor.staffId), replacedLetter(deps.province, current, owned.case, actor.staffId), ownedFromAboveLetter(deps.province, owned.case)) };
    },
    request.expectedVersion,
  );
}

/**
 * 上级领导包案: a leader of a level above the case's now owns it — the office holding it and the lead unit are told
 * to report progress to that leader (a same-level 包案 is the office's own act: only the leader hears of it). Never
 * to a unit or office the report accuses; the id carries the version, so a retried write sends it once and a
 * refused repeat designation sends nothing.
 */
function ownedFromAboveLetter(province: Province, c: Case): NotificationInput | undefined {
  const leader = province.staff(c.leaderOwnership!.leader);
  if (!leader || leader.jurisdiction === c.jurisdiction) return undefined;
  const holdingCode = actingJurisdiction(c);
  const holding = province.jurisdiction(holdingCode).office;
  const officeAccused = (c.accusedJurisdictions ?? []).some((place) => province.tree.isWithin(holdingCode, place));
  const lead = c.handling?.lead && !isAccusedUnit(province, c, c.handling.lead) ? province.unit(c.handling.lead) : undefined;
  const recipients = [...(lead ? [lead] : []), ...(officeAccused || holdingCode === leader.jurisdiction ? [] : [holding])];
  if (recipients.length === 0) return undefined;
  const office = province.jurisdiction(leader.jurisdiction).office;
  const clock = runningClock(c);
  const letter = renderTemplate('leaderOwnershipAbove', province.templateFor('leaderOwnershipAbove', leader.jurisdiction), {
    caseNumber: c.caseNumber,
    office: office.name,
    leader: leader.name,
    recipients: recipients.map((r) => r.name).join('、'),
    subject: c.subject ?? '（无主题）',
    reason: c.leaderOwnership!.reason,
    status: STATUS_LABELS[c.status],
    deadline: clock ? `，期限${formatChinaLastDay(clock.deadline)}` : '',
    caseLink: `${province.config.mail.consoleUrl}/cases/${c.caseNumber}`,
  });
  const to = recipients.map((r) => r.mailbox).filter((m, i, all) => all.indexOf(m) === i);
  return { id: `owner-above:${c.caseNumber}:${c.version}`, kind: 'notice', caseNumber: c.caseNumber, to, fromName: office.name, subject: letter.subject, text: letter.body, autoSubmitted: 'auto-generated' };
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
  // Signed by the office of whoever designated the leader (a city's 包案 of a county case is the city's act);
  // a handover the administrator ran (包案交接) is the leader's own level's, not the province's.
  const designatorStaff = province.staff(by);
  const handover = designatorStaff !== undefined && designatorStaff.roles.every((role) => role === 'administrator');
  const office = province.jurisdiction(handover ? leader.jurisdiction : (designatorStaff?.jurisdiction ?? c.jurisdiction)).office;
  const clock = runningClock(c);
  const designator = by === leader.id ? '经您本人确定，' : handover ? '经包案交接，' : `经${designatorStaff?.name ?? office.name}确定，`;
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

/** A case whose work is over keeps its owner as history; the others pass to the successor. */
const ENDED: ReadonlySet<Case['status']> = new Set(['closed', 'archived', 'declined', 'redirected', 'withdrawn']);

export interface OwnershipHandover {
  /** The cases the successor owns now. */
  handedOver: string[];
  /** Cases whose work is over, left as they were: the departed leader owned them. */
  ended: string[];
  /** Cases the successor could not take (recused, outside their level…), each with why: the office designates another leader for them. */
  refused: { caseNumber: string; code: string; message: string }[];
}

/**
 * 包案交接: a leader who leaves the post (moved, retired, another portfolio)
 * leaves cases on their 包案 list that nobody would otherwise own. Each case
 * still being worked is designated to the successor as one designation is —
 * checked case by case (a successor recused from a case, or of a level below
 * its owner's, is refused for that case and named), recorded on the case, the
 * successor told. Safe to repeat: a handed-over case is no longer on the
 * departed leader's list. `from` need not be a staff member any more.
 */
export async function handOverOwnedCases(
  deps: ChangeDeps & { store: ChangeDeps['store'] & Pick<CaseIndexes, 'ownedCasesPage'> & Pick<CaseStore, 'appendAudit'> },
  actor: Actor,
  request: { from: string; to: string; reason: string },
): Promise<OwnershipHandover> {
  if (request.from === request.to) {
    throw new InvalidInput('the successor is the leader who leaves', [{ path: 'body.to', message: 'name another leader than `from`', kind: 'rule', chinese: '接任领导不能是离任领导本人' }]).inChinese('接任领导不能是离任领导本人');
  }
  const successor = deps.province.staff(request.to);
  if (!successor || !successor.roles.includes('leader') || successor.unit !== undefined) {
    throw new InvalidInput(`${request.to} is not a leader`, [{ path: 'body.to', message: 'must be the staff id of a leader (role leader, outside any unit)', kind: 'choice' }]).inChinese(`${request.to} 不是领导（须具有领导角色，且不属于任何单位）`);
  }
  // Read the whole list first: each handover takes its case off the list being read.
  const owned: { caseNumber: string; status: Case['status'] }[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.store.ownedCasesPage({ leader: request.from, limit: 100, ...(cursor ? { cursor } : {}) });
    owned.push(...page.items.map((item) => ({ caseNumber: item.caseNumber, status: item.status })));
    cursor = page.cursor;
  } while (cursor);
  const result: OwnershipHandover = { handedOver: [], ended: [], refused: [] };
  const departed = deps.province.staff(request.from)?.name ?? request.from;
  for (const { caseNumber, status } of owned) {
    if (ENDED.has(status)) {
      result.ended.push(caseNumber);
      continue;
    }
    // Each case's own trail says who designated its leader, as POST /cases/{n}/leader writes it (`leader`), or who tried.
    const onTrail = (outcome: AuditEntry['outcome'], detail?: string) =>
      deps.store.appendAudit({ caseNumber, at: deps.clock.now().toISOString(), actor: actor.staffId, action: 'leader', outcome, ...(detail ? { detail } : {}) });
    try {
      await assignLeader(deps, caseNumber, actor, { leader: request.to, reason: `包案交接（${departed}不再包案）：${request.reason}` }, request.from);
      result.handedOver.push(caseNumber);
      await onTrail('allowed', 'handover');
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      result.refused.push({ caseNumber, code: error.code, message: error.chinese ?? error.message });
      await onTrail(error instanceof OutOfScope ? 'denied' : 'refused', error instanceof OutOfScope ? undefined : error.code);
    }
  }
  return result;
}
