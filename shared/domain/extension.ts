import type { Case, CaseEvent } from './case.js';
import { chinaDate, chinaLastDay, formatDay } from './case-number.js';
import { dateOfDay, dayNumber, workingOrWeekday, type WorkingCalendar } from './calendar.js';
import { InvalidTransition, RuleViolation } from './errors.js';
import { decisionReminderAt } from './deadlines.js';
import { extendedDeadline } from './explain-deadline.js';
import { recordOnCase } from './messages.js';
import { beingHandled } from './lifecycle.js';
import { openSuspension } from './suspension.js';

/**
 * Extensions (延期) (docs/domain.md, "Extensions (延期)"): granted once per case, at most 30 days,
 * approved by a leader, requested no later than 5 working days before the
 * handling deadline, the reason told to the petitioner.
 */
export interface ExtensionRules {
  maxDays: number;
  /** Working days before the handling deadline by which the request must be made. */
  requestLeadWorkingDays: number;
  /** Working days a request may wait for the leaders before they are reminded, once (0: never). */
  reminderWorkingDays: number;
}

export const DEFAULT_EXTENSION_RULES: ExtensionRules = { maxDays: 30, requestLeadWorkingDays: 5, reminderWorkingDays: 2 };

export function requestExtension(
  c: Case,
  request: { days: number; reason: string },
  meta: { at: string; actor: string; calendar: WorkingCalendar; rules?: ExtensionRules },
): { case: Case; event: CaseEvent } {
  const rules = meta.rules ?? DEFAULT_EXTENSION_RULES;
  // Being handled: by a unit, or by the office itself (自办: accepted, no unit).
  if (!beingHandled(c)) throw new InvalidTransition('requestExtension', c.status, 'only a case being handled can be extended').inChinese('只有正在办理的事项才能申请延期');
  // A refused request extended nothing: the unit may ask again (fewer days, a better reason) within the same lead time; the refusal stays in the events.
  if (c.extension && c.extension.status !== 'refused') {
    throw new RuleViolation(
      c.extension.status === 'requested' ? 'an extension request is already waiting for a leader' : 'a case can be extended only once',
      { extension: c.extension.status },
    ).inChinese(c.extension.status === 'requested' ? '已有一份延期申请等待领导审批' : '一件事项只能延期一次');
  }
  if (!Number.isInteger(request.days) || request.days < 1 || request.days > rules.maxDays) {
    throw new RuleViolation(`an extension is 1 to ${rules.maxDays} days`, { days: request.days }).inChinese(`延期天数为 1 至 ${rules.maxDays} 日`).about('days');
  }
  if (request.reason.trim() === '') throw new RuleViolation('an extension needs a reason (it is told to the petitioner)').inChinese('申请延期需要说明理由（理由将告知信访人）').about('reason');
  const latest = extensionRequestLatestDay(c, rules, meta.calendar);
  if (!latest) throw new InvalidTransition('requestExtension', c.status, 'the case has no handling deadline to extend').inChinese('该事项没有可以延长的办理期限');
  if (chinaDate(onTheClock(c, meta.at)) > latest) {
    throw new RuleViolation(`an extension must be requested by ${latest}, ${rules.requestLeadWorkingDays} working days before the deadline`, { latest }).inChinese(
      `延期应当在办理期限届满前 ${rules.requestLeadWorkingDays} 个工作日提出，即不晚于${formatDay(latest)}`,
    );
  }
  const remindAt = rules.reminderWorkingDays > 0 ? decisionReminderAt(meta.at, rules.reminderWorkingDays, meta.calendar) : undefined;
  const extension: NonNullable<Case['extension']> = {
    days: request.days,
    reason: request.reason,
    requestedBy: meta.actor,
    requestedAt: meta.at,
    status: 'requested',
    ...(remindAt ? { remindAt } : {}),
  };
  return change(c, { ...c, extension }, 'extensionRequested', meta, { days: request.days }, request.reason);
}

/** The last day (China date) a 延期 may be asked for: the rules' working days before the handling period's last day. */
export function extensionRequestLatestDay(c: Case, rules: ExtensionRules, calendar: WorkingCalendar): string | undefined {
  const deadline = c.deadlines.handling;
  if (!deadline) return undefined;
  const lastDay = chinaLastDay(deadline);
  return workingDaysBefore(lastDay, rules.requestLeadWorkingDays, calendar);
}

/** Whether the unit may still ask for a 延期 at `at`: none granted or waiting, and the last day to ask not passed. */
export function extensionStillAskable(c: Case, at: string, rules: ExtensionRules, calendar: WorkingCalendar): boolean {
  if (c.extension && c.extension.status !== 'refused') return false;
  const latest = extensionRequestLatestDay(c, rules, calendar);
  return latest !== undefined && chinaDate(onTheClock(c, at)) <= latest;
}

/**
 * Where the handling clock stands at `at`: while it is suspended (中止, 条例
 * 第三十六条: a hearing's time is not counted), at the moment it stopped — the
 * working days left before the deadline are the ones left then, so a request
 * made during the hearing is as timely as one made the day it began.
 */
function onTheClock(c: Case, at: string): string {
  const still = openSuspension(c);
  return still?.clock === 'handling' && still.suspendedAt < at ? still.suspendedAt : at;
}

/**
 * The handling deadline an approval of `extension` makes (decideExtension),
 * also shown to the leader before approving: one count, so the day previewed
 * is the day approved. Undefined without a handling clock.
 */
export function approvedExtension(
  c: Pick<Case, 'deadlines'>,
  extension: { days: number; reason: string },
  meta: { at: string; actor: string; calendar: WorkingCalendar },
): ReturnType<typeof extendedDeadline> | undefined {
  if (!c.deadlines.handling) return undefined;
  return extendedDeadline(
    c.deadlines.handling,
    { days: extension.days, reason: extension.reason, approvedBy: meta.actor, at: meta.at },
    meta.calendar,
    c.deadlines.explanations?.handling?.rule.lastDayOnRestDay,
  );
}

/**
 * A leader's decision. Approval adds the requested calendar days after the
 * period's last day as the case holds it — rolled past a rest day, that roll
 * made it the period's last day (《民法典》第二百零三条), and it is the day the
 * petitioner was told: 延期30日 is 30 days beyond it, not fewer. Days not
 * counted (a hearing, a suspension) differ: they leave the count itself, and
 * only its final end rolls (countedEndOf). An extended period that ends on a
 * rest day runs to the next working day, like any other (extendedDeadline).
 */
export function decideExtension(
  c: Case,
  decision: { approve: true } | { approve: false; reason: string },
  meta: { at: string; actor: string; calendar: WorkingCalendar },
): { case: Case; event: CaseEvent } {
  if (c.extension?.status !== 'requested') throw new InvalidTransition('decideExtension', c.status, 'no extension request is waiting').inChinese('没有待审批的延期申请');
  // Concluded (or no longer with the unit) since it asked: there is no period left to extend.
  if (!beingHandled(c)) throw new InvalidTransition('decideExtension', c.status, 'the case is no longer being handled: the extension request has lapsed').inChinese('该事项已不在办理中，延期申请已失效');
  if (!decision.approve && decision.reason.trim() === '') throw new RuleViolation('a refusal needs a reason').inChinese('不予延期需要说明理由').about('reason');
  // Asked by one, approved by another: a leader who asked (for a case the office handles itself) does not decide it.
  if (meta.actor === c.extension.requestedBy) {
    throw new RuleViolation('the extension was requested by the same staff member: another leader of the jurisdiction or above decides it', { requestedBy: c.extension.requestedBy }).inChinese(
      '延期申请由您本人提出，应当由本辖区或上级的其他领导审批',
    );
  }
  const decided = { ...c.extension, decidedBy: meta.actor, decidedAt: meta.at };
  if (!decision.approve) {
    return change(c, { ...c, extension: { ...decided, status: 'refused', refusal: decision.reason } }, 'extensionRefused', meta, {}, decision.reason);
  }
  const extended = approvedExtension(c, c.extension, meta)!;
  const handling = extended.at;
  const provisional = [...(c.deadlines.provisional ?? []).filter((clock) => clock !== 'handling'), ...(extended.provisional ? ['handling'] : [])];
  const { provisional: _p, ...deadlines } = c.deadlines;
  const explained = deadlines.explanations?.handling;
  const explanations = explained ? { ...deadlines.explanations, handling: { ...explained, adjustments: [...explained.adjustments, extended.adjustment] } } : deadlines.explanations;
  return change(
    c,
    {
      ...c,
      extension: { ...decided, status: 'approved' },
      deadlines: { ...deadlines, handling, ...(explanations ? { explanations } : {}), ...(provisional.length ? { provisional } : {}) },
    },
    'extensionApproved',
    meta,
    { days: c.extension.days, handling },
    c.extension.reason,
  );
}

/** When the sweep must remind the leaders of a request still waiting on a case being handled; once. */
export function extensionReminderDueAt(c: Case): string | undefined {
  const extension = c.extension;
  return extension?.status === 'requested' && beingHandled(c) && extension.remindAt && !extension.remindedAt ? extension.remindAt : undefined;
}

/** The sweep's reminder of a waiting extension request, recorded on the case (its letter to the leaders goes with it). */
export function remindExtensionRequest(c: Case, now: string, actor: string): { case: Case; event: CaseEvent } | undefined {
  const due = extensionReminderDueAt(c);
  if (!due || now < due) return undefined;
  const extension = c.extension!;
  const recorded = recordOnCase(c, 'noted', { at: now, actor, detail: { extensionRequestReminded: { days: extension.days, requestedAt: extension.requestedAt } } });
  return { case: { ...recorded.case, extension: { ...extension, remindedAt: now } }, event: recorded.event };
}

function change(
  current: Case,
  next: Case,
  type: 'extensionRequested' | 'extensionApproved' | 'extensionRefused',
  meta: { at: string; actor: string },
  detail: Record<string, unknown>,
  reason?: string,
): { case: Case; event: CaseEvent } {
  const version = current.version + 1;
  return {
    case: { ...next, version, updatedAt: meta.at },
    event: { caseNumber: current.caseNumber, seq: version, type, at: meta.at, actor: meta.actor, ...(reason ? { reason } : {}), detail },
  };
}

/** n working days before a date; weekends and statutory holidays only where the year's holiday calendar is not published yet (as provisional deadlines do). */
function workingDaysBefore(date: string, n: number, calendar: WorkingCalendar): string {
  let day = dayNumber(date)!;
  for (let counted = 0; counted < n; ) {
    day -= 1;
    if (workingOrWeekday(day, calendar)) counted += 1;
  }
  return dateOfDay(day);
}
