import type { Case, ClockSuspension } from './case.js';
import type { DeadlineClock, DeadlineExplanation } from './deadline-explanation.js';
import { dayNumber, unpublishedYears, type WorkingCalendar } from './calendar.js';
import { chinaLastDay } from './case-number.js';
import { deadlineOrProvisional } from './deadlines.js';
import { extendedDeadline, withDeadline, withoutDeadlines } from './explain-deadline.js';
import { moveCountedEnd, openSuspension } from './suspension.js';
import { handlingOf, limitAndSource, limitContextOf, type TimeLimitSettings } from './time-limits.js';

/**
 * The statutory clocks a lifecycle change starts or stops. Accepting a case
 * stops the acceptance clock and starts the handling clock (60 days by
 * default, from acceptance); handing a case between units keeps the handling
 * clock running — the petitioner's time does not restart because the
 * government passed the file along.
 */
export function clocksAfterAcceptance(c: Case, acceptedAt: string, settings: TimeLimitSettings, calendar: WorkingCalendar): Case['deadlines'] {
  const { limit, ...source } = limitAndSource('handling', settings, limitContextOf(c));
  const due = deadlineOrProvisional(acceptedAt, limit, calendar, source);
  // Marked: a handoff may recount this clock by how the case is then handled (handlingClockAfterHandoff).
  const handling = { ...due, explanation: { ...due.explanation, byHandling: true as const } };
  const stopped = withoutDeadlines(c.deadlines, ['acceptance']);
  const provisional = (stopped.provisional ?? []).filter((clock) => clock !== 'acceptance');
  return withDeadline({ ...stopped, provisional, started: { ...c.deadlines.started, handling: acceptedAt } }, 'handling', handling);
}

/**
 * The office whose handling limit applies: the one that handed the case over
 * (交办、转办 to a unit or to another office: its rule for cases it hands out,
 * e.g. 转办、交办信访件90日), else the office holding it and handling it
 * itself (自办).
 */
export function handlingOfficeOf(c: Pick<Case, 'handling' | 'assignedBy' | 'jurisdiction'>): string {
  return handlingOf(c) === 'assigned' ? (c.assignedBy?.jurisdiction ?? c.jurisdiction) : c.jurisdiction;
}

/**
 * How a handoff moved the handling clock: recounted (from → to), kept at the
 * date the petitioner was told (`kept`: the shorter date it would have been),
 * or kept because it had already passed (`overdue`: the deadline passed and
 * held; `would`: the date the other limit would have given).
 */
export type HandlingClockChange = { from: string; to: string } | { kept: string; at: string } | { overdue: string; would: string };

/**
 * The handling clock after a handoff that changed who handles the case (自办
 * then 交办, or a unit's case taken back or returned). The limit still
 * counts from acceptance (条例 第三十四条: 自受理之日起), but the period is
 * the one for how the case is handled now (byHandling: e.g. 自办30日,
 * 交办、转办90日): it is counted again from the clock's start, with its
 * extensions and suspensions moved again as they came. Never shorter than
 * the petitioner was told: once the acceptance notice (or a 转办告知) gave
 * them a date, a longer period applies, a shorter one keeps that date.
 * Nothing changes where no byHandling setting decides the limit before or
 * after (the clock runs on as it did); `settings` are handlingOfficeOf's.
 */
export function handlingClockAfterHandoff(
  before: Pick<Case, 'acceptanceTold'>,
  after: Case,
  settings: TimeLimitSettings,
  calendar: WorkingCalendar,
  at: string,
): { deadlines: Case['deadlines']; suspensions?: ClockSuspension[]; change?: HandlingClockChange } {
  const unchanged = { deadlines: after.deadlines };
  const stored = after.deadlines.explanations?.handling;
  const current = after.deadlines.handling;
  // Counted before offices could set 自办 / 交办 limits (no byHandling mark): the deadline stands as it was.
  if (!stored || !current || !stored.byHandling) return unchanged;
  const { limit, ...source } = limitAndSource('handling', settings, limitContextOf(after));
  if (source.source !== 'handling' && stored.rule.source !== 'handling') return unchanged;
  const rule: DeadlineExplanation['rule'] = {
    days: limit.days,
    count: limit.count,
    source: source.source,
    ...(source.key ? { sourceKey: source.key } : {}),
    ...(limit.lastDayOnRestDay && limit.count === 'calendar' ? { lastDayOnRestDay: limit.lastDayOnRestDay } : {}),
  };
  const same = (Object.keys(rule) as (keyof typeof rule)[]).every((k) => rule[k] === stored.rule[k]) && Object.keys(stored.rule).length === Object.keys(rule).length;
  if (same) {
    // Back to the way it was counted for: a shorter period passed over before no longer applies.
    if (!stored.toldKept && !stored.overdueKept) return unchanged;
    const { toldKept: _k, overdueKept: _o, ...explanation } = stored;
    return { deadlines: { ...after.deadlines, explanations: { ...after.deadlines.explanations, handling: explanation } } };
  }
  const counted = recount(after, 'handling', { ...stored, rule }, calendar, true)!;
  // 逾期 already: a longer limit must not make an overdue case on time (the ledger's 按期办结, the 督办 taken),
  // nor a moved deadline start the escalation ladder again from its first step.
  // (A clock standing still since before its deadline (中止) is not overdue: resuming moves the deadline on.)
  const still = openSuspension(after);
  const stoodStill = still?.clock === 'handling' && Date.parse(still.suspendedAt) < Date.parse(current);
  if (Date.parse(at) >= Date.parse(current) && !stoodStill) {
    if (counted.at === current) return unchanged;
    const overdueKept = { handling: handlingOf(after), days: limit.days, count: limit.count, would: counted.at };
    return { deadlines: { ...after.deadlines, explanations: { ...after.deadlines.explanations, handling: { ...stored, overdueKept } } }, change: { overdue: current, would: counted.at } };
  }
  // The petitioner holds the date they were told: a shorter period does not take it back. Nor does one already
  // run out when the case changed hands: the change would make the case overdue (and 督办 start) at once.
  const passed = Date.parse(counted.at) <= Date.parse(at);
  if ((before.acceptanceTold || passed) && Date.parse(counted.at) < Date.parse(current)) {
    const toldKept = { handling: handlingOf(after), days: limit.days, count: limit.count, lastDay: chinaLastDay(counted.at), ...(before.acceptanceTold ? {} : { passed: true as const }) };
    return { deadlines: { ...after.deadlines, explanations: { ...after.deadlines.explanations, handling: { ...stored, toldKept } } }, change: { kept: counted.at, at: current } };
  }
  return {
    deadlines: withDeadline(after.deadlines, 'handling', { at: counted.at, provisional: counted.provisional === true, explanation: { ...counted.explanation, byHandling: true } }),
    ...(counted.suspensions ? { suspensions: counted.suspensions } : {}),
    change: { from: current, to: counted.at },
  };
}

/**
 * 条例 第二十三条: a body that receives a matter forwarded or handed down to it
 * (转送、交办) tells the petitioner within 15 days 自收到之日起 — from its own
 * receipt, not with what is left of the days of the office that passed it
 * on. That office's duty (第二十二条: route it within 15 days of receiving it)
 * ends with the handing on; what it owed, and whether it handed the matter on
 * in time, is answered for the record. The receiving jurisdiction's own
 * acceptance limit applies (`settings`: its time limits).
 */
export function acceptanceClockOnReceipt(
  c: Case,
  receivedAt: string,
  settings: TimeLimitSettings,
  calendar: WorkingCalendar,
): { deadlines: Case['deadlines']; owed?: { acceptanceDeadline: string; handedOnInTime: boolean } } {
  const { limit, ...source } = limitAndSource('acceptance', settings, { channel: c.channel, ...(c.category ? { category: c.category } : {}) });
  const due = deadlineOrProvisional(receivedAt, limit, calendar, source);
  const deadlines = withDeadline({ ...c.deadlines, started: { ...c.deadlines.started, acceptance: receivedAt } }, 'acceptance', due);
  const owed = c.deadlines.acceptance;
  return { deadlines, ...(owed ? { owed: { acceptanceDeadline: owed, handedOnInTime: Date.parse(receivedAt) < Date.parse(owed) } } : {}) };
}

/** A declined or redirected case has no clock left running. */
export function clocksStopped(c: Case): Case['deadlines'] {
  const { provisional: _p, started: _s, ...rest } = withoutDeadlines(c.deadlines, ['acceptance', 'handling']);
  return rest;
}

/**
 * Provisional deadlines made final: a clock computed before its year's
 * holiday calendar was published (weekends and statutory holidays only) is computed again from its
 * start once the calendar covers it — by the rule it started under (its
 * explanation keeps it: a limit the office changed since applies to clocks
 * started after the change, never to one already running and told to the
 * petitioner), with what moved it since added again in order: an approved
 * extension, and each suspension (中止) by the days it stood still. Answers
 * the new deadlines, the suspensions with their shifts counted again, and
 * what changed; undefined when nothing can be confirmed yet.
 */
export function confirmProvisionalClocks(
  c: Case,
  settings: TimeLimitSettings,
  calendar: WorkingCalendar,
): { deadlines: Case['deadlines']; suspensions?: ClockSuspension[]; confirmed: { clock: string; from: string; to: string }[] } | undefined {
  const provisional = c.deadlines.provisional ?? [];
  const confirmed: { clock: string; from: string; to: string }[] = [];
  const deadlines: Case['deadlines'] = { ...c.deadlines };
  let suspensions = c.suspensions;
  const still: string[] = [];
  for (const clock of provisional) {
    const start = c.deadlines.started?.[clock as keyof NonNullable<Case['deadlines']['started']>];
    const current = deadlines[clock as DeadlineClock];
    if (!start || !current) {
      still.push(clock);
      continue;
    }
    const stored = c.deadlines.explanations?.[clock as DeadlineClock];
    const counted = stored ? recount(c, clock as DeadlineClock, stored, calendar) : recountByTodaysRule(c, clock as DeadlineClock, settings, calendar);
    if (!counted) {
      still.push(clock);
      continue;
    }
    (deadlines as Record<string, unknown>)[clock] = counted.at;
    deadlines.explanations = { ...deadlines.explanations, [clock]: { ...counted.explanation, ...(stored?.toldKept ? { toldKept: stored.toldKept } : {}), ...(stored?.byHandling ? { byHandling: true } : {}), ...(stored?.overdueKept ? { overdueKept: stored.overdueKept } : {}) } };
    if (counted.suspensions) suspensions = counted.suspensions;
    confirmed.push({ clock, from: current, to: counted.at });
  }
  if (confirmed.length === 0) return undefined;
  const { provisional: _p, ...rest } = deadlines;
  return { deadlines: { ...rest, ...(still.length ? { provisional: still } : {}) }, ...(suspensions !== c.suspensions && suspensions ? { suspensions } : {}), confirmed };
}

type Recounted = { at: string; explanation: DeadlineExplanation; suspensions?: ClockSuspension[]; provisional?: boolean };

/**
 * The clock counted again by its recorded rule, then moved again by its
 * extensions and suspensions in the order they came; undefined while any of
 * it is still provisional — unless `provisionalOk` (a clock recounted by a
 * new rule, not confirmed), when the result says whether it is.
 */
function recount(c: Case, clock: DeadlineClock, stored: DeadlineExplanation, calendar: WorkingCalendar, provisionalOk = false): Recounted | undefined {
  const { rule } = stored;
  const limit = { days: rule.days, count: rule.count, ...(rule.lastDayOnRestDay ? { lastDayOnRestDay: rule.lastDayOnRestDay } : {}) };
  const due = deadlineOrProvisional(stored.startedAt, limit, calendar, { source: rule.source, ...(rule.sourceKey ? { key: rule.sourceKey } : {}) });
  let provisional = due.provisional;
  if (provisional && !provisionalOk) return undefined;
  // This run of the clock's suspensions, ended: each moved the deadline by the days it stood still (an open one has not moved it yet).
  const ownRun = (s: ClockSuspension) => s.clock === clock && s.resumedAt !== undefined && s.shift !== undefined && Date.parse(s.suspendedAt) >= Date.parse(stored.startedAt);
  const moves = [
    ...stored.adjustments.filter((a) => a.kind === 'extension').map((a) => ({ at: a.at, extension: a })),
    ...stored.adjustments.filter((a) => a.kind === 'withdrawal').map((a) => ({ at: a.at, withdrawal: a })),
    ...(c.suspensions ?? []).filter(ownRun).map((s) => ({ at: s.resumedAt!, suspension: s })),
  ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  let at = due.at;
  // Each move adds to the period's end by its count; only the final end is rolled past a rest day (《民法典》第二百零三条).
  let counted = due.explanation.countedLastDay;
  const adjustments: DeadlineExplanation['adjustments'] = [];
  const shifted = new Map<ClockSuspension, ClockSuspension>();
  for (const move of moves) {
    if ('extension' in move && move.extension) {
      // From the deadline as held, rolled or not, as decideExtension counts it (approvedExtension): the day the 延期告知 gave.
      const extended = extendedDeadline(at, { days: move.extension.days, reason: move.extension.reason, approvedBy: move.extension.approvedBy, at: move.extension.at }, calendar, rule.lastDayOnRestDay);
      if (extended.provisional && !provisionalOk) return undefined;
      provisional ||= extended.provisional;
      adjustments.push(extended.adjustment);
      at = extended.at;
      counted = extended.adjustment.kind === 'extension' ? (extended.adjustment.roll?.from ?? extended.adjustment.lastDay) : counted;
    } else if ('withdrawal' in move && move.withdrawal) {
      // The days it stood withdrawn (恢复办理), as many again from the confirmed period's end.
      const { withdrawal } = move;
      const moved = moveCountedEnd(at, counted, withdrawal.days, withdrawal.count, calendar, rule.lastDayOnRestDay);
      const still = stillProvisional(counted, moved.to, calendar);
      if (still && !provisionalOk) return undefined;
      provisional ||= still;
      const { provisional: _w, ...final } = withdrawal;
      adjustments.push({ ...final, ...(still ? { provisional: true as const } : {}), deadline: { from: at, to: moved.to }, countedFrom: counted, countedLastDay: moved.countedLastDay! });
      at = moved.to;
      counted = moved.countedLastDay!;
    } else if ('suspension' in move && move.suspension) {
      const { shift } = move.suspension;
      const moved = moveCountedEnd(at, counted, shift!.days, shift!.count, calendar, rule.lastDayOnRestDay);
      const still = stillProvisional(counted, moved.to, calendar);
      if (still && !provisionalOk) return undefined;
      provisional ||= still;
      const { provisional: _p, ...final } = shift!;
      shifted.set(move.suspension, { ...move.suspension, shift: { ...final, ...(still ? { provisional: true as const } : {}), from: at, to: moved.to, countedFrom: counted, countedLastDay: moved.countedLastDay! } });
      at = moved.to;
      counted = moved.countedLastDay!;
    }
  }
  const suspensions = shifted.size > 0 ? (c.suspensions ?? []).map((s) => shifted.get(s) ?? s) : undefined;
  return { at, explanation: { ...due.explanation, adjustments }, ...(suspensions ? { suspensions } : {}), ...(provisionalOk ? { provisional } : {}) };
}

/** A move from the counted day `from` to the deadline `to` reaches a year still without its holiday calendar. */
function stillProvisional(from: string, to: string, calendar: WorkingCalendar): boolean {
  return unpublishedYears(dayNumber(from)!, dayNumber(chinaLastDay(to))!, calendar).length > 0;
}

/** A clock stored before its explanation was: counted by the jurisdiction's limit of today, with an approved extension after it. */
function recountByTodaysRule(c: Case, clock: DeadlineClock, settings: TimeLimitSettings, calendar: WorkingCalendar): Recounted | undefined {
  const start = c.deadlines.started?.[clock as keyof NonNullable<Case['deadlines']['started']>];
  if (!start) return undefined;
  // No explanation: counted before offices could set 自办 / 交办 limits, so not by them (its deadline keeps its period).
  const { handling: _counted, ...context } = limitContextOf(c);
  const { limit, ...source } = limitAndSource(clock, settings, context);
  const due = deadlineOrProvisional(start, limit, calendar, source);
  if (due.provisional) return undefined;
  const explanation = { ...due.explanation, adjustments: [...due.explanation.adjustments] };
  const extension = c.extension;
  if (clock !== 'handling' || extension?.status !== 'approved') return { at: due.at, explanation };
  // The approved extension is added again after the confirmed period, as decideExtension added it.
  const extended = extendedDeadline(
    due.at,
    { days: extension.days, reason: extension.reason, approvedBy: extension.decidedBy ?? '', at: extension.decidedAt ?? due.at },
    calendar,
    limit.lastDayOnRestDay,
  );
  if (extended.provisional) return undefined;
  explanation.adjustments.push(extended.adjustment);
  return { at: extended.at, explanation };
}
