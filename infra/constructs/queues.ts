import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { QUEUE_IDS, QUEUES, STREAM_FAILURE_QUEUE, resourceNames, type QueueId } from '../../shared/resources/definitions.js';
import { acknowledge } from '../nag.js';

export interface QueuesProps {
  stage: string;
}

export interface QueuePair {
  queue: Queue;
  deadLetterQueue: Queue;
}

/** SQS keeps messages at most 14 days; a DLQ keeps them that long so nothing expires before someone looks. */
const DLQ_RETENTION = Duration.days(14);

/**
 * Every queue of QUEUES with its dead-letter queue.
 *
 * Encryption: one customer-managed KMS key (rotated) for all queues, not
 * SQS-managed SSE, because the messages carry case data. The one AWS service
 * that writes to a queue (S3 event notifications into `intake`) is granted the
 * key by s3n.SqsDestination's key-policy statement; Lambda producers and
 * consumers get it through grantSendMessages / the event source's grant.
 */
export class Queues extends Construct {
  readonly key: Key;
  readonly byId: Record<QueueId, QueuePair>;
  /** The table-stream consumer's on-failure destination (STREAM_FAILURE_QUEUE). */
  readonly streamFailures: Queue;

  constructor(scope: Construct, id: string, props: QueuesProps) {
    super(scope, id);
    const names = resourceNames(props.stage).queues;

    this.key = new Key(this, 'QueueKey', {
      description: `Encrypts the xinfang-${props.stage} SQS queues and their DLQs`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const byId = {} as Record<QueueId, QueuePair>;
    for (const queueId of QUEUE_IDS) {
      const definition = QUEUES[queueId];
      const constructId = pascal(queueId);
      const fifo = definition.fifo
        ? // Message group = case; deduplication ids are explicit (the idempotency key), never a hash of the body.
          { fifo: true, contentBasedDeduplication: false }
        : {};
      const common = {
        ...fifo,
        encryption: QueueEncryption.KMS,
        encryptionMasterKey: this.key,
        // One KMS call per 15 minutes per producer instead of per message.
        dataKeyReuse: Duration.minutes(15),
        enforceSSL: true,
      };
      const deadLetterQueue = new Queue(this, `${constructId}Dlq`, {
        ...common,
        queueName: names[queueId].dlqName,
        retentionPeriod: DLQ_RETENTION,
      });
      const queue = new Queue(this, constructId, {
        ...common,
        queueName: names[queueId].name,
        visibilityTimeout: Duration.seconds(definition.visibilityTimeoutSeconds),
        retentionPeriod: Duration.days(definition.retentionDays),
        deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: definition.maxReceiveCount },
      });
      byId[queueId] = { queue, deadLetterQueue };
    }
    this.byId = byId;
    this.streamFailures = new Queue(this, 'StreamFailures', {
      queueName: resourceNames(props.stage).streamFailures,
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(STREAM_FAILURE_QUEUE.retentionDays),
    });
    // It is itself where failures end: a DLQ of its own would only move them once more.
    acknowledge(this.streamFailures, 'AwsSolutions-SQS3', 'This queue is the on-failure destination of the outbox dispatcher (a dead-letter destination itself); its alarm calls an operator.');
  }
}

export function pascal(id: string): string {
  return id
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}
