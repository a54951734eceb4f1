import * as z from 'zod';
import { CASE_STATUSES, CATEGORIES, CHANNELS } from '../../shared/domain/case.js';
import { statistics } from '../../shared/app/statistics.js';
import { unresolvedDisputesReport } from '../../shared/app/unresolved-disputes.js';
import { dayNumber } from '../../shared/domain/calendar.js';
import { GRANULARITIES } from '../../shared/domain/statistics.js';
import { statisticsCsv } from '../../shared/domain/statistics-csv.js';
import { SCREENING_BASES, UNRESOLVED_REASONS, unresolvedDisputesCsv } from '../../shared/domain/unresolved-disputes.js';
import { json } from '../lib/http.js';
import { defineRoute, type ApiRoute } from './route.js';
import { chinaDate, divisionCodeSchema } from './schemas.js';

/** The longest period one request may ask for. */
export const MAX_PERIOD_YEARS = 5;

/** The same month and day `years` later (29 February becomes 1 March). */
function yearsAfter(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y + years, m - 1, d)).toISOString().slice(0, 10);
}

const includeSubordinatesSchema = z
  .enum(['true', 'false'], { error: 'must be true or false' })
  .default('true')
  .transform((value) => value === 'true');
const formatSchema = z.enum(['json', 'csv'], { error: 'must be json or csv' }).default('json');

export const statisticsQuerySchema = z
  .strictObject({
    jurisdiction: divisionCodeSchema,
    from: chinaDate('from'),
    /** The last day of the period, included. */
    to: chinaDate('to'),
    granularity: z.enum(GRANULARITIES, { error: `must be one of ${GRANULARITIES.join(', ')}` }).default('month'),
    includeSubordinates: includeSubordinatesSchema,
    format: formatSchema,
  })
  .superRefine((query, ctx) => {
    if (query.from > query.to) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `must not be before from (${query.from})`, params: { zh: `结束日期不能早于开始日期（${query.from}）` } });
      return;
    }
    const limit = yearsAfter(query.from, MAX_PERIOD_YEARS);
    if (query.to >= limit) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `the period is at most ${MAX_PERIOD_YEARS} years: to must be before ${limit}`, params: { zh: `统计期间最长 ${MAX_PERIOD_YEARS} 年：结束日期须早于 ${limit}` } });
    }
  });

/** A China month, `YYYY-MM`; whether it is still to come is checked against the clock (shared/app/unresolved-disputes.ts). */
const monthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'must be a month YYYY-MM, e.g. 2026-11', abort: true })
  .refine((month) => dayNumber(`${month}-01`) !== undefined, 'is not a calendar month');

export const unresolvedQuerySchema = z.strictObject({
  jurisdiction: divisionCodeSchema,
  includeSubordinates: includeSubordinatesSchema,
  month: monthSchema.optional(),
  format: formatSchema,
});

// What the JSON answers hold (shared/domain/statistics.ts, shared/domain/unresolved-disputes.ts), for the document and the console's types.
const namedSchema = z.object({ code: z.string(), name: z.string() });
const countSchema = z.object({ key: z.string(), label: z.string(), count: z.int() });
const rateSchema = z.object({ rate: z.number().nullable(), numerator: z.int(), denominator: z.int() });
const scopeSchema = {
  jurisdiction: namedSchema,
  includeSubordinates: z.boolean(),
  scope: z.enum(['jurisdiction', 'unit']).describe('unit: only the cases of the caller’s unit'),
  unit: namedSchema.optional(),
  asOf: z.string().describe('The instant the figures were computed at.'),
};

export const statisticsReportSchema = z.object({
  ...scopeSchema,
  period: z.object({ from: z.string(), to: z.string(), granularity: z.enum(GRANULARITIES) }),
  totals: z.object({
    received: z.int().describe('Received in the period: held in the jurisdictions reported on, or registered by their offices and handed on (handedOn).'),
    handedOn: z
      .int()
      .describe('交办/转送: received by the offices reported on, now held and handled by a jurisdiction outside the report (a county, for a city’s own report; a sibling county or a level above a case was sent to). Counted in received and the intake breakdowns (channel, category, period), not in the handling figures, which are those of the jurisdiction holding them.'),
    transferredIn: z
      .int()
      .describe('转来: held and handled by the jurisdictions reported on, received by an office outside the report (handed down from above, sent by a sibling, or up from below). Counted in received and the handling figures. What the report’s own offices registered is received − transferredIn; summing places, received − handedOn of each adds up to the report holding them all (received alone counts a case sent between them twice).'),
    accepted: z.int(),
    concluded: z.int(),
    open: z.int(),
    overdue: z.int(),
    closed: z.int(),
    collective: z.int(),
    collectivePersons: z.int().describe('集体访人次: the head counts of the collective petitions.'),
    visits: z.int().describe('来访批次: petitions brought in person.'),
    visitPersons: z.int().describe('来访人次: the people who came, a collective visit counting its head count.'),
    repeat: z.int(),
    reviewsRequested: z.int(),
    reReviewsRequested: z.int(),
    leaderOwned: z.int().describe('领导包案: cases a leader owns.'),
    leaderOwnedSettled: z.int().describe('领导包案 cases whose petitioner accepts the outcome (息诉罢访).'),
    bypass: z.int().describe('越级信访: brought above the competent level — a visit two levels up (the competent level or the one above is its place), any other channel one.'),
  }),
  byChannel: z.array(countSchema),
  byCategory: z.array(countSchema),
  byJurisdiction: z.array(countSchema),
  byUnit: z.array(countSchema),
  byStatus: z.array(countSchema),
  byPeriod: z.array(countSchema),
  rates: z.object({
    onTime: rateSchema.describe('按期办结率: concluded by the handling deadline over concluded. A case reopened (不满意, a 复查 revoking the answer) counts by its first conclusion against the deadline it was held to then, an extension included.'),
    resolution: rateSchema,
    extension: rateSchema,
    satisfaction: rateSchema.describe('满意率: answered 满意 at the follow-up over answered. The latest answer the petitioner gave counts until they give another: a 不满意 that reopened the case stays counted after the unit answers again.'),
    settlement: rateSchema.describe('息诉罢访率: concluded cases whose petitioner accepts the outcome (satisfied at the follow-up, or declared to the office) over concluded.'),
    repeat: rateSchema,
    registration: rateSchema.describe('登记及时率: cases registered on the day due (letters opened and registered the day they arrive: the China day received, or the first working day after a rest day it came on; within an hour of arriving is always on time) over the cases the report’s offices registered, handed on or not — not those come from an office outside the report (transferredIn), whose registration is that office’s; one registered later is 逾期登记 (the case’s `registeredLate`, in working days).'),
  }),
  averageHandlingDays: z.object({ days: z.number().nullable(), cases: z.int() }),
  activity: z
    .object({
      accepted: z.int().describe('Accepted (受理) in the period: the first acceptance.'),
      concluded: z.int().describe('Concluded (办结) in the period: a case handled again (reopened) counts once, by its first conclusion.'),
      concludedFromEarlier: z.int().describe('Of those, received before the period (上期结转).'),
      closed: z.int().describe('Closed (结案) in the period.'),
      onTime: rateSchema.describe('按期办结率 of the cases concluded in the period.'),
      averageHandlingDays: z.object({ days: z.number().nullable(), cases: z.int() }),
      lookBackDays: z.int().describe('Cases received up to this many days before the period are counted.'),
    })
    .describe('本期办理情况: the steps taken in the period, by their own date, whenever the case was received — where totals, rates and the breakdowns count the cases received in the period.'),
  hotTopics: z.object({
    month: z.string(),
    previousMonth: z.string(),
    terms: z.array(z.object({ term: z.string(), thisMonth: z.int(), lastMonth: z.int(), change: z.int() })),
  }),
});

export const unresolvedReportSchema = z.object({
  ...scopeSchema,
  month: z.string().describe('The screening month, YYYY-MM: the current China month, or the month asked for.'),
  asOf: z.string().describe('The instant the list is of: computedAt for the current month; for a past month its end (00:00 China time on the first day of the next month).'),
  computedAt: z.string().describe('When the list was computed. Each case’s status, unit and deadline are as they stood then — for a filed list, as they stood at filedAt.'),
  basis: z
    .enum(SCREENING_BASES)
    .describe('current: the cases now (the current month); filed: a past month’s list as filed soon after its end (排查存档), unchanged since; rebuilt: a past month with no filing for every jurisdiction asked for, rebuilt from the cases still open.'),
  filedAt: z.string().optional().describe('basis filed: when the list was filed (the first sweep after the month’s end).'),
  totals: z.object({ cases: z.int(), overdue: z.int(), unsatisfied: z.int(), underReview: z.int(), newThisMonth: z.int().describe('本月新增: the cases that came onto the list in the screening month.') }),
  byJurisdiction: z.array(countSchema),
  byUnit: z.array(countSchema),
  items: z.array(
    z.object({
      caseNumber: z.string(),
      jurisdiction: namedSchema,
      unit: namedSchema.describe('code none: no unit has the case yet'),
      status: z.enum(CASE_STATUSES).describe('The status at computedAt.'),
      channel: z.enum(CHANNELS),
      category: z.enum(CATEGORIES).optional(),
      subject: z.string().optional(),
      receivedAt: z.string(),
      dueAt: z.string().optional().describe('The deadline of the clock running at computedAt.'),
      daysOverdue: z.int().optional().describe('Calendar days past dueAt at asOf.'),
      reasons: z.array(z.enum(UNRESOLVED_REASONS)).describe('Why the case is on the list at asOf.'),
      newThisMonth: z
        .boolean()
        .describe(
          '本月新增: on the list at asOf and not at the end of the month before — every reason it is listed for began in the month (became overdue, asked for a review, was received in the month), by the dates the ledger keeps.',
        ),
      repeat: z.boolean(),
      collective: z.boolean(),
      extended: z.boolean(),
      reviewLevel: z.union([z.literal(0), z.literal(1), z.literal(2)]).describe('The review the petitioner asked for, awaiting its decision or decided: 0 none, 1 复查, 2 复核.'),
    }),
  ),
});

export const csvFile = (body: string, filename: string) => ({
  statusCode: 200,
  headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"` },
  body,
});

/**
 * GET /statistics: the figures of a jurisdiction for a period, as JSON (for
 * programs: stable keys) or as a CSV report in Chinese to open in Excel
 * (format=csv; layout in shared/domain/statistics-csv.ts).
 */
export const statisticsRoutes: ApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/statistics',
    operationId: 'statistics',
    summary: 'The figures of a jurisdiction for a period',
    description:
      `As JSON, or with format=csv as a CSV file to open in Excel. The period is at most ${MAX_PERIOD_YEARS} years. The totals, rates and breakdowns are of the cases received in the period, as they stand when asked; \`activity\` counts what was done in the period (accepted, concluded, closed, by the day of each step) whatever month the case was received in, up to a year before. ` +
      'The CSV is a report in Chinese for people, in the console’s words: UTF-8 with a byte-order mark, the columns 栏目, 项目, 数值, 说明 (one row per figure); 是/否, 按月/按季度/按年; counts and days as numbers; ' +
      'rates as percentages with one decimal (7.1%, — when nothing divides) with what they divide in 说明 (按期办结 / 办结：1 / 14); 统计时点 in China time (2026-12-06 04:09); 登记总量 counts every case received, those not accepted included. ' +
      'Its rows follow the report and may change with it: programs read the JSON, whose keys (totals.received, rates.onTime.rate as a share with 4 decimals, asOf in UTC…) stay as they are. ' +
      '(The CSV had English columns section, key, label, value before; that layout is no longer written.)',
    tags: ['Statistics'],
    query: statisticsQuerySchema,
    describe: {
      jurisdiction: 'Division code of the jurisdiction.',
      from: 'First day of the period (China date).',
      to: 'Last day of the period, included (China date).',
      includeSubordinates: 'Whether the jurisdictions below count too.',
    },
    responses: [{ status: 200, description: 'The figures (JSON), or the CSV file (format=csv).', media: ['json', 'csv'], schema: statisticsReportSchema }],
    errors: [400, 403, 404],
    handler: async ({ deps, actor, query }) => {
      const reader = actor();
      const { format, ...period } = query();
      const report = await statistics(deps, period, reader, deps.clock.now());
      if (format === 'json') return json(200, report);
      return csvFile(statisticsCsv(report), `statistics-${period.jurisdiction}-${period.from}-${period.to}.csv`);
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/statistics/unresolved',
    operationId: 'unresolvedDisputes',
    summary: 'The unresolved disputes of a jurisdiction, for the monthly screening (矛盾纠纷排查)',
    description:
      'Open cases past the deadline of the clock now running, reopened after the petitioner answered the follow-up “not satisfied”, or whose decision the petitioner disputes before the level above (复查、复核 awaiting its decision), by jurisdiction and unit. ' +
      'Without `month`, the screening of the current China month: the cases as they stand now. ' +
      '`newThisMonth` (本月新增) marks a case that came onto the list in the screening month for whatever reason and was not on it at the end of the month before: every reason it is listed for began in the month — its deadline passed, its review was asked for, or it was received in the month. ' +
      'A case listed for “not satisfied” is dated by the follow-up’s answer that reopened it (`npm run reindex` adds that date to ledgers written before it was kept; without it the case counts as new only when it was accepted in the month); and a case that left the list during the month and came back counts as new. ' +
      'With `month=YYYY-MM` (not after the current month), a past month’s list is the one filed at its end (`basis` filed): the first sweep of each month files every jurisdiction’s list of the month before as it then stands (排查存档), its cases with their status, unit and deadline of then (`filedAt`), so a case resolved since stays on it; the filings are kept as long as closed cases. ' +
      'A month without a filing for every jurisdiction asked for (before filing began) is rebuilt (`basis` rebuilt) from the cases’ current ledger as of the month’s end (`asOf`): a case is listed when it is still open and a reason it is listed for now is dated before that end — past a deadline that ran out before it, or a review asked for before it — ' +
      'so every case shown was unresolved then; but the cases resolved since (concluded, answered, their review decided, closed) and the cases reopened after “not satisfied” on a ledger that does not date the reopening are not shown, and status, unit and deadline are those of now (`computedAt`). ' +
      'The same callers and scope as GET /statistics: a unit’s staff see their unit’s cases only, never a report accusing their unit; staff recused from a case do not see it. As JSON, or with format=csv as a CSV file to open in Excel (columns in Chinese, one line per case).',
    tags: ['Statistics'],
    query: unresolvedQuerySchema,
    describe: {
      jurisdiction: 'Division code of the jurisdiction.',
      includeSubordinates: 'Whether the jurisdictions below count too.',
      month: 'The screening month (China), YYYY-MM, not after the current one; the current month when left out. A past month is the list filed at its end, or rebuilt as of its end as far as the ledger allows (see above).',
    },
    responses: [{ status: 200, description: 'The list (JSON), or the CSV file (format=csv), one line per case.', media: ['json', 'csv'], schema: unresolvedReportSchema }],
    errors: [400, 403, 404],
    handler: async ({ deps, actor, query }) => {
      const reader = actor();
      const { format, ...scope } = query();
      const report = await unresolvedDisputesReport(deps, scope, reader, deps.clock.now());
      if (format === 'json') return json(200, report);
      return csvFile(unresolvedDisputesCsv(report), `unresolved-${report.jurisdiction.code}-${report.month}.csv`);
    },
  }),
];
