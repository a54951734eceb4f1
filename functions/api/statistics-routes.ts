import { z } from 'zod';
import { statistics } from '../../shared/app/statistics.js';
import { GRANULARITIES, statisticsCsv } from '../../shared/domain/statistics.js';
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

export const statisticsQuerySchema = z
  .strictObject({
    jurisdiction: divisionCodeSchema,
    from: chinaDate('from'),
    /** The last day of the period, included. */
    to: chinaDate('to'),
    granularity: z.enum(GRANULARITIES, { error: `must be one of ${GRANULARITIES.join(', ')}` }).default('month'),
    includeSubordinates: z
      .enum(['true', 'false'], { error: 'must be true or false' })
      .default('true')
      .transform((value) => value === 'true'),
    format: z.enum(['json', 'csv'], { error: 'must be json or csv' }).default('json'),
  })
  .superRefine((query, ctx) => {
    if (query.from > query.to) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `must not be before from (${query.from})` });
      return;
    }
    const limit = yearsAfter(query.from, MAX_PERIOD_YEARS);
    if (query.to >= limit) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `the period is at most ${MAX_PERIOD_YEARS} years: to must be before ${limit}` });
    }
  });

/**
 * GET /statistics: the figures of a jurisdiction for a period, as JSON or as a
 * CSV file to open in Excel (format=csv; layout in statisticsCsv).
 */
export const statisticsRoutes: ApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/statistics',
    operationId: 'statistics',
    summary: 'The figures of a jurisdiction for a period',
    description: `As JSON, or with format=csv as a CSV file to open in Excel. The period is at most ${MAX_PERIOD_YEARS} years.`,
    tags: ['Statistics'],
    query: statisticsQuerySchema,
    describe: {
      jurisdiction: 'Division code of the jurisdiction.',
      from: 'First day of the period (China date).',
      to: 'Last day of the period, included (China date).',
      includeSubordinates: 'Whether the jurisdictions below count too.',
    },
    responses: [{ status: 200, description: 'The figures (JSON), or the CSV file (format=csv).', media: ['json', 'csv'] }],
    errors: [400, 403, 404],
    handler: async ({ deps, actor, query }) => {
      const reader = actor();
      const { format, ...period } = query();
      const report = await statistics(deps, period, reader, deps.clock.now());
      if (format === 'json') return json(200, report);
      const filename = `statistics-${period.jurisdiction}-${period.from}-${period.to}.csv`;
      return {
        statusCode: 200,
        headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"` },
        body: statisticsCsv(report),
      };
    },
  }),
];
