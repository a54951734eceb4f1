import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type DynamoDBClient,
  type GlobalSecondaryIndexDescription,
} from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { CreateBucketCommand, HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { CASE_TABLE, QUEUES, QUEUE_IDS, STREAM_FAILURE_QUEUE, projectionOf, resourceNames, type IndexDefinition, type QueueDefinition, type QueueId } from '../shared/resources/definitions.js';

export interface ProvisionedResources {
  tableName: string;
  bucketName: string;
  queues: Record<QueueId, { url: string; arn: string; dlqUrl: string; dlqArn: string }>;
  /** The on-failure destination of the table-stream consumer (STREAM_FAILURE_QUEUE). */
  streamFailures: { url: string; arn: string };
}

/**
 * Creates the table, queues and bucket from shared/resources/definitions.ts,
 * the same definitions the CDK stack uses. Idempotent: existing resources are
 * kept (with their data), and indexes added to the definition since are created.
 */
export async function provision(
  clients: { dynamo: DynamoDBClient; sqs: SQSClient; s3: S3Client },
  stage: string,
): Promise<ProvisionedResources> {
  const names = resourceNames(stage);
  await ensureTable(clients.dynamo, names.table);
  await ensureBucket(clients.s3, names.bucket);
  const queues = {} as ProvisionedResources['queues'];
  for (const id of QUEUE_IDS) {
    queues[id] = await ensureQueue(clients.sqs, QUEUES[id], names.queues[id]);
  }
  const streamFailures = await createQueue(clients.sqs, names.streamFailures, { MessageRetentionPeriod: String(STREAM_FAILURE_QUEUE.retentionDays * 86_400) });
  return { tableName: names.table, bucketName: names.bucket, queues, streamFailures };
}

async function ensureTable(dynamo: DynamoDBClient, tableName: string): Promise<void> {
  const { GlobalSecondaryIndexes: indexes, ...table } = caseTableInput(tableName);
  let existing: GlobalSecondaryIndexDescription[] | undefined;
  let streaming = false;
  try {
    const described = (await dynamo.send(new DescribeTableCommand({ TableName: tableName }))).Table;
    existing = described?.GlobalSecondaryIndexes ?? [];
    streaming = described?.StreamSpecification?.StreamEnabled === true;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  if (existing === undefined) {
    await dynamo.send(new CreateTableCommand({ ...table, GlobalSecondaryIndexes: indexes }));
    await dynamo.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: CASE_TABLE.ttlAttribute, Enabled: true },
      }),
    );
    return;
  }
  // A table made before the outbox had no stream: turn it on (its earlier changes have nothing to dispatch).
  if (!streaming) await dynamo.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: table.StreamSpecification }));
  const present = new Set(existing.map((i) => i.IndexName));
  for (const index of indexes.filter((i) => !present.has(i.IndexName))) {
    const attributes = index.KeySchema.map((k) => ({ AttributeName: k.AttributeName, AttributeType: 'S' as const }));
    await dynamo.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: attributes,
        GlobalSecondaryIndexUpdates: [{ Create: index }],
      }),
    );
  }
}

function projectionInput(index: IndexDefinition): { ProjectionType: 'KEYS_ONLY' } | { ProjectionType: 'INCLUDE'; NonKeyAttributes: string[] } {
  const projection = projectionOf(index);
  return projection.type === 'KEYS_ONLY' ? { ProjectionType: 'KEYS_ONLY' } : { ProjectionType: 'INCLUDE', NonKeyAttributes: projection.nonKeyAttributes };
}

/** The case table as CreateTable takes it: keys, every index with its lean projection, from CASE_TABLE. */
export function caseTableInput(tableName: string) {
  const keyAttributes = [CASE_TABLE.partitionKey, CASE_TABLE.sortKey, ...CASE_TABLE.indexes.flatMap((i) => [i.partitionKey, i.sortKey])];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    StreamSpecification: { StreamEnabled: true, StreamViewType: CASE_TABLE.stream.view },
    AttributeDefinitions: [...new Set(keyAttributes)].map((name) => ({ AttributeName: name, AttributeType: 'S' as const })),
    KeySchema: [
      { AttributeName: CASE_TABLE.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: CASE_TABLE.sortKey, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: CASE_TABLE.indexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection: projectionInput(index),
    })),
  };
}

async function ensureBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    return;
  } catch {
    // Missing, or s3rver still reading its directory after a crash: creating tells which.
  }
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name !== 'BucketAlreadyExists' && name !== 'BucketAlreadyOwnedByYou') throw error;
  }
}

async function ensureQueue(
  sqs: SQSClient,
  definition: QueueDefinition,
  names: { name: string; dlqName: string },
): Promise<{ url: string; arn: string; dlqUrl: string; dlqArn: string }> {
  const retention = String(definition.retentionDays * 24 * 60 * 60);
  const fifo: Record<string, string> = definition.fifo ? { FifoQueue: 'true' } : {};
  // The DLQ keeps messages longer than the source so nothing expires while waiting for a redrive.
  const dlq = await createQueue(sqs, names.dlqName, { ...fifo, MessageRetentionPeriod: String(14 * 24 * 60 * 60) });
  const main = await createQueue(sqs, names.name, {
    ...fifo,
    VisibilityTimeout: String(definition.visibilityTimeoutSeconds),
    MessageRetentionPeriod: retention,
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: definition.maxReceiveCount }),
  });
  return { url: main.url, arn: main.arn, dlqUrl: dlq.url, dlqArn: dlq.arn };
}

async function createQueue(sqs: SQSClient, name: string, attributes: Record<string, string>) {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  if (!QueueUrl) throw new Error(`CreateQueue returned no URL for ${name}`);
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  const arn = Attributes?.QueueArn;
  if (!arn) throw new Error(`no ARN for queue ${name}`);
  return { url: QueueUrl, arn };
}
