import { randomUUID } from 'node:crypto';
import type { Context, ScheduledEvent } from 'aws-lambda';

export type ScheduledHandler = (event: ScheduledEvent, context: Context) => Promise<unknown>;

/** The EventBridge scheduled event a rule named `ruleName` delivers at `time`. */
export function scheduledEvent(ruleName: string, region: string, time: Date): ScheduledEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [`arn:aws:events:${region}:000000000000:rule/${ruleName}`],
    detail: {},
  };
}

/**
 * The local stand-in for an EventBridge rate rule: fires on the minute grid
 * (every N minutes past the hour, like rate() rules) while the runtime runs.
 */
export function startSchedule(opts: {
  everyMinutes: number;
  fire: () => Promise<void>;
  onError: (error: unknown) => void;
}): { stop(): void } {
  const periodMs = opts.everyMinutes * 60_000;
  let timer: NodeJS.Timeout;
  const arm = () => {
    timer = setTimeout(() => {
      opts.fire().catch(opts.onError).finally(arm);
    }, periodMs - (Date.now() % periodMs));
    timer.unref();
  };
  arm();
  return { stop: () => clearTimeout(timer) };
}
