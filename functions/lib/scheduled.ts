import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context, ScheduledEvent } from 'aws-lambda';
import * as z from 'zod';
import { parseInput } from './http.js';

/**
 * What a scheduled function reads of the EventBridge event: its time, which
 * is the "now" of the run. The local runtime sets it to any instant (time
 * travel for demos and tests); on AWS it is the rule's scheduled time.
 */
export const scheduledEventSchema = z.object({
  'detail-type': z.literal('Scheduled Event'),
  time: z.iso.datetime({ offset: true }),
});

/** A scheduled handler: validates the event, runs `run` at its time, logs the report (counts only). */
export function scheduledHandler<R extends object>(opts: { logger: Logger; run: (now: string, context?: Context) => Promise<R> }) {
  return async (event: ScheduledEvent, context?: Context): Promise<R> => {
    if (context) opts.logger.addContext(context);
    const { time } = parseInput(scheduledEventSchema, event, 'event');
    const now = new Date(time).toISOString();
    const report = await opts.run(now, context);
    opts.logger.info('scheduled run done', { now, ...report });
    return report;
  };
}
