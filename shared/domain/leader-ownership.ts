import type { Case, CaseEvent } from './case.js';
import type { StaffRole } from './department.js';
import { InvalidInput, InvalidTransition } from './errors.js';
import type { JurisdictionTree } from './jurisdiction.js';

/**
 * 领导包案: a leader personally owns a major or difficult case — a repeat
 * petition, a collective one, a case overdue or long unresolved — to see it
 * investigated, handled and settled (包调查、包处理、包解决、包息诉). The office
 * or a leader designates one: a staff member with the leader role at the
 * case's level or above (a city leader may own a county's case), never one
 * recused from it — by staff of that leader's level or above (or the leader
 * themself). A new designation replaces the one before; each is an event on
 * the case. The owning leader is told, has the case on their 包案 list, and
 * is copied on every escalation of it; the leader replaced is told too.
 */

export interface OwnerCandidate {
  id: string;
  name: string;
  jurisdiction: string;
  roles: readonly StaffRole[];
  unit?: string | undefined;
}

export function assignLeaderOwnership(
  c: Case,
  request: { leader: string; reason: string },
  ctx: { at: string; actor: string; staff: (id: string) => OwnerCandidate | undefined; tree: JurisdictionTree },
): { case: Case; event: CaseEvent } {
  if (c.status === 'archived') throw new InvalidTransition('assignLeader', c.status, 'an archived case is no longer owned by anyone').inChinese('已归档的事项不再确定包案领导');
  const refuse = (message: string, chinese: string) =>
    new InvalidInput(`${request.leader}: ${message}`, [{ path: 'body.leader', message, kind: 'rule', chinese }]).inChinese(`${request.leader}：${chinese}`);
  const leader = ctx.staff(request.leader);
  if (!leader) throw refuse('no such staff member', '没有这名工作人员');
  if (!leader.roles.includes('leader') || leader.unit !== undefined) throw refuse('not a leader of a petitions office’s jurisdiction (needs the leader role, outside any unit)', '不是信访部门所在辖区的领导（须具有领导角色，且不属于任何单位）');
  if (!ctx.tree.isWithin(c.jurisdiction, leader.jurisdiction)) throw refuse(`a leader of ${leader.jurisdiction}, which is not the case’s jurisdiction (${c.jurisdiction}) nor above it`, `是 ${leader.jurisdiction} 的领导，该辖区不是本事项所属辖区（${c.jurisdiction}），也不是其上级`);
  // A level's leaders are put in charge by their own level or one above it: not by a county's office for the city's mayor.
  const designator = ctx.staff(ctx.actor);
  if (designator && designator.id !== leader.id && !ctx.tree.isWithin(leader.jurisdiction, designator.jurisdiction)) {
    throw refuse(
      `a leader of ${leader.jurisdiction}, a level above the designator’s (${designator.jurisdiction}): ask that level’s office or leaders to designate them`,
      `是 ${leader.jurisdiction} 的领导，比确定包案者所在的辖区（${designator.jurisdiction}）高一级：请由该级信访部门或领导确定`,
    );
  }
  // Nor does a lower level displace the 包案 of a leader above it (one may release their own).
  const previous = c.leaderOwnership ? ctx.staff(c.leaderOwnership.leader) : undefined;
  if (designator && previous && designator.id !== previous.id && !ctx.tree.isWithin(previous.jurisdiction, designator.jurisdiction)) {
    throw refuse(
      `the case is owned by a leader of ${previous.jurisdiction}, a level above the designator’s (${designator.jurisdiction}): that level decides who owns it`,
      `该事项由 ${previous.jurisdiction} 的领导包案，比确定包案者所在的辖区（${designator.jurisdiction}）高一级：由该级决定包案领导`,
    );
  }
  if (c.recused?.some((r) => r.staffId === leader.id)) throw refuse('recused from this case (回避)', '已对本事项回避');
  if (c.leaderOwnership?.leader === leader.id) throw refuse('already owns this case', '已是本事项的包案领导');
  const version = c.version + 1;
  const reason = request.reason.trim();
  return {
    case: { ...c, leaderOwnership: { leader: leader.id, reason, since: ctx.at, by: ctx.actor }, version, updatedAt: ctx.at },
    event: {
      caseNumber: c.caseNumber,
      seq: version,
      type: 'leaderAssigned',
      at: ctx.at,
      actor: ctx.actor,
      reason,
      detail: { leader: leader.id, ...(c.leaderOwnership ? { previous: c.leaderOwnership.leader } : {}) },
    },
  };
}

/**
 * 回避 ends 包案: a leader recused from the case (accused by the material,
 * or recused by the office) no longer owns it — the case leaves their 包案
 * list and the office designates another. So does a claimant's hold
 * (`owner`). Returns the case unchanged when neither was recused.
 */
export function withRecusedOwnersRemoved(c: Case): { case: Case; ownershipEnded?: string } {
  const recused = (id: string | undefined) => id !== undefined && (c.recused ?? []).some((r) => r.staffId === id);
  const leader = c.leaderOwnership?.leader;
  if (!recused(leader) && !recused(c.owner)) return { case: c };
  const { owner, leaderOwnership, ...rest } = c;
  return {
    case: { ...rest, ...(owner && !recused(owner) ? { owner } : {}), ...(leaderOwnership && !recused(leader) ? { leaderOwnership } : {}) },
    ...(recused(leader) ? { ownershipEnded: leader! } : {}),
  };
}

