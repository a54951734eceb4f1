import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { notificationLane, type Notification, type NotifyLane } from '../app/notification.js';
import type { Publisher } from '../app/ports.js';
import { requireQueueUrl, type FunctionEnv } from '../config/env.js';
import { SqsPublisher } from './sqs-publisher.js';

/**
 * Publishes notifications to the lane their kind belongs to (notificationLane):
 * one publisher for callers that just "send mail", three queues behind it.
 */
export class LanePublisher implements Publisher<{ kind: Notification['kind'] }> {
  constructor(private readonly lanes: Readonly<Record<NotifyLane, Publisher<unknown>>>) {}

  async publish(messages: readonly { id: string; body: { kind: Notification['kind'] }; groupId?: string }[]): Promise<void> {
    const byLane = new Map<NotifyLane, (typeof messages)[number][]>();
    for (const message of messages) {
      const lane = notificationLane(message.body);
      byLane.set(lane, [...(byLane.get(lane) ?? []), message]);
    }
    await Promise.all([...byLane].map(([lane, batch]) => this.lanes[lane].publish(batch)));
  }
}

/** The lane publisher of a function whose registry entry may send to all three lanes. */
export function notifyLanes(sqs: SQSClient, env: FunctionEnv): LanePublisher {
  const lane = (id: NotifyLane) => new SqsPublisher<unknown>(sqs, requireQueueUrl(env, id));
  return new LanePublisher({ notifyUrgent: lane('notifyUrgent'), notify: lane('notify'), notifyRoutine: lane('notifyRoutine') });
}

/**
 * The same, each lane's queue looked up when first published to: a mailer
 * sends on only the lanes it is granted (its registry entry's sendTo), and a
 * missing grant is reported when a letter needs it, not at every start.
 */
export function grantedNotifyLanes(sqs: SQSClient, env: FunctionEnv): LanePublisher {
  const lane = (id: NotifyLane): Publisher<unknown> => {
    let publisher: SqsPublisher<unknown> | undefined;
    return { publish: (messages) => (publisher ??= new SqsPublisher<unknown>(sqs, requireQueueUrl(env, id))).publish(messages) };
  };
  return new LanePublisher({ notifyUrgent: lane('notifyUrgent'), notify: lane('notify'), notifyRoutine: lane('notifyRoutine') });
}

/** Messages waiting (visible) in some queues: what the routine lane looks at before it sends. */
export class SqsQueueDepth {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrls: readonly string[],
  ) {}

  async waiting(): Promise<number> {
    const depths = await Promise.all(
      this.queueUrls.map(async (QueueUrl) => {
        const { Attributes } = await this.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
        return Number(Attributes?.ApproximateNumberOfMessages ?? 0);
      }),
    );
    return depths.reduce((a, b) => a + b, 0);
  }
}
