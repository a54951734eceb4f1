import type { Route } from '@middy/http-router';
import { z } from 'zod';
import type { Clock } from '../../shared/app/ports.js';
import { statistics, type StatisticsDeps } from '../../shared/app/statistics.js';
import { dayNumber } from '../../shared/domain/calendar.js';
import { GRANULARITIES, statisticsCsv } from '../../shared/domain/statistics.js';
import { actorOf, json, parseInput, type HttpEvent, type HttpResult } from '../lib/http.js';
import { divisionCodeSchema } from './schemas.js';

export type StatisticsRouteDeps = StatisticsDeps & { clock: Clock };

/** The longest period one request may ask for. */
export const MAX_PERIOD_YEARS = 5;

const chinaDate = (name: string) =>
  z
    .string({ error: `${name} is required: a China date YYYY-MM-DD` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a China date YYYY-MM-DD, e.g. 2026-01-01', abort: true })
    .refine((date) => dayNumber(date) !== undefined, 'is not a calendar date');

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
export function statisticsRoutes(deps: StatisticsRouteDeps): Route<HttpEvent, HttpResult>[] {
  return [
    {
      method: 'GET',
      path: '/statistics',
      handler: async (event: HttpEvent): Promise<HttpResult> => {
        const actor = actorOf(event, deps.province);
        const { format, ...query } = parseInput(statisticsQuerySchema, event.queryStringParameters ?? {}, 'query');
        const report = await statistics(deps, query, actor, deps.clock.now());
        if (format === 'json') return json(200, report);
        const filename = `statistics-${query.jurisdiction}-${query.from}-${query.to}.csv`;
        return {
          statusCode: 200,
          headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"` },
          body: statisticsCsv(report),
        };
      },
    },
  ];
}
