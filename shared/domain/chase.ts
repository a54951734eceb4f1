import { urgentResponseDueAt } from './urgent-response.js';
import { acceptanceNoticeDueAt } from './acceptance-notice.js';
import { CLOCK_OF_STATUS, type Case, type ChaseState } from './case.js';
import { workingOrWeekday, type WorkingCalendar } from './calendar.js';
import type { EscalationStep } from './department.js';
import { extensionReminderDueAt } from './extension.js';
import { objectionWindowDueAt, returnRequestReminderDueAt } from './objection.js';
import { isSuspended } from './suspension.js';
import { answerUndelivered } from './closing.js';

/**
 * 催办 and 督办 (docs/domain.md, "Reminders and escalation"): before a deadline
 * the handling unit is reminded (by default when 20% of the time remains and
 * on the last working day); after it the case climbs the office's chain one
 * step per interval of working time (escalationStepDueAt). Pure: the sweep supplies `now` and the settings, and
 * stores the state this returns conditional on the case version, so a step
 * taken once is never taken again however often sweeps run or overlap.
 */

export type ChasedClock = ChaseState['clock'];


export const CLOCK_LABELS: Readonly<Record<ChasedClock, string>> = {
  acceptance: '受理告知期限',
  handling: '办理期限',
  reply: '答复期限',
  reviewDecision: '复查期限',
  reReviewDecision: '复核期限',
};

/** What is still not done when a clock ran out, as the 督办 says it: an acceptance is decided, not 办结. */
export const CLOCK_PENDING_WORDS: Readonly<Record<ChasedClock, string>> = {
  acceptance: '至今未决定是否受理并告知信访人',
  handling: '至今未办结',
  reply: '至今未答复信访人',
  reviewDecision: '至今未作出复查意见',
  reReviewDecision: '至今未作出复核意见',
};

/** What the 催办 asks before a clock runs out: an acceptance is decided and told, a review decided; only handling may be extended. */
export const CLOCK_REMINDER_ASKS: Readonly<Record<ChasedClock, string>> = {
  acceptance: '请在期限内决定是否受理，并书面告知信访人。',
  handling: '请抓紧办理，按期办结并答复信访人。',
  reply: '请按期书面答复信访人。',
  reviewDecision: '请按期作出复查意见，并书面答复信访人。',
  reReviewDecision: '请按期作出复核意见，并书面答复信访人。',
};

export const ESCALATION_STEP_LABELS: Readonly<Record<EscalationStep, string>> = {
  handlingOfficial: '承办人',
  unitHead: '承办单位负责人',
  petitionsOffice: '信访部门',
  leaderInCharge: '分管信访工作的领导',
  principalLeader: '主要领导',
  higherJurisdiction: '上一级信访部门',
};

export interface RunningClock {
  clock: ChasedClock;
  startedAt: string;
  deadline: string;
}

/** The clock now running on a case, if any (a declined, replied or closed case has none). */
export function runningClock(c: Case): RunningClock | undefined {
  const clock = CLOCK_OF_STATUS[c.status];
  const deadline = clock ? c.deadlines[clock] : undefined;
  if (!clock || !deadline) return undefined;
  return { clock, deadline, startedAt: c.deadlines.started?.[clock] ?? (clock === 'acceptance' ? c.receivedAt : c.registeredAt) };
}

export interface ChaseSettings {
  /** Remind when this share of the period remains (0.2 = 20%). */
  remainingShares: readonly number[];
  /** Remind on the morning of the last working day of the period. */
  lastWorkingDay: boolean;
  /** Hour (China time) of the last-working-day reminder. */
  reminderHour: number;
  chain: readonly EscalationStep[];
  intervalHours: number;
}

export const DEFAULT_CHASE_SETTINGS: ChaseSettings = {
  remainingShares: [0.2],
  lastWorkingDay: true,
  reminderHour: 9,
  chain: ['handlingOfficial', 'unitHead', 'petitionsOffice', 'leaderInCharge', 'principalLeader', 'higherJurisdiction'],
  intervalHours: 24,
};

export type ChaseAction =
  | { kind: 'remind'; reminder: string; at: string; clock: RunningClock }
  | {
      kind: 'escalate';
      step: EscalationStep;
      number: number;
      passedOver: EscalationStep[];
      clock: RunningClock;
      again?: string;
      /** The steps taken before this one, as the letter counts them: at the units that held the case before, and in this run. */
      earlier?: { atEarlierUnits: number; steps: string[] };
    };

/** The steps that reach the handling unit itself; the rest reach the office, its leaders and the level above. */
export const UNIT_STEPS: ReadonlySet<EscalationStep> = new Set(['handlingOfficial', 'unitHead']);

export interface ChasePlan {
  /** What to send now, if anything. */
  action?: ChaseAction;
  /** The state to store; undefined when no clock runs. */
  state?: ChaseState;
  /** Whether `state` differs from what the case holds (a write is needed). */
  changed: boolean;
}

const HOUR_MS = 3_600_000;
const CHINA_OFFSET_MS = 8 * HOUR_MS;
const DAY_MS = 24 * HOUR_MS;

/**
 * When each reminder of a running clock falls, in time order; none at or before the start.
 * A share reminder (20% left) is sent at the start of a working day
 * (`reminderHour`, China time): the last one that began at or before the
 * point where that share remains, so it never comes later than that point —
 * a point on a holiday, at night or before office hours is reminded on the
 * working morning before it. A share reminder on the same day as the
 * last-working-day reminder (or as another share's) is left out: one mail
 * that says it is the last working day, not two.
 */
export function reminderTimes(running: RunningClock, settings: ChaseSettings, calendar: WorkingCalendar): { key: string; at: string }[] {
  const start = Date.parse(running.startedAt);
  const end = Date.parse(running.deadline);
  const morning = (day: number) => day * DAY_MS - CHINA_OFFSET_MS + settings.reminderHour * HOUR_MS;
  const times: { key: string; at: number }[] = [];
  if (settings.lastWorkingDay) {
    const lastDay = chinaDay(end - 1);
    times.push({ key: 'lastWorkingDay', at: morning(lastWorkingDayOnOrBefore(lastDay, calendar)) });
  }
  // Smallest share first: of shares falling on one morning, the later point (less time left) is the one kept.
  for (const share of [...settings.remainingShares].sort((a, b) => a - b)) {
    const point = Math.round(end - share * (end - start));
    let day = lastWorkingDayOnOrBefore(chinaDay(point), calendar);
    if (morning(day) > point) day = lastWorkingDayOnOrBefore(day - 1, calendar);
    const at = morning(day);
    if (!times.some((t) => chinaDay(t.at) === day)) times.push({ key: `remaining:${share}`, at });
  }
  return times
    .filter((t) => t.at > start && t.at < end)
    .sort((a, b) => a.at - b.at)
    .map((t) => ({ key: t.key, at: new Date(t.at).toISOString() }));
}

/** The China calendar day (days since 1970-01-01) of an instant. */
function chinaDay(instant: number): number {
  return Math.floor((instant + CHINA_OFFSET_MS) / DAY_MS);
}

/** Weekends only where the year's holiday calendar is not published yet, as provisional deadlines do. */
function lastWorkingDayOnOrBefore(day: number, calendar: WorkingCalendar): number {
  for (let d = day; d > day - 40; d--) if (workingDay(d, calendar)) return d;
  return day;
}

const workingDay = workingOrWeekday;


/**
 * When the next step of the chain falls due: the interval after the last
 * step, counting only the hours of working days (China time). Each level
 * gets its interval of working time to act before the case climbs past it:
 * a weekend or the 春节 holiday does not carry a case from the handling
 * official to the principal leader while nobody is at work.
 */
export function escalationStepDueAt(lastEscalatedAt: string, intervalHours: number, calendar: WorkingCalendar): string {
  let t = Date.parse(lastEscalatedAt);
  let remaining = intervalHours * HOUR_MS;
  // A year of rest days at most; the interval is at most 30 days of working time.
  for (let guard = 0; guard < 800 && remaining > 0; guard++) {
    const day = Math.floor((t + CHINA_OFFSET_MS) / DAY_MS);
    const dayEnd = (day + 1) * DAY_MS - CHINA_OFFSET_MS;
    if (workingDay(day, calendar)) {
      const take = Math.min(remaining, dayEnd - t);
      t += take;
      remaining -= take;
    } else {
      t = dayEnd;
    }
  }
  return new Date(t).toISOString();
}

/**
 * What the sweep does with a case at `now`. Before the deadline: the latest
 * reminder that has fallen due and was not sent (earlier ones it supersedes
 * are passed over: one email, not a burst after an outage). After it: the
 * next step of the chain, if the interval since the last step has passed.
 * Steps nobody fills (no unit head configured, no higher level) are passed
 * over without costing an interval. `available` tells which steps have
 * someone to notify for this case.
 */
export function planChase(
  c: Case,
  now: string,
  settings: ChaseSettings,
  calendar: WorkingCalendar,
  available: (step: EscalationStep) => boolean,
): ChasePlan {
  const running = runningClock(c);
  if (!running) return { changed: c.chase !== undefined };
  // 中止: nothing is sent while the clock stands still; resuming moves the deadline and the chase starts afresh.
  if (isSuspended(c)) return { changed: false };
  const current: ChaseState =
    c.chase && c.chase.clock === running.clock && c.chase.deadline === running.deadline
      ? c.chase
      : { clock: running.clock, deadline: running.deadline, reminded: [], escalated: [] };
  const state: ChaseState = { ...current, reminded: [...current.reminded], escalated: [...current.escalated] };
  // Handed to another unit while overdue (收回 and 交办 anew, a unit passing it on): the unit now holding it is chased
  // as the first was — its 承办人 and then its 负责人 — before the chain goes on above; the steps already taken above stay taken.
  const lead = c.handling?.lead;
  if (lead !== undefined && handedOnSinceChased(c, state)) {
    const dropped = state.escalated.filter((step) => UNIT_STEPS.has(step as EscalationStep));
    state.escalated = state.escalated.filter((step) => !UNIT_STEPS.has(step as EscalationStep));
    state.earlierSteps = (state.earlierSteps ?? 0) + dropped.length;
    state.units = [...(state.units ?? []), lead];
  }
  // A unit handed the case after others were chased is given one interval from receiving it (its 交办 letter says the
  // case is overdue) before its own 承办人 is chased: not a 督办 the minute the case arrives.
  const received = lead !== undefined && (state.earlierSteps ?? 0) > 0 && c.objectionWindow?.unit === lead ? c.objectionWindow.receivedAt : undefined;
  const settledAt = received ? escalationStepDueAt(received, settings.intervalHours, calendar) : undefined;
  const stepDueFor = (step: EscalationStep | undefined): string => {
    const due = state.lastEscalatedAt ? escalationStepDueAt(state.lastEscalatedAt, settings.intervalHours, calendar) : running.deadline;
    return step !== undefined && UNIT_STEPS.has(step) && settledAt !== undefined && settledAt > due ? settledAt : due;
  };
  const at = Date.parse(now);
  const reminders = reminderTimes(running, settings, calendar);
  const pendingSteps = () => settings.chain.filter((step) => !state.escalated.includes(step) && available(step));
  let action: ChaseAction | undefined;

  if (at < Date.parse(running.deadline)) {
    const due = reminders.filter((r) => Date.parse(r.at) <= at && !state.reminded.includes(r.key));
    const latest = due.at(-1);
    if (latest) {
      state.reminded.push(...due.map((r) => r.key));
      action = { kind: 'remind', reminder: latest.key, at: latest.at, clock: running };
    }
  } else {
    // Past the deadline reminders are moot: the chain takes over.
    for (const r of reminders) if (!state.reminded.includes(r.key)) state.reminded.push(r.key);
    const next = pendingSteps()[0];
    const stepDueAt = Date.parse(stepDueFor(next));
    if (next && at >= stepDueAt) {
      const index = settings.chain.indexOf(next);
      const passedOver = settings.chain.slice(0, index).filter((step) => !state.escalated.includes(step));
      const earlier = { atEarlierUnits: state.earlierSteps ?? 0, steps: [...state.escalated] };
      state.escalated.push(next);
      state.lastEscalatedAt = now;
      // The unit it reached, so a later unit's are told apart (and their mails are not taken for this one's).
      // None when the office handles it itself (自办): its own staff were chased, and a unit it hands the case to is not chased anew.
      if (UNIT_STEPS.has(next) && state.units === undefined) state.units = lead !== undefined ? [lead] : [];
      const again = UNIT_STEPS.has(next) && lead !== undefined && (state.earlierSteps ?? 0) > 0 ? againKey(state.units ?? [], lead) : undefined;
      action = { kind: 'escalate', step: next, number: state.escalated.length + (state.earlierSteps ?? 0), passedOver, clock: running, ...(again ? { again } : {}), earlier };
    }
  }

  const nextAt = nextActionAt(state, reminders, pendingSteps().length > 0 ? stepDueFor(pendingSteps()[0]) : undefined);
  if (nextAt) state.nextAt = nextAt;
  else delete state.nextAt;
  return { ...(action ? { action } : {}), state, changed: action !== undefined || JSON.stringify(state) !== JSON.stringify(c.chase) };
}

/** The first reminder not sent, else when the next step of the chain is due (`nextStepAt`, none when the chain has run out). */
function nextActionAt(state: ChaseState, reminders: readonly { key: string; at: string }[], nextStepAt: string | undefined): string | undefined {
  const unsent = reminders.find((r) => !state.reminded.includes(r.key));
  if (unsent) return unsent.at;
  return nextStepAt === undefined ? undefined : new Date(Date.parse(nextStepAt)).toISOString();
}

/**
 * When the sweep must next look at a case: the planned time while the state
 * belongs to the running clock; otherwise (a clock just started or a deadline
 * moved) at once, so the next sweep plans it. Undefined: nothing to do.
 */
export function sweepDueAt(c: Case): string | undefined {
  const times = [isSuspended(c) ? undefined : chaseDueAt(c), objectionWindowDueAt(c), returnRequestReminderDueAt(c), extensionReminderDueAt(c), urgentResponseDueAt(c), acceptanceNoticeDueAt(c)].filter((t): t is string => t !== undefined);
  return times.length > 0 ? times.reduce((a, b) => (a < b ? a : b)) : undefined;
}

function chaseDueAt(c: Case): string | undefined {
  const running = runningClock(c);
  if (!running) return followUpDueAt(c);
  if (c.chase && c.chase.clock === running.clock && c.chase.deadline === running.deadline) {
    // Handed to another unit after its first unit was chased: at once, though the chain had nothing left (planChase).
    return handedOnSinceChased(c, c.chase) ? (c.chase.nextAt ?? c.updatedAt) : c.chase.nextAt;
  }
  return c.updatedAt;
}

/**
 * Whether the unit leading the case now is not the one the chase's unit steps last reached. A chase the previous
 * release stored names no unit: its unit steps reached an earlier holder when the lead received the case (its
 * objection window opens on every 交办) after the last step was taken.
 */
function handedOnSinceChased(c: Case, chase: ChaseState): boolean {
  const lead = c.handling?.lead;
  if (lead === undefined) return false;
  if (chase.units !== undefined) return chase.units.length > 0 && chase.units.at(-1) !== lead;
  const received = c.objectionWindow?.unit === lead ? c.objectionWindow.receivedAt : undefined;
  return chase.escalated.some((step) => UNIT_STEPS.has(step as EscalationStep)) && received !== undefined && chase.lastEscalatedAt !== undefined && received > chase.lastEscalatedAt;
}

/** Tells apart the letters of a unit's steps taken again: by the unit, and by its turn when it gets the case back once more. */
function againKey(units: readonly string[], lead: string): string {
  const turn = units.filter((unit) => unit === lead).length;
  return turn > 1 ? `${lead}:${turn}` : lead;
}

/** When the follow-up (回访) of a replied (or already closed) case falls due, while it has been neither sent nor answered (on the portal, before it was due). */
export function followUpDueAt(c: Case): string | undefined {
  // Not while the answer waits to be posted or phoned: posting counts the follow-up again from that day.
  return (c.status === 'replied' || c.status === 'closed') && c.followUp && !c.followUp.sentAt && !c.followUp.answeredAt && !answerUndelivered(c) ? c.followUp.dueAt : undefined;
}
