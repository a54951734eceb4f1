import * as z from 'zod';
import { CASE_ACTIONS } from '../../shared/domain/allowed-actions.js';
import { CASE_EVENT_TYPES, CASE_STATUSES, CATEGORIES, CHANNELS } from '../../shared/domain/case.js';
import { DEPARTMENT_KINDS, ESCALATION_STEPS } from '../../shared/domain/department.js';
import type { ApiResponse, ErrorStatus } from './route.js';
import { caseNumberParamSchema } from './schemas.js';

/**
 * What the routes on one case have in common: the case number in the path,
 * the answers (the case as it now stands, or an accepted handoff) and the
 * refusals of an action.
 */

/** Spread into a route on /cases/{caseNumber}…: its path parameter, parsed and described. */
export const onCase = {
  params: caseNumberParamSchema,
  describe: { caseNumber: 'The case number (登记编号), e.g. 330122-2026-000042.' },
};

/** The refusals of an action on a case: bad input, out of scope, unknown, stale or disallowed, against a rule. */
export const ACTION_ERRORS: ErrorStatus[] = [400, 403, 404, 409, 422];

// The handlers build these answers by hand (json(…)); the schemas only describe them.
const caseEnvelopeSchema = z.object({
  case: z
    .looseObject({ caseNumber: z.string(), status: z.enum(CASE_STATUSES), version: z.int().positive() })
    .describe('The case as it now stands (further fields: jurisdiction, channel, matter, petitioner, handling, deadlines, …).'),
});
const handoffAcceptedSchema = z.object({
  commandId: z.uuid().describe('The handoff command; the case shows the handoff moments later. Its outcome — pending, applied or refused with the reason — at GET /cases/{caseNumber}/handoffs/{commandId}.'),
  caseNumber: z.string(),
  action: z.enum(['assign', 'transfer', 'return']),
});

/** 200: where a handoff answered 202 stands (shared/app/handoff/handoff-status.ts). */
export const handoffStatusSchema = z.object({
  commandId: z.string(),
  caseNumber: z.string(),
  status: z
    .enum(['pending', 'applied', 'refused'])
    .describe('pending: not yet handled by the handoff function (or no such command was queued); applied: the case shows it; refused: nothing changed but the case’s `handoffRefused` event.'),
  code: z.string().optional().describe('Refused: the refusal’s code (InvalidTransition, RuleViolation, NotAuthorised — whoever asked may no longer decide it —, …).'),
  reason: z.string().optional().describe('Refused: why, in Chinese, as the case’s `handoffRefused` event says it.'),
  at: z.string().optional().describe('Refused: when (ISO 8601), as the event says; absent for an archived case, kept as filed.'),
  seq: z.int().optional().describe('Refused: the `handoffRefused` event’s seq on the case.'),
});

/** 200 `{ case }`: the case as it now stands. */
export const caseAnswer = (description: string, extra: Partial<ApiResponse> = {}): ApiResponse => ({
  status: 200,
  description,
  schema: caseEnvelopeSchema,
  ...extra,
});

/** 202 `{ commandId, caseNumber, action }`: checked, and queued for the handoff function. */
export const handoffAnswer = (description: string): ApiResponse => ({
  status: 202,
  description,
  schema: handoffAcceptedSchema,
  location: 'The case, /cases/{caseNumber}.',
});

/** 分办建议: what the office's learned routing model would choose for a case in the triage list, and why. */
const routingSuggestionSchema = z
  .object({
    department: z.enum(DEPARTMENT_KINDS).describe('The department kind it points to.'),
    unit: z.string().describe('The unit of that department that would lead, at or below the office.'),
    confidence: z.number().min(0).max(1).describe('The model’s posterior for that department, 0–1; at or above defaults.learnedRouting.autoAssignConfidence the router assigns alone.'),
    words: z.array(z.string()).describe('The petition’s words that weighed most for it against the runner-up, strongest first.'),
    examples: z.int().min(0).describe('How many staff decisions of this office the model has learned from.'),
  })
  .describe('The learned routing model’s suggestion (docs/domain.md "Routing that learns"); staff decide.');

/** A case as listings show it: enough for a work list, without the matter's text or the petitioner. */
export const caseSummarySchema = z.object({
  caseNumber: z.string(),
  jurisdiction: z.string(),
  status: z.enum(CASE_STATUSES),
  channel: z.enum(CHANNELS),
  category: z.enum(CATEGORIES).optional(),
  subject: z.string().optional(),
  urgent: z.boolean(),
  registeredAt: z.string().describe('ISO 8601 instant it was registered (登记时间).'),
  receivedAt: z
    .string()
    .describe('ISO 8601 instant the letter, visit, call or email was received (收到时间), which the statutory clocks run from: a letter registered the day after it came differs from `registeredAt`. A case stored before the listings carried it answers its registration time.'),
  collective: z
    .object({ headCount: z.int().positive().optional().describe('人数; absent on a row stored before the listings kept it (until `npm run reindex`).') })
    .optional()
    .describe('A collective petition (集体访, 《信访工作条例》第二十条).'),
  lead: z.string().optional().describe('The lead unit, once the case is assigned.'),
  nextDueAt: z.string().optional().describe('The deadline of the clock now running (acceptance, handling, review…), if any; absent while it stands still (`suspended`).'),
  suspended: z.literal(true).optional().describe('The clock stands still (中止: a hearing, an appraisal…): not overdue, not due soon, listed after the cases whose clocks run.'),
  triage: z.boolean().optional().describe('In the triage list: the router could not place it.'),
  returnedBy: z.string().optional().describe('In the triage list: sent back by this office below, which objected to the hand-down within its 5 working days (异议退回, 条例第二十三条).'),
  suggestion: routingSuggestionSchema.optional(),
  escalation: z
    .object({
      step: z.enum(ESCALATION_STEPS).describe('The last step of the escalation chain (督办) taken for the clock now running.'),
      steps: z.int().min(1).describe('How many steps have been taken.'),
      since: z.string().describe('ISO 8601 instant the case reached that step.'),
    })
    .optional(),
  review: z
    .object({
      level: z.union([z.literal(1), z.literal(2)]).describe('1: 复查 (review), 2: 复核 (re-review).'),
      jurisdiction: z.string().describe('The level that decides it.'),
      requestedAt: z.string().describe('ISO 8601 instant.'),
    })
    .optional()
    .describe('The review waiting for its decision.'),
  superiors: z
    .array(
      z.object({
        office: z.string().describe('The jurisdiction whose petitions office is owed the result.'),
        relation: z.enum(['assigned', 'supervised', 'reviewRedo', 'reviewImplementation']).describe('assigned: it handed the case down (交办); supervised: it supervises it (督办) — the petitioner came to it past the lower level’s limit, or the escalation chain reached it; reviewRedo: its 复查 revoked the answer and sent the matter back to be handled again (复查后责令重新办理); reviewImplementation: its 复查 (复核) changed the answer and is owed the 落实情况 (复查后落实), the list’s clock its day.'),
      }),
    )
    .optional()
    .describe('The offices above the case’s jurisdiction owed its result, nearest first (交办件 / 督办件).'),
  waitingLetters: z
    .array(z.object({ id: z.string(), name: z.string().describe('What the letter is: 受理告知书, 不予受理告知书, 处理意见书…'), at: z.string().describe('ISO 8601 instant the letter was written.') }))
    .optional()
    .describe('Only on the 待寄送 (lettersToPost) and 待电话告知 (lettersToPhone) lists: the letters of the case waiting there for the caller’s office, oldest first.'),
  signOff: z
    .object({
      jurisdiction: z.string(),
      rule: z.enum(['unitHead', 'leader']).describe('Who the office requires to approve the letter (replySignOff): the head of the concluding unit, or a leader.'),
      unit: z.string().optional().describe('The unit that concluded the case.'),
      authors: z.array(z.string()).describe('Staff ids of who wrote the letter (concluded it, corrected it last): they do not approve it.'),
      since: z.string().describe('ISO 8601 instant the letter started waiting as it reads (concluded, or corrected last).'),
      review: z.union([z.literal(1), z.literal(2)]).optional().describe('The letter is the reviewing office’s 复查 (1) or 复核 (2) 意见书 drafted for its leaders’ 签发, not a unit’s 处理意见书; `authors` is its drafter.'),
    })
    .optional()
    .describe('Only on the 待签发 (awaitingSignOff) list: the decision letter waiting for the caller’s approval.'),
});

/** How a listing shows the clock now running on a case (see shared/domain/work-clock.ts). */
export const workClockSchema = z.object({
  deadline: z.string().describe('The instant the period ends (midnight in China after its last day).'),
  lastDay: z.string().describe('The last day of the period, China date YYYY-MM-DD.'),
  overdue: z.boolean(),
  workingDaysLeft: z.int().optional().describe('Working days from today to the last day, both counted.'),
  daysOverdue: z.int().optional().describe('Days past the deadline.'),
  approximate: z.literal(true).optional().describe('A year on the way has no holiday calendar yet: Monday to Friday were counted.'),
  suspended: z.literal(true).optional().describe('The clock stands still (中止): never overdue meanwhile; `deadline` is where it stood, moved on when it resumes.'),
});

/** A listed case with its running clock. */
export const listedCaseSchema = caseSummarySchema.extend({ clock: workClockSchema.optional() });

/** A page of a listing: the cursor is opaque and comes back unchanged for the next page. */
export const casePageSchema = z.object({
  items: z.array(listedCaseSchema),
  cursor: z.string().optional().describe('The next page’s cursor; absent on the last page.'),
});

/** 200: the case with its events, messages and the actions the caller may take now. */
export const caseWithEventsSchema = z.object({
  case: caseEnvelopeSchema.shape.case,
  events: z
    .array(z.looseObject({ seq: z.int(), type: z.enum(CASE_EVENT_TYPES), at: z.string(), actor: z.string() }))
    .describe('Every event, oldest first. `handoffRefused`: a handoff answered 202 that the handoff function refused (`detail.commandId`, `action`, `word` — 交办, 转办, 转送, 退回 —, `requestedAt`, `code`; `reason` in Chinese); nothing else changed.'),
  messages: z.array(z.looseObject({ id: z.string(), direction: z.enum(['in', 'out']), at: z.string() })).describe('Emails in and out, oldest first.'),
  allowedActions: z.array(z.enum(CASE_ACTIONS)),
  clock: workClockSchema.extend({ clock: z.string().describe('Which clock: acceptance, handling, reply, reviewDecision, …') }).optional(),
  deadlines: z
    .partialRecord(z.enum(['acceptance', 'handling', 'reply', 'reviewDecision', 'reReviewDecision']), explainedClockSchema())
    .describe('Each deadline the case holds, with how it was counted (set since explanations are stored; see docs/domain.md "How a deadline was counted").'),
  reviewWindow: z
    .object({
      level: z.union([z.literal(1), z.literal(2)]).describe('1: a review (复查) may be asked for; 2: a re-review (复核).'),
      by: z.string().describe('The last moment to ask (ISO instant): `reply.reviewRequestBy`, or the later day a holiday calendar published since rolls it to.'),
    })
    .optional()
    .describe('After a written reply (or review decision) to a named petitioner: the next review they may ask for and until when; absent after a re-review (final).'),
  archiveWaits: z
    .object({
      until: z.string().describe('The review window’s last moment (ISO instant).'),
      reason: z.string().describe('Why, in Chinese, as 归档 would be refused now (信访人在…前仍可申请复查，请在此之后归档).'),
    })
    .optional()
    .describe('Only when the caller could archive (归档) the case but for the petitioner’s review window still open: `archive` is then not in `allowedActions`, and this says until when and why.'),
  extensionPreview: z
    .object({
      deadline: z.string().describe('The instant the extended handling period would end (midnight in China after its last day).'),
      lastDay: z.string().describe('Its last day, China date YYYY-MM-DD.'),
      roll: z.object({ from: z.string(), to: z.string(), holiday: z.string().optional() }).optional().describe('The counted last day (`from`) is a rest day: the period runs to the next working day (`to`), by the jurisdiction’s rule.'),
      provisional: z.literal(true).optional().describe('The year of its last day has no published holiday notice yet: counted without it (约), and counted again when it is added.'),
    })
    .optional()
    .describe('While an extension request waits (`case.extension.status` requested): the handling deadline if it is approved, counted by the holiday calendar as the approval will count it.'),
  signOffAwaits: z
    .object({
      approvers: z.array(z.string()).describe('Staff ids of who may approve the letter now (empty: nobody is left but its author).'),
      fallback: z.boolean().describe('They stand in: nobody the rule names is left but the letter’s author (the unit’s only head concluded it…).'),
      jurisdiction: z.string().describe('The office whose leaders (or whose unit’s heads) they are.'),
      unit: z.string().optional().describe('The unit whose heads they are, when the unit’s heads approve it.'),
    })
    .optional()
    .describe('Only while the decision letter waits for its sign-off (待签发, `case.result.signOff` without `at`), to everyone who reads the case: who it waits for.'),
  leaderReadingsVoid: z
    .array(z.object({ seq: z.int().describe('The submission (`case.leaderReadings[].seq`).'), reason: z.string().describe('Why, in Chinese (事项已撤回, 该领导已回避或无权查阅该事项…).') }))
    .optional()
    .describe('呈领导阅批 submissions still marked `waiting` that no longer wait (已失效): the case ended (撤回, 不予受理, 告知, 归档) or the leader may no longer read it. They are on nobody’s 待阅批 list; the office may put the case before another leader.'),
});

/** How a deadline was counted (shared/domain/deadline-explanation.ts), as GET /cases/{caseNumber} returns it. */
function explainedClockSchema() {
  const date = z.string().describe('China date YYYY-MM-DD.');
  const restDays = z.object({
    from: date,
    to: date,
    kind: z.enum(['weekend', 'holiday']),
    holiday: z.string().optional().describe('The public holiday of a holiday run (春节, 国庆节, …).'),
  });
  const roll = restDays.describe('The last counted day was a rest day (`from`), so the period ran to the next working day (`to`).');
  const moved = z.object({ from: z.string(), to: z.string() }).describe('The deadline before and after, ISO instants.');
  const adjustment = z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('extension'),
      days: z.int(),
      count: z.literal('calendar'),
      reason: z.string(),
      approvedBy: z.string(),
      at: z.string().describe('When the leader approved it.'),
      deadline: moved,
      countedFrom: date
        .optional()
        .describe('Not set on an extension: it adds its days after the deadline the case held, rolled past a rest day or not (the rolled day is the period’s last day, 《民法典》第二百零三条).'),
      lastDay: date,
      roll: roll.optional(),
      provisional: z.literal(true).optional(),
    }),
    z.object({
      kind: z.literal('suspension'),
      ground: z.string().describe('hearing (听证), appraisal (鉴定) or a configured ground.'),
      reason: z.string().optional(),
      from: date.describe('The day the clock was suspended (中止).'),
      until: date.describe('The day it was resumed.'),
      days: z.int(),
      count: z.enum(['calendar', 'working']),
      at: z.string().describe('When it was resumed.'),
      deadline: moved,
      countedFrom: date.optional().describe('The period’s last day by its count, before any roll past a rest day, that the days were added to; absent on records made before it was kept.'),
      countedLastDay: date.optional().describe('The new last day by the count, before the roll to a working day.'),
      provisional: z.literal(true).optional().describe('约: the new end is in a year without its holiday notice yet (weekends and statutory holidays only); counted again once it is added.'),
    }),
    z.object({
      kind: z.literal('withdrawal'),
      from: date.describe('The day the petitioner withdrew the case (撤回).'),
      until: date.describe('The day it was taken up again (恢复办理): the days between are not counted.'),
      days: z.int(),
      count: z.enum(['calendar', 'working']),
      at: z.string().describe('When it was taken up again.'),
      deadline: moved,
      countedFrom: date.optional().describe('The period’s last day by its count, before any roll past a rest day, that the days were added to; absent on records made before it was kept.'),
      countedLastDay: date.optional().describe('The new last day by the count, before the roll to a working day.'),
      provisional: z.literal(true).optional().describe('约: the new end is in a year without its holiday notice yet (weekends and statutory holidays only); counted again once it is added.'),
    }),
  ]);
  const explanation = z.object({
    startedAt: z.string().describe('The instant the clock started.'),
    startDay: date.describe('The day of the start; it is not counted.'),
    firstCountedDay: date.describe('The first day counted: the next day, or for working days the next working day.'),
    startOnRestDay: z.literal(true).optional().describe('Started on a rest day: a working-day count begins at the next working day.'),
    rule: z.object({
      days: z.int(),
      count: z.enum(['calendar', 'working']),
      source: z.enum(['national', 'province', 'jurisdiction', 'channel', 'category', 'handling']).describe('national: the regulation\'s default; province: the province\'s defaults; or the override that applied (handling: the office\'s limit for a case it handles itself or hands to a unit).'),
      sourceKey: z.string().optional().describe('The jurisdiction code, channel or category of an override; selfHandled or assigned for handling.'),
      lastDayOnRestDay: z
        .enum(['nextWorkingDay', 'holidaysOnly', 'none'])
        .optional()
        .describe('Calendar days, when the office’s rule is not the default (on to the next working day): past a holiday break only, or not at all.'),
    }),
    skipped: z.array(restDays).describe('Rest days a working-day count skipped, in runs.'),
    adjustedWorkdays: z.array(date).describe('Adjusted working weekends (调休上班) counted.'),
    countedLastDay: date.describe('The last day by the count alone.'),
    roll: roll.optional(),
    unrolled: z
      .object({ kind: z.enum(['weekend', 'holiday']), holiday: z.string().optional() })
      .optional()
      .describe('The last day is a rest day the office’s rule (`rule.lastDayOnRestDay`) does not roll past.'),
    lastDay: date.describe('The last day before extensions and suspensions.'),
    at: z.string().describe('The deadline before extensions and suspensions.'),
    provisional: z
      .object({
        missingYears: z.array(z.int()),
        petitionerWindow: z.literal(true).optional().describe('A petitioner’s window (a review request): rolled past a weekend even without the calendar.'),
        settled: z
          .literal(true)
          .optional()
          .describe('A petitioner’s window whose last day no holiday break of the missing year can reach (never made earlier, and no break can make it later): stated as it is, not as 约.'),
      })
      .optional()
      .describe('约: these years have no holiday calendar yet: only weekends and the holidays the law fixes (statutory.yaml) were rest days, no 调休; a working-day count skipped those; a calendar-day count of the office’s own was rolled past a statutory holiday but not past a weekend, a petitioner’s window past both.'),
    adjustments: z.array(adjustment).describe('Extensions (延期), suspensions (中止) and the days a withdrawal taken back stood (撤回后恢复办理), in the order they moved the deadline.'),
    toldKept: z
      .object({
        handling: z.enum(['selfHandled', 'assigned']),
        days: z.int(),
        count: z.enum(['calendar', 'working']),
        lastDay: date,
        passed: z.literal(true).optional().describe('Nobody was told a date, but lastDay had already passed when the handling changed: the deadline was not cut to a day gone by.'),
      })
      .optional()
      .describe('The handling clock: the case is now handled another way (自办, or by a unit) whose shorter limit would end on lastDay, before the day the petitioner was told (or, passed, before the change itself); the deadline stands.'),
    overdueKept: z
      .object({ handling: z.enum(['selfHandled', 'assigned']), days: z.int(), count: z.enum(['calendar', 'working']), would: z.string() })
      .optional()
      .describe('The handling clock had passed (逾期) when the case came to be handled another way, whose limit would have ended at `would`: the passed deadline stands.'),
    byHandling: z.literal(true).optional().describe('Counted knowing how the case is handled (自办 or 交办、转办); a clock without it keeps its deadline through handoffs.'),
  });
  return z.object({
    at: z.string().describe('The deadline the case holds: midnight China time after its last day.'),
    lastDay: date,
    provisional: z.literal(true).optional(),
    explanation,
    sentence: z.string().describe('The explanation in one Chinese sentence, as letters quote it.'),
    suspended: z.object({ since: z.string(), ground: z.string() }).optional().describe('The clock is suspended (中止) now.'),
  });
}
