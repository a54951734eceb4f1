import { escalateUnansweredUrgent } from '../../domain/urgent-response.js';
import { tellAcceptanceAtLimit } from '../../domain/acceptance-notice.js';
import { urgentUnansweredAlert } from '../intake/letters.js';
import type { Case } from '../../domain/case.js';
import type { EscalationStep } from '../../domain/department.js';
import { followUpDueAt, planChase } from '../../domain/chase.js';
import { confirmProvisionalClocks } from '../../domain/clocks.js';
import { closeObjectionWindow, remindReturnRequest } from '../../domain/objection.js';
import { extensionRequestNotice, returnRequestReminderNotice, withAcceptanceNotice } from '../handoff/notices.js';
import { remindExtensionRequest } from '../../domain/extension.js';
import { newFollowUpToken } from '../closing/closing.js';
import { followUpMail } from '../closing/letters.js';
import { CaseNotFound, VersionConflict } from '../../domain/errors.js';
import { commitCaseChange } from '../change-case.js';
import { letters } from '../outbox.js';
import { recordOnCase } from '../../domain/messages.js';
import { isSupervisedClock, withSupervisor } from '../../domain/supervision.js';
import type { Province } from '../../domain/province.js';
import type { CaseCommit, CaseIndexes, CaseRecords, Clock, IdempotencyRecords } from '../ports.js';
import { chaseMail } from './chase-mail.js';
import { actingJurisdiction, escalationRecipients } from './recipients.js';
import { runOverDueCases, type DueRunOptions } from '../due-run.js';

export interface SweepDeps {
  store: Pick<CaseRecords, 'get' | 'getCaseRecord' | 'commit' | 'saveChase'> &
    Pick<CaseIndexes, 'casesDueForSweep' | 'workListPage'> &
    Pick<IdempotencyRecords, 'findIdempotencyRecord' | 'recordOutcome'>;
  province: Province;
  /** The sweep's `now` is the time it runs for (time travel locally); the clock stamps nothing it stores. */
  clock: Clock;
}

export type ChaseOutcome = 'reminded' | 'escalated' | 'followedUp' | 'told' | 'planned' | 'unchanged' | 'conflict';

export interface SweepReport {
  now: string;
  /** Case numbers the due index gave (the sweep's reads follow these, not the table's size). */
  due: number;
  reminded: number;
  escalated: number;
  /** Follow-ups (回访) sent to petitioners. */
  followedUp: number;
  /** Acceptance notices (受理告知书) an office owed at the end of the acceptance limit, with no unit named: sent in its name. */
  told: number;
  planned: number;
  unchanged: number;
  /** Another sweep or a person changed the case first; the next sweep looks again. */
  conflicts: number;
  failed: number;
  /** Read capacity the due-index queries consumed. */
  indexCapacityUnits: number;
  /** True when the time budget ran out with due cases left: the next sweep goes on. */
  incomplete: boolean;
  /** Open cases read to count their provisional clocks again, the run a later year's holiday calendar was first in. */
  calendarRead?: number;
}

export const SWEEP_ACTOR = 'system:sweep';

/**
 * Chases one case at `now`: the step (a reminder, an escalation, the
 * follow-up) is stored with its email in one transaction on condition of the
 * version read (commitCaseChange), so a step is never recorded without its
 * email nor sent without being recorded. Overlapping sweeps: one stores the
 * step, the other decides again on the new version and finds nothing to do.
 */
export async function chaseCase(deps: SweepDeps, caseNumber: string, now: string, passesLeft = 3): Promise<ChaseOutcome> {
  let step: SweepStep | undefined;
  try {
    const changed = await commitCaseChange(
      deps,
      caseNumber,
      ({ case: c }) => {
        step = nextStep(deps, c, now);
        return step?.kind === 'commit' ? step.change : undefined;
      },
      { read: 'record' },
    );
    if (changed.result === 'committed' && step?.kind === 'commit') {
      // The end of a 第二十三条 window and the reminders of a waiting return or extension request are each their own change; the same run then chases the clock.
      if (step.thenChase && passesLeft > 0) {
        const chased = await chaseCase(deps, caseNumber, now, passesLeft - 1);
        return chased === 'unchanged' || chased === 'planned' ? step.outcome : chased;
      }
      return step.outcome;
    }
    // The plan of the running clock changed, nothing is sent: stored without a new version.
    if (step?.kind === 'plan') {
      await deps.store.saveChase(step.next);
      return 'planned';
    }
    return 'unchanged';
  } catch (error) {
    if (error instanceof CaseNotFound) return 'unchanged';
    if (error instanceof VersionConflict) return 'conflict';
    throw error;
  }
}

type SweepStep = { kind: 'commit'; outcome: ChaseOutcome; change: CaseCommit; thenChase?: true } | { kind: 'plan'; next: Case };

/** Requests that wait on someone's decision: how the sweep records its reminder, and the letter that goes with it. */
const WAITING_REQUESTS = [
  [remindReturnRequest, returnRequestReminderNotice, 'reminded'],
  [remindExtensionRequest, extensionRequestNotice, 'reminded'],
] as const;

/** What the sweep does to a case now, as a change to commit; undefined when nothing is due. */
function nextStep(deps: SweepDeps, c: Case, now: string): SweepStep | undefined {
  // 紧急响应 before anything else: an urgent matter nobody responded to in time is reported again, and upward.
  const unanswered = escalateUnansweredUrgent(c, now, SWEEP_ACTOR);
  if (unanswered) return { kind: 'commit', outcome: 'escalated', change: { ...unanswered, outbox: letters(urgentUnansweredAlert(deps.province, unanswered.case)) }, thenChase: true };
  // 受理告知 on the last day of the acceptance limit, when the office accepted the case and named no unit.
  const told = tellAcceptanceAtLimit(c, now, SWEEP_ACTOR);
  if (told) return { kind: 'commit', outcome: 'told', change: withAcceptanceNotice(deps.province, told, now), thenChase: true };
  const confirmedClocks = confirmProvisionalClocks(c, deps.province.timeLimitsFor(c.jurisdiction), deps.province.calendar);
  if (confirmedClocks) {
    // A provisional deadline made final now that its year's calendar is in: recorded (nothing changes without a trace).
    const recorded = recordOnCase(c, 'noted', { at: now, actor: SWEEP_ACTOR, detail: { deadlinesConfirmed: confirmedClocks.confirmed } });
    const suspensions = confirmedClocks.suspensions ? { suspensions: confirmedClocks.suspensions } : {};
    return { kind: 'commit', outcome: 'planned', change: { case: { ...recorded.case, deadlines: confirmedClocks.deadlines, ...suspensions }, event: recorded.event } };
  }
  // 条例 第二十三条: the unit's 5 working days to object ran out; from now a return needs the office that handed it over.
  const windowClosed = closeObjectionWindow(c, now, SWEEP_ACTOR);
  if (windowClosed) return { kind: 'commit', outcome: 'planned', change: windowClosed, thenChase: true };
  // A request still waiting after its working days — 申请退回 for the office, 延期申请 for the leaders — is reminded once; the same run then chases the clock.
  for (const [remind, letter, outcome] of WAITING_REQUESTS) {
    const reminded = remind(c, now, SWEEP_ACTOR);
    if (reminded) return { kind: 'commit', outcome, change: { ...reminded, outbox: letters(letter(deps.province, reminded.case)) }, thenChase: true };
  }
  const followUpAt = followUpDueAt(c);
  if (followUpAt) return followUpAt <= now ? { kind: 'commit', outcome: 'followedUp', change: followUp(deps, c, now) } : undefined;
  const settings = deps.province.chaseSettingsFor(actingJurisdiction(c));
  const plan = planChase(c, now, settings, deps.province.calendar, (step) => reachesSomeoneNew(deps.province, c, settings.chain, step));
  if (!plan.changed) return undefined;
  if (!plan.action) {
    const { chase: _old, ...rest } = c;
    return { kind: 'plan', next: plan.state ? { ...rest, chase: plan.state } : rest };
  }
  const { mail, recipients } = chaseMail(deps.province, c, plan.action, now);
  const action = plan.action;
  const detail =
    action.kind === 'remind'
      ? { clock: action.clock.clock, deadline: action.clock.deadline, reminder: action.reminder, to: recipients.map((r) => r.who) }
      : {
          clock: action.clock.clock,
          deadline: action.clock.deadline,
          step: action.step,
          number: action.number,
          ...(action.passedOver.length ? { passedOver: action.passedOver } : {}),
          to: recipients.map((r) => r.who),
        };
  // Reported to the level above (the chain's last step) on the handling or reply clock: from now on that office supervises
  // it, owed its result and seeing it on its 交办督办件 (a decision on acceptance or a review is not answered with a result).
  const above =
    action.kind === 'escalate' && action.step === 'higherJurisdiction' && isSupervisedClock(action.clock.clock) ? deps.province.tree.parentOf(actingJurisdiction(c))?.code : undefined;
  const recorded = recordOnCase(c, action.kind === 'remind' ? 'reminded' : 'escalated', { at: now, actor: SWEEP_ACTOR, detail: { ...detail, ...(above ? { supervisorAdded: above } : {}) } });
  const chased: Case = { ...recorded.case, chase: plan.state! };
  return {
    kind: 'commit',
    outcome: action.kind === 'remind' ? 'reminded' : 'escalated',
    change: { case: above ? withSupervisor(chased, above, deps.province.tree) : chased, event: recorded.event, outbox: letters(mail) },
  };
}

/**
 * A step is taken when it reaches someone the steps before it on the chain
 * did not: nobody filling it (no unit head, a recused leader), or only the
 * same mailbox again (a township with no units: its office is both the
 * handling official's fallback and the petitions office), and it is passed
 * over without costing an interval.
 */
function reachesSomeoneNew(province: Province, c: Case, chain: readonly EscalationStep[], step: EscalationStep): boolean {
  const earlier = new Set(chain.slice(0, chain.indexOf(step)).flatMap((s) => escalationRecipients(province, c, s).map((r) => r.email)));
  return escalationRecipients(province, c, step).some((r) => !earlier.has(r.email));
}

/**
 * 回访: asks the petitioner whether they are satisfied. The link token is
 * stored with the step and its email in one transaction, so the links sent
 * are the links kept.
 */
function followUp(deps: SweepDeps, c: Case, now: string): CaseCommit {
  const token = c.followUp!.token ?? newFollowUpToken();
  const version = c.version + 1;
  const next: Case = { ...c, followUp: { ...c.followUp!, token, sentAt: now }, version, updatedAt: now };
  const mail = followUpMail(deps.province, next, token);
  return {
    case: next,
    // Without an email address the office follows up by phone or letter and records the answer.
    event: { caseNumber: c.caseNumber, seq: version, type: 'followUpSent', at: now, actor: SWEEP_ACTOR, detail: { round: c.followUp!.round, channel: mail ? 'email' : 'staff' } },
    outbox: letters(mail),
  };
}

/**
 * One run of the scheduled sweep: reads the cases the due index says need
 * attention at `now` (never the whole table) and chases each. Each case is
 * independent: one that fails is counted and left for the next run.
 */
export async function sweep(
  deps: SweepDeps,
  now: string,
  opts: DueRunOptions = {},
): Promise<SweepReport> {
  const report: SweepReport = { now, due: 0, reminded: 0, escalated: 0, followedUp: 0, told: 0, planned: 0, unchanged: 0, conflicts: 0, failed: 0, indexCapacityUnits: 0, incomplete: false };
  const outcomeKey = { reminded: 'reminded', escalated: 'escalated', followedUp: 'followedUp', told: 'told', planned: 'planned', unchanged: 'unchanged', conflict: 'conflicts' } as const;
  const run = await runOverDueCases(
    async (page) => {
      const found = await deps.store.casesDueForSweep({ now, ...page });
      report.indexCapacityUnits += found.capacityUnits;
      return found;
    },
    { ...opts, pageSize: opts.pageSize ?? 100, concurrency: opts.concurrency ?? 8 },
    async (caseNumber) => {
      report[outcomeKey[await chaseCase(deps, caseNumber, now)]] += 1;
    },
  );
  Object.assign(report, run);
  if (!report.incomplete) {
    const confirmed = await confirmPublishedYears(deps, now, opts.stopAt, async (caseNumber) => {
      try {
        report[outcomeKey[await chaseCase(deps, caseNumber, now)]] += 1;
        return true;
      } catch (error) {
        report.failed += 1;
        opts.onError?.(caseNumber, error);
        return false;
      }
    });
    if (confirmed.read > 0) report.calendarRead = confirmed.read;
    if (confirmed.incomplete) report.incomplete = true;
  }
  return report;
}

const CHINA_OFFSET_MS = 8 * 3_600_000;

/**
 * A later year's holiday calendar deployed (its notice imported, usually in
 * November or December): the open cases whose clocks were counted into that
 * year without it (provisional, 约) are counted again by the first sweep after
 * it, not each at its next reminder — weeks away, the deadline staff and
 * work lists see meanwhile a guess. Once per year: the run that has gone
 * through them records it (an idempotency record), so later runs cost one read
 * a year. Only years after the current one: a notice comes before its year
 * (one coming later, the cases are counted again at their next visit, as before).
 */
async function confirmPublishedYears(
  deps: SweepDeps,
  now: string,
  stopAt: number | undefined,
  chase: (caseNumber: string) => Promise<boolean>,
): Promise<{ read: number; incomplete: boolean }> {
  const thisYear = new Date(Date.parse(now) + CHINA_OFFSET_MS).getUTCFullYear();
  const partitions = deps.province.config.jurisdictions.flatMap((j) => [{ office: j.code }, ...j.units.map((u) => ({ unit: u.id }))]);
  let read = 0;
  for (const year of deps.province.calendar.years().filter((y) => y > thisYear)) {
    const key = `sweep:calendarPublished:${year}`;
    if (await deps.store.findIdempotencyRecord(key)) continue;
    // A clock provisional for this year ends in it or later: the open cases due from its first day, by the work lists' index.
    const dueFrom = new Date(Date.UTC(year, 0, 1) - CHINA_OFFSET_MS).toISOString();
    let failed = false;
    // One list at a time: merged, every page would query every list of the province (each reading up to a page of
    // its own to hand out 100), the reads growing with the lists times the open cases; read alone, each case once.
    for (const partition of partitions) {
      let cursor: string | undefined;
      do {
        if (stopAt !== undefined && Date.now() > stopAt) return { read, incomplete: true };
        const page = await deps.store.workListPage({ partitions: [partition], dueFrom, limit: 100, ...(cursor ? { cursor } : {}) });
        read += page.items.length;
        for (const item of page.items) {
          if (item.provisionalClocks && Object.keys(item.provisionalClocks).length > 0 && !(await chase(item.caseNumber))) failed = true;
        }
        cursor = page.cursor;
      } while (cursor);
    }
    // A case that failed is counted again by the next run's pass (the others read again find nothing provisional left).
    if (!failed) await deps.store.recordOutcome(key, 'provisionalClocksCounted', now);
  }
  return { read, incomplete: false };
}
