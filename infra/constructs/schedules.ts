import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import type { PetitionFunction } from './functions.js';
import { pascal } from './queues.js';
import { dailyUtcTime, describeSchedule } from '../../shared/resources/functions.js';

export interface SchedulesProps {
  stage: string;
  functions: readonly PetitionFunction[];
}

/** An EventBridge rule per schedule-triggered function, every `everyMinutes`. */
export class Schedules extends Construct {
  readonly rules: Record<string, Rule> = {};

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    for (const { definition, fn } of props.functions) {
      if (definition.trigger.kind !== 'schedule') continue;
      const trigger = definition.trigger;
      // A daily run that misses its slot is stale after an hour; a rate run after its own period.
      const every = 'everyMinutes' in trigger ? trigger.everyMinutes : 60;
      const daily = 'dailyAt' in trigger ? dailyUtcTime(trigger) : undefined;
      this.rules[definition.id] = new Rule(this, `${pascal(definition.id)}Schedule`, {
        ruleName: `xinfang-${props.stage}-${definition.id}`,
        description: `Runs ${definition.id} ${describeSchedule(trigger)}`,
        schedule: daily
          ? Schedule.cron({ minute: String(daily.minute), hour: String(daily.hour) })
          : Schedule.rate(Duration.minutes(every)),
        targets: [
          new LambdaFunction(fn, {
            // A sweep is idempotent and the next tick repeats it: retry briefly, never pile up stale runs.
            retryAttempts: 2,
            maxEventAge: Duration.minutes(Math.max(1, every)),
          }),
        ],
      });
    }
  }
}
