import { randomUUID } from 'node:crypto';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { dailyUtcTime, type ScheduleTrigger } from '../shared/resources/functions.js';

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

/** Milliseconds from `now` to the next firing of a schedule. */
export function msUntilNext(trigger: ScheduleTrigger, now: number): number {
  if ('everyMinutes' in trigger) {
    const periodMs = trigger.everyMinutes * 60_000;
    return periodMs - (now % periodMs);
  }
  const { hour, minute } = dailyUtcTime(trigger);
  const today = new Date(now);
  let next = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), hour, minute);
  if (next <= now) next += 86_400_000;
  return next - now;
}

/**
 * The local stand-in for an EventBridge rule: a rate rule fires on the
 * minute grid (every N minutes past the hour), a daily one at its China time,
 * while the runtime runs.
 */
export function startSchedule(opts: {
  trigger: ScheduleTrigger;
  fire: () => Promise<void>;
  onError: (error: unknown) => void;
}): { stop(): void } {
  let timer: NodeJS.Timeout;
  const arm = () => {
    timer = setTimeout(() => {
      opts.fire().catch(opts.onError).finally(arm);
    }, msUntilNext(opts.trigger, Date.now()));
    timer.unref();
  };
  arm();
  return { stop: () => clearTimeout(timer) };
}
