import { readsCase, type Actor } from './access.js';
import type { StaffRole } from './department.js';
import type { Case, CaseEvent, CaseStatus, LeaderReading, LeaderReadingStatus } from './case.js';
import { STATUS_LABELS } from './labels.js';
import { InvalidTransition, RuleViolation } from './errors.js';
import type { JurisdictionTree } from './jurisdiction.js';

/**
 * 呈领导阅批: "对重要的信件要立即报送…领导阅批" — the petitions office puts
 * an important case before a named leader of its jurisdiction or a level
 * above, with its proposal (拟办意见). The leader reads it and either gives a
 * 领导批示 (a note of kind instruction: 已批示, case-note.ts) or marks it read
 * without one (已阅). Each submission is kept on the case with its state;
 * one waits at a time per leader. (shared/app/leader-reading.ts sends it.)
 */
export type { LeaderReading, LeaderReadingStatus } from './case.js';

/** 拟办意见: a short proposal, not a report (that is an attachment or a note). */
export const LEADER_READING_OPINION_MAX = 500;

export const LEADER_READING_STATUS_LABELS: Readonly<Record<LeaderReadingStatus, string>> = { waiting: '待阅批', read: '已阅', instructed: '已批示' };

/** Where a case no longer waits for anyone's 阅批: it is filed, or no longer handled (撤回, 不予受理, 告知). */
const ENDED: ReadonlySet<CaseStatus> = new Set<CaseStatus>(['archived', 'withdrawn', 'declined', 'redirected']);

/** Who the staff are and the tree: enough to tell whether a leader may still read the case. */
export interface ReadingRoster {
  staff(id: string): NamedLeader | undefined;
  tree: JurisdictionTree;
}

/**
 * Why a submission still marked 待阅批 no longer waits (已失效), if it does not: the case ended, or the leader may no
 * longer read it (回避, the case moved out of their line, a report naming them or their place). Without the roster,
 * only the case's state.
 */
export function readingVoidReason(c: Case, reading: Pick<LeaderReading, 'leader' | 'status'>, roster?: ReadingRoster): string | undefined {
  if (reading.status !== 'waiting') return undefined;
  if (ENDED.has(c.status)) return `事项${STATUS_LABELS[c.status]}`;
  if (!roster) return undefined;
  const named = roster.staff(reading.leader);
  if (!named || !readsCase(leaderActor(named), c, roster.tree)) return '该领导已回避或无权查阅该事项';
  return undefined;
}

/** The submissions still marked 待阅批 that no longer wait (已失效), each with why: the office may put the case before another leader. */
export function voidReadings(c: Case, roster: ReadingRoster): { seq: number; reason: string }[] {
  return (c.leaderReadings ?? []).flatMap((r) => {
    const reason = readingVoidReason(c, r, roster);
    return reason ? [{ seq: r.seq, reason }] : [];
  });
}

/** The leaders a case waits on for 阅批: each has it on their 待阅批 list, while the case is open to them (readingVoidReason). */
export const leadersReading = (c: Case, roster?: ReadingRoster): string[] => [
  ...new Set((c.leaderReadings ?? []).filter((r) => r.status === 'waiting' && readingVoidReason(c, r, roster) === undefined).map((r) => r.leader)),
];

/** Who a leader is, as the staff roster says: enough to check the one named. */
export interface NamedLeader {
  id: string;
  jurisdiction: string;
  unit?: string | undefined;
  roles: readonly StaffRole[];
}

/** The named leader as the read rules see them. */
const leaderActor = (named: NamedLeader): Actor => ({ staffId: named.id, jurisdiction: named.jurisdiction, roles: named.roles, ...(named.unit ? { unit: named.unit } : {}) });

/**
 * 呈批: the case before `leader` (a leader, in no unit, of the case's
 * jurisdiction or a level above) with the office's 拟办意见. Refused, each in
 * Chinese: someone who is not a leader, a leader outside the case's line,
 * the same leader while an earlier submission still waits, an archived case.
 * The very same submission again (leader, 拟办意见, who submitted) is no
 * change: undefined.
 */
export function submitForLeaderReading(
  c: Case,
  request: { leader: string; opinion: string },
  named: NamedLeader | undefined,
  tree: JurisdictionTree,
  meta: { at: string; actor: string },
): { case: Case; event: CaseEvent; reading: LeaderReading } | undefined {
  if (c.status === 'archived') throw new InvalidTransition('submitLeaderReading', c.status, 'an archived case is not put before a leader').inChinese('已归档的信访事项不能再呈领导阅批');
  const opinion = request.opinion.trim();
  if (opinion === '') throw new RuleViolation('write the proposal (拟办意见)').inChinese('请填写拟办意见').about('opinion');
  if (opinion.length > LEADER_READING_OPINION_MAX) throw new RuleViolation(`the proposal is at most ${LEADER_READING_OPINION_MAX} characters`).inChinese(`拟办意见不超过 ${LEADER_READING_OPINION_MAX} 字`).about('opinion');
  if (!named || !named.roles.includes('leader') || named.unit !== undefined) {
    throw new RuleViolation(`${request.leader} is not a leader of any office`).inChinese('所选人员不是领导，不能呈其阅批').about('leader');
  }
  if (!tree.isWithin(c.jurisdiction, named.jurisdiction)) {
    throw new RuleViolation(`${request.leader} is not a leader of ${c.jurisdiction} or a level above it`).inChinese('所选领导不属于本辖区或上级机关，不能呈其阅批').about('leader');
  }
  // 回避 (第二十八条), or a report naming them or their place's government (第三十条): the leader may not see it, so it is not sent to them.
  if (!readsCase(leaderActor(named), c, tree)) {
    throw new RuleViolation(`${request.leader} may not read this case (recused, or accused by it)`).inChinese('所选领导须回避或无权查阅该事项，不能呈其阅批').about('leader');
  }
  const waiting = (c.leaderReadings ?? []).find((r) => r.leader === named.id && r.status === 'waiting');
  // The same submission again (a retry after a lost response): it is there already, nothing more to record or send.
  if (waiting && waiting.opinion === opinion && waiting.submittedBy === meta.actor) return undefined;
  if (waiting) {
    throw new InvalidTransition('submitLeaderReading', c.status, `the case already waits for ${named.id} to read it`).inChinese('该事项已呈该领导阅批，尚待阅批，不能重复呈批');
  }
  const seq = c.version + 1;
  const reading: LeaderReading = { seq, leader: named.id, opinion, submittedBy: meta.actor, submittedAt: meta.at, status: 'waiting' };
  return {
    case: { ...c, leaderReadings: [...(c.leaderReadings ?? []), reading], version: seq, updatedAt: meta.at },
    event: { caseNumber: c.caseNumber, seq, type: 'leaderReadingSubmitted', at: meta.at, actor: meta.actor, detail: { leader: named.id, opinion } },
    reading,
  };
}

/** 已阅: the leader the case waits on marks it read, without an instruction. Again, once marked, it is no change (undefined). */
export function markLeaderRead(c: Case, actor: Pick<Actor, 'staffId'>, at: string): { case: Case; event: CaseEvent } | undefined {
  const theirs = (c.leaderReadings ?? []).filter((r) => r.leader === actor.staffId);
  const waiting = theirs.find((r) => r.status === 'waiting');
  if (!waiting && theirs.at(-1)?.status === 'read') return undefined;
  if (!waiting) {
    throw new InvalidTransition('markLeaderRead', c.status, `the case waits for no reading by ${actor.staffId}`).inChinese('该事项没有呈您阅批、尚待阅批的记录');
  }
  const seq = c.version + 1;
  return {
    case: { ...c, leaderReadings: (c.leaderReadings ?? []).map((r) => (r === waiting ? { ...r, status: 'read' as const, answeredAt: at } : r)), version: seq, updatedAt: at },
    event: { caseNumber: c.caseNumber, seq, type: 'leaderReadingAnswered', at, actor: actor.staffId, detail: { submitted: waiting.seq, status: 'read' } },
  };
}

/**
 * 已批示: a 领导批示 by a leader the case waits on answers the submission —
 * the instruction is the reading. Nothing changes for another leader's note.
 */
export function withInstructionAnswering(c: Case, leader: string, at: string, noteSeq: number): { case: Case; answered?: number } {
  const waiting = (c.leaderReadings ?? []).find((r) => r.leader === leader && r.status === 'waiting');
  if (!waiting) return { case: c };
  return {
    case: { ...c, leaderReadings: (c.leaderReadings ?? []).map((r) => (r === waiting ? { ...r, status: 'instructed' as const, answeredAt: at, instructionSeq: noteSeq } : r)) },
    answered: waiting.seq,
  };
}
