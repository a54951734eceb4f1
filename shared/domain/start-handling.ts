import type { Actor } from './access.js';
import type { Case, CaseEvent } from './case.js';
import { formatChinaDateTime } from './case-number.js';
import { IdempotencyKeyReused, InvalidTransition, OutOfScope } from './errors.js';
import { applyCommand, type TransitionMeta, type TransitionResult } from './lifecycle.js';

/**
 * 签收 (开始办理): the lead unit a case was handed to (交办, 转办) signs for it
 * and starts work — `assigned → inProgress`, a `started` event saying who,
 * when and which unit. The office that handed it over and the petitioner
 * then read it as being handled (办理中, 承办单位正在办理).
 *
 * Not a gate: a unit may conclude a case it never signed for (closing.ts
 * starts it with the conclusion), and signing waives nothing — the 5 working
 * days to object (条例 第二十三条, objection.ts) run on after it. Only the
 * lead moves the case's status; a cooperating unit does not sign for it.
 */
export interface StartInput {
  /** 签收说明: optional, kept on the event. */
  note?: string | undefined;
  /** The request's Idempotency-Key: the same request again answers the case as it is. */
  requestKey?: string | undefined;
}

export const START_NOTE_MAX_LENGTH = 500;

/** Unit names as staff read them, for the refusals. */
export type UnitName = (unit: string) => string;

/**
 * Why this staff member may not sign for the case, precisely, before the
 * general access rule answers (which would only say 无权): the office that
 * handed the case over, or a cooperating unit, is told who signs. A case no
 * unit has (自办) is not signed for at all.
 */
export function assertMayStart(actor: Actor, c: Case, unitName: UnitName): void {
  const lead = c.handling?.lead;
  if (lead === undefined) {
    if (c.status !== 'accepted') return;
    throw new InvalidTransition('start', c.status, `case ${c.caseNumber} is handled by the office itself (no unit has it): there is nothing to sign for; work it and conclude it`).inChinese(
      `信访事项 ${c.caseNumber} 未交办承办单位，由信访部门自办，无需签收，可直接办理、办结`,
    );
  }
  if (actor.unit === undefined) {
    throw new OutOfScope(`case ${c.caseNumber} is signed for by its lead unit ${lead}, not by the office`).inChinese(
      `信访事项 ${c.caseNumber} 已交${unitName(lead)}办理，由该单位的承办人或单位负责人签收，信访部门不代为签收`,
    );
  }
  if (c.handling?.cooperating.includes(actor.unit)) {
    throw new OutOfScope(`unit ${actor.unit} cooperates on case ${c.caseNumber}: its lead unit ${lead} signs for it`).inChinese(
      `贵单位是信访事项 ${c.caseNumber} 的协办单位，由主办单位${unitName(lead)}签收并开始办理；协办单位可提出协办意见`,
    );
  }
}

/**
 * The same 签收 again: with the same Idempotency-Key, the `started` event it
 * recorded (the case is answered as it is, whatever happened since); that key
 * with another note is refused (422). Undefined when this is not a repeat.
 */
export function repeatedStart(events: readonly CaseEvent[], input: StartInput): CaseEvent | undefined {
  if (input.requestKey === undefined) return undefined;
  const earlier = events.find((e) => e.type === 'started' && e.detail?.requestKey === input.requestKey);
  if (earlier && (earlier.detail?.note ?? undefined) !== (input.note || undefined)) {
    throw new IdempotencyKeyReused(`Idempotency-Key ${input.requestKey} was used for another 签收 of case ${earlier.caseNumber}`).inChinese('该请求编号已用于另一次签收，请刷新后重新操作');
  }
  return earlier;
}

/** The `started` event of the unit's current round of handling, if it signed for the case already. */
export function signedFor(events: readonly CaseEvent[]): CaseEvent | undefined {
  // A later handoff or reopening begins a new round: its signature (if any) is the one after it.
  const last = [...events].reverse().find((e) => ['started', 'assigned', 'transferred', 'returned', 'reopened'].includes(e.type));
  return last?.type === 'started' ? last : undefined;
}

/**
 * 签收: the case from `assigned` to `inProgress`, its event naming the unit
 * (and the note). Signed for already in this round: refused (409) naming who
 * signed and when, so a second click or a colleague learns it is in hand.
 * `staffName` reads the earlier signer's name.
 */
export function startHandling(c: Case, events: readonly CaseEvent[], input: StartInput, meta: TransitionMeta, staffName: (id: string) => string = (id) => id): TransitionResult {
  const signed = c.status === 'inProgress' ? signedFor(events) : undefined;
  if (signed) {
    throw new InvalidTransition('start', c.status, `case ${c.caseNumber} was signed for by ${signed.actor} at ${signed.at} and is being handled`).inChinese(
      `信访事项 ${c.caseNumber} 已由${staffName(signed.actor)}于${formatChinaDateTime(signed.at)}签收，正在办理中，无需再次签收`,
    );
  }
  const started = applyCommand(c, { action: 'start' }, meta);
  const note = input.note?.trim();
  const detail = {
    ...started.event.detail,
    ...(c.handling ? { unit: c.handling.lead } : {}),
    ...(note ? { note } : {}),
    ...(input.requestKey !== undefined ? { requestKey: input.requestKey } : {}),
  };
  return { case: started.case, event: { ...started.event, detail } };
}
