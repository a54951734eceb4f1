import type { Case } from '../../domain/case.js';
import { mapWithConcurrency } from '../../util/concurrency.js';
import { followUpDueAt, planChase } from '../../domain/chase.js';
import { confirmProvisionalClocks } from '../../domain/clocks.js';
import { newFollowUpToken } from '../closing/closing.js';
import { followUpMail } from '../closing/letters.js';
import { VersionConflict } from '../../domain/errors.js';
import { recordOnCase } from '../../domain/messages.js';
import type { Province } from '../../config/province.js';
import type { NotificationInput } from '../notification.js';
import type { CaseStore, Publisher } from '../ports.js';
import { chaseMail } from './chase-mail.js';
import { actingJurisdiction, escalationRecipients } from './recipients.js';

export interface SweepDeps {
  store: CaseStore;
  province: Province;
  notify: Publisher<NotificationInput>;
}

export type ChaseOutcome = 'reminded' | 'escalated' | 'followedUp' | 'planned' | 'unchanged' | 'conflict';

export interface SweepReport {
  now: string;
  /** Case numbers the due index gave (the sweep's reads follow these, not the table's size). */
  due: number;
  reminded: number;
  escalated: number;
  /** Follow-ups (回访) sent to petitioners. */
  followedUp: number;
  planned: number;
  unchanged: number;
  /** Another sweep or a person changed the case first; the next sweep looks again. */
  conflicts: number;
  failed: number;
  /** Read capacity the due-index queries consumed. */
  indexCapacityUnits: number;
  /** True when the time budget ran out with due cases left: the next sweep goes on. */
  incomplete: boolean;
}

export const SWEEP_ACTOR = 'system:sweep';

/**
 * Chases one case at `now`. The email is queued before the step is
 * recorded: if recording fails (a crash, or another sweep got there first)
 * the next attempt queues the same id and the mailer sends it once, and a
 * step is never recorded without its email.
 */
export async function chaseCase(deps: SweepDeps, caseNumber: string, now: string): Promise<ChaseOutcome> {
  const c = await deps.store.getCaseRecord(caseNumber);
  if (!c) return 'unchanged';
  const confirmedClocks = confirmProvisionalClocks(c, deps.province.timeLimitsFor(c.jurisdiction), deps.province.calendar);
  if (confirmedClocks) return confirmClocks(deps, c, confirmedClocks, now);
  const followUpAt = followUpDueAt(c);
  if (followUpAt) return followUpAt <= now ? followUp(deps, c, now) : 'unchanged';
  const plan = planChase(c, now, deps.province.chaseSettingsFor(actingJurisdiction(c)), deps.province.calendar, (step) =>
    escalationRecipients(deps.province, c, step).length > 0,
  );
  if (!plan.changed) return 'unchanged';
  try {
    if (!plan.action) {
      const { chase: _old, ...rest } = c;
      await deps.store.saveChase(plan.state ? { ...rest, chase: plan.state } : rest);
      return 'planned';
    }
    const { mail, recipients } = chaseMail(deps.province, c, plan.action, now);
    await deps.notify.publish([{ id: mail.id, body: mail }]);
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
    const recorded = recordOnCase(c, action.kind === 'remind' ? 'reminded' : 'escalated', { at: now, actor: SWEEP_ACTOR, detail });
    const next: Case = { ...recorded.case, chase: plan.state! };
    await deps.store.appendToCase({ case: next, event: recorded.event });
    return action.kind === 'remind' ? 'reminded' : 'escalated';
  } catch (error) {
    if (error instanceof VersionConflict) return 'conflict';
    throw error;
  }
}

/**
 * A provisional deadline made final now that its year's holiday calendar is
 * in: recorded as an event (nothing changes without a trace); the next sweep
 * plans the reminders for the final deadline.
 */
async function confirmClocks(deps: SweepDeps, c: Case, change: NonNullable<ReturnType<typeof confirmProvisionalClocks>>, now: string): Promise<ChaseOutcome> {
  const recorded = recordOnCase(c, 'noted', { at: now, actor: SWEEP_ACTOR, detail: { deadlinesConfirmed: change.confirmed } });
  try {
    await deps.store.appendToCase({ case: { ...recorded.case, deadlines: change.deadlines }, event: recorded.event });
    return 'planned';
  } catch (error) {
    if (error instanceof VersionConflict) return 'conflict';
    throw error;
  }
}

/**
 * 回访: asks the petitioner whether they are satisfied. The link token is set
 * once (conditionally) before the email is queued, so a repeated or
 * overlapping sweep sends the same links under the same id.
 */
async function followUp(deps: SweepDeps, read: Case, now: string): Promise<ChaseOutcome> {
  let c = read;
  if (!c.followUp!.token) {
    await deps.store.setFollowUpToken(c.caseNumber, c.version, newFollowUpToken());
    const again = await deps.store.getCaseRecord(c.caseNumber);
    if (!again?.followUp?.token || again.version !== c.version) return 'conflict';
    c = again;
  }
  const mail = followUpMail(deps.province, c, c.followUp!.token!);
  if (mail) await deps.notify.publish([{ id: mail.id, body: mail }]);
  const version = c.version + 1;
  const next: Case = { ...c, followUp: { ...c.followUp!, sentAt: now }, version, updatedAt: now };
  try {
    await deps.store.appendToCase({
      case: next,
      // Without an email address the office follows up by phone or letter and records the answer.
      event: { caseNumber: c.caseNumber, seq: version, type: 'followUpSent', at: now, actor: SWEEP_ACTOR, detail: { round: c.followUp!.round, channel: mail ? 'email' : 'staff' } },
    });
    return 'followedUp';
  } catch (error) {
    if (error instanceof VersionConflict) return 'conflict';
    throw error;
  }
}

/**
 * One run of the scheduled sweep: reads the cases the due index says need
 * attention at `now` (never the whole table) and chases each. Each case is
 * independent: one that fails is counted and left for the next run.
 */
export async function sweep(
  deps: SweepDeps,
  now: string,
  opts: { pageSize?: number; concurrency?: number; stopAt?: number; onError?: (caseNumber: string, error: unknown) => void } = {},
): Promise<SweepReport> {
  const report: SweepReport = { now, due: 0, reminded: 0, escalated: 0, followedUp: 0, planned: 0, unchanged: 0, conflicts: 0, failed: 0, indexCapacityUnits: 0, incomplete: false };
  const outcomeKey = { reminded: 'reminded', escalated: 'escalated', followedUp: 'followedUp', planned: 'planned', unchanged: 'unchanged', conflict: 'conflicts' } as const;
  let cursor: string | undefined;
  do {
    if (opts.stopAt !== undefined && Date.now() > opts.stopAt) {
      report.incomplete = true;
      break;
    }
    const page = await deps.store.casesDueForSweep({ now, limit: opts.pageSize ?? 100, ...(cursor ? { cursor } : {}) });
    report.due += page.caseNumbers.length;
    report.indexCapacityUnits += page.capacityUnits;
    await mapWithConcurrency(page.caseNumbers, opts.concurrency ?? 8, async (caseNumber) => {
      try {
        report[outcomeKey[await chaseCase(deps, caseNumber, now)]] += 1;
      } catch (error) {
        report.failed += 1;
        opts.onError?.(caseNumber, error);
      }
    });
    cursor = page.cursor;
  } while (cursor);
  return report;
}
