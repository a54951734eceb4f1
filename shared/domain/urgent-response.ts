import type { Case, CaseEvent } from './case.js';
import { InvalidTransition, RuleViolation } from './errors.js';
import { recordOnCase } from './messages.js';
import { formatChinaDateTime } from './case-number.js';

/**
 * 紧急响应 (条例 第二十五条): an urgent matter is reported to the receiving
 * office's leaders at once, and some offices require a response within 30
 * minutes. The alert sets a time by which a leader or the office must say
 * what they are doing about it (`respondToUrgent`); a matter still without a
 * response then is reported once more, to the same leaders and to the office
 * of the level above (`escalateUnansweredUrgent`, by the sweep).
 */

const MINUTE_MS = 60_000;

/** The case with its response clock, when it is urgent and the office sets one (minutes > 0). */
export function withUrgentResponse(c: Case, at: string, minutes: number): Case {
  if (!c.urgent || minutes <= 0 || c.urgentResponse) return c;
  return { ...c, urgentResponse: { alertedAt: at, dueAt: new Date(Date.parse(at) + minutes * MINUTE_MS).toISOString() } };
}

/** Whether a response is still awaited (the case open, nobody has responded). */
export function awaitingUrgentResponse(c: Pick<Case, 'urgentResponse' | 'status'>): boolean {
  return c.urgentResponse !== undefined && !c.urgentResponse.respondedAt && c.status !== 'archived';
}

/** When the sweep is to report an unanswered urgent matter upward; undefined once answered or reported. */
export function urgentResponseDueAt(c: Pick<Case, 'urgentResponse' | 'status'>): string | undefined {
  return awaitingUrgentResponse(c) && !c.urgentResponse!.escalatedAt ? c.urgentResponse!.dueAt : undefined;
}

/** A leader or the office records the response: what was done, once. */
export function respondToUrgent(c: Case, note: string, ctx: { at: string; actor: string }): { case: Case; event: CaseEvent } {
  const response = c.urgentResponse;
  if (!response) throw new InvalidTransition('respondUrgent', c.status, 'the case is not an urgent matter awaiting a response').inChinese('该事项不是等待响应的紧急事项');
  if (response.respondedAt) throw new InvalidTransition('respondUrgent', c.status, `a response was recorded at ${response.respondedAt} by ${response.respondedBy ?? 'staff'}`).inChinese(
      `${response.respondedBy ?? '工作人员'}已于${formatChinaDateTime(response.respondedAt)}记录响应情况`,
    );
  const text = note.trim();
  if (text === '') throw new RuleViolation('a response says what was done or arranged').inChinese('请填写已采取或安排的处置措施');
  const late = ctx.at > response.dueAt;
  const recorded = recordOnCase(c, 'noted', { at: ctx.at, actor: ctx.actor, reason: text, detail: { urgentResponse: { dueAt: response.dueAt, ...(late ? { late: true } : {}) } } });
  return { case: { ...recorded.case, urgentResponse: { ...response, respondedAt: ctx.at, respondedBy: ctx.actor, note: text } }, event: recorded.event };
}

/** The sweep, once the time is up without a response: recorded, and reported (the letter is the caller's). */
export function escalateUnansweredUrgent(c: Case, now: string, actor: string): { case: Case; event: CaseEvent } | undefined {
  const due = urgentResponseDueAt(c);
  if (!due || now < due) return undefined;
  const recorded = recordOnCase(c, 'noted', { at: now, actor, detail: { urgentUnanswered: { alertedAt: c.urgentResponse!.alertedAt, dueAt: due } } });
  return { case: { ...recorded.case, urgentResponse: { ...c.urgentResponse!, escalatedAt: now } }, event: recorded.event };
}
